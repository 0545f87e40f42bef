//! A screen to and from its link (`crate::url::Link`): which run, which
//! moment, which mode and panels.

use super::*;
use crate::url::Link;
use failover_engine::builtin::{builtin, REFERENCE};

/// The mode a link opens in when it names none: Learn for a SCORM launch,
/// for an embed of a lesson (unless its `panels=` asks for more than a
/// lesson shows) and in the light player, else Explore.
pub(super) fn default_mode(link_embed: bool, scorm: bool, lesson: bool, panels: Option<&[Panel]>) -> Mode {
    let lesson_panels = panels.is_none_or(|p| p.iter().all(|p| Mode::Learn.panels().contains(p)));
    if scorm || (link_embed && lesson && lesson_panels) || !cfg!(feature = "full") {
        Mode::Learn
    } else {
        Mode::Explore
    }
}

impl State {
    fn has_lesson(&self) -> bool {
        !self.sim().steps().is_empty()
    }

    /// The link to this screen: every field of [`Link`]. The scenario is a
    /// built-in by name, a packed lesson as it came, or (a built-in with
    /// orders added, anything else) the file itself; none in bench mode,
    /// whose screens are not shared, nor for your topology.
    pub fn link(&self) -> Option<Link> {
        let scenario = match self.origin() {
            Origin::Builtin(name) if self.run.pristine_builtin() => name.to_string(),
            Origin::Packed(packed) if !self.modified() => packed.clone(),
            #[cfg(feature = "full")]
            Origin::Builtin(_) | Origin::Custom(_) | Origin::Packed(_) => self.scenario_toml().to_string(),
            #[cfg(not(feature = "full"))]
            Origin::Builtin(_) | Origin::Custom(_) | Origin::Packed(_) => return None,
            Origin::Bench(_) | Origin::Topology => return None,
        };
        let sc = self.sim().scenario();
        let id = |u: NamedIdx| sc.users.get(u as usize).map(|u| u.id.clone());
        let shell = &self.shell;
        let default = default_mode(shell.embed, shell.scorm.is_some(), self.has_lesson(), shell.panels.as_deref());
        let mode = (shell.mode != default).then_some(shell.mode);
        Some(Link {
            scenario: Some(scenario),
            mode,
            t_s: Some(self.t().whole_s()),
            user: self.selected_named().and_then(id),
            view: Some(shell.view),
            speed: Some(self.speed()),
            play: self.playing(),
            embed: shell.embed,
            console: shell.console.is_some(),
            bench: None,
            import_bench: None,
            plan_bench: None,
            worst_bench: false,
            origins: shell.origins.clone(),
            guide: Some(self.lesson.guided()),
            compare: self.compare().map(|(v, _)| v),
            observer: self.observer().and_then(id),
            panels: shell.panels.clone(),
            tab: shell.tab,
            scorm: shell.scorm.as_ref().map(|s| s.0.clone()),
            pass: shell.scorm.as_ref().map(|s| s.1),
            notices: Vec::new(),
        })
    }

    /// The link to this screen as a query string.
    pub fn link_query(&self) -> Option<String> {
        self.link().map(|l| l.write())
    }

    /// The state a link asks for; every bad part becomes a notice.
    pub fn from_link(link: &Link) -> State {
        let mut notices = link.notices.clone();
        let mut state = match link.bench {
            Some((users, frames)) => {
                let sim = builtin(REFERENCE)
                    .and_then(|b| b.scenario().ok())
                    .and_then(|s| Simulation::new(s.with_population(users)).ok());
                match sim {
                    Some(sim) => {
                        let mut state = State::new(sim, Origin::Bench(users));
                        state.shell.bench = Some(Bench { frames, ..Bench::default() });
                        state
                    }
                    None => State::default_builtin(),
                }
            }
            None => State::of_scenario(link.scenario.as_deref(), &mut notices),
        };
        let lesson = state.has_lesson();
        let shell = &mut state.shell;
        shell.embed = link.embed;
        shell.origins = link.origins.clone();
        shell.scorm = link.scorm.clone().map(|v| (v, link.pass.unwrap_or(80)));
        shell.mode =
            link.mode.unwrap_or_else(|| default_mode(link.embed, link.scorm.is_some(), lesson, link.panels.as_deref()));
        shell.panels = link.panels.clone();
        // The console is the presenter's second window: Present mode only.
        if link.console && !link.embed {
            shell.mode = Mode::Present;
            shell.console = Some(console::Console::default());
        }
        if let Some(panels) = &link.panels {
            let left_out: Vec<&str> =
                panels.iter().filter(|p| !shell.mode.panels().contains(p)).map(|p| p.as_str()).collect();
            if !left_out.is_empty() {
                notices.push(format!(
                    "The {} mode does not show {}: add mode=explore to the link to show them.",
                    shell.mode.label(),
                    left_out.join(", ")
                ));
            }
        }
        shell.tab = link.tab.filter(|t| shell.mode.tabs().contains(t));
        if let Some(on) = link.guide {
            state.lesson.apply(LessonCmd::SetGuided(on), state.run.sim(), &mut state.playback);
        }
        if state.shell.bench.is_some() {
            state.lesson.apply(LessonCmd::SetGuided(false), state.run.sim(), &mut state.playback);
        }
        if let Some(v) = link.compare {
            state.apply(RunCmd::Compare(Some(v)).into());
            // A link to a comparison opens on it.
            if link.tab.is_none() && !link.embed && state.mode().tabs().contains(&Panel::Compare) {
                state.shell.tab = Some(Panel::Compare);
            }
        }
        if let Some(view) = link.view {
            state.shell.view = view;
        }
        #[cfg(feature = "full")]
        {
            let editor_shown = state.tab() == Some(Panel::Editor)
                || state.mode() == Mode::Author
                || (state.embed() && state.shell.embed_panels().contains(&Panel::Editor));
            if editor_shown {
                state.document.ensure_open(document::OnStage::of(&state.run));
            }
        }
        if let Some(speed) = link.speed {
            state.playback.set_speed(speed);
        }
        if let Some(user) = &link.user {
            match state.sim().scenario().user_by_id(user) {
                Some(u) => state.apply(RunCmd::Select(Some(Selection::Named(u))).into()),
                None => notices.push(format!(
                    "The scenario has no user \"{}\"; nobody extra is selected.",
                    crate::url::shorten(user)
                )),
            }
        }
        if let Some(o) = &link.observer {
            match state.sim().scenario().user_by_id(o) {
                Some(u) => state.run.set_observer(Some(u)),
                None => notices.push(format!(
                    "The scenario has no observer \"{}\"; the default is shown.",
                    crate::url::shorten(o)
                )),
            }
        }
        if let Some(t) = link.t_s {
            let end = state.end();
            if SimTime::from_s(t) > end {
                notices.push(format!("t={t} is after the scenario's end ({}); showing the end.", end.clock()));
            }
            state.apply(PlaybackCmd::Seek(SimTime::from_s(t)).into());
        }
        if state.shell.bench.is_some() {
            // The bench plays through the reconnect wave (the timer expires at
            // 12:00): the moment when the most dots move.
            if link.t_s.is_none() {
                state.apply(PlaybackCmd::Seek(SimTime::from_s(11 * 60 + 55)).into());
            }
            if link.speed.is_none() {
                state.playback.set_speed(30);
            }
        }
        if link.play || state.shell.bench.is_some() {
            state.apply(PlaybackCmd::Play.into());
        }
        state.shell.notices = notices.into_iter().collect();
        // Sizing warnings for a run opened from a link, as for any other.
        state.warn_sizing();
        state
    }

    /// The run a link's scenario names (or the default, with a notice).
    fn of_scenario(scenario: Option<&str>, notices: &mut Vec<String>) -> State {
        match scenario {
            None => State::default_builtin(),
            Some(name) if builtin(name).is_some() => match simulate_builtin(name) {
                Ok(sim) => State::new(sim, Origin::Builtin(builtin(name).map_or("", |b| b.name))),
                Err(e) => {
                    notices.push(e);
                    State::default_builtin()
                }
            },
            Some(packed) if packed.starts_with("pk:") => match simulate_packed(packed) {
                Ok(sim) => State::new(sim, Origin::Packed(packed.to_string())),
                Err(e) => {
                    notices.push(format!("The link's lesson cannot be read, so the default scenario is shown: {e}"));
                    State::default_builtin()
                }
            },
            #[cfg(feature = "full")]
            Some(text) if text.contains('=') => match simulate_text(text, "scenario in the link") {
                Ok(sim) => State::new(sim, Origin::Custom(text.to_string())),
                Err(e) => {
                    notices
                        .push(format!("The link's scenario file has problems, so the default scenario is shown:\n{e}"));
                    State::default_builtin()
                }
            },
            #[cfg(not(feature = "full"))]
            Some(text) if text.contains('=') => {
                notices.push(PLAYER_READS.to_string());
                State::default_builtin()
            }
            Some(other) => {
                notices.push(format!(
                    "There is no built-in scenario \"{}\"; showing the default.",
                    crate::url::shorten(other)
                ));
                State::default_builtin()
            }
        }
    }
}

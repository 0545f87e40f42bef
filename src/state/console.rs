//! The presenter's console: a second window, on the laptop's screen, with
//! the speaker notes. It follows the projected window (Present mode) stop by
//! stop and drives it (Back, Next, reveal to the room). The two windows talk
//! over the browser's broadcast channel (`hooks::use_console`); this module
//! is what they say and what it means, so it is tested without a browser.

use super::{Command, LessonCmd, PlaybackCmd, ShellCmd, State};
use crate::screen::Mode;
use failover_engine::SimTime;

/// What the console heard from the projected window.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Console {
    /// `None`: nothing yet; `Some(false)`: a window showing another lesson.
    pub(super) following: Option<bool>,
}

/// What the console asks of the projected window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Go {
    Next,
    Back,
    /// Reveal checkpoint `i` to the room.
    Reveal(usize),
}

impl Go {
    fn lesson_command(self) -> LessonCmd {
        match self {
            Go::Next => LessonCmd::Next,
            Go::Back => LessonCmd::Back,
            Go::Reveal(i) => LessonCmd::Reveal(i),
        }
    }
}

/// A message between the two windows.
#[derive(Clone, Debug, PartialEq)]
pub enum Cue {
    /// A console opened: the projected window says where it is.
    Hello,
    /// Where the projected window is: its lesson, moment and stop, and
    /// the questions it has revealed to the room.
    At { lesson: String, t_ms: u64, step: Option<usize>, revealed: Vec<usize> },
    /// The console asks the projected window to move; numbered, so that
    /// each press is news.
    Go(u64, Go),
}

impl Cue {
    pub fn encode(&self) -> String {
        match self {
            Cue::Hello => "hello".into(),
            Cue::At { lesson, t_ms, step, revealed } => {
                let revealed: Vec<String> = revealed.iter().map(usize::to_string).collect();
                let step = step.map_or_else(|| "-".into(), |k| k.to_string());
                format!("at\t{step}\t{t_ms}\t{}\t{lesson}", revealed.join(","))
            }
            Cue::Go(n, Go::Next) => format!("go\t{n}\tnext"),
            Cue::Go(n, Go::Back) => format!("go\t{n}\tback"),
            Cue::Go(n, Go::Reveal(i)) => format!("go\t{n}\treveal\t{i}"),
        }
    }

    /// Anything else (another page's messages on the channel, a damaged
    /// one) is `None`: ignored.
    pub fn decode(text: &str) -> Option<Cue> {
        let mut parts = text.splitn(5, '\t');
        match parts.next()? {
            "hello" => Some(Cue::Hello),
            "at" => {
                let step = match parts.next()? {
                    "-" => None,
                    k => Some(k.parse().ok()?),
                };
                let t_ms = parts.next()?.parse().ok()?;
                let revealed = match parts.next()? {
                    "" => Vec::new(),
                    list => list.split(',').map(|i| i.parse().ok()).collect::<Option<Vec<usize>>>()?,
                };
                Some(Cue::At { lesson: parts.next()?.to_string(), t_ms, step, revealed })
            }
            "go" => {
                let n = parts.next()?.parse().ok()?;
                let go = match parts.next()? {
                    "next" => Go::Next,
                    "back" => Go::Back,
                    "reveal" => Go::Reveal(parts.next()?.parse().ok()?),
                    _ => return None,
                };
                Some(Cue::Go(n, go))
            }
            _ => None,
        }
    }
}

impl State {
    /// This window is the presenter's console.
    pub fn is_console(&self) -> bool {
        self.shell.console.is_some()
    }

    /// The console follows a projected window showing this lesson.
    pub fn console_following(&self) -> Option<bool> {
        self.shell.console.as_ref().and_then(|c| c.following)
    }

    /// A projected window or its console: the two that talk.
    pub fn on_air(&self) -> bool {
        !self.embed() && self.mode() == Mode::Present
    }

    /// The same lesson in both windows, whatever its origin: its title and
    /// its run (deterministic: the same scenario gives the same event log).
    /// Cheap enough for every frame, unlike the link (a changed scenario's
    /// link is its whole file).
    fn lesson_id(&self) -> String {
        format!("{:x} {}", self.sim().event_log_hash(), self.sim().scenario().title)
    }

    /// What this window says now: the projected one where it is, the
    /// console its last request (or hello, to be told where things are).
    pub fn cue(&self) -> Option<Cue> {
        if !self.on_air() {
            return None;
        }
        Some(match (&self.shell.console, self.shell.outbox) {
            (None, _) => Cue::At {
                lesson: self.lesson_id(),
                t_ms: self.t().ms(),
                step: self.step(),
                revealed: (0..self.sim().scenario().checkpoints.len()).filter(|&i| self.lesson.revealed(i)).collect(),
            },
            (Some(_), Some((n, go))) => Cue::Go(n, go),
            (Some(_), None) => Cue::Hello,
        })
    }

    /// What this window does on hearing `cue` from the other.
    pub fn hear(&self, cue: &Cue) -> Vec<Command> {
        if !self.on_air() {
            return Vec::new();
        }
        match (cue, self.is_console()) {
            (Cue::Go(_, go), false) => match go {
                Go::Reveal(i) if *i >= self.sim().scenario().checkpoints.len() => Vec::new(),
                go => vec![go.lesson_command().into()],
            },
            (Cue::At { lesson, t_ms, step, revealed }, true) => {
                if *lesson != self.lesson_id() {
                    return vec![ShellCmd::Following(false).into()];
                }
                let mut out = vec![ShellCmd::Following(true).into()];
                let t = SimTime(*t_ms).min(self.sim().end_time());
                let steps = self.steps();
                let mut at_step = self.step();
                if t != self.t() {
                    out.push(PlaybackCmd::Seek(t).into());
                    at_step = super::Lesson::stop_at(self.sim(), t);
                }
                // Two stops at one moment: the projected window's, not the last.
                if let Some(k) = step.filter(|&k| k < steps.len() && Some(k) != at_step) {
                    out.push(LessonCmd::GoToStep(k).into());
                }
                let questions = self.sim().scenario().checkpoints.len();
                for &i in revealed.iter().filter(|&&i| i < questions && !self.lesson.revealed(i)) {
                    out.push(LessonCmd::Reveal(i).into());
                }
                out
            }
            _ => Vec::new(),
        }
    }

    /// The console's button: asks the projected window; when no projected
    /// window follows this lesson, the console moves by itself.
    pub(super) fn ask(&mut self, go: Go) {
        let n = self.shell.outbox.map_or(1, |(n, _)| n + 1);
        self.shell.outbox = Some((n, go));
        if self.console_following() != Some(true) {
            if let Some(checkpoint) = self.lesson_command(go.lesson_command()) {
                self.select_asked_about(checkpoint);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::url::parse;

    fn window(query: &str) -> State {
        State::from_link(&parse(query))
    }

    fn deliver(from: &State, to: &mut State) {
        if let Some(cue) = from.cue() {
            let cue = Cue::decode(&cue.encode()).expect("what one window says the other reads");
            for c in to.hear(&cue) {
                to.apply(c);
            }
        }
    }

    #[test]
    fn every_cue_reads_back_and_noise_is_ignored() {
        for cue in [
            Cue::Hello,
            Cue::At { lesson: "pk:AbC-_\tx".into(), t_ms: 750_000, step: Some(4), revealed: vec![0, 3] },
            Cue::At { lesson: "working-day".into(), t_ms: 0, step: None, revealed: Vec::new() },
            Cue::Go(3, Go::Next),
            Cue::Go(4, Go::Back),
            Cue::Go(5, Go::Reveal(2)),
        ] {
            assert_eq!(Cue::decode(&cue.encode()), Some(cue));
        }
        for noise in [
            "",
            "at",
            "at\tx\t1\t\ty",
            "at\t1\t1\tz\ty",
            "go\t1\tjump",
            "go\tx\tnext",
            "{\"type\":\"load\"}",
            "at\t-1\t5\t\tx",
        ] {
            assert_eq!(Cue::decode(noise), None, "{noise:?}");
        }
    }

    /// The projected window steps; the console follows stop by stop, even
    /// between two questions at one moment, and the console's Next moves
    /// the projected window.
    #[test]
    fn the_console_follows_the_projected_window_and_drives_it() {
        let mut room = window("?scenario=working-day&mode=present&t=0");
        let mut console = window("?scenario=working-day&mode=present&console=1&t=0");
        assert!(console.is_console() && !room.is_console());
        assert_eq!(console.cue(), Some(Cue::Hello));
        let steps = room.steps();
        let k = (0..steps.len() - 1).find(|&k| steps[k].0 == steps[k + 1].0).expect("two stops at one moment");
        while room.step() != Some(k) {
            room.apply(LessonCmd::Next.into());
            deliver(&room, &mut console);
            assert_eq!((console.step(), console.t()), (room.step(), room.t()));
        }
        assert_eq!(console.console_following(), Some(true));
        console.apply(ShellCmd::Ask(Go::Next).into());
        assert_eq!(console.step(), Some(k), "a following console waits for the room");
        deliver(&console, &mut room);
        deliver(&room, &mut console);
        assert_eq!((room.step(), console.step()), (Some(k + 1), Some(k + 1)));
        // The room's reveal reaches the console.
        console.apply(ShellCmd::Ask(Go::Reveal(1)).into());
        deliver(&console, &mut room);
        assert!(room.lesson().revealed(1));
        deliver(&room, &mut console);
        assert!(console.lesson().revealed(1), "the console knows the room has seen it");
        // Each press is news, though it asks the same.
        console.apply(ShellCmd::Ask(Go::Next).into());
        deliver(&console, &mut room);
        assert_eq!(room.step(), Some(k + 2));
    }

    #[test]
    fn a_console_alone_or_on_another_lesson_moves_by_itself() {
        let mut console = window("?scenario=working-day&mode=present&console=1&t=0");
        let start = console.step().map_or(0, |k| k + 1);
        console.apply(ShellCmd::Ask(Go::Next).into());
        assert_eq!(console.step(), Some(start));
        let other = window("?scenario=timer-only&mode=present&t=0");
        deliver(&other, &mut console);
        assert_eq!(console.console_following(), Some(false));
        console.apply(ShellCmd::Ask(Go::Next).into());
        assert_eq!(console.step(), Some(start + 1));
    }

    #[test]
    fn only_present_windows_talk_and_bad_requests_do_nothing() {
        assert_eq!(window("?scenario=working-day&mode=learn").cue(), None);
        assert_eq!(window("?scenario=working-day&mode=present&embed=1").cue(), None);
        assert!(!window("?scenario=working-day&console=1&embed=1").is_console());
        let room = window("?scenario=working-day&mode=present");
        assert!(room.hear(&Cue::Go(1, Go::Reveal(99))).is_empty());
        assert!(room
            .hear(&Cue::At { lesson: "working-day".into(), t_ms: 5, step: None, revealed: vec![99] })
            .is_empty());
    }
}

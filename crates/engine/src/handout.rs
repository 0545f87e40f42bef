//! Handouts a helpdesk keeps: one sheet per chapter of a lesson. What users
//! see and can do at the chapter's moment, what to tell them, and where
//! Microsoft says so, all worded by the rule book (`rules.rs`), grouped by
//! the users' situation so each script is said once.

use crate::capability::{CapKey, CapValue};
use crate::dr::{NamedIdx, PoolIdx};
use crate::rules;
use crate::sim::Simulation;
use crate::steps::StepKind;
use crate::time::SimTime;

/// One chapter's sheet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChapterSheet {
    /// The scenario's title (never a file's name).
    pub scenario: String,
    pub chapter: String,
    /// When the chapter starts in this run.
    pub at: SimTime,
    /// The caption that opens the chapter: (title, text).
    pub caption: Option<(String, String)>,
    /// The named users, grouped by what they experience.
    pub groups: Vec<SheetGroup>,
    /// Where each answer comes from, once each, in people's words.
    pub sources: Vec<String>,
}

/// Users in the same situation: one description, one script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SheetGroup {
    /// Who: "Alice, Bob and Erin (Pool A (Redmond))".
    pub who: String,
    /// The phase, as the rule book names it.
    pub phase: String,
    /// What their client shows.
    pub client: String,
    /// What they can do, by name.
    pub can: Vec<String>,
    /// What they cannot do: the things, and why (things that fail for the
    /// same reason together).
    pub cannot: Vec<(Vec<String>, String)>,
    /// What works only in part (presence unknown, the last state set,
    /// offline): the thing with what it shows, and why.
    pub limited: Vec<(String, String)>,
    /// Whether and where they can sign in now.
    pub sign_in: String,
    /// What the helpdesk tells them, sentence by sentence.
    pub say: Vec<String>,
}

impl Simulation {
    /// The chapters of the lesson, in run order: (caption index, name, moment).
    pub fn chapters(&self) -> Vec<(usize, String, SimTime)> {
        let mut out: Vec<(usize, String, SimTime)> = self
            .scenario()
            .captions
            .iter()
            .enumerate()
            .filter_map(|(i, c)| Some((i, c.chapter.clone()?, self.caption_moment(i)?.at)))
            .collect();
        crate::sorting::sort_by_pair(&mut out, |c| (c.2.ms(), c.0 as u64));
        out
    }

    /// The sheet of chapter `k` (in run order); `None` past the last one.
    pub fn chapter_sheet(&self, k: usize) -> Option<ChapterSheet> {
        let (caption, chapter, at) = self.chapters().into_iter().nth(k)?;
        let sc = self.scenario();
        let opening = (caption < sc.captions.len()).then(|| self.caption_words(caption));
        let mut groups: Vec<(Vec<NamedIdx>, PoolIdx, SheetGroup)> = Vec::new();
        let mut sources: Vec<String> = Vec::new();
        let mut cite = |s: String| {
            if !sources.contains(&s) {
                sources.push(s);
            }
        };
        for (u, user) in sc.users.iter().enumerate() {
            let s = self.named_situation(u as NamedIdx, at);
            let group = self.situation_group(&s, user.home, at, &mut cite);
            match groups.iter_mut().find(|(_, home, g)| *home == user.home && *g == group) {
                Some((members, _, _)) => members.push(u as NamedIdx),
                None => groups.push((vec![u as NamedIdx], user.home, group)),
            }
        }
        let groups = groups
            .into_iter()
            .map(|(members, home, mut g)| {
                let names: Vec<&str> = members.iter().map(|&u| sc.users[u as usize].short_name()).collect();
                g.who = format!("{} ({})", join_names(&names), sc.pools[usize::from(home)].name);
                g
            })
            .collect();
        Some(ChapterSheet { scenario: self.title(), chapter, at, caption: opening, groups, sources })
    }
}

impl Simulation {
    /// What a user of `home` in situation `s` at `at` sees, can and cannot
    /// do, and what the helpdesk tells them (no `who`): the one wording of
    /// a situation for handouts and plans. `cite` gets each source once.
    pub fn situation_group(
        &self,
        s: &crate::situation::Situation,
        home: PoolIdx,
        at: SimTime,
        cite: &mut dyn FnMut(String),
    ) -> SheetGroup {
        let banner = rules::banner(s);
        let sign_in = self.sign_in_answer(home, at);
        let cells: Vec<(CapKey, crate::capability::Cell)> =
            CapKey::ALL.iter().map(|&k| (k, rules::cell(k, s))).collect();
        let works = |v: CapValue| matches!(v, CapValue::Yes | CapValue::Live);
        let can: Vec<String> =
            cells.iter().filter(|(_, c)| works(c.value)).map(|(k, _)| k.label().to_string()).collect();
        let limited: Vec<(String, String)> = cells
            .iter()
            .filter(|(_, c)| !works(c.value) && c.value != CapValue::No)
            .map(|(k, c)| (format!("{}: {}", k.label(), c.value.label()), c.reason.to_string()))
            .collect();
        // The capabilities, then the meetings they organize (hosting them,
        // and everyone rejoining them: the page's conference rows).
        let meetings =
            rules::may_host(s).err().map(|r| ("Meetings they organize (start them, or let others rejoin)", r));
        let refused = cells
            .iter()
            .filter(|(_, c)| c.value == CapValue::No)
            .map(|(k, c)| (k.label(), c.reason))
            .chain(meetings.as_ref().map(|(what, r)| (*what, r.reason)));
        let mut cannot: Vec<(Vec<String>, String)> = Vec::new();
        for (what, reason) in refused {
            match cannot.iter_mut().find(|(_, why)| why == reason) {
                Some((things, _)) => things.push(what.to_string()),
                None => cannot.push((vec![what.to_string()], reason.to_string())),
            }
        }
        cite(banner.source.cite());
        cite(sign_in.source.cite());
        for (_, c) in &cells {
            cite(c.source.cite());
        }
        if let Some((_, r)) = &meetings {
            cite(r.source.cite());
        }
        // Nothing limited: the script says so in a sentence, not as a status.
        // A user the failure touched still has sessions to re-establish.
        let untouched = cannot.is_empty() && limited.is_empty();
        let affected = !matches!(s.why, crate::situation::Why::Unaffected { .. });
        let mut say = if untouched && affected {
            cite(crate::capability::DISRUPTED.cite());
            vec!["Everything works again. Calls, meetings and conversations cut off by the failure must be re-established: call again, rejoin meetings.".to_string()]
        } else if untouched {
            vec!["Nothing changes for them: everything works as usual.".to_string()]
        } else {
            vec![banner.text.clone()]
        };
        if !cannot.is_empty() {
            let what: Vec<String> =
                cannot.iter().flat_map(|(k, _)| k.iter().map(|k| crate::text::lower_first(k))).collect();
            say.push(format!("For now these do not work: {}.", what.join("; ")));
        }
        if !limited.is_empty() {
            let what: Vec<String> = limited.iter().map(|(k, _)| crate::text::lower_first(k)).collect();
            say.push(format!("Limited for now: {}.", what.join("; ")));
        }
        if !untouched {
            say.push(format!("{}.", sign_in.reason.trim_end_matches('.')));
        }
        SheetGroup {
            who: String::new(),
            phase: s.phase_label().to_string(),
            client: banner.text,
            can,
            cannot,
            limited,
            sign_in: sign_in.reason.to_string(),
            say,
        }
    }
}

impl Simulation {
    /// The lesson plan a presenter prints: every stop in this run's order,
    /// each question with the engine's answer, and the speaker notes.
    pub fn lesson_plan(&self) -> String {
        let sc = self.scenario();
        let mut out = format!("# {}: lesson plan\n\n{}\n", self.title(), self.shown(&sc.description, None));
        for (k, step) in self.steps().iter().enumerate() {
            let notes = match step.kind {
                StepKind::Caption(i) => {
                    let c = &sc.captions[i];
                    if let Some(chapter) = &c.chapter {
                        out.push_str(&format!("\n## {chapter}\n"));
                    }
                    let (title, text) = self.caption_words(i);
                    let title = if title.is_empty() { "Caption".to_string() } else { title };
                    out.push_str(&format!("\n**{}. {}: {title}**\n\n{text}\n", k + 1, step.at));
                    &c.notes
                }
                StepKind::Checkpoint(i) => {
                    let cp = &sc.checkpoints[i];
                    let answer = rules::cell(cp.capability, &self.named_situation(cp.user, step.at));
                    out.push_str(&format!(
                        "\n**{}. {}: question.** {}\n\n*Answer:* {}. {}.\n",
                        k + 1,
                        step.at,
                        self.question_words(i),
                        answer.value.label(),
                        crate::text::upper_first(answer.reason)
                    ));
                    &cp.notes
                }
            };
            if let Some(notes) = notes {
                out.push_str(&format!("\n> **Notes:** {notes}\n"));
            }
        }
        out
    }

    /// A file name for the lesson plan.
    pub fn lesson_plan_file_name(&self) -> String {
        format!("{}-lesson-plan.md", crate::table::slug(&self.title()))
    }
}

impl ChapterSheet {
    /// The sheet as Markdown: headings, short lists, no wide tables.
    pub fn markdown(&self) -> String {
        let mut out = format!("# {}: {}\n\n*{}*", self.scenario, self.chapter, self.at);
        if let Some((title, text)) = &self.caption {
            out.push_str(&format!(" — **{title}**\n\n{text}\n"));
        } else {
            out.push('\n');
        }
        for g in &self.groups {
            out.push_str(&format!("\n## {}: {}\n\n", g.who, g.phase));
            out.push_str(&format!("- **Their client shows:** {}\n", g.client));
            if !g.can.is_empty() {
                out.push_str(&format!("- **Works:** {}\n", g.can.join("; ")));
            }
            for (what, why) in &g.cannot {
                out.push_str(&format!("- **Does not work:** {}. *Why:* {why}.\n", what.join("; ")));
            }
            for (what, why) in &g.limited {
                out.push_str(&format!("- **Limited:** {what}. *Why:* {why}.\n"));
            }
            out.push_str(&format!("- **Signing in now:** {}\n", g.sign_in));
            out.push_str("\n**What to tell them:** ");
            out.push_str(&g.say.join(" "));
            out.push('\n');
        }
        out.push_str("\n## Sources\n\n");
        for s in &self.sources {
            out.push_str(&format!("- {s}\n"));
        }
        out
    }

    /// A file name for the sheet.
    pub fn file_name(&self, ext: &str) -> String {
        format!("{}-{}.{ext}", crate::table::slug(&self.scenario), crate::table::slug(&self.chapter))
    }
}

/// "Alice", "Alice and Bob", "Alice, Bob and Erin".
fn join_names(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [one] => one.to_string(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

//! Reporting to a learning platform (LMS) through SCORM, when the page runs
//! inside one: the API is found the standard way (`API_1484_11` for SCORM
//! 2004, `API` for 1.2, searched up the parent windows and the opener, a
//! bounded number of steps); the checkpoints' score, completion, success by
//! the package's pass mark, the time spent and where the learner is
//! (suspend data) are reported. Without an LMS nothing happens. What the
//! LMS refuses is said once, calmly; the learner's answers stay in the page.

use js_sys::{Function, Reflect};
use wasm_bindgen::{JsCast, JsValue};

/// The versions a package is built for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Version {
    Scorm12,
    Scorm2004,
}

/// An LMS's API object.
#[derive(Clone, Debug)]
pub struct Lms {
    api: JsValue,
    pub version: Version,
}

/// What the page reports, compared with what was last sent.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    pub correct: usize,
    pub total: usize,
    /// The walkthrough has been stepped to its end.
    pub complete: bool,
    /// Pass mark in percent.
    pub pass: u32,
    pub suspend: String,
}

fn get(target: &JsValue, key: &str) -> Option<JsValue> {
    Reflect::get(target, &JsValue::from_str(key)).ok().filter(|v| !v.is_undefined() && !v.is_null())
}

/// Looks for the API in `start` and its parents (at most 8 levels; a
/// cross-origin parent ends the search without an error).
fn search(start: &JsValue) -> Option<Lms> {
    let mut win = start.clone();
    // An object is the LMS's API only if it has the API's first method: a
    // page with an unrelated `window.API` is not a learning platform.
    let has = |api: &JsValue, method: &str| get(api, method).is_some_and(|f| f.is_function());
    for _ in 0..8 {
        if let Some(api) = get(&win, "API_1484_11").filter(|a| has(a, "Initialize")) {
            return Some(Lms { api, version: Version::Scorm2004 });
        }
        if let Some(api) = get(&win, "API").filter(|a| has(a, "LMSInitialize")) {
            return Some(Lms { api, version: Version::Scorm12 });
        }
        let parent = get(&win, "parent")?;
        if js_sys::Object::is(&parent, &win) {
            return None;
        }
        win = parent;
    }
    None
}

/// The LMS this page runs in, if any.
pub fn find() -> Option<Lms> {
    let window: JsValue = web_sys::window()?.into();
    search(&window).or_else(|| get(&window, "opener").and_then(|o| search(&o)))
}

impl Lms {
    fn call(&self, method: &str, args: &[&str]) -> String {
        let Some(f) = get(&self.api, method).and_then(|f| f.dyn_into::<Function>().ok()) else {
            return String::new();
        };
        let array = js_sys::Array::new();
        for a in args {
            array.push(&JsValue::from_str(a));
        }
        f.apply(&self.api, &array)
            .ok()
            .and_then(|v| v.as_string().or_else(|| v.as_bool().map(|b| b.to_string())))
            .unwrap_or_default()
    }

    fn name(&self, v12: &'static str, v2004: &'static str) -> &'static str {
        match self.version {
            Version::Scorm12 => v12,
            Version::Scorm2004 => v2004,
        }
    }

    /// `Err` with the LMS's own words when the last call failed.
    fn last_error(&self) -> Result<(), String> {
        let code = self.call(self.name("LMSGetLastError", "GetLastError"), &[]);
        if code.is_empty() || code == "0" {
            return Ok(());
        }
        let text = self.call(self.name("LMSGetErrorString", "GetErrorString"), &[&code]);
        Err(format!("error {code}: {text}"))
    }

    /// Calls a method that answers "true" on success; `Err` with the
    /// LMS's own words, or `failed`.
    fn call_ok(&self, method: &str, args: &[&str], failed: impl FnOnce() -> String) -> Result<(), String> {
        if self.call(method, args) == "true" {
            Ok(())
        } else {
            self.last_error().and(Err(failed()))
        }
    }

    pub fn initialize(&self) -> Result<(), String> {
        self.call_ok(self.name("LMSInitialize", "Initialize"), &[""], || "it did not start the session".into())
    }

    /// What the learner left last time (empty on a first launch).
    pub fn suspend_data(&self) -> String {
        self.call(self.name("LMSGetValue", "GetValue"), &["cmi.suspend_data"])
    }

    fn set(&self, key: &str, value: &str) -> Result<(), String> {
        self.call_ok(self.name("LMSSetValue", "SetValue"), &[key, value], || format!("it refused {key}"))
    }

    /// Sends a report and commits it. Each element is sent on its own: one
    /// the LMS refuses (a score it does not take) never stops the others
    /// (where the learner is, the status). `Err` lists what failed.
    pub fn report(&self, r: &Report) -> Result<(), String> {
        let mut failed = Vec::new();
        // Where the learner is first: it is what a resume needs.
        for (key, value) in r.elements(self.version) {
            if let Err(why) = self.set(key, &value) {
                failed.push(why);
            }
        }
        if let Err(why) = self.commit() {
            failed.push(why);
        }
        if failed.is_empty() {
            Ok(())
        } else {
            Err(failed.join("; "))
        }
    }

    pub fn commit(&self) -> Result<(), String> {
        self.call_ok(self.name("LMSCommit", "Commit"), &[""], || "it did not save".into())
    }

    /// The end of the session: the time spent, how the learner left (to
    /// resume, unless the lesson is complete), then terminate.
    pub fn finish(&self, seconds: f64, complete: bool) {
        let s = seconds.max(0.0);
        let (h, m, sec) = ((s / 3600.0) as u64, ((s / 60.0) as u64) % 60, s % 60.0);
        let _ = match self.version {
            Version::Scorm12 => self
                .set(
                    "cmi.core.session_time",
                    &format!(
                        "{h:04}:{m:02}:{}{}",
                        if sec < 9.995 { "0" } else { "" },
                        failover_engine::text::decimal(sec, 2)
                    ),
                )
                .and(self.set("cmi.core.exit", if complete { "" } else { "suspend" })),
            Version::Scorm2004 => self
                .set("cmi.session_time", &format!("PT{h}H{m}M{}S", failover_engine::text::decimal(sec, 2)))
                .and(self.set("cmi.exit", if complete { "normal" } else { "suspend" })),
        };
        let _ = self.commit();
        self.call(self.name("LMSFinish", "Terminate"), &[""]);
    }
}

impl Report {
    /// The data model elements and values of this report, for `version`.
    pub fn elements(&self, version: Version) -> Vec<(&'static str, String)> {
        let total = self.total.max(1);
        let percent = (100 * self.correct / total).min(100);
        let passed = percent as u32 >= self.pass;
        let mut out = vec![("cmi.suspend_data", self.suspend.clone())];
        // Passed or failed once the lesson is complete; before, each version
        // has its own word for "not yet".
        let verdict = self.complete.then_some(if passed { "passed" } else { "failed" });
        match version {
            Version::Scorm12 => {
                out.push(("cmi.core.lesson_status", verdict.unwrap_or("incomplete").into()));
                out.push(("cmi.core.score.min", "0".into()));
                out.push(("cmi.core.score.max", "100".into()));
                out.push(("cmi.core.score.raw", percent.to_string()));
            }
            Version::Scorm2004 => {
                out.push(("cmi.completion_status", if self.complete { "completed" } else { "incomplete" }.into()));
                out.push(("cmi.success_status", verdict.unwrap_or("unknown").into()));
                out.push(("cmi.score.min", "0".into()));
                out.push(("cmi.score.max", self.total.to_string()));
                out.push(("cmi.score.raw", self.correct.to_string()));
                out.push(("cmi.score.scaled", failover_engine::text::decimal(self.correct as f64 / total as f64, 4)));
            }
        }
        out
    }
}

/// When to report: never before the learner's resumed state is in place,
/// never over suspend data the page could not read until the learner does
/// something (and then said), and after a failure only once a growing pause
/// has passed (1 s, 2 s, 4 s ... up to a minute), so a failing LMS is not
/// flooded.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Pacing {
    /// The last report the LMS accepted (or holds already).
    pub last: Option<Report>,
    /// What the LMS held at launch.
    held: Held,
    pub failures: u32,
    pub next_try_ms: f64,
    /// The learner has been told that reporting fails.
    pub told: bool,
}

/// What the LMS held at launch.
#[derive(Clone, Debug, Default, PartialEq)]
enum Held {
    /// Nothing, or our own state that the page now shows: report changes.
    #[default]
    Settled,
    /// Our state, not yet applied by the page: report nothing until it is.
    Resuming,
    /// Something this page cannot read: kept until the lesson differs from
    /// how it opened (the first report seen).
    Unreadable(Option<Report>),
}

/// What to do with a report now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Due {
    Nothing,
    Send,
}

impl Pacing {
    /// At launch, with what the LMS held: `Some(notice)` when it held
    /// something this page cannot read (kept until the learner changes
    /// something, and said).
    pub fn launch(suspend: &str, decoded: bool) -> (Pacing, Option<String>) {
        if decoded {
            return (Pacing { held: Held::Resuming, ..Pacing::default() }, None);
        }
        if suspend.is_empty() {
            return (Pacing::default(), None);
        }
        let notice = format!(
            "The learning platform holds progress this lesson cannot read ({} characters). It is left as it is until you answer or step on; then this lesson's progress replaces it.",
            suspend.chars().count()
        );
        (Pacing { held: Held::Unreadable(None), ..Pacing::default() }, Some(notice))
    }

    /// Whether to send `report` at `now_ms`. `resumed`: the page has
    /// applied the resumed state.
    pub fn due(&mut self, report: &Report, resumed: bool, now_ms: f64) -> Due {
        match &mut self.held {
            Held::Resuming if !resumed => return Due::Nothing,
            Held::Resuming => {
                // The LMS holds this state already: nothing to write.
                self.held = Held::Settled;
                self.last = Some(report.clone());
                return Due::Nothing;
            }
            Held::Unreadable(first) => match first {
                None => {
                    *first = Some(report.clone());
                    return Due::Nothing;
                }
                Some(f) if f == report => return Due::Nothing,
                Some(_) => self.held = Held::Settled,
            },
            Held::Settled => {}
        }
        if self.last.as_ref() == Some(report) || now_ms < self.next_try_ms {
            return Due::Nothing;
        }
        Due::Send
    }

    /// The outcome of a send: `Some(notice)` the first time it fails.
    pub fn sent(&mut self, report: Report, outcome: Result<(), String>, now_ms: f64) -> Option<String> {
        match outcome {
            Ok(()) => {
                self.last = Some(report);
                self.failures = 0;
                self.next_try_ms = 0.0;
                None
            }
            Err(why) => {
                self.failures += 1;
                let pause = 1000.0 * 2f64.powi(self.failures.min(6) as i32 - 1);
                self.next_try_ms = now_ms + pause.min(60_000.0);
                (!std::mem::replace(&mut self.told, true)).then(|| {
                    format!("The learning platform did not accept your progress ({why}). Your answers are kept on this page; it will try again shortly.")
                })
            }
        }
    }
}

/// `v1|<step>|<answer>;<answer>;...` (an empty answer: not answered).
pub fn encode(step: Option<usize>, answers: &[Option<String>]) -> String {
    let answers: Vec<&str> = answers.iter().map(|a| a.as_deref().unwrap_or("")).collect();
    format!("v1|{}|{}", step.map_or(String::new(), |s| s.to_string()), answers.join(";"))
}

/// The step and answers of [`encode`]'s text, or `None` if it is not ours.
pub fn decode(text: &str) -> Option<(Option<usize>, Vec<Option<String>>)> {
    let mut parts = text.splitn(3, '|');
    if parts.next()? != "v1" {
        return None;
    }
    let step = parts.next()?;
    let step = if step.is_empty() { None } else { Some(step.parse().ok()?) };
    let answers = parts
        .next()?
        .split(';')
        .map(|a| {
            (!a.is_empty()).then(|| a.chars().filter(|c| c.is_ascii_alphanumeric() || *c == '-').take(20).collect())
        })
        .collect();
    Some((step, answers))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn report(correct: usize, suspend: &str) -> Report {
        Report { correct, total: 6, complete: false, pass: 80, suspend: suspend.into() }
    }

    #[test]
    fn a_resumed_lesson_is_never_overwritten_by_its_blank_start() {
        let (mut p, notice) = Pacing::launch("v1|4|no;yes;;;;", true);
        assert!(notice.is_none());
        // Renders before the resume is applied (the lesson at its first
        // stop): nothing is sent.
        assert_eq!(p.due(&report(0, "v1||;;;;;"), false, 0.0), Due::Nothing);
        assert_eq!(p.due(&report(0, "v1|0|;;;;;"), false, 5.0), Due::Nothing);
        // The resume applied: the LMS holds it already.
        assert_eq!(p.due(&report(1, "v1|4|no;yes;;;;"), true, 10.0), Due::Nothing);
        assert_eq!(p.due(&report(2, "v1|5|no;yes;no;;;"), true, 20.0), Due::Send);
    }

    #[test]
    fn unreadable_suspend_data_is_kept_until_the_learner_acts_and_said() {
        let (mut p, notice) = Pacing::launch(&"x".repeat(64 * 1024), false);
        assert!(notice.unwrap().contains("65536 characters"));
        assert_eq!(p.due(&report(0, "v1|0|;;;;;"), false, 0.0), Due::Nothing);
        assert_eq!(p.due(&report(0, "v1|0|;;;;;"), false, 3.0), Due::Nothing);
        assert_eq!(p.due(&report(0, "v1|1|;;;;;"), false, 5.0), Due::Send);
    }

    #[test]
    fn a_failing_lms_is_retried_with_a_growing_pause() {
        let (mut p, _) = Pacing::launch("", false);
        let r = report(1, "v1|1|no;;;;;");
        let mut sends = 0;
        let mut notices = 0;
        // Ten seconds of play at ten checks a second, every send failing.
        for k in 0..100 {
            let now = k as f64 * 100.0;
            if p.due(&r, false, now) == Due::Send {
                sends += 1;
                notices += usize::from(p.sent(r.clone(), Err("refused".into()), now).is_some());
            }
        }
        assert!(sends <= 5, "{sends} sends in 10 s");
        assert_eq!(notices, 1);
        assert!(p.sent(r.clone(), Ok(()), 10_000.0).is_none());
        assert_eq!(p.due(&r, false, 10_100.0), Due::Nothing);
    }

    #[test]
    fn every_element_is_sent_on_its_own_suspend_data_first() {
        let r = report(3, "v1|2|a");
        for v in [Version::Scorm12, Version::Scorm2004] {
            let e = r.elements(v);
            assert_eq!(e[0], ("cmi.suspend_data", "v1|2|a".to_string()));
            assert!(e.len() >= 5);
        }
    }

    #[test]
    fn suspend_data_round_trips_and_rejects_what_is_not_ours() {
        let answers = vec![Some("no".to_string()), None, Some("last-set".to_string())];
        let text = encode(Some(7), &answers);
        assert_eq!(text, "v1|7|no;;last-set");
        assert_eq!(decode(&text), Some((Some(7), answers)));
        assert_eq!(decode(""), None);
        assert_eq!(decode("v2|1|"), None);
        assert_eq!(decode("v1|x|"), None);
    }
}

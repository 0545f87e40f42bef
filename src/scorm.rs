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
    for _ in 0..8 {
        if let Some(api) = get(&win, "API_1484_11") {
            return Some(Lms { api, version: Version::Scorm2004 });
        }
        if let Some(api) = get(&win, "API") {
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

    /// Sends a report and commits it.
    pub fn report(&self, r: &Report) -> Result<(), String> {
        let total = r.total.max(1);
        let percent = (100 * r.correct / total).min(100);
        let passed = percent as u32 >= r.pass;
        match self.version {
            Version::Scorm12 => {
                self.set("cmi.core.score.min", "0")?;
                self.set("cmi.core.score.max", "100")?;
                self.set("cmi.core.score.raw", &percent.to_string())?;
                let status = match (r.complete, passed) {
                    (false, _) => "incomplete",
                    (true, true) => "passed",
                    (true, false) => "failed",
                };
                self.set("cmi.core.lesson_status", status)?;
            }
            Version::Scorm2004 => {
                self.set("cmi.score.min", "0")?;
                self.set("cmi.score.max", &r.total.to_string())?;
                self.set("cmi.score.raw", &r.correct.to_string())?;
                self.set("cmi.score.scaled", &format!("{:.4}", r.correct as f64 / total as f64))?;
                self.set("cmi.completion_status", if r.complete { "completed" } else { "incomplete" })?;
                let success = match (r.complete, passed) {
                    (false, _) => "unknown",
                    (true, true) => "passed",
                    (true, false) => "failed",
                };
                self.set("cmi.success_status", success)?;
            }
        }
        self.set("cmi.suspend_data", &r.suspend)?;
        self.commit()
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
                .set("cmi.core.session_time", &format!("{h:04}:{m:02}:{sec:05.2}"))
                .and(self.set("cmi.core.exit", if complete { "" } else { "suspend" })),
            Version::Scorm2004 => self
                .set("cmi.session_time", &format!("PT{h}H{m}M{sec:.2}S"))
                .and(self.set("cmi.exit", if complete { "normal" } else { "suspend" })),
        };
        let _ = self.commit();
        self.call(self.name("LMSFinish", "Terminate"), &[""]);
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

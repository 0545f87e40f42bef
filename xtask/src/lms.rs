//! The SCORM package test: both packages are built from the release page,
//! unpacked (checking each manifest), and launched in `tests/lms/harness.html`,
//! which plays the LMS with a real SCORM runtime (npm `scorm-again`). A learner
//! answers every checkpoint and steps to the end; the runtime must have
//! recorded the score, the status and suspend data. Then the package is
//! launched again with that suspend data and must resume where the learner
//! left it, with their answers.

use crate::a11y::{quote, Driver, Session};
use crate::scorm;
use crate::smoke::serve_dir_with;
use crate::tools::Tools;
use std::path::Path;

const LEARNER: &str = r#"
const done = arguments[arguments.length - 1];
const mode = arguments[0];
const v12 = arguments[1] === 'scorm12';
const frame = document.getElementById('sco');
const started = Date.now();
const q = (id) => frame.contentDocument && frame.contentDocument.querySelector('[data-testid="' + id + '"]');
const api = () => v12 ? window.API : window.API_1484_11;
// Waits are frames of the packaged page, or conditions: never fixed times.
const frame_wait = (n) => new Promise((r) => frames(n, r));
async function until(what, cond) {
  const from = Date.now();
  while (!cond()) {
    if (Date.now() - from > 10000) throw new Error('waited 10 s for ' + what);
    await frame_wait(1);
  }
}
async function run() {
  while (!q('clock')) {
    if (Date.now() - started > 20000) return { error: 'the packaged page did not render' };
    await frame_wait(1);
  }
  // Resumed: the clock shows the learner's moment once the LMS answered.
  await until('the score', () => q('score'));
  await frame_wait(5);
  if (mode === 'resume') {
    // What the LMS saved while the page resumed: never a blank state.
    await frame_wait(10);
    const saved = window.committed.length ? window.committed[0] : '(nothing)';
    return { t: q('clock').dataset.tS, answered: q('score').dataset.answered, correct: q('score').dataset.correct, saved: saved };
  }
  if (mode === 'refuse') {
    for (let i = 0; i < 20 && !q('answer-first'); i++) { q('next-caption').click(); await frame_wait(3); }
    frame.contentDocument.querySelector('.checkpoint.current [data-testid^="answer-"]').click();
    await until('the refusal notice', () => q('notices') && q('notices').textContent.indexOf('did not accept your progress') >= 0).catch(() => {});
    const notices = q('notices') ? q('notices').textContent : '';
    return { notice: notices.indexOf('did not accept your progress') >= 0 ? 'shown' : 'missing: ' + notices, answered: q('score').dataset.answered };
  }
  for (let i = 0; i < 60 && !q('lesson-summary'); i++) {
    q('next-caption').click();
    await frame_wait(3);
    if (q('answer-first')) {
      const first = frame.contentDocument.querySelector('.checkpoint.current [data-testid^="answer-"]');
      first.click();
      await frame_wait(3);
    }
  }
  if (!q('lesson-summary')) return { error: 'the lesson never reached its summary' };
  // Reported: the LMS holds the learner's suspend data.
  await until('the report to the LMS', () => (v12 ? api().cmi.suspend_data : api().cmi.suspend_data) !== '');
  await frame_wait(5);
  const cmi = api().cmi;
  const before = v12
    ? { raw: cmi.core.score.raw, status: cmi.core.lesson_status, suspend: cmi.suspend_data }
    : { raw: cmi.score.raw, scaled: cmi.score.scaled, status: cmi.completion_status, success: cmi.success_status, suspend: cmi.suspend_data };
  before.correct = q('score').dataset.correct;
  before.total = q('lesson-summary').dataset.total;
  before.t = q('clock').dataset.tS;
  // Leaving: the session time and the exit are reported, then terminate.
  frame.src = 'about:blank';
  await until('the session to end', () => window.recorded[v12 ? 'cmi.core.exit' : 'cmi.exit'] !== undefined).catch(() => {});
  before.session_time = window.recorded[v12 ? 'cmi.core.session_time' : 'cmi.session_time'] || null;
  before.exit = window.recorded[v12 ? 'cmi.core.exit' : 'cmi.exit'];
  before.terminated = api().isTerminated ? api().isTerminated() : null;
  return before;
}
run().then((r) => done(JSON.stringify(r))).catch((e) => done(JSON.stringify({ error: String(e) })));
"#;

/// A top-level field of the learner's JSON answer, as text (a string as it
/// is, a number or a flag as written; `null` or absent: `None`).
fn field(json: &str, key: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(json).ok()?;
    match v.get(key)? {
        serde_json::Value::Null => None,
        serde_json::Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

pub(crate) fn check(root: &Path, tools: &Tools) -> Result<(), String> {
    // A package holds the light player only: what a learner needs.
    let dist = root.join("dist").join("play");
    let out = root.join("target").join("scorm-test");
    let _ = std::fs::remove_dir_all(&out);
    let packages = scorm::package(&dist, &out, "working-day", "Pool A fails during a working day", "working-day", 80)?;
    let sa = tools.scorm_again.clone().ok_or("scorm-again is not installed")?;
    let (driver, port) = Driver::start(tools)?;
    let chromium = tools.chromium.clone().ok_or("Chromium not found")?;
    let mut problems = Vec::new();
    for package in &packages {
        let version = if package.to_string_lossy().contains("scorm12") { "scorm12" } else { "scorm2004" };
        let bytes = std::fs::read(package).map_err(|e| e.to_string())?;
        let entries = scorm::unzip(&bytes).map_err(|e| format!("{}: {e}", package.display()))?;
        let launch = match scorm::check_manifest(&entries) {
            Ok(l) => l,
            Err(e) => {
                problems.push(format!("{}: manifest: {e}", package.display()));
                continue;
            }
        };
        let unpacked = out.join(format!("unpacked-{version}"));
        for (name, data) in &entries {
            let path = unpacked.join(name);
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
            }
            std::fs::write(&path, data).map_err(|e| e.to_string())?;
        }
        let (site, log) = serve_dir_with(
            root.join("tests").join("lms"),
            vec![("/__sa/".into(), sa.clone()), ("/pkg/".into(), unpacked.clone())],
        )?;
        let session = |query: &str, mode: &str| -> Result<String, String> {
            let session = Session::new(port, &chromium, &["--window-size=1400,900".to_string()], 90_000)?;
            let url = format!("http://127.0.0.1:{site}/harness.html?{query}");
            session.run(&url, LEARNER, &[quote(mode), quote(version)])
        };
        let launch_q = crate::encode_query_value(&launch);
        let run = session(&format!("v={version}&launch={launch_q}"), "run")?;
        if let Some(e) = field(&run, "error") {
            problems.push(format!("{version}: {e}"));
            continue;
        }
        let (correct, total) = (field(&run, "correct").unwrap_or_default(), field(&run, "total").unwrap_or_default());
        let (c, n): (u32, u32) = (correct.parse().unwrap_or(0), total.parse().unwrap_or(0));
        let suspend = field(&run, "suspend").unwrap_or_default();
        let raw = field(&run, "raw").unwrap_or_default();
        let status = field(&run, "status").unwrap_or_default();
        let passed = n > 0 && 100 * c / n >= 80;
        let expect_raw = if version == "scorm12" { (100 * c / n.max(1)).to_string() } else { c.to_string() };
        if raw != expect_raw {
            problems.push(format!("{version}: score.raw {raw}, the page's score {c}/{n} says {expect_raw}"));
        }
        let expect_status = match (version, passed) {
            ("scorm12", true) => "passed",
            ("scorm12", false) => "failed",
            _ => "completed",
        };
        if status != expect_status {
            problems.push(format!("{version}: status {status}, expected {expect_status}"));
        }
        if version == "scorm2004" {
            let success = field(&run, "success").unwrap_or_default();
            let scaled: f64 = field(&run, "scaled").unwrap_or_default().trim_matches('"').parse().unwrap_or(-1.0);
            if success != if passed { "passed" } else { "failed" }
                || (scaled - f64::from(c) / f64::from(n.max(1))).abs() > 0.001
            {
                problems.push(format!("{version}: success {success}, scaled {scaled} for {c}/{n}"));
            }
        }
        if !suspend.starts_with("v1|") || field(&run, "session_time").is_none_or(|s| s.is_empty() || s == "null") {
            problems
                .push(format!("{version}: suspend data {suspend:?}, session time {:?}", field(&run, "session_time")));
        }
        // The learner comes back: the same step, the same answers.
        let back = session(
            &format!("v={version}&launch={launch_q}&resume={}", crate::encode_query_value(&suspend)),
            "resume",
        )?;
        let (t_back, answered) = (field(&back, "t").unwrap_or_default(), field(&back, "answered").unwrap_or_default());
        if answered != total || t_back != field(&run, "t").unwrap_or_default() {
            problems.push(format!(
                "{version}: resumed at t={t_back} with {answered} answers; left at t={:?} with {total}",
                field(&run, "t")
            ));
        } else {
            println!("xtask: scorm: {version}: score {raw} ({c}/{n}), status {status}, resumed at t={t_back} with {answered} answers");
        }
        // An LMS that refuses: a calm notice, and the answers stay.
        let refused = session(&format!("v={version}&launch={launch_q}&refuse=1"), "refuse")?;
        if field(&refused, "notice").as_deref() != Some("shown") || field(&refused, "answered").as_deref() != Some("1")
        {
            problems.push(format!("{version}: with an LMS that refuses: {refused}"));
        }
        // An LMS that fails after its first commit, on a resume: what it keeps
        // must not be a blank lesson (issue 21, finding 3).
        let fragile = session(
            &format!(
                "v={version}&launch={launch_q}&resume={}&fail_after_first_commit=1",
                crate::encode_query_value(&suspend)
            ),
            "resume",
        )?;
        let saved = field(&fragile, "saved").unwrap_or_default();
        let saved = saved.trim_matches('"');
        if saved != "(nothing)" && saved != suspend.trim_matches('"') {
            problems.push(format!(
                "{version}: an LMS failing after its first commit kept {saved:?}, not the learner's {suspend:?}"
            ));
        } else if field(&fragile, "answered") != Some(total.clone()) {
            problems.push(format!("{version}: resumed with a fragile LMS: {fragile}"));
        }
        // An LMS that refuses only the score still gets where the learner is.
        let no_score = session(&format!("v={version}&launch={launch_q}&refuse_score=1"), "run")?;
        let kept = field(&no_score, "suspend").unwrap_or_default();
        if !kept.trim_matches('"').starts_with("v1|") {
            problems.push(format!("{version}: an LMS refusing the score got no suspend data: {no_score}"));
        } else {
            println!("xtask: scorm: {version}: a fragile LMS kept {saved}; one refusing the score still has {kept}");
        }
        let requests = log.lock().map(|l| l.clone()).unwrap_or_default();
        if let Some((path, status)) = requests.iter().find(|r| r.1 != 200 && !r.0.ends_with("favicon.ico")) {
            problems.push(format!("{version}: request {path} answered {status}"));
        }
    }
    drop(driver);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

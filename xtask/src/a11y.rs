//! The accessibility check: axe-core in headless Chromium, driven through
//! chromedriver's WebDriver HTTP API (a few requests over a loopback socket;
//! the answers read with serde_json). Zero serious or critical violations are
//! allowed on the main page, a deep link and embed mode.

use crate::smoke::{serve_dir_with, CHROME_FLAGS};
use crate::tools::Tools;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub(crate) fn free_port() -> Result<u16, String> {
    let l = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    l.local_addr().map(|a| a.port()).map_err(|e| e.to_string())
}

/// A read that a signal (a child process ending) may interrupt: tried again.
fn read_some(s: &mut TcpStream, chunk: &mut [u8]) -> Result<usize, String> {
    loop {
        match s.read(chunk) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other.map_err(|e| format!("chromedriver read: {e}")),
        }
    }
}

pub(crate) fn http(port: u16, method: &str, path: &str, body: &str) -> Result<String, String> {
    let mut s = TcpStream::connect(("127.0.0.1", port)).map_err(|e| format!("chromedriver: {e}"))?;
    s.set_read_timeout(Some(Duration::from_secs(120))).map_err(|e| e.to_string())?;
    let req = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    // Read the headers, then exactly Content-Length bytes: chromedriver may
    // keep the connection open.
    let mut buf = Vec::new();
    let mut chunk = [0u8; 8192];
    let header_end = loop {
        let n = read_some(&mut s, &mut chunk)?;
        if n == 0 {
            break buf.windows(4).position(|w| w == b"\r\n\r\n").map(|p| p + 4).unwrap_or(buf.len());
        }
        buf.extend_from_slice(&chunk[..n]);
        if let Some(p) = buf.windows(4).position(|w| w == b"\r\n\r\n") {
            break p + 4;
        }
    };
    let headers = String::from_utf8_lossy(&buf[..header_end]).to_ascii_lowercase();
    let length =
        headers.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
    if let Some(length) = length {
        while buf.len() < header_end + length {
            let n = read_some(&mut s, &mut chunk)?;
            if n == 0 {
                break;
            }
            buf.extend_from_slice(&chunk[..n]);
        }
    }
    Ok(String::from_utf8_lossy(&buf[header_end..]).into_owned())
}

/// A JSON string literal.
pub(crate) fn quote(s: &str) -> String {
    serde_json::Value::from(s).to_string()
}

/// A WebDriver answer's `value` (W3C: every answer is `{"value": ...}`).
pub(crate) fn answer_value(json: &str) -> Option<serde_json::Value> {
    serde_json::from_str::<serde_json::Value>(json).ok()?.get_mut("value").map(serde_json::Value::take)
}

/// chromedriver, stopped when dropped.
pub(crate) struct Driver {
    pub(crate) child: Child,
}

impl Driver {
    /// A chromedriver on a free port, ready to take sessions.
    pub(crate) fn start(tools: &Tools) -> Result<(Driver, u16), String> {
        let port = free_port()?;
        let child = Command::new(tools.chromedriver.clone().ok_or("chromedriver not found")?)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start chromedriver: {e}"))?;
        let driver = Driver { child };
        let deadline = Instant::now() + Duration::from_secs(20);
        while http(port, "GET", "/status", "").is_err() {
            if Instant::now() > deadline {
                return Err("chromedriver did not start".into());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        Ok((driver, port))
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A WebDriver session: headless Chromium with the shared flags and
/// `extra` ones; it ends when dropped.
pub(crate) struct Session {
    port: u16,
    id: String,
}

impl Session {
    pub(crate) fn new(port: u16, chromium: &str, extra: &[String], script_timeout_ms: u32) -> Result<Session, String> {
        Session::with_load_strategy(port, chromium, extra, script_timeout_ms, "normal")
    }

    /// A session whose navigations return at once (`none`) or at the load event (`normal`).
    pub(crate) fn with_load_strategy(
        port: u16,
        chromium: &str,
        extra: &[String],
        script_timeout_ms: u32,
        strategy: &str,
    ) -> Result<Session, String> {
        let args: Vec<String> = CHROME_FLAGS.iter().map(|a| quote(a)).chain(extra.iter().map(|a| quote(a))).collect();
        let caps = format!(
            "{{\"capabilities\":{{\"alwaysMatch\":{{\"browserName\":\"chrome\",\"pageLoadStrategy\":{},\"goog:chromeOptions\":{{\"binary\":{},\"args\":[{}]}}}}}}}}",
            quote(strategy),
            quote(chromium),
            args.join(",")
        );
        let created = http(port, "POST", "/session", &caps)?;
        let id = answer_value(&created)
            .and_then(|v| v.get("sessionId").and_then(|s| s.as_str().map(str::to_string)))
            .ok_or_else(|| format!("no WebDriver session: {created}"))?;
        let session = Session { port, id };
        session.post("timeouts", &format!("{{\"script\":{script_timeout_ms}}}"))?;
        Ok(session)
    }

    pub(crate) fn post(&self, what: &str, body: &str) -> Result<String, String> {
        http(self.port, "POST", &format!("/session/{}/{what}", self.id), body)
    }

    /// Opens `url`, runs the asynchronous `script` with `args` (JSON values)
    /// and gives the string it answers.
    pub(crate) fn run(&self, url: &str, script: &str, args: &[String]) -> Result<String, String> {
        self.post("url", &format!("{{\"url\":{}}}", quote(url)))?;
        let answer = self.post(
            "execute/async",
            &format!("{{\"script\":{},\"args\":[{}]}}", quote(&format!("{FRAMES_JS}{script}")), args.join(",")),
        )?;
        answer_value(&answer)
            .and_then(|v| v.as_str().map(str::to_string))
            .ok_or_else(|| format!("no answer: {}", answer.chars().take(400).collect::<String>()))
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = http(self.port, "DELETE", &format!("/session/{}", self.id), "");
    }
}

/// Waits in the page's own terms: `frames(n, f)` calls `f` after `n`
/// animation frames (the page's clock and stage run on them), never after a
/// fixed time.
pub(crate) const FRAMES_JS: &str = "function frames(n, f) { if (n <= 0) { f(); return; } requestAnimationFrame(function () { frames(n - 1, f); }); }\n";

const AXE_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const clicks = arguments[0].slice();
const started = Date.now();
function go() {
  if (!document.querySelector('[data-testid=clock]')) {
    if (Date.now() - started > 20000) { done('ERROR the page did not render'); return; }
    frames(1, go); return;
  }
  // What a user clicked first (the editor's rows and problems), then a few
  // frames for the page to render it.
  if (clicks.length > 0) {
    const id = clicks.shift();
    const el = document.querySelector('[data-testid="' + id + '"]');
    if (!el) { done('ERROR no element ' + id + ' to click'); return; }
    el.click();
    frames(3, go); return;
  }
  frames(3, function () {
    const s = document.createElement('script');
    s.src = '/__axe/axe.min.js';
    s.onerror = function () { done('ERROR axe-core did not load'); };
    s.onload = function () {
      axe.run(document, { resultTypes: ['violations'] }).then(function (r) {
        done(JSON.stringify(r.violations.filter(function (v) { return v.impact === 'serious' || v.impact === 'critical'; })
          .map(function (v) { return { id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 4).map(function (n) { return n.target.join(' ') + ' :: ' + (n.failureSummary || '').split('\n').slice(1, 2).join(''); }) }; })));
      }).catch(function (e) { done('ERROR ' + e); });
    };
    document.head.appendChild(s);
  });
}
go();
"#;

/// Runs axe-core on each page; Err lists every serious or critical violation.
pub(crate) fn check(root: &Path, tools: &Tools) -> Result<(), String> {
    let axe = tools.axe.clone().ok_or("axe-core is not installed")?;
    let axe_dir = axe.parent().ok_or("axe-core path")?.to_path_buf();
    let (site, _) = serve_dir_with(root.join("dist"), vec![("/__axe/".into(), axe_dir)])?;
    let (driver, port) = Driver::start(tools)?;
    let chromium = tools.chromium.clone().ok_or("Chromium not found")?;
    let mut problems = Vec::new();
    // The editor with a row of every kind, and the engine's problems at two.
    let editing: &[&str] = &[
        "editor-open-blank",
        "editor-add-pool-pair",
        "editor-add-user",
        "editor-add-session",
        "editor-add-conference",
        "editor-add-order",
        "editor-add-order",
        "editor-add-caption",
        "editor-add-checkpoint",
    ];
    // The planner with a plan made (of the built-in's pools).
    let planning: &[&str] = &["plan-make"];
    // Author mode on the lesson template, its live preview at the third
    // stop (the strip's words, the engine's words marked in the form).
    let template: &[&str] = &[
        "editor-open-template-failure-failover-failback",
        "outline-captions",
        "strip-next",
        "strip-next",
        "strip-next",
    ];
    let light: [(&str, &[&str]); 11] = [
        ("", &[]),
        // The lesson as a learner, a room and a presenter's notes see it.
        ("play/index.html?scenario=working-day&t=750", &[]),
        ("play/index.html?scenario=working-day&mode=present&t=750", &[]),
        ("play/index.html?scenario=working-day&mode=present&console=1&t=750", &[]),
        ("?scenario=failback-during-meetings&t=1850&user=alice&view=observer&compare=at-once", &[]),
        ("?embed=1&t=700&user=alice", &[]),
        ("?scenario=working-day&t=760&tab=editor", &[]),
        ("?scenario=working-day&t=760&tab=editor", editing),
        ("plan/index.html?scenario=working-day&mode=plan", planning),
        // Author mode, its document with a row of every kind.
        ("?scenario=working-day&t=760&mode=author", editing),
        ("?scenario=working-day&mode=author", template),
    ];
    // Dark mode has its own colours: check contrast there too.
    let dark: [(&str, &[&str]); 6] = [
        ("?scenario=working-day&t=760&user=alice", &[]),
        ("?scenario=working-day&mode=author", template),
        ("plan/index.html?scenario=working-day&mode=plan", planning),
        ("?scenario=working-day&t=760&tab=editor", editing),
        ("play/index.html?scenario=working-day&mode=present&t=750", &[]),
        ("play/index.html?scenario=working-day&mode=present&console=1&t=750", &[]),
    ];
    for (extra, queries) in [(None, &light[..]), (Some("--force-dark-mode"), &dark[..])] {
        let mut flags = vec!["--window-size=1280,900".to_string()];
        flags.extend(extra.map(String::from));
        let session = Session::new(port, &chromium, &flags, 90_000)?;
        let scheme = if extra.is_some() { "dark" } else { "light" };
        for (query, clicks) in queries {
            let url = format!("http://127.0.0.1:{site}/{query}");
            let ids: Vec<String> = clicks.iter().map(|c| quote(c)).collect();
            match session.run(&url, AXE_SCRIPT, &[format!("[{}]", ids.join(","))]) {
                Ok(v) if v == "[]" => {
                    let after =
                        if clicks.is_empty() { String::new() } else { format!(" after {} clicks", clicks.len()) };
                    println!("xtask: axe-core ({scheme}): {url}{after}: no serious or critical violations")
                }
                Ok(v) => problems.push(format!("{url} ({scheme}, {} clicks): {v}", clicks.len())),
                Err(e) => problems.push(format!("{url}: axe-core: {e}")),
            }
        }
    }
    drop(driver);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// Checks the one-screen promise in real Chromium windows: at 1366x768 and
/// 1440x900 the stage, Play, the clock, the selected user's phase and every
/// capability row lie inside the viewport and the document does not scroll;
/// with the tables open, their lit column is inside the viewport; an embed
/// shows only the panels its link names; the sample training page's frames
/// have no inner scrollbar.
const LAYOUT_SCRIPT: &str = r#"
const done = arguments[arguments.length - 1];
const mode = arguments[0];
const started = Date.now();
function inside(el) {
  const r = el.getBoundingClientRect();
  return r.width > 0 && r.height > 0 && r.top >= -1 && r.left >= -1 && r.bottom <= innerHeight + 1 && r.right <= innerWidth + 1;
}
function check() {
  const q = (id) => document.querySelector('[data-testid="' + id + '"]');
  const bad = [];
  if (mode === 'screen') {
    for (const id of ['stage', 'play', 'clock', 'user-phase', 'cap-add_contact', 'cap-contacts_and_abs', 'cap-schedule_meeting', 'cap-p2p', 'cap-presence_same_pool', 'cap-presence_other_pool']) {
      const el = q(id);
      if (!el) bad.push(id + ' missing'); else if (!inside(el)) bad.push(id + ' outside the viewport ' + JSON.stringify(el.getBoundingClientRect()));
    }
    if (document.documentElement.scrollHeight > innerHeight + 1) bad.push('the document scrolls: ' + document.documentElement.scrollHeight + ' > ' + innerHeight);
  } else if (mode.startsWith('mode-')) {
    // Every mode: the stage, Play and the clock on one screen, no document scroll.
    for (const id of ['stage', 'play', 'clock']) {
      const el = q(id);
      if (!el) bad.push(id + ' missing'); else if (!inside(el)) bad.push(id + ' outside the viewport ' + JSON.stringify(el.getBoundingClientRect()));
    }
    if (document.documentElement.scrollHeight > innerHeight + 1) bad.push('the document scrolls: ' + document.documentElement.scrollHeight + ' > ' + innerHeight);
    const app = q('app');
    const want = mode.slice(5);
    if (!app || app.dataset.mode !== want) bad.push('not in ' + want + ' mode: ' + (app && app.dataset.mode));
    if (want === 'learn') {
      // Nothing that leaves the lesson or looks its answers up.
      for (const id of ['scenario-picker', 'mode-bar', 'tab-bar', 'drawer', 'editor', 'share-link', 'scrub', 'presenter']) {
        if (q(id)) bad.push(id + ' exists in Learn mode');
      }
      if (document.querySelector('[data-testid^=admin], [data-testid^=tab-], [data-testid^=editor]')) bad.push('an admin, tab or editor control exists in Learn mode');
    }
    if (want === 'present') {
      const stage = q('stage-area');
      const h = stage ? stage.getBoundingClientRect().height : 0;
      if (h < innerHeight / 2 - 1) bad.push('the stage is ' + Math.round(h) + ' px high, under half the screen (' + innerHeight + ')');
    }
  } else if (mode === 'console') {
    // The speaker-notes window on a laptop: its buttons on screen.
    for (const id of ['console-next-step', 'console-back', 'console-stop']) {
      const el = q(id);
      if (!el) bad.push(id + ' missing'); else if (id !== 'console-stop' && !inside(el)) bad.push(id + ' outside the viewport ' + JSON.stringify(el.getBoundingClientRect()));
    }
  } else if (mode === 'tables') {
    const lit = document.querySelector('[data-testid="table-affected"] th.lit');
    if (!lit) bad.push('no lit column'); else if (!inside(lit)) bad.push('lit column outside the viewport ' + JSON.stringify(lit.getBoundingClientRect()));
    if (document.documentElement.scrollHeight > innerHeight + 1) bad.push('the document scrolls with the tables open');
  } else if (mode === 'embed-default') {
    // The one-screen view in an 800x600 frame: the stage and Play are in
    // it; in a lesson (Learn), the stage and the band's Next, which come
    // before the transport there.
    const f = document.querySelector('iframe');
    const d = f && f.contentDocument;
    const app = d && d.querySelector('[data-testid=app]');
    const ids = app && app.dataset.mode === 'learn' ? ['stage', 'next-caption', 'user-panel'] : ['stage', 'play', 'clock', 'user-phase'];
    for (const id of ids) {
      const el = d && d.querySelector('[data-testid="' + id + '"]');
      if (!el) { bad.push(id + ' missing'); continue; }
      const r = el.getBoundingClientRect();
      if (r.top < 0 || r.bottom > f.clientHeight + 1 || r.right > f.clientWidth + 1) bad.push(id + ' outside the 800x600 frame ' + JSON.stringify(r));
    }
  } else if (mode === 'embed-panels') {
    if (!q('stage') || !q('play')) bad.push('stage or transport missing');
    if (q('user-panel')) bad.push('the inspector shows though panels=stage,transport');
    if (q('guide')) bad.push('the walkthrough shows though panels=stage,transport');
  } else if (mode === 'frames') {
    const frames = document.querySelectorAll('iframe');
    if (frames.length !== 2) bad.push(frames.length + ' frames');
    frames.forEach(function (f) {
      const d = f.contentDocument;
      if (!f.dataset.sized) bad.push(f.dataset.testid + ' not sized by a resize event');
      else if (d && d.documentElement.scrollHeight > f.clientHeight + 2) bad.push(f.dataset.testid + ' scrolls inside: ' + d.documentElement.scrollHeight + ' > ' + f.clientHeight);
    });
  }
  return bad;
}
// Present, stop by stop through the whole lesson (Next, as a trainer
// would): at each stop the stage holds half the screen, the band's Next is
// on screen, nothing scrolls, and the type reads from the back of a room.
function stopProblems() {
  const q = (id) => document.querySelector('[data-testid="' + id + '"]');
  const bad = [];
  const stage = q('stage-area');
  const h = stage ? stage.getBoundingClientRect().height : 0;
  if (h < innerHeight / 2 - 1) bad.push('the stage is ' + Math.round(h) + ' px high, under half the screen');
  // On screen, and not scrolled out of the band's own box.
  const band = q('guide');
  const shown = (el) => {
    if (!el || !inside(el) || !band) return false;
    const r = el.getBoundingClientRect(), b = band.getBoundingClientRect();
    return r.top >= b.top - 1 && r.bottom <= b.bottom + 1;
  };
  if (!shown(q('next-caption'))) bad.push('the band\'s Next is not on screen');
  if (band && band.scrollHeight > band.clientHeight + 2) bad.push('the stop does not fit its band (' + band.scrollHeight + ' > ' + band.clientHeight + ' px)');
  const reveal = document.querySelector('[data-testid^=reveal-room-]');
  if (reveal && !shown(reveal)) bad.push('Reveal to the room is not on screen: ' + JSON.stringify([reveal.getBoundingClientRect(), band.getBoundingClientRect(), innerHeight]));
  if (document.documentElement.scrollHeight > innerHeight + 1) bad.push('the document scrolls');
  const sizes = [['.band .caption p', 20], ['.band .question', 20], ['.inspector .cap', 16], ['.countdown .big', 28]];
  for (const [selector, least] of sizes) {
    const el = document.querySelector(selector);
    const px = el ? parseFloat(getComputedStyle(el).fontSize) : least;
    if (px < least) bad.push(selector + ' is ' + px + ' px (at least ' + least + ')');
  }
  return bad;
}
function walk(stop, passing, failingSince) {
  const bad = stopProblems();
  if (bad.length === 0 && passing < 5) { frames(1, function () { walk(stop, passing + 1, 0); }); return; }
  if (bad.length > 0) {
    const since = failingSince || Date.now();
    if (Date.now() - since < 5000) { frames(1, function () { walk(stop, 0, since); }); return; }
    const clock = document.querySelector('[data-testid=clock]');
    done(JSON.stringify(['stop ' + (stop + 1) + ' at ' + (clock && clock.textContent) + ': ' + bad.join('; ')]));
    return;
  }
  // A question: revealed to the room, the answer must fit too.
  const reveal = document.querySelector('[data-testid^=reveal-room-]');
  if (reveal) { reveal.click(); frames(3, function () { walk(stop, 0, 0); }); return; }
  const next = document.querySelector('[data-testid=next-caption]');
  if (!next || next.getAttribute('aria-disabled') === 'true' || stop > 100) { done('stops:' + (stop + 1)); return; }
  next.click();
  frames(3, function () { walk(stop + 1, 0, 0); });
}
function go() {
  const frame = document.querySelector('iframe');
  const ready = mode === 'frames'
    ? document.querySelectorAll('iframe[data-sized]').length === 2
    : mode === 'embed-default'
      ? frame && frame.contentDocument && frame.contentDocument.querySelector('[data-testid=clock]')
      : document.querySelector('[data-testid=clock]');
  if (!ready) {
    if (Date.now() - started > 20000) { done(JSON.stringify(check())); return; }
    frames(1, go); return;
  }
  if (mode === 'present-stops') { walk(0, 0, 0); return; }
  settle(0);
}
// Ready: the layout passes once it holds for ten frames in a row (fonts,
// frames sized by their content); a failure is reported once it has had 10 s.
function settle(passing) {
  const bad = check();
  if (bad.length === 0 && passing >= 10) { done(JSON.stringify(bad)); return; }
  if (bad.length > 0 && Date.now() - started > 10000) { done(JSON.stringify(bad)); return; }
  frames(1, function () { settle(bad.length === 0 ? passing + 1 : 0); });
}
go();
"#;

pub(crate) fn layout(root: &Path, tools: &Tools) -> Result<(), String> {
    // An 800x600 frame holding the default embed, as a trainer's page would.
    let frame_page = "<!doctype html><title>frame</title><iframe title=\"sim\" style=\"width:800px;height:600px;border:0\" src=\"index.html?embed=1&amp;t=605&amp;user=alice\"></iframe>";
    let probe = root.join("dist").join("layout-frame.html");
    std::fs::write(&probe, frame_page).map_err(|e| e.to_string())?;
    let result = layout_checks(root, tools);
    let _ = std::fs::remove_file(probe);
    result
}

fn layout_checks(root: &Path, tools: &Tools) -> Result<(), String> {
    let (site, _) = serve_dir_with(root.join("dist"), Vec::new())?;
    let (driver, port) = Driver::start(tools)?;
    let chromium = tools.chromium.clone().ok_or("Chromium not found")?;
    let mut checks: Vec<(&str, &str, String)> = [
        ("1366,768", "mode-explore", "?scenario=working-day&t=760&user=alice"),
        ("1920,1080", "mode-explore", "?scenario=working-day&t=760&user=alice"),
        ("1366,768", "mode-learn", "play/index.html?scenario=working-day&t=750"),
        ("1920,1080", "mode-learn", "play/index.html?scenario=working-day&t=750"),
        ("1366,768", "mode-present", "play/index.html?scenario=working-day&mode=present&t=750"),
        ("1920,1080", "mode-present", "play/index.html?scenario=working-day&mode=present&t=750"),
        ("1366,768", "mode-author", "?scenario=working-day&mode=author"),
        ("1920,1080", "mode-author", "?scenario=working-day&mode=author"),
        ("1366,768", "mode-plan", "?scenario=working-day&mode=plan&t=750"),
        ("1920,1080", "mode-plan", "?scenario=working-day&mode=plan&t=750"),
        ("1280,720", "screen", "?scenario=working-day&t=760&user=alice"),
        ("1366,768", "screen", ""),
        ("1366,768", "screen", "?scenario=working-day&t=760&user=alice"),
        ("1440,900", "screen", "?scenario=failback-during-meetings&t=1850&user=alice"),
        ("1920,1080", "screen", "?scenario=working-day&t=760&user=alice&presenter=1"),
        ("1366,768", "console", "play/index.html?scenario=working-day&mode=present&console=1&t=0"),
        ("1366,768", "console", "play/index.html?scenario=working-day&mode=present&console=1&t=6600"),
        ("1366,768", "tables", "?scenario=working-day&t=6300&user=alice&tab=tables"),
        ("1440,900", "tables", "?scenario=working-day&t=760&user=alice&tab=tables"),
        ("800,600", "embed-panels", "?embed=1&panels=stage,transport&t=700"),
        ("1280,900", "embed-default", "layout-frame.html"),
        ("1280,900", "frames", "embed-example.html"),
    ]
    .into_iter()
    .map(|(size, mode, query)| (size, mode, query.to_string()))
    .collect();
    // Every stop of every built-in lesson, presented from a laptop and on a projector.
    let lessons = failover_engine::builtin::BUILTINS
        .iter()
        .filter(|b| b.scenario().is_ok_and(|s| !s.captions.is_empty() || !s.checkpoints.is_empty()));
    for name in lessons.map(|b| b.name) {
        for size in ["1366,768", "1920,1080"] {
            checks.push((size, "present-stops", format!("play/index.html?scenario={name}&mode=present&t=0")));
        }
    }
    let mut problems = Vec::new();
    for (size, mode, query) in checks {
        let session = Session::new(port, &chromium, &[format!("--window-size={size}")], 60_000)?;
        let url = format!("http://127.0.0.1:{site}/{query}");
        match session.run(&url, LAYOUT_SCRIPT, &[quote(mode)]) {
            Ok(v) if v == "[]" => println!("xtask: layout ({size}, {mode}): {url}: ok"),
            // A walk through a lesson says how many stops it checked.
            Ok(v) if v.starts_with("stops:") && v != "stops:1" => {
                println!("xtask: layout ({size}, {mode}): {url}: ok at each of {} stops", &v[6..])
            }
            Ok(v) => problems.push(format!("{url} at {size} ({mode}): {v}")),
            Err(e) => problems.push(format!("{url}: {e}")),
        }
    }
    drop(driver);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_strings() {
        assert_eq!(quote("a\"b\\c\nd"), r#""a\"b\\c\nd""#);
        assert_eq!(
            answer_value(r#"{"value": "[{\"id\":\"x\"}]\u0041"}"#)
                .and_then(|v| v.as_str().map(str::to_string))
                .as_deref(),
            Some(r#"[{"id":"x"}]A"#)
        );
        // A key of the same name deeper or earlier does not fool it.
        let created = r#"{"value":{"capabilities":{"note":"sessionId"},"sessionId":"abc"}}"#;
        assert_eq!(answer_value(created).unwrap()["sessionId"], "abc");
    }
}

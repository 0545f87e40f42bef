//! The project's automation: `cargo xtask <serve|test|dist|shot|bench-render|bench-import>`.
//!
//! Every command first installs what is missing (the wasm target, trunk,
//! the wasm-bindgen CLI matching Cargo.lock, wasm-opt from npm, and for
//! tests Chromium with chromedriver) into the git-ignored `.tools/` folder,
//! because these machines cannot download prebuilt binaries. A second run
//! installs nothing. One dependency, serde_json (the CLI builds it anyway):
//! this must build in seconds. ARCHITECTURE.md says why the rest is written here.

mod a11y;
mod budget;
mod lms;
mod load;
mod scorm;
mod sha256;
mod smoke;
mod tools;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const HELP: &str = "cargo xtask <command>
  serve [--watch] install what is missing, build the three builds and serve them (http://127.0.0.1:8080/, /play/ and /plan/);
                 --watch: trunk's server of the full page, rebuilt on every change
  test           install what is missing, then: fmt, clippy, native tests, engine for wasm32,
                 wasm-bindgen-test in headless Chromium, release build, smoke test
  dist           release builds into dist/: the full page, and the light player of lessons in dist/play/
                 (relative URLs: works from any sub-path); prints each first load's bytes
  a11y           release build, then axe-core in headless Chromium (zero serious or critical violations)
  scorm [SCENARIO] [--pass N]
                 release build, then a SCORM 1.2 and a SCORM 2004 package of the page opened on SCENARIO
                 (a built-in name or a scenario file; default working-day; pass mark N%, default 80) into dist-scorm/
  lms            release build, then the SCORM package test alone
  layout         release build, then the one-screen checks in real Chromium windows (1366x768, 1440x900, 1920x1080)
  shot [QUERY..] release build, then a headless Chromium screenshot per query string
                 into screenshots/ (e.g. `cargo xtask shot '' '?t=900'`)
  bench-render [USERS[@SPEED]..]  release build, then the in-page render bench in headless Chromium
  bench-load     release build, then the time to a usable lesson (clock and Play on screen) for the
                 player and the full page, network throttled to 1.6 Mbit/s 150 ms and 10 Mbit/s 40 ms,
                 cache empty, median of 5
  bench-import [ROWS..]  release build, then the in-page import of a ROWS-row users export (default 100000);
                 `worst` instead of a number opens the worst scenario the validator accepts,
                 `plan` makes Plan mode's plan for 106000 users (two paired pools of 53000)
                 (default 10000 50000 106000 at 30x, through the reconnect wave)";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let root = project_root();
    let result = match args.first().map(String::as_str) {
        Some("serve") => serve(&root, args.get(1).map(String::as_str) == Some("--watch")),
        Some("test") => test(&root),
        Some("dist") => tools::ensure(&root, false).and_then(|t| dist(&root, &t)),
        Some("shot") => shot(&root, &args[1..]),
        Some("a11y") => tools::ensure(&root, true).and_then(|t| dist(&root, &t).and_then(|()| a11y::check(&root, &t))),
        Some("lms") => tools::ensure(&root, true).and_then(|t| dist(&root, &t).and_then(|()| lms::check(&root, &t))),
        Some("scorm") => {
            tools::ensure(&root, false).and_then(|t| dist(&root, &t).and_then(|()| scorm_packages(&root, &args[1..])))
        }
        Some("layout") => {
            tools::ensure(&root, true).and_then(|t| dist(&root, &t).and_then(|()| a11y::layout(&root, &t)))
        }
        Some("bench-render") => bench_render(&root, &args[1..]),
        Some("bench-load") => {
            tools::ensure(&root, true).and_then(|t| dist(&root, &t).and_then(|()| load::bench(&root, &t)))
        }
        Some("bench-import") => {
            let tools = tools::ensure(&root, true);
            tools.and_then(|tools| {
                dist(&root, &tools)?;
                let rows = if args.len() > 1 { args[1..].to_vec() } else { vec!["100000".to_string()] };
                smoke::bench_import(&root, &tools, &rows)
            })
        }
        _ => {
            println!("{HELP}");
            return if args.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(2) };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask: {e}");
            ExitCode::FAILURE
        }
    }
}

fn project_root() -> PathBuf {
    // xtask/ lives one level below the workspace root.
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// Runs a command in `root` with the tools on PATH; Err with its name on failure.
pub(crate) fn run(
    root: &Path,
    tools: &tools::Tools,
    program: &str,
    args: &[&str],
    env: &[(&str, &str)],
) -> Result<(), String> {
    let mut cmd = Command::new(program);
    cmd.args(args).current_dir(root).env("PATH", &tools.path);
    for (k, v) in env {
        cmd.env(k, v);
    }
    let status = cmd.status().map_err(|e| format!("cannot start {program}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("`{program} {}` failed ({status})", args.join(" ")))
    }
}

/// Both builds, served as a web server would (gzipped) from one folder; with
/// `--watch`, trunk's own server of the full page, rebuilt on every change.
fn serve(root: &Path, watch: bool) -> Result<(), String> {
    let tools = tools::ensure(root, false)?;
    if watch {
        println!("xtask: serving the full page at http://127.0.0.1:8080/, rebuilt on change (Ctrl-C stops)");
        return run(root, &tools, &tools.trunk, &["serve"], &[]);
    }
    dist(root, &tools)?;
    let (port, _) = smoke::serve_dir_on(root.join("dist"), Vec::new(), 8080)?;
    println!("xtask: serving the three builds: http://127.0.0.1:{port}/ (the full page), http://127.0.0.1:{port}/play/ (the player) and http://127.0.0.1:{port}/plan/ (the planner); Ctrl-C stops");
    loop {
        std::thread::park();
    }
}

/// The three builds into one static folder: the full page in `dist/`, the
/// light player (Learn and Present) in `dist/play/`, the planner (the full
/// page with Plan mode) in `dist/plan/`; each with its
/// Content-Security-Policy pinned. Prints what each first load weighs.
fn dist(root: &Path, tools: &tools::Tools) -> Result<(), String> {
    run(root, tools, &tools.trunk, &["build", "--release"], &[])?;
    pin_inline_script(&root.join("dist").join("index.html"))?;
    // After the full page: its build empties dist/, these only their folder.
    for (folder, html) in [("play", "player.html"), ("plan", "plan.html")] {
        let out = format!("dist/{folder}");
        run(root, tools, &tools.trunk, &["build", "--release=true", "--dist", &out, html], &[])?;
        pin_inline_script(&root.join("dist").join(folder).join("index.html"))?;
    }
    println!("xtask: release build in {} (the player in play/, the planner in plan/)", root.join("dist").display());
    for line in budget::report(root)? {
        println!("xtask: {line}");
    }
    Ok(())
}

/// Replaces `'unsafe-inline'` in the script-src of the page's
/// Content-Security-Policy (the `<meta http-equiv>` tag itself, never a
/// comment) with the hash of each inline script trunk wrote, so the release
/// page runs exactly that loader and nothing else.
fn pin_inline_script(index: &Path) -> Result<(), String> {
    let html = std::fs::read_to_string(index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let pinned = pin_policy(&html)?;
    std::fs::write(index, pinned).map_err(|e| format!("cannot write {}: {e}", index.display()))
}

fn pin_policy(html: &str) -> Result<String, String> {
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        let after = &rest[start..];
        let Some(open_end) = after.find('>') else { break };
        let Some(close) = after.find("</script>") else { break };
        let tag = &after[..open_end];
        if !tag.contains("src=") {
            let body = &after[open_end + 1..close];
            hashes.push(format!("'sha256-{}'", sha256::base64(&sha256::sha256(body.as_bytes()))));
        }
        rest = &after[close + 9..];
    }
    // The tag, whatever its attributes' order or quoting (the release HTML
    // is minified): a `<meta>` whose http-equiv names the policy.
    let mut from = 0;
    let (meta, tag_end) = loop {
        let start = from + html[from..].find("<meta").ok_or("index.html has no Content-Security-Policy meta tag")?;
        let end = start + html[start..].find('>').ok_or("a meta tag is not closed")?;
        let tag = &html[start..end];
        if tag.contains("http-equiv=\"Content-Security-Policy\"") || tag.contains("http-equiv=Content-Security-Policy")
        {
            break (start, end);
        }
        from = end;
    };
    let content = meta + html[meta..tag_end].find("content=\"").ok_or("the policy tag has no content")? + 9;
    let end = content + html[content..tag_end].find('"').ok_or("the policy's content is not closed")?;
    let policy = &html[content..end];
    let pinned = policy.replace("'unsafe-inline'", &hashes.join(" "));
    if pinned.contains("'unsafe-inline'") || (hashes.is_empty() && policy.contains("'unsafe-inline'")) {
        return Err("the shipped Content-Security-Policy would still allow inline script".into());
    }
    Ok(format!("{}{}{}", &html[..content], pinned, &html[end..]))
}

fn test(root: &Path) -> Result<(), String> {
    let started = Instant::now();
    // One build of everything, not a series of edits: incremental
    // compilation's bookkeeping only costs here (BENCHMARKS.md, set-up).
    std::env::set_var("CARGO_INCREMENTAL", "0");
    // trunk and the wasm-bindgen CLI build in the background while Chromium
    // installs and the native checks run: only the browser steps need them.
    let mut builds = tools::start_builds(root)?;
    // Chromium (apt) and the npm tools install in the background too: the
    // native checks need only the wasm target and the PATH.
    tools::ensure_target()?;
    let browser = {
        let root = root.to_path_buf();
        std::thread::spawn(move || tools::prepare(&root, true))
    };
    let path = tools::path(root)?;
    let native =
        tools::Tools { trunk: String::new(), path, chromium: None, chromedriver: None, axe: None, scorm_again: None };
    let tools = &native;
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let mut results: Vec<(&str, Result<(), String>, f64)> = Vec::new();
    let mut step = |name: &'static str, f: &mut dyn FnMut() -> Result<(), String>| {
        println!("\n==> {name}");
        let t = Instant::now();
        let r = f();
        if let Err(e) = &r {
            eprintln!("xtask: {name}: {e}");
        }
        results.push((name, r, t.elapsed().as_secs_f64()));
    };
    step("fmt", &mut || run(root, tools, &cargo, &["fmt", "--all", "--check"], &[]));
    step("clippy", &mut || {
        run(root, tools, &cargo, &["clippy", "--workspace", "--all-targets", "--", "-D", "warnings"], &[])
    });
    step("clippy (page for wasm32)", &mut || {
        run(
            root,
            tools,
            &cargo,
            &[
                "clippy",
                "-p",
                "pool-failover-simulator",
                "--target",
                "wasm32-unknown-unknown",
                "--all-targets",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )
    });
    step("clippy (player for wasm32)", &mut || {
        run(
            root,
            tools,
            &cargo,
            &[
                "clippy",
                "-p",
                "pool-failover-simulator",
                "--no-default-features",
                "--target",
                "wasm32-unknown-unknown",
                "--",
                "-D",
                "warnings",
            ],
            &[],
        )
    });
    // The criterion benches are linted above, never built for tests.
    step("native tests", &mut || {
        run(root, tools, &cargo, &["test", "--workspace", "--exclude", "failover-bench"], &[])
    });
    step("engine for wasm32", &mut || {
        run(root, tools, &cargo, &["build", "-p", "failover-engine", "--target", "wasm32-unknown-unknown"], &[])
    });
    let waited = Instant::now();
    let mut tools = browser.join().map_err(|_| "the browser set-up thread panicked".to_string())??;
    builds.wait_wasm_bindgen()?;
    println!("xtask: waited {:.0} s for Chromium and the wasm-bindgen CLI", waited.elapsed().as_secs_f64());
    let chromedriver = tools.chromedriver.clone().unwrap_or_default();
    step("wasm-bindgen-test (headless Chromium)", &mut || {
        run(
            root,
            &tools,
            &cargo,
            &["test", "-p", "pool-failover-simulator", "--target", "wasm32-unknown-unknown"],
            &[("CHROMEDRIVER", &chromedriver), ("WASM_BINDGEN_TEST_TIMEOUT", "180")],
        )
    });
    let waited = Instant::now();
    tools.trunk = builds.wait()?;
    println!("xtask: waited {:.0} s for trunk", waited.elapsed().as_secs_f64());
    step("release build (the full page and the player)", &mut || dist(root, &tools));
    step("byte budgets (first load, gzipped)", &mut || budget::check(root));
    step("smoke test (release page in headless Chromium)", &mut || smoke::smoke(root, &tools));
    step(
        "accessibility (axe-core: main page, deep link, embed, scenario editor, Learn, Present, speaker notes)",
        &mut || a11y::check(root, &tools),
    );
    step(
        "layout (every mode at 1366x768 and 1920x1080; every stop of every lesson presented; one screen at 1280x720 to 1920x1080; tables; embeds)",
        &mut || a11y::layout(root, &tools),
    );
    step("scorm (both packages in an LMS played by scorm-again)", &mut || lms::check(root, &tools));
    let failed = results.iter().filter(|r| r.1.is_err()).count();
    println!("\n==> summary ({:.0} s)", started.elapsed().as_secs_f64());
    for (name, r, s) in &results {
        println!("  {:<6} {name} ({s:.0} s)", if r.is_ok() { "ok" } else { "FAILED" });
    }
    println!("summary: {} passed, {} failed", results.len() - failed, failed);
    if failed == 0 {
        Ok(())
    } else {
        Err(format!("{failed} step(s) failed"))
    }
}

fn shot(root: &Path, queries: &[String]) -> Result<(), String> {
    let tools = tools::ensure(root, true)?;
    dist(root, &tools)?;
    let queries: Vec<String> = if queries.is_empty() { vec![String::new()] } else { queries.to_vec() };
    smoke::screenshots(root, &tools, &queries)
}

fn bench_render(root: &Path, users: &[String]) -> Result<(), String> {
    let tools = tools::ensure(root, true)?;
    dist(root, &tools)?;
    let users: Vec<String> =
        if users.is_empty() { vec!["10000".into(), "50000".into(), "106000".into()] } else { users.to_vec() };
    smoke::bench_render(root, &tools, &users)
}

/// Percent-encodes a query value.
pub(crate) fn encode_query_value(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b':' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

/// `cargo xtask scorm [SCENARIO] [--pass N]`.
fn scorm_packages(root: &Path, args: &[String]) -> Result<(), String> {
    let mut scenario = "working-day".to_string();
    let mut pass = 80u32;
    let mut it = args.iter();
    while let Some(a) = it.next() {
        if a == "--pass" {
            pass = it
                .next()
                .and_then(|v| v.parse().ok())
                .filter(|&p| p <= 100)
                .ok_or("--pass is a percentage from 0 to 100")?;
        } else {
            scenario = a.clone();
        }
    }
    let builtins = ["working-day", "fast-failover", "timer-only", "failback-during-meetings"];
    let (name, title, param) = if builtins.contains(&scenario.as_str()) {
        let title = std::fs::read_to_string(root.join("crates/engine/scenarios").join(format!("{scenario}.toml")))
            .ok()
            .and_then(|t| t.lines().find_map(|l| l.strip_prefix("title = ").map(|v| v.trim_matches('"').to_string())))
            .unwrap_or_else(|| scenario.clone());
        (scenario.clone(), title, scenario.clone())
    } else {
        let text = std::fs::read_to_string(&scenario).map_err(|e| format!("{scenario}: {e}"))?;
        let title = text
            .lines()
            .find_map(|l| l.strip_prefix("title = ").map(|v| v.trim_matches('"').to_string()))
            .unwrap_or_else(|| "Pool failover lesson".into());
        let stem = Path::new(&scenario).file_stem().map_or("lesson".into(), |s| s.to_string_lossy().into_owned());
        (stem, title, packed_lesson(&scenario, &text)?)
    };
    let made = scorm::package(&root.join("dist").join("play"), &root.join("dist-scorm"), &name, &title, &param, pass)?;
    for f in made {
        println!("xtask: {}", f.display());
    }
    Ok(())
}

/// A scenario file as the player reads it: checked as the page checks it
/// (format and orders), then packed (`pk:` and base64url).
fn packed_lesson(file: &str, text: &str) -> Result<String, String> {
    let run = failover_engine::check::load(text).map_err(|p| p.render(file))?;
    // A caption the engine contradicts still packs, as it still runs; its
    // author is told, as `failover check` tells them.
    for c in run.claim_conflicts() {
        eprintln!("xtask: {file}: warning: the caption at {} {}", c.at, c.message);
    }
    // Its texts filled in: the player shows them as they are.
    Ok(format!("pk:{}", scorm::base64url(&run.resolved().pack())))
}

#[cfg(test)]
mod tests {
    use super::pin_policy;

    #[test]
    fn the_policy_tag_is_pinned_not_a_comment_mentioning_it() {
        let html = "<!-- replaces 'unsafe-inline' here -->\n<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'self' 'unsafe-inline'; style-src 'self'\" />\n<script>boot()</script>";
        let out = pin_policy(html).unwrap();
        let policy = out.split("content=\"").nth(1).unwrap().split('"').next().unwrap();
        assert!(!policy.contains("unsafe-inline"), "{policy}");
        assert!(policy.contains("'sha256-"), "{policy}");
        assert!(out.starts_with("<!-- replaces 'unsafe-inline' here -->"), "the comment is left alone");
    }

    #[test]
    fn the_minified_tag_is_found_whatever_its_attribute_order() {
        let html = "<meta content=\"a b\" name=x><meta content=\"script-src 'unsafe-inline'\" http-equiv=Content-Security-Policy><script type=module>go()</script>";
        let out = pin_policy(html).unwrap();
        assert!(out.starts_with("<meta content=\"a b\" name=x>"), "{out}");
        assert!(out.contains("content=\"script-src 'sha256-"), "{out}");
    }

    #[test]
    fn a_policy_without_inline_scripts_to_pin_is_refused() {
        let html = "<meta http-equiv=\"Content-Security-Policy\" content=\"script-src 'unsafe-inline'\" />";
        assert!(pin_policy(html).is_err());
    }
}

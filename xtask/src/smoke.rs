//! Loads the release build as a learner would: a static server on loopback
//! (our own, so every request and its status is seen) and headless Chromium.

use crate::tools::Tools;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

type Log = Arc<Mutex<Vec<(String, u16)>>>;

/// Serves `dir` on 127.0.0.1 (a free port) until the process ends.
fn serve_dir(dir: PathBuf) -> Result<(u16, Log), String> {
    serve_dir_with(dir, Vec::new())
}

/// As [`serve_dir`], with extra folders mounted at URL prefixes.
pub(crate) fn serve_dir_with(dir: PathBuf, mounts: Vec<(String, PathBuf)>) -> Result<(u16, Log), String> {
    serve_dir_on(dir, mounts, 0)
}

/// As [`serve_dir_with`], on `port` (0: a free one).
pub(crate) fn serve_dir_on(dir: PathBuf, mounts: Vec<(String, PathBuf)>, port: u16) -> Result<(u16, Log), String> {
    let listener =
        TcpListener::bind(("127.0.0.1", port)).map_err(|e| format!("cannot listen on 127.0.0.1:{port}: {e}"))?;
    let port = listener.local_addr().map_err(|e| e.to_string())?.port();
    let log: Log = Arc::new(Mutex::new(Vec::new()));
    let log2 = log.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let dir = dir.clone();
            let log = log2.clone();
            let mounts = mounts.clone();
            std::thread::spawn(move || {
                let _ = answer(stream, &dir, &mounts, &log);
            });
        }
    });
    Ok((port, log))
}

fn answer(mut stream: TcpStream, dir: &Path, mounts: &[(String, PathBuf)], log: &Log) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut request = String::new();
    reader.read_line(&mut request)?;
    let mut gzip_ok = false;
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header)? == 0 || header.trim().is_empty() {
            break;
        }
        let lower = header.to_ascii_lowercase();
        gzip_ok |= lower.starts_with("accept-encoding:") && lower.contains("gzip");
    }
    let raw = request.split_whitespace().nth(1).unwrap_or("/").to_string();
    let path = raw.split(['?', '#']).next().unwrap_or("/");
    let rel = if path.ends_with('/') { format!("{path}index.html") } else { path.to_string() };
    let file = match mounts.iter().find(|(prefix, _)| rel.starts_with(prefix.as_str())) {
        Some((prefix, base)) => base.join(&rel[prefix.len()..]),
        None => dir.join(rel.trim_start_matches('/')),
    };
    let safe = !rel.contains("..");
    let (status, body) = match std::fs::read(&file) {
        Ok(body) if safe => (200u16, body),
        _ => (404, b"not found".to_vec()),
    };
    if let Ok(mut l) = log.lock() {
        l.push((raw.clone(), status));
    }
    let kind = match file.extension().and_then(|e| e.to_str()) {
        Some("html") => "text/html; charset=utf-8",
        Some("js") => "text/javascript",
        Some("wasm") => "application/wasm",
        Some("css") => "text/css",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("ico") => "image/x-icon",
        Some("toml") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    };
    let reason = if status == 200 { "OK" } else { "Not Found" };
    // Compressed as a web server sends it, when the browser asks: what a
    // learner's link carries (the load bench measures it).
    // SERVE_PLAIN=1: as a server that compresses nothing (the load bench's other case).
    let compressible = (kind.starts_with("text/") || kind == "application/wasm" || kind == "image/svg+xml")
        && std::env::var_os("SERVE_PLAIN").is_none();
    let (body, encoding) = match (status, gzip_ok && compressible) {
        (200, true) => match gzipped_cached(&file) {
            Some(gz) => (gz, "Content-Encoding: gzip\r\n"),
            None => (body, ""),
        },
        _ => (body, ""),
    };
    write!(
        stream,
        "HTTP/1.1 {status} {reason}\r\nContent-Type: {kind}\r\nContent-Length: {}\r\n{encoding}Connection: close\r\n\r\n",
        body.len()
    )?;
    stream.write_all(&body)?;
    stream.flush()
}

/// A file's gzip, made once per file and run of the server.
fn gzipped_cached(file: &Path) -> Option<Vec<u8>> {
    static CACHE: std::sync::OnceLock<Mutex<std::collections::HashMap<PathBuf, Vec<u8>>>> = std::sync::OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(gz) = cache.lock().ok()?.get(file) {
        return Some(gz.clone());
    }
    let gz = crate::budget::gzip(file).ok()?;
    cache.lock().ok()?.insert(file.to_path_buf(), gz.clone());
    Some(gz)
}

/// Headless Chromium as these machines need it (no sandbox as root, no
/// network chatter: connections outside loopback are refused here).
pub(crate) const CHROME_FLAGS: [&str; 10] = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
    "--hide-scrollbars",
];

fn chromium(tools: &Tools) -> Result<String, String> {
    tools.chromium.clone().ok_or_else(|| "Chromium not found".to_string())
}

fn profile_dir() -> Result<PathBuf, String> {
    let dir = std::env::temp_dir().join(format!(
        "xtask-chromium-{}-{}",
        std::process::id(),
        Instant::now().elapsed().as_nanos()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    Ok(dir)
}

/// Runs Chromium on `url` with `extra` flags; returns (stdout, console lines).
fn chrome_run(tools: &Tools, url: &str, extra: &[String]) -> Result<(String, Vec<String>), String> {
    let profile = profile_dir()?;
    let out = Command::new(chromium(tools)?)
        .args(CHROME_FLAGS)
        .arg(format!("--user-data-dir={}", profile.display()))
        .args(["--enable-logging=stderr", "--v=0"])
        .args(extra)
        .arg(url)
        .output()
        .map_err(|e| format!("cannot run Chromium: {e}"))?;
    let _ = std::fs::remove_dir_all(profile);
    let stderr = String::from_utf8_lossy(&out.stderr);
    let console = stderr.lines().filter(|l| l.contains(":CONSOLE")).map(str::to_string).collect();
    Ok((String::from_utf8_lossy(&out.stdout).into_owned(), console))
}

fn gzip_size(file: &Path) -> u64 {
    crate::budget::gzip(file).map_or(0, |gz| gz.len() as u64)
}

/// Loads the release page (plain, a deep link, embed mode); fails on any
/// console message, any request that is not 200, or a page that did not
/// render; prints the page's gzipped size.
pub(crate) fn smoke(root: &Path, tools: &Tools) -> Result<(), String> {
    let dist = root.join("dist");
    let (port, log) = serve_dir(dist.clone())?;
    let mut problems = Vec::new();
    // The last: Plan mode asked of the full page opens the planner (plan/).
    for query in ["", "?scenario=failback-during-meetings&t=1900&user=alice", "?embed=1&t=700", "?mode=plan&t=700"] {
        let url = format!("http://127.0.0.1:{port}/{query}");
        let (dom, console) = chrome_run(tools, &url, &["--virtual-time-budget=8000".into(), "--dump-dom".into()])?;
        let plan = query.contains("mode=plan");
        let planner = ["data-testid=\"plan-questions\"", "data-testid=\"topology-users\""];
        for needle in ["data-testid=\"app\"", "data-testid=\"clock\"", "data-testid=\"stage\""]
            .iter()
            .chain(planner.iter().filter(|_| plan))
        {
            if !dom.contains(needle) {
                problems.push(format!("{url}: the page did not render {needle}"));
            }
        }
        for line in console {
            problems.push(format!("{url}: console: {line}"));
        }
    }
    // The sample training page: both embedded simulators report "ready".
    let url = format!("http://127.0.0.1:{port}/embed-example.html");
    let (dom, console) = chrome_run(tools, &url, &["--virtual-time-budget=10000".into(), "--dump-dom".into()])?;
    let ready = dom.matches("data-ready=\"1\"").count();
    if ready != 2 {
        problems.push(format!("{url}: {ready} of 2 embedded simulators reported ready"));
    }
    // Each frame took the simulator's height from its "resize" event.
    let sized = dom.matches("data-sized=\"1\"").count();
    if sized != 2 {
        problems.push(format!("{url}: {sized} of 2 frames were sized by a resize event"));
    }
    for line in console {
        problems.push(format!("{url}: console: {line}"));
    }
    problems.extend(csp_blocks_injected_script(tools, &dist, port).err());
    let requests = log.lock().map(|l| l.clone()).unwrap_or_default();
    for (path, status) in &requests {
        if *status != 200 {
            problems.push(format!("request {path} answered {status}"));
        }
    }
    let mut total = 0;
    let mut lines = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&dist) {
        let mut files: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_file()).collect();
        files.sort();
        for f in files {
            let name = f.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            // What a learner downloads to open the page (not the example page).
            if name.ends_with(".html") && name != "index.html" {
                continue;
            }
            let size = gzip_size(&f);
            total += size;
            lines.push(format!("    {name}: {:.1} KB gzipped", size as f64 / 1024.0));
        }
    }
    println!("xtask: smoke: {} requests, all 200: {}", requests.len(), requests.iter().all(|r| r.1 == 200));
    for l in lines {
        println!("{l}");
    }
    println!("xtask: page total: {:.1} KB gzipped", total as f64 / 1024.0);
    if problems.is_empty() {
        Ok(())
    } else {
        Err(problems.join("\n"))
    }
}

/// The shipped policy at work: a copy of the release page with an injected
/// inline script must not run it (the page itself still renders).
fn csp_blocks_injected_script(tools: &Tools, dist: &Path, port: u16) -> Result<(), String> {
    let html = std::fs::read_to_string(dist.join("index.html")).map_err(|e| e.to_string())?;
    let injected = "<script>document.documentElement.setAttribute('data-injected', 'ran')</script>";
    let probe = html.replacen("</head>", &format!("{injected}</head>"), 1);
    let file = dist.join("csp-probe.html");
    std::fs::write(&file, probe).map_err(|e| e.to_string())?;
    let url = format!("http://127.0.0.1:{port}/csp-probe.html");
    let result = chrome_run(tools, &url, &["--virtual-time-budget=5000".into(), "--dump-dom".into()]);
    let _ = std::fs::remove_file(&file);
    let (dom, console) = result?;
    if dom.contains("data-injected=\"ran\"") {
        return Err(format!("{url}: an injected inline script ran: the shipped policy allows inline script"));
    }
    if !console.iter().any(|l| l.contains("Content Security Policy")) {
        return Err(format!("{url}: no Content-Security-Policy violation reported for the injected script"));
    }
    if !dom.contains("data-testid=\"app\"") {
        return Err(format!("{url}: the page did not render under its policy"));
    }
    println!("xtask: smoke: an injected inline script is blocked by the shipped policy");
    Ok(())
}

/// One screenshot per query into `screenshots/`.
pub(crate) fn screenshots(root: &Path, tools: &Tools, queries: &[String]) -> Result<(), String> {
    let (port, _) = serve_dir(root.join("dist"))?;
    let out_dir = root.join("screenshots");
    std::fs::create_dir_all(&out_dir).map_err(|e| e.to_string())?;
    for (i, q) in queries.iter().enumerate() {
        let file = out_dir.join(format!("shot-{i}.png"));
        let url = format!("http://127.0.0.1:{port}/{q}");
        let (_, console) = chrome_run(
            tools,
            &url,
            &[
                "--virtual-time-budget=6000".into(),
                // SHOT_SIZE=WxH (default 1366x768, the smallest common laptop).
                format!(
                    "--window-size={}",
                    std::env::var("SHOT_SIZE").unwrap_or_else(|_| "1366,768".into()).replace('x', ",")
                ),
                format!("--screenshot={}", file.display()),
            ],
        )?;
        println!("xtask: {url} -> {}", file.display());
        for l in console {
            println!("    console: {l}");
        }
    }
    Ok(())
}

/// Runs `?bench=render` in real time (no virtual time: frame times must be
/// real) and prints the JSON the page reports.
pub(crate) fn bench_render(root: &Path, tools: &Tools, users: &[String]) -> Result<(), String> {
    let queries = users
        .iter()
        .map(|spec| {
            // `N` or `N@SPEED`.
            let (n, speed) = spec.split_once('@').map_or((spec.as_str(), None), |(n, s)| (n, Some(s)));
            let speed = speed.map(|s| format!("&speed={s}")).unwrap_or_default();
            format!("bench=render&users={n}&frames=300{speed}")
        })
        .collect::<Vec<_>>();
    // Both builds draw the same stage: each is measured. The player's in
    // Present: Learn would hold the run at the lesson's first question,
    // short of the reconnect wave the bench is about.
    let both: Vec<String> =
        queries.iter().flat_map(|q| [format!("index.html?{q}"), format!("play/index.html?{q}&mode=present")]).collect();
    bench_page(root, tools, &both)
}

/// The in-page import bench: `?bench=import&users=N` for each row count.
pub(crate) fn bench_import(root: &Path, tools: &Tools, rows: &[String]) -> Result<(), String> {
    let queries = rows
        .iter()
        .map(|n| match n.as_str() {
            "worst" => "?bench=worst".to_string(),
            "plan" => "plan/index.html?bench=plan&users=106000".to_string(),
            n => format!("plan/index.html?bench=import&users={n}"),
        })
        .collect::<Vec<_>>();
    bench_page(root, tools, &queries)
}

/// Opens the page in bench mode, once per query, and prints the result it
/// logs (`BENCH_RESULT {json}`).
fn bench_page(root: &Path, tools: &Tools, queries: &[String]) -> Result<(), String> {
    let (port, _) = serve_dir(root.join("dist"))?;
    for query in queries {
        let url = format!("http://127.0.0.1:{port}/{query}");
        let profile = profile_dir()?;
        let mut child = Command::new(chromium(tools)?)
            .args(CHROME_FLAGS)
            .arg(format!("--user-data-dir={}", profile.display()))
            .args(["--enable-logging=stderr", "--v=0", "--window-size=1280,900"])
            .arg(&url)
            .stderr(Stdio::piped())
            .stdout(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot run Chromium: {e}"))?;
        let mut result = None;
        if let Some(stderr) = child.stderr.take() {
            let deadline = Instant::now() + Duration::from_secs(180);
            let mut reader = BufReader::new(stderr);
            let mut line = String::new();
            while Instant::now() < deadline {
                line.clear();
                if reader.read_line(&mut line).unwrap_or(0) == 0 {
                    break;
                }
                if let Some(i) = line.find("BENCH_RESULT ") {
                    result = Some(line[i + 13..].trim().trim_end_matches(|c| c != '}').to_string());
                    break;
                }
            }
        }
        let _ = child.kill();
        let _ = child.wait();
        let _ = std::fs::remove_dir_all(profile);
        match result {
            Some(json) => println!(
                "{}: {json}",
                if query.starts_with("play/") {
                    "player"
                } else if query.contains("bench=plan") {
                    "planner"
                } else {
                    "full page"
                }
            ),
            None => return Err(format!("{url}: no BENCH_RESULT within 180 s")),
        }
    }
    Ok(())
}

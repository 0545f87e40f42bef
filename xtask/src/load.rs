//! `cargo xtask bench-load`: how long a learner waits, from navigation to a
//! usable lesson (the clock and Play on screen), for the light player and the
//! full page, in headless Chromium with the network throttled (each run a
//! new browser profile: nothing cached), served gzipped as a web server
//! would. The median of five runs per build and link.

use crate::a11y::{answer_value, quote, Driver, Session};
use crate::tools::Tools;
use std::path::Path;
use std::time::{Duration, Instant};

/// (name, bytes per second down and up, round trip in ms).
const LINKS: [(&str, u64, u64); 2] = [("1.6 Mbit/s, 150 ms", 200_000, 150), ("10 Mbit/s, 40 ms", 1_250_000, 40)];

const BUILDS: [(&str, &str); 2] =
    [("player", "play/index.html?scenario=working-day"), ("full page", "index.html?scenario=working-day")];

const RUNS: usize = 5;

/// The moment (ms since navigation) the lesson was usable, or -1 while it is not.
const READY: &str = "return (location.pathname !== 'blank' && document.querySelector('[data-testid=clock]') && document.querySelector('[data-testid=play]')) ? performance.now() : -1;";

fn one_load(driver: u16, chromium: &str, url: &str, link: (u64, u64)) -> Result<f64, String> {
    let session = Session::with_load_strategy(driver, chromium, &["--window-size=1366,768".into()], 60_000, "none")?;
    let (throughput, rtt) = link;
    session.post(
        "chromium/network_conditions",
        &format!(
            "{{\"network_conditions\":{{\"offline\":false,\"latency\":{rtt},\"download_throughput\":{throughput},\"upload_throughput\":{throughput}}}}}"
        ),
    )?;
    session.post("url", &format!("{{\"url\":{}}}", quote(url)))?;
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let answer = session.post("execute/sync", &format!("{{\"script\":{},\"args\":[]}}", quote(READY)))?;
        if let Some(ms) = answer_value(&answer).and_then(|v| v.as_f64()).filter(|&ms| ms >= 0.0) {
            return Ok(ms);
        }
        if Instant::now() > deadline {
            return Err(format!("{url} was not usable within 60 s"));
        }
        // Asked again as soon as the page answers: the round trip is the only wait.
    }
}

pub(crate) fn bench(root: &Path, tools: &Tools) -> Result<(), String> {
    // BENCH_LOAD_ALSO=DIR measures another build's folder too (an older
    // commit's `dist/`), in the same run, for a comparison by ratio.
    let also = std::env::var_os("BENCH_LOAD_ALSO").map(std::path::PathBuf::from);
    let mounts = also.iter().map(|dir| ("/also/".to_string(), dir.clone())).collect();
    let (site, _) = crate::smoke::serve_dir_with(root.join("dist"), mounts)?;
    let mut builds = BUILDS.to_vec();
    if also.is_some() {
        builds.push(("BENCH_LOAD_ALSO", "also/index.html?scenario=working-day"));
    }
    let (_driver, port) = Driver::start(tools)?;
    let chromium = tools.chromium.clone().ok_or("Chromium not found")?;
    for (name, throughput, rtt) in LINKS {
        for &(build, path) in &builds {
            let url = format!("http://127.0.0.1:{site}/{path}");
            let mut samples = (0..RUNS)
                .map(|_| one_load(port, &chromium, &url, (throughput, rtt)))
                .collect::<Result<Vec<f64>, String>>()?;
            samples.sort_by(f64::total_cmp);
            let shown: Vec<String> = samples.iter().map(|ms| format!("{:.2}", ms / 1000.0)).collect();
            println!(
                "xtask: bench-load {build} on {name}: usable in {:.2} s (median of {RUNS}: {})",
                samples[RUNS / 2] / 1000.0,
                shown.join(", ")
            );
        }
    }
    Ok(())
}

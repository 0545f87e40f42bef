//! `failover`: check scenario files, query the state at a moment, print a
//! user's capability timeline, and benchmark the engine.
//!
//! Bad input (a missing file, malformed TOML, an unknown user, a time before
//! 0) exits with status 2 and a one-line reason; it never panics.

use failover_engine::builtin::{builtin, REFERENCE};
use failover_engine::scenario::printable as p;
use failover_engine::text::count;
use failover_engine::{check, SimTime, Simulation};
use std::process::ExitCode;
use std::time::Instant;

const USAGE: &str = "usage:
  failover check FILE
  failover query FILE --at TIME [--user ID]
  failover table FILE --user ID [--format md|csv]
  failover bench [--users N] [--seeks N]
  failover bench --worst     (the worst scenario the validator accepts, checked)
  failover import USERS.csv [--pairs PAIRS.csv] [--named N | --named-users SIP,SIP]
  failover plan USERS.csv [--pairs PAIRS.csv] [--timer SECONDS] [--cms POOL] [--edge-next-hop POOL]
                [--version 2015|2019] [--failover-after MINUTES] [--back-after MINUTES] [--format md|html|json]
FILE is a scenario file, or builtin:NAME for a built-in scenario
(working-day, fast-failover, timer-only, failback-during-meetings).
POOL is a pool's FQDN as in the exports. plan's defaults: --timer 120 (Topology
Builder's; Enterprise Voice pages say 300), no CMS or Edge next hop on a failing
pool, --version 2019, --failover-after 10, --back-after 60, --format md.
TIME is M:SS, H:MM:SS or whole seconds, each optionally with .mmm
(the engine is exact to the millisecond: `table` prints such times).";

/// Enough seeks for stable percentiles; more only measures the allocator.
const MAX_SEEKS: u32 = 100_000;

fn main() -> ExitCode {
    // Arguments are used as given (a file name may hold any character) and
    // made printable wherever a message echoes them.
    let args: Vec<String> = std::env::args_os().skip(1).map(|a| a.to_string_lossy().into_owned()).collect();
    match run(&args) {
        Ok(out) => {
            print!("{out}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            // Each line made printable: nothing the user typed can forge a line
            // or drive the terminal.
            for line in message.lines() {
                eprintln!("{}", failover_engine::scenario::printable(line));
            }
            ExitCode::from(2)
        }
    }
}

struct Args<'a> {
    positional: Vec<&'a str>,
    flags: Vec<(&'a str, &'a str)>,
}

impl<'a> Args<'a> {
    fn parse(args: &'a [String], known: &[&str]) -> Result<Args<'a>, String> {
        let mut positional = Vec::new();
        let mut flags = Vec::new();
        let mut it = args.iter();
        while let Some(a) = it.next() {
            if let Some(name) = a.strip_prefix("--") {
                if !known.contains(&name) {
                    return Err(format!("unknown option --{} (failover --help lists the options)", p(name)));
                }
                let value = it.next().ok_or_else(|| format!("--{name} needs a value"))?;
                if flags.iter().any(|(n, _)| *n == name) {
                    return Err(format!("--{name} is given twice"));
                }
                flags.push((name, value.as_str()));
            } else {
                positional.push(a.as_str());
            }
        }
        Ok(Args { positional, flags })
    }

    fn flag(&self, name: &str) -> Option<&'a str> {
        self.flags.iter().rev().find(|(n, _)| *n == name).map(|(_, v)| *v)
    }

    fn file(&self) -> Result<&'a str, String> {
        match self.positional.as_slice() {
            [file] => Ok(file),
            [] => Err("a scenario FILE is needed (failover --help for usage)".into()),
            _ => Err(format!("one scenario FILE, not {}", self.positional.len())),
        }
    }
}

fn text(file: &str) -> Result<String, String> {
    read_limited(file, failover_engine::scenario::MAX_FILE_BYTES, "a scenario file")
}

/// A file read whole, but never more than `limit` bytes (so /dev/zero or a
/// huge file is refused, not read).
fn read_limited(file: &str, limit: usize, what: &str) -> Result<String, String> {
    use std::io::Read;
    match file.strip_prefix("builtin:") {
        Some(name) => {
            builtin(name).map(|b| b.toml.to_string()).ok_or_else(|| format!("no built-in scenario `{}`", p(name)))
        }
        None => {
            // Read at most one byte past the limit: /dev/zero or a huge file
            // is refused, never read whole.
            let shown = p(file);
            // A pipe or socket would block the read (and a FIFO even the
            // open): only files and devices are read.
            let meta = std::fs::metadata(file).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            if is_pipe_or_socket(&meta) {
                return Err(format!("{shown}: not a file (a pipe or a socket): save it to a file first"));
            }
            let f = std::fs::File::open(file).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            let mut bytes = Vec::new();
            f.take(limit as u64 + 1).read_to_end(&mut bytes).map_err(|e| format!("{shown}: cannot read: {e}"))?;
            if bytes.len() > limit {
                return Err(format!("{shown}: larger than {} KB, the most {what} may be", limit / 1024));
            }
            // UTF-8, or UTF-16 with its byte-order mark (Export-Csv -Encoding Unicode), as the page reads it.
            failover_engine::text::decode(&bytes).map_err(|why| format!("{shown}: {why}"))
        }
    }
}

#[cfg(unix)]
fn is_pipe_or_socket(meta: &std::fs::Metadata) -> bool {
    use std::os::unix::fs::FileTypeExt;
    meta.file_type().is_fifo() || meta.file_type().is_socket()
}

#[cfg(not(unix))]
fn is_pipe_or_socket(_: &std::fs::Metadata) -> bool {
    false
}

/// The topology of the exports named by `a` (USERS.csv and `--pairs`), as
/// `import` writes it and as it runs; notes and warnings go to stderr.
fn topology(
    a: &Args<'_>,
    named: &failover_engine::import::Named,
    sizing: bool,
) -> Result<(String, Simulation), String> {
    let file = a.file()?;
    // An export of 100,000 users is about 6 MB.
    let csv_limit = 8 * failover_engine::scenario::MAX_FILE_BYTES;
    let csv = |f: &str| read_limited(f, csv_limit, "an exported CSV file");
    let users = csv(file)?;
    let pairs = match a.flag("pairs") {
        Some(pf) => Some((p(pf), csv(pf)?)),
        None => None,
    };
    let failover_engine::import::Topology { toml, notes } = failover_engine::import::topology(
        (&p(file), &users),
        pairs.as_ref().map(|(f, t)| (f.as_str(), t.as_str())),
        named,
    )?;
    for note in notes {
        eprintln!("{note}");
    }
    // What it wrote must run: the same check as `failover check`.
    let sim = check::load(&toml).map_err(|e| e.render("import"))?;
    // The plan weighs sizing against the version asked; the file, against 2019's.
    if sizing {
        for w in check::warnings(sim.scenario()) {
            eprintln!("{}: warning: {w}", p(file));
        }
    }
    Ok((toml, sim))
}

fn imported(a: &Args<'_>) -> Result<Simulation, String> {
    topology(a, &failover_engine::import::Named::First(0), false).map(|t| t.1)
}

fn simulate(file: &str) -> Result<Simulation, String> {
    check::load(&text(file)?).map_err(|problems| problems.render(&p(file)))
}

fn user_arg(sim: &Simulation, id: &str) -> Result<u32, String> {
    sim.scenario().user_by_id(id).ok_or_else(|| {
        let known: Vec<&str> = sim.scenario().users.iter().map(|u| u.id.as_str()).collect();
        // What was typed is shown, but never more than a line of it.
        let typed: String = id.chars().take(60).collect();
        let cut = if id.chars().count() > 60 { "…" } else { "" };
        format!("unknown user `{}{cut}`: the scenario has {}", p(&typed), known.join(", "))
    })
}

fn run(args: &[String]) -> Result<String, String> {
    if args.iter().skip(1).any(|a| a == "--help" || a == "-h") {
        return Ok(format!("{USAGE}\n"));
    }
    let Some((command, rest)) = args.split_first() else {
        return Err("a command is needed: check, query, table or bench (failover --help for usage)".into());
    };
    match command.as_str() {
        "check" => {
            let a = Args::parse(rest, &[])?;
            let file = a.file()?;
            let sim = simulate(file)?;
            let s = sim.scenario();
            // Beyond Microsoft's sizing, yet runnable: said on stderr, exit 0.
            for w in check::warnings(s) {
                eprintln!("{file}: warning: {w}");
            }
            // Captions whose words the engine contradicts at their moment.
            for c in sim.claim_conflicts() {
                eprintln!("{file}: warning: the caption at {} {}", c.at, c.message);
            }
            Ok(format!(
                "{file}: ok: \"{}\", {}, {}, {}, {}\n",
                s.title,
                count(s.pools.len() as u64, "pool", "pools"),
                count(u64::from(s.total_users()), "user", "users"),
                count(s.sessions.len() as u64, "session", "sessions"),
                count(s.timeline.len() as u64, "timeline entry", "timeline entries")
            ))
        }
        "query" => {
            let a = Args::parse(rest, &["at", "user"])?;
            let sim = simulate(a.file()?)?;
            let at = a.flag("at").ok_or("query needs --at TIME")?;
            let t = SimTime::parse(at).map_err(|e| format!("--at: {}", p(&e)))?;
            let longest = SimTime::from_s(failover_engine::scenario::MAX_SCENARIO_S);
            if t > longest {
                return Err(format!("--at: beyond the longest scenario ({})", longest.clock()));
            }
            let user = a.flag("user").map(|u| user_arg(&sim, u)).transpose()?;
            let snap = sim.snapshot(t, user);
            serde_json::to_string_pretty(&snap).map(|s| s + "\n").map_err(|e| format!("cannot write JSON: {e}"))
        }
        "table" => {
            let a = Args::parse(rest, &["user", "format"])?;
            let sim = simulate(a.file()?)?;
            let user = user_arg(&sim, a.flag("user").ok_or("table needs --user ID")?)?;
            match a.flag("format").unwrap_or("md") {
                "md" => Ok(sim.capability_timeline_markdown(user)),
                "csv" => Ok(sim.capability_timeline_csv(user)),
                other => Err(format!("unknown --format `{}`: use md or csv", p(other))),
            }
        }
        "bench" if rest.first().map(String::as_str) == Some("--worst") => {
            // The worst scenario the validator accepts: checked as `check` does.
            let text = failover_engine::builtin::worst_legal();
            let mut ms = Vec::new();
            for _ in 0..3 {
                let started = Instant::now();
                check::load(&text).map_err(|e| e.render("worst"))?;
                ms.push(started.elapsed().as_secs_f64() * 1000.0);
            }
            ms.sort_by(f64::total_cmp);
            Ok(format!(
                "{{\n  \"scenario\": \"worst-legal\",\n  \"bytes\": {},\n  \"check_ms_median_of_3\": {:.1}\n}}\n",
                text.len(),
                ms[1]
            ))
        }
        "bench" => {
            let a = Args::parse(rest, &["users", "seeks"])?;
            if !a.positional.is_empty() {
                return Err(format!("bench takes no FILE, only --users and --seeks (not `{}`)", p(a.positional[0])));
            }
            let most_users = 2 * failover_engine::scenario::MAX_USERS_PER_POOL;
            let users: u32 = a
                .flag("users")
                .unwrap_or("106000")
                .parse()
                .ok()
                .filter(|&n| n <= most_users)
                .ok_or_else(|| format!("--users is a whole number from 0 to {most_users} (two full pools)"))?;
            let seeks: u32 = a
                .flag("seeks")
                .unwrap_or("100")
                .parse()
                .ok()
                .filter(|&n| (1..=MAX_SEEKS).contains(&n))
                .ok_or_else(|| format!("--seeks is a whole number from 1 to {MAX_SEEKS}"))?;
            bench(users, seeks)
        }
        "import" => {
            let a = Args::parse(rest, &["pairs", "named", "named-users"])?;
            let named = match (a.flag("named"), a.flag("named-users")) {
                (Some(_), Some(_)) => return Err("give --named or --named-users, not both".into()),
                (Some(n), None) => failover_engine::import::Named::First(
                    n.parse().map_err(|_| "--named is a whole number of users to keep by name".to_string())?,
                ),
                (None, Some(list)) => failover_engine::import::Named::These(
                    list.split(',').map(str::trim).filter(|s| !s.is_empty()).map(String::from).collect(),
                ),
                (None, None) => failover_engine::import::Named::First(0),
            };
            Ok(topology(&a, &named, true)?.0)
        }
        "plan" => {
            let a = Args::parse(
                rest,
                &["pairs", "timer", "cms", "edge-next-hop", "version", "failover-after", "back-after", "format"],
            )?;
            let format = a.flag("format").unwrap_or("md");
            if !["md", "html", "json"].contains(&format) {
                return Err(format!("unknown --format `{}`: use md, html or json", p(format)));
            }
            let sim = imported(&a)?;
            let sc = sim.scenario();
            let mut inputs = failover_engine::plan::PlanInputs::for_topology(sc);
            let pool = |flag: &str| -> Result<Option<u16>, String> {
                let Some(fqdn) = a.flag(flag) else { return Ok(None) };
                let wanted = fqdn.trim().to_ascii_lowercase();
                sc.pools.iter().position(|p| p.id == wanted).map(|i| Some(i as u16)).ok_or_else(|| {
                    let known: Vec<&str> = sc.pools.iter().map(|p| p.id.as_str()).collect();
                    format!("--{flag}: no pool `{}` in the users file; its pools are {}", p(fqdn), known.join(", "))
                })
            };
            inputs.cms_pool = pool("cms")?;
            inputs.edge_next_hop = pool("edge-next-hop")?;
            let whole = |flag: &str, scale: u64| -> Result<Option<u64>, String> {
                a.flag(flag)
                    .map(|v| {
                        v.trim()
                            .parse::<u64>()
                            .map(|n| n.saturating_mul(scale))
                            .map_err(|_| format!("--{flag} is a whole number"))
                    })
                    .transpose()
            };
            if let Some(t) = whole("timer", 1)? {
                inputs.timer_s = t;
            }
            if let Some(t) = whole("failover-after", 60)? {
                inputs.failover_after_s = t;
            }
            if let Some(t) = whole("back-after", 60)? {
                inputs.back_after_s = t;
            }
            if let Some(v) = a.flag("version") {
                inputs.version = failover_engine::plan::Version::parse(v)
                    .ok_or_else(|| format!("--version is 2015 or 2019, not `{}`", p(v)))?;
            }
            let plan = failover_engine::plan::plan(sc, &inputs).map_err(|e| format!("plan: {e}"))?;
            Ok(match format {
                "html" => plan.html(),
                "json" => plan.json(),
                _ => plan.markdown(),
            })
        }
        "-h" | "--help" | "help" => Ok(format!("{USAGE}\n")),
        other => Err(format!(
            "unknown command `{other}`: use check, query, table, bench, import or plan (failover --help for usage)"
        )),
    }
}

/// Runs the reference scenario with `users` population users: build, play
/// the whole run second by second (pool counts and events, as the page
/// does), redraw every user at each event (as the stage does), then seek.
fn bench(users: u32, seeks: u32) -> Result<String, String> {
    let reference = builtin(REFERENCE).ok_or("reference scenario missing")?;
    let scenario = reference.scenario().map_err(|p| p.render(REFERENCE))?.with_population(users);
    let started = Instant::now();
    let sim = Simulation::new(scenario).map_err(|e| e.to_string())?;
    let build_ms = ms(started);
    let end = sim.end_time();
    let pools = sim.scenario().pools.len() as u16;
    let mut checksum: u64 = 0;
    let play = Instant::now();
    let mut t = SimTime::ZERO;
    let mut events = 0u32;
    let mut redraws = 0u32;
    let mut seen = 0usize;
    // Play second by second as the page does: redraw the users only when an
    // event happened since the last frame.
    while t <= end {
        let upto = sim.events().partition_point(|e| e.at <= t);
        let redraw = upto > seen;
        events += (upto - seen) as u32;
        seen = upto;
        for c in sim.pool_counts(t) {
            checksum = checksum.wrapping_add(u64::from(c.serving()));
        }
        if redraw {
            redraws += 1;
            checksum = checksum.wrapping_add(sweep(&sim, pools, t));
        }
        t = t.plus_ms(1000);
    }
    let play_ms = ms(play);
    // Seeks: snapshot for the tables plus every user's state for the stage.
    let mut rng = failover_engine::rng::SplitMix64::new(0x5EE_C0DE);
    let mut seek_ms = Vec::with_capacity(seeks as usize);
    for _ in 0..seeks {
        let target = SimTime(rng.next_u64() % end.ms().max(1));
        let s = Instant::now();
        let snap = sim.snapshot(target, None);
        checksum = checksum.wrapping_add(snap.pools.iter().map(|p| u64::from(p.serving)).sum::<u64>());
        checksum = checksum.wrapping_add(sweep(&sim, pools, target));
        seek_ms.push(ms(s));
    }
    seek_ms.sort_by(f64::total_cmp);
    let pct = |p: f64| seek_ms[((seek_ms.len() as f64 - 1.0) * p).round() as usize];
    // The page's editor redoes this on every keystroke: write the file,
    // parse it, replay the orders and build the run.
    let draft = failover_engine::draft::Draft::from_scenario(sim.scenario());
    let mut check_ms: Vec<f64> = (0..9)
        .map(|_| {
            let s = Instant::now();
            let checked = draft.check();
            checksum = checksum.wrapping_add(checked.toml.len() as u64);
            ms(s)
        })
        .collect();
    check_ms.sort_by(f64::total_cmp);
    let wall_ms = build_ms + play_ms;
    let simulated_s = end.ms() as f64 / 1000.0;
    let out = serde_json::json!({
        "users": sim.user_count(),
        "simulated_s": simulated_s,
        "wall_ms": round3(wall_ms),
        "build_ms": round3(build_ms),
        "play_ms": round3(play_ms),
        "events": events,
        "full_redraws": redraws,
        "realtime_factor": round3(simulated_s * 1000.0 / wall_ms.max(1e-9)),
        "seeks": seeks,
        "seek_ms_p50": round3(pct(0.5)),
        "seek_ms_p95": round3(pct(0.95)),
        "bytes_per_user": round3(sim.bytes_per_user()),
        "editor_check_ms_p50": round3(check_ms[check_ms.len() / 2]),
        "checksum": checksum,
    });
    serde_json::to_string_pretty(&out).map(|s| s + "\n").map_err(|e| e.to_string())
}

fn sweep(sim: &Simulation, pools: u16, t: SimTime) -> u64 {
    let mut acc = 0u64;
    for p in 0..pools {
        sim.for_each_user(p, t, |_, s| acc += u64::from(s.serving.map_or(0, |x| x + 1)));
    }
    acc
}

fn ms(since: Instant) -> f64 {
    since.elapsed().as_secs_f64() * 1000.0
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

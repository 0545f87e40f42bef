//! The command line as a user meets it: exit codes, messages, JSON shape.

use std::process::Command;

fn failover(args: &[&str]) -> (i32, String, String) {
    let out = Command::new(env!("CARGO_BIN_EXE_failover")).args(args).output().expect("binary runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into(),
        String::from_utf8_lossy(&out.stderr).into(),
    )
}

#[test]
fn check_accepts_builtins_and_files() {
    let (code, out, _) = failover(&["check", "builtin:working-day"]);
    assert_eq!(code, 0);
    assert!(out.contains("ok"), "{out}");
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../engine/scenarios/timer-only.toml");
    assert_eq!(failover(&["check", path]).0, 0);
}

#[test]
fn check_reports_every_problem_with_file_and_line() {
    let dir = std::env::temp_dir().join(format!("failover-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("bad.toml");
    std::fs::write(
        &file,
        "version = 1\n[[pools]]\nid = \"a\"\nbackup = \"zz\"\n[[users]]\nid = \"u\"\nhome = \"nope\"\n",
    )
    .unwrap();
    let (code, out, err) = failover(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 2, "{out}{err}");
    let f = file.to_str().unwrap();
    assert!(err.contains(&format!("{f}:4: backup pool `zz`")), "{err}");
    assert!(err.contains(&format!("{f}:7: user `u` is homed on `nope`")), "{err}");
}

#[test]
fn bad_input_exits_2_with_one_line() {
    for args in [
        vec!["check", "/no/such/file.toml"],
        vec!["query", "builtin:working-day", "--at", "-1"],
        vec!["query", "builtin:working-day", "--at", "ten"],
        vec!["query", "builtin:working-day", "--at", "5", "--user", "zed"],
        vec!["table", "builtin:working-day", "--user", "alice", "--format", "xls"],
        vec!["frobnicate"],
        vec!["bench", "--users", "many"],
        vec!["query", "builtin:no-such-scenario", "--at", "5"],
        vec!["table", "builtin:working-day"],
        vec!["bench", "--users", "1", "--seeks", "4294967295"],
        vec!["query", "/dev/zero", "--at", "1"],
        vec!["query", "--at", "1"],
        vec!["query", "builtin:working-day", "--at", "1", "--colour", "red"],
        vec!["query", "builtin:working-day", "--at", "1", "--at", "2"],
        vec!["query", "builtin:working-day", "--at", "999:00:00"],
        vec!["bench", "--seeks", "0"],
        vec!["bench", "--users", "4294967296"],
        vec!["bench", "extra"],
        vec![],
    ] {
        let (code, out, err) = failover(&args);
        assert_eq!(code, 2, "{args:?}");
        assert!(out.is_empty(), "{args:?}: nothing on stdout");
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        // One line with the reason, for usage errors too.
        let first = err.lines().next().unwrap_or("");
        assert!(first.len() > 10, "{args:?}: {err}");
        assert_eq!(err.trim().lines().count(), 1, "{args:?}: {err}");
    }
}

#[test]
fn query_prints_the_contract_json() {
    let (code, out, err) = failover(&["query", "builtin:working-day", "--at", "12:00", "--user", "alice"]);
    assert_eq!(code, 0, "{err}");
    for key in [
        "\"t_s\": 720",
        "\"dr_state\"",
        "\"health\": \"down\"",
        "\"connection\": \"signed-in\"",
        "\"pool\": \"pool-b\"",
        "\"mode\": \"resiliency\"",
        "\"add_contact\": \"no\"",
        "\"presence_same_pool\": \"unknown\"",
        "\"rejoin\": \"blocked\"",
    ] {
        assert!(out.contains(key), "missing {key} in {out}");
    }
}

#[test]
fn table_prints_one_row_per_phase_change() {
    let (code, out, _) = failover(&["table", "builtin:working-day", "--user", "alice", "--format", "csv"]);
    assert_eq!(code, 0);
    let phases: Vec<&str> = out.lines().skip(1).map(|l| l.split(',').nth(2).unwrap()).collect();
    assert_eq!(phases, ["1", "2", "3", "4", "5", "6", "7", "8"]);
}

#[test]
fn bench_prints_the_measures() {
    let (code, out, _) = failover(&["bench", "--users", "2000", "--seeks", "5"]);
    assert_eq!(code, 0);
    for key in [
        "users",
        "simulated_s",
        "wall_ms",
        "realtime_factor",
        "seek_ms_p50",
        "seek_ms_p95",
        "bytes_per_user",
        "editor_check_ms_p50",
    ] {
        assert!(out.contains(&format!("\"{key}\"")), "{key}");
    }
}

#[test]
fn malformed_toml_gives_file_and_line() {
    let dir = std::env::temp_dir().join(format!("failover-cli-malformed-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("broken.toml");
    std::fs::write(&file, "version = 1\n[[pools]\nid = \"a\"\n").unwrap();
    for args in [vec!["check", file.to_str().unwrap()], vec!["query", file.to_str().unwrap(), "--at", "5"]] {
        let (code, _, err) = failover(&args);
        assert_eq!(code, 2);
        assert!(err.starts_with(&format!("{}:2:", file.display())), "{err}");
        assert_eq!(err.trim().lines().count(), 1, "{err}");
    }
}

#[test]
fn every_time_table_prints_is_a_moment_query_agrees_with() {
    let (_, out, _) = failover(&["table", "builtin:working-day", "--user", "alice", "--format", "csv"]);
    for line in out.lines().skip(1) {
        let fields: Vec<&str> = line.split(',').collect();
        let (seconds, phase) = (fields[0], fields[2]);
        let (code, json, err) = failover(&["query", "builtin:working-day", "--at", seconds, "--user", "alice"]);
        assert_eq!(code, 0, "{err}");
        assert!(json.contains(&format!("\"phase\": {phase},")), "at {seconds}: expected phase {phase} in {json}");
    }
    assert!(out.contains("9900.54,2:45:00.540,8"), "failback completes inside a second: {out}");
}

#[test]
fn check_warns_beyond_the_supported_pair_size_and_still_accepts() {
    let dir = std::env::temp_dir().join(format!("failover-cli-big-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("big.toml");
    std::fs::write(
        &file,
        "version = 1\n[[pools]]\nid = \"a\"\nbackup = \"b\"\n[[pools]]\nid = \"b\"\nbackup = \"a\"\n[[population]]\npool = \"a\"\ncount = 106000\n[[population]]\npool = \"b\"\ncount = 106000\n",
    )
    .unwrap();
    let (code, out, err) = failover(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok"), "{out}");
    assert!(err.contains("warning") && err.contains("53,000"), "{err}");
}

#[test]
fn control_characters_typed_on_the_command_line_are_escaped() {
    let (code, _, err) =
        failover(&["query", "builtin:working-day", "--at", "1", "--user", "x\u{1b}[31m\nok: \"fake\""]);
    assert_eq!(code, 2);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(!err.trim().chars().any(char::is_control), "{err:?}");
}

#[test]
fn a_file_name_with_control_characters_is_opened_and_shown_escaped() {
    let dir = std::env::temp_dir().join(format!("failover-cli-names-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("a\nb.toml");
    std::fs::write(&file, "version = 1\ntitle = \"x\"\n[[pools]]\nid = \"solo\"\n").unwrap();
    let (code, out, err) = failover(&["check", file.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("ok"), "{out}");
    let missing = dir.join("no\u{1b}pe.toml");
    let (code, _, err) = failover(&["check", missing.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.contains("\\u{1b}") && !err.contains('\u{1b}'), "{err:?}");
}

#[test]
fn import_builds_a_scenario_from_get_csuser_exports() {
    let dir = std::env::temp_dir().join(format!("failover-cli-import-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let users = dir.join("users.csv");
    let text =
        failover_engine::import::powershell_users_export(60_000, &["dublin.contoso.com", "amsterdam.contoso.com"]);
    std::fs::write(&users, text).unwrap();
    let pairs = dir.join("pairs.csv");
    std::fs::write(&pairs, "PrimaryPoolFqdn,BackupPoolFqdn\ndublin.contoso.com,amsterdam.contoso.com\namsterdam.contoso.com,dublin.contoso.com\n").unwrap();
    let (code, toml, err) =
        failover(&["import", users.to_str().unwrap(), "--pairs", pairs.to_str().unwrap(), "--named", "2"]);
    assert_eq!(code, 0, "{err}");
    assert!(toml.contains("backup = \"amsterdam.contoso.com\""), "{toml}");
    assert!(toml.contains("count = 29999"), "{toml}");
    let out = dir.join("ours.toml");
    std::fs::write(&out, &toml).unwrap();
    let (code, ok, err) = failover(&["check", out.to_str().unwrap()]);
    assert_eq!(code, 0, "{err}");
    assert!(ok.contains("60,000 users"), "{ok}");
    // A bad file: FILE:LINE, one line, exit 2.
    let bad = dir.join("bad.csv");
    std::fs::write(&bad, "SipAddress,DisplayName,RegistrarPool\nsip:a@x,A\n").unwrap();
    let (code, _, err) = failover(&["import", bad.to_str().unwrap()]);
    assert_eq!(code, 2);
    assert!(err.starts_with(&format!("{}:2: 2 fields, but the header has 3", bad.display())), "{err}");
}

// Issue 21, finding 7: a pipe is refused at once (it used to hang `check`
// and `import`), and a UTF-16 export reads as the page reads it.
#[cfg(unix)]
#[test]
fn a_pipe_is_refused_and_utf16_exports_are_read() {
    let dir = std::env::temp_dir().join(format!("failover-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let fifo = dir.join("users.fifo");
    let _ = std::fs::remove_file(&fifo);
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    for command in ["check", "import"] {
        let (code, _, err) = failover(&[command, fifo.to_str().unwrap()]);
        assert_eq!(code, 2, "{command}");
        assert!(err.contains("not a file"), "{command}: {err}");
    }
    let text = "SipAddress,DisplayName,RegistrarPool\r\nsip:seán@x,Seán,p.x\r\n";
    let mut bytes = vec![0xFF, 0xFE];
    bytes.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let utf16 = dir.join("users-utf16.csv");
    std::fs::write(&utf16, bytes).unwrap();
    let (code, out, err) = failover(&["import", utf16.to_str().unwrap(), "--named", "1"]);
    assert_eq!(code, 0, "{err}");
    assert!(out.contains("seán@x"), "{out}");
    let _ = std::fs::remove_dir_all(&dir);
}

// Issue 21, finding 8: what was typed is echoed, but not all of it.
#[test]
fn a_huge_argument_is_not_echoed_whole() {
    let long = "x".repeat(100_000);
    let (code, _, err) = failover(&["query", "builtin:working-day", "--at", "1", "--user", &long]);
    assert_eq!(code, 2);
    assert!(err.len() < 500, "{} bytes on stderr", err.len());
}

/// The admin of issue 24: Dublin 21,000 users, Amsterdam 17,000, each the
/// other's backup, as `Get-CsUser` and `Get-CsUserPoolInfo` export them.
fn dublin_amsterdam_exports(dir: &std::path::Path) -> (String, String) {
    let mut users = String::from("\u{feff}#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\r\n\"SipAddress\",\"DisplayName\",\"RegistrarPool\"\r\n");
    for i in 0..38_000 {
        let pool = if i < 21_000 { "dub-fe.contoso.com" } else { "ams-fe.contoso.com" };
        users.push_str(&format!("\"sip:user{i}@contoso.com\",\"User {i}, Sales\",\"{pool}\"\r\n"));
    }
    let pairs = "\"PrimaryPoolFqdn\",\"BackupPoolFqdn\"\r\n\"dub-fe.contoso.com\",\"ams-fe.contoso.com\"\r\n\"ams-fe.contoso.com\",\"dub-fe.contoso.com\"\r\n";
    let (u, p) = (dir.join("users.csv"), dir.join("pairs.csv"));
    std::fs::write(&u, users).unwrap();
    std::fs::write(&p, pairs).unwrap();
    (u.to_str().unwrap().to_string(), p.to_str().unwrap().to_string())
}

#[test]
fn plan_from_the_exports_matches_its_golden_markdown() {
    let dir = std::env::temp_dir().join(format!("failover-cli-plan-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (users, pairs) = dublin_amsterdam_exports(&dir);
    let args =
        ["plan", &users, "--pairs", &pairs, "--cms", "dub-fe.contoso.com", "--edge-next-hop", "dub-fe.contoso.com"];
    let (code, md, err) = failover(&args);
    assert_eq!(code, 0, "{err}");
    let golden = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/plan-two-pools.md");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &md).unwrap();
    }
    let want = std::fs::read_to_string(&golden).expect("golden file (UPDATE_GOLDEN=1 writes it)");
    assert_eq!(md, want, "the plan changed: review it, then UPDATE_GOLDEN=1");
    for format in ["html", "json"] {
        let mut with = args.to_vec();
        with.extend(["--format", format]);
        let (code, out, err) = failover(&with);
        assert_eq!(code, 0, "{err}");
        assert!(!out.is_empty());
        if format == "json" {
            serde_json::from_str::<serde_json::Value>(&out).expect("the plan's JSON parses");
        }
    }
    // Bad answers: one line, exit 2.
    let (code, _, err) = failover(&["plan", &users, "--pairs", &pairs, "--cms", "nowhere.contoso.com"]);
    assert_eq!(code, 2);
    assert!(err.contains("--cms: no pool `nowhere.contoso.com`"), "{err}");
    let (code, _, err) = failover(&["plan", &users, "--version", "2013"]);
    assert_eq!(code, 2);
    assert!(err.contains("--version is 2015 or 2019"), "{err}");
}

/// Every moment of the plan is one `query` agrees with: the run of "your
/// plan" written as a scenario file and asked at each of its moments.
#[test]
fn every_moment_of_the_plan_is_what_query_says() {
    let dir = std::env::temp_dir().join(format!("failover-cli-plan-query-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (users, pairs) = dublin_amsterdam_exports(&dir);
    let (code, json, err) = failover(&["plan", &users, "--pairs", &pairs, "--timer", "300", "--format", "json"]);
    assert_eq!(code, 0, "{err}");
    let plan: serde_json::Value = serde_json::from_str(&json).unwrap();
    let (code, toml, err) = failover(&["import", &users, "--pairs", &pairs]);
    assert_eq!(code, 0, "{err}");
    let mut sc = failover_engine::check::load(&toml).unwrap().scenario().clone();
    sc.config.registrar_timer_s = 300;
    let inputs =
        failover_engine::plan::PlanInputs { timer_s: 300, ..failover_engine::plan::PlanInputs::for_topology(&sc) };
    let engine_plan = failover_engine::plan::plan(&sc, &inputs).unwrap();
    for (k, failure) in engine_plan.failures.iter().enumerate() {
        let yours = failure.yours();
        sc.timeline = yours.orders.clone();
        let file = dir.join(format!("yours-{k}.toml"));
        std::fs::write(&file, failover_engine::draft::Draft::from_scenario(&sc).check().toml).unwrap();
        let variant = plan["failures"][k]["variants"].as_array().unwrap().iter().find(|v| v["yours"] == true).unwrap();
        let query = |ms: u64| -> serde_json::Value {
            let at = format!("{}.{:03}", ms / 1000, ms % 1000);
            let (code, out, err) = failover(&["query", file.to_str().unwrap(), "--at", &at]);
            assert_eq!(code, 0, "{err}");
            let snap: serde_json::Value = serde_json::from_str(&out).unwrap();
            snap["pools"][k].clone()
        };
        let users = failure.users as u64;
        let ms = |key: &str| variant[key].as_u64().unwrap_or_else(|| panic!("{key} in {variant}"));
        // Signing in: the timer (300 s) comes before the failover at 10:00.
        assert_eq!(ms("signin_at_ms"), 300_000);
        assert_eq!(query(ms("signin_at_ms") - 1)["signed_out_homed"], users);
        assert_eq!(query(ms("failover_done_at_ms") - 1)["dr_state"], "failing-over");
        assert_eq!(query(ms("failover_done_at_ms"))["dr_state"], "failed-over");
        assert_eq!(query(ms("failback_at_ms"))["dr_state"], "failing-back");
        assert_eq!(query(ms("failback_up_to_done_at_ms"))["dr_state"], "normal");
        assert_eq!(query(ms("home_at_ms"))["serving_regular"], users);
        assert!(query(ms("home_at_ms") - 1)["serving_regular"].as_u64().unwrap() < users);
    }
}

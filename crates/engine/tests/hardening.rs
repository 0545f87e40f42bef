//! Hostile and careless scenario files (issue 13): each finding has a test
//! named after it.

use failover_engine::check;
use failover_engine::scenario::{printable, MAX_POOLS, MAX_SCENARIO_S, MAX_TOTAL_USERS};
use failover_engine::Scenario;

fn problems(text: &str) -> String {
    match check::load(text) {
        Ok(_) => String::new(),
        Err(p) => p.render("f.toml"),
    }
}

const PAIR: &str = "version = 1\n[[pools]]\nid = \"a\"\nbackup = \"b\"\n[[pools]]\nid = \"b\"\nbackup = \"a\"\n";

#[test]
fn a_scenario_with_more_pools_than_the_stage_can_draw_is_refused_with_the_limit() {
    let mut text = String::from("version = 1\n");
    for i in 0..=MAX_POOLS {
        text.push_str(&format!("[[pools]]\nid = \"p{i}\"\n[[population]]\npool = \"p{i}\"\ncount = 1\n"));
    }
    let out = problems(&text);
    assert!(out.contains(&format!("at most {MAX_POOLS}")), "{out}");
    let ok: String = (0..MAX_POOLS).map(|i| format!("[[pools]]\nid = \"p{i}\"\n")).collect();
    assert!(check::load(&format!("version = 1\n{ok}")).is_ok());
}

#[test]
fn the_total_number_of_users_is_capped() {
    let mut text = String::from("version = 1\n");
    for i in 0..11 {
        text.push_str(&format!("[[pools]]\nid = \"p{i}\"\n[[population]]\npool = \"p{i}\"\ncount = 106000\n"));
    }
    let out = problems(&text);
    assert!(out.contains(&format!("at most {MAX_TOTAL_USERS}")), "{out}");
}

#[test]
fn population_counts_never_wrap_around() {
    let mut text = String::from(PAIR);
    for _ in 0..40_600 {
        text.push_str("[[population]]\npool = \"a\"\ncount = 106000\n");
    }
    let out = if text.len() > failover_engine::scenario::MAX_FILE_BYTES {
        // Too big to read at all: refused with the size limit instead.
        problems(&text)
    } else {
        problems(&text)
    };
    assert!(!out.is_empty(), "accepted");
    assert!(!out.contains("1000 users"), "{out}");
    // Within the size limit: many entries for one pool add up without wrapping.
    let mut small = String::from(PAIR);
    for _ in 0..3 {
        small.push_str("[[population]]\npool = \"a\"\ncount = 106000\n");
    }
    let out = problems(&small);
    assert!(out.contains("has 318000 users"), "{out}");
}

#[test]
fn control_characters_in_ids_are_escaped_in_every_message() {
    let text = "version = 1\n[[pools]]\nid = \"a\\u001b[31m\\nf.toml:1: ok: \\\"fake\\\"\"\n[[users]]\nid = \"u\"\nhome = \"zz\\u0007\"\n";
    let out = problems(text);
    assert!(!out.chars().any(|c| c.is_control() && c != '\n'), "{out:?}");
    assert_eq!(out.lines().count(), 2, "one line per problem, none forged: {out}");
    assert!(out.lines().all(|l| l.starts_with("f.toml:3:") || l.starts_with("f.toml:6:")), "{out}");
    assert!(out.contains("control or invisible formatting characters"), "{out}");
    assert_eq!(printable("a\u{1b}b\n"), "a\\u{1b}b\\n");
}

#[test]
fn times_beyond_the_longest_scenario_are_refused() {
    let text = format!("{PAIR}[[timeline]]\nat = 9223372036854775807\naction = \"pool-fails\"\npool = \"a\"\n");
    let out = problems(&text);
    assert!(out.contains("beyond the longest scenario"), "{out}");
    let ok = format!("{PAIR}[[timeline]]\nat = {MAX_SCENARIO_S}\naction = \"pool-fails\"\npool = \"a\"\n");
    assert!(check::load(&ok).is_ok(), "{}", problems(&ok));
}

#[test]
fn a_rejoin_before_its_session_starts_is_refused() {
    let text = format!(
        "{PAIR}[[users]]\nid = \"x\"\nhome = \"a\"\n[[users]]\nid = \"y\"\nhome = \"b\"\n[[sessions]]\nid = \"s\"\nkind = \"p2p\"\nusers = [\"x\", \"y\"]\nat = \"10:00\"\n[[timeline]]\nat = \"5:00\"\naction = \"user-rejoins\"\nuser = \"x\"\nsession = \"s\"\n"
    );
    let out = problems(&text);
    assert!(out.contains("f.toml:21:") && out.contains("has not started"), "{out}");
}

#[test]
fn the_refusal_of_a_repeated_order_is_reported_at_its_own_line() {
    let text = format!("{PAIR}[[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"a\"\n[[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"a\"\n");
    let out = problems(&text);
    // The second entry's action is on line 14 (the first's on line 10).
    assert!(out.starts_with("f.toml:14: Pool fails refused at 1:00: a is already down"), "{out}");
    assert_eq!(out.lines().count(), 1, "{out}");
}

#[test]
fn the_reconnect_spread_is_checked_against_the_failover_duration_with_defaults_too() {
    let text = format!("version = 1\n[config]\nfailover_duration_s = 10\n{}", &PAIR["version = 1\n".len()..]);
    let out = problems(&text);
    assert!(out.contains("f.toml:3:") && out.contains("reconnect_spread_s (60 s) cannot exceed"), "{out}");
}

#[test]
fn an_oversized_file_is_refused_with_the_size_limit() {
    let text = format!("{PAIR}# {}\n", "x".repeat(9 * 1024 * 1024));
    let out = Scenario::parse(&text).unwrap_err().render("big.toml");
    assert!(out.contains("at most 2048 KB"), "{out}");
}

#[test]
fn ids_and_names_are_short_and_visible() {
    let long_id = "p".repeat(100);
    let text = format!("version = 1\ntitle = \"{}\"\n[[pools]]\nid = \"{long_id}\"\n[[pools]]\nid = \"b\\u200b\"\nname = \"t\\u202egnp.exe\"\n", "t".repeat(300));
    let out = problems(&text);
    assert!(out.contains("longer than 64 characters"), "{out}");
    assert!(out.contains("the title is longer than 200 characters"), "{out}");
    assert!(out.contains("pool id `b\\u{200b}` contains control or invisible formatting characters"), "{out}");
    assert!(out.contains("the pool's name contains control or invisible formatting characters"), "{out}");
    assert!(!out.contains('\u{202e}') && !out.contains('\u{200b}'), "{out}");
    assert!(out.len() < 1000, "messages are short: {} bytes", out.len());
}

#[test]
fn a_number_beyond_64_bits_names_its_field() {
    let text = "version = 1\n[[pools]]\nid = \"a\"\n[[population]]\npool = \"a\"\ncount = 99999999999999999999\n";
    let problems = Scenario::parse(text).unwrap_err().render("huge.toml");
    assert_eq!(problems.trim(), "huge.toml:6: `count` is far too large a number");
}

#[test]
fn an_empty_session_id_and_hidden_characters_in_captions_and_questions_are_refused_at_their_line() {
    let users = "[[users]]\nid = \"u\"\nhome = \"a\"\n[[users]]\nid = \"v\"\nhome = \"a\"\n";
    let empty = format!("{PAIR}{users}[[sessions]]\nid = \"\"\nkind = \"p2p\"\nusers = [\"u\", \"v\"]\n");
    assert!(problems(&empty).contains("f.toml:15: a session id cannot be empty"), "{}", problems(&empty));
    let caption = format!("{PAIR}[[captions]]\nat = \"1:00\"\ntext = \"Pool \\u0000 down\\nsecond line\"\n");
    assert!(problems(&caption).contains("f.toml:9: the caption's text contains control"), "{}", problems(&caption));
    let fine = format!("{PAIR}[[captions]]\nat = \"1:00\"\ntext = \"Pool A is down.\\n\\tIts users sign out.\"\n");
    assert_eq!(problems(&fine), "");
    let question = format!(
        "{PAIR}{users}[[checkpoints]]\nat = \"1:00\"\nuser = \"u\"\ncapability = \"p2p\"\nquestion = \"Can u\\u202e call?\"\n"
    );
    assert!(problems(&question).contains("the question contains control"), "{}", problems(&question));
}

// The file is read from the parsed TOML by hand (no serde derive): unknown
// keys, wrong types and missing keys are still refused, at their line.
#[test]
fn unknown_keys_wrong_types_and_missing_keys_are_refused_at_their_line() {
    let render = |text: &str| Scenario::parse(text).unwrap_err().render("s.toml").trim().to_string();
    assert_eq!(
        render("version = 1\n[[pools]]\nid = \"a\"\ncolour = \"red\"\n"),
        "s.toml:4: unknown field `colour`, expected one of `id`, `name`, `backup`, `edge_next_hop`, `hosts_cms`"
    );
    assert_eq!(render("version = 1\n[[pools]]\nid = 3\n"), "s.toml:3: `id` is text, not an integer");
    assert_eq!(render("version = 1\n[[pools]]\nname = \"A\"\n"), "s.toml:2: missing field `id`");
    assert_eq!(
        render("version = 1\n[[users]]\nid = \"u\"\nhome = \"a\"\nsigned_in = 1\n"),
        "s.toml:5: `signed_in` is true or false, not an integer"
    );
    assert_eq!(render("title = \"no version\"\n"), "s.toml:1: missing field `version`");
    assert!(render("version = 1\n[[pools]\n").starts_with("s.toml:2:"), "{}", render("version = 1\n[[pools]\n"));
    // Numbers as TOML writes them: underscores, hexadecimal.
    let sc =
        Scenario::parse("version = 1\n[[pools]]\nid = \"a\"\n[[population]]\npool = \"a\"\ncount = 1_000\n").unwrap();
    assert_eq!(sc.pools[0].population, 1000);
    let sc = Scenario::parse("version = 0x1\n[[pools]]\nid = \"a\"\n").unwrap();
    assert_eq!(sc.version, 1);
}

/// Text the writer quotes reads back as it was, whatever it holds.
#[test]
fn quoted_text_reads_back_as_written() {
    for title in ["plain", "with \"quotes\" and \\ backslash", "Dublin → Amsterdam ü", "'single'"] {
        let text =
            format!("version = 1\ntitle = {}\n[[pools]]\nid = \"a\"\n", failover_engine::text::toml_string(title));
        assert_eq!(Scenario::parse(&text).unwrap().title, title, "{text}");
    }
}

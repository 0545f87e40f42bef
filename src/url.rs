//! The page's URL (CONTRACT.md): `?scenario=S&t=SECONDS&user=ID&view=...&speed=N&play=1&embed=1`,
//! plus `observer`, `origins`, `guide`, `presenter`, `compare`, `panels`,
//! `tab` and the bench mode `?bench=render&users=N&frames=F`. [`Link`] is the
//! one value type for a screen: `parse` reads it, `Link::write` writes every
//! field back. Parsing is pure and total: a bad parameter becomes a readable
//! notice and its default.

use crate::screen::{Mode, Panel, Variant, View, SPEEDS};

/// What a link asks for.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Link {
    /// A built-in name, scenario TOML, or a packed scenario (`pk:` and its
    /// bytes in base64url, as a SCORM package's lesson).
    pub scenario: Option<String>,
    /// Who the page is for (`mode=learn`); `None`: the default for the link.
    pub mode: Option<Mode>,
    pub t_s: Option<u64>,
    /// Named user id.
    pub user: Option<String>,
    pub view: Option<View>,
    pub speed: Option<u32>,
    pub play: bool,
    /// Minimal chrome for iframes.
    pub embed: bool,
    /// The presenter's console: speaker notes in a second window that
    /// follows the projected one (`console=1`, with `mode=present`).
    pub console: bool,
    /// Bench mode: (users, frames).
    pub bench: Option<(u32, u32)>,
    /// Import bench mode: rows of the users export.
    pub import_bench: Option<u32>,
    /// Plan bench mode (`bench=plan`): users of the two-pool topology planned.
    pub plan_bench: Option<u32>,
    /// Open the worst legal scenario, timed (`bench=worst`).
    pub worst_bench: bool,
    /// Origins allowed to send embedding commands (`origins=a,b`).
    pub origins: Vec<String>,
    /// Guided mode (pause at captions) on or off.
    pub guide: Option<bool>,
    /// Compare with a variant.
    pub compare: Option<Variant>,
    /// The observer of the observer view (named user id).
    pub observer: Option<String>,
    /// What an embed shows (`panels=stage,inspector,...`); `None`: the default.
    pub panels: Option<Vec<Panel>>,
    /// The drawer tab open (`tab=tables`).
    pub tab: Option<Panel>,
    /// Launched by a SCORM package of this version (`scorm12`/`scorm2004`).
    pub scorm: Option<String>,
    /// The package's pass mark, percent of the checkpoints right.
    pub pass: Option<u32>,
    /// Readable messages about bad parameters.
    pub notices: Vec<String>,
}

impl Link {
    /// The query string: every field that differs from its default, in a
    /// fixed order (the scenario first), so `parse(link.write())` gives the
    /// same link back.
    pub fn write(&self) -> String {
        let mut q = String::from("?");
        let mut put = |k: &str, v: &str| {
            if q.len() > 1 {
                q.push('&');
            }
            q.push_str(k);
            q.push('=');
            q.push_str(v);
        };
        if let Some(s) = &self.scenario {
            // Built-in names stay readable; a file goes in its compact form.
            let value = if s.contains('=') { compact_scenario(s) } else { s.clone() };
            put("scenario", &percent_encode(&value));
        }
        if let Some(m) = self.mode {
            put("mode", m.as_str());
        }
        if let Some(t) = self.t_s {
            put("t", &t.to_string());
        }
        if let Some(u) = &self.user {
            put("user", &percent_encode(u));
        }
        if let Some(v) = self.view.filter(|&v| v != View::Affected) {
            put("view", v.as_str());
        }
        if let Some(o) = &self.observer {
            put("observer", &percent_encode(o));
        }
        if let Some(s) = self.speed {
            put("speed", &s.to_string());
        }
        if self.play {
            put("play", "1");
        }
        if self.embed {
            put("embed", "1");
        }
        if self.console {
            put("console", "1");
        }
        if let Some(panels) = &self.panels {
            put("panels", &panels.iter().map(|p| p.as_str()).collect::<Vec<_>>().join(","));
        }
        if let Some(tab) = self.tab {
            put("tab", tab.as_str());
        }
        if !self.origins.is_empty() {
            put("origins", &percent_encode(&self.origins.join(",")));
        }
        if let Some(g) = self.guide {
            put("guide", if g { "1" } else { "0" });
        }
        if let Some(c) = self.compare {
            put("compare", c.as_str());
        }
        if let Some(v) = &self.scorm {
            put("scorm", v);
        }
        if let Some(p) = self.pass {
            put("pass", &p.to_string());
        }
        if let Some((users, frames)) = self.bench {
            put("bench", "render");
            put("users", &users.to_string());
            put("frames", &frames.to_string());
        }
        if let Some(rows) = self.import_bench {
            put("bench", "import");
            put("users", &rows.to_string());
        }
        if let Some(users) = self.plan_bench {
            put("bench", "plan");
            put("users", &users.to_string());
        }
        if self.worst_bench {
            put("bench", "worst");
        }
        q
    }
}

/// Decodes `%XX` and `+` (the form encoding URLSearchParams writes).
pub fn percent_decode(s: &str) -> Result<String, String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'%' => {
                let hex = bytes
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok());
                match hex {
                    Some(b) => out.push(b),
                    None => return Err("a % is not followed by two hex digits".into()),
                }
                i += 3;
            }
            b'+' => {
                out.push(b' ');
                i += 1;
            }
            b => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).map_err(|_| "the text is not UTF-8".into())
}

/// Encodes for a query value.
pub fn percent_encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

const B64: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

/// Base64url without padding: the compact form links use for a custom
/// scenario (a third larger than the file, where percent-encoding TOML
/// roughly doubles it).
pub fn base64url_encode(bytes: &[u8]) -> String {
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [chunk[0], chunk.get(1).copied().unwrap_or(0), chunk.get(2).copied().unwrap_or(0)];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(B64[((n >> (18 - 6 * i)) & 63) as usize] as char);
        }
    }
    out
}

/// Decodes [`base64url_encode`]'s output (padding tolerated).
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, String> {
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc: u32 = 0;
    let mut bits = 0;
    for c in text.trim_end_matches('=').bytes() {
        let v = B64.iter().position(|&x| x == c).ok_or("it is not base64url text")? as u32;
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    Ok(out)
}

/// The compact form of a scenario file in a link.
pub fn compact_scenario(toml: &str) -> String {
    format!("b64:{}", base64url_encode(toml.as_bytes()))
}

/// Parses a query string (with or without the leading `?`).
pub fn parse(query: &str) -> Link {
    let mut link = Link::default();
    let mut bench_kind = None;
    let mut users = None;
    let mut frames = None;
    let mut seen: Vec<&str> = Vec::new();
    for pair in query.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
        let (key, raw) = pair.split_once('=').unwrap_or((pair, ""));
        // A parameter given twice: the first counts, and the link says so.
        if seen.contains(&key) {
            link.notices.push(format!("Ignored the second \"{}\" in the link: the first one counts.", shorten(key)));
            continue;
        }
        if seen.len() < 64 {
            seen.push(key);
        }
        let value = match percent_decode(raw) {
            Ok(v) => v,
            Err(e) => {
                link.notices.push(format!("Ignored the link's \"{key}\": {e}."));
                continue;
            }
        };
        let mut bad = |what: &str| link.notices.push(format!("Ignored {key}={}: {what}", shorten(&value)));
        match key {
            "scenario" if value == "b64:" => bad("the compact scenario file is empty."),
            "scenario" if value.starts_with("b64:") => match base64url_decode(&value[4..]).map(String::from_utf8) {
                Ok(Ok(text)) => link.scenario = Some(text),
                _ => bad("the compact scenario is damaged."),
            },
            "scenario" if value.starts_with("pk:") => match base64url_decode(&value[3..]) {
                Ok(bytes) if !bytes.is_empty() => link.scenario = Some(value),
                _ => bad("the packed scenario is damaged."),
            },
            "scenario" if !value.trim().is_empty() => link.scenario = Some(value),
            "scenario" => bad("it is empty."),
            // Whole seconds; a fraction is read and dropped (no float parser
            // in the page: it costs about 6 KB).
            "t" => match value.split_once('.').unwrap_or((value.as_str(), "")) {
                (whole, fraction) if fraction.bytes().all(|b| b.is_ascii_digit()) => match whole.parse::<u64>() {
                    Ok(t) if t < 1_000_000_000 => link.t_s = Some(t),
                    _ => bad("t is a number of seconds from 0."),
                },
                _ => bad("t is a number of seconds from 0."),
            },
            "user" if !value.is_empty() => link.user = Some(value),
            "user" => bad("it is empty."),
            "view" => match value.as_str() {
                "affected" => link.view = Some(View::Affected),
                "observer" => link.view = Some(View::Observer),
                _ => bad("view is \"affected\" or \"observer\"."),
            },
            "speed" => match value.parse::<u32>() {
                Ok(s) if (1..=1000).contains(&s) => link.speed = Some(nearest_speed(s)),
                _ => bad("speed is a whole number from 1 to 1000."),
            },
            "play" => match value.as_str() {
                "1" | "true" => link.play = true,
                "0" | "false" => link.play = false,
                _ => bad("play is 1 or 0."),
            },
            "embed" => match value.as_str() {
                "1" | "true" => link.embed = true,
                "0" | "false" => link.embed = false,
                _ => bad("embed is 1 or 0."),
            },
            "console" => match value.as_str() {
                "1" | "true" => link.console = true,
                "0" | "false" => link.console = false,
                _ => bad("console is 1 or 0."),
            },
            "origins" => {
                for o in value.split(',').map(str::trim).filter(|o| !o.is_empty()) {
                    // `*` is refused: any site could then drive the simulator
                    // and hear its events (docs/EMBEDDING.md).
                    if o == "*" {
                        link.notices.push(
                            "Ignored origins=*: name the embedding page's origin (scheme://host[:port]), so no other site can drive this simulator or hear its events.".into(),
                        );
                        continue;
                    }
                    let ok = (o.starts_with("https://") || o.starts_with("http://"))
                        && !o["https://".len().min(o.len())..].contains('/');
                    if ok {
                        link.origins.push(o.trim_end_matches('/').to_string());
                    } else {
                        link.notices
                            .push(format!("Ignored the origin \"{}\": an origin is scheme://host[:port].", shorten(o)));
                    }
                }
            }
            "guide" => match value.as_str() {
                "1" | "true" => link.guide = Some(true),
                "0" | "false" => link.guide = Some(false),
                _ => bad("guide is 1 or 0."),
            },
            "mode" => match Mode::parse(&value) {
                Some(m) => link.mode = Some(m),
                None => bad(&format!("mode is one of {}.", Mode::ALL.map(Mode::as_str).join(", "))),
            },
            // Links from before the modes: presenter=1 is the Present mode.
            "presenter" => match value.as_str() {
                "1" | "true" => link.mode = Some(Mode::Present),
                "0" | "false" => {}
                _ => bad("presenter is 1 or 0."),
            },
            "observer" if !value.is_empty() => link.observer = Some(value),
            "observer" => bad("it is empty."),
            "panels" => {
                let mut panels = Vec::new();
                for name in value.split(',').map(str::trim).filter(|n| !n.is_empty()) {
                    match Panel::parse(name) {
                        Some(p) if !panels.contains(&p) => panels.push(p),
                        Some(_) => {}
                        None => link.notices.push(format!(
                            "Ignored the unknown panel \"{}\": panels are {}.",
                            shorten(name),
                            Panel::ALL.map(|p| p.as_str()).join(", ")
                        )),
                    }
                }
                link.panels = Some(panels);
            }
            "tab" => match Panel::parse(&value).filter(|p| Panel::TABS.contains(p)) {
                Some(p) => link.tab = Some(p),
                None => bad(&format!("tab is one of {}.", Panel::TABS.map(|p| p.as_str()).join(", "))),
            },
            "scorm" => match value.as_str() {
                "scorm12" | "scorm2004" => link.scorm = Some(value),
                _ => bad("scorm is scorm12 or scorm2004."),
            },
            "pass" => match value.parse::<u32>() {
                Ok(p) if p <= 100 => link.pass = Some(p),
                _ => bad("pass is a percentage from 0 to 100."),
            },
            "compare" => match Variant::parse(&value) {
                Some(v) => link.compare = Some(v),
                None => bad("compare is \"at-once\" or \"timer-only\"."),
            },
            "bench" => match value.as_str() {
                "render" => bench_kind = Some('r'),
                "import" => bench_kind = Some('i'),
                "plan" => bench_kind = Some('p'),
                "worst" => link.worst_bench = true,
                _ => bad("the bench mode is \"render\", \"import\", \"plan\" or \"worst\"."),
            },
            "users" => match value.parse::<u32>() {
                Ok(n) if (1..=212_000).contains(&n) => users = Some(n),
                _ => bad("users is a whole number from 1 to 212000."),
            },
            "frames" => match value.parse::<u32>() {
                Ok(n) if (10..=10_000).contains(&n) => frames = Some(n),
                _ => bad("frames is a whole number from 10 to 10000."),
            },
            _ => link.notices.push(format!("Ignored the unknown link parameter \"{}\".", shorten(key))),
        }
    }
    match bench_kind {
        Some('r') => link.bench = Some((users.unwrap_or(106_000), frames.unwrap_or(300))),
        Some('i') => link.import_bench = Some(users.unwrap_or(100_000)),
        Some(_) => link.plan_bench = Some(users.unwrap_or(106_000)),
        None => {}
    }
    link
}

fn nearest_speed(s: u32) -> u32 {
    SPEEDS.iter().copied().min_by_key(|&x| x.abs_diff(s)).unwrap_or(60)
}

/// At most 40 characters of what the user wrote, for messages.
pub fn shorten(s: &str) -> String {
    let mut out: String = failover_engine::scenario::printable(&s.chars().take(40).collect::<String>());
    if s.chars().count() > 40 {
        out.push('…');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip() {
        let link = Link {
            scenario: Some("working-day".into()),
            t_s: Some(1234),
            user: Some("alice".into()),
            view: Some(View::Observer),
            speed: Some(100),
            play: true,
            embed: true,
            ..Link::default()
        };
        let q = link.write();
        let l = parse(&q);
        assert_eq!(l.scenario.as_deref(), Some("working-day"));
        assert_eq!(
            (l.t_s, l.user.as_deref(), l.view, l.speed, l.play, l.embed),
            (Some(1234), Some("alice"), Some(View::Observer), Some(100), true, true)
        );
        assert!(l.notices.is_empty());
    }

    #[test]
    fn bad_parameters_fall_back_with_a_notice() {
        let l = parse("?t=-5&speed=0&view=sideways&play=maybe&zzz=1&scenario=%ZZ");
        assert_eq!((l.t_s, l.speed, l.view, l.play), (None, None, None, false));
        assert_eq!(l.notices.len(), 6, "{:?}", l.notices);
    }

    #[test]
    fn percent_encoded_toml_survives() {
        let toml = "version = 1\n[[pools]]\nid = \"a b\"\n";
        let l = parse(&format!("?scenario={}", percent_encode(toml)));
        assert_eq!(l.scenario.as_deref(), Some(toml));
    }

    #[test]
    fn compact_scenarios_round_trip() {
        for text in ["", "a", "ab", "abc", "version = 1\n[[pools]]\nid = \"ü\"\n"] {
            assert_eq!(base64url_decode(&base64url_encode(text.as_bytes())).unwrap(), text.as_bytes());
        }
        let toml = "version = 1\n[[pools]]\nid = \"a\"\n";
        let l = parse(&format!("?scenario={}", compact_scenario(toml)));
        assert_eq!(l.scenario.as_deref(), Some(toml));
        assert_eq!(parse("?scenario=b64:%%%").notices.len(), 1);
        assert!(compact_scenario(toml).len() < percent_encode(toml).len());
    }

    #[test]
    fn random_queries_never_panic() {
        // A deterministic fuzz: random bytes from the characters links are made of.
        let alphabet: Vec<char> = "?&=%+-_.~:/ abcxyz0123456789ABCDEF%20%ZZ%F0%9F\u{e9}\u{1F600}".chars().collect();
        let mut rng = failover_engine::rng::SplitMix64::new(99);
        for _ in 0..20_000 {
            let len = rng.below(60) as usize;
            let q: String = (0..len).map(|_| alphabet[rng.below(alphabet.len() as u32) as usize]).collect();
            let l = parse(&q);
            // What parses writes back and parses to the same link.
            let mut again = parse(&l.write());
            again.notices.clear();
            assert_eq!(again, Link { notices: Vec::new(), ..l.clone() }, "{q:?}");
            let _ = base64url_decode(&q);
        }
        for key in [
            "scenario",
            "t",
            "user",
            "view",
            "speed",
            "play",
            "embed",
            "bench",
            "users",
            "frames",
            "origins",
            "guide",
            "presenter",
            "console",
            "compare",
        ] {
            for value in ["", "-1", "1e999", "NaN", "%", "%E2%82", "b64:", "b64:@@@", "https://x/y", "*"] {
                let _ = parse(&format!("?{key}={value}"));
            }
        }
    }

    // Issue 21, finding 5: `origins=*` would let any site drive the
    // simulator and hear its events: refused, and said.
    #[test]
    fn any_origin_is_refused() {
        let l = parse("?embed=1&origins=*,https://lms.example.com");
        assert_eq!(l.origins, vec!["https://lms.example.com".to_string()]);
        assert!(l.notices.iter().any(|n| n.contains("origins=*")), "{:?}", l.notices);
        assert!(!crate::embed::origin_allowed("https://evil.example", &["*".to_string()], "https://own.example"));
    }

    #[test]
    fn a_parameter_given_twice_is_said_and_the_first_counts() {
        let l = parse("?scenario=timer-only&scenario=working-day");
        assert_eq!(l.scenario.as_deref(), Some("timer-only"));
        assert!(l.notices.iter().any(|n| n.contains("second \"scenario\"")), "{:?}", l.notices);
    }

    #[test]
    fn bench_defaults() {
        assert_eq!(parse("?bench=render").bench, Some((106_000, 300)));
        assert_eq!(parse("?bench=render&users=10000&frames=50").bench, Some((10_000, 50)));
        assert_eq!(parse("?bench=import").import_bench, Some(100_000));
        assert_eq!(parse("?bench=import&users=2000").import_bench, Some(2_000));
    }
}

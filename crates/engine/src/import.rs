//! Your topology from the exports Skype for Business admins already have:
//!
//! - `Get-CsUser | Select-Object SipAddress,DisplayName,RegistrarPool | Export-Csv users.csv`
//! - `Get-CsUser | Get-CsUserPoolInfo | Select-Object PrimaryPoolFqdn,BackupPoolFqdn | Export-Csv pairs.csv`
//!
//! Windows PowerShell writes a `#TYPE ...` first line unless
//! `-NoTypeInformation` is given, double-quotes every field, ends lines with
//! CRLF and may start with a UTF-8 byte-order mark: all are read. Every
//! problem is reported as `FILE:LINE: message`; nothing here panics.

use crate::scenario::{printable, Problem, Problems, MAX_FILE_BYTES, MAX_POOLS, MAX_TOTAL_USERS, MAX_USERS_PER_POOL};
use std::collections::BTreeMap;

/// `Get-CsUser | Select-Object SipAddress,DisplayName,RegistrarPool |
/// Export-Csv` as Windows PowerShell 5.1 writes it (byte-order mark, `#TYPE`
/// line, every field quoted, a comma inside the display name, CRLF), with
/// `rows` users given to `pools` in turn: for the import benchmarks and tests.
pub fn powershell_users_export(rows: u32, pools: &[&str]) -> String {
    let mut out = String::with_capacity(rows as usize * 70);
    out.push_str("\u{feff}#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\r\n");
    out.push_str("\"SipAddress\",\"DisplayName\",\"RegistrarPool\"\r\n");
    for i in 0..rows {
        let pool = pools.get(i as usize % pools.len().max(1)).copied().unwrap_or_default();
        out.push_str(&format!("\"sip:user{i}@contoso.com\",\"User {i}, Sales\",\"{pool}\"\r\n"));
    }
    out
}

/// A record of a CSV file and the line it starts on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Record {
    pub line: u32,
    pub fields: Vec<String>,
}

/// The records of a CSV text (RFC 4180: quoted fields may hold commas,
/// doubled quotes and line breaks), with PowerShell's `#TYPE` line and a
/// byte-order mark skipped.
pub fn parse_csv(text: &str) -> Result<Vec<Record>, Problem> {
    if text.len() > MAX_FILE_BYTES * 8 {
        return Err(Problem {
            line: 1,
            message: format!("the file is larger than {} MB", MAX_FILE_BYTES * 8 / (1024 * 1024)),
        });
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut records = Vec::new();
    let mut chars = text.chars().peekable();
    let mut line: u32 = 1;
    let mut first = true;
    while chars.peek().is_some() {
        // PowerShell's type line: `#TYPE Selected.Microsoft.Rtc...`.
        if first && chars.peek() == Some(&'#') {
            for c in chars.by_ref() {
                if c == '\n' {
                    break;
                }
            }
            line += 1;
            first = false;
            continue;
        }
        first = false;
        let start = line;
        let mut fields = Vec::new();
        let mut field = String::new();
        let mut quoted = false;
        let mut was_quoted = false;
        loop {
            let Some(c) = chars.next() else {
                if quoted {
                    return Err(Problem { line: start, message: "a quoted field is not closed".into() });
                }
                fields.push(std::mem::take(&mut field));
                break;
            };
            match (quoted, c) {
                (true, '"') if chars.peek() == Some(&'"') => {
                    chars.next();
                    field.push('"');
                }
                (true, '"') => quoted = false,
                (true, '\n') => {
                    line += 1;
                    field.push('\n');
                }
                (true, c) => field.push(c),
                (false, '"') if field.is_empty() && !was_quoted => {
                    quoted = true;
                    was_quoted = true;
                }
                (false, '"') => {
                    return Err(Problem {
                        line,
                        message: "a quote inside an unquoted field: quote the whole field".into(),
                    })
                }
                (false, ',') => {
                    fields.push(std::mem::take(&mut field));
                    was_quoted = false;
                }
                (false, '\r') if chars.peek() == Some(&'\n') => {}
                (false, '\n') => {
                    line += 1;
                    fields.push(std::mem::take(&mut field));
                    break;
                }
                (false, c) => field.push(c),
            }
        }
        // A blank line (or the final newline) is not a record.
        if !(fields.len() == 1 && fields[0].trim().is_empty()) {
            records.push(Record { line: start, fields });
        }
    }
    Ok(records)
}

/// A user of the export.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRow {
    pub sip: String,
    pub name: String,
    pub pool: String,
}

fn header_index(header: &Record, wanted: &[&str]) -> Result<Vec<usize>, Problems> {
    let found: Vec<String> = header.fields.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
    let mut out = Vec::new();
    let mut problems = Vec::new();
    for w in wanted {
        match found.iter().position(|h| h == &w.to_ascii_lowercase()) {
            Some(i) => out.push(i),
            None => problems.push(Problem {
                line: header.line,
                message: format!(
                    "missing column `{w}`: the header has {} (export with Select-Object {})",
                    header.fields.iter().map(|h| format!("`{}`", printable(h))).collect::<Vec<_>>().join(", "),
                    wanted.join(",")
                ),
            }),
        }
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(Problems(problems))
    }
}

/// An export's rows with the wanted columns only, in that order and
/// trimmed, each with its line; a row of the wrong width is a problem.
struct Export {
    header_line: u32,
    rows: Vec<(u32, Vec<String>)>,
    problems: Vec<Problem>,
}

fn export(text: &str, wanted: &[&str]) -> Result<Export, Problems> {
    let records = parse_csv(text).map_err(|p| Problems(vec![p]))?;
    let Some(header) = records.first() else {
        return Err(Problems(vec![Problem { line: 1, message: "the file is empty: no header and no rows".into() }]));
    };
    let idx = header_index(header, wanted)?;
    let width = header.fields.len();
    let mut out = Export { header_line: header.line, rows: Vec::new(), problems: Vec::new() };
    for r in &records[1..] {
        if r.fields.len() == width {
            out.rows.push((r.line, idx.iter().map(|&i| r.fields[i].trim().to_string()).collect()));
        } else {
            out.problems.push(Problem {
                line: r.line,
                message: format!("{} fields, but the header has {width}", r.fields.len()),
            });
        }
    }
    Ok(out)
}

/// A SIP address as the import compares it: without `sip:` (any case) and
/// in lower case, so `SIP:Ana@X` and `sip:ana@x` are one user.
fn bare_sip(s: &str) -> String {
    let s = s.trim().to_lowercase();
    s.strip_prefix("sip:").unwrap_or(&s).to_string()
}

/// Rows of a users export left out, and why.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Skipped {
    /// No RegistrarPool: homed online or not enabled.
    pub no_pool: usize,
    /// The same SIP address again.
    pub duplicates: usize,
}

/// A pool's FQDN as the import compares it: DNS names are not case
/// sensitive, so `FE01.contoso.com` and `fe01.contoso.com` are one pool.
fn pool_name(fqdn: &str) -> String {
    fqdn.trim().to_ascii_lowercase()
}

/// The users of a `Get-CsUser | Select-Object SipAddress,DisplayName,RegistrarPool`
/// export, and how many rows were skipped because they have no
/// RegistrarPool (users homed online in a hybrid deployment, or not
/// enabled): they are not on any Front End pool, so no failover reaches them.
pub fn users_csv(text: &str) -> Result<(Vec<UserRow>, Skipped), Problems> {
    let Export { header_line, rows, mut problems } = export(text, &["SipAddress", "DisplayName", "RegistrarPool"])?;
    let mut users = Vec::new();
    let mut skipped = Skipped::default();
    let mut seen: std::collections::HashSet<String> = std::collections::HashSet::new();
    let mut per_pool: BTreeMap<String, u32> = BTreeMap::new();
    for (line, mut f) in rows {
        let (pool, name, sip) = (f.pop().unwrap_or_default(), f.pop().unwrap_or_default(), f.pop().unwrap_or_default());
        if pool.is_empty() {
            skipped.no_pool += 1;
            continue;
        }
        // The same user twice (an export appended to another): kept once.
        if !sip.is_empty() && !seen.insert(bare_sip(&sip)) {
            skipped.duplicates += 1;
            continue;
        }
        let pool = pool_name(&pool);
        // The limits the scenario will hold the import to, at the user's own line.
        let known = per_pool.len();
        let count = per_pool.entry(pool.clone()).or_insert(0);
        if *count == 0 && known >= MAX_POOLS {
            problems.push(Problem {
                line,
                message: format!("a pool more than the {MAX_POOLS} a scenario can show: `{}`", printable(&pool)),
            });
            break;
        }
        *count += 1;
        if *count > MAX_USERS_PER_POOL {
            problems.push(Problem {
                line,
                message: format!(
                    "pool `{}` has more than {} users from here on: the SfB Server 2019 maximum per pool",
                    printable(&pool),
                    crate::text::group_thousands(u64::from(MAX_USERS_PER_POOL))
                ),
            });
            break;
        }
        if users.len() as u64 >= u64::from(MAX_TOTAL_USERS) {
            problems.push(Problem {
                line,
                message: format!(
                    "more than {} users in all, the most a scenario holds",
                    crate::text::group_thousands(u64::from(MAX_TOTAL_USERS))
                ),
            });
            break;
        }
        users.push(UserRow { sip, name, pool });
    }
    if users.is_empty() && problems.is_empty() {
        let message = if skipped.no_pool > 0 {
            format!("none of the {} users has a RegistrarPool: no user is homed on a Front End pool", skipped.no_pool)
        } else {
            "the header has no users under it".into()
        };
        problems.push(Problem { line: header_line, message });
    }
    if problems.is_empty() {
        Ok((users, skipped))
    } else {
        Err(Problems(problems))
    }
}

/// The pairs of a `Get-CsUserPoolInfo | Select-Object PrimaryPoolFqdn,BackupPoolFqdn`
/// export: one row per user, so duplicates collapse; a pool paired two ways
/// is an error. `pools`: the pools the users file names. A backup pool no
/// user is homed on is a dedicated disaster-recovery pool: it is kept; a
/// primary pool no user is homed on is a mistake.
pub fn pairs_csv(text: &str, pools: &[String]) -> Result<Vec<(String, String)>, Problems> {
    let Export { rows, mut problems, .. } = export(text, &["PrimaryPoolFqdn", "BackupPoolFqdn"])?;
    let mut partner: BTreeMap<String, (String, u32)> = BTreeMap::new();
    for (line, mut f) in rows {
        let (b, a) = (pool_name(&f.pop().unwrap_or_default()), pool_name(&f.pop().unwrap_or_default()));
        if b.is_empty() {
            continue;
        }
        if !pools.contains(&a) {
            problems.push(Problem {
                line,
                message: format!("unknown pool `{}`: no user of the users file is homed on it", printable(&a)),
            });
        }
        if a == b {
            problems.push(Problem {
                line,
                message: format!("pool `{}` is paired with itself: a backup pool must be another pool", printable(&a)),
            });
            continue;
        }
        for (x, y) in [(&a, &b), (&b, &a)] {
            match partner.get(x) {
                Some((other, at)) if other != y => problems.push(Problem {
                    line,
                    message: format!(
                        "pool `{}` is paired with `{}` here but with `{}` at line {at}: a pool backs up exactly one other",
                        printable(x),
                        printable(y),
                        printable(other)
                    ),
                }),
                Some(_) => {}
                None => {
                    partner.insert(x.clone(), (y.clone(), line));
                }
            }
        }
    }
    if !problems.is_empty() {
        return Err(Problems(problems));
    }
    let mut pairs: Vec<(String, String)> =
        partner.into_iter().filter(|(a, (b, _))| a < b).map(|(a, (b, _))| (a, b)).collect();
    pairs.sort();
    Ok(pairs)
}

/// Which users keep their names; the others become their pool's population.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Named {
    /// The first N of the file, in its order.
    First(usize),
    /// These SIP addresses (with or without `sip:`).
    These(Vec<String>),
}

/// A scenario file (the format of `docs/SCENARIOS.md`) for the topology:
/// pools from the users' RegistrarPool values, pairing from `pairs`, the
/// named users, and everyone else as population. No timeline: the trainer
/// or admin adds what happens.
pub fn scenario_toml(users: &[UserRow], pairs: &[(String, String)], named: &Named) -> Result<String, String> {
    let q = crate::text::toml_string;
    let mut pools: Vec<String> = Vec::new();
    for u in users {
        if !pools.contains(&u.pool) {
            pools.push(u.pool.clone());
        }
    }
    // Dedicated disaster-recovery pools: named only as a backup.
    for (a, b) in pairs {
        for p in [a, b] {
            if !pools.contains(p) {
                pools.push(p.clone());
            }
        }
    }
    let keep: Vec<bool> = match named {
        Named::First(n) => (0..users.len()).map(|i| i < *n).collect(),
        Named::These(list) => {
            // Sets, not lists: keeping thousands by name stays linear.
            let wanted: std::collections::HashSet<String> = list.iter().map(|s| bare_sip(s)).collect();
            let present: std::collections::HashSet<String> = users.iter().map(|u| bare_sip(&u.sip)).collect();
            if let Some(missing) = list.iter().find(|w| !present.contains(&bare_sip(w))) {
                return Err(format!("no user `{}` in the users file", printable(&bare_sip(missing))));
            }
            users.iter().map(|u| wanted.contains(&bare_sip(&u.sip))).collect()
        }
    };
    let mut out = String::from("# Built from Get-CsUser exports by `failover import`: add a timeline to it.\nversion = 1\ntitle = \"Our topology\"\n");
    for p in &pools {
        out.push_str(&format!("\n[[pools]]\nid = {}\n", q(p)));
        if let Some((a, b)) = pairs.iter().find(|(a, b)| a == p || b == p) {
            out.push_str(&format!("backup = {}\n", q(if a == p { b } else { a })));
        }
    }
    let mut taken: std::collections::HashSet<String> = std::collections::HashSet::new();
    for (u, _) in users.iter().zip(&keep).filter(|(_, &k)| k) {
        // Letters of any script are kept ("seán" stays "seán").
        let mut id: String =
            bare_sip(&u.sip).chars().filter(|c| c.is_alphanumeric() || "-_.@".contains(*c)).take(60).collect();
        if id.is_empty() || taken.contains(&id) {
            id = format!("user-{}", taken.len() + 1);
        }
        taken.insert(id.clone());
        let name: String = if u.name.trim().is_empty() { u.sip.clone() } else { u.name.clone() };
        let name: String = name.chars().filter(|c| !crate::scenario::is_hidden(*c)).take(120).collect();
        out.push_str(&format!("\n[[users]]\nid = {}\nname = {}\nhome = {}\n", q(&id), q(&name), q(&u.pool)));
    }
    for p in &pools {
        let n = users.iter().zip(&keep).filter(|(u, &k)| !k && &u.pool == p).count();
        if n > MAX_USERS_PER_POOL as usize {
            return Err(format!(
                "pool `{}` has {n} users: more than {MAX_USERS_PER_POOL}, the SfB Server 2019 maximum per pool",
                printable(p)
            ));
        }
        if n > 0 {
            out.push_str(&format!("\n[[population]]\npool = {}\ncount = {n}\n", q(p)));
        }
    }
    Ok(out)
}

/// The whole import, for the CLI and the page alike: the users file, the
/// optional pairs file (each as shown name and text) and who stays named,
/// to a scenario file, or every problem as `FILE:LINE: message`.
pub fn topology(users: (&str, &str), pairs: Option<(&str, &str)>, named: &Named) -> Result<Topology, String> {
    let (rows, skipped) = users_csv(users.1).map_err(|e| e.render(users.0))?;
    let mut pools: Vec<String> = rows.iter().map(|u| u.pool.clone()).collect();
    pools.sort();
    pools.dedup();
    let pairs = match pairs {
        Some((file, text)) => pairs_csv(text, &pools).map_err(|e| e.render(file))?,
        None => Vec::new(),
    };
    let toml = scenario_toml(&rows, &pairs, named).map_err(|e| format!("{}: {e}", users.0))?;
    let mut notes = Vec::new();
    let n = |k: usize, one: &str, many: &str| {
        if k == 1 {
            format!("1 {one}")
        } else {
            format!("{} {many}", crate::text::group_thousands(k as u64))
        }
    };
    if skipped.no_pool > 0 {
        notes.push(format!(
            "{}: skipped {} with no RegistrarPool (homed online or not enabled: no pool failover reaches them)",
            users.0,
            n(skipped.no_pool, "user", "users")
        ));
    }
    if skipped.duplicates > 0 {
        notes.push(format!(
            "{}: skipped {} (the same SIP address as an earlier row; kept once)",
            users.0,
            n(skipped.duplicates, "repeated row", "repeated rows")
        ));
    }
    Ok(Topology { toml, notes })
}

/// An imported topology: the scenario file, and what the import left out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topology {
    pub toml: String,
    pub notes: Vec<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const PS51: &str = "\u{feff}#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\r\n\"SipAddress\",\"DisplayName\",\"RegistrarPool\"\r\n\"sip:alice@contoso.com\",\"Smith, Alice \"\"Al\"\"\",\"pool-a.contoso.com\"\r\n\"sip:bob@contoso.com\",\"Bob\nJones\",\"pool-b.contoso.com\"\r\n";

    #[test]
    fn reads_what_windows_powershell_writes() {
        let (users, _) = users_csv(PS51).unwrap();
        assert_eq!(users.len(), 2);
        assert_eq!(users[0].name, "Smith, Alice \"Al\"");
        assert_eq!(users[1].name, "Bob\nJones");
        assert_eq!(users[1].pool, "pool-b.contoso.com");
    }

    #[test]
    fn reads_what_powershell_7_writes() {
        let text = "SipAddress,DisplayName,RegistrarPool\nsip:a@x.com,A,p1\nsip:b@x.com,B,p1\n";
        assert_eq!(users_csv(text).unwrap().0.len(), 2);
    }

    #[test]
    fn bad_files_say_where() {
        let render = |t: &str| users_csv(t).unwrap_err().render("u.csv");
        assert!(render("").contains("u.csv:1: the file is empty"));
        let type_line_only = render("\u{feff}#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\r\n");
        assert!(type_line_only.contains("the file is empty"), "{type_line_only}");
        let header_only = render("\"SipAddress\",\"DisplayName\",\"RegistrarPool\"\r\n");
        assert!(header_only.contains("u.csv:1: the header has no users under it"), "{header_only}");
        assert!(render("Name,Pool\nx,y\n").contains("u.csv:1: missing column `SipAddress`"));
        let wrong = render("SipAddress,DisplayName,RegistrarPool\nsip:a@x,A,p\nsip:b@x,B\n");
        assert!(wrong.contains("u.csv:3: 2 fields, but the header has 3"), "{wrong}");
        assert!(render("SipAddress,DisplayName,RegistrarPool\n\"sip:a@x,A,p\n")
            .contains("u.csv:2: a quoted field is not closed"));
    }

    #[test]
    fn pairs_collapse_and_conflicts_are_errors() {
        let pools = vec!["p1".to_string(), "p2".to_string(), "p3".to_string()];
        let text = "\"PrimaryPoolFqdn\",\"BackupPoolFqdn\"\r\n\"p1\",\"p2\"\r\n\"p1\",\"p2\"\r\n\"p2\",\"p1\"\r\n";
        assert_eq!(pairs_csv(text, &pools).unwrap(), vec![("p1".into(), "p2".into())]);
        let two_ways = "PrimaryPoolFqdn,BackupPoolFqdn\np1,p2\np1,p3\n";
        let e = pairs_csv(two_ways, &pools).unwrap_err().render("p.csv");
        assert!(e.contains("p.csv:3: pool `p1` is paired with `p3` here but with `p2` at line 2"), "{e}");
        let unknown = pairs_csv("PrimaryPoolFqdn,BackupPoolFqdn\nzz,p1\n", &pools).unwrap_err().render("p.csv");
        assert!(unknown.contains("p.csv:2: unknown pool `zz`"), "{unknown}");
    }

    #[test]
    fn the_scenario_built_runs() {
        let (users, _) = users_csv(PS51).unwrap();
        let pairs = vec![("pool-a.contoso.com".to_string(), "pool-b.contoso.com".to_string())];
        let toml = scenario_toml(&users, &pairs, &Named::These(vec!["alice@contoso.com".into()])).unwrap();
        let sim = crate::check::load(&toml).unwrap_or_else(|p| panic!("{}\n{toml}", p.render("built")));
        assert_eq!(sim.scenario().users.len(), 1);
        assert_eq!(sim.user_count(), 2);
        assert_eq!(sim.scenario().pools[0].backup, Some(1));
    }

    #[test]
    fn random_bytes_never_panic() {
        let alphabet: Vec<char> = "\",\r\n#abc \u{feff}\u{1b}é".chars().collect();
        let mut rng = crate::rng::SplitMix64::new(14);
        for _ in 0..20_000 {
            let len = rng.below(40) as usize;
            let text: String = (0..len).map(|_| alphabet[rng.below(alphabet.len() as u32) as usize]).collect();
            let _ = parse_csv(&text);
            let _ = users_csv(&format!("SipAddress,DisplayName,RegistrarPool\n{text}"));
            let _ = pairs_csv(&format!("PrimaryPoolFqdn,BackupPoolFqdn\n{text}"), &[]);
        }
    }
}

//! Issue 22: handouts a helpdesk keeps, and words without slips.

use failover_engine::builtin::{builtin, BUILTINS};
use failover_engine::check;

fn run(name: &str) -> failover_engine::Simulation {
    check::load(builtin(name).unwrap().toml).unwrap()
}

/// One chapter of each built-in lesson, as its golden file:
/// `UPDATE_GOLDEN=1 cargo test -p failover-engine --test handouts` rewrites them.
#[test]
fn a_chapter_sheet_of_each_builtin_matches_its_golden_file() {
    let mut seen = 0;
    for b in BUILTINS {
        let sim = run(b.name);
        let Some(sheet) = sim.chapter_sheet(1).or_else(|| sim.chapter_sheet(0)) else { continue };
        seen += 1;
        let text = sheet.markdown();
        let path = format!("{}/tests/golden/handout-{}.md", env!("CARGO_MANIFEST_DIR"), b.name);
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            std::fs::write(&path, &text).unwrap();
            continue;
        }
        let golden = std::fs::read_to_string(&path).unwrap_or_default();
        assert_eq!(text, golden, "{} differs from {path}: UPDATE_GOLDEN=1 rewrites it", b.name);
    }
    assert!(seen >= 2, "the built-in lessons have chapters");
}

/// The lesson plan of the reference lesson, with its speaker notes, as its
/// golden file (`UPDATE_GOLDEN=1` rewrites it); every built-in's plan has a
/// line per stop and people's words only.
#[test]
fn the_lesson_plan_has_every_stop_its_answers_and_notes() {
    let sim = run("working-day");
    let plan = sim.lesson_plan();
    let path = format!("{}/tests/golden/lesson-plan-working-day.md", env!("CARGO_MANIFEST_DIR"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, &plan).unwrap();
    } else {
        assert_eq!(plan, std::fs::read_to_string(&path).unwrap_or_default(), "UPDATE_GOLDEN=1 rewrites {path}");
    }
    let notes = sim.scenario().captions.iter().filter_map(|c| c.notes.as_ref()).count()
        + sim.scenario().checkpoints.iter().filter_map(|c| c.notes.as_ref()).count();
    assert!(notes > 0 && plan.matches("**Notes:**").count() == notes);
    assert_eq!(plan.matches("*Answer:*").count(), sim.scenario().checkpoints.len());
    for b in BUILTINS {
        let sim = run(b.name);
        let plan = sim.lesson_plan();
        assert_eq!(plan.lines().filter(|l| l.starts_with("**")).count(), sim.steps().len(), "{}", b.name);
        for internal in ["FACTS.md", "MODEL.md", "§", "(your file)", ".toml", "(s)"] {
            assert!(!plan.contains(internal), "{}: {internal:?}", b.name);
        }
    }
}

/// Every sheet of every built-in: people's words only (no file names or
/// section numbers), the scenario's own title, a script for every group.
#[test]
fn sheets_speak_to_people() {
    for b in BUILTINS {
        let sim = run(b.name);
        let chapters = sim.chapters();
        for k in 0..chapters.len() {
            let sheet = sim.chapter_sheet(k).unwrap();
            let text = sheet.markdown();
            for internal in ["FACTS.md", "MODEL.md", "§", "(your file)", ".toml", "(s)"] {
                assert!(!text.contains(internal), "{} chapter {k}: {internal:?} in\n{text}", b.name);
            }
            assert!(text.starts_with(&format!("# {}: ", sim.scenario().title)));
            assert!(!sheet.groups.is_empty() && sheet.groups.iter().all(|g| !g.say.is_empty()));
            assert_eq!(
                sheet.file_name("md"),
                format!(
                    "{}-{}.md",
                    failover_engine::table::slug(&sheet.scenario),
                    failover_engine::table::slug(&sheet.chapter)
                )
            );
        }
    }
}

/// Numbers and their nouns agree in every message a run writes: "1 user",
/// "2 users", never "1 users" or "user(s)".
#[test]
fn numbers_and_nouns_agree_in_every_event_and_status() {
    use failover_engine::text::count;
    assert_eq!(count(0, "order", "orders"), "0 orders");
    assert_eq!(count(1, "order", "orders"), "1 order");
    assert_eq!(count(2, "order", "orders"), "2 orders");
    assert_eq!(count(20_002, "user", "users"), "20,002 users");
    let plural_after_one = regex_like_one_plural;
    let mut texts: Vec<String> = Vec::new();
    let worst = check::load(&failover_engine::builtin::worst_legal()).unwrap();
    let mut sims: Vec<failover_engine::Simulation> = BUILTINS.iter().map(|b| run(b.name)).collect();
    sims.push(worst);
    // A pool of one user fails, with one call and one conference: every count is 1.
    let one = "version = 1\n[[pools]]\nid = \"a\"\nbackup = \"b\"\n[[pools]]\nid = \"b\"\nbackup = \"a\"\n\
               [[users]]\nid = \"u\"\nhome = \"a\"\n[[users]]\nid = \"v\"\nhome = \"b\"\n\
               [[sessions]]\nid = \"c\"\nkind = \"p2p\"\nusers = [\"u\", \"v\"]\n\
               [[sessions]]\nid = \"m\"\nkind = \"conference\"\norganizer = \"u\"\nparticipants = [\"v\"]\n\
               [[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"a\"\n\
               [[timeline]]\nat = \"1:30\"\naction = \"invoke-failover\"\npool = \"a\"\n\
               [[timeline]]\nat = \"30:00\"\naction = \"pool-restored\"\npool = \"a\"\n\
               [[timeline]]\nat = \"31:00\"\naction = \"invoke-failback\"\npool = \"a\"\n";
    sims.push(check::load(one).unwrap());
    for sim in &sims {
        texts.extend(sim.events().iter().map(|e| sim.describe(e)));
        for p in 0..sim.scenario().pools.len() as u16 {
            for e in sim.events() {
                if let Some(status) = sim.pool_status(p, e.at) {
                    texts.push(sim.status_text(p, status, e.at));
                }
            }
        }
    }
    for text in &texts {
        assert!(!text.contains("(s)"), "{text}");
        assert!(!plural_after_one(text), "a plural after 1: {text}");
    }
}

/// "1 users", "1 conferences": a lone 1 followed by a word ending in s that
/// names something counted.
fn regex_like_one_plural(text: &str) -> bool {
    let words: Vec<&str> = text.split(|c: char| c.is_whitespace() || c == ',' || c == ';' || c == ':').collect();
    let counted = ["users", "conferences", "sessions", "orders", "pools", "questions", "differences"];
    words.windows(2).any(|w| w[0] == "1" && counted.contains(&w[1])) || text.contains("1 peer-to-peer sessions")
}

//! The claims check on a large document, timed (not a timed test: it
//! prints; BENCHMARKS.md records it):
//! `cargo test --release -p failover-engine --test claims_bench -- --ignored --nocapture`.
//! 2,000 named users and 400 captions of 3 KB that name them, 1.4 MB: the
//! editor runs this check on every keystroke of a small document.

#[test]
#[ignore]
fn claims_on_a_large_document() {
    let mut text = String::from("version = 1\n[[pools]]\nid = \"a\"\nbackup = \"b\"\n[[pools]]\nid = \"b\"\nbackup = \"a\"\n[[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"a\"\n");
    for u in 0..2000 {
        text.push_str(&format!("[[users]]\nid = \"u{u}\"\nname = \"Person{u} Surname{u}\"\nhome = \"a\"\n"));
    }
    let sentence =
        "Person7 Surname7 can add a contact while Person9 cannot make calls, and many other words follow here. ";
    let body = sentence.repeat(30);
    for c in 0..400 {
        text.push_str(&format!("[[captions]]\nat = \"{}:00\"\ntext = \"{body}\"\n", 2 + c % 50));
    }
    eprintln!("bytes {}", text.len());
    let sim = failover_engine::check::load(&text).unwrap();
    let mut ms: Vec<f64> = (0..5)
        .map(|_| {
            let t = std::time::Instant::now();
            assert_eq!(
                sim.claim_conflicts().len(),
                12_000,
                "Person7 claims to add a contact while signed out, once per sentence"
            );
            t.elapsed().as_secs_f64() * 1000.0
        })
        .collect();
    ms.sort_by(f64::total_cmp);
    eprintln!("claims check: median of 5 {:.1} ms", ms[2]);
}

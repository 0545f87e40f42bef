use super::*;

#[test]
fn play_advances_and_stops_at_the_end() {
    let mut rt = State::default_builtin();
    rt.apply(LessonCmd::SetGuided(false).into());
    rt.apply(PlaybackCmd::Speed(100).into());
    rt.apply(PlaybackCmd::Play.into());
    rt.apply(PlaybackCmd::Advance { real_ms: 1000.0, now_ms: 0.0 }.into());
    assert_eq!(rt.t(), SimTime::from_s(100));
    rt.apply(PlaybackCmd::Advance { real_ms: 1e9, now_ms: 0.0 }.into());
    assert!(!rt.playing());
    assert_eq!(rt.t(), rt.end());
}

#[test]
fn next_and_previous_event() {
    let mut rt = State::default_builtin();
    rt.apply(PlaybackCmd::NextEvent.into());
    let first = rt.t();
    assert!(first > SimTime::ZERO);
    rt.apply(PlaybackCmd::NextEvent.into());
    assert!(rt.t() > first);
    rt.apply(PlaybackCmd::PrevEvent.into());
    assert_eq!(rt.t(), first);
}

#[test]
fn bench_reports_percentiles_after_the_last_frame() {
    let mut b = Bench { frames: 3, ..Bench::default() };
    assert!(b.record(1.0, 0.0, 10, 5).is_none());
    assert!(b.record(3.0, 16.0, 30, 5).is_none());
    let json = b.record(2.0, 18.0, 20, 5).unwrap();
    assert_eq!(
        json,
        r#"{"users":5,"frames":3,"p50_ms":2.000,"p95_ms":3.000,"max_ms":3.000,"moving_max":30,"interval_p50_ms":18.000,"interval_p95_ms":18.000}"#
    );
}

#[test]
fn a_bad_import_keeps_the_run_and_says_where() {
    let mut rt = State::default_builtin();
    let before = rt.sim().event_log_hash();
    rt.apply(LoadCmd::File("bad.toml".into(), "version = 1\n[[pools]]\nid = 'a'\nbackup = 'zz'\n".into()).into());
    assert_eq!(rt.sim().event_log_hash(), before);
    let (file, problems) = rt.import_problem().cloned().unwrap();
    assert_eq!(file, "bad.toml");
    assert!(problems.starts_with("bad.toml:4: backup pool `zz`"), "{problems}");
    rt.apply(LoadCmd::File("ok.toml".into(), "version = 1\n[[pools]]\nid = 'solo'\n".into()).into());
    assert_eq!(rt.sim().scenario().pools[0].id, "solo");
}

#[test]
fn a_bad_scenario_from_the_embedding_page_changes_nothing_and_is_reported() {
    let mut rt = State::default_builtin();
    let before = rt.sim().event_log_hash();
    rt.apply(LoadCmd::FromParent("version = 1\n[[pools]]\nid = 'a'\nbackup = 'zz'\n".into()).into());
    assert_eq!(rt.sim().event_log_hash(), before);
    assert_eq!(rt.parent_errors().len(), 1);
    assert!(rt.parent_errors()[0].contains(":4: backup pool `zz`"), "{}", rt.parent_errors()[0]);
    assert!(rt.notices().iter().any(|n| n.contains("cannot run")), "{:?}", rt.notices());
    rt.apply(LoadCmd::FromParent("version = 1\n[[pools]]\nid = 'solo'\n".into()).into());
    assert_eq!(rt.sim().scenario().pools[0].id, "solo");
    assert_eq!(rt.parent_errors().len(), 1);
}

const USERS_CSV: &str = "\u{feff}#TYPE Selected.Microsoft.Rtc.Management.ADConnect.Schema.OCSADUser\r\n\"SipAddress\",\"DisplayName\",\"RegistrarPool\"\r\n\"sip:ana@dublin.example\",\"Ana, Dublin\",\"dub.example\"\r\n\"sip:bo@ams.example\",\"Bo\",\"ams.example\"\r\n\"sip:cy@ams.example\",\"Cy\",\"ams.example\"\r\n";
const PAIRS_CSV: &str = "PrimaryPoolFqdn,BackupPoolFqdn\r\ndub.example,ams.example\r\nams.example,dub.example\r\n";

#[test]
fn a_link_that_shows_the_editor_opens_it_on_the_run() {
    for query in ["?scenario=fast-failover&tab=editor", "?scenario=fast-failover&embed=1&panels=stage,editor"] {
        let rt = State::from_link(&crate::url::parse(query));
        let editor = rt.editor().unwrap_or_else(|| panic!("{query}: the editor is open"));
        assert!(editor.from().starts_with("the run on the stage"), "{query}");
        assert_eq!(editor.checked().run.as_ref().map(|s| s.event_log_hash()), Some(rt.sim().event_log_hash()));
    }
    assert!(State::from_link(&crate::url::parse("?scenario=fast-failover")).editor().is_none());
}

/// The sample exports loaded as your topology, the first user named.
fn with_topology() -> State {
    let mut rt = State::default_builtin();
    rt.apply(
        LoadCmd::Topology {
            users: ("users.csv".into(), USERS_CSV.into()),
            pairs: Some(("pairs.csv".into(), PAIRS_CSV.into())),
            named: failover_engine::import::Named::First(1),
        }
        .into(),
    );
    rt
}

#[test]
fn your_topology_edited_in_the_editor_stays_out_of_links_and_storage() {
    let mut rt = with_topology();
    rt.apply(ShellCmd::OpenTab(Some(Panel::Editor)).into());
    assert!(rt.editor().is_some_and(|e| e.private()));
    let mut draft = (**rt.editor().unwrap().draft()).clone();
    draft.add_order();
    rt.apply(DocumentCmd::Edit(Box::new(draft), String::new()).into());
    rt.apply(DocumentCmd::Run.into());
    assert_eq!(*rt.origin(), Origin::Topology);
    assert_eq!(rt.sim().scenario().timeline.len(), 1);
    assert!(rt.link().is_none(), "no link, so no address bar and no saved screen");
}

#[test]
fn your_topology_runs_paired_and_stays_out_of_links_and_storage() {
    let rt = with_topology();
    assert!(rt.import_problem().is_none(), "{:?}", rt.import_problem());
    let sc = rt.sim().scenario();
    assert_eq!(sc.pools.len(), 2);
    assert_eq!(sc.total_users(), 3);
    assert_eq!(sc.users.len(), 1);
    assert_eq!(sc.users[0].name, "Ana, Dublin");
    let dub = sc.pool_by_id("dub.example").unwrap();
    assert_eq!(sc.pools[usize::from(dub)].backup.map(|b| sc.pools[usize::from(b)].id.as_str()), Some("ams.example"));
    assert!(rt.run_name().ends_with("(your topology)"), "{}", rt.run_name());
    // Private: no link (so no address bar and no saved screen), but it exports.
    assert!(rt.link().is_none());
    assert!(rt.scenario_toml().contains("id = \"ana@dublin.example\""), "{}", rt.scenario_toml());
    assert!(rt.notices().iter().any(|n| n.contains("2 pools, 3 users") && n.contains("export")), "{:?}", rt.notices());
}

#[test]
fn a_bad_topology_export_says_file_and_line_and_keeps_the_run() {
    let mut rt = State::default_builtin();
    let before = rt.sim().event_log_hash();
    let bad_pairs = "PrimaryPoolFqdn,BackupPoolFqdn\ndub.example,ams.example\nlon.example,dub.example\n";
    rt.apply(
        LoadCmd::Topology {
            users: ("users.csv".into(), USERS_CSV.into()),
            pairs: Some(("pairs.csv".into(), bad_pairs.into())),
            named: failover_engine::import::Named::These(vec!["bo@ams.example".into()]),
        }
        .into(),
    );
    assert_eq!(rt.sim().event_log_hash(), before);
    let (file, problems) = rt.import_problem().cloned().unwrap();
    assert_eq!(file, "users.csv");
    assert!(problems.contains("pairs.csv:3: unknown pool `lon.example`"), "{problems}");
    assert!(
        problems.contains(
            "pairs.csv:3: pool `dub.example` is paired with `lon.example` here but with `ams.example` at line 2"
        ),
        "{problems}"
    );
    rt.apply(
        LoadCmd::Topology {
            users: ("users.csv".into(), "SipAddress,Pool\n".into()),
            pairs: None,
            named: failover_engine::import::Named::These(vec!["bo@ams.example".into()]),
        }
        .into(),
    );
    let (_, problems) = rt.import_problem().cloned().unwrap();
    assert!(problems.starts_with("users.csv:1: missing column"), "{problems}");
    assert_eq!(rt.sim().event_log_hash(), before);
}

#[test]
fn the_users_you_choose_keep_their_names() {
    let mut rt = State::default_builtin();
    let users = ("users.csv".to_string(), USERS_CSV.to_string());
    let these = |list: &[&str]| failover_engine::import::Named::These(list.iter().map(|s| s.to_string()).collect());
    rt.apply(LoadCmd::Topology { users: users.clone(), pairs: None, named: these(&["sip:bo@ams.example"]) }.into());
    let names: Vec<&str> = rt.sim().scenario().users.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(names, ["Bo"]);
    assert_eq!(rt.sim().scenario().total_users(), 3);
    let before = rt.sim().event_log_hash();
    rt.apply(LoadCmd::Topology { users, pairs: None, named: these(&["zed@nowhere.example"]) }.into());
    assert_eq!(rt.sim().event_log_hash(), before, "the run is kept");
    let (_, problems) = rt.import_problem().cloned().unwrap();
    assert!(problems.contains("no user `zed@nowhere.example` in the users file"), "{problems}");
}

// Issue 21, finding 8: a paired pool over 53,000 users opened from a
// link gets the same sizing warning as one imported.
#[test]
fn a_link_to_an_oversized_pool_warns() {
    let text = "version = 1\n[[pools]]\nid = \"a\"\nbackup = \"b\"\n[[pools]]\nid = \"b\"\nbackup = \"a\"\n[[population]]\npool = \"a\"\ncount = 60000\n";
    let link = crate::url::parse(&format!("?scenario={}", crate::url::compact_scenario(text)));
    let rt = State::from_link(&link);
    assert!(rt.notices().iter().any(|n| n.starts_with("Warning:") && n.contains("53,000")), "{:?}", rt.notices());
}

#[test]
fn a_save_that_fails_says_so_once() {
    let mut rt = State::default_builtin();
    rt.apply(ShellCmd::SaveFailed("the browser's storage for this page is full or blocked".into()).into());
    rt.apply(ShellCmd::SaveFailed("the browser's storage for this page is full or blocked".into()).into());
    let said: Vec<_> = rt.notices().into_iter().filter(|n| n.contains("could not be saved")).collect();
    assert_eq!(said.len(), 1, "{said:?}");
    assert!(said[0].contains("full or blocked") && said[0].contains("Export"), "{}", said[0]);
    // After a save that works, a new failure is said again.
    rt.apply(ShellCmd::Saved.into());
    rt.apply(ShellCmd::SaveFailed("blocked".into()).into());
    assert_eq!(rt.notices().iter().filter(|n| n.contains("could not be saved")).count(), 2);
}

#[test]
fn an_oversized_import_says_the_size_limit() {
    let mut rt = State::default_builtin();
    let big = format!("version = 1\n# {}\n", "x".repeat(9 * 1024 * 1024));
    rt.apply(LoadCmd::File("big.toml".into(), big).into());
    let (_, problem) = rt.import_problem().cloned().unwrap();
    assert!(problem.contains("at most 2048 KB") && !problem.contains("version"), "{problem}");
}

/// Every field of a screen survives `link()` -> `write` -> `parse` ->
/// `from_link`: a copied link reopens the same screen.
#[test]
fn a_link_round_trips_every_field_of_the_screen() {
    let mut rt = State::default_builtin();
    rt.apply(PlaybackCmd::Seek(SimTime::from_s(700)).into());
    rt.apply(RunCmd::Order(Action::Checklist(0, failover_engine::ChecklistItem::RepointEdge)).into());
    rt.apply(PlaybackCmd::Seek(SimTime::from_s(1850)).into());
    let sc = rt.sim().scenario();
    let (bob, dave) = (sc.user_by_id("bob").unwrap(), sc.user_by_id("dave").unwrap());
    rt.apply(RunCmd::Select(Some(Selection::Named(bob))).into());
    rt.apply(RunCmd::Observe(Some(dave)).into());
    rt.apply(ShellCmd::SetView(View::Observer).into());
    rt.apply(PlaybackCmd::Speed(300).into());
    rt.apply(LessonCmd::SetGuided(false).into());
    rt.apply(RunCmd::Compare(Some(Variant::TimerOnly)).into());
    rt.apply(ShellCmd::OpenTab(Some(Panel::Tables)).into());
    rt.shell.embed = true;
    rt.shell.origins = vec!["https://lms.example.com".into()];
    rt.shell.panels = Some(vec![Panel::Stage, Panel::Inspector, Panel::Tables]);
    rt.apply(PlaybackCmd::Play.into());
    let link = rt.link().unwrap();
    let query = link.write();
    let parsed = crate::url::parse(&query);
    assert!(parsed.notices.is_empty(), "{:?}", parsed.notices);
    let again = State::from_link(&parsed);
    assert_eq!(again.link().unwrap(), link, "{query}");
    assert_eq!(again.sim().event_log_hash(), rt.sim().event_log_hash(), "the orders came along");
    assert_eq!((again.observer(), again.view(), again.tab()), (Some(dave), View::Observer, Some(Panel::Tables)));
    assert_eq!(again.origins(), rt.origins());
    assert!(again.compare().is_some() && again.mode() == Mode::Explore && !again.lesson().guided() && again.playing());
}

/// The mode is part of the screen: every mode, standalone and embedded,
/// comes back from its link (an embed of a lesson defaults to Learn, so
/// Explore is then written out).
#[test]
fn every_mode_round_trips_through_its_link() {
    for embed in [false, true] {
        for mode in Mode::ALL {
            let mut rt = State::default_builtin();
            rt.shell.embed = embed;
            rt.apply(ShellCmd::SetMode(mode).into());
            let query = rt.link_query().unwrap();
            let again = State::from_link(&crate::url::parse(&query));
            assert_eq!(again.mode(), mode, "{query}");
            assert_eq!(again.link_query().unwrap(), query);
        }
    }
    // A SCORM launch and an embed of a lesson are Learn unless they say.
    assert_eq!(State::from_link(&crate::url::parse("?scenario=working-day&scorm=scorm12")).mode(), Mode::Learn);
    assert_eq!(State::from_link(&crate::url::parse("?scenario=working-day&embed=1")).mode(), Mode::Learn);
    assert_eq!(State::from_link(&crate::url::parse("?scenario=working-day")).mode(), Mode::Explore);
    // An embed that asks for more than a lesson shows keeps it (older embeds).
    let tables = State::from_link(&crate::url::parse("?scenario=working-day&embed=1&panels=stage,tables"));
    assert_eq!((tables.mode(), tables.shell().embed_panels()), (Mode::Explore, vec![Panel::Stage, Panel::Tables]));
    // Links from before the modes.
    assert_eq!(State::from_link(&crate::url::parse("?presenter=1")).mode(), Mode::Present);
}

/// Loading another run keeps what the shell holds (the mode, the embed's
/// origins) and replaces the run, the lesson and the clock whole.
#[test]
fn a_load_keeps_the_shell_and_replaces_the_run() {
    let mut rt = State::from_link(&crate::url::parse("?scenario=working-day&mode=present&t=900&speed=300"));
    rt.apply(LessonCmd::Answer(0, "no".into()).into());
    rt.apply(LoadCmd::Builtin("fast-failover").into());
    assert_eq!(rt.mode(), Mode::Present, "presenter mode survives a load");
    assert_eq!((rt.t(), rt.speed()), (SimTime::ZERO, 300));
    assert!(rt.lesson().answers().iter().all(Option::is_none));
    rt.shell.embed = true;
    rt.apply(ShellCmd::OriginIgnored("https://a.example".into()).into());
    rt.apply(LoadCmd::Builtin("timer-only").into());
    rt.apply(ShellCmd::OriginIgnored("https://a.example".into()).into());
    let told = rt.notices().iter().filter(|n| n.contains("ignores commands from")).count();
    assert_eq!(told, 1, "said once, across loads");
}

/// In Learn mode the page offers no way out of the lesson: no drawer tab
/// opens, and an embed's panels are limited to the lesson's.
#[test]
fn learn_mode_opens_no_tab_and_no_panel_outside_the_lesson() {
    let mut rt = State::from_link(&crate::url::parse(
        "?scenario=working-day&embed=1&mode=learn&panels=stage,editor,admin,inspector&tab=tables",
    ));
    assert_eq!(rt.tab(), None);
    assert_eq!(rt.shell().embed_panels(), [Panel::Stage, Panel::Inspector]);
    assert!(rt.notices().iter().any(|n| n.contains("editor, admin")), "{:?}", rt.notices());
    for tab in Panel::TABS {
        rt.apply(ShellCmd::OpenTab(Some(tab)).into());
        assert_eq!(rt.tab(), None, "{tab:?}");
    }
}

#[test]
fn export_with_orders_imports_back_to_the_same_run() {
    let mut rt = State::default_builtin();
    // Written before the orders: what is kept of the run follows them.
    let before = rt.scenario_toml().to_string();
    rt.apply(PlaybackCmd::Seek(SimTime::from_s(700)).into());
    rt.apply(RunCmd::Order(Action::Checklist(0, failover_engine::ChecklistItem::RepointEdge)).into());
    assert_ne!(rt.scenario_toml(), before, "the order is in the file");
    rt.apply(PlaybackCmd::Seek(SimTime::from_s(720)).into());
    rt.apply(RunCmd::Order(Action::InvokeFailover(0, failover_engine::FailoverMode::Disaster)).into());
    let hash = rt.sim().event_log_hash();
    let link = rt.link_query().unwrap();
    assert!(link.contains("scenario=b64%3A") || link.contains("scenario=b64:"), "{link}");
    let mut other = State::default_builtin();
    other.apply(LoadCmd::File("export.toml".into(), rt.scenario_toml().to_string()).into());
    assert_eq!(other.sim().event_log_hash(), hash);
    let parsed = crate::url::parse(&link);
    let again = simulate_text(parsed.scenario.as_deref().unwrap(), "link").unwrap();
    assert_eq!(again.event_log_hash(), hash);
}

#[test]
fn guided_play_stops_at_captions_and_checkpoints() {
    let mut rt = State::default_builtin();
    assert!(rt.lesson().guided(), "the reference scenario has captions");
    rt.apply(PlaybackCmd::Seek(SimTime::from_s(500)).into());
    rt.apply(PlaybackCmd::Speed(1000).into());
    rt.apply(PlaybackCmd::Play.into());
    rt.apply(PlaybackCmd::Advance { real_ms: 10_000.0, now_ms: 0.0 }.into());
    assert!(!rt.playing());
    assert_eq!(rt.t(), SimTime::from_s(600), "stopped at the failure caption");
    let c = rt.current_caption().unwrap();
    assert!(rt.sim().scenario().captions[c].text.contains("logged out"));
    rt.apply(LessonCmd::Next.into());
    assert!(rt.t() > SimTime::from_s(600));
    rt.apply(LessonCmd::Back.into());
    assert_eq!(rt.t(), SimTime::from_s(600));
}

/// Stepping with Next only: every checkpoint is its own stop, at its own
/// moment, before the caption that would answer it; its answer is covered
/// until given.
#[test]
fn next_meets_every_checkpoint_at_its_own_moment_before_its_answer_shows() {
    let mut rt = State::default_builtin();
    let n = rt.sim().scenario().checkpoints.len();
    let mut met = vec![false; n];
    for _ in 0..100 {
        let before = (rt.step(), rt.t());
        rt.apply(LessonCmd::Next.into());
        if (rt.step(), rt.t()) == before {
            break;
        }
        // Two questions at one moment: the screen stays covered until
        // the last of them is answered.
        while let Some(i) = rt.pending_checkpoint() {
            assert!(!met[i], "checkpoint {i} asked once");
            let cp = &rt.sim().scenario().checkpoints[i];
            assert_eq!(rt.t(), cp.at, "checkpoint {i} met at its own moment");
            assert_eq!(rt.selected_named(), Some(cp.user), "the inspector shows the user asked about");
            // No caption after the question's moment is on screen yet.
            let caption = rt.current_caption().and_then(|c| rt.caption_moment(c)).map(|m| m.at);
            assert!(caption.is_none_or(|at| at <= cp.at));
            met[i] = true;
            let right = rt.checkpoint_answer(i).unwrap().value.as_str().to_string();
            rt.apply(LessonCmd::Answer(i, right).into());
            assert_ne!(rt.pending_checkpoint(), Some(i), "answered: no longer asked");
        }
        assert_eq!(rt.pending_checkpoint(), None, "all answered: revealed");
    }
    assert!(met.iter().all(|&m| m), "every checkpoint met: {met:?}");
    assert_eq!(rt.score(), (n, n, n));
}

/// Issue 22, finding 2: a question on screen is covered until answered,
/// however the clock got to its moment: a deep link, an embed's `seek`,
/// scrubbing, Back, a resume.
#[test]
fn a_question_is_covered_by_every_path_to_its_moment() {
    let sim = State::default_builtin();
    let cp = sim.sim().scenario().checkpoints[0].at;
    let link = State::from_link(&crate::url::parse(&format!("?scenario=working-day&t={}", cp.whole_s())));
    assert_eq!(link.pending_checkpoint(), Some(0), "a deep link");
    let mut rt = State::default_builtin();
    rt.apply(PlaybackCmd::Seek(cp).into());
    assert_eq!(rt.pending_checkpoint(), Some(0), "a seek (scrub, embed)");
    rt.apply(LessonCmd::Next.into());
    rt.apply(LessonCmd::Back.into());
    assert_eq!((rt.t(), rt.pending_checkpoint()), (cp, Some(0)), "Back onto it");
    rt.apply(LessonCmd::Answer(0, "no".into()).into());
    assert_eq!(rt.pending_checkpoint(), None, "answered: revealed");
    let mut resumed = State::from_link(&crate::url::parse("?scenario=working-day&mode=learn"));
    let k = resumed.steps().iter().position(|s| s.0 == cp).unwrap();
    resumed.apply(LessonCmd::Resume { step: Some(k), answers: Vec::new() }.into());
    assert_eq!((resumed.t(), resumed.pending_checkpoint()), (cp, Some(0)), "a resume");
}

/// Issue 22: in Learn, the lesson goes from stop to stop and never past a
/// question not answered yet, whatever asks: a link, a seek, a chapter, a
/// resume, Next, Play.
#[test]
fn a_learner_never_passes_a_question_not_answered() {
    let link = State::from_link(&crate::url::parse("?scenario=working-day&mode=learn&t=6600"));
    let first = link.sim().scenario().checkpoints.iter().map(|c| c.at).min().unwrap();
    assert_eq!(link.t(), first, "a link past the first question lands on it");
    assert!(link.pending_checkpoint().is_some());
    let mut rt = link.clone();
    for cmd in [
        PlaybackCmd::Seek(SimTime::from_s(9000)).into(),
        PlaybackCmd::NextEvent.into(),
        LessonCmd::Next.into(),
        LessonCmd::GoToStep(1000).into(),
        PlaybackCmd::Play.into(),
        PlaybackCmd::Advance { real_ms: 1e6, now_ms: 0.0 }.into(),
    ] {
        rt.apply(cmd);
        assert_eq!(rt.t(), first, "held at the question");
        assert!(rt.pending_checkpoint().is_some());
    }
    // A link inside the lesson lands on its stop, not beside it.
    let beside = State::from_link(&crate::url::parse("?scenario=working-day&mode=learn&t=605"));
    assert!(beside.steps().iter().any(|s| s.0 == beside.t()), "t={} is a stop", beside.t());
    // Answered, the next stop is reachable, and so on to the end.
    for _ in 0..200 {
        // Two questions at one moment: both are answered before Next.
        while let Some(i) = rt.pending_checkpoint() {
            let right = rt.checkpoint_answer(i).unwrap().value.as_str().to_string();
            rt.apply(LessonCmd::Answer(i, right).into());
        }
        let before = rt.step();
        rt.apply(LessonCmd::Next.into());
        if rt.step() == before {
            break;
        }
    }
    assert!(rt.lesson_complete());
    let (correct, answered, total) = rt.score();
    assert_eq!((correct, answered), (total, total));
}

/// Issue 22: class mode. In Present, the trainer reveals an answer to the
/// room without recording one; the room's hands are kept for the summary.
#[test]
fn the_room_sees_an_answer_revealed_without_a_score() {
    let mut rt = State::from_link(&crate::url::parse("?scenario=working-day&mode=present"));
    rt.apply(LessonCmd::Next.into());
    while rt.pending_checkpoint().is_none() {
        rt.apply(LessonCmd::Next.into());
    }
    let i = rt.pending_checkpoint().unwrap();
    rt.apply(LessonCmd::Hands { checkpoint: i, value: 0, count: 12 }.into());
    rt.apply(LessonCmd::Hands { checkpoint: i, value: 1, count: 9 }.into());
    rt.apply(LessonCmd::Reveal(i).into());
    assert_eq!(rt.pending_checkpoint(), None, "revealed to the room");
    assert_eq!(rt.score().1, 0, "no personal answer recorded");
    assert_eq!(rt.lesson().hands(i), [12, 9]);
    // A learner cannot reveal: they answer.
    let mut learn = State::from_link(&crate::url::parse("?scenario=working-day&mode=learn&t=6600"));
    let j = learn.pending_checkpoint().unwrap();
    learn.apply(LessonCmd::Reveal(j).into());
    assert_eq!(learn.pending_checkpoint(), Some(j));
}

#[test]
fn checkpoints_score_against_the_engine() {
    let mut rt = State::default_builtin();
    let n = rt.sim().scenario().checkpoints.len();
    assert!(n >= 3);
    for i in 0..n {
        let right = rt.checkpoint_answer(i).unwrap().value.as_str().to_string();
        let answer = if i == 0 { "wrong".to_string() } else { right };
        rt.apply(LessonCmd::Answer(i, answer).into());
    }
    // A second answer does not change the first.
    rt.apply(LessonCmd::Answer(1, "wrong".into()).into());
    assert_eq!(rt.score(), (n - 1, n, n));
}

#[test]
fn compare_variants_run() {
    let mut rt = State::default_builtin();
    rt.apply(RunCmd::Compare(Some(Variant::FailoverAtOnce)).into());
    let (_, run) = rt.compare().unwrap();
    let other = run.as_ref().unwrap();
    let alice = other.scenario().user_by_id("alice").unwrap();
    // Failed over at 10:00, so regular mode on Pool B from 25:00 instead of 35:00.
    assert_eq!(other.named_situation(alice, SimTime::from_s(1600)).mode, Some(failover_engine::sim::Mode::Regular));
    assert_eq!(
        rt.sim().named_situation(alice, SimTime::from_s(1600)).mode,
        Some(failover_engine::sim::Mode::Resiliency)
    );
    rt.apply(RunCmd::Compare(Some(Variant::TimerOnly)).into());
    let other = rt.compare().unwrap().1.as_ref().unwrap();
    assert_eq!(other.named_situation(alice, SimTime::from_s(3000)).mode, Some(failover_engine::sim::Mode::Resiliency));
}

#[test]
fn switching_scenarios_can_be_undone_with_the_orders_kept() {
    let mut rt = State::default_builtin();
    rt.apply(PlaybackCmd::Seek(SimTime::from_s(60)).into());
    rt.apply(RunCmd::Order(Action::PoolFails(2)).into());
    let hash = rt.sim().event_log_hash();
    rt.apply(LoadCmd::Builtin("timer-only").into());
    assert_ne!(rt.sim().event_log_hash(), hash);
    rt.apply(LoadCmd::RestorePrevious.into());
    assert_eq!(rt.sim().event_log_hash(), hash);
    assert_eq!(rt.t(), SimTime::from_s(60));
    assert!(rt.previous().is_none());
}

#[test]
fn refused_orders_say_why_and_change_nothing() {
    let mut rt = State::default_builtin();
    let before = rt.sim().event_log_hash();
    rt.apply(RunCmd::Order(Action::InvokeFailback(0)).into());
    assert!(matches!(&rt.last_order(), Some(Err(m)) if m.contains("not failed over")));
    assert_eq!(before, rt.sim().event_log_hash());
}

/// Issue 22 (review): the stop before a question must not answer it. At
/// T+10:00 Alice's contact list already reads as it will at the T+11:00
/// question, so a learner's inspector covers it until it is answered; at
/// T+0:00 it reads otherwise, and is shown.
#[test]
fn the_stop_before_a_question_does_not_answer_it() {
    let mut rt = State::from_link(&crate::url::parse("?scenario=working-day&mode=learn"));
    let alice = rt.sim().scenario().user_by_id("alice").unwrap();
    let contacts = rt.sim().scenario().checkpoints[0].capability;
    let ten = SimTime::parse("10:00").unwrap();
    assert!(rt.lesson().foreseen(rt.sim(), ten, alice).contains(&contacts));
    assert!(!rt.lesson().foreseen(rt.sim(), SimTime::ZERO, alice).contains(&contacts));
    rt.apply(PlaybackCmd::Seek(SimTime::parse("11:00").unwrap()).into());
    rt.apply(LessonCmd::Answer(0, "no".into()).into());
    assert!(!rt.lesson().foreseen(rt.sim(), ten, alice).contains(&contacts), "answered: shown");
}

/// Plan mode: the plan of your topology, a variant played on the stage
/// (still private, the plan kept beside it), and cleared by another load.
#[test]
fn a_plan_of_your_topology_plays_its_variants_privately() {
    let mut rt = with_topology();
    assert!(rt.plan().made().is_none());
    // Two answers in a row, each from the screen as it was: both kept.
    rt.apply(PlanCmd::Set(Answer::TimerS(300)).into());
    rt.apply(PlanCmd::Set(Answer::CmsPool(Some(0))).into());
    rt.apply(PlanCmd::Make.into());
    let plan = rt.plan().made().unwrap().as_ref().unwrap().clone();
    assert_eq!((plan.inputs.timer_s, plan.inputs.cms_pool), (300, Some(0)));
    assert_eq!(plan.failures.len(), 2, "either pool of the pair fails");
    let yours = plan.failures[0].variants.iter().position(|v| v.yours).unwrap();
    rt.apply(PlanCmd::Show { failure: 0, variant: yours }.into());
    assert_eq!(*rt.origin(), Origin::Topology);
    assert!(rt.link().is_none(), "a variant of your topology stays out of links too");
    assert_eq!(rt.sim().scenario().timeline, plan.failures[0].variants[yours].orders);
    assert_eq!(rt.plan().shown(), Some((0, yours)));
    // Made again with a variant on the stage: the plan of the topology, not of the variant.
    rt.apply(PlanCmd::Make.into());
    assert_eq!(rt.plan().made().unwrap().as_ref().unwrap().title, plan.title);
    rt.apply(LoadCmd::Builtin("fast-failover").into());
    assert!(rt.plan().made().is_none(), "another scenario clears the plan");
}

/// Explore's admin panel: an order at a typed moment acts there (not at the
/// clock's), takes the clock to it, and a refused one leaves both alone.
#[test]
fn an_order_at_a_typed_moment_acts_there() {
    let mut rt = State::default_builtin();
    let at = SimTime::from_s(11 * 60);
    let action = Action::InvokeFailover(0, failover_engine::FailoverMode::Disaster);
    let procedure = rt.sim().dr().failover_procedure(0);
    for step in &procedure {
        if rt.check_at(at, step).is_ok() {
            rt.apply(RunCmd::OrderAt(at, step.clone()).into());
        }
    }
    assert!(procedure.contains(&action));
    assert!(rt.sim().scenario().timeline.iter().any(|o| o.at == at && o.action == action), "{:?}", rt.last_order());
    assert_eq!(rt.t(), at, "the clock goes to the order's moment");
    // Refused at its typed moment (the pool is up at 1:00): nothing changes.
    let before = rt.sim().event_log_hash();
    rt.apply(RunCmd::OrderAt(SimTime::from_s(60), Action::InvokeFailback(0)).into());
    assert_eq!(rt.sim().event_log_hash(), before);
    assert!(rt.last_order().is_some_and(|o| o.is_err()));
    assert_eq!(rt.t(), at);
}

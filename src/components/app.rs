//! The page: builds the runtime from the link, lays out the components,
//! applies their commands and keeps the URL in step with the screen.

use super::Rt;
use crate::hooks::use_animation_frame;
use crate::state::{Command, LessonCmd, LoadCmd, PlaybackCmd, ShellCmd, State};
use crate::{browser, embed, url};
use failover_engine::SimTime;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// A screen that takes longer than this to open is not kept for the next
/// visit: a plain visit must never freeze on what the last one left.
pub const SLOW_OPEN_MS: f64 = 3000.0;

/// Builds the state a link asks for; every bad part becomes a notice. The
/// import benches (`bench=import`, `bench=worst`) run here, where the web
/// clock is.
pub fn state_from_link(query: &str) -> State {
    let link = url::parse(query);
    #[allow(unused_mut)]
    let mut state = State::from_link(&link);
    #[cfg(feature = "full")]
    {
        let bench = link.worst_bench.then(|| ("Worst-scenario bench", crate::import_bench::worst(browser::now_ms)));
        // The import and the plan are the planner's.
        #[cfg(feature = "plan")]
        let bench = bench
            .or_else(|| link.import_bench.map(|rows| ("Import bench", crate::import_bench::run(rows, browser::now_ms))))
            .or_else(|| link.plan_bench.map(|users| ("Plan bench", crate::import_bench::plan(users, browser::now_ms))));
        if let Some((label, json)) = bench {
            state.apply(ShellCmd::ImportBenchDone { label, json }.into());
        }
    }
    state
}

/// Saves the screen for the next visit if it may be: only a run the stage
/// has drawn (a run that cannot be drawn must never lock the next visit),
/// never from an embedded simulator (it would overwrite the standalone
/// page's work), never in bench mode. Returns the command that says how it
/// went, if anything changed.
pub fn persist(rt: &State, last_saved: &mut Option<String>) -> Option<Command> {
    // The player keeps no screen: a learner's place is the learning
    // platform's, and the full page's saved screen is not the player's.
    if !cfg!(feature = "full")
        || rt.embed()
        || rt.bench().is_some()
        || rt.slow_open()
        || browser::in_frame()
        || rt.drawn().map(|d| d.0) != Some(rt.revision())
    {
        return None;
    }
    let query = rt.link_query()?;
    if last_saved.as_deref() == Some(query.as_str()) {
        return None;
    }
    *last_saved = Some(query.clone());
    match browser::save_session(&query) {
        Ok(()) => rt.save_failed().then_some(ShellCmd::Saved.into()),
        Err(why) => Some(ShellCmd::SaveFailed(why).into()),
    }
}

/// The link to start from: the page's own, or else the last session saved
/// in this browser (with a notice either way when that is used or ignored).
pub fn starting_query(own: &str) -> (String, Option<String>) {
    if !own.trim_start_matches('?').is_empty() || !cfg!(feature = "full") {
        return (own.to_string(), None);
    }
    match browser::load_session() {
        Ok(Some(q)) => (q, Some("Restored your last scenario and settings from this browser.".to_string())),
        Ok(None) => (String::new(), None),
        Err(notice) => (String::new(), Some(notice)),
    }
}

/// Sends the events due to the embedding page.
fn tell_parent(rt: &State, told: &mut embed::Told) {
    let Some(window) = web_sys::window() else { return };
    let Ok(Some(parent)) = window.parent() else { return };
    if parent == window {
        return;
    }
    let mut events = embed::events_due(rt, told, browser::now_ms());
    // The content's height, so the parent can size the frame (no inner scrollbar).
    // The app's own box, not the document's (which is at least the frame's height).
    let height = window
        .document()
        .and_then(|d| d.query_selector("[data-testid=app]").ok().flatten())
        .map_or(0, |e| e.get_bounding_client_rect().bottom().ceil() as i32 + 4);
    events.extend(embed::resize_due(rt, told, height));
    let own = window.location().origin().unwrap_or_default();
    let targets: Vec<String> = if rt.origins().is_empty() { vec![own] } else { rt.origins().to_vec() };
    for e in events {
        for target in &targets {
            let _ = parent.post_message(&e, target);
        }
    }
}

/// Props of [`App`]: tests pass the link; the page reads its own URL.
#[derive(Properties, PartialEq, Clone, Default)]
pub struct AppProps {
    /// A query string to start from instead of the page's URL.
    #[prop_or_default]
    pub query: Option<String>,
}

#[function_component]
pub fn App(props: &AppProps) -> Html {
    let query = props.query.clone();
    let state = use_reducer(move || {
        let (query, notice) = match query {
            Some(q) => (q, None),
            None => starting_query(&browser::query()),
        };
        let started = browser::now_ms();
        let mut runtime = state_from_link(&query);
        let took = browser::now_ms() - started;
        if let Some(n) = notice {
            runtime.apply(ShellCmd::Notice(n).into());
        }
        if took > SLOW_OPEN_MS {
            runtime.apply(ShellCmd::OpenedSlowly(took).into());
        }
        runtime
    });
    // The state for this render, shared with the listeners and the stage.
    let now = Rc::new((*state).clone());
    let latest = use_mut_ref(|| now.clone());
    *latest.borrow_mut() = now.clone();
    let on_command = {
        let dispatcher = state.dispatcher();
        use_callback((), move |cmd: Command, _| dispatcher.dispatch(cmd))
    };
    let told = use_mut_ref(embed::Told::default);
    let last_saved = use_mut_ref(|| None::<String>);
    let warned = use_mut_ref(|| 0usize);

    // The clock: a hook of the page, not of the stage.
    {
        let (latest, on_command) = (latest.clone(), on_command.clone());
        let last_ts = Rc::new(std::cell::Cell::new(None::<f64>));
        use_animation_frame(Rc::new(move |ts: f64| {
            let real_ms = last_ts.get().map_or(0.0, |last| (ts - last).min(250.0));
            last_ts.set(Some(ts));
            if latest.borrow().playing() {
                on_command.emit(PlaybackCmd::Advance { real_ms, now_ms: browser::now_ms() }.into());
            }
        }));
    }
    // After each change shown: the address bar, the saved screen, the parent.
    {
        let (latest, told, last_saved, on_command) =
            (latest.clone(), told.clone(), last_saved.clone(), on_command.clone());
        use_effect_with(now.tick(), move |_| {
            let r = latest.borrow().clone();
            match r.link_query() {
                Some(query) => browser::replace_query_soon(query),
                // A private run leaves no trace of itself (or of the run
                // before it) in the address bar.
                None if matches!(r.origin(), crate::state::Origin::Topology) => {
                    browser::replace_query_soon(browser::base_url())
                }
                None => {}
            }
            if let Some(cmd) = persist(&r, &mut last_saved.borrow_mut()) {
                on_command.emit(cmd);
            }
            tell_parent(&r, &mut told.borrow_mut());
        });
    }
    // A learning platform (SCORM), when the page runs inside one: found once,
    // told the score, completion and where the learner is after each change,
    // told the time spent when the page goes away. No LMS: nothing happens.
    let lms = use_mut_ref(|| None::<(crate::scorm::Lms, f64, crate::scorm::Pacing)>);
    {
        let (lms, on_command, latest) = (lms.clone(), on_command.clone(), latest.clone());
        use_effect_with((), move |_| {
            if let Some(api) = crate::scorm::find() {
                match api.initialize() {
                    Ok(()) => {
                        let held = api.suspend_data();
                        let decoded = crate::scorm::decode(&held);
                        let (pacing, notice) = crate::scorm::Pacing::launch(&held, decoded.is_some());
                        if let Some((step, answers)) = decoded {
                            on_command.emit(LessonCmd::Resume { step, answers }.into());
                        }
                        if let Some(n) = notice {
                            on_command.emit(ShellCmd::Notice(n).into());
                        }
                        *lms.borrow_mut() = Some((api, browser::now_ms(), pacing));
                    }
                    Err(why) => on_command.emit(ShellCmd::Notice(format!(
                        "The learning platform did not start a session ({why}); the lesson works, but your score is not reported."
                    )).into()),
                }
            }
            let leave = {
                let (lms, latest) = (lms.clone(), latest.clone());
                web_sys::window().map(|w| {
                    gloo::events::EventListener::new(&w, "pagehide", move |_| {
                        if let Some((api, started, _)) = lms.borrow_mut().take() {
                            api.finish((browser::now_ms() - started) / 1000.0, latest.borrow().lesson_complete());
                        }
                    })
                })
            };
            move || drop(leave)
        });
    }
    {
        let (lms, latest, on_command) = (lms.clone(), latest.clone(), on_command.clone());
        use_effect_with(now.tick(), move |_| {
            let r = latest.borrow().clone();
            let mut slot = lms.borrow_mut();
            let Some((api, _, pacing)) = slot.as_mut() else { return };
            let (correct, _, total) = r.score();
            let report = crate::scorm::Report {
                correct,
                total,
                complete: r.lesson_complete(),
                pass: r.pass_mark(),
                suspend: crate::scorm::encode(r.step(), r.lesson().answers()),
            };
            let now_ms = browser::now_ms();
            if pacing.due(&report, r.lesson_resumed(), now_ms) == crate::scorm::Due::Nothing {
                return;
            }
            let outcome = api.report(&report);
            if let Some(notice) = pacing.sent(report, outcome, now_ms) {
                on_command.emit(ShellCmd::Notice(notice).into());
            }
        });
    }
    // A scenario the parent sent that cannot run: a console warning too.
    {
        let (latest, warned) = (latest.clone(), warned.clone());
        use_effect_with(now.parent_errors().len(), move |_| {
            let r = latest.borrow().clone();
            for why in r.parent_errors().iter().skip(*warned.borrow()) {
                browser::warn(&format!("Pool Failover Simulator: the scenario sent cannot run: {why}"));
            }
            *warned.borrow_mut() = r.parent_errors().len();
        });
    }
    crate::hooks::use_editor_document(now.clone(), latest.clone(), on_command.clone(), props.query.is_none());
    crate::hooks::use_console(now.clone(), latest.clone(), on_command.clone());
    // The render bench's result, once, where the bench script reads it.
    {
        let result = now.bench().and_then(|b| b.result.clone()).or_else(|| now.import_bench().map(str::to_string));
        use_effect_with(result, move |result| {
            if let Some(json) = result {
                browser::log(&format!("BENCH_RESULT {json}"));
            }
        });
    }
    // Embedding: commands in by postMessage, from allowed origins only.
    // Loads are coalesced: of a burst, only the latest is built, on the next
    // frame. Warnings about ignored messages are bounded.
    {
        let (latest, on_command) = (latest.clone(), on_command.clone());
        use_effect_with((), move |_| {
            let warnings = Rc::new(std::cell::RefCell::new(embed::Warnings::default()));
            let pending_load = Rc::new(std::cell::RefCell::new(None::<Command>));
            let load_frame = Rc::new(std::cell::RefCell::new(None::<gloo::render::AnimationFrame>));
            let warn = move |text: String| {
                if let Some(line) = warnings.borrow_mut().next(&text) {
                    browser::warn(&line);
                }
            };
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                    let own = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                    let r = latest.borrow().clone();
                    if !embed::origin_allowed(&event.origin(), r.origins(), &own) {
                        warn(format!(
                            "Pool Failover Simulator: ignored a message from {}: origin not allowed",
                            event.origin()
                        ));
                        // Said once on the page too: a trainer wiring a parent page
                        // sees why nothing happens, and how to allow it.
                        on_command.emit(ShellCmd::OriginIgnored(event.origin()).into());
                        return;
                    }
                    let data = event.data();
                    // Our own events echo back when the page embeds itself; ignore them quietly.
                    if js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|t| t.as_string()).as_deref()
                        == Some(embed::EVENT_TYPE)
                    {
                        return;
                    }
                    let is_load = js_sys::Reflect::get(&data, &"command".into()).ok().and_then(|c| c.as_string())
                        == Some("load".into());
                    match embed::parse(&data).and_then(|inbound| embed::to_command(&r, &inbound)) {
                        Ok(c @ Command::Load(LoadCmd::Builtin(_) | LoadCmd::FromParent(_))) => {
                            let first = pending_load.borrow_mut().replace(c).is_none();
                            if first {
                                let (pending_load, on_command) = (pending_load.clone(), on_command.clone());
                                let handle = gloo::render::request_animation_frame(move |_| {
                                    if let Some(c) = pending_load.borrow_mut().take() {
                                        on_command.emit(c);
                                    }
                                });
                                *load_frame.borrow_mut() = Some(handle);
                            }
                        }
                        Ok(c) => on_command.emit(c),
                        Err(why) => {
                            warn(format!("Pool Failover Simulator: ignored a message: {why}"));
                            // A load that could not be carried out is answered.
                            if is_load {
                                on_command.emit(ShellCmd::ParentError(why).into());
                            }
                        }
                    }
                })
            });
            move || drop(listener)
        });
    }
    // Keyboard shortcuts (docs in the page's footer and README).
    {
        let (latest, on_command) = (latest.clone(), on_command.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|d| {
                // Not passive: handled keys cancel the browser's own action
                // (Page Down would otherwise also scroll a screen).
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(&d, "keydown", options, move |event| {
                    let Some(e) = event.dyn_ref::<KeyboardEvent>() else { return };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let tag = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|el| (el.tag_name(), el.get_attribute("data-testid")));
                    let (tag, testid) = tag.unwrap_or_default();
                    let (presenter, playing) = {
                        let r = latest.borrow();
                        ((r.mode() == crate::screen::Mode::Present), r.playing())
                    };
                    let key = e.key();
                    // Stepping keys work wherever focus is (a focused button
                    // included; in presenter mode the arrows too); fields keep
                    // their own keys, and a table's cells their arrows.
                    let stepping = matches!(key.as_str(), "PageDown" | "PageUp")
                        || (presenter && matches!(key.as_str(), "ArrowRight" | "ArrowLeft"));
                    if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                        || (tag == "BUTTON" && !stepping)
                        || (matches!(tag.as_str(), "TD" | "TH") && key.starts_with("Arrow"))
                    {
                        return;
                    }
                    let on_stage = testid.as_deref() == Some("stage");
                    let cmd = match key.as_str() {
                        " " | "k" => Some(if playing { PlaybackCmd::Pause.into() } else { PlaybackCmd::Play.into() }),
                        "ArrowRight" if presenter => Some(LessonCmd::Next.into()),
                        "ArrowLeft" if presenter => Some(LessonCmd::Back.into()),
                        "ArrowRight" | "l" if !on_stage => Some(PlaybackCmd::NextEvent.into()),
                        "ArrowLeft" | "j" if !on_stage => Some(PlaybackCmd::PrevEvent.into()),
                        "PageDown" | "n" => Some(LessonCmd::Next.into()),
                        "PageUp" | "p" => Some(LessonCmd::Back.into()),
                        "+" | "=" => Some(PlaybackCmd::SpeedStep(true).into()),
                        "-" => Some(PlaybackCmd::SpeedStep(false).into()),
                        "Home" => Some(PlaybackCmd::Seek(SimTime::ZERO).into()),
                        "Escape" if presenter => Some(ShellCmd::SetMode(crate::screen::Mode::Explore).into()),
                        _ => None,
                    };
                    if let Some(c) = cmd {
                        e.prevent_default();
                        on_command.emit(c);
                    }
                })
            });
            move || drop(listener)
        });
    }
    let props = super::ViewProps { rt: Rt(now.clone()), tick: now.tick(), on_command };
    crate::modes::page(&props)
}

#[cfg(test)]
mod tests {
    use super::state_from_link;

    #[test]
    fn a_huge_link_value_is_echoed_capped_in_the_notice() {
        let user = "u".repeat(200_000);
        let rt = state_from_link(&format!("?scenario=working-day&user={user}"));
        let notice = rt.notices().into_iter().find(|n| n.contains("no user")).expect("a notice about the user");
        assert!(notice.len() < 200, "{} characters", notice.len());
        let rt = state_from_link(&format!("?scenario={}", "x".repeat(200_000)));
        assert!(
            rt.notices().iter().all(|n| n.len() < 300),
            "{:?}",
            rt.notices().iter().map(String::len).collect::<Vec<_>>()
        );
    }
}

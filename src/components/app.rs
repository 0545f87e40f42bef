//! The page: builds the runtime from the link, lays out the components,
//! applies their commands and keeps the URL in step with the screen.

use super::{
    admin_panel::AdminPanel, bench_result::BenchResult, chart::Chart, compare_panel::ComparePanel, controls::Controls,
    drawer::Drawer, event_log::EventLog, guide_panel::GuidePanel, header::Header, narration::Narration,
    pool_cards::PoolCards, share_panel::SharePanel, source_tables::SourceTables, stage::Stage, tab_bar::TabBar,
    timeline::Timeline, user_panel::UserPanel, Rt,
};
use crate::runtime::{Command, Panel, Runtime};
use crate::{browser, embed, url};
use failover_engine::SimTime;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Builds the runtime a link asks for; every bad part becomes a notice.
pub fn runtime_from_link(query: &str) -> Runtime {
    Runtime::from_link(&url::parse(query))
}

/// Writes the screen into the URL (coalesced), and remembers it for the next
/// visit once the stage has drawn this run (see [`persist`]).
pub fn write_url(rt: &mut Runtime) {
    if let Some(query) = rt.link_query() {
        browser::replace_query_soon(query);
        persist(rt);
    }
}

/// Saves the screen for the next visit: only a run the stage has drawn
/// (a run that cannot be drawn must never lock the next visit), never from
/// an embedded simulator (it would overwrite the standalone page's work),
/// never in bench mode. A save that fails says so, once.
pub fn persist(rt: &mut Runtime) {
    if rt.embed || rt.bench.is_some() || browser::in_frame() || rt.drawn_revision != Some(rt.revision) {
        return;
    }
    let Some(query) = rt.link_query() else { return };
    match browser::save_session(&query) {
        Ok(()) => rt.save_failed = false,
        Err(why) if !rt.save_failed => {
            rt.save_failed = true;
            rt.notices.push(format!("This screen could not be saved in the browser ({why}): it will not be restored on your next visit. Export the scenario or copy the link to keep it."));
        }
        Err(_) => {}
    }
}

/// The link to start from: the page's own, or else the last session saved
/// in this browser (with a notice either way when that is used or ignored).
pub fn starting_query(own: &str) -> (String, Option<String>) {
    if !own.trim_start_matches('?').is_empty() {
        return (own.to_string(), None);
    }
    match browser::load_session() {
        Ok(Some(q)) => (q, Some("Restored your last scenario and settings from this browser.".to_string())),
        Ok(None) => (String::new(), None),
        Err(notice) => (String::new(), Some(notice)),
    }
}

/// Sends the events due to the embedding page.
fn tell_parent(rt: &Runtime, told: &mut embed::Told) {
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
    let targets: Vec<String> = if rt.origins.is_empty() { vec![own] } else { rt.origins.clone() };
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
    let rt = use_memo((), move |_| {
        let (query, notice) = match query {
            Some(q) => (q, None),
            None => starting_query(&browser::query()),
        };
        let mut runtime = runtime_from_link(&query);
        runtime.notices.extend(notice);
        Rt(Rc::new(RefCell::new(runtime)))
    });
    let rt: Rt = (*rt).clone();
    let force = use_force_update();
    let last_url_ms = use_mut_ref(|| 0.0f64);
    let told = use_mut_ref(embed::Told::default);

    let on_command = {
        let (rt, force, told) = (rt.clone(), force.clone(), told.clone());
        Callback::from(move |cmd: Command| {
            {
                let mut r = rt.0.borrow_mut();
                r.apply(cmd);
                r.tick += 1;
                write_url(&mut r);
                tell_parent(&r, &mut told.borrow_mut());
            }
            force.force_update();
        })
    };
    // Embedding: commands in by postMessage, from allowed origins only.
    {
        let (rt, on_command) = (rt.clone(), on_command.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().map(|w| {
                gloo::events::EventListener::new(&w, "message", move |event| {
                    let Some(event) = event.dyn_ref::<web_sys::MessageEvent>() else { return };
                    let own = web_sys::window().and_then(|w| w.location().origin().ok()).unwrap_or_default();
                    let origins = rt.0.borrow().origins.clone();
                    if !embed::origin_allowed(&event.origin(), &origins, &own) {
                        browser::warn(&format!(
                            "Pool Failover Simulator: ignored a message from {}: origin not allowed",
                            event.origin()
                        ));
                        // Said once on the page too: a trainer wiring a parent page
                        // sees why nothing happens, and how to allow it.
                        let mut r = rt.0.borrow_mut();
                        if r.embed && origins.is_empty() && !r.told_origins {
                            r.told_origins = true;
                            r.notices.push(format!(
                                "This simulator ignores commands from {}: add origins={} to its link to allow them.",
                                url::shorten(&event.origin()),
                                url::shorten(&event.origin())
                            ));
                            r.tick += 1;
                        }
                        return;
                    }
                    let data = event.data();
                    // Our own events echo back when the page embeds itself; ignore them quietly.
                    if js_sys::Reflect::get(&data, &"type".into()).ok().and_then(|t| t.as_string()).as_deref()
                        == Some(embed::EVENT_TYPE)
                    {
                        return;
                    }
                    let command = embed::parse(&data).and_then(|inbound| embed::to_command(&rt.0.borrow(), &inbound));
                    match command {
                        Ok(c) => {
                            let failed_before = rt.0.borrow().parent_errors.len();
                            on_command.emit(c);
                            if let Some(why) = rt.0.borrow().parent_errors.get(failed_before) {
                                browser::warn(&format!("Pool Failover Simulator: the scenario sent cannot run: {why}"));
                            }
                        }
                        Err(why) => browser::warn(&format!("Pool Failover Simulator: ignored a message: {why}")),
                    }
                })
            });
            move || drop(listener)
        });
    }
    {
        let (rt, told) = (rt.clone(), told.clone());
        use_effect_with((), move |_| tell_parent(&rt.0.borrow(), &mut told.borrow_mut()));
    }
    // Keyboard shortcuts (docs in the page's footer and README).
    {
        let (rt, on_command) = (rt.clone(), on_command.clone());
        use_effect_with((), move |_| {
            let listener = web_sys::window().and_then(|w| w.document()).map(|d| {
                gloo::events::EventListener::new(&d, "keydown", move |event| {
                    let Some(e) = event.dyn_ref::<KeyboardEvent>() else { return };
                    if e.ctrl_key() || e.meta_key() || e.alt_key() {
                        return;
                    }
                    let tag = e
                        .target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .map(|el| (el.tag_name(), el.get_attribute("data-testid")));
                    let (tag, testid) = tag.unwrap_or_default();
                    if matches!(tag.as_str(), "INPUT" | "SELECT" | "TEXTAREA" | "BUTTON") {
                        return;
                    }
                    let on_stage = testid.as_deref() == Some("stage");
                    let presenter = rt.0.borrow().guide.presenter;
                    let playing = rt.0.borrow().playing;
                    let cmd = match e.key().as_str() {
                        " " | "k" => Some(if playing { Command::Pause } else { Command::Play }),
                        "ArrowRight" if presenter => Some(Command::NextCaption),
                        "ArrowLeft" if presenter => Some(Command::PrevCaption),
                        "ArrowRight" | "l" if !on_stage => Some(Command::NextEvent),
                        "ArrowLeft" | "j" if !on_stage => Some(Command::PrevEvent),
                        "PageDown" | "n" => Some(Command::NextCaption),
                        "PageUp" | "p" => Some(Command::PrevCaption),
                        "+" | "=" => Some(Command::SpeedStep(true)),
                        "-" => Some(Command::SpeedStep(false)),
                        "Home" => Some(Command::Seek(SimTime::ZERO)),
                        "Escape" if presenter => Some(Command::SetPresenter(false)),
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
    // Called by the stage's animation loop when the moment moved.
    let on_frame = {
        let (rt, force, last_url_ms, told) = (rt.clone(), force.clone(), last_url_ms.clone(), told.clone());
        Callback::from(move |_: ()| {
            {
                let mut r = rt.0.borrow_mut();
                r.tick += 1;
                tell_parent(&r, &mut told.borrow_mut());
                let now = browser::now_ms();
                if now - *last_url_ms.borrow() > 1000.0 || !r.playing {
                    *last_url_ms.borrow_mut() = now;
                    write_url(&mut r);
                }
            }
            force.force_update();
        })
    };

    let r = rt.0.borrow();
    let tick = r.tick;
    let embed = r.embed;
    let presenter = r.guide.presenter;
    let notices = r.notices.clone();
    drop(r);
    let props = super::ViewProps { rt: rt.clone(), tick, on_command: on_command.clone() };
    let notice_html = (!notices.is_empty()).then(|| {
        html! {
            <div class="notices" role="status" data-testid="notices">
                { for notices.iter().map(|n| html! { <p>{ n }</p> }) }
            </div>
        }
    });
    let stage_area = html! {
        <main class="stage-area" aria-label="Pools and users" data-testid="stage-area">
            <PoolCards ..props.clone() />
            <Stage rt={rt.clone()} {tick} on_command={on_command.clone()} {on_frame} />
            <Narration ..props.clone() />
        </main>
    };
    let transport = html! {
        <footer class="transport" aria-label="Transport" data-testid="transport">
            <Controls ..props.clone() />
            <Timeline ..props.clone() />
        </footer>
    };
    if embed {
        // An embed shows the panels its link names, in a fixed order, at
        // their natural height (the parent sizes the frame from `resize`).
        let panels = rt.0.borrow().panels.clone().unwrap_or_else(|| Panel::EMBED_DEFAULT.to_vec());
        let has = |p: Panel| panels.contains(&p);
        let side = has(Panel::Stage) && has(Panel::Inspector);
        return html! {
            <div class={classes!("app", "embed", side.then_some("side"), presenter.then_some("presenter"))} data-testid="app" data-embed="1">
                { notice_html }
                if has(Panel::Stage) { { stage_area } }
                if has(Panel::Inspector) { <UserPanel ..props.clone() /> }
                if has(Panel::Guide) { <GuidePanel ..props.clone() /> }
                if has(Panel::Transport) { { transport } }
                if has(Panel::Tables) { <SourceTables ..props.clone() /> }
                if has(Panel::Admin) { <AdminPanel ..props.clone() /> }
                if has(Panel::Chart) { <><Chart ..props.clone() /><EventLog ..props.clone() /></> }
                if has(Panel::Compare) { <ComparePanel ..props.clone() /> }
                if has(Panel::Share) { <SharePanel ..props.clone() /> }
                <BenchResult ..props />
            </div>
        };
    }
    let ondragover = Callback::from(|e: DragEvent| e.prevent_default());
    let ondrop = {
        let on_command = on_command.clone();
        Callback::from(move |e: DragEvent| {
            e.prevent_default();
            let files = e.data_transfer().and_then(|d| d.files());
            super::share_panel::import_files(files, on_command.clone());
        })
    };
    // One screen: the stage and the inspector side by side, the walkthrough
    // as a band under the stage, the transport always visible, the rest in
    // the drawer's tabs.
    html! {
        <div class={classes!("app", "shell", presenter.then_some("presenter"))} data-testid="app" {ondragover} {ondrop}>
            <div class="top">
                <Header ..props.clone() />
                <TabBar ..props.clone() />
            </div>
            { notice_html }
            <div class="main">
                <div class="stage-column">
                    { stage_area }
                    <GuidePanel ..props.clone() />
                </div>
                <UserPanel ..props.clone() />
                <Drawer ..props.clone() />
            </div>
            { transport }
            <BenchResult ..props />
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::runtime_from_link;

    #[test]
    fn a_huge_link_value_is_echoed_capped_in_the_notice() {
        let user = "u".repeat(200_000);
        let rt = runtime_from_link(&format!("?scenario=working-day&user={user}"));
        let notice = rt.notices.iter().find(|n| n.contains("no user")).expect("a notice about the user");
        assert!(notice.len() < 200, "{} characters", notice.len());
        let rt = runtime_from_link(&format!("?scenario={}", "x".repeat(200_000)));
        assert!(
            rt.notices.iter().all(|n| n.len() < 300),
            "{:?}",
            rt.notices.iter().map(String::len).collect::<Vec<_>>()
        );
    }
}

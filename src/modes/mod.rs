//! One layout per mode (`crate::screen::Mode`): each decides which panels,
//! tabs and controls exist. The full page has all five; the light player
//! (built without the `full` feature) has Learn and Present only, and hands
//! the others to the full page (`lib.rs`).

#[cfg(feature = "full")]
pub mod author;
pub mod console;
#[cfg(feature = "full")]
mod drop_target;
pub mod embedded;
#[cfg(feature = "full")]
pub mod explore;
pub mod learn;
#[cfg(feature = "full")]
pub mod plan;
pub mod present;

use crate::components::ViewProps;
use crate::screen::Mode;
use crate::state::{Origin, State};
use yew::prelude::*;

/// Where the player lives beside the full page (`cargo xtask dist`).
pub const PLAYER_DIR: &str = "play/";

/// What a lesson shows under its top bar, in Learn and in Present (the
/// two differ in size, by their class): notices, the stage beside the
/// inspector, the walkthrough band, the transport.
fn lesson_body(props: &ViewProps) -> Html {
    use crate::components::{guide_panel::GuidePanel, user_panel::UserPanel};
    html! {
        <>
            { crate::components::notice_list::notice_list(props) }
            <div class="main">
                <div class="stage-column">{ crate::components::stage_area::stage_area(props) }</div>
                <UserPanel ..props.clone() />
            </div>
            <GuidePanel ..props.clone() />
            { crate::components::transport::transport(props) }
        </>
    }
}

/// The page for the state's mode.
pub fn page(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    if r.embed() {
        return embedded::layout(props);
    }
    match r.mode() {
        Mode::Present => present::layout(props),
        #[cfg(feature = "full")]
        Mode::Explore => explore::layout(props),
        #[cfg(feature = "full")]
        Mode::Author => author::layout(props),
        #[cfg(feature = "full")]
        Mode::Plan => plan::layout(props),
        _ => learn::layout(props),
    }
}

/// The query that opens this run in `mode` in the other build: the screen's
/// own link when it has one, else the scenario alone; `None` for what must
/// not leave the tab (your topology) or cannot (a file, in the player).
pub fn link_in_mode(r: &State, mode: Mode) -> Option<String> {
    if matches!(r.origin(), Origin::Topology | Origin::Bench(_)) {
        return None;
    }
    let mut link = r.link()?;
    link.mode = Some(mode);
    link.tab = None;
    link.play = false;
    Some(link.write())
}

/// The presenter's console for this lesson: the same link, in a second
/// window that follows this one (`state::console`).
pub fn console_link(r: &State) -> Option<String> {
    let mut link = r.link()?;
    link.mode = Some(Mode::Present);
    link.console = true;
    link.play = false;
    link.tab = None;
    Some(link.write())
}

/// The lesson in the light player (from the full page): only a built-in or
/// packaged lesson, as loaded (the player reads no scenario files).
pub fn player_link(r: &State, mode: Mode) -> Option<String> {
    let playable = match r.origin() {
        Origin::Builtin(_) | Origin::Packed(_) => !r.modified(),
        _ => false,
    };
    if !playable || r.steps().is_empty() {
        return None;
    }
    Some(format!("{PLAYER_DIR}index.html{}", link_in_mode(r, mode)?))
}

/// The same screen in the full page (from the player).
pub fn full_page_link(r: &State, mode: Mode) -> String {
    format!("../index.html{}", link_in_mode(r, mode).unwrap_or_default())
}

/// What the light player cannot show (another mode, a scenario file, a
/// drawer tab, a comparison, the import benches) opens in the full page with
/// the same link; `None`: the player shows it.
pub fn hand_over(query: &str) -> Option<String> {
    let link = crate::url::parse(query);
    let file = link.scenario.as_deref().is_some_and(|s| s.contains('=') && !s.starts_with("pk:"));
    let other_mode = link.mode.is_some_and(|m| !m.in_player());
    let full_only = link.tab.is_some() || link.import_bench.is_some() || link.worst_bench || link.compare.is_some();
    (file || other_mode || full_only).then(|| format!("../index.html?{}", query.trim_start_matches('?')))
}

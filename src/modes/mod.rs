//! One layout per mode (`crate::screen::Mode`): each decides which panels,
//! tabs and controls exist. Three builds (`cargo xtask dist`): the light
//! player (no `full` feature: Learn and Present), the full page (`full`:
//! all but Plan) and the planner (`plan`: all five). Each hands what it
//! cannot show to the build that can ([`hand_over`], from `lib.rs`).

#[cfg(feature = "full")]
pub mod author;
pub mod console;
#[cfg(feature = "full")]
mod drop_target;
pub mod embedded;
#[cfg(feature = "full")]
pub mod explore;
pub mod learn;
#[cfg(feature = "plan")]
pub mod plan;
pub mod present;

use crate::components::ViewProps;
use crate::screen::Mode;
use crate::state::{Origin, State};
use yew::prelude::*;

/// Where the player and the planner live from this build (`cargo xtask
/// dist`: the full page in dist/, the player in dist/play/, the planner in
/// dist/plan/).
#[cfg(not(feature = "plan"))]
pub const PLAYER_DIR: &str = "play/";
#[cfg(feature = "plan")]
pub const PLAYER_DIR: &str = "../play/";
#[cfg(feature = "full")]
pub const PLANNER_DIR: &str = "plan/";
#[cfg(not(feature = "full"))]
pub const PLANNER_DIR: &str = "../plan/";

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
        #[cfg(feature = "plan")]
        Mode::Plan => plan::layout(props),
        // Handed to the planner when the page opens (`hand_over`); asked
        // for later, the full page stays in Explore.
        #[cfg(all(feature = "full", not(feature = "plan")))]
        Mode::Plan => explore::layout(props),
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

/// Packed lessons above this many bytes get no player link: the link would
/// be longer than anyone should paste (a SCORM package carries them).
#[cfg(feature = "full")]
const MAX_PACKED_LINK_BYTES: usize = 32 * 1024;

/// The lesson in the light player (from the full page): a built-in or
/// packaged lesson as loaded; a lesson run from the editor or a file packed
/// with its texts filled in, as a SCORM package carries it (the player reads
/// no scenario files). Never one the learner's orders changed.
pub fn player_link(r: &State, mode: Mode) -> Option<String> {
    if r.steps().is_empty() || r.modified() {
        return None;
    }
    let mut link = match r.origin() {
        Origin::Builtin(_) | Origin::Packed(_) => r.link()?,
        #[cfg(feature = "full")]
        Origin::Custom(_) => {
            let packed = r.packed_run();
            if packed.len() > MAX_PACKED_LINK_BYTES {
                return None;
            }
            let mut link = r.link()?;
            link.scenario = Some(format!("pk:{}", crate::url::base64url_encode(packed)));
            link
        }
        _ => return None,
    };
    link.mode = Some(mode);
    link.tab = None;
    link.play = false;
    // A learner's lesson starts at its beginning, wherever its author was.
    if mode == Mode::Learn {
        link.t_s = None;
        link.user = None;
    }
    Some(format!("{PLAYER_DIR}index.html{}", link.write()))
}

/// The same screen in the full page (from the player).
pub fn full_page_link(r: &State, mode: Mode) -> String {
    format!("../index.html{}", link_in_mode(r, mode).unwrap_or_default())
}

/// The planner with this run in Plan mode (from the full page and the
/// player): the screen's link, or Plan mode alone for what must not leave
/// the tab (your topology: the planner reads the exports again).
pub fn planner_link(r: &State) -> String {
    let query = link_in_mode(r, Mode::Plan).unwrap_or_else(|| "?mode=plan".into());
    format!("{PLANNER_DIR}index.html{query}")
}

/// Where a link this build cannot show goes, with the same query: Plan mode
/// (and the import and plan benches) to the planner; in the light player,
/// also another mode, a scenario file, a drawer tab, a comparison or the
/// worst-scenario bench, to the full page. `None`: this build shows it.
pub fn hand_over(query: &str) -> Option<String> {
    let link = crate::url::parse(query);
    let query = query.trim_start_matches('?');
    let plan = link.mode == Some(Mode::Plan) || link.plan_bench.is_some() || link.import_bench.is_some();
    if plan && !cfg!(feature = "plan") {
        return Some(format!("{PLANNER_DIR}index.html?{query}"));
    }
    if cfg!(feature = "full") {
        return None;
    }
    let file = link.scenario.as_deref().is_some_and(|s| s.contains('=') && !s.starts_with("pk:"));
    let other_mode = link.mode.is_some_and(|m| !m.in_player());
    let full_only = link.tab.is_some() || link.worst_bench || link.compare.is_some();
    (file || other_mode || full_only).then(|| format!("../index.html?{query}"))
}

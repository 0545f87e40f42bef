//! The Pool Failover Simulator's page: a thin Yew adapter over
//! `failover-engine`. `runtime` (the page's model), `url` (links) and
//! `render` (the stage's pixels) are pure Rust and tested natively; the
//! components only read the runtime and send it commands.

pub mod browser;
pub mod components;
#[cfg(feature = "full")]
pub mod editor;
pub mod embed;
pub mod hooks;
#[cfg(feature = "full")]
pub mod import_bench;
pub mod modes;
pub mod notices;
pub mod render;
pub mod scorm;
pub mod screen;
pub mod state;
pub mod url;

pub use components::app::App;

/// Mounts the app on the page's `<main id="root">` (or the body).
pub fn run() {
    // The light player and the full page hand what they cannot show to
    // the build that can.
    if let Some(other) = modes::hand_over(&browser::query()) {
        browser::go_to(&other);
        return;
    }
    let root = gloo::utils::document().get_element_by_id("root");
    match root {
        Some(el) => yew::Renderer::<App>::with_root(el).render(),
        None => yew::Renderer::<App>::new().render(),
    };
}

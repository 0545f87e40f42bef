//! The few browser facts the page needs, each behind a function that cannot
//! panic (a missing API gives the safe default).

use wasm_bindgen::JsValue;

/// `performance.now()`, or 0.
pub fn now_ms() -> f64 {
    web_sys::window().and_then(|w| w.performance()).map_or(0.0, |p| p.now())
}

/// Whether a media query matches.
pub fn media(query: &str) -> bool {
    web_sys::window().and_then(|w| w.match_media(query).ok().flatten()).is_some_and(|m| m.matches())
}

/// The user asked for less motion.
pub fn reduced_motion() -> bool {
    media("(prefers-reduced-motion: reduce)")
}

/// The page is in dark mode.
pub fn dark() -> bool {
    media("(prefers-color-scheme: dark)")
}

/// The query string of the page's URL.
pub fn query() -> String {
    web_sys::window().and_then(|w| w.location().search().ok()).unwrap_or_default()
}

/// Replaces the URL's query without reloading or adding history.
pub fn replace_query(query: &str) {
    if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
        let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(query));
    }
}

/// Device pixel ratio (at least 1).
pub fn dpr() -> f64 {
    web_sys::window().map_or(1.0, |w| w.device_pixel_ratio()).max(1.0)
}

/// A line on the console (bench results are read from there).
pub fn log(text: &str) {
    web_sys::console::log_1(&JsValue::from_str(text));
}

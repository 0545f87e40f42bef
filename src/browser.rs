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

/// The localStorage key: versioned, so a future format never misreads this one.
pub const STORAGE_KEY: &str = "pool-failover-simulator";
/// The current stored format's first line.
pub const STORAGE_VERSION: &str = "v1";

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

/// Saves the screen's link (`v1` then the query) for the next visit; `Err`
/// says why it could not be saved (storage full or blocked).
pub fn save_session(query: &str) -> Result<(), String> {
    let s = storage().ok_or("this browser does not allow the page to store anything")?;
    s.set_item(STORAGE_KEY, &format!("{STORAGE_VERSION}\n{query}"))
        .map_err(|_| "the browser's storage for this page is full or blocked".to_string())
}

/// Where the scenario editor's document is kept between visits.
pub const DRAFT_KEY: &str = "pool-failover-simulator.editor-draft";

/// Keeps the editor's document for the next visit (`None`: forget it);
/// `Err` says why it could not be kept.
pub fn save_draft(text: Option<&str>) -> Result<(), String> {
    let s = storage().ok_or("this browser does not allow the page to store anything")?;
    match text {
        Some(text) => s
            .set_item(DRAFT_KEY, text)
            .map_err(|_| "the browser's storage for this page is full or blocked".to_string()),
        None => s.remove_item(DRAFT_KEY).map_err(|_| "the browser's storage is blocked".to_string()),
    }
}

/// Where a kept draft that could not be read is set aside (never deleted
/// without a word: the person can download it).
pub const UNREADABLE_DRAFT_KEY: &str = "pool-failover-simulator.editor-draft.unreadable";

/// Sets an unreadable draft aside under its own key and forgets it as the
/// editor's document (so nothing writes over it).
pub fn set_aside_draft(text: &str) -> Result<(), String> {
    let s = storage().ok_or("this browser does not allow the page to store anything")?;
    s.set_item(UNREADABLE_DRAFT_KEY, text)
        .map_err(|_| "the browser's storage for this page is full or blocked".to_string())?;
    let _ = s.remove_item(DRAFT_KEY);
    Ok(())
}

/// Forgets the draft set aside.
pub fn forget_aside_draft() {
    if let Some(s) = storage() {
        let _ = s.remove_item(UNREADABLE_DRAFT_KEY);
    }
}

/// The editor's document kept on the last visit, if any.
pub fn load_draft() -> Option<String> {
    storage().and_then(|s| s.get_item(DRAFT_KEY).ok().flatten())
}

/// True inside an iframe: an embedded simulator never writes the
/// standalone page's saved screen.
pub fn in_frame() -> bool {
    let Some(window) = web_sys::window() else { return false };
    !matches!(window.parent(), Ok(Some(parent)) if parent == window)
}

thread_local! {
    static PENDING_QUERY: std::cell::RefCell<Option<String>> = const { std::cell::RefCell::new(None) };
}

/// Writes the query into the address bar at most every 100 ms: a burst of
/// changes (10,000 embedding `seek`s) makes one `replaceState`, with the
/// latest screen, instead of being throttled by the browser.
pub fn replace_query_soon(query: String) {
    let first = PENDING_QUERY.with(|p| p.borrow_mut().replace(query).is_none());
    if first {
        gloo::timers::callback::Timeout::new(100, || {
            if let Some(q) = PENDING_QUERY.with(|p| p.borrow_mut().take()) {
                replace_query(&q);
            }
        })
        .forget();
    }
}

/// What was saved: `Ok(Some(query))`, `Ok(None)` if nothing, `Err` for an
/// older or damaged entry (which the caller ignores with a notice).
pub fn load_session() -> Result<Option<String>, String> {
    let Some(value) = storage().and_then(|s| s.get_item(STORAGE_KEY).ok().flatten()) else { return Ok(None) };
    match value.split_once('\n') {
        Some((STORAGE_VERSION, query)) if query.starts_with('?') => Ok(Some(query.to_string())),
        _ => Err("Ignored the settings saved in this browser: they are from another version or damaged.".into()),
    }
}

/// Offers `text` as a file download.
pub fn download_text(file_name: &str, mime: &str, text: &str) {
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else { return };
    if let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) {
        download_url(file_name, &url);
        let _ = web_sys::Url::revoke_object_url(&url);
    }
}

/// Offers a URL (an object or data URL) as a file download.
pub fn download_url(file_name: &str, url: &str) {
    use wasm_bindgen::JsCast;
    let document = gloo::utils::document();
    let Ok(a) = document.create_element("a") else { return };
    let Ok(a) = a.dyn_into::<web_sys::HtmlAnchorElement>() else { return };
    a.set_href(url);
    a.set_download(file_name);
    a.click();
}

/// Copies text to the clipboard and tells `done` whether the browser allowed it.
pub fn copy_text(text: &str, done: impl FnOnce(bool) + 'static) {
    let Some(promise) = web_sys::window().map(|w| w.navigator().clipboard().write_text(text)) else {
        done(false);
        return;
    };
    // The browser may refuse (no permission, page not focused): say so.
    wasm_bindgen_futures::spawn_local(async move {
        done(wasm_bindgen_futures::JsFuture::from(promise).await.is_ok());
    });
}

/// The page's own URL without its query.
pub fn base_url() -> String {
    web_sys::window()
        .and_then(|w| {
            let l = w.location();
            Some(format!("{}{}", l.origin().ok()?, l.pathname().ok()?))
        })
        .unwrap_or_default()
}

/// A warning on the console (malformed embedding messages).
pub fn warn(text: &str) {
    web_sys::console::warn_1(&JsValue::from_str(text));
}

/// Reads a picked or dropped file as text, up to `limit` bytes, and hands
/// `done` its name with the text, or with why it cannot be read.
pub fn read_text_file(
    file: web_sys::File,
    limit: usize,
    what: &'static str,
    done: impl FnOnce(String, Result<String, String>) + 'static,
) {
    let name = file.name();
    if file.size() > limit as f64 {
        let why =
            format!("the file is {} KB; {what} is at most {} KB", (file.size() / 1024.0).ceil() as u64, limit / 1024);
        done(name, Err(why));
        return;
    }
    let promise = file.text();
    wasm_bindgen_futures::spawn_local(async move {
        match wasm_bindgen_futures::JsFuture::from(promise).await.ok().and_then(|v| v.as_string()) {
            Some(text) => done(name, Ok(text)),
            None => done(name, Err("unreadable: not a text file".into())),
        }
    });
}

/// Leaves for another page of the site (the other build), without leaving
/// this one in the history.
pub fn go_to(url: &str) {
    if let Some(w) = web_sys::window() {
        let _ = w.location().replace(url);
    }
}

/// Runs `f` after `n` animation frames: after the stage has drawn what the
/// last command changed.
pub fn after_frames(n: u32, f: impl FnOnce() + 'static) {
    let Some(w) = web_sys::window() else { return };
    if n == 0 {
        f();
        return;
    }
    let next = wasm_bindgen::closure::Closure::once_into_js(move |_: f64| after_frames(n - 1, f));
    let _ = w.request_animation_frame(wasm_bindgen::JsCast::unchecked_ref(&next));
}

//! `use_animation_frame`: calls a function on every animation frame while
//! the component is mounted, and cancels the loop on unmount (Yew's webgl
//! example never does).

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Where the self-requesting frame closure lives.
type FrameSlot = RefCell<Option<Closure<dyn FnMut(f64)>>>;

/// Runs `on_frame(timestamp_ms)` each frame until unmount.
#[hook]
pub fn use_animation_frame(on_frame: Rc<dyn Fn(f64)>) {
    use_effect_with((), move |_| {
        let alive = Rc::new(Cell::new(true));
        let id = Rc::new(Cell::new(0i32));
        // The closure re-requests itself; it lives in this slot until unmount.
        let slot: Rc<FrameSlot> = Rc::new(RefCell::new(None));
        let (slot2, alive2, id2) = (slot.clone(), alive.clone(), id.clone());
        *slot.borrow_mut() = Some(Closure::new(move |ts: f64| {
            if !alive2.get() {
                return;
            }
            on_frame(ts);
            if let (Some(w), Some(cb)) = (web_sys::window(), slot2.borrow().as_ref()) {
                id2.set(w.request_animation_frame(cb.as_ref().unchecked_ref()).unwrap_or(0));
            }
        }));
        if let (Some(w), Some(cb)) = (web_sys::window(), slot.borrow().as_ref()) {
            id.set(w.request_animation_frame(cb.as_ref().unchecked_ref()).unwrap_or(0));
        }
        move || {
            alive.set(false);
            if let Some(w) = web_sys::window() {
                let _ = w.cancel_animation_frame(id.get());
            }
            // Unmount may happen inside a frame (Yew can render synchronously
            // from the callback), so the closure is dropped on a later task,
            // never while it runs.
            let closure = slot.try_borrow_mut().ok().and_then(|mut s| s.take());
            gloo::timers::callback::Timeout::new(0, move || drop(closure)).forget();
        }
    });
}

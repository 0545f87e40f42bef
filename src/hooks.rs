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

/// The editor's document (full page): back from the last visit (the page's
/// own URL only), kept after each edit unless it holds your topology, and a
/// large document checked when typing pauses (400 ms), not at every
/// keystroke: each edit restarts the wait.
#[cfg(feature = "full")]
#[hook]
pub fn use_editor_document(
    now: Rc<crate::state::State>,
    latest: Rc<RefCell<Rc<crate::state::State>>>,
    on_command: Callback<crate::state::Command>,
    standalone: bool,
) {
    use crate::browser;
    use crate::state::{DocumentCmd, ShellCmd};
    // The editor's document: back from the last visit (the page's own URL
    // only), and kept after each edit, unless it holds your topology.
    {
        let on_command = on_command.clone();
        use_effect_with((), move |_| {
            let saved = standalone.then(browser::load_draft).flatten().filter(|t| !t.trim().is_empty());
            if let Some(text) = saved {
                match failover_engine::draft::Draft::from_save_text(&text) {
                    Some(draft) => on_command.emit(DocumentCmd::Restore(Box::new(draft)).into()),
                    // Damaged, truncated or from a newer version: kept aside, said once.
                    None => {
                        if let Err(why) = browser::set_aside_draft(&text) {
                            on_command.emit(ShellCmd::Notice(format!(
                                "The editor's draft kept in this browser could not be read, nor set aside ({why}): download it now to keep it."
                            )).into());
                        }
                        on_command.emit(DocumentCmd::Unreadable(text).into());
                    }
                }
            }
        });
    }
    {
        let kept = now.editor().map(|e| Rc::as_ptr(e.draft()) as usize);
        let (latest, on_command, told) = (latest.clone(), on_command.clone(), use_mut_ref(|| false));
        use_effect_with(kept, move |kept| {
            let r = latest.borrow().clone();
            if kept.is_none() || r.embed() || r.bench().is_some() || browser::in_frame() {
                return;
            }
            let text = r.editor().and_then(|e| e.to_keep());
            if let Err(why) = browser::save_draft(text.as_deref()) {
                if !*told.borrow() {
                    *told.borrow_mut() = true;
                    on_command.emit(
                        ShellCmd::Notice(format!(
                            "The editor's draft could not be kept in this browser ({why}): download it to keep it."
                        ))
                        .into(),
                    );
                }
            }
        });
    }
    // A large document is checked when typing pauses (400 ms), not at
    // every keystroke: each edit restarts the wait.
    {
        let stale = now.editor().filter(|e| e.stale()).map(|e| Rc::as_ptr(e.draft()) as usize);
        let (on_command, timer) = (on_command.clone(), use_mut_ref(|| None::<gloo::timers::callback::Timeout>));
        use_effect_with(stale, move |stale| {
            let next = stale
                .map(|_| gloo::timers::callback::Timeout::new(400, move || on_command.emit(DocumentCmd::Check.into())));
            *timer.borrow_mut() = next;
        });
    }
}

/// The light player has no editor, so nothing to keep.
#[cfg(not(feature = "full"))]
#[hook]
pub fn use_editor_document(
    _now: Rc<crate::state::State>,
    _latest: Rc<RefCell<Rc<crate::state::State>>>,
    _on_command: Callback<crate::state::Command>,
    _standalone: bool,
) {
}

/// The name both windows of a presentation listen on (same origin only).
const CONSOLE_CHANNEL: &str = "pool-failover-simulator-console";

/// The projected window and the presenter's console in step, over the
/// browser's broadcast channel: each says what `State::cue` says when it
/// changes, and does what `State::hear` makes of the other's words.
#[hook]
pub fn use_console(
    now: Rc<crate::state::State>,
    latest: Rc<RefCell<Rc<crate::state::State>>>,
    on_command: Callback<crate::state::Command>,
) {
    use crate::state::console::Cue;
    type Line = (web_sys::BroadcastChannel, gloo::events::EventListener);
    let line = use_mut_ref(|| None::<Line>);
    let said = use_mut_ref(String::new);
    use_effect_with((now.tick(), now.t()), move |_| {
        let Some(cue) = latest.borrow().cue() else { return };
        let mut slot = line.borrow_mut();
        if slot.is_none() {
            let Ok(channel) = web_sys::BroadcastChannel::new(CONSOLE_CHANNEL) else { return };
            let (latest, reply) = (latest.clone(), channel.clone());
            let listener = gloo::events::EventListener::new(&channel, "message", move |e| {
                let text = e.dyn_ref::<web_sys::MessageEvent>().and_then(|m| m.data().as_string());
                let Some(cue) = text.as_deref().and_then(Cue::decode) else { return };
                let r = latest.borrow().clone();
                // A console opened: tell it where the room is, now.
                if cue == Cue::Hello {
                    if let Some(here) = r.cue().filter(|c| matches!(c, Cue::At { .. })) {
                        let _ = reply.post_message(&JsValue::from_str(&here.encode()));
                    }
                }
                for command in r.hear(&cue) {
                    on_command.emit(command);
                }
            });
            *slot = Some((channel, listener));
        }
        let text = cue.encode();
        if *said.borrow() != text {
            if let Some((channel, _)) = slot.as_ref() {
                let _ = channel.post_message(&JsValue::from_str(&text));
            }
            *said.borrow_mut() = text;
        }
    });
}

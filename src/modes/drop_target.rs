//! Dropping scenario files or exports anywhere on the full page imports them.

use crate::state::Command;
use yew::prelude::*;

pub(super) fn on_drag_over() -> Callback<DragEvent> {
    Callback::from(|e: DragEvent| e.prevent_default())
}

pub(super) fn on_drop(on_command: &Callback<Command>) -> Callback<DragEvent> {
    let on_command = on_command.clone();
    Callback::from(move |e: DragEvent| {
        e.prevent_default();
        let files = e.data_transfer().and_then(|d| d.files());
        crate::components::share_panel::import_files(files, on_command.clone());
    })
}

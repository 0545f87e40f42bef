//! The page's messages (bounded by `notices.rs`), and in the full page the
//! editor's draft that could not be read.

use super::ViewProps;
use yew::prelude::*;

pub fn notice_list(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let notices = r.notices();
    #[cfg(feature = "full")]
    let unreadable = unreadable_draft(props);
    #[cfg(not(feature = "full"))]
    let unreadable: Option<Html> = None;
    if notices.is_empty() && unreadable.is_none() {
        return html! {};
    }
    let on = props.on_command.clone();
    let dismiss = Callback::from(move |_: MouseEvent| on.emit(crate::state::ShellCmd::DismissNotices.into()));
    html! {
        <div class="notices" role="status" data-testid="notices">
            { for unreadable }
            { for notices.iter().map(|n| html! { <p>{ n }</p> }) }
            if !notices.is_empty() {
                <button class="dismiss" data-testid="notices-dismiss" aria-label="Dismiss these messages" onclick={dismiss}>{"✕"}</button>
            }
        </div>
    }
}

#[cfg(feature = "full")]
fn unreadable_draft(props: &ViewProps) -> Option<Html> {
    use crate::browser;
    use crate::state::DocumentCmd;
    let text = props.rt.0.unreadable_draft()?.to_string();
    let on = props.on_command.clone();
    let download = Callback::from(move |_: MouseEvent| {
        browser::download_text("unreadable-editor-draft.txt", "text/plain", &text);
        browser::forget_aside_draft();
        on.emit(DocumentCmd::UnreadableDone.into());
    });
    let on = props.on_command.clone();
    let dismiss = Callback::from(move |_: MouseEvent| on.emit(DocumentCmd::UnreadableDone.into()));
    Some(html! {
        <p data-testid="draft-unreadable">
            {"The editor's draft kept in this browser could not be read (damaged, cut short, or from a newer version). It is set aside, not deleted. "}
            <button data-testid="draft-unreadable-download" onclick={download}>{"Download it"}</button>{" "}
            <button data-testid="draft-unreadable-dismiss" onclick={dismiss}>{"Not now"}</button>
        </p>
    })
}

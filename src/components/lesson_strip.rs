//! Author mode's lesson strip, over the preview: which stop of the
//! walkthrough the stage shows, and Back and Next, so an author steps
//! through the lesson as the class will without leaving the editor.

use super::ViewProps;
use crate::state::{LessonCmd, Step};
use yew::prelude::*;

pub fn lesson_strip(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let total = r.sim().steps().len();
    if total == 0 {
        return html! {};
    }
    let go = |command: LessonCmd| {
        let on = props.on_command.clone();
        Callback::from(move |_: MouseEvent| on.emit(command.clone().into()))
    };
    let at = r.step().filter(|&k| k < total);
    let where_ = match at {
        Some(k) => format!("Stop {} of {total}", k + 1),
        None => format!("Before the first of {total} stops"),
    };
    // What the class reads at this stop, whole, and a question's answer
    // (its author sees it at once).
    let says = at.and_then(|k| r.sim().steps().get(k).map(|s| s.kind)).map(|step| match step {
        Step::Caption(i) => {
            let (title, text) = r.sim().caption_words(i);
            format!("{title}: {text}")
        }
        Step::Checkpoint(i) => {
            let answer = r.checkpoint_answer(i).map_or_else(String::new, |cell| {
                format!(
                    " The engine's answer: {}. {}.",
                    cell.value.label(),
                    failover_engine::text::upper_first(cell.reason)
                )
            });
            format!("Question: {}{answer}", r.sim().question_words(i))
        }
    });
    html! {
        <div class="lesson-strip" role="group" aria-label="The lesson, stop by stop" data-testid="lesson-strip">
            <div class="strip-bar">
                <button type="button" data-testid="strip-back" aria-disabled={at.is_none().then_some("true")} onclick={go(LessonCmd::Back)}>{"«"}</button>
                <button type="button" data-testid="strip-next" aria-disabled={at.is_some_and(|k| k + 1 >= total).then_some("true")} onclick={go(LessonCmd::Next)}>{"Next stop »"}</button>
                <span class="small" data-testid="strip-where" title={where_.clone()}>{ where_ }</span>
            </div>
            if let Some(says) = says.filter(|s| !s.is_empty()) {
                <p class="strip-says small" data-testid="strip-says" title={says.clone()}>{ say_flagged(r, at) }{ says }</p>
            }
        </div>
    }
}

/// A caption at this stop that claims what the engine denies: marked, as
/// its row in the editor is.
fn say_flagged(r: &crate::state::State, at: Option<usize>) -> Html {
    let caption = at.and_then(|k| r.sim().steps().get(k).map(|s| s.kind)).and_then(|step| match step {
        Step::Caption(i) => Some(i),
        Step::Checkpoint(_) => None,
    });
    match caption.filter(|&i| !r.sim().caption_conflicts(i).is_empty()) {
        Some(_) => {
            html! { <strong class="strip-flag" data-testid="strip-flag">{"The engine says otherwise (see the caption's row): "}</strong> }
        }
        None => html! {},
    }
}

//! Guided training: the caption for this moment (what happened, why, and the
//! source row), chapter links, back and next, presenter mode; and the
//! predict-then-reveal checkpoints with a score.

use super::ViewProps;
use crate::runtime::Command;
use failover_engine::SimTime;
use yew::prelude::*;

#[function_component]
pub fn GuidePanel(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sc = r.sim().scenario();
    if sc.captions.is_empty() && sc.checkpoints.is_empty() {
        return html! {};
    }
    let on = props.on_command.clone();
    let cmd = |c: Command| {
        let on = on.clone();
        Callback::from(move |_: MouseEvent| on.emit(c.clone()))
    };
    let caption_index = r.current_caption();
    let caption = caption_index.map(|i| &sc.captions[i]);
    // An anchored caption whose event does not happen in this run says so.
    let shown_at = caption_index.and_then(|i| r.caption_moment(i));
    let moment = |i: usize| r.caption_moment(i).map_or(SimTime::ZERO, |m| m.at);
    let current_chapter = (0..sc.captions.len())
        .filter(|&i| sc.captions[i].chapter.is_some() && moment(i) <= r.t())
        .max_by_key(|&i| (moment(i), i));
    let chapters = (0..sc.captions.len()).filter(|&i| sc.captions[i].chapter.is_some()).map(|i| {
        let c = &sc.captions[i];
        let current = current_chapter == Some(i);
        let at = moment(i);
        html! {
            <li><button class={classes!("chapter", current.then_some("current"))} aria-current={current.then_some("step")}
                onclick={cmd(Command::Seek(at))}>{ c.chapter.clone().unwrap_or_default() }</button></li>
        }
    });
    let t = r.t();
    let due: Vec<usize> = (0..sc.checkpoints.len()).filter(|&i| sc.checkpoints[i].at <= t).collect();
    // The question of the moment first; the two before it under it.
    let current_checks = due.iter().rev().take(3).map(|&i| {
        let cp = &sc.checkpoints[i];
        let answer = r.guide().answers.get(i).cloned().flatten();
        let reveal = r.checkpoint_answer(i);
        html! {
            <li class="checkpoint" data-testid={format!("checkpoint-{i}")}>
                <p class="question"><span class="when">{ cp.at.to_string() }</span>{" "}{ cp.question.clone() }</p>
                if let (Some(a), Some(cell)) = (answer, reveal) {
                    <p class={classes!("reveal", if cell.value.as_str() == a { "right" } else { "wrong" })} data-testid={format!("reveal-{i}")}
                        data-correct={(cell.value.as_str() == a).to_string()}>
                        <strong>{ if cell.value.as_str() == a { "✓ Right. " } else { "✕ Not quite. " } }</strong>
                        { format!("You said {a}; the answer is {}: {}. ", cell.value.as_str(), cell.reason) }
                        <span class="muted">{ cell.source.cite() }</span>
                    </p>
                } else {
                    <div class="answers" role="group" aria-label="Your answer">
                        { for cp.capability.possible_values().iter().map(|v| {
                            let on = on.clone();
                            let o = v.as_str();
                            let value = o.to_string();
                            html! { <button data-testid={format!("answer-{i}-{o}")} onclick={Callback::from(move |_: MouseEvent| on.emit(Command::Answer(i, value.clone())))}>{ o }</button> }
                        }) }
                    </div>
                }
            </li>
        }
    });
    let (correct, answered, total) = r.score();
    let on_guided = {
        let on = on.clone();
        let enabled = r.guide().enabled;
        Callback::from(move |_: Event| on.emit(Command::SetGuided(!enabled)))
    };
    let presenter = r.guide().presenter;
    html! {
        <section class="guide band" aria-label="Guided walkthrough" data-testid="guide">
            <div class="band-nav">
                <button data-testid="prev-caption" onclick={cmd(Command::PrevCaption)} title="Previous step">{"« Back"}</button>
                <ol class="chapters" aria-label="Chapters">{ for chapters }</ol>
                <button class="next" data-testid="next-caption" onclick={cmd(Command::NextCaption)}>{"Next step »"}</button>
                <span class="score" data-testid="score" data-correct={correct.to_string()} data-answered={answered.to_string()}>
                    { format!("Score {correct}/{answered} ({total} questions)") }</span>
                <label class="small"><input type="checkbox" checked={r.guide().enabled} onchange={on_guided} data-testid="guided" />{" Pause at each step"}</label>
                <button data-testid="presenter" aria-pressed={presenter.to_string()} onclick={cmd(Command::SetPresenter(!presenter))}>
                    { if presenter { "Leave presenter mode" } else { "Presenter mode" } }</button>
            </div>
            if let Some(c) = caption {
                <article class="caption" data-testid="caption" aria-live="polite">
                    <h3><span class="when">{ shown_at.map_or(c.at, |m| m.at).to_string() }</span>{" "}{ c.title.clone() }</h3>
                    if shown_at.is_some_and(|m| !m.happened) {
                        <p class="muted small" data-testid="caption-not-in-run">{"This caption's event does not happen in this run (your orders changed it): it is shown at its scripted moment."}</p>
                    }
                    <p>{ c.text.clone() }</p>
                    if let Some(src) = &c.source { <p class="muted small source">{"Source: "}{ src.clone() }</p> }
                </article>
            } else {
                <p class="caption start" data-testid="caption-start">{"Start here: press "}<strong>{"Next step"}</strong>{" or Play. The run stops at each step of the walkthrough."}</p>
            }
            if !due.is_empty() {
                <ul class="checkpoints" aria-label="Predict, then reveal">{ for current_checks }</ul>
            }
        </section>
    }
}

//! Guided training: the caption for this moment (what happened, why, and the
//! source row), chapter links, back and next, presenter mode; and the
//! predict-then-reveal checkpoints with a score.

use super::ViewProps;
use crate::state::{Command, LessonCmd, PlaybackCmd, ShellCmd, Step};
use failover_engine::SimTime;
use yew::prelude::*;

#[function_component]
pub fn GuidePanel(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let questions_open = use_state(|| false);
    let summary_open = use_state(|| false);
    // After an answer, focus moves to its reveal (then Tab reaches Next).
    {
        let answered = r.score().1;
        use_effect_with(answered, move |_| {
            if let Some(el) = gloo::utils::document().get_element_by_id("reveal-current") {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        });
    }
    // Opening the summary brings it into view, with focus on it.
    use_effect_with(*summary_open, move |&open| {
        if open {
            if let Some(el) = gloo::utils::document().query_selector("[data-testid=lesson-summary]").ok().flatten() {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
        }
    });
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
                onclick={cmd(PlaybackCmd::Seek(at).into())}>{ c.chapter.clone().unwrap_or_default() }</button></li>
        }
    });
    let t = r.t();
    let pending = r.pending_checkpoint();
    let due: Vec<usize> = (0..sc.checkpoints.len()).filter(|&i| sc.checkpoints[i].at <= t).collect();
    let steps = r.steps();
    let step_of = |i: usize| steps.iter().position(|s| s.1 == Step::Checkpoint(i));
    let question = |i: usize, current: bool| {
        let cp = &sc.checkpoints[i];
        let answer = r.lesson().answers().get(i).cloned().flatten();
        let reveal = r.checkpoint_answer(i);
        let on_next = cmd(LessonCmd::Next.into());
        html! {
            <li class={classes!("checkpoint", current.then_some("current"))} data-testid={format!("checkpoint-{i}")}>
                <p class="question"><span class="when">{ cp.at.to_string() }</span>{" "}{ cp.question.clone() }</p>
                if let (Some(a), Some(cell)) = (answer, reveal) {
                    <p class={classes!("reveal", if cell.value.as_str() == a { "right" } else { "wrong" })} data-testid={format!("reveal-{i}")}
                        id={current.then_some("reveal-current")} tabindex="-1"
                        data-correct={(cell.value.as_str() == a).to_string()}>
                        <strong>{ if cell.value.as_str() == a { "✓ Right. " } else { "✕ Not quite. " } }</strong>
                        { format!("You said {a}; the answer is {}: {}. ", cell.value.as_str(), cell.reason) }
                        <span class="muted">{ cell.source.cite() }</span>
                    </p>
                    if current {
                        <button class="next" data-testid="next-after-reveal" onclick={on_next}>{"Next step »"}</button>
                    }
                } else {
                    <div class="answers" role="group" aria-label="Your answer">
                        { for cp.capability.possible_values().iter().map(|v| {
                            let on = on.clone();
                            let o = v.as_str();
                            let value = o.to_string();
                            html! { <button data-testid={format!("answer-{i}-{o}")} onclick={Callback::from(move |_: MouseEvent| on.emit(LessonCmd::Answer(i, value.clone()).into()))}>{ o }</button> }
                        }) }
                    </div>
                }
            </li>
        }
    };
    // The question of the moment first; the two before it under it.
    let at_checkpoint = r.step().and_then(|k| steps.get(k)).and_then(|s| match s.1 {
        Step::Checkpoint(i) if s.0 == t => Some(i),
        _ => None,
    });
    let current_checks: Vec<Html> = match pending {
        // The question of the moment; a question answered at the same moment
        // keeps its reveal above it.
        Some(i) => match at_checkpoint.filter(|&j| j != i) {
            Some(j) => vec![question(j, true), question(i, false)],
            None => vec![question(i, true)],
        },
        None => due.iter().rev().take(3).map(|&i| question(i, Some(i) == at_checkpoint)).collect(),
    };
    let (correct, answered, total) = r.score();
    let at_end = r.step().is_some_and(|k| k + 1 >= steps.len()) && answered == total;
    let show_summary = *summary_open || at_end;
    let questions_list = questions_open.then(|| {
        html! {
            <ol class="question-list" data-testid="question-list" aria-label="Every question">
                { for (0..sc.checkpoints.len()).map(|i| {
                    let cp = &sc.checkpoints[i];
                    let status = match (r.lesson().answers().get(i).cloned().flatten(), r.checkpoint_answer(i)) {
                        (Some(a), Some(cell)) if cell.value.as_str() == a => "✓ right",
                        (Some(_), Some(_)) => "✕ not quite",
                        _ => "not answered",
                    };
                    let go = step_of(i).map(|k| cmd(LessonCmd::GoToStep(k).into()));
                    html! {
                        <li data-testid={format!("question-{i}")}>
                            <button onclick={go}>{ format!("{} {}", cp.at, cp.question) }</button>{ format!(" — {status}") }
                        </li>
                    }
                }) }
            </ol>
        }
    });
    let summary = show_summary.then(|| {
        let rows = (0..sc.checkpoints.len()).map(|i| {
            let cp = &sc.checkpoints[i];
            let given = r.lesson().answers().get(i).cloned().flatten();
            let cell = r.checkpoint_answer(i);
            let right = cell.map(|c| c.value.as_str()).unwrap_or("?");
            let ok = given.as_deref() == Some(right);
            html! {
                <tr data-testid={format!("summary-{i}")} data-correct={ok.to_string()}>
                    <td>{ format!("{} {}", cp.at, cp.question) }</td>
                    <td>{ given.clone().unwrap_or_else(|| "—".into()) }</td>
                    <td>{ right }</td>
                    <td>{ cell.map(|c| c.reason).unwrap_or_default() }<br /><span class="muted small">{ cell.map(|c| c.source.cite()).unwrap_or_default() }</span></td>
                </tr>
            }
        });
        let print = Callback::from(|_: MouseEvent| {
            if let Some(w) = web_sys::window() {
                let _ = w.print();
            }
        });
        html! {
            <section class="lesson-summary" data-testid="lesson-summary" data-correct={correct.to_string()} data-total={total.to_string()}
                aria-label="Lesson summary" tabindex="-1">
                <h3>{ format!("Lesson summary — {}: {correct} of {total} right", sc.title) }</h3>
                <table>
                    <thead><tr><th>{"Question"}</th><th>{"Your answer"}</th><th>{"The engine's answer"}</th><th>{"Why, and the source"}</th></tr></thead>
                    <tbody>{ for rows }</tbody>
                </table>
                <button data-testid="print-summary" onclick={print}>{"Print"}</button>
            </section>
        }
    });
    let on_guided = {
        let on = on.clone();
        let enabled = r.lesson().guided();
        Callback::from(move |_: Event| on.emit(LessonCmd::SetGuided(!enabled).into()))
    };
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(!*state))
    };
    html! {
        <section class="guide band" aria-label="Guided walkthrough" data-testid="guide">
            <div class="band-nav">
                <button data-testid="prev-caption" onclick={cmd(LessonCmd::Back.into())} title="Previous step">{"« Back"}</button>
                <ol class="chapters" aria-label="Chapters">{ for chapters }</ol>
                if r.lesson_complete() {
                    <button class="next" data-testid="next-caption" aria-disabled="true" title="This is the last step: the summary is below">{"End of the lesson"}</button>
                } else {
                    <button class="next" data-testid="next-caption" onclick={cmd(LessonCmd::Next.into())}>{"Next step »"}</button>
                }
                <span class="score" data-testid="score" data-correct={correct.to_string()} data-answered={answered.to_string()}>
                    { format!("Score {correct}/{answered} ({total} questions)") }</span>
                <button data-testid="questions" aria-pressed={questions_open.to_string()} onclick={toggle(&questions_open)}>{"Questions"}</button>
                <button data-testid="show-summary" aria-pressed={show_summary.to_string()} onclick={toggle(&summary_open)}>{"Summary"}</button>
                <label class="small"><input type="checkbox" checked={r.lesson().guided()} onchange={on_guided} data-testid="guided" />{" Pause at each step"}</label>
                // Presenting is the trainer's choice, offered where they explore
                // (Present has its own way back; a learner has neither).
                if r.mode() == crate::screen::Mode::Explore {
                    <button data-testid="presenter" aria-pressed="false" onclick={cmd(ShellCmd::SetMode(crate::screen::Mode::Present).into())}>
                        {"Presenter mode"}</button>
                }
            </div>
            if r.modified() {
                <p class="modified small" data-testid="run-modified"><strong>{"(modified) "}</strong>{"This run was changed by your orders: captions tied to an event follow the run; the others keep their scripted moments and may no longer fit."}</p>
            }
            if pending.is_some() {
                <p class="muted small" data-testid="answer-first">{"Predict, then reveal: answer first. The narration, the user's capabilities and the tables show what happened once you have."}</p>
            } else if let Some(c) = caption {
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
            // At the end the summary is the screen: every reveal is in it.
            if at_end {
                { summary }
                { questions_list }
            } else {
                if !current_checks.is_empty() {
                    <ul class="checkpoints" aria-label="Predict, then reveal">{ for current_checks }</ul>
                }
                { questions_list }
                { summary }
            }
        </section>
    }
}

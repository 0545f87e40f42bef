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
    // A question's moment in this run (an anchored one follows its event).
    let asked_at = |i: usize| r.sim().checkpoint_moment(i).map_or(SimTime::ZERO, |m| m.at);
    let due: Vec<usize> = (0..sc.checkpoints.len()).filter(|&i| asked_at(i) <= t).collect();
    let steps = r.steps();
    // The questions in the order the run asks them (an anchored one where
    // its event lands): the walkthrough's own order.
    let in_run_order: Vec<usize> = steps
        .iter()
        .filter_map(|s| match s.1 {
            Step::Checkpoint(i) => Some(i),
            Step::Caption(_) => None,
        })
        .collect();
    let step_of = |i: usize| steps.iter().position(|s| s.1 == Step::Checkpoint(i));
    let presenting = r.mode() == crate::screen::Mode::Present;
    let question = |i: usize, current: bool| {
        let cp = &sc.checkpoints[i];
        let answer = r.lesson().answers().get(i).cloned().flatten();
        let reveal = r.checkpoint_answer(i);
        let on_next = cmd(LessonCmd::Next.into());
        html! {
            <li class={classes!("checkpoint", current.then_some("current"))} data-testid={format!("checkpoint-{i}")}>
                <p class="question"><span class="when">{ asked_at(i).to_string() }</span>{" "}{ r.sim().question_words(i) }</p>
                if let (Some(a), Some(cell)) = (answer, reveal) {
                    <p class={classes!("reveal", if cell.value.as_str() == a { "right" } else { "wrong" })} data-testid={format!("reveal-{i}")}
                        id={current.then_some("reveal-current")} tabindex="-1"
                        data-correct={(cell.value.as_str() == a).to_string()}>
                        <strong>{ if cell.value.as_str() == a { "✓ Right. " } else { "✕ Not quite. " } }</strong>
                        { format!("You said {}; the answer is {}: {}. ", label_of(&cp.capability, &a), cell.value.label(), cell.reason) }
                        <span class="muted">{ cell.source.cite() }</span>
                    </p>
                    if current {
                        <button class="next" data-testid="next-after-reveal" onclick={on_next}>{"Next step »"}</button>
                    }
                } else if presenting && r.lesson().revealed(i) {
                    if let Some(cell) = reveal {
                        <p class="reveal room" data-testid={format!("reveal-{i}")} id={current.then_some("reveal-current")} tabindex="-1">
                            <strong>{ format!("The answer is {}: ", cell.value.label()) }</strong>{ format!("{}. ", cell.reason) }
                            <span class="muted">{ cell.source.cite() }</span>
                            { hands_said(r.lesson().hands(i), &cp.capability) }
                        </p>
                        if current {
                            <button class="next" data-testid="next-after-reveal" onclick={on_next}>{"Next step »"}</button>
                        }
                    }
                } else if presenting {
                    // Class mode: the room answers with hands; nobody's answer is recorded.
                    <div class="answers room" role="group" aria-label="The room's show of hands">
                        <span class="muted small">{"Hands up for each answer (optional):"}</span>
                        { for cp.capability.possible_values().iter().enumerate().map(|(k, v)| {
                            let on = on.clone();
                            let oninput = Callback::from(move |e: InputEvent| {
                                let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
                                let count = input.value().trim().parse().unwrap_or(0);
                                on.emit(LessonCmd::Hands { checkpoint: i, value: k, count }.into());
                            });
                            html! {
                                <label class="hands">{ v.label() }{" "}
                                    <input type="number" min="0" inputmode="numeric" data-testid={format!("hands-{i}-{}", v.as_str())}
                                        value={r.lesson().hands(i).get(k).copied().unwrap_or(0).to_string()} {oninput} />
                                </label>
                            }
                        }) }
                        <button class="next" data-testid={format!("reveal-room-{i}")} onclick={cmd(LessonCmd::Reveal(i).into())}>{"Reveal to the room"}</button>
                    </div>
                } else {
                    <div class="answers" role="group" aria-label="Your answer">
                        { for cp.capability.possible_values().iter().map(|v| {
                            let on = on.clone();
                            let o = v.as_str();
                            let value = o.to_string();
                            html! { <button data-testid={format!("answer-{i}-{o}")} onclick={Callback::from(move |_: MouseEvent| on.emit(LessonCmd::Answer(i, value.clone()).into()))}>{ v.label() }</button> }
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
        // The room sees one stop at a time: the step's own question, if it is one.
        _ if presenting => at_checkpoint.map(|i| question(i, true)).into_iter().collect(),
        // The question of the moment is the current one (its answers in
        // reach); a question answered at the same moment keeps its reveal above it.
        Some(i) => steps
            .iter()
            .filter_map(|s| match s.1 {
                Step::Checkpoint(j) if s.0 == t && j != i && r.lesson().settled(j) => Some(question(j, false)),
                _ => None,
            })
            .chain(std::iter::once(question(i, true)))
            .collect(),
        // Only answered questions (with their reveal): a question not
        // answered is on screen only at its moment, covered (`pending`).
        None => due
            .iter()
            .rev()
            .filter(|&&i| r.lesson().settled(i))
            .take(if presenting { 1 } else { 3 })
            .map(|&i| question(i, Some(i) == at_checkpoint))
            .collect(),
    };
    let (correct, answered, total) = r.score();
    let at_end = r.step().is_some_and(|k| k + 1 >= steps.len()) && answered == total;
    let show_summary = *summary_open || at_end;
    let questions_list = questions_open.then(|| {
        html! {
            <ol class="question-list" data-testid="question-list" aria-label="Every question">
                { for in_run_order.iter().map(|&i| {
                    let status = match (r.lesson().answers().get(i).cloned().flatten(), r.checkpoint_answer(i)) {
                        (Some(a), Some(cell)) if cell.value.as_str() == a => "✓ right",
                        (Some(_), Some(_)) => "✕ not quite",
                        _ => "not answered",
                    };
                    let go = step_of(i).map(|k| cmd(LessonCmd::GoToStep(k).into()));
                    html! {
                        <li data-testid={format!("question-{i}")}>
                            <button onclick={go}>{ format!("{} {}", asked_at(i), r.sim().question_words(i)) }</button>{ format!(" — {status}") }
                        </li>
                    }
                }) }
            </ol>
        }
    });
    let summary = show_summary.then(|| {
        let rows = in_run_order.iter().map(|&i| {
            let cp = &sc.checkpoints[i];
            let given = r.lesson().answers().get(i).cloned().flatten();
            // The engine's answer only once the question is answered (or
            // revealed to the room): the summary never answers for the learner.
            let cell = r.lesson().settled(i).then(|| r.checkpoint_answer(i)).flatten();
            let room = hands_said(r.lesson().hands(i), &cp.capability);
            let unseen = if presenting { "not revealed" } else { "answer it to see" };
            let right = cell.map_or(unseen, |c| c.value.label());
            let ok = cell.is_some_and(|c| given.as_deref() == Some(c.value.as_str()));
            html! {
                <tr data-testid={format!("summary-{i}")} data-correct={ok.to_string()}>
                    <td>{ format!("{} {}", asked_at(i), r.sim().question_words(i)) }</td>
                    if presenting {
                        <td>{ room }</td>
                    } else {
                        <td>{ given.as_deref().map_or("—", |a| label_of(&cp.capability, a)) }{ room }</td>
                    }
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
                if presenting {
                    <h3>{ format!("Lesson summary — {}", r.sim().title()) }</h3>
                } else {
                    <h3>{ format!("Lesson summary — {}: {correct} of {total} right", r.sim().title()) }</h3>
                }
                <table>
                    <thead><tr><th>{"Question"}</th><th>{ if presenting { "The room" } else { "Your answer" } }</th><th>{"The engine's answer"}</th><th>{"Why, and the source"}</th></tr></thead>
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
    let learning = r.mode() == crate::screen::Mode::Learn;
    let toggle = |state: &UseStateHandle<bool>| {
        let state = state.clone();
        Callback::from(move |_: MouseEvent| state.set(!*state))
    };
    html! {
        <section class="guide band" aria-label="Guided walkthrough" data-testid="guide">
            <div class="band-nav">
                <button data-testid="prev-caption" onclick={cmd(LessonCmd::Back.into())}>{"« Previous step"}</button>
                <ol class="chapters" aria-label="Chapters">{ for chapters }</ol>
                if r.lesson_complete() {
                    <button class="next" data-testid="next-caption" aria-disabled="true" title="This is the last step: the summary is below">{"End of the lesson"}</button>
                } else if learning && pending.is_some() {
                    <button class="next" data-testid="next-caption" aria-disabled="true" title="Answer the question first">{"Next step »"}</button>
                } else {
                    <button class="next" data-testid="next-caption" onclick={cmd(LessonCmd::Next.into())}>{"Next step »"}</button>
                }
                // Where the walkthrough is: a stop covered by an unanswered
                // question still counts, so none is skipped unseen.
                if let Some(k) = r.step().filter(|&k| k < steps.len()) {
                    <span class="stop-count small" data-testid="stop-count">{ format!("Stop {} of {}", k + 1, steps.len()) }</span>
                }
                // A room's reveals are nobody's answers: no score in Present.
                if total > 0 && !presenting {
                    <span class="score" data-testid="score" data-correct={correct.to_string()} data-answered={answered.to_string()}>
                        { score_text(correct, answered, total) }</span>
                }
                <button data-testid="questions" aria-pressed={questions_open.to_string()} onclick={toggle(&questions_open)}>{"Questions"}</button>
                <button data-testid="show-summary" aria-pressed={show_summary.to_string()} onclick={toggle(&summary_open)}>{"Summary"}</button>
                // A learner's lesson always stops at each step; a presenter's too
                // (Play moves to the next stop).
                if !learning && !presenting {
                    <label class="small"><input type="checkbox" checked={r.lesson().guided()} onchange={on_guided} data-testid="guided" />{" Pause at each step"}</label>
                }
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
            // The room is told by the trainer, not by a line of small print.
            if presenting && at_checkpoint.is_some() {
            } else if pending.is_some() && !presenting {
                <p class="muted small" data-testid="answer-first">{"Predict, then reveal: answer first. The narration, the user's capabilities and the tables show what happened once you have."}</p>
            } else if let (Some(c), Some((title, text))) = (caption, caption_index.map(|i| r.sim().caption_words(i))) {
                <article class="caption" data-testid="caption" aria-live="polite">
                    <h3><span class="when">{ shown_at.map_or(c.at, |m| m.at).to_string() }</span>{" "}{ title }</h3>
                    if shown_at.is_some_and(|m| !m.happened) {
                        <p class="muted small" data-testid="caption-not-in-run">{"This caption's event does not happen in this run (your orders changed it): it is shown at its scripted moment."}</p>
                    }
                    <p>{ text }</p>
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

/// "2 of 6 answered so far, 1 right": never "0/0" before anything was asked.
fn score_text(correct: usize, answered: usize, total: usize) -> String {
    use failover_engine::text::count;
    match answered {
        0 => format!("{}, none answered yet", count(total as u64, "question", "questions")),
        a if a == total => format!("{correct} of {} right", count(total as u64, "question", "questions")),
        a => format!("{a} of {total} answered so far, {correct} right"),
    }
}

/// The room's show of hands, as counted: "Hands: yes 12, no 9." (nothing
/// when nobody counted).
fn hands_said(hands: &[u32], capability: &failover_engine::CapKey) -> Html {
    if hands.iter().all(|&n| n == 0) {
        return html! {};
    }
    let parts: Vec<String> =
        capability.possible_values().iter().zip(hands).map(|(v, n)| format!("{} {n}", v.label())).collect();
    html! { <span class="hands-said" data-testid="hands-said">{ format!(" The room: {}.", parts.join(", ")) }</span> }
}

/// A stored answer ("last-set") in people's words.
fn label_of(capability: &failover_engine::CapKey, answer: &str) -> &'static str {
    capability.possible_values().iter().find(|v| v.as_str() == answer).map_or("", |v| v.label())
}

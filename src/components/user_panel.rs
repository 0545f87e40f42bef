//! The selected user: where they are, what they can do and why, their
//! sessions, what their own client shows, and how an observer in another
//! pool sees them.

use super::ViewProps;
use crate::state::{RunCmd, Selection, ShellCmd, View};
use failover_engine::capability::{CapKey, HOME_POOL_NOTE};
use failover_engine::rules::{self, BannerTone};
use failover_engine::sim::Mode;
use failover_engine::NamedIdx;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[function_component]
pub fn UserPanel(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sim = &r.sim();
    let sc = sim.scenario();
    let on = props.on_command.clone();
    let on_select = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                let v = sel.value();
                on.emit(RunCmd::Select(v.parse::<NamedIdx>().ok().map(Selection::Named)).into());
            }
        })
    };
    let on_observer = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                on.emit(RunCmd::Observe(sel.value().parse::<NamedIdx>().ok()).into());
            }
        })
    };
    let view_button = |v: View, label: &'static str| {
        let on = on.clone();
        html! {
            <button class={classes!("tab", (r.view() == v).then_some("active"))} aria-pressed={(r.view() == v).to_string()}
                data-testid={format!("view-{}", v.as_str())} onclick={Callback::from(move |_: MouseEvent| on.emit(ShellCmd::SetView(v).into()))}>{ label }</button>
        }
    };
    let picker = html! {
        <div class="user-picker">
            <label for="user-picker">{"User"}</label>
            <select id="user-picker" data-testid="user-picker" onchange={on_select}>
                <option value="" selected={r.selected().is_none()}>{"(nobody)"}</option>
                { for sc.users.iter().enumerate().map(|(i, u)| html! {
                    <option value={i.to_string()} selected={r.selected() == Some(Selection::Named(i as NamedIdx))}>{ u.name.clone() }</option>
                }) }
                if let Some(Selection::Anonymous(i)) = r.selected() {
                    <option value="" selected=true>{ format!("User #{i} (population)") }</option>
                }
            </select>
            <div class="tabs" role="group" aria-label="Perspective">
                { view_button(View::Affected, "Their experience") }
                { view_button(View::Observer, "As seen from another pool") }
            </div>
        </div>
    };
    let Some(selection) = r.selected() else {
        return html! { <section class="user card inspector" aria-label="Selected user">{ picker }<p class="muted">{"Select a user on the stage (click a dot, or focus the stage and use the arrow keys) or in the list."}</p></section> };
    };
    let (index, named) = match selection {
        Selection::Named(u) => (sim.named_user_index(u), Some(u)),
        Selection::Anonymous(i) => (i, None),
    };
    let s = sim.situation(index, r.t());
    let home = sim.home_of(index);
    let pool_id = |p: u16| sc.pools[usize::from(p)].id.clone();
    let pool_name = |p: u16| sc.pools[usize::from(p)].name.clone();
    let (id, name) = match named {
        Some(u) => (sc.users[u as usize].id.clone(), sc.users[u as usize].name.clone()),
        None => (format!("#{index}"), format!("User #{index} of {} (population)", pool_name(home))),
    };
    let connection = s.connection().as_str();
    let pool_value = s.serving.map_or("none".to_string(), pool_id);
    let mode_value = s.mode.map_or("none", Mode::as_str);
    let banner = rules::banner(&s);
    let banner_class = match banner.tone {
        BannerTone::Normal => "normal",
        BannerTone::Limited => "limited",
        BannerTone::SignedOut => "signed-out",
    };
    // A walkthrough question about this user is waiting: cover the answers.
    // Any user: another in the same situation would answer it as well.
    let waiting = r.pending_checkpoint().is_some();
    // A learner's stop before a question, when what it asks already reads as
    // its answer: the user is covered there too (the capability, and the
    // banner, sessions and views that would say it in other words).
    let foreseen = match named {
        Some(u) if r.mode() == crate::screen::Mode::Learn => r.lesson().foreseen(sim, r.t(), u),
        _ => Vec::new(),
    };
    let covered = waiting || !foreseen.is_empty();
    let why_covered = if waiting {
        "Answer the walkthrough's question first."
    } else {
        "A question ahead asks about this user: answer it there first."
    };
    // The capabilities the questions of this moment ask about this user: marked,
    // large in Present, so the room finds them.
    let asked: Vec<CapKey> = sc
        .checkpoints
        .iter()
        .enumerate()
        .filter(|(i, c)| r.sim().checkpoint_moment(*i).is_some_and(|m| m.at == r.t()) && named == Some(c.user))
        .map(|(_, c)| c.capability)
        .collect();
    let caps = CapKey::ALL.iter().map(|&k| {
        let cell = rules::cell(k, &s);
        let asked = asked.contains(&k).then_some("asked");
        if covered {
            return html! {
                <li data-testid={format!("cap-{}", k.key())} data-value="covered" class={classes!("cap", "covered", asked)} tabindex="0">
                    <span class="cap-label">{ k.label() }</span>
                    <span class="cap-value">{"?"}</span>
                    <span class="cap-why">{ why_covered }</span>
                </li>
            };
        }
        html! {
            <li data-testid={format!("cap-{}", k.key())} data-value={cell.value.as_str()} class={classes!("cap", cell.value.as_str(), asked)} tabindex="0"
                title={cell.source.cite()}>
                <span class="cap-label">{ k.label() }</span>
                <span class="cap-value">{ cell.value.label() }</span>
                <span class="cap-why">{ cell.reason }
                    if cell.source.is_assumption() { <span class="assumption-mark">{"assumption"}</span> }
                </span>
            </li>
        }
    });
    let sessions = named.map(|u| {
        sim.sessions_of(u, r.t())
            .into_iter()
            .map(|m| {
                let offer = m.rejoin.map(|offer| {
                    let why = offer.allowed.clone().err();
                    let on = on.clone();
                    let click = offer.action.clone();
                    html! {
                        <>
                            <button class="rejoin" data-testid={format!("rejoin-{}", m.id)} disabled={why.is_some()} title={why.clone().unwrap_or_default()}
                                onclick={Callback::from(move |_: MouseEvent| on.emit(RunCmd::Order(click.clone()).into()))}>
                                { offer.label }
                            </button>
                            if let Some(why) = why { <span class="why">{ format!(" {why}") }</span> }
                        </>
                    }
                });
                html! {
                    <li data-testid={format!("session-{}", m.id)} data-state={m.state.as_str()} title={m.source.clone()}>
                        <strong>{ m.title.clone() }</strong>{ format!(": {}", m.line) }
                        if m.disputed { <span class="assumption-mark">{"sources disagree"}</span> }
                        { offer }
                    </li>
                }
            })
            .collect::<Html>()
    });
    let sign_button = named.map(|u| {
        let choice = sim.sign_choice(u, r.t());
        let why = choice.allowed.clone().err();
        let action = choice.action.clone();
        let on = on.clone();
        html! {
            <>
                <button data-testid="user-sign" disabled={why.is_some()} title={why.clone().unwrap_or_default()}
                    onclick={Callback::from(move |_: MouseEvent| on.emit(RunCmd::Order(action.clone()).into()))}>
                    { choice.action.label() }
                </button>
                if let Some(why) = why { <span class="why">{ format!(" {why}") }</span> }
            </>
        }
    });
    let sign_in = sim.sign_in_answer(home, r.t());
    let services = sim.service_notes(index, r.t()).into_iter().enumerate().map(|(i, n)| {
        html! {
            <li class={classes!("cap", if n.available { "yes" } else { "no" })} data-testid={format!("service-{i}")}
                data-value={if n.available { "yes" } else { "no" }} tabindex="0" title={n.source.cite()}>
                <span class="cap-label">{ n.name }</span>
                <span class="cap-value">{ if n.available { "yes" } else { "no" } }</span>
                <span class="cap-why">{ n.reason }</span>
            </li>
        }
    });
    let observer_view = (r.view() == View::Observer).then(|| {
        let obs = r.observer();
        let options = sc.users.iter().enumerate().filter(|(i, _)| Some(*i as NamedIdx) != named).map(|(i, u)| html! {
            <option value={i.to_string()} selected={obs == Some(i as NamedIdx)}>{ u.name.clone() }</option>
        });
        let seen = obs.map(|o| {
            let v = sim.observer_view(o, index, r.t());
            let ohome = sc.users[o as usize].home;
            let shared: Vec<Html> = v
                .shared
                .iter()
                .map(|(id, text, source, disputed)| html! {
                    <li title={source.clone()}><strong>{ id.clone() }</strong>{ format!(": {text}.") }
                        if *disputed { <span class="assumption-mark">{"sources disagree"}</span> }
                    </li>
                })
                .collect();
            html! {
                <div data-testid="observer-sees" data-value={v.value.as_str()}>
                    <p>{ format!("{} (homed on {}) sees {}'s presence: ", sc.users[o as usize].name, pool_name(ohome), name) }<strong>{ v.shown.clone() }</strong></p>
                    <p class="muted" title={v.source.clone()}>{ v.reason }</p>
                    if !shared.is_empty() {
                        <p>{"Sessions they share, as the observer sees them:"}</p>
                        <ul class="sessions" data-testid="observer-sessions">{ for shared }</ul>
                    }
                </div>
            }
        });
        html! {
            <div class="observer">
                <label for="observer-picker">{"Observer"}</label>
                <select id="observer-picker" data-testid="observer-picker" onchange={on_observer}>
                    <option value="" selected={obs.is_none()}>{"(choose)"}</option>
                    { for options }
                </select>
                { seen }
            </div>
        }
    });
    html! {
        <section class="user card inspector" aria-label="Selected user" data-testid="user-panel" data-user={id.clone()}>
            { picker }
            <h2>{ name.clone() }</h2>
            if covered {
                <p class="muted" data-testid="user-covered">{"Where this user is, what their client says and what they can do are covered. "}{ why_covered }</p>
                <ul class="caps" aria-label="What this user can do (covered)">{ for caps }</ul>
            } else {
                <dl class="facts">
                    <dt>{"Phase"}</dt><dd data-testid="user-phase" data-value={s.phase.number().to_string()}>{ format!("{} · {}", s.phase.number(), s.phase_label()) }</dd>
                    <dt>{"Connection"}</dt><dd data-testid="user-connection" data-value={connection}>{ connection }</dd>
                    <dt>{"Serving pool"}</dt><dd data-testid="user-pool" data-value={pool_value.clone()}>{ s.serving.map_or("none".to_string(), pool_name) }</dd>
                    <dt>{"Mode"}</dt><dd data-testid="user-mode" data-value={mode_value}>{ mode_value }</dd>
                </dl>
                if r.view() == View::Affected {
                    <ul class="caps" aria-label="What this user can do (focus or hover a row for why, and the source)">{ for caps }</ul>
                }
                <p class={classes!("client-banner", banner_class)} data-testid="client-banner" title={banner.source.cite()}>
                    <strong>{"In their client: "}</strong>{ banner.text.clone() }
                    if banner.source.is_assumption() { <span class="assumption-mark">{"wording assumed"}</span> }
                </p>
                { sign_button }
                <dl class="facts">
                    <dt>{"Home pool"}</dt><dd>{ pool_name(home) }<span class="muted">{ format!(" ({HOME_POOL_NOTE})") }</span></dd>
                    <dt>{"Signing in now"}</dt>
                    <dd data-testid="user-sign-in" title={sign_in.source.cite()}>
                        { match sign_in.landing { Some((p, m)) => format!("lands on {} in {} mode — ", pool_name(p), m.as_str()), None => "blocked — ".to_string() } }
                        { sign_in.reason }
                        if sign_in.source.is_assumption() { <span class="assumption-mark">{"assumption"}</span> }
                    </dd>
                </dl>
                if let Some(list) = sessions.clone() {
                    <h3>{"Sessions"}</h3>
                    <ul class="sessions">{ list }</ul>
                }
                if r.view() == View::Affected {
                    <h3>{"Beyond the page's tables"}</h3>
                    <p class="muted small">{"What the Backup Service does not replicate, and the admin's checklist restores."}</p>
                    <ul class="caps" aria-label="Services not replicated">{ for services }</ul>
                }
                { observer_view }
            }
        </section>
    }
}

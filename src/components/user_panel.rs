//! The selected user: where they are, what they can do and why, their
//! sessions, what their own client shows, and how an observer in another
//! pool sees them.

use super::ViewProps;
use crate::runtime::{Command, Selection, View};
use failover_engine::capability::{CapKey, Phase};
use failover_engine::sim::Mode;
use failover_engine::{Action, NamedIdx, Situation};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

fn client_banner(s: &Situation) -> (&'static str, &'static str) {
    match (s.mode, s.phase) {
        (None, Phase::Outage) => ("signed-out", "Signed out. The client keeps trying to sign in; the home pool does not answer and the backup pool does not accept the user yet."),
        (None, Phase::FailingOver) => ("signed-out", "Signed out, reconnecting: sign-in to the backup pool is possible now."),
        (None, _) => ("signed-out", "Not signed in."),
        (Some(Mode::Resiliency), _) => ("limited", "Banner: limited functionality is available due to an outage. Contacts and presence are unavailable; calls and IM work."),
        (Some(Mode::Regular), _) => ("normal", "Everything works as usual."),
    }
}

/// The panel.
#[function_component]
pub fn UserPanel(props: &ViewProps) -> Html {
    let r = props.rt.0.borrow();
    let sim = &r.sim;
    let sc = sim.scenario();
    let on = props.on_command.clone();
    let on_select = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                let v = sel.value();
                on.emit(Command::Select(v.parse::<NamedIdx>().ok().map(Selection::Named)));
            }
        })
    };
    let on_observer = {
        let on = on.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = e.target_dyn_into::<HtmlSelectElement>() {
                on.emit(Command::Observe(sel.value().parse::<NamedIdx>().ok()));
            }
        })
    };
    let view_button = |v: View, label: &'static str| {
        let on = on.clone();
        html! {
            <button class={classes!("tab", (r.view == v).then_some("active"))} aria-pressed={(r.view == v).to_string()}
                data-testid={format!("view-{}", v.as_str())} onclick={Callback::from(move |_: MouseEvent| on.emit(Command::SetView(v)))}>{ label }</button>
        }
    };
    let picker = html! {
        <div class="user-picker">
            <label for="user-picker">{"User"}</label>
            <select id="user-picker" data-testid="user-picker" onchange={on_select}>
                <option value="" selected={r.selected.is_none()}>{"(nobody)"}</option>
                { for sc.users.iter().enumerate().map(|(i, u)| html! {
                    <option value={i.to_string()} selected={r.selected == Some(Selection::Named(i as NamedIdx))}>{ u.name.clone() }</option>
                }) }
                if let Some(Selection::Anonymous(i)) = r.selected {
                    <option value="" selected=true>{ format!("User #{i} (population)") }</option>
                }
            </select>
            <div class="tabs" role="group" aria-label="Perspective">
                { view_button(View::Affected, "Their experience") }
                { view_button(View::Observer, "As seen from another pool") }
            </div>
        </div>
    };
    let Some(selection) = r.selected else {
        return html! { <section class="user card" aria-label="Selected user">{ picker }<p class="muted">{"Select a user on the stage (click a dot, or focus the stage and use the arrow keys) or in the list."}</p></section> };
    };
    let (index, named) = match selection {
        Selection::Named(u) => (sim.named_user_index(u), Some(u)),
        Selection::Anonymous(i) => (i, None),
    };
    let s = sim.situation(index, r.t);
    let home = sim.home_of(index);
    let pool_id = |p: u16| sc.pools[usize::from(p)].id.clone();
    let pool_name = |p: u16| sc.pools[usize::from(p)].name.clone();
    let (id, name) = match named {
        Some(u) => (sc.users[u as usize].id.clone(), sc.users[u as usize].name.clone()),
        None => (format!("#{index}"), format!("User #{index} of {} (population)", pool_name(home))),
    };
    let connection = if s.signed_in() { "signed-in" } else { "signed-out" };
    let pool_value = s.serving.map_or("none".to_string(), pool_id);
    let mode_value = s.mode.map_or("none", Mode::as_str);
    let (banner_class, banner) = client_banner(&s);
    let caps = CapKey::ALL.iter().map(|&k| {
        let cell = s.cell(k);
        html! {
            <li data-testid={format!("cap-{}", k.key())} data-value={cell.value.as_str()} class={classes!("cap", cell.value.as_str())} tabindex="0"
                title={cell.source.cite()}>
                <span class="cap-label">{ k.label() }</span>
                <span class="cap-value">{ cell.value.as_str() }</span>
                <span class="cap-why">{ cell.reason }
                    if cell.source.is_assumption() { <span class="assumption-mark">{"assumption"}</span> }
                </span>
            </li>
        }
    });
    let sessions = named.map(|u| {
        (0..sc.sessions.len() as u32)
            .filter(|&i| sim.session_members(i).contains(&u))
            .map(|i| {
                let v = sim.session_view(i, r.t);
                let me = v.participants.iter().find(|p| p.user == id);
                let detail = match (v.kind, me) {
                    ("conference", Some(p)) if p.is_in && p.restricted => " — in, restricted to Resiliency mode".to_string(),
                    ("conference", Some(p)) if p.is_in => " — in".to_string(),
                    ("conference", Some(_)) if v.state == "running" => " — dropped; must rejoin".to_string(),
                    _ => String::new(),
                };
                let rejoin = v.rejoin.map(|j| format!(" · rejoin {j}")).unwrap_or_default();
                let click = Action::Rejoin(i, u);
                let why = r.check(&click).err().map(|e| e.to_string());
                let show_button = v.state == "terminated" || v.state == "ended" || (v.kind == "conference" && me.is_some_and(|p| !p.is_in) && v.state == "running");
                let on = on.clone();
                html! {
                    <li data-testid={format!("session-{}", v.id)} data-state={v.state} title={v.source.clone()}>
                        <strong>{ format!("{} {}", if v.kind == "p2p" { "Peer-to-peer" } else { "Conference" }, v.id) }</strong>
                        { format!(": {}{rejoin}{detail}. {}", v.state, v.reason) }
                        if show_button {
                            <button class="rejoin" data-testid={format!("rejoin-{}", v.id)} disabled={why.is_some()} title={why.clone().unwrap_or_default()}
                                onclick={Callback::from(move |_: MouseEvent| on.emit(Command::Order(click.clone())))}>
                                { if v.kind == "p2p" { "Re-establish" } else { "Rejoin" } }
                            </button>
                            if let Some(why) = why { <span class="why">{ format!(" {why}") }</span> }
                        }
                    </li>
                }
            })
            .collect::<Html>()
    });
    let sign_button = named.map(|u| {
        let wants = sim.dr().named_signed_in(u, r.t).0;
        let action = if wants { Action::UserSignsOut(u) } else { Action::UserSignsIn(u) };
        let on = on.clone();
        html! {
            <button data-testid="user-sign" onclick={Callback::from(move |_: MouseEvent| on.emit(Command::Order(action.clone())))}>
                { if wants { "Sign this user out" } else { "Sign this user in" } }
            </button>
        }
    });
    let sign_in = named.map(|u| sim.user_view(u, r.t).sign_in);
    let services = sim.service_notes(index, r.t).into_iter().enumerate().map(|(i, n)| {
        html! {
            <li class={classes!("cap", if n.available { "yes" } else { "no" })} data-testid={format!("service-{i}")}
                data-value={if n.available { "yes" } else { "no" }} tabindex="0" title={n.source.cite()}>
                <span class="cap-label">{ n.name }</span>
                <span class="cap-value">{ if n.available { "yes" } else { "no" } }</span>
                <span class="cap-why">{ n.reason }</span>
            </li>
        }
    });
    let observer_view = (r.view == View::Observer).then(|| {
        let obs = r.observer;
        let options = sc.users.iter().enumerate().filter(|(i, _)| Some(*i as NamedIdx) != named).map(|(i, u)| html! {
            <option value={i.to_string()} selected={obs == Some(i as NamedIdx)}>{ u.name.clone() }</option>
        });
        let seen = obs.map(|o| {
            let ohome = sc.users[o as usize].home;
            let key = if ohome == home { CapKey::PresenceSamePool } else { CapKey::PresenceOtherPool };
            let cell = s.cell(key);
            let presence = named.map_or("available", |u| sc.users[u as usize].presence.as_str());
            let shown = match cell.value.as_str() {
                "live" => format!("{presence} (live)"),
                "last-set" => format!("{presence} (the last state set; changes are not shown)"),
                other => other.to_string(),
            };
            // Sessions the observer shares with the selected user, from the observer's side.
            let shared: Vec<Html> = named
                .map(|u| {
                    (0..sc.sessions.len() as u32)
                        .filter(|&i| {
                            let m = sim.session_members(i);
                            m.contains(&u) && m.contains(&o)
                        })
                        .map(|i| {
                            let v = sim.session_view(i, r.t);
                            let obs_in = v.participants.iter().find(|p| p.user == sc.users[o as usize].id).map(|p| p.is_in);
                            let them = v.participants.iter().find(|p| p.user == id);
                            let what = match (v.kind, v.state) {
                                ("p2p", "active") => "the call works, all modalities".to_string(),
                                ("p2p", s) => format!("the call is {s}"),
                                (_, "running") => format!(
                                    "the conference runs{}{}",
                                    if obs_in == Some(true) { "; the observer is in" } else { "; the observer must rejoin" },
                                    match them {
                                        Some(p) if p.is_in && p.restricted => ", and sees the affected user restricted to Resiliency mode",
                                        Some(p) if p.is_in => ", with the user in it",
                                        _ => ", without the user",
                                    }
                                ),
                                (_, s) => format!("the conference is {s}{}", v.rejoin.map(|j| format!(" (rejoin {j})")).unwrap_or_default()),
                            };
                            html! { <li title={v.source.clone()}><strong>{ v.id.clone() }</strong>{ format!(": {what}. {}", v.reason) }</li> }
                        })
                        .collect()
                })
                .unwrap_or_default();
            html! {
                <div data-testid="observer-sees" data-value={cell.value.as_str()}>
                    <p>{ format!("{} (homed on {}) sees {}'s presence: ", sc.users[o as usize].name, pool_name(ohome), name) }<strong>{ shown }</strong></p>
                    <p class="muted" title={cell.source.cite()}>{ cell.reason }</p>
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
        <section class="user card" aria-label="Selected user" data-testid="user-panel" data-user={id.clone()}>
            { picker }
            <h2>{ name.clone() }</h2>
            <dl class="facts">
                <dt>{"Home pool"}</dt><dd>{ pool_name(home) }{" (never changes)"}</dd>
                <dt>{"Connection"}</dt><dd data-testid="user-connection" data-value={connection}>{ connection }</dd>
                <dt>{"Serving pool"}</dt><dd data-testid="user-pool" data-value={pool_value.clone()}>{ s.serving.map_or("none".to_string(), pool_name) }</dd>
                <dt>{"Mode"}</dt><dd data-testid="user-mode" data-value={mode_value}>{ mode_value }</dd>
                <dt>{"Phase"}</dt><dd data-testid="user-phase" data-value={s.phase.number().to_string()}>{ format!("{} · {}", s.phase.number(), s.phase.label()) }</dd>
                if let Some(si) = sign_in {
                    <dt>{"Signing in now"}</dt><dd data-testid="user-sign-in">{ match (&si.pool, si.mode) { (Some(p), Some(m)) => format!("lands on {} in {m} mode", sc.pools.iter().find(|x| &x.id == p).map_or(p.as_str(), |x| x.name.as_str())), _ => "blocked".to_string() } }{ format!(" — {}", si.reason) }</dd>
                }
            </dl>
            <p class={classes!("client-banner", banner_class)} data-testid="client-banner">
                <strong>{"In their client: "}</strong>{ banner }
                if banner_class == "limited" { <span class="assumption-mark" title="The exact banner text is not published (FACTS.md §3D)">{"wording assumed"}</span> }
            </p>
            { sign_button }
            if r.view == View::Affected {
                <ul class="caps" aria-label="What this user can do">{ for caps }</ul>
                <h3>{"Beyond the page's tables"}</h3>
                <p class="muted small">{"What the Backup Service does not replicate, and the admin's checklist restores."}</p>
                <ul class="caps" aria-label="Services not replicated">{ for services }</ul>
            }
            { observer_view }
            if let Some(list) = sessions {
                <h3>{"Sessions"}</h3>
                <ul class="sessions">{ list }</ul>
            }
        </section>
    }
}

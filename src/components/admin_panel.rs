//! The admin's orders for one pool at a time, as a toolbar. Each button's
//! PowerShell and, when it is illegal now, the engine's refusal show on
//! hover and focus, and in one detail line under the toolbar.

use super::ViewProps;
use crate::state::RunCmd;
use failover_engine::orders::{NOT_REPLICATED, PLANNED_FAILOVER_ASSUMPTION};
use failover_engine::{PoolIdx, SimTime};
use yew::prelude::*;

#[function_component]
pub fn AdminPanel(props: &ViewProps) -> Html {
    let chosen = use_state(|| None::<PoolIdx>);
    let detail = use_state(String::new);
    // A typed moment for the orders; `None`: the clock's.
    let typed = use_state(|| None::<SimTime>);
    let typed_problem = use_state(|| None::<String>);
    let r = &*props.rt.0;
    let at = typed.unwrap_or(r.t());
    let sc = r.sim().scenario();
    // The pool in disaster recovery now, else the one the user chose, else the first.
    let in_dr = (0..sc.pools.len() as PoolIdx).find(|&p| r.sim().dr().open_episode_at(p, r.t()).is_some());
    let pool = chosen.or(in_dr).unwrap_or(0).min(sc.pools.len().saturating_sub(1) as PoolIdx);
    let spec = &sc.pools[usize::from(pool)];
    let actions = r.sim().dr().admin_orders(pool);
    let buttons = actions.into_iter().map(|action| {
        let why = r.check_at(at, &action).err().map(|e| e.to_string());
        let command = action.command(sc);
        let line = match &why {
            Some(why) => format!("{command} — not now: {why}"),
            None => command.clone(),
        };
        // Refused orders stay focusable (aria-disabled, not disabled) so their
        // reason can be read on focus; a click shows the refusal as the outcome.
        let on = props.on_command.clone();
        let a = action.clone();
        let when = *typed;
        let (d1, l1) = (detail.clone(), line.clone());
        let (d2, l2) = (detail.clone(), line.clone());
        html! {
            <button class={classes!(why.is_some().then_some("refused"))} aria-disabled={why.is_some().to_string()}
                data-testid={format!("admin-{}-{}", spec.id, action.slug())} title={line.clone()}
                onclick={Callback::from(move |_: MouseEvent| on.emit(match when {
                    Some(at) => RunCmd::OrderAt(at, a.clone()),
                    None => RunCmd::Order(a.clone()),
                }.into()))}
                onfocus={Callback::from(move |_: FocusEvent| d1.set(l1.clone()))}
                onmouseenter={Callback::from(move |_: MouseEvent| d2.set(l2.clone()))}>
                { action.label() }
            </button>
        }
    });
    let on_typed = {
        let (typed, problem) = (typed.clone(), typed_problem.clone());
        Callback::from(move |e: Event| {
            let Some(input) = e.target_dyn_into::<web_sys::HtmlInputElement>() else { return };
            let text = input.value();
            if text.trim().is_empty() {
                typed.set(None);
                problem.set(None);
                return;
            }
            let parsed = match SimTime::parse(text.trim()) {
                Ok(t) if t.ms() <= failover_engine::scenario::MAX_SCENARIO_S * 1000 => Ok(t),
                Ok(_) => Err("Beyond the longest scenario: type a moment within it.".to_string()),
                Err(why) => Err(format!("Not a moment: {why}. Orders act at the clock's moment.")),
            };
            typed.set(parsed.as_ref().ok().copied());
            problem.set(parsed.err());
        })
    };
    let pools = sc.pools.iter().enumerate().map(|(i, p)| {
        let chosen = chosen.clone();
        let current = i as PoolIdx == pool;
        html! {
            <button class={classes!("tab-button", current.then_some("active"))} aria-pressed={current.to_string()}
                data-testid={format!("admin-for-{}", p.id)}
                onclick={Callback::from(move |_: MouseEvent| chosen.set(Some(i as PoolIdx)))}>{ p.name.clone() }</button>
        }
    });
    html! {
        <section class="admin card" aria-label="Admin orders">
            <p class="muted small">{"Orders act at the current moment, or at the moment typed here. An order before later ones forks the run: the later orders are dropped."}</p>
            <label class="small">{"Give orders at "}
                <input type="text" size="9" data-testid="admin-at" placeholder={format!("now ({})", r.t().clock())}
                    aria-describedby="admin-at-help" onchange={on_typed} />
                <span id="admin-at-help" class="muted">{" M:SS or H:MM:SS; empty: the clock's moment"}</span>
            </label>
            if let Some(problem) = &*typed_problem {
                <p class="why" role="alert" data-testid="admin-at-problem">{ problem.clone() }</p>
            }
            <div class="tab-bar" role="group" aria-label="Pool">{ for pools }</div>
            <div class="toolbar" role="toolbar" aria-label={format!("Orders for {}", spec.name)}>{ for buttons }</div>
            <p class="detail" data-testid="admin-detail" aria-live="polite">
                { if detail.is_empty() { "Hover or focus an order to see its PowerShell and, if it is not possible now, why.".to_string() } else { (*detail).clone() } }
            </p>
            if let Some(outcome) = &r.last_order() {
                <p class={classes!("outcome", outcome.is_err().then_some("refused"))} role="status" data-testid="order-outcome">
                    { match outcome { Ok(m) | Err(m) => m.clone() } }
                </p>
            }
            <p class="muted small"><span class="assumption-mark">{"assumption"}</span>{" "}{ PLANNED_FAILOVER_ASSUMPTION }</p>
            <p class="muted small">{ NOT_REPLICATED }</p>
        </section>
    }
}

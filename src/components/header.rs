//! Title, what the simulator shows, and the scenario picker.

use super::ViewProps;
use crate::state::{LoadCmd, Origin};
use failover_engine::builtin::BUILTINS;
use web_sys::HtmlSelectElement;
use yew::prelude::*;

pub fn header(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sc = r.sim().scenario();
    let current = match &r.origin() {
        Origin::Builtin(name) => *name,
        _ => "",
    };
    let onchange = {
        let on_command = props.on_command.clone();
        Callback::from(move |e: Event| {
            let Some(select) = e.target_dyn_into::<HtmlSelectElement>() else { return };
            if let Some(b) = BUILTINS.iter().find(|b| b.name == select.value()) {
                on_command.emit(LoadCmd::Builtin(b.name).into());
            }
        })
    };
    let options: Vec<(String, &str)> = BUILTINS
        .iter()
        .map(|b| {
            let title = b.scenario().map(|s| s.title).unwrap_or_else(|_| b.name.to_string());
            (title, b.name)
        })
        .collect();
    html! {
        <header class="header">
            <div class="brand">
                <h1>{"Pool Failover Simulator"}</h1>
                <p class="tagline">{"What Skype for Business Server users experience when a Front End pool fails over to its paired backup pool and later fails back: every user, every moment."}</p>
            </div>
            <div class="scenario">
                <label for="scenario-picker">{"Scenario"}</label>
                <select id="scenario-picker" data-testid="scenario-picker" {onchange}>
                    { for options.iter().map(|(title, name)| html! {
                        <option value={name.to_string()} selected={*name == current}>{ if *name == current { r.run_name() } else { title.clone() } }</option>
                    }) }
                    if current.is_empty() {
                        <option value="" selected=true>{ r.run_name() }</option>
                    }
                </select>
                <p class="scenario-desc" data-testid="scenario-title" title={sc.description.clone()}>{ sc.description.clone() }</p>
                if let Some(previous) = &r.previous() {
                    <button class="undo" data-testid="restore-previous" onclick={
                        let on = props.on_command.clone();
                        Callback::from(move |_: MouseEvent| on.emit(LoadCmd::RestorePrevious.into()))
                    }>{ format!("Back to \"{}\"", previous.0.scenario().title) }</button>
                }
            </div>
        </header>
    }
}

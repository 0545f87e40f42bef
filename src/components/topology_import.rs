//! Your topology: the users export (and, for pairing, the pool-info export)
//! an administrator already has, turned into a scenario by the engine's
//! importer (the same one as `failover import`). The files are read in the
//! browser and the result never goes into a link or the browser's storage.

use crate::state::{Command, LoadCmd, ShellCmd};
use failover_engine::import::{users_csv, Named, UserRow};
use std::rc::Rc;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// A file the user picked: its name and text.
type Picked = Option<(String, String)>;

/// How many matches the search lists at once.
const MATCHES_SHOWN: usize = 8;

#[derive(Properties, PartialEq, Clone)]
pub struct TopologyProps {
    pub on_command: Callback<Command>,
}

/// Reads the first file of an input; a file too large or not text is said
/// through the import's problem box, and nothing changes.
fn read_picked(input: &HtmlInputElement, into: UseStateHandle<Picked>, on_command: Callback<Command>) {
    let Some(file) = input.files().and_then(|f| f.get(0)) else {
        into.set(None);
        return;
    };
    // An export of 100,000 users is about 6 MB; the importer reads up to this.
    let limit = 8 * failover_engine::scenario::MAX_FILE_BYTES;
    crate::browser::read_text_file(file, limit, "an export", move |name, text| match text {
        Ok(text) => into.set(Some((name, text))),
        Err(why) => {
            on_command.emit(ShellCmd::ImportFailed(name, why).into());
            into.set(None);
        }
    });
}

#[function_component]
pub fn TopologyImport(props: &TopologyProps) -> Html {
    let users = use_state(|| None::<(String, String)>);
    let pairs = use_state(|| None::<(String, String)>);
    let named = use_state(|| 5usize);
    // The users of the picked file, for the search (problems are said on build).
    let rows: Rc<Vec<UserRow>> = {
        let users = (*users).clone();
        (*use_memo(users, |u| {
            Rc::new(u.as_ref().and_then(|(_, text)| users_csv(text).ok().map(|(rows, _)| rows)).unwrap_or_default())
        }))
        .clone()
    };
    let search = use_state(String::new);
    let chosen = use_state(Vec::<String>::new);
    let pick = |into: UseStateHandle<Picked>| {
        let on = props.on_command.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                read_picked(&input, into.clone(), on.clone());
            }
        })
    };
    let on_named = {
        let named = named.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                match input.value().trim().parse::<usize>() {
                    Ok(n) => named.set(n.min(100)),
                    Err(_) => input.set_value(&named.to_string()),
                }
            }
        })
    };
    let build = {
        let (users, pairs, named, chosen, on) =
            (users.clone(), pairs.clone(), named.clone(), chosen.clone(), props.on_command.clone());
        Callback::from(move |_: MouseEvent| {
            if let Some(u) = (*users).clone() {
                let named = if chosen.is_empty() { Named::First(*named) } else { Named::These((*chosen).clone()) };
                on.emit(LoadCmd::Topology { users: u, pairs: (*pairs).clone(), named }.into());
            }
        })
    };
    let on_search = {
        let search = search.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = e.target_dyn_into::<HtmlInputElement>() {
                search.set(input.value());
            }
        })
    };
    let wanted = search.trim().to_lowercase();
    let matches: Vec<&UserRow> = if wanted.is_empty() {
        Vec::new()
    } else {
        rows.iter()
            .filter(|u| !chosen.contains(&u.sip))
            .filter(|u| u.sip.to_lowercase().contains(&wanted) || u.name.to_lowercase().contains(&wanted))
            .take(MATCHES_SHOWN)
            .collect()
    };
    let keep = |sip: &str| {
        let (chosen, sip) = (chosen.clone(), sip.to_string());
        Callback::from(move |_: MouseEvent| {
            let mut list = (*chosen).clone();
            if !list.contains(&sip) {
                list.push(sip.clone());
            }
            chosen.set(list);
        })
    };
    let drop_user = |sip: &str| {
        let (chosen, sip) = (chosen.clone(), sip.to_string());
        Callback::from(move |_: MouseEvent| chosen.set(chosen.iter().filter(|s| **s != sip).cloned().collect()))
    };
    let shown = |text: &str| failover_engine::scenario::printable(text);
    let file_of = |p: &Picked| p.as_ref().map(|(n, _)| failover_engine::scenario::printable(n));
    html! {
        <section class="topology" aria-labelledby="topology-heading" data-testid="topology">
            <h3 id="topology-heading">{"Your topology"}</h3>
            <p class="muted small">
                {"From the exports you already have: "}
                <code>{"Get-CsUser | Select-Object SipAddress,DisplayName,RegistrarPool | Export-Csv users.csv"}</code>
                {" and, for pairing, "}
                <code>{"Get-CsUser | Get-CsUserPoolInfo | Select-Object PrimaryPoolFqdn,BackupPoolFqdn | Export-Csv pairs.csv"}</code>
                {". Pools come from RegistrarPool; without pairs, no pool has a backup."}
            </p>
            <div class="share-actions">
                <label class="file-button">
                    {"Users CSV… "}
                    <input type="file" accept=".csv,text/csv,text/plain" data-testid="topology-users" onchange={pick(users.clone())} />
                </label>
                <label class="file-button">
                    {"Pairs CSV (optional)… "}
                    <input type="file" accept=".csv,text/csv,text/plain" data-testid="topology-pairs" onchange={pick(pairs.clone())} />
                </label>
                if chosen.is_empty() {
                    <label>
                        {"Users kept by name (the first in the file) "}
                        <input type="number" min="0" max="100" value={named.to_string()} data-testid="topology-named" onchange={on_named} />
                    </label>
                }
                <button data-testid="topology-build" onclick={build} disabled={users.is_none()}>{"Build the scenario"}</button>
            </div>
            if !rows.is_empty() {
                <div class="topology-pick">
                    <label>
                        {"Find users to keep by name "}
                        <input type="search" data-testid="topology-search" placeholder="name or SIP address" oninput={on_search} value={(*search).clone()} />
                    </label>
                    if !wanted.is_empty() {
                        <ul class="topology-matches" data-testid="topology-matches" aria-live="polite">
                            if matches.is_empty() { <li class="muted small">{"No user matches."}</li> }
                            { for matches.iter().map(|u| html! {
                                <li><button data-testid="topology-keep" onclick={keep(&u.sip)}>{ format!("Keep {} ({}, {})", shown(&u.name), shown(&u.sip), shown(&u.pool)) }</button></li>
                            }) }
                        </ul>
                    }
                    if !chosen.is_empty() {
                        <ul class="topology-kept" data-testid="topology-kept" aria-label="Users kept by name">
                            { for chosen.iter().map(|sip| html! {
                                <li>{ shown(sip) }{" "}<button data-testid="topology-unkeep" aria-label={format!("Do not keep {}", shown(sip))} onclick={drop_user(sip)}>{"×"}</button></li>
                            }) }
                        </ul>
                    }
                </div>
            }
            <p class="muted small" data-testid="topology-chosen">
                { match (file_of(&users), file_of(&pairs)) {
                    (None, _) => "Choose a users CSV to begin.".to_string(),
                    (Some(u), None) => format!("Users: {u} ({} rows). No pairs file: pools without a backup.", rows.len()),
                    (Some(u), Some(p)) => format!("Users: {u} ({} rows). Pairs: {p}.", rows.len()),
                } }
            </p>
            <p class="privacy small" data-testid="topology-privacy">
                {"Nothing leaves your browser: the files are read on this page, and a run built from them is never put in a link or saved in this browser, so your users' SIP addresses stay here. Export the scenario (TOML) to keep it."}
            </p>
        </section>
    }
}

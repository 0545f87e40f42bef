//! Microsoft's two tables, live: the page's rows and its two failback
//! columns, extended with the failover phases, the current phase's column
//! lit, every cell's reason and source on hover and on keyboard focus.

use super::ViewProps;
use crate::state::Selection;
use failover_engine::source_tables::{affected_user_table, unaffected_observer_table, TableRow, Tone, COLUMNS};
use failover_engine::{PageTable, Phase};
use yew::prelude::*;

/// Arrow keys move between a table's cells: the table is one tab stop.
fn move_focus(e: KeyboardEvent) {
    use wasm_bindgen::JsCast;
    let Some(cell) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
    let index = |mut el: web_sys::Element| {
        let mut i = 0;
        while let Some(prev) = el.previous_element_sibling() {
            el = prev;
            i += 1;
        }
        i
    };
    let nth = |row: &web_sys::Element, i: usize| {
        let mut el = row.first_element_child();
        for _ in 0..i {
            el = el.and_then(|e| e.next_element_sibling());
        }
        el
    };
    let row = cell.parent_element();
    let target = match e.key().as_str() {
        "ArrowRight" => cell.next_element_sibling(),
        "ArrowLeft" => cell.previous_element_sibling().filter(|p| p.tag_name() == "TD"),
        "ArrowDown" => row.and_then(|r| r.next_element_sibling()).and_then(|r| nth(&r, index(cell.clone()))),
        "ArrowUp" => row.and_then(|r| r.previous_element_sibling()).and_then(|r| nth(&r, index(cell.clone()))),
        _ => return,
    };
    e.prevent_default();
    if let Some(t) = target.filter(|t| t.tag_name() == "TD").and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()) {
        let _ = cell.set_attribute("tabindex", "-1");
        let _ = t.set_attribute("tabindex", "0");
        let _ = t.focus();
    }
}

/// `lit`: `None` when no column applies (an unaffected user in the
/// affected-user table), `Some(usize::MAX)` when covered by a question.
fn table(id: &str, title: &str, rows: Vec<TableRow>, lit: Option<usize>) -> Html {
    let lit_attr = match lit {
        None => "none".to_string(),
        Some(usize::MAX) => "covered".to_string(),
        Some(c) => c.to_string(),
    };
    let lit = lit.unwrap_or(usize::MAX);
    html! {
        <figure class="source-table">
            <figcaption>{ title }</figcaption>
            <div class="scroll">
            <table data-testid={id.to_string()} data-lit-column={lit_attr} onkeydown={Callback::from(move_focus)}
                aria-label={format!("{title} (arrow keys move between cells)")}>
                <thead>
                    <tr>
                        <th scope="col">{"User state or task"}</th>
                        { for COLUMNS.iter().enumerate().map(|(i, c)| html! {
                            <th scope="col" class={classes!((i == lit).then_some("lit"), (i >= 4).then_some("page-col"))}
                                aria-current={(i == lit).then_some("step")}>{ c.label }</th>
                        }) }
                    </tr>
                </thead>
                <tbody>
                    { for rows.into_iter().enumerate().map(|(r, row)| html! {
                        <tr data-row={row.label}>
                            <th scope="row">{ row.label }</th>
                            { for row.cells.iter().enumerate().map(|(i, cell)| {
                                let tone = match cell.tone { Tone::Good => "good", Tone::Limited => "limited", Tone::Bad => "bad" };
                                let mark = match cell.tone { Tone::Good => "✓", Tone::Limited => "◐", Tone::Bad => "✕" };
                                let cite = cell.source.cite();
                                html! {
                                    // One tab stop per table: its first cell; arrows do the rest.
                                    <td class={classes!(tone, (i == lit).then_some("lit"))} tabindex={if r == 0 && i == 0 { "0" } else { "-1" }}
                                        data-key={row.key.map(|k| k.key())} data-tone={tone}
                                        title={format!("{} — {}", cell.reason, cite)}>
                                        <span class="mark" aria-hidden="true">{ mark }</span>{" "}{ cell.text }
                                        if cell.source.is_assumption() { <span class="assumption-mark">{"assumption"}</span> }
                                        if cell.source.is_conflict() { <span class="assumption-mark">{"sources disagree"}</span> }
                                        <span class="tip" role="tooltip"><strong>{ cell.reason }</strong><br />{ cite }</span>
                                    </td>
                                }
                            }) }
                        </tr>
                    }) }
                </tbody>
            </table>
            </div>
        </figure>
    }
}

#[function_component]
pub fn SourceTables(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let sim = &r.sim();
    let sc = sim.scenario();
    // The phase shown: the selected user's if their pool is paired, else the
    // first paired pool's (through its first user).
    let selected = match r.selected() {
        Some(Selection::Named(u)) => Some(sim.named_user_index(u)),
        Some(Selection::Anonymous(i)) => Some(i),
        None => None,
    }
    .filter(|&i| sc.pools[usize::from(sim.home_of(i))].backup.is_some());
    let subject = selected.or_else(|| {
        (0..sc.pools.len())
            .find(|&p| sc.pools[p].backup.is_some() && sim.dr().open_episode_at(p as u16, r.t()).is_some())
            .or_else(|| (0..sc.pools.len()).find(|&p| sc.pools[p].backup.is_some()))
            .map(|p| sim.pool_users(p as u16).start)
    });
    let lit = subject.map(|i| sim.lit_columns(i, r.t()));
    let phase = lit.map_or(Phase::Normal, |l| l.phase);
    // A question is waiting: the lit column would answer it.
    let covered = r.pending_checkpoint().is_some();
    let (affected_lit, unaffected_lit) = match lit {
        _ if covered => (Some(usize::MAX), Some(usize::MAX)),
        Some(l) => (l.affected, l.unaffected),
        None => (Some(0), Some(0)),
    };
    let about = lit.map(|l| sc.pools[usize::from(l.pool)].name.clone()).unwrap_or_default();
    html! {
        <section class="tables card" aria-label="What users can do">
            <h2>{"What users can do, phase by phase"}</h2>
            if covered {
                <p class="muted">{"The current phase is covered until you answer the walkthrough's question."}</p>
            } else {
                <p class="muted">{ format!("Lit column: phase {} ({}) of {about}.{} The last three columns are Microsoft's; hover a cell, or focus the table and move with the arrow keys, for its reason and source.", phase.number(), phase.label(), if affected_lit.is_none() { " The selected user is not affected: only the other-pool table applies to them." } else { "" }) }</p>
            }
            { table("table-affected", PageTable::AffectedUser.title(), affected_user_table(), affected_lit) }
            { table("table-unaffected", PageTable::UnaffectedPool.title(), unaffected_observer_table(), unaffected_lit) }
        </section>
    }
}

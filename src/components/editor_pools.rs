//! The editor's pools: id (the FQDN), name, backup pool, whether the Edge
//! uses it as next hop or the CMS lives there, and its population.

use super::editor_fields::{pool_choices, shown, EditorProps, Form};
use failover_engine::draft::{Row, Section};
use yew::prelude::*;

#[function_component]
pub fn EditorPools(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let d = &props.draft;
    let page = props.shown(Section::Pools);
    let rows = d.pools.iter().enumerate().skip(page.start).take(page.len()).map(|(i, p)| {
        let f = |name: &str| format!("pools-{i}-{name}");
        let mut backups = vec![(String::new(), "none".to_string())];
        backups.extend(pool_choices(d).into_iter().filter(|(id, _)| *id != p.id));
        let fields = html! { <>
            { form.text(&f("id"), "Pool FQDN (id)", &p.id, move |d, v| d.rename_pool(i, v)) }
            { form.text(&f("name"), "Name", &p.name, move |d, v| d.pools[i].name = v) }
            { form.rename_here(&props.rename, &p.name) }
            { form.select(&f("backup"), "Backup pool", &p.backup, backups, move |d, v| d.pools[i].backup = v) }
            { form.text_with(&f("population"), "Population (users)", &p.population, "0", move |d, v| d.pools[i].population = v) }
            { form.check(&f("edge_next_hop"), "Edge next hop", p.edge_next_hop, move |d, v| d.pools[i].edge_next_hop = v) }
            { form.check(&f("hosts_cms"), "Hosts the CMS", p.hosts_cms, move |d, v| d.pools[i].hosts_cms = v) }
            if !p.id.trim().is_empty() {
                <code class="editor-command">{ format!("In texts: {{pool:{}}} shows its current name", shown(p.id.trim())) }</code>
            }
        </> };
        form.row(Row::new(Section::Pools, i), format!("Pool {}: {}", i + 1, shown(&p.id)), &props.checked, fields)
    });
    html! {
        <>
            { for rows }
            <div class="editor-add">
                { form.button("editor-add-pool-pair", "Add a pool pair", "", |d| d.add_pool_pair()) }
                { form.button("editor-add-pool", "Add a pool without backup", "", |d| d.add_pool()) }
            </div>
        </>
    }
}

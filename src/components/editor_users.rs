//! The editor's named users: id, display name, home pool, signed in at the
//! start, and the presence they set.

use super::editor_fields::{pool_choices, shown, EditorProps, Form};
use failover_engine::draft::{Row, Section};
use failover_engine::scenario::Presence;
use yew::prelude::*;

#[function_component]
pub fn EditorUsers(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let d = &props.draft;
    let presences: Vec<(String, String)> =
        Presence::ALL.iter().map(|p| (p.as_str().to_string(), p.as_str().replace('-', " "))).collect();
    let page = props.shown(Section::Users);
    let rows = d.users.iter().enumerate().skip(page.start).take(page.len()).map(|(i, u)| {
        let f = |name: &str| format!("users-{i}-{name}");
        let fields = html! { <>
            { form.text(&f("id"), "Id (SIP address)", &u.id, move |d, v| d.rename_user(i, v)) }
            { form.text(&f("name"), "Display name", &u.name, move |d, v| d.users[i].name = v) }
            { form.rename_here(&props.rename, &u.name) }
            { form.select(&f("home"), "Home pool", &u.home, pool_choices(d), move |d, v| d.users[i].home = v) }
            { form.select(&f("presence"), "Presence", &u.presence, presences.clone(), move |d, v| d.users[i].presence = v) }
            { form.check(&f("signed_in"), "Signed in at the start", u.signed_in, move |d, v| d.users[i].signed_in = v) }
            if !u.id.trim().is_empty() {
                <code class="editor-command" data-testid={format!("editor-users-{i}-refs")}>
                    { format!("In texts: {{user:{id}}} for the name, {{{id}.p2p}} (or .add_contact, .contacts_and_abs, .schedule_meeting, .presence_same_pool, .presence_other_pool) for the engine's answer", id = shown(u.id.trim())) }
                </code>
            }
        </> };
        form.row(Row::new(Section::Users, i), format!("User {}: {}", i + 1, shown(&u.name)), &props.checked, fields)
    });
    html! {
        <>
            { for rows }
            <div class="editor-add">{ form.button("editor-add-user", "Add a named user", "", |d| d.add_user()) }</div>
        </>
    }
}

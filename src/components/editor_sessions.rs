//! The editor's sessions: a P2P session between two named users, or a
//! conference with its organizer and participants, and when it starts.

use super::editor_fields::{choices, shown, user_choices, EditorProps, Form};
use failover_engine::draft::{Row, Section};
use yew::prelude::*;

/// Above this many named users, a conference lists its participants and
/// adds one by a choice instead of a box per user.
const MANY_USERS: usize = 60;

#[function_component]
pub fn EditorSessions(props: &EditorProps) -> Html {
    let form = Form::new(props);
    let all = use_state(|| false);
    let d = &props.draft;
    let kinds = choices(&[("p2p", "P2P (IM, audio, video)"), ("conference", "Conference")]);
    let page = props.shown(Section::Sessions);
    let rows = d.sessions.iter().enumerate().skip(page.start).take(page.len()).map(|(i, s)| {
        let f = |name: &str| format!("sessions-{i}-{name}");
        let members = if s.kind == "conference" {
            // Many named users: only the participants are listed (each can
            // be taken out), and one choice adds another; a box per user
            // would be thousands of them.
            let many = d.users.len() > MANY_USERS;
            let add = many.then(|| {
                let mut choices: Vec<(String, String)> = vec![(String::new(), "Choose a user to add…".into())];
                choices.extend(
                    user_choices(d).into_iter().filter(|(id, _)| *id != s.organizer && !s.members.contains(id)),
                );
                form.select(&f("add"), "Add a participant", "", choices, move |d, v| {
                    if !v.is_empty() && !d.sessions[i].members.contains(&v) {
                        d.sessions[i].members.push(v);
                    }
                })
            });
            let listed =
                d.users.iter().enumerate().filter(|(_, u)| u.id != s.organizer && (!many || s.members.contains(&u.id)));
            // A conference of hundreds: the first ones, unless all are asked for.
            let limit = if many && !*all { MANY_USERS } else { usize::MAX };
            let hidden = if many { s.members.len().saturating_sub(limit) } else { 0 };
            let more = (hidden > 0).then(|| {
                let all = all.clone();
                html! {
                    <p class="small">
                        { format!("…and {hidden} more participants. ") }
                        <button type="button" data-testid={f("show-all")} onclick={Callback::from(move |_: MouseEvent| all.set(true))}>{"Show them all"}</button>
                    </p>
                }
            });
            let others = listed.take(limit).map(|(k, u)| {
                let (id, on) = (u.id.clone(), s.members.contains(&u.id));
                form.check(&f(&format!("with-{k}")), &format!("with {}", shown(&u.name)), on, move |d, v| {
                    let members = &mut d.sessions[i].members;
                    members.retain(|m| *m != id);
                    if v {
                        members.push(id.clone());
                    }
                })
            });
            // Members the scenario no longer has (a user removed, a typo in
            // a file) stay listed, so they can be taken out.
            let strangers =
                s.members.iter().enumerate().filter(|(_, m)| !d.users.iter().any(|u| u.id == **m)).map(|(k, m)| {
                    let id = m.clone();
                    form.check(
                        &f(&format!("stranger-{k}")),
                        &format!("with {} (not in this scenario)", shown(m)),
                        true,
                        move |d, v| {
                            if !v {
                                d.sessions[i].members.retain(|x| *x != id);
                            }
                        },
                    )
                });
            html! { <>
                { form.select(&f("organizer"), "Organizer", &s.organizer, user_choices(d), move |d, v| {
                    // The organizer is not also a participant.
                    d.sessions[i].members.retain(|m| *m != v);
                    d.sessions[i].organizer = v;
                }) }
                if !d.users.iter().all(|u| u.id == s.organizer) {
                    <p class="small muted">{"Participants: tick the named users who join."}</p>
                }
                { for others }
                { for more }
                { for strangers }
                { for add }
            </> }
        } else {
            let member = |k: usize| s.members.get(k).cloned().unwrap_or_default();
            let set = move |k: usize| {
                move |d: &mut failover_engine::draft::Draft, v: String| {
                    let members = &mut d.sessions[i].members;
                    members.resize(members.len().max(2), String::new());
                    members[k] = v;
                }
            };
            html! { <>
                { form.select(&f("user-1"), "Between", &member(0), user_choices(d), set(0)) }
                { form.select(&f("user-2"), "and", &member(1), user_choices(d), set(1)) }
            </> }
        };
        let fields = html! { <>
            { form.text(&f("id"), "Session id", &s.id, move |d, v| d.rename_session(i, v)) }
            { form.select(&f("kind"), "Kind", &s.kind, kinds.clone(), move |d, v| {
                let s = &mut d.sessions[i];
                if v == "conference" && s.kind != v && s.organizer.is_empty() && !s.members.is_empty() {
                    s.organizer = s.members.remove(0);
                } else if v == "p2p" && s.kind != v && !s.organizer.is_empty() {
                    s.members.insert(0, std::mem::take(&mut s.organizer));
                    s.members.truncate(2);
                }
                s.kind = v;
            }) }
            { form.text_with(&f("at"), "Starts at", &s.at, "0:00", move |d, v| d.sessions[i].at = v) }
            { members }
        </> };
        form.row(Row::new(Section::Sessions, i), format!("Session {}: {}", i + 1, shown(&s.id)), &props.checked, fields)
    });
    html! {
        <>
            { for rows }
            <div class="editor-add">
                { form.button("editor-add-session", "Add a P2P session", "", |d| d.add_session()) }
                { form.button("editor-add-conference", "Add a conference", "", |d| d.add_conference()) }
            </div>
        </>
    }
}

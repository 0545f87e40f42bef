//! A choice in the scenario editor whose shown value always follows the
//! document, after undo and redo too: a `<select>`'s value is the browser's
//! state once the user picked, so it is set from the document after every
//! render. A value that is not one of the choices (a pool since renamed, a
//! typo in a file) is kept and shown as it is.

use super::editor_fields::{shown, Choice};
use web_sys::HtmlSelectElement;
use yew::prelude::*;

#[derive(Properties, PartialEq, Clone)]
pub struct EditorSelectProps {
    pub id: String,
    pub value: String,
    pub choices: Vec<Choice>,
    pub on_change: Callback<String>,
}

#[function_component]
pub fn EditorSelect(props: &EditorSelectProps) -> Html {
    let node = use_node_ref();
    {
        let (node, value) = (node.clone(), props.value.clone());
        use_effect(move || {
            if let Some(select) = node.cast::<HtmlSelectElement>() {
                if select.value() != value {
                    select.set_value(&value);
                }
            }
        });
    }
    let set = props.on_change.clone();
    let onchange = Callback::from(move |e: Event| {
        if let Some(select) = e.target_dyn_into::<HtmlSelectElement>() {
            set.emit(select.value());
        }
    });
    let known = props.choices.iter().any(|(v, _)| *v == props.value);
    html! {
        <select ref={node} id={props.id.clone()} data-testid={props.id.clone()} {onchange}>
            if !known {
                <option value={props.value.clone()} selected=true>{ format!("{} (not in this scenario)", shown(&props.value)) }</option>
            }
            { for props.choices.iter().map(|(v, l)| html! {
                <option selected={*v == props.value} value={v.clone()}>{ l.clone() }</option>
            }) }
        </select>
    }
}

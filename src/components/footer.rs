//! The source and the assumptions, always visible.

use yew::prelude::*;

#[function_component]
pub fn Footer() -> Html {
    html! {
        <footer class="footer">
            <p>
                {"Source: Microsoft, "}
                <cite>{"\"User experience during pool failure in Skype for Business Server\""}</cite>
                {" (Skype for Business Server IT Pro documentation). Procedure, timers and sizing from Microsoft's Skype for Business and Lync Server documentation. "}
                {"Cells marked "}<span class="assumption-mark">{"assumption"}</span>{" are where the page is silent: our choice, not Microsoft's statement."}
            </p>
            <details class="shortcuts">
                <summary>{"Keyboard shortcuts"}</summary>
                <ul>
                    <li><kbd>{"Space"}</kbd>{" or "}<kbd>{"k"}</kbd>{" play or pause"}</li>
                    <li><kbd>{"←"}</kbd>{" / "}<kbd>{"→"}</kbd>{" (or "}<kbd>{"j"}</kbd>{" / "}<kbd>{"l"}</kbd>{") previous / next event; on the focused stage they select the previous / next named user"}</li>
                    <li><kbd>{"Page Up"}</kbd>{" / "}<kbd>{"Page Down"}</kbd>{" (or "}<kbd>{"p"}</kbd>{" / "}<kbd>{"n"}</kbd>{") previous / next step of the walkthrough (arrows too in presenter mode)"}</li>
                    <li><kbd>{"+"}</kbd>{" / "}<kbd>{"-"}</kbd>{" faster / slower; "}<kbd>{"Home"}</kbd>{" back to the start; "}<kbd>{"Esc"}</kbd>{" leaves presenter mode"}</li>
                    <li>{"Tab reaches every control; each table cell shows its reason and source when focused."}</li>
                </ul>
            </details>
            <p>{ failover_engine::scenario::Config::defaults_note() }</p>
        </footer>
    }
}

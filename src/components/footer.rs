//! The source and the assumptions, always visible.

use yew::prelude::*;

/// The page footer.
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
            <p>{"Timings are configurable per scenario: registrar resiliency timer 120 s (some pages say 300 s); failover 15 min (SfB RTO 15-20 min); failback up to 60 min per 20,000 users; clients reconnect within 60 s (assumption)."}</p>
        </footer>
    }
}

//! The render bench's result (`?bench=render`), for people and for scripts.

use super::ViewProps;
use yew::prelude::*;

/// Shows the bench JSON when there is one.
pub fn bench_result(props: &ViewProps) -> Html {
    let r = &*props.rt.0;
    let Some(bench) = &r.bench() else { return html! {} };
    html! {
        <section class="bench card">
            <h2>{"Render bench"}</h2>
            <pre data-testid="bench-result">{ bench.result.clone().unwrap_or_default() }</pre>
            if bench.result.is_none() {
                <p class="muted">{ format!("Measuring frame {} of {}…", bench.samples_ms.len(), bench.frames) }</p>
            }
        </section>
    }
}

//! A small, static picture of a run at the current moment (the compare
//! panel shows this run and the variant side by side). Drawn after each
//! render from the same pixel renderer as the stage, without animation.

use super::Rt;
use crate::browser;
use crate::render::{draw_population, Frame, Layout, Palette};
use failover_engine::Health;
use wasm_bindgen::{Clamped, JsCast};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// Props of [`MiniStage`].
#[derive(Properties, PartialEq, Clone)]
pub struct MiniStageProps {
    pub rt: Rt,
    pub tick: u64,
    /// Draw the compared variant (true) or this run (false).
    pub variant: bool,
    pub label: String,
}

#[function_component]
pub fn MiniStage(props: &MiniStageProps) -> Html {
    let canvas_ref = use_node_ref();
    let frame = use_mut_ref(Frame::default);
    {
        let (canvas_ref, frame, rt, variant) = (canvas_ref.clone(), frame.clone(), props.rt.clone(), props.variant);
        use_effect_with(props.tick, move |_| {
            let r = &*rt.0;
            let sim = if variant { r.compare().and_then(|(_, run)| run.as_ref().ok()) } else { Some(r.sim()) };
            if let (Some(sim), Some(canvas)) = (sim, canvas_ref.cast::<HtmlCanvasElement>()) {
                let dpr = browser::dpr();
                let w = (f64::from(canvas.client_width()).max(200.0) * dpr) as u32;
                let layout = Layout::new(sim, w, (220.0 * dpr) as u32, dpr);
                canvas.set_width(w);
                canvas.set_height(layout.height);
                let _ = canvas.style().set_property(
                    "height",
                    &format!("{}px", failover_engine::text::decimal(f64::from(layout.height) / dpr, 2)),
                );
                let palette = Palette::new(browser::dark());
                let mut f = frame.borrow_mut();
                draw_population(&layout, sim, r.t(), 0, &palette, &mut f);
                let ctx =
                    canvas.get_context("2d").ok().flatten().and_then(|c| c.dyn_into::<CanvasRenderingContext2d>().ok());
                let image =
                    web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&f.pixels), w, layout.height).ok();
                if let (Some(ctx), Some(image)) = (ctx, image) {
                    let _ = ctx.put_image_data(&image, 0.0, 0.0);
                    ctx.set_font(&format!("600 {}px system-ui, sans-serif", (11.0 * dpr).round()));
                    ctx.set_text_baseline("middle");
                    for (i, col) in layout.columns.iter().enumerate() {
                        let down = sim.dr().health(i as u16, r.t()) == Health::Down;
                        ctx.set_fill_style_str(if down {
                            "#d62828"
                        } else if browser::dark() {
                            "#e8e8ee"
                        } else {
                            "#1b1b22"
                        });
                        let name = &sim.scenario().pools[i].name;
                        let _ = ctx.fill_text(
                            &if down { format!("DOWN · {name}") } else { name.clone() },
                            col.rect.x,
                            11.0 * dpr,
                        );
                    }
                }
            }
        });
    }
    html! { <canvas ref={canvas_ref} class="mini-stage" role="img" aria-label={props.label.clone()} /> }
}

//! The canvas stage: every user a dot, drawn from the engine's arrays outside
//! the virtual DOM. Population pixels go into one buffer and one
//! `putImageData` per frame; named users, lanes and sessions are drawn on top
//! with a handful of canvas calls. It draws, in its own animation loop, the
//! latest state the page gave it; the page's clock hook moves the time.

use crate::browser;
use crate::hooks::use_animation_frame;
use crate::render::{draw_population, Frame, Layout, Palette, LANE_CSS, TITLE_CSS};
use crate::state::{Command, RunCmd, Selection, ShellCmd, State};
use failover_engine::sim::{Mode, SessionRun};
use failover_engine::{Health, NamedIdx, SimTime};
use std::rc::Rc;
use wasm_bindgen::{Clamped, JsCast, JsValue};
use web_sys::{CanvasRenderingContext2d, HtmlCanvasElement};
use yew::prelude::*;

/// Props of [`Stage`]: the state (equal when its moment, tick and revision
/// are: the stage re-renders when what it draws changed).
#[derive(Properties, PartialEq, Clone)]
pub struct StageProps {
    pub state: Rc<State>,
    /// Commands (selection, the frames it drew, the render bench).
    pub on_command: Callback<Command>,
}

/// How long a move between pools is animated, in real milliseconds.
const TWEEN_REAL_MS: f64 = 700.0;
/// How long an ended session stays drawn (broken), simulated.
const BROKEN_VISIBLE_MS: u64 = 20 * 60 * 1000;

#[derive(Default)]
struct StageState {
    layout: Layout,
    layout_key: (u32, u32, u64),
    frame: Frame,
    last_ts: Option<f64>,
    last_drawn: Option<(SimTime, u64, u64)>,
    stats: crate::render::FrameStats,
}

#[function_component]
pub fn Stage(props: &StageProps) -> Html {
    let canvas_ref = use_node_ref();
    let state = use_mut_ref(StageState::default);
    // The latest state, for the animation loop.
    let latest = use_mut_ref(|| props.state.clone());
    *latest.borrow_mut() = props.state.clone();
    {
        let (latest, canvas_ref, state, on_command) =
            (latest.clone(), canvas_ref.clone(), state.clone(), props.on_command.clone());
        use_animation_frame(Rc::new(move |ts: f64| {
            let start = browser::now_ms();
            let Some(canvas) = canvas_ref.cast::<HtmlCanvasElement>() else { return };
            let r = latest.borrow().clone();
            let mut st = state.borrow_mut();
            let interval_ms = st.last_ts.map_or(0.0, |last| ts - last);
            st.last_ts = Some(ts);
            let Some(moving) = draw(&canvas, &r, &mut st) else { return };
            let by_state = st.stats.by_state;
            drop(st);
            if r.bench().is_some() {
                on_command.emit(Command::BenchFrame { work_ms: browser::now_ms() - start, interval_ms, moving });
            }
            // Drawn without trouble: the page may save this run, and shows the counts drawn.
            if r.drawn() != Some((r.revision(), by_state)) {
                on_command.emit(ShellCmd::Drawn { revision: r.revision(), by_state }.into());
            }
        }));
    }

    let onclick = {
        let (rt, state, on_command) = (latest.clone(), state.clone(), props.on_command.clone());
        Callback::from(move |e: MouseEvent| {
            let dpr = browser::dpr();
            let Some(target) = e.target().and_then(|t| t.dyn_into::<HtmlCanvasElement>().ok()) else { return };
            let rect = target.get_bounding_client_rect();
            let x = (f64::from(e.client_x()) - rect.left()) * dpr;
            let y = (f64::from(e.client_y()) - rect.top()) * dpr;
            let r = rt.borrow().clone();
            let st = state.borrow();
            let sim = r.sim();
            let near = (0..sim.scenario().users.len() as NamedIdx)
                .map(|u| {
                    let (cx, cy) = st.layout.named_center(sim, u, &sim.named_situation(u, r.t()));
                    (u, (cx - x).hypot(cy - y))
                })
                .filter(|(_, d)| *d <= 14.0 * dpr)
                .min_by(|a, b| a.1.total_cmp(&b.1));
            let selection = match near {
                Some((u, _)) => Some(Selection::Named(u)),
                None => st.layout.hit(sim, r.t(), x, y).map(Selection::Anonymous),
            };
            drop((r, st));
            if selection.is_some() {
                on_command.emit(RunCmd::Select(selection).into());
            }
        })
    };
    let onkeydown = {
        let (rt, on_command) = (latest.clone(), props.on_command.clone());
        Callback::from(move |e: KeyboardEvent| {
            let r = rt.borrow().clone();
            let n = r.sim().scenario().users.len() as NamedIdx;
            if n == 0 {
                return;
            }
            let current = r.selected_named();
            drop(r);
            let next = match e.key().as_str() {
                "ArrowRight" | "ArrowDown" => current.map_or(0, |u| (u + 1) % n),
                "ArrowLeft" | "ArrowUp" => current.map_or(n - 1, |u| (u + n - 1) % n),
                "Escape" => {
                    on_command.emit(RunCmd::Select(None).into());
                    return;
                }
                _ => return,
            };
            e.prevent_default();
            on_command.emit(RunCmd::Select(Some(Selection::Named(next))).into());
        })
    };
    let r = &props.state;
    let label = format!(
        "Stage: {} and {} at {}. Arrow keys select named users.",
        failover_engine::text::count(r.sim().scenario().pools.len() as u64, "pool", "pools"),
        failover_engine::text::count(u64::from(r.sim().user_count()), "user", "users"),
        r.t()
    );
    // What the last frame drew (population dots), for tests and scripts.
    let drawn = state.borrow().stats;
    let per_dot = state.borrow().layout.users_per_dot();
    let selected = match r.selected() {
        Some(Selection::Named(u)) => r.sim().scenario().users[u as usize].name.clone(),
        Some(Selection::Anonymous(i)) => format!("user #{i}"),
        None => "nobody".into(),
    };
    html! {
        <>
            <div class="stage-wrap">
                <canvas ref={canvas_ref} class="stage" data-testid="stage" tabindex="0" role="img"
                    aria-label={label} {onclick} {onkeydown} data-selected={selected}
                    data-drawn-regular={drawn.by_state[0].to_string()} data-drawn-resiliency={drawn.by_state[1].to_string()}
                    data-drawn-signed-out={drawn.by_state[2].to_string()} />
            </div>
            <ul class="legend" aria-label="Legend">
                <li><span class="swatch regular" aria-hidden="true">{"■"}</span>{" regular"}</li>
                <li><span class="swatch resiliency" aria-hidden="true">{"□"}</span>{" Resiliency mode"}</li>
                <li><span class="swatch signed-out" aria-hidden="true">{"·"}</span>{" signed out"}</li>
                <li><span class="swatch moving" aria-hidden="true">{"■"}</span>{" moving"}</li>
                if per_dot > 1 {
                    <li data-testid="users-per-dot">{ format!("one dot: {per_dot} users") }</li>
                }
                <li title="Users served by the backup pool, still homed on their own pool">{"Guests: served by the backup, homed elsewhere"}</li>
            </ul>
        </>
    }
}

/// Draws when something changed; returns the number of moving dots if it drew.
fn draw(canvas: &HtmlCanvasElement, r: &State, st: &mut StageState) -> Option<u32> {
    let dpr = browser::dpr();
    let css_w = f64::from(canvas.client_width()).max(300.0);
    // In the one-screen shell the canvas fills the room its frame leaves it
    // (it is laid over that frame, so its own height does not feed back);
    // elsewhere (an embed, a narrow column) it takes a fixed height.
    let filling = web_sys::window()
        .and_then(|w| w.get_computed_style(canvas).ok().flatten())
        .and_then(|style| style.get_property_value("position").ok())
        .is_some_and(|p| p == "absolute");
    let room = canvas.parent_element().map_or(0.0, |p| f64::from(p.client_height()));
    let max_css_h: f64 = if filling && room >= 120.0 {
        room
    } else if r.embed() {
        260.0
    } else {
        420.0
    };
    let (w, max_h) = ((css_w * dpr).round() as u32, (max_css_h * dpr).round() as u32);
    let key = (w, max_h, r.revision());
    if st.layout_key != key {
        st.layout = Layout::new(r.sim(), w, max_h, dpr);
        canvas.set_width(w);
        canvas.set_height(st.layout.height);
        let _ = canvas.style().set_property(
            "height",
            &format!("{}px", failover_engine::text::decimal(f64::from(st.layout.height) / dpr, 2)),
        );
        st.layout_key = key;
        st.last_drawn = None;
    }
    let h = st.layout.height;
    let stamp = (r.t(), r.tick(), r.revision());
    if st.last_drawn == Some(stamp) && r.bench().is_none() {
        return None;
    }
    st.last_drawn = Some(stamp);
    let ctx: CanvasRenderingContext2d = canvas.get_context("2d").ok().flatten()?.dyn_into().ok()?;
    let tween_ms = if browser::reduced_motion() { 0 } else { (TWEEN_REAL_MS * f64::from(r.speed())) as u64 };
    // Media queries are read once per drawn frame, not per use.
    let dark = browser::dark();
    let palette = Palette::new(dark);
    let stats = draw_population(&st.layout, r.sim(), r.t(), tween_ms, &palette, &mut st.frame);
    st.stats = stats;
    let image = web_sys::ImageData::new_with_u8_clamped_array_and_sh(Clamped(&st.frame.pixels), w, h).ok()?;
    ctx.put_image_data(&image, 0.0, 0.0).ok()?;
    draw_overlay(&ctx, r, &st.layout, dpr, &palette, dark);
    Some(stats.moving)
}

fn css(c: [u8; 4]) -> String {
    format!("rgba({},{},{},{})", c[0], c[1], c[2], failover_engine::text::decimal(f64::from(c[3]) / 255.0, 3))
}

fn draw_overlay(ctx: &CanvasRenderingContext2d, r: &State, layout: &Layout, dpr: f64, palette: &Palette, dark: bool) {
    let sim = &r.sim();
    let sc = sim.scenario();
    let text = if dark { "#e8e8ee" } else { "#1b1b22" };
    let muted = if dark { "#a8a8b8" } else { "#5a5a6a" };
    let title_h = TITLE_CSS * dpr;
    let lane_h = LANE_CSS * dpr;
    // Presenter mode: labels readable from the back of a room.
    let scale = if r.mode() == crate::screen::Mode::Present { 1.6 } else { 1.0 };
    ctx.set_text_baseline("middle");
    for (i, col) in layout.columns.iter().enumerate() {
        let p = i as u16;
        let pool = &sc.pools[i];
        let down = sim.dr().health(p, r.t()) == Health::Down;
        ctx.set_font(&format!("600 {}px system-ui, sans-serif", (13.0 * scale * dpr).round() as u32));
        ctx.set_fill_style_str(if down { "#d62828" } else { text });
        // "DOWN" first, so a narrow column shortens the name, not the news.
        let title = if down { format!("DOWN · {}", pool.name) } else { pool.name.clone() };
        let title = fit(ctx, &title, col.rect.w);
        let _ = ctx.fill_text(&title, col.rect.x, title_h / 2.0);
        ctx.set_font(&format!("{}px system-ui, sans-serif", (11.0 * scale * dpr).round() as u32));
        // Pool outline: dashed red while down.
        ctx.set_stroke_style_str(if down { "#d62828" } else { muted });
        ctx.set_line_width(if down { 2.0 * dpr } else { dpr });
        let dashed = [6.0 * dpr, 4.0 * dpr];
        set_dash(ctx, if down { &dashed } else { &[] });
        ctx.stroke_rect(
            col.rect.x - 4.0 * dpr,
            title_h - 2.0 * dpr,
            col.rect.w + 8.0 * dpr,
            col.home.rect.y + col.home.rect.h - title_h + 6.0 * dpr,
        );
        set_dash(ctx, &[]);
        if let Some(from) = col.guest_from {
            let y = col.guest_lane.y - title_h / 2.0;
            ctx.set_fill_style_str(muted);
            let label =
                fit(ctx, &format!("Guests from {} (still homed there)", sc.pools[usize::from(from)].name), col.rect.w);
            let _ = ctx.fill_text(&label, col.rect.x, y);
        }
    }
    // Sessions between named users.
    for s in 0..sc.sessions.len() as u32 {
        let st = sim.session_now(s, r.t());
        if st.run == SessionRun::Pending
            || (st.run == SessionRun::Ended && r.t().ms() - st.since.ms() > BROKEN_VISIBLE_MS)
        {
            continue;
        }
        let members = sim.session_members(s);
        let centers: Vec<(f64, f64)> =
            members.iter().map(|&u| layout.named_center(sim, u, &sim.named_situation(u, r.t()))).collect();
        let conference = centers.len() > 2
            || matches!(sc.sessions[s as usize].kind, failover_engine::scenario::SessionKind::Conference { .. });
        let live_color = if conference { "#7b2cbf" } else { "#2a9d8f" };
        for (k, &(x, y)) in centers.iter().enumerate().skip(1) {
            let (ox, oy) = centers[0];
            let broken = st.run == SessionRun::Ended || !st.members_in.get(k).copied().unwrap_or(false);
            ctx.set_stroke_style_str(if broken { "#d62828" } else { live_color });
            ctx.set_line_width(if broken { 1.5 * dpr } else { 2.0 * dpr });
            let dotted = [3.0 * dpr, 5.0 * dpr];
            set_dash(ctx, if broken { &dotted } else { &[] });
            ctx.begin_path();
            let lift = 16.0 * dpr * (k as f64);
            ctx.move_to(ox, oy);
            ctx.quadratic_curve_to((ox + x) / 2.0, (oy + y) / 2.0 - lift, x, y);
            ctx.stroke();
            if broken {
                // A cross where the session broke.
                let (mx, my) = ((ox + x) / 2.0, (oy + y) / 2.0 - lift / 2.0);
                set_dash(ctx, &[]);
                ctx.begin_path();
                let d = 4.0 * dpr;
                ctx.move_to(mx - d, my - d);
                ctx.line_to(mx + d, my + d);
                ctx.move_to(mx + d, my - d);
                ctx.line_to(mx - d, my + d);
                ctx.stroke();
            }
        }
    }
    set_dash(ctx, &[]);
    // Named users: larger, labelled, same colour and shape code.
    let radius = 7.0 * dpr;
    ctx.set_font(&format!("{}px system-ui, sans-serif", (11.0 * scale * dpr).round() as u32));
    ctx.set_text_align("center");
    for u in 0..sc.users.len() as NamedIdx {
        let s = sim.named_situation(u, r.t());
        let (x, y) = layout.named_center(sim, u, &s);
        ctx.begin_path();
        let _ = ctx.arc(x, y - 5.0 * dpr, radius, 0.0, std::f64::consts::TAU);
        match s.mode {
            Some(Mode::Regular) => {
                ctx.set_fill_style_str(&css(palette.regular));
                ctx.fill();
            }
            Some(Mode::Resiliency) => {
                ctx.set_stroke_style_str(&css(palette.resiliency));
                ctx.set_line_width(3.0 * dpr);
                ctx.stroke();
            }
            None => {
                ctx.set_stroke_style_str(&css(palette.signed_out));
                ctx.set_line_width(dpr);
                set_dash(ctx, &[2.0 * dpr, 2.0 * dpr]);
                ctx.stroke();
                set_dash(ctx, &[]);
            }
        }
        if r.selected_named() == Some(u) {
            ctx.begin_path();
            let _ = ctx.arc(x, y - 5.0 * dpr, radius + 4.0 * dpr, 0.0, std::f64::consts::TAU);
            ctx.set_stroke_style_str(text);
            ctx.set_line_width(2.0 * dpr);
            ctx.stroke();
        }
        let first = sc.users[u as usize].short_name().to_string();
        ctx.set_fill_style_str(text);
        let _ = ctx.fill_text(&first, x, y + lane_h / 2.0 - 6.0 * dpr);
    }
    ctx.set_text_align("start");
    if let Some(Selection::Anonymous(index)) = r.selected() {
        let s = sim.situation(index, r.t());
        let (x, y) = layout.population_center(sim, index, &s);
        ctx.begin_path();
        let _ = ctx.arc(x, y, 6.0 * dpr, 0.0, std::f64::consts::TAU);
        ctx.set_stroke_style_str(text);
        ctx.set_line_width(2.0 * dpr);
        ctx.stroke();
    }
}

/// `text`, shortened with an ellipsis to fit `max_width` device pixels.
fn fit(ctx: &CanvasRenderingContext2d, text: &str, max_width: f64) -> String {
    let width = |t: &str| ctx.measure_text(t).map_or(0.0, |m| m.width());
    if width(text) <= max_width {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut n = chars.len();
    while n > 1 {
        n -= 1;
        let candidate: String = chars[..n].iter().collect::<String>() + "…";
        if width(&candidate) <= max_width {
            return candidate;
        }
    }
    "…".to_string()
}

fn set_dash(ctx: &CanvasRenderingContext2d, dash: &[f64]) {
    let arr = js_sys::Array::new();
    for d in dash {
        arr.push(&JsValue::from_f64(*d));
    }
    let _ = ctx.set_line_dash(&arr);
}

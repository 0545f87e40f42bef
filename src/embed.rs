//! The embedding API: a versioned postMessage schema (documented in
//! `docs/EMBEDDING.md`). Commands in from the parent page, events out to it.
//! Anything malformed or from an origin not allowed is ignored with a
//! console warning; nothing a message holds can crash the page.

use crate::state::{Command, LoadCmd, PlaybackCmd, RunCmd, Selection, State};
use failover_engine::builtin::builtin;
use failover_engine::SimTime;
use js_sys::{Object, Reflect};
use wasm_bindgen::JsValue;

/// The schema version this page speaks.
pub const VERSION: f64 = 1.0;
/// `type` of messages in.
pub const COMMAND_TYPE: &str = "pfs:command";
/// `type` of messages out.
pub const EVENT_TYPE: &str = "pfs:event";
/// Longest scenario text accepted in a message.
const MAX_SCENARIO_BYTES: usize = failover_engine::scenario::MAX_FILE_BYTES;

/// A command from the parent page.
#[derive(Clone, Debug, PartialEq)]
pub enum Inbound {
    Play,
    Pause,
    /// Jump to seconds.
    Seek(u64),
    /// Select a named user by id (empty: nobody).
    Select(String),
    /// Load a built-in by name, or a scenario file's text.
    Load(String),
}

fn get(data: &JsValue, key: &str) -> JsValue {
    Reflect::get(data, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

/// Reads a message; `Err` says why it is ignored.
pub fn parse(data: &JsValue) -> Result<Inbound, String> {
    if !data.is_object() {
        return Err("not an object".into());
    }
    if get(data, "type").as_string().as_deref() != Some(COMMAND_TYPE) {
        return Err(format!("\"type\" is not \"{COMMAND_TYPE}\""));
    }
    match get(data, "version").as_f64() {
        Some(v) if v == VERSION => {}
        _ => return Err(format!("\"version\" must be {VERSION}")),
    }
    let command = get(data, "command").as_string().ok_or("\"command\" is missing or not a string")?;
    match command.as_str() {
        "play" => Ok(Inbound::Play),
        "pause" => Ok(Inbound::Pause),
        "seek" => match get(data, "t_s").as_f64() {
            Some(t) if t.is_finite() && (0.0..1e9).contains(&t) => Ok(Inbound::Seek(t as u64)),
            _ => Err("seek needs \"t_s\": seconds from 0".into()),
        },
        "select" => match get(data, "user").as_string() {
            Some(u) if u.len() <= 200 => Ok(Inbound::Select(u)),
            _ => Err("select needs \"user\": a user id (\"\" for nobody)".into()),
        },
        "load" => match get(data, "scenario").as_string() {
            Some(s) if s.len() > MAX_SCENARIO_BYTES => Err(format!(
                "load: the scenario is {} KB; a scenario file is at most {} KB",
                s.len().div_ceil(1024),
                MAX_SCENARIO_BYTES / 1024
            )),
            Some(s) if !s.is_empty() => Ok(Inbound::Load(s)),
            _ => Err("load needs \"scenario\": a built-in name or a scenario file's text".into()),
        },
        other => Err(format!("unknown command \"{}\"", other.chars().take(40).collect::<String>())),
    }
}

/// What the runtime should do for a command (load is handled by the caller).
pub fn to_command(rt: &State, inbound: &Inbound) -> Result<Command, String> {
    Ok(match inbound {
        Inbound::Play => PlaybackCmd::Play.into(),
        Inbound::Pause => PlaybackCmd::Pause.into(),
        Inbound::Seek(t) => PlaybackCmd::Seek(SimTime::from_s(*t)).into(),
        Inbound::Select(u) if u.is_empty() => RunCmd::Select(None).into(),
        Inbound::Select(u) => match rt.sim().scenario().user_by_id(u) {
            Some(i) => RunCmd::Select(Some(Selection::Named(i))).into(),
            None => return Err(format!("no user \"{}\" in this scenario", u.chars().take(40).collect::<String>())),
        },
        Inbound::Load(s) => match builtin(s) {
            Some(b) => LoadCmd::Builtin(b.name).into(),
            // A name, not a file: say which names there are.
            None if !s.contains(['\n', '=', '[']) && s.trim().len() <= 64 => {
                let names: Vec<&str> = failover_engine::builtin::BUILTINS.iter().map(|b| b.name).collect();
                return Err(format!(
                    "load: no built-in scenario \"{}\": use one of {}, or send a scenario file's text",
                    failover_engine::scenario::printable(s.trim()),
                    names.join(", ")
                ));
            }
            None => LoadCmd::FromParent(s.clone()).into(),
        },
    })
}

/// Console warnings about ignored messages: the first few are written, then
/// one line says the rest are not (a flood must not flood the console).
#[derive(Clone, Debug, Default)]
pub struct Warnings {
    said: u32,
}

/// Warnings written before the rest are dropped.
pub const MAX_WARNINGS: u32 = 20;

impl Warnings {
    /// The line to write for `text`, if any.
    pub fn next(&mut self, text: &str) -> Option<String> {
        self.said = self.said.saturating_add(1);
        match self.said {
            n if n <= MAX_WARNINGS => Some(text.to_string()),
            n if n == MAX_WARNINGS + 1 => {
                Some("Pool Failover Simulator: further ignored messages are not logged.".to_string())
            }
            _ => None,
        }
    }
}

/// Whether a message from `origin` is accepted: the allow-list, or the
/// page's own origin when there is none.
pub fn origin_allowed(origin: &str, allowed: &[String], own: &str) -> bool {
    if allowed.is_empty() {
        origin == own
    } else {
        allowed.iter().any(|a| a == origin)
    }
}

/// What the parent has been told, to send only changes.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Told {
    /// Sent "ready".
    pub ready: bool,
    /// Last time sent, seconds.
    pub t_s: Option<u64>,
    /// Last real time a time event went, ms.
    pub at_ms: f64,
    /// Last selection sent.
    pub user: Option<Option<String>>,
    /// Last phase sent.
    pub phase: Option<u8>,
    /// Errors from `State::parent_errors` already sent.
    pub errors: usize,
    /// Last content height sent, CSS pixels.
    pub height: Option<i32>,
}

/// A `resize` event when the content's height changed: the parent sizes
/// the frame from it (`static/embed-example.html`).
pub fn resize_due(rt: &State, told: &mut Told, height: i32) -> Option<JsValue> {
    if height <= 0 || told.height == Some(height) {
        return None;
    }
    told.height = Some(height);
    let o = Object::new();
    let set = |k: &str, v: JsValue| {
        let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
    };
    set("type", JsValue::from_str(EVENT_TYPE));
    set("version", JsValue::from_f64(VERSION));
    set("event", JsValue::from_str("resize"));
    set("height", JsValue::from_f64(f64::from(height)));
    set("t_s", JsValue::from_f64(rt.t().whole_s() as f64));
    set("scenario", JsValue::from_str(&rt.sim().title()));
    Some(JsValue::from(o))
}

/// The events due now, as (event name, object).
pub fn events_due(rt: &State, told: &mut Told, now_ms: f64) -> Vec<JsValue> {
    let mut out = Vec::new();
    // A run from your topology never sends who is selected out of the
    // frame: its user ids are real SIP addresses.
    let private = matches!(rt.origin(), crate::state::Origin::Topology);
    let user = rt.selected_named().filter(|_| !private).map(|u| rt.sim().scenario().users[u as usize].id.clone());
    let phase = rt.selected_named().map(|u| rt.sim().named_situation(u, rt.t()).phase.number());
    let t_s = rt.t().whole_s();
    let base = |event: &str| {
        let o = Object::new();
        let set = |k: &str, v: JsValue| {
            let _ = Reflect::set(&o, &JsValue::from_str(k), &v);
        };
        set("type", JsValue::from_str(EVENT_TYPE));
        set("version", JsValue::from_f64(VERSION));
        set("event", JsValue::from_str(event));
        set("t_s", JsValue::from_f64(t_s as f64));
        set("scenario", JsValue::from_str(&rt.sim().title()));
        set("user", user.as_deref().map_or(JsValue::NULL, JsValue::from_str));
        set("phase", phase.map_or(JsValue::NULL, |p| JsValue::from_f64(f64::from(p))));
        set("playing", JsValue::from_bool(rt.playing()));
        JsValue::from(o)
    };
    if !told.ready {
        told.ready = true;
        out.push(base("ready"));
    }
    for message in rt.parent_errors().iter().skip(told.errors) {
        let e = base("error");
        let _ = Reflect::set(&e, &JsValue::from_str("command"), &JsValue::from_str("load"));
        let _ = Reflect::set(&e, &JsValue::from_str("message"), &JsValue::from_str(message));
        out.push(e);
    }
    told.errors = rt.parent_errors().len();
    if told.user.as_ref() != Some(&user) {
        told.user = Some(user.clone());
        out.push(base("selection"));
    }
    if told.phase != phase {
        told.phase = phase;
        out.push(base("phase"));
    }
    // Time: every change while paused (a seek); at most once a second while playing.
    if told.t_s != Some(t_s) && (!rt.playing() || now_ms - told.at_ms >= 1000.0) {
        told.t_s = Some(t_s);
        told.at_ms = now_ms;
        out.push(base("time"));
    }
    out
}

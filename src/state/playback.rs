//! The clock: the moment shown, playing or not, and the speed. A load starts
//! the clock again at 0 and keeps the speed.

use crate::screen::SPEEDS;
use failover_engine::SimTime;

/// While playing, the DOM shows the moment at most this often (the stage
/// draws every frame).
pub const DOM_REFRESH_MS: f64 = 100.0;

#[derive(Clone, Debug, PartialEq)]
pub struct Playback {
    t: SimTime,
    playing: bool,
    /// Simulated seconds per real second.
    speed: u32,
    /// Wall-clock ms of the last DOM refresh while playing.
    refreshed_ms: f64,
}

/// What the transport asks of the clock.
#[derive(Clone, Debug, PartialEq)]
pub enum PlaybackCmd {
    Play,
    Pause,
    /// Jump to a moment (paused state kept).
    Seek(SimTime),
    Speed(u32),
    /// One speed step up (true) or down.
    SpeedStep(bool),
    /// Jump to the next event.
    NextEvent,
    /// Jump to the previous event.
    PrevEvent,
    /// The clock hook's frame: `real_ms` of wall time passed; `now_ms` is
    /// the wall clock (for the DOM's ten refreshes a second).
    Advance {
        real_ms: f64,
        now_ms: f64,
    },
}

impl Default for Playback {
    fn default() -> Playback {
        Playback { t: SimTime::ZERO, playing: false, speed: 60, refreshed_ms: 0.0 }
    }
}

impl Playback {
    pub fn t(&self) -> SimTime {
        self.t
    }
    pub fn playing(&self) -> bool {
        self.playing
    }
    pub fn speed(&self) -> u32 {
        self.speed
    }

    /// A new run: back to 0, paused, at the same speed.
    pub fn restart(&mut self) {
        *self = Playback { speed: self.speed, ..Playback::default() };
    }

    pub fn play(&mut self, end: SimTime) {
        if self.t >= end {
            self.t = SimTime::ZERO;
        }
        self.playing = true;
    }

    pub fn pause(&mut self) {
        self.playing = false;
    }

    pub fn seek(&mut self, t: SimTime, end: SimTime) {
        self.t = t.min(end);
    }

    pub fn set_speed(&mut self, speed: u32) {
        self.speed = speed.clamp(1, 1000);
    }

    pub fn speed_step(&mut self, up: bool) {
        let i = SPEEDS.iter().position(|&s| s == self.speed).unwrap_or(3);
        let j = if up { (i + 1).min(SPEEDS.len() - 1) } else { i.saturating_sub(1) };
        self.speed = SPEEDS[j];
    }

    /// Where `real_ms` of wall time takes the clock: the end, or the first
    /// stop crossed (guided play), where it pauses. `None` when paused.
    pub fn target(&self, real_ms: f64, end: SimTime, stops: &[SimTime]) -> Option<(SimTime, bool)> {
        if !self.playing {
            return None;
        }
        let step = (real_ms.max(0.0) * f64::from(self.speed)).round() as u64;
        let next = self.t.plus_ms(step).min(end);
        match stops.iter().copied().find(|&s| s > self.t && s <= next) {
            Some(stop) => Some((stop, true)),
            None => Some((next, next >= end)),
        }
    }

    /// Whether the DOM should show this frame's moment: at most every
    /// [`DOM_REFRESH_MS`] while playing, and when the clock stops.
    pub fn refresh_due(&mut self, moved: bool, stopped: bool, now_ms: f64) -> bool {
        if (moved && now_ms - self.refreshed_ms >= DOM_REFRESH_MS) || stopped {
            self.refreshed_ms = now_ms;
            return true;
        }
        false
    }
}

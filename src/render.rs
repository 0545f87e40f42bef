//! The stage's picture, computed in Rust: where every user's dot goes and
//! the pixels of the population, written into one RGBA buffer that the
//! canvas receives with a single `putImageData` per frame. Pure (no web
//! types), so layout and counts are tested natively.
//!
//! Each pool is a column: a lane of named users and a grid of its own users
//! (a slot per user homed there), then, for a paired pool, a lane and a grid
//! of guests: the partner's users it serves during a failover, in the slot
//! of their index at home. A user's slot never changes, so dots never jump;
//! moving between pools is a tween between two fixed slots.

use failover_engine::sim::Mode;
use failover_engine::{NamedIdx, PoolIdx, SimTime, Simulation, Situation};

/// An axis-aligned rectangle in device pixels.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
}

impl Rect {
    /// Contains a point?
    pub fn contains(&self, x: f64, y: f64) -> bool {
        x >= self.x && x < self.x + self.w && y >= self.y && y < self.y + self.h
    }
}

/// A grid of slots.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Grid {
    pub rect: Rect,
    /// Slots per row.
    pub cols: u32,
    /// Slot size, device pixels.
    pub cell: u32,
    /// Users per slot: 1 draws individuals; more draws density, when even
    /// one pixel per user does not fit the room.
    pub per: u32,
}

impl Grid {
    fn slot_origin(&self, user_slot: u32) -> (u32, u32) {
        let cols = self.cols.max(1);
        let slot = user_slot / self.per.max(1);
        (self.rect.x as u32 + (slot % cols) * self.cell, self.rect.y as u32 + (slot / cols) * self.cell)
    }

    fn slot_at(&self, x: f64, y: f64) -> Option<u32> {
        if !self.rect.contains(x, y) || self.cell == 0 {
            return None;
        }
        let col = ((x - self.rect.x) / f64::from(self.cell)) as u32;
        let row = ((y - self.rect.y) / f64::from(self.cell)) as u32;
        (col < self.cols).then_some((row * self.cols + col) * self.per.max(1))
    }
}

/// One pool's column.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PoolColumn {
    pub rect: Rect,
    /// Named users served here who are homed here (or signed out).
    pub home_lane: Rect,
    /// Population homed here.
    pub home: Grid,
    /// The partner whose users this pool hosts during a failover.
    pub guest_from: Option<PoolIdx>,
    pub guest_lane: Rect,
    pub guest: Grid,
}

/// Where everything goes for one canvas size.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Layout {
    pub width: u32,
    pub height: u32,
    /// Device pixel ratio.
    pub dpr: f64,
    /// One column per pool, in scenario order.
    pub columns: Vec<PoolColumn>,
    /// Slot size shared by every grid.
    pub cell: u32,
}

/// The most users one dot stands for (beyond every accepted scenario).
const MAX_PER: u32 = 1 << 16;

/// Height of a title band, CSS pixels.
pub const TITLE_CSS: f64 = 22.0;
/// Height of a named-user lane, CSS pixels.
pub const LANE_CSS: f64 = 30.0;

impl Layout {
    /// Lays out `sim`'s pools on a canvas `width` device pixels wide and at
    /// most `max_height` tall, with the largest slot that fits; the layout's
    /// `height` is what it needs (the stage sizes the canvas to it).
    pub fn new(sim: &Simulation, width: u32, max_height: u32, dpr: f64) -> Layout {
        let sc = sim.scenario();
        let n = sc.pools.len().max(1) as f64;
        let gap = (12.0 * dpr).round();
        let col_w = ((f64::from(width) - gap * (n + 1.0)) / n).max(10.0).floor();
        let title = (TITLE_CSS * dpr).round();
        let lane = (LANE_CSS * dpr).round();
        let population = |p: PoolIdx| {
            let r = sim.pool_users(p);
            let named = sim.named_in_pool(p);
            r.len() as u32 - named
        };
        // Room for guests only where the partner has a disaster-recovery
        // episode in this run: a pool whose partner never fails gets none.
        let guests_of =
            |p: &failover_engine::scenario::PoolSpec| p.backup.filter(|&b| !sim.dr().episodes(b).is_empty());
        let needed = |cell: u32, per: u32| -> f64 {
            let cols = (col_w as u32 / cell).max(1);
            let rows = |k: u32| f64::from(k.div_ceil(per).div_ceil(cols) * cell);
            sc.pools
                .iter()
                .enumerate()
                .map(|(i, p)| {
                    let home = title + lane + rows(population(i as PoolIdx)) + gap;
                    home + guests_of(p).map_or(0.0, |b| title + lane + rows(population(b)) + gap)
                })
                .fold(0.0, f64::max)
        };
        let room = f64::from(max_height);
        // A dot stays a dot (a 3 px square or ring and a 1 px gap at least):
        // a crowd reads as people from the back of a room, not as a filled
        // rectangle. When one dot a user does not fit, a dot stands for
        // several users (the legend says how many).
        let smallest = ((4.0 * dpr).round() as u32).max(4);
        let largest = ((10.0 * dpr) as u32).max(smallest);
        let cell = (smallest..=largest).rev().find(|&c| needed(c, 1) <= room).unwrap_or(smallest);
        let per = if needed(cell, 1) <= room {
            1
        } else {
            (2..=MAX_PER).find(|&k| needed(cell, k) <= room).unwrap_or(MAX_PER)
        };
        let height = (needed(cell, per).ceil() as u32).max((120.0 * dpr) as u32);
        let cols = (col_w as u32 / cell).max(1);
        let rows = |k: u32| f64::from(k.div_ceil(per).div_ceil(cols) * cell);
        let mut columns = Vec::new();
        for (i, p) in sc.pools.iter().enumerate() {
            let x = gap + i as f64 * (col_w + gap);
            let rect = Rect { x, y: 0.0, w: col_w, h: f64::from(height) };
            let mut y = title;
            let home_lane = Rect { x, y, w: col_w, h: lane };
            y += lane;
            let home_h = rows(population(i as PoolIdx));
            let home = Grid { rect: Rect { x, y, w: col_w, h: home_h }, cols, cell, per };
            y += home_h + gap;
            let (guest_lane, guest) = match guests_of(p) {
                Some(b) => {
                    y += title;
                    let gl = Rect { x, y, w: col_w, h: lane };
                    y += lane;
                    let gh = rows(population(b));
                    (gl, Grid { rect: Rect { x, y, w: col_w, h: gh }, cols, cell, per })
                }
                None => (Rect::default(), Grid::default()),
            };
            columns.push(PoolColumn { rect, home_lane, home, guest_from: guests_of(p), guest_lane, guest });
        }
        Layout { width, height, dpr, columns, cell }
    }

    /// Top-left of the grid slot of population user `index` served by
    /// `serving` (or signed out: at home).
    fn slot(
        &self,
        sim: &Simulation,
        index: u32,
        home: PoolIdx,
        named_in_home: u32,
        serving: Option<PoolIdx>,
    ) -> (u32, u32) {
        let slot = index - sim.pool_users(home).start - named_in_home;
        match serving {
            Some(s) if s != home => self.columns[usize::from(s)].guest.slot_origin(slot),
            _ => self.columns[usize::from(home)].home.slot_origin(slot),
        }
    }

    /// How many users one dot stands for.
    pub fn users_per_dot(&self) -> u32 {
        self.columns.first().map_or(1, |c| c.home.per.max(1))
    }

    /// Where a user moving from slot `from` to slot `to` is after fraction
    /// `k` of the move: along its own row to the gutter beside the
    /// destination column, down or up the gutter, then along the
    /// destination row. A moving crowd never covers a pool's title, a lane
    /// of named users or a guest label.
    fn route(&self, from: (u32, u32), to: (u32, u32), k: f64) -> (u32, u32) {
        let (x0, y0, x1, y1) = (f64::from(from.0), f64::from(from.1), f64::from(to.0), f64::from(to.1));
        let gap = self.columns.first().map_or(0.0, |c| c.rect.x);
        let half = f64::from(self.cell) / 2.0;
        let gutter =
            self.columns.iter().find(|c| x1 >= c.rect.x && x1 < c.rect.x + c.rect.w).map_or((x0 + x1) / 2.0, |c| {
                if x0 < c.rect.x {
                    c.rect.x - gap / 2.0
                } else {
                    c.rect.x + c.rect.w + gap / 2.0
                }
            }) - half;
        let legs = [(gutter - x0).abs(), (y1 - y0).abs(), (x1 - gutter).abs()];
        let mut d = k.clamp(0.0, 1.0) * legs.iter().sum::<f64>();
        let toward = |a: f64, b: f64, d: f64| if b >= a { a + d } else { a - d };
        let (x, y) = if d < legs[0] {
            (toward(x0, gutter, d), y0)
        } else {
            d -= legs[0];
            if d < legs[1] {
                (gutter, toward(y0, y1, d))
            } else {
                (toward(gutter, x1, d - legs[1]), y1)
            }
        };
        (x.max(0.0) as u32, y.max(0.0) as u32)
    }

    /// Centre of a population user's slot where they are now.
    pub fn population_center(&self, sim: &Simulation, index: u32, s: &Situation) -> (f64, f64) {
        let home = sim.home_of(index);
        let named = sim.named_in_pool(home);
        let (x, y) = self.slot(sim, index, home, named, s.serving);
        let half = f64::from(self.cell) / 2.0;
        (f64::from(x) + half, f64::from(y) + half)
    }

    /// Centre of a named user's circle.
    pub fn named_center(&self, sim: &Simulation, user: NamedIdx, s: &Situation) -> (f64, f64) {
        let home = sim.scenario().users[user as usize].home;
        // Named users hold the first slots of their pool's range, in order.
        let k = f64::from(sim.named_user_index(user) - sim.pool_users(home).start);
        let per = f64::from(sim.named_in_pool(home).max(1));
        let lane = match s.serving {
            Some(p) if p != home => self.columns[usize::from(p)].guest_lane,
            _ => self.columns[usize::from(home)].home_lane,
        };
        let step = lane.w / per;
        (lane.x + step * (k + 0.5), lane.y + lane.h / 2.0)
    }

    /// The population user whose dot is at (x, y), if any.
    pub fn hit(&self, sim: &Simulation, t: SimTime, x: f64, y: f64) -> Option<u32> {
        for (i, col) in self.columns.iter().enumerate() {
            let p = i as PoolIdx;
            let check = |grid: &Grid, home: PoolIdx| -> Option<u32> {
                let slot = grid.slot_at(x, y)?;
                let named = sim.named_in_pool(home);
                let r = sim.pool_users(home);
                let index = r.start + named + slot;
                (index < r.end).then_some(index)
            };
            if let Some(index) = check(&col.home, p) {
                let s = sim.situation(index, t);
                if s.serving.is_none_or(|x| x == p) {
                    return Some(index);
                }
            }
            if let Some(from) = col.guest_from {
                if let Some(index) = check(&col.guest, from) {
                    if sim.situation(index, t).serving == Some(p) {
                        return Some(index);
                    }
                }
            }
        }
        None
    }
}

/// Colours, RGBA.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Palette {
    /// Signed in, regular.
    pub regular: [u8; 4],
    /// Signed in, Resiliency mode.
    pub resiliency: [u8; 4],
    pub signed_out: [u8; 4],
    /// Moving between pools.
    pub moving: [u8; 4],
    /// A grid's background, home and guests alike (an empty guest grid is
    /// a slot, not news).
    pub grid: [u8; 4],
}

impl Palette {
    /// For light or dark pages (dot colours hold on both).
    pub fn new(dark: bool) -> Palette {
        Palette {
            regular: if dark { [86, 180, 233, 255] } else { [0, 114, 178, 255] },
            resiliency: if dark { [240, 180, 40, 255] } else { [213, 94, 0, 255] },
            signed_out: if dark { [120, 120, 130, 255] } else { [150, 150, 160, 255] },
            moving: if dark { [255, 120, 200, 255] } else { [204, 0, 136, 255] },
            grid: if dark { [255, 255, 255, 10] } else { [0, 0, 0, 8] },
        }
    }
}

/// What one frame drew.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct FrameStats {
    /// Population dots drawn.
    pub drawn: u32,
    /// Of which in motion.
    pub moving: u32,
    /// Counted by state: regular, resiliency, signed out.
    pub by_state: [u32; 3],
}

#[derive(Clone, Debug, Default)]
pub struct Frame {
    /// RGBA, `width * height * 4` bytes.
    pub pixels: Vec<u8>,
    width: u32,
    height: u32,
}

impl Frame {
    fn reset(&mut self, w: u32, h: u32) {
        let len = (w as usize) * (h as usize) * 4;
        if self.pixels.len() != len {
            self.pixels = vec![0; len];
        } else {
            self.pixels.fill(0);
        }
        self.width = w;
        self.height = h;
    }

    fn fill(&mut self, r: Rect, c: [u8; 4]) {
        let (x0, y0) = (r.x.max(0.0) as u32, r.y.max(0.0) as u32);
        let x1 = ((r.x + r.w) as u32).min(self.width);
        let y1 = ((r.y + r.h) as u32).min(self.height);
        // A column beyond the canvas (many pools, a narrow frame) is clipped.
        if x0 >= x1 {
            return;
        }
        for y in y0..y1 {
            let row = (y * self.width) as usize * 4;
            for px in self.pixels[row + x0 as usize * 4..row + x1 as usize * 4].chunks_exact_mut(4) {
                px.copy_from_slice(&c);
            }
        }
    }

    #[inline]
    fn square(&mut self, x: u32, y: u32, size: u32, c: [u8; 4]) {
        let x1 = x.saturating_add(size).min(self.width);
        let y1 = y.saturating_add(size).min(self.height);
        if x >= x1 {
            return;
        }
        for yy in y..y1 {
            let row = (yy * self.width) as usize * 4;
            for px in self.pixels[row + x as usize * 4..row + x1 as usize * 4].chunks_exact_mut(4) {
                px.copy_from_slice(&c);
            }
        }
    }

    /// A hollow square (Resiliency mode has a hole: shape, not only colour).
    #[inline]
    fn ring(&mut self, x: u32, y: u32, size: u32, c: [u8; 4]) {
        self.square(x, y, size, c);
        if size >= 3 {
            let clear = [0, 0, 0, 0];
            self.square(x + 1, y + 1, size - 2, clear);
        }
    }

    /// A single centre pixel (signed out: almost nothing left).
    #[inline]
    fn speck(&mut self, x: u32, y: u32, size: u32, c: [u8; 4]) {
        let s = (size / 3).max(1);
        let o = (size - s) / 2;
        self.square(x + o, y + o, s, c);
    }
}

/// Draws every population user at `t` into `frame`. `tween_ms` is how long
/// (simulated) a move between pools is animated; 0 for reduced motion.
pub fn draw_population(
    layout: &Layout,
    sim: &Simulation,
    t: SimTime,
    tween_ms: u64,
    palette: &Palette,
    frame: &mut Frame,
) -> FrameStats {
    frame.reset(layout.width, layout.height);
    for col in &layout.columns {
        frame.fill(col.home.rect, palette.grid);
        if col.guest_from.is_some() {
            frame.fill(col.guest.rect, palette.grid);
        }
    }
    let mut stats = FrameStats::default();
    let cell = layout.cell;
    let size = cell - 1;
    let sc = sim.scenario();
    for p in 0..sc.pools.len() as PoolIdx {
        let named = sim.named_in_pool(p);
        let first_population = sim.pool_users(p).start + named;
        sim.for_each_user(p, t, |index, s| {
            if index < first_population {
                return;
            }
            stats.drawn += 1;
            let (x, y) = layout.slot(sim, index, p, named, s.serving);
            let state = match s.mode {
                Some(Mode::Regular) => 0,
                Some(Mode::Resiliency) => 1,
                None => 2,
            };
            stats.by_state[state] += 1;
            let age = t.ms().saturating_sub(s.since.ms());
            if tween_ms > 0 && age < tween_ms && s.serving.is_some() {
                let prev = sim.situation(index, SimTime(s.since.ms().saturating_sub(1)));
                if prev.serving != s.serving {
                    let from = layout.slot(sim, index, p, named, prev.serving);
                    let k = age as f64 / tween_ms as f64;
                    // Ease out: fast start, gentle arrival.
                    let k = 1.0 - (1.0 - k) * (1.0 - k);
                    let (xi, yi) = layout.route(from, (x, y), k);
                    frame.square(xi, yi, size, palette.moving);
                    stats.moving += 1;
                    return;
                }
            }
            match state {
                0 => frame.square(x, y, size, palette.regular),
                1 => frame.ring(x, y, size, palette.resiliency),
                _ => frame.speck(x, y, size, palette.signed_out),
            }
        });
    }
    stats
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::simulate_builtin;

    #[test]
    fn every_grid_fits_the_canvas_and_slots_are_distinct() {
        let sim = simulate_builtin("working-day").unwrap();
        let layout = Layout::new(&sim, 1200, 520, 1.0);
        assert!(layout.height <= 520 && layout.cell >= 4, "{} px, cell {}", layout.height, layout.cell);
        for col in &layout.columns {
            assert!(col.home.rect.y + col.home.rect.h <= f64::from(layout.height));
            assert!(col.guest.rect.y + col.guest.rect.h <= f64::from(layout.height));
        }
        let a = sim.scenario().pool_by_id("pool-a").unwrap();
        let r = sim.pool_users(a);
        let s1 = layout.slot(&sim, r.start + 3, a, 3, None);
        let s2 = layout.slot(&sim, r.start + 3 + layout.users_per_dot(), a, 3, None);
        assert_ne!(s1, s2);
    }

    /// Random scenario files through the page's load path (the code behind a
    /// link, an import and an embedding `load` message: `simulate_text`),
    /// laid out and drawn at several canvas sizes and moments: never a panic.
    #[test]
    fn any_scenario_the_engine_accepts_is_laid_out_and_drawn() {
        use failover_engine::rng::SplitMix64;
        let mut rng = SplitMix64::new(0x57A6E);
        let mut frame = Frame::default();
        let mut accepted = 0;
        for case in 0..160 {
            let pools = 1 + rng.below(failover_engine::scenario::MAX_POOLS as u32 + 2);
            let mut text = String::from("version = 1\n[config]\nreconnect_spread_s = 30\n");
            for p in 0..pools {
                text.push_str(&format!("[[pools]]\nid = \"p{p}\"\n"));
                if p % 2 == 0 && p + 1 < pools && rng.below(3) > 0 {
                    text.push_str(&format!("backup = \"p{}\"\n", p + 1));
                } else if p % 2 == 1 && text.contains(&format!("backup = \"p{p}\"")) {
                    text.push_str(&format!("backup = \"p{}\"\n", p - 1));
                }
                let count = [0, 1, 7, 500, 20_000, 106_000][rng.below(6) as usize];
                text.push_str(&format!("[[population]]\npool = \"p{p}\"\ncount = {count}\n"));
                if rng.below(2) == 0 {
                    text.push_str(&format!("[[users]]\nid = \"u{p}\"\nhome = \"p{p}\"\n"));
                }
            }
            text.push_str("[[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"p0\"\n");
            let Ok(sim) = crate::state::simulate_text(&text, "case") else { continue };
            accepted += 1;
            let width = [120, 300, 800, 1366, 1920][rng.below(5) as usize];
            let dpr = [1.0, 2.0][rng.below(2) as usize];
            let width_px = (f64::from(width) * dpr) as u32;
            let layout = Layout::new(&sim, width_px, (340.0 * dpr) as u32, dpr);
            for t in ["0:00", "1:00", "1:00.001", "3:10", "40:00"] {
                let t = SimTime::parse(t).unwrap();
                let stats = draw_population(&layout, &sim, t, 60_000, &Palette::new(case % 2 == 0), &mut frame);
                assert_eq!(frame.pixels.len(), (layout.width * layout.height * 4) as usize);
                let named = sim.scenario().users.len() as u32;
                assert_eq!(stats.drawn + named, sim.user_count(), "case {case}: every population user drawn");
                let _ = layout.hit(&sim, t, 5.0, 5.0);
            }
        }
        assert!(accepted > 80, "most random cases are valid scenarios ({accepted})");
    }

    /// Six full pairs' worth of users (53,000 a pool) fit the room: the
    /// layout goes to density rather than spill past the stage.
    #[test]
    fn crowded_scenarios_fit_the_room_by_density() {
        let mut text = String::from("version = 1\n");
        for i in 0..6 {
            text.push_str(&format!(
                "[[pools]]\nid = \"p{i}\"\nbackup = \"p{}\"\n[[population]]\npool = \"p{i}\"\ncount = 53000\n",
                i ^ 1
            ));
        }
        text.push_str("[[timeline]]\nat = \"1:00\"\naction = \"pool-fails\"\npool = \"p0\"\n");
        let sim = crate::state::simulate_text(&text, "crowded").unwrap();
        let layout = Layout::new(&sim, 960, 330, 1.0);
        assert!(layout.height <= 330, "{} px", layout.height);
        for col in &layout.columns {
            assert!(col.home.rect.y + col.home.rect.h <= f64::from(layout.height));
            assert!(col.guest.rect.y + col.guest.rect.h <= f64::from(layout.height));
        }
        assert!(layout.columns[0].home.per > 1, "density");
        let mut frame = Frame::default();
        let stats =
            draw_population(&layout, &sim, SimTime::parse("10:00").unwrap(), 0, &Palette::new(false), &mut frame);
        assert_eq!(stats.drawn, sim.user_count());
    }

    #[test]
    fn drawn_counts_match_the_engine() {
        let sim = simulate_builtin("working-day").unwrap();
        let layout = Layout::new(&sim, 1200, 520, 1.0);
        let mut frame = Frame::default();
        for t in ["9:00", "10:30", "12:30", "40:00", "2:00:00"] {
            let t = SimTime::parse(t).unwrap();
            let stats = draw_population(&layout, &sim, t, 0, &Palette::new(false), &mut frame);
            let counts = sim.pool_counts(t);
            let named: Vec<_> = (0..sim.scenario().users.len() as u32).map(|u| sim.named_situation(u, t)).collect();
            let n = |m: Option<Mode>| named.iter().filter(|s| s.mode == m).count() as u32;
            let total = |f: fn(&failover_engine::sim::StateCounts) -> u32| counts.iter().map(f).sum::<u32>();
            assert_eq!(stats.by_state[0] + n(Some(Mode::Regular)), total(|c| c.regular));
            assert_eq!(stats.by_state[1] + n(Some(Mode::Resiliency)), total(|c| c.resiliency));
            assert_eq!(stats.by_state[2] + n(None), total(|c| c.signed_out));
        }
    }

    #[test]
    fn a_dot_is_found_where_it_is_drawn() {
        let sim = simulate_builtin("working-day").unwrap();
        let layout = Layout::new(&sim, 1200, 520, 1.0);
        let t = SimTime::parse("40:00").unwrap();
        let a = sim.scenario().pool_by_id("pool-a").unwrap();
        let index = sim.pool_users(a).start + 3 + 100;
        let s = sim.situation(index, t);
        let (x, y) = layout.slot(&sim, index, a, 3, s.serving);
        let per = layout.users_per_dot();
        let first_of_dot = sim.pool_users(a).start + 3 + 100 / per * per;
        assert_eq!(layout.hit(&sim, t, f64::from(x) + 0.5, f64::from(y) + 0.5), Some(first_of_dot));
    }

    /// A pool of 20,000 on a laptop's stage is dots with gaps between them,
    /// not a filled rectangle; the legend's users-per-dot says the rest.
    #[test]
    fn a_crowd_is_drawn_as_dots() {
        let sim = simulate_builtin("working-day").unwrap();
        for (w, h, dpr) in [(1300, 330, 1.0), (1900, 480, 1.0), (2600, 700, 2.0)] {
            let layout = Layout::new(&sim, w, h, dpr);
            assert!(layout.cell >= 4, "{w}x{h}: cell {}", layout.cell);
            assert!(layout.height <= h.max(120), "{w}x{h}: {} px", layout.height);
        }
    }

    /// Movers go round the labels: along their row, down the gutter beside
    /// the destination, along the destination row.
    #[test]
    fn movers_never_cover_titles_lanes_or_guest_labels() {
        let sim = simulate_builtin("working-day").unwrap();
        let layout = Layout::new(&sim, 1300, 330, 1.0);
        let a = sim.scenario().pool_by_id("pool-a").unwrap();
        let b = sim.scenario().pool_by_id("pool-b").unwrap();
        let named = sim.named_in_pool(a);
        let title = TITLE_CSS.round();
        let covered = |x: f64, y: f64| {
            let size = f64::from(layout.cell - 1);
            layout.columns.iter().any(|c| {
                let bands = [
                    Rect { x: c.rect.x, y: 0.0, w: c.rect.w, h: c.home_lane.y + c.home_lane.h },
                    Rect { x: c.rect.x, y: c.guest_lane.y - title, w: c.rect.w, h: c.guest_lane.h + title },
                ];
                bands
                    .iter()
                    .filter(|r| r.h > 0.0)
                    .any(|r| x + size > r.x && x < r.x + r.w && y + size > r.y && y < r.y + r.h)
            })
        };
        let first = sim.pool_users(a).start + named;
        for index in [first, first + 5_000, sim.pool_users(a).end - 1] {
            let home = layout.slot(&sim, index, a, named, None);
            let guest = layout.slot(&sim, index, a, named, Some(b));
            for step in 0..=200 {
                for (from, to) in [(home, guest), (guest, home)] {
                    let (x, y) = layout.route(from, to, f64::from(step) / 200.0);
                    assert!(!covered(f64::from(x), f64::from(y)), "user {index} at {x},{y}");
                }
            }
            assert_eq!(layout.route(home, guest, 0.0), home);
            assert_eq!(layout.route(home, guest, 1.0), guest);
        }
    }
}

//! The engine's own clock type. The engine never reads a clock: every moment
//! is passed in as a [`SimTime`], which is what lets the same run play in a
//! browser, in a test faster than real time, or be scrubbed backwards.

use std::fmt;

/// A moment of the simulation: milliseconds since the scenario started.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SimTime(pub u64);

impl SimTime {
    /// The scenario's start.
    pub const ZERO: SimTime = SimTime(0);
    /// Later than any moment a scenario can reach; used for "never".
    pub const NEVER: SimTime = SimTime(u64::MAX);

    /// A moment from whole seconds.
    pub const fn from_s(s: u64) -> SimTime {
        SimTime(s.saturating_mul(1000))
    }

    /// Milliseconds since the start.
    pub const fn ms(self) -> u64 {
        self.0
    }

    /// Whole seconds since the start (rounded down).
    pub const fn whole_s(self) -> u64 {
        self.0 / 1000
    }

    /// This moment plus `ms` milliseconds, saturating at [`SimTime::NEVER`].
    pub const fn plus_ms(self, ms: u64) -> SimTime {
        SimTime(self.0.saturating_add(ms))
    }

    /// Parses `"M:SS"`, `"H:MM:SS"` or whole seconds (`"90"`), each with an
    /// optional fraction of up to three digits (`"2:45:00.540"`): the engine
    /// is exact to the millisecond, so every moment it reports can be asked for.
    pub fn parse(text: &str) -> Result<SimTime, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("empty time".into());
        }
        if text.starts_with('-') {
            return Err(format!("time `{text}` is before the start of the scenario"));
        }
        let shape = || format!("time `{text}` must be M:SS, H:MM:SS or whole seconds (optionally with .mmm)");
        let (whole, fraction_ms) = match text.split_once('.') {
            None => (text, 0),
            Some((whole, digits)) => {
                if digits.is_empty() || digits.len() > 3 || !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return Err(shape());
                }
                let scaled = format!("{digits:0<3}");
                (whole, scaled.parse::<u64>().map_err(|_| shape())?)
            }
        };
        let parts: Vec<&str> = whole.split(':').collect();
        if parts.len() > 3 {
            return Err(shape());
        }
        let mut total_s: u64 = 0;
        for (i, part) in parts.iter().enumerate() {
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(shape());
            }
            let value: u64 = part.parse().map_err(|_| format!("time `{text}` is too large"))?;
            if i > 0 && (part.len() != 2 || value >= 60) {
                return Err(format!("time `{text}`: minutes and seconds after a colon are two digits below 60"));
            }
            total_s = total_s
                .checked_mul(60)
                .and_then(|t| t.checked_add(value))
                .ok_or_else(|| format!("time `{text}` is too large"))?;
        }
        total_s
            .checked_mul(1000)
            .and_then(|ms| ms.checked_add(fraction_ms))
            .map(SimTime)
            .ok_or_else(|| format!("time `{text}` is too large"))
    }

    /// `H:MM:SS` (or `M:SS` under an hour), with `.mmm` when the moment is
    /// not a whole second: the form scenario files use, and `parse` reads back.
    pub fn clock(self) -> String {
        let s = self.whole_s();
        let (h, m, s) = (s / 3600, (s / 60) % 60, s % 60);
        let ms = self.0 % 1000;
        let fraction = if ms == 0 { String::new() } else { format!(".{ms:03}") };
        if h > 0 {
            format!("{h}:{m:02}:{s:02}{fraction}")
        } else {
            format!("{m}:{s:02}{fraction}")
        }
    }

    /// Seconds with the milliseconds as a decimal fraction (`9900.54`), for
    /// CSV and JSON where a number is wanted.
    pub fn seconds_text(self) -> String {
        let ms = self.0 % 1000;
        if ms == 0 {
            self.whole_s().to_string()
        } else {
            format!("{}.{}", self.whole_s(), format!("{ms:03}").trim_end_matches('0'))
        }
    }
}

impl fmt::Display for SimTime {
    /// `T+H:MM:SS`, the form the event log uses.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "T+{}", self.clock())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_forms() {
        assert_eq!(SimTime::parse("90"), Ok(SimTime::from_s(90)));
        assert_eq!(SimTime::parse("1:30"), Ok(SimTime::from_s(90)));
        assert_eq!(SimTime::parse("1:00:05"), Ok(SimTime::from_s(3605)));
        assert!(SimTime::parse("-5").is_err());
        assert!(SimTime::parse("1:75").is_err());
        assert!(SimTime::parse("abc").is_err());
        assert!(SimTime::parse("1:2:3:4").is_err());
        assert_eq!(SimTime::parse("2:45:00.540"), Ok(SimTime(9_900_540)));
        assert_eq!(SimTime::parse("1.5"), Ok(SimTime(1_500)));
        assert!(SimTime::parse("1.").is_err());
        assert!(SimTime::parse("1.2345").is_err());
        assert!(SimTime::parse("+5").is_err());
    }

    #[test]
    fn sub_second_moments_round_trip_through_clock_and_seconds() {
        for ms in [0, 1, 540, 9_900_540, 3_600_001] {
            let t = SimTime(ms);
            assert_eq!(SimTime::parse(&t.clock()), Ok(t));
            assert_eq!(SimTime::parse(&t.seconds_text()), Ok(t));
        }
        assert_eq!(SimTime(9_900_540).clock(), "2:45:00.540");
        assert_eq!(SimTime(9_900_540).seconds_text(), "9900.54");
    }

    #[test]
    fn formats_round_trip() {
        for s in [0, 59, 60, 3599, 3600, 7384] {
            let t = SimTime::from_s(s);
            assert_eq!(SimTime::parse(&t.clock()), Ok(t));
        }
        assert_eq!(SimTime::from_s(600).to_string(), "T+10:00");
    }
}

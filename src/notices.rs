//! The page's notices: what it tells the person in front of it. Bounded, so
//! no link, message flood or import can grow the page without end: a notice
//! said again is counted, not repeated, and after a dozen distinct ones the
//! rest are counted in one line (pure, native tests).

/// Distinct notices shown; the rest are counted.
pub const MAX_SHOWN: usize = 12;
/// A notice longer than this is cut (what the person typed may be long).
pub const MAX_CHARS: usize = 600;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Notices {
    items: Vec<(String, u32)>,
    more: u32,
}

impl Notices {
    pub fn push(&mut self, text: impl Into<String>) {
        let mut text: String = text.into();
        if text.chars().count() > MAX_CHARS {
            text = text.chars().take(MAX_CHARS).chain(std::iter::once('…')).collect();
        }
        if let Some(item) = self.items.iter_mut().find(|(t, _)| *t == text) {
            item.1 = item.1.saturating_add(1);
        } else if self.items.len() < MAX_SHOWN {
            self.items.push((text, 1));
        } else {
            self.more = self.more.saturating_add(1);
        }
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// The notices as said, once each.
    pub fn iter(&self) -> impl Iterator<Item = &String> {
        self.items.iter().map(|(t, _)| t)
    }

    /// A notice that says where the run stands now: it replaces the
    /// earlier ones of its kind (those that start with `kind`), which no
    /// longer hold.
    pub fn replace(&mut self, kind: &str, text: impl Into<String>) {
        self.dismiss(kind);
        self.push(text);
    }

    /// Takes away the notices of a kind (those that start with `kind`).
    pub fn dismiss(&mut self, kind: &str) {
        self.items.retain(|(t, _)| !t.starts_with(kind));
    }

    /// The lines to show: each notice with how often it was said, then how
    /// many more there were.
    pub fn lines(&self) -> Vec<String> {
        let mut out: Vec<String> =
            self.items.iter().map(|(t, n)| if *n > 1 { format!("{t} (said {n} times)") } else { t.clone() }).collect();
        if self.more > 0 {
            out.push(format!("…and {} more notices, not shown.", self.more));
        }
        out
    }
}

impl Extend<String> for Notices {
    fn extend<I: IntoIterator<Item = String>>(&mut self, iter: I) {
        for t in iter {
            self.push(t);
        }
    }
}

impl FromIterator<String> for Notices {
    fn from_iter<I: IntoIterator<Item = String>>(iter: I) -> Notices {
        let mut n = Notices::default();
        n.extend(iter);
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flood_of_notices_is_bounded_and_repeats_are_counted() {
        let mut n: Notices = (0..5000).map(|i| format!("Ignored the unknown parameter p{i}.")).collect();
        n.push("Ignored the unknown parameter p0.");
        let lines = n.lines();
        assert_eq!(lines.len(), MAX_SHOWN + 1);
        assert_eq!(lines[0], "Ignored the unknown parameter p0. (said 2 times)");
        assert_eq!(lines[MAX_SHOWN], "…and 4988 more notices, not shown.");
        assert!(lines.iter().map(String::len).sum::<usize>() < 2000);
        let mut long = Notices::default();
        long.push("x".repeat(100_000));
        assert!(long.lines()[0].chars().count() <= MAX_CHARS + 1);
    }
}

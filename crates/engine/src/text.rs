//! Numbers as people read them.

/// `20002` as `20,002`.
pub fn group_thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A file's bytes as text, as a browser reads it: UTF-8 (a byte-order mark
/// is kept for the readers that skip it), or UTF-16 with its byte-order mark
/// (what `Export-Csv -Encoding Unicode` writes).
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    let utf16 = |le: bool| {
        let units: Vec<u16> = bytes[2..]
            .chunks(2)
            .map(|c| {
                let pair = [c[0], c.get(1).copied().unwrap_or(0)];
                if le {
                    u16::from_le_bytes(pair)
                } else {
                    u16::from_be_bytes(pair)
                }
            })
            .collect();
        String::from_utf16(&units).map_err(|_| "not valid UTF-16 text".to_string())
    };
    match bytes {
        [0xFF, 0xFE, ..] => utf16(true),
        [0xFE, 0xFF, ..] => utf16(false),
        _ => String::from_utf8(bytes.to_vec())
            .map_err(|_| "not UTF-8 text (save it as UTF-8, or UTF-16 with a byte-order mark)".to_string()),
    }
}

/// `s` as a TOML basic string: quoted, with `"`, `\` and control characters
/// escaped (the TOML spec's rule), everything else as it is.
pub fn toml_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `n` things, in the singular for one: "1 order", "0 orders", "2 orders".
pub fn count(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", group_thousands(n), if n == 1 { one } else { many })
}

#[cfg(test)]
mod tests {
    #[test]
    fn utf8_and_utf16_with_a_mark_read_alike() {
        let text = "SipAddress,DisplayName\nsip:seán@x,Seán\n";
        let mut le = vec![0xFF, 0xFE];
        le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
        let mut be = vec![0xFE, 0xFF];
        be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
        assert_eq!(super::decode(text.as_bytes()).unwrap(), text);
        assert_eq!(super::decode(&le).unwrap(), text);
        assert_eq!(super::decode(&be).unwrap(), text);
        assert!(super::decode(&[0xC3, 0x28]).is_err());
    }
}

/// The first letter in upper case, ASCII only: the rule book's words are
/// English, and Unicode's case tables would cost the page more than 10 KB.
pub fn upper_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| std::iter::once(c.to_ascii_uppercase()).chain(chars).collect())
}

/// The first letter in lower case, ASCII only (as `upper_first`).
pub fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    chars.next().map_or_else(String::new, |c| std::iter::once(c.to_ascii_lowercase()).chain(chars).collect())
}

/// `x` with `places` decimals (half away from zero), without the standard
/// float formatting, which costs the page about 11 KB of code. Not a
/// number or beyond 10^18: "0".
pub fn decimal(x: f64, places: u32) -> String {
    let scale = 10u64.pow(places.min(9));
    let scaled = (x.abs() * scale as f64).round();
    let v = if scaled.is_finite() && scaled < 1e18 { scaled as u64 } else { 0 };
    let sign = if x < 0.0 && v > 0 { "-" } else { "" };
    let whole = v / scale;
    match places.min(9) {
        0 => format!("{sign}{whole}"),
        p => format!("{sign}{whole}.{:0width$}", v % scale, width = p as usize),
    }
}

#[cfg(test)]
mod decimal_tests {
    use super::decimal;

    #[test]
    fn decimals_as_the_standard_formatting_gives_them() {
        for (x, p) in [(0.0, 1), (1.04, 1), (12.96, 1), (-3.5, 0), (0.0004, 3), (1234.5678, 3), (59.999, 2), (7.25, 2)]
        {
            assert_eq!(decimal(x, p), format!("{x:.*}", p as usize), "{x} {p}");
        }
        assert_eq!(decimal(-0.0001, 2), "0.00");
        assert_eq!(decimal(f64::NAN, 1), "0.0");
        assert_eq!(decimal(1e30, 0), "0");
    }
}

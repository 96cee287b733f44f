//! Reading numbers the way spreadsheets from Chinese offices write them.
//!
//! Accepts thousands separators (1,234.5), full-width digits and signs
//! (１２３４．５, －3), a trailing percent sign (12.5% / 12.5％), and the usual
//! ways of writing "no data" (blank, —, -, N/A, 无 ...), which become
//! `Missing`, never zero. `NaN`, `inf` and numbers beyond the range of a
//! 64-bit float (1e400) are errors, never blanks or infinities. Everything
//! else is an error saying what was expected. Pure functions; no knowledge
//! of fields or units.

/// What a cell held.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Cell {
    /// No value: blank or a "no data" token.
    Missing,
    /// A number; `percent` is true when it carried a trailing % sign.
    Number { value: f64, percent: bool },
}

/// Why a cell is not a number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NumberError {
    /// Text with no digits at all (e.g. "约一百", "see note").
    Text,
    /// Digits, but not a well-formed number (e.g. "12.3.4", "1,23", "5万").
    Malformed,
    /// "NaN", "inf", "-Infinity": not a value.
    NotFinite,
    /// A well-formed number beyond ±1.8e308 (e.g. "1e400").
    TooLarge,
}

impl NumberError {
    pub fn expectation(&self) -> &'static str {
        match self {
            NumberError::Text => "text where a number was expected (write the number, or leave the cell blank / \"—\" for no data)",
            NumberError::Malformed => "not a well-formed number (expected e.g. 1234.5, 1,234.5 or 12.5%)",
            NumberError::NotFinite => "NaN or infinity is not a value (write the number, or leave the cell blank / \"—\" for no data)",
            NumberError::TooLarge => "the number is too large to compute with (beyond ±1.8e308)",
        }
    }
}

/// Tokens that mean "no data".
const MISSING_TOKENS: &[&str] = &[
    "",
    "-",
    "--",
    "—",
    "——",
    "–",
    "－",
    "/",
    "n/a",
    "na",
    "null",
    "none",
    "无",
    "空",
    "暂无",
    "缺",
    "缺失",
    "不适用",
];

/// Full-width ASCII (U+FF01..U+FF5E) to half-width, and the ideographic space to a space.
pub fn to_half_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            '\u{3000}' => ' ',
            _ => c,
        })
        .collect()
}

/// Parse one cell.
pub fn parse_cell(raw: &str) -> Result<Cell, NumberError> {
    let half = to_half_width(raw);
    let s = half.trim();
    if MISSING_TOKENS.contains(&s.to_lowercase().as_str()) || raw.trim() == "－－" {
        return Ok(Cell::Missing);
    }
    let (body, percent) = match s.strip_suffix('%') {
        Some(b) => (b.trim_end(), true),
        None => (s, false),
    };
    if is_not_finite(body) {
        return Err(NumberError::NotFinite);
    }
    if !body.chars().any(|c| c.is_ascii_digit()) {
        return Err(NumberError::Text);
    }
    let cleaned = strip_thousands(body).ok_or(NumberError::Malformed)?;
    let value: f64 = cleaned.parse().map_err(|_| NumberError::Malformed)?;
    if !value.is_finite() {
        return Err(NumberError::TooLarge);
    }
    Ok(Cell::Number { value, percent })
}

/// "NaN", "inf", "-Infinity" (any case, any sign): what programs write for
/// a value that is not one.
pub fn is_not_finite(text: &str) -> bool {
    let t = to_half_width(text);
    let t = t.trim();
    let t = t.strip_prefix(['-', '+']).unwrap_or(t).to_ascii_lowercase();
    matches!(t.as_str(), "nan" | "inf" | "infinity")
}

/// Remove thousands separators, accepting them only in their proper places
/// (groups of three digits before the decimal point).
fn strip_thousands(s: &str) -> Option<String> {
    if !s.contains(',') {
        return Some(s.to_string());
    }
    let (sign, rest) = match s.strip_prefix(['-', '+']) {
        Some(r) => (&s[..1], r),
        None => ("", s),
    };
    let (int, frac) = match rest.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (rest, None),
    };
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
    let rest_ok = groups[1..].iter().all(|g| g.len() == 3);
    let digits_ok = groups.iter().all(|g| g.chars().all(|c| c.is_ascii_digit()));
    if !(first_ok && rest_ok && digits_ok) {
        return None;
    }
    let mut out = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(v: f64) -> Result<Cell, NumberError> {
        Ok(Cell::Number {
            value: v,
            percent: false,
        })
    }

    #[test]
    fn plain_and_separated_numbers() {
        assert_eq!(parse_cell("1234.5"), num(1234.5));
        assert_eq!(parse_cell(" 1,234.5 "), num(1234.5));
        assert_eq!(parse_cell("12,345,600"), num(12_345_600.0));
        assert_eq!(parse_cell("-3.25"), num(-3.25));
        assert_eq!(parse_cell("1e3"), num(1000.0));
    }

    #[test]
    fn full_width_digits() {
        assert_eq!(parse_cell("１２３４．５"), num(1234.5));
        assert_eq!(parse_cell("３５"), num(35.0));
        assert_eq!(parse_cell("－３"), num(-3.0));
    }

    #[test]
    fn percent_sign() {
        assert_eq!(
            parse_cell("12.5%"),
            Ok(Cell::Number {
                value: 12.5,
                percent: true
            })
        );
        assert_eq!(
            parse_cell("12.5 ％"),
            Ok(Cell::Number {
                value: 12.5,
                percent: true
            })
        );
    }

    #[test]
    fn missing_tokens() {
        for t in [
            "", "  ", "—", "-", "--", "N/A", "n/a", "NA", "无", "/", "－－", "——",
        ] {
            assert_eq!(parse_cell(t), Ok(Cell::Missing), "token {t:?}");
        }
    }

    #[test]
    fn errors() {
        assert_eq!(parse_cell("约一百"), Err(NumberError::Text));
        assert_eq!(parse_cell("abc"), Err(NumberError::Text));
        assert_eq!(parse_cell("12.3.4"), Err(NumberError::Malformed));
        assert_eq!(parse_cell("1,23"), Err(NumberError::Malformed));
        assert_eq!(parse_cell("5万"), Err(NumberError::Malformed));
        assert_eq!(parse_cell("inf1"), Err(NumberError::Malformed));
    }

    #[test]
    fn not_finite_is_an_error_never_a_blank() {
        for t in ["NaN", "nan", "inf", "-inf", "+Infinity", "ＮａＮ", "NaN%"] {
            assert_eq!(parse_cell(t), Err(NumberError::NotFinite), "token {t:?}");
        }
        assert_eq!(parse_cell("1e400"), Err(NumberError::TooLarge));
        assert_eq!(parse_cell("-1e400"), Err(NumberError::TooLarge));
        assert_eq!(parse_cell("1.7e308"), num(1.7e308));
    }
}

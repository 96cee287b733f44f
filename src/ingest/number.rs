//! Reading numbers the way spreadsheets from Chinese offices write them.
//!
//! Accepts thousands separators (1,234.5, or spaces: 1 234.5), full-width
//! digits and signs (１２３４．５, －3), a trailing percent sign (12.5% /
//! 12.5％), Excel's leading apostrophe that marks a number typed as text
//! ('123), and the usual ways of writing "no data" (blank, —, -, N/A, 无
//! ...), which become `Missing`, never zero. `NaN`, `inf` and numbers
//! beyond the range of a 64-bit float (1e400) are errors, never blanks or
//! infinities; so are an Excel error value (#DIV/0!, #N/A: a formula that
//! failed) and a date (2023-12-31: a cell formatted as a date), each named.
//! Everything else is an error saying what was expected. A year is read
//! from "2023", "2023年", "2023.0" or a date (`dates`). Pure functions; no
//! knowledge of fields or units.

mod dates;

pub use dates::{date_text, read_year, Year};

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
    /// A date or a time ("2023-12-31", "08:30"): what a cell formatted as a
    /// date shows.
    Date,
    /// An Excel error value: the cell's formula failed.
    Excel(ExcelError),
}

impl NumberError {
    pub fn expectation(&self) -> &'static str {
        match self {
            NumberError::Text => "text where a number was expected (write the number, or leave the cell blank / \"—\" for no data)",
            NumberError::Malformed => "not a well-formed number (expected e.g. 1234.5, 1,234.5 or 12.5%)",
            NumberError::NotFinite => "NaN or infinity is not a value (write the number, or leave the cell blank / \"—\" for no data)",
            NumberError::TooLarge => "the number is too large to compute with (beyond ±1.8e308)",
            NumberError::Date => "a date where a number was expected: the cell holds a date, or is formatted as a date in Excel (format the cell as a number and type the value)",
            NumberError::Excel(e) => e.expectation(),
        }
    }
}

/// The error values Excel shows in a cell whose formula failed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExcelError {
    Div0,
    NotAvailable,
    Name,
    Null,
    Num,
    Ref,
    Value,
    Spill,
    Calc,
    GettingData,
}

impl ExcelError {
    const ALL: [(ExcelError, &'static str); 11] = [
        (ExcelError::Div0, "#DIV/0!"),
        (ExcelError::NotAvailable, "#N/A"),
        (ExcelError::Name, "#NAME?"),
        (ExcelError::Null, "#NULL!"),
        (ExcelError::Num, "#NUM!"),
        (ExcelError::Ref, "#REF!"),
        (ExcelError::Value, "#VALUE!"),
        (ExcelError::Spill, "#SPILL!"),
        (ExcelError::Calc, "#CALC!"),
        (ExcelError::GettingData, "#GETTING_DATA"),
        (ExcelError::GettingData, "#DATA!"),
    ];

    /// The error value a cell shows ("#DIV/0!"), any case; `None` for
    /// anything else.
    pub fn parse(text: &str) -> Option<ExcelError> {
        let t = text.trim();
        Self::ALL
            .iter()
            .find(|(_, code)| code.eq_ignore_ascii_case(t))
            .map(|&(e, _)| e)
    }

    /// What the error says, and what to do.
    pub fn expectation(&self) -> &'static str {
        match self {
            ExcelError::Div0 => "#DIV/0! — the cell's formula failed in Excel (a division by zero): correct the formula or type the value (\"—\" for no data)",
            ExcelError::NotAvailable => "#N/A — the cell's formula failed in Excel (a value was not found): correct the formula or type the value (\"—\" for no data)",
            ExcelError::Name => "#NAME? — the cell's formula failed in Excel (an unknown function or name): correct the formula or type the value",
            ExcelError::Null => "#NULL! — the cell's formula failed in Excel (ranges that do not meet): correct the formula or type the value",
            ExcelError::Num => "#NUM! — the cell's formula failed in Excel (an invalid number): correct the formula or type the value",
            ExcelError::Ref => "#REF! — the cell's formula failed in Excel (it refers to a cell that was deleted): correct the formula or type the value",
            ExcelError::Value => "#VALUE! — the cell's formula failed in Excel (a value of the wrong type): correct the formula or type the value",
            ExcelError::Spill => "#SPILL! — the cell's formula failed in Excel (its results do not fit): correct the formula or type the value",
            ExcelError::Calc => "#CALC! — the cell's formula failed in Excel (a calculation error): correct the formula or type the value",
            ExcelError::GettingData => "#GETTING_DATA — the cell's formula had not finished in Excel: save the workbook again once the value shows, or type the value",
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
    let trimmed = half.trim();
    // Excel's mark of a number typed as text ('123), kept by some writers.
    let s = trimmed.strip_prefix('\'').map_or(trimmed, str::trim);
    if MISSING_TOKENS.contains(&s.to_lowercase().as_str()) || raw.trim() == "－－" {
        return Ok(Cell::Missing);
    }
    if let Some(e) = ExcelError::parse(s) {
        return Err(NumberError::Excel(e));
    }
    if date_text(s).is_some() || dates::time_text(s) {
        return Err(NumberError::Date);
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

/// Spaces that separate thousands (1 234 567): a space, a no-break space,
/// a thin space, a narrow no-break space.
const SPACE_SEPARATORS: [char; 4] = [' ', '\u{a0}', '\u{2009}', '\u{202f}'];

/// Remove thousands separators, accepting them only in their proper places
/// (groups of three digits before the decimal point): commas, or spaces,
/// never both in one number.
fn strip_thousands(s: &str) -> Option<String> {
    let spaced = s.contains(SPACE_SEPARATORS);
    if spaced && s.contains(',') {
        return None;
    }
    if spaced {
        return strip_thousands(&s.replace(SPACE_SEPARATORS, ","));
    }
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
    fn numbers_typed_as_text() {
        assert_eq!(parse_cell("'123"), num(123.0));
        assert_eq!(parse_cell(" '1,234.5"), num(1234.5));
        assert_eq!(parse_cell("＇１２３"), num(123.0));
        assert_eq!(parse_cell("'"), Ok(Cell::Missing));
        assert_eq!(parse_cell("''123"), Err(NumberError::Malformed));
    }

    #[test]
    fn spaces_between_thousands() {
        assert_eq!(parse_cell("1 234"), num(1234.0));
        assert_eq!(parse_cell("12 345 678.5"), num(12_345_678.5));
        assert_eq!(parse_cell("1\u{a0}234"), num(1234.0));
        assert_eq!(parse_cell("1\u{202f}234,5"), Err(NumberError::Malformed));
        // Ambiguous: two numbers, a mistyped group, mixed separators.
        for t in [
            "1 23",
            "12 3456",
            "1  234",
            "1 234,567",
            "1,234 567",
            "- 3",
            "1 234.5 6",
        ] {
            assert_eq!(parse_cell(t), Err(NumberError::Malformed), "{t:?}");
        }
    }

    #[test]
    fn excel_errors_are_named() {
        assert_eq!(
            parse_cell("#DIV/0!"),
            Err(NumberError::Excel(ExcelError::Div0))
        );
        assert_eq!(
            parse_cell(" #n/a "),
            Err(NumberError::Excel(ExcelError::NotAvailable))
        );
        assert_eq!(
            parse_cell("#REF!"),
            Err(NumberError::Excel(ExcelError::Ref))
        );
        assert!(NumberError::Excel(ExcelError::Div0)
            .expectation()
            .starts_with("#DIV/0! — the cell's formula failed in Excel"));
        assert_eq!(parse_cell("#1"), Err(NumberError::Malformed));
    }

    #[test]
    fn dates_are_not_numbers() {
        for t in [
            "2023-12-31",
            "2023/12/31",
            "2023年12月31日",
            "2023-12-31T08:00:00",
            "08:30",
        ] {
            assert_eq!(parse_cell(t), Err(NumberError::Date), "{t:?}");
        }
        assert_eq!(parse_cell("2023-13-31"), Err(NumberError::Malformed));
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

//! Number formats: what a cell's format code makes Excel show for the
//! number stored. The code is read as Excel reads it: quoted text ("年"),
//! escaped characters (\% or !.), skipped widths and fills (_x, *x) and
//! bracketed parts ([Red], [$-F800], [DBNum1]) are literal; an unquoted %
//! multiplies by 100; commas after the last digit placeholder divide by
//! 1,000; y, m, d, h, s are date and time parts, [h] [mm] [ss] elapsed
//! time. Only the section that applies to the number is read (positive,
//! negative, zero). Excel's built-in formats are known by their id,
//! including the Chinese date formats (27-36, 50-58), which a workbook
//! does not spell out. Pure functions.

/// What a number format shows for a number.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Shown {
    /// The number as stored (General, 0.00, #,##0, [Red]0.00, @ ...).
    General,
    /// The number x100 with a % sign (0%, 0.0%).
    Percent,
    /// The number as stored followed by a literal % sign (0.0"%").
    PercentSign,
    /// A date (yyyy-mm-dd, yyyy"年"m"月"d"日").
    Date,
    /// A date and a time of day.
    DateTime,
    /// A time of day (h:mm).
    Time,
    /// Elapsed time ([h]:mm:ss).
    Duration,
    /// Another number than the one stored: the text says how.
    Scaled(&'static str),
}

impl Shown {
    pub fn is_date_or_time(self) -> bool {
        matches!(
            self,
            Shown::Date | Shown::DateTime | Shown::Time | Shown::Duration
        )
    }
}

/// The format code of a built-in format a workbook names by id only:
/// Excel's Chinese (zh-CN) date and time formats.
pub fn builtin_code(id: u32) -> Option<&'static str> {
    Some(match id {
        27 | 36 | 50 | 52 | 57 => r#"yyyy"年"m"月""#,
        28 | 29 | 51 | 53 | 54 | 58 => r#"m"月"d"日""#,
        30 => "m-d-yy",
        31 => r#"yyyy"年"m"月"d"日""#,
        32 => r#"h"时"mm"分""#,
        33 => r#"h"时"mm"分"ss"秒""#,
        34 | 55 => r#"上午/下午h"时"mm"分""#,
        35 | 56 => r#"上午/下午h"时"mm"分"ss"秒""#,
        _ => return None,
    })
}

/// The sections of a format code, split at the semicolons that are not
/// quoted, escaped or in brackets.
fn sections(code: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let (mut start, mut quoted, mut bracket, mut escaped) = (0, false, false, false);
    for (i, c) in code.char_indices() {
        if escaped {
            escaped = false;
            continue;
        }
        match c {
            '"' => quoted = !quoted,
            _ if quoted => {}
            '\\' | '!' | '_' | '*' => escaped = true,
            '[' => bracket = true,
            ']' => bracket = false,
            ';' if !bracket => {
                out.push(&code[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    out.push(&code[start..]);
    out
}

/// The section of the format `code` that applies to `value`: the one for
/// a negative number or zero when the code has one.
fn section_for(code: &str, value: f64) -> &str {
    let parts = sections(code);
    match parts.len() {
        n if n >= 2 && value < 0.0 => parts[1],
        n if n >= 3 && value == 0.0 => parts[2],
        _ => parts[0],
    }
}

/// What the format `code` shows for the number `value`.
pub fn classify(code: &str, value: f64) -> Shown {
    classify_section(section_for(code, value))
}

/// The text the format `code` shows beside the number `value` (quoted,
/// escaped, or written in Chinese without quotes), trimmed: "万元" for
/// `0.00"万元"`.
pub fn literal_text(code: &str, value: f64) -> String {
    let section = section_for(code, value).replace("G/通用格式", "");
    let mut out = String::new();
    let mut chars = section.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.extend(chars.by_ref().take_while(|&q| q != '"')),
            '\\' | '!' => out.extend(chars.next()),
            '_' | '*' => {
                chars.next();
            }
            '[' => chars.by_ref().take_while(|&q| q != ']').for_each(drop),
            c if !c.is_ascii() => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// What one section of a format code shows.
fn classify_section(section: &str) -> Shown {
    let t = section.trim();
    if t.eq_ignore_ascii_case("general") || t == "G/通用格式" {
        return Shown::General;
    }
    let mut f = Features::default();
    let mut chars = section.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => {
                for q in chars.by_ref() {
                    if q == '"' {
                        break;
                    }
                    f.literal(q);
                }
            }
            '\\' | '!' => {
                if let Some(q) = chars.next() {
                    f.literal(q);
                }
            }
            '_' | '*' => {
                chars.next();
            }
            '[' => {
                let mut inside = String::new();
                for q in chars.by_ref() {
                    if q == ']' {
                        break;
                    }
                    inside.push(q.to_ascii_lowercase());
                }
                let first = inside.chars().next();
                if first.is_some_and(|h| "hms".contains(h))
                    && inside.chars().all(|x| Some(x) == first)
                {
                    f.elapsed = true;
                }
            }
            '0' | '#' | '?' => {
                f.commas = 0;
                f.after_digit = true;
            }
            ',' if f.after_digit => f.commas += 1,
            '%' => {
                f.end_of_number();
                f.percent += 1;
            }
            'e' | 'E' if matches!(chars.peek(), Some('+' | '-')) => {
                chars.next();
                f.end_of_number();
            }
            'g' | 'G'
                if chars
                    .clone()
                    .take(6)
                    .collect::<String>()
                    .eq_ignore_ascii_case("eneral") =>
            {
                for _ in 0..6 {
                    chars.next();
                }
                f.commas = 0;
                f.after_digit = true;
            }
            'y' | 'Y' | 'd' | 'D' => {
                f.end_of_number();
                f.date = true;
            }
            'm' | 'M' => {
                f.end_of_number();
                f.month_or_minute = true;
            }
            'h' | 'H' | 's' | 'S' => {
                f.end_of_number();
                f.time = true;
            }
            'a' | 'A' => {
                let rest: String = chars.clone().take(4).collect();
                let rest = rest.to_ascii_uppercase();
                if rest.starts_with("M/PM") || rest.starts_with("/P") {
                    f.time = true;
                    let skip = if rest.starts_with("M/PM") { 4 } else { 2 };
                    for _ in 0..skip {
                        chars.next();
                    }
                }
                f.end_of_number();
            }
            _ => f.literal(c),
        }
    }
    f.end_of_number();
    f.shown()
}

/// What the tokens of a section have shown so far.
#[derive(Default)]
struct Features {
    /// Unquoted % signs.
    percent: u32,
    /// A % sign in quoted or escaped text.
    literal_percent: bool,
    /// Commas after a digit placeholder, not yet known as separators.
    commas: u32,
    /// Commas that divide by 1,000 (after the last digit placeholder).
    scaling: u32,
    after_digit: bool,
    date: bool,
    month_or_minute: bool,
    time: bool,
    elapsed: bool,
}

impl Features {
    /// A literal character: it ends the number.
    fn literal(&mut self, c: char) {
        if c == '%' || c == '％' {
            self.literal_percent = true;
        }
        self.end_of_number();
    }

    /// Commas left after the digits divide the number by 1,000 each.
    fn end_of_number(&mut self) {
        self.scaling += self.commas;
        self.commas = 0;
        self.after_digit = false;
    }

    fn shown(&self) -> Shown {
        if self.elapsed {
            return Shown::Duration;
        }
        // m is a month beside y or d, or alone; minutes beside h or s.
        let date = self.date || (self.month_or_minute && !self.time);
        match (date, self.time) {
            (true, true) => return Shown::DateTime,
            (true, false) => return Shown::Date,
            (false, true) => return Shown::Time,
            _ => {}
        }
        match (self.percent, self.scaling) {
            (0, 0) if self.literal_percent => Shown::PercentSign,
            (0, 0) => Shown::General,
            (1, 0) => Shown::Percent,
            (0, 1) => Shown::Scaled("divides the number by 1,000"),
            (0, 2) => Shown::Scaled("divides the number by 1,000,000"),
            (0, _) => Shown::Scaled("divides the number by a power of 1,000"),
            (_, 0) => Shown::Scaled("multiplies the number by 100 more than once"),
            _ => Shown::Scaled("multiplies the number by 100 and divides it by a power of 1,000"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn shown(code: &str) -> Shown {
        classify(code, 1.5)
    }

    #[test]
    fn built_in_formats() {
        // The codes of Excel's built-in ids 0-49 (ECMA-376 18.8.30).
        for code in [
            "General",
            "0",
            "0.00",
            "#,##0",
            "#,##0.00",
            "0.00E+00",
            "# ?/?",
            "# ??/??",
            "#,##0 ;(#,##0)",
            "#,##0.00;[Red](#,##0.00)",
            r#"_(* #,##0_);_(* (#,##0);_(* "-"_);_(@_)"#,
            r#"_($* #,##0.00_);_($* (#,##0.00);_($* "-"??_);_(@_)"#,
            "##0.0E+0",
            "@",
        ] {
            assert_eq!(shown(code), Shown::General, "{code}");
        }
        assert_eq!(shown("0%"), Shown::Percent);
        assert_eq!(shown("0.00%"), Shown::Percent);
        for code in ["mm-dd-yy", "d-mmm-yy", "d-mmm", "mmm-yy"] {
            assert_eq!(shown(code), Shown::Date, "{code}");
        }
        for code in [
            "h:mm AM/PM",
            "h:mm:ss AM/PM",
            "h:mm",
            "h:mm:ss",
            "mm:ss",
            "mmss.0",
        ] {
            assert_eq!(shown(code), Shown::Time, "{code}");
        }
        assert_eq!(shown("m/d/yy h:mm"), Shown::DateTime);
        assert_eq!(shown("[h]:mm:ss"), Shown::Duration);
        for id in (27..=36).chain(50..=58) {
            let code = builtin_code(id).unwrap();
            assert!(shown(code).is_date_or_time(), "{id}: {code}");
        }
        assert_eq!(builtin_code(31), Some(r#"yyyy"年"m"月"d"日""#));
        assert_eq!(builtin_code(9), None);
    }

    #[test]
    fn custom_formats() {
        assert_eq!(shown("0.0%"), Shown::Percent);
        assert_eq!(shown("#,##0.0%"), Shown::Percent);
        assert_eq!(shown("0.0%;[Red]-0.0%"), Shown::Percent);
        assert_eq!(shown(r#"yyyy"年"m"月"d"日""#), Shown::Date);
        assert_eq!(shown(r#"[DBNum1][$-804]yyyy"年"m"月"d"日";@"#), Shown::Date);
        assert_eq!(shown("[$-F800]dddd, mmmm dd, yyyy"), Shown::Date);
        assert_eq!(shown("yyyy-mm-dd"), Shown::Date);
        assert_eq!(shown("yyyy/m/d h:mm:ss"), Shown::DateTime);
        assert_eq!(shown("[$-F400]h:mm:ss AM/PM"), Shown::Time);
        assert_eq!(shown("[mm]:ss"), Shown::Duration);
        // A quoted or escaped % is a literal: the number is not x100.
        assert_eq!(shown(r#"0.0"%""#), Shown::PercentSign);
        assert_eq!(shown(r"0.0\%"), Shown::PercentSign);
        assert_eq!(shown(r#"0.0"％""#), Shown::PercentSign);
        // Colours, conditions, text and currency change nothing.
        for code in [
            "[Red]0.00",
            "[Blue]#,##0;[Red]-#,##0",
            "[>=100]0;0.0",
            r#"#,##0.00"元""#,
            "¥#,##0.00",
            r#""Total: "0"#,
            "G/通用格式",
            "general",
            r#"General"元""#,
            r#"0_);[Red]\(0\)"#,
            r#"0.00 "m²""#,
            r#"0 "hours""#,
        ] {
            assert_eq!(shown(code), Shown::General, "{code}");
        }
        // Commas after the digits divide by 1,000.
        assert_eq!(
            shown("#,##0,"),
            Shown::Scaled("divides the number by 1,000")
        );
        assert_eq!(
            shown(r#"#,##0.00,,"百万""#),
            Shown::Scaled("divides the number by 1,000,000")
        );
        assert_eq!(
            shown(r#"0!.0,"万""#),
            Shown::Scaled("divides the number by 1,000")
        );
        assert_eq!(
            shown("0%%"),
            Shown::Scaled("multiplies the number by 100 more than once")
        );
    }

    #[test]
    fn text_beside_the_number() {
        assert_eq!(literal_text(r#"#,##0.00"万元""#, 1.0), "万元");
        assert_eq!(literal_text(r#"0.00\ "亿元";[Red]-0.00"#, 1.0), "亿元");
        assert_eq!(literal_text(r#"0.00\ "亿元";[Red]-0.00"#, -1.0), "");
        assert_eq!(literal_text("0家", 1.0), "家");
        assert_eq!(literal_text(r#"G/通用格式"个""#, 1.0), "个");
        assert_eq!(literal_text("[$¥-804]#,##0.00", 1.0), "");
        assert_eq!(literal_text("_(* #,##0_)", 1.0), "");
        assert_eq!(literal_text("0.00", 1.0), "");
    }

    #[test]
    fn the_section_for_the_number() {
        let code = r#"0.0%;"-"0.0;"zero""#;
        assert_eq!(classify(code, 0.5), Shown::Percent);
        assert_eq!(classify(code, -0.5), Shown::General);
        assert_eq!(classify(code, 0.0), Shown::General);
        assert_eq!(classify("0.0%", -0.5), Shown::Percent);
        assert_eq!(
            sections(r#"0;"a;b";[<0];\;"#),
            vec!["0", r#""a;b""#, "[<0]", r"\;"]
        );
    }
}

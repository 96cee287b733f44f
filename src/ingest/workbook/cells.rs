//! One workbook cell as Excel shows it: a number through its number format
//! (a percent is the number x100 with a % sign, 0.085 is "8.5%"; a date is
//! its ISO date, 45291 is "2023-12-31"), an error value as Excel shows it
//! ("#DIV/0!"), TRUE or FALSE, text as typed. The x100 shifts the decimal
//! point in the number's shortest decimal text, so no rounding is
//! introduced (0.07 is 7, never 7.000000000000001). Whenever the text is
//! not what the file stores, a reading says how it was read. Pure
//! functions.

use super::format::{builtin_code, classify, literal_text, Shown};
use crate::ingest::number::{parse_cell, Cell};
use crate::ingest::reading::{CellReading, How};
use crate::ingest::units;
use calamine::{DataRef, ExcelDateTime, ExcelDateTimeType, Style};

/// The serial numbers Excel shows as dates: 1900-01-00 to 9999-12-31.
const LAST_SERIAL: f64 = 2_958_466.0;

/// A cell's text, and how it was read when that is not as stored.
pub type Read = (String, Option<Box<CellReading>>);

/// The number format code of a cell style: the code the workbook gives,
/// or for a built-in Chinese date format, its code.
pub fn format_code(style: Option<&Style>) -> String {
    let Some(nf) = style.and_then(|s| s.number_format.as_ref()) else {
        return "General".into();
    };
    match nf.format_id.and_then(builtin_code) {
        Some(code) if nf.format_code == "General" => code.into(),
        _ => nf.format_code.clone(),
    }
}

/// The cell in column `col`, with number format `format`, as Excel shows
/// it.
pub fn read_cell(value: &DataRef, format: &str, is_1904: bool, col: u32) -> Read {
    let reading = |stored: String, format: String, how: How| {
        Some(Box::new(CellReading {
            column: col as usize,
            stored,
            format,
            how,
        }))
    };
    match value {
        DataRef::Empty => (String::new(), None),
        DataRef::String(s) => text_cell(s, col),
        DataRef::SharedString(s) => text_cell(s, col),
        DataRef::Float(f) => number_cell(*f, format!("{f}"), None, format, is_1904, col),
        DataRef::Int(i) => number_cell(*i as f64, i.to_string(), None, format, is_1904, col),
        DataRef::DateTime(dt) => {
            let v = dt.as_f64();
            let kind = if dt.is_duration() {
                Shown::Duration
            } else if v.fract() == 0.0 {
                Shown::Date
            } else {
                Shown::DateTime
            };
            number_cell(v, format!("{v}"), Some(kind), format, is_1904, col)
        }
        DataRef::DateTimeIso(s) => (s.clone(), reading(s.clone(), String::new(), How::Date)),
        DataRef::DurationIso(s) => (s.clone(), reading(s.clone(), String::new(), How::Time)),
        DataRef::Bool(b) => {
            let text = if *b { "TRUE" } else { "FALSE" };
            (
                text.into(),
                reading(b.to_string(), String::new(), How::Boolean),
            )
        }
        DataRef::Error(e) => {
            let text = e.to_string();
            (text.clone(), reading(text, String::new(), How::ExcelError))
        }
    }
}

/// A text cell: as typed; a reading when it reads as a number written
/// otherwise than plainly ("'123", "1,234.5", "１２３"; not "123").
fn text_cell(s: &str, col: u32) -> Read {
    // Names and addresses, the most of a text-heavy sheet, are not looked
    // at twice: a number has a digit and is short.
    let digits = s.len() <= 64
        && s.chars()
            .any(|c| c.is_ascii_digit() || ('０'..='９').contains(&c));
    let plain = !digits || s.trim().parse::<f64>().is_ok();
    if plain {
        return (s.to_string(), None);
    }
    let reading = match parse_cell(s) {
        Ok(Cell::Number { .. }) => Some(Box::new(CellReading {
            column: col as usize,
            stored: s.to_string(),
            format: String::new(),
            how: How::TextNumber,
        })),
        _ => None,
    };
    (s.to_string(), reading)
}

/// A number through its format. `date` is calamine's reading of the
/// format (a date, a date and time, a duration), taken when this module's
/// reading does not see a date: a number is shown as a date when either
/// sees one.
fn number_cell(
    value: f64,
    text: String,
    date: Option<Shown>,
    format: &str,
    is_1904: bool,
    col: u32,
) -> Read {
    let format = if format == "General" { "" } else { format };
    let mut shown = classify(format, value);
    if !shown.is_date_or_time() {
        shown = date.unwrap_or(shown);
    }
    let reading = |how: How| {
        Some(Box::new(CellReading {
            column: col as usize,
            stored: text.clone(),
            format: format.to_string(),
            how,
        }))
    };
    if !value.is_finite() {
        return (text.clone(), None);
    }
    match shown {
        Shown::General => {
            let unit = literal_text(format, value);
            if unit.is_empty() || !units::is_known(&unit) {
                (text.clone(), None)
            } else {
                (text.clone(), reading(How::Unit(unit)))
            }
        }
        Shown::Percent => (format!("{}%", times_100(&text)), reading(How::Percent)),
        Shown::PercentSign => (format!("{text}%"), reading(How::PercentSign)),
        Shown::Scaled(what) => (text.clone(), reading(How::Scaled(what))),
        _ if !(0.0..LAST_SERIAL).contains(&value) => (text.clone(), reading(How::NotADate)),
        Shown::Duration => (duration(value), reading(How::Time)),
        Shown::Date | Shown::DateTime | Shown::Time => {
            let (y, m, d, hh, mm, ss, _) =
                ExcelDateTime::new(value, ExcelDateTimeType::DateTime, is_1904).to_ymd_hms_milli();
            let day = format!("{y:04}-{m:02}-{d:02}");
            let time = format!("{hh:02}:{mm:02}:{ss:02}");
            match shown {
                Shown::Date => (day, reading(How::Date)),
                Shown::DateTime => (format!("{day}T{time}"), reading(How::Date)),
                _ => (time, reading(How::Time)),
            }
        }
    }
}

/// Elapsed time as [h]:mm:ss shows it.
fn duration(days: f64) -> String {
    let seconds = (days * 86_400.0).round() as u64;
    format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    )
}

/// A number's decimal text times 100, by moving the decimal point two
/// places: "0.085" is "8.5", "1" is "100", "-0.5" is "-50".
pub fn times_100(text: &str) -> String {
    let (sign, digits) = match text.strip_prefix('-') {
        Some(d) => ("-", d),
        None => ("", text),
    };
    let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
    let padded = format!("{frac:0<2}");
    let (moved, rest) = padded.split_at(2);
    let joined = format!("{int}{moved}");
    let int = match joined.trim_start_matches('0') {
        "" => "0",
        i => i,
    };
    let rest = rest.trim_end_matches('0');
    let sign = if int == "0" && rest.is_empty() {
        ""
    } else {
        sign
    };
    if rest.is_empty() {
        format!("{sign}{int}")
    } else {
        format!("{sign}{int}.{rest}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::CellErrorType;

    #[test]
    fn percent_by_moving_the_point() {
        for (stored, shown) in [
            (0.085, "8.5"),
            (1.0, "100"),
            (0.5, "50"),
            (0.125, "12.5"),
            (-0.035, "-3.5"),
            (0.0, "0"),
            (-0.0, "0"),
            (1.23456789, "123.456789"),
            (0.0001, "0.01"),
            (0.145, "14.5"),
            (12.3, "1230"),
            (0.07, "7"),
            (0.1 + 0.2, "30.000000000000004"),
        ] {
            assert_eq!(times_100(&format!("{stored}")), shown, "{stored}");
        }
        // The point moved, not a multiplication: 0.07 * 100 is not 7, nor
        // 0.145 * 100 14.5.
        assert_ne!(0.07 * 100.0, 7.0);
        assert_ne!(0.145 * 100.0, 14.5);
        assert_eq!(times_100("0.145"), "14.5");
    }

    #[test]
    fn values_as_excel_shows_them() {
        let plain = |d: DataRef| read_cell(&d, "General", false, 2);
        assert_eq!(plain(DataRef::Float(1234.5)), ("1234.5".to_string(), None));
        assert_eq!(plain(DataRef::Int(7)).0, "7");
        assert_eq!(plain(DataRef::Empty).0, "");
        let (text, r) = plain(DataRef::Error(CellErrorType::Div0));
        assert_eq!(text, "#DIV/0!");
        assert_eq!(r.unwrap().how, How::ExcelError);
        let (text, r) = plain(DataRef::Bool(true));
        assert_eq!(text, "TRUE");
        assert_eq!(r.unwrap().how, How::Boolean);
        let (text, r) = plain(DataRef::SharedString("1,234.5"));
        assert_eq!(text, "1,234.5");
        assert_eq!(r.unwrap().how, How::TextNumber);
        assert_eq!(plain(DataRef::SharedString("C01")).1, None);
        assert_eq!(
            plain(DataRef::SharedString("919.79")),
            ("919.79".to_string(), None)
        );
        // calamine sees a date format: the serial as a date.
        let dt = |v| DataRef::DateTime(ExcelDateTime::new(v, ExcelDateTimeType::DateTime, false));
        let (text, r) = plain(dt(45291.0));
        assert_eq!(text, "2023-12-31");
        let r = r.unwrap();
        assert_eq!((r.stored.as_str(), r.how.clone()), ("45291", How::Date));
        assert_eq!(plain(dt(45291.5)).0, "2023-12-31T12:00:00");
        let (text, r) = plain(dt(3e6));
        assert_eq!(text, "3000000");
        assert_eq!(r.unwrap().how, How::NotADate);
        let one_and_a_half_days =
            DataRef::DateTime(ExcelDateTime::new(1.5, ExcelDateTimeType::TimeDelta, false));
        assert_eq!(plain(one_and_a_half_days).0, "36:00:00");
    }

    #[test]
    fn numbers_through_their_format() {
        let cell = |v: f64, format: &str| {
            let (text, r) = read_cell(&DataRef::Float(v), format, false, 0);
            (text, r.map(|r| (r.stored, r.format, r.how)))
        };
        let read =
            |stored: &str, format: &str, how| Some((stored.to_string(), format.to_string(), how));
        assert_eq!(
            cell(0.085, "0.0%"),
            ("8.5%".into(), read("0.085", "0.0%", How::Percent))
        );
        assert_eq!(
            cell(0.085, "0%"),
            ("8.5%".into(), read("0.085", "0%", How::Percent))
        );
        assert_eq!(
            cell(8.5, r#"0.0"%""#),
            ("8.5%".into(), read("8.5", r#"0.0"%""#, How::PercentSign))
        );
        assert_eq!(
            cell(45291.0, "yyyy-mm-dd"),
            ("2023-12-31".into(), read("45291", "yyyy-mm-dd", How::Date))
        );
        assert_eq!(cell(45291.0, r#"yyyy"年"m"月"d"日""#).0, "2023-12-31");
        assert_eq!(cell(45291.25, "yyyy/m/d h:mm").0, "2023-12-31T06:00:00");
        assert_eq!(
            cell(0.75, "h:mm"),
            ("18:00:00".into(), read("0.75", "h:mm", How::Time))
        );
        assert_eq!(cell(2023.0, "yyyy-mm-dd").0, "1905-07-15");
        assert_eq!(
            cell(-1.0, "yyyy-mm-dd"),
            ("-1".into(), read("-1", "yyyy-mm-dd", How::NotADate))
        );
        assert_eq!(
            cell(18_110_900.0, "#,##0,"),
            (
                "18110900".into(),
                read(
                    "18110900",
                    "#,##0,",
                    How::Scaled("divides the number by 1,000")
                )
            )
        );
        assert_eq!(
            cell(1234.5, r#"#,##0.00"万元""#),
            (
                "1234.5".into(),
                read("1234.5", r#"#,##0.00"万元""#, How::Unit("万元".into()))
            )
        );
        for format in ["General", "0.00", "#,##0", "[Red]0.00", "@", r#"0.0"吨""#] {
            assert_eq!(cell(1234.5, format), ("1234.5".into(), None), "{format}");
        }
        // In a 1904 workbook, day 0 is 1904-01-01.
        let (text, _) = read_cell(&DataRef::Float(43829.0), "yyyy-mm-dd", true, 0);
        assert_eq!(text, "2023-12-31");
    }
}

//! Dates and years as cells hold them: a date typed or exported from a
//! spreadsheet ("2023-12-31", "2023/12/31", "2023.12.31", "2023年12月31日",
//! "12/31/2023", with or without a time), a time ("08:30", "36:00:00"),
//! and a year read from a cell that holds a year or a date. A date is
//! accepted only when it is a real day of the calendar; anything else is
//! not a date. Pure functions.

use super::to_half_width;

/// The years a cell may hold (as the round's years: 1900 to 2200).
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A year read from a cell.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Year {
    pub year: i32,
    /// The date the year was read from, as the cell shows it; `None` when
    /// the cell holds the year itself.
    pub date: Option<String>,
}

/// The year a cell holds: "2023", "2023年", "２０２３", "'2023", "2023.0"
/// (how a spreadsheet may store a year), or a date (its year). A year is
/// written with four digits, 1900 to 2200: "19年" or "21" is not a year
/// (never read as the year 19). `None` for anything else.
pub fn read_year(raw: &str) -> Option<Year> {
    let half = to_half_width(raw);
    let trimmed = half.trim();
    let s = trimmed.strip_prefix('\'').map_or(trimmed, str::trim);
    let bare = s.trim_end_matches('年');
    if let Ok(year) = bare.parse::<i32>() {
        return YEARS.contains(&year).then_some(Year { year, date: None });
    }
    if let Ok(f) = bare.parse::<f64>() {
        if f.fract() == 0.0 && (1900.0..=2200.0).contains(&f) {
            // Within YEARS.
            return Some(Year {
                year: f as i32,
                date: None,
            });
        }
    }
    date_text(s).filter(|y| YEARS.contains(y)).map(|year| Year {
        year,
        date: Some(s.to_string()),
    })
}

/// The year of a date written as text, with an optional time after a space
/// or a `T`: year first (2023-12-31, 2023/12/31, 2023.12.31,
/// 2023年12月31日) or last (12/31/2023 or 31/12/2023: the year is the same
/// whichever is the month). `None` when the text is not a real date.
pub fn date_text(s: &str) -> Option<i32> {
    let s = s.trim();
    if let Some((day, time)) = s.split_once('日') {
        let time = time.trim();
        if !time.is_empty() && !clock_text(time) {
            return None;
        }
        let day: String = day.chars().filter(|c| !c.is_whitespace()).collect();
        let (y, rest) = day.split_once('年')?;
        let (m, d) = rest.split_once('月')?;
        return ymd(y, m, d);
    }
    let (day, time) = match s.find(['T', ' ']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim())),
        None => (s, None),
    };
    if time.is_some_and(|t| !clock_text(t)) {
        return None;
    }
    let sep = day.chars().find(|c| matches!(c, '-' | '/' | '.'))?;
    let parts: Vec<&str> = day.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    if a.len() == 4 {
        ymd(a, b, c)
    } else if c.len() == 4 && sep == '/' {
        ymd(c, a, b).or_else(|| ymd(c, b, a))
    } else {
        None
    }
}

/// A time of day or a duration: hours, then minutes and optionally
/// seconds (with a fraction) of two digits each: "8:30", "08:30:00",
/// "36:00:00.5".
pub fn time_text(s: &str) -> bool {
    let mut parts = s.trim().split(':');
    let hours = parts.next().unwrap_or("");
    let Some(minutes) = parts.next() else {
        return false;
    };
    let seconds = parts.next();
    if parts.next().is_some() || !digits(hours, 1, 5) || !two_digits_below_60(minutes) {
        return false;
    }
    match seconds {
        None => true,
        Some(sec) => {
            let (whole, frac) = sec.split_once('.').unwrap_or((sec, "0"));
            two_digits_below_60(whole) && digits(frac, 1, 9)
        }
    }
}

/// A time of day (hours 0 to 23), as after a date.
fn clock_text(s: &str) -> bool {
    let hours = s.split(':').next().unwrap_or("");
    time_text(s) && digits(hours, 1, 2) && hours.parse::<u32>().is_ok_and(|h| h < 24)
}

fn digits(s: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_digit())
}

fn two_digits_below_60(s: &str) -> bool {
    digits(s, 2, 2) && s < "60"
}

/// The year when year, month and day make a real date (four-digit year,
/// one- or two-digit month and day).
fn ymd(y: &str, m: &str, d: &str) -> Option<i32> {
    if !digits(y, 4, 4) || !digits(m, 1, 2) || !digits(d, 1, 2) {
        return None;
    }
    let (year, month, day): (i32, u32, u32) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    };
    (1..=days).contains(&day).then_some(year)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_offices_write_them() {
        for s in [
            "2023-12-31",
            "2023/12/31",
            "2023.12.31",
            "2023-1-5",
            "2023年12月31日",
            "2023 年 12 月 31 日",
            "12/31/2023",
            "31/12/2023",
            "2023-12-31T08:00:00",
            "2023-12-31 08:00",
            "2024-02-29",
        ] {
            assert_eq!(
                date_text(s),
                Some(2023 + i32::from(s.starts_with("2024"))),
                "{s}"
            );
        }
        for s in [
            "2023",
            "2023.12",
            "1.2.3",
            "2023-13-01",
            "2023-02-29",
            "2023-12-32",
            "2023-12-31T25:00",
            "23-12-31",
            "31.12.2023",
            "2023-12/31",
            "2023年12月",
            "12/31/23",
        ] {
            assert_eq!(date_text(s), None, "{s}");
        }
    }

    #[test]
    fn times_and_durations() {
        for s in ["8:30", "08:30:00", "36:00:00", "0:00:00.5"] {
            assert!(time_text(s), "{s}");
        }
        for s in [
            "1:2",
            "8:60",
            "8:30:75",
            ":30",
            "8:30:00:00",
            "a:30",
            "1,234",
        ] {
            assert!(!time_text(s), "{s}");
        }
    }

    #[test]
    fn years_from_years_and_dates() {
        let year = |y| {
            Some(Year {
                year: y,
                date: None,
            })
        };
        assert_eq!(read_year("2023"), year(2023));
        assert_eq!(read_year(" ２０２３年 "), year(2023));
        assert_eq!(read_year("'2023"), year(2023));
        assert_eq!(read_year("2023.0"), year(2023));
        assert_eq!(read_year("99999"), None);
        assert_eq!(read_year("19年"), None);
        assert_eq!(read_year("21"), None);
        assert_eq!(read_year("0019-12-31"), None);
        assert_eq!(
            read_year("2023年12月31日"),
            Some(Year {
                year: 2023,
                date: Some("2023年12月31日".into())
            })
        );
        assert_eq!(read_year("2023/12/31").map(|y| y.year), Some(2023));
        assert_eq!(read_year("2023.5"), None);
        assert_eq!(read_year("current"), None);
        assert_eq!(read_year("45291.0").map(|y| y.year), None);
    }
}

//! The words of the findings, in Chinese and in English: numbers written
//! as a clerk reads them (1,234,500), the names of the periods, and the
//! name of a likely unit slip ("looks like 万元 entered in a 亿元 column").
//! The Chinese texts are wholly Chinese, the English ones wholly English
//! (units, ids and numbers are the same in both).

use crate::framework::{trim_float, Period};
use crate::ingest::units;

/// A number with thousands separators and at most six decimals
/// (1234500 → "1,234,500", 120.5 → "120.5").
pub(super) fn num(x: f64) -> String {
    let plain = trim_float(x.abs());
    if plain == "0" && x != 0.0 {
        // Too small for six decimals: the shortest exact form.
        return format!("{x}");
    }
    let (int, frac) = plain.split_once('.').unwrap_or((&plain, ""));
    let mut grouped = String::with_capacity(int.len() + int.len() / 3);
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(ch);
    }
    let sign = if x < 0.0 { "-" } else { "" };
    if frac.is_empty() {
        format!("{sign}{grouped}")
    } else {
        format!("{sign}{grouped}.{frac}")
    }
}

/// A ratio to three significant digits (10245.6 → "10,246", 0.010234 →
/// "0.0102").
pub(super) fn ratio(x: f64) -> String {
    if !(x.is_finite() && x > 0.0) {
        return num(x);
    }
    let magnitude = x.log10().floor() as i32;
    let decimals = (2 - magnitude).clamp(0, 12) as usize;
    let rounded: f64 = format!("{x:.decimals$}").parse().unwrap_or(x);
    num(rounded)
}

/// 10^k as a number with separators (k = 4 → "10,000").
pub(super) fn power(k: i32) -> String {
    num(10f64.powi(k.abs()))
}

/// The period's name in Chinese.
pub(super) fn period_zh(p: Period) -> &'static str {
    match p {
        Period::Baseline => "基期",
        Period::Current => "当期",
        Period::Target => "目标期",
    }
}

/// Whether a unit is one of a share's plain-ratio spellings (0.12 for 12 %).
fn is_ratio_unit(unit: &str) -> bool {
    units::factor(unit, "%") == Some(100.0)
}

/// What a value off by 10^k (k > 0: too large; k < 0: too small) in a
/// column of `unit` looks like: (Chinese, English).
pub(super) fn slip(unit: &str, k: i32) -> (String, String) {
    let entered = units::scaled(unit, 10f64.powi(k));
    match entered {
        Some(u) if is_ratio_unit(u) && units::factor(unit, "%") == Some(1.0) => (
            "疑似把小数比例（如 0.125 表示 12.5%）填入了百分比列".into(),
            "looks like a ratio (0.125 for 12.5 %) entered in a percent column".into(),
        ),
        Some(u) if units::factor(u, "%") == Some(1.0) && is_ratio_unit(unit) => (
            "疑似把百分数填入了小数比例列".into(),
            "looks like a percent entered in a ratio column".into(),
        ),
        Some(u) => (
            format!("疑似按{u}填入了{unit}列"),
            format!("looks like {u} entered in a {unit} column"),
        ),
        None => (
            format!("疑似单位错位（相差{}倍）", power(k)),
            format!("looks like a unit slip by a factor of {}", power(k)),
        ),
    }
}

/// "about 10,000× X" or "about 1/100 of X": (Chinese, English), where
/// `what` is the thing compared with in each language.
pub(super) fn times(k: i32, what: (&str, &str)) -> (String, String) {
    if k > 0 {
        (
            format!("约为{}的{}倍", what.0, power(k)),
            format!("about {}× {}", power(k), what.1),
        )
    } else {
        (
            format!("仅约为{}的{}分之一", what.0, power(k)),
            format!("about 1/{} of {}", power(k), what.1),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_as_read() {
        assert_eq!(num(1_234_500.0), "1,234,500");
        assert_eq!(num(120.5), "120.5");
        assert_eq!(num(-1234.25), "-1,234.25");
        assert_eq!(num(999.0), "999");
        assert_eq!(num(0.0), "0");
        assert_eq!(num(1e-9), "0.000000001");
        assert_eq!(ratio(10_245.6), "10,246");
        assert_eq!(ratio(0.010_234), "0.0102");
        assert_eq!(ratio(12.345), "12.3");
        assert_eq!(power(-2), "100");
    }

    #[test]
    fn slips_named_by_the_units() {
        assert_eq!(
            slip("亿元", 4).1,
            "looks like 万元 entered in a 亿元 column"
        );
        assert_eq!(slip("亿元", 4).0, "疑似按万元填入了亿元列");
        assert_eq!(
            slip("万元", -4).1,
            "looks like 亿元 entered in a 万元 column"
        );
        assert_eq!(
            slip("%", -2).1,
            "looks like a ratio (0.125 for 12.5 %) entered in a percent column"
        );
        assert_eq!(
            slip("ratio", 2).1,
            "looks like a percent entered in a ratio column"
        );
        assert_eq!(
            slip("家", 3).1,
            "looks like a unit slip by a factor of 1,000"
        );
        assert_eq!(slip("亿元", -4).0, "疑似单位错位（相差10,000倍）");
    }
}

//! Numbers as people read them: one policy per kind of number, used by
//! report.md, report.html and `explain` (the data files keep the exact
//! numbers of `number::exact`).
//!
//! | kind | input | shown |
//! |---|---|---|
//! | `Percent { given: Share::Fraction, decimals: 1 }` | 0.4523 | 45.2% |
//! | `Percent { given: Share::Points, decimals: 1 }` | 45.23 | 45.2% |
//! | `Count` | 1800 | 1,800 (855.5 stays 855.5: never rounded silently) |
//! | `Amount { decimals: 2 }` | 1081.09 / 0.205 / 0.0012 | 1,081.09 / 0.205 / 0.0012 |
//! | `Score { decimals: 2 }` | 70.2563 | 70.26 |
//! | `PValue` | 0.00815 / 0.0002 | 0.00815 / < 0.001 |
//! | `Index { digits: 3 }` | 0.79912 / 22.37 | 0.799 / 22.4 |
//! | `Exact` | 2.4000000000000004 | 2.4 |
//!
//! Every kind rounds away the noise of binary floating point (a value is
//! first rounded to 12 significant digits), writes a negative zero as zero,
//! never uses an exponent, and groups the digits before the point by
//! thousands. Not-a-number and infinities are written as the dash for no
//! value.

use super::NONE;

/// Significant digits kept of any number before it is shown: enough for
/// every figure a round holds, few enough that the noise of binary floating
/// point (2.4000000000000004) is gone.
const SIGNIFICANT: i32 = 12;

/// How a percentage is given to the formatter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Share {
    /// A fraction: 0.452 is 45.2%.
    Fraction,
    /// Percent points already: 45.2 is 45.2%.
    Points,
}

/// The kind of a number shown to people, and so how it is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NumKind {
    /// A percentage with `decimals` after the point, followed by "%".
    Percent { given: Share, decimals: u32 },
    /// A count: a whole number with thousands separators. A count that is
    /// not whole (an average, a weighted count) keeps its decimals.
    Count,
    /// An amount or any measured value: thousands separators, at least
    /// `decimals` after the point and more where the value is small, so
    /// that three significant digits show (0.205, never 0.20 or 0.00). The
    /// caller appends the unit (`with_unit`).
    Amount { decimals: u32 },
    /// A score (points, totals, stage scores) at the framework's display
    /// decimals (`[report] decimals`).
    Score { decimals: u32 },
    /// A p-value: three significant digits, "< 0.001" below 0.001.
    PValue,
    /// An index or statistic (Kendall's W, χ², a ratio) with `digits`
    /// significant digits (the whole part is never rounded).
    Index { digits: u32 },
    /// The shortest text of the value without floating-point noise.
    Exact,
}

impl NumKind {
    /// The text of `x`.
    pub fn text(self, x: f64) -> String {
        if !x.is_finite() {
            return NONE.to_string();
        }
        let x = denoise(x);
        match self {
            NumKind::Percent { given, decimals } => {
                let points = match given {
                    Share::Fraction => denoise(x * 100.0),
                    Share::Points => x,
                };
                format!("{}%", grouped_fixed(points, decimals))
            }
            NumKind::Count => {
                if x == x.round() {
                    grouped_fixed(x, 0)
                } else {
                    grouped_exact(x)
                }
            }
            NumKind::Amount { decimals } => grouped_fixed(x, decimals.max(decimals_for(x, 3))),
            NumKind::Score { decimals } => grouped_fixed(x, decimals),
            NumKind::PValue => {
                if x < 0.001 {
                    "< 0.001".to_string()
                } else {
                    grouped_fixed(x, decimals_for(x, 3))
                }
            }
            NumKind::Index { digits } => grouped_fixed(x, decimals_for(x, digits)),
            NumKind::Exact => grouped_exact(x),
        }
    }

    /// The text of `x`, or the dash for no value.
    pub fn or_none(self, x: Option<f64>) -> String {
        x.map_or_else(|| NONE.to_string(), |v| self.text(v))
    }
}

/// "1,081.09 亿元": the value and its unit (the value alone when there is
/// no unit).
pub fn with_unit(text: String, unit: &str) -> String {
    let unit = unit.trim();
    if unit.is_empty() {
        text
    } else if unit == "%" {
        format!("{text}%")
    } else {
        format!("{text} {unit}")
    }
}

/// The decimals an amount column needs so that every one of `values`
/// shows three significant digits, and at least `min`: a column written
/// at these decimals lines up and shows no non-zero value as 0.00.
pub fn amount_decimals(values: impl IntoIterator<Item = f64>, min: u32) -> u32 {
    values
        .into_iter()
        .filter(|x| x.is_finite())
        .map(|x| decimals_for(denoise(x), 3))
        .fold(min, u32::max)
}

/// `x` rounded to `SIGNIFICANT` digits: the value as entered or computed,
/// without the noise of binary floating point; -0 becomes 0.
fn denoise(x: f64) -> f64 {
    if x == 0.0 || !x.is_finite() {
        return 0.0;
    }
    let magnitude = x.abs().log10().floor() as i32;
    let keep = SIGNIFICANT - 1 - magnitude;
    let r = if keep >= 0 {
        let f = 10f64.powi(keep.min(300));
        (x * f).round() / f
    } else {
        let f = 10f64.powi((-keep).min(300));
        (x / f).round() * f
    };
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// The decimals after the point that show `digits` significant digits of
/// `x` (0 when its whole part already has them; at most 12).
fn decimals_for(x: f64, digits: u32) -> u32 {
    if x == 0.0 {
        return 0;
    }
    let magnitude = x.abs().log10().floor() as i32;
    (digits as i32 - 1 - magnitude).clamp(0, SIGNIFICANT) as u32
}

/// Fixed decimals, rounded half away from zero as the value reads in
/// decimal (1.005 is 1.01, although its binary value is 1.00499…),
/// grouped, with no negative zero ("-0.00" is "0.00").
fn grouped_fixed(x: f64, decimals: u32) -> String {
    let f = 10f64.powi(decimals as i32);
    let rounded = denoise(x * f).round() / f;
    let s = format!("{:.*}", decimals as usize, rounded);
    let s = match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_string(),
        _ => s,
    };
    group(&s)
}

/// The shortest text of `x` (already without noise), grouped. Rust writes
/// an `f64` without an exponent.
fn grouped_exact(x: f64) -> String {
    group(&format!("{x}"))
}

/// Thousands separators in the whole part of a plain decimal text.
fn group(s: &str) -> String {
    let (sign, rest) = match s.strip_prefix('-') {
        Some(r) => ("-", r),
        None => ("", s),
    };
    let (whole, frac) = match rest.find('.') {
        Some(i) => rest.split_at(i),
        None => (rest, ""),
    };
    let mut out = String::with_capacity(s.len() + whole.len() / 3);
    out.push_str(sign);
    for (k, ch) in whole.chars().enumerate() {
        if k > 0 && (whole.len() - k) % 3 == 0 {
            out.push(',');
        }
        out.push(ch);
    }
    out.push_str(frac);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const PCT: NumKind = NumKind::Percent {
        given: Share::Fraction,
        decimals: 1,
    };
    const POINTS_PCT: NumKind = NumKind::Percent {
        given: Share::Points,
        decimals: 1,
    };
    const AMOUNT: NumKind = NumKind::Amount { decimals: 2 };
    const SCORE: NumKind = NumKind::Score { decimals: 2 };

    #[test]
    fn float_noise_is_gone() {
        assert_eq!(NumKind::Exact.text(2.4000000000000004), "2.4");
        assert_eq!(NumKind::Exact.text(4.800000000000001), "4.8");
        assert_eq!(NumKind::Exact.text(0.1 + 0.2), "0.3");
        assert_eq!(NumKind::Exact.text(0.0), "0");
        assert_eq!(NumKind::Exact.text(-0.0), "0");
        // 57.404347826086955 to 12 significant digits.
        assert_eq!(NumKind::Exact.text(57.404347826086955), "57.4043478261");
        // No exponent, however large or small.
        assert_eq!(NumKind::Exact.text(1.5e15), "1,500,000,000,000,000");
        assert_eq!(NumKind::Exact.text(1.5e-7), "0.00000015");
    }

    #[test]
    fn percentages_from_fractions_and_points() {
        assert_eq!(PCT.text(0.4523), "45.2%");
        assert_eq!(POINTS_PCT.text(45.23), "45.2%");
        assert_eq!(PCT.text(1.101), "110.1%");
        assert_eq!(PCT.text(-0.129), "-12.9%");
        // 0.07 x 100 is 7.000000000000001 in floating point.
        assert_eq!(PCT.text(0.07), "7.0%");
        // A tiny negative rounds to zero, never "-0.0%".
        assert_eq!(PCT.text(-0.0001), "0.0%");
        assert_eq!(
            NumKind::Percent {
                given: Share::Points,
                decimals: 0
            }
            .text(12345.6),
            "12,346%"
        );
    }

    #[test]
    fn counts_are_whole_and_grouped() {
        assert_eq!(NumKind::Count.text(1800.0), "1,800");
        assert_eq!(NumKind::Count.text(855.0), "855");
        assert_eq!(NumKind::Count.text(12769.0), "12,769");
        assert_eq!(NumKind::Count.text(1_234_567.0), "1,234,567");
        assert_eq!(NumKind::Count.text(-1500.0), "-1,500");
        assert_eq!(NumKind::Count.text(0.0), "0");
        // Not whole: its decimals, not a silent rounding.
        assert_eq!(NumKind::Count.text(855.5), "855.5");
        assert_eq!(NumKind::Count.text(1234.25), "1,234.25");
        // Noise on a whole count is not a fraction.
        assert_eq!(NumKind::Count.text(3.0000000000000004), "3");
    }

    #[test]
    fn amounts_show_three_significant_digits_at_least() {
        assert_eq!(AMOUNT.text(1081.09), "1,081.09");
        assert_eq!(AMOUNT.text(1390.0), "1,390.00");
        assert_eq!(AMOUNT.text(0.205), "0.205");
        assert_eq!(AMOUNT.text(0.1), "0.100");
        assert_eq!(AMOUNT.text(0.0012), "0.00120");
        assert_eq!(AMOUNT.text(-0.0012), "-0.00120");
        assert_eq!(AMOUNT.text(0.0), "0.00");
        assert_eq!(AMOUNT.text(3.11), "3.11");
        assert_eq!(AMOUNT.text(2_500_000.5), "2,500,000.50");
        // Rounding at the edge: half away from zero, as the value reads in
        // decimal (1.005 is 1.00499999... in binary).
        assert_eq!(AMOUNT.text(1.125), "1.13");
        assert_eq!(AMOUNT.text(1.005), "1.01");
        assert_eq!(AMOUNT.text(-1.005), "-1.01");
        assert_eq!(AMOUNT.text(999.995), "1,000.00");
        assert_eq!(with_unit(AMOUNT.text(1081.09), "亿元"), "1,081.09 亿元");
        assert_eq!(with_unit(AMOUNT.text(57.4), "%"), "57.40%");
        assert_eq!(with_unit(AMOUNT.text(5.0), ""), "5.00");
        // A column: the decimals its smallest value needs.
        assert_eq!(amount_decimals([1081.09, 0.205, 12.0], 2), 3);
        assert_eq!(amount_decimals([1081.09, 12.0], 2), 2);
        assert_eq!(amount_decimals([0.0012, f64::NAN], 2), 5);
    }

    #[test]
    fn scores_at_the_display_decimals() {
        assert_eq!(SCORE.text(70.2563), "70.26");
        assert_eq!(SCORE.text(82.023576), "82.02");
        assert_eq!(SCORE.text(2.4000000000000004), "2.40");
        assert_eq!(SCORE.text(-1.0744), "-1.07");
        assert_eq!(SCORE.text(-0.001), "0.00");
        assert_eq!(NumKind::Score { decimals: 0 }.text(69.5), "70");
        assert_eq!(NumKind::Score { decimals: 4 }.text(1234.5), "1,234.5000");
    }

    #[test]
    fn p_values_and_indices_by_significant_digits() {
        assert_eq!(NumKind::PValue.text(0.000169), "< 0.001");
        assert_eq!(NumKind::PValue.text(0.00815), "0.00815");
        assert_eq!(NumKind::PValue.text(0.0695), "0.0695");
        assert_eq!(NumKind::PValue.text(0.5), "0.500");
        assert_eq!(NumKind::PValue.text(1.0), "1.00");
        let three = NumKind::Index { digits: 3 };
        assert_eq!(three.text(0.79912), "0.799");
        assert_eq!(three.text(22.37), "22.4");
        assert_eq!(three.text(51.17), "51.2");
        assert_eq!(three.text(1.0), "1.00");
        assert_eq!(three.text(-2.1195), "-2.12");
        // The whole part is never rounded away.
        assert_eq!(three.text(12345.6), "12,346");
    }

    #[test]
    fn no_value_is_the_dash() {
        assert_eq!(SCORE.text(f64::NAN), "—");
        assert_eq!(AMOUNT.text(f64::INFINITY), "—");
        assert_eq!(SCORE.or_none(None), "—");
        assert_eq!(SCORE.or_none(Some(1.0)), "1.00");
    }
}

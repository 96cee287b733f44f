//! Number text: the one place that decides how a number is written in any
//! export (fixed decimals, the shortest exact text, scientific notation,
//! the dash that stands for no value in Markdown and HTML).
//!
//! Pure string formatting; nothing here knows about tables or files. The
//! texts people read (report.md, report.html, `explain`) follow one policy
//! by kind of number (`shown`: percent, count, amount, score, p-value,
//! index); the data files keep the exact numbers of `exact`.

mod shown;

pub use shown::{amount_decimals, with_unit, NumKind, Share};

/// What Markdown and HTML show where there is no value.
pub const NONE: &str = "—";

/// Fixed-decimal number text.
pub fn fixed(x: f64, decimals: u32) -> String {
    format!("{:.*}", decimals as usize, x)
}

/// Shortest text that reads back as the same number ("" for none).
pub fn exact(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

/// Scientific notation with `decimals` digits after the point (1.23e-4).
pub fn scientific(x: f64, decimals: u32) -> String {
    format!("{:.*e}", decimals as usize, x)
}

/// Fixed-decimal text, or the dash for no value.
pub fn fixed_or_none(x: Option<f64>, decimals: u32) -> String {
    x.map(|v| fixed(v, decimals))
        .unwrap_or_else(|| NONE.to_string())
}

/// Shortest exact text, or the dash for no value.
pub fn exact_or_none(x: Option<f64>) -> String {
    x.map(|v| format!("{v}"))
        .unwrap_or_else(|| NONE.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        assert_eq!(fixed(2.0 / 3.0, 2), "0.67");
        assert_eq!(exact(Some(0.1)), "0.1");
        assert_eq!(exact(None), "");
        assert_eq!(scientific(0.000123, 2), "1.23e-4");
        assert_eq!(fixed_or_none(None, 2), "—");
    }
}

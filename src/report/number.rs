//! Number text: the one place that decides how a number is written in any
//! export (fixed decimals, the shortest exact text, the dash that stands
//! for no value in Markdown and HTML).
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn texts() {
        assert_eq!(fixed(2.0 / 3.0, 2), "0.67");
        assert_eq!(exact(Some(0.1)), "0.1");
        assert_eq!(exact(None), "");
    }
}

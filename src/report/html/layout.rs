//! Placing the charts' texts from their measured widths (`text_width`), so
//! that in either language nothing overlaps and nothing is cut: legends
//! that wrap to a new row when the next swatch and label do not fit, labels
//! broken onto lines (SVG `tspan`s) instead of shortened, and the
//! colour-blind-safe colours the charts use (Okabe–Ito for categories,
//! viridis for the heatmap's scale).

use super::esc;
use crate::report::text_width::{advance, wrap};
use std::fmt::Write;

/// The size of the charts' text: `svg text{font-size:11px}` in report.css.
pub(super) const FONT: f64 = 11.0;
/// The distance between two lines of a label.
pub(super) const LINE: f64 = 13.0;
/// How far a line's box reaches above and below its baseline, in em: the
/// largest ascent and descent (hhea) of the fonts `text_width` measures,
/// Noto Sans CJK SC's 1.16 and 0.288 (DejaVu Sans 0.928 and 0.236). A
/// browser's box of a text is this tall.
pub(super) const ASCENT: f64 = 1.16;
pub(super) const DESCENT: f64 = 0.29;

/// Okabe & Ito's eight colours, distinguishable with any colour vision
/// deficiency (blue, orange, bluish green, vermillion, reddish purple, sky
/// blue, yellow, black).
pub(super) const PALETTE: &[&str] = &[
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000",
];

/// The colour of the k-th category.
pub(super) fn category(k: usize) -> &'static str {
    PALETTE[k % PALETTE.len()]
}

/// Viridis at 0, 1/8, ..., 1 (matplotlib's `viridis` colormap sampled at
/// nine points); in between, linear.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 45, 123),
    (59, 82, 139),
    (44, 114, 142),
    (33, 145, 140),
    (40, 174, 128),
    (94, 201, 98),
    (173, 220, 48),
    (253, 231, 37),
];

/// The viridis colour of `t` in 0..=1 (clamped), as #rrggbb.
pub(super) fn viridis(t: f64) -> String {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let x = t * 8.0;
    let k = (x.floor() as usize).min(7);
    let f = x - k as f64;
    let (a, b) = (VIRIDIS[k], VIRIDIS[k + 1]);
    let mix = |p: u8, q: u8| (f64::from(p) + (f64::from(q) - f64::from(p)) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(a.0, b.0),
        mix(a.1, b.1),
        mix(a.2, b.2)
    )
}

/// One legend entry, placed: the swatch's top-left corner and the label's
/// width. The entry spans `x .. x + SWATCH + PAD + width`.
#[derive(Debug, Clone, PartialEq)]
pub(super) struct Placed {
    pub x: f64,
    pub y: f64,
    pub width: f64,
}

/// The swatch's side, the space between swatch and label, the space
/// between two entries and the height of a legend row.
pub(super) const SWATCH: f64 = 12.0;
pub(super) const PAD: f64 = 4.0;
pub(super) const GAP: f64 = 14.0;
pub(super) const ROW: f64 = 18.0;

impl Placed {
    /// The right edge of the entry.
    pub fn right(&self) -> f64 {
        self.x + SWATCH + PAD + self.width
    }
}

/// Boxes of the given widths in reading order from (`left`, `top`), a new
/// row of height `ROW` whenever the next box would pass `right` (a box
/// wider than a row has a row of its own: the caller makes the chart wide
/// enough for it). Returns each box's top-left corner and the height.
pub(super) fn flow(widths: &[f64], left: f64, top: f64, right: f64) -> (Vec<(f64, f64)>, f64) {
    let mut out = Vec::with_capacity(widths.len());
    let (mut x, mut y) = (left, top);
    for &span in widths {
        if x > left && x + span > right {
            x = left;
            y += ROW;
        }
        out.push((x, y));
        x += span + GAP;
    }
    let height = if widths.is_empty() {
        0.0
    } else {
        y - top + ROW
    };
    (out, height)
}

/// Legend entries (a swatch and a label each), laid out by `flow`.
pub(super) fn legend(labels: &[String], left: f64, top: f64, right: f64) -> (Vec<Placed>, f64) {
    let widths: Vec<f64> = labels.iter().map(|l| advance(l, FONT)).collect();
    let spans: Vec<f64> = widths.iter().map(|w| SWATCH + PAD + w).collect();
    let (at, height) = flow(&spans, left, top, right);
    let placed = at
        .into_iter()
        .zip(widths)
        .map(|((x, y), width)| Placed { x, y, width })
        .collect();
    (placed, height)
}

/// A label as lines no wider than `max` (never shortened).
pub(super) fn lines(text: &str, max: f64) -> Vec<String> {
    wrap(text, FONT, max)
}

/// The widest of some lines.
pub(super) fn widest(lines: &[String]) -> f64 {
    lines.iter().map(|l| advance(l, FONT)).fold(0.0, f64::max)
}

/// A `<text>` of one or more lines at (x, y) (the first line's baseline),
/// with `attrs` (anchor, transform...) and a tooltip of the whole text.
pub(super) fn text(w: &mut String, x: f64, y: f64, attrs: &str, lines: &[String], title: &str) {
    let _ = write!(w, "<text x=\"{x:.1}\" y=\"{y:.1}\"{attrs}>");
    if let [one] = lines {
        let _ = write!(w, "{}", esc(one));
    } else {
        for (k, l) in lines.iter().enumerate() {
            let dy = if k == 0 { 0.0 } else { LINE };
            let _ = write!(w, "<tspan x=\"{x:.1}\" dy=\"{dy}\">{}</tspan>", esc(l));
        }
    }
    let _ = write!(w, "<title>{}</title></text>", esc(title));
}

#[cfg(test)]
mod tests {
    use super::*;

    fn overlap(a: &Placed, b: &Placed) -> bool {
        a.y == b.y && a.x < b.right() && b.x < a.right()
    }

    #[test]
    fn legend_rows_wrap_and_never_overlap() {
        // The competition's dimensions in English at 11 px.
        let labels: Vec<String> = [
            "Industrial strength",
            "Innovation capability",
            "Collaboration and openness",
        ]
        .map(String::from)
        .to_vec();
        // "Industrial strength": I 295, n 634, d 635, u 634, s 521, t 393,
        // r 412, i 278, a 613, l 284 (4,699), ' ' 318, s 521, t 393, r 412,
        // e 616, n 634, g 635, t 393, h 634 (4,238) = 9,255 / 1000 x 11 =
        // 101.805 px. "Innovation capability": 10,486 -> 115.346 px, so the
        // third entry would start at 141.805 + 12 + 4 + 115.346 + 14 =
        // 287.151 and, 14,012 -> 154.132 px wide, end at 457.283.
        let (placed, height) = legend(&labels, 10.0, 4.0, 400.0);
        assert!((placed[0].width - 101.805).abs() < 1e-9);
        assert!((placed[1].width - 115.346).abs() < 1e-9);
        assert!((placed[2].width - 154.132).abs() < 1e-9);
        assert_eq!(placed[0].x, 10.0);
        // Second entry: 10 + 12 + 4 + 101.805 + 14 = 141.805.
        assert!((placed[1].x - 141.805).abs() < 1e-9);
        // The third does not fit in 400 px: a second row.
        assert_eq!(placed[2].x, 10.0);
        assert_eq!(placed[2].y, 4.0 + ROW);
        assert_eq!(height, 2.0 * ROW);
        for (i, a) in placed.iter().enumerate() {
            assert!(a.right() <= 400.0, "{a:?}");
            for b in &placed[i + 1..] {
                assert!(!overlap(a, b), "{a:?} {b:?}");
            }
        }
        // Wide enough: one row, the entries side by side.
        let (placed, height) = legend(&labels, 10.0, 4.0, 1000.0);
        assert!(placed.iter().all(|p| p.y == 4.0));
        assert_eq!(height, ROW);
        assert!((placed[2].x - 287.151).abs() < 1e-9);
        assert!((placed[2].right() - 457.283).abs() < 1e-9);
    }

    #[test]
    fn viridis_ends_and_middle() {
        assert_eq!(viridis(0.0), "#440154");
        assert_eq!(viridis(1.0), "#fde725");
        assert_eq!(viridis(0.5), "#21918c");
        // Halfway between (68,1,84) and (71,45,123): (69.5, 23, 103.5),
        // rounded half away from zero.
        assert_eq!(viridis(1.0 / 16.0), "#461768");
        assert_eq!(viridis(f64::NAN), "#440154");
    }

    #[test]
    fn multi_line_text_uses_tspans() {
        let mut s = String::new();
        text(&mut s, 5.0, 20.0, "", &["a".into(), "b".into()], "a b");
        assert_eq!(
            s,
            "<text x=\"5.0\" y=\"20.0\"><tspan x=\"5.0\" dy=\"0\">a</tspan><tspan x=\"5.0\" dy=\"13\">b</tspan><title>a b</title></text>"
        );
    }
}

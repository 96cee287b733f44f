//! How wide a text is, without a font at run time: the advance width of a
//! string at a font size, for laying out the report's SVG charts (legends,
//! bar labels, heatmap names), and its width in spreadsheet column units
//! for the workbook's column widths.
//!
//! The page's font stack (`report.css`) is "Noto Sans CJK SC", "Microsoft
//! YaHei", "PingFang SC", sans-serif. A Chinese, Japanese or Korean
//! character, and every full-width form, is 1 em in all of them. The
//! printable ASCII characters take their width from `ASCII`: for each
//! character the widest advance among DejaVu Sans (Book), Liberation Sans
//! (Regular, Arial's metrics) and Noto Sans CJK SC (Regular), read once
//! with fontTools from the `hmtx` tables of Debian's fonts-dejavu-core,
//! fonts-liberation and fonts-noto-cjk
//! (`max(advance × 1000 / unitsPerEm)`, rounded up). DejaVu Sans, the
//! widest, is what Linux browsers fall back to for `sans-serif`, so a
//! browser does not draw a text wider than measured here. Every other
//! character counts 1 em (wider than any Latin letter of these fonts but
//! 'W' and '@'), so the measure errs on the wide side, never the narrow.

/// Advance widths of U+0020 ' ' to U+007E '~', in thousandths of an em.
const ASCII: [u16; 95] = [
    318, 401, 474, 838, 637, 951, 780, 278, 391, 391, 500, 838, 318, 361, 318, 392, //
    637, 637, 637, 637, 637, 637, 637, 637, 637, 637, 337, 337, 838, 838, 838, 557, //
    1016, 685, 687, 723, 771, 667, 611, 778, 752, 295, 535, 667, 558, 863, 749, 788, //
    667, 788, 723, 667, 611, 732, 685, 989, 686, 667, 686, 391, 392, 391, 838, 559, //
    606, 613, 635, 550, 635, 616, 353, 635, 634, 278, 278, 580, 284, 975, 634, 612, //
    635, 635, 412, 521, 393, 634, 592, 818, 592, 592, 525, 637, 337, 637, 838,
];

/// Whether a character is drawn full width (East Asian Wide or Fullwidth):
/// CJK ideographs and punctuation, kana, hangul, full-width forms.
pub fn is_wide(ch: char) -> bool {
    matches!(
        ch as u32,
        0x1100..=0x115F
            | 0x2E80..=0x303E
            | 0x3041..=0x33FF
            | 0x3400..=0x4DBF
            | 0x4E00..=0x9FFF
            | 0xA000..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6
            | 0x20000..=0x3FFFD
    )
}

/// The advance of one character, in em.
pub fn em(ch: char) -> f64 {
    match ch as u32 {
        c @ 0x20..=0x7E => f64::from(ASCII[(c - 0x20) as usize]) / 1000.0,
        _ => 1.0,
    }
}

/// The advance width of `text` at `size` pixels.
pub fn advance(text: &str, size: f64) -> f64 {
    text.chars().map(em).sum::<f64>() * size
}

/// The width of `text` in spreadsheet column units (one unit: one digit of
/// the default font): 2 for a full-width character, 1 otherwise.
pub fn columns(text: &str) -> f64 {
    text.chars()
        .map(|ch| if is_wide(ch) { 2.0 } else { 1.0 })
        .sum()
}

/// `text` broken into lines no wider than `max` pixels at `size`: between
/// words where there are spaces, between any two full-width characters,
/// and inside a word only when the word alone is wider than a line.
/// Nothing is dropped: the lines joined (with the spaces broken at) are the
/// text.
pub fn wrap(text: &str, size: f64, max: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for token in tokens(text) {
        let candidate = format!("{line}{token}");
        if line.is_empty() || advance(candidate.trim_end(), size) <= max {
            line = candidate;
        } else {
            lines.push(line.trim_end().to_string());
            line = token.trim_start().to_string();
        }
        // A token wider than a line on its own: break it by characters.
        while advance(line.trim_end(), size) > max && line.chars().count() > 1 {
            let mut head = String::new();
            for ch in line.chars() {
                if !head.is_empty() && advance(&format!("{head}{ch}"), size) > max {
                    break;
                }
                head.push(ch);
            }
            line = line[head.len()..].to_string();
            lines.push(head);
        }
    }
    if !line.trim().is_empty() || lines.is_empty() {
        lines.push(line.trim_end().to_string());
    }
    lines
}

/// Break opportunities: each token is a word with its trailing spaces, or
/// one full-width character.
fn tokens(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut cur = String::new();
    let mut spaces = false;
    for ch in text.chars() {
        if is_wide(ch) {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            out.push(ch.to_string());
            spaces = false;
        } else if ch == ' ' {
            cur.push(ch);
            spaces = true;
        } else {
            if spaces && !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            spaces = false;
            cur.push(ch);
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_from_the_font_table() {
        // DejaVu Sans: 'a' 1255/2048 = 0.6128 -> 613; 'W' 2025/2048 ->
        // 989; digits 1303/2048 -> 637; space 651/2048 -> 318.
        assert_eq!(em('a'), 0.613);
        assert_eq!(em('W'), 0.989);
        assert_eq!(em('0'), 0.637);
        assert_eq!(ASCII[0], 318);
        assert_eq!(em(' '), f64::from(ASCII[0]) / 1000.0);
        assert_eq!(em('~'), 0.838);
        assert_eq!(em('中'), 1.0);
        assert_eq!(em('，'), 1.0);
        // "WJ02" at 11 px: (989 + 535 + 637 + 637) / 1000 × 11 = 30.778.
        assert!((advance("WJ02", 11.0) - 30.778).abs() < 1e-9);
        // Two ideographs and a Latin letter at 12 px: (2 + 0.613) × 12.
        assert!((advance("合肥a", 12.0) - 31.356).abs() < 1e-9);
        assert_eq!(columns("合肥 ab"), 7.0);
    }

    #[test]
    fn wrapping_keeps_every_character_and_fits() {
        let name = "Hefei intelligent voice and artificial intelligence cluster";
        let lines = wrap(name, 11.0, 150.0);
        assert!(lines.len() >= 2, "{lines:?}");
        assert_eq!(lines.join(" "), name);
        for l in &lines {
            assert!(advance(l, 11.0) <= 150.0, "{l}");
        }
        // Chinese breaks between characters.
        let zh = "合肥市智能语音及人工智能产业集群";
        let lines = wrap(zh, 11.0, 60.0);
        assert_eq!(lines.concat(), zh);
        // 60 / 11 = 5.45: five characters a line, 16 characters.
        assert_eq!(lines.len(), 4, "{lines:?}");
        assert!(lines.iter().all(|l| l.chars().count() <= 5));
        // A word longer than a line is broken inside.
        let lines = wrap("Supercalifragilistic", 11.0, 40.0);
        assert_eq!(lines.concat(), "Supercalifragilistic");
        assert!(lines.iter().all(|l| advance(l, 11.0) <= 40.0));
        assert_eq!(wrap("", 11.0, 40.0), vec![String::new()]);
    }
}

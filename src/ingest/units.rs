//! Units (计量单位) and their conversion.
//!
//! A submitted unit is converted to the framework's unit when both belong to
//! the same family (元 / 万元 / 亿元; 美元 / 万美元 / 亿美元; % / ratio / ‰;
//! 元/人 / 万元/人; counts). Anything else must match exactly. Pure data and
//! functions; the caller reports problems with their location.

use super::number::to_half_width;

/// (family, unit, factor to the family's base unit)
const UNITS: &[(&str, &str, f64)] = &[
    ("cny", "元", 1.0),
    ("cny", "千元", 1e3),
    ("cny", "万元", 1e4),
    ("cny", "百万元", 1e6),
    ("cny", "千万元", 1e7),
    ("cny", "亿元", 1e8),
    ("usd", "美元", 1.0),
    ("usd", "万美元", 1e4),
    ("usd", "百万美元", 1e6),
    ("usd", "亿美元", 1e8),
    ("share", "%", 1.0),
    ("share", "百分比", 1.0),
    ("share", "‰", 0.1),
    ("share", "ratio", 100.0),
    ("share", "比例", 100.0),
    ("share", "小数", 100.0),
    ("per_person", "元/人", 1.0),
    ("per_person", "万元/人", 1e4),
    ("count", "家", 1.0),
    ("count", "个", 1.0),
    ("count", "项", 1.0),
    ("count", "件", 1.0),
    ("count", "人", 1.0),
    ("count", "名", 1.0),
    ("count", "台", 1.0),
    ("count", "套", 1.0),
    ("count", "台套", 1.0),
    ("energy", "吨标煤/万元", 1.0),
    ("energy", "吨标准煤/万元", 1.0),
    ("energy", "千克标煤/万元", 1e-3),
];

/// A unit string in canonical form: half-width, trimmed, lower-case ASCII.
pub fn normalise(unit: &str) -> String {
    let u = to_half_width(unit).trim().to_lowercase();
    u.replace(' ', "")
}

fn lookup(unit: &str) -> Option<(&'static str, f64)> {
    let u = normalise(unit);
    UNITS
        .iter()
        .find(|(_, name, _)| normalise(name) == u)
        .map(|(fam, _, f)| (*fam, *f))
}

/// Units that are not converted but are units all the same: a units row
/// under a header may name them.
const OTHER_UNITS: &[&str] = &[
    "年",
    "倍",
    "分",
    "次",
    "天",
    "月",
    "人次",
    "万人",
    "户",
    "所",
    "座",
    "条",
    "篇",
    "部",
    "款",
    "种",
    "吨",
    "万吨",
    "亩",
    "平方米",
    "万平方米",
    "千瓦时",
    "万千瓦时",
    "个百分点",
];

/// Whether `word` names a unit: one this module converts, or another
/// common one (年, 倍, 分, 吨 …).
pub fn is_unit(word: &str) -> bool {
    let w = normalise(word);
    lookup(word).is_some() || OTHER_UNITS.iter().any(|u| normalise(u) == w)
}

/// Whether `unit` is one this tool converts (元, 万元, %, 家 ...).
pub fn is_known(unit: &str) -> bool {
    lookup(unit).is_some()
}

/// The factor that turns a value in `from` into a value in `to`, or `None`
/// if the units cannot be converted. An empty `from` means the framework's
/// unit.
pub fn factor(from: &str, to: &str) -> Option<f64> {
    if from.trim().is_empty() || normalise(from) == normalise(to) {
        return Some(1.0);
    }
    match (lookup(from), lookup(to)) {
        (Some((fa, a)), Some((fb, b))) if fa == fb => Some(a / b),
        _ => None,
    }
}

/// Convert `value` from unit `from` to unit `to`: value x f(from) / f(to),
/// multiplied before dividing so that exact decimal inputs stay exact
/// (18,110,900 万元 is 1811.09 亿元, not 1811.0900000000001).
pub fn convert(value: f64, from: &str, to: &str) -> Option<f64> {
    if from.trim().is_empty() || normalise(from) == normalise(to) {
        return Some(value);
    }
    match (lookup(from), lookup(to)) {
        (Some((fa, a)), Some((fb, b))) if fa == fb => Some(value * a / b),
        _ => None,
    }
}

/// The unit of `unit`'s family in which a value reads `factor` times
/// larger: `scaled("亿元", 1e4)` is 万元 (1 亿元 = 10,000 万元), and
/// `scaled("%", 0.01)` is ratio (12.5 % = 0.125). `None` when the family
/// has no such unit (or `unit` has no family). For naming a likely unit
/// slip.
pub fn scaled(unit: &str, factor: f64) -> Option<&'static str> {
    let (family, base) = lookup(unit)?;
    UNITS
        .iter()
        .filter(|(fam, _, _)| *fam == family)
        .find(|(_, _, f)| ((base / f) / factor - 1.0).abs() < 1e-9)
        .map(|(_, name, _)| *name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_decimal_conversion() {
        assert_eq!(convert(18_110_900.0, "万元", "亿元"), Some(1811.09));
        assert_eq!(convert(0.125, "ratio", "%"), Some(12.5));
        assert_eq!(convert(3.0, "吨", "亿元"), None);
    }

    #[test]
    fn money() {
        assert_eq!(factor("万元", "亿元"), Some(1e-4));
        assert_eq!(factor("元", "亿元"), Some(1e-8));
        assert_eq!(factor("亿元", "万元"), Some(1e4));
        assert_eq!(factor("万美元", "亿美元"), Some(1e-4));
        assert_eq!(factor("万元", "亿美元"), None);
    }

    #[test]
    fn shares() {
        assert_eq!(factor("ratio", "%"), Some(100.0));
        assert_eq!(factor("％", "%"), Some(1.0));
        assert_eq!(factor("%", "比例"), Some(0.01));
    }

    #[test]
    fn scaled_units() {
        assert_eq!(scaled("亿元", 1e4), Some("万元"));
        assert_eq!(scaled("万元", 1e-4), Some("亿元"));
        assert_eq!(scaled("亿元", 1e8), Some("元"));
        assert_eq!(scaled("元", 1e-3), Some("千元"));
        assert_eq!(scaled("%", 0.01), Some("ratio"));
        assert_eq!(scaled("ratio", 100.0), Some("%"));
        assert_eq!(scaled("亿元", 1e-4), None);
        assert_eq!(scaled("吨", 10.0), None);
    }

    #[test]
    fn same_or_blank() {
        assert_eq!(factor("", "亿元"), Some(1.0));
        assert_eq!(factor("分", "分"), Some(1.0));
        assert_eq!(factor("吨", "亿元"), None);
        assert_eq!(factor("家", "个"), Some(1.0));
        assert!(is_known(" 万元 ") && is_known("％") && !is_known("吨") && !is_known(""));
    }
}

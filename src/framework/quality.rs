//! The plausibility settings of an indicator system (数据质量): `[quality]`,
//! how serious each check is and its thresholds, and the `[[consistency]]`
//! rules between two fields of one cluster and period.
//!
//! This file holds the resolved types, their documented defaults and the
//! small grammar of a rule (`above_scale <= enterprises`,
//! `rd_spending <= 0.5 * revenue`); `resolve::quality` reads them from the
//! file and reports every problem located, and the `quality` module runs
//! the checks on the submissions. Nothing here looks at data.

use super::Period;
use crate::diag::Severity;
use serde::Serialize;

/// `[quality] change_factor` default: a value more than 10 times, or less
/// than a tenth of, the same cluster's value of the period before is
/// reported.
pub const DEFAULT_CHANGE_FACTOR: f64 = 10.0;

/// `[quality] slip_tolerance` default: a ratio within a factor of 3 of a
/// power of ten in `SLIP_POWERS` (33.3 to 300 for 100×) is a likely unit
/// slip.
pub const DEFAULT_SLIP_TOLERANCE: f64 = 3.0;

/// The largest `slip_tolerance`: √10, so that the bands of two consecutive
/// powers of ten do not overlap and a ratio names one slip.
pub const MAX_SLIP_TOLERANCE: f64 = 3.162_277_660_168_379_5;

/// `[quality] min_cohort` default: a cohort median needs at least 5
/// non-zero values of the field and period.
pub const DEFAULT_MIN_COHORT: usize = 5;

/// The smallest `min_cohort`: the median of fewer values says nothing of
/// what is usual.
pub const MIN_COHORT_FLOOR: usize = 3;

/// The powers of ten a unit slip makes: 10^2 (a ratio in a percent column,
/// 百万元 in a 亿元 column), 10^3 (千元 for 元, 千元 for 百万元), 10^4
/// (万元 for 亿元, 元 for 万元), up to 10^8 (元 in a 亿元 column).
pub const SLIP_POWERS: [i32; 7] = [2, 3, 4, 5, 6, 7, 8];

/// `==` in a consistency rule holds when the two sides differ by at most
/// this share of the larger (values converted between units are not always
/// bit-identical).
pub const EQUAL_TOLERANCE: f64 = 1e-9;

/// `[quality]` and `[[consistency]]`, resolved. A severity of `None` means
/// the check is off.
#[derive(Debug, Clone, Serialize)]
pub struct Quality {
    /// A value outside its field's natural range (a percent outside 0-100
    /// where the framework declares no bound; a negative roster figure).
    pub range: Option<Severity>,
    /// A value off by a power of ten against the cohort median or the
    /// cluster's other periods.
    pub unit_slip: Option<Severity>,
    /// A change between two periods beyond `change_factor`.
    pub change: Option<Severity>,
    pub change_factor: f64,
    pub slip_tolerance: f64,
    pub min_cohort: usize,
    /// The rules, in file order (each with its own severity).
    pub consistency: Vec<ConsistencyRule>,
}

impl Default for Quality {
    fn default() -> Self {
        Quality {
            range: Some(Severity::Warning),
            unit_slip: Some(Severity::Warning),
            change: Some(Severity::Warning),
            change_factor: DEFAULT_CHANGE_FACTOR,
            slip_tolerance: DEFAULT_SLIP_TOLERANCE,
            min_cohort: DEFAULT_MIN_COHORT,
            consistency: Vec::new(),
        }
    }
}

/// How the two sides of a rule compare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Comparison {
    Le,
    Lt,
    Ge,
    Gt,
    Eq,
}

impl Comparison {
    /// The operators of the grammar, two-character ones first.
    const OPERATORS: [(&'static str, Comparison); 5] = [
        ("<=", Comparison::Le),
        (">=", Comparison::Ge),
        ("==", Comparison::Eq),
        ("<", Comparison::Lt),
        (">", Comparison::Gt),
    ];

    pub fn symbol(self) -> &'static str {
        match self {
            Comparison::Le => "<=",
            Comparison::Lt => "<",
            Comparison::Ge => ">=",
            Comparison::Gt => ">",
            Comparison::Eq => "==",
        }
    }

    /// Whether `left <op> right` holds (`==` within `EQUAL_TOLERANCE`).
    pub fn holds(self, left: f64, right: f64) -> bool {
        match self {
            Comparison::Le => left <= right,
            Comparison::Lt => left < right,
            Comparison::Ge => left >= right,
            Comparison::Gt => left > right,
            Comparison::Eq => (left - right).abs() <= EQUAL_TOLERANCE * left.abs().max(right.abs()),
        }
    }
}

/// One side of a rule: a field, times a positive constant.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Term {
    pub factor: f64,
    /// Index into the framework's fields.
    pub field: usize,
    /// The field's id.
    pub id: String,
}

impl Term {
    /// The side as written in canonical form: `revenue`, `0.5 * revenue`.
    pub fn label(&self) -> String {
        if self.factor == 1.0 {
            self.id.clone()
        } else {
            format!("{} * {}", super::trim_float(self.factor), self.id)
        }
    }
}

/// A `[[consistency]]` rule, resolved.
#[derive(Debug, Clone, Serialize)]
pub struct ConsistencyRule {
    /// Key path in the framework file (`consistency[2]`).
    pub key: String,
    /// The line of its `rule` in the framework file, when known.
    pub line: Option<usize>,
    /// The rule as written.
    pub rule: String,
    pub left: Term,
    pub op: Comparison,
    pub right: Term,
    /// The periods it applies to (all three unless the rule says).
    pub periods: Vec<Period>,
    pub severity: Severity,
    /// What the rule means, for the clerk (None: a generic sentence).
    pub message_zh: Option<String>,
    pub message_en: Option<String>,
}

/// One side of a rule as written: the constant and the field id.
#[derive(Debug, Clone, PartialEq)]
pub struct WrittenTerm<'a> {
    pub factor: f64,
    pub id: &'a str,
}

/// Parse a rule: `<side> <op> <side>`, where `<op>` is one of `<=`, `<`,
/// `>=`, `>`, `==` and a side is a field id, optionally multiplied by a
/// positive number (`0.5 * revenue` or `revenue * 0.5`). The error says
/// what is wrong and what the grammar expects.
pub fn parse_rule(text: &str) -> Result<(WrittenTerm<'_>, Comparison, WrittenTerm<'_>), String> {
    let is_op = |c: char| matches!(c, '<' | '>' | '=' | '!');
    let Some(at) = text.find(is_op) else {
        return Err(
            "no comparison: expected `field <op> field` with <op> one of <=, <, >=, >, ==".into(),
        );
    };
    let rest = &text[at..];
    let Some((symbol, op)) = Comparison::OPERATORS
        .iter()
        .find(|(s, _)| rest.starts_with(s))
        .copied()
        .filter(|(s, _)| !rest[s.len()..].starts_with(is_op) || s.len() == 2)
    else {
        let written: String = rest.chars().take_while(|&c| is_op(c)).collect();
        return Err(format!(
            "unknown comparison {written:?}: expected <=, <, >=, > or =="
        ));
    };
    let right = &rest[symbol.len()..];
    if right.contains(is_op) {
        return Err("more than one comparison: a rule compares two sides once".into());
    }
    let left = side(&text[..at], "left")?;
    let right = side(right, "right")?;
    Ok((left, op, right))
}

/// One side: `id`, `number * id` or `id * number`.
fn side<'a>(text: &'a str, which: &str) -> Result<WrittenTerm<'a>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Err(format!(
            "nothing on the {which} of the comparison: expected a field id"
        ));
    }
    let number = |s: &str| s.trim().parse::<f64>().ok();
    let (factor, id) = match text.split_once('*') {
        None => {
            if number(text).is_some() {
                return Err(format!(
                    "a constant alone on the {which} ({text}): a rule compares two fields; a field's bounds are its min and max"
                ));
            }
            (1.0, text)
        }
        Some((a, b)) => match (number(a), number(b)) {
            (Some(f), None) => (f, b.trim()),
            (None, Some(f)) => (f, a.trim()),
            _ => {
                return Err(format!(
                    "{text:?} on the {which}: expected a field id times a number (`0.5 * revenue`)"
                ))
            }
        },
    };
    if !(factor.is_finite() && factor > 0.0) {
        return Err(format!(
            "the constant on the {which} must be a positive number, got {factor}"
        ));
    }
    if id.is_empty() || id.contains(|c: char| c.is_whitespace() || c == '*') {
        return Err(format!(
            "{text:?} on the {which}: expected one field id (no spaces), optionally times a number"
        ));
    }
    Ok(WrittenTerm { factor, id })
}

/// A severity as written: `warning`, `error`, or `off` (None) when `off`
/// is allowed.
pub fn parse_severity(text: &str, off_allowed: bool) -> Option<Option<Severity>> {
    match text {
        "warning" => Some(Some(Severity::Warning)),
        "error" => Some(Some(Severity::Error)),
        "off" if off_allowed => Some(None),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parsed(text: &str) -> (f64, String, &'static str, f64, String) {
        let (l, op, r) = parse_rule(text).unwrap_or_else(|e| panic!("{text}: {e}"));
        (l.factor, l.id.into(), op.symbol(), r.factor, r.id.into())
    }

    #[test]
    fn each_operator_and_constant_placement() {
        assert_eq!(
            parsed("above_scale <= enterprises"),
            (1.0, "above_scale".into(), "<=", 1.0, "enterprises".into())
        );
        assert_eq!(parsed("a<b"), (1.0, "a".into(), "<", 1.0, "b".into()));
        assert_eq!(parsed("a >= b").2, ">=");
        assert_eq!(parsed("a > b").2, ">");
        assert_eq!(parsed("a == b").2, "==");
        assert_eq!(
            parsed("rd_spending <= 0.5 * revenue"),
            (1.0, "rd_spending".into(), "<=", 0.5, "revenue".into())
        );
        assert_eq!(
            parsed("revenue*2 > x"),
            (2.0, "revenue".into(), ">", 1.0, "x".into())
        );
    }

    #[test]
    fn what_the_grammar_refuses() {
        let err = |t: &str| parse_rule(t).unwrap_err();
        assert!(err("a b").starts_with("no comparison"), "{}", err("a b"));
        assert_eq!(
            err("a != b"),
            "unknown comparison \"!=\": expected <=, <, >=, > or =="
        );
        assert_eq!(
            err("a = b"),
            "unknown comparison \"=\": expected <=, <, >=, > or =="
        );
        assert_eq!(
            err("a => b"),
            "unknown comparison \"=>\": expected <=, <, >=, > or =="
        );
        assert!(err("a < b < c").starts_with("more than one comparison"));
        assert!(err(" <= b").starts_with("nothing on the left"));
        assert!(err("a <= 100").starts_with("a constant alone on the right (100)"));
        assert!(err("a <= -1 * b").contains("must be a positive number, got -1"));
        assert!(err("a <= 2 * 3").contains("expected a field id times a number"));
        assert!(err("a <= two words").contains("expected one field id"));
    }

    #[test]
    fn comparisons_hold() {
        assert!(Comparison::Le.holds(2.0, 2.0));
        assert!(!Comparison::Lt.holds(2.0, 2.0));
        assert!(Comparison::Ge.holds(3.0, 2.0));
        assert!(!Comparison::Gt.holds(2.0, 3.0));
        // 0.1 + 0.2 is 0.30000000000000004: equal within the tolerance.
        assert!(Comparison::Eq.holds(0.1 + 0.2, 0.3));
        assert!(!Comparison::Eq.holds(1.0, 1.001));
    }

    #[test]
    fn severities() {
        assert_eq!(parse_severity("error", false), Some(Some(Severity::Error)));
        assert_eq!(parse_severity("off", true), Some(None));
        assert_eq!(parse_severity("off", false), None);
        assert_eq!(parse_severity("fatal", true), None);
    }
}

//! Eligibility gates (资格审查): hard conditions checked before any scoring.
//!
//! A gate tests a submitted field (the current-year value, in the
//! framework's unit) or a registry column. A cluster that fails any gate is
//! left out of the scored cohort (so it cannot shift anyone's relative
//! score) and keeps every failed gate with its reason. A value that is
//! missing fails a comparison (complete data is itself a condition).

use super::{Gate, GateSubject, GateTest};
use crate::framework::Period;
use crate::ingest::Round;
use serde::Serialize;

/// A failed gate.
#[derive(Debug, Clone, Serialize)]
pub struct GateFailure {
    pub gate: String,
    pub condition: String,
    /// What the cluster had ("missing" when nothing).
    pub found: String,
    pub reason_zh: String,
    pub reason_en: String,
}

impl GateFailure {
    /// The failure as a reason of the decision.
    pub fn reason(&self) -> super::Reason {
        super::Reason::Gate {
            gate: super::Named::new(&self.gate, &self.reason_zh, &self.reason_en),
            condition: self.condition.clone(),
            found: self.found.clone(),
        }
    }

    /// "中文原因 / English reason (condition; found X)".
    pub fn text(&self) -> String {
        let mut s = self.reason_zh.clone();
        if !self.reason_en.is_empty() {
            s.push_str(" / ");
            s.push_str(&self.reason_en);
        }
        format!(
            "{s} (gate {}: {}; found {})",
            self.gate, self.condition, self.found
        )
    }
}

fn same_text(a: &str, b: &str) -> bool {
    a.trim() == b.trim()
}

/// Whether one gate passes for a value (None: missing).
pub fn passes(test: &GateTest, number: Option<f64>, text: Option<&str>) -> bool {
    match test {
        GateTest::Ge(x) => number.is_some_and(|v| v >= *x),
        GateTest::Gt(x) => number.is_some_and(|v| v > *x),
        GateTest::Le(x) => number.is_some_and(|v| v <= *x),
        GateTest::Lt(x) => number.is_some_and(|v| v < *x),
        GateTest::Eq(t) => text.is_some_and(|v| same_text(v, t)),
        GateTest::Ne(t) => text.is_some_and(|v| !same_text(v, t)),
        GateTest::In(l) => text.is_some_and(|v| l.iter().any(|t| same_text(v, t))),
        GateTest::NotIn(l) => text.is_some_and(|v| !l.iter().any(|t| same_text(v, t))),
        GateTest::Present => text.is_some_and(|v| !v.trim().is_empty()),
    }
}

/// The failed gates of every registry cluster.
pub fn check(round: &Round, gates: &[Gate]) -> Vec<Vec<GateFailure>> {
    round
        .registry
        .clusters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            gates
                .iter()
                .filter_map(|g| {
                    let (number, text) = match &g.subject {
                        GateSubject::Field(f) => {
                            let v = round.data.value(i, *f, Period::Current);
                            (v, v.map(|x| format!("{x}")))
                        }
                        GateSubject::Registry(col) => {
                            let t = c.group_value(col).map(str::to_string);
                            let t = t.filter(|s| !s.trim().is_empty());
                            let n = t
                                .as_deref()
                                .and_then(|s| crate::ingest::number::parse_cell(s).ok())
                                .and_then(|cell| match cell {
                                    crate::ingest::number::Cell::Number { value, .. } => {
                                        Some(value)
                                    }
                                    _ => None,
                                });
                            (n, t)
                        }
                    };
                    (!passes(&g.test, number, text.as_deref())).then(|| GateFailure {
                        gate: g.id.clone(),
                        condition: g.condition.clone(),
                        found: text.unwrap_or_else(|| "missing".into()),
                        reason_zh: g.reason_zh.clone(),
                        reason_en: g.reason_en.clone(),
                    })
                })
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_test() {
        assert!(passes(&GateTest::Ge(70.0), Some(70.0), None));
        assert!(!passes(&GateTest::Ge(70.0), Some(69.99), None));
        assert!(!passes(&GateTest::Ge(70.0), None, None));
        assert!(passes(&GateTest::Gt(0.0), Some(0.1), None));
        assert!(!passes(&GateTest::Gt(0.0), Some(0.0), None));
        assert!(passes(&GateTest::Le(5.0), Some(5.0), None));
        assert!(!passes(&GateTest::Lt(5.0), Some(5.0), None));
        assert!(passes(&GateTest::Eq("是".into()), None, Some(" 是 ")));
        assert!(!passes(&GateTest::Eq("是".into()), None, Some("否")));
        assert!(!passes(&GateTest::Eq("是".into()), None, None));
        assert!(passes(&GateTest::Ne("有".into()), None, Some("无")));
        let l = vec!["无".to_string(), "none".to_string()];
        assert!(passes(&GateTest::In(l.clone()), None, Some("none")));
        assert!(!passes(&GateTest::NotIn(l), None, Some("无")));
        assert!(passes(&GateTest::Present, None, Some("x")));
        assert!(!passes(&GateTest::Present, None, Some("  ")));
    }
}

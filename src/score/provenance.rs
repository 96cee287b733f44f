//! The provenance of a value as data: the computation that made it
//! (`Formula`: its kind and its numbers, exactly as computed) and the
//! reason it is missing (`Missing`: an input that gave no value, a zero
//! denominator, an undefined CAGR or achievement, a missing target). The
//! report layer words them in the report's language (`report::msg::
//! provenance`); scores.json carries them as a `code` with its parameters,
//! and their `Display` is the English text of trace.csv and of errors.

use super::values::{num, InputRef};
use crate::framework::Period;
use serde::{Deserialize, Serialize};
use std::fmt;

/// The computation of a value, by kind, with its numbers (exact, as
/// computed). In scores.json: `{"code": "ratio", "numerator": .., ..}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, Default)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Formula {
    /// No value was computed.
    #[default]
    None,
    /// The field's current value as submitted.
    AsSubmitted { value: f64 },
    /// `numerator / denominator`.
    Ratio { numerator: f64, denominator: f64 },
    /// The sum of `multiplier x value` over the terms.
    WeightedCount { terms: Vec<WeightedTerm> },
    /// Compound annual growth from baseline to current over `years`, in %.
    Growth {
        baseline: f64,
        current: f64,
        years: f64,
    },
    /// Achievement of a target in %: `value / target x 100`, or
    /// `target / value x 100` when lower is better.
    Achievement {
        value: f64,
        target: f64,
        /// The framework's fixed target (else the cluster's declared one).
        fixed: bool,
        lower: bool,
    },
    /// Progress from baseline toward the target against the schedule
    /// (years: baseline `by`, current `cy`, target `ty`).
    Progress {
        baseline: f64,
        current: f64,
        target: f64,
        by: i32,
        cy: i32,
        ty: i32,
    },
    /// The target was already met at baseline (kept or slipped): the
    /// progress `p` is assessed from the current value.
    MetAtBaseline {
        target: f64,
        baseline: f64,
        progress: f64,
        current: f64,
        by: i32,
        cy: i32,
        ty: i32,
    },
}

/// One term of a weighted count.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct WeightedTerm {
    pub multiplier: f64,
    pub value: f64,
}

/// The state of a submitted cell that gave no value.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "snake_case")]
pub enum CellState {
    NotSubmitted,
    Blank,
    /// Submitted as a no-data mark (e.g. "—").
    NoData {
        raw: String,
    },
}

/// Why a value is missing. In scores.json: `{"code": "input", ..}`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum Missing {
    /// An input gave no value (`field` is the field's id).
    Input {
        field: String,
        period: Period,
        #[serde(flatten)]
        state: CellState,
    },
    /// Several inputs gave no value.
    Inputs { each: Vec<Missing> },
    /// The denominator field is 0.
    ZeroDenominator { field: String },
    /// The baseline is 0 or negative: CAGR is undefined.
    BaseNotPositive { value: f64 },
    /// The current value is negative: CAGR is undefined.
    CurrentNegative { value: f64 },
    /// The declared target is missing (the input that gave no value).
    TargetMissing { input: Box<Missing> },
    /// The target is 0 or negative: achievement is undefined.
    TargetNotPositive { value: f64 },
}

impl Missing {
    /// The reason for an input that gave no value.
    pub fn input(r: &InputRef) -> Missing {
        let state = if r.file.is_empty() {
            CellState::NotSubmitted
        } else if r.raw.trim().is_empty() {
            CellState::Blank
        } else {
            CellState::NoData { raw: r.raw.clone() }
        };
        Missing::Input {
            field: r.field.clone(),
            period: r.period,
            state,
        }
    }
}

/// The English text of trace.csv and of error messages.
impl fmt::Display for Missing {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Missing::Input {
                field,
                period,
                state,
            } => {
                let p = period.as_str();
                match state {
                    CellState::NotSubmitted => write!(f, "{field} ({p}) not submitted"),
                    CellState::Blank => write!(f, "{field} ({p}) submitted blank"),
                    CellState::NoData { raw } => {
                        write!(f, "{field} ({p}) submitted as {raw:?} (no data)")
                    }
                }
            }
            Missing::Inputs { each } => {
                for (k, m) in each.iter().enumerate() {
                    if k > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{m}")?;
                }
                Ok(())
            }
            Missing::ZeroDenominator { field } => {
                write!(f, "{field} is 0: the ratio is undefined")
            }
            Missing::BaseNotPositive { value } => write!(
                f,
                "baseline {} is not positive: CAGR is undefined",
                num(*value)
            ),
            Missing::CurrentNegative { value } => write!(
                f,
                "current value {} is negative: CAGR is undefined",
                num(*value)
            ),
            Missing::TargetMissing { input } => write!(f, "declared target missing: {input}"),
            Missing::TargetNotPositive { value } => write!(
                f,
                "target {} is not positive: achievement is undefined",
                num(*value)
            ),
        }
    }
}

/// The English text of trace.csv: the arithmetic with its numbers.
impl fmt::Display for Formula {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Formula::None => Ok(()),
            Formula::AsSubmitted { value } => f.write_str(&num(*value)),
            Formula::Ratio {
                numerator,
                denominator,
            } => write!(f, "{} / {}", num(*numerator), num(*denominator)),
            Formula::WeightedCount { .. } | Formula::Growth { .. } | Formula::Progress { .. } => {
                f.write_str(&self.arithmetic())
            }
            Formula::Achievement {
                target,
                fixed,
                lower,
                ..
            } => {
                let label = if *fixed {
                    format!("fixed target {}", num(*target))
                } else {
                    "declared target".to_string()
                };
                let lower = if *lower { ", lower is better" } else { "" };
                write!(f, "{} ({label}{lower})", self.arithmetic())
            }
            Formula::MetAtBaseline {
                target,
                baseline,
                progress,
                current,
                ..
            } => write!(
                f,
                "target {} met at baseline {}: p = {} (current {}); {}",
                num(*target),
                num(*baseline),
                num(*progress),
                num(*current),
                self.arithmetic()
            ),
        }
    }
}

impl Formula {
    /// The arithmetic alone, in any language: the numbers and operators
    /// (for an achievement, without the target's label; for a target met
    /// at baseline, the schedule ratio `r = p / ...`).
    pub fn arithmetic(&self) -> String {
        match self {
            Formula::None => String::new(),
            Formula::AsSubmitted { .. } | Formula::Ratio { .. } => self.to_string(),
            Formula::WeightedCount { terms } => terms
                .iter()
                .map(|t| format!("{} x {}", num(t.multiplier), num(t.value)))
                .collect::<Vec<_>>()
                .join(" + "),
            Formula::Growth {
                baseline,
                current,
                years,
            } => format!(
                "((({}) / ({}))^(1/{}) - 1) x 100",
                num(*current),
                num(*baseline),
                num(*years)
            ),
            Formula::Achievement {
                value,
                target,
                lower,
                ..
            } => {
                let (a, b) = if *lower {
                    (target, value)
                } else {
                    (value, target)
                };
                format!("{} / {} x 100", num(*a), num(*b))
            }
            Formula::Progress {
                baseline,
                current,
                target,
                by,
                cy,
                ty,
            } => format!(
                "(({} - {}) / ({} - {})) / (({cy}-{by})/({ty}-{by})) x 100",
                num(*current),
                num(*baseline),
                num(*target),
                num(*baseline)
            ),
            Formula::MetAtBaseline { by, cy, ty, .. } => {
                format!("r = p / ({cy}-{by})/({ty}-{by}) x 100")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// scores.json carries the code and the numbers, and reads back the
    /// same (explain words them from it).
    #[test]
    fn provenance_in_json_by_code_and_parameters() {
        let m = Missing::TargetMissing {
            input: Box::new(Missing::Input {
                field: "revenue".to_string(),
                period: Period::Target,
                state: CellState::NoData {
                    raw: "—".to_string(),
                },
            }),
        };
        let json = serde_json::to_string(&m).unwrap();
        assert_eq!(
            json,
            r#"{"code":"target_missing","input":{"code":"input","field":"revenue","period":"target","state":"no_data","raw":"—"}}"#
        );
        assert_eq!(serde_json::from_str::<Missing>(&json).unwrap(), m);
        let f = Formula::Achievement {
            value: 919.79,
            target: 1500.0,
            fixed: false,
            lower: false,
        };
        let json = serde_json::to_string(&f).unwrap();
        assert_eq!(
            json,
            r#"{"code":"achievement","value":919.79,"target":1500.0,"fixed":false,"lower":false}"#
        );
        assert_eq!(serde_json::from_str::<Formula>(&json).unwrap(), f);
        let w = Formula::WeightedCount {
            terms: vec![WeightedTerm {
                multiplier: 3.0,
                value: 2.0,
            }],
        };
        let json = serde_json::to_string(&w).unwrap();
        assert_eq!(
            json,
            r#"{"code":"weighted_count","terms":[{"multiplier":3.0,"value":2.0}]}"#
        );
        assert_eq!(serde_json::from_str::<Formula>(&json).unwrap(), w);
        assert_eq!(
            serde_json::to_string(&Formula::None).unwrap(),
            r#"{"code":"none"}"#
        );
    }
}

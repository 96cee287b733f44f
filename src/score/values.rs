//! From submitted values to the raw indicator matrix.
//!
//! Each indicator's value is built from the fields its rule names: a field's
//! current value, a ratio of two fields, a weighted count, the CAGR from
//! baseline to current year, or (rule `target`) the achievement of the
//! declared or fixed target in percent. Every value keeps its provenance
//! (which submitted cells, the formula) for the trace, and the reason when it
//! is missing. Missing values stay NaN here: the missing-value policy is the
//! kernel's job. The formula and the reason are typed data
//! (`score::provenance`). A value that overflows (a sum of huge inputs, a ratio over
//! a denominator of 5e-324) is left as it came out, with no missing
//! reason, and `score::check` refuses it.

pub use super::provenance::{CellState, Formula, Missing, WeightedTerm};
use crate::framework::{Direction, Framework, Indicator, Period, Rule, ValueSpec};
use crate::ingest::{Observation, Round};
use serde::Serialize;

/// A submitted cell used by an indicator.
#[derive(Debug, Clone, Serialize)]
pub struct InputRef {
    pub field: String,
    pub period: Period,
    /// The cell as submitted (empty: not submitted).
    pub raw: String,
    /// The unit as submitted ("" = the framework's).
    pub unit: String,
    pub factor: f64,
    /// Converted to the framework's unit (None: missing).
    pub value: Option<f64>,
    pub file: String,
    pub row: usize,
    pub column: String,
    /// How the cell was read from a workbook when not as stored (see
    /// `ingest::Observation::reading`); empty otherwise.
    pub reading: String,
}

impl InputRef {
    /// Where the cell came from: "file row N column C", or for a figure
    /// derived from a roster (no single row) "file: how it was derived".
    pub fn source(&self) -> String {
        if self.row == 0 {
            format!("{}: {}", self.file, self.column)
        } else {
            format!("{} row {} column {}", self.file, self.row, self.column)
        }
    }
}

/// How one indicator value of one cluster was made.
#[derive(Debug, Clone, Serialize, Default)]
pub struct Provenance {
    pub inputs: Vec<InputRef>,
    /// The computation, with its numbers.
    pub formula: Formula,
    /// Why the value is missing, when it is.
    pub missing_reason: Option<Missing>,
}

/// The raw indicator matrix of a round.
#[derive(Debug, Clone)]
pub struct RawMatrix {
    pub clusters: usize,
    pub indicators: usize,
    /// Column-major: `j * clusters + i`; NaN = missing.
    pub values: Vec<f64>,
    /// Parallel to `values`; empty in a matrix of values only (the what-if
    /// engine's, whose values were checked with their provenance when the
    /// round was first scored, and are changed only to finite numbers).
    pub provenance: Vec<Provenance>,
}

impl RawMatrix {
    /// The matrix restricted to some clusters (rows), in the order given.
    pub fn rows(&self, keep: &[usize]) -> RawMatrix {
        let n = self.clusters;
        let mut values = Vec::with_capacity(keep.len() * self.indicators);
        let traced = !self.provenance.is_empty();
        let mut provenance = Vec::with_capacity(if traced {
            keep.len() * self.indicators
        } else {
            0
        });
        for j in 0..self.indicators {
            for &i in keep {
                values.push(self.values[j * n + i]);
                if traced {
                    provenance.push(self.provenance[j * n + i].clone());
                }
            }
        }
        RawMatrix {
            clusters: keep.len(),
            indicators: self.indicators,
            values,
            provenance,
        }
    }
}

fn input_ref(fw: &Framework, field: usize, period: Period, obs: Option<&Observation>) -> InputRef {
    let f = &fw.fields[field];
    match obs {
        Some(o) => InputRef {
            field: f.id.clone(),
            period,
            raw: o.raw.clone(),
            unit: o.unit.clone(),
            factor: o.factor,
            value: o.value,
            file: o.file.clone(),
            row: o.row,
            column: o.column.clone(),
            reading: o.reading.clone(),
        },
        None => InputRef {
            field: f.id.clone(),
            period,
            raw: String::new(),
            unit: String::new(),
            factor: 1.0,
            value: None,
            file: String::new(),
            row: 0,
            column: String::new(),
            reading: String::new(),
        },
    }
}

/// Shortest exact text of a number, for formulas.
pub fn num(x: f64) -> String {
    format!("{x}")
}

/// Build the raw matrix.
pub fn build(round: &Round) -> RawMatrix {
    let fw = &round.framework;
    let n = round.registry.len();
    let m = fw.indicators.len();
    let mut values = vec![f64::NAN; n * m];
    let mut provenance = vec![Provenance::default(); n * m];
    // No growth value is read in a one-period round (refused at loading).
    let years = round
        .spec
        .baseline_year
        .map_or(f64::NAN, |b| f64::from(round.spec.current_year - b));
    for (j, ind) in fw.indicators.iter().enumerate() {
        for i in 0..n {
            let (v, p) = indicator_value(round, ind, i, years);
            values[j * n + i] = v;
            provenance[j * n + i] = p;
        }
    }
    RawMatrix {
        clusters: n,
        indicators: m,
        values,
        provenance,
    }
}

fn indicator_value(
    round: &Round,
    ind: &Indicator,
    cluster: usize,
    years: f64,
) -> (f64, Provenance) {
    let fw = &round.framework;
    let data = &round.data;
    let get = |field: usize, period: Period| {
        let obs = data.get(cluster, field, period);
        (obs.and_then(|o| o.value), input_ref(fw, field, period, obs))
    };
    let mut p = Provenance::default();
    let value = match &ind.value {
        ValueSpec::Field { field } => {
            let (v, r) = get(*field, Period::Current);
            if v.is_none() {
                p.missing_reason = Some(Missing::input(&r));
            }
            if let Some(value) = v {
                p.formula = Formula::AsSubmitted { value };
            }
            p.inputs.push(r);
            v
        }
        ValueSpec::Ratio { field, per } => {
            let (a, ra) = get(*field, Period::Current);
            let (b, rb) = get(*per, Period::Current);
            let v = match (a, b) {
                (Some(a), Some(b)) if b != 0.0 => {
                    p.formula = Formula::Ratio {
                        numerator: a,
                        denominator: b,
                    };
                    Some(a / b)
                }
                (Some(_), Some(_)) => {
                    p.missing_reason = Some(Missing::ZeroDenominator {
                        field: rb.field.clone(),
                    });
                    None
                }
                (None, _) => {
                    p.missing_reason = Some(Missing::input(&ra));
                    None
                }
                (_, None) => {
                    p.missing_reason = Some(Missing::input(&rb));
                    None
                }
            };
            p.inputs.push(ra);
            p.inputs.push(rb);
            v
        }
        ValueSpec::WeightedCount { terms } => {
            let mut sum = 0.0;
            let mut parts = Vec::new();
            let mut missing = Vec::new();
            for (field, mult) in terms {
                let (v, r) = get(*field, Period::Current);
                match v {
                    Some(v) => {
                        sum += mult * v;
                        parts.push(WeightedTerm {
                            multiplier: *mult,
                            value: v,
                        });
                    }
                    None => missing.push(Missing::input(&r)),
                }
                p.inputs.push(r);
            }
            if missing.is_empty() {
                p.formula = Formula::WeightedCount { terms: parts };
                Some(sum)
            } else {
                p.missing_reason = Some(if missing.len() == 1 {
                    missing.remove(0)
                } else {
                    Missing::Inputs { each: missing }
                });
                None
            }
        }
        ValueSpec::Growth { field } => {
            let (b, rb) = get(*field, Period::Baseline);
            let (c, rc) = get(*field, Period::Current);
            let v = match (b, c) {
                (Some(b), Some(c)) if b > 0.0 && c >= 0.0 => {
                    p.formula = Formula::Growth {
                        baseline: b,
                        current: c,
                        years,
                    };
                    Some(((c / b).powf(1.0 / years) - 1.0) * 100.0)
                }
                (Some(b), Some(_)) if b <= 0.0 => {
                    p.missing_reason = Some(Missing::BaseNotPositive { value: b });
                    None
                }
                (Some(_), Some(c)) => {
                    p.missing_reason = Some(Missing::CurrentNegative { value: c });
                    None
                }
                (None, _) => {
                    p.missing_reason = Some(Missing::input(&rb));
                    None
                }
                (_, None) => {
                    p.missing_reason = Some(Missing::input(&rc));
                    None
                }
            };
            p.inputs.push(rb);
            p.inputs.push(rc);
            v
        }
    };
    // Rule T scores the achievement of a target, in percent.
    let value = match (&ind.rule, value) {
        (Rule::Target { fixed, .. }, Some(x)) => {
            let t = match fixed {
                Some(t) => Some(*t),
                None => {
                    let field = ind.primary_field().unwrap_or(0);
                    let (t, r) = get(field, Period::Target);
                    if t.is_none() {
                        p.missing_reason = Some(Missing::TargetMissing {
                            input: Box::new(Missing::input(&r)),
                        });
                    }
                    p.inputs.push(r);
                    t
                }
            };
            match t {
                Some(t) if t > 0.0 => {
                    // Lower is better and nothing was used: the target is
                    // met beyond measure (the largest achievement). Any
                    // other achievement that is not finite overflowed, and
                    // the check after `build` stops the run.
                    let a = match ind.direction {
                        Direction::Higher => 100.0 * x / t,
                        Direction::Lower if x > 0.0 => 100.0 * t / x,
                        Direction::Lower => f64::MAX,
                    };
                    p.formula = Formula::Achievement {
                        value: x,
                        target: t,
                        fixed: fixed.is_some(),
                        lower: ind.direction == Direction::Lower,
                    };
                    Some(a)
                }
                Some(t) => {
                    p.missing_reason = Some(Missing::TargetNotPositive { value: t });
                    None
                }
                None => None,
            }
        }
        (Rule::Progress { .. }, Some(c)) => {
            let field = ind.primary_field().unwrap_or(0);
            let (b, rb) = get(field, Period::Baseline);
            let (t, rt) = get(field, Period::Target);
            let v = match (b, t, round.years()) {
                (Some(b), Some(t), Some((by, cy, ty))) => {
                    let e = super::progress::elapsed(by, cy, ty);
                    let a = super::progress::assess(b, c, t, e, ind.direction);
                    p.formula = match a.status {
                        super::progress::Status::MetAtBaseline
                        | super::progress::Status::Slipped => Formula::MetAtBaseline {
                            target: t,
                            baseline: b,
                            progress: a.progress,
                            current: c,
                            by,
                            cy,
                            ty,
                        },
                        _ => Formula::Progress {
                            baseline: b,
                            current: c,
                            target: t,
                            by,
                            cy,
                            ty,
                        },
                    };
                    Some(a.schedule * 100.0)
                }
                (None, _, _) | (_, _, None) => {
                    p.missing_reason = Some(Missing::input(&rb));
                    None
                }
                (_, None, _) => {
                    p.missing_reason = Some(Missing::TargetMissing {
                        input: Box::new(Missing::input(&rt)),
                    });
                    None
                }
            };
            p.inputs.push(rb);
            p.inputs.push(rt);
            v
        }
        (_, v) => v,
    };
    (value.unwrap_or(f64::NAN), p)
}

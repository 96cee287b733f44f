//! The per-cluster aggregation of derived fields, streamed.
//!
//! Every row that passes the checks adds its contribution to its cluster's
//! accumulators as the roster is read, chunk by chunk: `count` adds 1 when
//! the row meets the conditions, `sum` adds the column (a blank adds 0),
//! `ratio` adds numerator and denominator to two sums divided at the end (a
//! zero denominator leaves the value undefined), `weighted_count` adds the
//! weighted flags. A row dropped later (listed twice, or by the duplicate
//! policy) has its contribution taken away again. Sums are exact (Shewchuk's
//! partials, as Python's `math.fsum`), so neither the size of the chunks,
//! nor the order in which they are merged, nor a row taken away can change
//! a bit of a result; results are then rounded to 9 decimals as before. A
//! blank number meets no condition. A result that is not a finite number (a
//! sum that overflows, a ratio over a denominator too small) is returned as
//! it is, for the caller to refuse. This module reads no file.

use super::rows::{Plan, Values};
use crate::framework::derive::{Aggregate, CmpOp, Condition};
use crate::framework::Framework;
use std::collections::BTreeMap;

/// An exact sum of floating-point numbers: non-overlapping partials whose
/// sum is the exact sum of everything added (Shewchuk 1997).
#[derive(Debug, Clone, Default)]
pub struct ExactSum {
    partials: Vec<f64>,
    /// Infinities, NaN or an overflow met on the way (the sum is then this).
    special: Option<f64>,
}

impl ExactSum {
    pub fn add(&mut self, x: f64) {
        if !x.is_finite() {
            self.special = Some(self.special.unwrap_or(0.0) + x);
            return;
        }
        let mut x = x;
        let mut i = 0;
        for j in 0..self.partials.len() {
            let mut y = self.partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            if !hi.is_finite() {
                self.special = Some(self.special.unwrap_or(0.0) + hi);
                return;
            }
            let lo = y - (hi - x);
            if lo != 0.0 {
                self.partials[i] = lo;
                i += 1;
            }
            x = hi;
        }
        self.partials.truncate(i);
        self.partials.push(x);
    }

    pub fn merge(&mut self, other: &ExactSum) {
        if let Some(s) = other.special {
            self.special = Some(self.special.unwrap_or(0.0) + s);
        }
        for &p in &other.partials {
            self.add(p);
        }
    }

    /// The exact sum, correctly rounded (as `math.fsum`).
    pub fn value(&self) -> f64 {
        if let Some(s) = self.special {
            return s;
        }
        let p = &self.partials;
        let mut n = p.len();
        if n == 0 {
            return 0.0;
        }
        n -= 1;
        let mut hi = p[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = p[n];
            hi = x + y;
            lo = y - (hi - x);
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && p[n - 1] < 0.0) || (lo > 0.0 && p[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            if y == x - hi {
                hi = x;
            }
        }
        hi
    }
}

/// One cluster's accumulators: a count per `count` field and exact sums
/// for the others (two for a ratio).
#[derive(Debug, Clone)]
pub struct ClusterSums {
    pub counts: Vec<i64>,
    pub sums: Vec<ExactSum>,
}

impl ClusterSums {
    pub fn new(plan: &Plan) -> Self {
        ClusterSums {
            counts: vec![0; plan.fields.len()],
            sums: vec![ExactSum::default(); plan.sums],
        }
    }

    pub fn merge(&mut self, other: &ClusterSums) {
        for (a, b) in self.counts.iter_mut().zip(&other.counts) {
            *a += b;
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            a.merge(b);
        }
    }
}

/// Where a derived field accumulates.
#[derive(Debug, Clone)]
pub struct FieldPlan {
    /// Index of the field in the framework.
    pub field: usize,
    pub factor: f64,
    pub conditions: Vec<(usize, Test)>,
    pub what: What,
}

/// A condition on a row's value in one slot.
#[derive(Debug, Clone, Copy)]
pub enum Test {
    Flag(bool),
    Compare(CmpOp, f64),
}

/// What a field adds up: slots are indices into the row's values, sums
/// indices into `ClusterSums::sums`.
#[derive(Debug, Clone)]
pub enum What {
    Count,
    Sum {
        slot: usize,
        sum: usize,
    },
    Ratio {
        num: (usize, usize),
        den: (usize, usize),
    },
    Weighted {
        weights: Vec<(usize, f64)>,
        sum: usize,
    },
}

/// The fields' plans, given a way to find the slot of a roster column.
pub fn plan_fields(fw: &Framework, slot: impl Fn(&str) -> usize) -> (Vec<FieldPlan>, usize) {
    let mut sums = 0;
    let mut next = || {
        sums += 1;
        sums - 1
    };
    let mut out = Vec::new();
    for (j, f) in fw.fields.iter().enumerate() {
        let Some(d) = &f.derived else { continue };
        let conditions = d
            .conditions
            .iter()
            .map(|c| match c {
                Condition::Flag { column, value } => (slot(column), Test::Flag(*value)),
                Condition::Compare { column, op, value } => {
                    (slot(column), Test::Compare(*op, *value))
                }
            })
            .collect();
        let what = match &d.aggregate {
            Aggregate::Count => What::Count,
            Aggregate::Sum { of } => What::Sum {
                slot: slot(of),
                sum: next(),
            },
            Aggregate::Ratio {
                numerator,
                denominator,
            } => What::Ratio {
                num: (slot(numerator), next()),
                den: (slot(denominator), next()),
            },
            Aggregate::WeightedCount { weights } => What::Weighted {
                weights: weights.iter().map(|(c, w)| (slot(c), *w)).collect(),
                sum: next(),
            },
        };
        out.push(FieldPlan {
            field: j,
            factor: d.factor,
            conditions,
            what,
        });
    }
    (out, sums)
}

fn meets(values: &Values, conditions: &[(usize, Test)]) -> bool {
    conditions.iter().all(|&(s, t)| match t {
        Test::Flag(want) => values.flags[s] == want,
        Test::Compare(op, v) => {
            let x = values.numbers[s];
            // A blank number meets no condition.
            !x.is_nan()
                && match op {
                    CmpOp::Ge => x >= v,
                    CmpOp::Gt => x > v,
                    CmpOp::Le => x <= v,
                    CmpOp::Lt => x < v,
                    CmpOp::Eq => x == v,
                    CmpOp::Ne => x != v,
                }
        }
    })
}

/// Add (`sign` = 1) or take away (`sign` = -1) one row's contribution.
pub fn contribute(plan: &Plan, values: &Values, acc: &mut ClusterSums, sign: i64) {
    let blank_zero = |x: f64| if x.is_nan() { 0.0 } else { x };
    let s = sign as f64;
    for (k, f) in plan.fields.iter().enumerate() {
        if !meets(values, &f.conditions) {
            continue;
        }
        match &f.what {
            What::Count => acc.counts[k] += sign,
            What::Sum { slot, sum } => acc.sums[*sum].add(s * blank_zero(values.numbers[*slot])),
            What::Ratio { num, den } => {
                acc.sums[num.1].add(s * blank_zero(values.numbers[num.0]));
                acc.sums[den.1].add(s * blank_zero(values.numbers[den.0]));
            }
            What::Weighted { weights, sum } => {
                let w = weights
                    .iter()
                    .map(|&(slot, w)| if values.flags[slot] { w } else { 0.0 })
                    .reduce(|a, b| a + b)
                    .unwrap_or(0.0);
                acc.sums[*sum].add(s * w);
            }
        }
    }
}

fn round9(x: f64) -> f64 {
    let scaled = x * 1e9;
    if !scaled.is_finite() {
        // Too large to have decimals (or not finite at all).
        return x;
    }
    let r = scaled.round() / 1e9;
    if r == 0.0 {
        0.0
    } else {
        r
    }
}

/// Derived value per (cluster, field), after the field's factor, for the
/// clusters with at least one row counted.
pub fn derive(
    plan: &Plan,
    sums: &[Option<Box<ClusterSums>>],
    counted: &[usize],
) -> BTreeMap<(usize, usize), f64> {
    let mut out = BTreeMap::new();
    for (i, acc) in sums.iter().enumerate() {
        let Some(acc) = acc else { continue };
        if counted.get(i).copied().unwrap_or(0) == 0 {
            continue;
        }
        for (k, f) in plan.fields.iter().enumerate() {
            let value = match &f.what {
                What::Count => Some(acc.counts[k] as f64),
                What::Sum { sum, .. } | What::Weighted { sum, .. } => Some(acc.sums[*sum].value()),
                What::Ratio { num, den } => {
                    let (a, b) = (acc.sums[num.1].value(), acc.sums[den.1].value());
                    (b != 0.0).then(|| a / b)
                }
            };
            if let Some(v) = value {
                out.insert((i, f.field), round9(v * f.factor));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::ExactSum;

    #[test]
    fn exact_sums_ignore_order_and_take_away_exactly() {
        let xs = [0.1, 1e16, 0.2, -1e16, 0.3, 123456.789, 1e-9];
        let mut a = ExactSum::default();
        xs.iter().for_each(|&x| a.add(x));
        let mut b = ExactSum::default();
        xs.iter().rev().for_each(|&x| b.add(x));
        // 0.1 + 0.2 + 0.3 + 123456.789 + 1e-9, exactly, then rounded once.
        assert_eq!(a.value(), b.value());
        // Naive addition loses the 0.1 and 0.2 under 1e16.
        let mut c = ExactSum::default();
        [1e100, 1.0, -1e100].iter().for_each(|&x| c.add(x));
        assert_eq!(c.value(), 1.0);
        a.add(-123456.789);
        a.add(-1e-9);
        // 0.1 + 0.2 + 0.3 as binary fractions sum to 0.6000000000000000055…,
        // which rounds to the double nearest 0.6.
        assert_eq!(a.value(), 0.6);
    }
}

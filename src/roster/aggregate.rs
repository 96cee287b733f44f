//! The per-cluster aggregation of derived fields, as one lazy polars query.
//!
//! The validated rows of every roster file (those kept after the code check
//! and the duplicate policy) are stacked into one frame of the cluster index
//! and the columns used; one group-by computes every derived field:
//! `count` and `weighted_count` as sums of 0/1 (or weights) over the rows
//! that meet the conditions, `sum` as the sum of the column over them,
//! `ratio` as two such sums divided afterwards (a zero denominator leaves
//! the value undefined). Blank numbers are left out of sums and fail every
//! comparison. Results are rounded to 9 decimals so that the order polars
//! adds in cannot change a digit of the outputs. A result that is not a
//! finite number (a sum that overflows, a ratio over a denominator too
//! small) is returned as it is, for the caller to refuse.

use super::Validated;
use crate::framework::derive::{Aggregate, CmpOp, Condition, Derivation};
use crate::framework::Framework;
use polars::prelude::*;
use std::collections::BTreeMap;

const CLUSTER: &str = "__cluster";

fn condition(c: &Condition) -> Expr {
    match c {
        Condition::Flag {
            column,
            value: true,
        } => col(column.as_str()),
        Condition::Flag {
            column,
            value: false,
        } => col(column.as_str()).not(),
        Condition::Compare { column, op, value } => {
            let x = col(column.as_str());
            let v = lit(*value);
            let e = match op {
                CmpOp::Ge => x.gt_eq(v),
                CmpOp::Gt => x.gt(v),
                CmpOp::Le => x.lt_eq(v),
                CmpOp::Lt => x.lt(v),
                CmpOp::Eq => x.eq(v),
                CmpOp::Ne => x.neq(v),
            };
            // A blank number meets no condition.
            e.fill_null(lit(false))
        }
    }
}

/// Σ of `value` over the rows that meet every condition.
fn sum_where(value: Expr, conditions: &[Condition]) -> Expr {
    match conditions.iter().map(condition).reduce(|a, b| a.and(b)) {
        Some(cond) => when(cond).then(value).otherwise(lit(0.0)).sum(),
        None => value.sum(),
    }
}

fn exprs(id: &str, d: &Derivation) -> Vec<Expr> {
    let num = |c: &str| col(c).cast(DataType::Float64).fill_null(lit(0.0));
    match &d.aggregate {
        Aggregate::Count => vec![sum_where(lit(1.0), &d.conditions).alias(id)],
        Aggregate::Sum { of } => vec![sum_where(num(of), &d.conditions).alias(id)],
        Aggregate::Ratio {
            numerator,
            denominator,
        } => vec![
            sum_where(num(numerator), &d.conditions).alias(format!("{id}__num")),
            sum_where(num(denominator), &d.conditions).alias(format!("{id}__den")),
        ],
        Aggregate::WeightedCount { weights } => {
            let w = weights
                .iter()
                .map(|(c, w)| col(c.as_str()).cast(DataType::Float64) * lit(*w))
                .reduce(|a, b| a + b)
                .unwrap_or(lit(0.0));
            vec![sum_where(w, &d.conditions).alias(id)]
        }
    }
}

fn frame(v: &Validated) -> PolarsResult<DataFrame> {
    let keep: BooleanChunked = v.keep.iter().copied().collect();
    let n = v.keep.len();
    let mut columns = vec![Column::new(CLUSTER.into(), v.cluster.clone())];
    for (id, xs) in &v.numbers {
        let xs: Vec<Option<f64>> = xs.iter().map(|&x| (!x.is_nan()).then_some(x)).collect();
        columns.push(Column::new(id.as_str().into(), xs));
    }
    for (id, xs) in &v.flags {
        columns.push(Column::new(id.as_str().into(), xs.clone()));
    }
    DataFrame::new(n, columns)?.filter(&keep)
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

/// Derived value per (cluster, field), after the field's factor.
pub fn derive(
    validated: &[Validated],
    fw: &Framework,
) -> PolarsResult<BTreeMap<(usize, usize), f64>> {
    let mut out = BTreeMap::new();
    let derived: Vec<(usize, &Derivation)> = fw
        .fields
        .iter()
        .enumerate()
        .filter_map(|(j, f)| f.derived.as_ref().map(|d| (j, d)))
        .collect();
    if derived.is_empty() || validated.is_empty() {
        return Ok(out);
    }
    let mut all: Option<DataFrame> = None;
    for v in validated {
        let df = frame(v)?;
        match &mut all {
            None => all = Some(df),
            Some(a) => {
                a.vstack_mut_owned(df)?;
            }
        }
    }
    let Some(all) = all else { return Ok(out) };
    let mut aggs = Vec::new();
    for (j, d) in &derived {
        aggs.extend(exprs(&fw.fields[*j].id, d));
    }
    let result = all.lazy().group_by([col(CLUSTER)]).agg(aggs).collect()?;
    let clusters: Vec<u32> = result
        .column(CLUSTER)?
        .u32()?
        .iter()
        .map(|c| c.unwrap_or(0))
        .collect();
    let get = |name: &str| -> PolarsResult<Vec<f64>> {
        Ok(result
            .column(name)?
            .cast(&DataType::Float64)?
            .f64()?
            .iter()
            .map(|x| x.unwrap_or(0.0))
            .collect())
    };
    for (j, d) in &derived {
        let id = &fw.fields[*j].id;
        let values: Vec<Option<f64>> = match &d.aggregate {
            Aggregate::Ratio { .. } => {
                let num = get(&format!("{id}__num"))?;
                let den = get(&format!("{id}__den"))?;
                num.iter()
                    .zip(&den)
                    .map(|(a, b)| (*b != 0.0).then(|| a / b))
                    .collect()
            }
            _ => get(id)?.into_iter().map(Some).collect(),
        };
        for (k, v) in values.into_iter().enumerate() {
            if let Some(v) = v {
                out.insert((clusters[k] as usize, *j), round9(v * d.factor));
            }
        }
    }
    Ok(out)
}

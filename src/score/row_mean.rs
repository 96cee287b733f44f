//! Imputation by row (`missing = "row_mean"`): a unit's missing value is
//! read from its own standing on the other indicators under the same
//! parent, as COINr's `Impute(impute_by = "row", normalise_first = TRUE)`
//! does with the group at the parent's level.
//!
//! For each sibling indicator s (same parent, another column), the
//! present raw values are put on [0, 1] by min-max with the direction
//! applied: `(x − min_s) / (max_s − min_s)` when higher is better,
//! `(max_s − x) / (max_s − min_s)` when lower is. The missing cell takes
//! the mean `v` of the unit's positions over the siblings where it has a
//! value, mapped back onto this indicator's present range:
//! `min_j + v · (max_j − min_j)` (higher is better) or
//! `max_j − v · (max_j − min_j)` (lower). A sibling whose present values
//! are all equal has no position (COINr's 0/0, left out of the mean). A
//! unit with no sibling value takes the cohort mean of the column
//! (`RowFallbackCohortMean`), and a column with no value at all imputes
//! nothing. Only raw values take part: a sibling's own imputed values
//! never feed another imputation, so the result is the same in any
//! column order.

use super::kernel::{Imputation, Plan};
use super::rules;
use crate::framework::Direction;

/// The present range of raw column `s`: (min, max); None when it has no
/// value.
fn range(raw: &[f64], n: usize, s: usize) -> Option<(f64, f64)> {
    let col = &raw[s * n..(s + 1) * n];
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for &v in col.iter().filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    (lo <= hi).then_some((lo, hi))
}

/// Impute column `j` (its raw values already in `values`) by row: see the
/// module header. `sums` is scratch (2 · clusters: the sum of positions
/// and their count per unit).
pub(super) fn impute_by_row(
    raw: &[f64],
    plan: &Plan,
    j: usize,
    values: &mut [f64],
    how: &mut [Imputation],
    sums: &mut Vec<f64>,
) {
    let n = plan.clusters;
    if values.iter().all(|v| v.is_finite()) {
        return;
    }
    let Some((lo, hi)) = range(raw, n, j) else {
        for (v, h) in values.iter_mut().zip(how.iter_mut()) {
            if !v.is_finite() {
                *h = Imputation::NothingToImpute;
            }
        }
        return;
    };
    let (_, _, mean, _) = rules::stats(values);
    sums.clear();
    sums.resize(2 * n, 0.0);
    for &s in &plan.columns[j].siblings {
        let Some((slo, shi)) = range(raw, n, s) else {
            continue;
        };
        let width = shi - slo;
        if width <= 0.0 {
            continue;
        }
        let lower = plan.columns[s].direction == Direction::Lower;
        for (i, &x) in raw[s * n..(s + 1) * n].iter().enumerate() {
            if values[i].is_finite() || !x.is_finite() {
                continue;
            }
            let position = if lower {
                (shi - x) / width
            } else {
                (x - slo) / width
            };
            sums[2 * i] += position;
            sums[2 * i + 1] += 1.0;
        }
    }
    let lower = plan.columns[j].direction == Direction::Lower;
    for i in 0..n {
        if values[i].is_finite() {
            continue;
        }
        let count = sums[2 * i + 1];
        if count == 0.0 {
            values[i] = mean;
            how[i] = Imputation::RowFallbackCohortMean;
            continue;
        }
        let v = sums[2 * i] / count;
        values[i] = if lower {
            hi - v * (hi - lo)
        } else {
            lo + v * (hi - lo)
        };
        how[i] = Imputation::RowMean;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::framework::{Aggregation, MissingPolicy, Rule};
    use crate::score::kernel::ColumnPlan;

    fn column(direction: Direction, siblings: Vec<usize>) -> ColumnPlan {
        ColumnPlan {
            rule: Rule::MinMax { lo: 0.0, hi: 1.0 },
            direction,
            transforms: vec![],
            treatment: None,
            missing: MissingPolicy::RowMean,
            groups: None,
            siblings,
            reference: None,
            points: 1.0,
            parent: 1,
        }
    }

    fn plan(directions: [Direction; 3]) -> Plan {
        Plan {
            clusters: 4,
            columns: (0..3)
                .map(|j| column(directions[j], (0..3).filter(|&s| s != j).collect()))
                .collect(),
            node_parent: vec![None, Some(0)],
            node_children: vec![(vec![], vec![1]), (vec![0, 1, 2], vec![])],
            bottom_up: vec![1, 0],
            node_points: vec![3.0, 3.0],
            node_method: vec![Aggregation::Sum; 2],
        }
    }

    /// By hand: column 0 = [10, 20, NaN, 30] is missing for unit 2.
    /// Column 1 = [1, 3, 2, 5] (higher): unit 2 at (2 − 1) / 4 = 0.25.
    /// Column 2 = [100, 50, 0, 100] (lower is better): unit 2 at
    /// (100 − 0) / 100 = 1. Mean 0.625; column 0's range is 10..30, so
    /// 10 + 0.625 · 20 = 22.5 (higher) or 30 − 0.625 · 20 = 17.5 (lower).
    #[test]
    fn the_mean_position_on_the_siblings_mapped_onto_the_range() {
        let raw = [
            10.0,
            20.0,
            f64::NAN,
            30.0,
            1.0,
            3.0,
            2.0,
            5.0,
            100.0,
            50.0,
            0.0,
            100.0,
        ];
        for (d0, want) in [(Direction::Higher, 22.5), (Direction::Lower, 17.5)] {
            let p = plan([d0, Direction::Higher, Direction::Lower]);
            let mut values = raw[0..4].to_vec();
            let mut how = vec![Imputation::None; 4];
            impute_by_row(&raw, &p, 0, &mut values, &mut how, &mut Vec::new());
            assert_eq!(values, [10.0, 20.0, want, 30.0]);
            assert_eq!(how[2], Imputation::RowMean);
            assert_eq!(how[0], Imputation::None);
        }
    }

    /// A sibling with all values equal has no position; a unit with no
    /// sibling position takes the column's mean (20).
    #[test]
    fn constant_and_missing_siblings_fall_back_to_the_cohort_mean() {
        let nan = f64::NAN;
        let raw = [
            10.0, 20.0, nan, 30.0, // column 0
            7.0, 7.0, 7.0, 7.0, // constant
            1.0, 2.0, nan, 3.0, // missing for unit 2 as well
        ];
        let p = plan([Direction::Higher; 3]);
        let mut values = raw[0..4].to_vec();
        let mut how = vec![Imputation::None; 4];
        impute_by_row(&raw, &p, 0, &mut values, &mut how, &mut Vec::new());
        assert_eq!(values[2], 20.0);
        assert_eq!(how[2], Imputation::RowFallbackCohortMean);
    }

    /// Changing a sibling's value re-scores the row_mean column too: the
    /// columns `rescore` picks, re-scored and aggregated, give exactly a
    /// full score of the changed matrix.
    #[test]
    fn a_change_of_a_sibling_re_scores_the_imputed_column() {
        use crate::score::kernel::{aggregate, score, score_column};
        let nan = f64::NAN;
        let mut raw = vec![
            10.0, 20.0, nan, 30.0, 1.0, 3.0, 2.0, 5.0, 100.0, 50.0, 0.0, 100.0,
        ];
        let p = plan([Direction::Higher, Direction::Higher, Direction::Lower]);
        let mut out = score(&raw, &p);
        // Unit 2's b from 2 to 5: its position on b is now 1.
        raw[4 + 2] = 5.0;
        let cells = [(2usize, 1usize, 5.0)];
        let columns = crate::score::rescore::affected(&p, &cells);
        assert_eq!(columns, [0, 1, 2]);
        for &j in &columns {
            score_column(&raw, &p, j, &mut out);
        }
        aggregate(&p, &mut out);
        let full = score(&raw, &p);
        assert_eq!(out.value, full.value);
        assert_eq!(out.node_sub, full.node_sub);
        assert_eq!(out.value[2], 30.0);
    }
}

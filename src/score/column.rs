//! The column part of the scoring kernel: what happens to one indicator's
//! values across the cohort, in order: imputation of the missing values
//! (`impute`), outlier treatment (`treat`), the transforms (`transform`)
//! and the rule (`normalise`), which gives each cluster its fraction of
//! the indicator's points, the rule's own value on its own scale and the
//! cap marks. Pure functions on slices; `kernel` calls them per column.

use super::bounds::Bounds;
use super::kernel::{Cap, ColumnPlan, Imputation, TreatFlag, TreatmentLog};
use super::rules;
use super::scales::{self, RankKind};
use crate::framework::{Direction, MissingPolicy, Rule, Transform, Treatment};

pub(super) fn impute(
    values: &mut [f64],
    how: &mut [Imputation],
    col: &ColumnPlan,
    (scratch, group_values): (&mut Vec<f64>, &mut Vec<f64>),
) {
    if values.iter().all(|v| v.is_finite()) {
        return;
    }
    let (_, _, mean, count) = rules::stats(values);
    let median = match col.missing {
        MissingPolicy::CohortMedian | MissingPolicy::GroupMedian { .. } => {
            rules::median(values, scratch)
        }
        _ => f64::NAN,
    };
    // Group means from the observed values only.
    scratch.clear();
    if let (MissingPolicy::GroupMean { .. }, Some(groups)) = (&col.missing, &col.groups) {
        let g = groups.iter().copied().max().map(|x| x + 1).unwrap_or(0);
        scratch.resize(2 * g, 0.0);
        for (v, &gi) in values.iter().zip(groups) {
            if v.is_finite() {
                scratch[2 * gi] += v;
                scratch[2 * gi + 1] += 1.0;
            }
        }
    }
    for i in 0..values.len() {
        if values[i].is_finite() {
            continue;
        }
        let (v, h) = match &col.missing {
            MissingPolicy::Zero => (0.0, Imputation::Zero),
            MissingPolicy::NoPoints | MissingPolicy::Fail => (f64::NAN, Imputation::NoPoints),
            _ if count == 0 => (f64::NAN, Imputation::NothingToImpute),
            MissingPolicy::CohortMean => (mean, Imputation::CohortMean),
            // Reached only for a column scored without its siblings
            // (`row_mean::impute_by_row` is the kernel's path).
            MissingPolicy::RowMean => (mean, Imputation::RowFallbackCohortMean),
            MissingPolicy::CohortMedian => (median, Imputation::CohortMedian),
            MissingPolicy::GroupMean { .. } => {
                let gi = col.groups.as_ref().map(|g| g[i]).unwrap_or(0);
                match scratch.get(2 * gi + 1) {
                    Some(&c) if c > 0.0 => (scratch[2 * gi] / c, Imputation::GroupMean),
                    _ => (mean, Imputation::GroupFallbackCohortMean),
                }
            }
            MissingPolicy::GroupMedian { .. } => {
                // The median of the observed values of the unit's group
                // (`values` holds imputed values only before row i).
                let groups = col.groups.as_deref().unwrap_or(&[]);
                let gi = groups.get(i).copied().unwrap_or(0);
                group_values.clear();
                group_values.extend(
                    values
                        .iter()
                        .zip(how.iter())
                        .zip(groups)
                        .filter(|((v, h), &g)| g == gi && v.is_finite() && !h.imputed())
                        .map(|((v, _), _)| *v),
                );
                if group_values.is_empty() {
                    (median, Imputation::GroupFallbackCohortMedian)
                } else {
                    (
                        rules::median(group_values, scratch),
                        Imputation::GroupMedian,
                    )
                }
            }
        };
        values[i] = v;
        how[i] = h;
    }
}

/// The log fallback of the outlier treatment takes ln(x − min + shift)
/// with shift = this share of the range, so the smallest value maps to a
/// finite number (ln(0.01 · range)) rather than ln 0.
pub const LOG_SHIFT: f64 = 0.01;

/// Outlier treatment of one column (the skewness / kurtosis test, step-wise
/// winsorisation, log fallback on the original values). `scratch` keeps the
/// original values. Missing values (NaN) take no part.
pub(super) fn treat(
    values: &mut [f64],
    flags: &mut [TreatFlag],
    t: &Treatment,
    scratch: &mut Vec<f64>,
) -> TreatmentLog {
    let check = |v: &[f64]| {
        let (g, k) = (rules::skewness(v), rules::kurtosis(v));
        // Too few values to judge: nothing to treat.
        let pass = g.is_nan() || k.is_nan() || g.abs() < t.skew || k < t.kurtosis;
        (g, k, pass)
    };
    let (g0, k0, pass0) = check(values);
    let mut log = TreatmentLog {
        skew_before: g0,
        kurtosis_before: k0,
        passed_before: pass0,
        winsorised: 0,
        skew_after: None,
        kurtosis_after: None,
        passed_after: None,
        log: false,
        skew_log: None,
        kurtosis_log: None,
        passed_log: None,
    };
    if pass0 {
        return log;
    }
    scratch.clear();
    scratch.extend_from_slice(values);
    // The points now at the winsorised top and bottom (ties move together;
    // like COINr, the count is the size of the latest sets).
    let (mut high, mut low) = (0usize, 0usize);
    let mut pass = false;
    let (mut g, mut k) = (g0, k0);
    while !pass && high + low < t.max_winsorised {
        let (min, max, _, _) = rules::stats(values);
        let to_high = g >= 0.0;
        let extreme = if to_high { max } else { min };
        let mut next = if to_high {
            f64::NEG_INFINITY
        } else {
            f64::INFINITY
        };
        let mut count = 0;
        for &v in values.iter().filter(|v| v.is_finite()) {
            if v == extreme {
                count += 1;
            } else if (to_high && v > next) || (!to_high && v < next) {
                next = v;
            }
        }
        if !next.is_finite() {
            break; // every value is the same: nothing left to winsorise to
        }
        for (v, f) in values.iter_mut().zip(flags.iter_mut()) {
            if *v == extreme {
                *v = next;
                *f = if to_high {
                    TreatFlag::WinHigh
                } else {
                    TreatFlag::WinLow
                };
            }
        }
        if to_high {
            high = count;
        } else {
            low = count;
        }
        (g, k, pass) = check(values);
    }
    log.winsorised = high + low;
    log.skew_after = Some(g);
    log.kurtosis_after = Some(k);
    log.passed_after = Some(pass);
    if !pass && t.log_fallback {
        values.copy_from_slice(scratch);
        let (min, max, _, _) = rules::stats(values);
        let shift = LOG_SHIFT * (max - min);
        for (v, f) in values.iter_mut().zip(flags.iter_mut()) {
            if v.is_finite() {
                *v = (*v - min + shift).ln();
                *f = TreatFlag::Log;
            } else {
                *f = TreatFlag::None;
            }
        }
        let (g2, k2, p2) = check(values);
        log.log = true;
        log.skew_log = Some(g2);
        log.kurtosis_log = Some(k2);
        log.passed_log = Some(p2);
    }
    log
}

pub(super) fn transform(values: &mut [f64], transforms: &[Transform], scratch: &mut Vec<f64>) {
    for t in transforms {
        match *t {
            Transform::Log1p | Transform::Log10 | Transform::Ln | Transform::BoxCox { .. } => {
                for v in values.iter_mut() {
                    *v = t.point(*v).unwrap_or(*v);
                }
            }
            Transform::CapPercentile { p } => {
                let cap = rules::percentile(values, p, scratch);
                for v in values.iter_mut() {
                    if *v > cap {
                        *v = cap;
                    }
                }
            }
            Transform::FloorPercentile { p } => {
                let floor = rules::percentile(values, p, scratch);
                for v in values.iter_mut() {
                    if *v < floor {
                        *v = floor;
                    }
                }
            }
        }
    }
}

/// The rule value of the rules that compute the fraction directly (see
/// `Scores::rule_value`): min-max in percent, a z-score (with the mean and
/// sd given, or the column's), the fraction itself for the others.
pub(super) fn common_rule_value(
    values: &[f64],
    col: &ColumnPlan,
    z_of: Option<(f64, f64)>,
    fraction: &[f64],
    value: &mut [f64],
) {
    let z = match col.rule {
        Rule::ZScore { .. } => Some(z_of.unwrap_or_else(|| rules::mean_sd(values))),
        _ => None,
    };
    for ((v, &f), &x) in value.iter_mut().zip(fraction).zip(values) {
        *v = if !x.is_finite() {
            f64::NAN
        } else if let Some((mean, sd)) = z {
            let z = if sd > 0.0 { (x - mean) / sd } else { 0.0 };
            match col.direction {
                Direction::Higher => z,
                Direction::Lower => -z,
            }
        } else if matches!(col.rule, Rule::MinMax { .. }) {
            f * 100.0
        } else {
            f
        };
    }
}

/// The rule of `col` on its (transformed) values: the fraction of the
/// points, the rule value on its own scale and the cap marks (left as
/// `Cap::None` on entry). `reference` is the dist2ref reference's value.
pub(super) fn normalise(
    values: &[f64],
    col: &ColumnPlan,
    reference: f64,
    out: &mut [f64],
    value: &mut [f64],
    cap: &mut [Cap],
) {
    if !normalise_scaled(values, col, reference, None, out, value, cap) {
        if let Rule::Goalpost { lo, hi } = &col.rule {
            for (c, &x) in cap.iter_mut().zip(values) {
                let y = match col.direction {
                    Direction::Higher => x,
                    Direction::Lower => lo + hi - x,
                };
                if y > *hi {
                    *c = Cap::High;
                } else if y < *lo {
                    *c = Cap::Low;
                }
            }
        }
        normalise_fraction(values, col, out);
        common_rule_value(values, col, None, out, value);
    }
}

/// The COINr rules of `scales` (false for the others): on the column's own
/// range and ranks, or on those of a pooled cohort (`pooled`: min-max
/// bounds for the distances and the fraction of the maximum, the pooled
/// values for the ranks). `reference` is the dist2ref reference's value.
pub(super) fn normalise_scaled(
    values: &[f64],
    col: &ColumnPlan,
    reference: f64,
    pooled: Option<&Bounds>,
    out: &mut [f64],
    value: &mut [f64],
    cap: &mut [Cap],
) -> bool {
    let d = col.direction;
    let among: &[f64] = match pooled {
        Some(Bounds::Rank(r)) => r,
        _ => values,
    };
    let span = match pooled {
        Some(Bounds::MinMax { min, max }) => match d {
            Direction::Higher => (*min, *max),
            Direction::Lower => (-*max, -*min),
        },
        _ => {
            let (lo, hi, _) = scales::range(values, d);
            (lo, hi)
        }
    };
    match &col.rule {
        Rule::RankMin => scales::ranks(values, among, d, RankKind::Rank, value, out),
        Rule::Borda => scales::ranks(values, among, d, RankKind::Borda, value, out),
        Rule::PRank => scales::ranks(values, among, d, RankKind::Percent, value, out),
        Rule::Scaled { lo, hi } => scales::scaled(values, d, (*lo, *hi), value, out, cap),
        Rule::FracMax => scales::fracmax(values, d, span, value, out, cap),
        Rule::Dist2Max => scales::dist2max(values, d, span, value, out, cap),
        Rule::Dist2Ref { cap: c, .. } => {
            scales::dist2ref(values, d, span, reference, *c, value, out, cap)
        }
        Rule::Dist2Targ { target, cap: c } => {
            scales::dist2targ(values, d, span, *target, *c, value, out, cap)
        }
        _ => return false,
    }
    true
}

fn normalise_fraction(values: &[f64], col: &ColumnPlan, out: &mut [f64]) {
    match &col.rule {
        Rule::RankMin
        | Rule::Borda
        | Rule::PRank
        | Rule::Scaled { .. }
        | Rule::FracMax
        | Rule::Dist2Max
        | Rule::Dist2Ref { .. }
        | Rule::Dist2Targ { .. } => {}
        Rule::MinMax { lo, hi } => rules::minmax_range(values, col.direction, *lo, *hi, out),
        Rule::ZScore { map } => rules::zscore(values, col.direction, *map, out),
        Rule::Goalpost { lo, hi } => rules::goalpost(values, col.direction, *lo, *hi, out),
        Rule::Rank => rules::percentile_rank(values, col.direction, out),
        Rule::Target {
            floor,
            full,
            at_floor,
            ..
        }
        | Rule::Progress {
            floor,
            full,
            at_floor,
        } => {
            for (o, &x) in out.iter_mut().zip(values) {
                *o = rules::target(x, *floor, *full, *at_floor);
            }
        }
        Rule::Bands(table) => {
            for (o, &x) in out.iter_mut().zip(values) {
                *o = rules::bands(x, col.direction, table);
            }
        }
        Rule::Expert { max } => {
            for (o, &x) in out.iter_mut().zip(values) {
                *o = rules::expert(x, col.direction, *max);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    //! Missing-value policies, each against values worked by hand.
    use super::*;
    use crate::framework::{Aggregation, Direction, MissingPolicy, Rule};
    use crate::score::kernel::{score, Plan};

    const NAN: f64 = f64::NAN;

    fn col(missing: MissingPolicy, groups: Option<Vec<usize>>) -> ColumnPlan {
        ColumnPlan {
            rule: Rule::MinMax { lo: 0.0, hi: 100.0 },
            direction: Direction::Higher,
            transforms: vec![],
            treatment: None,
            missing,
            groups,
            siblings: vec![],
            reference: None,
            points: 10.0,
            parent: 0,
        }
    }

    fn imputed(values: &[f64], c: &ColumnPlan) -> (Vec<f64>, Vec<Imputation>) {
        let mut v = values.to_vec();
        let mut how = vec![Imputation::None; v.len()];
        impute(&mut v, &mut how, c, (&mut Vec::new(), &mut Vec::new()));
        (v, how)
    }

    #[test]
    fn zero_and_no_points() {
        let (v, how) = imputed(&[4.0, NAN, 10.0], &col(MissingPolicy::Zero, None));
        assert_eq!(v, vec![4.0, 0.0, 10.0]);
        assert_eq!(how[1], Imputation::Zero);
        let (v, how) = imputed(&[4.0, NAN, 10.0], &col(MissingPolicy::NoPoints, None));
        assert!(v[1].is_nan());
        assert_eq!(how[1], Imputation::NoPoints);
    }

    #[test]
    fn cohort_mean_and_median() {
        // observed 1, 2, 10: mean 13/3, median 2.
        let (v, _) = imputed(
            &[1.0, NAN, 2.0, 10.0],
            &col(MissingPolicy::CohortMean, None),
        );
        assert!((v[1] - 13.0 / 3.0).abs() < 1e-12);
        let (v, how) = imputed(
            &[1.0, NAN, 2.0, 10.0],
            &col(MissingPolicy::CohortMedian, None),
        );
        assert_eq!(v[1], 2.0);
        assert_eq!(how[1], Imputation::CohortMedian);
    }

    #[test]
    fn group_mean_with_fallback() {
        // groups: A = {0, 1, 2}, B = {3, 4}, C = {5}.
        // A observed 3, 5 -> 4; B observed 8 -> 8; C has none -> cohort mean
        // (3 + 5 + 8) / 3 = 16/3.
        let c = col(
            MissingPolicy::GroupMean {
                group: "track".into(),
            },
            Some(vec![0, 0, 0, 1, 1, 2]),
        );
        let (v, how) = imputed(&[3.0, NAN, 5.0, 8.0, NAN, NAN], &c);
        assert_eq!(v[1], 4.0);
        assert_eq!(v[4], 8.0);
        assert!((v[5] - 16.0 / 3.0).abs() < 1e-12);
        assert_eq!(how[1], Imputation::GroupMean);
        assert_eq!(how[5], Imputation::GroupFallbackCohortMean);
    }

    #[test]
    fn nothing_to_impute_from() {
        let (v, how) = imputed(&[NAN, NAN], &col(MissingPolicy::CohortMean, None));
        assert!(v[0].is_nan());
        assert_eq!(how[0], Imputation::NothingToImpute);
    }

    #[test]
    fn no_points_stay_out_of_the_cohort() {
        // values 2, missing, 6, 10 with no_points: min-max over {2, 6, 10}:
        // 0, -, 0.5, 1 -> points 0, 0, 5, 10.
        let plan = Plan {
            clusters: 4,
            columns: vec![col(MissingPolicy::NoPoints, None)],
            node_parent: vec![None],
            node_children: vec![(vec![0], vec![])],
            bottom_up: vec![0],
            node_points: vec![10.0],
            node_method: vec![Aggregation::Sum],
        };
        let s = score(&[2.0, NAN, 6.0, 10.0], &plan);
        assert_eq!(s.points, vec![0.0, 0.0, 5.0, 10.0]);
        assert_eq!(s.total(3), 10.0);
    }
}

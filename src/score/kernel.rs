//! The scoring kernel: a pure function on a dense clusters x indicators
//! matrix.
//!
//! Input: the raw indicator values (column-major, NaN = missing), a `Plan`
//! resolved once from the framework, and reusable buffers. Per indicator
//! column it imputes, transforms, normalises by the rule and weighs by the
//! points; then it adds points up the hierarchy. It touches no file, no
//! polars, no names, so robustness analysis can call it many thousands of
//! times, in parallel; `score_into` allocates nothing once the buffers have
//! their size.

use super::bounds::Bounds;
use super::rules;
use crate::framework::{
    Aggregation, Direction, Framework, MissingPolicy, Rule, Transform, Treatment,
};
use serde::Serialize;

/// What happened to a missing value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Imputation {
    /// The value was present.
    None,
    Zero,
    /// Left missing: no points.
    NoPoints,
    CohortMean,
    CohortMedian,
    GroupMean,
    /// group_mean found no value in the group and used the cohort mean.
    GroupFallbackCohortMean,
    /// The whole cohort lacked the value: nothing to impute from.
    NothingToImpute,
}

impl Imputation {
    pub fn imputed(self) -> bool {
        !matches!(self, Imputation::None)
    }

    pub fn label(self) -> &'static str {
        match self {
            Imputation::None => "",
            Imputation::Zero => "zero",
            Imputation::NoPoints => "no_points",
            Imputation::CohortMean => "cohort_mean",
            Imputation::CohortMedian => "cohort_median",
            Imputation::GroupMean => "group_mean",
            Imputation::GroupFallbackCohortMean => "group_mean -> cohort_mean (no value in group)",
            Imputation::NothingToImpute => "no value in the cohort: no points",
        }
    }
}

/// What outlier treatment did to one value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TreatFlag {
    None,
    /// Winsorised down to the largest remaining value.
    WinHigh,
    /// Winsorised up to the smallest remaining value.
    WinLow,
    /// Log-transformed (fallback).
    Log,
}

impl TreatFlag {
    pub fn label(self) -> &'static str {
        match self {
            TreatFlag::None => "",
            TreatFlag::WinHigh => "winsorised_high",
            TreatFlag::WinLow => "winsorised_low",
            TreatFlag::Log => "log",
        }
    }
}

/// The outlier treatment of one indicator: the test before, after
/// winsorisation, and after the log fallback.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TreatmentLog {
    pub skew_before: f64,
    pub kurtosis_before: f64,
    pub passed_before: bool,
    /// Points winsorised (0 when it passed at once).
    pub winsorised: usize,
    pub skew_after: Option<f64>,
    pub kurtosis_after: Option<f64>,
    pub passed_after: Option<bool>,
    /// The log fallback was used.
    pub log: bool,
    pub skew_log: Option<f64>,
    pub kurtosis_log: Option<f64>,
    pub passed_log: Option<bool>,
}

/// One indicator as the kernel needs it.
#[derive(Debug, Clone)]
pub struct ColumnPlan {
    pub rule: Rule,
    pub direction: Direction,
    pub transforms: Vec<Transform>,
    pub treatment: Option<Treatment>,
    pub missing: MissingPolicy,
    /// Group of each cluster, for group_mean.
    pub groups: Option<Vec<usize>>,
    pub points: f64,
    /// Parent node index.
    pub parent: usize,
}

/// The framework resolved for the kernel.
#[derive(Debug, Clone)]
pub struct Plan {
    pub clusters: usize,
    pub columns: Vec<ColumnPlan>,
    /// Parent of each node (None for the root, node 0).
    pub node_parent: Vec<Option<usize>>,
    /// Child indicators and child nodes of each node, in file order.
    pub node_children: Vec<(Vec<usize>, Vec<usize>)>,
    /// Nodes ordered children before parents (the root last).
    pub bottom_up: Vec<usize>,
    /// Points of each node (for the weights of a non-additive parent).
    pub node_points: Vec<f64>,
    /// How each node combines its children.
    pub node_method: Vec<Aggregation>,
}

impl Plan {
    /// `groups(column_name)` gives each cluster's group index for a
    /// registry column.
    pub fn new(
        fw: &Framework,
        clusters: usize,
        mut groups: impl FnMut(&str) -> Vec<usize>,
    ) -> Plan {
        let columns = fw
            .indicators
            .iter()
            .map(|ind| ColumnPlan {
                rule: ind.rule.clone(),
                direction: ind.direction,
                transforms: ind.transforms.clone(),
                treatment: ind.treatment,
                groups: match &ind.missing {
                    MissingPolicy::GroupMean { group } => Some(groups(group)),
                    _ => None,
                },
                missing: ind.missing.clone(),
                points: ind.points,
                parent: ind.parent,
            })
            .collect();
        let mut top_down = vec![0usize];
        let mut i = 0;
        while i < top_down.len() {
            top_down.extend(fw.nodes[top_down[i]].child_nodes.iter().copied());
            i += 1;
        }
        top_down.reverse();
        Plan {
            clusters,
            columns,
            node_parent: fw.nodes.iter().map(|n| n.parent).collect(),
            node_children: fw
                .nodes
                .iter()
                .map(|n| (n.child_indicators.clone(), n.child_nodes.clone()))
                .collect(),
            bottom_up: top_down,
            node_points: fw.nodes.iter().map(|n| n.points).collect(),
            node_method: fw.nodes.iter().map(|n| n.aggregation).collect(),
        }
    }
}

/// Kernel output. Indicator arrays are column-major (`j * clusters + i`);
/// `node_sub` is cluster-major (`i * nodes + k`).
#[derive(Debug, Clone, Default)]
pub struct Scores {
    pub clusters: usize,
    pub indicators: usize,
    pub nodes: usize,
    /// Value after imputation (NaN: no value, no points).
    pub value: Vec<f64>,
    pub imputation: Vec<Imputation>,
    /// Value after outlier treatment.
    pub treated: Vec<f64>,
    pub treat_flag: Vec<TreatFlag>,
    /// Per indicator, when it has a treatment.
    pub treatment_log: Vec<Option<TreatmentLog>>,
    /// Value after the transforms.
    pub transformed: Vec<f64>,
    /// Fraction of the indicator's points, in [0, 1].
    pub fraction: Vec<f64>,
    /// Points earned.
    pub points: Vec<f64>,
    pub node_sub: Vec<f64>,
    scratch: Vec<f64>,
    /// The children's weights and fractions of a non-additive node.
    pub(super) agg_w: Vec<f64>,
    pub(super) agg_x: Vec<f64>,
    pub(super) agg_f: Vec<f64>,
}

impl Scores {
    pub fn at(&self, cluster: usize, indicator: usize) -> usize {
        indicator * self.clusters + cluster
    }

    pub fn total(&self, cluster: usize) -> f64 {
        self.node_sub[cluster * self.nodes]
    }

    pub fn subtotal(&self, cluster: usize, node: usize) -> f64 {
        self.node_sub[cluster * self.nodes + node]
    }
}

/// Score a matrix (column-major raw values, NaN = missing).
pub fn score(raw: &[f64], plan: &Plan) -> Scores {
    let mut out = Scores::default();
    score_into(raw, plan, &mut out);
    out
}

/// Score into reusable buffers.
pub fn score_into(raw: &[f64], plan: &Plan, out: &mut Scores) {
    let n = plan.clusters;
    let m = plan.columns.len();
    let k = plan.node_parent.len();
    assert_eq!(raw.len(), n * m, "raw matrix must be clusters x indicators");
    out.clusters = n;
    out.indicators = m;
    out.nodes = k;
    out.value.resize(n * m, 0.0);
    out.imputation.resize(n * m, Imputation::None);
    out.treated.resize(n * m, 0.0);
    out.transformed.resize(n * m, 0.0);
    out.treat_flag.resize(n * m, TreatFlag::None);
    out.treatment_log.resize(m, None);
    out.fraction.resize(n * m, 0.0);
    out.points.resize(n * m, 0.0);
    for j in 0..m {
        score_column(raw, plan, j, out);
    }
    aggregate(plan, out);
}

/// Score column `j` of `raw` into `out` (sized by `score_into` for the same
/// plan): imputation, treatment, transforms, rule and points of one
/// indicator read nothing but its own column, so a column re-scored here
/// and then `aggregate`d gives exactly what `score_into` gives for the
/// whole matrix (the what-if engine re-scores only the columns it changed).
pub fn score_column(raw: &[f64], plan: &Plan, j: usize, out: &mut Scores) {
    let n = plan.clusters;
    let col = &plan.columns[j];
    let r = j * n..(j + 1) * n;
    out.value[r.clone()].copy_from_slice(&raw[r.clone()]);
    out.imputation[r.clone()].fill(Imputation::None);
    out.treat_flag[r.clone()].fill(TreatFlag::None);
    out.treatment_log[j] = None;
    impute(
        &mut out.value[r.clone()],
        &mut out.imputation[r.clone()],
        col,
        &mut out.scratch,
    );
    out.treated[r.clone()].copy_from_slice(&out.value[r.clone()]);
    if let Some(t) = &col.treatment {
        out.treatment_log[j] = Some(treat(
            &mut out.treated[r.clone()],
            &mut out.treat_flag[r.clone()],
            t,
            &mut out.scratch,
        ));
    }
    out.transformed[r.clone()].copy_from_slice(&out.treated[r.clone()]);
    transform(
        &mut out.transformed[r.clone()],
        &col.transforms,
        &mut out.scratch,
    );
    normalise(
        &out.transformed[r.clone()],
        col,
        &mut out.fraction[r.clone()],
    );
    for (p, f) in out.points[r.clone()].iter_mut().zip(&out.fraction[r]) {
        *p = f * col.points;
    }
}

/// Re-score column `j` of a scored `out` with normalisation `bounds` given
/// (pooled across rounds, `score::bounds`) instead of the column's own:
/// imputation, treatment and transforms stay as `score_column` left them;
/// the fractions and points are recomputed from `out.transformed`. Rules
/// that take nothing from the cohort score as before. `aggregate` after.
pub fn score_column_with_bounds(plan: &Plan, j: usize, bounds: &Bounds, out: &mut Scores) {
    let n = plan.clusters;
    let col = &plan.columns[j];
    let r = j * n..(j + 1) * n;
    let (values, fraction) = (&out.transformed[r.clone()], &mut out.fraction[r.clone()]);
    if !super::bounds::normalise_with(&col.rule, col.direction, values, bounds, fraction) {
        normalise(values, col, fraction);
    }
    for (p, f) in out.points[r.clone()].iter_mut().zip(&out.fraction[r]) {
        *p = f * col.points;
    }
}

fn impute(values: &mut [f64], how: &mut [Imputation], col: &ColumnPlan, scratch: &mut Vec<f64>) {
    if values.iter().all(|v| v.is_finite()) {
        return;
    }
    let (_, _, mean, count) = rules::stats(values);
    let median = match col.missing {
        MissingPolicy::CohortMedian => rules::median(values, scratch),
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
            MissingPolicy::CohortMedian => (median, Imputation::CohortMedian),
            MissingPolicy::GroupMean { .. } => {
                let gi = col.groups.as_ref().map(|g| g[i]).unwrap_or(0);
                match scratch.get(2 * gi + 1) {
                    Some(&c) if c > 0.0 => (scratch[2 * gi] / c, Imputation::GroupMean),
                    _ => (mean, Imputation::GroupFallbackCohortMean),
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
fn treat(
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

fn transform(values: &mut [f64], transforms: &[Transform], scratch: &mut Vec<f64>) {
    for t in transforms {
        match *t {
            Transform::Log1p => {
                for v in values.iter_mut() {
                    *v = v.ln_1p();
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

fn normalise(values: &[f64], col: &ColumnPlan, out: &mut [f64]) {
    match &col.rule {
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

pub use super::aggregate::aggregate;

#[cfg(test)]
mod tests {
    //! Missing-value policies, each against values worked by hand.
    use super::*;
    use crate::framework::{Direction, MissingPolicy, Rule};

    const NAN: f64 = f64::NAN;

    fn col(missing: MissingPolicy, groups: Option<Vec<usize>>) -> ColumnPlan {
        ColumnPlan {
            rule: Rule::MinMax { lo: 0.0, hi: 100.0 },
            direction: Direction::Higher,
            transforms: vec![],
            treatment: None,
            missing,
            groups,
            points: 10.0,
            parent: 0,
        }
    }

    fn imputed(values: &[f64], c: &ColumnPlan) -> (Vec<f64>, Vec<Imputation>) {
        let mut v = values.to_vec();
        let mut how = vec![Imputation::None; v.len()];
        impute(&mut v, &mut how, c, &mut Vec::new());
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

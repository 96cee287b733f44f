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
use super::column::{common_rule_value, impute, normalise, normalise_scaled, transform, treat};
use crate::framework::{
    Aggregation, Direction, Framework, MissingPolicy, Rule, Transform, Treatment,
};
use serde::Serialize;

pub use super::aggregate::aggregate;

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
    GroupMedian,
    /// group_median found no value in the group and used the cohort median.
    GroupFallbackCohortMedian,
    /// The mean of the unit's min-max positions on the other indicators
    /// under the same parent, mapped onto this indicator's range.
    RowMean,
    /// row_mean found no value among the siblings and used the cohort mean.
    RowFallbackCohortMean,
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
            Imputation::GroupMedian => "group_median",
            Imputation::GroupFallbackCohortMedian => {
                "group_median -> cohort_median (no value in group)"
            }
            Imputation::RowMean => "row_mean",
            Imputation::RowFallbackCohortMean => "row_mean -> cohort_mean (no value in the group)",
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

/// Whether the rule's map to a fraction of the points capped a value: a
/// value beyond a goalpost, a distance above 1, a scaled value outside
/// [0, 100].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Cap {
    None,
    /// Above the top (a goalpost `hi`, 1): full points.
    High,
    /// Below the bottom (a goalpost `lo`, 0): no points.
    Low,
}

impl Cap {
    pub fn label(self) -> &'static str {
        match self {
            Cap::None => "",
            Cap::High => "capped_high",
            Cap::Low => "capped_low",
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
    /// Group of each cluster, for group_mean and group_median.
    pub groups: Option<Vec<usize>>,
    /// The other indicators under the same parent (row_mean imputes from
    /// them).
    pub siblings: Vec<usize>,
    /// The reference unit's row, for rule dist2ref (set by
    /// `Plan::set_references`; None: no reference, every value NaN).
    pub reference: Option<usize>,
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
            .enumerate()
            .map(|(j, ind)| ColumnPlan {
                siblings: fw.nodes[ind.parent]
                    .child_indicators
                    .iter()
                    .copied()
                    .filter(|&s| s != j)
                    .collect(),
                rule: ind.rule.clone(),
                direction: ind.direction,
                transforms: ind.transforms.clone(),
                treatment: ind.treatment,
                groups: ind.missing.group().map(&mut groups),
                reference: None,
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

impl Plan {
    /// Whether scoring column `j` reads raw column `changed`: its own, and
    /// under row_mean its siblings'.
    pub fn reads(&self, j: usize, changed: usize) -> bool {
        let col = &self.columns[j];
        j == changed || (col.missing == MissingPolicy::RowMean && col.siblings.contains(&changed))
    }

    /// Find the reference unit of every dist2ref rule: `row(id)` gives the
    /// scored row of a unit id. The ids not found are returned (indicator
    /// index, id), for the caller to report.
    pub fn set_references(
        &mut self,
        fw: &Framework,
        row: impl Fn(&str) -> Option<usize>,
    ) -> Vec<(usize, String)> {
        let mut missing = Vec::new();
        for (j, col) in self.columns.iter_mut().enumerate() {
            if let Rule::Dist2Ref { reference, .. } = &fw.indicators[j].rule {
                col.reference = row(reference);
                if col.reference.is_none() {
                    missing.push((j, reference.clone()));
                }
            }
        }
        missing
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
    /// The rule's own value on its own scale (COINr's normalised value):
    /// min-max in percent (lo..hi), a z-score, a rank 1..n, a Borda score,
    /// a distance; the fraction for the rules whose value is one (rank,
    /// goalpost, target, bands, expert). NaN where the value is missing.
    pub rule_value: Vec<f64>,
    /// Whether the map from the rule value to the fraction capped it.
    pub cap: Vec<Cap>,
    /// Fraction of the indicator's points, in [0, 1].
    pub fraction: Vec<f64>,
    /// Points earned.
    pub points: Vec<f64>,
    pub node_sub: Vec<f64>,
    scratch: Vec<f64>,
    scratch2: Vec<f64>,
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
    out.rule_value.resize(n * m, 0.0);
    out.cap.resize(n * m, Cap::None);
    out.points.resize(n * m, 0.0);
    for j in 0..m {
        score_column(raw, plan, j, out);
    }
    aggregate(plan, out);
}

/// Score column `j` of `raw` into `out` (sized by `score_into` for the same
/// plan): imputation, treatment, transforms, rule and points of one
/// indicator read nothing but its own column (and, under row_mean, its
/// siblings' raw values: `Plan::reads`), so a column re-scored here and
/// then `aggregate`d gives exactly what `score_into` gives for the whole
/// matrix (the what-if engine re-scores only the columns a change reads).
pub fn score_column(raw: &[f64], plan: &Plan, j: usize, out: &mut Scores) {
    let n = plan.clusters;
    let col = &plan.columns[j];
    let r = j * n..(j + 1) * n;
    out.value[r.clone()].copy_from_slice(&raw[r.clone()]);
    out.imputation[r.clone()].fill(Imputation::None);
    out.treat_flag[r.clone()].fill(TreatFlag::None);
    out.treatment_log[j] = None;
    if col.missing == MissingPolicy::RowMean {
        super::row_mean::impute_by_row(
            raw,
            plan,
            j,
            &mut out.value[r.clone()],
            &mut out.imputation[r.clone()],
            &mut out.scratch,
        );
    } else {
        impute(
            &mut out.value[r.clone()],
            &mut out.imputation[r.clone()],
            col,
            (&mut out.scratch, &mut out.scratch2),
        );
    }
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
    out.cap[r.clone()].fill(Cap::None);
    let reference = col
        .reference
        .map_or(f64::NAN, |i| out.transformed[j * n + i]);
    normalise(
        &out.transformed[r.clone()],
        col,
        reference,
        &mut out.fraction[r.clone()],
        &mut out.rule_value[r.clone()],
        &mut out.cap[r.clone()],
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
    out.cap[r.clone()].fill(Cap::None);
    let reference = col.reference.map_or(f64::NAN, |i| values[i]);
    let value = &mut out.rule_value[r.clone()];
    if normalise_scaled(
        values,
        col,
        reference,
        Some(bounds),
        fraction,
        value,
        &mut out.cap[r.clone()],
    ) {
        // A COINr rule, on the pooled range or ranks.
    } else if super::bounds::normalise_with(&col.rule, col.direction, values, bounds, fraction) {
        let value = &mut out.rule_value[r.clone()];
        let z_of = match (&col.rule, bounds) {
            (Rule::ZScore { .. }, Bounds::ZScore { mean, sd }) => Some((*mean, *sd)),
            _ => None,
        };
        common_rule_value(values, col, z_of, fraction, value);
    } else {
        normalise(
            values,
            col,
            reference,
            fraction,
            &mut out.rule_value[r.clone()],
            &mut out.cap[r.clone()],
        );
    }
    for (p, f) in out.points[r.clone()].iter_mut().zip(&out.fraction[r]) {
        *p = f * col.points;
    }
}

//! How an indicator's value becomes points: the scoring model's parts.
//!
//! Where the raw value comes from (`ValueSpec`), what a missing value means
//! (`MissingPolicy`), the outlier treatment and the transforms applied before
//! scoring, and the rule that maps a value to a fraction of the indicator's
//! points (`Rule`, with its z-score map and bands). These are resolved,
//! checked settings: this module only describes them; scoring them is
//! `crate::score`'s job.

use serde::Serialize;

/// How missing values of an indicator are handled (缺失值处理).
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "policy", rename_all = "snake_case")]
pub enum MissingPolicy {
    /// Read as the value 0, explicitly.
    Zero,
    /// The indicator scores no points; the cluster stays out of the cohort
    /// statistics for it (缺项不得分).
    NoPoints,
    CohortMean,
    CohortMedian,
    /// Mean of the same group (a registry column such as track or city).
    GroupMean {
        group: String,
    },
    /// Median of the same group (COINr `i_median_grp`); a group with no
    /// value falls back to the cohort median.
    GroupMedian {
        group: String,
    },
    /// The unit's own standing on the other indicators under the same
    /// parent (COINr `impute_by = "row"` with `normalise_first`): each
    /// sibling's present values are put on [0, 1] by min-max (direction
    /// applied), the unit's positions are averaged and the mean is mapped
    /// back onto this indicator's range. No sibling value: the cohort mean.
    RowMean,
    /// A missing value is an error.
    Fail,
}

impl MissingPolicy {
    /// The registry column a group policy groups by.
    pub fn group(&self) -> Option<&str> {
        match self {
            MissingPolicy::GroupMean { group } | MissingPolicy::GroupMedian { group } => {
                Some(group)
            }
            _ => None,
        }
    }

    pub fn label(&self) -> String {
        match self {
            MissingPolicy::Zero => "zero".into(),
            MissingPolicy::NoPoints => "no_points".into(),
            MissingPolicy::CohortMean => "cohort_mean".into(),
            MissingPolicy::CohortMedian => "cohort_median".into(),
            MissingPolicy::GroupMean { group } => format!("group_mean({group})"),
            MissingPolicy::GroupMedian { group } => format!("group_median({group})"),
            MissingPolicy::RowMean => "row_mean".into(),
            MissingPolicy::Fail => "fail".into(),
        }
    }
}

/// A value transform applied before scoring, in the order given.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "transform", rename_all = "snake_case")]
pub enum Transform {
    /// ln(1 + x); defined for x > -1.
    Log1p,
    /// log10(x); defined for x > 0.
    Log10,
    /// ln(x); defined for x > 0.
    Ln,
    /// Box-Cox: (x^λ - 1) / λ, and ln(x) for λ = 0; defined for x > 0.
    BoxCox { lambda: f64 },
    /// Values above the cohort's p-th percentile are set to it.
    CapPercentile { p: f64 },
    /// Values below the cohort's p-th percentile are set to it.
    FloorPercentile { p: f64 },
}

impl Transform {
    /// The transform of one value when it does not depend on the cohort
    /// (the log transforms); `None` for the percentile caps and floors.
    pub fn point(self, x: f64) -> Option<f64> {
        match self {
            Transform::Log1p => Some(x.ln_1p()),
            Transform::Log10 => Some(x.log10()),
            Transform::Ln => Some(x.ln()),
            Transform::BoxCox { lambda: 0.0 } => Some(x.ln()),
            Transform::BoxCox { lambda } => Some((x.powf(lambda) - 1.0) / lambda),
            Transform::CapPercentile { .. } | Transform::FloorPercentile { .. } => None,
        }
    }

    /// Is `x` outside the domain of this transform (ln of 0 or less)?
    pub fn outside_domain(self, x: f64) -> bool {
        match self {
            Transform::Log1p => x <= -1.0,
            Transform::Log10 | Transform::Ln | Transform::BoxCox { .. } => x <= 0.0,
            Transform::CapPercentile { .. } | Transform::FloorPercentile { .. } => false,
        }
    }

    pub fn name(self) -> String {
        match self {
            Transform::Log1p => "log1p".into(),
            Transform::Log10 => "log10".into(),
            Transform::Ln => "ln".into(),
            Transform::BoxCox { lambda } => format!("box_cox({lambda})"),
            Transform::CapPercentile { p } => format!("cap_p{p}"),
            Transform::FloorPercentile { p } => format!("floor_p{p}"),
        }
    }
}

/// Outlier treatment (异常值处理): the skewness / kurtosis test, step-wise
/// winsorisation, and a log fallback (as in COINr's default treatment).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Treatment {
    /// An indicator passes when |skewness| < `skew` ...
    pub skew: f64,
    /// ... or excess kurtosis < `kurtosis`.
    pub kurtosis: f64,
    /// Stop winsorising once this many points have been winsorised.
    pub max_winsorised: usize,
    /// If winsorisation does not make it pass, log-transform the original
    /// values instead: ln(x − min + 0.01 (max − min)).
    pub log_fallback: bool,
}

/// How a z-score becomes a fraction of the points.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ZMap {
    /// Φ(z), the standard normal distribution function.
    NormalCdf,
    /// clamp(0.5 + z / (2 c), 0, 1): z = ±c maps to 1 and 0.
    Linear { clip: f64 },
}

/// One band of a piecewise table: from `threshold` on, this score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub threshold: f64,
    /// Fraction of the indicator's points, in [0, 1].
    pub fraction: f64,
}

/// A piecewise table of thresholds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Bands {
    /// Sorted from the best threshold down (descending for higher-is-better,
    /// ascending for lower-is-better).
    pub bands: Vec<Band>,
    /// Fraction for a value that meets no band.
    pub below: f64,
}

/// How a raw value becomes a fraction in [0, 1] of the indicator's points.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "rule", rename_all = "snake_case")]
pub enum Rule {
    /// (x - min) / (max - min) over the cohort, mapped to [lo, hi] (percent
    /// of the points; default 0-100).
    MinMax { lo: f64, hi: f64 },
    /// z = (x - mean) / sd over the cohort, then mapped.
    ZScore { map: ZMap },
    /// Fixed bounds; values outside are capped. Stated in the original
    /// units: the transforms are applied to `lo` and `hi` too.
    Goalpost { lo: f64, hi: f64 },
    /// Percentile rank in the cohort, ties at their mid rank.
    Rank,
    /// COINr `n_rank`: rank of x' = direction × x in the cohort, ties at
    /// the lowest rank (worst 1, best n). Points: (rank − 1) / (n − 1).
    RankMin,
    /// COINr `n_borda`: rank (ties lowest) − 1. Points: borda / (n − 1).
    Borda,
    /// COINr `n_prank`: (rank (ties lowest) − 1) / (n − 1); it is the
    /// fraction of the points.
    PRank,
    /// COINr `n_scaled`: (x' − lo) / (hi − lo) × 100, x' = direction × x,
    /// `lo` and `hi` in that space. Points: the value / 100, capped to [0, 1].
    Scaled { lo: f64, hi: f64 },
    /// COINr `n_fracmax`: x / max x over the cohort (higher-is-better only).
    FracMax,
    /// COINr `n_dist2max`: 1 − (max x' − x') / (max x' − min x').
    Dist2Max,
    /// COINr `n_dist2ref`: 1 − (x'_ref − x') / (x'_ref − min x'), the
    /// reference a unit of the cohort; `cap` replaces values above 1 by 1.
    /// Points: the value capped to [0, 1].
    Dist2Ref { reference: String, cap: bool },
    /// COINr `n_dist2targ`: (x' − min x') / (t' − min x'), t' = direction ×
    /// target, the target in original units (transformed like the values);
    /// `cap` replaces values above 1 by 1. Points: the value capped to [0, 1].
    Dist2Targ { target: f64, cap: bool },
    /// Progress against schedule (mid-term): p = (current - baseline) /
    /// (target - baseline) over the elapsed share of the period, e =
    /// (current year - baseline year) / (target year - baseline year); the
    /// value r = p / e x 100 is scored like `target`: 0 below `floor`, 1 from
    /// `full`, linear from `at_floor` to 1 in between.
    Progress {
        floor: f64,
        full: f64,
        at_floor: f64,
    },
    /// Achievement a = value / target: 0 below `floor`, 1 from `full`,
    /// linear from `at_floor` to 1 in between.
    Target {
        floor: f64,
        full: f64,
        at_floor: f64,
        /// A fixed target (e.g. 100 %); otherwise the declared target.
        fixed: Option<f64>,
    },
    /// Piecewise table on the value.
    Bands(Bands),
    /// An expert's score on [0, max].
    Expert { max: f64 },
}

impl Rule {
    pub fn name(&self) -> &'static str {
        match self {
            Rule::MinMax { .. } => "minmax",
            Rule::ZScore { .. } => "zscore",
            Rule::Goalpost { .. } => "goalpost",
            Rule::Rank => "rank",
            Rule::RankMin => "rank_min",
            Rule::Borda => "borda",
            Rule::PRank => "prank",
            Rule::Scaled { .. } => "scaled",
            Rule::FracMax => "fracmax",
            Rule::Dist2Max => "dist2max",
            Rule::Dist2Ref { .. } => "dist2ref",
            Rule::Dist2Targ { .. } => "dist2targ",
            Rule::Target { .. } => "target",
            Rule::Progress { .. } => "progress",
            Rule::Bands(_) => "bands",
            Rule::Expert { .. } => "expert",
        }
    }

    /// Rules whose score depends on the other clusters of the cohort.
    pub fn is_relative(&self) -> bool {
        matches!(
            self,
            Rule::MinMax { .. }
                | Rule::ZScore { .. }
                | Rule::Rank
                | Rule::RankMin
                | Rule::Borda
                | Rule::PRank
                | Rule::FracMax
                | Rule::Dist2Max
                | Rule::Dist2Ref { .. }
                | Rule::Dist2Targ { .. }
        )
    }
}

/// Where an indicator's raw value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "source", rename_all = "snake_case")]
pub enum ValueSpec {
    /// The field's current value.
    Field { field: usize },
    /// The field's current value divided by another field's current value.
    Ratio { field: usize, per: usize },
    /// Σ multiplier × field (current values).
    WeightedCount { terms: Vec<(usize, f64)> },
    /// CAGR from baseline to current year, in percent.
    Growth { field: usize },
}

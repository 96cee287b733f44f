//! `[process]` of `round.toml` as written: serde structs that mirror the
//! file, unknown keys rejected, defaults filled in.
//!
//! It declares the eligibility gates, the ordered stages with their score
//! formulas and advancement rules, the quota and its caps, the tie-break
//! chain, the expert-panel settings, the cap on the top grade's share and
//! the dynamic-management rules. Nothing here checks a value against the
//! framework or another key: `resolve` does that and builds the `Process`
//! the run uses.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A panel trims its highest and lowest score from this many scores on.
pub const DEFAULT_TRIM_WHEN_AT_LEAST: usize = 5;
/// Fewer usable scores than this for a cluster is a small panel.
pub const DEFAULT_MIN_SCORES: usize = 3;
/// A reviewer's score with |z| above this within its panel is flagged.
pub const DEFAULT_OUTLIER_Z: f64 = 2.0;
/// This many fails in a row mean exit.
pub const DEFAULT_CONSECUTIVE_FAILS: usize = 2;

/// What the round decides: a selection under a quota, or grades and
/// dynamic-management outcomes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    Competition,
    Midterm,
}

/// An eligibility gate as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct GateSpec {
    pub id: String,
    /// A submitted field (current-year value, in the framework's unit).
    pub field: Option<String>,
    /// Or a registry column (header as in clusters.csv, or city / track /
    /// promotion_org).
    pub registry: Option<String>,
    /// `>=`, `>`, `<=`, `<`, `==`, `!=`, `present`, `in`, `not_in`.
    pub op: String,
    /// A number or a text (or a list of texts for `in` / `not_in`).
    pub value: Option<toml::Value>,
    pub reason_zh: String,
    #[serde(default)]
    pub reason_en: String,
}

/// A scored criterion of an expert panel (e.g. 发展基础, max 40).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct CriterionSpec {
    pub id: String,
    #[serde(default)]
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    pub max: f64,
}

/// Who goes on to the next stage.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct AdvanceSpec {
    /// The best K.
    pub top: Option<usize>,
    /// The best ceil(multiple x quota).
    pub quota_multiple: Option<f64>,
    /// Only those with at least this stage score.
    pub min_score: Option<f64>,
}

/// A stage as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct StageSpec {
    pub id: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// Weighted sum: `indicators` (the framework total), `panel` (this
    /// stage's expert panel) or the id of an earlier stage.
    pub score: BTreeMap<String, f64>,
    pub advance: Option<AdvanceSpec>,
    /// The panel's criteria (default: one criterion `total`, max 100).
    #[serde(default)]
    pub criteria: Vec<CriterionSpec>,
    /// Override the panel's standardisation for this stage.
    pub standardise: Option<bool>,
}

/// How a panel's scores become one score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PanelAggregation {
    /// Drop the single highest and lowest when the panel has at least
    /// `trim_when_at_least` scores; mean of the rest.
    TrimmedMean,
    Mean,
    Median,
}

/// Error or warning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    Error,
    Warning,
}

fn default_trim() -> usize {
    DEFAULT_TRIM_WHEN_AT_LEAST
}
fn default_min_scores() -> usize {
    DEFAULT_MIN_SCORES
}
fn default_conflicts() -> Vec<String> {
    vec!["city".into(), "employer".into()]
}
fn default_outlier_z() -> f64 {
    DEFAULT_OUTLIER_Z
}
fn default_aggregation() -> PanelAggregation {
    PanelAggregation::TrimmedMean
}
fn default_small() -> Level {
    Level::Error
}

/// Expert-panel settings.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct PanelSpec {
    #[serde(default = "default_aggregation")]
    pub aggregation: PanelAggregation,
    #[serde(default = "default_trim")]
    pub trim_when_at_least: usize,
    /// Fewer usable scores than this for a cluster is a small panel.
    #[serde(default = "default_min_scores")]
    pub min_scores: usize,
    /// What a small panel is (a panel with no usable score is always an error).
    #[serde(default = "default_small")]
    pub small_panel: Level,
    /// Automatic conflicts of interest: `city`, `employer`.
    #[serde(default = "default_conflicts")]
    pub conflicts: Vec<String>,
    /// z-score panel scores within each track, rescaled to the stage's
    /// pooled mean and standard deviation.
    #[serde(default)]
    pub standardise: bool,
    /// A reviewer's score with |z| above this within its panel is flagged.
    #[serde(default = "default_outlier_z")]
    pub outlier_z: f64,
}

impl Default for PanelSpec {
    fn default() -> Self {
        PanelSpec {
            aggregation: default_aggregation(),
            trim_when_at_least: default_trim(),
            min_scores: default_min_scores(),
            small_panel: default_small(),
            conflicts: default_conflicts(),
            standardise: false,
            outlier_z: default_outlier_z(),
        }
    }
}

fn default_exit_after() -> Vec<String> {
    vec!["warning".into()]
}
fn default_consecutive() -> usize {
    DEFAULT_CONSECUTIVE_FAILS
}
fn default_exit_flags() -> Vec<String> {
    vec![
        "fraud".into(),
        "major_incident".into(),
        "unreported_change".into(),
    ]
}

/// Dynamic-management rules (mid-term rounds).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct OutcomeSpec {
    /// Outcome of each grade id (default: the lowest grade `warning`, the
    /// one above it `rectify`, the others `continue`).
    #[serde(default)]
    pub by_grade: BTreeMap<String, String>,
    /// A fail right after one of these outcomes means exit.
    #[serde(default = "default_exit_after")]
    pub exit_after: Vec<String>,
    /// This many fails in a row (this round included) means exit.
    #[serde(default = "default_consecutive")]
    pub consecutive_fails: usize,
    /// Flags (in flags.csv) that mean exit at once.
    #[serde(default = "default_exit_flags")]
    pub exit_flags: Vec<String>,
}

impl Default for OutcomeSpec {
    fn default() -> Self {
        OutcomeSpec {
            by_grade: BTreeMap::new(),
            exit_after: default_exit_after(),
            consecutive_fails: default_consecutive(),
            exit_flags: default_exit_flags(),
        }
    }
}

/// `[process]` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ProcessSpec {
    pub kind: Kind,
    #[serde(default)]
    pub gates: Vec<GateSpec>,
    #[serde(default)]
    pub stages: Vec<StageSpec>,
    pub quota: Option<usize>,
    /// A cluster below this final score is not selected.
    pub min_score: Option<f64>,
    /// At most this many selected per registry column value
    /// (`{ city = 3, track = 6 }`).
    #[serde(default)]
    pub caps: BTreeMap<String, usize>,
    /// Replaces the framework's chain: `stage:<id>`, `panel:<id>`, or any
    /// framework key (node id, indicator id, `value:<indicator>`).
    pub tie_break: Option<Vec<String>>,
    /// Stage and panel scores are rounded to this many decimals (default 2).
    pub decimals: Option<u32>,
    #[serde(default)]
    pub panel: PanelSpec,
    /// At most this share of the graded clusters get the top grade.
    pub top_grade_share: Option<f64>,
    #[serde(default)]
    pub outcomes: OutcomeSpec,
}

//! The indicator-system file as written (raw settings).
//!
//! These serde structs mirror the TOML file one to one and carry no meaning
//! of their own: every field is optional where the file may leave it out, and
//! nothing here is checked. `framework::resolve` turns them into the checked
//! `Framework` that the pipeline uses.

use serde::Deserialize;
use std::collections::BTreeMap;

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawHeader {
    pub id: Option<String>,
    pub version: Option<String>,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub total_points: Option<f64>,
    pub aggregation: Option<RawAggregation>,
    pub missing: Option<String>,
    pub group: Option<String>,
}

/// `aggregation = "geometric"` or `aggregation = { method =
/// "generalised_mean", p = 2 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum RawAggregation {
    Name(String),
    Spec(RawAggregationSpec),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAggregationSpec {
    pub method: String,
    pub p: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawRanking {
    #[serde(default)]
    pub tie_break: Vec<String>,
    /// Signed, so that a negative value is reported as out of range (at its
    /// key) rather than as an unreadable `[ranking]` section.
    pub decimals: Option<i64>,
}

/// `[report]`: how the reports show the numbers.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawReport {
    /// Signed, so that a negative value is reported at its key.
    pub decimals: Option<i64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawTreatment {
    pub method: Option<String>,
    pub skew: Option<f64>,
    pub kurtosis: Option<f64>,
    pub max_winsorised: Option<usize>,
    pub log_fallback: Option<bool>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawScreening {
    pub min_availability: Option<f64>,
    pub on: Option<String>,
    pub min_nonzero: Option<f64>,
    #[serde(default)]
    pub include: Vec<String>,
    #[serde(default)]
    pub exclude: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawGrade {
    pub id: String,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub min: f64,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawField {
    pub id: String,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub definition_zh: Option<String>,
    pub definition_en: Option<String>,
    pub unit: Option<String>,
    /// The unit in English words (optional; the report's catalogue
    /// translates the common Chinese units when absent).
    pub unit_en: Option<String>,
    pub kind: Option<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
    pub periods: Option<Vec<String>>,
    // derived from the roster
    pub source: Option<String>,
    pub derive: Option<String>,
    #[serde(rename = "where")]
    pub conditions: Option<Vec<String>>,
    pub of: Option<String>,
    pub numerator: Option<String>,
    pub denominator: Option<String>,
    pub weights: Option<BTreeMap<String, f64>>,
    pub factor: Option<f64>,
    pub tolerance: Option<f64>,
    pub prefer: Option<String>,
    // the plausible range of what-if plans
    pub max_change: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

/// `[whatif]`: the plausible change of a value a year and the margin of a
/// fragile decision.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawWhatIf {
    pub max_change: Option<f64>,
    pub fragile_margin: Option<f64>,
}

#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawRoster {
    pub duplicates: Option<String>,
    pub tolerance: Option<f64>,
    pub prefer: Option<String>,
    #[serde(default)]
    pub column: Vec<RawRosterColumn>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRosterColumn {
    pub id: String,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub kind: Option<String>,
    pub unit: Option<String>,
    #[serde(default)]
    pub aliases: Vec<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawNode {
    pub id: String,
    pub parent: Option<String>,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub points: Option<f64>,
    pub weight: Option<f64>,
    pub aggregation: Option<RawAggregation>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBand {
    pub at_least: Option<f64>,
    pub at_most: Option<f64>,
    pub fraction: Option<f64>,
    pub points: Option<f64>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawIndicator {
    pub id: String,
    pub parent: Option<String>,
    pub name_zh: Option<String>,
    pub name_en: Option<String>,
    pub field: Option<String>,
    pub per: Option<String>,
    /// The English unit of the indicator's value (optional; by default
    /// from its fields' `unit_en`).
    pub unit_en: Option<String>,
    pub points: Option<f64>,
    pub weight: Option<f64>,
    pub direction: Option<String>,
    pub rule: Option<String>,
    #[serde(default)]
    pub transforms: Vec<String>,
    pub missing: Option<String>,
    pub group: Option<String>,
    // rule parameters
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    pub floor: Option<f64>,
    pub full: Option<f64>,
    pub at_floor: Option<f64>,
    pub target: Option<f64>,
    pub bands: Option<Vec<RawBand>>,
    pub below: Option<f64>,
    pub terms: Option<BTreeMap<String, f64>>,
    pub scale: Option<String>,
    pub z_transform: Option<String>,
    pub z_clip: Option<f64>,
    pub max: Option<f64>,
    pub range: Option<Vec<f64>>,
    /// Opt out of the framework's outlier treatment.
    pub treat: Option<bool>,
    /// `rank`: the tie convention (mid or min).
    pub ties: Option<String>,
    /// `dist2ref`: the reference unit's id.
    pub reference: Option<String>,
    /// `dist2ref`, `dist2targ`: values above 1 become 1.
    pub cap_max: Option<bool>,
    /// Goalposts, targets and band thresholds in the original units
    /// (default) or in the transformed units.
    pub goalposts_in: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct RawWeighting {
    pub node: Option<String>,
    pub method: Option<String>,
    pub order: Option<Vec<String>>,
    pub matrix: Option<Vec<Vec<toml::Value>>>,
    pub subjective: Option<String>,
    pub objective: Option<String>,
    pub share: Option<f64>,
    pub pca: Option<String>,
    pub target: Option<toml::Value>,
    pub against: Option<String>,
    pub tolerance: Option<f64>,
    pub max_iterations: Option<i64>,
}

/// `[quality]`: the severity of each plausibility check and its thresholds.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct RawQuality {
    pub range: Option<String>,
    pub unit_slip: Option<String>,
    pub change: Option<String>,
    pub consistency: Option<String>,
    pub change_factor: Option<f64>,
    pub slip_tolerance: Option<f64>,
    /// Signed, so that a negative value is reported at its key.
    pub min_cohort: Option<i64>,
}

/// `[[consistency]]`: a rule between two fields of one cluster and period.
#[derive(Debug, Clone, Deserialize)]
pub struct RawConsistency {
    pub rule: Option<String>,
    pub periods: Option<Vec<String>>,
    pub severity: Option<String>,
    pub message_zh: Option<String>,
    pub message_en: Option<String>,
}

/// The keys each section accepts; anything else is reported as unknown.
pub const HEADER_KEYS: &[&str] = &[
    "id",
    "version",
    "name_zh",
    "name_en",
    "total_points",
    "aggregation",
    "missing",
    "group",
];
pub const RANKING_KEYS: &[&str] = &["tie_break", "decimals"];
pub const REPORT_KEYS: &[&str] = &["decimals"];
pub const GRADE_KEYS: &[&str] = &["id", "name_zh", "name_en", "min"];
pub const FIELD_KEYS: &[&str] = &[
    "id",
    "name_zh",
    "name_en",
    "definition_zh",
    "definition_en",
    "unit",
    "unit_en",
    "kind",
    "min",
    "max",
    "periods",
    "source",
    "derive",
    "where",
    "of",
    "numerator",
    "denominator",
    "weights",
    "factor",
    "tolerance",
    "prefer",
    "max_change",
    "lower",
    "upper",
];
pub const WHATIF_KEYS: &[&str] = &["max_change", "fragile_margin"];
pub const ROSTER_KEYS: &[&str] = &["duplicates", "tolerance", "prefer", "column"];
pub const NODE_KEYS: &[&str] = &[
    "id",
    "parent",
    "name_zh",
    "name_en",
    "points",
    "weight",
    "aggregation",
];
pub const INDICATOR_KEYS: &[&str] = &[
    "id",
    "parent",
    "name_zh",
    "name_en",
    "field",
    "per",
    "unit_en",
    "points",
    "weight",
    "direction",
    "rule",
    "transforms",
    "missing",
    "group",
    "lo",
    "hi",
    "floor",
    "full",
    "at_floor",
    "target",
    "bands",
    "below",
    "terms",
    "scale",
    "z_transform",
    "z_clip",
    "max",
    "range",
    "treat",
    "ties",
    "reference",
    "cap_max",
    "goalposts_in",
];
pub const TREATMENT_KEYS: &[&str] = &[
    "method",
    "skew",
    "kurtosis",
    "max_winsorised",
    "log_fallback",
];
pub const WEIGHTING_KEYS: &[&str] = &[
    "node",
    "method",
    "order",
    "matrix",
    "subjective",
    "objective",
    "share",
    "pca",
    "target",
    "against",
    "tolerance",
    "max_iterations",
];
pub const SCREENING_KEYS: &[&str] = &[
    "min_availability",
    "on",
    "min_nonzero",
    "include",
    "exclude",
];
pub const QUALITY_KEYS: &[&str] = &[
    "range",
    "unit_slip",
    "change",
    "consistency",
    "change_factor",
    "slip_tolerance",
    "min_cohort",
];
pub const CONSISTENCY_KEYS: &[&str] = &["rule", "periods", "severity", "message_zh", "message_en"];
pub const TOP_KEYS: &[&str] = &[
    "framework",
    "ranking",
    "treatment",
    "screening",
    "grade",
    "field",
    "node",
    "indicator",
    "roster",
    "weighting",
    "quality",
    "consistency",
    "report",
    "whatif",
];

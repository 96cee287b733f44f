//! The audit trail: one structure that holds every number of a round.
//!
//! `RoundResult` is built once from the round, the scores and the ranking.
//! For every cluster and indicator it keeps the submitted cells (file, row,
//! column, raw text, unit, conversion factor), the value built from them and
//! its formula, the imputation, the transformed value, the normalised score,
//! the points possible and earned, and the rule. Every report is a view of
//! this structure; nothing here formats or writes files.

pub mod changes;
pub mod decisions;
pub mod movement;
pub mod progress_view;
pub mod whatif;

pub use decisions::{AdvanceRule, FormulaTerm, ProcessView};
pub use progress_view::{ProgressRow, RosterView};

use crate::diag::Diagnostic;
use crate::framework::{Framework, TieKey, Transform};
use crate::ingest::{Rejection, Round};
use crate::rank::{key_label, Standing};
use crate::score::kernel::TreatmentLog;
use crate::score::values::InputRef;
use crate::score::Scored;
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
pub struct ToolInfo {
    pub name: String,
    pub version: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub synthetic: bool,
    /// Absent in a one-period round.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    pub current_year: i32,
    /// Absent in a one-period round.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
    /// What the round evaluates, as the reports call it (left out when it
    /// is the default 集群 / cluster).
    #[serde(skip_serializing_if = "crate::ingest::UnitLabel::is_default")]
    pub unit_label: crate::ingest::UnitLabel,
    /// `[report]` of round.toml: the issuing office, the publication date.
    #[serde(skip_serializing_if = "crate::ingest::Publication::is_none")]
    pub publication: crate::ingest::Publication,
}

#[derive(Debug, Clone, Serialize)]
pub struct FrameworkInfo {
    pub id: String,
    pub version: String,
    pub name_zh: String,
    pub name_en: String,
    pub total_points: f64,
    pub decimals: u32,
    /// Scores are shown with this many decimals (`[report] decimals`).
    pub display_decimals: u32,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub parent: Option<String>,
    pub depth: usize,
    pub aggregation: String,
    pub points: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct IndicatorInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub parent: String,
    /// Top-level dimension.
    pub dimension: Option<String>,
    pub unit: String,
    /// The unit in English as the framework gives it (empty: none given).
    pub unit_en: String,
    pub direction: String,
    /// The rule as written (`weighted_count`, `growth`, ...).
    pub rule: String,
    /// The scoring rule that maps values to fractions.
    pub scoring: String,
    pub transforms: Vec<String>,
    pub missing: String,
    pub points: f64,
    /// The value is a count (of a count field, or a weighted count): the
    /// reports show it as a whole number.
    pub count: bool,
}

/// A field of the framework as the traces name it: id, names, unit (the
/// unit of a value read for it, after any unit conversion) and whether it
/// counts.
#[derive(Debug, Clone, Serialize)]
pub struct FieldInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub unit_en: String,
    pub count: bool,
    /// How the field is derived from the enterprise roster, when it is.
    pub derived: Option<crate::framework::derive::Derivation>,
}

#[derive(Debug, Clone, Serialize)]
pub struct GradeInfo {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub min: f64,
}

/// One cluster x indicator, from submitted cells to points.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorTrace {
    pub indicator: String,
    pub inputs: Vec<InputRef>,
    pub formula: crate::score::values::Formula,
    pub missing_reason: Option<crate::score::values::Missing>,
    /// The indicator value before imputation (None: missing).
    pub value: Option<f64>,
    /// How a missing value was handled ("" when present).
    pub imputation: String,
    /// Value after imputation (None: no value, no points).
    pub imputed_value: Option<f64>,
    /// Value after outlier treatment.
    pub treated: Option<f64>,
    /// What outlier treatment did to this value ("" when untouched).
    pub treatment: String,
    /// Value after the transforms.
    pub transformed: Option<f64>,
    /// Normalised score, 0-100 (fraction of the points x 100).
    pub normalised: f64,
    /// The rule's own value on its own scale (COINr's normalised value: a
    /// rank, a Borda score, a z-score, a distance; min-max in percent);
    /// None where the value is missing.
    pub rule_value: Option<f64>,
    /// "capped_high" / "capped_low" where the rule's map to points capped
    /// the value (beyond a goalpost, a distance above 1), else "".
    pub capped: String,
    pub points_max: f64,
    pub points: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct NodeScore {
    pub node: String,
    pub points: f64,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClusterResult {
    pub rank: usize,
    pub tied: bool,
    pub tie_note: Vec<crate::rank::TieNote>,
    pub cluster_id: String,
    pub name_zh: String,
    pub name_en: String,
    pub city: String,
    pub track: String,
    pub total: f64,
    pub grade: Option<GradeInfo>,
    /// Every node below the total, in framework order.
    pub subtotals: Vec<NodeScore>,
    pub indicators: Vec<IndicatorTrace>,
}

impl ClusterResult {
    pub fn subtotal(&self, node: &str) -> f64 {
        self.subtotals
            .iter()
            .find(|s| s.node == node)
            .map(|s| s.points)
            .unwrap_or(0.0)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct TreatmentEntry {
    pub indicator: String,
    #[serde(flatten)]
    pub log: TreatmentLog,
}

#[derive(Debug, Clone, Serialize)]
pub struct ScreenedEntry {
    pub cluster_id: String,
    pub name_zh: String,
    pub availability: f64,
    /// Share of non-zero values among the unit's values.
    pub nonzero: f64,
    /// availability, zeros or excluded.
    pub reason: crate::score::ScreenReason,
}

/// Everything a round produced.
#[derive(Debug, Clone, Serialize)]
pub struct RoundResult {
    pub tool: ToolInfo,
    pub round: RoundInfo,
    pub framework: FrameworkInfo,
    /// Top-level dimensions (the columns of the ranking).
    pub dimensions: Vec<NodeInfo>,
    pub nodes: Vec<NodeInfo>,
    pub indicators: Vec<IndicatorInfo>,
    /// The fields the indicators read.
    pub fields: Vec<FieldInfo>,
    /// The columns of the enterprise roster (built-in and the framework's).
    pub roster_columns: Vec<crate::framework::derive::RosterColumn>,
    pub grades: Vec<GradeInfo>,
    pub tie_break: Vec<String>,
    /// The same keys as data, for a report to word in its language.
    pub tie_break_keys: Vec<TieKeyView>,
    /// In rank order.
    pub clusters: Vec<ClusterResult>,
    /// Outlier treatment per indicator (only indicators with a treatment).
    pub treatment: Vec<TreatmentEntry>,
    /// Units left out by screening, with their data availability.
    pub screened: Vec<ScreenedEntry>,
    /// Warnings and notes from loading and scoring (the plausibility
    /// findings are in `quality`).
    pub diagnostics: Vec<Diagnostic>,
    /// The plausibility findings (warnings: an error stops the run), by
    /// check, then cluster, field and period.
    pub quality: Vec<crate::quality::Finding>,
    pub rejections: Vec<Rejection>,
    /// Decisions and panels, when the round declares a process.
    pub process: Option<ProcessView>,
    /// The enterprise-roster audit, when the round has rosters.
    pub roster: Option<RosterView>,
    /// Mid-term progress of every field with baseline, current and target.
    pub progress: Vec<ProgressRow>,
    /// The weight of every child of every node, and how it was obtained.
    pub weights: Vec<crate::weighting::WeightRow>,
    /// The cohort ranked by alternative methods, with rank correlations.
    pub methods: Option<crate::compare::Comparison>,
    /// Monte Carlo and Sobol analysis, when `[robustness]` is declared.
    pub robustness: Option<crate::robust::Robustness>,
    /// The rectification list (整改清单): what the clusters that must
    /// improve would need (`whatif`); empty without a process.
    pub rectification: Vec<whatif::Rectification>,
    /// What changed since the run this one supersedes (`run --supersedes`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub change_log: Option<changes::ChangeLog>,
    /// Against the previous round, when round.toml names earlier rounds'
    /// outputs (`[history] rounds`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub movement: Option<movement::Movement>,
    /// The statistical audit (`analysis`): statistics, correlations,
    /// PCA, leave one out, effective importance. Written to the
    /// audit_*.csv files, not to scores.json.
    #[serde(skip)]
    pub analysis: Option<crate::analysis::Analysis>,
    /// The files read (for the manifest; not part of scores.json).
    #[serde(skip)]
    pub sources: Sources,
}

/// Where a result came from.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    pub round_dir: std::path::PathBuf,
    pub framework: std::path::PathBuf,
    /// Every input file read, in reading order.
    pub files: Vec<std::path::PathBuf>,
    /// Where `run` keeps the inputs (round.toml's `[archive] dir`).
    pub archive: std::path::PathBuf,
}

fn finite(x: f64) -> Option<f64> {
    x.is_finite().then_some(x)
}

fn node_info(fw: &Framework, k: usize) -> NodeInfo {
    let n = &fw.nodes[k];
    NodeInfo {
        id: n.id.clone(),
        name_zh: n.name_zh.clone(),
        name_en: n.name_en.clone(),
        parent: n.parent.map(|p| fw.nodes[p].id.clone()),
        depth: n.depth,
        aggregation: n.aggregation.label(),
        points: n.points,
    }
}

/// A key of the tie-break chain: what is compared (`subtotal` of a node,
/// `points` or `value` of an indicator) and the names of its node or
/// indicator.
#[derive(Debug, Clone, Serialize)]
pub struct TieKeyView {
    pub kind: &'static str,
    pub name_zh: String,
    pub name_en: String,
}

fn tie_key_view(fw: &Framework, key: &TieKey) -> TieKeyView {
    let (kind, zh, en) = match key {
        TieKey::Node { node } => (
            "subtotal",
            &fw.nodes[*node].name_zh,
            &fw.nodes[*node].name_en,
        ),
        TieKey::Points { indicator } => {
            let i = &fw.indicators[*indicator];
            ("points", &i.name_zh, &i.name_en)
        }
        TieKey::Value { indicator } => {
            let i = &fw.indicators[*indicator];
            ("value", &i.name_zh, &i.name_en)
        }
    };
    TieKeyView {
        kind,
        name_zh: zh.clone(),
        name_en: en.clone(),
    }
}

pub(crate) fn grade_info(g: &crate::framework::Grade) -> GradeInfo {
    GradeInfo {
        id: g.id.clone(),
        name_zh: g.name_zh.clone(),
        name_en: g.name_en.clone(),
        min: g.min,
    }
}

pub fn transform_label(t: &Transform) -> String {
    t.name()
}

/// Assemble the result of a round.
pub fn build_result(
    round: &Round,
    roster: Option<&crate::roster::RosterAudit>,
    scored: &Scored,
    standings: &[Standing],
    process: Option<&crate::process::ProcessResult>,
    diagnostics: Vec<Diagnostic>,
    quality: Vec<crate::quality::Finding>,
) -> RoundResult {
    let fw = &round.framework;
    let s = &scored.scores;
    // Files are named relative to the round folder in every output, so
    // that the outputs do not depend on how the folder was spelled on the
    // command line (or where it lives).
    let prefix = format!("{}/", round.dir.display());
    let local = |f: &str| f.strip_prefix(&prefix).unwrap_or(f).to_string();
    let indicators = fw
        .indicators
        .iter()
        .enumerate()
        .map(|(j, ind)| IndicatorInfo {
            id: ind.id.clone(),
            name_zh: ind.name_zh.clone(),
            name_en: ind.name_en.clone(),
            parent: fw.nodes[ind.parent].id.clone(),
            dimension: fw.dimension_of(j).map(|d| fw.nodes[d].id.clone()),
            unit: ind.unit.clone(),
            unit_en: ind.unit_en.clone(),
            direction: format!("{:?}", ind.direction).to_lowercase(),
            rule: ind.rule_label.clone(),
            scoring: ind.rule.name().to_string(),
            transforms: ind.transforms.iter().map(transform_label).collect(),
            missing: ind.missing.label(),
            points: ind.points,
            count: !matches!(
                ind.rule,
                crate::framework::Rule::Target { .. } | crate::framework::Rule::Progress { .. }
            ) && match &ind.value {
                crate::framework::ValueSpec::Field { field } => {
                    fw.fields[*field].kind == crate::framework::FieldKind::Count
                }
                crate::framework::ValueSpec::WeightedCount { .. } => true,
                _ => false,
            },
        })
        .collect();
    let clusters = standings
        .iter()
        .map(|st| {
            let i = st.cluster;
            let c = &round.registry.clusters[scored.clusters[i]];
            ClusterResult {
                rank: st.rank,
                tied: st.tied,
                tie_note: st.tie_note.clone(),
                cluster_id: c.id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                city: c.city.clone(),
                track: c.track.clone(),
                total: s.total(i),
                grade: st.grade.map(|g| grade_info(&fw.grades[g])),
                subtotals: (1..fw.nodes.len())
                    .map(|k| NodeScore {
                        node: fw.nodes[k].id.clone(),
                        points: s.subtotal(i, k),
                        max: fw.nodes[k].points,
                    })
                    .collect(),
                indicators: (0..fw.indicators.len())
                    .map(|j| {
                        let at = s.at(i, j);
                        let prov = &scored.raw.provenance[at];
                        IndicatorTrace {
                            indicator: fw.indicators[j].id.clone(),
                            inputs: prov
                                .inputs
                                .iter()
                                .map(|i| InputRef {
                                    file: local(&i.file),
                                    ..i.clone()
                                })
                                .collect(),
                            formula: prov.formula.clone(),
                            missing_reason: prov.missing_reason.clone(),
                            value: finite(scored.raw.values[at]),
                            imputation: s.imputation[at].label().to_string(),
                            imputed_value: finite(s.value[at]),
                            treated: finite(s.treated[at]),
                            treatment: s.treat_flag[at].label().to_string(),
                            transformed: finite(s.transformed[at]),
                            normalised: s.fraction[at] * 100.0,
                            rule_value: finite(s.rule_value[at]),
                            capped: s.cap[at].label().to_string(),
                            points_max: fw.indicators[j].points,
                            points: s.points[at],
                        }
                    })
                    .collect(),
            }
        })
        .collect();
    RoundResult {
        tool: ToolInfo {
            name: "cluster-eval".into(),
            version: env!("CARGO_PKG_VERSION").into(),
        },
        round: RoundInfo {
            id: round.spec.id.clone(),
            name_zh: round.spec.name_zh.clone(),
            name_en: round.spec.name_en.clone(),
            synthetic: round.spec.synthetic,
            baseline_year: round.spec.baseline_year,
            current_year: round.spec.current_year,
            target_year: round.spec.target_year,
            unit_label: round.unit_label.clone(),
            publication: round.publication.clone(),
        },
        framework: FrameworkInfo {
            id: fw.id.clone(),
            version: fw.version.clone(),
            name_zh: fw.name_zh.clone(),
            name_en: fw.name_en.clone(),
            total_points: fw.total_points,
            decimals: fw.decimals,
            display_decimals: fw.display_decimals,
        },
        dimensions: fw.dimensions().iter().map(|&k| node_info(fw, k)).collect(),
        nodes: (1..fw.nodes.len()).map(|k| node_info(fw, k)).collect(),
        indicators,
        fields: fw
            .fields
            .iter()
            .map(|f| FieldInfo {
                id: f.id.clone(),
                name_zh: f.name_zh.clone(),
                name_en: f.name_en.clone(),
                unit: f.unit.clone(),
                unit_en: f.unit_en.clone(),
                count: f.kind == crate::framework::FieldKind::Count,
                derived: f.derived.clone(),
            })
            .collect(),
        roster_columns: fw.roster.columns.clone(),
        grades: fw.grades.iter().map(grade_info).collect(),
        tie_break: fw.tie_break.iter().map(|k| key_label(fw, k)).collect(),
        tie_break_keys: fw.tie_break.iter().map(|k| tie_key_view(fw, k)).collect(),
        clusters,
        treatment: fw
            .indicators
            .iter()
            .zip(&s.treatment_log)
            .filter_map(|(ind, log)| {
                log.map(|log| TreatmentEntry {
                    indicator: ind.id.clone(),
                    log,
                })
            })
            .collect(),
        screened: scored
            .screened
            .iter()
            .map(|x| ScreenedEntry {
                cluster_id: round.registry.clusters[x.cluster].id.clone(),
                name_zh: round.registry.clusters[x.cluster].name_zh.clone(),
                availability: x.availability,
                nonzero: x.nonzero,
                reason: x.reason,
            })
            .collect(),
        diagnostics: diagnostics
            .into_iter()
            .map(|d| Diagnostic {
                file: local(&d.file),
                ..d
            })
            .collect(),
        quality: quality
            .into_iter()
            .map(|f| crate::quality::Finding {
                file: local(&f.file),
                ..f
            })
            .collect(),
        rejections: round
            .data
            .rejections
            .iter()
            .chain(roster.iter().flat_map(|r| r.rejected.iter()))
            .map(|x| Rejection {
                file: local(&x.file),
                ..x.clone()
            })
            .collect(),
        process: process.map(|p| decisions::view(round, fw, p)),
        roster: roster.map(|a| progress_view::roster_view(round, a, &local)),
        progress: progress_view::progress_rows(round),
        weights: crate::weighting::table(fw),
        methods: None,
        robustness: None,
        rectification: Vec::new(),
        change_log: None,
        movement: None,
        analysis: None,
        sources: Sources {
            round_dir: round.dir.clone(),
            framework: round.framework_path.clone(),
            files: round.files.clone(),
            archive: round.archive_dir.clone(),
        },
    }
}

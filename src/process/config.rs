//! The evaluation process as data: the `[process]` section of `round.toml`.
//!
//! It declares the eligibility gates, the ordered stages with their score
//! formulas and advancement rules, the quota and its caps, the tie-break
//! chain, the expert-panel settings, the cap on the top grade's share and
//! the dynamic-management rules. `ProcessSpec` is the file as written
//! (serde, unknown keys rejected); `resolve` checks it against the framework
//! and turns names into indices, reporting every problem with its key path
//! (e.g. `process.stages[2].score.defense`).

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{Framework, TieKey};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    5
}
fn default_min_scores() -> usize {
    3
}
fn default_conflicts() -> Vec<String> {
    vec!["city".into(), "employer".into()]
}
fn default_outlier_z() -> f64 {
    2.0
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
    2
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

/// A comparison of a gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateTest {
    Ge(f64),
    Gt(f64),
    Le(f64),
    Lt(f64),
    Eq(String),
    Ne(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Present,
}

/// What a gate looks at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateSubject {
    /// Framework field index.
    Field(usize),
    /// Registry column.
    Registry(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    pub id: String,
    pub subject: GateSubject,
    pub test: GateTest,
    /// The condition in words, e.g. "leading_share >= 70".
    pub condition: String,
    pub reason_zh: String,
    pub reason_en: String,
}

/// A term of a stage's score formula.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Component {
    Indicators,
    Panel,
    Stage(usize),
}

#[derive(Debug, Clone, Serialize)]
pub struct Criterion {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub max: f64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub formula: Vec<(Component, f64)>,
    /// None: everyone goes on (or: the last stage).
    pub advance: Option<AdvanceSpec>,
    /// Empty when the stage has no panel.
    pub criteria: Vec<Criterion>,
    pub standardise: bool,
}

impl Stage {
    pub fn has_panel(&self) -> bool {
        self.formula.iter().any(|(c, _)| *c == Component::Panel)
    }

    /// The sum of the criteria maxima: a reviewer's total is out of this.
    pub fn panel_max(&self) -> f64 {
        self.criteria.iter().map(|c| c.max).sum()
    }

    /// "初审 preliminary review".
    pub fn label(&self) -> String {
        if self.name_en.is_empty() {
            self.name_zh.clone()
        } else {
            format!("{} {}", self.name_zh, self.name_en)
        }
    }
}

/// A key of the process's tie-break chain.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChainKey {
    Stage(usize),
    Panel(usize),
    Framework(TieKey),
}

/// The resolved process.
#[derive(Debug, Clone, Serialize)]
pub struct Process {
    pub kind: Kind,
    pub gates: Vec<Gate>,
    /// At least one: without declared stages, one stage scored by the
    /// indicators alone.
    pub stages: Vec<Stage>,
    pub quota: Option<usize>,
    pub min_score: Option<f64>,
    pub caps: Vec<(String, usize)>,
    pub chain: Vec<ChainKey>,
    pub decimals: u32,
    pub panel: PanelSpec,
    pub top_grade_share: Option<f64>,
    pub outcomes: OutcomeSpec,
    /// Outcome of each framework grade (by grade index).
    pub grade_outcomes: Vec<String>,
}

impl Process {
    pub fn stage_index(&self, name: &str) -> Option<usize> {
        let name = name.trim();
        self.stages
            .iter()
            .position(|s| s.id == name || s.name_zh == name)
            .or_else(|| {
                self.stages
                    .iter()
                    .position(|s| !s.name_en.is_empty() && s.name_en.eq_ignore_ascii_case(name))
            })
    }
}

/// The outcomes dynamic management knows.
pub const OUTCOMES: &[&str] = &["continue", "rectify", "warning", "exit"];

/// A process for a round without `[process]`: one stage, the indicators.
pub fn default_process(fw: &Framework, kind: Kind) -> Process {
    let mut diags = Diagnostics::default();
    let spec = ProcessSpec {
        kind,
        gates: vec![],
        stages: vec![],
        quota: None,
        min_score: None,
        caps: BTreeMap::new(),
        tie_break: None,
        decimals: None,
        panel: PanelSpec::default(),
        top_grade_share: None,
        outcomes: OutcomeSpec::default(),
    };
    resolve(&spec, fw, "", &mut diags)
}

/// Check `[process]` against the framework; problems go to `diags`, located
/// at `file` with a key path.
pub fn resolve(spec: &ProcessSpec, fw: &Framework, file: &str, diags: &mut Diagnostics) -> Process {
    let mut err = |path: String, value: String, msg: String| {
        diags.push(Diagnostic::error(file, msg).column(path).value(value));
    };
    let mut gates = Vec::new();
    for (g, gate) in spec.gates.iter().enumerate() {
        let path = format!("process.gates[{}]", g + 1);
        let subject = match (&gate.field, &gate.registry) {
            (Some(f), None) => match fw.find_field(f) {
                Some(i) => GateSubject::Field(i),
                None => {
                    err(
                        format!("{path}.field"),
                        f.clone(),
                        "not a field of the framework".into(),
                    );
                    continue;
                }
            },
            (None, Some(col)) => GateSubject::Registry(col.clone()),
            _ => {
                err(
                    path,
                    gate.id.clone(),
                    "a gate needs exactly one of `field` or `registry`".into(),
                );
                continue;
            }
        };
        let number = gate
            .value
            .as_ref()
            .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)));
        let text = gate.value.as_ref().map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        let list = gate.value.as_ref().map(|v| match v {
            toml::Value::Array(a) => a
                .iter()
                .map(|x| {
                    x.as_str()
                        .map(str::to_string)
                        .unwrap_or_else(|| x.to_string())
                })
                .collect(),
            toml::Value::String(s) => vec![s.clone()],
            other => vec![other.to_string()],
        });
        let test = match (gate.op.trim(), number, text, list) {
            (">=", Some(x), _, _) => GateTest::Ge(x),
            (">", Some(x), _, _) => GateTest::Gt(x),
            ("<=", Some(x), _, _) => GateTest::Le(x),
            ("<", Some(x), _, _) => GateTest::Lt(x),
            ("==", _, Some(t), _) => GateTest::Eq(t),
            ("!=", _, Some(t), _) => GateTest::Ne(t),
            ("in", _, _, Some(l)) => GateTest::In(l),
            ("not_in", _, _, Some(l)) => GateTest::NotIn(l),
            ("present", _, _, _) => GateTest::Present,
            (op, _, _, _) => {
                err(
                    format!("{path}.op"),
                    op.to_string(),
                    "expected >=, >, <=, < with a number value; ==, != with a value; in, not_in with a list; or present".into(),
                );
                continue;
            }
        };
        let subject_name = match &subject {
            GateSubject::Field(i) => fw.fields[*i].id.clone(),
            GateSubject::Registry(c) => c.clone(),
        };
        let condition = match &test {
            GateTest::Ge(x) => format!("{subject_name} >= {x}"),
            GateTest::Gt(x) => format!("{subject_name} > {x}"),
            GateTest::Le(x) => format!("{subject_name} <= {x}"),
            GateTest::Lt(x) => format!("{subject_name} < {x}"),
            GateTest::Eq(t) => format!("{subject_name} == {t}"),
            GateTest::Ne(t) => format!("{subject_name} != {t}"),
            GateTest::In(l) => format!("{subject_name} in [{}]", l.join(", ")),
            GateTest::NotIn(l) => format!("{subject_name} not in [{}]", l.join(", ")),
            GateTest::Present => format!("{subject_name} present"),
        };
        if gates.iter().any(|x: &Gate| x.id == gate.id) {
            err(
                format!("{path}.id"),
                gate.id.clone(),
                "duplicate gate id".into(),
            );
        }
        gates.push(Gate {
            id: gate.id.clone(),
            subject,
            test,
            condition,
            reason_zh: gate.reason_zh.clone(),
            reason_en: gate.reason_en.clone(),
        });
    }

    let mut stages: Vec<Stage> = Vec::new();
    let n_stages = spec.stages.len();
    for (k, st) in spec.stages.iter().enumerate() {
        let path = format!("process.stages[{}]", k + 1);
        if stages.iter().any(|s| s.id == st.id) || st.id == "indicators" || st.id == "panel" {
            err(
                format!("{path}.id"),
                st.id.clone(),
                "duplicate or reserved stage id (indicators and panel are formula terms)".into(),
            );
        }
        let mut formula = Vec::new();
        for (term, &w) in &st.score {
            let c = match term.as_str() {
                "indicators" => Component::Indicators,
                "panel" => Component::Panel,
                other => match stages.iter().position(|s| s.id == other) {
                    Some(e) => Component::Stage(e),
                    None => {
                        err(
                            format!("{path}.score.{term}"),
                            term.clone(),
                            "expected indicators, panel or the id of an earlier stage".into(),
                        );
                        continue;
                    }
                },
            };
            if !(w.is_finite() && w > 0.0) {
                err(
                    format!("{path}.score.{term}"),
                    w.to_string(),
                    "a weight must be a positive number".into(),
                );
            }
            formula.push((c, w));
        }
        if st.score.is_empty() {
            err(
                format!("{path}.score"),
                String::new(),
                "a stage needs a score formula".into(),
            );
        }
        let has_panel = formula.iter().any(|(c, _)| *c == Component::Panel);
        let mut criteria: Vec<Criterion> = st
            .criteria
            .iter()
            .map(|c| Criterion {
                id: c.id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                max: c.max,
            })
            .collect();
        for (c, cr) in criteria.iter().enumerate() {
            if !(cr.max.is_finite() && cr.max > 0.0) {
                err(
                    format!("{path}.criteria[{}].max", c + 1),
                    cr.max.to_string(),
                    "a criterion's maximum must be a positive number".into(),
                );
            }
            if criteria[..c].iter().any(|x| x.id == cr.id) {
                err(
                    format!("{path}.criteria[{}].id", c + 1),
                    cr.id.clone(),
                    "duplicate criterion id".into(),
                );
            }
        }
        if has_panel && criteria.is_empty() {
            criteria.push(Criterion {
                id: "total".into(),
                name_zh: "总分".into(),
                name_en: "total".into(),
                max: 100.0,
            });
        }
        if !has_panel && !criteria.is_empty() {
            err(
                format!("{path}.criteria"),
                String::new(),
                "criteria are given but the score formula has no panel term".into(),
            );
        }
        if let Some(a) = &st.advance {
            if k + 1 == n_stages {
                err(
                    format!("{path}.advance"),
                    String::new(),
                    "the last stage has no advancement rule (the quota decides)".into(),
                );
            }
            if a.top.is_some() && a.quota_multiple.is_some() {
                err(
                    format!("{path}.advance"),
                    String::new(),
                    "give `top` or `quota_multiple`, not both".into(),
                );
            }
            if a.quota_multiple.is_some() && spec.quota.is_none() {
                err(
                    format!("{path}.advance.quota_multiple"),
                    String::new(),
                    "quota_multiple needs process.quota".into(),
                );
            }
            if a.top == Some(0) || a.quota_multiple.is_some_and(|m| m.is_nan() || m <= 0.0) {
                err(
                    format!("{path}.advance"),
                    String::new(),
                    "top and quota_multiple must be positive".into(),
                );
            }
        }
        stages.push(Stage {
            id: st.id.clone(),
            name_zh: st.name_zh.clone(),
            name_en: st.name_en.clone(),
            formula,
            advance: st.advance.clone(),
            criteria,
            standardise: st.standardise.unwrap_or(spec.panel.standardise),
        });
    }
    if stages.is_empty() {
        stages.push(Stage {
            id: "indicators".into(),
            name_zh: "指标评分".into(),
            name_en: "indicator score".into(),
            formula: vec![(Component::Indicators, 1.0)],
            advance: None,
            criteria: vec![],
            standardise: false,
        });
    }

    if spec.kind == Kind::Competition && spec.quota.is_none() {
        err(
            "process.quota".into(),
            String::new(),
            "a competition needs a quota".into(),
        );
    }
    if spec.quota == Some(0) {
        err(
            "process.quota".into(),
            "0".into(),
            "the quota must be at least 1".into(),
        );
    }
    for (col, &cap) in &spec.caps {
        if cap == 0 {
            err(
                format!("process.caps.{col}"),
                "0".into(),
                "a cap must be at least 1".into(),
            );
        }
    }
    if let Some(s) = spec.top_grade_share {
        if !(s > 0.0 && s <= 1.0) {
            err(
                "process.top_grade_share".into(),
                s.to_string(),
                "expected a share in (0, 1]".into(),
            );
        }
    }
    let panel = &spec.panel;
    for c in &panel.conflicts {
        if c != "city" && c != "employer" {
            err(
                "process.panel.conflicts".into(),
                c.clone(),
                "expected city or employer".into(),
            );
        }
    }
    if panel.min_scores == 0 {
        err(
            "process.panel.min_scores".into(),
            "0".into(),
            "a panel needs at least one score".into(),
        );
    }
    if panel.trim_when_at_least < 3 {
        err(
            "process.panel.trim_when_at_least".into(),
            panel.trim_when_at_least.to_string(),
            "trimming needs at least 3 scores (one is left after dropping two)".into(),
        );
    }
    if !(panel.outlier_z.is_finite() && panel.outlier_z > 0.0) {
        err(
            "process.panel.outlier_z".into(),
            panel.outlier_z.to_string(),
            "expected a positive number".into(),
        );
    }

    let chain = match &spec.tie_break {
        None => fw
            .tie_break
            .iter()
            .cloned()
            .map(ChainKey::Framework)
            .collect(),
        Some(keys) => {
            let mut chain = Vec::new();
            for (i, key) in keys.iter().enumerate() {
                let stage_of = |id: &str| stages.iter().position(|s| s.id == id);
                let k = if let Some(id) = key.strip_prefix("stage:") {
                    stage_of(id).map(ChainKey::Stage)
                } else if let Some(id) = key.strip_prefix("panel:") {
                    stage_of(id)
                        .filter(|&s| stages[s].has_panel())
                        .map(ChainKey::Panel)
                } else {
                    fw.tie_key(key).map(ChainKey::Framework)
                };
                match k {
                    Some(k) => chain.push(k),
                    None => err(
                        format!("process.tie_break[{}]", i + 1),
                        key.clone(),
                        "unknown key; expected stage:<id>, panel:<id of a stage with a panel>, a node id, an indicator id or value:<indicator id>".into(),
                    ),
                }
            }
            chain
        }
    };

    let outcomes = &spec.outcomes;
    let ng = fw.grades.len();
    let mut grade_outcomes: Vec<String> = (0..ng)
        .map(|g| match ng - g {
            1 => "warning".to_string(),
            2 => "rectify".to_string(),
            _ => "continue".to_string(),
        })
        .collect();
    for (grade, outcome) in &outcomes.by_grade {
        let path = format!("process.outcomes.by_grade.{grade}");
        match fw.grades.iter().position(|g| &g.id == grade) {
            Some(g) => grade_outcomes[g] = outcome.clone(),
            None => err(
                path.clone(),
                grade.clone(),
                "not a grade of the framework".into(),
            ),
        }
        if !OUTCOMES.contains(&outcome.as_str()) {
            err(
                path,
                outcome.clone(),
                format!("expected one of {}", OUTCOMES.join(", ")),
            );
        }
    }
    for o in &outcomes.exit_after {
        if !OUTCOMES.contains(&o.as_str()) {
            err(
                "process.outcomes.exit_after".into(),
                o.clone(),
                format!("expected one of {}", OUTCOMES.join(", ")),
            );
        }
    }
    if outcomes.consecutive_fails == 0 {
        err(
            "process.outcomes.consecutive_fails".into(),
            "0".into(),
            "expected at least 1".into(),
        );
    }
    if spec.kind == Kind::Midterm && fw.grades.is_empty() {
        err(
            "process.kind".into(),
            "midterm".into(),
            "a mid-term round needs grades in the framework".into(),
        );
    }

    Process {
        kind: spec.kind,
        gates,
        stages,
        quota: spec.quota,
        min_score: spec.min_score,
        caps: spec.caps.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        chain,
        decimals: spec
            .decimals
            .unwrap_or(match spec.kind {
                Kind::Midterm => fw.decimals,
                Kind::Competition => 2,
            })
            .min(12),
        panel: spec.panel.clone(),
        top_grade_share: spec.top_grade_share,
        outcomes: spec.outcomes.clone(),
        grade_outcomes,
    }
}

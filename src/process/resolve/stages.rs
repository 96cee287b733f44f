//! The stages of `[process]`: each stage's score formula (terms in order of
//! their names), its panel criteria and its advancement rule. Without
//! declared stages the process has one, scored by the indicators alone.

use super::Problems;
use crate::process::spec::{AdvanceSpec, ProcessSpec, StageSpec};
use serde::Serialize;

/// A panel stage without declared criteria has one, `total`, out of this.
pub const DEFAULT_CRITERION_MAX: f64 = 100.0;
/// Taken off `multiple x quota` before rounding up, so that a product that
/// floating point puts a hair above a whole number (2.2 x 25 =
/// 55.00000000000001) is that number.
const QUOTA_CUT_TOLERANCE: f64 = 1e-9;

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

/// Who goes on to the next stage.
#[derive(Debug, Clone, Serialize)]
pub struct Advance {
    /// The best K.
    pub top: Option<usize>,
    /// The best ceil(multiple x quota).
    pub quota_multiple: Option<f64>,
    /// ceil(quota_multiple x quota), when the process has a quota.
    pub quota_cut: Option<usize>,
    /// Only those with at least this stage score.
    pub min_score: Option<f64>,
}

impl Advance {
    fn new(spec: &AdvanceSpec, quota: Option<usize>) -> Self {
        Advance {
            top: spec.top,
            quota_multiple: spec.quota_multiple,
            quota_cut: spec
                .quota_multiple
                .zip(quota)
                .map(|(m, q)| (m * q as f64 - QUOTA_CUT_TOLERANCE).ceil() as usize),
            min_score: spec.min_score,
        }
    }

    /// How many advance by rank (None: no limit by rank).
    pub fn limit(&self) -> Option<usize> {
        self.top.or(self.quota_cut)
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct Stage {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub formula: Vec<(Component, f64)>,
    /// None: everyone goes on (or: the last stage).
    pub advance: Option<Advance>,
    /// Empty when the stage has no panel.
    pub criteria: Vec<Criterion>,
    pub standardise: bool,
}

impl Stage {
    pub fn has_panel(&self) -> bool {
        self.formula.iter().any(|(c, _)| *c == Component::Panel)
    }

    /// The stage's id and names, for a reason.
    pub fn named(&self) -> crate::process::Named {
        crate::process::Named::new(&self.id, &self.name_zh, &self.name_en)
    }

    /// The Chinese name, or the id when round.toml gives none (for a
    /// diagnostic's Chinese text).
    pub fn zh(&self) -> &str {
        if self.name_zh.is_empty() {
            &self.id
        } else {
            &self.name_zh
        }
    }

    /// "初审 preliminary review".
    pub fn label(&self) -> String {
        if self.name_en.is_empty() {
            self.name_zh.clone()
        } else {
            format!("{} {}", self.name_zh, self.name_en)
        }
    }

    /// The stage of a process without declared stages.
    fn indicators_only() -> Self {
        Stage {
            id: "indicators".into(),
            name_zh: "指标评分".into(),
            name_en: "indicator score".into(),
            formula: vec![(Component::Indicators, 1.0)],
            advance: None,
            criteria: vec![],
            standardise: false,
        }
    }
}

/// The stages of `[process]`, in order (at least one).
pub(super) fn resolve(spec: &ProcessSpec, problems: &mut Problems) -> Vec<Stage> {
    let mut stages: Vec<Stage> = Vec::new();
    let n_stages = spec.stages.len();
    for (k, st) in spec.stages.iter().enumerate() {
        let path = format!("process.stages[{}]", k + 1);
        if stages.iter().any(|s| s.id == st.id) || st.id == "indicators" || st.id == "panel" {
            problems.error(
                format!("{path}.id"),
                st.id.clone(),
                "duplicate or reserved stage id (indicators and panel are formula terms)",
            );
        }
        let formula = formula(st, &stages, &path, problems);
        let has_panel = formula.iter().any(|(c, _)| *c == Component::Panel);
        let criteria = criteria(st, has_panel, &path, problems);
        if let Some(a) = &st.advance {
            check_advance(a, spec, k + 1 == n_stages, &path, problems);
        }
        stages.push(Stage {
            id: st.id.clone(),
            name_zh: st.name_zh.clone(),
            name_en: st.name_en.clone(),
            formula,
            advance: st.advance.as_ref().map(|a| Advance::new(a, spec.quota)),
            criteria,
            standardise: st.standardise.unwrap_or(spec.panel.standardise),
        });
    }
    if stages.is_empty() {
        stages.push(Stage::indicators_only());
    }
    stages
}

/// A stage's score formula: `indicators`, `panel` or an earlier stage, each
/// with a positive weight.
fn formula(
    st: &StageSpec,
    earlier: &[Stage],
    path: &str,
    problems: &mut Problems,
) -> Vec<(Component, f64)> {
    let mut formula = Vec::new();
    for (term, &w) in &st.score {
        let c = match term.as_str() {
            "indicators" => Component::Indicators,
            "panel" => Component::Panel,
            other => match earlier.iter().position(|s| s.id == other) {
                Some(e) => Component::Stage(e),
                None => {
                    problems.error(
                        format!("{path}.score.{term}"),
                        term.clone(),
                        "expected indicators, panel or the id of an earlier stage",
                    );
                    continue;
                }
            },
        };
        if !(w.is_finite() && w > 0.0) {
            problems.error(
                format!("{path}.score.{term}"),
                w.to_string(),
                "a weight must be a positive number",
            );
        }
        formula.push((c, w));
    }
    if st.score.is_empty() {
        problems.error(
            format!("{path}.score"),
            String::new(),
            "a stage needs a score formula",
        );
    }
    formula
}

/// A panel stage's criteria (one `total` when none are declared); a stage
/// without a panel has none.
fn criteria(
    st: &StageSpec,
    has_panel: bool,
    path: &str,
    problems: &mut Problems,
) -> Vec<Criterion> {
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
            problems.error(
                format!("{path}.criteria[{}].max", c + 1),
                cr.max.to_string(),
                "a criterion's maximum must be a positive number",
            );
        }
        if criteria[..c].iter().any(|x| x.id == cr.id) {
            problems.error(
                format!("{path}.criteria[{}].id", c + 1),
                cr.id.clone(),
                "duplicate criterion id",
            );
        }
    }
    if has_panel && criteria.is_empty() {
        criteria.push(Criterion {
            id: "total".into(),
            name_zh: "总分".into(),
            name_en: "total".into(),
            max: DEFAULT_CRITERION_MAX,
        });
    }
    if !has_panel && !criteria.is_empty() {
        problems.error(
            format!("{path}.criteria"),
            String::new(),
            "criteria are given but the score formula has no panel term",
        );
    }
    criteria
}

/// An advancement rule: not on the last stage, `top` or `quota_multiple`
/// (positive, the latter with a quota).
fn check_advance(
    a: &AdvanceSpec,
    spec: &ProcessSpec,
    last: bool,
    path: &str,
    problems: &mut Problems,
) {
    if last {
        problems.error(
            format!("{path}.advance"),
            String::new(),
            "the last stage has no advancement rule (the quota decides)",
        );
    }
    if a.top.is_some() && a.quota_multiple.is_some() {
        problems.error(
            format!("{path}.advance"),
            String::new(),
            "give `top` or `quota_multiple`, not both",
        );
    }
    if a.quota_multiple.is_some() && spec.quota.is_none() {
        problems.error(
            format!("{path}.advance.quota_multiple"),
            String::new(),
            "quota_multiple needs process.quota",
        );
    }
    if a.top == Some(0) || a.quota_multiple.is_some_and(|m| m.is_nan() || m <= 0.0) {
        problems.error(
            format!("{path}.advance"),
            String::new(),
            "top and quota_multiple must be positive",
        );
    }
}

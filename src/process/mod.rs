//! The evaluation process (评审流程): gates, stages, panels, quota, grades
//! and dynamic management, on top of the indicator scores.
//!
//! `load` turns round.toml's `[process]` (`spec`, as written) into a
//! checked `Process` (`resolve`) and reads what the process needs besides
//! the indicators (`inputs`: reviewers, reviews, conflicts, history,
//! flags); the two together are the round's `ProcessPlan`. Then the order
//! of events: eligibility gates (before scoring, `gates`); then each stage
//! in turn (`stage`): its panel scores (`panel`), its score formula, its
//! ranking with the tie-break chain and its advancement rule. After the
//! last stage a competition fills its quota (`selection`); a mid-term round
//! grades and applies dynamic management (`dynamic`). A stage with a panel
//! but no scores at all has not been held yet: the process stops before it
//! and the clusters that reached it are `shortlisted`. At the end the
//! clusters of each status are counted once (`counts`), for every output
//! that states a count. Apart from `load`, which reads the process inputs,
//! these are pure functions of the round, the plan and the scores; nothing
//! here writes a report.

pub mod agreement;
pub mod boundary;
pub mod counts;
pub mod dynamic;
pub mod gates;
pub mod inputs;
pub mod panel;
pub mod reason;
pub mod resolve;
mod selection;
pub mod spec;
mod stage;

pub use agreement::PanelAgreement;
pub use boundary::Boundary;
pub use counts::{Counts, Places};
pub use gates::GateFailure;
pub use inputs::ProcessInputs;
pub use reason::{Named, Reason};
pub use resolve::{
    Advance, ChainKey, Component, Criterion, Gate, GateSubject, GateTest, Process, Stage, OUTCOMES,
};
pub use spec::{Kind, ProcessSpec};

use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::Round;
use crate::rank;
use crate::score::Scored;
use inputs::Reviewer;
use panel::{Outlier, PanelScore, Severity};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// Where a cluster ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    FailedGate,
    ScreenedOut,
    NotAdvanced,
    Shortlisted,
    Selected,
    NotSelected,
    TiedAtQuota,
    /// Below an unresolved tie: selected in some of the ways the office may
    /// settle it, not in others.
    DependsOnTie,
    Evaluated,
}

impl Status {
    /// Every status, in the order of a cluster's path.
    pub const ALL: [Status; 9] = [
        Status::FailedGate,
        Status::ScreenedOut,
        Status::NotAdvanced,
        Status::Shortlisted,
        Status::Selected,
        Status::TiedAtQuota,
        Status::DependsOnTie,
        Status::NotSelected,
        Status::Evaluated,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Status::FailedGate => "failed_gate",
            Status::ScreenedOut => "screened_out",
            Status::NotAdvanced => "not_shortlisted",
            Status::Shortlisted => "shortlisted",
            Status::Selected => "selected",
            Status::NotSelected => "not_selected",
            Status::TiedAtQuota => "tied_at_quota",
            Status::DependsOnTie => "depends_on_tie",
            Status::Evaluated => "evaluated",
        }
    }

    pub fn zh(self) -> &'static str {
        match self {
            Status::FailedGate => "资格审查未通过",
            Status::ScreenedOut => "数据不足未评",
            Status::NotAdvanced => "未入围",
            Status::Shortlisted => "入围",
            Status::Selected => "入选",
            Status::NotSelected => "未入选",
            Status::TiedAtQuota => "名额边界并列待定",
            Status::DependsOnTie => "视并列裁定而定",
            Status::Evaluated => "已评估",
        }
    }
}

/// One cluster's path through the process.
#[derive(Debug, Clone, Serialize)]
pub struct Decision {
    /// Registry index.
    pub cluster: usize,
    pub status: Status,
    /// Why (gate failures, the cut it missed, the cap that stopped it).
    pub reasons: Vec<Reason>,
    /// The framework total (None when not scored).
    pub indicator_score: Option<f64>,
    /// Per stage.
    pub panel_scores: Vec<Option<f64>>,
    pub stage_scores: Vec<Option<f64>>,
    /// The last stage the cluster was ranked in.
    pub stage_reached: Option<usize>,
    /// Rank within that stage.
    pub rank: Option<usize>,
    pub tied: bool,
    pub tie_note: Vec<rank::TieNote>,
    /// The last stage's score, for clusters that reached it.
    pub final_score: Option<f64>,
    /// Framework grade index (mid-term).
    pub grade: Option<usize>,
    pub grade_note: Option<dynamic::GradeNote>,
    /// Earlier rounds: (year, grade index, outcome).
    pub history: Vec<(i32, usize, Option<String>)>,
    pub outcome: Option<String>,
    pub outcome_reason: Option<Reason>,
}

impl Decision {
    /// A cluster before the first of `stages` stages.
    fn before_stages(
        cluster: usize,
        status: Status,
        indicator_score: Option<f64>,
        stages: usize,
    ) -> Self {
        Decision {
            cluster,
            status,
            reasons: Vec::new(),
            indicator_score,
            panel_scores: vec![None; stages],
            stage_scores: vec![None; stages],
            stage_reached: None,
            rank: None,
            tied: false,
            tie_note: Vec::new(),
            final_score: None,
            grade: None,
            grade_note: None,
            history: Vec::new(),
            outcome: None,
            outcome_reason: None,
        }
    }
}

/// What the process decided, with the panel diagnostics.
#[derive(Debug, Clone, Serialize)]
pub struct ProcessResult {
    /// The process that decided (its stages, quota, decimals).
    pub process: Process,
    /// The reviewers that `panels`, `outliers`, `severities` and
    /// `agreement` refer to by index.
    pub reviewers: Vec<Reviewer>,
    /// Registry order.
    pub decisions: Vec<Decision>,
    pub panels: Vec<PanelScore>,
    pub outliers: Vec<Outlier>,
    pub severities: Vec<Severity>,
    pub agreement: Vec<PanelAgreement>,
    /// How the quota boundary (and any shortlist boundary) was settled, as
    /// data (`Boundary`), worded by the report layer.
    pub boundary: Vec<Boundary>,
    /// The number of clusters of each status and the quota's places: the
    /// one count every output states.
    pub counts: Counts,
}

/// The round's process: `[process]` resolved against the framework, and
/// the process inputs read against it.
#[derive(Debug, Clone)]
pub struct ProcessPlan {
    pub process: Process,
    pub inputs: ProcessInputs,
}

/// Resolve round.toml's `[process]` against the round's framework and read
/// the process inputs named in `[inputs]` (reviewers, reviews, conflicts,
/// history, flags), adding the files read to `files`. None when the round
/// has no `[process]`, or it cannot be read; every problem goes to `diags`
/// (a resolved process may still hold errors: the caller refuses the round
/// when `diags` has any).
///
/// The order of `diags` and `files` is part of the outputs: call this right
/// after `ingest::load_round`, before anything else adds to either.
pub fn load(
    round: &Round,
    diags: &mut Diagnostics,
    files: &mut Vec<PathBuf>,
) -> Option<ProcessPlan> {
    let round_path = round.dir.join("round.toml");
    let round_file = round_path.display().to_string();
    let Some(table) = &round.process_table else {
        inputs::refuse_without_process(&round.inputs, &round_file, diags);
        return None;
    };
    let spec: ProcessSpec = match table.clone().try_into() {
        Ok(spec) => spec,
        Err(e) => {
            diags.push(invalid_spec(&round_path, &e));
            return None;
        }
    };
    let process = resolve::resolve(&spec, &round.framework, &round_file, diags);
    let inputs = inputs::read(round, &process, &round_file, files, diags);
    Some(ProcessPlan { process, inputs })
}

/// A `[process]` that does not match `ProcessSpec`, located at the key the
/// deserialiser names (toml reports it as a line "in `stages`" below the
/// message) and at its line and column in round.toml.
fn invalid_spec(round_file: &Path, e: &toml::de::Error) -> Diagnostic {
    let text = e.to_string();
    let key = text
        .lines()
        .find_map(|l| l.strip_prefix("in `")?.strip_suffix('`'))
        .map_or("process".to_string(), |k| format!("process.{k}"));
    let cause = crate::framework::toml_errors::explain(e.message(), "", 0);
    match position_of_invalid_spec(round_file) {
        Some((line, col)) => Diagnostic::error(
            round_file.display().to_string(),
            format!("invalid round file at line {line}, column {col} ({key}): {cause}"),
        )
        .row(line)
        .column(key),
        None => Diagnostic::error(
            round_file.display().to_string(),
            format!("invalid round file: {cause}"),
        )
        .column(key),
    }
}

/// The line and column of round.toml at which `[process]` fails to
/// deserialise. The raw table keeps no positions, so the file is parsed
/// again, for this one error only.
fn position_of_invalid_spec(round_file: &Path) -> Option<(usize, usize)> {
    #[derive(serde::Deserialize)]
    struct ProcessOnly {
        #[allow(dead_code)]
        process: Option<ProcessSpec>,
    }
    let text = std::fs::read_to_string(round_file).ok()?;
    let e = toml::from_str::<ProcessOnly>(&text).err()?;
    Some(crate::framework::toml_errors::line_col(
        &text,
        e.span()?.start,
    ))
}

/// The name of a chain key (what it compares, with the stage's or the
/// framework's names in both languages).
pub fn chain_label(
    process: &Process,
    fw: &crate::framework::Framework,
    key: &ChainKey,
) -> rank::KeyName {
    let stage = |s: usize, kind| {
        let st = &process.stages[s];
        rank::KeyName::new(kind, &st.id, &st.name_zh, &st.name_en)
    };
    match key {
        ChainKey::Stage(s) => stage(*s, rank::KeyKind::StageScore),
        ChainKey::Panel(s) => stage(*s, rank::KeyKind::PanelScore),
        ChainKey::Framework(k) => rank::key_name(fw, k),
    }
}

/// Run the process. Returns the result and the diagnostics (warnings such as
/// excluded conflicts; errors such as an empty panel, which the caller must
/// refuse).
pub fn run(
    round: &Round,
    plan: &ProcessPlan,
    scored: &Scored,
    failures: &[Vec<GateFailure>],
) -> (ProcessResult, Diagnostics) {
    let mut diags = Diagnostics::default();
    let (process, inputs) = (&plan.process, &plan.inputs);
    let cx = stage::Context::new(round, plan, scored);
    let mut decisions = first_decisions(&cx, failures);
    let mut members: Vec<usize> = scored
        .clusters
        .iter()
        .copied()
        .filter(|&c| failures[c].is_empty())
        .collect();
    let mut panels: Vec<PanelScore> = Vec::new();
    let mut boundary = Vec::new();
    let mut filled = None;
    let n_stages = process.stages.len();
    for k in 0..n_stages {
        if process.stages[k].has_panel() {
            if !cx.panel_sat(k) && k > 0 {
                stage::shortlist(process, k, &members, &mut decisions, &mut boundary);
                break;
            }
            panels.extend(stage::panel(&cx, k, &members, &mut decisions, &mut diags));
        }
        stage::score(process, k, &members, &mut decisions);
        if diags.has_errors() {
            break;
        }
        stage::rank(&cx, k, &members, &mut decisions);
        if k + 1 < n_stages {
            members = stage::advance(process, k, &members, &mut decisions, &mut boundary);
            continue;
        }
        for &c in &members {
            decisions[c].final_score = decisions[c].stage_scores[k];
        }
        match process.kind {
            Kind::Competition => {
                filled = Some(selection::select(
                    process,
                    &round.registry,
                    &members,
                    &mut decisions,
                    &mut boundary,
                ));
            }
            Kind::Midterm => dynamic::grade(process, round, inputs, &members, &mut decisions),
        }
    }
    if process.kind == Kind::Midterm {
        dynamic::apply_flags(process, round, inputs, &mut decisions);
    }
    let counts = Counts::of(
        &decisions,
        filled.as_ref().map(|f| {
            (
                process.quota.unwrap_or(f.finalists),
                f.finalists,
                f.office_places,
            )
        }),
    );
    if let Some(f) = &filled {
        selection::explain_boundary(
            process,
            &round.registry,
            f,
            &counts,
            &decisions,
            &mut boundary,
        );
    }
    let outliers = panel::outliers(&panels, process.panel.outlier_z);
    note_outliers(&cx, &outliers, &mut diags);
    let severities = panel::severities(&panels, &outliers, inputs.reviewers.len());
    let agreement = agreement::by_panel(&round.registry, &panels);
    (
        ProcessResult {
            process: process.clone(),
            reviewers: inputs.reviewers.clone(),
            decisions,
            panels,
            outliers,
            severities,
            agreement,
            boundary,
            counts,
        },
        diags,
    )
}

/// Every registry cluster before the first stage: failed a gate, screened
/// out, or in the running; with its earlier grades.
fn first_decisions(cx: &stage::Context, failures: &[Vec<GateFailure>]) -> Vec<Decision> {
    let n_stages = cx.plan.process.stages.len();
    (0..cx.round.registry.len())
        .map(|c| {
            let row = cx.row_of[c];
            let status = if !failures[c].is_empty() {
                Status::FailedGate
            } else if row.is_none() {
                Status::ScreenedOut
            } else {
                Status::Evaluated
            };
            let score = row.map(|r| cx.scored.scores.total(r));
            let mut d = Decision::before_stages(c, status, score, n_stages);
            d.reasons = failures[c].iter().map(|f| f.reason()).collect();
            if status == Status::ScreenedOut {
                d.reasons.push(Reason::ScreenedOut);
            }
            d.history = cx
                .plan
                .inputs
                .history
                .iter()
                .filter(|h| h.cluster == c)
                .map(|h| (h.year, h.grade, h.outcome.clone()))
                .collect();
            d.history.sort();
            d
        })
        .collect()
}

/// A note for every score far from its panel.
fn note_outliers(cx: &stage::Context, outliers: &[Outlier], diags: &mut Diagnostics) {
    let (process, inputs) = (&cx.plan.process, &cx.plan.inputs);
    let reg = &cx.round.registry;
    for o in outliers {
        diags.push(
            Diagnostic::note(
                &cx.reviews_file,
                format!(
                    "score far from the panel: reviewer {} gave cluster {} {} at {} (panel mean {:.2}, z = {:.2})",
                    inputs.reviewers[o.reviewer].id,
                    reg.clusters[o.cluster].id,
                    o.score,
                    process.stages[o.stage].id,
                    o.panel_mean,
                    o.z
                ),
            )
            .zh(format!(
                "评分偏离评审组：评审专家 {} 在{}给集群 {} 打了 {} 分（评审组均值 {:.2}，z = {:.2}）",
                inputs.reviewers[o.reviewer].id,
                process.stages[o.stage].zh(),
                reg.clusters[o.cluster].id,
                o.score,
                o.panel_mean,
                o.z
            ))
            .column(format!(
                "{} / {}",
                inputs.reviewers[o.reviewer].id, reg.clusters[o.cluster].id
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_process_table_is_located_by_key_and_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        let text = "[round]\nid = \"t\"\n\n[process]\nkind = \"competition\"\n\n[[process.stages]]\nid = \"s\"\nname_zh = \"阶段\"\nscore = { indicators = 1.0 }\nbogus = 1\n";
        let path = dir.path().join("round.toml");
        std::fs::write(&path, text).expect("round.toml");
        let table: toml::Value =
            toml::from_str::<toml::Table>(text).expect("toml")["process"].clone();
        let e = table.try_into::<ProcessSpec>().expect_err("bogus key");
        let d = invalid_spec(&path, &e);
        assert_eq!(d.column.as_deref(), Some("process.stages"));
        assert_eq!(d.row, Some(11));
        assert!(
            d.message.starts_with(
                "invalid round file at line 11, column 1 (process.stages): unknown key `bogus`"
            ),
            "{}",
            d.message
        );
    }
}

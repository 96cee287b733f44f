//! `[process]` checked against the framework: from `ProcessSpec` (the file
//! as written) to `Process` (names turned into indices, defaults decided).
//!
//! `resolve` is a short list of passes, one file each: the gates, the
//! stages with their formulas, criteria and advancement rules, the limits
//! (quota, caps, top-grade share), the panel settings, the tie-break chain
//! and the dynamic-management outcomes. Every problem is reported with its
//! key path (e.g. `process.stages[2].score.defense`) and the run goes on to
//! find the next; nothing here reads a file or scores a cluster.

mod gates;
mod limits;
mod outcomes;
mod panel;
mod stages;
mod ties;

pub use gates::{Gate, GateSubject, GateTest};
pub use outcomes::OUTCOMES;
pub use stages::{Advance, Component, Criterion, Stage};
pub use ties::ChainKey;

use super::spec::{Kind, OutcomeSpec, PanelSpec, ProcessSpec};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::Framework;
use serde::Serialize;

/// Stage and panel scores of a competition are rounded to this many
/// decimals unless `decimals` says otherwise (a mid-term round follows the
/// framework).
pub const COMPETITION_DECIMALS: u32 = 2;
/// More decimals than this are clamped (f64 holds about 15 significant
/// digits).
pub const MAX_DECIMALS: u32 = 12;

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
    /// The stage called `name`: its id, Chinese name or English name.
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

/// Problems of `[process]`, located in the round file by key path.
struct Problems<'a> {
    file: &'a str,
    diags: &'a mut Diagnostics,
}

impl Problems<'_> {
    /// An error at `key` about `value`.
    fn error(&mut self, key: impl Into<String>, value: impl Into<String>, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(self.file, msg).column(key).value(value));
    }

    /// An error that is a consequence of a framework entry left out, when
    /// one of `entries` was (see `diag::prerequisite`).
    fn error_after(
        &mut self,
        key: impl Into<String>,
        value: impl Into<String>,
        msg: impl Into<String>,
        entries: &[&str],
    ) {
        let d = Diagnostic::error(self.file, msg)
            .column(key)
            .value(value)
            .after(self.diags, entries);
        self.diags.push(d);
    }
}

/// Check `[process]` against the framework; problems go to `diags`, located
/// at `file` with a key path.
pub fn resolve(spec: &ProcessSpec, fw: &Framework, file: &str, diags: &mut Diagnostics) -> Process {
    let mut problems = Problems { file, diags };
    let gates = gates::resolve(spec, fw, &mut problems);
    let stages = stages::resolve(spec, &mut problems);
    limits::check(spec, &mut problems);
    panel::check(&spec.panel, &mut problems);
    let chain = ties::resolve(spec, fw, &stages, &mut problems);
    let grade_outcomes = outcomes::resolve(spec, fw, &mut problems);
    let decimals = spec.decimals.unwrap_or(match spec.kind {
        Kind::Midterm => fw.decimals,
        Kind::Competition => COMPETITION_DECIMALS,
    });
    Process {
        kind: spec.kind,
        gates,
        stages,
        quota: spec.quota,
        min_score: spec.min_score,
        caps: spec.caps.iter().map(|(k, v)| (k.clone(), *v)).collect(),
        chain,
        decimals: decimals.min(MAX_DECIMALS),
        panel: spec.panel.clone(),
        top_grade_share: spec.top_grade_share,
        outcomes: spec.outcomes.clone(),
        grade_outcomes,
    }
}

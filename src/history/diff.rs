//! `diff OUT_A OUT_B`: what changed between two runs of a round and why.
//!
//! Both runs are re-made from their archives (`archive::Run`), so a diff
//! works after the files were corrected or overwritten. It gives:
//!
//! - the changed inputs, cell by cell, and the changed settings of the
//!   indicator file and round.toml, key by key (`archive::cells`);
//! - for every cluster scored in both runs, its change in total split into
//!   its own changed values, cohort effects and framework changes, by
//!   indicator (`decompose`), adding up to the change in total;
//! - the changes of rank, grade, status and outcome, and the clusters new
//!   to B or gone from it.
//!
//! Nothing is written here: `history::diff_out` renders the text, CSV and
//! HTML, and the command decides the exit code from `RunDiff::decided_differently`.

use super::decompose::{self, Decomposition, Parts, Side};
use crate::archive::cells::{self, CellChange};
use crate::archive::Run;
use crate::audit::RoundResult;
use crate::diag::{Error, Result};
use crate::pipeline::{self, Options};
use serde::Serialize;
use std::collections::BTreeMap;
use std::path::Path;

/// One run as the diff names it.
#[derive(Debug, Clone, Serialize)]
pub struct RunLabel {
    /// The run id (its archived manifest).
    pub id: String,
    /// What the user gave (an output folder or an archived manifest).
    pub path: String,
    pub round_id: String,
}

/// Where a cluster stands in one run.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Standing {
    pub total: Option<f64>,
    pub rank: Option<usize>,
    /// Grade id and names.
    pub grade: Option<(String, String, String)>,
    /// Status of the process (selected, pass...), English and Chinese.
    pub status: Option<(String, String)>,
    /// Outcome of dynamic management, English and Chinese.
    pub outcome: Option<(String, String)>,
}

/// One cluster between the two runs.
#[derive(Debug, Clone, Serialize)]
pub struct ClusterDiff {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    /// None: not in run A (new) or not in run B (gone).
    pub before: Option<Standing>,
    pub after: Option<Standing>,
    /// The parts of its change in total (scored in both runs).
    pub parts: Option<Parts>,
}

impl ClusterDiff {
    /// Rank, grade, status or outcome differ, or it is new or gone.
    pub fn decided_differently(&self) -> bool {
        match (&self.before, &self.after) {
            (Some(a), Some(b)) => {
                a.rank != b.rank
                    || a.grade.as_ref().map(|g| &g.0) != b.grade.as_ref().map(|g| &g.0)
                    || a.status != b.status
                    || a.outcome != b.outcome
            }
            _ => true,
        }
    }

    /// The change in total (scored in both).
    pub fn change(&self) -> Option<f64> {
        match (&self.before, &self.after) {
            (Some(a), Some(b)) => Some(b.total? - a.total?),
            _ => None,
        }
    }
}

/// Everything `diff` reports.
#[derive(Debug, Clone, Serialize)]
pub struct RunDiff {
    pub a: RunLabel,
    pub b: RunLabel,
    /// Changed cells, rows, settings and files, inputs of either run.
    pub inputs: Vec<CellChange>,
    /// How the decomposition was taken (None when it could not be).
    pub order: Option<decompose::Order>,
    /// Why there is no decomposition.
    pub no_decomposition: Option<String>,
    /// Nodes that do not add up points: the indicators' parts do not add
    /// up to a cluster's parts (`decompose::Decomposition`).
    pub non_additive: Vec<String>,
    /// Every cluster of either run: A's ranking order, then B's new ones.
    pub clusters: Vec<ClusterDiff>,
    /// Indicator id → (Chinese, English) name, of either framework.
    pub indicator_names: BTreeMap<String, (String, String)>,
}

impl RunDiff {
    /// Any rank or decision changed (the exit code of `diff`).
    pub fn decided_differently(&self) -> bool {
        self.clusters.iter().any(ClusterDiff::decided_differently)
    }
}

/// Standing of every cluster of a result, by id.
fn standings(r: &RoundResult) -> BTreeMap<String, Standing> {
    let mut out = BTreeMap::new();
    for c in &r.clusters {
        out.insert(
            c.cluster_id.clone(),
            Standing {
                total: Some(c.total),
                rank: Some(c.rank),
                grade: c
                    .grade
                    .as_ref()
                    .map(|g| (g.id.clone(), g.name_zh.clone(), g.name_en.clone())),
                status: None,
                outcome: None,
            },
        );
    }
    if let Some(p) = &r.process {
        for d in &p.decisions {
            let s = out.entry(d.cluster_id.clone()).or_insert(Standing {
                total: None,
                rank: None,
                grade: None,
                status: None,
                outcome: None,
            });
            s.status = Some((d.status.clone(), d.status_zh.clone()));
            s.outcome = d
                .outcome
                .clone()
                .map(|o| (o, d.outcome_zh.clone().unwrap_or_default()));
            s.grade = d
                .grade
                .as_ref()
                .map(|g| (g.id.clone(), g.name_zh.clone(), g.name_en.clone()));
            if d.rank.is_some() {
                s.rank = d.rank;
            }
        }
    }
    out
}

/// Names of every cluster of a result, in its order (ranking, then the
/// decisions of clusters not ranked).
fn names(r: &RoundResult) -> Vec<(String, String, String)> {
    let mut out: Vec<(String, String, String)> = r
        .clusters
        .iter()
        .map(|c| (c.cluster_id.clone(), c.name_zh.clone(), c.name_en.clone()))
        .collect();
    if let Some(p) = &r.process {
        for d in &p.decisions {
            if !out.iter().any(|(id, _, _)| *id == d.cluster_id) {
                out.push((d.cluster_id.clone(), d.name_zh.clone(), d.name_en.clone()));
            }
        }
    }
    out
}

fn label(run: &Run, path: &Path, r: &RoundResult) -> RunLabel {
    RunLabel {
        id: run.id.clone(),
        path: path.display().to_string(),
        round_id: r.round.id.clone(),
    }
}

/// The changed inputs between two runs: cells of files both read, files
/// only one read.
fn changed_inputs(a: &Run, b: &Run) -> Result<Vec<CellChange>> {
    let (arch_a, arch_b) = (a.archive()?, b.archive()?);
    let mut out = Vec::new();
    for da in &a.manifest.inputs {
        match b.manifest.inputs.iter().find(|d| d.path == da.path) {
            Some(db) if db.sha256 == da.sha256 => {}
            Some(db) => out.extend(cells::diff_file(
                &da.path,
                &arch_a.read(da)?,
                &arch_b.read(db)?,
            )),
            None => out.push(CellChange::file_removed(&da.path)),
        }
    }
    for db in &b.manifest.inputs {
        if !a.manifest.inputs.iter().any(|d| d.path == db.path) {
            out.push(CellChange::file_added(&db.path));
        }
    }
    Ok(out)
}

/// Compare run A (`path_a`) with run B (`path_b`).
pub fn diff(path_a: &Path, path_b: &Path) -> Result<RunDiff> {
    let (run_a, run_b) = (Run::open(path_a)?, Run::open(path_b)?);
    let inputs = changed_inputs(&run_a, &run_b)?;
    let (ma, mb) = (run_a.materialize()?, run_b.materialize()?);
    let (ra, rb) = (evaluate(&ma)?, evaluate(&mb)?);
    let b = Side {
        round_dir: &mb.round_dir,
        framework: &mb.framework_file,
    };
    Ok(compare(
        (&run_a, path_a, &ma, &ra),
        (label(&run_b, path_b, &rb), &b, &rb),
        inputs,
    ))
}

/// Compare run A (`path_a`, re-made from its archive) with a result just
/// made from the round on disk (`run --supersedes`): its inputs are read
/// from where the run read them.
pub fn against(path_a: &Path, rb: &RoundResult) -> Result<RunDiff> {
    let run_a = Run::open(path_a)?;
    let arch_a = run_a.archive()?;
    let src = &rb.sources;
    let mut inputs = Vec::new();
    let mut seen = Vec::new();
    for f in &src.files {
        let label = crate::report::manifest::relative(f, &src.round_dir);
        if seen.contains(&label) {
            continue;
        }
        let now = std::fs::read(f).map_err(|e| Error::io(f.display().to_string(), e))?;
        match run_a.manifest.inputs.iter().find(|d| d.path == label) {
            Some(da) if da.sha256 == crate::report::manifest::sha256_hex(&now) => {}
            Some(da) => inputs.extend(cells::diff_file(&label, &arch_a.read(da)?, &now)),
            None => inputs.push(CellChange::file_added(&label)),
        }
        seen.push(label);
    }
    for da in &run_a.manifest.inputs {
        if !seen.contains(&da.path) {
            inputs.push(CellChange::file_removed(&da.path));
        }
    }
    let ma = run_a.materialize()?;
    let ra = evaluate(&ma)?;
    let b = Side {
        round_dir: &src.round_dir,
        framework: &src.framework,
    };
    let label_b = RunLabel {
        id: String::new(),
        path: src.round_dir.display().to_string(),
        round_id: rb.round.id.clone(),
    };
    Ok(compare(
        (&run_a, path_a, &ma, &ra),
        (label_b, &b, rb),
        inputs,
    ))
}

/// A re-made run's result (no rectification list: a diff does not show it).
fn evaluate(m: &crate::archive::Materialized) -> Result<RoundResult> {
    pipeline::evaluate(
        &m.round_dir,
        &Options {
            framework: m.framework.as_deref(),
            rectification: false,
            ..Options::default()
        },
    )
}

/// Run A's parts.
type SideA<'a> = (
    &'a Run,
    &'a Path,
    &'a crate::archive::Materialized,
    &'a RoundResult,
);

/// The diff of two results, with the decomposition of their rounds.
fn compare(
    (run_a, path_a, ma, ra): SideA,
    (label_b, b, rb): (RunLabel, &Side, &RoundResult),
    inputs: Vec<CellChange>,
) -> RunDiff {
    let decomposition: std::result::Result<Decomposition, String> = decompose::decompose(
        &Side {
            round_dir: &ma.round_dir,
            framework: &ma.framework_file,
        },
        b,
    )
    .map_err(|e| match e {
        Error::Invalid(d) => d
            .errors()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("; "),
        other => other.to_string(),
    });
    let (sa, sb) = (standings(ra), standings(rb));
    let mut order = names(ra);
    for n in names(rb) {
        if !order.iter().any(|(id, _, _)| *id == n.0) {
            order.push(n);
        }
    }
    let parts = decomposition.as_ref().ok().map(|d| &d.clusters);
    let clusters = order
        .into_iter()
        .map(|(id, name_zh, name_en)| ClusterDiff {
            before: sa.get(&id).cloned(),
            after: sb.get(&id).cloned(),
            parts: parts.and_then(|p| p.get(&id)).cloned(),
            id,
            name_zh,
            name_en,
        })
        .collect();
    let mut indicator_names = BTreeMap::new();
    for r in [rb, ra] {
        for i in &r.indicators {
            indicator_names.insert(i.id.clone(), (i.name_zh.clone(), i.name_en.clone()));
        }
    }
    RunDiff {
        a: label(run_a, path_a, ra),
        b: label_b,
        inputs,
        order: decomposition.as_ref().ok().map(|d| d.order),
        non_additive: decomposition
            .as_ref()
            .map(|d| d.non_additive.clone())
            .unwrap_or_default(),
        no_decomposition: decomposition.err(),
        clusters,
        indicator_names,
    }
}

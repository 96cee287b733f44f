//! Process inputs: expert panels (评审专家), their scores, declared conflicts
//! of interest (回避), earlier rounds' grades (history) and exit flags.
//!
//! `reviewers.csv`: id, name, employer, city, tracks (separated by `;`, `；`,
//! `、` or `|`; `*` or 全部 for every track). `reviews.csv`: reviewer,
//! cluster, stage, criterion (optional when the stage has one criterion),
//! score. `conflicts.csv`: reviewer, cluster, reason. `history.csv`: cluster,
//! year, grade, outcome. `flags.csv`: cluster, flag, note. Headers may be
//! Chinese or English (`columns` declares them). Every row is checked here,
//! against the registry and the resolved process: unknown reviewer,
//! cluster, stage, criterion, grade or flag, a score that is not a number or
//! out of the criterion's range, a reviewer scoring outside their track,
//! duplicate rows and incomplete score sheets are located errors; when
//! reviewers.csv cannot be read, the reviews are not checked against it
//! row by row (one line says how many were not). The earlier rounds'
//! outputs named in `[history]` give history entries too (`earlier`).
//! Files are read with
//! ingest's table reader; nothing here scores.

mod columns;
mod earlier;
mod history;
mod reviewers;
mod reviews;

pub use history::parse_outcome;

use super::Process;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::table::{Row, Table};
use crate::ingest::{InputFile, Inputs, Rejection, Round};
use columns::{role, CONFLICTS_CSV, FLAGS_CSV, HISTORY_CSV, REVIEWERS_CSV, REVIEWS_CSV};
use serde::Serialize;
use std::path::PathBuf;

/// An expert reviewer.
#[derive(Debug, Clone, Serialize)]
pub struct Reviewer {
    pub id: String,
    pub name: String,
    pub employer: String,
    pub city: String,
    /// Tracks the reviewer sits on; empty means every track.
    pub tracks: Vec<String>,
}

impl Reviewer {
    pub fn sits_on(&self, track: &str) -> bool {
        self.tracks.is_empty() || self.tracks.iter().any(|t| t == track)
    }
}

/// Where a row came from.
#[derive(Debug, Clone, Serialize)]
pub struct Located {
    pub file: String,
    pub row: usize,
}

impl Located {
    fn at(table: &Table, row: &Row) -> Self {
        Located {
            file: table.file.clone(),
            row: row.line,
        }
    }
}

/// One score of one reviewer for one cluster, stage and criterion.
#[derive(Debug, Clone, Serialize)]
pub struct Review {
    pub reviewer: usize,
    /// Registry index.
    pub cluster: usize,
    pub stage: usize,
    pub criterion: usize,
    pub score: f64,
    pub at: Located,
}

/// A declared conflict of interest.
#[derive(Debug, Clone, Serialize)]
pub struct Conflict {
    pub reviewer: usize,
    pub cluster: usize,
    pub reason: String,
    pub at: Located,
}

/// An earlier round's grade for a cluster.
#[derive(Debug, Clone, Serialize)]
pub struct HistoryEntry {
    pub cluster: usize,
    pub year: i32,
    /// Framework grade index.
    pub grade: usize,
    /// continue / rectify / warning / exit, when recorded.
    pub outcome: Option<String>,
    pub at: Located,
}

/// A current-round flag (e.g. fraud) that may mean exit at once.
#[derive(Debug, Clone, Serialize)]
pub struct Flag {
    pub cluster: usize,
    pub flag: String,
    pub note: String,
    pub at: Located,
}

/// Everything the process reads besides the indicators.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ProcessInputs {
    pub reviewers: Vec<Reviewer>,
    pub reviews: Vec<Review>,
    pub conflicts: Vec<Conflict>,
    pub history: Vec<HistoryEntry>,
    pub flags: Vec<Flag>,
    /// Rows of these files set aside by their layout (title rows, totals,
    /// notes), for rejections.csv.
    pub rejections: Vec<Rejection>,
}

/// The process inputs of `[inputs]` by key.
fn named(inputs: &Inputs) -> [(&'static str, &Option<InputFile>); 5] {
    [
        ("reviewers", &inputs.reviewers),
        ("reviews", &inputs.reviews),
        ("conflicts", &inputs.conflicts),
        ("history", &inputs.history),
        ("flags", &inputs.flags),
    ]
}

/// Without `[process]`, every process input named in `[inputs]` is an error.
pub(super) fn refuse_without_process(inputs: &Inputs, round_file: &str, diags: &mut Diagnostics) {
    for (key, input) in named(inputs) {
        if input.is_some() {
            diags.push(
                Diagnostic::error(
                    round_file,
                    "this input needs a [process] section in round.toml",
                )
                .column(format!("inputs.{key}")),
            );
        }
    }
}

/// Read the process inputs named in round.toml's `[inputs]`, each checked
/// against the registry and `process`; the files read are added to `files`
/// in the order of `[inputs]`' keys (reviewers, reviews, conflicts, history,
/// flags).
pub(super) fn read(
    round: &Round,
    process: &Process,
    round_file: &str,
    files: &mut Vec<PathBuf>,
    diags: &mut Diagnostics,
) -> ProcessInputs {
    let inputs = &round.inputs;
    let registry = &round.registry;
    let mut out = ProcessInputs::default();
    let mut rejections = Vec::new();
    let mut table = |input: &Option<InputFile>, cols: &[columns::Col], diags: &mut Diagnostics| {
        let t = input
            .as_ref()?
            .read_table(&round.dir, files, &role(cols), diags)?;
        rejections.extend(t.set_aside.iter().cloned());
        Some(t)
    };
    if let Some(t) = table(&inputs.reviewers, REVIEWERS_CSV, diags) {
        out.reviewers = reviewers::read_reviewers(&t, registry, diags);
    }
    if out.reviewers.is_empty() {
        let cause = match &inputs.reviewers {
            Some(f) => format!(
                "the reviewers file {} could not be read or lists no reviewer",
                round.dir.join(f.path()).display()
            ),
            None => "no reviewers file is listed (inputs.reviewers)".to_string(),
        };
        diags.prerequisite_failed(crate::diag::prerequisite::REVIEWERS, cause);
    }
    if let Some(t) = table(&inputs.reviews, REVIEWS_CSV, diags) {
        out.reviews = reviews::read_reviews(&t, process, &out.reviewers, registry, diags);
    }
    if let Some(t) = table(&inputs.conflicts, CONFLICTS_CSV, diags) {
        out.conflicts = reviewers::read_conflicts(&t, &out.reviewers, registry, diags);
    }
    if let Some(t) = table(&inputs.history, HISTORY_CSV, diags) {
        out.history = history::read_history(
            &t,
            &round.framework,
            registry,
            round.spec.current_year,
            diags,
        );
    }
    let from_outputs = earlier::history_of(round, diags);
    out.history = earlier::merge(round, from_outputs, std::mem::take(&mut out.history), diags);
    if let Some(t) = table(&inputs.flags, FLAGS_CSV, diags) {
        out.flags = history::read_flags(&t, process, registry, diags);
    }
    out.rejections = rejections;
    check_panel_inputs(inputs, process, round_file, diags);
    out
}

/// A process with a panel stage needs reviewers and reviews; reviews need a
/// panel stage.
fn check_panel_inputs(
    inputs: &Inputs,
    process: &Process,
    round_file: &str,
    diags: &mut Diagnostics,
) {
    let has_panel = process.stages.iter().any(|s| s.has_panel());
    if has_panel && (inputs.reviewers.is_none() || inputs.reviews.is_none()) {
        diags.push(
            Diagnostic::error(
                round_file,
                "the process has an expert-panel stage: inputs.reviewers and inputs.reviews are required",
            )
            .column("inputs"),
        );
    }
    if inputs.reviews.is_some() && !has_panel {
        diags.push(
            Diagnostic::error(
                round_file,
                "reviews are given but no stage of the process has a panel term",
            )
            .column("inputs.reviews"),
        );
    }
}

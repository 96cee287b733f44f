//! The change log of a run that supersedes an earlier one (`run
//! --supersedes`): what changed since that run and why, as the report
//! shows it, in both languages. `history::diff` computes it (inputs cell by
//! cell; every cluster's change in total split into own values, cohort
//! effects and framework changes) and words it; the reports lay it out.

use serde::Serialize;

/// The change log in one language: lines and one table.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChangeText {
    /// What the log is (superseded run, how the parts are taken).
    pub intro: Vec<String>,
    /// The changed inputs, one line each (the first few, then a count).
    pub inputs: Vec<String>,
    pub header: Vec<String>,
    /// One row per cluster whose total or decision changed.
    pub rows: Vec<Vec<String>>,
    /// Rows whose rank or decision changed (indices into `rows`).
    pub decided: Vec<usize>,
    /// The closing lines (the parts add up; how many decisions changed).
    pub closing: Vec<String>,
}

/// The change log, both languages.
#[derive(Debug, Clone, Serialize, PartialEq)]
pub struct ChangeLog {
    /// The run this one supersedes.
    pub superseded_run: String,
    pub zh: ChangeText,
    pub en: ChangeText,
}

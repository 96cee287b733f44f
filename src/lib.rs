//! cluster-eval: a scoring engine for the evaluation of advanced
//! manufacturing clusters (先进制造业集群评价).
//!
//! `pipeline` is the whole run in one place: load → rosters → quality →
//! gates → weights → score → rank → process → compare → robustness →
//! result; each arrow is one call into the module that owns the stage.
//! Reports are views of the one result (`audit::RoundResult`). The command
//! line (clap, printing, exit codes) lives in the binary, `src/main.rs` and
//! `src/cmd/`; this library never prints.
//!
//! The modules in layers: each uses only layers below its own
//! (`tests/architecture.rs` checks this against the code, so the diagram
//! stays true):
//!
//! ```text
//! 12 history — what changed between two runs; the rounds of a series
//! 11 archive — runs kept by content and re-opened; changed cells
//! 10 pipeline — the stages in order, from a round folder to the result
//! 9 report — CSV, JSON, Markdown, HTML, XLSX, PDF and Word views of the result;
//!   explain; the message catalogue; manifest;
//!   the submission template
//! 8 audit — the one result structure: every number traced to its cells
//! 7 whatif — what it would take: the gap to a target, by re-deciding the round
//! 6 process compare robust analysis — competition process; other methods;
//!   robustness; the statistical audit (statistics, correlations, PCA)
//! 5 rank — competition ranks, tie-breaks, grades; the re-aggregation model
//! 4 weighting — objective weights resolved on the scored cohort
//! 3 score roster quality — the pure scoring kernel; enterprise rosters;
//!   plausibility checks of the submissions
//! 2 ingest — round folder, tables (CSV/XLSX), numbers, units, ids, submissions
//! 1 framework — the indicator system as data, resolved and checked
//! 0 diag rng maths — located problems; random numbers; pure maths
//! ```

pub mod analysis;
pub mod archive;
pub mod audit;
pub mod compare;
pub mod diag;
pub mod framework;
pub mod history;
pub mod ingest;
pub mod maths;
pub mod pipeline;
pub mod process;
pub mod quality;
pub mod rank;
pub mod report;
pub mod rng;
pub mod robust;
pub mod roster;
pub mod score;
pub mod weighting;
pub mod whatif;

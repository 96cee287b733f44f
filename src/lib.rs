//! cluster-eval: a scoring engine for the evaluation of advanced
//! manufacturing clusters (先进制造业集群评价).
//!
//! The pipeline, one module per stage: `framework` (the indicator system as
//! data) -> `ingest` (round folder, located errors) -> `roster` (enterprise
//! rosters: code checks, duplicates, derived fields) -> `score` (pure kernel
//! on dense matrices) -> `rank` (ties, tie-breaks, grades) -> `audit` (the
//! one result structure, traceable to every submitted cell) -> `report`
//! (CSV, JSON, Markdown). `cmd` holds the subcommands; `diag` the located
//! problems every stage reports.

pub mod audit;
pub mod cmd;
pub mod compare;
pub mod diag;
pub mod framework;
pub mod ingest;
pub mod process;
pub mod rank;
pub mod report;
pub mod rng;
pub mod robust;
pub mod roster;
pub mod score;
pub mod weighting;

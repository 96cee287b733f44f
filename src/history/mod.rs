//! A round over its life: what changed between two runs of it, and how
//! its clusters moved across the rounds of a series.
//!
//! - `decompose`: a cluster's change in total between two runs split into
//!   its own changed values, cohort effects and framework changes, by
//!   indicator, adding up exactly;
//! - `diff`: two archived runs compared (changed cells and settings, the
//!   decomposition, changes of rank, grade, status and outcome);
//!   `diff_out` renders it as text, CSV and HTML;
//! - `series` compares the runs of several years (`compare-rounds`): rank
//!   and score movement, indicator trends (`trends`), clusters entering
//!   and leaving; optionally on one scale (`pooled` normalisation bounds)
//!   and with missing values filled from the cluster's own other years
//!   (`panel`); `series_out` renders it;
//! - `versions` scores one round under two frameworks (`compare
//!   --framework A --framework B`): score and rank differences per unit.
//!
//! Runs are re-made from their archives (`crate::archive`), so every
//! comparison works after the files on disk were corrected or replaced.

pub mod decompose;
pub mod diff;
pub mod diff_out;
pub mod panel;
pub mod pooled;
pub mod series;
pub mod series_out;
pub mod trends;
pub mod versions;

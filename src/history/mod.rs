//! History: what changed across rounds. `series` compares the runs of
//! several years (`compare-rounds`): rank and score movement, indicator
//! trends (`trends`), clusters entering and leaving; optionally on one
//! scale (`pooled` normalisation bounds) and with missing values filled
//! from the cluster's own other years (`panel`).

pub mod panel;
pub mod pooled;
pub mod series;
pub mod series_out;
pub mod trends;

//! Runs kept content-addressed and re-opened (issue 17). Until the
//! archive core lands here, this folder holds `cells`: what changed inside
//! an input file between two versions of it.

pub mod cells;

//! Issue #18's per-indicator methods: every normalisation and imputation
//! that COINr has, against COINr's own values on the ASEM case
//! (`coinr`), and each new rule, transform, imputation and screening
//! against numbers worked by hand on small rounds (`by_hand`).

mod by_hand;
mod coinr;
mod row_mean;
mod screening;

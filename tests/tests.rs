//! Integration tests: one binary, one file (or folder) per subcommand or
//! concern. Helpers: `workdir` (a temporary folder, running the binary),
//! `tolerance` (one `close`), `peers` (reference numbers from peer tools
//! and independent scripts, re-run when python3 is there).

mod aggregation;
mod analysis;
mod architecture;
mod archive;
mod asem;
mod audience;
mod browser;
mod cells;
mod charts;
mod check;
mod clerk_errors;
mod crashes;
mod diag_lang;
mod documents;
mod formats;
mod framework_precision;
mod fuzz;
mod general;
mod history;
mod hostile_settings;
mod lang;
mod layout;
mod mcdm;
mod messy;
mod methods;
mod mutate;
mod mutation;
mod notes;
mod output_dir;
mod peers;
mod process;
mod properties;
mod quality;
mod readme;
mod reports;
mod robustness;
mod roster;
mod run;
mod series;
mod sizes;
mod story;
mod strict;
mod template;
mod tolerance;
mod trace;
mod treatment;
mod weighting;
mod weights18;
mod whatif;
mod workbook;
mod workdir;

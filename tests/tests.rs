//! Integration tests: one binary, one file per subcommand or concern.

mod asem;
mod check;
mod formats;
mod framework_precision;
mod mcdm;
mod process;
mod properties;
mod reports;
mod robustness;
mod roster;
mod run;
mod template;
mod tolerance;
mod workdir;

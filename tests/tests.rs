//! Integration tests: one binary, one file per subcommand or concern.

mod architecture;
mod asem;
mod check;
mod formats;
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

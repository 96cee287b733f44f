//! Integration tests: one binary, one file per subcommand or concern.

mod asem;
mod check;
mod formats;
mod process;
mod properties;
mod reports;
mod roster;
mod run;
mod template;
mod tolerance;
mod workdir;

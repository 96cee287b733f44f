//! Subcommands, one file each. Each takes its parsed options, calls the
//! pipeline stages in order and returns an exit status; printing to the
//! terminal happens here and nowhere in the stages.

pub mod check;
pub mod explain;
pub mod generate;
pub mod roster;
pub mod run;
pub mod sensitivity;
pub mod template;
pub mod verify;

use std::path::{Path, PathBuf};

/// The sample round used when `run` or `check` is given no round.
pub const SAMPLE_ROUND: &str = "sample_data/hebei-2024-midterm";

/// The round folder to use: the one given, or the bundled sample (looked up
/// in the working directory, then beside the crate's sources).
pub fn round_dir(given: Option<&Path>) -> PathBuf {
    match given {
        Some(p) => p.to_path_buf(),
        None => {
            let local = PathBuf::from(SAMPLE_ROUND);
            if local.join("round.toml").exists() {
                local
            } else {
                Path::new(env!("CARGO_MANIFEST_DIR")).join(SAMPLE_ROUND)
            }
        }
    }
}

/// Exit status: success.
pub const OK: i32 = 0;
/// Exit status: the inputs have errors.
pub const INVALID: i32 = 1;
/// Exit status: the tool could not do its work (I/O and the like).
pub const FAILED: i32 = 2;

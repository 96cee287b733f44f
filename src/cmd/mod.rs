//! Subcommands, one file each. Each takes its parsed options, calls the
//! library (`cluster_eval::pipeline` and the stages) and returns how it
//! ended; printing to the terminal happens here and nowhere in the library,
//! and `exit_code` is the one place where an outcome or an error becomes
//! an exit status.
//!
//! Output goes through `outln!` / `out!` (standard output: a write that
//! fails, a closed pipe or a full disk, is an error the command returns,
//! never a panic) and `errln!` (standard error: a write that fails is
//! ignored, as there is nowhere left to say so; the exit status still
//! tells).

/// `println!` to standard output, returning `Result<(), Error>`.
macro_rules! outln {
    () => {
        $crate::cmd::write_out(format_args!("\n"))
    };
    ($($arg:tt)*) => {
        $crate::cmd::write_out(format_args!("{}\n", format_args!($($arg)*)))
    };
}

/// `print!` to standard output, returning `Result<(), Error>`.
macro_rules! out {
    ($($arg:tt)*) => {
        $crate::cmd::write_out(format_args!($($arg)*))
    };
}

/// `eprintln!` whose failure is ignored instead of a panic.
macro_rules! errln {
    ($($arg:tt)*) => {
        $crate::cmd::write_err(format_args!("{}\n", format_args!($($arg)*)))
    };
}

pub mod audit;
pub mod check;
pub mod compare;
pub mod compare_rounds;
pub mod diff;
pub mod explain;
pub mod generate;
pub mod progress_bar;
pub mod roster;
pub mod run;
pub mod sensitivity;
pub mod template;
pub mod verify;
pub mod whatif;

use cluster_eval::diag::{Diagnostics, Error};
use std::io::Write;
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

/// How a command ended when it could do its work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked was done (exit 0).
    Done,
    /// The command found problems in the inputs and has reported them
    /// itself (exit 1).
    ProblemsFound,
    /// `diff`: a rank or a decision changed between the two runs (exit 3).
    Changed,
}

/// Exit status: success.
pub const OK: i32 = 0;
/// Exit status of `diff`: a rank or decision changed between the runs.
pub const CHANGED: i32 = 3;
/// Exit status: the inputs have errors.
pub const INVALID: i32 = 1;
/// Exit status: the tool could not do its work (I/O and the like).
pub const FAILED: i32 = 2;
/// Exit status: standard output was closed before everything was written
/// (`cluster-eval check | head -1`): nothing is printed, and the status is
/// the one a shell shows for a program ended by SIGPIPE (128 + 13).
pub const CLOSED_PIPE: i32 = 141;

/// Write to standard output and flush, an error returned.
pub fn write_out(args: std::fmt::Arguments) -> Result<(), Error> {
    let mut out = std::io::stdout().lock();
    out.write_fmt(args)
        .and_then(|()| out.flush())
        .map_err(|e| Error::io("standard output", e))
}

/// Write to standard error; a failure is ignored (see the module header).
pub fn write_err(args: std::fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// The exit status of a command, printing its error (if any) to standard
/// error: problems in the inputs (every diagnostic, then what was refused)
/// and requests the inputs cannot answer exit 1; anything that kept the
/// tool from doing its work exits 2; a closed pipe on standard output
/// exits 141 quietly.
pub fn exit_code(result: Result<Outcome, Error>) -> i32 {
    match result {
        Ok(Outcome::Done) => OK,
        Ok(Outcome::ProblemsFound) => INVALID,
        Ok(Outcome::Changed) => CHANGED,
        Err(Error::Io { source, .. }) if source.kind() == std::io::ErrorKind::BrokenPipe => {
            CLOSED_PIPE
        }
        Err(Error::Invalid(diags)) => {
            print_refusal(&diags);
            INVALID
        }
        Err(e) => {
            errln!("error: {e}");
            match e {
                Error::Rejected(_) => INVALID,
                _ => FAILED,
            }
        }
    }
}

/// Every diagnostic, then the refusal.
fn print_refusal(diags: &Diagnostics) {
    for d in diags.in_reading_order() {
        errln!("{d}");
    }
    errln!("refused: {}; nothing was written", check::counts(diags));
}

//! `diff A B [--out DIR] [--lang zh|en]`: what changed between two runs
//! (`cluster_eval::history::diff`), printed in one language; with `--out`,
//! the CSV files and the page written into a fresh folder. Exit 0 when no
//! rank or decision changed, 3 when one did.

use super::Outcome;
use cluster_eval::diag::Error;
use cluster_eval::history::{diff, diff_out};
use cluster_eval::report::{self, Lang, OutputDir};
use std::path::Path;

pub fn execute(a: &Path, b: &Path, out: Option<&Path>, lang: Lang) -> Result<Outcome, Error> {
    let d = diff::diff(a, b)?;
    if let Some(out) = out {
        let files = diff_out::files(&d, lang)?;
        // Never into run B's output folder (nor among its inputs).
        let target = OutputDir::prepare(out, b, &[], false)?;
        report::write_all(&target, &files, &[])?;
    }
    outln!("{}", diff_out::text(&d, lang).trim_end())?;
    Ok(if d.decided_differently() {
        Outcome::Changed
    } else {
        Outcome::Done
    })
}

//! `verify`: does a run still reproduce, byte for byte, from what was
//! kept of it?
//!
//! A run with an archive (its manifest names one): every input is read
//! back from the archive, which checks that its object is there and still
//! hashes to its name (a missing or edited object is a problem naming the
//! object and the input, and nothing is re-run). Every input whose file on
//! disk now differs from the run's is named with the cells that changed
//! (archived bytes against the file now, `cells`): information, not a
//! failure, since the re-run does not read it. The round is then re-run
//! from the archived inputs in a temporary folder and every output
//! compared: with the output folder's file and the manifest's digest when
//! verifying an output folder (an edited, missing or differing output is
//! named), with the manifest's digests only when verifying an archived
//! manifest (`<archive>/runs/<id>.json`, whose output folder may have been
//! overwritten since). A run from before the archive existed is re-run
//! from the round folder on disk, which must be as it was: a changed or
//! missing input is a problem, named with its changed cells when the
//! earlier version is not at hand (its digest only).
//!
//! The re-run itself (pipeline and rendering, with the run's recorded
//! language and audience) is the caller's: a function from a round folder
//! and a framework override to the output files.

use super::cells::{self, CellChange};
use super::Run;
use crate::diag::Error;
use crate::report::manifest::{self, Manifest};
use crate::report::OutputFile;
use std::path::{Component, Path, PathBuf};

/// The re-run: (round folder, `--framework` override) to output files.
pub type Render<'a> = &'a dyn Fn(&Path, Option<&Path>) -> Result<Vec<OutputFile>, Error>;

/// An input whose file on disk is not the run's.
#[derive(Debug)]
pub struct ChangedInput {
    /// The input as the manifest names it (relative to the round folder).
    pub label: String,
    /// Where it was read from when the run was made.
    pub on_disk: PathBuf,
    /// The cells that changed (empty: gone, or no cell changed).
    pub changes: Vec<CellChange>,
    /// The file is no longer there.
    pub missing: bool,
}

/// Where the outputs were re-made from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// The run's archive.
    Archive,
    /// The round folder on disk (a run from before the archive).
    RoundFolder,
}

/// What `verify` found.
#[derive(Debug)]
pub struct Verified {
    pub source: Source,
    /// The run's id (None: a run from before the archive).
    pub run_id: Option<String>,
    /// Inputs that changed on disk since the run (information when the
    /// round is re-run from the archive).
    pub changed_inputs: Vec<ChangedInput>,
    /// Each makes verification fail.
    pub problems: Vec<String>,
}

/// Verify the run at `path`: an output folder or an archived manifest.
pub fn verify(path: &Path, render: Render) -> Result<Verified, Error> {
    let run = Run::open(path)?;
    // An output folder whose manifest names no archive: a run from before
    // runs were archived.
    let archive = match (&run.archive, &run.out) {
        (Some(a), Some(_)) if run.manifest.archive.is_some() => a,
        (_, Some(out)) => return legacy(out, &run.manifest, render),
        (_, None) => run.archive()?,
    };
    let mut found = Verified {
        source: Source::Archive,
        run_id: Some(run.id.clone()),
        changed_inputs: Vec::new(),
        problems: Vec::new(),
    };
    for input in &run.manifest.inputs {
        match archive.read(input) {
            Ok(archived) => {
                let on_disk = run.input_on_disk(input);
                found.changed_inputs.extend(changed(
                    &input.path,
                    &on_disk,
                    &archived,
                    &input.sha256,
                ));
            }
            Err(e) => found.problems.push(e.to_string()),
        }
    }
    if !found.problems.is_empty() {
        return Ok(found);
    }
    let m = run.materialize()?;
    let files = match render(&m.round_dir, m.framework.as_deref()) {
        Ok(files) => files,
        Err(Error::Invalid(d)) => {
            found.problems.extend(
                d.errors()
                    .map(|e| format!("the archived round no longer runs: {e}")),
            );
            return Ok(found);
        }
        Err(e) => return Err(e),
    };
    found.problems = compare(&run.manifest, &files, run.out.as_deref());
    Ok(found)
}

/// The input `label` if its file at `on_disk` is not the run's (`sha256`,
/// `archived` its bytes then).
fn changed(label: &str, on_disk: &Path, archived: &[u8], sha256: &str) -> Option<ChangedInput> {
    let input = |changes, missing| ChangedInput {
        label: label.to_string(),
        on_disk: tidy(on_disk),
        changes,
        missing,
    };
    match std::fs::read(on_disk) {
        Ok(now) if manifest::sha256_hex(&now) == sha256 => None,
        Ok(now) => Some(input(cells::diff_file(label, archived, &now), false)),
        Err(_) => Some(input(Vec::new(), true)),
    }
}

/// A path as a person reads it: `o/../round/a.csv` is `round/a.csv`
/// (lexically; a `..` after nothing to undo is kept).
pub fn tidy(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir
                if matches!(out.components().next_back(), Some(Component::Normal(_))) =>
            {
                out.pop();
            }
            c => out.push(c.as_os_str()),
        }
    }
    if out.as_os_str().is_empty() {
        out.push(".");
    }
    out
}

/// Every output of a re-run against the manifest, and against the output
/// folder `out` when there is one; the problems found.
fn compare(m: &Manifest, files: &[OutputFile], out: Option<&Path>) -> Vec<String> {
    let mut problems = Vec::new();
    for f in files.iter().filter(|f| f.name != "manifest.json") {
        let Some(listed) = m.outputs.iter().find(|o| o.path == f.name) else {
            problems.push(format!("output not in the manifest: {}", f.name));
            continue;
        };
        let rerun = manifest::sha256_hex(&f.bytes);
        match out {
            Some(out) => match std::fs::read(out.join(&f.name)) {
                Err(_) => problems.push(format!(
                    "output missing: {} (not in {})",
                    f.name,
                    out.display()
                )),
                Ok(bytes) if manifest::sha256_hex(&bytes) != listed.sha256 => {
                    problems.push(format!(
                        "output edited since the run: {} (its sha256 differs from the manifest)",
                        f.name
                    ))
                }
                Ok(bytes) if bytes != f.bytes => problems.push(format!(
                    "output differs from a re-run: {} (same inputs, different bytes)",
                    f.name
                )),
                Ok(_) => {}
            },
            None if rerun != listed.sha256 => problems.push(format!(
                "output differs from a re-run: {} (sha256 {} in the manifest, {} re-run)",
                f.name, listed.sha256, rerun
            )),
            None => {}
        }
    }
    for o in &m.outputs {
        if !files.iter().any(|f| f.name == o.path) {
            problems.push(format!(
                "output in the manifest but not produced by a re-run: {}",
                o.path
            ));
        }
    }
    problems
}

/// A run from before the archive: re-run from the round folder on disk,
/// which must hold the inputs as they were.
fn legacy(out: &Path, m: &Manifest, render: Render) -> Result<Verified, Error> {
    let mut found = Verified {
        source: Source::RoundFolder,
        run_id: None,
        changed_inputs: Vec::new(),
        problems: Vec::new(),
    };
    let round_dir = out.join(&m.round);
    for input in &m.inputs {
        let p = tidy(&round_dir.join(&input.path));
        match std::fs::read(&p) {
            Ok(bytes) => {
                let now = manifest::sha256_hex(&bytes);
                if now != input.sha256 {
                    found.problems.push(format!(
                        "input changed since the run: {} (sha256 {} in the manifest, {} now; the run has no archive, so its inputs cannot be restored)",
                        p.display(),
                        input.sha256,
                        now
                    ));
                }
            }
            Err(e) => found
                .problems
                .push(format!("input missing: {} ({e})", p.display())),
        }
    }
    if !found.problems.is_empty() {
        return Ok(found);
    }
    let framework = m.options.framework.as_ref().map(|f| out.join(f));
    let files = match render(&round_dir, framework.as_deref()) {
        Ok(f) => f,
        Err(Error::Invalid(d)) => {
            found
                .problems
                .extend(d.errors().map(|e| format!("the round no longer runs: {e}")));
            return Ok(found);
        }
        Err(e) => return Err(e),
    };
    found.problems = compare(m, &files, Some(out));
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_shown_without_detours() {
        let t = |s: &str| tidy(Path::new(s)).display().to_string();
        assert_eq!(t("o/../round/a.csv"), "round/a.csv");
        assert_eq!(t("./o/./../../x/a.csv"), "../x/a.csv");
        assert_eq!(t("/t/o/../r"), "/t/r");
        assert_eq!(t("o/.."), ".");
    }
}

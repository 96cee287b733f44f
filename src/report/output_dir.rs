//! The output folder: what the tool may write, replace and delete there,
//! decided before a single byte is written.
//!
//! The tool never touches a file it did not write. Every command that
//! writes a folder leaves in it a list of the files it wrote
//! (`.cluster-eval-outputs`, one name a line; for folders written before
//! that list existed, the outputs of their `manifest.json`). Before
//! writing, `OutputDir::prepare` refuses
//! - an output folder that is the round folder, or holds any input of the
//!   round (outputs would overwrite or mix with what the clusters sent);
//! - a folder holding anything the tool did not write, unless the user
//!   says `--force` (then those files are left as they are: never deleted,
//!   replaced only when an output has the same name).
//!
//! After writing, only files the tool wrote before and did not write this
//! time, among those the command may leave out (`optional`), are removed.

use crate::diag::{Error, Result};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// The list of files the tool wrote into a folder.
pub const LIST: &str = ".cluster-eval-outputs";

/// How many foreign names a refusal lists before "and N more".
const NAMES_SHOWN: usize = 8;

/// An output folder checked for writing.
#[derive(Debug, Clone)]
pub struct OutputDir {
    pub dir: PathBuf,
    /// Files the tool wrote there before (empty for a new folder).
    previous: BTreeSet<String>,
}

/// The path with every existing part resolved (links, `..`), for comparing
/// folders that may not exist yet.
fn resolved(p: &Path) -> PathBuf {
    if let Ok(c) = p.canonicalize() {
        return c;
    }
    let absolute = std::path::absolute(p).unwrap_or_else(|_| p.to_path_buf());
    let mut existing = absolute.as_path();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent;
            }
            _ => return absolute,
        }
    }
    let mut out = existing
        .canonicalize()
        .unwrap_or_else(|_| existing.to_path_buf());
    for name in rest.iter().rev() {
        out.push(name);
    }
    out
}

/// The files a folder says the tool wrote there.
fn written_before(dir: &Path) -> BTreeSet<String> {
    if let Ok(text) = std::fs::read_to_string(dir.join(LIST)) {
        return text
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
    }
    // A folder from a version without the list: its manifest's outputs.
    match super::manifest::Manifest::read(dir) {
        Ok(m) => m
            .outputs
            .into_iter()
            .map(|o| o.path)
            .chain(["manifest.json".to_string()])
            .collect(),
        Err(_) => BTreeSet::new(),
    }
}

/// A name the tool uses for a file it is writing (`.x.partial`).
fn is_partial(name: &str) -> bool {
    name.starts_with('.') && name.ends_with(".partial")
}

impl OutputDir {
    /// Check `dir` before writing outputs of the round in `round_dir`
    /// whose input files are `inputs`.
    pub fn prepare(dir: &Path, round_dir: &Path, inputs: &[PathBuf], force: bool) -> Result<Self> {
        let out = resolved(dir);
        if out == resolved(round_dir) {
            return Err(Error::Rejected(format!(
                "--out {} is the round folder: the outputs would be written among the inputs; choose another folder",
                dir.display()
            )));
        }
        if let Some(input) = inputs.iter().find(|i| resolved(i).starts_with(&out)) {
            return Err(Error::Rejected(format!(
                "--out {} holds an input of the round ({}): the outputs could overwrite it; choose a folder without inputs",
                dir.display(),
                input.display()
            )));
        }
        let previous = written_before(dir);
        let foreign = Self::foreign(dir, &previous)?;
        if !foreign.is_empty() && !force {
            let mut names: Vec<&str> = foreign
                .iter()
                .take(NAMES_SHOWN)
                .map(|s| s.as_str())
                .collect();
            if foreign.len() > NAMES_SHOWN {
                names.push("…");
            }
            return Err(Error::Rejected(format!(
                "--out {} holds {} file(s) cluster-eval did not write ({}); choose an empty or new folder, or give --force to write beside them (they are left as they are unless an output has the same name)",
                dir.display(),
                foreign.len(),
                names.join(", ")
            )));
        }
        Ok(OutputDir {
            dir: dir.to_path_buf(),
            previous,
        })
    }

    /// Entries of `dir` the tool did not write (sorted).
    fn foreign(dir: &Path, previous: &BTreeSet<String>) -> Result<Vec<String>> {
        let entries = match std::fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(vec![]),
            Err(e) => return Err(Error::io(dir.display().to_string(), e)),
        };
        let mut foreign = Vec::new();
        for entry in entries {
            let entry = entry.map_err(|e| Error::io(dir.display().to_string(), e))?;
            let name = entry.file_name().to_string_lossy().into_owned();
            if name != LIST && !is_partial(&name) && !previous.contains(&name) {
                foreign.push(name);
            }
        }
        foreign.sort();
        Ok(foreign)
    }

    /// The files written before that this write leaves out and that the
    /// command may leave out: the ones to remove.
    pub fn stale<'a>(
        &'a self,
        written: &'a BTreeSet<&'a str>,
        optional: &'a [&'a str],
    ) -> impl Iterator<Item = &'a str> + 'a {
        optional
            .iter()
            .copied()
            .filter(move |n| self.previous.contains(*n) && !written.contains(n))
    }

    /// The list to leave in the folder: what was there before, less what
    /// was removed, plus what was written.
    pub fn list_after(&self, written: &BTreeSet<&str>, removed: &[&str]) -> String {
        let mut names: BTreeSet<&str> = self.previous.iter().map(|s| s.as_str()).collect();
        names.retain(|n| !removed.contains(n));
        names.extend(written.iter().copied());
        names.into_iter().map(|n| format!("{n}\n")).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stale_files_are_only_previous_optional_ones() {
        let out = OutputDir {
            dir: PathBuf::from("o"),
            previous: ["ranking.csv", "rejections.csv", "decisions.csv"]
                .into_iter()
                .map(String::from)
                .collect(),
        };
        let written: BTreeSet<&str> = ["ranking.csv"].into_iter().collect();
        let optional = ["rejections.csv", "progress.csv"];
        let stale: Vec<&str> = out.stale(&written, &optional).collect();
        assert_eq!(stale, ["rejections.csv"]);
        assert_eq!(
            out.list_after(&written, &stale),
            "decisions.csv\nranking.csv\n"
        );
    }

    #[test]
    fn partial_names_are_the_tools_own() {
        assert!(is_partial(".ranking.csv.partial"));
        assert!(!is_partial("ranking.csv"));
    }
}

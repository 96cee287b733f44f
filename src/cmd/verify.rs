//! `verify OUT`: re-run a round from what its run kept and confirm that
//! every output is byte-identical (the logic: `cluster_eval::archive::verify`).
//!
//! `OUT` is an output folder or an archived manifest
//! (`<archive>/runs/<id>.json`). The inputs whose files changed on disk
//! since the run are named with their changed cells (information: the
//! re-run reads the archived copies); a missing or edited archived object,
//! and an edited, missing or differing output, is an error. A run from
//! before the archive is re-run from its round folder, as it is now. Exit
//! 0 when every output matches, 1 otherwise.

use super::Outcome;
use cluster_eval::archive::cells;
use cluster_eval::archive::verify::{self, Source, Verified};
use cluster_eval::diag::Error;
use cluster_eval::report::manifest::Manifest;
use cluster_eval::report::{manifest, Audience, Lang};
use std::path::Path;

/// Changed cells shown for each changed input before the rest is counted.
const SHOWN: usize = 20;

/// What verify found at `path`.
pub fn check(path: &Path) -> Result<Verified, Error> {
    let run = cluster_eval::archive::Run::open(path)?;
    // The run this one superseded (`run --supersedes`): its archived
    // manifest, relative to the output folder, or by its name in the same
    // archive when `path` is an archived manifest.
    let supersedes =
        run.manifest
            .options
            .supersedes
            .as_ref()
            .map(|s| match (&run.out, &run.archive) {
                (Some(out), _) => out.join(s),
                (None, Some(a)) => a
                    .dir
                    .join("runs")
                    .join(Path::new(s).file_name().unwrap_or_default()),
                (None, None) => Path::new(s).to_path_buf(),
            });
    let m = run.manifest;
    let lang = Lang::parse(&m.options.lang)
        .ok_or_else(|| Error::Rejected(format!("manifest: unknown lang {:?}", m.options.lang)))?;
    let audience = Audience::parse(&m.options.audience).ok_or_else(|| {
        Error::Rejected(format!(
            "manifest: unknown audience {:?}",
            m.options.audience
        ))
    })?;
    // The re-run's manifest is not compared: where it is written does not
    // matter.
    let render = |round: &Path, framework: Option<&Path>| {
        super::run::evaluate(
            round,
            framework,
            lang,
            path,
            audience,
            supersedes.as_deref(),
        )
    };
    verify::verify(path, &render)
}

pub fn execute(path: &Path) -> Result<Outcome, Error> {
    let found = check(path)?;
    for input in &found.changed_inputs {
        if input.missing {
            outln!(
                "note: input no longer on disk since the run: {} (the archived copy was used)",
                input.on_disk.display()
            )?;
            continue;
        }
        outln!(
            "note: input changed since the run: {} (the archived copy was used); {}:",
            input.on_disk.display(),
            match input.changes.len() {
                0 =>
                    "no cell or setting changed (only line ends, the encoding or the order of rows)"
                        .to_string(),
                1 => "1 change".to_string(),
                n => format!("{n} changes"),
            }
        )?;
        for line in cells::describe(&input.changes, SHOWN) {
            outln!("  {line}")?;
        }
    }
    if found.problems.is_empty() {
        let from = match (found.source, &found.run_id) {
            (Source::Archive, Some(id)) => format!("the archived inputs of run {id}"),
            _ => "its inputs".to_string(),
        };
        outln!(
            "verified: every output of {} is byte-identical to a re-run from {from}",
            path.display()
        )?;
        return Ok(Outcome::Done);
    }
    for p in &found.problems {
        errln!("error: {p}");
    }
    errln!("verification failed: {} problem(s)", found.problems.len());
    Ok(Outcome::ProblemsFound)
}

/// The inputs listed in the manifest that changed (or are gone) since the
/// run, each as a located sentence; empty when all are as they were.
pub fn changed_inputs(out: &Path, m: &Manifest) -> Vec<String> {
    let round_dir = out.join(&m.round);
    let mut problems = Vec::new();
    for input in &m.inputs {
        let p = round_dir.join(&input.path);
        match std::fs::read(&p) {
            Ok(bytes) => {
                let now = manifest::sha256_hex(&bytes);
                if now != input.sha256 {
                    problems.push(format!(
                        "input changed since the run: {} (sha256 {} in the manifest, {} now)",
                        p.display(),
                        input.sha256,
                        now
                    ));
                }
            }
            Err(e) => problems.push(format!("input missing: {} ({e})", p.display())),
        }
    }
    problems
}

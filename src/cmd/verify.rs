//! `verify <out-dir>`: re-run a round from its manifest and confirm that
//! every output is byte-identical.
//!
//! First every input listed in manifest.json is hashed again: if one
//! changed (or is gone) since the run, verify names it and stops, since a
//! re-run could not reproduce the outputs. Then the round is run again in
//! memory with the recorded options and each output is compared with the
//! file in the folder and with the manifest's digest; an edited, missing or
//! differing output is named. Exit 0 when all match, 1 otherwise.

use super::Outcome;
use cluster_eval::diag::Error;
use cluster_eval::report::manifest::{self, Manifest};
use cluster_eval::report::{Audience, Lang};
use std::path::Path;

/// The problems found (empty: verified).
pub fn check(out: &Path) -> Result<Vec<String>, Error> {
    let m = Manifest::read(out)?;
    let round_dir = out.join(&m.round);
    let mut problems = changed_inputs(out, &m);
    if !problems.is_empty() {
        return Ok(problems);
    }
    let lang = Lang::parse(&m.options.lang)
        .ok_or_else(|| Error::Rejected(format!("manifest: unknown lang {:?}", m.options.lang)))?;
    let audience = Audience::parse(&m.options.audience).ok_or_else(|| {
        Error::Rejected(format!(
            "manifest: unknown audience {:?}",
            m.options.audience
        ))
    })?;
    let framework = m.options.framework.as_ref().map(|f| out.join(f));
    let supersedes = m.options.supersedes.as_ref().map(|s| out.join(s));
    let files = match super::run::evaluate(
        &round_dir,
        framework.as_deref(),
        lang,
        out,
        audience,
        supersedes.as_deref(),
    ) {
        Ok(f) => f,
        Err(Error::Invalid(d)) => {
            return Ok(d
                .errors()
                .map(|e| format!("the round no longer runs: {e}"))
                .collect())
        }
        Err(e) => return Err(e),
    };
    let recorded: Vec<&str> = m.outputs.iter().map(|o| o.path.as_str()).collect();
    for f in &files {
        if f.name == "manifest.json" {
            continue;
        }
        let on_disk = std::fs::read(out.join(&f.name));
        let listed = m.outputs.iter().find(|o| o.path == f.name);
        match (on_disk, listed) {
            (Err(_), _) => problems.push(format!("output missing: {}", f.name)),
            (_, None) => problems.push(format!("output not in the manifest: {}", f.name)),
            (Ok(bytes), Some(o)) => {
                if manifest::sha256_hex(&bytes) != o.sha256 {
                    problems.push(format!(
                        "output edited since the run: {} (its sha256 differs from the manifest)",
                        f.name
                    ));
                } else if bytes != f.bytes {
                    problems.push(format!(
                        "output differs from a re-run: {} (same inputs, different bytes)",
                        f.name
                    ));
                }
            }
        }
    }
    for name in recorded {
        if !files.iter().any(|f| f.name == name) {
            problems.push(format!(
                "output in the manifest but not produced by a re-run: {name}"
            ));
        }
    }
    Ok(problems)
}

pub fn execute(out: &Path) -> Result<Outcome, Error> {
    let problems = check(out)?;
    if problems.is_empty() {
        outln!(
            "verified: every output in {} is byte-identical to a re-run from its inputs",
            out.display()
        )?;
        return Ok(Outcome::Done);
    }
    for p in &problems {
        errln!("error: {p}");
    }
    errln!("verification failed: {} problem(s)", problems.len());
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

//! `compare-rounds OUT_1 OUT_2 [...] [--map FILE] [--pooled]
//! [--impute-panel latest|linear] [--lang zh|en] [--out DIR]`: a series of
//! rounds compared (`cluster_eval::history::series`), printed in one
//! language (`history::series_out`), and with `--out` movement.csv and
//! trends.csv written there (each to a temporary name, then renamed).
//!
//! Each run is re-opened from its output folder (or an archived manifest,
//! `<archive>/runs/<id>.json`) and its round laid out from the archive, so
//! the comparison is of the rounds as they were run, even when their
//! folders have changed since.

use super::Outcome;
use cluster_eval::archive::{Materialized, Run};
use cluster_eval::diag::Error;
use cluster_eval::history::panel::PanelMethod;
use cluster_eval::history::series::{compare, RoundSource, SeriesOptions};
use cluster_eval::history::series_out;
use cluster_eval::report::{Lang, SeriesWords};
use std::path::{Path, PathBuf};

/// What the command line asked for.
pub struct Options<'a> {
    pub outs: &'a [PathBuf],
    pub map: Option<&'a Path>,
    pub pooled: bool,
    pub impute: Option<PanelMethod>,
    pub lang: Lang,
    pub out: Option<&'a Path>,
}

/// The round each output folder (or archived manifest) was made from:
/// its archived inputs laid out afresh (`Run::materialize`, each checked
/// against its digest), kept alive in `keep`. A run made before runs were
/// archived is read from its round folder, and only when every input is
/// still as the manifest records it.
fn source_of(path: &Path, keep: &mut Vec<Materialized>) -> Result<RoundSource, Error> {
    let label = path.display().to_string();
    if !path.exists() {
        return Err(Error::Rejected(format!(
            "{label}: no such output folder or archived manifest (an output folder is made by `cluster-eval run ROUND --out {label}`)"
        )));
    }
    let run = Run::open(path)?;
    if run.archive.is_some() {
        let m = run.materialize()?;
        let source = RoundSource {
            label,
            round_dir: m.round_dir.clone(),
            framework: m.framework.clone(),
        };
        keep.push(m);
        return Ok(source);
    }
    let Some(out) = &run.out else {
        return Err(run
            .archive()
            .err()
            .unwrap_or_else(|| Error::Rejected(format!("{label}: the run has no archive"))));
    };
    let changed = super::verify::changed_inputs(out, &run.manifest);
    if !changed.is_empty() {
        return Err(Error::Rejected(format!(
            "{label} was made before runs were archived and its round changed since: {}; run the round again",
            changed.join("; ")
        )));
    }
    Ok(RoundSource {
        label,
        round_dir: run.round_dir(),
        framework: run.manifest.options.framework.as_ref().map(|f| out.join(f)),
    })
}

pub fn execute(o: Options) -> Result<Outcome, Error> {
    let mut sources = Vec::new();
    let mut keep = Vec::new();
    for out in o.outs {
        sources.push(source_of(out, &mut keep)?);
    }
    let series = compare(
        sources,
        &SeriesOptions {
            map: o.map.map(Path::to_path_buf),
            pooled: o.pooled,
            impute: o.impute,
        },
    )?;
    out!("{}", series_out::text(&series, o.lang))?;
    if let Some(dir) = o.out {
        std::fs::create_dir_all(dir).map_err(|e| Error::io(dir.display().to_string(), e))?;
        for (name, bytes) in [
            ("movement.csv", series_out::movement_csv(&series)?),
            ("trends.csv", series_out::trends_csv(&series)?),
        ] {
            let path = dir.join(name);
            let partial = dir.join(format!("{name}.partial"));
            std::fs::write(&partial, bytes)
                .and_then(|()| std::fs::rename(&partial, &path))
                .map_err(|e| Error::io(path.display().to_string(), e))?;
            outln!("{}", SeriesWords::Written.fill(o.lang, &[&path.display()]))?;
        }
    }
    Ok(Outcome::Done)
}

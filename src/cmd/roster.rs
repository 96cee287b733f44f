//! `roster`: read and audit a round's enterprise rosters on their own, and
//! time it: ingest (registry, submissions, rosters) + validation (credit
//! codes, flags, numbers, duplicates) + aggregation of the derived fields.
//! Prints a summary with the time of each step and the peak memory;
//! `--out` writes the derived figures and the audit tables, `--json` the
//! figures for the benchmark script.

use super::Outcome;
use cluster_eval::audit::progress_view::roster_view;
use cluster_eval::diag::{Diagnostics, Error};
use cluster_eval::pipeline::{self, Loaded};
use cluster_eval::report::{write_all, OutputDir, ROSTER_OPTIONAL};
use std::path::Path;
use std::time::Instant;

/// Peak resident memory of this process in MiB (Linux: VmHWM), if known.
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

pub fn execute(
    round: &Path,
    out: Option<&Path>,
    json: Option<&Path>,
    force: bool,
) -> Result<Outcome, Error> {
    let t0 = Instant::now();
    let mut diags = Diagnostics::default();
    let loaded = pipeline::load(round, None, &mut diags);
    let total_s = t0.elapsed().as_secs_f64();
    for d in diags.errors() {
        errln!("{d}");
    }
    if diags.has_errors() {
        errln!(
            "{} error(s): the roster was not aggregated",
            diags.error_count()
        );
        return Ok(Outcome::ProblemsFound);
    }
    let Some(Loaded {
        round: round_data,
        roster: Some(audit),
        ..
    }) = loaded
    else {
        return Err(Error::Rejected(format!(
            "{}: round.toml lists no enterprise roster ([inputs] enterprises or [inputs.rosters])",
            round.display()
        )));
    };
    let audit = &audit;
    let rss = peak_rss_mib();
    let mismatches = audit
        .comparisons
        .iter()
        .filter(|c| c.within == Some(false))
        .count();
    let t = audit.timing;
    outln!(
        "roster: {} rows in {} file(s), {} clusters",
        audit.rows,
        audit.files.len(),
        round_data.registry.len()
    )?;
    outln!(
        "  rejected rows (credit code, listed twice): {}",
        audit.rejected.len()
    )?;
    outln!(
        "  enterprises claimed by more than one cluster: {}",
        audit.duplicates.len()
    )?;
    outln!("  declared vs derived beyond tolerance: {mismatches}")?;
    outln!(
        "  time: read {:.3} s, validate {:.3} s, aggregate {:.3} s; whole ingest {:.3} s",
        t.read_s,
        t.validate_s,
        t.aggregate_s,
        total_s
    )?;
    if let Some(r) = rss {
        outln!("  peak RSS: {r:.0} MiB")?;
    }
    if let Some(dir) = out {
        let prefix = format!("{}/", round.display());
        let local = |f: &str| f.strip_prefix(&prefix).unwrap_or(f).to_string();
        let view = roster_view(&round_data, audit, &local);
        let derived: Vec<(&str, &str, f64)> = audit
            .derived
            .iter()
            .map(|((i, j), v)| {
                let cluster = round_data.registry.clusters[*i].id.as_str();
                (cluster, round_data.framework.fields[*j].id.as_str(), *v)
            })
            .collect();
        let files = cluster_eval::report::roster_files(&view, &derived)?;
        let target = OutputDir::prepare(dir, round, &round_data.files, force)?;
        write_all(&target, &files, ROSTER_OPTIONAL)?;
        outln!("  wrote {} file(s) to {}", files.len(), dir.display())?;
    }
    if let Some(path) = json {
        let summary = serde_json::json!({
            "rows": audit.rows,
            "clusters": round_data.registry.len(),
            "rejected": audit.rejected.len(),
            "duplicates": audit.duplicates.len(),
            "mismatches": mismatches,
            "read_s": t.read_s,
            "validate_s": t.validate_s,
            "aggregate_s": t.aggregate_s,
            "total_s": total_s,
            "peak_rss_mib": rss,
        });
        std::fs::write(path, format!("{summary:#}\n"))
            .map_err(|e| Error::io(path.display().to_string(), e))?;
    }
    Ok(Outcome::Done)
}

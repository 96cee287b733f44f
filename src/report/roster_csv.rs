//! CSV views of the roster audit and of mid-term progress.
//!
//! - progress.csv: per cluster and field with baseline, current and target:
//!   progress p, elapsed share e, p / e, status, CAGR so far and needed.
//! - roster_audit.csv: per cluster and derived field, declared vs derived,
//!   the difference, the tolerance and which figure was scored.
//! - roster_clusters.csv: per cluster, rows listed, enterprises counted,
//!   rows rejected and enterprises shared with another cluster.
//! - roster_duplicates.csv: one row per claim of an enterprise listed by
//!   more than one cluster, with the policy applied.

use super::csv_out::{finish, neutralise, row};
use super::exact;
use crate::audit::{ProgressRow, RosterView};
use crate::diag::Result;

fn opt(x: Option<f64>) -> String {
    exact(x)
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|s| s.to_string()).collect()
}

pub fn progress_csv(rows: &[ProgressRow]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &strings(&[
            "cluster_id",
            "field",
            "name_zh",
            "name_en",
            "unit",
            "direction",
            "baseline",
            "current",
            "target",
            "progress",
            "elapsed",
            "progress_vs_elapsed",
            "status",
            "status_zh",
            "cagr_pct",
            "required_cagr_pct",
        ]),
    )?;
    for p in rows {
        row(
            &mut w,
            &[
                neutralise(&p.cluster_id),
                p.field.clone(),
                p.name_zh.clone(),
                p.name_en.clone(),
                p.unit.clone(),
                p.direction.clone(),
                opt(p.baseline),
                opt(p.current),
                opt(p.target),
                opt(p.progress),
                exact(Some(p.elapsed)),
                opt(p.schedule),
                p.status.clone(),
                p.status_zh.clone(),
                opt(p.cagr),
                opt(p.required_cagr),
            ],
        )?;
    }
    finish(w)
}

pub fn roster_audit_csv(v: &RosterView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &strings(&[
            "cluster_id",
            "field",
            "name_zh",
            "name_en",
            "unit",
            "derivation",
            "declared",
            "derived",
            "difference",
            "relative_difference",
            "tolerance",
            "within_tolerance",
            "scored_figure",
            "note",
        ]),
    )?;
    for c in &v.comparisons {
        row(
            &mut w,
            &[
                neutralise(&c.cluster_id),
                c.field.clone(),
                c.name_zh.clone(),
                c.name_en.clone(),
                c.unit.clone(),
                c.formula.clone(),
                opt(c.declared),
                opt(c.derived),
                opt(c.difference),
                opt(c.relative),
                exact(Some(c.tolerance)),
                c.within.map(|b| b.to_string()).unwrap_or_default(),
                c.scored.clone(),
                c.note.clone(),
            ],
        )?;
    }
    finish(w)
}

pub fn roster_clusters_csv(v: &RosterView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &strings(&[
            "cluster_id",
            "name_zh",
            "listed",
            "counted",
            "rejected",
            "shared",
        ]),
    )?;
    for c in &v.clusters {
        row(
            &mut w,
            &[
                neutralise(&c.cluster_id),
                neutralise(&c.name_zh),
                c.listed.to_string(),
                c.counted.to_string(),
                c.rejected.to_string(),
                c.shared.to_string(),
            ],
        )?;
    }
    finish(w)
}

pub fn roster_duplicates_csv(v: &RosterView) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &strings(&[
            "uscc",
            "cluster_id",
            "name",
            "file",
            "row",
            "claims",
            "policy",
        ]),
    )?;
    for d in &v.duplicates {
        for c in &d.claims {
            row(
                &mut w,
                &[
                    neutralise(&d.uscc),
                    neutralise(&c.cluster),
                    neutralise(&c.name),
                    neutralise(&c.file),
                    c.row.to_string(),
                    d.claims.len().to_string(),
                    format!("{:?}", d.policy).to_lowercase(),
                ],
            )?;
        }
    }
    finish(w)
}

//! The roster and progress views of a result: what `run` reports about
//! enterprise rosters (declared vs derived, duplicates, counts per cluster)
//! and the per-cluster mid-term progress table.

use crate::framework::{Direction, Period};
use crate::ingest::Round;
use crate::roster::RosterAudit;
use crate::score::progress;
use serde::Serialize;

/// Counts of one cluster's roster.
#[derive(Debug, Clone, Serialize)]
pub struct RosterCluster {
    pub cluster_id: String,
    pub name_zh: String,
    /// The English name (empty when the registry gives none).
    pub name_en: String,
    /// Rows listed.
    pub listed: usize,
    /// Enterprises counted after rejections and the duplicate policy.
    pub counted: usize,
    /// Rows rejected (wrong code, listed twice by the cluster).
    pub rejected: usize,
    /// Enterprises the cluster shares with another cluster.
    pub shared: usize,
}

/// Declared vs derived, for the report.
#[derive(Debug, Clone, Serialize)]
pub struct RosterComparison {
    pub cluster_id: String,
    pub field: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub formula: String,
    pub declared: Option<f64>,
    pub derived: Option<f64>,
    pub difference: Option<f64>,
    pub relative: Option<f64>,
    pub tolerance: f64,
    pub within: Option<bool>,
    pub scored: String,
    pub note: String,
    /// The field is a count: the reports show its figures as whole numbers.
    #[serde(skip)]
    pub count: bool,
}

/// The roster audit as reported.
#[derive(Debug, Clone, Serialize)]
pub struct RosterView {
    pub files: Vec<String>,
    pub rows: usize,
    pub duplicate_policy: String,
    pub clusters: Vec<RosterCluster>,
    pub comparisons: Vec<RosterComparison>,
    pub duplicates: Vec<crate::roster::Duplicate>,
}

pub fn roster_view(round: &Round, a: &RosterAudit, local: &dyn Fn(&str) -> String) -> RosterView {
    let fw = &round.framework;
    let clusters = round
        .registry
        .clusters
        .iter()
        .enumerate()
        .map(|(i, c)| RosterCluster {
            cluster_id: c.id.clone(),
            name_zh: c.name_zh.clone(),
            name_en: c.name_en.clone(),
            listed: a.listed[i],
            counted: a.counted[i],
            rejected: a.rejected_rows[i],
            shared: a
                .duplicates
                .iter()
                .filter(|d| d.claims.iter().any(|x| x.cluster == c.id))
                .count(),
        })
        .collect();
    let comparisons = a
        .comparisons
        .iter()
        .map(|x| {
            let f = &fw.fields[x.field];
            RosterComparison {
                cluster_id: round.registry.clusters[x.cluster].id.clone(),
                field: f.id.clone(),
                name_zh: f.name_zh.clone(),
                name_en: f.name_en.clone(),
                unit: f.unit.clone(),
                formula: f.derived.as_ref().map(|d| d.describe()).unwrap_or_default(),
                declared: x.declared,
                derived: x.derived,
                difference: x.difference,
                relative: x.relative.filter(|r| r.is_finite()),
                tolerance: x.tolerance,
                within: x.within,
                scored: x.scored.to_string(),
                note: x.note.clone(),
                count: f.kind == crate::framework::FieldKind::Count,
            }
        })
        .collect();
    let duplicates = a
        .duplicates
        .iter()
        .map(|d| {
            let mut d = d.clone();
            for c in &mut d.claims {
                c.file = local(&c.file);
            }
            d
        })
        .collect();
    RosterView {
        files: a.files.iter().map(|f| local(f)).collect(),
        rows: a.rows,
        duplicate_policy: format!("{:?}", fw.roster.duplicates).to_lowercase(),
        clusters,
        comparisons,
        duplicates,
    }
}

/// One cluster's progress on one field with baseline, current and target.
#[derive(Debug, Clone, Serialize)]
pub struct ProgressRow {
    pub cluster_id: String,
    pub field: String,
    pub name_zh: String,
    pub name_en: String,
    pub unit: String,
    pub direction: String,
    pub baseline: Option<f64>,
    pub current: Option<f64>,
    pub target: Option<f64>,
    /// p, a fraction.
    pub progress: Option<f64>,
    /// e, the elapsed share of the period.
    pub elapsed: f64,
    /// p / e.
    pub schedule: Option<f64>,
    /// on_track, behind, achieved, met_at_baseline, slipped; "missing".
    pub status: String,
    pub status_zh: String,
    /// CAGR baseline -> current, percent.
    pub cagr: Option<f64>,
    /// CAGR current -> target needed, percent.
    pub required_cagr: Option<f64>,
}

/// The progress table: every field that has baseline, current and target
/// periods, for every cluster, in registry order. The direction is the one
/// of the first indicator scoring the field (higher when none does).
pub fn progress_rows(round: &Round) -> Vec<ProgressRow> {
    let fw = &round.framework;
    // A one-period round has no field with a baseline and a target.
    let Some((by, cy, ty)) = round.years() else {
        return Vec::new();
    };
    let e = progress::elapsed(by, cy, ty);
    let mut out = Vec::new();
    for (j, f) in fw.fields.iter().enumerate() {
        if ![Period::Baseline, Period::Current, Period::Target]
            .iter()
            .all(|p| f.periods.contains(p))
        {
            continue;
        }
        let direction = fw
            .indicators
            .iter()
            .find(|ind| ind.primary_field() == Some(j))
            .map(|ind| ind.direction)
            .unwrap_or(Direction::Higher);
        for (i, c) in round.registry.clusters.iter().enumerate() {
            let b = round.data.value(i, j, Period::Baseline);
            let cur = round.data.value(i, j, Period::Current);
            let t = round.data.value(i, j, Period::Target);
            let a = match (b, cur, t) {
                (Some(b), Some(c), Some(t)) => Some(progress::assess(b, c, t, e, direction)),
                _ => None,
            };
            out.push(ProgressRow {
                cluster_id: c.id.clone(),
                field: f.id.clone(),
                name_zh: f.name_zh.clone(),
                name_en: f.name_en.clone(),
                unit: f.unit.clone(),
                direction: format!("{direction:?}").to_lowercase(),
                baseline: b,
                current: cur,
                target: t,
                progress: a.map(|a| a.progress),
                elapsed: e,
                schedule: a.map(|a| a.schedule),
                status: a
                    .map(|a| a.status.label().to_string())
                    .unwrap_or_else(|| "missing".into()),
                status_zh: a
                    .map(|a| a.status.label_zh().to_string())
                    .unwrap_or_else(|| "数据缺失".into()),
                cagr: b
                    .zip(cur)
                    .and_then(|(b, c)| progress::cagr(b, c, (cy - by) as f64)),
                required_cagr: cur
                    .zip(t)
                    .and_then(|(c, t)| progress::required_cagr(c, t, (ty - cy) as f64)),
            });
        }
    }
    out
}

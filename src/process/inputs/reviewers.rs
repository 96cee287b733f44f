//! `reviewers.csv` (the expert panels: who sits on which tracks) and
//! `conflicts.csv` (declared conflicts of interest).

use super::columns::{
    cluster_of, data_rows, Col, Columns, ReviewerColumn, CONFLICTS_CSV, REVIEWERS_CSV,
};
use super::{Conflict, Located, Reviewer};
use crate::diag::{prerequisite, Diagnostic, Diagnostics};
use crate::ingest::ids::IdColumn;
use crate::ingest::table::Table;
use crate::ingest::Registry;

/// The registry's track column, as a prerequisite of the reviewers' tracks.
pub(super) fn track_column() -> String {
    prerequisite::entry("registry column", "track")
}

/// Words of a tracks cell that mean every track.
const ALL_TRACKS: &[&str] = &["*", "全部"];

/// Split a tracks cell.
fn split_list(s: &str) -> Vec<String> {
    s.split([';', '；', '、', '|'])
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
        .collect()
}

/// Read reviewers.csv.
pub(super) fn read_reviewers(
    table: &Table,
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Reviewer> {
    let Some(cols) = Columns::locate(table, REVIEWERS_CSV, diags) else {
        return vec![];
    };
    let (id, tracks) = (cols.get(Col::ReviewerId), cols.get(Col::Tracks));
    let known_tracks: Vec<&str> = registry.clusters.iter().map(|c| c.track.as_str()).collect();
    let mut out: Vec<Reviewer> = Vec::new();
    for row in data_rows(table, diags) {
        let get = |c: Col| table.cell(row, cols.get(c)).trim().to_string();
        let rid = get(Col::ReviewerId);
        if rid.is_empty() {
            diags.push(
                Diagnostic::error(&table.file, "empty reviewer id")
                    .row(row.line)
                    .column(&table.headers[id]),
            );
            continue;
        }
        if out.iter().any(|r| r.id == rid) {
            diags.push(
                Diagnostic::error(&table.file, "duplicate reviewer id")
                    .row(row.line)
                    .column(&table.headers[id])
                    .value(&rid),
            );
            continue;
        }
        let mut list = split_list(&get(Col::Tracks));
        if list
            .iter()
            .any(|t| ALL_TRACKS.contains(&t.as_str()) || t.eq_ignore_ascii_case("all"))
        {
            list.clear();
        } else if list.is_empty() {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    "a reviewer needs at least one track (or * for all)",
                )
                .row(row.line)
                .column(&table.headers[tracks])
                .value(get(Col::Tracks)),
            );
        }
        // Without a registry no track is known: nothing to warn about.
        let registry_read = diags.failure(prerequisite::REGISTRY).is_none()
            && diags.failure(&track_column()).is_none();
        for t in list.iter().filter(|_| registry_read) {
            if !known_tracks.contains(&t.as_str()) {
                diags.push(
                    Diagnostic::warning(&table.file, "no cluster of the round is in this track")
                        .zh("本轮没有集群属于这一赛道")
                        .row(row.line)
                        .column(&table.headers[tracks])
                        .value(t),
                );
            }
        }
        out.push(Reviewer {
            id: rid,
            name: get(Col::Name),
            employer: get(Col::Employer),
            city: get(Col::City),
            tracks: list,
        });
    }
    out
}

/// Read conflicts.csv.
pub(super) fn read_conflicts(
    table: &Table,
    reviewers: &[Reviewer],
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Conflict> {
    let Some(cols) = Columns::locate(table, CONFLICTS_CSV, diags) else {
        return vec![];
    };
    let why = cols.optional(Col::Reason);
    let (rc, cc) = (cols.get(Col::Reviewer), cols.get(Col::Cluster));
    let mut ids = IdColumn::new(registry, &table.file, &table.headers[cc]);
    let mut names = ReviewerColumn::new(table, rc, reviewers);
    let mut out = Vec::new();
    for row in data_rows(table, diags) {
        let reviewer = names.lookup(table, row, rc, diags);
        let cluster = cluster_of(table, row, cc, &mut ids, diags);
        if let (Some(reviewer), Some(cluster)) = (reviewer, cluster) {
            out.push(Conflict {
                reviewer,
                cluster,
                reason: why
                    .map(|c| table.cell(row, c).trim().to_string())
                    .unwrap_or_default(),
                at: Located::at(table, row),
            });
        }
    }
    ids.finish(diags);
    names.finish(diags);
    out
}

//! `reviews.csv`: the expert panels' score sheets, one row per reviewer,
//! cluster, stage and criterion, checked against the resolved process (a
//! stage with a panel, one of its criteria, a score within the criterion's
//! range, a reviewer on the cluster's track) and complete per sheet. A
//! sheet left incomplete where a row of it was refused for its own problem
//! (an unknown cluster or reviewer, a bad score) is marked as a consequence
//! of that row.

use super::columns::{
    cell_error, cluster_of, data_rows, Col, Columns, ReviewerColumn, REVIEWS_CSV,
};
use super::{Located, Review, Reviewer};
use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::ids::IdColumn;
use crate::ingest::number;
use crate::ingest::table::{Row, Table};
use crate::ingest::Registry;
use crate::process::{Process, Stage};
use std::collections::BTreeMap;

/// Read reviews.csv against the process's stages and criteria.
pub(super) fn read_reviews(
    table: &Table,
    process: &Process,
    reviewers: &[Reviewer],
    registry: &Registry,
    diags: &mut Diagnostics,
) -> Vec<Review> {
    let Some(cols) = Columns::locate(table, REVIEWS_CSV, diags) else {
        return vec![];
    };
    let mut out: Vec<Review> = Vec::new();
    let mut seen: BTreeMap<(usize, usize, usize, usize), usize> = BTreeMap::new();
    let cc = cols.get(Col::Cluster);
    let mut ids = IdColumn::new(registry, &table.file, &table.headers[cc]);
    let mut names = ReviewerColumn::new(table, cols.get(Col::Reviewer), reviewers);
    let tracks = diags
        .failure(&super::reviewers::track_column())
        .map(str::to_string);
    let mut tracks_unchecked = 0;
    // Rows refused with what was read of their sheet.
    let mut refused: Vec<(Partial, usize)> = Vec::new();
    for row in data_rows(table, diags) {
        let mut lookups = Lookups {
            ids: &mut ids,
            names: &mut names,
            tracks_known: tracks.is_none(),
            tracks_unchecked: &mut tracks_unchecked,
        };
        let r = match read_row(table, row, &cols, process, registry, &mut lookups, diags) {
            Ok(r) => r,
            Err(Some(sheet)) => {
                refused.push((sheet, row.line));
                continue;
            }
            Err(None) => continue,
        };
        let st = &process.stages[r.stage];
        let vc = cols.get(Col::Score);
        if let Some(first) = seen.insert((r.reviewer, r.cluster, r.stage, r.criterion), row.line) {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "duplicate score: reviewer {} already scored cluster {} on {} / {} in row {first}",
                        reviewers[r.reviewer].id,
                        registry.clusters[r.cluster].id,
                        st.id,
                        st.criteria[r.criterion].id
                    ),
                )
                .row(row.line)
                .column(&table.headers[vc])
                .value(table.cell(row, vc).trim()),
            );
            continue;
        }
        out.push(r);
    }
    ids.finish(diags);
    names.finish(diags);
    if let (Some(cause), true) = (tracks, tracks_unchecked > 0) {
        diags.push(
            Diagnostic::error(
                &table.file,
                format!("{tracks_unchecked} score(s) not checked against the panels' tracks: the clusters' tracks are unknown"),
            )
            .column(&table.headers[cols.get(Col::Reviewer)])
            .consequence_of(cause),
        );
    }
    check_sheets(table, process, reviewers, registry, &out, &refused, diags);
    out
}

/// What a refused row says of its score sheet: reviewer and cluster (when
/// known), and the stage.
type Partial = (Option<usize>, Option<usize>, usize);

/// The id readers of one file.
struct Lookups<'a, 'b> {
    ids: &'a mut IdColumn<'b>,
    names: &'a mut ReviewerColumn<'b>,
    /// The registry has its track column (else no score is checked
    /// against the panels' tracks, and the rows are counted).
    tracks_known: bool,
    tracks_unchecked: &'a mut usize,
}

/// One row as a review; after its problems were reported, the sheet it
/// belongs to when the reviewer, cluster and stage were read.
fn read_row(
    table: &Table,
    row: &Row,
    cols: &Columns,
    process: &Process,
    registry: &Registry,
    lookups: &mut Lookups,
    diags: &mut Diagnostics,
) -> Result<Review, Option<Partial>> {
    let rc = cols.get(Col::Reviewer);
    let vc = cols.get(Col::Score);
    let reviewer = lookups.names.lookup(table, row, rc, diags);
    let cluster = cluster_of(table, row, cols.get(Col::Cluster), lookups.ids, diags);
    let stage = stage_of(table, row, cols.get(Col::Stage), process, diags).ok_or(None)?;
    let sheet = (reviewer.is_some() || cluster.is_some()).then_some((reviewer, cluster, stage));
    let st = &process.stages[stage];
    let criterion = criterion_of(table, row, cols.optional(Col::Criterion), st, diags);
    let score = score_of(table, row, vc, diags);
    let (Some(reviewer), Some(cluster), Some(criterion), Some(score)) =
        (reviewer, cluster, criterion, score)
    else {
        return Err(sheet);
    };
    let reviewers = lookups.names.reviewers();
    let max = st.criteria[criterion].max;
    if !(0.0..=max).contains(&score) {
        diags.push(cell_error(
            table,
            row,
            vc,
            format!(
                "score out of range: expected 0 to {} for {} ({})",
                crate::framework::trim_float(max),
                st.criteria[criterion].id,
                st.id
            ),
        ));
        return Err(sheet);
    }
    let track = &registry.clusters[cluster].track;
    if !lookups.tracks_known {
        *lookups.tracks_unchecked += 1;
    } else if !reviewers[reviewer].sits_on(track) {
        diags.push(cell_error(
            table,
            row,
            rc,
            format!(
                "reviewer {} does not sit on the panel of track {} (cluster {})",
                reviewers[reviewer].id, track, registry.clusters[cluster].id
            ),
        ));
        return Err(sheet);
    }
    Ok(Review {
        reviewer,
        cluster,
        stage,
        criterion,
        score,
        at: Located::at(table, row),
    })
}

/// The stage named in column `col`: one of the process's stages with a panel.
fn stage_of(
    table: &Table,
    row: &Row,
    col: usize,
    process: &Process,
    diags: &mut Diagnostics,
) -> Option<usize> {
    match process.stage_index(table.cell(row, col)) {
        Some(s) if process.stages[s].has_panel() => Some(s),
        Some(_) => {
            diags.push(cell_error(
                table,
                row,
                col,
                "this stage has no expert panel in the process",
            ));
            None
        }
        None => {
            let names: Vec<&str> = process
                .stages
                .iter()
                .filter(|s| s.has_panel())
                .map(|s| s.id.as_str())
                .collect();
            diags.push(cell_error(
                table,
                row,
                col,
                format!("unknown stage; expected one of {}", names.join(", ")),
            ));
            None
        }
    }
}

/// The criterion of stage `st` named in column `col`; a stage with one
/// criterion needs none.
fn criterion_of(
    table: &Table,
    row: &Row,
    col: Option<usize>,
    st: &Stage,
    diags: &mut Diagnostics,
) -> Option<usize> {
    match col {
        Some(c) if !table.cell(row, c).trim().is_empty() => {
            let name = table.cell(row, c).trim();
            let found = st.criteria.iter().position(|x| {
                x.id == name || x.name_zh == name || x.name_en.eq_ignore_ascii_case(name)
            });
            if found.is_none() {
                let ids: Vec<&str> = st.criteria.iter().map(|x| x.id.as_str()).collect();
                diags.push(cell_error(
                    table,
                    row,
                    c,
                    format!(
                        "unknown criterion for stage {}; expected one of {}",
                        st.id,
                        ids.join(", ")
                    ),
                ));
            }
            found
        }
        _ if st.criteria.len() == 1 => Some(0),
        _ => {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "stage {} has {} criteria: the criterion column is required",
                        st.id,
                        st.criteria.len()
                    ),
                )
                .row(row.line)
                .column(Col::Criterion.spec().label()),
            );
            None
        }
    }
}

/// The score in column `col`: a number of points.
fn score_of(table: &Table, row: &Row, col: usize, diags: &mut Diagnostics) -> Option<f64> {
    let problem = match number::parse_cell(table.cell(row, col).trim()) {
        Ok(number::Cell::Number {
            value,
            percent: false,
        }) => return Some(value),
        Ok(number::Cell::Number { percent: true, .. }) => {
            "a score is a number of points, not a percentage"
        }
        Ok(number::Cell::Missing) => "missing score (a row must carry a score)",
        Err(e) => e.expectation(),
    };
    diags.push(cell_error(table, row, col, problem));
    None
}

/// The criterion column's header, or its role when the file has none.
fn criterion_column(table: &Table) -> String {
    let spec = Col::Criterion.spec();
    crate::ingest::find_column(&table.headers, spec.headers)
        .map_or_else(|| spec.label(), |c| table.headers[c].clone())
}

/// Every score sheet complete: all criteria of the stage.
fn check_sheets(
    table: &Table,
    process: &Process,
    reviewers: &[Reviewer],
    registry: &Registry,
    reviews: &[Review],
    refused: &[(Partial, usize)],
    diags: &mut Diagnostics,
) {
    let mut sheets: BTreeMap<(usize, usize, usize), (Vec<usize>, usize)> = BTreeMap::new();
    for r in reviews {
        let e = sheets
            .entry((r.reviewer, r.cluster, r.stage))
            .or_insert((Vec::new(), r.at.row));
        e.0.push(r.criterion);
    }
    for ((rv, cl, st), (have, line)) in sheets {
        let stage = &process.stages[st];
        let missing: Vec<&str> = (0..stage.criteria.len())
            .filter(|c| !have.contains(c))
            .map(|c| stage.criteria[c].id.as_str())
            .collect();
        if !missing.is_empty() {
            let mut d = Diagnostic::error(
                &table.file,
                format!(
                    "incomplete score sheet: reviewer {} on cluster {} ({}) lacks {}",
                    reviewers[rv].id,
                    registry.clusters[cl].id,
                    stage.id,
                    missing.join(", ")
                ),
            )
            .row(line)
            .column(criterion_column(table))
            .value(missing.join(", "));
            // A row of this sheet (same stage, and the reviewer or the
            // cluster as far as it could be read) was refused.
            let same = |&&((r, c, s), _): &&(Partial, usize)| {
                s == st && r.is_none_or(|r| r == rv) && c.is_none_or(|c| c == cl)
            };
            if let Some((_, first)) = refused.iter().find(same) {
                d = d.consequence_of(format!("{} row {first} was refused", table.file));
            }
            diags.push(d);
        }
    }
}

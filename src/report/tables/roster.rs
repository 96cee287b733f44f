//! Tables of the roster audit and of mid-term progress.
//!
//! - progress: per cluster and field with baseline, current and target:
//!   progress p, elapsed share e, p / e, status, CAGR so far and needed.
//! - roster audit: per cluster and derived field, declared vs derived, the
//!   difference, the tolerance and which figure was scored.
//! - roster clusters: per cluster, rows listed, enterprises counted, rows
//!   rejected and enterprises shared with another cluster (counts: the
//!   workbook shows them as whole numbers).
//! - roster duplicates: one row per claim of an enterprise listed by more
//!   than one cluster, with the policy applied.
//! - roster derived (the `roster` command's): every figure derived from the
//!   rosters.

use super::{EXACT, INT, TEXT};
use crate::audit::{ProgressRow, RosterView};
use crate::report::msg::{Alias, Col};
use crate::report::table::{Cell, Column, Table};

/// roster_derived.csv (the `roster` command's): every figure derived from
/// the rosters, by cluster and field.
pub fn derived(rows: &[(&str, &str, f64)]) -> Table {
    let mut t = Table::data(&[
        (Col::ClusterId, TEXT),
        (Col::Field, TEXT),
        (Col::Derived, EXACT),
    ]);
    for &(cluster, field, value) in rows {
        t.push(vec![
            Cell::text(cluster),
            Cell::text(field),
            Cell::Num(value),
        ]);
    }
    t
}

/// The first columns of a table per cluster and field: the cluster, the
/// field and the field's names (not a cluster's).
fn cluster_and_field() -> Table {
    let mut t = Table::data(&[(Col::ClusterId, TEXT), (Col::Field, TEXT)]);
    t.columns.push(Column::alias(Alias::FieldNameZh, TEXT));
    t.columns.push(Column::alias(Alias::FieldNameEn, TEXT));
    t
}

pub fn progress(rows: &[ProgressRow]) -> Table {
    let mut t = cluster_and_field();
    t.columns.extend(
        Table::data(&[
            (Col::Unit, TEXT),
            (Col::Direction, TEXT),
            (Col::Baseline, EXACT),
            (Col::Current, EXACT),
            (Col::Target, EXACT),
            (Col::Progress, EXACT),
            (Col::Elapsed, EXACT),
            (Col::ProgressVsElapsed, EXACT),
            (Col::Status, TEXT),
            (Col::StatusZh, TEXT),
            (Col::CagrPct, EXACT),
            (Col::RequiredCagrPct, EXACT),
        ])
        .columns,
    );
    for p in rows {
        t.push(vec![
            Cell::input(&p.cluster_id),
            Cell::text(&p.field),
            Cell::text(&p.name_zh),
            Cell::text(&p.name_en),
            Cell::text(&p.unit),
            Cell::text(&p.direction),
            Cell::num(p.baseline),
            Cell::num(p.current),
            Cell::num(p.target),
            Cell::num(p.progress),
            Cell::Num(p.elapsed),
            Cell::num(p.schedule),
            Cell::text(&p.status),
            Cell::text(&p.status_zh),
            Cell::num(p.cagr),
            Cell::num(p.required_cagr),
        ]);
    }
    t
}

pub fn audit(v: &RosterView) -> Table {
    let mut t = cluster_and_field();
    t.columns.extend(
        Table::data(&[
            (Col::Unit, TEXT),
            (Col::Derivation, TEXT),
            (Col::Declared, EXACT),
            (Col::Derived, EXACT),
            (Col::Difference, EXACT),
            (Col::RelativeDifference, EXACT),
            (Col::Tolerance, EXACT),
            (Col::WithinTolerance, TEXT),
            (Col::ScoredFigure, TEXT),
            (Col::Note, TEXT),
        ])
        .columns,
    );
    for c in &v.comparisons {
        t.push(vec![
            Cell::input(&c.cluster_id),
            Cell::text(&c.field),
            Cell::text(&c.name_zh),
            Cell::text(&c.name_en),
            Cell::text(&c.unit),
            Cell::text(&c.formula),
            Cell::num(c.declared),
            Cell::num(c.derived),
            Cell::num(c.difference),
            Cell::num(c.relative),
            Cell::Num(c.tolerance),
            Cell::text(c.within.map(|b| b.to_string()).unwrap_or_default()),
            Cell::text(&c.scored),
            Cell::text(&c.note),
        ]);
    }
    t
}

pub fn clusters(v: &RosterView) -> Table {
    let mut t = Table::data(&[
        (Col::ClusterId, TEXT),
        (Col::NameZh, TEXT),
        (Col::Listed, EXACT),
        (Col::Counted, EXACT),
        (Col::Rejected, EXACT),
        (Col::Shared, EXACT),
    ]);
    for c in &v.clusters {
        t.push(vec![
            Cell::input(&c.cluster_id),
            Cell::input(&c.name_zh),
            Cell::count(c.listed),
            Cell::count(c.counted),
            Cell::count(c.rejected),
            Cell::count(c.shared),
        ]);
    }
    t
}

/// None when no enterprise is claimed twice.
pub fn duplicates(v: &RosterView) -> Option<Table> {
    if v.duplicates.is_empty() {
        return None;
    }
    let mut t = Table::data(&[(Col::Uscc, TEXT), (Col::ClusterId, TEXT)]);
    t.columns.push(Column::alias(Alias::EnterpriseName, TEXT));
    t.columns.extend(
        Table::data(&[
            (Col::File, TEXT),
            (Col::Row, INT),
            (Col::Claims, INT),
            (Col::Policy, TEXT),
        ])
        .columns,
    );
    for d in &v.duplicates {
        for c in &d.claims {
            t.push(vec![
                Cell::input(&d.uscc),
                Cell::input(&c.cluster),
                Cell::input(&c.name),
                Cell::input(&c.file),
                Cell::count(c.row),
                Cell::count(d.claims.len()),
                Cell::Text(format!("{:?}", d.policy).to_lowercase()),
            ]);
        }
    }
    Some(t)
}

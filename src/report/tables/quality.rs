//! data_quality.csv: the plausibility findings, one row per finding, with
//! the cell it is at, the value, what it was compared with, and the
//! message in Chinese and English. Written even when there is none (the
//! header alone), so that a run's list of files does not depend on the
//! data.

use super::{EXACT, INT, TEXT};
use crate::audit::RoundResult;
use crate::report::msg::{Alias, Col};
use crate::report::table::{Cell, Column, Table};

/// One row per finding, in the result's order (by check, then cluster,
/// field and period).
pub fn data_quality(r: &RoundResult) -> Table {
    let mut t = Table::data(&[(Col::Check, TEXT)]);
    // Not `Col::Severity`: that is a reviewer's 评分尺度.
    t.columns.push(Column::alias(Alias::FindingSeverity, TEXT));
    t.columns.extend(
        [
            (Col::ClusterId, TEXT),
            (Col::Field, TEXT),
            (Col::Period, TEXT),
            (Col::RawValue, TEXT),
            (Col::ConvertedValue, EXACT),
            (Col::Unit, TEXT),
            (Col::Reference, TEXT),
            (Col::ReferenceValue, EXACT),
            (Col::File, TEXT),
            (Col::Row, INT),
            (Col::Column, TEXT),
            (Col::MessageZh, TEXT),
            (Col::MessageEn, TEXT),
        ]
        .map(|(c, k)| Column::data(c, k)),
    );
    for f in &r.quality {
        t.push(vec![
            Cell::text(f.check.as_str()),
            Cell::text(f.severity.to_string()),
            Cell::input(&f.cluster_id),
            Cell::text(&f.field),
            Cell::text(f.period.as_str()),
            Cell::input(&f.raw),
            Cell::Num(f.value),
            Cell::text(&f.unit),
            Cell::text(&f.reference),
            Cell::Num(f.reference_value),
            Cell::input(&f.file),
            Cell::int(f.row),
            Cell::input(&f.column),
            Cell::input(&f.message_zh),
            Cell::input(&f.message_en),
        ]);
    }
    t
}

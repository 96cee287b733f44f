//! Comment lines (`# ...`, `// ...`): above the header they are set
//! aside (`find`); among the records one is a located error, since
//! skipping a row there could lose a record (module header of `layout`).

use super::words::is_comment;
use super::{filled, Pins, Role};
use crate::diag::Diagnostic;
use crate::ingest::table::Row;

/// A row whose first filled cell opens a comment (`# ...`, `// ...`).
pub(super) fn is_comment_row(row: &Row) -> bool {
    filled(row).next().is_some_and(|(_, s)| is_comment(s))
}

/// A row among the records (within a pinned range, if any) that opens
/// with a comment marker is an error: comments come before the header.
pub(super) fn comment_in_data(
    rows: &[Row],
    body: usize,
    pins: &Pins,
    key_cols: &[usize],
    role: &Role,
    file: &str,
) -> Result<(), Box<Diagnostic>> {
    let first = pins.first_row.unwrap_or(0);
    let last = pins.last_row.unwrap_or(usize::MAX);
    let found: Vec<&Row> = rows[body.min(rows.len())..]
        .iter()
        .filter(|r| r.line >= first && r.line <= last && is_comment_row(r))
        .collect();
    let Some(r) = found.first() else {
        return Ok(());
    };
    let (c, cell) = filled(r).next().unwrap_or((0, ""));
    let k = key_cols.iter().position(|&k| k == c);
    let lines: Vec<usize> = found.iter().map(|r| r.line).collect();
    Err(Box::new(
        Diagnostic::error(
            file,
            format!(
                "a comment line among the records ({}): comment lines (# or //) may only come before the header; delete the row or move it above the header",
                crate::diag::list_rows(&lines, lines.len(), 5)
            ),
        )
        .zh(format!(
            "数据记录中有注释行（第 {} 行）：注释行（# 或 //）只能位于表头之前；请删除该行或移至表头上方",
            lines
                .iter()
                .map(|l| l.to_string())
                .collect::<Vec<_>>()
                .join("、")
        ))
        .row(r.line)
        .column(k.and_then(|k| role.keys.get(k)).map_or(String::new(), |k| k.label.clone()))
        .value(cell),
    ))
}

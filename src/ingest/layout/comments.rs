//! Comment lines (`# ...`, `// ...`): above the header they are set
//! aside (`find`). Among the records, a row whose first cell starts with
//! `#` (the template's example row, a clerk's note) is read and set aside
//! by the submissions and the registry, listed in rejections.csv.

use super::filled;
use super::words::is_comment;
use crate::ingest::table::Row;

/// A row whose first filled cell opens a comment (`# ...`, `// ...`).
pub(super) fn is_comment_row(row: &Row) -> bool {
    filled(row).next().is_some_and(|(_, s)| is_comment(s))
}

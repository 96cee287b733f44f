//! The columns of the process inputs, declared once: each column's role,
//! the header names (Chinese or English) it is found by, and whether a file
//! that reads it must have it. Every reader names the columns it reads and
//! gets their positions back, or `None` after each missing required column
//! was reported (row 1, with the headers found). Also the row helpers the
//! readers share: cluster ids go through `ingest::ids::IdColumn` (plain
//! form, one report per unknown id with the nearest registry ids), and an
//! unknown reviewer is one error listing its rows, or nothing per row when
//! reviewers.csv itself could not be read. Nothing here knows what a cell
//! means.

use crate::diag::{prerequisite, Diagnostic, Diagnostics};
use crate::ingest::ids::{normalise_id, IdColumn};
use crate::ingest::layout::{Key, Role};
use crate::ingest::table::{Row, Table};
use crate::ingest::{find_column, CLUSTER_ID};
use std::collections::BTreeMap;

/// A column of a process input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Col {
    /// reviewers.csv's own id column.
    ReviewerId,
    Name,
    Employer,
    City,
    Tracks,
    /// The reviewer a score or conflict belongs to.
    Reviewer,
    Cluster,
    Stage,
    Criterion,
    Score,
    Reason,
    Year,
    Grade,
    Outcome,
    Flag,
    Note,
}

/// How a column is named and found.
#[derive(Debug)]
pub(super) struct ColumnSpec {
    pub col: Col,
    /// The role as messages name it.
    pub id: &'static str,
    /// The role in Chinese, shown beside `id`.
    pub zh: &'static str,
    /// Header names it is found by, Chinese and English.
    pub headers: &'static [&'static str],
    /// A file that reads this column must have it.
    pub required: bool,
}

impl ColumnSpec {
    /// "reviewer_id (专家编号)".
    pub fn label(&self) -> String {
        format!("{} ({})", self.id, self.zh)
    }
}

/// A file without a required column is refused; an optional one may be absent.
const REQUIRED: bool = true;
const OPTIONAL: bool = false;

const fn column(
    col: Col,
    id: &'static str,
    zh: &'static str,
    headers: &'static [&'static str],
    required: bool,
) -> ColumnSpec {
    ColumnSpec {
        col,
        id,
        zh,
        headers,
        required,
    }
}

const REVIEWER_HEADERS: &[&str] = &[
    "reviewer",
    "reviewer_id",
    "id",
    "专家编号",
    "专家",
    "评审专家",
];

/// Every column of every process input, in the order of `Col`.
#[rustfmt::skip]
pub(super) const COLUMNS: &[ColumnSpec] = &[
    column(Col::ReviewerId, "reviewer_id", "专家编号", REVIEWER_HEADERS, REQUIRED),
    column(Col::Name, "name", "姓名", &["name", "姓名", "专家姓名"], REQUIRED),
    column(Col::Employer, "employer", "工作单位", &["employer", "工作单位", "单位", "所在单位"], REQUIRED),
    column(Col::City, "city", "城市", &["city", "城市", "所在城市"], REQUIRED),
    column(Col::Tracks, "tracks", "评审赛道", &["tracks", "track", "赛道", "评审赛道", "专业领域"], REQUIRED),
    column(Col::Reviewer, "reviewer", "专家编号", REVIEWER_HEADERS, REQUIRED),
    column(Col::Cluster, "cluster_id", "集群编号", CLUSTER_ID, REQUIRED),
    column(Col::Stage, "stage", "环节", &["stage", "环节", "评审环节", "阶段"], REQUIRED),
    column(Col::Criterion, "criterion", "评分项", &["criterion", "评分项", "评分指标", "评审要素"], OPTIONAL),
    column(Col::Score, "score", "分数", &["score", "分数", "评分", "得分"], REQUIRED),
    column(Col::Reason, "reason", "回避原因", &["reason", "回避原因", "原因", "说明"], OPTIONAL),
    column(Col::Year, "year", "年份", &["year", "年份", "年度", "round", "轮次"], REQUIRED),
    column(Col::Grade, "grade", "等次", &["grade", "等次", "评估等次", "等级"], REQUIRED),
    column(Col::Outcome, "outcome", "处理结果", &["outcome", "处理结果", "结果", "动态管理"], OPTIONAL),
    column(Col::Flag, "flag", "情形", &["flag", "情形", "标记"], REQUIRED),
    column(Col::Note, "note", "说明", &["note", "说明", "备注"], OPTIONAL),
];

/// The columns each input reads, in the order missing ones are reported.
pub(super) const REVIEWERS_CSV: &[Col] = &[
    Col::ReviewerId,
    Col::Name,
    Col::Employer,
    Col::City,
    Col::Tracks,
];
pub(super) const REVIEWS_CSV: &[Col] = &[
    Col::Reviewer,
    Col::Cluster,
    Col::Stage,
    Col::Criterion,
    Col::Score,
];
pub(super) const CONFLICTS_CSV: &[Col] = &[Col::Reviewer, Col::Cluster, Col::Reason];
pub(super) const HISTORY_CSV: &[Col] = &[Col::Cluster, Col::Year, Col::Grade, Col::Outcome];
pub(super) const FLAGS_CSV: &[Col] = &[Col::Cluster, Col::Flag, Col::Note];

/// The layout of a file that reads `cols`: its header has their id
/// columns (reviewer, cluster).
pub(super) fn role(cols: &[Col]) -> Role {
    let keys = cols
        .iter()
        .filter(|c| matches!(c, Col::ReviewerId | Col::Reviewer | Col::Cluster))
        .map(|c| {
            let spec = c.spec();
            Key::new(spec.id, &spec.label(), spec.headers)
        })
        .collect();
    Role::keyed(keys)
}

impl Col {
    /// How this column is named and found (`COLUMNS` is in the order of
    /// `Col`).
    pub fn spec(self) -> &'static ColumnSpec {
        let spec = &COLUMNS[self as usize];
        debug_assert_eq!(spec.col, self);
        spec
    }
}

/// Where the columns a reader reads are in one table.
pub(super) struct Columns {
    found: Vec<(Col, Option<usize>)>,
}

impl Columns {
    /// Find `cols` among the table's headers. None when a required column
    /// is missing; each missing one is reported.
    pub fn locate(table: &Table, cols: &[Col], diags: &mut Diagnostics) -> Option<Columns> {
        let mut found = Vec::with_capacity(cols.len());
        let mut complete = true;
        for &col in cols {
            let spec = col.spec();
            let at = find_column(&table.headers, spec.headers);
            if at.is_none() && spec.required {
                complete = false;
                diags.push(
                    Diagnostic::error(
                        &table.file,
                        format!(
                            "missing required column {}; found: {}",
                            spec.label(),
                            table.headers.join(", ")
                        ),
                    )
                    .row(1)
                    .column(spec.label()),
                );
            }
            found.push((col, at));
        }
        complete.then_some(Columns { found })
    }

    /// The position of a column the reader located (None: an optional
    /// column the file does not have).
    pub fn optional(&self, col: Col) -> Option<usize> {
        self.found.iter().find(|(c, _)| *c == col).and_then(|x| x.1)
    }

    /// The position of a required column the reader located.
    pub fn get(&self, col: Col) -> usize {
        debug_assert!(col.spec().required, "{:?} is optional", col);
        self.optional(col)
            .expect("a reader asks only for the required columns it located")
    }
}

/// Rows that hold data (not blank, not a `#` comment), width-checked.
pub(super) fn data_rows<'a>(table: &'a Table, diags: &mut Diagnostics) -> Vec<&'a Row> {
    let mut out = Vec::new();
    for row in &table.rows {
        let first = row.cells.first().map(|c| c.trim()).unwrap_or("");
        if first.starts_with('#') || row.cells.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        if let Some(d) = table.check_width(row) {
            diags.push(d);
        }
        out.push(row);
    }
    out
}

/// The registry index of the cluster in column `col`; a blank one is an
/// error here, an unknown one is reported by `ids` when the file is read.
pub(super) fn cluster_of(
    table: &Table,
    row: &Row,
    col: usize,
    ids: &mut IdColumn,
    diags: &mut Diagnostics,
) -> Option<usize> {
    let raw = table.cell(row, col);
    if normalise_id(raw).is_empty() {
        diags.push(cell_error(table, row, col, "empty cluster id"));
        return None;
    }
    ids.lookup(row.line, raw)
}

/// An error about the cell of `row` in column `col`, with its value.
pub(super) fn cell_error(
    table: &Table,
    row: &Row,
    col: usize,
    msg: impl Into<String>,
) -> Diagnostic {
    Diagnostic::error(&table.file, msg)
        .row(row.line)
        .column(&table.headers[col])
        .value(table.cell(row, col).trim())
}

/// The reviewers named in one column of one file: an unknown one is
/// reported once with its rows; when reviewers.csv could not be read, one
/// line counts the rows not checked.
pub(super) struct ReviewerColumn<'a> {
    reviewers: &'a [super::Reviewer],
    /// Unknown ids: the first row's error and every row.
    unknown: BTreeMap<String, (Diagnostic, Vec<usize>)>,
    unchecked: usize,
    file: String,
    column: String,
}

impl<'a> ReviewerColumn<'a> {
    pub fn new(table: &Table, col: usize, reviewers: &'a [super::Reviewer]) -> Self {
        ReviewerColumn {
            reviewers,
            unknown: BTreeMap::new(),
            unchecked: 0,
            file: table.file.clone(),
            column: table.headers[col].clone(),
        }
    }

    pub fn reviewers(&self) -> &'a [super::Reviewer] {
        self.reviewers
    }

    /// The index of the reviewer named in column `col` of `row`.
    pub fn lookup(
        &mut self,
        table: &Table,
        row: &Row,
        col: usize,
        diags: &Diagnostics,
    ) -> Option<usize> {
        let rid = table.cell(row, col).trim();
        let found = self.reviewers.iter().position(|r| r.id == rid);
        if found.is_none() {
            if diags.failure(prerequisite::REVIEWERS).is_some() {
                self.unchecked += 1;
            } else {
                self.unknown
                    .entry(rid.to_string())
                    .or_insert_with(|| {
                        (
                            cell_error(table, row, col, "unknown reviewer (not in reviewers.csv)"),
                            Vec::new(),
                        )
                    })
                    .1
                    .push(row.line);
            }
        }
        found
    }

    /// Each unknown reviewer once (in row order), or the count of rows not
    /// checked.
    pub fn finish(self, diags: &mut Diagnostics) {
        if self.unchecked > 0 {
            let cause = diags
                .failure(prerequisite::REVIEWERS)
                .unwrap_or_default()
                .to_string();
            diags.push(
                Diagnostic::error(
                    &self.file,
                    format!(
                        "{} row(s) not checked against the reviewers because they could not be read",
                        self.unchecked
                    ),
                )
                .column(&self.column)
                .consequence_of(cause),
            );
        }
        let mut unknown: Vec<(Diagnostic, Vec<usize>)> = self.unknown.into_values().collect();
        unknown.sort_by_key(|(_, rows)| rows[0]);
        for (mut d, rows) in unknown {
            let rid = d.value.clone().unwrap_or_default();
            let near =
                crate::ingest::ids::suggest(self.reviewers.iter().map(|r| r.id.as_str()), &rid);
            if !near.is_empty() {
                d.message = format!("{}; did you mean {}?", d.message, near.join(", "));
            }
            if rows.len() > 1 {
                d.message = format!(
                    "{} (the same id in {})",
                    d.message,
                    crate::diag::list_rows(&rows, rows.len(), crate::ingest::ids::SHOWN_CELLS)
                );
            }
            diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_table_is_in_the_order_of_col() {
        for (i, spec) in COLUMNS.iter().enumerate() {
            assert_eq!(spec.col as usize, i, "{}", spec.id);
        }
    }
}

//! Cluster ids (集群编号) as clerks type them: normalised, looked up in the
//! registry, and an unknown one answered with the nearest registry ids.
//!
//! An id is read in its plain form: the full-width forms of ASCII
//! (`ＷＪ０５` → `WJ05`, what NFKC does to them), no-break and ideographic
//! spaces as spaces, zero-width characters dropped, then trimmed. Every
//! reader of ids (registry, submissions, process inputs, rosters) uses
//! `normalise_id`, so an id matches wherever it is written. `IdColumn`
//! reads one column of one file: it reports the cells it changed in one
//! warning (up to five, then a count), each unknown id once with its rows
//! and a "did you mean" from the registry, and nothing per row when the
//! registry itself could not be read (one summary line instead, marked as a
//! consequence). This module never decides what a row means.

use super::number::to_half_width;
use super::Registry;
use crate::diag::{
    list_rows, list_rows_zh, nearest, prerequisite, Diagnostic, Diagnostics, Severity,
};
use std::borrow::Cow;
use std::collections::HashMap;

/// The plain form of an id: full-width ASCII as ASCII, no-break and
/// ideographic spaces as spaces, zero-width characters dropped, trimmed.
/// Borrowed when the id is already plain.
pub fn normalise_id(raw: &str) -> Cow<'_, str> {
    let trimmed = raw.trim();
    // Full-width forms, zero-width characters, any space but the plain one.
    let odd = |c: char| {
        matches!(c, '\u{FF01}'..='\u{FF5E}')
            || ZERO_WIDTH.contains(&c)
            || (c.is_whitespace() && c != ' ')
    };
    if !trimmed.chars().any(odd) {
        return Cow::Borrowed(trimmed);
    }
    let text: String = to_half_width(trimmed)
        .chars()
        .filter(|c| !ZERO_WIDTH.contains(c))
        .map(|c| if c.is_whitespace() { ' ' } else { c })
        .collect();
    Cow::Owned(text.trim().to_string())
}

/// Characters that show nothing (copied from web pages and chat tools).
const ZERO_WIDTH: &[char] = &['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}'];

/// The registry ids nearest to `unknown` (read in its plain form, case
/// ignored): see `diag::nearest`.
pub fn suggest<'a>(ids: impl IntoIterator<Item = &'a str>, unknown: &str) -> Vec<&'a str> {
    nearest(ids, &normalise_id(unknown))
}

/// "; did you mean WJ05, WJ50?" for an id not in the registry, or nothing
/// when no registry id is near.
pub fn did_you_mean(registry: &Registry, unknown: &str) -> String {
    let near = suggest(registry.clusters.iter().map(|c| c.id.as_str()), unknown);
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    }
}

/// Cells a warning or an error lists before it counts the rest.
pub const SHOWN_CELLS: usize = 5;

/// The most distinct unknown ids of one column reported one by one.
const MAX_UNKNOWN: usize = 50;

/// Rows of one id or one change: the first few, and how many in all.
#[derive(Debug, Default)]
struct Rows {
    first: Vec<usize>,
    count: usize,
}

impl Rows {
    fn add(&mut self, row: usize) {
        if self.first.len() < SHOWN_CELLS {
            self.first.push(row);
        }
        self.count += 1;
    }
}

/// The ids of one column of one file, read against the registry.
#[derive(Debug)]
pub struct IdColumn<'a> {
    registry: &'a Registry,
    /// Registry ids to their index (a roster may have a million rows).
    index: HashMap<&'a str, usize>,
    file: String,
    column: String,
    /// Cells the normalisation changed: row, as written, as read.
    changed: Vec<(usize, String, String)>,
    changed_count: usize,
    /// Unknown ids (as read) with their rows, in order of first use.
    unknown: Vec<(String, Rows)>,
    /// Rows with an unknown id beyond `MAX_UNKNOWN` distinct ones.
    unknown_more: Rows,
    /// Rows whose id was not looked up because the registry is missing.
    unchecked: usize,
    severity: Severity,
    message: &'static str,
    message_zh: &'static str,
}

/// What an id not in the registry is called.
pub const UNKNOWN_CLUSTER: &str = "unknown cluster: not in the registry (clusters file)";

/// `UNKNOWN_CLUSTER` in Chinese.
pub const UNKNOWN_CLUSTER_ZH: &str = "未知集群：不在集群名录（集群文件）中";

/// `did_you_mean` in Chinese: "；是否应为 C01？".
pub fn did_you_mean_zh(registry: &Registry, unknown: &str) -> String {
    let near = suggest(registry.clusters.iter().map(|c| c.id.as_str()), unknown);
    if near.is_empty() {
        String::new()
    } else {
        format!("；是否应为 {}？", near.join("、"))
    }
}

impl<'a> IdColumn<'a> {
    pub fn new(registry: &'a Registry, file: &str, column: &str) -> Self {
        IdColumn {
            registry,
            index: registry
                .clusters
                .iter()
                .enumerate()
                .rev()
                .map(|(i, c)| (c.id.as_str(), i))
                .collect(),
            file: file.to_string(),
            column: column.to_string(),
            changed: Vec::new(),
            changed_count: 0,
            unknown: Vec::new(),
            unknown_more: Rows::default(),
            unchecked: 0,
            severity: Severity::Error,
            message: UNKNOWN_CLUSTER,
            message_zh: UNKNOWN_CLUSTER_ZH,
        }
    }

    /// Report unknown ids as warnings saying `message` (e.g. a history of
    /// clusters no longer in the round).
    pub fn unknown_is_warning(mut self, message: &'static str, message_zh: &'static str) -> Self {
        self.severity = Severity::Warning;
        self.message = message;
        self.message_zh = message_zh;
        self
    }

    /// The plain form of the id in a cell, noting a change for the warning.
    pub fn read(&mut self, row: usize, raw: &str) -> String {
        let id = normalise_id(raw);
        if id != raw && !id.is_empty() {
            self.changed_count += 1;
            if self.changed.len() < SHOWN_CELLS {
                self.changed.push((row, raw.to_string(), id.to_string()));
            }
        }
        id.into_owned()
    }

    /// The registry index of the cluster a cell names; `None` for a blank
    /// cell (the caller reports it) or an unknown id (reported by `finish`).
    pub fn lookup(&mut self, row: usize, raw: &str) -> Option<usize> {
        let id = self.read(row, raw);
        if id.is_empty() {
            return None;
        }
        if self.registry.is_empty() {
            self.unchecked += 1;
            return None;
        }
        let found = self.index.get(id.as_str()).copied();
        if found.is_none() {
            let full = self.unknown.len() >= MAX_UNKNOWN;
            match self.unknown.iter_mut().find(|(u, _)| *u == id) {
                Some((_, rows)) => rows.add(row),
                None if !full => {
                    let mut rows = Rows::default();
                    rows.add(row);
                    self.unknown.push((id, rows));
                }
                None => self.unknown_more.add(row),
            }
        }
        found
    }

    /// Report what was found: the normalised cells (one warning), each
    /// unknown id (one problem with its rows and the nearest registry ids),
    /// or, when the registry could not be read, one line counting the rows
    /// not checked.
    pub fn finish(self, diags: &mut Diagnostics) {
        if let Some((row, raw, _)) = self.changed.first() {
            let cells: Vec<String> = self
                .changed
                .iter()
                .map(|(r, raw, id)| format!("row {r} {raw:?} as {id:?}"))
                .collect();
            let more = self.changed_count - self.changed.len();
            let more = if more > 0 {
                format!(" and {more} more")
            } else {
                String::new()
            };
            diags.push(
                Diagnostic::warning(
                    &self.file,
                    format!(
                        "{} cluster id(s) written with full-width characters or extra spaces were read in their plain form: {}{more}",
                        self.changed_count,
                        cells.join(", ")
                    ),
                )
                .zh(format!(
                    "{} 个以全角字符或多余空格书写的集群编号已按规范写法读取：{}{}",
                    self.changed_count,
                    self.changed
                        .iter()
                        .map(|(r, raw, id)| format!("第 {r} 行 “{raw}” 读作 “{id}”"))
                        .collect::<Vec<_>>()
                        .join("，"),
                    match self.changed_count - self.changed.len() {
                        0 => String::new(),
                        n => format!("，另有 {n} 个"),
                    }
                ))
                .row(*row)
                .column(&self.column)
                .value(raw),
            );
        }
        if self.unchecked > 0 {
            let cause = diags
                .failure(prerequisite::REGISTRY)
                .unwrap_or("the registry lists no cluster")
                .to_string();
            let mut d = Diagnostic::error(
                &self.file,
                format!(
                    "{} row(s) not checked against the registry because it could not be read",
                    self.unchecked
                ),
            )
            .zh(format!(
                "{} 行未与集群名录核对，因为名录无法读取",
                self.unchecked
            ))
            .column(&self.column)
            .consequence_of(cause);
            d.severity = self.severity;
            diags.push(d);
            return;
        }
        for (id, rows) in &self.unknown {
            let also = if rows.count > 1 {
                format!(
                    " (the same id in {})",
                    list_rows(&rows.first, rows.count, SHOWN_CELLS)
                )
            } else {
                String::new()
            };
            let mut d = Diagnostic::error(
                &self.file,
                format!("{}{}{also}", self.message, did_you_mean(self.registry, id)),
            )
            .zh(format!(
                "{}{}{}",
                self.message_zh,
                did_you_mean_zh(self.registry, id),
                if rows.count > 1 {
                    format!(
                        "（同一编号另见{}）",
                        list_rows_zh(&rows.first, rows.count, SHOWN_CELLS)
                    )
                } else {
                    String::new()
                }
            ))
            .row(rows.first[0])
            .column(&self.column)
            .value(id);
            d.severity = self.severity;
            diags.push(d);
        }
        if let Some(&row) = self.unknown_more.first.first() {
            let mut d = Diagnostic::error(
                &self.file,
                format!(
                    "... and {} more row(s) with other ids not in the registry ({})",
                    self.unknown_more.count,
                    list_rows(
                        &self.unknown_more.first,
                        self.unknown_more.count,
                        SHOWN_CELLS
                    )
                ),
            )
            .zh(format!(
                "……另有 {} 行的其他编号不在集群名录中（{}）",
                self.unknown_more.count,
                list_rows_zh(
                    &self.unknown_more.first,
                    self.unknown_more.count,
                    SHOWN_CELLS
                )
            ))
            .row(row)
            .column(&self.column);
            d.severity = self.severity;
            diags.push(d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_and_spaces_are_read_plain() {
        assert_eq!(normalise_id("ＷＪ０５"), "WJ05");
        assert_eq!(normalise_id("\u{3000}WJ05\u{3000}"), "WJ05");
        assert_eq!(normalise_id(" C01\u{00A0}"), "C01");
        assert_eq!(normalise_id("C\u{200B}01"), "C01");
        assert_eq!(normalise_id("ｗｊ－０５"), "wj-05");
        assert!(matches!(normalise_id(" C01 "), Cow::Borrowed("C01")));
        assert_eq!(normalise_id("集群０１"), "集群01");
        assert_eq!(normalise_id(""), "");
    }

    #[test]
    fn suggestions_are_the_nearest_few() {
        let ids = ["WJ05", "WJ50", "WJ15", "WJ55", "HB01", "WJ500"];
        // WJ5O: WJ50 (the letter O for 0, half an edit) before WJ55 (O
        // for 5, one edit); WJ500, WJ05 and WJ15 need more.
        assert_eq!(suggest(ids, "WJ5O"), vec!["WJ50"]);
        assert_eq!(suggest(["WJ05", "WJ55"], "WJ5O"), vec!["WJ55"]);
        // At most three of the nearest, in registry order: C1 is one
        // insertion from each.
        let many = ["C11", "C02", "C21", "C10", "C31", "C12"];
        assert_eq!(suggest(many, "C1"), vec!["C11", "C21", "C10"]);
        assert_eq!(suggest(ids, "ＷＪ０５ "), vec!["WJ05"]);
        assert_eq!(suggest(ids, "wj15"), vec!["WJ15"]);
        assert!(suggest(ids, "XYZ").is_empty());
        assert!(suggest(["A", "B", "C"], "Z").is_empty());
        assert_eq!(suggest(["A", "B", "C"], "b"), vec!["B"]);
        // A long id may be two edits away.
        assert_eq!(suggest(["HB-2022-015"], "HB-2022-510"), vec!["HB-2022-015"]);
        assert!(suggest(["HB-2022-015"], "HB-2023-511").is_empty());
    }
}

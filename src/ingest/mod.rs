//! Ingest: turn a round folder into checked, unit-converted data.
//!
//! A round is a folder with `round.toml`, the cluster registry and the
//! submissions (CSV or XLSX, long or wide form, Chinese or English headers).
//! This stage reads them, converts units to the framework's, and reports
//! every problem located by file, row, column and value. It never scores and
//! never modifies an input; rows it reads but does not use are kept as
//! rejections, with the reason.

use crate::diag;

mod columns;
pub mod csv_text;
pub mod earlier;
pub mod ids;
pub mod layout;
pub mod number;
mod periods;
mod publication;
pub mod reading;
mod registry;
mod repeats;
mod round;
mod submissions;
pub mod table;
mod unit_label;
pub mod units;
mod workbook;

pub use publication::{Date, Publication};
pub use registry::{Cluster, Registry};
pub use round::{
    check_groups, load_round, load_setup, InputFile, Inputs, Round, RoundSpec, Setup, YEARS,
};
pub use submissions::{Observation, Rejection, Submissions};
pub use unit_label::{UnitLabel, UnitLabelSpec};
pub use workbook::sheets_from_bytes;

/// A header cell matched against aliases: exact (after trimming, case
/// folding and removing a trailing unit in brackets), or any of its
/// whitespace- or slash-separated parts (so "集群编号 cluster_id" matches).
pub fn header_matches(header: &str, aliases: &[&str]) -> bool {
    let (name, _) = split_header_unit(header);
    let norm = |s: &str| number::to_half_width(s).trim().to_lowercase();
    let h = norm(&name);
    if aliases.iter().any(|a| norm(a) == h) {
        return true;
    }
    h.split(|c: char| c.is_whitespace() || c == '/' || c == '|')
        .filter(|p| !p.is_empty())
        .any(|part| aliases.iter().any(|a| norm(a) == part))
}

/// Find the column for a role among the headers.
pub fn find_column(headers: &[String], aliases: &[&str]) -> Option<usize> {
    headers.iter().position(|h| header_matches(h, aliases))
}

/// The columns that match a role best: the headers that are one of the
/// aliases, or when there is none, the headers that contain one
/// ("集群编号 cluster_id").
pub fn role_columns(headers: &[String], aliases: &[&str]) -> Vec<usize> {
    let norm = |s: &str| number::to_half_width(s).trim().to_lowercase();
    let exact = |h: &str| {
        let name = norm(&split_header_unit(h).0);
        aliases.iter().any(|a| norm(a) == name)
    };
    let matching: Vec<usize> = (0..headers.len())
        .filter(|&c| header_matches(&headers[c], aliases))
        .collect();
    let exact_ones: Vec<usize> = matching
        .iter()
        .copied()
        .filter(|&c| exact(&headers[c]))
        .collect();
    if exact_ones.is_empty() {
        matching
    } else {
        exact_ones
    }
}

/// Find the one column for a role (see `role_columns`); two columns that
/// match it equally well are an error (which one is meant would be a
/// guess), reported at the header. Identical headers are left to
/// `table::duplicate_headers`.
pub fn find_role(
    table: &table::Table,
    aliases: &[&str],
    role: &str,
    diags: &mut diag::Diagnostics,
) -> Option<usize> {
    let best = role_columns(&table.headers, aliases);
    let first = *best.first()?;
    let h = |c: usize| table.headers[c].trim();
    if let Some(&other) = best[1..].iter().find(|&&c| h(c) != h(first)) {
        diags.push(
            diag::Diagnostic::error(
                &table.file,
                format!(
                    "two columns are read as {role}: {:?} (column {}) and {:?} (column {}); keep one, or skip the other with `ignore` in round.toml",
                    h(first),
                    first + 1,
                    h(other),
                    other + 1
                ),
            )
            .row(table.header_row)
            .column(h(other)),
        );
    }
    Some(first)
}

/// Split "主导产业营业收入（亿元）" or "revenue [亿元]" into the name and the unit.
pub fn split_header_unit(header: &str) -> (String, Option<String>) {
    let h = number::to_half_width(header.trim_start_matches('\u{feff}'))
        .trim()
        .to_string();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if h.ends_with(close) {
            if let Some(start) = h.rfind(open) {
                let unit = h[start + open.len_utf8()..h.len() - close.len_utf8()].trim();
                // "(单位：万元)" says the unit with its label, as a units
                // row may.
                let unit = ["单位:", "单位：", "unit:"]
                    .iter()
                    .find_map(|p| unit.strip_prefix(p))
                    .unwrap_or(unit)
                    .trim()
                    .to_string();
                let name = h[..start].trim().to_string();
                if !name.is_empty() {
                    return (name, Some(unit));
                }
            }
        }
    }
    (h, None)
}

pub(crate) const CLUSTER_ID: &[&str] = &["cluster_id", "cluster", "集群编号", "集群代码", "集群id"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_forms() {
        assert!(header_matches("集群编号", CLUSTER_ID));
        assert!(header_matches("\u{feff}cluster_id", CLUSTER_ID));
        assert!(header_matches("集群编号 cluster_id", CLUSTER_ID));
        assert!(header_matches("Cluster_ID", CLUSTER_ID));
        assert!(!header_matches("name", CLUSTER_ID));
        assert_eq!(
            split_header_unit("主导产业营业收入（亿元）"),
            ("主导产业营业收入".to_string(), Some("亿元".to_string()))
        );
        assert_eq!(
            split_header_unit("主导产业营业收入（单位：万元）"),
            ("主导产业营业收入".to_string(), Some("万元".to_string()))
        );
        assert_eq!(
            split_header_unit("revenue [万元]"),
            ("revenue".to_string(), Some("万元".to_string()))
        );
        assert_eq!(
            split_header_unit("首台(套)及关键技术突破数"),
            ("首台(套)及关键技术突破数".to_string(), None)
        );
    }
}

//! Ingest: turn a round folder into checked, unit-converted data.
//!
//! A round is a folder with `round.toml`, the cluster registry and the
//! submissions (CSV or XLSX, long or wide form, Chinese or English headers).
//! This stage reads them, converts units to the framework's, and reports
//! every problem located by file, row, column and value. It never scores and
//! never modifies an input; rows it reads but does not use are kept as
//! rejections, with the reason.

pub mod number;
mod registry;
mod round;
mod submissions;
pub mod table;
pub mod units;
mod workbook;

pub use registry::{Cluster, Registry};
pub use round::{check_groups, load_round, InputFile, Inputs, Round, RoundSpec};
pub use submissions::{Observation, Rejection, Submissions};

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

/// Split "主导产业营业收入（亿元）" or "revenue [亿元]" into the name and the unit.
pub fn split_header_unit(header: &str) -> (String, Option<String>) {
    let h = number::to_half_width(header.trim_start_matches('\u{feff}'))
        .trim()
        .to_string();
    for (open, close) in [('(', ')'), ('[', ']')] {
        if h.ends_with(close) {
            if let Some(start) = h.rfind(open) {
                let unit = h[start + open.len_utf8()..h.len() - close.len_utf8()]
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
            split_header_unit("revenue [万元]"),
            ("revenue".to_string(), Some("万元".to_string()))
        );
        assert_eq!(
            split_header_unit("首台(套)及关键技术突破数"),
            ("首台(套)及关键技术突破数".to_string(), None)
        );
    }
}

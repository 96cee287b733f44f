//! The `columns` of an input file in round.toml: each header named is
//! read as its role (renamed to it), and one header may serve several
//! roles when they are the unit's id and its names (`cluster_id = "uCode",
//! name_zh = "uCode"`: the column is copied for each); any other sharing
//! is a located error naming the roles.

use super::table::Table;
use crate::diag::{Diagnostic, Diagnostics};
use std::collections::BTreeMap;

/// The roles one column may serve together (`columns` mapping one header
/// to several of them): a unit's id and its names, when the file has one
/// column for both (a country code used as its name).
const SHAREABLE: &[&str] = &["cluster_id", "name_zh", "name_en"];

/// The column of a header named in round.toml: as the file has it, or
/// without the unit a units row added to it.
pub(super) fn find(headers: &[String], name: &str) -> Option<usize> {
    headers.iter().position(|h| h == name).or_else(|| {
        headers
            .iter()
            .position(|h| h.strip_prefix(name).is_some_and(|u| u.starts_with('(')))
    })
}

/// Rename each mapped column to its role (a renamed column keeps the unit
/// a units row added), copying a column that serves several.
pub(super) fn map_roles(
    table: &mut Table,
    columns: &BTreeMap<String, String>,
    diags: &mut Diagnostics,
) {
    // The roles of each header named (a header may serve the id and
    // the names at once: `cluster_id = "uCode", name_zh = "uCode"`).
    let mut roles: BTreeMap<&String, Vec<&String>> = BTreeMap::new();
    for (role, header) in columns {
        roles.entry(header).or_default().push(role);
    }
    for (header, roles) in roles {
        let shown = roles
            .iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(" and ");
        if roles.len() > 1 && !roles.iter().all(|r| SHAREABLE.contains(&r.as_str())) {
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "column {header:?} is mapped to {shown}: one column may serve several roles only as the id and the names ({}); map each of the others to its own column",
                        SHAREABLE.join(", ")
                    ),
                )
                .zh(format!(
                    "列 {header:?} 被同时映射为 {}：一列只能同时作为编号和名称（{}）；其余角色请各映射一列",
                    roles.iter().map(|r| r.as_str()).collect::<Vec<_>>().join("、"),
                    SHAREABLE.join("、")
                ))
                .row(table.header_row)
                .column(header.clone())
                .value(shown),
            );
            continue;
        }
        match find(&table.headers, header) {
            Some(c) => {
                let unit = table.headers[c][header.len()..].to_string();
                table.headers[c] = format!("{}{unit}", roles[0]);
                for role in &roles[1..] {
                    table.copy_column(c, format!("{role}{unit}"));
                }
            }
            None => diags.push(
                Diagnostic::error(
                    &table.file,
                    format!("column {header:?} (mapped to {shown}) is not in the file"),
                )
                .row(table.header_row)
                .column(header.clone()),
            ),
        }
    }
}

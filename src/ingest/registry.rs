//! The cluster registry (集群名录): who takes part in the round.
//!
//! One row per cluster: id, Chinese and English name, city, track (sector)
//! and promotion organisation; any further column is kept and can serve as
//! a grouping column (e.g. for group-mean imputation). Headers may be
//! Chinese or English. Ids are read in their plain form (`ids`), with one
//! warning naming the cells that changed. Two rows whose ids read the same
//! (one error naming both rows), an empty id, a blank name, city or track
//! (unless round.toml makes the role optional), a cell reading `NaN` or
//! `inf`, two columns for one role and a registry with no data row are
//! located errors.

use super::ids::{normalise_id, IdColumn};
use super::number::is_not_finite;
use super::table::Table;
use super::{find_role, CLUSTER_ID};
use crate::diag::{prerequisite, Diagnostic, Diagnostics};
use serde::Serialize;
use std::collections::BTreeMap;

/// One cluster of the round.
#[derive(Debug, Clone, Serialize)]
pub struct Cluster {
    pub id: String,
    /// 集群名称
    pub name_zh: String,
    pub name_en: String,
    /// 所在城市
    pub city: String,
    /// 赛道 / 产业领域
    pub track: String,
    /// 集群发展促进组织
    pub promotion_org: String,
    /// Any other registry column, by header.
    pub extra: BTreeMap<String, String>,
}

impl Cluster {
    /// The value of a grouping column: track, city, or any extra column.
    pub fn group_value(&self, column: &str) -> Option<&str> {
        match column {
            "track" | "sector" | "赛道" => Some(&self.track),
            "city" | "城市" => Some(&self.city),
            "promotion_org" => Some(&self.promotion_org),
            other => self.extra.get(other).map(|s| s.as_str()),
        }
    }
}

/// The clusters of a round, in registry order.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Registry {
    pub clusters: Vec<Cluster>,
}

impl Registry {
    /// The index of the cluster with this id (read in its plain form, see
    /// `ids::normalise_id`).
    pub fn index_of(&self, id: &str) -> Option<usize> {
        let id = normalise_id(id);
        self.clusters.iter().position(|c| c.id == id)
    }

    pub fn len(&self) -> usize {
        self.clusters.len()
    }

    pub fn is_empty(&self) -> bool {
        self.clusters.is_empty()
    }
}

pub(super) const NAME_ZH: &[&str] = &["name_zh", "name", "集群名称", "名称", "中文名称"];
const NAME_EN: &[&str] = &["name_en", "英文名称", "english name"];
const CITY: &[&str] = &["city", "城市", "所在城市", "设区市", "所在地市"];
const TRACK: &[&str] = &["track", "sector", "赛道", "产业领域", "领域"];
const PROMOTION_ORG: &[&str] = &[
    "promotion_org",
    "促进组织",
    "集群发展促进组织",
    "promotion organisation",
];

/// Read the registry table.
pub fn read_registry(table: &Table, optional: &[String], diags: &mut Diagnostics) -> Registry {
    let required =
        |role: &str, label: &'static str| (!optional.iter().any(|o| o == role)).then_some(label);
    let mut missing = Vec::new();
    let mut col = |aliases: &[&str], role: &str, label: Option<&str>, diags: &mut Diagnostics| {
        let c = find_role(table, aliases, role, diags);
        if let (None, Some(label)) = (c, label) {
            missing.push(label.to_string());
            // What reads this role (reviewers' tracks, gates) is not checked.
            let key = role.split(' ').next().unwrap_or(role);
            diags.prerequisite_failed(
                prerequisite::entry("registry column", key),
                format!("the registry {} has no {label} column", table.file),
            );
        }
        c
    };
    let id = col(
        CLUSTER_ID,
        "cluster_id (集群编号)",
        Some("cluster_id (集群编号)"),
        diags,
    );
    let name_label = "name_zh (集群名称)";
    let name_zh = col(NAME_ZH, name_label, Some(name_label), diags);
    let name_en = col(NAME_EN, "name_en (英文名称)", None, diags);
    let city = col(CITY, "city (城市)", required("city", "city (城市)"), diags);
    let track = col(
        TRACK,
        "track (赛道)",
        required("track", "track (赛道)"),
        diags,
    );
    let org = col(PROMOTION_ORG, "promotion_org (促进组织)", None, diags);
    for m in &missing {
        diags.push(
            Diagnostic::error(
                &table.file,
                format!(
                    "missing required column {m}; found: {}",
                    table.headers.join(", ")
                ),
            )
            .row(table.header_row)
            .column(m.clone()),
        );
    }
    let Some(id) = id else {
        return Registry::default();
    };
    if table.rows.is_empty() {
        diags.push(
            Diagnostic::error(
                &table.file,
                "no data row: the file has only its header; the registry lists one cluster per row",
            )
            .row(table.header_row + 1),
        );
        return Registry::default();
    }
    // Cells a cluster cannot go without (a role round.toml makes optional
    // may still be blank).
    let needed: Vec<(usize, &str)> = [(name_zh, "name_zh"), (city, "city"), (track, "track")]
        .into_iter()
        .filter(|(_, role)| *role == "name_zh" || required(role, "").is_some())
        .filter_map(|(c, role)| c.map(|c| (c, role)))
        .collect();
    let known: Vec<usize> = [Some(id), name_zh, name_en, city, track, org]
        .into_iter()
        .flatten()
        .collect();
    let mut reg = Registry::default();
    // The ids read so far, for the warning naming the cells normalised.
    let empty = Registry::default();
    let mut ids = IdColumn::new(&empty, &table.file, &table.headers[id]);
    let mut first_rows: Vec<usize> = Vec::new();
    for row in &table.rows {
        let get = |c: Option<usize>| {
            c.map(|c| table.cell(row, c).trim().to_string())
                .unwrap_or_default()
        };
        if table.cell(row, id).trim().starts_with('#') {
            continue;
        }
        let cid = ids.read(row.line, table.cell(row, id));
        if cid.is_empty() {
            diags.push(
                Diagnostic::error(&table.file, "empty cluster id")
                    .row(row.line)
                    .column(&table.headers[id]),
            );
            continue;
        }
        if let Some(d) = table.check_width(row) {
            diags.push(d);
        }
        for &(c, role) in &needed {
            if table.cell(row, c).trim().is_empty() {
                diags.push(
                    Diagnostic::error(
                        &table.file,
                        format!("blank {role}: every cluster needs one (the column is required)"),
                    )
                    .row(row.line)
                    .column(&table.headers[c]),
                );
            }
        }
        for (c, h) in table.headers.iter().enumerate() {
            let cell = table.cell(row, c);
            if is_not_finite(cell) {
                diags.push(
                    Diagnostic::error(
                        &table.file,
                        "NaN or infinity is not a value (write the value, or leave the cell blank)",
                    )
                    .row(row.line)
                    .column(h)
                    .value(cell),
                );
            }
        }
        if let Some(first) = reg.index_of(&cid) {
            let raw = table.cell(row, id);
            let read_as = if raw.trim() == cid {
                String::new()
            } else {
                format!(" ({raw:?} reads as {cid:?})")
            };
            diags.push(
                Diagnostic::error(
                    &table.file,
                    format!(
                        "duplicate cluster id: {cid} is listed in row {} ({}) and in row {}{read_as}",
                        first_rows[first], reg.clusters[first].name_zh, row.line
                    ),
                )
                .row(row.line)
                .column(&table.headers[id])
                .value(raw.trim()),
            );
            continue;
        }
        first_rows.push(row.line);
        let mut extra = BTreeMap::new();
        for (c, h) in table.headers.iter().enumerate() {
            if !known.contains(&c) {
                extra.insert(h.clone(), table.cell(row, c).trim().to_string());
            }
        }
        reg.clusters.push(Cluster {
            id: cid,
            name_zh: get(name_zh),
            name_en: get(name_en),
            city: get(city),
            track: get(track),
            promotion_org: get(org),
            extra,
        });
    }
    ids.finish(diags);
    if reg.is_empty() && !diags.has_errors() {
        diags.push(Diagnostic::error(
            &table.file,
            "the registry lists no cluster",
        ));
    }
    reg
}

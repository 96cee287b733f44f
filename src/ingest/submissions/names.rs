//! The cluster-name column of a wide submissions table (the template's
//! `集群名称 name`): found among the headers that name no field, and
//! checked on every row against the registry, so that a wrong id cannot
//! give one cluster's values to another unnoticed.

use super::super::registry::NAME_ZH;
use super::super::{role_columns, split_header_unit};
use super::Reader;
use crate::diag::Diagnostic;
use crate::ingest::table::{Row, Table};

impl Reader<'_> {
    /// The column of the cluster's name in a wide table (the template's
    /// `集群名称 name`): a header that names no field and is a registry
    /// name header.
    pub(super) fn name_column(&self, table: &Table, keys: &[Option<usize>]) -> Option<usize> {
        role_columns(&table.headers, NAME_ZH)
            .into_iter()
            .filter(|c| !keys.contains(&Some(*c)))
            .find(|&c| {
                let h = &table.headers[c];
                let (name, _) = split_header_unit(h);
                self.fw.find_field(h).is_none()
                    && self.fw.find_field(&name).is_none()
                    && name
                        .split_whitespace()
                        .all(|p| self.fw.find_field(p).is_none())
            })
    }

    /// A name given beside the id must be the registry's (Chinese or
    /// English) name of that cluster: a wrong id would give one cluster's
    /// values to another.
    pub(super) fn check_name(&mut self, table: &Table, row: &Row, col: usize, cluster: usize) {
        let raw = table.cell(row, col);
        let norm = |s: &str| crate::ingest::number::to_half_width(s).trim().to_string();
        // A spreadsheet's text marker before a formula character.
        let given = match raw.trim().strip_prefix('\'') {
            Some(rest) if rest.starts_with(['=', '+', '-', '@']) => norm(rest),
            _ => norm(raw),
        };
        let c = &self.registry.clusters[cluster];
        if given.is_empty() || given == norm(&c.name_zh) || given == norm(&c.name_en) {
            return;
        }
        self.diags.push(
            Diagnostic::error(
                &table.file,
                format!(
                    "the cluster name does not match the registry: cluster {} is {:?}; check the id, or leave the name blank",
                    c.id, c.name_zh
                ),
            )
            .row(row.line)
            .column(&table.headers[col])
            .value(raw),
        );
    }
}

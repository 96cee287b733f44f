//! Indicators derived from enterprise rosters (企业名录): the settings.
//!
//! A field with `source = "roster"` is computed from the enterprises each
//! cluster lists, by one aggregation over the enterprises that meet every
//! condition of `where`:
//!
//! - `count`: how many enterprises;
//! - `sum`: Σ of one numeric column (`of`);
//! - `ratio`: Σ numerator / Σ denominator (e.g. R&D spending / revenue);
//! - `weighted_count`: Σ over enterprises of the weights of the flags they
//!   hold (e.g. little giant x1 + single champion x2).
//!
//! The result is multiplied by `factor` (unit conversion, x100 for a
//! percentage). `[roster]` sets the policy for an enterprise claimed by more
//! than one cluster, the tolerance between a declared aggregate and the
//! derived one, and which of the two is scored. This module holds the
//! resolved settings and the roster columns the engine knows; the reading
//! and aggregation live in `crate::roster`.

use serde::{Deserialize, Serialize};

/// What a roster column holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ColumnKind {
    /// Text (code, name, cluster, county).
    Text,
    /// A non-negative number; blank = not known.
    Number,
    /// Yes / no (是/否, 1/0, Y/N, true/false, √); blank = no.
    Flag,
}

/// A roster column: its id, names and accepted headers.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RosterColumn {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub kind: ColumnKind,
    pub unit: String,
    /// Headers that name this column (besides id and names).
    pub aliases: Vec<String>,
}

/// A built-in column: id, Chinese name, English name, kind, unit, aliases.
pub type BuiltinColumn = (
    &'static str,
    &'static str,
    &'static str,
    ColumnKind,
    &'static str,
    &'static [&'static str],
);

/// Columns every roster may carry. The first three are required.
pub const BUILTIN_COLUMNS: &[BuiltinColumn] = &[
    (
        "uscc",
        "统一社会信用代码",
        "Unified social credit code",
        ColumnKind::Text,
        "",
        &["credit_code", "信用代码", "社会信用代码", "code"],
    ),
    (
        "name",
        "企业名称",
        "Enterprise name",
        ColumnKind::Text,
        "",
        &["enterprise", "名称", "企业"],
    ),
    (
        "cluster",
        "集群编号",
        "Cluster id",
        ColumnKind::Text,
        "",
        &["cluster_id", "集群代码", "集群id"],
    ),
    (
        "county",
        "所在区县",
        "County",
        ColumnKind::Text,
        "",
        &["区县", "县区", "district"],
    ),
    (
        "revenue",
        "营业收入",
        "Revenue",
        ColumnKind::Number,
        "万元",
        &["营收", "主营业务收入"],
    ),
    (
        "rd_spending",
        "研发投入",
        "R&D spending",
        ColumnKind::Number,
        "万元",
        &["rd", "研发费用", "研发经费支出", "R&D经费支出"],
    ),
    (
        "patents",
        "有效发明专利数",
        "Valid invention patents",
        ColumnKind::Number,
        "件",
        &["valid_patents", "有效发明专利"],
    ),
    (
        "employees",
        "从业人员数",
        "Employees",
        ColumnKind::Number,
        "人",
        &["从业人员", "员工数", "staff"],
    ),
    (
        "above_scale",
        "规上企业",
        "Above designated size",
        ColumnKind::Flag,
        "",
        &["规模以上", "规模以上企业", "是否规上"],
    ),
    (
        "high_tech",
        "国家高新技术企业",
        "National high-tech enterprise",
        ColumnKind::Flag,
        "",
        &["高新技术企业", "高新企业"],
    ),
    (
        "little_giant",
        "专精特新小巨人",
        "Little giant",
        ColumnKind::Flag,
        "",
        &["小巨人", "专精特新“小巨人”"],
    ),
    (
        "single_champion",
        "制造业单项冠军",
        "Single champion",
        ColumnKind::Flag,
        "",
        &["单项冠军"],
    ),
    (
        "listed",
        "上市企业",
        "Listed",
        ColumnKind::Flag,
        "",
        &["上市", "是否上市"],
    ),
];

/// The required columns: code, name and (unless one file per cluster) cluster.
pub const REQUIRED: &[&str] = &["uscc", "name", "cluster"];

/// A comparison operator in a condition.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum CmpOp {
    #[serde(rename = ">=")]
    Ge,
    #[serde(rename = ">")]
    Gt,
    #[serde(rename = "<=")]
    Le,
    #[serde(rename = "<")]
    Lt,
    #[serde(rename = "==")]
    Eq,
    #[serde(rename = "!=")]
    Ne,
}

impl CmpOp {
    pub const ALL: [(&'static str, CmpOp); 6] = [
        (">=", CmpOp::Ge),
        ("<=", CmpOp::Le),
        ("!=", CmpOp::Ne),
        ("==", CmpOp::Eq),
        (">", CmpOp::Gt),
        ("<", CmpOp::Lt),
    ];

    pub fn symbol(self) -> &'static str {
        CmpOp::ALL
            .iter()
            .find(|(_, o)| *o == self)
            .map(|(s, _)| *s)
            .unwrap_or("?")
    }
}

/// One condition of `where`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Condition {
    /// The flag holds (`value = true`) or does not (`!flag`).
    Flag { column: String, value: bool },
    /// A numeric column compared with a number.
    Compare {
        column: String,
        op: CmpOp,
        value: f64,
    },
}

impl Condition {
    pub fn text(&self) -> String {
        match self {
            Condition::Flag {
                column,
                value: true,
            } => column.clone(),
            Condition::Flag {
                column,
                value: false,
            } => format!("!{column}"),
            Condition::Compare { column, op, value } => {
                format!("{column} {} {}", op.symbol(), super::trim_float(*value))
            }
        }
    }

    /// The roster column the condition reads.
    pub fn column(&self) -> &str {
        match self {
            Condition::Flag { column, .. } | Condition::Compare { column, .. } => column,
        }
    }
}

/// The aggregation of a derived field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "derive", rename_all = "snake_case")]
pub enum Aggregate {
    Count,
    Sum {
        of: String,
    },
    Ratio {
        numerator: String,
        denominator: String,
    },
    WeightedCount {
        weights: Vec<(String, f64)>,
    },
}

/// Which figure is scored when a cluster declared an aggregate the roster
/// also yields.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Prefer {
    Roster,
    Declared,
}

/// What to do with an enterprise listed by more than one cluster.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DuplicatePolicy {
    /// Count it for every cluster that lists it.
    Both,
    /// Count it for none of them.
    None,
    /// Stop the round with an error.
    Fail,
}

/// How one field is derived from the roster.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Derivation {
    pub aggregate: Aggregate,
    pub conditions: Vec<Condition>,
    pub factor: f64,
    /// Relative difference allowed between declared and derived.
    pub tolerance: f64,
    pub prefer: Prefer,
}

impl Derivation {
    /// The formula in words, e.g. "Σ rd_spending / Σ revenue x 100 where above_scale".
    pub fn describe(&self) -> String {
        let mut s = match &self.aggregate {
            Aggregate::Count => "count".to_string(),
            Aggregate::Sum { of } => format!("Σ {of}"),
            Aggregate::Ratio {
                numerator,
                denominator,
            } => format!("Σ {numerator} / Σ {denominator}"),
            Aggregate::WeightedCount { weights } => weights
                .iter()
                .map(|(c, w)| format!("{} x {c}", super::trim_float(*w)))
                .collect::<Vec<_>>()
                .join(" + "),
        };
        if self.factor != 1.0 {
            s.push_str(&format!(" x {}", super::trim_float(self.factor)));
        }
        if !self.conditions.is_empty() {
            let c: Vec<String> = self.conditions.iter().map(Condition::text).collect();
            s.push_str(&format!(" where {}", c.join(" and ")));
        }
        s
    }

    /// Every roster column the derivation reads.
    pub fn columns(&self) -> Vec<&str> {
        let mut out: Vec<&str> = self.conditions.iter().map(Condition::column).collect();
        match &self.aggregate {
            Aggregate::Count => {}
            Aggregate::Sum { of } => out.push(of),
            Aggregate::Ratio {
                numerator,
                denominator,
            } => {
                out.push(numerator);
                out.push(denominator);
            }
            Aggregate::WeightedCount { weights } => {
                out.extend(weights.iter().map(|(c, _)| c.as_str()))
            }
        }
        out
    }
}

/// The relative difference allowed between a declared aggregate and the one
/// derived from the roster, unless `[roster] tolerance` says otherwise (5 %).
const DEFAULT_TOLERANCE: f64 = 0.05;

/// `[roster]`: policies and the columns a roster may carry.
#[derive(Debug, Clone, Serialize)]
pub struct RosterSettings {
    pub duplicates: DuplicatePolicy,
    pub tolerance: f64,
    pub prefer: Prefer,
    /// Built-in columns, then the framework's own (`[[roster.column]]`).
    pub columns: Vec<RosterColumn>,
}

impl Default for RosterSettings {
    fn default() -> Self {
        RosterSettings {
            duplicates: DuplicatePolicy::Both,
            tolerance: DEFAULT_TOLERANCE,
            prefer: Prefer::Roster,
            columns: builtin_columns(),
        }
    }
}

impl RosterSettings {
    pub fn column(&self, id: &str) -> Option<&RosterColumn> {
        self.columns.iter().find(|c| c.id == id)
    }
}

fn builtin_columns() -> Vec<RosterColumn> {
    BUILTIN_COLUMNS
        .iter()
        .map(|(id, zh, en, kind, unit, aliases)| RosterColumn {
            id: id.to_string(),
            name_zh: zh.to_string(),
            name_en: en.to_string(),
            kind: *kind,
            unit: unit.to_string(),
            aliases: aliases.iter().map(|a| a.to_string()).collect(),
        })
        .collect()
}

/// Parse one condition of `where`: `flag`, `!flag` or `column op number`.
pub fn parse_condition(text: &str) -> Option<Condition> {
    let t = text.trim();
    for (sym, op) in CmpOp::ALL {
        if let Some((l, r)) = t.split_once(sym) {
            let value: f64 = r.trim().parse().ok()?;
            let column = l.trim();
            if column.is_empty() || !value.is_finite() {
                return None;
            }
            return Some(Condition::Compare {
                column: column.to_string(),
                op,
                value,
            });
        }
    }
    let (column, value) = match t.strip_prefix('!') {
        Some(rest) => (rest.trim(), false),
        None => (t, true),
    };
    if column.is_empty() || column.contains(char::is_whitespace) {
        return None;
    }
    Some(Condition::Flag {
        column: column.to_string(),
        value,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions() {
        assert_eq!(
            parse_condition("revenue >= 100000"),
            Some(Condition::Compare {
                column: "revenue".into(),
                op: CmpOp::Ge,
                value: 100000.0
            })
        );
        assert_eq!(
            parse_condition("!listed"),
            Some(Condition::Flag {
                column: "listed".into(),
                value: false
            })
        );
        assert_eq!(parse_condition("revenue >= lots"), None);
        assert_eq!(parse_condition("two words"), None);
    }
}

//! The statistical audit of a scored round, as the EC JRC audits a
//! composite index and as COINr (the JRC's R package) computes it:
//! - indicator statistics with flags (`describe`, COINr `get_stats`) on
//!   the Raw and the Normalised data sets (`data`);
//! - data availability per unit and per node (COINr `get_data_avail`);
//! - correlations of every element with its ancestors and between the
//!   children of each node, Pearson and Spearman with p-values, of each
//!   indicator with each denominator, collinearity and negative-correlation
//!   flags, Cronbach's alpha (`corr`);
//! - principal components of each node's children (`pca`);
//! - leave one out and effective against nominal importance (Paruolo,
//!   Saisana & Saltelli 2013) (`influence`).
//!
//! Everything is a pure function of the framework and the scored round;
//! the thresholds come from round.toml's `[audit]` (`Settings::parse`).

pub mod corr;
pub mod data;
pub mod describe;
pub mod influence;
pub mod pca;

use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::Framework;
use crate::score::Scored;
use serde::Serialize;

/// The thresholds of the audit (round.toml `[audit]`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Settings {
    /// An indicator is flagged when |skew| > `t_skew` and kurtosis >
    /// `t_kurt` (COINr defaults 2 and 3.5).
    pub t_skew: f64,
    pub t_kurt: f64,
    /// Availability below this is low (0.65).
    pub t_avail: f64,
    /// Non-zero values over all units below this is low (0.5).
    pub t_zero: f64,
    /// Distinct values over all units below this is low (0.5).
    pub t_unique: f64,
    /// Siblings correlated above this are collinear (0.9).
    pub collinear: f64,
    /// Siblings correlated below this are flagged (-0.4).
    pub negative: f64,
    /// Effective / nominal importance above this or below its inverse is
    /// flagged (2).
    pub importance_factor: f64,
    /// A correlation with p at or below this is significant (0.05).
    pub significance: f64,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            t_skew: 2.0,
            t_kurt: 3.5,
            t_avail: 0.65,
            t_zero: 0.5,
            t_unique: 0.5,
            collinear: 0.9,
            negative: -0.4,
            importance_factor: 2.0,
            significance: 0.05,
        }
    }
}

impl Settings {
    /// `[audit]` of round.toml (`None`: the defaults); every key must be
    /// known and a number in its range, else an error located at `file`.
    pub fn parse(table: Option<&toml::Value>, file: &str, diags: &mut Diagnostics) -> Settings {
        let mut s = Settings::default();
        let Some(table) = table else {
            return s;
        };
        let Some(t) = table.as_table() else {
            diags.push(
                Diagnostic::error(file, "[audit] must be a table of thresholds")
                    .column("audit")
                    .zh("[audit] 应为阈值表"),
            );
            return s;
        };
        for (key, v) in t {
            let x = v.as_float().or_else(|| v.as_integer().map(|i| i as f64));
            let (slot, lo, hi): (&mut f64, f64, f64) = match key.as_str() {
                "skew" => (&mut s.t_skew, 0.0, f64::MAX),
                "kurtosis" => (&mut s.t_kurt, f64::MIN, f64::MAX),
                "availability" => (&mut s.t_avail, 0.0, 1.0),
                "nonzero" => (&mut s.t_zero, 0.0, 1.0),
                "unique" => (&mut s.t_unique, 0.0, 1.0),
                "collinear" => (&mut s.collinear, -1.0, 1.0),
                "negative" => (&mut s.negative, -1.0, 1.0),
                "importance_factor" => (&mut s.importance_factor, 1.0, f64::MAX),
                "significance" => (&mut s.significance, 0.0, 1.0),
                _ => {
                    diags.push(
                        Diagnostic::error(
                            file,
                            format!(
                                "unknown key [audit] {key}: expected skew, kurtosis, availability, nonzero, unique, collinear, negative, importance_factor or significance"
                            ),
                        )
                        .column(format!("audit.{key}"))
                        .zh(format!("[audit] 中的键 {key} 无法识别")),
                    );
                    continue;
                }
            };
            match x {
                Some(x) if x.is_finite() && x >= lo && x <= hi => *slot = x,
                _ => diags.push(
                    Diagnostic::error(
                        file,
                        format!("[audit] {key} must be a number from {lo} to {hi}"),
                    )
                    .column(format!("audit.{key}"))
                    .value(v.to_string())
                    .zh(format!("[audit] {key} 应为 {lo} 至 {hi} 之间的数")),
                ),
            }
        }
        s
    }
}

/// An indicator or node as the audit's reports name it.
#[derive(Debug, Clone, Serialize)]
pub struct ElementInfo {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    /// 1 for an indicator; a node's is one above its highest child.
    pub level: usize,
    pub parent: Option<String>,
    pub indicator: bool,
}

impl Analysis {
    /// The element with this code.
    pub fn element(&self, code: &str) -> Option<&ElementInfo> {
        self.elements.iter().find(|e| e.code == code)
    }
}

/// The statistical audit of a round.
#[derive(Debug, Clone, Serialize)]
pub struct Analysis {
    pub settings: Settings,
    /// Cluster ids, in the order of the per-unit vectors below.
    pub units: Vec<String>,
    /// Every indicator, then every node (the root first).
    pub elements: Vec<ElementInfo>,
    pub stats: Vec<describe::IndicatorStats>,
    pub availability: Vec<describe::UnitAvailability>,
    pub correlations: Vec<corr::Correlation>,
    pub corr_flags: Vec<corr::CorrFlag>,
    pub cronbach: Vec<corr::Cronbach>,
    pub pca: Vec<pca::Pca>,
    pub leave_one_out: Vec<influence::LeaveOneOut>,
    pub importance: Vec<influence::Importance>,
}

/// The whole audit of a scored round (`ids`: the scored rows' ids).
pub fn analyse(fw: &Framework, scored: &Scored, ids: &[String], settings: &Settings) -> Analysis {
    let d = data::build(fw, scored, ids);
    Analysis {
        settings: *settings,
        units: d.units.clone(),
        elements: d
            .elements
            .iter()
            .map(|e| ElementInfo {
                code: e.code.clone(),
                name_zh: e.name_zh.clone(),
                name_en: e.name_en.clone(),
                level: e.level,
                parent: e.parent.map(|p| d.elements[p].code.clone()),
                indicator: e.is_indicator,
            })
            .collect(),
        stats: describe::indicator_stats(&d, settings),
        availability: describe::availability(&d),
        correlations: corr::correlations(&d, settings),
        corr_flags: corr::audit_flags(&d, settings),
        cronbach: corr::cronbach(&d),
        pca: pca::by_node(&d),
        leave_one_out: influence::leave_one_out(fw, scored, &d),
        importance: influence::importance(&d, settings),
    }
}

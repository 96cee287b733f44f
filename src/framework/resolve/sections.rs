//! Reading the file's sections, and resolving the small single-table ones.
//!
//! Parses the TOML text, checks every table's keys against the keys its
//! section accepts, and deserializes each entry into its raw struct,
//! reporting a type error at the entry's key path and going on without it.
//! The single-table sections that stand alone (`[framework]`, `[treatment]`,
//! `[screening]`) are resolved here too; the arrays of tables (`[[node]]`,
//! `[[indicator]]`, ...) are only read, and resolved by the other passes.
//! Nothing here knows about the hierarchy.

use super::super::derive::RosterSettings;
use super::super::raw::*;
use super::super::{Aggregation, MissingPolicy, Screening, Treatment};
use super::Resolver;
use serde::de::DeserializeOwned;

/// The points of the total when `total_points` is missing or unusable, so
/// that the rest of the file can still be checked.
const FALLBACK_TOTAL_POINTS: f64 = 100.0;

/// `[treatment]` default: an indicator passes when |skewness| is below this
/// (COINr's default threshold).
const DEFAULT_SKEW: f64 = 2.0;
/// `[treatment]` default: ... or when its excess kurtosis is below this
/// (COINr's default threshold).
const DEFAULT_KURTOSIS: f64 = 3.5;
/// `[treatment]` default: stop winsorising after this many points (COINr's
/// default).
const DEFAULT_MAX_WINSORISED: usize = 5;

/// The sections of a framework file, read and (for the single tables that
/// stand alone) resolved; each array entry comes with its key path.
pub(super) struct Sections {
    pub header: RawHeader,
    pub ranking: RawRanking,
    pub report: RawReport,
    pub treatment: Option<Treatment>,
    pub screening: Option<Screening>,
    pub roster: RosterSettings,
    pub grades: Vec<(String, RawGrade)>,
    pub fields: Vec<(String, RawField)>,
    pub nodes: Vec<(String, RawNode)>,
    pub indicators: Vec<(String, RawIndicator)>,
}

/// `[framework]` resolved: what the root of the hierarchy and every
/// indicator without its own policy inherit.
pub(super) struct Header {
    pub total_points: f64,
    pub aggregation: Aggregation,
    pub default_missing: MissingPolicy,
}

impl Resolver {
    /// The TOML document, or `None` (with the error and its line) when the
    /// text is not TOML.
    pub(super) fn parse_toml(&mut self, text: &str) -> Option<toml::Table> {
        match text.parse::<toml::Table>() {
            Ok(doc) => Some(doc),
            Err(e) => {
                self.diags.push(super::super::toml_errors::located(
                    &self.file,
                    text,
                    &e,
                    "indicator file",
                ));
                None
            }
        }
    }

    /// Read every section, in the order of their problems in the report.
    pub(super) fn read_sections(&mut self, doc: &toml::Table) -> Sections {
        self.check_keys("(top level)", doc, TOP_KEYS);
        let header: RawHeader = match doc.get("framework") {
            Some(v) => self.entry("framework", v, HEADER_KEYS).unwrap_or_default(),
            None => {
                self.err("framework", "missing [framework] section");
                RawHeader::default()
            }
        };
        let ranking: RawRanking = match doc.get("ranking") {
            Some(v) => self.entry("ranking", v, RANKING_KEYS).unwrap_or_default(),
            None => RawRanking::default(),
        };
        let report: RawReport = match doc.get("report") {
            Some(v) => self.entry("report", v, REPORT_KEYS).unwrap_or_default(),
            None => RawReport::default(),
        };
        let treatment = doc.get("treatment").and_then(|v| {
            self.entry::<RawTreatment>("treatment", v, TREATMENT_KEYS)
                .and_then(|t| self.resolve_treatment(&t))
        });
        let screening = doc.get("screening").and_then(|v| {
            self.entry::<RawScreening>("screening", v, SCREENING_KEYS)
                .and_then(|s| self.resolve_screening(&s))
        });
        let roster = match doc.get("roster") {
            Some(v) => self
                .entry::<RawRoster>("roster", v, ROSTER_KEYS)
                .map(|r| self.resolve_roster(&r))
                .unwrap_or_default(),
            None => RosterSettings::default(),
        };
        Sections {
            header,
            ranking,
            report,
            treatment,
            screening,
            roster,
            grades: self.entries(doc, "grade", GRADE_KEYS),
            fields: self.entries(doc, "field", FIELD_KEYS),
            nodes: self.entries(doc, "node", NODE_KEYS),
            indicators: self.entries(doc, "indicator", INDICATOR_KEYS),
        }
    }

    fn check_keys(&mut self, path: &str, table: &toml::Table, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                self.err(
                    format!("{path}.{key}"),
                    format!("unknown key; expected one of: {}", known.join(", ")),
                );
            }
        }
    }

    /// Deserialize one entry, reporting a type error at its path.
    pub(super) fn entry<T: DeserializeOwned>(
        &mut self,
        path: &str,
        value: &toml::Value,
        known: &[&str],
    ) -> Option<T> {
        match value.as_table() {
            Some(t) => self.check_keys(path, t, known),
            None => {
                self.err(path, "expected a table");
                return None;
            }
        }
        match T::deserialize(value.clone()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.err(path, format!("cannot read this entry: {}", e.message()));
                None
            }
        }
    }

    /// Every entry of an array of tables (`[[section]]`), with its key path
    /// (`section[3]`, counted from 1); unreadable entries are left out.
    pub(super) fn entries<T: DeserializeOwned>(
        &mut self,
        doc: &toml::Table,
        section: &str,
        known: &[&str],
    ) -> Vec<(String, T)> {
        let mut out = Vec::new();
        match doc.get(section) {
            None => {}
            Some(toml::Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{section}[{}]", i + 1);
                    if let Some(v) = self.entry::<T>(&path, item, known) {
                        out.push((path, v));
                    }
                }
            }
            Some(_) => self.err(
                section,
                format!("expected an array of tables ([[{section}]])"),
            ),
        }
        out
    }

    /// `[framework]`: the total's points and aggregation, and the default
    /// missing-value policy.
    pub(super) fn resolve_header(&mut self, header: &RawHeader) -> Header {
        let total_points = match header.total_points {
            Some(p) if p > 0.0 && p.is_finite() => p,
            Some(p) => {
                self.err_v(
                    "framework.total_points",
                    p.to_string(),
                    "must be a positive number",
                );
                FALLBACK_TOTAL_POINTS
            }
            None => {
                self.err(
                    "framework.total_points",
                    "missing; expected the points of the total (e.g. 100)",
                );
                FALLBACK_TOTAL_POINTS
            }
        };
        let aggregation = self.aggregation("framework.aggregation", header.aggregation.as_ref());
        let default_missing = self
            .missing_policy(
                "framework.missing",
                header.missing.as_deref(),
                header.group.as_deref(),
            )
            .unwrap_or(MissingPolicy::NoPoints);
        Header {
            total_points,
            aggregation,
            default_missing,
        }
    }

    fn resolve_treatment(&mut self, t: &RawTreatment) -> Option<Treatment> {
        match t.method.as_deref() {
            None | Some("skew_kurtosis") => {}
            Some(other) => {
                self.err_v(
                    "treatment.method",
                    other,
                    "unknown treatment method; expected skew_kurtosis",
                );
                return None;
            }
        }
        let skew = t.skew.unwrap_or(DEFAULT_SKEW);
        let kurtosis = t.kurtosis.unwrap_or(DEFAULT_KURTOSIS);
        if !(skew > 0.0 && kurtosis.is_finite()) {
            self.err(
                "treatment.skew",
                "skew must be a positive threshold and kurtosis a number",
            );
            return None;
        }
        Some(Treatment {
            skew,
            kurtosis,
            max_winsorised: t.max_winsorised.unwrap_or(DEFAULT_MAX_WINSORISED),
            log_fallback: t.log_fallback.unwrap_or(true),
        })
    }

    fn resolve_screening(&mut self, s: &RawScreening) -> Option<Screening> {
        let share = |me: &mut Self, key: &str, v: Option<f64>| match v {
            Some(m) if (0.0..=1.0).contains(&m) => Some(m),
            Some(m) => {
                me.err_v(
                    format!("screening.{key}"),
                    m.to_string(),
                    "must be a share in [0, 1] (e.g. 0.9)",
                );
                None
            }
            None => Some(0.0),
        };
        let min = share(self, "min_availability", s.min_availability)?;
        let min_nonzero = share(self, "min_nonzero", s.min_nonzero)?;
        if s.min_availability.is_none()
            && s.min_nonzero.is_none()
            && s.include.is_empty()
            && s.exclude.is_empty()
        {
            self.err(
                "screening.min_availability",
                "missing: the share of indicators a unit must have (e.g. 0.9), or another test (min_nonzero, include, exclude)",
            );
            return None;
        }
        if let Some(both) = s.include.iter().find(|i| s.exclude.contains(i)) {
            self.err_v(
                "screening.exclude",
                both,
                "this unit is both in include and in exclude",
            );
            return None;
        }
        let after_imputation = match s.on.as_deref() {
            None | Some("raw") => false,
            Some("imputed") => true,
            Some(other) => {
                self.err_v("screening.on", other, "expected raw or imputed");
                return None;
            }
        };
        Some(Screening {
            min_availability: min,
            min_nonzero,
            include: s.include.iter().map(|x| x.trim().to_string()).collect(),
            exclude: s.exclude.iter().map(|x| x.trim().to_string()).collect(),
            after_imputation,
        })
    }
}

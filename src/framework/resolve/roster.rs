//! Resolving `[roster]` and the derivation keys of `[[field]]`.
//!
//! `[roster]` sets the duplicate policy, the tolerance between declared and
//! derived aggregates, which of them is scored, and the framework's own
//! roster columns. A field with `source = "roster"` gets its aggregation and
//! conditions checked against the roster columns and their kinds. Reading and
//! aggregating the rosters themselves is `crate::roster`'s job, not this one.

use super::super::derive::*;
use super::super::raw::{RawField, RawRoster};
use super::Resolver;

impl Resolver {
    pub(super) fn resolve_roster(&mut self, raw: &RawRoster) -> RosterSettings {
        let mut out = RosterSettings::default();
        match raw.duplicates.as_deref() {
            None | Some("both") => {}
            Some("none") => out.duplicates = DuplicatePolicy::None,
            Some("fail") => out.duplicates = DuplicatePolicy::Fail,
            Some(other) => self.err_v(
                "roster.duplicates",
                other,
                "unknown duplicate policy; expected both, none or fail",
            ),
        }
        if let Some(t) = raw.tolerance {
            if t >= 0.0 && t.is_finite() {
                out.tolerance = t;
            } else {
                self.err_v(
                    "roster.tolerance",
                    t.to_string(),
                    "must be a relative difference >= 0 (0.05 = 5 %)",
                );
            }
        }
        if let Some(p) = self.prefer("roster.prefer", raw.prefer.as_deref()) {
            out.prefer = p;
        }
        for (i, c) in raw.column.iter().enumerate() {
            let path = format!("roster.column[{}]", i + 1);
            if out.columns.iter().any(|k| k.id == c.id) {
                let builtin: Vec<&str> = BUILTIN_COLUMNS.iter().map(|c| c.0).collect();
                self.err_v(
                    format!("{path}.id"),
                    &c.id,
                    format!(
                        "duplicate roster column id (the built-in columns are {})",
                        builtin.join(", ")
                    ),
                );
                continue;
            }
            let kind = match c.kind.as_deref() {
                Some("number") => ColumnKind::Number,
                Some("flag") => ColumnKind::Flag,
                Some("text") => ColumnKind::Text,
                other => {
                    self.err_v(
                        format!("{path}.kind"),
                        other.unwrap_or(""),
                        "expected number, flag or text",
                    );
                    continue;
                }
            };
            out.columns.push(RosterColumn {
                id: c.id.clone(),
                name_zh: c.name_zh.clone().unwrap_or_else(|| c.id.clone()),
                name_en: c.name_en.clone().unwrap_or_else(|| c.id.clone()),
                kind,
                unit: c.unit.clone().unwrap_or_default(),
                aliases: c.aliases.clone(),
            });
        }
        out
    }

    fn prefer(&mut self, key: &str, s: Option<&str>) -> Option<Prefer> {
        match s {
            None => None,
            Some("roster") => Some(Prefer::Roster),
            Some("declared") => Some(Prefer::Declared),
            Some(other) => {
                self.err_v(key, other, "expected roster or declared");
                None
            }
        }
    }

    /// A roster column of the expected kind, or an error at `key`.
    fn roster_column(
        &mut self,
        key: &str,
        id: &str,
        kind: ColumnKind,
        roster: &RosterSettings,
    ) -> bool {
        match roster.column(id) {
            Some(c) if c.kind == kind => true,
            Some(c) => {
                self.err_v(
                    key,
                    id,
                    format!("roster column {id} holds {:?}, expected {:?}", c.kind, kind),
                );
                false
            }
            None => {
                self.err_v(
                    key,
                    id,
                    "unknown roster column; declare it with [[roster.column]] or use a built-in one",
                );
                false
            }
        }
    }

    /// How a field is derived from the roster; `None` for a submitted field
    /// (which may not carry derivation keys) or a derivation with problems.
    pub(super) fn resolve_derivation(
        &mut self,
        path: &str,
        f: &RawField,
        roster: &RosterSettings,
    ) -> Option<Derivation> {
        let p = |k: &str| format!("{path}.{k}");
        if !self.is_roster_field(path, f) {
            return None;
        }
        let (conditions, mut ok) = self.conditions(path, f, roster);
        let (aggregate, aggregate_ok) = self.aggregate(path, f, roster)?;
        ok &= aggregate_ok;
        let factor = f.factor.unwrap_or(1.0);
        if !(factor.is_finite() && factor != 0.0) {
            self.err_v(p("factor"), factor.to_string(), "must be a non-zero number");
            ok = false;
        }
        let tolerance = match f.tolerance {
            Some(t) if t >= 0.0 && t.is_finite() => t,
            Some(t) => {
                self.err_v(p("tolerance"), t.to_string(), "must be >= 0");
                roster.tolerance
            }
            None => roster.tolerance,
        };
        let prefer = self
            .prefer(&p("prefer"), f.prefer.as_deref())
            .unwrap_or(roster.prefer);
        ok.then_some(Derivation {
            aggregate,
            conditions,
            factor,
            tolerance,
            prefer,
        })
    }

    /// `source = "roster"`; a submitted field with derivation keys has each
    /// of them reported.
    fn is_roster_field(&mut self, path: &str, f: &RawField) -> bool {
        match f.source.as_deref() {
            None | Some("submitted") => {
                let derivation_keys = [
                    ("derive", f.derive.is_some()),
                    ("where", f.conditions.is_some()),
                    ("of", f.of.is_some()),
                    ("numerator", f.numerator.is_some()),
                    ("denominator", f.denominator.is_some()),
                    ("weights", f.weights.is_some()),
                    ("factor", f.factor.is_some()),
                    ("tolerance", f.tolerance.is_some()),
                    ("prefer", f.prefer.is_some()),
                ];
                for (k, set) in derivation_keys {
                    if set {
                        self.err(
                            format!("{path}.{k}"),
                            "only a field with source = \"roster\" takes this key",
                        );
                    }
                }
                false
            }
            Some("roster") => true,
            Some(other) => {
                self.err_v(
                    format!("{path}.source"),
                    other,
                    "expected submitted or roster",
                );
                false
            }
        }
    }

    /// The conditions of `where`, each on a roster column of the right kind;
    /// with false when one of them has a problem.
    fn conditions(
        &mut self,
        path: &str,
        f: &RawField,
        roster: &RosterSettings,
    ) -> (Vec<Condition>, bool) {
        let key = format!("{path}.where");
        let mut ok = true;
        let mut conditions = Vec::new();
        for c in f.conditions.iter().flatten() {
            match parse_condition(c) {
                Some(cond) => {
                    let kind = match cond {
                        Condition::Flag { .. } => ColumnKind::Flag,
                        Condition::Compare { .. } => ColumnKind::Number,
                    };
                    ok &= self.roster_column(&key, cond.column(), kind, roster);
                    conditions.push(cond);
                }
                None => {
                    self.err_v(
                        &key,
                        c,
                        "expected a flag column (above_scale), its negation (!listed) or a comparison (revenue >= 100000)",
                    );
                    ok = false;
                }
            }
        }
        (conditions, ok)
    }

    /// `derive` and the columns it reads; `None` when the aggregation cannot
    /// be made, false beside it when a column has a problem.
    fn aggregate(
        &mut self,
        path: &str,
        f: &RawField,
        roster: &RosterSettings,
    ) -> Option<(Aggregate, bool)> {
        let p = |k: &str| format!("{path}.{k}");
        let mut ok = true;
        let check = |me: &mut Self, key: &str, id: &str, kind: ColumnKind| {
            me.roster_column(&p(key), id, kind, roster)
        };
        let needs = |me: &mut Self, key: &str, v: &Option<String>, what: &str| -> Option<String> {
            if v.is_none() {
                me.err(p(key), format!("derive = {what:?} needs `{key}`"));
            }
            v.clone()
        };
        let aggregate = match f.derive.as_deref() {
            Some("count") => Aggregate::Count,
            Some("sum") => {
                let of = needs(self, "of", &f.of, "sum")?;
                ok &= check(self, "of", &of, ColumnKind::Number);
                Aggregate::Sum { of }
            }
            Some("ratio") => {
                let numerator = needs(self, "numerator", &f.numerator, "ratio")?;
                let denominator = needs(self, "denominator", &f.denominator, "ratio")?;
                ok &= check(self, "numerator", &numerator, ColumnKind::Number);
                ok &= check(self, "denominator", &denominator, ColumnKind::Number);
                Aggregate::Ratio {
                    numerator,
                    denominator,
                }
            }
            Some("weighted_count") => {
                let Some(w) = f.weights.clone().filter(|w| !w.is_empty()) else {
                    self.err(
                        p("weights"),
                        "derive = \"weighted_count\" needs `weights` = { flag = weight, ... }",
                    );
                    return None;
                };
                for (c, x) in &w {
                    ok &= check(self, "weights", c, ColumnKind::Flag);
                    if !x.is_finite() {
                        self.err_v(p("weights"), x.to_string(), "weights must be finite");
                        ok = false;
                    }
                }
                Aggregate::WeightedCount {
                    weights: w.into_iter().collect(),
                }
            }
            other => {
                self.err_v(
                    p("derive"),
                    other.unwrap_or(""),
                    "a roster field needs derive = count, sum, ratio or weighted_count",
                );
                return None;
            }
        };
        Some((aggregate, ok))
    }
}

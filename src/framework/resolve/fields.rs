//! `[[field]]`: the variables a cluster submits (申报数据项).
//!
//! Resolves each field's id, names, unit, kind, bounds and the periods the
//! template asks for; a field derived from the enterprise roster has its
//! derivation resolved by `roster`. Fields know nothing of indicators: which
//! indicator reads which field is resolved by `indicator`.

use super::super::derive::RosterSettings;
use super::super::raw::RawField;
use super::super::{Field, FieldKind, Period};
use super::Resolver;

impl Resolver {
    pub(super) fn resolve_fields(
        &mut self,
        raw: Vec<(String, RawField)>,
        roster: &RosterSettings,
    ) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        for (path, f) in raw {
            if out.iter().any(|o| o.id == f.id) {
                self.err_v(format!("{path}.id"), &f.id, "duplicate field id");
                continue;
            }
            if f.id.trim().is_empty() {
                self.err(format!("{path}.id"), "empty field id");
                continue;
            }
            let kind = self.field_kind(&path, f.kind.as_deref());
            let unit = f.unit.clone().unwrap_or_default();
            if unit.is_empty() {
                self.warn(
                    format!("{path}.unit"),
                    "no unit given; submitted units cannot be checked",
                    "未给出单位；无法核对申报数据的单位",
                );
            }
            let periods = self.periods(&path, f.periods.as_deref());
            // A count is a non-negative whole number unless told otherwise.
            let min = f.min.or(if kind == FieldKind::Count {
                Some(0.0)
            } else {
                None
            });
            if let (Some(lo), Some(hi)) = (min, f.max) {
                if lo > hi {
                    self.err(format!("{path}.min"), format!("min {lo} is above max {hi}"));
                }
            }
            let derived = self.resolve_derivation(&path, &f, roster);
            let plausible = self.plausible(&path, &f, min, f.max);
            out.push(Field {
                plausible,
                derived,
                name_zh: f.name_zh.clone().unwrap_or_else(|| f.id.clone()),
                name_en: f.name_en.clone().unwrap_or_else(|| f.id.clone()),
                definition_zh: f.definition_zh.clone().unwrap_or_default(),
                definition_en: f.definition_en.clone().unwrap_or_default(),
                unit_en: f.unit_en.clone().unwrap_or_default(),
                id: f.id,
                unit,
                kind,
                min,
                max: f.max,
                periods,
            });
        }
        out
    }

    fn field_kind(&mut self, path: &str, kind: Option<&str>) -> FieldKind {
        match kind {
            None | Some("quantity") => FieldKind::Quantity,
            Some("amount") => FieldKind::Amount,
            Some("count") => FieldKind::Count,
            Some("percent") => FieldKind::Percent,
            Some("ratio") => FieldKind::Ratio,
            Some("score") => FieldKind::Score,
            Some(other) => {
                self.err_v(
                    format!("{path}.kind"),
                    other,
                    "unknown field kind; expected amount, count, percent, ratio, score or quantity",
                );
                FieldKind::Quantity
            }
        }
    }

    /// The periods a field asks for; the current one when none are given.
    fn periods(&mut self, path: &str, raw: Option<&[String]>) -> Vec<Period> {
        let Some(raw) = raw else {
            return vec![Period::Current];
        };
        let mut periods = Vec::new();
        for p in raw {
            match Period::parse(p) {
                Some(pp) => periods.push(pp),
                None => self.err_v(
                    format!("{path}.periods"),
                    p,
                    "unknown period; expected baseline, current or target",
                ),
            }
        }
        periods
    }
}

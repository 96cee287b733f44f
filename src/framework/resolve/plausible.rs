//! `[whatif]` and each field's plausible range (`max_change`, `lower`,
//! `upper`): the settings of the what-if searches (`framework::plausible`),
//! checked. A negative change, a negative margin, a `lower` above the
//! `upper`, or bounds that leave no value the field's own `min` / `max`
//! allow are errors at their key.

use super::super::plausible::{Plausible, WhatIfSettings};
use super::super::raw::{RawField, RawWhatIf, WHATIF_KEYS};
use super::Resolver;

/// What a `max_change` must be.
const CHANGE_EXPECTED: &str =
    "must be a relative change a year, 0 or more (e.g. 0.3 for at most 30 % a year)";

impl Resolver {
    /// `[whatif]`, its defaults where the file gives none (or a bad value,
    /// reported).
    pub(super) fn resolve_whatif(&mut self, doc: &toml::Table) -> WhatIfSettings {
        let mut out = WhatIfSettings::default();
        let Some(v) = doc.get("whatif") else {
            return out;
        };
        let Some(raw) = self.entry::<RawWhatIf>("whatif", v, WHATIF_KEYS) else {
            return out;
        };
        if let Some(c) = raw.max_change {
            if c >= 0.0 && c.is_finite() {
                out.max_change = c;
            } else {
                self.err_v("whatif.max_change", c.to_string(), CHANGE_EXPECTED);
            }
        }
        if let Some(m) = raw.fragile_margin {
            if m >= 0.0 && m.is_finite() {
                out.fragile_margin = m;
            } else {
                self.err_v(
                    "whatif.fragile_margin",
                    m.to_string(),
                    "must be points from a grade cut-off or the quota line, 0 or more (e.g. 2)",
                );
            }
        }
        out
    }

    /// A field's plausible range, checked against itself and against the
    /// field's `min` / `max`.
    pub(super) fn plausible(
        &mut self,
        path: &str,
        f: &RawField,
        min: Option<f64>,
        max: Option<f64>,
    ) -> Plausible {
        let mut p = Plausible {
            max_change: None,
            lower: f.lower,
            upper: f.upper,
        };
        if let Some(c) = f.max_change {
            if c >= 0.0 && c.is_finite() {
                p.max_change = Some(c);
            } else {
                self.err_v(format!("{path}.max_change"), c.to_string(), CHANGE_EXPECTED);
            }
        }
        if let (Some(lo), Some(hi)) = (p.lower, p.upper) {
            if lo > hi {
                self.err_v(
                    format!("{path}.lower"),
                    lo.to_string(),
                    format!("lower {lo} is above upper {hi}: expected lower <= upper"),
                );
            }
        }
        if let (Some(hi), Some(m)) = (p.upper, min) {
            if hi < m {
                self.err_v(
                    format!("{path}.upper"),
                    hi.to_string(),
                    format!("upper {hi} is below the field's min {m}: no value could be planned"),
                );
            }
        }
        if let (Some(lo), Some(m)) = (p.lower, max) {
            if lo > m {
                self.err_v(
                    format!("{path}.lower"),
                    lo.to_string(),
                    format!("lower {lo} is above the field's max {m}: no value could be planned"),
                );
            }
        }
        p
    }
}

//! The plausible range of a value in a what-if plan (issue 20): how far a
//! cluster may be asked to move one of its values, as the framework
//! declares it.
//!
//! `[whatif] max_change` is the relative change of a value a year (linear
//! over the years to the round's target year), for every indicator; a
//! field may declare its own `max_change` and the bounds `lower` /
//! `upper` a plan never goes beyond (a share cannot pass 100 %). A field's
//! declared `min` / `max` bound a plan too: a plan never proposes a value
//! the input checks would flag. Only an indicator whose value is its
//! field's current value, as submitted, takes that field's range; an
//! indicator computed from several fields or from other periods (a ratio,
//! a weighted count, a growth rate, a target's achievement, progress)
//! takes the framework's `max_change` and no bounds. `[whatif]
//! fragile_margin` is the margin, in points, within which a decision is
//! examined for fragility. This module holds the settings and reads them;
//! `framework::resolve` checks them and `whatif` uses them.

use super::{Framework, Rule, ValueSpec};
use serde::Serialize;

/// `[whatif] max_change` when the file gives none: at most 30 % a year.
pub const DEFAULT_MAX_CHANGE: f64 = 0.3;
/// `[whatif] fragile_margin` when the file gives none, in points.
pub const DEFAULT_FRAGILE_MARGIN: f64 = 2.0;

/// `[whatif]`: framework-wide settings of the what-if searches.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct WhatIfSettings {
    /// Relative change of a value a year (0.3: 30 %), linear.
    pub max_change: f64,
    /// Points from a grade cut-off or the quota line within which a
    /// decision is examined for fragility.
    pub fragile_margin: f64,
}

impl Default for WhatIfSettings {
    fn default() -> Self {
        WhatIfSettings {
            max_change: DEFAULT_MAX_CHANGE,
            fragile_margin: DEFAULT_FRAGILE_MARGIN,
        }
    }
}

/// A field's own plausible range, as declared (`max_change`, `lower`,
/// `upper` in its `[[field]]` entry); None: not declared.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize)]
pub struct Plausible {
    pub max_change: Option<f64>,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

/// The range an indicator's value may be planned in: the relative change
/// a year and the bounds (None: unbounded on that side).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct PlanRange {
    pub max_change: f64,
    pub lower: Option<f64>,
    pub upper: Option<f64>,
}

impl PlanRange {
    /// `v` held within the bounds.
    pub fn clamp(&self, v: f64) -> f64 {
        let v = self.upper.map_or(v, |u| v.min(u));
        self.lower.map_or(v, |l| v.max(l))
    }
}

/// The tighter of two optional bounds, by `pick`.
fn tighter(a: Option<f64>, b: Option<f64>, pick: fn(f64, f64) -> f64) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(pick(x, y)),
        (x, y) => x.or(y),
    }
}

impl Framework {
    /// The field an indicator's value is, as submitted (its current value,
    /// not a ratio, a growth rate, an achievement or progress).
    pub fn value_field(&self, j: usize) -> Option<usize> {
        let ind = &self.indicators[j];
        match (&ind.value, &ind.rule) {
            (_, Rule::Target { .. } | Rule::Progress { .. }) => None,
            (ValueSpec::Field { field }, _) => Some(*field),
            _ => None,
        }
    }

    /// The plausible range of indicator `j`'s value (module header).
    pub fn plan_range(&self, j: usize) -> PlanRange {
        let default = PlanRange {
            max_change: self.whatif.max_change,
            lower: None,
            upper: None,
        };
        let Some(f) = self.value_field(j).and_then(|k| self.fields.get(k)) else {
            return default;
        };
        PlanRange {
            max_change: f.plausible.max_change.unwrap_or(self.whatif.max_change),
            lower: tighter(f.plausible.lower, f.min, f64::max),
            upper: tighter(f.plausible.upper, f.max, f64::min),
        }
    }
}

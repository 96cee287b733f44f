//! Normalisation bounds given from outside the cohort: what a rule takes
//! from the values it scores (min-max: the least and greatest value;
//! z-score: the mean and sample standard deviation; percentile ranks: the
//! values themselves), computed over a pooled stack of cohorts (several
//! rounds) and applied to one round's column. Goalposts, targets, bands and
//! expert scores take nothing from the cohort: their bounds are fixed and
//! they score as they always do. With the bounds of a column's own values,
//! every rule gives exactly what `kernel::score_column` gives (the same
//! functions of `rules`, the same arithmetic).

use super::rules;
use crate::framework::{Direction, Rule};

/// The bounds a rule takes from its cohort.
#[derive(Debug, Clone, PartialEq)]
pub enum Bounds {
    /// Min-max: the cohort's least and greatest value.
    MinMax { min: f64, max: f64 },
    /// Z-score: the cohort's mean and sample standard deviation.
    ZScore { mean: f64, sd: f64 },
    /// Percentile ranks: among these values.
    Rank(Vec<f64>),
    /// Nothing is taken from the cohort.
    Fixed,
}

/// The bounds `rule` takes from `values` (NaN: no value, not counted).
pub fn bounds_of(rule: &Rule, values: &[f64]) -> Bounds {
    match rule {
        // The distances and the fraction of the maximum take the range.
        Rule::MinMax { .. }
        | Rule::FracMax
        | Rule::Dist2Max
        | Rule::Dist2Ref { .. }
        | Rule::Dist2Targ { .. } => {
            let (min, max, _, _) = rules::stats(values);
            Bounds::MinMax { min, max }
        }
        Rule::ZScore { .. } => {
            let (mean, sd) = rules::mean_sd(values);
            Bounds::ZScore { mean, sd }
        }
        Rule::Rank | Rule::RankMin | Rule::Borda | Rule::PRank => {
            Bounds::Rank(values.iter().copied().filter(|v| v.is_finite()).collect())
        }
        _ => Bounds::Fixed,
    }
}

/// Fractions of the points for `values` under `rule` with `bounds`; a
/// rule whose bounds do not match (`Fixed`, or another rule's) scores with
/// its own column, as the kernel does.
pub fn normalise_with(
    rule: &Rule,
    direction: Direction,
    values: &[f64],
    bounds: &Bounds,
    out: &mut [f64],
) -> bool {
    match (rule, bounds) {
        (Rule::MinMax { lo, hi }, Bounds::MinMax { min, max }) => {
            rules::minmax_range_between(values, direction, *lo, *hi, (*min, *max), out);
            true
        }
        (Rule::ZScore { map }, Bounds::ZScore { mean, sd }) => {
            rules::zscore_with(values, direction, *map, (*mean, *sd), out);
            true
        }
        (Rule::Rank, Bounds::Rank(reference)) => {
            rules::percentile_rank_among(values, reference, direction, out);
            true
        }
        _ => false,
    }
}

//! Indicator statistics with flags (COINr `get_stats`) and data
//! availability per unit and per group (COINr `get_data_avail`).

use super::data::Data;
use super::Settings;
use crate::maths::stats;
use serde::Serialize;

/// The statistics of one indicator in one data set.
#[derive(Debug, Clone, Serialize)]
pub struct IndicatorStats {
    /// "Raw" or "Normalised".
    pub dset: &'static str,
    pub indicator: String,
    pub min: f64,
    pub max: f64,
    pub mean: f64,
    pub median: f64,
    pub sd: f64,
    pub skew: f64,
    pub kurtosis: f64,
    pub n_avail: usize,
    pub n_nonzero: usize,
    pub n_unique: usize,
    pub n_same: usize,
    pub frc_avail: f64,
    pub frc_nonzero: f64,
    pub frc_unique: f64,
    pub frc_same: f64,
    /// Availability below `t_avail`.
    pub low_avail: bool,
    /// Non-zero values over all units below `t_zero`.
    pub low_nonzero: bool,
    /// Distinct values over all units below `t_unq`.
    pub low_unique: bool,
    /// |skew| > `t_skew` and kurtosis > `t_kurt`.
    pub skew_kurt: bool,
}

/// Statistics of a column of `units` rows.
pub fn stats_of(dset: &'static str, indicator: &str, col: &[f64], s: &Settings) -> IndicatorStats {
    let units = col.len() as f64;
    let x = stats::present(col);
    let n = x.len();
    let nonzero = x.iter().filter(|&&v| v != 0.0).count();
    let (unique, same) = stats::unique_and_same(&x);
    let fold = |f: fn(f64, f64) -> f64, init: f64| {
        if n == 0 {
            f64::NAN
        } else {
            x.iter().copied().fold(init, f)
        }
    };
    let skew = stats::skewness(&x);
    let kurtosis = stats::kurtosis(&x);
    let nf = n as f64;
    IndicatorStats {
        dset,
        indicator: indicator.to_string(),
        min: fold(f64::min, f64::INFINITY),
        max: fold(f64::max, f64::NEG_INFINITY),
        mean: stats::mean(&x),
        median: stats::median(&x),
        sd: stats::sd(&x),
        skew,
        kurtosis,
        n_avail: n,
        n_nonzero: nonzero,
        n_unique: unique,
        n_same: same,
        frc_avail: nf / units,
        frc_nonzero: nonzero as f64 / nf,
        frc_unique: unique as f64 / nf,
        frc_same: same as f64 / nf,
        low_avail: nf / units < s.t_avail,
        low_nonzero: (nonzero as f64) / units < s.t_zero,
        low_unique: (unique as f64) / units < s.t_unique,
        skew_kurt: skew.abs() > s.t_skew && kurtosis > s.t_kurt,
    }
}

/// Statistics of every indicator, Raw then Normalised.
pub fn indicator_stats(d: &Data, s: &Settings) -> Vec<IndicatorStats> {
    let raw = d
        .indicators()
        .map(|j| stats_of("Raw", &d.elements[j].code, &d.raw[j], s));
    let norm = d
        .indicators()
        .map(|j| stats_of("Normalised", &d.elements[j].code, &d.aggregated[j], s));
    raw.chain(norm).collect()
}

/// Data availability of one unit (Raw data set).
#[derive(Debug, Clone, Serialize)]
pub struct UnitAvailability {
    pub cluster_id: String,
    pub n_missing: usize,
    pub n_zero: usize,
    /// 1 − missing / indicators.
    pub availability: f64,
    /// 1 − zeros / present values.
    pub nonzero: f64,
    /// Share of present values among the indicators below each node
    /// (node code, share), in framework order.
    pub by_group: Vec<(String, f64)>,
}

/// Availability of every unit, overall and per node.
pub fn availability(d: &Data) -> Vec<UnitAvailability> {
    let m = d.raw.len();
    let nodes: Vec<(usize, Vec<usize>)> = (m..d.elements.len()).map(|e| (e, d.leaves(e))).collect();
    (0..d.units.len())
        .map(|i| {
            let missing = d.raw.iter().filter(|c| !c[i].is_finite()).count();
            let zero = d.raw.iter().filter(|c| c[i] == 0.0).count();
            UnitAvailability {
                cluster_id: d.units[i].clone(),
                n_missing: missing,
                n_zero: zero,
                availability: 1.0 - missing as f64 / m as f64,
                nonzero: 1.0 - zero as f64 / (m - missing) as f64,
                by_group: nodes
                    .iter()
                    .map(|(e, leaves)| {
                        let have = leaves.iter().filter(|&&j| d.raw[j][i].is_finite()).count();
                        (
                            d.elements[*e].code.clone(),
                            have as f64 / leaves.len().max(1) as f64,
                        )
                    })
                    .collect(),
            }
        })
        .collect()
}

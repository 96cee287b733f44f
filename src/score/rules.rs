//! Scoring rules (计分规则) as pure functions of a column of values.
//!
//! Each rule turns the (imputed, transformed) values of one indicator
//! across the cohort into fractions in [0, 1] of the indicator's points.
//! Values that are NaN are clusters with no value (policy `no_points`):
//! they score 0 and take no part in the cohort statistics. These functions
//! allocate nothing and know nothing of files or names.

use crate::framework::{Band, Bands, Direction, ZMap};

/// Count and sums of the 2nd, 3rd and 4th powers of the deviations from
/// the mean, over the finite values.
fn central_sums(values: &[f64]) -> (usize, f64, f64, f64) {
    let (_, _, mean, n) = stats(values);
    let (mut s2, mut s3, mut s4) = (0.0, 0.0, 0.0);
    for &v in values.iter().filter(|v| v.is_finite()) {
        let d = v - mean;
        s2 += d * d;
        s3 += d * d * d;
        s4 += d * d * d * d;
    }
    (n, s2, s3, s4)
}

/// Sample skewness of the finite values (type 2, as Excel SKEW and e1071):
/// g = sqrt(n) S3 / S2^(3/2) x sqrt(n(n-1)) / (n-2), Sp the sum of p-th
/// powers of deviations from the mean. NaN for fewer than 3 values.
pub fn skewness(values: &[f64]) -> f64 {
    let (n, s2, s3, _) = central_sums(values);
    if n < 3 {
        return f64::NAN;
    }
    let n = n as f64;
    n.sqrt() * s3 / s2.powf(1.5) * (n * (n - 1.0)).sqrt() / (n - 2.0)
}

/// Sample excess kurtosis of the finite values (type 2, as Excel KURT):
/// k = ((n+1)(r-3)+6)(n-1)/((n-2)(n-3)), r = n S4 / S2^2. NaN for fewer than 4.
pub fn kurtosis(values: &[f64]) -> f64 {
    let (n, s2, _, s4) = central_sums(values);
    if n < 4 {
        return f64::NAN;
    }
    let n = n as f64;
    let r = n * s4 / (s2 * s2);
    ((n + 1.0) * (r - 3.0) + 6.0) * (n - 1.0) / ((n - 2.0) * (n - 3.0))
}

/// Minimum, maximum, mean, count of the finite values.
pub fn stats(values: &[f64]) -> (f64, f64, f64, usize) {
    let mut min = f64::INFINITY;
    let mut max = f64::NEG_INFINITY;
    let mut sum = 0.0;
    let mut n = 0;
    for &v in values {
        if v.is_finite() {
            min = min.min(v);
            max = max.max(v);
            sum += v;
            n += 1;
        }
    }
    let mean = if n > 0 { sum / n as f64 } else { f64::NAN };
    (min, max, mean, n)
}

/// Min-max: (x - min) / (max - min) over the cohort, reversed for
/// lower-is-better, then mapped to [lo, hi] percent. When every value is
/// equal, every cluster scores hi.
pub fn minmax_range(values: &[f64], direction: Direction, lo: f64, hi: f64, out: &mut [f64]) {
    let (min, max, _, _) = stats(values);
    minmax_range_between(values, direction, lo, hi, (min, max), out);
}

/// `minmax_range` with the bounds given (`(min, max)` of a pooled
/// cohort) rather than taken from `values`.
pub fn minmax_range_between(
    values: &[f64],
    direction: Direction,
    lo: f64,
    hi: f64,
    bounds: (f64, f64),
    out: &mut [f64],
) {
    minmax_between(values, direction, bounds, out);
    if lo == 0.0 && hi == 100.0 {
        return;
    }
    for (o, &x) in out.iter_mut().zip(values) {
        if x.is_finite() {
            *o = (lo + (hi - lo) * *o) / 100.0;
        }
    }
}

/// Min-max: (x - min) / (max - min) over the cohort, reversed for
/// lower-is-better. When every value is equal, every cluster scores 1.
pub fn minmax(values: &[f64], direction: Direction, out: &mut [f64]) {
    let (min, max, _, _) = stats(values);
    minmax_between(values, direction, (min, max), out);
}

/// Min-max with the bounds given: (x - min) / (max - min), reversed for
/// lower-is-better; a span of 0 scores 1.
pub fn minmax_between(values: &[f64], direction: Direction, bounds: (f64, f64), out: &mut [f64]) {
    let (min, max) = bounds;
    let span = max - min;
    for (o, &x) in out.iter_mut().zip(values) {
        *o = if !x.is_finite() {
            0.0
        } else if span <= 0.0 {
            1.0
        } else {
            match direction {
                Direction::Higher => (x - min) / span,
                Direction::Lower => (max - x) / span,
            }
        };
    }
}

/// Z-score over the cohort (sample standard deviation, n - 1), negated for
/// lower-is-better, mapped to [0, 1] by Φ(z) or linearly. With fewer than two
/// values or no spread, z = 0.
pub fn zscore(values: &[f64], direction: Direction, map: ZMap, out: &mut [f64]) {
    let (mean, sd) = mean_sd(values);
    zscore_with(values, direction, map, (mean, sd), out);
}

/// Mean and sample standard deviation (n - 1; 0 with fewer than two
/// values) of the finite values.
pub fn mean_sd(values: &[f64]) -> (f64, f64) {
    let (_, _, mean, n) = stats(values);
    let mut ss = 0.0;
    for &v in values {
        if v.is_finite() {
            ss += (v - mean) * (v - mean);
        }
    }
    let sd = if n > 1 {
        (ss / (n - 1) as f64).sqrt()
    } else {
        0.0
    };
    (mean, sd)
}

/// Z-score with the mean and standard deviation given (of a pooled cohort).
pub fn zscore_with(
    values: &[f64],
    direction: Direction,
    map: ZMap,
    (mean, sd): (f64, f64),
    out: &mut [f64],
) {
    for (o, &x) in out.iter_mut().zip(values) {
        if !x.is_finite() {
            *o = 0.0;
            continue;
        }
        let mut z = if sd > 0.0 { (x - mean) / sd } else { 0.0 };
        if direction == Direction::Lower {
            z = -z;
        }
        *o = match map {
            ZMap::NormalCdf => normal_cdf(z),
            ZMap::Linear { clip } => (0.5 + z / (2.0 * clip)).clamp(0.0, 1.0),
        };
    }
}

/// Standard normal distribution function Φ.
pub fn normal_cdf(z: f64) -> f64 {
    use statrs::distribution::{ContinuousCDF, Normal};
    Normal::standard().cdf(z)
}

/// Goalposts: (x - lo) / (hi - lo) clamped to [0, 1]; reversed for
/// lower-is-better ((hi - x) / (hi - lo)).
pub fn goalpost(values: &[f64], direction: Direction, lo: f64, hi: f64, out: &mut [f64]) {
    for (o, &x) in out.iter_mut().zip(values) {
        *o = if !x.is_finite() {
            0.0
        } else {
            let f = match direction {
                Direction::Higher => (x - lo) / (hi - lo),
                Direction::Lower => (hi - x) / (hi - lo),
            };
            f.clamp(0.0, 1.0)
        };
    }
}

/// Percentile rank: (number of clusters worse + half the number of others
/// equal) / (n - 1). The best scores 1, the worst 0; a cohort of one scores 1.
pub fn percentile_rank(values: &[f64], direction: Direction, out: &mut [f64]) {
    percentile_rank_among(values, values, direction, out);
}

/// Percentile rank of each of `values` among `reference` (a pooled cohort
/// that holds `values`): (number of reference values worse + half the
/// number of others equal) / (n - 1), n the finite reference values.
pub fn percentile_rank_among(
    values: &[f64],
    reference: &[f64],
    direction: Direction,
    out: &mut [f64],
) {
    let n = reference.iter().filter(|v| v.is_finite()).count();
    for (o, &x) in out.iter_mut().zip(values) {
        if !x.is_finite() {
            *o = 0.0;
            continue;
        }
        if n < 2 {
            *o = 1.0;
            continue;
        }
        let mut worse = 0usize;
        let mut equal = 0usize;
        for &y in reference {
            if !y.is_finite() {
                continue;
            }
            let better = match direction {
                Direction::Higher => x > y,
                Direction::Lower => x < y,
            };
            if better {
                worse += 1;
            } else if x == y {
                equal += 1;
            }
        }
        *o = (worse as f64 + 0.5 * equal.saturating_sub(1) as f64) / (n - 1) as f64;
    }
}

/// Target achievement (rule T). `achievement` is in percent of the target
/// (direction already applied). r = achievement / 100: r >= full scores 1,
/// r < floor scores 0, in between at_floor + (1 - at_floor)(r - floor)/(full - floor).
pub fn target(achievement: f64, floor: f64, full: f64, at_floor: f64) -> f64 {
    if !achievement.is_finite() {
        return 0.0;
    }
    let r = achievement / 100.0;
    if r >= full {
        1.0
    } else if r < floor {
        0.0
    } else {
        at_floor + (1.0 - at_floor) * (r - floor) / (full - floor)
    }
}

/// Bands: the first band whose threshold the value meets (>= for
/// higher-is-better, <= for lower-is-better), else `below`.
pub fn bands(x: f64, direction: Direction, table: &Bands) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    let meets = |b: &Band| match direction {
        Direction::Higher => x >= b.threshold,
        Direction::Lower => x <= b.threshold,
    };
    table
        .bands
        .iter()
        .find(|b| meets(b))
        .map(|b| b.fraction)
        .unwrap_or(table.below)
}

/// Expert score on [0, max]: x / max (1 - x / max for lower-is-better), clamped.
pub fn expert(x: f64, direction: Direction, max: f64) -> f64 {
    if !x.is_finite() {
        return 0.0;
    }
    let f = (x / max).clamp(0.0, 1.0);
    match direction {
        Direction::Higher => f,
        Direction::Lower => 1.0 - f,
    }
}

/// Linear-interpolation percentile (type 7, as Excel PERCENTILE.INC and
/// NumPy's default) of the finite values; `scratch` is reused storage.
pub fn percentile(values: &[f64], p: f64, scratch: &mut Vec<f64>) -> f64 {
    scratch.clear();
    scratch.extend(values.iter().copied().filter(|v| v.is_finite()));
    if scratch.is_empty() {
        return f64::NAN;
    }
    scratch.sort_by(|a, b| a.total_cmp(b));
    let h = (scratch.len() - 1) as f64 * p / 100.0;
    let lo = h.floor() as usize;
    let hi = h.ceil() as usize;
    scratch[lo] + (h - lo as f64) * (scratch[hi] - scratch[lo])
}

/// Median of the finite values.
pub fn median(values: &[f64], scratch: &mut Vec<f64>) -> f64 {
    percentile(values, 50.0, scratch)
}

#[cfg(test)]
mod tests {
    //! Expected values are worked by hand in the comments.
    use super::*;
    use crate::framework::Band;

    const NAN: f64 = f64::NAN;

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn minmax_by_hand() {
        // values 10, 20, 40: span 30 -> 0, 1/3, 1; lower-is-better -> 1, 2/3, 0.
        let mut out = [0.0; 4];
        minmax(&[10.0, 20.0, 40.0, NAN], Direction::Higher, &mut out);
        close(&out, &[0.0, 1.0 / 3.0, 1.0, 0.0]);
        minmax(&[10.0, 20.0, 40.0, NAN], Direction::Lower, &mut out);
        close(&out, &[1.0, 2.0 / 3.0, 0.0, 0.0]);
        let mut out = [0.0; 2];
        minmax(&[5.0, 5.0], Direction::Higher, &mut out);
        close(&out, &[1.0, 1.0]);
    }

    #[test]
    fn skewness_and_kurtosis_match_excel() {
        // Excel: SKEW({1,2,3,4,10}) = 1.697056275, KURT({1,2,3,4,10}) = 3.152.
        // By hand: mean 4, deviations -3,-2,-1,0,6: S2 = 50, S3 = 180, S4 = 1394.
        // g = sqrt(5)*180/50^1.5 * sqrt(20)/3 = 1.6970562748...
        // r = 5*1394/2500 = 2.788; k = (6*(-0.212)+6)*4/(3*2) = 3.152
        let v = [1.0, 2.0, 3.0, 4.0, 10.0];
        let g = 5f64.sqrt() * 180.0 / 50f64.powf(1.5) * 20f64.sqrt() / 3.0;
        assert!((skewness(&v) - g).abs() < 1e-12);
        assert!((skewness(&v) - 1.697056275).abs() < 1e-9);
        assert!((kurtosis(&v) - 3.152).abs() < 1e-12);
        assert!(skewness(&[1.0, 2.0]).is_nan());
    }

    #[test]
    fn minmax_to_a_range() {
        // 10, 20, 40 to [20, 80] percent: 0.2, 0.4, 0.8.
        let mut out = [0.0; 3];
        minmax_range(&[10.0, 20.0, 40.0], Direction::Higher, 20.0, 80.0, &mut out);
        close(&out, &[0.2, 0.4, 0.8]);
    }

    #[test]
    fn zscore_by_hand() {
        // 2, 4, 6: mean 4, sample sd 2 -> z = -1, 0, 1.
        // Φ(-1) = 0.15865525393145707, Φ(1) = 0.8413447460685429
        // (scipy.stats.norm.cdf); statrs' erfc agrees to about 1e-11.
        let mut out = [0.0; 3];
        zscore(
            &[2.0, 4.0, 6.0],
            Direction::Higher,
            ZMap::NormalCdf,
            &mut out,
        );
        for (x, y) in out
            .iter()
            .zip([0.15865525393145707, 0.5, 0.8413447460685429])
        {
            assert!((x - y).abs() < 1e-10, "{x} vs {y}");
        }
        // linear, clip 2: 0.5 + z/4 -> 0.25, 0.5, 0.75; reversed for lower.
        zscore(
            &[2.0, 4.0, 6.0],
            Direction::Lower,
            ZMap::Linear { clip: 2.0 },
            &mut out,
        );
        close(&out, &[0.75, 0.5, 0.25]);
    }

    #[test]
    fn goalpost_by_hand() {
        // lo 0, hi 50: 25 -> 0.5, 60 -> capped 1, -5 -> capped 0.
        let mut out = [0.0; 3];
        goalpost(&[25.0, 60.0, -5.0], Direction::Higher, 0.0, 50.0, &mut out);
        close(&out, &[0.5, 1.0, 0.0]);
        goalpost(&[10.0, 60.0, -5.0], Direction::Lower, 0.0, 50.0, &mut out);
        close(&out, &[0.8, 0.0, 1.0]);
    }

    #[test]
    fn percentile_rank_by_hand() {
        // 1, 2, 2, 5: n = 4. For 1: 0 worse -> 0. For 2: 1 worse + 0.5 x 1 other
        // equal = 1.5 / 3 = 0.5. For 5: 3 / 3 = 1.
        let mut out = [0.0; 4];
        percentile_rank(&[1.0, 2.0, 2.0, 5.0], Direction::Higher, &mut out);
        close(&out, &[0.0, 0.5, 0.5, 1.0]);
        percentile_rank(&[1.0, 2.0, 2.0, 5.0], Direction::Lower, &mut out);
        close(&out, &[1.0, 0.5, 0.5, 0.0]);
    }

    #[test]
    fn target_by_hand() {
        // floor 0.6, full 1.0, at_floor 0.6 (proportional): 80 % -> 0.8;
        // 59.9 % -> 0; 100 % and 130 % -> 1; 60 % -> 0.6.
        assert!((target(80.0, 0.6, 1.0, 0.6) - 0.8).abs() < 1e-12);
        assert_eq!(target(59.9, 0.6, 1.0, 0.6), 0.0);
        assert_eq!(target(100.0, 0.6, 1.0, 0.6), 1.0);
        assert_eq!(target(130.0, 0.6, 1.0, 0.6), 1.0);
        assert!((target(60.0, 0.6, 1.0, 0.6) - 0.6).abs() < 1e-12);
        // at_floor 0: 80 % -> (0.8 - 0.6) / 0.4 = 0.5.
        assert!((target(80.0, 0.6, 1.0, 0.0) - 0.5).abs() < 1e-12);
    }

    #[test]
    fn bands_by_hand() {
        // Rule G: >= 15 full, 10-15 0.8, 5-10 0.6, 0-5 0.4, < 0 zero.
        let g = Bands {
            bands: vec![
                Band {
                    threshold: 15.0,
                    fraction: 1.0,
                },
                Band {
                    threshold: 10.0,
                    fraction: 0.8,
                },
                Band {
                    threshold: 5.0,
                    fraction: 0.6,
                },
                Band {
                    threshold: 0.0,
                    fraction: 0.4,
                },
            ],
            below: 0.0,
        };
        let got: Vec<f64> = [21.4, 15.0, 14.99, 10.0, 7.0, 5.0, 0.0, -0.01]
            .iter()
            .map(|&x| bands(x, Direction::Higher, &g))
            .collect();
        close(&got, &[1.0, 1.0, 0.8, 0.8, 0.6, 0.6, 0.4, 0.0]);
        let low = Bands {
            bands: vec![
                Band {
                    threshold: 0.3,
                    fraction: 1.0,
                },
                Band {
                    threshold: 0.6,
                    fraction: 0.5,
                },
            ],
            below: 0.1,
        };
        assert_eq!(bands(0.2, Direction::Lower, &low), 1.0);
        assert_eq!(bands(0.6, Direction::Lower, &low), 0.5);
        assert_eq!(bands(0.61, Direction::Lower, &low), 0.1);
    }

    #[test]
    fn expert_by_hand() {
        assert_eq!(expert(6.0, Direction::Higher, 8.0), 0.75);
        assert_eq!(expert(9.0, Direction::Higher, 8.0), 1.0);
        assert_eq!(expert(2.0, Direction::Lower, 8.0), 0.75);
    }

    #[test]
    fn percentile_matches_excel() {
        // PERCENTILE.INC({1,2,3,4,10}, 0.95): h = 4 x 0.95 = 3.8 -> 4 + 0.8 x 6 = 8.8.
        let mut s = Vec::new();
        assert!((percentile(&[10.0, 1.0, NAN, 3.0, 2.0, 4.0], 95.0, &mut s) - 8.8).abs() < 1e-12);
        assert_eq!(median(&[3.0, 1.0, 2.0, 10.0], &mut s), 2.5);
    }
}

//! Mid-term progress (中期进度): how far a cluster has come from its baseline
//! towards its declared target, against the share of the period elapsed.
//!
//! progress p = (current − baseline) / (target − baseline); elapsed share
//! e = (current year − baseline year) / (target year − baseline year); the
//! cluster is on schedule when p ≥ e, and the `progress` rule scores
//! r = p / e (in percent) with floor and full-marks settings like `target`.
//!
//! A target already met at baseline (target ≤ baseline when higher is
//! better, ≥ when lower is better) makes the formula meaningless (a zero or
//! negative gap). Such a cluster is judged on keeping the target: p = 1
//! (full progress) when the current value still meets the target, p = 0
//! when it has slipped below it. A zero baseline needs no special case for
//! progress; the CAGR is undefined for a baseline ≤ 0 (reported as missing).

use crate::framework::Direction;
use serde::Serialize;

/// Where a cluster stands on one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// The current value already meets the target.
    Achieved,
    /// Progress at least the elapsed share of the period.
    OnTrack,
    /// Progress below the elapsed share.
    Behind,
    /// The target was met at baseline and still is.
    MetAtBaseline,
    /// The target was met at baseline but no longer is.
    Slipped,
}

impl Status {
    pub fn label(self) -> &'static str {
        match self {
            Status::Achieved => "achieved",
            Status::OnTrack => "on_track",
            Status::Behind => "behind",
            Status::MetAtBaseline => "met_at_baseline",
            Status::Slipped => "slipped",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Status::Achieved => "已达目标",
            Status::OnTrack => "进度正常",
            Status::Behind => "进度滞后",
            Status::MetAtBaseline => "基期已达标",
            Status::Slipped => "基期达标后回落",
        }
    }
}

/// The progress of one cluster on one indicator.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Assessment {
    /// p, a fraction (1 = target reached).
    pub progress: f64,
    /// e, the elapsed share of the period.
    pub elapsed: f64,
    /// r = p / e, a fraction (1 = exactly on schedule).
    pub schedule: f64,
    pub status: Status,
}

/// The elapsed share of the period, e.
pub fn elapsed(baseline_year: i32, current_year: i32, target_year: i32) -> f64 {
    (current_year - baseline_year) as f64 / (target_year - baseline_year) as f64
}

/// Assess progress. `elapsed` must be in (0, 1].
pub fn assess(
    baseline: f64,
    current: f64,
    target: f64,
    elapsed: f64,
    direction: Direction,
) -> Assessment {
    let s = match direction {
        Direction::Higher => 1.0,
        Direction::Lower => -1.0,
    };
    let meets_target = s * (current - target) >= 0.0;
    let gap = s * (target - baseline);
    let (progress, status) = if gap <= 0.0 {
        if meets_target {
            (1.0, Status::MetAtBaseline)
        } else {
            (0.0, Status::Slipped)
        }
    } else {
        let p = (current - baseline) / (target - baseline);
        let status = if meets_target {
            Status::Achieved
        } else if p >= elapsed {
            Status::OnTrack
        } else {
            Status::Behind
        };
        (p, status)
    };
    Assessment {
        progress,
        elapsed,
        schedule: progress / elapsed,
        status,
    }
}

/// Compound annual growth rate in percent: ((current / baseline)^(1/years) − 1) × 100;
/// `None` when the baseline is not positive or the current value negative.
pub fn cagr(baseline: f64, current: f64, years: f64) -> Option<f64> {
    (baseline > 0.0 && current >= 0.0 && years > 0.0)
        .then(|| ((current / baseline).powf(1.0 / years) - 1.0) * 100.0)
}

/// The growth rate a cluster needs from now on to reach its target, in percent.
pub fn required_cagr(current: f64, target: f64, years: f64) -> Option<f64> {
    cagr(current, target, years)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed() {
        // Baseline 100, current 130, target 160, 2021-2023-2025:
        // p = 30 / 60 = 0.5, e = 2 / 4 = 0.5, r = 1 -> on track.
        let e = elapsed(2021, 2023, 2025);
        assert_eq!(e, 0.5);
        let a = assess(100.0, 130.0, 160.0, e, Direction::Higher);
        assert_eq!(a.progress, 0.5);
        assert_eq!(a.schedule, 1.0);
        assert_eq!(a.status, Status::OnTrack);
        // current 120: p = 20/60 = 1/3 < 0.5 -> behind, r = 2/3.
        let a = assess(100.0, 120.0, 160.0, e, Direction::Higher);
        assert!((a.schedule - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!(a.status, Status::Behind);
        // Lower is better: energy 1.0 -> target 0.8, now 0.95: p = 0.25.
        let a = assess(1.0, 0.95, 0.8, e, Direction::Lower);
        assert!((a.progress - 0.25).abs() < 1e-12);
        assert_eq!(a.status, Status::Behind);
    }

    #[test]
    fn target_met_at_baseline_and_zero_baseline() {
        let a = assess(200.0, 210.0, 180.0, 0.5, Direction::Higher);
        assert_eq!((a.progress, a.status), (1.0, Status::MetAtBaseline));
        let a = assess(200.0, 170.0, 180.0, 0.5, Direction::Higher);
        assert_eq!((a.progress, a.status), (0.0, Status::Slipped));
        // Zero baseline: p = 3 / 10.
        let a = assess(0.0, 3.0, 10.0, 0.5, Direction::Higher);
        assert!((a.progress - 0.3).abs() < 1e-15);
        assert_eq!(cagr(0.0, 3.0, 2.0), None);
        // (121 / 100)^(1/2) - 1 = 10 %.
        assert!((cagr(100.0, 121.0, 2.0).unwrap() - 10.0).abs() < 1e-12);
    }
}

//! Trends of a value across rounds, as COINr's `get_trends` computes them
//! (its `CAGR` and `prc_change`), from the points (data year, value) that
//! have a value:
//!
//! - `CAGR = (y_last / y_first)^(1 / (t_last - t_first)) - 1`, or 0 when
//!   `y_last == y_first`; none when the result is not a number (a first
//!   value of 0, a negative ratio);
//! - `prc_change = b / (a + b * t_first) * 100`, where `y = a + b t` is the
//!   least-squares line through the points (per year; COINr asks for three
//!   points, two give the line through them exactly);
//! - `avail`: the share of rounds with a value; `t_first`, `t_latest`: the
//!   first and latest data years with a value.
//!
//! Both need at least two points.

use serde::Serialize;

/// The trend of one value across rounds.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Trend {
    pub cagr: Option<f64>,
    pub prc_change: Option<f64>,
    /// Share of the rounds with a value.
    pub avail: f64,
    pub t_first: Option<i32>,
    pub t_latest: Option<i32>,
}

/// The trend of `points` ((data year, value), one per round, in year
/// order; None or NaN: no value that round).
pub fn trend(points: &[(i32, Option<f64>)]) -> Trend {
    let have: Vec<(f64, f64)> = points
        .iter()
        .filter_map(|&(t, y)| y.filter(|v| v.is_finite()).map(|v| (t as f64, v)))
        .collect();
    let avail = if points.is_empty() {
        0.0
    } else {
        have.len() as f64 / points.len() as f64
    };
    let first = points.iter().find(|p| p.1.is_some_and(f64::is_finite));
    let latest = points
        .iter()
        .rev()
        .find(|p| p.1.is_some_and(f64::is_finite));
    let mut out = Trend {
        cagr: None,
        prc_change: None,
        avail,
        t_first: first.map(|p| p.0),
        t_latest: latest.map(|p| p.0),
    };
    if have.len() < 2 {
        return out;
    }
    let (t0, y0) = have[0];
    let (t1, y1) = have[have.len() - 1];
    out.cagr = if y1 == y0 {
        Some(0.0)
    } else {
        Some((y1 / y0).powf(1.0 / (t1 - t0)) - 1.0).filter(|x| x.is_finite())
    };
    let n = have.len() as f64;
    let mt = have.iter().map(|p| p.0).sum::<f64>() / n;
    let my = have.iter().map(|p| p.1).sum::<f64>() / n;
    let sxy: f64 = have.iter().map(|p| (p.0 - mt) * (p.1 - my)).sum();
    let sxx: f64 = have.iter().map(|p| (p.0 - mt) * (p.0 - mt)).sum();
    if sxx > 0.0 {
        let b = sxy / sxx;
        // a + b t_first, with a = my - b mt: the line at the first year.
        let at_first = my + b * (t0 - mt);
        out.prc_change = Some(b / at_first * 100.0).filter(|x| x.is_finite());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_and_three_points_by_hand() {
        // 100 in 2022, 121 in 2024: (1.21)^(1/2) - 1 = 0.1; the line
        // through them has b = 10.5 a year and is 100 in 2022: 10.5 %.
        let t = trend(&[(2022, Some(100.0)), (2023, None), (2024, Some(121.0))]);
        assert!((t.cagr.unwrap() - 0.1).abs() < 1e-12);
        assert!((t.prc_change.unwrap() - 10.5).abs() < 1e-9);
        assert!((t.avail - 2.0 / 3.0).abs() < 1e-15);
        assert_eq!((t.t_first, t.t_latest), (Some(2022), Some(2024)));
        // 2, 4, 3 in 2020-2022: b = (-1*-1 + 1*0)/2... mean t 2021, mean y 3;
        // sxy = (-1)(-1) + 0 + (1)(0) = 1, sxx = 2: b = 0.5; the line at
        // 2020 is 3 - 0.5 = 2.5: 0.5 / 2.5 * 100 = 20 %. CAGR (3/2)^(1/2)-1.
        let t = trend(&[(2020, Some(2.0)), (2021, Some(4.0)), (2022, Some(3.0))]);
        assert!((t.prc_change.unwrap() - 20.0).abs() < 1e-9);
        assert!((t.cagr.unwrap() - (1.5f64.sqrt() - 1.0)).abs() < 1e-15);
    }

    #[test]
    fn too_few_points_or_no_ratio() {
        let t = trend(&[(2022, Some(5.0)), (2023, None)]);
        assert_eq!((t.cagr, t.prc_change, t.avail), (None, None, 0.5));
        let t = trend(&[(2022, Some(0.0)), (2023, Some(4.0))]);
        assert_eq!(t.cagr, None);
        let t = trend(&[(2022, Some(3.0)), (2023, Some(3.0))]);
        assert_eq!((t.cagr, t.prc_change), (Some(0.0), Some(0.0)));
    }
}

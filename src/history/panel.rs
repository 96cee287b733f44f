//! Panel imputation (`--impute-panel`): a cluster's missing raw indicator
//! value in one round filled from its own values in the other rounds of
//! the series, by data year.
//!
//! - `latest`: its most recent earlier observed value;
//! - `linear`: linear interpolation in the data year between its nearest
//!   earlier and nearest later observed values,
//!   `y = y0 + (y1 - y0) (t - t0) / (t1 - t0)`; with no later value, the
//!   latest earlier one; with no earlier value, nothing.
//!
//! Only observed values are used, never a value filled here. A value still
//! missing after this follows the framework's missing-value policy, per
//! round, as before.

use serde::Serialize;

/// How a missing value is filled from the cluster's other rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum PanelMethod {
    Latest,
    Linear,
}

impl PanelMethod {
    pub fn parse(s: &str) -> Option<PanelMethod> {
        match s {
            "latest" => Some(PanelMethod::Latest),
            "linear" => Some(PanelMethod::Linear),
            _ => None,
        }
    }
}

/// A value filled from other rounds.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Filled {
    pub value: f64,
    /// The data years it was filled from (one for `latest`, two when
    /// interpolated).
    pub from: Vec<i32>,
}

/// The fills of one cluster's value across rounds: `points` are (data
/// year, observed value), one per round in year order; the result has one
/// entry per round, Some where a missing value was filled.
pub fn fill(points: &[(i32, Option<f64>)], method: PanelMethod) -> Vec<Option<Filled>> {
    let observed = |p: &(i32, Option<f64>)| p.1.filter(|v| v.is_finite()).map(|v| (p.0, v));
    points
        .iter()
        .enumerate()
        .map(|(k, p)| {
            if observed(p).is_some() {
                return None;
            }
            let before = points[..k].iter().rev().find_map(observed)?;
            let after = points[k + 1..].iter().find_map(observed);
            match (method, after) {
                (PanelMethod::Linear, Some((t1, y1))) => {
                    let (t0, y0) = before;
                    let share = f64::from(p.0 - t0) / f64::from(t1 - t0);
                    Some(Filled {
                        value: y0 + (y1 - y0) * share,
                        from: vec![t0, t1],
                    })
                }
                _ => Some(Filled {
                    value: before.1,
                    from: vec![before.0],
                }),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn latest_and_linear_by_hand() {
        // 10 in 2021, missing in 2022 and 2023, 40 in 2024.
        let p = [
            (2021, Some(10.0)),
            (2022, None),
            (2023, None),
            (2024, Some(40.0)),
        ];
        let latest = fill(&p, PanelMethod::Latest);
        assert_eq!(latest[1].as_ref().unwrap().value, 10.0);
        assert_eq!(latest[2].as_ref().unwrap().from, vec![2021]);
        assert!(latest[0].is_none() && latest[3].is_none());
        // linear: 10 + 30 x 1/3 = 20 in 2022, 10 + 30 x 2/3 = 30 in 2023.
        let linear = fill(&p, PanelMethod::Linear);
        assert!((linear[1].as_ref().unwrap().value - 20.0).abs() < 1e-12);
        assert!((linear[2].as_ref().unwrap().value - 30.0).abs() < 1e-12);
        assert_eq!(linear[2].as_ref().unwrap().from, vec![2021, 2024]);
    }

    #[test]
    fn nothing_before_means_nothing() {
        let p = [(2022, None), (2023, Some(5.0)), (2024, None)];
        for m in [PanelMethod::Latest, PanelMethod::Linear] {
            let f = fill(&p, m);
            assert!(f[0].is_none());
            // no later value: the latest earlier one.
            assert_eq!(f[2].as_ref().unwrap().value, 5.0);
        }
    }
}

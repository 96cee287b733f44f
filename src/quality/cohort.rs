//! Unit slips against the cohort: a value whose ratio to the median of the
//! same field and period over all clusters is within `slip_tolerance` of a
//! power of ten in `SLIP_POWERS` (33.3 to 300 for 10^2, 3,333 to 30,000
//! for 10^4, ..., and the same below: 1/300 to 1/33.3).
//!
//! The median is taken of the non-zero magnitudes (a zero says nothing of
//! the unit, and would drag the median towards it), and only when there
//! are at least `min_cohort` of them. Fields whose unit can be mis-scaled
//! are checked: amounts, percents, ratios and other quantities; counts and
//! scores are not (家, 项 and 分 have no 万 or 亿 to confuse).

use super::text::{num, period_zh, ratio, slip, times};
use super::{Check, Context, Flagged, Found, Key};
use crate::framework::quality::SLIP_POWERS;
use crate::framework::{FieldKind, Period};
use std::collections::BTreeMap;

/// The median of a field and period over the cohort.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cohort {
    pub median: f64,
    /// The number of non-zero values it is the median of.
    pub n: usize,
}

/// The cohorts with enough non-zero values, by (field, period).
pub(super) type Cohorts = BTreeMap<(usize, Period), Cohort>;

/// Whether a field's values can be off by a unit slip.
pub(super) fn slips(kind: FieldKind) -> bool {
    matches!(
        kind,
        FieldKind::Amount | FieldKind::Percent | FieldKind::Ratio | FieldKind::Quantity
    )
}

/// The median of each field and period with at least `min_cohort`
/// non-zero values.
pub(super) fn cohorts(cx: &Context) -> Cohorts {
    let mut magnitudes: BTreeMap<(usize, Period), Vec<f64>> = BTreeMap::new();
    for ((_, j, p), _, v) in cx.values() {
        if v != 0.0 {
            magnitudes.entry((j, p)).or_default().push(v.abs());
        }
    }
    magnitudes
        .into_iter()
        .filter(|(_, m)| m.len() >= cx.fw.quality.min_cohort)
        .map(|(k, mut m)| {
            m.sort_by(f64::total_cmp);
            let n = m.len();
            let median = if n % 2 == 1 {
                m[n / 2]
            } else {
                (m[n / 2 - 1] + m[n / 2]) / 2.0
            };
            (k, Cohort { median, n })
        })
        .collect()
}

/// The signed power of ten `r` is within `tolerance` of: k for about
/// 10^k, -k for about 10^-k, None when it is near none of `SLIP_POWERS`.
pub(super) fn slip_power(r: f64, tolerance: f64) -> Option<i32> {
    if !(r.is_finite() && r > 0.0) {
        return None;
    }
    SLIP_POWERS.iter().find_map(|&k| {
        let p = 10f64.powi(k);
        if r >= p / tolerance && r <= p * tolerance {
            Some(k)
        } else if r >= 1.0 / (p * tolerance) && r <= tolerance / p {
            Some(-k)
        } else {
            None
        }
    })
}

/// Report every value off by a slip against its cohort; the cells reported.
pub(super) fn check(cx: &Context, cohorts: &Cohorts, out: &mut Found) -> Flagged {
    let mut flagged = Flagged::new();
    let q = &cx.fw.quality;
    let Some(severity) = q.unit_slip else {
        return flagged;
    };
    for (key, o, v) in cx.values() {
        let (_, j, p) = key;
        let f = &cx.fw.fields[j];
        let Some(cohort) = cohorts.get(&(j, p)).filter(|_| slips(f.kind) && v != 0.0) else {
            continue;
        };
        let r = v.abs() / cohort.median;
        let Some(k) = slip_power(r, q.slip_tolerance) else {
            continue;
        };
        flagged.insert(key);
        out.push(cx.finding(
            Check::UnitSlip,
            severity,
            key,
            o,
            v,
            "cohort_median".into(),
            cohort.median,
            message(cx, key, o, v, k, r, cohort),
        ));
    }
    flagged
}

/// The unit a cell's column was in: as submitted, or the field's.
pub(super) fn column_unit<'a>(o: &'a crate::ingest::Observation, field_unit: &'a str) -> &'a str {
    if o.unit.trim().is_empty() {
        field_unit
    } else {
        &o.unit
    }
}

fn message(
    cx: &Context,
    (_, j, p): Key,
    o: &crate::ingest::Observation,
    v: f64,
    k: i32,
    r: f64,
    cohort: &Cohort,
) -> (String, String) {
    let f = &cx.fw.fields[j];
    let (slip_zh, slip_en) = slip(column_unit(o, &f.unit), k);
    let median = num(cohort.median);
    let (times_zh, times_en) = times(
        k,
        (
            &format!("同期{}个非零值的中位数{median}", cohort.n),
            &format!("the cohort median {median}"),
        ),
    );
    (
        format!(
            "{slip_zh}：{}值{}（数据项“{}”）{times_zh}（比值{}）；请核对该单元格及表头单位，并更正申报数据",
            period_zh(p),
            num(v),
            f.name_zh,
            ratio(r)
        ),
        format!(
            "{slip_en}: {} is {times_en} (field {}, {}, median of {} non-zero values; ratio {}); check the cell and the unit of its column, and correct the submission",
            num(v),
            f.id,
            p.as_str(),
            cohort.n,
            ratio(r)
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_around_powers_of_ten() {
        // Tolerance 3: 10^2 covers 33.3.. to 300, 10^3 333.3.. to 3,000.
        assert_eq!(slip_power(100.0, 3.0), Some(2));
        assert_eq!(slip_power(34.0, 3.0), Some(2));
        assert_eq!(slip_power(33.0, 3.0), None);
        assert_eq!(slip_power(300.0, 3.0), Some(2));
        assert_eq!(slip_power(310.0, 3.0), None);
        assert_eq!(slip_power(10_245.0, 3.0), Some(4));
        assert_eq!(slip_power(0.0102, 3.0), Some(-2));
        assert_eq!(slip_power(0.04, 3.0), None);
        assert_eq!(slip_power(1e-8, 3.0), Some(-8));
        assert_eq!(slip_power(10.0, 3.0), None);
        assert_eq!(slip_power(0.0, 3.0), None);
    }
}

//! A cluster's value against its own value of the neighbouring period
//! (baseline → current → target; baseline → target when there is no
//! current): a unit slip when their ratio is near a power of ten in
//! `SLIP_POWERS` (for fields whose unit can be mis-scaled), and a change
//! beyond `[quality] change_factor` otherwise.
//!
//! A slip is reported at the cell that is the odd one out: the one
//! farther from its cohort median when both periods have one; otherwise
//! the one the cluster's third period disagrees with (baseline 0.0123,
//! current 123, target 150: the baseline); otherwise the later one. A pair
//! with a cell already reported as a slip (against the cohort, or in the
//! pair before) is not reported again, neither as a slip nor as a change;
//! a change is computed between positive values only (a ratio with a zero
//! or a sign change says nothing).

use super::cohort::{column_unit, slip_power, slips, Cohorts};
use super::text::{num, period_zh, ratio, slip, times};
use super::{Check, Context, Flagged, Found, Key};
use crate::framework::Period;
use crate::ingest::Observation;

/// One period's submitted value of a cluster and field.
#[derive(Clone, Copy)]
struct Cell<'a> {
    key: Key,
    o: &'a Observation,
    v: f64,
}

pub(super) fn check(cx: &Context, cohorts: &Cohorts, flagged: &Flagged, out: &mut Found) {
    let q = &cx.fw.quality;
    if q.unit_slip.is_none() && q.change.is_none() {
        return;
    }
    let mut reported = flagged.clone();
    let mut run: Vec<Cell> = Vec::new();
    let mut flush = |run: &mut Vec<Cell>| {
        for k in 1..run.len() {
            pair_check(cx, cohorts, &mut reported, run, (k - 1, k), out);
        }
        run.clear();
    };
    for (key, o, v) in cx.values() {
        if run
            .last()
            .is_some_and(|c| (c.key.0, c.key.1) != (key.0, key.1))
        {
            flush(&mut run);
        }
        run.push(Cell { key, o, v });
    }
    flush(&mut run);
}

/// How far a value is from its cohort median, in powers of ten (None:
/// no cohort).
fn distance(cohorts: &Cohorts, c: &Cell) -> Option<f64> {
    let (_, j, p) = c.key;
    let m = cohorts.get(&(j, p))?.median;
    (c.v != 0.0).then(|| (c.v.abs() / m).log10().abs())
}

/// Whether the earlier cell of a slipped pair is the odd one out (see the
/// module's header).
fn blame_earlier(cx: &Context, cohorts: &Cohorts, run: &[Cell], a: Cell, b: Cell) -> bool {
    if let (Some(da), Some(db)) = (distance(cohorts, &a), distance(cohorts, &b)) {
        return da > db;
    }
    let tolerance = cx.fw.quality.slip_tolerance;
    let agrees = |o: &Cell, x: &Cell| slip_power(o.v.abs() / x.v.abs(), tolerance).is_none();
    let third = run
        .iter()
        .find(|c| c.key != a.key && c.key != b.key && c.v != 0.0);
    match third {
        Some(o) => agrees(o, &b) && !agrees(o, &a),
        None => false,
    }
}

/// The pair `run[i]`, `run[j]` (earlier, later) of one cluster and field.
fn pair_check(
    cx: &Context,
    cohorts: &Cohorts,
    reported: &mut Flagged,
    run: &[Cell],
    (i, j): (usize, usize),
    out: &mut Found,
) {
    let q = &cx.fw.quality;
    let (earlier, later) = (run[i], run[j]);
    if reported.contains(&earlier.key) || reported.contains(&later.key) {
        return;
    }
    let f = &cx.fw.fields[later.key.1];
    if let (Some(severity), true) = (q.unit_slip, slips(f.kind)) {
        let r = later.v.abs() / earlier.v.abs();
        if let Some(k) = slip_power(r, q.slip_tolerance).filter(|_| earlier.v != 0.0) {
            let (at, other, k, r) = if blame_earlier(cx, cohorts, run, earlier, later) {
                (earlier, later, -k, 1.0 / r)
            } else {
                (later, earlier, k, r)
            };
            reported.insert(at.key);
            let message = slip_message(cx, at, other, k, r);
            out.push(cx.finding(
                Check::UnitSlip,
                severity,
                at.key,
                at.o,
                at.v,
                other.key.2.as_str().into(),
                other.v,
                message,
            ));
            return;
        }
    }
    let Some(severity) = q.change else { return };
    if !(earlier.v > 0.0 && later.v > 0.0) {
        return;
    }
    let r = later.v / earlier.v;
    if r > q.change_factor || r < 1.0 / q.change_factor {
        let message = change_message(cx, later, earlier, r);
        out.push(cx.finding(
            Check::Change,
            severity,
            later.key,
            later.o,
            later.v,
            earlier.key.2.as_str().into(),
            earlier.v,
            message,
        ));
    }
}

/// The other cell's period and value, and its place: ((Chinese,
/// English), (Chinese, English)).
fn other_words(cx: &Context, other: Cell) -> ((String, String), (String, String)) {
    (
        (
            format!("本集群{}值{}", period_zh(other.key.2), num(other.v)),
            format!(
                "the same cluster's {} value {}",
                other.key.2.as_str(),
                num(other.v)
            ),
        ),
        cx.place(other.o),
    )
}

fn slip_message(cx: &Context, at: Cell, other: Cell, k: i32, r: f64) -> (String, String) {
    let f = &cx.fw.fields[at.key.1];
    let (slip_zh, slip_en) = slip(column_unit(at.o, &f.unit), k);
    let ((other_zh, other_en), (place_zh, place_en)) = other_words(cx, other);
    let (times_zh, times_en) = times(k, (&other_zh, &other_en));
    let p: Period = at.key.2;
    (
        format!(
            "{slip_zh}：{}值{}（数据项“{}”）{times_zh}（见 {place_zh}；比值{}）；请核对两个单元格及其单位",
            period_zh(p),
            num(at.v),
            f.name_zh,
            ratio(r)
        ),
        format!(
            "{slip_en}: the {} value {} (field {}) is {times_en} ({place_en}; ratio {}); check both cells and their units",
            p.as_str(),
            num(at.v),
            f.id,
            ratio(r)
        ),
    )
}

fn change_message(cx: &Context, later: Cell, earlier: Cell, r: f64) -> (String, String) {
    let f = &cx.fw.fields[later.key.1];
    let ((other_zh, other_en), (place_zh, place_en)) = other_words(cx, earlier);
    let factor = num(cx.fw.quality.change_factor);
    (
        format!(
            "{}值{}（数据项“{}”）是{other_zh}的{}倍（见 {place_zh}），变化超出设定的{factor}倍；请核对两个单元格",
            period_zh(later.key.2),
            num(later.v),
            f.name_zh,
            ratio(r)
        ),
        format!(
            "the {} value {} (field {}) is {}× {other_en} ({place_en}): a change beyond the factor {factor} set by [quality] change_factor; check both cells",
            later.key.2.as_str(),
            num(later.v),
            f.id,
            ratio(r)
        ),
    )
}

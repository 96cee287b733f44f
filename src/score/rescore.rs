//! Re-scoring a scored round in place with a few cells replaced: the
//! what-if engine's fast path.
//!
//! The kernel scores an indicator from nothing but its own column
//! (`kernel::score_column`; under row_mean also its siblings' raw values,
//! `Plan::reads`), so replacing some cells and re-scoring only the columns
//! that read them, then aggregating every node again, gives exactly the
//! numbers a full `score_raw` of the changed matrix gives (same arithmetic
//! in the same order), at the cost of one column instead of all. The
//! checks are those of a full score restricted to what a change can break:
//! a value outside a transform's domain, a changed column whose statistics
//! overflow, points or a subtotal that are not finite. A change that fails
//! them is a round that cannot be scored (`Err`), never a number.
//!
//! `restore` puts the changed columns (and every subtotal) back from the
//! round as it was, so one buffer serves many what-ifs.

use super::{kernel, overflowing, Scored};
use crate::framework::{Framework, Indicator, Transform};

/// A replaced cell: (scored row, indicator, new value).
pub type Cell = (usize, usize, f64);

/// Is `v` a value indicator `ind` cannot be scored with (not finite, or
/// outside its transform's domain)? The same test `score::check` makes.
pub fn outside_domain(ind: &Indicator, v: f64) -> bool {
    !v.is_finite() || first_transform_outside(ind, v).is_some()
}

/// The first of the indicator's transforms whose domain `v` (or what the
/// transforms before it made of `v`) lies outside. The percentile caps and
/// floors keep a value within the cohort's range, so a value is followed
/// through the log transforms only.
pub fn first_transform_outside(ind: &Indicator, v: f64) -> Option<Transform> {
    let mut y = v;
    for t in &ind.transforms {
        if t.outside_domain(y) {
            return Some(*t);
        }
        if let Some(z) = t.point(y) {
            y = z;
        }
    }
    None
}

/// Replace `cells` in `scored` and re-score their columns and every
/// subtotal. `Err(())` when the changed round cannot be scored; `scored`
/// is then partly changed: `restore` it.
#[allow(clippy::result_unit_err)]
pub fn rescore(fw: &Framework, scored: &mut Scored, cells: &[Cell]) -> Result<(), ()> {
    let n = scored.raw.clusters;
    for &(row, j, v) in cells {
        if outside_domain(&fw.indicators[j], v) {
            return Err(());
        }
        scored.raw.values[j * n + row] = v;
    }
    for j in affected(&scored.plan, cells) {
        kernel::score_column(&scored.raw.values, &scored.plan, j, &mut scored.scores);
        let r = j * n..(j + 1) * n;
        if overflowing(&scored.scores.transformed[r.clone()]).is_some()
            || scored.scores.points[r].iter().any(|p| !p.is_finite())
        {
            return Err(());
        }
    }
    kernel::aggregate(&scored.plan, &mut scored.scores);
    if scored.scores.node_sub.iter().any(|s| !s.is_finite()) {
        return Err(());
    }
    Ok(())
}

/// The columns a change of `cells` re-scores: each changed column, and
/// every column that reads one (row_mean imputes from its siblings), in
/// column order, once each.
pub(super) fn affected(plan: &kernel::Plan, cells: &[Cell]) -> Vec<usize> {
    (0..plan.columns.len())
        .filter(|&j| cells.iter().any(|c| plan.reads(j, c.1)))
        .collect()
}

/// Put the columns of `cells` and every subtotal back from `base` (the
/// round `scored` was cloned from).
pub fn restore(scored: &mut Scored, base: &Scored, cells: &[Cell]) {
    let n = base.raw.clusters;
    let (to, from) = (&mut scored.scores, &base.scores);
    for j in affected(&base.plan, cells) {
        let r = j * n..(j + 1) * n;
        scored.raw.values[r.clone()].copy_from_slice(&base.raw.values[r.clone()]);
        to.value[r.clone()].copy_from_slice(&from.value[r.clone()]);
        to.imputation[r.clone()].copy_from_slice(&from.imputation[r.clone()]);
        to.treated[r.clone()].copy_from_slice(&from.treated[r.clone()]);
        to.treat_flag[r.clone()].copy_from_slice(&from.treat_flag[r.clone()]);
        to.transformed[r.clone()].copy_from_slice(&from.transformed[r.clone()]);
        to.rule_value[r.clone()].copy_from_slice(&from.rule_value[r.clone()]);
        to.cap[r.clone()].copy_from_slice(&from.cap[r.clone()]);
        to.fraction[r.clone()].copy_from_slice(&from.fraction[r.clone()]);
        to.points[r.clone()].copy_from_slice(&from.points[r]);
        to.treatment_log[j].clone_from(&from.treatment_log[j]);
    }
    to.node_sub.copy_from_slice(&from.node_sub);
}

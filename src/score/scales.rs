//! The normalisations that COINr offers besides min-max, z-score and
//! goalposts (COINr 1.1.14 `n_rank`, `n_borda`, `n_prank`, `n_scaled`,
//! `n_fracmax`, `n_dist2max`, `n_dist2ref`, `n_dist2targ`), as pure
//! functions of one column.
//!
//! Each writes two things per cluster: the rule's own value on its own
//! scale, as COINr gives it (a rank from 1 to n, a Borda score, a distance
//! that may exceed 1), and the fraction of the indicator's points in
//! [0, 1] that the value maps to. Every formula is applied to x' =
//! direction × x (−x for lower-is-better), as COINr does. A value that
//! the map caps is marked (`Cap`). A missing value (NaN) has the rule
//! value NaN and scores 0; a rule value that is not a number although the
//! value was present (a division by zero in the formula) is left NaN or
//! infinite here and refused by `score::check_scores`, never scored.

use super::kernel::Cap;
use crate::framework::Direction;

/// x' = direction × x.
fn signed(direction: Direction, x: f64) -> f64 {
    match direction {
        Direction::Higher => x,
        Direction::Lower => -x,
    }
}

/// Minimum and maximum of x' over the finite values, and their count.
pub fn range(values: &[f64], direction: Direction) -> (f64, f64, usize) {
    let (mut lo, mut hi, mut n) = (f64::INFINITY, f64::NEG_INFINITY, 0);
    for &x in values.iter().filter(|x| x.is_finite()) {
        let y = signed(direction, x);
        lo = lo.min(y);
        hi = hi.max(y);
        n += 1;
    }
    (lo, hi, n)
}

/// Rank of x' among the finite values, ties at the lowest rank (R's
/// `rank(ties.method = "min")`): 1 + the number of values strictly worse.
fn rank_min(values: &[f64], direction: Direction, x: f64) -> f64 {
    let y = signed(direction, x);
    1.0 + values
        .iter()
        .filter(|v| v.is_finite() && signed(direction, **v) < y)
        .count() as f64
}

/// The ranks among `reference` (the column itself, or a pooled cohort
/// that holds it): `RankMin` (1..n), `Borda` (rank − 1) or `PRank` ((rank
/// − 1) / (n − 1)), n the finite reference values. The fraction is (rank
/// − 1) / (n − 1) for all three; a cohort of one scores 1.
pub fn ranks(
    values: &[f64],
    reference: &[f64],
    direction: Direction,
    kind: RankKind,
    value: &mut [f64],
    fraction: &mut [f64],
) {
    let (_, _, n) = range(reference, direction);
    for ((v, f), &x) in value.iter_mut().zip(fraction.iter_mut()).zip(values) {
        if !x.is_finite() {
            (*v, *f) = (f64::NAN, 0.0);
            continue;
        }
        let r = rank_min(reference, direction, x);
        *f = if n < 2 {
            1.0
        } else {
            (r - 1.0) / (n - 1) as f64
        };
        *v = match kind {
            RankKind::Rank => r,
            RankKind::Borda => r - 1.0,
            RankKind::Percent => *f,
        };
    }
}

/// Which rank scale.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RankKind {
    Rank,
    Borda,
    Percent,
}

/// The fraction of a rule value that should lie in [0, 1]: the value,
/// capped (and marked) where it lies outside; NaN stays NaN.
fn capped(v: f64, cap: &mut Cap) -> f64 {
    if v > 1.0 {
        *cap = Cap::High;
        1.0
    } else if v < 0.0 {
        *cap = Cap::Low;
        0.0
    } else {
        v
    }
}

/// `Scaled`: (x' − lo) / (hi − lo) × 100; fraction value / 100, capped.
pub fn scaled(
    values: &[f64],
    direction: Direction,
    (lo, hi): (f64, f64),
    value: &mut [f64],
    fraction: &mut [f64],
    cap: &mut [Cap],
) {
    for (((v, f), c), &x) in value
        .iter_mut()
        .zip(fraction.iter_mut())
        .zip(cap.iter_mut())
        .zip(values)
    {
        if !x.is_finite() {
            (*v, *f) = (f64::NAN, 0.0);
            continue;
        }
        *v = (signed(direction, x) - lo) / (hi - lo) * 100.0;
        *f = capped(*v / 100.0, c);
    }
}

/// `FracMax`: x' / max x' (the rule is refused for lower-is-better).
/// `(min, max)`: the range of x' (`range`, or of a pooled cohort).
pub fn fracmax(
    values: &[f64],
    direction: Direction,
    (_, max): (f64, f64),
    value: &mut [f64],
    fraction: &mut [f64],
    cap: &mut [Cap],
) {
    each(values, value, fraction, cap, |x| signed(direction, x) / max);
}

/// `Dist2Max`: 1 − (max x' − x') / (max x' − min x').
pub fn dist2max(
    values: &[f64],
    direction: Direction,
    (min, max): (f64, f64),
    value: &mut [f64],
    fraction: &mut [f64],
    cap: &mut [Cap],
) {
    each(values, value, fraction, cap, |x| {
        1.0 - (max - signed(direction, x)) / (max - min)
    });
}

/// `Dist2Ref`: 1 − (x'_ref − x') / (x'_ref − min x'), `reference` the
/// reference unit's value (NaN when it has none: every value is NaN);
/// values above 1 become 1 when `cap_max`.
#[allow(clippy::too_many_arguments)]
pub fn dist2ref(
    values: &[f64],
    direction: Direction,
    (min, _): (f64, f64),
    reference: f64,
    cap_max: bool,
    value: &mut [f64],
    fraction: &mut [f64],
    cap: &mut [Cap],
) {
    let r = signed(direction, reference);
    each(values, value, fraction, cap, |x| {
        let v = 1.0 - (r - signed(direction, x)) / (r - min);
        if cap_max && v > 1.0 {
            1.0
        } else {
            v
        }
    });
}

/// `Dist2Targ`: (x' − min x') / (t' − min x'), t' = direction × target;
/// values above 1 become 1 when `cap_max`.
#[allow(clippy::too_many_arguments)]
pub fn dist2targ(
    values: &[f64],
    direction: Direction,
    (min, _): (f64, f64),
    target: f64,
    cap_max: bool,
    value: &mut [f64],
    fraction: &mut [f64],
    cap: &mut [Cap],
) {
    let t = signed(direction, target);
    each(values, value, fraction, cap, |x| {
        let v = (signed(direction, x) - min) / (t - min);
        if cap_max && v > 1.0 {
            1.0
        } else {
            v
        }
    });
}

/// Apply `f` to every present value; the fraction is the value capped to
/// [0, 1] (a value already capped by the rule's own `cap_max` is marked
/// too).
fn each(
    values: &[f64],
    value: &mut [f64],
    fraction: &mut [f64],
    cap: &mut [Cap],
    f: impl Fn(f64) -> f64,
) {
    for (((v, fr), c), &x) in value
        .iter_mut()
        .zip(fraction.iter_mut())
        .zip(cap.iter_mut())
        .zip(values)
    {
        if !x.is_finite() {
            (*v, *fr) = (f64::NAN, 0.0);
            continue;
        }
        *v = f(x);
        *fr = capped(*v, c);
    }
}

#[cfg(test)]
mod tests {
    //! Every expected value is worked by hand in the comments.
    use super::*;

    const NAN: f64 = f64::NAN;

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!(
                (x.is_nan() && y.is_nan()) || (x - y).abs() < 1e-12,
                "{a:?} vs {b:?}"
            );
        }
    }

    #[test]
    fn ranks_by_hand() {
        // values 3, 1, 3, NaN, 7 (n = 4 present). Higher: ranks (ties min)
        // 1 is 1st, the two 3s share 2, 7 is 4th -> 2, 1, 2, -, 4.
        // Borda: 1, 0, 1, -, 3. Fraction (rank - 1) / 3: 1/3, 0, 1/3, 0, 1.
        let x = [3.0, 1.0, 3.0, NAN, 7.0];
        let (mut v, mut f) = ([0.0; 5], [0.0; 5]);
        ranks(&x, &x, Direction::Higher, RankKind::Rank, &mut v, &mut f);
        close(&v, &[2.0, 1.0, 2.0, NAN, 4.0]);
        close(&f, &[1.0 / 3.0, 0.0, 1.0 / 3.0, 0.0, 1.0]);
        ranks(&x, &x, Direction::Higher, RankKind::Borda, &mut v, &mut f);
        close(&v, &[1.0, 0.0, 1.0, NAN, 3.0]);
        ranks(&x, &x, Direction::Higher, RankKind::Percent, &mut v, &mut f);
        close(&v, &[1.0 / 3.0, 0.0, 1.0 / 3.0, NAN, 1.0]);
        // Lower: x' = -3, -1, -3, -7 -> -7 rank 1, the -3s share 2, -1 is 4.
        ranks(&x, &x, Direction::Lower, RankKind::Rank, &mut v, &mut f);
        close(&v, &[2.0, 4.0, 2.0, NAN, 1.0]);
    }

    #[test]
    fn scaled_by_hand() {
        // lo 0, hi 50: 25 -> 50 (fraction 0.5); 60 -> 120 (capped 1, high);
        // lower: x' = -10 -> -20 (capped 0, low).
        let (mut v, mut f, mut c) = ([0.0; 2], [0.0; 2], [Cap::None; 2]);
        scaled(
            &[25.0, 60.0],
            Direction::Higher,
            (0.0, 50.0),
            &mut v,
            &mut f,
            &mut c,
        );
        close(&v, &[50.0, 120.0]);
        close(&f, &[0.5, 1.0]);
        assert_eq!(c, [Cap::None, Cap::High]);
        let (mut v, mut f, mut c) = ([0.0; 1], [0.0; 1], [Cap::None; 1]);
        scaled(
            &[10.0],
            Direction::Lower,
            (0.0, 50.0),
            &mut v,
            &mut f,
            &mut c,
        );
        close(&v, &[-20.0]);
        assert_eq!((f[0], c[0]), (0.0, Cap::Low));
    }

    #[test]
    fn fractions_of_the_maximum_and_distances_by_hand() {
        // 2, 4, 8: fracmax 0.25, 0.5, 1. dist2max: 1 - (8 - x) / 6 ->
        // 0, 1/3, 1. Lower dist2max: x' = -2, -4, -8: max -2, min -8:
        // 1 - (-2 - x') / 6 -> 1, 2/3, 0.
        let x = [2.0, 4.0, 8.0];
        let (mut v, mut f, mut c) = ([0.0; 3], [0.0; 3], [Cap::None; 3]);
        let hi = |d| {
            let (a, b, _) = range(&x, d);
            (a, b)
        };
        let up = hi(Direction::Higher);
        let down = hi(Direction::Lower);
        fracmax(&x, Direction::Higher, up, &mut v, &mut f, &mut c);
        close(&v, &[0.25, 0.5, 1.0]);
        dist2max(&x, Direction::Higher, up, &mut v, &mut f, &mut c);
        close(&v, &[0.0, 1.0 / 3.0, 1.0]);
        dist2max(&x, Direction::Lower, down, &mut v, &mut f, &mut c);
        close(&v, &[1.0, 2.0 / 3.0, 0.0]);
        // dist2ref, reference 4: 1 - (4 - x) / (4 - 2) -> 0, 1, 3 (capped:
        // fraction 1, marked high); cap_max: the value itself is 1.
        dist2ref(
            &x,
            Direction::Higher,
            up,
            4.0,
            false,
            &mut v,
            &mut f,
            &mut c,
        );
        close(&v, &[0.0, 1.0, 3.0]);
        close(&f, &[0.0, 1.0, 1.0]);
        assert_eq!(c[2], Cap::High);
        dist2ref(&x, Direction::Higher, up, 4.0, true, &mut v, &mut f, &mut c);
        close(&v, &[0.0, 1.0, 1.0]);
        // reference at the minimum (2): 0/0 for 2 -> NaN, x/0 -> Inf.
        dist2ref(
            &x,
            Direction::Higher,
            up,
            2.0,
            false,
            &mut v,
            &mut f,
            &mut c,
        );
        assert!(v[0].is_nan() && v[1] == f64::INFINITY && v[2] == f64::INFINITY);
        // dist2targ, target 6: (x - 2) / (6 - 2) -> 0, 0.5, 1.5 -> capped 1.
        dist2targ(&x, Direction::Higher, up, 6.0, true, &mut v, &mut f, &mut c);
        close(&v, &[0.0, 0.5, 1.0]);
        dist2targ(
            &x,
            Direction::Higher,
            up,
            6.0,
            false,
            &mut v,
            &mut f,
            &mut c,
        );
        close(&v, &[0.0, 0.5, 1.5]);
        // lower, target 3: x' = -2, -4, -8, min -8, t' = -3:
        // (x' + 8) / 5 -> 1.2, 0.8, 0.
        dist2targ(
            &x,
            Direction::Lower,
            down,
            3.0,
            false,
            &mut v,
            &mut f,
            &mut c,
        );
        close(&v, &[1.2, 0.8, 0.0]);
        // Pooled: ranks of 3 among the reference 1, 2, 5, 9 (ties min):
        // 1 and 2 are worse -> rank 3, fraction 2/3.
        let (mut v, mut f) = ([0.0; 1], [0.0; 1]);
        ranks(
            &[3.0],
            &[1.0, 2.0, 5.0, 9.0],
            Direction::Higher,
            RankKind::Rank,
            &mut v,
            &mut f,
        );
        close(&v, &[3.0]);
        close(&f, &[2.0 / 3.0]);
        // dist2max with a pooled range 0..10: 4 -> 1 - 6/10 = 0.4.
        let (mut v, mut f, mut c) = ([0.0; 1], [0.0; 1], [Cap::None; 1]);
        dist2max(
            &[4.0],
            Direction::Higher,
            (0.0, 10.0),
            &mut v,
            &mut f,
            &mut c,
        );
        close(&v, &[0.4]);
    }
}

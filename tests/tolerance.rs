//! Float comparison for the tests: one `close`, which asserts and says what
//! it compared. A tolerance is absolute (`close(x, 1.5, 1e-9, "what")`) or
//! relative with an absolute floor near zero (`Tol::rel(1e-6, 1e-9)`).

use std::fmt::{self, Display};

/// How near two numbers must be: within `abs`, or within `rel` times the
/// larger magnitude.
#[derive(Clone, Copy)]
pub struct Tol {
    abs: f64,
    rel: f64,
}

impl Tol {
    pub const fn rel(rel: f64, abs: f64) -> Tol {
        Tol { abs, rel }
    }
}

/// A bare number is an absolute tolerance.
impl From<f64> for Tol {
    fn from(abs: f64) -> Tol {
        Tol { abs, rel: 0.0 }
    }
}

impl fmt::Debug for Tol {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.rel == 0.0 {
            write!(f, "{:e} absolute", self.abs)
        } else {
            write!(f, "{:e} relative or {:e} absolute", self.rel, self.abs)
        }
    }
}

/// The same number after a trip through text or another summation order:
/// 1e-9 relative, 1e-9 absolute near zero.
pub const SAME: Tol = Tol::rel(1e-9, 1e-9);

/// Assert that `got` is within `tol` of `want` (a NaN is never close).
#[track_caller]
pub fn close(got: f64, want: f64, tol: impl Into<Tol>, what: impl Display) {
    let t = tol.into();
    let d = (got - want).abs();
    assert!(
        d <= t.abs || d <= t.rel * got.abs().max(want.abs()),
        "{what}: {got} vs expected {want} (off by {d:e}; tolerance {t:?})"
    );
}

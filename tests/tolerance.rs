//! Float comparison for tests: relative 1e-9, or absolute 1e-9 near zero.

pub fn close(a: f64, b: f64) -> bool {
    close_within(a, b, 1e-9, 1e-9)
}

pub fn close_within(a: f64, b: f64, rel: f64, abs: f64) -> bool {
    let d = (a - b).abs();
    d <= abs || d <= rel * a.abs().max(b.abs())
}

#[track_caller]
pub fn assert_close(a: f64, b: f64, what: &str) {
    assert!(close(a, b), "{what}: {a} vs expected {b}");
}

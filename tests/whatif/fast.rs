//! The fast path of `Scenario::decide` (only the changed columns
//! re-scored, on a reused buffer) against the slow path (the whole matrix
//! scored again, as a run scores it): the same decision, to the bit, for
//! every cluster and indicator of three rounds and values below, above and
//! far beyond the cohort's (new min-max bounds, a changed median, a value
//! outside a transform's domain).

use crate::workdir::repo;
use cluster_eval::diag::Diagnostics;
use cluster_eval::pipeline;
use cluster_eval::whatif::Scenario;

fn scenario(dir: &str) -> Scenario {
    let mut d = Diagnostics::default();
    let l = pipeline::load(&repo().join(dir), None, &mut d).expect("the round loads");
    assert!(!d.has_errors(), "{d:?}");
    Scenario::new(l.round, l.process).expect("the round scores")
}

fn agree(dir: &str) {
    let s = scenario(dir);
    assert!(
        s.fast_path(),
        "{dir} has no objective weights: the fast path serves it"
    );
    let (n, m) = (s.round.registry.len(), s.round.framework.indicators.len());
    let mut compared = 0;
    let mut unscorable = 0;
    for c in 0..n {
        for j in 0..m {
            let v = s.value(c, j);
            let base = if v.is_finite() { v } else { 1.0 };
            for x in [base * 0.5, base * 1.5, base * 40.0 + 7.0, -base - 2.0, 0.0] {
                let fast = s.decide(c, &[(j, x)]);
                let slow = s.decide_slow(c, &[(j, x)]);
                assert_eq!(fast, slow, "{dir}: cluster {c}, indicator {j} = {x}");
                compared += 1;
                unscorable += usize::from(slow.is_none());
            }
        }
        // Two indicators at once.
        if m >= 2 {
            let changes = [(0, s.value(c, 0).abs() * 2.0 + 1.0), (m - 1, 0.5)];
            assert_eq!(s.decide(c, &changes), s.decide_slow(c, &changes));
        }
    }
    assert!(compared > 0);
    // After all that, the buffers are back as they were: deciding nothing
    // gives the round as submitted.
    assert_eq!(s.decide(0, &[]).as_ref(), Some(&s.base), "{dir}");
    eprintln!("{dir}: {compared} changes compared, {unscorable} unscorable");
}

#[test]
fn the_fast_path_decides_exactly_as_the_slow_path_on_the_hand_checked_round() {
    agree("tests/whatif/data/round");
}

#[test]
fn the_fast_path_decides_exactly_as_the_slow_path_on_the_midterm_sample() {
    agree("sample_data/hebei-2024-midterm");
}

#[test]
fn the_fast_path_decides_exactly_as_the_slow_path_on_the_competition_sample() {
    agree("sample_data/hebei-2022-competition");
}

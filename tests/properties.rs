//! Property tests of the scoring kernel and the ranking.

use cluster_eval::framework;
use cluster_eval::rank::competition_ranks;
use cluster_eval::score::kernel::{score, Plan};
use proptest::prelude::*;

const FW: &str = r#"
[framework]
id = "prop"
total_points = 100
[[field]]
id = "x"
unit = "亿元"
[[node]]
id = "d"
points = 100
[[indicator]]
id = "mm_log"
parent = "d"
field = "x"
points = 20
rule = "minmax"
transforms = ["cap_p95", "log1p"]
missing = "cohort_median"
[[indicator]]
id = "mm"
parent = "d"
field = "x"
points = 20
rule = "minmax"
transforms = ["cap_p90"]
[[indicator]]
id = "rk"
parent = "d"
field = "x"
points = 20
rule = "rank"
[[indicator]]
id = "gp"
parent = "d"
field = "x"
points = 10
rule = "goalpost"
lo = 100
hi = 800
[[indicator]]
id = "tg"
parent = "d"
field = "x"
points = 10
rule = "target"
target = 500
floor = 0.6
full = 1.0
at_floor = 0.6
[[indicator]]
id = "bd"
parent = "d"
field = "x"
points = 10
rule = "bands"
bands = [{ at_least = 600, fraction = 1.0 }, { at_least = 300, fraction = 0.5 }]
[[indicator]]
id = "low"
parent = "d"
field = "x"
points = 10
direction = "lower"
rule = "minmax"
"#;

fn plan(n: usize) -> Plan {
    let (fw, diags) = framework::parse(FW, "prop.toml");
    let fw = fw.expect("framework");
    assert!(!diags.has_errors(), "{:?}", diags);
    Plan::new(&fw, n, |_| vec![0; n])
}

/// The same value for every indicator column (all read field x).
fn matrix(values: &[f64], m: usize) -> Vec<f64> {
    let mut raw = Vec::with_capacity(values.len() * m);
    for _ in 0..m {
        raw.extend_from_slice(values);
    }
    raw
}

fn values() -> impl Strategy<Value = Vec<f64>> {
    prop::collection::vec(0.0f64..1000.0, 2..25)
}

proptest! {
    #[test]
    fn reordering_clusters_changes_nothing(v in values(), seed in any::<u64>()) {
        let n = v.len();
        let p = plan(n);
        let m = p.columns.len();
        // A permutation from the seed.
        let mut perm: Vec<usize> = (0..n).collect();
        let mut s = seed;
        for i in (1..n).rev() {
            s = s.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            perm.swap(i, (s >> 33) as usize % (i + 1));
        }
        let w: Vec<f64> = perm.iter().map(|&i| v[i]).collect();
        let a = score(&matrix(&v, m), &p);
        let b = score(&matrix(&w, m), &p);
        for (k, &i) in perm.iter().enumerate() {
            prop_assert!((a.total(i) - b.total(k)).abs() < 1e-9);
        }
    }

    #[test]
    fn a_better_value_never_lowers_a_score(v in values(), who in any::<prop::sample::Index>(), up in 0.0f64..500.0) {
        let n = v.len();
        let p = plan(n);
        let m = p.columns.len();
        let i = who.index(n);
        let mut w = v.clone();
        w[i] += up;
        let a = score(&matrix(&v, m), &p);
        let b = score(&matrix(&w, m), &p);
        // every higher-is-better indicator (all but the last, "low")
        for j in 0..m - 1 {
            prop_assert!(b.points[b.at(i, j)] >= a.points[a.at(i, j)] - 1e-12,
                "indicator {j}: {} -> {}", a.points[a.at(i, j)], b.points[b.at(i, j)]);
        }
        prop_assert!(b.points[b.at(i, m - 1)] <= a.points[a.at(i, m - 1)] + 1e-12);
    }

    #[test]
    fn rescaling_a_unit_leaves_minmax_scores_unchanged(v in values(), c in 0.001f64..1000.0) {
        let n = v.len();
        let p = plan(n);
        let m = p.columns.len();
        let w: Vec<f64> = v.iter().map(|x| x * c).collect();
        let a = score(&matrix(&v, m), &p);
        let b = score(&matrix(&w, m), &p);
        // "mm" (minmax after a percentile cap), "rk" and "low" are scale-free.
        for j in [1usize, 2, m - 1] {
            for i in 0..n {
                prop_assert!((a.fraction[a.at(i, j)] - b.fraction[b.at(i, j)]).abs() < 1e-9);
            }
        }
    }

    #[test]
    fn a_ranking_is_a_permutation_with_competition_ranks(totals in prop::collection::vec(0u8..20, 1..40)) {
        let keys: Vec<Vec<f64>> = totals.iter().map(|&t| vec![t as f64]).collect();
        let ranks = competition_ranks(&keys);
        // Sorting by rank gives totals in descending order, and each rank is
        // 1 + the number of strictly better totals.
        let mut order: Vec<usize> = (0..totals.len()).collect();
        order.sort_by_key(|&i| ranks[i]);
        prop_assert!(order.windows(2).all(|w| totals[w[0]] >= totals[w[1]]));
        for i in 0..totals.len() {
            let ahead = totals.iter().filter(|&&t| t > totals[i]).count();
            prop_assert_eq!(ranks[i], ahead + 1);
        }
        // Ranks 1..=n are all accounted for: ranks + tie sizes fill 1..=n.
        let mut sorted = ranks.clone();
        sorted.sort();
        for (k, r) in sorted.iter().enumerate() {
            prop_assert!(*r <= k + 1);
        }
        prop_assert_eq!(sorted[0], 1);
    }

    #[test]
    fn totals_stay_within_the_points(v in values()) {
        let n = v.len();
        let p = plan(n);
        let s = score(&matrix(&v, p.columns.len()), &p);
        for i in 0..n {
            prop_assert!(s.total(i) >= 0.0 && s.total(i) <= 100.0 + 1e-9);
        }
    }
}

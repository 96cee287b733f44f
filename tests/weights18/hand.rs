//! PCA and optimised weights on small rounds worked out by hand (the
//! numbers in the comments, not the engine's output).

use super::{num, tiny_round, weights};
use crate::tolerance::close;
use crate::workdir::WorkDir;
use serde_json::Value;

fn total_of(w: &WorkDir, out: &str, id: &str) -> f64 {
    let json: Value = serde_json::from_str(&w.read(&format!("{out}/scores.json"))).unwrap();
    json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster_id"] == id)
        .unwrap()["total"]
        .as_f64()
        .unwrap()
}

#[test]
fn pca_of_three_units_and_two_indicators() {
    // a = 0, 1, 2 and b = 0, 2, 1, min-max scored: 0, 0.5, 1 and 0, 1, 0.5.
    // Deviations (−0.5, 0, 0.5) and (−0.5, 0.5, 0): r = 0.25 / 0.5 = 0.5.
    // The correlation matrix [[1, 0.5], [0.5, 1]] has eigenvalues 1.5 and
    // 0.5; the first eigenvector is (1, 1)/√2. So both loadings are
    // 1/√2 = 0.7071, the weights 0.5 and 0.5 (50 points each), and PC1
    // explains 1.5 / 2 = 0.75 of the variance. u2 scores 50·0.5 + 50·1 = 75.
    for (pca, method) in [("", "pca"), ("pca = \"squared\"\n", "pca_squared")] {
        let w = WorkDir::new();
        tiny_round(
            &w,
            &[("a", ""), ("b", "")],
            "u1,U1,2018,0,0\nu2,U2,2018,1,2\nu3,U3,2018,2,1\n",
            &format!("\n[[weighting]]\nnode = \"total\"\nmethod = \"pca\"\n{pca}"),
        );
        w.ok(&["run", "r", "--out", "out"]);
        let t = weights(&w, "out");
        for c in ["a", "b"] {
            close(num(&t, "total", c, "pc1_loading"), 0.5f64.sqrt(), 1e-12, c);
            close(num(&t, "total", c, "pc1_variance_share"), 0.75, 1e-12, c);
            close(num(&t, "total", c, "weight"), 0.5, 1e-12, c);
            close(num(&t, "total", c, "points"), 50.0, 1e-9, c);
            assert_eq!(t[&("total".into(), c.into())]["method"], method);
        }
        close(total_of(&w, "out", "u2"), 75.0, 1e-9, "u2's total");
    }
}

/// x1 = 0..4, x2 = 10·x1 + 10 (the same scores), x3 = 0, 2, 4, 1, 3.
const THREE: &str =
    "u1,U1,2018,0,10,0\nu2,U2,2018,1,20,2\nu3,U3,2018,2,30,4\nu4,U4,2018,3,40,1\nu5,U5,2018,4,50,3\n";

#[test]
fn pca_weights_differ_with_the_correlations() {
    // x1 and x2 score alike (r = 1). x3 against x1: deviations
    // (−2, −1, 0, 1, 2) and (−2, 0, 2, −1, 1), r = 5 / √(10·10) = 0.5.
    // R = [[1, 1, ½], [1, 1, ½], [½, ½, 1]]. An eigenvector (a, a, b)
    // solves 2a + b/2 = λa and a + b = λb: λ² − 3λ + 3/2 = 0, λ1 = (3 + √3)/2
    // and b = 2(λ1 − 2)a = (√3 − 1)a. With 2a² + b² = 1: a² = 1/(6 − 2√3).
    // Loadings weights: a/(2a + b) = 1/(1 + √3) = (√3 − 1)/2 = 0.36603 for
    // x1 and x2, and (√3 − 1)/(1 + √3) = 2 − √3 = 0.26795 for x3. Squared:
    // a² = 0.39434, b² = (4 − 2√3)/(6 − 2√3) = 0.21132. PC1 explains
    // λ1 / 3 = (3 + √3)/6 = 0.78868.
    let s3 = 3f64.sqrt();
    let a2 = 1.0 / (6.0 - 2.0 * s3);
    let (a, b) = (a2.sqrt(), (s3 - 1.0) * a2.sqrt());
    for (pca, wa, wb) in [
        ("", (s3 - 1.0) / 2.0, 2.0 - s3),
        ("pca = \"squared\"\n", a2, (4.0 - 2.0 * s3) * a2),
    ] {
        let w = WorkDir::new();
        tiny_round(
            &w,
            &[("x1", ""), ("x2", ""), ("x3", "")],
            THREE,
            &format!("\n[[weighting]]\nnode = \"total\"\nmethod = \"pca\"\n{pca}"),
        );
        w.ok(&["run", "r", "--out", "out"]);
        let t = weights(&w, "out");
        for (c, l, wt) in [("x1", a, wa), ("x2", a, wa), ("x3", b, wb)] {
            let what = format!("{c} {pca}");
            close(
                num(&t, "total", c, "pc1_loading"),
                l,
                1e-9,
                format_args!("{what} loading"),
            );
            close(
                num(&t, "total", c, "weight"),
                wt,
                1e-9,
                format_args!("{what} weight"),
            );
            close(
                num(&t, "total", c, "pc1_variance_share"),
                (3.0 + s3) / 6.0,
                1e-9,
                format_args!("{what} share"),
            );
        }
    }
}

/// A = 0, 0, 1, 1 and B = 0, 1, 2, 3 (scored 0, 1/3, 2/3, 1); C = 3, 1, 0, 2.
const BALANCE: &str = "u1,U1,2018,0,0,3\nu2,U2,2018,0,1,1\nu3,U3,2018,1,2,0\nu4,U4,2018,1,3,2\n";

/// The weight of A that gives A and B the same correlation with
/// wA·A + wB·B: corr(A, I) = corr(B, I) ⇔ (wA·sA − wB·sB)(1 − ρ) = 0 ⇔
/// wA·sA = wB·sB. sA² = 1/3 (deviations ±½), sB² = (2·¼ + 2/36)/3 = 5/27,
/// so wA/wB = sB/sA = √5/3 and wA = √5/(√5 + 3) = 0.42705.
fn balanced_a() -> f64 {
    5f64.sqrt() / (5f64.sqrt() + 3.0)
}

#[test]
fn optimised_weights_balance_the_correlations_when_they_can() {
    let w = WorkDir::new();
    tiny_round(
        &w,
        &[("A", ""), ("B", "")],
        "u1,U1,2018,0,0\nu2,U2,2018,0,1\nu3,U3,2018,1,2\nu4,U4,2018,1,3\n",
        "\n[[weighting]]\nnode = \"total\"\nmethod = \"optimised\"\ntolerance = 1e-12\nmax_iterations = 5000\n",
    );
    w.ok(&["run", "r", "--out", "out"]);
    let t = weights(&w, "out");
    close(num(&t, "total", "A", "weight"), balanced_a(), 1e-6, "A");
    close(
        num(&t, "total", "B", "weight"),
        1.0 - balanced_a(),
        1e-6,
        "B",
    );
    let (ra, rb) = (
        num(&t, "total", "A", "correlation"),
        num(&t, "total", "B", "correlation"),
    );
    close(ra, rb, 1e-6, "equal correlations with the index");
    assert!(
        num(&t, "total", "A", "objective_value") < -20.0,
        "near-perfect balance"
    );
    assert_eq!(num(&t, "total", "A", "convergence"), 0.0);
}

#[test]
fn optimised_against_the_parent_node() {
    // A and B under d1, C alone under d2; d1's score is wA·A + wB·B, so
    // against = "parent" balances A and B as above, whatever C does.
    let w = WorkDir::new();
    tiny_round(
        &w,
        &[("A", "d1"), ("B", "d1"), ("C", "d2")],
        BALANCE,
        "\n[[node]]\nid = \"d1\"\nname_zh = \"一\"\nname_en = \"one\"\naggregation = \"mean\"\n\n[[node]]\nid = \"d2\"\nname_zh = \"二\"\nname_en = \"two\"\naggregation = \"mean\"\n\n[[weighting]]\nnode = \"d1\"\nmethod = \"optimised\"\nagainst = \"parent\"\ntolerance = 1e-12\nmax_iterations = 5000\n",
    );
    w.ok(&["run", "r", "--out", "out"]);
    let t = weights(&w, "out");
    close(num(&t, "d1", "A", "weight"), balanced_a(), 1e-6, "A");
    assert_eq!(t[&("d1".into(), "A".into())]["method"], "optimised_parent");
    // d1 keeps its half of the total: A gets 50·wA points.
    close(
        num(&t, "d1", "A", "points"),
        50.0 * balanced_a(),
        1e-4,
        "A points",
    );
    close(num(&t, "total", "d2", "points"), 50.0, 1e-9, "d2 points");
}

#[test]
fn optimised_weights_with_unequal_targets() {
    // A = 0, 0, 1, 1 and B = 0, 1, 1, 0: deviations (−½, −½, ½, ½) and
    // (−½, ½, ½, −½), uncorrelated, same sd. With I = wA·A + wB·B,
    // corr(A, I) = wA·s/sI and corr(B, I) = wB·s/sI: their ratio is wA/wB.
    // target = [2, 1] (shares 2/3, 1/3) is met at wA = 2/3, wB = 1/3.
    let w = WorkDir::new();
    tiny_round(
        &w,
        &[("A", ""), ("B", "")],
        "u1,U1,2018,0,0\nu2,U2,2018,0,1\nu3,U3,2018,1,1\nu4,U4,2018,1,0\n",
        "\n[[weighting]]\nnode = \"total\"\nmethod = \"optimised\"\ntarget = [2, 1]\ntolerance = 1e-12\nmax_iterations = 5000\n",
    );
    w.ok(&["run", "r", "--out", "out"]);
    let t = weights(&w, "out");
    close(
        num(&t, "total", "A", "target_share"),
        2.0 / 3.0,
        1e-12,
        "target",
    );
    close(num(&t, "total", "A", "weight"), 2.0 / 3.0, 1e-6, "A");
    close(num(&t, "total", "B", "weight"), 1.0 / 3.0, 1e-6, "B");
    let (ra, rb) = (
        num(&t, "total", "A", "correlation"),
        num(&t, "total", "B", "correlation"),
    );
    close(
        ra / (ra + rb),
        2.0 / 3.0,
        1e-6,
        "A's share of the correlations",
    );
}

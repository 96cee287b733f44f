//! Weighting methods, TOPSIS and rank correlations against peer tools:
//! pymcdm 1.4.0 (entropy, CRITIC, AHP, TOPSIS) and SciPy (Spearman,
//! Kendall).
//!
//! The peers' numbers are committed in tests/reference/mcdm_expected.json,
//! printed by tests/reference/mcdm_reference.py. When pymcdm and SciPy are
//! installed the script is run again (once per test run) and must print
//! the committed numbers; otherwise the tests compare with the committed
//! numbers and say so (see `crate::peers`).

use crate::peers::peer_json;
use crate::tolerance::close;
use cluster_eval::maths::correlation;
use cluster_eval::maths::mcdm as methods;
use serde_json::Value;
use std::sync::OnceLock;

/// The peers' numbers: checked against a live run once, then shared.
fn expected() -> &'static Value {
    static PEERS: OnceLock<Value> = OnceLock::new();
    PEERS.get_or_init(|| {
        peer_json(
            "mcdm_expected.json",
            "pymcdm, scipy",
            "mcdm_reference.py",
            &[],
        )
    })
}

fn floats(v: &Value) -> Vec<f64> {
    v.as_array()
        .unwrap()
        .iter()
        .map(|x| x.as_f64().unwrap())
        .collect()
}

/// Row-major JSON matrix -> (column-major values, rows, columns).
fn column_major(v: &Value) -> (Vec<f64>, usize, usize) {
    let rows: Vec<Vec<f64>> = v.as_array().unwrap().iter().map(floats).collect();
    let (n, m) = (rows.len(), rows[0].len());
    let mut out = Vec::with_capacity(n * m);
    for j in 0..m {
        for r in &rows {
            out.push(r[j]);
        }
    }
    (out, n, m)
}

/// Every element of `got` within `tol` of the peer's.
#[track_caller]
fn each_close(got: &[f64], peer: &Value, tol: f64, what: &str) {
    let want = floats(peer);
    assert_eq!(got.len(), want.len(), "{what}: {got:?} vs {want:?}");
    for (i, (x, y)) in got.iter().zip(&want).enumerate() {
        close(*x, *y, tol, format_args!("{what}[{i}] of {got:?}"));
    }
}

#[test]
fn entropy_and_critic_equal_pymcdm() {
    let e = expected();
    for (name, case) in e["weights"].as_object().unwrap() {
        let (m, rows, cols) = column_major(&case["matrix"]);
        each_close(
            &methods::entropy(&m, rows, cols),
            &case["entropy"],
            1e-12,
            &format!("entropy {name}"),
        );
        each_close(
            &methods::critic(&m, rows, cols),
            &case["critic"],
            1e-12,
            &format!("critic {name}"),
        );
    }
}

#[test]
fn topsis_equals_pymcdm() {
    let e = expected();
    for (name, case) in e["topsis"].as_object().unwrap() {
        let (m, rows, cols) = column_major(&e["weights"][name]["matrix"]);
        // pymcdm normalises min-max first (all benefit criteria).
        let mut norm = vec![0.0; m.len()];
        for j in 0..cols {
            methods::minmax_column(
                &m[j * rows..(j + 1) * rows],
                true,
                &mut norm[j * rows..(j + 1) * rows],
            );
        }
        let c = methods::topsis(&norm, rows, cols, &floats(&case["weights"]));
        each_close(&c, &case["closeness"], 1e-12, &format!("topsis {name}"));
    }
}

#[test]
fn ahp_equals_pymcdm() {
    let e = expected();
    for (name, case) in e["ahp"].as_object().unwrap() {
        let rows: Vec<Vec<f64>> = case["matrix"]
            .as_array()
            .unwrap()
            .iter()
            .map(floats)
            .collect();
        let a = methods::ahp(&rows).unwrap();
        each_close(&a.weights, &case["weights"], 1e-10, &format!("ahp {name}"));
        close(
            a.ci,
            case["ci"].as_f64().unwrap(),
            1e-10,
            format_args!("ahp {name}: CI"),
        );
        assert!(a.cr < methods::CR_LIMIT, "{name} is a consistent example");
    }
}

#[test]
fn rank_correlations_equal_scipy() {
    let e = expected();
    for case in e["correlations"].as_array().unwrap() {
        let (a, b) = (floats(&case["a"]), floats(&case["b"]));
        let what = format!("{a:?} vs {b:?}");
        close(
            correlation::spearman(&a, &b),
            case["spearman"].as_f64().unwrap(),
            1e-12,
            format_args!("Spearman {what}"),
        );
        close(
            correlation::kendall(&a, &b),
            case["kendall"].as_f64().unwrap(),
            1e-12,
            format_args!("Kendall {what}"),
        );
    }
}

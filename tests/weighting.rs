//! Weighting methods declared in a framework (`[[weighting]]`): AHP,
//! entropy and combined weights resolved into points and used by the
//! totals, and an inconsistent AHP matrix as a located error.

use crate::tolerance::close;
use crate::workdir::{col, read_csv, WorkDir};
use std::collections::BTreeMap;

fn weighted_framework(w: &WorkDir, total_matrix: &str) -> std::path::PathBuf {
    let round = w.sample_round("hebei-2024-midterm");
    let mut fw = w.read("round/framework.toml");
    fw.push_str(&format!(
        r#"
[[weighting]]
node = "total"
method = "ahp"
order = ["industrial", "innovation", "collaboration"]
matrix = {total_matrix}

[[weighting]]
node = "innovation"
method = "entropy"

[[weighting]]
node = "collaboration"
method = "combined"
subjective = "points"
objective = "critic"
share = 0.5
"#
    ));
    w.write("round/framework.toml", fw);
    round
}

#[test]
fn ahp_entropy_and_combined_weights_in_a_framework() {
    let w = WorkDir::new();
    let round = weighted_framework(&w, r#"[[1, 1, 2], [1, 1, 2], ["1/2", "1/2", 1]]"#);
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    let (h, rows) = read_csv(&w.path("out/weights.csv"));
    let f = |r: &Vec<String>, c: &str| r[col(&h, c)].parse::<f64>().unwrap_or(f64::NAN);
    let of = |node: &str| -> Vec<&Vec<String>> {
        rows.iter().filter(|r| r[col(&h, "node")] == node).collect()
    };
    // A consistent matrix: weights 0.4, 0.4, 0.2 -> 40, 40, 20 points.
    let top = of("total");
    let points: Vec<f64> = top.iter().map(|r| f(r, "points")).collect();
    for (p, e) in points.iter().zip([40.0, 40.0, 20.0]) {
        close(*p, e, 1e-9, format_args!("{points:?}"));
    }
    close(f(top[0], "ahp_cr"), 0.0, 1e-9, "CR of a consistent matrix");
    // Entropy on the innovation children, recomputed here from the
    // fractions in trace.csv (indicator: contribution / max points; the rd
    // node: its indicators' contributions over its points).
    let (th, trace) = read_csv(&w.path("out/trace.csv"));
    let mut contrib: BTreeMap<(String, String), (f64, f64)> = BTreeMap::new();
    for t in &trace {
        contrib.insert(
            (
                t[col(&th, "cluster_id")].clone(),
                t[col(&th, "indicator_id")].clone(),
            ),
            (
                t[col(&th, "contribution")].parse().unwrap(),
                t[col(&th, "points_max")].parse().unwrap(),
            ),
        );
    }
    let clusters: Vec<String> = {
        let mut c: Vec<String> = contrib.keys().map(|k| k.0.clone()).collect();
        c.dedup();
        c
    };
    let innovation = of("innovation");
    let fractions = |child: &str| -> Vec<f64> {
        let members: Vec<&str> = if child == "rd" {
            vec!["rd_target", "rd_relative"]
        } else {
            vec![child]
        };
        clusters
            .iter()
            .map(|c| {
                let (mut got, mut max) = (0.0, 0.0);
                for m in &members {
                    let (g, x) = contrib[&(c.clone(), m.to_string())];
                    got += g;
                    max += x;
                }
                got / max
            })
            .collect()
    };
    let n = clusters.len() as f64;
    let d: Vec<f64> = innovation
        .iter()
        .map(|r| {
            let x = fractions(&r[col(&h, "child")]);
            let s: f64 = x.iter().sum();
            let e: f64 = x
                .iter()
                .filter(|&&v| v > 0.0)
                .map(|v| -(v / s) * (v / s).ln())
                .sum::<f64>()
                / n.ln();
            1.0 - e
        })
        .collect();
    let dsum: f64 = d.iter().sum();
    for (r, di) in innovation.iter().zip(&d) {
        assert_eq!(r[col(&h, "method")], "entropy");
        close(f(r, "objective"), di / dsum, 1e-9, format_args!("{r:?}"));
        close(
            f(r, "points"),
            40.0 * di / dsum,
            1e-9,
            format_args!("{r:?}"),
        );
    }
    // Combined: half the declared shares, half CRITIC.
    for r in of("collaboration") {
        let expect = 0.5 * f(r, "subjective") + 0.5 * f(r, "objective");
        close(f(r, "weight"), expect, 1e-12, format_args!("{r:?}"));
        close(f(r, "points"), 20.0 * expect, 1e-9, format_args!("{r:?}"));
    }
    let promotion = of("collaboration")
        .into_iter()
        .find(|r| r[col(&h, "child")] == "promotion_org")
        .unwrap();
    close(
        f(promotion, "subjective"),
        8.0 / 30.0,
        1e-12,
        "promotion_org",
    );
    // The totals use the resolved points.
    let (rh, ranking) = read_csv(&w.path("out/ranking.csv"));
    for r in &ranking {
        let id = &r[col(&rh, "cluster_id")];
        let sum: f64 = contrib
            .iter()
            .filter(|(k, _)| &k.0 == id)
            .map(|(_, v)| v.0)
            .sum();
        let total: f64 = r[col(&rh, "total")].parse().unwrap();
        close(sum, total, 1e-6, id);
    }
}

#[test]
fn inconsistent_ahp_matrix_is_an_error_that_names_it() {
    let w = WorkDir::new();
    // industrial > innovation > collaboration > industrial: circular.
    let round = weighted_framework(&w, r#"[[1, 3, "1/3"], ["1/3", 1, 3], [3, "1/3", 1]]"#);
    let r = w.fails(&["check", round.to_str().unwrap()], 1);
    let all = r.all();
    assert!(all.contains("weighting[1].matrix"), "{all}");
    assert!(
        all.contains("CR = 1.1494") && all.contains("total"),
        "{all}"
    );
    w.fails(&["run", round.to_str().unwrap(), "--out", "out"], 1);
    assert!(!w.path("out").exists());
}

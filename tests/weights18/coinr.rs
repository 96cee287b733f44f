//! PCA and optimised weights against COINr 1.1.14 on the ASEM index
//! (`../shared/validation/asem-analysis`: `pca.csv`, `opt_weights.csv`,
//! `opt_weights_trace.csv`, `aggregated_a_amean.csv`), to the README's
//! tolerance (1e-6 relative or 1e-9 absolute; counts exact; loadings up to
//! one sign per pillar).

use super::{asem_with, num, reference, weights};
use crate::tolerance::{close, Tol};
use crate::workdir::{read_csv, WorkDir};
use cluster_eval::maths::optimise::{nelder_mead, NelderMead};
use serde_json::Value;
use std::collections::BTreeMap;

const COINR: Tol = Tol::rel(1e-6, 1e-9);

/// A reference CSV as rows of column -> cell.
fn rows(file: &str) -> Vec<BTreeMap<String, String>> {
    let (h, rows) = read_csv(&reference().join(file));
    rows.into_iter()
        .map(|r| h.iter().cloned().zip(r).collect())
        .collect()
}

fn f(row: &BTreeMap<String, String>, c: &str) -> f64 {
    row[c].parse().unwrap()
}

/// `opt_weights.csv` by iCode.
fn opt_weights() -> BTreeMap<String, BTreeMap<String, String>> {
    rows("opt_weights.csv")
        .into_iter()
        .map(|r| (r["iCode"].clone(), r))
        .collect()
}

/// Pearson's r, written out here (sample moments), independent of the
/// engine's.
fn pearson(a: &[f64], b: &[f64]) -> f64 {
    let n = a.len() as f64;
    let (ma, mb) = (a.iter().sum::<f64>() / n, b.iter().sum::<f64>() / n);
    let mut sab = 0.0;
    let mut saa = 0.0;
    let mut sbb = 0.0;
    for (x, y) in a.iter().zip(b) {
        sab += (x - ma) * (y - mb);
        saa += (x - ma) * (x - ma);
        sbb += (y - mb) * (y - mb);
    }
    sab / (saa * sbb).sqrt()
}

/// COINr's objective from the correlations of the children with the index
/// and the target shares: `log(sum((t − r/Σr)²) / k)`.
fn coinr_objective(r: &[f64], target: &[f64]) -> f64 {
    let s: f64 = r.iter().sum();
    let sq: f64 = r.iter().zip(target).map(|(r, t)| (t - r / s).powi(2)).sum();
    (sq / r.len() as f64).ln()
}

#[test]
fn optimised_weights_match_coinr_step_for_step() {
    // get_opt_weights(coin, itarg = "equal", dset = "Aggregated", Level = 3):
    // the Index's children Conn and Sust, equal target, reltol 0.1,
    // maxit 500. The engine's port of R's Nelder–Mead visits the same 15
    // points and returns the same weights (16/41 and 25/41).
    let w = WorkDir::new();
    let round = asem_with(
        &w,
        "\n[[weighting]]\nnode = \"total\"\nmethod = \"optimised\"\n",
    );
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    let t = weights(&w, "out");
    let reference = opt_weights();
    for child in ["Conn", "Sust"] {
        let r = &reference[child];
        let what = |c: &str| format!("total / {child} {c} vs COINr");
        close(
            num(&t, "total", child, "weight"),
            f(r, "OptWeight"),
            COINR,
            what("weight"),
        );
        close(
            num(&t, "total", child, "objective"),
            f(r, "OptWeight"),
            COINR,
            what("objective"),
        );
        close(
            num(&t, "total", child, "points"),
            100.0 * f(r, "OptWeight"),
            COINR,
            what("points"),
        );
        close(
            num(&t, "total", child, "target_share"),
            f(r, "Desired"),
            COINR,
            what("target"),
        );
        close(
            num(&t, "total", child, "correlation"),
            f(r, "r_index_optimised"),
            COINR,
            what("correlation with the index"),
        );
        close(
            num(&t, "total", child, "objective_value"),
            f(r, "objective_value"),
            COINR,
            what("objective"),
        );
        assert_eq!(
            num(&t, "total", child, "evaluations"),
            f(r, "n_function_evals"),
            "{child}: evaluations as R's optim counts them"
        );
        assert_eq!(num(&t, "total", child, "convergence"), f(r, "convergence"));
        assert_eq!(t[&("total".into(), child.into())]["method"], "optimised");
    }
    // The report names the method in words.
    assert!(w
        .read("out/report.html")
        .contains("相关性优化权重（与总分）"));
    // The weights are exactly 16/41 and 25/41 (R's simplex moves by
    // halves and doublings of 0.05 from 0.5).
    close(
        num(&t, "total", "Conn", "weight"),
        16.0 / 41.0,
        1e-15,
        "16/41",
    );
    // The pillars keep their equal share of their sub-index's points.
    close(
        num(&t, "Conn", "Physical", "points"),
        100.0 * 16.0 / 41.0 / 5.0,
        1e-9,
        "Physical",
    );
    close(
        num(&t, "Sust", "Social", "points"),
        100.0 * 25.0 / 41.0 / 3.0,
        1e-9,
        "Social",
    );
}

#[test]
fn nelder_mead_trace_matches_coinr() {
    // The optimiser alone, on COINr's own aggregated Conn and Sust
    // (aggregated_a_amean.csv): the index at weights w is
    // (w1 Conn + w2 Sust) / (w1 + w2), as COINr's a_amean re-aggregates
    // it; each evaluation's objective must be the one COINr printed
    // (opt_weights_trace.csv, 15 significant digits).
    let agg = rows("aggregated_a_amean.csv");
    let conn: Vec<f64> = agg.iter().map(|r| f(r, "Conn")).collect();
    let sust: Vec<f64> = agg.iter().map(|r| f(r, "Sust")).collect();
    let objective = |w: &[f64]| -> Result<f64, ()> {
        let s = w[0] + w[1];
        let (a, b) = (w[0] / s, w[1] / s);
        let index: Vec<f64> = conn
            .iter()
            .zip(&sust)
            .map(|(c, u)| (a * c + b * u) / (a + b))
            .collect();
        let r = [pearson(&conn, &index), pearson(&sust, &index)];
        Ok(coinr_objective(&r, &[0.5, 0.5]))
    };
    let settings = NelderMead {
        reltol: 0.1,
        max_evaluations: 500,
        ..NelderMead::default()
    };
    let m = nelder_mead(objective, &[0.5, 0.5], &settings).unwrap();
    let trace = rows("opt_weights_trace.csv");
    assert_eq!(m.trace.len(), trace.len(), "evaluations: {:?}", m.trace);
    assert_eq!(m.evaluations, 15);
    for (got, want) in m.trace.iter().zip(&trace) {
        // 15 significant digits: 1e-13 relative.
        close(
            *got,
            f(want, "objective"),
            Tol::rel(1e-13, 1e-13),
            format_args!("evaluation {}", want["evaluation"]),
        );
    }
    let reference = opt_weights();
    let s = m.x[0] + m.x[1];
    close(
        m.x[0] / s,
        f(&reference["Conn"], "OptWeight"),
        COINR,
        "Conn",
    );
    close(
        m.value,
        f(&reference["Conn"], "objective_value"),
        COINR,
        "value",
    );
}

#[test]
fn given_coinr_weights_the_engine_reproduces_its_correlations() {
    // README, suggested test 1: with COINr's OptWeight declared as the
    // sub-indices' weights, the engine's Conn, Sust and total give
    // r_index_optimised and objective_value (computed here from
    // scores.json).
    let w = WorkDir::new();
    let round = asem_with(&w, "");
    let reference = opt_weights();
    for child in ["Conn", "Sust"] {
        let name = if child == "Conn" {
            "Connectivity"
        } else {
            "Sustainability"
        };
        w.edit(
            "round/framework.toml",
            &format!("id = \"{child}\"\nname_zh = \"{name}\"\nname_en = \"{name}\"\nweight = 1\n"),
            &format!(
                "id = \"{child}\"\nname_zh = \"{name}\"\nname_en = \"{name}\"\nweight = {}\n",
                reference[child]["OptWeight"]
            ),
        );
    }
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    let json: Value = serde_json::from_str(&w.read("out/scores.json")).unwrap();
    let clusters = json["clusters"].as_array().unwrap();
    assert_eq!(clusters.len(), 51);
    let sub = |c: &Value, node: &str| -> f64 {
        c["subtotals"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["node"] == node)
            .unwrap()["points"]
            .as_f64()
            .unwrap()
    };
    let total: Vec<f64> = clusters
        .iter()
        .map(|c| c["total"].as_f64().unwrap())
        .collect();
    let mut r = Vec::new();
    for child in ["Conn", "Sust"] {
        let x: Vec<f64> = clusters.iter().map(|c| sub(c, child)).collect();
        let got = pearson(&x, &total);
        close(
            got,
            f(&reference[child], "r_index_optimised"),
            COINR,
            format_args!("{child}"),
        );
        r.push(got);
    }
    close(
        coinr_objective(&r, &[0.5, 0.5]),
        f(&reference["Conn"], "objective_value"),
        COINR,
        "objective at COINr's weights",
    );
}

#[test]
fn a_tighter_tolerance_reaches_an_objective_no_worse_than_coinr() {
    // README, suggested test 2.
    let w = WorkDir::new();
    let round = asem_with(
        &w,
        "\n[[weighting]]\nnode = \"total\"\nmethod = \"optimised\"\ntarget = \"equal\"\ntolerance = 1e-10\nmax_iterations = 2000\n",
    );
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    let t = weights(&w, "out");
    let reference = opt_weights();
    let coinr = f(&reference["Conn"], "objective_value");
    let ours = num(&t, "total", "Conn", "objective_value");
    assert!(
        ours <= coinr,
        "objective {ours} is worse than COINr's {coinr}"
    );
    assert_eq!(num(&t, "total", "Conn", "convergence"), 0.0);
    // Closer to an equal share of the correlations than COINr's 0.50129.
    let (a, b) = (
        num(&t, "total", "Conn", "correlation"),
        num(&t, "total", "Sust", "correlation"),
    );
    let share = a / (a + b);
    let coinr_share = f(&reference["Conn"], "r_norm_optimised");
    assert!(
        (share - 0.5).abs() < (coinr_share - 0.5).abs(),
        "{share} vs COINr {coinr_share}"
    );
    close(
        num(&t, "total", "Conn", "weight") + num(&t, "total", "Sust", "weight"),
        1.0,
        1e-12,
        "weights add up to 1",
    );
}

/// pca.csv: pillar -> (iCode -> PC1 loading, PC1 share of variance).
fn pca_reference() -> BTreeMap<String, (BTreeMap<String, f64>, f64)> {
    let mut out: BTreeMap<String, (BTreeMap<String, f64>, f64)> = BTreeMap::new();
    for r in rows("pca.csv") {
        let e = out.entry(r["group"].clone()).or_default();
        match (r["quantity"].as_str(), r["component"].as_str()) {
            ("loading", _) => {
                e.0.insert(r["iCode"].clone(), f(&r, "value"));
            }
            ("prop_var", "1") => e.1 = f(&r, "value"),
            _ => {}
        }
    }
    out
}

#[test]
fn pca_weights_match_coinr_loadings_on_every_pillar() {
    // get_PCA(coin, dset = "Normalised", Level = 1, by_groups = TRUE):
    // prcomp(center, scale) per pillar. Five pillars load all their
    // indicators with one sign: PCA weights = loading / Σ loading. Three
    // (Instit, Environ, SusEcFin) have loadings of both signs: squared
    // loadings (which add up to 1).
    let reference = pca_reference();
    assert_eq!(reference.len(), 8);
    let squared = ["Instit", "Environ", "SusEcFin"];
    let mut extra = String::new();
    for pillar in reference.keys() {
        extra.push_str(&format!(
            "\n[[weighting]]\nnode = \"{pillar}\"\nmethod = \"pca\"\n{}",
            if squared.contains(&pillar.as_str()) {
                "pca = \"squared\"\n"
            } else {
                ""
            }
        ));
    }
    let w = WorkDir::new();
    let round = asem_with(&w, &extra);
    w.ok(&["run", round.to_str().unwrap(), "--out", "out"]);
    let t = weights(&w, "out");
    let mut compared = 0;
    for (pillar, (loadings, share)) in &reference {
        // One common sign per pillar: the engine orients the loadings to
        // add up to a positive number.
        let sum: f64 = loadings.values().sum();
        let sign = sum.signum();
        for (ind, l) in loadings {
            let what = format!("{pillar} / {ind}");
            close(
                num(&t, pillar, ind, "pc1_loading"),
                sign * l,
                COINR,
                format_args!("{what} loading"),
            );
            close(
                num(&t, pillar, ind, "pc1_variance_share"),
                *share,
                COINR,
                format_args!("{what} share"),
            );
            let want = if squared.contains(&pillar.as_str()) {
                l * l
            } else {
                l / sum
            };
            close(
                num(&t, pillar, ind, "weight"),
                want,
                COINR,
                format_args!("{what} weight"),
            );
            let method = &t[&(pillar.clone(), ind.clone())]["method"];
            assert_eq!(
                method,
                if squared.contains(&pillar.as_str()) {
                    "pca_squared"
                } else {
                    "pca"
                },
                "{what}"
            );
            compared += 1;
        }
    }
    assert_eq!(compared, 49, "every indicator of every pillar");
}

#[test]
fn a_pillar_loading_an_indicator_negatively_is_an_error_naming_it() {
    // Instit's PC1 (pca.csv) loads TBTs at -0.44299 against five positive
    // loadings: its PCA weight would be negative.
    let w = WorkDir::new();
    let round = asem_with(&w, "\n[[weighting]]\nnode = \"Instit\"\nmethod = \"pca\"\n");
    let out = w.fails(&["run", round.to_str().unwrap(), "--out", "out"], 1);
    let loading = pca_reference()["Instit"].0["TBTs"];
    let line = format!(
        "framework.toml, column weighting[1].method, value \"TBTs\": PCA weights of Instit: the first principal component loads TBTs negatively ({loading:.4}, the loadings oriented to add up to a positive number), which would be a negative weight; use pca = \"squared\" (the squared loadings) or another method"
    );
    assert!(
        out.all().contains(&line),
        "missing:\n{line}\n--- got:\n{}",
        out.all()
    );
}

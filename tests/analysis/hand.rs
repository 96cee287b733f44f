//! The audit on a toy round worked by hand: three indicators a, b, c
//! hanging from the total with 60, 30 and 10 points, each a goalpost rule
//! on 0–100 (so the normalised score is the value itself), four clusters:
//!
//! ```text
//!        a    b    c    total = 0.6a + 0.3b + 0.1c
//!   P    0    0  100    10
//!   Q  100    0    0    60
//!   R    0  100  100    40
//!   S  100  100    0    90
//! ```
//!
//! Official ranks: S 1, Q 2, R 3, P 4.

use super::{num, table};
use crate::tolerance::close;
use crate::workdir::WorkDir;
use std::collections::BTreeMap;

const FRAMEWORK: &str = r#"
[framework]
id = "toy"
name_zh = "审计示例"
name_en = "Audit toy"
total_points = 100

[[field]]
id = "a"
name_zh = "甲"
unit = "分"
kind = "quantity"

[[field]]
id = "b"
name_zh = "乙"
unit = "分"
kind = "quantity"

[[field]]
id = "c"
name_zh = "丙"
unit = "分"
kind = "quantity"

[[indicator]]
id = "a"
name_zh = "甲"
name_en = "A"
points = 60
rule = "goalpost"
lo = 0
hi = 100

[[indicator]]
id = "b"
name_zh = "乙"
name_en = "B"
points = 30
rule = "goalpost"
lo = 0
hi = 100

[[indicator]]
id = "c"
name_zh = "丙"
name_en = "C"
points = 10
rule = "goalpost"
lo = 0
hi = 100
"#;

fn toy() -> WorkDir {
    let w = WorkDir::new();
    w.write("r/framework.toml", FRAMEWORK);
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"审计示例\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    w.write(
        "r/clusters.csv",
        "cluster_id,name_zh,city,track\nP,集群P,石家庄市,高端装备\nQ,集群Q,石家庄市,高端装备\nR,集群R,石家庄市,高端装备\nS,集群S,石家庄市,高端装备\n",
    );
    w.write(
        "r/data.csv",
        "cluster_id,period,a,b,c\nP,2023,0,0,100\nQ,2023,100,0,0\nR,2023,0,100,100\nS,2023,100,100,0\n",
    );
    w.ok(&["audit", "r", "--out", "o", "--lang", "en"]);
    w
}

type Row = BTreeMap<String, String>;

fn f(r: &Row, c: &str) -> f64 {
    num(&r[c]).unwrap()
}

#[test]
fn effective_importance_by_hand() {
    // Deviations from the means (50 each; total mean 50):
    //   a: -50 50 -50 50   b: -50 -50 50 50   c: 50 -50 50 -50
    //   total: -40 10 -10 40, sum of squares 3400.
    // a · total = 2000 + 500 + 500 + 2000 = 5000 -> r² = 5000² / (10000 · 3400) = 25/34
    // b · total = 2000 - 500 - 500 + 2000 = 3000 -> r² = 9/34
    // c · total = -2000 - 500 - 500 - 2000 = -5000 -> r² = 25/34
    // Normalised over the three (sum 59/34): 25/59, 9/59, 25/59, beside
    // the nominal shares 0.6, 0.3, 0.1: ratios 0.706, 0.508, 4.237 — only
    // c (ratio above the default factor 2) is flagged.
    let w = toy();
    let rows = table(&w.path("o/audit_importance.csv"));
    let by: BTreeMap<&str, &Row> = rows.iter().map(|r| (r["element"].as_str(), r)).collect();
    assert_eq!(by.len(), 3);
    let want = [
        (
            "a",
            25.0 / 59.0,
            0.6,
            5000.0 / (10000.0f64 * 3400.0).sqrt(),
            "no",
        ),
        (
            "b",
            9.0 / 59.0,
            0.3,
            3000.0 / (10000.0f64 * 3400.0).sqrt(),
            "no",
        ),
        (
            "c",
            25.0 / 59.0,
            0.1,
            -5000.0 / (10000.0f64 * 3400.0).sqrt(),
            "yes",
        ),
    ];
    for (e, effective, nominal, r, flagged) in want {
        let g = by[e];
        assert_eq!(g["group"], "total");
        close(f(g, "r"), r, 1e-12, format_args!("{e} r"));
        close(
            f(g, "effective"),
            effective,
            1e-12,
            format_args!("{e} effective"),
        );
        close(f(g, "nominal"), nominal, 1e-12, format_args!("{e} nominal"));
        close(
            f(g, "ratio"),
            effective / nominal,
            1e-12,
            format_args!("{e} ratio"),
        );
        assert_eq!(g["flagged"], flagged, "{e}");
    }
    // The flag in words names C with its two shares.
    let out = std::fs::read_to_string(w.path("o/audit.html")).unwrap();
    assert!(
        out.contains("C (in Total: effective 0.42, nominal 0.10)"),
        "{out}"
    );
}

#[test]
fn cronbach_alpha_by_hand() {
    // Sample covariances (n - 1 = 3): var a = var b = var c = 10000/3,
    // cov(a, b) = (2500 - 2500 - 2500 + 2500)/3 = 0, cov(a, c) = -10000/3,
    // cov(b, c) = 0. sum C = 10000/3; the 6 off-diagonal entries sum to
    // -20000/3, mean -10000/9. alpha = 3² · (-10000/9) / (10000/3) = -3.
    let w = toy();
    let rows = table(&w.path("o/audit_cronbach.csv"));
    assert_eq!(rows.len(), 1);
    assert_eq!(rows[0]["group"], "total");
    assert_eq!(rows[0]["items"], "a;b;c");
    close(f(&rows[0], "alpha"), -3.0, 1e-12, "alpha");
}

#[test]
fn leave_one_out_by_hand() {
    // Without a: b and c share its points, 0.75 b + 0.25 c: P 25, Q 0,
    // R 100, S 75 -> R 1, S 2, P 3, Q 4. Changes from S 1, Q 2, R 3, P 4:
    // P 1, Q 2, R 2, S 1: mean 6/4 = 1.5, at most 2.
    // Without c: 2/3 a + 1/3 b: P 0, Q 66.7, R 33.3, S 100: no change.
    // Without b: 6/7 a + 1/7 c: P 14.29, Q 85.71, R 14.29, S 85.71: Q and
    // S tie at 1, P and R at 3: changes P 1, Q 1, R 0, S 0: mean 0.5.
    let w = toy();
    let rows = table(&w.path("o/audit_leave_one_out.csv"));
    assert_eq!(rows.len(), 3 * 4);
    let get = |e: &str, c: &str| {
        rows.iter()
            .find(|r| r["element"] == e && r["cluster_id"] == c)
            .unwrap()
    };
    let want = [
        (
            "a",
            [("P", 4, 3), ("Q", 2, 4), ("R", 3, 1), ("S", 1, 2)],
            1.5,
            "2",
        ),
        (
            "c",
            [("P", 4, 4), ("Q", 2, 2), ("R", 3, 3), ("S", 1, 1)],
            0.0,
            "0",
        ),
        (
            "b",
            [("P", 4, 3), ("Q", 2, 1), ("R", 3, 3), ("S", 1, 1)],
            0.5,
            "1",
        ),
    ];
    for (e, ranks, mean, max) in want {
        for (c, rank, without) in ranks {
            let r = get(e, c);
            assert_eq!(r["rank"], rank.to_string(), "{e} {c}");
            assert_eq!(r["rank_without"], without.to_string(), "{e} without, {c}");
            assert_eq!(r["rank_change"], (rank - without).to_string(), "{e} {c}");
            close(f(r, "mean_abs_shift"), mean, 1e-12, e);
            assert_eq!(r["max_abs_shift"], max, "{e}");
        }
    }
}

#[test]
fn statistics_and_flags_by_hand() {
    // a = 0 100 0 100: mean 50, median 50, sd = sqrt(10000/3), skew 0;
    // two distinct values out of 4 units (0.5, not below t_unq 0.5), two
    // non-zero (0.5, not below t_zero 0.5).
    let w = toy();
    let rows = table(&w.path("o/audit_stats.csv"));
    let a = rows
        .iter()
        .find(|r| r["dset"] == "Raw" && r["indicator"] == "a")
        .unwrap();
    close(f(a, "mean"), 50.0, 1e-12, "mean");
    close(f(a, "median"), 50.0, 1e-12, "median");
    close(f(a, "sd"), (10000.0f64 / 3.0).sqrt(), 1e-12, "sd");
    close(f(a, "skew"), 0.0, 1e-12, "skew");
    assert_eq!(a["n_unique"], "2");
    assert_eq!(a["n_same"], "2");
    assert_eq!(a["flag_unique"], "ok");
    assert_eq!(a["flag_nonzero"], "ok");
    // a and c are perfectly negatively correlated: flagged below -0.4.
    let flags = table(&w.path("o/audit_corr_flags.csv"));
    let neg: Vec<(&str, &str)> = flags
        .iter()
        .filter(|r| r["kind"] == "negative")
        .map(|r| (r["var1"].as_str(), r["var2"].as_str()))
        .collect();
    assert_eq!(neg, [("a", "c")]);
}

#[test]
fn an_unknown_or_out_of_range_audit_setting_is_a_located_error() {
    let w = toy();
    let toml = w.read("r/round.toml");
    w.write(
        "r/round.toml",
        format!("{toml}\n[audit]\ncollinear = 1.5\nskewness = 2\n"),
    );
    let out = w.fails(&["audit", "r", "--out", "o2"], 1);
    let all = out.all();
    assert!(
        all.contains("[audit] collinear must be a number from -1 to 1"),
        "{all}"
    );
    assert!(all.contains("audit.collinear"), "{all}");
    assert!(all.contains("unknown key [audit] skewness"), "{all}");
}

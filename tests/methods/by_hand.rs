//! The new transforms, rules and imputation on small rounds, against
//! numbers worked by hand in the comments: a goalpost rule with a `log10`
//! transform whose goalposts are stated in the original units, `ln` and
//! Box-Cox, the COINr ranks and distances as points, group medians, and
//! the located errors (a `ln` of a negative value, a reference unit that
//! is not there).

use crate::tolerance::close;
use crate::workdir::WorkDir;
use serde_json::Value;

/// One field `x`, one indicator worth all 100 points; `INDICATOR` is
/// replaced by the rule's lines.
const FRAMEWORK: &str = r#"
[framework]
id = "methods"
name_zh = "方法测试"
name_en = "Methods test"
total_points = 100
MISSING

[[field]]
id = "x"
name_zh = "甲"
unit = "万元"
kind = "quantity"

[[node]]
id = "d"
name_zh = "维度"
name_en = "Dimension"
points = 100

[[indicator]]
id = "x"
parent = "d"
name_zh = "甲"
name_en = "X"
points = 100
INDICATOR
"#;

/// A round of clusters K01.. with these values of x (None: left blank)
/// and tracks; the framework with `indicator` lines and `missing` lines.
fn round(values: &[(Option<f64>, &str)], indicator: &str, missing: &str) -> WorkDir {
    let w = WorkDir::new();
    w.write(
        "r/framework.toml",
        FRAMEWORK
            .replace("INDICATOR", indicator)
            .replace("MISSING", missing),
    );
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    let mut reg = String::from("cluster_id,name_zh,city,track\n");
    let mut data = String::from("cluster_id,period,x\n");
    for (i, (v, track)) in values.iter().enumerate() {
        let i = i + 1;
        reg.push_str(&format!("K{i:02},集群{i},石家庄市,{track}\n"));
        let cell = v.map(|v| v.to_string()).unwrap_or_default();
        data.push_str(&format!("K{i:02},2023,{cell}\n"));
    }
    w.write("r/clusters.csv", reg);
    w.write("r/data.csv", data);
    w
}

fn scores(w: &WorkDir) -> Value {
    w.ok(&["run", "r", "--out", "o"]);
    serde_json::from_str(&w.read("o/scores.json")).unwrap()
}

/// Indicator x of cluster K`i`.
fn x(json: &Value, i: usize) -> &Value {
    let id = format!("K{i:02}");
    let c = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster_id"] == id.as_str())
        .unwrap();
    &c["indicators"][0]
}

fn values(v: &[f64]) -> Vec<(Option<f64>, &'static str)> {
    v.iter().map(|&x| (Some(x), "高端装备")).collect()
}

#[test]
fn goalposts_stated_in_original_units_under_log10() {
    // x = 1, 10, 100, 1000, 10000; log10 -> 0, 1, 2, 3, 4. Goalposts 10
    // and 1000 in original units are 1 and 3 after log10, so the
    // fractions are (log10 x - 1) / 2 capped: 0 (capped low), 0, 0.5, 1,
    // 1 (capped high); points 0, 0, 50, 100, 100. Before the fix, 10 and
    // 1000 were compared with the log values 0..4: every cluster scored 0.
    let x5 = values(&[1.0, 10.0, 100.0, 1000.0, 10000.0]);
    let want = [
        (0.0, "capped_low"),
        (0.0, ""),
        (0.5, ""),
        (1.0, ""),
        (1.0, "capped_high"),
    ];
    let check = |json: &Value| {
        for (i, (f, cap)) in want.iter().enumerate() {
            let t = x(json, i + 1);
            close(t["transformed"].as_f64().unwrap(), i as f64, 1e-12, "log10");
            close(
                t["rule_value"].as_f64().unwrap(),
                *f,
                1e-12,
                format_args!("K{}", i + 1),
            );
            close(t["points"].as_f64().unwrap(), 100.0 * f, 1e-9, "points");
            assert_eq!(t["capped"], *cap, "K{}", i + 1);
        }
    };
    let w = round(
        &x5,
        "rule = \"goalpost\"\nlo = 10\nhi = 1000\ntransforms = [\"log10\"]",
        "",
    );
    check(&scores(&w));
    // The same goalposts stated after the transform.
    let w = round(
        &x5,
        "rule = \"goalpost\"\nlo = 1\nhi = 3\ntransforms = [\"log10\"]\ngoalposts_in = \"transformed\"",
        "",
    );
    check(&scores(&w));
}

/// Goalposts stated in raw units but declared `goalposts_in =
/// "transformed"` (the log1p slip of #18): x = 1..10000, log10 0..4, lo =
/// 10 and hi = 1000 taken as log values: every value lies below 10, so
/// every cluster scores 0. The run says so at the indicator, in both
/// languages, with the values' range; the same goalposts in original
/// units (or in the right units) give no warning.
#[test]
fn goalposts_that_every_value_lies_beyond_are_a_warning() {
    let x5 = values(&[1.0, 10.0, 100.0, 1000.0, 10000.0]);
    let w = round(
        &x5,
        "rule = \"goalpost\"\nlo = 10\nhi = 1000\ntransforms = [\"log10\"]\ngoalposts_in = \"transformed\"",
        "",
    );
    let out = w.ok(&["check", "r"]).all();
    assert!(
        out.contains("every one of the 5 values of indicator x lies below its bounds 10..1000 (after the transforms): values 0..4, so every cluster gets no points"),
        "{out}"
    );
    assert!(out.contains("indicator[1].rule"), "{out}");
    let json = scores(&w);
    for i in 1..=5 {
        assert_eq!(x(&json, i)["points"].as_f64(), Some(0.0));
    }
    let report = w.read("o/report.md");
    assert!(report.contains("低于其界限 10..1000"), "{report}");
    let w = round(
        &x5,
        "rule = \"goalpost\"\nlo = 10\nhi = 1000\ntransforms = [\"log10\"]",
        "",
    );
    let out = w.ok(&["check", "r"]).all();
    assert!(!out.contains("lies below its bounds"), "{out}");
    assert!(!scores(&w).to_string().contains("lies below its bounds"));
}

#[test]
fn ln_and_box_cox_by_hand() {
    // ln of 1, e, e^2 = 0, 1, 2; min-max -> 0, 50, 100 points.
    let e = std::f64::consts::E;
    let w = round(
        &values(&[1.0, e, e * e]),
        "rule = \"minmax\"\ntransforms = [\"ln\"]",
        "",
    );
    let json = scores(&w);
    for i in 0..3 {
        close(
            x(&json, i + 1)["transformed"].as_f64().unwrap(),
            i as f64,
            1e-12,
            "ln",
        );
        close(
            x(&json, i + 1)["points"].as_f64().unwrap(),
            50.0 * i as f64,
            1e-9,
            "points",
        );
    }
    // Box-Cox λ = 0.5: (x^0.5 - 1) / 0.5 of 1, 4, 9 = 0, 2, 4.
    let w = round(
        &values(&[1.0, 4.0, 9.0]),
        "rule = \"minmax\"\ntransforms = [\"box_cox(0.5)\"]",
        "",
    );
    let json = scores(&w);
    for (i, want) in [0.0, 2.0, 4.0].iter().enumerate() {
        close(
            x(&json, i + 1)["transformed"].as_f64().unwrap(),
            *want,
            1e-12,
            "box-cox",
        );
    }
    // λ = 0 is ln: 1, e -> 0, 1.
    let w = round(
        &values(&[1.0, e]),
        "rule = \"minmax\"\ntransforms = [\"box_cox(0)\"]",
        "",
    );
    let json = scores(&w);
    close(
        x(&json, 2)["transformed"].as_f64().unwrap(),
        1.0,
        1e-12,
        "box-cox 0",
    );
}

#[test]
fn ln_of_a_negative_value_is_a_located_error() {
    let w = round(
        &values(&[3.0, 8.0, -5.0]),
        "rule = \"minmax\"\ntransforms = [\"ln\"]",
        "",
    );
    let text = w.fails(&["run", "r", "--out", "o"], 1).all();
    let line = text
        .lines()
        .find(|l| l.contains("outside the domain of transform ln"))
        .unwrap_or_else(|| panic!("{text}"));
    for part in ["data.csv", "K03", "value -5", "indicator x"] {
        assert!(line.contains(part), "{part} not in {line}");
    }
    // A goalpost at 0 in original units cannot be taken through log10.
    let w = round(
        &values(&[3.0, 8.0]),
        "rule = \"goalpost\"\nlo = 0\nhi = 10\ntransforms = [\"log10\"]",
        "",
    );
    let text = w.fails(&["check", "r"], 1).all();
    assert!(
        text.contains("lo") && text.contains("outside the domain of transform log10"),
        "{text}"
    );
}

#[test]
fn ranks_and_distances_as_points() {
    // x = 3, 1, 3, 7. rank_min: 2, 1, 2, 4 -> points 100 (r - 1) / 3 =
    // 33.33, 0, 33.33, 100. borda: 1, 0, 1, 3 (same points).
    let v = values(&[3.0, 1.0, 3.0, 7.0]);
    for (rule, vals) in [
        ("rank_min", [2.0, 1.0, 2.0, 4.0]),
        ("borda", [1.0, 0.0, 1.0, 3.0]),
        ("prank", [1.0 / 3.0, 0.0, 1.0 / 3.0, 1.0]),
    ] {
        let json = scores(&round(&v, &format!("rule = \"{rule}\""), ""));
        for (i, r) in vals.iter().enumerate() {
            let t = x(&json, i + 1);
            close(t["rule_value"].as_f64().unwrap(), *r, 1e-12, rule);
            let p = [100.0 / 3.0, 0.0, 100.0 / 3.0, 100.0][i];
            close(t["points"].as_f64().unwrap(), p, 1e-9, rule);
        }
    }
    // dist2ref to K01 (3): 1 - (3 - x) / (3 - 1) -> 1, 0, 1, 3; points
    // capped at 100: 100, 0, 100, 100, K04 marked.
    let json = scores(&round(&v, "rule = \"dist2ref\"\nreference = \"K01\"", ""));
    for (i, (r, p)) in [(1.0, 100.0), (0.0, 0.0), (1.0, 100.0), (3.0, 100.0)]
        .iter()
        .enumerate()
    {
        close(
            x(&json, i + 1)["rule_value"].as_f64().unwrap(),
            *r,
            1e-12,
            "dist2ref",
        );
        close(
            x(&json, i + 1)["points"].as_f64().unwrap(),
            *p,
            1e-9,
            "dist2ref",
        );
    }
    assert_eq!(x(&json, 4)["capped"], "capped_high");
    // dist2targ, target 1000 in original units with log10: values 10, 100,
    // 10000 -> 1, 2, 4; target 3: (y - 1) / (3 - 1) -> 0, 0.5, 1 (capped
    // from 1.5).
    let json = scores(&round(
        &values(&[10.0, 100.0, 10000.0]),
        "rule = \"dist2targ\"\ntarget = 1000\ntransforms = [\"log10\"]",
        "",
    ));
    for (i, r) in [0.0, 0.5, 1.0].iter().enumerate() {
        close(
            x(&json, i + 1)["rule_value"].as_f64().unwrap(),
            *r,
            1e-12,
            "dist2targ",
        );
    }
    // scaled, lo 0, hi 10, lower-is-better: x' = -x; 2 -> -20: points 0.
    let json = scores(&round(
        &values(&[2.0, 4.0]),
        "rule = \"scaled\"\nlo = -10\nhi = 0\ndirection = \"lower\"",
        "",
    ));
    // x' = -2, -4: (x' + 10) / 10 x 100 = 80, 60.
    close(
        x(&json, 1)["rule_value"].as_f64().unwrap(),
        80.0,
        1e-12,
        "scaled",
    );
    close(
        x(&json, 2)["points"].as_f64().unwrap(),
        60.0,
        1e-9,
        "scaled",
    );
}

#[test]
fn a_reference_unit_that_is_not_there_is_an_error() {
    let w = round(
        &values(&[3.0, 1.0]),
        "rule = \"dist2ref\"\nreference = \"K09\"",
        "",
    );
    let text = w.fails(&["run", "r", "--out", "o"], 1).all();
    assert!(
        text.contains("reference unit K09") && text.contains("not a unit of the registry"),
        "{text}"
    );
}

#[test]
fn group_median_by_hand() {
    // Track A: 1, 5, 100 and one blank -> median 5 (the mean would be
    // 35.33). Track B: 2 and one blank -> 2. Track C: only a blank -> the
    // cohort median of 1, 5, 100, 2 = (2 + 5) / 2 = 3.5.
    let v = [
        (Some(1.0), "A"),
        (Some(5.0), "A"),
        (Some(100.0), "A"),
        (None, "A"),
        (Some(2.0), "B"),
        (None, "B"),
        (None, "C"),
    ];
    let json = scores(&round(
        &v,
        "rule = \"minmax\"",
        "missing = \"group_median\"\ngroup = \"track\"",
    ));
    close(
        x(&json, 4)["imputed_value"].as_f64().unwrap(),
        5.0,
        1e-12,
        "A",
    );
    assert_eq!(x(&json, 4)["imputation"], "group_median");
    close(
        x(&json, 6)["imputed_value"].as_f64().unwrap(),
        2.0,
        1e-12,
        "B",
    );
    close(
        x(&json, 7)["imputed_value"].as_f64().unwrap(),
        3.5,
        1e-12,
        "C",
    );
    assert_eq!(
        x(&json, 7)["imputation"],
        "group_median -> cohort_median (no value in group)"
    );
}

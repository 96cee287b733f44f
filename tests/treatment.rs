//! The outlier treatment's log fallback (README "Denomination, outlier
//! treatment, screening"), on a round of 14 clusters whose numbers force
//! it, against a hand computation. The skewness / kurtosis test itself is
//! checked against COINr in `asem`, where no indicator reaches the log.

use crate::tolerance::close;
use crate::workdir::WorkDir;
use serde_json::Value;

/// One count field `x`, one min-max indicator worth all 100 points, and the
/// README's treatment (|skew| < 2 or kurtosis < 3.5 passes) with at most
/// one point winsorised.
const FRAMEWORK: &str = r#"
[framework]
id = "treat"
name_zh = "异常值测试"
name_en = "Treatment test"
total_points = 100

[treatment]
method = "skew_kurtosis"
skew = 2
kurtosis = 3.5
max_winsorised = 1
log_fallback = LOG_FALLBACK

[[field]]
id = "x"
name_zh = "甲"
unit = "家"
kind = "count"

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
rule = "minmax"
"#;

/// K01..K12 submit 0, K13 submits 14, K14 submits 1400.
fn value(i: usize) -> f64 {
    match i {
        13 => 14.0,
        14 => 1400.0,
        _ => 0.0,
    }
}

/// Run the round (log fallback on or off); scores.json.
fn scores(log_fallback: bool) -> Value {
    let w = WorkDir::new();
    w.write(
        "r/framework.toml",
        FRAMEWORK.replace("LOG_FALLBACK", &log_fallback.to_string()),
    );
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    let mut reg = String::from("cluster_id,name_zh,city,track\n");
    let mut data = String::from("cluster_id,period,x\n");
    for i in 1..=14 {
        reg.push_str(&format!("K{i:02},集群{i},石家庄市,高端装备\n"));
        data.push_str(&format!("K{i:02},2023,{}\n", value(i)));
    }
    w.write("r/clusters.csv", reg);
    w.write("r/data.csv", data);
    w.ok(&["run", "r", "--out", "o"]);
    serde_json::from_str(&w.read("o/scores.json")).unwrap()
}

/// Indicator x of cluster K`i`.
fn trace(json: &Value, i: usize) -> &Value {
    let id = format!("K{i:02}");
    let c = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster_id"] == id.as_str())
        .unwrap_or_else(|| panic!("no cluster {id}"));
    &c["indicators"][0]
}

fn num(v: &Value, key: &str) -> f64 {
    v[key]
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number in {v}"))
}

// The hand computation. Skewness g = sqrt(n) S3 / S2^1.5 x sqrt(n(n-1)) /
// (n-2), kurtosis k = ((n+1)(r-3)+6)(n-1)/((n-2)(n-3)) with r = n S4 / S2^2
// (Sp: sum of p-th powers of the deviations from the mean); n = 14, so
// sqrt(n(n-1))/(n-2) = sqrt(182)/12 and (n-1)/((n-2)(n-3)) = 13/132.
//
// 1. Before: 0 (x 12), 14, 1400. Mean 1414/14 = 101; deviations -101
//    (x 12), -87, 1299.
//    S2 = 12 x 10201 + 7569 + 1687401 = 1817382
//    S3 = -12 x 1030301 - 658503 + 2191933899 = 2178911784
//    S4 = 12 x 104060401 + 57289761 + 2847322134801 = 2848628149374
//    g = 3.741657 x 2178911784 / 2450018329.5 x 13.490738 / 12 = 3.741009 >= 2
//    r = 14 x S4 / S2^2 = 12.074561; k = (15 x 9.074561 + 6) x 13/132
//      = 13.996511 >= 3.5: it fails.
// 2. Winsorised once (skew > 0: the maximum 1400 becomes the next value,
//    14; one point, the most allowed): 0 (x 12), 14, 14. Mean 2;
//    deviations -2 (x 12), 12, 12.
//    S2 = 48 + 288 = 336, S3 = -96 + 3456 = 3360, S4 = 192 + 41472 = 41664
//    g = 3.741657 x 3360 / 6158.98 x 13.490738 / 12 = 2.294821 >= 2
//    r = 14 x 41664 / 112896 = 31/6; k = (15 x 13/6 + 6) x 13/132
//      = 38.5 x 13 / 132 = 3.791667 >= 3.5: it still fails.
// 3. The log fallback on the original values: min 0, max 1400, shift
//    0.01 x (1400 - 0) = 14, so x -> ln(x - 0 + 14): ln 14 = 2.639057
//    (x 12), ln 28 = 3.332205, ln 1414 = 7.254178. Its test, as for
//    0 (x 12), ln 2, ln 101 (a shift changes neither g nor k):
//    mean (ln 2 + ln 101)/14 = 0.379162; S2 = 19.767097, S3 = 75.384102,
//    S4 = 322.221356; g = 3.608144, r = 11.545070, k = 13.214308: it
//    fails again, which is recorded; the log values are kept.
// 4. Min-max over the treated values: (ln(x + 14) - ln 14) / (ln 1414 -
//    ln 14) = ln((x + 14)/14) / ln 101: 0 for K01..K12, ln 2 / ln 101 =
//    0.150190 for K13, 1 for K14; points 0, 15.019048, 100.
#[test]
fn log_fallback_against_a_hand_computation() {
    let json = scores(true);
    let t = &json["treatment"][0];
    assert_eq!(t["indicator"], "x");
    assert_eq!(t["passed_before"], false);
    close(num(t, "skew_before"), 3.741009, 1e-6, "skew before");
    close(
        num(t, "kurtosis_before"),
        13.996511,
        1e-6,
        "kurtosis before",
    );
    assert_eq!(t["winsorised"], 1);
    assert_eq!(t["passed_after"], false);
    close(num(t, "skew_after"), 2.294821, 1e-6, "skew after");
    close(
        num(t, "kurtosis_after"),
        91.0 / 24.0,
        1e-9,
        "kurtosis after",
    );
    assert_eq!(t["log"], true);
    assert_eq!(t["passed_log"], false);
    close(num(t, "skew_log"), 3.608144, 1e-6, "skew of the logs");
    close(
        num(t, "kurtosis_log"),
        13.214308,
        1e-6,
        "kurtosis of the logs",
    );
    let ln = f64::ln;
    for i in 1..=14 {
        let x = trace(&json, i);
        let what = format!("K{i:02}");
        assert_eq!(x["treatment"], "log", "{what}");
        close(num(x, "treated"), ln(value(i) + 14.0), 1e-12, &what);
        let fraction = ln((value(i) + 14.0) / 14.0) / ln(101.0);
        close(num(x, "points"), 100.0 * fraction, 1e-9, &what);
    }
    close(num(trace(&json, 13), "points"), 15.019048, 1e-6, "K13");
    close(num(trace(&json, 14), "points"), 100.0, 1e-9, "K14");
}

#[test]
fn without_the_fallback_the_winsorised_values_stay() {
    // Steps 1 and 2 above, then nothing more: 1400 stays at 14, flagged,
    // and K13 and K14 share the maximum (100 points); the rest score 0.
    let json = scores(false);
    let t = &json["treatment"][0];
    assert_eq!(
        (&t["winsorised"], &t["passed_after"]),
        (&1.into(), &false.into())
    );
    assert_eq!(t["log"], false);
    for i in 1..=14 {
        let x = trace(&json, i);
        let what = format!("K{i:02}");
        let flag = if i == 14 { "winsorised_high" } else { "" };
        assert_eq!(x["treatment"], flag, "{what}");
        close(num(x, "treated"), value(i).min(14.0), 0.0, &what);
        let points = if i >= 13 { 100.0 } else { 0.0 };
        close(num(x, "points"), points, 1e-9, &what);
    }
}

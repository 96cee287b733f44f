//! Imputation by row (`missing = "row_mean"`) on a small round, by hand:
//! three indicators under one dimension, one value left blank, the blank
//! read from the cluster's standing on the other two, and the words that
//! `explain` gives for it in each language.

use crate::tolerance::close;
use crate::workdir::WorkDir;
use serde_json::Value;

const FRAMEWORK: &str = r#"
[framework]
id = "rows"
name_zh = "按行插补测试"
name_en = "Row imputation test"
total_points = 100
missing = "row_mean"

[[field]]
id = "a"
name_zh = "甲"
unit = "万元"
kind = "quantity"

[[field]]
id = "b"
name_zh = "乙"
unit = "项"
kind = "quantity"

[[field]]
id = "c"
name_zh = "丙"
unit = "天"
kind = "quantity"

[[node]]
id = "d"
name_zh = "维度"
name_en = "Dimension"
points = 100

[[indicator]]
id = "a"
parent = "d"
name_zh = "甲"
name_en = "A"
points = 40
rule = "minmax"

[[indicator]]
id = "b"
parent = "d"
name_zh = "乙"
name_en = "B"
points = 30
rule = "minmax"

[[indicator]]
id = "c"
parent = "d"
name_zh = "丙"
name_en = "C"
points = 30
rule = "minmax"
direction = "lower"
"#;

fn round() -> WorkDir {
    let w = WorkDir::new();
    w.write("r/framework.toml", FRAMEWORK);
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\ncurrent_year = 2023\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    w.write(
        "r/clusters.csv",
        "cluster_id,name_zh,city,track\nK01,集群1,石家庄市,甲\nK02,集群2,石家庄市,甲\nK03,集群3,石家庄市,甲\nK04,集群4,石家庄市,甲\n",
    );
    w.write(
        "r/data.csv",
        "cluster_id,period,a,b,c\nK01,2023,10,1,100\nK02,2023,20,3,50\nK03,2023,,2,0\nK04,2023,30,5,100\n",
    );
    w
}

fn cluster<'a>(json: &'a Value, id: &str) -> &'a Value {
    json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster_id"] == id)
        .unwrap()
}

/// K03 left a blank. On b it stands at (2 − 1) / (5 − 1) = 0.25 of the
/// range; on c (lower is better) at (100 − 0) / (100 − 0) = 1. The mean
/// 0.625 mapped onto a's range 10..30 is 10 + 0.625 · 20 = 22.5, so a
/// earns 0.625 · 40 = 25 points, b 0.25 · 30 = 7.5, c 30: 62.5 in all.
#[test]
fn a_blank_read_from_the_standing_on_the_siblings() {
    let w = round();
    w.ok(&["run", "r", "--out", "o"]);
    let json: Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let k03 = cluster(&json, "K03");
    let a = &k03["indicators"][0];
    assert_eq!(a["indicator"], "a");
    assert_eq!(a["imputation"], "row_mean");
    close(a["imputed_value"].as_f64().unwrap(), 22.5, 1e-12, "a");
    close(a["points"].as_f64().unwrap(), 25.0, 1e-12, "points of a");
    close(k03["total"].as_f64().unwrap(), 62.5, 1e-12, "total");
    for id in ["K01", "K02", "K04"] {
        for t in cluster(&json, id)["indicators"].as_array().unwrap() {
            assert_eq!(t["imputation"], "", "{id}");
        }
    }
    let en = w.ok(&["explain", "o", "K03", "--lang", "en"]).stdout;
    assert!(
        en.contains("from the unit's standing on the other indicators of its group"),
        "{en}"
    );
    let zh = w.ok(&["explain", "o", "K03", "--lang", "zh"]).stdout;
    assert!(zh.contains("按同组其他指标上的相对位置插补"), "{zh}");
    assert!(!zh.contains("row_mean"), "{zh}");
}

/// Alone under its parent, a row_mean indicator has nothing to impute
/// from: the framework says so (a warning at the key), and the blank
/// takes the cohort mean, labelled as such.
#[test]
fn alone_under_its_parent_the_cohort_mean_and_a_warning() {
    let w = round();
    let fw = FRAMEWORK
        .replace("parent = \"d\"\nname_zh = \"甲\"", "parent = \"e\"\nname_zh = \"甲\"")
        .replace(
            "[[indicator]]\nid = \"a\"",
            "[[node]]\nid = \"e\"\nname_zh = \"维度二\"\nname_en = \"Dimension 2\"\npoints = 40\n\n[[indicator]]\nid = \"a\"",
        )
        .replace("points = 100\n\n[[node]]", "points = 60\n\n[[node]]");
    w.write("r/framework.toml", fw);
    let text = w.ok(&["check", "r"]).all();
    assert!(
        text.contains("row_mean imputes from the other indicators under the same parent"),
        "{text}"
    );
    w.ok(&["run", "r", "--out", "o"]);
    let json: Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let a = &cluster(&json, "K03")["indicators"][0];
    assert_eq!(
        a["imputation"],
        "row_mean -> cohort_mean (no value in the group)"
    );
    close(
        a["imputed_value"].as_f64().unwrap(),
        20.0,
        1e-12,
        "mean of 10, 20, 30",
    );
}

/// `row_mean` as a choice of the robustness analysis. With K05 (21, 4,
/// 50) added, K03 scores 62.5 under row_mean (rank 2, above K05's 22 +
/// 22.5 + 15 = 59.5) but 58 under the cohort mean (a = mean of 10, 20,
/// 30, 21 = 20.25, 0.5125 · 40 = 20.5 points; rank 3): the analysis
/// drawing both options ranks K03 2nd and 3rd, and says nothing of a
/// choice that cannot change anything.
#[test]
fn row_mean_as_a_choice_of_the_robustness_analysis() {
    let w = round();
    w.edit(
        "r/data.csv",
        "K04,2023,30,5,100\n",
        "K04,2023,30,5,100\nK05,2023,21,4,50\n",
    );
    w.edit(
        "r/clusters.csv",
        "K04,集群4,石家庄市,甲\n",
        "K04,集群4,石家庄市,甲\nK05,集群5,石家庄市,甲\n",
    );
    let robustness = "\n[robustness]\nreplications = 60\nsobol_base = 0\nbootstrap = 10\n\n[[robustness.uncertain]]\nchoice = \"imputation\"\noptions = [\"cohort_mean\", \"row_mean\"]\n";
    let round = w.read("r/round.toml") + robustness;
    w.write("r/round.toml", round);
    let text = w.ok(&["check", "r"]).all();
    assert!(!text.contains("cannot change anything"), "{text}");
    w.ok(&["run", "r", "--out", "o"]);
    let json: Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    close(
        cluster(&json, "K03")["total"].as_f64().unwrap(),
        62.5,
        1e-12,
        "K03",
    );
    close(
        cluster(&json, "K05")["total"].as_f64().unwrap(),
        59.5,
        1e-12,
        "K05",
    );
    let csv = w.read("o/robustness.csv");
    let k03 = csv.lines().find(|l| l.starts_with("K03,")).unwrap();
    let cells: Vec<&str> = k03.split(',').collect();
    // nominal, median, p05, p95: 2 nominal, the draws 2 and 3.
    assert_eq!(cells[3], "2", "{csv}");
    assert_eq!((cells[5], cells[6]), ("2", "3"), "{csv}");
}

//! Screening by the share of zero values and by name (`[screening]
//! min_nonzero`, `include`, `exclude`; COINr's `Screen(unit_screen =
//! "byNZ")`), on a round of six clusters and four indicators worked by
//! hand: each unit left out is named with its reason in scores.json and in
//! the report.

use crate::workdir::WorkDir;
use serde_json::Value;

const FRAMEWORK: &str = r#"
[framework]
id = "screen"
name_zh = "筛选测试"
name_en = "Screening test"
total_points = 100

[screening]
min_nonzero = 0.5
include = ["K04"]
exclude = ["K05"]

[[field]]
id = "a"
name_zh = "甲"
unit = "家"
kind = "count"

[[field]]
id = "b"
name_zh = "乙"
unit = "家"
kind = "count"

[[field]]
id = "c"
name_zh = "丙"
unit = "家"
kind = "count"

[[field]]
id = "d"
name_zh = "丁"
unit = "家"
kind = "count"

[[node]]
id = "n"
name_zh = "维度"
name_en = "Dimension"
points = 100

[[indicator]]
id = "a"
parent = "n"
name_zh = "甲"
name_en = "A"
points = 25
rule = "minmax"

[[indicator]]
id = "b"
parent = "n"
name_zh = "乙"
name_en = "B"
points = 25
rule = "minmax"

[[indicator]]
id = "c"
parent = "n"
name_zh = "丙"
name_en = "C"
points = 25
rule = "minmax"

[[indicator]]
id = "d"
parent = "n"
name_zh = "丁"
name_en = "D"
points = 25
rule = "minmax"
"#;

#[test]
fn zeros_and_forced_inclusion_and_exclusion() {
    // Non-zero shares (non-zero values / values): K01 4/4, K02 1/4 = 0.25
    // (< 0.5: left out, reason zeros), K03 2/4 = 0.5 (kept: the test is
    // strict), K04 1/4 but included by name (kept), K05 4/4 but excluded by
    // name, K06 4/4.
    let rows = [
        [1, 2, 3, 4],
        [0, 0, 0, 5],
        [0, 0, 3, 4],
        [0, 0, 0, 1],
        [1, 1, 1, 1],
        [2, 3, 4, 5],
    ];
    let w = WorkDir::new();
    w.write("r/framework.toml", FRAMEWORK);
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    let mut reg = String::from("cluster_id,name_zh,city,track\n");
    let mut data = String::from("cluster_id,period,a,b,c,d\n");
    for (i, r) in rows.iter().enumerate() {
        let i = i + 1;
        reg.push_str(&format!("K{i:02},集群{i},石家庄市,高端装备\n"));
        data.push_str(&format!(
            "K{i:02},2023,{},{},{},{}\n",
            r[0], r[1], r[2], r[3]
        ));
    }
    w.write("r/clusters.csv", reg);
    w.write("r/data.csv", data);
    w.ok(&["run", "r", "--out", "o"]);
    let json: Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    let screened: Vec<(String, String, f64)> = json["screened"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["cluster_id"].as_str().unwrap().to_string(),
                s["reason"].as_str().unwrap().to_string(),
                s["nonzero"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        screened,
        [
            ("K02".to_string(), "zeros".to_string(), 0.25),
            ("K05".to_string(), "excluded".to_string(), 1.0)
        ]
    );
    let scored: Vec<&str> = json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["cluster_id"].as_str().unwrap())
        .collect();
    assert_eq!(scored.len(), 4);
    for id in ["K01", "K03", "K04", "K06"] {
        assert!(scored.contains(&id), "{id} is scored: {scored:?}");
    }
    // The report names each with its reason, in its language.
    let report = std::fs::read_dir(w.path("o"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .map(|p| std::fs::read_to_string(p).unwrap())
        .collect::<String>();
    assert!(
        report.contains("(K02): 非零值占比 25.0%，低于阈值")
            || report.contains("(K02): share of non-zero values 25.0%, below the threshold"),
        "{report}"
    );
    assert!(
        report.contains("(K05): 框架指定排除")
            || report.contains("(K05): excluded by name in the framework"),
        "{report}"
    );
}

#[test]
fn a_unit_named_in_screening_must_exist() {
    let w = WorkDir::new();
    w.write("r/framework.toml", FRAMEWORK.replace("\"K05\"", "\"K99\""));
    w.write(
        "r/round.toml",
        "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n",
    );
    w.write(
        "r/clusters.csv",
        "cluster_id,name_zh,city,track\nK01,集群1,石家庄市,高端装备\nK04,集群4,石家庄市,高端装备\n",
    );
    w.write(
        "r/data.csv",
        "cluster_id,period,a,b,c,d\nK01,2023,1,2,3,4\nK04,2023,2,3,4,5\n",
    );
    let text = w.fails(&["run", "r", "--out", "o"], 1).all();
    assert!(
        text.contains("screening.exclude")
            && text.contains("K99")
            && text.contains("not a unit of the registry"),
        "{text}"
    );
}

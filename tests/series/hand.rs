//! Three clusters over two and three years, written here, with every
//! number of the comparison worked by hand in the comments.

use crate::tolerance::close;
use crate::workdir::{col, read_csv, WorkDir};

/// One dimension of two indicators: x by min-max (60 points, the bounds
/// come from the cohort), y by goalposts 0-100 (40 points, fixed bounds).
const FRAMEWORK: &str = r#"
[framework]
id = "series-test"
name_zh = "序列测试"
name_en = "Series test"
total_points = 100

[[grade]]
id = "good"
min = 50

[[grade]]
id = "fail"
min = 0

[[field]]
id = "x"
name_zh = "甲"
unit = "亿元"
kind = "amount"

[[field]]
id = "y"
name_zh = "乙"
unit = "亿元"
kind = "amount"

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
points = 60
rule = "minmax"
missing = "no_points"

[[indicator]]
id = "y"
parent = "d"
name_zh = "乙"
name_en = "Y"
points = 40
rule = "goalpost"
lo = 0
hi = 100
"#;

/// A round of data year `year` in `r{year}/` with rows `cluster,x,y`, run
/// into `o{year}/`.
fn round(w: &WorkDir, year: i32, rows: &str) {
    w.write(&format!("r{year}/framework.toml"), FRAMEWORK);
    w.write(
        &format!("r{year}/round.toml"),
        format!(
            "[round]\nid = \"r{year}\"\nname_zh = \"测试{year}\"\nname_en = \"Test {year}\"\nframework = \"framework.toml\"\nbaseline_year = 2020\ncurrent_year = {year}\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n"
        ),
    );
    w.write(
        &format!("r{year}/clusters.csv"),
        "cluster_id,name_zh,name_en,city,track\nA,甲集群,Cluster A,石家庄市,高端装备\nB,乙集群,Cluster B,石家庄市,高端装备\nC,丙集群,Cluster C,石家庄市,高端装备\n",
    );
    let mut data = String::from("cluster_id,period,x,y\n");
    for r in rows.lines() {
        let (c, rest) = r.split_once(',').unwrap();
        data.push_str(&format!("{c},{year},{rest}\n"));
    }
    w.write(&format!("r{year}/data.csv"), data);
    w.ok(&["run", &format!("r{year}"), "--out", &format!("o{year}")]);
}

/// movement.csv's (total, rank) of `cluster` in the round of `year`.
fn total(w: &WorkDir, dir: &str, year: i32, cluster: &str) -> (f64, String) {
    let (h, rows) = read_csv(&w.path(&format!("{dir}/movement.csv")));
    let r = rows
        .iter()
        .find(|r| {
            r[col(&h, "数据年份 data_year")] == year.to_string()
                && r[col(&h, "集群编号 cluster_id")] == cluster
        })
        .unwrap_or_else(|| panic!("no row of {cluster} in {year}"));
    (
        r[col(&h, "总分 total")].parse().unwrap(),
        r[col(&h, "排名 rank")].clone(),
    )
}

#[test]
fn pooled_min_max_over_two_years_by_hand() {
    // 2022: A x 10 y 50, B x 20 y 30, C x 30 y 100.
    // 2023: A x 40 y 50, B x 20 y 60, C x 10 y 0.
    let w = WorkDir::new();
    round(&w, 2022, "A,10,50\nB,20,30\nC,30,100");
    round(&w, 2023, "A,40,50\nB,20,60\nC,10,0");
    // Each on its own scale. y (goalposts): points = 0.4 y: 2022 A 20,
    // B 12, C 40; 2023 A 20, B 24, C 0.
    // 2022 x over {10, 20, 30}: A 0, B 0.5 x 60 = 30, C 60 -> totals
    // A 20, B 42, C 100. 2023 x over {10, 20, 40} (span 30): A 60,
    // B 10/30 x 60 = 20, C 0 -> A 80, B 44, C 0.
    w.ok(&["compare-rounds", "o2022", "o2023", "--out", "own"]);
    for (year, c, want) in [
        (2022, "A", 20.0),
        (2022, "B", 42.0),
        (2022, "C", 100.0),
        (2023, "A", 80.0),
        (2023, "B", 44.0),
        (2023, "C", 0.0),
    ] {
        close(
            total(&w, "own", year, c).0,
            want,
            1e-9,
            format_args!("own {c} {year}"),
        );
    }
    // Pooled: x over the stack {10, 20, 30, 40, 20, 10}: min 10, max 40,
    // span 30. 2022: A 0, B 10/30 x 60 = 20, C 20/30 x 60 = 40 -> totals
    // A 20, B 32, C 80. 2023 as before (its own bounds were the pooled
    // ones): A 80, B 44, C 0. y does not change (fixed goalposts).
    w.ok(&[
        "compare-rounds",
        "o2022",
        "o2023",
        "--pooled",
        "--out",
        "pooled",
    ]);
    for (year, c, want, rank) in [
        (2022, "A", 20.0, "3"),
        (2022, "B", 32.0, "2"),
        (2022, "C", 80.0, "1"),
        (2023, "A", 80.0, "1"),
        (2023, "B", 44.0, "2"),
        (2023, "C", 0.0, "3"),
    ] {
        let (t, r) = total(&w, "pooled", year, c);
        close(t, want, 1e-9, format_args!("pooled {c} {year}"));
        assert_eq!(r, rank, "pooled rank of {c} in {year}");
    }
    // The change of B on the pooled scale: 44 - 32 = +12 (on its own
    // scale +2: the cohort moved).
    let (h, rows) = read_csv(&w.path("pooled/movement.csv"));
    let b = rows
        .iter()
        .find(|r| {
            r[col(&h, "数据年份 data_year")] == "2023" && r[col(&h, "集群编号 cluster_id")] == "B"
        })
        .unwrap();
    close(
        b[col(&h, "总分变化 total_change")].parse().unwrap(),
        12.0,
        1e-9,
        "B's pooled change",
    );
    assert_eq!(b[col(&h, "得分尺度 scale")], "pooled");
    // A series has one round a year.
    let out = w.fails(&["compare-rounds", "o2022", "o2022"], 1);
    assert!(
        out.stderr.contains(
            "o2022 and o2022 are rounds of the same data year 2022: a series has one round a year"
        ),
        "{}",
        out.stderr
    );
    // The rounds are given newest first: ordered by data year all the same.
    let out = w.ok(&["compare-rounds", "o2023", "o2022", "--lang", "en"]);
    assert!(
        out.stdout.contains("Movement 2022 → 2023"),
        "{}",
        out.stdout
    );
    assert!(
        out.stdout
            .contains("A Cluster A | 1 | up 2 | 80.00 | +60.00 | +60.00"),
        "{}",
        out.stdout
    );
}

#[test]
fn panel_imputation_over_three_years_by_hand() {
    // x of B is missing in 2022 (no_points); y is 50 everywhere (20 points).
    // x: 2021 A 10, B 12, C 30; 2022 A 20, B -, C 30; 2023 A 40, B 24, C 10.
    let w = WorkDir::new();
    round(&w, 2021, "A,10,50\nB,12,50\nC,30,50");
    round(&w, 2022, "A,20,50\nB,,50\nC,30,50");
    round(&w, 2023, "A,40,50\nB,24,50\nC,10,50");
    // Without imputation, 2022's x over {20, 30}: A 0, C 60, B no points:
    // totals A 20, B 20, C 80.
    w.ok(&["compare-rounds", "o2021", "o2022", "o2023", "--out", "none"]);
    close(total(&w, "none", 2022, "A").0, 20.0, 1e-9, "A 2022 without");
    close(total(&w, "none", 2022, "B").0, 20.0, 1e-9, "B 2022 without");
    // latest: B's 2022 x is its 2021 value 12; x over {20, 12, 30} (span
    // 18): A 8/18 x 60 = 26.666..., B 0, C 60 -> A 46.666..., B 20, C 80.
    w.ok(&[
        "compare-rounds",
        "o2021",
        "o2022",
        "o2023",
        "--impute-panel",
        "latest",
        "--out",
        "latest",
    ]);
    close(
        total(&w, "latest", 2022, "A").0,
        20.0 + 8.0 / 18.0 * 60.0,
        1e-9,
        "A 2022 latest",
    );
    close(
        total(&w, "latest", 2022, "B").0,
        20.0,
        1e-9,
        "B 2022 latest",
    );
    close(
        total(&w, "latest", 2022, "C").0,
        80.0,
        1e-9,
        "C 2022 latest",
    );
    // linear: 12 + (24 - 12) x (2022 - 2021) / (2023 - 2021) = 18; x over
    // {20, 18, 30} (span 12): A 2/12 x 60 = 10, B 0, C 60 -> A 30, B 20, C 80.
    let out = w.ok(&[
        "compare-rounds",
        "o2021",
        "o2022",
        "o2023",
        "--impute-panel",
        "linear",
        "--lang",
        "en",
        "--out",
        "linear",
    ]);
    assert!(
        out.stdout
            .contains("(linear; the latest earlier one when there is no later value); 1 filled"),
        "{}",
        out.stdout
    );
    close(
        total(&w, "linear", 2022, "A").0,
        30.0,
        1e-9,
        "A 2022 linear",
    );
    close(
        total(&w, "linear", 2022, "B").0,
        20.0,
        1e-9,
        "B 2022 linear",
    );
    // trends.csv marks the filled value; A's x trend: CAGR (40/10)^(1/2) - 1
    // = 1; the least-squares line through (2021, 10), (2022, 20), (2023, 40)
    // has slope 30/2 = 15 and is 70/3 - 15 = 25/3 at 2021: 15 / (25/3) x
    // 100 = 180 %.
    let (h, rows) = read_csv(&w.path("linear/trends.csv"));
    let row = |c: &str| {
        rows.iter()
            .find(|r| r[0] == c && r[1] == "x")
            .unwrap_or_else(|| panic!("no trend of {c} x"))
    };
    let b = row("B");
    assert_eq!(b[col(&h, "2022年数值 value_2022")], "18");
    assert_eq!(
        b[col(&h, "2022年面板插补 imputed_2022")],
        "linear 2021-2023"
    );
    assert_eq!(b[col(&h, "2021年面板插补 imputed_2021")], "");
    let a = row("A");
    close(
        a[col(&h, "年均增长率 CAGR")].parse().unwrap(),
        1.0,
        1e-12,
        "A's CAGR",
    );
    close(
        a[col(&h, "百分比变化 prc_change")].parse().unwrap(),
        180.0,
        1e-9,
        "A's prc_change",
    );
    assert_eq!(a[col(&h, "数据可得率 avail")], "1");
}

#[test]
fn renamed_indicators_are_matched_by_the_map() {
    // The same two years as the pooled case, the 2023 framework calling x
    // "x2" (its field stays x).
    let w = WorkDir::new();
    round(&w, 2022, "A,10,50\nB,20,30\nC,30,100");
    round(&w, 2023, "A,40,50\nB,20,60\nC,10,0");
    let renamed = FRAMEWORK.replacen(
        "[[indicator]]\nid = \"x\"",
        "[[indicator]]\nid = \"x2\"\nfield = \"x\"",
        1,
    );
    assert_ne!(renamed, FRAMEWORK);
    w.write("r2023/framework.toml", renamed);
    w.ok(&["run", "r2023", "--out", "o2023"]);
    // Pooling needs every indicator in every round.
    let out = w.fails(&["compare-rounds", "o2022", "o2023", "--pooled"], 1);
    assert!(
        out.stderr.contains("--pooled needs the same indicators in every round: x2 is not in this round's framework"),
        "{}",
        out.stderr
    );
    // Mapped, the pooled totals are the hand ones of the pooled case:
    // 2022 A 20, B 32, C 80.
    w.write("map.csv", "old_id,new_id\nx,x2\nzz,x2b\n");
    let out = w.ok(&[
        "compare-rounds",
        "o2022",
        "o2023",
        "--pooled",
        "--map",
        "map.csv",
        "--lang",
        "en",
        "--out",
        "m",
    ]);
    close(total(&w, "m", 2022, "B").0, 32.0, 1e-9, "B 2022 mapped");
    close(total(&w, "m", 2022, "C").0, 80.0, 1e-9, "C 2022 mapped");
    // An old id no round has is named.
    assert!(
        out.stdout
            .contains("warning: zz no round's framework has this old id"),
        "{}",
        out.stdout
    );
    // x2's trend joins both years: B 20 -> 20, CAGR 0.
    let (h, rows) = read_csv(&w.path("m/trends.csv"));
    let b = rows.iter().find(|r| r[0] == "B" && r[1] == "x2").unwrap();
    assert_eq!(b[col(&h, "2022年数值 value_2022")], "20");
    assert_eq!(b[col(&h, "年均增长率 CAGR")], "0");
    // A map without its header is refused, located.
    w.write("bad.csv", "x,x2\n");
    let out = w.fails(&["compare-rounds", "o2022", "o2023", "--map", "bad.csv"], 1);
    assert!(out.stderr.contains("bad.csv, row 1"), "{}", out.stderr);
    assert!(
        out.stderr.contains("expected the header old_id,new_id"),
        "{}",
        out.stderr
    );
}

#[test]
fn an_earlier_round_without_a_process_gives_no_history_and_says_so() {
    let w = WorkDir::new();
    round(&w, 2022, "A,10,50\nB,20,30\nC,30,100");
    round(&w, 2023, "A,40,50\nB,20,60\nC,10,0");
    let toml = w.read("r2023/round.toml") + "\n[history]\nrounds = [\"../o2022\"]\n";
    w.write("r2023/round.toml", toml);
    w.ok(&["run", "r2023", "--out", "o2023"]);
    let json: serde_json::Value = serde_json::from_str(&w.read("o2023/scores.json")).unwrap();
    let warned: Vec<&serde_json::Value> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| {
            d["message"]
                .as_str()
                .unwrap()
                .contains("the earlier round wrote no decisions.csv (it had no [process]): it gives no grades or outcomes")
        })
        .collect();
    assert_eq!(warned.len(), 1);
    assert!(warned[0]["file"]
        .as_str()
        .unwrap()
        .ends_with("o2022/manifest.json"));
    // Its ranking is read all the same, as an input of the run.
    assert!(w
        .read("o2023/manifest.json")
        .contains("\"../o2022/ranking.csv\""));
}

//! The evaluation process: gates, panels, advancement, quota, caps, ties,
//! grades and dynamic management, each on a purpose-built round whose
//! expected numbers are worked out by hand in the comments (Kendall's W
//! against SciPy, see tests/reference/kendall_w_scipy.py), and the two
//! sample rounds end to end.

use crate::workdir::{read_csv, WorkDir};
use std::collections::BTreeMap;

/// One indicator, `a`, scored 0-100 by a goalpost: the indicator total of a
/// cluster is its value of `a`. `share` is there for a gate.
const FRAMEWORK: &str = r#"
[framework]
id = "mini"
name_zh = "流程测试"
name_en = "Process test"
total_points = 100

[ranking]
decimals = 6

[[grade]]
id = "excellent"
name_zh = "优秀"
min = 85

[[grade]]
id = "good"
name_zh = "良好"
min = 75

[[grade]]
id = "pass"
name_zh = "合格"
min = 60

[[grade]]
id = "fail"
name_zh = "不合格"
min = 0

[[field]]
id = "a"
name_zh = "甲"
unit = "分"
kind = "score"
min = 0
max = 100

[[field]]
id = "share"
name_zh = "主导产业占比"
unit = "%"
kind = "percent"

[[node]]
id = "dim"
name_zh = "维度"
name_en = "Dimension"
points = 100

[[indicator]]
id = "a"
parent = "dim"
name_zh = "甲"
name_en = "A"
points = 100
rule = "goalpost"
lo = 0
hi = 100
"#;

/// A cluster of a test round: id, city, track, value of `a`, share.
type C<'a> = (&'a str, &'a str, &'a str, f64, f64);

/// Write round `r/`: the framework, the registry (with an `incident`
/// column, 无 unless listed in `incidents`), the data, extra `[inputs]`
/// lines and the `[process]` text.
fn mini(w: &WorkDir, clusters: &[C], incidents: &[&str], inputs: &str, process: &str) {
    w.write("r/framework.toml", FRAMEWORK);
    w.write(
        "r/round.toml",
        format!(
            "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n{inputs}\n{process}\n"
        ),
    );
    let mut reg = String::from("cluster_id,name_zh,city,track,promotion_org,incident\n");
    let mut data = String::from("cluster_id,period,a,share\n");
    for (id, city, track, a, share) in clusters {
        let inc = if incidents.contains(id) { "有" } else { "无" };
        reg.push_str(&format!("{id},集群{id},{city},{track},{id}促进会,{inc}\n"));
        data.push_str(&format!("{id},2023,{a},{share}\n"));
    }
    w.write("r/clusters.csv", reg);
    w.write("r/data.csv", data);
}

/// Run the round; decisions.csv as cluster id -> column -> value.
fn decisions(w: &WorkDir) -> BTreeMap<String, BTreeMap<String, String>> {
    let o = w.run(&["run", "r", "--out", "o"]);
    assert_eq!(o.code, 0, "{}", o.all());
    let (h, rows) = read_csv(&w.path("o/decisions.csv"));
    rows.into_iter()
        .map(|r| {
            let m: BTreeMap<String, String> = h.iter().cloned().zip(r).collect();
            (m["cluster_id"].clone(), m)
        })
        .collect()
}

fn status(d: &BTreeMap<String, BTreeMap<String, String>>, id: &str) -> String {
    d[id]["status"].clone()
}

const ONE_STAGE: &str = "[process]\nkind = \"competition\"\nquota = 2\n";

#[test]
fn gates_exclude_clusters_before_scoring_with_their_reasons() {
    // A passes; B's share 65 < 70 fails the field gate; C's registry says
    // 有 (an incident); D has no share at all (missing fails the gate).
    let w = WorkDir::new();
    mini(
        &w,
        &[
            ("A", "保定市", "T", 80.0, 75.0),
            ("B", "保定市", "T", 90.0, 65.0),
            ("C", "保定市", "T", 70.0, 80.0),
        ],
        &["C"],
        "",
        &format!(
            "{ONE_STAGE}{}",
            r#"
[[process.gates]]
id = "share"
field = "share"
op = ">="
value = 70
reason_zh = "主导产业占比低于70%"
reason_en = "leading share below 70 %"

[[process.gates]]
id = "integrity"
registry = "incident"
op = "in"
value = ["无", "none"]
reason_zh = "近三年发生重大事故"
"#
        ),
    );
    w.edit("r/data.csv", "A,2023,80,75\n", "A,2023,80,75\nD,2023,60,\n");
    w.edit(
        "r/clusters.csv",
        "C,集群C",
        "D,集群D,保定市,T,D促进会,无\nC,集群C",
    );
    let d = decisions(&w);
    assert_eq!(d.len(), 4);
    assert_eq!(status(&d, "A"), "selected");
    assert_eq!(status(&d, "B"), "failed_gate");
    assert!(
        d["B"]["reason"].contains("主导产业占比低于70%"),
        "{:?}",
        d["B"]
    );
    assert!(d["B"]["reason"].contains("share >= 70; found 65"));
    assert_eq!(status(&d, "C"), "failed_gate");
    assert!(d["C"]["reason"].contains("incident in [无, none]; found 有"));
    assert!(d["D"]["reason"].contains("found missing"), "{:?}", d["D"]);
    // Gate failures are not ranked, not scored and not in ranking.csv.
    assert_eq!(d["B"]["rank"], "");
    assert_eq!(d["B"]["indicator_score"], "");
    let (_, ranking) = read_csv(&w.path("o/ranking.csv"));
    assert_eq!(ranking.len(), 1);
}

/// Panel rounds: two tracks. T1: A and B (石家庄市), five reviewers from
/// 北京市 and P6 from 石家庄市 (a conflict with both). T2: C and D, three
/// reviewers.
fn panel_round(w: &WorkDir, panel: &str) {
    mini(
        w,
        &[
            ("A", "石家庄市", "T1", 50.0, 80.0),
            ("B", "石家庄市", "T1", 50.0, 80.0),
            ("C", "唐山市", "T2", 50.0, 80.0),
            ("D", "唐山市", "T2", 50.0, 80.0),
        ],
        &[],
        "reviewers = \"reviewers.csv\"\nreviews = \"reviews.csv\"\n",
        &format!(
            "[process]\nkind = \"competition\"\nquota = 2\n\n[process.panel]\n{panel}\n\n[[process.stages]]\nid = \"review\"\nname_zh = \"评审\"\nscore = {{ panel = 1.0 }}\n"
        ),
    );
    w.write(
        "r/reviewers.csv",
        "专家编号,姓名,工作单位,城市,评审赛道\nP1,甲,燕北大学,北京市,T1\nP2,乙,燕北大学,北京市,T1\nP3,丙,燕北大学,北京市,T1\nP4,丁,燕北大学,北京市,T1\nP5,戊,燕北大学,北京市,T1\nP6,己,石家庄研究院,石家庄市,T1\nQ1,庚,渤海研究院,天津市,T2\nQ2,辛,渤海研究院,天津市,T2\nQ3,壬,渤海研究院,天津市,T2\n",
    );
    let mut reviews = String::from("reviewer,cluster_id,stage,score\n");
    for (c, scores) in [
        (
            "A",
            [
                ("P1", 80.0),
                ("P2", 95.0),
                ("P3", 70.0),
                ("P4", 88.0),
                ("P5", 85.0),
                ("P6", 100.0),
            ]
            .to_vec(),
        ),
        (
            "B",
            [
                ("P1", 60.0),
                ("P2", 65.0),
                ("P3", 70.0),
                ("P4", 75.0),
                ("P5", 90.0),
                ("P6", 100.0),
            ]
            .to_vec(),
        ),
        ("C", [("Q1", 60.0), ("Q2", 62.0), ("Q3", 64.0)].to_vec()),
        ("D", [("Q1", 50.0), ("Q2", 52.0), ("Q3", 54.0)].to_vec()),
    ] {
        for (r, s) in scores {
            reviews.push_str(&format!("{r},{c},review,{s}\n"));
        }
    }
    w.write("r/reviews.csv", reviews);
}

fn panel_rows(w: &WorkDir) -> BTreeMap<String, BTreeMap<String, String>> {
    let o = w.run(&["run", "r", "--out", "o"]);
    assert_eq!(o.code, 0, "{}", o.all());
    let (h, rows) = read_csv(&w.path("o/panel_scores.csv"));
    rows.into_iter()
        .map(|r| {
            let m: BTreeMap<String, String> = h.iter().cloned().zip(r).collect();
            (m["cluster_id"].clone(), m)
        })
        .collect()
}

#[test]
fn trimmed_mean_with_conflicts_excluded() {
    // A: P6 (same city) excluded; 80, 95, 70, 88, 85 -> drop 95 and 70 ->
    // (80 + 88 + 85) / 3 = 84.333... -> 84.33.  B: 60, 65, 70, 75, 90 ->
    // drop 90 and 60 -> 70.  C: three scores (< 5, no trimming) -> 62.
    // D -> 52.
    let w = WorkDir::new();
    panel_round(
        &w,
        "aggregation = \"trimmed_mean\"\ntrim_when_at_least = 5\nmin_scores = 3",
    );
    let p = panel_rows(&w);
    assert_eq!(p["A"]["panel_score"], "84.33");
    assert_eq!(p["A"]["trimmed"], "P2; P3");
    assert_eq!(p["A"]["n_excluded"], "1");
    assert!(p["A"]["scores_excluded"].contains("P6=100 (same city 同城回避 (石家庄市))"));
    assert_eq!(p["B"]["panel_score"], "70.00");
    assert_eq!(p["C"]["panel_score"], "62.00");
    assert_eq!(p["D"]["panel_score"], "52.00");
    let flags = w.read("o/review_flags.csv");
    assert!(
        flags.contains("conflict_excluded,review,P6,A,100,"),
        "{flags}"
    );
    assert!(
        flags.contains("conflict_excluded,review,P6,B,100,"),
        "{flags}"
    );
    // The stage score is the panel score; quota 2 -> A (84.33) and B (70).
    let d = decisions(&w);
    assert_eq!(status(&d, "A"), "selected");
    assert_eq!(status(&d, "B"), "selected");
    assert_eq!(status(&d, "C"), "not_selected");
}

#[test]
fn median_aggregation() {
    // A: median of 80, 95, 70, 88, 85 = 85; B: median of 60..90 = 70.
    let w = WorkDir::new();
    panel_round(&w, "aggregation = \"median\"\nmin_scores = 3");
    let p = panel_rows(&w);
    assert_eq!(p["A"]["panel_score"], "85.00");
    assert_eq!(p["B"]["panel_score"], "70.00");
    assert_eq!(p["C"]["panel_score"], "62.00");
}

#[test]
fn standardisation_across_tracks() {
    // Trimmed means: A 84.3333, B 70 (T1); C 62, D 52 (T2).
    // Within T1: mean 77.1667, sample sd 14.3333 / sqrt 2 = 10.1352;
    // z(A) = +0.707107, z(B) = -0.707107; likewise in T2, z(C) = +0.707107.
    // Pooled: mean (84.3333 + 70 + 62 + 52) / 4 = 67.083333; squared
    // deviations 297.5625 + 8.506944 + 25.840278 + 227.506944 = 559.416667,
    // / 3 = 186.472222, sd 13.655483. Rescaled: 67.083333 +- 13.655483 x
    // 0.707107 = 67.083333 +- 9.655885 -> 76.739218 (A, C) and 57.427449
    // (B, D). The severe T2 panel no longer sinks C below B.
    let w = WorkDir::new();
    panel_round(&w, "min_scores = 3\nstandardise = true");
    let p = panel_rows(&w);
    for (id, expect) in [
        ("A", 76.739218),
        ("B", 57.427449),
        ("C", 76.739218),
        ("D", 57.427449),
    ] {
        let got: f64 = p[id]["standardised"].parse().unwrap();
        assert!((got - expect).abs() < 1e-6, "{id}: {got} vs {expect}");
    }
    assert_eq!(p["C"]["panel_score"], "76.74");
    assert_eq!(p["B"]["panel_score"], "57.43");
}

#[test]
fn kendall_w_matches_scipy() {
    // Four reviewers, six clusters of one track (ties within reviewers P1
    // and P3). W, chi-square and p from SciPy 1.17.1:
    // tests/reference/kendall_w_scipy.py.
    let w = WorkDir::new();
    let ids = ["A", "B", "C", "D", "E", "F"];
    let clusters: Vec<C> = ids
        .iter()
        .map(|&c| (c, "保定市", "T", 50.0, 80.0))
        .collect();
    mini(
        &w,
        &clusters,
        &[],
        "reviewers = \"reviewers.csv\"\nreviews = \"reviews.csv\"\n",
        "[process]\nkind = \"competition\"\nquota = 2\n\n[process.panel]\nmin_scores = 3\n\n[[process.stages]]\nid = \"review\"\nname_zh = \"评审\"\nscore = { panel = 1.0 }\n",
    );
    w.write(
        "r/reviewers.csv",
        "id,name,employer,city,tracks\nP1,a,x,北京市,T\nP2,b,x,北京市,T\nP3,c,x,北京市,T\nP4,d,x,北京市,T\n",
    );
    let scores = [
        [80, 72, 91, 65, 72, 88],
        [78, 70, 85, 60, 75, 90],
        [82, 82, 95, 70, 68, 86],
        [75, 71, 89, 66, 73, 79],
    ];
    let mut reviews = String::from("reviewer,cluster,stage,score\n");
    for (r, row) in scores.iter().enumerate() {
        for (c, s) in row.iter().enumerate() {
            reviews.push_str(&format!("P{},{},review,{s}\n", r + 1, ids[c]));
        }
    }
    w.write("r/reviews.csv", reviews);
    let o = w.run(&["run", "r", "--out", "o"]);
    assert_eq!(o.code, 0, "{}", o.all());
    let (h, rows) = read_csv(&w.path("o/panel_agreement.csv"));
    assert_eq!(rows.len(), 1);
    let get = |n: &str| rows[0][h.iter().position(|x| x == n).unwrap()].clone();
    let wv: f64 = get("kendall_w").parse().unwrap();
    let chi2: f64 = get("chi2").parse().unwrap();
    let p: f64 = get("p_value").parse().unwrap();
    assert!((wv - 0.9039855072463768).abs() < 1e-12, "{wv}");
    assert!((chi2 - 18.079710144927535).abs() < 1e-10, "{chi2}");
    assert!((p - 0.002848146871074079).abs() < 1e-9, "{p}");
    assert_eq!(get("df"), "5");
    assert_eq!(get("reviewers"), "4");
}

/// Two stages: the indicator score, then the same score again; the
/// advancement rule of the first is `advance`.
fn two_stages(w: &WorkDir, advance: &str, quota: usize) {
    mini(
        w,
        &[
            ("A", "保定市", "T", 90.0, 80.0),
            ("B", "保定市", "T", 80.0, 80.0),
            ("C", "保定市", "T", 70.0, 80.0),
            ("D", "保定市", "T", 70.0, 80.0),
            ("E", "保定市", "T", 50.0, 80.0),
        ],
        &[],
        "",
        &format!(
            "[process]\nkind = \"competition\"\nquota = {quota}\ntie_break = []\n\n[[process.stages]]\nid = \"first\"\nname_zh = \"初审\"\nscore = {{ indicators = 1.0 }}\nadvance = {advance}\n\n[[process.stages]]\nid = \"second\"\nname_zh = \"复审\"\nscore = {{ first = 1.0 }}\n"
        ),
    );
}

#[test]
fn advancement_top_k_lets_a_tie_at_the_cut_through() {
    // Scores 90, 80, 70, 70, 50; the best 3: C and D share rank 3 -> both
    // advance (4), E does not.
    let w = WorkDir::new();
    two_stages(&w, "{ top = 3 }", 2);
    let d = decisions(&w);
    assert_eq!(status(&d, "E"), "not_shortlisted");
    assert!(d["E"]["reason"].contains("ranked 5 of 5"));
    assert_eq!(d["C"]["stage_reached"], "second");
    assert_eq!(d["D"]["stage_reached"], "second");
    assert!(w
        .read("o/report.md")
        .contains("a tie at the cut of 3 lets every tied cluster advance (4 advance)"));
    // Quota 2: A and B.
    assert_eq!(status(&d, "A"), "selected");
    assert_eq!(status(&d, "B"), "selected");
    assert_eq!(status(&d, "C"), "not_selected");
}

#[test]
fn advancement_by_quota_multiple_and_minimum_score() {
    // quota 1 x 1.5 -> ceil(1.5) = 2: A and B advance.
    let w = WorkDir::new();
    two_stages(&w, "{ quota_multiple = 1.5 }", 1);
    let d = decisions(&w);
    let advanced: Vec<&String> = d
        .keys()
        .filter(|k| d[*k]["stage_reached"] == "second")
        .collect();
    assert_eq!(advanced, ["A", "B"]);
    // A minimum of 75: A (90) and B (80) advance, C (70) does not.
    let w = WorkDir::new();
    two_stages(&w, "{ min_score = 75 }", 2);
    let d = decisions(&w);
    assert_eq!(status(&d, "C"), "not_shortlisted");
    assert!(
        d["C"]["reason"].contains("below the minimum 75"),
        "{:?}",
        d["C"]
    );
}

#[test]
fn a_stage_without_scores_yet_stops_at_the_shortlist() {
    // The second stage has a panel but no reviews: the process stops and
    // the shortlisted clusters say so.
    let w = WorkDir::new();
    mini(
        &w,
        &[("A", "保定市", "T", 90.0, 80.0), ("B", "保定市", "T", 60.0, 80.0), ("C", "保定市", "T", 40.0, 80.0)],
        &[],
        "reviewers = \"reviewers.csv\"\nreviews = \"reviews.csv\"\n",
        "[process]\nkind = \"competition\"\nquota = 1\n\n[[process.stages]]\nid = \"first\"\nname_zh = \"初审\"\nscore = { indicators = 1.0 }\nadvance = { top = 2 }\n\n[[process.stages]]\nid = \"defence\"\nname_zh = \"答辩\"\nscore = { first = 0.6, panel = 0.4 }\n",
    );
    w.write(
        "r/reviewers.csv",
        "id,name,employer,city,tracks\nP1,a,x,北京市,*\n",
    );
    w.write("r/reviews.csv", "reviewer,cluster,stage,score\n");
    let d = decisions(&w);
    assert_eq!(status(&d, "A"), "shortlisted");
    assert_eq!(status(&d, "B"), "shortlisted");
    assert_eq!(status(&d, "C"), "not_shortlisted");
}

/// One stage (the indicator score), four clusters, quota and caps given.
fn final_round(w: &WorkDir, extra: &str) {
    mini(
        w,
        &[
            ("A", "保定市", "T1", 90.0, 80.0),
            ("B", "保定市", "T1", 85.0, 80.0),
            ("C", "石家庄市", "T2", 80.0, 80.0),
            ("D", "唐山市", "T2", 75.0, 80.0),
        ],
        &[],
        "",
        &format!("[process]\nkind = \"competition\"\n{extra}\n"),
    );
}

#[test]
fn caps_per_city_and_per_track() {
    // At most one per city: B (second 保定市) is passed over; C and D fill
    // the quota of 3.
    let w = WorkDir::new();
    final_round(&w, "quota = 3\ncaps = { city = 1 }");
    let d = decisions(&w);
    assert_eq!(status(&d, "A"), "selected");
    assert_eq!(status(&d, "B"), "not_selected");
    assert!(
        d["B"]["reason"].contains("cap: at most 1 selected per city"),
        "{:?}",
        d["B"]
    );
    assert_eq!(status(&d, "C"), "selected");
    assert_eq!(status(&d, "D"), "selected");
    // At most one per track, quota 3: A (T1) and C (T2) only.
    let w = WorkDir::new();
    final_round(&w, "quota = 3\ncaps = { track = 1 }");
    let d = decisions(&w);
    let sel: Vec<&String> = d.keys().filter(|k| d[*k]["status"] == "selected").collect();
    assert_eq!(sel, ["A", "C"]);
}

#[test]
fn minimum_final_score_leaves_places_empty() {
    // Quota 4, minimum 80: A, B, C selected, D (75) is not; a place stays empty.
    let w = WorkDir::new();
    final_round(&w, "quota = 4\nmin_score = 80");
    let d = decisions(&w);
    assert_eq!(status(&d, "C"), "selected");
    assert_eq!(status(&d, "D"), "not_selected");
    assert!(d["D"]["reason"].contains("below the minimum 80"));
}

#[test]
fn unresolved_tie_at_the_quota_is_left_to_the_office() {
    // A 90, B and C 80 with no tie-break chain, quota 2: A is selected; B
    // and C share rank 2 across the boundary and neither is picked.
    let w = WorkDir::new();
    mini(
        &w,
        &[
            ("A", "保定市", "T", 90.0, 80.0),
            ("B", "保定市", "T", 80.0, 80.0),
            ("C", "保定市", "T", 80.0, 80.0),
        ],
        &[],
        "",
        ONE_STAGE,
    );
    let d = decisions(&w);
    assert_eq!(status(&d, "A"), "selected");
    assert_eq!(status(&d, "B"), "tied_at_quota");
    assert_eq!(status(&d, "C"), "tied_at_quota");
    assert_eq!(d["B"]["tied"], "yes");
    assert!(w
        .read("o/report.md")
        .contains("unresolved tie at the quota: B, C share rank 2 with 1 place(s) left"));
}

#[test]
fn the_tie_break_chain_settles_a_tie_at_the_quota() {
    // B and C tie on the final score 80; the chain's first key is the
    // preliminary stage (B 70 vs C 60): B takes the last place.
    let w = WorkDir::new();
    mini(
        &w,
        &[("A", "保定市", "T", 90.0, 80.0), ("B", "保定市", "T", 70.0, 80.0), ("C", "保定市", "T", 60.0, 80.0)],
        &[],
        "reviewers = \"reviewers.csv\"\nreviews = \"reviews.csv\"\n",
        "[process]\nkind = \"competition\"\nquota = 2\ntie_break = [\"stage:first\"]\n\n[process.panel]\nmin_scores = 1\n\n[[process.stages]]\nid = \"first\"\nname_zh = \"初审\"\nscore = { indicators = 1.0 }\n\n[[process.stages]]\nid = \"final\"\nname_zh = \"终审\"\nscore = { first = 0.5, panel = 0.5 }\n",
    );
    w.write(
        "r/reviewers.csv",
        "id,name,employer,city,tracks\nP1,a,x,北京市,*\n",
    );
    // Finals: A 0.5 x 90 + 0.5 x 90 = 90; B 0.5 x 70 + 0.5 x 90 = 80;
    // C 0.5 x 60 + 0.5 x 100 = 80.
    w.write(
        "r/reviews.csv",
        "reviewer,cluster,stage,score\nP1,A,final,90\nP1,B,final,90\nP1,C,final,100\n",
    );
    let d = decisions(&w);
    assert_eq!(d["B"]["final_score"], "80.00");
    assert_eq!(d["C"]["final_score"], "80.00");
    assert_eq!(status(&d, "B"), "selected");
    assert_eq!(status(&d, "C"), "not_selected");
    assert!(
        d["B"]["tie_note"].contains("ahead of it on 初审 score (70.00 vs 60.00)"),
        "{:?}",
        d["B"]
    );
    assert!(w
        .read("o/report.md")
        .contains("boundary tie: B (rank 2) and C (rank 3)"));
}

#[test]
fn dynamic_management_outcomes() {
    // Grades: >= 85 excellent, >= 75 good, >= 60 pass, else fail.
    // E 90 excellent -> continue; G 80 good -> continue; P 65 pass ->
    // rectify; F1 50 fail, no history -> warning; F2 50 fail, failed in
    // 2022 too -> exit (two in a row); F3 50 fail, 2022 pass but warned ->
    // exit (a fail after a warning); X 95 excellent but flagged for fraud ->
    // exit at once. The top grade is capped at 20 % of 7 = 1: X (rank 1)
    // keeps 优秀, E (rank 2) drops to 良好.
    let w = WorkDir::new();
    mini(
        &w,
        &[
            ("E", "保定市", "T", 90.0, 80.0),
            ("G", "保定市", "T", 80.0, 80.0),
            ("P", "保定市", "T", 65.0, 80.0),
            ("F1", "保定市", "T", 50.0, 80.0),
            ("F2", "保定市", "T", 49.0, 80.0),
            ("F3", "保定市", "T", 48.0, 80.0),
            ("X", "保定市", "T", 95.0, 80.0),
        ],
        &[],
        "history = \"history.csv\"\nflags = \"flags.csv\"\n",
        "[process]\nkind = \"midterm\"\ntop_grade_share = 0.2\n",
    );
    w.write(
        "r/history.csv",
        "集群编号,年份,等次,处理结果\nF2,2022,不合格,警告\nF3,2021,良好,继续培育\nF3,2022,合格,warning\nP,2022,fail,warning\nE,2022,优秀,\n",
    );
    w.write(
        "r/flags.csv",
        "cluster_id,flag,note\nX,数据造假,2023 抽查发现\n",
    );
    let d = decisions(&w);
    let row = |id: &str| (d[id]["grade"].clone(), d[id]["outcome"].clone());
    assert_eq!(row("X"), ("excellent".into(), "exit".into()));
    assert!(d["X"]["outcome_reason"].contains("fraud (2023 抽查发现)"));
    assert_eq!(row("E"), ("good".into(), "continue".into()));
    assert!(
        d["E"]["grade_note"].contains("capped at 1 of 7"),
        "{:?}",
        d["E"]
    );
    assert_eq!(row("G"), ("good".into(), "continue".into()));
    // P failed in 2022 but passes now: rectify, no exit.
    assert_eq!(row("P"), ("pass".into(), "rectify".into()));
    assert_eq!(row("F1"), ("fail".into(), "warning".into()));
    assert_eq!(row("F2"), ("fail".into(), "exit".into()));
    assert!(d["F2"]["outcome_reason"].contains("2 fails in a row"));
    assert_eq!(row("F3"), ("fail".into(), "exit".into()));
    assert!(
        d["F3"]["outcome_reason"].contains("after warning in 2022"),
        "{:?}",
        d["F3"]
    );
    assert_eq!(
        d["F3"]["history"],
        "2021 良好 good (continue); 2022 合格 pass (warning)"
    );
}

#[test]
fn consecutive_fails_is_a_setting() {
    // With three fails needed and nothing special after a warning, F2's
    // second fail is a warning, not an exit.
    let w = WorkDir::new();
    mini(
        &w,
        &[("F2", "保定市", "T", 40.0, 80.0), ("G", "保定市", "T", 80.0, 80.0)],
        &[],
        "history = \"history.csv\"\n",
        "[process]\nkind = \"midterm\"\n\n[process.outcomes]\nconsecutive_fails = 3\nexit_after = []\n",
    );
    w.write(
        "r/history.csv",
        "cluster_id,year,grade,outcome\nF2,2022,fail,warning\n",
    );
    let d = decisions(&w);
    assert_eq!(d["F2"]["outcome"], "warning");
}

/// A panel round with one faulty reviews file; the run must refuse with a
/// located error and write nothing.
fn refuses(reviews: &str, expect: &[&str]) {
    let w = WorkDir::new();
    panel_round(&w, "min_scores = 3");
    w.write("r/reviews.csv", reviews);
    let o = w.run(&["run", "r", "--out", "o"]);
    assert_eq!(o.code, 1, "{}", o.all());
    for e in expect {
        assert!(o.stderr.contains(e), "missing {e:?} in:\n{}", o.stderr);
    }
    assert!(!w.path("o").exists(), "nothing may be written");
    let c = w.run(&["check", "r"]);
    assert_eq!(c.code, 1);
    assert!(c.stdout.contains(expect[0]), "{}", c.stdout);
}

const GOOD_REST: &str = "P1,B,review,60\nP2,B,review,65\nP3,B,review,70\nQ1,C,review,60\nQ2,C,review,62\nQ3,C,review,64\nQ1,D,review,50\nQ2,D,review,52\nQ3,D,review,54\n";

#[test]
fn a_score_out_of_range_is_a_located_error() {
    refuses(
        &format!("reviewer,cluster_id,stage,score\nP1,A,review,80\nP2,A,review,150\nP3,A,review,70\n{GOOD_REST}"),
        &["error: r/reviews.csv, row 3, column score, value \"150\": score out of range: expected 0 to 100"],
    );
}

#[test]
fn an_unknown_reviewer_is_a_located_error() {
    refuses(
        &format!("reviewer,cluster_id,stage,score\nP1,A,review,80\nP9,A,review,85\nP3,A,review,70\nP2,A,review,75\n{GOOD_REST}"),
        &["error: r/reviews.csv, row 3, column reviewer, value \"P9\": unknown reviewer (not in reviewers.csv)"],
    );
}

#[test]
fn a_panel_emptied_by_conflicts_is_an_error() {
    // Only P6 (same city as A) scored A: no usable score is left.
    refuses(
        &format!("reviewer,cluster_id,stage,score\nP6,A,review,99\n{GOOD_REST}"),
        &[
            "panel too small: cluster A has 0 usable score(s) at review after 1 exclusion(s) for conflicts of interest",
            "conflict of interest: the score of reviewer P6 for cluster A at review is excluded: same city",
        ],
    );
}

#[test]
fn duplicate_scores_and_unknown_clusters_are_located_errors() {
    refuses(
        &format!("reviewer,cluster_id,stage,score\nP1,A,review,80\nP2,A,review,81\nP1,A,review,82\nP3,Z,review,70\nP3,A,review,70\n{GOOD_REST}"),
        &[
            "row 4, column score, value \"82\": duplicate score: reviewer P1 already scored cluster A on review / total in row 2",
            "row 5, column cluster_id, value \"Z\": unknown cluster (not in the registry)",
        ],
    );
}

#[test]
fn a_small_panel_can_be_a_warning() {
    // Two usable scores against min_scores 3: a warning when the process
    // says so, and the mean of the two is used.
    let w = WorkDir::new();
    panel_round(&w, "min_scores = 3\nsmall_panel = \"warning\"");
    w.write(
        "r/reviews.csv",
        format!("reviewer,cluster_id,stage,score\nP1,A,review,80\nP2,A,review,90\n{GOOD_REST}"),
    );
    let p = panel_rows(&w);
    assert_eq!(p["A"]["panel_score"], "85.00");
    let json = w.read("o/scores.json");
    assert!(json.contains("panel too small: cluster A has 2 usable score(s)"));
}

#[test]
fn competition_sample_selects_eleven_of_thirty() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let o = w.run(&["run", round.to_str().unwrap(), "--out", "o"]);
    assert_eq!(o.code, 0, "{}", o.all());
    let (h, rows) = read_csv(&w.path("o/decisions.csv"));
    assert_eq!(rows.len(), 30);
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    let selected = rows
        .iter()
        .filter(|r| r[col("status")] == "selected")
        .count();
    assert_eq!(selected, 11);
    let failed: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("status")] == "failed_gate")
        .collect();
    assert_eq!(failed.len(), 1);
    assert_eq!(failed[0][col("cluster_id")], "C25");
    assert!(failed[0][col("reason")].contains("主导产业占集群产值比重低于70%"));
    assert!(failed[0][col("reason")].contains("found 68.4"));
    let shortlisted = rows
        .iter()
        .filter(|r| r[col("stage_reached")] == "defence")
        .count();
    assert_eq!(shortlisted, 18);
    // The conflict of interest: R32 (邯郸市) and C10 (邯郸市).
    let flags = w.read("o/review_flags.csv");
    assert!(
        flags.contains("conflict_excluded,preliminary,R32,C10,"),
        "{flags}"
    );
    assert!(flags.contains("same city 同城回避 (邯郸市)"));
    // The boundary tie, explained in the report.
    let report = w.read("o/report.md");
    assert!(report.contains(
        "boundary tie: C17 (rank 11) and C19 (rank 12) have the same final score 70.26; the tie-break chain puts C17 first: ahead of it on 答辩 defence panel score (76.24 vs 75.22)"
    ), "{report}");
    assert!(report.contains("## 评审专家 Reviewers"));
    // Every panel of the preliminary review has an agreement line.
    let (_, agreement) = read_csv(&w.path("o/panel_agreement.csv"));
    assert_eq!(agreement.len(), 10);
}

#[test]
fn midterm_sample_exits_the_cluster_on_its_second_fail() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    let o = w.run(&["run", round.to_str().unwrap(), "--out", "o"]);
    assert_eq!(o.code, 0, "{}", o.all());
    let (h, rows) = read_csv(&w.path("o/decisions.csv"));
    let col = |n: &str| h.iter().position(|x| x == n).unwrap();
    assert_eq!(rows.len(), 11);
    let exits: Vec<&Vec<String>> = rows
        .iter()
        .filter(|r| r[col("outcome")] == "exit")
        .collect();
    assert_eq!(exits.len(), 1);
    assert_eq!(exits[0][col("cluster_id")], "HB08");
    assert!(exits[0][col("outcome_reason")].contains("2 fails in a row"));
    assert!(exits[0][col("history")].contains("2022 不合格 fail (warning)"));
}

#[test]
fn process_settings_are_checked_with_their_key_paths() {
    let w = WorkDir::new();
    mini(
        &w,
        &[("A", "保定市", "T", 90.0, 80.0)],
        &[],
        "",
        "[process]\nkind = \"competition\"\nquota = 1\ntie_break = [\"stage:nowhere\"]\n\n[[process.gates]]\nid = \"g\"\nfield = \"no_such_field\"\nop = \">=\"\nvalue = 1\nreason_zh = \"x\"\n\n[[process.stages]]\nid = \"s\"\nname_zh = \"阶段\"\nscore = { later = 1.0 }\n",
    );
    let o = w.run(&["check", "r"]);
    assert_eq!(o.code, 1);
    for e in [
        "column process.gates[1].field, value \"no_such_field\": not a field of the framework",
        "column process.stages[1].score.later, value \"later\": expected indicators, panel or the id of an earlier stage",
        "column process.tie_break[1], value \"stage:nowhere\": unknown key",
    ] {
        assert!(o.stdout.contains(e), "missing {e:?} in:\n{}", o.stdout);
    }
}

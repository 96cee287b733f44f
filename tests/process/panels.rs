//! Review panels: conflicts of interest, aggregation, standardisation
//! across tracks, Kendall's W against SciPy, and the located errors of a
//! faulty reviews file.

use super::{decisions, mini, status, C};
use crate::peers::peer_json;
use crate::tolerance::close;
use crate::workdir::{col, read_csv, read_keyed, Keyed, WorkDir};

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

/// Run the round; panel_scores.csv as cluster id -> column -> value.
fn panel_rows(w: &WorkDir) -> Keyed {
    w.ok(&["run", "r", "--out", "o"]);
    read_keyed(&w.path("o/panel_scores.csv"), "cluster_id")
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
    assert!(p["A"]["scores_excluded"].contains("P6=100 (same city (石家庄市))"));
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
        close(got, expect, 1e-6, id);
    }
    assert_eq!(p["C"]["panel_score"], "76.74");
    assert_eq!(p["B"]["panel_score"], "57.43");
}

#[test]
fn kendall_w_matches_scipy() {
    // Four reviewers, six clusters of one track (ties within reviewers P1
    // and P3). The scores, W, chi-square and p are SciPy's:
    // tests/reference/kendall_w_expected.json, printed by
    // tests/reference/kendall_w_scipy.py (run again when SciPy is there).
    let scipy = peer_json(
        "kendall_w_expected.json",
        "scipy",
        "kendall_w_scipy.py",
        &[],
    );
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
    let mut reviews = String::from("reviewer,cluster,stage,score\n");
    let rows = scipy["scores"].as_array().unwrap();
    assert_eq!(rows.len(), 4);
    for (r, row) in rows.iter().enumerate() {
        let row = row.as_array().unwrap();
        assert_eq!(row.len(), ids.len());
        for (c, s) in row.iter().enumerate() {
            reviews.push_str(&format!("P{},{},review,{s}\n", r + 1, ids[c]));
        }
    }
    w.write("r/reviews.csv", reviews);
    w.ok(&["run", "r", "--out", "o"]);
    let (h, rows) = read_csv(&w.path("o/panel_agreement.csv"));
    assert_eq!(rows.len(), 1);
    let get = |n: &str| rows[0][col(&h, n)].clone();
    let num = |n: &str| get(n).parse::<f64>().unwrap();
    let peer = |k: &str| scipy[k].as_f64().unwrap();
    close(num("kendall_w"), peer("W"), 1e-12, "W");
    close(num("chi2"), peer("chi2"), 1e-10, "chi2");
    close(num("p_value"), peer("p"), 1e-9, "p");
    assert_eq!(get("df"), scipy["df"].to_string());
    assert_eq!(get("df"), "5");
    assert_eq!(get("reviewers"), "4");
}

/// A panel round with one faulty reviews file; the run must refuse with a
/// located error and write nothing.
fn refuses(reviews: &str, expect: &[&str]) {
    let w = WorkDir::new();
    panel_round(&w, "min_scores = 3");
    w.write("r/reviews.csv", reviews);
    let o = w.fails(&["run", "r", "--out", "o"], 1);
    for e in expect {
        assert!(o.stderr.contains(e), "missing {e:?} in:\n{}", o.stderr);
    }
    assert!(!w.path("o").exists(), "nothing may be written");
    let c = w.fails(&["check", "r"], 1);
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
            "row 5, column cluster_id, value \"Z\": unknown cluster: not in the registry (clusters file)",
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

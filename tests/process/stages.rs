//! Gates, stages and advancement, the quota, caps and ties.

use super::{decisions, mini, status, ONE_STAGE};
use crate::workdir::{read_csv, WorkDir};

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
        d["B"]["reason_zh"].contains("主导产业占比低于70%"),
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
        .contains("第 3 名处并列，并列集群均晋级（4 个晋级）"));
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
    // The selection's own account of the tie is English (the Chinese
    // report summarises it and points to decisions.csv).
    w.ok(&["run", "r", "--out", "o_en", "--lang", "en"]);
    assert!(w
        .read("o_en/report.md")
        .contains("unresolved tie at the quota: B, C share rank 2 with 1 place(s) left"));
    assert!(w
        .read("o/report.md")
        .contains("名额或限额边界存在未决并列，由评审机构裁定"));
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
        d["B"]["tie_note"].contains("ahead of it on preliminary review score (70.00 vs 60.00)"),
        "{:?}",
        d["B"]
    );
    assert!(
        d["B"]["tie_note_zh"].contains("按初审得分领先（70.00 对 60.00）"),
        "{:?}",
        d["B"]
    );
    assert!(w
        .read("o/report.md")
        .contains("名额边界并列：B（第 2 名）与 C（第 3 名）"));
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
    let o = w.fails(&["check", "r"], 1);
    for e in [
        "column process.gates[1].field, value \"no_such_field\": not a field of the framework",
        "column process.stages[1].score.later, value \"later\": expected indicators, panel or the id of an earlier stage",
        "column process.tie_break[1], value \"stage:nowhere\": unknown key",
    ] {
        assert!(o.stdout.contains(e), "missing {e:?} in:\n{}", o.stdout);
    }
}

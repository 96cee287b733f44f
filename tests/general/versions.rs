//! `compare --framework A --framework B ROUND`: two versions of an index
//! scored on one round, per unit the scores, ranks and their changes,
//! checked by hand on the tiny round and against the pillar arithmetic
//! on ASEM.

use super::{tiny, FRAMEWORK};
use crate::tolerance::{close, Tol, SAME};
use crate::workdir::{col, read_csv, WorkDir};
use std::collections::BTreeMap;

/// compare_frameworks.csv by unit id: the row as a map header -> cell.
fn rows(w: &WorkDir, out: &str) -> BTreeMap<String, BTreeMap<String, String>> {
    let (h, rows) = read_csv(&w.path(&format!("{out}/compare_frameworks.csv")));
    rows.into_iter()
        .map(|r| {
            let id = r[col(&h, "单位编号 unit_id")].clone();
            (id, h.iter().cloned().zip(r).collect())
        })
        .collect()
}

fn num(row: &BTreeMap<String, String>, key: &str) -> f64 {
    row[key]
        .parse()
        .unwrap_or_else(|_| panic!("{key}: {:?}", row[key]))
}

#[test]
fn reweighting_an_indicator_by_hand() {
    let w = WorkDir::new();
    tiny(
        &w,
        "r",
        "current_year = 2023",
        "cluster_id,period,x,y\nA,2023,10,50\nB,2023,20,30\nC,2023,30,100\n",
    );
    // B: x 20 points instead of 60, y 80 instead of 40.
    w.write(
        "b.toml",
        FRAMEWORK
            .replace(
                "points = 60\nrule = \"minmax\"",
                "points = 20\nrule = \"minmax\"",
            )
            .replace(
                "points = 40\nrule = \"goalpost\"",
                "points = 80\nrule = \"goalpost\"",
            ),
    );
    let out = w.ok(&[
        "compare",
        "--framework",
        "r/framework.toml",
        "--framework",
        "b.toml",
        "r",
        "--out",
        "o",
        "--lang",
        "en",
    ]);
    // x by min-max over {10, 20, 30}: fractions A 0, B 0.5, C 1; y by
    // goalposts 0-100: A 0.5, B 0.3, C 1.
    // A: 60 x + 40 y: A 0 + 20 = 20, B 30 + 12 = 42, C 100; ranks C, B, A.
    // B: 20 x + 80 y: A 0 + 40 = 40, B 10 + 24 = 34, C 100; ranks C, A, B.
    // Differences B - A: A +20, B -8, C 0; rank changes A - B: A 3 - 2 =
    // +1, B 2 - 3 = -1, C 0; mean |change| 2/3, largest 1 (A and B).
    let got = rows(&w, "o");
    for (id, sa, sb, ra, rb) in [
        ("A", 20.0, 40.0, 3_i64, 2_i64),
        ("B", 42.0, 34.0, 2, 3),
        ("C", 100.0, 100.0, 1, 1),
    ] {
        let r = &got[id];
        close(num(r, "甲得分 score_a"), sa, SAME, format!("{id} score A"));
        close(num(r, "乙得分 score_b"), sb, SAME, format!("{id} score B"));
        close(
            num(r, "得分差 score_difference"),
            sb - sa,
            SAME,
            format!("{id} difference"),
        );
        close(
            num(r, "得分差绝对值 abs_score_difference"),
            (sb - sa).abs(),
            SAME,
            format!("{id} |difference|"),
        );
        assert_eq!(r["甲排名 rank_a"], ra.to_string(), "{id}");
        assert_eq!(r["乙排名 rank_b"], rb.to_string(), "{id}");
        assert_eq!(r["排名变化 rank_change"], (ra - rb).to_string(), "{id}");
        assert_eq!(
            r["排名变化绝对值 abs_rank_change"],
            (ra - rb).abs().to_string(),
            "{id}"
        );
        assert_eq!(r["参与情况 presence"], "both");
    }
    let text = out.stdout;
    assert!(
        text.contains("A Cluster A | 20.00 | 40.00 | +20.00 | 3 | 2 | +1"),
        "{text}"
    );
    assert!(
        text.contains("Mean absolute rank change: 0.67 (over 3 units ranked under both)"),
        "{text}"
    );
    assert!(text.contains("Largest absolute rank change: 1"), "{text}");
    assert!(
        text.contains("Units that move most: B Cluster B, A Cluster A"),
        "{text}"
    );
    // The Chinese text is wholly Chinese apart from ids, names and numbers.
    let zh = w.ok(&[
        "compare",
        "--framework",
        "r/framework.toml",
        "--framework",
        "b.toml",
        "r",
    ]);
    assert!(
        zh.stdout
            .contains("平均绝对排名变化：0.67（3 个两版均参与排名的单位）"),
        "{}",
        zh.stdout
    );
    assert!(!zh.stdout.contains("rank"), "{}", zh.stdout);
}

#[test]
fn a_unit_screened_out_under_one_version_is_listed_not_dropped() {
    let w = WorkDir::new();
    // A submits no x.
    tiny(
        &w,
        "r",
        "current_year = 2023",
        "cluster_id,period,x,y\nA,2023,,50\nB,2023,20,30\nC,2023,30,100\n",
    );
    // B screens out every unit without all its data.
    w.write(
        "b.toml",
        FRAMEWORK.replacen(
            "total_points = 100\n",
            "total_points = 100\n\n[screening]\nmin_availability = 1.0\n",
            1,
        ),
    );
    let out = w.ok(&[
        "compare",
        "--framework",
        "r/framework.toml",
        "--framework",
        "b.toml",
        "r",
        "--out",
        "o",
        "--lang",
        "en",
    ]);
    // A: x by min-max over {20, 30}: B 0, C 60, A no points; y: A 20,
    // B 12, C 40. Totals A 20, B 12, C 100; ranks C 1, A 2, B 3.
    // B: A screened out; B 12, C 100; ranks C 1, B 2.
    let got = rows(&w, "o");
    assert_eq!(got.len(), 3, "no unit dropped: {got:?}");
    let a = &got["A"];
    close(num(a, "甲得分 score_a"), 20.0, SAME, "A under A");
    assert_eq!(a["乙得分 score_b"], "");
    assert_eq!(a["乙排名 rank_b"], "");
    assert_eq!(a["排名变化 rank_change"], "");
    assert_eq!(a["参与情况 presence"], "a_only");
    assert_eq!(got["B"]["排名变化 rank_change"], "1");
    close(num(&got["B"], "乙得分 score_b"), 12.0, SAME, "B under B");
    assert!(
        out.stdout.contains(
            "Ranked under version A only (not scored or screened out under B): A Cluster A"
        ),
        "{}",
        out.stdout
    );
    assert!(out
        .stdout
        .contains("Mean absolute rank change: 0.50 (over 2 units ranked under both)"));
}

#[test]
fn compare_needs_two_frameworks() {
    let w = WorkDir::new();
    tiny(
        &w,
        "r",
        "current_year = 2023",
        "cluster_id,period,x,y\nA,2023,1,2\n",
    );
    let out = w.fails(&["compare", "--framework", "r/framework.toml", "r"], 1);
    assert!(
        out.stderr.contains("compare needs exactly two frameworks"),
        "{}",
        out.stderr
    );
}

/// ASEM under its equal weights (A) and with the Physical pillar weighted
/// 2 in Connectivity (B). Every aggregation is an arithmetic mean, so
/// under B Connectivity = (2 Physical + ConEcFin + Political + Instit +
/// P2P) / 6 of the pillars' score fractions, and the index = (Conn +
/// Sust) / 2 x 100: the test computes B's index from A's pillar scores
/// (scores.json of `run` under A) by that formula, and the ranks from it.
#[test]
fn asem_with_a_reweighted_pillar_against_the_pillar_arithmetic() {
    let w = WorkDir::new();
    let round = w.sample_round("asem");
    let fw = std::fs::read_to_string(round.join("framework.toml")).unwrap();
    let physical = "id = \"Physical\"\nparent = \"Conn\"\nname_zh = \"Physical\"\nname_en = \"Physical\"\nweight = 1\n";
    assert!(fw.contains(physical), "asem.toml's Physical pillar");
    w.write(
        "b.toml",
        fw.replace(physical, &physical.replace("weight = 1", "weight = 2")),
    );
    // A's pillar scores, from a run without the robustness analysis.
    let text = w.read("round/round.toml");
    let cut = text
        .find("[robustness]")
        .expect("asem round declares robustness");
    w.write("round/round.toml", &text[..cut]);
    w.ok(&["run", "round", "--out", "a"]);
    let json: serde_json::Value = serde_json::from_str(&w.read("a/scores.json")).unwrap();
    let mut want: Vec<(String, f64, f64)> = Vec::new(); // id, total A, total B
    for c in json["clusters"].as_array().unwrap() {
        let frac = |node: &str| {
            let s = c["subtotals"]
                .as_array()
                .unwrap()
                .iter()
                .find(|s| s["node"] == node)
                .unwrap_or_else(|| panic!("node {node}"));
            s["points"].as_f64().unwrap() / s["max"].as_f64().unwrap()
        };
        let conn_b = (2.0 * frac("Physical")
            + frac("ConEcFin")
            + frac("Political")
            + frac("Instit")
            + frac("P2P"))
            / 6.0;
        let total_b = (conn_b + frac("Sust")) / 2.0 * 100.0;
        want.push((
            c["cluster_id"].as_str().unwrap().to_string(),
            c["total"].as_f64().unwrap(),
            total_b,
        ));
    }
    assert_eq!(want.len(), 51, "ASEM has 51 countries");
    let rank_of = |k: usize, id: &str| {
        let pick = |t: &(String, f64, f64)| if k == 1 { t.1 } else { t.2 };
        let me = want.iter().find(|t| t.0 == id).unwrap();
        1 + want.iter().filter(|t| pick(t) > pick(me)).count()
    };
    w.ok(&[
        "compare",
        "--framework",
        "round/framework.toml",
        "--framework",
        "b.toml",
        "round",
        "--out",
        "o",
    ]);
    let got = rows(&w, "o");
    assert_eq!(got.len(), 51);
    let tol = Tol::rel(1e-9, 1e-9);
    let mut moved = 0;
    for (id, ta, tb) in &want {
        let r = &got[id];
        close(num(r, "甲得分 score_a"), *ta, tol, format!("{id} A"));
        close(num(r, "乙得分 score_b"), *tb, tol, format!("{id} B"));
        close(
            num(r, "得分差 score_difference"),
            tb - ta,
            tol,
            format!("{id} B - A"),
        );
        let (ra, rb) = (rank_of(1, id), rank_of(2, id));
        assert_eq!(r["甲排名 rank_a"], ra.to_string(), "{id}");
        assert_eq!(r["乙排名 rank_b"], rb.to_string(), "{id}");
        assert_eq!(
            r["排名变化 rank_change"],
            (ra as i64 - rb as i64).to_string(),
            "{id}"
        );
        moved += usize::from(ra != rb);
    }
    assert!(moved > 0, "doubling a pillar's weight moves some country");
}

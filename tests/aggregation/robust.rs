//! The robustness analysis's additions, on the hand case of `hand` (node d
//! = the total, x and y by goalposts 0–100, x weight 3, y weight 1) with a
//! fourth cluster D (10, 10) below everyone on both indicators:
//! a framework key declared uncertain by its key path, the located errors
//! of a bad key or value, the warning of a choice that cannot change
//! anything, and the pairwise probabilities.

use super::hand::round;
use crate::workdir::{col, read_csv, WorkDir};
use cluster_eval::diag::Diagnostics;
use cluster_eval::robust::config::parse;
use cluster_eval::{pipeline, rank, robust, score};

const ROWS: &str = "A,50,50\nB,80,20\nC,25,100\nD,10,10";

/// The warnings a run keeps (scores.json's diagnostics) are read there.
/// The hand round with D and a `[robustness]` section declaring `factor`.
fn with_robustness(w: &WorkDir, factor: &str) {
    round(w, "\"mean\"", ROWS);
    let mut c = w.read("r/clusters.csv");
    c.push_str("D,丁集群,Cluster D,石家庄市,高端装备\n");
    w.write("r/clusters.csv", c);
    let mut r = w.read("r/round.toml");
    r.push_str(&format!(
        "\n[robustness]\nreplications = 400\nseed = 7\nsobol_base = 0\npairwise = 4\n\n[[robustness.uncertain]]\n{factor}\n"
    ));
    w.write("r/round.toml", r);
}

#[test]
fn a_weight_by_its_key_path_gives_exactly_the_two_totals() {
    let w = WorkDir::new();
    with_robustness(&w, "key = \"indicator[x].weight\"\nvalues = [1, 3]");
    let mut d = Diagnostics::default();
    let round = pipeline::load(&w.path("r"), None, &mut d)
        .unwrap_or_else(|| panic!("{:?}", d.items))
        .round;
    let config = parse(
        round.robustness.as_ref().unwrap(),
        &round.framework,
        "round.toml",
        "robustness",
    )
    .unwrap_or_else(|d| panic!("{:?}", d.items));
    let excluded = vec![false; round.registry.len()];
    let scored = score::score_cohort(&round, &excluded).unwrap();
    let (ids, _) = scored.labels(&round);
    let standings = rank::rank(&round.framework, &scored, &ids);
    let p = robust::Prepared::new(&round.framework, &scored, &standings, &config);
    let mut work = p.model.work();
    let total = |work: &cluster_eval::rank::model::Work, id: &str| {
        work.totals[ids.iter().position(|x| x == id).unwrap()]
    };
    // u < 1/2 takes weight 1 (x and y half each): A 50, B 40 + 10 = 50,
    // C 12.5 + 50 = 62.5, D 10.
    p.replicate(&[0.25], &mut work);
    for (c, want) in [("A", 50.0), ("B", 50.0), ("C", 62.5), ("D", 10.0)] {
        assert!(
            (total(&work, c) - want).abs() < 1e-9,
            "weight 1: {c} {}",
            total(&work, c)
        );
    }
    // u >= 1/2 takes weight 3 (3/4 and 1/4): A 50, B 60 + 5 = 65,
    // C 18.75 + 25 = 43.75, D 10 — the official totals.
    p.replicate(&[0.75], &mut work);
    for (c, want) in [("A", 50.0), ("B", 65.0), ("C", 43.75), ("D", 10.0)] {
        assert!(
            (total(&work, c) - want).abs() < 1e-9,
            "weight 3: {c} {}",
            total(&work, c)
        );
    }
    for s in &standings {
        assert_eq!(
            work.totals[s.cluster].to_bits(),
            scored.scores.total(s.cluster).to_bits()
        );
    }
}

#[test]
fn pairwise_probabilities_agree_with_the_ranks() {
    let w = WorkDir::new();
    with_robustness(&w, "key = \"indicator[x].weight\"\nvalues = [1, 3]");
    w.ok(&["run", "r", "--out", "o"]);
    let (h, rows) = read_csv(&w.path("o/robustness_pairwise.csv"));
    assert_eq!(
        h,
        ["cluster_a", "cluster_b", "p_a_ahead", "p_b_ahead", "p_tie"]
    );
    // Official order B, A, C, D: 4 clusters, 6 pairs.
    assert_eq!(rows.len(), 6);
    let get = |a: &str, b: &str| -> [f64; 3] {
        let r = rows
            .iter()
            .find(|r| r[0] == a && r[1] == b)
            .unwrap_or_else(|| panic!("no pair {a} {b}: {rows:?}"));
        [
            r[2].parse().unwrap(),
            r[3].parse().unwrap(),
            r[4].parse().unwrap(),
        ]
    };
    for r in &rows {
        let p: Vec<f64> = r[2..5].iter().map(|x| x.parse().unwrap()).collect();
        assert!((p.iter().sum::<f64>() - 1.0).abs() < 1e-12, "{r:?}");
        // Each a count of the 400 replications.
        for x in &p {
            assert!((x * 400.0 - (x * 400.0).round()).abs() < 1e-9, "{r:?}");
        }
    }
    // D is below everyone on both indicators: behind in every replication.
    for a in ["B", "A", "C"] {
        assert_eq!(get(a, "D"), [1.0, 0.0, 0.0], "{a} vs D");
    }
    // Weight 3 (share q of the replications): B 65 > A 50 > C 43.75.
    // Weight 1: C 62.5 > A 50 = B 50. So B is ahead of A exactly when
    // it is ahead of C (share q), level with A otherwise; A is ahead of
    // C with share q too, and never level with it.
    let [ba, ab, tie] = get("B", "A");
    let [bc, cb, bc_tie] = get("B", "C");
    let [ac, ca, ac_tie] = get("A", "C");
    assert_eq!(ab, 0.0);
    assert_eq!(ba, bc);
    assert_eq!(ba, ac);
    assert_eq!((bc_tie, ac_tie), (0.0, 0.0));
    // The rest of the replications (counts: exact up to the division).
    for (x, what) in [
        (tie, "B level with A"),
        (cb, "C ahead of B"),
        (ca, "C ahead of A"),
    ] {
        assert!((x - (1.0 - ba)).abs() < 1e-12, "{what}: {x} vs 1 - {ba}");
    }
    // Both values are drawn: q is near a half.
    assert!(ba > 0.35 && ba < 0.65, "{ba}");
    // The report shows the matrix.
    let html = w.read("o/report.html");
    assert!(html.contains("id=\"pairwise\""), "no pairwise section");
    let (rh, rrows) = read_csv(&w.path("o/robustness.csv"));
    let d = rrows.iter().find(|r| r[0] == "D").unwrap();
    assert_eq!(d[col(&rh, "p95_rank")], "4");
}

#[test]
fn an_unknown_key_or_a_rejected_value_is_a_located_error() {
    let w = WorkDir::new();
    with_robustness(&w, "key = \"indicator[zz].hi\"\nvalues = [1, 2]");
    let all = w.fails(&["run", "r", "--out", "o"], 1).all();
    assert!(
        all.contains("robustness.uncertain[1].key")
            && all.contains("no [[indicator]] with id = \"zz\""),
        "{all}"
    );
    let w = WorkDir::new();
    with_robustness(&w, "key = \"indicator[x].lo\"\nvalues = [0, 200]");
    let all = w.fails(&["run", "r", "--out", "o"], 1).all();
    // lo = 200 above hi = 100: the framework's own check, located at the
    // value in round.toml.
    assert!(
        all.contains("robustness.uncertain[1].values")
            && all.contains("the framework rejects indicator[x].lo = 200"),
        "{all}"
    );
    assert!(!all.contains("lo = 0:"), "{all}");
}

#[test]
fn a_choice_that_cannot_change_anything_is_a_warning() {
    // Every indicator is a goalpost rule: no normalisation option applies.
    let w = WorkDir::new();
    with_robustness(
        &w,
        "choice = \"normalisation\"\noptions = [\"declared\", \"zscore\"]",
    );
    w.ok(&["run", "r", "--out", "o"]);
    let all = w.read("o/scores.json");
    assert!(
        all.contains("this uncertain choice cannot change anything")
            && all.contains("no indicator has a relative rule"),
        "{all}"
    );
    // A key whose values are all the same.
    let w = WorkDir::new();
    with_robustness(&w, "key = \"indicator[x].weight\"\nvalues = [2, 2]");
    w.ok(&["run", "r", "--out", "o"]);
    let all = w.read("o/scores.json");
    assert!(all.contains("its options are all the same"), "{all}");
    // A key whose values differ but cannot change the scores: y's hi from
    // 100 to 100.0 (the same number written otherwise).
    let w = WorkDir::new();
    with_robustness(&w, "key = \"indicator[y].hi\"\nvalues = [100, 100.0]");
    w.ok(&["run", "r", "--out", "o"]);
    let all = w.read("o/scores.json");
    assert!(
        all.contains("scores and weighs the cohort the same way"),
        "{all}"
    );
    // A key that does change the scores: no warning.
    let w = WorkDir::new();
    with_robustness(&w, "key = \"indicator[x].weight\"\nvalues = [1, 3]");
    w.ok(&["run", "r", "--out", "o"]);
    let all = w.read("o/scores.json");
    assert!(!all.contains("cannot change anything"), "{all}");
}

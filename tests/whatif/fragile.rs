//! `whatif --fragile` (issue 20, item 3) and the plausible range declared
//! in the framework: the fragile decisions of the hand-checked 4-cluster
//! round worked out by hand (below), the C17 / C19 tie at the quota line
//! of the competition sample, each flip verified by running the round
//! again with the value (the decision flips at it, not one grid step
//! before), a declared `upper` / `max_change` holding the search, and bad
//! `[whatif]` settings as located errors.
//!
//! The 4-cluster round (tests/whatif/data/round, four min-max indicators
//! of 25 points, grades at 85 / 75 / 60, totals graded at 2 decimals):
//!
//! | cluster | revenue | above_scale | rd_intensity | energy (lower) | total |
//! |---|---|---|---|---|---|
//! | A | 1340 → 17.5 | 285 → 1.25 | 3.70 (max) → 25 | 0.55 → 17.5 | 61.25 pass |
//! | B | 1700 (max) → 25 | 270 (min) → 0 | 3.10 → 20 | 0.50 → 20 | 65.00 pass |
//! | C | 800 → 6.25 | 300 → 2.5 | 1.00 → 2.5 | 0.40 → 25 | 36.25 fail |
//! | D | 500 → 0 | 570 → 25 | 0.70 → 0 | 0.90 → 0 | 25.00 fail |
//!
//! Within 2 points of a line: A only, 1.25 above the pass cut-off (60). A
//! loses 合格 when its total rounds below 60.00, i.e. when it loses more
//! than 1.255 points (61.25 − 59.995), one indicator at a time, worse:
//!
//! - revenue, 25 × Δ / 1200 > 1.255 ⇔ Δ > 60.24: 1279.75 (−4.50 %); at
//!   1279.76 the total is exactly 59.995, which rounds to 60.00;
//! - above_scale: at 270 A is the minimum with 0 points, total 60.00, and
//!   below it A stays the minimum: it never loses the grade alone;
//! - rd_intensity: A is the maximum; down to B's 3.10 A keeps 25 points;
//!   below, 25 × (x − 0.70) / 2.40 < 23.745 ⇔ x < 2.97952: 2.97
//!   (−19.73 %; at 2.98: 23.75 points, total 60.00);
//! - energy (lower is better, so worse is up): 25 × Δ / 0.5 > 1.255 ⇔
//!   Δ > 0.0251: 0.58 (+5.45 %).
//!
//! The smallest relative change is revenue's. With a margin of 10, B is
//! 5 above the pass cut-off (rd_intensity 3.10 → 2.49: 25 × 0.61 / 3 =
//! 5.083 > 5.005, at 2.50 exactly 5.00; energy needs +22 %, revenue −31 %)
//! and 10 below 良好 (75): only above_scale closes it: B is the minimum
//! (270), so raising it makes A's 285 the minimum, and B needs
//! 25 × (x − 285) / 285 ≥ 9.995 ⇔ x ≥ 398.94: 399 firms (+47.78 %),
//! 10 points, total 75.00 (at 398: 9.91, total 74.91).

use super::{copy_round, run_grades, scenario, with_value};
use crate::tolerance::close;
use crate::workdir::{col, read_csv, repo, WorkDir};
use cluster_eval::diag::Diagnostics;
use cluster_eval::pipeline;
use cluster_eval::process::gates::passes;
use cluster_eval::report::{fragile as fragile_text, Lang};
use cluster_eval::whatif::fragile::{Flip, Fragile, Line, Side};
use cluster_eval::whatif::search::Alone;
use cluster_eval::whatif::{Scenario, Target};

/// (cluster id, line, side, distance, the flip's indicator and value).
type Row = (String, Line, Side, f64, Option<(String, String)>);

fn scenario_at(round: &std::path::Path) -> Scenario {
    let mut d = Diagnostics::default();
    let l = pipeline::load(round, None, &mut d).expect("the round loads");
    assert!(!d.has_errors(), "{d:?}");
    Scenario::new(l.round, l.process).expect("the round scores")
}

fn cluster(s: &Scenario, id: &str) -> usize {
    s.round
        .registry
        .clusters
        .iter()
        .position(|c| c.id == id)
        .unwrap_or_else(|| panic!("no cluster {id}"))
}

fn indicator(s: &Scenario, id: &str) -> usize {
    s.round
        .framework
        .indicators
        .iter()
        .position(|i| i.id == id)
        .unwrap_or_else(|| panic!("no indicator {id}"))
}

fn grade(s: &Scenario, id: &str) -> usize {
    s.round
        .framework
        .grades
        .iter()
        .position(|g| g.id == id)
        .unwrap()
}

/// The flip's indicator id and needed value as the table shows it.
fn flip_shown(s: &Scenario, f: &Flip) -> (String, String) {
    let v = if f.step >= 1.0 {
        format!("{:.0}", f.needed)
    } else {
        format!("{:.2}", f.needed)
    };
    (s.round.framework.indicators[f.indicator].id.clone(), v)
}

#[test]
fn a_grade_flip_on_the_hand_checked_round() {
    let s = scenario();
    let a = cluster(&s, "A");
    let (pass, good) = (grade(&s, "pass"), grade(&s, "good"));
    let list = s.fragile(s.round.framework.whatif.fragile_margin);
    assert_eq!(list.len(), 1, "{list:#?}");
    let f = &list[0];
    assert_eq!(
        (f.cluster, f.line, f.side),
        (a, Line::GradeCut(pass), Side::Above)
    );
    assert_eq!(
        (f.score, f.line_score, f.distance_points),
        (61.25, 60.0, 1.25)
    );
    assert!(!f.tie && f.tied_with.is_empty());
    let flip = f.flip.as_ref().expect("a flip");
    assert_eq!(flip.cluster, a);
    assert_eq!(
        flip_shown(&s, flip),
        ("revenue".to_string(), "1279.75".to_string())
    );
    close(
        flip.change_pct().unwrap(),
        -60.25 / 1340.0 * 100.0,
        1e-9,
        "A: revenue change",
    );
    // Every indicator's own flip, by hand (module header).
    let all = s.flips(a, Line::GradeCut(pass), Side::Above);
    let shown: Vec<Option<String>> = all
        .iter()
        .map(|f| f.as_ref().map(|f| flip_shown(&s, f).1))
        .collect();
    assert_eq!(
        shown,
        vec![
            Some("1279.75".to_string()),
            None,
            Some("2.97".to_string()),
            Some("0.58".to_string())
        ]
    );
    // A margin of 10 adds B's two decisions.
    let list = s.fragile(10.0);
    let got: Vec<Row> = list
        .iter()
        .map(|f: &Fragile| {
            (
                s.round.registry.clusters[f.cluster].id.clone(),
                f.line,
                f.side,
                f.distance_points,
                f.flip.as_ref().map(|x| flip_shown(&s, x)),
            )
        })
        .collect();
    let some = |i: &str, v: &str| Some((i.to_string(), v.to_string()));
    assert_eq!(
        got,
        vec![
            (
                "A".into(),
                Line::GradeCut(pass),
                Side::Above,
                1.25,
                some("revenue", "1279.75")
            ),
            (
                "B".into(),
                Line::GradeCut(pass),
                Side::Above,
                5.0,
                some("rd_intensity", "2.49")
            ),
            (
                "B".into(),
                Line::GradeCut(good),
                Side::Below,
                10.0,
                some("above_scale", "399")
            ),
        ]
    );
}

#[test]
fn each_grade_flip_holds_when_the_round_is_run_again_and_not_one_step_before() {
    // (cluster, field, needed: grade, one grid step before: grade); the
    // totals by hand (module header).
    let cases = [
        (
            "A", "revenue", "1279.75", "fail", "59.99", "1279.76", "pass", "60.00",
        ),
        (
            "A",
            "rd_intensity",
            "2.97",
            "fail",
            "59.90",
            "2.98",
            "pass",
            "60.00",
        ),
        (
            "A",
            "energy_intensity",
            "0.58",
            "fail",
            "59.75",
            "0.57",
            "pass",
            "60.25",
        ),
        (
            "B",
            "rd_intensity",
            "2.49",
            "fail",
            "59.92",
            "2.50",
            "pass",
            "60.00",
        ),
        (
            "B",
            "above_scale",
            "399",
            "good",
            "75.00",
            "398",
            "pass",
            "74.91",
        ),
    ];
    let w = WorkDir::new();
    for (id, field, needed, flips_to, total, before, stays, total_before) in cases {
        for (value, grade, total) in [(needed, flips_to, total), (before, stays, total_before)] {
            copy_round(&w);
            with_value(&w, id, field, value);
            let rows = run_grades(&w);
            let me = rows.iter().find(|r| r.0 == id).unwrap();
            let shown = format!("{:.2}", me.1.parse::<f64>().unwrap());
            assert_eq!(
                (me.2.as_str(), shown.as_str()),
                (grade, total),
                "{id} with {field} = {value}: {rows:?}"
            );
        }
    }
}

/// The competition sample in a workdir, its indicators.csv with
/// `cluster`'s current value of `field` (a framework field id) set to
/// `value`; the status of every cluster after a run.
fn competition_with(w: &WorkDir, edit: Option<(&str, &str, &str)>) -> Vec<(String, String)> {
    w.sample_round("hebei-2022-competition");
    if let Some((cluster, field, value)) = edit {
        let fw = std::fs::read_to_string(w.path("round/framework.toml")).unwrap();
        let name_zh = fw
            .split("[[field]]")
            .find(|block| block.contains(&format!("id = \"{field}\"\n")))
            .and_then(|block| block.lines().find_map(|l| l.strip_prefix("name_zh = \"")))
            .and_then(|l| l.strip_suffix('"'))
            .unwrap_or_else(|| panic!("no field {field}"))
            .to_string();
        let (header, rows) = read_csv(&w.path("round/indicators.csv"));
        let c = header
            .iter()
            .position(|h| h.trim_start_matches('\u{feff}').starts_with(&name_zh))
            .unwrap();
        let mut text = header.join(",") + "\n";
        let mut done = false;
        for mut r in rows {
            if r[0].trim_start_matches('\u{feff}') == cluster && r[1] == "2021" {
                r[c] = value.to_string();
                done = true;
            }
            text += &(r.join(",") + "\n");
        }
        assert!(done, "no 2021 row of {cluster}");
        w.write("round/indicators.csv", text);
    }
    let _ = std::fs::remove_dir_all(w.path("out"));
    w.ok(&["run", "round", "--out", "out"]);
    let (h, rows) = read_csv(&w.path("out/decisions.csv"));
    let (id, status) = (col(&h, "cluster_id"), col(&h, "status"));
    rows.iter()
        .map(|r| (r[id].clone(), r[status].clone()))
        .collect()
}

fn status(rows: &[(String, String)], id: &str) -> String {
    rows.iter().find(|r| r.0 == id).unwrap().1.clone()
}

#[test]
fn the_competition_tie_at_the_quota_line_is_fragile_and_each_flip_is_verified() {
    let s = scenario_at(&repo().join("sample_data/hebei-2022-competition"));
    let (c17, c19) = (cluster(&s, "C17"), cluster(&s, "C19"));
    // Within 1.1 points of the quota line (the last selected, C17, at
    // 70.26): C17 and C19 on it, C10 (70.33), C09 (71.03), C07 (69.23).
    // C09's smallest flip is its leading share below the gate's 70 %.
    let list = s.fragile(1.1);
    let ids: Vec<(&str, Side, f64)> = list
        .iter()
        .map(|f| {
            assert_eq!(f.line, Line::Quota);
            assert_eq!(f.line_score, 70.26);
            (
                s.round.registry.clusters[f.cluster].id.as_str(),
                f.side,
                f.distance_points,
            )
        })
        .collect();
    assert_eq!(
        ids,
        vec![
            ("C17", Side::Above, 0.0),
            ("C19", Side::Below, 0.0),
            ("C10", Side::Above, 0.07),
            ("C09", Side::Above, 0.77),
            ("C07", Side::Below, 1.03),
        ]
    );
    let (f17, f19) = (&list[0], &list[1]);
    assert!(f17.tie && f19.tie);
    assert_eq!(f17.tied_with, vec![c19]);
    assert_eq!(f19.tied_with, vec![c17]);
    assert!(list[2..].iter().all(|f| !f.tie));
    let c09 = list[3].flip.as_ref().unwrap();
    assert_eq!(c09.gate.as_deref(), Some("leading_share"));
    assert_eq!(
        flip_shown(&s, c09),
        ("leading_share".into(), "69.99".into())
    );
    // The tie's flip is the smaller of the two clusters' own smallest
    // changes (C17 worse, C19 better), the same for both.
    let smallest = |c, side| {
        s.flips(c, Line::Quota, side)
            .into_iter()
            .flatten()
            .map(|f| f.change_pct().unwrap().abs())
            .fold(f64::INFINITY, f64::min)
    };
    let tie_flip = f17.flip.clone().expect("the tie has a flip");
    assert_eq!(f19.flip.as_ref(), Some(&tie_flip));
    let own = smallest(c17, Side::Above).min(smallest(c19, Side::Below));
    close(
        tie_flip.change_pct().unwrap().abs(),
        own,
        1e-12,
        "the tie's flip",
    );
    // Each flip, run again: at the needed value the decision flips (for a
    // tie, both clusters'); one grid step back toward the submitted value
    // it does not.
    let w = WorkDir::new();
    let base = competition_with(&w, None);
    assert_eq!(status(&base, "C17"), "selected");
    assert_eq!(status(&base, "C19"), "not_selected");
    for f in &list {
        let id = &s.round.registry.clusters[f.cluster].id;
        let Some(flip) = &f.flip else { continue };
        let Some(field) = s.round.framework.value_field(flip.indicator) else {
            // A value computed from several cells (an achievement): not
            // one cell to write.
            continue;
        };
        let field = &s.round.framework.fields[field].id;
        let mover = &s.round.registry.clusters[flip.cluster].id;
        let back = flip.needed - (flip.needed - flip.start).signum() * flip.step;
        if let Some(gate) = &flip.gate {
            // Left out at the gate (C09's leading share 74.20 → 69.99 <
            // 70): the next cluster would be shortlisted, and the sample
            // has no defence scores for it, so the round cannot be run
            // again; the gate's own test says it.
            let process = &s.plan.as_ref().unwrap().process;
            let g = process.gates.iter().find(|g| &g.id == gate).unwrap();
            assert!(!passes(&g.test, Some(flip.needed), None), "{id}: {gate}");
            assert!(passes(&g.test, Some(back), None), "{id}: {gate} at {back}");
            continue;
        }
        let at = |v: f64| {
            let text = if flip.step >= 1.0 {
                format!("{v:.0}")
            } else {
                format!("{v:.2}")
            };
            competition_with(&w, Some((mover, field, &text)))
        };
        let flipped = at(flip.needed);
        let kept = at(back);
        let clusters: Vec<&String> = std::iter::once(id)
            .chain(
                f.tied_with
                    .iter()
                    .map(|&t| &s.round.registry.clusters[t].id),
            )
            .collect();
        for c in clusters {
            assert_ne!(
                status(&flipped, c),
                status(&base, c),
                "{id}: {mover} {field} = {}: {c} should flip",
                flip.needed
            );
            assert_eq!(
                status(&kept, c),
                status(&base, c),
                "{id}: {mover} {field} = {back}: {c} should not flip yet"
            );
        }
    }
}

#[test]
fn the_fragile_command_lists_the_tie_in_one_language_at_a_time() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.ok(&["run", "round", "--out", "out"]);
    let en = w
        .ok(&[
            "whatif",
            "out",
            "--fragile",
            "--margin",
            "0.05",
            "--lang",
            "en",
        ])
        .stdout;
    assert!(en.starts_with(
        "Fragile decisions: the clusters within 0.05 points of a grade cut-off or of the quota line\n"
    ));
    assert!(
        en.lines().any(|l| l
            == "C17, C19 have the same score (70.26) on either side of the line: the decision rests on the tie-break, and a small change of any of them flips it."),
        "{en}"
    );
    let rows: Vec<&str> = en
        .lines()
        .filter(|l| l.starts_with('C') && l.contains(" | "))
        .collect();
    assert_eq!(rows.len(), 2, "{en}");
    assert!(
        rows[0].starts_with("C17 ")
            && rows[0].contains("| selected | quota line: 70.26 | 0.00 points above |"),
        "{en}"
    );
    assert!(
        rows[1].starts_with("C19 ")
            && rows[1].contains("| not selected | quota line: 70.26 | 0.00 points below |"),
        "{en}"
    );
    let zh = w
        .ok(&[
            "whatif",
            "out",
            "--fragile",
            "--margin",
            "0.05",
            "--lang",
            "zh",
        ])
        .stdout;
    assert!(
        zh.starts_with("易变的评定结果：距等级分数线或名额线 0.05 分以内的集群\n"),
        "{zh}"
    );
    assert!(
        zh.lines().any(|l| l
            == "C17、C19 得分相同（70.26），分列分界线两侧，结果取决于并列排序规则：其中任一集群的微小变化即可改变结果。"),
        "{zh}"
    );
    assert!(zh.contains("| 入选 | 名额线 70.26 | 高 0.00 分 |"), "{zh}");
    assert!(!zh.contains("selected") && !zh.contains("quota"), "{zh}");
    // A cluster with --fragile, or a negative margin, is refused.
    let out = w.fails(&["whatif", "out", "--fragile", "--margin", "-1"], 1);
    assert!(
        out.stderr.contains(
            "--margin -1: expected points from a grade cut-off or the quota line, 0 or more (e.g. 2)"
        ),
        "{}",
        out.all()
    );
    let out = w.run(&["whatif", "out", "C17", "--fragile"]);
    assert_ne!(out.code, 0, "{}", out.all());
}

#[test]
fn a_declared_upper_bound_holds_the_ceiling() {
    // The mid-term sample's leading_share (a share, upper = 100): HB09's
    // 89 % would reach 142.40 % at 30 % a year over two years; the
    // ceiling is 100.
    let s = scenario_at(&repo().join("sample_data/hebei-2024-midterm"));
    let hb09 = cluster(&s, "HB09");
    let j = indicator(&s, "leading_share");
    let row = s.single(hb09, j, Target::Grade(grade(&s, "pass")));
    let Alone::CannotCloseAlone { ceiling, .. } = row.alone else {
        panic!("{row:?}")
    };
    assert_eq!(ceiling, 100.0);
    assert_eq!(s.plausible_limit(j, 89.0, 1.0), 100.0);
    // On the 4-cluster round, revenue has no bound: A's 1340 reaches
    // 1340 × (1 + 0.3 × 2) = 2144. Declared: upper = 1500 holds it there,
    // and a field's own max_change = 0.1 gives 1340 × 1.2 = 1608; the
    // framework's [whatif] max_change = 0.5 gives above_scale 285 × 2 =
    // 570 and rd_intensity (max 100) 3.70 × 2 = 7.40.
    let w = WorkDir::new();
    copy_round(&w);
    let plain = scenario_at(&w.path("round"));
    let rev = indicator(&plain, "revenue");
    assert_eq!(plain.plausible_limit(rev, 1340.0, 1.0), 2144.0);
    let field = "id = \"revenue\"\nname_zh = \"主导产业营业收入\"\nname_en = \"Leading-industry revenue\"\n";
    w.edit(
        "round/framework.toml",
        field,
        &format!("{field}upper = 1500\n"),
    );
    let bounded = scenario_at(&w.path("round"));
    assert_eq!(bounded.plausible_limit(rev, 1340.0, 1.0), 1500.0);
    let row = bounded.single(0, rev, Target::Grade(grade(&bounded, "good")));
    let Alone::CannotCloseAlone { ceiling, .. } = row.alone else {
        panic!("{row:?}")
    };
    assert_eq!(ceiling, 1500.0);
    w.edit(
        "round/framework.toml",
        "upper = 1500\n",
        "max_change = 0.1\n",
    );
    w.edit(
        "round/framework.toml",
        "[[grade]]",
        "[whatif]\nmax_change = 0.5\n\n[[grade]]",
    );
    let own = scenario_at(&w.path("round"));
    assert_eq!(own.plausible_limit(rev, 1340.0, 1.0), 1608.0);
    assert_eq!(
        own.plausible_limit(indicator(&own, "above_scale"), 285.0, 1.0),
        570.0
    );
    assert_eq!(
        own.plausible_limit(indicator(&own, "rd_intensity"), 3.7, 1.0),
        7.4
    );
    // Down: energy 0.55 × max(1 − 0.5 × 2, 0) = 0, its declared min.
    assert_eq!(
        own.plausible_limit(indicator(&own, "energy_intensity"), 0.55, -1.0),
        0.0
    );
}

#[test]
fn bad_whatif_settings_are_located_errors() {
    let w = WorkDir::new();
    copy_round(&w);
    w.edit(
        "round/framework.toml",
        "[[grade]]",
        "[whatif]\nmax_change = -0.1\nfragile_margin = -2\nmargin = 3\n\n[[grade]]",
    );
    w.edit(
        "round/framework.toml",
        "kind = \"percent\"\n",
        "kind = \"percent\"\nlower = 5\nupper = 4\nmax_change = -1\n",
    );
    w.edit(
        "round/framework.toml",
        "kind = \"quantity\"\nmin = 0\n",
        "kind = \"quantity\"\nmin = 0\nupper = -1\n",
    );
    let out = w.run(&["check", "round"]);
    assert_eq!(out.code, 1, "{}", out.all());
    for line in [
        "error: round/framework.toml, column whatif.margin: unknown key; expected one of: max_change, fragile_margin",
        "error: round/framework.toml, column whatif.max_change, value \"-0.1\": must be a relative change a year, 0 or more (e.g. 0.3 for at most 30 % a year)",
        "error: round/framework.toml, column whatif.fragile_margin, value \"-2\": must be points from a grade cut-off or the quota line, 0 or more (e.g. 2)",
        "error: round/framework.toml, column field[3].max_change, value \"-1\": must be a relative change a year, 0 or more (e.g. 0.3 for at most 30 % a year)",
        "error: round/framework.toml, column field[3].lower, value \"5\": lower 5 is above upper 4: expected lower <= upper",
        "error: round/framework.toml, column field[4].upper, value \"-1\": upper -1 is below the field's min 0: no value could be planned",
    ] {
        assert!(
            out.stdout.lines().any(|l| l == line),
            "missing line:\n{line}\n--- got:\n{}",
            out.stdout
        );
    }
}

/// expected.json's "fragile" (reference.py, an independent brute force in
/// exact rationals, convention 7b): every decision within 10 points, every
/// indicator's first flipping value, and the smallest one.
#[test]
fn the_fragile_flips_are_what_the_reference_script_finds() {
    let s = scenario();
    let e = super::expected();
    let want = e["fragile"]["decisions"].as_array().unwrap();
    let margin = e["fragile"]["margin"].as_f64().unwrap();
    let got = s.fragile(margin);
    assert_eq!(got.len(), want.len(), "{got:#?}");
    for (f, w) in got.iter().zip(want) {
        let id = &s.round.registry.clusters[f.cluster].id;
        let what = format!("{id} {:?} {:?}", f.line, f.side);
        assert_eq!(id, w["cluster_id"].as_str().unwrap(), "{what}");
        let Line::GradeCut(g) = f.line else {
            panic!("{what}")
        };
        assert_eq!(s.round.framework.grades[g].id, w["line"].as_str().unwrap());
        let side = match f.side {
            Side::Above => "above",
            Side::Below => "below",
        };
        assert_eq!(side, w["side"].as_str().unwrap(), "{what}");
        assert_eq!(
            format!("{:.2}", f.distance_points),
            w["distance"].as_str().unwrap()
        );
        for (j, flip) in s.flips(f.cluster, f.line, f.side).iter().enumerate() {
            let ind = &s.round.framework.indicators[j].id;
            let want = w["flips"][ind.as_str()].as_str().map(str::to_string);
            let have = flip.as_ref().map(|x| flip_shown(&s, x).1);
            assert_eq!(have, want, "{what}: {ind}");
        }
        let smallest = &w["smallest"];
        let flip = f.flip.as_ref().expect("a flip");
        let (ind, needed) = flip_shown(&s, flip);
        assert_eq!(ind, smallest["indicator"].as_str().unwrap(), "{what}");
        assert_eq!(needed, smallest["needed_value"].as_str().unwrap(), "{what}");
        close(
            flip.change_pct().unwrap(),
            smallest["change_pct"].as_f64().unwrap(),
            1e-6,
            format!("{what}: change %"),
        );
    }
}

#[test]
fn a_change_that_fails_a_gate_flips_the_decision_and_the_gate_is_named() {
    // The 4-cluster round with a gate every cluster passes: above_scale
    // >= 270 (B is at 270). A's above_scale never costs it 合格 by the
    // score (module header); at 269 it fails the gate and is left out:
    // −5.61 %, more than revenue's −4.50 %, so the smallest stays revenue.
    let w = WorkDir::new();
    copy_round(&w);
    let gate = "\n[[process.gates]]\nid = \"size\"\nfield = \"above_scale\"\nop = \">=\"\nvalue = 270\nreason_zh = \"规上企业数不足270家\"\nreason_en = \"fewer than 270 enterprises above designated size\"\n";
    let text = w.read("round/round.toml") + gate;
    w.write("round/round.toml", text);
    let s = scenario_at(&w.path("round"));
    let a = cluster(&s, "A");
    let pass = Line::GradeCut(grade(&s, "pass"));
    let flips = s.flips(a, pass, Side::Above);
    let size = flips[indicator(&s, "above_scale")]
        .as_ref()
        .expect("a flip");
    assert_eq!((size.needed, size.gate.as_deref()), (269.0, Some("size")));
    assert!(flips[indicator(&s, "revenue")]
        .as_ref()
        .is_some_and(|f| f.gate.is_none() && flip_shown(&s, f).1 == "1279.75"));
    let list = s.fragile(2.0);
    assert_eq!(list.len(), 1);
    assert_eq!(flip_shown(&s, list[0].flip.as_ref().unwrap()).0, "revenue");
    // Run again: at 269 A fails the gate (left out of the ranking); at 270
    // it keeps 合格.
    with_value(&w, "A", "above_scale", "269");
    let rows = run_grades(&w);
    assert!(rows.iter().all(|r| r.0 != "A"), "{rows:?}");
    with_value(&w, "A", "above_scale", "270");
    let rows = run_grades(&w);
    assert_eq!(rows.iter().find(|r| r.0 == "A").unwrap().2, "pass");
    // The words name the gate, in each language.
    let mut shown = list[0].clone();
    shown.flip = Some(size.clone());
    let en = fragile_text::text(&s, 2.0, &[shown.clone()], Lang::En);
    assert!(
        en.contains("| above_scale Enterprises above designated size | 285 firms → 269 firms | -5.61% (fails the gate above_scale >= 270: left out)"),
        "{en}"
    );
    let zh = fragile_text::text(&s, 2.0, &[shown], Lang::Zh);
    assert!(
        zh.contains("| -5.61%（未通过资格条件 above_scale >= 270，不再参评）"),
        "{zh}"
    );
}

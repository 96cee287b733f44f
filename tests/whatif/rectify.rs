//! The rectification list (整改清单, issue 20) of `run`: who is on it, the
//! weakest indicators worked out here from trace.csv (medians computed in
//! this file, not by the engine), every plan verified by writing its
//! values into the input files and running the round again, whatif.csv
//! against scores.json, the section in the zh and en reports, and
//! `explain`.

use crate::tolerance::{close, SAME};
use crate::workdir::{col, read_csv, repo, WorkDir};
use cluster_eval::pipeline::{self, Options};
use cluster_eval::robust::config::{Mode, Request};
use serde_json::Value;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

fn sample(name: &str) -> String {
    repo().join("sample_data").join(name).display().to_string()
}

fn scores(dir: &Path) -> Value {
    serde_json::from_str(&std::fs::read_to_string(dir.join("scores.json")).unwrap()).unwrap()
}

fn list(r: &Value) -> &Vec<Value> {
    r["rectification"]
        .as_array()
        .expect("scores.json has the list")
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap_or_else(|| panic!("not a number: {v}"))
}

/// The median of `xs`, by hand: the middle value, or the mean of the two
/// middle ones.
fn median(mut xs: Vec<f64>) -> f64 {
    xs.sort_by(f64::total_cmp);
    let n = xs.len();
    if n % 2 == 1 {
        xs[n / 2]
    } else {
        (xs[n / 2 - 1] + xs[n / 2]) / 2.0
    }
}

/// (indicator, points, median, shortfall) of the weakest three of
/// `cluster`, from trace.csv alone.
fn weakest_from_trace(out: &Path, cluster: &str) -> Vec<(String, f64, f64, f64)> {
    let (h, rows) = read_csv(&out.join("trace.csv"));
    let (c, i, p) = (
        col(&h, "cluster_id"),
        col(&h, "indicator_id"),
        col(&h, "contribution"),
    );
    let mut order: Vec<String> = Vec::new();
    let mut points: BTreeMap<String, BTreeMap<String, f64>> = BTreeMap::new();
    for r in &rows {
        if !order.contains(&r[i]) {
            order.push(r[i].clone());
        }
        points
            .entry(r[i].clone())
            .or_default()
            .insert(r[c].clone(), r[p].parse().unwrap());
    }
    let mut weak: Vec<(String, f64, f64, f64)> = order
        .iter()
        .map(|ind| {
            let m = median(points[ind].values().copied().collect());
            let own = points[ind][cluster];
            (ind.clone(), own, m, m - own)
        })
        .filter(|w| w.3 > 1e-9)
        .collect();
    // Largest shortfall first; a stable sort keeps framework order on ties.
    weak.sort_by(|a, b| b.3.total_cmp(&a.3));
    weak.truncate(3);
    weak
}

#[test]
fn midterm_list_weakest_whatif_csv_reports_and_explain() {
    let w = WorkDir::new();
    w.ok(&["run", &sample("hebei-2024-midterm"), "--out", "zh"]);
    let out = w.path("zh");
    let r = scores(&out);
    // Every pass and fail cluster, and no good or excellent one.
    let (h, rows) = read_csv(&out.join("ranking.csv"));
    let (id, grade) = (col(&h, "cluster_id"), col(&h, "grade"));
    let low: BTreeSet<&str> = rows
        .iter()
        .filter(|x| x[grade] == "pass" || x[grade] == "fail")
        .map(|x| x[id].as_str())
        .collect();
    assert_eq!(low.len(), 9, "the sample has 4 pass and 5 fail clusters");
    let listed: BTreeSet<&str> = list(&r)
        .iter()
        .map(|e| e["cluster_id"].as_str().unwrap())
        .collect();
    assert_eq!(listed, low);
    for e in list(&r) {
        let g = e["standing"].as_str().unwrap();
        let want = if g == "pass" { "good" } else { "pass" };
        assert_eq!(e["target"]["grade"], want, "{e}");
    }

    // HB09's weakest three, by hand from trace.csv: revenue_progress (0
    // points, median 2.249), high_tech (0, median 1.883), patent_density
    // (0.949, median 2.343).
    let hand = weakest_from_trace(&out, "HB09");
    let ids: Vec<&str> = hand.iter().map(|w| w.0.as_str()).collect();
    assert_eq!(ids, ["revenue_progress", "high_tech", "patent_density"]);
    close(hand[0].2, 2.249, 0.001, "median of revenue_progress");
    for e in list(&r) {
        let cid = e["cluster_id"].as_str().unwrap();
        let hand = weakest_from_trace(&out, cid);
        let got = e["weakest"].as_array().unwrap();
        assert_eq!(got.len(), hand.len(), "{cid}");
        for (k, (g, h)) in got.iter().zip(&hand).enumerate() {
            assert_eq!(g["rank"], k + 1, "{cid}");
            assert_eq!(g["indicator"], h.0.as_str(), "{cid}");
            close(f(&g["points"]), h.1, SAME, format!("{cid} {} points", h.0));
            close(f(&g["median"]), h.2, SAME, format!("{cid} {} median", h.0));
            close(f(&g["shortfall"]), h.3, SAME, format!("{cid} {}", h.0));
        }
    }

    // whatif.csv: the same entries, one row per weak or moved indicator.
    let (h, rows) = read_csv(&out.join("whatif.csv"));
    assert_eq!(&h[..3], ["cluster_id", "name_zh", "name_en"]);
    let at = |name: &str| col(&h, name);
    for e in list(&r) {
        let cid = e["cluster_id"].as_str().unwrap();
        let mine: Vec<&Vec<String>> = rows.iter().filter(|x| x[0] == cid).collect();
        let moves = e["plan"]["moves"].as_array().cloned().unwrap_or_default();
        let weak = e["weakest"].as_array().unwrap();
        let mut indicators: BTreeSet<&str> = weak
            .iter()
            .map(|w| w["indicator"].as_str().unwrap())
            .collect();
        indicators.extend(moves.iter().map(|m| m["indicator"].as_str().unwrap()));
        assert_eq!(mine.len(), indicators.len().max(1), "{cid}");
        for row in &mine {
            assert_eq!(row[at("standing")], e["standing"].as_str().unwrap());
            assert_eq!(row[at("target")], e["target"]["grade"].as_str().unwrap());
            close(row[at("gap")].parse().unwrap(), f(&e["gap"]), SAME, "gap");
            assert_eq!(row[at("plan")], e["plan"]["code"].as_str().unwrap());
            let ind = &row[at("indicator_id")];
            match weak.iter().find(|w| w["indicator"] == ind.as_str()) {
                Some(w) => {
                    assert_eq!(row[at("weak_rank")], w["rank"].to_string());
                    let s: f64 = row[at("shortfall")].parse().unwrap();
                    close(s, f(&w["shortfall"]), SAME, format!("{cid} {ind}"));
                }
                None => assert_eq!(row[at("weak_rank")], "", "{cid} {ind}"),
            }
            match moves.iter().find(|m| m["indicator"] == ind.as_str()) {
                Some(m) => {
                    let p: f64 = row[at("planned")].parse().unwrap();
                    close(p, f(&m["planned"]), SAME, format!("{cid} {ind} planned"));
                    let s: f64 = row[at("submitted")].parse().unwrap();
                    close(s, f(&m["submitted"]), SAME, format!("{cid} {ind}"));
                    let c: f64 = row[at("change_pct")].parse().unwrap();
                    let want = (f(&m["planned"]) - s) / s.abs() * 100.0;
                    close(c, want, SAME, format!("{cid} {ind} change"));
                    close(
                        row[at("plan_total")].parse().unwrap(),
                        f(&e["plan"]["score"]),
                        SAME,
                        "plan score",
                    );
                }
                None => assert_eq!(row[at("planned")], "", "{cid} {ind}"),
            }
        }
    }
    let manifest = w.read("zh/manifest.json");
    assert!(manifest.contains("whatif.csv"), "the manifest lists it");

    // The reports: the section in Chinese, the cluster and its plan.
    let md = w.read("zh/report.md");
    assert!(md.contains("\n## 整改清单\n"), "zh report.md");
    assert!(md.contains("### HB09 沧州市石油装备及汽车零部件集群"));
    assert!(md.contains("不合格，得分 45.63；目标：等级“合格”；差距 14.37 分。"));
    assert!(md.contains("| 1 | revenue_progress 主导产业营业收入目标进度 | 0.00 | 2.25 | 2.25 |"));
    let html = w.read("zh/report.html");
    assert!(html.contains("<h2 id=\"rectification\">整改清单</h2>"));
    assert!(html.contains("id=\"r-HB09\""));
    // explain shows the entry; a good cluster has none.
    let text = w.ok(&["explain", "zh", "HB09"]).stdout;
    assert!(text.contains("整改清单："), "{text}");
    assert!(text.contains("1. revenue_progress 主导产业营业收入目标进度: 得分 0.00 / 中位数 2.25 / 低于中位数 2.25"), "{text}");
    let en = w.ok(&["explain", "zh", "HB09", "--lang", "en"]).stdout;
    assert!(en.contains("Rectification list:"), "{en}");
    assert!(
        en.contains("fail, score 45.63; target: the grade pass; gap 14.37 points."),
        "{en}"
    );
    let good = w.ok(&["explain", "zh", "HB02"]).stdout;
    assert!(!good.contains("整改清单"), "{good}");

    // The English report.
    w.ok(&[
        "run",
        &sample("hebei-2024-midterm"),
        "--out",
        "en",
        "--lang",
        "en",
    ]);
    let md = w.read("en/report.md");
    assert!(md.contains("\n## Rectification list\n"), "en report.md");
    assert!(md.contains("fail, score 45.63; target: the grade pass; gap 14.37 points."));
    assert!(w
        .read("en/report.html")
        .contains(">Rectification list</h2>"));
}

/// The input files of a copied round, edited in memory and written back.
struct Inputs {
    indicators: (Vec<String>, Vec<Vec<String>>),
    enterprises: (Vec<String>, Vec<Vec<String>>),
}

impl Inputs {
    fn read(round: &Path) -> Inputs {
        Inputs {
            indicators: read_csv(&round.join("indicators.csv")),
            enterprises: read_csv(&round.join("enterprises.csv")),
        }
    }

    fn write(&self, round: &Path) {
        for (file, (h, rows)) in [
            ("indicators.csv", &self.indicators),
            ("enterprises.csv", &self.enterprises),
        ] {
            let mut wr = csv::Writer::from_path(round.join(file)).unwrap();
            wr.write_record(h).unwrap();
            for r in rows {
                wr.write_record(r).unwrap();
            }
            wr.flush().unwrap();
        }
    }

    /// The cell of indicators.csv at spreadsheet row `row` (1: header).
    fn cell(&mut self, row: u64) -> &mut String {
        let v = col(&self.indicators.0, "value");
        &mut self.indicators.1[row as usize - 2][v]
    }

    fn add(&mut self, row: u64, by: f64) {
        let cell = self.cell(row);
        let now: f64 = cell.parse().unwrap();
        *cell = format!("{}", now + by);
    }

    /// Flip `n` of the cluster's enterprises from 否 to 是 in `column`.
    fn flag(&mut self, cluster: &str, column: &str, n: usize) {
        let (h, rows) = &mut self.enterprises;
        let (c, k) = (col(h, "集群编号"), col(h, column));
        let mut left = n;
        for r in rows.iter_mut().filter(|r| r[c] == cluster && r[k] == "否") {
            if left == 0 {
                break;
            }
            r[k] = "是".into();
            left -= 1;
        }
        assert_eq!(
            left, 0,
            "{cluster} has too few enterprises to flag {column}"
        );
    }
}

/// The roster column a count field counts (`where` of the framework).
fn flag_column(field: &str) -> &'static str {
    match field {
        "little_giant" => "专精特新小巨人",
        "single_champion" => "制造业单项冠军",
        "high_tech" => "国家高新技术企业",
        "listed" => "上市企业",
        other => panic!("no roster flag for {other}"),
    }
}

/// Write the planned value of indicator `t` (its trace in scores.json) of
/// `cluster` into the inputs, at least as high (every planned indicator of
/// the sample is higher-is-better; counts are rounded up to whole units).
fn write_planned(inp: &mut Inputs, cluster: &str, t: &Value, submitted: f64, planned: f64) {
    let inputs = t["inputs"].as_array().unwrap();
    let formula = &t["formula"];
    let row = |k: usize| inputs[k]["row"].as_u64().unwrap();
    let field = |k: usize| inputs[k]["field"].as_str().unwrap();
    match formula["code"].as_str().unwrap() {
        "as_submitted" if row(0) > 0 => *inp.cell(row(0)) = format!("{planned}"),
        "as_submitted" if field(0) == "rd_intensity" => {
            // Σ rd / Σ revenue over the above-size enterprises: every R&D
            // figure of those scaled by planned / submitted (and a hair
            // more, so that rounding cannot leave it short).
            let factor = planned / submitted * (1.0 + 1e-9);
            let (h, rows) = &mut inp.enterprises;
            let (c, above, rd) = (
                col(h, "集群编号"),
                col(h, "规上企业"),
                col(h, "研发投入（万元）"),
            );
            for r in rows
                .iter_mut()
                .filter(|r| r[c] == cluster && r[above] == "是")
            {
                if let Ok(x) = r[rd].parse::<f64>() {
                    r[rd] = format!("{}", x * factor);
                }
            }
        }
        "achievement" if row(0) > 0 => {
            let target = f(&formula["target"]);
            *inp.cell(row(0)) = format!("{}", planned * target / 100.0);
        }
        "weighted_count" => {
            let terms = formula["terms"].as_array().unwrap();
            // A term of the submissions first, else the roster's term with
            // the smallest multiplier.
            let k = (0..terms.len())
                .find(|&k| row(k) > 0)
                .or_else(|| {
                    (0..terms.len()).min_by(|&a, &b| {
                        f(&terms[a]["multiplier"]).total_cmp(&f(&terms[b]["multiplier"]))
                    })
                })
                .unwrap();
            let n = ((planned - submitted) / f(&terms[k]["multiplier"]) - 1e-9).ceil();
            if row(k) > 0 {
                inp.add(row(k), n);
            } else {
                inp.flag(cluster, flag_column(field(k)), n as usize);
            }
        }
        "ratio" if field(0) == "valid_patents" => {
            // patents / revenue: patents added to the cluster's first
            // enterprise with a patent count.
            let den = f(&formula["denominator"]);
            let num = f(&formula["numerator"]);
            let more = (planned * den - num - 1e-9).ceil();
            let (h, rows) = &mut inp.enterprises;
            let (c, p) = (col(h, "集群编号"), col(h, "有效发明专利数"));
            let r = rows
                .iter_mut()
                .find(|r| r[c] == cluster && r[p].parse::<f64>().is_ok())
                .unwrap();
            r[p] = format!("{}", r[p].parse::<f64>().unwrap() + more);
        }
        other => panic!("{cluster}: cannot write a planned value for {other}: {t}"),
    }
}

/// The grade index (0 = best) of `cluster` when `round` is run again (the
/// list itself is not computed: it is not what is checked).
fn grade_after(round: &Path, cluster: &str, grades: &[String]) -> usize {
    let options = Options {
        robustness: Request {
            mode: Mode::CheckOnly,
            ..Request::default()
        },
        rectification: false,
        ..Options::default()
    };
    let result = match pipeline::evaluate(round, &options) {
        Ok(r) => r,
        Err(e) => panic!("{cluster}: the round with the plan does not run: {e:?}"),
    };
    let c = result
        .clusters
        .iter()
        .find(|c| c.cluster_id == cluster)
        .unwrap();
    let g = c.grade.as_ref().expect("graded").id.clone();
    grades.iter().position(|x| *x == g).unwrap()
}

#[test]
fn every_midterm_plan_reaches_its_target_when_the_round_is_run_again() {
    let w = WorkDir::new();
    w.ok(&["run", &sample("hebei-2024-midterm"), "--out", "out"]);
    let r = scores(&w.path("out"));
    let grades: Vec<String> = r["grades"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_string())
        .collect();
    let round = w.sample_round("hebei-2024-midterm");
    let pristine = Inputs::read(&round);
    let mut checked = 0;
    for e in list(&r) {
        let cid = e["cluster_id"].as_str().unwrap();
        let target = grades
            .iter()
            .position(|g| e["target"]["grade"] == g.as_str())
            .unwrap();
        let before = grades
            .iter()
            .position(|g| e["standing"] == g.as_str())
            .unwrap();
        assert!(before > target, "{cid}: the target is higher");
        if e["plan"]["code"] != "found" {
            assert_eq!(e["plan"]["code"], "no_plan", "{cid}");
            continue;
        }
        let trace = r["clusters"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["cluster_id"] == cid)
            .unwrap();
        let mut inp = Inputs::read(&round);
        for m in e["plan"]["moves"].as_array().unwrap() {
            let ind = m["indicator"].as_str().unwrap();
            let t = trace["indicators"]
                .as_array()
                .unwrap()
                .iter()
                .find(|t| t["indicator"] == ind)
                .unwrap();
            write_planned(&mut inp, cid, t, f(&m["submitted"]), f(&m["planned"]));
        }
        inp.write(&round);
        let after = grade_after(&round, cid, &grades);
        assert!(
            after <= target,
            "{cid}: with its plan graded {} (wanted {})",
            grades[after],
            grades[target]
        );
        pristine.write(&round);
        checked += 1;
    }
    assert_eq!(checked, 8, "every plan of the sample but HB06's (no plan)");
    // The pristine inputs give the grades as before.
    assert_eq!(grade_after(&round, "HB09", &grades), 3);
}

#[test]
fn competition_list_is_the_shortlisted_not_selected() {
    let w = WorkDir::new();
    w.ok(&[
        "run",
        &sample("hebei-2022-competition"),
        "--out",
        "out",
        "--lang",
        "en",
    ]);
    let r = scores(&w.path("out"));
    let (h, rows) = read_csv(&w.path("out/decisions.csv"));
    let (id, status, stage) = (
        col(&h, "cluster_id"),
        col(&h, "status"),
        col(&h, "stage_reached"),
    );
    let want: Vec<&str> = rows
        .iter()
        .filter(|x| x[status] == "not_selected" && x[stage] == "defence")
        .map(|x| x[id].as_str())
        .collect();
    let got: Vec<&str> = list(&r)
        .iter()
        .map(|e| e["cluster_id"].as_str().unwrap())
        .collect();
    assert_eq!(got, want, "in decision order");
    assert_eq!(got.len(), 7);
    // C19 ties C17 at the quota line (70.26) and loses on the defence
    // panel: a gap of 0.00 points, and a plan that puts it above.
    let c19 = &list(&r)[0];
    assert_eq!(c19["cluster_id"], "C19");
    assert_eq!(c19["target"]["kind"], "quota");
    close(f(&c19["gap"]), 0.0, SAME, "C19's gap");
    assert_eq!(c19["plan"]["code"], "found");
    assert!(f(&c19["plan"]["score"]) > 70.26, "{c19}");
    let md = w.read("out/report.md");
    assert!(md.contains("### C19 "), "{md}");
    assert!(md.contains(
        "not selected, score 70.26; target: selection (the quota line); gap 0.00 points."
    ));
}

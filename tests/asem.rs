//! The ASEM case: reproduce COINr's published index stage by stage
//! (../shared/validation/asem, copied to tests/data/asem with its source
//! and licence noted in sample_data/asem/README.md).

use crate::tolerance::{close, Tol};
use crate::workdir::{col, read_csv, repo, WorkDir};
use serde_json::Value;
use std::collections::BTreeMap;

fn expected(name: &str) -> (Vec<String>, BTreeMap<String, Vec<String>>) {
    let (h, rows) = read_csv(&repo().join(format!("tests/data/asem/expected_{name}.csv")));
    let map = rows.into_iter().map(|r| (r[0].clone(), r)).collect();
    (h, map)
}

fn num(s: &str) -> Option<f64> {
    match s {
        "" | "NA" => None,
        x => Some(x.parse().unwrap()),
    }
}

/// COINr's published values have about seven significant digits.
const COINR: Tol = Tol::rel(1e-6, 1e-9);

struct Run {
    json: Value,
    _w: WorkDir,
}

fn run() -> Run {
    let w = WorkDir::new();
    let dir = repo().join("sample_data/asem");
    w.ok(&["run", dir.to_str().unwrap(), "--out", "out"]);
    let json = serde_json::from_str(&w.read("out/scores.json")).unwrap();
    Run { json, _w: w }
}

fn cluster<'a>(json: &'a Value, code: &str) -> &'a Value {
    json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["cluster_id"] == code)
        .unwrap()
}

fn indicator<'a>(c: &'a Value, code: &str) -> &'a Value {
    c["indicators"]
        .as_array()
        .unwrap()
        .iter()
        .find(|t| t["indicator"] == code)
        .unwrap()
}

/// Compare one stage: `field` of every unit x indicator with the file.
fn stage(json: &Value, file: &str, field: &str) -> usize {
    let (h, rows) = expected(file);
    let mut compared = 0;
    for (code, row) in &rows {
        let c = cluster(json, code);
        for (k, col) in h.iter().enumerate().skip(1) {
            let want = num(&row[k]);
            let got = indicator(c, col)[field].as_f64();
            match (want, got) {
                (None, None) => {}
                (Some(w), Some(g)) => {
                    close(g, w, COINR, format_args!("{file} {code} {col} vs COINr"))
                }
                _ => panic!("{file} {code} {col}: {got:?} vs COINr {want:?}"),
            }
            compared += 1;
        }
    }
    compared
}

#[test]
fn every_stage_matches_coinr() {
    let r = run();
    assert!(
        r.json["screened"].as_array().unwrap().is_empty(),
        "no unit is screened out"
    );
    assert_eq!(stage(&r.json, "denominated", "value"), 51 * 49);
    assert_eq!(stage(&r.json, "imputed", "imputed_value"), 51 * 49);
    assert_eq!(stage(&r.json, "treated", "treated"), 51 * 49);
    assert_eq!(stage(&r.json, "normalised", "normalised"), 51 * 49);
}

#[test]
fn treatment_log_matches_coinr() {
    let r = run();
    let (h, rows) = expected("treatment_log");
    let col = |n: &str| col(&h, n);
    let logs: BTreeMap<String, &Value> = r.json["treatment"]
        .as_array()
        .unwrap()
        .iter()
        .map(|t| (t["indicator"].as_str().unwrap().to_string(), t))
        .collect();
    assert_eq!(logs.len(), 49);
    let mut winsorised = 0;
    for (code, row) in &rows {
        let t = logs[code];
        assert_eq!(
            t["passed_before"].as_bool().unwrap(),
            row[col("check_SkewKurt0.Pass")] == "TRUE",
            "{code}"
        );
        close(
            t["skew_before"].as_f64().unwrap(),
            num(&row[col("check_SkewKurt0.Skew")]).unwrap(),
            COINR,
            format_args!("{code} skew"),
        );
        close(
            t["kurtosis_before"].as_f64().unwrap(),
            num(&row[col("check_SkewKurt0.Kurt")]).unwrap(),
            COINR,
            format_args!("{code} kurt"),
        );
        match num(&row[col("winsorise.nwin")]) {
            None => assert_eq!(t["winsorised"], 0, "{code}"),
            Some(n) => {
                winsorised += 1;
                assert_eq!(
                    t["winsorised"].as_f64().unwrap(),
                    n,
                    "{code} points winsorised"
                );
                assert_eq!(
                    t["passed_after"].as_bool().unwrap(),
                    row[col("check_SkewKurt1.Pass")] == "TRUE",
                    "{code}"
                );
                close(
                    t["skew_after"].as_f64().unwrap(),
                    num(&row[col("check_SkewKurt1.Skew")]).unwrap(),
                    COINR,
                    format_args!("{code}"),
                );
                close(
                    t["kurtosis_after"].as_f64().unwrap(),
                    num(&row[col("check_SkewKurt1.Kurt")]).unwrap(),
                    COINR,
                    format_args!("{code}"),
                );
            }
        }
        // COINr's log has no third check: no indicator fell back to the log.
        assert_eq!(t["log"], false, "{code}");
    }
    assert_eq!(winsorised, 15);
    // Each winsorised point is flagged in the trace; Bord had 3 (by COINr).
    let flagged = r.json["clusters"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| {
            indicator(c, "Bord")["treatment"]
                .as_str()
                .unwrap()
                .starts_with("winsorised")
        })
        .count();
    assert_eq!(flagged, 3);
}

#[test]
fn every_aggregate_and_the_ranking_match_coinr() {
    let r = run();
    let (h, rows) = expected("aggregated");
    let nodes: BTreeMap<String, f64> = r.json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["points"].as_f64().unwrap(),
            )
        })
        .collect();
    for (code, row) in &rows {
        let c = cluster(&r.json, code);
        for (k, col) in h.iter().enumerate().skip(1) {
            let want = num(&row[k]).unwrap();
            let got = if col == "Index" {
                c["total"].as_f64().unwrap()
            } else if let Some(max) = nodes.get(col) {
                let sub = c["subtotals"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .find(|s| s["node"] == col.as_str())
                    .unwrap();
                sub["points"].as_f64().unwrap() / max * 100.0
            } else {
                indicator(c, col)["normalised"].as_f64().unwrap()
            };
            close(got, want, COINR, format_args!("{code} {col} vs COINr"));
        }
    }
    // Ranks: ties go to the lowest shared rank, as in the reference.
    let index = col(&h, "Index");
    let scores: Vec<(String, f64)> = rows
        .iter()
        .map(|(k, r)| (k.clone(), num(&r[index]).unwrap()))
        .collect();
    for (code, s) in &scores {
        let want = 1 + scores.iter().filter(|(_, o)| o > s).count();
        assert_eq!(
            cluster(&r.json, code)["rank"].as_u64().unwrap() as usize,
            want,
            "rank of {code}"
        );
    }
    let top: Vec<&str> = r.json["clusters"].as_array().unwrap()[..3]
        .iter()
        .map(|c| c["cluster_id"].as_str().unwrap())
        .collect();
    assert_eq!(top, ["CHE", "NLD", "DNK"]);
}

#[test]
fn screening_drops_a_unit_below_the_threshold_and_says_so() {
    // Blank 10 of AUT's 49 indicators (availability 39/49 < 0.9) and screen
    // on the submitted values.
    let w = WorkDir::new();
    let src = repo().join("sample_data/asem");
    std::fs::create_dir_all(w.path("asem")).unwrap();
    for f in ["iData.csv", "round.toml"] {
        std::fs::copy(src.join(f), w.path("asem").join(f)).unwrap();
    }
    let fw = std::fs::read_to_string(repo().join("indicators/asem.toml")).unwrap();
    w.write(
        "asem/fw.toml",
        fw.replace("on = \"imputed\"", "on = \"raw\""),
    );
    w.edit("asem/round.toml", "../../indicators/asem.toml", "fw.toml");
    let data = w.read("asem/iData.csv");
    let out: Vec<String> = data
        .lines()
        .map(|l| {
            if l.starts_with("\"Austria\"") {
                let mut cells: Vec<&str> = l.split(',').collect();
                for c in cells.iter_mut().skip(11).take(10) {
                    *c = "";
                }
                cells.join(",")
            } else {
                l.to_string()
            }
        })
        .collect();
    w.write("asem/iData.csv", out.join("\n") + "\n");
    w.ok(&["run", "asem", "--out", "out"]);
    let json: Value = serde_json::from_str(&w.read("out/scores.json")).unwrap();
    // Expected, counted straight from the edited file and iMeta.csv: a
    // unit's availability is the share of its 49 indicators whose cell, and
    // denominator cell if it has one, is not blank.
    let (h, rows) = read_csv(&w.path("asem/iData.csv"));
    let (mh, meta) = read_csv(&src.join("iMeta.csv"));
    let mcol = |n: &str| col(&mh, n);
    let col = |n: &str| col(&h, n);
    let inds: Vec<(usize, Option<usize>)> = meta
        .iter()
        .filter(|m| m[mcol("Type")] == "Indicator")
        .map(|m| {
            let den = &m[mcol("Denominator")];
            (col(&m[mcol("iCode")]), (!den.is_empty()).then(|| col(den)))
        })
        .collect();
    assert_eq!(inds.len(), 49);
    let mut want: BTreeMap<String, f64> = BTreeMap::new();
    for r in &rows {
        let have = inds
            .iter()
            .filter(|(c, d)| !r[*c].is_empty() && d.is_none_or(|d| !r[d].is_empty()))
            .count();
        let a = have as f64 / 49.0;
        if a < 0.9 {
            want.insert(r[1].clone(), a);
        }
    }
    assert!(want.contains_key("AUT") && want.len() > 1);
    let screened = json["screened"].as_array().unwrap();
    let got: BTreeMap<String, f64> = screened
        .iter()
        .map(|s| {
            (
                s["cluster_id"].as_str().unwrap().to_string(),
                s["availability"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        got.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (k, a) in &want {
        close(got[k], *a, 1e-12, k);
    }
    close(got["AUT"], 39.0 / 49.0, 1e-12, "AUT");
    assert_eq!(json["clusters"].as_array().unwrap().len(), 51 - want.len());
    assert!(w.read("out/report.md").contains("Austria (AUT): 79.6%"));
}

//! `diff A B`: a corrected cell, a late submission and a reweighting,
//! each run through the binary on a copy of the mid-term sample. Every
//! cluster's parts must add up to the change of its total, the totals must
//! be those of the two runs' ranking.csv, and each kind of change must land
//! in its own part: a corrected value in the cluster's own part, a late
//! submission in the others' cohort part, a reweighting in the framework
//! part, where it is checked against the points of run A by hand
//! (moving one point from `revenue_progress` to `revenue_scale`, both
//! under `scale`, changes a cluster's total by its fraction of
//! `revenue_scale` minus its fraction of `revenue_progress`).

use crate::workdir::{read_keyed, Keyed, WorkDir};
use std::io::Read;

/// The text of report.docx's body (the runs of document.xml, tags out).
fn docx_text(path: &std::path::Path) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    let mut xml = String::new();
    zip.by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    let mut text = String::new();
    let mut in_tag = false;
    for c in xml.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

fn f(row: &std::collections::BTreeMap<String, String>, c: &str) -> f64 {
    row[c]
        .parse()
        .unwrap_or_else(|_| panic!("{c} = {:?}", row[c]))
}

/// Run the round into `a`, apply `change`, run into `b`, diff into `d`
/// with the expected exit code; returns (clusters, indicators, stdout).
fn diffed(w: &WorkDir, change: impl FnOnce(&WorkDir), code: i32) -> (Keyed, Vec<Keyed>, String) {
    w.sample_round("hebei-2024-midterm");
    w.ok(&["run", "round", "--out", "a"]);
    change(w);
    w.ok(&["run", "round", "--out", "b"]);
    let out = w.run(&["diff", "a", "b", "--out", "d"]);
    assert_eq!(out.code, code, "{}", out.all());
    let clusters = read_keyed(&w.path("d/diff_clusters.csv"), "cluster_id");
    // Totals are those of the two runs.
    let (ra, rb) = (
        read_keyed(&w.path("a/ranking.csv"), "cluster_id"),
        read_keyed(&w.path("b/ranking.csv"), "cluster_id"),
    );
    for (id, c) in &clusters {
        if let Some(r) = ra.get(id) {
            assert!(
                (f(c, "total_a") - f(r, "total")).abs() < 1e-5,
                "{id} total_a"
            );
        }
        if let Some(r) = rb.get(id) {
            assert!(
                (f(c, "total_b") - f(r, "total")).abs() < 1e-5,
                "{id} total_b"
            );
        }
        if c["own"].is_empty() {
            continue;
        }
        let parts = f(c, "own") + f(c, "cohort") + f(c, "framework");
        assert!(
            (parts - f(c, "change")).abs() < 1e-9,
            "{id}: parts {parts} vs change {}",
            f(c, "change")
        );
    }
    // Per indicator, the parts add up too, and to the cluster's parts.
    let (h, rows) = crate::workdir::read_csv(&w.path("d/diff_indicators.csv"));
    let ind: Vec<Keyed> = vec![rows
        .into_iter()
        .enumerate()
        .map(|(k, r)| (k.to_string(), h.iter().cloned().zip(r).collect()))
        .collect()];
    for (id, c) in clusters.iter().filter(|(_, c)| !c["own"].is_empty()) {
        let mine: Vec<_> = ind[0].values().filter(|r| r["cluster_id"] == *id).collect();
        for part in ["own", "cohort", "framework"] {
            let sum: f64 = mine.iter().map(|r| f(r, part)).sum();
            assert!((sum - f(c, part)).abs() < 1e-9, "{id} {part}");
        }
        for r in &mine {
            let parts = f(r, "own") + f(r, "cohort") + f(r, "framework");
            let change =
                r["points_b"].parse().unwrap_or(0.0) - r["points_a"].parse().unwrap_or(0.0);
            assert!((parts - change).abs() < 1e-9, "{id} {}", r["indicator_id"]);
        }
    }
    (clusters, ind, out.stdout)
}

#[test]
fn a_corrected_cell_is_named_and_lands_in_the_clusters_own_part() {
    let w = WorkDir::new();
    let (clusters, _, text) = diffed(
        &w,
        |w| {
            w.edit(
                "round/indicators.csv",
                "HB01,revenue,2023,1081.09",
                "HB01,revenue,2023,1181.09",
            )
        },
        0,
    );
    assert!(
        text.contains("indicators.csv, row 3, column D (value): 1081.09 → 1181.09"),
        "{text}"
    );
    let hb01 = &clusters["HB01"];
    assert!(f(hb01, "change") > 1.0, "{hb01:?}");
    assert_eq!(f(hb01, "own"), f(hb01, "change"));
    for (id, c) in clusters.iter().filter(|(_, c)| !c["own"].is_empty()) {
        assert_eq!(f(c, "framework"), 0.0, "{id}");
        if id != "HB01" {
            assert_eq!(f(c, "change"), 0.0, "{id}: nobody else moves");
        }
    }
    assert!(
        text.contains("No cluster's rank or decision changed."),
        "{text}"
    );
}

#[test]
fn a_late_submission_moves_the_others_through_the_cohort() {
    let w = WorkDir::new();
    let (clusters, _, text) = diffed(
        &w,
        |w| {
            // HB13 arrives late: HB02's values, revenue and counts doubled.
            let reg = w.read("round/clusters.csv");
            let hb02 = reg.lines().find(|l| l.starts_with("HB02,")).unwrap();
            w.write(
                "round/clusters.csv",
                format!(
                    "{reg}{}\n",
                    hb02.replacen("HB02", "HB13", 1)
                        .replace("集群", "集群（迟交）")
                ),
            );
            let data = w.read("round/indicators.csv");
            let late: String = data
                .lines()
                .filter(|l| l.starts_with("HB02,"))
                .map(|l| l.replacen("HB02", "HB13", 1) + "\n")
                .collect();
            w.write("round/indicators.csv", format!("{data}{late}"));
            let roster = w.read("round/enterprises.csv");
            let late: String = roster
                .lines()
                .filter(|l| l.contains(",HB02,") || l.starts_with("HB02,"))
                .map(|l| l.replace("HB02", "HB13").replacen("91", "92", 1) + "\n")
                .collect();
            w.write("round/enterprises.csv", format!("{roster}{late}"));
        },
        3,
    );
    assert!(clusters["HB13"]["total_a"].is_empty(), "HB13 is new");
    assert!(text.contains("HB13") && text.contains("| new |"), "{text}");
    let mut moved = 0;
    for (id, c) in clusters
        .iter()
        .filter(|(id, c)| *id != "HB13" && !c["own"].is_empty())
    {
        assert_eq!(f(c, "own"), 0.0, "{id}: its own values did not change");
        assert_eq!(f(c, "framework"), 0.0, "{id}");
        assert!((f(c, "cohort") - f(c, "change")).abs() < 1e-9, "{id}");
        moved += usize::from(f(c, "cohort") != 0.0);
    }
    assert!(moved > 5, "the late submission moves the others: {moved}");
    assert!(text.contains("row added"), "{text}");
}

#[test]
fn a_reweighting_is_the_frameworks_part_worked_by_hand() {
    let w = WorkDir::new();
    let (clusters, ind, text) = diffed(
        &w,
        |w| {
            // Two siblings under `scale`: points 2.5 -> 3.5 and 2.5 -> 1.5.
            let mut fw = w.read("round/framework.toml");
            let at = |s: &str, id: &str| s.find(&format!("id = \"{id}\"")).unwrap();
            let i = at(&fw, "revenue_scale");
            let k = i + fw[i..].find("points = 2.5").unwrap();
            fw.replace_range(k..k + 12, "points = 3.5");
            let j = at(&fw, "revenue_progress");
            let k = j + fw[j..].find("points = 2.5").unwrap();
            fw.replace_range(k..k + 12, "points = 1.5");
            w.write("round/framework.toml", fw);
        },
        3,
    );
    assert!(
        text.contains("setting indicator[revenue_scale].points: 2.5 → 3.5"),
        "{text}"
    );
    let points_a = |id: &str, indicator: &str| -> f64 {
        ind[0]
            .values()
            .find(|r| r["cluster_id"] == id && r["indicator_id"] == indicator)
            .map(|r| f(r, "points_a"))
            .unwrap()
    };
    assert!(clusters.values().filter(|c| !c["own"].is_empty()).count() >= 10);
    for (id, c) in &clusters {
        if c["own"].is_empty() {
            continue;
        }
        assert_eq!(f(c, "own"), 0.0, "{id}");
        assert_eq!(f(c, "cohort"), 0.0, "{id}");
        if c["own"].is_empty() {
            continue;
        }
        let by_hand = points_a(id, "revenue_scale") / 2.5 - points_a(id, "revenue_progress") / 2.5;
        assert!(
            (f(c, "framework") - by_hand).abs() < 1e-9,
            "{id}: {} vs {by_hand}",
            f(c, "framework")
        );
    }
}

#[test]
fn a_superseding_run_carries_the_change_log_and_verifies() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    w.ok(&["run", "round", "--out", "a"]);
    w.edit(
        "round/indicators.csv",
        "HB01,revenue,2023,1081.09",
        "HB01,revenue,2023,1181.09",
    );
    w.ok(&[
        "run",
        "round",
        "--out",
        "b",
        "--supersedes",
        "a",
        "--lang",
        "zh",
    ]);
    let md = w.read("b/report.md");
    let at = md.find("## 更正说明").expect("a change log section");
    let section = &md[at..at + md[at + 3..].find("\n## ").map_or(md.len() - at, |k| k + 3)];
    let run_a = std::fs::read_dir(w.path("round/.archive/runs"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect::<Vec<_>>();
    assert!(
        run_a.iter().any(|id| section.contains(&format!(
            "本次运行取代此前的运行 {}",
            id.trim_end_matches(".json")
        ))),
        "{section}\n{run_a:?}"
    );
    assert!(
        section.contains("indicators.csv，第 3 行，D (value) 列：1081.09 → 1181.09"),
        "{section}"
    );
    assert!(section.contains("| HB01 "), "{section}");
    assert!(
        section.contains("| +1.3086 | +1.3086 | 0 | 0 |"),
        "{section}"
    );
    for english in [
        "own",
        "cohort",
        "framework",
        "total",
        "change",
        "Order",
        "run",
    ] {
        assert!(
            !section.contains(english),
            "{english} in the Chinese change log:\n{section}"
        );
    }
    let html = w.read("b/report.html");
    assert!(html.contains("<h2 id=\"changes\">更正说明</h2>"));
    // The published documents open with it too.
    let docx = docx_text(&w.path("b/report.docx"));
    assert!(
        docx.contains("更正说明") && docx.contains("1081.09 → 1181.09") && docx.contains("+1.3086"),
        "{docx}"
    );
    if let Some(pdf) = crate::lang::whole::pdf_text(&w.path("b/report.pdf")) {
        assert!(
            pdf.contains("更正说明") && pdf.contains("1081.09 → 1181.09"),
            "{pdf}"
        );
    }
    // The manifest names the superseded run by its archived manifest, and
    // verify re-makes the change log from it, byte for byte.
    assert!(w
        .read("b/manifest.json")
        .contains("\"supersedes\": \"../round/.archive/runs/"));
    w.ok(&["verify", "b"]);
}

/// The 2024 round of the sample series names the 2023 outputs: its report
/// shows every cluster's movement, checked against the two runs'
/// ranking.csv (ranks and totals), the cluster new to the round and the
/// one that left, in each language.
#[test]
fn the_report_shows_movement_against_the_previous_round() {
    let w = crate::series::sample::series();
    w.ok(&["run", "a/series/2024", "--out", "en", "--lang", "en"]);
    w.ok(&["run", "a/series/2024", "--out", "zh", "--lang", "zh"]);
    let before = read_keyed(&w.path("a/series/out-2023/ranking.csv"), "cluster_id");
    let now = read_keyed(&w.path("en/ranking.csv"), "cluster_id");
    let md = w.read("en/report.md");
    let at = md
        .find("## Movement since the previous round")
        .expect("a movement section");
    let section = &md[at..at + md[at + 3..].find("\n## ").unwrap() + 3];
    let mut arrows = 0;
    for (id, r) in &now {
        let line = section
            .lines()
            .find(|l| l.starts_with(&format!("| {id} ")))
            .unwrap_or_else(|| panic!("{id} in\n{section}"));
        let cells: Vec<&str> = line.split(" | ").collect();
        let rank_now: i64 = r["rank"].parse().unwrap();
        match before.get(id) {
            None => assert!(cells[1].contains("new to the round"), "{line}"),
            Some(b) => {
                let rank_before: i64 = b["rank"].parse().unwrap();
                let want = match rank_before - rank_now {
                    0 => format!("→ ({rank_now})"),
                    p if p > 0 => format!("↑{p} ({rank_before} → {rank_now})"),
                    p => format!("↓{} ({rank_before} → {rank_now})", -p),
                };
                arrows += usize::from(rank_before != rank_now);
                assert_eq!(cells[1], want, "{line}");
                let change = f(r, "total") - f(b, "total");
                let shown: f64 = cells[4].trim_start_matches('+').parse().unwrap();
                assert!((shown - change).abs() <= 0.005 + 1e-9, "{line}: {change}");
                assert_eq!(cells[2], format!("{:.2}", f(b, "total")), "{line}");
            }
        }
    }
    assert!(arrows >= 2, "the sample moves some clusters:\n{section}");
    let gone: Vec<&String> = before.keys().filter(|id| !now.contains_key(*id)).collect();
    assert!(!gone.is_empty());
    for id in gone {
        assert!(
            section.contains("In the previous round but not in this one:")
                && section.contains(id.as_str()),
            "{id}:\n{section}"
        );
    }
    let zh = w.read("zh/report.md");
    let at = zh
        .find("## 与上一轮比较")
        .expect("a Chinese movement section");
    let section = &zh[at..at + zh[at + 3..].find("\n## ").unwrap() + 3];
    assert!(section.contains("（新参评）") && section.contains("上轮参评、本轮未参评的集群："));
    for english in ["rank", "total", "change", "new to", "previous"] {
        assert!(!section.contains(english), "{english}:\n{section}");
    }
    assert!(w
        .read("zh/report.html")
        .contains("<h2 id=\"movement\">与上一轮比较</h2>"));
}

//! `whatif` in the competition sample: the three kinds of cluster a
//! competition has below the line. C27 was not shortlisted for the defence
//! (it has no defence score, so its target is the shortlist, from its
//! preliminary score to the last shortlisted one's); C19 is level with the
//! last selected (C17, 70.26) and out on the tie-break; C17 is selected.
//! The value that closes C27's gap alone is verified by running the round
//! again with it, the defence's reviews set aside (the process then stops
//! at the shortlist, as the what-if does).

use crate::workdir::{col, read_csv, WorkDir};

fn run_round(w: &WorkDir, out: &str) {
    w.ok(&["run", "round", "--out", out, "--force"]);
}

/// The decisions.csv row of `cluster`: (status, stage score shown).
fn status(w: &WorkDir, out: &str, cluster: &str) -> String {
    let (h, rows) = read_csv(&w.path(&format!("{out}/decisions.csv")));
    let (id, st) = (col(&h, "cluster_id"), col(&h, "status"));
    rows.iter()
        .find(|r| r[id] == cluster)
        .map(|r| r[st].clone())
        .unwrap()
}

/// Set C27's 2021 value of the column whose header starts with `head`.
fn set_c27(w: &WorkDir, head: &str, value: &str) {
    let text = w.read("round/indicators.csv");
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    let header: Vec<&str> = lines[0].split(',').collect();
    let c = header
        .iter()
        .position(|h| h.trim_start_matches('\u{feff}').starts_with(head))
        .unwrap();
    for l in lines.iter_mut().skip(1) {
        if l.starts_with("C27,2021,") {
            let mut cells: Vec<String> = l.split(',').map(str::to_string).collect();
            cells[c] = value.to_string();
            *l = cells.join(",");
        }
    }
    w.write("round/indicators.csv", lines.join("\n") + "\n");
}

#[test]
fn a_cluster_not_shortlisted_is_told_its_gap_to_the_shortlist_and_the_value_is_verified() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    run_round(&w, "out");
    assert_eq!(status(&w, "out", "C27"), "not_shortlisted");
    let text = w.ok(&["whatif", "out", "C27", "--lang", "en"]).stdout;
    // Its preliminary stage score is 0.7 × indicator score + 0.3 × panel
    // score (the sample's stage weights); the line is the lowest of those
    // among the shortlisted; both computed here from decisions.csv.
    assert!(text.contains("to reach: the defence stage"), "{text}");
    let (h, rows) = read_csv(&w.path("out/decisions.csv"));
    let (ind, panel, st) = (
        col(&h, "indicator_score"),
        col(&h, "preliminary_panel"),
        col(&h, "stage_reached"),
    );
    let prelim = |r: &Vec<String>| {
        let (i, p): (f64, f64) = (r[ind].parse().unwrap(), r[panel].parse().unwrap());
        ((0.7 * i + 0.3 * p) * 100.0).round() / 100.0
    };
    let own = prelim(rows.iter().find(|r| r[1] == "C27").unwrap());
    let line = rows
        .iter()
        .filter(|r| r[st] == "defence")
        .map(prelim)
        .fold(f64::INFINITY, f64::min);
    let gap = format!("Score now {own:.2}, gap {:.2} points", line - own);
    assert!(text.contains(&gap), "{gap} in\n{text}");
    // cross_region alone: 8 → 20 items closes it (its row in the table).
    let row = text
        .lines()
        .find(|l| l.starts_with("cross_region"))
        .unwrap();
    assert!(row.contains("| 8 items | 20 items |"), "{row}");
    // Run again without the defence's reviews: with 20 C27 is shortlisted,
    // with 19 it is not.
    let reviews = w.read("round/reviews.csv");
    let kept: Vec<&str> = reviews.lines().filter(|l| !l.contains(",答辩,")).collect();
    w.write("round/reviews.csv", kept.join("\n") + "\n");
    let header = "京津冀及跨区域协同项目数";
    set_c27(&w, header, "20");
    run_round(&w, "at20");
    assert_eq!(status(&w, "at20", "C27"), "shortlisted");
    set_c27(&w, header, "19");
    run_round(&w, "at19");
    assert_eq!(status(&w, "at19", "C27"), "not_shortlisted");
}

#[test]
fn a_cluster_level_with_the_quota_line_is_told_so_and_a_selected_one_has_no_target() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    run_round(&w, "out");
    let c19 = w.ok(&["whatif", "out", "C19", "--lang", "en"]).stdout;
    assert!(
        c19.contains(
            "Score now 70.26: level with the line (gap 0.00 points), behind on the tie-break"
        ),
        "{c19}"
    );
    let zh = w.ok(&["whatif", "out", "C19", "--lang", "zh"]).stdout;
    assert!(
        zh.contains("与目标线持平（差距 0.00 分），按并列排序规则排在其后"),
        "{zh}"
    );
    let c17 = w.ok(&["whatif", "out", "C17", "--lang", "en"]).stdout;
    assert!(
        c17.contains("is already selected: there is no higher target"),
        "{c17}"
    );
}

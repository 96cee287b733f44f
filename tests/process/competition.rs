//! The competition sample end to end. The panel and stage scores, the
//! shortlist, the selection and the boundary tie C17 / C19 are checked
//! against an independent reference (tests/reference/process_reference.py,
//! written from the README without the Rust code); the rest (counts of
//! output rows, the wording of the report) are regression pins: values the
//! engine printed when the sample was made, kept so a change shows.

use crate::peers::reference_csv;
use crate::tolerance::close;
use crate::workdir::{read_csv, read_keyed, Keyed, WorkDir};

/// decisions.csv of the competition sample, keyed by cluster.
fn run_sample(w: &WorkDir) -> Keyed {
    let round = w.sample_round("hebei-2022-competition");
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    read_keyed(&w.path("o/decisions.csv"), "cluster_id")
}

/// The reference's decisions (committed; re-run when python3 is there).
fn reference() -> Keyed {
    let path = reference_csv(
        "expected_process_hebei-2022-competition.csv",
        "process_reference.py",
        "hebei-2022-competition",
        &[],
    );
    read_keyed(&path, "cluster_id")
}

#[test]
fn competition_sample_matches_the_independent_process_reference() {
    let w = WorkDir::new();
    let ours = run_sample(&w);
    let want = reference();
    assert_eq!(
        ours.keys().collect::<Vec<_>>(),
        want.keys().collect::<Vec<_>>()
    );
    for (id, r) in &want {
        let o = &ours[id];
        for c in ["status", "stage_reached", "rank", "tied"] {
            assert_eq!(o[c], r[c], "{id} {c}");
        }
        for c in [
            "preliminary_panel",
            "preliminary_score",
            "defence_panel",
            "defence_score",
            "final_score",
        ] {
            if r[c].is_empty() {
                assert_eq!(o[c], "", "{id} {c}");
            } else {
                let got: f64 = o[c].parse().unwrap_or(f64::NAN);
                close(got, r[c].parse().unwrap(), 1e-9, format_args!("{id} {c}"));
            }
        }
    }
}

#[test]
fn the_reference_has_the_sample_s_shortlist_selection_and_tie() {
    // What the sample was built to show, read from the independent
    // reference: C25 fails a gate, ceil(1.6 x 11) = 18 reach the defence,
    // 11 are selected, and ranks 11 and 12 (C17, C19) share the final score
    // 70.26, C17 ahead on the defence panel score (76.24 vs 75.22).
    let r = reference();
    let count = |c: &str, v: &str| r.values().filter(|x| x[c] == v).count();
    assert_eq!(r.len(), 30);
    assert_eq!(count("status", "failed_gate"), 1);
    assert_eq!(r["C25"]["status"], "failed_gate");
    assert_eq!(count("stage_reached", "defence"), 18);
    assert_eq!(count("status", "selected"), 11);
    let (c17, c19) = (&r["C17"], &r["C19"]);
    assert_eq!((c17["rank"].as_str(), c19["rank"].as_str()), ("11", "12"));
    assert_eq!(c17["final_score"], "70.26");
    assert_eq!(c19["final_score"], "70.26");
    assert_eq!(c17["defence_panel"], "76.24");
    assert_eq!(c19["defence_panel"], "75.22");
    assert_eq!(c17["status"], "selected");
    assert_eq!(c19["status"], "not_selected");
}

#[test]
fn competition_sample_selects_eleven_of_thirty() {
    let w = WorkDir::new();
    let d = run_sample(&w);
    assert_eq!(d.len(), 30);
    let count = |c: &str, v: &str| d.values().filter(|x| x[c] == v).count();
    assert_eq!(count("status", "selected"), 11);
    assert_eq!(count("status", "failed_gate"), 1);
    let c25 = &d["C25"];
    assert_eq!(c25["status"], "failed_gate");
    assert!(c25["reason_zh"].contains("主导产业占集群产值比重低于70%"));
    assert!(c25["reason"].contains("found 68.4"));
    assert_eq!(count("stage_reached", "defence"), 18);
    // The conflict of interest: R32 (邯郸市) and C10 (邯郸市).
    let flags = w.read("o/review_flags.csv");
    assert!(
        flags.contains("conflict_excluded,preliminary,R32,C10,"),
        "{flags}"
    );
    assert!(
        flags.contains("same city (邯郸市),同城回避（邯郸市）"),
        "{flags}"
    );
    // The boundary tie, explained in the report (its numbers are checked
    // against the reference above; the wording is a regression pin).
    let report = w.read("o/report.md");
    assert!(report.contains(
        "名额边界并列：C17（第 11 名）与 C19（第 12 名）最终得分同为 70.26，同分排序规则使 C17 在前：按答辩评审得分领先（76.24 对 75.22）"
    ), "{report}");
    assert!(report.contains("## 评审专家\n"));
    // Regression pin: an agreement line for each of the 5 tracks at each
    // of the 2 stages.
    let (_, agreement) = read_csv(&w.path("o/panel_agreement.csv"));
    assert_eq!(agreement.len(), 10);
}

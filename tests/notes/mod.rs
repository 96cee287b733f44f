//! The tie notes and boundary lines in one language: the competition
//! sample's C17 / C19 tie (equal final score 70.26, settled by the defence
//! panel score, 76.24 against 75.22: the numbers of `process::competition`'s
//! reference) read wholly in Chinese in a `--lang zh` report and wholly in
//! English in a `--lang en` one; decisions.csv carries both wordings, and
//! they agree.

use crate::workdir::{read_keyed, WorkDir};

/// Runs of 3 or more ASCII letters (English words; ids such as C17 have
/// one letter).
fn english_words(s: &str) -> Vec<String> {
    s.split(|c: char| !c.is_ascii_alphabetic())
        .filter(|w| w.len() >= 3)
        .map(String::from)
        .collect()
}

fn has_cjk(s: &str) -> bool {
    s.chars()
        .any(|c| ('\u{3000}'..='\u{9fff}').contains(&c) || ('\u{ff00}'..='\u{ffef}').contains(&c))
}

/// The text of an HTML page without its tags.
fn text_of(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

const BOUNDARY_ZH: &str = "名额边界并列：C17（第 11 名）与 C19（第 12 名）最终得分同为 70.26，同分排序规则使 C17 在前：按答辩评审得分领先（76.24 对 75.22）";
const NOTE_ZH: &str = "总分与 C19 相同（70.26）；按答辩评审得分领先（76.24 对 75.22）";
const BOUNDARY_EN: &str = "boundary tie: C17 (rank 11) and C19 (rank 12) have the same final score 70.26; the tie-break chain puts C17 first: ahead of it on defence panel score (76.24 vs 75.22)";
const NOTE_EN: &str =
    "total tied with C19 (70.26); ahead of it on defence panel score (76.24 vs 75.22)";

fn run(w: &WorkDir, lang: &str) -> (String, String) {
    let out = format!("o_{lang}");
    w.ok(&["run", "round", "--out", &out, "--lang", lang]);
    (
        w.read(&format!("{out}/report.md")),
        text_of(&w.read(&format!("{out}/report.html"))),
    )
}

#[test]
fn the_c17_c19_tie_reads_in_one_language() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    let (md, html) = run(&w, "zh");
    for (what, text) in [("report.md", &md), ("report.html", &html)] {
        assert!(text.contains(BOUNDARY_ZH), "{what}: no boundary line");
        assert!(text.contains(NOTE_ZH), "{what}: no tie note");
        assert!(!text.contains("tied with"), "{what}: English tie note");
        assert!(!text.contains("boundary"), "{what}: English boundary");
        // Every line naming C19 beside C17 (the boundary line, C17's row)
        // is Chinese but for the ids.
        for line in text
            .lines()
            .filter(|l| l.contains("C17") && l.contains("C19"))
        {
            assert_eq!(english_words(line), Vec::<String>::new(), "{what}: {line}");
        }
    }
    let (md, html) = run(&w, "en");
    for (what, text) in [("report.md", &md), ("report.html", &html)] {
        assert!(text.contains(BOUNDARY_EN), "{what}: no boundary line");
        assert!(text.contains(NOTE_EN), "{what}: no tie note");
        for line in text
            .lines()
            .filter(|l| l.contains(BOUNDARY_EN) || l.contains(NOTE_EN))
        {
            // C17's row also holds its name, which the sample supplies in
            // English: no Chinese character at all.
            assert!(!has_cjk(line), "{what}: {line}");
        }
    }
}

#[test]
fn decisions_csv_has_both_wordings_and_they_agree() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.ok(&["run", "round", "--out", "o"]);
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    assert_eq!(d["C17"]["tie_note"], NOTE_EN);
    assert_eq!(d["C17"]["tie_note_zh"], NOTE_ZH);
    assert_eq!(
        d["C19"]["tie_note"],
        "total tied with C17 (70.26); behind it on defence panel score (75.22 vs 76.24)"
    );
    assert_eq!(
        d["C19"]["tie_note_zh"],
        "总分与 C17 相同（70.26）；按答辩评审得分落后（75.22 对 76.24）"
    );
    // Every row: a note in one language iff in the other, with the same
    // numbers (ids, totals, values) in the same order; English words only
    // in the English one.
    let numbers = |s: &str| -> Vec<String> {
        s.split(|c: char| !(c.is_ascii_digit() || c == '.'))
            .filter(|t| t.chars().any(|c| c.is_ascii_digit()))
            .map(String::from)
            .collect()
    };
    // The stage score each ranked cluster was ranked by (at the stage it
    // reached), read from the score columns.
    let ranked_by = |row: &std::collections::BTreeMap<String, String>| {
        let stage = row["stage_reached"].clone();
        let score = row
            .get(&format!("{stage}_score"))
            .cloned()
            .unwrap_or_default();
        (stage, score)
    };
    let mut notes = 0;
    for (id, row) in &d {
        let (en, zh) = (&row["tie_note"], &row["tie_note_zh"]);
        assert_eq!(en.is_empty(), zh.is_empty(), "{id}");
        assert_eq!(numbers(en), numbers(zh), "{id}: {en} | {zh}");
        assert!(!has_cjk(en), "{id}: {en}");
        assert_eq!(english_words(zh), Vec::<String>::new(), "{id}: {zh}");
        notes += usize::from(!en.is_empty());
    }
    // A note for exactly the clusters that share their stage score with
    // another cluster at the same stage.
    let keys: Vec<_> = d
        .values()
        .filter(|r| !r["stage_reached"].is_empty())
        .map(ranked_by)
        .collect();
    let shared = keys
        .iter()
        .filter(|k| keys.iter().filter(|o| o == k).count() > 1)
        .count();
    assert_eq!(notes, shared);
    assert!(notes >= 2);
}

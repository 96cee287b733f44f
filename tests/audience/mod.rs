//! `run --audience`: a public run holds no reviewer data in any file it
//! writes (every file is read, the parts of a zipped workbook or document
//! too), while an internal run of the same round does; the summary page
//! states the figures of decisions.csv and ranking.csv. Browser checks
//! (scorecards drawn on demand, printing) are in `browser`.

mod browser;
mod summary;

use crate::workdir::{col, read_csv, WorkDir};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// The text of a file as a reader of it sees it: a zip container (.xlsx,
/// .docx) is opened and each XML part's text (its markup left out, so a
/// cell reference such as `R12` is not text) is joined; any other file is
/// read as it is (lossy UTF-8).
pub fn readable_text(path: &Path) -> String {
    let bytes = std::fs::read(path).unwrap();
    if !bytes.starts_with(b"PK\x03\x04") {
        return String::from_utf8_lossy(&bytes).into_owned();
    }
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut text = String::new();
    for i in 0..archive.len() {
        let mut part = archive.by_index(i).unwrap();
        let name = part.name().unwrap().to_string();
        let mut raw = Vec::new();
        part.read_to_end(&mut raw).unwrap();
        let raw = String::from_utf8_lossy(&raw);
        if name.ends_with(".xml") || name.ends_with(".rels") {
            text.push_str(&without_markup(&raw));
        } else {
            text.push_str(&raw);
        }
        text.push('\n');
    }
    text
}

/// XML text content: tags replaced by a line break, the five entities
/// decoded.
fn without_markup(xml: &str) -> String {
    let mut out = String::with_capacity(xml.len());
    let mut in_tag = false;
    for ch in xml.chars() {
        match ch {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                out.push('\n');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&amp;", "&")
}

/// Whether `text` holds `id` as a whole id (not inside `R120` for `R12`).
fn holds_id(text: &str, id: &str) -> bool {
    let word = |c: Option<char>| c.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_');
    text.match_indices(id).any(|(at, _)| {
        !word(text[..at].chars().next_back()) && !word(text[at + id.len()..].chars().next())
    })
}

/// What identifies the competition sample's reviewers, read from its
/// inputs: ids, names, employers; and each reviewer's mean score at a
/// stage over the clusters it scored (its own total over the criteria,
/// a score in the same city as the cluster left out: the round's conflict
/// rule), at 4 decimals as the internal diagnostics show it: those that
/// are distinctive, equal to no number of the round's other inputs (a
/// mean of 74.7 is also a cluster's leading share, shown as 74.7000 %).
struct Reviewers {
    ids: Vec<String>,
    words: Vec<String>,
    means: Vec<String>,
}

fn reviewers(round: &Path) -> Reviewers {
    let (h, rows) = read_csv(&round.join("reviewers.csv"));
    let (id, name, employer, city) = (
        col(&h, "专家编号"),
        col(&h, "姓名"),
        col(&h, "工作单位"),
        col(&h, "城市"),
    );
    let ids: Vec<String> = rows.iter().map(|r| r[id].clone()).collect();
    let mut words: Vec<String> = rows.iter().map(|r| r[name].clone()).collect();
    words.extend(rows.iter().map(|r| r[employer].clone()));
    let city_of: BTreeMap<&str, &str> = rows
        .iter()
        .map(|r| (r[id].as_str(), r[city].as_str()))
        .collect();
    let (ch, clusters) = read_csv(&round.join("clusters.csv"));
    let (cid, ccity) = (col(&ch, "集群编号"), col(&ch, "城市"));
    let cluster_city: BTreeMap<&str, &str> = clusters
        .iter()
        .map(|r| (r[cid].as_str(), r[ccity].as_str()))
        .collect();
    let (vh, reviews) = read_csv(&round.join("reviews.csv"));
    let (rv, cl, st, sc) = (
        col(&vh, "专家编号"),
        col(&vh, "集群编号"),
        col(&vh, "环节"),
        col(&vh, "分数"),
    );
    // (reviewer, stage) -> cluster -> total over the criteria.
    let mut totals: BTreeMap<(String, String), BTreeMap<String, f64>> = BTreeMap::new();
    for r in &reviews {
        if city_of[r[rv].as_str()] == cluster_city[r[cl].as_str()] {
            continue;
        }
        *totals
            .entry((r[rv].clone(), r[st].clone()))
            .or_default()
            .entry(r[cl].clone())
            .or_default() += r[sc].parse::<f64>().unwrap();
    }
    let (_, submitted) = read_csv(&round.join("indicators.csv"));
    let others: Vec<f64> = submitted
        .iter()
        .chain(&clusters)
        .flatten()
        .filter_map(|cell| cell.parse::<f64>().ok())
        .collect();
    let means = totals
        .values()
        .map(|by_cluster| by_cluster.values().sum::<f64>() / by_cluster.len() as f64)
        .filter(|m| others.iter().all(|x| (x - m).abs() > 5e-5))
        .map(|m| format!("{m:.4}"))
        .collect();
    Reviewers { ids, words, means }
}

/// Every file of an output folder with its readable text.
fn folder_texts(dir: &Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file())
        .map(|p| {
            (
                p.file_name().unwrap().to_string_lossy().into_owned(),
                readable_text(&p),
            )
        })
        .collect();
    files.sort();
    files
}

#[test]
fn a_public_run_holds_no_reviewer_id_name_or_score_in_any_file() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let rv = reviewers(&round);
    assert_eq!(rv.ids.len(), 35, "the sample's reviewers");
    assert!(rv.means.len() > 40, "distinctive means: {:?}", rv.means);
    let r = round.to_str().unwrap();
    w.ok(&["run", r, "--out", "int"]);
    w.ok(&["run", r, "--out", "pub", "--audience", "public"]);

    // Internal: the reviewer data is there (which also checks the means
    // computed above against the tool's own).
    let internal = folder_texts(&w.path("int"));
    let all_internal: String = internal.iter().map(|(_, t)| t.as_str()).collect();
    for id in &rv.ids {
        assert!(holds_id(&all_internal, id), "internal lacks {id}");
    }
    for word in &rv.words {
        assert!(
            all_internal.contains(word.as_str()),
            "internal lacks {word}"
        );
    }
    let diagnostics = w.read("int/reviewer_diagnostics.csv");
    for m in &rv.means {
        assert!(diagnostics.contains(m.as_str()), "internal lacks mean {m}");
    }
    for f in [
        "panel_scores.csv",
        "review_flags.csv",
        "reviewer_diagnostics.csv",
        "panel_agreement.csv",
    ] {
        assert!(w.path("int").join(f).exists(), "internal lacks {f}");
    }

    // Public: none of it, in any file.
    let public = folder_texts(&w.path("pub"));
    assert!(public.iter().any(|(f, _)| f == "report.xlsx"));
    assert!(public.iter().any(|(f, _)| f == "report.html"));
    for (file, text) in &public {
        for id in &rv.ids {
            assert!(!holds_id(text, id), "{file} names reviewer {id}");
        }
        for word in &rv.words {
            assert!(!text.contains(word.as_str()), "{file} holds {word}");
        }
        for m in &rv.means {
            assert!(
                !text.contains(m.as_str()),
                "{file} holds the mean score {m}"
            );
        }
        for flag in ["同城回避", "same city", "conflict_excluded", "kendall_w"] {
            assert!(!text.contains(flag), "{file} holds {flag}");
        }
    }
    for f in [
        "panel_scores.csv",
        "review_flags.csv",
        "reviewer_diagnostics.csv",
        "panel_agreement.csv",
    ] {
        assert!(!w.path("pub").join(f).exists(), "public has {f}");
    }
    // The public results are the internal ones.
    assert_eq!(w.read("pub/ranking.csv"), w.read("int/ranking.csv"));
    assert_eq!(w.read("pub/decisions.csv"), w.read("int/decisions.csv"));
    let manifest = w.read("pub/manifest.json");
    assert!(manifest.contains("\"audience\": \"public\""), "{manifest}");
    w.ok(&["verify", "pub"]);
}

#[test]
fn a_public_run_into_an_internal_folder_removes_the_reviewer_files() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let r = round.to_str().unwrap();
    w.ok(&["run", r, "--out", "o"]);
    assert!(w.path("o/panel_scores.csv").exists());
    w.ok(&["run", r, "--out", "o", "--audience", "public"]);
    for f in [
        "panel_scores.csv",
        "review_flags.csv",
        "reviewer_diagnostics.csv",
        "panel_agreement.csv",
    ] {
        assert!(!w.path("o").join(f).exists(), "{f} left behind");
    }
    let xlsx = readable_text(&w.path("o/report.xlsx"));
    assert!(!xlsx.contains("马书瑶"));
    w.ok(&["verify", "o"]);
}

//! `[round] unit_label`: a country index says 国家 / countries wherever a
//! cluster round says 集群 / clusters, in every report; the default keeps
//! the words (and the outputs) of a cluster round; machine keys
//! (`cluster_id`, file names) stay.

use super::tiny;
use crate::workdir::WorkDir;
use std::process::Command;

/// The text of an HTML page: tags and the contents of scripts and styles
/// removed.
fn html_text(html: &str) -> String {
    let mut s = html.to_string();
    for tag in ["script", "style"] {
        while let Some(a) = s.find(&format!("<{tag}")) {
            let close = format!("</{tag}>");
            let b = s[a..].find(&close).map_or(s.len(), |b| a + b + close.len());
            s.replace_range(a..b, " ");
        }
    }
    let mut out = String::new();
    let mut inside = false;
    for c in s.chars() {
        match c {
            '<' => inside = true,
            '>' => {
                inside = false;
                out.push(' ');
            }
            _ if !inside => out.push(c),
            _ => {}
        }
    }
    out
}

/// The words "cluster…" of an English text, the tool's name and machine
/// keys (`cluster_id`, `clusters.csv`) aside.
fn cluster_words(text: &str) -> Vec<String> {
    let lower = text.to_lowercase();
    lower
        .match_indices("cluster")
        .filter(|(i, _)| {
            let rest = &lower[i + 7..];
            !(rest.starts_with("-eval") || rest.starts_with("_id") || rest.starts_with("s.csv"))
        })
        .map(|(i, _)| lower[i..].chars().take(30).collect())
        .collect()
}

fn pdf_text(path: &std::path::Path) -> Option<String> {
    let out = Command::new("pdftotext").arg(path).arg("-").output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

#[test]
fn a_country_index_says_country_in_every_report() {
    let w = WorkDir::new();
    w.sample_round("asem");
    w.edit(
        "round/round.toml",
        "current_year = 2018\n",
        "current_year = 2018\nunit_label = \"country\"\n",
    );
    // A smaller robustness analysis (its words are what is checked).
    w.edit(
        "round/round.toml",
        "replications = 10000",
        "replications = 200",
    );
    w.edit("round/round.toml", "sobol_base = 1024", "sobol_base = 64");
    w.edit("round/round.toml", "bootstrap = 1000", "bootstrap = 50");
    for (lang, out) in [("zh", "zh"), ("en", "en")] {
        w.ok(&["run", "round", "--out", out, "--lang", lang]);
        let mut texts = vec![
            ("report.md", w.read(&format!("{out}/report.md"))),
            (
                "report.html",
                html_text(&w.read(&format!("{out}/report.html"))),
            ),
            (
                "summary.html",
                html_text(&w.read(&format!("{out}/summary.html"))),
            ),
        ];
        match pdf_text(&w.path(&format!("{out}/report.pdf"))) {
            Some(t) => texts.push(("report.pdf", t)),
            None => eprintln!("pdftotext not available: report.pdf not read"),
        }
        let explain = w.ok(&["explain", out, "AUT", "--lang", lang]).stdout;
        texts.push(("explain", explain));
        for (name, text) in &texts {
            if lang == "zh" {
                assert!(!text.contains("集群"), "{lang} {name} says 集群:\n{text}");
            } else {
                let found = cluster_words(text);
                assert!(found.is_empty(), "{lang} {name} says cluster: {found:?}");
            }
        }
        let md = &texts[0].1;
        let word = if lang == "zh" {
            "参评国家"
        } else {
            "Countries"
        };
        assert!(md.contains(word), "{lang} report.md has {word}:\n{md}");
    }
    // scores.json records the label; the CSV keys stay.
    let json: serde_json::Value = serde_json::from_str(&w.read("en/scores.json")).unwrap();
    assert_eq!(json["round"]["unit_label"]["en_plural"], "countries");
    assert!(w.read("en/ranking.csv").starts_with("rank,cluster_id,"));
}

#[test]
fn the_default_keeps_the_cluster_words_and_a_custom_pair_is_used() {
    let w = WorkDir::new();
    let data = "cluster_id,period,x,y\nA,2023,10,50\nB,2023,20,30\nC,2023,30,100\n";
    tiny(&w, "r", "current_year = 2023", data);
    w.ok(&["run", "r", "--out", "o"]);
    assert!(w.read("o/report.md").contains("参评集群"));
    let json: serde_json::Value = serde_json::from_str(&w.read("o/scores.json")).unwrap();
    assert!(
        json["round"].get("unit_label").is_none(),
        "the default is not written"
    );
    tiny(
        &w,
        "c",
        "current_year = 2023\nunit_label = { zh = \"城市\", en = \"city\" }",
        data,
    );
    // Names of its own (the registry's names are data, not words).
    w.write(
        "c/clusters.csv",
        "cluster_id,name_zh,name_en,city,track\nA,甲市,City A,石家庄市,高端装备\nB,乙市,City B,石家庄市,高端装备\nC,丙市,City C,石家庄市,高端装备\n",
    );
    w.ok(&["run", "c", "--out", "oc", "--lang", "en"]);
    let md = w.read("oc/report.md");
    assert!(md.contains("Cities"), "{md}");
    assert!(cluster_words(&md).is_empty(), "{:?}", cluster_words(&md));
}

#[test]
fn an_unknown_unit_label_is_a_located_error() {
    let w = WorkDir::new();
    tiny(
        &w,
        "r",
        "current_year = 2023\nunit_label = \"nation\"",
        "cluster_id,period,x,y\nA,2023,10,50\n",
    );
    let out = w.fails(&["run", "r", "--out", "o"], 1);
    assert!(
        out.all().contains("round.toml, column round.unit_label, value \"nation\": unknown unit_label: expected \"cluster\" (the default), \"country\", \"region\""),
        "{}",
        out.all()
    );
}

//! One language in the WHOLE text a reader gets, not only in the labels:
//! report.md, `explain` (a few clusters and a comparison), the text of
//! report.pdf (pdftotext), and, in headless Chromium, the whole
//! `document.body.innerText` of report.html and summary.html, for both
//! sample rounds in both languages.
//!
//! With `--lang zh` no English word (a run of 3 or more ASCII letters) is
//! left once these are set aside: a token (letters, digits, `_`) equal to
//! an id the round defines (clusters, indicators, fields, nodes, grades,
//! stages, gates, criteria, reviewers, the round and the framework, the
//! methods of methods.csv; a period id only as `field@period`), a file name
//! (`*.csv`, `*.json`, `*.xlsx`, `*.toml`), the tool's name `cluster-eval`,
//! the column headers of the input files written in English (quoted as
//! the source of a value), the formula and statistic symbols (Spearman ρ, Kendall τ-b, Sobol,
//! TOPSIS, CRITIC, AHP, log, max, min, U(…)), and names the inputs supply
//! only in English. With `--lang en` no Chinese character is left once the
//! names the inputs supply only in Chinese are set aside, each as a whole
//! string: cluster names without an English name, cities, tracks, the
//! promotion organisations, reviewers' names and employers, enterprise
//! names, the column headers and the non-numeric cells of the input files
//! (quoted as the source of a value). Units are not names: a unit shown in
//! Chinese in an English report is a stray word.
//!
//! Whole strings are removed before the words are looked at, so a unit in
//! a quoted header (吨标煤 in "单位营收能耗（吨标煤/万元）") does not excuse
//! the same unit elsewhere; ids count as whole tokens, so `cap_p95` is not
//! excused by a field called `cap`.

use super::{cjk_runs, is_cjk};
use crate::workdir::{read_csv, WorkDir};
use std::collections::BTreeSet;
use std::process::Command;

/// Formula and statistic symbols accepted in Chinese text (ASCII words of
/// 3 or more letters only: shorter runs are never counted).
/// Saltelli (the sampling) and Jansen (the estimator) name parts of a
/// Sobol analysis, as Sobol names the indices.
const FORMULAS: &[&str] = &[
    "Spearman", "Kendall", "Sobol", "Saltelli", "Jansen", "TOPSIS", "CRITIC", "AHP", "log", "max",
    "min",
];

/// File name endings accepted in Chinese text.
const FILE_ENDINGS: &[&str] = &[".csv", ".json", ".xlsx", ".toml"];

/// What a round's inputs allow in each language.
#[derive(Default)]
pub(super) struct Allowed {
    /// Ids the round defines, as whole tokens.
    ids: BTreeSet<String>,
    /// Period ids, accepted after `@`.
    periods: BTreeSet<String>,
    /// Names supplied only in English, removed whole from Chinese text.
    english_only: BTreeSet<String>,
    /// Names supplied only in Chinese, removed whole from English text.
    chinese_only: BTreeSet<String>,
}

/// The cells of a CSV file: its header and rows.
fn csv(w: &WorkDir, file: &str) -> Option<(Vec<String>, Vec<Vec<String>>)> {
    let p = w.path(&format!("round/{file}"));
    p.exists().then(|| read_csv(&p))
}

/// Every string value under `key` (at any depth) of a TOML document.
fn toml_values(v: &toml::Value, key: &dyn Fn(&str) -> bool, out: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                match x {
                    toml::Value::String(s) if key(k) => out.push(s.clone()),
                    // A list of strings (`fields = [...]`), not the array
                    // of tables `[[field]]`.
                    toml::Value::Array(a) if key(k) && a.iter().all(|e| e.is_str()) => {
                        out.extend(a.iter().filter_map(|e| e.as_str().map(String::from)))
                    }
                    _ => toml_values(x, key, out),
                }
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|x| toml_values(x, key, out)),
        _ => {}
    }
}

/// Every key of a TOML document, at any depth.
fn toml_keys(v: &toml::Value, out: &mut BTreeSet<String>) {
    match v {
        toml::Value::Table(t) => {
            for (k, x) in t {
                out.insert(k.clone());
                toml_keys(x, out);
            }
        }
        toml::Value::Array(a) => a.iter().for_each(|x| toml_keys(x, out)),
        _ => {}
    }
}

/// Tables of a TOML document (at any depth) with a `name_en` and no
/// `name_zh`, or the other way round: (English-only, Chinese-only) names.
fn one_language_names(v: &toml::Value, en: &mut Vec<String>, zh: &mut Vec<String>) {
    match v {
        toml::Value::Table(t) => {
            let get = |k: &str| t.get(k).and_then(|x| x.as_str()).unwrap_or("").trim();
            match (get("name_zh"), get("name_en")) {
                ("", e) if !e.is_empty() => en.push(e.to_string()),
                (z, "") if !z.is_empty() => zh.push(z.to_string()),
                _ => {}
            }
            t.values().for_each(|x| one_language_names(x, en, zh));
        }
        toml::Value::Array(a) => a.iter().for_each(|x| one_language_names(x, en, zh)),
        _ => {}
    }
}

/// What the inputs of the round in `w/round` (and the run in `w/out`)
/// allow.
pub(super) fn allowed(w: &WorkDir, out: &str) -> Allowed {
    let mut a = Allowed::default();
    let (mut en, mut zh) = (Vec::new(), Vec::new());
    for file in ["round.toml", "framework.toml"] {
        let v: toml::Value = toml::from_str(&w.read(&format!("round/{file}"))).unwrap();
        let mut ids = Vec::new();
        toml_values(
            &v,
            &|k| k == "id" || k.ends_with("_id") || ["field", "fields", "per"].contains(&k),
            &mut ids,
        );
        a.ids.extend(ids);
        // A warning locates itself by key path (`robustness.uncertain[3]`):
        // the file's own keys are locators, as file names are.
        toml_keys(&v, &mut a.ids);
        let mut periods = Vec::new();
        toml_values(&v, &|k| k == "periods", &mut periods);
        a.periods.extend(periods);
        one_language_names(&v, &mut en, &mut zh);
    }
    // The bundled frameworks' periods, when a field lists none.
    a.periods
        .extend(["baseline", "current", "target"].map(String::from));
    if let Some((h, rows)) = csv(w, "clusters.csv") {
        zh.extend(h.iter().cloned());
        let name = |r: &Vec<String>, c: &[&str]| {
            h.iter()
                .position(|x| c.contains(&x.as_str()))
                .map_or(String::new(), |k| r[k].trim().to_string())
        };
        for r in &rows {
            a.ids.insert(r[0].trim().to_string());
            let (z, e) = (
                name(r, &["name_zh", "集群名称"]),
                name(r, &["name_en", "英文名称"]),
            );
            match (z.is_empty(), e.is_empty()) {
                (false, true) => zh.push(z),
                (true, false) => en.push(e),
                _ => {}
            }
            // Cities, tracks, promotion organisations, registry values.
            for (k, cell) in r.iter().enumerate().skip(1) {
                let col = h[k].as_str();
                if !["name_zh", "集群名称", "name_en", "英文名称"].contains(&col) {
                    zh.push(cell.trim().to_string());
                }
            }
        }
    }
    for file in [
        "reviewers.csv",
        "reviews.csv",
        "history.csv",
        "conflicts.csv",
    ] {
        if let Some((h, rows)) = csv(w, file) {
            zh.extend(h);
            for r in rows {
                if file == "reviewers.csv" {
                    a.ids.insert(r[0].trim().to_string());
                }
                zh.extend(r.into_iter().filter(|c| c.chars().any(is_cjk)));
            }
        }
    }
    if let Some((h, rows)) = csv(w, "indicators.csv") {
        zh.extend(h);
        // Cells that are not numbers, quoted as submitted ("无", "-").
        for r in rows {
            zh.extend(r.into_iter().filter(|c| c.chars().any(is_cjk)));
        }
    }
    if let Some((h, rows)) = csv(w, "enterprises.csv") {
        let name = h.iter().position(|x| x == "企业名称" || x == "name");
        zh.extend(h);
        for r in rows {
            if let Some(k) = name {
                zh.push(r[k].trim().to_string());
            }
        }
    }
    let methods = w.path(&format!("{out}/methods.csv"));
    if methods.exists() {
        let (h, _) = read_csv(&methods);
        for x in h {
            a.ids.extend(x.strip_prefix("rank_").map(String::from));
            a.ids.insert(x);
        }
    }
    // Column headers of the input files written in English (`value` of
    // a long-form indicators.csv) are quoted as the source of a value:
    // whole tokens, like ids.
    for file in [
        "clusters.csv",
        "indicators.csv",
        "reviewers.csv",
        "reviews.csv",
        "history.csv",
        "conflicts.csv",
        "enterprises.csv",
    ] {
        if let Some((h, _)) = csv(w, file) {
            let h = h
                .into_iter()
                .map(|x| x.trim_start_matches('\u{feff}').to_string());
            a.ids.extend(h.filter(|x| x.chars().all(token_char)));
        }
    }
    a.ids.retain(|x| !x.is_empty());
    a.english_only = en.into_iter().filter(|x| !x.is_empty()).collect();
    a.chinese_only = zh.into_iter().filter(|x| x.chars().any(is_cjk)).collect();
    a
}

/// `text` without the white space (line breaks too) between two
/// characters that are not ASCII: pdftotext, typst and wrapped table cells
/// break a Chinese name in two or put a blank inside it.
fn joined(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    for (k, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let before = chars[..k].iter().rev().find(|c| !c.is_whitespace());
            let after = chars[k + 1..].iter().find(|c| !c.is_whitespace());
            if before.is_some_and(|c| !c.is_ascii()) && after.is_some_and(|c| !c.is_ascii()) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

/// `text` (joined) without each of `whole`, longest first.
fn without(text: &str, whole: &BTreeSet<String>) -> String {
    let mut joined = joined(text);
    let mut order: Vec<&String> = whole.iter().collect();
    order.sort_by_key(|x| std::cmp::Reverse(x.chars().count()));
    for x in order {
        joined = joined.replace(x.as_str(), " ");
    }
    joined
}

/// Whether `c` is part of a token of Chinese text's English check.
fn token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// English words left in Chinese `text`.
pub(super) fn stray_zh(text: &str, a: &Allowed) -> Vec<String> {
    let mut t = without(text, &a.english_only).replace("cluster-eval", " ");
    for p in &a.periods {
        t = t.replace(&format!("@{p}"), "@");
    }
    // Tokens of letters, digits and `_`, with a file name's ending and the
    // ids written with `-` or `.` kept together.
    let chars: Vec<char> = t.chars().collect();
    let mut out = Vec::new();
    let mut k = 0;
    while k < chars.len() {
        if !token_char(chars[k]) {
            k += 1;
            continue;
        }
        let start = k;
        while k < chars.len()
            && (token_char(chars[k])
                || ((chars[k] == '-' || chars[k] == '.')
                    && chars.get(k + 1).is_some_and(|&c| token_char(c))))
        {
            k += 1;
        }
        let token: String = chars[start..k].iter().collect();
        if a.ids.contains(&token) || FILE_ENDINGS.iter().any(|e| token.ends_with(e)) {
            continue;
        }
        for part in token.split(['-', '.']) {
            if a.ids.contains(part) {
                continue;
            }
            for run in part.split(|c: char| !c.is_ascii_alphabetic()) {
                if run.len() >= 3 && !FORMULAS.contains(&run) {
                    out.push(run.to_string());
                }
            }
        }
    }
    out
}

/// Chinese left in English `text`.
pub(super) fn stray_en(text: &str, a: &Allowed) -> Vec<String> {
    cjk_runs(&without(text, &a.chinese_only))
}

/// The stray words of `text` in `lang`, each with the first line that
/// holds it: "report.md: "boundary" in: boundary tie: C17 …".
pub(super) fn findings(source: &str, text: &str, lang: &str, a: &Allowed) -> Vec<String> {
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for line in joined(text).lines() {
        let bad = match lang {
            "zh" => stray_zh(line, a),
            _ => stray_en(line, a),
        };
        for word in bad {
            if seen.insert(word.clone()) {
                let line: String = line.trim().chars().take(160).collect();
                out.push(format!("{source}: {word:?} in: {line}"));
            }
        }
    }
    out
}

fn require() -> bool {
    std::env::var("CLUSTER_EVAL_REQUIRE_PYREF").is_ok_and(|v| v == "1")
}

/// The text of a PDF (pdftotext, reading order); None without poppler.
pub(crate) fn pdf_text(path: &std::path::Path) -> Option<String> {
    match Command::new("pdftotext").arg(path).arg("-").output() {
        Ok(o) if o.status.success() => Some(String::from_utf8(o.stdout).unwrap()),
        _ => {
            assert!(
                !require(),
                "pdftotext missing (apt: poppler-utils), and CLUSTER_EVAL_REQUIRE_PYREF=1"
            );
            crate::peers::note("pdftotext not installed: report.pdf's language not checked");
            None
        }
    }
}

/// The clusters `explain` is asked about, and a comparison.
fn explained(round: &str) -> (&'static [&'static str], [&'static str; 2]) {
    match round {
        // The first, the last selected (tied at the quota with C19), a
        // cluster out at the preliminary review.
        "hebei-2022-competition" => (&["C01", "C17", "C27"], ["C17", "C19"]),
        _ => (&["HB02", "HB03", "HB06"], ["HB02", "HB04"]),
    }
}

/// report.md, explain and report.pdf of `round` in `lang`: the stray words.
fn files_of(round: &str, lang: &str) -> Vec<String> {
    let w = WorkDir::new();
    w.sample_round(round);
    w.ok(&["run", "round", "--out", "o", "--lang", lang]);
    let a = allowed(&w, "o");
    let mut bad = Vec::new();
    let md = w.read("o/report.md");
    assert!(md.lines().count() > 100, "{md}");
    bad.extend(findings("report.md", &md, lang, &a));
    let (ones, [x, y]) = explained(round);
    for id in ones {
        let out = w.ok(&["explain", "o", id, "--lang", lang]).stdout;
        assert!(out.lines().count() > 20, "{out}");
        bad.extend(findings(&format!("explain {id}"), &out, lang, &a));
    }
    let out = w.ok(&["explain", "o", x, "--vs", y, "--lang", lang]).stdout;
    bad.extend(findings(&format!("explain {x} --vs {y}"), &out, lang, &a));
    if let Some(pdf) = pdf_text(&w.path("o/report.pdf")) {
        assert!(pdf.lines().count() > 30, "{pdf}");
        bad.extend(findings("report.pdf", &pdf, lang, &a));
    }
    bad.into_iter()
        .map(|b| format!("{round} {lang} {b}"))
        .collect()
}

#[track_caller]
fn none(bad: &[String]) {
    assert!(
        bad.is_empty(),
        "{} stray word(s):\n{}",
        bad.len(),
        bad.join("\n")
    );
}

#[test]
fn whole_files_of_the_competition_speak_one_language_zh() {
    none(&files_of("hebei-2022-competition", "zh"));
}

#[test]
fn whole_files_of_the_competition_speak_one_language_en() {
    none(&files_of("hebei-2022-competition", "en"));
}

#[test]
fn whole_files_of_the_midterm_speak_one_language_zh() {
    none(&files_of("hebei-2024-midterm", "zh"));
}

#[test]
fn whole_files_of_the_midterm_speak_one_language_en() {
    none(&files_of("hebei-2024-midterm", "en"));
}

#[test]
fn the_whole_text_checker_is_precise() {
    let a = Allowed {
        ids: ["revenue", "ent_10bn", "C01", "hebei-competition", "topsis"]
            .map(String::from)
            .into(),
        periods: ["current".to_string()].into(),
        english_only: ["Smart Valley".to_string()].into(),
        chinese_only: ["保定市", "单位营收能耗（吨标煤/万元）", "无"]
            .map(String::from)
            .into(),
    };
    let zh = |t: &str| stray_zh(t, &a);
    // Ids, periods after @, file names, the tool, formulas, English-only
    // names: nothing.
    assert!(zh("revenue@current ent_10bn C01 hebei-competition topsis").is_empty());
    assert!(zh("见 ranking.csv 与 round.toml；由 cluster-eval 生成").is_empty());
    assert!(zh("Spearman ρ、Kendall τ-b、Sobol、log(1+x)、max、min、U(0.8, 1.2)").is_empty());
    assert!(zh("Smart Valley 集群").is_empty());
    // Free English, a period without its field, a transform id.
    assert_eq!(zh("入选 selected"), ["selected"]);
    assert_eq!(zh("现期 current"), ["current"]);
    assert_eq!(zh("cap_p95 log1p → 12"), ["cap"]);
    assert_eq!(zh("minmax"), ["minmax"]);
    assert_eq!(zh("revenue_cagr"), ["revenue", "cagr"]);
    // Two letters are not a word.
    assert!(zh("编号 ID，df 2").is_empty());
    let en = |t: &str| stray_en(t, &a);
    assert!(en("same city (保定市); source: column 单位营收能耗（吨标煤/万元）").is_empty());
    assert!(en("submitted as \"无\"").is_empty());
    // A unit is no name: excused inside the quoted header only.
    assert_eq!(en("12 吨标煤/CNY 10,000"), ["吨标煤"]);
    assert_eq!(en("ahead on 答辩 defence panel score"), ["答辩"]);
    // A name broken over two lines by pdftotext is still the name.
    assert!(en("city 保定 市").is_empty());
    assert!(findings("report.pdf", "city 保定\n市 ok", "en", &a).is_empty());
    let f = findings("report.md", "ok\nboundary tie: 答辩\nagain 答辩", "en", &a);
    assert_eq!(f, ["report.md: \"答辩\" in: boundary tie: 答辩"]);
}

/// The whole page as headless Chromium renders it: a probe script
/// appended to the page puts `document.body.innerText` into a `<pre>`
/// once the page's own scripts have run.
mod browser {
    use super::{allowed, findings, none};
    use crate::browser::chromium;
    use crate::workdir::WorkDir;

    const PROBE: &str = r#"<script>
addEventListener('load', () => setTimeout(() => {
  const text = document.body.innerText;
  const pre = document.createElement('pre');
  pre.id = 'whole-probe';
  pre.textContent = text;
  document.body.appendChild(pre);
}, 300));
</script>"#;

    /// `document.body.innerText` of `page` (a file of `w`).
    fn inner_text(w: &WorkDir, page: &str) -> String {
        let html = w.read(&format!("o/{page}"));
        assert!(html.contains("</body>"), "{page}");
        let probe = format!("o/probe-{page}");
        w.write(&probe, html.replace("</body>", &format!("{PROBE}</body>")));
        let (dom, log) = chromium(&["--dump-dom"], &w.path(&probe));
        let open = "<pre id=\"whole-probe\">";
        let start = dom
            .find(open)
            .unwrap_or_else(|| panic!("the probe did not run in {page}:\n{log}"))
            + open.len();
        let end = dom[start..].find("</pre>").map_or(dom.len(), |e| start + e);
        dom[start..end]
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&nbsp;", " ")
            .replace("&amp;", "&")
    }

    fn pages(lang: &str) {
        let mut bad = Vec::new();
        for round in ["hebei-2022-competition", "hebei-2024-midterm"] {
            let w = WorkDir::new();
            w.sample_round(round);
            w.ok(&["run", "round", "--out", "o", "--lang", lang]);
            let a = allowed(&w, "o");
            for page in ["report.html", "summary.html"] {
                let text = inner_text(&w, page);
                assert!(text.lines().count() > 10, "{round} {page}: {text}");
                let found = findings(page, &text, lang, &a);
                bad.extend(found.into_iter().map(|b| format!("{round} {lang} {b}")));
            }
        }
        none(&bad);
    }

    #[test]
    #[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
    fn the_whole_rendered_pages_speak_one_language_zh() {
        pages("zh");
    }

    #[test]
    #[ignore = "needs chromium (apt install chromium): run with --include-ignored"]
    fn the_whole_rendered_pages_speak_one_language_en() {
        pages("en");
    }
}

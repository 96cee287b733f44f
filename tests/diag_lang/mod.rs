//! Warnings and notes in the report's language (`Diagnostic::shown`).
//!
//! Every warning and note a successful run can give carries a Chinese
//! text. The rounds that give them: the two samples (conflicts of
//! interest, scores far from the panel, a declared figure against the
//! roster), hand-edited copies of them (a file not in UTF-8, a row of a
//! year the round does not use, a reviewer's track no cluster is in, a
//! history row of an unknown cluster, no enterprise roster, an indicator
//! without its English name) and the messy-workbook corpus (title rows,
//! a units row, totals / notes / signatures, hidden rows, full-width ids).
//! With `--lang zh`, each line of report.md's data notes starts with the
//! severity as a word (警告 / 提示), is located in Chinese ("第 12 行",
//! "R32 列") and its message holds no English word of three letters or
//! more apart from ids and keys the round defines, file names and values
//! quoted from the user's file. With `--lang en` the lines are the
//! English ones (`Display`), as before. Each family is also checked
//! against its exact text in both languages. Sites no round here reaches
//! are held by a scan of src/: every `Diagnostic::warning(` or `note(`
//! gives a `.zh(` text.

use crate::workdir::{repo, run_in, WorkDir};
use std::collections::BTreeSet;
use std::path::Path;

/// Names accepted in a Chinese message: encodings, and the programs a
/// clerk uses under their own names.
const SYMBOLS: &[&str] = &["UTF", "GBK", "GB18030", "Excel", "VBA"];

/// The diagnostics of report.md's data notes.
fn data_notes(md: &str) -> Vec<String> {
    let starts = [
        "- 警告：",
        "- 提示：",
        "- 错误：",
        "- warning: ",
        "- note: ",
    ];
    md.lines()
        .filter(|l| starts.iter().any(|s| l.starts_with(s)))
        .map(|l| l[2..].to_string())
        .collect()
}

/// The ids and keys a round defines: the first column of its CSV files,
/// every key and `id` value of its TOML files.
fn defined(dir: &Path) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for entry in std::fs::read_dir(dir).expect("round dir") {
        let p = entry.expect("entry").path();
        match p.extension().and_then(|e| e.to_str()) {
            Some("csv") if p.metadata().map(|m| m.len() < 5_000_000).unwrap_or(false) => {
                if let Ok(text) = std::fs::read_to_string(&p) {
                    for line in text.lines() {
                        out.extend(line.split(',').next().map(|s| s.trim().to_string()));
                    }
                }
            }
            Some("toml") => {
                for line in std::fs::read_to_string(&p).unwrap_or_default().lines() {
                    if let Some((key, value)) = line.split_once('=') {
                        out.insert(key.trim().to_string());
                        let key = key.trim();
                        if key.ends_with("id") || key == "field" {
                            out.insert(value.trim().trim_matches('"').to_string());
                        }
                    }
                }
            }
            _ => {}
        }
    }
    out
}

/// Tokens of a Chinese diagnostic line out of place: runs of ASCII
/// letters, digits, `_` and `.` holding three letters in a row, other than
/// file names and ids or keys of the round, in the message (after the
/// location) once the values quoted from the file (“…”) are taken out.
fn stray(line: &str, ids: &BTreeSet<String>) -> Vec<String> {
    let mut text = String::new();
    let mut quoted = 0;
    for c in line.chars() {
        match c {
            '“' => quoted += 1,
            '”' => quoted -= 1,
            _ if quoted == 0 => text.push(c),
            _ => {}
        }
    }
    let message = text.splitn(3, '：').nth(2).unwrap_or("").to_string();
    let three = |t: &str| {
        t.split(|c: char| !c.is_ascii_alphabetic())
            .any(|w| w.len() >= 3)
    };
    message
        .split(|c: char| !(c.is_ascii_alphanumeric() || "_./[]".contains(c)))
        .map(|t| t.trim_matches('.'))
        .filter(|t| three(t))
        .filter(|t| {
            ![".csv", ".xlsx", ".toml", ".json"]
                .iter()
                .any(|e| t.contains(e))
        })
        .filter(|t| !ids.contains(*t) && !SYMBOLS.contains(t))
        .map(String::from)
        .collect()
}

/// The data notes of a run of `dir` in Chinese, each checked: severity
/// word, location, no stray English. Returns them.
fn zh_notes(root: &Path, dir: &Path, out: &str) -> Vec<String> {
    let o = run_in(
        root,
        &["run", dir.to_str().unwrap(), "--out", out, "--lang", "zh"],
    );
    assert_eq!(o.code, 0, "{}", o.all());
    let md = std::fs::read_to_string(root.join(out).join("report.md")).expect("report.md");
    let notes = data_notes(&md);
    let ids = defined(dir);
    for line in &notes {
        assert!(
            line.starts_with("警告：") || line.starts_with("提示："),
            "{line}"
        );
        assert!(
            !line.contains("row ") && !line.contains("column "),
            "{line}"
        );
        let bad = stray(line, &ids);
        assert!(bad.is_empty(), "English in a Chinese note: {bad:?}\n{line}");
    }
    notes
}

/// The data notes of a run in English.
fn en_notes(root: &Path, dir: &Path, out: &str) -> Vec<String> {
    let o = run_in(
        root,
        &["run", dir.to_str().unwrap(), "--out", out, "--lang", "en"],
    );
    assert_eq!(o.code, 0, "{}", o.all());
    let md = std::fs::read_to_string(root.join(out).join("report.md")).expect("report.md");
    data_notes(&md)
}

fn has(notes: &[String], line: &str) {
    assert!(
        notes.iter().any(|n| n == line),
        "no line\n  {line}\namong\n  {}",
        notes.join("\n  ")
    );
}

#[test]
fn the_samples_give_their_review_and_roster_notes_in_both_languages() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    let zh = zh_notes(&w.root, &round, "zh");
    let en = en_notes(&w.root, &round, "en");
    assert_eq!(zh.len(), en.len(), "{zh:?}\n{en:?}");
    // Reviewer R32 and cluster C10 are both of 邯郸市 (reviewers.csv,
    // clusters.csv); the sample's stage 初审 has the id preliminary.
    has(&zh, "警告：reviews.csv R32 / C10 列：利益回避：评审专家 R32 在初审给集群 C10 的评分不予采用：同城（邯郸市）");
    has(&en, "warning: reviews.csv, column R32 / C10: conflict of interest: the score of reviewer R32 for cluster C10 at preliminary is excluded: same city (邯郸市)");
    // The same z in both: the numbers are not reworded.
    let far = |l: &str| l.contains("R12 / C12");
    let (z, e) = (
        zh.iter().find(|l| far(l)).expect("zh outlier"),
        en.iter().find(|l| far(l)).expect("en outlier"),
    );
    assert!(z.starts_with("提示：reviews.csv R12 / C12 列：评分偏离评审组：评审专家 R12 在初审给集群 C12 打了 56 分（评审组均值 "), "{z}");
    assert!(e.starts_with("note: reviews.csv, column R12 / C12: score far from the panel: reviewer R12 gave cluster C12 56 at preliminary (panel mean "), "{e}");
    let tail = |l: &str| {
        l.rsplit("z = ")
            .next()
            .unwrap()
            .trim_end_matches([')', '）'])
            .to_string()
    };
    assert_eq!(tail(z), tail(e));

    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    let zh = zh_notes(&w.root, &round, "zh");
    let en = en_notes(&w.root, &round, "en");
    has(&zh, "警告：indicators.csv 第 191 行 above_scale 列：集群 HB06 申报的规上企业数（above_scale）为 260，而企业名录得出 236（相差 9.2 %，容差 5 %）；按名录数计分");
    has(&en, "warning: indicators.csv, row 191, column above_scale: cluster HB06 declared above_scale = 260 but the roster gives 236 (9.2 % apart, tolerance 5 %); the roster figure is scored");
}

#[test]
fn hand_made_warnings_are_worded_in_chinese() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2022-competition");
    // clusters.csv saved as GBK; a row of 2016 (the round uses 2019, 2021
    // and 2025); reviewer R01 also named for a track no cluster is in;
    // indicator 1 without its English name.
    let clusters = w.read("round/clusters.csv");
    w.write(
        "round/clusters.csv",
        gbk(clusters.trim_start_matches('\u{feff}')),
    );
    let mut indicators = w.read("round/indicators.csv");
    indicators.push_str("C01,2016,700.5,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,,\n");
    w.write("round/indicators.csv", indicators);
    w.edit(
        "round/reviewers.csv",
        "天津市,高端装备",
        "天津市,高端装备;深海装备",
    );
    w.edit(
        "round/framework.toml",
        "name_en = \"Leading-industry revenue vs declared target\"\n",
        "",
    );
    let zh = zh_notes(&w.root, &round, "zh");
    let en = en_notes(&w.root, &round, "en");
    has(&zh, "警告：clusters.csv：编码：文件不是 UTF-8，已按 GB18030 (GBK) 读取。请另存为 UTF-8 以确保字符无误");
    has(&en, "warning: clusters.csv: encoding: the file is not UTF-8; it was read as GB18030 (GBK). Save it as UTF-8 to be sure of the characters");
    has(&zh, "警告：indicators.csv 第 92 行 年份 列，值 “2016”：1 行属于 2016 年，不是本轮的年份（应为 2019（基期）、2021（当期）或 2025（目标））：未读取（保留在 rejections.csv 中）");
    has(&en, "warning: indicators.csv, row 92, column 年份, value \"2016\": 1 row(s) for 2016, which is not a year of this round (expected 2019 (baseline), 2021 (current) or 2025 (target)): not read (kept in rejections.csv)");
    has(
        &zh,
        "警告：reviewers.csv 第 2 行 评审赛道 列，值 “深海装备”：本轮没有集群属于这一赛道",
    );
    has(&en, "warning: reviewers.csv, row 2, column 评审赛道, value \"深海装备\": no cluster of the round is in this track");
    has(
        &zh,
        "警告：framework.toml 键 indicator[1].name_zh：指标应同时有 name_zh 和 name_en",
    );
    has(&en, "warning: framework.toml, column indicator[1].name_zh: indicators should have both name_zh and name_en");
    // `check --lang zh` prints the same Chinese lines; without `--lang`
    // the diagnostics stay English.
    let check = w.run(&["check", "round", "--lang", "zh"]);
    assert!(
        check.all().contains(
            "警告：reviewers.csv 第 2 行 评审赛道 列，值 “深海装备”：本轮没有集群属于这一赛道"
        ),
        "{}",
        check.all()
    );
    let check = w.run(&["check", "round"]);
    assert!(check.all().contains("warning: reviewers.csv, row 2, column 评审赛道, value \"深海装备\": no cluster of the round is in this track"), "{}", check.all());

    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    // A history row of a cluster not in the registry; no roster.
    let mut history = w.read("round/history.csv");
    history.push_str("HB99,2022,良好,continue\n");
    w.write("round/history.csv", history);
    w.edit("round/round.toml", "enterprises = \"enterprises.csv\"", "");
    let zh = zh_notes(&w.root, &round, "zh");
    let en = en_notes(&w.root, &round, "en");
    has(&zh, "警告：history.csv 第 13 行 cluster_id 列，值 “HB99”：集群不在本轮的集群名录中；其历史数据不予采用；是否应为 HB09？");
    has(&en, "warning: history.csv, row 13, column cluster_id, value \"HB99\": cluster not in this round's registry; its history is ignored; did you mean HB09?");
    let roster = zh
        .iter()
        .find(|l| l.contains("inputs.enterprises"))
        .expect("no roster");
    assert!(
        roster.starts_with("提示：round.toml 键 inputs.enterprises：未提供企业名录：above_scale、"),
        "{roster}"
    );
    assert!(roster.ends_with(" 按申报数计分"), "{roster}");
}

/// `text` in GBK (the sample's characters are all in GB 2312), written by
/// python3's codec.
fn gbk(text: &str) -> Vec<u8> {
    let out = std::process::Command::new("python3")
        .args([
            "-c",
            "import sys; sys.stdout.buffer.write(sys.stdin.read().encode('gbk'))",
        ])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut c| {
            use std::io::Write;
            c.stdin.take().expect("stdin").write_all(text.as_bytes())?;
            c.wait_with_output()
        })
        .expect("python3 runs");
    assert!(out.status.success(), "python3 cannot write GBK");
    out.stdout
}

#[test]
fn messy_workbook_warnings_are_worded_in_chinese() {
    let w = WorkDir::new();
    let Some(corpus) = crate::messy::make_corpus(&w, "messy workbooks not checked in Chinese")
    else {
        return;
    };
    let mut all = Vec::new();
    for case in [
        "title_rows",
        "units_row",
        "rows_after_data",
        "registry_footnote",
        "hidden_rows",
        "fullwidth_ids",
    ] {
        // round.toml names the repository's framework by its full path.
        let dir = corpus.join(case);
        let notes = zh_notes(&w.root, &dir, &format!("out-{case}"));
        all.extend(notes.into_iter().filter(|l| !l.contains("reviews.csv")));
    }
    // A value entered in 万元 in a 亿元 column: `check --lang zh` words
    // the plausibility finding in Chinese, as data_quality.csv does.
    let dir = corpus.join("wan_in_yi");
    let check = run_in(&w.root, &["check", dir.to_str().unwrap(), "--lang", "zh"]);
    let slip = check
        .all()
        .lines()
        .find(|l| l.contains("数据质量（单位错填）：集群 "))
        .map(String::from)
        .unwrap_or_else(|| panic!("no unit slip in Chinese:\n{}", check.all()));
    assert!(slip.starts_with("警告："), "{slip}");
    assert!(slip.contains("，当期："), "{slip}");
    assert!(!check.all().contains("data quality"), "{}", check.all());
    let at = |part: &str| -> &String {
        all.iter()
            .find(|l| l.contains(part))
            .unwrap_or_else(|| panic!("no note with {part:?} in {all:#?}"))
    };
    assert!(at("indicators.xlsx[申报数据] 第 1 行：").ends_with("：表头（第 3 行）上方的第 1-2 行作为标题行跳过：“河北省先进制造业集群竞赛申报数据表（2022年）”；“填报日期：2022年3月15日”"));
    assert!(at("是单位行").contains("第 2 行：表头下方的第 2 行是单位行；其单位已并入表头：主导产业营业收入 → 主导产业营业收入(亿元)，"));
    assert!(at("（合计行）")
        .contains("4 行不是数据记录，已剔除（列于 rejections.csv）：第 93 行（合计行）“合计 "));
    assert!(at("（说明行）“填表说明：以上名录")
        .contains("clusters.xlsx[集群名录] 第 33 行：1 行不是数据记录"));
    assert!(at("已隐藏").ends_with("第 5 行：第 5、6 行在 Excel 中已隐藏；已与其他行一样作为数据读取（请取消隐藏加以核对，或删除不是数据的行）"));
    assert!(at("全角").contains("集群编号 列，值 “Ｃ０１”：24 个以全角字符或多余空格书写的集群编号已按规范写法读取：第 2 行 “Ｃ０１” 读作 “C01”，"));
}

/// The source files under `dir`, recursively.
fn sources(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("src") {
        let p = entry.expect("entry").path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

#[test]
fn every_warning_and_note_site_gives_a_chinese_text() {
    // Sites not reached by the rounds above (a hidden sheet or column,
    // a panel of one track, a missing glyph, …) are held to it here: each
    // `Diagnostic::warning(` or `Diagnostic::note(` of src/ is followed,
    // within its statement, by `.zh(`. (The framework's `warn` takes both
    // texts, so the compiler holds those.)
    let mut files = Vec::new();
    sources(&repo().join("src"), &mut files);
    let mut missing = Vec::new();
    let mut sites = 0;
    for f in files
        .iter()
        .filter(|f| !f.to_string_lossy().contains("src/diag"))
    {
        let text = std::fs::read_to_string(f).expect("source");
        let lines: Vec<&str> = text.lines().collect();
        let site = |l: &str| l.contains("Diagnostic::warning(") || l.contains("Diagnostic::note(");
        for i in (0..lines.len()).filter(|&i| site(lines[i])) {
            sites += 1;
            // The lines up to the next site (at most 25): its statement.
            // Sites on consecutive lines (arms of one match) share one.
            let end = (i + 1..lines.len())
                .find(|&j| site(lines[j]) && !site(lines[j - 1]))
                .unwrap_or(lines.len())
                .min(i + 25);
            if !lines[i..end].iter().any(|x| x.contains(".zh(")) {
                missing.push(format!("{}:{}", f.display(), i + 1));
            }
        }
    }
    assert!(sites >= 20, "only {sites} sites found");
    assert!(missing.is_empty(), "no Chinese text at {missing:#?}");
}

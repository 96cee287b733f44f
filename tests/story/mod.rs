//! One story per kind of round, and numbers by kind, read back from the
//! outputs of the two sample rounds.
//!
//! A competition's report.md and report.html lead with the decisions, and
//! show the indicator scores as an "indicator score ranking" without
//! grades; a mid-term's lead with grades and outcomes. The counts of
//! entrants (entered, failed a gate, scored) are computed here from
//! decisions.csv and clusters.csv and must be what every report and
//! `explain` say; `explain` gives the decision rank, status, stage and
//! final score of decisions.csv's row. Numbers carry no floating-point
//! noise, counts are whole, a progress or a target's achievement is a
//! percentage, and a value shown is within its rounding of trace.csv's.

use crate::workdir::{col, read_csv, read_keyed, Keyed, WorkDir};

/// The sample round `name` run into `o/` (zh), and into `en/` in English.
fn run(name: &str) -> WorkDir {
    let w = WorkDir::new();
    let round = w.sample_round(name);
    let round = round.to_str().unwrap();
    w.ok(&["run", round, "--out", "o"]);
    w.ok(&["run", round, "--out", "en", "--lang", "en"]);
    w
}

/// The `## ` headings of a Markdown report, in order.
fn md_sections(md: &str) -> Vec<&str> {
    md.lines().filter_map(|l| l.strip_prefix("## ")).collect()
}

/// The text of each `<h2>` of an HTML page, in order.
fn h2s(html: &str) -> Vec<&str> {
    html.split("<h2")
        .skip(1)
        .filter_map(|s| {
            let s = &s[s.find('>')? + 1..];
            Some(&s[..s.find("</h2>")?])
        })
        .collect()
}

/// The lines of the Markdown section whose heading starts with `heading`.
fn md_section<'a>(md: &'a str, heading: &str) -> Vec<&'a str> {
    let start = md
        .find(&format!("\n## {heading}"))
        .unwrap_or_else(|| panic!("no section {heading}"));
    let rest = &md[start + 1..];
    let end = rest[3..].find("\n## ").map_or(rest.len(), |k| k + 3);
    rest[..end].lines().collect()
}

/// Entered, failed a gate, screened out and scored, from decisions.csv.
fn counts(d: &Keyed) -> (usize, usize, usize, usize) {
    let of = |s: &str| d.values().filter(|r| r["status"] == s).count();
    let (gated, screened) = (of("failed_gate"), of("screened_out"));
    (d.len(), gated, screened, d.len() - gated - screened)
}

#[test]
fn a_competition_leads_with_its_decisions_and_ranks_indicator_scores_without_grades() {
    let w = run("hebei-2022-competition");
    let md = w.read("o/report.md");
    let html = w.read("o/report.html");
    let en = w.read("en/report.html");
    // The decisions first.
    assert_eq!(md_sections(&md)[0], "评审结果", "{md}");
    assert_eq!(h2s(&html)[0], "评审结果");
    assert_eq!(h2s(&en)[0], "Decisions");
    // Its result lines: each status with as many clusters as decisions.csv.
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    let selected = d.values().filter(|r| r["status"] == "selected").count();
    assert_eq!(selected, 11, "the sample's quota of 11 is filled");
    assert!(md.contains(&format!("- 入选 ({selected}): C01 ")), "{md}");
    assert!(en.contains(&format!("<li>selected ({selected}): C01 ")));
    // Then the indicator score ranking, labelled as such, with no grade.
    let ranking = md_section(&md, "指标得分排序");
    let header = ranking.iter().find(|l| l.starts_with("| ")).unwrap();
    assert!(header.starts_with("| 指标得分名次 |"), "{header}");
    assert!(
        !header.contains("Grade") && !header.contains("等"),
        "{header}"
    );
    let rows: Vec<_> = ranking.iter().filter(|l| l.starts_with("| ")).collect();
    assert_eq!(rows.len(), 1 + 29, "the header and the 29 scored");
    for grade in ["优秀", "良好", "合格", "excellent", "good", "pass", "fail"] {
        assert!(
            !ranking.iter().any(|l| l.contains(grade)),
            "{grade} in the competition's ranking"
        );
        // Nor on a scorecard.
        assert!(!md.contains(&format!("· 等级: {grade}")));
    }
    assert!(!md.contains("| 排名 |"), "the word rank alone is ambiguous");
    for page in [&html, &en] {
        let table = &page[page.find("id=\"ranking\"").unwrap()..];
        let table = &table[..table.find("</table>").unwrap()];
        let head = &table[..table.find("</thead>").unwrap()];
        assert!(!head.contains("等次") && !head.contains("Grade"), "{head}");
        assert!(!table.contains("良好") && !table.contains(">good<"));
    }
    assert_eq!(noise(&md), None);
    assert_eq!(noise(&page_text(&en)), None);
    assert!(h2s(&html).contains(&"指标得分排序"));
    assert!(h2s(&en).contains(&"Indicator score ranking"));
}

#[test]
fn the_counts_of_entrants_agree_with_decisions_csv_everywhere() {
    let w = run("hebei-2022-competition");
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    let (entered, gated, screened, scored) = counts(&d);
    // Independently: every row of clusters.csv entered; C25 fails a gate
    // (leading share 68.4 < 70, round.toml).
    let (_, registry) = read_csv(&w.path("round/clusters.csv"));
    assert_eq!(
        (entered, gated, screened, scored),
        (registry.len(), 1, 0, 29)
    );
    assert_eq!(d["C25"]["status"], "failed_gate");
    let zh = format!("参评 {entered}，资格审查未通过 {gated}，参与评分 {scored}");
    let en = format!("entered {entered}, failed a gate {gated}, scored {scored}");
    let md = w.read("o/report.md");
    assert!(md.contains(&format!("- 参评集群: {zh}\n")), "{md}");
    assert!(w
        .read("o/report.html")
        .contains(&format!("参评集群: {zh}</li>")));
    assert!(w
        .read("en/report.html")
        .contains(&format!("Clusters: {en}</li>")));
    let out = w.ok(&["explain", "o", "C17", "--lang", "en"]).stdout;
    assert!(out.contains(&format!("\nclusters: {en}\n")), "{out}");
    let out = w.ok(&["explain", "o", "C17"]).stdout;
    assert!(out.contains(&format!("\n参评集群：{zh}\n")), "{out}");
    // The preliminary boundary counts the same clusters as scored.
    assert!(
        md.contains(&format!("初审：{scored} 个中 18 个晋级")),
        "{md}"
    );
}

/// `explain`'s words for a decision, from decisions.csv's row: "selected,
/// decision rank 11 of 29 at stage defence, final score 70.26" in English,
/// "入选，评审名次 第 11 名（共 29 个，答辩阶段），最终得分 70.26" in Chinese.
fn decision_words(
    row: &std::collections::BTreeMap<String, String>,
    scored: usize,
    lang: &str,
) -> String {
    let (zh, en) = match row["stage_reached"].as_str() {
        "defence" => ("答辩", "defence"),
        "preliminary" => ("初审", "preliminary review"),
        other => panic!("stage {other}"),
    };
    // Out before the last stage: no final score; the score of the stage it
    // was ranked in (decisions.csv's `preliminary_score`), labelled so.
    if row["final_score"].is_empty() {
        assert_eq!(row["stage_reached"], "preliminary");
        let score = &row["preliminary_score"];
        assert!(!score.is_empty(), "{row:?}");
        return if lang == "zh" {
            format!(
                "{}，评审名次 第 {} 名（共 {scored} 个，初审阶段），初审得分 {score}（未进入答辩环节，无最终得分）",
                row["status_zh"], row["rank"]
            )
        } else {
            format!(
                "{}, decision rank {} of {scored} at stage preliminary review, preliminary review score {score} (did not reach the defence stage: no final score)",
                row["status"].replace('_', " "),
                row["rank"]
            )
        };
    }
    let fin = &row["final_score"];
    if lang == "zh" {
        format!(
            "{}，评审名次 第 {} 名（共 {scored} 个，{zh}阶段），最终得分 {fin}",
            row["status_zh"], row["rank"]
        )
    } else {
        format!(
            "{}, decision rank {} of {scored} at stage {en}, final score {fin}",
            row["status"].replace('_', " "),
            row["rank"]
        )
    }
}

#[test]
fn explain_gives_the_decision_of_decisions_csv_and_labels_the_indicator_score_rank() {
    let w = run("hebei-2022-competition");
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    let ranking = read_keyed(&w.path("o/ranking.csv"), "cluster_id");
    let (_, _, _, scored) = counts(&d);
    // The boundary tie: C17 and C19 share the final score 70.26 and the
    // tie-break puts C17 11th (selected), C19 12th (not selected), while
    // their indicator scores rank them 13th and 12th.
    assert_eq!(
        (d["C17"]["rank"].as_str(), d["C19"]["rank"].as_str()),
        ("11", "12")
    );
    assert_eq!(d["C17"]["final_score"], "70.26");
    assert_eq!(d["C19"]["final_score"], "70.26");
    assert_eq!(ranking["C17"]["rank"], "13");
    assert_eq!(ranking["C19"]["rank"], "12");
    let one = w.ok(&["explain", "o", "C17", "--lang", "en"]).stdout;
    assert!(
        one.contains(&format!(
            "\nresult: {}\n",
            decision_words(&d["C17"], scored, "en")
        )),
        "{one}"
    );
    assert!(
        one.contains(&format!("indicator score rank 13 of {scored}\n")),
        "{one}"
    );
    assert!(!one.contains("\nrank 13"), "an unlabelled rank: {one}");
    let zh = w.ok(&["explain", "o", "C17"]).stdout;
    assert!(
        zh.contains(&format!(
            "\n结果：{}\n",
            decision_words(&d["C17"], scored, "zh")
        )),
        "{zh}"
    );
    assert!(
        zh.contains(&format!("指标得分名次 第 13 名（共 {scored} 个）\n")),
        "{zh}"
    );
    let vs = w
        .ok(&["explain", "o", "C17", "--vs", "C19", "--lang", "en"])
        .stdout;
    for (id, rank) in [("C17", 13), ("C19", 12)] {
        let words = decision_words(&d[id], scored, "en");
        assert!(
            vs.contains(&format!("{id} ({words}; indicator score ")),
            "{id}: {words} not in\n{vs}"
        );
        assert!(
            vs.contains(&format!("indicator score rank {rank})")),
            "{vs}"
        );
    }
    assert!(vs.contains("\nindicator score difference -0.89\n"), "{vs}");
    assert_eq!(noise(&vs), None, "{vs}");
    assert!(!vs.contains("residual"), "the contributions add up: {vs}");
    assert!(
        vs.contains("  sum -0.89 (the contributions add up to the difference)\n"),
        "{vs}"
    );
    let vs = w.ok(&["explain", "o", "C17", "--vs", "C19"]).stdout;
    for (id, rank) in [("C17", 13), ("C19", 12)] {
        let words = decision_words(&d[id], scored, "zh");
        assert!(
            vs.contains(&format!("{id}（{words}；指标得分 ")),
            "{id}: {words} not in\n{vs}"
        );
        assert!(vs.contains(&format!("指标得分名次 第 {rank} 名）")), "{vs}");
    }
    assert!(vs.contains("\n指标得分相差 -0.89\n"), "{vs}");
    assert!(!vs.contains("残差"), "the contributions add up: {vs}");
    // The scorecards of report.md say the same, and label the other rank.
    let md = w.read("o/report.md");
    for (id, rank) in [("C17", 13), ("C19", 12)] {
        let row = &d[id];
        let line = format!(
            "- 评审结果: {} · 评审名次: {} · 最终得分: {}\n",
            row["status_zh"], row["rank"], row["final_score"]
        );
        assert!(md.contains(&line), "{line}");
        assert!(md.contains(&format!(
            "- 指标得分: **{}** / 100 · 指标得分名次: {rank}",
            ranking[id]["total"]
                .parse::<f64>()
                .map(|x| format!("{x:.2}"))
                .unwrap()
        )));
    }
    // A cluster out at the preliminary stage: its rank belongs to that stage.
    let c27 = w.ok(&["explain", "o", "C27", "--lang", "en"]).stdout;
    assert!(
        c27.contains(&decision_words(&d["C27"], scored, "en")),
        "{c27}"
    );
    assert!(c27.contains("at stage preliminary review"));
    let c27 = w.ok(&["explain", "o", "C27"]).stdout;
    assert!(
        c27.contains(&decision_words(&d["C27"], scored, "zh")),
        "{c27}"
    );
    assert!(c27.contains("初审阶段"));
}

/// explain's round line counts the statuses of decisions.csv, worded in
/// the language asked for (no status id in either), and C27 (out at the
/// preliminary review, decisions.csv: rank 19, preliminary score 62.32, no
/// final score) shows its preliminary score, labelled as such.
#[test]
fn explain_words_the_round_counts_and_the_stage_score_of_a_cluster_out_early() {
    let w = run("hebei-2022-competition");
    let (h, rows) = read_csv(&w.path("o/decisions.csv"));
    let cell = |r: &Vec<String>, c: &str| r[col(&h, c)].clone();
    // Status ids in the order of process::Status::ALL, with their words
    // (README, "Statuses").
    let words = [
        ("failed_gate", "failed a gate", "资格审查未通过"),
        ("not_shortlisted", "not shortlisted", "未入围"),
        ("selected", "selected", "入选"),
        ("not_selected", "not selected", "未入选"),
    ];
    let count = |id: &str| rows.iter().filter(|r| cell(r, "status") == id).count();
    // Hand-checked: 1 + 11 + 11 + 7 = 30 entrants, and no other status.
    assert_eq!(
        words.map(|(id, _, _)| count(id)),
        [1, 11, 11, 7],
        "decisions.csv"
    );
    assert_eq!(rows.len(), 30);
    let en: Vec<String> = words
        .iter()
        .map(|(id, e, _)| format!("{e} {}", count(id)))
        .collect();
    let zh: Vec<String> = words
        .iter()
        .map(|(id, _, z)| format!("{z} {} 个", count(id)))
        .collect();
    let out = w.ok(&["explain", "o", "C27", "--lang", "en"]).stdout;
    assert!(
        out.contains(&format!("\nround: {}\n", en.join(", "))),
        "{out}"
    );
    assert!(!out.contains("failed_gate") && !out.contains("not_selected"));
    assert!(
        out.contains("  preliminary review score 62.32, decision rank 19 (did not reach the defence stage: no final score)\n"),
        "{out}"
    );
    assert!(!out.contains("final score —"), "{out}");
    let out = w.ok(&["explain", "o", "C27"]).stdout;
    assert!(
        out.contains(&format!("\n本轮：{}\n", zh.join("，"))),
        "{out}"
    );
    assert!(
        out.contains("  初审得分 62.32，评审名次 19（未进入答辩环节，无最终得分）\n"),
        "{out}"
    );
    let c27 = rows
        .iter()
        .find(|r| cell(r, "cluster_id") == "C27")
        .unwrap();
    assert_eq!(
        [
            cell(c27, "rank"),
            cell(c27, "preliminary_score"),
            cell(c27, "final_score")
        ],
        ["19", "62.32", ""]
    );
}

#[test]
fn a_midterm_leads_with_grades_and_outcomes() {
    let w = run("hebei-2024-midterm");
    let md = w.read("o/report.md");
    assert_eq!(md_sections(&md)[0], "等次与处理", "{md}");
    assert_eq!(h2s(&w.read("o/report.html"))[0], "等次与处理");
    assert_eq!(h2s(&w.read("en/report.html"))[0], "Grades and outcomes");
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    // Each grade and each outcome, with its clusters as decisions.csv has
    // them; the sample has 2 good, 4 pass, 5 fail and one exit (HB08).
    for (column, zh, en, n) in [
        ("grade", "良好", "good", 2),
        ("grade", "合格", "pass", 4),
        ("grade", "不合格", "fail", 5),
        ("outcome", "退出", "exit", 1),
    ] {
        let ids: Vec<&String> = d
            .iter()
            .filter(|(_, r)| r[column] == en)
            .map(|(id, _)| id)
            .collect();
        assert_eq!(ids.len(), n, "{column} {en}");
        let line = md
            .lines()
            .find(|l| l.starts_with(&format!("- {zh} (")))
            .unwrap_or_else(|| panic!("no line for {en}"));
        assert!(line.starts_with(&format!("- {zh} ({n}): ")), "{line}");
        assert!(ids.iter().all(|id| line.contains(id.as_str())), "{line}");
    }
    // A mid-term hands out grades: its ranking keeps them.
    let ranking = md_section(&md, "排名");
    assert!(ranking.iter().any(|l| l.contains("| 良好 |")));
    assert!(md.contains("- 参评集群: 参评 11，参与评分 11\n"));
}

/// Digits of a fraction longer than any figure a person reads (float
/// noise such as 2.4000000000000004), or an exponent (0e0, 1.69e-4), in a
/// number (not in a word or a colour such as #1f4e79).
fn noise(text: &str) -> Option<String> {
    let b = text.as_bytes();
    for (k, &c) in b.iter().enumerate() {
        // The number that ends just before `c`, if it stands alone.
        let start = b[..k]
            .iter()
            .rposition(|x| !(x.is_ascii_digit() || *x == b'.'))
            .map_or(0, |p| p + 1);
        let alone = start == 0 || !(b[start - 1].is_ascii_alphanumeric() || b[start - 1] == b'#');
        let digit_before = k > 0 && b[k - 1].is_ascii_digit() && alone;
        if c == b'.' && digit_before {
            let run = b[k + 1..].iter().take_while(|x| x.is_ascii_digit()).count();
            if run >= 10 {
                return Some(text[k.saturating_sub(8)..(k + 1 + run).min(text.len())].into());
            }
        }
        if c == b'e' && digit_before {
            let next = b.get(k + 1).copied().unwrap_or(b' ');
            if next.is_ascii_digit() || next == b'-' {
                return Some(text[k.saturating_sub(8)..(k + 4).min(text.len())].into());
            }
        }
    }
    None
}

/// The text a page shows: no tags (attributes hold exact sort keys), no
/// styles, no script.
fn page_text(html: &str) -> String {
    let body = &html[html.find("<body>").unwrap()..];
    let body = &body[..body.find("<script>").unwrap_or(body.len())];
    let mut out = String::with_capacity(body.len());
    let mut in_tag = false;
    for ch in body.chars() {
        match ch {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

#[test]
fn the_noise_finder_finds_noise() {
    assert!(noise("points 2.4000000000000004 / 6").is_some());
    assert!(noise("residual 0e0").is_some());
    assert!(noise("p 1.69e-4").is_some());
    assert!(noise("1,081.09 亿元, 45.2%, rank 13, R&D, 5e").is_none());
    assert!(noise("color: #1f4e79; id c0e0").is_none());
}

#[test]
fn numbers_carry_no_noise_and_show_in_the_unit_of_the_value() {
    let w = run("hebei-2024-midterm");
    let md = w.read("o/report.md");
    assert_eq!(noise(&md), None);
    assert_eq!(noise(&page_text(&w.read("en/report.html"))), None);
    let trace = read_csv(&w.path("o/trace.csv"));
    let (h, rows) = (&trace.0, &trace.1);
    let col = |name: &str| h.iter().position(|c| c == name).unwrap();
    let (cid, ind, value, rule) = (
        col("cluster_id"),
        col("indicator_id"),
        col("value"),
        col("rule"),
    );
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    for id in d.keys() {
        let zh = w.ok(&["explain", "o", id]).stdout;
        assert_eq!(noise(&zh), None, "{id}");
        let out = w.ok(&["explain", "o", id, "--lang", "en"]).stdout;
        assert_eq!(noise(&out), None, "{id}");
        // Every indicator's value: within its rounding of trace.csv's
        // exact value, never 0.00 for a value that is not zero, and a
        // progress or a target's achievement in percent.
        let mut lines = out.lines();
        while let Some(l) = lines.next() {
            let Some(head) = l.strip_prefix("- ") else {
                continue;
            };
            let indicator = head.split(' ').next().unwrap();
            let row = rows
                .iter()
                .find(|r| r[cid] == *id && r[ind] == indicator)
                .unwrap();
            let Some(v) = lines.by_ref().find(|l| l.starts_with("    value ")) else {
                panic!("{id} {indicator}: no value line")
            };
            let shown = v.rsplit(" = ").next().unwrap();
            if row[value].is_empty() {
                assert_eq!(shown, "—", "{id} {indicator}");
                continue;
            }
            let exact: f64 = row[value].parse().unwrap();
            let number: String = shown
                .chars()
                .take_while(|c| c.is_ascii_digit() || matches!(c, '.' | ',' | '-'))
                .collect();
            let decimals = number.split('.').nth(1).map_or(0, str::len) as i32;
            let read: f64 = number.replace(',', "").parse().unwrap();
            assert!(
                (read - exact).abs() <= 0.5 * 10f64.powi(-decimals) + 1e-9,
                "{id} {indicator}: {shown} for {exact}"
            );
            assert!(
                read != 0.0 || exact == 0.0,
                "{id} {indicator}: {shown} for {exact}"
            );
            if matches!(row[rule].as_str(), "progress" | "target") {
                assert!(shown.ends_with('%'), "{id} {indicator}: {shown}");
            }
        }
    }
    // The scorecards too: a progress is a percentage, never 亿元.
    assert!(!md.contains("目标进度 Leading-industry revenue: progress to the 2025 target vs time elapsed | 132.36 亿元"));
    let hb02 = rows
        .iter()
        .find(|r| r[cid] == "HB02" && r[ind] == "revenue_progress")
        .unwrap();
    let pct = format!("{:.2}%", hb02[value].parse::<f64>().unwrap());
    assert_eq!(
        pct, "85.44%",
        "by hand: ((1811.09-1558.35)/(2150-1558.35))/(2/4)"
    );
    for lang in ["zh", "en"] {
        let out = w.ok(&["explain", "o", "HB02", "--lang", lang]).stdout;
        assert!(out.contains(&format!("= {pct}\n")), "{out}");
    }
}

#[test]
fn counts_are_whole_numbers_grouped_by_thousands() {
    let w = run("hebei-2024-midterm");
    let md = w.read("o/report.md");
    let (h, rows) = read_csv(&w.path("o/roster_clusters.csv"));
    let at = |c: &str| h.iter().position(|x| x == c).unwrap();
    let grouped = |n: &str| {
        let n: u64 = n.parse().unwrap();
        if n >= 1000 {
            format!("{},{:03}", n / 1000, n % 1000)
        } else {
            n.to_string()
        }
    };
    for r in &rows {
        let line = format!(
            "| {} | {} | {} | {} | {} |",
            r[at("cluster_id")],
            grouped(&r[at("listed")]),
            grouped(&r[at("counted")]),
            r[at("rejected")],
            r[at("shared")]
        );
        assert!(md.contains(&line), "{line} not in report.md");
    }
    assert!(md.contains("| HB01 | 1,800 | 1,800 | 0 | 1 |"));
    // A declared count against the roster's: whole numbers, not 260.0000.
    let (h, rows) = read_csv(&w.path("o/roster_audit.csv"));
    let at = |c: &str| h.iter().position(|x| x == c).unwrap();
    let off = rows
        .iter()
        .find(|r| r[at("cluster_id")] == "HB06" && r[at("field")] == "above_scale")
        .unwrap();
    let (declared, derived): (f64, f64) = (
        off[at("declared")].parse().unwrap(),
        off[at("derived")].parse().unwrap(),
    );
    assert_eq!((declared, derived), (260.0, 236.0));
    assert!(
        md.contains("| HB06 | 规上企业数 | 260 | 236 | 9.2% | 5.0% |"),
        "{md}"
    );
    assert!(!md.contains("260.0000"));
}

#[test]
fn scores_are_shown_at_the_frameworks_display_decimals() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    let framework = w.read("round/framework.toml");
    w.write(
        "round/framework.toml",
        format!("{framework}\n[report]\ndecimals = 3\n"),
    );
    w.ok(&["run", round.to_str().unwrap(), "--out", "o"]);
    let d = read_keyed(&w.path("o/decisions.csv"), "cluster_id");
    // 82.023576 (decisions.csv, at the ranking's 6 decimals) at 3 decimals.
    assert_eq!(d["HB02"]["final_score"], "82.023576");
    let md = w.read("o/report.md");
    assert!(
        md.contains("| 1 | HB02 保定市新能源与智能网联汽车集群 | 已评估 | 82.024 | 82.024 |"),
        "{md}"
    );
    assert!(md.contains("| 82.024 |"));
    let out = w.ok(&["explain", "o", "HB02", "--lang", "en"]).stdout;
    assert!(out.contains(", total 82.024 of 100\n"), "{out}");
    let out = w.ok(&["explain", "o", "HB02"]).stdout;
    assert!(out.contains("，总分 82.024 / 100\n"), "{out}");
    // Out of range: a located error, not a silent clamp.
    w.write(
        "round/framework.toml",
        format!("{framework}\n[report]\ndecimals = 9\n"),
    );
    let bad = w.run(&["check", "round"]);
    assert_eq!(bad.code, 1, "{}", bad.all());
    assert!(
        bad.stdout.contains(
            "error: round/framework.toml, column report.decimals, value \"9\": out of range; expected a whole number of decimals from 0 to 6"
        ),
        "{}",
        bad.stdout
    );
}

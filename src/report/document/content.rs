//! What the published documents say, built once from the result for both
//! writers: the cover block, the 公示 notice, the method, and the results
//! table of the round's kind — a competition's decisions (decisions.csv's
//! rows, in its order), a mid-term's grades and outcomes, or the indicator
//! ranking (ranking.csv's rows) of a round without a process; then, in a
//! round with a process, the rectification list (`super::rectify`).
//!
//! The cells come from the data tables (`tables::process::decisions`,
//! `tables::result::ranking`) written by their columns' kinds, as the CSV
//! files write them, so a score in the documents reads the same as in the
//! CSV file. Every text the inputs supplied is listed by `sources`, with
//! where it came from, for the font check.

use super::{Block, DocTable, Document};
use crate::audit::{ProcessView, RoundResult};
use crate::ingest::Date;
use crate::report::msg::{Col, DocMsg, Lang};
use crate::report::number::{fixed, NONE};
use crate::report::table::{Cell, Table};
use crate::report::tables::{process, result};

/// The document of a result in `lang`.
pub fn document(r: &RoundResult, lang: Lang) -> Document {
    let t = |m: DocMsg| m.text(lang).to_string();
    let title = lang.pick(&r.round.name_zh, &r.round.name_en).to_string();
    let office = office(r, lang);
    let date = r
        .round
        .publication
        .date
        .map(|d| date_text(d, lang))
        .unwrap_or_default();
    let mut blocks = vec![
        Block::Title {
            text: title.clone(),
        },
        Block::Line {
            text: t(DocMsg::Subtitle),
        },
    ];
    if !office.is_empty() {
        blocks.push(Block::Line {
            text: DocMsg::IssuedBy.fill(lang, &[&office]),
        });
    }
    if !date.is_empty() {
        blocks.push(Block::Line {
            text: DocMsg::DateLine.fill(lang, &[&date]),
        });
    }
    if r.round.synthetic {
        blocks.push(Block::Line {
            text: t(DocMsg::Synthetic),
        });
    }
    blocks.push(heading(lang, DocMsg::Summary));
    blocks.push(Block::Para {
        text: summary(r, lang),
    });
    super::history::change_log(r, lang, &mut blocks);
    notice(r, lang, &title, &mut blocks);
    method(r, lang, &mut blocks);
    results(r, lang, &mut blocks);
    super::history::movement(r, lang, &mut blocks);
    super::rectify::blocks(r, lang, &mut blocks);
    let mut parts = DocMsg::PageOf.text(lang).split("{}").map(str::to_string);
    let mut part = || parts.next().unwrap_or_default();
    Document {
        lang: lang.as_str(),
        title,
        office,
        date,
        page: [part(), part(), part()],
        blocks,
    }
}

fn heading(lang: Lang, m: DocMsg) -> Block {
    Block::Heading {
        level: 1,
        text: m.text(lang).to_string(),
    }
}

/// The issuing office in `lang` ("" when round.toml names none).
fn office(r: &RoundResult, lang: Lang) -> String {
    let p = &r.round.publication;
    lang.pick(&p.office, &p.office_en).to_string()
}

/// "2022年12月30日", "30 December 2022".
pub fn date_text(d: Date, lang: Lang) -> String {
    match lang {
        Lang::Zh => format!("{}年{}月{}日", d.year, d.month, d.day),
        Lang::En => {
            let month = DocMsg::Months
                .text(Lang::En)
                .split(' ')
                .nth(d.month as usize - 1)
                .unwrap_or("");
            format!("{} {month} {}", d.day, d.year)
        }
    }
}

fn list(lang: Lang, items: Vec<String>) -> String {
    items.join(match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    })
}

/// The result in one paragraph.
fn summary(r: &RoundResult, lang: Lang) -> String {
    match &r.process {
        Some(p) if p.kind == "midterm" => {
            let n = p.decisions.iter().filter(|d| d.grade.is_some()).count();
            let grades = r
                .grades
                .iter()
                .map(|g| {
                    let k = p
                        .decisions
                        .iter()
                        .filter(|d| d.grade.as_ref().is_some_and(|x| x.id == g.id))
                        .count();
                    DocMsg::CountOf.fill(lang, &[&lang.pick(&g.name_zh, &g.name_en), &k])
                })
                .collect();
            let mut text = DocMsg::SummaryMidterm.fill(lang, &[&n, &list(lang, grades)]);
            let outcomes: Vec<String> = ["continue", "rectify", "warning", "exit"]
                .iter()
                .filter_map(|o| {
                    let k = p
                        .decisions
                        .iter()
                        .filter(|d| d.outcome.as_deref() == Some(*o))
                        .count();
                    let name = DocMsg::status(o)?.text(lang);
                    (k > 0).then(|| DocMsg::CountOf.fill(lang, &[&name, &k]))
                })
                .collect();
            if !outcomes.is_empty() {
                text.push_str(separator(lang));
                text.push_str(&DocMsg::SummaryOutcomes.fill(lang, &[&list(lang, outcomes)]));
            }
            text
        }
        Some(p) => {
            let c = &p.counts;
            let quota = c
                .quota
                .or(p.quota)
                .map_or(NONE.to_string(), |q| q.to_string());
            let mut parts = vec![DocMsg::SummaryApplied.fill(lang, &[&p.decisions.len()])];
            if c.failed_gate > 0 {
                parts.push(DocMsg::SummaryGated.fill(lang, &[&c.failed_gate]));
            }
            if c.screened_out > 0 {
                parts.push(DocMsg::SummaryScreened.fill(lang, &[&c.screened_out]));
            }
            parts.push(DocMsg::SummaryFinal.fill(lang, &[&c.finalists, &c.selected, &quota]));
            let mut text = parts.join(separator(lang));
            if c.tied_at_quota > 0 {
                text.push_str(separator(lang));
                text.push_str(&DocMsg::SummaryTied.fill(lang, &[&c.tied_at_quota]));
            }
            text
        }
        None => {
            let d = decimals(r);
            let totals = r.clusters.iter().map(|c| c.total);
            let max = totals.clone().fold(f64::NEG_INFINITY, f64::max);
            let min = totals.fold(f64::INFINITY, f64::min);
            let shown = |x: f64| {
                if x.is_finite() {
                    fixed(x, d)
                } else {
                    NONE.into()
                }
            };
            DocMsg::SummaryRanking.fill(lang, &[&r.clusters.len(), &shown(max), &shown(min)])
        }
    }
}

/// Between two sentences of a paragraph.
fn separator(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "",
        Lang::En => " ",
    }
}

/// The 公示 notice: what is published, the period, where to object.
fn notice(r: &RoundResult, lang: Lang, title: &str, blocks: &mut Vec<Block>) {
    let p = &r.round.publication;
    let office = match office(r, lang) {
        o if o.is_empty() => DocMsg::TheOffice.text(lang).to_string(),
        o => o,
    };
    let framework = framework_name(r, lang);
    let mut text = DocMsg::NoticeBody.fill(lang, &[&framework, &office, &title]);
    if let Some(days) = p.objection_days {
        text.push_str(separator(lang));
        text.push_str(&DocMsg::NoticePeriod.fill(lang, &[&days]));
    }
    text.push_str(separator(lang));
    text.push_str(&DocMsg::NoticeObjection.fill(lang, &[&office]));
    blocks.push(heading(lang, DocMsg::Notice));
    blocks.push(Block::Para { text });
    let contact = lang.pick(&p.contact, &p.contact_en);
    if !contact.is_empty() {
        blocks.push(Block::Para {
            text: DocMsg::NoticeContact.fill(lang, &[&contact]),
        });
    }
}

/// 《name》 in Chinese, the name as it is in English.
fn framework_name(r: &RoundResult, lang: Lang) -> String {
    let f = &r.framework;
    match lang {
        Lang::Zh => format!("《{}》", lang.pick(&f.name_zh, &f.name_en)),
        Lang::En => lang.pick(&f.name_zh, &f.name_en).to_string(),
    }
}

/// The method: the framework, its dimensions and points, the stages.
fn method(r: &RoundResult, lang: Lang, blocks: &mut Vec<Block>) {
    let f = &r.framework;
    blocks.push(heading(lang, DocMsg::Method));
    blocks.push(Block::Para {
        text: DocMsg::MethodBody.fill(
            lang,
            &[
                &framework_name(r, lang),
                &f.version,
                &crate::report::exact(Some(f.total_points)),
            ],
        ),
    });
    blocks.push(Block::Table(DocTable {
        header: vec![
            DocMsg::Dimension.text(lang).into(),
            DocMsg::Points.text(lang).into(),
        ],
        right: vec![false, true],
        wide: vec![true, false],
        rows: r
            .dimensions
            .iter()
            .map(|n| {
                vec![
                    lang.pick(&n.name_zh, &n.name_en).to_string(),
                    crate::report::exact(Some(n.points)),
                ]
            })
            .collect(),
    }));
    if let Some(p) = r.process.as_ref().filter(|p| p.kind != "midterm") {
        let mut stages = Vec::new();
        if p.counts.failed_gate > 0 || p.decisions.iter().any(|d| d.status == "failed_gate") {
            stages.push(DocMsg::Gates.text(lang).to_string());
        }
        stages.extend(
            p.stages
                .iter()
                .map(|s| lang.pick(&s.name_zh, &s.name_en).to_string()),
        );
        let mut text = DocMsg::MethodStages.fill(lang, &[&list(lang, stages)]);
        if let Some(q) = p.counts.quota.or(p.quota) {
            text.push_str(separator(lang));
            text.push_str(&DocMsg::MethodQuota.fill(lang, &[&q]));
        }
        blocks.push(Block::Para { text });
    }
}

/// The results: the decisions, grades and outcomes, or the ranking.
fn results(r: &RoundResult, lang: Lang, blocks: &mut Vec<Block>) {
    match &r.process {
        Some(p) if p.kind == "midterm" => {
            blocks.push(heading(lang, DocMsg::GradesHeading));
            blocks.push(Block::Table(grades_table(r, p, lang)));
        }
        Some(p) => {
            blocks.push(heading(lang, DocMsg::Decisions));
            blocks.push(Block::Para {
                text: DocMsg::DecisionsNote.text(lang).to_string(),
            });
            blocks.push(Block::Table(decisions_table(p, lang, decimals(r))));
        }
        None => {
            blocks.push(heading(lang, DocMsg::RankingHeading));
            blocks.push(Block::Table(ranking_table(r, lang)));
        }
    }
}

/// A data table's cells by column id, written as its column's kind.
struct Cells<'a> {
    table: &'a Table,
}

impl Cells<'_> {
    fn at(&self, col: Col) -> Option<usize> {
        self.table.columns.iter().position(|c| c.id == col.id())
    }

    /// The cell as the CSV file writes it, the dash for none.
    fn shown(&self, row: &[Cell], col: Col) -> String {
        self.at(col)
            .and_then(|k| Some(row.get(k)?.shown(self.table.columns[k].kind)))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| NONE.to_string())
    }

    /// A score at `decimals` (the dash for none).
    fn score(&self, row: &[Cell], col: Col, decimals: u32) -> String {
        match self.at(col).and_then(|k| row.get(k)) {
            Some(Cell::Num(x)) => fixed(*x, decimals),
            _ => NONE.to_string(),
        }
    }

    /// The name in `lang` (the other language's when it has none).
    fn name(&self, row: &[Cell], lang: Lang) -> String {
        let zh = self.shown(row, Col::NameZh);
        let en = self.shown(row, Col::NameEn);
        let keep = |s: String| if s == NONE { String::new() } else { s };
        lang.pick(&keep(zh), &keep(en)).to_string()
    }
}

/// The decimals the documents show scores at: the process's rounding, or
/// the framework's, and never more than the framework's display decimals
/// (`[report] decimals`, 2 unless set: a public list reads 70.26, not
/// 70.263481; ranks and decisions were made at full precision).
fn decimals(r: &RoundResult) -> u32 {
    r.process
        .as_ref()
        .map_or(r.framework.decimals, |p| p.decimals)
        .min(r.framework.display_decimals)
}

/// A status or outcome id in words.
fn status_text(id: &str, zh: &str, lang: Lang) -> String {
    match DocMsg::status(id) {
        Some(m) => m.text(lang).to_string(),
        None if lang == Lang::Zh && !zh.is_empty() => zh.to_string(),
        None => id.replace('_', " "),
    }
}

fn header(lang: Lang, cols: &[DocMsg]) -> Vec<String> {
    cols.iter().map(|m| m.text(lang).to_string()).collect()
}

/// decisions.csv's rows: rank, id, name, city, final score, result.
fn decisions_table(p: &ProcessView, lang: Lang, d: u32) -> DocTable {
    let table = process::decisions(p);
    let c = Cells { table: &table };
    DocTable {
        header: header(
            lang,
            &[
                DocMsg::Rank,
                DocMsg::Id,
                DocMsg::Name,
                DocMsg::City,
                DocMsg::FinalScore,
                DocMsg::Result,
            ],
        ),
        right: vec![true, false, false, false, true, false],
        wide: vec![false, false, true, false, false, false],
        rows: table
            .rows
            .iter()
            .map(|row| {
                vec![
                    c.shown(row, Col::Rank),
                    c.shown(row, Col::ClusterId),
                    c.name(row, lang),
                    c.shown(row, Col::City),
                    c.score(row, Col::FinalScore, d),
                    status_text(
                        &c.shown(row, Col::Status),
                        &c.shown(row, Col::StatusZh),
                        lang,
                    ),
                ]
            })
            .collect(),
    }
}

/// A mid-term's rows of decisions.csv: rank, id, name, score, grade,
/// outcome.
fn grades_table(r: &RoundResult, p: &ProcessView, lang: Lang) -> DocTable {
    let table = process::decisions(p);
    let d = decimals(r);
    let c = Cells { table: &table };
    let grade = |row: &[Cell]| {
        let id = c.shown(row, Col::Grade);
        match r.grades.iter().find(|g| g.id == id) {
            Some(g) => lang.pick(&g.name_zh, &g.name_en).to_string(),
            None => id,
        }
    };
    DocTable {
        header: header(
            lang,
            &[
                DocMsg::Rank,
                DocMsg::Id,
                DocMsg::Name,
                DocMsg::FinalScore,
                DocMsg::Grade,
                DocMsg::Outcome,
            ],
        ),
        right: vec![true, false, false, true, false, false],
        wide: vec![false, false, true, false, false, false],
        rows: table
            .rows
            .iter()
            .map(|row| {
                let outcome = c.shown(row, Col::Outcome);
                vec![
                    c.shown(row, Col::Rank),
                    c.shown(row, Col::ClusterId),
                    c.name(row, lang),
                    c.score(row, Col::FinalScore, d),
                    grade(row),
                    match outcome.as_str() {
                        NONE => outcome,
                        o => status_text(o, &c.shown(row, Col::OutcomeZh), lang),
                    },
                ]
            })
            .collect(),
    }
}

/// ranking.csv's rows: rank, id, name, city, total (and grade).
fn ranking_table(r: &RoundResult, lang: Lang) -> DocTable {
    let table = result::ranking(r);
    let d = decimals(r);
    let c = Cells { table: &table };
    let graded = !r.grades.is_empty();
    let mut cols = vec![
        DocMsg::Rank,
        DocMsg::Id,
        DocMsg::Name,
        DocMsg::City,
        DocMsg::Total,
    ];
    if graded {
        cols.push(DocMsg::Grade);
    }
    DocTable {
        header: header(lang, &cols),
        right: cols
            .iter()
            .map(|m| matches!(m, DocMsg::Rank | DocMsg::Total))
            .collect(),
        wide: cols.iter().map(|m| *m == DocMsg::Name).collect(),
        rows: table
            .rows
            .iter()
            .zip(&r.clusters)
            .map(|(row, cl)| {
                let mut cells = vec![
                    c.shown(row, Col::Rank),
                    c.shown(row, Col::ClusterId),
                    c.name(row, lang),
                    c.shown(row, Col::City),
                    c.score(row, Col::Total, d),
                ];
                if graded {
                    cells.push(cl.grade.as_ref().map_or(NONE.to_string(), |g| {
                        lang.pick(&g.name_zh, &g.name_en).into()
                    }));
                }
                cells
            })
            .collect(),
    }
}

/// Every text of the document the inputs supplied, with where it came from
/// (the key or the cluster and field), for the font check.
pub fn sources(r: &RoundResult, lang: Lang) -> Vec<(String, String)> {
    let mut out: Vec<(String, String)> = Vec::new();
    let mut push = |at: String, text: &str| {
        if !text.is_empty() {
            out.push((at, text.to_string()));
        }
    };
    let round = &r.round;
    let p = &round.publication;
    let pick = |zh: &str, en: &str, kzh: &str, ken: &str| {
        let text = lang.pick(zh, en).to_string();
        let key = if text == zh { kzh } else { ken };
        (key.to_string(), text)
    };
    for (zh, en, kzh, ken) in [
        (
            &round.name_zh,
            &round.name_en,
            "round.name_zh",
            "round.name_en",
        ),
        (&p.office, &p.office_en, "report.office", "report.office_en"),
        (
            &p.contact,
            &p.contact_en,
            "report.contact",
            "report.contact_en",
        ),
    ] {
        let (key, text) = pick(zh, en, kzh, ken);
        push(format!("round.toml {key}"), &text);
    }
    let f = &r.framework;
    let (key, text) = pick(&f.name_zh, &f.name_en, "name_zh", "name_en");
    push(format!("framework {key}"), &text);
    for n in &r.dimensions {
        let (key, text) = pick(&n.name_zh, &n.name_en, "name_zh", "name_en");
        push(format!("framework dimension {} {key}", n.id), &text);
    }
    for g in &r.grades {
        let (key, text) = pick(&g.name_zh, &g.name_en, "name_zh", "name_en");
        push(format!("framework grade {} {key}", g.id), &text);
    }
    if let Some(proc) = &r.process {
        for s in &proc.stages {
            let (key, text) = pick(&s.name_zh, &s.name_en, "name_zh", "name_en");
            push(format!("round.toml stage {} {key}", s.id), &text);
        }
        for d in &proc.decisions {
            let (key, text) = pick(&d.name_zh, &d.name_en, "name_zh", "name_en");
            push(format!("cluster {} {key}", d.cluster_id), &text);
            push(format!("cluster {} city", d.cluster_id), &d.city);
            push(
                format!("cluster {} cluster_id", d.cluster_id),
                &d.cluster_id,
            );
        }
        super::rectify::sources(r, lang, &mut push);
        super::history::sources(r, lang, &mut push);
    } else {
        for c in &r.clusters {
            let (key, text) = pick(&c.name_zh, &c.name_en, "name_zh", "name_en");
            push(format!("cluster {} {key}", c.cluster_id), &text);
            push(format!("cluster {} city", c.cluster_id), &c.city);
            push(
                format!("cluster {} cluster_id", c.cluster_id),
                &c.cluster_id,
            );
        }
    }
    out
}

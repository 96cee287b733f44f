//! The views of a `RunDiff`: the text `diff` prints (one language), and
//! with `--out` the files `diff_clusters.csv`, `diff_indicators.csv`,
//! `diff_inputs.csv` and a self-contained `diff.html`.
//!
//! Text and HTML show points to 4 decimals (a cohort effect is often a few
//! thousandths of a point); the CSV files carry every value in full
//! (shortest round-trip form), so a reviewer can add the parts up.

use super::decompose::{IndicatorPart, Order};
use super::diff::{ClusterDiff, RunDiff, Standing};
use crate::archive::cells::{self, ChangeKind};
use crate::audit::changes::{ChangeLog, ChangeText};
use crate::diag::Result;
use crate::report::{html_escape as esc, DiffWords as W, Lang, OutputFile};

/// A change this small is none (far below any displayed digit).
const ZERO: f64 = 5e-13;
/// Indicator lines shown per cluster in the text.
const LARGEST: usize = 5;
/// Input changes shown in the text (all are in diff_inputs.csv).
const INPUTS_SHOWN: usize = 40;

fn pts(x: f64) -> String {
    if x.abs() < ZERO {
        "0".into()
    } else {
        format!("{x:.4}")
    }
}

fn signed(x: f64) -> String {
    if x.abs() < ZERO {
        "0".into()
    } else {
        format!("{x:+.4}")
    }
}

fn opt(x: Option<f64>) -> String {
    x.map(pts).unwrap_or_else(|| "–".into())
}

/// `a → b`, or `a` when both are the same.
fn moved(a: String, b: String) -> String {
    if a == b {
        a
    } else {
        format!("{a} → {b}")
    }
}

fn rank(s: Option<&Standing>) -> String {
    s.and_then(|s| s.rank)
        .map(|r| r.to_string())
        .unwrap_or_else(|| "–".into())
}

fn grade(s: Option<&Standing>, lang: Lang) -> String {
    s.and_then(|s| s.grade.as_ref())
        .map(|g| {
            if lang == Lang::Zh {
                g.1.clone()
            } else {
                g.2.clone()
            }
        })
        .unwrap_or_else(|| "–".into())
}

fn word(pair: Option<&(String, String)>, lang: Lang) -> String {
    pair.map(|(en, zh)| {
        if lang == Lang::Zh {
            zh.clone()
        } else {
            en.clone()
        }
    })
    .filter(|w| !w.is_empty())
    .unwrap_or_else(|| "–".into())
}

fn name(c: &ClusterDiff, lang: Lang) -> &str {
    if lang == Lang::Zh || c.name_en.is_empty() {
        &c.name_zh
    } else {
        &c.name_en
    }
}

/// Whether a cluster is listed: a change in total or in a decision.
fn listed(c: &ClusterDiff) -> bool {
    c.decided_differently()
        || c.change().is_some_and(|d| d.abs() >= ZERO)
        || c.before.is_some() != c.after.is_some()
}

/// The cells of a cluster's row, in `Header` order.
fn row(c: &ClusterDiff, lang: Lang) -> Vec<String> {
    let (a, b) = (c.before.as_ref(), c.after.as_ref());
    let total = |s: Option<&Standing>| opt(s.and_then(|s| s.total));
    let (change, own, cohort, framework) = match (&c.parts, c.change(), a, b) {
        (Some(p), Some(d), _, _) => (
            signed(d),
            signed(p.own),
            signed(p.cohort),
            signed(p.framework),
        ),
        (_, Some(d), _, _) => (signed(d), "–".into(), "–".into(), "–".into()),
        (_, None, None, _) => (W::New.text(lang).into(), "–".into(), "–".into(), "–".into()),
        (_, None, _, None) => (
            W::Gone.text(lang).into(),
            "–".into(),
            "–".into(),
            "–".into(),
        ),
        _ => (
            W::NotScored.text(lang).into(),
            "–".into(),
            "–".into(),
            "–".into(),
        ),
    };
    vec![
        format!("{} {}", c.id, name(c, lang)),
        total(a),
        total(b),
        change,
        own,
        cohort,
        framework,
        moved(rank(a), rank(b)),
        moved(grade(a, lang), grade(b, lang)),
        moved(
            word(a.and_then(|s| s.status.as_ref()), lang),
            word(b.and_then(|s| s.status.as_ref()), lang),
        ),
        moved(
            word(a.and_then(|s| s.outcome.as_ref()), lang),
            word(b.and_then(|s| s.outcome.as_ref()), lang),
        ),
    ]
}

fn indicator_name<'a>(d: &'a RunDiff, id: &str, lang: Lang) -> &'a str {
    d.indicator_names
        .get(id)
        .map(|(zh, en)| {
            if lang == Lang::Zh || en.is_empty() {
                zh
            } else {
                en
            }
        })
        .map_or("", String::as_str)
}

/// One indicator's line: points before → after and the three parts.
fn indicator_line(d: &RunDiff, i: &IndicatorPart, lang: Lang) -> String {
    W::Indicator.fill(
        lang,
        &[
            &i.indicator,
            &indicator_name(d, &i.indicator, lang).to_string(),
            &opt(i.before),
            &opt(i.after),
            &signed(i.own),
            &signed(i.cohort),
            &signed(i.framework),
        ],
    )
}

/// The indicator parts of a cluster with a change, largest first.
fn largest(parts: &[IndicatorPart]) -> Vec<&IndicatorPart> {
    let mut v: Vec<&IndicatorPart> = parts
        .iter()
        .filter(|p| p.own.abs() >= ZERO || p.cohort.abs() >= ZERO || p.framework.abs() >= ZERO)
        .collect();
    v.sort_by(|x, y| y.change().abs().total_cmp(&x.change().abs()));
    v
}

/// The text `diff` prints.
pub fn text(d: &RunDiff, lang: Lang) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    let run = |r: &super::diff::RunLabel| W::Run.fill(lang, &[&r.id, &r.path]);
    line(W::Title.fill(lang, &[&run(&d.a), &run(&d.b), &d.b.round_id]));
    line(String::new());
    if d.inputs.is_empty() {
        line(W::NoInputs.text(lang).into());
    } else {
        line(W::Inputs.fill(lang, &[&d.inputs.len()]));
        for l in cells::describe_in(&d.inputs, INPUTS_SHOWN, lang) {
            line(format!("  {l}"));
        }
    }
    line(String::new());
    match (&d.order, &d.no_decomposition) {
        (_, Some(why)) => line(W::NoDecomposition.fill(lang, &[why])),
        (Some(o), None) => {
            line(W::Parts.text(lang).into());
            line(match o {
                Order::DataFirst => W::OrderData.text(lang).into(),
                Order::FrameworkFirst => W::OrderFramework.text(lang).into(),
            });
            if !d.non_additive.is_empty() {
                line(
                    crate::report::AggregateWords::PartsNotAdditive
                        .fill(lang, &[&d.non_additive.join(", ")]),
                );
            }
        }
        (None, None) => {}
    }
    line(String::new());
    line(W::Header.text(lang).into());
    let mut unchanged = 0;
    let mut residual: f64 = 0.0;
    for c in &d.clusters {
        if !listed(c) {
            unchanged += 1;
            continue;
        }
        line(row(c, lang).join(" | "));
        if let (Some(p), Some(change)) = (&c.parts, c.change()) {
            residual = residual.max((p.own + p.cohort + p.framework - change).abs());
            let big = largest(&p.indicators);
            if !big.is_empty() {
                line(W::Largest.text(lang).into());
            }
            for i in big.into_iter().take(LARGEST) {
                line(indicator_line(d, i, lang));
            }
        }
    }
    if unchanged > 0 {
        line(W::Unchanged.fill(lang, &[&unchanged]));
    }
    if d.no_decomposition.is_none() {
        line(W::Sum.fill(lang, &[&format!("{residual:.1e}")]));
    }
    let decided = d
        .clusters
        .iter()
        .filter(|c| c.decided_differently())
        .count();
    line(match decided {
        0 => W::NoneDecided.text(lang).into(),
        n => W::Decided.fill(lang, &[&n]),
    });
    out
}

/// The change log of a run that supersedes run A, both languages.
pub fn change_log(d: &RunDiff) -> ChangeLog {
    let text = |lang: Lang| {
        // The superseded run by its id and round, never by a path (a re-run
        // from the archive gives the same report).
        let mut intro = vec![W::Supersedes.fill(lang, &[&d.a.id, &d.a.round_id])];
        match (&d.order, &d.no_decomposition) {
            (_, Some(why)) => intro.push(W::NoDecomposition.fill(lang, &[why])),
            (Some(o), None) => {
                intro.push(W::Parts.text(lang).into());
                intro.push(match o {
                    Order::DataFirst => W::OrderData.text(lang).into(),
                    Order::FrameworkFirst => W::OrderFramework.text(lang).into(),
                });
            }
            (None, None) => {}
        }
        let inputs = match d.inputs.is_empty() {
            true => vec![W::NoInputs.text(lang).into()],
            false => cells::describe_in(&d.inputs, INPUTS_SHOWN, lang),
        };
        let listed: Vec<&ClusterDiff> = d.clusters.iter().filter(|c| listed(c)).collect();
        let decided_count = d
            .clusters
            .iter()
            .filter(|c| c.decided_differently())
            .count();
        let unchanged = d.clusters.len() - listed.len();
        let mut closing = Vec::new();
        if unchanged > 0 {
            closing.push(W::Unchanged.fill(lang, &[&unchanged]));
        }
        closing.push(match decided_count {
            0 => W::NoneDecided.text(lang).into(),
            n => W::Decided.fill(lang, &[&n]),
        });
        ChangeText {
            intro,
            inputs,
            header: W::Header
                .text(lang)
                .split(" | ")
                .map(String::from)
                .collect(),
            rows: listed.iter().map(|c| row(c, lang)).collect(),
            decided: listed
                .iter()
                .enumerate()
                .filter(|(_, c)| c.decided_differently())
                .map(|(k, _)| k)
                .collect(),
            closing,
        }
    };
    ChangeLog {
        superseded_run: d.a.id.clone(),
        zh: text(Lang::Zh),
        en: text(Lang::En),
    }
}

fn csv_bytes(header: &[&str], rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(header)?;
    for r in rows {
        // Text is neutralised (no cell read as a formula); a number is
        // written as it is.
        w.write_record(r.iter().map(|s| match s.parse::<f64>() {
            Ok(_) => s.clone(),
            Err(_) => crate::report::neutralise(s),
        }))?;
    }
    w.flush().map_err(csv::Error::from)?;
    w.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()).into())
}

fn full(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

/// The files of `diff --out`.
pub fn files(d: &RunDiff, lang: Lang) -> Result<Vec<OutputFile>> {
    let clusters: Vec<Vec<String>> = d
        .clusters
        .iter()
        .map(|c| {
            let (a, b) = (c.before.as_ref(), c.after.as_ref());
            let p = c.parts.as_ref();
            let st = |s: Option<&Standing>, f: fn(&Standing) -> Option<String>| {
                s.and_then(f).unwrap_or_default()
            };
            vec![
                c.id.clone(),
                c.name_zh.clone(),
                c.name_en.clone(),
                full(a.and_then(|s| s.total)),
                full(b.and_then(|s| s.total)),
                full(c.change()),
                full(p.map(|p| p.own)),
                full(p.map(|p| p.cohort)),
                full(p.map(|p| p.framework)),
                st(a, |s| s.rank.map(|r| r.to_string())),
                st(b, |s| s.rank.map(|r| r.to_string())),
                st(a, |s| s.grade.as_ref().map(|g| g.0.clone())),
                st(b, |s| s.grade.as_ref().map(|g| g.0.clone())),
                st(a, |s| s.status.as_ref().map(|g| g.0.clone())),
                st(b, |s| s.status.as_ref().map(|g| g.0.clone())),
                st(a, |s| s.outcome.as_ref().map(|g| g.0.clone())),
                st(b, |s| s.outcome.as_ref().map(|g| g.0.clone())),
                c.decided_differently().to_string(),
            ]
        })
        .collect();
    let indicators: Vec<Vec<String>> = d
        .clusters
        .iter()
        .filter_map(|c| Some((c, c.parts.as_ref()?)))
        .flat_map(|(c, p)| {
            p.indicators.iter().map(move |i| {
                let (zh, en) = d
                    .indicator_names
                    .get(&i.indicator)
                    .cloned()
                    .unwrap_or_default();
                vec![
                    c.id.clone(),
                    i.indicator.clone(),
                    zh,
                    en,
                    full(i.before),
                    full(i.after),
                    i.change().to_string(),
                    i.own.to_string(),
                    i.cohort.to_string(),
                    i.framework.to_string(),
                ]
            })
        })
        .collect();
    let inputs: Vec<Vec<String>> = d
        .inputs
        .iter()
        .map(|c| {
            vec![
                c.file.clone(),
                c.sheet.clone().unwrap_or_default(),
                c.row.map(|r| r.to_string()).unwrap_or_default(),
                c.column.clone().unwrap_or_default(),
                c.old.clone().unwrap_or_default(),
                c.new.clone().unwrap_or_default(),
                kind(c.kind).into(),
            ]
        })
        .collect();
    Ok(vec![
        OutputFile {
            name: "diff_clusters.csv".into(),
            bytes: csv_bytes(
                &[
                    "cluster_id",
                    "name_zh",
                    "name_en",
                    "total_a",
                    "total_b",
                    "change",
                    "own",
                    "cohort",
                    "framework",
                    "rank_a",
                    "rank_b",
                    "grade_a",
                    "grade_b",
                    "status_a",
                    "status_b",
                    "outcome_a",
                    "outcome_b",
                    "decided_differently",
                ],
                clusters,
            )?,
        },
        OutputFile {
            name: "diff_indicators.csv".into(),
            bytes: csv_bytes(
                &[
                    "cluster_id",
                    "indicator_id",
                    "indicator_zh",
                    "indicator_en",
                    "points_a",
                    "points_b",
                    "change",
                    "own",
                    "cohort",
                    "framework",
                ],
                indicators,
            )?,
        },
        OutputFile {
            name: "diff_inputs.csv".into(),
            bytes: csv_bytes(
                &["file", "sheet", "row", "column", "old", "new", "kind"],
                inputs,
            )?,
        },
        OutputFile {
            name: "diff.html".into(),
            bytes: html(d, lang).into_bytes(),
        },
    ])
}

fn kind(k: ChangeKind) -> &'static str {
    match k {
        ChangeKind::Cell => "cell",
        ChangeKind::RowAdded => "row_added",
        ChangeKind::RowRemoved => "row_removed",
        ChangeKind::Setting => "setting",
        ChangeKind::FileAdded => "file_added",
        ChangeKind::FileRemoved => "file_removed",
        ChangeKind::Binary => "binary",
    }
}

/// A self-contained page: the text's sections as tables.
pub fn html(d: &RunDiff, lang: Lang) -> String {
    let run = |r: &super::diff::RunLabel| W::Run.fill(lang, &[&r.id, &r.path]);
    let title = W::Title.fill(lang, &[&run(&d.a), &run(&d.b), &d.b.round_id]);
    let mut h = format!(
        "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n<style>body{{font-family:sans-serif;margin:2em}}table{{border-collapse:collapse;margin:1em 0}}td,th{{border:1px solid #999;padding:2px 6px;text-align:left}}td.n{{text-align:right;font-variant-numeric:tabular-nums}}tr.decided{{background:#fff3cd}}</style>\n</head>\n<body>\n<h1>{}</h1>\n",
        if lang == Lang::Zh { "zh-CN" } else { "en" },
        esc(&title),
        esc(&title)
    );
    if d.inputs.is_empty() {
        h += &format!("<p>{}</p>\n", esc(W::NoInputs.text(lang)));
    } else {
        h += &format!(
            "<h2>{}</h2>\n<ul>\n",
            esc(&W::Inputs.fill(lang, &[&d.inputs.len()]))
        );
        for l in cells::describe_in(&d.inputs, d.inputs.len(), lang) {
            h += &format!("<li>{}</li>\n", esc(&l));
        }
        h += "</ul>\n";
    }
    match &d.no_decomposition {
        Some(why) => h += &format!("<p>{}</p>\n", esc(&W::NoDecomposition.fill(lang, &[why]))),
        None => h += &format!("<p>{}</p>\n", esc(W::Parts.text(lang))),
    }
    h += "<table>\n<tr>";
    for c in W::Header.text(lang).split(" | ") {
        h += &format!("<th>{}</th>", esc(c));
    }
    h += "</tr>\n";
    for c in d.clusters.iter().filter(|c| listed(c)) {
        let cls = if c.decided_differently() {
            " class=\"decided\""
        } else {
            ""
        };
        h += &format!("<tr{cls}>");
        for (k, cell) in row(c, lang).iter().enumerate() {
            let n = if (1..7).contains(&k) {
                " class=\"n\""
            } else {
                ""
            };
            h += &format!("<td{n}>{}</td>", esc(cell));
        }
        h += "</tr>\n";
    }
    h += "</table>\n";
    for c in d.clusters.iter().filter(|c| listed(c)) {
        let Some(p) = &c.parts else { continue };
        let big = largest(&p.indicators);
        if big.is_empty() {
            continue;
        }
        h += &format!("<h3>{} {}</h3>\n<ul>\n", esc(&c.id), esc(name(c, lang)));
        for i in big {
            let l = indicator_line(d, i, lang);
            h += &format!("<li>{}</li>\n", esc(l.trim()));
        }
        h += "</ul>\n";
    }
    let decided = d
        .clusters
        .iter()
        .filter(|c| c.decided_differently())
        .count();
    let last = match decided {
        0 => W::NoneDecided.text(lang).to_string(),
        n => W::Decided.fill(lang, &[&n]),
    };
    h += &format!("<p>{}</p>\n</body>\n</html>\n", esc(&last));
    h
}

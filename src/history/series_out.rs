//! The views of a `Series`: the text `compare-rounds` prints (one
//! language, the words in `report::SeriesWords`) and the bytes of
//! movement.csv and trends.csv (headers "中文 english", `SeriesCol`;
//! numbers in full, as the shortest text that reads back the same). It
//! computes nothing; it shows the comparison.

use super::panel::{Filled, PanelMethod};
use super::series::{Movement, Presence, Series};
use crate::diag::Result;
use crate::report::{neutralise, Lang, SeriesCol, SeriesWords as W};

/// A score as the text shows it: 2 decimals, never "-0.00".
fn score(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".into()
    } else {
        s
    }
}

/// A change of score with its sign.
fn signed(x: f64) -> String {
    let s = score(x);
    if s.starts_with('-') || s == "0.00" {
        s
    } else {
        format!("+{s}")
    }
}

fn name(m: &Movement, lang: Lang) -> &str {
    lang.pick(&m.name_zh, &m.name_en)
}

/// The text of the comparison in `lang`.
pub fn text(series: &Series, lang: Lang) -> String {
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(W::Title.fill(lang, &[&series.rounds.len()]));
    for r in &series.rounds {
        line(format!(
            "  {}",
            W::Round.fill(
                lang,
                &[
                    &r.id,
                    &r.year,
                    &r.clusters,
                    &lang.pick(&r.name_zh, &r.name_en)
                ]
            )
        ));
    }
    line(
        if series.pooled {
            W::PooledScale
        } else {
            W::OwnScale
        }
        .text(lang)
        .to_string(),
    );
    if let Some(m) = series.impute {
        let filled: usize = series
            .trends
            .iter()
            .map(|t| t.imputed.iter().filter(|f| f.is_some()).count())
            .sum();
        let key = match m {
            PanelMethod::Latest => W::PanelLatest,
            PanelMethod::Linear => W::PanelLinear,
        };
        line(key.fill(lang, &[&filled]));
    }
    for r in 1..series.rounds.len() {
        line(String::new());
        line(W::Movement.fill(lang, &[&series.rounds[r - 1].year, &series.rounds[r].year]));
        let mut header = W::Header.text(lang).to_string();
        for d in &series.dimensions {
            header.push_str(&format!(" | {}", lang.pick(&d.name_zh, &d.name_en)));
        }
        line(header);
        let mut rows: Vec<&Movement> = series
            .movement
            .iter()
            .filter(|m| m.round == r && m.now.is_some())
            .collect();
        rows.sort_by_key(|m| m.now.as_ref().map_or(usize::MAX, |n| n.rank));
        for m in &rows {
            let Some(now) = &m.now else { continue };
            let change = match m.rank_change {
                None => W::New.text(lang).to_string(),
                Some(0) => W::Same.text(lang).to_string(),
                Some(c) if c > 0 => W::Up.fill(lang, &[&c]),
                Some(c) => W::Down.fill(lang, &[&-c]),
            };
            let mut row = format!(
                "{} {} | {} | {} | {} | {}",
                m.cluster_id,
                name(m, lang),
                now.rank,
                change,
                score(now.total),
                m.total_change.map(signed).unwrap_or_else(|| "—".into()),
            );
            for k in 0..series.dimensions.len() {
                let d = m.dimension_change.get(k).copied().flatten();
                row.push_str(&format!(
                    " | {}",
                    d.map(signed).unwrap_or_else(|| "—".into())
                ));
            }
            line(row);
        }
        let list = |p: Presence| {
            let v: Vec<String> = series
                .movement
                .iter()
                .filter(|m| m.round == r && m.presence == p)
                .map(|m| format!("{} {}", m.cluster_id, name(m, lang)))
                .collect();
            if v.is_empty() {
                W::NoneWord.text(lang).to_string()
            } else {
                v.join(if lang == Lang::Zh { "；" } else { "; " })
            }
        };
        line(W::Entering.fill(lang, &[&list(Presence::Entering)]));
        line(W::Leaving.fill(lang, &[&list(Presence::Left)]));
    }
    line(String::new());
    let clusters: std::collections::BTreeSet<&str> = series
        .trends
        .iter()
        .map(|t| t.cluster_id.as_str())
        .collect();
    let indicators: std::collections::BTreeSet<&str> =
        series.trends.iter().map(|t| t.indicator.as_str()).collect();
    line(W::Trends.fill(lang, &[&clusters.len(), &indicators.len()]));
    for w in &series.warnings {
        let msg = match lang {
            Lang::Zh => w.message_zh.clone().unwrap_or_else(|| w.message.clone()),
            Lang::En => w.message.clone(),
        };
        line(W::Warning.fill(
            lang,
            &[&format!("{} {}", w.value.clone().unwrap_or_default(), msg)],
        ));
    }
    out
}

fn num(x: Option<f64>) -> String {
    x.map(|v| format!("{v}")).unwrap_or_default()
}

fn presence(p: Presence) -> &'static str {
    match p {
        Presence::First => "first",
        Presence::Continuing => "continuing",
        Presence::Entering => "entering",
        Presence::Left => "left",
    }
}

fn csv_bytes(header: Vec<String>, rows: Vec<Vec<String>>) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(&header)?;
    for r in rows {
        w.write_record(r.iter().map(|c| neutralise(c)))?;
    }
    w.into_inner()
        .map_err(|e| crate::diag::Error::Other(e.to_string()))
}

/// movement.csv: every cluster at every round (and those that left), with
/// its change from the round before.
pub fn movement_csv(series: &Series) -> Result<Vec<u8>> {
    let mut header: Vec<String> = [
        SeriesCol::Round,
        SeriesCol::DataYear,
        SeriesCol::Scale,
        SeriesCol::Cluster,
        SeriesCol::NameZh,
        SeriesCol::NameEn,
        SeriesCol::Presence,
        SeriesCol::Rank,
        SeriesCol::RankChange,
        SeriesCol::Total,
        SeriesCol::TotalChange,
    ]
    .iter()
    .map(|c| c.header(&[]))
    .collect();
    for d in &series.dimensions {
        header.push(format!("{} {}", d.name_zh, d.id));
        header.push(SeriesCol::Change.header(&[&d.name_zh, &d.id]));
    }
    let scale = if series.pooled { "pooled" } else { "own" };
    let rows = series
        .movement
        .iter()
        .map(|m| {
            let r = &series.rounds[m.round];
            let mut row = vec![
                r.id.clone(),
                r.year.to_string(),
                scale.to_string(),
                m.cluster_id.clone(),
                m.name_zh.clone(),
                m.name_en.clone(),
                presence(m.presence).to_string(),
                m.now
                    .as_ref()
                    .map(|n| n.rank.to_string())
                    .unwrap_or_default(),
                m.rank_change.map(|c| c.to_string()).unwrap_or_default(),
                num(m.now.as_ref().map(|n| n.total)),
                num(m.total_change),
            ];
            for k in 0..series.dimensions.len() {
                row.push(num(m.now.as_ref().and_then(|n| n.dimensions[k])));
                row.push(num(m.dimension_change[k]));
            }
            row
        })
        .collect();
    csv_bytes(header, rows)
}

fn filled_text(f: &Filled) -> String {
    match f.from.as_slice() {
        [t] => format!("latest {t}"),
        [a, b] => format!("linear {a}-{b}"),
        _ => String::new(),
    }
}

/// trends.csv: every cluster's raw indicator values across the rounds,
/// the values panel imputation filled, and their trend.
pub fn trends_csv(series: &Series) -> Result<Vec<u8>> {
    let mut header: Vec<String> = [
        SeriesCol::Cluster,
        SeriesCol::Indicator,
        SeriesCol::IndicatorZh,
        SeriesCol::IndicatorEn,
    ]
    .iter()
    .map(|c| c.header(&[]))
    .collect();
    for r in &series.rounds {
        header.push(SeriesCol::Value.header(&[&r.year]));
    }
    if series.impute.is_some() {
        for r in &series.rounds {
            header.push(SeriesCol::Imputed.header(&[&r.year]));
        }
    }
    for c in [
        SeriesCol::Cagr,
        SeriesCol::PrcChange,
        SeriesCol::Avail,
        SeriesCol::First,
        SeriesCol::Latest,
    ] {
        header.push(c.header(&[]));
    }
    let rows = series
        .trends
        .iter()
        .map(|t| {
            let mut row = vec![
                t.cluster_id.clone(),
                t.indicator.clone(),
                t.name_zh.clone(),
                t.name_en.clone(),
            ];
            row.extend(t.values.iter().map(|v| num(*v)));
            if series.impute.is_some() {
                row.extend(
                    t.imputed
                        .iter()
                        .map(|f| f.as_ref().map(filled_text).unwrap_or_default()),
                );
            }
            row.push(num(t.trend.cagr));
            row.push(num(t.trend.prc_change));
            row.push(format!("{}", t.trend.avail));
            row.push(t.trend.t_first.map(|y| y.to_string()).unwrap_or_default());
            row.push(t.trend.t_latest.map(|y| y.to_string()).unwrap_or_default());
            row
        })
        .collect();
    csv_bytes(header, rows)
}

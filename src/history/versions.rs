//! Two versions of an index compared (`compare --framework A --framework
//! B ROUND`; COINr's `compare_coins`): the round scored under each
//! framework by the whole pipeline, then per unit the score under A and
//! under B, the difference B − A, the ranks and the rank change A − B
//! (positive: the unit stands higher under B), with the absolute values;
//! the summary gives the mean and the largest absolute rank change over
//! the units ranked under both and the units that move most. A unit
//! ranked under one version only (not scored, failed a gate, screened out
//! for missing data) is kept, its other side blank, and listed by name:
//! never dropped silently. `text` and `csv` are the views.

use crate::audit::RoundResult;
use crate::diag::{Error, Result};
use crate::pipeline::{self, Options};
use crate::report::{neutralise, Lang, VersionCol as C, VersionWords as W};
use crate::robust::config::{Mode, Request};
use std::path::Path;

/// One unit under both versions.
#[derive(Debug, Clone, PartialEq)]
pub struct UnitRow {
    pub id: String,
    pub name_zh: String,
    pub name_en: String,
    pub score_a: Option<f64>,
    pub score_b: Option<f64>,
    pub rank_a: Option<usize>,
    pub rank_b: Option<usize>,
}

impl UnitRow {
    /// Score under B minus score under A.
    pub fn difference(&self) -> Option<f64> {
        Some(self.score_b? - self.score_a?)
    }

    /// Rank under A minus rank under B: positive when the unit stands
    /// higher (a smaller rank) under B.
    pub fn rank_change(&self) -> Option<i64> {
        Some(rank_i64(self.rank_a?) - rank_i64(self.rank_b?))
    }
}

fn rank_i64(r: usize) -> i64 {
    i64::try_from(r).unwrap_or(i64::MAX)
}

/// The comparison of two versions.
#[derive(Debug, Clone)]
pub struct Versions {
    /// The framework files, as given.
    pub label_a: String,
    pub label_b: String,
    /// Every unit ranked under either version: in the order of A's
    /// ranking, then those ranked under B only in B's order.
    pub units: Vec<UnitRow>,
}

impl Versions {
    /// The units ranked under both.
    fn both(&self) -> impl Iterator<Item = &UnitRow> {
        self.units.iter().filter(|u| u.rank_change().is_some())
    }

    /// Mean absolute rank change over the units ranked under both (None
    /// when there is none).
    pub fn mean_abs_rank_change(&self) -> Option<f64> {
        let changes: Vec<u64> = self
            .both()
            .filter_map(|u| u.rank_change())
            .map(i64::unsigned_abs)
            .collect();
        (!changes.is_empty())
            .then(|| changes.iter().map(|&c| c as f64).sum::<f64>() / changes.len() as f64)
    }

    /// The largest absolute rank change.
    pub fn max_abs_rank_change(&self) -> Option<u64> {
        self.both()
            .filter_map(|u| u.rank_change())
            .map(i64::unsigned_abs)
            .max()
    }

    /// The units whose absolute rank change is the largest (when it is
    /// not 0), in the order of the rows.
    pub fn most_moved(&self) -> Vec<&UnitRow> {
        match self.max_abs_rank_change() {
            Some(m) if m > 0 => self
                .both()
                .filter(|u| u.rank_change().map(i64::unsigned_abs) == Some(m))
                .collect(),
            _ => Vec::new(),
        }
    }

    pub fn only_a(&self) -> Vec<&UnitRow> {
        self.units
            .iter()
            .filter(|u| u.rank_a.is_some() && u.rank_b.is_none())
            .collect()
    }

    pub fn only_b(&self) -> Vec<&UnitRow> {
        self.units
            .iter()
            .filter(|u| u.rank_a.is_none() && u.rank_b.is_some())
            .collect()
    }
}

/// Score the round in `round_dir` under framework `a` and under `b` (each
/// replacing the one round.toml names) and compare them unit by unit. An
/// error when the round does not load or score under either (the
/// diagnostics of that version).
pub fn compare(round_dir: &Path, a: &Path, b: &Path) -> Result<Versions> {
    let run = |fw: &Path| -> Result<RoundResult> {
        pipeline::evaluate(
            round_dir,
            &Options {
                framework: Some(fw),
                // The ranking is compared; the robustness analysis of the
                // round is checked, not run.
                robustness: Request {
                    mode: Mode::CheckOnly,
                    ..Request::default()
                },
                rectification: false,
                ..Options::default()
            },
        )
    };
    let ra = run(a)?;
    let rb = run(b)?;
    Ok(pair(
        &ra,
        &rb,
        a.display().to_string(),
        b.display().to_string(),
    ))
}

/// The comparison of two results of the same round.
pub fn pair(ra: &RoundResult, rb: &RoundResult, label_a: String, label_b: String) -> Versions {
    let mut units: Vec<UnitRow> = ra
        .clusters
        .iter()
        .map(|c| {
            let other = rb.clusters.iter().find(|o| o.cluster_id == c.cluster_id);
            UnitRow {
                id: c.cluster_id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                score_a: Some(c.total),
                score_b: other.map(|o| o.total),
                rank_a: Some(c.rank),
                rank_b: other.map(|o| o.rank),
            }
        })
        .collect();
    for c in &rb.clusters {
        if !ra.clusters.iter().any(|o| o.cluster_id == c.cluster_id) {
            units.push(UnitRow {
                id: c.cluster_id.clone(),
                name_zh: c.name_zh.clone(),
                name_en: c.name_en.clone(),
                score_a: None,
                score_b: Some(c.total),
                rank_a: None,
                rank_b: Some(c.rank),
            });
        }
    }
    Versions {
        label_a,
        label_b,
        units,
    }
}

/// A score as the text shows it: 2 decimals, never "-0.00".
fn score(x: Option<f64>, lang: Lang) -> String {
    match x {
        Some(x) => {
            let s = format!("{x:.2}");
            if s == "-0.00" {
                "0.00".into()
            } else {
                s
            }
        }
        None => W::Missing.text(lang).into(),
    }
}

fn signed<T: std::fmt::Display + PartialOrd + Default>(x: Option<T>, shown: String) -> String {
    match x {
        Some(v) if v > T::default() && !shown.starts_with('+') && shown != "0.00" => {
            format!("+{shown}")
        }
        _ => shown,
    }
}

fn names(units: &[&UnitRow], lang: Lang) -> String {
    if units.is_empty() {
        return W::NoneWord.text(lang).into();
    }
    let sep = match lang {
        Lang::Zh => "、",
        Lang::En => ", ",
    };
    units
        .iter()
        .map(|u| format!("{} {}", u.id, lang.pick(&u.name_zh, &u.name_en)))
        .collect::<Vec<_>>()
        .join(sep)
}

/// The text `compare` prints, in `lang`.
pub fn text(v: &Versions, lang: Lang) -> String {
    let ranked = |a: bool| {
        v.units
            .iter()
            .filter(|u| if a { u.rank_a } else { u.rank_b }.is_some())
            .count()
    };
    let mut out = String::new();
    let mut line = |s: String| {
        out.push_str(&s);
        out.push('\n');
    };
    line(W::Title.fill(lang, &[&format!("{} / {}", v.label_a, v.label_b)]));
    line(W::VersionA.fill(lang, &[&v.label_a, &ranked(true)]));
    line(W::VersionB.fill(lang, &[&v.label_b, &ranked(false)]));
    line(String::new());
    line(W::Header.text(lang).to_string());
    for u in &v.units {
        let rank =
            |r: Option<usize>| r.map_or_else(|| W::Missing.text(lang).into(), |r| r.to_string());
        let change = u.rank_change();
        line(format!(
            "{} {} | {} | {} | {} | {} | {} | {}",
            u.id,
            lang.pick(&u.name_zh, &u.name_en),
            score(u.score_a, lang),
            score(u.score_b, lang),
            signed(u.difference(), score(u.difference(), lang)),
            rank(u.rank_a),
            rank(u.rank_b),
            signed(
                change,
                change.map_or_else(|| W::Missing.text(lang).into(), |c| c.to_string())
            ),
        ));
    }
    line(String::new());
    let both = v.both().count();
    let mean = v
        .mean_abs_rank_change()
        .map_or_else(|| W::NoneWord.text(lang).into(), |m| format!("{m:.2}"));
    line(W::MeanChange.fill(lang, &[&mean, &both]));
    let max = v
        .max_abs_rank_change()
        .map_or_else(|| W::NoneWord.text(lang).into(), |m| m.to_string());
    line(W::MaxChange.fill(lang, &[&max]));
    line(W::MostMoved.fill(lang, &[&names(&v.most_moved(), lang)]));
    line(W::OnlyA.fill(lang, &[&names(&v.only_a(), lang)]));
    line(W::OnlyB.fill(lang, &[&names(&v.only_b(), lang)]));
    out
}

/// A number in full: the shortest text that reads back the same.
fn full(x: Option<f64>) -> String {
    x.map_or_else(String::new, |x| format!("{x}"))
}

/// compare_frameworks.csv: one row per unit (as `Versions::units`),
/// headers "中文 english"; a side where the unit is not ranked is blank
/// and `presence` says which (`both`, `a_only`, `b_only`).
pub fn csv(v: &Versions) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(
        [
            C::Unit,
            C::NameZh,
            C::NameEn,
            C::ScoreA,
            C::ScoreB,
            C::Difference,
            C::AbsDifference,
            C::RankA,
            C::RankB,
            C::RankChange,
            C::AbsRankChange,
            C::Presence,
        ]
        .map(C::header),
    )?;
    for u in &v.units {
        let presence = match (u.rank_a, u.rank_b) {
            (Some(_), Some(_)) => "both",
            (Some(_), None) => "a_only",
            _ => "b_only",
        };
        let opt = |x: Option<String>| x.unwrap_or_default();
        // The names come from the inputs: neutralised; numbers as they are.
        let row = [
            neutralise(&u.id),
            neutralise(&u.name_zh),
            neutralise(&u.name_en),
            full(u.score_a),
            full(u.score_b),
            full(u.difference()),
            full(u.difference().map(f64::abs)),
            opt(u.rank_a.map(|r| r.to_string())),
            opt(u.rank_b.map(|r| r.to_string())),
            opt(u.rank_change().map(|r| r.to_string())),
            opt(u.rank_change().map(|r| r.unsigned_abs().to_string())),
            presence.to_string(),
        ];
        w.write_record(&row)?;
    }
    w.into_inner().map_err(|e| Error::Other(e.to_string()))
}

//! The words of the tie notes (`rank::TieNote`), the boundary lines
//! (`process::Boundary`), the stage formulas and advancement rules
//! (`audit::FormulaTerm`, `audit::AdvanceRule`) and the grade notes
//! (`process::dynamic::GradeNote`): each code has a Chinese and an English
//! sentence whose `{0}`, `{1}` … take its parameters. Scores are shown at
//! the decimals they were compared at, through the report's number
//! formatting (`NumKind`).

use super::{reason, term, Lang};
use crate::audit::{AdvanceRule, FormulaTerm};
use crate::process::dynamic::GradeNote;
use crate::process::{Boundary, Counts, Named};
use crate::rank::{KeyKind, KeyName, TieNote};
use crate::report::number::{NumKind, Share};

catalogue! {
    /// A sentence of a note: (Chinese, English).
    Note {
        BrokenAhead => (
            "总分与 {0} 相同（{1}）；按{2}领先（{3} 对 {4}）",
            "total tied with {0} ({1}); ahead of it on {2} ({3} vs {4})"
        ),
        BrokenBehind => (
            "总分与 {0} 相同（{1}）；按{2}落后（{3} 对 {4}）",
            "total tied with {0} ({1}); behind it on {2} ({3} vs {4})"
        ),
        Shared => (
            "与 {0} 的总分（{1}）及全部同分排序依据均相同：并列第 {2} 名",
            "tied with {0} on the total ({1}) and the whole tie-break chain: rank {2} is shared"
        ),
        More => (
            "另有 {0} 个集群总分相同（{1}）",
            "and {0} more cluster(s) with the same total ({1})"
        ),
        NoValue => ("无数据", "no value"),
        Subtotal => ("{0}小计", "{0} subtotal"),
        Points => ("{0}得分", "{0} points"),
        Value => ("{0}数值", "{0} value"),
        StageScore => ("{0}得分", "{0} score"),
        PanelScore => ("{0}评审得分", "{0} panel score"),
        Shortlist => (
            "{0}尚无评审得分：流程在 {1} 个集群入围后暂停",
            "{0} has no panel scores yet: the process stops after the shortlist of {1}"
        ),
        CutTie => (
            "{0}：第 {1} 名处并列，并列集群均晋级（{2} 个晋级）",
            "{0}: a tie at the cut of {1} lets every tied cluster advance ({2} advance)"
        ),
        Advance => ("{0}：{2} 个中 {1} 个晋级", "{0}: {1} of {2} advance"),
        AdvanceBestMin => ("（前 {0} 名，且得分不低于 {1}）", " (the best {0}, with at least {1})"),
        AdvanceBest => ("（前 {0} 名）", " (the best {0})"),
        AdvanceMin => ("（得分不低于 {0}）", " (at least {0})"),
        BoundaryTie => (
            "名额边界并列：{0}（第 {1} 名）与 {2}（第 {3} 名）最终得分同为 {4}，同分排序规则使 {0} 在前：{5}",
            "boundary tie: {0} (rank {1}) and {2} (rank {3}) have the same final score {4}; the tie-break chain puts {0} first: {5}"
        ),
        HowAhead => ("按{0}领先（{1} 对 {2}）", "ahead of it on {0} ({1} vs {2})"),
        Margin => (
            "名额边界：最后入选 {0}（第 {1} 名，最终得分 {2}），首个未入选 {3}（第 {4} 名，最终得分 {5}），分差 {6}",
            "boundary: last selected {0} (rank {1}, final {2}), first not selected {3} (rank {4}, final {5}), margin {6}"
        ),
        Unresolved => (
            "名额或限额边界存在未决并列，由评审机构裁定（详见 decisions.csv）",
            "{0}"
        ),
        TermIndicators => ("指标得分 × {0}", "indicator score × {0}"),
        TermPanel => ("评审得分 × {0}", "panel score × {0}"),
        TermStage => ("{0}得分 × {1}", "{0} score × {1}"),
        Plus => (" + ", " + "),
        RuleTop => ("前 {0} 名", "best {0}"),
        RuleQuota => ("前 {0} × 名额", "best {0} × quota"),
        RuleQuotaCut => ("前 {0} × 名额 = {1} 名", "best {0} × quota = {1}"),
        RuleMin => ("得分 ≥ {0}", "score ≥ {0}"),
        RuleSeparator => ("，", ", "),
        TiedAtCap => (
            "{0}名额上限 {1} 个（{3} 个的 {2}）处并列：并列集群均保留该等次",
            "tied at the {0} cap of {1} ({2} of {3}): all tied clusters keep the grade"
        ),
        Capped => (
            "{0}限 {1} 个（{3} 个的 {2}）：第 {4} 名降为{5}",
            "{0} is capped at {1} of {3} ({2}): rank {4} drops to {5}"
        ),
    }
}

impl Note {
    fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let t = match lang {
            Lang::Zh => self.pair().0,
            Lang::En => self.pair().1,
        };
        super::fill(t, args)
    }
}

fn score(x: Option<f64>, decimals: u32, lang: Lang) -> String {
    match x {
        Some(v) if v.is_finite() => NumKind::Score { decimals }.text(v),
        _ => Note::NoValue.fill(lang, &[]),
    }
}

fn exact(x: f64) -> String {
    NumKind::Exact.text(x)
}

fn stage(s: &Named, lang: Lang) -> String {
    term::stage(&s.id, &s.zh, &s.en, lang)
}

/// A tie-break key in `lang`: "答辩评审得分", "defence panel score".
pub fn key(k: &KeyName, lang: Lang) -> String {
    let name = match k.kind {
        KeyKind::StageScore | KeyKind::PanelScore => term::stage(&k.id, &k.zh, &k.en, lang),
        _ => lang.pick(&k.zh, &k.en).to_string(),
    };
    let m = match k.kind {
        KeyKind::Subtotal => Note::Subtotal,
        KeyKind::Points => Note::Points,
        KeyKind::Value => Note::Value,
        KeyKind::StageScore => Note::StageScore,
        KeyKind::PanelScore => Note::PanelScore,
    };
    m.fill(lang, &[&name])
}

/// One tie note in `lang`.
pub fn tie_note(n: &TieNote, lang: Lang) -> String {
    match n {
        TieNote::BrokenBy {
            other,
            total,
            ahead,
            key: k,
            mine,
            theirs,
            decimals,
        } => {
            let m = if *ahead {
                Note::BrokenAhead
            } else {
                Note::BrokenBehind
            };
            m.fill(
                lang,
                &[
                    other,
                    &score(Some(*total), *decimals, lang),
                    &key(k, lang),
                    &score(*mine, *decimals, lang),
                    &score(*theirs, *decimals, lang),
                ],
            )
        }
        TieNote::Shared {
            other,
            total,
            rank,
            decimals,
        } => Note::Shared.fill(
            lang,
            &[other, &score(Some(*total), *decimals, lang), rank],
        ),
        TieNote::More {
            count,
            total,
            decimals,
        } => Note::More.fill(lang, &[count, &score(Some(*total), *decimals, lang)]),
    }
}

/// A cluster's tie notes in `lang`, joined (empty when there is none).
pub fn tie_notes(ns: &[TieNote], lang: Lang) -> String {
    ns.iter()
        .map(|n| tie_note(n, lang))
        .collect::<Vec<_>>()
        .join(&reason::separator(lang))
}

/// One boundary line in `lang`; the quota line takes its numbers from
/// `counts` (None when there is no quota).
pub fn boundary(b: &Boundary, counts: &Counts, lang: Lang) -> Option<String> {
    Some(match b {
        Boundary::Shortlist { stage: s, count } => {
            Note::Shortlist.fill(lang, &[&stage(s, lang), count])
        }
        Boundary::CutTie {
            stage: s,
            cut,
            advance,
        } => Note::CutTie.fill(lang, &[&stage(s, lang), cut, advance]),
        Boundary::Advance {
            stage: s,
            advance,
            of,
            best,
            minimum,
        } => {
            let mut line = Note::Advance.fill(lang, &[&stage(s, lang), advance, of]);
            line.push_str(&match (best, minimum) {
                (Some(l), Some(m)) => Note::AdvanceBestMin.fill(lang, &[l, &exact(*m)]),
                (Some(l), None) => Note::AdvanceBest.fill(lang, &[l]),
                (None, Some(m)) => Note::AdvanceMin.fill(lang, &[&exact(*m)]),
                (None, None) => String::new(),
            });
            line
        }
        Boundary::Quota => return reason::quota_line(counts, lang),
        Boundary::Tie {
            last_in,
            rank_in,
            first_out,
            rank_out,
            score: s,
            decimals,
            how,
        } => {
            let how = match how {
                Some(TieNote::BrokenBy {
                    key: k,
                    mine,
                    theirs,
                    decimals,
                    ..
                }) => Note::HowAhead.fill(
                    lang,
                    &[
                        &key(k, lang),
                        &score(*mine, *decimals, lang),
                        &score(*theirs, *decimals, lang),
                    ],
                ),
                Some(n) => tie_note(n, lang),
                None => String::new(),
            };
            Note::BoundaryTie.fill(
                lang,
                &[
                    last_in,
                    rank_in,
                    first_out,
                    rank_out,
                    &score(*s, *decimals, lang),
                    &how,
                ],
            )
        }
        Boundary::Margin {
            last_in,
            rank_in,
            score_in,
            first_out,
            rank_out,
            score_out,
            margin,
            decimals,
        } => Note::Margin.fill(
            lang,
            &[
                last_in,
                rank_in,
                &score(*score_in, *decimals, lang),
                first_out,
                rank_out,
                &score(*score_out, *decimals, lang),
                &score(Some(*margin), *decimals, lang),
            ],
        ),
        Boundary::Unresolved { text } => Note::Unresolved.fill(lang, &[text]),
    })
}

/// The boundary lines in `lang`.
pub fn boundaries(bs: &[Boundary], counts: &Counts, lang: Lang) -> Vec<String> {
    bs.iter().filter_map(|b| boundary(b, counts, lang)).collect()
}

/// A stage's score formula in `lang`: "指标得分 × 0.7 + 评审得分 × 0.3".
pub fn formula(terms: &[FormulaTerm], lang: Lang) -> String {
    terms
        .iter()
        .map(|t| match t {
            FormulaTerm::Indicators { weight } => {
                Note::TermIndicators.fill(lang, &[&exact(*weight)])
            }
            FormulaTerm::Panel { weight } => Note::TermPanel.fill(lang, &[&exact(*weight)]),
            FormulaTerm::Stage { stage: s, weight } => {
                Note::TermStage.fill(lang, &[&stage(s, lang), &exact(*weight)])
            }
        })
        .collect::<Vec<_>>()
        .join(&Note::Plus.fill(lang, &[]))
}

/// A stage's advancement rule in `lang` (empty when there is none).
pub fn advance(rule: Option<&AdvanceRule>, lang: Lang) -> String {
    let Some(r) = rule else {
        return String::new();
    };
    let mut parts = Vec::new();
    if let Some(t) = r.top {
        parts.push(Note::RuleTop.fill(lang, &[&t]));
    }
    if let Some(m) = r.quota_multiple {
        parts.push(match r.quota_cut {
            Some(n) => Note::RuleQuotaCut.fill(lang, &[&exact(m), &n]),
            None => Note::RuleQuota.fill(lang, &[&exact(m)]),
        });
    }
    if let Some(m) = r.min_score {
        parts.push(Note::RuleMin.fill(lang, &[&exact(m)]));
    }
    parts.join(&Note::RuleSeparator.fill(lang, &[]))
}

/// A grade note in `lang` (empty when there is none).
pub fn grade_note(n: Option<&GradeNote>, lang: Lang) -> String {
    let pct = |share: f64| {
        NumKind::Percent {
            given: Share::Fraction,
            decimals: 0,
        }
        .text(share)
    };
    let grade = |g: &Named| term::grade(&g.zh, &g.en, lang);
    match n {
        None => String::new(),
        Some(GradeNote::TiedAtCap {
            grade: g,
            cap,
            share,
            of,
        }) => Note::TiedAtCap.fill(lang, &[&grade(g), cap, &pct(*share), of]),
        Some(GradeNote::Capped {
            grade: g,
            cap,
            share,
            of,
            rank,
            to,
        }) => Note::Capped.fill(
            lang,
            &[&grade(g), cap, &pct(*share), of, rank, &grade(to)],
        ),
    }
}

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
        } => Note::Shared.fill(lang, &[other, &score(Some(*total), *decimals, lang), rank]),
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
    bs.iter()
        .filter_map(|b| boundary(b, counts, lang))
        .collect()
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
        }) => Note::Capped.fill(lang, &[&grade(g), cap, &pct(*share), of, rank, &grade(to)]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rank::{KeyKind, KeyName};

    fn defence() -> KeyName {
        KeyName::new(KeyKind::PanelScore, "defence", "答辩", "defence")
    }

    fn both(s: impl Fn(Lang) -> String) -> (String, String) {
        (s(Lang::Zh), s(Lang::En))
    }

    #[test]
    fn tie_notes_in_both_languages() {
        let broken = TieNote::BrokenBy {
            other: "C19".into(),
            total: 70.26,
            ahead: true,
            key: defence(),
            mine: Some(76.24),
            theirs: Some(75.22),
            decimals: 2,
        };
        assert_eq!(
            both(|l| tie_note(&broken, l)),
            (
                "总分与 C19 相同（70.26）；按答辩评审得分领先（76.24 对 75.22）".into(),
                "total tied with C19 (70.26); ahead of it on defence panel score (76.24 vs 75.22)"
                    .into()
            )
        );
        let behind = TieNote::BrokenBy {
            other: "A".into(),
            total: 60.0,
            ahead: false,
            key: KeyName::new(KeyKind::Value, "I9", "能耗", "Energy use"),
            mine: None,
            theirs: Some(1.5),
            decimals: 1,
        };
        assert_eq!(
            both(|l| tie_note(&behind, l)),
            (
                "总分与 A 相同（60.0）；按能耗数值落后（无数据 对 1.5）".into(),
                "total tied with A (60.0); behind it on Energy use value (no value vs 1.5)".into()
            )
        );
        let shared = TieNote::Shared {
            other: "B".into(),
            total: 50.0,
            rank: 2,
            decimals: 2,
        };
        let more = TieNote::More {
            count: 3,
            total: 50.0,
            decimals: 2,
        };
        assert_eq!(
            both(|l| tie_notes(&[shared.clone(), more.clone()], l)),
            (
                "与 B 的总分（50.00）及全部同分排序依据均相同：并列第 2 名；另有 3 个集群总分相同（50.00）".into(),
                "tied with B on the total (50.00) and the whole tie-break chain: rank 2 is shared; and 3 more cluster(s) with the same total (50.00)".into()
            )
        );
    }

    #[test]
    fn key_names_in_both_languages() {
        let k = |kind, zh: &str, en: &str| KeyName::new(kind, "x", zh, en);
        let cases = [
            (
                k(KeyKind::Subtotal, "创新能力", "Innovation"),
                "创新能力小计",
                "Innovation subtotal",
            ),
            (
                k(KeyKind::Points, "专利", "Patents"),
                "专利得分",
                "Patents points",
            ),
            (
                k(KeyKind::Value, "专利", "Patents"),
                "专利数值",
                "Patents value",
            ),
            (
                k(KeyKind::StageScore, "初审", "preliminary review"),
                "初审得分",
                "preliminary review score",
            ),
            (defence(), "答辩评审得分", "defence panel score"),
        ];
        for (key_name, zh, en) in cases {
            assert_eq!(both(|l| key(&key_name, l)), (zh.into(), en.into()));
        }
    }

    #[test]
    fn boundary_lines_in_both_languages() {
        let stage = Named::new("preliminary", "初审", "preliminary review");
        let counts = Counts::default();
        let line = |b: &Boundary| both(|l| boundary(b, &counts, l).unwrap_or_default());
        let cases = [
            (
                Boundary::Shortlist {
                    stage: stage.clone(),
                    count: 18,
                },
                "初审尚无评审得分：流程在 18 个集群入围后暂停",
                "preliminary review has no panel scores yet: the process stops after the shortlist of 18",
            ),
            (
                Boundary::CutTie {
                    stage: stage.clone(),
                    cut: 18,
                    advance: 19,
                },
                "初审：第 18 名处并列，并列集群均晋级（19 个晋级）",
                "preliminary review: a tie at the cut of 18 lets every tied cluster advance (19 advance)",
            ),
            (
                Boundary::Advance {
                    stage: stage.clone(),
                    advance: 18,
                    of: 29,
                    best: Some(18),
                    minimum: None,
                },
                "初审：29 个中 18 个晋级（前 18 名）",
                "preliminary review: 18 of 29 advance (the best 18)",
            ),
            (
                Boundary::Advance {
                    stage: stage.clone(),
                    advance: 10,
                    of: 29,
                    best: Some(18),
                    minimum: Some(60.0),
                },
                "初审：29 个中 10 个晋级（前 18 名，且得分不低于 60）",
                "preliminary review: 10 of 29 advance (the best 18, with at least 60)",
            ),
            (
                Boundary::Advance {
                    stage: stage.clone(),
                    advance: 10,
                    of: 29,
                    best: None,
                    minimum: Some(62.5),
                },
                "初审：29 个中 10 个晋级（得分不低于 62.5）",
                "preliminary review: 10 of 29 advance (at least 62.5)",
            ),
            (
                Boundary::Tie {
                    last_in: "C17".into(),
                    rank_in: 11,
                    first_out: "C19".into(),
                    rank_out: 12,
                    score: Some(70.26),
                    decimals: 2,
                    how: Some(TieNote::BrokenBy {
                        other: "C19".into(),
                        total: 70.26,
                        ahead: true,
                        key: defence(),
                        mine: Some(76.24),
                        theirs: Some(75.22),
                        decimals: 2,
                    }),
                },
                "名额边界并列：C17（第 11 名）与 C19（第 12 名）最终得分同为 70.26，同分排序规则使 C17 在前：按答辩评审得分领先（76.24 对 75.22）",
                "boundary tie: C17 (rank 11) and C19 (rank 12) have the same final score 70.26; the tie-break chain puts C17 first: ahead of it on defence panel score (76.24 vs 75.22)",
            ),
            (
                Boundary::Margin {
                    last_in: "F".into(),
                    rank_in: 6,
                    score_in: Some(65.0),
                    first_out: "G".into(),
                    rank_out: 7,
                    score_out: Some(60.0),
                    margin: 5.0,
                    decimals: 2,
                },
                "名额边界：最后入选 F（第 6 名，最终得分 65.00），首个未入选 G（第 7 名，最终得分 60.00），分差 5.00",
                "boundary: last selected F (rank 6, final 65.00), first not selected G (rank 7, final 60.00), margin 5.00",
            ),
            (
                Boundary::Unresolved {
                    text: "unresolved tie at the quota".into(),
                },
                "名额或限额边界存在未决并列，由评审机构裁定（详见 decisions.csv）",
                "unresolved tie at the quota",
            ),
        ];
        for (b, zh, en) in cases {
            assert_eq!(line(&b), (zh.into(), en.into()), "{b:?}");
        }
        // No quota: no quota line.
        assert_eq!(boundary(&Boundary::Quota, &counts, Lang::Zh), None);
    }

    #[test]
    fn formulas_and_rules_in_both_languages() {
        let terms = [
            FormulaTerm::Panel { weight: 0.4 },
            FormulaTerm::Stage {
                stage: Named::new("preliminary", "初审", "preliminary review"),
                weight: 0.6,
            },
            FormulaTerm::Indicators { weight: 1.0 },
        ];
        assert_eq!(
            both(|l| formula(&terms, l)),
            (
                "评审得分 × 0.4 + 初审得分 × 0.6 + 指标得分 × 1".into(),
                "panel score × 0.4 + preliminary review score × 0.6 + indicator score × 1".into()
            )
        );
        let rule = AdvanceRule {
            top: Some(20),
            quota_multiple: Some(1.6),
            quota_cut: Some(18),
            min_score: Some(60.0),
        };
        assert_eq!(
            both(|l| advance(Some(&rule), l)),
            (
                "前 20 名，前 1.6 × 名额 = 18 名，得分 ≥ 60".into(),
                "best 20, best 1.6 × quota = 18, score ≥ 60".into()
            )
        );
        let open = AdvanceRule {
            top: None,
            quota_multiple: Some(2.0),
            quota_cut: None,
            min_score: None,
        };
        assert_eq!(
            both(|l| advance(Some(&open), l)),
            ("前 2 × 名额".into(), "best 2 × quota".into())
        );
        assert_eq!(advance(None, Lang::Zh), "");
    }

    #[test]
    fn grade_notes_in_both_languages() {
        let top = Named::new("excellent", "优秀", "excellent");
        let good = Named::new("good", "良好", "good");
        let tied = GradeNote::TiedAtCap {
            grade: top.clone(),
            cap: 2,
            share: 0.3,
            of: 7,
        };
        assert_eq!(
            both(|l| grade_note(Some(&tied), l)),
            (
                "优秀名额上限 2 个（7 个的 30%）处并列：并列集群均保留该等次".into(),
                "tied at the excellent cap of 2 (30% of 7): all tied clusters keep the grade"
                    .into()
            )
        );
        let capped = GradeNote::Capped {
            grade: top,
            cap: 1,
            share: 0.2,
            of: 7,
            rank: 2,
            to: good,
        };
        assert_eq!(
            both(|l| grade_note(Some(&capped), l)),
            (
                "优秀限 1 个（7 个的 20%）：第 2 名降为良好".into(),
                "excellent is capped at 1 of 7 (20%): rank 2 drops to good".into()
            )
        );
        assert_eq!(grade_note(None, Lang::En), "");
    }
}

//! The words of the process's reasons (`process::Reason`): each code has a
//! Chinese and an English sentence whose `{0}`, `{1}` … take its
//! parameters (the order of the words differs between the languages, the
//! numbering does not). `reason` words one reason in one language.

use super::term;
use super::Lang;
use crate::process::reason::{Named, Reason};
use crate::process::{Counts, Status};

catalogue! {
    /// A sentence of a reason: (Chinese, English).
    Why {
        Gate => ("{0}（资格条件 {1}：{2}；实际 {3}）", "{0} (gate {1}: {2}; found {3})"),
        ScreenedOut => (
            "筛除：有数据的指标过少，未参加评分",
            "left out by screening: too few indicators with data"
        ),
        AdvancedUnscored => ("已晋级{0}，该环节尚无评分", "advanced to {0}, which has no scores yet"),
        BelowCut => (
            "{2}排名第 {0} 位（共 {1} 个），前 {3} 名晋级",
            "ranked {0} of {1} at {2}; the best {3} advance"
        ),
        BelowAdvanceMinimum => (
            "{0}得分 {1} 低于晋级最低分 {2}",
            "{0} score {1} is below the minimum {2} to advance"
        ),
        WithinQuota => ("排名第 {0} 位，在 {1} 个名额之内", "rank {0} within the quota of {1}"),
        BelowMinimum => ("最终得分 {0} 低于最低分 {1}", "final score {0} is below the minimum {1}"),
        QuotaFilled => (
            "排名第 {0} 位：{1} 个名额已由排名更前的集群占满",
            "rank {0}: the quota of {1} is filled by higher-ranked clusters"
        ),
        CapFull => (
            "限额：每个{1}至多入选 {0} 个，{2}已入选 {0} 个",
            "cap: at most {0} selected per {1}, and {0} from {2} already are"
        ),
        Tie => (
            "排名第 {0} 位：名额边界并列，由评审机构裁定（详见 decisions.csv 的 reason 列）",
            "{1}"
        ),
        Graded => ("本轮{0}；上轮（{1} 年）{2}", "{0} this round; last round {1} {2}"),
        GradedFirst => ("本轮{0}；此前无评价记录", "{0} this round; no earlier round"),
        FailsInRow => ("连续 {0} 次{1}（{2}）", "{0} fails in a row ({2})"),
        FailAfter => ("{2} 年{1}后仍{0}", "{0} after {1} in {2}"),
        ImmediateExit => ("立即退出：{0}", "immediate exit: {0}"),
        SameCity => ("同城回避（{0}）", "same city ({0})"),
        SameEmployer => ("同单位回避（{0}）", "same employer ({0})"),
        Declared => ("申报回避（{0}，第 {1} 行）", "declared ({0}, row {1})"),
        CountOf => ("{0} {1} 个", "{0} {1}"),
        QuotaLine => (
            "名额 {0}：最终环节 {2} 个集群中入选 {1} 个",
            "quota {0}: {1} selected of {2} in the final stage"
        ),
        QuotaOpen => (
            "；{0} 个名额边界并列或视并列裁定而定，涉及 {1} 个名额",
            "; {0} tied at the quota or depending on a tie, for {1} more place(s)"
        ),
        Separator => ("；", "; "),
        Colon => ("：", ": "),
    }
}

impl Why {
    fn fill(self, lang: Lang, args: &[&dyn std::fmt::Display]) -> String {
        let t = match lang {
            Lang::Zh => self.pair().0,
            Lang::En => self.pair().1,
        };
        super::fill(t, args)
    }
}

fn stage(s: &Named, lang: Lang) -> String {
    term::stage(&s.id, &s.zh, &s.en, lang)
}

fn grade(g: &Named, lang: Lang) -> String {
    term::grade(&g.zh, &g.en, lang)
}

/// Two decimals, as the process rounds its scores.
fn score(x: f64) -> String {
    format!("{x:.2}")
}

/// One reason in one language.
pub fn reason(r: &Reason, lang: Lang) -> String {
    match r {
        Reason::Gate {
            gate,
            condition,
            found,
        } => {
            let text = lang.pick(&gate.zh, &gate.en);
            Why::Gate.fill(lang, &[&text, &gate.id, condition, found])
        }
        Reason::ScreenedOut => Why::ScreenedOut.fill(lang, &[]),
        Reason::AdvancedUnscored { stage: s } => {
            Why::AdvancedUnscored.fill(lang, &[&stage(s, lang)])
        }
        Reason::BelowCut {
            stage: s,
            rank,
            of,
            best,
        } => Why::BelowCut.fill(lang, &[rank, of, &stage(s, lang), best]),
        Reason::BelowAdvanceMinimum {
            stage: s,
            score: x,
            minimum,
        } => Why::BelowAdvanceMinimum.fill(lang, &[&stage(s, lang), &score(*x), minimum]),
        Reason::WithinQuota { rank, quota } => Why::WithinQuota.fill(lang, &[rank, quota]),
        Reason::BelowMinimum { score: x, minimum } => {
            Why::BelowMinimum.fill(lang, &[&score(*x), minimum])
        }
        Reason::QuotaFilled { rank, quota } => Why::QuotaFilled.fill(lang, &[rank, quota]),
        Reason::CapFull { cap, column, value } => Why::CapFull.fill(lang, &[cap, column, value]),
        Reason::Tie { rank, text } => Why::Tie.fill(lang, &[rank, text]),
        Reason::Graded { grade: g, last } => match last {
            Some((year, l)) => Why::Graded.fill(lang, &[&grade(g, lang), year, &grade(l, lang)]),
            None => Why::GradedFirst.fill(lang, &[&grade(g, lang)]),
        },
        Reason::FailsInRow {
            count,
            grade: g,
            years,
        } => {
            let years: Vec<String> = years.iter().map(|y| y.to_string()).collect();
            let sep = match lang {
                Lang::Zh => "、",
                Lang::En => ", ",
            };
            Why::FailsInRow.fill(lang, &[count, &grade(g, lang), &years.join(sep)])
        }
        Reason::FailAfter {
            grade: g,
            outcome,
            year,
        } => Why::FailAfter.fill(
            lang,
            &[&grade(g, lang), &term::outcome(outcome, lang), year],
        ),
        Reason::ImmediateExit { flags } => {
            let each: Vec<String> = flags
                .iter()
                .map(|(flag, note)| match (note.is_empty(), lang) {
                    (true, _) => flag.clone(),
                    (false, Lang::Zh) => format!("{flag}（{note}）"),
                    (false, Lang::En) => format!("{flag} ({note})"),
                })
                .collect();
            let joined = each.join(Why::Separator.fill(lang, &[]).as_str());
            Why::ImmediateExit.fill(lang, &[&joined])
        }
        Reason::SameCity { city } => Why::SameCity.fill(lang, &[city]),
        Reason::SameEmployer { employer } => Why::SameEmployer.fill(lang, &[employer]),
        Reason::Declared { file, row, note } => {
            let mut s = Why::Declared.fill(lang, &[file, row]);
            if !note.is_empty() {
                s.push_str(&Why::Colon.fill(lang, &[]));
                s.push_str(note);
            }
            s
        }
    }
}

/// The number of clusters of each status, in `lang`, the statuses worded
/// (`selected 11, not selected 7` / `入选 11 个，未入选 7 个`).
pub fn counts(n: &Counts, lang: Lang) -> String {
    Status::ALL
        .iter()
        .filter(|&&s| n.of_status(s) > 0)
        .map(|&s| Why::CountOf.fill(lang, &[&term::status(s, lang), &n.of_status(s)]))
        .collect::<Vec<_>>()
        .join(&super::finish::Fin::ListSeparator.fill(lang, &[]))
}

/// The quota line (the quota, the clusters selected of the finalists, the
/// places an unresolved tie holds), in `lang`; in English as the process
/// words it.
pub fn quota_line(n: &Counts, lang: Lang) -> Option<String> {
    if lang == Lang::En {
        return n.quota_line();
    }
    let q = n.quota?;
    let mut line = Why::QuotaLine.fill(lang, &[&q, &n.selected, &n.finalists]);
    let open = n.tied_at_quota + n.depends_on_tie;
    if open > 0 {
        let (lo, hi) = (n.office_places.fewest, n.office_places.most);
        let places = if lo == hi {
            hi.to_string()
        } else {
            format!("{lo}–{hi}")
        };
        line.push_str(&Why::QuotaOpen.fill(lang, &[&open, &places]));
    }
    Some(line)
}

/// What separates reasons in `lang`: "; " or "；".
pub fn separator(lang: Lang) -> String {
    Why::Separator.fill(lang, &[])
}

/// Several reasons in one language, joined.
pub fn reasons(rs: &[Reason], lang: Lang) -> String {
    let sep = separator(lang);
    rs.iter()
        .map(|r| reason(r, lang))
        .collect::<Vec<_>>()
        .join(&sep)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_reason_in_each_language() {
        let r = Reason::BelowCut {
            stage: Named::new("preliminary", "初审", ""),
            rank: 19,
            of: 29,
            best: 18,
        };
        assert_eq!(
            reason(&r, Lang::En),
            "ranked 19 of 29 at preliminary review; the best 18 advance"
        );
        assert_eq!(
            reason(&r, Lang::Zh),
            "初审排名第 19 位（共 29 个），前 18 名晋级"
        );
        let f = Reason::FailsInRow {
            count: 2,
            grade: Named::new("fail", "不合格", "fail"),
            years: vec![2022, 2023],
        };
        assert_eq!(reason(&f, Lang::En), "2 fails in a row (2022, 2023)");
        assert_eq!(reason(&f, Lang::Zh), "连续 2 次不合格（2022、2023）");
        let two = [
            Reason::SameCity {
                city: "邯郸市".into(),
            },
            Reason::WithinQuota { rank: 1, quota: 11 },
        ];
        assert_eq!(
            reasons(&two, Lang::En),
            "same city (邯郸市); rank 1 within the quota of 11"
        );
    }
}

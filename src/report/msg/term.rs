//! Words for things the process and the framework name by id: decision
//! statuses, dynamic-management outcomes, the standard grades, the usual
//! stage names and the common Chinese units, each as (Chinese, English).
//! The functions here pick the word of a report's language, with the
//! framework's own name first when it supplies one in that language.

use super::Lang;
use crate::process::Status;

catalogue! {
    /// A term: (Chinese, English).
    Term {
        // Decision statuses.
        FailedGate => ("资格审查未通过", "failed a gate"),
        ScreenedOut => ("数据不足未评", "screened out"),
        NotAdvanced => ("未入围", "not shortlisted"),
        Shortlisted => ("入围", "shortlisted"),
        Selected => ("入选", "selected"),
        NotSelected => ("未入选", "not selected"),
        TiedAtQuota => ("名额边界并列待定", "tied at the quota"),
        DependsOnTie => ("视并列裁定而定", "depends on a tie"),
        Evaluated => ("已评估", "evaluated"),
        // Dynamic-management outcomes.
        Continue => ("继续培育", "continue"),
        Rectify => ("整改", "rectify"),
        Warning => ("警告并限期整改", "warning"),
        Exit => ("退出", "exit"),
        // The standard grades (a framework may name its own).
        Excellent => ("优秀", "excellent"),
        Good => ("良好", "good"),
        Pass => ("合格", "pass"),
        Fail => ("不合格", "fail"),
        // The usual stages (a round may name its own).
        Preliminary => ("初审", "preliminary review"),
        Defence => ("答辩", "defence"),
        Site => ("现场考察", "site visit"),
        IndicatorScore => ("指标评分", "indicator score"),
        // Common units of the inputs.
        Yi => ("亿元", "CNY 100 m"),
        Wan => ("万元", "CNY 10,000"),
        Yuan => ("元", "CNY"),
        Jia => ("家", "firms"),
        Ge => ("个", "units"),
        Xiang => ("项", "items"),
        Ren => ("人", "persons"),
        Jian => ("件", "items"),
        Fen => ("分", "points"),
        YiUsd => ("亿美元", "USD 100 m"),
        WanUsd => ("万美元", "USD 10,000"),
        Tce => ("吨标煤", "tce"),
        Dun => ("吨", "t"),
        RenCi => ("人次", "person-times"),
        Percent => ("%", "%"),
        // Units the tool gives derived values.
        WeightedCount => ("加权个数", "weighted count"),
        PercentPerYear => ("%/年", "%/yr"),
        // Words of progress rows and yes/no.
        Yes => ("是", "yes"),
        No => ("否", "no"),
    }
}

impl Term {
    pub fn text(self, lang: Lang) -> &'static str {
        super::unit::relabel(
            match lang {
                Lang::Zh => self.pair().0,
                Lang::En => self.pair().1,
            },
            lang,
        )
    }

    /// The term whose Chinese or English text is `s`.
    fn find(s: &str, within: &[Term]) -> Option<Term> {
        within
            .iter()
            .copied()
            .find(|t| t.pair().0 == s || t.pair().1.eq_ignore_ascii_case(s))
    }
}

/// The word of a decision status.
pub fn status(s: Status, lang: Lang) -> &'static str {
    let t = match s {
        Status::FailedGate => Term::FailedGate,
        Status::ScreenedOut => Term::ScreenedOut,
        Status::NotAdvanced => Term::NotAdvanced,
        Status::Shortlisted => Term::Shortlisted,
        Status::Selected => Term::Selected,
        Status::NotSelected => Term::NotSelected,
        Status::TiedAtQuota => Term::TiedAtQuota,
        Status::DependsOnTie => Term::DependsOnTie,
        Status::Evaluated => Term::Evaluated,
    };
    t.text(lang)
}

/// The word of a status given by its id (`not_selected`); the id itself
/// when it is not one.
pub fn status_id(id: &str, lang: Lang) -> String {
    Status::ALL
        .iter()
        .find(|s| s.as_str() == id)
        .map_or_else(|| id.to_string(), |&s| status(s, lang).to_string())
}

/// The word of a dynamic-management outcome (`continue`, `rectify`,
/// `warning`, `exit`); the id itself when it is not one.
pub fn outcome(id: &str, lang: Lang) -> String {
    let t = match id {
        "continue" => Term::Continue,
        "rectify" => Term::Rectify,
        "warning" => Term::Warning,
        "exit" => Term::Exit,
        _ => return id.to_string(),
    };
    t.text(lang).to_string()
}

const GRADES: &[Term] = &[Term::Excellent, Term::Good, Term::Pass, Term::Fail];
const STAGES: &[Term] = &[
    Term::Preliminary,
    Term::Defence,
    Term::Site,
    Term::IndicatorScore,
];
const UNITS: &[Term] = &[
    Term::Yi,
    Term::Wan,
    Term::Yuan,
    Term::Jia,
    Term::Ge,
    Term::Xiang,
    Term::Ren,
    Term::Jian,
    Term::Fen,
    Term::YiUsd,
    Term::WanUsd,
    Term::Tce,
    Term::Dun,
    Term::RenCi,
    Term::Percent,
];

/// A name the inputs give in one or both languages, in `lang`: the name
/// of that language when supplied, else the catalogue's word for a known
/// name among `known`, else the other language's name.
fn named(zh: &str, en: &str, lang: Lang, known: &[Term]) -> String {
    let (mine, other) = match lang {
        Lang::Zh => (zh, en),
        Lang::En => (en, zh),
    };
    if !mine.trim().is_empty() {
        return mine.to_string();
    }
    Term::find(other.trim(), known).map_or_else(|| other.to_string(), |t| t.text(lang).into())
}

/// A grade's name: the framework's, or the catalogue's for the standard
/// grades (优秀 excellent, 良好 good, 合格 pass, 不合格 fail).
pub fn grade(zh: &str, en: &str, lang: Lang) -> String {
    named(zh, en, lang, GRADES)
}

/// A stage's name: the round's, or the catalogue's for the usual stages
/// (初审 preliminary review, 答辩 defence, 现场考察 site visit), also found
/// by the stage's id.
pub fn stage(id: &str, zh: &str, en: &str, lang: Lang) -> String {
    let by_id = match id {
        "preliminary" => Some(Term::Preliminary),
        "defence" | "defense" => Some(Term::Defence),
        "site" | "site_visit" => Some(Term::Site),
        "indicators" => Some(Term::IndicatorScore),
        _ => None,
    };
    let (mine, other) = match lang {
        Lang::Zh => (zh, en),
        Lang::En => (en, zh),
    };
    match by_id {
        Some(t) if mine.trim().is_empty() => t.text(lang).to_string(),
        _ if mine.trim().is_empty() && other.trim().is_empty() => id.to_string(),
        _ => named(zh, en, lang, STAGES),
    }
}

/// A unit string from the framework in `lang`: the units the tool gives
/// derived values (weighted count, %/yr) from the catalogue; in English,
/// the declared English unit when there is one, else each part of the unit
/// (万元/人 has two) as the catalogue translates the common Chinese units
/// (亿元, 万元, 元, 家, 个, 项, 人, %), other parts as supplied; in
/// Chinese, the unit as supplied.
pub fn unit(supplied: &str, unit_en: &str, lang: Lang) -> String {
    if let Some(t) = Term::find(
        supplied.trim(),
        &[Term::WeightedCount, Term::PercentPerYear],
    ) {
        return t.text(lang).to_string();
    }
    match lang {
        Lang::Zh => supplied.to_string(),
        Lang::En if !unit_en.trim().is_empty() => unit_en.to_string(),
        Lang::En => supplied
            .split('/')
            .map(|part| {
                Term::find(part.trim(), UNITS)
                    .map_or_else(|| part.to_string(), |t| t.text(Lang::En).into())
            })
            .collect::<Vec<_>>()
            .join("/"),
    }
}

/// "是" / "yes", "否" / "no".
pub fn yes_no(b: bool, lang: Lang) -> &'static str {
    if b {
        Term::Yes.text(lang)
    } else {
        Term::No.text(lang)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_follow_the_language_with_catalogue_defaults() {
        assert_eq!(grade("优秀", "", Lang::En), "excellent");
        assert_eq!(grade("优秀", "outstanding", Lang::En), "outstanding");
        assert_eq!(grade("甲等", "", Lang::En), "甲等");
        assert_eq!(grade("", "good", Lang::Zh), "良好");
        assert_eq!(stage("defence", "答辩", "", Lang::En), "defence");
        assert_eq!(stage("s2", "答辩", "", Lang::En), "defence");
        assert_eq!(stage("s3", "复审", "", Lang::En), "复审");
        assert_eq!(stage("s3", "", "", Lang::En), "s3");
        assert_eq!(unit("亿元", "", Lang::En), "CNY 100 m");
        assert_eq!(unit("亿元", "bn", Lang::En), "bn");
        assert_eq!(unit("亿元", "", Lang::Zh), "亿元");
        assert_eq!(unit("MW", "", Lang::En), "MW");
        assert_eq!(unit("万元/人", "", Lang::En), "CNY 10,000/persons");
        assert_eq!(unit("件/亿元", "", Lang::En), "items/CNY 100 m");
        assert_eq!(unit("吨标煤/万元", "", Lang::En), "tce/CNY 10,000");
        assert_eq!(unit("亿美元", "", Lang::En), "USD 100 m");
        assert_eq!(
            unit("吨标煤/万元", "tce per CNY 10 k", Lang::En),
            "tce per CNY 10 k"
        );
        assert_eq!(unit("weighted count", "", Lang::Zh), "加权个数");
        assert_eq!(unit("%/yr", "", Lang::Zh), "%/年");
        assert_eq!(status_id("not_selected", Lang::En), "not selected");
        assert_eq!(status_id("not_selected", Lang::Zh), "未入选");
        assert_eq!(outcome("exit", Lang::Zh), "退出");
    }
}

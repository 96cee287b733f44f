//! The text of `whatif` (issue 20): a cluster's gap to its target and the
//! single-indicator table, from `whatif::Answer`, in one language (the
//! words in `msg::whatif`). It computes nothing; it words the answer.

use super::msg::term;
use super::msg::whatif::WhatIf;
use super::msg::Lang;
use crate::framework::Framework;
use crate::whatif::plan::Plan;
use crate::whatif::search::{Alone, SingleMove};
use crate::whatif::{Answer, Scenario, Target};

/// A number as the table shows it: 2 decimals.
pub(super) fn num(x: f64) -> String {
    let s = format!("{x:.2}");
    if s == "-0.00" {
        "0.00".to_string()
    } else {
        s
    }
}

/// The target in words (the scenario's process names a stage).
pub fn target_text(scenario: &Scenario, target: Target, lang: Lang) -> String {
    let fw = &scenario.round.framework;
    match target {
        Target::Grade(g) => {
            let gr = &fw.grades[g];
            WhatIf::TargetGrade.fill(lang, &[&lang.pick(&gr.name_zh, &gr.name_en)])
        }
        Target::Rank(r) => WhatIf::TargetRank.fill(lang, &[&r]),
        Target::Quota => WhatIf::TargetQuota.text(lang).to_string(),
        Target::Stage(k) => {
            let name = scenario
                .plan
                .as_ref()
                .and_then(|p| p.process.stages.get(k))
                .map(|st| lang.pick(&st.name_zh, &st.name_en).to_string())
                .unwrap_or_else(|| (k + 1).to_string());
            WhatIf::TargetStage.fill(lang, &[&name])
        }
    }
}

/// The whole answer as text.
pub fn text(scenario: &Scenario, a: &Answer, lang: Lang) -> String {
    let round = &scenario.round;
    let fw = &round.framework;
    let c = &round.registry.clusters[a.cluster];
    let name = lang.pick(&c.name_zh, &c.name_en);
    let mut out = String::new();
    let Some(target) = a.target else {
        let top = if a.selected {
            WhatIf::Selected
        } else {
            WhatIf::Top
        };
        out.push_str(&top.fill(lang, &[&c.id, &name]));
        out.push('\n');
        return out;
    };
    out.push_str(&WhatIf::Title.fill(lang, &[&c.id, &name, &target_text(scenario, target, lang)]));
    out.push('\n');
    let (Some(score), Some(gap)) = (a.score, a.gap) else {
        out.push_str(&WhatIf::NotScored.fill(lang, &[&c.id, &name]));
        out.push('\n');
        return out;
    };
    if gap == 0.0 && a.singles.is_empty() {
        out.push_str(&WhatIf::Reached.fill(lang, &[&num(score)]));
        out.push('\n');
        return out;
    }
    if gap == 0.0 {
        out.push_str(&WhatIf::Level.fill(lang, &[&num(score)]));
    } else {
        out.push_str(&WhatIf::Gap.fill(lang, &[&num(score), &num(gap)]));
    }
    out.push_str("\n\n");
    out.push_str(WhatIf::Singles.text(lang));
    out.push('\n');
    out.push_str(WhatIf::Header.text(lang));
    out.push('\n');
    for s in &a.singles {
        out.push_str(&row(fw, s, lang));
        out.push('\n');
    }
    if let Some(p) = &a.plan {
        out.push('\n');
        out.push_str(&plan_text(fw, p, lang));
    }
    out
}

/// A value on its grid, with its unit.
pub(super) fn value_text(fw: &Framework, j: usize, v: f64, step: f64, lang: Lang) -> String {
    let ind = &fw.indicators[j];
    let unit = term::unit(&ind.unit, &ind.unit_en, lang);
    let v = if step >= 1.0 {
        format!("{v:.0}")
    } else {
        num(v)
    };
    if unit.is_empty() {
        v
    } else {
        format!("{v} {unit}")
    }
}

/// The combined plan as text.
pub fn plan_text(fw: &Framework, p: &Plan, lang: Lang) -> String {
    let pct = crate::framework::trim_float(fw.whatif.max_change * 100.0);
    let mut out = WhatIf::Plan.fill(lang, &[&pct]);
    out.push('\n');
    match p {
        Plan::NoPlan => {
            out.push_str(WhatIf::NoPlan.text(lang));
            out.push('\n');
        }
        Plan::Found {
            moves,
            total,
            fewest,
        } => {
            if !fewest {
                out.push_str(WhatIf::PlanGreedy.text(lang));
                out.push('\n');
            }
            out.push_str(WhatIf::PlanHeader.text(lang));
            out.push('\n');
            for m in moves {
                let ind = &fw.indicators[m.indicator];
                let submitted = m.submitted.map_or_else(
                    || WhatIf::Missing.text(lang).to_string(),
                    |v| value_text(fw, m.indicator, v, m.step, lang),
                );
                let change = m
                    .change_pct()
                    .map_or_else(|| "—".to_string(), |p| format!("{p:+.2}%"));
                out.push_str(&format!(
                    "{} {} | {submitted} | {} | {change}\n",
                    ind.id,
                    lang.pick(&ind.name_zh, &ind.name_en),
                    value_text(fw, m.indicator, m.value, m.step, lang)
                ));
            }
            if let Some(t) = total {
                out.push_str(&WhatIf::PlanTotal.fill(lang, &[&num(*t)]));
                out.push('\n');
            }
        }
    }
    out
}

fn row(fw: &Framework, s: &SingleMove, lang: Lang) -> String {
    let ind = &fw.indicators[s.indicator];
    let unit = term::unit(&ind.unit, &ind.unit_en, lang);
    let shown = |v: f64| {
        if s.step >= 1.0 {
            format!("{v:.0}")
        } else {
            num(v)
        }
    };
    let with_unit = |v: f64| {
        if unit.is_empty() {
            shown(v)
        } else {
            format!("{} {unit}", shown(v))
        }
    };
    let name = format!("{} {}", ind.id, lang.pick(&ind.name_zh, &ind.name_en));
    let submitted = s
        .submitted
        .map_or_else(|| WhatIf::Missing.text(lang).to_string(), with_unit);
    match &s.alone {
        Alone::Closes {
            needed,
            points_gained,
        } => {
            let change = s
                .change_pct()
                .map_or_else(|| "—".to_string(), |p| format!("{p:+.2}%"));
            format!(
                "{name} | {submitted} | {} | {change} | {}",
                with_unit(*needed),
                num(*points_gained)
            )
        }
        Alone::CannotCloseAlone {
            ceiling,
            points_gained,
        } => format!(
            "{name} | {submitted} | {}",
            WhatIf::CannotAlone.fill(lang, &[&with_unit(*ceiling), &num(*points_gained)])
        ),
        Alone::NoEffect => format!("{name} | {submitted} | {}", WhatIf::NoEffect.text(lang)),
        Alone::NoValues => format!("{name} | {submitted} | {}", WhatIf::NoValues.text(lang)),
    }
}

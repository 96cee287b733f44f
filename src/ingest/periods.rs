//! The periods of a round: baseline < current <= target years, or a
//! one-period round (an index of current data only, such as a country
//! index) that names only `current_year`.
//!
//! In a one-period round every rule that reads the current value works;
//! a rule or value that needs a baseline or a target (the `progress`
//! rule, a `growth` value, a `target` rule without a fixed target) and a
//! field asking clerks for a baseline or target value are refused here,
//! each located at its indicator (or field) in the framework file, saying
//! which year the round lacks.

use super::round::RoundSpec;
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{Framework, Period, Rule, ValueSpec};

/// The years in order: baseline < current when both are given, current
/// <= target when both are given.
pub fn check_order(spec: &RoundSpec, file: &str, diags: &mut Diagnostics) {
    let c = spec.current_year;
    let before = spec.baseline_year.is_none_or(|b| b < c);
    let after = spec.target_year.is_none_or(|t| c <= t);
    if before && after {
        return;
    }
    let shown = |y: Option<i32>| y.map_or_else(|| "-".to_string(), |y| y.to_string());
    diags.push(
        Diagnostic::error(
            file,
            format!(
                "years out of order: expected baseline < current <= target, got {} / {c} / {}",
                shown(spec.baseline_year),
                shown(spec.target_year)
            ),
        )
        .zh(format!(
            "年份顺序有误：应为 基期 < 当期 <= 目标，实为 {} / {c} / {}",
            shown(spec.baseline_year),
            shown(spec.target_year)
        ))
        .column(if before {
            "round.target_year"
        } else {
            "round.baseline_year"
        }),
    );
}

/// What an indicator needs that a round may lack.
fn needs(rule: &Rule, value: &ValueSpec) -> Vec<(Period, &'static str, &'static str)> {
    let mut out = Vec::new();
    if matches!(value, ValueSpec::Growth { .. }) {
        out.push((
            Period::Baseline,
            "a growth value is the rate from the baseline year to the current year",
            "增速取值为基期至当期的年均增长率",
        ));
    }
    match rule {
        Rule::Progress { .. } => {
            out.push((
                Period::Baseline,
                "the progress rule compares the current value with the baseline and the target",
                "进度规则以基期值和目标值衡量当期值",
            ));
            out.push((
                Period::Target,
                "the progress rule compares the current value with the baseline and the target",
                "进度规则以基期值和目标值衡量当期值",
            ));
        }
        Rule::Target { fixed: None, .. } => out.push((
            Period::Target,
            "the target rule without a fixed target compares the value with the declared target",
            "未设固定目标的目标规则以填报的目标值衡量",
        )),
        _ => {}
    }
    out
}

/// In a round without a baseline (or target) year, refuse every indicator
/// and field that needs one, located in the framework file.
pub fn check_framework(spec: &RoundSpec, fw: &Framework, file: &str, diags: &mut Diagnostics) {
    let has = |p: Period| match p {
        Period::Baseline => spec.baseline_year.is_some(),
        Period::Current => true,
        Period::Target => spec.target_year.is_some(),
    };
    let missing = |p: Period| match p {
        Period::Baseline => ("baseline_year", "基期年份（baseline_year）"),
        _ => ("target_year", "目标年份（target_year）"),
    };
    for (i, ind) in fw.indicators.iter().enumerate() {
        let mut said = Vec::new();
        for (p, why, why_zh) in needs(&ind.rule, &ind.value) {
            if has(p) || said.contains(&p) {
                continue;
            }
            said.push(p);
            let (key, key_zh) = missing(p);
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "indicator {} cannot be scored in this round: {why}, and round.toml gives no {key} (a one-period round)",
                        ind.id
                    ),
                )
                .zh(format!(
                    "指标 {} 无法在本轮计分：{why_zh}，而 round.toml 未给出{key_zh}（单期轮次）",
                    ind.id
                ))
                .column(format!("indicator[{}].rule", i + 1))
                .value(ind.id.clone()),
            );
        }
    }
    for (i, f) in fw.fields.iter().enumerate() {
        for p in &f.periods {
            if has(*p) {
                continue;
            }
            let (key, key_zh) = missing(*p);
            diags.push(
                Diagnostic::error(
                    file,
                    format!(
                        "field {} asks for a {} value, and round.toml gives no {key} (a one-period round): list only the current period",
                        f.id,
                        p.as_str()
                    ),
                )
                .zh(format!(
                    "字段 {} 要求填报{}值，而 round.toml 未给出{key_zh}（单期轮次）：仅列当期",
                    f.id,
                    match p {
                        Period::Baseline => "基期",
                        Period::Current => "当期",
                        Period::Target => "目标",
                    }
                ))
                .column(format!("field[{}].periods", i + 1))
                .value(p.as_str()),
            );
        }
    }
}

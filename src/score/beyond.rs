//! Goalposts that no value lies between: a warning, never a silent score.
//!
//! A rule with fixed bounds (`goalpost`, `scaled`, a capped `dist2targ`)
//! caps every value beyond them. When every present value of the cohort
//! is capped, every cluster gets the same points (none, or all) from the
//! indicator, which is what goalposts stated in other units than the
//! values give: raw 万元 bounds on a `log10` indicator with
//! `goalposts_in = "transformed"`, 亿元 bounds on 万元 figures, a percent
//! bound on shares. The run goes on (a cohort may truly all sit beyond a
//! goalpost), but says so at the indicator, with the values' range and the
//! bounds in the same units.

use super::{kernel::Cap, Scored};
use crate::diag::Diagnostic;
use crate::framework::{Framework, Rule};

/// The fewest present values for which "every value beyond the bounds" is
/// worth a warning (one value beyond a goalpost says nothing).
const AT_LEAST: usize = 2;

/// A warning for each indicator with fixed bounds beyond which every
/// present value of the scored cohort lies.
pub fn beyond_goalposts(fw: &Framework, scored: &Scored) -> Vec<Diagnostic> {
    let s = &scored.scores;
    let n = s.clusters;
    let mut out = Vec::new();
    for (j, ind) in fw.indicators.iter().enumerate() {
        let (lo, hi) = match &ind.rule {
            Rule::Goalpost { lo, hi } | Rule::Scaled { lo, hi } => (*lo, *hi),
            Rule::Dist2Targ { target, cap: true } => (f64::NAN, *target),
            _ => continue,
        };
        let r = j * n..(j + 1) * n;
        let present: Vec<usize> = r.clone().filter(|&x| s.fraction[x].is_finite()).collect();
        if present.len() < AT_LEAST || present.iter().any(|&x| s.cap[x] == Cap::None) {
            continue;
        }
        let high = present.iter().filter(|&&x| s.cap[x] == Cap::High).count();
        let (min, max) = present
            .iter()
            .map(|&x| s.transformed[x])
            .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
                (a.min(v), b.max(v))
            });
        let count = present.len();
        let (side_en, side_zh, points_en, points_zh) = if high == count {
            ("above", "高于", "full points", "满分")
        } else if high == 0 {
            ("below", "低于", "no points", "零分")
        } else {
            ("outside", "超出", "either no or full points", "零分或满分")
        };
        let bounds = if lo.is_nan() {
            format!("{hi}")
        } else {
            format!("{lo}..{hi}")
        };
        let units = if ind.transforms.is_empty() {
            String::new()
        } else {
            " (after the transforms)".to_string()
        };
        let units_zh = if ind.transforms.is_empty() {
            ""
        } else {
            "（变换后）"
        };
        out.push(
            Diagnostic::warning(
                fw.source.clone(),
                format!(
                    "every one of the {count} values of indicator {} lies {side_en} its bounds {bounds}{units}: values {min}..{max}, so every cluster gets {points_en} from it. Were the bounds stated in other units than the values (万元 / 亿元, percent / share, goalposts_in)?",
                    ind.id
                ),
            )
            .zh(format!(
                "指标 {} 的全部 {count} 个数值均{side_zh}其界限 {bounds}{units_zh}：数值为 {min}..{max}，各集群该项均得{points_zh}。界限与数值的单位是否一致（万元/亿元、百分数/比例、goalposts_in）？",
                ind.id
            ))
            .column(format!("indicator[{}].rule", j + 1))
            .value(ind.rule_label.clone()),
        );
    }
    out
}

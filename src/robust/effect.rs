//! Checks of the declared uncertain choices against the scored cohort: a
//! choice that cannot change anything is a warning (it would add a factor
//! with a Sobol index of 0 and suggest an uncertainty was studied when it
//! was not), and a framework key whose value breaks the scoring (a zero
//! under a geometric mean) is an error (`keys::check`).
//!
//! No effect: a `normalisation` choice when no indicator has a relative
//! rule (goalposts, targets, bands, expert scores keep their own scale); an
//! `imputation` choice when no value is missing; an `aggregation` or
//! `weights` choice when no node has two children; weights with a range of
//! 0; options that are all the same; a framework key whose values are all
//! equal or whose frameworks score and weigh the cohort identically.

use super::config::{Config, Factor};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::Framework;
use crate::score::Scored;

/// Warnings (and the key-path errors) of `config` on the cohort `scored`
/// of `fw`; `file` is round.toml.
pub fn check(config: &Config, fw: &Framework, scored: &Scored, file: &str) -> Diagnostics {
    let mut diags = super::keys::check(config, fw, scored, file);
    let branching = (0..fw.nodes.len()).any(|k| fw.children(k).len() > 1);
    let missing = scored.raw.values.iter().any(|v| !v.is_finite());
    let relative = fw.indicators.iter().any(|i| i.rule.is_relative());
    for (i, f) in config.factors.iter().enumerate() {
        let why: Option<(String, String)> = match f {
            Factor::Weights { range, .. } if *range == 0.0 => Some((
                "the range is 0: every weight stays as declared".into(),
                "range 为 0：权重始终为声明值".into(),
            )),
            Factor::Weights { .. } | Factor::Aggregation(_) if !branching => Some((
                "no node has two children: there is nothing to weigh or combine".into(),
                "没有节点含两个及以上子项：无可加权或加总的对象".into(),
            )),
            Factor::Aggregation(o) if o.iter().all(|x| *x == o[0]) => Some(same()),
            Factor::Normalisation(o) if !relative => Some((
                format!(
                    "no indicator has a relative rule (minmax, zscore, rank): the options {} leave every indicator as scored",
                    o.iter().map(|x| x.as_str()).collect::<Vec<_>>().join(", ")
                ),
                "没有指标采用相对评分规则（minmax、zscore、rank）：各选项不改变任何指标的得分".into(),
            )),
            Factor::Normalisation(o) if o.iter().all(|x| *x == o[0]) => Some(same()),
            Factor::Imputation(_) if !missing => Some((
                "no value is missing: the imputation never applies".into(),
                "没有缺失值：插补方法不起作用".into(),
            )),
            Factor::Imputation(o) if o.iter().all(|x| *x == o[0]) => Some(same()),
            Factor::Exclusion(o) if o.iter().all(|x| x.is_none()) => Some(same()),
            Factor::Key {
                key,
                values,
                frameworks,
            } => {
                let fws = &frameworks.0;
                if values.iter().all(|v| *v == values[0]) {
                    Some(same())
                } else if fws.len() > 1 && fws.iter().all(|f| scores_alike(fw, &fws[0], f, scored)) {
                    Some((
                        format!("every value of {key} scores and weighs the cohort the same way"),
                        format!("{key} 的各个取值对得分和权重没有任何影响"),
                    ))
                } else {
                    None
                }
            }
            _ => None,
        };
        if let Some((en, zh)) = why {
            diags.push(
                Diagnostic::warning(
                    file,
                    format!("this uncertain choice cannot change anything: {en}"),
                )
                .zh(format!("该不确定性选项不会改变任何结果：{zh}"))
                .column(format!("robustness.uncertain[{}]", i + 1)),
            );
        }
    }
    diags
}

fn same() -> (String, String) {
    (
        "its options are all the same".into(),
        "各选项完全相同".into(),
    )
}

/// Whether frameworks `a` and `b` give the cohort the same fractions, the
/// same points and the same aggregations.
fn scores_alike(official: &Framework, a: &Framework, b: &Framework, scored: &Scored) -> bool {
    let (sa, sb) = (
        super::keys::score_variant(official, a, scored),
        super::keys::score_variant(official, b, scored),
    );
    let bits = |x: &[f64], y: &[f64]| x.iter().zip(y).all(|(p, q)| p.to_bits() == q.to_bits());
    bits(&sa.scores.fraction, &sb.scores.fraction)
        && bits(&sa.scores.node_sub, &sb.scores.node_sub)
        && a.indicators
            .iter()
            .zip(&b.indicators)
            .all(|(x, y)| x.points == y.points)
        && a.nodes
            .iter()
            .zip(&b.nodes)
            .all(|(x, y)| x.points == y.points && x.aggregation == y.aggregation)
}

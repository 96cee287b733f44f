//! The framework's `[[consistency]]` rules, per cluster and period: a rule
//! that does not hold is reported at the cell of its left side, with the
//! values of both sides and the place of the right side's cell. A rule is
//! not evaluated where either value is missing (that is the missing-value
//! policy's business, not a contradiction).

use super::text::{num, period_zh};
use super::{Check, Context, Found};
use crate::framework::quality::{ConsistencyRule, Term};
use crate::framework::trim_float;
use crate::ingest::Observation;

pub(super) fn check(cx: &Context, out: &mut Found) {
    for c in 0..cx.registry.clusters.len() {
        for rule in &cx.fw.quality.consistency {
            for &p in &rule.periods {
                let side = |t: &Term| {
                    let o = cx.data.get(c, t.field, p)?;
                    let v = o.value.filter(|v| v.is_finite())?;
                    Some((o, v))
                };
                let (Some((lo, lv)), Some((ro, rv))) = (side(&rule.left), side(&rule.right)) else {
                    continue;
                };
                let (l, r) = (rule.left.factor * lv, rule.right.factor * rv);
                if rule.op.holds(l, r) {
                    continue;
                }
                let key = (c, rule.left.field, p);
                let message = message(cx, rule, p, (lv, l), (ro, rv, r));
                out.push(cx.finding(
                    Check::Consistency,
                    rule.severity,
                    key,
                    lo,
                    lv,
                    rule.right.label(),
                    r,
                    message,
                ));
            }
        }
    }
}

/// `revenue = 800` or `0.5 * revenue = 0.5 × 800 = 400`.
fn side(t: &Term, v: f64, scaled: f64) -> String {
    if t.factor == 1.0 {
        format!("{} = {}", t.id, num(v))
    } else {
        format!(
            "{} = {} × {} = {}",
            t.label(),
            trim_float(t.factor),
            num(v),
            num(scaled)
        )
    }
}

fn message(
    cx: &Context,
    rule: &ConsistencyRule,
    p: crate::framework::Period,
    (lv, l): (f64, f64),
    (ro, rv, r): (&Observation, f64, f64),
) -> (String, String) {
    let (left, right) = (side(&rule.left, lv, l), side(&rule.right, rv, r));
    let (place_zh, place_en) = cx.place(ro);
    let zh = rule
        .message_zh
        .clone()
        .unwrap_or_else(|| "不满足一致性规则".into());
    let en = rule
        .message_en
        .clone()
        .unwrap_or_else(|| "a consistency rule does not hold".into());
    (
        format!(
            "{zh}：{}不满足规则 {}：{left}，{right}（{} 见 {place_zh}）；请核对两个单元格",
            period_zh(p),
            rule.rule,
            rule.right.id
        ),
        format!(
            "{en}: the rule {} does not hold in the {} period: {left}, {right} ({} from {place_en}); check both cells",
            rule.rule,
            p.as_str(),
            rule.right.id
        ),
    )
}

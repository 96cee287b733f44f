//! `[[indicator]]`: what each indicator scores and how (指标).
//!
//! Resolves an indicator's direction, where its value comes from (a field, a
//! ratio of two fields, a weighted count, a growth rate), the periods its
//! rule needs, its transforms, outlier treatment and missing-value policy,
//! and hangs it under its parent node. The scoring rule and its parameters
//! are resolved by `rule`; a parameter the rule does not read is reported
//! here. Points are not set here (see `points`).

use super::super::raw::RawIndicator;
use super::super::*;
use super::hierarchy::{Declared, Tree};
use super::Resolver;
use crate::diag::prerequisite;
use std::collections::{BTreeMap, BTreeSet};

/// What every indicator is resolved against.
pub(super) struct Context<'a> {
    pub fields: &'a [Field],
    /// Field id to index.
    pub field_ids: BTreeMap<String, usize>,
    /// The framework's missing-value policy (`[framework] missing`).
    pub default_missing: &'a MissingPolicy,
    /// The framework's outlier treatment (`[treatment]`).
    pub treatment: Option<Treatment>,
}

impl<'a> Context<'a> {
    pub fn new(
        fields: &'a [Field],
        default_missing: &'a MissingPolicy,
        treatment: Option<Treatment>,
    ) -> Self {
        let field_ids = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();
        Context {
            fields,
            field_ids,
            default_missing,
            treatment,
        }
    }
}

impl Resolver {
    /// Resolve the indicators and hang each under its parent node (the first
    /// declaration of an id wins; one with a dangling parent is left out).
    pub(super) fn resolve_indicators(
        &mut self,
        tree: &mut Tree,
        raw: &[(String, RawIndicator)],
        cx: &Context,
    ) {
        let mut ids: BTreeSet<&str> = BTreeSet::new();
        for (path, ind) in raw {
            if !ids.insert(&ind.id) {
                continue;
            }
            let Some(parent) = self.parent_of(path, ind.parent.as_deref(), &tree.index) else {
                // A parent misspelt: the node it is nearest to lost a child.
                let named = ind.parent.as_deref().unwrap_or_default();
                let near = crate::diag::nearest(tree.index.keys().map(|k| k.as_str()), named);
                let meant = match near.as_slice() {
                    [one] => tree.index.get(*one).copied(),
                    _ => None,
                };
                self.left_out("indicator", &ind.id, path, meant, tree);
                continue;
            };
            let resolved = self.resolve_indicator(path, ind, parent, cx);
            if resolved.is_none() {
                self.left_out("indicator", &ind.id, path, Some(parent), tree);
            }
            if let Some(resolved) = resolved {
                tree.nodes[parent]
                    .child_indicators
                    .push(tree.indicators.len());
                tree.indicators.push(resolved);
                tree.ind_declared.push(Declared {
                    points: ind.points,
                    weight: ind.weight,
                    path: path.clone(),
                });
            }
        }
    }

    /// Record an entry left out for its errors, so that what depends on it
    /// (its parent's points, a tie-break key, a weighting's order, the
    /// process) is marked as a consequence.
    fn left_out(&mut self, kind: &str, id: &str, path: &str, parent: Option<usize>, tree: &Tree) {
        let cause = format!("{path} ({id}) is in error and left out");
        self.diags
            .prerequisite_failed(prerequisite::entry(kind, id), cause.clone());
        if let Some(p) = parent {
            let key = prerequisite::entry("children of", &tree.nodes[p].id);
            self.diags.prerequisite_failed(key, cause);
        }
    }

    fn resolve_indicator(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        parent: usize,
        cx: &Context,
    ) -> Option<Indicator> {
        let p = |k: &str| format!("{path}.{k}");
        let direction = self.direction(path, raw.direction.as_deref());
        let Some(rule_name) = raw.rule.clone() else {
            self.err(p("rule"), "missing scoring rule");
            return None;
        };
        let mut used: BTreeSet<&'static str> = BTreeSet::new();
        let value = self.value_spec(path, raw, &rule_name, &cx.field_ids, &mut used)?;
        let scoring_name = if rule_name == "weighted_count" {
            used.insert("scale");
            raw.scale.clone().unwrap_or_else(|| "minmax".into())
        } else {
            rule_name.clone()
        };
        let rule = self.resolve_rule(path, &scoring_name, raw, direction, &mut used)?;
        self.check_periods(path, &rule, &value, cx.fields);
        let transforms = self.transforms(path, &raw.transforms, &rule);
        let rule = self.rule_in_transformed_units(path, raw, rule, &transforms)?;
        let missing = match &raw.missing {
            Some(m) => self
                .missing_policy(&p("missing"), Some(m), raw.group.as_deref())
                .unwrap_or(MissingPolicy::NoPoints),
            None => cx.default_missing.clone(),
        };
        if raw.group.is_some() && missing.group().is_none() {
            self.warn(
                p("group"),
                "`group` is only used by missing = \"group_mean\" or \"group_median\"",
                "group 只在 missing = \"group_mean\" 或 \"group_median\" 时使用",
            );
        }
        self.warn_unused(path, raw, &rule_name, &used);
        if raw.name_zh.is_none() || raw.name_en.is_none() {
            self.warn(
                p("name_zh"),
                "indicators should have both name_zh and name_en",
                "指标应同时有 name_zh 和 name_en",
            );
        }
        let treatment = self.indicator_treatment(path, raw.treat, cx.treatment);
        Some(Indicator {
            id: raw.id.clone(),
            name_zh: raw.name_zh.clone().unwrap_or_else(|| raw.id.clone()),
            name_en: raw.name_en.clone().unwrap_or_else(|| raw.id.clone()),
            parent,
            unit: unit_of(&value, &rule, cx.fields),
            unit_en: raw
                .unit_en
                .clone()
                .unwrap_or_else(|| unit_en_of(&value, &rule, cx.fields)),
            value,
            direction,
            rule,
            transforms,
            treatment,
            missing,
            points: 0.0,
            rule_label: rule_name,
        })
    }

    fn direction(&mut self, path: &str, raw: Option<&str>) -> Direction {
        match raw {
            None | Some("higher") | Some("+") => Direction::Higher,
            Some("lower") | Some("-") => Direction::Lower,
            Some(other) => {
                self.err_v(
                    format!("{path}.direction"),
                    other,
                    "unknown direction; expected higher or lower",
                );
                Direction::Higher
            }
        }
    }

    /// Where the value comes from: `terms` for a weighted count, otherwise
    /// `field` (the indicator's id by default), divided by `per` if given.
    fn value_spec(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        rule_name: &str,
        field_ids: &BTreeMap<String, usize>,
        used: &mut BTreeSet<&'static str>,
    ) -> Option<ValueSpec> {
        let p = |k: &str| format!("{path}.{k}");
        if rule_name == "weighted_count" {
            used.insert("terms");
            let terms = match &raw.terms {
                Some(t) if !t.is_empty() => t,
                _ => {
                    self.err(
                        p("terms"),
                        "weighted_count needs `terms` (field = multiplier, ...)",
                    );
                    return None;
                }
            };
            let mut resolved = Vec::new();
            for (name, mult) in terms {
                if !mult.is_finite() {
                    self.err_v(p("terms"), mult.to_string(), "multiplier must be a number");
                }
                resolved.push((self.field_ref(&p("terms"), name, field_ids)?, *mult));
            }
            return Some(ValueSpec::WeightedCount { terms: resolved });
        }
        let fname = raw.field.as_deref().unwrap_or(&raw.id);
        let field = self.field_ref(&p("field"), fname, field_ids)?;
        if rule_name == "growth" {
            Some(ValueSpec::Growth { field })
        } else if let Some(per) = &raw.per {
            used.insert("per");
            Some(ValueSpec::Ratio {
                field,
                per: self.field_ref(&p("per"), per, field_ids)?,
            })
        } else {
            Some(ValueSpec::Field { field })
        }
    }

    fn field_ref(&mut self, key: &str, name: &str, ids: &BTreeMap<String, usize>) -> Option<usize> {
        match ids.get(name) {
            Some(&i) => Some(i),
            None => {
                self.err_v(
                    key,
                    name,
                    format!(
                        "unknown field: no [[field]] has this id{}",
                        crate::diag::did_you_mean(ids.keys().map(|k| k.as_str()), name)
                    ),
                );
                None
            }
        }
    }

    /// The rules `target`, `progress` and `growth` read periods the field
    /// must ask for.
    fn check_periods(&mut self, path: &str, rule: &Rule, value: &ValueSpec, fields: &[Field]) {
        let key = format!("{path}.rule");
        let has = |field: usize, periods: &[Period]| {
            periods.iter().all(|x| fields[field].periods.contains(x))
        };
        if let (Rule::Target { fixed: None, .. }, Some(f)) = (rule, value_field(value)) {
            if !has(f, &[Period::Target]) {
                self.err(
                    &key,
                    format!(
                        "rule target compares with the declared target, but field {} has no target period; add \"target\" to its periods or give a fixed `target`",
                        fields[f].id
                    ),
                );
            }
        }
        if let Rule::Progress { .. } = rule {
            match value {
                ValueSpec::Field { field } => {
                    if !has(*field, &Period::ALL) {
                        self.err(
                            &key,
                            format!(
                                "rule progress needs the baseline, current and target periods of field {}",
                                fields[*field].id
                            ),
                        );
                    }
                }
                _ => self.err(
                    &key,
                    "rule progress scores one field (`field`), not a ratio or a weighted count",
                ),
            }
        }
        if let ValueSpec::Growth { field } = value {
            if !has(*field, &[Period::Baseline, Period::Current]) {
                self.err(
                    &key,
                    format!(
                        "rule growth needs the baseline and current periods of field {}",
                        fields[*field].id
                    ),
                );
            }
        }
    }

    fn transforms(&mut self, path: &str, raw: &[String], rule: &Rule) -> Vec<Transform> {
        let key = format!("{path}.transforms");
        let mut transforms = Vec::new();
        for t in raw {
            match parse_transform(t) {
                Some(tr) => transforms.push(tr),
                None => self.err_v(
                    &key,
                    t,
                    "unknown transform; expected log1p, log10, ln, box_cox(λ), cap_pNN or floor_pNN (NN a percentile 0-100)",
                ),
            }
        }
        if !transforms.is_empty()
            && !rule.is_relative()
            && !matches!(rule, Rule::Goalpost { .. } | Rule::Bands(_))
        {
            self.warn(
                key,
                format!("transforms have no effect on rule {}", rule.name()),
                format!("变换对规则 {} 不起作用", rule.name()),
            );
        }
        transforms
    }

    /// Goalposts, a distance-to-target's target and band thresholds are
    /// stated in the indicator's original units (`goalposts_in =
    /// "original"`, the default): the value transforms (log1p, log10, ln,
    /// Box-Cox) are applied to them as to the values, so that they compare
    /// like with like. `goalposts_in = "transformed"` takes them as given.
    /// A parameter outside a transform's domain is an error.
    fn rule_in_transformed_units(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        rule: Rule,
        transforms: &[Transform],
    ) -> Option<Rule> {
        let key = format!("{path}.goalposts_in");
        match raw.goalposts_in.as_deref() {
            None | Some("original") => {}
            Some("transformed") => return Some(rule),
            Some(other) => {
                self.err_v(
                    key,
                    other,
                    "expected original (goalposts in the units of the data) or transformed (in the units after the transforms)",
                );
                return None;
            }
        }
        if raw.goalposts_in.is_some()
            && !matches!(
                rule,
                Rule::Goalpost { .. } | Rule::Dist2Targ { .. } | Rule::Bands(_)
            )
        {
            self.warn(
                &key,
                format!("rule {} has no goalposts, target or bands", rule.name()),
                format!("规则 {} 没有目标柱、目标值或分档", rule.name()),
            );
        }
        let mut ok = true;
        let mut map = |name: &str, x: f64| -> f64 {
            let mut y = x;
            for t in transforms {
                if t.outside_domain(y) {
                    self.err_v(
                        format!("{path}.{name}"),
                        x.to_string(),
                        format!(
                            "stated in original units, this lies outside the domain of transform {} (which needs values above {})",
                            t.name(),
                            if matches!(t, Transform::Log1p) { -1 } else { 0 }
                        ),
                    );
                    ok = false;
                    return x;
                }
                if let Some(z) = t.point(y) {
                    y = z;
                }
            }
            y
        };
        let rule = match rule {
            Rule::Goalpost { lo, hi } => Rule::Goalpost {
                lo: map("lo", lo),
                hi: map("hi", hi),
            },
            Rule::Dist2Targ { target, cap } => Rule::Dist2Targ {
                target: map("target", target),
                cap,
            },
            Rule::Bands(mut b) => {
                for band in &mut b.bands {
                    band.threshold = map("bands", band.threshold);
                }
                Rule::Bands(b)
            }
            other => other,
        };
        ok.then_some(rule)
    }

    /// Parameters given but not read by the rule.
    fn warn_unused(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        rule_name: &str,
        used: &BTreeSet<&'static str>,
    ) {
        let params: [(&str, bool); 17] = [
            ("ties", raw.ties.is_some()),
            ("reference", raw.reference.is_some()),
            ("cap_max", raw.cap_max.is_some()),
            ("range", raw.range.is_some()),
            ("lo", raw.lo.is_some()),
            ("hi", raw.hi.is_some()),
            ("floor", raw.floor.is_some()),
            ("full", raw.full.is_some()),
            ("at_floor", raw.at_floor.is_some()),
            ("target", raw.target.is_some()),
            ("bands", raw.bands.is_some()),
            ("below", raw.below.is_some()),
            ("terms", raw.terms.is_some()),
            ("scale", raw.scale.is_some()),
            ("z_transform", raw.z_transform.is_some()),
            ("z_clip", raw.z_clip.is_some()),
            ("max", raw.max.is_some()),
        ];
        for (k, given) in params {
            if given && !used.contains(k) {
                self.warn(
                    format!("{path}.{k}"),
                    format!("parameter not used by rule {rule_name}"),
                    format!("规则 {rule_name} 不使用此参数"),
                );
            }
        }
        if raw.per.is_some() && !used.contains("per") {
            self.warn(
                format!("{path}.per"),
                format!("`per` is not used by rule {rule_name}"),
                format!("规则 {rule_name} 不使用 per"),
            );
        }
    }

    /// The framework's treatment unless the indicator opts out
    /// (`treat = false`); `treat = true` needs a `[treatment]` section.
    fn indicator_treatment(
        &mut self,
        path: &str,
        treat: Option<bool>,
        treatment: Option<Treatment>,
    ) -> Option<Treatment> {
        if treat == Some(true) && treatment.is_none() {
            self.err(
                format!("{path}.treat"),
                "treat = true needs a [treatment] section",
            );
        }
        if treat == Some(false) {
            None
        } else {
            treatment
        }
    }

    /// A missing-value policy by name; `None` (reported) when unknown or
    /// incomplete.
    pub(super) fn missing_policy(
        &mut self,
        key: &str,
        s: Option<&str>,
        group: Option<&str>,
    ) -> Option<MissingPolicy> {
        let policy = match s? {
            "zero" => MissingPolicy::Zero,
            "no_points" => MissingPolicy::NoPoints,
            "cohort_mean" => MissingPolicy::CohortMean,
            "cohort_median" => MissingPolicy::CohortMedian,
            "row_mean" => MissingPolicy::RowMean,
            "fail" => MissingPolicy::Fail,
            name @ ("group_mean" | "group_median") => match group {
                Some(g) if !g.trim().is_empty() && name == "group_mean" => {
                    MissingPolicy::GroupMean {
                        group: g.to_string(),
                    }
                }
                Some(g) if !g.trim().is_empty() => MissingPolicy::GroupMedian {
                    group: g.to_string(),
                },
                _ => {
                    self.err(
                        key,
                        format!("{name} needs `group` (a registry column such as track or city)"),
                    );
                    return None;
                }
            },
            other => {
                self.err_v(
                    key,
                    other,
                    "unknown missing-value policy; expected zero, no_points, cohort_mean, cohort_median, group_mean, group_median, row_mean or fail",
                );
                return None;
            }
        };
        Some(policy)
    }
}

/// The unit of the value that is scored: a target's achievement and a
/// mid-term progress are percentages (of the target, of the schedule),
/// whatever the unit of the field they are computed from.
fn unit_of(value: &ValueSpec, rule: &Rule, fields: &[Field]) -> String {
    if matches!(rule, Rule::Target { .. } | Rule::Progress { .. }) {
        return "%".into();
    }
    match value {
        ValueSpec::Field { field } => fields[*field].unit.clone(),
        ValueSpec::Ratio { field, per } => {
            format!("{}/{}", fields[*field].unit, fields[*per].unit)
        }
        ValueSpec::WeightedCount { .. } => "weighted count".into(),
        ValueSpec::Growth { .. } => "%/yr".into(),
    }
}

/// The English unit of the scored value from the fields' `unit_en`: empty
/// when a field it needs has none (the reports then translate the unit) or
/// the tool gives the unit (%, weighted count, %/yr).
fn unit_en_of(value: &ValueSpec, rule: &Rule, fields: &[Field]) -> String {
    if matches!(rule, Rule::Target { .. } | Rule::Progress { .. }) {
        return String::new();
    }
    match value {
        ValueSpec::Field { field } => fields[*field].unit_en.clone(),
        ValueSpec::Ratio { field, per } => {
            let (a, b) = (&fields[*field].unit_en, &fields[*per].unit_en);
            if a.is_empty() || b.is_empty() {
                String::new()
            } else {
                format!("{a}/{b}")
            }
        }
        ValueSpec::WeightedCount { .. } | ValueSpec::Growth { .. } => String::new(),
    }
}

fn value_field(v: &ValueSpec) -> Option<usize> {
    match v {
        ValueSpec::Field { field } | ValueSpec::Ratio { field, .. } => Some(*field),
        _ => None,
    }
}

/// `log1p`, `log10`, `ln`, `box_cox(λ)`, `cap_pNN` or `floor_pNN` (NN a
/// percentile from 0 to 100).
fn parse_transform(s: &str) -> Option<Transform> {
    let s = s.trim();
    match s {
        "log1p" => return Some(Transform::Log1p),
        "log10" => return Some(Transform::Log10),
        "ln" => return Some(Transform::Ln),
        _ => {}
    }
    if let Some(rest) = s.strip_prefix("box_cox(").and_then(|r| r.strip_suffix(')')) {
        return rest
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|l| l.is_finite())
            .map(|lambda| Transform::BoxCox { lambda });
    }
    let pct = |rest: &str| {
        rest.parse::<f64>()
            .ok()
            .filter(|p| (0.0..=100.0).contains(p))
    };
    if let Some(rest) = s.strip_prefix("cap_p") {
        return pct(rest).map(|p| Transform::CapPercentile { p });
    }
    if let Some(rest) = s.strip_prefix("floor_p") {
        return pct(rest).map(|p| Transform::FloorPercentile { p });
    }
    None
}

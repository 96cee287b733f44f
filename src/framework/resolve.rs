//! From the raw file to a checked `Framework`.
//!
//! Reads the TOML text, checks every section and entry, and reports every
//! problem with the file and the key path (`indicator[4].bands`), never just
//! the first. Returns the framework when its structure is usable even if
//! some problems were found (so `check` can still validate a round against
//! it), together with the problems; the caller decides whether to go on.

use super::raw::*;
use super::*;
use crate::diag::{Diagnostic, Diagnostics};
use serde::de::DeserializeOwned;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

mod roster;
mod weighting;

/// Points that should add up may differ by this much (float noise).
const POINTS_TOLERANCE: f64 = 1e-9;

/// Load and resolve a framework file. `Ok((None, problems))` means the
/// structure itself is unusable; otherwise the framework comes with any
/// problems found (errors included).
pub fn load(path: &Path) -> (Option<Framework>, Diagnostics) {
    let label = path.display().to_string();
    match std::fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(text) => parse(&text, &label),
            Err(_) => {
                let mut d = Diagnostics::default();
                d.push(Diagnostic::error(
                    &label,
                    "the indicator file is not UTF-8 text",
                ));
                (None, d)
            }
        },
        Err(e) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(
                &label,
                format!("cannot read the indicator file: {e}"),
            ));
            (None, d)
        }
    }
}

/// Resolve framework text; `file` is used in the diagnostics.
pub fn parse(text: &str, file: &str) -> (Option<Framework>, Diagnostics) {
    let mut r = Resolver {
        file: file.to_string(),
        diags: Diagnostics::default(),
    };
    let fw = r.resolve(text);
    (fw, r.diags)
}

struct Resolver {
    file: String,
    diags: Diagnostics,
}

impl Resolver {
    fn err(&mut self, key: impl Into<String>, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(&self.file, msg).column(key));
    }

    fn err_v(&mut self, key: impl Into<String>, value: impl Into<String>, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(&self.file, msg).column(key).value(value));
    }

    fn warn(&mut self, key: impl Into<String>, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(&self.file, msg).column(key));
    }

    fn check_keys(&mut self, path: &str, table: &toml::Table, known: &[&str]) {
        for key in table.keys() {
            if !known.contains(&key.as_str()) {
                self.err(
                    format!("{path}.{key}"),
                    format!("unknown key; expected one of: {}", known.join(", ")),
                );
            }
        }
    }

    /// Deserialize one entry, reporting a type error at its path.
    fn entry<T: DeserializeOwned>(
        &mut self,
        path: &str,
        value: &toml::Value,
        known: &[&str],
    ) -> Option<T> {
        match value.as_table() {
            Some(t) => self.check_keys(path, t, known),
            None => {
                self.err(path, "expected a table");
                return None;
            }
        }
        match T::deserialize(value.clone()) {
            Ok(v) => Some(v),
            Err(e) => {
                self.err(path, format!("cannot read this entry: {}", e.message()));
                None
            }
        }
    }

    fn entries<T: DeserializeOwned>(
        &mut self,
        doc: &toml::Table,
        section: &str,
        known: &[&str],
    ) -> Vec<(String, T)> {
        let mut out = Vec::new();
        match doc.get(section) {
            None => {}
            Some(toml::Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let path = format!("{section}[{}]", i + 1);
                    if let Some(v) = self.entry::<T>(&path, item, known) {
                        out.push((path, v));
                    }
                }
            }
            Some(_) => self.err(
                section,
                format!("expected an array of tables ([[{section}]])"),
            ),
        }
        out
    }

    fn resolve(&mut self, text: &str) -> Option<Framework> {
        let doc: toml::Table = match text.parse() {
            Ok(d) => d,
            Err(e) => {
                let msg = e.message().to_string();
                let loc = e
                    .span()
                    .map(|s| text[..s.start.min(text.len())].lines().count().max(1))
                    .unwrap_or(1);
                self.diags
                    .push(Diagnostic::error(&self.file, format!("not valid TOML: {msg}")).row(loc));
                return None;
            }
        };
        self.check_keys("(top level)", &doc, TOP_KEYS);

        let header: RawHeader = match doc.get("framework") {
            Some(v) => self.entry("framework", v, HEADER_KEYS).unwrap_or_default(),
            None => {
                self.err("framework", "missing [framework] section");
                RawHeader::default()
            }
        };
        let ranking: RawRanking = match doc.get("ranking") {
            Some(v) => self.entry("ranking", v, RANKING_KEYS).unwrap_or_default(),
            None => RawRanking::default(),
        };
        let treatment = match doc.get("treatment") {
            Some(v) => self
                .entry::<RawTreatment>("treatment", v, TREATMENT_KEYS)
                .and_then(|t| self.resolve_treatment(&t)),
            None => None,
        };
        let screening = match doc.get("screening") {
            Some(v) => self
                .entry::<RawScreening>("screening", v, SCREENING_KEYS)
                .and_then(|s| self.resolve_screening(&s)),
            None => None,
        };
        let roster = match doc.get("roster") {
            Some(v) => self
                .entry::<RawRoster>("roster", v, ROSTER_KEYS)
                .map(|r| self.resolve_roster(&r))
                .unwrap_or_default(),
            None => derive::RosterSettings::default(),
        };
        let grades: Vec<(String, RawGrade)> = self.entries(&doc, "grade", GRADE_KEYS);
        let fields: Vec<(String, RawField)> = self.entries(&doc, "field", FIELD_KEYS);
        let nodes: Vec<(String, RawNode)> = self.entries(&doc, "node", NODE_KEYS);
        let indicators: Vec<(String, RawIndicator)> =
            self.entries(&doc, "indicator", INDICATOR_KEYS);

        let total_points = match header.total_points {
            Some(p) if p > 0.0 && p.is_finite() => p,
            Some(p) => {
                self.err_v(
                    "framework.total_points",
                    p.to_string(),
                    "must be a positive number",
                );
                100.0
            }
            None => {
                self.err(
                    "framework.total_points",
                    "missing; expected the points of the total (e.g. 100)",
                );
                100.0
            }
        };
        let root_agg = self.aggregation("framework.aggregation", header.aggregation.as_deref());
        let default_missing = self
            .missing_policy(
                "framework.missing",
                header.missing.as_deref(),
                header.group.as_deref(),
            )
            .unwrap_or(MissingPolicy::NoPoints);

        let fields = self.resolve_fields(fields, &roster);
        let field_ids: BTreeMap<String, usize> = fields
            .iter()
            .enumerate()
            .map(|(i, f)| (f.id.clone(), i))
            .collect();

        // Ids of nodes and indicators share one namespace.
        let mut seen: BTreeMap<String, String> = BTreeMap::new();
        seen.insert("total".into(), "the root".into());
        for (path, n) in &nodes {
            self.claim_id(&mut seen, path, &n.id);
        }
        for (path, ind) in &indicators {
            self.claim_id(&mut seen, path, &ind.id);
        }

        let mut resolved_nodes = vec![Node {
            id: "total".into(),
            name_zh: "总分".into(),
            name_en: "Total".into(),
            parent: None,
            depth: 0,
            aggregation: root_agg,
            points: total_points,
            child_nodes: vec![],
            child_indicators: vec![],
        }];
        // First pass: node ids -> index (first occurrence wins for duplicates).
        let mut node_index: BTreeMap<String, usize> = BTreeMap::new();
        node_index.insert("total".into(), 0);
        for (_, n) in &nodes {
            if node_index.contains_key(&n.id) {
                continue;
            }
            node_index.insert(n.id.clone(), resolved_nodes.len());
            resolved_nodes.push(Node {
                id: n.id.clone(),
                name_zh: n.name_zh.clone().unwrap_or_else(|| n.id.clone()),
                name_en: n.name_en.clone().unwrap_or_else(|| n.id.clone()),
                parent: Some(0),
                depth: 0,
                aggregation: Aggregation::Sum,
                points: 0.0,
                child_nodes: vec![],
                child_indicators: vec![],
            });
        }
        let mut declared: BTreeMap<usize, (Option<f64>, Option<f64>, String)> = BTreeMap::new();
        let mut structure_ok = true;
        for (path, n) in &nodes {
            let idx = node_index[&n.id];
            if declared.contains_key(&idx) {
                continue;
            }
            for (key, name) in [("name_zh", &n.name_zh), ("name_en", &n.name_en)] {
                if name.is_none() {
                    self.warn(
                        format!("{path}.{key}"),
                        "missing name; the id is shown instead",
                    );
                }
            }
            let parent = match self.parent_of(path, n.parent.as_deref(), &node_index) {
                Some(p) => p,
                None => {
                    structure_ok = false;
                    0
                }
            };
            resolved_nodes[idx].parent = Some(parent);
            resolved_nodes[idx].aggregation =
                self.aggregation(&format!("{path}.aggregation"), n.aggregation.as_deref());
            declared.insert(idx, (n.points, n.weight, path.clone()));
        }
        // Cycles: walk up from every node.
        for idx in 1..resolved_nodes.len() {
            let mut at = idx;
            let mut steps = 0;
            while let Some(p) = resolved_nodes[at].parent {
                at = p;
                steps += 1;
                if at == idx || steps > resolved_nodes.len() {
                    let path = declared.get(&idx).map(|d| d.2.clone()).unwrap_or_default();
                    self.err_v(
                        format!("{path}.parent"),
                        fw_parent_id(&resolved_nodes, idx),
                        "cycle in the hierarchy: this node is its own ancestor",
                    );
                    structure_ok = false;
                    // Break the cycle so that the rest can still be checked.
                    resolved_nodes[idx].parent = Some(0);
                    break;
                }
            }
        }
        for idx in 1..resolved_nodes.len() {
            let parent = resolved_nodes[idx].parent.unwrap_or(0);
            resolved_nodes[parent].child_nodes.push(idx);
        }

        // Indicators.
        let mut resolved_inds: Vec<Indicator> = Vec::new();
        let mut ind_declared: Vec<(Option<f64>, Option<f64>, String)> = Vec::new();
        let mut ind_ids: BTreeSet<String> = BTreeSet::new();
        for (path, raw) in &indicators {
            if !ind_ids.insert(raw.id.clone()) {
                continue;
            }
            let Some(parent) = self.parent_of(path, raw.parent.as_deref(), &node_index) else {
                continue;
            };
            if let Some(mut ind) =
                self.resolve_indicator(path, raw, parent, &fields, &field_ids, &default_missing)
            {
                ind.treatment = if raw.treat == Some(false) {
                    None
                } else {
                    treatment
                };
                if raw.treat == Some(true) && treatment.is_none() {
                    self.err(
                        format!("{path}.treat"),
                        "treat = true needs a [treatment] section",
                    );
                }
                resolved_nodes[parent]
                    .child_indicators
                    .push(resolved_inds.len());
                resolved_inds.push(ind);
                ind_declared.push((raw.points, raw.weight, path.clone()));
            }
        }

        if !structure_ok {
            // The hierarchy is unusable: points cannot be checked, but the
            // grades and the tie-break chain still can.
            self.resolve_grades(grades);
            self.resolve_tie_break(&ranking.tie_break, &node_index, &resolved_inds);
            return None;
        }

        // Depths and effective points, top down.
        let order = topo_order(&resolved_nodes);
        for &idx in &order {
            if let Some(p) = resolved_nodes[idx].parent {
                resolved_nodes[idx].depth = resolved_nodes[p].depth + 1;
            }
        }
        let raw_weightings: Vec<(String, RawWeighting)> =
            self.entries(&doc, "weighting", WEIGHTING_KEYS);
        let mut weightings = self.resolve_weightings(
            &raw_weightings,
            &node_index,
            &resolved_nodes,
            &resolved_inds,
        );
        for &idx in &order {
            let weighting = weightings.iter_mut().find(|w| w.node == idx);
            let by_points = weighting
                .as_ref()
                .is_none_or(|w| w.subjective_source == "points");
            if by_points {
                self.distribute_points(
                    idx,
                    &mut resolved_nodes,
                    &mut resolved_inds,
                    &declared,
                    &ind_declared,
                );
            }
            if let Some(w) = weighting {
                apply_weighting(w, &mut resolved_nodes, &mut resolved_inds);
            }
        }
        for node in &resolved_nodes {
            if node.child_nodes.is_empty() && node.child_indicators.is_empty() {
                let path = resolved_nodes
                    .iter()
                    .position(|n| n.id == node.id)
                    .and_then(|i| declared.get(&i).map(|d| d.2.clone()))
                    .unwrap_or_else(|| "node".into());
                self.err_v(
                    path,
                    node.id.clone(),
                    "node has no children (no indicator or node names it as parent)",
                );
            }
        }

        let grades = self.resolve_grades(grades);
        let tie_break = self.resolve_tie_break(&ranking.tie_break, &node_index, &resolved_inds);
        let id = header.id.clone().unwrap_or_else(|| {
            self.err("framework.id", "missing framework id");
            String::new()
        });
        Some(Framework {
            id,
            version: header
                .version
                .clone()
                .unwrap_or_else(|| "unversioned".into()),
            name_zh: header.name_zh.clone().unwrap_or_default(),
            name_en: header.name_en.clone().unwrap_or_default(),
            source: self.file.clone(),
            total_points,
            fields,
            nodes: resolved_nodes,
            indicators: resolved_inds,
            grades,
            tie_break,
            decimals: ranking.decimals.unwrap_or(6).min(12),
            screening,
            roster,
            weightings,
        })
    }

    /// The node a `parent` key names (the root when absent); a dangling
    /// parent is reported and gives `None`.
    fn parent_of(
        &mut self,
        path: &str,
        parent: Option<&str>,
        nodes: &BTreeMap<String, usize>,
    ) -> Option<usize> {
        match parent {
            None => Some(0),
            Some(p) => {
                let found = nodes.get(p).copied();
                if found.is_none() {
                    self.err_v(
                        format!("{path}.parent"),
                        p,
                        "dangling parent: no node has this id",
                    );
                }
                found
            }
        }
    }

    fn claim_id(&mut self, seen: &mut BTreeMap<String, String>, path: &str, id: &str) {
        if id.trim().is_empty() {
            self.err(format!("{path}.id"), "empty id");
        } else if let Some(first) = seen.get(id) {
            self.err_v(
                format!("{path}.id"),
                id,
                format!("duplicate id: already used by {first}"),
            );
        } else {
            seen.insert(id.to_string(), path.to_string());
        }
    }

    fn aggregation(&mut self, key: &str, s: Option<&str>) -> Aggregation {
        match s {
            None | Some("sum") => Aggregation::Sum,
            Some("mean") => Aggregation::Mean,
            Some(other) => {
                self.err_v(key, other, "unknown aggregation; expected sum or mean");
                Aggregation::Sum
            }
        }
    }

    fn missing_policy(
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
            "fail" => MissingPolicy::Fail,
            "group_mean" => match group {
                Some(g) if !g.trim().is_empty() => MissingPolicy::GroupMean {
                    group: g.to_string(),
                },
                _ => {
                    self.err(
                        key,
                        "group_mean needs `group` (a registry column such as track or city)",
                    );
                    return None;
                }
            },
            other => {
                self.err_v(
                    key,
                    other,
                    "unknown missing-value policy; expected zero, no_points, cohort_mean, cohort_median, group_mean or fail",
                );
                return None;
            }
        };
        Some(policy)
    }

    fn resolve_fields(
        &mut self,
        raw: Vec<(String, RawField)>,
        roster: &derive::RosterSettings,
    ) -> Vec<Field> {
        let mut out: Vec<Field> = Vec::new();
        for (path, f) in raw {
            if out.iter().any(|o| o.id == f.id) {
                self.err_v(format!("{path}.id"), &f.id, "duplicate field id");
                continue;
            }
            if f.id.trim().is_empty() {
                self.err(format!("{path}.id"), "empty field id");
                continue;
            }
            let kind = match f.kind.as_deref() {
                None | Some("quantity") => FieldKind::Quantity,
                Some("amount") => FieldKind::Amount,
                Some("count") => FieldKind::Count,
                Some("percent") => FieldKind::Percent,
                Some("ratio") => FieldKind::Ratio,
                Some("score") => FieldKind::Score,
                Some(other) => {
                    self.err_v(
                        format!("{path}.kind"),
                        other,
                        "unknown field kind; expected amount, count, percent, ratio, score or quantity",
                    );
                    FieldKind::Quantity
                }
            };
            let unit = f.unit.clone().unwrap_or_default();
            if unit.is_empty() {
                self.warn(
                    format!("{path}.unit"),
                    "no unit given; submitted units cannot be checked",
                );
            }
            let mut periods = Vec::new();
            for p in f.periods.clone().unwrap_or_else(|| vec!["current".into()]) {
                match Period::parse(&p) {
                    Some(pp) => periods.push(pp),
                    None => self.err_v(
                        format!("{path}.periods"),
                        p,
                        "unknown period; expected baseline, current or target",
                    ),
                }
            }
            let min = f.min.or(if kind == FieldKind::Count {
                Some(0.0)
            } else {
                None
            });
            if let (Some(lo), Some(hi)) = (min, f.max) {
                if lo > hi {
                    self.err(format!("{path}.min"), format!("min {lo} is above max {hi}"));
                }
            }
            let derived = self.resolve_derivation(&path, &f, roster);
            out.push(Field {
                derived,
                name_zh: f.name_zh.clone().unwrap_or_else(|| f.id.clone()),
                name_en: f.name_en.clone().unwrap_or_else(|| f.id.clone()),
                id: f.id,
                unit,
                kind,
                min,
                max: f.max,
                periods,
            });
        }
        out
    }

    fn field_ref(&mut self, key: &str, name: &str, ids: &BTreeMap<String, usize>) -> Option<usize> {
        match ids.get(name) {
            Some(&i) => Some(i),
            None => {
                self.err_v(key, name, "unknown field: no [[field]] has this id");
                None
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn resolve_indicator(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        parent: usize,
        fields: &[Field],
        field_ids: &BTreeMap<String, usize>,
        default_missing: &MissingPolicy,
    ) -> Option<Indicator> {
        let direction = match raw.direction.as_deref() {
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
        };
        let rule_name = match raw.rule.as_deref() {
            Some(r) => r.to_string(),
            None => {
                self.err(format!("{path}.rule"), "missing scoring rule");
                return None;
            }
        };
        let mut used: BTreeSet<&str> = BTreeSet::new();
        let p = |k: &str| format!("{path}.{k}");

        // Where the value comes from.
        let value = match rule_name.as_str() {
            "weighted_count" => {
                used.insert("terms");
                let terms = match &raw.terms {
                    Some(t) if !t.is_empty() => t.clone(),
                    _ => {
                        self.err(
                            p("terms"),
                            "weighted_count needs `terms` (field = multiplier, ...)",
                        );
                        return None;
                    }
                };
                let mut resolved = Vec::new();
                for (name, mult) in &terms {
                    if !mult.is_finite() {
                        self.err_v(p("terms"), mult.to_string(), "multiplier must be a number");
                    }
                    resolved.push((self.field_ref(&p("terms"), name, field_ids)?, *mult));
                }
                ValueSpec::WeightedCount { terms: resolved }
            }
            _ => {
                let fname = raw.field.clone().unwrap_or_else(|| raw.id.clone());
                let field = self.field_ref(&p("field"), &fname, field_ids)?;
                if rule_name == "growth" {
                    ValueSpec::Growth { field }
                } else if let Some(per) = &raw.per {
                    used.insert("per");
                    ValueSpec::Ratio {
                        field,
                        per: self.field_ref(&p("per"), per, field_ids)?,
                    }
                } else {
                    ValueSpec::Field { field }
                }
            }
        };
        let scoring_name = if rule_name == "weighted_count" {
            used.insert("scale");
            raw.scale.clone().unwrap_or_else(|| "minmax".into())
        } else {
            rule_name.clone()
        };
        let rule = self.resolve_rule(path, &scoring_name, raw, direction, &mut used)?;
        if let (Rule::Target { fixed: None, .. }, Some(f)) = (&rule, value_field(&value)) {
            if !fields[f].periods.contains(&Period::Target) {
                self.err(
                    p("rule"),
                    format!(
                        "rule target compares with the declared target, but field {} has no target period; add \"target\" to its periods or give a fixed `target`",
                        fields[f].id
                    ),
                );
            }
        }
        if let Rule::Progress { .. } = &rule {
            match &value {
                ValueSpec::Field { field } => {
                    let ps = &fields[*field].periods;
                    if ![Period::Baseline, Period::Current, Period::Target]
                        .iter()
                        .all(|x| ps.contains(x))
                    {
                        self.err(
                            p("rule"),
                            format!(
                                "rule progress needs the baseline, current and target periods of field {}",
                                fields[*field].id
                            ),
                        );
                    }
                }
                _ => self.err(
                    p("rule"),
                    "rule progress scores one field (`field`), not a ratio or a weighted count",
                ),
            }
        }
        if let ValueSpec::Growth { field } = &value {
            let ps = &fields[*field].periods;
            if !(ps.contains(&Period::Baseline) && ps.contains(&Period::Current)) {
                self.err(
                    p("rule"),
                    format!(
                        "rule growth needs the baseline and current periods of field {}",
                        fields[*field].id
                    ),
                );
            }
        }

        let mut transforms = Vec::new();
        for t in &raw.transforms {
            match parse_transform(t) {
                Some(tr) => transforms.push(tr),
                None => self.err_v(
                    p("transforms"),
                    t,
                    "unknown transform; expected log1p, cap_pNN or floor_pNN (NN a percentile 0-100)",
                ),
            }
        }
        if !transforms.is_empty()
            && !rule.is_relative()
            && !matches!(rule, Rule::Goalpost { .. } | Rule::Bands(_))
        {
            self.warn(
                p("transforms"),
                format!("transforms have no effect on rule {}", rule.name()),
            );
        }
        let missing = match &raw.missing {
            Some(m) => self
                .missing_policy(&p("missing"), Some(m), raw.group.as_deref())
                .unwrap_or(MissingPolicy::NoPoints),
            None => default_missing.clone(),
        };
        if raw.group.is_some() && !matches!(missing, MissingPolicy::GroupMean { .. }) {
            self.warn(
                p("group"),
                "`group` is only used by missing = \"group_mean\"",
            );
        }

        // Parameters given but not used by the rule.
        let params: [(&str, bool); 14] = [
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
                self.warn(p(k), format!("parameter not used by rule {rule_name}"));
            }
        }
        if raw.per.is_some() && !used.contains("per") {
            self.warn(p("per"), format!("`per` is not used by rule {rule_name}"));
        }
        if raw.name_zh.is_none() || raw.name_en.is_none() {
            self.warn(
                p("name_zh"),
                "indicators should have both name_zh and name_en",
            );
        }

        let unit = match &value {
            ValueSpec::Field { field } => fields[*field].unit.clone(),
            ValueSpec::Ratio { field, per } => {
                format!("{}/{}", fields[*field].unit, fields[*per].unit)
            }
            ValueSpec::WeightedCount { .. } => "weighted count".into(),
            ValueSpec::Growth { .. } => "%/yr".into(),
        };
        let _ = parent;
        Some(Indicator {
            id: raw.id.clone(),
            name_zh: raw.name_zh.clone().unwrap_or_else(|| raw.id.clone()),
            name_en: raw.name_en.clone().unwrap_or_else(|| raw.id.clone()),
            parent,
            unit,
            value,
            direction,
            rule,
            transforms,
            treatment: None,
            missing,
            points: 0.0,
            rule_label: rule_name,
        })
    }

    fn resolve_rule(
        &mut self,
        path: &str,
        name: &str,
        raw: &RawIndicator,
        direction: Direction,
        used: &mut BTreeSet<&'static str>,
    ) -> Option<Rule> {
        let p = |k: &str| format!("{path}.{k}");
        let rule = match name {
            "minmax" => {
                used.insert("range");
                match raw.range.as_deref() {
                    None => Rule::MinMax { lo: 0.0, hi: 100.0 },
                    Some([lo, hi]) if 0.0 <= *lo && lo < hi && *hi <= 100.0 => {
                        Rule::MinMax { lo: *lo, hi: *hi }
                    }
                    Some(other) => {
                        self.err_v(
                            p("range"),
                            format!("{other:?}"),
                            "range must be [lo, hi] with 0 <= lo < hi <= 100 (percent of the points)",
                        );
                        return None;
                    }
                }
            }
            "rank" | "percentile" => Rule::Rank,
            "zscore" => {
                used.insert("z_transform");
                used.insert("z_clip");
                let map = match raw.z_transform.as_deref() {
                    None | Some("normal_cdf") => ZMap::NormalCdf,
                    Some("linear") => {
                        let clip = raw.z_clip.unwrap_or(3.0);
                        if clip <= 0.0 || !clip.is_finite() {
                            self.err_v(p("z_clip"), clip.to_string(), "must be a positive number");
                            return None;
                        }
                        ZMap::Linear { clip }
                    }
                    Some(other) => {
                        self.err_v(
                            p("z_transform"),
                            other,
                            "unknown z-score map; expected normal_cdf or linear",
                        );
                        return None;
                    }
                };
                Rule::ZScore { map }
            }
            "goalpost" => {
                used.insert("lo");
                used.insert("hi");
                match (raw.lo, raw.hi) {
                    (Some(lo), Some(hi)) if lo < hi => Rule::Goalpost { lo, hi },
                    (Some(lo), Some(hi)) => {
                        self.err(
                            p("lo"),
                            format!("goalpost needs lo < hi (got lo {lo}, hi {hi})"),
                        );
                        return None;
                    }
                    _ => {
                        self.err(p("lo"), "rule goalpost needs parameters `lo` and `hi`");
                        return None;
                    }
                }
            }
            "target" => {
                for k in ["floor", "full", "at_floor", "target"] {
                    used.insert(k);
                }
                let (floor, full, at_floor) = self.floor_full(path, raw, "target")?;
                if let Some(t) = raw.target {
                    if t <= 0.0 {
                        self.err_v(
                            p("target"),
                            t.to_string(),
                            "a fixed target must be positive",
                        );
                        return None;
                    }
                }
                Rule::Target {
                    floor,
                    full,
                    at_floor,
                    fixed: raw.target,
                }
            }
            "progress" => {
                for k in ["floor", "full", "at_floor"] {
                    used.insert(k);
                }
                let (floor, full, at_floor) = self.floor_full(path, raw, "progress")?;
                Rule::Progress {
                    floor,
                    full,
                    at_floor,
                }
            }
            "growth" | "bands" => {
                used.insert("bands");
                used.insert("below");
                Rule::Bands(self.resolve_bands(path, raw, direction)?)
            }
            "expert" => {
                used.insert("max");
                match raw.max {
                    Some(m) if m > 0.0 => Rule::Expert { max: m },
                    Some(m) => {
                        self.err_v(p("max"), m.to_string(), "must be positive");
                        return None;
                    }
                    None => {
                        self.err(
                            p("max"),
                            "rule expert needs `max`, the top of the expert's scale",
                        );
                        return None;
                    }
                }
            }
            other => {
                self.err_v(
                    p(if raw.scale.as_deref() == Some(other) { "scale" } else { "rule" }),
                    other,
                    "unknown rule; expected minmax, zscore, goalpost, rank, target, progress, growth, bands, weighted_count or expert",
                );
                return None;
            }
        };
        Some(rule)
    }

    /// `floor`, `full` and `at_floor` of the target and progress rules.
    fn floor_full(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        rule: &str,
    ) -> Option<(f64, f64, f64)> {
        let floor = raw.floor.unwrap_or(0.6);
        let full = raw.full.unwrap_or(1.0);
        let at_floor = raw.at_floor.unwrap_or(0.0);
        if !(floor >= 0.0 && floor < full) {
            self.err(
                format!("{path}.floor"),
                format!("{rule} needs 0 <= floor < full (got floor {floor}, full {full})"),
            );
            return None;
        }
        if !(0.0..=1.0).contains(&at_floor) {
            self.err_v(
                format!("{path}.at_floor"),
                at_floor.to_string(),
                "must be a fraction in [0, 1]",
            );
            return None;
        }
        Some((floor, full, at_floor))
    }

    fn resolve_bands(
        &mut self,
        path: &str,
        raw: &RawIndicator,
        direction: Direction,
    ) -> Option<Bands> {
        let key = format!("{path}.bands");
        let list = match &raw.bands {
            Some(b) if !b.is_empty() => b,
            _ => {
                self.err(
                    &key,
                    "this rule needs `bands`: [{ at_least = .., fraction = .. }, ...]",
                );
                return None;
            }
        };
        let points = raw.points;
        let mut bands = Vec::new();
        let mut ok = true;
        for (i, b) in list.iter().enumerate() {
            let bkey = format!("{key}[{}]", i + 1);
            let threshold = match (direction, b.at_least, b.at_most) {
                (Direction::Higher, Some(t), None) => t,
                (Direction::Lower, None, Some(t)) => t,
                (Direction::Higher, _, _) => {
                    self.err(
                        &bkey,
                        "a higher-is-better band needs `at_least` (and no `at_most`)",
                    );
                    ok = false;
                    continue;
                }
                (Direction::Lower, _, _) => {
                    self.err(
                        &bkey,
                        "a lower-is-better band needs `at_most` (and no `at_least`)",
                    );
                    ok = false;
                    continue;
                }
            };
            let fraction = match (b.fraction, b.points, points) {
                (Some(f), None, _) => f,
                (None, Some(pt), Some(max)) if max > 0.0 => pt / max,
                (None, Some(_), _) => {
                    self.err(&bkey, "band `points` need the indicator's `points`; use `fraction` under a mean node");
                    ok = false;
                    continue;
                }
                _ => {
                    self.err(&bkey, "a band needs exactly one of `fraction` or `points`");
                    ok = false;
                    continue;
                }
            };
            if !(0.0..=1.0).contains(&fraction) {
                self.err_v(
                    &bkey,
                    fraction.to_string(),
                    "band score must lie within 0 and the indicator's points",
                );
                ok = false;
            }
            bands.push(Band {
                threshold,
                fraction,
            });
        }
        let sorted = bands.windows(2).all(|w| match direction {
            Direction::Higher => w[0].threshold > w[1].threshold,
            Direction::Lower => w[0].threshold < w[1].threshold,
        });
        if !sorted {
            self.err(&key, "bands must be listed from the best threshold down, each strictly worse than the one before");
            ok = false;
        }
        let below = raw.below.unwrap_or(0.0);
        if !(0.0..=1.0).contains(&below) {
            self.err_v(
                format!("{path}.below"),
                below.to_string(),
                "must be a fraction in [0, 1]",
            );
            ok = false;
        }
        ok.then_some(Bands { bands, below })
    }

    fn distribute_points(
        &mut self,
        idx: usize,
        nodes: &mut [Node],
        inds: &mut [Indicator],
        declared: &BTreeMap<usize, (Option<f64>, Option<f64>, String)>,
        ind_declared: &[(Option<f64>, Option<f64>, String)],
    ) {
        if idx == 0 {
            nodes[0].points = nodes[0].points.max(0.0);
        }
        let node_points = nodes[idx].points;
        let node_path = declared
            .get(&idx)
            .map(|d| d.2.clone())
            .unwrap_or_else(|| "framework".into());
        let node_declared = if idx == 0 {
            Some(node_points)
        } else {
            declared.get(&idx).and_then(|d| d.0)
        };
        let mut children: Vec<ChildDecl> = Vec::new();
        for &c in &nodes[idx].child_nodes {
            let (pts, w, path) = declared
                .get(&c)
                .cloned()
                .unwrap_or((None, None, String::new()));
            children.push((true, c, pts, w, path));
        }
        for &c in &nodes[idx].child_indicators {
            let (pts, w, path) = ind_declared[c].clone();
            children.push((false, c, pts, w, path));
        }
        if children.is_empty() {
            return;
        }
        let effective: Vec<f64> = match nodes[idx].aggregation {
            Aggregation::Sum => {
                let mut sum = 0.0;
                let mut all = true;
                for (_, _, pts, w, path) in &children {
                    match pts {
                        Some(p) if *p >= 0.0 && p.is_finite() => sum += p,
                        Some(p) => {
                            self.err_v(
                                format!("{path}.points"),
                                p.to_string(),
                                "points must be a non-negative number",
                            );
                            all = false;
                        }
                        None => {
                            self.err(
                                format!("{path}.points"),
                                format!("missing points: its parent {} adds up points (aggregation = \"sum\")", nodes[idx].id),
                            );
                            all = false;
                        }
                    }
                    if w.is_some() {
                        self.warn(
                            format!("{path}.weight"),
                            "weight is ignored under a sum node; points count",
                        );
                    }
                }
                if all {
                    if let Some(np) = node_declared {
                        if (sum - np).abs() > POINTS_TOLERANCE {
                            let key = if idx == 0 {
                                "framework.total_points".to_string()
                            } else {
                                format!("{node_path}.points")
                            };
                            self.err_v(
                                key,
                                np.to_string(),
                                format!(
                                    "points do not add up: the children of {} add up to {} but it has {}",
                                    nodes[idx].id,
                                    trim_float(sum),
                                    trim_float(np)
                                ),
                            );
                        }
                    }
                }
                let scale = if sum > 0.0 { node_points / sum } else { 0.0 };
                children
                    .iter()
                    .map(|c| c.2.unwrap_or(0.0).max(0.0) * scale)
                    .collect()
            }
            Aggregation::Mean => {
                let mut total_w = 0.0;
                for (_, _, _, w, path) in &children {
                    let w = w.unwrap_or(1.0);
                    if !(w > 0.0 && w.is_finite()) {
                        self.err_v(
                            format!("{path}.weight"),
                            w.to_string(),
                            "weight must be a positive number",
                        );
                    } else {
                        total_w += w;
                    }
                }
                children
                    .iter()
                    .map(|c| {
                        let w = c.3.unwrap_or(1.0);
                        if w > 0.0 && total_w > 0.0 {
                            node_points * w / total_w
                        } else {
                            0.0
                        }
                    })
                    .collect()
            }
        };
        if nodes[idx].aggregation == Aggregation::Sum && idx != 0 && node_declared.is_none() {
            // a node without points under a mean parent: its points were set
            // by the parent; nothing more to check.
        }
        for ((is_node, c, ..), eff) in children.iter().zip(effective) {
            if *is_node {
                nodes[*c].points = eff;
            } else {
                inds[*c].points = eff;
            }
        }
    }

    fn resolve_treatment(&mut self, t: &RawTreatment) -> Option<Treatment> {
        match t.method.as_deref() {
            None | Some("skew_kurtosis") => {}
            Some(other) => {
                self.err_v(
                    "treatment.method",
                    other,
                    "unknown treatment method; expected skew_kurtosis",
                );
                return None;
            }
        }
        let skew = t.skew.unwrap_or(2.0);
        let kurtosis = t.kurtosis.unwrap_or(3.5);
        if !(skew > 0.0 && kurtosis.is_finite()) {
            self.err(
                "treatment.skew",
                "skew must be a positive threshold and kurtosis a number",
            );
            return None;
        }
        Some(Treatment {
            skew,
            kurtosis,
            max_winsorised: t.max_winsorised.unwrap_or(5),
            log_fallback: t.log_fallback.unwrap_or(true),
        })
    }

    fn resolve_screening(&mut self, s: &RawScreening) -> Option<Screening> {
        let min = match s.min_availability {
            Some(m) if (0.0..=1.0).contains(&m) => m,
            Some(m) => {
                self.err_v(
                    "screening.min_availability",
                    m.to_string(),
                    "must be a share in [0, 1] (e.g. 0.9)",
                );
                return None;
            }
            None => {
                self.err(
                    "screening.min_availability",
                    "missing: the share of indicators a unit must have (e.g. 0.9)",
                );
                return None;
            }
        };
        let after_imputation = match s.on.as_deref() {
            None | Some("raw") => false,
            Some("imputed") => true,
            Some(other) => {
                self.err_v("screening.on", other, "expected raw or imputed");
                return None;
            }
        };
        Some(Screening {
            min_availability: min,
            after_imputation,
        })
    }

    fn resolve_grades(&mut self, raw: Vec<(String, RawGrade)>) -> Vec<Grade> {
        let mut grades: Vec<Grade> = Vec::new();
        for (path, g) in raw {
            if grades.iter().any(|x| x.id == g.id) {
                self.err_v(format!("{path}.id"), &g.id, "duplicate grade id");
                continue;
            }
            if !g.min.is_finite() {
                self.err(format!("{path}.min"), "must be a number");
                continue;
            }
            grades.push(Grade {
                name_zh: g.name_zh.unwrap_or_else(|| g.id.clone()),
                name_en: g.name_en.unwrap_or_else(|| g.id.clone()),
                id: g.id,
                min: g.min,
            });
        }
        grades.sort_by(|a, b| b.min.total_cmp(&a.min));
        grades
    }

    fn resolve_tie_break(
        &mut self,
        keys: &[String],
        node_index: &BTreeMap<String, usize>,
        inds: &[Indicator],
    ) -> Vec<TieKey> {
        let mut out = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let path = format!("ranking.tie_break[{}]", i + 1);
            let key = match super::parse_tie_key(
                k,
                |id| node_index.get(id).copied(),
                |id| inds.iter().position(|x| x.id == id),
            ) {
                Some(key) => key,
                None => {
                    self.err_v(
                        path,
                        k,
                        "unknown tie-break key; expected a node id, an indicator id, or value:<indicator id>",
                    );
                    continue;
                }
            };
            out.push(key);
        }
        out
    }
}

/// Give the children of a weighted node their share of its points: the
/// subjective weights (declared points, AHP), or an even split until
/// objective weights are resolved on the cohort. Only the children are set:
/// the nodes below are distributed after, top down.
fn apply_weighting(w: &mut Weighting, nodes: &mut [Node], inds: &mut [Indicator]) {
    let node_points = nodes[w.node].points;
    let points = |c: &Child, nodes: &[Node], inds: &[Indicator]| match *c {
        Child::Node(k) => nodes[k].points,
        Child::Indicator(j) => inds[j].points,
    };
    if w.subjective_source == "points" {
        let declared: Vec<f64> = w.children.iter().map(|c| points(c, nodes, inds)).collect();
        let total: f64 = declared.iter().sum();
        w.subjective = declared
            .iter()
            .map(|p| if total > 0.0 { p / total } else { 0.0 })
            .collect();
    }
    let shares = if w.subjective.is_empty() {
        vec![1.0 / w.children.len() as f64; w.children.len()]
    } else {
        w.subjective.clone()
    };
    for (c, s) in w.children.iter().zip(shares) {
        match *c {
            Child::Node(k) => nodes[k].points = node_points * s,
            Child::Indicator(j) => inds[j].points = node_points * s,
        }
    }
}

fn fw_parent_id(nodes: &[Node], idx: usize) -> String {
    nodes[idx]
        .parent
        .map(|p| nodes[p].id.clone())
        .unwrap_or_default()
}

/// A child of a node as declared: (is a node, index, points, weight, key path).
type ChildDecl = (bool, usize, Option<f64>, Option<f64>, String);

fn value_field(v: &ValueSpec) -> Option<usize> {
    match v {
        ValueSpec::Field { field } | ValueSpec::Ratio { field, .. } => Some(*field),
        _ => None,
    }
}

fn parse_transform(s: &str) -> Option<Transform> {
    let s = s.trim();
    if s == "log1p" {
        return Some(Transform::Log1p);
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

/// Nodes ordered so that every parent comes before its children.
fn topo_order(nodes: &[Node]) -> Vec<usize> {
    let mut order = vec![0];
    let mut i = 0;
    while i < order.len() {
        let n = order[i];
        order.extend(nodes[n].child_nodes.iter().copied());
        i += 1;
    }
    order
}

/// A float without trailing zeros, for messages.
pub(crate) fn trim_float(x: f64) -> String {
    let s = format!("{x:.6}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    s.to_string()
}

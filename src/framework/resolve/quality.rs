//! `[quality]` and `[[consistency]]`: the plausibility checks' severities
//! and thresholds, and the rules between fields.
//!
//! Every setting is checked against its documented range; every rule is
//! parsed by the grammar of `framework::quality` and its field ids looked
//! up among the resolved fields. A problem in a rule is an error located
//! by its key path and, where the text can be read again with positions,
//! by the line of its `rule` in the file. A rule with a problem is left
//! out, so that the rest can still be checked.

use super::super::quality::{
    parse_rule, parse_severity, ConsistencyRule, Quality, Term, WrittenTerm, MAX_SLIP_TOLERANCE,
    MIN_COHORT_FLOOR,
};
use super::super::raw::{RawConsistency, RawQuality, CONSISTENCY_KEYS, QUALITY_KEYS};
use super::super::{Field, Period};
use super::Resolver;
use crate::diag::{Diagnostic, Severity};
use serde::Deserialize;

/// The largest `min_cohort`: beyond any cohort of clusters.
const MAX_MIN_COHORT: i64 = 100_000;

impl Resolver {
    /// `[quality]` and every `[[consistency]]` rule, against `fields`.
    pub(super) fn resolve_quality(
        &mut self,
        doc: &toml::Table,
        text: &str,
        fields: &[Field],
    ) -> Quality {
        let raw: RawQuality = doc
            .get("quality")
            .and_then(|v| self.entry("quality", v, QUALITY_KEYS))
            .unwrap_or_default();
        let defaults = Quality::default();
        let mut q = Quality {
            range: self.level("quality.range", raw.range.as_deref(), defaults.range),
            unit_slip: self.level(
                "quality.unit_slip",
                raw.unit_slip.as_deref(),
                defaults.unit_slip,
            ),
            change: self.level("quality.change", raw.change.as_deref(), defaults.change),
            ..defaults
        };
        let rules_default = self.level(
            "quality.consistency",
            raw.consistency.as_deref(),
            Some(Severity::Warning),
        );
        if let Some(f) = raw.change_factor {
            if f.is_finite() && f > 1.0 {
                q.change_factor = f;
            } else {
                self.err_v(
                    "quality.change_factor",
                    f.to_string(),
                    "must be a number above 1 (e.g. 10: a value more than 10 times or less than a tenth of the period before is reported)",
                );
            }
        }
        if let Some(t) = raw.slip_tolerance {
            if t > 1.0 && t <= MAX_SLIP_TOLERANCE {
                q.slip_tolerance = t;
            } else {
                self.err_v(
                    "quality.slip_tolerance",
                    t.to_string(),
                    "must be above 1 and at most 3.16 (√10, so that the bands around two powers of ten do not overlap)",
                );
            }
        }
        if let Some(n) = raw.min_cohort {
            if (MIN_COHORT_FLOOR as i64..=MAX_MIN_COHORT).contains(&n) {
                q.min_cohort = n as usize;
            } else {
                self.err_v(
                    "quality.min_cohort",
                    n.to_string(),
                    format!(
                        "must be a whole number from {MIN_COHORT_FLOOR} to {MAX_MIN_COHORT} (the fewest non-zero values a cohort median is taken of)"
                    ),
                );
            }
        }
        let lines = rule_lines(text);
        let items = match doc.get("consistency") {
            None => &[][..],
            Some(toml::Value::Array(items)) => items.as_slice(),
            Some(_) => {
                self.err(
                    "consistency",
                    "expected an array of tables ([[consistency]])",
                );
                &[][..]
            }
        };
        for (i, item) in items.iter().enumerate() {
            let key = format!("consistency[{}]", i + 1);
            let Some(raw) = self.entry::<RawConsistency>(&key, item, CONSISTENCY_KEYS) else {
                continue;
            };
            let line = lines.get(i).copied().flatten();
            if let Some(rule) = self.consistency_rule(key, line, raw, fields, rules_default) {
                q.consistency.push(rule);
            }
        }
        q
    }

    /// A severity setting: `warning`, `error` or `off`.
    fn level(
        &mut self,
        key: &str,
        written: Option<&str>,
        default: Option<Severity>,
    ) -> Option<Severity> {
        let Some(w) = written else {
            return default;
        };
        parse_severity(w, true).unwrap_or_else(|| {
            self.err_v(key, w, "unknown severity; expected warning, error or off");
            default
        })
    }

    /// One rule, or None (with its problems reported) when it cannot be
    /// used. `default` is `[quality] consistency` (None: rules are off).
    fn consistency_rule(
        &mut self,
        key: String,
        line: Option<usize>,
        raw: RawConsistency,
        fields: &[Field],
        default: Option<Severity>,
    ) -> Option<ConsistencyRule> {
        let at = |d: Diagnostic| match line {
            Some(l) => d.row(l),
            None => d,
        };
        let mut problems = Vec::new();
        let Some(text) = raw.rule.clone() else {
            self.diags.push(at(Diagnostic::error(
                &self.file,
                "missing rule: expected e.g. rule = \"above_scale <= enterprises\"",
            )
            .column(format!("{key}.rule"))));
            return None;
        };
        let mut sides = None;
        match parse_rule(&text) {
            Err(msg) => problems.push((format!("{key}.rule"), msg)),
            Ok((l, op, r)) => {
                let left = term(&l, fields);
                let right = term(&r, fields);
                for (t, w) in [(&left, &l), (&right, &r)] {
                    if t.is_none() {
                        problems.push((
                            format!("{key}.rule"),
                            format!(
                                "unknown field id {:?}: a rule compares fields declared in [[field]]",
                                w.id
                            ),
                        ));
                    }
                }
                if let (Some(left), Some(right)) = (left, right) {
                    sides = Some((left, op, right));
                }
            }
        }
        let periods = match &raw.periods {
            None => Period::ALL.to_vec(),
            Some(list) => {
                let mut out = Vec::new();
                for p in list {
                    match Period::parse(p) {
                        Some(p) if !out.contains(&p) => out.push(p),
                        Some(_) => {}
                        None => problems.push((
                            format!("{key}.periods"),
                            format!("unknown period {p:?}: expected baseline, current or target"),
                        )),
                    }
                }
                if list.is_empty() {
                    problems.push((
                        format!("{key}.periods"),
                        "no period: leave `periods` out for all three, or name some".into(),
                    ));
                }
                out
            }
        };
        let severity = match raw.severity.as_deref() {
            None => default,
            Some(s) => match parse_severity(s, false) {
                Some(level) => level,
                None => {
                    problems.push((
                        format!("{key}.severity"),
                        format!("unknown severity {s:?}: expected warning or error"),
                    ));
                    default
                }
            },
        };
        for (path, msg) in &problems {
            let d = Diagnostic::error(&self.file, msg.clone())
                .column(path.clone())
                .value(text.clone());
            self.diags.push(at(d));
        }
        let (left, op, right) = sides?;
        if !problems.is_empty() {
            return None;
        }
        Some(ConsistencyRule {
            key,
            line,
            rule: text,
            left,
            op,
            right,
            periods,
            severity: severity?,
            message_zh: raw.message_zh,
            message_en: raw.message_en,
        })
    }
}

/// A side of a rule against the fields (None: unknown id).
fn term(w: &WrittenTerm, fields: &[Field]) -> Option<Term> {
    fields.iter().position(|f| f.id == w.id).map(|field| Term {
        factor: w.factor,
        field,
        id: w.id.to_string(),
    })
}

/// The line of each `[[consistency]]` entry's `rule`, in order, read again
/// with positions (empty when the section cannot be read that way; its
/// problems are reported by the main pass).
fn rule_lines(text: &str) -> Vec<Option<usize>> {
    #[derive(Deserialize)]
    struct Doc {
        #[serde(default)]
        consistency: Vec<Entry>,
    }
    #[derive(Deserialize)]
    struct Entry {
        rule: Option<toml::Spanned<toml::Value>>,
    }
    match toml::from_str::<Doc>(text) {
        Ok(doc) => doc
            .consistency
            .iter()
            .map(|e| {
                e.rule.as_ref().and_then(|r| {
                    let before = text.get(..r.span().start)?;
                    Some(before.matches('\n').count() + 1)
                })
            })
            .collect(),
        Err(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse;
    use crate::diag::Severity;
    use crate::framework::quality::Comparison;
    use crate::framework::Period;

    const HEAD: &str = r#"[framework]
id = "q"
total_points = 10
[[field]]
id = "enterprises"
kind = "count"
unit = "家"
[[field]]
id = "above_scale"
kind = "count"
unit = "家"
[[node]]
id = "d"
name_zh = "维度"
name_en = "dimension"
points = 10
[[indicator]]
id = "above_scale"
name_zh = "规上企业数"
name_en = "above-scale enterprises"
parent = "d"
points = 10
rule = "minmax"
"#;

    #[test]
    fn settings_and_rules_resolved() {
        let text = format!(
            "{HEAD}[quality]\nunit_slip = \"error\"\nrange = \"off\"\nchange_factor = 5\nmin_cohort = 8\n\
             [[consistency]]\nrule = \"above_scale <= enterprises\"\nperiods = [\"current\"]\n\
             message_zh = \"规上企业数不能多于企业总数\"\nmessage_en = \"above-scale enterprises cannot exceed all enterprises\"\n\
             [[consistency]]\nrule = \"2 * above_scale > enterprises\"\nseverity = \"error\"\n"
        );
        let (fw, diags) = parse(&text, "q.toml");
        assert!(diags.items.is_empty(), "{diags:?}");
        let q = fw.expect("framework").quality;
        assert_eq!(q.unit_slip, Some(Severity::Error));
        assert_eq!(q.range, None);
        assert_eq!(q.change, Some(Severity::Warning));
        assert_eq!((q.change_factor, q.min_cohort), (5.0, 8));
        assert_eq!(q.slip_tolerance, 3.0);
        let [first, second] = &q.consistency[..] else {
            panic!("two rules: {:?}", q.consistency)
        };
        assert_eq!((first.left.field, first.right.field), (1, 0));
        assert_eq!(first.op, Comparison::Le);
        assert_eq!(first.periods, [Period::Current]);
        assert_eq!(first.severity, Severity::Warning);
        // HEAD has 23 lines, [quality] 5 more, [[consistency]] is line 29:
        // the first rule is on line 30, the second on 35.
        assert_eq!(first.line, Some(30));
        assert_eq!(second.left.factor, 2.0);
        assert_eq!(second.left.label(), "2 * above_scale");
        assert_eq!(second.periods, Period::ALL);
        assert_eq!(second.severity, Severity::Error);
        assert_eq!(second.line, Some(35));
    }

    #[test]
    fn unknown_ids_and_settings_are_located() {
        let text = format!(
            "{HEAD}[quality]\nchange = \"fatal\"\nslip_tolerance = 4\nmin_cohort = 1\nchange_factor = 0.5\n\
             [[consistency]]\nrule = \"above_scale <= all_enterprises\"\n\
             [[consistency]]\nrule = \"above_scale != enterprises\"\nperiods = [\"next\"]\n"
        );
        // HEAD has 23 lines, [quality] 5 more: the rules are on lines 30
        // and 32.
        let (_, diags) = parse(&text, "q.toml");
        let got: Vec<String> = diags.items.iter().map(|d| d.to_string()).collect();
        let want = [
            "error: q.toml, column quality.change, value \"fatal\": unknown severity; expected warning, error or off",
            "error: q.toml, column quality.change_factor, value \"0.5\": must be a number above 1",
            "error: q.toml, column quality.slip_tolerance, value \"4\": must be above 1 and at most 3.16",
            "error: q.toml, column quality.min_cohort, value \"1\": must be a whole number from 3",
            "error: q.toml, row 30, column consistency[1].rule, value \"above_scale <= all_enterprises\": unknown field id \"all_enterprises\"",
            "error: q.toml, row 32, column consistency[2].rule, value \"above_scale != enterprises\": unknown comparison \"!=\"",
            "error: q.toml, row 32, column consistency[2].periods, value \"above_scale != enterprises\": unknown period \"next\"",
        ];
        assert_eq!(got.len(), want.len(), "{got:#?}");
        for (g, w) in got.iter().zip(want) {
            assert!(g.starts_with(w), "{g}\n  does not start with\n{w}");
        }
    }
}

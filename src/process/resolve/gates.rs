//! The eligibility gates of `[process]`: each names one subject (a field of
//! the framework or a registry column) and one test with its value. A gate
//! that cannot be understood is reported and left out.

use super::Problems;
use crate::framework::Framework;
use crate::process::spec::{GateSpec, ProcessSpec};
use serde::Serialize;

/// A comparison of a gate.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateTest {
    Ge(f64),
    Gt(f64),
    Le(f64),
    Lt(f64),
    Eq(String),
    Ne(String),
    In(Vec<String>),
    NotIn(Vec<String>),
    Present,
}

/// What a gate looks at.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum GateSubject {
    /// Framework field index.
    Field(usize),
    /// Registry column.
    Registry(String),
}

#[derive(Debug, Clone, Serialize)]
pub struct Gate {
    pub id: String,
    pub subject: GateSubject,
    pub test: GateTest,
    /// The condition in words, e.g. "leading_share >= 70".
    pub condition: String,
    pub reason_zh: String,
    pub reason_en: String,
}

/// The gates of `[process]`, in order.
pub(super) fn resolve(spec: &ProcessSpec, fw: &Framework, problems: &mut Problems) -> Vec<Gate> {
    let mut gates: Vec<Gate> = Vec::new();
    for (g, gate) in spec.gates.iter().enumerate() {
        let path = format!("process.gates[{}]", g + 1);
        let Some(subject) = subject(gate, fw, &path, problems) else {
            continue;
        };
        let Some(test) = test(gate, &path, problems) else {
            continue;
        };
        let subject_name = match &subject {
            GateSubject::Field(i) => fw.fields[*i].id.clone(),
            GateSubject::Registry(c) => c.clone(),
        };
        if gates.iter().any(|x| x.id == gate.id) {
            problems.error(format!("{path}.id"), gate.id.clone(), "duplicate gate id");
        }
        gates.push(Gate {
            id: gate.id.clone(),
            subject,
            condition: condition(&subject_name, &test),
            test,
            reason_zh: gate.reason_zh.clone(),
            reason_en: gate.reason_en.clone(),
        });
    }
    gates
}

/// The field or registry column a gate tests.
fn subject(
    gate: &GateSpec,
    fw: &Framework,
    path: &str,
    problems: &mut Problems,
) -> Option<GateSubject> {
    match (&gate.field, &gate.registry) {
        (Some(f), None) => {
            let found = fw.find_field(f).map(GateSubject::Field);
            if found.is_none() {
                problems.error(
                    format!("{path}.field"),
                    f.clone(),
                    "not a field of the framework",
                );
            }
            found
        }
        (None, Some(col)) => Some(GateSubject::Registry(col.clone())),
        _ => {
            problems.error(
                path,
                gate.id.clone(),
                "a gate needs exactly one of `field` or `registry`",
            );
            None
        }
    }
}

/// The comparison of a gate: its operator with a value of the right kind.
fn test(gate: &GateSpec, path: &str, problems: &mut Problems) -> Option<GateTest> {
    let number = gate
        .value
        .as_ref()
        .and_then(|v| v.as_float().or_else(|| v.as_integer().map(|i| i as f64)));
    let text = gate.value.as_ref().map(|v| match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    });
    let list = gate.value.as_ref().map(|v| match v {
        toml::Value::Array(a) => a
            .iter()
            .map(|x| {
                x.as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| x.to_string())
            })
            .collect(),
        toml::Value::String(s) => vec![s.clone()],
        other => vec![other.to_string()],
    });
    let test = match (gate.op.trim(), number, text, list) {
        (">=", Some(x), _, _) => GateTest::Ge(x),
        (">", Some(x), _, _) => GateTest::Gt(x),
        ("<=", Some(x), _, _) => GateTest::Le(x),
        ("<", Some(x), _, _) => GateTest::Lt(x),
        ("==", _, Some(t), _) => GateTest::Eq(t),
        ("!=", _, Some(t), _) => GateTest::Ne(t),
        ("in", _, _, Some(l)) => GateTest::In(l),
        ("not_in", _, _, Some(l)) => GateTest::NotIn(l),
        ("present", _, _, _) => GateTest::Present,
        (op, _, _, _) => {
            problems.error(
                format!("{path}.op"),
                op,
                "expected >=, >, <=, < with a number value; ==, != with a value; in, not_in with a list; or present",
            );
            return None;
        }
    };
    Some(test)
}

/// The condition in words, e.g. "leading_share >= 70".
fn condition(subject: &str, test: &GateTest) -> String {
    match test {
        GateTest::Ge(x) => format!("{subject} >= {x}"),
        GateTest::Gt(x) => format!("{subject} > {x}"),
        GateTest::Le(x) => format!("{subject} <= {x}"),
        GateTest::Lt(x) => format!("{subject} < {x}"),
        GateTest::Eq(t) => format!("{subject} == {t}"),
        GateTest::Ne(t) => format!("{subject} != {t}"),
        GateTest::In(l) => format!("{subject} in [{}]", l.join(", ")),
        GateTest::NotIn(l) => format!("{subject} not in [{}]", l.join(", ")),
        GateTest::Present => format!("{subject} present"),
    }
}

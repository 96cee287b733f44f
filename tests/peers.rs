//! Reference numbers from outside the engine (tests/reference/): peer tools
//! (pymcdm, SciPy, SALib) and independent scripts written from the README.
//! Their outputs are committed next to the scripts, with the peers'
//! versions. A test always compares the engine with them. When python3
//! (and the peer) is on the machine, the script is run again and its fresh
//! output must equal the committed one; when not, the test says on the
//! terminal that it used the committed numbers only. Never a silent pass:
//! under CLUSTER_EVAL_REQUIRE_PYREF=1 (set by .ci/run) a missing python3 or
//! peer fails the test.

use crate::tolerance::{close, Tol};
use crate::workdir::{ok_command, repo};
use serde_json::Value;
use std::fmt::Display;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::Command;

/// A file under tests/reference/.
pub fn reference(name: &str) -> PathBuf {
    repo().join("tests/reference").join(name)
}

/// A line on the terminal, past the test harness's capture (which only
/// takes `print!` and `eprint!`), so a passing test can say what it could
/// not do.
pub fn note(msg: impl Display) {
    let _ = writeln!(std::io::stderr().lock(), "\nnote: {msg}");
}

/// Whether python3 runs and imports `modules` (empty: the standard library
/// only). If not, a failure under CLUSTER_EVAL_REQUIRE_PYREF=1.
pub fn python_with(modules: &str) -> bool {
    let probe = if modules.is_empty() {
        "import sys".to_string()
    } else {
        format!("import {modules}")
    };
    let ok = Command::new("python3")
        .args(["-c", &probe])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok && std::env::var("CLUSTER_EVAL_REQUIRE_PYREF").is_ok_and(|v| v == "1") {
        panic!("python3 cannot run `{probe}`, and CLUSTER_EVAL_REQUIRE_PYREF=1");
    }
    ok
}

fn python(script: &str) -> Command {
    let mut c = Command::new("python3");
    c.arg(reference(script));
    c
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The committed JSON output of a peer script (`committed`, printed by
/// `python3 tests/reference/<script> <args>`, which imports `modules`).
/// When the peer is installed the script is run again and must print the
/// same numbers (relative 1e-12) and the same text; the `peers` entry (the
/// versions) may differ and is shown when it does.
pub fn peer_json(committed: &str, modules: &str, script: &str, args: &[&str]) -> Value {
    let want: Value = serde_json::from_str(&read(&reference(committed)))
        .unwrap_or_else(|e| panic!("{committed}: {e}"));
    if python_with(modules) {
        let out = ok_command(python(script).args(args));
        let fresh: Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{script} printed no JSON: {e}"));
        same_numbers(&fresh, &want, committed);
        if fresh["peers"] != want["peers"] {
            note(format!(
                "{committed} was made with {}; this machine has {} and prints the same numbers",
                want["peers"], fresh["peers"]
            ));
        }
    } else {
        note(format!(
            "python3 cannot import {modules}: compared with the committed numbers of tests/reference/{committed} only (made with {}; not re-run)",
            want["peers"]
        ));
    }
    want
}

/// The same JSON but for the `peers` entry; numbers within 1e-12 relative.
fn same_numbers(fresh: &Value, committed: &Value, path: &str) {
    match (fresh, committed) {
        (Value::Number(x), Value::Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            close(x, y, Tol::rel(1e-12, 1e-12), path);
        }
        (Value::Array(x), Value::Array(y)) => {
            assert_eq!(x.len(), y.len(), "{path}: length");
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                same_numbers(p, q, &format!("{path}[{i}]"));
            }
        }
        (Value::Object(x), Value::Object(y)) => {
            let keys = |o: &serde_json::Map<String, Value>| -> Vec<String> {
                o.keys().filter(|k| *k != "peers").cloned().collect()
            };
            assert_eq!(keys(x), keys(y), "{path}: keys");
            for k in keys(x) {
                same_numbers(&x[&k], &y[&k], &format!("{path}.{k}"));
            }
        }
        _ => assert_eq!(fresh, committed, "{path}"),
    }
}

/// The committed CSV output of an independent reference script, written by
/// `python3 tests/reference/<script> ROUND OUT <extra>` for a sample round.
/// When python3 is there, the script is run again and must write exactly
/// the committed bytes. Returns the committed file.
pub fn reference_csv(committed: &str, script: &str, round: &str, extra: &[&str]) -> PathBuf {
    let want = reference(committed);
    let round_dir = repo().join("sample_data").join(round);
    if python_with("") {
        let tmp = tempfile::tempdir().expect("temp dir");
        let out = tmp.path().join(committed);
        ok_command(python(script).arg(&round_dir).arg(&out).args(extra));
        let (fresh, kept) = (read(&out), read(&want));
        if fresh != kept {
            let line = fresh
                .lines()
                .zip(kept.lines())
                .find(|(a, b)| a != b)
                .map(|(a, b)| format!("fresh:     {a}\ncommitted: {b}"))
                .unwrap_or_else(|| "the files differ in length".into());
            panic!(
                "tests/reference/{script} no longer writes the committed {committed}:\n{line}\n(regenerate it as tests/reference/README.md says, after checking why)"
            );
        }
    } else {
        note(format!(
            "python3 not found: {script} was not re-run; compared with the committed tests/reference/{committed} only"
        ));
    }
    want
}

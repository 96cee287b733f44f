//! The statistical audit (#18, `audit` and the audit_*.csv of `run`):
//! against COINr on ASEM, one test per reference file of
//! ../shared/validation/asem-analysis (`coinr`), against numbers worked
//! by hand on small data (`hand`), and the command on the samples
//! (`command`).
//!
//! This file holds the helpers: the audit run once per test on ASEM, its
//! files read by the English part of their "中文 english" headers, and
//! the reference files read by their own headers.

mod coinr;
mod command;
mod hand;

use crate::workdir::{read_csv, repo, WorkDir};
use std::path::PathBuf;

/// The COINr reference folder; a missing folder fails the test.
pub fn reference(file: &str) -> PathBuf {
    let dir = repo().join("../shared/validation/asem-analysis");
    assert!(
        dir.join("README.md").exists(),
        "the COINr reference folder {} is missing: the audit cannot be validated without it",
        dir.display()
    );
    dir.join(file)
}

/// A CSV as rows of (column name → cell); a bilingual header "中文 english"
/// is named by its English part.
pub fn table(path: &std::path::Path) -> Vec<std::collections::BTreeMap<String, String>> {
    let (h, rows) = read_csv(path);
    let names: Vec<String> = h
        .iter()
        .map(|c| c.rsplit(' ').next().unwrap_or(c).to_string())
        .collect();
    rows.into_iter()
        .map(|r| names.iter().cloned().zip(r).collect())
        .collect()
}

/// An audit of a round folder, with its output folder.
pub struct Audit {
    pub w: WorkDir,
    pub stdout: String,
}

impl Audit {
    pub fn of(round: &str, lang: &str) -> Audit {
        let w = WorkDir::new();
        let dir = repo().join(round);
        let out = w.ok(&[
            "audit",
            dir.to_str().unwrap(),
            "--out",
            "out",
            "--lang",
            lang,
        ]);
        Audit {
            stdout: out.stdout.clone(),
            w,
        }
    }

    /// The ASEM round on COINr's own input: the reference folder's
    /// iData.csv (full precision; sample_data/asem's copy has 15
    /// significant digits, which ties values COINr keeps apart, e.g. 3.4
    /// and 3.4000000000000004 of TolMin), and `[audit]` lines when given.
    pub fn asem_with(audit: &str) -> Audit {
        let w = WorkDir::new();
        w.sample_round("asem");
        std::fs::copy(reference("iData.csv"), w.path("round/iData.csv")).unwrap();
        if !audit.is_empty() {
            let toml = w.read("round/round.toml");
            w.write("round/round.toml", format!("{toml}\n[audit]\n{audit}\n"));
        }
        let out = w.ok(&["audit", "round", "--out", "out", "--lang", "en"]);
        Audit {
            stdout: out.stdout.clone(),
            w,
        }
    }

    pub fn asem() -> Audit {
        Audit::asem_with("")
    }

    pub fn file(&self, name: &str) -> Vec<std::collections::BTreeMap<String, String>> {
        table(&self.w.path(&format!("out/{name}")))
    }
}

/// A number cell ("" is none).
pub fn num(s: &str) -> Option<f64> {
    match s {
        "" | "NA" => None,
        x => Some(x.parse().unwrap_or_else(|e| panic!("{x}: {e}"))),
    }
}

/// The engine's name of a COINr code: the root is "total".
pub fn engine_code(coinr: &str) -> &str {
    if coinr == "Index" {
        "total"
    } else {
        coinr
    }
}

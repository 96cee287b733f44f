//! The round folder (评价轮次): `round.toml`, the registry and submissions.
//!
//! `round.toml` names the round, its framework file (relative to the folder)
//! and the baseline / current / target years, and lists the input files. This
//! module loads all of it, collecting every problem, and hands back a
//! `Round` only when nothing is in error.

use super::registry::{read_registry, Registry};
use super::submissions::{read_submissions, Submissions, Years};
use super::table;
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{self, Framework};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An input file with options: the sheet of a workbook, column headers to
/// read as a role (`columns = { cluster_id = "uCode", period = "Time" }`),
/// columns to skip, and registry roles that may be absent.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    pub file: String,
    pub sheet: Option<String>,
    #[serde(default)]
    pub columns: BTreeMap<String, String>,
    #[serde(default)]
    pub ignore: Vec<String>,
    #[serde(default)]
    pub optional: Vec<String>,
}

/// An input file: a path, or a path with options.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(untagged)]
pub enum InputFile {
    Path(String),
    Spec(FileSpec),
}

impl InputFile {
    pub fn path(&self) -> &str {
        match self {
            InputFile::Path(p) => p,
            InputFile::Spec(s) => &s.file,
        }
    }

    /// Read the file (relative to the round folder `dir`) as a table with
    /// the options applied; the file is added to `files` even when it
    /// cannot be read.
    pub fn read_table(
        &self,
        dir: &Path,
        files: &mut Vec<PathBuf>,
        diags: &mut Diagnostics,
    ) -> Option<table::Table> {
        let p = dir.join(self.path());
        files.push(p.clone());
        let mut t = table::read(&p, &p.display().to_string(), self.sheet(), diags)?;
        self.apply(&mut t, diags);
        Some(t)
    }

    pub fn sheet(&self) -> Option<&str> {
        match self {
            InputFile::Path(_) => None,
            InputFile::Spec(s) => s.sheet.as_deref(),
        }
    }

    fn optional(&self) -> &[String] {
        match self {
            InputFile::Path(_) => &[],
            InputFile::Spec(s) => &s.optional,
        }
    }

    /// Rename mapped columns to their role and drop ignored ones.
    fn apply(&self, table: &mut table::Table, diags: &mut Diagnostics) {
        let InputFile::Spec(spec) = self else {
            return;
        };
        for (role, header) in &spec.columns {
            match table.headers.iter().position(|h| h == header) {
                Some(c) => table.headers[c] = role.clone(),
                None => diags.push(
                    Diagnostic::error(
                        &table.file,
                        format!("column {header:?} (mapped to {role}) is not in the file"),
                    )
                    .row(1)
                    .column(header.clone()),
                ),
            }
        }
        let mut drop: Vec<usize> = Vec::new();
        for name in &spec.ignore {
            match table.headers.iter().position(|h| h == name) {
                Some(c) => drop.push(c),
                None => diags.push(
                    Diagnostic::error(
                        &table.file,
                        format!("column {name:?} to ignore is not in the file"),
                    )
                    .row(1)
                    .column(name.clone()),
                ),
            }
        }
        drop.sort_unstable();
        for &c in drop.iter().rev() {
            table.headers.remove(c);
            for row in &mut table.rows {
                if c < row.cells.len() {
                    row.cells.remove(c);
                }
            }
        }
    }
}

#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct Inputs {
    pub clusters: InputFile,
    pub submissions: Vec<InputFile>,
    /// Expert reviewers (needs `[process]` with a panel stage).
    pub reviewers: Option<InputFile>,
    /// Expert scores.
    pub reviews: Option<InputFile>,
    /// Declared conflicts of interest.
    pub conflicts: Option<InputFile>,
    /// Earlier rounds' grades (mid-term).
    pub history: Option<InputFile>,
    /// Immediate-exit flags (mid-term).
    pub flags: Option<InputFile>,
    /// Enterprise rosters with a cluster column: one file or a list.
    #[serde(default)]
    pub enterprises: OneOrMany,
    /// One roster file per cluster: `{ HB01 = "rosters/HB01.csv", ... }`.
    #[serde(default)]
    pub rosters: BTreeMap<String, InputFile>,
}

/// One input file or a list of them.
#[derive(Debug, Clone, Default, Deserialize, Serialize)]
#[serde(untagged)]
pub enum OneOrMany {
    #[default]
    None,
    One(InputFile),
    Many(Vec<InputFile>),
}

impl OneOrMany {
    pub fn files(&self) -> Vec<&InputFile> {
        match self {
            OneOrMany::None => vec![],
            OneOrMany::One(f) => vec![f],
            OneOrMany::Many(v) => v.iter().collect(),
        }
    }
}

/// `round.toml` as written.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct RoundSpec {
    pub id: String,
    pub name_zh: String,
    #[serde(default)]
    pub name_en: String,
    /// The round holds synthetic data (shown in every report).
    #[serde(default)]
    pub synthetic: bool,
    /// Framework file, relative to the round folder.
    pub framework: String,
    pub baseline_year: i32,
    pub current_year: i32,
    pub target_year: i32,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct RoundFile {
    round: RoundSpec,
    inputs: Inputs,
    /// `[process]`: the evaluation process (read by `process::load`).
    process: Option<toml::Value>,
    /// `[robustness]`: the uncertainty and sensitivity analysis (read by
    /// `robust::config`).
    robustness: Option<toml::Value>,
}

/// The years a round may name (baseline, current, target): far wider than
/// any evaluation, narrow enough that no difference of years overflows.
pub const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// A loaded, checked round.
#[derive(Debug, Clone)]
pub struct Round {
    pub dir: PathBuf,
    pub spec: RoundSpec,
    pub inputs: Inputs,
    pub framework: Framework,
    pub framework_path: PathBuf,
    pub registry: Registry,
    pub data: Submissions,
    /// `[process]` of round.toml, as written (`process::load` resolves it
    /// and reads the process inputs).
    pub process_table: Option<toml::Value>,
    /// Every input file read (round.toml, framework, registry, submissions).
    pub files: Vec<PathBuf>,
    /// `[robustness]` of round.toml, as written.
    pub robustness: Option<toml::Value>,
}

impl Round {
    pub fn years(&self) -> (i32, i32, i32) {
        (
            self.spec.baseline_year,
            self.spec.current_year,
            self.spec.target_year,
        )
    }
}

/// Load a round folder. `framework_override` replaces the framework named
/// in round.toml. Returns the round (if its structure could be read) and
/// every problem found; callers must refuse a round whose diagnostics hold
/// errors.
pub fn load_round(dir: &Path, framework_override: Option<&Path>) -> (Option<Round>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let round_path = dir.join("round.toml");
    let label = |p: &Path| p.display().to_string();
    let text = match std::fs::read_to_string(&round_path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                label(&round_path),
                format!("cannot read the round file: {e}"),
            ));
            return (None, diags);
        }
    };
    // nan, inf and 1e308 in [process] or [robustness] would disable a bound
    // or overflow: located here, before anything reads them.
    if let Ok(doc) = text.parse::<toml::Table>() {
        if !framework::toml_numbers::check_table(&doc, &label(&round_path), &mut diags) {
            return (None, diags);
        }
    }
    let file: RoundFile = match toml::from_str(&text) {
        Ok(f) => f,
        Err(e) => {
            diags.push(framework::toml_errors::located(
                &label(&round_path),
                &text,
                &e,
                "round file",
            ));
            return (None, diags);
        }
    };
    let spec = file.round;
    for (key, year) in [
        ("round.baseline_year", spec.baseline_year),
        ("round.current_year", spec.current_year),
        ("round.target_year", spec.target_year),
    ] {
        if !YEARS.contains(&year) {
            diags.push(
                Diagnostic::error(
                    label(&round_path),
                    format!(
                        "year out of range: expected {} to {}",
                        YEARS.start(),
                        YEARS.end()
                    ),
                )
                .column(key)
                .value(year.to_string()),
            );
        }
    }
    if diags.has_errors() {
        return (None, diags);
    }
    if !(spec.baseline_year < spec.current_year && spec.current_year <= spec.target_year) {
        diags.push(
            Diagnostic::error(
                label(&round_path),
                format!(
                    "years out of order: expected baseline < current <= target, got {} / {} / {}",
                    spec.baseline_year, spec.current_year, spec.target_year
                ),
            )
            .column("round.baseline_year"),
        );
    }
    let framework_path = match framework_override {
        Some(p) => p.to_path_buf(),
        None => dir.join(&spec.framework),
    };
    let (fw, fw_diags) = framework::load(&framework_path);
    diags.extend(fw_diags);
    let mut files = vec![round_path.clone(), framework_path.clone()];

    let clusters_path = dir.join(file.inputs.clusters.path());
    files.push(clusters_path.clone());
    let registry = match table::read(
        &clusters_path,
        &label(&clusters_path),
        file.inputs.clusters.sheet(),
        &mut diags,
    ) {
        Some(mut t) => {
            file.inputs.clusters.apply(&mut t, &mut diags);
            read_registry(&t, file.inputs.clusters.optional(), &mut diags)
        }
        None => Registry::default(),
    };
    if registry.is_empty() {
        diags.prerequisite_failed(
            crate::diag::prerequisite::REGISTRY,
            format!("the registry {} could not be read", label(&clusters_path)),
        );
    }

    let mut data = Submissions::default();
    let years = Years {
        baseline: spec.baseline_year,
        current: spec.current_year,
        target: spec.target_year,
    };
    if file.inputs.submissions.is_empty() {
        diags.push(
            Diagnostic::error(label(&round_path), "no submissions file listed")
                .column("inputs.submissions"),
        );
    }
    let mut tables = Vec::new();
    for input in &file.inputs.submissions {
        tables.extend(input.read_table(dir, &mut files, &mut diags));
    }
    let Some(fw) = fw else {
        return (None, diags);
    };
    for t in &tables {
        read_submissions(t, &fw, &registry, years, &mut diags, &mut data);
    }
    (
        Some(Round {
            dir: dir.to_path_buf(),
            spec,
            inputs: file.inputs,
            framework: fw,
            framework_path,
            registry,
            data,
            process_table: file.process,
            files,
            robustness: file.robustness,
        }),
        diags,
    )
}

/// Every group_mean policy must name a registry column that exists.
pub fn check_groups(round: &Round, diags: &mut Diagnostics) {
    let (fw, registry, fw_path) = (&round.framework, &round.registry, &round.framework_path);
    let Some(first) = registry.clusters.first() else {
        return;
    };
    for ind in &fw.indicators {
        if let framework::MissingPolicy::GroupMean { group } = &ind.missing {
            if first.group_value(group).is_none() {
                diags.push(
                    Diagnostic::error(
                        fw_path.display().to_string(),
                        format!(
                            "group_mean groups by {group:?}, which is not a registry column (track, city, promotion_org or an extra column)"
                        ),
                    )
                    .column(format!("indicator {}.group", ind.id)),
                );
            }
        }
    }
}

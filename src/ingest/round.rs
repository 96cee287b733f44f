//! The round folder (评价轮次): `round.toml`, the registry and submissions.
//!
//! `round.toml` names the round, its framework file (relative to the folder)
//! and the baseline / current / target years, and lists the input files. This
//! module loads all of it, collecting every problem, and hands back a
//! `Round` only when nothing is in error.

use super::layout::{Key, Pins, Role};
use super::registry::{read_registry, Registry};
use super::submissions::{read_submissions, Submissions, Years};
use super::{table, CLUSTER_ID};
use crate::diag::{Diagnostic, Diagnostics};
use crate::framework::{self, Framework};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// An input file with options: the sheet of a workbook, column headers to
/// read as a role (`columns = { cluster_id = "uCode", period = "Time" }`),
/// columns to skip, registry roles that may be absent, and the rows of the
/// header and the records when they are not to be found (`layout`).
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
    /// The header's row, as the spreadsheet numbers it: no search.
    pub header_row: Option<usize>,
    /// The records' rows, `"5-40"`: the rows outside are set aside.
    pub data_rows: Option<String>,
    /// The last record's row (the records start under the header).
    pub last_row: Option<usize>,
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

    /// Read the file (relative to the round folder `dir`) as a table of
    /// `role` (its layout found, or pinned) with the options applied; the
    /// file is added to `files` even when it cannot be read.
    pub fn read_table(
        &self,
        dir: &Path,
        files: &mut Vec<PathBuf>,
        role: &Role,
        diags: &mut Diagnostics,
    ) -> Option<table::Table> {
        let p = dir.join(self.path());
        files.push(p.clone());
        let label = p.display().to_string();
        let round_file = dir.join("round.toml").display().to_string();
        let pins = self.pins(&round_file, &label, diags)?;
        let role = match self {
            InputFile::Path(_) => role.clone(),
            InputFile::Spec(s) => role.mapped(&s.columns),
        };
        let mut t = table::read_as(&p, &label, self.sheet(), &role, &pins, diags)?;
        self.apply(&mut t, diags);
        Some(t)
    }

    /// The rows round.toml pins (`header_row`, `data_rows`, `last_row`),
    /// each checked for its form; None after a located error.
    pub fn pins(&self, round_file: &str, file: &str, diags: &mut Diagnostics) -> Option<Pins> {
        let mut pins = Pins {
            round_file: round_file.to_string(),
            ..Pins::default()
        };
        let InputFile::Spec(spec) = self else {
            return Some(pins);
        };
        let errors = diags.error_count();
        let mut error = |key: &str, value: String, msg: String| {
            diags.push(
                Diagnostic::error(
                    round_file,
                    format!(
                        "{key} = {} for {file}: {msg}",
                        if key == "data_rows" {
                            format!("{value:?}")
                        } else {
                            value.clone()
                        }
                    ),
                )
                .column(key)
                .value(value),
            );
        };
        let from_one = "rows are numbered from 1, as the spreadsheet shows them";
        for (key, row) in [("header_row", spec.header_row), ("last_row", spec.last_row)] {
            if row == Some(0) {
                error(key, "0".into(), from_one.into());
            }
        }
        pins.header_row = spec.header_row;
        pins.last_row = spec.last_row;
        if let Some(range) = &spec.data_rows {
            let shown = range.clone();
            let parsed = range.split_once('-').and_then(|(a, b)| {
                Some((
                    a.trim().parse::<usize>().ok()?,
                    b.trim().parse::<usize>().ok()?,
                ))
            });
            match parsed {
                _ if spec.last_row.is_some() => error(
                    "data_rows",
                    shown,
                    "set data_rows or last_row, not both".into(),
                ),
                Some((0, _)) | Some((_, 0)) => error("data_rows", shown, from_one.into()),
                Some((a, b)) if a > b => {
                    error("data_rows", shown, "the range ends before it starts".into())
                }
                Some((a, b)) => {
                    pins.first_row = Some(a);
                    pins.last_row = Some(b);
                }
                None => error(
                    "data_rows",
                    shown,
                    "expected the first and last rows of the records, as \"5-40\"".into(),
                ),
            }
        }
        (diags.error_count() == errors).then_some(pins)
    }

    /// Whether round.toml pins the header or data rows of this file.
    pub fn has_pins(&self) -> bool {
        match self {
            InputFile::Path(_) => false,
            InputFile::Spec(s) => {
                s.header_row.is_some() || s.data_rows.is_some() || s.last_row.is_some()
            }
        }
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

    /// Rename mapped columns to their role and drop ignored ones. A
    /// header is named as the file has it, or without the unit a units
    /// row added to it (which a renamed column keeps).
    fn apply(&self, table: &mut table::Table, diags: &mut Diagnostics) {
        let InputFile::Spec(spec) = self else {
            return;
        };
        let find = super::columns::find;
        super::columns::map_roles(table, &spec.columns, diags);
        let mut drop: Vec<usize> = Vec::new();
        for name in &spec.ignore {
            match find(&table.headers, name) {
                Some(c) => drop.push(c),
                None => diags.push(
                    Diagnostic::error(
                        &table.file,
                        format!("column {name:?} to ignore is not in the file"),
                    )
                    .row(table.header_row)
                    .column(name.clone()),
                ),
            }
        }
        drop.sort_unstable();
        drop.dedup();
        for &c in drop.iter().rev() {
            table.remove_column(c);
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
    /// The baseline year; absent in a one-period round (an index of
    /// current data only), where no rule may need a baseline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub baseline_year: Option<i32>,
    pub current_year: i32,
    /// The target year; absent in a one-period round.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target_year: Option<i32>,
    /// What the round evaluates, as the reports call it (default 集群 /
    /// cluster; `super::unit_label`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit_label: Option<super::UnitLabelSpec>,
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
    /// `[audit]`: the thresholds of the statistical audit (read by
    /// `analysis::Settings::parse`).
    audit: Option<toml::Value>,
    /// `[report]`: the issuing office and the publication of the documents.
    report: Option<super::publication::PublicationSpec>,
    /// `[history]`: earlier rounds' output folders (`earlier`).
    history: Option<super::earlier::HistorySpec>,
    /// `[archive]`: where `run` keeps the inputs of every run.
    archive: Option<ArchiveSpec>,
}

/// `[archive]` of round.toml: the folder (relative to the round folder)
/// where every run's inputs are kept by their SHA-256 (default `.archive`).
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields)]
pub struct ArchiveSpec {
    pub dir: String,
}

/// The archive folder of a round when round.toml names none.
pub const DEFAULT_ARCHIVE: &str = ".archive";

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
    /// `[audit]` of round.toml, as written.
    pub audit: Option<toml::Value>,
    /// `[report]` of round.toml, checked.
    pub publication: super::publication::Publication,
    /// Earlier rounds read from the outputs `[history] rounds` names,
    /// oldest first.
    pub earlier: Vec<super::earlier::Earlier>,
    /// The archive folder (`[archive] dir`, relative to the round folder,
    /// or `.archive`).
    pub archive_dir: PathBuf,
    /// What the round evaluates, as the reports call it.
    pub unit_label: super::UnitLabel,
}

impl Round {
    /// The baseline, current and target years; `None` for a one-period
    /// round (no baseline or no target year), where the rules that need
    /// them are refused when the round is loaded.
    pub fn years(&self) -> Option<(i32, i32, i32)> {
        Some((
            self.spec.baseline_year?,
            self.spec.current_year,
            self.spec.target_year?,
        ))
    }
}

/// What a round holds before any cluster has submitted: round.toml, its
/// framework and the registry (what `template` needs).
#[derive(Debug, Clone)]
pub struct Setup {
    pub spec: RoundSpec,
    pub framework: Framework,
    pub framework_path: PathBuf,
    pub registry: Registry,
}

/// round.toml as read, the framework (when it loads) and the registry.
struct Head {
    file: RoundFile,
    framework_path: PathBuf,
    framework: Option<Framework>,
    registry: Registry,
    /// Rows of the registry file set aside (titles, notes, totals).
    registry_set_aside: Vec<super::Rejection>,
    files: Vec<PathBuf>,
}

/// Load round.toml, the framework and the registry of a round folder,
/// without its submissions. Returns the setup (if it could be read) and
/// every problem found; callers must refuse a setup whose diagnostics hold
/// errors.
pub fn load_setup(dir: &Path, framework_override: Option<&Path>) -> (Option<Setup>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let setup = read_head(dir, framework_override, &mut diags).and_then(|h| {
        Some(Setup {
            spec: h.file.round,
            framework: h.framework?,
            framework_path: h.framework_path,
            registry: h.registry,
        })
    });
    (setup, diags)
}

/// Load a round folder. `framework_override` replaces the framework named
/// in round.toml. Returns the round (if its structure could be read) and
/// every problem found; callers must refuse a round whose diagnostics hold
/// errors.
pub fn load_round(dir: &Path, framework_override: Option<&Path>) -> (Option<Round>, Diagnostics) {
    let mut diags = Diagnostics::default();
    let Some(head) = read_head(dir, framework_override, &mut diags) else {
        return (None, diags);
    };
    let Head {
        file,
        framework_path,
        framework: fw,
        registry,
        registry_set_aside,
        mut files,
    } = head;
    let spec = file.round;
    let round_path = dir.join("round.toml");
    let label = |p: &Path| p.display().to_string();
    let publication = match file.report.clone() {
        Some(spec) => spec
            .resolve(&label(&round_path), &mut diags)
            .unwrap_or_else(super::publication::Publication::none),
        None => super::publication::Publication::none(),
    };
    let unit_label =
        super::UnitLabel::resolve(spec.unit_label.as_ref(), &label(&round_path), &mut diags);
    let mut data = Submissions::default();
    data.rejections.extend(registry_set_aside);
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
    let role = submissions_role(fw.as_ref());
    for input in &file.inputs.submissions {
        tables.extend(input.read_table(dir, &mut files, &role, &mut diags));
    }
    let earlier = match &file.history {
        Some(h) => super::earlier::read_earlier(dir, h, spec.current_year, &mut files, &mut diags),
        None => vec![],
    };
    let Some(fw) = fw else {
        return (None, diags);
    };
    for t in &tables {
        data.rejections.extend(t.set_aside.iter().cloned());
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
            audit: file.audit,
            publication,
            earlier,
            archive_dir: dir.join(
                file.archive
                    .as_ref()
                    .map_or(DEFAULT_ARCHIVE, |a| a.dir.as_str()),
            ),
            unit_label,
        }),
        diags,
    )
}

/// round.toml, the framework and the registry, every problem in `diags`;
/// `None` when round.toml cannot be read.
fn read_head(
    dir: &Path,
    framework_override: Option<&Path>,
    diags: &mut Diagnostics,
) -> Option<Head> {
    let round_path = dir.join("round.toml");
    let label = |p: &Path| p.display().to_string();
    let text = match std::fs::read_to_string(&round_path) {
        Ok(t) => t,
        Err(e) => {
            diags.push(Diagnostic::error(
                label(&round_path),
                format!("cannot read the round file: {e}"),
            ));
            return None;
        }
    };
    // nan, inf and 1e308 in [process] or [robustness] would disable a bound
    // or overflow: located here, before anything reads them.
    if let Ok(doc) = text.parse::<toml::Table>() {
        if !framework::toml_numbers::check_table(&doc, &label(&round_path), diags) {
            return None;
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
            return None;
        }
    };
    let spec = &file.round;
    for (key, year) in [
        ("round.baseline_year", spec.baseline_year),
        ("round.current_year", Some(spec.current_year)),
        ("round.target_year", spec.target_year),
    ] {
        let Some(year) = year else { continue };
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
        return None;
    }
    super::periods::check_order(spec, &label(&round_path), diags);
    let framework_path = match framework_override {
        Some(p) => p.to_path_buf(),
        None => dir.join(&spec.framework),
    };
    let (fw, fw_diags) = framework::load(&framework_path);
    diags.extend(fw_diags);
    if let Some(fw) = &fw {
        super::periods::check_framework(spec, fw, &label(&framework_path), diags);
    }
    let mut files = vec![round_path.clone(), framework_path.clone()];

    let clusters = &file.inputs.clusters;
    let mut registry_set_aside = Vec::new();
    let registry = match clusters.read_table(dir, &mut files, &registry_role(), diags) {
        Some(t) => {
            registry_set_aside.extend(t.set_aside.iter().cloned());
            read_registry(&t, clusters.optional(), diags)
        }
        None => Registry::default(),
    };
    if registry.is_empty() {
        diags.prerequisite_failed(
            crate::diag::prerequisite::REGISTRY,
            format!(
                "the registry {} could not be read",
                label(&dir.join(clusters.path()))
            ),
        );
    }

    Some(Head {
        file,
        framework_path,
        framework: fw,
        registry,
        registry_set_aside,
        files,
    })
}

/// The cluster id column, by which a registry's or a submission's header
/// is found.
fn cluster_key() -> Key {
    Key::new("cluster_id", "cluster_id (集群编号)", CLUSTER_ID)
}

/// The layout of the registry: a header with the cluster id column.
fn registry_role() -> Role {
    Role::keyed(vec![cluster_key()])
}

/// The layout of a submissions file: a header with the cluster id column;
/// a units row may name the framework's units, and a title row that states
/// a unit for the whole table is refused.
fn submissions_role(fw: Option<&Framework>) -> Role {
    Role {
        units: fw
            .map(|f| f.fields.iter().map(|x| x.unit.clone()).collect())
            .unwrap_or_default(),
        table_unit_matters: true,
        ..registry_role()
    }
}

/// Every group_mean policy must name a registry column that exists.
pub fn check_groups(round: &Round, diags: &mut Diagnostics) {
    let (fw, registry, fw_path) = (&round.framework, &round.registry, &round.framework_path);
    let Some(first) = registry.clusters.first() else {
        return;
    };
    for ind in &fw.indicators {
        if let Some(group) = ind.missing.group() {
            if first.group_value(group).is_none() {
                diags.push(
                    Diagnostic::error(
                        fw_path.display().to_string(),
                        format!(
                            "{} groups by {group:?}, which is not a registry column (track, city, promotion_org or an extra column)",
                            ind.missing.label().split('(').next().unwrap_or_default()
                        ),
                    )
                    .column(format!("indicator {}.group", ind.id)),
                );
            }
        }
    }
}

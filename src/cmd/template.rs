//! `template [--framework <file>] [--round <dir>] [--out <file>]
//! [--format csv|xlsx] [--force]`: the submission template an office sends
//! out (`cluster_eval::report::template` builds it).
//!
//! The format is the one asked, else XLSX when `--out` ends in `.xlsx`,
//! else CSV; an XLSX template needs `--out`, and a format that contradicts
//! the file's extension is refused (the ingest reads a file by its
//! extension). With `--round`, the round's framework (unless `--framework`
//! names another), years and registry fill one row per cluster and period;
//! round.toml, the framework and the registry must all read without error,
//! or every problem is printed and nothing is written (exit 1): never an
//! empty template. The file is written through a temporary name and a
//! rename, and an existing file is replaced only with `--force`.

use super::Outcome;
use cluster_eval::diag::{Diagnostics, Error, Severity};
use cluster_eval::framework;
use cluster_eval::ingest;
use cluster_eval::report::template::{self, Template};
use std::path::Path;

/// The form of the template.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Wide CSV, UTF-8 with a BOM.
    Csv,
    /// An Excel workbook with validation, protection and instructions.
    Xlsx,
}

/// What `template` was asked.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    pub framework: Option<&'a Path>,
    pub round: Option<&'a Path>,
    pub out: Option<&'a Path>,
    pub format: Option<Format>,
    pub force: bool,
}

/// The format to write: the one asked, else the output's extension's.
fn format_of(asked: Option<Format>, out: Option<&Path>) -> Result<Format, Error> {
    let ext = out
        .and_then(|p| p.extension())
        .map(|e| e.to_string_lossy().to_lowercase());
    let by_name = match ext.as_deref() {
        Some("xlsx") => Some(Format::Xlsx),
        Some("csv") => Some(Format::Csv),
        _ => None,
    };
    let format = asked.or(by_name).unwrap_or(Format::Csv);
    let Some(out) = out else {
        return match format {
            Format::Csv => Ok(format),
            Format::Xlsx => Err(Error::Rejected(
                "--format xlsx writes a workbook: give --out FILE.xlsx".into(),
            )),
        };
    };
    // The ingest reads a file by its extension: a template must be read
    // back as what it is.
    if by_name.is_some_and(|f| f != format) || (format == Format::Xlsx && by_name.is_none()) {
        return Err(Error::Rejected(format!(
            "--out {} does not end in .{}, the extension of --format {}: the ingest reads a file by its extension; name the file FILE.{}",
            out.display(),
            ext_of(format),
            ext_of(format),
            ext_of(format)
        )));
    }
    Ok(format)
}

fn ext_of(f: Format) -> &'static str {
    match f {
        Format::Csv => "csv",
        Format::Xlsx => "xlsx",
    }
}

pub fn execute(o: Options) -> Result<Outcome, Error> {
    let format = format_of(o.format, o.out)?;
    let mut diags = Diagnostics::default();
    let (fw, setup) = match o.round {
        Some(dir) => {
            let (setup, d) = ingest::load_setup(dir, o.framework);
            diags.extend(d);
            match setup {
                Some(s) if !diags.has_errors() => (s.framework.clone(), Some(s)),
                _ => return Err(refused(diags)),
            }
        }
        None => {
            let Some(path) = o.framework else {
                return Err(Error::Rejected(
                    "template needs --framework FILE, or --round DIR to use the round's framework"
                        .into(),
                ));
            };
            let (fw, d) = framework::load(path);
            diags.extend(d);
            match fw {
                Some(fw) if !diags.has_errors() => (fw, None),
                _ => return Err(refused(diags)),
            }
        }
    };
    for d in &diags.items {
        errln!("{d}");
    }
    let t = Template {
        framework: &fw,
        round: setup.as_ref().map(|s| (&s.spec, &s.registry)),
    };
    let bytes = match format {
        Format::Csv => t.csv()?,
        Format::Xlsx => t.xlsx()?,
    };
    match o.out {
        Some(path) => {
            template::save(path, &bytes, o.force)?;
            let rows = t.rows().len();
            match &setup {
                Some(s) => errln!(
                    "wrote {}: {} fields, {rows} rows ({} clusters x {} periods)",
                    path.display(),
                    fw.fields.len(),
                    s.registry.len(),
                    template::periods(&fw).len()
                ),
                None => errln!("wrote {}: {} fields", path.display(), fw.fields.len()),
            }
        }
        None => {
            use std::io::Write;
            std::io::stdout()
                .write_all(&bytes)
                .map_err(|e| Error::io("standard output", e))?;
        }
    }
    Ok(Outcome::Done)
}

/// The inputs had errors: each is printed, then the refusal (exit 1).
fn refused(mut diags: Diagnostics) -> Error {
    if diags.count(Severity::Error) == 0 {
        // Not expected (a setup is missing only after an error), but never
        // a refusal without a reason.
        diags.push(cluster_eval::diag::Diagnostic::error(
            "template",
            "the round or the framework could not be read",
        ));
    }
    Error::Invalid(diags)
}

//! Located problems (诊断): what every stage reports instead of failing fast.
//!
//! A `Diagnostic` names the file, the row as a spreadsheet numbers it, the
//! column, the offending value and what was expected. Stages collect them in a
//! `Diagnostics` list and keep going, so a user sees every problem at once;
//! the command fails at the end if any of them is an error. This module only
//! describes problems: it never prints, exits or decides what to do with them.

use serde::Serialize;
use std::fmt;

/// How serious a problem is. Errors stop `check` and `run`; warnings and
/// notes are reported and kept in the outputs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Note,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Note => "note",
        })
    }
}

/// Longest value or column name a diagnostic repeats, in characters: a
/// cell of a broken file can hold megabytes (an unterminated quote makes
/// the rest of the file one cell), and a message must stay readable.
pub const MAX_ECHO: usize = 120;

/// Longest message, in characters (the messages list headers or values).
pub const MAX_MESSAGE: usize = 1_000;

/// `text` cut to `max` characters, saying how much was left out.
pub fn cut(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        None => text.to_string(),
        Some((at, _)) => format!(
            "{}... ({} more characters)",
            &text[..at],
            text[at..].chars().count()
        ),
    }
}

/// One located problem.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    pub severity: Severity,
    /// File the problem is in (as given on the command line or in round.toml).
    pub file: String,
    /// 1-based row as a spreadsheet shows it (the header is row 1).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub row: Option<usize>,
    /// Column name, or the key path in a TOML file (e.g. `indicator[3].rule`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<String>,
    /// The offending value, as found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<String>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl Diagnostic {
    pub fn error(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            row: None,
            column: None,
            value: None,
            message: cut(&message.into(), MAX_MESSAGE),
        }
    }

    pub fn warning(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn note(file: impl Into<String>, message: impl Into<String>) -> Self {
        Diagnostic {
            severity: Severity::Note,
            ..Diagnostic::error(file, message)
        }
    }

    pub fn row(mut self, row: usize) -> Self {
        self.row = Some(row);
        self
    }

    /// The column (cut to `MAX_ECHO` characters).
    pub fn column(mut self, column: impl Into<String>) -> Self {
        self.column = Some(cut(&column.into(), MAX_ECHO));
        self
    }

    /// The offending value (cut to `MAX_ECHO` characters).
    pub fn value(mut self, value: impl Into<String>) -> Self {
        self.value = Some(cut(&value.into(), MAX_ECHO));
        self
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.severity, self.file)?;
        if let Some(row) = self.row {
            write!(f, ", row {row}")?;
        }
        if let Some(column) = &self.column {
            write!(f, ", column {column}")?;
        }
        if let Some(value) = &self.value {
            write!(f, ", value {value:?}")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// An ordered collection of problems from one or more stages.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    pub fn error_count(&self) -> usize {
        self.count(Severity::Error)
    }

    pub fn count(&self, severity: Severity) -> usize {
        self.items.iter().filter(|d| d.severity == severity).count()
    }

    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter().filter(|d| d.severity == Severity::Error)
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }
}

/// The library's error: a run that cannot go on. Problems found in the
/// inputs travel as `Invalid`, carrying every diagnostic collected.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("{} error(s) in the inputs", .0.error_count())]
    Invalid(Diagnostics),
    /// A request the inputs cannot answer: an unknown cluster, an output
    /// folder whose scores.json cannot be read as one.
    #[error("{0}")]
    Rejected(String),
    /// A file that is not the document it should be (a manifest, a
    /// scores.json).
    #[error("{path}: not a {expected}: {source}")]
    Document {
        path: String,
        expected: &'static str,
        #[source]
        source: serde_json::Error,
    },
    #[error("{path}: {source}")]
    Io {
        path: String,
        #[source]
        source: std::io::Error,
    },
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    #[error("XLSX: {0}")]
    Xlsx(#[from] rust_xlsxwriter::XlsxError),
    /// Anything else that kept the tool from doing its work.
    #[error("{0}")]
    Other(String),
}

impl Error {
    pub fn io(path: impl Into<String>, source: std::io::Error) -> Self {
        Error::Io {
            path: path.into(),
            source,
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

//! Located problems (诊断): what every stage reports instead of failing fast.
//!
//! A `Diagnostic` names the file, the row as a spreadsheet numbers it, the
//! column, the offending value and what was expected. Stages collect them in a
//! `Diagnostics` list and keep going, so a user sees every problem at once;
//! the command fails at the end if any of them is an error. This module only
//! describes problems: it never prints, exits or decides what to do with them.
//!
//! Knock-on errors (后果) are kept apart from their cause: a stage that
//! cannot read something others depend on (the registry, an indicator of
//! the framework, the reviewers) records it with
//! `Diagnostics::prerequisite_failed`; a later check that depends on it
//! asks `Diagnostics::failure` and either stays silent (one summary line
//! instead of one error per row) or marks its error with
//! `Diagnostic::consequence_of`, so a reader fixes the first problem and
//! the count says how many errors were only its consequences.

mod shown;

use serde::Serialize;
pub use shown::list_rows_zh;
use std::collections::BTreeMap;
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
    /// The same message in Chinese, for a report or `check` in Chinese
    /// (built at the site from the same parameters as `message`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message_zh: Option<String>,
    /// The earlier problem this one follows from (e.g. "clusters.csv could
    /// not be read"): fixing that one removes this one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub consequence_of: Option<String>,
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
            message_zh: None,
            consequence_of: None,
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

    /// The message in Chinese (cut to `MAX_MESSAGE` characters).
    pub fn zh(mut self, message: impl Into<String>) -> Self {
        self.message_zh = Some(cut(&message.into(), MAX_MESSAGE));
        self
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

    /// Mark the problem as a consequence of an earlier one, named by
    /// `cause` (as `Diagnostics::failure` gives it).
    pub fn consequence_of(mut self, cause: impl Into<String>) -> Self {
        self.consequence_of = Some(cut(&cause.into(), MAX_ECHO));
        self
    }

    /// Mark the problem as a consequence of the first failed prerequisite
    /// among `keys`, if any failed.
    pub fn after(self, diags: &Diagnostics, keys: &[&str]) -> Self {
        match keys.iter().find_map(|k| diags.failure(k)) {
            Some(cause) => {
                let cause = cause.to_string();
                self.consequence_of(cause)
            }
            None => self,
        }
    }

    pub fn is_consequence(&self) -> bool {
        self.consequence_of.is_some()
    }
}

/// "rows 5, 6, 9, 12, 20 and 7 more": at most `shown` row numbers of a
/// list, then how many were left out.
pub fn list_rows(rows: &[usize], total: usize, shown: usize) -> String {
    let listed: Vec<String> = rows.iter().take(shown).map(|r| r.to_string()).collect();
    let word = if total == 1 { "row" } else { "rows" };
    let more = total.saturating_sub(listed.len());
    if more > 0 {
        format!("{word} {} and {more} more", listed.join(", "))
    } else {
        format!("{word} {}", listed.join(", "))
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
        write!(f, ": {}", self.message)?;
        if let Some(cause) = &self.consequence_of {
            write!(f, " (consequence of: {cause})")?;
        }
        Ok(())
    }
}

/// The edit distance between two names (ids, keys), case-insensitively: insertions,
/// deletions, substitutions and swaps of two neighbouring characters each
/// count 1 (optimal string alignment distance).
pub fn edit_distance(a: &str, b: &str) -> usize {
    weighted_distance(a, b, |_, _| 2) / 2
}

/// Characters a clerk types for one another (the letter O for zero, l or I
/// for one): a slip between them costs half an edit.
const LOOK_ALIKE: &[(char, char)] = &[('o', '0'), ('l', '1'), ('i', '1'), ('s', '5'), ('z', '2')];

fn look_alike(x: char, y: char) -> bool {
    LOOK_ALIKE.contains(&(x, y)) || LOOK_ALIKE.contains(&(y, x))
}

/// The edit distance in half edits: every edit costs 2, but a substitution
/// costs `substitute(x, y)` (lower-cased characters).
fn weighted_distance(a: &str, b: &str, substitute: impl Fn(char, char) -> usize) -> usize {
    let a: Vec<char> = a.chars().flat_map(char::to_lowercase).collect();
    let b: Vec<char> = b.chars().flat_map(char::to_lowercase).collect();
    let width = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * width];
    let at = |i: usize, j: usize| i * width + j;
    for i in 0..=a.len() {
        d[at(i, 0)] = 2 * i;
    }
    for j in 0..=b.len() {
        d[at(0, j)] = 2 * j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let (x, y) = (a[i - 1], b[j - 1]);
            let cost = if x == y { 0 } else { substitute(x, y) };
            let mut best = (d[at(i - 1, j)] + 2)
                .min(d[at(i, j - 1)] + 2)
                .min(d[at(i - 1, j - 1)] + cost);
            if i > 1 && j > 1 && x == b[j - 2] && a[i - 2] == y {
                best = best.min(d[at(i - 2, j - 2)] + 2);
            }
            d[at(i, j)] = best;
        }
    }
    d[at(a.len(), b.len())]
}

/// The most ids a suggestion names.
pub const MAX_SUGGESTIONS: usize = 3;

/// How far a name may be from a known one to be suggested: a third of its
/// length, at least 1 and at most 2 (a short id two edits away from another
/// is any other id).
fn reach(id: &str) -> usize {
    (id.chars().count() / 3).clamp(1, 2)
}

/// The names among `known` nearest to `unknown` (case ignored), for a
/// "did you mean": those at the least edit distance (a look-alike slip,
/// O for 0, l for 1, counting half), within `reach` and not changed in
/// every character, in the order of `known`; at most `MAX_SUGGESTIONS`.
pub fn nearest<'a>(known: impl IntoIterator<Item = &'a str>, unknown: &str) -> Vec<&'a str> {
    let known: Vec<&'a str> = known.into_iter().collect();
    // A number whose leading zeros a spreadsheet dropped (id 01 typed in a
    // number cell shows 1): the ids that are it with leading zeros.
    if !unknown.is_empty() && unknown.chars().all(|c| c.is_ascii_digit()) {
        let padded: Vec<&'a str> = known
            .iter()
            .copied()
            .filter(|id| id.len() > unknown.len() && id.trim_start_matches('0') == unknown)
            .take(MAX_SUGGESTIONS)
            .collect();
        if !padded.is_empty() {
            return padded;
        }
    }
    let n = unknown.chars().count();
    let limit = reach(unknown);
    let half = |x: char, y: char| if look_alike(x, y) { 1 } else { 2 };
    let mut near: Vec<(usize, usize, &str)> = known
        .into_iter()
        .enumerate()
        .filter(|(_, id)| id.chars().count().abs_diff(n) <= limit)
        .map(|(k, id)| (weighted_distance(unknown, id, half), k, id))
        // Within reach, and not every character changed ("Z" is not near
        // "A"); a look-alike slip is nearer than another edit.
        .filter(|&(d, _, id)| d <= 2 * limit && d < 2 * n.min(id.chars().count()))
        .collect();
    near.sort_unstable();
    let best = near.first().map_or(0, |x| x.0);
    near.into_iter()
        .take_while(|x| x.0 == best)
        .take(MAX_SUGGESTIONS)
        .map(|(_, _, id)| id)
        .collect()
}

/// "; did you mean growth?" for a name not among `known`, or nothing when
/// none is near.
pub fn did_you_mean<'a>(known: impl IntoIterator<Item = &'a str>, unknown: &str) -> String {
    let near = nearest(known, unknown);
    if near.is_empty() {
        String::new()
    } else {
        format!("; did you mean {}?", near.join(", "))
    }
}

/// An ordered collection of problems from one or more stages, with the
/// prerequisites that failed (what later checks must not repeat).
#[derive(Debug, Clone, Default, Serialize)]
pub struct Diagnostics {
    pub items: Vec<Diagnostic>,
    /// Failed prerequisites by key (`registry`, `indicator revenue_cagr`,
    /// `reviewers`), each with the words that name its cause.
    #[serde(skip)]
    failed: BTreeMap<String, String>,
}

/// Keys of prerequisites more than one stage depends on.
pub mod prerequisite {
    /// The cluster registry could not be read: no id can be checked.
    pub const REGISTRY: &str = "registry";
    /// reviewers.csv could not be read: no reviewer can be checked.
    pub const REVIEWERS: &str = "reviewers";
    /// The key of a framework entry (`indicator revenue_cagr`, `field
    /// revenue`, `node industrial`) left out because it was in error.
    pub fn entry(kind: &str, id: &str) -> String {
        format!("{kind} {id}")
    }
}

impl Diagnostics {
    pub fn new(items: Vec<Diagnostic>) -> Self {
        Diagnostics {
            items,
            failed: BTreeMap::new(),
        }
    }

    pub fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
        for (k, v) in other.failed {
            self.failed.entry(k).or_insert(v);
        }
    }

    /// Record that `key` could not be read or resolved, because of
    /// `cause` (words a reader can find the first error by, e.g.
    /// "clusters.csv could not be read"). The first cause recorded stays.
    pub fn prerequisite_failed(&mut self, key: impl Into<String>, cause: impl Into<String>) {
        self.failed
            .entry(key.into())
            .or_insert_with(|| cause.into());
    }

    /// Why `key` failed, if it did.
    pub fn failure(&self, key: &str) -> Option<&str> {
        self.failed.get(key).map(|s| s.as_str())
    }

    /// How many errors are consequences of another.
    pub fn consequence_count(&self) -> usize {
        self.errors().filter(|d| d.is_consequence()).count()
    }

    /// The problems in reading order: by file (in the order files first
    /// appear), then by row; a problem without a row goes after the rows of
    /// its file found before it (a summary after the rows it sums up, a
    /// file's own problems first); otherwise in the order found.
    pub fn in_reading_order(&self) -> Vec<&Diagnostic> {
        let mut files: Vec<&str> = Vec::new();
        let mut last_row: Vec<usize> = Vec::new();
        let mut keyed: Vec<((usize, usize), &Diagnostic)> = Vec::with_capacity(self.items.len());
        for d in &self.items {
            let file = match files.iter().position(|f| *f == d.file) {
                Some(k) => k,
                None => {
                    files.push(&d.file);
                    last_row.push(0);
                    files.len() - 1
                }
            };
            if let Some(r) = d.row {
                last_row[file] = last_row[file].max(r);
            }
            keyed.push(((file, d.row.unwrap_or(last_row[file])), d));
        }
        keyed.sort_by_key(|(k, _)| *k);
        keyed.into_iter().map(|(_, d)| d).collect()
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn distances_count_edits_and_swaps() {
        // Worked by hand: one substitution, one swap, one insertion, case.
        assert_eq!(edit_distance("WJ5O", "WJ50"), 1);
        assert_eq!(edit_distance("WJ05", "WJ50"), 1);
        assert_eq!(edit_distance("WJ5", "WJ05"), 1);
        assert_eq!(edit_distance("wj05", "WJ05"), 0);
        assert_eq!(edit_distance("C01", "C30"), 2);
        assert_eq!(edit_distance("", "C01"), 3);
        assert_eq!(edit_distance("abcd", "badc"), 2);
    }

    #[test]
    fn a_look_alike_slip_is_nearest() {
        // WJ5O: WJ50 (O for 0, half an edit) before WJ55 (O for 5).
        assert_eq!(nearest(["WJ05", "WJ55", "WJ50"], "WJ5O"), vec!["WJ50"]);
        assert_eq!(nearest(["HB10", "HB11"], "HB1O"), vec!["HB10"]);
        assert_eq!(nearest(["C01", "C11", "C21"], "Cl1"), vec!["C11"]);
    }

    #[test]
    fn nearest_names_only() {
        let rules = ["minmax", "zscore", "growth", "bands"];
        assert_eq!(nearest(rules, "growht"), vec!["growth"]);
        assert_eq!(did_you_mean(rules, "MinMax"), "; did you mean minmax?");
        assert_eq!(did_you_mean(rules, "median"), "");
    }

    #[test]
    fn a_number_that_lost_its_leading_zeros_finds_its_id() {
        let ids = ["01", "02", "10", "001"];
        assert_eq!(nearest(ids, "1"), vec!["01", "001"]);
        assert_eq!(did_you_mean(ids, "2"), "; did you mean 02?");
        // Not a dropped zero: the edit distance as usual.
        assert_eq!(nearest(ids, "11"), vec!["01", "10"]);
    }

    #[test]
    fn summaries_stay_after_their_rows() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("b.csv", "x").row(9));
        d.push(Diagnostic::warning("a.csv", "encoding"));
        d.push(Diagnostic::error("a.csv", "y").row(7));
        d.push(Diagnostic::error("a.csv", "z").row(3));
        d.push(Diagnostic::error("a.csv", "and 5 more"));
        d.push(Diagnostic::error("b.csv", "w").row(2));
        let order: Vec<&str> = d
            .in_reading_order()
            .iter()
            .map(|d| d.message.as_str())
            .collect();
        assert_eq!(order, ["w", "x", "encoding", "z", "y", "and 5 more"]);
    }

    #[test]
    fn consequences_are_marked_and_counted() {
        let mut d = Diagnostics::default();
        d.push(Diagnostic::error("c.csv", "cannot read"));
        d.prerequisite_failed(prerequisite::REGISTRY, "c.csv could not be read");
        d.prerequisite_failed(prerequisite::REGISTRY, "a later cause");
        let e =
            Diagnostic::error("i.csv", "3 rows not checked").after(&d, &[prerequisite::REGISTRY]);
        assert_eq!(
            e.to_string(),
            "error: i.csv: 3 rows not checked (consequence of: c.csv could not be read)"
        );
        d.push(e);
        d.push(Diagnostic::error("i.csv", "other").after(&d, &["indicator x"]));
        assert_eq!(d.error_count(), 3);
        assert_eq!(d.consequence_count(), 1);
    }
}

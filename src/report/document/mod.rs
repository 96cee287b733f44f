//! The published documents: report.pdf and report.docx, the public report
//! and the 公示 notice of a round, in the run's language, made by the tool
//! itself (no browser, no office suite, no font of the machine).
//!
//! `content` builds one `Document` from the result — the cover block
//! (round, issuing office, date, the result in one paragraph), the notice,
//! the method and the results table (a competition's decisions, a
//! mid-term's grades and outcomes, or the indicator ranking), with the
//! table cells taken from the same table model as the CSV files, so the
//! documents' numbers are decisions.csv's and ranking.csv's; in a round
//! with a process, the rectification list follows (`rectify`, the same
//! section as the reports'); a run that supersedes another opens with its
//! change log and a round with a history has its movement since the
//! previous round (`history`). Nothing of the
//! panels is in it (no reviewer, no per-reviewer score, no conflict): the
//! documents are public.
//!
//! Two writers format the one document: `pdf` lays it out with typst as a
//! library (the document's text goes to typst as JSON data, never as
//! markup, so no name can be read as a command) and embeds the font of
//! `fonts/` (a subset of Noto Sans CJK SC, SIL OFL, made by
//! `fonts/make_subset.py`); `docx` writes WordprocessingML (headings in
//! Word's heading styles, real tables with a repeated header row) into a
//! zip with fixed timestamps. Both are deterministic: the same result gives
//! the same bytes on every machine. A character of the text that the font
//! lacks is a warning naming where it is and which character (it would
//! print as an empty box); no system font is ever used.

mod content;
mod docx;
mod history;
mod pdf;
mod rectify;

pub(crate) use pdf::missing_glyphs;

use super::msg::Lang;
use crate::audit::RoundResult;
use crate::diag::{Diagnostic, Result};
use serde::Serialize;

/// A table of the document: header, per-column alignment and width, rows
/// of display text.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct DocTable {
    pub header: Vec<String>,
    /// Numbers are right-aligned.
    pub right: Vec<bool>,
    /// The column that takes the remaining width (the name).
    pub wide: Vec<bool>,
    pub rows: Vec<Vec<String>>,
}

/// A block of the document, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Block {
    /// The document's title (the round's name), centred.
    Title {
        text: String,
    },
    /// A centred line under the title.
    Line {
        text: String,
    },
    Heading {
        level: u8,
        text: String,
    },
    Para {
        text: String,
    },
    Table(DocTable),
}

/// The document both writers format.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Document {
    pub lang: &'static str,
    /// The round's name: the title and the running header.
    pub title: String,
    /// The issuing office ("" when round.toml names none).
    pub office: String,
    /// The publication date as shown ("" when round.toml gives none).
    pub date: String,
    /// The footer's "第 N 页 共 M 页" around the two numbers: before N,
    /// between, after M.
    pub page: [String; 3],
    pub blocks: Vec<Block>,
}

/// The two documents of a run and the warnings of their text (characters
/// the embedded font lacks).
pub struct Documents {
    pub pdf: Vec<u8>,
    pub docx: Vec<u8>,
    pub warnings: Vec<Diagnostic>,
}

/// report.pdf and report.docx of a result, in `lang`.
pub fn documents(result: &RoundResult, lang: Lang) -> Result<Documents> {
    let doc = content::document(result, lang);
    let warnings = missing_glyphs(&content::sources(result, lang));
    Ok(Documents {
        pdf: pdf::pdf(&doc, &result.round.id)?,
        docx: docx::docx(&doc)?,
        warnings,
    })
}

/// The warnings of the documents' text alone (what `documents` returns
/// with them), for a caller that does not render.
pub fn warnings(result: &RoundResult, lang: Lang) -> Vec<Diagnostic> {
    missing_glyphs(&content::sources(result, lang))
}

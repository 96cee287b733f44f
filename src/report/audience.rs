//! Who a run's outputs are for: `internal` (everything, the default) or
//! `public` (what an evaluation office publishes: the ranking or the
//! selected list, grades and outcomes, the decisions with their public
//! reasons, the method summary).
//!
//! A public run shows nothing about the reviewers: no reviewer id, name,
//! employer or city, no per-reviewer score, no conflict of interest and no
//! panel diagnostic (Kendall's W, severity, scores far from the panel).
//! Two things decide it, here and in `outputs`: which files and workbook
//! sheets a public run writes (`TableKind::public`, in `outputs`, beside
//! the list of files), and `view`, the result a public run renders: the
//! same result without the panels' per-reviewer data and without the
//! diagnostics that name a reviewer. Every renderer (Markdown, HTML,
//! JSON, workbook) then shows only what that result holds, so nothing is
//! removed after it was written. A stage's panel score in decisions.csv is
//! the panel's consensus (one number per cluster, not per reviewer) and
//! stays: it is part of the published stage score.

use crate::audit::RoundResult;
use std::borrow::Cow;

/// Who the outputs are for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Audience {
    /// Everything (the evaluation office's own files).
    #[default]
    Internal,
    /// What the office publishes: no reviewer data.
    Public,
}

impl Audience {
    pub fn as_str(self) -> &'static str {
        match self {
            Audience::Internal => "internal",
            Audience::Public => "public",
        }
    }

    pub fn parse(s: &str) -> Option<Audience> {
        match s {
            "internal" => Some(Audience::Internal),
            "public" => Some(Audience::Public),
            _ => None,
        }
    }
}

/// The result the audience's outputs render: the result itself for
/// `internal`; for `public`, a copy without the panels' per-reviewer
/// scores, the review flags, the reviewer diagnostics and the panel
/// agreement, and without the diagnostics that name a reviewer (by id,
/// name or employer).
pub fn view(r: &RoundResult, audience: Audience) -> Cow<'_, RoundResult> {
    if audience == Audience::Internal {
        return Cow::Borrowed(r);
    }
    let mut public = r.clone();
    if let Some(p) = public.process.as_mut() {
        let words = reviewer_words(p);
        p.panels.clear();
        p.review_flags.clear();
        p.reviewers.clear();
        p.agreement.clear();
        public.diagnostics.retain(|d| {
            let texts = [
                Some(d.file.as_str()),
                d.column.as_deref(),
                d.value.as_deref(),
                Some(d.message.as_str()),
                d.consequence_of.as_deref(),
            ];
            !texts
                .into_iter()
                .flatten()
                .any(|t| words.iter().any(|w| names_word(t, w)))
        });
    }
    Cow::Owned(public)
}

/// The ids, names and employers of the reviewers.
fn reviewer_words(p: &crate::audit::ProcessView) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    let ids = p.reviewers.iter().map(|r| &r.reviewer);
    let flagged = p.review_flags.iter().map(|f| &f.reviewer);
    let scored = p.panels.iter().flat_map(|row| {
        row.used
            .iter()
            .map(|(id, _)| id)
            .chain(row.excluded.iter().map(|(id, _, _)| id))
    });
    for id in ids.chain(flagged).chain(scored) {
        words.push(id.clone());
    }
    for r in &p.reviewers {
        words.push(r.name.clone());
        words.push(r.employer.clone());
    }
    words.retain(|w| !w.trim().is_empty());
    words.sort();
    words.dedup();
    words
}

/// Whether `text` holds `word` not as part of a longer id (`R1` is not
/// named by `R12`; a name in Chinese is named wherever it occurs).
fn names_word(text: &str, word: &str) -> bool {
    let is_id_char = |c: char| c.is_ascii_alphanumeric() || c == '_' || c == '-';
    text.match_indices(word).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + word.len()..].chars().next();
        let edge = |c: Option<char>, w: Option<char>| match (c, w) {
            (Some(c), Some(w)) => !(is_id_char(c) && is_id_char(w)),
            _ => true,
        };
        edge(before, word.chars().next()) && edge(after, word.chars().next_back())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audiences_round_trip() {
        for a in [Audience::Internal, Audience::Public] {
            assert_eq!(Audience::parse(a.as_str()), Some(a));
        }
        assert_eq!(Audience::parse("everyone"), None);
        assert_eq!(Audience::default(), Audience::Internal);
    }

    #[test]
    fn a_word_is_named_only_as_a_whole_id() {
        assert!(names_word("reviewer R1 for C10", "R1"));
        assert!(names_word("R1/C10", "R1"));
        assert!(!names_word("reviewer R12 for C10", "R1"));
        assert!(!names_word("XR1", "R1"));
        assert!(names_word("专家马书瑶回避", "马书瑶"));
        assert!(!names_word("nothing here", "R1"));
    }
}

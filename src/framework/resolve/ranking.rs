//! `[[grade]]` and `[ranking]`: grade cut-offs, the tie-break chain and the
//! precision totals are compared at.
//!
//! Grades are sorted from the highest cut-off down; every tie-break key must
//! name a node, an indicator or an indicator's value; the precision must be a
//! number of decimals an `f64` total can carry. These are checked even when
//! the hierarchy is unusable, so that a user sees their problems at once.

use super::super::raw::{RawGrade, RawRanking};
use super::super::{parse_tie_key, tie_key_entries, Grade, Indicator, TieKey};
use super::Resolver;
use crate::diag::Diagnostic;
use std::collections::BTreeMap;

/// Totals are compared, ranked and graded at this many decimals unless
/// `[ranking] decimals` says otherwise.
const DEFAULT_DECIMALS: u32 = 6;

/// The most decimals `[ranking] decimals` may ask for: an `f64` carries 15
/// to 16 significant digits, which leaves twelve after the point for totals
/// of up to a few hundred points.
const MAX_DECIMALS: u32 = 12;

/// The decimals scores are shown with when `[report] decimals` is not set.
const DEFAULT_DISPLAY_DECIMALS: u32 = 2;

/// The most decimals a report shows.
const MAX_DISPLAY_DECIMALS: u32 = 6;

/// Grades, tie-break chain and precision, resolved.
pub(super) struct Ranking {
    pub grades: Vec<Grade>,
    pub tie_break: Vec<TieKey>,
    pub decimals: u32,
}

impl Resolver {
    /// The grades, then the tie-break chain against the nodes and
    /// indicators resolved so far, then the precision.
    pub(super) fn resolve_ranking(
        &mut self,
        grades: Vec<(String, RawGrade)>,
        ranking: &RawRanking,
        node_index: &BTreeMap<String, usize>,
        indicators: &[Indicator],
    ) -> Ranking {
        Ranking {
            grades: self.resolve_grades(grades),
            tie_break: self.resolve_tie_break(&ranking.tie_break, node_index, indicators),
            decimals: self.decimals(ranking.decimals),
        }
    }

    fn resolve_grades(&mut self, raw: Vec<(String, RawGrade)>) -> Vec<Grade> {
        let mut grades: Vec<Grade> = Vec::new();
        for (path, g) in raw {
            if grades.iter().any(|x| x.id == g.id) {
                self.err_v(format!("{path}.id"), &g.id, "duplicate grade id");
                continue;
            }
            if !g.min.is_finite() {
                self.err(format!("{path}.min"), "must be a number");
                continue;
            }
            grades.push(Grade {
                name_zh: g.name_zh.unwrap_or_else(|| g.id.clone()),
                name_en: g.name_en.unwrap_or_else(|| g.id.clone()),
                id: g.id,
                min: g.min,
            });
        }
        grades.sort_by(|a, b| b.min.total_cmp(&a.min));
        grades
    }

    fn resolve_tie_break(
        &mut self,
        keys: &[String],
        node_index: &BTreeMap<String, usize>,
        inds: &[Indicator],
    ) -> Vec<TieKey> {
        let mut out = Vec::new();
        for (i, k) in keys.iter().enumerate() {
            let key = parse_tie_key(
                k,
                |id| node_index.get(id).copied(),
                |id| inds.iter().position(|x| x.id == id),
            );
            match key {
                Some(key) => out.push(key),
                None => {
                    let d = Diagnostic::error(
                        &self.file,
                        "unknown tie-break key; expected a node id, an indicator id, or value:<indicator id>",
                    )
                    .column(format!("ranking.tie_break[{}]", i + 1))
                    .value(k)
                    .after(&self.diags, &tie_key_entries(k).each_ref().map(|s| s.as_str()));
                    self.diags.push(d);
                }
            }
        }
        out
    }

    /// `[report] decimals`: from 0 to [`MAX_DISPLAY_DECIMALS`], default 2;
    /// a value out of range is reported and clamped.
    pub(super) fn display_decimals(&mut self, decimals: Option<i64>) -> u32 {
        match decimals {
            None => DEFAULT_DISPLAY_DECIMALS,
            Some(d) if (0..=i64::from(MAX_DISPLAY_DECIMALS)).contains(&d) => d as u32,
            Some(d) => {
                self.err_v(
                    "report.decimals",
                    d.to_string(),
                    format!(
                        "out of range; expected a whole number of decimals from 0 to {MAX_DISPLAY_DECIMALS} (scores are shown in the reports at this precision)"
                    ),
                );
                d.clamp(0, i64::from(MAX_DISPLAY_DECIMALS)) as u32
            }
        }
    }

    /// `[ranking] decimals`, from 0 to [`MAX_DECIMALS`]; a value out of
    /// range is reported and clamped so that the rest can still be checked.
    fn decimals(&mut self, decimals: Option<i64>) -> u32 {
        match decimals {
            None => DEFAULT_DECIMALS,
            Some(d) if (0..=i64::from(MAX_DECIMALS)).contains(&d) => d as u32,
            Some(d) => {
                self.err_v(
                    "ranking.decimals",
                    d.to_string(),
                    format!(
                        "out of range; expected a whole number of decimals from 0 to {MAX_DECIMALS} (totals are compared, ranked and graded at this precision)"
                    ),
                );
                d.clamp(0, i64::from(MAX_DECIMALS)) as u32
            }
        }
    }
}

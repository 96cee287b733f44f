//! From the raw file to a checked `Framework`.
//!
//! Reads the TOML text, checks every section and entry, and reports every
//! problem with the file and the key path (`indicator[4].bands`), never just
//! the first. Returns the framework when its structure is usable even if
//! some problems were found (so `check` can still validate a round against
//! it), together with the problems; the caller decides whether to go on.
//!
//! `Resolver::resolve` is the list of passes, in the order their problems
//! are reported; each pass lives in its own file:
//!
//! - `sections`: the TOML text, every section's keys and entries, and the
//!   single tables `[framework]`, `[treatment]`, `[screening]`;
//! - `roster`: `[roster]` and the derivation of roster fields;
//! - `fields`: `[[field]]`;
//! - `hierarchy`: `[[node]]` ids, parents, cycles and depths;
//! - `indicator`: `[[indicator]]`, with `rule` for the scoring rules;
//! - `weighting`: `[[weighting]]` (entropy, CRITIC, AHP, combined);
//! - `points`: every node's points shared among its children;
//! - `ranking`: `[[grade]]`, the tie-break chain and the precision;
//! - `quality`: `[quality]` and the `[[consistency]]` rules between fields;
//! - `plausible`: `[whatif]` and each field's plausible range
//!   (`max_change`, `lower`, `upper`).

use super::raw::WEIGHTING_KEYS;
use super::toml_numbers;
use super::Framework;
use crate::diag::{Diagnostic, Diagnostics};
use std::path::Path;

mod fields;
mod hierarchy;
mod indicator;
mod plausible;
mod points;
mod quality;
mod ranking;
mod roster;
mod rule;
mod sections;
mod weighting;

/// Load and resolve a framework file. `Ok((None, problems))` means the
/// structure itself is unusable; otherwise the framework comes with any
/// problems found (errors included).
pub fn load(path: &Path) -> (Option<Framework>, Diagnostics) {
    let label = path.display().to_string();
    let text = match std::fs::read(path) {
        Ok(bytes) => {
            String::from_utf8(bytes).map_err(|_| "the indicator file is not UTF-8 text".to_string())
        }
        Err(e) => Err(format!("cannot read the indicator file: {e}")),
    };
    match text {
        Ok(text) => parse(&text, &label),
        Err(message) => {
            let mut d = Diagnostics::default();
            d.push(Diagnostic::error(&label, message));
            (None, d)
        }
    }
}

/// The most `[[node]]` entries an indicator system may have.
pub const MAX_NODES: usize = 1_000;
/// The most `[[indicator]]` entries an indicator system may have.
pub const MAX_INDICATORS: usize = 5_000;

/// Resolve framework text; `file` is used in the diagnostics.
pub fn parse(text: &str, file: &str) -> (Option<Framework>, Diagnostics) {
    let mut r = Resolver {
        file: file.to_string(),
        diags: Diagnostics::default(),
        dangling: Vec::new(),
    };
    let fw = r.resolve(text);
    (fw, r.diags)
}

/// One resolution of one file: the passes add their problems to `diags`.
struct Resolver {
    file: String,
    diags: Diagnostics,
    /// Parents named that no node has: key path and the id named.
    dangling: Vec<(String, String)>,
}

impl Resolver {
    fn err(&mut self, key: impl Into<String>, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(&self.file, msg).column(key));
    }

    fn err_v(&mut self, key: impl Into<String>, value: impl Into<String>, msg: impl Into<String>) {
        self.diags
            .push(Diagnostic::error(&self.file, msg).column(key).value(value));
    }

    /// A warning at `key`, in English (`msg`) and Chinese (`zh`).
    fn warn(&mut self, key: impl Into<String>, msg: impl Into<String>, zh: impl Into<String>) {
        self.diags
            .push(Diagnostic::warning(&self.file, msg).zh(zh).column(key));
    }

    /// The passes, in the order their problems are reported.
    fn resolve(&mut self, text: &str) -> Option<Framework> {
        let doc = self.parse_toml(text)?;
        // A nan or 1e308 would reach every later pass as a bound or a
        // weight: stop here, with each one located.
        if !toml_numbers::check_table(&doc, &self.file, &mut self.diags) {
            return None;
        }
        let s = self.read_sections(&doc);
        // A hierarchy no evaluation has (thousands of nodes) would only
        // make every report unreadable or unwritable: stop here.
        for (key, count, max) in [
            ("node", s.nodes.len(), MAX_NODES),
            ("indicator", s.indicators.len(), MAX_INDICATORS),
        ] {
            if count > max {
                self.err_v(
                    key,
                    count.to_string(),
                    format!("too many entries: expected at most {max}"),
                );
                return None;
            }
        }
        let header = self.resolve_header(&s.header);
        let fields = self.resolve_fields(s.fields, &s.roster);
        let quality = self.resolve_quality(&doc, text, &fields);
        let whatif = self.resolve_whatif(&doc);
        self.claim_ids(&s.nodes, &s.indicators);
        let mut tree = self.resolve_nodes(&s.nodes, &header);
        let cx = indicator::Context::new(&fields, &header.default_missing, s.treatment);
        self.resolve_indicators(&mut tree, &s.indicators, &cx);
        if !tree.usable {
            // The hierarchy is unusable: points cannot be checked, but the
            // grades and the tie-break chain still can.
            self.resolve_ranking(s.grades, &s.ranking, &tree.index, &tree.indicators);
            return None;
        }
        tree.set_depths();
        let raw_weightings = self.entries(&doc, "weighting", WEIGHTING_KEYS);
        let mut weightings =
            self.resolve_weightings(&raw_weightings, &tree.index, &tree.nodes, &tree.indicators);
        self.distribute(&mut tree, &mut weightings);
        self.check_childless(&tree);
        self.check_row_mean(&tree);
        let ranking = self.resolve_ranking(s.grades, &s.ranking, &tree.index, &tree.indicators);
        let id = s.header.id.clone().unwrap_or_else(|| {
            self.err("framework.id", "missing framework id");
            String::new()
        });
        Some(Framework {
            id,
            version: s.header.version.unwrap_or_else(|| "unversioned".into()),
            name_zh: s.header.name_zh.unwrap_or_default(),
            name_en: s.header.name_en.unwrap_or_default(),
            source: self.file.clone(),
            total_points: header.total_points,
            fields,
            nodes: tree.nodes,
            indicators: tree.indicators,
            grades: ranking.grades,
            tie_break: ranking.tie_break,
            decimals: ranking.decimals,
            display_decimals: self.display_decimals(s.report.decimals),
            screening: s.screening,
            roster: s.roster,
            weightings,
            quality,
            whatif,
        })
    }
}

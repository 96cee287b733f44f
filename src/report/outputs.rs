//! The one list of what a run writes: every output file in order, which
//! table each CSV file and workbook sheet holds, and which files appear
//! only when the round has something to put in them.
//!
//! Adding a table means adding a `TableKind`, its source, and its place in
//! `RUN` and (when it has one) `SHEETS`; the renderer, the workbook and the
//! removal of stale files all follow from these lists.

use super::audience::Audience;
use super::msg::Msg;
use super::table::Table;
use super::tables::{analysis, process, quality, rectify, result, roster};
use super::xlsx::Sheet;
use crate::audit::{ProcessView, RosterView, RoundResult};

/// A data table of the exports.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TableKind {
    Ranking,
    /// Every node's subtotal: a workbook sheet only.
    Dimensions,
    Trace,
    Decisions,
    PanelScores,
    ReviewFlags,
    Reviewers,
    PanelAgreement,
    Progress,
    /// The rectification list (whatif.csv).
    Rectification,
    RosterAudit,
    RosterClusters,
    RosterDuplicates,
    Rejections,
    DataQuality,
    Weights,
    Methods,
    MethodAgreement,
    Robustness,
    /// robustness_pairwise.csv: the top clusters two by two.
    RobustnessPairwise,
    Sensitivity,
}

/// Where a table comes from.
enum Source {
    /// Every result has it.
    Always(fn(&RoundResult) -> Table),
    /// Only a result with something to put in it (otherwise the file is not
    /// written and a stale copy from an earlier run is removed).
    WhenAny(fn(&RoundResult) -> Option<Table>),
}

/// One file of a run.
#[derive(Debug, Clone, Copy)]
pub enum Output {
    /// CSV files of tables, in this order.
    Tables(&'static [TableKind]),
    /// scores.json: the whole result.
    Json,
    /// report.md.
    Markdown,
    /// report.html.
    Html,
    /// report.xlsx: the `SHEETS`.
    Workbook,
    /// summary.html: the one-page summary for leadership.
    Summary,
    /// report.pdf and report.docx: the public report and the 公示 notice
    /// (unless round.toml's `[report] documents = false`).
    Documents,
}

/// The files of `Output::Documents`.
pub const DOCUMENTS: &[&str] = &["report.pdf", "report.docx"];

use TableKind::*;

/// The files of a run, in the order they are rendered and listed.
pub const RUN: &[Output] = &[
    Output::Tables(&[Ranking, Trace]),
    Output::Json,
    Output::Markdown,
    Output::Tables(&[
        Decisions,
        PanelScores,
        ReviewFlags,
        Reviewers,
        PanelAgreement,
        Progress,
    ]),
    Output::Tables(&[Rectification]),
    Output::Tables(ROSTER),
    Output::Tables(&[Rejections, DataQuality]),
    Output::Tables(ANALYSIS),
    Output::Html,
    Output::Workbook,
    Output::Summary,
    Output::Documents,
];

/// The `roster` command's file of derived figures (not a run's).
pub const ROSTER_DERIVED: &str = "roster_derived.csv";

/// The roster audit tables (also the `roster` command's).
pub const ROSTER: &[TableKind] = &[RosterAudit, RosterClusters, RosterDuplicates];

/// The weights, method comparison and robustness tables (also the
/// `sensitivity` command's).
pub const ANALYSIS: &[TableKind] = &[
    Weights,
    Methods,
    MethodAgreement,
    Robustness,
    RobustnessPairwise,
    Sensitivity,
];

const fn sheet(name: Msg, frozen: u16) -> Sheet {
    Sheet { name, frozen }
}

/// The workbook's sheets, in order, with the columns kept in view.
pub const SHEETS: &[(TableKind, Sheet)] = &[
    (Ranking, sheet(Msg::Ranking, 2)),
    (Dimensions, sheet(Msg::SheetDimensions, 2)),
    (Trace, sheet(Msg::Trace, 3)),
    (Decisions, sheet(Msg::Decisions, 2)),
    (Progress, sheet(Msg::SheetProgress, 2)),
    (Rectification, sheet(Msg::SheetRectification, 2)),
    (RosterClusters, sheet(Msg::SheetRosters, 1)),
    (RosterAudit, sheet(Msg::SheetDeclared, 2)),
    (Reviewers, sheet(Msg::Reviewers, 2)),
    (Weights, sheet(Msg::Weights, 4)),
    (Methods, sheet(Msg::SheetMethods, 1)),
    (Robustness, sheet(Msg::SheetRobustness, 1)),
    (Sensitivity, sheet(Msg::SheetSensitivity, 1)),
    (Rejections, sheet(Msg::SheetRejections, 0)),
    (DataQuality, sheet(Msg::SheetDataQuality, 3)),
    (PanelAgreement, sheet(Msg::SheetAgreement, 2)),
];

/// A list, when it has anything in it.
fn any<T>(items: &[T]) -> Option<&[T]> {
    (!items.is_empty()).then_some(items)
}

/// The process, when it scored panels.
fn panels(r: &RoundResult) -> Option<&ProcessView> {
    r.process.as_ref().filter(|p| !p.panels.is_empty())
}

impl TableKind {
    /// The CSV file of the table (None: a workbook sheet only).
    pub fn file(self) -> Option<&'static str> {
        Some(match self {
            Ranking => "ranking.csv",
            Dimensions => return None,
            Trace => "trace.csv",
            Decisions => "decisions.csv",
            PanelScores => "panel_scores.csv",
            ReviewFlags => "review_flags.csv",
            Reviewers => "reviewer_diagnostics.csv",
            PanelAgreement => "panel_agreement.csv",
            Progress => "progress.csv",
            Rectification => "whatif.csv",
            RosterAudit => "roster_audit.csv",
            RosterClusters => "roster_clusters.csv",
            RosterDuplicates => "roster_duplicates.csv",
            Rejections => "rejections.csv",
            DataQuality => "data_quality.csv",
            Weights => "weights.csv",
            Methods => "methods.csv",
            MethodAgreement => "method_agreement.csv",
            Robustness => "robustness.csv",
            RobustnessPairwise => "robustness_pairwise.csv",
            Sensitivity => "sensitivity.csv",
        })
    }

    fn source(self) -> Source {
        use Source::{Always, WhenAny};
        match self {
            Ranking => Always(result::ranking),
            Dimensions => Always(result::dimensions),
            Trace => Always(result::trace),
            Decisions => WhenAny(|r| r.process.as_ref().map(process::decisions)),
            PanelScores => WhenAny(|r| panels(r).map(process::panel_scores)),
            ReviewFlags => WhenAny(|r| panels(r).map(process::review_flags)),
            Reviewers => WhenAny(|r| panels(r).map(process::reviewers)),
            PanelAgreement => WhenAny(|r| panels(r).map(process::agreement)),
            Progress => WhenAny(|r| any(&r.progress).map(roster::progress)),
            Rectification => WhenAny(|r| any(&r.rectification).map(rectify::whatif)),
            RosterAudit => WhenAny(|r| r.roster.as_ref().map(roster::audit)),
            RosterClusters => WhenAny(|r| r.roster.as_ref().map(roster::clusters)),
            RosterDuplicates => WhenAny(|r| r.roster.as_ref().and_then(roster::duplicates)),
            Rejections => WhenAny(|r| any(&r.rejections).map(result::rejections)),
            DataQuality => Always(quality::data_quality),
            Weights => Always(|r| analysis::weights(&r.weights)),
            Methods => WhenAny(|r| r.methods.as_ref().map(analysis::methods)),
            MethodAgreement => WhenAny(|r| r.methods.as_ref().map(analysis::method_agreement)),
            Robustness => WhenAny(|r| r.robustness.as_ref().map(analysis::robustness)),
            RobustnessPairwise => WhenAny(|r| {
                r.robustness
                    .as_ref()
                    .filter(|rb| !rb.pairwise.pairs.is_empty())
                    .map(analysis::pairwise)
            }),
            Sensitivity => WhenAny(|r| {
                r.robustness
                    .as_ref()
                    .filter(|rb| !rb.factors.is_empty())
                    .map(analysis::sensitivity)
            }),
        }
    }

    /// The table of a result (None: the result has nothing for it).
    pub fn build(self, r: &RoundResult) -> Option<Table> {
        match self.source() {
            Source::Always(f) => Some(f(r)),
            Source::WhenAny(f) => f(r),
        }
    }

    /// A roster table from the roster audit alone (None for the other
    /// tables, and for duplicates when there are none).
    pub fn of_roster(self, v: &RosterView) -> Option<Table> {
        match self {
            RosterAudit => Some(roster::audit(v)),
            RosterClusters => Some(roster::clusters(v)),
            RosterDuplicates => roster::duplicates(v),
            _ => None,
        }
    }

    /// Whether a public run writes the table (as a file and as a sheet):
    /// every table but those that exist only for the reviewers (see
    /// `audience`).
    pub fn public(self) -> bool {
        !matches!(self, PanelScores | ReviewFlags | Reviewers | PanelAgreement)
    }

    /// Whether a result may lack the table.
    fn optional(self) -> bool {
        matches!(self.source(), Source::WhenAny(_))
    }
}

/// The tables of a run's CSV files, in order.
pub fn run_tables() -> impl Iterator<Item = TableKind> {
    RUN.iter()
        .flat_map(|o| match o {
            Output::Tables(kinds) => *kinds,
            _ => &[],
        })
        .copied()
}

/// The tables of a run's CSV files and workbook sheets for an audience.
pub fn tables_for(audience: Audience) -> impl Iterator<Item = TableKind> {
    run_tables()
        .chain(SHEETS.iter().map(|(k, _)| *k))
        .filter(move |k| audience == Audience::Internal || k.public())
}

/// Files a run writes only when it has something to put in them (the
/// documents: when round.toml does not turn them off).
pub fn optional_files() -> impl Iterator<Item = &'static str> {
    run_tables()
        .filter(|k| k.optional())
        .filter_map(|k| k.file())
        .chain(DOCUMENTS.iter().copied())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_are_unique_and_sheets_have_tables() {
        let files: Vec<_> = run_tables().filter_map(|k| k.file()).collect();
        for (k, f) in files.iter().enumerate() {
            assert!(!files[..k].contains(f), "{f} twice");
        }
        assert!(run_tables().all(|k| k.file().is_some()));
        assert!(SHEETS
            .iter()
            .all(|(k, _)| *k == Dimensions || files.contains(&k.file().unwrap())));
    }

    #[test]
    fn optional_files_are_the_tables_a_round_may_lack() {
        let optional: Vec<_> = optional_files().collect();
        assert_eq!(
            optional,
            [
                "decisions.csv",
                "panel_scores.csv",
                "review_flags.csv",
                "reviewer_diagnostics.csv",
                "panel_agreement.csv",
                "progress.csv",
                "whatif.csv",
                "roster_audit.csv",
                "roster_clusters.csv",
                "roster_duplicates.csv",
                "rejections.csv",
                "methods.csv",
                "method_agreement.csv",
                "robustness.csv",
                "robustness_pairwise.csv",
                "sensitivity.csv",
                "report.pdf",
                "report.docx",
            ]
        );
    }
}

//! One count of where the clusters ended: the number of each status, and
//! for a competition the quota's places (those selected, those the office's
//! choice in unresolved ties fills, those left empty). Computed once, from
//! the decisions, when the process has run; every output that states a
//! count reads it (the quota line of the boundaries in report.md and
//! report.html, scores.json, `explain`), so that each agrees with the
//! statuses of decisions.csv.

use super::{Decision, Status};
use serde::{Deserialize, Serialize};

/// The number of clusters of each status, and the quota's places.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counts {
    pub failed_gate: usize,
    pub screened_out: usize,
    pub not_shortlisted: usize,
    pub shortlisted: usize,
    pub selected: usize,
    pub not_selected: usize,
    pub tied_at_quota: usize,
    pub depends_on_tie: usize,
    pub evaluated: usize,
    /// The quota, when the round filled one.
    pub quota: Option<usize>,
    /// The clusters it was filled from (those in the final stage).
    pub finalists: usize,
    /// The places of the quota that the office's choice in unresolved ties
    /// fills (the tied clusters it picks and those depending on its
    /// choice): fewest and most, over the ways it may choose.
    pub office_places: Places,
}

/// A number of places that depends on the office's choice: fewest and most.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Places {
    pub fewest: usize,
    pub most: usize,
}

impl Counts {
    /// Count `decisions`. `quota` is given when the quota was filled: (the
    /// quota, finalists, places the office's choice fills).
    pub fn of(decisions: &[Decision], quota: Option<(usize, usize, (usize, usize))>) -> Counts {
        let mut n = Counts::default();
        for d in decisions {
            *n.slot(d.status) += 1;
        }
        if let Some((q, finalists, office)) = quota {
            n.quota = Some(q);
            n.finalists = finalists;
            n.office_places = Places {
                fewest: office.0,
                most: office.1,
            };
        }
        n
    }

    fn slot(&mut self, s: Status) -> &mut usize {
        match s {
            Status::FailedGate => &mut self.failed_gate,
            Status::ScreenedOut => &mut self.screened_out,
            Status::NotAdvanced => &mut self.not_shortlisted,
            Status::Shortlisted => &mut self.shortlisted,
            Status::Selected => &mut self.selected,
            Status::NotSelected => &mut self.not_selected,
            Status::TiedAtQuota => &mut self.tied_at_quota,
            Status::DependsOnTie => &mut self.depends_on_tie,
            Status::Evaluated => &mut self.evaluated,
        }
    }

    /// Every cluster that entered the round (one decision each).
    pub fn entered(&self) -> usize {
        Status::ALL.iter().map(|&s| self.of_status(s)).sum()
    }

    /// The clusters scored: those that entered, less those that failed a
    /// gate or were screened out for want of data.
    pub fn scored(&self) -> usize {
        self.entered() - self.failed_gate - self.screened_out
    }

    /// The number of clusters of status `s`.
    pub fn of_status(&self, s: Status) -> usize {
        match s {
            Status::FailedGate => self.failed_gate,
            Status::ScreenedOut => self.screened_out,
            Status::NotAdvanced => self.not_shortlisted,
            Status::Shortlisted => self.shortlisted,
            Status::Selected => self.selected,
            Status::NotSelected => self.not_selected,
            Status::TiedAtQuota => self.tied_at_quota,
            Status::DependsOnTie => self.depends_on_tie,
            Status::Evaluated => self.evaluated,
        }
    }

    /// "selected 13, tied_at_quota 2, not_selected 4, failed_gate 1": every
    /// status that some cluster has, in the order of `Status::ALL`, with the
    /// names of decisions.csv.
    pub fn by_status(&self) -> String {
        Status::ALL
            .iter()
            .filter(|&&s| self.of_status(s) > 0)
            .map(|&s| format!("{} {}", s.as_str(), self.of_status(s)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// "quota 16: 14 selected of 20 in the final stage; 2 tied at the quota
    /// for 1 more place(s)" (None when no quota was filled).
    pub fn quota_line(&self) -> Option<String> {
        let q = self.quota?;
        let mut line = format!(
            "quota {q}: {} selected of {} in the final stage",
            self.selected, self.finalists
        );
        let Places { fewest, most } = self.office_places;
        let (tied, depending) = (self.tied_at_quota, self.depends_on_tie);
        if tied + depending > 0 {
            let who = match (tied, depending) {
                (t, 0) => format!("{t} tied at the quota"),
                (0, d) => format!("{d} depending on the office's choice in a tie"),
                (t, d) => {
                    format!("{t} tied at the quota and {d} depending on the office's choice there")
                }
            };
            let places = if fewest == most {
                format!("{most}")
            } else {
                format!("{fewest} to {most}")
            };
            line.push_str(&format!("; {who} for {places} more place(s)"));
        }
        let empty = q.saturating_sub(self.selected + most);
        if empty > 0 {
            let at_least = if fewest < most { "at least " } else { "" };
            line.push_str(&format!("; {at_least}{empty} place(s) stay empty"));
        }
        Some(line)
    }
}

//! The expert-panel settings of `[process.panel]`: known conflict rules, at
//! least one score per panel, enough scores to trim, a positive outlier
//! threshold.

use super::Problems;
use crate::process::panel::MIN_SCORES_TO_TRIM;
use crate::process::spec::PanelSpec;

/// Automatic conflicts of interest the panel knows.
pub const CONFLICT_RULES: &[&str] = &["city", "employer"];

pub(super) fn check(panel: &PanelSpec, problems: &mut Problems) {
    for c in &panel.conflicts {
        if !CONFLICT_RULES.contains(&c.as_str()) {
            problems.error(
                "process.panel.conflicts",
                c.clone(),
                "expected city or employer",
            );
        }
    }
    if panel.min_scores == 0 {
        problems.error(
            "process.panel.min_scores",
            "0",
            "a panel needs at least one score",
        );
    }
    if panel.trim_when_at_least < MIN_SCORES_TO_TRIM {
        problems.error(
            "process.panel.trim_when_at_least",
            panel.trim_when_at_least.to_string(),
            format!(
                "trimming needs at least {MIN_SCORES_TO_TRIM} scores (one is left after dropping two)"
            ),
        );
    }
    if !(panel.outlier_z.is_finite() && panel.outlier_z > 0.0) {
        problems.error(
            "process.panel.outlier_z",
            panel.outlier_z.to_string(),
            "expected a positive number",
        );
    }
}

//! The Markdown mid-term progress and enterprise-roster sections.

use super::table::{self, esc};
use crate::audit::RoundResult;
use crate::report::msg::{term, Lang, Msg};
use crate::report::number::fixed;
use crate::report::views;
use std::fmt::Write;

/// Mid-term progress: one table per field with baseline, current, target.
pub(super) fn progress(w: &mut String, r: &RoundResult, l: Lang) {
    if r.progress.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "\n## {}\n\n{}",
        Msg::MidtermProgress.text(l),
        Msg::ProgressIntroMd.text(l)
    );
    for rows in r.progress.chunk_by(|a, b| a.field == b.field) {
        let p = &rows[0];
        let _ = writeln!(
            w,
            "\n**{}** ({}), e = {}%\n",
            esc(l.pick(&p.name_zh, &p.name_en)),
            esc(&term::unit(&p.unit, "", l)),
            fixed(p.elapsed * 100.0, 1)
        );
        let t = views::progress(rows, Msg::Cluster, false, |p| {
            l.pick(&p.status_zh, &p.status.replace('_', " "))
                .to_string()
        });
        table::table(w, &t, l);
    }
}

/// The roster audit: counts, declared vs derived beyond tolerance, duplicates.
pub(super) fn roster(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(v) = &r.roster else { return };
    let rejected: usize = v.clusters.iter().map(|c| c.rejected).sum();
    let files = esc(&v.files.join(", "));
    let summary = Msg::RosterSummaryMd.fill(
        l,
        &[
            &v.rows,
            &files,
            &rejected,
            &v.duplicates.len(),
            &views::duplicate_policy(&v.duplicate_policy, l),
        ],
    );
    let _ = writeln!(w, "\n## {}\n\n{summary}\n", Msg::EnterpriseRosters.text(l));
    let counts = views::roster_counts(
        v,
        [
            Some(Msg::Cluster),
            None,
            Some(Msg::Listed),
            Some(Msg::Counted),
            Some(Msg::Rejected),
            Some(Msg::SharedShort),
        ],
        l,
    );
    table::table(w, &counts, l);
    let off = views::mismatches(
        v,
        Msg::Cluster,
        |c| l.pick(&c.name_zh, &c.name_en).to_string(),
        l,
    );
    let _ = writeln!(
        w,
        "\n**{}:** {}\n",
        Msg::MismatchMd.text(l),
        if off.rows.is_empty() {
            Msg::NoneLower.text(l)
        } else {
            ""
        }
    );
    if !off.rows.is_empty() {
        table::table(w, &off, l);
    }
    for d in &v.duplicates {
        let claims: Vec<String> = d
            .claims
            .iter()
            .map(|c| {
                format!(
                    "{} ({} {} {})",
                    esc(&c.cluster),
                    esc(&c.file),
                    Msg::Row.text(l),
                    c.row
                )
            })
            .collect();
        let _ = writeln!(
            w,
            "- {}: {} {}: {}",
            Msg::ClaimedTwiceMd.text(l),
            esc(&d.uscc),
            esc(d.claims.first().map(|c| c.name.as_str()).unwrap_or("")),
            claims.join(", ")
        );
    }
}

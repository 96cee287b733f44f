//! The page's mid-term progress and enterprise-roster sections.

use super::table::{self, Layout};
use super::{esc, Lang};
use crate::audit::RoundResult;
use crate::report::msg::Msg;
use crate::report::number::fixed;
use crate::report::views;
use std::fmt::Write;

/// One table per field with baseline, current and target; behind rows marked.
pub(super) fn progress(w: &mut String, r: &RoundResult, l: Lang) {
    if r.progress.is_empty() {
        return;
    }
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<p class=\"muted\">{}</p>",
        Msg::MidtermProgress.text(l),
        Msg::ProgressIntro.text(l)
    );
    for rows in r.progress.chunk_by(|a, b| a.field == b.field) {
        let p = &rows[0];
        let _ = writeln!(
            w,
            "<h3>{} ({}), e = {}%</h3>",
            esc(l.pick(&p.name_zh, &p.name_en)),
            esc(&crate::report::msg::term::unit(&p.unit, "", l)),
            fixed(p.elapsed * 100.0, 1),
        );
        let t = views::progress(rows, Msg::Id, true, |p| {
            l.pick(&p.status_zh, &p.status.replace('_', " "))
                .to_string()
        });
        let layout = Layout {
            attrs: " class=\"sortable progress\"",
            num_class: false,
            after: "\n",
        };
        table::table(w, &t, l, layout, |i| match rows[i].status.as_str() {
            "behind" | "slipped" | "missing" => " class=\"behind\"",
            _ => "",
        });
    }
}

/// Roster counts per cluster, declared vs derived beyond tolerance, duplicates.
pub(super) fn roster(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(v) = &r.roster else { return };
    let rejected: usize = v.clusters.iter().map(|c| c.rejected).sum();
    let summary = Msg::RosterSummary.fill(
        l,
        &[
            &v.rows,
            &v.files.join(Msg::ListSeparator.text(l)),
            &rejected,
            &v.duplicates.len(),
            &views::duplicate_policy(&v.duplicate_policy, l),
        ],
    );
    let _ = writeln!(
        w,
        "<h2>{}</h2>\n<p>{}</p>",
        Msg::EnterpriseRosters.text(l),
        esc(&summary)
    );
    let counts = views::roster_counts(
        v,
        [
            Some(Msg::Id),
            Some(Msg::Cluster),
            Some(Msg::Listed),
            Some(Msg::Counted),
            Some(Msg::Rejected),
            Some(Msg::SharedWithOthers),
        ],
        l,
    );
    let layout = Layout {
        attrs: " class=\"sortable\" id=\"roster\"",
        num_class: false,
        after: "\n",
    };
    table::table(w, &counts, l, layout, |_| "");
    let _ = writeln!(w, "<h3>{}</h3>", Msg::BeyondTolerance.text(l));
    let off = views::mismatches(
        v,
        Msg::Id,
        |c| l.pick(&c.name_zh, &c.name_en).to_string(),
        l,
    );
    if off.rows.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", Msg::Nothing.text(l));
    } else {
        let layout = Layout {
            attrs: " class=\"mismatch\"",
            num_class: false,
            after: "\n",
        };
        table::table(w, &off, l, layout, |_| "");
    }
    if !v.duplicates.is_empty() {
        let _ = writeln!(w, "<h3>{}</h3><ul>", Msg::ClaimedTwice.text(l));
        for d in &v.duplicates {
            let claims: Vec<String> = d
                .claims
                .iter()
                .map(|c| format!("{} ({} #{})", c.cluster, c.file, c.row))
                .collect();
            let _ = writeln!(
                w,
                "<li>{} {}: {}</li>",
                esc(&d.uscc),
                esc(d.claims.first().map(|c| c.name.as_str()).unwrap_or("")),
                esc(&claims.join(", "))
            );
        }
        let _ = writeln!(w, "</ul>");
    }
}

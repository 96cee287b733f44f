//! The page's rectification list (整改清单): the introduction, then per
//! cluster its line (standing, score, target, gap), its weakest
//! indicators, its plan and what the plan means for its own targets
//! (`report::rectify` words them), in the page's language. Only a round
//! with a process has it; it prints with the rest of the page (each
//! cluster's block kept whole where it fits).

use super::table::{self, Layout};
use super::{esc, Lang};
use crate::audit::RoundResult;
use crate::report::msg::rectify::Rect;
use crate::report::rectify;
use std::fmt::Write;

pub(super) fn section(w: &mut String, r: &RoundResult, l: Lang) {
    if r.process.is_none() {
        return;
    }
    let d = r.framework.display_decimals;
    let _ = writeln!(
        w,
        "<h2 id=\"rectification\">{}</h2>\n<p class=\"muted\">{}</p>",
        Rect::Heading.text(l),
        esc(&rectify::intro(r, l))
    );
    if r.rectification.is_empty() {
        let _ = writeln!(w, "<p>{}</p>", Rect::None.text(l));
    }
    for e in &r.rectification {
        let _ = writeln!(
            w,
            "<section class=\"rectify\" id=\"r-{}\">\n<h3>{}</h3>\n<p>{}</p>\n<h4>{}</h4>",
            esc(&e.cluster_id),
            esc(&rectify::title(e, l)),
            esc(&rectify::line(e, d, l)),
            Rect::Weakest.text(l)
        );
        let layout = || Layout {
            attrs: "",
            num_class: true,
            after: "\n",
        };
        if e.weakest.is_empty() {
            let _ = writeln!(w, "<p>{}</p>", Rect::NoWeak.text(l));
        } else {
            table::table(w, &rectify::weak_table(e, d, l), l, layout(), |_| "");
        }
        let _ = writeln!(w, "<h4>{}</h4>", Rect::PlanHeading.text(l));
        if let Some(t) = rectify::plan_table(e, l) {
            table::table(w, &t, l, layout(), |_| "");
        }
        let _ = writeln!(w, "<p>{}</p>", esc(&rectify::plan_outcome(e, d, l)));
        let lines = rectify::progress_lines(e, l);
        if !lines.is_empty() {
            let _ = writeln!(w, "<h4>{}</h4>\n<ul>", Rect::ProgressHeading.text(l));
            for p in lines {
                let _ = writeln!(w, "<li>{}</li>", esc(&p));
            }
            let _ = writeln!(w, "</ul>");
        }
        let _ = writeln!(w, "</section>");
    }
}

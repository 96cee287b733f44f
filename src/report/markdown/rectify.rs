//! The Markdown rectification list (整改清单): the introduction, then per
//! cluster its line (standing, score, target, gap), its weakest
//! indicators, its plan and what the plan means for its own targets
//! (`report::rectify` words them). Only a round with a process has it.

use super::table::{self, esc};
use crate::audit::RoundResult;
use crate::report::msg::rectify::Rect;
use crate::report::msg::Lang;
use crate::report::rectify;
use std::fmt::Write;

pub(super) fn section(w: &mut String, r: &RoundResult, l: Lang) {
    if r.process.is_none() {
        return;
    }
    let d = r.framework.display_decimals;
    let _ = writeln!(
        w,
        "\n## {}\n\n{}",
        Rect::Heading.text(l),
        esc(&rectify::intro(r, l))
    );
    if r.rectification.is_empty() {
        let _ = writeln!(w, "\n{}", Rect::None.text(l));
    }
    for e in &r.rectification {
        let _ = writeln!(
            w,
            "\n### {}\n\n{}\n\n**{}**\n",
            esc(&rectify::title(e, l)),
            esc(&rectify::line(e, d, l)),
            Rect::Weakest.text(l)
        );
        if e.weakest.is_empty() {
            let _ = writeln!(w, "{}", Rect::NoWeak.text(l));
        } else {
            table::table(w, &rectify::weak_table(e, d, l), l);
        }
        let _ = writeln!(w, "\n**{}**\n", Rect::PlanHeading.text(l));
        if let Some(t) = rectify::plan_table(e, l) {
            table::table(w, &t, l);
            w.push('\n');
        }
        let _ = writeln!(w, "{}", esc(&rectify::plan_outcome(e, d, l)));
        let lines = rectify::progress_lines(e, l);
        if !lines.is_empty() {
            let _ = writeln!(w, "\n**{}**\n", Rect::ProgressHeading.text(l));
            for p in lines {
                let _ = writeln!(w, "- {}", esc(&p));
            }
        }
    }
}

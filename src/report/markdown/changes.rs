//! The Markdown change log of a run that supersedes an earlier one (`run
//! --supersedes`): what it supersedes, the changed inputs, and one row per
//! cluster whose total or decision changed, with the parts of the change
//! (`audit::changes`, worded by `history::diff_out`).

use super::table::esc;
use crate::audit::RoundResult;
use crate::report::msg::diff::DiffWords;
use crate::report::msg::Lang;
use std::fmt::Write;

pub(super) fn section(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(log) = &r.change_log else { return };
    let t = if l == Lang::Zh { &log.zh } else { &log.en };
    let _ = writeln!(w, "\n## {}\n", DiffWords::LogHeading.text(l));
    for line in &t.intro {
        let _ = writeln!(w, "{}\n", esc(line));
    }
    for line in &t.inputs {
        let _ = writeln!(w, "- {}", esc(line));
    }
    let _ = writeln!(
        w,
        "\n| {} |",
        t.header
            .iter()
            .map(|h| esc(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(w, "|{}", "---|".repeat(t.header.len()));
    for (k, row) in t.rows.iter().enumerate() {
        let cells: Vec<String> = row
            .iter()
            .map(|c| match t.decided.contains(&k) {
                true => format!("**{}**", esc(c)),
                false => esc(c),
            })
            .collect();
        let _ = writeln!(w, "| {} |", cells.join(" | "));
    }
    w.push('\n');
    for line in &t.closing {
        let _ = writeln!(w, "{}\n", esc(line));
    }
}

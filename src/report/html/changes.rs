//! The page's change log of a run that supersedes an earlier one (`run
//! --supersedes`): what it supersedes, the changed inputs, and one row per
//! cluster whose total or decision changed, with the parts of the change;
//! a row whose rank or decision changed is marked.

use super::{esc, Lang};
use crate::audit::RoundResult;
use crate::report::msg::diff::DiffWords;
use std::fmt::Write;

pub(super) fn section(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(log) = &r.change_log else { return };
    let t = if l == Lang::Zh { &log.zh } else { &log.en };
    let _ = writeln!(
        w,
        "<h2 id=\"changes\">{}</h2>",
        DiffWords::LogHeading.text(l)
    );
    for line in &t.intro {
        let _ = writeln!(w, "<p>{}</p>", esc(line));
    }
    let _ = writeln!(w, "<ul>");
    for line in &t.inputs {
        let _ = writeln!(w, "<li>{}</li>", esc(line));
    }
    let _ = writeln!(w, "</ul>\n<table class=\"changes\">\n<thead><tr>");
    for h in &t.header {
        let _ = write!(w, "<th>{}</th>", esc(h));
    }
    let _ = writeln!(w, "</tr></thead>\n<tbody>");
    for (k, row) in t.rows.iter().enumerate() {
        let class = if t.decided.contains(&k) {
            " class=\"decided\""
        } else {
            ""
        };
        let _ = write!(w, "<tr{class}>");
        for (j, c) in row.iter().enumerate() {
            let num = if (1..7).contains(&j) {
                " class=\"num\""
            } else {
                ""
            };
            let _ = write!(w, "<td{num}>{}</td>", esc(c));
        }
        let _ = writeln!(w, "</tr>");
    }
    let _ = writeln!(w, "</tbody>\n</table>");
    for line in &t.closing {
        let _ = writeln!(w, "<p>{}</p>", esc(line));
    }
}

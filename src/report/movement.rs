//! The movement section of report.md and report.html: every cluster's
//! rank arrow, previous and current total, and the change of the total and
//! of each dimension against the previous round (`audit::movement`), the
//! clusters new to the round and those that left it. The documents
//! (`document::history`) take the same table.

use super::msg::movement::MoveWords as W;
use super::msg::Lang;
use super::number::fixed;
use crate::audit::movement::{MoveRow, Movement};
use crate::audit::RoundResult;
use std::fmt::Write;

/// The table of the section: header and rows, in one language.
pub(crate) fn table(r: &RoundResult, m: &Movement, l: Lang) -> (Vec<String>, Vec<Vec<String>>) {
    let d = r.framework.display_decimals;
    let mut header = vec![
        W::Cluster.text(l).to_string(),
        W::Rank.text(l).to_string(),
        W::Previous.text(l).to_string(),
        W::Total.text(l).to_string(),
        W::Change.text(l).to_string(),
    ];
    for dim in &r.dimensions {
        let name = if l == Lang::Zh {
            &dim.name_zh
        } else {
            &dim.name_en
        };
        header.push(W::DimChange.fill(l, &[name]));
    }
    // "+1.20", "-0.35", and "0.00" for a change that rounds to nothing.
    let signed = |x: f64| {
        let s = fixed(x, d);
        if !s.chars().any(|c| ('1'..='9').contains(&c)) {
            s.trim_start_matches('-').to_string()
        } else if x > 0.0 {
            format!("+{s}")
        } else {
            s
        }
    };
    let rows = m
        .rows
        .iter()
        .map(|row| {
            let name = if l == Lang::Zh {
                &row.name_zh
            } else {
                &row.name_en
            };
            let mut cells = vec![
                format!("{} {name}", row.cluster_id),
                rank(row, l),
                row.total_before
                    .map(|t| fixed(t, d))
                    .unwrap_or_else(|| "–".into()),
                fixed(row.total_now, d),
                row.total_before
                    .map(|t| signed(row.total_now - t))
                    .unwrap_or_else(|| "–".into()),
            ];
            for (before, now) in &row.dimensions {
                cells.push(
                    before
                        .map(|b| signed(now - b))
                        .unwrap_or_else(|| "–".into()),
                );
            }
            cells
        })
        .collect();
    (header, rows)
}

/// `↑2 (5 → 3)`, `↓1 (2 → 3)`, `→ (3)`, or `3 (new to the round)`.
fn rank(row: &MoveRow, l: Lang) -> String {
    let (open, close) = if l == Lang::Zh {
        ("（", "）")
    } else {
        (" (", ")")
    };
    match (row.places(), row.new) {
        (_, true) => format!("{}{open}{}{close}", row.rank_now, W::New.text(l)),
        (None, false) => format!("{}{open}{}{close}", row.rank_now, W::Unranked.text(l)),
        (Some(0), _) => format!("→{open}{}{close}", row.rank_now),
        (Some(p), _) if p > 0 => format!(
            "↑{p}{open}{} → {}{close}",
            row.rank_now as i64 + p,
            row.rank_now
        ),
        (Some(p), _) => format!(
            "↓{}{open}{} → {}{close}",
            -p,
            row.rank_now as i64 + p,
            row.rank_now
        ),
    }
}

/// The closing lines: how many are new, who left.
pub(crate) fn closing(m: &Movement, l: Lang) -> Vec<String> {
    let mut out = Vec::new();
    let new = m.rows.iter().filter(|r| r.new).count();
    if new > 0 {
        out.push(W::NewCount.fill(l, &[&new]));
    }
    if !m.left.is_empty() {
        let sep = if l == Lang::Zh { "、" } else { ", " };
        out.push(W::Left.fill(l, &[&m.left.join(sep)]));
    }
    out
}

pub(crate) fn intro(m: &Movement, l: Lang) -> String {
    W::Intro.fill(l, &[&m.previous_id, &m.previous_year])
}

/// The Markdown section.
pub(super) fn markdown(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(m) = &r.movement else { return };
    let esc = super::markdown::esc;
    let _ = writeln!(w, "\n## {}\n\n{}\n", W::Heading.text(l), esc(&intro(m, l)));
    let (header, rows) = table(r, m, l);
    let _ = writeln!(
        w,
        "| {} |",
        header
            .iter()
            .map(|h| esc(h))
            .collect::<Vec<_>>()
            .join(" | ")
    );
    let _ = writeln!(w, "|---|---|{}", "--:|".repeat(header.len() - 2));
    for row in rows {
        let _ = writeln!(
            w,
            "| {} |",
            row.iter().map(|c| esc(c)).collect::<Vec<_>>().join(" | ")
        );
    }
    for line in closing(m, l) {
        let _ = writeln!(w, "\n{}", esc(&line));
    }
}

/// The page's section.
pub(super) fn html(w: &mut String, r: &RoundResult, l: Lang) {
    let Some(m) = &r.movement else { return };
    let esc = super::html::esc;
    let _ = writeln!(
        w,
        "<h2 id=\"movement\">{}</h2>\n<p class=\"muted\">{}</p>\n<table class=\"movement\">\n<thead><tr>",
        W::Heading.text(l),
        esc(&intro(m, l))
    );
    let (header, rows) = table(r, m, l);
    for h in &header {
        let _ = write!(w, "<th>{}</th>", esc(h));
    }
    let _ = writeln!(w, "</tr></thead>\n<tbody>");
    for row in rows {
        let _ = write!(w, "<tr>");
        for (k, c) in row.iter().enumerate() {
            let class = match k {
                0 => "",
                1 if c.starts_with('↑') => " class=\"up\"",
                1 if c.starts_with('↓') => " class=\"down\"",
                1 => "",
                _ => " class=\"num\"",
            };
            let _ = write!(w, "<td{class}>{}</td>", esc(c));
        }
        let _ = writeln!(w, "</tr>");
    }
    let _ = writeln!(w, "</tbody>\n</table>");
    for line in closing(m, l) {
        let _ = writeln!(w, "<p>{}</p>", esc(&line));
    }
}

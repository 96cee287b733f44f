//! Markdown tables: the formatter of a `Table`, and escaping.

use crate::report::msg::Lang;
use crate::report::table::{Cell, Table};
use std::fmt::Write;

/// Escape text for a Markdown table cell.
pub fn esc(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// The table: a header of labels in `l`, the alignment row (numbers to
/// the right), then a line per row with text escaped and numbers written as
/// their column's kind says (a dash for no value).
pub fn table(w: &mut String, t: &Table, l: Lang) {
    w.push('|');
    for c in &t.columns {
        let _ = write!(w, " {} |", esc(l.pick(&c.zh, &c.en)));
    }
    w.push_str("\n|");
    for c in &t.columns {
        w.push_str(if c.kind.is_numeric() { "---:|" } else { "---|" });
    }
    w.push('\n');
    for row in &t.rows {
        w.push('|');
        for (cell, col) in row.iter().zip(&t.columns) {
            let text = cell.shown(col.kind);
            match cell {
                Cell::Markup(_) => {
                    let _ = write!(w, " {text} |");
                }
                _ => {
                    let _ = write!(w, " {} |", esc(&text));
                }
            }
        }
        w.push('\n');
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::msg::Msg;
    use crate::report::table::{Column, Digits, Kind};

    #[test]
    fn a_table() {
        let mut t = Table::new(vec![
            Column::label(Msg::Cluster, Kind::Text),
            Column::label(Msg::Total, Kind::Number(Digits::Fixed(2))),
        ]);
        t.push(vec![Cell::input("a|b"), Cell::Num(1.0)]);
        t.push(vec![Cell::input("<c>"), Cell::Blank]);
        let mut s = String::new();
        table(&mut s, &t, Lang::Zh);
        assert_eq!(
            s,
            "| 集群 | 总分 |\n|---|---:|\n| a\\|b | 1.00 |\n| &lt;c&gt; | — |\n"
        );
    }
}

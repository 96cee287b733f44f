//! HTML tables: the markup of a table (`open`, `row`, `close`) and the
//! formatter of a `Table` from the table model.
//!
//! Header labels are markup already (labels from the catalogue, names from
//! the inputs escaped by the caller); cell text is escaped here unless it is
//! given as markup.

use super::esc;
use crate::report::msg::Lang;
use crate::report::table::{Cell, Table};
use std::fmt::{Display, Write};

/// One cell of a row.
pub struct Td {
    num: bool,
    sort: Option<String>,
    style: Option<&'static str>,
    html: String,
}

impl Td {
    /// Text, escaped.
    pub fn text(s: &str) -> Td {
        Td::html(esc(s))
    }

    /// Markup, written as it is.
    pub fn html(html: String) -> Td {
        Td {
            num: false,
            sort: None,
            style: None,
            html,
        }
    }

    /// A number (or markup around one), right-aligned.
    pub fn num(html: String) -> Td {
        Td {
            num: true,
            ..Td::html(html)
        }
    }

    /// The value the table sorts this cell by.
    pub fn sort(mut self, v: impl Display) -> Td {
        self.sort = Some(v.to_string());
        self
    }

    pub fn style(mut self, style: Option<&'static str>) -> Td {
        self.style = style;
        self
    }
}

/// `<table ATTRS><thead>` with one `<th>` a label, then `<tbody>`.
pub fn open(w: &mut String, attrs: &str, heads: &[String]) {
    open_lines(w, attrs, &[heads]);
}

/// `open` with the header written in lines: the fixed columns, then the
/// ones that depend on the round.
pub fn open_lines(w: &mut String, attrs: &str, lines: &[&[String]]) {
    let _ = write!(w, "<table{attrs}><thead><tr>");
    for (k, heads) in lines.iter().enumerate() {
        if k > 0 {
            w.push('\n');
        }
        for h in *heads {
            let _ = write!(w, "<th>{h}</th>");
        }
    }
    let _ = writeln!(w, "</tr></thead><tbody>");
}

/// One row, on a line of its own.
pub fn row(w: &mut String, attrs: &str, cells: &[Td]) {
    let _ = write!(w, "<tr{attrs}>");
    for c in cells {
        w.push_str("<td");
        if c.num {
            w.push_str(" class=\"num\"");
        }
        if let Some(v) = &c.sort {
            let _ = write!(w, " data-v=\"{v}\"");
        }
        if let Some(s) = c.style {
            let _ = write!(w, " style=\"{s}\"");
        }
        let _ = write!(w, ">{}</td>", c.html);
    }
    let _ = writeln!(w, "</tr>");
}

/// The end of the table, then `after`.
pub fn close(w: &mut String, after: &str) {
    w.push_str("</tbody></table>");
    w.push_str(after);
}

/// How a `Table` is laid out as HTML.
pub struct Layout<'a> {
    /// Attributes of the `<table>` tag (with a leading space).
    pub attrs: &'a str,
    /// Whether number cells get `class="num"`.
    pub num_class: bool,
    /// What follows `</table>`.
    pub after: &'a str,
}

/// A whole table from the table model, in the page's language: headers
/// picked from each column's labels, cells as their column's kind writes
/// them (a dash for no value), text escaped. `row_attrs` gives each row's
/// attributes.
pub fn table(
    w: &mut String,
    t: &Table,
    l: Lang,
    layout: Layout,
    row_attrs: impl Fn(usize) -> &'static str,
) {
    let heads: Vec<String> = t
        .columns
        .iter()
        .map(|c| esc(l.pick(&c.zh, &c.en)))
        .collect();
    open(w, layout.attrs, &heads);
    for (i, cells) in t.rows.iter().enumerate() {
        let tds: Vec<Td> = cells
            .iter()
            .zip(&t.columns)
            .map(|(cell, col)| {
                let text = cell.shown(col.kind);
                let html = match cell {
                    Cell::Markup(_) => text,
                    _ => esc(&text),
                };
                if layout.num_class && col.kind.is_numeric() {
                    Td::num(html)
                } else {
                    Td::html(html)
                }
            })
            .collect();
        row(w, row_attrs(i), &tds);
    }
    close(w, layout.after);
}

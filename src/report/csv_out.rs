//! The CSV formatter: one table, one file.
//!
//! UTF-8 without BOM, comma-separated, one header row of the columns' ids
//! (English names). Numbers are written as their column's kind says; text
//! that came from an input file is neutralised so that no cell can be taken
//! for a formula by a spreadsheet.

use super::table::{Cell, Kind, Table};
use crate::diag::Result;

/// Prefix text that a spreadsheet would read as a formula (=, +, -, @, tab,
/// carriage return at the start) with an apostrophe.
pub fn neutralise(s: &str) -> String {
    match s.chars().next() {
        Some('=' | '+' | '-' | '@' | '\t' | '\r') => format!("'{s}"),
        _ => s.to_string(),
    }
}

/// A cell as a spreadsheet gets it: input text neutralised, no value empty.
pub fn cell_text(cell: &Cell, kind: Kind) -> String {
    match cell {
        Cell::Input(s) => neutralise(s),
        other => other.display(kind, ""),
    }
}

/// The bytes of a CSV file of the table.
pub fn write(t: &Table) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(t.columns.iter().map(|c| c.id.as_ref()))?;
    for row in &t.rows {
        w.write_record(
            row.iter()
                .zip(&t.columns)
                .map(|(cell, col)| cell_text(cell, col.kind)),
        )?;
    }
    w.flush().map_err(csv::Error::from)?;
    w.into_inner()
        .map_err(|e| csv::Error::from(e.into_error()).into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::msg::Col;

    #[test]
    fn formulas_are_inert() {
        assert_eq!(
            neutralise("=HYPERLINK(\"http://x\",\"y\")"),
            "'=HYPERLINK(\"http://x\",\"y\")"
        );
        assert_eq!(neutralise("+1"), "'+1");
        assert_eq!(neutralise("@SUM(A1)"), "'@SUM(A1)");
        assert_eq!(neutralise("保定"), "保定");
    }

    #[test]
    fn a_table_as_csv() {
        let mut t = Table::data(&[(Col::ClusterId, Kind::Text), (Col::Row, Kind::Integer)]);
        t.push(vec![Cell::input("=1+1"), Cell::count(2)]);
        t.push(vec![Cell::text("b,c"), Cell::Blank]);
        let bytes = write(&t).unwrap();
        assert_eq!(
            String::from_utf8(bytes).unwrap(),
            "cluster_id,row\n'=1+1,2\n\"b,c\",\n"
        );
    }
}

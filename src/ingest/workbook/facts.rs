//! What a sheet says besides its values, which calamine does not give:
//! hidden rows and columns, merged ranges, formulas without a saved value
//! (a workbook written by a program that does not calculate), and error
//! values calamine does not know (#SPILL!). The sheet's part is streamed
//! once, as calamine reads it (same parser and settings, cell positions
//! counted the same way); what is kept is bounded (a sheet's rows, its
//! columns, one range per merged cell up to the cell limit, the first few
//! problem cells and a count).

use super::guard::{cell_ref, raw_attrs, xml_reader};
use super::{MAX_CELLS, MAX_COLUMNS, MAX_ROWS};
use quick_xml::events::Event;
use std::io::{BufRead, BufReader};
use std::path::Path;

/// Problem cells kept by position (the rest are counted).
const KEPT: usize = 10;

/// A merged range: (first row, first column, last row, last column),
/// 0-based.
pub type Range = (u32, u32, u32, u32);

/// What a sheet says besides its values.
#[derive(Debug, Default, PartialEq)]
pub struct SheetFacts {
    /// Hidden rows, 0-based, in order.
    pub hidden_rows: Vec<u32>,
    /// Hidden columns, 0-based (first, last).
    pub hidden_columns: Vec<(u32, u32)>,
    /// Rows are hidden unless shown (`zeroHeight`).
    pub rows_hidden_by_default: bool,
    pub merges: Vec<Range>,
    /// Formulas without a saved value: the first few (row, column), and
    /// how many.
    pub unsaved: Vec<(u32, u32)>,
    pub unsaved_count: u64,
    /// Error values calamine cannot read: the first few (row, column,
    /// value).
    pub unknown_errors: Vec<(u32, u32, String)>,
}

/// The error values calamine reads (others stop it).
const KNOWN_ERRORS: [&str; 8] = [
    "#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#DATA!",
];

/// Read the facts of sheet `sheet` of the workbook at `path`.
pub fn read(path: &Path, sheet: &str) -> Result<SheetFacts, String> {
    let cannot = |e: &dyn std::fmt::Display| format!("cannot read the sheet's layout: {e}");
    let file = std::fs::File::open(path).map_err(|e| cannot(&e))?;
    let mut zip = zip::ZipArchive::new(BufReader::new(file)).map_err(|e| cannot(&e))?;
    let part = super::parts::sheet_part(&mut zip, sheet)
        .ok_or_else(|| cannot(&"the workbook does not say which part holds it"))?;
    let wanted = part.to_ascii_lowercase();
    let index = (0..zip.len())
        .find(|&i| {
            zip.name_for_index(i)
                .and_then(Result::ok)
                .is_some_and(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)
        })
        .ok_or_else(|| cannot(&format!("the part {part} is missing")))?;
    let entry = zip.by_index(index).map_err(|e| cannot(&e))?;
    scan(BufReader::new(entry))
}

/// The cell being read.
struct Cell {
    at: (u32, u32),
    kind: Option<String>,
    formula: bool,
    value: Option<String>,
}

/// Stream a sheet's XML and keep its facts.
pub fn scan<R: BufRead>(reader: R) -> Result<SheetFacts, String> {
    let mut xml = xml_reader(reader);
    let mut facts = SheetFacts::default();
    let (mut row, mut col) = (0u32, 0u32);
    let (mut in_cells, mut in_value) = (false, false);
    let mut cell: Option<Cell> = None;
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) => {
                let attrs = e.attributes_raw();
                let flag = |key: &str| raw_attrs(attrs, key).any(|v| v == "1" || v == "true");
                match e.local_name().as_ref() {
                    "sheetData" => in_cells = true,
                    "sheetFormatPr" => facts.rows_hidden_by_default |= flag("zeroHeight"),
                    "row" if in_cells => {
                        if let Some((r, _)) =
                            raw_attrs(attrs, "r").find_map(|v| cell_ref(v, false).ok())
                        {
                            row = r as u32;
                        }
                        if flag("hidden") && facts.hidden_rows.last() != Some(&row) {
                            if facts.hidden_rows.len() as u64 >= MAX_ROWS {
                                return Err(format!(
                                    "more than {MAX_ROWS} hidden rows, more than a sheet has"
                                ));
                            }
                            facts.hidden_rows.push(row);
                        }
                    }
                    "c" if in_cells => {
                        let at = match raw_attrs(attrs, "r").find_map(|v| cell_ref(v, true).ok()) {
                            Some((r, Some(c))) => (r as u32, c as u32),
                            _ => (row, col),
                        };
                        col = at.1.saturating_add(1);
                        let kind = raw_attrs(attrs, "t").next().map(str::to_string);
                        cell = Some(Cell {
                            at,
                            kind,
                            formula: false,
                            value: None,
                        });
                    }
                    "f" => {
                        if let Some(c) = &mut cell {
                            c.formula = true;
                        }
                    }
                    "v" => {
                        if let Some(c) = &mut cell {
                            c.value.get_or_insert_with(String::new);
                            in_value = true;
                        }
                    }
                    "col" => {
                        let bound = |key| {
                            raw_attrs(attrs, key)
                                .next()
                                .and_then(|v| v.parse::<u32>().ok())
                                .filter(|&n| (1..=MAX_COLUMNS as u32).contains(&n))
                        };
                        if let (true, Some(min), Some(max)) =
                            (flag("hidden"), bound("min"), bound("max"))
                        {
                            if facts.hidden_columns.len() as u64 >= MAX_COLUMNS {
                                return Err(format!("more than {MAX_COLUMNS} hidden column ranges, more than a sheet has"));
                            }
                            facts.hidden_columns.push((min - 1, max.max(min) - 1));
                        }
                    }
                    "mergeCell" => {
                        if let Some(range) = raw_attrs(attrs, "ref").find_map(merge_range) {
                            if facts.merges.len() >= MAX_CELLS {
                                return Err(format!(
                                    "more than {MAX_CELLS} merged ranges, the most this tool reads"
                                ));
                            }
                            facts.merges.push(range);
                        }
                    }
                    _ => {}
                }
            }
            Ok(Event::Text(t)) if in_value => {
                if let Some(v) = cell.as_mut().and_then(|c| c.value.as_mut()) {
                    // An error value is short; more is not needed.
                    if v.len() < 40 {
                        v.push_str(&t[..]);
                    }
                }
            }
            Ok(Event::End(e)) => match e.local_name().as_ref() {
                "sheetData" => in_cells = false,
                "row" if in_cells => {
                    row = row.saturating_add(1);
                    col = 0;
                }
                "v" => in_value = false,
                "c" => {
                    if let Some(c) = cell.take() {
                        facts.check(c);
                    }
                }
                _ => {}
            },
            Ok(Event::Eof) | Err(_) => {
                facts.hidden_rows.sort_unstable();
                facts.hidden_rows.dedup();
                return Ok(facts);
            }
            Ok(_) => {}
        }
    }
}

impl SheetFacts {
    /// Keep a cell that is a formula without a saved value, or an error
    /// value calamine does not know.
    fn check(&mut self, c: Cell) {
        let kind = c.kind.as_deref();
        let value = c.value.as_deref().map(str::trim);
        let saved = match value {
            None => false,
            Some("") => kind == Some("str"),
            Some(_) => true,
        };
        if c.formula && !saved {
            self.unsaved_count += 1;
            if self.unsaved.len() < KEPT {
                self.unsaved.push(c.at);
            }
        }
        if let (Some("e"), Some(v)) = (kind, value) {
            if !v.is_empty() && !KNOWN_ERRORS.contains(&v) && self.unknown_errors.len() < KEPT {
                self.unknown_errors.push((c.at.0, c.at.1, v.to_string()));
            }
        }
    }

    /// Whether row `row` (0-based) is hidden.
    pub fn row_hidden(&self, row: u32) -> bool {
        self.hidden_rows.binary_search(&row).is_ok()
    }

    /// Whether each column (0-based) is hidden: empty when none is.
    pub fn hidden_column_set(&self) -> Vec<bool> {
        if self.hidden_columns.is_empty() {
            return Vec::new();
        }
        let mut set = vec![false; MAX_COLUMNS as usize];
        for &(a, b) in &self.hidden_columns {
            for hidden in set.iter_mut().take(b as usize + 1).skip(a as usize) {
                *hidden = true;
            }
        }
        set
    }
}

/// A merged range "A2:C4" (one cell alone is no merge).
fn merge_range(v: &str) -> Option<Range> {
    let (a, b) = v.split_once(':')?;
    let (ra, ca) = cell_ref(a, true).ok()?;
    let (rb, cb) = cell_ref(b, true).ok()?;
    let (ca, cb) = (ca?, cb?);
    let range = (
        ra.min(rb) as u32,
        ca.min(cb) as u32,
        ra.max(rb) as u32,
        ca.max(cb) as u32,
    );
    (range.0 != range.2 || range.1 != range.3).then_some(range)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(xml: &str) -> SheetFacts {
        scan(xml.as_bytes()).unwrap()
    }

    #[test]
    fn hidden_rows_and_columns() {
        let f = facts(
            r#"<worksheet><sheetFormatPr defaultRowHeight="15"/><cols><col min="2" max="3" hidden="1"/><col min="5" max="5" width="9"/></cols><sheetData>
            <row r="1"><c r="A1"><v>1</v></c></row>
            <row r="7" hidden="1"><c r="A7"><v>1</v></c></row>
            <row hidden="true"><c><v>2</v></c></row>
            <row r="9" hidden="0"/>
            </sheetData></worksheet>"#,
        );
        assert_eq!(f.hidden_rows, vec![6, 7]);
        assert_eq!(f.hidden_columns, vec![(1, 2)]);
        let set = f.hidden_column_set();
        assert!(set[1] && set[2] && !set[0] && !set[3] && !set[4]);
        assert!(f.row_hidden(7) && !f.row_hidden(8));
        assert!(!f.rows_hidden_by_default);
        assert!(
            facts(r#"<worksheet><sheetFormatPr zeroHeight="1"/><sheetData/></worksheet>"#)
                .rows_hidden_by_default
        );
    }

    #[test]
    fn merged_ranges() {
        let f = facts(
            r#"<worksheet><sheetData/><mergeCells count="3"><mergeCell ref="A2:A4"/><mergeCell ref="D5:C5"/><mergeCell ref="B2"/><mergeCell ref="A1:ZZZZ1"/></mergeCells></worksheet>"#,
        );
        assert_eq!(f.merges, vec![(1, 0, 3, 0), (4, 2, 4, 3)]);
    }

    #[test]
    fn formulas_without_a_saved_value() {
        let f = facts(
            r#"<worksheet><sheetData><row r="2">
            <c r="A2"><f>1+1</f><v>2</v></c>
            <c r="B2"><f>1+1</f></c>
            <c r="C2" t="str"><f>""</f><v></v></c>
            <c r="D2"><f>A2</f><v></v></c>
            <c t="str"><f>"x"</f></c>
            <c r="F2" t="e"><f>1/0</f><v>#DIV/0!</v></c>
            <c r="G2" t="e"><f>SEQUENCE(9)</f><v>#SPILL!</v></c>
            </row></sheetData></worksheet>"#,
        );
        assert_eq!(f.unsaved, vec![(1, 1), (1, 3), (1, 4)]);
        assert_eq!(f.unsaved_count, 3);
        assert_eq!(f.unknown_errors, vec![(1, 6, "#SPILL!".to_string())]);
    }
}

//! Merged cells as Excel shows them: a range merged over several rows (a
//! cluster id over its three period rows, a name) shows its first cell's
//! value in each of those rows, so every row of the table it covers takes
//! that value, with a reading naming the range. Only the range's first
//! column is filled, and only rows that hold something else: a range that
//! spans columns is never copied sideways (a number is never put into
//! several fields); the readers of rounds warn about it. The copies count
//! against the sheet's cell budget.

use super::{SheetCell, MAX_CELLS};
use crate::ingest::reading::{cell_name, CellReading, How, Merge};

pub use super::facts::Range;

/// A range as a `Merge` (rows numbered as a spreadsheet shows them).
pub fn merge_of(&(r1, c1, r2, c2): &Range) -> Merge {
    Merge {
        first_line: r1 as usize + 1,
        last_line: r2 as usize + 1,
        first_column: c1 as usize,
        last_column: c2 as usize,
    }
}

/// Fill the first column of every range that spans rows with the value of
/// its first cell, in the rows that hold a visible cell. `cells` is sorted
/// by (row, column) and stays so.
pub fn fill(cells: &mut Vec<SheetCell>, merges: &[Range]) -> Result<(), String> {
    let mut rows: Vec<u32> = cells
        .iter()
        .filter(|c| !c.text.trim().is_empty())
        .map(|c| c.row)
        .collect();
    rows.dedup();
    let at = |cells: &[SheetCell], r: u32, c: u32| {
        cells.binary_search_by_key(&(r, c), |x| (x.row, x.col)).ok()
    };
    let mut copies = Vec::new();
    for range in merges.iter().filter(|m| m.2 > m.0) {
        let &(r1, c1, r2, _) = range;
        let Some(anchor) = at(cells, r1, c1) else {
            continue;
        };
        let text = &cells[anchor].text;
        if text.trim().is_empty() {
            continue;
        }
        let merge = merge_of(range);
        let start = rows.partition_point(|&r| r <= r1);
        for &r in rows[start..].iter().take_while(|&&r| r <= r2) {
            if copies.len() >= MAX_CELLS {
                return Err(format!(
                    "merged cells cover more than {MAX_CELLS} filled rows, the most this tool reads"
                ));
            }
            let stored = at(cells, r, c1)
                .map(|i| cells[i].text.clone())
                .unwrap_or_default();
            copies.push(SheetCell {
                row: r,
                col: c1,
                text: text.clone(),
                reading: Some(Box::new(CellReading {
                    column: c1 as usize,
                    stored,
                    format: String::new(),
                    how: How::Merged {
                        range: merge.name(),
                        from: cell_name(merge.first_line, merge.first_column),
                    },
                })),
            });
        }
    }
    if !copies.is_empty() {
        cells.append(&mut copies);
        // Stable: a copy follows the cell it covers, and replaces it.
        cells.sort_by_key(|c| (c.row, c.col));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cell(row: u32, col: u32, text: &str) -> SheetCell {
        SheetCell {
            row,
            col,
            text: text.into(),
            reading: None,
        }
    }

    #[test]
    fn a_range_over_rows_fills_its_first_column() {
        let mut cells = vec![
            cell(0, 0, "集群编号"),
            cell(1, 0, "C01"),
            cell(1, 1, "2019"),
            cell(2, 1, "2021"),
            cell(3, 0, "hidden"),
            cell(3, 1, "2025"),
            cell(5, 1, "2019"),
        ];
        // A2:A5 (row 5 is empty: not filled) and B6:C6 (across: not filled).
        fill(&mut cells, &[(1, 0, 4, 0), (5, 1, 5, 2)]).unwrap();
        let texts: Vec<(u32, u32, &str)> = cells
            .iter()
            .map(|c| (c.row, c.col, c.text.as_str()))
            .collect();
        assert_eq!(
            texts,
            vec![
                (0, 0, "集群编号"),
                (1, 0, "C01"),
                (1, 1, "2019"),
                (2, 0, "C01"),
                (2, 1, "2021"),
                (3, 0, "hidden"),
                (3, 0, "C01"),
                (3, 1, "2025"),
                (5, 1, "2019"),
            ]
        );
        let r = cells[3].reading.as_ref().unwrap();
        assert_eq!(r.describe("C01"), "merged cells A2:A5: the value of A2");
        let r = cells[6].reading.as_ref().unwrap();
        assert_eq!(
            r.describe("C01"),
            "merged cells A2:A5: the value of A2 (the cell itself holds \"hidden\", hidden by the merge)"
        );
        assert_eq!(merge_of(&(5, 1, 5, 2)).name(), "B6:C6");
    }
}

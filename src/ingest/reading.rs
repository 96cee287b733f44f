//! How a workbook cell was read when its text is not what the file stores:
//! a number shown through its number format (a percent, a date), an Excel
//! error or TRUE/FALSE value, a number stored as text, a cell filled from
//! a merged range. Each reading keeps the value as stored and the format
//! code, so that the trace can show the cell as stored, its format, and how
//! it was read. A CSV file has no readings. Plain data and its description;
//! the workbook reader makes readings, the readers of rounds use them.

/// How one cell of a row was read.
#[derive(Debug, Clone, PartialEq)]
pub struct CellReading {
    /// 0-based column of the cell in its row.
    pub column: usize,
    /// The value as the file stores it ("0.085", "45291", "#DIV/0!"); for
    /// a cell filled from a merged range, what the cell itself held.
    pub stored: String,
    /// The cell's number format code ("0.0%", "yyyy-mm-dd"); empty when
    /// it is General or does not matter.
    pub format: String,
    pub how: How,
}

/// What was done to read a cell.
#[derive(Debug, Clone, PartialEq)]
pub enum How {
    /// A percent format: the number shown x100 with a % sign (0.085 is
    /// 8.5%).
    Percent,
    /// A format with a literal % sign (`0.0"%"`): the number shown as
    /// stored, with a % sign.
    PercentSign,
    /// A date or date-and-time format: the serial number shown as a date.
    Date,
    /// A time or duration format: the number shown as a time.
    Time,
    /// A date format on a number that is no date Excel can show (it shows
    /// ####): the number is kept, and cannot be used as a value.
    NotADate,
    /// A format that shows another number than the one stored (scaled by
    /// thousands, x10,000): the number is kept, and cannot be used as a
    /// value (which is meant would be a guess).
    Scaled(&'static str),
    /// An Excel error value (#DIV/0!): the cell's formula failed.
    ExcelError,
    /// A number whose format shows a unit beside it (`0.00"万元"`): the
    /// unit the cell is in.
    Unit(String),
    /// A TRUE / FALSE value.
    Boolean,
    /// Text that reads as a number ("1,234.5", "'123", "１２３").
    TextNumber,
    /// A cell inside a merged range that spans rows, filled with the value
    /// of the range's first cell (`from`).
    Merged { range: String, from: String },
}

impl CellReading {
    /// The reading in words, given the text the cell was read as: "percent
    /// format 0.0%: 0.085 read as 8.5%".
    pub fn describe(&self, text: &str) -> String {
        let (stored, format) = (&self.stored, &self.format);
        match &self.how {
            How::Percent => format!("percent format {format}: {stored} read as {text}"),
            How::PercentSign => {
                format!("number format {format} shows a % sign: {stored} read as {text}")
            }
            How::Date => format!("date format {format}: {stored} shown as {text}"),
            How::Time => format!("time format {format}: {stored} shown as {text}"),
            How::NotADate => format!(
                "date format {format} on {stored}, which is no date Excel can show (it shows ####)"
            ),
            How::Scaled(what) => format!("number format {format} {what}: {stored} is stored"),
            How::Unit(unit) => format!("number format {format} shows the unit {unit}: {stored}"),
            How::ExcelError => format!("Excel error value {stored}"),
            How::Boolean => format!("TRUE/FALSE value {text}"),
            How::TextNumber => format!("number stored as text {stored:?}"),
            How::Merged { range, from } => {
                if stored.is_empty() {
                    format!("merged cells {range}: the value of {from}")
                } else {
                    format!("merged cells {range}: the value of {from} (the cell itself holds {stored:?}, hidden by the merge)")
                }
            }
        }
    }

    /// The unit the cell's number format shows beside the number.
    pub fn shown_unit(&self) -> Option<&str> {
        match &self.how {
            How::Unit(unit) => Some(unit),
            _ => None,
        }
    }

    /// Why the cell cannot be read as a number, when its number format
    /// shows a number other than the one stored.
    pub fn refuses_a_number(&self) -> Option<String> {
        match &self.how {
            How::NotADate => Some(format!(
                "the cell is formatted as a date ({}), but {} is no date Excel can show: format the cell as a number",
                self.format, self.stored
            )),
            How::Scaled(what) => Some(format!(
                "the cell's number format {} {what}, so Excel shows another number than the {} stored; which one is meant is unclear: format the cell as a number (0.00) and type the value in the column's unit",
                self.format, self.stored
            )),
            _ => None,
        }
    }
}

/// A merged range of a sheet: rows numbered as a spreadsheet shows them
/// (like `Row::line`), columns 0-based (like `Row::cells`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Merge {
    pub first_line: usize,
    pub last_line: usize,
    pub first_column: usize,
    pub last_column: usize,
}

impl Merge {
    /// The range as Excel names it ("A2:A4").
    pub fn name(&self) -> String {
        format!(
            "{}:{}",
            cell_name(self.first_line, self.first_column),
            cell_name(self.last_line, self.last_column)
        )
    }

    pub fn spans_rows(&self) -> bool {
        self.last_line > self.first_line
    }

    pub fn spans_columns(&self) -> bool {
        self.last_column > self.first_column
    }

    pub fn contains(&self, line: usize, col: usize) -> bool {
        (self.first_line..=self.last_line).contains(&line)
            && (self.first_column..=self.last_column).contains(&col)
    }
}

/// Column letters of a 0-based column: 0 is A, 26 is AA.
pub fn column_letters(col: usize) -> String {
    let mut n = col + 1;
    let mut out = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        out.push(b'A' + rem as u8);
        n = (n - 1) / 26;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// A cell's name: column letters and 1-based row ("B7").
pub fn cell_name(line: usize, col: usize) -> String {
    format!("{}{line}", column_letters(col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_and_descriptions() {
        assert_eq!(column_letters(0), "A");
        assert_eq!(column_letters(25), "Z");
        assert_eq!(column_letters(26), "AA");
        assert_eq!(column_letters(16_383), "XFD");
        assert_eq!(cell_name(7, 1), "B7");
        let r = CellReading {
            column: 3,
            stored: "0.085".into(),
            format: "0.0%".into(),
            how: How::Percent,
        };
        assert_eq!(
            r.describe("8.5%"),
            "percent format 0.0%: 0.085 read as 8.5%"
        );
        assert_eq!(r.refuses_a_number(), None);
        let m = CellReading {
            column: 0,
            stored: String::new(),
            format: String::new(),
            how: How::Merged {
                range: "A2:A4".into(),
                from: "A2".into(),
            },
        };
        assert_eq!(m.describe("C01"), "merged cells A2:A4: the value of A2");
    }
}

//! The data tables: every CSV file and workbook sheet, built from the
//! result as `Table`s (columns from the column catalogue, typed cells).
//!
//! Builders only arrange values; they neither format numbers nor write
//! files. Text that came from an input file is marked as such
//! (`Cell::Input`), so that spreadsheet formats can neutralise it.

pub mod analysis;
pub mod process;
pub mod quality;
pub mod rectify;
pub mod result;
pub mod roster;

use super::table::{Digits, Kind};

pub use result::{grade_id, grade_zh};

const TEXT: Kind = Kind::Text;
const INT: Kind = Kind::Integer;
const EXACT: Kind = Kind::Number(Digits::Exact);

/// Numbers at fixed decimals.
const fn fixed(decimals: u32) -> Kind {
    Kind::Number(Digits::Fixed(decimals))
}

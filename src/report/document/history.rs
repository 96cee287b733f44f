//! The documents' sections of a round's life: the change log of a run
//! that supersedes an earlier one (更正说明, right after the summary: a
//! published correction says first what it corrects) and the movement
//! since the previous round (after the results), as blocks, worded as in
//! report.md and report.html.

use super::{Block, DocTable};
use crate::audit::RoundResult;
use crate::report::movement;
use crate::report::msg::diff::DiffWords;
use crate::report::msg::movement::MoveWords;
use crate::report::msg::Lang;

fn para(text: &str) -> Block {
    Block::Para {
        text: text.to_string(),
    }
}

/// A table whose first column (the cluster) is the wide one and whose
/// columns from `numbers` on are right-aligned.
fn table(header: Vec<String>, rows: Vec<Vec<String>>, numbers: std::ops::Range<usize>) -> DocTable {
    DocTable {
        right: (0..header.len()).map(|k| numbers.contains(&k)).collect(),
        wide: (0..header.len()).map(|k| k == 0).collect(),
        header,
        rows,
    }
}

/// The change log, when the run supersedes another.
pub(super) fn change_log(r: &RoundResult, l: Lang, out: &mut Vec<Block>) {
    let Some(log) = &r.change_log else { return };
    let t = if l == Lang::Zh { &log.zh } else { &log.en };
    out.push(Block::Heading {
        level: 1,
        text: DiffWords::LogHeading.text(l).to_string(),
    });
    out.extend(t.intro.iter().map(|s| para(s)));
    out.extend(t.inputs.iter().map(|s| para(s)));
    out.push(Block::Table(table(t.header.clone(), t.rows.clone(), 1..7)));
    out.extend(t.closing.iter().map(|s| para(s)));
}

/// The movement since the previous round, when the round names one.
pub(super) fn movement(r: &RoundResult, l: Lang, out: &mut Vec<Block>) {
    let Some(m) = &r.movement else { return };
    out.push(Block::Heading {
        level: 1,
        text: MoveWords::Heading.text(l).to_string(),
    });
    out.push(para(&movement::intro(m, l)));
    let (header, rows) = movement::table(r, m, l);
    let n = header.len();
    out.push(Block::Table(table(header, rows, 2..n)));
    out.extend(movement::closing(m, l).iter().map(|s| para(s)));
}

/// The texts of these sections that come from the inputs (changed cells,
/// names), for the check of characters the font lacks.
pub(super) fn sources(r: &RoundResult, l: Lang, push: &mut dyn FnMut(String, &str)) {
    if let Some(log) = &r.change_log {
        let t = if l == Lang::Zh { &log.zh } else { &log.en };
        for line in &t.inputs {
            push("change log: changed input".to_string(), line);
        }
        for row in &t.rows {
            push("change log: cluster".to_string(), &row[0]);
        }
    }
}

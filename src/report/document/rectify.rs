//! The documents' rectification list (整改清单): the same section as the
//! reports' (`report::rectify` words it), as blocks: the heading and the
//! introduction, then per cluster a sub-heading, its line (standing,
//! score, target, gap), the weakest indicators and the plan as tables,
//! the plan's outcome and what it means for the cluster's own targets.
//! Only a round with a process has it.

use super::{Block, DocTable};
use crate::audit::RoundResult;
use crate::report::msg::rectify::Rect;
use crate::report::msg::Lang;
use crate::report::rectify;
use crate::report::table::Table;

/// A display table as a document table: the indicator column is the wide
/// one, numbers are right-aligned.
fn doc_table(t: &Table, l: Lang) -> DocTable {
    DocTable {
        header: t
            .columns
            .iter()
            .map(|c| l.pick(&c.zh, &c.en).to_string())
            .collect(),
        right: t.columns.iter().map(|c| c.kind.is_numeric()).collect(),
        wide: t
            .columns
            .iter()
            .map(|c| c.en == Rect::Indicator.text(Lang::En))
            .collect(),
        rows: t
            .rows
            .iter()
            .map(|row| {
                row.iter()
                    .zip(&t.columns)
                    .map(|(cell, c)| cell.shown(c.kind))
                    .collect()
            })
            .collect(),
    }
}

fn para(text: String) -> Block {
    Block::Para { text }
}

/// The section's blocks.
pub(super) fn blocks(r: &RoundResult, l: Lang, out: &mut Vec<Block>) {
    if r.process.is_none() {
        return;
    }
    let d = r.framework.display_decimals;
    out.push(Block::Heading {
        level: 1,
        text: Rect::Heading.text(l).to_string(),
    });
    out.push(para(rectify::intro(r, l)));
    if r.rectification.is_empty() {
        out.push(para(Rect::None.text(l).to_string()));
    }
    for e in &r.rectification {
        out.push(Block::Heading {
            level: 2,
            text: rectify::title(e, l),
        });
        out.push(para(rectify::line(e, d, l)));
        out.push(para(Rect::Weakest.text(l).to_string()));
        if e.weakest.is_empty() {
            out.push(para(Rect::NoWeak.text(l).to_string()));
        } else {
            out.push(Block::Table(doc_table(&rectify::weak_table(e, d, l), l)));
        }
        out.push(para(Rect::PlanHeading.text(l).to_string()));
        if let Some(t) = rectify::plan_table(e, l) {
            out.push(Block::Table(doc_table(&t, l)));
        }
        out.push(para(rectify::plan_outcome(e, d, l)));
        let lines = rectify::progress_lines(e, l);
        if !lines.is_empty() {
            out.push(para(Rect::ProgressHeading.text(l).to_string()));
            out.extend(lines.into_iter().map(para));
        }
    }
}

/// The texts of the section the framework supplied (indicator and field
/// names, units), with where they came from, for the font check.
pub(super) fn sources(r: &RoundResult, l: Lang, push: &mut dyn FnMut(String, &str)) {
    for e in &r.rectification {
        for w in &e.weakest {
            push(
                format!("framework indicator {}", w.indicator),
                l.pick(&w.name_zh, &w.name_en),
            );
        }
        for m in crate::report::tables::rectify::moves(e) {
            push(
                format!("framework indicator {}", m.indicator),
                l.pick(&m.name_zh, &m.name_en),
            );
            push(format!("framework indicator {} unit", m.indicator), &m.unit);
        }
        for p in &e.progress {
            push(
                format!("framework field {}", p.field),
                l.pick(&p.name_zh, &p.name_en),
            );
            push(format!("framework field {} unit", p.field), &p.unit);
        }
    }
}

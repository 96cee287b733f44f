//! What the table builder says about a layout: the units of a units row
//! put into the header (a header that already names another unit is a
//! located error), a note for the comment lines above the header, and one
//! warning per file for each kind of row set
//! aside (title rows, the units row, rows that are not records, rows
//! outside a pinned range), naming the rows and what they hold.

use super::Row;
use crate::diag::{Diagnostic, Diagnostics};
use crate::ingest::layout::{shown, Kind, Layout, Role, UnitsRow};
use crate::ingest::{split_header_unit, units};

/// Rows a warning quotes before it counts the rest.
const QUOTED: usize = 5;

/// Put each unit of the units row into its column's header, in brackets
/// ("营业收入" and 亿元 give "营业收入(亿元)"). Returns the headers changed,
/// before and after.
pub(super) fn apply_units(
    headers: &mut [String],
    units_row: &UnitsRow,
    row: &Row,
    role: &Role,
    file: &str,
    diags: &mut Diagnostics,
) -> Vec<(String, String)> {
    let mut applied = Vec::new();
    for (c, unit) in &units_row.units {
        let Some(h) = headers.get_mut(*c).filter(|h| !h.is_empty()) else {
            continue;
        };
        match split_header_unit(h) {
            (_, Some(named)) if role.is_unit(&named) => {
                if units::factor(unit, &named) != Some(1.0) {
                    diags.push(
                        Diagnostic::error(
                            file,
                            format!(
                                "the units row gives {unit}, but the header of this column says {named}: keep one unit (in the header or in the units row)"
                            ),
                        )
                        .row(row.line)
                        .column(h.clone())
                        .value(row.cells.get(*c).map_or("", |s| s.trim())),
                    );
                }
            }
            _ => {
                let new = format!("{h}({unit})");
                applied.push((std::mem::replace(h, new.clone()), new));
            }
        }
    }
    applied
}

/// One warning per kind of row set aside.
pub(super) fn report_set_aside(
    rows: &[Row],
    layout: &Layout,
    applied: &[(String, String)],
    file: &str,
    diags: &mut Diagnostics,
) {
    let header = rows[layout.header].line;
    let of = |kinds: &[Kind]| -> Vec<(&Row, Kind)> {
        layout
            .set_aside
            .iter()
            .filter(|(_, k)| kinds.contains(k))
            .map(|&(i, k)| (&rows[i], k))
            .collect()
    };
    let comments = of(&[Kind::Comment]);
    if let Some((first, _)) = comments.first() {
        diags.push(
            Diagnostic::note(
                file,
                format!(
                    "{} above the header (row {header}) {} skipped as {}: {}",
                    ranges(&comments),
                    were(&comments),
                    plural(&comments, "a comment line"),
                    quoted(&comments, false)
                ),
            )
            .zh(format!(
                "表头（第 {header} 行）上方的{}是注释行，已跳过：{}",
                ranges_zh(&comments),
                quoted_zh(&comments, false)
            ))
            .row(first.line),
        );
    }
    let mut warn = |found: &[(&Row, Kind)], message: String, zh: String| {
        if let Some((first, _)) = found.first() {
            diags.push(Diagnostic::warning(file, message).zh(zh).row(first.line));
        }
    };
    let titles = of(&[Kind::Title]);
    warn(
        &titles,
        format!(
            "{} above the header (row {header}) {} skipped as {}: {}",
            ranges(&titles),
            were(&titles),
            plural(&titles, "a title row"),
            quoted(&titles, false)
        ),
        format!(
            "表头（第 {header} 行）上方的{}作为标题行跳过：{}",
            ranges_zh(&titles),
            quoted_zh(&titles, false)
        ),
    );
    let above = of(&[Kind::AbovePinnedHeader]);
    warn(
        &above,
        format!(
            "{} above the header row {header} set in round.toml {} skipped: {}",
            ranges(&above),
            were(&above),
            quoted(&above, false)
        ),
        format!(
            "round.toml 设定的表头行（第 {header} 行）上方的{}已跳过：{}",
            ranges_zh(&above),
            quoted_zh(&above, false)
        ),
    );
    let units = of(&[Kind::Units]);
    let changes: Vec<String> = applied
        .iter()
        .take(QUOTED)
        .map(|(from, to)| format!("{from} → {to}"))
        .collect();
    let applied_zh = if applied.is_empty() {
        "表头已写明单位".to_string()
    } else {
        format!(
            "其单位已并入表头：{}{}",
            changes.join("，"),
            more_zh(applied.len())
        )
    };
    let applied_to = if applied.is_empty() {
        "the header already names its units".to_string()
    } else {
        format!(
            "its units were applied to the header: {}{}",
            changes.join(", "),
            more(applied.len())
        )
    };
    warn(
        &units,
        format!(
            "{} under the header is a units row; {applied_to}",
            ranges(&units)
        ),
        format!("表头下方的{}是单位行；{applied_zh}", ranges_zh(&units)),
    );
    let others = of(&[Kind::Total, Kind::Note, Kind::Signature]);
    warn(
        &others,
        format!(
            "{} not {} and {} set aside (listed in rejections.csv): {}",
            counted(&others),
            plural(&others, "a record"),
            were(&others),
            quoted(&others, true)
        ),
        format!(
            "{} 行不是数据记录，已剔除（列于 rejections.csv）：{}",
            others.len(),
            quoted_zh(&others, true)
        ),
    );
    let outside = of(&[Kind::OutsidePinnedRange]);
    warn(
        &outside,
        format!(
            "{} outside the data range set in round.toml {} set aside (listed in rejections.csv)",
            ranges(&outside),
            were(&outside)
        ),
        format!(
            "{}在 round.toml 设定的数据范围之外，已剔除（列于 rejections.csv）",
            ranges_zh(&outside)
        ),
    );
}

/// `more` in Chinese: "，另有 3 项".
fn more_zh(n: usize) -> String {
    if n > QUOTED {
        format!("，另有 {} 项", n - QUOTED)
    } else {
        String::new()
    }
}

/// `quoted` in Chinese.
fn quoted_zh(found: &[(&Row, Kind)], kinds: bool) -> String {
    let each: Vec<String> = found
        .iter()
        .take(QUOTED)
        .map(|(r, k)| {
            if kinds {
                format!("第 {} 行（{}）“{}”", r.line, k.reason_zh(), shown(r))
            } else {
                format!("“{}”", shown(r))
            }
        })
        .collect();
    format!("{}{}", each.join("；"), more_zh(found.len()))
}

/// `ranges` in Chinese: "第 1-2、5 行".
fn ranges_zh(found: &[(&Row, Kind)]) -> String {
    let english = ranges(found);
    let list = english
        .trim_start_matches("rows ")
        .trim_start_matches("row ")
        .replace(", ", "、");
    format!("第 {list} 行")
}

fn were(found: &[(&Row, Kind)]) -> &'static str {
    if found.len() == 1 {
        "was"
    } else {
        "were"
    }
}

/// "a record" or "records".
fn plural(found: &[(&Row, Kind)], one: &str) -> String {
    match found.len() {
        1 => one.to_string(),
        _ => format!("{}s", one.trim_start_matches("a ")),
    }
}

/// "1 row is" / "3 rows are".
fn counted(found: &[(&Row, Kind)]) -> String {
    match found.len() {
        1 => "1 row is".to_string(),
        n => format!("{n} rows are"),
    }
}

/// ", and 3 more" beyond the rows quoted.
fn more(n: usize) -> String {
    if n > QUOTED {
        format!(", and {} more", n - QUOTED)
    } else {
        String::new()
    }
}

/// The rows quoted (the first `QUOTED`), each with its kind if asked.
fn quoted(found: &[(&Row, Kind)], kinds: bool) -> String {
    let each: Vec<String> = found
        .iter()
        .take(QUOTED)
        .map(|(r, k)| {
            if kinds {
                format!("row {} ({}) {:?}", r.line, k.reason(), shown(r))
            } else {
                format!("{:?}", shown(r))
            }
        })
        .collect();
    format!("{}{}", each.join("; "), more(found.len()))
}

/// "row 3", "rows 1-2", "rows 1-2, 5".
fn ranges(found: &[(&Row, Kind)]) -> String {
    let lines: Vec<usize> = found.iter().map(|(r, _)| r.line).collect();
    let mut parts: Vec<String> = Vec::new();
    let mut k = 0;
    while k < lines.len() {
        let mut end = k;
        while end + 1 < lines.len() && lines[end + 1] == lines[end] + 1 {
            end += 1;
        }
        parts.push(if end == k {
            lines[k].to_string()
        } else {
            format!("{}-{}", lines[k], lines[end])
        });
        k = end + 1;
    }
    let word = if lines.len() == 1 { "row" } else { "rows" };
    format!("{word} {}", parts.join(", "))
}

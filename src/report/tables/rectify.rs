//! whatif.csv: the rectification list (`audit::whatif`) as data, one row
//! per cluster of the list and per indicator that is among its weakest or
//! moved by its plan: the weakest first (by their place, 1 = the largest
//! shortfall below the cohort median), then the other moves of the plan
//! in framework order. A cluster with neither has one row without an
//! indicator. The cluster's columns (standing, target, gap, plan) repeat
//! on each of its rows; the move's columns are blank on a row the plan
//! does not move, the weak columns on a move that is not weak. Numbers are
//! written exactly, as in the other data files.

use super::{EXACT, INT, TEXT};
use crate::audit::whatif::{PlanView, PlannedMove, ProgressNeed, Rectification, Weak};
use crate::report::msg::term;
use crate::report::msg::{Alias, Col, Lang};
use crate::report::table::{Cell, Column, Table};

/// The target of an entry as an id (`good`, `quota`, `rank_3`) and in
/// Chinese.
pub fn target_cells(e: &Rectification) -> (String, String) {
    match &e.target {
        None => (String::new(), String::new()),
        Some(t) => match t.kind.as_str() {
            "grade" => (t.grade.clone(), t.name_zh.clone()),
            "rank" => {
                let n = t.rank.unwrap_or(0);
                (format!("rank_{n}"), format!("第{n}名"))
            }
            _ => (
                "quota".into(),
                term::status_id("selected", Lang::Zh).to_string(),
            ),
        },
    }
}

/// The plan's code: `found`, `no_plan`, or empty (no plan computed).
pub fn plan_code(p: Option<&PlanView>) -> &'static str {
    match p {
        Some(PlanView::Found { .. }) => "found",
        Some(PlanView::NoPlan) => "no_plan",
        None => "",
    }
}

/// The moves of an entry's plan (none without one).
pub fn moves(e: &Rectification) -> &[PlannedMove] {
    match &e.plan {
        Some(PlanView::Found { moves, .. }) => moves,
        _ => &[],
    }
}

/// The rows of an entry: (weak, move) per indicator, as the module header
/// orders them.
pub fn rows(e: &Rectification) -> Vec<(Option<&Weak>, Option<&PlannedMove>)> {
    let moves = moves(e);
    let mut out: Vec<_> = e
        .weakest
        .iter()
        .map(|w| (Some(w), moves.iter().find(|m| m.indicator == w.indicator)))
        .collect();
    out.extend(
        moves
            .iter()
            .filter(|m| !e.weakest.iter().any(|w| w.indicator == m.indicator))
            .map(|m| (None, Some(m))),
    );
    out
}

pub fn whatif(list: &[Rectification]) -> Table {
    let mut t = Table::data(&[
        (Col::ClusterId, TEXT),
        (Col::NameZh, TEXT),
        (Col::NameEn, TEXT),
        (Col::Standing, TEXT),
        (Col::StandingZh, TEXT),
        (Col::DecidedScore, EXACT),
    ]);
    t.columns.push(Column::alias(Alias::RectifyTarget, TEXT));
    t.columns.extend(
        Table::data(&[
            (Col::TargetZh, TEXT),
            (Col::Gap, EXACT),
            (Col::Plan, TEXT),
            (Col::Fewest, TEXT),
            (Col::PlanTotal, EXACT),
            (Col::IndicatorId, TEXT),
            (Col::IndicatorZh, TEXT),
            (Col::WeakRank, INT),
        ])
        .columns,
    );
    t.columns.push(Column::alias(Alias::PointsEarned, EXACT));
    t.columns.extend(
        Table::data(&[
            (Col::PointsMax, EXACT),
            (Col::MedianPoints, EXACT),
            (Col::Shortfall, EXACT),
            (Col::Unit, TEXT),
            (Col::Submitted, EXACT),
            (Col::Planned, EXACT),
            (Col::ChangePct, EXACT),
            (Col::Limit, EXACT),
            (Col::Field, TEXT),
            (Col::FieldCurrent, EXACT),
            (Col::FieldNeeded, EXACT),
            (Col::FieldTarget, EXACT),
            (Col::ShareNeeded, EXACT),
            (Col::ProgressNeeded, EXACT),
        ])
        .columns,
    );
    for e in list {
        let (target, target_zh) = target_cells(e);
        let (total, fewest) = match &e.plan {
            Some(PlanView::Found { score, fewest, .. }) => {
                (Cell::num(*score), Cell::yes_no(*fewest))
            }
            _ => (Cell::Blank, Cell::Blank),
        };
        let head = vec![
            Cell::input(&e.cluster_id),
            Cell::input(&e.name_zh),
            Cell::input(&e.name_en),
            Cell::text(&e.standing),
            Cell::input(&e.standing_zh),
            Cell::num(e.score),
            Cell::text(target),
            Cell::input(target_zh),
            Cell::num(e.gap),
            Cell::text(plan_code(e.plan.as_ref())),
            fewest,
            total,
        ];
        let mut rows = rows(e);
        if rows.is_empty() {
            rows.push((None, None));
        }
        for (weak, mv) in rows {
            let mut row = head.clone();
            let (id, zh) = match (weak, mv) {
                (Some(w), _) => (w.indicator.as_str(), w.name_zh.as_str()),
                (None, Some(m)) => (m.indicator.as_str(), m.name_zh.as_str()),
                (None, None) => ("", ""),
            };
            row.push(Cell::text(id));
            row.push(Cell::input(zh));
            row.push(Cell::int(weak.map(|w| w.rank)));
            let points = weak
                .map(|w| (w.points, w.points_max))
                .or(mv.map(|m| (m.points, m.points_max)));
            row.push(Cell::num(points.map(|p| p.0)));
            row.push(Cell::num(points.map(|p| p.1)));
            row.push(Cell::num(weak.map(|w| w.median)));
            row.push(Cell::num(weak.map(|w| w.shortfall)));
            row.push(Cell::input(mv.map(|m| m.unit.clone()).unwrap_or_default()));
            row.push(Cell::num(mv.and_then(|m| m.submitted)));
            row.push(Cell::num(mv.map(|m| m.planned)));
            row.push(Cell::num(mv.and_then(|m| m.change_pct)));
            row.push(Cell::num(mv.map(|m| m.limit)));
            let need: Option<&ProgressNeed> =
                mv.and_then(|m| e.progress.iter().find(|p| p.indicator == m.indicator));
            row.push(Cell::text(
                need.map(|p| p.field.clone()).unwrap_or_default(),
            ));
            row.push(Cell::num(need.and_then(|p| p.current)));
            row.push(Cell::num(need.map(|p| p.needed)));
            row.push(Cell::num(need.map(|p| p.target)));
            row.push(Cell::num(need.and_then(|p| p.share_needed)));
            row.push(Cell::num(need.and_then(|p| p.progress_needed)));
            t.push(row);
        }
    }
    t
}

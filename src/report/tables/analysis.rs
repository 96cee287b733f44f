//! Tables of the weights, the method comparison and the robustness
//! analysis: weights, methods, method agreement, robustness, sensitivity.

use super::{EXACT, INT, TEXT};
use crate::compare::Comparison;
use crate::report::msg::{Alias, Col, Measure};
use crate::report::table::{Cell, Column, Table};
use crate::robust::Robustness;
use crate::weighting::WeightRow;

/// weights.csv: every child of every node with its resolved weight.
pub fn weights(rows: &[WeightRow]) -> Table {
    let mut t = Table::data(&[
        (Col::Node, TEXT),
        (Col::NodeNameZh, TEXT),
        (Col::NodeNameEn, TEXT),
        (Col::Child, TEXT),
        (Col::Kind, TEXT),
    ]);
    // The child's names: a node's or an indicator's, not a cluster's.
    t.columns.push(Column::alias(Alias::ItemNameZh, TEXT));
    t.columns.push(Column::data(Col::NameEn, TEXT));
    t.columns.extend(
        Table::data(&[
            (Col::Method, TEXT),
            (Col::Subjective, EXACT),
            (Col::Objective, EXACT),
            (Col::Share, EXACT),
            (Col::Weight, EXACT),
            (Col::Points, EXACT),
            (Col::AhpLambdaMax, EXACT),
            (Col::AhpCi, EXACT),
            (Col::AhpCr, EXACT),
        ])
        .columns,
    );
    for r in rows {
        t.push(vec![
            Cell::input(&r.node),
            Cell::input(&r.node_name_zh),
            Cell::input(&r.node_name_en),
            Cell::input(&r.child),
            Cell::text(r.kind),
            Cell::input(&r.name_zh),
            Cell::input(&r.name_en),
            Cell::text(&r.method),
            Cell::num(r.subjective),
            Cell::num(r.objective),
            Cell::num(r.share),
            Cell::Num(r.weight),
            Cell::Num(r.points),
            Cell::num(r.ahp_lambda_max),
            Cell::num(r.ahp_ci),
            Cell::num(r.ahp_cr),
        ]);
    }
    statistical_columns(&mut t, rows);
    t
}

/// The columns of PCA and optimised weights, only when a node uses them
/// (so a round without them keeps its weights.csv as it was).
fn statistical_columns(t: &mut Table, rows: &[WeightRow]) {
    type Get = fn(&WeightRow) -> Cell;
    let pca: [(&str, &str, Get); 2] = [
        ("pc1_loading", "第一主成分载荷", |r| {
            Cell::num(r.pc1_loading)
        }),
        (
            "pc1_variance_share",
            "第一主成分方差贡献率",
            |r| Cell::num(r.pc1_variance_share),
        ),
    ];
    let optimised: [(&str, &str, Get); 5] = [
        ("target_share", "目标相关份额", |r| {
            Cell::num(r.target_share)
        }),
        ("correlation", "与总分或节点的相关系数", |r| {
            Cell::num(r.correlation)
        }),
        ("objective_value", "目标函数值", |r| {
            Cell::num(r.objective_value)
        }),
        ("evaluations", "目标函数计算次数", |r| {
            Cell::int(r.evaluations)
        }),
        ("convergence", "收敛代码", |r| {
            Cell::int(r.convergence.map(|c| c as usize))
        }),
    ];
    let mut add = |cols: &[(&str, &str, Get)]| {
        for &(id, zh, get) in cols {
            let kind = if id == "evaluations" || id == "convergence" {
                INT
            } else {
                EXACT
            };
            t.columns
                .push(Column::named(id.to_string(), zh.to_string(), kind));
            for (row, r) in t.rows.iter_mut().zip(rows) {
                row.push(get(r));
            }
        }
    };
    if rows.iter().any(|r| r.pc1_loading.is_some()) {
        add(&pca);
    }
    if rows.iter().any(|r| r.objective_value.is_some()) {
        add(&optimised);
    }
}

/// methods.csv: each cluster's value and rank under every method (ranks
/// are whole numbers, and the workbook shows them so).
pub fn methods(c: &Comparison) -> Table {
    let mut t = Table::data(&[
        (Col::ClusterId, TEXT),
        (Col::NameZh, TEXT),
        (Col::NameEn, TEXT),
    ]);
    for m in &c.methods {
        t.columns.push(
            Column::named(format!("rank_{m}"), format!("{m}排名"), EXACT)
                .measured(Measure::Ordinal),
        );
    }
    for m in &c.methods {
        t.columns.push(
            Column::named(format!("value_{m}"), format!("{m}得分"), EXACT).measured(Measure::Index),
        );
    }
    for r in &c.rows {
        let mut row = vec![
            Cell::input(&r.cluster_id),
            Cell::input(&r.name_zh),
            Cell::input(&r.name_en),
        ];
        row.extend(r.ranks.iter().map(|&x| Cell::count(x)));
        row.extend(r.values.iter().map(|&x| Cell::Num(x)));
        t.push(row);
    }
    t
}

/// method_agreement.csv: Spearman and Kendall of each method against the
/// official ranking.
pub fn method_agreement(c: &Comparison) -> Table {
    let mut t = Table::data(&[
        (Col::Method, TEXT),
        (Col::Spearman, EXACT),
        (Col::KendallTauB, EXACT),
        (Col::ClustersMoved, EXACT),
        (Col::MaxRankShift, EXACT),
    ]);
    for a in &c.agreement {
        t.push(vec![
            Cell::text(&a.method),
            Cell::Num(a.spearman),
            Cell::Num(a.kendall),
            Cell::count(a.moved),
            Cell::count(a.max_shift),
        ]);
    }
    t
}

/// robustness.csv: each cluster's rank distribution over the replications.
pub fn robustness(r: &Robustness) -> Table {
    let mut t = Table::data(&[
        (Col::ClusterId, TEXT),
        (Col::NameZh, TEXT),
        (Col::NameEn, TEXT),
        (Col::NominalRank, EXACT),
        (Col::MedianRank, EXACT),
        (Col::P05Rank, EXACT),
        (Col::P95Rank, EXACT),
        (Col::MeanRank, EXACT),
        (Col::PSelected, EXACT),
    ]);
    t.columns.extend(r.grades.iter().map(|g| {
        Column::named(format!("p_grade_{g}"), format!("{g}等次概率"), EXACT)
            .measured(Measure::Fraction)
    }));
    for c in &r.clusters {
        let mut row = vec![
            Cell::input(&c.cluster_id),
            Cell::input(&c.name_zh),
            Cell::input(&c.name_en),
            Cell::count(c.nominal_rank),
            Cell::Int(c.median_rank.into()),
            Cell::Int(c.p05_rank.into()),
            Cell::Int(c.p95_rank.into()),
            Cell::Num(c.mean_rank),
            Cell::Num(c.p_selected),
        ];
        row.extend(c.p_grade.iter().map(|&p| Cell::Num(p)));
        t.push(row);
    }
    t
}

/// sensitivity.csv: Sobol indices of each uncertain choice with their 95 %
/// bootstrap intervals.
pub fn sensitivity(r: &Robustness) -> Table {
    let mut t = Table::data(&[
        (Col::Choice, TEXT),
        (Col::Varies, TEXT),
        (Col::FirstOrder, EXACT),
        (Col::FirstOrderLow, EXACT),
        (Col::FirstOrderHigh, EXACT),
    ]);
    // The CSV column stays `total` (its readers); its Chinese name is the
    // total effect's, not a cluster's 总分.
    t.columns.push(Column::alias(Alias::TotalEffect, EXACT));
    t.columns.push(Column::data(Col::TotalLow, EXACT));
    t.columns.push(Column::data(Col::TotalHigh, EXACT));
    for f in &r.factors {
        t.push(vec![
            Cell::text(&f.factor),
            Cell::input(&f.description),
            Cell::Num(f.first.value),
            Cell::Num(f.first.low),
            Cell::Num(f.first.high),
            Cell::Num(f.total.value),
            Cell::Num(f.total.low),
            Cell::Num(f.total.high),
        ]);
    }
    t
}

/// robustness_pairwise.csv: the top clusters two by two, the share of the
/// replications in which the first ranks ahead of the second, behind it,
/// or level with it (the three add up to 1).
pub fn pairwise(r: &Robustness) -> Table {
    let mut t = Table::new(vec![
        Column::named("cluster_a".into(), "前一集群".into(), TEXT),
        Column::named("cluster_b".into(), "后一集群".into(), TEXT),
        Column::named("p_a_ahead".into(), "前者领先概率".into(), EXACT).measured(Measure::Fraction),
        Column::named("p_b_ahead".into(), "后者领先概率".into(), EXACT).measured(Measure::Fraction),
        Column::named("p_tie".into(), "名次相同概率".into(), EXACT).measured(Measure::Fraction),
    ]);
    for p in &r.pairwise.pairs {
        t.push(vec![
            Cell::input(&p.a),
            Cell::input(&p.b),
            Cell::Num(p.a_ahead),
            Cell::Num(p.b_ahead),
            Cell::Num(p.tie),
        ]);
    }
    t
}

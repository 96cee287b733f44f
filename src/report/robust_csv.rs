//! CSV views of the weights, the method comparison and the robustness
//! analysis: weights.csv, methods.csv, method_agreement.csv,
//! robustness.csv, sensitivity.csv.

use super::csv_out::{finish, neutralise, row};
use super::exact;
use crate::compare::Comparison;
use crate::diag::Result;
use crate::robust::Robustness;
use crate::weighting::WeightRow;

fn s(x: &str) -> String {
    x.to_string()
}

/// weights.csv: every child of every node with its resolved weight.
pub fn weights_csv(rows: &[WeightRow]) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &[
            "node",
            "node_name_zh",
            "node_name_en",
            "child",
            "kind",
            "name_zh",
            "name_en",
            "method",
            "subjective",
            "objective",
            "share",
            "weight",
            "points",
            "ahp_lambda_max",
            "ahp_ci",
            "ahp_cr",
        ]
        .map(s),
    )?;
    for r in rows {
        row(
            &mut w,
            &[
                neutralise(&r.node),
                neutralise(&r.node_name_zh),
                neutralise(&r.node_name_en),
                neutralise(&r.child),
                s(r.kind),
                neutralise(&r.name_zh),
                neutralise(&r.name_en),
                r.method.clone(),
                exact(r.subjective),
                exact(r.objective),
                exact(r.share),
                exact(Some(r.weight)),
                exact(Some(r.points)),
                exact(r.ahp_lambda_max),
                exact(r.ahp_ci),
                exact(r.ahp_cr),
            ],
        )?;
    }
    finish(w)
}

/// methods.csv: each cluster's value and rank under every method.
pub fn methods_csv(c: &Comparison) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec![s("cluster_id"), s("name_zh"), s("name_en")];
    for m in &c.methods {
        header.push(format!("rank_{m}"));
    }
    for m in &c.methods {
        header.push(format!("value_{m}"));
    }
    row(&mut w, &header)?;
    for r in &c.rows {
        let mut cells = vec![
            neutralise(&r.cluster_id),
            neutralise(&r.name_zh),
            neutralise(&r.name_en),
        ];
        cells.extend(r.ranks.iter().map(|x| x.to_string()));
        cells.extend(r.values.iter().map(|x| exact(Some(*x))));
        row(&mut w, &cells)?;
    }
    finish(w)
}

/// method_agreement.csv: Spearman and Kendall of each method against the
/// official ranking.
pub fn agreement_csv(c: &Comparison) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &[
            "method",
            "spearman",
            "kendall_tau_b",
            "clusters_moved",
            "max_rank_shift",
        ]
        .map(s),
    )?;
    for a in &c.agreement {
        row(
            &mut w,
            &[
                a.method.clone(),
                exact(Some(a.spearman)),
                exact(Some(a.kendall)),
                a.moved.to_string(),
                a.max_shift.to_string(),
            ],
        )?;
    }
    finish(w)
}

/// robustness.csv: each cluster's rank distribution over the replications.
pub fn robustness_csv(r: &Robustness) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header: Vec<String> = [
        "cluster_id",
        "name_zh",
        "name_en",
        "nominal_rank",
        "median_rank",
        "p05_rank",
        "p95_rank",
        "mean_rank",
        "p_selected",
    ]
    .map(s)
    .to_vec();
    header.extend(r.grades.iter().map(|g| format!("p_grade_{g}")));
    row(&mut w, &header)?;
    for c in &r.clusters {
        let mut cells = vec![
            neutralise(&c.cluster_id),
            neutralise(&c.name_zh),
            neutralise(&c.name_en),
            c.nominal_rank.to_string(),
            c.median_rank.to_string(),
            c.p05_rank.to_string(),
            c.p95_rank.to_string(),
            exact(Some(c.mean_rank)),
            exact(Some(c.p_selected)),
        ];
        cells.extend(c.p_grade.iter().map(|p| exact(Some(*p))));
        row(&mut w, &cells)?;
    }
    finish(w)
}

/// sensitivity.csv: Sobol indices of each uncertain choice with their 95 %
/// bootstrap intervals.
pub fn sensitivity_csv(r: &Robustness) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    row(
        &mut w,
        &[
            "choice",
            "varies",
            "first_order",
            "first_order_low",
            "first_order_high",
            "total",
            "total_low",
            "total_high",
        ]
        .map(s),
    )?;
    for f in &r.factors {
        row(
            &mut w,
            &[
                f.factor.clone(),
                neutralise(&f.description),
                exact(Some(f.first.value)),
                exact(Some(f.first.low)),
                exact(Some(f.first.high)),
                exact(Some(f.total.value)),
                exact(Some(f.total.low)),
                exact(Some(f.total.high)),
            ],
        )?;
    }
    finish(w)
}

//! COINr's panel "purse" of the ASEM index (../shared/validation/
//! asem-analysis/purse/, made by make_reference.R there): five years of
//! treated data normalised with min-max 0-100 over all years at once
//! (`global = TRUE`), aggregated per year, and the trends of the aggregates.
//! Compared here with the pooled bounds, the kernel's scoring with given
//! bounds and the trend functions. The files are not copied into the
//! repository: without ../shared beside the clone the tests fail.

use crate::tolerance::close;
use crate::workdir::{col, read_csv, repo};
use cluster_eval::framework::{self, Framework};
use cluster_eval::history::pooled::{pooled_bounds, rescore_pooled, PooledRound};
use cluster_eval::history::trends::trend;
use cluster_eval::score::bounds::normalise_with;
use cluster_eval::score::kernel::{score, Plan};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The reference folder; a missing folder fails the test (never skipped).
fn purse() -> Option<PathBuf> {
    let dir = repo().join("../shared/validation/asem-analysis/purse");
    assert!(
        dir.is_dir(),
        "the COINr panel reference {} is missing: the series tests need ../shared beside the clone",
        dir.display()
    );
    Some(dir)
}

fn asem() -> Framework {
    let (fw, d) = framework::load(&repo().join("indicators/asem.toml"));
    assert!(!d.has_errors(), "{d:?}");
    fw.unwrap()
}

/// A panel file: (year -> [(unit, values by column)]), and its header.
type Panel = (Vec<String>, BTreeMap<i32, Vec<(String, Vec<f64>)>>);

fn panel(file: &std::path::Path) -> Panel {
    let (h, rows) = read_csv(file);
    let (u, t) = (col(&h, "uCode"), col(&h, "Time"));
    let mut out: BTreeMap<i32, Vec<(String, Vec<f64>)>> = BTreeMap::new();
    for r in rows {
        let values = r.iter().map(|c| c.parse().unwrap_or(f64::NAN)).collect();
        out.entry(r[t].parse().unwrap())
            .or_default()
            .push((r[u].clone(), values));
    }
    (h, out)
}

#[test]
fn pooled_min_max_equals_coinr_global_normalisation() {
    let Some(dir) = purse() else { return };
    let fw = asem();
    let (h, treated) = panel(&dir.join("treated.csv"));
    let (hn, normalised) = panel(&dir.join("normalised_global.csv"));
    let years: Vec<i32> = treated.keys().copied().collect();
    assert_eq!(years, vec![2018, 2019, 2020, 2021, 2022]);
    let mut compared = 0;
    for ind in &fw.indicators {
        let c = col(&h, &ind.id);
        let columns: Vec<Vec<f64>> = years
            .iter()
            .map(|y| treated[y].iter().map(|(_, v)| v[c]).collect())
            .collect();
        let refs: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let bounds = pooled_bounds(&ind.rule, &refs);
        for (k, y) in years.iter().enumerate() {
            let mut out = vec![0.0; columns[k].len()];
            assert!(normalise_with(
                &ind.rule,
                ind.direction,
                &columns[k],
                &bounds,
                &mut out
            ));
            for (i, (unit, _)) in treated[y].iter().enumerate() {
                let (u2, want) = &normalised[y][i];
                assert_eq!(unit, u2, "row order of {y}");
                close(
                    out[i] * 100.0,
                    want[col(&hn, &ind.id)],
                    1e-9,
                    format_args!("{} {unit} {y}", ind.id),
                );
                compared += 1;
            }
        }
    }
    assert_eq!(compared, 49 * 255);
}

#[test]
fn index_by_year_from_pooled_scores_equals_coinr() {
    let Some(dir) = purse() else { return };
    let mut fw = asem();
    let (h, treated) = panel(&dir.join("treated.csv"));
    let (hi, index) = panel(&dir.join("index_by_year.csv"));
    // The treated values are scored as they are: no imputation, treatment
    // or transform again, only min-max with the pooled bounds, per year.
    for ind in &mut fw.indicators {
        ind.treatment = None;
        ind.transforms.clear();
    }
    let mut plans = Vec::new();
    let mut scores = Vec::new();
    for rows in treated.values() {
        let n = rows.len();
        let plan = Plan::new(&fw, n, |_| vec![0; n]);
        let mut raw = vec![f64::NAN; n * fw.indicators.len()];
        for (j, ind) in fw.indicators.iter().enumerate() {
            let c = col(&h, &ind.id);
            for (i, (_, v)) in rows.iter().enumerate() {
                raw[j * n + i] = v[c];
            }
        }
        scores.push(score(&raw, &plan));
        plans.push(plan);
    }
    let m = fw.indicators.len();
    let mut rounds: Vec<PooledRound> = plans
        .iter()
        .zip(scores.iter_mut())
        .map(|(plan, scores)| PooledRound {
            plan,
            scores,
            columns: (0..m).map(Some).collect(),
        })
        .collect();
    rescore_pooled(&mut rounds, m);
    let node = |id: &str| fw.nodes.iter().position(|n| n.id == id).unwrap();
    let mut compared = 0;
    for (k, (y, rows)) in treated.iter().enumerate() {
        for (i, (unit, _)) in rows.iter().enumerate() {
            let (u2, want) = &index[y][i];
            assert_eq!(unit, u2);
            // The index on 0-100 is the total; a pillar's COINr score (its
            // mean on 0-100) is its subtotal over its points.
            close(
                scores[k].total(i),
                want[col(&hi, "Index")],
                1e-9,
                format_args!("Index {unit} {y}"),
            );
            for p in [
                "ConEcFin",
                "Instit",
                "P2P",
                "Physical",
                "Political",
                "Environ",
                "Social",
                "SusEcFin",
                "Conn",
                "Sust",
            ] {
                let n = node(p);
                let got = scores[k].subtotal(i, n) / fw.nodes[n].points * 100.0;
                close(got, want[col(&hi, p)], 1e-9, format_args!("{p} {unit} {y}"));
            }
            compared += 1;
        }
    }
    assert_eq!(compared, 255);
}

/// Every (unit, code) of a trend file against `trend` on index_by_year.
fn trends_match(
    file: &str,
    metric: &str,
    pick: fn(&cluster_eval::history::trends::Trend) -> Option<f64>,
) {
    let Some(dir) = purse() else { return };
    let (hi, index) = panel(&dir.join("index_by_year.csv"));
    let (h, rows) = read_csv(&dir.join(file));
    let (u, c, m) = (col(&h, "uCode"), col(&h, "iCode"), col(&h, metric));
    let (a, f, l) = (col(&h, "Avail"), col(&h, "t_first"), col(&h, "t_latest"));
    assert_eq!(rows.len(), 561);
    for r in &rows {
        let points: Vec<(i32, Option<f64>)> = index
            .iter()
            .map(|(y, units)| {
                let v = units.iter().find(|(x, _)| *x == r[u]).unwrap().1[col(&hi, &r[c])];
                (*y, Some(v).filter(|v| v.is_finite()))
            })
            .collect();
        let t = trend(&points);
        let what = format_args!("{metric} of {} {}", r[u], r[c]);
        match (pick(&t), r[m].as_str()) {
            (None, "NA") => {}
            (Some(got), want) => close(got, want.parse().unwrap(), crate::tolerance::SAME, what),
            (None, want) => panic!("{what}: none vs {want}"),
        }
        close(t.avail, r[a].parse().unwrap(), 1e-15, "Avail");
        assert_eq!(t.t_first.map(|y| y.to_string()).unwrap_or_default(), r[f]);
        assert_eq!(t.t_latest.map(|y| y.to_string()).unwrap_or_default(), r[l]);
    }
}

#[test]
fn trends_equal_coinr_cagr() {
    trends_match("trends_CAGR.csv", "CAGR", |t| t.cagr);
}

#[test]
fn trends_equal_coinr_prc_change() {
    trends_match("trends_prc_change.csv", "prc_change", |t| t.prc_change);
}

//! The official aggregation per node against COINr 1.1.14 on ASEM
//! (`../shared/validation/asem-analysis/aggregated_a_*.csv`; its README
//! gives every call). The ASEM round is scored with every node (and the
//! total) aggregated by one method; each pillar, sub-index and the index is
//! compared per unit by name. A node's COINr value is its fraction of
//! points x 100 (every power mean is homogeneous, so the fractions of
//! 1–100 or 0–100 normalised values give COINr's values / 100); a Copeland
//! node's score is recovered from its fraction `(s + 50) / 100` and must
//! be the same integer.

use crate::tolerance::{close, Tol};
use crate::workdir::{col, read_csv, repo, WorkDir};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::PathBuf;

/// The README's tolerance: 1e-9 absolute or 1e-6 relative.
const COINR: Tol = Tol::rel(1e-6, 1e-9);

/// The COINr reference folder; a missing folder fails the test.
pub fn reference(file: &str) -> PathBuf {
    let dir = repo().join("../shared/validation/asem-analysis");
    assert!(
        dir.is_dir(),
        "the COINr reference folder {} is missing: these tests compare with it (CI places ../shared beside the clone)",
        dir.display()
    );
    let p = dir.join(file);
    assert!(p.is_file(), "{} is missing", p.display());
    p
}

/// The ASEM round with no robustness section (not needed here) and its
/// framework edited by `edit`; the scores of `run`.
pub fn asem_scores(edit: impl Fn(String) -> String) -> Value {
    let w = WorkDir::new();
    let dir = asem_round(&w, edit);
    w.ok(&["run", dir.to_str().unwrap(), "--out", "out"]);
    serde_json::from_str(&w.read("out/scores.json")).unwrap()
}

/// The ASEM round in `w` without its robustness section, its framework
/// edited by `edit`.
pub fn asem_round(w: &WorkDir, edit: impl Fn(String) -> String) -> PathBuf {
    let dir = w.sample_round("asem");
    let round = w.read("round/round.toml");
    let cut = round
        .find("# Robustness of the ranking")
        .expect("robustness section");
    w.write("round/round.toml", &round[..cut]);
    let fw = w.read("round/framework.toml");
    w.write("round/framework.toml", edit(fw));
    dir
}

/// Every node's fraction of its points, per unit: (unit, node) -> fraction;
/// the total under "Index".
pub fn node_fractions(json: &Value) -> BTreeMap<(String, String), f64> {
    let points: BTreeMap<String, f64> = json["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| {
            (
                n["id"].as_str().unwrap().to_string(),
                n["points"].as_f64().unwrap(),
            )
        })
        .collect();
    let mut out = BTreeMap::new();
    for c in json["clusters"].as_array().unwrap() {
        let id = c["cluster_id"].as_str().unwrap().to_string();
        out.insert(
            (id.clone(), "Index".into()),
            c["total"].as_f64().unwrap() / 100.0,
        );
        for s in c["subtotals"].as_array().unwrap() {
            let node = s["node"].as_str().unwrap().to_string();
            let f = s["points"].as_f64().unwrap() / points[&node];
            out.insert((id.clone(), node), f);
        }
    }
    out
}

/// Compare every unit x aggregate of `file` with `got` (fractions): as
/// values x 100 within the tolerance, or, for the columns in `copeland`,
/// as Copeland scores exactly. Returns the number of cells compared.
fn compare(file: &str, got: &BTreeMap<(String, String), f64>, copeland: &[&str]) -> usize {
    let (h, rows) = read_csv(&reference(file));
    assert_eq!(rows.len(), 51, "{file}");
    let mut n = 0;
    for row in &rows {
        let unit = &row[0];
        for (k, col) in h.iter().enumerate().skip(1) {
            let want: f64 = row[k].parse().unwrap();
            let f = *got
                .get(&(unit.clone(), col.clone()))
                .unwrap_or_else(|| panic!("{file}: no value for {unit} {col}"));
            if copeland.contains(&col.as_str()) {
                // f = (s + 50) / 100 exactly up to rounding: s = 100 f - 50.
                let s = 100.0 * f - 50.0;
                assert!(
                    (s - s.round()).abs() < 1e-9,
                    "{file} {unit} {col}: {s} not an integer"
                );
                assert_eq!(s.round(), want, "{file} {unit} {col}: Copeland score");
            } else {
                close(
                    f * 100.0,
                    want,
                    COINR,
                    format_args!("{file} {unit} {col} vs COINr"),
                );
            }
            n += 1;
        }
    }
    n
}

/// The framework with min-max on [1, 100] (COINr's `coin_1_100`).
pub fn one_to_hundred(fw: String) -> String {
    fw.replace("rule = \"minmax\"", "rule = \"minmax\"\nrange = [1, 100]")
}

/// Every node (and the total) aggregated by `method` (a TOML value).
pub fn every_node(fw: String, method: &str) -> String {
    fw.replace("aggregation = \"mean\"", &format!("aggregation = {method}"))
}

#[test]
fn arithmetic_mean_matches_a_amean() {
    let got = node_fractions(&asem_scores(|fw| every_node(fw, "\"arithmetic\"")));
    assert_eq!(compare("aggregated_a_amean.csv", &got, &[]), 51 * 11);
}

#[test]
fn geometric_mean_matches_a_gmean_on_1_100_data() {
    let got = node_fractions(&asem_scores(|fw| {
        every_node(one_to_hundred(fw), "\"geometric\"")
    }));
    assert_eq!(compare("aggregated_a_gmean.csv", &got, &[]), 51 * 11);
}

#[test]
fn harmonic_mean_matches_a_hmean_on_1_100_data() {
    let got = node_fractions(&asem_scores(|fw| {
        every_node(one_to_hundred(fw), "\"harmonic\"")
    }));
    assert_eq!(compare("aggregated_a_hmean.csv", &got, &[]), 51 * 11);
}

#[test]
fn generalised_mean_p2_matches_a_genmean() {
    let got = node_fractions(&asem_scores(|fw| {
        every_node(fw, "{ method = \"generalised_mean\", p = 2 }")
    }));
    assert_eq!(compare("aggregated_a_genmean_p2.csv", &got, &[]), 51 * 11);
}

#[test]
fn copeland_at_every_level_matches_a_copeland() {
    let got = node_fractions(&asem_scores(|fw| every_node(fw, "\"copeland\"")));
    let all = [
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
        "Index",
    ];
    assert_eq!(compare("aggregated_a_copeland.csv", &got, &all), 51 * 11);
}

#[test]
fn copeland_at_the_index_only_matches_a_copeland_index() {
    // Only the total (the [framework] aggregation, the first "mean" of the
    // file) is Copeland; pillars and sub-indices stay arithmetic.
    let got = node_fractions(&asem_scores(|fw| {
        fw.replacen("aggregation = \"mean\"", "aggregation = \"copeland\"", 1)
    }));
    assert_eq!(
        compare("aggregated_a_copeland_index.csv", &got, &["Index"]),
        51 * 11
    );
}

/// The second ASEM version shipped for `compare --framework`
/// (indicators/asem-geometric.toml: min-max on [1, 100], geometric
/// pillars, arithmetic above) gives COINr's a_gmean pillars, and its
/// sub-indices and index are the arithmetic means of those pillars, here
/// computed from COINr's own pillar values (not from the engine's).
#[test]
fn the_shipped_geometric_version_has_coinr_gmean_pillars() {
    let shipped = std::fs::read_to_string(repo().join("indicators/asem-geometric.toml")).unwrap();
    let got = node_fractions(&asem_scores(|_| shipped.clone()));
    let (h, rows) = read_csv(&reference("aggregated_a_gmean.csv"));
    let groups: [(&str, &[&str]); 2] = [
        (
            "Conn",
            &["Physical", "ConEcFin", "Political", "Instit", "P2P"],
        ),
        ("Sust", &["Environ", "Social", "SusEcFin"]),
    ];
    let mut n = 0;
    for row in &rows {
        let unit = &row[0];
        let at = |c: &str| -> f64 { row[col(&h, c)].parse().unwrap() };
        let mut index = 0.0;
        for (node, pillars) in groups {
            let mut sum = 0.0;
            for p in pillars {
                let want = at(p);
                close(
                    got[&(unit.clone(), p.to_string())] * 100.0,
                    want,
                    COINR,
                    format_args!("{unit} {p}"),
                );
                sum += want;
                n += 1;
            }
            let mean = sum / pillars.len() as f64;
            close(
                got[&(unit.clone(), node.to_string())] * 100.0,
                mean,
                COINR,
                format_args!("{unit} {node}"),
            );
            index += mean / 2.0;
        }
        close(
            got[&(unit.clone(), "Index".to_string())] * 100.0,
            index,
            COINR,
            format_args!("{unit} Index"),
        );
    }
    assert_eq!(n, 51 * 8);
}

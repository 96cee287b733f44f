//! PCA and correlation-optimised weights (`[[weighting]]` with `method =
//! "pca"` or `"optimised"`, issue #18): against COINr on the ASEM index
//! (`coinr`), on small cases worked by hand (`hand`), and the located
//! errors (`errors`).

mod coinr;
mod errors;
mod hand;

use crate::workdir::{col, read_csv, repo, WorkDir};
use std::collections::BTreeMap;
use std::path::PathBuf;

/// COINr's reference values for the ASEM analysis. Missing, the tests fail
/// (they are never skipped in silence).
pub fn reference() -> PathBuf {
    let dir = repo().join("../shared/validation/asem-analysis");
    assert!(
        dir.join("README.md").is_file(),
        "the COINr reference folder {} is missing: the PCA and optimised-weight tests compare with it (CI has ../shared beside the clone)",
        dir.display()
    );
    dir
}

/// The ASEM round in `w` (`round/`), without its robustness analysis, with
/// `weightings` appended to its framework.
pub fn asem_with(w: &WorkDir, weightings: &str) -> PathBuf {
    let round = w.sample_round("asem");
    let text = w.read("round/round.toml");
    let cut = text
        .find("\n# Robustness")
        .expect("round.toml has a robustness part");
    w.write("round/round.toml", &text[..cut]);
    let mut fw = w.read("round/framework.toml");
    fw.push_str(weightings);
    w.write("round/framework.toml", fw);
    round
}

/// weights.csv of a run: (node, child) -> column -> cell.
pub type WeightTable = BTreeMap<(String, String), BTreeMap<String, String>>;

pub fn weights(w: &WorkDir, out: &str) -> WeightTable {
    let (h, rows) = read_csv(&w.path(&format!("{out}/weights.csv")));
    let (n, c) = (col(&h, "node"), col(&h, "child"));
    rows.into_iter()
        .map(|r| {
            let key = (r[n].clone(), r[c].clone());
            (key, h.iter().cloned().zip(r).collect())
        })
        .collect()
}

/// A number of a weights.csv row.
pub fn num(t: &WeightTable, node: &str, child: &str, column: &str) -> f64 {
    let row = t
        .get(&(node.to_string(), child.to_string()))
        .unwrap_or_else(|| panic!("weights.csv has no row {node} / {child}"));
    let cell = &row[column];
    cell.parse()
        .unwrap_or_else(|_| panic!("{node} / {child} {column}: {cell:?} is not a number"))
}

/// A tiny round in `r/` of `rows` (a CSV body `id,name,year,<fields>`)
/// whose indicators are the fields, each `(id, parent node)` ("" for the
/// total), min-max scored, every node a mean of equal weights, with
/// `extra` (nodes, weightings) appended to the framework.
pub fn tiny_round(w: &WorkDir, indicators: &[(&str, &str)], rows: &str, extra: &str) {
    let fields: Vec<&str> = indicators.iter().map(|i| i.0).collect();
    w.write(
        "r/round.toml",
        r#"[round]
id = "toy"
name_zh = "示例"
name_en = "Toy"
synthetic = true
framework = "fw.toml"
baseline_year = 2017
current_year = 2018
target_year = 2018

[inputs]
clusters = { file = "data.csv", columns = { cluster_id = "id", name_zh = "name" }, optional = ["city", "track"] }
submissions = [
  { file = "data.csv", columns = { cluster_id = "id", period = "year" }, ignore = ["name"] },
]
"#,
    );
    w.write(
        "r/data.csv",
        format!("id,name,year,{}\n{rows}", fields.join(",")),
    );
    let mut fw = String::from(
        "[framework]\nid = \"toy\"\nname_zh = \"示例\"\nname_en = \"Toy\"\ntotal_points = 100\naggregation = \"mean\"\n",
    );
    for f in &fields {
        fw.push_str(&format!(
            "\n[[field]]\nid = \"{f}\"\nname_zh = \"字段{f}\"\nname_en = \"field {f}\"\nunit = \"1\"\nkind = \"quantity\"\n"
        ));
    }
    for (f, parent) in indicators {
        fw.push_str(&format!(
            "\n[[indicator]]\nid = \"{f}\"\nname_zh = \"指标{f}\"\nname_en = \"indicator {f}\"\ndirection = \"higher\"\nrule = \"minmax\"\n"
        ));
        if !parent.is_empty() {
            fw.push_str(&format!("parent = \"{parent}\"\n"));
        }
    }
    fw.push_str(extra);
    w.write("r/fw.toml", fw);
}

//! Generality (issue #18): one-period rounds, comment lines before a
//! header, a column mapped to two roles, the unit label of a round, and
//! `compare --framework A --framework B`. Each test writes a tiny round
//! here (`tiny`) and checks numbers worked out by hand in its comments.

mod comments;
mod one_period;
mod two_roles;
mod unit_label;
mod versions;

use crate::workdir::WorkDir;

/// One dimension of two indicators: x by min-max (60 points, bounds from
/// the cohort), y by goalposts 0-100 (40 points, fixed bounds).
pub const FRAMEWORK: &str = r#"
[framework]
id = "general-test"
name_zh = "通用性测试"
name_en = "Generality test"
total_points = 100

[[grade]]
id = "good"
min = 50

[[grade]]
id = "fail"
min = 0

[[field]]
id = "x"
name_zh = "甲"
unit = "亿元"
kind = "amount"

[[field]]
id = "y"
name_zh = "乙"
unit = "亿元"
kind = "amount"

[[node]]
id = "d"
name_zh = "维度"
name_en = "Dimension"
points = 100

[[indicator]]
id = "x"
parent = "d"
name_zh = "甲"
name_en = "X"
points = 60
rule = "minmax"
missing = "no_points"

[[indicator]]
id = "y"
parent = "d"
name_zh = "乙"
name_en = "Y"
points = 40
rule = "goalpost"
lo = 0
hi = 100
"#;

/// The registry of the tiny rounds: three units A, B, C.
pub const CLUSTERS: &str = "cluster_id,name_zh,name_en,city,track\nA,甲集群,Cluster A,石家庄市,高端装备\nB,乙集群,Cluster B,石家庄市,高端装备\nC,丙集群,Cluster C,石家庄市,高端装备\n";

/// A one-period round (data year 2023) in `dir/` with the framework above,
/// `years` as the round's year lines and `data` as data.csv.
pub fn tiny(w: &WorkDir, dir: &str, years: &str, data: &str) {
    w.write(&format!("{dir}/framework.toml"), FRAMEWORK);
    w.write(
        &format!("{dir}/round.toml"),
        format!(
            "[round]\nid = \"tiny\"\nname_zh = \"测试\"\nname_en = \"Test\"\nframework = \"framework.toml\"\n{years}\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n"
        ),
    );
    w.write(&format!("{dir}/clusters.csv"), CLUSTERS);
    w.write(&format!("{dir}/data.csv"), data);
}

/// ranking.csv of an output folder: (cluster_id, total, rank) per row.
pub fn totals(w: &WorkDir, out: &str) -> Vec<(String, f64, String)> {
    let (h, rows) = crate::workdir::read_csv(&w.path(&format!("{out}/ranking.csv")));
    let c = |n: &str| crate::workdir::col(&h, n);
    rows.iter()
        .map(|r| {
            (
                r[c("cluster_id")].clone(),
                r[c("total")].parse().unwrap(),
                r[c("rank")].clone(),
            )
        })
        .collect()
}

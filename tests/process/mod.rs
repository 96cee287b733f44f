//! The evaluation process: gates, panels, advancement, quota, caps, ties,
//! grades and dynamic management, each on a purpose-built round whose
//! expected numbers are worked out by hand in the comments (Kendall's W
//! against SciPy, see tests/reference/kendall_w_scipy.py), and the sample
//! rounds end to end, the competition against an independent reference
//! (tests/reference/process_reference.py).
//!
//! This file holds the purpose-built round; the tests are in `stages`
//! (gates, advancement, quota, caps, ties), `panels` (aggregation,
//! standardisation, agreement, review errors), `midterm` (grades and
//! outcomes), `quota_edges` (unresolved ties at a cap and at the quota,
//! and the counts every output states) and `competition` (the competition
//! sample).

mod competition;
mod midterm;
mod panels;
mod quota_edges;
mod stages;

use crate::workdir::{read_keyed, Keyed, WorkDir};

/// One indicator, `a`, scored 0-100 by a goalpost: the indicator total of a
/// cluster is its value of `a`. `share` is there for a gate.
const FRAMEWORK: &str = r#"
[framework]
id = "mini"
name_zh = "流程测试"
name_en = "Process test"
total_points = 100

[ranking]
decimals = 6

[[grade]]
id = "excellent"
name_zh = "优秀"
min = 85

[[grade]]
id = "good"
name_zh = "良好"
min = 75

[[grade]]
id = "pass"
name_zh = "合格"
min = 60

[[grade]]
id = "fail"
name_zh = "不合格"
min = 0

[[field]]
id = "a"
name_zh = "甲"
unit = "分"
kind = "score"
min = 0
max = 100

[[field]]
id = "share"
name_zh = "主导产业占比"
unit = "%"
kind = "percent"

[[node]]
id = "dim"
name_zh = "维度"
name_en = "Dimension"
points = 100

[[indicator]]
id = "a"
parent = "dim"
name_zh = "甲"
name_en = "A"
points = 100
rule = "goalpost"
lo = 0
hi = 100
"#;

/// A cluster of a test round: id, city, track, value of `a`, share.
pub type C<'a> = (&'a str, &'a str, &'a str, f64, f64);

/// Write round `r/`: the framework, the registry (with an `incident`
/// column, 无 unless listed in `incidents`), the data, extra `[inputs]`
/// lines and the `[process]` text.
pub fn mini(w: &WorkDir, clusters: &[C], incidents: &[&str], inputs: &str, process: &str) {
    w.write("r/framework.toml", FRAMEWORK);
    w.write(
        "r/round.toml",
        format!(
            "[round]\nid = \"t\"\nname_zh = \"测试\"\nframework = \"framework.toml\"\nbaseline_year = 2021\ncurrent_year = 2023\ntarget_year = 2025\n\n[inputs]\nclusters = \"clusters.csv\"\nsubmissions = [\"data.csv\"]\n{inputs}\n{process}\n"
        ),
    );
    let mut reg = String::from("cluster_id,name_zh,city,track,promotion_org,incident\n");
    let mut data = String::from("cluster_id,period,a,share\n");
    for (id, city, track, a, share) in clusters {
        let inc = if incidents.contains(id) { "有" } else { "无" };
        reg.push_str(&format!("{id},集群{id},{city},{track},{id}促进会,{inc}\n"));
        data.push_str(&format!("{id},2023,{a},{share}\n"));
    }
    w.write("r/clusters.csv", reg);
    w.write("r/data.csv", data);
}

/// Run the round; decisions.csv as cluster id -> column -> value.
pub fn decisions(w: &WorkDir) -> Keyed {
    w.ok(&["run", "r", "--out", "o"]);
    read_keyed(&w.path("o/decisions.csv"), "cluster_id")
}

pub fn status(d: &Keyed, id: &str) -> String {
    d[id]["status"].clone()
}

pub const ONE_STAGE: &str = "[process]\nkind = \"competition\"\nquota = 2\n";

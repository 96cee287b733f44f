//! One column mapped to two roles: the id and the names may share a
//! column (a country code used as its name); any other sharing is a
//! located error naming the roles.

use super::{tiny, totals};
use crate::tolerance::{close, SAME};
use crate::workdir::{col, read_csv, WorkDir};

const DATA: &str = "cluster_id,period,x,y\nA,2023,10,50\nB,2023,20,30\nC,2023,30,100\n";

#[test]
fn one_column_is_the_id_and_both_names() {
    let w = WorkDir::new();
    tiny(&w, "r", "current_year = 2023", DATA);
    w.write(
        "r/clusters.csv",
        "code,city,track\nA,石家庄市,高端装备\nB,石家庄市,高端装备\nC,石家庄市,高端装备\n",
    );
    w.edit(
        "r/round.toml",
        "clusters = \"clusters.csv\"",
        "clusters = { file = \"clusters.csv\", columns = { cluster_id = \"code\", name_zh = \"code\", name_en = \"code\" } }",
    );
    w.ok(&["run", "r", "--out", "o"]);
    // Scored as with a full registry: A 20, B 42, C 100 (see one_period).
    for (id, total, _) in totals(&w, "o") {
        let want = match id.as_str() {
            "A" => 20.0,
            "B" => 42.0,
            _ => 100.0,
        };
        close(total, want, SAME, format!("total of {id}"));
    }
    // Each unit's names are its code.
    let (h, rows) = read_csv(&w.path("o/ranking.csv"));
    for r in &rows {
        assert_eq!(r[col(&h, "name_zh")], r[col(&h, "cluster_id")]);
        assert_eq!(r[col(&h, "name_en")], r[col(&h, "cluster_id")]);
    }
    assert_eq!(rows.len(), 3);
}

#[test]
fn a_column_mapped_to_the_id_and_the_city_is_refused_naming_the_roles() {
    let w = WorkDir::new();
    tiny(&w, "r", "current_year = 2023", DATA);
    w.write(
        "r/clusters.csv",
        "code,name_zh,track\nA,甲,高端装备\nB,乙,高端装备\nC,丙,高端装备\n",
    );
    w.edit(
        "r/round.toml",
        "clusters = \"clusters.csv\"",
        "clusters = { file = \"clusters.csv\", columns = { cluster_id = \"code\", city = \"code\" } }",
    );
    let out = w.fails(&["run", "r", "--out", "o"], 1);
    assert!(
        out.all().contains("error: r/clusters.csv, row 1, column code, value \"city and cluster_id\": column \"code\" is mapped to city and cluster_id: one column may serve several roles only as the id and the names (cluster_id, name_zh, name_en)"),
        "{}",
        out.all()
    );
}

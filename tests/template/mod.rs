//! `template`: a blank sheet that `check` accepts once filled in.

use crate::workdir::{repo, WorkDir};

#[test]
fn template_has_bom_bilingual_headers_units_and_an_example_row() {
    let w = WorkDir::new();
    let fw = repo().join("indicators/hebei-midterm.toml");
    w.ok(&[
        "template",
        "--framework",
        fw.to_str().unwrap(),
        "--out",
        "t.csv",
    ]);
    let bytes = std::fs::read(w.path("t.csv")).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "UTF-8 BOM");
    let text = String::from_utf8(bytes[3..].to_vec()).unwrap();
    let mut lines = text.lines();
    let header = lines.next().unwrap();
    assert!(
        header.starts_with("集群编号 cluster_id,年份 period,主导产业营业收入 revenue (亿元),"),
        "{header}"
    );
    assert!(header.contains("首台(套)及关键技术突破数 first_of_kind (项)"));
    let example = lines.next().unwrap();
    assert!(example.starts_with("#示例 example"), "{example}");
    assert_eq!(lines.next(), None, "no rows without --round");
}

#[test]
fn filled_in_template_passes_check() {
    let w = WorkDir::new();
    let round = w.sample_round("hebei-2024-midterm");
    w.ok(&[
        "template",
        "--framework",
        "round/framework.toml",
        "--round",
        "round",
        "--out",
        "round/filled.csv",
    ]);
    // Fill every blank cell of the rows for the periods each field asks for.
    let text = std::fs::read_to_string(round.join("filled.csv")).unwrap();
    let text = text.trim_start_matches('\u{feff}');
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr.headers().unwrap().iter().map(String::from).collect();
    let mut wtr = csv::Writer::from_writer(Vec::new());
    wtr.write_record(&header).unwrap();
    let target_fields = [
        "revenue",
        "local_supply",
        "rd_intensity",
        "digital_adoption",
    ];
    let mut rows = 0;
    for rec in rdr.records() {
        let rec = rec.unwrap();
        let mut cells: Vec<String> = rec.iter().map(String::from).collect();
        if cells[0].starts_with('#') {
            wtr.write_record(&cells).unwrap();
            continue;
        }
        rows += 1;
        let period = cells[1].clone();
        for (k, h) in header.iter().enumerate().skip(2) {
            let wanted = match period.as_str() {
                "2021" => h.contains(" revenue "),
                "2025" => target_fields.iter().any(|f| h.contains(&format!(" {f} "))),
                _ => true,
            };
            if wanted {
                cells[k] = if h.contains("promotion_org_score") {
                    "6".into()
                } else {
                    "50".into()
                };
            }
        }
        wtr.write_record(&cells).unwrap();
    }
    assert_eq!(rows, 33, "11 clusters x 3 periods");
    let mut filled = b"\xEF\xBB\xBF".to_vec();
    filled.extend(wtr.into_inner().unwrap());
    std::fs::write(round.join("filled.csv"), filled).unwrap();
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [\"filled.csv\"]",
    );
    w.ok(&["check", "round"]);
    // The example row is recorded, not scored.
    w.ok(&["run", "round", "--out", "out"]);
    let rej = std::fs::read_to_string(w.path("out/rejections.csv")).unwrap();
    assert!(rej.contains("comment or example row"), "{rej}");
}

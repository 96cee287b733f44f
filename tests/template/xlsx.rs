//! The XLSX template read back by independent readers: calamine for the
//! sheets and cells, the zip's XML parts for what calamine does not show
//! (data validation, protection, number formats, locked cells). Expected
//! headers come from the framework file itself (parsed here with `toml`),
//! ranges and formats from the README's rules applied by hand.

use super::files_in;
use crate::workdir::{read_csv, WorkDir};
use calamine::{open_workbook_auto, Data, Reader};
use std::collections::BTreeMap;
use std::io::Read;
use std::path::Path;

/// A part of the workbook's zip, as text.
fn part(book: &Path, name: &str) -> String {
    let mut zip = zip::ZipArchive::new(std::fs::File::open(book).unwrap()).unwrap();
    let mut s = String::new();
    zip.by_name(name)
        .unwrap_or_else(|e| panic!("{name}: {e}"))
        .read_to_string(&mut s)
        .unwrap();
    s
}

fn unescape(s: &str) -> String {
    s.replace("&#xA;", "\n")
        .replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// The attributes of the first tag `<name ...>` at the start of `tag`.
fn attrs(tag: &str) -> BTreeMap<String, String> {
    let end = tag.find('>').unwrap();
    let mut out = BTreeMap::new();
    let mut rest = &tag[..end];
    while let Some(eq) = rest.find("=\"") {
        let key = rest[..eq].rsplit(' ').next().unwrap().to_string();
        let after = &rest[eq + 2..];
        let close = after.find('"').unwrap();
        out.insert(key, unescape(&after[..close]));
        rest = &after[close + 1..];
    }
    out
}

/// One `<dataValidation>`: its attributes and formulas.
#[derive(Debug)]
struct Validation {
    a: BTreeMap<String, String>,
    formula1: String,
    formula2: String,
}

fn inner(xml: &str, tag: &str) -> String {
    let open = format!("<{tag}>");
    match xml.find(&open) {
        Some(i) => {
            let rest = &xml[i + open.len()..];
            unescape(&rest[..rest.find(&format!("</{tag}>")).unwrap()])
        }
        None => String::new(),
    }
}

/// The validations of a sheet, by range (`sqref`).
fn validations(sheet: &str) -> BTreeMap<String, Validation> {
    sheet
        .split("<dataValidation ")
        .skip(1)
        .map(|chunk| {
            let open = &chunk[..chunk.find('>').unwrap()];
            let body = if open.ends_with('/') {
                ""
            } else {
                &chunk[..chunk.find("</dataValidation>").unwrap()]
            };
            let v = Validation {
                a: attrs(chunk),
                formula1: inner(body, "formula1"),
                formula2: inner(body, "formula2"),
            };
            (v.a["sqref"].clone(), v)
        })
        .collect()
}

/// Number format id and locked flag of each cell style (`cellXfs`).
fn styles(book: &Path) -> Vec<(u32, bool)> {
    let xml = part(book, "xl/styles.xml");
    let start = xml.find("<cellXfs").unwrap();
    let end = xml.find("</cellXfs>").unwrap();
    xml[start..end]
        .split("<xf ")
        .skip(1)
        .map(|x| {
            let a = attrs(x);
            let body = x.split("</xf>").next().unwrap();
            (
                a["numFmtId"].parse().unwrap(),
                !body.contains("<protection locked=\"0\"/>"),
            )
        })
        .collect()
}

/// The style of a cell (`s`, 0 when none) and of its row.
fn style_of(sheet: &str, cell: &str) -> usize {
    let at = sheet
        .find(&format!("<c r=\"{cell}\""))
        .unwrap_or_else(|| panic!("no cell {cell}"));
    attrs(&sheet[at..])
        .get("s")
        .map_or(0, |s| s.parse().unwrap())
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        Data::Float(f) => format!("{f}"),
        Data::Int(i) => format!("{i}"),
        Data::Empty => String::new(),
        other => format!("{other:?}"),
    }
}

/// The headers the README's wide form and the framework give:
/// "中文名 id (unit)", after the id, name and period columns.
fn expected_headers(framework: &Path) -> Vec<String> {
    let doc: toml::Table = std::fs::read_to_string(framework).unwrap().parse().unwrap();
    let mut h = vec![
        "集群编号 cluster_id".to_string(),
        "集群名称 name".to_string(),
        "年份 period".to_string(),
    ];
    for f in doc["field"].as_array().unwrap() {
        let s = |k: &str| f.get(k).and_then(|v| v.as_str()).unwrap_or("").to_string();
        h.push(format!("{} {} ({})", s("name_zh"), s("id"), s("unit")));
    }
    h
}

/// Built-in number formats: General, "0", "@".
const GENERAL: u32 = 0;
const WHOLE: u32 = 1;
const TEXT: u32 = 49;

#[test]
fn xlsx_template_of_the_sample_round_has_sheets_validation_formats_and_protection() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.ok(&["template", "--round", "round", "--out", "t.xlsx"]);
    let book = w.path("t.xlsx");
    let mut wb = open_workbook_auto(&book).unwrap();
    assert_eq!(
        wb.sheet_names(),
        [
            "填报数据 data",
            "填表说明 instructions",
            "集群名录 clusters"
        ]
    );

    // The data sheet: header, then 30 clusters x 3 years, in registry order.
    let data = wb.worksheet_range("填报数据 data").unwrap();
    let rows: Vec<Vec<String>> = data.rows().map(|r| r.iter().map(text).collect()).collect();
    let header = expected_headers(&w.path("round/framework.toml"));
    assert_eq!(header.len(), 3 + 32);
    assert_eq!(rows[0], header);
    let (_, registry) = read_csv(&w.path("round/clusters.csv"));
    assert_eq!(registry.len(), 30);
    assert_eq!(rows.len(), 1 + 90);
    for (i, c) in registry.iter().enumerate() {
        for (k, year) in ["2019", "2021", "2025"].iter().enumerate() {
            let row = &rows[1 + 3 * i + k];
            assert_eq!(row[..3], [c[0].clone(), c[1].clone(), year.to_string()]);
            assert!(row[3..].iter().all(String::is_empty), "{row:?}");
        }
    }
    // The registry sheet behind the dropdown.
    let list = wb.worksheet_range("集群名录 clusters").unwrap();
    let ids: Vec<String> = list.rows().skip(1).map(|r| text(&r[0])).collect();
    let expected: Vec<String> = registry.iter().map(|c| c[0].clone()).collect();
    assert_eq!(ids, expected);

    // Validation: ids from the list, years of the round, each field by hand
    // from indicators/hebei-competition.toml (columns D, E, ... in order).
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    let v = validations(&sheet);
    assert_eq!(v.len(), 3 + 32, "{:?}", v.keys());
    assert_eq!(v["A2:A91"].a["type"], "list");
    assert_eq!(v["A2:A91"].formula1, "'集群名录 clusters'!$A$2:$A$31");
    assert_eq!(v["C2:C91"].a["type"], "list");
    assert_eq!(v["C2:C91"].formula1, "\"2019,2021,2025\"");
    assert!(v["C2:C91"].a["prompt"].contains("不要填日期"));
    assert!(v["C2:C91"].a["prompt"].contains("never a date"));
    // (column, field, type, operator, formula1, formula2)
    let by_hand = [
        ("D", "revenue", "decimal", "greaterThanOrEqual", "0", ""),
        ("E", "leading_share", "decimal", "between", "0", "100"),
        ("F", "above_scale", "whole", "greaterThanOrEqual", "0", ""),
        ("J", "profit_margin", "decimal", "between", "-100", "100"),
        (
            "K",
            "labour_productivity",
            "decimal",
            "greaterThanOrEqual",
            "0",
            "",
        ),
        // No max declared: completion can pass 100 (the sample holds 105.6).
        (
            "L",
            "project_completion",
            "decimal",
            "greaterThanOrEqual",
            "0",
            "",
        ),
        ("AA", "promotion_org_score", "decimal", "between", "0", "8"),
        ("AF", "fdi", "decimal", "greaterThanOrEqual", "0", ""),
        ("AH", "talent", "whole", "greaterThanOrEqual", "0", ""),
    ];
    for (col, id, kind, op, f1, f2) in by_hand {
        let x = &v[&format!("{col}2:{col}91")];
        let c = col
            .bytes()
            .fold(0, |n, b| n * 26 + usize::from(b - b'A' + 1))
            - 1;
        assert!(
            header[c].contains(&format!(" {id} (")),
            "{col}: {}",
            header[c]
        );
        // "between" is the default operator and not written.
        let operator = x.a.get("operator").map_or("between", String::as_str);
        assert_eq!((x.a["type"].as_str(), operator), (kind, op), "{id}");
        assert_eq!((x.formula1.as_str(), x.formula2.as_str()), (f1, f2), "{id}");
        // Declared bounds (and amounts >= 0) are refused, not warned.
        assert_eq!(x.a.get("errorStyle"), None, "{id}");
        let prompt = &x.a["prompt"];
        assert!(
            prompt.contains("只填数字") && prompt.contains("a number only"),
            "{prompt}"
        );
    }
    assert!(v["D2:D91"].a["prompt"].contains("单位：亿元"));
    assert!(v["D2:D91"].a["prompt"].contains("Unit: 亿元"));
    assert!(v["D2:D91"].a["error"].contains("no units, % signs or text"));
    // Every count column is a whole number >= 0.
    let doc: toml::Table = std::fs::read_to_string(w.path("round/framework.toml"))
        .unwrap()
        .parse()
        .unwrap();
    for (k, f) in doc["field"].as_array().unwrap().iter().enumerate() {
        let col = rust_xlsxwriter::utility::column_number_to_name((3 + k) as u16);
        let x = &v[&format!("{col}2:{col}91")];
        let count = f["kind"].as_str() == Some("count");
        assert_eq!(x.a["type"] == "whole", count, "{f:?}");
    }

    // Protection: the data sheet (rows may be inserted and deleted, columns
    // resized), the instructions and the list.
    for n in 1..=3 {
        let s = part(&book, &format!("xl/worksheets/sheet{n}.xml"));
        assert!(s.contains("<sheetProtection sheet=\"1\""), "sheet{n}");
    }
    // Formats and locks: the header locked; ids as text, years and counts
    // "0", other values General, all unlocked; a field a year does not ask
    // (C01 2019, leading_share: only current) grey and locked.
    let xf = styles(&book);
    let at = |cell: &str| xf[style_of(&sheet, cell)];
    assert!(at("A1").1 && at("D1").1, "header locked");
    assert_eq!(at("A2"), (TEXT, false));
    assert_eq!(at("B2"), (TEXT, false));
    assert_eq!(at("C2"), (WHOLE, false));
    assert_eq!(at("D2"), (GENERAL, false), "revenue, 2019");
    assert_eq!(at("E2"), (GENERAL, true), "leading_share, 2019: not asked");
    assert_eq!(at("E3"), (GENERAL, false), "leading_share, 2021");
    assert_eq!(at("F3"), (WHOLE, false), "above_scale, 2021");
    assert_eq!(at("M4"), (GENERAL, false), "local_supply, 2025");
    assert_eq!(at("F4"), (GENERAL, true), "above_scale, 2025: not asked");
    assert_eq!(files_in(&w.root), ["round", "t.xlsx"]);
}

#[test]
fn xlsx_instructions_list_every_field_with_unit_periods_range_and_definition() {
    let w = WorkDir::new();
    w.sample_round("hebei-2022-competition");
    w.ok(&["template", "--round", "round", "--out", "t.xlsx"]);
    let mut wb = open_workbook_auto(w.path("t.xlsx")).unwrap();
    let sheet = wb.worksheet_range("填表说明 instructions").unwrap();
    let rows: Vec<Vec<String>> = sheet.rows().map(|r| r.iter().map(text).collect()).collect();
    let all: Vec<String> = rows.iter().map(|r| r.join("|")).collect();
    let find = |needle: &str| {
        all.iter()
            .find(|l| l.contains(needle))
            .unwrap_or_else(|| panic!("no line with {needle:?} in\n{}", all.join("\n")))
    };
    find("年份 years: 基期 baseline 2019，当期 current 2021，目标 target 2025；集群 clusters: 30");
    // The general instructions, each in both languages.
    for needle in [
        "单元格中只填数字，不要写单位",
        "Numbers only, no units in the cells",
        "没有数据的单元格留空",
        "Leave a cell blank when there is no data",
        "百分比填显示的数字：8.5% 填 8.5",
        "Percentages as the number shown: 8.5 for 8.5 %",
        "年份填四位数字（如 2021），不要填日期",
        "Years as 4-digit numbers (e.g. 2021), never as dates",
    ] {
        find(needle);
    }
    // One row per field: column, id, names, unit, kind, periods, range,
    // definition, header (the definitions are in the framework file).
    let table = rows.iter().position(|r| r[0] == "列 column").unwrap();
    let fields = &rows[table + 1..];
    assert_eq!(fields.len(), 32);
    assert_eq!(
        fields[0],
        [
            "D",
            "revenue",
            "主导产业营业收入",
            "Leading-industry revenue",
            "亿元",
            "金额 amount",
            "2019 基期 baseline；2021 当期 current；2025 目标 target",
            "≥ 0 / ≥ 0",
            "集群主导产业全部企业的营业收入合计。\nTotal revenue of the cluster's enterprises in its leading industry.",
            "主导产业营业收入 revenue (亿元)",
        ]
    );
    let row = |id: &str| fields.iter().find(|r| r[1] == id).unwrap();
    assert_eq!(
        row("local_supply")[6],
        "2021 当期 current；2025 目标 target"
    );
    assert_eq!(row("above_scale")[7], "≥ 0 的整数 / a whole number, ≥ 0");
    assert_eq!(row("above_scale")[5], "个数 count");
    assert_eq!(row("profit_margin")[7], "-100 至 100 / -100 to 100");
    assert_eq!(row("promotion_org_score")[5], "评分 score");
    assert_eq!(row("talent")[8], "—", "no definition in the file");
}

#[test]
fn xlsx_template_without_a_round_validates_empty_rows_and_its_header_is_read() {
    let w = WorkDir::new();
    w.sample_round("hebei-2024-midterm");
    // leading_share without bounds: its natural range, 0 to 100, warned.
    w.edit(
        "round/framework.toml",
        "kind = \"percent\"\nmin = 0\nmax = 100",
        "kind = \"percent\"",
    );
    w.ok(&[
        "template",
        "--framework",
        "round/framework.toml",
        "--out",
        "g.xlsx",
    ]);
    let book = w.path("g.xlsx");
    let mut wb = open_workbook_auto(&book).unwrap();
    assert_eq!(wb.sheet_names(), ["填报数据 data", "填表说明 instructions"]);
    let data = wb.worksheet_range("填报数据 data").unwrap();
    let filled: Vec<Vec<String>> = data
        .rows()
        .map(|r| r.iter().map(text).collect::<Vec<_>>())
        .filter(|r| r.iter().any(|c| !c.is_empty()))
        .collect();
    assert_eq!(filled, [expected_headers(&w.path("round/framework.toml"))]);
    let sheet = part(&book, "xl/worksheets/sheet1.xml");
    let v = validations(&sheet);
    // 200 rows: 2 to 201.
    // Any id (type "none", the default, not written), with an input message.
    assert_eq!(v["A2:A201"].a.get("type"), None);
    assert!(v["A2:A201"].a["prompt"].contains("without spaces or full-width"));
    let year = &v["C2:C201"];
    assert_eq!(
        (
            year.a["type"].as_str(),
            year.formula1.as_str(),
            year.formula2.as_str()
        ),
        ("whole", "1900", "2200")
    );
    let share = &v["E2:E201"];
    assert_eq!(
        (share.formula1.as_str(), share.formula2.as_str()),
        ("0", "100")
    );
    assert_eq!(
        share.a["errorStyle"], "warning",
        "a natural range is a warning"
    );
    assert_eq!(
        v["D2:D201"].a.get("errorStyle"),
        None,
        "an amount < 0 is refused"
    );
    let xf = styles(&book);
    assert_eq!(xf[style_of(&sheet, "A201")], (TEXT, false));
    assert_eq!(xf[style_of(&sheet, "C201")], (WHOLE, false));
    assert_eq!(xf[style_of(&sheet, "F201")], (WHOLE, false), "above_scale");
    assert_eq!(
        xf[style_of(&sheet, "E201")],
        (GENERAL, false),
        "leading_share"
    );

    // The ingest reads the template's header with no setting: the only
    // problem of the empty template as a submissions file is that it has
    // no data row.
    std::fs::copy(&book, w.path("round/g.xlsx")).unwrap();
    w.edit(
        "round/round.toml",
        "submissions = [\"indicators.csv\"]",
        "submissions = [\"g.xlsx\"]",
    );
    let o = w.fails(&["check", "round"], 1);
    let errors: Vec<&str> = o
        .stdout
        .lines()
        .filter(|l| l.starts_with("error"))
        .collect();
    assert_eq!(
        errors,
        ["error: round/g.xlsx[填报数据 data], row 2: no data row: the file has only its header; a submissions file holds the clusters' values"],
        "{}",
        o.all()
    );
}

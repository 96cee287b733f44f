//! The layout rules of the module header, row by row.

use super::*;

/// Rows numbered from 1 (a row given as `None` is a blank row a reader
/// dropped: its number is skipped).
fn rows(table: &[Option<&[&str]>]) -> Vec<Row> {
    table
        .iter()
        .enumerate()
        .filter_map(|(k, r)| {
            r.map(|cells| Row::new(k + 1, cells.iter().map(|c| c.to_string()).collect()))
        })
        .collect()
}

fn cluster_role() -> Role {
    Role::keyed(vec![Key::new(
        "cluster_id",
        "cluster_id (集群编号)",
        crate::ingest::CLUSTER_ID,
    )])
}

fn find_in(table: &[Option<&[&str]>]) -> Layout {
    find(&rows(table), &cluster_role(), &Pins::default(), "t.csv").expect("a layout")
}

fn error_in(table: &[Option<&[&str]>], role: &Role, pins: &Pins) -> Diagnostic {
    *find(&rows(table), role, pins, "t.csv").expect_err("an error")
}

/// The kinds of the rows set aside, by spreadsheet row.
fn aside(table: &[Option<&[&str]>], layout: &Layout) -> Vec<(usize, Kind)> {
    let r = rows(table);
    layout
        .set_aside
        .iter()
        .map(|&(i, k)| (r[i].line, k))
        .collect()
}

const HEADER: &[&str] = &["集群编号", "集群名称", "城市", "营业收入"];

#[test]
fn title_rows_above_the_header_are_set_aside() {
    // A merged title is one filled cell; a date line; a blank row.
    let t: &[Option<&[&str]>] = &[
        Some(&["2022年先进制造业集群申报数据表"]),
        Some(&["填报日期：2022年3月", "", "", "填报单位：河北省工信厅"]),
        None,
        Some(HEADER),
        Some(&["C01", "石家庄生物医药", "石家庄市", "752.08"]),
    ];
    let l = find_in(t);
    assert_eq!(l.header, 2);
    assert_eq!(aside(t, &l), vec![(1, Kind::Title), (2, Kind::Title)]);
    assert_eq!(l.records(rows(t).len()), vec![3]);
    assert!(l.units.is_none() && l.table_units.is_empty());
}

#[test]
fn a_header_on_the_first_row_is_found_there() {
    let t: &[Option<&[&str]>] = &[
        Some(&["cluster_id", "name_zh"]),
        Some(&["Baoding", "保定集群"]),
    ];
    let l = find_in(t);
    assert_eq!((l.header, l.set_aside.len()), (0, 0));
}

#[test]
fn a_data_row_is_never_the_header_nor_a_title() {
    // Ids that are words: the first data row is a record.
    let t: &[Option<&[&str]>] = &[
        Some(&["集群编号", "集群名称"]),
        Some(&["cluster", "名称"]),
        Some(&["Tangshan", "唐山集群"]),
        Some(&["Handan"]),
    ];
    let l = find_in(t);
    assert_eq!(l.header, 0);
    // "Handan" alone in the id column is an incomplete record (its
    // reader says what is missing), not a note.
    assert_eq!(l.records(4), vec![1, 2, 3]);
    // A header taken below a data row would lose the row: an error.
    let t: &[Option<&[&str]>] = &[
        Some(&["C07", "邢台市装备集群", "邢台市", "310"]),
        Some(HEADER),
        Some(&["C01", "石家庄生物医药", "石家庄市", "752.08"]),
    ];
    let e = error_in(t, &cluster_role(), &Pins::default());
    assert_eq!(
        e.to_string(),
        "error: t.csv, row 1, column cluster_id (集群编号), value \"C07\": row 1 above the header (row 2) looks like a data row, not a title: rows above the header are not read. Move the header to the top of the table, or set header_row in round.toml"
    );
    // A name that holds a key's name is no header; a bilingual header is.
    let t: &[Option<&[&str]>] = &[
        Some(&["编号", "名称", "英文名称"]),
        Some(&["C01", "石家庄生物医药", "Shijiazhuang biomedicine cluster"]),
    ];
    assert!(error_in(t, &cluster_role(), &Pins::default())
        .message
        .starts_with("no header row"));
    for header in [
        "集群编号 cluster_id",
        "Cluster ID",
        "集群编号 / Cluster code",
    ] {
        let t: &[Option<&[&str]>] = &[
            Some(&["Hebei", "Baoding cluster"]),
            Some(&[header, "名称"]),
            Some(&["C01", "石家庄生物医药"]),
        ];
        assert_eq!(find_in(t).header, 1, "{header}");
    }
    // A title that is one word in the id column with nothing else is still a title.
    let t: &[Option<&[&str]>] = &[
        Some(&["名录", ""]),
        Some(&["集群编号", "集群名称"]),
        Some(&["C01", "石家庄生物医药"]),
    ];
    assert_eq!(find_in(t).header, 1);
}

#[test]
fn no_header_is_an_error_naming_the_key_column() {
    let t: &[Option<&[&str]>] = &[Some(&["编号", "名称"]), Some(&["C01", "甲"])];
    let e = error_in(t, &cluster_role(), &Pins::default());
    assert_eq!(
        e.to_string(),
        "error: t.csv, row 1, column cluster_id (集群编号): no header row: none of the first 2 rows (to row 2) has the column cluster_id (集群编号) [cluster_id / cluster / 集群编号 / 集群代码 / 集群id]; the first row reads \"编号 名称\". Name the column so, map it with `columns`, or set header_row in round.toml"
    );
    // A header further down than the search is not found.
    let mut far: Vec<Option<&[&str]>> = vec![Some(&["说明"]); HEADER_SEARCH];
    far.push(Some(HEADER));
    let e = error_in(&far, &cluster_role(), &Pins::default());
    assert!(
        e.message.contains("none of the first 30 rows (to row 30)"),
        "{e}"
    );
    // A mapped header (columns = { cluster_id = "uCode" }) is a key.
    let mapped = cluster_role().mapped(&[("cluster_id".to_string(), "uCode".to_string())].into());
    let t: &[Option<&[&str]>] = &[Some(&["uCode", "Time"]), Some(&["C01", "2021"])];
    let l = find(&rows(t), &mapped, &Pins::default(), "t.csv").unwrap();
    assert_eq!(l.header, 0);
}

#[test]
fn units_rows_of_several_forms() {
    let role = Role {
        units: vec!["分".into()],
        ..cluster_role()
    };
    let units = |row: &[&str]| {
        let t: &[Option<&[&str]>] = &[
            Some(&["集群编号", "年份", "营业收入", "比重", "评分"]),
            Some(row),
            Some(&["C01", "2021", "1", "2", "3"]),
        ];
        find(&rows(t), &role, &Pins::default(), "t.csv")
            .unwrap()
            .units
            .map(|u| u.units)
    };
    let expect = |v: &[(usize, &str)]| Some(v.iter().map(|&(c, u)| (c, u.to_string())).collect());
    assert_eq!(
        units(&["", "", "亿元", "%", "分"]),
        expect(&[(2, "亿元"), (3, "%"), (4, "分")])
    );
    assert_eq!(
        units(&["单位", "—", "（亿元）", "％", ""]),
        expect(&[(2, "亿元"), (3, "%")])
    );
    assert_eq!(
        units(&["", "年", "单位：万元", "[%]", ""]),
        expect(&[(1, "年"), (2, "万元"), (3, "%")])
    );
    // Not units rows: a unit under the key column, a number, a word that
    // is no unit, nothing but labels.
    assert_eq!(units(&["家", "", "亿元", "", ""]), None);
    assert_eq!(units(&["", "", "亿元", "12", ""]), None);
    assert_eq!(units(&["", "", "亿元", "比重", ""]), None);
    assert_eq!(units(&["单位", "", "", "", ""]), None);
}

#[test]
fn totals_notes_and_signatures_are_set_aside() {
    let t: &[Option<&[&str]>] = &[
        Some(&["序号", "集群编号", "集群名称", "营业收入"]),
        Some(&["1", "C01", "石家庄生物医药", "752.08"]),
        Some(&["小 计", "", "", "752.08"]),
        Some(&["2", "C02", "注塑模具集群", "385"]),
        Some(&["合计：", "", "", "1137.08"]),
        Some(&["", "Total", "", "1137.08"]),
        None,
        Some(&["注：数据来源于各市工信局。"]),
        Some(&["1. 金额单位为亿元；比重为百分比"]),
        Some(&["Note: figures are provisional"]),
        Some(&["填报人：张三", "", "审核人：李四", ""]),
        Some(&["", "", "", "单位盖章"]),
        Some(&["", "", "张三", ""]),
    ];
    let l = find_in(t);
    use Kind::*;
    assert_eq!(
        aside(t, &l),
        vec![
            (3, Total),
            (5, Total),
            (6, Total),
            (8, Note),
            (9, Note),
            (10, Note),
            (11, Signature),
            (12, Signature),
            (13, Note)
        ]
    );
    // The records: rows 2 and 4 ("注塑模具集群" opens no note).
    assert_eq!(l.records(rows(t).len()), vec![1, 3]);
}

#[test]
fn a_row_that_may_be_a_record_stays_one() {
    let t: &[Option<&[&str]>] = &[
        Some(&["集群编号", "集群名称", "营业收入"]),
        Some(&["C01", "石家庄生物医药", "752.08"]),
        // An unknown id with values: a record (its reader refuses it).
        Some(&["C99", "", "12"]),
        // A one-cell row that could be an id: an incomplete record; so is
        // a lone number, wherever it is.
        Some(&["C05"]),
        Some(&["", "", "12345.67"]),
        Some(&["1,234.5"]),
        // A total word elsewhere than the first cell or a key cell: data.
        Some(&["C02", "合计", "1"]),
        // A marker in the first cell with an id in the key cell: data.
        Some(&["C03", "备注：新增", ""]),
    ];
    let l = find_in(t);
    assert!(l.set_aside.is_empty(), "{:?}", l.set_aside);
    // Past the longest id (3 characters), or with a colon: a note.
    let t: &[Option<&[&str]>] = &[
        Some(&["集群编号", "集群名称"]),
        Some(&["C01", "石家庄生物医药"]),
        Some(&["以上名录经省厅确认"]),
        Some(&["C:1"]),
    ];
    let l = find_in(t);
    assert_eq!(aside(t, &l), vec![(3, Kind::Note), (4, Kind::Note)]);
}

#[test]
fn a_unit_for_the_whole_table_is_listed() {
    let t: &[Option<&[&str]>] = &[
        Some(&["申报数据表", "", "（单位：万元）"]),
        Some(&["集群编号", "年份", "营业收入"]),
        Some(&["C01", "2021", "7520800"]),
    ];
    assert_eq!(
        find_in(t).table_units,
        vec![(0, "（单位：万元）".to_string())]
    );
}

#[test]
fn pins_replace_the_search() {
    let t: &[Option<&[&str]>] = &[
        Some(&["编号", "名称"]),
        Some(&["甲乙表", ""]),
        Some(&["集群编号", "集群名称"]),
        Some(&["", "亿元"]),
        Some(&["C01", "石家庄生物医药"]),
        Some(&["C02", "石家庄电子信息"]),
        Some(&["合计", ""]),
    ];
    let pins = Pins {
        round_file: "round.toml".into(),
        header_row: Some(1),
        first_row: Some(5),
        last_row: Some(6),
    };
    let role = Role::keyed(vec![]);
    let l = find(&rows(t), &role, &pins, "t.csv").unwrap();
    use Kind::*;
    assert_eq!(l.header, 0);
    // Row 2 is no units row; rows 3 and 4 are outside the range.
    assert_eq!(
        aside(t, &l),
        vec![
            (2, OutsidePinnedRange),
            (3, OutsidePinnedRange),
            (4, OutsidePinnedRange),
            (7, OutsidePinnedRange)
        ]
    );
    // The units row under a pinned header is applied.
    let pins = Pins {
        header_row: Some(3),
        last_row: Some(6),
        first_row: None,
        ..pins
    };
    let l = find(&rows(t), &cluster_role(), &pins, "t.csv").unwrap();
    assert_eq!(
        aside(t, &l),
        vec![
            (1, AbovePinnedHeader),
            (2, AbovePinnedHeader),
            (4, Units),
            (7, OutsidePinnedRange)
        ]
    );
    assert_eq!(l.records(7), vec![4, 5]);
}

#[test]
fn pins_that_do_not_fit_the_file_are_errors() {
    let t: &[Option<&[&str]>] = &[
        Some(&["集群编号", "集群名称"]),
        None,
        Some(&["C01", "石家庄生物医药"]),
    ];
    let pins = |header_row, first_row, last_row| Pins {
        round_file: "round.toml".into(),
        header_row,
        first_row,
        last_row,
    };
    let e = |p: Pins| error_in(t, &cluster_role(), &p).to_string();
    assert_eq!(
        e(pins(Some(9), None, None)),
        "error: round.toml, column header_row, value \"9\": header_row = 9 for t.csv is beyond the file's last row (3)"
    );
    assert_eq!(
        e(pins(Some(2), None, None)),
        "error: round.toml, column header_row, value \"2\": header_row = 2 for t.csv: row 2 is blank, so it cannot be the header"
    );
    assert_eq!(
        e(pins(None, Some(1), Some(3))),
        "error: round.toml, column data_rows, value \"1-3\": data_rows = \"1-3\" for t.csv: the data must lie under the header (row 1)"
    );
    assert_eq!(
        e(pins(None, None, Some(4))),
        "error: round.toml, column last_row, value \"4\": last_row = 4 for t.csv: the file's last row is 3"
    );
}

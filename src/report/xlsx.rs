//! report.xlsx: the ranking, dimension scores, the trace, decisions,
//! reviewer diagnostics and rejections as Excel sheets (rust_xlsxwriter).
//!
//! Each sheet is built from the same rows as the CSV files, so the two
//! cannot disagree: headers in Chinese with the English column name beside
//! ("排名 rank"), a frozen header row (and id column), number cells as
//! numbers with a display format (values keep full precision), text cells
//! as text. Text from outside is neutralised exactly as in the CSV files,
//! and is always written as a string, never as a formula. The workbook's
//! creation date is fixed so that the same round gives the same bytes.

use super::csv_out;
use super::OutputFile;
use crate::audit::RoundResult;
use crate::diag::{Error, Result};
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, Worksheet};

/// Chinese names of the columns the CSV files use.
fn zh(col: &str) -> Option<&'static str> {
    Some(match col {
        "rank" => "排名",
        "cluster_id" => "集群编号",
        "field" => "数据项",
        "unit" => "单位",
        "direction" => "方向",
        "baseline" => "基期值",
        "current" => "当期值",
        "target" => "目标值",
        "progress" => "进度",
        "elapsed" => "时间进度",
        "progress_vs_elapsed" => "进度/时间进度",
        "cagr_pct" => "年均增速(%)",
        "required_cagr_pct" => "所需年均增速(%)",
        "listed" => "名录行数",
        "counted" => "计入企业数",
        "rejected" => "被拒行数",
        "shared" => "共享企业数",
        "derivation" => "计算方式",
        "declared" => "申报值",
        "derived" => "名录值",
        "difference" => "差值",
        "relative_difference" => "相对差",
        "tolerance" => "容差",
        "within_tolerance" => "在容差内",
        "scored_figure" => "采用",
        "note" => "备注",
        "name_zh" => "集群名称",
        "name_en" => "英文名称",
        "city" => "城市",
        "track" => "赛道",
        "total" => "总分",
        "grade" => "等次",
        "grade_zh" => "等次（中文）",
        "tied" => "并列",
        "tie_note" => "同分说明",
        "indicator_id" => "指标编号",
        "indicator_zh" => "指标名称",
        "dimension" => "维度",
        "rule" => "评分规则",
        "raw_value" => "填报值",
        "submitted_unit" => "填报单位",
        "conversion" => "换算系数",
        "converted_value" => "换算后数值",
        "source" => "来源",
        "value" => "指标值",
        "formula" => "计算式",
        "missing_reason" => "缺失原因",
        "imputed" => "是否插补",
        "imputation" => "插补方法",
        "imputed_value" => "插补后数值",
        "treatment" => "异常值处理",
        "treated_value" => "处理后数值",
        "transforms" => "变换",
        "transformed_value" => "变换后数值",
        "normalised_score" => "标准化得分",
        "points_max" => "满分",
        "contribution" => "得分",
        "status" => "状态",
        "status_zh" => "状态（中文）",
        "stage_reached" => "到达环节",
        "indicator_score" => "指标得分",
        "final_score" => "最终得分",
        "reason" => "说明",
        "grade_note" => "等次说明",
        "history" => "历次等次",
        "outcome" => "处理结果",
        "outcome_zh" => "处理结果（中文）",
        "outcome_reason" => "处理依据",
        "stage" => "环节",
        "reviewer" => "专家编号",
        "name" => "姓名",
        "employer" => "工作单位",
        "tracks" => "评审赛道",
        "scored" => "评分数",
        "excluded" => "回避数",
        "mean_score" => "平均分",
        "severity" => "评分尺度",
        "outliers" => "偏离评分数",
        "clusters" => "集群数",
        "reviewers" => "专家数",
        "reviewer_ids" => "专家",
        "left_out" => "未计入专家",
        "kendall_w" => "肯德尔和谐系数W",
        "chi2" => "卡方",
        "df" => "自由度",
        "p_value" => "p值",
        "file" => "文件",
        "row" => "行",
        "content" => "内容",
        _ => return None,
    })
}

/// Columns that hold text even when a cell looks like a number.
const TEXT: &[&str] = &[
    "cluster_id",
    "name_zh",
    "name_en",
    "city",
    "track",
    "grade",
    "grade_zh",
    "tied",
    "tie_note",
    "indicator_id",
    "indicator_zh",
    "dimension",
    "rule",
    "raw_value",
    "submitted_unit",
    "conversion",
    "source",
    "formula",
    "missing_reason",
    "imputed",
    "imputation",
    "treatment",
    "transforms",
    "status",
    "status_zh",
    "stage_reached",
    "reason",
    "grade_note",
    "history",
    "outcome",
    "outcome_zh",
    "outcome_reason",
    "stage",
    "reviewer",
    "name",
    "employer",
    "tracks",
    "reviewer_ids",
    "left_out",
    "file",
    "content",
];

const INTEGER: &[&str] = &[
    "rank",
    "row",
    "scored",
    "excluded",
    "outliers",
    "clusters",
    "reviewers",
    "df",
];

fn xlsx_err(e: rust_xlsxwriter::XlsxError) -> Error {
    Error::Other(format!("XLSX: {e}"))
}

/// Write CSV bytes (our own output) as a sheet.
fn csv_sheet(
    ws: &mut Worksheet,
    csv_bytes: &[u8],
    header_zh: &dyn Fn(&str) -> Option<String>,
    frozen_cols: u16,
) -> Result<()> {
    let mut rdr = csv::Reader::from_reader(csv_bytes);
    let headers: Vec<String> = rdr
        .headers()
        .map_err(|e| Error::Other(format!("CSV: {e}")))?
        .iter()
        .map(String::from)
        .collect();
    let bold = Format::new().set_bold().set_text_wrap();
    let two = Format::new().set_num_format("0.00");
    let int = Format::new().set_num_format("0");
    let mut widths: Vec<usize> = Vec::new();
    for (c, h) in headers.iter().enumerate() {
        let label = match header_zh(h) {
            Some(z) => format!("{z} {h}"),
            None => h.clone(),
        };
        widths.push(label.chars().count().min(40));
        ws.write_string_with_format(0, c as u16, &label, &bold)
            .map_err(xlsx_err)?;
    }
    for (r, rec) in rdr.records().enumerate() {
        let rec = rec.map_err(|e| Error::Other(format!("CSV: {e}")))?;
        let row = (r + 1) as u32;
        for (c, cell) in rec.iter().enumerate() {
            let col = headers.get(c).map(|s| s.as_str()).unwrap_or("");
            let number = (!TEXT.contains(&col))
                .then(|| cell.parse::<f64>().ok())
                .flatten()
                .filter(|x| x.is_finite());
            match number {
                Some(x) if INTEGER.contains(&col) => {
                    ws.write_number_with_format(row, c as u16, x, &int)
                        .map_err(xlsx_err)?;
                }
                Some(x) => {
                    ws.write_number_with_format(row, c as u16, x, &two)
                        .map_err(xlsx_err)?;
                }
                None if !cell.is_empty() => {
                    ws.write_string(row, c as u16, cell).map_err(xlsx_err)?;
                }
                None => {}
            }
            if let Some(w) = widths.get_mut(c) {
                *w = (*w).max(cell.chars().count().min(60));
            }
        }
    }
    for (c, w) in widths.iter().enumerate() {
        ws.set_column_width(c as u16, (*w as f64 * 1.3 + 2.0).clamp(6.0, 70.0))
            .map_err(xlsx_err)?;
    }
    ws.set_freeze_panes(1, frozen_cols).map_err(xlsx_err)?;
    Ok(())
}

/// The dimension-scores sheet: every node's subtotal per cluster.
fn nodes_csv(r: &RoundResult) -> Result<Vec<u8>> {
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut header = vec!["rank".to_string(), "cluster_id".into(), "name_zh".into()];
    header.extend(r.nodes.iter().map(|n| n.id.clone()));
    header.push("total".into());
    w.write_record(&header)
        .map_err(|e| Error::Other(format!("CSV: {e}")))?;
    for c in &r.clusters {
        let mut cells = vec![
            c.rank.to_string(),
            csv_out::neutralise(&c.cluster_id),
            csv_out::neutralise(&c.name_zh),
        ];
        cells.extend(r.nodes.iter().map(|n| format!("{}", c.subtotal(&n.id))));
        cells.push(format!("{}", c.total));
        w.write_record(&cells)
            .map_err(|e| Error::Other(format!("CSV: {e}")))?;
    }
    w.into_inner()
        .map_err(|e| Error::Other(format!("CSV: {e}")))
}

/// The workbook, from the result and the CSV files already rendered.
pub fn workbook(r: &RoundResult, files: &[OutputFile]) -> Result<Vec<u8>> {
    let mut wb = Workbook::new();
    let created = ExcelDateTime::from_ymd(2000, 1, 1).map_err(xlsx_err)?;
    wb.set_properties(
        &DocProperties::new()
            .set_title(&r.round.name_zh)
            .set_author("cluster-eval")
            .set_creation_datetime(&created),
    );
    let node_zh = |h: &str| -> Option<String> {
        zh(h).map(str::to_string).or_else(|| {
            r.nodes
                .iter()
                .find(|n| n.id == h)
                .map(|n| n.name_zh.clone())
        })
    };
    let find = |name: &str| files.iter().find(|f| f.name == name).map(|f| &f.bytes[..]);
    let sheets: [(&str, &str, u16); 13] = [
        ("ranking.csv", "排名 Ranking", 2),
        ("", "维度得分 Dimensions", 2),
        ("trace.csv", "追溯 Trace", 3),
        ("decisions.csv", "评审结果 Decisions", 2),
        ("progress.csv", "中期进度 Progress", 2),
        ("roster_clusters.csv", "企业名录 Rosters", 1),
        ("roster_audit.csv", "申报与名录 Declared vs derived", 2),
        ("reviewer_diagnostics.csv", "评审专家 Reviewers", 2),
        ("weights.csv", "权重 Weights", 4),
        ("methods.csv", "方法比较 Methods", 1),
        ("robustness.csv", "稳健性 Robustness", 1),
        ("sensitivity.csv", "敏感性 Sensitivity", 1),
        ("rejections.csv", "未用数据 Rejections", 0),
    ];
    let dims = nodes_csv(r)?;
    for (file, title, frozen) in sheets {
        let bytes = if file.is_empty() {
            Some(&dims[..])
        } else {
            find(file)
        };
        let Some(bytes) = bytes else { continue };
        let ws = wb.add_worksheet();
        ws.set_name(title).map_err(xlsx_err)?;
        csv_sheet(ws, bytes, &node_zh, frozen)?;
    }
    if let Some(bytes) = find("panel_agreement.csv") {
        let ws = wb.add_worksheet();
        ws.set_name("评分一致性 Agreement").map_err(xlsx_err)?;
        csv_sheet(ws, bytes, &node_zh, 2)?;
    }
    wb.save_to_buffer().map_err(xlsx_err)
}

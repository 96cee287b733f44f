//! report.docx: the document as WordprocessingML (ECMA-376), written with
//! the zip crate the tool already has.
//!
//! The parts are the few a Word document needs: the body (paragraphs,
//! headings in Word's built-in heading styles, tables whose first row
//! repeats on every page), the styles, a header (round and office) and a
//! footer (date and "page N of M" as Word fields), and the core
//! properties without any date. Every part is written in a fixed order with
//! a fixed timestamp, so the same document gives the same bytes. The text
//! is escaped for XML; characters XML cannot hold are left out.

use super::{Block, DocTable, Document};
use crate::diag::{Error, Result};
use std::fmt::Write as _;
use std::io::Write as _;

/// A4 in twentieths of a point, and the margins (as the PDF's).
const PAGE_W: u32 = 11906;
const PAGE_H: u32 = 16838;
const MARGIN_X: u32 = 1247;
const MARGIN_TOP: u32 = 1474;
const MARGIN_BOTTOM: u32 = 1361;
const TEXT_W: u32 = PAGE_W - 2 * MARGIN_X;

const W_NS: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";
const R_NS: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const REL: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
const DECL: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n";

/// Text escaped for XML, without the characters XML 1.0 cannot hold.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\t' | '\n' | '\r' => out.push(' '),
            c if (c as u32) < 0x20 || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {}
            c => out.push(c),
        }
    }
    out
}

/// A run of text.
fn run(text: &str) -> String {
    format!("<w:r><w:t xml:space=\"preserve\">{}</w:t></w:r>", esc(text))
}

/// A paragraph with properties `ppr` (may be empty).
fn para(ppr: &str, text: &str) -> String {
    format!("<w:p><w:pPr>{ppr}</w:pPr>{}</w:p>", run(text))
}

/// A Word field (PAGE, NUMPAGES) showing `shown` until updated.
fn field(instr: &str, shown: &str) -> String {
    format!(
        "<w:r><w:fldChar w:fldCharType=\"begin\"/></w:r><w:r><w:instrText xml:space=\"preserve\"> {instr} </w:instrText></w:r><w:r><w:fldChar w:fldCharType=\"separate\"/></w:r>{}<w:r><w:fldChar w:fldCharType=\"end\"/></w:r>",
        run(shown)
    )
}

/// The width a text takes, in tenths of an em, a little over the widths
/// of Arial / Liberation Sans: a Chinese character (or a dash, a symbol)
/// 10, a capital or a digit 7 (H is 0.72 em, a digit 0.56), a narrow sign
/// or letter 3, any other letter 6. Counting every Latin letter as half an
/// em made LibreOffice wrap "HB02" in its column.
fn width(s: &str) -> u32 {
    s.chars()
        .map(|c| match c {
            c if (c as u32) >= 0x2000 => 10,
            'A'..='Z' | '0'..='9' | '%' | 'm' | 'w' | '&' | '@' => 7,
            ' ' | '.' | ',' | ':' | ';' | 'i' | 'l' | 'j' | '\'' | '|' | '!' => 3,
            _ => 6,
        })
        .sum()
}

/// Column widths: each narrow column as wide as its widest cell, the wide
/// column the rest of the line.
fn widths(t: &DocTable) -> Vec<u32> {
    let natural: Vec<u32> = (0..t.header.len())
        .map(|k| {
            let cells = t.rows.iter().filter_map(|r| r.get(k));
            let widest = cells.map(|c| width(c)).max().unwrap_or(0);
            // A tenth of an em of 9pt is 18 twentieths of a point (19 with
            // some room); plus the cell margins.
            (widest.max(width(&t.header[k])) * 19 + 240).clamp(600, TEXT_W / 2)
        })
        .collect();
    let narrow: u32 = (0..natural.len())
        .filter(|&k| !t.wide[k])
        .map(|k| natural[k])
        .sum();
    let wide = t.wide.iter().filter(|w| **w).count().max(1) as u32;
    let rest = TEXT_W.saturating_sub(narrow).max(1800) / wide;
    (0..natural.len())
        .map(|k| if t.wide[k] { rest } else { natural[k] })
        .collect()
}

fn table(t: &DocTable, out: &mut String) {
    let w = widths(t);
    out.push_str("<w:tbl><w:tblPr><w:tblStyle w:val=\"ResultTable\"/><w:tblW w:w=\"0\" w:type=\"auto\"/><w:tblLayout w:type=\"fixed\"/><w:tblLook w:val=\"04A0\" w:firstRow=\"1\" w:lastRow=\"0\" w:firstColumn=\"0\" w:lastColumn=\"0\" w:noHBand=\"1\" w:noVBand=\"1\"/></w:tblPr><w:tblGrid>");
    for x in &w {
        let _ = write!(out, "<w:gridCol w:w=\"{x}\"/>");
    }
    out.push_str("</w:tblGrid>");
    let row = |cells: &[String], head: bool, out: &mut String| {
        out.push_str("<w:tr>");
        if head {
            out.push_str("<w:trPr><w:cantSplit/><w:tblHeader/></w:trPr>");
        } else {
            out.push_str("<w:trPr><w:cantSplit/></w:trPr>");
        }
        for (k, text) in cells.iter().enumerate() {
            let shade = if head {
                "<w:shd w:val=\"clear\" w:color=\"auto\" w:fill=\"E8E8E8\"/>"
            } else {
                ""
            };
            let jc = if t.right.get(k).copied().unwrap_or(false) {
                "<w:jc w:val=\"right\"/>"
            } else {
                ""
            };
            let _ = write!(
                out,
                "<w:tc><w:tcPr><w:tcW w:w=\"{}\" w:type=\"dxa\"/>{shade}</w:tcPr>{}</w:tc>",
                w.get(k).copied().unwrap_or(1000),
                para(&format!("<w:pStyle w:val=\"TableText\"/>{jc}"), text)
            );
        }
        out.push_str("</w:tr>");
    };
    row(&t.header, true, out);
    for r in &t.rows {
        row(r, false, out);
    }
    out.push_str("</w:tbl>");
}

fn document_xml(doc: &Document) -> String {
    let mut body = String::new();
    for b in &doc.blocks {
        match b {
            Block::Title { text } => body.push_str(&para("<w:pStyle w:val=\"Title\"/>", text)),
            Block::Line { text } => body.push_str(&para("<w:pStyle w:val=\"Subtitle\"/>", text)),
            Block::Heading { level, text } => body.push_str(&para(
                &format!("<w:pStyle w:val=\"Heading{}\"/>", level.clamp(&1, &3)),
                text,
            )),
            Block::Para { text } => body.push_str(&para("", text)),
            Block::Table(t) => {
                table(t, &mut body);
                // Word needs a paragraph between two tables and at the end.
                body.push_str("<w:p/>");
            }
        }
    }
    format!(
        "{DECL}<w:document xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:body>{body}<w:sectPr><w:headerReference w:type=\"default\" r:id=\"rId3\"/><w:footerReference w:type=\"default\" r:id=\"rId4\"/><w:pgSz w:w=\"{PAGE_W}\" w:h=\"{PAGE_H}\"/><w:pgMar w:top=\"{MARGIN_TOP}\" w:right=\"{MARGIN_X}\" w:bottom=\"{MARGIN_BOTTOM}\" w:left=\"{MARGIN_X}\" w:header=\"851\" w:footer=\"851\" w:gutter=\"0\"/></w:sectPr></w:body></w:document>"
    )
}

/// The header (round, office) and footer (date, page N of M).
fn header_footer(doc: &Document) -> (String, String) {
    let tabs = format!("<w:tabs><w:tab w:val=\"right\" w:pos=\"{TEXT_W}\"/></w:tabs>");
    let header = format!(
        "{DECL}<w:hdr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Header\"/>{tabs}</w:pPr>{}<w:r><w:tab/></w:r>{}</w:p></w:hdr>",
        run(&doc.title),
        run(&doc.office)
    );
    let [before, between, after] = &doc.page;
    let footer = format!(
        "{DECL}<w:ftr xmlns:w=\"{W_NS}\" xmlns:r=\"{R_NS}\"><w:p><w:pPr><w:pStyle w:val=\"Footer\"/>{tabs}</w:pPr>{}<w:r><w:tab/></w:r>{}{}{}{}{}</w:p></w:ftr>",
        run(&doc.date),
        run(before),
        field("PAGE", "1"),
        run(between),
        field("NUMPAGES", "1"),
        run(after)
    );
    (header, footer)
}

/// The styles: Normal, Title, Subtitle, Heading 1-3 (kept with the next
/// paragraph), table text, header, footer and the results table.
fn styles_xml(lang: &str) -> String {
    let east = if lang == "zh" { "zh-CN" } else { "en-GB" };
    let heading = |n: u32, size: u32| {
        format!(
            "<w:style w:type=\"paragraph\" w:styleId=\"Heading{n}\"><w:name w:val=\"heading {n}\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:uiPriority w:val=\"9\"/><w:qFormat/><w:pPr><w:keepNext/><w:keepLines/><w:spacing w:before=\"280\" w:after=\"140\"/><w:outlineLvl w:val=\"{}\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"SimHei\"/><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"{size}\"/></w:rPr></w:style>",
            n - 1
        )
    };
    format!(
        "{DECL}<w:styles xmlns:w=\"{W_NS}\"><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"Arial\" w:hAnsi=\"Arial\" w:eastAsia=\"SimSun\" w:cs=\"Arial\"/><w:sz w:val=\"21\"/><w:szCs w:val=\"21\"/><w:lang w:val=\"{east}\" w:eastAsia=\"zh-CN\"/></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"120\" w:line=\"300\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>\
<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/><w:pPr><w:jc w:val=\"both\"/></w:pPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Title\"><w:name w:val=\"Title\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:spacing w:before=\"240\" w:after=\"240\"/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:rFonts w:eastAsia=\"SimHei\"/><w:b/><w:color w:val=\"1F3864\"/><w:sz w:val=\"34\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Subtitle\"><w:name w:val=\"Subtitle\"/><w:basedOn w:val=\"Normal\"/><w:next w:val=\"Normal\"/><w:qFormat/><w:pPr><w:keepNext/><w:jc w:val=\"center\"/></w:pPr><w:rPr><w:sz w:val=\"22\"/></w:rPr></w:style>\
{}{}{}\
<w:style w:type=\"paragraph\" w:styleId=\"TableText\"><w:name w:val=\"Table Text\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\" w:line=\"240\" w:lineRule=\"auto\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:sz w:val=\"18\"/><w:szCs w:val=\"18\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Header\"><w:name w:val=\"header\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"A0A0A0\"/></w:pBdr><w:spacing w:after=\"0\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:color w:val=\"5A5A5A\"/><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"paragraph\" w:styleId=\"Footer\"><w:name w:val=\"footer\"/><w:basedOn w:val=\"Normal\"/><w:pPr><w:spacing w:after=\"0\"/><w:jc w:val=\"left\"/></w:pPr><w:rPr><w:color w:val=\"5A5A5A\"/><w:sz w:val=\"16\"/></w:rPr></w:style>\
<w:style w:type=\"table\" w:default=\"1\" w:styleId=\"TableNormal\"><w:name w:val=\"Normal Table\"/><w:tblPr><w:tblInd w:w=\"0\" w:type=\"dxa\"/><w:tblCellMar><w:top w:w=\"0\" w:type=\"dxa\"/><w:left w:w=\"108\" w:type=\"dxa\"/><w:bottom w:w=\"0\" w:type=\"dxa\"/><w:right w:w=\"108\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
<w:style w:type=\"table\" w:styleId=\"ResultTable\"><w:name w:val=\"Result Table\"/><w:basedOn w:val=\"TableNormal\"/><w:tblPr><w:tblBorders><w:top w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"AAAAAA\"/><w:left w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"AAAAAA\"/><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"AAAAAA\"/><w:right w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"AAAAAA\"/><w:insideH w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"AAAAAA\"/><w:insideV w:val=\"single\" w:sz=\"4\" w:space=\"0\" w:color=\"AAAAAA\"/></w:tblBorders><w:tblCellMar><w:top w:w=\"40\" w:type=\"dxa\"/><w:left w:w=\"100\" w:type=\"dxa\"/><w:bottom w:w=\"40\" w:type=\"dxa\"/><w:right w:w=\"100\" w:type=\"dxa\"/></w:tblCellMar></w:tblPr></w:style>\
</w:styles>",
        heading(1, 28),
        heading(2, 24),
        heading(3, 22)
    )
}

/// The parts of the package, in the order they are written.
fn parts(doc: &Document) -> Vec<(&'static str, String)> {
    let ct = "application/vnd.openxmlformats-officedocument";
    let (header, footer) = header_footer(doc);
    let creator = if doc.office.is_empty() {
        "cluster-eval"
    } else {
        &doc.office
    };
    vec![
        (
            "[Content_Types].xml",
            format!(
                "{DECL}<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/word/document.xml\" ContentType=\"{ct}.wordprocessingml.document.main+xml\"/><Override PartName=\"/word/styles.xml\" ContentType=\"{ct}.wordprocessingml.styles+xml\"/><Override PartName=\"/word/settings.xml\" ContentType=\"{ct}.wordprocessingml.settings+xml\"/><Override PartName=\"/word/header1.xml\" ContentType=\"{ct}.wordprocessingml.header+xml\"/><Override PartName=\"/word/footer1.xml\" ContentType=\"{ct}.wordprocessingml.footer+xml\"/><Override PartName=\"/docProps/core.xml\" ContentType=\"application/vnd.openxmlformats-package.core-properties+xml\"/><Override PartName=\"/docProps/app.xml\" ContentType=\"{ct}.extended-properties+xml\"/></Types>"
            ),
        ),
        (
            "_rels/.rels",
            format!(
                "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/officeDocument\" Target=\"word/document.xml\"/><Relationship Id=\"rId2\" Type=\"http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties\" Target=\"docProps/core.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/extended-properties\" Target=\"docProps/app.xml\"/></Relationships>"
            ),
        ),
        (
            "docProps/core.xml",
            format!(
                "{DECL}<cp:coreProperties xmlns:cp=\"http://schemas.openxmlformats.org/package/2006/metadata/core-properties\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\"><dc:title>{}</dc:title><dc:creator>{}</dc:creator><dc:language>{}</dc:language></cp:coreProperties>",
                esc(&doc.title),
                esc(creator),
                doc.lang
            ),
        ),
        (
            "docProps/app.xml",
            format!(
                "{DECL}<Properties xmlns=\"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties\"><Application>cluster-eval</Application></Properties>"
            ),
        ),
        (
            "word/_rels/document.xml.rels",
            format!(
                "{DECL}<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId1\" Type=\"{REL}/styles\" Target=\"styles.xml\"/><Relationship Id=\"rId2\" Type=\"{REL}/settings\" Target=\"settings.xml\"/><Relationship Id=\"rId3\" Type=\"{REL}/header\" Target=\"header1.xml\"/><Relationship Id=\"rId4\" Type=\"{REL}/footer\" Target=\"footer1.xml\"/></Relationships>"
            ),
        ),
        ("word/document.xml", document_xml(doc)),
        ("word/styles.xml", styles_xml(doc.lang)),
        (
            "word/settings.xml",
            format!(
                "{DECL}<w:settings xmlns:w=\"{W_NS}\"><w:defaultTabStop w:val=\"420\"/><w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat></w:settings>"
            ),
        ),
        ("word/header1.xml", header),
        ("word/footer1.xml", footer),
    ]
}

/// The .docx of a document.
pub fn docx(doc: &Document) -> Result<Vec<u8>> {
    let fail = |e: &dyn std::fmt::Display| Error::Other(format!("report.docx: {e}"));
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated)
        .last_modified_time(zip::DateTime::default())
        .unix_permissions(0o644);
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    for (name, text) in parts(doc) {
        zip.start_file(name, options).map_err(|e| fail(&e))?;
        zip.write_all(text.as_bytes()).map_err(|e| fail(&e))?;
    }
    Ok(zip.finish().map_err(|e| fail(&e))?.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped_and_unwritable_characters_left_out() {
        assert_eq!(
            esc("<a href=\"x\">&#1;</a>\u{1}\u{b}ok\tz"),
            "&lt;a href=&quot;x&quot;&gt;&amp;#1;&lt;/a&gt;ok z"
        );
    }

    #[test]
    fn the_wide_column_takes_the_rest_of_the_line() {
        let t = DocTable {
            header: vec!["排名".into(), "集群名称".into()],
            right: vec![true, false],
            wide: vec![false, true],
            rows: vec![vec!["12".into(), "某某集群".into()]],
        };
        let w = widths(&t);
        // 排名: two Chinese characters, 20 tenths of an em.
        assert_eq!(w[0], 20 * 19 + 240);
        assert_eq!(w[0] + w[1], TEXT_W);
    }

    #[test]
    fn an_id_of_capitals_and_digits_fits_its_column() {
        let t = DocTable {
            header: vec!["ID".into(), "Cluster".into()],
            right: vec![false, false],
            wide: vec![false, true],
            rows: vec![vec!["HB02".into(), "Baoding cluster".into()]],
        };
        // HB02 in 9pt Arial: H 0.722 + B 0.667 + 0 0.556 + 2 0.556 em =
        // 2.501 em = 450 twentieths of a point, plus 2 x 100 of margins.
        assert!(widths(&t)[0] >= 650, "{:?}", widths(&t));
    }
}

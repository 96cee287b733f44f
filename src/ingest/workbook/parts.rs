//! Where a sheet is inside a workbook: the zip part that holds a named
//! sheet, found as calamine finds it (the package's relationships name the
//! workbook part, the workbook's relationships name each sheet's part;
//! part names are matched without regard to case or slash direction). The
//! parts read are small (relationships and the workbook's list of sheets),
//! and were already checked by the guard.

use super::guard::{raw_pairs, xml_reader};
use quick_xml::events::Event;
use std::io::{BufReader, Read, Seek};

/// The name of the part that holds sheet `sheet`, or `None` when the
/// workbook does not say.
pub fn sheet_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>, sheet: &str) -> Option<String> {
    let (dir, workbook) = workbook_part(zip);
    let mut wanted = None;
    each_element(zip, &format!("{dir}{workbook}"), "sheet", |attrs| {
        let mut name = None;
        let mut id = None;
        for (k, v) in raw_pairs(attrs) {
            if k == "name" {
                name = quick_xml::escape::unescape(v).ok().map(|n| n.into_owned());
            } else if k == "id" || k.rsplit_once(':').is_some_and(|(_, local)| local == "id") {
                id = Some(v.to_string());
            }
        }
        if wanted.is_none() && name.as_deref() == Some(sheet) {
            wanted = id;
        }
    });
    let wanted = wanted?;
    let mut target = None;
    each_element(
        zip,
        &format!("{dir}_rels/{workbook}.rels"),
        "Relationship",
        |attrs| {
            let pairs: Vec<(&str, &str)> = raw_pairs(attrs).collect();
            let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|&(_, v)| v);
            if target.is_none() && get("Id") == Some(wanted.as_str()) {
                target = get("Target").map(str::to_string);
            }
        },
    );
    let target = target?;
    Some(match target.strip_prefix('/') {
        Some(absolute) => absolute.to_string(),
        None => format!("{dir}{target}"),
    })
}

/// The folder (with its trailing slash) and name of the workbook part:
/// the package's officeDocument relationship, or `xl/workbook.xml`.
fn workbook_part<R: Read + Seek>(zip: &mut zip::ZipArchive<R>) -> (String, String) {
    let mut target = None;
    each_element(zip, "_rels/.rels", "Relationship", |attrs| {
        let pairs: Vec<(&str, &str)> = raw_pairs(attrs).collect();
        let get = |key: &str| pairs.iter().find(|(k, _)| *k == key).map(|&(_, v)| v);
        if get("Type").is_some_and(|t| t.ends_with("/relationships/officeDocument")) {
            target = get("Target")
                .and_then(|t| quick_xml::escape::unescape(t).ok().map(|t| t.into_owned()));
        }
    });
    let Some(target) = target else {
        return ("xl/".into(), "workbook.xml".into());
    };
    let (dir, name) = match target.rfind('/') {
        Some(i) => target.split_at(i + 1),
        None => ("", target.as_str()),
    };
    let dir = dir.strip_prefix('/').unwrap_or(dir).to_string();
    let name = if name.is_empty() {
        "workbook.xml"
    } else {
        name
    };
    (dir, name.to_string())
}

/// Call `f` with the raw attributes of every element `name` of a part
/// (found without regard to case or slash direction); a part that is
/// missing or stops being XML gives what was read.
fn each_element<R: Read + Seek>(
    zip: &mut zip::ZipArchive<R>,
    part: &str,
    name: &str,
    mut f: impl FnMut(&str),
) {
    let wanted = part.to_ascii_lowercase();
    let Some(index) = (0..zip.len()).find(|&i| {
        zip.name_for_index(i)
            .and_then(Result::ok)
            .is_some_and(|n| n.replace('\\', "/").to_ascii_lowercase() == wanted)
    }) else {
        return;
    };
    let Ok(entry) = zip.by_index(index) else {
        return;
    };
    let mut xml = xml_reader(BufReader::new(entry));
    let mut buf = Vec::new();
    loop {
        buf.clear();
        match xml.read_event_into(&mut buf) {
            Ok(Event::Start(e)) if e.local_name().as_ref() == name => {
                f(e.attributes_raw());
            }
            Ok(Event::Eof) | Err(_) => return,
            Ok(_) => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    fn archive(parts: &[(&str, &str)]) -> zip::ZipArchive<std::io::Cursor<Vec<u8>>> {
        let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        for (name, text) in parts {
            zip.start_file(*name, zip::write::SimpleFileOptions::default())
                .unwrap();
            zip.write_all(text.as_bytes()).unwrap();
        }
        zip::ZipArchive::new(std::io::Cursor::new(zip.finish().unwrap().into_inner())).unwrap()
    }

    #[test]
    fn the_part_of_a_named_sheet() {
        let mut zip = archive(&[
            (
                "_rels/.rels",
                r#"<Relationships><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#,
            ),
            (
                "xl/_rels/workbook.xml.rels",
                r#"<Relationships><Relationship Id="rId1" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Target="/xl/worksheets/sheet2.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<workbook><sheets><sheet name="说明" sheetId="1" r:id="rId1"/><sheet name="A&amp;B" sheetId="2" r:id="rId2"/></sheets></workbook>"#,
            ),
        ]);
        assert_eq!(
            sheet_part(&mut zip, "说明").as_deref(),
            Some("xl/worksheets/sheet1.xml")
        );
        assert_eq!(
            sheet_part(&mut zip, "A&B").as_deref(),
            Some("xl/worksheets/sheet2.xml")
        );
        assert_eq!(sheet_part(&mut zip, "Sheet3"), None);
    }

    #[test]
    fn without_package_relationships_the_workbook_is_in_xl() {
        let mut zip = archive(&[
            (
                "XL/_RELS/WORKBOOK.XML.RELS",
                r#"<Relationships><Relationship Id="r7" Target="worksheets/data.xml"/></Relationships>"#,
            ),
            (
                "xl/workbook.xml",
                r#"<workbook><sheet name="数据" id="r7"/></workbook>"#,
            ),
        ]);
        assert_eq!(
            sheet_part(&mut zip, "数据").as_deref(),
            Some("xl/worksheets/data.xml")
        );
    }
}

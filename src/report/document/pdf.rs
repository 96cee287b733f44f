//! report.pdf: the document laid out by typst, compiled in-process.
//!
//! The typst source is fixed (`document.typ`); the document reaches it as
//! the JSON file `/data.json` of a typst "world" that holds only these two
//! files and the embedded font. typst reads no file of the machine, no
//! font of the machine and no clock (`today` is none, the PDF's date is
//! none), so the same document gives the same bytes everywhere.

use super::Document;
use crate::diag::{Diagnostic, Error, Result};
use std::sync::OnceLock;
use typst::diag::{FileError, FileResult};
use typst::foundations::{Bytes, Datetime, Smart};
use typst::layout::PagedDocument;
use typst::syntax::{FileId, Source, VirtualPath};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};

/// The embedded font: a subset of Noto Sans CJK SC (SIL OFL 1.1), made by
/// `fonts/make_subset.py`.
static FONT: &[u8] = include_bytes!("fonts/NotoSansCJKsc-Regular-subset.otf");

/// The layout.
const TEMPLATE: &str = include_str!("document.typ");

/// The font, parsed once.
fn font() -> Option<&'static Font> {
    static PARSED: OnceLock<Option<Font>> = OnceLock::new();
    PARSED
        .get_or_init(|| Font::new(Bytes::new(FONT), 0))
        .as_ref()
}

/// The world typst compiles in: the template, the data, the font.
struct DocWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    font: Font,
    main: Source,
    data: Bytes,
}

impl World for DocWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        if id.vpath().as_rootless_path() == std::path::Path::new("data.json") {
            Ok(self.data.clone())
        } else {
            Err(FileError::NotFound(id.vpath().as_rootless_path().into()))
        }
    }

    fn font(&self, index: usize) -> Option<Font> {
        (index == 0).then(|| self.font.clone())
    }

    fn today(&self, _offset: Option<i64>) -> Option<Datetime> {
        None
    }
}

fn failed(what: &str, detail: String) -> Error {
    Error::Other(format!("report.pdf: {what}: {detail}"))
}

/// The PDF of a document; `ident` (the round's id) makes the PDF's
/// identifier stable.
pub fn pdf(doc: &Document, ident: &str) -> Result<Vec<u8>> {
    let font = font()
        .cloned()
        .ok_or_else(|| failed("the embedded font", "cannot be read".into()))?;
    let data = serde_json::to_vec(doc)?;
    let world = DocWorld {
        library: LazyHash::new(Library::default()),
        book: LazyHash::new(FontBook::from_fonts([&font])),
        font,
        main: Source::new(
            FileId::new(None, VirtualPath::new("document.typ")),
            TEMPLATE.to_string(),
        ),
        data: Bytes::new(data),
    };
    let compiled = typst::compile::<PagedDocument>(&world);
    let layout = compiled.output.map_err(|errors| {
        let text: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        failed("layout", text.join("; "))
    })?;
    let options = typst_pdf::PdfOptions {
        ident: Smart::Custom(ident),
        ..typst_pdf::PdfOptions::default()
    };
    typst_pdf::pdf(&layout, &options).map_err(|errors| {
        let text: Vec<String> = errors.iter().map(|e| e.message.to_string()).collect();
        failed("export", text.join("; "))
    })
}

/// A warning for every character of the texts that the embedded font has
/// no glyph for: where the text came from, the character and its code.
/// Line breaks and other controls are not drawn and are not checked.
pub fn missing_glyphs(texts: &[(String, String)]) -> Vec<Diagnostic> {
    let Some(font) = font() else {
        return Vec::new();
    };
    let face = font.ttf();
    let mut out = Vec::new();
    for (at, text) in texts {
        let mut seen: Vec<char> = Vec::new();
        for c in text.chars() {
            if c.is_control() || c.is_whitespace() || seen.contains(&c) {
                continue;
            }
            seen.push(c);
            if face.glyph_index(c).is_none() {
                out.push(
                    Diagnostic::warning(
                        "report.pdf",
                        format!(
                            "{at}: the documents' font has no glyph for {c:?} (U+{:04X}); it prints as an empty box in report.pdf (report.docx uses the reader's fonts)",
                            c as u32
                        ),
                    )
                    .zh(format!(
                        "{at}：文档字体没有字符 “{c}”（U+{:04X}）的字形；它在 report.pdf 中显示为空框（report.docx 使用阅读者的字体）",
                        c as u32
                    ))
                    .value(text.clone()),
                );
            }
        }
    }
    out
}

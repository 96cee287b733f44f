//! The workbook's printed page: the footer with page numbers, in the
//! run's language (Excel's codes: `&C` centre, `&P` page, `&N` pages).

catalogue! {
    /// Texts of a printed sheet: (Chinese, English).
    SheetText {
        PageOfPages => ("&C第 &P 页 共 &N 页", "&CPage &P of &N"),
    }
}

impl SheetText {
    pub const fn text(self, lang: super::Lang) -> &'static str {
        match lang {
            super::Lang::Zh => self.pair().0,
            super::Lang::En => self.pair().1,
        }
    }
}

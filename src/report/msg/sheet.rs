//! The workbook's printed page: the footer with page numbers, in the
//! run's language (Excel's codes: `&C` centre, `&P` page, `&N` pages).

catalogue! {
    /// Texts of a printed sheet: (Chinese, English).
    SheetText {
        PageOfPages => ("&C第 &P 页 共 &N 页", "&CPage &P of &N"),
    }
}

impl SheetText {
    pub fn text(self, lang: super::Lang) -> &'static str {
        super::unit::relabel(
            match lang {
                super::Lang::Zh => self.pair().0,
                super::Lang::En => self.pair().1,
            },
            lang,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::msg::Lang;

    #[test]
    fn footers_number_the_pages_in_each_language() {
        for t in SheetText::ALL {
            for l in [Lang::Zh, Lang::En] {
                let s = t.text(l);
                assert!(s.contains("&P") && s.contains("&N"), "{t:?} {l:?}: {s}");
            }
        }
        assert!(SheetText::PageOfPages.text(Lang::Zh).contains("第 &P 页"));
        assert!(!SheetText::PageOfPages.text(Lang::En).contains('页'));
    }
}

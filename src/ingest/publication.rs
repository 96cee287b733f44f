//! `[report]` of round.toml: who publishes the round's documents and how —
//! the issuing office (Chinese and English), the publication date, the
//! objection period of the 公示 notice and the contact for objections, and
//! whether `run` writes the PDF and Word documents.
//!
//! The date is never taken from the clock (a run must give the same bytes
//! on every machine and every day): without `date` the documents carry no
//! date line. Every setting is checked here, with the key and the value in
//! the error.

use crate::diag::{Diagnostic, Diagnostics};
use serde::{Deserialize, Serialize};

/// `[report]` as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PublicationSpec {
    #[serde(default)]
    office: String,
    #[serde(default)]
    office_en: String,
    /// A TOML date (2022-12-30) or a string "2022-12-30".
    date: Option<toml::Value>,
    objection_days: Option<i64>,
    #[serde(default)]
    contact: String,
    #[serde(default)]
    contact_en: String,
    #[serde(default)]
    documents: Option<bool>,
}

/// A calendar date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Date {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl Date {
    /// "2022-12-30", checked against the calendar.
    pub fn parse(s: &str) -> Option<Date> {
        let mut parts = s.trim().splitn(3, '-');
        let (y, m, d) = (parts.next()?, parts.next()?, parts.next()?);
        if y.len() != 4 || m.len() != 2 || d.len() != 2 {
            return None;
        }
        let date = Date {
            year: y.parse().ok()?,
            month: m.parse().ok()?,
            day: d.parse().ok()?,
        };
        date.is_valid().then_some(date)
    }

    fn is_valid(self) -> bool {
        let leap = self.year % 4 == 0 && (self.year % 100 != 0 || self.year % 400 == 0);
        let days = match self.month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if leap => 29,
            2 => 28,
            _ => return false,
        };
        super::YEARS.contains(&self.year) && (1..=days).contains(&self.day)
    }
}

/// The longest objection period accepted, in days.
pub const MAX_OBJECTION_DAYS: i64 = 90;

/// `[report]` resolved: what the documents print.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Publication {
    pub office: String,
    pub office_en: String,
    pub date: Option<Date>,
    pub objection_days: Option<u32>,
    pub contact: String,
    pub contact_en: String,
    /// Whether `run` writes report.pdf and report.docx (default: yes).
    pub documents: bool,
}

impl Publication {
    /// Without `[report]`: no office, no date, documents written.
    pub fn none() -> Publication {
        Publication {
            documents: true,
            ..Publication::default()
        }
    }

    /// Whether round.toml has no `[report]` (or one that changes nothing).
    pub fn is_none(&self) -> bool {
        *self == Publication::none()
    }
}

impl PublicationSpec {
    /// Check the settings; `file` is round.toml's label for the errors.
    pub fn resolve(self, file: &str, diags: &mut Diagnostics) -> Option<Publication> {
        let errors = diags.error_count();
        let mut error = |key: &str, value: String, msg: &str| {
            diags.push(
                Diagnostic::error(file, msg.to_string())
                    .column(format!("report.{key}"))
                    .value(value),
            )
        };
        let date = match &self.date {
            None => None,
            Some(v) => {
                let text = match v {
                    toml::Value::String(s) => s.clone(),
                    toml::Value::Datetime(d) if d.time.is_none() && d.offset.is_none() => {
                        d.to_string()
                    }
                    other => other.to_string(),
                };
                let date = Date::parse(&text);
                if date.is_none() {
                    error(
                        "date",
                        text,
                        "expected the publication date as 2022-12-30 (a real day of the calendar)",
                    );
                }
                date
            }
        };
        let objection_days = match self.objection_days {
            None => None,
            Some(n) if (1..=MAX_OBJECTION_DAYS).contains(&n) => Some(n as u32),
            Some(n) => {
                error(
                    "objection_days",
                    n.to_string(),
                    &format!("expected a number of days from 1 to {MAX_OBJECTION_DAYS}"),
                );
                None
            }
        };
        for (key, text) in [
            ("office", &self.office),
            ("office_en", &self.office_en),
            ("contact", &self.contact),
            ("contact_en", &self.contact_en),
        ] {
            if text.chars().any(|c| c.is_control() && c != '\n') {
                error(
                    key,
                    text.escape_debug().to_string(),
                    "expected text without control characters",
                );
            }
        }
        (diags.error_count() == errors).then_some(Publication {
            office: self.office.trim().to_string(),
            office_en: self.office_en.trim().to_string(),
            date,
            objection_days,
            contact: self.contact.trim().to_string(),
            contact_en: self.contact_en.trim().to_string(),
            documents: self.documents.unwrap_or(true),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn resolve(text: &str) -> (Option<Publication>, Diagnostics) {
        let spec: PublicationSpec = toml::from_str(text).unwrap();
        let mut diags = Diagnostics::default();
        (spec.resolve("round.toml", &mut diags), diags)
    }

    #[test]
    fn dates_are_checked_against_the_calendar() {
        assert_eq!(
            Date::parse("2024-02-29"),
            Some(Date {
                year: 2024,
                month: 2,
                day: 29
            })
        );
        for bad in [
            "2023-02-29",
            "2022-13-01",
            "2022-04-31",
            "22-1-1",
            "2022/12/30",
            "",
        ] {
            assert_eq!(Date::parse(bad), None, "{bad}");
        }
    }

    #[test]
    fn settings_resolve_and_errors_name_the_key() {
        let (p, d) = resolve(
            "office = \" 河北省工业和信息化厅 \"\ndate = 2022-12-30\nobjection_days = 5\ndocuments = false",
        );
        let p = p.unwrap();
        assert!(!d.has_errors());
        assert_eq!(p.office, "河北省工业和信息化厅");
        assert_eq!((p.date.unwrap().month, p.objection_days), (12, Some(5)));
        assert!(!p.documents);
        let (p, d) = resolve("date = \"2022-02-30\"\nobjection_days = 0");
        assert!(p.is_none());
        let text = format!("{d:?}");
        assert!(
            text.contains("report.date") && text.contains("2022-02-30"),
            "{text}"
        );
        assert!(text.contains("report.objection_days"), "{text}");
        let (p, _) = resolve("date = 2022-12-30T10:00:00");
        assert!(p.is_none());
    }
}

//! The certificate base: certificates and declarations of conformity, their validity, and the
//! quick link of products by a list of SKUs. Pure rules, no IO.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::FieldError;

codes!(
    /// A certificate of conformity or a declaration of conformity.
    CertKind {
        Certificate = "certificate",
        Declaration = "declaration",
    }
);

/// Days before the end of validity when a certificate starts to warn (Settings default).
pub const DEFAULT_WARN_DAYS: i64 = 30;

/// A certificate as typed into the form. `id`/`version` are set when editing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CertificateDraft {
    pub id: Option<i64>,
    pub version: i64,
    pub number: String,
    pub kind: CertKind,
    pub issuer: String,
    pub product_group: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub comment: String,
}

impl CertificateDraft {
    pub fn validate(&self) -> Result<(), FieldError> {
        let n = self.number.trim();
        if n.is_empty() {
            return Err(FieldError::new("number", "type the certificate's number"));
        }
        if n.chars().count() > 100 {
            return Err(FieldError::new("number", "at most 100 characters"));
        }
        if self.valid_to < self.valid_from {
            return Err(FieldError::new(
                "valid_to",
                format!(
                    "valid to {} is before valid from {}",
                    self.valid_to, self.valid_from
                ),
            ));
        }
        for d in [self.valid_from, self.valid_to] {
            if !(1990..=2200).contains(&chrono::Datelike::year(&d)) {
                return Err(FieldError::new(
                    "valid_to",
                    format!("{d} is not a plausible date"),
                ));
            }
        }
        Ok(())
    }
}

/// A certificate's standing on a day.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "state")]
pub enum Validity {
    /// Not valid yet (starts later).
    NotYet,
    Valid,
    /// Valid, but ends within the warning days: renew with purchasing.
    Expiring {
        days_left: i64,
    },
    Expired,
}

impl Validity {
    /// Covers goods shipped on the day (valid or expiring).
    pub fn is_valid(self) -> bool {
        matches!(self, Validity::Valid | Validity::Expiring { .. })
    }
}

/// The standing of a certificate valid `from`..=`to` on `today`, warning `warn_days` ahead.
pub fn validity(from: NaiveDate, to: NaiveDate, today: NaiveDate, warn_days: i64) -> Validity {
    if today < from {
        Validity::NotYet
    } else if today > to {
        Validity::Expired
    } else {
        let left = (to - today).num_days();
        if left < warn_days {
            Validity::Expiring { days_left: left }
        } else {
            Validity::Valid
        }
    }
}

/// The SKUs in a pasted list: split on spaces, commas, semicolons and line breaks (a column
/// copied from a spreadsheet works), each once, in the order given.
pub fn parse_sku_list(text: &str) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    let mut out: Vec<String> = Vec::new();
    for sku in text.split(|c: char| c.is_whitespace() || matches!(c, ',' | ';')) {
        let sku = sku.trim();
        if !sku.is_empty() && seen.insert(sku) {
            out.push(sku.to_string());
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn validity_against_a_fixed_day() {
        let today = d(2026, 11, 23);
        assert_eq!(
            validity(d(2026, 12, 1), d(2027, 12, 1), today, 30),
            Validity::NotYet
        );
        assert_eq!(validity(d(2025, 1, 1), d(2027, 1, 1), today, 30), Validity::Valid);
        assert_eq!(
            validity(d(2025, 1, 1), d(2026, 12, 10), today, 30),
            Validity::Expiring { days_left: 17 }
        );
        assert_eq!(
            validity(d(2025, 1, 1), today, today, 30),
            Validity::Expiring { days_left: 0 },
            "the last day still covers"
        );
        assert_eq!(
            validity(d(2025, 1, 1), d(2026, 11, 22), today, 30),
            Validity::Expired
        );
        assert!(Validity::Expiring { days_left: 3 }.is_valid());
        assert!(!Validity::Expired.is_valid());
        assert!(!Validity::NotYet.is_valid());
        assert_eq!(
            validity(d(2025, 1, 1), d(2026, 12, 23), today, 30),
            Validity::Valid
        );
    }

    #[test]
    fn sku_lists_from_any_paste() {
        assert_eq!(
            parse_sku_list("A-1, B-2;C-3\nA-1\r\n\tКР-7  "),
            vec!["A-1", "B-2", "C-3", "КР-7"]
        );
        assert!(parse_sku_list(" ,; \n").is_empty());
    }

    #[test]
    fn drafts_are_checked() {
        let ok = CertificateDraft {
            id: None,
            version: 0,
            number: "ЕАЭС N RU Д-CN.РА01.В.12345/24".into(),
            kind: CertKind::Declaration,
            issuer: "ООО «Сертификация»".into(),
            product_group: "Посуда".into(),
            valid_from: d(2024, 1, 1),
            valid_to: d(2029, 1, 1),
            comment: String::new(),
        };
        assert!(ok.validate().is_ok());
        let e = CertificateDraft {
            valid_to: d(2023, 1, 1),
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "valid_to");
        let e = CertificateDraft {
            number: " ".into(),
            ..ok
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "number");
    }
}

//! SSCC, the Serial Shipping Container Code (GS1 AI 00) that identifies each box on its label.
//!
//! 18 digits: the extension digit (0-9, chosen by the company), the GS1 company prefix, a serial
//! reference zero-padded so that the three make 17 digits, and the GS1 mod-10 check digit. With a
//! 7-digit company prefix there are 9 serial digits (up to 999 999 999 boxes), with a 10-digit
//! prefix 6. Serials come from one counter and are never reused (see `store/printing.rs`).

use super::FieldError;
use super::codes::gs1_check_digit;
use serde::{Deserialize, Serialize};

/// Shortest and longest GS1 company prefix the desk accepts.
pub const COMPANY_PREFIX_LEN: std::ops::RangeInclusive<usize> = 7..=10;

/// The company's GS1 identity for SSCCs; stored as the setting `gs1.prefix`.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Gs1Prefix {
    /// The extension digit, 0-9.
    pub extension: u8,
    /// The GS1 company prefix: 7 to 10 digits as issued by the national GS1 office.
    pub company_prefix: String,
}

impl Gs1Prefix {
    pub fn new(extension: u8, company_prefix: impl Into<String>) -> Self {
        Gs1Prefix {
            extension,
            company_prefix: company_prefix.into(),
        }
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        if self.extension > 9 {
            return Err(FieldError::new(
                "gs1.extension",
                format!("the extension digit is one digit 0-9, not {}", self.extension),
            ));
        }
        let p = &self.company_prefix;
        if p.is_empty() || !p.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::new(
                "gs1.company_prefix",
                format!("a GS1 company prefix has digits only, not '{p}'"),
            ));
        }
        if !COMPANY_PREFIX_LEN.contains(&p.len()) {
            return Err(FieldError::new(
                "gs1.company_prefix",
                format!(
                    "a GS1 company prefix has {} to {} digits, this has {}",
                    COMPANY_PREFIX_LEN.start(),
                    COMPANY_PREFIX_LEN.end(),
                    p.len()
                ),
            ));
        }
        Ok(())
    }

    /// How many digits the serial reference has with this prefix (9 for a 7-digit prefix).
    pub fn serial_digits(&self) -> usize {
        16usize.saturating_sub(self.company_prefix.len())
    }

    /// The largest serial reference that fits.
    pub fn max_serial(&self) -> u64 {
        10u64.pow(self.serial_digits() as u32) - 1
    }
}

/// The SSCC of box `serial` under `prefix`: 18 digits with the check digit.
pub fn sscc(prefix: &Gs1Prefix, serial: u64) -> Result<String, FieldError> {
    prefix.validate()?;
    if serial > prefix.max_serial() {
        return Err(FieldError::new(
            "sscc",
            format!(
                "the SSCC serials of GS1 company prefix {} are used up ({} does not fit in {} digits)",
                prefix.company_prefix,
                serial,
                prefix.serial_digits()
            ),
        ));
    }
    let body = format!(
        "{}{}{:0width$}",
        prefix.extension,
        prefix.company_prefix,
        serial,
        width = prefix.serial_digits()
    );
    debug_assert_eq!(body.len(), 17);
    let check = gs1_check_digit(&body).ok_or_else(|| FieldError::new("sscc", "digits only"))?;
    Ok(format!("{body}{check}"))
}

/// Checks an 18-digit SSCC and its check digit.
pub fn validate_sscc(code: &str) -> Result<(), FieldError> {
    if code.len() != 18 || !code.bytes().all(|b| b.is_ascii_digit()) {
        return Err(FieldError::new(
            "sscc",
            format!("an SSCC has 18 digits, not '{code}'"),
        ));
    }
    let expected = gs1_check_digit(&code[..17]).unwrap_or(10);
    let found = code.as_bytes()[17] - b'0';
    if expected != found {
        return Err(FieldError::new(
            "sscc",
            format!("check digit is {found}, should be {expected}"),
        ));
    }
    Ok(())
}

/// The human-readable line printed under the barcode: `(00) 106141411234567897`.
pub fn sscc_hri(code: &str) -> String {
    format!("(00) {code}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn published_gs1_example() {
        // GS1 General Specifications: (00) 106141411234567897
        let p = Gs1Prefix::new(1, "0614141");
        assert_eq!(p.validate(), Ok(()));
        assert_eq!(p.serial_digits(), 9);
        assert_eq!(sscc(&p, 123_456_789).unwrap(), "106141411234567897");
        assert_eq!(validate_sscc("106141411234567897"), Ok(()));
        assert_eq!(sscc_hri("106141411234567897"), "(00) 106141411234567897");
        // the example in codes.rs: 376104250021234569
        assert_eq!(
            sscc(&Gs1Prefix::new(3, "7610425"), 2_123_456).unwrap(),
            "376104250021234569"
        );
    }

    #[test]
    fn serial_is_zero_padded_and_must_fit() {
        let p = Gs1Prefix::new(0, "4601234");
        let s = sscc(&p, 1).unwrap();
        assert_eq!(&s[..17], "04601234000000001");
        assert_eq!(validate_sscc(&s), Ok(()));
        assert!(sscc(&p, 999_999_999).is_ok());
        assert_eq!(sscc(&p, 1_000_000_000).unwrap_err().field, "sscc");

        let long = Gs1Prefix::new(9, "4601234567");
        assert_eq!(long.serial_digits(), 6);
        assert_eq!(long.max_serial(), 999_999);
        let s = sscc(&long, 42).unwrap();
        assert_eq!(s.len(), 18);
        assert_eq!(&s[..17], "94601234567000042");
        assert!(sscc(&long, 1_000_000).is_err());
    }

    #[test]
    fn prefix_rules() {
        assert_eq!(
            Gs1Prefix::new(10, "4601234").validate().unwrap_err().field,
            "gs1.extension"
        );
        for bad in ["", "460123", "46012345678", "46O1234", " 4601234"] {
            assert_eq!(
                Gs1Prefix::new(0, bad).validate().unwrap_err().field,
                "gs1.company_prefix",
                "{bad:?}"
            );
        }
        assert!(sscc(&Gs1Prefix::new(0, "123"), 1).is_err());
    }

    #[test]
    fn bad_ssccs_are_refused() {
        assert!(validate_sscc("106141411234567896").is_err());
        assert!(validate_sscc("10614141123456789").is_err());
        assert!(validate_sscc("10614141123456789X").is_err());
    }

    #[test]
    fn serde_round_trip() {
        let p = Gs1Prefix::new(0, "4601234");
        let json = serde_json::to_string(&p).unwrap();
        assert_eq!(json, r#"{"extension":0,"company_prefix":"4601234"}"#);
        assert_eq!(serde_json::from_str::<Gs1Prefix>(&json).unwrap(), p);
    }
}

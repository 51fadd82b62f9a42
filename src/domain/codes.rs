//! GS1 check digits (EAN-13, SSCC): the mod-10 weighting of the GS1 General Specifications.

/// The GS1 mod-10 check digit for `digits` (all but the check digit itself). Weights 3 and 1
/// alternate from the rightmost digit. Returns `None` when a character is not an ASCII digit.
pub fn gs1_check_digit(digits: &str) -> Option<u8> {
    let mut sum = 0u32;
    for (i, c) in digits.bytes().rev().enumerate() {
        if !c.is_ascii_digit() {
            return None;
        }
        let d = u32::from(c - b'0');
        sum += if i % 2 == 0 { d * 3 } else { d };
    }
    Some(((10 - sum % 10) % 10) as u8)
}

/// Why a string is not a valid EAN-13.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EanError {
    Length(usize),
    NotDigits,
    CheckDigit { expected: u8, found: u8 },
}

impl std::fmt::Display for EanError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            EanError::Length(n) => write!(f, "an EAN-13 has 13 digits, this has {n}"),
            EanError::NotDigits => write!(f, "an EAN-13 has digits only"),
            EanError::CheckDigit { expected, found } => {
                write!(f, "check digit is {found}, should be {expected}")
            }
        }
    }
}

/// Checks a full 13-digit EAN-13 (with its check digit).
pub fn validate_ean13(code: &str) -> Result<(), EanError> {
    if !code.bytes().all(|c| c.is_ascii_digit()) {
        return Err(EanError::NotDigits);
    }
    let n = code.chars().count();
    if n != 13 {
        return Err(EanError::Length(n));
    }
    let expected = gs1_check_digit(&code[..12]).ok_or(EanError::NotDigits)?;
    let found = code.as_bytes()[12] - b'0';
    if expected != found {
        return Err(EanError::CheckDigit { expected, found });
    }
    Ok(())
}

/// Completes 12 digits into an EAN-13 by appending the check digit.
pub fn ean13_from_12(first12: &str) -> Option<String> {
    if first12.len() != 12 {
        return None;
    }
    let c = gs1_check_digit(first12)?;
    Some(format!("{first12}{c}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_ean13_codes() {
        // from the fixtures shipped with the domain reference
        for code in ["4608105106908", "4605791024394", "4601083498614", "4600596770156"] {
            assert_eq!(validate_ean13(code), Ok(()), "{code}");
        }
        assert_eq!(
            validate_ean13("4608105106907"),
            Err(EanError::CheckDigit {
                expected: 8,
                found: 7
            })
        );
        assert_eq!(validate_ean13("460810510690"), Err(EanError::Length(12)));
        assert_eq!(validate_ean13("46081051069O8"), Err(EanError::NotDigits));
    }

    #[test]
    fn sscc_check_digit() {
        // 376104250021234569 is a published SSCC (check digit 9); 4006381333931 a known EAN.
        assert_eq!(gs1_check_digit("37610425002123456"), Some(9));
        assert_eq!(ean13_from_12("400638133393").as_deref(), Some("4006381333931"));
    }
}

//! Exact fixed-point numbers read from and written as text: money in minor units, weights in
//! grams. No binary floating point ever touches a stored quantity.

/// Parses a non-negative or negative decimal such as `12`, `12.5`, `12,500`, `-3.1` into an
/// integer scaled by `10^scale` (`"2.880"` with scale 3 is `2880`). A decimal comma is accepted;
/// spaces (thousands separators) are ignored. More fractional digits than `scale` is an error,
/// not a silent rounding.
pub fn parse_fixed(text: &str, scale: u32) -> Result<i64, String> {
    let t: String = text
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '\u{a0}' && *c != '\u{202f}')
        .collect();
    if t.is_empty() {
        return Err("empty".into());
    }
    let (neg, body) = match t.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, t.strip_prefix('+').unwrap_or(&t)),
    };
    let body = body.replace(',', ".");
    let mut parts = body.splitn(2, '.');
    let int_part = parts.next().unwrap_or("");
    let frac_part = parts.next().unwrap_or("");
    if int_part.is_empty() && frac_part.is_empty() {
        return Err(format!("'{text}' is not a number"));
    }
    if !int_part.bytes().all(|b| b.is_ascii_digit()) || !frac_part.bytes().all(|b| b.is_ascii_digit()) {
        return Err(format!("'{text}' is not a number"));
    }
    if frac_part.len() > scale as usize {
        return Err(format!("'{text}' has more than {scale} decimal places"));
    }
    let mult = 10i64.pow(scale);
    let int_val: i64 = if int_part.is_empty() {
        0
    } else {
        int_part.parse().map_err(|_| format!("'{text}' is too large"))?
    };
    let mut frac_val: i64 = 0;
    if !frac_part.is_empty() {
        frac_val = frac_part
            .parse()
            .map_err(|_| format!("'{text}' is not a number"))?;
        frac_val *= 10i64.pow(scale - frac_part.len() as u32);
    }
    let v = int_val
        .checked_mul(mult)
        .and_then(|v| v.checked_add(frac_val))
        .ok_or_else(|| format!("'{text}' is too large"))?;
    Ok(if neg { -v } else { v })
}

/// Writes a scaled integer back as a decimal with exactly `scale` places (`2880`, 3 -> `2.880`).
pub fn format_fixed(value: i64, scale: u32) -> String {
    if scale == 0 {
        return value.to_string();
    }
    let mult = 10i64.pow(scale);
    let sign = if value < 0 { "-" } else { "" };
    let a = value.unsigned_abs();
    format!(
        "{sign}{}.{:0width$}",
        a / mult as u64,
        a % mult as u64,
        width = scale as usize
    )
}

/// Money in minor units shown with two decimals and thin-space thousands: `1 234 567.89`.
pub fn format_money(minor: i64) -> String {
    let s = format_fixed(minor, 2);
    let (sign, rest) = s.strip_prefix('-').map_or(("", s.as_str()), |r| ("-", r));
    let (int, frac) = rest.split_once('.').unwrap_or((rest, "00"));
    let mut grouped = String::new();
    for (i, ch) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(' ');
        }
        grouped.push(ch);
    }
    format!("{sign}{grouped}.{frac}")
}

/// Kilograms with three decimals from grams.
pub fn format_kg(grams: i64) -> String {
    format_fixed(grams, 3)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_both_decimal_marks_exactly() {
        assert_eq!(parse_fixed("2.880", 3), Ok(2880));
        assert_eq!(parse_fixed("2,88", 3), Ok(2880));
        assert_eq!(parse_fixed("12", 2), Ok(1200));
        assert_eq!(parse_fixed(" 1 500 000,5 ", 2), Ok(150_000_050));
        assert_eq!(parse_fixed("-0.1", 2), Ok(-10));
        assert_eq!(parse_fixed(".5", 1), Ok(5));
        assert!(parse_fixed("0.1234", 3).is_err());
        assert!(parse_fixed("abc", 2).is_err());
        assert!(parse_fixed("1.2.3", 2).is_err());
        assert!(parse_fixed("", 2).is_err());
        assert!(parse_fixed("99999999999999999999", 2).is_err());
    }

    #[test]
    fn formats_round_trip() {
        assert_eq!(format_fixed(2880, 3), "2.880");
        assert_eq!(format_fixed(-5, 2), "-0.05");
        assert_eq!(format_money(123456789), "1 234 567.89");
        assert_eq!(format_money(-100), "-1.00");
        for v in [0i64, 1, 999, 1000, -1234567] {
            assert_eq!(parse_fixed(&format_fixed(v, 3), 3), Ok(v));
        }
    }
}

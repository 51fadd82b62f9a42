//! Products and storage locations.

use super::FieldError;
use super::codes::validate_ean13;
use serde::{Deserialize, Serialize};

/// A product card. `id` and `version` are 0 for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Product {
    pub id: i64,
    pub sku: String,
    pub name: String,
    pub ean13: Option<String>,
    pub unit: String,
    pub units_per_box: i64,
    pub weight_g: i64,
    /// Storage location code such as `A-03-02-1`; empty when not placed.
    pub location: String,
    pub active: bool,
    pub version: i64,
}

impl Product {
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.sku.trim().is_empty() {
            return Err(FieldError::new("sku", "is required"));
        }
        if self.sku.chars().any(char::is_whitespace) {
            return Err(FieldError::new("sku", "must not contain spaces"));
        }
        if self.name.trim().is_empty() {
            return Err(FieldError::new("name", "is required"));
        }
        if let Some(ean) = &self.ean13 {
            validate_ean13(ean).map_err(|e| FieldError::new("ean13", e.to_string()))?;
        }
        if self.unit.trim().is_empty() {
            return Err(FieldError::new("unit", "is required"));
        }
        if self.units_per_box <= 0 {
            return Err(FieldError::new("units_per_box", "must be at least 1"));
        }
        if self.weight_g < 0 {
            return Err(FieldError::new("weight", "must not be negative"));
        }
        if !self.location.is_empty() {
            validate_location_code(&self.location).map_err(|m| FieldError::new("location", m))?;
        }
        Ok(())
    }
}

/// A location code: letters/digits groups joined by `-`, e.g. `A-03-02-1`.
pub fn validate_location_code(code: &str) -> Result<(), String> {
    let ok = !code.is_empty()
        && code
            .split('-')
            .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric()));
    if ok {
        Ok(())
    } else {
        Err(format!("'{code}' is not a location code like A-03-02-1"))
    }
}

/// The walking sequence of a location code: zone letter, then aisle, rack and level, so that
/// sorting by it walks the warehouse aisle by aisle. Codes of another shape sort after.
pub fn walk_sequence(code: &str) -> i64 {
    let parts: Vec<&str> = code.split('-').collect();
    if parts.len() == 4 {
        let zone = parts[0].bytes().next().map(|b| b.to_ascii_uppercase());
        let nums: Option<Vec<i64>> = parts[1..].iter().map(|p| p.parse::<i64>().ok()).collect();
        if let (Some(z @ b'A'..=b'Z'), Some(n)) = (zone, nums)
            && n.iter().all(|v| (0..100).contains(v))
        {
            let aisle = n[0];
            // serpentine: odd aisles are walked rack-ascending, even ones descending
            let rack = if aisle % 2 == 1 { n[1] } else { 99 - n[1] };
            return i64::from(z - b'A') * 1_000_000 + aisle * 10_000 + rack * 100 + n[2];
        }
    }
    100_000_000
}

/// Full boxes and loose units of a quantity.
pub fn boxes_and_loose(quantity: i64, units_per_box: i64) -> (i64, i64) {
    if units_per_box <= 0 {
        return (0, quantity);
    }
    (quantity / units_per_box, quantity % units_per_box)
}

/// Boxes needed to carry a quantity (a part-filled box counts as one).
pub fn boxes_needed(quantity: i64, units_per_box: i64) -> i64 {
    let (full, loose) = boxes_and_loose(quantity, units_per_box);
    full + i64::from(loose > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_rules() {
        let mut p = Product {
            sku: "A01000".into(),
            name: "Шампунь".into(),
            ean13: Some("4608105106908".into()),
            unit: "шт".into(),
            units_per_box: 48,
            weight_g: 2880,
            location: "D-06-03-1".into(),
            active: true,
            ..Default::default()
        };
        assert_eq!(p.validate(), Ok(()));
        p.ean13 = Some("4608105106907".into());
        assert_eq!(p.validate().unwrap_err().field, "ean13");
        p.ean13 = None;
        p.units_per_box = 0;
        assert_eq!(p.validate().unwrap_err().field, "units_per_box");
        p.units_per_box = 1;
        p.location = "A 03".into();
        assert_eq!(p.validate().unwrap_err().field, "location");
    }

    #[test]
    fn walking_order_is_zone_aisle_serpentine() {
        let mut codes = vec!["B-01-01-1", "A-02-05-1", "A-01-07-2", "A-01-03-1", "A-02-01-1"];
        codes.sort_by_key(|c| walk_sequence(c));
        assert_eq!(
            codes,
            ["A-01-03-1", "A-01-07-2", "A-02-05-1", "A-02-01-1", "B-01-01-1"]
        );
        assert_eq!(walk_sequence("odd"), 100_000_000);
    }

    #[test]
    fn boxes() {
        assert_eq!(boxes_and_loose(50, 24), (2, 2));
        assert_eq!(boxes_needed(48, 24), 2);
        assert_eq!(boxes_needed(49, 24), 3);
        assert_eq!(boxes_needed(0, 24), 0);
    }
}

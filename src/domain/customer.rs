//! Customers, their delivery points and contracts.

use super::FieldError;
use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Grade {
    A,
    #[default]
    B,
    C,
}

impl Grade {
    pub const ALL: [Grade; 3] = [Grade::A, Grade::B, Grade::C];
    pub fn as_str(self) -> &'static str {
        match self {
            Grade::A => "A",
            Grade::B => "B",
            Grade::C => "C",
        }
    }
    pub fn parse(s: &str) -> Option<Grade> {
        match s.trim() {
            "A" | "a" => Some(Grade::A),
            "B" | "b" => Some(Grade::B),
            "C" | "c" => Some(Grade::C),
            _ => None,
        }
    }
}

/// A customer card as the desk edits it. `id` and `version` are 0 for a new one.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Customer {
    pub id: i64,
    pub code: String,
    pub legal_name: String,
    pub tax_id: String,
    pub legal_address: String,
    pub phone: String,
    pub email: String,
    pub credit_limit_minor: i64,
    pub overdue_debt_minor: i64,
    pub grade: Grade,
    pub notes: String,
    pub version: i64,
}

impl Customer {
    /// Overdue debt above the credit limit: new orders go on credit hold.
    pub fn over_credit_limit(&self) -> bool {
        self.overdue_debt_minor > self.credit_limit_minor
    }

    /// Field rules a customer must meet before it is stored.
    pub fn validate(&self) -> Result<(), FieldError> {
        if self.code.trim().is_empty() {
            return Err(FieldError::new("code", "is required"));
        }
        if self.code.trim() != self.code || self.code.chars().any(char::is_whitespace) {
            return Err(FieldError::new("code", "must not contain spaces"));
        }
        if self.legal_name.trim().is_empty() {
            return Err(FieldError::new("legal_name", "is required"));
        }
        if self.credit_limit_minor < 0 {
            return Err(FieldError::new("credit_limit", "must not be negative"));
        }
        if self.overdue_debt_minor < 0 {
            return Err(FieldError::new("overdue_debt", "must not be negative"));
        }
        if !self.email.is_empty() && !self.email.contains('@') {
            return Err(FieldError::new("email", "is not an e-mail address"));
        }
        Ok(())
    }
}

/// Where a customer's goods go.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DeliveryPoint {
    pub id: i64,
    pub customer_id: i64,
    pub name: String,
    pub address: String,
    pub contact: String,
    pub route: String,
    pub active: bool,
    pub version: i64,
}

impl DeliveryPoint {
    pub fn label(&self) -> String {
        if self.name.is_empty() {
            self.address.clone()
        } else {
            format!("{} — {}", self.name, self.address)
        }
    }
}

/// A contract: payment terms and the days to answer a claim.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Contract {
    pub id: i64,
    pub customer_id: i64,
    pub number: String,
    pub signed_on: String,
    pub valid_from: String,
    pub valid_to: Option<String>,
    pub payment_days: i64,
    pub claim_answer_days: i64,
    /// Working hours to answer a new order, when the contract sets its own (else Settings).
    #[serde(default)]
    pub answer_hours: Option<i64>,
    /// Working days to ship, when the contract sets its own (else Settings).
    #[serde(default)]
    pub ship_days: Option<i64>,
    pub version: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn credit_rule_and_validation() {
        let mut c = Customer {
            code: "C001".into(),
            legal_name: "ООО «Ромашка-Опт»".into(),
            credit_limit_minor: 100_00,
            overdue_debt_minor: 100_00,
            ..Default::default()
        };
        assert!(!c.over_credit_limit());
        c.overdue_debt_minor += 1;
        assert!(c.over_credit_limit());
        assert_eq!(c.validate(), Ok(()));
        c.code = "C 1".into();
        assert_eq!(c.validate().unwrap_err().field, "code");
        c.code = "C1".into();
        c.credit_limit_minor = -1;
        assert_eq!(c.validate().unwrap_err().field, "credit_limit");
    }
}

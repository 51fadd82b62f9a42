//! Pure types and rules of the desk: no IO, no SQL, no egui.

pub mod boxes;
pub mod calendar;
pub mod claim;
pub mod codes;
pub mod customer;
pub mod decimal;
pub mod order;
pub mod product;
pub mod sla;
pub mod sscc;
pub mod text;

/// A field-level problem with something the user typed or a file held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

impl FieldError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        FieldError {
            field,
            message: message.into(),
        }
    }
}

impl std::error::Error for FieldError {}

impl std::fmt::Display for FieldError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

//! Registries of documents (A4, with signature lines) and barcode stickers of registered
//! documents (their register code as Code 128), from plain store rows.

use chrono::{DateTime, Local};

use super::pdf::Pdf;
use crate::store::documents::{DocumentRow, RegistryDetail};

/// Sizes of document stickers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum StickerSize {
    /// One 58×40 mm thermal label per document.
    #[default]
    Label58x40,
    /// A4 sheets of 70×37 mm stickers, 3 across and 8 down.
    A4Sheet,
}

/// What the registry prints besides its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPrint<'a> {
    pub registry: &'a RegistryDetail,
    /// Our company (Settings → company name).
    pub company: &'a str,
    pub printed_by: &'a str,
    pub printed_at: DateTime<Local>,
}

/// The registry as an A4 PDF.
pub fn registry_pdf(r: &RegistryPrint) -> crate::Result<Pdf> {
    let _ = r;
    todo!()
}

/// One sticker per document with its register code as a Code 128 barcode.
pub fn document_labels(docs: &[DocumentRow], size: StickerSize) -> crate::Result<Pdf> {
    let _ = (docs, size);
    todo!()
}

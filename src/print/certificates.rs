//! The certificate pack of an order: a title page listing the valid certificates of its
//! products (with the pack's register code as a barcode), then every scan: PDF scans' pages
//! as they are, photos scaled onto A4 pages.

use chrono::NaiveDate;

use super::pdf::Pdf;
use crate::store::certificates::PackData;
use crate::store::{Stamp, Store};

/// The pack as a PDF. `register_code`: the pack's code in the document register.
pub fn pack_pdf(p: &PackData, register_code: &str, company: &str, printed_by: &str) -> crate::Result<Pdf> {
    let _ = (p, register_code, company, printed_by);
    todo!()
}

/// Registers the order's certificate pack in the document register (once per order and day:
/// a reprint finds it) and builds it. Refuses an order none of whose products has a valid
/// certificate. Returns the PDF and the pack's register code.
pub fn print_pack(store: &mut Store, order_id: i64, on: NaiveDate, stamp: &Stamp) -> crate::Result<(Pdf, String)> {
    let _ = (store, order_id, on, stamp);
    todo!()
}

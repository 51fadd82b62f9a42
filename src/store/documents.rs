//! The document register, registries and the scan that receives signed copies. Every write is
//! one transaction with its audit rows and `document_events`; rows are never deleted.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;

use super::{Stamp, Store};
use crate::domain::document::*;
use crate::error::Result;

/// Settings keys of the document register.
pub mod keys {
    /// Days for the signed copy per document kind (JSON object `{kind: days}`).
    pub const DUE_DAYS: &str = "documents.due_days";
}

/// A document as the register lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub id: i64,
    /// The register code printed as its barcode (`DOC-0000123`).
    pub code: String,
    pub kind: DocKind,
    pub direction: Direction,
    pub number: String,
    pub doc_date: NaiveDate,
    pub customer_id: Option<i64>,
    pub customer_code: String,
    /// The customer's name, or the counterparty of an incoming document from a supplier.
    pub customer_name: String,
    pub counterparty: String,
    pub amount_minor: Option<i64>,
    pub comment: String,
    pub status: DocStatus,
    pub sent_via: Option<SentVia>,
    pub sent_at: Option<DateTime<Utc>>,
    pub due_on: Option<NaiveDate>,
    pub received_at: Option<DateTime<Utc>>,
    pub handed_at: Option<DateTime<Utc>>,
    pub handed_to: String,
    pub lost_at: Option<DateTime<Utc>>,
    /// The lost document this one replaces.
    pub replaces_id: Option<i64>,
    /// The document that replaced this lost one.
    pub replaced_by: Option<i64>,
    pub cancel_reason: String,
    /// Numbers of its orders, in order.
    pub order_numbers: Vec<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

impl DocumentRow {
    /// Days the signed copy is overdue on `today` (None: not overdue).
    pub fn overdue_days(&self, today: NaiveDate) -> Option<i64> {
        let due = self.due_on?;
        let days = days_overdue(due, today);
        (self.status.awaits_signed_copy() && days > 0).then_some(days)
    }
}

/// One step in a document's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentEventView {
    pub at: DateTime<Utc>,
    pub by: String,
    pub from: Option<DocStatus>,
    pub to: DocStatus,
    pub note: String,
    /// The registry whose hand-over made the step.
    pub registry_number: Option<String>,
}

/// A document with its orders, history and registries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentDetail {
    pub row: DocumentRow,
    /// (order id, order number).
    pub orders: Vec<(i64, String)>,
    pub events: Vec<DocumentEventView>,
    /// (registry id, number, kind).
    pub registries: Vec<(i64, String, RegistryKind)>,
}

/// Which documents the register shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentFilter {
    /// Words found in numbers (document, register code, orders), customer code and name,
    /// counterparty and comment, in any script and case.
    pub text: String,
    pub kind: Option<DocKind>,
    pub direction: Option<Direction>,
    pub status: Option<DocStatus>,
    pub customer_id: Option<i64>,
    /// Document date from/to, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only signed copies overdue on this day.
    pub overdue_on: Option<NaiveDate>,
    /// At most this many rows, newest first (None: all).
    pub limit: Option<i64>,
}

/// What a scan of a signed copy did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    pub id: i64,
    pub code: String,
    pub kind: DocKind,
    pub number: String,
    pub customer_name: String,
    /// The status before the scan (issued or sent).
    pub was: DocStatus,
}

/// A client with overdue signed copies, for chasing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueClient {
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    /// The customer's phone and e-mail, to call or write.
    pub phone: String,
    pub email: String,
    /// Its overdue documents, most overdue first.
    pub documents: Vec<DocumentRow>,
    pub max_days_overdue: i64,
    pub amount_minor: i64,
}

/// A registry as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryRow {
    pub id: i64,
    pub number: String,
    pub kind: RegistryKind,
    pub on_date: NaiveDate,
    pub comment: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub handed_at: Option<DateTime<Utc>>,
    pub handed_by: Option<String>,
    pub handed_to: String,
    pub documents: i64,
    pub amount_minor: i64,
    pub version: i64,
}

/// A registry with its documents in printed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryDetail {
    pub row: RegistryRow,
    pub documents: Vec<DocumentRow>,
}

/// What handing a registry over did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HandOver {
    /// Documents that took the step.
    pub moved: usize,
    /// Documents already past it (sent or received one by one before): left as they were.
    pub already: usize,
}

impl Store {
    /// Days for the signed copy per kind (Settings, defaults filled in).
    pub fn document_due_days(&self) -> Result<DueDays> {
        todo!()
    }

    /// Saves the days per kind (checked first; one transaction).
    pub fn save_document_due_days(&mut self, days: &DueDays, stamp: &Stamp) -> Result<()> {
        let _ = (days, stamp);
        todo!()
    }

    /// Registers a document (issued, or received when incoming) with its orders; returns its
    /// id and register code.
    pub fn register_document(&mut self, d: &DocumentDraft, stamp: &Stamp) -> Result<(i64, String)> {
        let _ = (d, stamp);
        todo!()
    }

    /// Registers several documents in one transaction (all or none): the documents proposed
    /// when an order ships.
    pub fn register_documents(&mut self, ds: &[DocumentDraft], stamp: &Stamp) -> Result<Vec<(i64, String)>> {
        let _ = (ds, stamp);
        todo!()
    }

    /// Corrects a document's fields (number, date, customer, amount, comment, orders).
    pub fn update_document(&mut self, id: i64, version: i64, d: &DocumentDraft, stamp: &Stamp) -> Result<()> {
        let _ = (id, version, d, stamp);
        todo!()
    }

    /// One step in a document's life (see [`check_doc_move`]). `via`: how it was sent (a step
    /// to sent needs it); `handed_to`: who took it (a step to handed); `note`: why (back steps,
    /// loss, cancelling).
    #[allow(clippy::too_many_arguments)]
    pub fn move_document(
        &mut self,
        id: i64,
        version: i64,
        to: DocStatus,
        via: Option<SentVia>,
        handed_to: &str,
        note: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        let _ = (id, version, to, via, handed_to, note, stamp);
        todo!()
    }

    /// Reissues a lost document: registers the new one (same kind, customer, orders, amount)
    /// under `number`/`date` and marks the lost one reissued, pointing at it.
    pub fn reissue_document(
        &mut self,
        id: i64,
        version: i64,
        number: &str,
        date: NaiveDate,
        stamp: &Stamp,
    ) -> Result<(i64, String)> {
        let _ = (id, version, number, date, stamp);
        todo!()
    }

    /// Marks the document of a scanned register code received (signed copy back). Errors name
    /// the problem and change nothing: an unknown code, an unknown document, a document
    /// already received (when and by whom), cancelled, or incoming.
    pub fn receive_scan(&mut self, scan: &str, stamp: &Stamp) -> Result<Received> {
        let _ = (scan, stamp);
        todo!()
    }

    pub fn documents(&self, f: &DocumentFilter) -> Result<Vec<DocumentRow>> {
        let _ = f;
        todo!()
    }

    pub fn document(&self, id: i64) -> Result<DocumentDetail> {
        let _ = id;
        todo!()
    }

    /// The documents of an order.
    pub fn order_documents(&self, order_id: i64) -> Result<Vec<DocumentRow>> {
        let _ = order_id;
        todo!()
    }

    /// Clients with signed copies overdue on `today`, most overdue first.
    pub fn overdue_documents(&self, today: NaiveDate) -> Result<Vec<OverdueClient>> {
        let _ = today;
        todo!()
    }

    /// The documents a new registry of `kind` for `on` would list: shipments: outgoing issued
    /// documents dated `on` of delivered (not self-pickup) orders or of no order; self-pickup:
    /// those of self-pickup orders; accounting: signed copies received on or before `on`. In
    /// each case not yet in a registry of that kind.
    pub fn registry_candidates(&self, kind: RegistryKind, on: NaiveDate) -> Result<Vec<DocumentRow>> {
        let _ = (kind, on);
        todo!()
    }

    /// Builds a registry of these documents (each must fit the kind; none twice in one kind).
    pub fn create_registry(
        &mut self,
        kind: RegistryKind,
        on: NaiveDate,
        document_ids: &[i64],
        comment: &str,
        stamp: &Stamp,
    ) -> Result<(i64, String)> {
        let _ = (kind, on, document_ids, comment, stamp);
        todo!()
    }

    /// Registries of documents dated in the period (None: all), newest first.
    pub fn registries(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<RegistryRow>> {
        let _ = (from, to);
        todo!()
    }

    pub fn registry(&self, id: i64) -> Result<RegistryDetail> {
        let _ = id;
        todo!()
    }

    /// The latest registry of a kind and date.
    pub fn registry_for(&self, kind: RegistryKind, on: NaiveDate) -> Result<Option<i64>> {
        let _ = (kind, on);
        todo!()
    }

    /// Hands a registry over: every document in it takes the kind's step at once (sent with
    /// the goods, or handed to `handed_to`), in one transaction.
    pub fn hand_over_registry(&mut self, id: i64, version: i64, handed_to: &str, stamp: &Stamp) -> Result<HandOver> {
        let _ = (id, version, handed_to, stamp);
        todo!()
    }
}

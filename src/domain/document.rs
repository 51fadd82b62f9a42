//! The register of primary documents (waybills, invoices, УПД, acts...) and registries of
//! documents handed over together. Pure rules: the life of a document, when its signed copy is
//! due, the register code printed as its barcode. No IO, no SQL, no egui.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

use super::FieldError;

codes!(
    /// What the document is.
    DocKind {
        Waybill = "waybill",
        Invoice = "invoice",
        Upd = "upd",
        Act = "act",
        ReturnDoc = "return_doc",
        PowerOfAttorney = "power_of_attorney",
        CertificatePack = "certificate_pack",
        Other = "other",
    }
);

codes!(
    /// Outgoing to a client, or incoming from a client or a supplier.
    Direction {
        Outgoing = "outgoing",
        Incoming = "incoming",
    }
);

codes!(
    /// Where a document stands. Outgoing: issued → sent → signed → handed, or lost → reissued.
    /// Incoming: received → handed. Either: cancelled (a mistake).
    DocStatus {
        Issued = "issued",
        Sent = "sent",
        Signed = "signed",
        Handed = "handed",
        Lost = "lost",
        Reissued = "reissued",
        Received = "received",
        Cancelled = "cancelled",
    }
);

codes!(
    /// How an outgoing document went to the client.
    SentVia {
        Goods = "goods",
        Email = "email",
        Courier = "courier",
    }
);

codes!(
    /// A registry: the day's shipments, the self-pickups, the stack for accounting.
    RegistryKind {
        Shipments = "shipments",
        SelfPickup = "self_pickup",
        Accounting = "accounting",
    }
);

impl DocKind {
    /// Days for the signed copy when Settings say nothing (0: no signed copy expected).
    pub fn default_due_days(self) -> i64 {
        match self {
            DocKind::Waybill | DocKind::Upd | DocKind::Act | DocKind::ReturnDoc => 10,
            DocKind::Invoice | DocKind::PowerOfAttorney | DocKind::CertificatePack | DocKind::Other => 0,
        }
    }
}

impl DocStatus {
    /// The first status of a new document.
    pub fn initial(direction: Direction) -> DocStatus {
        match direction {
            Direction::Outgoing => DocStatus::Issued,
            Direction::Incoming => DocStatus::Received,
        }
    }

    /// Still waiting for its signed copy (counts as overdue after `due_on`).
    pub fn awaits_signed_copy(self) -> bool {
        matches!(self, DocStatus::Issued | DocStatus::Sent)
    }

    /// No further step.
    pub fn is_final(self) -> bool {
        matches!(self, DocStatus::Reissued | DocStatus::Cancelled)
    }

    /// The steps a user may take from here. Back steps (undoing a mistaken scan or hand-over)
    /// need a note.
    pub fn next_steps(self, direction: Direction) -> &'static [DocStatus] {
        use DocStatus::*;
        match (direction, self) {
            (Direction::Outgoing, Issued) => &[Sent, Signed, Lost, Cancelled],
            (Direction::Outgoing, Sent) => &[Signed, Handed, Lost, Issued, Cancelled],
            (Direction::Outgoing, Signed) => &[Handed, Sent, Lost],
            (Direction::Outgoing, Handed) => &[Signed],
            (Direction::Outgoing, Lost) => &[Reissued, Sent],
            (Direction::Incoming, Received) => &[Handed, Cancelled],
            (Direction::Incoming, Handed) => &[Received],
            _ => &[],
        }
    }

    /// A step back (undo of a mistake): needs a note.
    pub fn is_back_step(from: DocStatus, to: DocStatus) -> bool {
        use DocStatus::*;
        matches!(
            (from, to),
            (Sent, Issued) | (Signed, Sent) | (Handed, Signed) | (Handed, Received) | (Lost, Sent)
        )
    }
}

/// A step the life of a document does not allow.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IllegalDocMove {
    pub from: DocStatus,
    pub to: DocStatus,
    pub reason: String,
}

impl std::fmt::Display for IllegalDocMove {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} → {}: {}", self.from.code(), self.to.code(), self.reason)
    }
}

impl std::error::Error for IllegalDocMove {}

/// Checks one step of a document. `note`: why (needed for back steps, loss and cancelling).
pub fn check_doc_move(
    direction: Direction,
    from: DocStatus,
    to: DocStatus,
    note: &str,
) -> Result<(), IllegalDocMove> {
    let refuse = |reason: &str| {
        Err(IllegalDocMove {
            from,
            to,
            reason: reason.to_string(),
        })
    };
    if from == to {
        return refuse("the document is already there");
    }
    if to == DocStatus::Reissued {
        return refuse("reissue a lost document with «Reissue»: it registers the new one");
    }
    if !from.next_steps(direction).contains(&to) {
        return refuse("this step is not allowed");
    }
    let needs_note =
        DocStatus::is_back_step(from, to) || matches!(to, DocStatus::Lost | DocStatus::Cancelled);
    if needs_note && note.trim().is_empty() {
        return refuse("say why");
    }
    Ok(())
}

/// Days for the signed copy of each kind (Settings). A kind left out uses its default.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(transparent)]
pub struct DueDays(pub BTreeMap<DocKind, i64>);

impl DueDays {
    pub fn days(&self, kind: DocKind) -> i64 {
        self.0
            .get(&kind)
            .copied()
            .unwrap_or_else(|| kind.default_due_days())
    }

    /// Every kind with its days (defaults filled in).
    pub fn filled(&self) -> DueDays {
        DueDays(DocKind::ALL.iter().map(|&k| (k, self.days(k))).collect())
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        for (k, d) in &self.0 {
            if !(0..=365).contains(d) {
                return Err(FieldError::new(
                    "documents.due_days",
                    format!("{}: between 0 (no signed copy) and 365 days", k.code()),
                ));
            }
        }
        Ok(())
    }
}

/// When the signed copy of an outgoing document is due: `days` calendar days from `from` (the
/// day it was sent, or its date before that). None when no signed copy is expected.
pub fn due_on(direction: Direction, days: i64, from: NaiveDate) -> Option<NaiveDate> {
    if direction == Direction::Incoming || days <= 0 {
        return None;
    }
    from.checked_add_days(chrono::Days::new(days as u64))
}

/// Days a signed copy is overdue on `today` (0 or less: not overdue).
pub fn days_overdue(due_on: NaiveDate, today: NaiveDate) -> i64 {
    (today - due_on).num_days()
}

/// A document as typed into the register form (or proposed when an order ships).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DocumentDraft {
    pub kind: DocKind,
    pub direction: Direction,
    pub number: String,
    pub doc_date: NaiveDate,
    pub customer_id: Option<i64>,
    /// A supplier (or other sender) that is not a customer.
    pub counterparty: String,
    pub amount_minor: Option<i64>,
    pub comment: String,
    pub order_ids: Vec<i64>,
}

impl DocumentDraft {
    pub fn validate(&self) -> Result<(), FieldError> {
        let number = self.number.trim();
        if number.is_empty() {
            return Err(FieldError::new("number", "type the document's number"));
        }
        if number.chars().count() > 60 {
            return Err(FieldError::new("number", "at most 60 characters"));
        }
        if self.customer_id.is_none() && self.counterparty.trim().is_empty() {
            return Err(FieldError::new(
                "customer",
                "choose the customer (or name the supplier of an incoming document)",
            ));
        }
        if self.direction == Direction::Outgoing && self.customer_id.is_none() {
            return Err(FieldError::new(
                "customer",
                "an outgoing document goes to a customer",
            ));
        }
        if self.amount_minor.is_some_and(|a| a < 0) {
            return Err(FieldError::new("amount", "the amount cannot be negative"));
        }
        let year = chrono::Datelike::year(&self.doc_date);
        if !(2000..=2100).contains(&year) {
            return Err(FieldError::new(
                "doc_date",
                format!("{} is not a plausible date", self.doc_date),
            ));
        }
        let mut seen = std::collections::BTreeSet::new();
        if self.order_ids.iter().any(|o| !seen.insert(*o)) {
            return Err(FieldError::new("orders", "the same order twice"));
        }
        Ok(())
    }
}

impl RegistryKind {
    /// The status a document must have to join the registry, and the one handing the registry
    /// over gives it: shipments and self-pickups send issued documents with the goods;
    /// accounting takes signed copies.
    pub fn step(self) -> (DocStatus, DocStatus) {
        match self {
            RegistryKind::Shipments | RegistryKind::SelfPickup => (DocStatus::Issued, DocStatus::Sent),
            RegistryKind::Accounting => (DocStatus::Signed, DocStatus::Handed),
        }
    }
}

/// The register code of a document, printed as its barcode: `DOC-0000123`.
pub fn register_code(id: i64) -> String {
    format!("DOC-{id:07}")
}

/// The document id in a scanned register code. Accepts `DOC-0000123`, `doc-123`, `DOC0000123`,
/// a symbology prefix (`]C0`), and the same keys typed by a scanner while the Russian keyboard
/// layout is on (`ВЩС-0000123`).
pub fn parse_register_code(scan: &str) -> Option<i64> {
    let s = scan.trim();
    let s = s.strip_prefix("]C0").unwrap_or(s);
    let mapped: String = s
        .chars()
        .map(|c| match c {
            'В' | 'в' => 'D',
            'Щ' | 'щ' => 'O',
            'С' | 'с' => 'C',
            c => c.to_ascii_uppercase(),
        })
        .collect();
    let digits = mapped.strip_prefix("DOC")?;
    let digits = digits.strip_prefix('-').unwrap_or(digits);
    if digits.is_empty() || digits.len() > 12 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse().ok().filter(|&id: &i64| id > 0)
}

/// The number of the `n`th registry of a year: `RG-2026-00012`.
pub fn registry_number(year: i32, n: i64) -> String {
    format!("RG-{year}-{n:05}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn register_codes_round_trip_and_survive_scanners() {
        assert_eq!(register_code(123), "DOC-0000123");
        for s in [
            "DOC-0000123",
            "doc-123",
            "DOC0000123",
            "]C0DOC-0000123",
            " ВЩС-0000123 ",
            "вщс0000123",
        ] {
            assert_eq!(parse_register_code(s), Some(123), "{s}");
        }
        for s in [
            "",
            "DOC-",
            "DOC-12a",
            "CL-2026-00001",
            "4600000000000",
            "DOC-0",
            "DOC--1",
        ] {
            assert_eq!(parse_register_code(s), None, "{s}");
        }
    }

    #[test]
    fn life_of_an_outgoing_document() {
        use DocStatus::*;
        let out = Direction::Outgoing;
        assert!(check_doc_move(out, Issued, Sent, "").is_ok());
        assert!(check_doc_move(out, Sent, Signed, "").is_ok());
        assert!(check_doc_move(out, Signed, Handed, "").is_ok());
        assert!(
            check_doc_move(out, Handed, Signed, "").is_err(),
            "a back step needs a note"
        );
        assert!(check_doc_move(out, Handed, Signed, "scanned the wrong stack").is_ok());
        assert!(check_doc_move(out, Sent, Lost, "").is_err());
        assert!(check_doc_move(out, Sent, Lost, "the client has none").is_ok());
        assert!(
            check_doc_move(out, Lost, Reissued, "x").is_err(),
            "reissue registers a new one"
        );
        assert!(check_doc_move(out, Signed, Signed, "").is_err());
        assert!(check_doc_move(out, Cancelled, Issued, "x").is_err());
        assert!(check_doc_move(Direction::Incoming, Received, Handed, "").is_ok());
        assert!(check_doc_move(Direction::Incoming, Received, Signed, "").is_err());
    }

    #[test]
    fn due_dates_by_kind() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let days = DueDays::default();
        assert_eq!(days.days(DocKind::Waybill), 10);
        assert_eq!(days.days(DocKind::Invoice), 0);
        assert_eq!(
            due_on(Direction::Outgoing, days.days(DocKind::Waybill), d),
            NaiveDate::from_ymd_opt(2026, 12, 3)
        );
        assert_eq!(due_on(Direction::Outgoing, 0, d), None);
        assert_eq!(due_on(Direction::Incoming, 10, d), None);
        let custom = DueDays([(DocKind::Invoice, 5)].into_iter().collect());
        assert_eq!(custom.days(DocKind::Invoice), 5);
        assert_eq!(custom.filled().0.len(), DocKind::ALL.len());
        assert!(
            DueDays([(DocKind::Act, 400)].into_iter().collect())
                .validate()
                .is_err()
        );
        let json = serde_json::to_string(&custom).unwrap();
        assert_eq!(json, r#"{"invoice":5}"#);
    }

    #[test]
    fn drafts_are_checked() {
        let ok = DocumentDraft {
            kind: DocKind::Waybill,
            direction: Direction::Outgoing,
            number: "РН-000123".into(),
            doc_date: NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            customer_id: Some(1),
            counterparty: String::new(),
            amount_minor: Some(100),
            comment: String::new(),
            order_ids: vec![1, 2],
        };
        assert!(ok.validate().is_ok());
        let e = DocumentDraft {
            number: "  ".into(),
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "number");
        let e = DocumentDraft {
            customer_id: None,
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "customer");
        let incoming = DocumentDraft {
            direction: Direction::Incoming,
            customer_id: None,
            counterparty: "ООО Поставщик".into(),
            ..ok.clone()
        };
        assert!(incoming.validate().is_ok());
        let e = DocumentDraft {
            amount_minor: Some(-1),
            ..ok.clone()
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "amount");
        let e = DocumentDraft {
            order_ids: vec![3, 3],
            ..ok
        }
        .validate()
        .unwrap_err();
        assert_eq!(e.field, "orders");
    }
}

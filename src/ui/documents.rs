//! The document controller's register: documents and their life, registries, signed copies
//! received by scan (batch), overdue copies per client, and the documents proposed when an
//! order ships.

use chrono::NaiveDate;

use super::Action;
use crate::domain::document::{DocStatus, DocumentDraft, DueDays, RegistryKind, SentVia};
use crate::store::documents::Received;
use crate::store::{Stamp, Store};

/// The register's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum DocWrite {
    Register(DocumentDraft),
    /// The documents proposed when an order ships: all or none.
    RegisterMany(Vec<DocumentDraft>),
    Update {
        id: i64,
        version: i64,
        draft: DocumentDraft,
    },
    Move {
        id: i64,
        version: i64,
        to: DocStatus,
        via: Option<SentVia>,
        handed_to: String,
        note: String,
    },
    Reissue {
        id: i64,
        version: i64,
        number: String,
        date: NaiveDate,
    },
    CreateRegistry {
        kind: RegistryKind,
        on: NaiveDate,
        ids: Vec<i64>,
        comment: String,
    },
    HandOver {
        id: i64,
        version: i64,
        handed_to: String,
    },
    SaveDueDays(DueDays),
}

/// Carries out one write.
pub fn write(store: &mut Store, w: DocWrite, stamp: &Stamp) -> crate::Result<String> {
    let _ = (store, w, stamp);
    todo!()
}

/// The register panel.
#[derive(Default)]
pub struct DocumentsPanel {
    pub stale: bool,
}

impl DocumentsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        let _ = (ui, store, actions);
    }
    pub fn done(&mut self, msg: String) {
        let _ = msg;
    }
    pub fn failed(&mut self, msg: String) {
        let _ = msg;
    }
    /// Shows a document.
    pub fn select(&mut self, store: &Store, id: i64) {
        let _ = (store, id);
    }
    /// A scan of a signed copy in the global scan field: ticks (or refuses) in the batch list.
    pub fn scanned(&mut self, code: &str, result: Result<Received, String>) {
        let _ = (code, result);
    }
}

/// The window proposing the documents of orders just shipped.
pub struct ProposalWindow {}

impl ProposalWindow {
    pub fn open(store: &Store, order_ids: &[i64]) -> crate::Result<ProposalWindow> {
        let _ = (store, order_ids);
        todo!()
    }
    /// Draws the window; false once closed.
    pub fn ui(&mut self, ctx: &egui::Context, store: &Store, actions: &mut Vec<Action>) -> bool {
        let _ = (ctx, store, actions);
        false
    }
    pub fn done(&mut self, msg: String) {
        let _ = msg;
    }
    pub fn failed(&mut self, msg: String) {
        let _ = msg;
    }
}

//! The claims manager's panel: the claim list with time left, registering a claim from an
//! order or a scanned box label, the investigation, the decision, the answer and the loop.

use super::Action;
use crate::store::{Stamp, Store};

/// The claims panel's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum ClaimWrite {}

/// Carries out one write of the panel; the text is the status bar's message.
pub fn write(_store: &mut Store, w: ClaimWrite, _stamp: &Stamp) -> crate::Result<String> {
    match w {}
}

#[derive(Default)]
pub struct ClaimsPanel {
    pub stale: bool,
}

impl ClaimsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, _store: &Store, _actions: &mut Vec<Action>) {
        ui.label("");
    }
    /// Shows a claim.
    pub fn select(&mut self, _store: &Store, _id: i64) {}
    /// Opens the register form on an order (`internal`: a picking-control error).
    pub fn new_for(&mut self, _store: &Store, _order_id: i64, _internal: bool) {}
    pub fn done(&mut self, _msg: String) {}
    pub fn failed(&mut self, _msg: String) {}
}

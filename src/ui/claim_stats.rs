//! Claim statistics for management: by kind, culprit, customer and person; share of orders
//! with a claim; answer times; charts and CSV export.

use super::Action;
use crate::store::Store;

#[derive(Default)]
pub struct StatsPanel {
    pub stale: bool,
}

impl StatsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, _store: &Store, _actions: &mut Vec<Action>) {
        ui.label("");
    }
}

//! The contact log and the calls back due today (follow-ups of closed claims among them).

use super::Action;
use crate::store::{Stamp, Store};

/// The contacts panel's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum ContactWrite {}

pub fn write(_store: &mut Store, w: ContactWrite, _stamp: &Stamp) -> crate::Result<String> {
    match w {}
}

#[derive(Default)]
pub struct ContactsPanel {
    pub stale: bool,
}

impl ContactsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, _store: &Store, _actions: &mut Vec<Action>) {
        ui.label("");
    }
    pub fn done(&mut self, _msg: String) {}
    pub fn failed(&mut self, _msg: String) {}
}

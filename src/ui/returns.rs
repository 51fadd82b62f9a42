//! The return window: what came back of an order (full return or brought back by a driver),
//! line by line with its condition, checked for completeness, linked to a claim.

use super::Action;
use crate::store::Store;

pub struct ReturnWindow {
    pub stale: bool,
}

impl ReturnWindow {
    pub fn open(_store: &Store, _order_id: i64, _claim_id: Option<i64>) -> crate::Result<Self> {
        Ok(ReturnWindow { stale: false })
    }
    /// Draws the window; `false` when it was closed.
    pub fn ui(&mut self, _ctx: &egui::Context, _store: &Store, _actions: &mut Vec<Action>) -> bool {
        false
    }
    pub fn done(&mut self, _msg: String) {}
    pub fn failed(&mut self, _msg: String) {}
}

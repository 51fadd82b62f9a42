//! The certificate base: certificates and declarations with their scans and products, expiry
//! alerts, and the certificate pack of an order.

use std::path::PathBuf;

use super::Action;
use crate::domain::certificate::CertificateDraft;
use crate::store::{Stamp, Store};

/// The certificate base's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum CertWrite {
    Save(CertificateDraft),
    AttachPath { cert_id: i64, path: PathBuf },
    AttachBytes { cert_id: i64, name: String, bytes: Vec<u8> },
    RemoveFile { file_id: i64 },
    LinkSkus { cert_id: i64, skus: Vec<String> },
    LinkProducts { cert_id: i64, product_ids: Vec<i64> },
    Unlink { cert_id: i64, product_id: i64 },
    SaveWarnDays(i64),
    /// Builds an order's certificate pack, registers it and opens it in the viewer.
    PrintPack { order_id: i64 },
}

/// Carries out one write.
pub fn write(store: &mut Store, w: CertWrite, stamp: &Stamp) -> crate::Result<String> {
    let _ = (store, w, stamp);
    todo!()
}

/// The certificate base panel.
#[derive(Default)]
pub struct CertificatesPanel {
    pub stale: bool,
}

impl CertificatesPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        let _ = (ui, store, actions);
    }
    pub fn done(&mut self, msg: String) {
        let _ = msg;
    }
    pub fn failed(&mut self, msg: String) {
        let _ = msg;
    }
    pub fn select(&mut self, store: &Store, id: i64) {
        let _ = (store, id);
    }
}

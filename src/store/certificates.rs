//! The certificate base: certificates and declarations of conformity, their scans (kept in the
//! database), the products they cover, expiry alerts and the data of an order's certificate
//! pack. Every write is one transaction with its audit rows.

use chrono::{DateTime, NaiveDate, Utc};
use serde::Serialize;
use std::path::Path;

use super::{Stamp, Store};
use crate::domain::certificate::*;
use crate::error::Result;

/// Settings keys of the certificate base.
pub mod keys {
    /// Days before the end of validity when a certificate warns (default 30).
    pub const WARN_DAYS: &str = "certificates.warn_days";
}

/// A certificate as the list shows it, with its standing on the filter's day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateRow {
    pub id: i64,
    pub number: String,
    pub kind: CertKind,
    pub issuer: String,
    pub product_group: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    pub comment: String,
    /// How many products it covers.
    pub products: i64,
    /// How many scans it has.
    pub files: i64,
    pub validity: Validity,
    /// Expired, but every product it covers has another valid certificate (renewed).
    pub superseded: bool,
    pub version: i64,
}

impl CertificateRow {
    /// The draft of the form editing this certificate.
    pub fn draft(&self) -> CertificateDraft {
        CertificateDraft {
            id: Some(self.id),
            version: self.version,
            number: self.number.clone(),
            kind: self.kind,
            issuer: self.issuer.clone(),
            product_group: self.product_group.clone(),
            valid_from: self.valid_from,
            valid_to: self.valid_to,
            comment: self.comment.clone(),
        }
    }
}

/// A scan kept with a certificate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertFileRow {
    pub id: i64,
    pub certificate_id: i64,
    pub name: String,
    /// image/png, image/jpeg or application/pdf.
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

/// A product a certificate covers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LinkedProduct {
    pub id: i64,
    pub sku: String,
    pub name: String,
}

/// A certificate with its products and scans.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CertificateDetail {
    pub row: CertificateRow,
    pub products: Vec<LinkedProduct>,
    pub files: Vec<CertFileRow>,
}

/// Which certificates the list shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub enum CertState {
    #[default]
    All,
    /// Valid on the day (expiring ones included).
    Valid,
    /// Valid but ending within the warning days.
    Expiring,
    /// Past their end (superseded ones included).
    Expired,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CertFilter {
    /// Words in the number, issuer, product group, comment, or a covered product's SKU/name.
    pub text: String,
    pub state: CertState,
    /// Only certificates covering this product.
    pub product_id: Option<i64>,
    /// The day validity is judged on.
    pub today: NaiveDate,
    pub warn_days: i64,
}

/// What linking products did.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct LinkReport {
    pub linked: usize,
    /// Already linked: left as they were.
    pub already: usize,
}

/// The alerts of the certificate base on a day.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct CertAlerts {
    /// Valid but ending within the warning days, soonest first.
    pub expiring: Vec<CertificateRow>,
    /// Expired and not superseded (some product it covers has no other valid certificate).
    pub expired: Vec<CertificateRow>,
    /// Active products without a certificate valid on the day.
    pub products_without: i64,
}

/// One certificate in an order's pack, with its scans' bytes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackCertificate {
    pub row: CertificateRow,
    /// The order's products it covers: (sku, name).
    pub products: Vec<(String, String)>,
    /// Its scans in the order they were added: (file, bytes).
    pub files: Vec<(CertFileRow, Vec<u8>)>,
}

/// What an order's certificate pack holds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PackData {
    pub order_id: i64,
    pub order_number: String,
    pub customer_id: i64,
    pub customer_name: String,
    /// The day validity was judged on.
    pub on: NaiveDate,
    /// Certificates valid on the day covering the order's products, by number.
    pub certificates: Vec<PackCertificate>,
    /// The order's products without a valid certificate: (sku, name).
    pub uncovered: Vec<(String, String)>,
}

impl Store {
    /// Days before the end of validity when a certificate warns (Settings, default 30).
    pub fn certificate_warn_days(&self) -> Result<i64> {
        todo!()
    }

    pub fn save_certificate_warn_days(&mut self, days: i64, stamp: &Stamp) -> Result<()> {
        let _ = (days, stamp);
        todo!()
    }

    /// Adds a certificate (`id` None) or saves an edit (checked against `version`); returns
    /// its id.
    pub fn save_certificate(&mut self, d: &CertificateDraft, stamp: &Stamp) -> Result<i64> {
        let _ = (d, stamp);
        todo!()
    }

    pub fn certificates(&self, f: &CertFilter) -> Result<Vec<CertificateRow>> {
        let _ = f;
        todo!()
    }

    pub fn certificate(&self, id: i64, today: NaiveDate, warn_days: i64) -> Result<CertificateDetail> {
        let _ = (id, today, warn_days);
        todo!()
    }

    /// Keeps a scan (PDF, PNG or JPEG, told by content; within the size limit of Settings'
    /// largest file) with a certificate. A refused file stores nothing and says why.
    pub fn attach_certificate_file(&mut self, cert_id: i64, name: &str, bytes: &[u8], stamp: &Stamp) -> Result<i64> {
        let _ = (cert_id, name, bytes, stamp);
        todo!()
    }

    /// Reads a file and keeps it as a scan (errors name the file).
    pub fn attach_certificate_path(&mut self, cert_id: i64, path: &Path, stamp: &Stamp) -> Result<i64> {
        let _ = (cert_id, path, stamp);
        todo!()
    }

    /// Removes a scan added by mistake (the audit log keeps its name and hash).
    pub fn remove_certificate_file(&mut self, file_id: i64, stamp: &Stamp) -> Result<()> {
        let _ = (file_id, stamp);
        todo!()
    }

    pub fn certificate_file(&self, file_id: i64) -> Result<(CertFileRow, Vec<u8>)> {
        let _ = file_id;
        todo!()
    }

    /// Links the products of a pasted SKU list. Any SKU not in the catalogue refuses the whole
    /// list, naming every unknown one; nothing is linked then.
    pub fn link_products_by_skus(&mut self, cert_id: i64, skus: &[String], stamp: &Stamp) -> Result<LinkReport> {
        let _ = (cert_id, skus, stamp);
        todo!()
    }

    /// Links products by id (e.g. every product a filter found).
    pub fn link_products(&mut self, cert_id: i64, product_ids: &[i64], stamp: &Stamp) -> Result<LinkReport> {
        let _ = (cert_id, product_ids, stamp);
        todo!()
    }

    pub fn unlink_product(&mut self, cert_id: i64, product_id: i64, stamp: &Stamp) -> Result<()> {
        let _ = (cert_id, product_id, stamp);
        todo!()
    }

    /// Expiring and expired certificates and the count of products without a valid one.
    pub fn certificate_alerts(&self, today: NaiveDate, warn_days: i64) -> Result<CertAlerts> {
        let _ = (today, warn_days);
        todo!()
    }

    /// Ids of active products without a certificate valid on `today`.
    pub fn products_without_certificate(&self, today: NaiveDate) -> Result<std::collections::BTreeSet<i64>> {
        let _ = today;
        todo!()
    }

    /// Of these products, those without a certificate valid on `today` (order intake warns).
    pub fn uncertified(&self, product_ids: &[i64], today: NaiveDate) -> Result<Vec<LinkedProduct>> {
        let _ = (product_ids, today);
        todo!()
    }

    /// The certificates of an order's products valid on `on`, with their scans.
    pub fn certificate_pack(&self, order_id: i64, on: NaiveDate) -> Result<PackData> {
        let _ = (order_id, on);
        todo!()
    }
}

//! The certificate base: certificates and declarations of conformity, their scans (kept in the
//! database), the products they cover, expiry alerts and the data of an order's certificate
//! pack. Every write is one transaction with its audit rows.

use chrono::{DateTime, NaiveDate, Utc};
use rusqlite::{Connection, Row, params};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::path::Path;

use super::customers::escape_like;
use super::printing::put_setting_in;
use super::{OptionalExt, Stamp, Store, audit, diff, parse_ts, unique_err};
use crate::domain::FieldError;
use crate::domain::certificate::*;
use crate::domain::claim::FileType;
use crate::domain::text::{fold, search_text};
use crate::error::{Error, Result};

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
        Ok(self
            .setting::<i64>(keys::WARN_DAYS)?
            .filter(|d| WARN_DAYS_RANGE.contains(d))
            .unwrap_or(DEFAULT_WARN_DAYS))
    }

    pub fn save_certificate_warn_days(&mut self, days: i64, stamp: &Stamp) -> Result<()> {
        if !WARN_DAYS_RANGE.contains(&days) {
            return Err(FieldError::new(
                keys::WARN_DAYS,
                format!("warn between 1 and 365 days before a certificate ends, not {days}"),
            )
            .into());
        }
        self.write(|c| put_setting_in(c, keys::WARN_DAYS, &days, stamp))
    }

    /// Adds a certificate (`id` None) or saves an edit (checked against `version`); returns
    /// its id.
    pub fn save_certificate(&mut self, d: &CertificateDraft, stamp: &Stamp) -> Result<i64> {
        d.validate()?;
        let d = CertificateDraft {
            number: d.number.trim().to_string(),
            issuer: d.issuer.trim().to_string(),
            product_group: d.product_group.trim().to_string(),
            comment: d.comment.trim().to_string(),
            ..d.clone()
        };
        let search = search_text(&[&d.number, &d.issuer, &d.product_group, &d.comment]);
        self.write(|c| match d.id {
            None => {
                c.execute(
                    "INSERT INTO certificates (number, kind, issuer, product_group, valid_from, valid_to, comment,
                         search_text, created_by, created_at, updated_at, version)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?10, 1)",
                    params![
                        d.number,
                        d.kind.code(),
                        d.issuer,
                        d.product_group,
                        d.valid_from.to_string(),
                        d.valid_to.to_string(),
                        d.comment,
                        search,
                        stamp.by,
                        stamp.ts()
                    ],
                )
                .map_err(|e| unique_err(e, "certificate", "number", &d.number))?;
                let id = c.last_insert_rowid();
                let fields = CertificateDraft {
                    id: Some(id),
                    version: 1,
                    ..d.clone()
                };
                audit(c, stamp, "certificate", id, "insert", json(&fields))?;
                Ok(id)
            }
            Some(id) => {
                let old = row_in(c, id, NaiveDate::MIN, 0)?.draft();
                let n = c
                    .execute(
                        "UPDATE certificates SET number = ?1, kind = ?2, issuer = ?3, product_group = ?4,
                             valid_from = ?5, valid_to = ?6, comment = ?7, search_text = ?8, updated_at = ?9,
                             version = version + 1
                         WHERE id = ?10 AND version = ?11",
                        params![
                            d.number,
                            d.kind.code(),
                            d.issuer,
                            d.product_group,
                            d.valid_from.to_string(),
                            d.valid_to.to_string(),
                            d.comment,
                            search,
                            stamp.ts(),
                            id,
                            d.version
                        ],
                    )
                    .map_err(|e| unique_err(e, "certificate", "number", &d.number))?;
                changed(n, id)?;
                audit(c, stamp, "certificate", id, "update", diff(&old, &d))?;
                Ok(id)
            }
        })
    }

    pub fn certificates(&self, f: &CertFilter) -> Result<Vec<CertificateRow>> {
        let mut sql = format!("{CERT_SQL} WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = vec![f.today.to_string().into()];
        for word in fold(&f.text).split_whitespace() {
            args.push(format!("%{}%", escape_like(word)).into());
            let n = args.len();
            sql.push_str(&format!(
                " AND (c.search_text LIKE ?{n} ESCAPE '\\'
                       OR EXISTS (SELECT 1 FROM certificate_products cp JOIN products p ON p.id = cp.product_id
                                  WHERE cp.certificate_id = c.id AND p.search_text LIKE ?{n} ESCAPE '\\'))"
            ));
        }
        if let Some(pid) = f.product_id {
            args.push(pid.into());
            sql.push_str(&format!(
                " AND EXISTS (SELECT 1 FROM certificate_products cp
                              WHERE cp.certificate_id = c.id AND cp.product_id = ?{})",
                args.len()
            ));
        }
        sql.push_str(" ORDER BY c.valid_to, c.number");
        let mut st = self.conn().prepare(&sql)?;
        let rows = st
            .query_map(rusqlite::params_from_iter(args), |r| {
                cert_from_row(r, f.today, f.warn_days)
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        Ok(rows
            .into_iter()
            .filter(|r| match f.state {
                CertState::All => true,
                CertState::Valid => r.validity.is_valid(),
                CertState::Expiring => matches!(r.validity, Validity::Expiring { .. }),
                CertState::Expired => r.validity == Validity::Expired,
            })
            .collect())
    }

    pub fn certificate(&self, id: i64, today: NaiveDate, warn_days: i64) -> Result<CertificateDetail> {
        let c = self.conn();
        let row = row_in(c, id, today, warn_days)?;
        let products = {
            let mut st = c.prepare_cached(
                "SELECT p.id, p.sku, p.name FROM certificate_products cp JOIN products p ON p.id = cp.product_id
                 WHERE cp.certificate_id = ?1 ORDER BY p.sku",
            )?;
            st.query_map([id], |r| {
                Ok(LinkedProduct {
                    id: r.get(0)?,
                    sku: r.get(1)?,
                    name: r.get(2)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let files = {
            let mut st = c.prepare_cached(&format!("{FILE_SQL} WHERE certificate_id = ?1 ORDER BY id"))?;
            st.query_map([id], file_from_row)?
                .collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(CertificateDetail { row, products, files })
    }

    /// Keeps a scan (PDF, PNG or JPEG, told by content; within the size limit of Settings'
    /// largest file) with a certificate. A refused file stores nothing and says why.
    pub fn attach_certificate_file(
        &mut self,
        cert_id: i64,
        name: &str,
        bytes: &[u8],
        stamp: &Stamp,
    ) -> Result<i64> {
        let name = name.trim();
        self.attach_scan(cert_id, name, name, bytes, stamp)
    }

    /// Reads a file and keeps it as a scan (errors name the file).
    pub fn attach_certificate_path(&mut self, cert_id: i64, path: &Path, stamp: &Stamp) -> Result<i64> {
        let label = path.display().to_string();
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| label.clone());
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(Error::msg(format!("{label}: not a file; nothing was stored")));
        }
        self.check_scan_size(&label, meta.len())?;
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.attach_scan(cert_id, &name, &label, &bytes, stamp)
    }

    /// Removes a scan added by mistake (the audit log keeps its name and hash).
    pub fn remove_certificate_file(&mut self, file_id: i64, stamp: &Stamp) -> Result<()> {
        self.write(|c| {
            let found: Option<(i64, String, String, i64)> = c
                .query_row(
                    "SELECT certificate_id, name, sha256, size FROM certificate_files WHERE id = ?1",
                    [file_id],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
                )
                .opt()?;
            let Some((cert_id, name, sha, size)) = found else {
                return Err(Error::NotFound {
                    entity: "certificate scan",
                    key: file_id.to_string(),
                });
            };
            c.execute("DELETE FROM certificate_files WHERE id = ?1", [file_id])?;
            touch(c, cert_id, stamp)?;
            audit(
                c,
                stamp,
                "certificate_file",
                file_id,
                "delete",
                serde_json::json!({"certificate_id": cert_id, "name": name, "size": size, "sha256": sha}),
            )
        })
    }

    pub fn certificate_file(&self, file_id: i64) -> Result<(CertFileRow, Vec<u8>)> {
        self.conn()
            .query_row(&format!("{FILE_SQL_DATA} WHERE id = ?1"), [file_id], |r| {
                Ok((file_from_row(r)?, r.get::<_, Vec<u8>>(8)?))
            })
            .opt()?
            .ok_or(Error::NotFound {
                entity: "certificate scan",
                key: file_id.to_string(),
            })
    }

    /// Links the products of a pasted SKU list. Any SKU not in the catalogue refuses the whole
    /// list, naming every unknown one; nothing is linked then.
    pub fn link_products_by_skus(
        &mut self,
        cert_id: i64,
        skus: &[String],
        stamp: &Stamp,
    ) -> Result<LinkReport> {
        let mut wanted: Vec<&str> = Vec::new();
        for sku in skus.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            if !wanted.contains(&sku) {
                wanted.push(sku);
            }
        }
        if wanted.is_empty() {
            return Err(FieldError::new("skus", "paste the SKUs of the products to link").into());
        }
        self.write(|c| {
            let mut ids = Vec::with_capacity(wanted.len());
            let mut unknown = Vec::new();
            {
                let mut st = c.prepare_cached("SELECT id FROM products WHERE sku = ?1")?;
                for sku in &wanted {
                    match st.query_row([sku], |r| r.get::<_, i64>(0)).opt()? {
                        Some(id) => ids.push(id),
                        None => unknown.push(*sku),
                    }
                }
            }
            if !unknown.is_empty() {
                return Err(Error::msg(format!(
                    "{} not in the catalogue: {}; nothing was linked",
                    if unknown.len() == 1 {
                        "this SKU is"
                    } else {
                        "these SKUs are"
                    },
                    unknown.join(", ")
                )));
            }
            link_in(c, cert_id, &ids, stamp)
        })
    }

    /// Links products by id (e.g. every product a filter found).
    pub fn link_products(&mut self, cert_id: i64, product_ids: &[i64], stamp: &Stamp) -> Result<LinkReport> {
        self.write(|c| link_in(c, cert_id, product_ids, stamp))
    }

    pub fn unlink_product(&mut self, cert_id: i64, product_id: i64, stamp: &Stamp) -> Result<()> {
        self.write(|c| {
            let number = number_in(c, cert_id)?;
            let sku: Option<String> = c
                .query_row("SELECT sku FROM products WHERE id = ?1", [product_id], |r| {
                    r.get(0)
                })
                .opt()?;
            let sku = sku.ok_or(Error::NotFound {
                entity: "product",
                key: product_id.to_string(),
            })?;
            let n = c.execute(
                "DELETE FROM certificate_products WHERE certificate_id = ?1 AND product_id = ?2",
                params![cert_id, product_id],
            )?;
            if n == 0 {
                return Err(Error::msg(format!(
                    "product {sku} is not linked to certificate {number}; nothing was changed"
                )));
            }
            touch(c, cert_id, stamp)?;
            audit(
                c,
                stamp,
                "certificate",
                cert_id,
                "update",
                serde_json::json!({"unlinked_products": [sku]}),
            )
        })
    }

    /// Expiring and expired certificates and the count of products without a valid one.
    pub fn certificate_alerts(&self, today: NaiveDate, warn_days: i64) -> Result<CertAlerts> {
        let all = self.certificates(&CertFilter {
            text: String::new(),
            state: CertState::All,
            product_id: None,
            today,
            warn_days,
        })?;
        let mut alerts = CertAlerts::default();
        for row in all {
            match row.validity {
                Validity::Expiring { .. } => alerts.expiring.push(row),
                Validity::Expired if !row.superseded => alerts.expired.push(row),
                _ => {}
            }
        }
        alerts.products_without = self.products_without_certificate(today)?.len() as i64;
        Ok(alerts)
    }

    /// Ids of active products without a certificate valid on `today`.
    pub fn products_without_certificate(&self, today: NaiveDate) -> Result<std::collections::BTreeSet<i64>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT p.id FROM products p WHERE p.active = 1 AND NOT EXISTS ({VALID_FOR_PRODUCT})"
        ))?;
        let ids = st
            .query_map([today.to_string()], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?;
        Ok(ids)
    }

    /// Of these products, those without a certificate valid on `today` (order intake warns).
    pub fn uncertified(&self, product_ids: &[i64], today: NaiveDate) -> Result<Vec<LinkedProduct>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT p.id, p.sku, p.name FROM products p WHERE p.id = ?2 AND NOT EXISTS ({VALID_FOR_PRODUCT})"
        ))?;
        let mut out: Vec<LinkedProduct> = Vec::new();
        for &id in product_ids {
            if out.iter().any(|p| p.id == id) {
                continue;
            }
            let found = st
                .query_row(params![today.to_string(), id], |r| {
                    Ok(LinkedProduct {
                        id: r.get(0)?,
                        sku: r.get(1)?,
                        name: r.get(2)?,
                    })
                })
                .opt()?;
            out.extend(found);
        }
        Ok(out)
    }

    /// The certificates of an order's products valid on `on`, with their scans.
    pub fn certificate_pack(&self, order_id: i64, on: NaiveDate) -> Result<PackData> {
        let c = self.conn();
        let warn_days = self.certificate_warn_days()?;
        let (order_number, customer_id, customer_name): (String, i64, String) = c
            .query_row(
                "SELECT o.number, o.customer_id, c.legal_name
                 FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1",
                [order_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .opt()?
            .ok_or(Error::NotFound {
                entity: "order",
                key: order_id.to_string(),
            })?;
        // the order's products in line order
        let products: Vec<(i64, String, String)> = {
            let mut st = c.prepare_cached(
                "SELECT p.id, p.sku, p.name FROM order_lines l JOIN products p ON p.id = l.product_id
                 WHERE l.order_id = ?1 ORDER BY l.line_no",
            )?;
            st.query_map([order_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
                .collect::<rusqlite::Result<_>>()?
        };
        let day = on.to_string();
        let cert_ids: Vec<i64> = {
            let mut st = c.prepare_cached(
                "SELECT DISTINCT c.id, c.number FROM certificates c
                 JOIN certificate_products cp ON cp.certificate_id = c.id
                 JOIN order_lines l ON l.product_id = cp.product_id
                 WHERE l.order_id = ?1 AND c.valid_from <= ?2 AND c.valid_to >= ?2
                 ORDER BY c.number",
            )?;
            st.query_map(params![order_id, day], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?
        };
        let mut covered = std::collections::BTreeSet::new();
        let mut certificates = Vec::with_capacity(cert_ids.len());
        for id in cert_ids {
            let row = row_in(c, id, on, warn_days)?;
            let linked: std::collections::BTreeSet<i64> = {
                let mut st = c.prepare_cached(
                    "SELECT product_id FROM certificate_products WHERE certificate_id = ?1",
                )?;
                st.query_map([id], |r| r.get(0))?
                    .collect::<rusqlite::Result<_>>()?
            };
            let mine: Vec<(String, String)> = products
                .iter()
                .filter(|(pid, _, _)| linked.contains(pid))
                .map(|(pid, sku, name)| {
                    covered.insert(*pid);
                    (sku.clone(), name.clone())
                })
                .collect();
            let files = {
                let mut st =
                    c.prepare_cached(&format!("{FILE_SQL_DATA} WHERE certificate_id = ?1 ORDER BY id"))?;
                st.query_map([id], |r| Ok((file_from_row(r)?, r.get::<_, Vec<u8>>(8)?)))?
                    .collect::<rusqlite::Result<Vec<_>>>()?
            };
            certificates.push(PackCertificate {
                row,
                products: mine,
                files,
            });
        }
        let uncovered = products
            .into_iter()
            .filter(|(pid, _, _)| !covered.contains(pid))
            .map(|(_, sku, name)| (sku, name))
            .collect();
        Ok(PackData {
            order_id,
            order_number,
            customer_id,
            customer_name,
            on,
            certificates,
            uncovered,
        })
    }
}

impl Store {
    /// Refuses a scan over the size limit of Settings, naming it, its size and the limit.
    fn check_scan_size(&self, label: &str, len: u64) -> Result<()> {
        let limit_mb = self.claim_settings()?.attachment_mb.max(1);
        if len > limit_mb as u64 * 1024 * 1024 {
            return Err(Error::msg(format!(
                "{label}: {:.1} MB is over the limit of {limit_mb} MB for a certificate scan (Settings → largest file); nothing was stored",
                len as f64 / 1_048_576.0
            )));
        }
        Ok(())
    }

    /// Checks a scan and keeps it: `name` is stored, `label` names the file in errors.
    fn attach_scan(
        &mut self,
        cert_id: i64,
        name: &str,
        label: &str,
        bytes: &[u8],
        stamp: &Stamp,
    ) -> Result<i64> {
        self.check_scan_size(label, bytes.len() as u64)?;
        if bytes.is_empty() {
            return Err(Error::msg(format!(
                "{label}: the file is empty; nothing was stored"
            )));
        }
        let Some(kind) = FileType::sniff(bytes) else {
            return Err(Error::msg(format!(
                "{label}: {}, not a PDF, PNG or JPEG scan; nothing was stored",
                what_is(bytes)
            )));
        };
        match kind {
            FileType::Pdf => {
                // a scan the pack could not merge is refused now rather than when printing
                if let Err(e) = lopdf::Document::load_mem(bytes) {
                    return Err(Error::msg(format!(
                        "{label}: the PDF cannot be read ({e}); nothing was stored"
                    )));
                }
            }
            FileType::Png | FileType::Jpeg => {
                image::load_from_memory(bytes).map_err(|e| {
                    Error::msg(format!(
                        "{label}: the image cannot be read ({e}); nothing was stored"
                    ))
                })?;
            }
        }
        let name = if name.trim().is_empty() {
            match kind {
                FileType::Pdf => "scan.pdf",
                FileType::Png => "scan.png",
                FileType::Jpeg => "scan.jpg",
            }
        } else {
            name.trim()
        };
        let sha = hex(&Sha256::digest(bytes));
        self.write(|c| {
            let number = number_in(c, cert_id)?;
            let dup: Option<String> = c
                .query_row(
                    "SELECT name FROM certificate_files WHERE certificate_id = ?1 AND sha256 = ?2",
                    params![cert_id, sha],
                    |r| r.get(0),
                )
                .opt()?;
            if let Some(d) = dup {
                return Err(Error::msg(format!(
                    "{label}: certificate {number} already has this scan (as '{d}'); nothing was stored"
                )));
            }
            c.execute(
                "INSERT INTO certificate_files (certificate_id, name, mime, size, sha256, data, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                params![cert_id, name, kind.mime(), bytes.len() as i64, sha, bytes, stamp.by, stamp.ts()],
            )?;
            let fid = c.last_insert_rowid();
            touch(c, cert_id, stamp)?;
            audit(
                c,
                stamp,
                "certificate_file",
                fid,
                "insert",
                serde_json::json!({"certificate_id": cert_id, "name": name, "mime": kind.mime(),
                    "size": bytes.len(), "sha256": sha}),
            )?;
            Ok(fid)
        })
    }
}

/// Accepted warning days.
const WARN_DAYS_RANGE: std::ops::RangeInclusive<i64> = 1..=365;

/// A certificate valid on `?1` linked to the product `p` (for `EXISTS`).
const VALID_FOR_PRODUCT: &str =
    "SELECT 1 FROM certificate_products cp JOIN certificates c ON c.id = cp.certificate_id
     WHERE cp.product_id = p.id AND c.valid_from <= ?1 AND c.valid_to >= ?1";

/// A certificate's row; `?1` is the day its standing is judged on. The last column counts the
/// products it covers that no other certificate valid that day covers (superseded when 0).
const CERT_SQL: &str = "SELECT c.id, c.number, c.kind, c.issuer, c.product_group, c.valid_from, c.valid_to,
        c.comment,
        (SELECT COUNT(*) FROM certificate_products cp WHERE cp.certificate_id = c.id),
        (SELECT COUNT(*) FROM certificate_files f WHERE f.certificate_id = c.id),
        c.version,
        (SELECT COUNT(*) FROM certificate_products cp WHERE cp.certificate_id = c.id
            AND NOT EXISTS (SELECT 1 FROM certificate_products o JOIN certificates oc ON oc.id = o.certificate_id
                            WHERE o.product_id = cp.product_id AND oc.id <> c.id
                              AND oc.valid_from <= ?1 AND oc.valid_to >= ?1))
    FROM certificates c";

const FILE_SQL: &str =
    "SELECT id, certificate_id, name, mime, size, sha256, added_by, added_at FROM certificate_files";
const FILE_SQL_DATA: &str =
    "SELECT id, certificate_id, name, mime, size, sha256, added_by, added_at, data FROM certificate_files";

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap_or(NaiveDate::MIN)
}

fn cert_from_row(r: &Row, today: NaiveDate, warn_days: i64) -> rusqlite::Result<CertificateRow> {
    let (valid_from, valid_to) = (date(&r.get::<_, String>(5)?), date(&r.get::<_, String>(6)?));
    let products: i64 = r.get(8)?;
    let alone: i64 = r.get(11)?;
    let validity = validity(valid_from, valid_to, today, warn_days);
    Ok(CertificateRow {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: CertKind::parse(&r.get::<_, String>(2)?).unwrap_or(CertKind::Certificate),
        issuer: r.get(3)?,
        product_group: r.get(4)?,
        valid_from,
        valid_to,
        comment: r.get(7)?,
        products,
        files: r.get(9)?,
        validity,
        superseded: validity == Validity::Expired && products > 0 && alone == 0,
        version: r.get(10)?,
    })
}

fn file_from_row(r: &Row) -> rusqlite::Result<CertFileRow> {
    Ok(CertFileRow {
        id: r.get(0)?,
        certificate_id: r.get(1)?,
        name: r.get(2)?,
        mime: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        added_by: r.get(6)?,
        added_at: parse_ts(&r.get::<_, String>(7)?).unwrap_or_default(),
    })
}

fn row_in(c: &Connection, id: i64, today: NaiveDate, warn_days: i64) -> Result<CertificateRow> {
    c.query_row(
        &format!("{CERT_SQL} WHERE c.id = ?2"),
        params![today.to_string(), id],
        |r| cert_from_row(r, today, warn_days),
    )
    .opt()?
    .ok_or(Error::NotFound {
        entity: "certificate",
        key: id.to_string(),
    })
}

/// The number of a certificate (NotFound when there is none).
fn number_in(c: &Connection, id: i64) -> Result<String> {
    c.query_row("SELECT number FROM certificates WHERE id = ?1", [id], |r| {
        r.get(0)
    })
    .opt()?
    .ok_or(Error::NotFound {
        entity: "certificate",
        key: id.to_string(),
    })
}

/// Links products (each once), counting the ones already linked; one audit row names the SKUs
/// linked.
fn link_in(c: &Connection, cert_id: i64, product_ids: &[i64], stamp: &Stamp) -> Result<LinkReport> {
    number_in(c, cert_id)?;
    let mut report = LinkReport::default();
    let mut seen = std::collections::BTreeSet::new();
    let mut linked = Vec::new();
    for &pid in product_ids {
        if !seen.insert(pid) {
            continue;
        }
        let sku: Option<String> = c
            .query_row("SELECT sku FROM products WHERE id = ?1", [pid], |r| r.get(0))
            .opt()?;
        let sku = sku.ok_or(Error::NotFound {
            entity: "product",
            key: pid.to_string(),
        })?;
        let n = c.execute(
            "INSERT INTO certificate_products (certificate_id, product_id, linked_by, linked_at)
             VALUES (?1, ?2, ?3, ?4) ON CONFLICT (certificate_id, product_id) DO NOTHING",
            params![cert_id, pid, stamp.by, stamp.ts()],
        )?;
        if n == 1 {
            report.linked += 1;
            linked.push(sku);
        } else {
            report.already += 1;
        }
    }
    if !linked.is_empty() {
        touch(c, cert_id, stamp)?;
        audit(
            c,
            stamp,
            "certificate",
            cert_id,
            "update",
            serde_json::json!({"linked_products": linked}),
        )?;
    }
    Ok(report)
}

/// A change to a certificate's scans or products moves its `updated_at` (lists refresh by it);
/// the version is left alone so that an open form of the certificate stays valid.
fn touch(c: &Connection, id: i64, stamp: &Stamp) -> Result<()> {
    c.execute(
        "UPDATE certificates SET updated_at = ?1 WHERE id = ?2",
        params![stamp.ts(), id],
    )?;
    Ok(())
}

/// An UPDATE that names the version it read changed no row: someone else changed it meanwhile.
fn changed(n: usize, id: i64) -> Result<()> {
    if n == 0 {
        return Err(Error::Conflict {
            entity: "certificate",
            id,
        });
    }
    Ok(())
}

fn json<T: serde::Serialize>(v: &T) -> serde_json::Value {
    serde_json::to_value(v).unwrap_or_default()
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// What a refused file is, told by its first bytes (for the message).
fn what_is(bytes: &[u8]) -> &'static str {
    let at = |offset: usize, magic: &[u8]| bytes.get(offset..offset + magic.len()) == Some(magic);
    if at(4, b"ftyp") {
        if at(8, b"heic") || at(8, b"heix") || at(8, b"mif1") {
            "a HEIC photo (save it as JPEG first)"
        } else {
            "a video (MP4/MOV)"
        }
    } else if at(0, b"RIFF") && at(8, b"AVI ") {
        "a video (AVI)"
    } else if at(0, b"RIFF") && at(8, b"WEBP") {
        "a WebP image"
    } else if at(0, &[0x1A, 0x45, 0xDF, 0xA3]) {
        "a video (MKV/WebM)"
    } else if at(0, b"MZ") {
        "a Windows program"
    } else if at(0, b"\x7fELF") {
        "a program"
    } else if at(0, b"PK\x03\x04") {
        "a ZIP archive or an Office document"
    } else if at(0, &[0xD0, 0xCF, 0x11, 0xE0]) {
        "an old Office document"
    } else if at(0, b"Rar!") || at(0, b"7z\xBC\xAF") {
        "an archive"
    } else if at(0, b"GIF8") {
        "a GIF image"
    } else if at(0, b"II*\0") || at(0, b"MM\0*") {
        "a TIFF image (save it as PDF or PNG first)"
    } else if at(0, b"BM") {
        "a BMP image"
    } else if at(0, b"ID3") || at(0, b"OggS") || (at(0, b"RIFF") && at(8, b"WAVE")) {
        "a sound file"
    } else if std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok() {
        "a text file"
    } else {
        "a file of unknown type"
    }
}

//! Orders from files: the snapshot an import matches against, import profiles, and landing a
//! previewed import in one transaction.

use super::{OptionalExt, Stamp, Store, audit};
use crate::domain::order::{DraftLine, OrderDraft, OrderStatus};
use crate::error::{Error, Result};
use crate::import::orders::{Catalog, CustomerRef, Initial, Parsed, ProductRef, Profile, Settings};
use rusqlite::params;
use std::collections::HashMap;

/// What an import wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize)]
pub struct Committed {
    pub import_id: i64,
    /// (our order number, sender's order number) of each order created.
    pub orders: Vec<(String, String)>,
    pub lines: usize,
    /// (sender's order number, our order number) of orders imported before: left as they are.
    pub skipped: Vec<(String, String)>,
    /// Orders not imported because of problems (with `valid_only`).
    pub rejected: usize,
}

/// One past import, for the log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub id: i64,
    pub file_name: String,
    pub orders: i64,
    pub lines: i64,
    pub skipped: i64,
    pub rejected: i64,
    pub imported_by: String,
    pub imported_at: String,
}

impl Store {
    /// Products, customers with their delivery points, and the sender order numbers already
    /// imported: everything [`crate::import::orders::read`] matches against.
    pub fn import_catalog(&self) -> Result<Catalog> {
        let c = self.conn();
        let mut products = Vec::new();
        let mut eans = Vec::new();
        let mut st =
            c.prepare("SELECT id, sku, unit, units_per_box, active, ean13 FROM products ORDER BY id")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            if let Some(e) = r.get::<_, Option<String>>(5)? {
                eans.push((e, products.len()));
            }
            products.push(ProductRef {
                id: r.get(0)?,
                sku: r.get(1)?,
                unit: r.get(2)?,
                units_per_box: r.get(3)?,
                active: r.get(4)?,
            });
        }
        let mut points: HashMap<i64, Vec<(i64, String, String)>> = HashMap::new();
        let mut st = c.prepare(
            "SELECT id, customer_id, name, address FROM delivery_points WHERE active = 1 ORDER BY id",
        )?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            points
                .entry(r.get(1)?)
                .or_default()
                .push((r.get(0)?, r.get(2)?, r.get(3)?));
        }
        let mut customers = Vec::new();
        let mut st = c.prepare("SELECT id, code, legal_name, tax_id FROM customers ORDER BY id")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            let id: i64 = r.get(0)?;
            customers.push(CustomerRef {
                id,
                code: r.get(1)?,
                name: r.get(2)?,
                tax_id: r.get(3)?,
                points: points.remove(&id).unwrap_or_default(),
            });
        }
        let mut imported = HashMap::new();
        let mut st =
            c.prepare("SELECT customer_id, external_no, number FROM orders WHERE external_no IS NOT NULL")?;
        let mut rows = st.query([])?;
        while let Some(r) = rows.next()? {
            imported.insert((r.get(0)?, r.get(1)?), r.get(2)?);
        }
        Ok(Catalog::new(products, eans, customers, imported))
    }

    /// Lands a previewed import in one transaction. Without `valid_only` any problem refuses
    /// the whole file and nothing is written; with it, the valid orders land and the others are
    /// counted as rejected. Orders whose sender number was imported before are skipped (looked
    /// up again inside the transaction, so two windows importing one file never double it).
    pub fn commit_import(&mut self, parsed: &Parsed, valid_only: bool, stamp: &Stamp) -> Result<Committed> {
        let invalid = parsed.orders.iter().filter(|o| !o.valid()).count();
        if !valid_only && (parsed.problem_count > 0 || invalid > 0) {
            return Err(Error::msg(format!(
                "{}: {} problem(s); nothing was imported (fix the file or import only the valid orders)",
                parsed.file,
                parsed.problem_count.max(invalid)
            )));
        }
        if !parsed.orders.iter().any(|o| o.valid()) {
            return Err(Error::msg(format!(
                "{}: no order is valid; nothing was imported",
                parsed.file
            )));
        }
        let wanted = match parsed.settings.initial.unwrap_or_default() {
            Initial::Draft => OrderStatus::Draft,
            Initial::AwaitingConfirmation => OrderStatus::AwaitingConfirmation,
        };
        let ts = stamp.ts();
        self.write(|c| {
            c.execute(
                "INSERT INTO imports (file_name, file_sha256, format, profile, imported_by, imported_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    parsed.file,
                    parsed.sha256,
                    parsed.format,
                    parsed.profile,
                    stamp.by,
                    ts
                ],
            )?;
            let import_id = c.last_insert_rowid();
            let mut out = Committed {
                import_id,
                rejected: invalid,
                ..Default::default()
            };
            let mut existing =
                c.prepare_cached("SELECT number FROM orders WHERE customer_id = ?1 AND external_no = ?2")?;
            for o in parsed.orders.iter().filter(|o| o.valid()) {
                let Some(customer_id) = o.customer_id else {
                    continue;
                };
                let before: Option<String> = existing
                    .query_row(params![customer_id, o.external_no], |r| r.get(0))
                    .opt()?;
                if let Some(number) = before {
                    out.skipped.push((o.external_no.clone(), number));
                    continue;
                }
                let draft = OrderDraft {
                    customer_id,
                    delivery_point_id: o.delivery_point_id,
                    channel: o.channel,
                    wanted_date: o.wanted_date,
                    self_pickup: o.delivery_point_id.is_none(),
                    priority: 0,
                    comment: o.comment.clone(),
                    lines: o
                        .lines
                        .iter()
                        .map(|l| DraftLine {
                            product_id: l.product_id,
                            quantity: l.quantity,
                            unit: l.unit.clone(),
                        })
                        .collect(),
                    credit_override: None,
                };
                let origin = super::Origin {
                    external_no: Some(o.external_no.clone()),
                    external_date: o.order_date,
                    source_file: Some(parsed.file.clone()),
                    import_id: Some(import_id),
                };
                let (_, number, _) =
                    super::orders::create_order_in(c, &draft, wanted, stamp, None, Some(&origin)).map_err(
                        |e| match e {
                            Error::Invalid(f) => Error::Input {
                                file: parsed.file.clone(),
                                row: o.rows.first().copied().unwrap_or(0),
                                field: f.field.to_string(),
                                message: format!("order {}: {}", o.external_no, f.message),
                            },
                            e => e,
                        },
                    )?;
                out.lines += o.lines.len();
                out.orders.push((number, o.external_no.clone()));
            }
            c.execute(
                "UPDATE imports SET orders = ?2, lines = ?3, skipped = ?4, rejected = ?5 WHERE id = ?1",
                params![
                    import_id,
                    out.orders.len() as i64,
                    out.lines as i64,
                    out.skipped.len() as i64,
                    out.rejected as i64
                ],
            )?;
            audit(
                c,
                stamp,
                "imports",
                import_id,
                "insert",
                serde_json::json!({
                    "file": parsed.file, "sha256": parsed.sha256, "orders": out.orders.len(),
                    "lines": out.lines, "skipped": out.skipped.len(), "rejected": out.rejected,
                }),
            )?;
            Ok(out)
        })
    }

    /// Past imports, newest first.
    pub fn imports(&self, limit: usize) -> Result<Vec<ImportRow>> {
        let mut st = self.conn().prepare(
            "SELECT id, file_name, orders, lines, skipped, rejected, imported_by, imported_at
             FROM imports ORDER BY id DESC LIMIT ?1",
        )?;
        let rows = st.query_map([limit as i64], |r| {
            Ok(ImportRow {
                id: r.get(0)?,
                file_name: r.get(1)?,
                orders: r.get(2)?,
                lines: r.get(3)?,
                skipped: r.get(4)?,
                rejected: r.get(5)?,
                imported_by: r.get(6)?,
                imported_at: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn import_profiles(&self) -> Result<Vec<Profile>> {
        let mut st = self.conn().prepare(
            "SELECT id, name, signature, file_pattern, settings, version FROM import_profiles ORDER BY name",
        )?;
        let rows = st.query_map([], |r| {
            let json: String = r.get(4)?;
            Ok(Profile {
                id: r.get(0)?,
                name: r.get(1)?,
                signature: r.get(2)?,
                file_pattern: r.get(3)?,
                // a profile written by a newer Docket may have fields we do not know: keep
                // what we understand
                settings: serde_json::from_str::<Settings>(&json).unwrap_or_default(),
                version: r.get(5)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Saves a profile (new when `id` is 0; by name a new one replaces nothing: a name is
    /// unique). Returns the id. Refuses when someone else changed it since it was read.
    pub fn save_import_profile(&mut self, p: &Profile, stamp: &Stamp) -> Result<i64> {
        let name = p.name.trim().to_string();
        if name.is_empty() {
            return Err(crate::domain::FieldError::new("name", "a profile needs a name").into());
        }
        let json = serde_json::to_string(&p.settings).map_err(|e| Error::msg(e.to_string()))?;
        let ts = stamp.ts();
        self.write(|c| {
            if p.id == 0 {
                c.execute(
                    "INSERT INTO import_profiles (name, signature, file_pattern, settings, created_at, updated_at, updated_by)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6)",
                    params![name, p.signature, p.file_pattern.trim(), json, ts, stamp.by],
                )
                .map_err(|e| super::unique_err(e, "import profile", "name", &name))?;
                let id = c.last_insert_rowid();
                audit(c, stamp, "import_profiles", id, "insert", serde_json::json!({"name": name}))?;
                Ok(id)
            } else {
                let n = c
                    .execute(
                        "UPDATE import_profiles SET name = ?2, signature = ?3, file_pattern = ?4, settings = ?5,
                             updated_at = ?6, updated_by = ?7, version = version + 1
                         WHERE id = ?1 AND version = ?8",
                        params![p.id, name, p.signature, p.file_pattern.trim(), json, ts, stamp.by, p.version],
                    )
                    .map_err(|e| super::unique_err(e, "import profile", "name", &name))?;
                if n == 0 {
                    return Err(Error::Conflict {
                        entity: "import profile",
                        id: p.id,
                    });
                }
                audit(c, stamp, "import_profiles", p.id, "update", serde_json::json!({"name": name}))?;
                Ok(p.id)
            }
        })
    }

    pub fn delete_import_profile(&mut self, id: i64, stamp: &Stamp) -> Result<()> {
        self.write(|c| {
            c.execute("DELETE FROM import_profiles WHERE id = ?1", [id])?;
            audit(c, stamp, "import_profiles", id, "delete", serde_json::json!({}))
        })
    }
}

//! Customers, delivery points and contracts.

use super::{OptionalExt, Stamp, Store, audit, diff, unique_err};
use crate::domain::customer::{Contract, Customer, DeliveryPoint, Grade};
use crate::domain::text::{fold, search_text};
use crate::error::{Error, Result};
use rusqlite::{Connection, Row, params};

/// One line of the customers list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerRow {
    pub id: i64,
    pub code: String,
    pub legal_name: String,
    pub tax_id: String,
    pub phone: String,
    pub grade: Grade,
    pub over_credit_limit: bool,
}

const CUSTOMER_COLS: &str = "id, code, legal_name, tax_id, legal_address, phone, email, credit_limit_minor, overdue_debt_minor, grade, notes, version";

fn customer_from_row(r: &Row) -> rusqlite::Result<Customer> {
    Ok(Customer {
        id: r.get(0)?,
        code: r.get(1)?,
        legal_name: r.get(2)?,
        tax_id: r.get(3)?,
        legal_address: r.get(4)?,
        phone: r.get(5)?,
        email: r.get(6)?,
        credit_limit_minor: r.get(7)?,
        overdue_debt_minor: r.get(8)?,
        grade: Grade::parse(&r.get::<_, String>(9)?).unwrap_or_default(),
        notes: r.get(10)?,
        version: r.get(11)?,
    })
}

fn customer_search_text(c: &Customer) -> String {
    search_text(&[&c.code, &c.legal_name, &c.tax_id, &c.phone, &c.email])
}

/// Inserts or updates a customer inside the caller's transaction.
pub fn save_customer_in(c: &Connection, cust: &Customer, stamp: &Stamp) -> Result<Customer> {
    cust.validate()?;
    let ts = stamp.ts();
    if cust.id == 0 {
        c.execute(
            "INSERT INTO customers (code, legal_name, tax_id, legal_address, phone, email, credit_limit_minor,
                 overdue_debt_minor, grade, notes, search_text, created_at, updated_at, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12, 1)",
            params![
                cust.code, cust.legal_name, cust.tax_id, cust.legal_address, cust.phone, cust.email,
                cust.credit_limit_minor, cust.overdue_debt_minor, cust.grade.as_str(), cust.notes,
                customer_search_text(cust), ts
            ],
        )
        .map_err(|e| unique_err(e, "customer", "code", &cust.code))?;
        let id = c.last_insert_rowid();
        let saved = Customer {
            id,
            version: 1,
            ..cust.clone()
        };
        audit(
            c,
            stamp,
            "customers",
            id,
            "insert",
            serde_json::to_value(&saved).unwrap_or_default(),
        )?;
        Ok(saved)
    } else {
        let old = get_customer_in(c, cust.id)?;
        let n = c
            .execute(
                "UPDATE customers SET code = ?1, legal_name = ?2, tax_id = ?3, legal_address = ?4, phone = ?5,
                     email = ?6, credit_limit_minor = ?7, overdue_debt_minor = ?8, grade = ?9, notes = ?10,
                     search_text = ?11, updated_at = ?12, version = version + 1
                 WHERE id = ?13 AND version = ?14",
                params![
                    cust.code, cust.legal_name, cust.tax_id, cust.legal_address, cust.phone, cust.email,
                    cust.credit_limit_minor, cust.overdue_debt_minor, cust.grade.as_str(), cust.notes,
                    customer_search_text(cust), ts, cust.id, cust.version
                ],
            )
            .map_err(|e| unique_err(e, "customer", "code", &cust.code))?;
        if n == 0 {
            return Err(Error::Conflict {
                entity: "customer",
                id: cust.id,
            });
        }
        audit(c, stamp, "customers", cust.id, "update", diff(&old, cust))?;
        Ok(Customer {
            version: cust.version + 1,
            ..cust.clone()
        })
    }
}

pub(crate) fn get_customer_in(c: &Connection, id: i64) -> Result<Customer> {
    c.query_row(
        &format!("SELECT {CUSTOMER_COLS} FROM customers WHERE id = ?1"),
        [id],
        customer_from_row,
    )
    .opt()?
    .ok_or(Error::NotFound {
        entity: "customer",
        key: id.to_string(),
    })
}

pub fn save_delivery_point_in(c: &Connection, dp: &DeliveryPoint, stamp: &Stamp) -> Result<DeliveryPoint> {
    if dp.address.trim().is_empty() {
        return Err(crate::domain::FieldError::new("address", "is required").into());
    }
    let ts = stamp.ts();
    if dp.id == 0 {
        c.execute(
            "INSERT INTO delivery_points (customer_id, name, address, contact, route, active, created_at, updated_at, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7, 1)",
            params![dp.customer_id, dp.name, dp.address, dp.contact, dp.route, dp.active, ts],
        )?;
        let id = c.last_insert_rowid();
        let saved = DeliveryPoint {
            id,
            version: 1,
            ..dp.clone()
        };
        audit(
            c,
            stamp,
            "delivery_points",
            id,
            "insert",
            serde_json::to_value(&saved).unwrap_or_default(),
        )?;
        Ok(saved)
    } else {
        let n = c.execute(
            "UPDATE delivery_points SET name = ?1, address = ?2, contact = ?3, route = ?4, active = ?5,
                 updated_at = ?6, version = version + 1 WHERE id = ?7 AND version = ?8",
            params![
                dp.name, dp.address, dp.contact, dp.route, dp.active, ts, dp.id, dp.version
            ],
        )?;
        if n == 0 {
            return Err(Error::Conflict {
                entity: "delivery point",
                id: dp.id,
            });
        }
        audit(
            c,
            stamp,
            "delivery_points",
            dp.id,
            "update",
            serde_json::to_value(dp).unwrap_or_default(),
        )?;
        Ok(DeliveryPoint {
            version: dp.version + 1,
            ..dp.clone()
        })
    }
}

pub fn save_contract_in(c: &Connection, k: &Contract, stamp: &Stamp) -> Result<Contract> {
    if k.number.trim().is_empty() {
        return Err(crate::domain::FieldError::new("number", "is required").into());
    }
    if k.claim_answer_days <= 0 {
        return Err(crate::domain::FieldError::new("claim_answer_days", "must be at least 1").into());
    }
    if k.answer_hours.is_some_and(|h| h <= 0) {
        return Err(crate::domain::FieldError::new("answer_hours", "must be at least 1 or empty").into());
    }
    if k.ship_days.is_some_and(|d| d <= 0) {
        return Err(crate::domain::FieldError::new("ship_days", "must be at least 1 or empty").into());
    }
    let ts = stamp.ts();
    if k.id == 0 {
        c.execute(
            "INSERT INTO contracts (customer_id, number, signed_on, valid_from, valid_to, payment_days,
                 claim_answer_days, created_at, updated_at, version, answer_hours, ship_days)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8, 1, ?9, ?10)",
            params![
                k.customer_id,
                k.number,
                k.signed_on,
                k.valid_from,
                k.valid_to,
                k.payment_days,
                k.claim_answer_days,
                ts,
                k.answer_hours,
                k.ship_days
            ],
        )
        .map_err(|e| unique_err(e, "contract", "number", &k.number))?;
        let id = c.last_insert_rowid();
        let saved = Contract {
            id,
            version: 1,
            ..k.clone()
        };
        audit(
            c,
            stamp,
            "contracts",
            id,
            "insert",
            serde_json::to_value(&saved).unwrap_or_default(),
        )?;
        Ok(saved)
    } else {
        let n = c.execute(
            "UPDATE contracts SET number = ?1, signed_on = ?2, valid_from = ?3, valid_to = ?4, payment_days = ?5,
                 claim_answer_days = ?6, updated_at = ?7, version = version + 1, answer_hours = ?10, ship_days = ?11
             WHERE id = ?8 AND version = ?9",
            params![
                k.number,
                k.signed_on,
                k.valid_from,
                k.valid_to,
                k.payment_days,
                k.claim_answer_days,
                ts,
                k.id,
                k.version,
                k.answer_hours,
                k.ship_days
            ],
        )?;
        if n == 0 {
            return Err(Error::Conflict {
                entity: "contract",
                id: k.id,
            });
        }
        audit(
            c,
            stamp,
            "contracts",
            k.id,
            "update",
            serde_json::to_value(k).unwrap_or_default(),
        )?;
        Ok(Contract {
            version: k.version + 1,
            ..k.clone()
        })
    }
}

impl Store {
    /// Creates (id 0) or updates a customer; an update with a stale `version` is refused.
    pub fn save_customer(&mut self, cust: &Customer, stamp: &Stamp) -> Result<Customer> {
        self.write(|c| save_customer_in(c, cust, stamp))
    }

    pub fn customer(&self, id: i64) -> Result<Customer> {
        get_customer_in(self.conn(), id)
    }

    pub fn customer_by_code(&self, code: &str) -> Result<Option<Customer>> {
        self.conn()
            .query_row(
                &format!("SELECT {CUSTOMER_COLS} FROM customers WHERE code = ?1"),
                [code.trim()],
                customer_from_row,
            )
            .opt()
    }

    pub fn customer_by_tax_id(&self, tax_id: &str) -> Result<Option<Customer>> {
        if tax_id.trim().is_empty() {
            return Ok(None);
        }
        self.conn()
            .query_row(
                &format!("SELECT {CUSTOMER_COLS} FROM customers WHERE tax_id = ?1 ORDER BY id LIMIT 1"),
                [tax_id.trim()],
                customer_from_row,
            )
            .opt()
    }

    /// Customers whose code, name, tax id, phone or e-mail contain `query` (any case, any
    /// script), ordered by code. An empty query lists all. `limit` 0 means no limit.
    pub fn customers(&self, query: &str, limit: usize) -> Result<Vec<CustomerRow>> {
        let folded = fold(query);
        let needle = format!("%{}%", escape_like(&folded));
        let lim = if limit == 0 { i64::MAX } else { limit as i64 };
        let mut st = self.conn().prepare_cached(
            "SELECT id, code, legal_name, tax_id, phone, grade, overdue_debt_minor > credit_limit_minor
             FROM customers WHERE ?1 = '' OR search_text LIKE ?2 ESCAPE '\\' ORDER BY code LIMIT ?3",
        )?;
        let rows = st.query_map(params![folded, needle, lim], |r| {
            Ok(CustomerRow {
                id: r.get(0)?,
                code: r.get(1)?,
                legal_name: r.get(2)?,
                tax_id: r.get(3)?,
                phone: r.get(4)?,
                grade: Grade::parse(&r.get::<_, String>(5)?).unwrap_or_default(),
                over_credit_limit: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn delivery_points(&self, customer_id: i64) -> Result<Vec<DeliveryPoint>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, customer_id, name, address, contact, route, active, version
             FROM delivery_points WHERE customer_id = ?1 ORDER BY active DESC, id",
        )?;
        let rows = st.query_map([customer_id], |r| {
            Ok(DeliveryPoint {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                name: r.get(2)?,
                address: r.get(3)?,
                contact: r.get(4)?,
                route: r.get(5)?,
                active: r.get(6)?,
                version: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn save_delivery_point(&mut self, dp: &DeliveryPoint, stamp: &Stamp) -> Result<DeliveryPoint> {
        self.write(|c| save_delivery_point_in(c, dp, stamp))
    }

    pub fn contracts(&self, customer_id: i64) -> Result<Vec<Contract>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, customer_id, number, signed_on, valid_from, valid_to, payment_days, claim_answer_days, version,
                 answer_hours, ship_days
             FROM contracts WHERE customer_id = ?1 ORDER BY valid_from DESC, id DESC",
        )?;
        let rows = st.query_map([customer_id], |r| {
            Ok(Contract {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                number: r.get(2)?,
                signed_on: r.get(3)?,
                valid_from: r.get(4)?,
                valid_to: r.get(5)?,
                payment_days: r.get(6)?,
                claim_answer_days: r.get(7)?,
                version: r.get(8)?,
                answer_hours: r.get(9)?,
                ship_days: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn save_contract(&mut self, k: &Contract, stamp: &Stamp) -> Result<Contract> {
        self.write(|c| save_contract_in(c, k, stamp))
    }
}

/// Escapes `%`, `_` and `\` for a LIKE pattern with `ESCAPE '\'`.
pub(crate) fn escape_like(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for ch in s.chars() {
        if matches!(ch, '%' | '_' | '\\') {
            out.push('\\');
        }
        out.push(ch);
    }
    out
}

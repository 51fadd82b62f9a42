//! Read-only queries for exports (spreadsheets, CSV): plain rows, no formatting.
//!
//! One function per list. Lists follow the order of the desk's own lists (customers and products
//! by code, orders newest first); an empty search text means all rows, as in the panels.

use super::Store;
use super::customers::escape_like;
use crate::domain::customer::Grade;
use crate::domain::order::{Channel, OrderStatus};
use crate::domain::text::fold;
use crate::error::Result;
use chrono::{DateTime, Utc};
use rusqlite::types::Value as SqlValue;
use rusqlite::{Row, params, params_from_iter};

/// Which orders an export takes (all of them when empty).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OrderFilter {
    /// Received at or after this moment.
    pub received_from: Option<DateTime<Utc>>,
    /// Received before this moment.
    pub received_before: Option<DateTime<Utc>>,
    /// Only orders in these statuses (empty: any status).
    pub statuses: Vec<OrderStatus>,
    /// Only this customer's orders.
    pub customer_id: Option<i64>,
}

impl OrderFilter {
    /// `WHERE …` over `orders o` and its parameters (portable SQL: `IN` with one placeholder each).
    fn sql(&self) -> (String, Vec<SqlValue>) {
        let mut cond = vec!["1 = 1".to_string()];
        let mut args: Vec<SqlValue> = Vec::new();
        if let Some(t) = self.received_from {
            args.push(SqlValue::Text(super::fmt_ts(t)));
            cond.push(format!("o.received_at >= ?{}", args.len()));
        }
        if let Some(t) = self.received_before {
            args.push(SqlValue::Text(super::fmt_ts(t)));
            cond.push(format!("o.received_at < ?{}", args.len()));
        }
        if !self.statuses.is_empty() {
            let mut marks = Vec::new();
            for s in &self.statuses {
                args.push(SqlValue::Text(s.code().to_string()));
                marks.push(format!("?{}", args.len()));
            }
            cond.push(format!("o.status IN ({})", marks.join(", ")));
        }
        if let Some(id) = self.customer_id {
            args.push(SqlValue::Integer(id));
            cond.push(format!("o.customer_id = ?{}", args.len()));
        }
        (cond.join(" AND "), args)
    }
}

/// An order as exported: its header and the totals kept with it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderExportRow {
    pub number: String,
    pub customer_code: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub channel: Channel,
    /// UTC, ISO 8601, as stored.
    pub received_at: String,
    /// `YYYY-MM-DD`, as stored.
    pub wanted_date: Option<String>,
    pub lines: i64,
    pub units: i64,
    pub boxes: i64,
    pub weight_g: i64,
}

/// One line of an order as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineExportRow {
    pub order_number: String,
    pub line_no: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit: String,
    pub location: String,
}

/// A customer as exported (every field of the card but the notes' history).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomerExportRow {
    pub code: String,
    pub legal_name: String,
    pub tax_id: String,
    pub legal_address: String,
    pub phone: String,
    pub email: String,
    pub credit_limit_minor: i64,
    pub overdue_debt_minor: i64,
    pub grade: Grade,
    pub notes: String,
}

/// A product as exported.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductExportRow {
    pub sku: String,
    pub name: String,
    pub ean13: String,
    pub unit: String,
    pub units_per_box: i64,
    pub weight_g: i64,
    pub location: String,
    pub active: bool,
}

fn order_row(r: &Row) -> rusqlite::Result<OrderExportRow> {
    Ok(OrderExportRow {
        number: r.get(0)?,
        customer_code: r.get(1)?,
        customer_name: r.get(2)?,
        status: OrderStatus::parse(&r.get::<_, String>(3)?).unwrap_or(OrderStatus::Draft),
        channel: Channel::parse(&r.get::<_, String>(4)?).unwrap_or_default(),
        received_at: r.get(5)?,
        wanted_date: r.get(6)?,
        lines: r.get(7)?,
        units: r.get(8)?,
        boxes: r.get(9)?,
        weight_g: r.get(10)?,
    })
}

impl Store {
    /// Orders for an export, newest first.
    pub fn export_orders(&self, filter: &OrderFilter) -> Result<Vec<OrderExportRow>> {
        let (cond, args) = filter.sql();
        let mut st = self.conn().prepare(&format!(
            "SELECT o.number, c.code, c.legal_name, o.status, o.channel, o.received_at, o.wanted_date,
                 o.line_count, o.total_units, o.total_boxes, o.total_weight_g
             FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE {cond} ORDER BY o.received_at DESC, o.id DESC"
        ))?;
        let rows = st.query_map(params_from_iter(args), order_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The lines of the orders an export takes, order by order (newest first), line by line.
    pub fn export_order_lines(&self, filter: &OrderFilter) -> Result<Vec<OrderLineExportRow>> {
        let (cond, args) = filter.sql();
        let mut st = self.conn().prepare(&format!(
            "SELECT o.number, l.line_no, p.sku, p.name, l.quantity, l.unit, COALESCE(loc.code, '')
             FROM order_lines l
             JOIN orders o ON o.id = l.order_id
             JOIN products p ON p.id = l.product_id
             LEFT JOIN locations loc ON loc.id = p.location_id
             WHERE {cond} ORDER BY o.received_at DESC, o.id DESC, l.line_no"
        ))?;
        let rows = st.query_map(params_from_iter(args), |r| {
            Ok(OrderLineExportRow {
                order_number: r.get(0)?,
                line_no: r.get(1)?,
                sku: r.get(2)?,
                name: r.get(3)?,
                quantity: r.get(4)?,
                unit: r.get(5)?,
                location: r.get(6)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Customers matching `query` as the customers list finds them (empty: all), by code.
    pub fn export_customers(&self, query: &str) -> Result<Vec<CustomerExportRow>> {
        let folded = fold(query);
        let needle = format!("%{}%", escape_like(&folded));
        let mut st = self.conn().prepare(
            "SELECT code, legal_name, tax_id, legal_address, phone, email, credit_limit_minor,
                 overdue_debt_minor, grade, notes
             FROM customers WHERE ?1 = '' OR search_text LIKE ?2 ESCAPE '\\' ORDER BY code",
        )?;
        let rows = st.query_map(params![folded, needle], |r| {
            Ok(CustomerExportRow {
                code: r.get(0)?,
                legal_name: r.get(1)?,
                tax_id: r.get(2)?,
                legal_address: r.get(3)?,
                phone: r.get(4)?,
                email: r.get(5)?,
                credit_limit_minor: r.get(6)?,
                overdue_debt_minor: r.get(7)?,
                grade: Grade::parse(&r.get::<_, String>(8)?).unwrap_or_default(),
                notes: r.get(9)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Products matching `query` as the products list finds them (empty: all), by SKU;
    /// `active_only` leaves out the products no longer sold.
    pub fn export_products(&self, query: &str, active_only: bool) -> Result<Vec<ProductExportRow>> {
        let folded = fold(query);
        let needle = format!("%{}%", escape_like(&folded));
        let mut st = self.conn().prepare(
            "SELECT p.sku, p.name, COALESCE(p.ean13, ''), p.unit, p.units_per_box, p.weight_g,
                 COALESCE(l.code, ''), p.active
             FROM products p LEFT JOIN locations l ON l.id = p.location_id
             WHERE (?1 = '' OR p.search_text LIKE ?2 ESCAPE '\\') AND (?3 = 0 OR p.active = 1)
             ORDER BY p.sku",
        )?;
        let rows = st.query_map(params![folded, needle, active_only], |r| {
            Ok(ProductExportRow {
                sku: r.get(0)?,
                name: r.get(1)?,
                ean13: r.get(2)?,
                unit: r.get(3)?,
                units_per_box: r.get(4)?,
                weight_g: r.get(5)?,
                location: r.get(6)?,
                active: r.get(7)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }
}

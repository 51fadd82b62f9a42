//! Orders, their lines and status history.

use super::customers::get_customer_in;
use super::{OptionalExt, Stamp, Store, audit, next_counter};
use crate::domain::order::{Channel, Move, MoveContext, OrderDraft, OrderStatus, check_move, status_on_save};
use crate::error::{Error, Result};
use rusqlite::{Connection, Row, params};

/// One line of an order list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSummary {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub status: OrderStatus,
    pub channel: Channel,
    pub received_at: String,
    pub wanted_date: Option<String>,
    pub lines: i64,
    pub units: i64,
    pub version: i64,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderLineView {
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub unit: String,
    pub units_per_box: i64,
    pub weight_g: i64,
    pub location: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventView {
    pub at: String,
    pub by: String,
    pub from: Option<OrderStatus>,
    pub to: OrderStatus,
    pub note: String,
}

/// An order with everything the detail view shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderDetail {
    pub summary: OrderSummary,
    pub delivery_point_id: Option<i64>,
    pub delivery_address: String,
    pub route: String,
    pub self_pickup: bool,
    pub priority: i64,
    pub comment: String,
    pub credit_override: Option<String>,
    pub created_by: String,
    pub lines: Vec<OrderLineView>,
    pub events: Vec<EventView>,
}

/// What a scanned or typed code points at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Found {
    Order(i64),
    Product(i64),
    Customer(i64),
}

const SUMMARY_SQL: &str =
    "SELECT o.id, o.number, o.customer_id, c.code, c.legal_name, o.status, o.channel, o.received_at,
        o.wanted_date, (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = o.id),
        (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l WHERE l.order_id = o.id), o.version
    FROM orders o JOIN customers c ON c.id = o.customer_id";

fn summary_from_row(r: &Row) -> rusqlite::Result<OrderSummary> {
    Ok(OrderSummary {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        customer_code: r.get(3)?,
        customer_name: r.get(4)?,
        status: OrderStatus::parse(&r.get::<_, String>(5)?).unwrap_or(OrderStatus::Draft),
        channel: Channel::parse(&r.get::<_, String>(6)?).unwrap_or_default(),
        received_at: r.get(7)?,
        wanted_date: r.get(8)?,
        lines: r.get(9)?,
        units: r.get(10)?,
        version: r.get(11)?,
    })
}

/// Where an order that came in a file came from (see migration 4).
#[derive(Debug, Clone, Default)]
pub struct Origin {
    /// The sender's order number (unique per customer).
    pub external_no: Option<String>,
    pub external_date: Option<chrono::NaiveDate>,
    pub source_file: Option<String>,
    pub import_id: Option<i64>,
}

/// Stores a new order inside the caller's transaction. The saved status follows the credit
/// check: over the limit, anything but a draft goes on credit hold unless an override is given.
pub fn create_order_in(
    c: &Connection,
    draft: &OrderDraft,
    wanted: OrderStatus,
    stamp: &Stamp,
    number: Option<&str>,
    origin: Option<&Origin>,
) -> Result<(i64, String, OrderStatus)> {
    draft.validate()?;
    let customer = get_customer_in(c, draft.customer_id)?;
    if let Some(dp) = draft.delivery_point_id {
        let owner: Option<i64> = c
            .query_row(
                "SELECT customer_id FROM delivery_points WHERE id = ?1",
                [dp],
                |r| r.get(0),
            )
            .opt()?;
        if owner != Some(customer.id) {
            return Err(crate::domain::FieldError::new(
                "delivery_point",
                "is not one of this customer's delivery points",
            )
            .into());
        }
    }
    let over = customer.over_credit_limit();
    let status = status_on_save(wanted, over, draft.credit_override.is_some());
    let number = match number {
        Some(n) => n.to_string(),
        None => format!(
            "{}-{:05}",
            stamp.at.format("%y%m"),
            next_counter(c, "order_number")?
        ),
    };
    let ts = stamp.ts();
    let override_reason = if status == OrderStatus::Released && over {
        draft.credit_override.clone()
    } else {
        None
    };
    // the products first: lines take their unit, the order keeps its totals (the board reads
    // one row per order)
    let mut lines = Vec::with_capacity(draft.lines.len());
    let (mut units, mut boxes, mut weight) = (0i64, 0i64, 0i64);
    {
        let mut product =
            c.prepare_cached("SELECT unit, units_per_box, weight_g FROM products WHERE id = ?1")?;
        for l in &draft.lines {
            let found: Option<(String, i64, i64)> = product
                .query_row([l.product_id], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
                .opt()?;
            let Some((unit, per_box, weight_g)) = found else {
                return Err(Error::NotFound {
                    entity: "product",
                    key: l.product_id.to_string(),
                });
            };
            units += l.quantity;
            boxes += (l.quantity + per_box.max(1) - 1) / per_box.max(1);
            weight += l.quantity * weight_g;
            lines.push((l.product_id, l.quantity, unit));
        }
    }
    let released = status == OrderStatus::Released;
    let queue: Option<i64> = if released {
        c.query_row(
            "SELECT COALESCE(MAX(queue_position), 0) + 1 FROM orders WHERE status = 'released'",
            [],
            |r| r.get(0),
        )?
    } else {
        None
    };
    let stage = released.then(|| ts.clone());
    let origin = origin.cloned().unwrap_or_default();
    c.prepare_cached(
        "INSERT INTO orders (number, customer_id, delivery_point_id, channel, received_at, wanted_date, self_pickup,
             priority, status, comment, credit_override, created_by, created_at, updated_at, version,
             line_count, total_units, total_boxes, total_weight_g, released_at, answered_at, queue_position,
             external_no, external_date, source_file, import_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?5, ?5, 1,
             ?13, ?14, ?15, ?16, ?17, ?17, ?18, ?19, ?20, ?21, ?22)",
    )?
    .execute(params![
        number,
        draft.customer_id,
        draft.delivery_point_id,
        draft.channel.code(),
        ts,
        draft.wanted_date.map(|d| d.to_string()),
        draft.self_pickup,
        draft.priority,
        status.code(),
        draft.comment,
        override_reason,
        stamp.by,
        lines.len() as i64,
        units,
        boxes,
        weight,
        stage,
        queue,
        origin.external_no,
        origin.external_date.map(|d| d.to_string()),
        origin.source_file,
        origin.import_id,
    ])
    .map_err(|e| {
        if origin.external_no.is_some() && e.to_string().contains("external_no") {
            Error::msg(format!(
                "order {} of this customer was imported meanwhile (in another window?)",
                origin.external_no.clone().unwrap_or_default()
            ))
        } else {
            super::unique_err(e, "order", "number", &number)
        }
    })?;
    let id = c.last_insert_rowid();
    {
        let mut ins = c.prepare_cached(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit) VALUES (?1, ?2, ?3, ?4, ?5)",
        )?;
        for (i, (product_id, quantity, unit)) in lines.iter().enumerate() {
            ins.execute(params![id, i as i64 + 1, product_id, quantity, unit])?;
        }
    }
    let mut note = String::new();
    if status == OrderStatus::CreditHold && wanted != OrderStatus::CreditHold {
        note = format!(
            "credit hold: overdue debt exceeds the credit limit (asked for {})",
            wanted.code()
        );
    } else if let Some(r) = &override_reason {
        note = format!("released over the credit limit: {r}");
    }
    c.prepare_cached(
        "INSERT INTO order_events (order_id, at, by_user, from_status, to_status, note) VALUES (?1, ?2, ?3, NULL, ?4, ?5)",
    )?
    .execute(params![id, ts, stamp.by, status.code(), note])?;
    // the lines themselves are in order_lines: the log says who created what, compactly
    let mut what = serde_json::json!({
        "number": number,
        "status": status.code(),
        "customer_id": draft.customer_id,
        "lines": draft.lines.iter().map(|l| [l.product_id, l.quantity]).collect::<Vec<_>>(),
    });
    if let Some(n) = &origin.external_no {
        what["external_no"] = serde_json::json!(n);
    }
    audit(c, stamp, "orders", id, "insert", what)?;
    Ok((id, number, status))
}

/// The stage-time column a move into `to` stamps (first time only), if any.
fn stage_column(to: OrderStatus) -> Option<&'static str> {
    use OrderStatus::*;
    match to {
        Released => Some("released_at"),
        Picking => Some("picking_at"),
        Checking => Some("checked_at"),
        Packed => Some("packed_at"),
        Shipped => Some("shipped_at"),
        Delivered | PickedUp => Some("delivered_at"),
        _ => None,
    }
}

/// Moves an order to another status if the state machine allows it and nobody changed the
/// order since `m.version` was read. Records the event (with the picker, checker or packer),
/// the stage time, the queue place of a released order. Returns the new version.
pub fn move_order_in(c: &Connection, m: &Move, stamp: &Stamp) -> Result<i64> {
    let row: Option<(String, String, i64, bool, i64)> = c
        .query_row(
            "SELECT number, status, version, self_pickup, customer_id FROM orders WHERE id = ?1",
            [m.id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .opt()?;
    let Some((number, status, version, self_pickup, customer_id)) = row else {
        return Err(Error::NotFound {
            entity: "order",
            key: m.id.to_string(),
        });
    };
    let from = OrderStatus::parse(&status).unwrap_or(OrderStatus::Draft);
    if version != m.version {
        return Err(Error::Moved {
            number,
            status: from.code().to_string(),
        });
    }
    let customer = get_customer_in(c, customer_id)?;
    let override_reason = m
        .credit_override
        .as_deref()
        .map(str::trim)
        .filter(|r| !r.is_empty());
    let person = m.person.as_deref().map(str::trim).filter(|p| !p.is_empty());
    let note = m.note.trim();
    check_move(
        from,
        m.to,
        MoveContext {
            self_pickup,
            over_credit_limit: customer.over_credit_limit(),
            credit_override: override_reason.is_some(),
            has_note: !note.is_empty(),
            has_person: person.is_some(),
        },
    )
    .map_err(|error| Error::OrderMove {
        number: number.clone(),
        error,
    })?;
    let ts = stamp.ts();
    let to = m.to;
    let answered = to == OrderStatus::Released
        || (from == OrderStatus::AwaitingConfirmation && to != OrderStatus::Draft);
    let queue: Option<i64> = if to == OrderStatus::Released {
        Some(c.query_row(
            "SELECT COALESCE(MAX(queue_position), 0) + 1 FROM orders WHERE status = 'released'",
            [],
            |r| r.get(0),
        )?)
    } else {
        None
    };
    let n = c.execute(
        "UPDATE orders SET status = ?1, updated_at = ?2, version = version + 1,
             credit_override = COALESCE(?3, credit_override),
             queue_position = ?4,
             picker = CASE WHEN ?1 = 'picking' THEN ?5 ELSE picker END,
             checker = CASE WHEN ?1 = 'checking' THEN ?5 ELSE checker END,
             packer = CASE WHEN ?1 = 'packed' THEN ?5 ELSE packer END,
             cancel_reason = CASE WHEN ?1 = 'cancelled' THEN ?6 ELSE cancel_reason END,
             answered_at = CASE WHEN ?7 THEN COALESCE(answered_at, ?2) ELSE answered_at END,
             closed_at = CASE WHEN ?1 IN ('delivered', 'picked_up', 'cancelled', 'returned') THEN ?2 ELSE closed_at END,
             wave_id = CASE WHEN ?1 IN ('draft', 'awaiting_confirmation', 'credit_hold', 'cancelled') THEN NULL ELSE wave_id END
         WHERE id = ?8 AND version = ?9",
        params![to.code(), ts, override_reason, queue, person, note, answered, m.id, m.version],
    )?;
    if n == 0 {
        return Err(Error::Conflict {
            entity: "order",
            id: m.id,
        });
    }
    if let Some(col) = stage_column(to) {
        // column names come from `stage_column`, never from input
        c.execute(
            &format!("UPDATE orders SET {col} = COALESCE({col}, ?1) WHERE id = ?2"),
            params![ts, m.id],
        )?;
    }
    let full_note = match override_reason {
        Some(r) if to == OrderStatus::Released && customer.over_credit_limit() => {
            format!(
                "credit override: {r}{}{note}",
                if note.is_empty() { "" } else { "; " }
            )
        }
        _ => note.to_string(),
    };
    c.execute(
        "INSERT INTO order_events (order_id, at, by_user, from_status, to_status, note, person)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![m.id, ts, stamp.by, from.code(), to.code(), full_note, person],
    )?;
    audit(
        c,
        stamp,
        "orders",
        m.id,
        "update",
        serde_json::json!({ "status": [from.code(), to.code()], "note": full_note, "person": person }),
    )?;
    Ok(m.version + 1)
}

impl Store {
    /// Stores a new order (one transaction) and returns its id, number and saved status.
    pub fn create_order(
        &mut self,
        draft: &OrderDraft,
        wanted: OrderStatus,
        stamp: &Stamp,
    ) -> Result<(i64, String, OrderStatus)> {
        self.write(|c| create_order_in(c, draft, wanted, stamp, None, None))
    }

    /// Moves an order (see [`check_move`]); returns the new version.
    pub fn move_order(&mut self, m: &Move, stamp: &Stamp) -> Result<i64> {
        self.write(|c| move_order_in(c, m, stamp))
    }

    /// Moves several orders in one transaction: all of them, or none (the error names the
    /// order that could not move).
    pub fn move_orders(&mut self, moves: &[Move], stamp: &Stamp) -> Result<Vec<i64>> {
        self.write(|c| moves.iter().map(|m| move_order_in(c, m, stamp)).collect())
    }

    pub fn order(&self, id: i64) -> Result<OrderDetail> {
        let c = self.conn();
        let summary = c
            .query_row(&format!("{SUMMARY_SQL} WHERE o.id = ?1"), [id], summary_from_row)
            .opt()?
            .ok_or(Error::NotFound {
                entity: "order",
                key: id.to_string(),
            })?;
        let (delivery_point_id, delivery_address, route, self_pickup, priority, comment, credit_override, created_by) = c
            .query_row(
                "SELECT o.delivery_point_id, COALESCE(d.address, ''), COALESCE(d.route, ''), o.self_pickup, o.priority,
                     o.comment, o.credit_override, o.created_by
                 FROM orders o LEFT JOIN delivery_points d ON d.id = o.delivery_point_id WHERE o.id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?)),
            )?;
        let mut st = c.prepare_cached(
            "SELECT l.line_no, l.product_id, p.sku, p.name, l.quantity, l.unit, p.units_per_box, p.weight_g, COALESCE(loc.code, '')
             FROM order_lines l JOIN products p ON p.id = l.product_id LEFT JOIN locations loc ON loc.id = p.location_id
             WHERE l.order_id = ?1 ORDER BY l.line_no",
        )?;
        let lines = st
            .query_map([id], |r| {
                Ok(OrderLineView {
                    line_no: r.get(0)?,
                    product_id: r.get(1)?,
                    sku: r.get(2)?,
                    name: r.get(3)?,
                    quantity: r.get(4)?,
                    unit: r.get(5)?,
                    units_per_box: r.get(6)?,
                    weight_g: r.get(7)?,
                    location: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached(
            "SELECT at, by_user, from_status, to_status, note FROM order_events WHERE order_id = ?1 ORDER BY at, id",
        )?;
        let events = st
            .query_map([id], |r| {
                Ok(EventView {
                    at: r.get(0)?,
                    by: r.get(1)?,
                    from: r
                        .get::<_, Option<String>>(2)?
                        .and_then(|s| OrderStatus::parse(&s)),
                    to: OrderStatus::parse(&r.get::<_, String>(3)?).unwrap_or(OrderStatus::Draft),
                    note: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(OrderDetail {
            summary,
            delivery_point_id,
            delivery_address,
            route,
            self_pickup,
            priority,
            comment,
            credit_override,
            created_by,
            lines,
            events,
        })
    }

    /// When the order reached each stage (UTC, as stored): answered, released, picking,
    /// picking control, packed, shipped, delivered/picked up — for lead times.
    pub fn order_stage_times(&self, id: i64) -> Result<[Option<String>; 7]> {
        Ok(self.conn().query_row(
            "SELECT answered_at, released_at, picking_at, checked_at, packed_at, shipped_at, delivered_at
             FROM orders WHERE id = ?1",
            [id],
            |r| {
                Ok([
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ])
            },
        )?)
    }

    /// Who picked, checked and packed the order (as recorded by the moves).
    pub fn order_persons(&self, id: i64) -> Result<Vec<Option<String>>> {
        let (a, b, c) = self.conn().query_row(
            "SELECT picker, checker, packer FROM orders WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )?;
        Ok(vec![a, b, c])
    }

    pub fn order_by_number(&self, number: &str) -> Result<Option<i64>> {
        self.conn()
            .query_row("SELECT id FROM orders WHERE number = ?1", [number.trim()], |r| {
                r.get(0)
            })
            .opt()
    }

    /// Orders received in `[from, to)` (UTC timestamps as stored), newest first.
    pub fn orders_received_between(&self, from: &str, to: &str) -> Result<Vec<OrderSummary>> {
        let mut st = self.conn().prepare_cached(&format!(
            "{SUMMARY_SQL} WHERE o.received_at >= ?1 AND o.received_at < ?2 ORDER BY o.received_at DESC, o.id DESC"
        ))?;
        let rows = st.query_map([from, to], summary_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The customer's most recent order, for "repeat last order".
    pub fn last_order_of(&self, customer_id: i64) -> Result<Option<OrderDetail>> {
        let id: Option<i64> = self
            .conn()
            .query_row(
                "SELECT id FROM orders WHERE customer_id = ?1 ORDER BY received_at DESC, id DESC LIMIT 1",
                [customer_id],
                |r| r.get(0),
            )
            .opt()?;
        id.map(|id| self.order(id)).transpose()
    }

    /// What a code typed or scanned into the global field points at: an order number, then a
    /// product SKU or EAN-13, then a customer code.
    pub fn lookup(&self, code: &str) -> Result<Option<Found>> {
        let code = code.trim();
        if code.is_empty() {
            return Ok(None);
        }
        if let Some(id) = self.order_by_number(code)? {
            return Ok(Some(Found::Order(id)));
        }
        if let Some(p) = self.product_by_code(code)? {
            return Ok(Some(Found::Product(p.id)));
        }
        if let Some(c) = self.customer_by_code(code)? {
            return Ok(Some(Found::Customer(c.id)));
        }
        Ok(None)
    }
}

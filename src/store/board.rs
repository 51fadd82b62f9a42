//! The dispatch board's questions: open orders in one indexed read, the warehouse queue,
//! waves, and the deadline settings (working calendar, targets, contract overrides).

use super::orders::move_order_in;
use super::{OptionalExt, Stamp, Store, audit, next_counter, parse_ts};
use crate::domain::calendar::WorkCalendar;
use crate::domain::order::{Channel, Move, OrderStatus};
use crate::domain::sla::Targets;
use crate::error::{Error, Result};
use chrono::{DateTime, Utc};
use rusqlite::{Connection, Row, params};
use std::collections::HashMap;

/// Statuses shown on the board (shipped stays until delivered).
pub const BOARD_STATUSES: [OrderStatus; 8] = [
    OrderStatus::Draft,
    OrderStatus::AwaitingConfirmation,
    OrderStatus::CreditHold,
    OrderStatus::Released,
    OrderStatus::Picking,
    OrderStatus::Checking,
    OrderStatus::Packed,
    OrderStatus::Shipped,
];

/// `'draft', 'awaiting_confirmation', …`: the board's statuses for an SQL `IN (…)`.
fn board_status_list() -> String {
    BOARD_STATUSES
        .iter()
        .map(|s| format!("'{}'", s.code()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// One card of the board: everything it shows, read in one row.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardOrder {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub address: String,
    pub route: String,
    pub channel: Channel,
    pub status: OrderStatus,
    pub received_at: DateTime<Utc>,
    pub wanted_date: Option<String>,
    pub self_pickup: bool,
    pub priority: i64,
    pub line_count: i64,
    pub units: i64,
    pub boxes: i64,
    pub weight_g: i64,
    pub queue_position: Option<i64>,
    pub wave_id: Option<i64>,
    pub wave_number: Option<String>,
    pub answered_at: Option<DateTime<Utc>>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub updated_at: String,
}

const BOARD_SQL: &str = "SELECT o.id, o.number, o.customer_id, c.code, c.legal_name, COALESCE(d.address, ''),
        COALESCE(d.route, ''), o.channel, o.status, o.received_at, o.wanted_date, o.self_pickup, o.priority,
        o.line_count, o.total_units, o.total_boxes, o.total_weight_g, o.queue_position, o.wave_id, w.number,
        o.answered_at, COALESCE(o.shipped_at, o.delivered_at), o.version, o.updated_at
    FROM orders o
    JOIN customers c ON c.id = o.customer_id
    LEFT JOIN delivery_points d ON d.id = o.delivery_point_id
    LEFT JOIN waves w ON w.id = o.wave_id";

fn board_from_row(r: &Row) -> rusqlite::Result<BoardOrder> {
    let ts = |s: Option<String>| s.as_deref().and_then(parse_ts);
    Ok(BoardOrder {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        customer_code: r.get(3)?,
        customer_name: r.get(4)?,
        address: r.get(5)?,
        route: r.get(6)?,
        channel: Channel::parse(&r.get::<_, String>(7)?).unwrap_or_default(),
        status: OrderStatus::parse(&r.get::<_, String>(8)?).unwrap_or_default(),
        received_at: ts(Some(r.get(9)?)).unwrap_or_default(),
        wanted_date: r.get(10)?,
        self_pickup: r.get(11)?,
        priority: r.get(12)?,
        line_count: r.get(13)?,
        units: r.get(14)?,
        boxes: r.get(15)?,
        weight_g: r.get(16)?,
        queue_position: r.get(17)?,
        wave_id: r.get(18)?,
        wave_number: r.get(19)?,
        answered_at: ts(r.get(20)?),
        shipped_at: ts(r.get(21)?),
        version: r.get(22)?,
        updated_at: r.get(23)?,
    })
}

/// An open wave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaveRow {
    pub id: i64,
    pub number: String,
    pub status: OrderStatus,
    pub orders: i64,
    pub version: i64,
}

pub mod keys {
    pub const CALENDAR: &str = "sla.calendar";
    pub const TARGETS: &str = "sla.targets";
}

/// Orders placed in the queue in ascending `queue_position`; the moved order's version is
/// checked and bumped, the others only shift.
fn queue_reorder_in(c: &Connection, id: i64, version: i64, target_index: usize, stamp: &Stamp) -> Result<()> {
    let mut queue: Vec<(i64, Option<i64>)> = {
        let mut st = c.prepare_cached(
            "SELECT id, queue_position FROM orders WHERE status = 'released' ORDER BY queue_position, id",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let Some(from) = queue.iter().position(|(o, _)| *o == id) else {
        return Err(Error::msg("only a released order has a place in the queue"));
    };
    let n = c.execute(
        "UPDATE orders SET version = version + 1, updated_at = ?1 WHERE id = ?2 AND version = ?3",
        params![stamp.ts(), id, version],
    )?;
    if n == 0 {
        return Err(Error::Conflict { entity: "order", id });
    }
    let moved = queue.remove(from);
    queue.insert(target_index.min(queue.len()), moved);
    let mut set = c.prepare_cached("UPDATE orders SET queue_position = ?1, updated_at = ?2 WHERE id = ?3")?;
    for (i, (oid, pos)) in queue.iter().enumerate() {
        let want = i as i64 + 1;
        if *pos != Some(want) {
            set.execute(params![want, stamp.ts(), oid])?;
        }
    }
    audit(
        c,
        stamp,
        "orders",
        id,
        "update",
        serde_json::json!({ "queue_position": [from + 1, target_index + 1] }),
    )?;
    Ok(())
}

impl Store {
    /// Every order on the board (not closed), in one read through the status index.
    pub fn board_orders(&self) -> Result<Vec<BoardOrder>> {
        let list = board_status_list();
        let mut st = self
            .conn()
            .prepare_cached(&format!("{BOARD_SQL} WHERE o.status IN ({list})"))?;
        let rows = st.query_map([], board_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Orders changed at or after `since` (a stored timestamp), whatever their status: the
    /// board updates just these (an order that left the board is removed). Through the
    /// `updated_at` index, so the cost follows the changes, not the size of the file.
    pub fn board_changes_since(&self, since: &str) -> Result<Vec<BoardOrder>> {
        let mut st = self
            .conn()
            .prepare_cached(&format!("{BOARD_SQL} WHERE o.updated_at >= ?1"))?;
        let rows = st.query_map([since], board_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The newest `updated_at` of any order (where an incremental read starts next time).
    pub fn orders_high_water(&self) -> Result<String> {
        Ok(self
            .conn()
            .query_row("SELECT COALESCE(MAX(updated_at), '') FROM orders", [], |r| {
                r.get(0)
            })?)
    }

    /// One order as the board shows it (after a move, without reloading the board).
    pub fn board_order(&self, id: i64) -> Result<Option<BoardOrder>> {
        self.conn()
            .query_row(&format!("{BOARD_SQL} WHERE o.id = ?1"), [id], board_from_row)
            .opt()
    }

    /// The query plan of the board read, for the benchmark notes.
    pub fn board_query_plan(&self) -> Result<Vec<String>> {
        let list = board_status_list();
        let mut st = self.conn().prepare(&format!(
            "EXPLAIN QUERY PLAN {BOARD_SQL} WHERE o.status IN ({list})"
        ))?;
        let rows = st.query_map([], |r| r.get::<_, String>(3))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Puts a released order at `target_index` (0 = first) of the warehouse queue.
    pub fn queue_reorder(&mut self, id: i64, version: i64, target_index: usize, stamp: &Stamp) -> Result<()> {
        self.write(|c| queue_reorder_in(c, id, version, target_index, stamp))
    }

    /// "Urgent": first in the queue, priority urgent.
    pub fn queue_urgent(&mut self, id: i64, version: i64, stamp: &Stamp) -> Result<()> {
        self.write(|c| {
            queue_reorder_in(c, id, version, 0, stamp)?;
            c.execute(
                "UPDATE orders SET priority = 2, updated_at = ?1 WHERE id = ?2",
                params![stamp.ts(), id],
            )?;
            Ok(())
        })
    }

    /// Groups released orders into a new wave; returns its id and number.
    pub fn create_wave(&mut self, orders: &[(i64, i64)], note: &str, stamp: &Stamp) -> Result<(i64, String)> {
        if orders.is_empty() {
            return Err(Error::msg("select the released orders to group into a wave"));
        }
        self.write(|c| {
            let number = format!("W{}-{:04}", stamp.at.format("%y%m%d"), next_counter(c, "wave_number")?);
            c.execute(
                "INSERT INTO waves (number, status, note, created_at, created_by, updated_at, version)
                 VALUES (?1, 'released', ?2, ?3, ?4, ?3, 1)",
                params![number, note, stamp.ts(), stamp.by],
            )?;
            let wave_id = c.last_insert_rowid();
            for (id, version) in orders {
                let (onum, status, wave): (String, String, Option<i64>) = c
                    .query_row("SELECT number, status, wave_id FROM orders WHERE id = ?1", [id], |r| {
                        Ok((r.get(0)?, r.get(1)?, r.get(2)?))
                    })
                    .opt()?
                    .ok_or(Error::NotFound { entity: "order", key: id.to_string() })?;
                if status != OrderStatus::Released.code() {
                    return Err(Error::msg(format!("order {onum} is not released: only released orders make a wave")));
                }
                if wave.is_some() {
                    return Err(Error::msg(format!("order {onum} is already in a wave")));
                }
                let n = c.execute(
                    "UPDATE orders SET wave_id = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3 AND version = ?4",
                    params![wave_id, stamp.ts(), id, version],
                )?;
                if n == 0 {
                    return Err(Error::Moved { number: onum, status });
                }
                audit(c, stamp, "orders", *id, "update", serde_json::json!({ "wave": number }))?;
            }
            audit(c, stamp, "waves", wave_id, "insert", serde_json::json!({ "number": number, "orders": orders.len() }))?;
            Ok((wave_id, number))
        })
    }

    /// Takes a released order out of its wave.
    pub fn leave_wave(&mut self, id: i64, version: i64, stamp: &Stamp) -> Result<()> {
        self.write(|c| {
            let (number, status): (String, String) = c
                .query_row("SELECT number, status FROM orders WHERE id = ?1", [id], |r| Ok((r.get(0)?, r.get(1)?)))
                .opt()?
                .ok_or(Error::NotFound { entity: "order", key: id.to_string() })?;
            if status != OrderStatus::Released.code() {
                return Err(Error::msg(format!("order {number} is in work: it can leave its wave only before picking")));
            }
            let n = c.execute(
                "UPDATE orders SET wave_id = NULL, version = version + 1, updated_at = ?1 WHERE id = ?2 AND version = ?3",
                params![stamp.ts(), id, version],
            )?;
            if n == 0 {
                return Err(Error::Moved { number, status });
            }
            audit(c, stamp, "orders", id, "update", serde_json::json!({ "wave": null }))
        })
    }

    /// Moves every order of a wave that stands where the wave stands (one transaction).
    pub fn move_wave(
        &mut self,
        wave_id: i64,
        version: i64,
        to: OrderStatus,
        person: Option<&str>,
        stamp: &Stamp,
    ) -> Result<usize> {
        self.write(|c| {
            let (number, status): (String, String) = c
                .query_row("SELECT number, status FROM waves WHERE id = ?1", [wave_id], |r| Ok((r.get(0)?, r.get(1)?)))
                .opt()?
                .ok_or(Error::NotFound { entity: "wave", key: wave_id.to_string() })?;
            let n = c.execute(
                "UPDATE waves SET status = ?1, version = version + 1, updated_at = ?2 WHERE id = ?3 AND version = ?4",
                params![to.code(), stamp.ts(), wave_id, version],
            )?;
            if n == 0 {
                return Err(Error::Conflict { entity: "wave", id: wave_id });
            }
            let members: Vec<(i64, i64)> = {
                let mut st = c.prepare_cached("SELECT id, version FROM orders WHERE wave_id = ?1 AND status = ?2")?;
                st.query_map(params![wave_id, status], |r| Ok((r.get(0)?, r.get(1)?)))?
                    .collect::<rusqlite::Result<_>>()?
            };
            if members.is_empty() {
                return Err(Error::msg(format!("wave {number} has no order at «{status}»")));
            }
            for (id, v) in &members {
                let m = Move {
                    id: *id,
                    to,
                    version: *v,
                    note: format!("wave {number}"),
                    person: person.map(str::to_string),
                    credit_override: None,
                };
                move_order_in(c, &m, stamp)?;
            }
            audit(c, stamp, "waves", wave_id, "update", serde_json::json!({ "status": [status, to.code()] }))?;
            Ok(members.len())
        })
    }

    /// Waves with orders still on the board.
    pub fn open_waves(&self) -> Result<Vec<WaveRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT w.id, w.number, w.status, COUNT(o.id), w.version FROM waves w
             JOIN orders o ON o.wave_id = w.id
             WHERE o.status IN ('released', 'picking', 'checking', 'packed')
             GROUP BY w.id, w.number, w.status, w.version ORDER BY w.number",
        )?;
        let rows = st.query_map([], |r| {
            Ok(WaveRow {
                id: r.get(0)?,
                number: r.get(1)?,
                status: OrderStatus::parse(&r.get::<_, String>(2)?).unwrap_or_default(),
                orders: r.get(3)?,
                version: r.get(4)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The working calendar and targets from Settings (defaults when never set).
    pub fn sla_settings(&self) -> Result<(WorkCalendar, Targets)> {
        Ok((
            self.setting(keys::CALENDAR)?.unwrap_or_default(),
            self.setting(keys::TARGETS)?.unwrap_or_default(),
        ))
    }

    /// Contract targets overriding the defaults, per customer (the newest contract valid
    /// `today` that sets them).
    pub fn contract_targets(
        &self,
        defaults: Targets,
        today: chrono::NaiveDate,
    ) -> Result<HashMap<i64, Targets>> {
        let mut st = self.conn().prepare_cached(
            "SELECT customer_id, answer_hours, ship_days FROM contracts
             WHERE (answer_hours IS NOT NULL OR ship_days IS NOT NULL)
               AND valid_from <= ?1 AND (valid_to IS NULL OR valid_to >= ?1)
             ORDER BY valid_from",
        )?;
        let mut out = HashMap::new();
        let rows = st.query_map([today.to_string()], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                r.get::<_, Option<i64>>(1)?,
                r.get::<_, Option<i64>>(2)?,
            ))
        })?;
        for row in rows {
            let (cid, hours, days) = row?;
            out.insert(
                cid,
                Targets {
                    answer_hours: hours.unwrap_or(defaults.answer_hours),
                    ship_days: days.unwrap_or(defaults.ship_days),
                },
            );
        }
        Ok(out)
    }
}

/// Bulk orders for the board benchmark: `open` orders spread over the board's states and
/// `closed` delivered ones, each with three lines, in one transaction. No events or audit
/// rows: this builds a large file fast, it is not how the desk records work.
pub fn bench_orders_tx(
    c: &Connection,
    open: usize,
    closed: usize,
    seed: u64,
    now: DateTime<Utc>,
) -> Result<()> {
    let customers: Vec<(i64, Option<i64>)> = {
        let mut st = c.prepare(
            "SELECT c.id, (SELECT MIN(d.id) FROM delivery_points d WHERE d.customer_id = c.id) FROM customers c",
        )?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    let products: Vec<(i64, String)> = {
        let mut st = c.prepare("SELECT id, unit FROM products")?;
        st.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    if customers.is_empty() || products.len() < 3 {
        return Err(Error::msg(
            "the benchmark needs customers and at least 3 products",
        ));
    }
    let mut rng = crate::demo::Rng::new(seed);
    let mut ins = c.prepare(
        "INSERT INTO orders (number, customer_id, delivery_point_id, channel, received_at, self_pickup, priority,
             status, created_by, created_at, updated_at, version, queue_position, line_count, total_units,
             total_boxes, total_weight_g, released_at, answered_at, shipped_at, delivered_at, closed_at)
         VALUES (?1, ?2, ?3, 'phone', ?4, ?5, ?6, ?7, 'bench', ?4, ?4, 1, ?8, 3, ?9, ?10, ?11, ?12, ?12, ?13, ?13, ?13)",
    )?;
    let mut line = c.prepare(
        "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let open_states = &BOARD_STATUSES;
    for n in 0..open + closed {
        let is_open = n >= closed; // closed ones are older
        let days_ago = if is_open {
            rng.range(0, 20)
        } else {
            rng.range(20, 800)
        };
        let received = now - chrono::Duration::minutes(days_ago * 1440 + rng.range(0, 1440));
        let status = if is_open {
            *rng.pick(open_states)
        } else {
            OrderStatus::Delivered
        };
        let (cust, dp) = *rng.pick(&customers);
        let ts = super::fmt_ts(received);
        let done = (!is_open || status == OrderStatus::Shipped)
            .then(|| super::fmt_ts(received + chrono::Duration::days(3)));
        let released = matches!(
            status,
            OrderStatus::Released | OrderStatus::Picking | OrderStatus::Checking | OrderStatus::Packed
        ) || done.is_some();
        let units = rng.range(3, 300);
        ins.execute(params![
            format!("B{:07}", n + 1),
            cust,
            dp,
            ts,
            dp.is_none(),
            if rng.chance(5) { 2 } else { 0 },
            status.code(),
            (status == OrderStatus::Released).then_some(n as i64),
            units,
            units / 12 + 1,
            units * 250,
            released.then(|| ts.clone()),
            done,
        ])?;
        let id = c.last_insert_rowid();
        let first = rng.range(0, products.len() as i64 - 2) as usize;
        for k in 0..3 {
            let (pid, unit) = &products[first + k];
            line.execute(params![id, k as i64 + 1, pid, units / 3 + 1, unit])?;
        }
    }
    Ok(())
}

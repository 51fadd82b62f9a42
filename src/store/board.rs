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
use std::sync::Arc;

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

/// One card of the board: everything it shows. The names (customer, delivery point, wave)
/// are shared between the cards that show the same one.
#[derive(Debug, Clone, PartialEq)]
pub struct BoardOrder {
    pub id: i64,
    pub number: String,
    pub customer_id: i64,
    pub customer_code: Arc<str>,
    pub customer_name: Arc<str>,
    pub delivery_point_id: Option<i64>,
    pub address: Arc<str>,
    pub route: Arc<str>,
    pub channel: Channel,
    pub status: OrderStatus,
    pub received_at: DateTime<Utc>,
    pub wanted_date: Option<String>,
    pub self_pickup: bool,
    pub priority: i64,
    pub line_count: i64,
    pub boxes: i64,
    pub weight_g: i64,
    pub queue_position: Option<i64>,
    pub wave_id: Option<i64>,
    pub wave_number: Option<Arc<str>>,
    /// When it shipped (or, for a self-pickup, was handed over).
    pub shipped_at: Option<DateTime<Utc>>,
    pub version: i64,
    pub updated_at: String,
}

/// The order's own columns of a card, with no join: the names are looked up once per
/// customer, delivery point and wave ([`Names`]), not once per order. 10,000 open orders
/// name a few hundred customers; joining repeated the same lookups 10,000 times.
const BOARD_SQL: &str = "SELECT o.id, o.number, o.customer_id, o.delivery_point_id, o.channel, o.status,
        o.received_at, o.wanted_date, o.self_pickup, o.priority, o.line_count, o.total_boxes,
        o.total_weight_g, o.queue_position, o.wave_id, COALESCE(o.shipped_at, o.delivered_at), o.version,
        o.updated_at
    FROM orders o";

/// A text column borrowed from the row, not copied out.
fn text<'r>(r: &'r Row, i: usize) -> rusqlite::Result<&'r str> {
    r.get_ref(i)?.as_str().map_err(Into::into)
}

fn board_from_row(r: &Row) -> rusqlite::Result<BoardOrder> {
    let ts = |i: usize| -> rusqlite::Result<Option<DateTime<Utc>>> {
        Ok(r.get_ref(i)?.as_str_or_null()?.and_then(parse_ts))
    };
    let channel = text(r, 4)?;
    let status = text(r, 5)?;
    Ok(BoardOrder {
        id: r.get(0)?,
        number: r.get(1)?,
        customer_id: r.get(2)?,
        customer_code: Arc::default(),
        customer_name: Arc::default(),
        delivery_point_id: r.get(3)?,
        address: Arc::default(),
        route: Arc::default(),
        // stored codes first: `Channel::parse` also reads loose spellings, at a cost
        channel: Channel::ALL
            .into_iter()
            .find(|c| c.code() == channel)
            .or_else(|| Channel::parse(channel))
            .unwrap_or_default(),
        status: OrderStatus::parse(status).unwrap_or_default(),
        received_at: ts(6)?.unwrap_or_default(),
        wanted_date: r.get(7)?,
        self_pickup: r.get(8)?,
        priority: r.get(9)?,
        line_count: r.get(10)?,
        boxes: r.get(11)?,
        weight_g: r.get(12)?,
        queue_position: r.get(13)?,
        wave_id: r.get(14)?,
        wave_number: None,
        shipped_at: ts(15)?,
        version: r.get(16)?,
        updated_at: r.get(17)?,
    })
}

/// A hasher for row ids: one multiplication. The standard hasher resists crafted keys, which
/// row ids are not, at several times the cost; the board looks ids up tens of thousands of
/// times per reload.
#[derive(Default, Clone, Copy)]
pub struct IdHasher(u64);

impl std::hash::Hasher for IdHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ u64::from(b)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_i64(&mut self, id: i64) {
        // Fibonacci hashing: an odd multiplier keeps distinct low bits distinct (the bucket)
        // and spreads every bit into the high ones (the tag)
        self.0 = (self.0 ^ id as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// A map keyed by row id.
pub type IdMap<V> = HashMap<i64, V, std::hash::BuildHasherDefault<IdHasher>>;

/// Names shown on cards, read once per customer, delivery point and wave.
#[derive(Default)]
struct Names {
    customers: IdMap<(Arc<str>, Arc<str>)>,
    points: IdMap<(Arc<str>, Arc<str>)>,
    waves: IdMap<Arc<str>>,
}

/// Reads one row of `sql` (`SELECT id, … WHERE id = ?1`) for each id not in `known` yet,
/// and keeps it.
fn read_missing<V>(
    c: &Connection,
    sql: &str,
    ids: impl Iterator<Item = i64>,
    known: &mut IdMap<V>,
    row: impl Fn(&Row) -> rusqlite::Result<V>,
) -> Result<()> {
    let mut st = c.prepare_cached(sql)?;
    for id in ids {
        if !known.contains_key(&id)
            && let Some(v) = st.query_row([id], &row).opt()?
        {
            known.insert(id, v);
        }
    }
    Ok(())
}

impl Names {
    /// Puts the names on the cards: each name is read once, by its primary key.
    fn fill(&mut self, c: &Connection, orders: &mut [BoardOrder]) -> Result<()> {
        // column 0 is the id
        let pair = |r: &Row| -> rusqlite::Result<(Arc<str>, Arc<str>)> {
            Ok((Arc::from(text(r, 1)?), Arc::from(text(r, 2)?)))
        };
        read_missing(
            c,
            "SELECT id, code, legal_name FROM customers WHERE id = ?1",
            orders.iter().map(|o| o.customer_id),
            &mut self.customers,
            pair,
        )?;
        read_missing(
            c,
            "SELECT id, address, route FROM delivery_points WHERE id = ?1",
            orders.iter().filter_map(|o| o.delivery_point_id),
            &mut self.points,
            pair,
        )?;
        read_missing(
            c,
            "SELECT id, number FROM waves WHERE id = ?1",
            orders.iter().filter_map(|o| o.wave_id),
            &mut self.waves,
            |r| Ok(Arc::from(text(r, 1)?)),
        )?;
        for o in orders.iter_mut() {
            if let Some((code, name)) = self.customers.get(&o.customer_id) {
                (o.customer_code, o.customer_name) = (code.clone(), name.clone());
            }
            if let Some((address, route)) = o.delivery_point_id.and_then(|d| self.points.get(&d)) {
                (o.address, o.route) = (address.clone(), route.clone());
            }
            o.wave_number = o.wave_id.and_then(|w| self.waves.get(&w)).cloned();
        }
        Ok(())
    }
}

/// Board orders matching `filter` (a `WHERE` clause over `orders o`), with their names, read
/// in one transaction so names and orders are of the same moment. `seen` meets each order as
/// soon as its row is read (before the names are put on), for work that can start at once.
fn board_read<P: rusqlite::Params + Clone>(
    c: &Connection,
    filter: &str,
    params: P,
    mut seen: impl FnMut(&BoardOrder),
) -> Result<Vec<BoardOrder>> {
    let tx = c.unchecked_transaction()?;
    let mut orders = {
        // counted through the same index first, so the list is allocated once
        let count: i64 = tx
            .prepare_cached(&format!("SELECT COUNT(*) FROM orders o WHERE {filter}"))?
            .query_row(params.clone(), |r| r.get(0))?;
        let mut out = Vec::with_capacity(usize::try_from(count).unwrap_or(0));
        let mut st = tx.prepare_cached(&format!("{BOARD_SQL} WHERE {filter}"))?;
        let mut rows = st.query(params)?;
        while let Some(r) = rows.next()? {
            let o = board_from_row(r)?;
            seen(&o);
            out.push(o);
        }
        out
    };
    Names::default().fill(&tx, &mut orders)?;
    tx.commit()?;
    Ok(orders)
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
    /// Every order on the board (not closed): one read through the status index, then one
    /// lookup per customer, delivery point and wave named.
    pub fn board_orders(&self) -> Result<Vec<BoardOrder>> {
        self.board_orders_each(|_| {})
    }

    /// [`Store::board_orders`], meeting each order as soon as its row is read (without its
    /// names yet): the board works out deadlines on another thread while the read goes on.
    pub fn board_orders_each(&self, seen: impl FnMut(&BoardOrder)) -> Result<Vec<BoardOrder>> {
        let list = board_status_list();
        board_read(self.conn(), &format!("o.status IN ({list})"), [], seen)
    }

    /// Orders changed at or after `since` (a stored timestamp), whatever their status: the
    /// board updates just these (an order that left the board is removed). Through the
    /// `updated_at` index, so the cost follows the changes, not the size of the file.
    pub fn board_changes_since(&self, since: &str) -> Result<Vec<BoardOrder>> {
        board_read(self.conn(), "o.updated_at >= ?1", [since], |_| {})
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
        Ok(board_read(self.conn(), "o.id = ?1", [id], |_| {})?.pop())
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

    /// The same waves as [`Store::open_waves`], for a caller that already holds the orders and
    /// has counted them: `counts` pairs a wave with how many of its orders are in work
    /// (released to packed). One lookup per wave instead of a read through every open order.
    pub fn waves_counted(&self, counts: &[(i64, i64)]) -> Result<Vec<WaveRow>> {
        let mut st = self
            .conn()
            .prepare_cached("SELECT number, status, version FROM waves WHERE id = ?1")?;
        let mut out = Vec::with_capacity(counts.len());
        for &(id, orders) in counts {
            let row = st
                .query_row([id], |r| {
                    Ok(WaveRow {
                        id,
                        number: r.get(0)?,
                        status: OrderStatus::parse(text(r, 1)?).unwrap_or_default(),
                        orders,
                        version: r.get(2)?,
                    })
                })
                .opt()?;
            out.extend(row);
        }
        out.sort_by(|a, b| a.number.cmp(&b.number));
        Ok(out)
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

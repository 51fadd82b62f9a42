//! What printing reads and records: picking lists of an order or a wave in walking order, the
//! boxes of an order with their SSCCs, box labels, location and product labels, the log of
//! prints, and the printing settings. The PDF/ZPL layouts in `crate::print` take the plain
//! structs of this module and never see SQL.
//!
//! SSCCs are never reused: re-planning an order with fewer boxes voids the extra boxes (their
//! rows stay, with `voided_at`), and new boxes always take fresh serials from the `sscc` counter.

use super::settings::keys::{COMPANY_ADDRESS, COMPANY_NAME};
use super::{OptionalExt, Stamp, Store, audit, next_counter};
use crate::domain::FieldError;
use crate::domain::boxes::{BoxLine, PlannedBox, plan_boxes};
use crate::domain::order::OrderStatus;
use crate::domain::sscc::{Gs1Prefix, sscc};
use crate::error::{Error, Result};
use rusqlite::{Connection, Row, params};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Settings keys of printing.
pub mod keys {
    /// [`Gs1Prefix`](crate::domain::sscc::Gs1Prefix): extension digit and company prefix.
    pub const GS1_PREFIX: &str = "gs1.prefix";
    /// [`PrintSettings`](super::PrintSettings).
    pub const PRINT_SETTINGS: &str = "print.settings";
}

/// The most boxes one order may have (a typing slip of 1000 boxes is refused).
pub const MAX_BOXES: usize = 999;

// ---------------------------------------------------------------------------------------------
// plain data for the layouts

/// The head of a picking list (and of each order of a wave).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickingHeader {
    pub order_id: i64,
    pub number: String,
    pub customer_code: String,
    /// The customer's legal name.
    pub customer_name: String,
    /// Delivery point name; empty for self-pickup or when the order has none.
    pub delivery_point: String,
    /// Delivery point address; empty for self-pickup or when the order has none.
    pub address: String,
    pub route: String,
    pub self_pickup: bool,
    /// `YYYY-MM-DD`.
    pub wanted_date: Option<String>,
    pub status: OrderStatus,
    /// 0 normal, 1 high, 2 urgent.
    pub priority: i64,
    pub version: i64,
    pub comment: String,
    pub wave_number: Option<String>,
    /// Totals of the lines below (for a wave: of this order's lines).
    pub line_count: i64,
    pub total_units: i64,
    pub total_weight_g: i64,
}

/// One line to pick.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickingLine {
    pub order_number: String,
    pub line_no: i64,
    /// Storage location code such as `A-03-02-1`; `None` when the product is not placed.
    pub location: Option<String>,
    pub walk_sequence: Option<i64>,
    pub sku: String,
    pub product_name: String,
    pub ean13: Option<String>,
    pub quantity: i64,
    pub unit: String,
    pub units_per_box: i64,
    /// Weight of one unit, grams.
    pub weight_g: i64,
}

impl PickingLine {
    /// Full boxes and loose units of the quantity.
    pub fn boxes_and_loose(&self) -> (i64, i64) {
        crate::domain::product::boxes_and_loose(self.quantity, self.units_per_box)
    }
    /// Weight of the whole line, grams.
    pub fn line_weight_g(&self) -> i64 {
        self.quantity * self.weight_g
    }
}

/// A picking list of one order; lines in walking order (location walk sequence, location
/// code, SKU; products without a location last).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickingOrder {
    pub header: PickingHeader,
    pub lines: Vec<PickingLine>,
}

/// A picking list of a wave: its orders (by number) and all their lines in one walk (sorted as
/// for an order, then by order number); each line names its order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PickingWave {
    pub wave_id: i64,
    pub number: String,
    pub status: OrderStatus,
    pub note: String,
    pub orders: Vec<PickingHeader>,
    pub lines: Vec<PickingLine>,
}

/// A current box of an order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BoxRow {
    pub id: i64,
    pub order_id: i64,
    /// 1-based: "box `box_no` of n".
    pub box_no: i64,
    pub weight_g: i64,
    /// 18 digits with the check digit (print as `(00) …`, see `domain::sscc::sscc_hri`).
    pub sscc: String,
    pub created_at: String,
    pub created_by: String,
    pub printed_count: i64,
    pub last_printed_at: Option<String>,
    pub version: i64,
}

/// Everything a box label shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LabelOrder {
    pub order_id: i64,
    pub number: String,
    pub customer_code: String,
    /// The customer's legal name.
    pub consignee: String,
    /// Delivery point name (may be empty).
    pub delivery_point: String,
    /// Delivery point address, or the customer's legal address when the order has no
    /// delivery point (self-pickup).
    pub address: String,
    pub route: String,
    pub self_pickup: bool,
    /// `YYYY-MM-DD`.
    pub wanted_date: Option<String>,
    /// `YYYY-MM-DD`: the day it shipped when it has, else the wanted date.
    pub ship_date: Option<String>,
    pub wave_number: Option<String>,
    /// The sender: Settings → company name and address.
    pub sender_name: String,
    pub sender_address: String,
    /// The current boxes by `box_no`; "box n of m" has m = `boxes.len()`.
    pub boxes: Vec<BoxRow>,
}

impl LabelOrder {
    pub fn box_count(&self) -> usize {
        self.boxes.len()
    }
    pub fn total_weight_g(&self) -> i64 {
        self.boxes.iter().map(|b| b.weight_g).sum()
    }
}

/// What is printed (`print_jobs.kind`, and the keys of [`PrintSettings::printers`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum PrintKind {
    /// Picking lists (of an order or a wave).
    #[default]
    Picking,
    /// Box labels.
    Labels,
    /// Location barcodes.
    Locations,
    /// Product barcodes.
    Products,
    /// Claim acts (the answer to a claim).
    ClaimAct,
    /// Registries of documents handed over together.
    Registry,
    /// Certificate packs of an order.
    Certificates,
    /// Barcode stickers of registered documents (their register code).
    DocumentLabels,
}

impl PrintKind {
    pub const ALL: [PrintKind; 8] = [
        PrintKind::Picking,
        PrintKind::Labels,
        PrintKind::Locations,
        PrintKind::Products,
        PrintKind::ClaimAct,
        PrintKind::Registry,
        PrintKind::Certificates,
        PrintKind::DocumentLabels,
    ];
    pub fn code(self) -> &'static str {
        match self {
            PrintKind::Picking => "picking",
            PrintKind::Labels => "labels",
            PrintKind::Locations => "locations",
            PrintKind::Products => "products",
            PrintKind::ClaimAct => "claim_act",
            PrintKind::Registry => "registry",
            PrintKind::Certificates => "certificates",
            PrintKind::DocumentLabels => "document_labels",
        }
    }
    pub fn parse(code: &str) -> Option<PrintKind> {
        PrintKind::ALL.into_iter().find(|k| k.code() == code)
    }
}

/// A print to record.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PrintJob {
    pub kind: PrintKind,
    pub order_id: Option<i64>,
    pub wave_id: Option<i64>,
    /// What was in it, in words ("boxes 1-3 of 3", "A-01-01-1 … A-02-12-4").
    pub detail: String,
    pub pages: i64,
    /// The file written or the printer used.
    pub target: String,
    /// Box ids whose labels this job printed: marked printed in the same transaction.
    pub boxes: Vec<i64>,
}

/// A recorded print.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJobRow {
    pub id: i64,
    pub kind: PrintKind,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub wave_id: Option<i64>,
    pub wave_number: Option<String>,
    pub detail: String,
    pub pages: i64,
    pub target: String,
    pub printed_by: String,
    pub printed_at: String,
}

/// A product label.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProductLabel {
    pub sku: String,
    pub name: String,
    pub ean13: Option<String>,
    pub unit: String,
    pub location: Option<String>,
}

/// Where one kind of print goes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct PrinterChoice {
    /// Printer name as the system knows it; empty: save a PDF file instead.
    pub printer: String,
    /// Media: `A4`, or a label size such as `Custom.100x150mm`.
    pub media: String,
    /// Send ZPL (thermal label printers) instead of PDF.
    pub zpl: bool,
    /// Printer resolution for ZPL: 203, 300 or 600.
    pub dpi: u16,
}

impl Default for PrinterChoice {
    fn default() -> Self {
        PrinterChoice {
            printer: String::new(),
            media: "A4".into(),
            zpl: false,
            dpi: 203,
        }
    }
}

/// Printing settings (setting `print.settings`).
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct PrintSettings {
    /// Printing an order's picking list moves it from released into picking.
    pub picking_moves_to_picking: bool,
    /// By kind code (`picking`, `labels`, `locations`, `products`); a missing kind prints with
    /// [`PrinterChoice::default`].
    pub printers: BTreeMap<String, PrinterChoice>,
}

impl PrintSettings {
    /// The choice for a kind, or the default one.
    pub fn printer(&self, kind: PrintKind) -> PrinterChoice {
        self.printers.get(kind.code()).cloned().unwrap_or_default()
    }

    pub fn validate(&self) -> Result<(), FieldError> {
        for (kind, choice) in &self.printers {
            if PrintKind::parse(kind).is_none() {
                return Err(FieldError::new(
                    "print.printers",
                    format!(
                        "'{kind}' is not a kind of print ({})",
                        PrintKind::ALL.map(|k| k.code()).join(", ")
                    ),
                ));
            }
            if choice.media.trim().is_empty() {
                return Err(FieldError::new(
                    "print.media",
                    format!("{kind}: choose the paper or label size"),
                ));
            }
            if choice.zpl && !(100..=1200).contains(&choice.dpi) {
                return Err(FieldError::new(
                    "print.dpi",
                    format!(
                        "{kind}: {} dpi is not a label printer's resolution (203, 300, 600)",
                        choice.dpi
                    ),
                ));
            }
        }
        Ok(())
    }
}

// ---------------------------------------------------------------------------------------------
// queries

const HEADER_SQL: &str = "SELECT o.id, o.number, c.code, c.legal_name, COALESCE(d.name, ''), COALESCE(d.address, ''),
        COALESCE(d.route, ''), o.self_pickup, o.wanted_date, o.status, o.priority, o.version, o.comment, w.number
    FROM orders o
    JOIN customers c ON c.id = o.customer_id
    LEFT JOIN delivery_points d ON d.id = o.delivery_point_id
    LEFT JOIN waves w ON w.id = o.wave_id";

fn header_from_row(r: &Row) -> rusqlite::Result<PickingHeader> {
    Ok(PickingHeader {
        order_id: r.get(0)?,
        number: r.get(1)?,
        customer_code: r.get(2)?,
        customer_name: r.get(3)?,
        delivery_point: r.get(4)?,
        address: r.get(5)?,
        route: r.get(6)?,
        self_pickup: r.get(7)?,
        wanted_date: r.get(8)?,
        status: OrderStatus::parse(&r.get::<_, String>(9)?).unwrap_or_default(),
        priority: r.get(10)?,
        version: r.get(11)?,
        comment: r.get(12)?,
        wave_number: r.get(13)?,
        line_count: 0,
        total_units: 0,
        total_weight_g: 0,
    })
}

/// Walking order: placed products by walk sequence and code, unplaced ones last; then SKU and
/// the order (for waves).
const LINES_SQL: &str =
    "SELECT o.number, l.line_no, loc.code, loc.walk_sequence, p.sku, p.name, p.ean13, l.quantity,
        l.unit, p.units_per_box, p.weight_g
    FROM order_lines l
    JOIN orders o ON o.id = l.order_id
    JOIN products p ON p.id = l.product_id
    LEFT JOIN locations loc ON loc.id = p.location_id";
const LINES_ORDER: &str =
    "ORDER BY CASE WHEN loc.id IS NULL THEN 1 ELSE 0 END, loc.walk_sequence, loc.code, p.sku,
        o.number, l.line_no";

fn line_from_row(r: &Row) -> rusqlite::Result<PickingLine> {
    Ok(PickingLine {
        order_number: r.get(0)?,
        line_no: r.get(1)?,
        location: r.get(2)?,
        walk_sequence: r.get(3)?,
        sku: r.get(4)?,
        product_name: r.get(5)?,
        ean13: r.get(6)?,
        quantity: r.get(7)?,
        unit: r.get(8)?,
        units_per_box: r.get(9)?,
        weight_g: r.get(10)?,
    })
}

fn add_totals(h: &mut PickingHeader, lines: &[PickingLine]) {
    for l in lines.iter().filter(|l| l.order_number == h.number) {
        h.line_count += 1;
        h.total_units += l.quantity;
        h.total_weight_g += l.line_weight_g();
    }
}

const BOX_COLS: &str =
    "id, order_id, box_no, weight_g, sscc, created_at, created_by, printed_count, last_printed_at, version";

fn box_from_row(r: &Row) -> rusqlite::Result<BoxRow> {
    Ok(BoxRow {
        id: r.get(0)?,
        order_id: r.get(1)?,
        box_no: r.get(2)?,
        weight_g: r.get(3)?,
        sscc: r.get(4)?,
        created_at: r.get(5)?,
        created_by: r.get(6)?,
        printed_count: r.get(7)?,
        last_printed_at: r.get(8)?,
        version: r.get(9)?,
    })
}

fn order_not_found(id: i64) -> Error {
    Error::NotFound {
        entity: "order",
        key: id.to_string(),
    }
}

/// The order's number and status, or `NotFound`.
fn order_status_in(c: &Connection, order_id: i64) -> Result<(String, OrderStatus)> {
    let row: Option<(String, String)> = c
        .query_row(
            "SELECT number, status FROM orders WHERE id = ?1",
            [order_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .opt()?;
    let (number, status) = row.ok_or_else(|| order_not_found(order_id))?;
    Ok((number, OrderStatus::parse(&status).unwrap_or_default()))
}

fn current_boxes_in(c: &Connection, order_id: i64) -> Result<Vec<BoxRow>> {
    let mut st = c.prepare_cached(&format!(
        "SELECT {BOX_COLS} FROM boxes WHERE order_id = ?1 AND voided_at IS NULL ORDER BY box_no"
    ))?;
    let rows = st.query_map([order_id], box_from_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Reads one setting inside the caller's transaction (`None` when never set or unreadable).
pub(crate) fn setting_in<T: serde::de::DeserializeOwned>(c: &Connection, key: &str) -> Result<Option<T>> {
    let v: Option<String> = c
        .query_row("SELECT value FROM settings WHERE key = ?1", [key], |r| r.get(0))
        .opt()?;
    Ok(v.and_then(|s| serde_json::from_str(&s).ok()))
}

/// Writes one setting inside the caller's transaction (as `Store::set_setting` does).
pub fn put_setting_in<T: Serialize>(c: &Connection, key: &str, value: &T, stamp: &Stamp) -> Result<()> {
    let json = serde_json::to_string(value).map_err(|e| Error::msg(e.to_string()))?;
    c.execute(
        "INSERT INTO settings (key, value, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at,
             updated_by = excluded.updated_by",
        params![key, json, stamp.ts(), stamp.by],
    )?;
    audit(
        c,
        stamp,
        "settings",
        0,
        "update",
        serde_json::json!({ "key": key, "value": json }),
    )
}

/// Stores the GS1 prefix inside the caller's transaction (for demo data and imports).
pub fn set_gs1_prefix_in(c: &Connection, prefix: &Gs1Prefix, stamp: &Stamp) -> Result<()> {
    prefix.validate()?;
    put_setting_in(c, keys::GS1_PREFIX, prefix, stamp)
}

/// The GS1 prefix new SSCCs are made with: a clear error naming the setting when it is not set.
fn gs1_prefix_for_new_boxes(c: &Connection) -> Result<Gs1Prefix> {
    let prefix: Gs1Prefix = setting_in(c, keys::GS1_PREFIX)?.ok_or_else(|| {
        FieldError::new(
            keys::GS1_PREFIX,
            "the GS1 company prefix is not set: enter the extension digit and company prefix in \
             Settings → Printing before making box labels",
        )
    })?;
    prefix.validate().map_err(|e| {
        FieldError::new(
            keys::GS1_PREFIX,
            format!("the GS1 prefix in Settings is not valid ({e}): correct it before making box labels"),
        )
    })?;
    Ok(prefix)
}

/// Statuses whose orders have no boxes yet: not released to the warehouse, or cancelled.
fn boxes_allowed(status: OrderStatus) -> bool {
    !matches!(
        status,
        OrderStatus::Draft
            | OrderStatus::AwaitingConfirmation
            | OrderStatus::CreditHold
            | OrderStatus::Cancelled
    )
}

/// Gives the order exactly `weights_g.len()` current boxes (box `i + 1` weighs `weights_g[i]`)
/// inside the caller's transaction: existing boxes up to that number are kept (weight updated
/// when it changed), boxes above it are voided, missing ones are created with fresh SSCCs.
/// Also keeps `orders.total_boxes` for the board. Returns the current boxes.
pub fn assign_boxes_in(
    c: &Connection,
    order_id: i64,
    weights_g: &[i64],
    stamp: &Stamp,
) -> Result<Vec<BoxRow>> {
    if weights_g.is_empty() {
        return Err(FieldError::new("boxes", "an order has at least one box").into());
    }
    if weights_g.len() > MAX_BOXES {
        return Err(FieldError::new(
            "boxes",
            format!(
                "{} boxes is more than one order may have ({MAX_BOXES})",
                weights_g.len()
            ),
        )
        .into());
    }
    if let Some((i, w)) = weights_g.iter().enumerate().find(|(_, w)| **w < 0) {
        return Err(FieldError::new(
            "weight",
            format!("box {}: weight {w} g must not be negative", i + 1),
        )
        .into());
    }
    let (number, status) = order_status_in(c, order_id)?;
    if !boxes_allowed(status) {
        return Err(FieldError::new(
            "order",
            format!(
                "order {number} is '{}': boxes are made for orders released to the warehouse",
                status.code()
            ),
        )
        .into());
    }
    let n = weights_g.len() as i64;
    let ts = stamp.ts();
    let current = current_boxes_in(c, order_id)?;
    for b in &current {
        if b.box_no > n {
            let k = c.execute(
                "UPDATE boxes SET voided_at = ?1, updated_at = ?1, version = version + 1
                 WHERE id = ?2 AND version = ?3 AND voided_at IS NULL",
                params![ts, b.id, b.version],
            )?;
            if k == 0 {
                return Err(Error::Conflict {
                    entity: "box",
                    id: b.id,
                });
            }
            audit(
                c,
                stamp,
                "boxes",
                b.id,
                "update",
                serde_json::json!({ "voided_at": [null, ts], "order": number, "box_no": b.box_no, "sscc": b.sscc }),
            )?;
        } else {
            let w = weights_g[(b.box_no - 1) as usize];
            if w != b.weight_g {
                let k = c.execute(
                    "UPDATE boxes SET weight_g = ?1, updated_at = ?2, version = version + 1
                     WHERE id = ?3 AND version = ?4",
                    params![w, ts, b.id, b.version],
                )?;
                if k == 0 {
                    return Err(Error::Conflict {
                        entity: "box",
                        id: b.id,
                    });
                }
                audit(
                    c,
                    stamp,
                    "boxes",
                    b.id,
                    "update",
                    serde_json::json!({ "weight_g": [b.weight_g, w], "order": number, "box_no": b.box_no }),
                )?;
            }
        }
    }
    let missing: Vec<i64> = (1..=n)
        .filter(|no| !current.iter().any(|b| b.box_no == *no))
        .collect();
    if !missing.is_empty() {
        let prefix = gs1_prefix_for_new_boxes(c)?;
        let mut exists = c.prepare_cached("SELECT COUNT(*) FROM boxes WHERE sscc = ?1")?;
        let mut ins = c.prepare_cached(
            "INSERT INTO boxes (order_id, box_no, weight_g, sscc, created_at, created_by, printed_count,
                 updated_at, version)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?5, 1)",
        )?;
        for no in missing {
            // a serial already on a box (a counter restored from an old backup, a prefix changed
            // back) is skipped, never reused
            let code = loop {
                let serial = u64::try_from(next_counter(c, "sscc")?).unwrap_or(0);
                let code = sscc(&prefix, serial)?;
                if exists.query_row([&code], |r| r.get::<_, i64>(0))? == 0 {
                    break code;
                }
            };
            let w = weights_g[(no - 1) as usize];
            ins.execute(params![order_id, no, w, code, ts, stamp.by])?;
            let id = c.last_insert_rowid();
            audit(
                c,
                stamp,
                "boxes",
                id,
                "insert",
                serde_json::json!({ "order_id": order_id, "order": number, "box_no": no, "weight_g": w, "sscc": code }),
            )?;
        }
    }
    // the board's card shows the real number of boxes once they are made
    c.execute(
        "UPDATE orders SET total_boxes = ?1, updated_at = ?2 WHERE id = ?3 AND total_boxes <> ?1",
        params![n, ts, order_id],
    )?;
    current_boxes_in(c, order_id)
}

/// Counts a print of each box's label, inside the caller's transaction.
pub fn mark_printed_in(c: &Connection, box_ids: &[i64], stamp: &Stamp) -> Result<()> {
    let ts = stamp.ts();
    for id in box_ids {
        let row: Option<(i64, Option<String>, i64)> = c
            .query_row(
                "SELECT box_no, voided_at, printed_count FROM boxes WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .opt()?;
        let Some((box_no, voided, printed)) = row else {
            return Err(Error::NotFound {
                entity: "box",
                key: id.to_string(),
            });
        };
        if voided.is_some() {
            return Err(FieldError::new(
                "boxes",
                format!("box {box_no} was voided when its order was re-planned: print the current boxes"),
            )
            .into());
        }
        c.execute(
            "UPDATE boxes SET printed_count = printed_count + 1, last_printed_at = ?1, updated_at = ?1,
                 version = version + 1
             WHERE id = ?2",
            params![ts, id],
        )?;
        audit(
            c,
            stamp,
            "boxes",
            *id,
            "update",
            serde_json::json!({ "printed_count": [printed, printed + 1] }),
        )?;
    }
    Ok(())
}

/// Records a print (and counts the printed box labels) inside the caller's transaction.
pub fn record_print_in(c: &Connection, job: &PrintJob, stamp: &Stamp) -> Result<i64> {
    if job.pages < 0 {
        return Err(FieldError::new("pages", "must not be negative").into());
    }
    if let Some(id) = job.order_id {
        order_status_in(c, id)?;
    }
    if let Some(id) = job.wave_id {
        let found: Option<i64> = c
            .query_row("SELECT id FROM waves WHERE id = ?1", [id], |r| r.get(0))
            .opt()?;
        if found.is_none() {
            return Err(Error::NotFound {
                entity: "wave",
                key: id.to_string(),
            });
        }
    }
    c.execute(
        "INSERT INTO print_jobs (kind, order_id, wave_id, detail, pages, target, printed_by, printed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            job.kind.code(),
            job.order_id,
            job.wave_id,
            job.detail,
            job.pages,
            job.target,
            stamp.by,
            stamp.ts()
        ],
    )?;
    let id = c.last_insert_rowid();
    mark_printed_in(c, &job.boxes, stamp)?;
    Ok(id)
}

impl Store {
    /// The picking list of an order.
    pub fn picking_order(&self, order_id: i64) -> Result<PickingOrder> {
        let c = self.conn();
        let mut header = c
            .query_row(
                &format!("{HEADER_SQL} WHERE o.id = ?1"),
                [order_id],
                header_from_row,
            )
            .opt()?
            .ok_or_else(|| order_not_found(order_id))?;
        let mut st = c.prepare_cached(&format!("{LINES_SQL} WHERE l.order_id = ?1 {LINES_ORDER}"))?;
        let lines: Vec<PickingLine> = st
            .query_map([order_id], line_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        add_totals(&mut header, &lines);
        Ok(PickingOrder { header, lines })
    }

    /// The picking list of a wave: every order of it, every line of those orders in one walk.
    /// The id of the wave with this number.
    pub fn wave_by_number(&self, number: &str) -> Result<Option<i64>> {
        self.conn()
            .query_row("SELECT id FROM waves WHERE number = ?1", [number.trim()], |r| {
                r.get(0)
            })
            .opt()
    }

    pub fn picking_wave(&self, wave_id: i64) -> Result<PickingWave> {
        let c = self.conn();
        let (number, status, note): (String, String, String) = c
            .query_row(
                "SELECT number, status, note FROM waves WHERE id = ?1",
                [wave_id],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .opt()?
            .ok_or(Error::NotFound {
                entity: "wave",
                key: wave_id.to_string(),
            })?;
        let mut st = c.prepare_cached(&format!("{HEADER_SQL} WHERE o.wave_id = ?1 ORDER BY o.number"))?;
        let mut orders: Vec<PickingHeader> = st
            .query_map([wave_id], header_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        let mut st = c.prepare_cached(&format!("{LINES_SQL} WHERE o.wave_id = ?1 {LINES_ORDER}"))?;
        let lines: Vec<PickingLine> = st
            .query_map([wave_id], line_from_row)?
            .collect::<rusqlite::Result<_>>()?;
        for h in &mut orders {
            add_totals(h, &lines);
        }
        Ok(PickingWave {
            wave_id,
            number,
            status: OrderStatus::parse(&status).unwrap_or_default(),
            note,
            orders,
            lines,
        })
    }

    /// The current boxes of an order, by number.
    pub fn order_boxes(&self, order_id: i64) -> Result<Vec<BoxRow>> {
        order_status_in(self.conn(), order_id)?;
        current_boxes_in(self.conn(), order_id)
    }

    /// The default boxes of an order from its lines (see `domain::boxes`).
    pub fn plan_boxes(&self, order_id: i64) -> Result<Vec<PlannedBox>> {
        let c = self.conn();
        order_status_in(c, order_id)?;
        let mut st = c.prepare_cached(
            "SELECT p.sku, l.quantity, p.units_per_box, p.weight_g
             FROM order_lines l JOIN products p ON p.id = l.product_id
             WHERE l.order_id = ?1 ORDER BY l.line_no",
        )?;
        let lines: Vec<BoxLine> = st
            .query_map([order_id], |r| {
                Ok(BoxLine {
                    sku: r.get(0)?,
                    quantity: r.get(1)?,
                    units_per_box: r.get(2)?,
                    weight_g: r.get(3)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(plan_boxes(&lines))
    }

    /// Gives the order `weights_g.len()` boxes in one transaction (see [`assign_boxes_in`]):
    /// kept, voided, or new with fresh SSCCs. Refused as a whole when the GS1 prefix is not set
    /// and new boxes are needed. Returns the current boxes.
    pub fn assign_boxes(&mut self, order_id: i64, weights_g: &[i64], stamp: &Stamp) -> Result<Vec<BoxRow>> {
        self.write(|c| assign_boxes_in(c, order_id, weights_g, stamp))
    }

    /// What the box labels of an order show.
    pub fn label_order(&self, order_id: i64) -> Result<LabelOrder> {
        let c = self.conn();
        let h = c
            .query_row(
                &format!("{HEADER_SQL} WHERE o.id = ?1"),
                [order_id],
                header_from_row,
            )
            .opt()?
            .ok_or_else(|| order_not_found(order_id))?;
        let (legal_address, shipped_at): (String, Option<String>) = c.query_row(
            "SELECT c.legal_address, o.shipped_at FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.id = ?1",
            [order_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let ship_date = shipped_at
            .map(|s| s.chars().take(10).collect::<String>())
            .or_else(|| h.wanted_date.clone());
        Ok(LabelOrder {
            order_id,
            number: h.number,
            customer_code: h.customer_code,
            consignee: h.customer_name,
            delivery_point: h.delivery_point,
            address: if h.address.is_empty() {
                legal_address
            } else {
                h.address
            },
            route: h.route,
            self_pickup: h.self_pickup,
            wanted_date: h.wanted_date,
            ship_date,
            wave_number: h.wave_number,
            sender_name: self.setting(COMPANY_NAME)?.unwrap_or_default(),
            sender_address: self.setting(COMPANY_ADDRESS)?.unwrap_or_default(),
            boxes: current_boxes_in(c, order_id)?,
        })
    }

    /// Counts one more print of each box's label (one transaction).
    pub fn mark_printed(&mut self, box_ids: &[i64], stamp: &Stamp) -> Result<()> {
        self.write(|c| mark_printed_in(c, box_ids, stamp))
    }

    /// Records a print (and marks `job.boxes` printed) in one transaction; returns its id.
    pub fn record_print(&mut self, job: &PrintJob, stamp: &Stamp) -> Result<i64> {
        self.write(|c| record_print_in(c, job, stamp))
    }

    /// Records the prints of one document that served several orders (one row each, so each
    /// order's log shows it), all in one transaction: all or none.
    pub fn record_prints(&mut self, jobs: &[PrintJob], stamp: &Stamp) -> Result<Vec<i64>> {
        self.write(|c| jobs.iter().map(|job| record_print_in(c, job, stamp)).collect())
    }

    /// Prints of an order, and of the wave it is in, newest first.
    pub fn order_prints(&self, order_id: i64) -> Result<Vec<PrintJobRow>> {
        order_status_in(self.conn(), order_id)?;
        self.print_rows(
            "WHERE j.order_id = ?1 OR j.wave_id IN (SELECT wave_id FROM orders WHERE id = ?1)",
            order_id,
        )
    }

    /// The newest `limit` prints of any kind, newest first.
    pub fn print_log(&self, limit: i64) -> Result<Vec<PrintJobRow>> {
        self.print_rows(
            "WHERE j.id IN (SELECT id FROM print_jobs ORDER BY id DESC LIMIT ?1)",
            limit,
        )
    }

    fn print_rows(&self, filter: &str, arg: i64) -> Result<Vec<PrintJobRow>> {
        let mut st = self.conn().prepare_cached(&format!(
            "SELECT j.id, j.kind, j.order_id, o.number, j.wave_id, w.number, j.detail, j.pages, j.target,
                 j.printed_by, j.printed_at
             FROM print_jobs j
             LEFT JOIN orders o ON o.id = j.order_id
             LEFT JOIN waves w ON w.id = j.wave_id
             {filter}
             ORDER BY j.printed_at DESC, j.id DESC"
        ))?;
        let rows = st.query_map([arg], |r| {
            Ok(PrintJobRow {
                id: r.get(0)?,
                kind: PrintKind::parse(&r.get::<_, String>(1)?).unwrap_or_default(),
                order_id: r.get(2)?,
                order_number: r.get(3)?,
                wave_id: r.get(4)?,
                wave_number: r.get(5)?,
                detail: r.get(6)?,
                pages: r.get(7)?,
                target: r.get(8)?,
                printed_by: r.get(9)?,
                printed_at: r.get(10)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// The first and the last location in walking order, if there are any.
    pub fn location_bounds(&self) -> Result<Option<(String, String)>> {
        let c = self.conn();
        let first: Option<String> = c
            .query_row(
                "SELECT code FROM locations ORDER BY walk_sequence, code LIMIT 1",
                [],
                |r| r.get(0),
            )
            .opt()?;
        let last: Option<String> = c
            .query_row(
                "SELECT code FROM locations ORDER BY walk_sequence DESC, code DESC LIMIT 1",
                [],
                |r| r.get(0),
            )
            .opt()?;
        Ok(first.zip(last))
    }

    /// Location codes from `from_code` to `to_code` inclusive, in walking order (walk sequence,
    /// then code). The two may be given in either order; an unknown code is `NotFound`.
    pub fn locations_range(&self, from_code: &str, to_code: &str) -> Result<Vec<String>> {
        let c = self.conn();
        let key = |code: &str| -> Result<(i64, String)> {
            let code = code.trim();
            let find = |sql: &str| -> Result<Option<(i64, String)>> {
                c.query_row(sql, [code], |r| Ok((r.get(0)?, r.get(1)?))).opt()
            };
            // exact first; then the same code typed in another case
            let found = match find("SELECT walk_sequence, code FROM locations WHERE code = ?1")? {
                Some(k) => Some(k),
                None => find(
                    "SELECT walk_sequence, code FROM locations WHERE UPPER(code) = UPPER(?1)
                     ORDER BY code LIMIT 1",
                )?,
            };
            found.ok_or_else(|| Error::NotFound {
                entity: "location",
                key: code.to_string(),
            })
        };
        let (mut a, mut b) = (key(from_code)?, key(to_code)?);
        if a > b {
            std::mem::swap(&mut a, &mut b);
        }
        let mut st = c.prepare_cached(
            "SELECT code FROM locations
             WHERE (walk_sequence > ?1 OR (walk_sequence = ?1 AND code >= ?2))
               AND (walk_sequence < ?3 OR (walk_sequence = ?3 AND code <= ?4))
             ORDER BY walk_sequence, code",
        )?;
        let rows = st.query_map(params![a.0, a.1, b.0, b.1], |r| r.get(0))?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Products by SKU for product labels, in the order given (a SKU given twice comes twice);
    /// an unknown SKU is `NotFound`.
    pub fn products_for_labels(&self, skus: &[&str]) -> Result<Vec<ProductLabel>> {
        let mut st = self.conn().prepare_cached(
            "SELECT p.sku, p.name, p.ean13, p.unit, loc.code
             FROM products p LEFT JOIN locations loc ON loc.id = p.location_id WHERE p.sku = ?1",
        )?;
        skus.iter()
            .map(|sku| {
                st.query_row([sku.trim()], product_label_from_row)
                    .opt()?
                    .ok_or_else(|| Error::NotFound {
                        entity: "product",
                        key: sku.trim().to_string(),
                    })
            })
            .collect()
    }

    /// Products whose SKU, name or EAN contain `query` (any case; empty: all), by SKU,
    /// for product labels. `limit` 0 means no limit.
    pub fn products_for_labels_matching(&self, query: &str, limit: usize) -> Result<Vec<ProductLabel>> {
        let rows = self.products(query, limit)?;
        Ok(rows
            .into_iter()
            .map(|p| ProductLabel {
                sku: p.sku,
                name: p.name,
                ean13: Some(p.ean13).filter(|e| !e.is_empty()),
                unit: p.unit,
                location: Some(p.location).filter(|l| !l.is_empty()),
            })
            .collect())
    }

    /// The GS1 prefix SSCCs are made with, if set.
    pub fn gs1_prefix(&self) -> Result<Option<Gs1Prefix>> {
        self.setting(keys::GS1_PREFIX)
    }

    /// Sets the GS1 prefix (validated; one transaction).
    pub fn set_gs1_prefix(&mut self, prefix: &Gs1Prefix, stamp: &Stamp) -> Result<()> {
        self.write(|c| set_gs1_prefix_in(c, prefix, stamp))
    }

    /// The printing settings (defaults when never set).
    pub fn print_settings(&self) -> Result<PrintSettings> {
        Ok(self.setting(keys::PRINT_SETTINGS)?.unwrap_or_default())
    }

    /// Stores the printing settings (validated; one transaction).
    pub fn set_print_settings(&mut self, settings: &PrintSettings, stamp: &Stamp) -> Result<()> {
        settings.validate()?;
        self.write(|c| put_setting_in(c, keys::PRINT_SETTINGS, settings, stamp))
    }
}

fn product_label_from_row(r: &Row) -> rusqlite::Result<ProductLabel> {
    Ok(ProductLabel {
        sku: r.get(0)?,
        name: r.get(1)?,
        ean13: r.get(2)?,
        unit: r.get(3)?,
        location: r.get(4)?,
    })
}

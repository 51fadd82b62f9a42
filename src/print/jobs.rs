//! From the database to the layouts: builds picking-list and label data from the store, and
//! records what was printed. Shared by the CLI and the UI so both print the same thing.

use super::labels::BoxLabel;
use super::picking::{PickLine, PickMode, PickingDoc};
use crate::domain::order::{Move, OrderStatus};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::store::printing::{PickingHeader, PickingLine};
use crate::store::{Stamp, Store};

/// "2026-11-23 10:42 · Ольга": when and by whom, in local time.
pub fn printed_line(user: &str) -> String {
    format!("{} · {user}", chrono::Local::now().format("%Y-%m-%d %H:%M"))
}

fn pick_line(l: &PickingLine) -> PickLine {
    PickLine::new(
        &l.order_number,
        l.location.as_deref().unwrap_or("—"),
        &l.sku,
        &l.product_name,
        l.quantity,
        &l.unit,
        l.units_per_box,
        l.weight_g,
    )
}

fn delivery_of(h: &PickingHeader) -> String {
    if h.self_pickup {
        return tr("Self-pickup").to_owned();
    }
    [h.delivery_point.as_str(), h.address.as_str()]
        .iter()
        .filter(|s| !s.trim().is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
}

/// The picking list of one order.
pub fn order_picking(store: &Store, order_id: i64, user: &str) -> Result<PickingDoc> {
    let o = store.picking_order(order_id)?;
    let h = &o.header;
    Ok(PickingDoc {
        wave: false,
        number: h.number.clone(),
        customers: h.customer_name.clone(),
        delivery: delivery_of(h),
        route: h.route.clone(),
        wanted: h.wanted_date.clone().unwrap_or_default(),
        printed: printed_line(user),
        extra: if h.comment.trim().is_empty() {
            Vec::new()
        } else {
            vec![(tr("Comment").to_owned(), h.comment.clone())]
        },
        lines: o.lines.iter().map(pick_line).collect(),
        mode: PickMode::Lines,
    })
}

/// The picking list of a wave.
pub fn wave_picking(store: &Store, wave_id: i64, mode: PickMode, user: &str) -> Result<PickingDoc> {
    let w = store.picking_wave(wave_id)?;
    let mut customers: Vec<&str> = w.orders.iter().map(|o| o.customer_name.as_str()).collect();
    customers.sort_unstable();
    customers.dedup();
    let mut routes: Vec<&str> = w
        .orders
        .iter()
        .map(|o| o.route.as_str())
        .filter(|r| !r.is_empty())
        .collect();
    routes.sort_unstable();
    routes.dedup();
    let mut wanted: Vec<&str> = w.orders.iter().filter_map(|o| o.wanted_date.as_deref()).collect();
    wanted.sort_unstable();
    wanted.dedup();
    let deliveries: Vec<String> = w.orders.iter().map(delivery_of).collect();
    let mut deliveries: Vec<&str> = deliveries.iter().map(String::as_str).collect();
    deliveries.sort_unstable();
    deliveries.dedup();
    Ok(PickingDoc {
        wave: true,
        number: w.number.clone(),
        customers: format!("{} {}: {}", w.orders.len(), tr("orders"), customers.join("; ")),
        delivery: deliveries.join("; "),
        route: routes.join(", "),
        wanted: wanted.join(", "),
        printed: printed_line(user),
        extra: if w.note.trim().is_empty() {
            Vec::new()
        } else {
            vec![(tr("Note").to_owned(), w.note.clone())]
        },
        lines: w.lines.iter().map(pick_line).collect(),
        mode,
    })
}

/// The current boxes of an order as labels; when the order has no boxes yet, the planned
/// boxes are assigned first (one transaction, fresh SSCCs).
pub fn order_labels(store: &mut Store, order_id: i64, stamp: &Stamp) -> Result<Vec<(i64, BoxLabel)>> {
    let mut o = store.label_order(order_id)?;
    if o.boxes.is_empty() {
        let weights: Vec<i64> = store.plan_boxes(order_id)?.iter().map(|b| b.weight_g).collect();
        store.assign_boxes(order_id, &weights, stamp)?;
        o = store.label_order(order_id)?;
    }
    let count = o.boxes.len() as u32;
    let address = o.address.clone();
    let consignee = if o.delivery_point.trim().is_empty() || o.delivery_point == o.consignee {
        o.consignee.clone()
    } else {
        format!("{} — {}", o.consignee, o.delivery_point)
    };
    Ok(o.boxes
        .iter()
        .map(|b| {
            (
                b.id,
                BoxLabel {
                    sender: o.sender_name.clone(),
                    sender_address: o.sender_address.clone(),
                    consignee: consignee.clone(),
                    address: address.clone(),
                    order_no: o.number.clone(),
                    route: o.route.clone(),
                    box_no: b.box_no as u32,
                    box_count: count,
                    weight_g: b.weight_g,
                    date: o.ship_date.clone().unwrap_or_default(),
                    sscc: b.sscc.clone(),
                },
            )
        })
        .collect())
}

/// After a picking list is printed: released orders of `order_ids` move into picking with
/// `picker` named, when Settings say so. Returns how many moved. Orders in other states are
/// left as they are.
pub fn start_picking(store: &mut Store, order_ids: &[i64], picker: &str, stamp: &Stamp) -> Result<usize> {
    if picker.trim().is_empty() {
        return Err(Error::msg(tr(
            "Name the picker to move the printed orders into picking",
        )));
    }
    let mut moves = Vec::new();
    for &id in order_ids {
        let o = store.picking_order(id)?;
        if o.header.status == OrderStatus::Released {
            moves.push(Move {
                id,
                to: OrderStatus::Picking,
                version: o.header.version,
                note: tr("picking list printed").to_owned(),
                person: Some(picker.trim().to_owned()),
                credit_override: None,
            });
        }
    }
    store.move_orders(&moves, stamp)?;
    Ok(moves.len())
}

/// Where a one-off document (registry, certificate pack, document stickers, claim act) goes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Opened in the system's PDF viewer.
    Viewer,
    /// The printer chosen for the kind in Settings → Printing (an error when none is chosen).
    Printer,
    /// Saved at this path.
    File(std::path::PathBuf),
}

/// Delivers a finished document of `kind` and records it in the print log, in one step for
/// the CLI and the panels. Returns the delivery in words.
#[allow(clippy::too_many_arguments)]
pub fn deliver_document(
    store: &mut Store,
    kind: crate::store::PrintKind,
    pdf: &super::pdf::Pdf,
    title: &str,
    order_id: Option<i64>,
    detail: &str,
    dest: &Destination,
    stamp: &Stamp,
) -> Result<String> {
    use super::output::{Payload, Target, deliver};
    let target = match dest {
        Destination::Viewer => Target::Viewer,
        Destination::File(p) => Target::File(p.clone()),
        Destination::Printer => {
            let choice = store.print_settings()?.printer(kind);
            Target::printer(&choice).ok_or_else(|| {
                Error::msg("no printer chosen for this document: choose one in Settings → Printing")
            })?
        }
    };
    let delivered = deliver(&Payload::Pdf(pdf.bytes.clone()), &target, title)?;
    let target_words = match (&delivered.path, &target) {
        (_, Target::Printer { name, .. }) => name.clone(),
        (Some(p), _) => p.display().to_string(),
        (None, _) => String::new(),
    };
    store.record_print(
        &crate::store::PrintJob {
            kind,
            order_id,
            wave_id: None,
            detail: detail.to_string(),
            pages: pdf.pages as i64,
            target: target_words,
            boxes: Vec::new(),
        },
        stamp,
    )?;
    Ok(delivered.description)
}

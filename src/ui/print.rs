//! Printing from the desk: the print dialog (what, label size, format, destination), the box
//! editor before labels, and the worker thread that lays documents out and delivers them.
//!
//! The store stays on the UI thread. The dialog reads from it; every write is an [`Action`]
//! carried out by `DeskApp::apply`. To print, `apply` builds the documents' plain data from the
//! store ([`build`]: fast; box labels may assign boxes first) and hands it to a worker thread
//! ([`spawn`]), which lays out the PDF or ZPL and delivers it, reporting through one
//! `Arc<Progress>` per document. Each delivered document is recorded back on the UI thread.

use super::{Action, Route, theme, widgets};
use crate::domain::certificate::parse_sku_list;
use crate::domain::decimal::{format_fixed, parse_fixed};
use crate::domain::order::OrderStatus;
use crate::domain::sscc::{Gs1Prefix, sscc_hri};
use crate::error::Error;
use crate::i18n::{self, status_label, tr};
use crate::print::Progress;
use crate::print::jobs;
use crate::print::labels::{BoxLabel, LabelSize, labels_pdf};
use crate::print::output::{self, Delivered, Payload, Target};
use crate::print::picking::{PickMode, PickingDoc, picking_pdf_all};
use crate::print::warehouse::{self, ProductTag};
use crate::store::printing::MAX_BOXES;
use crate::store::{BoxRow, PrintJob, PrintKind, PrintSettings, PrinterChoice, Stamp, Store};
use egui::{Key, RichText, Ui};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

// ---------------------------------------------------------------------------------------------
// what the dialog asks for

/// An order to print for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderRef {
    pub id: i64,
    pub number: String,
}

/// What the dialog prints for: one or several orders, a wave (all its orders), or labels for
/// the warehouse itself (the products panel opens those).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Subject {
    Orders(Vec<OrderRef>),
    Wave {
        id: i64,
        number: String,
    },
    /// Location labels for a range of storage locations in walking order.
    Locations {
        from: String,
        to: String,
    },
    /// Product labels for these SKUs.
    Products {
        skus: Vec<String>,
    },
}

impl Subject {
    pub fn order(id: i64, number: impl Into<String>) -> Subject {
        Subject::Orders(vec![OrderRef {
            id,
            number: number.into(),
        }])
    }
}

/// Which documents the dialog opens with ticked.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum What {
    Picking,
    Labels,
    Both,
}

/// Where the documents go.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Destination {
    /// Each kind of document to its printer in Settings; a kind without one opens in the viewer.
    Printer,
    Viewer,
    /// Saved at this path; several documents get their title added to the name.
    File(PathBuf),
}

/// Box labels to print.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelRequest {
    pub size: LabelSize,
    /// ZPL at this resolution instead of PDF (thermal sizes only).
    pub zpl_dpi: Option<u16>,
    /// Only these boxes (a reprint); `None`: every current box.
    pub only: Option<Vec<i64>>,
    /// Give the order these box weights first (one order, from the box editor).
    pub save_first: Option<Vec<i64>>,
}

/// Location or product labels to print.
#[derive(Debug, Clone, PartialEq)]
pub enum ShelfRequest {
    /// The locations from one code to another, in walking order.
    Locations {
        from: String,
        to: String,
        size: LabelSize,
    },
    /// Each SKU's label `copies` times.
    Products {
        skus: Vec<String>,
        copies: usize,
        size: LabelSize,
    },
}

/// A print asked for in the dialog.
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    pub subject: Subject,
    /// The picking list, laid out this way (a wave's; single orders print by lines).
    pub picking: Option<PickMode>,
    pub labels: Option<LabelRequest>,
    /// Location or product labels.
    pub shelf: Option<ShelfRequest>,
    pub destination: Destination,
}

/// What printing asks the app to do.
#[derive(Debug, Clone)]
pub enum PrintAction {
    /// Opens the print dialog.
    Open {
        subject: Subject,
        what: What,
    },
    /// Gives an order exactly these boxes (weights in grams), one transaction.
    SaveBoxes {
        order_id: i64,
        weights_g: Vec<i64>,
    },
    /// Builds the documents from the store and starts the worker.
    Start(Request),
    /// A document was delivered: record it (one row per order or wave it served, in one
    /// transaction).
    Record {
        jobs: Vec<PrintJob>,
        message: String,
    },
    /// A line for the status bar.
    Notice {
        text: String,
        error: bool,
    },
    /// Moves the released orders among these into picking, with the picker named.
    StartPicking {
        order_ids: Vec<i64>,
        picker: String,
    },
    SaveGs1(Gs1Prefix),
    SaveSettings(PrintSettings),
}

/// What a printing write did.
pub(super) enum Written {
    Boxes(String),
    Recorded(String),
    Moved(String),
    Settings,
}

/// Carries out a printing write through the store (called by `DeskApp::apply`).
pub(super) fn write(store: &mut Store, action: PrintAction, stamp: &Stamp) -> crate::Result<Written> {
    match action {
        PrintAction::SaveBoxes { order_id, weights_g } => {
            let boxes = store.assign_boxes(order_id, &weights_g, stamp)?;
            Ok(Written::Boxes(format!(
                "{}: {} {}",
                tr("Boxes saved"),
                boxes.len(),
                tr("boxes")
            )))
        }
        PrintAction::Record { jobs, message } => {
            store.record_prints(&jobs, stamp)?;
            Ok(Written::Recorded(message))
        }
        PrintAction::StartPicking { order_ids, picker } => {
            let n = jobs::start_picking(store, &order_ids, &picker, stamp)?;
            Ok(Written::Moved(format!(
                "{n} {} → {} ({})",
                tr("order(s)"),
                status_label(OrderStatus::Picking),
                picker.trim()
            )))
        }
        PrintAction::SaveGs1(prefix) => {
            store.set_gs1_prefix(&prefix, stamp)?;
            Ok(Written::Settings)
        }
        PrintAction::SaveSettings(settings) => {
            store.set_print_settings(&settings, stamp)?;
            Ok(Written::Settings)
        }
        PrintAction::Open { .. } | PrintAction::Start(_) | PrintAction::Notice { .. } => {
            Err(Error::msg("not a write"))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// settings helpers

/// The printer setting of a kind; a kind never set prints on A4 (lists) or 100×150 mm (labels).
pub fn choice(settings: &PrintSettings, kind: PrintKind) -> PrinterChoice {
    settings
        .printers
        .get(kind.code())
        .cloned()
        .unwrap_or_else(|| PrinterChoice {
            media: default_media(kind).into(),
            ..Default::default()
        })
}

pub fn default_media(kind: PrintKind) -> &'static str {
    match kind {
        PrintKind::Picking | PrintKind::ClaimAct | PrintKind::Registry | PrintKind::Certificates => "A4",
        PrintKind::DocumentLabels | PrintKind::Products => "Custom.58x40mm",
        PrintKind::Locations => "A4",
        _ => "Custom.100x150mm",
    }
}

/// The label size a media name stands for (`A4`, `Custom.100x150mm`…), if any.
pub fn size_of_media(media: &str) -> Option<LabelSize> {
    LabelSize::ALL.into_iter().find(|s| {
        let (w, h) = s.page_mm();
        output::media_for_mm(w, h).eq_ignore_ascii_case(media.trim())
    })
}

/// A label size in words.
pub fn size_label(size: LabelSize) -> &'static str {
    match size {
        LabelSize::L100x150 => "100 × 150 mm",
        LabelSize::L100x100 => "100 × 100 mm",
        LabelSize::L58x40 => "58 × 40 mm",
        LabelSize::A4 => tr("A4 sheet, 8 labels"),
    }
}

/// A kind of document in words.
pub fn kind_label(kind: PrintKind) -> &'static str {
    match kind {
        PrintKind::Picking => tr("Picking lists"),
        PrintKind::Labels => tr("Box labels"),
        PrintKind::Locations => tr("Location labels"),
        PrintKind::Products => tr("Product labels"),
        PrintKind::ClaimAct => tr("Claim acts"),
        PrintKind::Registry => tr("Registries"),
        PrintKind::Certificates => tr("Certificate packs"),
        PrintKind::DocumentLabels => tr("Document barcodes"),
    }
}

/// Thermal label stock (ZPL can print it); an A4 sheet is not.
pub fn thermal(size: LabelSize) -> bool {
    size != LabelSize::A4
}

/// Grams as kg text for editing: `12500` → `12.5`, `440` → `0.44`.
pub fn kg_text(grams: i64) -> String {
    let s = format_fixed(grams, 3);
    s.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// A weight typed in kg (comma or point, up to 3 decimals) in grams.
pub fn parse_kg(text: &str) -> Result<i64, String> {
    match parse_fixed(text, 3) {
        Ok(g) if g >= 0 => Ok(g),
        _ => Err(format!(
            "«{}» {}",
            text.trim(),
            tr("is not a weight in kg such as 12.5")
        )),
    }
}

/// A stored UTC time in local time, minutes.
fn local_time(ts: &str) -> String {
    crate::store::parse_ts(ts)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| ts.to_string())
}

// ---------------------------------------------------------------------------------------------
// documents: built on the UI thread, laid out and delivered on the worker

/// A document's plain data.
#[derive(Debug, Clone)]
pub enum Document {
    /// Picking lists, one after another in one file: one order's or a wave's, or those of the
    /// orders chosen together (each starts on a new page with its own header and numbering).
    Picking(Vec<PickingDoc>),
    Labels {
        labels: Vec<BoxLabel>,
        size: LabelSize,
        zpl_dpi: Option<u16>,
        /// How many of `labels` belong to each of the part's jobs, in order (several orders'
        /// labels in one file); empty when the part has one job.
        groups: Vec<usize>,
    },
    Locations {
        codes: Vec<String>,
        size: LabelSize,
    },
    Products {
        tags: Vec<ProductTag>,
        size: LabelSize,
    },
}

/// One document to print: its data, where it goes, and what to record once delivered.
#[derive(Debug, Clone)]
pub struct Part {
    /// "Picking list 2026-000042": names the job on the printer and the file.
    pub title: String,
    pub document: Document,
    pub target: Target,
    /// Recorded when delivered (pages and target filled in then): one per order or wave the
    /// document serves, in the document's order.
    pub jobs: Vec<PrintJob>,
    /// The orders on a picking list (they may move into picking once it is printed).
    pub picking_orders: Vec<i64>,
}

/// A laid-out document.
pub struct Rendered {
    pub payload: Payload,
    /// Pages (labels, for ZPL) in all.
    pub pages: usize,
    /// Pages of each section (each picking list, each order's labels), in order.
    pub sections: Vec<usize>,
}

/// Pages each group of labels takes: one label a page on thermal sizes and in ZPL; on A4
/// sheets, the sheets that carry any of the group's labels.
fn label_sections(groups: &[usize], size: LabelSize, zpl: bool) -> Vec<usize> {
    let per = if zpl { 1 } else { size.per_page().max(1) };
    let mut start = 0;
    groups
        .iter()
        .map(|&n| {
            let pages = if n == 0 {
                0
            } else {
                (start + n - 1) / per - start / per + 1
            };
            start += n;
            pages
        })
        .collect()
}

/// Lays a document out.
pub fn render(document: &Document, title: &str, progress: &Progress) -> crate::Result<Rendered> {
    match document {
        Document::Picking(docs) => {
            let (pdf, sections) = picking_pdf_all(docs, title, progress)?;
            Ok(Rendered {
                payload: Payload::Pdf(pdf.bytes),
                pages: pdf.pages,
                sections,
            })
        }
        Document::Labels {
            labels,
            size,
            zpl_dpi,
            groups,
        } => {
            let groups = if groups.is_empty() {
                vec![labels.len()]
            } else {
                groups.clone()
            };
            let (payload, pages) = match zpl_dpi {
                Some(dpi) => {
                    let zpl = crate::print::zpl::labels_zpl(labels, *size, *dpi, progress)?;
                    (Payload::Zpl(zpl), labels.len())
                }
                None => {
                    let pdf = labels_pdf(labels, *size, progress)?;
                    (Payload::Pdf(pdf.bytes), pdf.pages)
                }
            };
            Ok(Rendered {
                payload,
                pages,
                sections: label_sections(&groups, *size, zpl_dpi.is_some()),
            })
        }
        Document::Locations { codes, size } => {
            let pdf = warehouse::locations_pdf(codes, *size, progress)?;
            Ok(Rendered {
                sections: vec![pdf.pages],
                pages: pdf.pages,
                payload: Payload::Pdf(pdf.bytes),
            })
        }
        Document::Products { tags, size } => {
            let pdf = warehouse::products_pdf(tags, *size, progress)?;
            Ok(Rendered {
                sections: vec![pdf.pages],
                pages: pdf.pages,
                payload: Payload::Pdf(pdf.bytes),
            })
        }
    }
}

/// What a delivered part reports: where it went, its pages in all and per section.
pub struct Produced {
    pub delivered: Delivered,
    pub pages: usize,
    pub sections: Vec<usize>,
}

/// Lays out and delivers one document: the worker's job for each part. Cancelled (through
/// `progress`) before delivery, nothing leaves the desk.
pub fn produce(part: &Part, progress: &Progress) -> crate::Result<Produced> {
    progress.check()?;
    let r = render(&part.document, &part.title, progress)?;
    progress.check()?;
    let delivered = output::deliver(&r.payload, &part.target, &part.title)?;
    Ok(Produced {
        delivered,
        pages: r.pages,
        sections: r.sections,
    })
}

/// The jobs to record for a delivered part: each with its own pages (the whole document's
/// when there is one job) and the target.
fn finished_jobs(jobs: &[PrintJob], produced: &Produced, target: &str) -> Vec<PrintJob> {
    jobs.iter()
        .enumerate()
        .map(|(i, job)| {
            let pages = if jobs.len() == 1 {
                produced.pages
            } else {
                produced.sections.get(i).copied().unwrap_or(0)
            };
            PrintJob {
                pages: pages as i64,
                target: target.to_string(),
                ..job.clone()
            }
        })
        .collect()
}

/// What the file of a document is called when several are saved from one path: the title is
/// added to the name (`wave.pdf` → `wave - Box labels W-0003.pdf`); a folder gets the title.
fn file_for(path: &Path, title: &str, several: bool) -> PathBuf {
    let name = output::sanitize_file_name(title);
    if path.is_dir() {
        return path.join(format!("{name}.pdf"));
    }
    if !several {
        return path.to_path_buf();
    }
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let ext = path
        .extension()
        .map(|e| e.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pdf".into());
    path.with_file_name(format!("{stem} - {name}.{ext}"))
}

/// Where a kind of document goes.
fn target_for(
    destination: &Destination,
    settings: &PrintSettings,
    kind: PrintKind,
    size: Option<LabelSize>,
) -> Target {
    match destination {
        Destination::Viewer => Target::Viewer,
        Destination::File(p) => Target::File(p.clone()),
        Destination::Printer => {
            let c = choice(settings, kind);
            if c.printer.trim().is_empty() {
                return Target::Viewer;
            }
            // labels of another size than the printer's media: ask for that size
            let media = match size {
                Some(s) if size_of_media(&c.media) != Some(s) => {
                    let (w, h) = s.page_mm();
                    output::media_for_mm(w, h)
                }
                _ => c.media.trim().to_string(),
            };
            Target::Printer {
                name: c.printer.trim().to_string(),
                media,
            }
        }
    }
}

/// "boxes 1–3 of 3", "boxes 2 of 3", "boxes 1, 3 of 3".
fn boxes_detail(numbers: &[u32], count: u32) -> String {
    let list = match numbers {
        [] => String::new(),
        [one] => one.to_string(),
        _ if numbers.windows(2).all(|w| w[1] == w[0] + 1) => {
            format!("{}–{}", numbers[0], numbers[numbers.len() - 1])
        }
        _ => numbers.iter().map(u32::to_string).collect::<Vec<_>>().join(", "),
    };
    format!("{} {list} {} {count}", tr("boxes"), tr("of"))
}

/// "Picking list 2026-000042" for one order, "Picking lists · 3 orders" for several.
fn part_title(one: &str, several: &str, numbers: &[&str]) -> String {
    match numbers {
        [number] => format!("{one} {number}"),
        _ => format!("{several} · {} {}", numbers.len(), tr("orders")),
    }
}

fn picking_detail(doc: &PickingDoc) -> String {
    let lines = format!("{} {}", doc.lines.len(), tr("lines"));
    if doc.wave && doc.mode == PickMode::Consolidated {
        format!("{}, {lines}", tr("consolidated + split by order"))
    } else {
        lines
    }
}

/// Builds the documents of a request from the store (on the UI thread). Box labels of orders
/// without boxes assign them first (the editor's weights, or the planned ones); `wrote` says
/// whether anything was written, even when a later step fails.
pub fn build(store: &mut Store, req: &Request, stamp: &Stamp, wrote: &mut bool) -> crate::Result<Vec<Part>> {
    let settings = store.print_settings()?;
    let mut parts = Vec::new();
    if let Some(mode) = req.picking {
        let target = target_for(&req.destination, &settings, PrintKind::Picking, None);
        match &req.subject {
            Subject::Orders(orders) => {
                // the orders chosen together print as one file, each list on its own pages
                let mut docs = Vec::with_capacity(orders.len());
                let mut jobs = Vec::with_capacity(orders.len());
                for o in orders {
                    let doc = jobs::order_picking(store, o.id, &stamp.by)?;
                    jobs.push(PrintJob {
                        kind: PrintKind::Picking,
                        order_id: Some(o.id),
                        detail: picking_detail(&doc),
                        ..Default::default()
                    });
                    docs.push(doc);
                }
                let numbers: Vec<&str> = docs.iter().map(|d| d.number.as_str()).collect();
                let title = part_title(tr("Picking list"), tr("Picking lists"), &numbers);
                parts.push(Part {
                    title,
                    jobs,
                    document: Document::Picking(docs),
                    target: target.clone(),
                    picking_orders: orders.iter().map(|o| o.id).collect(),
                });
            }
            Subject::Wave { id, .. } => {
                let doc = jobs::wave_picking(store, *id, mode, &stamp.by)?;
                let orders = store
                    .picking_wave(*id)?
                    .orders
                    .iter()
                    .map(|h| h.order_id)
                    .collect();
                parts.push(Part {
                    title: format!("{} {}", tr("Picking list"), doc.number),
                    jobs: vec![PrintJob {
                        kind: PrintKind::Picking,
                        wave_id: Some(*id),
                        detail: picking_detail(&doc),
                        ..Default::default()
                    }],
                    document: Document::Picking(vec![doc]),
                    target: target.clone(),
                    picking_orders: orders,
                });
            }
            Subject::Locations { .. } | Subject::Products { .. } => {}
        }
    }
    if let Some(lr) = &req.labels {
        let zpl_dpi = lr.zpl_dpi.filter(|_| thermal(lr.size));
        let target = target_for(&req.destination, &settings, PrintKind::Labels, Some(lr.size));
        let document = |labels: Vec<BoxLabel>, groups: Vec<usize>| Document::Labels {
            labels,
            size: lr.size,
            zpl_dpi,
            groups,
        };
        match &req.subject {
            Subject::Orders(orders) => {
                if let (Some(weights), [o]) = (&lr.save_first, orders.as_slice()) {
                    store.assign_boxes(o.id, weights, stamp)?;
                    *wrote = true;
                }
                // orders not yet released (or cancelled) get no boxes: only the others' labels
                let mut boxed = Vec::new();
                for o in orders {
                    if labels_allowed(store.order(o.id)?.summary.status) {
                        boxed.push(o);
                    }
                }
                if boxed.is_empty() {
                    return Err(Error::msg(tr(
                        "Box labels are made once the order is released to the warehouse",
                    )));
                }
                // the orders chosen together print as one file: their labels one after another
                let mut all_labels = Vec::new();
                let mut groups = Vec::new();
                let mut jobs = Vec::new();
                for o in &boxed {
                    if store.order_boxes(o.id)?.is_empty() {
                        *wrote = true; // order_labels assigns the planned boxes
                    }
                    let all = jobs::order_labels(store, o.id, stamp)?;
                    let count = all.len() as u32;
                    let chosen: Vec<(i64, BoxLabel)> = all
                        .into_iter()
                        .filter(|(id, _)| lr.only.as_ref().is_none_or(|only| only.contains(id)))
                        .collect();
                    if chosen.is_empty() {
                        return Err(Error::msg(format!(
                            "{} {}: {}",
                            tr("Order"),
                            o.number,
                            tr("the box to reprint is no longer current; print the current boxes")
                        )));
                    }
                    let numbers: Vec<u32> = chosen.iter().map(|(_, l)| l.box_no).collect();
                    jobs.push(PrintJob {
                        kind: PrintKind::Labels,
                        order_id: Some(o.id),
                        detail: boxes_detail(&numbers, count),
                        boxes: chosen.iter().map(|(id, _)| *id).collect(),
                        ..Default::default()
                    });
                    groups.push(chosen.len());
                    all_labels.extend(chosen.into_iter().map(|(_, l)| l));
                }
                let numbers: Vec<&str> = boxed.iter().map(|o| o.number.as_str()).collect();
                let title = part_title(tr("Box labels"), tr("Box labels"), &numbers);
                parts.push(Part {
                    title,
                    jobs,
                    document: document(all_labels, groups),
                    target: target.clone(),
                    picking_orders: Vec::new(),
                });
            }
            Subject::Wave { id, number } => {
                let wave = store.picking_wave(*id)?;
                let mut labels = Vec::new();
                let mut boxes = Vec::new();
                for h in wave.orders.iter().filter(|h| labels_allowed(h.status)) {
                    if store.order_boxes(h.order_id)?.is_empty() {
                        *wrote = true;
                    }
                    for (box_id, label) in jobs::order_labels(store, h.order_id, stamp)? {
                        boxes.push(box_id);
                        labels.push(label);
                    }
                }
                parts.push(Part {
                    title: format!("{} {number}", tr("Box labels")),
                    jobs: vec![PrintJob {
                        kind: PrintKind::Labels,
                        wave_id: Some(*id),
                        detail: format!(
                            "{} {}, {} {}",
                            boxes.len(),
                            tr("boxes"),
                            wave.orders.len(),
                            tr("orders")
                        ),
                        boxes,
                        ..Default::default()
                    }],
                    document: document(labels, Vec::new()),
                    target,
                    picking_orders: Vec::new(),
                });
            }
            Subject::Locations { .. } | Subject::Products { .. } => {}
        }
    }
    if let Some(shelf) = &req.shelf {
        parts.push(shelf_part(store, shelf, &req.destination, &settings)?);
    }
    if parts.is_empty() {
        return Err(Error::msg(tr(
            "Choose what to print: the picking list, the box labels or both",
        )));
    }
    let several = parts.len() > 1;
    for p in &mut parts {
        if let Target::File(path) = &p.target {
            p.target = Target::File(file_for(path, &p.title, several));
        }
    }
    Ok(parts)
}

/// The label size drop-down, named for screen readers (and tests).
fn size_combo(ui: &mut Ui, id: &str, size: &mut LabelSize) {
    let l = ui.label(tr("Label size"));
    egui::ComboBox::from_id_salt(id)
        .selected_text(size_label(*size))
        .show_ui(ui, |ui| {
            for s in LabelSize::ALL {
                ui.selectable_value(size, s, size_label(s));
            }
        })
        .response
        .labelled_by(l.id);
}

/// Where files are saved unless the user chooses: the documents folder (or home).
fn default_dir() -> PathBuf {
    directories::UserDirs::new()
        .and_then(|u| {
            u.document_dir()
                .map(Path::to_path_buf)
                .or_else(|| Some(u.home_dir().to_path_buf()))
        })
        .unwrap_or_else(std::env::temp_dir)
}

/// Most labels one warehouse print may hold (a whole store's shelves fit many times over).
pub const MAX_SHELF_LABELS: usize = 20_000;

/// The location or product labels of a request, read from the store.
fn shelf_part(
    store: &Store,
    shelf: &ShelfRequest,
    destination: &Destination,
    settings: &PrintSettings,
) -> crate::Result<Part> {
    let (kind, size, document, detail) = match shelf {
        ShelfRequest::Locations { from, to, size } => {
            let codes = store.locations_range(from, to)?;
            let detail = format!(
                "{} {} {}..{}",
                codes.len(),
                tr("location(s)"),
                from.trim(),
                to.trim()
            );
            (
                PrintKind::Locations,
                *size,
                Document::Locations { codes, size: *size },
                detail,
            )
        }
        ShelfRequest::Products { skus, copies, size } => {
            let refs: Vec<&str> = skus.iter().map(String::as_str).collect();
            let copies = (*copies).max(1);
            let mut tags = Vec::with_capacity(skus.len() * copies);
            for p in store.products_for_labels(&refs)? {
                let tag = ProductTag {
                    sku: p.sku,
                    name: p.name,
                    ean13: p.ean13,
                    location: p.location,
                };
                tags.extend(std::iter::repeat_n(tag, copies));
            }
            let detail = format!("{} {} × {copies}", skus.len(), tr("product(s)"));
            (
                PrintKind::Products,
                *size,
                Document::Products { tags, size: *size },
                detail,
            )
        }
    };
    let count = match &document {
        Document::Locations { codes, .. } => codes.len(),
        Document::Products { tags, .. } => tags.len(),
        _ => 0,
    };
    if count > MAX_SHELF_LABELS {
        return Err(Error::msg(format!(
            "{count} {}; {} {MAX_SHELF_LABELS}",
            tr("labels"),
            tr("at most this many print at once:")
        )));
    }
    let title = format!("{} · {detail}", kind_label(kind));
    let target = target_for(destination, settings, kind, Some(size));
    let target = match target {
        Target::File(p) => Target::File(file_for(&p, &title, false)),
        t => t,
    };
    Ok(Part {
        title,
        document,
        target,
        jobs: vec![PrintJob {
            kind,
            detail,
            ..Default::default()
        }],
        picking_orders: Vec::new(),
    })
}

/// Why a document did not print.
#[derive(Debug)]
enum Failure {
    Cancelled,
    Failed(String),
}

/// What the worker tells the UI.
enum Report {
    Started(usize),
    Done(usize, Result<Produced, Failure>),
}

/// What the UI keeps of a part while the worker has it.
struct PartMeta {
    title: String,
    target: Target,
    jobs: Vec<PrintJob>,
    picking_orders: Vec<i64>,
}

/// A print under way on the worker thread.
pub struct Running {
    metas: Vec<PartMeta>,
    progress: Vec<Arc<Progress>>,
    current: usize,
    /// Which parts the worker has reported on.
    reported: Vec<bool>,
    reports: Receiver<Report>,
    cancelling: bool,
    /// Orders on the picking lists delivered so far.
    printed_picking: Vec<i64>,
}

impl Running {
    /// Asks the worker to stop: the document in hand is dropped, the rest are not started.
    pub fn cancel(&mut self) {
        self.cancelling = true;
        for p in &self.progress {
            p.cancel();
        }
    }
}

/// Starts the worker on `parts`. It lays each out and delivers it in turn, in the interface
/// language of the UI, and wakes the UI (`ctx`) as each one ends.
pub fn spawn(parts: Vec<Part>, ctx: Option<egui::Context>) -> Running {
    let progress: Vec<Arc<Progress>> = parts.iter().map(|_| Arc::new(Progress::new())).collect();
    let metas: Vec<PartMeta> = parts
        .iter()
        .map(|p| PartMeta {
            title: p.title.clone(),
            target: p.target.clone(),
            jobs: p.jobs.clone(),
            picking_orders: p.picking_orders.clone(),
        })
        .collect();
    let (tx, rx) = mpsc::channel();
    let lang = i18n::lang();
    let worker_progress = progress.clone();
    std::thread::spawn(move || {
        i18n::set_lang(lang);
        for (i, part) in parts.iter().enumerate() {
            let _ = tx.send(Report::Started(i));
            // a bug in a layout must not leave the dialog waiting for ever
            let produced = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                produce(part, &worker_progress[i])
            }));
            let result = match produced {
                Ok(Ok(done)) => Ok(done),
                Ok(Err(Error::Cancelled)) => Err(Failure::Cancelled),
                Ok(Err(e)) => Err(Failure::Failed(e.to_string())),
                Err(_) => Err(Failure::Failed(
                    tr("the document could not be laid out (internal error)").to_string(),
                )),
            };
            let stop = matches!(result, Err(Failure::Cancelled));
            let _ = tx.send(Report::Done(i, result));
            if let Some(ctx) = &ctx {
                ctx.request_repaint();
            }
            if stop {
                break;
            }
        }
    });
    Running {
        reported: vec![false; metas.len()],
        metas,
        progress,
        current: 0,
        reports: rx,
        cancelling: false,
        printed_picking: Vec::new(),
    }
}

/// What was delivered, as the print log keeps it: the printer (and its job) or the file.
fn target_text(target: &Target, d: &Delivered) -> String {
    match target {
        Target::Printer { name, .. } => match &d.job {
            Some(job) => format!("{name} ({job})"),
            None => name.clone(),
        },
        _ => d
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_else(|| d.description.clone()),
    }
}

// ---------------------------------------------------------------------------------------------
// the box editor

/// A box as edited.
struct BoxEdit {
    weight: String,
    /// The box in the file; `None` for a planned or added box (it gets its SSCC when saved).
    stored: Option<BoxRow>,
}

/// The boxes of one order before its labels: how many, what each weighs.
struct BoxEditor {
    order_id: i64,
    count: String,
    rows: Vec<BoxEdit>,
    /// Every current box in the file (rows taken away and put back find theirs again).
    stored: Vec<BoxRow>,
    /// No boxes saved yet: the rows are the planned ones.
    planned: bool,
    dirty: bool,
    error: Option<String>,
}

impl BoxEditor {
    fn load(store: &Store, order_id: i64) -> BoxEditor {
        let stored = store.order_boxes(order_id).unwrap_or_default();
        let (rows, planned): (Vec<BoxEdit>, bool) = if stored.is_empty() {
            let planned = store.plan_boxes(order_id).unwrap_or_default();
            (
                planned
                    .iter()
                    .map(|b| BoxEdit {
                        weight: kg_text(b.weight_g),
                        stored: None,
                    })
                    .collect(),
                true,
            )
        } else {
            (
                stored
                    .iter()
                    .map(|b| BoxEdit {
                        weight: kg_text(b.weight_g),
                        stored: Some(b.clone()),
                    })
                    .collect(),
                false,
            )
        };
        BoxEditor {
            order_id,
            count: rows.len().to_string(),
            rows,
            stored,
            planned,
            dirty: false,
            error: None,
        }
    }

    /// The number of boxes typed changed: add boxes (weighing as the last one) or take the
    /// last ones away.
    fn recount(&mut self) {
        match self.count.trim().parse::<usize>() {
            Ok(n) if (1..=MAX_BOXES).contains(&n) => {
                self.error = None;
                if n == self.rows.len() {
                    return;
                }
                let last = self
                    .rows
                    .last()
                    .map(|r| r.weight.clone())
                    .unwrap_or_else(|| "0".into());
                self.rows.truncate(n);
                while self.rows.len() < n {
                    let i = self.rows.len();
                    let stored = if self.planned {
                        None
                    } else {
                        self.stored.get(i).cloned()
                    };
                    self.rows.push(BoxEdit {
                        weight: stored
                            .as_ref()
                            .map(|b| kg_text(b.weight_g))
                            .unwrap_or_else(|| last.clone()),
                        stored,
                    });
                }
                self.dirty = true;
            }
            _ => {
                self.error = Some(format!(
                    "{}: «{}» {} {MAX_BOXES}",
                    tr("Number of boxes"),
                    self.count.trim(),
                    tr("is not a whole number from 1 to")
                ));
            }
        }
    }

    /// The weights in grams, or the first bad one named by its box.
    fn weights(&self) -> Result<Vec<i64>, String> {
        if self.count.trim().parse::<usize>().ok() != Some(self.rows.len()) {
            return Err(format!(
                "{}: «{}» {} {MAX_BOXES}",
                tr("Number of boxes"),
                self.count.trim(),
                tr("is not a whole number from 1 to")
            ));
        }
        self.rows
            .iter()
            .enumerate()
            .map(|(i, r)| parse_kg(&r.weight).map_err(|e| format!("{} {}: {e}", tr("Box"), i + 1)))
            .collect()
    }

    /// Should the boxes be saved before their labels print?
    fn unsaved(&self) -> bool {
        self.dirty || self.planned
    }

    fn ui(&mut self, ui: &mut Ui, reprint: &mut Option<i64>, save: &mut bool) {
        ui.horizontal(|ui| {
            let r = widgets::labeled_field(
                ui,
                "print_box_count",
                tr("Number of boxes"),
                &mut self.count,
                "",
                60.0,
            );
            if r.changed() {
                self.recount();
            }
            let total: i64 = self.rows.iter().filter_map(|r| parse_kg(&r.weight).ok()).sum();
            ui.label(format!("{}: {} {}", tr("Total"), kg_text(total), tr("kg")));
        });
        if self.planned {
            ui.colored_label(
                theme::warning(ui),
                tr("Planned boxes, not saved yet: they get their SSCCs when saved or printed."),
            );
        }
        let row_h = ui.spacing().interact_size.y;
        egui::ScrollArea::vertical()
            .id_salt("print_boxes")
            .max_height(240.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_h, self.rows.len(), |ui, range| {
                for i in range {
                    let dirty = self.dirty;
                    let row = &mut self.rows[i];
                    ui.horizontal(|ui| {
                        let l = ui.add_sized(
                            [64.0, row_h],
                            egui::Label::new(format!("{} {}", tr("Box"), i + 1)),
                        );
                        let r = ui
                            .add(
                                egui::TextEdit::singleline(&mut row.weight)
                                    .id_salt(("print_box_weight", i))
                                    .desired_width(70.0),
                            )
                            .labelled_by(l.id);
                        if r.changed() {
                            self.dirty = true;
                            self.error = None;
                        }
                        ui.label(tr("kg"));
                        match &row.stored {
                            Some(b) => {
                                ui.add_sized(
                                    [190.0, row_h],
                                    egui::Label::new(RichText::new(sscc_hri(&b.sscc)).monospace()),
                                );
                                let printed = if b.printed_count == 0 {
                                    tr("not printed").to_string()
                                } else {
                                    format!(
                                        "{} {}× · {}",
                                        tr("printed"),
                                        b.printed_count,
                                        b.last_printed_at.as_deref().map(local_time).unwrap_or_default()
                                    )
                                };
                                ui.add_sized([210.0, row_h], egui::Label::new(printed).truncate());
                                if ui
                                    .add_enabled(!dirty, egui::Button::new(tr("Reprint")).small())
                                    .on_hover_text(format!("{} {}", tr("Reprint the label of box"), i + 1))
                                    .on_disabled_hover_text(tr("Save the boxes first"))
                                    .clicked()
                                {
                                    *reprint = Some(b.id);
                                }
                            }
                            None => {
                                ui.colored_label(theme::muted(ui), tr("new box: SSCC given when saved"));
                            }
                        }
                    });
                }
            });
        if let Some(e) = &self.error {
            ui.colored_label(theme::danger(ui), format!("⚠ {e}"));
        }
        if ui
            .add_enabled(self.unsaved(), egui::Button::new(tr("Save boxes")))
            .clicked()
        {
            *save = true;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// the dialog

/// An order as the dialog shows it.
struct OrderInfo {
    id: i64,
    number: String,
    customer: String,
    status: OrderStatus,
}

/// Orders in these states get no boxes (not released to the warehouse, or cancelled).
fn labels_allowed(status: OrderStatus) -> bool {
    !matches!(
        status,
        OrderStatus::Draft
            | OrderStatus::AwaitingConfirmation
            | OrderStatus::CreditHold
            | OrderStatus::Cancelled
    )
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Dest {
    Printer,
    Viewer,
    File,
}

/// After a picking list of released orders is printed: who picks them?
struct PickerPrompt {
    orders: Vec<i64>,
    numbers: Vec<String>,
    text: String,
    focus: bool,
    error: Option<String>,
}

/// The print dialog of an order, several orders or a wave.
pub struct PrintDialog {
    subject: Subject,
    heading: String,
    loaded: bool,
    pub stale: bool,
    orders: Vec<OrderInfo>,
    settings: PrintSettings,
    gs1_set: bool,
    picking: bool,
    labels: bool,
    mode: PickMode,
    size: LabelSize,
    zpl: bool,
    dest: Dest,
    path: String,
    /// The path field asks for the focus (the file dialog could not open).
    path_focus: bool,
    /// Enter in the path field: print.
    path_enter: bool,
    editor: Option<BoxEditor>,
    /// Boxes saved per order (several orders or a wave): (with boxes, without).
    box_summary: (usize, usize, usize),
    running: Option<Running>,
    results: Vec<Result<String, String>>,
    prompt: Option<PickerPrompt>,
    message: Option<Result<String, String>>,
    ctx: Option<egui::Context>,
    first_frame: bool,
    shelf: ShelfForm,
}

/// The fields of location and product labels.
#[derive(Default)]
struct ShelfForm {
    from: String,
    to: String,
    skus: String,
    copies: String,
    /// What the fields would print ("42 locations") or why not, read again when they change.
    preview: Option<Result<String, String>>,
    changed: bool,
}

impl ShelfForm {
    fn of(subject: &Subject) -> ShelfForm {
        let (from, to, skus) = match subject {
            Subject::Locations { from, to } => (from.clone(), to.clone(), String::new()),
            Subject::Products { skus } => (String::new(), String::new(), skus.join("\n")),
            _ => Default::default(),
        };
        ShelfForm {
            from,
            to,
            skus,
            copies: "1".into(),
            preview: None,
            changed: true,
        }
    }

    fn copies(&self) -> Result<usize, String> {
        match self.copies.trim().parse::<usize>() {
            Ok(n @ 1..=999) => Ok(n),
            _ => Err(tr("Copies: a whole number from 1 to 999").to_string()),
        }
    }

    /// Reads what the fields would print from the store.
    fn refresh(&mut self, store: &Store, locations: bool) {
        self.changed = false;
        self.preview = Some(if locations {
            if self.from.trim().is_empty() || self.to.trim().is_empty() {
                Err(tr("Type the first and the last location of the range").to_string())
            } else {
                store
                    .locations_range(&self.from, &self.to)
                    .map(|codes| match (codes.first(), codes.last()) {
                        (Some(a), Some(b)) => format!("{} {}: {a} … {b}", codes.len(), tr("location(s)")),
                        _ => format!("0 {}", tr("location(s)")),
                    })
                    .map_err(|e| e.to_string())
            }
        } else {
            let skus = parse_sku_list(&self.skus);
            if skus.is_empty() {
                Err(tr("Type or paste the SKUs to print, one per line or separated by spaces").to_string())
            } else {
                let refs: Vec<&str> = skus.iter().map(String::as_str).collect();
                store
                    .products_for_labels(&refs)
                    .map_err(|e| e.to_string())
                    .and_then(|found| {
                        let copies = self.copies()?;
                        let no_ean = found.iter().filter(|p| p.ean13.is_none()).count();
                        let mut text = format!(
                            "{} {} × {copies} = {} {}",
                            found.len(),
                            tr("product(s)"),
                            found.len() * copies,
                            tr("labels")
                        );
                        if no_ean > 0 {
                            text.push_str(&format!(
                                "; {no_ean} {}",
                                tr("without EAN-13 get a Code 128 of the SKU")
                            ));
                        }
                        Ok(text)
                    })
            }
        });
    }
}

impl PrintDialog {
    pub fn new(subject: Subject, what: What) -> PrintDialog {
        let heading = match &subject {
            Subject::Orders(o) if o.len() == 1 => format!("{}: {} {}", tr("Print"), tr("Order"), o[0].number),
            Subject::Orders(o) => format!("{}: {} {}", tr("Print"), o.len(), tr("order(s)")),
            Subject::Wave { number, .. } => format!("{}: {} {number}", tr("Print"), tr("Wave")),
            Subject::Locations { .. } => format!("{}: {}", tr("Print"), tr("Location labels")),
            Subject::Products { .. } => format!("{}: {}", tr("Print"), tr("Product labels")),
        };
        let shelf = ShelfForm::of(&subject);
        PrintDialog {
            subject,
            heading,
            loaded: false,
            stale: true,
            orders: Vec::new(),
            settings: PrintSettings::default(),
            gs1_set: false,
            picking: what != What::Labels,
            labels: what != What::Picking,
            mode: PickMode::Lines,
            size: LabelSize::L100x150,
            zpl: false,
            dest: Dest::Viewer,
            path: String::new(),
            path_focus: false,
            path_enter: false,
            editor: None,
            box_summary: (0, 0, 0),
            running: None,
            results: Vec::new(),
            prompt: None,
            message: None,
            ctx: None,
            first_frame: true,
            shelf,
        }
    }

    /// The kind of warehouse labels the dialog prints, if it prints those.
    fn shelf_kind(&self) -> Option<PrintKind> {
        match self.subject {
            Subject::Locations { .. } => Some(PrintKind::Locations),
            Subject::Products { .. } => Some(PrintKind::Products),
            _ => None,
        }
    }

    /// A print is under way.
    pub fn busy(&self) -> bool {
        self.running.is_some()
    }

    pub fn subject(&self) -> &Subject {
        &self.subject
    }

    fn load(&mut self, store: &Store) {
        self.stale = false;
        self.settings = store.print_settings().unwrap_or_default();
        self.gs1_set = store.gs1_prefix().ok().flatten().is_some();
        self.orders = match &self.subject {
            Subject::Orders(list) => list
                .iter()
                .filter_map(|o| store.order(o.id).ok())
                .map(|d| OrderInfo {
                    id: d.summary.id,
                    number: d.summary.number,
                    customer: d.summary.customer_name,
                    status: d.summary.status,
                })
                .collect(),
            Subject::Wave { id, .. } => store
                .picking_wave(*id)
                .map(|w| {
                    w.orders
                        .into_iter()
                        .map(|h| OrderInfo {
                            id: h.order_id,
                            number: h.number,
                            customer: h.customer_name,
                            status: h.status,
                        })
                        .collect()
                })
                .unwrap_or_default(),
            Subject::Locations { .. } | Subject::Products { .. } => Vec::new(),
        };
        if let Some(kind) = self.shelf_kind() {
            if !self.loaded {
                self.loaded = true;
                self.picking = false;
                self.labels = false;
                let c = choice(&self.settings, kind);
                self.size = size_of_media(&c.media).unwrap_or(LabelSize::A4);
                self.dest = if c.printer.trim().is_empty() {
                    Dest::Viewer
                } else {
                    Dest::Printer
                };
                let name = if kind == PrintKind::Locations {
                    "locations"
                } else {
                    "products"
                };
                self.path = default_dir().join(format!("{name}.pdf")).display().to_string();
            }
            return;
        }
        if !self.loaded {
            self.loaded = true;
            let labels = choice(&self.settings, PrintKind::Labels);
            self.size = size_of_media(&labels.media).unwrap_or(LabelSize::L100x150);
            self.zpl = labels.zpl && thermal(self.size);
            let kinds = [
                (self.picking, PrintKind::Picking),
                (self.labels, PrintKind::Labels),
            ];
            let has_printer = kinds
                .iter()
                .any(|(on, k)| *on && !choice(&self.settings, *k).printer.trim().is_empty());
            self.dest = if has_printer { Dest::Printer } else { Dest::Viewer };
            let dir = default_dir();
            let title = match &self.subject {
                Subject::Orders(o) if o.len() == 1 => o[0].number.clone(),
                Subject::Wave { number, .. } => number.clone(),
                _ => tr("orders").to_string(),
            };
            self.path = dir
                .join(format!("{}.pdf", output::sanitize_file_name(&title)))
                .display()
                .to_string();
            if !self.orders.iter().any(|o| labels_allowed(o.status)) {
                self.labels = false;
            }
        }
        match self.orders.as_slice() {
            [o] if labels_allowed(o.status) => {
                if self.editor.as_ref().is_none_or(|e| !e.dirty) {
                    self.editor = Some(BoxEditor::load(store, o.id));
                }
            }
            [_] => self.editor = None,
            orders => {
                self.editor = None;
                let (mut with, mut without, mut boxes) = (0, 0, 0);
                for o in orders.iter().filter(|o| labels_allowed(o.status)) {
                    let n = store.order_boxes(o.id).map(|b| b.len()).unwrap_or(0);
                    if n == 0 {
                        without += 1;
                    } else {
                        with += 1;
                        boxes += n;
                    }
                }
                self.box_summary = (with, without, boxes);
            }
        }
    }

    /// The boxes were saved: the editor shows them as stored now.
    pub(super) fn boxes_saved(&mut self, msg: String) {
        if let Some(e) = &mut self.editor {
            e.dirty = false;
        }
        self.message = Some(Ok(msg));
        self.stale = true;
    }

    pub(super) fn done(&mut self, msg: String) {
        self.message = Some(Ok(msg));
        self.stale = true;
    }

    pub(super) fn failed(&mut self, msg: String) {
        self.message = Some(Err(msg));
        self.stale = true;
    }

    /// The worker has the documents.
    pub(super) fn started(&mut self, running: Running, wrote: bool) {
        if wrote && let Some(e) = &mut self.editor {
            e.dirty = false;
        }
        self.running = Some(running);
        self.results.clear();
        self.message = None;
        self.stale = true;
    }

    /// The egui context, for the worker to wake the UI.
    pub(super) fn context(&self) -> Option<egui::Context> {
        self.ctx.clone()
    }

    /// Reads the worker's reports: records what was delivered, says what was not.
    fn poll(&mut self, store: &Store, actions: &mut Vec<Action>) {
        let Some(run) = &mut self.running else { return };
        let mut finished = false;
        loop {
            match run.reports.try_recv() {
                Ok(Report::Started(i)) => run.current = i,
                Ok(Report::Done(i, result)) => {
                    run.reported[i] = true;
                    let meta = &run.metas[i];
                    match result {
                        Ok(produced) => {
                            let target = target_text(&meta.target, &produced.delivered);
                            let jobs = finished_jobs(&meta.jobs, &produced, &target);
                            let message = format!("{}: {}", meta.title, produced.delivered.description);
                            self.results.push(Ok(message.clone()));
                            run.printed_picking.extend(meta.picking_orders.iter().copied());
                            actions.push(Action::Print(PrintAction::Record { jobs, message }));
                        }
                        Err(Failure::Cancelled) => {
                            let text =
                                format!("{}: {}", meta.title, tr("cancelled, nothing printed or recorded"));
                            self.results.push(Err(text.clone()));
                            actions.push(Action::Print(PrintAction::Notice { text, error: true }));
                        }
                        Err(Failure::Failed(e)) => {
                            let text = format!("{}: {e}", meta.title);
                            self.results.push(Err(text.clone()));
                            actions.push(Action::Print(PrintAction::Notice { text, error: true }));
                        }
                    }
                }
                Err(TryRecvError::Empty) => break,
                Err(TryRecvError::Disconnected) => {
                    finished = true;
                    break;
                }
            }
        }
        if !finished {
            return;
        }
        // parts the worker never reached: after a cancel, or if it stopped
        for (meta, _) in run.metas.iter().zip(&run.reported).filter(|(_, r)| !**r) {
            let why = if run.cancelling {
                tr("cancelled, nothing printed or recorded")
            } else {
                tr("not printed: the print stopped unexpectedly")
            };
            self.results.push(Err(format!("{}: {why}", meta.title)));
        }
        let printed = std::mem::take(&mut run.printed_picking);
        self.running = None;
        self.stale = true;
        if self.settings.picking_moves_to_picking && !printed.is_empty() {
            let released: Vec<(i64, String)> = printed
                .iter()
                .filter_map(|id| store.order(*id).ok())
                .filter(|d| d.summary.status == OrderStatus::Released)
                .map(|d| (d.summary.id, d.summary.number))
                .collect();
            if !released.is_empty() {
                self.prompt = Some(PickerPrompt {
                    orders: released.iter().map(|(id, _)| *id).collect(),
                    numbers: released.into_iter().map(|(_, n)| n).collect(),
                    text: String::new(),
                    focus: true,
                    error: None,
                });
            }
        }
    }

    /// The request the dialog's choices make, or why there is none (shown in the dialog).
    fn request(&mut self, only: Option<Vec<i64>>) -> Result<Request, String> {
        if let Some(kind) = self.shelf_kind() {
            let size = self.size;
            let shelf = if kind == PrintKind::Locations {
                if self.shelf.from.trim().is_empty() || self.shelf.to.trim().is_empty() {
                    return Err(tr("Type the first and the last location of the range").to_string());
                }
                ShelfRequest::Locations {
                    from: self.shelf.from.trim().to_string(),
                    to: self.shelf.to.trim().to_string(),
                    size,
                }
            } else {
                let skus = parse_sku_list(&self.shelf.skus);
                if skus.is_empty() {
                    return Err(
                        tr("Type or paste the SKUs to print, one per line or separated by spaces")
                            .to_string(),
                    );
                }
                ShelfRequest::Products {
                    skus,
                    copies: self.shelf.copies()?,
                    size,
                }
            };
            return Ok(Request {
                subject: self.subject.clone(),
                picking: None,
                labels: None,
                shelf: Some(shelf),
                destination: self.destination()?,
            });
        }
        let reprint = only.is_some();
        let picking = (self.picking && !reprint).then_some(self.mode);
        let labels = if self.labels || reprint {
            let save_first = match &mut self.editor {
                Some(e) if e.unsaved() && !reprint => match e.weights() {
                    Ok(w) => Some(w),
                    Err(msg) => {
                        e.error = Some(msg.clone());
                        return Err(msg);
                    }
                },
                _ => None,
            };
            let dpi = choice(&self.settings, PrintKind::Labels).dpi;
            Some(LabelRequest {
                size: self.size,
                zpl_dpi: (self.zpl && thermal(self.size)).then_some(if dpi == 0 { 203 } else { dpi }),
                only,
                save_first,
            })
        } else {
            None
        };
        if picking.is_none() && labels.is_none() {
            return Err(tr("Choose what to print: the picking list, the box labels or both").to_string());
        }
        Ok(Request {
            subject: self.subject.clone(),
            picking,
            labels,
            shelf: None,
            destination: self.destination()?,
        })
    }

    fn destination(&self) -> Result<Destination, String> {
        Ok(match self.dest {
            Dest::Printer => Destination::Printer,
            Dest::Viewer => Destination::Viewer,
            Dest::File => {
                let p = self.path.trim();
                if p.is_empty() {
                    return Err(tr("Type the path of the file to save").to_string());
                }
                Destination::File(PathBuf::from(p))
            }
        })
    }

    /// The fields of location or product labels, the size, and what they would print.
    fn shelf_ui(&mut self, ui: &mut Ui, kind: PrintKind) {
        let f = &mut self.shelf;
        if kind == PrintKind::Locations {
            ui.horizontal(|ui| {
                let a = widgets::labeled_field(
                    ui,
                    "shelf_from",
                    tr("From location"),
                    &mut f.from,
                    "A-01-01-1",
                    140.0,
                );
                let b =
                    widgets::labeled_field(ui, "shelf_to", tr("To location"), &mut f.to, "A-05-12-4", 140.0);
                f.changed |= a.changed() || b.changed();
                if (a.lost_focus() || b.lost_focus()) && ui.input(|i| i.key_pressed(Key::Enter)) {
                    self.path_enter = true;
                }
            });
            ui.colored_label(
                theme::muted(ui),
                tr("Every location between the two, in walking order (either may come first)."),
            );
        } else {
            let l = ui.label(tr("SKUs (one per line, or separated by spaces or commas)"));
            let r = ui
                .add(
                    egui::TextEdit::multiline(&mut f.skus)
                        .id_salt("shelf_skus")
                        .desired_rows(4)
                        .desired_width(f32::INFINITY),
                )
                .labelled_by(l.id);
            f.changed |= r.changed();
            ui.horizontal(|ui| {
                let c = widgets::labeled_field(
                    ui,
                    "shelf_copies",
                    tr("Copies of each"),
                    &mut f.copies,
                    "1",
                    50.0,
                );
                f.changed |= c.changed();
            });
        }
        ui.horizontal(|ui| size_combo(ui, "shelf_label_size", &mut self.size));
        match &self.shelf.preview {
            Some(Ok(text)) => {
                ui.label(text);
            }
            Some(Err(e)) => {
                ui.colored_label(theme::danger(ui), format!("⚠ {e}"));
            }
            None => {}
        }
    }

    fn print(&mut self, only: Option<Vec<i64>>, actions: &mut Vec<Action>) {
        match self.request(only) {
            Ok(req) => {
                self.message = None;
                actions.push(Action::Print(PrintAction::Start(req)));
            }
            Err(e) => {
                // a bad box is named in the box editor; anything else below the buttons
                let in_editor = self.editor.as_ref().and_then(|ed| ed.error.as_ref()) == Some(&e);
                self.message = (!in_editor).then_some(Err(e));
            }
        }
    }

    /// Draws the dialog; returns false when it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, store: &Store, actions: &mut Vec<Action>) -> bool {
        if self.stale {
            self.load(store);
        }
        if self.first_frame {
            // whatever had the keyboard (the scan field, a form) gives it up: Enter prints
            ctx.memory_mut(|m| m.stop_text_input());
            self.first_frame = false;
        }
        self.ctx = Some(ctx.clone());
        if let Some(kind) = self.shelf_kind()
            && self.shelf.changed
        {
            self.shelf.refresh(store, kind == PrintKind::Locations);
        }
        self.poll(store, actions);
        if self.running.is_some() {
            ctx.request_repaint_after(Duration::from_millis(100));
        }
        // keys before any field may take them: Enter and Esc act when no field has the focus
        let free = ctx.memory(|m| m.focused().is_none());
        let enter = free && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Enter));
        let escape = free && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));

        let mut open = true;
        let mut print = enter && self.running.is_none() && self.prompt.is_none();
        let mut reprint = None;
        let mut close = false;
        let max_h = (ctx.content_rect().height() - 120.0).max(200.0);
        egui::Modal::new(egui::Id::unique("print_dialog")).show(ctx, |ui| {
            ui.set_width(760.0);
            ui.label(theme::heading(&self.heading));
            egui::ScrollArea::vertical()
                .id_salt("print_dialog_body")
                .max_height(max_h - 120.0)
                .show(ui, |ui| {
                    self.body_ui(ui, actions, &mut reprint, &mut close);
                });
            ui.separator();
            self.footer_ui(ui, actions, &mut print, &mut close);
        });
        if std::mem::take(&mut self.path_enter) && self.running.is_none() && self.prompt.is_none() {
            print = true;
        }
        if escape {
            if let Some(run) = &mut self.running {
                run.cancel();
            } else if self.prompt.is_some() {
                self.dismiss_prompt();
            } else {
                close = true;
            }
        }
        if print {
            self.print(None, actions);
        }
        if let Some(id) = reprint {
            self.print(Some(vec![id]), actions);
        }
        if close && self.running.is_none() {
            open = false;
        }
        open
    }

    fn dismiss_prompt(&mut self) {
        self.prompt = None;
        self.message = Some(Ok(tr("Nothing moved into picking").to_string()));
    }

    fn body_ui(
        &mut self,
        ui: &mut Ui,
        actions: &mut Vec<Action>,
        reprint: &mut Option<i64>,
        close: &mut bool,
    ) {
        let busy = self.running.is_some() || self.prompt.is_some();
        if let Some(kind) = self.shelf_kind() {
            ui.add_enabled_ui(!busy, |ui| {
                self.shelf_ui(ui, kind);
                ui.separator();
                self.destination_ui(ui);
            });
            return;
        }
        for o in self.orders.iter().take(6) {
            ui.label(format!(
                "{} · {} · {}",
                o.number,
                o.customer,
                status_label(o.status)
            ));
        }
        if self.orders.len() > 6 {
            ui.label(format!("… +{}", self.orders.len() - 6));
        }
        ui.separator();
        ui.add_enabled_ui(!busy, |ui| {
            ui.horizontal(|ui| {
                ui.checkbox(&mut self.picking, tr("Picking list"));
                if matches!(self.subject, Subject::Wave { .. }) && self.picking {
                    ui.radio_value(&mut self.mode, PickMode::Lines, tr("By lines, in walking order"));
                    ui.radio_value(
                        &mut self.mode,
                        PickMode::Consolidated,
                        tr("Consolidated + split by order"),
                    );
                }
            });
            let can_label = self.orders.iter().any(|o| labels_allowed(o.status));
            ui.add_enabled(can_label, egui::Checkbox::new(&mut self.labels, tr("Box labels")))
                .on_disabled_hover_text(tr(
                    "Box labels are made once the order is released to the warehouse",
                ));
            if !can_label {
                ui.colored_label(
                    theme::muted(ui),
                    tr("Box labels are made once the order is released to the warehouse"),
                );
            }
            if self.labels {
                self.labels_ui(ui, actions, reprint, close);
            }
            ui.separator();
            self.destination_ui(ui);
        });
    }

    fn labels_ui(
        &mut self,
        ui: &mut Ui,
        actions: &mut Vec<Action>,
        reprint: &mut Option<i64>,
        close: &mut bool,
    ) {
        ui.horizontal(|ui| {
            size_combo(ui, "print_label_size", &mut self.size);
            if !thermal(self.size) {
                self.zpl = false;
            }
            ui.separator();
            ui.label(tr("Format"));
            ui.radio_value(&mut self.zpl, false, "PDF");
            ui.add_enabled_ui(thermal(self.size), |ui| {
                ui.radio_value(&mut self.zpl, true, tr("ZPL (thermal printer)"))
                    .on_disabled_hover_text(tr("ZPL is for thermal label sizes only"));
            });
        });
        let needs_boxes = match &self.editor {
            Some(e) => e.planned,
            None => self.box_summary.1 > 0,
        };
        if !self.gs1_set && needs_boxes {
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    theme::danger(ui),
                    format!(
                        "⚠ {}",
                        tr("The GS1 company prefix is not set: set it in Settings → Printing before making box labels.")
                    ),
                );
                if ui.button(tr("Open Settings")).clicked() {
                    actions.push(Action::Go(Route::Settings));
                    *close = true;
                }
            });
        }
        if let Some(editor) = &mut self.editor {
            let mut save = false;
            editor.ui(ui, reprint, &mut save);
            if save {
                match editor.weights() {
                    Ok(weights_g) => actions.push(Action::Print(PrintAction::SaveBoxes {
                        order_id: editor.order_id,
                        weights_g,
                    })),
                    Err(e) => editor.error = Some(e),
                }
            }
        } else if !self.orders.is_empty() {
            let (with, without, boxes) = self.box_summary;
            ui.label(format!(
                "{}: {boxes} {} ({with} {})",
                tr("All box labels of the orders"),
                tr("boxes"),
                tr("order(s)")
            ));
            if without > 0 {
                ui.colored_label(
                    theme::warning(ui),
                    format!(
                        "{without} {}",
                        tr("order(s) have no boxes yet: their planned boxes are saved when printed")
                    ),
                );
            }
        }
    }

    fn destination_ui(&mut self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(tr("Destination"));
            ui.radio_value(&mut self.dest, Dest::Printer, tr("Send to printer"));
            ui.radio_value(&mut self.dest, Dest::Viewer, tr("Open in viewer"));
            ui.radio_value(&mut self.dest, Dest::File, tr("Save as…"));
        });
        match self.dest {
            Dest::Printer => {
                let mut kinds: Vec<PrintKind> = self.shelf_kind().into_iter().collect();
                if self.picking {
                    kinds.push(PrintKind::Picking);
                }
                if self.labels {
                    kinds.push(PrintKind::Labels);
                }
                for k in kinds {
                    let c = choice(&self.settings, k);
                    let text = if c.printer.trim().is_empty() {
                        format!(
                            "{} → {}",
                            kind_label(k),
                            tr("no printer set in Settings → Printing: opens in the viewer")
                        )
                    } else {
                        let format = if k == PrintKind::Labels && self.zpl {
                            format!(", ZPL {} dpi", c.dpi)
                        } else {
                            String::new()
                        };
                        format!("{} → {} ({}{format})", kind_label(k), c.printer, c.media)
                    };
                    ui.label(text);
                }
            }
            Dest::Viewer => {}
            Dest::File => {
                ui.horizontal(|ui| {
                    let r = widgets::labeled_field(ui, "print_path", tr("File"), &mut self.path, "", 480.0);
                    if self.path_focus {
                        r.request_focus();
                        self.path_focus = false;
                    }
                    if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        self.path_enter = true;
                    }
                    if ui.button(tr("Choose…")).clicked() {
                        self.choose_file();
                    }
                });
            }
        }
    }

    /// The system's save dialog. Where it cannot open (no desktop portal, no zenity) it comes
    /// back at once with nothing: say so, and leave the path field to type in.
    fn choose_file(&mut self) {
        let current = PathBuf::from(self.path.trim());
        let mut dialog = rfd::FileDialog::new()
            .set_title(tr("Save as…"))
            .add_filter("PDF", &["pdf"])
            .add_filter("ZPL", &["zpl"]);
        if let Some(dir) = current.parent().filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
        if let Some(name) = current.file_name() {
            dialog = dialog.set_file_name(name.to_string_lossy());
        }
        let asked = Instant::now();
        match dialog.save_file() {
            Some(p) => {
                self.path = p.display().to_string();
                self.message = None;
            }
            None if asked.elapsed() < Duration::from_millis(400) => {
                self.message = Some(Err(tr(
                    "The file dialog could not open on this system: type the path in the File field.",
                )
                .to_string()));
                self.path_focus = true;
            }
            None => {}
        }
    }

    fn footer_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>, print: &mut bool, close: &mut bool) {
        for r in &self.results {
            widgets::feedback(ui, &Some(r.clone()));
        }
        if let Some(run) = &mut self.running {
            let n = run.metas.len();
            let i = run.current.min(n.saturating_sub(1));
            let (done, total) = run.progress[i].get();
            let fraction = if total == 0 {
                0.0
            } else {
                done as f32 / total as f32
            };
            let title = run.metas.get(i).map(|m| m.title.as_str()).unwrap_or("");
            ui.label(format!("{title} ({}/{n})", i + 1));
            ui.horizontal(|ui| {
                ui.add(
                    egui::ProgressBar::new(fraction.clamp(0.0, 1.0))
                        .desired_width(560.0)
                        .text(format!("{done} / {total}")),
                );
                if run.cancelling {
                    ui.label(tr("Cancelling…"));
                } else if ui.button(tr("Cancel")).on_hover_text("Esc").clicked() {
                    run.cancel();
                }
            });
        } else if let Some(p) = &mut self.prompt {
            ui.label(theme::heading(format!(
                "{}: {} {}",
                tr("Into picking"),
                p.orders.len(),
                tr("order(s)")
            )));
            ui.label(format!(
                "{} {}",
                tr("The picking list is printed. Settings move the released orders into picking:"),
                p.numbers.join(", ")
            ));
            let mut confirm = false;
            let mut dismiss = false;
            ui.horizontal(|ui| {
                let r = widgets::labeled_field(ui, "print_picker", tr("Picker"), &mut p.text, "", 260.0);
                if p.focus {
                    r.request_focus();
                    p.focus = false;
                }
                if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    confirm = true;
                }
                if ui.button(tr("Move into picking")).clicked() {
                    confirm = true;
                }
                if ui.button(tr("Not now")).on_hover_text("Esc").clicked() {
                    dismiss = true;
                }
            });
            if let Some(e) = &p.error {
                ui.colored_label(theme::danger(ui), format!("⚠ {e}"));
            }
            if confirm {
                if p.text.trim().is_empty() {
                    p.error = Some(tr("Name the picker to move the printed orders into picking").to_string());
                    p.focus = true;
                } else {
                    actions.push(Action::Print(PrintAction::StartPicking {
                        order_ids: p.orders.clone(),
                        picker: p.text.trim().to_string(),
                    }));
                    self.prompt = None;
                }
            } else if dismiss {
                self.dismiss_prompt();
            }
        } else {
            ui.horizontal(|ui| {
                let hint = match self.dest {
                    Dest::Printer => tr("Send to printer"),
                    Dest::Viewer => tr("Open in viewer"),
                    Dest::File => tr("Save as…"),
                };
                if ui
                    .add(egui::Button::new(RichText::new(tr("Print")).strong()))
                    .on_hover_text(format!("{hint} (Enter)"))
                    .clicked()
                {
                    *print = true;
                }
                if ui.button(tr("Close")).on_hover_text("Esc").clicked() {
                    *close = true;
                }
            });
        }
        widgets::feedback(ui, &self.message);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_orders_labels_count_their_own_pages() {
        // thermal and ZPL: a page a label
        assert_eq!(
            label_sections(&[3, 1, 2], LabelSize::L100x150, false),
            vec![3, 1, 2]
        );
        assert_eq!(label_sections(&[3, 1, 2], LabelSize::A4, true), vec![3, 1, 2]);
        // A4 sheets of 8: labels 0-6 on sheet 1; 7-9 across sheets 1 and 2; 10 on sheet 2
        assert_eq!(label_sections(&[7, 3, 1], LabelSize::A4, false), vec![1, 2, 1]);
        assert_eq!(label_sections(&[8, 8, 0], LabelSize::A4, false), vec![1, 1, 0]);
    }
}

//! The document controller's register: documents and their life, registries, signed copies
//! received by scan (batch), overdue copies per client, and the documents proposed when an
//! order ships.
//!
//! Four tabs: **Register** (the list with its filters, Ctrl+N the register form, the selected
//! document with its next steps and barcode sticker), **Registries** (build one by filter,
//! print it, hand all its documents over at once), **Overdue** (signed copies to chase, per
//! client) and **Scan signed copies** (a batch list that ticks each scanned copy, fed by the
//! page's own field and by the desk's global scan field alike). Every write is a [`DocWrite`].

use std::collections::BTreeSet;

use chrono::{Local, NaiveDate};
use egui::{Key, Modifiers, RichText, Ui};

use super::{Action, theme, widgets};
use crate::domain::decimal::{format_fixed, format_money, parse_fixed};
use crate::domain::document::{
    Direction, DocKind, DocStatus, DocumentDraft, DueDays, RegistryKind, SentVia, check_doc_move,
    parse_register_code, register_code,
};
use crate::domain::order::OrderStatus;
use crate::i18n::{status_label, tr};
use crate::print::jobs::{Destination, deliver_document};
use crate::print::registry::{
    RegistryPrint, StickerSize, doc_kind_label, doc_status_label, document_labels, registry_kind_label,
    registry_pdf,
};
use crate::store::documents::{
    DocumentDetail, DocumentFilter, DocumentRow, OverdueClient, Received, RegistryDetail, RegistryRow,
};
use crate::store::settings::keys::COMPANY_NAME;
use crate::store::{CustomerRow, PrintKind, Stamp, Store};

// ---------------------------------------------------------------------------------------------
// writes

/// The register's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum DocWrite {
    Register(DocumentDraft),
    /// The documents proposed when an order ships: all or none.
    RegisterMany(Vec<DocumentDraft>),
    Update {
        id: i64,
        version: i64,
        draft: DocumentDraft,
    },
    Move {
        id: i64,
        version: i64,
        to: DocStatus,
        via: Option<SentVia>,
        handed_to: String,
        note: String,
    },
    Reissue {
        id: i64,
        version: i64,
        number: String,
        date: NaiveDate,
    },
    CreateRegistry {
        kind: RegistryKind,
        on: NaiveDate,
        ids: Vec<i64>,
        comment: String,
    },
    HandOver {
        id: i64,
        version: i64,
        handed_to: String,
    },
    /// Takes a document out of a registry not yet handed over.
    RemoveFromRegistry {
        id: i64,
        version: i64,
        document_id: i64,
    },
    SaveDueDays(DueDays),
    /// A signed copy scanned (or typed) into the batch page's own field: the same
    /// `receive_scan` as the desk's global scan field.
    Receive(String),
    /// The registry as a PDF: to the viewer, the printer, or a file; recorded in the print log.
    PrintRegistry {
        id: i64,
        dest: Destination,
    },
    /// Barcode stickers of these documents (their register codes).
    PrintStickers {
        ids: Vec<i64>,
        size: StickerSize,
        dest: Destination,
    },
}

/// Carries out one write.
pub fn write(store: &mut Store, w: DocWrite, stamp: &Stamp) -> crate::Result<String> {
    match w {
        DocWrite::Register(d) => {
            let (_, code) = store.register_document(&d, stamp)?;
            Ok(format!("{} {code}", tr("Document registered:")))
        }
        DocWrite::RegisterMany(ds) => {
            let done = store.register_documents(&ds, stamp)?;
            let codes: Vec<String> = done.into_iter().map(|(_, c)| c).collect();
            Ok(format!(
                "{} {}: {}",
                codes.len(),
                tr("document(s) registered"),
                codes.join(", ")
            ))
        }
        DocWrite::Update { id, version, draft } => {
            store.update_document(id, version, &draft, stamp)?;
            Ok(format!("{}: {}", tr("Saved"), register_code(id)))
        }
        DocWrite::Move {
            id,
            version,
            to,
            via,
            handed_to,
            note,
        } => {
            store.move_document(id, version, to, via, &handed_to, &note, stamp)?;
            Ok(format!("{} → {}", register_code(id), doc_status_label(to)))
        }
        DocWrite::Reissue {
            id,
            version,
            number,
            date,
        } => {
            let (_, code) = store.reissue_document(id, version, &number, date, stamp)?;
            Ok(format!("{} {} {code}", register_code(id), tr("reissued as")))
        }
        DocWrite::CreateRegistry {
            kind,
            on,
            ids,
            comment,
        } => {
            let (_, number) = store.create_registry(kind, on, &ids, &comment, stamp)?;
            Ok(format!(
                "{} {number}: {} {}",
                tr("Registry"),
                ids.len(),
                tr("document(s)")
            ))
        }
        DocWrite::RemoveFromRegistry {
            id,
            version,
            document_id,
        } => {
            store.remove_from_registry(id, version, document_id, stamp)?;
            let number = store.registry(id).map(|r| r.row.number).unwrap_or_default();
            Ok(format!(
                "{} {}: {number}",
                register_code(document_id),
                tr("taken out of registry")
            ))
        }
        DocWrite::HandOver {
            id,
            version,
            handed_to,
        } => {
            let h = store.hand_over_registry(id, version, &handed_to, stamp)?;
            let number = store.registry(id).map(|r| r.row.number).unwrap_or_default();
            Ok(format!(
                "{} {number}: {} {}, {} {}",
                tr("Registry"),
                h.moved,
                tr("document(s) handed over"),
                h.already,
                tr("already")
            ))
        }
        DocWrite::SaveDueDays(days) => {
            store.save_document_due_days(&days, stamp)?;
            Ok(tr("Saved").to_string())
        }
        DocWrite::Receive(code) => {
            let r = store.receive_scan(&code, stamp)?;
            Ok(format!(
                "{} {} {}: {}",
                tr("Signed copy received:"),
                r.code,
                r.number,
                r.customer_name
            ))
        }
        DocWrite::PrintRegistry { id, dest } => {
            let detail = store.registry(id)?;
            let company = store.setting::<String>(COMPANY_NAME)?.unwrap_or_default();
            let pdf = registry_pdf(&RegistryPrint {
                registry: &detail,
                company: &company,
                printed_by: &stamp.by,
                printed_at: stamp.at.with_timezone(&Local),
            })?;
            let title = format!("{} {}", tr("Registry of documents"), detail.row.number);
            let said = deliver_document(
                store,
                PrintKind::Registry,
                &pdf,
                &title,
                None,
                &detail.row.number,
                &dest,
                stamp,
            )?;
            Ok(format!("{title}: {said}"))
        }
        DocWrite::PrintStickers { ids, size, dest } => {
            let docs = ids
                .iter()
                .map(|id| store.document(*id).map(|d| d.row))
                .collect::<crate::Result<Vec<_>>>()?;
            let pdf = document_labels(&docs, size)?;
            let codes: Vec<&str> = docs.iter().map(|d| d.code.as_str()).collect();
            // the print log of an order: when every sticker belongs to that one order
            let mut orders: Vec<i64> = Vec::new();
            for id in &ids {
                for (o, _) in store.document(*id)?.orders {
                    if !orders.contains(&o) {
                        orders.push(o);
                    }
                }
            }
            let order_id = (orders.len() == 1).then(|| orders[0]);
            let title = tr("Document barcodes");
            let said = deliver_document(
                store,
                PrintKind::DocumentLabels,
                &pdf,
                title,
                order_id,
                &codes.join(", "),
                &dest,
                stamp,
            )?;
            Ok(format!("{title} ({}): {said}", docs.len()))
        }
    }
}

// ---------------------------------------------------------------------------------------------
// labels

pub use crate::print::registry::{direction_label, sent_via_label};

fn sticker_label(s: StickerSize) -> &'static str {
    match s {
        StickerSize::Label58x40 => tr("Label 58×40 mm"),
        StickerSize::A4Sheet => tr("A4 sheet of 24"),
    }
}

/// The button of a step from `from` to `to`.
fn step_label(from: DocStatus, to: DocStatus) -> String {
    if DocStatus::is_back_step(from, to) {
        return format!("{} «{}»…", tr("Back to"), doc_status_label(to));
    }
    match to {
        DocStatus::Sent => tr("Sent…").to_string(),
        DocStatus::Signed => tr("Mark the signed copy received").to_string(),
        DocStatus::Handed => tr("Handed over…").to_string(),
        DocStatus::Lost => tr("Lost…").to_string(),
        DocStatus::Cancelled => tr("Cancel the document…").to_string(),
        DocStatus::Reissued => tr("Reissue…").to_string(),
        DocStatus::Issued | DocStatus::Received => format!("→ {}", doc_status_label(to)),
    }
}

/// A step that asks for something first (how it went, to whom, why, the new number).
fn step_needs_form(from: DocStatus, to: DocStatus) -> bool {
    DocStatus::is_back_step(from, to) || to != DocStatus::Signed
}

/// The name of a field a draft's check complains about.
fn field_label(field: &str) -> &'static str {
    match field {
        "number" => tr("Number"),
        "customer" => tr("Customer"),
        "amount" => tr("Amount"),
        "doc_date" => tr("Date"),
        "orders" => tr("Orders"),
        _ => tr("Document"),
    }
}

/// A date typed by the user: `2026-11-23` or `23.11.2026`.
fn parse_day(label: &str, text: &str) -> Result<NaiveDate, String> {
    super::intake::parse_date(text).ok_or_else(|| {
        format!(
            "{label}: «{}» {}",
            text.trim(),
            tr("is not a date: type it as 2026-11-23 or 23.11.2026")
        )
    })
}

fn money(m: Option<i64>) -> String {
    m.map(format_money).unwrap_or_default()
}

/// The due day of a document's signed copy, coloured when overdue.
fn due_text(ui: &Ui, r: &DocumentRow, today: NaiveDate) -> RichText {
    match (r.overdue_days(today), r.due_on) {
        (Some(days), Some(due)) => RichText::new(format!("{due} · {days} {}", tr("days overdue")))
            .color(theme::danger(ui))
            .strong(),
        (None, Some(due)) if r.status.awaits_signed_copy() => RichText::new(due.to_string()),
        _ => RichText::new("—").color(theme::muted(ui)),
    }
}

// ---------------------------------------------------------------------------------------------
// the register form

struct DocForm {
    /// Editing this document (id, version); None: a new one.
    edit: Option<(i64, i64)>,
    kind: DocKind,
    direction: Direction,
    number: String,
    date: String,
    customer_query: String,
    hits: Vec<CustomerRow>,
    hit: usize,
    /// The picked customer: id and "code — name".
    customer: Option<(i64, String)>,
    counterparty: String,
    orders: String,
    amount: String,
    comment: String,
    message: Option<Result<String, String>>,
    focus: bool,
}

impl DocForm {
    fn new(today: NaiveDate) -> Self {
        DocForm {
            edit: None,
            kind: DocKind::Waybill,
            direction: Direction::Outgoing,
            number: String::new(),
            date: today.to_string(),
            customer_query: String::new(),
            hits: Vec::new(),
            hit: 0,
            customer: None,
            counterparty: String::new(),
            orders: String::new(),
            amount: String::new(),
            comment: String::new(),
            message: None,
            focus: true,
        }
    }

    fn edit(d: &DocumentDetail) -> Self {
        let r = &d.row;
        let customer = r
            .customer_id
            .map(|id| (id, format!("{} — {}", r.customer_code, r.customer_name)));
        DocForm {
            edit: Some((r.id, r.version)),
            kind: r.kind,
            direction: r.direction,
            number: r.number.clone(),
            date: r.doc_date.to_string(),
            customer_query: customer.as_ref().map(|c| c.1.clone()).unwrap_or_default(),
            hits: Vec::new(),
            hit: 0,
            customer,
            counterparty: r.counterparty.clone(),
            orders: d
                .orders
                .iter()
                .map(|(_, n)| n.as_str())
                .collect::<Vec<_>>()
                .join(", "),
            amount: r.amount_minor.map(|a| format_fixed(a, 2)).unwrap_or_default(),
            comment: r.comment.clone(),
            message: None,
            focus: true,
        }
    }

    /// The orders typed: each must exist. (id, customer id, number).
    fn orders(&self, store: &Store) -> Result<Vec<(i64, i64, String)>, String> {
        let mut out: Vec<(i64, i64, String)> = Vec::new();
        for n in self
            .orders
            .split(|c: char| c == ',' || c == ';' || c.is_whitespace())
            .map(str::trim)
            .filter(|n| !n.is_empty())
        {
            let id = store
                .order_by_number(n)
                .map_err(|e| e.to_string())?
                .ok_or_else(|| format!("{} «{n}» {}", tr("Order"), tr("not found")))?;
            if out.iter().any(|(o, _, _)| *o == id) {
                continue;
            }
            let o = store.order(id).map_err(|e| e.to_string())?;
            out.push((id, o.summary.customer_id, o.summary.number));
        }
        Ok(out)
    }

    /// The customer: the one picked, else the only match of what was typed (an exact code
    /// wins), else the customer of the orders typed.
    fn customer_id(&self, store: &Store, orders: &[(i64, i64, String)]) -> Result<Option<i64>, String> {
        if let Some((id, _)) = self.customer {
            return Ok(Some(id));
        }
        let q = self.customer_query.trim();
        if q.is_empty() {
            return Ok(orders.first().map(|o| o.1));
        }
        if let Ok(Some(c)) = store.customer_by_code(q) {
            return Ok(Some(c.id));
        }
        let hits = store.customers(q, 2).map_err(|e| e.to_string())?;
        match hits.as_slice() {
            [one] => Ok(Some(one.id)),
            [] => Err(format!("{}: «{q}» {}", tr("Customer"), tr("not found"))),
            _ => Err(format!(
                "{}: {}",
                tr("Customer"),
                tr("several match: pick one from the list")
            )),
        }
    }

    /// The draft as typed, or what is wrong with it, in words.
    fn draft(&self, store: &Store) -> Result<DocumentDraft, String> {
        let doc_date = parse_day(tr("Date"), &self.date)?;
        let orders = self.orders(store)?;
        let customer_id = self.customer_id(store, &orders)?;
        if let Some(cid) = customer_id {
            for (oid, ocid, number) in &orders {
                if *ocid != cid {
                    let o = store.order(*oid).map_err(|e| e.to_string())?;
                    return Err(format!(
                        "{} {number}: {} ({} — {})",
                        tr("Order"),
                        tr("belongs to another customer"),
                        o.summary.customer_code,
                        o.summary.customer_name
                    ));
                }
            }
        }
        let amount_minor = if self.amount.trim().is_empty() {
            None
        } else {
            Some(parse_fixed(&self.amount, 2).map_err(|e| format!("{}: {e}", tr("Amount")))?)
        };
        let draft = DocumentDraft {
            kind: self.kind,
            direction: self.direction,
            number: self.number.trim().to_string(),
            doc_date,
            customer_id,
            counterparty: if self.direction == Direction::Incoming {
                self.counterparty.trim().to_string()
            } else {
                String::new()
            },
            amount_minor,
            comment: self.comment.trim().to_string(),
            order_ids: orders.iter().map(|o| o.0).collect(),
        };
        draft
            .validate()
            .map_err(|e| format!("{}: {}", field_label(e.field), e.message))?;
        Ok(draft)
    }
}

/// A step of the selected document being filled in (how, to whom, why, the new number).
struct StepForm {
    document: i64,
    to: DocStatus,
    via: SentVia,
    handed_to: String,
    note: String,
    number: String,
    date: String,
    focus: bool,
}

impl StepForm {
    fn new(document: i64, to: DocStatus, today: NaiveDate) -> Self {
        StepForm {
            document,
            to,
            via: SentVia::Goods,
            handed_to: if to == DocStatus::Handed {
                tr("Accounting").to_string()
            } else {
                String::new()
            },
            note: String::new(),
            number: String::new(),
            date: today.to_string(),
            focus: true,
        }
    }
}

/// Handing the selected registry over: to whom, then confirm.
struct HandOverForm {
    registry: i64,
    to: String,
    focus: bool,
}

/// One scan of the batch page.
#[derive(Debug, Clone)]
struct BatchRow {
    ok: bool,
    text: String,
}

impl BatchRow {
    fn received(r: &Received) -> Self {
        BatchRow {
            ok: true,
            text: format!(
                "✔ {} · {} {} · {} · {} {}",
                r.code,
                doc_kind_label(r.kind),
                r.number,
                r.customer_name,
                tr("was:"),
                doc_status_label(r.was)
            ),
        }
    }
    fn refused(code: &str, why: &str) -> Self {
        BatchRow {
            ok: false,
            text: format!("✘ {} — {why}", code.trim()),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// the panel

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Tab {
    #[default]
    Register,
    Registries,
    Overdue,
    Scan,
}

impl Tab {
    const ALL: [Tab; 4] = [Tab::Register, Tab::Registries, Tab::Overdue, Tab::Scan];
    fn label(self) -> &'static str {
        match self {
            Tab::Register => tr("Register"),
            Tab::Registries => tr("Registries"),
            Tab::Overdue => tr("Overdue"),
            Tab::Scan => tr("Scan signed copies"),
        }
    }
}

/// A registry being built: its kind, day, and the documents that fit, ticked or not.
type Candidates = (RegistryKind, NaiveDate, Vec<(DocumentRow, bool)>);

/// What the last write asked for, so that its outcome lands in the right place.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
enum Pending {
    #[default]
    Nothing,
    Form,
    Step,
    Sticker,
    CreateRegistry {
        kind: RegistryKind,
        on: NaiveDate,
    },
    HandOver,
    PrintRegistry,
    Scan(String),
}

/// At most this many documents in the list (newest first).
const LIST_LIMIT: i64 = 5000;
const SUGGESTIONS: usize = 8;

/// The register panel.
pub struct DocumentsPanel {
    pub stale: bool,
    tab: Tab,
    today: NaiveDate,
    pending: Pending,
    // the register
    filter: DocumentFilter,
    from: String,
    to: String,
    overdue_only: bool,
    rows: Vec<DocumentRow>,
    selected: Option<i64>,
    scroll_pending: bool,
    /// Ticked in the list (checkbox or Ctrl+click) for stickers.
    ticked: BTreeSet<i64>,
    detail: Option<DocumentDetail>,
    form: Option<DocForm>,
    step: Option<StepForm>,
    sticker_size: StickerSize,
    /// Days for the signed copy per kind (Settings), for the form's due day.
    due_days: DueDays,
    message: Option<Result<String, String>>,
    /// After registering: select this register code.
    select_code: Option<i64>,
    // registries
    reg_kind: RegistryKind,
    reg_date: String,
    reg_comment: String,
    /// The documents a new registry would list, ticked or not.
    candidates: Option<Candidates>,
    registries: Vec<RegistryRow>,
    reg_selected: Option<i64>,
    reg_detail: Option<RegistryDetail>,
    hand_over: Option<HandOverForm>,
    reg_message: Option<Result<String, String>>,
    /// After creating: select the latest registry of this kind and day.
    select_registry: Option<(RegistryKind, NaiveDate)>,
    // overdue
    overdue: Vec<OverdueClient>,
    overdue_message: Option<String>,
    // scans
    batch: Vec<BatchRow>,
    batch_code: String,
    batch_focus: bool,
    /// A scan of the page's own field that was received: shown once read back.
    resolve: Option<(String, String)>,
}

impl Default for DocumentsPanel {
    fn default() -> Self {
        let today = Local::now().date_naive();
        DocumentsPanel {
            stale: true,
            tab: Tab::Register,
            today,
            pending: Pending::Nothing,
            filter: DocumentFilter {
                limit: Some(LIST_LIMIT),
                ..Default::default()
            },
            from: String::new(),
            to: String::new(),
            overdue_only: false,
            rows: Vec::new(),
            selected: None,
            scroll_pending: false,
            ticked: BTreeSet::new(),
            detail: None,
            form: None,
            step: None,
            sticker_size: StickerSize::Label58x40,
            due_days: DueDays::default(),
            message: None,
            select_code: None,
            reg_kind: RegistryKind::Shipments,
            reg_date: today.to_string(),
            reg_comment: String::new(),
            candidates: None,
            registries: Vec::new(),
            reg_selected: None,
            reg_detail: None,
            hand_over: None,
            reg_message: None,
            select_registry: None,
            overdue: Vec::new(),
            overdue_message: None,
            batch: Vec::new(),
            batch_code: String::new(),
            batch_focus: false,
            resolve: None,
        }
    }
}

impl DocumentsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        let today = Local::now().date_naive();
        if today != self.today {
            // the desk stays open overnight: new overdue copies, a new default day
            if self.reg_date == self.today.to_string() {
                self.reg_date = today.to_string();
            }
            self.today = today;
            self.stale = true;
        }
        if let Some((code, said)) = self.resolve.take() {
            self.batch.insert(0, received_row(store, &code, &said));
        }
        if self.stale {
            self.refresh(store);
        }
        if widgets::command_key(ui, Key::N) {
            self.new_document();
        }
        if !egui::Popup::is_any_open(ui.ctx())
            && (self.step.is_some() || self.form.is_some())
            && self.tab == Tab::Register
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            if self.step.is_some() {
                self.step = None;
            } else {
                self.form = None;
            }
        }
        if self.hand_over.is_some()
            && self.tab == Tab::Registries
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            self.hand_over = None;
        }

        ui.horizontal_wrapped(|ui| {
            ui.label(theme::heading(tr("Documents")));
            ui.add_space(12.0);
            for t in Tab::ALL {
                if ui.selectable_label(self.tab == t, t.label()).clicked() {
                    // the batch page takes the scanner's keystrokes in its own field
                    self.batch_focus = t == Tab::Scan;
                    if self.tab != t {
                        self.tab = t;
                        self.stale = true;
                    }
                }
            }
        });
        ui.separator();
        if self.stale {
            self.refresh(store);
        }
        match self.tab {
            Tab::Register => self.register_ui(ui, store, actions),
            Tab::Registries => self.registries_ui(ui, store, actions),
            Tab::Overdue => self.overdue_ui(ui, store, actions),
            Tab::Scan => self.scan_ui(ui, actions),
        }
    }

    pub fn done(&mut self, msg: String) {
        match std::mem::take(&mut self.pending) {
            Pending::Form => {
                if let Some(f) = self.form.take()
                    && let Some((id, _)) = f.edit
                {
                    self.selected = Some(id);
                }
                // a new document: select it (its register code ends the message)
                self.select_code = msg
                    .split_whitespace()
                    .rev()
                    .find_map(|w| parse_register_code(w.trim_matches(|c: char| c == ',' || c == ':')));
                self.message = Some(Ok(msg));
            }
            Pending::Step => {
                self.step = None;
                self.select_code = msg
                    .split_whitespace()
                    .rev()
                    .find_map(|w| parse_register_code(w.trim_matches(|c: char| c == ',' || c == ':')))
                    .filter(|id| Some(*id) != self.selected);
                self.message = Some(Ok(msg));
            }
            Pending::CreateRegistry { kind, on } => {
                self.candidates = None;
                self.reg_comment.clear();
                self.select_registry = Some((kind, on));
                self.reg_message = Some(Ok(msg));
            }
            Pending::HandOver => {
                self.hand_over = None;
                self.reg_message = Some(Ok(msg));
            }
            Pending::PrintRegistry => self.reg_message = Some(Ok(msg)),
            Pending::Scan(code) => {
                self.resolve = Some((code, msg));
                self.batch_focus = true;
            }
            Pending::Sticker | Pending::Nothing => self.message = Some(Ok(msg)),
        }
        self.stale = true;
    }

    pub fn failed(&mut self, msg: String) {
        match std::mem::take(&mut self.pending) {
            Pending::Form => match &mut self.form {
                Some(f) => f.message = Some(Err(msg)),
                None => self.message = Some(Err(msg)),
            },
            Pending::CreateRegistry { .. } | Pending::HandOver | Pending::PrintRegistry => {
                self.reg_message = Some(Err(msg))
            }
            Pending::Scan(code) => {
                self.scanned(&code, Err(msg));
                self.batch_focus = true;
            }
            Pending::Step | Pending::Sticker | Pending::Nothing => self.message = Some(Err(msg)),
        }
        self.stale = true;
    }

    /// Shows a document.
    pub fn select(&mut self, store: &Store, id: i64) {
        self.tab = Tab::Register;
        self.form = None;
        if self.step.as_ref().is_some_and(|s| s.document != id) {
            self.step = None;
        }
        self.selected = Some(id);
        self.scroll_pending = true;
        match store.document(id) {
            Ok(d) => self.detail = Some(d),
            Err(e) => {
                self.detail = None;
                self.message = Some(Err(e.to_string()));
            }
        }
        self.stale = true;
    }

    /// A scan of a signed copy in the global scan field: ticks (or refuses) in the batch list.
    pub fn scanned(&mut self, code: &str, result: Result<Received, String>) {
        self.tab = Tab::Scan;
        let row = match &result {
            Ok(r) => BatchRow::received(r),
            Err(e) => BatchRow::refused(code, e),
        };
        self.batch.insert(0, row);
        self.stale = true;
    }

    fn new_document(&mut self) {
        if self.tab != Tab::Register {
            self.tab = Tab::Register;
            self.stale = true;
        }
        self.step = None;
        if self.form.as_ref().is_none_or(|f| f.edit.is_some()) {
            self.form = Some(DocForm::new(self.today));
        }
        if let Some(f) = &mut self.form {
            f.focus = true;
        }
    }

    fn push(&mut self, actions: &mut Vec<Action>, pending: Pending, w: DocWrite) {
        self.pending = pending;
        actions.push(Action::Documents(w));
    }

    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        match self.tab {
            Tab::Register => self.refresh_register(store),
            Tab::Registries => self.refresh_registries(store),
            Tab::Overdue => {
                self.overdue_message = None;
                match store.overdue_documents(self.today) {
                    Ok(o) => self.overdue = o,
                    Err(e) => self.overdue_message = Some(e.to_string()),
                }
            }
            Tab::Scan => {}
        }
    }

    fn refresh_register(&mut self, store: &Store) {
        let mut f = self.filter.clone();
        f.from = super::intake::parse_date(&self.from);
        f.to = super::intake::parse_date(&self.to);
        f.overdue_on = self.overdue_only.then_some(self.today);
        match store.documents(&f) {
            Ok(rows) => self.rows = rows,
            Err(e) => self.message = Some(Err(e.to_string())),
        }
        match store.document_due_days() {
            Ok(d) => self.due_days = d,
            Err(e) => self.message = Some(Err(e.to_string())),
        }
        if let Some(id) = self.select_code.take() {
            self.selected = Some(id);
            self.scroll_pending = true;
        }
        match self.selected {
            Some(id) => match store.document(id) {
                Ok(d) => self.detail = Some(d),
                Err(e) => {
                    self.detail = None;
                    self.message = Some(Err(e.to_string()));
                }
            },
            None => self.detail = None,
        }
    }

    fn refresh_registries(&mut self, store: &Store) {
        match store.registries(None, None) {
            Ok(r) => self.registries = r,
            Err(e) => self.reg_message = Some(Err(e.to_string())),
        }
        if let Some((kind, on)) = self.select_registry.take() {
            match store.registry_for(kind, on) {
                Ok(Some(id)) => self.reg_selected = Some(id),
                Ok(None) => {}
                Err(e) => self.reg_message = Some(Err(e.to_string())),
            }
        }
        self.reg_detail = None;
        if let Some(id) = self.reg_selected {
            match store.registry(id) {
                Ok(d) => self.reg_detail = Some(d),
                Err(e) => self.reg_message = Some(Err(e.to_string())),
            }
        }
        if self
            .hand_over
            .as_ref()
            .is_some_and(|h| Some(h.registry) != self.reg_selected)
        {
            self.hand_over = None;
        }
    }

    // -----------------------------------------------------------------------------------------
    // the register

    fn register_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        egui::Panel::right("document_detail")
            .default_size(620.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("document_detail_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if self.form.is_some() {
                            self.form_ui(ui, store, actions);
                        } else if let Some(d) = self.detail.take() {
                            widgets::feedback(ui, &self.message);
                            self.detail_ui(ui, &d, actions);
                            if self.detail.is_none() {
                                self.detail = Some(d);
                            }
                        } else {
                            widgets::feedback(ui, &self.message);
                            ui.label(tr("Select a document, or press Ctrl+N to register one"));
                        }
                    });
            });
        self.filters_ui(ui, actions);
        self.table_ui(ui, store);
    }

    fn filters_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let mut changed = false;
        ui.horizontal_wrapped(|ui| {
            changed |= widgets::labeled_field(
                ui,
                "documents_search",
                tr("Search"),
                &mut self.filter.text,
                tr("number, customer, order, comment"),
                220.0,
            )
            .changed();
            changed |= widgets::option_combo(
                ui,
                "documents_kind",
                tr("Kind"),
                &mut self.filter.kind,
                DocKind::ALL,
                doc_kind_label,
            );
            changed |= widgets::option_combo(
                ui,
                "documents_direction",
                tr("Direction"),
                &mut self.filter.direction,
                Direction::ALL,
                direction_label,
            );
            changed |= widgets::option_combo(
                ui,
                "documents_status",
                tr("Status"),
                &mut self.filter.status,
                DocStatus::ALL,
                doc_status_label,
            );
        });
        ui.horizontal_wrapped(|ui| {
            for (salt, label, text) in [
                ("documents_from", tr("From"), &mut self.from),
                ("documents_to", tr("To"), &mut self.to),
            ] {
                let r = widgets::labeled_field(ui, salt, label, text, "2026-11-23", 100.0);
                if r.changed() {
                    changed = true;
                }
                if !text.trim().is_empty() && super::intake::parse_date(text).is_none() {
                    ui.colored_label(theme::warning(ui), tr("not a date"));
                }
            }
            changed |= ui
                .checkbox(&mut self.overdue_only, tr("Overdue signed copies only"))
                .changed();
            let shown = if self.rows.len() as i64 >= LIST_LIMIT {
                format!("{} {} ({})", self.rows.len(), tr("rows"), tr("the latest"))
            } else {
                format!("{} {}", self.rows.len(), tr("rows"))
            };
            ui.label(shown);
            if ui.button(tr("New document")).on_hover_text("Ctrl+N").clicked() {
                self.new_document();
            }
        });
        ui.horizontal_wrapped(|ui| {
            // the rows still listed among the ticked ones
            self.ticked.retain(|id| self.rows.iter().any(|r| r.id == *id));
            let n = self.ticked.len();
            ui.label(format!(
                "{}: {n} ({})",
                tr("Ticked"),
                tr("checkbox or Ctrl+click")
            ));
            if n > 0 {
                if let Some(dest) = sticker_buttons(ui, "documents_ticked_size", &mut self.sticker_size) {
                    let ids = self.ticked.iter().copied().collect();
                    self.message = None;
                    let size = self.sticker_size;
                    self.push(
                        actions,
                        Pending::Sticker,
                        DocWrite::PrintStickers { ids, size, dest },
                    );
                }
                if ui.button(tr("Clear the ticks")).clicked() {
                    self.ticked.clear();
                }
            }
        });
        if changed {
            self.stale = true;
        }
    }

    fn table_ui(&mut self, ui: &mut Ui, store: &Store) {
        let columns = [
            ("", 28.0),
            (tr("Code"), 100.0),
            (tr("Kind"), 110.0),
            (tr("Number"), 100.0),
            (tr("Date"), 90.0),
            (tr("Customer"), 180.0),
            (tr("Orders"), 110.0),
            (tr("Amount"), 100.0),
            (tr("Status"), 130.0),
            (tr("Signed copy due"), 160.0),
        ];
        if self.rows.is_empty() {
            ui.colored_label(theme::muted(ui), tr("No documents"));
        }
        let selected = self
            .selected
            .and_then(|id| self.rows.iter().position(|r| r.id == id));
        let scroll_to = std::mem::take(&mut self.scroll_pending)
            .then_some(selected)
            .flatten();
        let today = self.today;
        let rows = &self.rows;
        let ticked = &mut self.ticked;
        let clicked = widgets::record_table(
            ui,
            "documents_table",
            &columns,
            rows.len(),
            selected,
            scroll_to,
            |ui, i, col| {
                let r = &rows[i];
                match col {
                    0 => {
                        let mut on = ticked.contains(&r.id);
                        if ui
                            .checkbox(&mut on, "")
                            .accessible_name(format!("{}: {}", tr("Tick"), r.code))
                            .changed()
                        {
                            if on {
                                ticked.insert(r.id);
                            } else {
                                ticked.remove(&r.id);
                            }
                        }
                    }
                    1 => widgets::cell(ui, &r.code),
                    2 => widgets::cell(ui, doc_kind_label(r.kind)),
                    3 => widgets::cell(ui, &r.number),
                    4 => widgets::cell(ui, r.doc_date.to_string()),
                    5 => widgets::cell(ui, &r.customer_name),
                    6 => widgets::cell(ui, r.order_numbers.join(", ")),
                    7 => widgets::cell(ui, money(r.amount_minor)),
                    8 => widgets::cell(ui, doc_status_label(r.status)),
                    _ => {
                        let due = due_text(ui, r, today);
                        widgets::cell(ui, due)
                    }
                }
            },
        );
        if let Some(i) = clicked {
            let id = self.rows[i].id;
            if ui.input(|i| i.modifiers.command) {
                if !self.ticked.remove(&id) {
                    self.ticked.insert(id);
                }
            } else {
                self.select(store, id);
            }
        }
    }

    fn form_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let Some(form) = &mut self.form else { return };
        ui.label(theme::heading(match form.edit {
            Some(_) => tr("Edit the document"),
            None => tr("New document"),
        }));
        let mut fields: Vec<egui::Response> = Vec::new();
        let mut customer_enter = false;
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(tr("Kind"));
            egui::ComboBox::from_id_salt("document_form_kind")
                .selected_text(doc_kind_label(form.kind))
                .show_ui(ui, |ui| {
                    for k in DocKind::ALL {
                        ui.selectable_value(&mut form.kind, *k, doc_kind_label(*k));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.add_space(12.0);
            for d in Direction::ALL {
                ui.radio_value(&mut form.direction, *d, direction_label(*d));
            }
        });
        egui::Grid::new("document_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let r = widgets::text_row(ui, tr("Number"), &mut form.number);
                if std::mem::take(&mut form.focus) {
                    r.request_focus();
                }
                fields.push(r);
                let l = ui.label(tr("Date"));
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.date)
                            .id_salt("document_form_date")
                            .hint_text(tr("2026-11-23 or 23.11.2026"))
                            .desired_width(140.0),
                    )
                    .labelled_by(l.id);
                ui.end_row();
                fields.push(r);

                let l = ui.label(tr("Customer"));
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.customer_query)
                            .id_salt("document_form_customer")
                            .hint_text(tr("Type code, name or tax ID"))
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                ui.end_row();
                if r.changed() {
                    form.customer = None;
                    form.hit = 0;
                    form.hits = if form.customer_query.trim().is_empty() {
                        Vec::new()
                    } else {
                        store
                            .customers(&form.customer_query, SUGGESTIONS)
                            .unwrap_or_default()
                    };
                }
                if r.has_focus() && !form.hits.is_empty() {
                    if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowDown)) {
                        form.hit = (form.hit + 1).min(form.hits.len() - 1);
                    }
                    if ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::ArrowUp)) {
                        form.hit = form.hit.saturating_sub(1);
                    }
                }
                if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    if form.customer.is_none() && !form.hits.is_empty() {
                        // Enter picks the highlighted match; with the customer known it saves
                        customer_enter = true;
                        if let Some(c) = form.hits.get(form.hit) {
                            let name = format!("{} — {}", c.code, c.legal_name);
                            form.customer_query = name.clone();
                            form.customer = Some((c.id, name));
                        }
                        form.hits.clear();
                    } else {
                        fields.push(r);
                    }
                }
                if form.customer.is_none() && !form.hits.is_empty() {
                    ui.label("");
                    let mut pick = None;
                    ui.vertical(|ui| {
                        for (i, c) in form.hits.iter().enumerate() {
                            let text = format!("{} · {} · {}", c.code, c.legal_name, c.tax_id);
                            if ui.selectable_label(i == form.hit, text).clicked() {
                                pick = Some(i);
                            }
                        }
                    });
                    ui.end_row();
                    if let Some(c) = pick.and_then(|i| form.hits.get(i)) {
                        let name = format!("{} — {}", c.code, c.legal_name);
                        form.customer_query = name.clone();
                        form.customer = Some((c.id, name));
                        form.hits.clear();
                    }
                } else if let Some((_, name)) = &form.customer {
                    ui.label("");
                    ui.colored_label(theme::success(ui), format!("✔ {name}"));
                    ui.end_row();
                }
                if form.direction == Direction::Incoming {
                    fields.push(widgets::text_row(
                        ui,
                        tr("Supplier or sender (not a customer)"),
                        &mut form.counterparty,
                    ));
                }
                let l = ui.label(tr("Orders"));
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut form.orders)
                            .id_salt("document_form_orders")
                            .hint_text(tr("order numbers, separated by commas"))
                            .desired_width(f32::INFINITY),
                    )
                    .labelled_by(l.id);
                ui.end_row();
                fields.push(r);
                fields.push(widgets::text_row(ui, tr("Amount"), &mut form.amount));
                fields.push(widgets::text_row(ui, tr("Comment"), &mut form.comment));
            });
        // the due day the signed copy will get
        if form.direction == Direction::Outgoing
            && let Some(day) = super::intake::parse_date(&form.date)
        {
            let n = self.due_days.days(form.kind);
            match crate::domain::document::due_on(form.direction, n, day) {
                Some(due) => ui.label(format!("{} {n} {}: {due}", tr("Signed copy due in"), tr("days"))),
                None => ui.label(
                    RichText::new(tr("No signed copy expected for this kind")).color(theme::muted(ui)),
                ),
            };
        }
        widgets::feedback(ui, &form.message);
        let enter = !customer_enter
            && fields.iter().any(|r| r.lost_focus())
            && ui.input(|i| i.key_pressed(Key::Enter));
        let mut save = enter;
        let mut close = false;
        ui.horizontal(|ui| {
            save |= ui.button(tr("Save")).on_hover_text("Enter").clicked();
            close = ui.button(tr("Close")).on_hover_text("Esc").clicked();
        });
        if close {
            self.form = None;
            return;
        }
        if save {
            match form.draft(store) {
                Ok(draft) => {
                    form.message = None;
                    let w = match form.edit {
                        Some((id, version)) => DocWrite::Update { id, version, draft },
                        None => DocWrite::Register(draft),
                    };
                    self.message = None;
                    self.push(actions, Pending::Form, w);
                }
                Err(e) => form.message = Some(Err(e)),
            }
        }
    }

    fn detail_ui(&mut self, ui: &mut Ui, d: &DocumentDetail, actions: &mut Vec<Action>) {
        let r = &d.row;
        let today = self.today;
        ui.label(theme::heading(format!(
            "{} · {} {} · {}",
            r.code,
            doc_kind_label(r.kind),
            r.number,
            doc_status_label(r.status)
        )));
        egui::Grid::new("document_fields")
            .num_columns(2)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                let row = |ui: &mut Ui, label: &str, value: String| {
                    ui.strong(label);
                    ui.label(value);
                    ui.end_row();
                };
                row(ui, tr("Direction"), direction_label(r.direction).to_string());
                row(ui, tr("Date"), r.doc_date.to_string());
                ui.strong(tr("Customer"));
                match r.customer_id {
                    Some(cid) => {
                        if ui
                            .link(format!("{} — {}", r.customer_code, r.customer_name))
                            .clicked()
                        {
                            actions.push(Action::OpenCustomer(cid));
                        }
                    }
                    None => {
                        ui.label(&r.customer_name);
                    }
                }
                ui.end_row();
                if !r.counterparty.is_empty() && r.customer_id.is_some() {
                    row(ui, tr("Sender"), r.counterparty.clone());
                }
                if let Some(a) = r.amount_minor {
                    row(ui, tr("Amount"), format_money(a));
                }
                if !r.comment.is_empty() {
                    row(ui, tr("Comment"), r.comment.clone());
                }
                if let Some(at) = r.sent_at {
                    let via = r.sent_via.map(sent_via_label).unwrap_or_default();
                    row(ui, tr("Sent"), format!("{} {via}", widgets::local_minute(at)));
                }
                if r.due_on.is_some() {
                    ui.strong(tr("Signed copy due"));
                    let due = due_text(ui, r, today);
                    ui.label(due);
                    ui.end_row();
                }
                if let Some(at) = r.received_at {
                    row(ui, tr("Signed copy received"), widgets::local_minute(at));
                }
                if let Some(at) = r.handed_at {
                    row(
                        ui,
                        tr("Handed over"),
                        format!("{} → {}", widgets::local_minute(at), r.handed_to),
                    );
                }
                if let Some(at) = r.lost_at {
                    row(ui, tr("Lost"), widgets::local_minute(at));
                }
                if !r.cancel_reason.is_empty() {
                    row(ui, tr("Cancelled because"), r.cancel_reason.clone());
                }
                row(
                    ui,
                    tr("Registered on"),
                    format!("{} · {}", widgets::local_minute(r.created_at), r.created_by),
                );
            });
        ui.horizontal_wrapped(|ui| {
            if let Some(old) = r.replaces_id
                && ui
                    .link(format!("{} {}", tr("Replaces"), register_code(old)))
                    .clicked()
            {
                actions.push(Action::OpenDocument(old));
            }
            if let Some(new) = r.replaced_by
                && ui
                    .link(format!("{} {}", tr("Reissued as"), register_code(new)))
                    .clicked()
            {
                actions.push(Action::OpenDocument(new));
            }
        });
        if !d.orders.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.strong(tr("Orders"));
                for (id, number) in &d.orders {
                    if ui.link(format!("{} {number}", tr("Order"))).clicked() {
                        actions.push(Action::OpenOrder(*id));
                    }
                }
            });
        }

        self.steps_ui(ui, d, actions);

        section(ui, tr("Barcode sticker"));
        ui.horizontal_wrapped(|ui| {
            if let Some(dest) = sticker_buttons(ui, "document_sticker_size", &mut self.sticker_size) {
                let size = self.sticker_size;
                self.push(
                    actions,
                    Pending::Sticker,
                    DocWrite::PrintStickers {
                        ids: vec![r.id],
                        size,
                        dest,
                    },
                );
            }
        });

        if !d.registries.is_empty() {
            section(ui, tr("Registries"));
            ui.horizontal_wrapped(|ui| {
                for (id, number, kind) in &d.registries {
                    if ui
                        .link(format!("{number} ({})", registry_kind_label(*kind)))
                        .clicked()
                    {
                        self.tab = Tab::Registries;
                        self.reg_selected = Some(*id);
                        self.stale = true;
                    }
                }
            });
        }

        section(ui, tr("History"));
        egui::Grid::new("document_history")
            .striped(true)
            .num_columns(4)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for e in &d.events {
                    ui.label(widgets::local_minute(e.at));
                    ui.label(&e.by);
                    ui.label(match e.from {
                        Some(from) => format!("{} → {}", doc_status_label(from), doc_status_label(e.to)),
                        None => doc_status_label(e.to).to_string(),
                    });
                    let mut note = e.note.clone();
                    if let Some(n) = &e.registry_number {
                        if !note.is_empty() {
                            note.push_str(" · ");
                        }
                        note.push_str(&format!("{} {n}", tr("Registry")));
                    }
                    ui.label(note);
                    ui.end_row();
                }
            });
    }

    /// The next steps of the selected document, and the form of the one chosen.
    fn steps_ui(&mut self, ui: &mut Ui, d: &DocumentDetail, actions: &mut Vec<Action>) {
        let r = &d.row;
        let steps = r.status.next_steps(r.direction);
        let editable = !r.status.is_final();
        if steps.is_empty() && !editable {
            return;
        }
        section(ui, tr("Next step"));
        let mut chosen = None;
        let mut edit = false;
        ui.horizontal_wrapped(|ui| {
            for to in steps {
                if ui.button(step_label(r.status, *to)).clicked() {
                    chosen = Some(*to);
                }
            }
            if editable && ui.button(tr("Edit…")).clicked() {
                edit = true;
            }
        });
        if edit {
            self.step = None;
            self.form = Some(DocForm::edit(d));
            return;
        }
        if let Some(to) = chosen {
            if step_needs_form(r.status, to) {
                self.step = Some(StepForm::new(r.id, to, self.today));
            } else {
                self.step = None;
                self.message = None;
                self.push(
                    actions,
                    Pending::Step,
                    DocWrite::Move {
                        id: r.id,
                        version: r.version,
                        to,
                        via: None,
                        handed_to: String::new(),
                        note: String::new(),
                    },
                );
                return;
            }
        }
        let Some(step) = &mut self.step else { return };
        if step.document != r.id {
            self.step = None;
            return;
        }
        let to = step.to;
        let back = DocStatus::is_back_step(r.status, to);
        let mut fields: Vec<egui::Response> = Vec::new();
        let mut confirm = false;
        let mut close = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.strong(step_label(r.status, to));
            let focus = std::mem::take(&mut step.focus);
            egui::Grid::new("document_step")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    if to == DocStatus::Reissued {
                        let rr = widgets::text_row(ui, tr("New number"), &mut step.number);
                        if focus {
                            rr.request_focus();
                        }
                        fields.push(rr);
                        fields.push(widgets::text_row(ui, tr("New date"), &mut step.date));
                        return;
                    }
                    if to == DocStatus::Sent {
                        ui.label(tr("How it went"));
                        ui.horizontal(|ui| {
                            for v in SentVia::ALL {
                                ui.radio_value(&mut step.via, *v, sent_via_label(*v));
                            }
                        });
                        ui.end_row();
                    }
                    if to == DocStatus::Handed {
                        let rr = widgets::text_row(ui, tr("To whom"), &mut step.handed_to);
                        if focus {
                            rr.request_focus();
                        }
                        fields.push(rr);
                    }
                    let why = if back || matches!(to, DocStatus::Lost | DocStatus::Cancelled) {
                        tr("Why (required)")
                    } else {
                        tr("Note")
                    };
                    let rr = widgets::text_row(ui, why, &mut step.note);
                    if focus && to != DocStatus::Handed {
                        rr.request_focus();
                    }
                    fields.push(rr);
                });
            confirm = fields.iter().any(|f| f.lost_focus()) && ui.input(|i| i.key_pressed(Key::Enter));
            ui.horizontal(|ui| {
                confirm |= ui.button(tr("Confirm")).on_hover_text("Enter").clicked();
                close = ui.button(tr("Close")).on_hover_text("Esc").clicked();
            });
        });
        if close {
            self.step = None;
            return;
        }
        if !confirm {
            return;
        }
        let w = if to == DocStatus::Reissued {
            let number = step.number.trim().to_string();
            if number.is_empty() {
                self.message = Some(Err(format!(
                    "{}: {}",
                    tr("New number"),
                    tr("type the number of the new document")
                )));
                return;
            }
            match parse_day(tr("New date"), &step.date) {
                Ok(date) => DocWrite::Reissue {
                    id: r.id,
                    version: r.version,
                    number,
                    date,
                },
                Err(e) => {
                    self.message = Some(Err(e));
                    return;
                }
            }
        } else {
            let note = step.note.trim().to_string();
            if let Err(e) = check_doc_move(r.direction, r.status, to, &note) {
                self.message = Some(Err(format!("{}: {}", step_label(r.status, to), e.reason)));
                return;
            }
            let handed_to = step.handed_to.trim().to_string();
            if to == DocStatus::Handed && handed_to.is_empty() {
                self.message = Some(Err(format!(
                    "{}: {}",
                    tr("To whom"),
                    tr("say who took the documents")
                )));
                return;
            }
            DocWrite::Move {
                id: r.id,
                version: r.version,
                to,
                via: (to == DocStatus::Sent).then_some(step.via),
                handed_to,
                note,
            }
        };
        self.message = None;
        self.push(actions, Pending::Step, w);
    }

    // -----------------------------------------------------------------------------------------
    // registries

    fn registries_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        egui::Panel::right("registry_detail")
            .default_size(640.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("registry_detail_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        widgets::feedback(ui, &self.reg_message);
                        if self.candidates.is_some() {
                            self.candidates_ui(ui, actions);
                        } else if let Some(d) = self.reg_detail.take() {
                            self.registry_ui(ui, &d, actions);
                            if self.reg_detail.is_none() {
                                self.reg_detail = Some(d);
                            }
                        } else {
                            ui.label(tr(
                                "Build a new registry (kind and date, then Build), or select one from the list",
                            ));
                        }
                    });
            });

        ui.label(RichText::new(tr("New registry")).strong());
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(tr("Registry kind"));
            egui::ComboBox::from_id_salt("registry_kind")
                .selected_text(registry_kind_label(self.reg_kind))
                .show_ui(ui, |ui| {
                    for k in RegistryKind::ALL {
                        ui.selectable_value(&mut self.reg_kind, *k, registry_kind_label(*k));
                    }
                })
                .response
                .labelled_by(l.id);
            let r = widgets::labeled_field(
                ui,
                "registry_date",
                tr("Registry date"),
                &mut self.reg_date,
                "2026-11-23",
                110.0,
            );
            let build = ui.button(tr("Build")).clicked();
            if build || (r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter))) {
                self.reg_message = None;
                match parse_day(tr("Registry date"), &self.reg_date) {
                    Ok(on) => match store.registry_candidates(self.reg_kind, on) {
                        Ok(rows) => {
                            self.hand_over = None;
                            self.candidates =
                                Some((self.reg_kind, on, rows.into_iter().map(|r| (r, true)).collect()));
                        }
                        Err(e) => self.reg_message = Some(Err(e.to_string())),
                    },
                    Err(e) => self.reg_message = Some(Err(e)),
                }
            }
        });
        ui.separator();
        ui.label(RichText::new(tr("Registries")).strong());
        self.registry_table_ui(ui, store);
    }

    fn registry_table_ui(&mut self, ui: &mut Ui, store: &Store) {
        let columns = [
            (tr("Number"), 130.0),
            (tr("Kind"), 180.0),
            (tr("Date"), 90.0),
            (tr("Documents"), 80.0),
            (tr("Amount"), 110.0),
            (tr("Handed over"), 200.0),
        ];
        if self.registries.is_empty() {
            ui.colored_label(theme::muted(ui), tr("No registries yet"));
        }
        let selected = self
            .reg_selected
            .and_then(|id| self.registries.iter().position(|r| r.id == id));
        let rows = &self.registries;
        let clicked = widgets::record_table(
            ui,
            "registries_table",
            &columns,
            rows.len(),
            selected,
            None,
            |ui, i, col| {
                let r = &rows[i];
                match col {
                    0 => widgets::cell(ui, &r.number),
                    1 => widgets::cell(ui, registry_kind_label(r.kind)),
                    2 => widgets::cell(ui, r.on_date.to_string()),
                    3 => widgets::cell(ui, r.documents.to_string()),
                    4 => widgets::cell(ui, format_money(r.amount_minor)),
                    _ => widgets::cell(ui, handed_text(r)),
                }
            },
        );
        if let Some(i) = clicked {
            self.reg_selected = Some(self.registries[i].id);
            self.candidates = None;
            self.hand_over = None;
            self.reg_message = None;
            self.refresh_registries(store);
        }
    }

    fn candidates_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some((kind, on, rows)) = &mut self.candidates else {
            return;
        };
        let (kind, on) = (*kind, *on);
        ui.label(theme::heading(format!(
            "{} · {} · {on}",
            tr("New registry"),
            registry_kind_label(kind)
        )));
        if rows.is_empty() {
            ui.colored_label(
                theme::muted(ui),
                tr("No documents fit this registry: none waiting for this kind on that day"),
            );
        } else {
            ui.horizontal(|ui| {
                if ui.button(tr("Tick all")).clicked() {
                    rows.iter_mut().for_each(|r| r.1 = true);
                }
                if ui.button(tr("Untick all")).clicked() {
                    rows.iter_mut().for_each(|r| r.1 = false);
                }
            });
            egui::Grid::new("registry_candidates")
                .striped(true)
                .num_columns(6)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for h in [
                        tr("Code"),
                        tr("Kind"),
                        tr("Number"),
                        tr("Customer"),
                        tr("Orders"),
                        tr("Amount"),
                    ] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (r, on) in rows.iter_mut() {
                        ui.checkbox(on, &r.code);
                        ui.label(doc_kind_label(r.kind));
                        ui.label(&r.number);
                        ui.label(&r.customer_name);
                        ui.label(r.order_numbers.join(", "));
                        ui.label(money(r.amount_minor));
                        ui.end_row();
                    }
                });
        }
        let ids: Vec<i64> = rows.iter().filter(|r| r.1).map(|r| r.0.id).collect();
        let amount: i64 = rows.iter().filter(|r| r.1).filter_map(|r| r.0.amount_minor).sum();
        ui.label(format!(
            "{}: {} · {}: {}",
            tr("Ticked"),
            ids.len(),
            tr("Amount"),
            format_money(amount)
        ));
        ui.horizontal(|ui| {
            widgets::labeled_field(
                ui,
                "registry_comment",
                tr("Comment"),
                &mut self.reg_comment,
                tr("e.g. the route or the driver"),
                300.0,
            );
        });
        let mut create = false;
        let mut close = false;
        ui.horizontal(|ui| {
            create = ui
                .add_enabled(!ids.is_empty(), egui::Button::new(tr("Create registry")))
                .clicked();
            close = ui.button(tr("Close")).clicked();
        });
        if close {
            self.candidates = None;
        } else if create {
            self.reg_message = None;
            let comment = self.reg_comment.trim().to_string();
            self.push(
                actions,
                Pending::CreateRegistry { kind, on },
                DocWrite::CreateRegistry {
                    kind,
                    on,
                    ids,
                    comment,
                },
            );
        }
    }

    fn registry_ui(&mut self, ui: &mut Ui, d: &RegistryDetail, actions: &mut Vec<Action>) {
        let r = &d.row;
        ui.label(theme::heading(format!(
            "{} · {} · {}",
            r.number,
            registry_kind_label(r.kind),
            r.on_date
        )));
        ui.label(format!(
            "{}: {} · {}: {} · {} {}",
            tr("Documents"),
            r.documents,
            tr("Amount"),
            format_money(r.amount_minor),
            widgets::local_minute(r.created_at),
            r.created_by
        ));
        if !r.comment.is_empty() {
            ui.label(format!("{}: {}", tr("Comment"), r.comment));
        }
        if r.handed_at.is_some() {
            ui.colored_label(theme::success(ui), handed_text(r));
        }
        let open = r.handed_at.is_none();
        let mut take_out = None;
        egui::Grid::new("registry_documents")
            .striped(true)
            .num_columns(if open { 9 } else { 8 })
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for h in [
                    "№",
                    tr("Code"),
                    tr("Kind"),
                    tr("Number"),
                    tr("Customer"),
                    tr("Orders"),
                    tr("Amount"),
                    tr("Status"),
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for (i, doc) in d.documents.iter().enumerate() {
                    ui.label((i + 1).to_string());
                    if ui.link(&doc.code).clicked() {
                        actions.push(Action::OpenDocument(doc.id));
                    }
                    ui.label(doc_kind_label(doc.kind));
                    ui.label(&doc.number);
                    ui.label(&doc.customer_name);
                    ui.label(doc.order_numbers.join(", "));
                    ui.label(money(doc.amount_minor));
                    ui.label(doc_status_label(doc.status));
                    if open
                        && ui
                            .small_button(tr("Take out"))
                            .on_hover_text(tr(
                                "Take the document out of this registry (listed by mistake, or lost since)",
                            ))
                            .clicked()
                    {
                        take_out = Some(doc.id);
                    }
                    ui.end_row();
                }
            });
        if let Some(document_id) = take_out {
            self.reg_message = None;
            self.push(
                actions,
                Pending::HandOver,
                DocWrite::RemoveFromRegistry {
                    id: r.id,
                    version: r.version,
                    document_id,
                },
            );
        }
        ui.add_space(6.0);
        let mut dest = None;
        ui.horizontal_wrapped(|ui| {
            ui.strong(tr("Registry PDF"));
            if ui.button(tr("Open in the viewer")).clicked() {
                dest = Some(Destination::Viewer);
            }
            if ui.button(tr("Print")).clicked() {
                dest = Some(Destination::Printer);
            }
            if ui.button(tr("Save PDF…")).clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("PDF", &["pdf"])
                    .set_file_name(format!("{}.pdf", r.number))
                    .save_file()
            {
                dest = Some(Destination::File(path));
            }
        });
        if let Some(dest) = dest {
            self.reg_message = None;
            self.push(
                actions,
                Pending::PrintRegistry,
                DocWrite::PrintRegistry { id: r.id, dest },
            );
        }
        if r.handed_at.is_some() {
            return;
        }
        let (source, target) = r.kind.step();
        let moving = d.documents.iter().filter(|x| x.status == source).count();
        let already = d.documents.len() - moving;
        if self.hand_over.as_ref().is_none_or(|h| h.registry != r.id) {
            if ui.button(tr("Hand over all…")).clicked() {
                self.hand_over = Some(HandOverForm {
                    registry: r.id,
                    to: if r.kind == RegistryKind::Accounting {
                        tr("Accounting").to_string()
                    } else {
                        String::new()
                    },
                    focus: true,
                });
            }
            return;
        }
        let Some(h) = &mut self.hand_over else { return };
        let mut confirm = false;
        let mut close = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.strong(tr("Hand over all"));
            let hint = if r.kind == RegistryKind::Accounting {
                tr("who in accounting takes the stack (required)")
            } else {
                tr("the driver, the client or the courier")
            };
            let f = widgets::labeled_field(ui, "registry_hand_to", tr("Handed to"), &mut h.to, hint, 300.0);
            if std::mem::take(&mut h.focus) {
                f.request_focus();
            }
            ui.label(format!(
                "{moving} {} «{}»",
                tr("document(s) will be marked"),
                doc_status_label(target)
            ));
            if already > 0 {
                ui.colored_label(
                    theme::muted(ui),
                    format!(
                        "{already} {}",
                        tr("document(s) are past that step already and stay as they are")
                    ),
                );
            }
            confirm = f.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            ui.horizontal(|ui| {
                confirm |= ui.button(tr("Confirm the hand-over")).clicked();
                close = ui.button(tr("Close")).on_hover_text("Esc").clicked();
            });
        });
        if close {
            self.hand_over = None;
            return;
        }
        if confirm {
            let to = h.to.trim().to_string();
            if r.kind == RegistryKind::Accounting && to.is_empty() {
                self.reg_message = Some(Err(format!(
                    "{}: {}",
                    tr("Handed to"),
                    tr("say who in accounting takes the stack")
                )));
                return;
            }
            self.reg_message = None;
            self.push(
                actions,
                Pending::HandOver,
                DocWrite::HandOver {
                    id: r.id,
                    version: r.version,
                    handed_to: to,
                },
            );
        }
    }

    // -----------------------------------------------------------------------------------------
    // overdue

    fn overdue_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let docs: usize = self.overdue.iter().map(|c| c.documents.len()).sum();
        ui.label(theme::heading(format!(
            "{} · {}",
            tr("Overdue signed copies"),
            self.today
        )));
        ui.label(format!(
            "{}: {} · {}: {docs}",
            tr("Clients"),
            self.overdue.len(),
            tr("Documents")
        ));
        if let Some(e) = &self.overdue_message {
            ui.colored_label(theme::danger(ui), format!("⚠ {e}"));
        }
        if self.overdue.is_empty() {
            ui.colored_label(theme::muted(ui), tr("No signed copies are overdue"));
            return;
        }
        let mut open_doc = None;
        egui::ScrollArea::vertical()
            .id_salt("documents_overdue_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for c in &self.overdue {
                    let head = format!(
                        "{} — {} · {} {} · {} {} · {}",
                        c.customer_code,
                        c.customer_name,
                        c.documents.len(),
                        tr("document(s)"),
                        c.max_days_overdue,
                        tr("days overdue at most"),
                        format_money(c.amount_minor)
                    );
                    egui::CollapsingHeader::new(RichText::new(head).color(theme::danger(ui)))
                        .id_salt(("overdue_client", c.customer_id))
                        .show(ui, |ui| {
                            ui.horizontal_wrapped(|ui| {
                                if !c.phone.is_empty() {
                                    ui.label(format!("{}: {}", tr("Phone"), c.phone));
                                }
                                if !c.email.is_empty() {
                                    ui.label(format!("{}: {}", tr("E-mail"), c.email));
                                }
                                if ui.link(tr("Open the customer's card")).clicked() {
                                    actions.push(Action::OpenCustomer(c.customer_id));
                                }
                            });
                            egui::Grid::new(("overdue_docs", c.customer_id))
                                .striped(true)
                                .num_columns(7)
                                .spacing([10.0, 4.0])
                                .show(ui, |ui| {
                                    for h in [
                                        tr("Code"),
                                        tr("Kind"),
                                        tr("Number"),
                                        tr("Date"),
                                        tr("Orders"),
                                        tr("Amount"),
                                        tr("Signed copy due"),
                                    ] {
                                        ui.strong(h);
                                    }
                                    ui.end_row();
                                    for d in &c.documents {
                                        if ui.link(&d.code).clicked() {
                                            open_doc = Some(d.id);
                                        }
                                        ui.label(doc_kind_label(d.kind));
                                        ui.label(&d.number);
                                        ui.label(d.doc_date.to_string());
                                        ui.label(d.order_numbers.join(", "));
                                        ui.label(money(d.amount_minor));
                                        let due = due_text(ui, d, self.today);
                                        ui.label(due);
                                        ui.end_row();
                                    }
                                });
                        });
                }
            });
        if let Some(id) = open_doc {
            self.select(store, id);
        }
    }

    // -----------------------------------------------------------------------------------------
    // scanning signed copies

    fn scan_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.label(theme::heading(tr(
            "Scan the barcodes of returned signed copies one after another",
        )));
        ui.label(
            RichText::new(tr(
                "Each copy is marked received at once; the desk's Search / scan field works here too.",
            ))
            .color(theme::muted(ui)),
        );
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let r = widgets::labeled_field(
                ui,
                "documents_batch_scan",
                tr("Signed copy barcode"),
                &mut self.batch_code,
                tr("scan, or type DOC-0000123 and Enter"),
                320.0,
            );
            if std::mem::take(&mut self.batch_focus) {
                r.request_focus();
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                let code = self.batch_code.trim().to_string();
                self.batch_code.clear();
                if code.is_empty() {
                    self.batch_focus = true;
                } else {
                    self.push(actions, Pending::Scan(code.clone()), DocWrite::Receive(code));
                }
            }
        });
        let received = self.batch.iter().filter(|b| b.ok).count();
        let refused = self.batch.len() - received;
        ui.horizontal(|ui| {
            ui.label(
                RichText::new(format!("{}: {received}", tr("Received copies")))
                    .color(theme::success(ui))
                    .strong(),
            );
            ui.label(
                RichText::new(format!("{}: {refused}", tr("Refused")))
                    .color(if refused > 0 {
                        theme::danger(ui)
                    } else {
                        theme::muted(ui)
                    })
                    .strong(),
            );
            if !self.batch.is_empty() && ui.button(tr("Clear the list")).clicked() {
                self.batch.clear();
            }
        });
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("documents_batch_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                for b in &self.batch {
                    let color = if b.ok {
                        theme::success(ui)
                    } else {
                        theme::danger(ui)
                    };
                    ui.label(RichText::new(&b.text).color(color));
                }
            });
    }
}

/// The batch row of a scan received through the page's own field, read back from the store
/// (else the write's own message).
fn received_row(store: &Store, code: &str, said: &str) -> BatchRow {
    let read = parse_register_code(code).and_then(|id| store.document(id).ok());
    match read {
        Some(d) => {
            let was = d
                .events
                .iter()
                .rev()
                .find(|e| e.to == DocStatus::Signed)
                .and_then(|e| e.from)
                .unwrap_or(DocStatus::Sent);
            BatchRow::received(&Received {
                id: d.row.id,
                code: d.row.code.clone(),
                kind: d.row.kind,
                number: d.row.number.clone(),
                customer_name: d.row.customer_name.clone(),
                was,
            })
        }
        None => BatchRow {
            ok: true,
            text: format!("✔ {said}"),
        },
    }
}

/// "Handed over 2026-11-23 14:05 by Ольга to Бухгалтерия", or "not yet".
fn handed_text(r: &RegistryRow) -> String {
    match r.handed_at {
        Some(at) => {
            let mut s = format!(
                "{} {} · {}",
                tr("Handed over"),
                widgets::local_minute(at),
                r.handed_by.clone().unwrap_or_default()
            );
            if !r.handed_to.is_empty() {
                s.push_str(&format!(" → {}", r.handed_to));
            }
            s
        }
        None => tr("not yet").to_string(),
    }
}

/// The sticker size and the buttons that print them; the destination chosen, if any.
fn sticker_buttons(ui: &mut Ui, salt: &str, size: &mut StickerSize) -> Option<Destination> {
    let l = ui.label(tr("Sticker"));
    egui::ComboBox::from_id_salt(salt)
        .selected_text(sticker_label(*size))
        .show_ui(ui, |ui| {
            for s in [StickerSize::Label58x40, StickerSize::A4Sheet] {
                ui.selectable_value(size, s, sticker_label(s));
            }
        })
        .response
        .labelled_by(l.id);
    let mut dest = None;
    if ui.button(tr("Stickers to the viewer")).clicked() {
        dest = Some(Destination::Viewer);
    }
    if ui.button(tr("Print stickers")).clicked() {
        dest = Some(Destination::Printer);
    }
    dest
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(title).strong().size(15.0));
    ui.separator();
}

// ---------------------------------------------------------------------------------------------
// the proposal when orders ship

/// The window's text fields keep Esc (instead of only losing the focus), so that it closes
/// the window before the board under it takes the key. The window takes no focus by itself:
/// the board's keys keep working until the user clicks into it.
const KEEP_ESCAPE: egui::EventFilter = egui::EventFilter {
    tab: false,
    horizontal_arrows: true,
    vertical_arrows: true,
    escape: true,
};

/// One document proposed for an order.
struct ProposalRow {
    on: bool,
    kind: DocKind,
    number: String,
}

struct ProposalOrder {
    id: i64,
    number: String,
    customer_id: i64,
    customer: String,
    status: OrderStatus,
    /// Its documents already in the register.
    existing: Vec<DocumentRow>,
    rows: Vec<ProposalRow>,
}

/// The window proposing the documents of orders just shipped.
pub struct ProposalWindow {
    orders: Vec<ProposalOrder>,
    date: String,
    message: Option<Result<String, String>>,
    pending: bool,
    closed: bool,
}

impl ProposalWindow {
    pub fn open(store: &Store, order_ids: &[i64]) -> crate::Result<ProposalWindow> {
        let mut orders = Vec::new();
        for &id in order_ids {
            let o = store.order(id)?;
            let existing = store.order_documents(id)?;
            // an order whose documents are registered already proposes nothing by default
            let on = existing.is_empty();
            let s = o.summary;
            orders.push(ProposalOrder {
                id,
                number: s.number,
                customer_id: s.customer_id,
                customer: format!("{} — {}", s.customer_code, s.customer_name),
                status: s.status,
                existing,
                rows: [DocKind::Waybill, DocKind::Invoice]
                    .into_iter()
                    .map(|kind| ProposalRow {
                        on,
                        kind,
                        number: String::new(),
                    })
                    .collect(),
            });
        }
        Ok(ProposalWindow {
            orders,
            date: Local::now().date_naive().to_string(),
            message: None,
            pending: false,
            closed: false,
        })
    }

    /// Draws the window; false once closed.
    pub fn ui(&mut self, ctx: &egui::Context, store: &Store, actions: &mut Vec<Action>) -> bool {
        let _ = store;
        if self.closed {
            return false;
        }
        let mut open = true;
        let mut close = false;
        egui::Window::new(tr("Documents of the shipped orders"))
            .id(egui::Id::unique("documents_proposal_window"))
            .open(&mut open)
            .collapsible(false)
            .default_pos(egui::pos2(380.0, 80.0))
            .default_size([760.0, 480.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("documents_proposal_scroll")
                    .show(ui, |ui| {
                        close = self.body_ui(ui, actions);
                    });
            });
        if !egui::Popup::is_any_open(ctx) && ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            close = true;
        }
        if close || !open {
            self.closed = true;
        }
        !self.closed
    }

    /// The window's content; true when Skip was pressed.
    fn body_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) -> bool {
        ui.label(tr(
            "Register the documents that went with the goods: type their numbers from the accounting system.",
        ));
        let mut fields: Vec<egui::Response> = Vec::new();
        ui.horizontal(|ui| {
            let l = ui.label(tr("Document date"));
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut self.date)
                        .id_salt("proposal_date")
                        .event_filter(KEEP_ESCAPE)
                        .hint_text("2026-11-23")
                        .desired_width(110.0),
                )
                .labelled_by(l.id);
            fields.push(r);
            if ui
                .button(tr("Use the order numbers"))
                .on_hover_text(tr(
                    "Fills the number of every ticked document with its order's number",
                ))
                .clicked()
            {
                for o in &mut self.orders {
                    for r in o.rows.iter_mut().filter(|r| r.on) {
                        r.number = o.number.clone();
                    }
                }
            }
        });
        for (oi, o) in self.orders.iter_mut().enumerate() {
            ui.separator();
            ui.strong(format!(
                "{} {} · {} · {}",
                tr("Order"),
                o.number,
                o.customer,
                status_label(o.status)
            ));
            if !o.existing.is_empty() {
                ui.colored_label(theme::warning(ui), tr("Already registered:"));
                for d in &o.existing {
                    ui.horizontal(|ui| {
                        if ui.link(&d.code).clicked() {
                            actions.push(Action::OpenDocument(d.id));
                        }
                        ui.label(format!(
                            "{} {} · {} · {}",
                            doc_kind_label(d.kind),
                            d.number,
                            d.doc_date,
                            doc_status_label(d.status)
                        ));
                    });
                }
            }
            egui::Grid::new(("proposal_rows", oi))
                .num_columns(3)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for (i, r) in o.rows.iter_mut().enumerate() {
                        let tag = format!("{} #{}", o.number, i + 1);
                        ui.checkbox(&mut r.on, "")
                            .accessible_name(format!("{}: {tag}", tr("Register")));
                        egui::ComboBox::from_id_salt(("proposal_kind", oi, i))
                            .selected_text(doc_kind_label(r.kind))
                            .show_ui(ui, |ui| {
                                for k in DocKind::ALL {
                                    ui.selectable_value(&mut r.kind, *k, doc_kind_label(*k));
                                }
                            })
                            .response
                            .accessible_name(format!("{}: {tag}", tr("Kind")));
                        let t = ui
                            .add(
                                egui::TextEdit::singleline(&mut r.number)
                                    .id_salt(("proposal_number", oi, i))
                                    .event_filter(KEEP_ESCAPE)
                                    .hint_text(tr("number from the accounting system"))
                                    .desired_width(220.0),
                            )
                            .accessible_name(format!("{}: {tag}", tr("Number")));
                        if t.changed() && !r.number.trim().is_empty() {
                            r.on = true;
                        }
                        fields.push(t);
                        ui.end_row();
                    }
                });
            if ui
                .small_button(format!("+ {}", tr("Add a document")))
                .on_hover_text(format!("{} {}", tr("Order"), o.number))
                .clicked()
            {
                o.rows.push(ProposalRow {
                    on: true,
                    kind: DocKind::Upd,
                    number: String::new(),
                });
            }
        }
        ui.separator();
        widgets::feedback(ui, &self.message);
        let mut register = fields.iter().any(|f| f.lost_focus()) && ui.input(|i| i.key_pressed(Key::Enter));
        let mut skip = false;
        ui.horizontal(|ui| {
            register |= ui
                .add_enabled(!self.pending, egui::Button::new(tr("Register")))
                .on_hover_text("Enter")
                .clicked();
            skip = ui.button(tr("Skip")).on_hover_text("Esc").clicked();
        });
        if register && !self.pending {
            match self.drafts() {
                Ok(ds) => {
                    self.message = None;
                    self.pending = true;
                    actions.push(Action::Documents(DocWrite::RegisterMany(ds)));
                }
                Err(e) => self.message = Some(Err(e)),
            }
        }
        skip
    }

    /// The ticked rows as drafts, or what is wrong, in words.
    fn drafts(&self) -> Result<Vec<DocumentDraft>, String> {
        let doc_date = parse_day(tr("Document date"), &self.date)?;
        let mut out = Vec::new();
        for o in &self.orders {
            for r in o.rows.iter().filter(|r| r.on) {
                let d = DocumentDraft {
                    kind: r.kind,
                    direction: Direction::Outgoing,
                    number: r.number.trim().to_string(),
                    doc_date,
                    customer_id: Some(o.customer_id),
                    counterparty: String::new(),
                    amount_minor: None,
                    comment: String::new(),
                    order_ids: vec![o.id],
                };
                d.validate().map_err(|e| {
                    format!(
                        "{} {}, {}: {}",
                        tr("Order"),
                        o.number,
                        doc_kind_label(r.kind),
                        if e.field == "number" {
                            tr("type the document's number").to_string()
                        } else {
                            e.message
                        }
                    )
                })?;
                out.push(d);
            }
        }
        if out.is_empty() {
            return Err(tr("Tick the documents to register, or press Skip").to_string());
        }
        Ok(out)
    }

    pub fn done(&mut self, msg: String) {
        if self.pending {
            self.pending = false;
            self.message = Some(Ok(msg));
            self.closed = true;
        }
    }

    pub fn failed(&mut self, msg: String) {
        if self.pending {
            self.pending = false;
            self.message = Some(Err(msg));
        }
    }
}

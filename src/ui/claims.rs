//! The claims manager's panel: the claim list with time left, registering a claim from an
//! order or a scanned box label, the investigation, the decision, the answer and the loop.
//!
//! The list (left) shows every claim with its answer deadline coloured like the board; the
//! right side shows either the register form (Ctrl+N, Enter saves, Esc closes) or the selected
//! claim: its workflow, the evidence checklist, the people who handled the order, the files
//! (photos shown in the app; files dropped on the window are attached), the decision, the
//! answer PDF, the follow-up calls, returns and history. Every write is a [`ClaimWrite`].

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate, NaiveDateTime};
use egui::{Key, Modifiers, RichText, TextEdit, Ui};

use super::board::{badge_text, health_color};
use super::{Action, theme, widgets};
use crate::domain::calendar::WorkCalendar;
use crate::domain::claim::{
    ActLang, CallResult, ClaimChannel, ClaimDraft, ClaimKind, ClaimLineDraft, ClaimMoveContext, ClaimStatus,
    Culprit, DEFAULT_ATTACHMENT_MB, Decision, DecisionDraft, Evidence, Remedy, check_claim_move,
    claim_deadline,
};
use crate::domain::decimal::{format_fixed, format_money, parse_fixed};
use crate::domain::sla::{self, Deadline, Health};
use crate::i18n::{status_label, tr};
use crate::store::claims::{ClaimDetail, ClaimFilter, ClaimRow, EvidenceRow, local};
use crate::store::{CustomerRow, OrderDetail, OrderSummary, Stamp, Store};

// ---------------------------------------------------------------------------------------------
// writes

/// The claims panel's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum ClaimWrite {
    /// Registers a new claim.
    Register(ClaimDraft),
    /// One step of the workflow with its note (required to cancel or to go back).
    Move {
        id: i64,
        version: i64,
        to: ClaimStatus,
        note: String,
    },
    /// Records (or revises) the decision; from the investigation it moves the claim to decided.
    Decide {
        id: i64,
        version: i64,
        decision: DecisionDraft,
    },
    /// Saves one item of the investigation's checklist.
    Evidence { claim_id: i64, item: EvidenceRow },
    /// The driver who delivered the order.
    Driver { id: i64, version: i64, driver: String },
    /// Keeps a file from disk with the claim (chosen or dropped on the window).
    AttachPath { claim_id: i64, path: PathBuf },
    /// Keeps a file given as bytes (a drop without a path).
    AttachBytes {
        claim_id: i64,
        name: String,
        bytes: Vec<u8>,
    },
    /// Keeps a reference to a video: where it lies.
    AttachReference {
        claim_id: i64,
        name: String,
        reference: String,
    },
    /// The claim act (the answer to the client) as a PDF beside the database:
    /// `<database folder>/claims/<number>-<lang>.pdf`. Writes no row.
    Answer { id: i64, lang: ActLang },
    /// The result of a follow-up call; "not satisfied" reopens the claim.
    Callback {
        id: i64,
        version: i64,
        result: CallResult,
        comment: String,
    },
}

/// Carries out one write of the panel; the text is the status bar's message.
pub fn write(store: &mut Store, w: ClaimWrite, stamp: &Stamp) -> crate::Result<String> {
    let number = |store: &Store, id: i64| store.claim(id).map(|d| d.row.number).unwrap_or_default();
    match w {
        ClaimWrite::Register(draft) => {
            let (_, number) = store.register_claim(&draft, stamp)?;
            Ok(format!("{}: {number}", tr("Claim registered")))
        }
        ClaimWrite::Move {
            id,
            version,
            to,
            note,
        } => {
            store.move_claim(id, version, to, &note, stamp)?;
            Ok(format!(
                "{} {} → {}",
                tr("Claim"),
                number(store, id),
                claim_status_label(to)
            ))
        }
        ClaimWrite::Decide {
            id,
            version,
            decision,
        } => {
            store.decide_claim(id, version, &decision, stamp)?;
            Ok(format!(
                "{} {}: {}",
                tr("Claim"),
                number(store, id),
                tr("decision recorded")
            ))
        }
        ClaimWrite::Evidence { claim_id, item } => {
            store.save_evidence(claim_id, &item, stamp)?;
            Ok(format!("{}: {}", tr("Saved"), evidence_label(item.kind)))
        }
        ClaimWrite::Driver { id, version, driver } => {
            store.set_claim_driver(id, version, &driver, stamp)?;
            Ok(format!("{}: {}", tr("Saved"), tr("Driver")))
        }
        ClaimWrite::AttachPath { claim_id, path } => {
            store.attach_path(claim_id, &path, "", stamp)?;
            Ok(format!("{}: {}", tr("File attached"), file_name(&path)))
        }
        ClaimWrite::AttachBytes {
            claim_id,
            name,
            bytes,
        } => {
            store.attach_file(claim_id, &name, &bytes, "", stamp)?;
            Ok(format!("{}: {name}", tr("File attached")))
        }
        ClaimWrite::AttachReference {
            claim_id,
            name,
            reference,
        } => {
            store.attach_reference(claim_id, &name, &reference, "", stamp)?;
            Ok(tr("Video reference added").to_string())
        }
        ClaimWrite::Answer { id, lang } => {
            let (path, pages) = write_answer(store, id, lang, &stamp.by)
                .map_err(|e| crate::Error::msg(format!("{}: {e}", tr("The answer PDF was not made"))))?;
            // the act is in the print log of the claim's order
            let row = store.claim(id)?.row;
            store.record_print(
                &crate::store::PrintJob {
                    kind: crate::store::PrintKind::ClaimAct,
                    order_id: Some(row.order_id),
                    detail: format!("{} ({})", row.number, lang.code()),
                    pages: pages as i64,
                    target: path.display().to_string(),
                    ..Default::default()
                },
                stamp,
            )?;
            Ok(format!("{}: {}", tr("Answer saved"), path.display()))
        }
        ClaimWrite::Callback {
            id,
            version,
            result,
            comment,
        } => {
            store.complete_callback(id, version, result, &comment, stamp)?;
            Ok(match result {
                CallResult::NotSatisfied => {
                    tr("Not satisfied: the claim is back under investigation").to_string()
                }
                _ => format!("{}: {}", tr("Call recorded"), call_result_label(result)),
            })
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

// ---------------------------------------------------------------------------------------------
// labels

pub fn kind_label(k: ClaimKind) -> &'static str {
    use ClaimKind::*;
    match k {
        Shortage => tr("Shortage"),
        Surplus => tr("Surplus"),
        MisSort => tr("Mis-sort"),
        Defect => tr("Defect"),
        Expired => tr("Expired / short shelf life"),
        Damaged => tr("Damaged in transit"),
        Documents => tr("Documents error"),
        Other => tr("Other"),
    }
}

pub fn channel_label(c: ClaimChannel) -> &'static str {
    use ClaimChannel::*;
    match c {
        Phone => tr("Phone"),
        Email => tr("E-mail"),
        Letter => tr("Letter"),
        Driver => tr("Through the driver"),
        Portal => tr("Web portal"),
        PickingControl => tr("Picking-control error"),
    }
}

pub fn claim_status_label(s: ClaimStatus) -> &'static str {
    use ClaimStatus::*;
    match s {
        Registered => tr("Registered"),
        Investigating => tr("Investigating"),
        Decided => tr("Decided"),
        Answered => tr("Answered"),
        Closed => tr("Closed"),
        Cancelled => tr("Claim cancelled"),
    }
}

pub fn decision_label(d: Decision) -> &'static str {
    match d {
        Decision::Accepted => tr("Accepted"),
        Decision::PartlyAccepted => tr("Partly accepted"),
        Decision::Rejected => tr("Rejected"),
    }
}

pub fn culprit_label(c: Culprit) -> &'static str {
    use Culprit::*;
    match c {
        Picker => tr("Picker"),
        Checker => tr("Checker"),
        Packer => tr("Packer"),
        Driver => tr("Driver"),
        Supplier => tr("Supplier"),
        Client => tr("Client"),
        Carrier => tr("Carrier"),
        Insurer => tr("Insurer"),
        Nobody => tr("Nobody"),
    }
}

pub fn remedy_label(r: Remedy) -> &'static str {
    use Remedy::*;
    match r {
        Redelivery => tr("Re-delivery"),
        CreditNote => tr("Credit note"),
        Return => tr("Return of the goods"),
        Replacement => tr("Replacement"),
        Compensation => tr("Compensation"),
        Insurance => tr("Insurance case"),
        Nothing => tr("No remedy"),
    }
}

pub fn evidence_label(e: Evidence) -> &'static str {
    use Evidence::*;
    match e {
        Cctv => tr("CCTV reviewed"),
        StockCount => tr("Stock count in both systems"),
        CellInventory => tr("Storage cell inventory"),
        ClientPhotos => tr("Photos from the client"),
        DriverStatement => tr("Driver's statement"),
    }
}

/// What to write in the detail of a checklist item.
fn evidence_hint(e: Evidence) -> &'static str {
    use Evidence::*;
    match e {
        Cctv => tr("camera, time range"),
        StockCount => tr("product, count in each system"),
        CellInventory => tr("cell, what was found"),
        ClientPhotos => tr("what the photos show"),
        DriverStatement => tr("driver, what was said"),
    }
}

pub fn call_result_label(r: CallResult) -> &'static str {
    match r {
        CallResult::Satisfied => tr("Satisfied"),
        CallResult::NotSatisfied => tr("Not satisfied"),
        CallResult::Done => tr("Done"),
    }
}

fn lang_label(l: ActLang) -> &'static str {
    match l {
        ActLang::Ru => tr("Russian"),
        ActLang::En => tr("English"),
    }
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

/// The answer deadline of a listed claim, now.
fn deadline_of(cal: &WorkCalendar, r: &ClaimRow, now: NaiveDateTime) -> Option<Deadline> {
    claim_deadline(
        cal,
        local(r.received_at),
        local(r.due_at),
        r.answered_at.map(local),
        r.status == ClaimStatus::Cancelled,
        now,
    )
}

/// Parses `YYYY-MM-DD HH:MM` (or a date alone: 00:00).
fn parse_moment(text: &str) -> Option<NaiveDateTime> {
    let t = text.trim();
    NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(t, "%Y-%m-%d %H:%M:%S"))
        .ok()
        .or_else(|| {
            NaiveDate::parse_from_str(t, "%Y-%m-%d")
                .ok()
                .and_then(|d| d.and_hms_opt(0, 0, 0))
        })
}

// ---------------------------------------------------------------------------------------------
// the register form

#[derive(Debug, Clone)]
struct LineForm {
    product_id: i64,
    sku: String,
    name: String,
    unit: String,
    /// What the order has of the product (0: not on the order).
    ordered: i64,
    on: bool,
    quantity: String,
    amount: String,
}

struct RegisterForm {
    scan: String,
    focus_scan: bool,
    customer_query: String,
    customers: Vec<CustomerRow>,
    customer: Option<(i64, String)>,
    date: String,
    found: Vec<OrderSummary>,
    order: Option<OrderDetail>,
    lines: Vec<LineForm>,
    add_code: String,
    kind: Option<ClaimKind>,
    channel: ClaimChannel,
    words: String,
    received: String,
    lang: ActLang,
    focus_qty: Option<usize>,
    /// The answer days of (customer, received date), read once.
    answer_days: Option<((i64, NaiveDate), (i64, bool))>,
}

impl RegisterForm {
    fn new() -> Self {
        let now = Local::now();
        RegisterForm {
            scan: String::new(),
            focus_scan: true,
            customer_query: String::new(),
            customers: Vec::new(),
            customer: None,
            date: now.format("%Y-%m-%d").to_string(),
            found: Vec::new(),
            order: None,
            lines: Vec::new(),
            add_code: String::new(),
            kind: None,
            channel: ClaimChannel::Phone,
            words: String::new(),
            received: now.format("%Y-%m-%d %H:%M").to_string(),
            lang: ActLang::Ru,
            focus_qty: None,
            answer_days: None,
        }
    }

    fn load_order(&mut self, store: &Store, id: i64) -> Result<(), String> {
        let o = store.order(id).map_err(|e| e.to_string())?;
        self.lines = o
            .lines
            .iter()
            .map(|l| LineForm {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                ordered: l.quantity,
                on: false,
                quantity: String::new(),
                amount: String::new(),
            })
            .collect();
        self.customer = Some((
            o.summary.customer_id,
            format!("{} {}", o.summary.customer_code, o.summary.customer_name),
        ));
        self.order = Some(o);
        self.found.clear();
        Ok(())
    }

    /// Orders of the chosen customer received in the 30 days up to the date typed.
    fn find_orders(&mut self, store: &Store) -> Result<(), String> {
        let Some((customer_id, _)) = self.customer.clone() else {
            return Err(tr("Choose the customer first").to_string());
        };
        let day = NaiveDate::parse_from_str(self.date.trim(), "%Y-%m-%d").map_err(|_| {
            format!(
                "{}: «{}» {}",
                tr("Date"),
                self.date.trim(),
                tr("is not a date like 2026-11-23")
            )
        })?;
        let to = day
            .succ_opt()
            .unwrap_or(day)
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        let from = (day - chrono::Duration::days(30))
            .and_hms_opt(0, 0, 0)
            .unwrap_or_default();
        let ts = |t: NaiveDateTime| crate::store::fmt_ts(crate::store::claims::to_utc(t));
        self.found = store
            .orders_received_between(&ts(from), &ts(to))
            .map_err(|e| e.to_string())?
            .into_iter()
            .filter(|o| o.customer_id == customer_id)
            .collect();
        if self.found.is_empty() {
            return Err(tr("No orders of this customer in the 30 days up to that date").to_string());
        }
        Ok(())
    }

    /// The draft as typed, or what is wrong with it.
    fn draft(&self) -> Result<ClaimDraft, String> {
        let Some(order) = &self.order else {
            return Err(tr("Find the order first: scan a box label or type the order number").to_string());
        };
        let Some(kind) = self.kind else {
            return Err(tr("Choose the kind of the claim").to_string());
        };
        let received = parse_moment(&self.received).ok_or_else(|| {
            format!(
                "{}: «{}» {}",
                tr("Received"),
                self.received.trim(),
                tr("is not a date and time like 2026-11-23 14:05")
            )
        })?;
        let mut lines = Vec::new();
        for l in self.lines.iter().filter(|l| l.on) {
            let quantity: i64 = l.quantity.trim().parse().map_err(|_| {
                format!(
                    "{} {}: «{}» {}",
                    tr("Line"),
                    l.sku,
                    l.quantity.trim(),
                    tr("is not a whole number")
                )
            })?;
            let amount_minor = if l.amount.trim().is_empty() {
                0
            } else {
                parse_fixed(&l.amount, 2)
                    .map_err(|e| format!("{} {}: {}: {e}", tr("Line"), l.sku, tr("Amount")))?
            };
            lines.push(ClaimLineDraft {
                product_id: l.product_id,
                quantity,
                amount_minor,
                note: String::new(),
            });
        }
        let draft = ClaimDraft {
            order_id: order.summary.id,
            kind,
            channel: self.channel,
            received_at: received,
            client_words: self.words.trim().to_string(),
            lang: self.lang,
            lines,
        };
        let ordered: Vec<(i64, i64)> = order.lines.iter().map(|l| (l.product_id, l.quantity)).collect();
        draft.validate(&ordered).map_err(|e| e.to_string())?;
        if received > Local::now().naive_local() + chrono::Duration::minutes(5) {
            return Err(tr("The claim cannot be received in the future").to_string());
        }
        Ok(draft)
    }
}

// ---------------------------------------------------------------------------------------------
// the forms of a claim

#[derive(Debug, Clone)]
struct EvidenceForm {
    row: EvidenceRow,
    done: bool,
    detail: String,
    result: String,
}

impl EvidenceForm {
    fn from(row: &EvidenceRow) -> Self {
        EvidenceForm {
            done: row.done,
            detail: row.detail.clone(),
            result: row.result.clone(),
            row: row.clone(),
        }
    }
    fn same_as(&self, r: &EvidenceRow) -> bool {
        self.done == r.done && self.detail.trim() == r.detail && self.result.trim() == r.result
    }
    fn dirty(&self) -> bool {
        !self.same_as(&self.row)
    }
    fn item(&self) -> EvidenceRow {
        EvidenceRow {
            done: self.done,
            detail: self.detail.trim().to_string(),
            result: self.result.trim().to_string(),
            ..self.row.clone()
        }
    }
}

#[derive(Debug, Clone)]
struct DecisionForm {
    decision: Decision,
    culprit: Culprit,
    name: String,
    /// The name was filled in from the people of the order (replaced when the culprit changes).
    auto_name: bool,
    remedy: Remedy,
    compensation: String,
    insurance_case: String,
    note: String,
}

/// The form's values, to tell an edited form from one as loaded.
type DecisionValues = (Decision, Culprit, String, Remedy, String, String, String);

impl DecisionForm {
    fn from(d: &ClaimDetail) -> Self {
        match &d.decision {
            Some(x) => DecisionForm {
                decision: x.decision,
                culprit: x.culprit,
                name: x.culprit_name.clone(),
                auto_name: false,
                remedy: x.remedy,
                compensation: if x.compensation_minor > 0 {
                    format_fixed(x.compensation_minor, 2)
                } else {
                    String::new()
                },
                insurance_case: x.insurance_case.clone(),
                note: x.note.clone(),
            },
            None => DecisionForm {
                decision: Decision::Accepted,
                culprit: Culprit::Nobody,
                name: String::new(),
                auto_name: false,
                remedy: if d.row.kind == ClaimKind::Shortage {
                    Remedy::Redelivery
                } else {
                    Remedy::CreditNote
                },
                compensation: String::new(),
                insurance_case: String::new(),
                note: String::new(),
            },
        }
    }

    fn values(&self) -> DecisionValues {
        (
            self.decision,
            self.culprit,
            self.name.trim().to_string(),
            self.remedy,
            self.compensation.trim().to_string(),
            self.insurance_case.trim().to_string(),
            self.note.trim().to_string(),
        )
    }

    fn draft(&self) -> Result<DecisionDraft, String> {
        let compensation_minor = if self.compensation.trim().is_empty() {
            0
        } else {
            parse_fixed(&self.compensation, 2).map_err(|e| format!("{}: {e}", tr("Compensation amount")))?
        };
        let d = DecisionDraft {
            decision: self.decision,
            culprit: self.culprit,
            culprit_name: self.name.trim().to_string(),
            remedy: self.remedy,
            compensation_minor,
            insurance_case: self.insurance_case.trim().to_string(),
            note: self.note.trim().to_string(),
        };
        d.validate().map_err(|e| e.to_string())?;
        Ok(d)
    }
}

/// The person of the order's history a culprit role names.
fn person_of(d: &ClaimDetail, c: Culprit) -> String {
    match c {
        Culprit::Picker => d.people.picker.clone(),
        Culprit::Checker => d.people.checker.clone(),
        Culprit::Packer => d.people.packer.clone(),
        Culprit::Driver => d.driver.clone(),
        _ => String::new(),
    }
}

struct Forms {
    claim_id: i64,
    step_note: String,
    evidence: Vec<EvidenceForm>,
    driver: String,
    driver_loaded: String,
    decision: DecisionForm,
    /// The decision form's values as loaded.
    decision_base: DecisionValues,
    ref_name: String,
    reference: String,
    call_comment: String,
}

impl Forms {
    fn from(d: &ClaimDetail) -> Self {
        Forms {
            claim_id: d.row.id,
            step_note: String::new(),
            evidence: d.evidence.iter().map(EvidenceForm::from).collect(),
            driver: d.driver.clone(),
            driver_loaded: d.driver.clone(),
            decision: DecisionForm::from(d),
            decision_base: DecisionForm::from(d).values(),
            ref_name: String::new(),
            reference: String::new(),
            call_comment: String::new(),
        }
    }

    /// Takes the fresh claim in without throwing away what the user typed: a form left as it
    /// was loaded (or now equal to what is stored) shows the fresh data; an edited one stays,
    /// with the version it was read at (saving it over a newer one reports the conflict).
    fn merge(&mut self, fresh: &ClaimDetail) {
        if self.claim_id != fresh.row.id {
            *self = Forms::from(fresh);
            return;
        }
        for f in &mut self.evidence {
            if let Some(r) = fresh.evidence.iter().find(|r| r.kind == f.row.kind)
                && (!f.dirty() || f.same_as(r))
            {
                *f = EvidenceForm::from(r);
            }
        }
        if self.driver.trim() == self.driver_loaded || self.driver.trim() == fresh.driver {
            self.driver = fresh.driver.clone();
            self.driver_loaded = fresh.driver.clone();
        }
        let fresh_form = DecisionForm::from(fresh);
        let now = self.decision.values();
        if now == self.decision_base || now == fresh_form.values() {
            self.decision_base = fresh_form.values();
            self.decision = fresh_form;
        }
    }
}

// ---------------------------------------------------------------------------------------------
// the panel

/// What the last write asked for, so that its success resets the right form.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pending {
    #[default]
    Nothing,
    Register {
        order_id: i64,
    },
    Step,
    Reference,
    Callback,
    Answer,
    Other,
}

/// The list's health filter (like the board's counters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum HealthFilter {
    All,
    Late,
    AtRisk,
}

pub struct ClaimsPanel {
    pub stale: bool,
    filter: ClaimFilter,
    health: HealthFilter,
    newest_first: bool,
    rows: Vec<ClaimRow>,
    deadlines: Vec<Option<Deadline>>,
    /// Indices into `rows` after the health filter, in the order shown.
    shown: Vec<usize>,
    late: usize,
    at_risk: usize,
    cal: WorkCalendar,
    computed_at: Option<Instant>,
    selected: Option<i64>,
    scroll_pending: bool,
    scroll_to: Option<usize>,
    /// After registering: select the newest claim of this order.
    select_new: Option<i64>,
    detail: Option<ClaimDetail>,
    forms: Option<Forms>,
    register: Option<RegisterForm>,
    pending: Pending,
    message: Option<Result<String, String>>,
    /// Decoded photos, once per file.
    textures: HashMap<i64, Result<egui::TextureHandle, String>>,
    /// The file shown in the preview (else the newest photo).
    preview: Option<i64>,
    /// The answer PDF last written.
    answer: Option<PathBuf>,
    /// The answer PDF being written.
    answer_pending: Option<PathBuf>,
    /// The size limit of a kept file, MB (from Settings).
    attachment_mb: i64,
}

impl Default for ClaimsPanel {
    fn default() -> Self {
        ClaimsPanel {
            stale: true,
            filter: ClaimFilter {
                open_only: true,
                ..Default::default()
            },
            health: HealthFilter::All,
            newest_first: false,
            rows: Vec::new(),
            deadlines: Vec::new(),
            shown: Vec::new(),
            late: 0,
            at_risk: 0,
            cal: WorkCalendar::default(),
            computed_at: None,
            selected: None,
            scroll_pending: false,
            scroll_to: None,
            select_new: None,
            detail: None,
            forms: None,
            register: None,
            pending: Pending::Nothing,
            message: None,
            textures: HashMap::new(),
            preview: None,
            answer: None,
            answer_pending: None,
            attachment_mb: DEFAULT_ATTACHMENT_MB,
        }
    }
}

impl ClaimsPanel {
    /// Shows a claim.
    pub fn select(&mut self, store: &Store, id: i64) {
        self.register = None;
        self.message = None;
        self.preview = None;
        self.answer = None;
        self.selected = Some(id);
        self.scroll_pending = true;
        match store.claim(id) {
            Ok(d) => {
                self.forms = Some(Forms::from(&d));
                self.answer = existing_answer(store, &d);
                self.detail = Some(d);
            }
            Err(e) => {
                self.detail = None;
                self.forms = None;
                self.message = Some(Err(e.to_string()));
            }
        }
        self.stale = true;
    }

    /// Opens the register form on an order (`internal`: a picking-control error).
    pub fn new_for(&mut self, store: &Store, order_id: i64, internal: bool) {
        let mut form = RegisterForm::new();
        self.message = match form.load_order(store, order_id) {
            Ok(()) => None,
            Err(e) => Some(Err(e)),
        };
        if internal {
            form.channel = ClaimChannel::PickingControl;
        }
        form.focus_scan = false;
        self.register = Some(form);
    }

    pub fn done(&mut self, msg: String) {
        match self.pending {
            Pending::Register { order_id } => {
                self.register = None;
                self.select_new = Some(order_id);
            }
            Pending::Step => {
                if let Some(f) = &mut self.forms {
                    f.step_note.clear();
                }
            }
            Pending::Reference => {
                if let Some(f) = &mut self.forms {
                    f.ref_name.clear();
                    f.reference.clear();
                }
            }
            Pending::Callback => {
                if let Some(f) = &mut self.forms {
                    f.call_comment.clear();
                }
            }
            Pending::Answer => {
                if let Some(p) = self.answer_pending.take() {
                    self.answer = Some(p);
                }
            }
            Pending::Other | Pending::Nothing => {}
        }
        self.pending = Pending::Nothing;
        self.message = Some(Ok(msg));
        self.stale = true;
    }

    pub fn failed(&mut self, msg: String) {
        self.pending = Pending::Nothing;
        self.answer_pending = None;
        self.message = Some(Err(msg));
        self.stale = true;
    }

    fn push(&mut self, actions: &mut Vec<Action>, pending: Pending, w: ClaimWrite) {
        self.pending = pending;
        actions.push(Action::Claims(w));
    }

    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        self.computed_at = Some(Instant::now());
        if let Ok((cal, _)) = store.sla_settings() {
            self.cal = cal;
        }
        self.attachment_mb = store
            .claim_settings()
            .map_or(DEFAULT_ATTACHMENT_MB, |s| s.attachment_mb);
        match store.claims(&self.filter) {
            Ok(rows) => self.rows = rows,
            Err(e) => self.message = Some(Err(e.to_string())),
        }
        let now = Local::now().naive_local();
        self.deadlines = self.rows.iter().map(|r| deadline_of(&self.cal, r, now)).collect();
        let health = |h: Health| self.deadlines.iter().flatten().filter(|d| d.health == h).count();
        self.late = health(Health::Late);
        self.at_risk = health(Health::AtRisk);
        self.arrange();
        if let Some(order_id) = self.select_new.take()
            && let Ok(list) = store.claims(&ClaimFilter {
                order_id: Some(order_id),
                ..Default::default()
            })
            && let Some(id) = list.iter().map(|r| r.id).max()
        {
            self.selected = Some(id);
            self.scroll_pending = true;
            self.preview = None;
            self.answer = None;
        }
        if let Some(id) = self.selected {
            if std::mem::take(&mut self.scroll_pending) {
                self.scroll_to = self.shown.iter().position(|&i| self.rows[i].id == id);
            }
            match store.claim(id) {
                Ok(d) => {
                    match &mut self.forms {
                        Some(f) => f.merge(&d),
                        None => self.forms = Some(Forms::from(&d)),
                    }
                    if self.answer.is_none() {
                        self.answer = existing_answer(store, &d);
                    }
                    self.textures
                        .retain(|fid, _| d.files.iter().any(|f| f.id == *fid));
                    self.detail = Some(d);
                }
                Err(e) => {
                    self.message = Some(Err(e.to_string()));
                    self.detail = None;
                }
            }
        }
    }

    /// The health filter and the order of the list.
    fn arrange(&mut self) {
        let health = self.health;
        let deadlines = &self.deadlines;
        self.shown = (0..self.rows.len())
            .filter(|&i| match health {
                HealthFilter::All => true,
                HealthFilter::Late => deadlines[i].is_some_and(|d| d.health == Health::Late),
                HealthFilter::AtRisk => deadlines[i].is_some_and(|d| d.health == Health::AtRisk),
            })
            .collect();
        if self.newest_first {
            let rows = &self.rows;
            self.shown.sort_by(|&a, &b| {
                rows[b]
                    .received_at
                    .cmp(&rows[a].received_at)
                    .then(rows[b].id.cmp(&rows[a].id))
            });
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        if self
            .computed_at
            .is_none_or(|t| t.elapsed() > Duration::from_secs(60))
        {
            self.stale = true;
        }
        if self.stale {
            self.refresh(store);
        }
        if widgets::command_key(ui, Key::N) {
            self.register = Some(RegisterForm::new());
            self.message = None;
        }
        if self.register.is_some() && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
            self.register = None;
        }
        self.dropped_files(ui, actions);

        egui::Panel::right("claim_detail")
            .default_size(720.0)
            .resizable(true)
            .show(ui, |ui| {
                widgets::feedback(ui, &self.message);
                egui::ScrollArea::vertical()
                    .id_salt("claim_detail_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if self.register.is_some() {
                            self.register_ui(ui, store, actions);
                        } else if let Some(d) = self.detail.take() {
                            self.detail_ui(ui, store, &d, actions);
                            if self.detail.is_none() {
                                self.detail = Some(d);
                            }
                        } else {
                            ui.label(tr("Select a claim, or press Ctrl+N to register one"));
                        }
                    });
            });
        self.list_ui(ui, store, actions);
    }

    /// Files dropped on the window while a claim is open are kept with it (order files are
    /// the import's, see the app).
    fn dropped_files(&mut self, ui: &Ui, actions: &mut Vec<Action>) {
        let files = widgets::dropped_files(ui);
        if files.is_empty() {
            return;
        }
        let claim = self.detail.as_ref().map(|d| d.row.id);
        let Some(claim_id) = claim.filter(|_| self.register.is_none()) else {
            let m = tr("Open a claim first, then drop its photos and documents on the window");
            self.message = Some(Err(m.to_string()));
            return;
        };
        for (path, bytes) in files {
            let w = match bytes {
                None => ClaimWrite::AttachPath { claim_id, path },
                Some(Ok(bytes)) => ClaimWrite::AttachBytes {
                    claim_id,
                    name: file_name(&path),
                    bytes,
                },
                Some(Err(e)) => {
                    self.message = Some(Err(format!(
                        "{}: {} ({e}); {}",
                        file_name(&path),
                        tr("the file cannot be read"),
                        tr("nothing was stored")
                    )));
                    continue;
                }
            };
            self.push(actions, Pending::Other, w);
        }
    }

    // -----------------------------------------------------------------------------------------
    // the list

    fn list_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let mut changed = false;
        let mut rearrange = false;
        ui.horizontal_wrapped(|ui| {
            ui.label(theme::heading(tr("Claims")));
            // a counter is also a filter: click to see only those, again to see all
            for (filter, label, count, color) in [
                (HealthFilter::Late, tr("Late"), self.late, theme::danger(ui)),
                (
                    HealthFilter::AtRisk,
                    tr("At risk"),
                    self.at_risk,
                    theme::warning(ui),
                ),
            ] {
                let text = RichText::new(format!("{label}: {count}")).color(color).strong();
                if ui.selectable_label(self.health == filter, text).clicked() {
                    self.health = if self.health == filter {
                        HealthFilter::All
                    } else {
                        filter
                    };
                    rearrange = true;
                }
            }
            if ui.button(tr("New claim")).on_hover_text("Ctrl+N").clicked() {
                self.register = Some(RegisterForm::new());
                self.message = None;
            }
        });
        ui.horizontal_wrapped(|ui| {
            changed |= ui.checkbox(&mut self.filter.open_only, tr("Open only")).changed();
            let r = widgets::labeled_field(
                ui,
                "claims_search",
                tr("Search"),
                &mut self.filter.text,
                tr("Number, order, customer, client's words"),
                220.0,
            );
            changed |= r.changed();
            let l = ui.label(tr("Status"));
            let before = self.filter.status;
            egui::ComboBox::from_id_salt("claims_status")
                .selected_text(self.filter.status.map_or(tr("All"), claim_status_label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.filter.status, None, tr("All"));
                    for s in ClaimStatus::ALL {
                        ui.selectable_value(&mut self.filter.status, Some(*s), claim_status_label(*s));
                    }
                })
                .response
                .labelled_by(l.id);
            if self.filter.status != before {
                if self.filter.status.is_some_and(|s| !s.is_open()) {
                    self.filter.open_only = false;
                }
                changed = true;
            }
            rearrange |= ui.checkbox(&mut self.newest_first, tr("Newest first")).changed();
            ui.label(format!("{} {}", self.shown.len(), tr("rows")));
        });
        if changed {
            self.refresh(store);
        } else if rearrange {
            self.arrange();
        }
        self.table_ui(ui, store, actions);
    }

    fn table_ui(&mut self, ui: &mut Ui, store: &Store, _actions: &mut Vec<Action>) {
        let columns = [
            (tr("Number"), 110.0),
            (tr("Customer"), 160.0),
            (tr("Order"), 100.0),
            (tr("Kind"), 90.0),
            (tr("Status"), 100.0),
            (tr("Received"), 110.0),
            (tr("Due"), 110.0),
            (tr("Time left"), 120.0),
        ];
        let selected = self
            .selected
            .and_then(|id| self.shown.iter().position(|&i| self.rows[i].id == id));
        let (rows, shown, deadlines, cal) = (&self.rows, &self.shown, &self.deadlines, &self.cal);
        let clicked = widgets::record_table(
            ui,
            "claims_table",
            &columns,
            shown.len(),
            selected,
            self.scroll_to.take(),
            |ui, i, col| {
                let r = &rows[shown[i]];
                match col {
                    0 => widgets::cell(ui, &r.number),
                    1 => widgets::cell(ui, format!("{} {}", r.customer_code, r.customer_name)),
                    2 => widgets::cell(ui, &r.order_number),
                    3 => widgets::cell(ui, kind_label(r.kind)),
                    4 => widgets::cell(ui, claim_status_label(r.status)),
                    5 => widgets::cell(ui, widgets::local_minute(r.received_at)),
                    6 => widgets::cell(ui, widgets::local_minute(r.due_at)),
                    _ => match deadlines[shown[i]] {
                        Some(d) => {
                            let b = sla::badge(&d, cal.minutes_per_day());
                            widgets::cell(
                                ui,
                                RichText::new(badge_text(&b)).color(health_color(ui, d.health)),
                            )
                        }
                        None => widgets::cell(ui, "—"),
                    },
                }
            },
        );
        if let Some(i) = clicked {
            let id = self.rows[self.shown[i]].id;
            self.select(store, id);
        }
    }

    // -----------------------------------------------------------------------------------------
    // registering

    fn register_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let cal = self.cal.clone();
        let Some(form) = &mut self.register else { return };
        let mut msg: Option<Result<String, String>> = None;
        let enter = |ui: &Ui, r: &egui::Response| r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
        let mut save = ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter));
        ui.label(theme::heading(tr("New claim")));

        // the order: scanned, typed, or found by customer and date
        ui.horizontal(|ui| {
            let r = widgets::labeled_field(
                ui,
                "claim_scan",
                tr("Order or box label"),
                &mut form.scan,
                tr("Scan the box label or the picking list, or type the order number, then Enter"),
                360.0,
            );
            if std::mem::take(&mut form.focus_scan) {
                r.request_focus();
            }
            let find = ui.button(tr("Find")).clicked();
            if enter(ui, &r) || find {
                let code = form.scan.trim().to_string();
                match store.order_by_scan(&code) {
                    Ok(Some(id)) => match form.load_order(store, id) {
                        Ok(()) => {
                            form.scan.clear();
                            msg = Some(Ok(format!(
                                "{} {}",
                                tr("Order found:"),
                                form.order
                                    .as_ref()
                                    .map(|o| o.summary.number.as_str())
                                    .unwrap_or("")
                            )));
                        }
                        Err(e) => msg = Some(Err(e)),
                    },
                    Ok(None) => {
                        msg = Some(Err(format!(
                            "{} «{code}»: {}",
                            tr("Nothing found for"),
                            tr("not an order number nor the SSCC of a box label")
                        )))
                    }
                    Err(e) => msg = Some(Err(e.to_string())),
                }
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(tr("or")).color(theme::muted(ui)));
            let r = widgets::labeled_field(
                ui,
                "claim_customer",
                tr("Customer"),
                &mut form.customer_query,
                tr("code, name or tax ID"),
                200.0,
            );
            if r.changed() {
                form.customers = if form.customer_query.trim().is_empty() {
                    Vec::new()
                } else {
                    store.customers(&form.customer_query, 8).unwrap_or_default()
                };
            }
            let r = widgets::labeled_field(
                ui,
                "claim_order_date",
                tr("Date"),
                &mut form.date,
                "YYYY-MM-DD",
                100.0,
            );
            let find = ui.button(tr("Find orders")).clicked();
            if (find || enter(ui, &r))
                && let Err(e) = form.find_orders(store)
            {
                msg = Some(Err(e));
            }
        });
        if !form.customers.is_empty() {
            let mut pick = None;
            ui.horizontal_wrapped(|ui| {
                for c in &form.customers {
                    let text = format!("{} · {}", c.code, c.legal_name);
                    let chosen = form.customer.as_ref().is_some_and(|(id, _)| *id == c.id);
                    if ui.selectable_label(chosen, &text).clicked() {
                        pick = Some((c.id, text));
                    }
                }
            });
            if let Some(p) = pick {
                form.customer = Some(p);
                form.customers.clear();
                if let Err(e) = form.find_orders(store) {
                    msg = Some(Err(e));
                }
            }
        }
        if !form.found.is_empty() {
            let mut pick = None;
            for o in &form.found {
                let received = crate::store::parse_ts(&o.received_at)
                    .map(widgets::local_minute)
                    .unwrap_or_default();
                let text = format!(
                    "{} · {received} · {} · {} {}",
                    o.number,
                    status_label(o.status),
                    o.lines,
                    tr("lines")
                );
                if ui.selectable_label(false, text).clicked() {
                    pick = Some(o.id);
                }
            }
            if let Some(id) = pick
                && let Err(e) = form.load_order(store, id)
            {
                msg = Some(Err(e));
            }
        }

        let Some(order) = &form.order else {
            ui.add_space(8.0);
            hint(
                ui,
                tr("Find the order first: scan a box label or type the order number"),
            );
            if let Some(m) = msg {
                self.message = Some(m);
            }
            return;
        };
        ui.separator();
        let s = &order.summary;
        let customer_id = s.customer_id;
        ui.label(
            RichText::new(format!(
                "{} {} · {} {} · {}",
                tr("Order"),
                s.number,
                s.customer_code,
                s.customer_name,
                status_label(s.status)
            ))
            .strong(),
        );
        if !order.delivery_address.is_empty() {
            ui.label(RichText::new(&order.delivery_address).color(theme::muted(ui)));
        }

        ui.add_space(6.0);
        ui.label(RichText::new(tr("Kind")).strong());
        ui.horizontal_wrapped(|ui| {
            for k in ClaimKind::ALL {
                ui.selectable_value(&mut form.kind, Some(*k), kind_label(*k));
            }
        });
        ui.label(RichText::new(tr("How it came")).strong());
        ui.horizontal_wrapped(|ui| {
            for c in ClaimChannel::ALL {
                ui.selectable_value(&mut form.channel, *c, channel_label(*c));
            }
        });

        // the lines
        ui.add_space(6.0);
        ui.label(RichText::new(tr("Lines and quantities concerned")).strong());
        let focus_qty = form.focus_qty.take();
        egui::Grid::new("claim_register_lines")
            .striped(true)
            .num_columns(5)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for h in [tr("SKU"), tr("Name"), tr("Ordered"), tr("Quantity"), tr("Amount")] {
                    ui.strong(h);
                }
                ui.end_row();
                for (i, l) in form.lines.iter_mut().enumerate() {
                    if ui.checkbox(&mut l.on, &l.sku).changed() && l.on {
                        form.focus_qty = Some(i);
                    }
                    ui.scope(|ui| {
                        ui.set_max_width(260.0);
                        ui.add(egui::Label::new(&l.name).truncate())
                            .on_hover_text(&l.name);
                    });
                    ui.label(if l.ordered > 0 {
                        format!("{} {}", l.ordered, l.unit)
                    } else {
                        tr("not on the order").to_string()
                    });
                    let r = ui
                        .add(
                            TextEdit::singleline(&mut l.quantity)
                                .id_salt(("claim_qty", i))
                                .desired_width(60.0)
                                .hint_text("0"),
                        )
                        .accessible_name(format!("{}: {}", tr("Quantity"), l.sku));
                    if focus_qty == Some(i) {
                        r.request_focus();
                    }
                    if r.changed() && !l.quantity.trim().is_empty() {
                        l.on = true;
                    }
                    save |= enter(ui, &r);
                    let r = ui
                        .add(
                            TextEdit::singleline(&mut l.amount)
                                .id_salt(("claim_amount", i))
                                .desired_width(90.0)
                                .hint_text("0.00"),
                        )
                        .accessible_name(format!("{}: {}", tr("Amount"), l.sku));
                    save |= enter(ui, &r);
                    ui.end_row();
                }
            });
        if form.kind.is_some_and(|k| k.allows_foreign_products()) {
            ui.horizontal(|ui| {
                let r = widgets::labeled_field(
                    ui,
                    "claim_add_product",
                    tr("Add a product the order did not have"),
                    &mut form.add_code,
                    tr("SKU or EAN, then Enter"),
                    180.0,
                );
                let add = ui.button(tr("Add")).clicked();
                if add || enter(ui, &r) {
                    match store.product_by_code(&form.add_code) {
                        Ok(Some(p)) if form.lines.iter().any(|l| l.product_id == p.id) => {
                            msg = Some(Err(format!(
                                "{} {}: {}",
                                tr("Product"),
                                p.sku,
                                tr("is already in the list")
                            )));
                        }
                        Ok(Some(p)) => {
                            form.lines.push(LineForm {
                                product_id: p.id,
                                sku: p.sku,
                                name: p.name,
                                unit: p.unit,
                                ordered: 0,
                                on: true,
                                quantity: String::new(),
                                amount: String::new(),
                            });
                            form.focus_qty = Some(form.lines.len() - 1);
                            form.add_code.clear();
                        }
                        Ok(None) => {
                            msg = Some(Err(format!(
                                "{} «{}»",
                                tr("Unknown product"),
                                form.add_code.trim()
                            )));
                        }
                        Err(e) => msg = Some(Err(e.to_string())),
                    }
                }
            });
        }

        ui.add_space(6.0);
        egui::Grid::new("claim_register_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                widgets::multiline_row(ui, tr("Client's words"), &mut form.words);
                let r = widgets::text_row(ui, tr("Received (YYYY-MM-DD HH:MM)"), &mut form.received);
                save |= enter(ui, &r);
                ui.label(tr("Answer language"));
                ui.horizontal(|ui| {
                    for l in ActLang::ALL {
                        ui.radio_value(&mut form.lang, *l, lang_label(*l));
                    }
                });
                ui.end_row();
            });

        // the deadline it will get
        match parse_moment(&form.received) {
            Some(received) => {
                let key = (customer_id, received.date());
                if form.answer_days.is_none_or(|(k, _)| k != key) {
                    form.answer_days = store.claim_answer_days(key.0, key.1).ok().map(|d| (key, d));
                }
                if let Some((_, (days, contract))) = form.answer_days {
                    let due = crate::domain::claim::answer_due(&cal, received, days);
                    let source = if contract {
                        tr("customer's contract")
                    } else {
                        tr("default from Settings")
                    };
                    ui.label(format!(
                        "{} {days} {} ({source}): {} {}",
                        tr("Answer within"),
                        tr("working days"),
                        tr("due"),
                        due.format("%Y-%m-%d %H:%M")
                    ));
                }
            }
            None => {
                ui.colored_label(
                    theme::warning(ui),
                    tr("Received: type the date and time like 2026-11-23 14:05"),
                );
            }
        }
        let total: i64 = form
            .lines
            .iter()
            .filter(|l| l.on)
            .filter_map(|l| parse_fixed(&l.amount, 2).ok())
            .sum();
        ui.label(format!("{}: {}", tr("Claimed amount"), format_money(total)));

        let mut close = false;
        ui.horizontal(|ui| {
            save |= ui
                .button(tr("Register the claim"))
                .on_hover_text("Enter")
                .clicked();
            close = ui.button(tr("Close")).on_hover_text("Esc").clicked();
        });
        if close {
            self.register = None;
            return;
        }
        if save {
            match form.draft() {
                Ok(d) => {
                    let order_id = d.order_id;
                    self.push(actions, Pending::Register { order_id }, ClaimWrite::Register(d));
                }
                Err(e) => msg = Some(Err(e)),
            }
        }
        if let Some(m) = msg {
            self.message = Some(m);
        }
    }

    // -----------------------------------------------------------------------------------------
    // a claim

    fn detail_ui(&mut self, ui: &mut Ui, store: &Store, d: &ClaimDetail, actions: &mut Vec<Action>) {
        let r = &d.row;
        ui.label(theme::heading(format!(
            "{} · {} · {}",
            r.number,
            kind_label(r.kind),
            claim_status_label(r.status)
        )));
        ui.horizontal_wrapped(|ui| {
            if ui.link(format!("{} {}", tr("Order"), r.order_number)).clicked() {
                actions.push(Action::OpenOrder(r.order_id));
            }
            if ui
                .link(format!("{} {}", r.customer_code, r.customer_name))
                .clicked()
            {
                actions.push(Action::OpenCustomer(r.customer_id));
            }
            ui.label(format!("{}: {}", tr("How it came"), channel_label(r.channel)));
        });
        ui.horizontal_wrapped(|ui| {
            ui.label(format!(
                "{}: {}",
                tr("Received"),
                widgets::local_minute(r.received_at)
            ));
            ui.label(format!(
                "{} {} {}",
                tr("Answer within"),
                d.answer_days,
                tr("working days")
            ));
            ui.label(format!("{}: {}", tr("Due"), widgets::local_minute(r.due_at)));
            let now = Local::now().naive_local();
            if let Some(dl) = deadline_of(&self.cal, r, now) {
                let b = sla::badge(&dl, self.cal.minutes_per_day());
                ui.label(
                    RichText::new(badge_text(&b))
                        .color(health_color(ui, dl.health))
                        .strong(),
                );
            }
        });
        if let Some(reason) = &d.cancel_reason
            && r.status == ClaimStatus::Cancelled
        {
            ui.colored_label(theme::danger(ui), format!("{}: {reason}", tr("Cancelled")));
        }
        if !d.client_words.is_empty() {
            ui.label(RichText::new(tr("Client's words")).strong());
            ui.label(&d.client_words);
        }
        if !d.lines.is_empty() {
            egui::Grid::new("claim_lines")
                .striped(true)
                .num_columns(5)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for h in [tr("SKU"), tr("Name"), tr("Ordered"), tr("Claimed"), tr("Amount")] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for l in &d.lines {
                        ui.label(&l.sku);
                        ui.scope(|ui| {
                            ui.set_max_width(300.0);
                            ui.add(egui::Label::new(&l.name).truncate())
                                .on_hover_text(&l.name);
                        });
                        ui.label(if l.ordered > 0 {
                            format!("{} {}", l.ordered, l.unit)
                        } else {
                            tr("not on the order").to_string()
                        });
                        ui.label(format!("{} {}", l.quantity, l.unit));
                        ui.label(format_money(l.amount_minor));
                        ui.end_row();
                    }
                });
            ui.label(format!(
                "{}: {}",
                tr("Claimed amount"),
                format_money(r.claimed_minor)
            ));
        }

        self.workflow_ui(ui, d, actions);
        self.evidence_ui(ui, d, actions);
        self.files_ui(ui, store, d, actions);
        self.decision_ui(ui, d, actions);
        self.answer_ui(ui, store, d, actions);
        self.callbacks_ui(ui, d, actions);
        self.returns_ui(ui, d, actions);
        self.history_ui(ui, d);
    }

    fn workflow_ui(&mut self, ui: &mut Ui, d: &ClaimDetail, actions: &mut Vec<Action>) {
        let Some(forms) = &mut self.forms else { return };
        let status = d.row.status;
        if status.next_steps().is_empty() {
            return;
        }
        section(ui, tr("Workflow"));
        ui.horizontal(|ui| {
            widgets::labeled_field(
                ui,
                "claim_step_note",
                tr("Step note"),
                &mut forms.step_note,
                tr("why: needed to cancel or to go back to the investigation"),
                420.0,
            );
        });
        let mut chosen = None;
        ui.horizontal_wrapped(|ui| {
            for to in status.next_steps() {
                let text = match to {
                    ClaimStatus::Cancelled => tr("Cancel the claim").to_string(),
                    _ => format!("→ {}", claim_status_label(*to)),
                };
                if ui.button(text).clicked() {
                    chosen = Some(*to);
                }
            }
        });
        let Some(to) = chosen else { return };
        let note = forms.step_note.trim().to_string();
        let ctx = ClaimMoveContext {
            decided: d.decision.is_some(),
            has_note: !note.is_empty(),
        };
        match check_claim_move(status, to, ctx) {
            Ok(()) => self.push(
                actions,
                Pending::Step,
                ClaimWrite::Move {
                    id: d.row.id,
                    version: d.row.version,
                    to,
                    note,
                },
            ),
            Err(e) => self.message = Some(Err(e.reason)),
        }
    }

    fn evidence_ui(&mut self, ui: &mut Ui, d: &ClaimDetail, actions: &mut Vec<Action>) {
        let Some(forms) = &mut self.forms else { return };
        section(ui, tr("Investigation"));
        let open = d.row.status.is_open();
        let mut save = None;
        ui.add_enabled_ui(open, |ui| {
            egui::Grid::new("claim_evidence")
                .striped(true)
                .num_columns(5)
                .spacing([8.0, 4.0])
                .show(ui, |ui| {
                    for h in ["", tr("Detail"), tr("Result"), "", ""] {
                        ui.strong(h);
                    }
                    ui.end_row();
                    for (i, f) in forms.evidence.iter_mut().enumerate() {
                        let label = evidence_label(f.row.kind);
                        ui.checkbox(&mut f.done, label);
                        ui.add(
                            TextEdit::singleline(&mut f.detail)
                                .id_salt(("claim_ev_detail", i))
                                .hint_text(evidence_hint(f.row.kind))
                                .desired_width(190.0),
                        )
                        .accessible_name(format!("{label}: {}", tr("detail")));
                        ui.add(
                            TextEdit::singleline(&mut f.result)
                                .id_salt(("claim_ev_result", i))
                                .desired_width(150.0),
                        )
                        .accessible_name(format!("{label}: {}", tr("result")));
                        let dirty = f.dirty();
                        if ui
                            .add_enabled(dirty, egui::Button::new(tr("Save")))
                            .accessible_name(format!("{}: {label}", tr("Save")))
                            .clicked()
                        {
                            save = Some(f.item());
                        }
                        let by = match f.row.updated_at {
                            Some(t) => format!("{} · {}", f.row.updated_by, widgets::local_minute(t)),
                            None => String::new(),
                        };
                        ui.label(RichText::new(by).color(theme::muted(ui)).small());
                        ui.end_row();
                    }
                });
        });
        if let Some(item) = save {
            self.push(
                actions,
                Pending::Other,
                ClaimWrite::Evidence {
                    claim_id: d.row.id,
                    item,
                },
            );
        }

        // who handled the order
        let Some(forms) = &mut self.forms else { return };
        let dash = |s: &str| {
            if s.is_empty() {
                "—".to_string()
            } else {
                s.to_string()
            }
        };
        ui.add_space(4.0);
        ui.label(RichText::new(tr("Who handled the order")).strong());
        ui.label(format!(
            "{}: {} · {}: {} · {}: {}",
            tr("Picker"),
            dash(&d.people.picker),
            tr("Checker"),
            dash(&d.people.checker),
            tr("Packer"),
            dash(&d.people.packer)
        ));
        if let Some(t) = d.shipped_at {
            ui.label(format!("{}: {}", tr("Shipped"), widgets::local_minute(t)));
        }
        let mut save_driver = false;
        ui.horizontal(|ui| {
            let r = widgets::labeled_field(
                ui,
                "claim_driver",
                tr("Driver"),
                &mut forms.driver,
                tr("who delivered the order"),
                240.0,
            );
            let changed = forms.driver.trim() != d.driver;
            save_driver |= r.lost_focus() && changed && ui.input(|i| i.key_pressed(Key::Enter));
            save_driver |= ui
                .add_enabled(changed, egui::Button::new(tr("Save the driver")))
                .clicked();
        });
        if save_driver {
            let driver = forms.driver.trim().to_string();
            self.push(
                actions,
                Pending::Other,
                ClaimWrite::Driver {
                    id: d.row.id,
                    version: d.row.version,
                    driver,
                },
            );
        }
    }

    fn files_ui(&mut self, ui: &mut Ui, store: &Store, d: &ClaimDetail, actions: &mut Vec<Action>) {
        section(ui, tr("Files"));
        let claim_id = d.row.id;
        let mut show = None;
        let mut open = None;
        if d.files.is_empty() {
            ui.label(RichText::new(tr("No files yet")).color(theme::muted(ui)));
        } else {
            egui::Grid::new("claim_files")
                .striped(true)
                .num_columns(5)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for f in &d.files {
                        ui.label(&f.name);
                        match &f.reference {
                            Some(r) => {
                                ui.label(tr("video"));
                                ui.label(RichText::new(r).small());
                            }
                            None => {
                                ui.label(size_text(f.size));
                                ui.label(
                                    RichText::new(format!(
                                        "SHA-256 {}…",
                                        &f.sha256[..f.sha256.len().min(12)]
                                    ))
                                    .small(),
                                )
                                .on_hover_text(&f.sha256);
                            }
                        }
                        ui.label(
                            RichText::new(format!("{} · {}", f.added_by, widgets::local_minute(f.added_at)))
                                .color(theme::muted(ui))
                                .small(),
                        );
                        if f.reference.is_some() {
                            ui.label("");
                        } else if f.is_image() {
                            if ui
                                .button(tr("Show"))
                                .accessible_name(format!("{}: {}", tr("Show"), f.name))
                                .clicked()
                            {
                                show = Some(f.id);
                            }
                        } else if ui
                            .button(tr("Open"))
                            .accessible_name(format!("{}: {}", tr("Open"), f.name))
                            .clicked()
                        {
                            open = Some(f.id);
                        }
                        ui.end_row();
                    }
                });
        }
        if let Some(id) = show {
            self.preview = Some(id);
        }
        if let Some(id) = open {
            self.message = Some(open_file(store, id));
        }
        let limit = self.attachment_mb;
        ui.horizontal_wrapped(|ui| {
            if ui.button(tr("Add file…")).clicked()
                && let Some(paths) = rfd::FileDialog::new()
                    .add_filter(tr("Photos and PDF"), &["png", "jpg", "jpeg", "pdf"])
                    .pick_files()
            {
                for path in paths {
                    self.push(actions, Pending::Other, ClaimWrite::AttachPath { claim_id, path });
                }
            }
            ui.label(
                RichText::new(format!(
                    "{} {limit} MB",
                    tr("or drop photos (PNG, JPEG) and PDFs on the window; each at most")
                ))
                .color(theme::muted(ui)),
            );
        });
        let Some(forms) = &mut self.forms else { return };
        let mut add_ref = false;
        ui.horizontal_wrapped(|ui| {
            widgets::labeled_field(
                ui,
                "claim_ref_name",
                tr("Video"),
                &mut forms.ref_name,
                tr("name, e.g. camera 4"),
                140.0,
            );
            let r = widgets::labeled_field(
                ui,
                "claim_ref_where",
                tr("Where it lies"),
                &mut forms.reference,
                tr("path or address of the recording"),
                240.0,
            );
            add_ref |= r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
            add_ref |= ui.button(tr("Add the reference")).clicked();
        });
        if add_ref {
            let w = ClaimWrite::AttachReference {
                claim_id,
                name: forms.ref_name.trim().to_string(),
                reference: forms.reference.trim().to_string(),
            };
            self.push(actions, Pending::Reference, w);
        }

        // the photo preview
        let shown = self
            .preview
            .and_then(|id| d.files.iter().find(|f| f.id == id))
            .or_else(|| {
                d.files
                    .iter()
                    .rev()
                    .find(|f| f.is_image() && f.reference.is_none())
            });
        if let Some(f) = shown.filter(|f| f.is_image()) {
            widgets::photo(
                ui,
                &mut self.textures,
                f.id,
                &format!("claim-file-{}", f.id),
                tr("Photo"),
                &f.name,
                640.0,
                || store.claim_file(f.id).map(|(_, bytes)| bytes),
            );
        }
    }

    fn decision_ui(&mut self, ui: &mut Ui, d: &ClaimDetail, actions: &mut Vec<Action>) {
        let Some(forms) = &mut self.forms else { return };
        section(ui, tr("Decision"));
        if let (Some(x), Some(at)) = (&d.decision, d.decided_at) {
            let mut text = format!(
                "{}: {} · {}: {}",
                tr("Recorded"),
                decision_label(x.decision),
                tr("culprit"),
                culprit_label(x.culprit)
            );
            if !x.culprit_name.is_empty() {
                text.push_str(&format!(" ({})", x.culprit_name));
            }
            text.push_str(&format!(
                " · {} · {}",
                remedy_label(x.remedy),
                widgets::local_minute(at)
            ));
            ui.label(RichText::new(text).color(theme::success(ui)));
        }
        let can = matches!(d.row.status, ClaimStatus::Investigating | ClaimStatus::Decided);
        if !can {
            hint(
                ui,
                tr("A decision is recorded while the claim is under investigation"),
            );
        }
        let f = &mut forms.decision;
        let mut record = false;
        ui.add_enabled_ui(can, |ui| {
            ui.horizontal(|ui| {
                for x in Decision::ALL {
                    ui.radio_value(&mut f.decision, *x, decision_label(*x));
                }
            });
            egui::Grid::new("claim_decision")
                .num_columns(2)
                .spacing([10.0, 6.0])
                .show(ui, |ui| {
                    let l = ui.label(tr("Culprit"));
                    let before = f.culprit;
                    egui::ComboBox::from_id_salt("claim_culprit")
                        .selected_text(culprit_label(f.culprit))
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            for c in Culprit::ALL {
                                ui.selectable_value(&mut f.culprit, *c, culprit_label(*c));
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.end_row();
                    if f.culprit != before && (f.name.trim().is_empty() || f.auto_name) {
                        f.name = person_of(d, f.culprit);
                        f.auto_name = !f.name.is_empty();
                    }
                    if widgets::text_row(ui, tr("Culprit's name"), &mut f.name).changed() {
                        f.auto_name = false;
                    }
                    let l = ui.label(tr("Remedy"));
                    egui::ComboBox::from_id_salt("claim_remedy")
                        .selected_text(remedy_label(f.remedy))
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            for r in Remedy::ALL {
                                ui.selectable_value(&mut f.remedy, *r, remedy_label(*r));
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.end_row();
                    widgets::text_row(ui, tr("Compensation amount"), &mut f.compensation);
                    widgets::text_row(ui, tr("Insurance case number"), &mut f.insurance_case);
                    widgets::multiline_row(ui, tr("Decision note"), &mut f.note);
                });
            record = ui.button(tr("Record decision")).clicked();
        });
        if record {
            match f.draft() {
                Ok(decision) => self.push(
                    actions,
                    Pending::Other,
                    ClaimWrite::Decide {
                        id: d.row.id,
                        version: d.row.version,
                        decision,
                    },
                ),
                Err(e) => self.message = Some(Err(e)),
            }
        }
    }

    fn answer_ui(&mut self, ui: &mut Ui, store: &Store, d: &ClaimDetail, actions: &mut Vec<Action>) {
        section(ui, tr("Answer to the client"));
        let mut make = None;
        ui.horizontal_wrapped(|ui| {
            if ui.button(tr("Answer PDF (RU)")).clicked() {
                make = Some(ActLang::Ru);
            }
            if ui.button(tr("Answer PDF (EN)")).clicked() {
                make = Some(ActLang::En);
            }
            ui.label(
                RichText::new(format!("{}: {}", tr("the client's language"), lang_label(d.lang)))
                    .color(theme::muted(ui)),
            );
        });
        if let Some(lang) = make {
            self.answer_pending = Some(answer_path(store, &d.row.number, lang));
            self.push(
                actions,
                Pending::Answer,
                ClaimWrite::Answer { id: d.row.id, lang },
            );
        }
        if let Some(path) = self.answer.clone() {
            ui.horizontal_wrapped(|ui| {
                ui.label(format!("{}: {}", tr("Saved"), path.display()));
                if ui.button(tr("Open the answer")).clicked() {
                    self.message = Some(open_pdf_file(&path));
                }
            });
        }
        if d.row.status == ClaimStatus::Decided {
            hint(
                ui,
                tr("Once the answer has gone to the client, move the claim on: → Answered"),
            );
        }
    }

    fn callbacks_ui(&mut self, ui: &mut Ui, d: &ClaimDetail, actions: &mut Vec<Action>) {
        let Some(forms) = &mut self.forms else { return };
        section(ui, tr("Follow-up calls"));
        if d.callbacks.is_empty() {
            hint(
                ui,
                tr("A follow-up call to the client is scheduled when the claim is closed"),
            );
            return;
        }
        let mut chosen = None;
        for cb in &d.callbacks {
            let phone = if cb.phone.is_empty() {
                String::new()
            } else {
                format!(" · ☎ {}", cb.phone)
            };
            match (cb.result, cb.done_at) {
                (Some(res), Some(at)) => {
                    let mut text = format!(
                        "{} {} · {} · {} · {}",
                        tr("Call due"),
                        cb.due_on,
                        call_result_label(res),
                        cb.done_by.clone().unwrap_or_default(),
                        widgets::local_minute(at)
                    );
                    if !cb.comment.is_empty() {
                        text.push_str(&format!(" · {}", cb.comment));
                    }
                    let color = if res == CallResult::NotSatisfied {
                        theme::danger(ui)
                    } else {
                        theme::success(ui)
                    };
                    ui.colored_label(color, text);
                }
                _ => {
                    let today = Local::now().date_naive();
                    let text = format!("{} {}{phone}", tr("Call due"), cb.due_on);
                    if cb.due_on < today {
                        ui.colored_label(theme::danger(ui), format!("{text} · {}", tr("overdue")));
                    } else {
                        ui.label(text);
                    }
                    ui.horizontal_wrapped(|ui| {
                        widgets::labeled_field(
                            ui,
                            "claim_call_comment",
                            tr("Call comment"),
                            &mut forms.call_comment,
                            tr("what the client said"),
                            300.0,
                        );
                        if ui.button(tr("Satisfied")).clicked() {
                            chosen = Some((cb.id, cb.version, CallResult::Satisfied));
                        }
                        if ui.button(tr("Not satisfied")).clicked() {
                            chosen = Some((cb.id, cb.version, CallResult::NotSatisfied));
                        }
                    });
                }
            }
        }
        if let Some((id, version, result)) = chosen {
            let comment = forms.call_comment.trim().to_string();
            if result == CallResult::NotSatisfied && comment.is_empty() {
                let m = tr("Not satisfied: say what the client is not satisfied with");
                self.message = Some(Err(m.to_string()));
                return;
            }
            self.push(
                actions,
                Pending::Callback,
                ClaimWrite::Callback {
                    id,
                    version,
                    result,
                    comment,
                },
            );
        }
    }

    fn returns_ui(&mut self, ui: &mut Ui, d: &ClaimDetail, actions: &mut Vec<Action>) {
        section(ui, tr("Returns"));
        for r in &d.returns {
            let units: i64 = r.lines.iter().map(|l| l.quantity).sum();
            ui.label(format!(
                "{} · {} · {} {} · {} {}",
                r.number,
                widgets::local_minute(r.received_at),
                r.lines.len(),
                tr("lines"),
                units,
                tr("units")
            ));
        }
        if d.row.status != ClaimStatus::Cancelled && ui.button(tr("Record a return…")).clicked() {
            actions.push(Action::OpenReturn {
                order_id: d.row.order_id,
                claim_id: Some(d.row.id),
            });
        }
    }

    fn history_ui(&mut self, ui: &mut Ui, d: &ClaimDetail) {
        section(ui, tr("History"));
        for e in &d.events {
            let step = match e.from {
                Some(f) => format!("{} → {}", claim_status_label(f), claim_status_label(e.to)),
                None => claim_status_label(e.to).to_string(),
            };
            let mut text = format!("{} · {} · {step}", widgets::local_minute(e.at), e.by);
            if !e.note.is_empty() {
                text.push_str(&format!(" · {}", e.note));
            }
            ui.label(text);
        }
        ui.label(RichText::new(format!("{}: {}", tr("Created by"), d.created_by)).color(theme::muted(ui)));
    }
}

/// A muted line of guidance.
fn hint(ui: &mut Ui, text: &str) {
    ui.label(RichText::new(text).color(theme::muted(ui)));
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(8.0);
    ui.separator();
    ui.label(RichText::new(title).strong().size(15.0));
}

/// Where the answer PDF of a claim goes: `<database folder>/claims/<number>-<lang>.pdf`.
fn answer_path(store: &Store, number: &str, lang: ActLang) -> PathBuf {
    let dir = store
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join("claims").join(format!(
        "{}-{}.pdf",
        crate::print::output::sanitize_file_name(number),
        lang.code()
    ))
}

/// The answer already written for a claim (in its own language first).
fn existing_answer(store: &Store, d: &ClaimDetail) -> Option<PathBuf> {
    let other = if d.lang == ActLang::Ru {
        ActLang::En
    } else {
        ActLang::Ru
    };
    [d.lang, other]
        .into_iter()
        .map(|l| answer_path(store, &d.row.number, l))
        .find(|p| p.is_file())
}

/// Builds the claim act (naming who printed it) and saves it beside the database, all or
/// nothing.
fn write_answer(store: &Store, id: i64, lang: ActLang, by: &str) -> crate::Result<(PathBuf, usize)> {
    let pdf = crate::print::claim::claim_act_by(store, id, lang, by)?;
    let number = store.claim(id)?.row.number;
    let path = answer_path(store, &number, lang);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    }
    crate::print::output::write_atomic(&path, &pdf.bytes)?;
    Ok((path, pdf.pages))
}

fn open_pdf_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "answer".into());
    view_pdf(bytes, &title)
}

/// A kept PDF opened in the system's viewer (through a temp copy).
fn open_file(store: &Store, id: i64) -> Result<String, String> {
    let (f, bytes) = store.claim_file(id).map_err(|e| e.to_string())?;
    let title = Path::new(&f.name)
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| f.name.clone());
    view_pdf(bytes, &title)
}

fn view_pdf(bytes: Vec<u8>, title: &str) -> Result<String, String> {
    use crate::print::output::{Payload, Target, deliver};
    deliver(&Payload::Pdf(bytes), &Target::Viewer, title)
        .map(|d| d.description)
        .map_err(|e| e.to_string())
}

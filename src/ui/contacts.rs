//! The contact log and the calls back due today (follow-ups of closed claims among them).
//!
//! Left: the calls due today (overdue ones first, in red) with the buttons that record how each
//! call went; below them the calls scheduled later. Right: the contact log, newest first, with a
//! filter and the "New contact" form (Ctrl+N, Enter saves, Esc closes).

use super::{Action, theme, widgets};
use crate::domain::claim::{CallResult, Medium, Topic};
use crate::i18n::tr;
use crate::store::{CallbackRow, ContactDraft, ContactFilter, ContactRow, CustomerRow, Stamp, Store};
use chrono::NaiveDate;
use egui::{Key, Ui};
use std::collections::HashMap;

/// The topic the store gives the call back scheduled when a claim is closed.
const FOLLOW_UP: &str = "follow-up";
/// How many contacts the log shows (the filter finds older ones).
const LOG_LIMIT: usize = 500;
/// How many customers the form's customer field suggests.
const SUGGESTIONS: usize = 8;

/// The contacts panel's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum ContactWrite {
    /// Logs a contact (and schedules its call back when the draft names a day).
    Log(ContactDraft),
    /// Records how a call back went (and logs the call as a contact).
    Complete {
        id: i64,
        version: i64,
        result: CallResult,
        comment: String,
    },
    /// Moves an open call back to another day.
    Reschedule {
        id: i64,
        version: i64,
        due_on: NaiveDate,
        comment: String,
    },
    /// Schedules a call back without logging a contact.
    Schedule {
        customer_id: i64,
        claim_id: Option<i64>,
        order_id: Option<i64>,
        due_on: NaiveDate,
        topic: String,
    },
}

/// Carries out one write of the panel; the text is the status bar's message.
pub fn write(store: &mut Store, w: ContactWrite, stamp: &Stamp) -> crate::Result<String> {
    match w {
        ContactWrite::Log(d) => {
            store.log_contact(&d, stamp)?;
            Ok(match d.call_back_on {
                Some(day) => format!("{}; {} {day}", tr("Contact logged"), tr("call back on")),
                None => tr("Contact logged").to_string(),
            })
        }
        ContactWrite::Complete {
            id,
            version,
            result,
            comment,
        } => {
            store.complete_callback(id, version, result, &comment, stamp)?;
            Ok(match result {
                CallResult::Satisfied => tr("Call back done: the client is satisfied"),
                CallResult::NotSatisfied => tr("Not satisfied: the claim is back under investigation"),
                CallResult::Done => tr("Call back done"),
            }
            .to_string())
        }
        ContactWrite::Reschedule {
            id,
            version,
            due_on,
            comment,
        } => {
            store.reschedule_callback(id, version, due_on, &comment, stamp)?;
            Ok(format!("{} {due_on}", tr("Call back moved to")))
        }
        ContactWrite::Schedule {
            customer_id,
            claim_id,
            order_id,
            due_on,
            topic,
        } => {
            store.schedule_callback(customer_id, claim_id, order_id, due_on, &topic, stamp)?;
            Ok(format!("{} {due_on}", tr("Call back scheduled for")))
        }
    }
}

pub fn medium_label(m: Medium) -> &'static str {
    tr(match m {
        Medium::Phone => "Phone",
        Medium::Email => "E-mail",
        Medium::Visit => "Visit",
        Medium::Messenger => "Messenger",
    })
}

pub fn topic_label(t: Topic) -> &'static str {
    tr(match t {
        Topic::OrderStatus => "Order status",
        Topic::Claim => "Claim",
        Topic::Documents => "Documents",
        Topic::Consultation => "Consultation",
        Topic::Other => "Other",
    })
}

pub fn result_label(r: CallResult) -> &'static str {
    tr(match r {
        CallResult::Satisfied => "Satisfied",
        CallResult::NotSatisfied => "Not satisfied",
        CallResult::Done => "Done",
    })
}

/// What a call back is about, in words (the claim follow-up has a fixed topic).
fn callback_topic(topic: &str) -> String {
    match topic.trim() {
        FOLLOW_UP => tr("Claim follow-up").to_string(),
        "" => tr("Call back").to_string(),
        t => t.to_string(),
    }
}

/// A claim's follow-up after closing: answered with satisfied / not satisfied.
fn is_follow_up(cb: &CallbackRow) -> bool {
    cb.claim_id.is_some() && cb.topic.trim() == FOLLOW_UP
}

/// A day typed by the user: `YYYY-MM-DD` (or the desk's other date forms).
fn parse_day(label: &str, text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let Some(day) = super::intake::parse_date(text) else {
        return Err(format!(
            "{label}: «{}» {}",
            text.trim(),
            tr("is not a date: type it as YYYY-MM-DD, e.g. 2026-11-23")
        ));
    };
    if day < today {
        return Err(format!(
            "{label}: {day} {}",
            tr("has passed: choose today or a later day")
        ));
    }
    Ok(day)
}

/// The next working day after `today` on the desk's calendar.
fn next_working_day(store: &Store, today: NaiveDate) -> NaiveDate {
    let cal = store.sla_settings().map(|(c, _)| c).unwrap_or_default();
    let tomorrow = today.succ_opt().unwrap_or(today);
    cal.next_working_moment(tomorrow.and_time(chrono::NaiveTime::MIN))
        .date()
}

/// What the last write was, to route its outcome.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Pending {
    Form,
    Callback(i64),
}

/// The "New contact" form, as typed.
struct ContactForm {
    customer_query: String,
    hits: Vec<CustomerRow>,
    hit: usize,
    /// The picked customer: id and "code — name".
    customer: Option<(i64, String)>,
    medium: Medium,
    incoming: bool,
    topic: Topic,
    person: String,
    summary: String,
    outcome: String,
    order_no: String,
    claim_no: String,
    call_back: String,
    message: Option<Result<String, String>>,
    focus: bool,
}

impl ContactForm {
    fn new() -> Self {
        ContactForm {
            customer_query: String::new(),
            hits: Vec::new(),
            hit: 0,
            customer: None,
            medium: Medium::Phone,
            incoming: true,
            topic: Topic::OrderStatus,
            person: String::new(),
            summary: String::new(),
            outcome: String::new(),
            order_no: String::new(),
            claim_no: String::new(),
            call_back: String::new(),
            message: None,
            focus: true,
        }
    }

    /// The customer: the one picked, else the only match of what was typed (an exact code wins).
    fn customer_id(&self, store: &Store) -> Result<i64, String> {
        if let Some((id, _)) = self.customer {
            return Ok(id);
        }
        let q = self.customer_query.trim();
        if q.is_empty() {
            return Err(format!(
                "{}: {}",
                tr("Customer"),
                tr("type a code or name and pick the customer from the list")
            ));
        }
        if let Ok(Some(c)) = store.customer_by_code(q) {
            return Ok(c.id);
        }
        let hits = store.customers(q, 2).map_err(|e| e.to_string())?;
        match hits.as_slice() {
            [one] => Ok(one.id),
            [] => Err(format!("{}: «{q}» {}", tr("Customer"), tr("not found"))),
            _ => Err(format!(
                "{}: {}",
                tr("Customer"),
                tr("several match: pick one from the list")
            )),
        }
    }

    /// The linked order and claim: each must exist and be the customer's; a claim alone links
    /// its order too.
    fn links(&self, store: &Store, customer_id: i64) -> Result<(Option<i64>, Option<i64>), String> {
        let mut order_id = None;
        let order_no = self.order_no.trim();
        if !order_no.is_empty() {
            let Some(id) = store.order_by_scan(order_no).map_err(|e| e.to_string())? else {
                return Err(format!("{} «{order_no}» {}", tr("Order"), tr("not found")));
            };
            let o = store.order(id).map_err(|e| e.to_string())?;
            if o.summary.customer_id != customer_id {
                return Err(format!(
                    "{} {}: {} ({} — {})",
                    tr("Order"),
                    o.summary.number,
                    tr("belongs to another customer"),
                    o.summary.customer_code,
                    o.summary.customer_name
                ));
            }
            order_id = Some(id);
        }
        let mut claim_id = None;
        let claim_no = self.claim_no.trim();
        if !claim_no.is_empty() {
            let Some(id) = store.claim_by_number(claim_no).map_err(|e| e.to_string())? else {
                return Err(format!("{} «{claim_no}» {}", tr("Claim"), tr("not found")));
            };
            let k = store.claim(id).map_err(|e| e.to_string())?;
            if k.row.customer_id != customer_id {
                return Err(format!(
                    "{} {}: {} ({} — {})",
                    tr("Claim"),
                    k.row.number,
                    tr("belongs to another customer"),
                    k.row.customer_code,
                    k.row.customer_name
                ));
            }
            match order_id {
                Some(o) if o != k.row.order_id => {
                    return Err(format!(
                        "{} {}: {} {}",
                        tr("Claim"),
                        k.row.number,
                        tr("is about another order:"),
                        k.row.order_number
                    ));
                }
                _ => order_id = Some(k.row.order_id),
            }
            claim_id = Some(id);
        }
        Ok((order_id, claim_id))
    }

    fn call_back_on(&self, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
        if self.call_back.trim().is_empty() {
            return Ok(None);
        }
        parse_day(tr("Call back on"), &self.call_back, today).map(Some)
    }

    /// The contact as the store takes it, or what is wrong, in words.
    fn draft(&self, store: &Store, today: NaiveDate) -> Result<ContactDraft, String> {
        let customer_id = self.customer_id(store)?;
        if self.summary.trim().is_empty() {
            return Err(format!(
                "{}: {}",
                tr("Summary"),
                tr("say what the contact was about")
            ));
        }
        let (order_id, claim_id) = self.links(store, customer_id)?;
        Ok(ContactDraft {
            customer_id,
            medium: self.medium,
            incoming: self.incoming,
            topic: self.topic,
            person: self.person.trim().to_string(),
            summary: self.summary.trim().to_string(),
            outcome: self.outcome.trim().to_string(),
            order_id,
            claim_id,
            call_back_on: self.call_back_on(today)?,
        })
    }

    /// A call back only (no contact logged): the day is required.
    fn schedule(&self, store: &Store, today: NaiveDate) -> Result<ContactWrite, String> {
        let customer_id = self.customer_id(store)?;
        let (order_id, claim_id) = self.links(store, customer_id)?;
        let Some(due_on) = self.call_back_on(today)? else {
            return Err(format!(
                "{}: {}",
                tr("Call back on"),
                tr("give the day of the call")
            ));
        };
        let topic = [&self.summary, &self.outcome]
            .into_iter()
            .map(|s| s.trim())
            .find(|s| !s.is_empty())
            .unwrap_or(topic_label(self.topic))
            .to_string();
        Ok(ContactWrite::Schedule {
            customer_id,
            claim_id,
            order_id,
            due_on,
            topic,
        })
    }
}

pub struct ContactsPanel {
    pub stale: bool,
    today: NaiveDate,
    /// The default day of "Another day".
    next_day: NaiveDate,
    due: Vec<CallbackRow>,
    later: Vec<CallbackRow>,
    log: Vec<ContactRow>,
    query: String,
    /// Only this customer's contacts: id and "code — name".
    customer_filter: Option<(i64, String)>,
    selected: Option<i64>,
    /// The comment typed on each due call back.
    comments: HashMap<i64, String>,
    /// The other day typed on each due call back.
    days: HashMap<i64, String>,
    form: Option<ContactForm>,
    /// Feedback of the calls back (the form has its own).
    message: Option<Result<String, String>>,
    /// Feedback of the log (a contact saved).
    log_message: Option<Result<String, String>>,
    pending: Option<Pending>,
}

impl Default for ContactsPanel {
    fn default() -> Self {
        let today = chrono::Local::now().date_naive();
        ContactsPanel {
            stale: true,
            today,
            next_day: today.succ_opt().unwrap_or(today),
            due: Vec::new(),
            later: Vec::new(),
            log: Vec::new(),
            query: String::new(),
            customer_filter: None,
            selected: None,
            comments: HashMap::new(),
            days: HashMap::new(),
            form: None,
            message: None,
            log_message: None,
            pending: None,
        }
    }
}

impl ContactsPanel {
    /// A write of the panel landed.
    pub fn done(&mut self, msg: String) {
        match self.pending.take() {
            Some(Pending::Form) => {
                self.form = None;
                self.log_message = Some(Ok(msg));
            }
            Some(Pending::Callback(id)) => {
                self.comments.remove(&id);
                self.days.remove(&id);
                self.message = Some(Ok(msg));
            }
            None => self.message = Some(Ok(msg)),
        }
        self.stale = true;
    }

    /// A write of the panel was refused: the message goes where the user acted.
    pub fn failed(&mut self, msg: String) {
        match (self.pending.take(), &mut self.form) {
            (Some(Pending::Form), Some(form)) => form.message = Some(Err(msg)),
            _ => self.message = Some(Err(msg)),
        }
        self.stale = true;
    }

    /// Opens the "New contact" form (Ctrl+N).
    pub fn new_contact(&mut self) {
        if self.form.is_none() {
            self.form = Some(ContactForm::new());
        }
        if let Some(f) = &mut self.form {
            f.focus = true;
        }
        self.log_message = None;
    }

    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        self.today = chrono::Local::now().date_naive();
        self.next_day = next_working_day(store, self.today);
        let mut errors = Vec::new();
        self.due = store.callbacks_due(self.today).unwrap_or_else(|e| {
            errors.push(e.to_string());
            Vec::new()
        });
        let today = self.today;
        self.later = store
            .callbacks_open()
            .map(|all| all.into_iter().filter(|c| c.due_on > today).collect())
            .unwrap_or_else(|e| {
                errors.push(e.to_string());
                Vec::new()
            });
        self.log = store
            .contacts(&ContactFilter {
                customer_id: self.customer_filter.as_ref().map(|c| c.0),
                claim_id: None,
                text: self.query.clone(),
                limit: Some(LOG_LIMIT),
            })
            .unwrap_or_else(|e| {
                errors.push(e.to_string());
                Vec::new()
            });
        let open: Vec<i64> = self.due.iter().map(|c| c.id).collect();
        self.comments.retain(|id, _| open.contains(id));
        self.days.retain(|id, _| open.contains(id));
        if let Some(e) = errors.into_iter().next() {
            self.message = Some(Err(e));
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        // a new day (the desk stays open overnight) brings its own calls
        if self.stale || chrono::Local::now().date_naive() != self.today {
            self.refresh(store);
        }
        if widgets::command_key(ui, Key::N) {
            self.new_contact();
        }
        if self.form.is_some()
            && !egui::Popup::is_any_open(ui.ctx())
            && ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            self.form = None;
        }
        egui::Panel::left("contacts_due")
            .default_size(440.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("contacts_due_scroll")
                    .show(ui, |ui| self.due_ui(ui, actions));
            });
        self.log_header_ui(ui);
        if self.form.is_some() {
            self.form_ui(ui, store, actions);
            ui.separator();
        }
        self.selected_ui(ui, store, actions);
        self.table_ui(ui);
    }

    // ---- calls back ----

    fn due_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.label(theme::heading(tr("Due today")));
        ui.label(format!(
            "{} · {} {}",
            self.today,
            self.due.len(),
            tr("call(s) to make")
        ));
        widgets::feedback(ui, &self.message);
        if self.due.is_empty() {
            ui.colored_label(theme::muted(ui), tr("No calls due today"));
        }
        let due = std::mem::take(&mut self.due);
        for cb in &due {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                self.callback_ui(ui, cb, actions);
            });
        }
        self.due = due;
        ui.add_space(8.0);
        let later = std::mem::take(&mut self.later);
        egui::CollapsingHeader::new(format!("{} ({})", tr("Scheduled later"), later.len()))
            .id_salt("contacts_later")
            .show(ui, |ui| {
                for cb in &later {
                    ui.horizontal_wrapped(|ui| {
                        ui.label(cb.due_on.to_string());
                        if ui
                            .link(format!("{} — {}", cb.customer_code, cb.customer_name))
                            .clicked()
                        {
                            actions.push(Action::OpenCustomer(cb.customer_id));
                        }
                        ui.label(callback_topic(&cb.topic));
                        links_ui(ui, cb, actions);
                    });
                }
            });
        self.later = later;
    }

    fn callback_ui(&mut self, ui: &mut Ui, cb: &CallbackRow, actions: &mut Vec<Action>) {
        let today = self.today;
        if cb.due_on < today {
            ui.colored_label(
                theme::danger(ui),
                format!("⚠ {} {}", tr("Overdue since"), cb.due_on),
            );
        } else {
            ui.colored_label(theme::success(ui), tr("Today"));
        }
        ui.horizontal_wrapped(|ui| {
            if ui
                .link(format!("{} — {}", cb.customer_code, cb.customer_name))
                .on_hover_text(tr("Open the customer's card"))
                .clicked()
            {
                actions.push(Action::OpenCustomer(cb.customer_id));
            }
            if !cb.phone.trim().is_empty() {
                ui.label(format!("☎ {}", cb.phone));
            }
        });
        ui.horizontal_wrapped(|ui| {
            ui.strong(callback_topic(&cb.topic));
            links_ui(ui, cb, actions);
        });
        let by = format!("{}: {}", tr("Scheduled by"), cb.created_by);
        ui.colored_label(theme::muted(ui), by);
        if !cb.comment.trim().is_empty() {
            ui.colored_label(theme::muted(ui), format!("{}: {}", tr("Last note"), cb.comment));
        }
        let comment = self.comments.entry(cb.id).or_default();
        ui.horizontal(|ui| {
            widgets::labeled_field(
                ui,
                &format!("callback_comment_{}", cb.id),
                tr("Comment"),
                comment,
                tr("What the client said"),
                280.0,
            );
        });
        let comment = comment.trim().to_string();
        let mut result = None;
        ui.horizontal_wrapped(|ui| {
            if cb.claim_id.is_some() {
                if ui
                    .button(tr("Satisfied"))
                    .on_hover_text(tr("The client is satisfied: the claim stays closed"))
                    .clicked()
                {
                    result = Some(CallResult::Satisfied);
                }
                if ui
                    .button(tr("Not satisfied"))
                    .on_hover_text(tr("Reopens the claim: write in the comment why"))
                    .clicked()
                {
                    result = Some(CallResult::NotSatisfied);
                }
            }
            if !is_follow_up(cb) && ui.button(tr("Done")).clicked() {
                result = Some(CallResult::Done);
            }
        });
        if let Some(result) = result {
            if result == CallResult::NotSatisfied && comment.is_empty() {
                self.message = Some(Err(tr(
                    "Not satisfied needs a comment: write what the client is not satisfied with (the claim is reopened with it)",
                )
                .to_string()));
            } else {
                self.message = None;
                self.pending = Some(Pending::Callback(cb.id));
                actions.push(Action::Contacts(ContactWrite::Complete {
                    id: cb.id,
                    version: cb.version,
                    result,
                    comment: comment.clone(),
                }));
            }
        }
        let next_day = self.next_day;
        let day = self.days.entry(cb.id).or_insert_with(|| next_day.to_string());
        let mut move_it = false;
        ui.horizontal(|ui| {
            widgets::labeled_field(
                ui,
                &format!("callback_day_{}", cb.id),
                tr("New date"),
                day,
                "YYYY-MM-DD",
                100.0,
            );
            move_it = ui
                .button(tr("Another day"))
                .on_hover_text(tr("Nobody answered, or the client asked to call later"))
                .clicked();
        });
        if move_it {
            match parse_day(tr("New date"), day, today) {
                Ok(due_on) => {
                    self.message = None;
                    self.pending = Some(Pending::Callback(cb.id));
                    actions.push(Action::Contacts(ContactWrite::Reschedule {
                        id: cb.id,
                        version: cb.version,
                        due_on,
                        comment,
                    }));
                }
                Err(e) => self.message = Some(Err(e)),
            }
        }
    }

    // ---- the log ----

    fn log_header_ui(&mut self, ui: &mut Ui) {
        ui.horizontal_wrapped(|ui| {
            ui.label(theme::heading(tr("Contact log")));
            let r = widgets::labeled_field(
                ui,
                "contacts_find",
                tr("Find"),
                &mut self.query,
                tr("customer, summary, person…"),
                240.0,
            );
            if r.changed() {
                self.stale = true;
            }
            if let Some((_, name)) = &self.customer_filter
                && ui
                    .button(format!("{}: {name} ✕", tr("Customer")))
                    .on_hover_text(tr("Show every customer"))
                    .clicked()
            {
                self.customer_filter = None;
                self.stale = true;
            }
            let shown = if self.log.len() >= LOG_LIMIT {
                format!("{} {} ({})", self.log.len(), tr("rows"), tr("the latest"))
            } else {
                format!("{} {}", self.log.len(), tr("rows"))
            };
            ui.label(shown);
            if ui.button(tr("New contact")).on_hover_text("Ctrl+N").clicked() {
                self.new_contact();
            }
        });
        widgets::feedback(ui, &self.log_message);
    }

    fn form_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let today = self.today;
        let Some(form) = &mut self.form else { return };
        ui.label(theme::heading(tr("New contact")));
        let mut fields: Vec<egui::Response> = Vec::new();
        let mut pick = None;
        let mut customer_enter = false;
        ui.horizontal(|ui| {
            let r = widgets::labeled_field(
                ui,
                "contact_customer",
                tr("Customer"),
                &mut form.customer_query,
                tr("Type code, name or tax ID"),
                360.0,
            );
            if form.focus {
                r.request_focus();
                form.focus = false;
            }
            if r.changed() {
                form.customer = None;
                form.hit = 0;
                form.hits = store
                    .customers(&form.customer_query, SUGGESTIONS)
                    .unwrap_or_default();
            }
            if r.has_focus() && !form.hits.is_empty() {
                if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowDown)) {
                    form.hit = (form.hit + 1).min(form.hits.len() - 1);
                }
                if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::ArrowUp)) {
                    form.hit = form.hit.saturating_sub(1);
                }
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                if form.customer.is_none() {
                    // Enter picks the highlighted match; with the customer known it saves
                    customer_enter = true;
                    pick = form.hits.get(form.hit).map(|c| c.id);
                } else {
                    fields.push(r.clone());
                }
            }
            if let Some((_, name)) = &form.customer {
                ui.colored_label(theme::success(ui), format!("✔ {name}"));
            }
        });
        if form.customer.is_none() && !form.hits.is_empty() {
            ui.indent("contact_customer_hits", |ui| {
                for (i, c) in form.hits.iter().enumerate() {
                    let text = format!("{}  {}  {}", c.code, c.legal_name, c.phone);
                    if ui.selectable_label(i == form.hit, text).clicked() {
                        pick = Some(c.id);
                    }
                }
            });
        }
        if let Some(id) = pick
            && let Some(c) = form.hits.iter().find(|c| c.id == id)
        {
            let name = format!("{} — {}", c.code, c.legal_name);
            form.customer_query = name.clone();
            form.customer = Some((id, name));
            form.hits.clear();
        }
        ui.horizontal_wrapped(|ui| {
            let l = ui.label(tr("Medium"));
            egui::ComboBox::from_id_salt("contact_medium")
                .selected_text(medium_label(form.medium))
                .show_ui(ui, |ui| {
                    for m in Medium::ALL {
                        ui.selectable_value(&mut form.medium, *m, medium_label(*m));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.radio_value(&mut form.incoming, true, tr("Incoming"));
            ui.radio_value(&mut form.incoming, false, tr("Outgoing"));
            ui.add_space(12.0);
            let l = ui.label(tr("Topic"));
            egui::ComboBox::from_id_salt("contact_topic")
                .selected_text(topic_label(form.topic))
                .show_ui(ui, |ui| {
                    for t in Topic::ALL {
                        ui.selectable_value(&mut form.topic, *t, topic_label(*t));
                    }
                })
                .response
                .labelled_by(l.id);
        });
        egui::Grid::new("contact_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                fields.push(widgets::text_row(ui, tr("Person"), &mut form.person));
                fields.push(widgets::text_row(ui, tr("Summary"), &mut form.summary));
                fields.push(widgets::text_row(ui, tr("Outcome"), &mut form.outcome));
                fields.push(widgets::text_row(ui, tr("Order number"), &mut form.order_no));
                fields.push(widgets::text_row(ui, tr("Claim number"), &mut form.claim_no));
                let l = ui.label(tr("Call back on"));
                ui.horizontal(|ui| {
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(&mut form.call_back)
                                .id_salt("contact_call_back")
                                .hint_text("YYYY-MM-DD")
                                .desired_width(110.0),
                        )
                        .labelled_by(l.id);
                    if !form.call_back.trim().is_empty()
                        && !r.has_focus()
                        && let Err(e) = form.call_back_on(today)
                    {
                        ui.colored_label(theme::danger(ui), e);
                    }
                    fields.push(r);
                    if ui.small_button(tr("Today")).clicked() {
                        form.call_back = today.to_string();
                    }
                    if ui.small_button(tr("Next working day")).clicked() {
                        form.call_back = self.next_day.to_string();
                    }
                });
                ui.end_row();
            });
        widgets::feedback(ui, &form.message);
        let enter = !customer_enter
            && fields.iter().any(|r| r.lost_focus())
            && ui.input(|i| i.key_pressed(Key::Enter));
        let mut save = enter;
        let mut schedule = false;
        let mut close = false;
        ui.horizontal(|ui| {
            save |= ui.button(tr("Save")).on_hover_text("Enter").clicked();
            schedule = ui
                .button(tr("Schedule the call only"))
                .on_hover_text(tr("Schedules a call back without logging a contact"))
                .clicked();
            close = ui.button(tr("Close")).on_hover_text("Esc").clicked();
        });
        if save {
            match form.draft(store, today) {
                Ok(d) => {
                    form.message = None;
                    self.pending = Some(Pending::Form);
                    actions.push(Action::Contacts(ContactWrite::Log(d)));
                }
                Err(e) => form.message = Some(Err(e)),
            }
        } else if schedule {
            match form.schedule(store, today) {
                Ok(w) => {
                    form.message = None;
                    self.pending = Some(Pending::Form);
                    actions.push(Action::Contacts(w));
                }
                Err(e) => form.message = Some(Err(e)),
            }
        }
        if close {
            self.form = None;
        }
    }

    /// The selected contact in full, with its links.
    fn selected_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let Some(c) = self.selected.and_then(|id| self.log.iter().find(|c| c.id == id)) else {
            return;
        };
        let mut only = None;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal_wrapped(|ui| {
                ui.strong(format!("{} — {}", c.customer_code, c.customer_name));
                ui.label(format!(
                    "{} · {} · {} {} · {}",
                    widgets::local_minute(c.at),
                    c.by,
                    medium_label(c.medium),
                    direction(c.incoming),
                    topic_label(c.topic)
                ));
                if !c.person.is_empty() {
                    ui.label(format!("{}: {}", tr("Person"), c.person));
                }
            });
            ui.label(format!("{}: {}", tr("Summary"), c.summary));
            if !c.outcome.is_empty() {
                ui.label(format!("{}: {}", tr("Outcome"), c.outcome));
            }
            ui.horizontal_wrapped(|ui| {
                if let Some(n) = &c.order_number
                    && ui.link(format!("{} {n}", tr("Order"))).clicked()
                    && let Ok(Some(id)) = store.order_by_number(n)
                {
                    actions.push(Action::OpenOrder(id));
                }
                if let Some(n) = &c.claim_number
                    && ui.link(format!("{} {n}", tr("Claim"))).clicked()
                    && let Ok(Some(id)) = store.claim_by_number(n)
                {
                    actions.push(Action::OpenClaim(id));
                }
                if ui.button(tr("Only this customer")).clicked() {
                    only = Some((
                        c.customer_id,
                        format!("{} — {}", c.customer_code, c.customer_name),
                    ));
                }
            });
        });
        if let Some(f) = only {
            self.customer_filter = Some(f);
            self.stale = true;
        }
    }

    fn table_ui(&mut self, ui: &mut Ui) {
        let columns = [
            (tr("When"), 120.0),
            (tr("Customer"), 200.0),
            (tr("How"), 110.0),
            (tr("Topic"), 110.0),
            (tr("Person"), 110.0),
            (tr("Summary"), 240.0),
            (tr("Outcome"), 180.0),
            (tr("Linked"), 130.0),
            (tr("By"), 100.0),
        ];
        let selected = self
            .selected
            .and_then(|id| self.log.iter().position(|c| c.id == id));
        if self.log.is_empty() {
            ui.colored_label(theme::muted(ui), tr("No contacts logged"));
        }
        let log = &self.log;
        let clicked = widgets::record_table(
            ui,
            "contacts_table",
            &columns,
            log.len(),
            selected,
            None,
            |ui, i, col| {
                let c = &log[i];
                match col {
                    0 => widgets::cell(ui, widgets::local_minute(c.at)),
                    1 => widgets::cell(ui, format!("{} {}", c.customer_code, c.customer_name)),
                    2 => widgets::cell(
                        ui,
                        format!("{} {}", medium_label(c.medium), direction(c.incoming)),
                    ),
                    3 => widgets::cell(ui, topic_label(c.topic)),
                    4 => widgets::cell(ui, &c.person),
                    5 => widgets::cell(ui, &c.summary),
                    6 => widgets::cell(ui, &c.outcome),
                    7 => {
                        let linked: Vec<&str> = [&c.claim_number, &c.order_number]
                            .into_iter()
                            .flatten()
                            .map(String::as_str)
                            .collect();
                        widgets::cell(ui, linked.join(" · "))
                    }
                    _ => widgets::cell(ui, &c.by),
                }
            },
        );
        if let Some(i) = clicked {
            self.selected = Some(self.log[i].id);
        }
    }
}

/// Incoming or outgoing, as an arrow and a word.
fn direction(incoming: bool) -> &'static str {
    if incoming { tr("↓ in") } else { tr("↑ out") }
}

/// The claim and order a call back is about, as links.
fn links_ui(ui: &mut Ui, cb: &CallbackRow, actions: &mut Vec<Action>) {
    if let (Some(id), Some(n)) = (cb.claim_id, &cb.claim_number)
        && ui.link(format!("{} {n}", tr("Claim"))).clicked()
    {
        actions.push(Action::OpenClaim(id));
    }
    if let (Some(id), Some(n)) = (cb.order_id, &cb.order_number)
        && ui.link(format!("{} {n}", tr("Order"))).clicked()
    {
        actions.push(Action::OpenOrder(id));
    }
}

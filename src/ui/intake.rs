//! Order intake, keyboard first: customer → product → quantity → Enter → next product;
//! Ctrl+S saves a draft, Ctrl+E sends for the client's confirmation, Ctrl+Enter releases.

use super::{Action, theme, widgets};
use crate::domain::customer::{Customer, DeliveryPoint};
use crate::domain::decimal::{format_kg, format_money};
use crate::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use crate::domain::product::boxes_needed;
use crate::i18n::{channel_label, status_label, tr};
use crate::store::{CustomerRow, OrderSummary, ProductHit, Store};
use egui::{Key, Modifiers, TextEdit, Ui};

const SUGGESTIONS: usize = 8;

/// A line of the order being typed.
#[derive(Debug, Clone)]
pub struct IntakeLine {
    pub product: ProductHit,
    pub qty_text: String,
}

impl IntakeLine {
    pub fn quantity(&self) -> Option<i64> {
        self.qty_text.trim().parse::<i64>().ok().filter(|q| *q > 0)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Focus {
    Customer,
    Product,
    Qty(usize),
}

/// The intake form and today's orders beside it.
pub struct IntakePanel {
    pub stale: bool,
    /// A dialog over the form has the keyboard (the print dialog): no form shortcuts.
    pub blocked: bool,
    customer_query: String,
    customer_hits: Vec<CustomerRow>,
    customer_idx: usize,
    customer: Option<Customer>,
    points: Vec<DeliveryPoint>,
    point_id: Option<i64>,
    self_pickup: bool,
    channel: Channel,
    wanted_text: String,
    priority: i64,
    comment: String,
    product_query: String,
    product_hits: Vec<ProductHit>,
    product_idx: usize,
    pub lines: Vec<IntakeLine>,
    override_reason: String,
    message: Option<Result<String, String>>,
    duplicate_lines: bool,
    today: Vec<OrderSummary>,
    focus: Option<Focus>,
    /// The products the certificate warning was read for (None: read it again).
    cert_checked: Option<Vec<i64>>,
    /// SKUs of the order's products without a certificate valid today, in line order.
    uncertified: Vec<String>,
}

impl Default for IntakePanel {
    fn default() -> Self {
        IntakePanel {
            stale: true,
            blocked: false,
            customer_query: String::new(),
            customer_hits: Vec::new(),
            customer_idx: 0,
            customer: None,
            points: Vec::new(),
            point_id: None,
            self_pickup: false,
            channel: Channel::Phone,
            wanted_text: String::new(),
            priority: 0,
            comment: String::new(),
            product_query: String::new(),
            product_hits: Vec::new(),
            product_idx: 0,
            lines: Vec::new(),
            override_reason: String::new(),
            message: None,
            duplicate_lines: false,
            today: Vec::new(),
            focus: Some(Focus::Customer),
            cert_checked: None,
            uncertified: Vec::new(),
        }
    }
}

/// Reads `2026-11-23`, `23.11.2026` or `23/11/2026`.
pub fn parse_date(text: &str) -> Option<chrono::NaiveDate> {
    let t = text.trim();
    ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d.%m.%y"]
        .iter()
        .find_map(|f| chrono::NaiveDate::parse_from_str(t, f).ok())
}

impl IntakePanel {
    pub fn failed(&mut self, msg: String) {
        self.message = Some(Err(msg));
    }

    /// The order landed: clear the form for the next one (the channel stays).
    pub fn saved(&mut self, _id: i64, number: &str, status: OrderStatus) {
        let channel = self.channel;
        *self = IntakePanel {
            channel,
            ..IntakePanel::default()
        };
        self.message = Some(Ok(format!("{} {number} — {}", tr("Order"), status_label(status))));
    }

    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        // another window may have linked a certificate
        self.cert_checked = None;
        let today = chrono::Local::now().date_naive();
        let start = today
            .and_hms_opt(0, 0, 0)
            .and_then(|t| t.and_local_timezone(chrono::Local).earliest());
        if let Some(start) = start {
            let from = crate::store::fmt_ts(start.with_timezone(&chrono::Utc));
            let to = crate::store::fmt_ts((start + chrono::Duration::days(1)).with_timezone(&chrono::Utc));
            self.today = store.orders_received_between(&from, &to).unwrap_or_default();
        }
        if let Some(id) = self.customer.as_ref().map(|c| c.id) {
            // another window may have changed the customer (debt, limit)
            if let Ok(fresh) = store.customer(id) {
                self.customer = Some(fresh);
            }
            self.points = store.delivery_points(id).unwrap_or_default();
        }
    }

    /// Reads which of the order's products have no certificate valid today, when its lines
    /// changed (a warning: the order is still taken).
    fn check_certificates(&mut self, store: &Store) {
        let mut ids: Vec<i64> = self.lines.iter().map(|l| l.product.id).collect();
        ids.sort_unstable();
        ids.dedup();
        if self.cert_checked.as_ref() == Some(&ids) {
            return;
        }
        let missing: Vec<i64> = if ids.is_empty() {
            Vec::new()
        } else {
            store
                .uncertified(&ids, chrono::Local::now().date_naive())
                .map(|list| list.into_iter().map(|p| p.id).collect())
                .unwrap_or_default()
        };
        self.uncertified.clear();
        for l in &self.lines {
            if missing.contains(&l.product.id) && !self.uncertified.contains(&l.product.sku) {
                self.uncertified.push(l.product.sku.clone());
            }
        }
        self.cert_checked = Some(ids);
    }

    fn pick_customer(&mut self, store: &Store, id: i64) {
        match store.customer(id) {
            Ok(c) => {
                self.customer_query = format!("{} — {}", c.code, c.legal_name);
                self.points = store.delivery_points(c.id).unwrap_or_default();
                self.point_id = self.points.iter().find(|p| p.active).map(|p| p.id);
                self.self_pickup = self.points.is_empty();
                self.customer = Some(c);
                self.customer_hits.clear();
                self.focus = Some(Focus::Product);
            }
            Err(e) => self.message = Some(Err(e.to_string())),
        }
    }

    fn add_product(&mut self, hit: ProductHit) {
        self.product_query.clear();
        self.product_hits.clear();
        self.lines.push(IntakeLine {
            product: hit,
            qty_text: String::new(),
        });
        self.focus = Some(Focus::Qty(self.lines.len() - 1));
        self.message = None;
    }

    /// Several lines of one product: sum them into the first.
    fn merge_duplicates(&mut self) {
        let mut merged: Vec<IntakeLine> = Vec::new();
        for line in self.lines.drain(..) {
            if let Some(first) = merged.iter_mut().find(|l| l.product.id == line.product.id) {
                let sum = first.quantity().unwrap_or(0) + line.quantity().unwrap_or(0);
                first.qty_text = sum.to_string();
            } else {
                merged.push(line);
            }
        }
        self.lines = merged;
        self.duplicate_lines = false;
        self.message = None;
    }

    /// Builds the draft the store will validate again; reports the first problem here.
    fn draft(&mut self) -> Option<OrderDraft> {
        let Some(customer) = &self.customer else {
            self.message = Some(Err(tr("Customer").to_string()
                + ": "
                + tr("Type code, name or tax ID")));
            self.focus = Some(Focus::Customer);
            return None;
        };
        let wanted_date = if self.wanted_text.trim().is_empty() {
            None
        } else if let Some(d) = parse_date(&self.wanted_text) {
            Some(d)
        } else {
            self.message = Some(Err(format!(
                "{}: «{}» {}",
                tr("Wanted date"),
                self.wanted_text,
                tr("not a date")
            )));
            return None;
        };
        let mut lines = Vec::new();
        for (i, l) in self.lines.iter().enumerate() {
            let Some(q) = l.quantity() else {
                self.message = Some(Err(format!(
                    "{} {}: {}",
                    tr("Line"),
                    i + 1,
                    tr("Quantity must be more than 0")
                )));
                self.focus = Some(Focus::Qty(i));
                return None;
            };
            if self.lines[..i].iter().any(|o| o.product.id == l.product.id) {
                self.duplicate_lines = true;
                self.message = Some(Err(format!(
                    "{} {} {}",
                    l.product.sku,
                    l.product.name,
                    tr("is already in the order")
                )));
                return None;
            }
            lines.push(DraftLine {
                product_id: l.product.id,
                quantity: q,
                unit: l.product.unit.clone(),
            });
        }
        let reason = self.override_reason.trim();
        Some(OrderDraft {
            customer_id: customer.id,
            delivery_point_id: if self.self_pickup { None } else { self.point_id },
            channel: self.channel,
            wanted_date,
            self_pickup: self.self_pickup,
            priority: self.priority,
            comment: self.comment.trim().to_string(),
            lines,
            credit_override: if customer.over_credit_limit() && !reason.is_empty() {
                Some(reason.to_string())
            } else {
                None
            },
        })
    }

    fn submit(&mut self, wanted: OrderStatus, actions: &mut Vec<Action>) {
        if let Some(draft) = self.draft() {
            actions.push(Action::CreateOrder { draft, wanted });
        }
    }

    /// Copies the lines of the customer's previous order.
    fn repeat_last(&mut self, store: &Store) {
        let Some(c) = &self.customer else { return };
        match store.last_order_of(c.id) {
            Ok(Some(o)) => {
                self.lines = o
                    .lines
                    .iter()
                    .filter_map(|l| {
                        let p = store.product(l.product_id).ok()?;
                        Some(IntakeLine {
                            product: p.into(),
                            qty_text: l.quantity.to_string(),
                        })
                    })
                    .collect();
                if let Some(dp) = o.delivery_point_id {
                    self.point_id = Some(dp);
                }
                self.self_pickup = o.self_pickup;
                self.message = Some(Ok(format!("{} {}", tr("Copied from"), o.summary.number)));
                self.focus = Some(Focus::Product);
            }
            Ok(None) => self.message = Some(Err(tr("The customer has no previous order").to_string())),
            Err(e) => self.message = Some(Err(e.to_string())),
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        if self.stale {
            self.refresh(store);
        }
        // shortcuts of the whole form
        if !self.blocked {
            if widgets::command_key(ui, Key::S) {
                self.submit(OrderStatus::Draft, actions);
            }
            if widgets::command_key(ui, Key::E) {
                self.submit(OrderStatus::AwaitingConfirmation, actions);
            }
            if widgets::command_key(ui, Key::Enter) {
                self.submit(OrderStatus::Released, actions);
            }
        }

        egui::Panel::right("intake_today")
            .default_size(330.0)
            .resizable(true)
            .show(ui, |ui| {
                self.today_ui(ui, actions);
            });
        egui::ScrollArea::vertical()
            .id_salt("intake_form")
            .show(ui, |ui| {
                self.form_ui(ui, store, actions);
            });
    }

    fn today_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.label(theme::heading(tr("Today's orders")));
        if self.today.is_empty() {
            ui.label(tr("No orders yet today"));
        }
        egui::ScrollArea::vertical().id_salt("today_list").show(ui, |ui| {
            for o in &self.today {
                let text = format!(
                    "{}  {}  ·  {}  ·  {} {}",
                    o.number,
                    o.customer_name,
                    status_label(o.status),
                    o.lines,
                    tr("Lines").to_lowercase()
                );
                if ui.selectable_label(false, text).clicked() {
                    actions.push(Action::OpenOrder(o.id));
                }
            }
        });
    }

    fn form_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        // keyboard first: when nothing has the focus (a fresh window, a click on empty space),
        // typing goes to the customer field, or to the product field once a customer is chosen
        if self.focus.is_none()
            && ui.memory(|m| m.focused().is_none())
            && !ui.ctx().egui_is_using_pointer()
            && !egui::Popup::is_any_open(ui.ctx())
        {
            self.focus = Some(if self.customer.is_none() {
                Focus::Customer
            } else {
                Focus::Product
            });
        }
        ui.horizontal(|ui| {
            ui.label(theme::heading(tr("Intake")));
            ui.add_space(24.0);
            if ui
                .button(tr("Import orders…"))
                .on_hover_text(tr(
                    "CSV or a client's Excel price list; or drop the file on the window (Ctrl+I)",
                ))
                .clicked()
                && let Some(path) = super::import::choose_file()
            {
                actions.push(Action::ImportOrders(path));
            }
        });
        ui.add_space(4.0);
        self.customer_ui(ui, store);
        if let Some(c) = self.customer.clone() {
            self.header_ui(ui, &c);
        }
        ui.separator();
        self.product_ui(ui, store);
        self.lines_ui(ui);
        self.check_certificates(store);
        if !self.uncertified.is_empty() {
            ui.colored_label(
                theme::warning(ui),
                format!(
                    "⚠ {}: {}",
                    tr("No valid certificate"),
                    self.uncertified.join(", ")
                ),
            );
        }
        ui.separator();
        self.totals_ui(ui);
        ui.add_space(6.0);
        widgets::feedback(ui, &self.message);
        if self.duplicate_lines && ui.button(tr("Merge quantities")).clicked() {
            self.merge_duplicates();
        }
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            if ui.button(tr("Save draft")).on_hover_text("Ctrl+S").clicked() {
                self.submit(OrderStatus::Draft, actions);
            }
            if ui
                .button(tr("Send for confirmation"))
                .on_hover_text("Ctrl+E")
                .clicked()
            {
                self.submit(OrderStatus::AwaitingConfirmation, actions);
            }
            if ui
                .button(tr("Release to warehouse"))
                .on_hover_text("Ctrl+Enter")
                .clicked()
            {
                self.submit(OrderStatus::Released, actions);
            }
            ui.separator();
            if ui
                .add_enabled(
                    self.customer.is_some(),
                    egui::Button::new(tr("Repeat last order")),
                )
                .clicked()
            {
                self.repeat_last(store);
            }
            if ui.button(tr("Clear")).clicked() {
                let channel = self.channel;
                *self = IntakePanel {
                    channel,
                    stale: true,
                    ..IntakePanel::default()
                };
            }
        });
    }

    fn customer_ui(&mut self, ui: &mut Ui, store: &Store) {
        let mut pick = None;
        ui.horizontal(|ui| {
            let r = widgets::labeled_field(
                ui,
                "intake_customer",
                tr("Customer"),
                &mut self.customer_query,
                tr("Type code, name or tax ID"),
                460.0,
            );
            if self.focus == Some(Focus::Customer) {
                r.request_focus();
                self.focus = None;
            }
            if r.changed() {
                self.customer = None;
                self.points.clear();
                self.customer_idx = 0;
                self.customer_hits = store
                    .customers(&self.customer_query, SUGGESTIONS)
                    .unwrap_or_default();
            }
            if r.has_focus() {
                move_selection(ui, &mut self.customer_idx, self.customer_hits.len());
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                pick = self.customer_hits.get(self.customer_idx).map(|c| c.id);
            }
        });
        if self.customer.is_none() && !self.customer_hits.is_empty() {
            ui.indent("customer_hits", |ui| {
                for (i, c) in self.customer_hits.iter().enumerate() {
                    let text = format!(
                        "{}  {}  {}{}",
                        c.code,
                        c.legal_name,
                        c.tax_id,
                        if c.over_credit_limit {
                            format!("  ⚠ {}", tr("over limit"))
                        } else {
                            String::new()
                        }
                    );
                    if ui.selectable_label(i == self.customer_idx, text).clicked() {
                        pick = Some(c.id);
                    }
                }
            });
        }
        if let Some(id) = pick {
            self.pick_customer(store, id);
        }
    }

    fn header_ui(&mut self, ui: &mut Ui, c: &Customer) {
        if c.over_credit_limit() {
            ui.colored_label(
                theme::danger(ui),
                format!(
                    "⚠ {}: {} {} / {} {}",
                    tr("Credit hold: overdue debt exceeds the credit limit"),
                    tr("Overdue debt").to_lowercase(),
                    format_money(c.overdue_debt_minor),
                    tr("Credit limit").to_lowercase(),
                    format_money(c.credit_limit_minor)
                ),
            );
            ui.horizontal(|ui| {
                widgets::labeled_field(
                    ui,
                    "intake_override",
                    tr("Override the credit hold, reason"),
                    &mut self.override_reason,
                    "",
                    360.0,
                );
            });
            if self.override_reason.trim().is_empty() {
                ui.colored_label(theme::warning(ui), tr("The order will be saved on credit hold"));
            }
        }
        ui.horizontal(|ui| {
            let l = ui.label(tr("Delivery point"));
            ui.add_enabled_ui(!self.self_pickup, |ui| {
                let current = self
                    .points
                    .iter()
                    .find(|p| Some(p.id) == self.point_id)
                    .map(|p| format!("{} [{}]", p.label(), p.route))
                    .unwrap_or_default();
                egui::ComboBox::from_id_salt("delivery_point")
                    .selected_text(current)
                    .width(520.0)
                    .show_ui(ui, |ui| {
                        for p in self.points.iter().filter(|p| p.active) {
                            ui.selectable_value(
                                &mut self.point_id,
                                Some(p.id),
                                format!("{} [{}]", p.label(), p.route),
                            );
                        }
                    })
                    .response
                    .labelled_by(l.id);
            });
            ui.checkbox(&mut self.self_pickup, tr("Self-pickup"));
        });
        ui.horizontal(|ui| {
            let l = ui.label(tr("Channel"));
            egui::ComboBox::from_id_salt("channel")
                .selected_text(channel_label(self.channel))
                .width(200.0)
                .show_ui(ui, |ui| {
                    for ch in Channel::ALL {
                        ui.selectable_value(&mut self.channel, ch, channel_label(ch));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.add_space(12.0);
            let l = ui.label(tr("Priority"));
            egui::ComboBox::from_id_salt("priority")
                .selected_text(priority_label(self.priority))
                .show_ui(ui, |ui| {
                    for p in 0..=2 {
                        ui.selectable_value(&mut self.priority, p, priority_label(p));
                    }
                })
                .response
                .labelled_by(l.id);
            ui.add_space(12.0);
            let l = ui.label(tr("Wanted date"));
            let r = ui
                .add(
                    TextEdit::singleline(&mut self.wanted_text)
                        .id_salt("intake_wanted")
                        .hint_text("23.11.2026")
                        .desired_width(110.0),
                )
                .labelled_by(l.id);
            if !self.wanted_text.trim().is_empty()
                && parse_date(&self.wanted_text).is_none()
                && !r.has_focus()
            {
                ui.colored_label(theme::danger(ui), tr("Dates: 2026-11-23 or 23.11.2026"));
            }
        });
        ui.horizontal(|ui| {
            let l = ui.label(tr("Comment"));
            ui.add(
                TextEdit::singleline(&mut self.comment)
                    .id_salt("intake_comment")
                    .desired_width(600.0),
            )
            .labelled_by(l.id);
        });
    }

    fn product_ui(&mut self, ui: &mut Ui, store: &Store) {
        let mut add = None;
        ui.horizontal(|ui| {
            let r = widgets::labeled_field(
                ui,
                "intake_product",
                tr("Add product"),
                &mut self.product_query,
                tr("SKU, EAN or part of the name, then Enter"),
                460.0,
            );
            if self.focus == Some(Focus::Product) {
                r.request_focus();
                self.focus = None;
            }
            if r.changed() {
                self.product_idx = 0;
                self.product_hits = store
                    .suggest_products(&self.product_query, SUGGESTIONS)
                    .unwrap_or_default();
            }
            if r.has_focus() {
                move_selection(ui, &mut self.product_idx, self.product_hits.len());
            }
            if r.lost_focus()
                && ui.input(|i| i.key_pressed(Key::Enter))
                && !self.product_query.trim().is_empty()
            {
                match self.product_hits.get(self.product_idx) {
                    Some(h) => add = Some(h.clone()),
                    None => {
                        self.message = Some(Err(format!(
                            "{}: «{}»",
                            tr("Unknown product"),
                            self.product_query.trim()
                        )));
                        self.focus = Some(Focus::Product);
                    }
                }
            }
        });
        if !self.product_hits.is_empty() {
            ui.indent("product_hits", |ui| {
                for (i, p) in self.product_hits.iter().enumerate() {
                    let text = format!("{}  {}  {}  [{}]", p.sku, p.name, p.ean13, p.location);
                    if ui.selectable_label(i == self.product_idx, text).clicked() {
                        add = Some(p.clone());
                    }
                }
            });
        }
        if let Some(hit) = add {
            self.add_product(hit);
        }
    }

    fn lines_ui(&mut self, ui: &mut Ui) {
        if self.lines.is_empty() {
            return;
        }
        let mut remove = None;
        let mut back_to_product = false;
        egui::Grid::new("intake_lines")
            .striped(true)
            .num_columns(8)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for h in [
                    "#",
                    tr("SKU"),
                    tr("Name"),
                    tr("Quantity"),
                    tr("Unit"),
                    tr("Boxes"),
                    tr("Weight"),
                    "",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for (i, line) in self.lines.iter_mut().enumerate() {
                    let p = &line.product;
                    ui.label((i + 1).to_string());
                    ui.label(&p.sku);
                    ui.scope(|ui| {
                        ui.set_width(360.0);
                        ui.add(egui::Label::new(&p.name).truncate())
                            .on_hover_text(&p.name);
                    });
                    let r = ui
                        .add(
                            TextEdit::singleline(&mut line.qty_text)
                                .id_salt(("intake_qty", i))
                                .desired_width(70.0)
                                .hint_text("0"),
                        )
                        .accessible_name(format!("{} {}", tr("Quantity"), i + 1));
                    if self.focus == Some(Focus::Qty(i)) {
                        r.request_focus();
                        self.focus = None;
                    }
                    if r.has_focus() {
                        let del = ui.input_mut(|inp| {
                            inp.consume_key(Modifiers::COMMAND, Key::Delete)
                                || (line.qty_text.is_empty() && inp.consume_key(Modifiers::NONE, Key::Delete))
                        });
                        if del {
                            remove = Some(i);
                        }
                    }
                    if r.lost_focus() && ui.input(|inp| inp.key_pressed(Key::Enter)) {
                        back_to_product = true;
                    }
                    let q = line.quantity();
                    ui.label(&p.unit);
                    ui.label(
                        q.map(|q| boxes_needed(q, p.units_per_box).to_string())
                            .unwrap_or_default(),
                    );
                    ui.label(q.map(|q| format_kg(q * p.weight_g)).unwrap_or_default());
                    if ui.small_button("✕").on_hover_text(tr("Remove line")).clicked() {
                        remove = Some(i);
                    }
                    ui.end_row();
                }
            });
        if let Some(i) = remove {
            self.lines.remove(i);
            self.focus = Some(if self.lines.is_empty() {
                Focus::Product
            } else {
                Focus::Qty(i.min(self.lines.len() - 1))
            });
        } else if back_to_product {
            self.focus = Some(Focus::Product);
        }
    }

    fn totals_ui(&mut self, ui: &mut Ui) {
        let (mut units, mut boxes, mut grams) = (0i64, 0i64, 0i64);
        for l in &self.lines {
            let q = l.quantity().unwrap_or(0);
            units += q;
            boxes += boxes_needed(q, l.product.units_per_box);
            grams += q * l.product.weight_g;
        }
        ui.horizontal(|ui| {
            ui.strong(format!("{}: {}", tr("Lines"), self.lines.len()));
            ui.separator();
            ui.strong(format!("{}: {units}", tr("Units")));
            ui.separator();
            ui.strong(format!("{}: {boxes}", tr("Boxes")));
            ui.separator();
            ui.strong(format!("{}: {} kg", tr("Weight"), format_kg(grams)));
        });
    }
}

fn priority_label(p: i64) -> &'static str {
    match p {
        2 => tr("Urgent"),
        1 => tr("High"),
        _ => tr("Normal"),
    }
}

/// Arrow keys move the highlighted suggestion.
fn move_selection(ui: &Ui, idx: &mut usize, len: usize) {
    if len == 0 {
        return;
    }
    ui.input_mut(|i| {
        if i.consume_key(Modifiers::NONE, Key::ArrowDown) {
            *idx = (*idx + 1).min(len - 1);
        }
        if i.consume_key(Modifiers::NONE, Key::ArrowUp) {
            *idx = idx.saturating_sub(1);
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_in_the_desk_formats() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 11, 23);
        assert_eq!(parse_date("2026-11-23"), d);
        assert_eq!(parse_date("23.11.2026"), d);
        assert_eq!(parse_date("23/11/2026"), d);
        assert_eq!(parse_date("31.02.2026"), None);
        assert_eq!(parse_date("завтра"), None);
    }
}

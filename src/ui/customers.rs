//! Customers: a searchable list (virtualised: only visible rows are laid out) and the card
//! with its delivery points and contracts.

use super::{Action, theme, widgets};
use crate::domain::customer::{Contract, Customer, DeliveryPoint, Grade};
use crate::domain::decimal::{format_fixed, parse_fixed};
use crate::i18n::tr;
use crate::store::{CustomerRow, Store};
use egui::Ui;

/// The card being edited, as text (money is typed as decimals and checked on save).
#[derive(Debug, Clone, Default)]
struct CustomerForm {
    original: Customer,
    customer: Customer,
    credit_limit: String,
    overdue_debt: String,
}

impl CustomerForm {
    fn from(c: Customer) -> Self {
        CustomerForm {
            credit_limit: format_fixed(c.credit_limit_minor, 2),
            overdue_debt: format_fixed(c.overdue_debt_minor, 2),
            original: c.clone(),
            customer: c,
        }
    }

    fn to_customer(&self) -> Result<Customer, String> {
        let mut c = self.customer.clone();
        c.credit_limit_minor =
            parse_fixed(&self.credit_limit, 2).map_err(|e| format!("{}: {e}", tr("Credit limit")))?;
        c.overdue_debt_minor =
            parse_fixed(&self.overdue_debt, 2).map_err(|e| format!("{}: {e}", tr("Overdue debt")))?;
        c.validate().map_err(|e| e.to_string())?;
        Ok(c)
    }

    /// The user changed something since the card was loaded.
    fn dirty(&self) -> bool {
        self.to_customer().map_or(true, |c| c != self.original)
    }
}

pub struct CustomersPanel {
    pub stale: bool,
    query: String,
    rows: Vec<CustomerRow>,
    selected: Option<i64>,
    form: Option<CustomerForm>,
    points: Vec<DeliveryPoint>,
    contracts: Vec<Contract>,
    new_point: DeliveryPoint,
    new_contract: Contract,
    /// The contract's own deadline targets as typed (empty: the desk's defaults).
    contract_answer_hours: String,
    contract_ship_days: String,
    message: Option<Result<String, String>>,
    pub import_errors: Vec<String>,
    scroll_to: Option<usize>,
    export: super::export::Exporter,
}

impl Default for CustomersPanel {
    fn default() -> Self {
        CustomersPanel {
            stale: true,
            query: String::new(),
            rows: Vec::new(),
            selected: None,
            form: None,
            points: Vec::new(),
            contracts: Vec::new(),
            new_point: DeliveryPoint {
                active: true,
                ..Default::default()
            },
            new_contract: Contract {
                claim_answer_days: 3,
                ..Default::default()
            },
            contract_answer_hours: String::new(),
            contract_ship_days: String::new(),
            message: None,
            import_errors: Vec::new(),
            scroll_to: None,
            export: Default::default(),
        }
    }
}

impl CustomersPanel {
    pub fn failed(&mut self, msg: String) {
        self.message = Some(Err(msg));
    }

    pub fn saved(&mut self, c: Customer) {
        self.selected = Some(c.id);
        self.form = Some(CustomerForm::from(c));
        self.part_saved();
    }

    /// A delivery point or contract landed: empty their forms for the next one.
    pub fn part_saved(&mut self) {
        self.contract_answer_hours.clear();
        self.contract_ship_days.clear();
        self.new_point = DeliveryPoint {
            active: true,
            ..Default::default()
        };
        self.new_contract = Contract {
            claim_answer_days: 3,
            ..Default::default()
        };
        self.message = Some(Ok(tr("Saved").to_string()));
        self.stale = true;
    }

    /// Opens a customer's card (from the scan field or elsewhere).
    pub fn select(&mut self, store: &Store, id: i64) {
        self.selected = Some(id);
        self.message = None;
        match store.customer(id) {
            Ok(c) => self.form = Some(CustomerForm::from(c)),
            Err(e) => self.message = Some(Err(e.to_string())),
        }
        self.points = store.delivery_points(id).unwrap_or_default();
        self.contracts = store.contracts(id).unwrap_or_default();
        self.stale = true;
        self.scroll_to = None;
    }

    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        self.rows = store.customers(&self.query, 0).unwrap_or_default();
        if let Some(id) = self.selected {
            self.scroll_to = self.rows.iter().position(|r| r.id == id);
            self.points = store.delivery_points(id).unwrap_or_default();
            self.contracts = store.contracts(id).unwrap_or_default();
            // never throw away what the user typed: an edited card stays, and saving it over a
            // newer version reports the conflict; an untouched card shows the fresh data
            if !self.form.as_ref().is_some_and(CustomerForm::dirty)
                && let Ok(fresh) = store.customer(id)
            {
                self.form = Some(CustomerForm::from(fresh));
            }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        if self.stale {
            self.refresh(store);
        }
        egui::Panel::right("customer_card")
            .default_size(520.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("customer_card_scroll")
                    .show(ui, |ui| self.card_ui(ui, actions));
            });
        ui.horizontal(|ui| {
            ui.label(theme::heading(tr("Customers")));
            let r = widgets::labeled_field(
                ui,
                "customers_search",
                tr("Search"),
                &mut self.query,
                tr("Type code, name or tax ID"),
                280.0,
            );
            if r.changed() {
                self.stale = true;
            }
            ui.label(format!("{} {}", self.rows.len(), tr("rows")));
            if ui.button(tr("New")).clicked() {
                self.selected = None;
                self.form = Some(CustomerForm::from(Customer::default()));
                self.points.clear();
                self.contracts.clear();
                self.message = None;
            }
            if ui.button(tr("Import CSV…")).clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("CSV", &["csv", "txt"])
                    .pick_file()
            {
                self.import_errors.clear();
                actions.push(Action::ImportCustomers(path));
            }
            let query = &self.query;
            self.export.button(ui, tr("Export…"), "customers", || {
                crate::export::customers_table(store, query)
            });
        });
        for e in &self.import_errors {
            ui.colored_label(theme::danger(ui), e);
        }
        self.export.ui(ui);
        self.table_ui(ui, store);
    }

    fn table_ui(&mut self, ui: &mut Ui, store: &Store) {
        let columns = [
            (tr("Code"), 80.0),
            (tr("Legal name"), 320.0),
            (tr("Tax ID"), 140.0),
            (tr("Phone"), 150.0),
            (tr("Grade"), 40.0),
        ];
        let selected = self
            .selected
            .and_then(|id| self.rows.iter().position(|r| r.id == id));
        let rows = &self.rows;
        let clicked = widgets::record_table(
            ui,
            "customers_table",
            &columns,
            rows.len(),
            selected,
            self.scroll_to.take(),
            |ui, i, col| {
                let r = &rows[i];
                match col {
                    0 => widgets::cell(ui, &r.code),
                    1 if r.over_credit_limit => {
                        let warn =
                            egui::RichText::new(format!("⚠ {}", r.legal_name)).color(theme::danger(ui));
                        widgets::cell(ui, warn)
                    }
                    1 => widgets::cell(ui, &r.legal_name),
                    2 => widgets::cell(ui, &r.tax_id),
                    3 => widgets::cell(ui, &r.phone),
                    _ => widgets::cell(ui, r.grade.as_str()),
                }
            },
        );
        if let Some(i) = clicked {
            let id = self.rows[i].id;
            self.select(store, id);
        }
    }

    fn card_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(form) = &mut self.form else {
            ui.label(tr("Select a row or press New"));
            return;
        };
        let c = &mut form.customer;
        let title = if c.id == 0 {
            tr("New").to_string()
        } else {
            format!("{} — {}", c.code, c.legal_name)
        };
        ui.label(theme::heading(title));
        let mut save = widgets::command_key(ui, egui::Key::S);
        egui::Grid::new("customer_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                widgets::text_row(ui, tr("Code"), &mut c.code);
                widgets::text_row(ui, tr("Legal name"), &mut c.legal_name);
                widgets::text_row(ui, tr("Tax ID"), &mut c.tax_id);
                widgets::text_row(ui, tr("Legal address"), &mut c.legal_address);
                widgets::text_row(ui, tr("Phone"), &mut c.phone);
                widgets::text_row(ui, tr("E-mail"), &mut c.email);
                widgets::text_row(ui, tr("Credit limit"), &mut form.credit_limit);
                widgets::text_row(ui, tr("Overdue debt"), &mut form.overdue_debt);
                let l = ui.label(tr("Grade"));
                ui.horizontal(|ui| {
                    for g in Grade::ALL {
                        ui.radio_value(&mut c.grade, g, g.as_str());
                    }
                })
                .response
                .labelled_by(l.id);
                ui.end_row();
                widgets::multiline_row(ui, tr("Notes"), &mut c.notes);
            });
        widgets::feedback(ui, &self.message);
        save |= ui.button(tr("Save")).on_hover_text("Ctrl+S").clicked();
        if save {
            match form.to_customer() {
                Ok(c) => actions.push(Action::SaveCustomer(c)),
                Err(m) => self.message = Some(Err(m)),
            }
        }
        let customer_id = form.customer.id;
        if customer_id == 0 {
            return;
        }
        ui.separator();
        ui.label(theme::heading(tr("Delivery points")));
        egui::Grid::new("points")
            .striped(true)
            .num_columns(3)
            .show(ui, |ui| {
                for p in &self.points {
                    let text = if p.active {
                        p.label()
                    } else {
                        format!("({}) {}", tr("inactive"), p.label())
                    };
                    if ui
                        .selectable_label(self.new_point.id == p.id, text)
                        .on_hover_text(tr("Edit"))
                        .clicked()
                    {
                        self.new_point = p.clone();
                    }
                    ui.label(&p.route);
                    ui.label(&p.contact);
                    ui.end_row();
                }
            });
        egui::Grid::new("new_point").num_columns(2).show(ui, |ui| {
            widgets::text_row(ui, tr("Name"), &mut self.new_point.name);
            widgets::text_row(ui, tr("Address"), &mut self.new_point.address);
            widgets::text_row(ui, tr("Contact"), &mut self.new_point.contact);
            widgets::text_row(ui, tr("Route"), &mut self.new_point.route);
            ui.label("");
            ui.checkbox(&mut self.new_point.active, tr("Active"));
            ui.end_row();
        });
        ui.horizontal(|ui| {
            let label = if self.new_point.id == 0 {
                tr("Add delivery point")
            } else {
                tr("Save delivery point")
            };
            if ui.button(label).clicked() {
                actions.push(Action::SaveDeliveryPoint(DeliveryPoint {
                    customer_id,
                    ..self.new_point.clone()
                }));
            }
            if self.new_point.id != 0 && ui.button(tr("New")).clicked() {
                self.new_point = DeliveryPoint {
                    active: true,
                    ..Default::default()
                };
            }
        });
        ui.separator();
        ui.label(theme::heading(tr("Contracts")));
        egui::Grid::new("contracts")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for k in &self.contracts {
                    ui.label(&k.number);
                    ui.label(format!(
                        "{} … {}",
                        k.valid_from,
                        k.valid_to.as_deref().unwrap_or("")
                    ));
                    ui.label(format!("{}: {}", tr("Payment days"), k.payment_days));
                    ui.label(format!("{}: {}", tr("Claim answer days"), k.claim_answer_days));
                    let sla = match (k.answer_hours, k.ship_days) {
                        (None, None) => String::new(),
                        (h, d) => format!(
                            "{} {} / {} {}",
                            h.map_or("—".into(), |h| h.to_string()),
                            tr("h"),
                            d.map_or("—".into(), |d| d.to_string()),
                            tr("d")
                        ),
                    };
                    ui.label(sla);
                    ui.end_row();
                }
            });
        let mut days = self.new_contract.claim_answer_days.to_string();
        let mut pay = self.new_contract.payment_days.to_string();
        let mut from = self.new_contract.valid_from.clone();
        egui::Grid::new("new_contract").num_columns(2).show(ui, |ui| {
            widgets::text_row(ui, tr("Contract number"), &mut self.new_contract.number);
            widgets::text_row(ui, tr("Valid"), &mut from);
            widgets::text_row(ui, tr("Payment days"), &mut pay);
            widgets::text_row(ui, tr("Claim answer days"), &mut days);
            widgets::text_row(
                ui,
                tr("Answer within, working hours"),
                &mut self.contract_answer_hours,
            );
            widgets::text_row(ui, tr("Ship within, working days"), &mut self.contract_ship_days);
        });
        self.new_contract.valid_from = from;
        self.new_contract.payment_days = pay.trim().parse().unwrap_or(self.new_contract.payment_days);
        self.new_contract.claim_answer_days =
            days.trim().parse().unwrap_or(self.new_contract.claim_answer_days);
        if ui.button(tr("Add contract")).clicked() {
            let mut k = Contract {
                customer_id,
                ..self.new_contract.clone()
            };
            let optional = |label: &str, text: &str| -> Result<Option<i64>, String> {
                match text.trim() {
                    "" => Ok(None),
                    t => t
                        .parse::<i64>()
                        .ok()
                        .filter(|n| *n > 0)
                        .map(Some)
                        .ok_or_else(|| format!("{label}: «{t}» {}", tr("is not a whole number above 0"))),
                }
            };
            let targets =
                optional(tr("Answer within, working hours"), &self.contract_answer_hours).and_then(|h| {
                    Ok((
                        h,
                        optional(tr("Ship within, working days"), &self.contract_ship_days)?,
                    ))
                });
            match targets {
                Ok((h, d)) => {
                    k.answer_hours = h;
                    k.ship_days = d;
                }
                Err(e) => {
                    self.message = Some(Err(e));
                    return;
                }
            }
            match super::intake::parse_date(&k.valid_from) {
                Some(d) => {
                    k.valid_from = d.to_string();
                    k.signed_on = d.to_string();
                    actions.push(Action::SaveContract(k));
                }
                None => {
                    self.message = Some(Err(format!(
                        "{}: {}",
                        tr("Valid"),
                        tr("Dates: 2026-11-23 or 23.11.2026")
                    )))
                }
            }
        }
    }
}

//! The order detail window: header, lines, status history, what was printed; releasing a
//! credit-hold order with an override reason; printing its picking list (Ctrl+P) and box
//! labels (Ctrl+L); its documents in the register and its certificate pack.

use super::certificates::CertWrite;
use super::print::{PrintAction, Subject, What};
use super::{Action, theme, widgets};
use crate::domain::decimal::format_kg;
use crate::domain::order::{Move, OrderStatus};
use crate::domain::product::boxes_needed;
use crate::domain::sla;
use crate::i18n::{channel_label, status_label, tr};
use crate::print::registry::{doc_kind_label, doc_status_label};
use crate::store::documents::DocumentRow;
use crate::store::{OrderDetail, PrintJobRow, PrintKind, Store};
use std::path::PathBuf;

pub struct OrderWindow {
    pub detail: OrderDetail,
    /// Stage times and persons, read with the order.
    stages: Vec<(&'static str, String)>,
    deadline: Option<(String, crate::domain::sla::Health)>,
    /// Prints of the order and of its wave, newest first.
    prints: Vec<PrintJobRow>,
    pub stale: bool,
    override_reason: String,
    message: Option<Result<String, String>>,
    /// The order's documents in the register.
    documents: Result<Vec<DocumentRow>, String>,
    /// The latest certificate pack kept on disk for the order.
    pack: Option<PathBuf>,
}

impl OrderWindow {
    pub fn new(detail: OrderDetail) -> Self {
        OrderWindow {
            detail,
            stages: Vec::new(),
            deadline: None,
            prints: Vec::new(),
            stale: true,
            override_reason: String::new(),
            message: None,
            documents: Ok(Vec::new()),
            pack: None,
        }
    }

    fn load_extras(&mut self, store: &Store) {
        let id = self.detail.summary.id;
        let names = [
            tr("Answered"),
            tr("Released"),
            tr("Picking"),
            tr("Picking control"),
            tr("Packed"),
            tr("Shipped"),
            tr("Delivered"),
        ];
        let local = |s: &str| {
            crate::store::parse_ts(s)
                .map(|t| {
                    t.with_timezone(&chrono::Local)
                        .format("%Y-%m-%d %H:%M")
                        .to_string()
                })
                .unwrap_or_default()
        };
        self.prints = store.order_prints(id).unwrap_or_default();
        self.documents = store.order_documents(id).map_err(|e| e.to_string());
        self.pack = self
            .prints
            .iter()
            .filter(|p| p.kind == PrintKind::Certificates)
            .map(|p| PathBuf::from(&p.target))
            .find(|p| p.is_file());
        let persons = store.order_persons(id).unwrap_or_default();
        let times = store.order_stage_times(id).unwrap_or_default();
        self.stages = times
            .iter()
            .zip(names)
            .enumerate()
            .filter_map(|(i, (t, name))| {
                let mut text = local(t.as_deref()?);
                // picking, control and packing name who did them
                if (2..=4).contains(&i)
                    && let Some(Some(p)) = persons.get(i - 2)
                {
                    text = format!("{text} — {p}");
                }
                Some((name, text))
            })
            .collect();
        self.deadline = None;
        if let (Ok(Some(o)), Ok((cal, targets))) = (store.board_order(id), store.sla_settings()) {
            let t = store
                .contract_targets(targets, chrono::Local::now().date_naive())
                .ok()
                .and_then(|m| m.get(&o.customer_id).copied())
                .unwrap_or(targets);
            let stage = super::board::stage_of(o.status);
            let to_local = |t: chrono::DateTime<chrono::Utc>| t.with_timezone(&chrono::Local).naive_local();
            let now = chrono::Local::now().naive_local();
            if let Some(d) = sla::deadline(
                &cal,
                &t,
                stage,
                to_local(o.received_at),
                o.shipped_at.map(to_local),
                now,
            ) {
                let b = sla::badge(&d, cal.minutes_per_day());
                let text = format!(
                    "{} ({})",
                    d.due.format("%Y-%m-%d %H:%M"),
                    super::board::badge_text(&b)
                );
                self.deadline = Some((text, d.health));
            }
        }
    }

    pub fn failed(&mut self, msg: String) {
        self.message = Some(Err(msg));
        self.stale = true;
    }

    fn print(&self, what: What) -> Action {
        let s = &self.detail.summary;
        Action::Print(PrintAction::Open {
            subject: Subject::order(s.id, s.number.clone()),
            what,
        })
    }

    /// Ctrl+P prints the picking list, Ctrl+L the box labels (while the window is open).
    pub fn shortcuts(&self, ui: &egui::Ui, actions: &mut Vec<Action>) {
        if widgets::command_key(ui, egui::Key::P) {
            actions.push(self.print(What::Picking));
        }
        if widgets::command_key(ui, egui::Key::L) {
            actions.push(self.print(What::Labels));
        }
    }

    /// Draws the window; returns false when the user closed it.
    pub fn ui(&mut self, ctx: &egui::Context, store: &Store, actions: &mut Vec<Action>) -> bool {
        if self.stale {
            self.stale = false;
            if let Ok(d) = store.order(self.detail.summary.id) {
                self.detail = d;
            }
            self.load_extras(store);
        }
        let mut open = true;
        let (print_picking, print_labels) = (self.print(What::Picking), self.print(What::Labels));
        let d = &self.detail;
        let s = &d.summary;
        egui::Window::new(format!("{} {}", tr("Order"), s.number))
            .id(egui::Id::unique("order_window"))
            .open(&mut open)
            .default_size([760.0, 520.0])
            .show(ctx, |ui| {
                egui::Grid::new("order_head")
                    .num_columns(4)
                    .spacing([12.0, 4.0])
                    .show(ui, |ui| {
                        ui.strong(tr("Customer"));
                        ui.label(format!("{} — {}", s.customer_code, s.customer_name));
                        ui.strong(tr("Status"));
                        ui.label(status_label(s.status));
                        ui.end_row();
                        ui.strong(tr("Delivery point"));
                        ui.label(if d.self_pickup {
                            tr("Self-pickup").to_string()
                        } else {
                            d.delivery_address.clone()
                        });
                        ui.strong(tr("Route"));
                        ui.label(&d.route);
                        ui.end_row();
                        ui.strong(tr("Channel"));
                        ui.label(channel_label(s.channel));
                        ui.strong(tr("Received"));
                        ui.label(&s.received_at);
                        ui.end_row();
                        ui.strong(tr("Wanted date"));
                        ui.label(s.wanted_date.as_deref().unwrap_or(""));
                        ui.strong(tr("Created by"));
                        ui.label(&d.created_by);
                        ui.end_row();
                        if let Some((text, health)) = &self.deadline {
                            ui.strong(tr("Deadline"));
                            ui.colored_label(super::board::health_color(ui, *health), text);
                            ui.end_row();
                        }
                        for (name, time) in &self.stages {
                            ui.strong(*name);
                            ui.label(time);
                            ui.end_row();
                        }
                        if !d.comment.is_empty() {
                            ui.strong(tr("Comment"));
                            ui.label(&d.comment);
                            ui.end_row();
                        }
                    });
                ui.separator();
                egui::Grid::new("order_lines")
                    .striped(true)
                    .num_columns(7)
                    .show(ui, |ui| {
                        for h in [
                            "#",
                            tr("SKU"),
                            tr("Name"),
                            tr("Quantity"),
                            tr("Boxes"),
                            tr("Weight"),
                            tr("Location"),
                        ] {
                            ui.strong(h);
                        }
                        ui.end_row();
                        for l in &d.lines {
                            ui.label(l.line_no.to_string());
                            ui.label(&l.sku);
                            ui.label(&l.name);
                            ui.label(format!("{} {}", l.quantity, l.unit));
                            ui.label(boxes_needed(l.quantity, l.units_per_box).to_string());
                            ui.label(format_kg(l.quantity * l.weight_g));
                            ui.label(&l.location);
                            ui.end_row();
                        }
                    });
                ui.separator();
                ui.label(theme::heading(tr("History")));
                for e in &d.events {
                    let from = e
                        .from
                        .map(|f| format!("{} → ", status_label(f)))
                        .unwrap_or_default();
                    let note = if e.note.is_empty() {
                        String::new()
                    } else {
                        format!(" — {}", e.note)
                    };
                    ui.label(format!("{}  {}  {from}{}{note}", e.at, e.by, status_label(e.to)));
                }
                ui.separator();
                ui.horizontal(|ui| {
                    ui.label(theme::heading(tr("Prints")));
                    if ui
                        .button(tr("Print picking list…"))
                        .on_hover_text("Ctrl+P")
                        .clicked()
                    {
                        actions.push(print_picking.clone());
                    }
                    if ui.button(tr("Box labels…")).on_hover_text("Ctrl+L").clicked() {
                        actions.push(print_labels.clone());
                    }
                });
                if self.prints.is_empty() {
                    ui.colored_label(theme::muted(ui), tr("Nothing printed yet"));
                }
                ui.separator();
                ui.horizontal(|ui| {
                    let order_id = s.id;
                    if ui.button(tr("Register a claim…")).clicked() {
                        actions.push(Action::NewClaim {
                            order_id,
                            internal: false,
                        });
                    }
                    if matches!(s.status, OrderStatus::Checking | OrderStatus::Packed)
                        && ui
                            .button(tr("Picking-control error…"))
                            .on_hover_text(tr("Record an error found at picking control: an internal claim"))
                            .clicked()
                    {
                        actions.push(Action::NewClaim {
                            order_id,
                            internal: true,
                        });
                    }
                    if ui.button(tr("Record a return…")).clicked() {
                        actions.push(Action::OpenReturn {
                            order_id,
                            claim_id: None,
                        });
                    }
                });
                for p in self.prints.iter().take(12) {
                    ui.label(print_line(p));
                }
                ui.separator();
                ui.horizontal_wrapped(|ui| {
                    ui.label(theme::heading(tr("Documents")));
                    let order_id = s.id;
                    if ui
                        .button(tr("Certificate pack…"))
                        .on_hover_text(tr(
                            "One PDF with the valid certificates of the order's products: kept beside the database and opened",
                        ))
                        .clicked()
                    {
                        actions.push(Action::Certificates(CertWrite::PrintPack {
                            order_id,
                            to_printer: false,
                        }));
                    }
                    if ui.button(tr("Print the certificate pack")).clicked() {
                        actions.push(Action::Certificates(CertWrite::PrintPack {
                            order_id,
                            to_printer: true,
                        }));
                    }
                    if let Some(path) = &self.pack
                        && ui
                            .button(tr("Open the pack"))
                            .on_hover_text(path.display().to_string())
                            .clicked()
                    {
                        self.message = Some(super::certificates::view_file(path));
                    }
                });
                match &self.documents {
                    Ok(docs) if docs.is_empty() => {
                        ui.colored_label(theme::muted(ui), tr("No documents registered for this order"));
                    }
                    Ok(docs) => {
                        for doc in docs {
                            let text = format!(
                                "{} · {} {} · {} · {}",
                                doc.code,
                                doc_kind_label(doc.kind),
                                doc.number,
                                doc.doc_date,
                                doc_status_label(doc.status)
                            );
                            if ui.link(text).clicked() {
                                actions.push(Action::OpenDocument(doc.id));
                            }
                        }
                    }
                    Err(e) => {
                        ui.colored_label(theme::danger(ui), e);
                    }
                }
                if s.status == OrderStatus::CreditHold {
                    ui.separator();
                    ui.label(theme::heading(tr("Release on credit hold")));
                    ui.horizontal(|ui| {
                        widgets::labeled_field(
                            ui,
                            "order_override",
                            tr("Reason"),
                            &mut self.override_reason,
                            "",
                            320.0,
                        );
                        if ui.button(tr("Release")).clicked() {
                            actions.push(Action::Move(vec![Move {
                                id: s.id,
                                to: OrderStatus::Released,
                                version: s.version,
                                credit_override: Some(self.override_reason.clone()),
                                ..Default::default()
                            }]));
                        }
                    });
                }
                widgets::feedback(ui, &self.message);
            });
        open
    }
}

/// A line of the print log: when, what, how much, where, who.
fn print_line(p: &PrintJobRow) -> String {
    let when = crate::store::parse_ts(&p.printed_at)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M")
                .to_string()
        })
        .unwrap_or_else(|| p.printed_at.clone());
    let what = match p.kind {
        PrintKind::Picking => tr("Picking list"),
        PrintKind::Labels => tr("Box labels"),
        PrintKind::Locations => tr("Location labels"),
        PrintKind::Products => tr("Product labels"),
        PrintKind::ClaimAct => tr("Claim acts"),
        PrintKind::Registry => tr("Registries"),
        PrintKind::Certificates => tr("Certificate packs"),
        PrintKind::DocumentLabels => tr("Document barcodes"),
    };
    let of_wave = match (&p.order_id, &p.wave_number) {
        (None, Some(w)) => format!(" ({} {w})", tr("Wave")),
        _ => String::new(),
    };
    format!(
        "{when}  {what}{of_wave} · {} · {} {} · {} · {}",
        p.detail,
        p.pages,
        tr("p."),
        p.target,
        p.printed_by
    )
}

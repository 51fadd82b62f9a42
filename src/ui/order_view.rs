//! The order detail window: header, lines, status history; releasing a credit-hold order
//! with an override reason.

use super::{Action, theme, widgets};
use crate::domain::decimal::format_kg;
use crate::domain::order::{Move, OrderStatus};
use crate::domain::product::boxes_needed;
use crate::i18n::{channel_label, status_label, tr};
use crate::store::{OrderDetail, Store};

pub struct OrderWindow {
    pub detail: OrderDetail,
    pub stale: bool,
    override_reason: String,
    message: Option<Result<String, String>>,
}

impl OrderWindow {
    pub fn new(detail: OrderDetail) -> Self {
        OrderWindow {
            detail,
            stale: false,
            override_reason: String::new(),
            message: None,
        }
    }

    pub fn failed(&mut self, msg: String) {
        self.message = Some(Err(msg));
        self.stale = true;
    }

    /// Draws the window; returns false when the user closed it.
    pub fn ui(&mut self, ctx: &egui::Context, store: &Store, actions: &mut Vec<Action>) -> bool {
        if self.stale {
            self.stale = false;
            if let Ok(d) = store.order(self.detail.summary.id) {
                self.detail = d;
            }
        }
        let mut open = true;
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

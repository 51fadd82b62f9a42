//! The return window: what came back of an order (full return or brought back by a driver),
//! line by line with its condition, checked for completeness, linked to a claim.

use super::{Action, theme, widgets};
use crate::domain::claim::{
    ClaimKind, Completeness, Condition, ReturnDraft, ReturnKind, ReturnLineDraft, completeness,
};
use crate::domain::order::OrderStatus;
use crate::i18n::{status_label, tr};
use crate::store::{ClaimFilter, ClaimRow, OrderDetail, ReturnRow, Store};
use egui::{Key, Ui};

pub fn condition_label(c: Condition) -> &'static str {
    tr(match c {
        Condition::Resaleable => "Resaleable",
        Condition::Defect => "Defect",
        Condition::Expired => "Expired",
    })
}

pub fn kind_label(k: ReturnKind) -> &'static str {
    tr(match k {
        ReturnKind::Full => "Full return (the goods never left)",
        ReturnKind::Driver => "Brought back by a driver",
    })
}

/// One row of the lines table: an order line, or a part of it split off in another condition.
#[derive(Debug, Clone)]
struct LineRow {
    product_id: i64,
    sku: String,
    name: String,
    unit: String,
    ordered: i64,
    /// The returned quantity as typed (empty: nothing).
    quantity: String,
    condition: Condition,
    /// A part split off an order line ("+ split").
    split: bool,
}

/// The claim the return is linked to.
#[derive(Debug, Clone)]
struct LinkedClaim {
    id: i64,
    number: String,
    /// The claim's lines (product, quantity): what is expected back.
    lines: Vec<(i64, i64)>,
}

pub struct ReturnWindow {
    pub stale: bool,
    order: OrderDetail,
    /// The order's claims, to link one.
    claims: Vec<ClaimRow>,
    claim: Option<LinkedClaim>,
    kind: ReturnKind,
    driver: String,
    note: String,
    rows: Vec<LineRow>,
    earlier: Vec<ReturnRow>,
    message: Option<Result<String, String>>,
    /// The return is recorded: the window shows the outcome and only closes.
    recorded: bool,
    pending: bool,
}

/// Why a kind of return is not offered for an order in `status`, if it is not.
fn unavailable(kind: ReturnKind, status: OrderStatus) -> Option<String> {
    let shipped = matches!(
        status,
        OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::PickedUp
    );
    match kind {
        ReturnKind::Full if status.before_shipping() => None,
        ReturnKind::Full if shipped => Some(format!(
            "{} «{}»: {}",
            tr("the order is"),
            status_label(status),
            tr("the goods have left; record what a driver brought back")
        )),
        ReturnKind::Driver if shipped => None,
        ReturnKind::Driver if status.before_shipping() => Some(tr("the order has not shipped").to_string()),
        _ => Some(format!(
            "{} «{}»: {}",
            tr("the order is"),
            status_label(status),
            tr("nothing to return")
        )),
    }
}

/// The condition returned goods of a claim of this kind are in, most likely.
fn condition_of(kind: ClaimKind) -> Condition {
    match kind {
        ClaimKind::Defect | ClaimKind::Damaged => Condition::Defect,
        ClaimKind::Expired => Condition::Expired,
        _ => Condition::Resaleable,
    }
}

impl ReturnWindow {
    pub fn open(store: &Store, order_id: i64, claim_id: Option<i64>) -> crate::Result<Self> {
        let order = store.order(order_id)?;
        let status = order.summary.status;
        let kind = if unavailable(ReturnKind::Full, status).is_none() {
            ReturnKind::Full
        } else {
            ReturnKind::Driver
        };
        let rows = order
            .lines
            .iter()
            .map(|l| LineRow {
                product_id: l.product_id,
                sku: l.sku.clone(),
                name: l.name.clone(),
                unit: l.unit.clone(),
                ordered: l.quantity,
                quantity: String::new(),
                condition: Condition::Resaleable,
                split: false,
            })
            .collect();
        let mut w = ReturnWindow {
            stale: false,
            claims: store
                .claims(&ClaimFilter {
                    order_id: Some(order_id),
                    ..Default::default()
                })
                .unwrap_or_default(),
            earlier: store.order_returns(order_id).unwrap_or_default(),
            order,
            claim: None,
            kind,
            driver: String::new(),
            note: String::new(),
            rows,
            message: None,
            recorded: false,
            pending: false,
        };
        if let Some(id) = claim_id {
            w.link_claim(store, id, true)?;
        }
        Ok(w)
    }

    /// Links the claim; `prefill` puts its lines' quantities, condition and driver in the form.
    fn link_claim(&mut self, store: &Store, id: i64, prefill: bool) -> crate::Result<()> {
        let k = store.claim(id)?;
        if k.row.order_id != self.order.summary.id {
            return Err(crate::Error::msg(format!(
                "claim {} is about order {}, not {}",
                k.row.number, k.row.order_number, self.order.summary.number
            )));
        }
        let lines: Vec<(i64, i64)> = k
            .lines
            .iter()
            .filter(|l| l.ordered > 0)
            .map(|l| (l.product_id, l.quantity.min(l.ordered)))
            .collect();
        if prefill {
            let condition = condition_of(k.row.kind);
            for (p, q) in &lines {
                if let Some(r) = self.rows.iter_mut().find(|r| r.product_id == *p && !r.split) {
                    r.quantity = q.to_string();
                    r.condition = condition;
                }
            }
            if self.driver.trim().is_empty() {
                self.driver = k.driver.clone();
            }
        }
        self.claim = Some(LinkedClaim {
            id,
            number: k.row.number,
            lines,
        });
        Ok(())
    }

    /// The return was recorded: show the outcome; the window only closes now.
    pub fn done(&mut self, msg: String) {
        if self.pending {
            self.pending = false;
            self.recorded = true;
            self.message = Some(Ok(msg));
        }
        self.stale = true;
    }

    pub fn failed(&mut self, msg: String) {
        self.pending = false;
        self.message = Some(Err(msg));
        self.stale = true;
    }

    /// Reloads the order and its returns; what the user typed stays while the lines are the same.
    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        let id = self.order.summary.id;
        if let Ok(o) = store.order(id) {
            let same = o.lines.len() == self.order.lines.len()
                && o.lines
                    .iter()
                    .zip(&self.order.lines)
                    .all(|(a, b)| a.product_id == b.product_id && a.quantity == b.quantity);
            if !same && !self.recorded {
                let typed: Vec<LineRow> = std::mem::take(&mut self.rows);
                self.rows = o
                    .lines
                    .iter()
                    .flat_map(|l| {
                        let mine: Vec<LineRow> = typed
                            .iter()
                            .filter(|r| r.product_id == l.product_id)
                            .map(|r| LineRow {
                                ordered: l.quantity,
                                ..r.clone()
                            })
                            .collect();
                        if mine.is_empty() {
                            vec![LineRow {
                                product_id: l.product_id,
                                sku: l.sku.clone(),
                                name: l.name.clone(),
                                unit: l.unit.clone(),
                                ordered: l.quantity,
                                quantity: String::new(),
                                condition: Condition::Resaleable,
                                split: false,
                            }]
                        } else {
                            mine
                        }
                    })
                    .collect();
            }
            self.order = o;
        }
        self.earlier = store.order_returns(id).unwrap_or_default();
        self.claims = store
            .claims(&ClaimFilter {
                order_id: Some(id),
                ..Default::default()
            })
            .unwrap_or_default();
    }

    /// What can still come back (product, quantity): the order's lines, less what drivers
    /// brought back earlier (a full return takes lines off the order itself).
    fn returnable(&self) -> Vec<(i64, i64)> {
        self.order
            .lines
            .iter()
            .map(|l| {
                let before = match self.kind {
                    ReturnKind::Driver => self.back_before(l.product_id),
                    ReturnKind::Full => 0,
                };
                (l.product_id, l.quantity - before)
            })
            .collect()
    }

    /// Units of a product drivers brought back earlier.
    fn back_before(&self, product_id: i64) -> i64 {
        self.earlier
            .iter()
            .filter(|r| r.kind == ReturnKind::Driver)
            .flat_map(|r| &r.lines)
            .filter(|l| l.product_id == product_id)
            .map(|l| l.quantity)
            .sum()
    }

    /// What is expected back: the claim's lines when the return answers a claim (and the claim
    /// names lines), else the order's.
    fn expected(&self) -> Vec<(i64, i64)> {
        match &self.claim {
            Some(k) if !k.lines.is_empty() => k.lines.clone(),
            _ => self.returnable(),
        }
    }

    /// The lines typed so far (quantities above 0; the same product and condition merged), or
    /// the first quantity that is not a whole number.
    fn lines(&self) -> Result<Vec<ReturnLineDraft>, String> {
        let mut out: Vec<ReturnLineDraft> = Vec::new();
        for r in &self.rows {
            let t = r.quantity.trim();
            if t.is_empty() {
                continue;
            }
            let q = t
                .parse::<i64>()
                .ok()
                .filter(|q| *q >= 0)
                .ok_or_else(|| format!("{}: «{t}» {}", r.sku, tr("is not a whole number")))?;
            if q == 0 {
                continue;
            }
            match out
                .iter_mut()
                .find(|l| l.product_id == r.product_id && l.condition == r.condition)
            {
                Some(l) => l.quantity += q,
                None => out.push(ReturnLineDraft {
                    product_id: r.product_id,
                    quantity: q,
                    condition: r.condition,
                }),
            }
        }
        Ok(out)
    }

    fn draft(&self) -> Result<ReturnDraft, String> {
        if let Some(why) = unavailable(self.kind, self.order.summary.status) {
            return Err(format!("{}: {why}", kind_label(self.kind)));
        }
        let d = ReturnDraft {
            order_id: self.order.summary.id,
            claim_id: self.claim.as_ref().map(|k| k.id),
            kind: self.kind,
            driver: if self.kind == ReturnKind::Driver {
                self.driver.trim().to_string()
            } else {
                String::new()
            },
            note: self.note.trim().to_string(),
            lines: self.lines()?,
        };
        d.validate(&self.returnable()).map_err(|e| match e.field {
            "driver" => format!(
                "{}: {}",
                tr("Driver"),
                tr("name the driver who brought the goods back")
            ),
            "lines" if d.lines.is_empty() => tr("Type the quantities that came back").to_string(),
            _ => e.to_string(),
        })?;
        Ok(d)
    }

    fn sku(&self, product_id: i64) -> String {
        self.rows
            .iter()
            .find(|r| r.product_id == product_id)
            .map(|r| r.sku.clone())
            .unwrap_or_else(|| format!("#{product_id}"))
    }

    /// "A01 ×3, B02 ×1".
    fn list(&self, items: &[(i64, i64)]) -> String {
        items
            .iter()
            .map(|(p, q)| format!("{} ×{q}", self.sku(*p)))
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Draws the window; `false` when it was closed.
    pub fn ui(&mut self, ctx: &egui::Context, store: &Store, actions: &mut Vec<Action>) -> bool {
        if self.stale && !self.pending {
            self.refresh(store);
        }
        let mut open = true;
        let mut close = false;
        let title = format!("{} — {} {}", tr("Return"), tr("Order"), self.order.summary.number);
        egui::Window::new(title)
            .id(egui::Id::unique("return_window"))
            .open(&mut open)
            .default_pos(egui::pos2(420.0, 60.0))
            .default_size([780.0, 560.0])
            .show(ctx, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("return_scroll")
                    .show(ui, |ui| {
                        close = self.body_ui(ui, store, actions);
                    });
            });
        if !egui::Popup::is_any_open(ctx)
            && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape))
        {
            close = true;
        }
        open && !close
    }

    /// The window's content; `true` when Close was pressed.
    fn body_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) -> bool {
        let s = &self.order.summary;
        let status = s.status;
        egui::Grid::new("return_head")
            .num_columns(4)
            .spacing([12.0, 4.0])
            .show(ui, |ui| {
                ui.strong(tr("Order"));
                if ui.link(&s.number).clicked() {
                    actions.push(Action::OpenOrder(s.id));
                }
                ui.strong(tr("Status"));
                ui.label(status_label(status));
                ui.end_row();
                ui.strong(tr("Customer"));
                ui.label(format!("{} — {}", s.customer_code, s.customer_name));
                ui.end_row();
            });
        ui.separator();
        let editable = !self.recorded && !self.pending;
        if !self.recorded {
            ui.add_enabled_ui(editable, |ui| self.form_ui(ui, store, actions));
            ui.separator();
        }
        widgets::feedback(ui, &self.message);
        let mut close = false;
        ui.horizontal(|ui| {
            let can = editable && unavailable(self.kind, status).is_none();
            if ui
                .add_enabled(can, egui::Button::new(tr("Record return")))
                .clicked()
            {
                match self.draft() {
                    Ok(d) => {
                        self.message = None;
                        self.pending = true;
                        actions.push(Action::RecordReturn(d));
                    }
                    Err(e) => self.message = Some(Err(e)),
                }
            }
            close = ui.button(tr("Close")).on_hover_text("Esc").clicked();
        });
        self.earlier_ui(ui);
        close
    }

    fn form_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let status = self.order.summary.status;
        // the kind: the one that does not fit the order's state is greyed, with the reason
        for kind in ReturnKind::ALL {
            let why = unavailable(*kind, status);
            ui.horizontal(|ui| {
                let r = ui.add_enabled(
                    why.is_none(),
                    egui::RadioButton::new(self.kind == *kind, kind_label(*kind)),
                );
                if r.clicked() {
                    self.kind = *kind;
                }
                if let Some(why) = &why {
                    ui.colored_label(theme::muted(ui), format!("— {why}"));
                }
            });
        }
        if self.kind == ReturnKind::Driver {
            ui.horizontal(|ui| {
                widgets::labeled_field(
                    ui,
                    "return_driver",
                    tr("Driver"),
                    &mut self.driver,
                    tr("who brought the goods back"),
                    260.0,
                );
            });
        }
        self.claim_ui(ui, store, actions);
        ui.separator();
        ui.horizontal(|ui| {
            if ui.button(tr("Everything back")).clicked() {
                let expected = self.expected();
                for r in self.rows.iter_mut() {
                    r.quantity = if r.split {
                        String::new()
                    } else {
                        expected
                            .iter()
                            .find(|(p, q)| *p == r.product_id && *q > 0)
                            .map(|(_, q)| q.to_string())
                            .unwrap_or_default()
                    };
                }
            }
            if ui.button(tr("Clear quantities")).clicked() {
                for r in self.rows.iter_mut() {
                    r.quantity.clear();
                }
            }
        });
        self.lines_ui(ui);
        ui.separator();
        self.check_ui(ui);
        ui.horizontal(|ui| {
            widgets::labeled_field(
                ui,
                "return_note",
                tr("Note"),
                &mut self.note,
                tr("packaging, seals, what the driver said…"),
                460.0,
            );
        });
    }

    fn claim_ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let mut pick: Option<Option<i64>> = None;
        ui.horizontal(|ui| {
            let l = ui.label(tr("Linked claim"));
            let current = self
                .claim
                .as_ref()
                .map_or_else(|| tr("none").to_string(), |k| k.number.clone());
            egui::ComboBox::from_id_salt("return_claim")
                .selected_text(current)
                .show_ui(ui, |ui| {
                    if ui.selectable_label(self.claim.is_none(), tr("none")).clicked() {
                        pick = Some(None);
                    }
                    for k in &self.claims {
                        let on = self.claim.as_ref().is_some_and(|c| c.id == k.id);
                        if ui.selectable_label(on, &k.number).clicked() {
                            pick = Some(Some(k.id));
                        }
                    }
                })
                .response
                .labelled_by(l.id);
            if let Some(k) = &self.claim
                && ui.link(tr("Open the claim")).clicked()
            {
                actions.push(Action::OpenClaim(k.id));
            }
        });
        match pick {
            Some(None) => self.claim = None,
            Some(Some(id)) => {
                // nothing typed yet: the claim's lines fill the form
                let untouched = self.rows.iter().all(|r| r.quantity.trim().is_empty());
                if let Err(e) = self.link_claim(store, id, untouched) {
                    self.message = Some(Err(e.to_string()));
                }
            }
            None => {}
        }
    }

    fn lines_ui(&mut self, ui: &mut Ui) {
        let mut split_after = None;
        let mut remove = None;
        // after shipping, what drivers brought back earlier no longer counts as returnable
        let before: Vec<i64> = self
            .rows
            .iter()
            .map(|r| match self.kind {
                ReturnKind::Driver => self.back_before(r.product_id),
                ReturnKind::Full => 0,
            })
            .collect();
        egui::Grid::new("return_lines")
            .striped(true)
            .num_columns(6)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                for h in [
                    tr("SKU"),
                    tr("Name"),
                    tr("Ordered"),
                    tr("Returned"),
                    tr("Condition"),
                    "",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for (i, r) in self.rows.iter_mut().enumerate() {
                    let l = if r.split {
                        ui.label(format!("↳ {}", r.sku))
                    } else {
                        ui.label(&r.sku)
                    };
                    ui.label(if r.split { "" } else { r.name.as_str() });
                    ui.label(if r.split {
                        String::new()
                    } else if before[i] > 0 {
                        format!("{} {} ({} {})", r.ordered, r.unit, before[i], tr("back earlier"))
                    } else {
                        format!("{} {}", r.ordered, r.unit)
                    });
                    let q = ui
                        .add(
                            egui::TextEdit::singleline(&mut r.quantity)
                                .id_salt(("return_qty", i))
                                .hint_text("0")
                                .desired_width(70.0),
                        )
                        .labelled_by(l.id);
                    if q.has_focus() && ui.input(|inp| inp.key_pressed(Key::Enter)) {
                        q.surrender_focus();
                    }
                    egui::ComboBox::from_id_salt(("return_condition", i))
                        .selected_text(condition_label(r.condition))
                        .width(120.0)
                        .show_ui(ui, |ui| {
                            for c in Condition::ALL {
                                ui.selectable_value(&mut r.condition, *c, condition_label(*c));
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    ui.horizontal(|ui| {
                        if ui
                            .small_button(tr("+ split"))
                            .on_hover_text(tr("Return part of the line in another condition"))
                            .clicked()
                        {
                            split_after = Some(i);
                        }
                        if r.split && ui.small_button("✕").on_hover_text(tr("Remove")).clicked() {
                            remove = Some(i);
                        }
                    });
                    ui.end_row();
                }
            });
        if let Some(i) = split_after {
            let base = self.rows[i].clone();
            // the new part goes after the product's last part, in a condition not used yet
            let used: Vec<Condition> = self
                .rows
                .iter()
                .filter(|r| r.product_id == base.product_id)
                .map(|r| r.condition)
                .collect();
            let condition = Condition::ALL
                .iter()
                .copied()
                .find(|c| !used.contains(c))
                .unwrap_or(Condition::Defect);
            let at = self
                .rows
                .iter()
                .rposition(|r| r.product_id == base.product_id)
                .map_or(i + 1, |p| p + 1);
            self.rows.insert(
                at,
                LineRow {
                    quantity: String::new(),
                    condition,
                    split: true,
                    ..base
                },
            );
        }
        if let Some(i) = remove {
            self.rows.remove(i);
        }
    }

    /// Completeness against what is expected, and what the return will do to the order, before
    /// saving.
    fn check_ui(&self, ui: &mut Ui) {
        let against = match &self.claim {
            Some(k) if !k.lines.is_empty() => format!("{} {}", tr("Checked against the claim"), k.number),
            _ => tr("Checked against the order").to_string(),
        };
        ui.colored_label(theme::muted(ui), against);
        let lines = match self.lines() {
            Ok(l) => l,
            Err(e) => {
                ui.colored_label(theme::danger(ui), format!("⚠ {e}"));
                return;
            }
        };
        if lines.is_empty() {
            ui.colored_label(theme::muted(ui), tr("Nothing typed yet"));
            return;
        }
        let c: Completeness = completeness(&self.expected(), &lines);
        if c.is_complete() {
            ui.colored_label(theme::success(ui), format!("✔ {}", tr("complete")));
        }
        if !c.missing.is_empty() {
            ui.colored_label(
                theme::warning(ui),
                format!("{}: {}", tr("missing"), self.list(&c.missing)),
            );
        }
        if !c.extra.is_empty() {
            ui.colored_label(
                theme::danger(ui),
                format!("{}: {}", tr("more than expected"), self.list(&c.extra)),
            );
        }
        // what it does to the order
        let all = completeness(&self.returnable(), &lines);
        let effect = match self.kind {
            ReturnKind::Full if all.missing.is_empty() => {
                tr("Everything goes back to stock: the order will be cancelled").to_string()
            }
            ReturnKind::Full => format!("{}: {}", tr("The order will keep"), self.list(&all.missing)),
            ReturnKind::Driver if all.is_complete() => {
                format!(
                    "{} «{}»",
                    tr("The order becomes"),
                    status_label(OrderStatus::Returned)
                )
            }
            ReturnKind::Driver => format!(
                "{} «{}»; {}",
                tr("The order stays"),
                status_label(self.order.summary.status),
                tr("the return goes on its history")
            ),
        };
        ui.label(effect);
    }

    fn earlier_ui(&self, ui: &mut Ui) {
        if self.earlier.is_empty() {
            return;
        }
        ui.separator();
        ui.label(theme::heading(tr("Earlier returns")));
        for r in &self.earlier {
            let when = r
                .received_at
                .with_timezone(&chrono::Local)
                .format("%Y-%m-%d %H:%M");
            let mut head = format!(
                "{}  {when}  {}  · {}",
                r.number,
                match r.kind {
                    ReturnKind::Full => tr("full return"),
                    ReturnKind::Driver => tr("by a driver"),
                },
                r.created_by
            );
            if !r.driver.is_empty() {
                head.push_str(&format!(" · {}: {}", tr("Driver"), r.driver));
            }
            if let Some(n) = &r.claim_number {
                head.push_str(&format!(" · {} {n}", tr("Claim")));
            }
            ui.strong(head);
            let lines: Vec<String> = r
                .lines
                .iter()
                .map(|l| format!("{} ×{} ({})", l.sku, l.quantity, condition_label(l.condition)))
                .collect();
            ui.label(lines.join(", "));
            if !r.note.is_empty() {
                ui.colored_label(theme::muted(ui), &r.note);
            }
        }
    }
}

//! Products: a searchable list (virtualised for 100k rows) and the product card.

use super::print::{PrintAction, Subject, What};
use super::{Action, theme, widgets};

/// Most SKUs the products list hands to product labels at once.
const MAX_LABEL_SKUS: usize = 1_000;
use crate::domain::certificate::DEFAULT_WARN_DAYS;
use crate::domain::decimal::{format_kg, parse_fixed};
use crate::domain::product::Product;
use crate::i18n::tr;
use crate::store::certificates::{CertFilter, CertState, CertificateRow};
use crate::store::{ProductRow, Store};
use egui::{RichText, Ui};
use std::collections::BTreeSet;

#[derive(Debug, Clone, Default)]
struct ProductForm {
    original: Product,
    product: Product,
    ean: String,
    units_per_box: String,
    weight_kg: String,
}

impl ProductForm {
    fn from(p: Product) -> Self {
        ProductForm {
            ean: p.ean13.clone().unwrap_or_default(),
            units_per_box: p.units_per_box.to_string(),
            weight_kg: format_kg(p.weight_g),
            original: p.clone(),
            product: p,
        }
    }

    fn to_product(&self) -> Result<Product, String> {
        let mut p = self.product.clone();
        p.ean13 = Some(self.ean.trim().to_string()).filter(|s| !s.is_empty());
        p.units_per_box = self.units_per_box.trim().parse().map_err(|_| {
            format!(
                "{}: «{}» is not a whole number",
                tr("Units per box"),
                self.units_per_box
            )
        })?;
        p.weight_g = parse_fixed(&self.weight_kg, 3).map_err(|e| format!("{}: {e}", tr("Weight, kg")))?;
        p.sku = p.sku.trim().to_string();
        p.location = p.location.trim().to_uppercase();
        p.validate().map_err(|e| e.to_string())?;
        Ok(p)
    }

    fn dirty(&self) -> bool {
        self.to_product().map_or(true, |p| p != self.original)
    }
}

pub struct ProductsPanel {
    pub stale: bool,
    query: String,
    rows: Vec<ProductRow>,
    selected: Option<i64>,
    form: Option<ProductForm>,
    message: Option<Result<String, String>>,
    pub import_errors: Vec<String>,
    scroll_to: Option<usize>,
    export: super::export::Exporter,
    /// Active products without a certificate valid today (read with the list).
    uncertified: BTreeSet<i64>,
    /// The certificates covering the selected product (read when it is selected or reloaded).
    certificates: Result<Vec<CertificateRow>, String>,
}

impl Default for ProductsPanel {
    fn default() -> Self {
        ProductsPanel {
            stale: true,
            query: String::new(),
            rows: Vec::new(),
            selected: None,
            form: None,
            message: None,
            import_errors: Vec::new(),
            scroll_to: None,
            export: Default::default(),
            uncertified: BTreeSet::new(),
            certificates: Ok(Vec::new()),
        }
    }
}

impl ProductsPanel {
    pub fn failed(&mut self, msg: String) {
        self.message = Some(Err(msg));
    }

    pub fn saved(&mut self, p: Product) {
        self.selected = Some(p.id);
        self.form = Some(ProductForm::from(p));
        self.message = Some(Ok(tr("Saved").to_string()));
        self.stale = true;
    }

    pub fn select(&mut self, store: &Store, id: i64) {
        self.selected = Some(id);
        self.message = None;
        match store.product(id) {
            Ok(p) => self.form = Some(ProductForm::from(p)),
            Err(e) => self.message = Some(Err(e.to_string())),
        }
        self.stale = true;
    }

    /// The certificates covering the selected product, with their standing today.
    fn load_certificates(&mut self, store: &Store) {
        let Some(id) = self.selected else {
            self.certificates = Ok(Vec::new());
            return;
        };
        let filter = CertFilter {
            text: String::new(),
            state: CertState::All,
            product_id: Some(id),
            today: chrono::Local::now().date_naive(),
            warn_days: store.certificate_warn_days().unwrap_or(DEFAULT_WARN_DAYS),
        };
        self.certificates = store.certificates(&filter).map_err(|e| e.to_string());
    }

    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        self.rows = store.products(&self.query, 0).unwrap_or_default();
        self.uncertified = store
            .products_without_certificate(chrono::Local::now().date_naive())
            .unwrap_or_default();
        self.load_certificates(store);
        if let Some(id) = self.selected {
            self.scroll_to = self.rows.iter().position(|r| r.id == id);
            if !self.form.as_ref().is_some_and(ProductForm::dirty)
                && let Ok(fresh) = store.product(id)
            {
                self.form = Some(ProductForm::from(fresh));
            }
        }
    }

    pub fn ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        if self.stale {
            self.refresh(store);
        }
        egui::Panel::right("product_card")
            .default_size(460.0)
            .resizable(true)
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("product_card_scroll")
                    .show(ui, |ui| {
                        self.card_ui(ui, actions);
                        self.certificates_ui(ui, actions);
                    });
            });
        ui.horizontal(|ui| {
            ui.label(theme::heading(tr("Products")));
            let r = widgets::labeled_field(
                ui,
                "products_search",
                tr("Search"),
                &mut self.query,
                tr("SKU, EAN or part of the name, then Enter"),
                280.0,
            );
            if r.changed() {
                self.stale = true;
            }
            ui.label(format!("{} {}", self.rows.len(), tr("rows")));
            if ui.button(tr("New")).clicked() {
                self.selected = None;
                self.form = Some(ProductForm::from(Product {
                    unit: "шт".into(),
                    units_per_box: 1,
                    active: true,
                    ..Default::default()
                }));
                self.message = None;
            }
            if ui.button(tr("Import CSV…")).clicked()
                && let Some(path) = rfd::FileDialog::new()
                    .add_filter("CSV", &["csv", "txt"])
                    .pick_file()
            {
                self.import_errors.clear();
                actions.push(Action::ImportProducts(path));
            }
            if ui
                .button(tr("Product labels…"))
                .on_hover_text(tr(
                    "EAN-13 labels of the selected product, or of the products listed (the first 1,000)",
                ))
                .clicked()
            {
                let selected = self.selected.and_then(|id| self.rows.iter().find(|r| r.id == id));
                let skus = match selected {
                    Some(row) => vec![row.sku.clone()],
                    // a whole catalogue is not one print: the first rows listed, narrow the search
                    None => self
                        .rows
                        .iter()
                        .take(MAX_LABEL_SKUS)
                        .map(|r| r.sku.clone())
                        .collect(),
                };
                actions.push(Action::Print(PrintAction::Open {
                    subject: Subject::Products { skus },
                    what: What::Labels,
                }));
            }
            if ui
                .button(tr("Location labels…"))
                .on_hover_text(tr("Code 128 labels for a range of storage locations"))
                .clicked()
            {
                let selected = self
                    .selected
                    .and_then(|id| self.rows.iter().find(|r| r.id == id))
                    .filter(|r| !r.location.is_empty());
                let (from, to) = match selected {
                    Some(row) => (row.location.clone(), row.location.clone()),
                    None => store.location_bounds().ok().flatten().unwrap_or_default(),
                };
                actions.push(Action::Print(PrintAction::Open {
                    subject: Subject::Locations { from, to },
                    what: What::Labels,
                }));
            }
            let query = &self.query;
            self.export.button(ui, tr("Export…"), "products", || {
                crate::export::products_table(store, query)
            });
            self.export
                .button(ui, tr("Export price list…"), "price-list", || {
                    crate::export::price_list_table(store)
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
            (tr("SKU"), 80.0),
            (tr("Name"), 340.0),
            (tr("Certificate"), 110.0),
            (tr("EAN-13"), 120.0),
            (tr("Unit"), 50.0),
            (tr("Units per box"), 60.0),
            (tr("Weight, kg"), 70.0),
            (tr("Location"), 90.0),
        ];
        let selected = self
            .selected
            .and_then(|id| self.rows.iter().position(|r| r.id == id));
        let (rows, uncertified) = (&self.rows, &self.uncertified);
        let clicked = widgets::record_table(
            ui,
            "products_table",
            &columns,
            rows.len(),
            selected,
            self.scroll_to.take(),
            |ui, i, col| {
                let r = &rows[i];
                match col {
                    0 => widgets::cell(ui, &r.sku),
                    1 => widgets::cell(ui, &r.name),
                    2 if uncertified.contains(&r.id) => {
                        widgets::cell(ui, RichText::new(tr("no certificate")).color(theme::danger(ui)))
                    }
                    2 => widgets::cell(ui, ""),
                    3 => widgets::cell(ui, &r.ean13),
                    4 => widgets::cell(ui, &r.unit),
                    5 => widgets::cell(ui, r.units_per_box.to_string()),
                    6 => widgets::cell(ui, format_kg(r.weight_g)),
                    _ => widgets::cell(ui, &r.location),
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
        let title = if form.product.id == 0 {
            tr("New").to_string()
        } else {
            format!("{} — {}", form.product.sku, form.product.name)
        };
        ui.label(theme::heading(title));
        let mut save = widgets::command_key(ui, egui::Key::S);
        egui::Grid::new("product_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                widgets::text_row(ui, tr("SKU"), &mut form.product.sku);
                widgets::multiline_row(ui, tr("Name"), &mut form.product.name);
                widgets::text_row(ui, tr("EAN-13"), &mut form.ean);
                widgets::text_row(ui, tr("Unit"), &mut form.product.unit);
                widgets::text_row(ui, tr("Units per box"), &mut form.units_per_box);
                widgets::text_row(ui, tr("Weight, kg"), &mut form.weight_kg);
                widgets::text_row(ui, tr("Location"), &mut form.product.location);
                ui.label("");
                ui.checkbox(&mut form.product.active, tr("Active"));
                ui.end_row();
            });
        widgets::feedback(ui, &self.message);
        save |= ui.button(tr("Save")).on_hover_text("Ctrl+S").clicked();
        if save {
            match form.to_product() {
                Ok(p) => actions.push(Action::SaveProduct(p)),
                Err(m) => self.message = Some(Err(m)),
            }
        }
    }

    /// The certificates covering the selected product: each opens in the certificate base.
    fn certificates_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(id) = self.selected else { return };
        if self.form.as_ref().is_none_or(|f| f.product.id != id) {
            return;
        }
        ui.add_space(8.0);
        ui.separator();
        ui.label(RichText::new(tr("Certificates")).strong());
        let list = match &self.certificates {
            Ok(list) => list,
            Err(e) => {
                ui.colored_label(theme::danger(ui), e);
                return;
            }
        };
        if self.uncertified.contains(&id) {
            ui.colored_label(
                theme::danger(ui),
                format!("⚠ {}", tr("No valid certificate today")),
            );
        }
        if list.is_empty() {
            ui.label(RichText::new(tr("No certificates cover this product")).color(theme::muted(ui)));
        }
        for c in list {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .link(format!(
                        "{} · {} · {}",
                        c.number,
                        super::certificates::kind_label(c.kind),
                        c.valid_to
                    ))
                    .on_hover_text(tr("Open the certificate"))
                    .clicked()
                {
                    actions.push(Action::OpenCertificate(c.id));
                }
                ui.label(super::certificates::validity_badge(ui, c));
            });
        }
    }
}

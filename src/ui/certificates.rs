//! The certificate base: certificates and declarations with their scans and products, expiry
//! alerts, and the certificate pack of an order.
//!
//! The list (centre) shows every certificate with its standing today under a strip of alerts
//! (expiring, expired, products without a valid certificate: each a filter); the right side
//! shows either the form (Ctrl+N new, Edit; Enter saves, Esc closes) or the selected
//! certificate: its fields, scans (photos shown in the app, PDFs opened in the viewer, files
//! dropped on the window attached), the products it covers and the quick links (a pasted SKU
//! list, or every product a search finds). Every write is a [`CertWrite`].

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{Local, NaiveDate};
use egui::{Key, Modifiers, RichText, TextEdit, Ui};

use super::{Action, theme, widgets};
use crate::domain::certificate::{CertKind, CertificateDraft, DEFAULT_WARN_DAYS, Validity, parse_sku_list};
use crate::i18n::tr;
use crate::print::jobs::{Destination, deliver_document};
use crate::store::certificates::{
    CertAlerts, CertFileRow, CertFilter, CertState, CertificateDetail, CertificateRow, LinkReport,
    LinkedProduct,
};
use crate::store::{PrintKind, ProductRow, Stamp, Store};

// ---------------------------------------------------------------------------------------------
// writes

/// The certificate base's writes, each one transaction (see [`write`]).
#[derive(Debug, Clone)]
pub enum CertWrite {
    Save(CertificateDraft),
    AttachPath {
        cert_id: i64,
        path: PathBuf,
    },
    AttachBytes {
        cert_id: i64,
        name: String,
        bytes: Vec<u8>,
    },
    RemoveFile {
        file_id: i64,
    },
    LinkSkus {
        cert_id: i64,
        skus: Vec<String>,
    },
    LinkProducts {
        cert_id: i64,
        product_ids: Vec<i64>,
    },
    Unlink {
        cert_id: i64,
        product_id: i64,
    },
    SaveWarnDays(i64),
    /// Builds an order's certificate pack and registers it in the document register; then
    /// sends it to the printer chosen for certificate packs (`to_printer`), or keeps it beside
    /// the database (see [`pack_path`]) and opens it in the viewer. Either is in the print log.
    PrintPack {
        order_id: i64,
        to_printer: bool,
    },
}

/// Carries out one write; the text is the status bar's message.
pub fn write(store: &mut Store, w: CertWrite, stamp: &Stamp) -> crate::Result<String> {
    match w {
        CertWrite::Save(d) => {
            let new = d.id.is_none();
            store.save_certificate(&d, stamp)?;
            let what = if new {
                tr("Certificate added")
            } else {
                tr("Certificate saved")
            };
            Ok(format!("{what}: {}", d.number.trim()))
        }
        CertWrite::AttachPath { cert_id, path } => {
            store.attach_certificate_path(cert_id, &path, stamp)?;
            Ok(format!("{}: {}", tr("Scan attached"), file_name(&path)))
        }
        CertWrite::AttachBytes { cert_id, name, bytes } => {
            store.attach_certificate_file(cert_id, &name, &bytes, stamp)?;
            Ok(format!("{}: {name}", tr("Scan attached")))
        }
        CertWrite::RemoveFile { file_id } => {
            let (f, _) = store.certificate_file(file_id)?;
            store.remove_certificate_file(file_id, stamp)?;
            Ok(format!("{}: {}", tr("Scan removed"), f.name))
        }
        CertWrite::LinkSkus { cert_id, skus } => {
            let r = store.link_products_by_skus(cert_id, &skus, stamp)?;
            Ok(linked_text(&r))
        }
        CertWrite::LinkProducts { cert_id, product_ids } => {
            let r = store.link_products(cert_id, &product_ids, stamp)?;
            Ok(linked_text(&r))
        }
        CertWrite::Unlink { cert_id, product_id } => {
            let sku = store.product(product_id).map(|p| p.sku).unwrap_or_default();
            store.unlink_product(cert_id, product_id, stamp)?;
            Ok(format!("{}: {sku}", tr("Product unlinked")))
        }
        CertWrite::SaveWarnDays(days) => {
            store.save_certificate_warn_days(days, stamp)?;
            Ok(format!(
                "{}: {days} {}",
                tr("Certificates warn ahead"),
                tr("days")
            ))
        }
        CertWrite::PrintPack { order_id, to_printer } => print_pack(store, order_id, to_printer, stamp),
    }
}

fn linked_text(r: &LinkReport) -> String {
    let mut text = format!("{}: {}", tr("Products linked"), r.linked);
    if r.already > 0 {
        text.push_str(&format!("; {}: {}", tr("already linked"), r.already));
    }
    text
}

/// Where the certificate pack of an order made on a day is kept:
/// `<database folder>/certificate-packs/<order number> <date>.pdf` (a file to send the client).
pub fn pack_path(store: &Store, order_number: &str, on: NaiveDate) -> PathBuf {
    let dir = store
        .path()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    dir.join("certificate-packs").join(format!(
        "{} {on}.pdf",
        crate::print::output::sanitize_file_name(order_number)
    ))
}

fn print_pack(store: &mut Store, order_id: i64, to_printer: bool, stamp: &Stamp) -> crate::Result<String> {
    let on = Local::now().date_naive();
    let number = store.order(order_id)?.summary.number;
    let (pdf, code) = crate::print::certificates::print_pack(store, order_id, on, stamp)?;
    let title = format!("{} {number}", tr("Certificate pack"));
    let detail = format!("{code} · {number}");
    let kind = PrintKind::Certificates;
    if to_printer {
        let how = deliver_document(
            store,
            kind,
            &pdf,
            &title,
            Some(order_id),
            &detail,
            &Destination::Printer,
            stamp,
        )?;
        return Ok(format!("{} {code}: {how}", tr("Certificate pack")));
    }
    let path = pack_path(store, &number, on);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|e| crate::Error::io(dir, e))?;
    }
    deliver_document(
        store,
        kind,
        &pdf,
        &title,
        Some(order_id),
        &detail,
        &Destination::File(path.clone()),
        stamp,
    )?;
    let saved = format!(
        "{} {code} {} {}",
        tr("Certificate pack"),
        tr("saved to"),
        path.display()
    );
    // the pack is kept and registered: a viewer that does not open is only a note
    Ok(match view_pdf(pdf.bytes, &title) {
        Ok(_) => format!("{saved}; {}", tr("opened in the viewer")),
        Err(e) => format!("{saved}; {}: {e}", tr("the viewer did not open")),
    })
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string())
}

/// A PDF opened in the system's viewer (through a temp copy).
fn view_pdf(bytes: Vec<u8>, title: &str) -> Result<String, String> {
    use crate::print::output::{Payload, Target, deliver};
    deliver(&Payload::Pdf(bytes), &Target::Viewer, title)
        .map(|d| d.description)
        .map_err(|e| e.to_string())
}

/// A PDF kept on disk (a certificate pack) opened in the system's viewer.
pub fn view_file(path: &Path) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let title = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| "pack".into());
    view_pdf(bytes, &title)
}

// ---------------------------------------------------------------------------------------------
// labels

pub use crate::print::certificates::kind_label;

fn state_label(s: CertState) -> &'static str {
    match s {
        CertState::All => tr("All"),
        CertState::Valid => tr("Valid"),
        CertState::Expiring => tr("Expiring"),
        CertState::Expired => tr("Expired"),
    }
}

/// A certificate's standing in words: in force, expires in N days, expired, expired and renewed
/// (every product it covers has another valid one), not valid yet.
pub fn validity_text(v: Validity, superseded: bool) -> String {
    match v {
        Validity::Expired if superseded => tr("expired, renewed").to_string(),
        Validity::Expired => tr("expired").to_string(),
        Validity::Valid => tr("in force").to_string(),
        Validity::NotYet => tr("not valid yet").to_string(),
        Validity::Expiring { days_left: 0 } => tr("expires today").to_string(),
        Validity::Expiring { days_left } => {
            format!("{} {days_left} {}", tr("expires in"), tr("days"))
        }
    }
}

/// The colour of a standing: valid green, expiring amber, expired red, renewed and not yet
/// valid muted.
pub fn validity_color(ui: &Ui, v: Validity, superseded: bool) -> egui::Color32 {
    match v {
        Validity::Expired if superseded => theme::muted(ui),
        Validity::Expired => theme::danger(ui),
        Validity::Expiring { .. } => theme::warning(ui),
        Validity::Valid => theme::success(ui),
        Validity::NotYet => theme::muted(ui),
    }
}

/// The standing of a listed certificate as coloured text.
pub fn validity_badge(ui: &Ui, r: &CertificateRow) -> RichText {
    RichText::new(validity_text(r.validity, r.superseded)).color(validity_color(ui, r.validity, r.superseded))
}

fn size_text(bytes: i64) -> String {
    if bytes >= 1024 * 1024 {
        format!("{:.1} MB", bytes as f64 / 1_048_576.0)
    } else {
        format!("{:.1} KB", bytes as f64 / 1024.0)
    }
}

fn is_image(f: &CertFileRow) -> bool {
    f.mime.starts_with("image/")
}

/// A date typed `2026-11-23` or `23.11.2026`, or what is wrong with it.
fn parse_day(label: &str, text: &str) -> Result<NaiveDate, String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(format!(
            "{label}: {}",
            tr("type a date like 2026-11-23 or 23.11.2026")
        ));
    }
    super::intake::parse_date(t).ok_or_else(|| {
        format!(
            "{label}: «{t}» {}",
            tr("is not a date like 2026-11-23 or 23.11.2026")
        )
    })
}

// ---------------------------------------------------------------------------------------------
// the form

struct CertForm {
    id: Option<i64>,
    version: i64,
    number: String,
    kind: CertKind,
    issuer: String,
    group: String,
    from: String,
    to: String,
    comment: String,
    focus: bool,
}

impl CertForm {
    fn new(today: NaiveDate) -> Self {
        CertForm {
            id: None,
            version: 0,
            number: String::new(),
            kind: CertKind::Certificate,
            issuer: String::new(),
            group: String::new(),
            from: today.format("%Y-%m-%d").to_string(),
            to: String::new(),
            comment: String::new(),
            focus: true,
        }
    }

    fn edit(r: &CertificateRow) -> Self {
        CertForm {
            id: Some(r.id),
            version: r.version,
            number: r.number.clone(),
            kind: r.kind,
            issuer: r.issuer.clone(),
            group: r.product_group.clone(),
            from: r.valid_from.format("%Y-%m-%d").to_string(),
            to: r.valid_to.format("%Y-%m-%d").to_string(),
            comment: r.comment.clone(),
            focus: true,
        }
    }

    /// The draft as typed, or what is wrong with it.
    fn draft(&self) -> Result<CertificateDraft, String> {
        let valid_from = parse_day(tr("Valid from"), &self.from)?;
        let valid_to = parse_day(tr("Valid to"), &self.to)?;
        let d = CertificateDraft {
            id: self.id,
            version: self.version,
            number: self.number.trim().to_string(),
            kind: self.kind,
            issuer: self.issuer.trim().to_string(),
            product_group: self.group.trim().to_string(),
            valid_from,
            valid_to,
            comment: self.comment.trim().to_string(),
        };
        d.validate().map_err(|e| {
            let field = match e.field {
                "number" => tr("Number"),
                "valid_from" => tr("Valid from"),
                "valid_to" => tr("Valid to"),
                other => other,
            };
            format!("{field}: {}", e.message)
        })?;
        Ok(d)
    }
}

// ---------------------------------------------------------------------------------------------
// the panel

/// How many products "link by filter" links at most at once.
const LINK_LIMIT: usize = 500;

/// What the last write asked for, so that its success resets the right field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum Pending {
    #[default]
    Nothing,
    Save,
    LinkSkus,
    LinkFilter,
    Remove,
    Other,
}

/// The certificate base panel.
pub struct CertificatesPanel {
    pub stale: bool,
    today: NaiveDate,
    warn_days: i64,
    text: String,
    state: CertState,
    rows: Vec<CertificateRow>,
    alerts: CertAlerts,
    /// The products without a valid certificate are listed (their alert was clicked).
    show_without: bool,
    without: Vec<LinkedProduct>,
    computed_at: Option<Instant>,
    selected: Option<i64>,
    scroll_pending: bool,
    scroll_to: Option<usize>,
    /// After saving a new certificate: select the one with this number.
    select_number: Option<String>,
    detail: Option<CertificateDetail>,
    form: Option<CertForm>,
    pending: Pending,
    message: Option<Result<String, String>>,
    /// Decoded photos, once per file.
    textures: HashMap<i64, Result<egui::TextureHandle, String>>,
    /// The scan shown in the preview (else the newest photo).
    preview: Option<i64>,
    /// The scan whose removal waits for a confirmation.
    confirm_remove: Option<i64>,
    skus: String,
    link_query: String,
    /// The products the link filter finds (None: nothing typed).
    link_hits: Option<Result<Vec<ProductRow>, String>>,
}

impl Default for CertificatesPanel {
    fn default() -> Self {
        CertificatesPanel {
            stale: true,
            today: Local::now().date_naive(),
            warn_days: DEFAULT_WARN_DAYS,
            text: String::new(),
            state: CertState::All,
            rows: Vec::new(),
            alerts: CertAlerts::default(),
            show_without: false,
            without: Vec::new(),
            computed_at: None,
            selected: None,
            scroll_pending: false,
            scroll_to: None,
            select_number: None,
            detail: None,
            form: None,
            pending: Pending::Nothing,
            message: None,
            textures: HashMap::new(),
            preview: None,
            confirm_remove: None,
            skus: String::new(),
            link_query: String::new(),
            link_hits: None,
        }
    }
}

impl CertificatesPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        // a new day (the desk stays open overnight) changes every standing
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
            self.new_form();
        }
        if self.form.is_some()
            && !egui::Popup::is_any_open(ui.ctx())
            && ui.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape))
        {
            self.form = None;
        }
        self.dropped_files(ui, actions);

        egui::Panel::right("certificate_detail")
            .default_size(660.0)
            .resizable(true)
            .show(ui, |ui| {
                widgets::feedback(ui, &self.message);
                egui::ScrollArea::vertical()
                    .id_salt("certificate_detail_scroll")
                    .auto_shrink([false, false])
                    .show(ui, |ui| {
                        if self.form.is_some() {
                            self.form_ui(ui, actions);
                        } else if let Some(d) = self.detail.take() {
                            self.detail_ui(ui, store, &d, actions);
                            if self.detail.is_none() {
                                self.detail = Some(d);
                            }
                        } else {
                            ui.label(tr("Select a certificate, or press Ctrl+N to add one"));
                        }
                    });
            });
        self.list_ui(ui, store, actions);
    }

    pub fn done(&mut self, msg: String) {
        match self.pending {
            Pending::Save => self.form = None,
            Pending::LinkSkus => self.skus.clear(),
            Pending::LinkFilter => {
                self.link_query.clear();
                self.link_hits = None;
            }
            Pending::Remove => {
                self.confirm_remove = None;
                self.preview = None;
            }
            Pending::Other | Pending::Nothing => {}
        }
        self.pending = Pending::Nothing;
        self.message = Some(Ok(msg));
        self.stale = true;
    }

    pub fn failed(&mut self, msg: String) {
        if self.pending == Pending::Save {
            self.select_number = None;
        }
        self.pending = Pending::Nothing;
        self.message = Some(Err(msg));
        self.stale = true;
    }

    /// Shows a certificate.
    pub fn select(&mut self, store: &Store, id: i64) {
        self.form = None;
        self.message = None;
        self.preview = None;
        self.confirm_remove = None;
        self.selected = Some(id);
        self.scroll_pending = true;
        match store.certificate(id, self.today, self.warn_days) {
            Ok(d) => self.detail = Some(d),
            Err(e) => {
                self.detail = None;
                self.message = Some(Err(e.to_string()));
            }
        }
        self.stale = true;
    }

    fn new_form(&mut self) {
        self.form = Some(CertForm::new(Local::now().date_naive()));
        self.message = None;
    }

    fn push(&mut self, actions: &mut Vec<Action>, pending: Pending, w: CertWrite) {
        self.pending = pending;
        actions.push(Action::Certificates(w));
    }

    fn filter(&self) -> CertFilter {
        CertFilter {
            text: self.text.trim().to_string(),
            state: self.state,
            product_id: None,
            today: self.today,
            warn_days: self.warn_days,
        }
    }

    fn refresh(&mut self, store: &Store) {
        self.stale = false;
        self.computed_at = Some(Instant::now());
        self.today = Local::now().date_naive();
        let mut problem = None;
        match store.certificate_warn_days() {
            Ok(d) => self.warn_days = d,
            Err(e) => problem = Some(e.to_string()),
        }
        match store.certificate_alerts(self.today, self.warn_days) {
            Ok(a) => self.alerts = a,
            Err(e) => problem = Some(e.to_string()),
        }
        match store.certificates(&self.filter()) {
            Ok(rows) => self.rows = rows,
            Err(e) => problem = Some(e.to_string()),
        }
        if self.show_without {
            match self.load_without(store) {
                Ok(list) => self.without = list,
                Err(e) => problem = Some(e),
            }
        }
        if let Some(number) = self.select_number.take() {
            let all = CertFilter {
                text: String::new(),
                state: CertState::All,
                ..self.filter()
            };
            if let Ok(list) = store.certificates(&all)
                && let Some(r) = list.iter().find(|r| r.number == number)
            {
                self.selected = Some(r.id);
                self.scroll_pending = true;
                self.preview = None;
                self.confirm_remove = None;
            }
        }
        if let Some(id) = self.selected {
            if std::mem::take(&mut self.scroll_pending) {
                self.scroll_to = self.rows.iter().position(|r| r.id == id);
            }
            match store.certificate(id, self.today, self.warn_days) {
                Ok(d) => {
                    self.textures
                        .retain(|fid, _| d.files.iter().any(|f| f.id == *fid));
                    self.detail = Some(d);
                }
                Err(e) => {
                    self.detail = None;
                    problem = Some(e.to_string());
                }
            }
        }
        if !self.link_query.trim().is_empty() {
            self.link_hits = Some(find_products(store, &self.link_query));
        }
        if let Some(p) = problem {
            self.message = Some(Err(p));
        }
    }

    /// The active products without a certificate valid today, by SKU.
    fn load_without(&self, store: &Store) -> Result<Vec<LinkedProduct>, String> {
        let ids: Vec<i64> = store
            .products_without_certificate(self.today)
            .map_err(|e| e.to_string())?
            .into_iter()
            .collect();
        let mut list = store.uncertified(&ids, self.today).map_err(|e| e.to_string())?;
        list.sort_by(|a, b| a.sku.cmp(&b.sku));
        Ok(list)
    }

    /// Files dropped on the window while a certificate is open are kept as its scans (order
    /// files are the import's, see the app).
    fn dropped_files(&mut self, ui: &Ui, actions: &mut Vec<Action>) {
        let files = widgets::dropped_files(ui);
        if files.is_empty() {
            return;
        }
        let open = self.detail.as_ref().map(|d| d.row.id);
        let Some(cert_id) = open.filter(|_| self.form.is_none()) else {
            let m = tr("Open a certificate first, then drop its scans on the window");
            self.message = Some(Err(m.to_string()));
            return;
        };
        for (path, bytes) in files {
            let w = match bytes {
                None => CertWrite::AttachPath { cert_id, path },
                Some(Ok(bytes)) => CertWrite::AttachBytes {
                    cert_id,
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
        ui.horizontal_wrapped(|ui| {
            ui.label(theme::heading(tr("Certificates")));
            // an alert is also a filter: click to see only those, again to see all
            let expiring = self.alerts.expiring.len();
            let color = if expiring > 0 {
                theme::warning(ui)
            } else {
                theme::muted(ui)
            };
            let text = format!(
                "{} {} {}: {expiring}",
                tr("Expiring within"),
                self.warn_days,
                tr("days")
            );
            let on = self.state == CertState::Expiring;
            if ui
                .selectable_label(on, RichText::new(text).color(color).strong())
                .clicked()
            {
                self.state = if on { CertState::All } else { CertState::Expiring };
                changed = true;
            }
            let expired = self.alerts.expired.len();
            let color = if expired > 0 {
                theme::danger(ui)
            } else {
                theme::muted(ui)
            };
            let on = self.state == CertState::Expired;
            if ui
                .selectable_label(
                    on,
                    RichText::new(format!("{}: {expired}", tr("Expired, not renewed")))
                        .color(color)
                        .strong(),
                )
                .clicked()
            {
                self.state = if on { CertState::All } else { CertState::Expired };
                changed = true;
            }
            let without = self.alerts.products_without;
            let color = if without > 0 {
                theme::danger(ui)
            } else {
                theme::muted(ui)
            };
            let text = format!("{}: {without}", tr("Products without a valid certificate"));
            if ui
                .selectable_label(self.show_without, RichText::new(text).color(color).strong())
                .clicked()
            {
                self.show_without = !self.show_without;
                changed = true;
            }
            if ui.button(tr("New certificate")).on_hover_text("Ctrl+N").clicked() {
                self.new_form();
            }
        });
        ui.horizontal_wrapped(|ui| {
            let r = widgets::labeled_field(
                ui,
                "certificates_search",
                tr("Search"),
                &mut self.text,
                tr("Number, issuer, group, comment, product SKU or name"),
                320.0,
            );
            changed |= r.changed();
            let l = ui.label(tr("State"));
            let before = self.state;
            egui::ComboBox::from_id_salt("certificates_state")
                .selected_text(state_label(self.state))
                .show_ui(ui, |ui| {
                    for s in [
                        CertState::All,
                        CertState::Valid,
                        CertState::Expiring,
                        CertState::Expired,
                    ] {
                        ui.selectable_value(&mut self.state, s, state_label(s));
                    }
                })
                .response
                .labelled_by(l.id);
            changed |= self.state != before;
            ui.label(format!("{} {}", self.rows.len(), tr("rows")));
        });
        if changed {
            self.refresh(store);
        }
        if self.show_without {
            self.without_ui(ui, actions);
        }
        self.table_ui(ui, store);
    }

    /// The products without a valid certificate, each opening its card.
    fn without_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        ui.separator();
        ui.label(RichText::new(tr("Products without a valid certificate")).strong());
        if self.without.is_empty() {
            hint(ui, tr("Every active product has a valid certificate"));
        }
        egui::ScrollArea::vertical()
            .id_salt("certificates_without")
            .max_height(180.0)
            .show(ui, |ui| {
                for p in &self.without {
                    if ui
                        .link(format!("{} · {}", p.sku, p.name))
                        .on_hover_text(tr("Open the product"))
                        .clicked()
                    {
                        actions.push(Action::OpenProduct(p.id));
                    }
                }
            });
        ui.separator();
    }

    fn table_ui(&mut self, ui: &mut Ui, store: &Store) {
        let columns = [
            (tr("Number"), 190.0),
            (tr("Kind"), 100.0),
            (tr("Issuer"), 170.0),
            (tr("Product group"), 130.0),
            (tr("Valid from"), 90.0),
            (tr("Valid to"), 90.0),
            (tr("Products"), 70.0),
            (tr("Scans"), 55.0),
            (tr("State"), 120.0),
        ];
        let selected = self
            .selected
            .and_then(|id| self.rows.iter().position(|r| r.id == id));
        let rows = &self.rows;
        let clicked = widgets::record_table(
            ui,
            "certificates_table",
            &columns,
            rows.len(),
            selected,
            self.scroll_to.take(),
            |ui, i, col| {
                let r = &rows[i];
                match col {
                    0 => widgets::cell(ui, &r.number),
                    1 => widgets::cell(ui, kind_label(r.kind)),
                    2 => widgets::cell(ui, &r.issuer),
                    3 => widgets::cell(ui, &r.product_group),
                    4 => widgets::cell(ui, r.valid_from.to_string()),
                    5 => widgets::cell(ui, r.valid_to.to_string()),
                    6 => widgets::cell(ui, r.products.to_string()),
                    7 => widgets::cell(ui, r.files.to_string()),
                    _ => {
                        let badge = validity_badge(ui, r);
                        widgets::cell(ui, badge)
                    }
                }
            },
        );
        if let Some(i) = clicked {
            let id = self.rows[i].id;
            self.select(store, id);
        }
    }

    // -----------------------------------------------------------------------------------------
    // the form

    fn form_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(form) = &mut self.form else { return };
        ui.label(theme::heading(if form.id.is_some() {
            tr("Edit certificate")
        } else {
            tr("New certificate")
        }));
        let mut fields: Vec<egui::Response> = Vec::new();
        ui.horizontal(|ui| {
            ui.label(tr("Kind"));
            for k in CertKind::ALL {
                ui.radio_value(&mut form.kind, *k, kind_label(*k));
            }
        });
        egui::Grid::new("certificate_form")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                let r = widgets::text_row(ui, tr("Number"), &mut form.number);
                if std::mem::take(&mut form.focus) {
                    r.request_focus();
                }
                fields.push(r);
                fields.push(widgets::text_row(ui, tr("Issuer"), &mut form.issuer));
                fields.push(widgets::text_row(ui, tr("Product group"), &mut form.group));
                for (label, value, salt) in [
                    (tr("Valid from"), &mut form.from, "certificate_from"),
                    (tr("Valid to"), &mut form.to, "certificate_to"),
                ] {
                    let l = ui.label(label);
                    let r = ui
                        .add(
                            TextEdit::singleline(value)
                                .id_salt(salt)
                                .hint_text("2026-11-23, 23.11.2026")
                                .desired_width(120.0),
                        )
                        .labelled_by(l.id);
                    ui.end_row();
                    fields.push(r);
                }
                widgets::multiline_row(ui, tr("Comment"), &mut form.comment);
            });
        let mut save = fields.iter().any(|r| r.lost_focus()) && ui.input(|i| i.key_pressed(Key::Enter));
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
            match form.draft() {
                Ok(d) => {
                    if d.id.is_none() {
                        self.select_number = Some(d.number.clone());
                    }
                    self.message = None;
                    self.push(actions, Pending::Save, CertWrite::Save(d));
                }
                Err(e) => self.message = Some(Err(e)),
            }
        }
    }

    // -----------------------------------------------------------------------------------------
    // a certificate

    fn detail_ui(&mut self, ui: &mut Ui, store: &Store, d: &CertificateDetail, actions: &mut Vec<Action>) {
        let r = &d.row;
        ui.label(theme::heading(format!("{} · {}", r.number, kind_label(r.kind))));
        ui.horizontal_wrapped(|ui| {
            ui.label(validity_badge(ui, r).strong());
            if ui.button(tr("Edit")).clicked() {
                self.form = Some(CertForm::edit(r));
                self.message = None;
            }
        });
        egui::Grid::new("certificate_fields")
            .num_columns(2)
            .spacing([10.0, 4.0])
            .show(ui, |ui| {
                let dash = |s: &str| {
                    if s.is_empty() {
                        "—".to_string()
                    } else {
                        s.to_string()
                    }
                };
                for (label, value) in [
                    (tr("Issuer"), dash(&r.issuer)),
                    (tr("Product group"), dash(&r.product_group)),
                    (tr("Valid from"), r.valid_from.to_string()),
                    (tr("Valid to"), r.valid_to.to_string()),
                    (tr("Comment"), dash(&r.comment)),
                ] {
                    ui.strong(label);
                    ui.label(value);
                    ui.end_row();
                }
            });
        self.files_ui(ui, store, d, actions);
        self.products_ui(ui, d, actions);
        self.link_ui(ui, store, d, actions);
    }

    fn files_ui(&mut self, ui: &mut Ui, store: &Store, d: &CertificateDetail, actions: &mut Vec<Action>) {
        section(ui, tr("Scans"));
        let cert_id = d.row.id;
        let mut show = None;
        let mut open = None;
        let mut remove = None;
        if d.files.is_empty() {
            hint(ui, tr("No scans yet"));
        } else {
            egui::Grid::new("certificate_files")
                .striped(true)
                .num_columns(5)
                .spacing([10.0, 4.0])
                .show(ui, |ui| {
                    for f in &d.files {
                        ui.label(&f.name);
                        ui.label(size_text(f.size));
                        ui.label(
                            RichText::new(format!("{} · {}", f.added_by, widgets::local_minute(f.added_at)))
                                .color(theme::muted(ui))
                                .small(),
                        )
                        .on_hover_text(format!("SHA-256 {}", f.sha256));
                        let (label, target) = if is_image(f) {
                            (tr("Show"), &mut show)
                        } else {
                            (tr("Open"), &mut open)
                        };
                        if ui
                            .button(label)
                            .accessible_name(format!("{label}: {}", f.name))
                            .clicked()
                        {
                            *target = Some(f.id);
                        }
                        if ui
                            .button(tr("Remove"))
                            .accessible_name(format!("{}: {}", tr("Remove"), f.name))
                            .clicked()
                        {
                            remove = Some(f.id);
                        }
                        ui.end_row();
                    }
                });
        }
        if let Some(id) = show {
            self.preview = Some(id);
        }
        if let Some(id) = open {
            self.message = Some(store.certificate_file(id).map_err(|e| e.to_string()).and_then(
                |(f, bytes)| {
                    let title = Path::new(&f.name)
                        .file_stem()
                        .map(|s| s.to_string_lossy().into_owned())
                        .unwrap_or_else(|| f.name.clone());
                    view_pdf(bytes, &title)
                },
            ));
        }
        if let Some(id) = remove {
            self.confirm_remove = Some(id);
        }
        if let Some(id) = self.confirm_remove
            && let Some(f) = d.files.iter().find(|f| f.id == id)
        {
            let mut answer = None;
            ui.horizontal_wrapped(|ui| {
                ui.colored_label(
                    theme::warning(ui),
                    format!(
                        "{} «{}»? {}",
                        tr("Remove the scan"),
                        f.name,
                        tr("The audit log keeps its name and hash.")
                    ),
                );
                if ui.button(tr("Yes, remove")).clicked() {
                    answer = Some(true);
                }
                if ui.button(tr("Keep")).clicked() {
                    answer = Some(false);
                }
            });
            match answer {
                Some(true) => self.push(actions, Pending::Remove, CertWrite::RemoveFile { file_id: id }),
                Some(false) => self.confirm_remove = None,
                None => {}
            }
        }
        ui.horizontal_wrapped(|ui| {
            if ui.button(tr("Add file…")).clicked()
                && let Some(paths) = rfd::FileDialog::new()
                    .add_filter(tr("Scans (PDF, PNG, JPEG)"), &["pdf", "png", "jpg", "jpeg"])
                    .pick_files()
            {
                for path in paths {
                    self.push(actions, Pending::Other, CertWrite::AttachPath { cert_id, path });
                }
            }
            hint(ui, tr("or drop PDF, PNG or JPEG scans on the window"));
        });

        // the photo preview
        let shown = self
            .preview
            .and_then(|id| d.files.iter().find(|f| f.id == id))
            .or_else(|| d.files.iter().rev().find(|f| is_image(f)));
        if let Some(f) = shown.filter(|f| is_image(f)) {
            widgets::photo(
                ui,
                &mut self.textures,
                f.id,
                &format!("certificate-file-{}", f.id),
                tr("Scan"),
                &f.name,
                600.0,
                || store.certificate_file(f.id).map(|(_, bytes)| bytes),
            );
        }
    }

    fn products_ui(&mut self, ui: &mut Ui, d: &CertificateDetail, actions: &mut Vec<Action>) {
        section(ui, &format!("{} ({})", tr("Products covered"), d.products.len()));
        if d.products.is_empty() {
            hint(
                ui,
                tr("No products linked yet: paste their SKUs or link them by a search below"),
            );
            return;
        }
        let mut unlink = None;
        egui::ScrollArea::vertical()
            .id_salt("certificate_products")
            .max_height(260.0)
            .show(ui, |ui| {
                egui::Grid::new("certificate_products_grid")
                    .striped(true)
                    .num_columns(3)
                    .spacing([10.0, 4.0])
                    .show(ui, |ui| {
                        for p in &d.products {
                            if ui.link(&p.sku).on_hover_text(tr("Open the product")).clicked() {
                                actions.push(Action::OpenProduct(p.id));
                            }
                            ui.label(&p.name);
                            if ui
                                .small_button(tr("Unlink"))
                                .accessible_name(format!("{}: {}", tr("Unlink"), p.sku))
                                .clicked()
                            {
                                unlink = Some(p.id);
                            }
                            ui.end_row();
                        }
                    });
            });
        if let Some(product_id) = unlink {
            self.push(
                actions,
                Pending::Other,
                CertWrite::Unlink {
                    cert_id: d.row.id,
                    product_id,
                },
            );
        }
    }

    fn link_ui(&mut self, ui: &mut Ui, store: &Store, d: &CertificateDetail, actions: &mut Vec<Action>) {
        section(ui, tr("Link products"));
        let cert_id = d.row.id;
        let l = ui.label(tr("Paste SKUs (one per line, or separated by commas)"));
        ui.add(
            TextEdit::multiline(&mut self.skus)
                .id_salt("certificate_skus")
                .desired_rows(3)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
        let skus = parse_sku_list(&self.skus);
        let text = if skus.is_empty() {
            tr("Link the SKUs").to_string()
        } else {
            format!("{} ({})", tr("Link the SKUs"), skus.len())
        };
        if ui
            .add_enabled(!skus.is_empty(), egui::Button::new(text))
            .accessible_name(tr("Link the SKUs"))
            .clicked()
        {
            self.push(actions, Pending::LinkSkus, CertWrite::LinkSkus { cert_id, skus });
        }

        ui.add_space(6.0);
        let r = ui
            .horizontal(|ui| {
                widgets::labeled_field(
                    ui,
                    "certificate_link_query",
                    tr("Link by filter"),
                    &mut self.link_query,
                    tr("SKU, EAN or part of the name"),
                    300.0,
                )
            })
            .inner;
        if r.changed() {
            self.link_hits = if self.link_query.trim().is_empty() {
                None
            } else {
                Some(find_products(store, &self.link_query))
            };
        }
        match &self.link_hits {
            None => {}
            Some(Err(e)) => {
                ui.colored_label(theme::danger(ui), e);
            }
            Some(Ok(hits)) if hits.is_empty() => {
                hint(ui, tr("No products found"));
            }
            Some(Ok(hits)) => {
                let linked: BTreeSet<i64> = d.products.iter().map(|p| p.id).collect();
                for p in hits.iter().take(12) {
                    let mut text = format!("{} · {}", p.sku, p.name);
                    if linked.contains(&p.id) {
                        text.push_str(&format!(" ({})", tr("linked")));
                    }
                    ui.label(RichText::new(text).color(theme::muted(ui)));
                }
                if hits.len() > 12 {
                    hint(ui, &format!("… {} {}", hits.len() - 12, tr("more")));
                }
                let ids: Vec<i64> = hits.iter().map(|p| p.id).collect();
                let label = format!("{} {} {}", tr("Link all"), ids.len(), tr("found"));
                if ui.button(label).clicked() {
                    self.push(
                        actions,
                        Pending::LinkFilter,
                        CertWrite::LinkProducts {
                            cert_id,
                            product_ids: ids,
                        },
                    );
                }
            }
        }
    }
}

/// The products a link filter finds, or why they are too many to link at once.
fn find_products(store: &Store, query: &str) -> Result<Vec<ProductRow>, String> {
    let hits = store
        .products(query.trim(), LINK_LIMIT + 1)
        .map_err(|e| e.to_string())?;
    if hits.len() > LINK_LIMIT {
        return Err(format!(
            "{} {LINK_LIMIT} {}",
            tr("More than"),
            tr("products found: narrow the search")
        ));
    }
    Ok(hits)
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

//! The egui desk: the app shell (navigation, global scan field, status bar) and one file per
//! panel. Panels draw from view models and return [`Action`]s; [`DeskApp::apply`] carries
//! every action out through the store, in one place, and routes the outcome back.

pub mod board;
pub mod certificates;
pub mod claim_stats;
pub mod claims;
pub mod contacts;
pub mod customers;
pub mod documents;
pub mod export;
pub mod import;
pub mod intake;
pub mod order_view;
pub mod print;
pub mod products;
pub mod returns;
pub mod settings;
pub mod theme;
pub mod widgets;

use crate::domain::customer::{Contract, Customer, DeliveryPoint};
use crate::domain::order::{Move, OrderDraft, OrderStatus};
use crate::domain::product::Product;
use crate::error::Error;
use crate::i18n::{self, Lang, tr};
use crate::store::{Found, Stamp, Store};
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The screens of the desk. Adding a panel: one variant here, one file in `ui/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum Route {
    #[default]
    Intake,
    Board,
    Customers,
    Products,
    Claims,
    Contacts,
    Documents,
    Certificates,
    Stats,
    Settings,
}

impl Route {
    pub const ALL: [Route; 10] = [
        Route::Intake,
        Route::Board,
        Route::Claims,
        Route::Contacts,
        Route::Documents,
        Route::Certificates,
        Route::Customers,
        Route::Products,
        Route::Stats,
        Route::Settings,
    ];
    pub fn label(self) -> &'static str {
        match self {
            Route::Intake => tr("Intake"),
            Route::Board => tr("Board"),
            Route::Customers => tr("Customers"),
            Route::Products => tr("Products"),
            Route::Claims => tr("Claims"),
            Route::Contacts => tr("Contacts"),
            Route::Documents => tr("Documents"),
            Route::Certificates => tr("Certificates"),
            Route::Stats => tr("Statistics"),
            Route::Settings => tr("Settings"),
        }
    }

    /// The function key that opens the screen.
    pub fn key(self) -> egui::Key {
        match self {
            Route::Intake => egui::Key::F5,
            Route::Board => egui::Key::F4,
            Route::Customers => egui::Key::F6,
            Route::Products => egui::Key::F7,
            Route::Settings => egui::Key::F8,
            Route::Claims => egui::Key::F9,
            Route::Contacts => egui::Key::F10,
            Route::Stats => egui::Key::F11,
            Route::Documents => egui::Key::F2,
            Route::Certificates => egui::Key::F12,
        }
    }
}

/// What a panel asks the app to do.
#[derive(Debug, Clone)]
pub enum Action {
    Go(Route),
    OpenOrder(i64),
    OpenCustomer(i64),
    OpenProduct(i64),
    SaveCustomer(Customer),
    SaveDeliveryPoint(DeliveryPoint),
    SaveContract(Contract),
    SaveProduct(Product),
    CreateOrder {
        draft: OrderDraft,
        wanted: OrderStatus,
    },
    /// Moves one or several orders (several: all or none, one transaction).
    Move(Vec<Move>),
    ImportProducts(PathBuf),
    /// Opens the order import dialog on a file (dropped, chosen, or Ctrl+I).
    ImportOrders(PathBuf),
    ImportCustomers(PathBuf),
    SetUser(String),
    SetLang(Lang),
    SetDark(bool),
    SaveSetting {
        key: &'static str,
        value: String,
    },
    BackupNow,
    Board(BoardAction),
    /// Printing: the print dialog, boxes, the print log, printing settings.
    Print(print::PrintAction),
    /// Shows a claim in the claims panel.
    OpenClaim(i64),
    /// Opens the claim register form on an order (`internal`: a picking-control error).
    NewClaim {
        order_id: i64,
        internal: bool,
    },
    /// The claims panel's writes.
    Claims(claims::ClaimWrite),
    /// The contact log's writes.
    Contacts(contacts::ContactWrite),
    /// Opens the return window on an order (from a claim: linked to it).
    OpenReturn {
        order_id: i64,
        claim_id: Option<i64>,
    },
    /// Records a return (the return window).
    RecordReturn(crate::domain::claim::ReturnDraft),
    /// The claims desk's settings (answer days, follow-up days, file size limit).
    SaveClaimSettings(crate::store::claims::ClaimSettings),
    /// Shows a document in the register.
    OpenDocument(i64),
    /// The document register's writes.
    Documents(documents::DocWrite),
    /// Shows a certificate.
    OpenCertificate(i64),
    /// The certificate base's writes.
    Certificates(certificates::CertWrite),
    /// Days for signed copies per kind and the certificates' warning days (Settings).
    SaveDocumentSettings {
        due: crate::domain::document::DueDays,
        warn_days: i64,
    },
}

/// The dispatcher's writes on the board besides moves.
#[derive(Debug, Clone)]
pub enum BoardAction {
    QueueReorder {
        id: i64,
        version: i64,
        index: usize,
    },
    QueueUrgent {
        id: i64,
        version: i64,
    },
    CreateWave {
        orders: Vec<(i64, i64)>,
    },
    LeaveWave {
        id: i64,
        version: i64,
    },
    MoveWave {
        id: i64,
        version: i64,
        to: OrderStatus,
        person: Option<String>,
    },
    SaveSla {
        calendar: crate::domain::calendar::WorkCalendar,
        targets: crate::domain::sla::Targets,
    },
}

/// What survives a restart on this workstation (never database rows).
#[derive(Debug, Clone, serde::Serialize, serde::Deserialize, Default)]
#[serde(default)]
pub struct Prefs {
    pub user: Option<String>,
    pub lang: Lang,
    pub dark: bool,
    pub route: Route,
    pub board_filter: board::BoardFilter,
}

const PREFS_KEY: &str = "docket-prefs";

/// A message in the status bar.
#[derive(Debug, Clone)]
pub struct Notice {
    pub text: String,
    pub error: bool,
    pub at: Instant,
}

/// The desk.
pub struct DeskApp {
    store: Option<Store>,
    open_error: Option<(String, Option<PathBuf>)>,
    db_path: PathBuf,
    pub prefs: Prefs,
    user_entry: String,
    search: String,
    search_focus: bool,
    notice: Option<Notice>,
    last_save: Option<chrono::DateTime<chrono::Local>>,
    data_version: i64,
    last_poll: Instant,
    intake: intake::IntakePanel,
    board: board::BoardPanel,
    customers: customers::CustomersPanel,
    products: products::ProductsPanel,
    settings: settings::SettingsPanel,
    claims: claims::ClaimsPanel,
    contacts: contacts::ContactsPanel,
    documents: documents::DocumentsPanel,
    certificates: certificates::CertificatesPanel,
    stats: claim_stats::StatsPanel,
    order: Option<order_view::OrderWindow>,
    /// Proposes registering the documents of orders just shipped.
    proposal: Option<documents::ProposalWindow>,
    /// The return window.
    returns: Option<returns::ReturnWindow>,
    /// The print dialog, over everything else while it is open.
    print: Option<print::PrintDialog>,
    /// The order import dialog.
    import: Option<import::ImportDialog>,
    /// For worker threads to wake the UI when they finish.
    ctx: Option<egui::Context>,
    fonts_installed: bool,
}

impl DeskApp {
    /// Opens the desk on a database file. A file that cannot be opened leaves the app on an
    /// error page that names the problem and the latest backup; nothing is overwritten.
    pub fn new(db_path: PathBuf, prefs: Prefs) -> Self {
        let (store, open_error) = match Store::open(&db_path) {
            Ok(s) => (Some(s), None),
            Err(e) => {
                let backup = crate::store::latest_backup(&db_path);
                (None, Some((e.to_string(), backup)))
            }
        };
        Self::with_store(store, open_error, db_path, prefs)
    }

    /// The desk on an already open store (tests).
    pub fn from_store(store: Store, prefs: Prefs) -> Self {
        let path = store.path().to_path_buf();
        Self::with_store(Some(store), None, path, prefs)
    }

    fn with_store(
        store: Option<Store>,
        open_error: Option<(String, Option<PathBuf>)>,
        db_path: PathBuf,
        prefs: Prefs,
    ) -> Self {
        i18n::set_lang(prefs.lang);
        let data_version = store.as_ref().and_then(|s| s.data_version().ok()).unwrap_or(0);
        DeskApp {
            store,
            open_error,
            db_path,
            user_entry: String::new(),
            search: String::new(),
            search_focus: false,
            notice: None,
            last_save: None,
            data_version,
            last_poll: Instant::now(),
            intake: intake::IntakePanel::default(),
            board: board::BoardPanel::default(),
            customers: customers::CustomersPanel::default(),
            products: products::ProductsPanel::default(),
            settings: settings::SettingsPanel::default(),
            claims: claims::ClaimsPanel::default(),
            contacts: contacts::ContactsPanel::default(),
            documents: documents::DocumentsPanel::default(),
            certificates: certificates::CertificatesPanel::default(),
            stats: claim_stats::StatsPanel::default(),
            order: None,
            proposal: None,
            returns: None,
            print: None,
            import: None,
            ctx: None,
            fonts_installed: false,
            prefs,
        }
    }

    pub fn store(&self) -> Option<&Store> {
        self.store.as_ref()
    }

    /// Late and at-risk orders on the board.
    pub fn board_counts(&self) -> (usize, usize) {
        self.board.counts()
    }

    /// Order numbers in a board column, top down (after filters).
    pub fn board_column(&self, status: OrderStatus) -> Vec<String> {
        self.board.column_numbers(status)
    }

    pub fn notice(&self) -> Option<&Notice> {
        self.notice.as_ref()
    }

    /// The print dialog is open.
    /// The import dialog, while open (tests).
    pub fn import_dialog(&mut self) -> Option<&mut import::ImportDialog> {
        self.import.as_mut()
    }

    pub fn print_dialog_open(&self) -> bool {
        self.print.is_some()
    }

    /// A print is under way on the worker thread.
    pub fn printing(&self) -> bool {
        self.print.as_ref().is_some_and(|p| p.busy())
    }

    fn stamp(&self) -> Stamp {
        Stamp::now(self.prefs.user.clone().unwrap_or_else(|| "?".into()))
    }

    fn say(&mut self, text: impl Into<String>, error: bool) {
        self.notice = Some(Notice {
            text: text.into(),
            error,
            at: Instant::now(),
        });
    }

    /// Every view reloads its data from the file at its next frame.
    fn mark_all_stale(&mut self) {
        self.intake.stale = true;
        self.board.stale = true;
        self.customers.stale = true;
        self.products.stale = true;
        self.claims.stale = true;
        self.contacts.stale = true;
        self.documents.stale = true;
        self.certificates.stale = true;
        self.stats.stale = true;
        if let Some(r) = &mut self.returns {
            r.stale = true;
        }
        if let Some(o) = &mut self.order {
            o.stale = true;
        }
        if let Some(p) = &mut self.print {
            p.stale = true;
        }
    }

    /// Another window (or program) committed to the file: refresh the views, keep selection.
    fn poll_other_writers(&mut self) {
        if self.last_poll.elapsed() < Duration::from_millis(500) {
            return;
        }
        self.last_poll = Instant::now();
        let Some(store) = &self.store else { return };
        if let Ok(v) = store.data_version()
            && v != self.data_version
        {
            self.data_version = v;
            self.mark_all_stale();
        }
    }

    /// Carries out one action through the store and routes the outcome back.
    pub fn apply(&mut self, action: Action) {
        let stamp = self.stamp();
        match action {
            Action::Go(r) => self.prefs.route = r,
            Action::SetUser(u) => {
                let u = u.trim().to_string();
                if !u.is_empty() {
                    self.prefs.user = Some(u);
                }
            }
            Action::SetLang(l) => {
                self.prefs.lang = l;
                i18n::set_lang(l);
            }
            Action::SetDark(d) => self.prefs.dark = d,
            Action::OpenOrder(id) => self.open_order(id),
            Action::OpenCustomer(id) => {
                self.prefs.route = Route::Customers;
                if let Some(s) = &self.store {
                    self.customers.select(s, id);
                }
            }
            Action::OpenProduct(id) => {
                self.prefs.route = Route::Products;
                if let Some(s) = &self.store {
                    self.products.select(s, id);
                }
            }
            Action::Print(print::PrintAction::Open { subject, what }) => {
                if !self.printing() {
                    self.print = Some(print::PrintDialog::new(subject, what));
                }
            }
            Action::Print(print::PrintAction::Start(request)) => self.start_print(request, &stamp),
            Action::OpenClaim(id) => {
                self.prefs.route = Route::Claims;
                if let Some(s) = &self.store {
                    self.claims.select(s, id);
                }
            }
            Action::NewClaim { order_id, internal } => {
                self.prefs.route = Route::Claims;
                if let Some(s) = &self.store {
                    self.claims.new_for(s, order_id, internal);
                }
            }
            Action::OpenDocument(id) => {
                self.prefs.route = Route::Documents;
                if let Some(s) = &self.store {
                    self.documents.select(s, id);
                }
            }
            Action::OpenCertificate(id) => {
                self.prefs.route = Route::Certificates;
                if let Some(s) = &self.store {
                    self.certificates.select(s, id);
                }
            }
            Action::OpenReturn { order_id, claim_id } => {
                if let Some(s) = &self.store {
                    match returns::ReturnWindow::open(s, order_id, claim_id) {
                        Ok(w) => self.returns = Some(w),
                        Err(e) => self.say(e.to_string(), true),
                    }
                }
            }
            Action::ImportOrders(path) => {
                if self.import.as_ref().is_none_or(|d| !d.busy()) {
                    self.import = Some(import::ImportDialog::open(
                        path,
                        self.db_path.clone(),
                        self.ctx.clone(),
                    ));
                }
            }
            Action::Print(print::PrintAction::Notice { text, error }) => self.say(text, error),
            other => {
                if matches!(other, Action::Board(BoardAction::SaveSla { .. })) {
                    self.board.reload = true; // every deadline changes
                }
                // a wave shipped proposes its orders' documents, as a shipped order does
                let shipped_wave = match &other {
                    Action::Board(BoardAction::MoveWave {
                        id,
                        to: OrderStatus::Shipped | OrderStatus::PickedUp,
                        ..
                    }) => Some(*id),
                    _ => None,
                };
                let Some(store) = self.store.as_mut() else { return };
                let result = apply_write(store, other, &stamp);
                match result {
                    Ok(outcome) => {
                        self.last_save = Some(chrono::Local::now());
                        self.data_version = store.data_version().unwrap_or(self.data_version);
                        if let Some(wave) = shipped_wave {
                            let ids: Vec<i64> = store
                                .picking_wave(wave)
                                .map(|w| w.orders.iter().map(|o| o.order_id).collect())
                                .unwrap_or_default();
                            match documents::ProposalWindow::open(store, &ids) {
                                Ok(w) => self.proposal = Some(w),
                                Err(e) => self.say(e.to_string(), true),
                            }
                        }
                        let msg = self.route_outcome(outcome);
                        self.say(msg, false);
                        self.mark_all_stale();
                    }
                    Err((kind, e)) => {
                        let msg = e.to_string();
                        match kind {
                            Kind::Customer => self.customers.failed(msg.clone()),
                            Kind::Product => self.products.failed(msg.clone()),
                            Kind::Order => self.intake.failed(msg.clone()),
                            Kind::Move => {
                                if let Some(o) = &mut self.order {
                                    o.failed(msg.clone());
                                }
                                self.board.failed(msg.clone());
                            }
                            Kind::Import(errors) => {
                                self.customers.import_errors = errors.clone();
                                self.products.import_errors = errors;
                            }
                            Kind::Print => {
                                if let Some(p) = &mut self.print {
                                    p.failed(msg.clone());
                                }
                            }
                            Kind::PrintSettings => self.settings.print_failed(msg.clone()),
                            Kind::Claims => self.claims.failed(msg.clone()),
                            Kind::ClaimSettings => self.settings.claims_failed(msg.clone()),
                            Kind::DocumentSettings => self.settings.documents_failed(msg.clone()),
                            Kind::Contacts => self.contacts.failed(msg.clone()),
                            Kind::Documents => {
                                if let Some(p) = &mut self.proposal {
                                    p.failed(msg.clone());
                                }
                                self.documents.failed(msg.clone());
                            }
                            Kind::Certificates => self.certificates.failed(msg.clone()),
                            Kind::Return => {
                                if let Some(r) = &mut self.returns {
                                    r.failed(msg.clone());
                                }
                            }
                            Kind::Other => {}
                        }
                        if matches!(e, Error::Conflict { .. } | Error::Moved { .. }) {
                            self.mark_all_stale();
                        }
                        self.say(msg, true);
                    }
                }
            }
        }
    }

    fn route_outcome(&mut self, outcome: Outcome) -> String {
        match outcome {
            Outcome::Customer(c) => {
                let m = format!("{}: {} {}", tr("Saved"), c.code, c.legal_name);
                self.customers.saved(c);
                m
            }
            Outcome::Point | Outcome::Contract => {
                self.customers.part_saved();
                tr("Saved").to_string()
            }
            Outcome::Product(p) => {
                let m = format!("{}: {} {}", tr("Saved"), p.sku, p.name);
                self.products.saved(p);
                m
            }
            Outcome::Order { id, number, status } => {
                self.intake.saved(id, &number, status);
                format!(
                    "{} {} {} «{}»",
                    tr("Order"),
                    number,
                    tr("saved as"),
                    i18n::status_label(status)
                )
            }
            Outcome::Moved { ids, to } => {
                // shipping proposes registering the orders' documents
                if matches!(to, OrderStatus::Shipped | OrderStatus::PickedUp)
                    && let Some(s) = &self.store
                {
                    match documents::ProposalWindow::open(s, &ids) {
                        Ok(w) => self.proposal = Some(w),
                        Err(e) => self.say(e.to_string(), true),
                    }
                }
                if let Some(o) = &self.order
                    && ids.contains(&o.detail.summary.id)
                {
                    self.open_order(o.detail.summary.id);
                }
                format!("{} {} → {}", ids.len(), tr("order(s)"), i18n::status_label(to))
            }
            Outcome::Imported(report) => {
                self.customers.import_errors.clear();
                self.products.import_errors.clear();
                format!(
                    "{} {}: {} {}, {} {}",
                    tr("Imported"),
                    report.file,
                    report.inserted,
                    tr("added"),
                    report.updated,
                    tr("updated")
                )
            }
            Outcome::Setting => tr("Saved").to_string(),
            Outcome::Board(msg) => {
                self.board.done(msg.clone());
                msg
            }
            Outcome::Backup(p) => format!("{}: {}", tr("Backup written"), p.display()),
            Outcome::Claims(msg) => {
                self.claims.done(msg.clone());
                msg
            }
            Outcome::Contacts(msg) => {
                self.contacts.done(msg.clone());
                msg
            }
            Outcome::Documents(msg) => {
                if let Some(p) = &mut self.proposal {
                    p.done(msg.clone());
                }
                self.documents.done(msg.clone());
                msg
            }
            Outcome::Certificates(msg) => {
                self.certificates.done(msg.clone());
                msg
            }
            Outcome::Return(msg) => {
                if let Some(r) = &mut self.returns {
                    r.done(msg.clone());
                }
                self.claims.done(msg.clone());
                msg
            }
            Outcome::Print(written) => match written {
                print::Written::Boxes(msg) => {
                    if let Some(p) = &mut self.print {
                        p.boxes_saved(msg.clone());
                    }
                    msg
                }
                print::Written::Recorded(msg) => msg,
                print::Written::Moved(msg) => {
                    if let Some(p) = &mut self.print {
                        p.done(msg.clone());
                    }
                    msg
                }
                print::Written::Settings => {
                    self.settings.print_saved();
                    tr("Saved").to_string()
                }
            },
        }
    }

    /// Builds the documents of a print from the store, here on the UI thread, and hands them
    /// to the worker; the dialog shows the progress and records each document once delivered.
    fn start_print(&mut self, request: print::Request, stamp: &Stamp) {
        let Some(store) = self.store.as_mut() else { return };
        let mut wrote = false;
        let built = print::build(store, &request, stamp, &mut wrote);
        if wrote {
            // boxes were assigned: the board and the order show them
            self.last_save = Some(chrono::Local::now());
            self.data_version = store.data_version().unwrap_or(self.data_version);
            self.mark_all_stale();
        }
        match built {
            Ok(parts) => {
                let ctx = self.print.as_ref().and_then(|p| p.context());
                let running = print::spawn(parts, ctx);
                if let Some(p) = &mut self.print {
                    p.started(running, wrote);
                }
                self.say(tr("Printing…"), false);
            }
            Err(e) => {
                let msg = e.to_string();
                if let Some(p) = &mut self.print {
                    p.failed(msg.clone());
                }
                self.say(msg, true);
            }
        }
    }

    fn open_order(&mut self, id: i64) {
        let Some(store) = &self.store else { return };
        match store.order(id) {
            Ok(d) => self.order = Some(order_view::OrderWindow::new(d)),
            Err(e) => self.say(e.to_string(), true),
        }
    }

    /// A signed copy scanned: marked received (one transaction), ticked in the register's
    /// batch list; a bad scan says why and changes nothing.
    fn receive_scan(&mut self, code: &str) {
        let stamp = self.stamp();
        let Some(store) = self.store.as_mut() else { return };
        self.prefs.route = Route::Documents;
        match store.receive_scan(code, &stamp) {
            Ok(r) => {
                self.last_save = Some(chrono::Local::now());
                self.data_version = store.data_version().unwrap_or(self.data_version);
                let msg = format!(
                    "{} {} {}: {}",
                    tr("Signed copy received:"),
                    r.code,
                    r.number,
                    r.customer_name
                );
                self.documents.scanned(code, Ok(r));
                self.mark_all_stale();
                self.say(msg, false);
            }
            Err(e) => {
                let msg = format!("{code}: {e}");
                self.documents.scanned(code, Err(e.to_string()));
                self.say(msg, true);
            }
        }
    }

    /// The global scan field: a USB scanner types a code and Enter.
    fn scan(&mut self) {
        let code = self.search.trim().to_string();
        if code.is_empty() {
            return;
        }
        let Some(store) = &self.store else { return };
        // a document's register code receives its signed copy (a stack is scanned one by one)
        if crate::domain::document::parse_register_code(&code).is_some() {
            self.receive_scan(&code);
            self.search.clear();
            self.search_focus = true;
            return;
        }
        // a claim number opens the claim; a box label's SSCC opens its order
        if let Ok(Some(id)) = store.claim_by_number(&code) {
            self.apply(Action::OpenClaim(id));
            self.search.clear();
            self.search_focus = true;
            return;
        }
        let found = match store.lookup(&code) {
            Ok(None) => store.order_by_scan(&code).map(|o| o.map(Found::Order)),
            other => other,
        };
        match found {
            Ok(Some(Found::Order(id))) => self.apply(Action::OpenOrder(id)),
            Ok(Some(Found::Product(id))) => self.apply(Action::OpenProduct(id)),
            Ok(Some(Found::Customer(id))) => self.apply(Action::OpenCustomer(id)),
            Ok(None) => self.say(format!("{} «{code}»", tr("Nothing found for")), true),
            Err(e) => self.say(e.to_string(), true),
        }
        self.search.clear();
        self.search_focus = true;
    }

    /// One frame of the desk. Called by eframe and by the kittest harness alike.
    pub fn ui(&mut self, ui: &mut egui::Ui) {
        if !self.fonts_installed {
            theme::install(ui.ctx(), self.prefs.dark);
            self.fonts_installed = true;
        }
        theme::apply_theme(ui.ctx(), self.prefs.dark);
        if self.store.is_none() {
            self.error_page(ui);
            return;
        }
        if self.prefs.user.is_none() {
            self.ask_user(ui);
            return;
        }
        self.poll_other_writers();
        ui.ctx().request_repaint_after(Duration::from_secs(1));
        if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, egui::Key::F3))
            || widgets::command_key(ui, egui::Key::K)
        {
            self.search_focus = true;
        }
        let mut actions = Vec::new();
        self.ctx = Some(ui.ctx().clone());
        // a file dropped on the window is an order file to import
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_path_buf())
                .collect()
        });
        if let Some(path) = dropped.into_iter().find(|p| import::importable(p)) {
            actions.push(Action::ImportOrders(path));
        }
        if self.print.is_none()
            && self.import.is_none()
            && widgets::command_key(ui, egui::Key::I)
            && let Some(path) = import::choose_file()
        {
            actions.push(Action::ImportOrders(path));
        }

        egui::Panel::top("top_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(theme::heading("Docket"));
                ui.add_space(16.0);
                let l = ui.label(tr("Search / scan"));
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.search)
                            .id_salt("global_scan")
                            .hint_text(tr("Scan or type an order number, EAN or SKU"))
                            .desired_width(380.0),
                    )
                    .labelled_by(l.id);
                if self.search_focus {
                    r.request_focus();
                    self.search_focus = false;
                }
                if r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter)) {
                    self.scan();
                }
            });
        });

        egui::Panel::bottom("status_bar").show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(format!("{}: {}", tr("Database"), self.db_path.display()));
                ui.separator();
                ui.label(format!(
                    "{}: {}",
                    tr("User"),
                    self.prefs.user.as_deref().unwrap_or("")
                ));
                ui.separator();
                let last = self
                    .last_save
                    .map_or_else(|| tr("not yet").to_string(), |t| t.format("%H:%M:%S").to_string());
                ui.label(format!("{}: {last}", tr("Last save")));
                if let Some(n) = &self.notice {
                    ui.separator();
                    let color = if n.error {
                        theme::danger(ui)
                    } else {
                        theme::success(ui)
                    };
                    ui.colored_label(color, &n.text);
                }
            });
        });

        egui::Panel::left("nav")
            .exact_size(theme::NAV_WIDTH)
            .show(ui, |ui| {
                ui.add_space(8.0);
                for r in Route::ALL {
                    if ui
                        .selectable_label(self.prefs.route == r, r.label())
                        .on_hover_text(r.key().name())
                        .clicked()
                    {
                        actions.push(Action::Go(r));
                    }
                }
            });
        for r in Route::ALL {
            if ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, r.key())) {
                actions.push(Action::Go(r));
            }
        }

        if let Some(d) = &mut self.import {
            let stamp = Stamp::now(self.prefs.user.clone().unwrap_or_else(|| "?".into()));
            let store = self.store.as_mut().expect("checked above");
            match d.show(ui.ctx(), store, &stamp) {
                import::Outcome::Open => {}
                import::Outcome::Closed => self.import = None,
                import::Outcome::Imported(msg) => {
                    self.import = None;
                    self.last_save = Some(chrono::Local::now());
                    self.say(msg, false);
                    self.mark_all_stale();
                }
            }
        }
        let store = self.store.as_ref().expect("checked above");
        // the print dialog first: its Enter and Esc come before the board's keys
        if let Some(p) = &mut self.print
            && !p.ui(ui.ctx(), store, &mut actions)
        {
            self.print = None;
        }
        if self.print.is_none()
            && let Some(o) = &self.order
        {
            o.shortcuts(ui, &mut actions);
        }
        self.board.blocked = self.print.is_some() || self.import.is_some();
        self.intake.blocked = self.print.is_some() || self.import.is_some();
        egui::CentralPanel::default().show(ui, |ui| match self.prefs.route {
            Route::Intake => self.intake.ui(ui, store, &mut actions),
            Route::Board => self
                .board
                .ui(ui, store, &mut self.prefs.board_filter, &mut actions),
            Route::Customers => self.customers.ui(ui, store, &mut actions),
            Route::Products => self.products.ui(ui, store, &mut actions),
            Route::Settings => self.settings.ui(ui, store, &self.prefs, &mut actions),
            Route::Claims => self.claims.ui(ui, store, &mut actions),
            Route::Contacts => self.contacts.ui(ui, store, &mut actions),
            Route::Documents => self.documents.ui(ui, store, &mut actions),
            Route::Certificates => self.certificates.ui(ui, store, &mut actions),
            Route::Stats => self.stats.ui(ui, store, &mut actions),
        });
        if let Some(r) = &mut self.returns
            && !r.ui(ui.ctx(), store, &mut actions)
        {
            self.returns = None;
        }

        if let Some(p) = &mut self.proposal
            && !p.ui(ui.ctx(), store, &mut actions)
        {
            self.proposal = None;
        }

        if let Some(order) = &mut self.order {
            let open = order.ui(ui.ctx(), store, &mut actions);
            if !open {
                self.order = None;
            }
        }

        for a in actions {
            self.apply(a);
        }
    }

    fn ask_user(&mut self, ui: &mut egui::Ui) {
        let mut done = false;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.vertical_centered(|ui| {
                ui.add_space(120.0);
                ui.label(theme::heading(tr("Who works at this workstation?")));
                ui.label(tr("Your name is recorded on every change you make."));
                ui.add_space(12.0);
                let l = ui.label(tr("Your name"));
                let r = ui
                    .add(egui::TextEdit::singleline(&mut self.user_entry).desired_width(280.0))
                    .labelled_by(l.id);
                r.request_focus();
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if ui.button(tr("Start")).clicked() || enter {
                    done = true;
                }
            });
        });
        if done {
            let u = std::mem::take(&mut self.user_entry);
            self.apply(Action::SetUser(u));
        }
    }

    fn error_page(&mut self, ui: &mut egui::Ui) {
        let mut open_backup = None;
        egui::CentralPanel::default().show(ui, |ui| {
            ui.add_space(60.0);
            ui.label(theme::heading(tr("Cannot open the database")));
            if let Some((msg, backup)) = &self.open_error {
                ui.colored_label(theme::danger(ui), msg);
                if let Some(b) = backup {
                    ui.add_space(8.0);
                    ui.label(format!("{}: {}", tr("Latest backup"), b.display()));
                    if ui.button(tr("Open the latest backup")).clicked() {
                        open_backup = Some(b.clone());
                    }
                }
            }
        });
        if let Some(b) = open_backup {
            *self = DeskApp::new(b, self.prefs.clone());
        }
    }
}

/// Which panel an error belongs to.
enum Kind {
    Customer,
    Product,
    Order,
    Move,
    /// An import refused: every problem, row by row.
    Import(Vec<String>),
    /// Boxes, the print log, moves after printing: shown in the print dialog.
    Print,
    /// The GS1 prefix and printers in Settings.
    PrintSettings,
    Claims,
    Contacts,
    Documents,
    Certificates,
    Return,
    /// The claims section of Settings.
    ClaimSettings,
    /// The documents section of Settings.
    DocumentSettings,
    Other,
}

enum Outcome {
    Customer(Customer),
    Point,
    Contract,
    Product(Product),
    Order {
        id: i64,
        number: String,
        status: OrderStatus,
    },
    Moved {
        ids: Vec<i64>,
        to: OrderStatus,
    },
    Imported(crate::import::ImportReport),
    Setting,
    Board(String),
    Backup(PathBuf),
    Print(print::Written),
    Claims(String),
    Contacts(String),
    Documents(String),
    Certificates(String),
    Return(String),
}

/// The writes, each one transaction in the store.
fn apply_write(store: &mut Store, action: Action, stamp: &Stamp) -> Result<Outcome, (Kind, Error)> {
    use Kind::*;
    match action {
        Action::SaveCustomer(c) => store
            .save_customer(&c, stamp)
            .map(Outcome::Customer)
            .map_err(|e| (Customer, e)),
        Action::SaveDeliveryPoint(d) => store
            .save_delivery_point(&d, stamp)
            .map(|_| Outcome::Point)
            .map_err(|e| (Customer, e)),
        Action::SaveContract(k) => store
            .save_contract(&k, stamp)
            .map(|_| Outcome::Contract)
            .map_err(|e| (Customer, e)),
        Action::SaveProduct(p) => store
            .save_product(&p, stamp)
            .map(Outcome::Product)
            .map_err(|e| (Product, e)),
        Action::CreateOrder { draft, wanted } => store
            .create_order(&draft, wanted, stamp)
            .map(|(id, number, status)| Outcome::Order { id, number, status })
            .map_err(|e| (Order, e)),
        Action::Move(moves) => store
            .move_orders(&moves, stamp)
            .map(|_| Outcome::Moved {
                ids: moves.iter().map(|m| m.id).collect(),
                to: moves.first().map(|m| m.to).unwrap_or_default(),
            })
            .map_err(|e| (Move, e)),
        Action::ImportProducts(p) => imported(crate::import::master::import_products(store, &p, stamp)),
        Action::ImportCustomers(p) => imported(crate::import::master::import_customers(store, &p, stamp)),
        Action::SaveSetting { key, value } => store
            .set_setting(key, &value, stamp)
            .map(|_| Outcome::Setting)
            .map_err(|e| (Other, e)),
        Action::Board(b) => board_write(store, b, stamp)
            .map(Outcome::Board)
            .map_err(|e| (Move, e)),
        Action::Print(p) => {
            let kind = match p {
                print::PrintAction::SaveGs1(_) | print::PrintAction::SaveSettings(_) => PrintSettings,
                _ => Print,
            };
            print::write(store, p, stamp)
                .map(Outcome::Print)
                .map_err(|e| (kind, e))
        }
        Action::Claims(w) => claims::write(store, w, stamp)
            .map(Outcome::Claims)
            .map_err(|e| (Claims, e)),
        Action::Contacts(w) => contacts::write(store, w, stamp)
            .map(Outcome::Contacts)
            .map_err(|e| (Contacts, e)),
        Action::Documents(w) => documents::write(store, w, stamp)
            .map(Outcome::Documents)
            .map_err(|e| (Documents, e)),
        Action::Certificates(w) => certificates::write(store, w, stamp)
            .map(Outcome::Certificates)
            .map_err(|e| (Certificates, e)),
        Action::RecordReturn(d) => store
            .record_return(&d, stamp)
            .map(|r| {
                Outcome::Return(format!(
                    "{} {}: {}",
                    tr("Return"),
                    r.number,
                    i18n::status_label(r.order_status)
                ))
            })
            .map_err(|e| (Return, e)),
        Action::SaveDocumentSettings { due, warn_days } => store
            .save_documents_settings(&due, warn_days, stamp)
            .map(|_| Outcome::Setting)
            .map_err(|e| (DocumentSettings, e)),
        Action::SaveClaimSettings(c) => store
            .save_claim_settings(&c, stamp)
            .map(|_| Outcome::Setting)
            .map_err(|e| (ClaimSettings, e)),
        Action::BackupNow => {
            let target = crate::store::manual_backup_path(store.path());
            store
                .backup_to(&target)
                .map(|_| Outcome::Backup(target))
                .map_err(|e| (Other, e))
        }
        _ => Err((Other, Error::msg("not a write"))),
    }
}

fn board_write(store: &mut Store, action: BoardAction, stamp: &Stamp) -> crate::Result<String> {
    use crate::store::board::keys;
    match action {
        BoardAction::QueueReorder { id, version, index } => {
            store.queue_reorder(id, version, index, stamp)?;
            Ok(format!("{} #{}", tr("Queue"), index + 1))
        }
        BoardAction::QueueUrgent { id, version } => {
            store.queue_urgent(id, version, stamp)?;
            Ok(tr("Urgent").to_string())
        }
        BoardAction::CreateWave { orders } => {
            let (_, number) = store.create_wave(&orders, "", stamp)?;
            Ok(format!(
                "{} {number}: {} {}",
                tr("Wave"),
                orders.len(),
                tr("order(s)")
            ))
        }
        BoardAction::LeaveWave { id, version } => {
            store.leave_wave(id, version, stamp)?;
            Ok(tr("Saved").to_string())
        }
        BoardAction::MoveWave {
            id,
            version,
            to,
            person,
        } => {
            let n = store.move_wave(id, version, to, person.as_deref(), stamp)?;
            Ok(format!("{} {} → {}", n, tr("order(s)"), i18n::status_label(to)))
        }
        BoardAction::SaveSla { calendar, targets } => {
            calendar.validate().map_err(Error::Message)?;
            if targets.answer_hours <= 0 || targets.ship_days <= 0 {
                return Err(Error::msg("targets must be at least 1 hour and 1 day"));
            }
            store.set_setting(keys::CALENDAR, &calendar, stamp)?;
            store.set_setting(keys::TARGETS, &targets, stamp)?;
            Ok(tr("Saved").to_string())
        }
    }
}

/// A refused import is an error listing its rows; nothing was written.
fn imported(result: crate::Result<crate::import::ImportReport>) -> Result<Outcome, (Kind, Error)> {
    match result {
        Ok(r) if r.ok() => Ok(Outcome::Imported(r)),
        Ok(r) => {
            let errors: Vec<String> = r.errors.iter().map(|e| e.to_string()).collect();
            let msg = format!(
                "{}: {}",
                tr("Nothing was imported"),
                errors.first().cloned().unwrap_or_default()
            );
            Err((Kind::Import(errors), Error::msg(msg)))
        }
        Err(e) => Err((Kind::Other, e)),
    }
}

impl eframe::App for DeskApp {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        DeskApp::ui(self, ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, PREFS_KEY, &self.prefs);
    }
}

/// Opens the desk window on `db`.
pub fn run_app(db: PathBuf, user: Option<String>, lang: Option<String>) -> crate::Result<()> {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(format!("Docket — {}", db.display()))
            .with_inner_size([1400.0, 880.0])
            .with_min_inner_size([900.0, 600.0]),
        ..Default::default()
    };
    eframe::run_native(
        "Docket",
        options,
        Box::new(move |cc| {
            let mut prefs: Prefs = cc
                .storage
                .and_then(|s| eframe::get_value(s, PREFS_KEY))
                .unwrap_or_default();
            if let Some(u) = user {
                prefs.user = Some(u);
            }
            if let Some(l) = lang.as_deref().and_then(Lang::parse) {
                prefs.lang = l;
            }
            theme::install(&cc.egui_ctx, prefs.dark);
            let app = DeskApp::new(db.clone(), prefs);
            if app.store.is_some() {
                // the automatic daily backup runs on its own connection, off the UI thread
                std::thread::spawn(move || {
                    if let Err(e) = Store::open_existing(&db)
                        .and_then(|s| crate::store::daily_backup(&s, chrono::Local::now().date_naive()))
                    {
                        eprintln!("docket: daily backup failed: {e}");
                    }
                });
            }
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| Error::msg(format!("cannot open the window: {e}")))
}

//! The order import dialog: a file dropped on the window (or chosen with "Import orders…",
//! Ctrl+I) is read off the UI thread with a progress bar and Cancel, then previewed: the
//! orders and lines found, every problem with row, column and reason, the column of each field
//! (changeable: the file is read again at once), the customer of a price list, the status the
//! orders get. "Save as profile" keeps the way of reading for this sender. Import lands
//! everything in one transaction on a worker thread; nothing is written before.

use super::{theme, widgets};
use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::import::grid::{Cell, column_letter};
use crate::import::mapping::{Field, Mapping};
use crate::import::orders::{Initial, Parsed, Profile, Settings};
use crate::print::Progress;
use crate::store::imports::Committed;
use crate::store::{Stamp, Store};
use egui::{Key, Ui};
use std::path::{Path, PathBuf};
use std::sync::{Arc, mpsc};

/// Work running on a worker thread.
struct Job<T> {
    progress: Arc<Progress>,
    rx: mpsc::Receiver<Result<T>>,
}

impl<T: Send + 'static> Job<T> {
    fn spawn(ctx: Option<egui::Context>, f: impl FnOnce(&Progress) -> Result<T> + Send + 'static) -> Job<T> {
        let progress = Arc::new(Progress::new());
        let (tx, rx) = mpsc::channel();
        let p = progress.clone();
        let lang = crate::i18n::lang();
        std::thread::spawn(move || {
            crate::i18n::set_lang(lang);
            let out = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| f(&p)))
                .unwrap_or_else(|_| Err(Error::msg("the file could not be read (internal error)")));
            let _ = tx.send(out);
            if let Some(ctx) = ctx {
                ctx.request_repaint();
            }
        });
        Job { progress, rx }
    }
}

enum State {
    Reading(Job<Parsed>),
    Preview(Box<Parsed>),
    Committing(Job<Committed>, Box<Parsed>),
    Failed(String),
}

/// What the dialog asks of the app.
pub enum Outcome {
    Open,
    Closed,
    /// Orders landed: the message for the status line.
    Imported(String),
}

pub struct ImportDialog {
    path: PathBuf,
    db: PathBuf,
    /// What the user set in the preview (wins over profiles and detection).
    settings: Settings,
    valid_only: bool,
    profile_name: String,
    profile_pattern: String,
    customer_code: String,
    message: Option<std::result::Result<String, String>>,
    state: State,
    /// The import landed: the message for the status line, until the app takes it.
    done: Option<String>,
}

impl ImportDialog {
    /// Starts reading `path` against the database at `db`.
    pub fn open(path: PathBuf, db: PathBuf, ctx: Option<egui::Context>) -> ImportDialog {
        let mut d = ImportDialog {
            profile_pattern: String::new(),
            profile_name: String::new(),
            customer_code: String::new(),
            path,
            db,
            settings: Settings::default(),
            valid_only: false,
            message: None,
            state: State::Failed(String::new()),
            done: None,
        };
        d.read(ctx);
        d
    }

    pub fn busy(&self) -> bool {
        matches!(self.state, State::Reading(_) | State::Committing(..))
    }

    /// The file's preview, once read.
    pub fn parsed(&self) -> Option<&Parsed> {
        match &self.state {
            State::Preview(p) => Some(p),
            _ => None,
        }
    }

    fn read(&mut self, ctx: Option<egui::Context>) {
        let (path, db, settings) = (self.path.clone(), self.db.clone(), self.settings.clone());
        self.state = State::Reading(Job::spawn(ctx, move |progress| {
            let store = Store::open(&db)?;
            crate::import::run::preview(&store, &path, &settings, None, progress)
        }));
    }

    /// Waits for the worker (tests: the UI would poll each frame).
    pub fn wait(&mut self) {
        loop {
            self.poll();
            if !self.busy() {
                return;
            }
            std::thread::sleep(std::time::Duration::from_millis(5));
        }
    }

    fn poll(&mut self) {
        match &mut self.state {
            State::Reading(job) => match job.rx.try_recv() {
                Ok(Ok(parsed)) => {
                    if self.profile_name.is_empty() {
                        self.profile_name = parsed.profile.clone().unwrap_or_default();
                    }
                    self.customer_code = parsed.settings.customer.clone().unwrap_or_default();
                    self.state = State::Preview(Box::new(parsed));
                }
                Ok(Err(Error::Cancelled)) => self.state = State::Failed(tr("Reading cancelled").into()),
                Ok(Err(e)) => self.state = State::Failed(e.to_string()),
                Err(mpsc::TryRecvError::Empty) => {}
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.state = State::Failed(tr("the file could not be read (internal error)").into())
                }
            },
            State::Committing(job, _) => {
                let got = match job.rx.try_recv() {
                    Ok(r) => r,
                    Err(mpsc::TryRecvError::Empty) => return,
                    Err(mpsc::TryRecvError::Disconnected) => Err(Error::msg("internal error")),
                };
                let State::Committing(_, parsed) =
                    std::mem::replace(&mut self.state, State::Failed(String::new()))
                else {
                    return;
                };
                match got {
                    Ok(c) => {
                        let mut msg = format!(
                            "{}: {} {} {} {} {}",
                            parsed.file,
                            tr("imported"),
                            c.orders.len(),
                            tr("orders with"),
                            c.lines,
                            tr("lines")
                        );
                        if !c.skipped.is_empty() {
                            msg.push_str(&format!(
                                "; {} {}",
                                c.skipped.len(),
                                tr("imported before, skipped")
                            ));
                        }
                        if c.rejected > 0 {
                            msg.push_str(&format!("; {} {}", c.rejected, tr("rejected")));
                        }
                        self.done = Some(msg);
                    }
                    Err(e) => {
                        self.message = Some(Err(e.to_string()));
                        self.state = State::Preview(parsed);
                    }
                }
            }
            _ => {}
        }
    }

    /// Applies a change of the column of one field and reads the file again.
    pub fn set_column(&mut self, field: Field, col: Option<usize>, ctx: Option<egui::Context>) {
        let Some(p) = self.parsed() else { return };
        let mut m: Mapping = p.settings.mapping.clone().unwrap_or_default();
        let header_row = p.header_row;
        m.set(field, col);
        self.settings.mapping = Some(m);
        self.settings.header_row = Some(header_row);
        self.read(ctx);
    }

    /// The profile to save from what is on screen.
    fn profile(&self) -> Option<Profile> {
        let p = self.parsed()?;
        let mut settings = p.settings.clone();
        // a profile fits every file of this sender: the header row may move in a price list
        if p.settings
            .mapping
            .as_ref()
            .is_some_and(|m| *m == Mapping::from_header(&p.header))
        {
            settings.mapping = None;
        }
        settings.header_row = None;
        Some(Profile {
            name: self.profile_name.trim().to_string(),
            signature: p.signature(),
            file_pattern: self.profile_pattern.trim().to_string(),
            settings,
            ..Default::default()
        })
    }

    fn commit(&mut self, ctx: Option<egui::Context>, stamp: Stamp) {
        let State::Preview(parsed) = std::mem::replace(&mut self.state, State::Failed(String::new())) else {
            return;
        };
        let (db, valid_only, path) = (self.db.clone(), self.valid_only, self.path.clone());
        let p = (*parsed).clone();
        self.message = None;
        self.state = State::Committing(
            Job::spawn(ctx, move |_| {
                let mut store = Store::open(&db)?;
                let c = store.commit_import(&p, valid_only, &stamp)?;
                if c.rejected > 0 {
                    let report = crate::import::run::default_report_path(&path);
                    // the report is a help, not part of the import: a read-only folder is fine
                    let _ = crate::import::orders::write_report(&path, &p, &report);
                }
                Ok(c)
            }),
            parsed,
        );
    }

    /// Draws the dialog; returns whether it stays open and what happened.
    pub fn show(&mut self, ctx: &egui::Context, store: &mut Store, stamp: &Stamp) -> Outcome {
        self.poll();
        if let Some(msg) = self.done.take() {
            return Outcome::Imported(msg);
        }
        if self.busy() {
            ctx.request_repaint_after(std::time::Duration::from_millis(50));
        }
        let free = ctx.memory(|m| m.focused().is_none());
        let escape = ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Escape));
        let enter = free && ctx.input_mut(|i| i.consume_key(egui::Modifiers::NONE, Key::Enter));
        let mut close = false;
        let mut import = enter && self.can_import();
        let mut reread = false;
        let mut change: Option<(Field, Option<usize>)> = None;
        let mut save_profile = false;
        let max_h = (ctx.content_rect().height() - 140.0).max(240.0);
        egui::Modal::new(egui::Id::unique("import_dialog")).show(ctx, |ui| {
            ui.set_width(900.0_f32.min(ctx.content_rect().width() - 40.0));
            ui.label(theme::heading(format!(
                "{}: {}",
                tr("Import orders"),
                self.path
                    .file_name()
                    .map(|f| f.to_string_lossy())
                    .unwrap_or_default()
            )));
            egui::ScrollArea::vertical()
                .id_salt("import_body")
                .max_height(max_h - 100.0)
                .show(ui, |ui| match &self.state {
                    State::Reading(Job { progress, .. }) | State::Committing(Job { progress, .. }, _) => {
                        let (done, total) = progress.get();
                        let f = if total == 0 {
                            0.0
                        } else {
                            done as f32 / total as f32
                        };
                        ui.label(if matches!(self.state, State::Reading(_)) {
                            tr("Reading the file…")
                        } else {
                            tr("Importing…")
                        });
                        ui.horizontal(|ui| {
                            ui.add(
                                egui::ProgressBar::new(f.clamp(0.0, 1.0))
                                    .desired_width(600.0)
                                    .show_percentage(),
                            );
                            if matches!(self.state, State::Reading(_))
                                && ui.button(tr("Cancel")).on_hover_text("Esc").clicked()
                            {
                                progress.cancel();
                            }
                        });
                    }
                    State::Failed(m) => {
                        widgets::feedback(ui, &Some(Err(m.clone())));
                    }
                    State::Preview(p) => {
                        preview_ui(ui, p, &mut change, &mut reread);
                    }
                });
            ui.separator();
            if let State::Preview(p) = &self.state {
                // what the options show: small, not the whole preview each frame
                let (settings, csv) = (p.settings.clone(), p.format.starts_with("CSV"));
                self.options_ui(ui, &settings, csv, &mut save_profile, &mut reread);
            }
            widgets::feedback(ui, &self.message);
            ui.horizontal(|ui| {
                if let State::Preview(p) = &self.state {
                    let n = if self.valid_only {
                        p.valid_orders().count()
                    } else {
                        p.orders.iter().filter(|o| o.existing.is_none()).count()
                    };
                    let label = format!("{} {} {}", tr("Import"), n, tr("orders"));
                    if ui
                        .add_enabled(self.can_import(), egui::Button::new(label))
                        .on_hover_text("Enter")
                        .clicked()
                    {
                        import = true;
                    }
                }
                if matches!(self.state, State::Committing(..)) {
                    ui.label(tr("Importing…"));
                }
                if !self.busy() && ui.button(tr("Close")).on_hover_text("Esc").clicked() {
                    close = true;
                }
            });
        });
        if escape {
            match &self.state {
                State::Reading(job) => job.progress.cancel(),
                State::Committing(..) => {}
                _ => close = true,
            }
        }
        if let Some((f, c)) = change {
            self.set_column(f, c, Some(ctx.clone()));
        } else if reread {
            self.read(Some(ctx.clone()));
        }
        if save_profile && let Some(p) = self.profile() {
            let existing = store
                .import_profiles()
                .ok()
                .and_then(|all| all.into_iter().find(|e| e.name.eq_ignore_ascii_case(&p.name)));
            let p = match existing {
                Some(e) => Profile {
                    id: e.id,
                    version: e.version,
                    ..p
                },
                None => p,
            };
            self.message = Some(match store.save_import_profile(&p, stamp) {
                Ok(_) => Ok(format!("{}: {}", tr("Profile saved"), p.name)),
                Err(e) => Err(e.to_string()),
            });
        }
        if import && self.can_import() {
            self.commit(Some(ctx.clone()), stamp.clone());
        }
        if close && !self.busy() {
            Outcome::Closed
        } else {
            Outcome::Open
        }
    }

    fn can_import(&self) -> bool {
        match &self.state {
            State::Preview(p) => {
                let valid = p.valid_orders().count();
                valid > 0 && (self.valid_only || (p.problem_count == 0 && p.orders.iter().all(|o| o.valid())))
            }
            _ => false,
        }
    }

    fn options_ui(&mut self, ui: &mut Ui, current: &Settings, csv: bool, save: &mut bool, reread: &mut bool) {
        egui::Grid::new("import_options")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(tr("Customer of the whole file"));
                let r = ui
                    .add(
                        egui::TextEdit::singleline(&mut self.customer_code)
                            .hint_text(tr("code or tax id; empty: from the file"))
                            .desired_width(260.0),
                    )
                    .labelled_by(l.id);
                if r.lost_focus() {
                    let code = self.customer_code.trim();
                    let new = (!code.is_empty()).then(|| code.to_string());
                    if new != current.customer {
                        self.settings.customer = new;
                        *reread = true;
                    }
                }
                ui.end_row();
                if csv {
                    let l = ui.label(tr("Encoding"));
                    ui.horizontal(|ui| {
                        let mut enc = current.encoding;
                        egui::ComboBox::from_id_salt("import_encoding")
                            .selected_text(enc.map_or("—", |e| e.name()))
                            .show_ui(ui, |ui| {
                                for e in crate::import::decode::Encoding::ALL {
                                    ui.selectable_value(&mut enc, Some(e), e.name());
                                }
                            })
                            .response
                            .labelled_by(l.id);
                        let mut sep = current.separator;
                        let name = |c: char| {
                            if c == '\t' {
                                "tab".to_string()
                            } else {
                                c.to_string()
                            }
                        };
                        let sl = ui.label(tr("separator"));
                        egui::ComboBox::from_id_salt("import_separator")
                            .selected_text(sep.map_or("—".into(), name))
                            .show_ui(ui, |ui| {
                                for c in [';', ',', '\t', '|'] {
                                    ui.selectable_value(&mut sep, Some(c), name(c));
                                }
                            })
                            .response
                            .labelled_by(sl.id);
                        if enc != current.encoding || sep != current.separator {
                            self.settings.encoding = enc;
                            self.settings.separator = sep;
                            self.settings.mapping = None;
                            self.settings.header_row = None;
                            *reread = true;
                        }
                    });
                    ui.end_row();
                }
                ui.label(tr("Imported orders become"));
                ui.horizontal(|ui| {
                    let mut initial = current.initial.unwrap_or_default();
                    ui.radio_value(
                        &mut initial,
                        Initial::AwaitingConfirmation,
                        tr("awaiting confirmation"),
                    );
                    ui.radio_value(&mut initial, Initial::Draft, tr("drafts"));
                    if initial != current.initial.unwrap_or_default() {
                        self.settings.initial = Some(initial);
                        *reread = true;
                    }
                });
                ui.end_row();
                ui.label("");
                ui.checkbox(
                    &mut self.valid_only,
                    tr("Import only the valid orders (the rejected rows go to a report beside the file)"),
                );
                ui.end_row();
                widgets::text_row(ui, tr("Profile name"), &mut self.profile_name);
                let l = ui.label(tr("Profile applies to file names containing"));
                ui.horizontal(|ui| {
                    ui.add(egui::TextEdit::singleline(&mut self.profile_pattern).desired_width(260.0))
                        .labelled_by(l.id);
                    if ui
                        .add_enabled(
                            !self.profile_name.trim().is_empty(),
                            egui::Button::new(tr("Save as profile")),
                        )
                        .clicked()
                    {
                        *save = true;
                    }
                });
                ui.end_row();
            });
    }
}

fn preview_ui(ui: &mut Ui, p: &Parsed, change: &mut Option<(Field, Option<usize>)>, _reread: &mut bool) {
    let valid = p.valid_orders().count();
    let before = p.orders.iter().filter(|o| o.existing.is_some()).count();
    ui.label(format!("{} · {} {}", p.format, tr("header on row"), p.header_row));
    if let Some(name) = &p.profile {
        ui.label(format!("{}: {name}", tr("Profile applied")));
    }
    ui.label(format!(
        "{} {} · {} {} · {} {} · {} {}",
        p.orders.len(),
        tr("orders found"),
        p.line_count(),
        tr("lines"),
        valid,
        tr("valid"),
        before,
        tr("imported before")
    ));
    if p.rows_without_quantity > 0 {
        ui.label(format!(
            "{} {}",
            p.rows_without_quantity,
            tr("rows without a quantity were left out")
        ));
    }

    // the columns
    ui.label(theme::heading(tr("Columns")));
    let mapping = p.settings.mapping.clone().unwrap_or_default();
    let columns: Vec<String> = (0..p
        .header
        .len()
        .max(p.sample.iter().map(|r| r.cells.len()).max().unwrap_or(0)))
        .map(|c| match p.header.get(c).filter(|h| !h.is_empty()) {
            Some(h) => format!("{} ({h})", column_letter(c)),
            None => column_letter(c),
        })
        .collect();
    egui::Grid::new("import_mapping")
        .num_columns(4)
        .spacing([10.0, 4.0])
        .show(ui, |ui| {
            for (i, f) in Field::ALL.iter().enumerate() {
                let current = mapping.get(*f);
                let l = ui.label(tr(f.label()));
                let shown = current
                    .and_then(|c| columns.get(c).cloned())
                    .unwrap_or_else(|| "—".into());
                let mut chosen = current;
                egui::ComboBox::from_id_salt(("import_col", i))
                    .selected_text(shown)
                    .width(200.0)
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut chosen, None, "—");
                        for (c, name) in columns.iter().enumerate() {
                            ui.selectable_value(&mut chosen, Some(c), name);
                        }
                    })
                    .response
                    .labelled_by(l.id);
                if chosen != current {
                    *change = Some((*f, chosen));
                }
                if i % 2 == 1 {
                    ui.end_row();
                }
            }
        });

    // the file as it is
    ui.collapsing(tr("Rows of the file"), |ui| {
        egui::Grid::new("import_sample").striped(true).show(ui, |ui| {
            ui.label(p.header_row.to_string());
            for h in &p.header {
                ui.strong(h);
            }
            ui.end_row();
            for r in p.sample.iter().take(12) {
                ui.label(r.number.to_string());
                for c in &r.cells {
                    ui.label(match c {
                        Cell::Empty => String::new(),
                        c => c.text(),
                    });
                }
                ui.end_row();
            }
        });
    });

    // the orders
    if !p.orders.is_empty() {
        ui.label(theme::heading(tr("Orders")));
        egui::Grid::new("import_orders").striped(true).show(ui, |ui| {
            for h in [
                tr("Sender's number"),
                tr("Customer"),
                tr("Lines"),
                tr("Units"),
                tr("State"),
            ] {
                ui.strong(h);
            }
            ui.end_row();
            for o in p.orders.iter().take(200) {
                ui.label(&o.external_no);
                ui.label(&o.customer);
                ui.label(o.lines.len().to_string());
                ui.label(o.units().to_string());
                if let Some(n) = &o.existing {
                    ui.label(format!("{} {n}", tr("imported before as")));
                } else if o.valid() {
                    ui.colored_label(theme::success(ui), tr("ok"));
                } else {
                    ui.colored_label(theme::danger(ui), tr("has problems"));
                }
                ui.end_row();
            }
        });
        if p.orders.len() > 200 {
            ui.label(format!("… {} {}", p.orders.len() - 200, tr("more")));
        }
    }

    // the problems
    if p.problem_count > 0 {
        ui.label(theme::heading(format!(
            "{} ({})",
            tr("Problems"),
            p.problem_count
        )));
        for pr in p.problems.iter().take(300) {
            let place = if pr.column.is_empty() {
                format!("{} {}", tr("row"), pr.row)
            } else {
                format!("{} {}, {} {}", tr("row"), pr.row, tr("column"), pr.column)
            };
            ui.colored_label(theme::danger(ui), format!("{place}: {}", pr.reason));
        }
        if p.problem_count > 300 {
            ui.label(format!("… {} {}", p.problem_count - 300, tr("more")));
        }
    }
    for n in p.notes.iter().take(20) {
        ui.label(n);
    }
}

/// The file chooser of "Import orders…".
pub fn choose_file() -> Option<PathBuf> {
    rfd::FileDialog::new()
        .add_filter(
            tr("Orders"),
            &["csv", "txt", "xlsx", "xlsm", "xls", "xlsb", "ods"],
        )
        .pick_file()
}

/// Whether a dropped file looks like something to import.
pub fn importable(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .is_some_and(|e| ["csv", "txt", "tsv", "xlsx", "xlsm", "xls", "xlsb", "ods"].contains(&e.as_str()))
}

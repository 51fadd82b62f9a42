//! Settings of this workstation (language, theme, user) and of the desk (company, printing,
//! deadlines, backups).

use super::print::{PrintAction, choice, kind_label, size_label, size_of_media, thermal};
use super::{Action, BoardAction, Prefs, theme, widgets};
use crate::domain::calendar::{WorkCalendar, format_date_list, parse_date_list};
use crate::domain::document::{DocKind, DueDays};
use crate::domain::sla::Targets;
use crate::domain::sscc::Gs1Prefix;
use crate::i18n::{Lang, tr};
use crate::print::labels::LabelSize;
use crate::print::output::{self, PrinterInfo};
use crate::print::registry::doc_kind_label;
use crate::store::claims::ClaimSettings;
use crate::store::{PrintKind, PrintSettings, Store, settings::keys};
use std::sync::mpsc::Receiver;

/// The deadline settings as typed.
#[derive(Default)]
struct SlaForm {
    workdays: [bool; 7],
    day_start: String,
    day_end: String,
    holidays: String,
    extra_days: String,
    answer_hours: String,
    ship_days: String,
    message: Option<Result<String, String>>,
}

impl SlaForm {
    fn load(cal: &WorkCalendar, t: &Targets) -> Self {
        SlaForm {
            workdays: cal.workdays,
            day_start: cal.day_start.format("%H:%M").to_string(),
            day_end: cal.day_end.format("%H:%M").to_string(),
            holidays: format_date_list(&cal.holidays),
            extra_days: format_date_list(&cal.extra_workdays),
            answer_hours: t.answer_hours.to_string(),
            ship_days: t.ship_days.to_string(),
            message: None,
        }
    }

    fn parse(&self) -> Result<(WorkCalendar, Targets), String> {
        let time = |label: &str, s: &str| {
            chrono::NaiveTime::parse_from_str(s.trim(), "%H:%M")
                .map_err(|_| format!("{label}: «{s}» {}", tr("is not a time like 09:00")))
        };
        let number = |label: &str, s: &str| {
            s.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| format!("{label}: «{s}» {}", tr("is not a whole number above 0")))
        };
        let cal = WorkCalendar {
            workdays: self.workdays,
            day_start: time(tr("Working day starts"), &self.day_start)?,
            day_end: time(tr("Working day ends"), &self.day_end)?,
            holidays: parse_date_list(&self.holidays).map_err(|e| format!("{}: {e}", tr("Holidays")))?,
            extra_workdays: parse_date_list(&self.extra_days)
                .map_err(|e| format!("{}: {e}", tr("Extra working days")))?,
        };
        cal.validate()?;
        let targets = Targets {
            answer_hours: number(tr("Answer within, working hours"), &self.answer_hours)?,
            ship_days: number(tr("Ship within, working days"), &self.ship_days)?,
        };
        Ok((cal, targets))
    }
}

/// Which part of the printing settings a save came from (its answer is shown there).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum PrintPart {
    #[default]
    Gs1,
    Printers,
}

/// The system's printers, read on a thread of their own (lpstat may be slow or hang).
type PrinterList = Result<Vec<PrinterInfo>, String>;

/// The printing settings as edited.
struct PrintForm {
    extension: String,
    company_prefix: String,
    settings: PrintSettings,
    /// Media typed per kind (saved when the field is left).
    media: Vec<String>,
    printers: Option<PrinterList>,
    loading: Option<Receiver<PrinterList>>,
    saving: PrintPart,
    gs1_message: Option<Result<String, String>>,
    message: Option<Result<String, String>>,
    reload: bool,
}

impl PrintForm {
    fn load(store: &Store) -> PrintForm {
        let prefix = store.gs1_prefix().ok().flatten();
        let mut form = PrintForm {
            extension: prefix
                .as_ref()
                .map(|p| p.extension.to_string())
                .unwrap_or_default(),
            company_prefix: prefix.map(|p| p.company_prefix).unwrap_or_default(),
            settings: PrintSettings::default(),
            media: Vec::new(),
            printers: None,
            loading: None,
            saving: PrintPart::Gs1,
            gs1_message: None,
            message: None,
            reload: true,
        };
        form.reload_settings(store);
        form.refresh_printers();
        form
    }

    fn reload_settings(&mut self, store: &Store) {
        self.reload = false;
        self.settings = store.print_settings().unwrap_or_default();
        self.media = PrintKind::ALL
            .iter()
            .map(|k| choice(&self.settings, *k).media)
            .collect();
    }

    /// Asks the system for its printers again, off the UI thread.
    fn refresh_printers(&mut self) {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let _ = tx.send(output::printers().map_err(|e| e.to_string()));
        });
        self.loading = Some(rx);
    }

    fn poll_printers(&mut self, ui: &egui::Ui) {
        let Some(rx) = &self.loading else { return };
        match rx.try_recv() {
            Ok(list) => {
                self.printers = Some(list);
                self.loading = None;
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                ui.ctx()
                    .request_repaint_after(std::time::Duration::from_millis(200));
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => self.loading = None,
        }
    }

    /// The prefix as typed, checked.
    fn gs1(&self) -> Result<Gs1Prefix, String> {
        let ext = self.extension.trim();
        let extension = match ext.parse::<u8>() {
            Ok(d) if ext.len() == 1 => d,
            _ => {
                return Err(format!(
                    "{}: «{ext}» {}",
                    tr("Extension digit"),
                    tr("is not one digit 0-9")
                ));
            }
        };
        let prefix = Gs1Prefix::new(extension, self.company_prefix.trim());
        prefix
            .validate()
            .map_err(|e| format!("{}: {}", tr("GS1 company prefix"), e.message))?;
        Ok(prefix)
    }
}

#[derive(Default)]
pub struct SettingsPanel {
    sla: Option<SlaForm>,
    loaded: bool,
    user: String,
    company_name: String,
    company_address: String,
    printing: Option<PrintForm>,
    claims: Option<ClaimsForm>,
    documents: Option<DocumentsForm>,
}

/// The documents and certificates section as typed: days for the signed copy per kind, and
/// the days before a certificate's end when it warns.
struct DocumentsForm {
    due: Vec<(DocKind, String)>,
    warn_days: String,
    message: Option<Result<String, String>>,
}

impl DocumentsForm {
    fn load(store: &Store) -> Self {
        let due = store.document_due_days().unwrap_or_default().filled();
        DocumentsForm {
            due: DocKind::ALL
                .iter()
                .map(|&k| (k, due.days(k).to_string()))
                .collect(),
            warn_days: store
                .certificate_warn_days()
                .unwrap_or(crate::domain::certificate::DEFAULT_WARN_DAYS)
                .to_string(),
            message: None,
        }
    }

    fn parse(&self) -> Result<(DueDays, i64), String> {
        let num = |label: &str, text: &str| {
            text.trim()
                .parse::<i64>()
                .map_err(|_| format!("{label}: «{}» {}", text.trim(), tr("is not a whole number")))
        };
        let mut due = DueDays::default();
        for (k, text) in &self.due {
            due.0.insert(*k, num(doc_kind_label(*k), text)?);
        }
        due.validate().map_err(|e| e.to_string())?;
        let warn = num(tr("Warn before a certificate ends, days"), &self.warn_days)?;
        if !(1..=365).contains(&warn) {
            return Err(format!(
                "{}: {}",
                tr("Warn before a certificate ends, days"),
                tr("between 1 and 365")
            ));
        }
        Ok((due, warn))
    }
}

/// The claims section as typed.
struct ClaimsForm {
    answer_days: String,
    follow_up_days: String,
    attachment_mb: String,
    message: Option<Result<String, String>>,
}

impl ClaimsForm {
    fn load(s: &ClaimSettings) -> Self {
        ClaimsForm {
            answer_days: s.answer_days.to_string(),
            follow_up_days: s.follow_up_days.to_string(),
            attachment_mb: s.attachment_mb.to_string(),
            message: None,
        }
    }

    fn parse(&self) -> Result<ClaimSettings, String> {
        let num = |label: &str, text: &str| {
            text.trim()
                .parse::<i64>()
                .map_err(|_| format!("{label}: «{}» {}", text.trim(), tr("is not a whole number")))
        };
        let s = ClaimSettings {
            answer_days: num(tr("Answer a claim within, working days"), &self.answer_days)?,
            follow_up_days: num(
                tr("Follow-up call after closing, working days"),
                &self.follow_up_days,
            )?,
            attachment_mb: num(tr("Largest file kept with a claim, MB"), &self.attachment_mb)?,
        };
        s.validate().map_err(|e| e.to_string())?;
        Ok(s)
    }
}

impl SettingsPanel {
    /// A printing setting was saved.
    pub fn print_saved(&mut self) {
        if let Some(f) = &mut self.printing {
            let ok = Some(Ok(tr("Saved").to_string()));
            match f.saving {
                PrintPart::Gs1 => f.gs1_message = ok,
                PrintPart::Printers => f.message = ok,
            }
            f.reload = true;
        }
    }

    /// The documents settings were refused.
    pub fn documents_failed(&mut self, msg: String) {
        if let Some(f) = &mut self.documents {
            f.message = Some(Err(msg));
        }
    }

    fn documents_ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        let form = self.documents.get_or_insert_with(|| DocumentsForm::load(store));
        ui.label(theme::heading(tr("Documents and certificates")));
        ui.label(tr(
            "Days for the signed copy of each kind of document, counted from sending (0: no signed copy is expected).",
        ));
        egui::Grid::new("documents_settings")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                for (k, text) in &mut form.due {
                    widgets::text_row(ui, doc_kind_label(*k), text);
                }
                widgets::text_row(
                    ui,
                    tr("Warn before a certificate ends, days"),
                    &mut form.warn_days,
                );
            });
        widgets::feedback(ui, &form.message);
        if ui.button(tr("Save document settings")).clicked() {
            match form.parse() {
                Ok((due, warn_days)) => {
                    form.message = Some(Ok(tr("Saved").to_string()));
                    actions.push(Action::SaveDocumentSettings { due, warn_days });
                }
                Err(e) => form.message = Some(Err(e)),
            }
        }
    }

    /// The claims settings were refused.
    pub fn claims_failed(&mut self, msg: String) {
        if let Some(f) = &mut self.claims {
            f.message = Some(Err(msg));
        }
    }

    fn claims_ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        let form = self
            .claims
            .get_or_insert_with(|| ClaimsForm::load(&store.claim_settings().unwrap_or_default()));
        ui.label(theme::heading(tr("Claims")));
        ui.label(tr(
            "A customer's contract can set its own claim days; these apply when it does not.",
        ));
        egui::Grid::new("claims_settings")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                widgets::text_row(
                    ui,
                    tr("Answer a claim within, working days"),
                    &mut form.answer_days,
                );
                widgets::text_row(
                    ui,
                    tr("Follow-up call after closing, working days"),
                    &mut form.follow_up_days,
                );
                widgets::text_row(
                    ui,
                    tr("Largest file kept with a claim, MB"),
                    &mut form.attachment_mb,
                );
            });
        widgets::feedback(ui, &form.message);
        if ui.button(tr("Save claim settings")).clicked() {
            match form.parse() {
                Ok(s) => {
                    form.message = Some(Ok(tr("Saved").to_string()));
                    actions.push(Action::SaveClaimSettings(s));
                }
                Err(e) => form.message = Some(Err(e)),
            }
        }
    }

    /// A printing setting was refused.
    pub fn print_failed(&mut self, msg: String) {
        if let Some(f) = &mut self.printing {
            match f.saving {
                PrintPart::Gs1 => f.gs1_message = Some(Err(msg)),
                PrintPart::Printers => f.message = Some(Err(msg)),
            }
            f.reload = true;
        }
    }

    pub fn ui(&mut self, ui: &mut egui::Ui, store: &Store, prefs: &Prefs, actions: &mut Vec<Action>) {
        egui::ScrollArea::vertical()
            .id_salt("settings_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| self.body(ui, store, prefs, actions));
    }

    fn body(&mut self, ui: &mut egui::Ui, store: &Store, prefs: &Prefs, actions: &mut Vec<Action>) {
        if !self.loaded {
            self.loaded = true;
            self.user = prefs.user.clone().unwrap_or_default();
            self.company_name = store
                .setting(keys::COMPANY_NAME)
                .ok()
                .flatten()
                .unwrap_or_default();
            self.company_address = store
                .setting(keys::COMPANY_ADDRESS)
                .ok()
                .flatten()
                .unwrap_or_default();
        }
        ui.label(theme::heading(tr("Settings")));
        egui::Grid::new("settings")
            .num_columns(2)
            .spacing([12.0, 8.0])
            .show(ui, |ui| {
                let l = ui.label(tr("Language"));
                ui.horizontal(|ui| {
                    for lang in Lang::ALL {
                        if ui.selectable_label(prefs.lang == lang, lang.name()).clicked() {
                            actions.push(Action::SetLang(lang));
                        }
                    }
                })
                .response
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(tr("Theme"));
                ui.horizontal(|ui| {
                    if ui.selectable_label(!prefs.dark, tr("Light")).clicked() {
                        actions.push(Action::SetDark(false));
                    }
                    if ui.selectable_label(prefs.dark, tr("Dark")).clicked() {
                        actions.push(Action::SetDark(true));
                    }
                })
                .response
                .labelled_by(l.id);
                ui.end_row();
                let r = widgets::text_row(ui, tr("Workstation user"), &mut self.user);
                if r.lost_focus() {
                    actions.push(Action::SetUser(self.user.clone()));
                }
                let r = widgets::text_row(ui, tr("Company name (sender on labels)"), &mut self.company_name);
                if r.lost_focus() {
                    actions.push(Action::SaveSetting {
                        key: keys::COMPANY_NAME,
                        value: self.company_name.clone(),
                    });
                }
                let r = widgets::text_row(ui, tr("Company address"), &mut self.company_address);
                if r.lost_focus() {
                    actions.push(Action::SaveSetting {
                        key: keys::COMPANY_ADDRESS,
                        value: self.company_address.clone(),
                    });
                }
            });
        ui.separator();
        self.printing_ui(ui, store, actions);
        ui.separator();
        self.sla_ui(ui, store, actions);
        ui.separator();
        self.claims_ui(ui, store, actions);
        ui.separator();
        self.documents_ui(ui, store, actions);
        ui.separator();
        ui.label(theme::heading(tr("Backups")));
        ui.label(tr(
            "Automatic daily backups are kept beside the database (last 7).",
        ));
        if ui.button(tr("Back up now")).clicked() {
            actions.push(Action::BackupNow);
        }
        for b in crate::store::list_backups(store.path()).iter().take(10) {
            let when: chrono::DateTime<chrono::Local> = b.modified.into();
            ui.label(format!(
                "{}  {}  {} KB",
                when.format("%Y-%m-%d %H:%M"),
                b.path.display(),
                b.bytes / 1024
            ));
        }
    }

    /// GS1 prefix, what printing a picking list does, and a printer per kind of document.
    fn printing_ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        let form = self.printing.get_or_insert_with(|| PrintForm::load(store));
        if form.reload {
            form.reload_settings(store);
        }
        form.poll_printers(ui);
        ui.label(theme::heading(tr("Printing")));
        egui::Grid::new("print_gs1")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(tr("Extension digit"));
                ui.add(
                    egui::TextEdit::singleline(&mut form.extension)
                        .id_salt("gs1_extension")
                        .desired_width(40.0),
                )
                .labelled_by(l.id);
                ui.end_row();
                let l = ui.label(tr("GS1 company prefix"));
                ui.add(
                    egui::TextEdit::singleline(&mut form.company_prefix)
                        .id_salt("gs1_company_prefix")
                        .hint_text("4601234")
                        .desired_width(160.0),
                )
                .labelled_by(l.id);
                ui.end_row();
            });
        ui.label(
            egui::RichText::new(tr(
                "Box labels carry SSCCs made of this prefix (7 to 10 digits, from GS1).",
            ))
            .weak(),
        );
        if ui.button(tr("Save GS1 prefix")).clicked() {
            match form.gs1() {
                Ok(prefix) => {
                    form.gs1_message = None;
                    form.saving = PrintPart::Gs1;
                    actions.push(Action::Print(PrintAction::SaveGs1(prefix)));
                }
                Err(e) => form.gs1_message = Some(Err(e)),
            }
        }
        widgets::feedback(ui, &form.gs1_message);

        let mut settings = form.settings.clone();
        ui.checkbox(
            &mut settings.picking_moves_to_picking,
            tr("Printing a picking list moves released orders into picking"),
        );
        ui.horizontal(|ui| {
            ui.strong(tr("Printers"));
            if ui.button(tr("Refresh")).clicked() {
                form.refresh_printers();
            }
            match (&form.printers, &form.loading) {
                (_, Some(_)) => {
                    ui.label(tr("Looking for printers…"));
                }
                (Some(Err(e)), None) => {
                    ui.colored_label(theme::danger(ui), format!("⚠ {e}"));
                }
                (Some(Ok(list)), None) if list.is_empty() => {
                    ui.colored_label(
                        theme::warning(ui),
                        tr("No printers found: documents open in the viewer or are saved as files."),
                    );
                }
                _ => {}
            }
        });
        let printers: Vec<PrinterInfo> = match &form.printers {
            Some(Ok(list)) => list.clone(),
            _ => Vec::new(),
        };
        let none = tr("None: open in the viewer");
        egui::Grid::new("print_printers")
            .num_columns(6)
            .striped(true)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                for h in [
                    tr("Document"),
                    tr("Printer"),
                    tr("Media"),
                    tr("Label size"),
                    "ZPL",
                    "dpi",
                ] {
                    ui.strong(h);
                }
                ui.end_row();
                for (k, kind) in PrintKind::ALL.into_iter().enumerate() {
                    let mut c = choice(&settings, kind);
                    let l = ui.label(kind_label(kind));
                    let shown = if c.printer.trim().is_empty() {
                        none.to_string()
                    } else {
                        c.printer.clone()
                    };
                    egui::ComboBox::from_id_salt(("print_printer", kind.code()))
                        .selected_text(shown)
                        .width(220.0)
                        .show_ui(ui, |ui| {
                            ui.selectable_value(&mut c.printer, String::new(), none);
                            for p in &printers {
                                let text = if p.is_default {
                                    format!("{} ({})", p.name, tr("default"))
                                } else {
                                    p.name.clone()
                                };
                                ui.selectable_value(&mut c.printer, p.name.clone(), text)
                                    .on_hover_text(&p.description);
                            }
                        })
                        .response
                        .labelled_by(l.id);
                    let media = &mut form.media[k];
                    let r = ui
                        .add(
                            egui::TextEdit::singleline(media)
                                .id_salt(("print_media", kind.code()))
                                .hint_text(super::print::default_media(kind))
                                .desired_width(150.0),
                        )
                        .labelled_by(l.id);
                    if r.lost_focus() && media.trim() != c.media {
                        if media.trim().is_empty() {
                            form.message = Some(Err(format!(
                                "{}: {}",
                                kind_label(kind),
                                tr("type the media, e.g. A4 or Custom.100x150mm")
                            )));
                            *media = c.media.clone();
                        } else {
                            c.media = media.trim().to_string();
                        }
                    }
                    if kind == PrintKind::Picking {
                        for _ in 0..3 {
                            ui.label("—");
                        }
                    } else {
                        let size = size_of_media(&c.media);
                        let mut picked = size;
                        egui::ComboBox::from_id_salt(("print_size", kind.code()))
                            .selected_text(size.map_or("—", size_label))
                            .show_ui(ui, |ui| {
                                for s in LabelSize::ALL {
                                    ui.selectable_value(&mut picked, Some(s), size_label(s));
                                }
                            })
                            .response
                            .labelled_by(l.id);
                        if picked != size
                            && let Some(s) = picked
                        {
                            let (w, h) = s.page_mm();
                            c.media = output::media_for_mm(w, h);
                            *media = c.media.clone();
                            if !thermal(s) {
                                c.zpl = false;
                            }
                        }
                        if kind == PrintKind::Labels {
                            let can_zpl = size.is_some_and(thermal);
                            ui.add_enabled(can_zpl, egui::Checkbox::new(&mut c.zpl, "ZPL"))
                                .on_hover_text(tr("Send raw ZPL to a thermal label printer instead of PDF"));
                            egui::ComboBox::from_id_salt("print_dpi")
                                .selected_text(c.dpi.to_string())
                                .show_ui(ui, |ui| {
                                    for d in [203u16, 300, 600] {
                                        ui.selectable_value(&mut c.dpi, d, d.to_string());
                                    }
                                })
                                .response
                                .labelled_by(l.id);
                        } else {
                            ui.label("—");
                            ui.label("—");
                        }
                    }
                    ui.end_row();
                    if c != choice(&settings, kind) {
                        settings.printers.insert(kind.code().to_string(), c);
                    }
                }
            });
        widgets::feedback(ui, &form.message);
        if settings != form.settings {
            form.settings = settings.clone();
            form.message = None;
            form.saving = PrintPart::Printers;
            actions.push(Action::Print(PrintAction::SaveSettings(settings)));
        }
    }

    fn sla_ui(&mut self, ui: &mut egui::Ui, store: &Store, actions: &mut Vec<Action>) {
        let form = self.sla.get_or_insert_with(|| {
            let (cal, t) = store.sla_settings().unwrap_or_default();
            SlaForm::load(&cal, &t)
        });
        ui.label(theme::heading(tr("Deadlines")));
        egui::Grid::new("sla")
            .num_columns(2)
            .spacing([12.0, 6.0])
            .show(ui, |ui| {
                let l = ui.label(tr("Working days"));
                ui.horizontal(|ui| {
                    let names = [
                        tr("Mon"),
                        tr("Tue"),
                        tr("Wed"),
                        tr("Thu"),
                        tr("Fri"),
                        tr("Sat"),
                        tr("Sun"),
                    ];
                    for (d, name) in names.iter().enumerate() {
                        ui.checkbox(&mut form.workdays[d], *name);
                    }
                })
                .response
                .labelled_by(l.id);
                ui.end_row();
                widgets::text_row(ui, tr("Working day starts"), &mut form.day_start);
                widgets::text_row(ui, tr("Working day ends"), &mut form.day_end);
                widgets::multiline_row(ui, tr("Holidays"), &mut form.holidays);
                widgets::multiline_row(ui, tr("Extra working days"), &mut form.extra_days);
                widgets::text_row(ui, tr("Answer within, working hours"), &mut form.answer_hours);
                widgets::text_row(ui, tr("Ship within, working days"), &mut form.ship_days);
            });
        widgets::feedback(ui, &form.message);
        if ui.button(tr("Save deadlines")).clicked() {
            match form.parse() {
                Ok((calendar, targets)) => {
                    form.message = None;
                    actions.push(Action::Board(BoardAction::SaveSla { calendar, targets }));
                }
                Err(e) => form.message = Some(Err(e)),
            }
        }
    }
}

//! Settings of this workstation (language, theme, user) and of the desk (company).

use super::{Action, BoardAction, Prefs, theme, widgets};
use crate::domain::calendar::{WorkCalendar, format_date_list, parse_date_list};
use crate::domain::sla::Targets;
use crate::i18n::{Lang, tr};
use crate::store::{Store, settings::keys};

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

#[derive(Default)]
pub struct SettingsPanel {
    sla: Option<SlaForm>,
    loaded: bool,
    user: String,
    company_name: String,
    company_address: String,
}

impl SettingsPanel {
    pub fn ui(&mut self, ui: &mut egui::Ui, store: &Store, prefs: &Prefs, actions: &mut Vec<Action>) {
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
        self.sla_ui(ui, store, actions);
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

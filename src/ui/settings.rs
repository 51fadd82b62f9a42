//! Settings of this workstation (language, theme, user) and of the desk (company).

use super::{Action, Prefs, theme, widgets};
use crate::i18n::{Lang, tr};
use crate::store::{Store, settings::keys};

#[derive(Default)]
pub struct SettingsPanel {
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
}

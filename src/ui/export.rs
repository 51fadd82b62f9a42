//! The export buttons of the lists: ask where to save (Excel workbook or CSV), write the file
//! in the background (a large list takes a moment), say how it went under the panel's header.

use super::widgets;
use crate::export::{FileKind, Table};
use crate::i18n::tr;
use egui::Ui;
use std::path::{Path, PathBuf};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// One panel's exports: at most one running at a time, the last outcome, the folder last used.
#[derive(Default)]
pub struct Exporter {
    running: Option<mpsc::Receiver<Result<String, String>>>,
    message: Option<Result<String, String>>,
    dir: Option<PathBuf>,
}

impl Exporter {
    /// A button that asks for a file (`{stem}-{today}.xlsx` proposed) and exports the table
    /// `build` makes to it: an Excel workbook or CSV, as the file's extension says.
    pub fn button(
        &mut self,
        ui: &mut Ui,
        label: &str,
        stem: &str,
        build: impl FnOnce() -> crate::Result<Table>,
    ) {
        let clicked = ui
            .add_enabled(self.running.is_none(), egui::Button::new(label))
            .on_hover_text(tr("Save as an Excel workbook (.xlsx) or a CSV file for Excel"))
            .clicked();
        if !clicked {
            return;
        }
        let Some(path) = self.ask(label, stem) else {
            return;
        };
        match build() {
            Ok(table) => self.start(ui.ctx(), table, path),
            Err(e) => self.message = Some(Err(e.to_string())),
        }
    }

    /// The state of the last export: a spinner while it runs, then its outcome.
    pub fn ui(&mut self, ui: &mut Ui) {
        if let Some(rx) = &self.running {
            match rx.try_recv() {
                Ok(outcome) => {
                    self.message = Some(outcome);
                    self.running = None;
                }
                Err(mpsc::TryRecvError::Empty) => {
                    ui.horizontal(|ui| {
                        ui.spinner();
                        ui.label(tr("Exporting…"));
                    });
                    ui.ctx().request_repaint_after(Duration::from_millis(100));
                    return;
                }
                Err(mpsc::TryRecvError::Disconnected) => {
                    self.message = Some(Err(
                        tr("the export stopped unexpectedly; nothing was written").into()
                    ));
                    self.running = None;
                }
            }
        }
        widgets::feedback(ui, &self.message);
    }

    /// The system's save dialog. Where it cannot open (no desktop portal, no zenity) it comes
    /// back at once with nothing: say so.
    fn ask(&mut self, title: &str, stem: &str) -> Option<PathBuf> {
        let name = format!("{stem}-{}.xlsx", chrono::Local::now().format("%Y-%m-%d"));
        let mut dialog = rfd::FileDialog::new()
            .set_title(title)
            .add_filter("Excel", &["xlsx"])
            .add_filter("CSV", &["csv"])
            .set_file_name(name);
        if let Some(dir) = self.dir.as_ref().filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
        let asked = Instant::now();
        match dialog.save_file() {
            Some(path) => {
                let path = with_extension(path);
                self.dir = path.parent().map(Path::to_path_buf);
                Some(path)
            }
            None if asked.elapsed() < Duration::from_millis(400) => {
                self.message = Some(Err(tr(
                    "The file dialog could not open on this system; nothing was exported.",
                )
                .to_string()));
                None
            }
            None => None,
        }
    }

    /// Writes the table on a thread of its own; `ui` picks the outcome up.
    fn start(&mut self, ctx: &egui::Context, table: Table, path: PathBuf) {
        // the message is made here: the language is the UI thread's
        let done = format!(
            "{} {} {}: {}",
            tr("Exported"),
            table.rows.len(),
            tr("rows"),
            path.display()
        );
        let (tx, rx) = mpsc::channel();
        let ctx = ctx.clone();
        let spawned = std::thread::Builder::new().name("export".into()).spawn(move || {
            let outcome = crate::export::write(&table, &path)
                .map(|()| done)
                .map_err(|e| e.to_string());
            let _ = tx.send(outcome);
            ctx.request_repaint();
        });
        match spawned {
            Ok(_) => {
                self.running = Some(rx);
                self.message = None;
            }
            Err(e) => self.message = Some(Err(e.to_string())),
        }
    }
}

/// A name typed without an extension becomes a workbook; any other extension is left for the
/// writer to accept or refuse with its reason.
fn with_extension(path: PathBuf) -> PathBuf {
    if path.extension().is_none() {
        path.with_extension(FileKind::Xlsx.extension())
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bare_name_becomes_a_workbook() {
        assert_eq!(
            with_extension("/tmp/list".into()),
            PathBuf::from("/tmp/list.xlsx")
        );
        assert_eq!(
            with_extension("/tmp/list.csv".into()),
            PathBuf::from("/tmp/list.csv")
        );
        assert_eq!(
            with_extension("/tmp/list.txt".into()),
            PathBuf::from("/tmp/list.txt")
        );
    }
}

//! Small widgets shared by the panels.

use super::theme;
use crate::i18n::tr;
use egui::{Response, TextEdit, Ui};

/// A label and a single-line text field in a form grid row; the field is named by its label
/// (screen readers and tests find it by that name).
pub fn text_row(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    let l = ui.label(label);
    let r = ui
        .add(TextEdit::singleline(value).desired_width(f32::INFINITY))
        .labelled_by(l.id);
    ui.end_row();
    r
}

/// A multi-line text field in a form grid row.
pub fn multiline_row(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    let l = ui.label(label);
    let r = ui
        .add(
            TextEdit::multiline(value)
                .desired_rows(2)
                .desired_width(f32::INFINITY),
        )
        .labelled_by(l.id);
    ui.end_row();
    r
}

/// A text field with a label beside it, outside a grid. Its id comes from `id_salt`, not
/// from its position, so focus stays on it when widgets above it come and go.
pub fn labeled_field(
    ui: &mut Ui,
    id_salt: &str,
    label: &str,
    value: &mut String,
    hint: &str,
    width: f32,
) -> Response {
    let l = ui.label(label);
    ui.add(
        TextEdit::singleline(value)
            .id_salt(id_salt)
            .hint_text(hint)
            .desired_width(width),
    )
    .labelled_by(l.id)
}

/// A red (error) or green (ok) line of feedback.
pub fn feedback(ui: &mut Ui, message: &Option<Result<String, String>>) {
    match message {
        Some(Ok(m)) => {
            ui.colored_label(theme::success(ui), m);
        }
        Some(Err(m)) => {
            ui.colored_label(theme::danger(ui), format!("⚠ {m}"));
        }
        None => {}
    }
}

/// True when `key` with the command modifier (Ctrl, ⌘ on macOS) was pressed this frame.
pub fn command_key(ui: &Ui, key: egui::Key) -> bool {
    ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key))
}

/// A money field editing minor units as a decimal text, validated on save.
pub fn money_text(minor: i64) -> String {
    crate::domain::decimal::format_fixed(minor, 2)
}

/// A stored UTC moment as the desk's local wall-clock time, to the minute.
pub fn local_minute(t: chrono::DateTime<chrono::Utc>) -> String {
    t.with_timezone(&chrono::Local)
        .format("%Y-%m-%d %H:%M")
        .to_string()
}

/// Text in a table cell: not selectable, so a click anywhere on the row selects the row.
pub fn cell(ui: &mut Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).selectable(false).truncate());
}

/// Column widths narrowed to fit `width` (the last column takes the rest, at least 90 points):
/// a table wider than its panel would slide under the panel beside it and catch its clicks.
pub fn fit_columns<'a>(width: f32, columns: &[(&'a str, f32)]) -> Vec<(&'a str, f32)> {
    let fixed: f32 = columns.iter().rev().skip(1).map(|(_, w)| w).sum();
    let room = (width - 90.0 - 8.0 * columns.len() as f32).max(0.0);
    let scale = if fixed > room && fixed > 0.0 {
        room / fixed
    } else {
        1.0
    };
    columns.iter().map(|(t, w)| (*t, (w * scale).max(36.0))).collect()
}

/// A list of records: virtualised (only the visible rows are laid out, so 100,000 rows scroll
/// smoothly), resizable columns, the selected row highlighted, a click anywhere on a row
/// selects it. `columns` are (title, initial width); the last column takes the rest;
/// widths are narrowed to the space there is ([`fit_columns`]).
/// `cell(ui, row, column)` draws one cell. Returns the index of the clicked row.
pub fn record_table(
    ui: &mut Ui,
    id_salt: &str,
    columns: &[(&str, f32)],
    rows: usize,
    selected: Option<usize>,
    scroll_to: Option<usize>,
    mut cell: impl FnMut(&mut Ui, usize, usize),
) -> Option<usize> {
    use egui_extras::{Column, TableBuilder};
    let fitted = fit_columns(ui.available_width(), columns);
    let columns = &fitted[..];
    let mut clicked = None;
    let mut table = TableBuilder::new(ui)
        .id_salt(id_salt)
        .striped(true)
        .resizable(true)
        .sense(egui::Sense::click());
    for (i, (_, width)) in columns.iter().enumerate() {
        table = table.column(if i + 1 == columns.len() {
            Column::remainder()
        } else {
            Column::initial(*width).clip(true)
        });
    }
    if let Some(i) = scroll_to {
        table = table.scroll_to_row(i, Some(egui::Align::Center));
    }
    table
        .header(theme::ROW_HEIGHT, |mut h| {
            for (title, _) in columns {
                h.col(|ui| {
                    ui.strong(*title);
                });
            }
        })
        .body(|body| {
            body.rows(theme::ROW_HEIGHT, rows, |mut row| {
                let index = row.index();
                row.set_selected(Some(index) == selected);
                for c in 0..columns.len() {
                    row.col(|ui| cell(ui, index, c));
                }
                if row.response().clicked() {
                    clicked = Some(index);
                }
            });
        });
    clicked
}

/// The bytes of a dropped file that has no path on disk, or why they cannot be read.
pub type ReadBytes = Result<Vec<u8>, String>;

/// Files dropped on the window this frame that are not order files (those go to the import):
/// each with its path, and its bytes when it has no file on disk.
pub fn dropped_files(ui: &Ui) -> Vec<(std::path::PathBuf, Option<ReadBytes>)> {
    ui.input(|i| {
        i.raw
            .dropped_files
            .iter()
            .filter(|f| !super::import::importable(f.path()))
            .map(|f| {
                let p = f.path().to_path_buf();
                // a drop without a file on disk comes with its bytes
                let bytes = (!p.is_file()).then(|| f.bytes());
                (p, bytes)
            })
            .collect()
    })
}

/// A labelled drop-down of a filter: "All" (None) or one of `all`, named by `name`. True when
/// the choice changed.
pub fn option_combo<T: Copy + PartialEq>(
    ui: &mut Ui,
    id_salt: &str,
    label: &str,
    value: &mut Option<T>,
    all: &[T],
    name: fn(T) -> &'static str,
) -> bool {
    let before = *value;
    let l = ui.label(label);
    egui::ComboBox::from_id_salt(id_salt)
        .selected_text(value.map_or(tr("All"), name))
        .show_ui(ui, |ui| {
            ui.selectable_value(value, None, tr("All"));
            for v in all {
                ui.selectable_value(value, Some(*v), name(*v));
            }
        })
        .response
        .labelled_by(l.id);
    *value != before
}

/// A photo kept in the database, shown at most `max_width` wide (and 420 px tall) and read out
/// as "`what`: `name`", decoded into a texture once per `id` (`textures` keeps it, or why it
/// could not be read). `load` reads the file's bytes; `texture` names the texture.
#[allow(clippy::too_many_arguments)] // the photo, its cache, its loader and how it is shown
pub fn photo(
    ui: &mut Ui,
    textures: &mut std::collections::HashMap<i64, Result<egui::TextureHandle, String>>,
    id: i64,
    texture: &str,
    what: &str,
    name: &str,
    max_width: f32,
    load: impl FnOnce() -> crate::Result<Vec<u8>>,
) {
    let ctx = ui.ctx().clone();
    let decoded = textures.entry(id).or_insert_with(|| {
        let bytes = load().map_err(|e| e.to_string())?;
        let img = image::load_from_memory(&bytes).map_err(|e| e.to_string())?;
        // a phone's photo or a scanner's page is larger than any texture needs to be on screen
        let img = if img.width() > 2048 || img.height() > 2048 {
            img.thumbnail(2048, 2048)
        } else {
            img
        };
        let rgba = img.to_rgba8();
        let size = [rgba.width() as usize, rgba.height() as usize];
        let color = egui::ColorImage::from_rgba_unmultiplied(size, rgba.as_raw());
        Ok(ctx.load_texture(texture, color, egui::TextureOptions::LINEAR))
    });
    match decoded {
        Ok(tex) => {
            let max = egui::vec2(ui.available_width().min(max_width), 420.0);
            ui.add(
                egui::Image::new((tex.id(), tex.size_vec2()))
                    .max_size(max)
                    .alt_text(format!("{what}: {name}")),
            );
        }
        Err(e) => {
            ui.colored_label(theme::danger(ui), format!("{name}: {e}"));
        }
    }
}

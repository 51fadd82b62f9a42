//! Design tokens in one place: fonts, colours of states, spacing. Panels never hard-code colours.

use egui::{Color32, FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

pub const NOTO_SANS: &str = "NotoSans-Regular";
pub const NOTO_SANS_BOLD: &str = "NotoSans-Bold";
pub const CJK: &str = "DroidSansFallback-GB2312";
pub const SYMBOLS: &str = "DejaVuSans-Symbols";

/// Fonts shipped in `assets/fonts`, compiled into the binary so every machine renders the same.
pub fn font_definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    let add = |fonts: &mut FontDefinitions, name: &str, bytes: &'static [u8]| {
        fonts
            .font_data
            .insert(name.to_owned(), Arc::new(FontData::from_static(bytes)));
    };
    add(
        &mut fonts,
        NOTO_SANS,
        include_bytes!("../../assets/fonts/NotoSans-Regular.ttf"),
    );
    add(
        &mut fonts,
        NOTO_SANS_BOLD,
        include_bytes!("../../assets/fonts/NotoSans-Bold.ttf"),
    );
    add(
        &mut fonts,
        CJK,
        include_bytes!("../../assets/fonts/DroidSansFallback-GB2312.ttf"),
    );
    add(
        &mut fonts,
        SYMBOLS,
        include_bytes!("../../assets/fonts/DejaVuSans-Symbols.ttf"),
    );
    // Latin/Polish/Cyrillic first, hanzi from the CJK face, arrows and signs from the symbols
    // face, then egui's own.
    let prop = fonts.families.entry(FontFamily::Proportional).or_default();
    prop.insert(0, NOTO_SANS.to_owned());
    prop.insert(1, CJK.to_owned());
    prop.insert(2, SYMBOLS.to_owned());
    let mono = fonts.families.entry(FontFamily::Monospace).or_default();
    mono.push(NOTO_SANS.to_owned());
    mono.push(CJK.to_owned());
    mono.push(SYMBOLS.to_owned());
    fonts.families.insert(
        FontFamily::Name("bold".into()),
        vec![
            NOTO_SANS_BOLD.to_owned(),
            CJK.to_owned(),
            SYMBOLS.to_owned(),
            NOTO_SANS.to_owned(),
        ],
    );
    fonts
}

/// Installs the shipped fonts and Docket's look into a context.
pub fn install(ctx: &egui::Context, dark: bool) {
    ctx.set_fonts(font_definitions());
    apply_theme(ctx, dark);
}

pub fn apply_theme(ctx: &egui::Context, dark: bool) {
    ctx.set_theme(if dark {
        egui::Theme::Dark
    } else {
        egui::Theme::Light
    });
    ctx.all_styles_mut(|style| {
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
        style.spacing.interact_size.y = 24.0;
    });
}

/// Colours of meaning: the same everywhere.
pub fn danger(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(255, 110, 100)
    } else {
        Color32::from_rgb(190, 30, 30)
    }
}
pub fn warning(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(255, 190, 80)
    } else {
        Color32::from_rgb(170, 100, 0)
    }
}
pub fn success(ui: &egui::Ui) -> Color32 {
    if ui.visuals().dark_mode {
        Color32::from_rgb(110, 210, 120)
    } else {
        Color32::from_rgb(20, 130, 50)
    }
}
pub fn muted(ui: &egui::Ui) -> Color32 {
    ui.visuals().weak_text_color()
}

pub const ROW_HEIGHT: f32 = 22.0;
pub const NAV_WIDTH: f32 = 150.0;
pub const FORM_LABEL_WIDTH: f32 = 150.0;

/// Heading text in the bold face.
pub fn heading(text: impl Into<String>) -> egui::RichText {
    egui::RichText::new(text)
        .size(18.0)
        .family(FontFamily::Name("bold".into()))
}

//! Box labels with the GS1-128 barcode of the box's SSCC. Each size has its own layout (not a
//! scaled copy): 100×150 mm and 100×100 mm thermal labels, 58×40 mm small thermal labels, and
//! A4 sheets of 2×4 labels with cut marks.
//!
//! Every text sits in a fixed box and shrinks or wraps to fit it; what still does not fit ends
//! with "…". Nothing leaves the label.

use super::Progress;
use super::barcode;
use super::pdf::{Align, Area, Page, Pdf, Style, render};
use crate::i18n::tr;

/// What one box label says.
#[derive(Debug, Clone, PartialEq)]
pub struct BoxLabel {
    /// Our company (Settings).
    pub sender: String,
    pub sender_address: String,
    pub consignee: String,
    /// Delivery address; may hold several lines.
    pub address: String,
    pub order_no: String,
    pub route: String,
    pub box_no: u32,
    pub box_count: u32,
    pub weight_g: i64,
    /// Ship or wanted date, as printed.
    pub date: String,
    /// The 18-digit SSCC.
    pub sscc: String,
}

/// Label stock.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LabelSize {
    /// 100 × 150 mm thermal label (the usual shipping label).
    L100x150,
    /// 100 × 100 mm thermal label.
    L100x100,
    /// 58 × 40 mm small thermal label.
    L58x40,
    /// A4 sheet of 2 × 4 labels with cut marks.
    A4,
}

impl LabelSize {
    pub const ALL: [LabelSize; 4] = [
        LabelSize::L100x150,
        LabelSize::L100x100,
        LabelSize::L58x40,
        LabelSize::A4,
    ];

    pub fn code(self) -> &'static str {
        match self {
            LabelSize::L100x150 => "100x150",
            LabelSize::L100x100 => "100x100",
            LabelSize::L58x40 => "58x40",
            LabelSize::A4 => "a4",
        }
    }

    pub fn parse(s: &str) -> Option<LabelSize> {
        LabelSize::ALL
            .into_iter()
            .find(|z| z.code().eq_ignore_ascii_case(s.trim()))
    }

    /// Page size in mm.
    pub fn page_mm(self) -> (f32, f32) {
        match self {
            LabelSize::L100x150 => (100.0, 150.0),
            LabelSize::L100x100 => (100.0, 100.0),
            LabelSize::L58x40 => (58.0, 40.0),
            LabelSize::A4 => (210.0, 297.0),
        }
    }

    /// Labels per page.
    pub fn per_page(self) -> usize {
        if self == LabelSize::A4 { 8 } else { 1 }
    }
}

/// The cells of the A4 sheet: 2 columns × 4 rows of 97 × 70 mm, centred, for cutting.
pub fn a4_cells() -> Vec<Area> {
    let (cw, ch) = (97.0, 70.0);
    let (x0, y0) = ((210.0 - 2.0 * cw) / 2.0, (297.0 - 4.0 * ch) / 2.0);
    (0..8)
        .map(|i| Area::new(x0 + (i % 2) as f32 * cw, y0 + (i / 2) as f32 * ch, cw, ch))
        .collect()
}

/// The labels as one PDF, a page per label (or per 8 labels on A4). Checks `progress` for
/// cancellation after every label.
pub fn labels_pdf(labels: &[BoxLabel], size: LabelSize, progress: &Progress) -> crate::Result<Pdf> {
    progress.set_total(labels.len());
    let (w, h) = size.page_mm();
    let pages = labels.len().div_ceil(size.per_page());
    render(tr("Box labels"), pages, progress, |doc| {
        for chunk in labels.chunks(size.per_page()) {
            let mut page = doc.page(w, h);
            if size == LabelSize::A4 {
                for (label, cell) in chunk.iter().zip(a4_cells()) {
                    page.cut_marks(cell, 4.0, 1.0);
                    draw_a4_cell(&mut page, cell.inset(3.0), label)?;
                    doc.step(progress)?;
                }
            } else {
                draw_thermal(&mut page, size, &chunk[0])?;
                doc.step(progress)?;
            }
            doc.push(page);
        }
        Ok(())
    })
}

/// What a label layout draws on: a PDF page here, the ZPL writer's marks in `zpl.rs`. One
/// layout per size serves both, so a label prints the same on either.
pub(crate) trait Surface {
    /// One line at baseline `y`, shrunk to `w` down to `min_size`, then cut with "…".
    #[allow(clippy::too_many_arguments)] // a line's place, width, alignment, style, floor, text
    fn text_fit(&mut self, x: f32, y: f32, w: f32, align: Align, style: Style, min_size: f32, text: &str);
    /// Text wrapped into `area`, shrinking down to `min_size`.
    fn text_box(&mut self, area: Area, align: Align, style: Style, min_size: f32, text: &str);
    /// A horizontal rule at `y` from `x1` to `x2`, `width` mm thick.
    fn rule(&mut self, x1: f32, y: f32, x2: f32, width: f32);
    /// The GS1-128 barcode of the label's SSCC centred in `area` (module at most `module` mm,
    /// 10-module quiet zones); returns its human-readable line "(00) …".
    fn sscc(&mut self, label: &BoxLabel, area: Area, module: f32) -> crate::Result<String>;
    /// A small caption above a field.
    fn caption(&mut self, x: f32, y: f32, text: &str) {
        self.text_fit(x, y, f32::MAX, Align::Left, Style::regular(6.5), 6.5, text);
    }
}

impl Surface for Page {
    fn text_fit(&mut self, x: f32, y: f32, w: f32, align: Align, style: Style, min_size: f32, text: &str) {
        Page::text_fit(self, x, y, w, align, style, min_size, text);
    }
    fn text_box(&mut self, area: Area, align: Align, style: Style, min_size: f32, text: &str) {
        Page::text_box(self, area, align, style, min_size, text);
    }
    fn rule(&mut self, x1: f32, y: f32, x2: f32, width: f32) {
        self.line(x1, y, x2, y, width);
    }
    fn sscc(&mut self, label: &BoxLabel, a: Area, module: f32) -> crate::Result<String> {
        let bars = barcode::sscc_bars(&label.sscc).map_err(|e| sscc_error(label, e))?;
        let module = module.min(a.w / (bars.total_modules() as f32 + 20.0));
        let width = bars.total_modules() as f32 * module;
        self.bars(&bars, a.x + (a.w - width) / 2.0, a.y, module, a.h);
        Ok(barcode::gs1_human_readable(&[("00", &label.sscc)]))
    }
}

/// A label whose SSCC cannot be encoded, named by its order.
pub(crate) fn sscc_error(label: &BoxLabel, e: barcode::BarcodeError) -> crate::Error {
    crate::Error::msg(format!("{} {}: {e}", tr("Order"), label.order_no))
}

/// One thermal label (100×150, 100×100, 58×40 mm) filling its page; A4 cells are drawn by
/// `labels_pdf` itself.
pub(crate) fn draw_thermal(page: &mut impl Surface, size: LabelSize, l: &BoxLabel) -> crate::Result<()> {
    let (w, h) = size.page_mm();
    let area = Area::new(0.0, 0.0, w, h);
    match size {
        LabelSize::L100x150 => draw_100x150(page, area.inset(4.0), l),
        LabelSize::L100x100 => draw_100x100(page, area.inset(3.5), l),
        LabelSize::L58x40 => draw_58x40(page, area.inset(2.0), l),
        LabelSize::A4 => Err(crate::Error::msg(
            "A4 sheets are not thermal labels: for ZPL choose 100x150, 100x100 or 58x40",
        )),
    }
}

pub(crate) fn box_of(label: &BoxLabel) -> String {
    format!("{} / {}", label.box_no, label.box_count)
}

fn draw_100x150(page: &mut impl Surface, a: Area, l: &BoxLabel) -> crate::Result<()> {
    let (x, w) = (a.x, a.w);
    let half = w / 2.0;
    // sender
    page.caption(x, a.y + 2.5, tr("Sender"));
    page.text_fit(x, a.y + 7.0, w, Align::Left, Style::bold(9.0), 6.0, &l.sender);
    page.text_box(
        Area::new(x, a.y + 8.5, w, 7.0),
        Align::Left,
        Style::regular(7.5),
        5.5,
        &l.sender_address,
    );
    page.rule(x, a.y + 17.0, a.right(), 0.3);
    // consignee
    page.caption(x, a.y + 21.0, tr("Consignee"));
    page.text_box(
        Area::new(x, a.y + 22.5, w, 13.0),
        Align::Left,
        Style::bold(15.0),
        9.0,
        &l.consignee,
    );
    page.text_box(
        Area::new(x, a.y + 36.5, w, 15.0),
        Align::Left,
        Style::regular(10.0),
        7.0,
        &l.address,
    );
    page.rule(x, a.y + 53.0, a.right(), 0.3);
    // order and route
    page.caption(x, a.y + 57.0, tr("Order"));
    page.text_fit(
        x,
        a.y + 64.0,
        half - 2.0,
        Align::Left,
        Style::bold(16.0),
        9.0,
        &l.order_no,
    );
    page.caption(x + half, a.y + 57.0, tr("Route"));
    page.text_fit(
        x + half,
        a.y + 64.0,
        half,
        Align::Left,
        Style::bold(16.0),
        9.0,
        &l.route,
    );
    page.rule(x, a.y + 68.0, a.right(), 0.3);
    // box, weight, date
    page.caption(x, a.y + 72.0, tr("Box"));
    page.text_fit(
        x,
        a.y + 85.0,
        half - 2.0,
        Align::Left,
        Style::bold(30.0),
        14.0,
        &box_of(l),
    );
    page.caption(x + half, a.y + 72.0, tr("Weight"));
    page.text_fit(
        x + half,
        a.y + 78.5,
        half,
        Align::Left,
        Style::bold(13.0),
        8.0,
        &super::kg(l.weight_g),
    );
    page.caption(x + half, a.y + 82.5, tr("Date"));
    page.text_fit(
        x + half,
        a.y + 88.0,
        half,
        Align::Left,
        Style::bold(11.0),
        8.0,
        &l.date,
    );
    page.rule(x, a.y + 92.0, a.right(), 0.3);
    // SSCC
    page.caption(x, a.y + 96.0, "SSCC");
    let hr = page.sscc(l, Area::new(x, a.y + 98.0, w, 32.0), 0.5)?;
    page.text_fit(x, a.y + 136.5, w, Align::Center, Style::bold(11.0), 7.0, &hr);
    Ok(())
}

fn draw_100x100(page: &mut impl Surface, a: Area, l: &BoxLabel) -> crate::Result<()> {
    let (x, w) = (a.x, a.w);
    let sender = join_nonempty(&[&l.sender, &l.sender_address], " · ");
    page.text_fit(
        x,
        a.y + 3.0,
        w,
        Align::Left,
        Style::regular(7.0),
        5.0,
        &format!("{}: {sender}", tr("Sender")),
    );
    page.rule(x, a.y + 4.5, a.right(), 0.3);
    page.caption(x, a.y + 8.0, tr("Consignee"));
    page.text_box(
        Area::new(x, a.y + 9.0, w, 9.5),
        Align::Left,
        Style::bold(12.0),
        8.0,
        &l.consignee,
    );
    page.text_box(
        Area::new(x, a.y + 19.0, w, 9.0),
        Align::Left,
        Style::regular(9.0),
        6.5,
        &l.address,
    );
    page.rule(x, a.y + 29.5, a.right(), 0.3);
    page.caption(x, a.y + 33.0, tr("Order"));
    page.text_fit(
        x,
        a.y + 39.0,
        w * 0.6,
        Align::Left,
        Style::bold(13.0),
        8.0,
        &l.order_no,
    );
    page.caption(x + w * 0.62, a.y + 33.0, tr("Box"));
    page.text_fit(
        x + w * 0.62,
        a.y + 40.0,
        w * 0.38,
        Align::Left,
        Style::bold(18.0),
        9.0,
        &box_of(l),
    );
    let info = join_nonempty(&[&l.route, &super::kg(l.weight_g), &l.date], " · ");
    page.text_fit(x, a.y + 45.5, w, Align::Left, Style::regular(9.0), 6.0, &info);
    page.rule(x, a.y + 48.0, a.right(), 0.3);
    let hr = page.sscc(l, Area::new(x, a.y + 51.0, w, 27.0), 0.45)?;
    page.text_fit(x, a.y + 83.0, w, Align::Center, Style::bold(9.5), 6.0, &hr);
    Ok(())
}

fn draw_58x40(page: &mut impl Surface, a: Area, l: &BoxLabel) -> crate::Result<()> {
    let (x, w) = (a.x, a.w);
    page.text_fit(x, a.y + 2.6, w, Align::Left, Style::bold(7.0), 4.5, &l.consignee);
    page.text_fit(
        x,
        a.y + 5.4,
        w,
        Align::Left,
        Style::regular(5.5),
        4.0,
        &l.address.replace('\n', ", "),
    );
    page.text_fit(
        x,
        a.y + 8.8,
        w * 0.62,
        Align::Left,
        Style::bold(7.5),
        5.0,
        &l.order_no,
    );
    page.text_fit(
        x + w * 0.62,
        a.y + 8.8,
        w * 0.38,
        Align::Right,
        Style::bold(7.5),
        5.0,
        &box_of(l),
    );
    let hr = page.sscc(l, Area::new(a.x - 2.0, a.y + 10.0, w + 4.0, 13.5), 0.33)?;
    page.text_fit(x, a.y + 26.3, w, Align::Center, Style::regular(6.0), 4.5, &hr);
    let info = join_nonempty(&[&l.route, &super::kg(l.weight_g), &l.date], " · ");
    page.text_fit(x, a.y + 29.8, w, Align::Left, Style::regular(5.5), 4.0, &info);
    let sender = join_nonempty(&[&l.sender, &l.sender_address], " · ");
    page.text_fit(x, a.y + 33.3, w, Align::Left, Style::regular(5.0), 4.0, &sender);
    Ok(())
}

fn draw_a4_cell(page: &mut impl Surface, a: Area, l: &BoxLabel) -> crate::Result<()> {
    let (x, w) = (a.x, a.w);
    let sender = join_nonempty(&[&l.sender, &l.sender_address], " · ");
    page.text_fit(
        x,
        a.y + 2.5,
        w,
        Align::Left,
        Style::regular(6.5),
        5.0,
        &format!("{}: {sender}", tr("Sender")),
    );
    page.rule(x, a.y + 4.0, a.right(), 0.2);
    page.text_box(
        Area::new(x, a.y + 5.0, w, 8.5),
        Align::Left,
        Style::bold(11.0),
        7.0,
        &l.consignee,
    );
    page.text_box(
        Area::new(x, a.y + 14.0, w, 7.0),
        Align::Left,
        Style::regular(8.0),
        6.0,
        &l.address,
    );
    page.text_fit(
        x,
        a.y + 26.5,
        w * 0.6,
        Align::Left,
        Style::bold(11.0),
        7.0,
        &l.order_no,
    );
    page.text_fit(
        x + w * 0.6,
        a.y + 26.5,
        w * 0.4,
        Align::Right,
        Style::bold(14.0),
        8.0,
        &box_of(l),
    );
    let info = join_nonempty(&[&l.route, &super::kg(l.weight_g), &l.date], " · ");
    page.text_fit(x, a.y + 31.0, w, Align::Left, Style::regular(7.5), 5.5, &info);
    let hr = page.sscc(l, Area::new(x, a.y + 33.0, w, 18.5), 0.42)?;
    page.text_fit(x, a.y + 56.0, w, Align::Center, Style::bold(8.0), 6.0, &hr);
    Ok(())
}

/// Parts on one line: empty ones dropped, line breaks inside a part turned into ", ".
fn join_nonempty(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .map(|p| p.trim().replace('\n', ", "))
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

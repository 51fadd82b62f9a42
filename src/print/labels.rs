//! Box labels with the GS1-128 barcode of the box's SSCC. Each size has its own layout (not a
//! scaled copy): 100×150 mm and 100×100 mm thermal labels, 58×40 mm small thermal labels, and
//! A4 sheets of 2×4 labels with cut marks.
//!
//! Every text sits in a fixed box and shrinks or wraps to fit it; what still does not fit ends
//! with "…". Nothing leaves the label.

use super::Progress;
use super::barcode::{self, Bars};
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
                let label = &chunk[0];
                let area = Area::new(0.0, 0.0, w, h);
                match size {
                    LabelSize::L100x150 => draw_100x150(&mut page, area.inset(4.0), label)?,
                    LabelSize::L100x100 => draw_100x100(&mut page, area.inset(3.5), label)?,
                    _ => draw_58x40(&mut page, area.inset(2.0), label)?,
                }
                doc.step(progress)?;
            }
            doc.push(page);
        }
        Ok(())
    })
}

fn sscc_bars(label: &BoxLabel) -> crate::Result<(Bars, String)> {
    let bars = barcode::sscc_bars(&label.sscc)
        .map_err(|e| crate::Error::msg(format!("{} {}: {e}", tr("Order"), label.order_no)))?;
    Ok((bars, barcode::gs1_human_readable(&[("00", &label.sscc)])))
}

/// The barcode centred in `[a.x, a.right()]`, its module shrunk if the preferred one is too
/// wide for the area with 10-module quiet zones.
fn centred_bars(page: &mut Page, bars: &Bars, a: Area, preferred_module: f32) {
    let modules = bars.total_modules() as f32 + 20.0;
    let module = preferred_module.min(a.w / modules);
    let width = bars.total_modules() as f32 * module;
    page.bars(bars, a.x + (a.w - width) / 2.0, a.y, module, a.h);
}

fn box_of(label: &BoxLabel) -> String {
    format!("{} / {}", label.box_no, label.box_count)
}

fn caption(page: &mut Page, x: f32, y: f32, text: &str) {
    page.text(x, y, Style::regular(6.5), text);
}

fn draw_100x150(page: &mut Page, a: Area, l: &BoxLabel) -> crate::Result<()> {
    let (x, w) = (a.x, a.w);
    let half = w / 2.0;
    // sender
    caption(page, x, a.y + 2.5, tr("Sender"));
    page.text_fit(x, a.y + 7.0, w, Align::Left, Style::bold(9.0), 6.0, &l.sender);
    page.text_box(
        Area::new(x, a.y + 8.5, w, 7.0),
        Align::Left,
        Style::regular(7.5),
        5.5,
        &l.sender_address,
    );
    page.line(x, a.y + 17.0, a.right(), a.y + 17.0, 0.3);
    // consignee
    caption(page, x, a.y + 21.0, tr("Consignee"));
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
    page.line(x, a.y + 53.0, a.right(), a.y + 53.0, 0.3);
    // order and route
    caption(page, x, a.y + 57.0, tr("Order"));
    page.text_fit(
        x,
        a.y + 64.0,
        half - 2.0,
        Align::Left,
        Style::bold(16.0),
        9.0,
        &l.order_no,
    );
    caption(page, x + half, a.y + 57.0, tr("Route"));
    page.text_fit(
        x + half,
        a.y + 64.0,
        half,
        Align::Left,
        Style::bold(16.0),
        9.0,
        &l.route,
    );
    page.line(x, a.y + 68.0, a.right(), a.y + 68.0, 0.3);
    // box, weight, date
    caption(page, x, a.y + 72.0, tr("Box"));
    page.text_fit(
        x,
        a.y + 85.0,
        half - 2.0,
        Align::Left,
        Style::bold(30.0),
        14.0,
        &box_of(l),
    );
    caption(page, x + half, a.y + 72.0, tr("Weight"));
    page.text_fit(
        x + half,
        a.y + 78.5,
        half,
        Align::Left,
        Style::bold(13.0),
        8.0,
        &super::kg(l.weight_g),
    );
    caption(page, x + half, a.y + 82.5, tr("Date"));
    page.text_fit(
        x + half,
        a.y + 88.0,
        half,
        Align::Left,
        Style::bold(11.0),
        8.0,
        &l.date,
    );
    page.line(x, a.y + 92.0, a.right(), a.y + 92.0, 0.3);
    // SSCC
    let (bars, hr) = sscc_bars(l)?;
    caption(page, x, a.y + 96.0, "SSCC");
    centred_bars(page, &bars, Area::new(x, a.y + 98.0, w, 32.0), 0.5);
    page.text_fit(x, a.y + 136.5, w, Align::Center, Style::bold(11.0), 7.0, &hr);
    Ok(())
}

fn draw_100x100(page: &mut Page, a: Area, l: &BoxLabel) -> crate::Result<()> {
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
    page.line(x, a.y + 4.5, a.right(), a.y + 4.5, 0.3);
    caption(page, x, a.y + 8.0, tr("Consignee"));
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
    page.line(x, a.y + 29.5, a.right(), a.y + 29.5, 0.3);
    caption(page, x, a.y + 33.0, tr("Order"));
    page.text_fit(
        x,
        a.y + 39.0,
        w * 0.6,
        Align::Left,
        Style::bold(13.0),
        8.0,
        &l.order_no,
    );
    caption(page, x + w * 0.62, a.y + 33.0, tr("Box"));
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
    page.line(x, a.y + 48.0, a.right(), a.y + 48.0, 0.3);
    let (bars, hr) = sscc_bars(l)?;
    centred_bars(page, &bars, Area::new(x, a.y + 51.0, w, 27.0), 0.45);
    page.text_fit(x, a.y + 83.0, w, Align::Center, Style::bold(9.5), 6.0, &hr);
    Ok(())
}

fn draw_58x40(page: &mut Page, a: Area, l: &BoxLabel) -> crate::Result<()> {
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
    let (bars, hr) = sscc_bars(l)?;
    centred_bars(page, &bars, Area::new(a.x - 2.0, a.y + 10.0, w + 4.0, 13.5), 0.33);
    page.text_fit(x, a.y + 26.3, w, Align::Center, Style::regular(6.0), 4.5, &hr);
    let info = join_nonempty(&[&l.route, &super::kg(l.weight_g), &l.date], " · ");
    page.text_fit(x, a.y + 29.8, w, Align::Left, Style::regular(5.5), 4.0, &info);
    let sender = join_nonempty(&[&l.sender, &l.sender_address], " · ");
    page.text_fit(x, a.y + 33.3, w, Align::Left, Style::regular(5.0), 4.0, &sender);
    Ok(())
}

fn draw_a4_cell(page: &mut Page, a: Area, l: &BoxLabel) -> crate::Result<()> {
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
    page.line(x, a.y + 4.0, a.right(), a.y + 4.0, 0.2);
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
    let (bars, hr) = sscc_bars(l)?;
    centred_bars(page, &bars, Area::new(x, a.y + 33.0, w, 18.5), 0.42);
    page.text_fit(x, a.y + 56.0, w, Align::Center, Style::bold(8.0), 6.0, &hr);
    Ok(())
}

fn join_nonempty(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

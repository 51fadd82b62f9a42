//! Warehouse barcodes: location labels (Code 128 of the location code under large text) and
//! product labels (EAN-13 with name and SKU; Code 128 of the SKU when a product has no EAN).
//!
//! On thermal stock one label is one page; on A4 the labels sit in a grid with cut marks
//! (2 × 7 cells of 97 × 40 mm).

use super::Progress;
use super::barcode::{self, Bars};
use super::labels::LabelSize;
use super::pdf::{Align, Area, Page, Pdf, Style, render};
use crate::i18n::tr;

/// One product label.
#[derive(Debug, Clone, PartialEq)]
pub struct ProductTag {
    pub sku: String,
    pub name: String,
    pub ean13: Option<String>,
    pub location: Option<String>,
}

/// The A4 grid for warehouse labels: 2 columns × 7 rows of 97 × 40 mm, centred.
pub fn a4_cells() -> Vec<Area> {
    let (cw, ch) = (97.0, 40.0);
    let (x0, y0) = ((210.0 - 2.0 * cw) / 2.0, (297.0 - 7.0 * ch) / 2.0);
    (0..14)
        .map(|i| Area::new(x0 + (i % 2) as f32 * cw, y0 + (i / 2) as f32 * ch, cw, ch))
        .collect()
}

/// Lays out `n` items on `size` pages, calling `draw` for each item with its area.
fn sheet<T>(
    title: &str,
    items: &[T],
    size: LabelSize,
    progress: &Progress,
    mut draw: impl FnMut(&mut Page, Area, &T) -> crate::Result<()>,
) -> crate::Result<Pdf> {
    progress.set_total(items.len());
    let (w, h) = size.page_mm();
    let cells = if size == LabelSize::A4 {
        a4_cells()
    } else {
        vec![Area::new(0.0, 0.0, w, h)]
    };
    let margin = if size == LabelSize::L58x40 { 2.0 } else { 4.0 };
    render(title, items.len().div_ceil(cells.len()), progress, |doc| {
        for chunk in items.chunks(cells.len()) {
            let mut page = doc.page(w, h);
            for (item, cell) in chunk.iter().zip(&cells) {
                if size == LabelSize::A4 {
                    page.cut_marks(*cell, 3.0, 1.0);
                }
                draw(&mut page, cell.inset(margin), item)?;
                doc.step(progress)?;
            }
            doc.push(page);
        }
        Ok(())
    })
}

/// Bars centred in `a`, as wide as fits with 10-module quiet zones (module at most `max`).
fn centred(page: &mut Page, bars: &Bars, a: Area, max: f32) -> f32 {
    let module = max.min(a.w / (bars.total_modules() as f32 + 20.0));
    let width = bars.total_modules() as f32 * module;
    page.bars(bars, a.x + (a.w - width) / 2.0, a.y, module, a.h);
    module
}

/// Location labels for `codes`, in the order given.
pub fn locations_pdf(codes: &[String], size: LabelSize, progress: &Progress) -> crate::Result<Pdf> {
    sheet(tr("Location labels"), codes, size, progress, |page, a, code| {
        let bars = barcode::code128(code)
            .map_err(|e| crate::Error::msg(format!("{} {code}: {e}", tr("Location")).to_string()))?;
        // large text on top (about 40 % of the height), the barcode below
        let text_h = a.h * 0.4;
        let size_pt = (text_h * 0.8 * super::pdf::PT_PER_MM).min(60.0);
        page.text_fit(
            a.x,
            a.y + text_h * 0.85,
            a.w,
            Align::Center,
            Style::bold(size_pt),
            8.0,
            code,
        );
        centred(
            page,
            &bars,
            Area::new(a.x, a.y + text_h + 1.0, a.w, a.h - text_h - 1.0),
            0.6,
        );
        Ok(())
    })
}

/// Product labels with EAN-13 (or Code 128 of the SKU without one).
pub fn products_pdf(products: &[ProductTag], size: LabelSize, progress: &Progress) -> crate::Result<Pdf> {
    sheet(tr("Product labels"), products, size, progress, |page, a, p| {
        let small = size == LabelSize::L58x40;
        let name_h = if small { 6.0 } else { a.h * 0.3 };
        page.text_box(
            Area::new(a.x, a.y, a.w, name_h),
            Align::Left,
            Style::regular(11.0),
            5.0,
            &p.name,
        );
        let line_y = a.y + name_h + if small { 3.0 } else { 5.0 };
        let sku = match &p.location {
            Some(loc) if !small => format!("{} · {loc}", p.sku),
            _ => p.sku.clone(),
        };
        page.text_fit(
            a.x,
            line_y,
            a.w,
            Align::Left,
            Style::bold(if small { 8.0 } else { 11.0 }),
            5.0,
            &sku,
        );
        let digits_h = if small { 2.8 } else { 4.0 };
        let bar_area = Area::new(
            a.x,
            line_y + 1.5,
            a.w,
            (a.bottom() - line_y - 1.5 - digits_h).max(4.0),
        );
        match &p.ean13 {
            Some(ean) => {
                let digits = barcode::ean13_digits(ean)
                    .map_err(|e| crate::Error::msg(format!("{} {}: {e}", tr("Product"), p.sku)))?;
                let bars = barcode::ean13(&digits)
                    .map_err(|e| crate::Error::msg(format!("{} {}: {e}", tr("Product"), p.sku)))?;
                let module = centred(page, &bars, bar_area, 0.33);
                // digits under the bars the usual way: 1 | 6 | 6
                let width = 95.0 * module;
                let x0 = a.x + (a.w - width) / 2.0;
                let st = Style::regular((digits_h * 0.9 * super::pdf::PT_PER_MM).min(9.0));
                let y = bar_area.bottom() + digits_h * 0.85;
                page.text_aligned(x0 - 8.0 * module, y, 7.0 * module, Align::Right, st, &digits[..1]);
                page.text_aligned(
                    x0 + 3.0 * module,
                    y,
                    42.0 * module,
                    Align::Center,
                    st,
                    &digits[1..7],
                );
                page.text_aligned(
                    x0 + 50.0 * module,
                    y,
                    42.0 * module,
                    Align::Center,
                    st,
                    &digits[7..],
                );
            }
            None => {
                let bars = barcode::code128(&p.sku)
                    .map_err(|e| crate::Error::msg(format!("{} {}: {e}", tr("Product"), p.sku)))?;
                centred(page, &bars, bar_area, 0.4);
                let st = Style::regular(if small { 6.0 } else { 8.0 });
                page.text_aligned(
                    a.x,
                    bar_area.bottom() + digits_h * 0.85,
                    a.w,
                    Align::Center,
                    st,
                    &p.sku,
                );
            }
        }
        Ok(())
    })
}

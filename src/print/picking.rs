//! Picking lists (A4 portrait) for an order or a wave. Lines come in walking order (the caller
//! sorts them: location sequence, then location code). Every page repeats the header with the
//! Code 128 barcode of the order or wave number and says "Page X of Y"; product names wrap
//! inside their column and the row grows; the list ends with totals and signature lines.

use super::Progress;
use super::barcode;
use super::pdf::{Align, Area, Doc, FontSet, Page, Pdf, Style, Weight, render};
use crate::domain::product::boxes_and_loose;
use crate::i18n::tr;

/// One line to pick.
#[derive(Debug, Clone, PartialEq)]
pub struct PickLine {
    pub order_no: String,
    pub location: String,
    pub sku: String,
    pub name: String,
    pub qty: i64,
    pub unit: String,
    /// Full boxes and loose units.
    pub boxes: (i64, i64),
    /// Weight of the whole line in grams.
    pub weight_g: i64,
}

impl PickLine {
    /// A line whose boxes are computed from units per box (0 or less: no boxes, all loose).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        order_no: &str,
        location: &str,
        sku: &str,
        name: &str,
        qty: i64,
        unit: &str,
        units_per_box: i64,
        unit_weight_g: i64,
    ) -> PickLine {
        let boxes = if units_per_box > 1 {
            boxes_and_loose(qty, units_per_box)
        } else {
            (0, qty)
        };
        PickLine {
            order_no: order_no.to_owned(),
            location: location.to_owned(),
            sku: sku.to_owned(),
            name: name.to_owned(),
            qty,
            unit: unit.to_owned(),
            boxes,
            weight_g: qty.saturating_mul(unit_weight_g),
        }
    }
}

/// How a wave's lines are laid out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum PickMode {
    /// One list in walking order; with more than one order, a column says whose line it is.
    Lines,
    /// The same product summed over the wave, then a split list per order.
    Consolidated,
}

/// Everything a picking list prints.
#[derive(Debug, Clone, PartialEq)]
pub struct PickingDoc {
    /// True for a wave, false for one order.
    pub wave: bool,
    /// The order or wave number (also the barcode).
    pub number: String,
    pub customers: String,
    pub delivery: String,
    pub route: String,
    pub wanted: String,
    /// "2026-11-23 10:42 · Ольга".
    pub printed: String,
    /// More header fields, e.g. ("Carrier", "…").
    pub extra: Vec<(String, String)>,
    pub lines: Vec<PickLine>,
    pub mode: PickMode,
}

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 12.0;
const RIGHT: f32 = PAGE_W - 12.0;
const TABLE_TOP: f32 = 45.0;
const FOOTER_Y: f32 = 289.0;
const BOTTOM: f32 = 282.0;
const BODY: Style = Style::regular(8.5);
const PAD: f32 = 1.0;
const ROW_H: f32 = 5.2;
const SIGNATURES_H: f32 = 30.0;

#[derive(Clone, Copy, PartialEq)]
enum Col {
    Tick,
    Order,
    Location,
    Sku,
    Name,
    Qty,
    Unit,
    Boxes,
    Picked,
}

/// Column x positions and widths for a list with or without the order column.
fn columns(with_order: bool) -> Vec<(Col, f32, f32)> {
    let spec: &[(Col, f32)] = if with_order {
        &[
            (Col::Tick, 6.0),
            (Col::Order, 22.0),
            (Col::Location, 21.0),
            (Col::Sku, 23.0),
            (Col::Name, 0.0),
            (Col::Qty, 14.0),
            (Col::Unit, 9.0),
            (Col::Boxes, 17.0),
            (Col::Picked, 18.0),
        ]
    } else {
        &[
            (Col::Tick, 6.0),
            (Col::Location, 24.0),
            (Col::Sku, 26.0),
            (Col::Name, 0.0),
            (Col::Qty, 16.0),
            (Col::Unit, 10.0),
            (Col::Boxes, 20.0),
            (Col::Picked, 20.0),
        ]
    };
    let fixed: f32 = spec.iter().map(|s| s.1).sum();
    let mut x = LEFT;
    spec.iter()
        .map(|&(c, w)| {
            let w = if w == 0.0 { RIGHT - LEFT - fixed } else { w };
            let col = (c, x, w);
            x += w;
            col
        })
        .collect()
}

fn title(c: Col) -> &'static str {
    match c {
        Col::Tick => "",
        Col::Order => tr("Order"),
        Col::Location => tr("Location"),
        Col::Sku => tr("SKU"),
        Col::Name => tr("Product"),
        Col::Qty => tr("Qty"),
        Col::Unit => tr("Unit"),
        Col::Boxes => tr("Boxes + units"),
        Col::Picked => tr("Picked"),
    }
}

/// A row of the flowing table.
enum Row<'a> {
    /// A section heading ("Consolidated", "By order").
    Section(String),
    /// An order heading inside the split list.
    Group(String),
    Line {
        line: &'a PickLine,
        with_order: bool,
        name_lines: Vec<String>,
    },
}

impl Row<'_> {
    fn height(&self) -> f32 {
        match self {
            Row::Section(_) => 8.0,
            Row::Group(_) => 6.0,
            // a one-line row is 5.2 mm, as on paper forms; each wrapped line adds a leading
            Row::Line { name_lines, .. } => ROW_H + (name_lines.len().max(1) - 1) as f32 * BODY.leading_mm(),
        }
    }
}

/// Sums the same product (SKU and location) over the wave; `order_no` says how many orders.
pub fn consolidate(lines: &[PickLine]) -> Vec<PickLine> {
    let mut out: Vec<PickLine> = Vec::new();
    let mut index: std::collections::HashMap<(&str, &str), usize> = std::collections::HashMap::new();
    let mut orders: Vec<std::collections::BTreeSet<&str>> = Vec::new();
    for l in lines {
        match index.get(&(l.sku.as_str(), l.location.as_str())) {
            Some(&i) => {
                let o = &mut out[i];
                o.qty += l.qty;
                o.boxes.0 += l.boxes.0;
                o.boxes.1 += l.boxes.1;
                o.weight_g += l.weight_g;
                orders[i].insert(&l.order_no);
            }
            None => {
                index.insert((&l.sku, &l.location), out.len());
                out.push(l.clone());
                orders.push([l.order_no.as_str()].into());
            }
        }
    }
    for (o, set) in out.iter_mut().zip(orders) {
        o.order_no = set.len().to_string();
    }
    out
}

/// The picking list as a PDF.
pub fn picking_pdf(doc_data: &PickingDoc, progress: &Progress) -> crate::Result<Pdf> {
    let title = format!("{} {}", tr("Picking list"), doc_data.number);
    picking_pdf_all(std::slice::from_ref(doc_data), &title, progress).map(|(pdf, _)| pdf)
}

/// Several picking lists in one PDF (the orders chosen together on the board), each starting
/// on a new page with its own header, barcode, totals and "page X of Y". Returns the pages of
/// each list too.
pub fn picking_pdf_all(
    docs: &[PickingDoc],
    title: &str,
    progress: &Progress,
) -> crate::Result<(Pdf, Vec<usize>)> {
    progress.set_total(docs.iter().map(|d| d.lines.len()).sum());
    let consolidated: Vec<Vec<PickLine>> = docs
        .iter()
        .map(|d| {
            if d.wave && d.mode == PickMode::Consolidated {
                consolidate(&d.lines)
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut plans = Vec::with_capacity(docs.len());
    for (d, summed) in docs.iter().zip(&consolidated) {
        plans.push(plan(d, summed)?);
        progress.check()?;
    }
    let sections: Vec<usize> = plans.iter().map(|p| p.pages.len()).collect();
    let total: usize = sections.iter().sum();
    let pdf = render(title, total, progress, |doc| {
        for (d, plan) in docs.iter().zip(&plans) {
            draw(doc, d, plan, progress)?;
        }
        Ok(())
    })?;
    Ok((pdf, sections))
}

/// One list laid out: its barcode, its rows and which rows each page holds.
struct Plan<'a> {
    code: barcode::Bars,
    rows: Vec<Row<'a>>,
    pages: Vec<std::ops::Range<usize>>,
}

/// Rows and pagination of one list. `summed` is its consolidated lines (a wave's, in that
/// mode; empty otherwise).
fn plan<'a>(doc_data: &'a PickingDoc, summed: &'a [PickLine]) -> crate::Result<Plan<'a>> {
    let fonts = FontSet::get();
    let code = barcode::code128(&doc_data.number)
        .map_err(|e| crate::Error::msg(format!("{} {}: {e}", tr("Barcode of"), doc_data.number)))?;
    let multi_order = {
        let first = doc_data.lines.first().map(|l| l.order_no.as_str());
        doc_data.lines.iter().any(|l| Some(l.order_no.as_str()) != first)
    };
    // 1. rows, with wrapped names
    let mut rows: Vec<Row> = Vec::with_capacity(doc_data.lines.len() + 8);
    let name_w = |with_order: bool| {
        columns(with_order)
            .iter()
            .find(|c| c.0 == Col::Name)
            .map_or(60.0, |c| c.2)
    };
    let wrap = |l: &PickLine, with_order: bool| {
        fonts.wrap(&l.name, name_w(with_order) - 2.0, BODY.size, Weight::Regular)
    };
    match doc_data.mode {
        PickMode::Consolidated if doc_data.wave => {
            rows.push(Row::Section(
                tr("Consolidated: the same product summed over the wave").to_owned(),
            ));
            for l in summed {
                rows.push(Row::Line {
                    line: l,
                    with_order: true,
                    name_lines: wrap(l, true),
                });
            }
            rows.push(Row::Section(tr("Split by order").to_owned()));
            let mut order_nos: Vec<&str> = doc_data.lines.iter().map(|l| l.order_no.as_str()).collect();
            order_nos.sort_unstable();
            order_nos.dedup();
            for no in order_nos {
                rows.push(Row::Group(format!("{} {no}", tr("Order"))));
                for l in doc_data.lines.iter().filter(|l| l.order_no == no) {
                    rows.push(Row::Line {
                        line: l,
                        with_order: false,
                        name_lines: wrap(l, false),
                    });
                }
            }
        }
        _ => {
            for l in &doc_data.lines {
                rows.push(Row::Line {
                    line: l,
                    with_order: multi_order,
                    name_lines: wrap(l, multi_order),
                });
            }
        }
    }

    // 2. pagination: a page holds rows from TABLE_TOP (after the column header) to BOTTOM
    let mut pages: Vec<std::ops::Range<usize>> = Vec::new();
    let mut start = 0;
    let mut y = TABLE_TOP + 6.0;
    for (i, row) in rows.iter().enumerate() {
        let h = row.height();
        // a section or group heading never ends a page
        let keep = if matches!(row, Row::Section(_) | Row::Group(_)) {
            8.0
        } else {
            0.0
        };
        if y + h + keep > BOTTOM && i > start {
            pages.push(start..i);
            start = i;
            y = TABLE_TOP + 6.0;
        }
        y += h;
    }
    let needs_own_page = y + SIGNATURES_H > BOTTOM;
    pages.push(start..rows.len());
    if needs_own_page {
        pages.push(rows.len()..rows.len());
    }
    Ok(Plan { code, rows, pages })
}

/// Draws the pages of one planned list.
fn draw(doc: &mut Doc, doc_data: &PickingDoc, plan: &Plan, progress: &Progress) -> crate::Result<()> {
    let Plan { code, rows, pages } = plan;
    let total_pages = pages.len();
    for (p, range) in pages.iter().enumerate() {
        let mut page = doc.page(PAGE_W, PAGE_H);
        header(&mut page, doc_data, code);
        let mut y = TABLE_TOP;
        let mut header_cols: Option<bool> = None;
        for row in &rows[range.clone()] {
            if let Row::Line { with_order, .. } = row
                && header_cols != Some(*with_order)
            {
                column_header(&mut page, y, *with_order);
                y += 6.0;
                header_cols = Some(*with_order);
            }
            y = draw_row(&mut page, y, row);
            if matches!(row, Row::Line { .. }) {
                doc.step(progress)?;
            }
            if matches!(row, Row::Section(_)) {
                header_cols = None;
            }
        }
        if p + 1 == total_pages {
            totals(&mut page, y.max(TABLE_TOP) + 4.0, &doc_data.lines);
        }
        page.line(LEFT, FOOTER_Y - 4.0, RIGHT, FOOTER_Y - 4.0, 0.2);
        let footer = format!("{} {}", tr("Picking list"), doc_data.number);
        page.text(LEFT, FOOTER_Y, Style::regular(8.0), &footer);
        let page_of = format!("{} {} {} {}", tr("Page"), p + 1, tr("of"), total_pages);
        page.text_aligned(
            LEFT,
            FOOTER_Y,
            RIGHT - LEFT,
            Align::Right,
            Style::bold(8.0),
            &page_of,
        );
        doc.push(page);
    }
    Ok(())
}

fn header(page: &mut Page, d: &PickingDoc, code: &barcode::Bars) {
    let module = 0.3;
    let bw = code.total_modules() as f32 * module;
    let bx = RIGHT - bw;
    page.bars(code, bx, 9.0, module, 11.0);
    page.text_aligned(bx, 23.5, bw, Align::Center, Style::regular(8.0), &d.number);
    let what = if d.wave { tr("Wave") } else { tr("Order") };
    let text_w = bx - LEFT - 6.0;
    page.text_fit(
        LEFT,
        15.0,
        text_w,
        Align::Left,
        Style::bold(15.0),
        10.0,
        &format!("{} · {what} {}", tr("Picking list"), d.number),
    );
    let mut fields: Vec<(&str, &str)> = vec![
        (tr("Customer"), &d.customers),
        (tr("Delivery"), &d.delivery),
        (tr("Route"), &d.route),
        (tr("Wanted"), &d.wanted),
    ];
    fields.extend(d.extra.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    fields.retain(|f| !f.1.trim().is_empty());
    let mut y = 21.0;
    let label = Style::regular(8.0);
    for (k, v) in fields.iter().take(4) {
        page.text(LEFT, y, label, k);
        page.text_fit(
            LEFT + 20.0,
            y,
            text_w - 20.0,
            Align::Left,
            Style::bold(9.0),
            6.5,
            v,
        );
        y += 4.3;
    }
    page.text(LEFT, 39.5, label, tr("Printed"));
    page.text_fit(
        LEFT + 20.0,
        39.5,
        RIGHT - LEFT - 20.0,
        Align::Left,
        label,
        6.0,
        &d.printed,
    );
    for (i, (k, v)) in fields.iter().skip(4).take(2).enumerate() {
        let x = bx - 2.0;
        let yy = 30.5 + i as f32 * 4.0;
        page.text_fit(x, yy, RIGHT - x, Align::Left, label, 6.0, &format!("{k}: {v}"));
    }
}

fn column_header(page: &mut Page, y: f32, with_order: bool) {
    page.fill(&[Area::new(LEFT, y, RIGHT - LEFT, 5.5)], 0.88);
    for (c, x, w) in columns(with_order) {
        let align = if matches!(c, Col::Qty | Col::Boxes) {
            Align::Right
        } else {
            Align::Left
        };
        page.text_fit(x + 1.0, y + 4.0, w - 2.0, align, Style::bold(7.5), 5.5, title(c));
    }
}

fn draw_row(page: &mut Page, y: f32, row: &Row) -> f32 {
    let h = row.height();
    match row {
        Row::Section(t) => {
            page.text_fit(
                LEFT,
                y + 6.0,
                RIGHT - LEFT,
                Align::Left,
                Style::bold(10.5),
                7.0,
                t,
            );
        }
        Row::Group(t) => {
            page.text_fit(
                LEFT + 1.0,
                y + 4.5,
                RIGHT - LEFT,
                Align::Left,
                Style::bold(9.0),
                7.0,
                t,
            );
            page.line(LEFT, y + h, RIGHT, y + h, 0.25);
        }
        Row::Line {
            line,
            with_order,
            name_lines,
        } => {
            let base = y + PAD + BODY.ascent_mm();
            for (c, x, w) in columns(*with_order) {
                let (x, w) = (x + 1.0, w - 2.0);
                match c {
                    Col::Tick => page.frame(Area::new(x, y + PAD, 3.2, 3.2), 0.25),
                    Col::Order => {
                        page.text_fit(x, base, w, Align::Left, BODY, 5.5, &line.order_no);
                    }
                    Col::Location => {
                        page.text_fit(x, base, w, Align::Left, Style::bold(8.5), 5.5, &line.location);
                    }
                    Col::Sku => {
                        page.text_fit(x, base, w, Align::Left, BODY, 5.5, &line.sku);
                    }
                    Col::Name => {
                        for (i, l) in name_lines.iter().enumerate() {
                            page.text(x, base + i as f32 * BODY.leading_mm(), BODY, l);
                        }
                    }
                    Col::Qty => {
                        page.text_fit(
                            x,
                            base,
                            w,
                            Align::Right,
                            Style::bold(8.5),
                            5.5,
                            &line.qty.to_string(),
                        );
                    }
                    Col::Unit => {
                        page.text_fit(x, base, w, Align::Left, BODY, 5.5, &line.unit);
                    }
                    Col::Boxes => {
                        page.text_fit(x, base, w, Align::Right, BODY, 5.5, &boxes_text(line.boxes));
                    }
                    Col::Picked => page.line(x + 1.0, base + 0.6, x + w, base + 0.6, 0.2),
                }
            }
            page.line(LEFT, y + h, RIGHT, y + h, 0.1);
        }
    }
    y + h
}

fn boxes_text((full, loose): (i64, i64)) -> String {
    format!("{full} + {loose}")
}

fn totals(page: &mut Page, y: f32, lines: &[PickLine]) {
    let units: i64 = lines.iter().map(|l| l.qty).sum();
    let full: i64 = lines.iter().map(|l| l.boxes.0).sum();
    let loose: i64 = lines.iter().map(|l| l.boxes.1).sum();
    let weight: i64 = lines.iter().map(|l| l.weight_g).sum();
    let text = format!(
        "{}: {} · {}: {} · {}: {} + {} {} · {}: {}",
        tr("Lines"),
        lines.len(),
        tr("Units"),
        units,
        tr("Boxes"),
        full,
        loose,
        tr("loose units"),
        tr("Weight"),
        super::kg(weight)
    );
    page.text_fit(
        LEFT,
        y + 4.0,
        RIGHT - LEFT,
        Align::Left,
        Style::bold(9.5),
        7.0,
        &text,
    );
    let sy = y + 20.0;
    let half = (RIGHT - LEFT) / 2.0;
    for (i, who) in [tr("Picker"), tr("Checker")].into_iter().enumerate() {
        let x = LEFT + i as f32 * half;
        page.text(x, sy, Style::regular(9.0), who);
        page.line(x + 22.0, sy + 0.8, x + half - 6.0, sy + 0.8, 0.25);
        page.text(x + 22.0, sy + 4.5, Style::regular(6.5), tr("name, signature"));
    }
}

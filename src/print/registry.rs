//! Registries of documents (A4, with signature lines) and barcode stickers of registered
//! documents (their register code as Code 128), from plain store rows.
//!
//! The registry: our company, the title with the registry's kind, its number as a Code 128
//! barcode, the date, who printed it and when (and, once handed over, when, by whom and to
//! whom); then a table of its documents whose cells wrap inside their columns (a row grows, no
//! text leaves its cell). A long registry continues on more pages, each with a running header
//! and the table's column header again; the last page ends with the totals and the signature
//! lines of the one who hands the stack over and the one who receives it. Every page says
//! "Page X of Y".
//!
//! The stickers: one 58×40 mm thermal label per document, or A4 sheets of 3 × 8 stickers of
//! 70×37 mm (edge to edge). Each carries the customer, the document's kind, number and date,
//! and its register code as a Code 128 barcode (module at least 0.25 mm, 10-module quiet zones)
//! with the code as text under it.

use chrono::{DateTime, Local, NaiveDate, Utc};

use super::Progress;
use super::barcode::{self, Bars};
use super::pdf::{Align, Area, FontSet, Page, Pdf, Style, Weight, ellipsize, render};
use crate::domain::decimal::format_money;
use crate::domain::document::{Direction, DocKind, DocStatus, RegistryKind, SentVia};
use crate::i18n::{Lang, lang, tr};
use crate::store::documents::{DocumentRow, RegistryDetail};

/// Sizes of document stickers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
pub enum StickerSize {
    /// One 58×40 mm thermal label per document.
    #[default]
    Label58x40,
    /// A4 sheets of 70×37 mm stickers, 3 across and 8 down.
    A4Sheet,
}

/// What the registry prints besides its rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegistryPrint<'a> {
    pub registry: &'a RegistryDetail,
    /// Our company (Settings → company name).
    pub company: &'a str,
    pub printed_by: &'a str,
    pub printed_at: DateTime<Local>,
}

// ---------------------------------------------------------------------------------------------
// labels of kinds and statuses (shared with the panels, the export and Settings)

/// How a document travels: outgoing to a client or incoming.
pub fn direction_label(d: Direction) -> &'static str {
    match d {
        Direction::Outgoing => tr("Outgoing"),
        Direction::Incoming => tr("Incoming"),
    }
}

/// How an outgoing document went to the client.
pub fn sent_via_label(v: SentVia) -> &'static str {
    match v {
        SentVia::Goods => tr("with the goods"),
        SentVia::Email => tr("by e-mail"),
        SentVia::Courier => tr("by courier"),
    }
}

pub fn doc_kind_label(k: DocKind) -> &'static str {
    tr(match k {
        DocKind::Waybill => "Waybill",
        DocKind::Invoice => "Invoice",
        DocKind::Upd => "Universal transfer document",
        DocKind::Act => "Act",
        DocKind::ReturnDoc => "Return document",
        DocKind::PowerOfAttorney => "Power of attorney",
        DocKind::CertificatePack => "Certificate pack",
        DocKind::Other => "Other document",
    })
}

pub fn registry_kind_label(k: RegistryKind) -> &'static str {
    tr(match k {
        RegistryKind::Shipments => "Shipments",
        RegistryKind::SelfPickup => "Self-pickups",
        RegistryKind::Accounting => "Signed copies for accounting",
    })
}

pub fn doc_status_label(s: DocStatus) -> &'static str {
    tr(match s {
        DocStatus::Issued => "Issued",
        DocStatus::Sent => "Sent to the client",
        DocStatus::Signed => "Signed copy received",
        DocStatus::Handed => "Handed over",
        DocStatus::Lost => "Lost",
        DocStatus::Reissued => "Reissued",
        DocStatus::Received => "Received",
        DocStatus::Cancelled => "Cancelled (document)",
    })
}

/// A date as printed: `23.11.2026` in Russian, `2026-11-23` in English.
pub fn print_date(d: NaiveDate) -> String {
    d.format(date_format()).to_string()
}

fn date_format() -> &'static str {
    match lang() {
        Lang::Ru => "%d.%m.%Y",
        Lang::En => "%Y-%m-%d",
    }
}

fn local_time(t: DateTime<Utc>) -> String {
    t.with_timezone(&Local)
        .format(&format!("{} %H:%M", date_format()))
        .to_string()
}

/// The name on a document: its customer, or the counterparty of an incoming one.
fn party(d: &DocumentRow) -> &str {
    if d.customer_name.trim().is_empty() {
        d.counterparty.trim()
    } else {
        d.customer_name.trim()
    }
}

// ---------------------------------------------------------------------------------------------
// the registry

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 12.0;
const RIGHT: f32 = PAGE_W - 12.0;
const WIDTH: f32 = RIGHT - LEFT;
/// Where the table starts on a continued page (below the running header).
const CONT_TOP: f32 = 21.0;
const BOTTOM: f32 = 280.0;
const FOOTER_Y: f32 = 289.0;
const CELL: Style = Style::regular(7.5);
const HEAD: Style = Style::bold(7.0);
const HEAD_H: f32 = 8.0;
const PAD: f32 = 1.2;
const ROW_MIN: f32 = 5.6;
/// A cell never grows beyond this many lines (the last one ends with "…").
const MAX_CELL_LINES: usize = 10;
/// The totals and the signature lines after the last row.
const TOTALS_H: f32 = 10.0;
const SIGNATURES_H: f32 = 38.0;
/// The registry number's barcode: module width and bar height in mm.
const REG_MODULE: f32 = 0.3;
const REG_BARS_H: f32 = 12.0;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    No,
    Code,
    Kind,
    Number,
    Date,
    Customer,
    Orders,
    Amount,
    Mark,
}

const COLS: usize = 9;

/// Column, x and width; the customer takes what the others leave.
fn columns() -> [(Col, f32, f32); COLS] {
    let spec = [
        (Col::No, 8.0),
        (Col::Code, 20.0),
        (Col::Kind, 27.0),
        (Col::Number, 22.0),
        (Col::Date, 16.0),
        (Col::Customer, 0.0),
        (Col::Orders, 25.0),
        (Col::Amount, 21.0),
        (Col::Mark, 16.0),
    ];
    let fixed: f32 = spec.iter().map(|s| s.1).sum();
    let mut x = LEFT;
    spec.map(|(c, w)| {
        let w = if w == 0.0 { WIDTH - fixed } else { w };
        let col = (c, x, w);
        x += w;
        col
    })
}

fn col_title(c: Col) -> &'static str {
    match c {
        Col::No => tr("No."),
        Col::Code => tr("Register code"),
        Col::Kind => tr("Kind"),
        Col::Number => tr("Number"),
        Col::Date => tr("Date"),
        Col::Customer => tr("Customer"),
        Col::Orders => tr("Orders"),
        Col::Amount => tr("Amount"),
        Col::Mark => tr("Receiver's mark"),
    }
}

/// One document as laid out: the lines of each cell (by column index).
struct Row {
    cells: [Vec<String>; COLS],
    height: f32,
}

fn row_height(lines: usize) -> f32 {
    (2.0 * PAD + lines.max(1) as f32 * CELL.leading_mm()).max(ROW_MIN)
}

/// Wraps a cell's text into its column, at most [`MAX_CELL_LINES`] lines.
fn wrap_cell(fonts: &FontSet, text: &str, w: f32) -> Vec<String> {
    let text = text.trim();
    if text.is_empty() {
        return Vec::new();
    }
    let mut lines = fonts.wrap(text, w, CELL.size, Weight::Regular);
    if lines.len() > MAX_CELL_LINES {
        lines.truncate(MAX_CELL_LINES);
        if let Some(last) = lines.last_mut() {
            *last = ellipsize(fonts, &format!("{last} …"), w, CELL);
        }
    }
    lines
}

fn layout_row(fonts: &FontSet, i: usize, d: &DocumentRow) -> Row {
    let cells = columns().map(|(c, _, w)| {
        let w = w - 2.0;
        match c {
            // single-line cells shrink to fit when drawn
            Col::No => vec![(i + 1).to_string()],
            Col::Code => vec![d.code.clone()],
            Col::Date => vec![print_date(d.doc_date)],
            Col::Amount => vec![d.amount_minor.map_or_else(|| "—".to_owned(), format_money)],
            Col::Mark => Vec::new(),
            Col::Kind => wrap_cell(fonts, doc_kind_label(d.kind), w),
            Col::Number => wrap_cell(fonts, &d.number, w),
            Col::Customer => wrap_cell(fonts, party(d), w),
            Col::Orders => wrap_cell(fonts, &d.order_numbers.join(", "), w),
        }
    });
    let lines = cells.iter().map(Vec::len).max().unwrap_or(1);
    Row {
        height: row_height(lines),
        cells,
    }
}

/// The header's lines under the title (label, value, bold), as they print on the first page.
fn header_fields(r: &RegistryPrint) -> Vec<(String, String, bool)> {
    let row = &r.registry.row;
    let mut out = vec![
        (tr("Date").to_owned(), print_date(row.on_date), true),
        (
            tr("Printed").to_owned(),
            join(&[
                &r.printed_at
                    .format(&format!("{} %H:%M", date_format()))
                    .to_string(),
                r.printed_by,
            ]),
            false,
        ),
    ];
    if let Some(at) = row.handed_at {
        let by = row.handed_by.as_deref().unwrap_or_default().trim();
        let to = row.handed_to.trim();
        let template = match (by.is_empty(), to.is_empty()) {
            (false, false) => tr("Handed over {date} by {user} to {name}"),
            (false, true) => tr("Handed over {date} by {user}"),
            (true, false) => tr("Handed over {date} to {name}"),
            (true, true) => tr("Handed over {date}"),
        };
        let text = template
            .replace("{date}", &local_time(at))
            .replace("{user}", by)
            .replace("{name}", to);
        out.push((String::new(), text, true));
    }
    if !row.comment.trim().is_empty() {
        out.push((tr("Comment").to_owned(), row.comment.trim().to_owned(), false));
    }
    out
}

fn join(parts: &[&str]) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

const FIELD_Y: f32 = 32.0;
const FIELD_STEP: f32 = 4.6;

/// Where the table starts on the first page.
fn first_table_top(fields: usize) -> f32 {
    FIELD_Y + fields as f32 * FIELD_STEP + 1.0
}

/// The rows (by index) on each page; a last page may hold no row (only the totals and the
/// signatures).
fn paginate(rows: &[Row], first_top: f32) -> Vec<std::ops::Range<usize>> {
    let mut pages = Vec::new();
    let mut start = 0;
    let mut y = first_top + HEAD_H;
    let mut heights = Vec::new();
    for (i, row) in rows.iter().enumerate() {
        if y + row.height > BOTTOM && i > start {
            pages.push(start..i);
            heights.push(y);
            start = i;
            y = CONT_TOP + HEAD_H;
        }
        y += row.height;
    }
    let end = rows.len();
    if y + TOTALS_H + SIGNATURES_H <= BOTTOM {
        pages.push(start..end);
    } else if end - start > 1 {
        // the last row goes along with the totals, so that they never stand alone
        pages.push(start..end - 1);
        pages.push(end - 1..end);
    } else {
        pages.push(start..end);
        pages.push(end..end);
    }
    pages
}

/// The registry as an A4 PDF.
pub fn registry_pdf(r: &RegistryPrint) -> crate::Result<Pdf> {
    let fonts = FontSet::get();
    let reg = &r.registry.row;
    let bars = barcode::code128(&reg.number)
        .map_err(|e| crate::Error::msg(format!("{} {}: {e}", tr("Registry"), reg.number)))?;
    let rows: Vec<Row> = r
        .registry
        .documents
        .iter()
        .enumerate()
        .map(|(i, d)| layout_row(fonts, i, d))
        .collect();
    let fields = header_fields(r);
    let first_top = first_table_top(fields.len());
    let pages = paginate(&rows, first_top);
    let total = pages.len();
    let title = format!("{} {}", tr("Registry of documents"), reg.number);
    let running = join(&[&title, registry_kind_label(reg.kind), &print_date(reg.on_date)]);
    render(&title, total, &Progress::new(), |doc| {
        for (p, range) in pages.iter().enumerate() {
            let mut page = doc.page(PAGE_W, PAGE_H);
            let top = if p == 0 {
                first_header(&mut page, r, &bars, &fields);
                first_top
            } else {
                running_header(&mut page, &running, r.company);
                CONT_TOP
            };
            let mut y = top;
            if !range.is_empty() {
                table_head(&mut page, y);
                y += HEAD_H;
                for row in &rows[range.clone()] {
                    draw_row(&mut page, y, row);
                    y += row.height;
                }
            }
            if p + 1 == total {
                y = totals(&mut page, y, r.registry);
                signatures(
                    &mut page,
                    y,
                    reg.handed_by.as_deref().unwrap_or_default(),
                    &reg.handed_to,
                );
            }
            footer(&mut page, &running, p + 1, total);
            doc.push(page);
        }
        Ok(())
    })
}

fn first_header(page: &mut Page, r: &RegistryPrint, bars: &Bars, fields: &[(String, String, bool)]) {
    let reg = &r.registry.row;
    let bw = bars.total_modules() as f32 * REG_MODULE;
    let bx = RIGHT - bw;
    page.bars(bars, bx, 10.0, REG_MODULE, REG_BARS_H);
    page.text_aligned(
        bx,
        10.0 + REG_BARS_H + 3.8,
        bw,
        Align::Center,
        Style::bold(9.0),
        &reg.number,
    );
    // 10 modules of quiet zone left of the bars, and a little more
    let text_w = bx - LEFT - 10.0 * REG_MODULE - 3.0;
    page.text_fit(LEFT, 13.0, text_w, Align::Left, Style::bold(10.0), 6.0, r.company);
    page.text_fit(
        LEFT,
        21.0,
        text_w,
        Align::Left,
        Style::bold(15.0),
        9.0,
        &format!("{} {} {}", tr("Registry of documents"), tr("No."), reg.number),
    );
    page.text_fit(
        LEFT,
        27.0,
        text_w,
        Align::Left,
        Style::bold(11.0),
        7.0,
        registry_kind_label(reg.kind),
    );
    let label = Style::regular(8.5);
    let label_w = 24.0;
    for (i, (k, v, bold)) in fields.iter().enumerate() {
        let y = FIELD_Y + 1.5 + i as f32 * FIELD_STEP;
        let style = if *bold {
            Style::bold(9.0)
        } else {
            Style::regular(9.0)
        };
        if k.is_empty() {
            page.text_fit(LEFT, y, WIDTH, Align::Left, style, 6.0, v);
        } else {
            page.text_fit(LEFT, y, label_w - 1.0, Align::Left, label, 6.0, k);
            page.text_fit(LEFT + label_w, y, WIDTH - label_w, Align::Left, style, 6.0, v);
        }
    }
}

fn running_header(page: &mut Page, running: &str, company: &str) {
    let company_w = page.measure(company, Style::regular(8.0)).min(WIDTH * 0.4);
    page.text_fit(
        LEFT,
        13.0,
        WIDTH - company_w - 4.0,
        Align::Left,
        Style::bold(10.0),
        6.0,
        running,
    );
    page.text_fit(
        RIGHT - company_w,
        13.0,
        company_w,
        Align::Right,
        Style::regular(8.0),
        6.0,
        company,
    );
    page.line(LEFT, 16.0, RIGHT, 16.0, 0.3);
}

fn table_head(page: &mut Page, y: f32) {
    page.fill(&[Area::new(LEFT, y, WIDTH, HEAD_H)], 0.88);
    page.frame(Area::new(LEFT, y, WIDTH, HEAD_H), 0.25);
    for (c, x, w) in columns() {
        if x > LEFT {
            page.line(x, y, x, y + HEAD_H, 0.25);
        }
        let align = if c == Col::Amount {
            Align::Right
        } else {
            Align::Left
        };
        page.text_box(
            Area::new(x + 1.0, y + 0.9, w - 2.0, HEAD_H - 1.6),
            align,
            HEAD,
            5.0,
            col_title(c),
        );
    }
}

fn draw_row(page: &mut Page, y: f32, row: &Row) {
    let base = y + PAD + CELL.ascent_mm();
    for (k, (c, x, w)) in columns().into_iter().enumerate() {
        let (tx, tw) = (x + 1.0, w - 2.0);
        let lines = &row.cells[k];
        match c {
            Col::No | Col::Amount => {
                if let Some(t) = lines.first() {
                    page.text_fit(tx, base, tw, Align::Right, CELL, 5.0, t);
                }
            }
            Col::Code | Col::Date => {
                if let Some(t) = lines.first() {
                    page.text_fit(tx, base, tw, Align::Left, CELL, 5.0, t);
                }
            }
            _ => {
                for (i, l) in lines.iter().enumerate() {
                    // wrapped to the column already; fitting guards against rounding
                    page.text_fit(
                        tx,
                        base + i as f32 * CELL.leading_mm(),
                        tw,
                        Align::Left,
                        CELL,
                        5.0,
                        l,
                    );
                }
            }
        }
        if x > LEFT {
            page.line(x, y, x, y + row.height, 0.15);
        }
    }
    page.line(LEFT, y, LEFT, y + row.height, 0.25);
    page.line(RIGHT, y, RIGHT, y + row.height, 0.25);
    page.line(LEFT, y + row.height, RIGHT, y + row.height, 0.15);
}

/// The totals under the table; returns where the signatures go.
fn totals(page: &mut Page, y: f32, reg: &RegistryDetail) -> f32 {
    let amount: i64 = reg.documents.iter().filter_map(|d| d.amount_minor).sum();
    let text = format!(
        "{}: {}    {}: {}",
        tr("Number of documents"),
        reg.documents.len(),
        tr("Total amount"),
        format_money(amount)
    );
    page.text_fit(LEFT, y + 6.0, WIDTH, Align::Left, Style::bold(9.5), 6.5, &text);
    y + TOTALS_H
}

/// "Handed over by" and "Received by", each with name, signature and date blanks (the names
/// filled in once the registry is handed over).
fn signatures(page: &mut Page, y: f32, handed_by: &str, handed_to: &str) {
    let half = WIDTH / 2.0;
    let caption = Style::bold(9.5);
    let label = Style::regular(8.5);
    for (i, (who, name)) in [(tr("Handed over by"), handed_by), (tr("Received by"), handed_to)]
        .into_iter()
        .enumerate()
    {
        let x = LEFT + i as f32 * half;
        let line_end = x + half - 8.0;
        page.text_fit(x, y + 6.0, half - 8.0, Align::Left, caption, 7.0, who);
        for (j, field) in [tr("Full name"), tr("Signature"), tr("Date")]
            .into_iter()
            .enumerate()
        {
            let ly = y + 14.0 + j as f32 * 8.0;
            page.text_fit(x, ly, 21.0, Align::Left, label, 6.0, field);
            page.line(x + 22.0, ly + 0.8, line_end, ly + 0.8, 0.25);
            if j == 0 && !name.trim().is_empty() {
                page.text_fit(
                    x + 23.0,
                    ly - 0.2,
                    line_end - x - 24.0,
                    Align::Left,
                    label,
                    6.0,
                    name.trim(),
                );
            }
        }
    }
}

fn footer(page: &mut Page, running: &str, p: usize, total: usize) {
    page.line(LEFT, FOOTER_Y - 4.0, RIGHT, FOOTER_Y - 4.0, 0.2);
    let page_of = format!("{} {p} {} {total}", tr("Page"), tr("of"));
    let pw = page.measure(&page_of, Style::bold(8.0));
    page.text_fit(
        LEFT,
        FOOTER_Y,
        WIDTH - pw - 6.0,
        Align::Left,
        Style::regular(8.0),
        6.0,
        running,
    );
    page.text_aligned(LEFT, FOOTER_Y, WIDTH, Align::Right, Style::bold(8.0), &page_of);
}

// ---------------------------------------------------------------------------------------------
// stickers

/// The A4 sticker grid: 3 × 8 cells of 70 × 37 mm, edge to edge (296 mm centred in 297).
pub fn a4_sticker_cells() -> Vec<Area> {
    let (cw, ch) = (70.0, 37.0);
    let y0 = (PAGE_H - 8.0 * ch) / 2.0;
    (0..24)
        .map(|i| Area::new((i % 3) as f32 * cw, y0 + (i / 3) as f32 * ch, cw, ch))
        .collect()
}

/// The narrowest module a sticker's barcode gets, and the widest worth using (mm).
pub const MIN_MODULE: f32 = 0.25;
const MAX_MODULE: f32 = 0.38;

/// One sticker per document with its register code as a Code 128 barcode.
pub fn document_labels(docs: &[DocumentRow], size: StickerSize) -> crate::Result<Pdf> {
    if docs.is_empty() {
        return Err(crate::Error::msg(tr(
            "There are no documents to print stickers for.",
        )));
    }
    let mut codes = Vec::with_capacity(docs.len());
    for d in docs {
        let bars = barcode::code128(&d.code)
            .map_err(|e| crate::Error::msg(format!("{} {}: {e}", tr("Document"), d.code)))?;
        codes.push(bars);
    }
    let (w, h, cells) = match size {
        StickerSize::Label58x40 => (58.0, 40.0, vec![Area::new(0.0, 0.0, 58.0, 40.0)]),
        StickerSize::A4Sheet => (PAGE_W, PAGE_H, a4_sticker_cells()),
    };
    // inside a sticker: clear of the edges (and of a printer's unprintable margin on A4)
    let (mx, my) = match size {
        StickerSize::Label58x40 => (2.5, 2.0),
        StickerSize::A4Sheet => (4.0, 4.0),
    };
    let title = tr("Document barcodes");
    let progress = Progress::new();
    let pages = docs.len().div_ceil(cells.len());
    render(title, pages, &progress, |doc| {
        for (chunk, bars) in docs.chunks(cells.len()).zip(codes.chunks(cells.len())) {
            let mut page = doc.page(w, h);
            if size == StickerSize::A4Sheet {
                sheet_marks(&mut page);
            }
            for ((d, b), cell) in chunk.iter().zip(bars).zip(&cells) {
                let a = Area::new(cell.x + mx, cell.y + my, cell.w - 2.0 * mx, cell.h - 2.0 * my);
                sticker(&mut page, a, d, b)?;
            }
            doc.push(page);
        }
        Ok(())
    })
}

/// Light ticks on the sheet's edges where stickers meet, to cut plain paper along.
fn sheet_marks(page: &mut Page) {
    let cells = a4_sticker_cells();
    let y0 = cells.first().map_or(0.0, |c| c.y);
    let mut ticks = Vec::new();
    for x in [70.0, 140.0] {
        ticks.push(Area::new(x - 0.05, 0.0, 0.1, y0 + 1.5));
        ticks.push(Area::new(x - 0.05, PAGE_H - y0 - 1.5, 0.1, y0 + 1.5));
    }
    for r in 1..8 {
        let y = y0 + r as f32 * 37.0;
        ticks.push(Area::new(0.0, y - 0.05, 1.5, 0.1));
        ticks.push(Area::new(PAGE_W - 1.5, y - 0.05, 1.5, 0.1));
    }
    page.fill(&ticks, 0.6);
}

/// One sticker in `a`: customer, kind · number · date, the barcode, the code.
fn sticker(page: &mut Page, a: Area, d: &DocumentRow, bars: &Bars) -> crate::Result<()> {
    // the customer on up to two lines, shrinking (and cut with "…" at the smallest size)
    let name = Style::bold(8.5);
    let name_h = name.leading_mm() + name.ascent_mm();
    page.text_box(Area::new(a.x, a.y, a.w, name_h), Align::Left, name, 6.0, party(d));
    let line = Style::regular(7.0);
    let what = format!(
        "{} {} {} · {}",
        doc_kind_label(d.kind),
        tr("No."),
        d.number.trim(),
        print_date(d.doc_date)
    );
    let line_y = a.y + name_h + 0.6 + line.ascent_mm();
    page.text_fit(a.x, line_y, a.w, Align::Left, line, 4.5, &what);
    let code = Style::bold(9.0);
    let bars_top = line_y + 1.6;
    let bars_h = a.bottom() - code.leading_mm() - 0.4 - bars_top;
    let modules = bars.total_modules() as f32;
    // 10 modules of quiet zone on each side, inside the sticker
    let module = (a.w / (modules + 20.0)).min(MAX_MODULE);
    if module < MIN_MODULE || bars_h < 5.0 {
        return Err(crate::Error::msg(
            tr("The barcode of {code} does not fit the sticker.").replace("{code}", &d.code),
        ));
    }
    let bw = modules * module;
    page.bars(bars, a.x + (a.w - bw) / 2.0, bars_top, module, bars_h);
    page.text_fit(a.x, a.bottom() - 0.4, a.w, Align::Center, code, 6.0, &d.code);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_fill_the_width_and_the_customer_gets_room() {
        let cols = columns();
        let last = cols[COLS - 1];
        assert!((last.1 + last.2 - RIGHT).abs() < 0.01);
        let customer = cols.iter().find(|c| c.0 == Col::Customer).unwrap();
        assert!(customer.2 >= 30.0, "{}", customer.2);
    }

    #[test]
    fn sticker_grid_covers_the_sheet_edge_to_edge() {
        let cells = a4_sticker_cells();
        assert_eq!(cells.len(), 24);
        assert_eq!(cells[0].x, 0.0);
        assert!((cells[23].right() - 210.0).abs() < 0.01);
        assert!((cells[23].bottom() - 296.5).abs() < 0.01);
    }

    #[test]
    fn a_last_row_never_leaves_the_totals_alone_when_it_can_go_along() {
        let rows: Vec<Row> = (0..40)
            .map(|_| Row {
                cells: Default::default(),
                height: 6.0,
            })
            .collect();
        let pages = paginate(&rows, 50.0);
        assert!(pages.len() >= 2);
        assert!(!pages.last().unwrap().is_empty());
        let covered: usize = pages.iter().map(|r| r.len()).sum();
        assert_eq!(covered, 40);
    }
}

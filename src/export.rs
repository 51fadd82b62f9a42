//! Lists to files: orders, order lines, customers, products and the sales reps' price list as
//! CSV (for Excel in Russian and Polish locales) or Excel workbooks (.xlsx).
//!
//! A list is first a [`Table`]: typed columns and typed values, built from the store by one
//! function per list (`orders_table`, `customers_table`…). The writers turn any table into a
//! file, so a new list (claims, documents, certificates) is one table function (and one
//! [`List`] variant to reach it from the command line).
//!
//! Both writers write atomically: the file is made beside the target under a temporary name and
//! renamed over it when complete, so a failed export never leaves half a file (and never
//! damages the file it was to replace).

use crate::error::{Error, Result};
use crate::i18n::tr;
use crate::store::{OrderFilter, Store};
use chrono::{Datelike, NaiveDate, NaiveDateTime, Timelike};
use std::borrow::Cow;
use std::path::{Path, PathBuf};

/// What a column holds; decides the cell type and number format in a workbook.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    Integer,
    /// A fixed-point number shown with exactly `places` decimals (money 2, kilograms 3).
    Decimal {
        places: u8,
    },
    Date,
    DateTime,
}

/// A column of a table.
#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    pub title: String,
    pub kind: Kind,
    /// Width in characters, as Excel measures columns.
    pub width: f64,
}

impl Column {
    pub fn new(title: impl Into<String>, kind: Kind, width: f64) -> Column {
        Column {
            title: title.into(),
            kind,
            width,
        }
    }
    pub fn text(title: impl Into<String>, width: f64) -> Column {
        Column::new(title, Kind::Text, width)
    }
    pub fn integer(title: impl Into<String>, width: f64) -> Column {
        Column::new(title, Kind::Integer, width)
    }
    pub fn decimal(title: impl Into<String>, places: u8, width: f64) -> Column {
        Column::new(title, Kind::Decimal { places }, width)
    }
    pub fn date(title: impl Into<String>, width: f64) -> Column {
        Column::new(title, Kind::Date, width)
    }
    pub fn datetime(title: impl Into<String>, width: f64) -> Column {
        Column::new(title, Kind::DateTime, width)
    }
}

/// One cell. Numbers stay exact: a decimal is an integer of minor units and its places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Value {
    Empty,
    Text(String),
    Int(i64),
    /// `Fixed(123450, 3)` is 123.450.
    Fixed(i64, u8),
    Date(NaiveDate),
    DateTime(NaiveDateTime),
}

impl Value {
    pub fn text(s: impl Into<String>) -> Value {
        Value::Text(s.into())
    }
    /// Money in minor units (2 places).
    pub fn money(minor: i64) -> Value {
        Value::Fixed(minor, 2)
    }
    /// A weight in grams, as kilograms with 3 places.
    pub fn kg(grams: i64) -> Value {
        Value::Fixed(grams, 3)
    }
    /// A date as stored (`YYYY-MM-DD`): a date, the text itself when it is not one, nothing
    /// when empty.
    pub fn iso_date(s: Option<&str>) -> Value {
        match s.map(str::trim).filter(|s| !s.is_empty()) {
            None => Value::Empty,
            Some(s) => NaiveDate::parse_from_str(s, "%Y-%m-%d")
                .map(Value::Date)
                .unwrap_or_else(|_| Value::text(s)),
        }
    }
    /// A time as stored (UTC, ISO 8601) in the local time of this computer, as the desk shows
    /// it; the text itself when it is not a time.
    pub fn utc_as_local(s: &str) -> Value {
        match crate::store::parse_ts(s) {
            Some(t) => Value::DateTime(t.with_timezone(&chrono::Local).naive_local()),
            None if s.trim().is_empty() => Value::Empty,
            None => Value::text(s),
        }
    }
}

impl From<i64> for Value {
    fn from(n: i64) -> Value {
        Value::Int(n)
    }
}
impl From<String> for Value {
    fn from(s: String) -> Value {
        Value::Text(s)
    }
}
impl From<&str> for Value {
    fn from(s: &str) -> Value {
        Value::Text(s.to_string())
    }
}

/// A list to export: a title (the sheet's name), typed columns and rows of values.
#[derive(Debug, Clone, PartialEq)]
pub struct Table {
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Value>>,
}

impl Table {
    pub fn new(title: impl Into<String>, columns: Vec<Column>) -> Table {
        Table {
            title: title.into(),
            columns,
            rows: Vec::new(),
        }
    }
    /// Adds a row (one value per column).
    pub fn push(&mut self, row: Vec<Value>) {
        debug_assert_eq!(
            row.len(),
            self.columns.len(),
            "{}: a row of the wrong width",
            self.title
        );
        self.rows.push(row);
    }
}

// ---------------------------------------------------------------------------------------------
// files

/// The file formats an export writes, told by the file's extension.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// `;`-separated, UTF-8 with BOM, decimal comma, dates `dd.mm.yyyy`: what Excel opens
    /// right in Russian and Polish locales.
    Csv,
    /// An Excel workbook with typed cells.
    Xlsx,
}

impl FileKind {
    pub fn of(path: &Path) -> Result<FileKind> {
        let ext = path
            .extension()
            .map(|e| e.to_string_lossy().to_lowercase())
            .unwrap_or_default();
        match ext.as_str() {
            "csv" => Ok(FileKind::Csv),
            "xlsx" => Ok(FileKind::Xlsx),
            "" => Err(Error::msg(format!(
                "{}: the file name has no extension: end it in .csv or .xlsx; nothing was written",
                path.display()
            ))),
            other => Err(Error::msg(format!(
                "{}: cannot export to .{other} files: end the file name in .csv or .xlsx; nothing was written",
                path.display()
            ))),
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            FileKind::Csv => "csv",
            FileKind::Xlsx => "xlsx",
        }
    }
}

/// Writes a table as CSV or an Excel workbook, as the file's extension says (`.csv`, `.xlsx`).
/// Any other extension is an error and nothing is written.
pub fn write(table: &Table, path: &Path) -> Result<()> {
    match FileKind::of(path)? {
        FileKind::Csv => write_csv(table, path),
        FileKind::Xlsx => write_xlsx(table, path),
    }
}

/// Writes a table as CSV for Excel: UTF-8 with a BOM (so Cyrillic opens right), `;` between
/// fields, decimal comma, dates `dd.mm.yyyy`, times `dd.mm.yyyy hh:mm`, CRLF line ends, fields
/// quoted where needed. Atomic: the file appears complete or not at all.
pub fn write_csv(table: &Table, path: &Path) -> Result<()> {
    let bytes = csv_bytes(table).map_err(|e| Error::msg(format!("{}: {e}", path.display())))?;
    write_atomic(path, &bytes)
}

/// Writes a table as an Excel workbook: one sheet named after the title, a bold frozen header
/// row with a filter, the columns' widths, numbers as numbers with their decimals, dates as
/// dates (`dd.mm.yyyy`). Atomic: the file appears complete or not at all.
pub fn write_xlsx(table: &Table, path: &Path) -> Result<()> {
    let bytes = xlsx_bytes(table).map_err(|e| Error::msg(format!("{}: {e}", path.display())))?;
    write_atomic(path, &bytes)
}

fn csv_bytes(table: &Table) -> std::result::Result<Vec<u8>, csv::Error> {
    let mut out = "\u{feff}".as_bytes().to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .delimiter(b';')
            .terminator(csv::Terminator::CRLF)
            .quote_style(csv::QuoteStyle::Necessary)
            .flexible(true)
            .from_writer(&mut out);
        w.write_record(table.columns.iter().map(|c| defuse(&c.title).into_owned()))?;
        for row in &table.rows {
            w.write_record(row.iter().map(csv_field))?;
        }
        w.flush()?;
    }
    Ok(out)
}

fn csv_field(v: &Value) -> String {
    match v {
        Value::Empty => String::new(),
        Value::Text(s) => defuse(s).into_owned(),
        Value::Int(n) => n.to_string(),
        Value::Fixed(n, places) => {
            crate::domain::decimal::format_fixed(*n, u32::from((*places).min(MAX_PLACES))).replace('.', ",")
        }
        Value::Date(d) => d.format("%d.%m.%Y").to_string(),
        Value::DateTime(t) => t.format("%d.%m.%Y %H:%M").to_string(),
    }
}

/// Text that Excel would run as a formula when it opens a CSV file (`=…`, `@…`, `+…`/`-…` with
/// letters in it: "CSV injection") gets a leading apostrophe, which Excel shows as text. Phone
/// numbers such as `+7 (495) 123-45-67` and signed numbers are left as they are.
fn defuse(s: &str) -> Cow<'_, str> {
    let risky = match s.chars().next() {
        Some('=' | '@' | '\t' | '\r') => true,
        Some('+' | '-') => !s
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, ' ' | '+' | '-' | '(' | ')' | '.' | ',')),
        _ => false,
    };
    if risky {
        Cow::Owned(format!("'{s}"))
    } else {
        Cow::Borrowed(s)
    }
}

/// Decimal places a fixed-point value may have (10^18 still fits an i64).
const MAX_PLACES: u8 = 18;
/// Rows of an Excel sheet, the header included.
const XLSX_MAX_ROWS: usize = 1_048_576;
/// Columns of an Excel sheet.
const XLSX_MAX_COLUMNS: usize = 16_384;
/// Characters (UTF-16 units) of an Excel cell.
const XLSX_MAX_TEXT: usize = 32_767;

fn xlsx_bytes(table: &Table) -> std::result::Result<Vec<u8>, String> {
    use rust_xlsxwriter::{DocProperties, Format, FormatBorder, Workbook};
    if table.rows.len() >= XLSX_MAX_ROWS {
        return Err(format!(
            "{} rows are more than an Excel sheet holds ({}); export to .csv instead; nothing was written",
            table.rows.len(),
            XLSX_MAX_ROWS - 1
        ));
    }
    if table.columns.len() > XLSX_MAX_COLUMNS {
        return Err(format!(
            "{} columns are more than an Excel sheet holds ({XLSX_MAX_COLUMNS}); nothing was written",
            table.columns.len()
        ));
    }
    let xe = |e: rust_xlsxwriter::XlsxError| e.to_string();
    let mut book = Workbook::new();
    book.set_properties(&DocProperties::new().set_title(table.title.as_str()));
    let sheet = book.add_worksheet();
    sheet.set_name(sheet_name(&table.title)).map_err(xe)?;

    let header = Format::new().set_bold().set_border_bottom(FormatBorder::Thin);
    let date = Format::new().set_num_format("dd.mm.yyyy");
    let datetime = Format::new().set_num_format("dd.mm.yyyy hh:mm");
    let integer = Format::new().set_num_format("0");
    let decimals: Vec<Format> = (0..=MAX_PLACES)
        .map(|p| {
            let zeros = "0".repeat(usize::from(p));
            Format::new().set_num_format(if p == 0 {
                "#,##0".to_string()
            } else {
                format!("#,##0.{zeros}")
            })
        })
        .collect();

    for (c, col) in table.columns.iter().enumerate() {
        let c = c as u16;
        sheet
            .set_column_width(c, col.width.clamp(0.0, 255.0))
            .map_err(xe)?;
        sheet
            .write_string_with_format(0, c, clip(&col.title, XLSX_MAX_TEXT), &header)
            .map_err(xe)?;
    }
    for (r, row) in table.rows.iter().enumerate() {
        let r = r as u32 + 1;
        for (c, value) in row.iter().enumerate().take(XLSX_MAX_COLUMNS) {
            let kind = table.columns.get(c).map_or(Kind::Text, |col| col.kind);
            let c = c as u16;
            match value {
                Value::Empty => {}
                Value::Text(s) => {
                    sheet.write_string(r, c, clip(s, XLSX_MAX_TEXT)).map_err(xe)?;
                }
                Value::Int(n) => {
                    let format = match kind {
                        Kind::Decimal { places } => &decimals[usize::from(places.min(MAX_PLACES))],
                        _ => &integer,
                    };
                    sheet
                        .write_number_with_format(r, c, *n as f64, format)
                        .map_err(xe)?;
                }
                Value::Fixed(n, places) => {
                    let places = (*places).min(MAX_PLACES);
                    let shown = match kind {
                        Kind::Decimal { places } => places.min(MAX_PLACES),
                        _ => places,
                    };
                    let number = *n as f64 / 10f64.powi(i32::from(places));
                    sheet
                        .write_number_with_format(r, c, number, &decimals[usize::from(shown)])
                        .map_err(xe)?;
                }
                // a date Excel cannot hold (before 1900) is written as text rather than lost
                Value::Date(d) => match excel_date(*d) {
                    Ok(at) => {
                        let format = if kind == Kind::DateTime { &datetime } else { &date };
                        sheet.write_datetime_with_format(r, c, at, format).map_err(xe)?;
                    }
                    Err(_) => {
                        sheet.write_string(r, c, csv_field(value)).map_err(xe)?;
                    }
                },
                Value::DateTime(t) => {
                    match excel_date(t.date())
                        .and_then(|d| d.and_hms(t.hour() as u16, t.minute() as u8, t.second()))
                    {
                        Ok(at) => {
                            let format = if kind == Kind::Date { &date } else { &datetime };
                            sheet.write_datetime_with_format(r, c, at, format).map_err(xe)?;
                        }
                        Err(_) => {
                            sheet.write_string(r, c, csv_field(value)).map_err(xe)?;
                        }
                    }
                }
            }
        }
    }
    if !table.columns.is_empty() {
        sheet.set_freeze_panes(1, 0).map_err(xe)?;
        sheet
            .autofilter(0, 0, table.rows.len() as u32, (table.columns.len() - 1) as u16)
            .map_err(xe)?;
    }
    book.save_to_buffer().map_err(xe)
}

fn excel_date(
    d: NaiveDate,
) -> std::result::Result<rust_xlsxwriter::ExcelDateTime, rust_xlsxwriter::XlsxError> {
    let year = u16::try_from(d.year()).unwrap_or(0);
    rust_xlsxwriter::ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8)
}

/// The title as an Excel sheet name: at most 31 characters, none of `[]:*?/\`, not starting or
/// ending with an apostrophe, not empty, not Excel's reserved "History".
pub fn sheet_name(title: &str) -> String {
    let cleaned: String = title
        .chars()
        .map(|c| {
            if matches!(c, '[' | ']' | ':' | '*' | '?' | '/' | '\\') || c.is_control() {
                ' '
            } else {
                c
            }
        })
        .collect();
    let trim = |s: &str| {
        s.trim_matches(|c: char| c == '\'' || c.is_whitespace())
            .to_string()
    };
    let name = trim(&clip(&trim(&cleaned), 31));
    if name.is_empty() || name.eq_ignore_ascii_case("history") {
        "Sheet1".to_string()
    } else {
        name
    }
}

/// The longest start of `s` of at most `max` UTF-16 units (how Excel counts characters).
fn clip(s: &str, max: usize) -> String {
    let mut units = 0;
    s.chars()
        .take_while(|c| {
            units += c.len_utf16();
            units <= max
        })
        .collect()
}

/// All or nothing, as every file Docket writes (see `print::output::write_atomic`).
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    crate::print::output::write_atomic(path, bytes)
}

// ---------------------------------------------------------------------------------------------
// the lists

/// Orders (newest first): number, customer, status, channel, received (local time), wanted
/// date, lines, units, boxes, weight.
pub fn orders_table(store: &Store, filter: &OrderFilter) -> Result<Table> {
    let mut t = Table::new(
        tr("Orders"),
        vec![
            Column::text(tr("Order"), 14.0),
            Column::text(tr("Customer code"), 14.0),
            Column::text(tr("Customer"), 40.0),
            Column::text(tr("Status"), 20.0),
            Column::text(tr("Channel"), 22.0),
            Column::datetime(tr("Received"), 17.0),
            Column::date(tr("Wanted date"), 13.0),
            Column::integer(tr("Lines"), 8.0),
            Column::integer(tr("Units"), 9.0),
            Column::integer(tr("Boxes"), 9.0),
            Column::decimal(tr("Weight, kg"), 3, 12.0),
        ],
    );
    for o in store.export_orders(filter)? {
        t.push(vec![
            o.number.into(),
            o.customer_code.into(),
            o.customer_name.into(),
            crate::i18n::status_label(o.status).into(),
            crate::i18n::channel_label(o.channel).into(),
            Value::utc_as_local(&o.received_at),
            Value::iso_date(o.wanted_date.as_deref()),
            o.lines.into(),
            o.units.into(),
            o.boxes.into(),
            Value::kg(o.weight_g),
        ]);
    }
    Ok(t)
}

/// The lines of the orders `filter` takes: order number, line, SKU, name, quantity, unit,
/// location.
pub fn order_lines_table(store: &Store, filter: &OrderFilter) -> Result<Table> {
    let mut t = Table::new(
        tr("Order lines"),
        vec![
            Column::text(tr("Order"), 14.0),
            Column::integer(tr("Line"), 7.0),
            Column::text(tr("SKU"), 14.0),
            Column::text(tr("Name"), 48.0),
            Column::integer(tr("Quantity"), 10.0),
            Column::text(tr("Unit"), 7.0),
            Column::text(tr("Location"), 13.0),
        ],
    );
    for l in store.export_order_lines(filter)? {
        t.push(vec![
            l.order_number.into(),
            l.line_no.into(),
            l.sku.into(),
            l.name.into(),
            l.quantity.into(),
            l.unit.into(),
            l.location.into(),
        ]);
    }
    Ok(t)
}

/// Customers matching `query` as the customers list finds them (empty: all), by code.
pub fn customers_table(store: &Store, query: &str) -> Result<Table> {
    let mut t = Table::new(
        tr("Customers"),
        vec![
            Column::text(tr("Code"), 12.0),
            Column::text(tr("Legal name"), 40.0),
            Column::text(tr("Tax ID"), 16.0),
            Column::text(tr("Legal address"), 48.0),
            Column::text(tr("Phone"), 20.0),
            Column::text(tr("E-mail"), 28.0),
            Column::text(tr("Grade"), 7.0),
            Column::decimal(tr("Credit limit"), 2, 15.0),
            Column::decimal(tr("Overdue debt"), 2, 15.0),
            Column::text(tr("Notes"), 40.0),
        ],
    );
    for c in store.export_customers(query)? {
        t.push(vec![
            c.code.into(),
            c.legal_name.into(),
            c.tax_id.into(),
            c.legal_address.into(),
            c.phone.into(),
            c.email.into(),
            c.grade.as_str().into(),
            Value::money(c.credit_limit_minor),
            Value::money(c.overdue_debt_minor),
            c.notes.into(),
        ]);
    }
    Ok(t)
}

/// Products matching `query` as the products list finds them (empty: all), by SKU, active or
/// not.
pub fn products_table(store: &Store, query: &str) -> Result<Table> {
    let mut t = Table::new(
        tr("Products"),
        vec![
            Column::text(tr("SKU"), 14.0),
            Column::text(tr("Name"), 48.0),
            Column::text(tr("EAN-13"), 15.0),
            Column::text(tr("Unit"), 7.0),
            Column::integer(tr("Units per box"), 10.0),
            Column::decimal(tr("Weight, kg"), 3, 11.0),
            Column::text(tr("Location"), 13.0),
            Column::text(tr("Active"), 8.0),
        ],
    );
    for p in store.export_products(query, false)? {
        t.push(vec![
            p.sku.into(),
            p.name.into(),
            p.ean13.into(),
            p.unit.into(),
            p.units_per_box.into(),
            Value::kg(p.weight_g),
            p.location.into(),
            tr(if p.active { "yes" } else { "no" }).into(),
        ]);
    }
    Ok(t)
}

/// The price list for sales reps: every active product by SKU with what a rep needs to take an
/// order (EAN, unit, units per box, the weight of a full box, where it is stored).
pub fn price_list_table(store: &Store) -> Result<Table> {
    let mut t = Table::new(
        tr("Price list"),
        vec![
            Column::text(tr("SKU"), 14.0),
            Column::text(tr("Name"), 52.0),
            Column::text(tr("EAN-13"), 15.0),
            Column::text(tr("Unit"), 7.0),
            Column::integer(tr("Units per box"), 10.0),
            Column::decimal(tr("Box weight, kg"), 3, 12.0),
            Column::text(tr("Location"), 13.0),
        ],
    );
    for p in store.export_products("", true)? {
        t.push(vec![
            p.sku.into(),
            p.name.into(),
            p.ean13.into(),
            p.unit.into(),
            p.units_per_box.into(),
            Value::kg(p.weight_g.saturating_mul(p.units_per_box)),
            p.location.into(),
        ]);
    }
    Ok(t)
}

/// Claims (the register): number, received, customer, order, kind, how it came, status, due,
/// answered, decision, culprit and person, remedy, claimed amount, compensation.
pub fn claims_table(store: &Store, filter: &crate::store::ClaimFilter) -> Result<Table> {
    use crate::domain::claim::{ClaimChannel, ClaimKind, ClaimStatus, Culprit, Decision, Remedy};
    let kind = |k: ClaimKind| {
        tr(match k {
            ClaimKind::Shortage => "Shortage",
            ClaimKind::Surplus => "Surplus",
            ClaimKind::MisSort => "Mis-sort",
            ClaimKind::Defect => "Defect",
            ClaimKind::Expired => "Expired / short shelf life",
            ClaimKind::Damaged => "Damaged in transit",
            ClaimKind::Documents => "Documents error",
            ClaimKind::Other => "Other",
        })
    };
    let channel = |c: ClaimChannel| {
        tr(match c {
            ClaimChannel::Phone => "Phone",
            ClaimChannel::Email => "E-mail",
            ClaimChannel::Letter => "Letter",
            ClaimChannel::Driver => "Driver",
            ClaimChannel::Portal => "Portal",
            ClaimChannel::PickingControl => "Picking control (internal)",
        })
    };
    let status = |s: ClaimStatus| {
        tr(match s {
            ClaimStatus::Registered => "Registered",
            ClaimStatus::Investigating => "Investigating",
            ClaimStatus::Decided => "Decided",
            ClaimStatus::Answered => "Answered",
            ClaimStatus::Closed => "Closed",
            ClaimStatus::Cancelled => "Claim cancelled",
        })
    };
    let decision = |d: Decision| {
        tr(match d {
            Decision::Accepted => "Accepted",
            Decision::PartlyAccepted => "Partly accepted",
            Decision::Rejected => "Rejected",
        })
    };
    let culprit = |c: Culprit| {
        tr(match c {
            Culprit::Picker => "Picker",
            Culprit::Checker => "Checker",
            Culprit::Packer => "Packer",
            Culprit::Driver => "Driver",
            Culprit::Supplier => "Supplier",
            Culprit::Client => "Client",
            Culprit::Carrier => "Carrier",
            Culprit::Insurer => "Insurer",
            Culprit::Nobody => "Nobody",
        })
    };
    let remedy = |r: Remedy| {
        tr(match r {
            Remedy::Redelivery => "Re-delivery",
            Remedy::CreditNote => "Credit note",
            Remedy::Return => "Return",
            Remedy::Replacement => "Replacement",
            Remedy::Compensation => "Compensation",
            Remedy::Insurance => "Insurance case",
            Remedy::Nothing => "None",
        })
    };
    let mut t = Table::new(
        tr("Claims"),
        vec![
            Column::text(tr("Number"), 16.0),
            Column::datetime(tr("Received"), 17.0),
            Column::text(tr("Customer code"), 12.0),
            Column::text(tr("Customer"), 36.0),
            Column::text(tr("Order"), 14.0),
            Column::text(tr("Kind"), 20.0),
            Column::text(tr("How it came"), 18.0),
            Column::text(tr("Status"), 14.0),
            Column::datetime(tr("Answer due"), 17.0),
            Column::datetime(tr("Answered"), 17.0),
            Column::text(tr("Decision"), 16.0),
            Column::text(tr("Culprit"), 12.0),
            Column::text(tr("Person"), 24.0),
            Column::text(tr("Remedy"), 16.0),
            Column::decimal(tr("Claimed"), 2, 13.0),
        ],
    );
    let when = |t: chrono::DateTime<chrono::Utc>| Value::DateTime(crate::store::claims::local(t));
    for c in store.claims(filter)? {
        t.push(vec![
            c.number.into(),
            when(c.received_at),
            c.customer_code.into(),
            c.customer_name.into(),
            c.order_number.into(),
            kind(c.kind).into(),
            channel(c.channel).into(),
            status(c.status).into(),
            when(c.due_at),
            c.answered_at.map_or(Value::Empty, when),
            c.decision.map_or(Value::Empty, |d| decision(d).into()),
            c.culprit.map_or(Value::Empty, |k| culprit(k).into()),
            c.culprit_name.into(),
            c.remedy.map_or(Value::Empty, |r| remedy(r).into()),
            Value::money(c.claimed_minor),
        ]);
    }
    Ok(t)
}

/// The contact log (newest first) that `query` finds (empty: all).
pub fn contacts_table(store: &Store, query: &str) -> Result<Table> {
    use crate::domain::claim::{Medium, Topic};
    let mut t = Table::new(
        tr("Contacts"),
        vec![
            Column::datetime(tr("When"), 17.0),
            Column::text(tr("Customer code"), 12.0),
            Column::text(tr("Customer"), 36.0),
            Column::text(tr("By"), 16.0),
            Column::text(tr("How"), 10.0),
            Column::text(tr("Direction"), 10.0),
            Column::text(tr("Topic"), 16.0),
            Column::text(tr("Person"), 20.0),
            Column::text(tr("Summary"), 48.0),
            Column::text(tr("Outcome"), 40.0),
            Column::text(tr("Order"), 14.0),
            Column::text(tr("Claim"), 16.0),
        ],
    );
    let filter = crate::store::ContactFilter {
        text: query.to_string(),
        ..Default::default()
    };
    for c in store.contacts(&filter)? {
        t.push(vec![
            Value::DateTime(crate::store::claims::local(c.at)),
            c.customer_code.into(),
            c.customer_name.into(),
            c.by.into(),
            tr(match c.medium {
                Medium::Phone => "Phone",
                Medium::Email => "E-mail",
                Medium::Visit => "Visit",
                Medium::Messenger => "Messenger",
            })
            .into(),
            tr(if c.incoming { "incoming" } else { "outgoing" }).into(),
            tr(match c.topic {
                Topic::OrderStatus => "Order status",
                Topic::Claim => "Claim",
                Topic::Documents => "Documents",
                Topic::Consultation => "Consultation",
                Topic::Other => "Other",
            })
            .into(),
            c.person.into(),
            c.summary.into(),
            c.outcome.into(),
            c.order_number.unwrap_or_default().into(),
            c.claim_number.unwrap_or_default().into(),
        ]);
    }
    Ok(t)
}

/// The document register: register code, kind, direction, number, date, customer, orders,
/// amount, status and every step's time, the signed copy's due date, comment.
pub fn documents_table(store: &Store, filter: &crate::store::documents::DocumentFilter) -> Result<Table> {
    use crate::print::registry::{direction_label, doc_kind_label, doc_status_label, sent_via_label};
    let mut t = Table::new(
        tr("Documents"),
        vec![
            Column::text(tr("Register code"), 13.0),
            Column::text(tr("Kind"), 22.0),
            Column::text(tr("Direction"), 10.0),
            Column::text(tr("Number"), 16.0),
            Column::date(tr("Date"), 11.0),
            Column::text(tr("Customer code"), 12.0),
            Column::text(tr("Customer"), 36.0),
            Column::text(tr("Orders"), 20.0),
            Column::decimal(tr("Amount"), 2, 13.0),
            Column::text(tr("Status"), 18.0),
            Column::text(tr("Sent via"), 12.0),
            Column::datetime(tr("Sent"), 17.0),
            Column::date(tr("Signed copy due"), 11.0),
            Column::datetime(tr("Signed copy received"), 17.0),
            Column::datetime(tr("Handed over"), 17.0),
            Column::text(tr("Handed to"), 16.0),
            Column::text(tr("Comment"), 40.0),
        ],
    );
    let when = |t: Option<chrono::DateTime<chrono::Utc>>| {
        t.map_or(Value::Empty, |t| Value::DateTime(crate::store::claims::local(t)))
    };
    for d in store.documents(filter)? {
        t.push(vec![
            d.code.into(),
            doc_kind_label(d.kind).into(),
            direction_label(d.direction).into(),
            d.number.into(),
            Value::Date(d.doc_date),
            d.customer_code.into(),
            d.customer_name.into(),
            d.order_numbers.join(", ").into(),
            d.amount_minor.map_or(Value::Empty, Value::money),
            doc_status_label(d.status).into(),
            d.sent_via.map_or(Value::Empty, |v| sent_via_label(v).into()),
            when(d.sent_at),
            d.due_on.map_or(Value::Empty, Value::Date),
            when(d.received_at),
            when(d.handed_at),
            d.handed_to.into(),
            d.comment.into(),
        ]);
    }
    Ok(t)
}

/// Registries with their documents: one row per document of each registry in the period.
pub fn registries_table(store: &Store, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Table> {
    use crate::print::registry::{doc_kind_label, registry_kind_label};
    let mut t = Table::new(
        tr("Registries"),
        vec![
            Column::text(tr("Registry"), 15.0),
            Column::text(tr("Kind"), 22.0),
            Column::date(tr("Date"), 11.0),
            Column::datetime(tr("Handed over"), 17.0),
            Column::text(tr("Handed to"), 16.0),
            Column::integer(tr("No."), 5.0),
            Column::text(tr("Register code"), 13.0),
            Column::text(tr("Document"), 22.0),
            Column::text(tr("Number"), 16.0),
            Column::date(tr("Document date"), 11.0),
            Column::text(tr("Customer"), 36.0),
            Column::decimal(tr("Amount"), 2, 13.0),
        ],
    );
    for r in store.registries(from, to)?.into_iter().rev() {
        let detail = store.registry(r.id)?;
        for (i, d) in detail.documents.into_iter().enumerate() {
            t.push(vec![
                r.number.clone().into(),
                registry_kind_label(r.kind).into(),
                Value::Date(r.on_date),
                r.handed_at
                    .map_or(Value::Empty, |t| Value::DateTime(crate::store::claims::local(t))),
                r.handed_to.clone().into(),
                (i as i64 + 1).into(),
                d.code.into(),
                doc_kind_label(d.kind).into(),
                d.number.into(),
                Value::Date(d.doc_date),
                d.customer_name.into(),
                d.amount_minor.map_or(Value::Empty, Value::money),
            ]);
        }
    }
    Ok(t)
}

/// The certificate base: number, kind, issuer, group, validity, standing today, scans and the
/// SKUs covered.
pub fn certificates_table(store: &Store, query: &str) -> Result<Table> {
    use crate::domain::certificate::Validity;
    use crate::store::certificates::{CertFilter, CertState};
    let today = chrono::Local::now().date_naive();
    let warn_days = store.certificate_warn_days()?;
    let mut t = Table::new(
        tr("Certificates"),
        vec![
            Column::text(tr("Number"), 30.0),
            Column::text(tr("Kind"), 14.0),
            Column::text(tr("Issuer"), 30.0),
            Column::text(tr("Product group"), 20.0),
            Column::date(tr("Valid from"), 11.0),
            Column::date(tr("Valid to"), 11.0),
            Column::text(tr("Standing"), 16.0),
            Column::integer(tr("Scans"), 7.0),
            Column::integer(tr("Products"), 9.0),
            Column::text(tr("SKUs"), 40.0),
            Column::text(tr("Comment"), 30.0),
        ],
    );
    let filter = CertFilter {
        text: query.to_string(),
        state: CertState::All,
        product_id: None,
        today,
        warn_days,
    };
    for c in store.certificates(&filter)? {
        let detail = store.certificate(c.id, today, warn_days)?;
        let standing = match c.validity {
            Validity::NotYet => tr("not valid yet").to_string(),
            Validity::Valid => tr("in force").to_string(),
            Validity::Expiring { days_left } => format!("{} {days_left}", tr("expires in days:")),
            Validity::Expired if c.superseded => tr("expired, renewed").to_string(),
            Validity::Expired => tr("expired").to_string(),
        };
        let skus: Vec<String> = detail.products.iter().map(|p| p.sku.clone()).collect();
        t.push(vec![
            c.number.into(),
            crate::print::certificates::kind_label(c.kind).into(),
            c.issuer.into(),
            c.product_group.into(),
            Value::Date(c.valid_from),
            Value::Date(c.valid_to),
            standing.into(),
            c.files.into(),
            c.products.into(),
            skus.join(", ").into(),
            c.comment.into(),
        ]);
    }
    Ok(t)
}

// ---------------------------------------------------------------------------------------------
// the command line: `docket export LIST -o FILE`

/// The lists `docket export` writes.
#[derive(clap::ValueEnum, Debug, Clone, Copy, PartialEq, Eq)]
pub enum List {
    /// Orders with their totals
    Orders,
    /// The lines of the orders
    Lines,
    /// Customers
    Customers,
    /// Products (active and not)
    Products,
    /// Active products for sales reps
    PriceList,
    /// Claims with their deadline, decision and culprit
    Claims,
    /// The contact log with clients
    Contacts,
    /// The document register (period: document dates)
    Documents,
    /// Registries of documents, one row per document (period: registry dates)
    Registries,
    /// The certificate base with the SKUs each covers
    Certificates,
}

impl List {
    /// The start of a file name for this list (`price-list-2026-11-23.xlsx`).
    pub fn file_stem(self) -> &'static str {
        match self {
            List::Orders => "orders",
            List::Lines => "order-lines",
            List::Customers => "customers",
            List::Products => "products",
            List::PriceList => "price-list",
            List::Claims => "claims",
            List::Contacts => "contacts",
            List::Documents => "documents",
            List::Registries => "registries",
            List::Certificates => "certificates",
        }
    }
    fn takes_orders(self) -> bool {
        matches!(
            self,
            List::Orders | List::Lines | List::Claims | List::Documents | List::Registries
        )
    }
}

/// `docket export`: a list to a .csv or .xlsx file.
#[derive(clap::Args, Debug, Clone)]
pub struct ExportArgs {
    /// What to export
    #[arg(value_enum)]
    pub list: List,
    /// Output file: .csv (semicolon-separated, for Excel) or .xlsx (Excel workbook)
    #[arg(short = 'o', long = "out")]
    pub out: PathBuf,
    /// Orders and lines: received on or after this day (YYYY-MM-DD or DD.MM.YYYY, local time)
    #[arg(long)]
    pub from: Option<String>,
    /// Orders and lines: received on or before this day
    #[arg(long)]
    pub to: Option<String>,
    /// Orders and lines: only in these statuses (codes, e.g. released,picking; repeatable)
    #[arg(long = "status", value_delimiter = ',')]
    pub statuses: Vec<String>,
    /// Orders and lines: only this customer's (customer code)
    #[arg(long)]
    pub customer: Option<String>,
    /// Customers and products: only rows this search finds (as in the desk's lists)
    #[arg(long)]
    pub search: Option<String>,
}

/// Runs `docket export` on the database `db`; `lang` is the `--lang` of the command line
/// (column titles, statuses and channels in that language). Returns the exit code.
pub fn run_cli(db: &Path, lang: Option<&str>, args: &ExportArgs) -> Result<i32> {
    use crate::domain::order::OrderStatus;
    if let Some(code) = lang {
        let l = crate::i18n::Lang::parse(code)
            .ok_or_else(|| Error::msg(format!("--lang '{code}': use en or ru")))?;
        crate::i18n::set_lang(l);
    }
    FileKind::of(&args.out)?;
    let order_options =
        args.from.is_some() || args.to.is_some() || !args.statuses.is_empty() || args.customer.is_some();
    if order_options && !args.list.takes_orders() {
        return Err(Error::msg(
            "--from, --to, --status and --customer apply to orders, lines, claims, documents and registries only",
        ));
    }
    if args.search.is_some()
        && !matches!(
            args.list,
            List::Customers | List::Products | List::Contacts | List::Documents | List::Certificates
        )
    {
        return Err(Error::msg(
            "--search applies to customers, products, contacts, documents and certificates only",
        ));
    }
    if !args.statuses.is_empty() && args.list == List::Registries {
        return Err(Error::msg("registries take no --status"));
    }
    let store = Store::open_existing(db)?;
    let mut filter = OrderFilter {
        received_from: args
            .from
            .as_deref()
            .map(|d| local_midnight("--from", d, 0))
            .transpose()?,
        received_before: args
            .to
            .as_deref()
            .map(|d| local_midnight("--to", d, 1))
            .transpose()?,
        ..Default::default()
    };
    let mut claim_filter = crate::store::ClaimFilter {
        from: filter
            .received_from
            .map(|t| crate::store::claims::local(t).date()),
        to: filter
            .received_before
            .map(|t| crate::store::claims::local(t).date() - chrono::Days::new(1)),
        ..Default::default()
    };
    let mut doc_filter = crate::store::documents::DocumentFilter {
        text: args.search.clone().unwrap_or_default(),
        from: claim_filter.from,
        to: claim_filter.to,
        ..Default::default()
    };
    for s in args.statuses.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if args.list == List::Documents {
            use crate::domain::document::DocStatus;
            let status = DocStatus::parse(s).ok_or_else(|| {
                let codes: Vec<&str> = DocStatus::ALL.iter().map(|s| s.code()).collect();
                Error::msg(format!("--status '{s}': use one of {}", codes.join(", ")))
            })?;
            if doc_filter.status.replace(status).is_some() {
                return Err(Error::msg("documents take one --status"));
            }
            continue;
        }
        if args.list == List::Claims {
            use crate::domain::claim::ClaimStatus;
            let status = ClaimStatus::parse(s).ok_or_else(|| {
                let codes: Vec<&str> = ClaimStatus::ALL.iter().map(|s| s.code()).collect();
                Error::msg(format!("--status '{s}': use one of {}", codes.join(", ")))
            })?;
            if claim_filter.status.replace(status).is_some() {
                return Err(Error::msg("claims take one --status"));
            }
            continue;
        }
        let status = OrderStatus::parse(s).ok_or_else(|| {
            let codes: Vec<&str> = OrderStatus::ALL.iter().map(|s| s.code()).collect();
            Error::msg(format!("--status '{s}': use one of {}", codes.join(", ")))
        })?;
        filter.statuses.push(status);
    }
    if let Some(code) = &args.customer {
        let c = store.customer_by_code(code)?.ok_or_else(|| Error::NotFound {
            entity: "customer",
            key: code.clone(),
        })?;
        filter.customer_id = Some(c.id);
        claim_filter.customer_id = Some(c.id);
        doc_filter.customer_id = Some(c.id);
        if args.list == List::Registries {
            return Err(Error::msg("registries take no --customer"));
        }
    }
    let search = args.search.as_deref().unwrap_or("");
    let table = match args.list {
        List::Orders => orders_table(&store, &filter)?,
        List::Lines => order_lines_table(&store, &filter)?,
        List::Customers => customers_table(&store, search)?,
        List::Products => products_table(&store, search)?,
        List::PriceList => price_list_table(&store)?,
        List::Claims => claims_table(&store, &claim_filter)?,
        List::Contacts => contacts_table(&store, search)?,
        List::Documents => documents_table(&store, &doc_filter)?,
        List::Registries => registries_table(&store, doc_filter.from, doc_filter.to)?,
        List::Certificates => certificates_table(&store, search)?,
    };
    write(&table, &args.out)?;
    crate::outln!(
        "{}: {} ({} rows)",
        args.out.display(),
        table.title,
        table.rows.len()
    );
    Ok(0)
}

/// The start of a local day (`plus_days` after the one given) as a UTC moment.
fn local_midnight(option: &str, text: &str, plus_days: u64) -> Result<chrono::DateTime<chrono::Utc>> {
    let t = text.trim();
    let day = NaiveDate::parse_from_str(t, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(t, "%d.%m.%Y"))
        .map_err(|_| Error::msg(format!("{option} '{text}': dates are 2026-11-23 or 23.11.2026")))?;
    let day = day
        .checked_add_days(chrono::Days::new(plus_days))
        .ok_or_else(|| Error::msg(format!("{option} '{text}': out of range")))?;
    day.and_hms_opt(0, 0, 0)
        .and_then(|t| t.and_local_timezone(chrono::Local).earliest())
        .map(|t| t.with_timezone(&chrono::Utc))
        .ok_or_else(|| Error::msg(format!("{option} '{text}': no such local time")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_follow_excel_rules() {
        assert_eq!(sheet_name("Orders"), "Orders");
        assert_eq!(sheet_name("Claims [2026/11]: open?"), "Claims  2026 11   open");
        assert_eq!(sheet_name("'quoted'"), "quoted");
        assert_eq!(sheet_name(""), "Sheet1");
        assert_eq!(sheet_name("History"), "Sheet1");
        let long = "Прайс-лист для торговых представителей";
        assert_eq!(sheet_name(long).chars().count(), 31);
        assert!(long.starts_with(&sheet_name(long)));
        assert_eq!(sheet_name(&"😀".repeat(20)).chars().count(), 15);
    }

    #[test]
    fn csv_fields_are_excel_friendly() {
        assert_eq!(csv_field(&Value::Fixed(123450, 3)), "123,450");
        assert_eq!(csv_field(&Value::Fixed(-5, 2)), "-0,05");
        assert_eq!(csv_field(&Value::Int(-7)), "-7");
        let d = NaiveDate::from_ymd_opt(2026, 11, 3).unwrap();
        assert_eq!(csv_field(&Value::Date(d)), "03.11.2026");
        assert_eq!(
            csv_field(&Value::DateTime(d.and_hms_opt(8, 5, 9).unwrap())),
            "03.11.2026 08:05"
        );
        assert_eq!(csv_field(&Value::text("=HYPERLINK(\"x\")")), "'=HYPERLINK(\"x\")");
        assert_eq!(csv_field(&Value::text("+cmd|x")), "'+cmd|x");
        assert_eq!(
            csv_field(&Value::text("+7 (495) 123-45-67")),
            "+7 (495) 123-45-67"
        );
        assert_eq!(csv_field(&Value::text("ООО «Ромашка»")), "ООО «Ромашка»");
    }

    #[test]
    fn dates_excel_cannot_hold_become_text() {
        let d = NaiveDate::from_ymd_opt(1812, 9, 7).unwrap();
        let mut t = Table::new("Old", vec![Column::date("D", 12.0)]);
        t.push(vec![Value::Date(d)]);
        t.push(vec![Value::DateTime(d.and_hms_opt(6, 0, 0).unwrap())]);
        assert!(xlsx_bytes(&t).is_ok());
    }

    #[test]
    fn extensions_choose_the_format() {
        assert_eq!(FileKind::of(Path::new("a/b.CSV")).unwrap(), FileKind::Csv);
        assert_eq!(FileKind::of(Path::new("b.xlsx")).unwrap(), FileKind::Xlsx);
        assert!(FileKind::of(Path::new("b.xls")).is_err());
        assert!(FileKind::of(Path::new("b")).is_err());
    }
}

//! Orders from files: a CSV registry exported by another system or a client's own Excel price
//! list with quantities typed in. [`read`] finds the encoding, separator, header row and
//! columns, reads every row, matches products (SKU, then EAN) and customers (code, then tax
//! id) against a [`Catalog`] snapshot of the database, groups lines into orders and lists
//! every problem with file, row, column and reason. Nothing is written: the caller shows the
//! preview and, once the user confirms, hands it to `store::commit_import` (one transaction).
//!
//! Memory stays bounded: a CSV file is decoded and parsed as a stream; only the orders found
//! (a few dozen bytes a line), the first rows for the preview and at most [`MAX_PROBLEMS`]
//! problems are kept.

use super::decode::{self, DecodeReader, Encoding, Sniffed};
use super::grid::{Cell, Row, column_letter};
use super::mapping::{DecimalMark, Field, Mapping, find_header, normalize, parse_date, parse_quantity};
use crate::domain::order::Channel;
use crate::error::{Error, Result};
use crate::print::Progress;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::Digest;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Problems kept for the preview and the report; more are counted, not kept.
pub const MAX_PROBLEMS: usize = 10_000;
/// A file with this many problems is not an order file (or the mapping is wrong): reading stops.
pub const STOP_AFTER_PROBLEMS: usize = 100_000;
/// Data rows read at most from one file.
pub const MAX_ROWS: usize = 2_000_000;
/// Rows kept for the preview of the raw file.
pub const SAMPLE_ROWS: usize = 30;

/// The status imported orders get.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Initial {
    Draft,
    #[default]
    AwaitingConfirmation,
}

/// How to read a sender's files: what a profile stores and what the user sets in the preview.
/// Every `None` means "detect".
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub mapping: Option<Mapping>,
    /// Row number (as in the file, from 1) of the header row.
    pub header_row: Option<usize>,
    pub encoding: Option<Encoding>,
    pub separator: Option<char>,
    pub decimal: DecimalMark,
    /// Channel of orders whose file has no channel column (else: price list for
    /// spreadsheets, electronic for CSV).
    pub channel: Option<Channel>,
    /// None: awaiting confirmation unless a profile says otherwise.
    pub initial: Option<Initial>,
    /// Customer code of every order in the file (a client's own price list).
    pub customer: Option<String>,
}

/// A product as the import matches it.
#[derive(Debug, Clone)]
pub struct ProductRef {
    pub id: i64,
    pub sku: String,
    pub unit: String,
    pub units_per_box: i64,
    pub active: bool,
}

/// A customer as the import matches it.
#[derive(Debug, Clone)]
pub struct CustomerRef {
    pub id: i64,
    pub code: String,
    pub name: String,
    pub tax_id: String,
    /// Active delivery points: (id, name, address).
    pub points: Vec<(i64, String, String)>,
}

/// What the import matches against: products, customers and the sender order numbers
/// already imported, read from the database once.
#[derive(Debug, Default)]
pub struct Catalog {
    pub products: Vec<ProductRef>,
    pub customers: Vec<CustomerRef>,
    /// (customer id, sender's order number) → our order number.
    pub imported: HashMap<(i64, String), String>,
    by_sku: HashMap<String, usize>,
    by_ean: HashMap<String, usize>,
    by_code: HashMap<String, usize>,
    by_tax: HashMap<String, usize>,
}

impl Catalog {
    /// Builds the lookup maps; `eans` pairs an EAN with an index into `products`.
    pub fn new(
        products: Vec<ProductRef>,
        eans: Vec<(String, usize)>,
        customers: Vec<CustomerRef>,
        imported: HashMap<(i64, String), String>,
    ) -> Catalog {
        let by_sku = products
            .iter()
            .enumerate()
            .map(|(i, p)| (p.sku.to_lowercase(), i))
            .collect();
        let by_ean = eans.into_iter().collect();
        let by_code = customers
            .iter()
            .enumerate()
            .map(|(i, c)| (c.code.to_lowercase(), i))
            .collect();
        let by_tax = customers
            .iter()
            .enumerate()
            .filter(|(_, c)| !c.tax_id.trim().is_empty())
            .map(|(i, c)| (c.tax_id.trim().to_lowercase(), i))
            .collect();
        Catalog {
            products,
            customers,
            imported,
            by_sku,
            by_ean,
            by_code,
            by_tax,
        }
    }

    fn product(&self, sku: Option<&str>, ean: Option<&str>) -> Option<&ProductRef> {
        let by_sku = sku.and_then(|s| self.by_sku.get(&s.to_lowercase()));
        let by_ean = || {
            ean.or(sku.filter(|s| s.len() >= 8 && s.bytes().all(|b| b.is_ascii_digit())))
                .and_then(|e| self.by_ean.get(e))
        };
        by_sku.or_else(by_ean).map(|&i| &self.products[i])
    }

    /// A customer by code, then tax id.
    pub fn customer(&self, key: &str) -> Option<&CustomerRef> {
        let k = key.trim().to_lowercase();
        self.by_code
            .get(&k)
            .or_else(|| self.by_tax.get(&k))
            .map(|&i| &self.customers[i])
    }

    /// The one customer named in some text (a title cell, a file name): by a code or tax id
    /// standing as a word of its own, or by the full legal name. None when none or several.
    fn customer_in_text(&self, texts: &[String]) -> Option<&CustomerRef> {
        let mut found: HashSet<usize> = HashSet::new();
        for t in texts {
            for word in t.split(|c: char| !c.is_alphanumeric()).filter(|w| w.len() >= 3) {
                let w = word.to_lowercase();
                if let Some(&i) = self.by_code.get(&w).or_else(|| self.by_tax.get(&w)) {
                    found.insert(i);
                }
            }
            let low = normalize(t);
            for (i, c) in self.customers.iter().enumerate() {
                let name = normalize(&c.name);
                if name.chars().count() >= 6 && low.contains(&name) {
                    found.insert(i);
                }
            }
        }
        if found.len() == 1 {
            found.into_iter().next().map(|i| &self.customers[i])
        } else {
            None
        }
    }
}

/// One problem of a file: where it is and why the row cannot be imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub file: String,
    /// Row as the user sees it (CSV record or spreadsheet row, from 1); 0 for the whole file.
    pub row: usize,
    /// Column letter and header, e.g. "D (Артикул)"; empty when it concerns the row.
    pub column: String,
    pub field: String,
    pub value: String,
    pub reason: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}, row {}", self.file, self.row)?;
        if !self.column.is_empty() {
            write!(f, ", column {}", self.column)?;
        }
        write!(f, ": {}", self.reason)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub row: usize,
    pub product_id: i64,
    pub sku: String,
    pub quantity: i64,
    pub unit: String,
}

/// An order found in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Order {
    /// The sender's order number, or `file:<hash>` for a file that has none (a price list).
    pub external_no: String,
    pub customer_id: Option<i64>,
    pub customer: String,
    pub delivery_point_id: Option<i64>,
    pub order_date: Option<NaiveDate>,
    pub wanted_date: Option<NaiveDate>,
    pub channel: Channel,
    pub comment: String,
    pub lines: Vec<Line>,
    /// File rows of this order (for the report of rejected rows).
    pub rows: Vec<usize>,
    /// Problems in this order's rows: the order cannot be imported.
    pub problems: usize,
    /// Already imported before, as this order number of ours.
    pub existing: Option<String>,
}

impl Order {
    pub fn valid(&self) -> bool {
        self.problems == 0 && self.customer_id.is_some() && !self.lines.is_empty()
    }
    pub fn units(&self) -> i64 {
        self.lines.iter().map(|l| l.quantity).sum()
    }
}

/// Everything read from a file: the preview.
#[derive(Debug, Clone, Default)]
pub struct Parsed {
    /// The file's name as shown in messages.
    pub file: String,
    pub format: String,
    pub sha256: String,
    /// Header cells and the file row they are on.
    pub header: Vec<String>,
    pub header_row: usize,
    /// The first rows after the header, for the mapping editor.
    pub sample: Vec<Row>,
    /// The settings in force (detected values filled in).
    pub settings: Settings,
    /// The profile applied, if any.
    pub profile: Option<String>,
    pub orders: Vec<Order>,
    /// Problems kept (at most [`MAX_PROBLEMS`]) and their full count.
    pub problems: Vec<Problem>,
    pub problem_count: usize,
    /// Notes that are not problems ("A01140 on rows 2 and 5: quantities added").
    pub notes: Vec<String>,
    pub rows_read: usize,
    /// Rows without a quantity (price-list rows the client did not order).
    pub rows_without_quantity: usize,
    /// The columns could not be found: the user has to choose them (nothing else was read).
    pub mapping_needed: bool,
}

impl Parsed {
    pub fn valid_orders(&self) -> impl Iterator<Item = &Order> {
        self.orders.iter().filter(|o| o.valid() && o.existing.is_none())
    }
    pub fn line_count(&self) -> usize {
        self.orders.iter().map(|o| o.lines.len()).sum()
    }
    /// The normalised header row: how profiles recognise a sender's files.
    pub fn signature(&self) -> String {
        signature(&self.header)
    }
    fn problem(&mut self, p: Problem) {
        self.problem_count += 1;
        if self.problems.len() < MAX_PROBLEMS {
            self.problems.push(p);
        }
    }
}

pub fn signature(header: &[String]) -> String {
    header
        .iter()
        .map(|h| normalize(h))
        .collect::<Vec<_>>()
        .join("|")
        .trim_end_matches('|')
        .to_string()
}

/// A saved way to read one sender's files.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub id: i64,
    pub name: String,
    /// The normalised header row the profile recognises (see [`Parsed::signature`]).
    pub signature: String,
    /// A piece of the file name the profile recognises (case-insensitive), or empty.
    pub file_pattern: String,
    pub settings: Settings,
    pub version: i64,
}

/// Which profile applies: the one named, else one whose file-name pattern is in the name.
pub fn profile_for_name<'a>(profiles: &'a [Profile], named: Option<&str>, file: &str) -> Option<&'a Profile> {
    if let Some(n) = named {
        // the exact name, else in any case ("ромашка" for "Ромашка": not only ASCII)
        let n = n.trim();
        let low = n.to_lowercase();
        return profiles
            .iter()
            .find(|p| p.name.trim() == n)
            .or_else(|| profiles.iter().find(|p| p.name.trim().to_lowercase() == low));
    }
    let file = file.to_lowercase();
    profiles
        .iter()
        .find(|p| !p.file_pattern.trim().is_empty() && file.contains(&p.file_pattern.trim().to_lowercase()))
}

/// Largest spreadsheet read (a CSV file streams and may be larger).
const MAX_SHEET_BYTES: u64 = 64 * 1024 * 1024;

/// A problem with the whole file (not one row): "<file>: <message>".
fn file_error(file: &str, message: impl Into<String>) -> Error {
    let m = message.into();
    if m.starts_with(&format!("{file}:")) {
        Error::Message(m)
    } else {
        Error::Message(format!("{file}: {m}"))
    }
}

/// A source of rows: a CSV stream or a spreadsheet's sheet in memory.
enum Source {
    Csv {
        rdr: Box<csv::Reader<DecodeReader<std::io::BufReader<std::fs::File>>>>,
        rec: csv::StringRecord,
        /// The row number of the last record, as a spreadsheet shows the file.
        n: usize,
        /// The text line the last record ended on.
        end_line: u64,
    },
    Sheet(std::vec::IntoIter<Row>),
}

impl Source {
    fn next(&mut self, file: &str) -> Result<Option<Row>> {
        match self {
            Source::Sheet(it) => Ok(it.next()),
            Source::Csv {
                rdr,
                rec,
                n,
                end_line,
            } => {
                let more = rdr.read_record(rec).map_err(|e| {
                    let row = e.position().map_or(*n + 1, |p| p.record() as usize + 1);
                    Error::Input {
                        file: file.to_string(),
                        row,
                        field: String::new(),
                        message: format!("the file cannot be read on: {e}"),
                    }
                })?;
                if !more {
                    return Ok(None);
                }
                // Excel counts blank lines as rows and a quoted line break as none; the csv
                // reader skips blank lines, so count them back from the text lines: the reader
                // stands on the line after the record (or on its last line at the end of a file
                // without a final line break)
                let here = rdr.position().line();
                let last = if rdr.is_done() {
                    here
                } else {
                    here.saturating_sub(1)
                };
                let breaks: u64 = rec.iter().map(|f| f.matches('\n').count() as u64).sum();
                let start = last.saturating_sub(breaks);
                *n += start.saturating_sub(*end_line).max(1) as usize;
                *end_line = last;
                Ok(Some(Row {
                    number: *n,
                    cells: rec
                        .iter()
                        .map(|s| {
                            if s.trim().is_empty() {
                                Cell::Empty
                            } else {
                                Cell::Text(s.to_string())
                            }
                        })
                        .collect(),
                }))
            }
        }
    }
}

/// Opens a file as rows: finds what it is, its encoding and separator, or reads its sheets.
/// Returns the source, the rows before the data could start (for header detection), a
/// description of the format, and the settings with detected values filled in.
fn open(path: &Path, file: &str, settings: &mut Settings, read: Arc<AtomicU64>) -> Result<(Source, String)> {
    let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
    if meta.is_dir() {
        return Err(file_error(file, "is a folder, not a file"));
    }
    let mut head = Vec::with_capacity(64 * 1024);
    std::fs::File::open(path)
        .map_err(|e| Error::io(path, e))?
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(|e| Error::io(path, e))?;
    match decode::sniff(&head) {
        Sniffed::Empty => Err(file_error(file, "the file is empty")),
        Sniffed::Binary(why) => Err(file_error(file, format!("not a CSV or spreadsheet file ({why})"))),
        Sniffed::Spreadsheet => {
            if meta.len() > MAX_SHEET_BYTES {
                return Err(file_error(
                    file,
                    format!(
                        "the spreadsheet is {} MB; at most {} MB is read (save it as CSV to import more)",
                        meta.len() >> 20,
                        MAX_SHEET_BYTES >> 20
                    ),
                ));
            }
            let sheets = super::sheet::read_sheets(path).map_err(|m| file_error(file, m))?;
            read.store(meta.len(), Ordering::Relaxed);
            // the first sheet with a table of orders in it, else the first sheet
            let i = sheets
                .iter()
                .position(|s| find_header(&s.rows).is_some())
                .unwrap_or(0);
            let Some(sheet) = sheets.into_iter().nth(i) else {
                return Err(file_error(file, "the spreadsheet has no sheet with data"));
            };
            let ext = path
                .extension()
                .map(|e| e.to_string_lossy().to_uppercase())
                .unwrap_or_else(|| "XLSX".into());
            Ok((
                Source::Sheet(sheet.rows.into_iter()),
                format!("{ext}, sheet \u{ab}{}\u{bb}", sheet.name),
            ))
        }
        Sniffed::Text(found) => {
            let enc = *settings.encoding.get_or_insert(found);
            let sample = decode::decode_all(&head, enc);
            let sep = *settings
                .separator
                .get_or_insert(decode::sniff_separator(&sample) as char);
            let f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
            let rdr = csv::ReaderBuilder::new()
                .has_headers(false)
                .flexible(true)
                .delimiter(if sep.is_ascii() { sep as u8 } else { b';' })
                .from_reader(DecodeReader::new(std::io::BufReader::new(f), enc, read));
            let sep_name = match sep {
                '\t' => "tab".to_string(),
                c => format!("\u{2018}{c}\u{2019}"),
            };
            Ok((
                Source::Csv {
                    rdr: Box::new(rdr),
                    rec: csv::StringRecord::new(),
                    n: 0,
                    end_line: 0,
                },
                format!("CSV, {}, separator {sep_name}", enc.name()),
            ))
        }
    }
}

fn sha256_file(path: &Path) -> Result<String> {
    let mut f = std::fs::File::open(path).map_err(|e| Error::io(path, e))?;
    let mut h = sha2::Sha256::new();
    let mut buf = vec![0u8; 256 * 1024];
    loop {
        let n = f.read(&mut buf).map_err(|e| Error::io(path, e))?;
        if n == 0 {
            break;
        }
        h.update(&buf[..n]);
    }
    Ok(h.finalize().iter().map(|b| format!("{b:02x}")).collect())
}

/// Words meaning "box" in a unit column: the quantity is then boxes, not units.
const BOX_UNITS: [&str; 10] = [
    "кор",
    "короб",
    "коробка",
    "box",
    "boxes",
    "ctn",
    "carton",
    "karton",
    "kart",
    "箱",
];

/// Words a totals row at the foot of a table begins with.
const TOTAL_WORDS: [&str; 8] = [
    "итого",
    "всего",
    "total",
    "totals",
    "razem",
    "suma",
    "合计",
    "总计",
];

/// A totals row ("Итого:", "Total", "Razem", "合计"): its first filled cell says so.
fn is_total(row: &Row) -> bool {
    let first = row
        .cells
        .iter()
        .find(|c| !c.is_empty())
        .map(|c| normalize(&c.text()));
    first.is_some_and(|t| {
        TOTAL_WORDS
            .iter()
            .any(|w| t == *w || t.strip_prefix(w).is_some_and(|rest| rest.starts_with(' ')))
    })
}

/// Reads an order file. `profiles` are the saved ones: the one named in `named_profile`, else
/// one whose file pattern matches, else one whose header matches is applied; explicit
/// `settings` (what the user changed in the preview) win over all of them.
pub fn read(
    path: &Path,
    catalog: &Catalog,
    settings: &Settings,
    profiles: &[Profile],
    named_profile: Option<&str>,
    progress: &Progress,
) -> Result<Parsed> {
    let file = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let mut parsed = Parsed {
        file: file.clone(),
        ..Default::default()
    };
    let mut profile = profile_for_name(profiles, named_profile, &file);
    if named_profile.is_some() && profile.is_none() {
        return Err(Error::msg(format!(
            "there is no import profile '{}'",
            named_profile.unwrap_or_default()
        )));
    }
    let mut s = merge(settings, profile.map(|p| &p.settings));
    let total = std::fs::metadata(path).map_err(|e| Error::io(path, e))?.len();
    progress.set_total(total as usize);
    let read = Arc::new(AtomicU64::new(0));
    let (mut source, format) = open(path, &file, &mut s, read.clone())?;
    parsed.format = format;

    // the header: the row the settings name, else found among the first rows
    let mut head_rows = Vec::new();
    while head_rows.len() < 40 {
        match source.next(&file)? {
            Some(r) if r.is_blank() => continue,
            Some(r) => {
                let stop = s.header_row.is_some_and(|h| r.number >= h);
                head_rows.push(r);
                if stop {
                    break;
                }
            }
            None => break,
        }
    }
    if head_rows.is_empty() {
        return Err(file_error(&file, "the file has no rows"));
    }
    let detected = find_header(&head_rows);
    let header_idx = match s.header_row {
        Some(h) => head_rows.iter().position(|r| r.number == h).ok_or_else(|| {
            file_error(
                &file,
                format!("row {h}, chosen as the header row, is empty or missing"),
            )
        })?,
        None => match &detected {
            Some((i, _)) => *i,
            None => 0,
        },
    };
    let header_row = head_rows[header_idx].clone();
    parsed.header = header_row.cells.iter().map(Cell::text).collect();
    parsed.header_row = header_row.number;
    if profile.is_none() && named_profile.is_none() {
        let sig = parsed.signature();
        if let Some(p) = profiles
            .iter()
            .find(|p| !p.signature.is_empty() && p.signature == sig)
        {
            profile = Some(p);
            let enc = s.encoding;
            let sep = s.separator;
            s = merge(settings, Some(&p.settings));
            s.encoding = enc;
            s.separator = sep;
        }
    }
    parsed.profile = profile.map(|p| p.name.clone());
    let mapping = match &s.mapping {
        Some(m) => m.clone(),
        None => Mapping::from_header(&parsed.header),
    };
    s.mapping = Some(mapping.clone());
    s.header_row = Some(parsed.header_row);
    if !mapping.usable() {
        // show the raw rows so the user can choose the columns by hand
        parsed.settings = s;
        parsed.sample = head_rows[header_idx + 1..]
            .iter()
            .take(SAMPLE_ROWS)
            .cloned()
            .collect();
        while parsed.sample.len() < SAMPLE_ROWS {
            match source.next(&file)? {
                Some(r) if r.is_blank() => {}
                Some(r) => parsed.sample.push(r),
                None => break,
            }
        }
        parsed.mapping_needed = true;
        parsed.problem(Problem {
            file: file.clone(),
            row: parsed.header_row,
            column: String::new(),
            field: Field::Sku.label().into(),
            value: String::new(),
            reason: "no header row with a SKU (Артикул, kod, 货号) and a quantity (Количество, ilość, 数量) \
                     column was found: choose the columns"
                .into(),
        });
        return Ok(parsed);
    }
    let spreadsheet = matches!(source, Source::Sheet(_));

    // the customer of the whole file: the settings, else named above the table or in the name
    let file_customer = match &s.customer {
        Some(code) => Some(
            catalog
                .customer(code)
                .ok_or_else(|| Error::msg(format!("customer '{code}' not found (by code or tax id)")))?,
        ),
        None => {
            let mut texts: Vec<String> = head_rows[..header_idx]
                .iter()
                .flat_map(|r| r.cells.iter().map(Cell::text))
                .filter(|t| !t.is_empty())
                .collect();
            let from_cells = catalog.customer_in_text(&texts);
            texts.clear();
            texts.push(
                path.file_stem()
                    .map(|s| s.to_string_lossy().into_owned())
                    .unwrap_or_default(),
            );
            from_cells.or_else(|| catalog.customer_in_text(&texts))
        }
    };
    if mapping.get(Field::Customer).is_none()
        && mapping.get(Field::TaxId).is_none()
        && file_customer.is_none()
    {
        parsed.problem(Problem {
            file: file.clone(),
            row: 0,
            column: String::new(),
            field: Field::Customer.label().into(),
            value: String::new(),
            reason: "the customer is not in the file: choose it (--customer CODE)".into(),
        });
    }
    parsed.sha256 = sha256_file(path)?;
    let default_channel = s.channel.unwrap_or(if spreadsheet {
        Channel::PriceList
    } else {
        Channel::Edi
    });
    parsed.settings = s.clone();

    let col_name = |c: usize| match parsed.header.get(c).filter(|h| !h.is_empty()) {
        Some(h) => format!("{} ({h})", column_letter(c)),
        None => column_letter(c),
    };
    let columns: HashMap<Field, String> = mapping.columns.iter().map(|(f, c)| (*f, col_name(*c))).collect();
    let mut by_key: HashMap<(String, String), usize> = HashMap::new();
    let mut line_of: HashMap<(usize, i64), usize> = HashMap::new();
    let no_number = format!("file:{}", &parsed.sha256[..16]);
    let mut rest = head_rows.into_iter().skip(header_idx + 1);
    let mut last_report = 0u64;
    let mut seen = 0usize;
    loop {
        let row = match rest.next() {
            Some(r) => r,
            None => match source.next(&file)? {
                Some(r) => r,
                None => break,
            },
        };
        // progress and cancel by bytes read (or rows of a sheet), blank rows included
        seen += 1;
        let done = read.load(Ordering::Relaxed);
        if done.saturating_sub(last_report) > 256 * 1024 || seen.is_multiple_of(4096) {
            last_report = done;
            progress.set_done(done.min(total) as usize);
            progress.check()?;
        }
        if row.is_blank() {
            continue;
        }
        parsed.rows_read += 1;
        if parsed.rows_read > MAX_ROWS {
            return Err(file_error(
                &file,
                format!("more than {MAX_ROWS} rows: split the file"),
            ));
        }
        if parsed.sample.len() < SAMPLE_ROWS {
            parsed.sample.push(row.clone());
        }
        let text = |f: Field| {
            mapping
                .get(f)
                .map(|c| row.get(c).text())
                .filter(|t| !t.is_empty())
        };
        let mut row_problems: Vec<Problem> = Vec::new();
        let bad = |row_problems: &mut Vec<Problem>, f: Field, value: String, reason: String| {
            row_problems.push(Problem {
                file: file.clone(),
                row: row.number,
                column: columns.get(&f).cloned().unwrap_or_default(),
                field: f.label().into(),
                value,
                reason,
            })
        };

        let sku = text(Field::Sku);
        let ean = text(Field::Ean);
        let registry_row = mapping.get(Field::OrderNo).is_some() && text(Field::OrderNo).is_some();
        if sku.is_none() && ean.is_none() && (spreadsheet || !registry_row || is_total(&row)) {
            // a section title or a total row ("Итого:") of a price list or a registry: no
            // product on it
            parsed.rows_without_quantity += 1;
            continue;
        }
        let qty = match mapping.get(Field::Quantity).map(|c| row.get(c)) {
            Some(cell) => match parse_quantity(cell, s.decimal) {
                Ok(q) => q,
                Err(m) => {
                    bad(
                        &mut row_problems,
                        Field::Quantity,
                        cell.text(),
                        format!("quantity {m}"),
                    );
                    None
                }
            },
            None => None,
        };
        if qty.is_none() && row_problems.is_empty() {
            // a price-list row nobody ordered
            if spreadsheet || mapping.get(Field::OrderNo).is_none() {
                parsed.rows_without_quantity += 1;
                continue;
            }
            bad(
                &mut row_problems,
                Field::Quantity,
                String::new(),
                "quantity is missing".into(),
            );
        }
        // the customer
        let customer = if let Some(c) = file_customer {
            Some(c)
        } else if let Some(key) = text(Field::Customer).or_else(|| text(Field::TaxId)) {
            let found = catalog.customer(&key);
            if found.is_none() {
                let f = if text(Field::Customer).is_some() {
                    Field::Customer
                } else {
                    Field::TaxId
                };
                bad(
                    &mut row_problems,
                    f,
                    key.clone(),
                    format!("unknown customer '{key}' (no such code or tax id)"),
                );
            }
            found
        } else {
            if mapping.get(Field::Customer).is_some() || mapping.get(Field::TaxId).is_some() {
                bad(
                    &mut row_problems,
                    Field::Customer,
                    String::new(),
                    "customer is missing".into(),
                );
            }
            None
        };
        // the product
        let product = match (&sku, &ean) {
            (None, None) => {
                bad(
                    &mut row_problems,
                    if mapping.get(Field::Sku).is_some() {
                        Field::Sku
                    } else {
                        Field::Ean
                    },
                    String::new(),
                    "SKU is missing".into(),
                );
                None
            }
            _ => match catalog.product(sku.as_deref(), ean.as_deref()) {
                Some(p) if !p.active => {
                    bad(
                        &mut row_problems,
                        Field::Sku,
                        p.sku.clone(),
                        format!("product {} is no longer sold (inactive)", p.sku),
                    );
                    None
                }
                Some(p) => Some(p),
                None => {
                    // one of them is there (the arm above takes neither)
                    let (f, v) = match &sku {
                        Some(s) => (Field::Sku, s.clone()),
                        None => (Field::Ean, ean.clone().unwrap_or_default()),
                    };
                    let reason = if ean.is_some() && sku.is_some() {
                        format!(
                            "unknown SKU '{v}' (and EAN '{}')",
                            ean.clone().unwrap_or_default()
                        )
                    } else if f == Field::Ean {
                        format!("unknown EAN '{v}'")
                    } else {
                        format!("unknown SKU '{v}'")
                    };
                    bad(&mut row_problems, f, v, reason);
                    None
                }
            },
        };
        // the unit: the product's own, or boxes
        let mut quantity = qty.unwrap_or(0);
        if let (Some(p), Some(u)) = (product, text(Field::Unit)) {
            let unit = u.trim_end_matches('.').to_lowercase();
            if unit != p.unit.trim_end_matches('.').to_lowercase() {
                if BOX_UNITS.contains(&unit.as_str()) {
                    quantity *= p.units_per_box.max(1);
                } else {
                    bad(
                        &mut row_problems,
                        Field::Unit,
                        u.clone(),
                        format!("unit '{u}' is not the product's unit '{}' nor boxes", p.unit),
                    );
                }
            }
        }
        let order_date = match mapping.get(Field::OrderDate).map(|c| row.get(c)) {
            Some(cell) => parse_date(cell).unwrap_or_else(|m| {
                bad(
                    &mut row_problems,
                    Field::OrderDate,
                    cell.text(),
                    format!("order date {m}"),
                );
                None
            }),
            None => None,
        };
        let wanted_date = match mapping.get(Field::WantedDate).map(|c| row.get(c)) {
            Some(cell) => parse_date(cell).unwrap_or_else(|m| {
                bad(
                    &mut row_problems,
                    Field::WantedDate,
                    cell.text(),
                    format!("wanted date {m}"),
                );
                None
            }),
            None => None,
        };
        let channel = match text(Field::Channel) {
            Some(c) => Channel::parse(&c).unwrap_or_else(|| {
                bad(
                    &mut row_problems,
                    Field::Channel,
                    c.clone(),
                    format!("unknown channel '{c}'"),
                );
                default_channel
            }),
            None => default_channel,
        };
        let point = match (customer, text(Field::DeliveryPoint)) {
            (Some(c), Some(dp)) => {
                let low = normalize(&dp);
                let hit = c.points.iter().find(|(_, name, addr)| {
                    (!name.is_empty() && normalize(name) == low) || normalize(addr).contains(&low)
                });
                if hit.is_none() {
                    bad(
                        &mut row_problems,
                        Field::DeliveryPoint,
                        dp.clone(),
                        format!("'{dp}' is not a delivery point of {}", c.code),
                    );
                }
                hit.map(|p| p.0)
            }
            (Some(c), None) => c.points.first().map(|p| p.0),
            _ => None,
        };

        // the order this row belongs to
        let customer_key = customer.map_or_else(
            || {
                text(Field::Customer)
                    .or_else(|| text(Field::TaxId))
                    .unwrap_or_default()
            },
            |c| c.code.clone(),
        );
        let number = text(Field::OrderNo).unwrap_or_else(|| no_number.clone());
        let key = (customer_key.clone(), number.clone());
        let idx = *by_key.entry(key).or_insert_with(|| {
            let existing = customer.and_then(|c| catalog.imported.get(&(c.id, number.clone())).cloned());
            parsed.orders.push(Order {
                external_no: number.clone(),
                customer_id: customer.map(|c| c.id),
                customer: customer.map_or(customer_key.clone(), |c| format!("{} {}", c.code, c.name)),
                delivery_point_id: point,
                order_date,
                wanted_date,
                channel,
                comment: text(Field::Comment).unwrap_or_default(),
                lines: Vec::new(),
                rows: Vec::new(),
                problems: 0,
                existing,
            });
            parsed.orders.len() - 1
        });
        let order = &mut parsed.orders[idx];
        order.rows.push(row.number);
        if row_problems.is_empty() {
            if let Some(p) = product {
                match line_of.get(&(idx, p.id)) {
                    Some(&li) => {
                        let line = &mut order.lines[li];
                        line.quantity += quantity;
                        if parsed.notes.len() < 1000 {
                            parsed.notes.push(format!(
                                "{file}: {} is on rows {} and {} of order {}: quantities added",
                                p.sku, line.row, row.number, order.external_no
                            ));
                        }
                    }
                    None => {
                        line_of.insert((idx, p.id), order.lines.len());
                        order.lines.push(Line {
                            row: row.number,
                            product_id: p.id,
                            sku: p.sku.clone(),
                            quantity,
                            unit: p.unit.clone(),
                        });
                    }
                }
            }
        } else {
            order.problems += row_problems.len();
            for p in row_problems {
                parsed.problem(p);
            }
            if parsed.problem_count >= STOP_AFTER_PROBLEMS {
                return Err(file_error(
                    &file,
                    format!(
                        "{STOP_AFTER_PROBLEMS} problems by row {}: this does not look like an order file \
                         with these columns; nothing was imported",
                        row.number
                    ),
                ));
            }
        }
    }
    progress.set_done(total as usize);
    if parsed.orders.is_empty() && parsed.problem_count == 0 {
        parsed.problem(Problem {
            file: file.clone(),
            row: 0,
            column: columns.get(&Field::Quantity).cloned().unwrap_or_default(),
            field: Field::Quantity.label().into(),
            value: String::new(),
            reason: "no row has a quantity: nothing to import".into(),
        });
    }
    Ok(parsed)
}

/// The settings in force: what the user set, else the profile's.
fn merge(user: &Settings, profile: Option<&Settings>) -> Settings {
    let Some(p) = profile else {
        return user.clone();
    };
    Settings {
        mapping: user.mapping.clone().or_else(|| p.mapping.clone()),
        header_row: user.header_row.or(p.header_row),
        encoding: user.encoding.or(p.encoding),
        separator: user.separator.or(p.separator),
        decimal: if user.decimal == DecimalMark::Auto {
            p.decimal
        } else {
            user.decimal
        },
        channel: user.channel.or(p.channel),
        initial: user.initial.or(p.initial),
        customer: user.customer.clone().or_else(|| p.customer.clone()),
    }
}

/// Writes the rows of the orders that were not imported, with the reasons, as CSV (UTF-8
/// with BOM, `;`) beside nothing else: the sender can fix and send them again. The source is
/// read again (as a stream) so the report has the rows exactly as they were.
pub fn write_report(path: &Path, parsed: &Parsed, out: &Path) -> Result<usize> {
    let mut reasons: HashMap<usize, Vec<String>> = HashMap::new();
    for p in &parsed.problems {
        let why = if p.column.is_empty() {
            p.reason.clone()
        } else {
            format!("{}: {}", p.column, p.reason)
        };
        reasons.entry(p.row).or_default().push(why);
    }
    for o in parsed.orders.iter().filter(|o| !o.valid()) {
        for r in &o.rows {
            let v = reasons.entry(*r).or_default();
            if v.is_empty() {
                v.push(format!("order {} has problems on other rows", o.external_no));
            }
        }
    }
    let mut s = parsed.settings.clone();
    let (mut source, _) = open(path, &parsed.file, &mut s, Arc::default())?;
    let mut buf = Vec::new();
    buf.extend_from_slice(b"\xEF\xBB\xBF");
    {
        let mut w = csv::WriterBuilder::new().delimiter(b';').from_writer(&mut buf);
        let mut head = vec!["row".to_string(), "problem".to_string()];
        head.extend(parsed.header.iter().cloned());
        w.write_record(&head).map_err(|e| Error::msg(e.to_string()))?;
        let mut n = 0;
        while let Some(row) = source.next(&parsed.file)? {
            let Some(why) = reasons.get(&row.number) else {
                continue;
            };
            if row.number == 0 || row.number == parsed.header_row {
                continue;
            }
            let mut rec = vec![row.number.to_string(), why.join("; ")];
            rec.extend(row.cells.iter().map(Cell::text));
            w.write_record(&rec).map_err(|e| Error::msg(e.to_string()))?;
            n += 1;
        }
        w.flush().map_err(|e| Error::io(out, e))?;
        drop(w);
        crate::print::output::write_atomic(out, &buf)?;
        Ok(n)
    }
}

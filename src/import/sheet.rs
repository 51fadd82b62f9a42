//! Reading clients' spreadsheet files (`.xlsx`, `.xlsm`, `.xlsb`, `.xls`, `.ods`) into the
//! common [`Row`]/[`Cell`] grid, with the `calamine` crate.
//!
//! What the rest of the import sees:
//! - one [`Sheet`] per *visible* worksheet, in workbook order (hidden, very hidden and chart
//!   sheets are skipped);
//! - row numbers as the user sees them in Excel (1-based, absolute), cells at their absolute
//!   column (column A is index 0), so a table starting at B3 gives rows numbered from 3 whose
//!   cell 0 is [`Cell::Empty`];
//! - only rows with at least one non-empty cell (their numbers are kept, so gaps remain
//!   visible), trailing empty cells trimmed;
//! - formulas as their cached result (what Excel showed when the file was saved);
//! - merged cells as Excel stores them: the value in the top-left cell, the others empty.
//!
//! Every failure is an English message naming the file, never a panic: the file is refused
//! above 64 MB, absurdly large sheets are refused, an `.xls` file is checked for what
//! `calamine` does not survive (loops in the container's sector chains, on which it would
//! loop forever; sizes declared by damaged records, for which it would try to reserve
//! terabytes and abort), so is the count of texts an `.xlsx` file declares, and any panic
//! inside `calamine` is caught and reported as a damaged file.

use std::io::{Cursor, Read};
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use calamine::{Data, DataRef, ExcelDateTime, Ods, Reader, SheetType, SheetVisible, Xls, Xlsb, Xlsx};
use chrono::NaiveDate;

use crate::import::grid::{Cell, Row, column_letter};

/// Largest spreadsheet file accepted, in bytes.
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;
/// A sheet with a value below this row number is refused (Excel's own limit is 1 048 576).
pub const MAX_ROWS: usize = 1_000_000;
/// A sheet with a value right of this column (column ALL) is refused.
pub const MAX_COLUMNS: usize = 1_000;
/// Cells (including the empty ones between values of a row) kept for a whole workbook: a
/// bound on memory (≈ 32 bytes each) far above any real order list. Also the bound on what
/// a file may make calamine reserve (cells of an `.xls` sheet, texts of an `.xlsx` file).
const MAX_CELLS: usize = 10_000_000;

/// One visible worksheet: its name as shown on the tab, and its non-empty rows.
#[derive(Debug, Clone, PartialEq)]
pub struct Sheet {
    pub name: String,
    pub rows: Vec<Row>,
}

/// The spreadsheet formats read here (`.xlsm` is read as [`SheetKind::Xlsx`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SheetKind {
    Xlsx,
    Xls,
    Xlsb,
    Ods,
}

impl std::fmt::Display for SheetKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            SheetKind::Xlsx => "xlsx",
            SheetKind::Xls => "xls",
            SheetKind::Xlsb => "xlsb",
            SheetKind::Ods => "ods",
        })
    }
}

/// Reads every visible worksheet of a spreadsheet file, in workbook order.
///
/// Messages name the file by its file name (not the whole path).
pub fn read_sheets(path: &Path) -> Result<Vec<Sheet>, String> {
    let file = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let cannot_read = |e: std::io::Error| format!("{file}: cannot read the file ({e})");
    let meta = std::fs::metadata(path).map_err(cannot_read)?;
    if !meta.is_file() {
        return Err(format!("{file}: not a file"));
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(too_big(&file, meta.len()));
    }
    // Read at most one byte more than the limit, in case the file grew since `metadata`.
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    std::fs::File::open(path)
        .and_then(|f| f.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes))
        .map_err(cannot_read)?;
    read_sheets_bytes(&file, bytes)
}

/// Same as [`read_sheets`] from bytes already in memory; `name` (the file name) gives the
/// format when the content does not, and names the file in messages.
///
/// A workbook without any visible worksheet gives `Ok` with no sheets; a visible but empty
/// worksheet gives a [`Sheet`] without rows.
pub fn read_sheets_bytes(name: &str, bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(too_big(name, bytes.len() as u64));
    }
    let Some(kind) = sniff(name, &bytes) else {
        return Err(unreadable(name, &what_is_it(&bytes)));
    };
    // `calamine` must not bring the desk down on a damaged file: a panic in it becomes a message.
    match catch_unwind(AssertUnwindSafe(|| read_workbook(name, kind, bytes))) {
        Ok(result) => result,
        Err(_) => Err(unreadable(
            name,
            &format!("damaged {kind} data: the reader stopped on it"),
        )),
    }
}

/// What kind of spreadsheet the bytes are, by their magic, or `None`.
///
/// OLE2 (`D0 CF 11 E0 A1 B1 1A E1`) is `.xls` (an encrypted `.xlsx` is OLE2 too; reading says
/// it is password-protected). A zip is decided by the names inside it — `mimetype` of an ODS
/// spreadsheet, `xl/workbook.bin` (xlsb), `xl/workbook.xml` (xlsx/xlsm), looked for in the
/// first and last 64 KB (the first entry and the zip's central directory) — or, when `head`
/// is only the start of the file and shows none of them, by the extension of `name`.
pub fn sniff(name: &str, head: &[u8]) -> Option<SheetKind> {
    const OLE2: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
    if head.starts_with(&OLE2) {
        return Some(SheetKind::Xls);
    }
    if !head.starts_with(b"PK\x03\x04") {
        return None;
    }
    const WINDOW: usize = 64 * 1024;
    let start = &head[..head.len().min(WINDOW)];
    let end = &head[head.len().saturating_sub(WINDOW)..];
    let holds = |needle: &[u8]| contains(start, needle) || contains(end, needle);
    if holds(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet") {
        return Some(SheetKind::Ods);
    }
    if holds(b"xl/workbook.bin") {
        return Some(SheetKind::Xlsb);
    }
    if holds(b"xl/workbook.xml") {
        return Some(SheetKind::Xlsx);
    }
    let ext = Path::new(name)
        .extension()
        .map(|e| e.to_string_lossy().to_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "xlsx" | "xlsm" | "xltx" | "xltm" => Some(SheetKind::Xlsx),
        "xlsb" => Some(SheetKind::Xlsb),
        "ods" | "ots" => Some(SheetKind::Ods),
        _ => None,
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

fn too_big(file: &str, size: u64) -> String {
    format!(
        "{file}: the file is {:.1} MB, more than the {} MB accepted for a spreadsheet",
        size as f64 / (1024.0 * 1024.0),
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

fn unreadable(file: &str, reason: &str) -> String {
    format!("{file}: not a readable Excel/ODS file ({reason})")
}

const PASSWORD: &str = "the workbook is password-protected: open it in Excel, remove the password \
                        and save it again";

/// A short description of bytes that are not a spreadsheet, for the message.
fn what_is_it(bytes: &[u8]) -> String {
    let text = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let start = text
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(text.len());
    let head = String::from_utf8_lossy(&text[start..text.len().min(start + 2048)]).to_lowercase();
    if bytes.iter().all(u8::is_ascii_whitespace) {
        "the file is empty".into()
    } else if head.starts_with("%pdf") {
        "it is a PDF document".into()
    } else if head.contains("urn:schemas-microsoft-com:office:spreadsheet") {
        "it is an old 'XML Spreadsheet 2003' file: open it in Excel and save it as .xlsx".into()
    } else if head.starts_with('<') && (head.contains("<html") || head.contains("<table")) {
        "it is a web page (HTML) saved under a spreadsheet name: open it in Excel and save it as .xlsx".into()
    } else if bytes.starts_with(b"PK") {
        "it is a zip archive without a spreadsheet in it".into()
    } else if text[..text.len().min(4096)]
        .iter()
        .all(|&b| b >= 0x20 || b"\t\n\r".contains(&b))
    {
        // No control bytes: text in whatever encoding (UTF-8, Windows-1251, …).
        "it is a text file, perhaps CSV, not a spreadsheet".into()
    } else {
        "unknown format".into()
    }
}

// ---------------------------------------------------------------------------------------------
// Reading a workbook

fn read_workbook(file: &str, kind: SheetKind, bytes: Vec<u8>) -> Result<Vec<Sheet>, String> {
    let mut budget = MAX_CELLS;
    let damaged =
        |e: &dyn std::fmt::Display| unreadable(file, &format!("damaged or incomplete {kind} data: {e}"));
    match kind {
        SheetKind::Xlsx => {
            check_xlsx(&bytes).map_err(|reason| unreadable(file, &reason))?;
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::XlsxError::Password => unreadable(file, PASSWORD),
                e => damaged(&e),
            })?;
            let mut sheets = Vec::new();
            for name in visible_worksheets(wb.sheets_metadata()) {
                let mut sheet = SheetBuilder::new(file, &name, &mut budget);
                let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| damaged(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| damaged(&e))? {
                    sheet.add_ref(cell)?;
                }
                sheets.push(sheet.finish());
            }
            Ok(sheets)
        }
        SheetKind::Xlsb => {
            let mut wb = Xlsb::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::XlsbError::Password => unreadable(file, PASSWORD),
                e => damaged(&e),
            })?;
            let mut sheets = Vec::new();
            for name in visible_worksheets(wb.sheets_metadata()) {
                let mut sheet = SheetBuilder::new(file, &name, &mut budget);
                let mut cells = wb.worksheet_cells_reader(&name).map_err(|e| damaged(&e))?;
                while let Some(cell) = cells.next_cell().map_err(|e| damaged(&e))? {
                    sheet.add_ref(cell)?;
                }
                sheets.push(sheet.finish());
            }
            Ok(sheets)
        }
        SheetKind::Xls => {
            check_xls(&bytes).map_err(|reason| unreadable(file, &reason))?;
            let mut wb = Xls::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::XlsError::Password => unreadable(file, PASSWORD),
                e => damaged(&e),
            })?;
            let names = visible_worksheets(wb.sheets_metadata());
            names
                .into_iter()
                .map(|name| {
                    let range = wb.worksheet_range(&name).map_err(|e| damaged(&e))?;
                    SheetBuilder::from_range(file, name, &range, &mut budget)
                })
                .collect()
        }
        SheetKind::Ods => {
            let mut wb = Ods::new(Cursor::new(bytes)).map_err(|e| match e {
                calamine::OdsError::Password => unreadable(file, PASSWORD),
                e => damaged(&e),
            })?;
            let names = visible_worksheets(wb.sheets_metadata());
            names
                .into_iter()
                .map(|name| {
                    let range = wb.worksheet_range(&name).map_err(|e| damaged(&e))?;
                    SheetBuilder::from_range(file, name, &range, &mut budget)
                })
                .collect()
        }
    }
}

/// Names of the visible worksheets (not chart, macro or dialog sheets), in workbook order.
fn visible_worksheets(sheets: &[calamine::Sheet]) -> Vec<String> {
    sheets
        .iter()
        .filter(|s| s.visible == SheetVisible::Visible && s.typ == SheetType::WorkSheet)
        .map(|s| s.name.clone())
        .collect()
}

/// Collects the cells of one sheet, by absolute position, into its non-empty rows.
struct SheetBuilder<'a> {
    file: &'a str,
    name: String,
    /// 0-based row index → cells from column A; a BTreeMap since readers may give cells in
    /// any order, and only rows with a value get an entry.
    rows: std::collections::BTreeMap<usize, Vec<Cell>>,
    /// Cells still allowed for the workbook (see [`MAX_CELLS`]).
    budget: &'a mut usize,
}

impl<'a> SheetBuilder<'a> {
    fn new(file: &'a str, name: &str, budget: &'a mut usize) -> Self {
        SheetBuilder {
            file,
            name: name.to_string(),
            rows: Default::default(),
            budget,
        }
    }

    /// A sheet from a whole calamine range (xls, ods), whose positions are relative to its start.
    fn from_range(
        file: &'a str,
        name: String,
        range: &calamine::Range<Data>,
        budget: &'a mut usize,
    ) -> Result<Sheet, String> {
        let mut sheet = SheetBuilder::new(file, &name, budget);
        let (row0, col0) = range.start().unwrap_or((0, 0));
        for (row, col, value) in range.used_cells() {
            sheet.add(row0 as usize + row, col0 as usize + col, convert(value))?;
        }
        Ok(sheet.finish())
    }

    /// A cell streamed by the xlsx/xlsb readers (absolute positions).
    fn add_ref(&mut self, cell: calamine::Cell<DataRef<'_>>) -> Result<(), String> {
        let (row, col) = cell.get_position();
        let value = Data::from(cell.get_value().clone());
        self.add(row as usize, col as usize, convert(&value))
    }

    /// Places a cell at its absolute 0-based position.
    fn add(&mut self, row: usize, col: usize, cell: Cell) -> Result<(), String> {
        if cell == Cell::Empty {
            return Ok(());
        }
        if row >= MAX_ROWS || col >= MAX_COLUMNS {
            if cell.is_empty() {
                // Blank text far away (a stray space) says nothing: ignore it.
                return Ok(());
            }
            return Err(format!(
                "{}, sheet '{}': there is a value in cell {}{}, beyond {} rows or {} columns; \
                 the sheet is too large to be an order list",
                self.file,
                self.name,
                column_letter(col),
                row + 1,
                MAX_ROWS,
                MAX_COLUMNS
            ));
        }
        let cells = self.rows.entry(row).or_default();
        if cells.len() <= col {
            let grow = col + 1 - cells.len();
            if grow > *self.budget {
                return Err(format!(
                    "{}: more than {} cells in the workbook; too large to be an order list",
                    self.file, MAX_CELLS
                ));
            }
            *self.budget -= grow;
            cells.resize(col + 1, Cell::Empty);
        }
        cells[col] = cell;
        Ok(())
    }

    fn finish(self) -> Sheet {
        let rows = self
            .rows
            .into_iter()
            .map(|(index, mut cells)| {
                while cells.last().is_some_and(Cell::is_empty) {
                    cells.pop();
                }
                Row {
                    number: index + 1,
                    cells,
                }
            })
            .filter(|row| !row.cells.is_empty())
            .collect();
        Sheet {
            name: self.name,
            rows,
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Values

/// One calamine value as a grid cell.
fn convert(value: &Data) -> Cell {
    match value {
        Data::Empty => Cell::Empty,
        // Kept as is (spaces included): callers trim.
        Data::String(s) => Cell::Text(s.clone()),
        Data::Float(f) => Cell::Number(*f),
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Bool(b) => Cell::Text(if *b { "TRUE" } else { "FALSE" }.to_string()),
        Data::DateTime(dt) => excel_date(dt),
        Data::DateTimeIso(s) => iso_date(s).map_or_else(|| Cell::Text(s.clone()), Cell::Date),
        Data::DurationIso(s) => Cell::Text(s.clone()),
        Data::Error(e) => Cell::Text(e.to_string()),
    }
}

/// Serial 2 958 466 is 10000-01-01, past Excel's last date.
const MAX_SERIAL: f64 = 2_958_466.0;

/// A number formatted as a date in the workbook: the date of its serial (days since
/// 1899-12-30, or since 1904-01-01 in a workbook using the 1904 system), the time of day
/// dropped. Durations, times of day alone (serial below 1), Excel's phantom 1900-02-29 and
/// serials outside Excel's dates stay numbers.
fn excel_date(dt: &ExcelDateTime) -> Cell {
    let serial = dt.as_f64();
    if dt.is_duration() || !(1.0..MAX_SERIAL).contains(&serial) {
        return Cell::Number(serial);
    }
    // calamine knows the workbook's date system (1900 or 1904), which it keeps private; its
    // conversion takes the whole days of the serial and is safe in the range checked above.
    let (year, month, day, ..) = dt.to_ymd_hms_milli();
    NaiveDate::from_ymd_opt(year.into(), month.into(), day.into()).map_or(Cell::Number(serial), Cell::Date)
}

/// The date part of an ISO 8601 date or date-time, as ODS stores dates ("2025-03-01",
/// "2025-03-01T10:30:00").
fn iso_date(s: &str) -> Option<NaiveDate> {
    let date = s.trim().split('T').next()?;
    NaiveDate::parse_from_str(date, "%Y-%m-%d").ok()
}

// ---------------------------------------------------------------------------------------------
// Check of an `.xlsx` file before calamine reads it

/// calamine reserves room for as many shared strings as the `uniqueCount` attribute of
/// `xl/sharedStrings.xml` declares, before reading any: a damaged or forged count makes it ask
/// for terabytes and abort the process. Refuses a count above [`MAX_CELLS`]; anything else
/// wrong with the zip is left to calamine, which refuses it with a message.
fn check_xlsx(bytes: &[u8]) -> Result<(), String> {
    for (method, data) in zip_entries(bytes, "xl/sharedstrings.xml") {
        // The `<sst …>` tag is at the start: 64 KB of the entry is plenty.
        let mut head = Vec::new();
        match method {
            0 => head.extend_from_slice(&data[..data.len().min(64 * 1024)]),
            // Whatever inflates before an error will do.
            8 => {
                _ = flate2::read::DeflateDecoder::new(data)
                    .take(64 * 1024)
                    .read_to_end(&mut head)
            }
            _ => continue,
        }
        if unique_count(&head).is_some_and(|n| n > MAX_CELLS as u128) {
            return Err("damaged or incomplete xlsx data: it declares an impossible number of texts".into());
        }
    }
    Ok(())
}

/// The entries of a zip whose name is `name` (compared as calamine does: `\` read as `/`,
/// ASCII case ignored), as (compression method, compressed bytes), found through the zip's
/// central directory. What cannot be found is skipped.
fn zip_entries<'a>(bytes: &'a [u8], name: &str) -> Vec<(u16, &'a [u8])> {
    let mut found = Vec::new();
    // The end of central directory record (PK 5 6) is in the last 22 bytes + 64 KB of comment.
    let tail = bytes.len().saturating_sub(22 + 65_535);
    let Some(end) = bytes[tail..]
        .windows(4)
        .rposition(|w| w == b"PK\x05\x06")
        .map(|at| tail + at)
    else {
        return found;
    };
    let Some(end) = bytes.get(end..end + 22) else {
        return found;
    };
    let mut at = u32_at(end, 16) as usize;
    for _ in 0..u16_at(end, 10) {
        // A central directory header (PK 1 2), 46 bytes, then name, extra field and comment.
        let Some(header) = bytes.get(at..at + 46).filter(|h| h.starts_with(b"PK\x01\x02")) else {
            break;
        };
        let name_len = u16_at(header, 28) as usize;
        let Some(entry) = bytes.get(at + 46..at + 46 + name_len) else {
            break;
        };
        let same = entry.len() == name.len()
            && entry
                .iter()
                .zip(name.bytes())
                .all(|(&a, b)| (if a == b'\\' { b'/' } else { a }).eq_ignore_ascii_case(&b));
        if same {
            // Its local header (PK 3 4), 30 bytes, then name and extra field, then the data.
            let local = u32_at(header, 42) as usize;
            if let Some(l) = bytes
                .get(local..local + 30)
                .filter(|l| l.starts_with(b"PK\x03\x04"))
            {
                let start = local + 30 + u16_at(l, 26) as usize + u16_at(l, 28) as usize;
                let size = u32_at(header, 20) as usize;
                if let Some(data) = bytes.get(start..) {
                    found.push((u16_at(header, 10), &data[..data.len().min(size)]));
                }
            }
        }
        at += 46 + name_len + u16_at(header, 30) as usize + u16_at(header, 32) as usize;
    }
    found
}

/// The largest `uniqueCount="…"` value in the start of a shared strings part (UTF-8, or
/// UTF-16 with a byte order mark), saturating; `None` when there is none made of digits.
fn unique_count(head: &[u8]) -> Option<u128> {
    let utf16 = |big: bool| {
        let units: Vec<u16> = head[2..]
            .chunks_exact(2)
            .map(|u| {
                if big {
                    u16::from_be_bytes([u[0], u[1]])
                } else {
                    u16::from_le_bytes([u[0], u[1]])
                }
            })
            .collect();
        String::from_utf16_lossy(&units)
    };
    let text = match head {
        [0xFF, 0xFE, ..] => utf16(false),
        [0xFE, 0xFF, ..] => utf16(true),
        _ => String::from_utf8_lossy(head).into_owned(),
    };
    text.match_indices("uniqueCount")
        .filter_map(|(at, key)| {
            let rest = text[at + key.len()..]
                .trim_start()
                .strip_prefix('=')?
                .trim_start();
            let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
            let value = rest[1..].split(quote).next()?;
            if value.is_empty() || !value.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            Some(value.bytes().fold(0u128, |n, d| {
                n.saturating_mul(10).saturating_add((d - b'0') as u128)
            }))
        })
        .max()
}

// ---------------------------------------------------------------------------------------------
// Checks of an `.xls` file before calamine reads it

/// Checks an `.xls` file (an OLE2 compound file holding a BIFF workbook stream) for the damage
/// calamine does not survive: it follows the container's sector chains without detecting
/// loops (it would loop, allocating, forever), and it reserves memory for the sizes the file
/// declares (a few flipped bits make it ask for terabytes and abort the process). Also
/// recognises an encrypted Office file (password) and an OLE2 file holding no workbook (a
/// Word `.doc`, an Outlook `.msg`). Returns the reason for the message when refusing.
fn check_xls(bytes: &[u8]) -> Result<(), String> {
    let stream = ole_workbook_stream(bytes)?;
    check_biff(&stream)
}

fn damaged_xls(what: &str) -> String {
    format!("damaged or incomplete xls data: {what}")
}

fn u16_at(b: &[u8], at: usize) -> u16 {
    u16::from_le_bytes([b[at], b[at + 1]])
}

fn u32_at(b: &[u8], at: usize) -> u32 {
    u32::from_le_bytes([b[at], b[at + 1], b[at + 2], b[at + 3]])
}

fn words(b: &[u8]) -> Vec<u32> {
    b.chunks_exact(4)
        .map(|w| u32::from_le_bytes([w[0], w[1], w[2], w[3]]))
        .collect()
}

/// The workbook stream of an OLE2 compound file (MS-CFB), found as calamine finds it, after
/// checking that no chain of sectors loops.
fn ole_workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, String> {
    const END: u32 = 0xFFFF_FFFA; // ids from here on are markers (end of chain, free, …)
    const FAT_MARKERS: u32 = 0xFFFF_FFFC; // calamine reads DIFAT entries below this as FAT sectors
    if bytes.len() < 512 {
        return Err(damaged_xls("the file ends inside its header"));
    }
    let size = match u16_at(bytes, 30) {
        9 => 512,
        12 => 4096,
        _ => return Err(damaged_xls("unknown sector size")),
    };
    // Sector `id` starts at (id + 1) × size; the last one may be cut short.
    let sectors = bytes.len().saturating_sub(size).div_ceil(size);
    // Counts calamine reserves memory for as soon as it reads the header: the number of FAT
    // sectors, and (reading bytes 62..66 for the DIFAT length) half of the first mini FAT
    // sector id with half of the number of mini FAT sectors, ~65 536 for any real file.
    if u32_at(bytes, 44) as usize > sectors || u32_at(bytes, 62) > 1 << 26 {
        return Err(damaged_xls("its header declares impossible sizes"));
    }
    let sector = |id: u32| -> Result<&[u8], String> {
        let start = (id as usize).checked_add(1).and_then(|n| n.checked_mul(size));
        start
            .and_then(|start| bytes.get(start..bytes.len().min(start + size)))
            .filter(|s| !s.is_empty())
            .ok_or_else(|| damaged_xls("a sector lies beyond the end of the file"))
    };

    // DIFAT: 109 entries in the header, then a chain of sectors each ending with the next id.
    let mut difat = words(&bytes[76..512]);
    let mut next = u32_at(bytes, 68);
    let mut steps = 0;
    while next < END {
        steps += 1;
        if steps > sectors {
            return Err(damaged_xls("the sector allocation table loops"));
        }
        let mut entries = words(sector(next)?);
        next = entries
            .pop()
            .ok_or_else(|| damaged_xls("a sector is cut short"))?;
        difat.extend(entries);
    }
    let fat_sectors: Vec<u32> = difat.into_iter().filter(|&id| id < FAT_MARKERS).collect();
    if fat_sectors.len() > sectors {
        return Err(damaged_xls("the sector allocation table is larger than the file"));
    }
    let mut fat = Vec::new();
    for id in fat_sectors {
        fat.extend(words(sector(id)?));
    }
    check_no_loop(&fat).map_err(|_| damaged_xls("a chain of sectors loops"))?;

    // Follows a chain of (now loop-free) sectors, concatenating them.
    let chain = |start: u32| -> Result<Vec<u8>, String> {
        let mut out = Vec::new();
        let mut id = start;
        while id < END && (id as usize) < fat.len() {
            out.extend_from_slice(sector(id)?);
            id = fat[id as usize];
        }
        Ok(out)
    };
    let mini_fat = words(&chain(u32_at(bytes, 60))?);
    check_no_loop(&mini_fat).map_err(|_| damaged_xls("a chain of small sectors loops"))?;

    // Directory entries, 128 bytes each: name in UTF-16 (its length in bytes at 64), first
    // sector at 116, stream length at 120 (32 bits in version 3 files, 64 in version 4).
    struct Entry {
        name: String,
        start: u32,
        len: usize,
    }
    let entries: Vec<Entry> = chain(u32_at(bytes, 48))?
        .chunks_exact(128)
        .map(|e| {
            let name_len = (u16_at(e, 64) as usize).min(64) & !1;
            let units: Vec<u16> = e[..name_len]
                .chunks_exact(2)
                .map(|u| u16::from_le_bytes([u[0], u[1]]))
                .collect();
            let len = if size == 512 {
                u32_at(e, 120) as u64
            } else {
                u32_at(e, 120) as u64 | (u32_at(e, 124) as u64) << 32
            };
            Entry {
                name: String::from_utf16_lossy(&units)
                    .trim_end_matches('\0')
                    .to_string(),
                start: u32_at(e, 116),
                len: usize::try_from(len).unwrap_or(usize::MAX),
            }
        })
        .collect();
    if entries
        .iter()
        .any(|e| e.name == "EncryptedPackage" || e.name == "EncryptionInfo")
    {
        return Err(PASSWORD.to_string());
    }
    let Some(workbook) = ["Workbook", "Book", "WORKBOOK", "BOOK"]
        .iter()
        .find_map(|name| entries.iter().find(|e| e.name == *name))
    else {
        return Err("it is an Office document without a workbook (a Word .doc or an Outlook .msg?)".into());
    };

    // Streams under 4096 bytes live in the mini stream (the root entry's chain), in 64-byte
    // mini sectors chained by the mini FAT.
    let mut stream = if workbook.len < 4096 {
        let mini_stream = chain(entries[0].start)?;
        let mut out = Vec::new();
        let mut id = workbook.start;
        while id < END && (id as usize) < mini_fat.len() && out.len() < workbook.len {
            let Some(mini) = mini_stream.get(id as usize * 64..id as usize * 64 + 64) else {
                break;
            };
            out.extend_from_slice(mini);
            id = mini_fat[id as usize];
        }
        out
    } else {
        chain(workbook.start)?
    };
    stream.truncate(workbook.len);
    Ok(stream)
}

/// Checks that following `next[i]` from any entry ends (reaches an id outside the table)
/// instead of coming back to an entry already on the way: the table is a forest of chains.
fn check_no_loop(next: &[u32]) -> Result<(), ()> {
    // 0: not seen yet, 1: on the chain being followed, 2: known to end.
    let mut state = vec![0u8; next.len()];
    let mut path = Vec::new();
    for start in 0..next.len() {
        let mut at = start;
        while at < next.len() && state[at] != 2 {
            if state[at] == 1 {
                return Err(());
            }
            state[at] = 1;
            path.push(at);
            at = next[at] as usize;
        }
        for i in path.drain(..) {
            state[i] = 2;
        }
    }
    Ok(())
}

/// The records of a BIFF stream from `start`, as calamine splits them: type, length, data.
fn biff_records(stream: &[u8], start: usize) -> impl Iterator<Item = (u16, &[u8])> {
    let mut rest = stream.get(start..).unwrap_or_default();
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            return None;
        }
        let typ = u16_at(rest, 0);
        let len = u16_at(rest, 2) as usize;
        let data = rest.get(4..4 + len)?;
        rest = &rest[4 + len..];
        Some((typ, data))
    })
}

/// Checks the sizes calamine reserves memory for while reading each sheet of a BIFF
/// workbook stream: the area its DIMENSIONS record declares, and the area spanned by its
/// cells (calamine makes a dense range of it).
fn check_biff(stream: &[u8]) -> Result<(), String> {
    let too_large = || damaged_xls("a sheet declares an impossible size");
    let mut sheets = Vec::new();
    for (typ, data) in biff_records(stream, 0).take_while(|&(typ, _)| typ != 0x000A) {
        match typ {
            // FILEPASS: the sheets are encrypted (calamine refuses the file just the same).
            0x002F if data.len() >= 2 && u16_at(data, 0) != 0 => return Err(PASSWORD.to_string()),
            // BOUNDSHEET: where a sheet starts in the stream.
            0x0085 if data.len() >= 4 => sheets.push(u32_at(data, 0) as usize),
            _ => {}
        }
    }
    for start in sheets {
        let (mut rows, mut cols) = ((u32::MAX, 0), (u32::MAX, 0));
        for (typ, data) in biff_records(stream, start).take_while(|&(typ, _)| typ != 0x000A) {
            match typ {
                // DIMENSIONS, computed as calamine does (wrapping as in a release build).
                0x0200 if data.len() == 10 || data.len() == 14 => {
                    let (rf, rl, mut cf, cl): (u32, u32, u32, u32) = if data.len() == 10 {
                        (
                            u16_at(data, 0).into(),
                            u16_at(data, 2).into(),
                            u16_at(data, 4).into(),
                            u16_at(data, 6).into(),
                        )
                    } else {
                        (
                            u32_at(data, 0),
                            u32_at(data, 4),
                            u16_at(data, 8).into(),
                            u16_at(data, 10).into(),
                        )
                    };
                    if cf > 0xFF || cl < cf {
                        cf = 0;
                    }
                    if rl >= 1 && cl >= 1 {
                        let height = (rl - 1).wrapping_sub(rf).wrapping_add(1) as usize;
                        let width = (cl - 1).wrapping_sub(cf).wrapping_add(1) as usize;
                        if height.saturating_mul(width) > MAX_CELLS {
                            return Err(too_large());
                        }
                    }
                }
                // Cells: NUMBER, LABEL, BOOLERR, RK, LABELSST, FORMULA at (row, column), and
                // MULRK from (row, first column) to its last column.
                0x0203 | 0x0204 | 0x0205 | 0x027E | 0x00FD | 0x0006 | 0x00BD if data.len() >= 4 => {
                    let row = u16_at(data, 0) as u32;
                    let mut col = (u16_at(data, 2) as u32, u16_at(data, 2) as u32);
                    if typ == 0x00BD && data.len() >= 6 {
                        col.1 = u16_at(data, data.len() - 2) as u32;
                    }
                    rows = (rows.0.min(row), rows.1.max(row));
                    cols = (cols.0.min(col.0).min(col.1), cols.1.max(col.0).max(col.1));
                }
                _ => {}
            }
        }
        if rows.0 <= rows.1 {
            let height = (rows.1 - rows.0 + 1) as usize;
            let width = (cols.1 - cols.0 + 1) as usize;
            if height.saturating_mul(width) > MAX_CELLS {
                return Err(too_large());
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_xlsxwriter::{ExcelDateTime as XlsxDate, Format, Formula, Workbook};

    fn text(s: &str) -> Cell {
        Cell::Text(s.to_string())
    }

    fn date(y: i32, m: u32, d: u32) -> Cell {
        Cell::Date(NaiveDate::from_ymd_opt(y, m, d).unwrap())
    }

    /// A small order sheet: title merged over B1:E1, a date, a table from B4 whose headers are
    /// on row 4, formulas with cached results, a bool, an error, blank rows, and two hidden
    /// sheets around it.
    fn sample_xlsx() -> Vec<u8> {
        let mut wb = Workbook::new();
        let hidden = wb.add_worksheet();
        hidden.set_name("Скрытый").unwrap();
        hidden.write_string(0, 0, "secret").unwrap();
        hidden.set_hidden(true);

        let ws = wb.add_worksheet();
        // The first sheet is hidden, so another must be the active one.
        ws.set_name("Заказ").unwrap().set_active(true);
        ws.merge_range(0, 1, 0, 4, "Заказ ООО «Ромашка»", &Format::new())
            .unwrap();
        ws.write_string(1, 1, "Дата:").unwrap();
        let day = XlsxDate::from_ymd(2025, 3, 1)
            .unwrap()
            .and_hms(14, 30, 0)
            .unwrap();
        ws.write_datetime_with_format(1, 2, day, &Format::new().set_num_format("dd.mm.yyyy"))
            .unwrap();
        for (col, h) in ["Артикул", "Наименование", "Цена", "Заказ", "Сумма"]
            .iter()
            .enumerate()
        {
            ws.write_string(3, 1 + col as u16, *h).unwrap();
        }
        ws.write_string(4, 1, " A01140 ").unwrap();
        ws.write_string(4, 2, "Шампунь 400 мл").unwrap();
        ws.write_number(4, 3, 245.5).unwrap();
        ws.write_number(4, 4, 4).unwrap();
        ws.write_formula(4, 5, Formula::new("=D5*E5").set_result("982"))
            .unwrap();
        ws.write_string(5, 1, "A01056").unwrap();
        ws.write_string(5, 2, "洗发水 清扬 400毫升").unwrap();
        ws.write_number(5, 3, 0).unwrap();
        ws.write_formula(5, 5, Formula::new("=D6/E6").set_result("#DIV/0!"))
            .unwrap();
        ws.write_boolean(5, 6, true).unwrap();
        // Row 7 holds only spaces: dropped. Row 9 holds a formula giving text.
        ws.write_string(6, 2, "   ").unwrap();
        ws.write_formula(8, 2, Formula::new("=\"Żółć\"").set_result("Żółć"))
            .unwrap();

        let very = wb.add_worksheet();
        very.set_name("Очень скрытый").unwrap();
        very.write_string(0, 0, "secret").unwrap();
        very.set_very_hidden(true);
        wb.save_to_buffer().unwrap()
    }

    #[test]
    fn reads_visible_sheet_at_absolute_positions() {
        let sheets = read_sheets_bytes("order.xlsx", sample_xlsx()).unwrap();
        assert_eq!(sheets.len(), 1, "hidden sheets are skipped");
        let sheet = &sheets[0];
        assert_eq!(sheet.name, "Заказ");
        let numbers: Vec<usize> = sheet.rows.iter().map(|r| r.number).collect();
        assert_eq!(numbers, [1, 2, 4, 5, 6, 9]);

        let title = &sheet.rows[0];
        assert_eq!(
            title.cells,
            [Cell::Empty, text("Заказ ООО «Ромашка»")],
            "merged cells not filled"
        );
        assert_eq!(
            sheet.rows[1].cells,
            [Cell::Empty, text("Дата:"), date(2025, 3, 1)]
        );
        assert_eq!(sheet.rows[2].get(0), &Cell::Empty);
        assert_eq!(sheet.rows[2].get(1), &text("Артикул"));
        assert_eq!(sheet.rows[2].get(5), &text("Сумма"));

        let first = &sheet.rows[3];
        assert_eq!(first.get(1), &text(" A01140 "), "text is kept untrimmed");
        assert_eq!(first.get(3), &Cell::Number(245.5));
        assert_eq!(first.get(4), &Cell::Number(4.0));
        assert_eq!(
            first.get(5),
            &Cell::Number(982.0),
            "formula gives its cached result"
        );

        let second = &sheet.rows[4];
        assert_eq!(second.get(2), &text("洗发水 清扬 400毫升"));
        assert_eq!(second.get(3), &Cell::Number(0.0));
        assert_eq!(second.get(4), &Cell::Empty);
        assert_eq!(second.get(5), &text("#DIV/0!"));
        assert_eq!(second.get(6), &text("TRUE"));

        assert_eq!(sheet.rows[5].cells, [Cell::Empty, Cell::Empty, text("Żółć")]);
    }

    #[test]
    fn read_from_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("Заказ 15.xlsm");
        std::fs::write(&path, sample_xlsx()).unwrap();
        let sheets = read_sheets(&path).unwrap();
        assert_eq!(sheets[0].rows.len(), 6);

        let err = read_sheets(&dir.path().join("missing.xlsx")).unwrap_err();
        assert!(err.starts_with("missing.xlsx: cannot read the file"), "{err}");
        let err = read_sheets(dir.path()).unwrap_err();
        assert!(err.contains("not a file"), "{err}");
    }

    #[test]
    fn refuses_too_large_file() {
        let bytes = vec![0u8; MAX_FILE_BYTES as usize + 1];
        let err = read_sheets_bytes("huge.xlsx", bytes).unwrap_err();
        assert_eq!(
            err,
            "huge.xlsx: the file is 64.0 MB, more than the 64 MB accepted for a spreadsheet"
        );
    }

    #[test]
    fn refuses_absurd_sheets() {
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_string(0, 0, "a").unwrap();
        ws.write_string(2, 1000, "far right").unwrap();
        let err = read_sheets_bytes("wide.xlsx", wb.save_to_buffer().unwrap()).unwrap_err();
        assert!(
            err.starts_with("wide.xlsx, sheet 'Sheet1': there is a value in cell ALM3"),
            "{err}"
        );

        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_number(1_000_000, 0, 1).unwrap();
        let err = read_sheets_bytes("long.xlsx", wb.save_to_buffer().unwrap()).unwrap_err();
        assert!(err.contains("cell A1000001"), "{err}");

        // Within the limits, and blank text beyond them, is fine.
        let mut wb = Workbook::new();
        let ws = wb.add_worksheet();
        ws.write_number(999_999, 999, 1).unwrap();
        ws.write_string(5, 5000, "  ").unwrap();
        let sheets = read_sheets_bytes("ok.xlsx", wb.save_to_buffer().unwrap()).unwrap();
        assert_eq!(sheets[0].rows.len(), 1);
        assert_eq!(sheets[0].rows[0].number, 1_000_000);
        assert_eq!(sheets[0].rows[0].cells.len(), 1000);
    }

    #[test]
    fn empty_and_hidden_only_workbooks() {
        let mut wb = Workbook::new();
        wb.add_worksheet();
        let sheets = read_sheets_bytes("empty.xlsx", wb.save_to_buffer().unwrap()).unwrap();
        assert_eq!(
            sheets,
            [Sheet {
                name: "Sheet1".into(),
                rows: vec![]
            }]
        );
    }

    #[test]
    fn values() {
        use calamine::ExcelDateTimeType::{DateTime, TimeDelta};
        let serial = |v: f64, is_1904| convert(&Data::DateTime(ExcelDateTime::new(v, DateTime, is_1904)));
        assert_eq!(serial(45717.0, false), date(2025, 3, 1));
        assert_eq!(serial(45717.99, false), date(2025, 3, 1), "time of day dropped");
        assert_eq!(serial(61.0, false), date(1900, 3, 1));
        assert_eq!(serial(44255.0, true), date(2025, 3, 1), "1904 date system");
        assert_eq!(
            serial(60.0, false),
            Cell::Number(60.0),
            "Excel's phantom 1900-02-29"
        );
        assert_eq!(serial(0.5, false), Cell::Number(0.5), "a time alone is no date");
        assert_eq!(serial(-3.0, false), Cell::Number(-3.0));
        assert_eq!(serial(1e300, false), Cell::Number(1e300));
        assert!(matches!(serial(f64::NAN, false), Cell::Number(n) if n.is_nan()));
        let duration = Data::DateTime(ExcelDateTime::new(1.5, TimeDelta, false));
        assert_eq!(convert(&duration), Cell::Number(1.5));

        assert_eq!(convert(&Data::DateTimeIso("2025-03-01".into())), date(2025, 3, 1));
        assert_eq!(
            convert(&Data::DateTimeIso("2025-03-01T10:30:00".into())),
            date(2025, 3, 1)
        );
        assert_eq!(convert(&Data::DateTimeIso("10:30:00".into())), text("10:30:00"));
        assert_eq!(convert(&Data::Int(7)), Cell::Number(7.0));
        assert_eq!(convert(&Data::Bool(false)), text("FALSE"));
        assert_eq!(convert(&Data::Error(calamine::CellErrorType::NA)), text("#N/A"));
        assert_eq!(convert(&Data::Empty), Cell::Empty);
    }

    #[test]
    fn sniffing() {
        let xlsx = sample_xlsx();
        assert_eq!(sniff("a.bin", &xlsx), Some(SheetKind::Xlsx), "by content");
        assert_eq!(
            sniff("a.xlsx", &xlsx[..30]),
            Some(SheetKind::Xlsx),
            "by extension"
        );
        assert_eq!(sniff("a.XLSB", &xlsx[..30]), Some(SheetKind::Xlsb));
        assert_eq!(sniff("a.ods", &xlsx[..30]), Some(SheetKind::Ods));
        assert_eq!(sniff("a.zip", &xlsx[..30]), None);
        let mut ods = b"PK\x03\x04".to_vec();
        ods.extend_from_slice(&[0; 26]);
        ods.extend_from_slice(b"mimetypeapplication/vnd.oasis.opendocument.spreadsheetPK");
        assert_eq!(
            sniff("price.xlsx", &ods),
            Some(SheetKind::Ods),
            "content beats extension"
        );
        let ole = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1, 0, 0];
        assert_eq!(sniff("x.xlsx", &ole), Some(SheetKind::Xls));
        assert_eq!(sniff("x.xls", b"sku;qty\nA01140;5\n"), None);
        assert_eq!(sniff("x.xls", b""), None);
    }

    #[test]
    fn messages_for_non_spreadsheets() {
        let err = |name: &str, bytes: &[u8]| read_sheets_bytes(name, bytes.to_vec()).unwrap_err();
        assert_eq!(
            err("o.xls", b""),
            "o.xls: not a readable Excel/ODS file (the file is empty)"
        );
        assert!(err("o.xls", "sku;qty\nA01140;5\n".as_bytes()).contains("text file"));
        assert!(
            err(
                "o.xls",
                b"\xEF\xBB\xBF<html><body><table><tr><td>1</td></tr></table>"
            )
            .contains("HTML")
        );
        assert!(err("o.xlsx", b"%PDF-1.7 ...").contains("PDF"));
        assert!(err("o.xlsx", &[0u8, 1, 2, 3, 255, 254, b';']).contains("unknown format"));
        // "Артикул;Заказ" in Windows-1251.
        let cp1251 = [
            0xC0, 0xF0, 0xF2, 0xE8, 0xEA, 0xF3, 0xEB, b';', 0xC7, 0xE0, 0xEA, 0xE0, 0xE7, b'\r', b'\n',
        ];
        assert!(err("o.xls", &cp1251).contains("text file"));
        let e = err("o.xlsx", b"PK\x03\x04 not really a zip");
        assert!(
            e.starts_with("o.xlsx: not a readable Excel/ODS file (damaged or incomplete xlsx data"),
            "{e}"
        );
    }

    /// A minimal OLE2 file: header, FAT in sector 0, `fat` entries for sectors 1.., sectors
    /// given.
    fn ole(fat: &[u32], difat_start: u32, sectors: &[[u8; 512]]) -> Vec<u8> {
        let mut b = vec![0u8; 512];
        b[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        b[26] = 3;
        b[30] = 9;
        b[44] = 1;
        b[48..52].copy_from_slice(&1u32.to_le_bytes()); // directory in sector 1
        b[60..64].copy_from_slice(&0xFFFF_FFFEu32.to_le_bytes());
        b[68..72].copy_from_slice(&difat_start.to_le_bytes());
        for i in 0..109 {
            let id: u32 = if i == 0 { 0 } else { 0xFFFF_FFFF };
            b[76 + i * 4..80 + i * 4].copy_from_slice(&id.to_le_bytes());
        }
        let mut fat_sector = [0xFFu8; 512];
        fat_sector[..4].copy_from_slice(&0xFFFF_FFFDu32.to_le_bytes());
        for (i, next) in fat.iter().enumerate() {
            fat_sector[4 + i * 4..8 + i * 4].copy_from_slice(&next.to_le_bytes());
        }
        b.extend_from_slice(&fat_sector);
        for s in sectors {
            b.extend_from_slice(s);
        }
        b
    }

    #[test]
    fn looping_xls_container_is_refused() {
        // The directory chain 1 → 2 → 1 loops: calamine alone would never return.
        let bytes = ole(&[2, 1], 0xFFFF_FFFE, &[[0; 512], [0; 512]]);
        let err = read_sheets_bytes("loop.xls", bytes).unwrap_err();
        assert_eq!(
            err,
            "loop.xls: not a readable Excel/ODS file (damaged or incomplete xls data: a chain of sectors loops)"
        );

        // A DIFAT chain pointing back at itself.
        let mut difat = [0u8; 512];
        difat[508..].copy_from_slice(&1u32.to_le_bytes());
        let bytes = ole(&[0xFFFF_FFFE], 1, &[difat]);
        let err = read_sheets_bytes("loop.xls", bytes).unwrap_err();
        assert!(err.contains("allocation table loops"), "{err}");

        // A directory naming an encrypted package: a password-protected xlsx.
        let mut dir = [0u8; 512];
        let name: Vec<u8> = "EncryptedPackage\0"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        dir[128..128 + name.len()].copy_from_slice(&name);
        dir[192] = name.len() as u8;
        let bytes = ole(&[0xFFFF_FFFE], 0xFFFF_FFFE, &[dir]);
        let err = read_sheets_bytes("secret.xlsx", bytes).unwrap_err();
        assert!(err.contains("password-protected"), "{err}");

        // No workbook stream at all.
        let bytes = ole(&[0xFFFF_FFFE], 0xFFFF_FFFE, &[[0; 512]]);
        let err = read_sheets_bytes("letter.xls", bytes).unwrap_err();
        assert!(err.contains("without a workbook"), "{err}");
    }

    /// A zip of stored (uncompressed) entries; CRCs left at 0, as nothing here checks them.
    fn stored_zip(entries: &[(&str, &[u8])]) -> Vec<u8> {
        let (mut zip, mut central) = (Vec::new(), Vec::new());
        for (name, data) in entries {
            let local = zip.len() as u32;
            let mut header = vec![0u8; 30];
            header[..4].copy_from_slice(b"PK\x03\x04");
            header[18..22].copy_from_slice(&(data.len() as u32).to_le_bytes());
            header[22..26].copy_from_slice(&(data.len() as u32).to_le_bytes());
            header[26..28].copy_from_slice(&(name.len() as u16).to_le_bytes());
            zip.extend(header);
            zip.extend(name.as_bytes());
            zip.extend(*data);
            let mut header = vec![0u8; 46];
            header[..4].copy_from_slice(b"PK\x01\x02");
            header[20..24].copy_from_slice(&(data.len() as u32).to_le_bytes());
            header[24..28].copy_from_slice(&(data.len() as u32).to_le_bytes());
            header[28..30].copy_from_slice(&(name.len() as u16).to_le_bytes());
            header[42..46].copy_from_slice(&local.to_le_bytes());
            central.extend(header);
            central.extend(name.as_bytes());
        }
        let mut end = vec![0u8; 22];
        end[..4].copy_from_slice(b"PK\x05\x06");
        end[8..10].copy_from_slice(&(entries.len() as u16).to_le_bytes());
        end[10..12].copy_from_slice(&(entries.len() as u16).to_le_bytes());
        end[12..16].copy_from_slice(&(central.len() as u32).to_le_bytes());
        end[16..20].copy_from_slice(&(zip.len() as u32).to_le_bytes());
        zip.extend(central);
        zip.extend(end);
        zip
    }

    #[test]
    fn forged_count_of_texts_is_refused() {
        // calamine alone would try to reserve 2.4 PB for these strings and abort the process.
        let sst = br#"<?xml version="1.0"?><sst xmlns="x" count="1" uniqueCount="99999999999999"><si><t>a</t></si></sst>"#;
        let zip = stored_zip(&[
            ("[Content_Types].xml", b"<Types/>"),
            ("xl\\SharedStrings.xml", sst),
        ]);
        let err = read_sheets_bytes("forged.xlsx", zip).unwrap_err();
        assert!(err.contains("impossible number of texts"), "{err}");

        // A real (deflated) shared strings part is found and its count read.
        let xlsx = sample_xlsx();
        let entries = zip_entries(&xlsx, "xl/sharedstrings.xml");
        assert_eq!(entries.len(), 1);
        assert_eq!(entries[0].0, 8);
        assert!(check_xlsx(&xlsx).is_ok());

        assert_eq!(unique_count(br#"<sst uniqueCount = '12' count="40">"#), Some(12));
        assert_eq!(unique_count(br#"<sst uniqueCount="-1">"#), None);
        assert_eq!(unique_count(&[0xFF, 0xFE, b'u', 0]), None);
        let utf16: Vec<u8> = "\u{feff}<sst uniqueCount=\"7\">"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        assert_eq!(unique_count(&utf16), Some(7));
        assert_eq!(
            unique_count(format!("uniqueCount=\"{}\"", "9".repeat(60)).as_bytes()),
            Some(u128::MAX)
        );
    }

    #[test]
    fn loop_check() {
        assert!(check_no_loop(&[1, 2, 0xFFFF_FFFE, 2]).is_ok());
        assert!(check_no_loop(&[1, 2, 0]).is_err());
        assert!(check_no_loop(&[0]).is_err());
        assert!(check_no_loop(&[]).is_ok());
    }

    /// Never a panic, never a hang: every 97th prefix of a valid file, and random bytes behind
    /// each kind of magic, give Ok or Err.
    #[test]
    fn damaged_input_never_panics() {
        let xlsx = sample_xlsx();
        for len in (0..xlsx.len()).step_by(97) {
            let _ = read_sheets_bytes("cut.xlsx", xlsx[..len].to_vec());
        }
        // xorshift: reproducible random bytes without a dependency.
        let mut state = 0x2545_F491_4F6C_DD1Du64;
        let mut random = |n: usize| -> Vec<u8> {
            (0..n)
                .map(|_| {
                    state ^= state << 13;
                    state ^= state >> 7;
                    state ^= state << 17;
                    state as u8
                })
                .collect()
        };
        let magics: [&[u8]; 4] = [
            b"",
            b"PK\x03\x04",
            &[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1],
            b"PK",
        ];
        for round in 0..200 {
            let magic = magics[round % magics.len()];
            let mut bytes = magic.to_vec();
            bytes.extend(random(round * 37 % 5000));
            for name in ["r.xlsx", "r.xls", "r.xlsb", "r.ods"] {
                let _ = read_sheets_bytes(name, bytes.clone());
            }
        }
        // Random bytes inside a valid xlsx (a damaged, not truncated, file).
        for round in 0..100 {
            let mut bytes = xlsx.clone();
            let at = (round * 131) % bytes.len();
            let noise = random(16);
            let end = (at + noise.len()).min(bytes.len());
            bytes[at..end].copy_from_slice(&noise[..end - at]);
            let _ = read_sheets_bytes("noisy.xlsx", bytes);
        }
    }
}

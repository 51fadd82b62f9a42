//! Master data from CSV: products and customers, in the formats of the shared fixtures
//! (`products.csv`: sku,name,barcode,unit,box_qty,weight_kg,location;
//! `customers.csv`: code,name,tax_id,address,phone,email). Existing codes are updated,
//! new ones inserted; the whole file lands in one transaction or not at all.

use super::{ImportReport, RowError};
use crate::domain::decimal::parse_fixed;
use crate::domain::product::Product;
use crate::error::{Error, Result};
use crate::store::{Stamp, Store};
use std::path::Path;

/// Largest master-data file accepted: far above any real catalogue, small enough for memory.
const MAX_BYTES: u64 = 256 * 1024 * 1024;

struct Table {
    file: String,
    header: Vec<String>,
    rows: Vec<(usize, csv::StringRecord)>,
}

fn read_table(path: &Path, known: &[&str], required: &[&str]) -> std::result::Result<Table, RowError> {
    let file = path
        .file_name()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_else(|| path.display().to_string());
    let err = |row, field: &str, message: String| RowError {
        file: file.clone(),
        row,
        field: field.to_string(),
        message,
    };
    let meta = std::fs::metadata(path).map_err(|e| err(0, "", e.to_string()))?;
    if meta.len() > MAX_BYTES {
        return Err(err(
            0,
            "",
            format!(
                "the file is {} MB; at most {} MB is read",
                meta.len() >> 20,
                MAX_BYTES >> 20
            ),
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| err(0, "", e.to_string()))?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes)).map_err(|e| {
        err(
            0,
            "",
            format!("the file is not UTF-8 text (byte {})", e.valid_up_to()),
        )
    })?;
    if text.contains('\0') {
        return Err(err(0, "", "the file is binary, not CSV".into()));
    }
    let delimiter = sniff_delimiter(text);
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let header: Vec<String> = rdr
        .headers()
        .map_err(|e| err(1, "", e.to_string()))?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    if header.iter().all(|h| h.is_empty()) {
        return Err(err(1, "", "the file is empty: a header row is expected".into()));
    }
    for h in &header {
        if !known.contains(&h.as_str()) {
            return Err(err(
                1,
                h,
                format!("unknown column; the columns are {}", known.join(", ")),
            ));
        }
    }
    for r in required {
        if !header.iter().any(|h| h == r) {
            return Err(err(1, r, "required column is missing".into()));
        }
    }
    let mut rows = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| {
            let line = e.position().map_or(0, |p| p.line() as usize);
            err(line, "", e.to_string())
        })?;
        let line = rec.position().map_or(0, |p| p.line() as usize);
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        if rec.len() != header.len() {
            return Err(err(
                line,
                "",
                format!("{} fields, the header has {}", rec.len(), header.len()),
            ));
        }
        rows.push((line, rec));
    }
    Ok(Table { file, header, rows })
}

fn sniff_delimiter(text: &str) -> u8 {
    let first = text.lines().next().unwrap_or("");
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|d| first.bytes().filter(|b| b == d).count())
        .unwrap_or(b',')
}

impl Table {
    fn get<'a>(&self, rec: &'a csv::StringRecord, col: &str) -> &'a str {
        self.header
            .iter()
            .position(|h| h == col)
            .and_then(|i| rec.get(i))
            .map_or("", str::trim)
    }
}

/// Imports products; nothing is written unless every row is valid.
pub fn import_products(store: &mut Store, path: &Path, stamp: &Stamp) -> Result<ImportReport> {
    let known = [
        "sku",
        "name",
        "barcode",
        "ean13",
        "unit",
        "box_qty",
        "units_per_box",
        "weight_kg",
        "location",
    ];
    let mut report = ImportReport {
        file: path.display().to_string(),
        ..Default::default()
    };
    let table = match read_table(path, &known, &["sku", "name"]) {
        Ok(t) => t,
        Err(e) => {
            report.errors.push(e);
            return Ok(report);
        }
    };
    let mut products = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (line, rec) in &table.rows {
        let mut bad = |field: &str, message: String| {
            report.errors.push(RowError {
                file: table.file.clone(),
                row: *line,
                field: field.into(),
                message,
            })
        };
        let sku = table.get(rec, "sku").to_string();
        if let Some(prev) = seen.insert(sku.clone(), *line) {
            bad("sku", format!("'{sku}' is already on row {prev}"));
            continue;
        }
        let ean = [table.get(rec, "barcode"), table.get(rec, "ean13")]
            .into_iter()
            .find(|s| !s.is_empty());
        let box_text = [table.get(rec, "box_qty"), table.get(rec, "units_per_box")]
            .into_iter()
            .find(|s| !s.is_empty());
        let units_per_box = match box_text.map(|t| (t, t.parse::<i64>())) {
            None => 1,
            Some((_, Ok(n))) => n,
            Some((t, Err(_))) => {
                bad("box_qty", format!("'{t}' is not a whole number"));
                continue;
            }
        };
        let weight_g = match table.get(rec, "weight_kg") {
            "" => 0,
            t => match parse_fixed(t, 3) {
                Ok(g) => g,
                Err(m) => {
                    bad("weight_kg", m);
                    continue;
                }
            },
        };
        let mut p = Product {
            sku,
            name: table.get(rec, "name").to_string(),
            ean13: ean.map(str::to_string),
            unit: match table.get(rec, "unit") {
                "" => "шт".to_string(),
                u => u.to_string(),
            },
            units_per_box,
            weight_g,
            location: table.get(rec, "location").to_string(),
            active: true,
            ..Default::default()
        };
        if let Err(e) = p.validate() {
            let field = match e.field {
                "ean13" => "barcode",
                "units_per_box" => "box_qty",
                "weight" => "weight_kg",
                f => f,
            };
            bad(field, e.message);
            continue;
        }
        if let Some(existing) = store.product_by_code(&p.sku)?.filter(|e| e.sku == p.sku) {
            p.id = existing.id;
            p.version = existing.version;
            p.active = existing.active;
            if p == existing {
                report.unchanged += 1;
                continue;
            }
        }
        products.push((*line, p));
    }
    report.rows = table.rows.len();
    if !report.ok() {
        return Ok(report);
    }
    let file = table.file.clone();
    let result = store.write(|c| {
        let mut counts = (0, 0);
        for (line, p) in &products {
            crate::store::save_product_tx(c, p, stamp).map_err(|e| row_error(&file, *line, e))?;
            if p.id == 0 { counts.0 += 1 } else { counts.1 += 1 }
        }
        Ok(counts)
    });
    finish(report, result)
}

/// Imports customers; nothing is written unless every row is valid.
pub fn import_customers(store: &mut Store, path: &Path, stamp: &Stamp) -> Result<ImportReport> {
    let known = [
        "code",
        "name",
        "legal_name",
        "tax_id",
        "address",
        "legal_address",
        "phone",
        "email",
        "grade",
        "notes",
    ];
    let mut report = ImportReport {
        file: path.display().to_string(),
        ..Default::default()
    };
    let table = match read_table(path, &known, &["code"]) {
        Ok(t) => t,
        Err(e) => {
            report.errors.push(e);
            return Ok(report);
        }
    };
    let mut customers = Vec::new();
    let mut seen = std::collections::HashMap::new();
    for (line, rec) in &table.rows {
        let mut bad = |field: &str, message: String| {
            report.errors.push(RowError {
                file: table.file.clone(),
                row: *line,
                field: field.into(),
                message,
            })
        };
        let code = table.get(rec, "code").to_string();
        if let Some(prev) = seen.insert(code.clone(), *line) {
            bad("code", format!("'{code}' is already on row {prev}"));
            continue;
        }
        let pick = |a: &str, b: &str| {
            [table.get(rec, a), table.get(rec, b)]
                .into_iter()
                .find(|s| !s.is_empty())
                .unwrap_or("")
                .to_string()
        };
        let grade = match table.get(rec, "grade") {
            "" => Default::default(),
            g => match crate::domain::customer::Grade::parse(g) {
                Some(g) => g,
                None => {
                    bad("grade", format!("'{g}' is not A, B or C"));
                    continue;
                }
            },
        };
        let existing = store.customer_by_code(&code)?;
        let mut c = existing.clone().unwrap_or_default();
        c.code = code;
        c.legal_name = pick("name", "legal_name");
        c.tax_id = table.get(rec, "tax_id").to_string();
        c.legal_address = pick("address", "legal_address");
        c.phone = table.get(rec, "phone").to_string();
        c.email = table.get(rec, "email").to_string();
        c.grade = grade;
        if table.header.iter().any(|h| h == "notes") {
            c.notes = table.get(rec, "notes").to_string();
        }
        if let Err(e) = c.validate() {
            bad(if e.field == "legal_name" { "name" } else { e.field }, e.message);
            continue;
        }
        if existing.as_ref() == Some(&c) {
            report.unchanged += 1;
            continue;
        }
        customers.push((*line, c));
    }
    report.rows = table.rows.len();
    if !report.ok() {
        return Ok(report);
    }
    let file = table.file.clone();
    let result = store.write(|c| {
        let mut counts = (0, 0);
        for (line, cust) in &customers {
            crate::store::save_customer_tx(c, cust, stamp).map_err(|e| row_error(&file, *line, e))?;
            if cust.id == 0 {
                counts.0 += 1
            } else {
                counts.1 += 1
            }
        }
        Ok(counts)
    });
    finish(report, result)
}

fn row_error(file: &str, line: usize, e: Error) -> Error {
    let field = match &e {
        Error::Duplicate { field, .. } => field.to_string(),
        Error::Invalid(f) => f.field.to_string(),
        _ => String::new(),
    };
    Error::Input {
        file: file.to_string(),
        row: line,
        field,
        message: e.to_string(),
    }
}

fn finish(mut report: ImportReport, result: Result<(usize, usize)>) -> Result<ImportReport> {
    match result {
        Ok((ins, upd)) => {
            report.inserted = ins;
            report.updated = upd;
            Ok(report)
        }
        Err(Error::Input {
            file,
            row,
            field,
            message,
        }) => {
            report.errors.push(RowError {
                file,
                row,
                field,
                message,
            });
            Ok(report)
        }
        Err(e) => Err(e),
    }
}

//! Reading spreadsheet order files (`docket::import::sheet`) from the committed fixtures in
//! `tests/fixtures/import/`:
//!
//! - `pricelist.xlsx`: written by [`pricelist`] below (`cargo test --test sheet -- --ignored
//!   regenerate_fixtures` rewrites it and `truncated.xlsx`);
//! - `pricelist.xls`, `pricelist.ods`: the same file converted by LibreOffice
//!   (`soffice --headless --convert-to xls pricelist.xlsx`, then `--convert-to ods`), since no
//!   Rust crate writes those formats;
//! - `truncated.xlsx`: the first half of the bytes of `pricelist.xlsx`.
//!
//! The price list, sheet «Прайс»: a title merged over A1:E1 (row 1), "Действует с:" and a date
//! (row 2), the header row 4 (Артикул | Наименование | Ед. | Цена | Заказ | Сумма), twelve
//! products on rows 5–16 of which the client ordered three (rows 6, 10 and 14, column E
//! «Заказ»), «Сумма» = price × quantity as a formula with its cached result on every product
//! row, and a total on row 18. A second visible sheet «Условия» starts at B2; a third one,
//! «Служебный», is hidden.

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use docket::import::grid::{Cell, Row};
use docket::import::sheet::{Sheet, SheetKind, read_sheets, read_sheets_bytes, sniff};
use rust_xlsxwriter::{ExcelDateTime, Format, FormatAlign, Formula, Workbook};

const TITLE: &str = "Прайс-лист ООО «Ромашка-Опт»";
const HEADER: [&str; 6] = ["Артикул", "Наименование", "Ед.", "Цена", "Заказ", "Сумма"];

/// The products of the price list, rows 5 to 16: SKU, name, unit, price, quantity ordered.
/// All SKUs exist in `../shared/fixtures/products.csv`.
const PRODUCTS: [(&str, &str, &str, f64, Option<f64>); 12] = [
    (
        "A01000",
        "Шампунь Schwarzkopf Gliss Kur 400 мл",
        "шт",
        245.5,
        None,
    ),
    ("A01056", "洗发水 清扬 400毫升", "кор", 1890.0, Some(2.0)),
    ("A01084", "Szampon Ziaja 300 ml", "шт", 189.9, None),
    ("A01091", "Żel pod prysznic Łabędź 500 ml", "уп", 312.0, None),
    (
        "A01126",
        "Салфетки влажные «Солнце и луна» 72 шт",
        "шт",
        89.9,
        None,
    ),
    (
        "A01140",
        "Шампунь Schwarzkopf Gliss Kur 400 мл (арт. 20)",
        "кор",
        1470.0,
        Some(5.0),
    ),
    (
        "A01147",
        "Бальзам для волос L'Oréal Elseve 200 мл (арт. 21)",
        "шт",
        265.0,
        None,
    ),
    (
        "A01168",
        "Зубная паста Colgate 100 мл (арт. 24)",
        "шт",
        119.5,
        None,
    ),
    ("A01196", "洗发水 清扬 400毫升 (арт. 28)", "уп", 2150.0, None),
    ("A01210", "牙膏 云南白药 120克 (арт. 30)", "шт", 98.4, Some(12.0)),
    (
        "A01231",
        "Żel pod prysznic Łabędź 500 ml (арт. 33)",
        "шт",
        315.0,
        None,
    ),
    (
        "A01273",
        "Порошок стиральный Ariel 3 кг (арт. 39)",
        "шт",
        899.99,
        None,
    ),
];
/// Row of the first product, as Excel shows it.
const FIRST_PRODUCT_ROW: usize = 5;
const TOTAL: f64 = 3780.0 + 7350.0 + 1180.8;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Writes the price list (see the module doc) with rust_xlsxwriter.
fn pricelist() -> Workbook {
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let title = Format::new()
        .set_bold()
        .set_font_size(14)
        .set_align(FormatAlign::Center);
    let money = Format::new().set_num_format("# ##0.00");
    let day = Format::new().set_num_format("dd.mm.yyyy");

    let ws = wb.add_worksheet();
    ws.set_name("Прайс").unwrap();
    ws.set_column_width(1, 48).unwrap();
    ws.merge_range(0, 0, 0, 4, TITLE, &title).unwrap();
    ws.write_string(1, 0, "Действует с:").unwrap();
    ws.write_datetime_with_format(1, 1, ExcelDateTime::from_ymd(2025, 3, 1).unwrap(), &day)
        .unwrap();
    for (col, name) in HEADER.iter().enumerate() {
        ws.write_string_with_format(3, col as u16, *name, &bold).unwrap();
    }
    for (i, (sku, name, unit, price, qty)) in PRODUCTS.iter().enumerate() {
        let row = (FIRST_PRODUCT_ROW - 1 + i) as u32;
        let excel_row = row + 1;
        ws.write_string(row, 0, *sku).unwrap();
        ws.write_string(row, 1, *name).unwrap();
        ws.write_string(row, 2, *unit).unwrap();
        ws.write_number_with_format(row, 3, *price, &money).unwrap();
        if let Some(qty) = qty {
            ws.write_number(row, 4, *qty).unwrap();
        }
        let sum = price * qty.unwrap_or(0.0);
        let formula = Formula::new(format!("=D{excel_row}*E{excel_row}")).set_result(format!("{sum}"));
        ws.write_formula_with_format(row, 5, formula, &money).unwrap();
    }
    ws.write_string_with_format(17, 4, "Итого:", &bold).unwrap();
    let total = Formula::new("=SUM(F5:F16)").set_result(format!("{TOTAL}"));
    ws.write_formula_with_format(17, 5, total, &money).unwrap();

    let terms = wb.add_worksheet();
    terms.set_name("Условия").unwrap();
    terms.write_string(1, 1, "Условия поставки").unwrap();
    terms.write_string(2, 1, "Минимальная сумма заказа").unwrap();
    terms.write_number(2, 2, 5000).unwrap();
    terms.write_string(3, 1, "Доставка").unwrap();
    terms.write_string(3, 2, "бесплатно от 20 000 ₽").unwrap();

    let hidden = wb.add_worksheet();
    hidden.set_name("Служебный").unwrap().set_hidden(true);
    hidden.write_string(0, 0, "не показывать").unwrap();
    wb
}

fn text(s: &str) -> Cell {
    Cell::Text(s.to_string())
}

fn number(cell: &Cell) -> f64 {
    match cell {
        Cell::Number(n) => *n,
        other => panic!("expected a number, got {other:?}"),
    }
}

/// Checks what every format of the price list must read as.
fn check_pricelist(sheets: &[Sheet], format: &str) {
    let names: Vec<&str> = sheets.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(
        names,
        ["Прайс", "Условия"],
        "{format}: the hidden sheet is skipped"
    );

    let rows: &[Row] = &sheets[0].rows;
    let numbers: Vec<usize> = rows.iter().map(|r| r.number).collect();
    let mut expected = vec![1, 2, 4];
    expected.extend(FIRST_PRODUCT_ROW..FIRST_PRODUCT_ROW + PRODUCTS.len());
    expected.push(18);
    assert_eq!(
        numbers, expected,
        "{format}: empty rows 3 and 17 dropped, numbers kept"
    );

    // The merged title: the value in A1, B1:E1 empty.
    assert_eq!(rows[0].get(0), &text(TITLE), "{format}");
    assert!(
        (1..5).all(|c| rows[0].get(c).is_empty()),
        "{format}: {:?}",
        rows[0]
    );
    let date = NaiveDate::from_ymd_opt(2025, 3, 1).unwrap();
    assert_eq!(
        rows[1].cells,
        [text("Действует с:"), Cell::Date(date)],
        "{format}"
    );
    let header: Vec<String> = rows[2].cells.iter().map(Cell::text).collect();
    assert_eq!(header, HEADER, "{format}");

    for (row, (sku, name, unit, price, qty)) in rows[3..].iter().zip(PRODUCTS) {
        assert_eq!(row.get(0), &text(sku), "{format}, row {}", row.number);
        assert_eq!(row.get(1), &text(name), "{format}, row {}", row.number);
        assert_eq!(row.get(2), &text(unit), "{format}, row {}", row.number);
        assert_eq!(row.get(3), &Cell::Number(price), "{format}, row {}", row.number);
        match qty {
            Some(qty) => assert_eq!(row.get(4), &Cell::Number(qty), "{format}, row {}", row.number),
            None => assert_eq!(row.get(4), &Cell::Empty, "{format}, row {}", row.number),
        }
        // The formula's cached result.
        let sum = number(row.get(5));
        assert!(
            (sum - price * qty.unwrap_or(0.0)).abs() < 1e-9,
            "{format}, row {}: {sum}",
            row.number
        );
    }
    let products = FIRST_PRODUCT_ROW..FIRST_PRODUCT_ROW + PRODUCTS.len();
    let ordered: Vec<usize> = rows
        .iter()
        .filter(|r| products.contains(&r.number) && !r.get(4).is_empty())
        .map(|r| r.number)
        .collect();
    assert_eq!(ordered, [6, 10, 14], "{format}: quantities on three rows");

    let total = &rows[rows.len() - 1];
    assert!((0..4).all(|c| total.get(c).is_empty()), "{format}: {total:?}");
    assert_eq!(total.get(4), &text("Итого:"), "{format}");
    assert!((number(total.get(5)) - TOTAL).abs() < 1e-9, "{format}: {total:?}");

    // The second sheet starts at B2: absolute rows and columns.
    let terms = &sheets[1].rows;
    assert_eq!(
        terms.iter().map(|r| r.number).collect::<Vec<_>>(),
        [2, 3, 4],
        "{format}"
    );
    assert_eq!(
        terms[0].cells,
        [Cell::Empty, text("Условия поставки")],
        "{format}"
    );
    assert_eq!(
        terms[1].cells,
        [
            Cell::Empty,
            text("Минимальная сумма заказа"),
            Cell::Number(5000.0)
        ]
    );
    assert_eq!(terms[2].get(2), &text("бесплатно от 20 000 ₽"), "{format}");
}

#[test]
fn committed_xlsx() {
    check_pricelist(&read_sheets(&fixture("pricelist.xlsx")).unwrap(), "xlsx");
}

#[test]
fn committed_xls() {
    check_pricelist(&read_sheets(&fixture("pricelist.xls")).unwrap(), "xls");
}

#[test]
fn committed_ods() {
    check_pricelist(&read_sheets(&fixture("pricelist.ods")).unwrap(), "ods");
}

/// The generator and the checks agree (the committed xlsx was written by the same code).
#[test]
fn generated_xlsx() {
    let bytes = pricelist().save_to_buffer().unwrap();
    check_pricelist(
        &read_sheets_bytes("pricelist.xlsx", bytes).unwrap(),
        "generated xlsx",
    );
}

/// The format is found by content, whatever the name says.
#[test]
fn format_by_content() {
    for (file, kind) in [
        ("pricelist.xlsx", SheetKind::Xlsx),
        ("pricelist.xls", SheetKind::Xls),
        ("pricelist.ods", SheetKind::Ods),
    ] {
        let bytes = std::fs::read(fixture(file)).unwrap();
        assert_eq!(sniff("order.dat", &bytes), Some(kind), "{file}");
        if kind != SheetKind::Xlsx {
            // OLE2 magic, or the ODS `mimetype` as the zip's first entry: the head suffices.
            assert_eq!(sniff("order.dat", &bytes[..512]), Some(kind), "{file}");
        }
        let renamed = read_sheets_bytes("заказ.xlsx", bytes).unwrap();
        check_pricelist(&renamed, file);
    }
}

#[test]
fn truncated_xlsx_gives_a_clear_error() {
    let err = read_sheets(&fixture("truncated.xlsx")).unwrap_err();
    assert!(
        err.starts_with("truncated.xlsx: not a readable Excel/ODS file ("),
        "{err}"
    );
    assert!(err.contains("damaged or incomplete xlsx data"), "{err}");
}

/// Every 97th prefix of each committed file returns (Ok or a message naming the file).
#[test]
fn truncated_fixtures_never_panic() {
    for file in ["pricelist.xlsx", "pricelist.xls", "pricelist.ods"] {
        let bytes = std::fs::read(fixture(file)).unwrap();
        for len in (0..bytes.len()).step_by(97) {
            if let Err(e) = read_sheets_bytes(file, bytes[..len].to_vec()) {
                assert!(e.starts_with(file), "{e}");
            }
        }
    }
}

/// Where `pattern` first occurs in `bytes`.
fn find(bytes: &[u8], pattern: &[u8]) -> usize {
    bytes
        .windows(pattern.len())
        .position(|w| w == pattern)
        .expect("pattern in the fixture")
}

/// A damaged `.xls` whose records declare huge sheets is refused with a message: calamine
/// alone would try to reserve terabytes for them and abort the whole process.
#[test]
fn xls_declaring_huge_sheets() {
    let xls = std::fs::read(fixture("pricelist.xls")).unwrap();

    // The first sheet's DIMENSIONS record (type 0x0200, 14 bytes): last row → 4 294 967 040.
    let mut bytes = xls.clone();
    let at = find(&bytes, &[0x00, 0x02, 0x0E, 0x00]) + 8;
    bytes[at..at + 4].copy_from_slice(&0xFFFF_FF00u32.to_le_bytes());
    let err = read_sheets_bytes("pricelist.xls", bytes).unwrap_err();
    assert_eq!(
        err,
        "pricelist.xls: not a readable Excel/ODS file (damaged or incomplete xls data: a sheet declares an \
         impossible size)"
    );

    // Two text cells (LABELSST, type 0x00FD) moved to row 65 521 and column 65 521.
    let mut bytes = xls.clone();
    let first = find(&bytes, &[0xFD, 0x00, 0x0A, 0x00]);
    bytes[first + 4..first + 6].copy_from_slice(&0xFFF0u16.to_le_bytes());
    let second = first + 14 + find(&bytes[first + 14..], &[0xFD, 0x00, 0x0A, 0x00]);
    bytes[second + 6..second + 8].copy_from_slice(&0xFFF0u16.to_le_bytes());
    let err = read_sheets_bytes("pricelist.xls", bytes).unwrap_err();
    assert!(err.contains("impossible size"), "{err}");
}

#[test]
fn not_a_spreadsheet() {
    let err = read_sheets(&fixture("../../../Cargo.toml")).unwrap_err();
    assert!(
        err.starts_with("Cargo.toml: not a readable Excel/ODS file (it is a text file"),
        "{err}"
    );
}

/// Rewrites `pricelist.xlsx` and `truncated.xlsx`; the `.xls` and `.ods` copies are then made
/// with LibreOffice (see the module doc). Run with `--ignored`.
#[test]
#[ignore]
fn regenerate_fixtures() {
    let bytes = pricelist().save_to_buffer().unwrap();
    std::fs::create_dir_all(fixture("")).unwrap();
    std::fs::write(fixture("pricelist.xlsx"), &bytes).unwrap();
    std::fs::write(fixture("truncated.xlsx"), &bytes[..bytes.len() / 2]).unwrap();
}

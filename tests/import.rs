//! Integration tests of orders from files (issue 5): every format the desk receives, read,
//! previewed and landed in a real database; problems with their row, column and reason; bad
//! files; profiles; the `docket import orders` command. Fixtures are in
//! `tests/fixtures/import/` (`orders_*.csv`, the client price lists) and `../shared/fixtures/`.

use chrono::{NaiveDate, TimeZone, Utc};
use docket::import::mapping::{Field, Mapping};
use docket::import::orders::{self, Initial, Parsed, Profile, Settings};
use docket::import::run;
use docket::print::Progress;
use docket::store::{Stamp, Store};
use proptest::prelude::*;
use rusqlite::Connection;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};
use tempfile::TempDir;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/import");
const SHARED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures");

// ---------------------------------------------------------------------------------------------
// helpers

fn fixture(name: &str) -> PathBuf {
    Path::new(FIXTURES).join(name)
}

fn shared(name: &str) -> PathBuf {
    Path::new(SHARED).join(name)
}

fn stamp() -> Stamp {
    Stamp::at("importer", Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap())
}

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

/// A database with the shared products and customers, in a temporary directory.
struct Desk {
    dir: TempDir,
    db: PathBuf,
    store: Store,
}

fn desk() -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("desk.sqlite");
    let mut store = Store::open(&db).unwrap();
    let r = docket::import::master::import_products(&mut store, &shared("products.csv"), &stamp()).unwrap();
    assert!(r.ok(), "{:?}", r.errors);
    let r = docket::import::master::import_customers(&mut store, &shared("customers.csv"), &stamp()).unwrap();
    assert!(r.ok(), "{:?}", r.errors);
    Desk { dir, db, store }
}

/// An order as found in a file: (sender's number, customer code, order date, lines).
type Shape = (String, String, Option<NaiveDate>, Vec<(String, i64)>);

fn shape(p: &Parsed) -> Vec<Shape> {
    p.orders
        .iter()
        .map(|o| {
            (
                o.external_no.clone(),
                o.customer.split(' ').next().unwrap_or_default().to_string(),
                o.order_date,
                o.lines.iter().map(|l| (l.sku.clone(), l.quantity)).collect(),
            )
        })
        .collect()
}

fn order(no: &str, customer: &str, date: Option<NaiveDate>, lines: &[(&str, i64)]) -> Shape {
    (
        no.to_string(),
        customer.to_string(),
        date,
        lines.iter().map(|(s, q)| (s.to_string(), *q)).collect(),
    )
}

/// An order as stored.
#[derive(Debug, Clone, PartialEq)]
struct DbOrder {
    number: String,
    external_no: Option<String>,
    external_date: Option<String>,
    source_file: Option<String>,
    channel: String,
    status: String,
    customer: String,
    wanted_date: Option<String>,
    comment: String,
    import_id: Option<i64>,
    lines: Vec<(String, i64)>,
}

impl Desk {
    fn read(&self, path: &Path, settings: &Settings) -> Parsed {
        run::preview(&self.store, path, settings, None, &Progress::new())
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    fn read_err(&self, path: &Path) -> String {
        match run::preview(&self.store, path, &Settings::default(), None, &Progress::new()) {
            Ok(p) => panic!(
                "{}: expected an error, got {} orders and problems {:?}",
                path.display(),
                p.orders.len(),
                p.problems
            ),
            Err(e) => e.to_string(),
        }
    }

    fn raw(&self) -> Connection {
        let c = Connection::open(&self.db).unwrap();
        c.busy_timeout(Duration::from_secs(5)).unwrap();
        c
    }

    fn count(&self, table: &str) -> i64 {
        self.raw()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    /// Rows of orders, order lines and imports.
    fn counts(&self) -> [i64; 3] {
        [
            self.count("orders"),
            self.count("order_lines"),
            self.count("imports"),
        ]
    }

    fn orders(&self) -> Vec<DbOrder> {
        let c = self.raw();
        let mut st = c
            .prepare(
                "SELECT o.id, o.number, o.external_no, o.external_date, o.source_file, o.channel,
                        o.status, c.code, o.wanted_date, o.comment, o.import_id
                 FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.id",
            )
            .unwrap();
        let mut lines = c
            .prepare(
                "SELECT p.sku, l.quantity FROM order_lines l JOIN products p ON p.id = l.product_id
                 WHERE l.order_id = ?1 ORDER BY l.line_no",
            )
            .unwrap();
        st.query_map([], |r| {
            Ok((
                r.get::<_, i64>(0)?,
                DbOrder {
                    number: r.get(1)?,
                    external_no: r.get(2)?,
                    external_date: r.get(3)?,
                    source_file: r.get(4)?,
                    channel: r.get(5)?,
                    status: r.get(6)?,
                    customer: r.get(7)?,
                    wanted_date: r.get(8)?,
                    comment: r.get(9)?,
                    import_id: r.get(10)?,
                    lines: vec![],
                },
            ))
        })
        .unwrap()
        .map(|r| {
            let (id, mut o) = r.unwrap();
            o.lines = lines
                .query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))
                .unwrap()
                .collect::<rusqlite::Result<_>>()
                .unwrap();
            o
        })
        .collect()
    }
}

/// Reads a fixture, checks what was found, lands it and checks what was stored.
fn check_format(
    file: &str,
    settings: &Settings,
    format: &str,
    want: &[Shape],
    channel: &str,
    status: &str,
) -> (Desk, Parsed) {
    let mut d = desk();
    let p = d.read(&fixture(file), settings);
    assert_eq!(p.file, file);
    assert_eq!(p.format, format, "{file}");
    assert!(!p.mapping_needed, "{file}");
    assert_eq!(p.problems, vec![], "{file}");
    assert_eq!(p.problem_count, 0, "{file}");
    assert_eq!(shape(&p), want, "{file}");
    assert!(
        p.orders.iter().all(|o| o.valid() && o.existing.is_none()),
        "{file}"
    );
    assert_eq!(p.sha256.len(), 64);

    let c = d.store.commit_import(&p, false, &stamp()).unwrap();
    assert_eq!(c.orders.len(), want.len(), "{file}");
    assert_eq!(c.lines, want.iter().map(|o| o.3.len()).sum::<usize>(), "{file}");
    assert_eq!((c.skipped.len(), c.rejected), (0, 0), "{file}");
    let stored = d.orders();
    assert_eq!(stored.len(), want.len(), "{file}");
    for (o, w) in stored.iter().zip(want) {
        assert_eq!(o.external_no.as_deref(), Some(w.0.as_str()), "{file}");
        assert_eq!(o.customer, w.1, "{file}");
        assert_eq!(o.external_date, w.2.map(|d| d.to_string()), "{file}");
        assert_eq!(o.source_file.as_deref(), Some(file), "{file}");
        assert_eq!(o.channel, channel, "{file}");
        assert_eq!(o.status, status, "{file}");
        assert_eq!(o.lines, w.3, "{file}");
        assert_eq!(o.import_id, Some(c.import_id), "{file}");
    }
    // our numbers, in the order the file gave them
    assert_eq!(
        c.orders,
        stored
            .iter()
            .map(|o| (o.number.clone(), o.external_no.clone().unwrap()))
            .collect::<Vec<_>>()
    );
    let (name, sha, n_orders, n_lines, by): (String, String, i64, i64, String) = d
        .raw()
        .query_row(
            "SELECT file_name, file_sha256, orders, lines, imported_by FROM imports WHERE id = ?1",
            [c.import_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (name.as_str(), sha.as_str(), n_orders, n_lines, by.as_str()),
        (
            file,
            p.sha256.as_str(),
            want.len() as i64,
            c.lines as i64,
            "importer"
        )
    );
    (d, p)
}

// ---------------------------------------------------------------------------------------------
// 1. one fixture per format

#[test]
fn utf8_bom_semicolon_decimal_comma_russian_header() {
    let (_, p) = check_format(
        "orders_ru_bom.csv",
        &Settings::default(),
        "CSV, UTF-8, separator \u{2018};\u{2019}",
        &[
            order(
                "РН-101",
                "C001",
                date(2026, 11, 20),
                &[("A01140", 12), ("A01210", 3)],
            ),
            order("РН-102", "C002", date(2026, 11, 21), &[("A01105", 1200)]),
        ],
        "edi",
        "awaiting_confirmation",
    );
    assert_eq!(p.header_row, 1);
    assert_eq!(p.orders[0].rows, [2, 3]);
    assert_eq!(p.settings.separator, Some(';'));
}

#[test]
fn utf8_comma_iso_dates_english_header() {
    let (d, p) = check_format(
        "orders_en.csv",
        &Settings::default(),
        "CSV, UTF-8, separator \u{2018},\u{2019}",
        &[
            order(
                "PO-2001",
                "C004",
                date(2026, 11, 20),
                &[("A01084", 10), ("A01224", 4)],
            ),
            order("PO-2002", "C005", date(2026, 11, 21), &[("A01007", 6)]),
        ],
        "edi",
        "awaiting_confirmation",
    );
    assert_eq!(
        p.orders.iter().map(|o| o.wanted_date).collect::<Vec<_>>(),
        [date(2026, 11, 25), date(2026, 11, 26)]
    );
    let wanted: Vec<Option<String>> = d.orders().into_iter().map(|o| o.wanted_date).collect();
    assert_eq!(
        wanted,
        [Some("2026-11-25".to_string()), Some("2026-11-26".to_string())]
    );
    assert_eq!(
        p.header,
        ["order_no", "date", "customer", "sku", "qty", "wanted date"]
    );
}

#[test]
fn utf16le_tab_chinese_header() {
    check_format(
        "orders_zh_utf16le.csv",
        &Settings::default(),
        "CSV, UTF-16LE, separator tab",
        &[
            order(
                "CN-88",
                "C003",
                date(2026, 11, 20),
                &[("A01056", 8), ("A01070", 15)],
            ),
            order("CN-89", "C003", date(2026, 11, 22), &[("A01077", 2)]),
        ],
        "edi",
        "awaiting_confirmation",
    );
}

#[test]
fn utf16be() {
    check_format(
        "orders_utf16be.csv",
        &Settings::default(),
        "CSV, UTF-16BE, separator \u{2018};\u{2019}",
        &[order(
            "BE-7",
            "C001",
            date(2026, 11, 19),
            &[("A01000", 30), ("A01021", 4)],
        )],
        "edi",
        "awaiting_confirmation",
    );
}

#[test]
fn windows_1251_as_drafts() {
    let settings = Settings {
        initial: Some(Initial::Draft),
        ..Default::default()
    };
    let (d, p) = check_format(
        "orders_cp1251.csv",
        &settings,
        "CSV, Windows-1251, separator \u{2018};\u{2019}",
        &[
            order(
                "1С-000045",
                "C005",
                date(2026, 11, 18),
                &[("A01161", 48), ("A01175", 20)],
            ),
            order("1С-000046", "C001", date(2026, 11, 18), &[("A01189", 12)]),
        ],
        "edi",
        "draft",
    );
    assert_eq!(p.header[0], "№ заказа");
    let comments: Vec<String> = d.orders().into_iter().map(|o| o.comment).collect();
    assert_eq!(comments, ["Срочно, до обеда", "Звонить заранее"]);
}

#[test]
fn polish_header_quoted_separator_and_line_break() {
    let (d, p) = check_format(
        "orders_pl.csv",
        &Settings::default(),
        "CSV, UTF-8, separator \u{2018},\u{2019}",
        &[
            order("ZAM/2026/15", "C004", None, &[("A01091", 24), ("A01231", 6)]),
            order("ZAM/2026/16", "C004", None, &[("A01084", 12)]),
        ],
        "edi",
        "awaiting_confirmation",
    );
    // the quoted line break keeps the record one row: the next record is row 3
    assert_eq!(p.orders[0].rows, [2, 3]);
    assert_eq!(p.orders[1].rows, [4]);
    assert_eq!(
        p.orders.iter().map(|o| o.wanted_date).collect::<Vec<_>>(),
        [date(2026, 11, 25), date(2026, 11, 26)]
    );
    let stored = d.orders();
    assert_eq!(stored[0].comment, "Dostawa rano, brama 2\nprosimy o telefon");
    assert_eq!(stored[1].comment, "Paleta \"EUR\", bez folii");
    assert_eq!(stored[0].wanted_date.as_deref(), Some("2026-11-25"));
}

#[test]
fn products_by_ean() {
    check_format(
        "orders_ean.csv",
        &Settings::default(),
        "CSV, UTF-8, separator \u{2018};\u{2019}",
        &[
            order("E-1", "C002", None, &[("A01140", 6), ("A01210", 18)]),
            order("E-2", "C002", None, &[("A01266", 9)]),
        ],
        "edi",
        "awaiting_confirmation",
    );
}

#[test]
fn customers_by_tax_id() {
    check_format(
        "orders_inn.csv",
        &Settings::default(),
        "CSV, UTF-8, separator \u{2018};\u{2019}",
        &[
            order("И-5", "C001", None, &[("A01140", 2)]),
            order("И-6", "C002", None, &[("A01210", 7)]),
        ],
        "edi",
        "awaiting_confirmation",
    );
}

#[test]
fn boxes_in_a_unit_column() {
    // A01000: шт, 48 a box; A01021: шт; A01140: its own unit is кор; A01105: шт, 24 a box
    check_format(
        "orders_units.csv",
        &Settings::default(),
        "CSV, UTF-8, separator \u{2018};\u{2019}",
        &[order(
            "U-1",
            "C001",
            None,
            &[("A01000", 96), ("A01021", 5), ("A01140", 3), ("A01105", 24)],
        )],
        "edi",
        "awaiting_confirmation",
    );
}

#[test]
fn registry_with_title_rows_and_a_total_row() {
    let (_, p) = check_format(
        "orders_registry_titles.csv",
        &Settings::default(),
        "CSV, UTF-8, separator \u{2018};\u{2019}",
        &[
            order("Р-1", "C001", date(2026, 11, 20), &[("A01140", 2), ("A01210", 1)]),
            order("Р-2", "C004", date(2026, 11, 20), &[("A01084", 5)]),
        ],
        "edi",
        "awaiting_confirmation",
    );
    assert_eq!(p.header_row, 3);
    assert_eq!(p.orders[0].rows, [4, 5]);
    assert_eq!(p.rows_without_quantity, 1, "the total row");
}

#[test]
fn customer_from_the_file_name_and_utf16_without_bom() {
    let d = desk();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("Заказ C002 от 20.11.csv");
    std::fs::write(&path, "Артикул;Кол-во\nA01140;2\n").unwrap();
    let p = d.read(&path, &Settings::default());
    assert_eq!(p.problems, vec![]);
    assert_eq!(shape(&p)[0].1, "C002");
    assert_eq!(p.orders[0].external_no, format!("file:{}", &p.sha256[..16]));

    let text = "sku,qty,customer\nA01140,40,C001\nA01210,4,C001\n";
    for (name, bytes, enc) in [
        (
            "le.csv",
            text.encode_utf16().flat_map(u16::to_le_bytes).collect::<Vec<_>>(),
            "UTF-16LE",
        ),
        (
            "be.csv",
            text.encode_utf16().flat_map(u16::to_be_bytes).collect::<Vec<_>>(),
            "UTF-16BE",
        ),
    ] {
        let path = tmp.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let p = d.read(&path, &Settings::default());
        assert_eq!(p.format, format!("CSV, {enc}, separator \u{2018},\u{2019}"));
        assert_eq!(p.problems, vec![], "{name}");
        assert_eq!(
            shape(&p)[0].3,
            [("A01140".to_string(), 40), ("A01210".to_string(), 4)]
        );
    }
}

// ---------------------------------------------------------------------------------------------
// 2. the shared fixture, imported twice

#[test]
fn shared_orders_fixture_and_reimport() {
    let mut d = desk();
    let path = shared("orders.csv");
    let p = d.read(&path, &Settings::default());
    assert_eq!(p.problems, vec![]);
    assert_eq!(p.orders.len(), 5);
    assert_eq!(p.line_count(), 19);
    assert_eq!(p.rows_read, 21);
    let want = [
        order(
            "EX-001",
            "C001",
            date(2026, 11, 10),
            &[("A01140", 47), ("A01210", 20), ("A01056", 50)],
        ),
        order(
            "EX-002",
            "C002",
            date(2026, 11, 11),
            &[("A01105", 37), ("A01266", 84), ("A01028", 54), ("A01049", 57)],
        ),
        order(
            "EX-003",
            "C003",
            date(2026, 11, 12),
            &[
                ("A01084", 49),
                ("A01238", 54),
                ("A01161", 40),
                ("A01070", 49),
                ("A01035", 20),
                ("A01252", 59),
            ],
        ),
        order(
            "EX-004",
            "C004",
            date(2026, 11, 13),
            &[("A01224", 56), ("A01133", 46), ("A01154", 52)],
        ),
        order(
            "EX-005",
            "C005",
            date(2026, 11, 14),
            &[("A01007", 3), ("A01014", 20), ("A01266", 32)],
        ),
    ];
    assert_eq!(shape(&p), want);
    // a SKU twice in one order: one line, quantities added, and a note saying so
    assert_eq!(p.notes.len(), 2, "{:?}", p.notes);
    assert!(
        p.notes[0].contains("A01140") && p.notes[0].contains("rows 2 and 5"),
        "{:?}",
        p.notes
    );
    assert!(p.notes[1].contains("A01266"), "{:?}", p.notes);

    let first = d.store.commit_import(&p, false, &stamp()).unwrap();
    assert_eq!((first.orders.len(), first.lines), (5, 19));
    let stored = d.orders();
    assert_eq!(
        stored.iter().map(|o| o.channel.as_str()).collect::<Vec<_>>(),
        ["email", "phone", "email", "phone", "email"]
    );
    assert!(
        stored
            .iter()
            .all(|o| o.source_file.as_deref() == Some("orders.csv"))
    );
    assert_eq!(stored[0].lines, want[0].3);
    let counts = d.counts();
    assert_eq!(counts, [5, 19, 1]);

    // the same file again: every order is recognised and left alone
    let again = d.read(&path, &Settings::default());
    assert_eq!(again.problems, vec![]);
    assert_eq!(again.valid_orders().count(), 0);
    let existing: Vec<Option<String>> = again.orders.iter().map(|o| o.existing.clone()).collect();
    assert_eq!(
        existing,
        first
            .orders
            .iter()
            .map(|(ours, _)| Some(ours.clone()))
            .collect::<Vec<_>>()
    );
    let second = d.store.commit_import(&again, false, &stamp()).unwrap();
    assert_eq!(second.orders, vec![]);
    assert_eq!(second.lines, 0);
    assert_eq!(
        second.skipped,
        first
            .orders
            .iter()
            .map(|(ours, theirs)| (theirs.clone(), ours.clone()))
            .collect::<Vec<_>>()
    );
    assert_eq!(
        second.skipped.iter().map(|s| s.0.as_str()).collect::<Vec<_>>(),
        ["EX-001", "EX-002", "EX-003", "EX-004", "EX-005"]
    );
    assert_eq!(&d.counts()[..2], &counts[..2]);
    assert_eq!(d.orders(), stored);
}

// ---------------------------------------------------------------------------------------------
// 3. clients' price lists

#[test]
fn price_lists_in_three_formats() {
    for (file, kind) in [
        ("pricelist.xlsx", "XLSX"),
        ("pricelist.xls", "XLS"),
        ("pricelist.ods", "ODS"),
    ] {
        let mut d = desk();
        let path = fixture(file);
        let p = d.read(&path, &Settings::default());
        assert!(
            p.format.starts_with(&format!("{kind}, sheet ")),
            "{file}: {}",
            p.format
        );
        assert_eq!(p.problems, vec![], "{file}");
        assert_eq!(p.header_row, 4, "{file}");
        assert_eq!(
            p.header[..6],
            ["Артикул", "Наименование", "Ед.", "Цена", "Заказ", "Сумма"],
            "{file}"
        );
        assert_eq!(p.orders.len(), 1, "{file}");
        let o = &p.orders[0];
        assert!(o.customer.starts_with("C001 "), "{file}: {}", o.customer);
        assert_eq!(
            o.lines
                .iter()
                .map(|l| (l.row, l.sku.as_str(), l.quantity))
                .collect::<Vec<_>>(),
            [(6, "A01056", 2), (10, "A01140", 5), (14, "A01210", 12)],
            "{file}"
        );
        assert_eq!(o.channel, docket::domain::order::Channel::PriceList, "{file}");
        assert_eq!(o.external_no, format!("file:{}", &p.sha256[..16]), "{file}");
        assert!(p.rows_without_quantity > 0, "{file}");

        // the user's choice of customer wins over the title row
        let chosen = Settings {
            customer: Some("C002".into()),
            ..Default::default()
        };
        let p2 = d.read(&path, &chosen);
        assert_eq!(p2.problems, vec![], "{file}");
        assert_eq!(p2.orders.len(), 1, "{file}");
        assert!(p2.orders[0].customer.starts_with("C002 "), "{file}");
        assert_eq!(p2.orders[0].lines, o.lines, "{file}");

        d.store.commit_import(&p, false, &stamp()).unwrap();
        d.store.commit_import(&p2, false, &stamp()).unwrap();
        let stored = d.orders();
        assert_eq!(
            stored
                .iter()
                .map(|o| (o.customer.as_str(), o.channel.as_str(), o.source_file.as_deref()))
                .collect::<Vec<_>>(),
            [
                ("C001", "price_list", Some(file)),
                ("C002", "price_list", Some(file))
            ],
            "{file}"
        );
        for s in &stored {
            assert_eq!(
                s.lines,
                [
                    ("A01056".to_string(), 2),
                    ("A01140".to_string(), 5),
                    ("A01210".to_string(), 12)
                ],
                "{file}"
            );
            assert_eq!(s.external_date, None, "{file}");
        }
        // the same price list again for C001: recognised by the file's hash
        let again = d.read(&path, &Settings::default());
        assert_eq!(
            again.orders[0].existing.as_deref(),
            Some(stored[0].number.as_str())
        );
    }
}

#[test]
fn an_unknown_chosen_customer_is_an_error() {
    let d = desk();
    let settings = Settings {
        customer: Some("C777".into()),
        ..Default::default()
    };
    let e = run::preview(
        &d.store,
        &fixture("pricelist.xlsx"),
        &settings,
        None,
        &Progress::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("C777"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// 4. problems

/// (row, column, reason) of each problem of `orders_problems.csv`.
fn expected_problems() -> Vec<(usize, String, String)> {
    [
        (4, "D (Артикул)", "unknown SKU 'ZZ999'"),
        (
            5,
            "C (Код клиента)",
            "unknown customer 'C999' (no such code or tax id)",
        ),
        (6, "E (Кол-во)", "quantity -2 is not a positive number"),
        (7, "E (Кол-во)", "quantity 2,5 is not a whole number of units"),
        (
            8,
            "B (Дата)",
            "order date '31.02.2026' is not a date (expected dd.mm.yyyy, yyyy-mm-dd or dd/mm/yyyy)",
        ),
        (9, "F (Канал)", "unknown channel 'fax'"),
    ]
    .into_iter()
    .map(|(r, c, m)| (r, c.to_string(), m.to_string()))
    .collect()
}

#[test]
fn problems_are_precise_and_refuse_the_whole_file() {
    let mut d = desk();
    let path = fixture("orders_problems.csv");
    let p = d.read(&path, &Settings::default());
    assert!(!p.mapping_needed);
    let found: Vec<(usize, String, String)> = p
        .problems
        .iter()
        .map(|x| (x.row, x.column.clone(), x.reason.clone()))
        .collect();
    assert_eq!(found, expected_problems());
    assert_eq!(p.problem_count, 6);
    assert!(p.problems.iter().all(|x| x.file == "orders_problems.csv"));
    assert_eq!(
        p.problems
            .iter()
            .map(|x| (x.field.as_str(), x.value.as_str()))
            .collect::<Vec<_>>(),
        [
            ("SKU", "ZZ999"),
            ("customer", "C999"),
            ("quantity", "-2"),
            ("quantity", "2,5"),
            ("order date", "31.02.2026"),
            ("channel", "fax"),
        ]
    );
    assert_eq!(
        p.problems[0].to_string(),
        "orders_problems.csv, row 4, column D (Артикул): unknown SKU 'ZZ999'"
    );
    let valid: Vec<&str> = p.valid_orders().map(|o| o.external_no.as_str()).collect();
    assert_eq!(valid, ["B-1", "B-8"]);
    let b2 = p.orders.iter().find(|o| o.external_no == "B-2").unwrap();
    assert_eq!(b2.rows, [4, 11]);
    assert!(!b2.valid());

    // all or nothing: nothing is written
    let before = d.counts();
    assert_eq!(before, [0, 0, 0]);
    let e = d
        .store
        .commit_import(&p, false, &stamp())
        .unwrap_err()
        .to_string();
    assert!(e.contains("orders_problems.csv"), "{e}");
    assert!(e.contains("nothing was imported"), "{e}");
    assert_eq!(d.counts(), before);
    assert_eq!(d.count("audit_log WHERE entity = 'imports'"), 0);

    // the valid orders only, and a report of the rest
    let c = d.store.commit_import(&p, true, &stamp()).unwrap();
    assert_eq!(c.orders.len(), 2);
    assert_eq!(c.lines, 3);
    assert_eq!(c.rejected, 6);
    assert_eq!(d.counts(), [2, 3, 1]);
    let stored = d.orders();
    assert_eq!(stored[0].external_no.as_deref(), Some("B-1"));
    assert_eq!(
        stored[0].lines,
        [("A01140".to_string(), 5), ("A01210".to_string(), 2)]
    );
    assert_eq!(stored[0].comment, "многострочный\nкомментарий");
    assert_eq!(stored[0].channel, "email");
    assert_eq!(stored[1].external_no.as_deref(), Some("B-8"));
    assert_eq!(stored[1].channel, "phone");
    assert_eq!(stored[1].external_date.as_deref(), Some("2026-11-21"));
    let rejected: i64 = d
        .raw()
        .query_row("SELECT rejected FROM imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(rejected, 6);

    let out = d.dir.path().join("rejected.csv");
    let n = orders::write_report(&path, &p, &out).unwrap();
    assert_eq!(n, 7);
    let bytes = std::fs::read(&out).unwrap();
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "the report starts with a BOM");
    let mut rdr = csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(&bytes[3..]);
    let recs: Vec<Vec<String>> = rdr
        .records()
        .map(|r| r.unwrap().iter().map(str::to_string).collect())
        .collect();
    assert_eq!(
        recs[0],
        [
            "row",
            "problem",
            "Номер заказа",
            "Дата",
            "Код клиента",
            "Артикул",
            "Кол-во",
            "Канал",
            "Комментарий"
        ]
    );
    let rows: Vec<(&str, &str, &str)> = recs[1..]
        .iter()
        .map(|r| (r[0].as_str(), r[1].as_str(), r[2].as_str()))
        .collect();
    assert_eq!(
        rows,
        [
            ("4", "D (Артикул): unknown SKU 'ZZ999'", "B-2"),
            (
                "5",
                "C (Код клиента): unknown customer 'C999' (no such code or tax id)",
                "B-3"
            ),
            ("6", "E (Кол-во): quantity -2 is not a positive number", "B-4"),
            (
                "7",
                "E (Кол-во): quantity 2,5 is not a whole number of units",
                "B-5"
            ),
            (
                "8",
                "B (Дата): order date '31.02.2026' is not a date (expected dd.mm.yyyy, yyyy-mm-dd or dd/mm/yyyy)",
                "B-6"
            ),
            ("9", "F (Канал): unknown channel 'fax'", "B-7"),
            ("11", "order B-2 has problems on other rows", "B-2"),
        ]
    );
    // the rejected rows as they were in the file
    assert_eq!(
        recs[1][2..],
        ["B-2", "20.11.2026", "C002", "ZZ999", "3", "email", ""]
    );
}

/// A file naming no customer: one problem for the whole file, until the user chooses one.
#[test]
fn a_file_without_customer_asks_for_one() {
    let d = desk();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("no_customer.csv");
    std::fs::write(&path, "Артикул;Кол-во\nA01140;3\n").unwrap();
    let p = d.read(&path, &Settings::default());
    assert_eq!(p.problems.len(), 1, "{:?}", p.problems);
    assert_eq!(p.problems[0].row, 0);
    assert!(p.problems[0].reason.contains("--customer"), "{:?}", p.problems);
    assert_eq!(p.valid_orders().count(), 0);
    // with a customer chosen it is one order
    let p = d.read(
        &path,
        &Settings {
            customer: Some("7701234567".into()),
            ..Default::default()
        },
    );
    assert_eq!(p.problems, vec![]);
    assert_eq!(shape(&p)[0].1, "C001");
}

// ---------------------------------------------------------------------------------------------
// 5. bad files

#[test]
fn bad_files_give_clear_errors_and_write_nothing() {
    let d = desk();
    let tmp = tempfile::tempdir().unwrap();

    let e = d.read_err(&fixture("orders_binary.csv"));
    assert!(
        e.starts_with("orders_binary.csv: not a CSV or spreadsheet file"),
        "{e}"
    );
    let e = d.read_err(&fixture("orders_empty.csv"));
    assert_eq!(e, "orders_empty.csv: the file is empty");
    let e = d.read_err(&fixture("truncated.xlsx"));
    assert!(
        e.starts_with("truncated.xlsx: not a readable Excel/ODS file"),
        "{e}"
    );
    let e = d.read_err(tmp.path());
    assert!(e.ends_with("is a folder, not a file"), "{e}");
    assert!(e.contains(&tmp.path().file_name().unwrap().to_string_lossy().into_owned()));
    let e = d.read_err(&tmp.path().join("missing.csv"));
    assert!(e.contains("missing.csv"), "{e}");

    // only blank lines
    let blank = tmp.path().join("blank.csv");
    std::fs::write(&blank, "\n\r\n;;;\n").unwrap();
    let e = d.read_err(&blank);
    assert!(e.starts_with("blank.csv: "), "{e}");

    // a header and nothing else: a problem, not an import
    let mut d = d;
    let p = d.read(&fixture("orders_header_only.csv"), &Settings::default());
    assert!(p.orders.is_empty());
    assert_eq!(p.problem_count, 1);
    assert_eq!(p.problems[0].file, "orders_header_only.csv");
    assert_eq!(p.problems[0].reason, "no row has a quantity: nothing to import");
    let e = d
        .store
        .commit_import(&p, false, &stamp())
        .unwrap_err()
        .to_string();
    assert!(e.contains("orders_header_only.csv"), "{e}");

    assert_eq!(d.counts(), [0, 0, 0]);
}

#[test]
fn a_sparse_gigabyte_fails_fast() {
    let d = desk();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("huge.csv");
    std::fs::File::create(&path).unwrap().set_len(1 << 30).unwrap();
    let started = Instant::now();
    let e = d.read_err(&path);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(e.starts_with("huge.csv: not a CSV or spreadsheet file"), "{e}");

    // a "spreadsheet" of a gigabyte is refused by its size, not read
    let path = tmp.path().join("huge.xlsx");
    let f = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &f, b"PK\x03\x04").unwrap();
    f.set_len(1 << 30).unwrap();
    let started = Instant::now();
    let e = d.read_err(&path);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(e.starts_with("huge.xlsx: the spreadsheet is 1024 MB"), "{e}");
    assert_eq!(d.counts(), [0, 0, 0]);
}

/// Text in the first block, then something else: refused as soon as it shows, not held in
/// memory as one endless record.
#[test]
fn text_then_zeros_or_an_endless_line() {
    let d = desk();
    let tmp = tempfile::tempdir().unwrap();
    let mut head = "Артикул;Кол-во;Клиент\n".to_string();
    while head.len() < 100 * 1024 {
        head.push_str("A01140;1;C001\n");
    }

    let path = tmp.path().join("zeros.csv");
    let f = std::fs::File::create(&path).unwrap();
    std::io::Write::write_all(&mut &f, head.as_bytes()).unwrap();
    f.set_len(100 << 20).unwrap();
    let started = Instant::now();
    let e = d.read_err(&path);
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(e.starts_with("zeros.csv, row "), "{e}");
    assert!(e.contains("not a text file"), "{e}");

    let path = tmp.path().join("endless.csv");
    std::fs::write(&path, head.clone() + &"x".repeat(3 << 20)).unwrap();
    let e = d.read_err(&path);
    assert!(e.starts_with("endless.csv, row "), "{e}");
    assert!(e.contains("a line longer than 1 MB"), "{e}");
}

#[test]
fn a_large_text_file_that_is_not_an_order_file() {
    let d = desk();
    let tmp = tempfile::tempdir().unwrap();
    let path = tmp.path().join("novel.txt");
    let line = "Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod tempor\n";
    std::fs::write(&path, line.repeat(20 * 1024 * 1024 / line.len() + 1)).unwrap();
    assert!(std::fs::metadata(&path).unwrap().len() >= 20 << 20);
    let started = Instant::now();
    let p = d.read(&path, &Settings::default());
    assert!(
        started.elapsed() < Duration::from_secs(2),
        "{:?}",
        started.elapsed()
    );
    assert!(p.mapping_needed);
    assert!(p.orders.is_empty());
    assert_eq!(p.problems.len(), 1);
    assert_eq!(p.problems[0].file, "novel.txt");
    assert!(
        p.problems[0].reason.contains("choose the columns"),
        "{:?}",
        p.problems
    );
    assert_eq!(p.sample.len(), orders::SAMPLE_ROWS);
    let mut d = d;
    assert!(d.store.commit_import(&p, false, &stamp()).is_err());
    assert_eq!(d.counts(), [0, 0, 0]);
}

// ---------------------------------------------------------------------------------------------
// 6. any bytes: an answer, never a panic

/// Pieces of near-CSV text: separators, quotes, line breaks, numbers, Cyrillic, header words.
fn near_csv() -> impl Strategy<Value = Vec<u8>> {
    let pieces = prop::sample::select(vec![
        ";",
        ",",
        "\t",
        "\"",
        "\"\"",
        "\n",
        "\r\n",
        "\r",
        " ",
        "0",
        "12",
        "-3",
        "2,5",
        "12,000",
        "1 200",
        "1e400",
        "20.11.2026",
        "31.02.2026",
        "2026-11-20",
        "A01140",
        "A01056",
        "4605674757241",
        "C001",
        "7701234567",
        "кор",
        "шт",
        "Артикул",
        "Кол-во",
        "Номер заказа",
        "Код клиента",
        "Дата",
        "Ед.",
        "Канал",
        "email",
        "ё",
        "Итого:",
        "\u{feff}",
        // whole rows for the headers below, so some orders come out valid
        "\nX-1;20.11.2026;C001;A01210;12;шт;email\n",
        "\nX-2;20.11.2026;C002;A01140;2;кор;phone\n",
        "\nX-3,C003,A01056,7\n",
        "\nA01140\t5\n",
    ]);
    let header = prop::sample::select(vec![
        "",
        "Номер заказа;Дата;Код клиента;Артикул;Кол-во;Ед.;Канал\n",
        "order_no,customer,sku,qty\n",
        "Артикул\tЗаказ\n",
    ]);
    (header, prop::collection::vec(pieces, 0..300), 0u8..4).prop_map(|(h, pieces, enc)| {
        let text = format!("{h}{}", pieces.concat());
        match enc {
            0 => text.into_bytes(),
            1 => [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat(),
            2 => [0xFF, 0xFE]
                .into_iter()
                .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
                .collect(),
            _ => encoding_rs::WINDOWS_1251.encode(&text).0.into_owned(),
        }
    })
}

thread_local! {
    /// One database per test thread for every case: what earlier cases landed is there too.
    static FUZZ_DESK: std::cell::RefCell<Desk> = std::cell::RefCell::new(desk());
}

/// Reads the bytes as an order file; whatever it found is landed (valid orders only) and its
/// report written: each step answers Ok or Err, and a failed landing writes nothing.
fn read_never_panics(bytes: &[u8]) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("fuzz.csv");
    std::fs::write(&path, bytes).unwrap();
    FUZZ_DESK.with_borrow_mut(|d| {
        let catalog = d.store.import_catalog().unwrap();
        let Ok(p) = orders::read(&path, &catalog, &Settings::default(), &[], None, &Progress::new()) else {
            return;
        };
        assert_eq!(p.file, "fuzz.csv");
        assert!(p.problems.len() <= p.problem_count);
        let _ = orders::write_report(&path, &p, &dir.path().join("report.csv"));
        let before = d.counts();
        match d.store.commit_import(&p, true, &stamp()) {
            Ok(c) => {
                assert_eq!(c.orders.len(), p.valid_orders().count());
                assert_eq!(d.count("orders"), before[0] + c.orders.len() as i64);
                assert_eq!(d.count("order_lines"), before[1] + c.lines as i64);
            }
            Err(_) => assert_eq!(d.counts(), before),
        }
    });
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn any_bytes_read_or_refused(bytes in prop::collection::vec(any::<u8>(), 0..4096)) {
        read_never_panics(&bytes);
    }

    #[test]
    fn near_csv_read_or_refused(bytes in near_csv()) {
        read_never_panics(&bytes);
    }
}

// ---------------------------------------------------------------------------------------------
// 7. profiles

fn mapping(fields: &[(Field, usize)]) -> Mapping {
    let mut m = Mapping::default();
    for (f, c) in fields {
        m.set(*f, Some(*c));
    }
    m
}

#[test]
fn profiles_by_signature_file_name_and_name() {
    let mut d = desk();
    // "Товар" and "Штук" are no header words Docket knows
    let a = d.read(&fixture("orders_profile_a.csv"), &Settings::default());
    assert!(a.mapping_needed);
    assert!(a.orders.is_empty());
    assert_eq!(a.profile, None);
    assert_eq!(a.problems.len(), 1);
    assert_eq!(a.problems[0].row, 1);
    assert!(a.problems[0].reason.contains("choose the columns"));
    assert_eq!(a.header, ["Заявка", "Покупатель", "Товар", "Штук"]);
    assert_eq!(a.sample.len(), 2);
    assert_eq!(a.signature(), "заявка|покупатель|товар|штук");

    let sender = Profile {
        name: "Сеть Ромашка".into(),
        signature: a.signature(),
        settings: Settings {
            mapping: Some(mapping(&[
                (Field::OrderNo, 0),
                (Field::Customer, 1),
                (Field::Sku, 2),
                (Field::Quantity, 3),
            ])),
            initial: Some(Initial::Draft),
            channel: Some(docket::domain::order::Channel::InternalRegistry),
            ..Default::default()
        },
        ..Default::default()
    };
    d.store.save_import_profile(&sender, &stamp()).unwrap();

    // the same file again, and another file with the same header: the profile applies itself
    let a = d.read(&fixture("orders_profile_a.csv"), &Settings::default());
    assert_eq!(a.profile.as_deref(), Some("Сеть Ромашка"));
    assert_eq!(a.problems, vec![]);
    assert_eq!(
        shape(&a),
        [order("P-1", "C001", None, &[("A01140", 4), ("A01210", 6)])]
    );
    let b = d.read(&fixture("orders_profile_b.csv"), &Settings::default());
    assert_eq!(b.profile.as_deref(), Some("Сеть Ромашка"));
    assert_eq!(b.problems, vec![]);
    assert_eq!(shape(&b), [order("P-2", "C002", None, &[("A01105", 3)])]);
    d.store.commit_import(&b, false, &stamp()).unwrap();
    let stored = d.orders();
    assert_eq!(
        (stored[0].status.as_str(), stored[0].channel.as_str()),
        ("draft", "internal_registry")
    );
    let profile: Option<String> = d
        .raw()
        .query_row("SELECT profile FROM imports", [], |r| r.get(0))
        .unwrap();
    assert_eq!(profile.as_deref(), Some("Сеть Ромашка"));

    // a profile recognising the file's name (case-insensitive), whatever its header
    let c0 = d.read(&fixture("orders_profile_c.csv"), &Settings::default());
    assert!(c0.mapping_needed);
    let by_file = Profile {
        name: "by file".into(),
        file_pattern: "PROFILE_C".into(),
        settings: Settings {
            mapping: Some(mapping(&[
                (Field::Sku, 0),
                (Field::Quantity, 1),
                (Field::Customer, 2),
            ])),
            ..Default::default()
        },
        ..Default::default()
    };
    d.store.save_import_profile(&by_file, &stamp()).unwrap();
    let c = d.read(&fixture("orders_profile_c.csv"), &Settings::default());
    assert_eq!(c.profile.as_deref(), Some("by file"));
    assert_eq!(c.problems, vec![]);
    assert_eq!(c.orders.len(), 1);
    let found = &shape(&c)[0];
    assert!(found.0.starts_with("file:"), "{found:?}");
    assert_eq!(
        (found.1.as_str(), found.2, found.3.clone()),
        ("C003", None, vec![("A01056".to_string(), 9)])
    );

    // a profile named by the user wins over the file's name
    let named = Profile {
        name: "for Łódź".into(),
        settings: Settings {
            mapping: Some(mapping(&[(Field::Sku, 0), (Field::Quantity, 1)])),
            customer: Some("C004".into()),
            ..Default::default()
        },
        ..Default::default()
    };
    d.store.save_import_profile(&named, &stamp()).unwrap();
    let n = run::preview(
        &d.store,
        &fixture("orders_profile_c.csv"),
        &Settings::default(),
        Some("for Łódź"),
        &Progress::new(),
    )
    .unwrap();
    assert_eq!(n.profile.as_deref(), Some("for Łódź"));
    assert_eq!(n.problems, vec![]);
    assert!(n.orders[0].customer.starts_with("C004 "));
    assert_eq!(n.orders[0].lines[0].quantity, 9);

    let e = run::preview(
        &d.store,
        &fixture("orders_profile_c.csv"),
        &Settings::default(),
        Some("nobody"),
        &Progress::new(),
    )
    .unwrap_err()
    .to_string();
    assert!(e.contains("nobody"), "{e}");
    assert!(e.contains("profile"), "{e}");
}

// ---------------------------------------------------------------------------------------------
// 8. the command line

fn docket<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .output()
        .expect("the docket binary runs")
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e})\n{}", describe(o)))
}

struct Cli {
    dir: TempDir,
    db: PathBuf,
}

impl Cli {
    fn new() -> Cli {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("cli.sqlite");
        let cli = Cli { dir, db };
        for what in ["products", "customers"] {
            let o = cli.run(&["import", what, shared(&format!("{what}.csv")).to_str().unwrap()]);
            assert_eq!(o.status.code(), Some(0), "{}", describe(&o));
        }
        cli
    }

    /// A fixture copied into the temporary directory (reports are written beside it).
    fn copy(&self, name: &str) -> PathBuf {
        let to = self.dir.path().join(name);
        std::fs::copy(fixture(name), &to).unwrap();
        to
    }

    fn run(&self, args: &[&str]) -> Output {
        let mut all: Vec<&OsStr> = args.iter().map(OsStr::new).collect();
        all.extend([
            OsStr::new("--db"),
            self.db.as_os_str(),
            OsStr::new("--user"),
            OsStr::new("cli-importer"),
        ]);
        let o = docket(all);
        assert!(
            !String::from_utf8_lossy(&o.stderr).contains("panicked"),
            "{}",
            describe(&o)
        );
        o
    }

    fn import(&self, file: &Path, flags: &[&str]) -> (Option<i32>, serde_json::Value, Output) {
        let mut args = vec!["import", "orders", file.to_str().unwrap(), "--json"];
        args.extend(flags);
        let o = self.run(&args);
        (o.status.code(), json(&o), o)
    }

    fn count(&self, table: &str) -> i64 {
        Connection::open(&self.db)
            .unwrap()
            .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
            .unwrap()
    }

    fn counts(&self) -> [i64; 3] {
        [
            self.count("orders"),
            self.count("order_lines"),
            self.count("imports"),
        ]
    }
}

#[test]
fn cli_import_orders() {
    let cli = Cli::new();

    // a good file
    let good = cli.copy("orders_ru_bom.csv");
    let (code, v, o) = cli.import(&good, &[]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!((&v["orders"], &v["lines"]), (&2.into(), &3.into()), "{v}");
    assert_eq!(v["rejected"], serde_json::json!([]), "{v}");
    assert_eq!(v["imported"], true, "{v}");
    assert_eq!(v["order_numbers"].as_array().unwrap().len(), 2, "{v}");
    assert_eq!(cli.counts(), [2, 3, 1]);
    let (status, by): (String, String) = Connection::open(&cli.db)
        .unwrap()
        .query_row(
            "SELECT status, created_by FROM orders ORDER BY id LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(status, "awaiting_confirmation");
    assert!(by.starts_with("cli-importer"), "{by}");

    // the same file again: nothing new, the sender's numbers listed as skipped
    let (code, v, o) = cli.import(&good, &[]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!(v["orders"], 0, "{v}");
    let skipped: Vec<&str> = v["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_str().unwrap())
        .collect();
    assert_eq!(skipped, ["РН-101", "РН-102"], "{v}");
    assert_eq!(&cli.counts()[..2], &[2, 3]);

    // a bad file: row-level reasons, nothing written
    let bad = cli.copy("orders_problems.csv");
    let before = cli.counts();
    let (code, v, o) = cli.import(&bad, &[]);
    assert_eq!(code, Some(2), "{}", describe(&o));
    assert_eq!(v["imported"], false, "{v}");
    assert_eq!(v["orders"], 0, "{v}");
    let rejected: Vec<(usize, String, String)> = v["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["row"].as_u64().unwrap() as usize,
                r["column"].as_str().unwrap().to_string(),
                r["reason"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(rejected, expected_problems());
    assert!(String::from_utf8_lossy(&o.stderr).contains("nothing was imported"));
    assert_eq!(cli.counts(), before);

    // dry runs write nothing
    let (code, v, o) = cli.import(&bad, &["--dry-run"]);
    assert_eq!(code, Some(2), "{}", describe(&o));
    assert_eq!(v["rejected"].as_array().unwrap().len(), 6, "{v}");
    let en = cli.copy("orders_en.csv");
    let (code, v, o) = cli.import(&en, &["--dry-run"]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!((&v["orders"], &v["lines"]), (&2.into(), &3.into()), "{v}");
    assert_eq!(v["imported"], false, "{v}");
    assert_eq!(cli.counts(), before);
    let n: i64 = Connection::open(&cli.db)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM orders WHERE source_file = 'orders_en.csv'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);

    // the valid orders only, with a report of the rest
    let report = cli.dir.path().join("out").join("bad.rejected.csv");
    std::fs::create_dir_all(report.parent().unwrap()).unwrap();
    let (code, v, o) = cli.import(&bad, &["--valid-only", "--report", report.to_str().unwrap()]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!((&v["orders"], &v["lines"]), (&2.into(), &3.into()), "{v}");
    assert_eq!(v["rejected_orders"], 6, "{v}");
    assert_eq!(v["rejected"].as_array().unwrap().len(), 6, "{v}");
    assert_eq!(v["report"], report.display().to_string(), "{v}");
    let text = std::fs::read_to_string(&report).unwrap();
    assert!(text.starts_with("\u{feff}row;problem;"), "{text}");
    assert_eq!(text.lines().count(), 8, "{text}");
    assert_eq!(cli.counts(), [before[0] + 2, before[1] + 3, before[2] + 1]);
    // without --report: beside the file
    let bad2 = cli.dir.path().join("bad2.csv");
    let mut content = std::fs::read_to_string(&bad).unwrap();
    content = content.replace("B-", "Z-");
    std::fs::write(&bad2, content).unwrap();
    let (code, v, o) = cli.import(&bad2, &["--valid-only"]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert!(cli.dir.path().join("bad2.rejected.csv").is_file(), "{v}");

    // --draft
    let pl = cli.copy("orders_pl.csv");
    let (code, _, o) = cli.import(&pl, &["--draft"]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    let statuses: Vec<String> = {
        let c = Connection::open(&cli.db).unwrap();
        let mut st = c
            .prepare("SELECT status FROM orders WHERE source_file = 'orders_pl.csv'")
            .unwrap();
        st.query_map([], |r| r.get(0))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    assert_eq!(statuses, ["draft", "draft"]);

    // a price list for the customer named on the command line
    let price = cli.copy("pricelist.xlsx");
    let (code, v, o) = cli.import(&price, &["--customer", "C002"]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!((&v["orders"], &v["lines"]), (&1.into(), &3.into()), "{v}");
    let (customer, channel): (String, String) = Connection::open(&cli.db)
        .unwrap()
        .query_row(
            "SELECT c.code, o.channel FROM orders o JOIN customers c ON c.id = o.customer_id
             WHERE o.source_file = 'pricelist.xlsx'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!((customer.as_str(), channel.as_str()), ("C002", "price_list"));

    // unreadable files: exit 1, a message naming the file, nothing written
    let before = cli.counts();
    let binary = cli.copy("orders_binary.csv");
    let (code, v, o) = cli.import(&binary, &[]);
    assert_eq!(code, Some(1), "{}", describe(&o));
    assert!(v["error"].as_str().unwrap().contains("orders_binary.csv"), "{v}");
    assert!(String::from_utf8_lossy(&o.stderr).contains("orders_binary.csv"));
    let (code, _, o) = cli.import(&binary, &["--valid-only"]);
    assert_eq!(code, Some(1), "{}", describe(&o));
    let truncated = cli.copy("truncated.xlsx");
    let (code, _, o) = cli.import(&truncated, &[]);
    assert_eq!(code, Some(1), "{}", describe(&o));
    let (code, v, o) = cli.import(&good, &["--profile", "nobody"]);
    assert_eq!(code, Some(1), "{}", describe(&o));
    assert!(v["error"].as_str().unwrap().contains("nobody"), "{v}");
    let (code, _, o) = cli.import(&price, &["--customer", "C777"]);
    assert_eq!(code, Some(1), "{}", describe(&o));

    // files with nothing to import fail, with or without --valid-only
    let header_only = cli.copy("orders_header_only.csv");
    for flags in [&[][..], &["--valid-only"][..]] {
        let (code, v, o) = cli.import(&header_only, flags);
        assert_eq!(code, Some(2), "{flags:?}: {}", describe(&o));
        assert_eq!(v["rejected"].as_array().unwrap().len(), 1, "{v}");
    }
    let profile_a = cli.copy("orders_profile_a.csv");
    for flags in [&[][..], &["--valid-only"][..]] {
        let (code, _, o) = cli.import(&profile_a, flags);
        assert_eq!(code, Some(2), "{flags:?}: {}", describe(&o));
    }
    assert_eq!(cli.counts(), before);

    // words instead of JSON
    let o = cli.run(&["import", "orders", bad.to_str().unwrap(), "--dry-run"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("orders_problems.csv, row 4, column D (Артикул): unknown SKU 'ZZ999'"),
        "{err}"
    );
}

#[test]
fn cli_profiles() {
    let cli = Cli::new();
    {
        let mut store = Store::open(&cli.db).unwrap();
        let registry = Profile {
            name: "Ромашка".into(),
            signature: "заявка|покупатель|товар|штук".into(),
            settings: Settings {
                mapping: Some(mapping(&[
                    (Field::OrderNo, 0),
                    (Field::Customer, 1),
                    (Field::Sku, 2),
                    (Field::Quantity, 3),
                ])),
                initial: Some(Initial::Draft),
                ..Default::default()
            },
            ..Default::default()
        };
        store.save_import_profile(&registry, &stamp()).unwrap();
        let price = Profile {
            name: "прайс".into(),
            file_pattern: "pricelist".into(),
            settings: Settings {
                customer: Some("C002".into()),
                initial: Some(Initial::Draft),
                ..Default::default()
            },
            ..Default::default()
        };
        store.save_import_profile(&price, &stamp()).unwrap();
    }
    let status_of = |file: &str| -> Vec<(String, String)> {
        let c = Connection::open(&cli.db).unwrap();
        let mut st = c
            .prepare(
                "SELECT c.code, o.status FROM orders o JOIN customers c ON c.id = o.customer_id
                 WHERE o.source_file = ?1 ORDER BY o.id",
            )
            .unwrap();
        st.query_map([file], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .collect::<rusqlite::Result<_>>()
            .unwrap()
    };
    let pair = |c: &str, s: &str| (c.to_string(), s.to_string());

    // found by the header, the profile's drafts
    let a = cli.copy("orders_profile_a.csv");
    let (code, v, o) = cli.import(&a, &[]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!(v["profile"], "Ромашка", "{v}");
    assert_eq!(status_of("orders_profile_a.csv"), [pair("C001", "draft")]);

    // named, with a customer given too: still the profile's drafts
    let b = cli.copy("orders_profile_b.csv");
    let (code, v, o) = cli.import(&b, &["--profile", "ромашка", "--customer", "C002"]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!(v["profile"], "Ромашка", "{v}");
    assert_eq!(status_of("orders_profile_b.csv"), [pair("C002", "draft")]);

    // found by the file name: its customer, or the one given on the command line
    let price = cli.copy("pricelist.xlsx");
    let (code, v, o) = cli.import(&price, &["--dry-run"]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!(v["profile"], "прайс", "{v}");
    let (code, _, o) = cli.import(&price, &["--customer", "C005"]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!(status_of("pricelist.xlsx"), [pair("C005", "draft")]);
    let (code, _, o) = cli.import(&price, &[]);
    assert_eq!(code, Some(0), "{}", describe(&o));
    assert_eq!(
        status_of("pricelist.xlsx"),
        [pair("C005", "draft"), pair("C002", "draft")]
    );
}

#[test]
fn row_numbers_count_blank_lines_as_a_spreadsheet_does() {
    // Excel shows blank lines as rows and a quoted line break inside one row: so do problems
    let d = desk();
    for (name, text) in [
        (
            "blank.csv",
            "Номер заказа;Код клиента;Артикул;Кол-во;Комментарий\n\nR-1;C001;A01140;2;\"a\nb\"\n\n\nR-2;C001;NOPE;1;x\n\"R-3\";C001;NOPX;1;y",
        ),
        (
            "blank-crlf.csv",
            "Номер заказа;Код клиента;Артикул;Кол-во;Комментарий\r\n\r\nR-1;C001;A01140;2;\"a\r\nb\"\r\n\r\n\r\nR-2;C001;NOPE;1;x\r\n\"R-3\";C001;NOPX;1;y\r\n",
        ),
    ] {
        let path = d.dir.path().join(name);
        std::fs::write(&path, text).unwrap();
        let p = run::preview(&d.store, &path, &Settings::default(), None, &Progress::new()).unwrap();
        let rows: Vec<(usize, &str)> = p.problems.iter().map(|p| (p.row, p.value.as_str())).collect();
        assert_eq!(rows, vec![(6, "NOPE"), (7, "NOPX")], "{name}");
        assert_eq!(p.orders[0].rows, vec![3], "{name}");
    }
}

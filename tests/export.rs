//! Exports of the lists to CSV and Excel, against real SQLite files in temporary directories;
//! workbooks are read back with calamine, CSV with the csv crate.

use calamine::{Data, Reader, open_workbook_auto};
use chrono::{DateTime, NaiveDate, NaiveDateTime, TimeZone, Utc};
use docket::domain::customer::Customer;
use docket::domain::order::OrderStatus;
use docket::export::{self, Column, Kind, Table, Value};
use docket::store::{OrderFilter, Stamp, Store};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// helpers

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap()
}

fn stamp() -> Stamp {
    Stamp::at("tester", t0())
}

const TRICKY_CODE: &str = "Ж-001";
const TRICKY_NAME: &str = "ООО «Ёлка; и \"Ко\"»\nфилиал Łódź";

/// A demo database (Cyrillic, Polish and Latin names) plus one customer whose name needs
/// quoting in CSV and whose notes look like a formula.
fn demo() -> (TempDir, PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    let mut store = Store::open(&path).unwrap();
    docket::demo::fill(
        &mut store,
        &docket::demo::DemoSpec {
            products: 40,
            customers: 12,
            orders: 60,
            seed: 5,
            anchor: t0(),
        },
    )
    .unwrap();
    store
        .save_customer(
            &Customer {
                code: TRICKY_CODE.into(),
                legal_name: TRICKY_NAME.into(),
                phone: "+7 (495) 123-45-67".into(),
                credit_limit_minor: 1234_56,
                overdue_debt_minor: 7,
                notes: "=1+2".into(),
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    (dir, path, store)
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// CSV as Excel would read it: the BOM first, then `;`-separated records.
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let bytes = std::fs::read(path).unwrap();
    assert!(
        bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
        "no UTF-8 BOM at the start of {}",
        path.display()
    );
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let header = r.headers().unwrap().iter().map(String::from).collect();
    let rows = r
        .records()
        .map(|rec| rec.unwrap().iter().map(String::from).collect())
        .collect();
    (header, rows)
}

/// The one sheet of a workbook: its name and its cells.
fn read_xlsx(path: &Path) -> (String, Vec<Vec<Data>>) {
    let mut book = open_workbook_auto(path).unwrap();
    let names = book.sheet_names();
    assert_eq!(names.len(), 1, "{names:?}");
    let range = book.worksheet_range(&names[0]).unwrap();
    let rows = range.rows().map(<[Data]>::to_vec).collect();
    (names[0].clone(), rows)
}

fn titles(table: &Table) -> Vec<String> {
    table.columns.iter().map(|c| c.title.clone()).collect()
}

fn col(table: &Table, title: &str) -> usize {
    table
        .columns
        .iter()
        .position(|c| c.title == title)
        .unwrap_or_else(|| panic!("no column {title:?} in {:?}", titles(table)))
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => panic!("expected text, got {other:?}"),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("expected a number cell, got {other:?}"),
    }
}

/// The Excel serial of a date cell (days since 1899-12-30).
fn serial(d: &Data) -> f64 {
    match d {
        Data::DateTime(dt) => {
            assert!(dt.is_datetime(), "{dt:?}");
            dt.as_f64()
        }
        other => panic!("expected a date cell, got {other:?}"),
    }
}

fn excel_serial(t: NaiveDateTime) -> f64 {
    let epoch = NaiveDate::from_ymd_opt(1899, 12, 30)
        .unwrap()
        .and_hms_opt(0, 0, 0)
        .unwrap();
    (t - epoch).num_seconds() as f64 / 86_400.0
}

// ---------------------------------------------------------------------------------------------
// CSV

#[test]
fn customers_csv_has_bom_semicolons_cyrillic_and_decimal_comma() {
    let (dir, _db, store) = demo();
    let table = export::customers_table(&store, "").unwrap();
    let out = dir.path().join("customers.csv");
    export::write(&table, &out).unwrap();

    let (header, rows) = read_csv(&out);
    assert_eq!(header, titles(&table));
    assert_eq!(rows.len() as i64, store.count("customers").unwrap());
    assert!(rows.iter().all(|r| r.len() == header.len()));
    // Cyrillic from the demo data survives the round trip
    let names: Vec<&str> = rows
        .iter()
        .map(|r| r[col(&table, "Legal name")].as_str())
        .collect();
    assert!(
        names.iter().any(|n| n
            .chars()
            .any(|c| ('а'..='я').contains(&c.to_lowercase().next().unwrap()))),
        "{names:?}"
    );
    let tricky = rows
        .iter()
        .find(|r| r[col(&table, "Code")] == TRICKY_CODE)
        .expect("the tricky customer is exported");
    assert_eq!(tricky[col(&table, "Legal name")], TRICKY_NAME);
    assert_eq!(tricky[col(&table, "Credit limit")], "1234,56");
    assert_eq!(tricky[col(&table, "Overdue debt")], "0,07");
    assert_eq!(tricky[col(&table, "Phone")], "+7 (495) 123-45-67");
    // a formula-looking text is made harmless for Excel
    assert_eq!(tricky[col(&table, "Notes")], "'=1+2");
    // no temporary file is left beside it
    let files = files_in(dir.path());
    assert!(files.iter().all(|f| !f.ends_with(".tmp")), "{files:?}");
}

#[test]
fn orders_csv_writes_dates_day_first_and_kilograms_with_a_comma() {
    let (dir, _db, store) = demo();
    let table = export::orders_table(&store, &OrderFilter::default()).unwrap();
    let out = dir.path().join("orders.csv");
    export::write_csv(&table, &out).unwrap();
    let (header, rows) = read_csv(&out);
    assert_eq!(header, titles(&table));
    assert_eq!(rows.len() as i64, store.count("orders").unwrap());
    let wanted = col(&table, "Wanted date");
    let received = col(&table, "Received");
    let weight = col(&table, "Weight, kg");
    for r in &rows {
        if !r[wanted].is_empty() {
            assert!(
                NaiveDate::parse_from_str(&r[wanted], "%d.%m.%Y").is_ok(),
                "{:?}",
                r[wanted]
            );
        }
        assert!(
            NaiveDateTime::parse_from_str(&r[received], "%d.%m.%Y %H:%M").is_ok(),
            "{:?}",
            r[received]
        );
        let (kg, g) = r[weight].split_once(',').expect("a decimal comma");
        assert!(kg.parse::<u64>().is_ok() && g.len() == 3, "{:?}", r[weight]);
    }
}

// ---------------------------------------------------------------------------------------------
// Excel

#[test]
fn orders_xlsx_has_typed_cells_and_every_order() {
    let (dir, _db, store) = demo();
    let table = export::orders_table(&store, &OrderFilter::default()).unwrap();
    let out = dir.path().join("orders.xlsx");
    export::write(&table, &out).unwrap();

    let (sheet, rows) = read_xlsx(&out);
    assert_eq!(sheet, "Orders");
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header, titles(&table));
    assert_eq!(rows.len() as i64 - 1, store.count("orders").unwrap());

    let summaries = store
        .orders_received_between("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")
        .unwrap();
    for (i, kind) in table.columns.iter().map(|c| c.kind).enumerate() {
        for row in &rows[1..] {
            match (kind, &row[i]) {
                (Kind::Text, d) => {
                    text(d);
                }
                (Kind::Integer | Kind::Decimal { .. }, d) => {
                    number(d);
                }
                (Kind::Date, Data::Empty) => {}
                (Kind::Date | Kind::DateTime, d) => {
                    serial(d);
                }
            }
        }
    }
    // values: the newest order first, its received time in local time, its wanted date
    let first = &rows[1];
    let newest = &summaries[0];
    assert_eq!(text(&first[col(&table, "Order")]), newest.number);
    let local = docket::store::parse_ts(&newest.received_at)
        .unwrap()
        .with_timezone(&chrono::Local)
        .naive_local();
    let got = serial(&first[col(&table, "Received")]);
    assert!((got - excel_serial(local)).abs() < 1e-6, "{got} vs {local}");
    if let Some(w) = &newest.wanted_date {
        let d = NaiveDate::parse_from_str(w, "%Y-%m-%d").unwrap();
        let got = serial(&first[col(&table, "Wanted date")]);
        assert_eq!(got, excel_serial(d.and_hms_opt(0, 0, 0).unwrap()));
    }
    assert_eq!(number(&first[col(&table, "Lines")]), newest.lines as f64);
    assert_eq!(number(&first[col(&table, "Units")]), newest.units as f64);
}

#[test]
fn customers_xlsx_keeps_text_as_text_and_money_as_numbers() {
    let (dir, _db, store) = demo();
    let table = export::customers_table(&store, "").unwrap();
    let out = dir.path().join("customers.xlsx");
    export::write_xlsx(&table, &out).unwrap();
    let (sheet, rows) = read_xlsx(&out);
    assert_eq!(sheet, "Customers");
    assert_eq!(rows.len() as i64 - 1, store.count("customers").unwrap());
    let tricky = rows
        .iter()
        .find(|r| r[col(&table, "Code")] == Data::String(TRICKY_CODE.into()))
        .unwrap();
    assert_eq!(text(&tricky[col(&table, "Legal name")]), TRICKY_NAME);
    assert_eq!(number(&tricky[col(&table, "Credit limit")]), 1234.56);
    assert_eq!(number(&tricky[col(&table, "Overdue debt")]), 0.07);
    // in a workbook a formula-looking text is a plain string cell, unchanged
    assert_eq!(text(&tricky[col(&table, "Notes")]), "=1+2");
    assert_eq!(text(&tricky[col(&table, "Phone")]), "+7 (495) 123-45-67");
}

#[test]
fn the_price_list_has_only_active_products() {
    let (dir, _db, mut store) = demo();
    let all = store.products("", 0).unwrap();
    let retired: Vec<String> = all.iter().take(3).map(|p| p.sku.clone()).collect();
    for p in all.iter().take(3) {
        let mut product = store.product(p.id).unwrap();
        product.active = false;
        store.save_product(&product, &stamp()).unwrap();
    }
    let table = export::price_list_table(&store).unwrap();
    let out = dir.path().join("price-list.xlsx");
    export::write(&table, &out).unwrap();
    let (sheet, rows) = read_xlsx(&out);
    assert_eq!(sheet, "Price list");
    assert_eq!(rows.len() - 1, all.len() - retired.len());
    let sku = col(&table, "SKU");
    for row in &rows[1..] {
        let s = text(&row[sku]);
        assert!(!retired.contains(&s), "inactive {s} in the price list");
        let p = all.iter().find(|p| p.sku == s).unwrap();
        let box_kg = number(&row[col(&table, "Box weight, kg")]);
        assert!((box_kg - (p.units_per_box * p.weight_g) as f64 / 1000.0).abs() < 1e-9);
        assert_eq!(number(&row[col(&table, "Units per box")]), p.units_per_box as f64);
        // an EAN stays a 13-digit text, never a number in scientific notation
        if !p.ean13.is_empty() {
            assert_eq!(text(&row[col(&table, "EAN-13")]), p.ean13);
        }
    }
    // the products list keeps them all
    let products = export::products_table(&store, "").unwrap();
    assert_eq!(products.rows.len(), all.len());
}

#[test]
fn order_lines_and_filters_follow_the_store() {
    let (_dir, _db, store) = demo();
    let lines = export::order_lines_table(&store, &OrderFilter::default()).unwrap();
    assert_eq!(lines.rows.len() as i64, store.count("order_lines").unwrap());
    let released = OrderFilter {
        statuses: vec![OrderStatus::Released],
        ..Default::default()
    };
    let orders = export::orders_table(&store, &released).unwrap();
    let summaries = store
        .orders_received_between("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")
        .unwrap();
    let expected = summaries
        .iter()
        .filter(|o| o.status == OrderStatus::Released)
        .count();
    assert_eq!(orders.rows.len(), expected);
    let recent = OrderFilter {
        received_from: Some(t0() - chrono::Duration::days(7)),
        ..Default::default()
    };
    let expected = summaries
        .iter()
        .filter(|o| {
            o.received_at.as_str() >= docket::store::fmt_ts(t0() - chrono::Duration::days(7)).as_str()
        })
        .count();
    assert_eq!(
        export::orders_table(&store, &recent).unwrap().rows.len(),
        expected
    );
    let lines_of_released = export::order_lines_table(&store, &released).unwrap();
    let expected: i64 = summaries
        .iter()
        .filter(|o| o.status == OrderStatus::Released)
        .map(|o| o.lines)
        .sum();
    assert_eq!(lines_of_released.rows.len() as i64, expected);
}

// ---------------------------------------------------------------------------------------------
// failures write nothing

#[test]
fn an_unknown_extension_is_refused_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut table = Table::new("T", vec![Column::text("A", 10.0)]);
    table.push(vec![Value::text("x")]);
    for name in ["list.ods", "list.xls", "list"] {
        let e = export::write(&table, &dir.path().join(name)).unwrap_err();
        assert!(e.to_string().contains(".csv or .xlsx"), "{e}");
    }
    assert!(files_in(dir.path()).is_empty(), "{:?}", files_in(dir.path()));
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let dir = tempfile::tempdir().unwrap();
    let mut table = Table::new("T", vec![Column::integer("N", 10.0)]);
    table.push(vec![Value::Int(1)]);
    // a folder that does not exist
    let missing = dir.path().join("nope").join("list.csv");
    assert!(export::write(&table, &missing).is_err());
    assert!(files_in(dir.path()).is_empty());
    // a file already there is replaced whole by a good export
    let out = dir.path().join("list.xlsx");
    std::fs::write(&out, b"old").unwrap();
    export::write(&table, &out).unwrap();
    assert_eq!(files_in(dir.path()), ["list.xlsx"]);
    assert_eq!(number(&read_xlsx(&out).1[1][0]), 1.0);
    // a table Excel cannot hold fails before anything is written, and the old file stays
    let before = std::fs::read(&out).unwrap();
    let mut huge = Table::new("T", vec![Column::integer("N", 10.0)]);
    huge.rows = vec![vec![Value::Int(1)]; 1_048_576];
    let e = export::write(&huge, &out).unwrap_err();
    assert!(e.to_string().contains(".csv"), "{e}");
    assert_eq!(std::fs::read(&out).unwrap(), before);
    assert_eq!(files_in(dir.path()), ["list.xlsx"]);
}

#[test]
fn sheet_names_are_made_valid_for_excel() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("claims.xlsx");
    let mut table = Table::new(
        "Претензии [ноябрь 2026]: открытые/закрытые * все?",
        vec![Column::date("D", 12.0), Column::datetime("T", 17.0)],
    );
    let d = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    table.push(vec![
        Value::Date(d),
        Value::DateTime(d.and_hms_opt(8, 15, 0).unwrap()),
    ]);
    export::write(&table, &out).unwrap();
    let (sheet, rows) = read_xlsx(&out);
    assert!(sheet.chars().count() <= 31, "{sheet}");
    assert!(!sheet.contains(['[', ']', ':', '*', '?', '/', '\\']), "{sheet}");
    assert!(sheet.starts_with("Претензии"), "{sheet}");
    assert_eq!(serial(&rows[1][0]), excel_serial(d.and_hms_opt(0, 0, 0).unwrap()));
    assert!((serial(&rows[1][1]) - excel_serial(d.and_hms_opt(8, 15, 0).unwrap())).abs() < 1e-9);
}

// ---------------------------------------------------------------------------------------------
// the command line

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
        .env("USER", "cli-test")
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

#[test]
fn cli_exports_each_list_by_extension() {
    let (dir, db, store) = demo();
    let expected = [
        ("orders", store.count("orders").unwrap()),
        ("lines", store.count("order_lines").unwrap()),
        ("customers", store.count("customers").unwrap()),
        ("products", store.count("products").unwrap()),
        ("price-list", store.count("products").unwrap()),
    ];
    drop(store);
    for (list, n) in expected {
        let xlsx = dir.path().join(format!("{list}.xlsx"));
        let o = docket([
            OsStr::new("export"),
            list.as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "-o".as_ref(),
            xlsx.as_os_str(),
        ]);
        assert!(o.status.success(), "{}", describe(&o));
        assert_eq!(read_xlsx(&xlsx).1.len() as i64 - 1, n, "{list}");
        let csv = dir.path().join(format!("{list}.csv"));
        let o = docket([
            OsStr::new("export"),
            list.as_ref(),
            "--db".as_ref(),
            db.as_os_str(),
            "-o".as_ref(),
            csv.as_os_str(),
        ]);
        assert!(o.status.success(), "{}", describe(&o));
        assert_eq!(read_csv(&csv).1.len() as i64, n, "{list}");
    }
}

#[test]
fn cli_export_speaks_russian_filters_and_refuses_plainly() {
    let (dir, db, store) = demo();
    let released = store
        .orders_received_between("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")
        .unwrap()
        .iter()
        .filter(|o| o.status == OrderStatus::Released)
        .count();
    assert!(released > 0, "the demo has released orders");
    drop(store);
    let out = dir.path().join("заказы.csv");
    let o = docket([
        OsStr::new("--lang"),
        "ru".as_ref(),
        "export".as_ref(),
        "orders".as_ref(),
        "--status".as_ref(),
        "released".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(o.status.success(), "{}", describe(&o));
    let (header, rows) = read_csv(&out);
    assert_eq!(header[0], "Заказ");
    assert_eq!(rows.len(), released);
    assert!(rows.iter().all(|r| r[3] == "Передан на склад"), "{rows:?}");

    // an unknown extension: a clear message, a non-zero exit, no file
    let bad = dir.path().join("customers.ods");
    let o = docket([
        OsStr::new("export"),
        "customers".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "-o".as_ref(),
        bad.as_os_str(),
    ]);
    assert!(!o.status.success(), "{}", describe(&o));
    assert_ne!(o.status.code(), Some(101), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains(".csv or .xlsx"),
        "{}",
        describe(&o)
    );
    assert!(!bad.exists());

    // a missing database is not created by an export
    let missing = dir.path().join("missing.sqlite");
    let out = dir.path().join("x.csv");
    let o = docket([
        OsStr::new("export"),
        "products".as_ref(),
        "--db".as_ref(),
        missing.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!o.status.success(), "{}", describe(&o));
    assert!(!missing.exists() && !out.exists());

    // an unknown status names the codes
    let o = docket([
        OsStr::new("export"),
        "orders".as_ref(),
        "--status".as_ref(),
        "lost".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert!(!o.status.success(), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("released"),
        "{}",
        describe(&o)
    );
    assert!(!out.exists());
}

// ---------------------------------------------------------------------------------------------
// the desk

#[test]
fn customers_and_products_panels_offer_exports() {
    use docket::ui::{DeskApp, Prefs, Route};
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;
    let (_dir, db, store) = demo();
    drop(store);
    for (route, buttons) in [
        (Route::Customers, &["Export…"][..]),
        (Route::Products, &["Export…", "Export price list…"][..]),
    ] {
        let app = DeskApp::from_store(
            Store::open(&db).unwrap(),
            Prefs {
                user: Some("tester".into()),
                route,
                ..Default::default()
            },
        );
        let mut h = Harness::builder()
            .with_size(egui::vec2(1400.0, 900.0))
            .with_max_steps(12)
            .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
        h.run();
        for b in buttons {
            h.get_by_role_and_label(Role::Button, b);
        }
    }
}

//! Integration tests of the SQLite store against real files in temporary directories.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use docket::Error;
use docket::domain::codes::{ean13_from_12, validate_ean13};
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::store::{self, APPLICATION_ID, Found, LATEST_VERSION, Stamp, Store};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// helpers

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap()
}

fn stamp() -> Stamp {
    Stamp::at("tester", t0())
}

/// A temporary directory and the path of a database file inside it (not created yet).
fn fresh() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    (dir, path)
}

/// A plain SQLite connection on the same file, to look behind the store's back.
fn raw(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(Duration::from_secs(5)).unwrap();
    c
}

fn pragma<T: rusqlite::types::FromSql>(c: &Connection, name: &str) -> T {
    c.query_row(&format!("PRAGMA {name}"), [], |r| r.get(0)).unwrap()
}

fn count(path: &Path, table: &str) -> i64 {
    raw(path)
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn tables(path: &Path) -> Vec<String> {
    let c = raw(path);
    let mut st = c
        .prepare("SELECT type || ':' || name FROM sqlite_master ORDER BY type, name")
        .unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn ean(n: u64) -> String {
    ean13_from_12(&format!("460{n:09}")).unwrap()
}

fn customer(code: &str, name: &str) -> Customer {
    Customer {
        code: code.into(),
        legal_name: name.into(),
        credit_limit_minor: 1_000_000_00,
        ..Default::default()
    }
}

fn product(sku: &str, name: &str, n: u64) -> Product {
    Product {
        sku: sku.into(),
        name: name.into(),
        ean13: Some(ean(n)),
        unit: "шт".into(),
        units_per_box: 12,
        weight_g: 450,
        location: "A-01-02-1".into(),
        active: true,
        ..Default::default()
    }
}

/// One customer with a delivery point, and a few products.
struct Basic {
    customer: Customer,
    point: DeliveryPoint,
    products: Vec<Product>,
}

fn seed_basic(store: &mut Store) -> Basic {
    let customer = store
        .save_customer(&customer("C001", "ООО «Ромашка-Опт»"), &stamp())
        .unwrap();
    let point = store
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: customer.id,
                name: "Основной склад".into(),
                address: "г. Москва, ул. Скаковая, д. 17".into(),
                route: "М-01".into(),
                active: true,
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    let products = (0..5)
        .map(|i| {
            store
                .save_product(
                    &product(&format!("A0{i}000"), &format!("Товар {i}"), i + 1),
                    &stamp(),
                )
                .unwrap()
        })
        .collect();
    Basic {
        customer,
        point,
        products,
    }
}

fn draft(customer: &Customer, point: &DeliveryPoint, products: &[&Product]) -> OrderDraft {
    OrderDraft {
        customer_id: customer.id,
        delivery_point_id: Some(point.id),
        channel: Channel::Phone,
        lines: products
            .iter()
            .enumerate()
            .map(|(i, p)| DraftLine {
                product_id: p.id,
                quantity: i as i64 + 1,
                unit: p.unit.clone(),
            })
            .collect(),
        ..Default::default()
    }
}

/// A small demo database: real data in many pages.
fn demo_db(path: &Path, seed: u64, orders: usize) {
    let mut s = Store::open(path).unwrap();
    docket::demo::fill(
        &mut s,
        &docket::demo::DemoSpec {
            products: 200,
            customers: 50,
            orders,
            seed,
            anchor: t0(),
        },
    )
    .unwrap();
}

/// Deterministic "random" bytes.
fn noise(len: usize, seed: u64) -> Vec<u8> {
    let mut rng = docket::demo::Rng::new(seed);
    (0..len).map(|_| rng.next_u64() as u8).collect()
}

// ---------------------------------------------------------------------------------------------
// opening, migrations, foreign files

#[test]
fn new_file_gets_the_schema_and_reopening_keeps_the_data() {
    let dir = tempfile::tempdir().unwrap();
    // the folder does not exist yet either
    let path = dir.path().join("sub").join("desk.sqlite");
    {
        let mut s = Store::open(&path).unwrap();
        seed_basic(&mut s);
    }
    {
        let c = raw(&path);
        assert_eq!(pragma::<i64>(&c, "user_version"), *LATEST_VERSION);
        assert_eq!(pragma::<i32>(&c, "application_id"), APPLICATION_ID);
        assert_eq!(pragma::<String>(&c, "journal_mode").to_lowercase(), "wal");
    }
    let t = tables(&path);
    for name in [
        "settings",
        "counters",
        "customers",
        "delivery_points",
        "contracts",
        "locations",
        "products",
        "orders",
        "order_lines",
        "order_events",
        "audit_log",
    ] {
        assert!(
            t.contains(&format!("table:{name}")),
            "table {name} missing: {t:?}"
        );
    }
    assert!(t.contains(&"trigger:audit_log_no_update".to_string()));

    // reopen: same data, same version, no migration backup taken
    let s = Store::open(&path).unwrap();
    assert_eq!(s.count("customers").unwrap(), 1);
    assert_eq!(s.count("products").unwrap(), 5);
    assert_eq!(s.count("delivery_points").unwrap(), 1);
    let c = s.customer_by_code("C001").unwrap().expect("customer kept");
    assert_eq!(c.legal_name, "ООО «Ромашка-Опт»");
    assert_eq!(pragma::<i64>(&raw(&path), "user_version"), *LATEST_VERSION);
    drop(s);
    assert!(
        store::list_backups(&path).is_empty(),
        "an up-to-date file is not backed up on open"
    );
    // the read-only opener agrees
    let s = Store::open_existing(&path).unwrap();
    assert_eq!(s.count("products").unwrap(), 5);
}

#[test]
fn an_empty_file_becomes_a_database_but_is_not_checked_as_one() {
    let (_d, path) = fresh();
    std::fs::write(&path, b"").unwrap();
    // check and backup open existing databases only: an empty file is not one, and stays empty
    assert!(
        matches!(Store::open_existing(&path), Err(Error::NotDocket { .. })),
        "an empty file is not a Docket database"
    );
    assert_eq!(std::fs::metadata(&path).unwrap().len(), 0);
    // the desk makes a new database of it (a file picked in a "new database" dialog)
    let mut s = Store::open(&path).unwrap();
    seed_basic(&mut s);
    drop(s);
    assert_eq!(pragma::<i64>(&raw(&path), "user_version"), *LATEST_VERSION);
    assert_eq!(Store::open_existing(&path).unwrap().count("products").unwrap(), 5);
}

#[test]
fn two_windows_opening_a_new_file_at_once_both_work() {
    for round in 0..5 {
        let (_d, path) = fresh();
        let barrier = std::sync::Barrier::new(3);
        std::thread::scope(|scope| {
            for t in 0..3 {
                let (path, barrier) = (&path, &barrier);
                scope.spawn(move || {
                    barrier.wait();
                    let mut s =
                        Store::open(path).unwrap_or_else(|e| panic!("round {round}, window {t}: {e}"));
                    s.save_customer(&customer(&format!("C{t}"), "Клиент"), &stamp())
                        .unwrap();
                });
            }
        });
        assert_eq!(count(&path, "customers"), 3);
        assert_eq!(pragma::<i64>(&raw(&path), "user_version"), *LATEST_VERSION);
        assert!(store::list_backups(&path).is_empty());
    }
}

#[test]
fn the_store_connection_enforces_foreign_keys() {
    // foreign_keys is a per-connection setting: test it through the store itself
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let dp = DeliveryPoint {
        customer_id: 4242,
        address: "nowhere".into(),
        active: true,
        ..Default::default()
    };
    let e = s.save_delivery_point(&dp, &stamp()).unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    assert_eq!(s.count("delivery_points").unwrap(), 0);
    assert_eq!(
        s.count("audit_log").unwrap(),
        0,
        "the failed save left no audit row"
    );
}

#[test]
fn migrations_are_numbered_and_build_the_same_schema() {
    let m = store::migrations();
    assert!(!m.is_empty());
    for (i, (v, title, sql)) in m.iter().enumerate() {
        assert_eq!(*v, i as i64 + 1);
        assert!(!title.trim().is_empty());
        assert!(!sql.trim().is_empty());
    }
    assert_eq!(m.last().unwrap().0, *LATEST_VERSION);

    // the migrations applied by hand give the schema Store::open gives
    let dir = tempfile::tempdir().unwrap();
    let by_hand = dir.path().join("by-hand.sqlite");
    {
        let c = raw(&by_hand);
        for (_, _, sql) in &m {
            c.execute_batch(sql).unwrap();
        }
    }
    let by_store = dir.path().join("by-store.sqlite");
    drop(Store::open(&by_store).unwrap());
    assert_eq!(tables(&by_hand), tables(&by_store));
}

#[test]
fn migrating_an_older_file_takes_a_backup_first() {
    // Needs a schema with at least two migrations: builds a file at LATEST-1 by hand and
    // opens it. With a single migration there is no "older" Docket file that is not empty.
    let latest = *LATEST_VERSION;
    if latest < 2 {
        eprintln!("skipped: schema.sql has only {latest} migration(s)");
        return;
    }
    let (_d, path) = fresh();
    {
        let c = raw(&path);
        for (v, _, sql) in store::migrations().into_iter().filter(|m| m.0 < latest) {
            c.execute_batch(sql).unwrap();
            c.execute_batch(&format!(
                "PRAGMA user_version = {v}; PRAGMA application_id = {APPLICATION_ID};"
            ))
            .unwrap();
        }
    }
    let s = Store::open(&path).unwrap();
    drop(s);
    assert_eq!(pragma::<i64>(&raw(&path), "user_version"), latest);
    let backups = store::list_backups(&path);
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert_eq!(pragma::<i64>(&raw(&backups[0].path), "user_version"), latest - 1);
}

#[test]
fn a_file_from_a_newer_docket_is_refused_and_left_alone() {
    let (_d, path) = fresh();
    {
        let mut s = Store::open(&path).unwrap();
        seed_basic(&mut s);
    }
    raw(&path)
        .execute_batch(&format!("PRAGMA user_version = {}", *LATEST_VERSION + 1))
        .unwrap();
    let before = std::fs::read(&path).unwrap();

    for result in [Store::open(&path), Store::open_existing(&path)] {
        match result {
            Err(Error::NewerVersion {
                path: p,
                found,
                supported,
            }) => {
                assert_eq!(p, path);
                assert_eq!(found, *LATEST_VERSION + 1);
                assert_eq!(supported, *LATEST_VERSION);
            }
            Err(e) => panic!("expected NewerVersion, got {e:?}"),
            Ok(_) => panic!("expected NewerVersion, the file was opened"),
        }
    }
    assert!(std::fs::read(&path).unwrap() == before, "the file changed");
    assert!(
        store::list_backups(&path).is_empty(),
        "nothing to back up: nothing migrated"
    );
    assert_eq!(pragma::<i64>(&raw(&path), "user_version"), *LATEST_VERSION + 1);
}

#[test]
fn a_foreign_sqlite_file_is_refused_and_left_alone() {
    let (_d, path) = fresh();
    {
        let c = raw(&path);
        c.execute_batch(
            "CREATE TABLE recipes (id INTEGER PRIMARY KEY, title TEXT);
             INSERT INTO recipes (title) VALUES ('borscht'), ('pierogi');",
        )
        .unwrap();
    }
    let before = std::fs::read(&path).unwrap();
    let tables_before = tables(&path);

    for result in [Store::open(&path), Store::open_existing(&path)] {
        match result {
            Err(Error::NotDocket { path: p }) => assert_eq!(p, path),
            Err(e) => panic!("expected NotDocket, got {e:?}"),
            Ok(_) => panic!("expected NotDocket, the file was opened"),
        }
    }
    assert!(
        std::fs::read(&path).unwrap() == before,
        "the file's bytes changed"
    );
    assert_eq!(tables(&path), tables_before);
    let journal: String = pragma(&raw(&path), "journal_mode");
    assert_eq!(journal.to_lowercase(), "delete", "the journal mode was switched");
    assert!(store::list_backups(&path).is_empty());
}

#[test]
fn random_bytes_are_not_a_docket_file() {
    let (_d, path) = fresh();
    let bytes = noise(8192, 11);
    std::fs::write(&path, &bytes).unwrap();
    for result in [Store::open(&path), Store::open_existing(&path)] {
        assert!(
            matches!(result, Err(Error::NotDocket { .. })),
            "{:?}",
            result.err()
        );
    }
    assert!(std::fs::read(&path).unwrap() == bytes, "the file changed");
    // a short text file, too
    std::fs::write(&path, "hello").unwrap();
    assert!(matches!(Store::open(&path), Err(Error::NotDocket { .. })));
    assert_eq!(std::fs::read(&path).unwrap(), b"hello");
}

#[test]
fn a_truncated_copy_of_a_real_database_is_an_error() {
    let (dir, path) = fresh();
    demo_db(&path, 5, 30);
    let full = std::fs::read(&path).unwrap();
    assert!(
        full.len() > 64 * 1024,
        "the demo database is {} bytes",
        full.len()
    );
    let mut cuts = vec![full.len() / 2, full.len() - 4096, 3 * 4096 + 17, 1000, 100, 50];
    cuts.dedup();
    for cut in cuts {
        let copy = dir.path().join(format!("cut-{cut}.sqlite"));
        std::fs::write(&copy, &full[..cut]).unwrap();
        for (what, result) in [
            ("open", Store::open(&copy)),
            ("open_existing", Store::open_existing(&copy)),
        ] {
            match result {
                Err(Error::Corrupt { path: p, .. }) | Err(Error::NotDocket { path: p }) => {
                    assert_eq!(p, copy)
                }
                Err(e) => panic!("{what} on a copy cut at {cut}: expected Corrupt or NotDocket, got {e:?}"),
                Ok(_) => panic!("{what} on a copy cut at {cut} of {} bytes opened", full.len()),
            }
        }
    }
    // the SQLite header followed by noise
    let copy = dir.path().join("noise.sqlite");
    let mut bytes = full[..100].to_vec();
    bytes.extend(noise(64 * 1024, 3));
    std::fs::write(&copy, &bytes).unwrap();
    for result in [Store::open(&copy), Store::open_existing(&copy)] {
        assert!(
            matches!(result, Err(Error::Corrupt { .. } | Error::NotDocket { .. })),
            "{:?}",
            result.err()
        );
    }
}

// ---------------------------------------------------------------------------------------------
// constraints

#[test]
fn duplicate_codes_skus_and_eans_are_refused_by_name() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let b = seed_basic(&mut s);

    let e = s
        .save_customer(&customer("C001", "Another company"), &stamp())
        .unwrap_err();
    assert!(
        matches!(&e, Error::Duplicate { entity: "customer", field: "code", value } if value == "C001"),
        "{e:?}"
    );

    let e = s
        .save_product(&product(&b.products[0].sku, "Other name", 900), &stamp())
        .unwrap_err();
    assert!(
        matches!(&e, Error::Duplicate { field: "sku", value, .. } if *value == b.products[0].sku),
        "{e:?}"
    );

    let e = s
        .save_product(&product("NEW-1", "Other product", 2), &stamp())
        .unwrap_err();
    assert!(
        matches!(&e, Error::Duplicate { field: "ean13", value, .. } if *value == ean(2)),
        "{e:?}"
    );

    // an update onto another product's EAN, too
    let mut p = b.products[0].clone();
    p.ean13 = b.products[1].ean13.clone();
    let e = s.save_product(&p, &stamp()).unwrap_err();
    assert!(matches!(&e, Error::Duplicate { field: "ean13", .. }), "{e:?}");

    // two products without EAN are fine
    for sku in ["NOEAN-1", "NOEAN-2"] {
        let p = Product {
            ean13: None,
            ..product(sku, "Без штрихкода", 0)
        };
        s.save_product(&p, &stamp()).unwrap();
    }

    assert_eq!(s.count("customers").unwrap(), 1);
    assert_eq!(s.count("products").unwrap(), 7);
    assert_eq!(s.product(b.products[0].id).unwrap(), b.products[0]);
}

#[test]
fn an_order_line_for_a_missing_product_is_refused_and_nothing_is_kept() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let b = seed_basic(&mut s);
    let audit_before = s.count("audit_log").unwrap();
    let mut d = draft(&b.customer, &b.point, &[&b.products[0]]);
    d.lines.push(DraftLine {
        product_id: 999_999,
        quantity: 1,
        unit: "шт".into(),
    });
    let e = s.create_order(&d, OrderStatus::Released, &stamp()).unwrap_err();
    assert!(
        matches!(
            e,
            Error::NotFound {
                entity: "product",
                ..
            }
        ),
        "{e:?}"
    );
    for table in ["orders", "order_lines", "order_events", "counters"] {
        assert_eq!(s.count(table).unwrap(), 0, "{table}");
    }
    assert_eq!(s.count("audit_log").unwrap(), audit_before);

    // the number was not used up either
    d.lines.pop();
    let (_, number, _) = s.create_order(&d, OrderStatus::Released, &stamp()).unwrap();
    assert_eq!(number, "2611-00001");
}

#[test]
fn a_raw_order_line_with_a_bad_order_id_fails_with_foreign_keys_on() {
    let (_d, path) = fresh();
    let pid = {
        let mut s = Store::open(&path).unwrap();
        seed_basic(&mut s).products[0].id
    };
    let c = raw(&path);
    c.execute_batch("PRAGMA foreign_keys = ON").unwrap();
    let e = c
        .execute(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit) VALUES (777, 1, ?1, 3, 'шт')",
            [pid],
        )
        .unwrap_err();
    assert!(e.to_string().contains("FOREIGN KEY"), "{e}");
    let n: i64 = c
        .query_row("SELECT COUNT(*) FROM order_lines", [], |r| r.get(0))
        .unwrap();
    assert_eq!(n, 0);
    // and the schema's checks hold on raw writes, too
    assert!(
        c.execute(
            "INSERT INTO customers (code, legal_name, grade, created_at, updated_at) VALUES ('X1', 'X', 'Z', '', '')",
            [],
        )
        .is_err()
    );
}

// ---------------------------------------------------------------------------------------------
// optimistic locking

#[test]
fn a_stale_customer_or_product_is_not_saved_over_a_newer_one() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let b = seed_basic(&mut s);

    let mut first = s.customer(b.customer.id).unwrap();
    let mut second = s.customer(b.customer.id).unwrap();
    first.phone = "+7 495 111-11-11".into();
    second.phone = "+7 495 222-22-22".into();
    let saved = s.save_customer(&first, &stamp()).unwrap();
    assert_eq!(saved.version, 2);
    let e = s.save_customer(&second, &stamp()).unwrap_err();
    assert!(
        matches!(e, Error::Conflict { entity: "customer", id } if id == b.customer.id),
        "{e:?}"
    );
    let now = s.customer(b.customer.id).unwrap();
    assert_eq!(now.phone, "+7 495 111-11-11");
    assert_eq!(now.version, 2);
    // saving the fresh copy works
    let mut again = now.clone();
    again.phone = "+7 495 333-33-33".into();
    assert_eq!(s.save_customer(&again, &stamp()).unwrap().version, 3);

    let pid = b.products[0].id;
    let mut first = s.product(pid).unwrap();
    let mut second = s.product(pid).unwrap();
    first.weight_g = 1000;
    second.weight_g = 2000;
    s.save_product(&first, &stamp()).unwrap();
    let e = s.save_product(&second, &stamp()).unwrap_err();
    assert!(
        matches!(e, Error::Conflict { entity: "product", id } if id == pid),
        "{e:?}"
    );
    let now = s.product(pid).unwrap();
    assert_eq!((now.weight_g, now.version), (1000, 2));
}

#[test]
fn moving_an_order_with_an_old_version_is_a_conflict() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let b = seed_basic(&mut s);
    let d = draft(&b.customer, &b.point, &[&b.products[0], &b.products[1]]);
    let (id, _, status) = s.create_order(&d, OrderStatus::Released, &stamp()).unwrap();
    assert_eq!(status, OrderStatus::Released);
    assert_eq!(s.order(id).unwrap().summary.version, 1);

    // the other window moves it first
    let mut other = Store::open(&path).unwrap();
    assert_eq!(
        other
            .move_order(&mv(id, OrderStatus::Picking, 1, Some("Иванова"), None), &stamp())
            .unwrap(),
        2
    );
    let e = s
        .move_order(
            &mv(id, OrderStatus::AwaitingConfirmation, 1, None, None),
            &stamp(),
        )
        .unwrap_err();
    assert!(
        matches!(&e, Error::Moved { status, .. } if status == "picking"),
        "{e:?}"
    );
    let o = s.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Picking);
    assert_eq!(o.summary.version, 2);
    assert_eq!(o.events.len(), 2);
}

// ---------------------------------------------------------------------------------------------
// concurrency

#[test]
fn two_windows_writing_at_once_lose_nothing() {
    const PER_THREAD: usize = 200;
    let (_d, path) = fresh();
    let b = {
        let mut s = Store::open(&path).unwrap();
        seed_basic(&mut s)
    };
    std::thread::scope(|scope| {
        for t in 0..2 {
            let (path, b) = (&path, &b);
            scope.spawn(move || {
                let mut s = Store::open(path).unwrap();
                let who = format!("window {t}");
                for i in 0..PER_THREAD {
                    let picked: Vec<&Product> = b.products.iter().skip(i % 3).take(1 + i % 3).collect();
                    let d = draft(&b.customer, &b.point, &picked);
                    s.create_order(&d, OrderStatus::Released, &Stamp::at(&who, t0()))
                        .unwrap_or_else(|e| panic!("{who}, order {i}: {e}"));
                }
            });
        }
    });
    let c = raw(&path);
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(q("SELECT COUNT(*) FROM orders"), 2 * PER_THREAD as i64);
    assert_eq!(
        q("SELECT COUNT(DISTINCT number) FROM orders"),
        2 * PER_THREAD as i64
    );
    assert_eq!(q("SELECT COUNT(*) FROM order_events"), 2 * PER_THREAD as i64);
    assert_eq!(
        q("SELECT value FROM counters WHERE name = 'order_number'"),
        2 * PER_THREAD as i64
    );
    let lines_per_thread: i64 = (0..PER_THREAD).map(|i| 1 + (i % 3) as i64).sum();
    assert_eq!(q("SELECT COUNT(*) FROM order_lines"), 2 * lines_per_thread);
    for t in 0..2 {
        let n: i64 = c
            .query_row(
                "SELECT COUNT(*) FROM orders WHERE created_by = ?1",
                [format!("window {t}")],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(n, PER_THREAD as i64);
    }
    let s = Store::open_existing(&path).unwrap();
    assert!(s.check().unwrap().ok);
}

// ---------------------------------------------------------------------------------------------
// credit hold

#[test]
fn an_order_of_a_customer_over_the_credit_limit_goes_on_hold_until_overridden() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let b = seed_basic(&mut s);
    let debtor = s
        .save_customer(
            &Customer {
                credit_limit_minor: 100_000_00,
                overdue_debt_minor: 100_000_01,
                ..customer("C900", "ИП Должников")
            },
            &stamp(),
        )
        .unwrap();
    let point = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: debtor.id,
                address: "г. Казань, ул. Баумана, 44".into(),
                active: true,
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    let d = draft(&debtor, &point, &[&b.products[0], &b.products[2]]);

    let (id, _, status) = s.create_order(&d, OrderStatus::Released, &stamp()).unwrap();
    assert_eq!(status, OrderStatus::CreditHold);
    let o = s.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::CreditHold);
    assert_eq!(o.credit_override, None);
    assert_eq!(o.events.len(), 1);
    assert_eq!(o.events[0].from, None);
    assert_eq!(o.events[0].to, OrderStatus::CreditHold);
    assert!(o.events[0].note.contains("credit hold"), "{:?}", o.events[0]);
    let raw_status: String = raw(&path)
        .query_row("SELECT status FROM orders WHERE id = ?1", [id], |r| r.get(0))
        .unwrap();
    assert_eq!(raw_status, "credit_hold");

    // no release without a reason (a blank reason is no reason)
    for reason in [None, Some("   ")] {
        let e = s
            .move_order(&mv(id, OrderStatus::Released, 1, None, reason), &stamp())
            .unwrap_err();
        assert!(
            matches!(&e, Error::OrderMove { error: m, .. } if m.to == OrderStatus::Released),
            "{e:?}"
        );
    }
    let unchanged = s.order(id).unwrap();
    assert_eq!(unchanged, o, "a refused move changes nothing");

    let reason = "оплата гарантирована директором";
    let v = s
        .move_order(&mv(id, OrderStatus::Released, 1, None, Some(reason)), &stamp())
        .unwrap();
    assert_eq!(v, 2);
    let o = s.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Released);
    assert_eq!(o.credit_override.as_deref(), Some(reason));
    let last = o.events.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(OrderStatus::CreditHold), OrderStatus::Released)
    );
    assert!(last.note.contains(reason), "{last:?}");

    // an override given at intake releases at once and is recorded
    let mut d2 = draft(&debtor, &point, &[&b.products[1]]);
    d2.credit_override = Some("предоплата получена".into());
    let (id2, _, status2) = s.create_order(&d2, OrderStatus::Released, &stamp()).unwrap();
    assert_eq!(status2, OrderStatus::Released);
    let o2 = s.order(id2).unwrap();
    assert_eq!(o2.credit_override.as_deref(), Some("предоплата получена"));
    assert!(o2.events[0].note.contains("предоплата получена"));

    // a customer within the limit is released straight away
    let d3 = draft(&b.customer, &b.point, &[&b.products[1]]);
    let (_, _, status3) = s.create_order(&d3, OrderStatus::Released, &stamp()).unwrap();
    assert_eq!(status3, OrderStatus::Released);
}

// ---------------------------------------------------------------------------------------------
// audit log

#[test]
fn every_save_is_audited_and_the_audit_log_is_append_only() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let b = seed_basic(&mut s);
    assert_eq!(s.audit_count("customers", b.customer.id).unwrap(), 1);
    assert_eq!(s.audit_count("delivery_points", b.point.id).unwrap(), 1);
    for p in &b.products {
        assert_eq!(s.audit_count("products", p.id).unwrap(), 1);
    }

    let mut c = b.customer.clone();
    c.notes = "звонить после 10".into();
    s.save_customer(&c, &stamp()).unwrap();
    assert_eq!(s.audit_count("customers", c.id).unwrap(), 2);
    let changes: String = raw(&path)
        .query_row(
            "SELECT changes FROM audit_log WHERE entity = 'customers' AND action = 'update'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let changes: serde_json::Value = serde_json::from_str(&changes).unwrap();
    assert_eq!(changes["notes"], serde_json::json!(["", "звонить после 10"]));
    assert!(changes.get("phone").is_none(), "only changed fields: {changes}");

    let mut p = b.products[0].clone();
    p.name = "Новое имя".into();
    s.save_product(&p, &stamp()).unwrap();
    assert_eq!(s.audit_count("products", p.id).unwrap(), 2);

    let d = draft(&b.customer, &b.point, &[&b.products[0]]);
    let (id, _, _) = s.create_order(&d, OrderStatus::Draft, &stamp()).unwrap();
    assert_eq!(s.audit_count("orders", id).unwrap(), 1);
    s.move_order(&mv(id, OrderStatus::Released, 1, None, None), &stamp())
        .unwrap();
    assert_eq!(s.audit_count("orders", id).unwrap(), 2);
    let by: String = raw(&path)
        .query_row(
            "SELECT by_user FROM audit_log ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, "tester");

    let total = s.count("audit_log").unwrap();
    let c = raw(&path);
    let e = c
        .execute("UPDATE audit_log SET by_user = 'someone else'", [])
        .unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    let e = c.execute("DELETE FROM audit_log", []).unwrap_err();
    assert!(e.to_string().contains("append-only"), "{e}");
    assert_eq!(count(&path, "audit_log"), total);
    let n: i64 = c
        .query_row(
            "SELECT COUNT(*) FROM audit_log WHERE by_user = 'someone else'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 0);
}

// ---------------------------------------------------------------------------------------------
// lookup and search

#[test]
fn lookup_finds_orders_products_and_customers() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let b = seed_basic(&mut s);
    let d = draft(&b.customer, &b.point, &[&b.products[0]]);
    let (id, number, _) = s.create_order(&d, OrderStatus::Released, &stamp()).unwrap();

    assert_eq!(s.lookup(&number).unwrap(), Some(Found::Order(id)));
    let p = &b.products[3];
    assert_eq!(s.lookup(&p.sku).unwrap(), Some(Found::Product(p.id)));
    assert_eq!(
        s.lookup(p.ean13.as_deref().unwrap()).unwrap(),
        Some(Found::Product(p.id))
    );
    assert_eq!(
        s.lookup(&format!("  {}\n", p.ean13.as_deref().unwrap())).unwrap(),
        Some(Found::Product(p.id)),
        "a scanner's trailing newline"
    );
    assert_eq!(s.lookup("C001").unwrap(), Some(Found::Customer(b.customer.id)));
    assert_eq!(s.lookup("C0019").unwrap(), None);
    assert_eq!(s.lookup("").unwrap(), None);
    assert_eq!(s.lookup(&ean(4242)).unwrap(), None);
}

#[test]
fn search_ignores_case_in_every_script() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    for (code, name) in [
        ("C001", "ООО «Ромашка-Опт»"),
        ("C002", "ИП Ёлкин П. С."),
        ("C003", "成都迅达物流配送中心"),
        ("C004", "Hurtownia Łódź Sp. z o.o."),
        ("C005", "Northwind Traders Ltd"),
        ("C006", "Drogeria Żaneta Wiśniewska"),
    ] {
        s.save_customer(&customer(code, name), &stamp()).unwrap();
    }
    let codes = |s: &Store, q: &str| -> Vec<String> {
        s.customers(q, 0).unwrap().into_iter().map(|r| r.code).collect()
    };
    for (q, want) in [
        ("ромашка", vec!["C001"]),
        ("РОМАШКА-опт", vec!["C001"]),
        ("елкин", vec!["C002"]),
        ("ЁЛКИН", vec!["C002"]),
        ("łódź", vec!["C004"]),
        ("ŁÓDŹ", vec!["C004"]),
        ("Łódź", vec!["C004"]),
        ("hurtownia", vec!["C004"]),
        ("NORTHWIND", vec!["C005"]),
        ("żaneta wiś", vec!["C006"]),
        ("迅达", vec!["C003"]),
        ("物流配送", vec!["C003"]),
        ("c00", vec!["C001", "C002", "C003", "C004", "C005", "C006"]),
        ("%", vec![]),
        ("_", vec![]),
    ] {
        assert_eq!(codes(&s, q), want, "customers matching {q:?}");
    }
    assert_eq!(s.customers("", 0).unwrap().len(), 6);
    assert_eq!(s.customers("", 2).unwrap().len(), 2);

    for (i, name) in [
        "Шампунь Schwarzkopf Gliss Kur 400 мл",
        "Żel pod prysznic Łabędź 500 ml",
        "洗发水 清扬 400毫升",
        "Hand cream Nivea 75 ml",
    ]
    .into_iter()
    .enumerate()
    {
        s.save_product(&product(&format!("P{i}"), name, 100 + i as u64), &stamp())
            .unwrap();
    }
    let skus = |s: &Store, q: &str| -> Vec<String> {
        s.products(q, 0).unwrap().into_iter().map(|r| r.sku).collect()
    };
    for (q, want) in [
        ("шампунь", vec!["P0"]),
        ("ШАМПУНЬ SCHWARZKOPF GLISS", vec!["P0"]),
        ("ŁABĘDŹ", vec!["P1"]),
        ("żel", vec!["P1"]),
        ("清扬", vec!["P2"]),
        ("NIVEA", vec!["P3"]),
        ("400", vec!["P0", "P2"]),
        (&ean(102)[5..], vec!["P2"]),
    ] {
        assert_eq!(skus(&s, q), want, "products matching {q:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// backups

#[test]
fn a_backup_opens_and_holds_the_same_data() {
    let (dir, path) = fresh();
    demo_db(&path, 2, 40);
    let s = Store::open(&path).unwrap();
    let target = dir.path().join("copies").join("backup.sqlite");
    s.backup_to(&target).unwrap();
    assert!(
        s.backup_to(&path).is_err(),
        "a backup never overwrites the database"
    );

    let b = Store::open_existing(&target).unwrap();
    for table in [
        "customers",
        "delivery_points",
        "contracts",
        "products",
        "locations",
        "orders",
        "order_lines",
        "order_events",
        "audit_log",
        "counters",
    ] {
        assert_eq!(b.count(table).unwrap(), s.count(table).unwrap(), "{table}");
    }
    assert_eq!(b.count("orders").unwrap(), 40);
    let report = b.check().unwrap();
    assert!(report.ok, "{report:?}");
    assert_eq!(report.schema_version, *LATEST_VERSION);
    assert!(!dir.path().join("copies").join("backup.partial").exists());
}

/// Overwrites the root page of `table` with garbage, the way a failing disk would.
fn damage_table(path: &Path, table: &str) {
    let (root, page_size): (i64, i64) = {
        let c = raw(path);
        let root = c
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = ?1",
                [table],
                |r| r.get(0),
            )
            .unwrap();
        (root, pragma(&c, "page_size"))
    };
    let mut bytes = std::fs::read(path).unwrap();
    let start = ((root - 1) * page_size) as usize;
    bytes[start..start + page_size as usize].fill(0xFF);
    std::fs::write(path, bytes).unwrap();
}

#[test]
fn check_reports_rows_pointing_nowhere() {
    let (_d, path) = fresh();
    {
        let mut s = Store::open(&path).unwrap();
        let b = seed_basic(&mut s);
        let d = draft(&b.customer, &b.point, &[&b.products[0]]);
        s.create_order(&d, OrderStatus::Released, &stamp()).unwrap();
        assert!(s.check().unwrap().ok);
    }
    // another program, with foreign keys off, deletes a product that an order uses
    let c = raw(&path);
    c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
    c.execute(
        "DELETE FROM products WHERE id = (SELECT product_id FROM order_lines)",
        [],
    )
    .unwrap();
    assert_eq!(count(&path, "products"), 4);
    let report = Store::open_existing(&path).unwrap().check().unwrap();
    assert!(!report.ok, "{report:?}");
    assert_eq!(report.foreign_key_problems, 1);
    assert!(report.problems.is_empty(), "the file itself is sound: {report:?}");
}

#[test]
fn a_damaged_database_is_reported_and_not_backed_up() {
    let (dir, path) = fresh();
    demo_db(&path, 4, 20);
    damage_table(&path, "products");
    let s = Store::open_existing(&path).unwrap();
    match s.check() {
        Ok(report) => assert!(!report.ok && !report.problems.is_empty(), "{report:?}"),
        Err(Error::Corrupt { path: p, .. }) => assert_eq!(p, path),
        Err(e) => panic!("expected a report or Corrupt, got {e:?}"),
    }

    let target = dir.path().join("copy.sqlite");
    let e = s.backup_to(&target).unwrap_err();
    assert!(
        e.to_string().contains(&path.display().to_string()),
        "names the database: {e}"
    );
    assert!(!target.exists(), "no backup of a damaged database");
    assert!(
        !dir.path().join("copy.partial").exists(),
        "nothing half-written is left"
    );
    assert!(store::daily_backup(&s, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()).is_err());
    assert!(store::list_backups(&path).is_empty());
}

#[test]
fn daily_backups_are_one_a_day_and_seven_are_kept() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    seed_basic(&mut s);
    let days: Vec<NaiveDate> = (1..=9)
        .map(|d| NaiveDate::from_ymd_opt(2026, 11, d).unwrap())
        .collect();
    for day in &days {
        let written = store::daily_backup(&s, *day).unwrap();
        let written = written.expect("a new day writes a backup");
        assert!(
            written.to_string_lossy().contains(&day.to_string()),
            "{written:?}"
        );
        assert!(written.exists());
        assert_eq!(store::daily_backup(&s, *day).unwrap(), None, "one a day");
    }
    let dir = path.with_file_name("desk.sqlite-backups");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    let want: Vec<String> = days[2..]
        .iter()
        .map(|d| format!("desk.daily-{d}.sqlite"))
        .collect();
    assert_eq!(names, want);
    assert_eq!(store::list_backups(&path).len(), 7);
    let newest = dir.join("desk.daily-2026-11-09.sqlite");
    let b = Store::open_existing(&newest).unwrap();
    assert_eq!(b.count("products").unwrap(), 5);
    assert_eq!(b.count("customers").unwrap(), 1);
}

// ---------------------------------------------------------------------------------------------
// demo data

fn rows(path: &Path, sql: &str) -> Vec<String> {
    let c = raw(path);
    let mut st = c.prepare(sql).unwrap();
    st.query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn demo_dump(path: &Path) -> Vec<String> {
    let mut out = rows(
        path,
        "SELECT o.number || '|' || c.code || '|' || o.status || '|' || o.channel || '|' || o.received_at
             || '|' || COALESCE(o.delivery_point_id, '-') || '|' || o.created_by
         FROM orders o JOIN customers c ON c.id = o.customer_id ORDER BY o.number",
    );
    out.extend(rows(
        path,
        "SELECT o.number || '|' || l.line_no || '|' || p.sku || '|' || l.quantity || '|' || l.unit
         FROM order_lines l JOIN orders o ON o.id = l.order_id JOIN products p ON p.id = l.product_id
         ORDER BY o.number, l.line_no",
    ));
    out.extend(rows(
        path,
        "SELECT code || '|' || legal_name || '|' || tax_id || '|' || credit_limit_minor || '|' || overdue_debt_minor
         FROM customers ORDER BY code",
    ));
    out.extend(rows(
        path,
        "SELECT sku || '|' || name || '|' || COALESCE(ean13, '-') FROM products ORDER BY sku",
    ));
    out
}

#[test]
fn demo_data_is_realistic_and_repeatable() {
    let dir = tempfile::tempdir().unwrap();
    let a = dir.path().join("a.sqlite");
    let b = dir.path().join("b.sqlite");
    let other = dir.path().join("other.sqlite");
    demo_db(&a, 42, 80);
    demo_db(&b, 42, 80);
    demo_db(&other, 43, 80);

    let s = Store::open(&a).unwrap();
    assert_eq!(s.count("products").unwrap(), 200);
    assert_eq!(s.count("customers").unwrap(), 50);
    assert_eq!(s.count("orders").unwrap(), 80);
    let eans = rows(&a, "SELECT COALESCE(ean13, '') FROM products");
    assert_eq!(eans.len(), 200);
    for e in &eans {
        assert_eq!(validate_ean13(e), Ok(()), "product EAN {e:?}");
    }
    let c = raw(&a);
    let q = |sql: &str| -> i64 { c.query_row(sql, [], |r| r.get(0)).unwrap() };
    assert_eq!(
        q("SELECT COUNT(*) FROM customers c WHERE NOT EXISTS
               (SELECT 1 FROM delivery_points d WHERE d.customer_id = c.id)"),
        0,
        "every customer has a delivery point"
    );
    assert_eq!(
        q("SELECT COUNT(*) FROM customers c WHERE NOT EXISTS
               (SELECT 1 FROM contracts k WHERE k.customer_id = c.id)"),
        0,
        "every customer has a contract"
    );
    assert_eq!(
        q("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS
               (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)"),
        0,
        "every order has lines"
    );
    assert_eq!(
        q("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS
               (SELECT 1 FROM order_events e WHERE e.order_id = o.id)"),
        0,
        "every order has its history"
    );
    assert_eq!(q("SELECT COUNT(DISTINCT number) FROM orders"), 80);
    assert!(q("SELECT COUNT(DISTINCT status) FROM orders") >= 3);
    assert!(s.check().unwrap().ok);
    // search works on demo data, in Cyrillic and Polish
    assert!(!s.customers("РОМАШКА", 0).unwrap().is_empty());
    assert!(!s.customers("łódź", 0).unwrap().is_empty());

    let dump_a = demo_dump(&a);
    assert!(dump_a.len() > 80 + 80 + 50 + 200);
    assert_eq!(dump_a, demo_dump(&b), "the same seed gives the same database");
    assert_ne!(dump_a, demo_dump(&other), "another seed gives other data");

    // a database with records is never filled
    drop(s);
    let mut s = Store::open(&a).unwrap();
    let audit = s.count("audit_log").unwrap();
    let e = docket::demo::fill(
        &mut s,
        &docket::demo::DemoSpec {
            orders: 5,
            anchor: t0(),
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(e.to_string().contains("already holds records"), "{e}");
    assert_eq!(s.count("orders").unwrap(), 80);
    assert_eq!(s.count("products").unwrap(), 200);
    assert_eq!(s.count("audit_log").unwrap(), audit);

    // one customer is enough to refuse
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    s.save_customer(&customer("C001", "Real client"), &stamp())
        .unwrap();
    assert!(docket::demo::fill(&mut s, &docket::demo::DemoSpec::default()).is_err());
    assert_eq!(s.count("products").unwrap(), 0);
}

fn mv(
    id: i64,
    to: OrderStatus,
    version: i64,
    person: Option<&str>,
    credit_override: Option<&str>,
) -> docket::domain::order::Move {
    docket::domain::order::Move {
        id,
        to,
        version,
        person: person.map(str::to_string),
        credit_override: credit_override.map(str::to_string),
        ..Default::default()
    }
}

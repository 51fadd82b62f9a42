//! Integration tests of the command line: the real binary on temporary files.

use docket::domain::codes::ean13_from_12;
use rusqlite::Connection;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const PRODUCTS_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/products.csv");
const CUSTOMERS_CSV: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/fixtures/customers.csv");

/// Runs `docket` with the arguments; never touches the user's data directory.
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

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        stdout(o),
        stderr(o)
    )
}

fn assert_ok(o: &Output) {
    assert!(o.status.success(), "{}", describe(o));
    assert!(!stderr(o).contains("panicked"), "{}", describe(o));
}

/// A failure the user can act on: non-zero exit, no panic, a message on stderr naming `name`.
fn assert_clean_failure(o: &Output, name: &str) {
    assert!(!o.status.success(), "expected a failure\n{}", describe(o));
    let err = stderr(o);
    assert!(!err.contains("panicked"), "{}", describe(o));
    assert_ne!(o.status.code(), Some(101), "{}", describe(o));
    assert!(
        err.contains(name),
        "stderr does not name {name:?}\n{}",
        describe(o)
    );
}

fn count(db: &Path, table: &str) -> i64 {
    Connection::open(db)
        .unwrap()
        .query_row(&format!("SELECT COUNT(*) FROM {table}"), [], |r| r.get(0))
        .unwrap()
}

fn json(o: &Output) -> serde_json::Value {
    serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e})\n{}", describe(o)))
}

fn demo(dir: &Path) -> PathBuf {
    let db = dir.join("demo.sqlite");
    let o = docket([
        OsStr::new("demo"),
        "--db".as_ref(),
        db.as_os_str(),
        "--orders".as_ref(),
        "50".as_ref(),
        "--seed".as_ref(),
        "3".as_ref(),
    ]);
    assert_ok(&o);
    assert!(stdout(&o).contains("50 orders"), "{}", describe(&o));
    db
}

#[test]
fn demo_then_check_says_ok() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());

    let o = docket([OsStr::new("check"), "--db".as_ref(), db.as_os_str()]);
    assert_ok(&o);
    assert!(stdout(&o).contains("OK"), "{}", describe(&o));

    let o = docket([
        OsStr::new("check"),
        "--db".as_ref(),
        db.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_ok(&o);
    let v = json(&o);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["orders"], 50);
    assert_eq!(v["customers"], 50);
    assert_eq!(v["products"], 200);
    assert_eq!(v["schema_version"], *docket::store::LATEST_VERSION);
    assert_eq!(v["problems"], serde_json::json!([]));
    assert_eq!(v["foreign_key_problems"], 0);

    // demo never writes into a database that has records
    let o = docket([
        OsStr::new("demo"),
        "--db".as_ref(),
        db.as_os_str(),
        "--orders".as_ref(),
        "5".as_ref(),
    ]);
    assert_clean_failure(&o, "demo.sqlite");
    assert_eq!(count(&db, "orders"), 50);
}

#[test]
fn backup_writes_a_copy_that_passes_check() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let out = dir.path().join("copies").join("g.sqlite");
    let o = docket([
        OsStr::new("backup"),
        "--db".as_ref(),
        db.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_ok(&o);
    assert!(out.exists());

    let o = docket([
        OsStr::new("check"),
        "--db".as_ref(),
        out.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_ok(&o);
    let v = json(&o);
    assert_eq!(v["ok"], true, "{v}");
    assert_eq!(v["orders"], 50);
    assert_eq!(count(&out, "order_lines"), count(&db, "order_lines"));
    assert_eq!(count(&out, "audit_log"), count(&db, "audit_log"));
}

#[test]
fn check_and_backup_refuse_damaged_and_foreign_files_plainly() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let full = std::fs::read(&db).unwrap();

    let truncated = dir.path().join("truncated.sqlite");
    std::fs::write(&truncated, &full[..full.len() / 2]).unwrap();
    let random = dir.path().join("random.sqlite");
    let mut rng = docket::demo::Rng::new(9);
    std::fs::write(
        &random,
        (0..20_000).map(|_| rng.next_u64() as u8).collect::<Vec<u8>>(),
    )
    .unwrap();
    let missing = dir.path().join("missing.sqlite");
    let empty = dir.path().join("empty.sqlite");
    std::fs::write(&empty, b"").unwrap();

    for bad in [&truncated, &random, &missing, &empty] {
        let before = std::fs::read(bad).ok();
        let name = bad.display().to_string();

        for as_json in [false, true] {
            let mut args = vec![OsStr::new("check"), "--db".as_ref(), bad.as_os_str()];
            if as_json {
                args.push("--json".as_ref());
            }
            let o = docket(args);
            assert_clean_failure(&o, &name);
        }

        let out = dir.path().join("out.sqlite");
        let o = docket([
            OsStr::new("backup"),
            "--db".as_ref(),
            bad.as_os_str(),
            "-o".as_ref(),
            out.as_os_str(),
        ]);
        assert_clean_failure(&o, &name);
        assert!(!out.exists(), "no backup of a bad file is written");
        assert_eq!(std::fs::read(bad).ok(), before, "{name} was changed");
    }
    assert!(!missing.exists(), "check does not create a database");
}

#[test]
fn check_reports_broken_links_and_damage_and_backup_refuses_damage() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let name = db.display().to_string();

    // a row pointing at a product that does not exist (written behind Docket's back)
    {
        let c = Connection::open(&db).unwrap();
        c.execute_batch("PRAGMA foreign_keys = OFF").unwrap();
        c.execute(
            "INSERT INTO order_lines (order_id, line_no, product_id, quantity, unit)
             VALUES ((SELECT MIN(id) FROM orders), 99, 999999, 1, 'шт')",
            [],
        )
        .unwrap();
    }
    let o = docket([OsStr::new("check"), "--db".as_ref(), db.as_os_str()]);
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    assert!(!stderr(&o).contains("panicked"), "{}", describe(&o));
    let out = stdout(&o);
    assert!(out.contains("PROBLEMS FOUND"), "{}", describe(&o));
    assert!(out.contains(&name), "{}", describe(&o));
    assert!(
        out.contains("1 rows point at records that do not exist"),
        "{}",
        describe(&o)
    );
    let o = docket([
        OsStr::new("check"),
        "--db".as_ref(),
        db.as_os_str(),
        "--json".as_ref(),
    ]);
    assert_eq!(o.status.code(), Some(3), "{}", describe(&o));
    let v = json(&o);
    assert_eq!(v["ok"], false, "{v}");
    assert_eq!(v["foreign_key_problems"], 1, "{v}");

    // the root page of the products table overwritten, the way a failing disk would
    let (root, page_size): (i64, i64) = {
        let c = Connection::open(&db).unwrap();
        let root = c
            .query_row(
                "SELECT rootpage FROM sqlite_master WHERE name = 'products'",
                [],
                |r| r.get(0),
            )
            .unwrap();
        (root, c.query_row("PRAGMA page_size", [], |r| r.get(0)).unwrap())
    };
    let mut bytes = std::fs::read(&db).unwrap();
    let start = ((root - 1) * page_size) as usize;
    bytes[start..start + page_size as usize].fill(0xFF);
    std::fs::write(&db, bytes).unwrap();

    for as_json in [false, true] {
        let mut args = vec![OsStr::new("check"), "--db".as_ref(), db.as_os_str()];
        if as_json {
            args.push("--json".as_ref());
        }
        let o = docket(args);
        assert!(!o.status.success(), "{}", describe(&o));
        assert!(!stderr(&o).contains("panicked"), "{}", describe(&o));
        // either a report of the damage or a plain error; both name the file
        let all = format!("{}{}", stdout(&o), stderr(&o));
        assert!(all.contains(&name), "{}", describe(&o));
        assert!(
            all.contains("damaged") || all.contains("PROBLEMS FOUND"),
            "{}",
            describe(&o)
        );
    }

    let out = dir.path().join("g.sqlite");
    let o = docket([
        OsStr::new("backup"),
        "--db".as_ref(),
        db.as_os_str(),
        "-o".as_ref(),
        out.as_os_str(),
    ]);
    assert_clean_failure(&o, &name);
    assert!(!out.exists());
    assert!(
        !dir.path().join("g.partial").exists(),
        "a failed backup leaves nothing behind"
    );
}

#[test]
fn importing_the_shared_fixtures() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("import.sqlite");

    let o = docket([
        OsStr::new("import"),
        "products".as_ref(),
        PRODUCTS_CSV.as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
    ]);
    assert_ok(&o);
    assert_eq!(count(&db, "products"), 40);
    let o = docket([
        OsStr::new("import"),
        "customers".as_ref(),
        CUSTOMERS_CSV.as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
    ]);
    assert_ok(&o);
    assert_eq!(count(&db, "customers"), 6);

    let c = Connection::open(&db).unwrap();
    let (name, ean, unit, per_box, grams, loc): (String, String, String, i64, i64, String) = c
        .query_row(
            "SELECT p.name, p.ean13, p.unit, p.units_per_box, p.weight_g, l.code
             FROM products p JOIN locations l ON l.id = p.location_id WHERE p.sku = 'A01000'",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )
        .unwrap();
    assert_eq!(
        (
            name.as_str(),
            ean.as_str(),
            unit.as_str(),
            per_box,
            grams,
            loc.as_str()
        ),
        (
            "Шампунь Schwarzkopf Gliss Kur 400 мл",
            "4608105106908",
            "шт",
            48,
            2880,
            "D-06-03-1"
        )
    );
    let quoted: String = c
        .query_row("SELECT legal_name FROM customers WHERE code = 'C006'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(quoted, "ООО \"Юнэкт\", портал");
    let by: String = c
        .query_row("SELECT DISTINCT by_user FROM audit_log", [], |r| r.get(0))
        .unwrap();
    assert_eq!(by, "cli-test (cli)");

    // --json on a new database: the counts of what was done
    let db2 = dir.path().join("import-json.sqlite");
    for (what, file, n) in [("products", PRODUCTS_CSV, 40), ("customers", CUSTOMERS_CSV, 6)] {
        let o = docket([
            OsStr::new("import"),
            what.as_ref(),
            file.as_ref(),
            "--json".as_ref(),
            "--db".as_ref(),
            db2.as_os_str(),
        ]);
        assert_ok(&o);
        let v = json(&o);
        assert_eq!(v["inserted"], n, "{what}: {v}");
        assert_eq!(v["rows"], n, "{what}: {v}");
        assert_eq!(v["updated"], 0, "{what}: {v}");
        assert_eq!(v["errors"], serde_json::json!([]), "{what}: {v}");
    }
    // importing the same file again changes nothing
    let audit = count(&db2, "audit_log");
    let o = docket([
        OsStr::new("import"),
        "products".as_ref(),
        PRODUCTS_CSV.as_ref(),
        "--json".as_ref(),
        "--db".as_ref(),
        db2.as_os_str(),
    ]);
    assert_ok(&o);
    let v = json(&o);
    assert_eq!(
        (v["inserted"].as_u64(), v["unchanged"].as_u64()),
        (Some(0), Some(40)),
        "{v}"
    );
    assert_eq!(count(&db2, "products"), 40);
    assert_eq!(count(&db2, "audit_log"), audit);
}

#[test]
fn a_bad_products_file_names_file_row_and_field_and_imports_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("bad.sqlite");
    let o = docket([
        OsStr::new("import"),
        "products".as_ref(),
        PRODUCTS_CSV.as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
    ]);
    assert_ok(&o);
    assert_eq!(count(&db, "products"), 40);
    let audit = count(&db, "audit_log");

    let good = |n: u64| ean13_from_12(&format!("460999{n:06}")).unwrap();
    let mut bad_check = good(2);
    let last = bad_check.pop().unwrap().to_digit(10).unwrap();
    bad_check.push(char::from_digit((last + 1) % 10, 10).unwrap());
    let header = "sku,name,barcode,unit,box_qty,weight_kg,location";

    let cases: Vec<(&str, String, &[&str])> = vec![
        (
            "unknown_column.csv",
            format!("sku,name,barcode,colour\nZ0001,Новый товар,{},red\n", good(1)),
            &["row 1", "colour"],
        ),
        (
            "bad_ean.csv",
            format!(
                "{header}\nZ0001,Новый товар,{},шт,12,0.450,A-01-01-1\nZ0002,Ещё товар,{bad_check},шт,12,0.450,A-01-01-2\nZ0003,Третий,{},шт,6,1.000,\n",
                good(1),
                good(3)
            ),
            &["row 3", "barcode", "check digit"],
        ),
        (
            "bad_weight.csv",
            format!(
                "{header}\nZ0001,Новый товар,{},шт,12,0.450,A-01-01-1\nZ0002,Ещё товар,{},шт,12,0.450,\nZ0003,Третий,{},шт,6,около кило,\n",
                good(1),
                good(2),
                good(3)
            ),
            &["row 4", "weight_kg"],
        ),
    ];
    for (name, content, needles) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, content).unwrap();
        for as_json in [false, true] {
            let mut args = vec![
                OsStr::new("import"),
                "products".as_ref(),
                file.as_os_str(),
                "--db".as_ref(),
                db.as_os_str(),
            ];
            if as_json {
                args.push("--json".as_ref());
            }
            let o = docket(args);
            assert_clean_failure(&o, name);
            let err = stderr(&o);
            for needle in needles {
                assert!(
                    err.contains(needle),
                    "{name}: stderr lacks {needle:?}\n{}",
                    describe(&o)
                );
            }
            assert!(err.contains("nothing was imported"), "{}", describe(&o));
            if as_json {
                let v = json(&o);
                assert_eq!(v["inserted"], 0);
                assert_eq!(v["errors"].as_array().map(Vec::len), Some(1), "{v}");
            }
            assert_eq!(count(&db, "products"), 40, "{name}: products were added");
            assert_eq!(count(&db, "audit_log"), audit, "{name}: something was written");
        }
    }
}

fn one(db: &Path, sql: &str) -> String {
    Connection::open(db)
        .unwrap()
        .query_row(sql, [], |r| r.get::<_, String>(0))
        .unwrap()
}

fn pdf_size_mm(path: &Path) -> (usize, f64, f64) {
    let o = Command::new("pdfinfo")
        .arg(path)
        .output()
        .expect("pdfinfo (poppler-utils; .ci/run installs it)");
    let text = String::from_utf8_lossy(&o.stdout);
    let pages = text
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let size = text.lines().find_map(|l| l.strip_prefix("Page size:")).unwrap();
    let n: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (pages, n[0] * 25.4 / 72.0, n[1] * 25.4 / 72.0)
}

#[test]
fn print_picking_labels_and_locations_to_files_and_log_them() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    let order = one(
        &db,
        "SELECT number FROM orders WHERE status = 'released' AND line_count > 0 ORDER BY id LIMIT 1",
    );
    let arg = |p: &Path| p.as_os_str().to_owned();

    let picking = dir.path().join("picking.pdf");
    let o = docket([
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "picking".as_ref(),
        "--order".as_ref(),
        OsStr::new(&order),
        "-o".as_ref(),
        &arg(&picking),
    ]);
    assert_ok(&o);
    let (pages, w, h) = pdf_size_mm(&picking);
    assert!(pages >= 1 && (w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1);
    assert_eq!(count(&db, "print_jobs"), 1);

    let labels = dir.path().join("labels.pdf");
    let o = docket([
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "labels".as_ref(),
        "--order".as_ref(),
        OsStr::new(&order),
        "--size".as_ref(),
        "58x40".as_ref(),
        "-o".as_ref(),
        &arg(&labels),
    ]);
    assert_ok(&o);
    let boxes: i64 = Connection::open(&db)
        .unwrap()
        .query_row(
            "SELECT COUNT(*) FROM boxes b JOIN orders o ON o.id = b.order_id WHERE o.number = ?1 AND b.voided_at IS NULL AND b.printed_count = 1",
            [&order],
            |r| r.get(0),
        )
        .unwrap();
    let (pages, w, h) = pdf_size_mm(&labels);
    assert!(
        boxes >= 1 && pages as i64 == boxes,
        "{boxes} boxes, {pages} pages"
    );
    assert!((w - 58.0).abs() < 0.1 && (h - 40.0).abs() < 0.1, "{w} x {h}");
    assert_eq!(
        one(&db, "SELECT kind FROM print_jobs ORDER BY id DESC LIMIT 1"),
        "labels"
    );

    // reprinting box 1 prints one page with the same SSCC (nothing new assigned)
    let sscc_before = one(
        &db,
        "SELECT group_concat(sscc) FROM boxes WHERE voided_at IS NULL",
    );
    let again = dir.path().join("again.pdf");
    let o = docket([
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "labels".as_ref(),
        "--order".as_ref(),
        OsStr::new(&order),
        "--box".as_ref(),
        "1".as_ref(),
        "-o".as_ref(),
        &arg(&again),
    ]);
    assert_ok(&o);
    assert_eq!(pdf_size_mm(&again).0, 1);
    assert_eq!(
        one(
            &db,
            "SELECT group_concat(sscc) FROM boxes WHERE voided_at IS NULL"
        ),
        sscc_before
    );

    let from = one(
        &db,
        "SELECT code FROM locations ORDER BY walk_sequence, code LIMIT 1",
    );
    let to = one(
        &db,
        "SELECT code FROM locations ORDER BY walk_sequence, code LIMIT 1 OFFSET 20",
    );
    let locs = dir.path().join("locations.pdf");
    let o = docket([
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "locations".as_ref(),
        "--from".as_ref(),
        OsStr::new(&from),
        "--to".as_ref(),
        OsStr::new(&to),
        "-o".as_ref(),
        &arg(&locs),
    ]);
    assert_ok(&o);
    let (pages, _, _) = pdf_size_mm(&locs);
    assert_eq!(pages, 2, "21 locations on A4 sheets of 14");
    assert_eq!(count(&db, "print_jobs"), 4);

    // clear failures that change nothing
    let o = docket([
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "labels".as_ref(),
        "--order".as_ref(),
        "NO-SUCH-ORDER".as_ref(),
        "-o".as_ref(),
        &arg(&labels),
    ]);
    assert_clean_failure(&o, "NO-SUCH-ORDER");
    let o = docket([
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "labels".as_ref(),
        "--order".as_ref(),
        OsStr::new(&order),
        "--size".as_ref(),
        "30x20".as_ref(),
        "-o".as_ref(),
        &arg(&labels),
    ]);
    assert_clean_failure(&o, "30x20");
    let o = docket([
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "picking".as_ref(),
        "--order".as_ref(),
        OsStr::new(&order),
        "--printer".as_ref(),
        "NO_SUCH_PRINTER".as_ref(),
    ]);
    assert_clean_failure(&o, "NO_SUCH_PRINTER");
    assert_eq!(count(&db, "print_jobs"), 4, "failed prints are not logged");
}

/// A reader that went away (`docket … | head -1`) ends the command quietly: no panic, no
/// message, status 141 (128 + SIGPIPE) as Unix tools give.
#[test]
fn a_closed_pipe_ends_a_command_quietly() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo(dir.path());
    // a pipe whose reading end is closed before the command writes a byte
    let (reader, writer) = std::io::pipe().unwrap();
    drop(reader);
    let done = Command::new(env!("CARGO_BIN_EXE_docket"))
        .args([
            "--db",
            db.to_str().unwrap(),
            "documents",
            "overdue",
            "--date",
            "2030-01-01",
        ])
        .stdout(writer)
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&done.stderr);
    assert!(stderr.is_empty(), "nothing said: {stderr}");
    assert_eq!(done.status.code(), Some(141));
}

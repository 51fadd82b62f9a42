//! The document controller's command line on real files: `docket print registry`, `docket print
//! certificates`, `docket documents overdue|receive`, the exports of every register, the demo's
//! documents and certificates, and migration 6 keeping the print log of an older file.

use chrono::{Duration, Local, NaiveDate};
use docket::domain::certificate::{CertKind, CertificateDraft};
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::document::{Direction, DocKind, DocStatus, DocumentDraft, SentVia, register_code};
use docket::domain::order::{Channel, DraftLine, Move, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::store::settings::keys::COMPANY_NAME;
use docket::store::{Stamp, Store};
use rusqlite::Connection;
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

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

fn assert_ok(o: &Output) {
    assert!(o.status.success(), "{}", describe(o));
    assert!(
        !String::from_utf8_lossy(&o.stderr).contains("panicked"),
        "{}",
        describe(o)
    );
}

fn assert_clean_failure(o: &Output, name: &str) {
    assert!(!o.status.success(), "expected a failure\n{}", describe(o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{}", describe(o));
    assert_ne!(o.status.code(), Some(101), "{}", describe(o));
    assert!(
        err.contains(name),
        "stderr does not name {name:?}\n{}",
        describe(o)
    );
}

fn pdftotext(path: &Path) -> String {
    let o = Command::new("pdftotext")
        .args([path.as_os_str(), OsStr::new("-")])
        .output()
        .expect("pdftotext (poppler-utils) is installed: run .ci/run --setup");
    assert!(o.status.success(), "pdftotext failed on {}", path.display());
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn pdf_pages(path: &Path) -> usize {
    let o = Command::new("pdfinfo").arg(path).output().expect("pdfinfo runs");
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    text.lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or_else(|| panic!("no page count in pdfinfo output:\n{text}"))
}

struct Fx {
    dir: tempfile::TempDir,
    db: PathBuf,
    order_no: String,
    pickup_no: String,
    doc_ids: Vec<i64>,
    day: NaiveDate,
}

fn stamp() -> Stamp {
    Stamp::now("Егорова")
}

/// Two customers (Polish and Chinese), three products (two certified), a delivered order and a
/// self-picked-up one, their waybills dated `day` (yesterday), a certificate with a PDF scan.
fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("docs.sqlite");
    let mut s = Store::open(&db).unwrap();
    let st = stamp();
    s.set_setting(COMPANY_NAME, &"ООО «Склад-Сервис»", &st).unwrap();
    let pl = s
        .save_customer(
            &Customer {
                code: "PL-1".into(),
                legal_name: "Hurtownia Łódź Spółka z o.o.".into(),
                phone: "+48 42 123 45 67".into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let cn = s
        .save_customer(
            &Customer {
                code: "CN-2".into(),
                legal_name: "北京贸易有限公司".into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let mut products = Vec::new();
    for (sku, name) in [
        ("SH-1", "Шампунь «Ромашка» 400 мл"),
        ("PL-2", "Płyn Łagodny 1 l"),
        ("CN-3", "洗衣液 2升"),
    ] {
        let p = s
            .save_product(
                &Product {
                    sku: sku.into(),
                    name: name.into(),
                    unit: "шт".into(),
                    units_per_box: 6,
                    weight_g: 500,
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        products.push(p.id);
    }
    let mut orders = Vec::new();
    for (customer, pickup) in [(pl.id, false), (cn.id, true)] {
        let point = if pickup {
            None
        } else {
            Some(
                s.save_delivery_point(
                    &DeliveryPoint {
                        customer_id: customer,
                        address: "ul. Piotrkowska 1, Łódź".into(),
                        route: "R-1".into(),
                        active: true,
                        ..Default::default()
                    },
                    &st,
                )
                .unwrap()
                .id,
            )
        };
        let draft = OrderDraft {
            customer_id: customer,
            delivery_point_id: point,
            channel: Channel::Phone,
            self_pickup: pickup,
            lines: products
                .iter()
                .map(|&p| DraftLine {
                    product_id: p,
                    quantity: 6,
                    unit: "шт".into(),
                })
                .collect(),
            ..Default::default()
        };
        let (id, number, _) = s.create_order(&draft, OrderStatus::Released, &st).unwrap();
        let last = if pickup {
            OrderStatus::PickedUp
        } else {
            OrderStatus::Shipped
        };
        for (to, person) in [
            (OrderStatus::Picking, Some("Пётр")),
            (OrderStatus::Checking, Some("Wang Wei 王伟")),
            (OrderStatus::Packed, Some("Łucja")),
            (last, None),
        ] {
            let version = s.order(id).unwrap().summary.version;
            s.move_orders(
                &[Move {
                    id,
                    to,
                    version,
                    note: String::new(),
                    person: person.map(String::from),
                    credit_override: None,
                }],
                &st,
            )
            .unwrap();
        }
        orders.push((id, number, customer));
    }
    let day = Local::now().date_naive() - Duration::days(1);
    let drafts: Vec<DocumentDraft> = orders
        .iter()
        .map(|(id, number, customer)| DocumentDraft {
            kind: DocKind::Waybill,
            direction: Direction::Outgoing,
            number: format!("РН-{number}"),
            doc_date: day,
            customer_id: Some(*customer),
            counterparty: String::new(),
            amount_minor: Some(123_456),
            comment: "к отгрузке".into(),
            order_ids: vec![*id],
        })
        .collect();
    let doc_ids = s
        .register_documents(&drafts, &st)
        .unwrap()
        .into_iter()
        .map(|d| d.0)
        .collect();
    let cert = s
        .save_certificate(
            &CertificateDraft {
                id: None,
                version: 0,
                number: "ЕАЭС N RU Д-PL.РА01.В.55555/25".into(),
                kind: CertKind::Declaration,
                issuer: "Polskie Centrum Badań i Certyfikacji".into(),
                product_group: "Бытовая химия".into(),
                valid_from: day - Duration::days(100),
                valid_to: day + Duration::days(300),
                comment: String::new(),
            },
            &st,
        )
        .unwrap();
    let scan = tiny_pdf();
    s.attach_certificate_file(cert, "declaration.pdf", &scan, &st)
        .unwrap();
    s.link_products_by_skus(cert, &["SH-1".into(), "PL-2".into()], &st)
        .unwrap();
    Fx {
        dir,
        db,
        order_no: orders[0].1.clone(),
        pickup_no: orders[1].1.clone(),
        doc_ids,
        day,
    }
}

/// A one-page PDF as a scanner would make it (built with lopdf: no fonts needed).
fn tiny_pdf() -> Vec<u8> {
    use lopdf::dictionary;
    use lopdf::{Document, Object, Stream};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let content = Stream::new(dictionary! {}, b"0 0 0 rg 50 50 200 100 re f".to_vec());
    let content_id = doc.add_object(content);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![page_id.into()],
            "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn db_arg(fx: &Fx) -> String {
    fx.db.display().to_string()
}

#[test]
fn registries_print_from_the_command_line_and_reprint_the_same_one() {
    let fx = fixture();
    let out = fx.dir.path().join("registry.pdf");
    let day = fx.day.to_string();
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "registry",
        "--date",
        &day,
        "-o",
        &out.display().to_string(),
    ]);
    assert_ok(&o);
    let text = pdftotext(&out);
    assert!(text.contains(&format!("РН-{}", fx.order_no)), "{text}");
    assert!(
        !text.contains(&format!("РН-{}", fx.pickup_no)),
        "a self-pickup is not a shipment:\n{text}"
    );
    assert!(text.contains("Hurtownia Łódź"), "{text}");
    // the self-pickup registry of the day lists the other one
    let out2 = fx.dir.path().join("pickup.pdf");
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "registry",
        "--date",
        &day,
        "--kind",
        "self-pickup",
        "-o",
        &out2.display().to_string(),
    ]);
    assert_ok(&o);
    let text = pdftotext(&out2);
    assert!(text.contains(&format!("РН-{}", fx.pickup_no)), "{text}");
    assert!(text.contains("北京贸易有限公司"), "{text}");
    // printing again reprints the same registry; --new finds nothing left to list
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "registry",
        "--date",
        &day,
        "-o",
        &out.display().to_string(),
    ]);
    assert_ok(&o);
    let store = Store::open(&fx.db).unwrap();
    assert_eq!(store.count("registries").unwrap(), 2);
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "registry",
        "--date",
        &day,
        "--new",
        "-o",
        &out.display().to_string(),
    ]);
    assert_clean_failure(&o, "no documents");
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "registry",
        "--date",
        &day,
        "--kind",
        "bogus",
        "-o",
        "x.pdf",
    ]);
    assert_clean_failure(&o, "bogus");
    // both prints are in the print log
    let conn = Connection::open(&fx.db).unwrap();
    let n: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM print_jobs WHERE kind = 'registry'",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(n, 3);
}

#[test]
fn certificate_pack_from_the_command_line() {
    let fx = fixture();
    let out = fx.dir.path().join("pack.pdf");
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "certificates",
        "--order",
        &fx.order_no,
        "-o",
        &out.display().to_string(),
    ]);
    assert_ok(&o);
    assert_eq!(pdf_pages(&out), 2, "a title page and the one-page scan");
    let text = pdftotext(&out);
    assert!(text.contains("ЕАЭС N RU Д-PL.РА01.В.55555/25"), "{text}");
    assert!(text.contains("CN-3"), "the uncovered product is named:\n{text}");
    let store = Store::open(&fx.db).unwrap();
    let order = store.order_by_number(&fx.order_no).unwrap().unwrap();
    let docs = store.order_documents(order).unwrap();
    assert!(
        docs.iter().any(|d| d.kind == DocKind::CertificatePack),
        "the pack is registered"
    );
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "certificates",
        "--order",
        "NO-SUCH",
        "-o",
        "x.pdf",
    ]);
    assert_clean_failure(&o, "NO-SUCH");
}

#[test]
fn overdue_and_receive_from_the_command_line() {
    let fx = fixture();
    let mut store = Store::open(&fx.db).unwrap();
    // both waybills went out yesterday: due in 10 days
    for &id in &fx.doc_ids {
        let v = store.document(id).unwrap().row.version;
        store
            .move_document(id, v, DocStatus::Sent, Some(SentVia::Goods), "", "", &stamp())
            .unwrap();
    }
    drop(store);
    let later = (Local::now().date_naive() + Duration::days(20)).to_string();
    let o = docket([
        "--db",
        &db_arg(&fx),
        "documents",
        "overdue",
        "--date",
        &later,
        "--json",
    ]);
    assert_ok(&o);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let clients = v["clients"].as_array().unwrap();
    assert_eq!(clients.len(), 2, "{v:#}");
    // receive one by its code (and refuse a garbage code, exit 2)
    let code = register_code(fx.doc_ids[0]);
    let o = docket(["--db", &db_arg(&fx), "documents", "receive", &code, "ЩЩЩ-1"]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
    assert!(
        String::from_utf8_lossy(&o.stderr).contains("ЩЩЩ-1"),
        "{}",
        describe(&o)
    );
    let o = docket([
        "--db",
        &db_arg(&fx),
        "documents",
        "overdue",
        "--date",
        &later,
        "--json",
    ]);
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(
        v["clients"].as_array().unwrap().len(),
        1,
        "the received copy is no longer overdue"
    );
    let o = docket(["--db", &db_arg(&fx), "documents", "overdue", "--date", &later]);
    assert_ok(&o);
    assert!(
        String::from_utf8_lossy(&o.stdout).contains("北京贸易有限公司"),
        "{}",
        describe(&o)
    );
    // receiving it again is refused by name
    let o = docket(["--db", &db_arg(&fx), "documents", "receive", &code]);
    assert_eq!(o.status.code(), Some(2), "{}", describe(&o));
}

#[test]
fn every_register_exports_to_csv() {
    let fx = fixture();
    let day = fx.day.to_string();
    let o = docket([
        "--db",
        &db_arg(&fx),
        "print",
        "registry",
        "--date",
        &day,
        "-o",
        &fx.dir.path().join("r.pdf").display().to_string(),
    ]);
    assert_ok(&o);
    for (list, expect) in [
        ("documents", format!("РН-{}", fx.order_no)),
        ("registries", format!("РН-{}", fx.order_no)),
        ("certificates", "ЕАЭС N RU Д-PL.РА01.В.55555/25".to_string()),
    ] {
        let out = fx.dir.path().join(format!("{list}.csv"));
        let o = docket([
            "--db",
            &db_arg(&fx),
            "export",
            list,
            "-o",
            &out.display().to_string(),
        ]);
        assert_ok(&o);
        let text = std::fs::read_to_string(&out).unwrap();
        assert!(text.contains(&expect), "{list}: {text}");
    }
    // search over the register: a customer's name in another case finds only its documents
    let out = fx.dir.path().join("search.csv");
    let o = docket([
        "--db",
        &db_arg(&fx),
        "export",
        "documents",
        "--search",
        "HURTOWNIA łódź",
        "-o",
        &out.display().to_string(),
    ]);
    assert_ok(&o);
    let text = std::fs::read_to_string(&out).unwrap();
    assert!(text.contains(&format!("РН-{}", fx.order_no)), "{text}");
    assert!(!text.contains(&format!("РН-{}", fx.pickup_no)), "{text}");
}

#[test]
fn the_demo_has_documents_in_every_state_and_a_certificate_base() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("demo.sqlite");
    let o = docket([
        "--db",
        &db.display().to_string(),
        "demo",
        "--orders",
        "300",
        "--products",
        "60",
        "--customers",
        "20",
    ]);
    assert_ok(&o);
    let conn = Connection::open(&db).unwrap();
    let statuses: Vec<String> = conn
        .prepare("SELECT DISTINCT status FROM documents ORDER BY status")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap();
    for s in ["cancelled", "handed", "received", "reissued", "sent", "signed"] {
        assert!(
            statuses.iter().any(|x| x == s),
            "no {s} document in the demo: {statuses:?}"
        );
    }
    let handed: i64 = conn
        .query_row(
            "SELECT COUNT(*) FROM registries WHERE handed_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .unwrap();
    assert!(handed >= 1);
    let store = Store::open(&db).unwrap();
    let today = Local::now().date_naive();
    let alerts = store.certificate_alerts(today, 30).unwrap();
    assert!(
        !alerts.expiring.is_empty(),
        "the demo has certificates about to expire"
    );
    assert!(
        alerts.products_without > 0,
        "the demo leaves some products uncovered"
    );
    let scans: i64 = conn
        .query_row("SELECT COUNT(*) FROM certificate_files", [], |r| r.get(0))
        .unwrap();
    assert!(scans > 0);
}

#[test]
fn migration_6_keeps_the_print_log_of_an_older_file() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("v5.sqlite");
    {
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch("PRAGMA journal_mode=WAL; PRAGMA foreign_keys=ON;")
            .unwrap();
        for (v, _, sql) in docket::store::migrations().into_iter().filter(|m| m.0 <= 5) {
            conn.execute_batch(sql).unwrap();
            conn.execute_batch(&format!("PRAGMA user_version = {v}")).unwrap();
        }
        conn.execute_batch(&format!(
            "PRAGMA application_id = {}",
            docket::store::APPLICATION_ID
        ))
        .unwrap();
        conn.execute(
            "INSERT INTO print_jobs (kind, detail, pages, target, printed_by, printed_at)
             VALUES ('locations', 'A-01-01-1 … A-01-02-4', 2, 'PDF', 'Анна', '2026-11-01T08:00:00Z')",
            [],
        )
        .unwrap();
        let refused = conn.execute(
            "INSERT INTO print_jobs (kind, printed_by, printed_at) VALUES ('registry', 'x', 'y')",
            [],
        );
        assert!(refused.is_err(), "version 5 knows no registries");
    }
    let store = Store::open(&db).unwrap();
    drop(store);
    let conn = Connection::open(&db).unwrap();
    let (kind, detail): (String, String) = conn
        .query_row("SELECT kind, detail FROM print_jobs", [], |r| {
            Ok((r.get(0)?, r.get(1)?))
        })
        .unwrap();
    assert_eq!(
        (kind.as_str(), detail.as_str()),
        ("locations", "A-01-01-1 … A-01-02-4")
    );
    conn.execute(
        "INSERT INTO print_jobs (kind, printed_by, printed_at) VALUES ('registry', 'x', 'y')",
        [],
    )
    .unwrap();
    let backups = std::fs::read_dir(dir.path())
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .contains("before-v6")
        })
        .count();
    assert_eq!(backups, 1, "the file was backed up before migrating");
}

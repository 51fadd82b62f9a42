//! The certificate base through egui_kittest on real SQLite files: a certificate typed in by
//! keyboard, products linked by a pasted SKU list (an unknown SKU refused, nothing linked), a
//! scan dropped on the window; the alert strip against today (expiring, expired, products
//! without a valid certificate) and its filters; the products panel's flags; the intake
//! warning; the certificate pack from the order window (registered, kept, opened).

use chrono::{Duration, Local, NaiveDate};
use docket::domain::certificate::{CertKind, CertificateDraft};
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::document::DocKind;
use docket::domain::order::{DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::store::{Stamp, Store};
use docket::ui::{Action, DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, OnceLock};

const PRODUCTS: [(&str, &str); 4] = [
    ("A01140", "Шампунь «Чистая линия» 400 мл"),
    ("A01056", "洗发水 清扬 400毫升"),
    ("A01210", "Żel pod prysznic Łagodny 500 ml"),
    ("B20001", "Krem do rąk «Łódź» 100 ml"),
];

/// The viewer the desk opens PDFs with: a stand-in `xdg-open` put first on the PATH, which
/// notes the file it was asked to open (no window opens while testing). Every test calls this
/// first, so the PATH is set before any test reads the environment.
fn viewer_log() -> &'static Path {
    static LOG: OnceLock<PathBuf> = OnceLock::new();
    LOG.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap().keep();
        let log = dir.join("opened.txt");
        let script = dir.join("xdg-open");
        std::fs::write(
            &script,
            format!("#!/bin/sh\nprintf '%s\\n' \"$1\" >> '{}'\n", log.display()),
        )
        .unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        }
        let path = std::env::join_paths(std::iter::once(dir.clone()).chain(std::env::split_paths(
            &std::env::var_os("PATH").unwrap_or_default(),
        )))
        .unwrap();
        // SAFETY: set once, before any test of this binary goes on (each waits for it here)
        unsafe { std::env::set_var("PATH", path) };
        log
    })
}

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    customer: i64,
    point: i64,
    /// Ids of PRODUCTS, in order.
    products: Vec<i64>,
}

fn fixture() -> Fixture {
    viewer_log();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("certificates.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let c = s
        .save_customer(
            &Customer {
                code: "C001".into(),
                legal_name: "ООО «Ромашка» 北京贸易有限公司".into(),
                credit_limit_minor: 1_000_000_00,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let dp = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: c.id,
                name: "Łódź Spółka z o.o., magazyn".into(),
                address: "Łódź, ul. Piotrkowska 104".into(),
                route: "R-03".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let products = PRODUCTS
        .iter()
        .map(|(sku, name)| {
            s.save_product(
                &Product {
                    sku: (*sku).into(),
                    name: (*name).into(),
                    unit: "шт".into(),
                    units_per_box: 12,
                    weight_g: 450,
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap()
            .id
        })
        .collect();
    Fixture {
        dir,
        path,
        customer: c.id,
        point: dp.id,
        products,
    }
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

/// A certificate saved through the store, covering `skus`; returns its id.
fn certificate(s: &mut Store, number: &str, from: NaiveDate, to: NaiveDate, skus: &[&str]) -> i64 {
    let st = Stamp::now("setup");
    let id = s
        .save_certificate(
            &CertificateDraft {
                id: None,
                version: 0,
                number: number.into(),
                kind: CertKind::Certificate,
                issuer: "ООО «Сертификационный центр»".into(),
                product_group: "Косметика 化妆品".into(),
                valid_from: from,
                valid_to: to,
                comment: String::new(),
            },
            &st,
        )
        .unwrap();
    if !skus.is_empty() {
        let skus: Vec<String> = skus.iter().map(|s| s.to_string()).collect();
        s.link_products_by_skus(id, &skus, &st).unwrap();
    }
    id
}

fn png(path: &Path) -> Vec<u8> {
    image::RgbImage::from_fn(80, 60, |x, y| image::Rgb([(x * 3) as u8, (y * 4) as u8, 90]))
        .save(path)
        .unwrap();
    std::fs::read(path).unwrap()
}

/// A one-page PDF, as a scanner's file would be.
fn one_page_pdf() -> Vec<u8> {
    use lopdf::{Document, Object, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages = doc.new_object_id();
    let page = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
    });
    doc.objects.insert(
        pages,
        Object::Dictionary(dictionary! { "Type" => "Pages", "Kids" => vec![page.into()], "Count" => 1 }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages });
    doc.trailer.set("Root", catalog);
    let mut bytes = Vec::new();
    doc.save_to(&mut bytes).unwrap();
    bytes
}

/// The stand-in viewer was asked to open a file holding `bytes` (it opens on its own thread:
/// waits up to 5 s).
fn viewer_opened(bytes: &[u8]) -> bool {
    for _ in 0..50 {
        let log = std::fs::read_to_string(viewer_log()).unwrap_or_default();
        if log.lines().any(|l| std::fs::read(l).is_ok_and(|b| b == bytes)) {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(100));
    }
    false
}

fn harness(path: &Path, route: Route) -> Harness<'static, DeskApp> {
    let app = DeskApp::from_store(
        Store::open(path).unwrap(),
        Prefs {
            user: Some("Контролёр Ольга".into()),
            route,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1700.0, 2400.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    h
}

#[derive(Debug)]
struct Dropped(PathBuf);

impl egui::DroppedFile for Dropped {
    fn path(&self) -> &Path {
        &self.0
    }
    fn bytes(&self) -> Result<Vec<u8>, String> {
        std::fs::read(&self.0).map_err(|e| e.to_string())
    }
}

fn drop_file(h: &mut Harness<'_, DeskApp>, path: &Path) {
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_path_buf())));
    h.run();
}

/// Some node shows `text` within its text.
fn shows(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Some node shows exactly `text` (a list cell, a badge, a link).
fn has(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_all_by_label(text).next().is_some()
}

/// Brings a widget into view and clicks it.
fn click(h: &mut Harness<'_, DeskApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// A text field (one line or several) by its label.
fn field<'a>(h: &'a Harness<'_, DeskApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.query_by_role_and_label(Role::TextInput, label)
        .unwrap_or_else(|| h.get_by_role_and_label(Role::MultilineTextInput, label))
}

/// Clicks into a text field and types.
fn type_into(h: &mut Harness<'_, DeskApp>, label: &str, text: &str) {
    field(h, label).scroll_to_me();
    h.run();
    field(h, label).click();
    h.run();
    field(h, label).type_text(text);
    h.run();
}

fn type_keys(h: &mut Harness<'_, DeskApp>, text: &str) {
    h.event(egui::Event::Text(text.into()));
    h.run();
}

fn press(h: &mut Harness<'_, DeskApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn db(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    c
}

fn count(path: &Path, sql: &str) -> i64 {
    db(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

fn notice(h: &Harness<'_, DeskApp>) -> String {
    h.state().notice().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn a_certificate_typed_in_gets_its_products_by_sku_list_and_a_dropped_scan() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Intake);
    press(&mut h, Key::F12);
    assert!(shows(&h, "Select a certificate, or press Ctrl+N to add one"));

    // the form, by keyboard: Ctrl+N puts the cursor in the number
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(
        field(&h, "Number").is_focused(),
        "Ctrl+N puts the cursor in the number"
    );
    let number = "ЕАЭС RU С-CN.АЯ46.В.01234/26";
    type_keys(&mut h, number);
    assert_eq!(
        field(&h, "Valid from").value(),
        Some(today().format("%Y-%m-%d").to_string()),
        "valid from today unless typed"
    );
    // a date that is not one is refused in the form, naming the field; nothing is saved
    type_into(&mut h, "Valid to", "31.02.2030");
    press(&mut h, Key::Enter);
    assert!(
        shows(
            &h,
            "Valid to: «31.02.2030» is not a date like 2026-11-23 or 23.11.2026"
        ),
        "{:?}",
        h.state().notice()
    );
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM certificates"), 0);
    type_into(&mut h, "Issuer", "ООО «Сертификационный центр Ромашка»");
    type_into(&mut h, "Product group", "Косметика 化妆品 kosmetyki");
    // Valid to: the wrong day is replaced (select all, type) in the desk's other format
    field(&h, "Valid to").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(&mut h, "23.11.2030");
    press(&mut h, Key::Enter); // Enter saves
    assert!(
        notice(&h).contains(&format!("Certificate added: {number}")),
        "{:?}",
        h.state().notice()
    );
    let c = db(&fx.path);
    let (cert, kind, issuer, group, from, to, by): (i64, String, String, String, String, String, String) = c
        .query_row(
            "SELECT id, kind, issuer, product_group, valid_from, valid_to, created_by FROM certificates
             WHERE number = ?1",
            [number],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), issuer.as_str(), group.as_str(), to.as_str()),
        (
            "certificate",
            "ООО «Сертификационный центр Ромашка»",
            "Косметика 化妆品 kosmetyki",
            "2030-11-23"
        )
    );
    assert_eq!(from, today().format("%Y-%m-%d").to_string());
    assert_eq!(by, "Контролёр Ольга");
    // the new certificate is open, and in the list
    assert!(shows(&h, &format!("{number} · Certificate")));
    assert!(has(&h, number), "the list has its row");

    // an unknown SKU in the pasted list is named, and nothing is linked
    type_into(
        &mut h,
        "Paste SKUs (one per line, or separated by commas)",
        "A01140, A01056, НЕТ-999",
    );
    click(&mut h, "Link the SKUs");
    assert!(
        shows(&h, "НЕТ-999") && shows(&h, "nothing was linked"),
        "{:?}",
        h.state().notice()
    );
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM certificate_products"), 0);

    // the list corrected: one SKU a line
    field(&h, "Paste SKUs (one per line, or separated by commas)").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(&mut h, "A01140");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "A01056");
    assert_eq!(
        field(&h, "Paste SKUs (one per line, or separated by commas)").value(),
        Some("A01140\nA01056".into())
    );
    click(&mut h, "Link the SKUs");
    assert!(
        notice(&h).contains("Products linked: 2"),
        "{:?}",
        h.state().notice()
    );
    let linked: Vec<i64> = c
        .prepare("SELECT product_id FROM certificate_products WHERE certificate_id = ?1 ORDER BY product_id")
        .unwrap()
        .query_map([cert], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(linked, vec![fx.products[0], fx.products[1]]);
    assert!(shows(&h, "Products covered (2)"));
    assert!(shows(&h, PRODUCTS[1].1), "the linked products are listed");
    assert_eq!(
        field(&h, "Paste SKUs (one per line, or separated by commas)").value(),
        Some(String::new()),
        "the pasted list is cleared once linked"
    );

    // a scan dropped on the window is kept with the certificate and shown
    let scan = fx.dir.path().join("скан декларации 第1页.png");
    let bytes = png(&scan);
    drop_file(&mut h, &scan);
    let file: (String, String, i64) = c
        .query_row(
            "SELECT name, mime, size FROM certificate_files WHERE certificate_id = ?1",
            [cert],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        file,
        (
            "скан декларации 第1页.png".into(),
            "image/png".into(),
            bytes.len() as i64
        ),
        "{:?}",
        h.state().notice()
    );
    assert!(
        has(&h, "Scan: скан декларации 第1页.png"),
        "the scan is shown in the app"
    );
    // the list's row and the detail: in force
    assert!(has(&h, "in force"));

    // the same scan again is refused with the reason; nothing more is stored
    drop_file(&mut h, &scan);
    assert!(shows(&h, "already has this scan"), "{:?}", h.state().notice());
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM certificate_files"), 1);

    // a PDF scan opens in the viewer
    let pdf = fx.dir.path().join("сертификат 2026.pdf");
    let pdf_bytes = one_page_pdf();
    std::fs::write(&pdf, &pdf_bytes).unwrap();
    drop_file(&mut h, &pdf);
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM certificate_files"), 2);
    click(&mut h, "Open: сертификат 2026.pdf");
    assert!(shows(&h, "in the viewer"), "{:?}", h.state().notice());
    assert!(
        viewer_opened(&pdf_bytes),
        "the viewer was asked to open the kept PDF"
    );

    // removing a scan asks first
    click(&mut h, "Remove: скан декларации 第1页.png");
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM certificate_files"), 2);
    click(&mut h, "Yes, remove");
    let left: Vec<String> = c
        .prepare("SELECT name FROM certificate_files")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(left, vec!["сертификат 2026.pdf".to_string()]);
    assert!(!has(&h, "Scan: скан декларации 第1页.png"));

    // unlink one product
    click(&mut h, "Unlink: A01056");
    assert_eq!(
        count(&fx.path, "SELECT COUNT(*) FROM certificate_products"),
        1,
        "{:?}",
        h.state().notice()
    );
    assert!(shows(&h, "Products covered (1)"));
}

#[test]
fn a_certificate_is_edited_and_links_every_product_a_search_finds() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let id = certificate(
        &mut s,
        "RU Д-PL.ПБ12.В.55501",
        today() - Duration::days(10),
        today() + Duration::days(700),
        &[],
    );
    drop(s);
    let mut h = harness(&fx.path, Route::Certificates);
    h.state_mut().apply(Action::OpenCertificate(id));
    h.run();
    assert!(shows(&h, "RU Д-PL.ПБ12.В.55501 · Certificate"));

    // every product whose name has «400»: the Russian and the Chinese shampoo
    type_into(&mut h, "Link by filter", "400");
    assert!(shows(&h, "A01140 · Шампунь «Чистая линия» 400 мл"));
    assert!(shows(&h, "A01056 · 洗发水 清扬 400毫升"));
    assert!(!shows(&h, "A01210 · "));
    click(&mut h, "Link all 2 found");
    assert!(
        notice(&h).contains("Products linked: 2"),
        "{:?}",
        h.state().notice()
    );
    assert_eq!(
        count(
            &fx.path,
            &format!("SELECT COUNT(*) FROM certificate_products WHERE certificate_id = {id}")
        ),
        2
    );

    // Edit: a declaration now, with the issuer corrected; Esc would close, Enter saves
    click(&mut h, "Edit");
    assert!(shows(&h, "Edit certificate"));
    click(&mut h, "Declaration");
    type_into(&mut h, "Issuer", " Łódź");
    press(&mut h, Key::Enter);
    assert!(
        notice(&h).contains("Certificate saved: RU Д-PL.ПБ12.В.55501"),
        "{:?}",
        h.state().notice()
    );
    let (kind, issuer, version): (String, String, i64) = db(&fx.path)
        .query_row(
            "SELECT kind, issuer, version FROM certificates WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), issuer.as_str()),
        ("declaration", "ООО «Сертификационный центр» Łódź")
    );
    assert!(shows(&h, "RU Д-PL.ПБ12.В.55501 · Declaration"));

    // Esc closes the form without saving
    click(&mut h, "Edit");
    type_into(&mut h, "Issuer", " (черновик)");
    press(&mut h, Key::Escape);
    assert!(!shows(&h, "Edit certificate"));
    let after: i64 = db(&fx.path)
        .query_row("SELECT version FROM certificates WHERE id = ?1", [id], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(after, version, "nothing saved on Esc");
}

#[test]
fn the_alert_strip_counts_against_today_and_filters_the_list() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let t = today();
    let d = Duration::days;
    certificate(&mut s, "EXP-10 Ромашка", t - d(300), t + d(10), &["A01056"]);
    certificate(&mut s, "OLD-1 Łagodny", t - d(400), t - d(1), &["A01210"]);
    certificate(&mut s, "NEW-2 清扬", t - d(20), t + d(400), &["A01140", "A01056"]);
    certificate(&mut s, "OLD-0 Чистая", t - d(800), t - d(5), &["A01140"]);
    drop(s);
    let mut h = harness(&fx.path, Route::Certificates);

    // expiring: 1 (10 days left); expired and not renewed: 1 (OLD-0's product has NEW-2);
    // products without a valid certificate: A01210 (only an expired one) and B20001 (none)
    assert!(has(&h, "Expiring within 30 days: 1"));
    assert!(has(&h, "Expired, not renewed: 1"));
    assert!(has(&h, "Products without a valid certificate: 2"));
    for n in ["EXP-10 Ромашка", "OLD-1 Łagodny", "NEW-2 清扬", "OLD-0 Чистая"] {
        assert!(has(&h, n), "{n} listed");
    }
    assert!(has(&h, "expires in 10 days"));
    assert!(has(&h, "expired"));
    assert!(has(&h, "expired, renewed"));
    assert!(has(&h, "in force"));

    click(&mut h, "Expiring within 30 days: 1");
    assert!(has(&h, "EXP-10 Ромашка"));
    for n in ["OLD-1 Łagodny", "NEW-2 清扬", "OLD-0 Чистая"] {
        assert!(!has(&h, n), "{n} is not expiring");
    }
    assert!(shows(&h, "1 rows"));
    click(&mut h, "Expired, not renewed: 1");
    assert!(has(&h, "OLD-1 Łagodny"));
    assert!(has(&h, "OLD-0 Чистая"), "renewed ones too, marked");
    assert!(!has(&h, "EXP-10 Ромашка"));
    assert!(!has(&h, "NEW-2 清扬"));
    click(&mut h, "Expired, not renewed: 1"); // again: all
    assert!(shows(&h, "4 rows"));

    // the text filter finds a certificate by a covered product's name, in any case
    type_into(&mut h, "Search", "ŁAGODNY");
    assert!(has(&h, "OLD-1 Łagodny"));
    assert!(!has(&h, "NEW-2 清扬"));

    // the products without: listed, each opens its card
    click(&mut h, "Products without a valid certificate: 2");
    assert!(shows(&h, "A01210 · Żel pod prysznic Łagodny 500 ml"));
    assert!(shows(&h, "B20001 · Krem do rąk «Łódź» 100 ml"));
    assert!(!shows(&h, "A01140 · "));
    click(&mut h, "B20001 · Krem do rąk «Łódź» 100 ml");
    assert_eq!(h.state().prefs.route, Route::Products);
    assert!(shows(&h, "B20001 — Krem do rąk «Łódź» 100 ml"));

    // fewer warning days in Settings: the 10 days left no longer warn
    let mut s = Store::open(&fx.path).unwrap();
    s.save_certificate_warn_days(7, &Stamp::now("setup")).unwrap();
    drop(s);
    let h = harness(&fx.path, Route::Certificates);
    assert!(has(&h, "Expiring within 7 days: 0"));
    assert!(has(&h, "in force"));
}

#[test]
fn the_products_panel_flags_products_without_a_valid_certificate() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let t = today();
    certificate(
        &mut s,
        "ТС RU C-CN.АБ01.В.00077",
        t - Duration::days(30),
        t + Duration::days(365),
        &["A01140", "A01056"],
    );
    certificate(
        &mut s,
        "ТС RU C-PL.АБ01.В.00010",
        t - Duration::days(400),
        t - Duration::days(2),
        &["A01210"],
    );
    drop(s);
    let mut h = harness(&fx.path, Route::Products);
    // A01210 (expired) and B20001 (none) are flagged; the covered two are not
    assert_eq!(h.query_all_by_label("no certificate").count(), 2);
    type_into(&mut h, "Search", "B20001");
    assert_eq!(h.query_all_by_label("no certificate").count(), 1);
    field(&h, "Search").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(&mut h, "A01140");
    assert!(!has(&h, "B20001"));
    assert_eq!(
        h.query_all_by_label("no certificate").count(),
        0,
        "a covered product is not flagged"
    );

    // the card lists the certificates covering the product; one opens in the certificate base
    click(&mut h, "A01140");
    assert!(shows(&h, "A01140 — Шампунь «Чистая линия» 400 мл"));
    let link = format!(
        "ТС RU C-CN.АБ01.В.00077 · Certificate · {}",
        t + Duration::days(365)
    );
    assert!(has(&h, &link));
    assert!(!shows(&h, "No valid certificate today"));
    click(&mut h, &link);
    assert_eq!(h.state().prefs.route, Route::Certificates);
    assert!(shows(&h, "ТС RU C-CN.АБ01.В.00077 · Certificate"));

    // an uncovered product's card warns
    h.state_mut().apply(Action::OpenProduct(fx.products[2]));
    h.run();
    assert!(shows(&h, "A01210 — Żel pod prysznic Łagodny 500 ml"));
    assert!(shows(&h, "No valid certificate today"));
    assert!(has(&h, "expired"), "its expired certificate is listed as such");
}

#[test]
fn intake_warns_about_products_without_a_valid_certificate_but_takes_the_order() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let t = today();
    certificate(
        &mut s,
        "EAEU BY/112 02.01. 003 12345",
        t - Duration::days(30),
        t + Duration::days(90),
        &["A01140"],
    );
    drop(s);
    let mut h = harness(&fx.path, Route::Intake);
    type_keys(&mut h, "ромашка");
    press(&mut h, Key::Enter);
    for (sku, qty) in [("B20001", "5"), ("A01140", "12")] {
        type_keys(&mut h, sku);
        press(&mut h, Key::Enter);
        type_keys(&mut h, qty);
        press(&mut h, Key::Enter);
    }
    assert!(
        has(&h, "⚠ No valid certificate: B20001"),
        "only the uncovered product is named"
    );
    type_keys(&mut h, "A01210");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "6");
    press(&mut h, Key::Enter);
    assert!(has(&h, "⚠ No valid certificate: B20001, A01210"));

    // a warning, not a block: the draft is saved with every line
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    assert!(notice(&h).contains("saved as"), "{:?}", h.state().notice());
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM order_lines"), 3);
    assert!(!shows(&h, "No valid certificate"), "the form is clear again");
}

#[test]
fn the_order_window_builds_registers_and_opens_the_certificate_pack() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let st = Stamp::now("setup");
    let t = today();
    let cert = certificate(
        &mut s,
        "ЕАЭС N RU Д-CN.РА01.В.12345/24",
        t - Duration::days(30),
        t + Duration::days(365),
        &["A01140", "A01056"],
    );
    let scan = fx.dir.path().join("декларация.png");
    png(&scan);
    s.attach_certificate_path(cert, &scan, &st).unwrap();
    let (order, number, _) = s
        .create_order(
            &OrderDraft {
                customer_id: fx.customer,
                delivery_point_id: Some(fx.point),
                lines: [0, 1, 3]
                    .iter()
                    .map(|&i| DraftLine {
                        product_id: fx.products[i],
                        quantity: 12,
                        unit: "шт".into(),
                    })
                    .collect(),
                ..Default::default()
            },
            OrderStatus::Released,
            &st,
        )
        .unwrap();
    drop(s);

    let mut h = harness(&fx.path, Route::Board);
    h.state_mut().apply(Action::OpenOrder(order));
    h.run();
    assert!(shows(&h, "No documents registered for this order"));
    click(&mut h, "Certificate pack…");
    let msg = notice(&h);
    let path = docket::ui::certificates::pack_path(&Store::open(&fx.path).unwrap(), &number, t);
    assert!(
        msg.contains("Certificate pack DOC-")
            && msg.contains(&format!("saved to {}", path.display()))
            && msg.contains("opened in the viewer"),
        "{msg}"
    );

    // registered in the document register, linked to the order
    let store = Store::open(&fx.path).unwrap();
    let docs = store.order_documents(order).unwrap();
    assert_eq!(docs.len(), 1, "{docs:?}");
    assert_eq!(docs[0].kind, DocKind::CertificatePack);
    assert_eq!(docs[0].number, format!("CP-{number}"));
    assert_eq!(docs[0].customer_id, Some(fx.customer));
    assert!(msg.contains(&docs[0].code));

    // kept beside the database: a title page and the scan
    let info = Command::new("pdfinfo").arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(
        info.lines().any(|l| l.starts_with("Pages:") && l.ends_with(" 2")),
        "{info}"
    );
    let text = Command::new("pdftotext")
        .args(["-f", "1", "-l", "1"])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&text.stdout);
    assert!(
        text.contains(&number) && text.contains("ЕАЭС N RU Д-CN.РА01.В.12345/24") && text.contains("B20001")
    );

    // in the print log with where it went, and opened in the viewer
    let (kind, target, order_of): (String, String, i64) = db(&fx.path)
        .query_row("SELECT kind, target, order_id FROM print_jobs", [], |r| {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?))
        })
        .unwrap();
    assert_eq!(
        (kind.as_str(), target, order_of),
        ("certificates", path.display().to_string(), order)
    );
    assert!(
        viewer_opened(&std::fs::read(&path).unwrap()),
        "the viewer was asked to open the pack"
    );

    // the window lists the document and can open the kept pack again
    assert!(shows(
        &h,
        &format!("{} · Certificate pack CP-{number} · {t} · Issued", docs[0].code)
    ));
    assert!(has(&h, "Open the pack"));

    // again the same day: the same register document
    click(&mut h, "Certificate pack…");
    assert_eq!(store.order_documents(order).unwrap().len(), 1);
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM print_jobs"), 2);

    // to the printer with none chosen: a clear refusal, nothing logged
    click(&mut h, "Print the certificate pack");
    let n = h.state().notice().unwrap();
    assert!(n.error && n.text.contains("no printer chosen"), "{:?}", n);
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM print_jobs"), 2);
}

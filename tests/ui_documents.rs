//! The document register panel through egui_kittest on a real SQLite file: signed copies
//! scanned one after another tick in the batch list (and bad scans change nothing), a document
//! registered through the form by keyboard, a shipments registry built, created and handed
//! over, the documents proposed when orders ship from the board, the overdue copies per client,
//! and the panel's print writes (registry PDF and stickers) recorded in the print log.

use chrono::{Days, Local, NaiveDate};
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::document::{Direction, DocKind, DocStatus, DocumentDraft, SentVia};
use docket::domain::order::{DraftLine, Move, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::print::jobs::Destination;
use docket::print::registry::StickerSize;
use docket::store::{Stamp, Store};
use docket::ui::documents::{DocWrite, write};
use docket::ui::{DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{NodeT, Queryable};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::process::Command;

const ROMASHKA: &str = "ООО «Ромашка»";
const BEIJING: &str = "北京贸易有限公司";
const LODZ: &str = "Łódź Spółka z o.o.";

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    /// Customers: Cyrillic, Chinese, Polish.
    customers: [i64; 3],
    /// A delivery point of each customer.
    points: [i64; 3],
    products: Vec<i64>,
}

fn setup() -> Stamp {
    Stamp::now("Настройка")
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("documents.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = setup();
    let mut customers = [0; 3];
    let mut points = [0; 3];
    for (i, (code, name, phone, email)) in [
        ("C1", ROMASHKA, "+7 495 111-22-33", "buh@romashka.ru"),
        ("C2", BEIJING, "+86 10 6512 3456", "docs@beijing-trade.cn"),
        ("C3", LODZ, "+48 42 123 45 67", "biuro@lodz.pl"),
    ]
    .into_iter()
    .enumerate()
    {
        let c = s
            .save_customer(
                &Customer {
                    code: code.into(),
                    legal_name: name.into(),
                    phone: phone.into(),
                    email: email.into(),
                    credit_limit_minor: 100_000_000_00,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        customers[i] = c.id;
        let dp = s
            .save_delivery_point(
                &DeliveryPoint {
                    customer_id: c.id,
                    address: format!("{name}, ул. Складская, {}", i + 1),
                    route: "R-07".into(),
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        points[i] = dp.id;
    }
    let mut products = Vec::new();
    for (sku, name) in [
        ("A01140", "Шампунь «Чистая линия» 400 мл"),
        ("A01056", "洗发水 清扬 400毫升"),
    ] {
        let p = s
            .save_product(
                &Product {
                    sku: sku.into(),
                    name: name.into(),
                    unit: "шт".into(),
                    units_per_box: 12,
                    weight_g: 450,
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        products.push(p.id);
    }
    Fixture {
        _dir: dir,
        path,
        customers,
        points,
        products,
    }
}

/// An order of customer `i` (delivered, not self-pickup), moved on to `to`.
fn order(fx: &Fixture, i: usize, to: OrderStatus) -> (i64, String) {
    let mut s = Store::open(&fx.path).unwrap();
    let st = setup();
    let draft = OrderDraft {
        customer_id: fx.customers[i],
        delivery_point_id: Some(fx.points[i]),
        lines: fx
            .products
            .iter()
            .map(|p| DraftLine {
                product_id: *p,
                quantity: 12,
                unit: "шт".into(),
            })
            .collect(),
        ..Default::default()
    };
    let (id, number, _) = s.create_order(&draft, OrderStatus::Released, &st).unwrap();
    let mut version = s.order(id).unwrap().summary.version;
    for (step, person) in [
        (OrderStatus::Picking, Some("Сборщик Ли Вэй 李伟")),
        (OrderStatus::Checking, Some("Kontroler Żaneta")),
        (OrderStatus::Packed, Some("Упаковщик Пётр")),
        (OrderStatus::Shipped, None),
        (OrderStatus::Delivered, None),
    ] {
        if s.order(id).unwrap().summary.status == to {
            break;
        }
        version = s
            .move_order(
                &Move {
                    id,
                    to: step,
                    version,
                    note: String::new(),
                    person: person.map(String::from),
                    credit_override: None,
                },
                &st,
            )
            .unwrap();
    }
    assert_eq!(s.order(id).unwrap().summary.status, to);
    (id, number)
}

fn today() -> NaiveDate {
    Local::now().date_naive()
}

fn days_ago(n: u64) -> NaiveDate {
    today().checked_sub_days(Days::new(n)).unwrap()
}

/// Registers an outgoing document through the store; (id, register code).
fn register(
    store: &mut Store,
    kind: DocKind,
    customer: i64,
    number: &str,
    date: NaiveDate,
    orders: Vec<i64>,
    amount: Option<i64>,
) -> (i64, String) {
    store
        .register_document(
            &DocumentDraft {
                kind,
                direction: Direction::Outgoing,
                number: number.into(),
                doc_date: date,
                customer_id: Some(customer),
                counterparty: String::new(),
                amount_minor: amount,
                comment: String::new(),
                order_ids: orders,
            },
            &Stamp::now("Документовед Ирина"),
        )
        .unwrap()
}

fn send(store: &mut Store, id: i64) {
    let version = store.document(id).unwrap().row.version;
    store
        .move_document(
            id,
            version,
            DocStatus::Sent,
            Some(SentVia::Email),
            "",
            "",
            &Stamp::now("Документовед Ирина"),
        )
        .unwrap();
}

fn harness(path: &Path, route: Route) -> Harness<'static, DeskApp> {
    let app = DeskApp::from_store(
        Store::open(path).unwrap(),
        Prefs {
            user: Some("Документовед Ольга".into()),
            route,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(2300.0, 1300.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    h
}

#[track_caller]
fn shows(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn click(h: &mut Harness<'_, DeskApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

fn field<'a>(h: &'a Harness<'_, DeskApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::TextInput, label)
}

fn type_keys(h: &mut Harness<'_, DeskApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

/// Puts the cursor in a text field and types.
fn type_into(h: &mut Harness<'_, DeskApp>, label: &str, text: &str) {
    field(h, label).focus();
    h.run();
    type_keys(h, text);
}

/// Puts the cursor in a text field and replaces what it holds.
fn replace_in(h: &mut Harness<'_, DeskApp>, label: &str, text: &str) {
    field(h, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(h, text);
}

fn press(h: &mut Harness<'_, DeskApp>, key: Key) {
    h.key_press(key);
    h.run();
}

/// The scanner types a code into the global scan field and Enter.
fn scan(h: &mut Harness<'_, DeskApp>, code: &str) {
    type_into(h, "Search / scan", code);
    press(h, Key::Enter);
}

fn db(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(std::time::Duration::from_secs(5)).unwrap();
    c
}

fn status(path: &Path, id: i64) -> String {
    db(path)
        .query_row("SELECT status FROM documents WHERE id = ?1", [id], |r| r.get(0))
        .unwrap()
}

fn count(path: &Path, sql: &str) -> i64 {
    db(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

/// Every row of the tables a scan could touch, as text.
fn dump(path: &Path) -> Vec<String> {
    let c = db(path);
    let mut out = Vec::new();
    for table in ["documents", "document_events", "document_orders", "audit_log"] {
        let mut st = c
            .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
            .unwrap();
        let n = st.column_count();
        let rows = st
            .query_map([], |r| {
                (0..n)
                    .map(|i| r.get::<_, rusqlite::types::Value>(i).map(|v| format!("{v:?}")))
                    .collect::<Result<Vec<_>, _>>()
            })
            .unwrap();
        for row in rows {
            out.push(format!("{table}: {}", row.unwrap().join(" | ")));
        }
    }
    out
}

fn notice(h: &Harness<'_, DeskApp>) -> String {
    h.state().notice().map(|n| n.text.clone()).unwrap_or_default()
}

fn top_of(h: &Harness<'_, DeskApp>, text: &str) -> f32 {
    h.get_by_label_contains(text).rect().top()
}

#[test]
fn signed_copies_scanned_one_after_another_tick_in_the_batch_list_and_bad_scans_change_nothing() {
    let fx = fixture();
    let mut store = Store::open(&fx.path).unwrap();
    let mut docs = Vec::new();
    for (i, number) in ["РН-0101", "运单-0102", "WZ/0103"].into_iter().enumerate() {
        let (id, code) = register(
            &mut store,
            DocKind::Waybill,
            fx.customers[i],
            number,
            days_ago(3),
            Vec::new(),
            Some(1_000_00),
        );
        send(&mut store, id);
        docs.push((id, code, number));
    }

    // the stack of signed copies comes back: the scanner types each code into the global field
    let mut h = harness(&fx.path, Route::Intake);
    for ((id, code, number), name) in docs.iter().zip([ROMASHKA, BEIJING, LODZ]) {
        scan(&mut h, code);
        assert_eq!(status(&fx.path, *id), "signed", "{:?}", h.state().notice());
        assert!(
            shows(
                &h,
                &format!("✔ {code} · Waybill {number} · {name} · was: Sent to the client")
            ),
            "the batch list ticks {code}"
        );
        assert!(
            field(&h, "Search / scan").is_focused(),
            "the global field stays ready for the next copy"
        );
    }
    assert_eq!(h.state().prefs.route, Route::Documents);
    assert!(shows(&h, "Received copies: 3"));
    assert!(shows(&h, "Refused: 0"));
    assert!(
        top_of(&h, &format!("✔ {}", docs[2].1)) < top_of(&h, &format!("✔ {}", docs[0].1)),
        "the newest scan is on top"
    );

    // bad scans: each refused with its reason, and nothing in the database changes
    let before = dump(&fx.path);
    let (first_id, first, _) = &docs[0];
    scan(&mut h, first);
    assert!(
        shows(&h, &format!("✘ {first} — ")) && shows(&h, "was already received on"),
        "{:?}",
        h.state().notice()
    );
    assert!(
        shows(&h, "by Документовед Ольга"),
        "the refusal says who received it"
    );
    scan(&mut h, "DOC-9999999");
    assert!(shows(&h, "✘ DOC-9999999 — document not found: DOC-9999999"));
    // the batch page's own field: a garbage code typed by hand
    click(&mut h, "Scan signed copies");
    assert!(
        field(&h, "Signed copy barcode").is_focused(),
        "the batch page puts the cursor in its field"
    );
    type_keys(&mut h, "ЖЖЖ-12ab");
    press(&mut h, Key::Enter);
    assert!(shows(
        &h,
        "✘ ЖЖЖ-12ab — 'ЖЖЖ-12ab' is not a document register code"
    ));
    assert!(shows(&h, "Received copies: 3"));
    assert!(shows(&h, "Refused: 3"));
    assert_eq!(dump(&fx.path), before, "bad scans changed nothing");
    assert_eq!(status(&fx.path, *first_id), "signed");

    // the batch page's field receives too, into the same list, and keeps the cursor
    let (late_id, late) = register(
        &mut store,
        DocKind::Act,
        fx.customers[1],
        "АКТ-7",
        days_ago(1),
        Vec::new(),
        None,
    );
    assert!(field(&h, "Signed copy barcode").is_focused());
    type_keys(&mut h, &late.to_lowercase());
    press(&mut h, Key::Enter);
    assert_eq!(status(&fx.path, late_id), "signed");
    assert!(shows(
        &h,
        &format!("✔ {late} · Act АКТ-7 · {BEIJING} · was: Issued")
    ));
    assert!(shows(&h, "Received copies: 4"));
    assert!(field(&h, "Signed copy barcode").is_focused());
    let by: String = db(&fx.path)
        .query_row(
            "SELECT by_user FROM document_events WHERE document_id = ?1 AND to_status = 'signed'",
            [late_id],
            |r| r.get(0),
        )
        .unwrap();
    assert_eq!(by, "Документовед Ольга");

    click(&mut h, "Clear the list");
    assert!(shows(&h, "Received copies: 0"));
    assert!(!shows(&h, &format!("✔ {late}")));
}

#[test]
fn a_document_is_registered_through_the_form_by_keyboard() {
    let fx = fixture();
    let (order_id, order_number) = order(&fx, 0, OrderStatus::Delivered);
    let (_, other_order) = order(&fx, 2, OrderStatus::Delivered);
    let mut h = harness(&fx.path, Route::Intake);
    press(&mut h, Key::F2);
    assert!(shows(&h, "Select a document, or press Ctrl+N to register one"));

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(
        field(&h, "Number").is_focused(),
        "Ctrl+N puts the cursor in the number"
    );
    type_keys(&mut h, "РН-2026/77");
    replace_in(&mut h, "Date", "23.11.2026");
    type_into(&mut h, "Customer", "ромашка");
    assert!(
        shows(&h, &format!("C1 · {ROMASHKA}")),
        "the customer is found in any case"
    );
    press(&mut h, Key::Enter); // Enter picks the highlighted customer
    assert!(shows(&h, &format!("✔ C1 — {ROMASHKA}")));
    assert!(shows(&h, "Signed copy due in 10 days: 2026-12-03"));

    // an order of another customer is refused in the form, and nothing is written
    type_into(&mut h, "Orders", &other_order);
    press(&mut h, Key::Enter);
    assert!(
        shows(
            &h,
            &format!("Order {other_order}: belongs to another customer (C3 — {LODZ})")
        ),
        "{:?}",
        h.state().notice()
    );
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM documents"), 0);
    replace_in(&mut h, "Orders", &order_number);
    type_into(&mut h, "Amount", "12 345,67");
    type_into(&mut h, "Comment", "передан с водителем, 李伟 подпишет");
    press(&mut h, Key::Enter); // Enter saves the form
    assert!(
        notice(&h).starts_with("Document registered: DOC-"),
        "{:?}",
        h.state().notice()
    );

    let c = db(&fx.path);
    let (id, kind, direction, number, date, customer, amount, comment, st, due): (
        i64,
        String,
        String,
        String,
        String,
        i64,
        i64,
        String,
        String,
        String,
    ) = c
        .query_row(
            "SELECT id, kind, direction, number, doc_date, customer_id, amount_minor, comment, status, due_on
             FROM documents",
            [],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                ))
            },
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), direction.as_str(), number.as_str(), date.as_str()),
        ("waybill", "outgoing", "РН-2026/77", "2026-11-23")
    );
    assert_eq!(customer, fx.customers[0]);
    assert_eq!(amount, 12_345_67);
    assert_eq!(comment, "передан с водителем, 李伟 подпишет");
    assert_eq!((st.as_str(), due.as_str()), ("issued", "2026-12-03"));
    let linked: Vec<i64> = c
        .prepare("SELECT order_id FROM document_orders WHERE document_id = ?1")
        .unwrap()
        .query_map([id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(linked, vec![order_id]);

    // the new document is open: its fields, its order, its next steps
    let code = format!("DOC-{id:07}");
    assert!(shows(&h, &format!("{code} · Waybill РН-2026/77 · Issued")));
    assert!(shows(&h, &format!("Order {order_number}")));
    assert!(shows(&h, "12 345.67"));
    // the search finds it by a word of its comment, in another script and case
    type_into(&mut h, "Search", "李伟");
    assert!(shows(&h, "1 rows"));
    replace_in(&mut h, "Search", "НЕТ ТАКОГО");
    assert!(shows(&h, "0 rows"));
    replace_in(&mut h, "Search", "рн-2026");
    assert!(shows(&h, "1 rows"));

    // a step from the detail: sent by courier
    click(&mut h, "Sent…");
    click(&mut h, "by courier");
    click(&mut h, "Confirm");
    let via: (String, String) = c
        .query_row(
            "SELECT status, sent_via FROM documents WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(via, ("sent".to_string(), "courier".to_string()));
    // losing it needs a reason
    click(&mut h, "Lost…");
    click(&mut h, "Confirm");
    assert!(shows(&h, "say why"));
    assert_eq!(status(&fx.path, id), "sent");
    type_into(&mut h, "Why (required)", "клиент не нашёл экземпляр");
    press(&mut h, Key::Enter);
    assert_eq!(status(&fx.path, id), "lost", "{:?}", h.state().notice());

    // Ctrl+N then Esc closes the form untouched
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(h.query_by_role_and_label(Role::TextInput, "Number").is_some());
    press(&mut h, Key::Escape);
    assert!(h.query_by_role_and_label(Role::TextInput, "Number").is_none());
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM documents"), 1);
}

#[test]
fn a_shipments_registry_is_built_created_and_handed_over() {
    let fx = fixture();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let (order_id, order_number) = order(&fx, 0, OrderStatus::Delivered);
    let mut store = Store::open(&fx.path).unwrap();
    let (a, a_code) = register(
        &mut store,
        DocKind::Waybill,
        fx.customers[0],
        "РН-501",
        day,
        vec![order_id],
        Some(5_000_00),
    );
    let (b, b_code) = register(
        &mut store,
        DocKind::Upd,
        fx.customers[1],
        "УПД-502",
        day,
        Vec::new(),
        Some(2_500_50),
    );
    let (c, c_code) = register(
        &mut store,
        DocKind::Waybill,
        fx.customers[2],
        "WZ/503",
        day,
        Vec::new(),
        Some(1_00),
    );
    let (other_day, other_code) = register(
        &mut store,
        DocKind::Waybill,
        fx.customers[2],
        "WZ/504",
        day.succ_opt().unwrap(),
        Vec::new(),
        None,
    );

    let mut h = harness(&fx.path, Route::Documents);
    click(&mut h, "Registries");
    assert!(shows(&h, "No registries yet"));
    replace_in(&mut h, "Registry date", "20.11.2026");
    click(&mut h, "Build");
    for code in [&a_code, &b_code, &c_code] {
        assert!(h.query_by_label(code).is_some(), "{code} is a candidate");
    }
    assert!(
        h.query_by_label(&other_code).is_none(),
        "a document of another day is not"
    );
    assert!(shows(&h, &order_number), "a candidate shows its orders");
    // leave the Polish one out
    click(&mut h, &c_code);
    assert!(shows(&h, "Ticked: 2 · Amount: 7 500.50"));
    type_into(&mut h, "Comment", "маршрут R-07");
    click(&mut h, "Create registry");
    assert!(notice(&h).contains(": 2 document(s)"), "{}", notice(&h));

    let conn = db(&fx.path);
    let (reg_id, number, kind, on, comment): (i64, String, String, String, String) = conn
        .query_row(
            "SELECT id, number, kind, on_date, comment FROM registries",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        (kind.as_str(), on.as_str(), comment.as_str()),
        ("shipments", "2026-11-20", "маршрут R-07")
    );
    let members: Vec<i64> = conn
        .prepare("SELECT document_id FROM registry_documents WHERE registry_id = ?1 ORDER BY position")
        .unwrap()
        .query_map([reg_id], |r| r.get(0))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(members.len(), 2);
    assert!(members.contains(&a) && members.contains(&b));
    // the new registry is open, and listed
    assert!(shows(&h, &format!("{number} · Shipments · 2026-11-20")));
    assert!(shows(&h, "Documents: 2 · Amount: 7 500.50"));

    // hand it over: to whom, then confirm; every document in it is sent with the goods
    click(&mut h, "Hand over all…");
    assert!(field(&h, "Handed to").is_focused());
    type_keys(&mut h, "Водитель Ли Вэй 李伟");
    assert!(shows(&h, "2 document(s) will be marked «Sent to the client»"));
    click(&mut h, "Confirm the hand-over");
    assert!(
        notice(&h).contains("2 document(s) handed over, 0 already"),
        "{}",
        notice(&h)
    );
    for id in [a, b] {
        let (st, via): (String, String) = conn
            .query_row(
                "SELECT status, sent_via FROM documents WHERE id = ?1",
                [id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .unwrap();
        assert_eq!((st.as_str(), via.as_str()), ("sent", "goods"));
        let event_registry: i64 = conn
            .query_row(
                "SELECT registry_id FROM document_events WHERE document_id = ?1 AND to_status = 'sent'",
                [id],
                |r| r.get(0),
            )
            .unwrap();
        assert_eq!(event_registry, reg_id);
    }
    assert_eq!(status(&fx.path, c), "issued", "the one left out stays");
    assert_eq!(status(&fx.path, other_day), "issued");
    let (handed_to, handed_by): (String, String) = conn
        .query_row(
            "SELECT handed_to, handed_by FROM registries WHERE id = ?1",
            [reg_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (handed_to.as_str(), handed_by.as_str()),
        ("Водитель Ли Вэй 李伟", "Документовед Ольга")
    );
    assert!(
        shows(&h, "→ Водитель Ли Вэй 李伟"),
        "the registry shows its hand-over"
    );
    assert!(
        h.query_by_label("Hand over all…").is_none(),
        "a registry is handed over once"
    );

    // an accounting registry needs to know who takes the stack
    click(&mut h, "Registry kind");
    click(&mut h, "Signed copies for accounting");
    store
        .receive_scan(&a_code, &Stamp::now("Документовед Ирина"))
        .unwrap();
    replace_in(&mut h, "Registry date", &today().to_string());
    click(&mut h, "Build");
    assert!(h.query_by_label(&a_code).is_some());
    click(&mut h, "Create registry");
    click(&mut h, "Hand over all…");
    assert_eq!(field(&h, "Handed to").value().as_deref(), Some("Accounting"));
    replace_in(&mut h, "Handed to", " ");
    click(&mut h, "Confirm the hand-over");
    assert!(shows(&h, "say who in accounting takes the stack"));
    assert_eq!(status(&fx.path, a), "signed");
    replace_in(&mut h, "Handed to", "Бухгалтер Żaneta");
    press(&mut h, Key::Enter);
    assert_eq!(status(&fx.path, a), "handed", "{}", notice(&h));
}

#[test]
fn shipping_orders_on_the_board_proposes_their_documents() {
    let fx = fixture();
    let (fresh, fresh_number) = order(&fx, 0, OrderStatus::Packed);
    let (known, known_number) = order(&fx, 1, OrderStatus::Packed);
    let mut store = Store::open(&fx.path).unwrap();
    let (_, known_code) = register(
        &mut store,
        DocKind::Upd,
        fx.customers[1],
        "УПД-900",
        today(),
        vec![known],
        None,
    );

    // both packed orders selected on the board and shipped with S
    let mut h = harness(&fx.path, Route::Board);
    h.get_by_label_contains(&format!("Order {fresh_number} · "))
        .click();
    h.run();
    h.get_by_label_contains(&format!("Order {known_number} · "))
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    press(&mut h, Key::S);
    assert_eq!(
        store.order(fresh).unwrap().summary.status,
        OrderStatus::Shipped,
        "{}",
        notice(&h)
    );
    assert!(shows(&h, "Documents of the shipped orders"));
    assert!(shows(
        &h,
        &format!("Order {fresh_number} · C1 — {ROMASHKA} · Shipped")
    ));
    assert!(shows(&h, "Already registered:"));
    assert!(
        h.query_by_label(&known_code).is_some(),
        "the order's document is shown"
    );
    // the order with documents proposes nothing by default; the fresh one a waybill and an invoice
    let ticked = |h: &Harness<'_, DeskApp>, tag: &str| {
        h.get_by_label(&format!("Register: {tag}"))
            .accesskit_node()
            .toggled()
            == Some(egui::accesskit::Toggled::True)
    };
    assert!(ticked(&h, &format!("{fresh_number} #1")));
    assert!(ticked(&h, &format!("{fresh_number} #2")));
    assert!(!ticked(&h, &format!("{known_number} #1")));
    assert!(!ticked(&h, &format!("{known_number} #2")));

    // the numbers are required
    click(&mut h, "Register");
    assert!(shows(&h, "type the document's number"));
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM documents"), 1);

    type_into(&mut h, &format!("Number: {fresh_number} #1"), "РН-555");
    type_into(&mut h, &format!("Number: {fresh_number} #2"), "СФ-555");
    press(&mut h, Key::Enter);
    assert!(
        notice(&h).starts_with("2 document(s) registered: DOC-"),
        "{}",
        notice(&h)
    );
    assert!(!shows(&h, "Documents of the shipped orders"), "the window closes");

    let docs = store.order_documents(fresh).unwrap();
    let mut got: Vec<(DocKind, String, NaiveDate, Option<i64>, DocStatus)> = docs
        .iter()
        .map(|d| (d.kind, d.number.clone(), d.doc_date, d.customer_id, d.status))
        .collect();
    got.sort();
    assert_eq!(
        got,
        vec![
            (
                DocKind::Waybill,
                "РН-555".to_string(),
                today(),
                Some(fx.customers[0]),
                DocStatus::Issued
            ),
            (
                DocKind::Invoice,
                "СФ-555".to_string(),
                today(),
                Some(fx.customers[0]),
                DocStatus::Issued
            ),
        ]
    );
    assert!(docs.iter().all(|d| d.order_numbers == vec![fresh_number.clone()]));
    assert_eq!(store.order_documents(known).unwrap().len(), 1, "nothing added");
}

#[test]
fn the_proposal_can_take_the_order_numbers_and_be_skipped() {
    let fx = fixture();
    let (id, number) = order(&fx, 2, OrderStatus::Packed);
    let store = Store::open(&fx.path).unwrap();
    let mut h = harness(&fx.path, Route::Board);
    h.get_by_label_contains(&format!("Order {number} · ")).click();
    h.run();
    press(&mut h, Key::S);
    assert!(shows(&h, "Documents of the shipped orders"));
    // the window leaves the keyboard to the board until the user clicks into it
    assert!(
        !field(&h, &format!("Number: {number} #1")).is_focused(),
        "the board's keys keep working"
    );
    // typing a number, then Esc: the window closes and nothing is registered
    type_into(&mut h, &format!("Number: {number} #1"), "РН-1");
    press(&mut h, Key::Escape);
    assert!(!shows(&h, "Documents of the shipped orders"));
    assert!(store.order_documents(id).unwrap().is_empty());

    // the next shipment: delivered back to shipped is not a step, so ship another order
    let (id2, number2) = order(&fx, 2, OrderStatus::Packed);
    h.state_mut().apply(docket::ui::Action::Move(vec![Move {
        id: id2,
        to: OrderStatus::Shipped,
        version: store.order(id2).unwrap().summary.version,
        note: String::new(),
        person: None,
        credit_override: None,
    }]));
    h.run();
    assert!(shows(&h, "Documents of the shipped orders"));
    // untick the invoice, take the order number for the waybill
    click(&mut h, &format!("Register: {number2} #2"));
    click(&mut h, "Use the order numbers");
    assert_eq!(
        field(&h, &format!("Number: {number2} #1")).value().as_deref(),
        Some(number2.as_str())
    );
    click(&mut h, "Register");
    let docs = store.order_documents(id2).unwrap();
    assert_eq!(docs.len(), 1, "{}", notice(&h));
    assert_eq!(
        (
            docs[0].kind,
            docs[0].number.as_str(),
            docs[0].customer_name.as_str()
        ),
        (DocKind::Waybill, number2.as_str(), LODZ)
    );
    assert!(!shows(&h, "Documents of the shipped orders"));
}

#[test]
fn the_overdue_tab_lists_clients_with_overdue_signed_copies() {
    let fx = fixture();
    let mut store = Store::open(&fx.path).unwrap();
    // Ромашка: a waybill dated 30 days ago is 20 days overdue (10 days for its signed copy)
    let (late, late_code) = register(
        &mut store,
        DocKind::Waybill,
        fx.customers[0],
        "РН-0030",
        days_ago(30),
        Vec::new(),
        Some(3_000_00),
    );
    // 北京: an act dated 15 days ago is 5 days overdue
    let (_, act_code) = register(
        &mut store,
        DocKind::Act,
        fx.customers[1],
        "АКТ-0015",
        days_ago(15),
        Vec::new(),
        Some(150_00),
    );
    // Łódź: an invoice (no signed copy expected) and a fresh waybill: nothing overdue
    register(
        &mut store,
        DocKind::Invoice,
        fx.customers[2],
        "FV/0040",
        days_ago(40),
        Vec::new(),
        None,
    );
    register(
        &mut store,
        DocKind::Waybill,
        fx.customers[2],
        "WZ/0005",
        days_ago(5),
        Vec::new(),
        None,
    );

    let mut h = harness(&fx.path, Route::Documents);
    click(&mut h, "Overdue");
    assert!(shows(&h, "Clients: 2 · Documents: 2"));
    let romashka = format!("C1 — {ROMASHKA} · 1 document(s) · 20 days overdue at most · 3 000.00");
    let beijing = format!("C2 — {BEIJING} · 1 document(s) · 5 days overdue at most · 150.00");
    assert!(shows(&h, &romashka));
    assert!(shows(&h, &beijing));
    assert!(!shows(&h, LODZ), "nothing of Łódź is overdue");
    assert!(
        top_of(&h, &romashka) < top_of(&h, &beijing),
        "the most overdue client comes first"
    );
    // open the client: its phone, e-mail and documents
    click(&mut h, &romashka);
    assert!(shows(&h, "Phone: +7 495 111-22-33"));
    assert!(shows(&h, "E-mail: buh@romashka.ru"));
    assert!(h.query_by_label(&late_code).is_some());
    assert!(shows(&h, "20 days overdue"));
    assert!(
        h.query_by_label(&act_code).is_none(),
        "the other client is still closed"
    );
    // its code opens the document in the register
    click(&mut h, &late_code);
    assert!(shows(&h, &format!("{late_code} · Waybill РН-0030 · Issued")));
    assert!(h.query_by_label("Overdue signed copies only").is_some());

    // the register's own filter shows the overdue copies only
    click(&mut h, "Overdue signed copies only");
    assert!(shows(&h, "2 rows"));
    assert_eq!(status(&fx.path, late), "issued");
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed by this test ({e}); install poppler-utils"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn pages(pdf: &Path) -> usize {
    tool("pdfinfo", &[pdf.to_str().unwrap()])
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

#[test]
fn the_panel_prints_a_registry_and_stickers_into_the_print_log() {
    let fx = fixture();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let mut store = Store::open(&fx.path).unwrap();
    let stamp = Stamp::now("Документовед Ольга");
    let mut ids = Vec::new();
    for (i, number) in ["РН-701", "运单-702", "WZ/703"].into_iter().enumerate() {
        ids.push(
            register(
                &mut store,
                DocKind::Waybill,
                fx.customers[i],
                number,
                day,
                Vec::new(),
                Some(100_00),
            )
            .0,
        );
    }
    let msg = write(
        &mut store,
        DocWrite::CreateRegistry {
            kind: docket::domain::document::RegistryKind::Shipments,
            on: day,
            ids: ids.clone(),
            comment: String::new(),
        },
        &stamp,
    )
    .unwrap();
    assert!(
        msg.starts_with("Registry RG-") && msg.ends_with(": 3 document(s)"),
        "{msg}"
    );
    let reg = store
        .registry_for(docket::domain::document::RegistryKind::Shipments, day)
        .unwrap()
        .unwrap();

    let dir = tempfile::tempdir().unwrap();
    let registry_pdf = dir.path().join("реестр.pdf");
    write(
        &mut store,
        DocWrite::PrintRegistry {
            id: reg,
            dest: Destination::File(registry_pdf.clone()),
        },
        &stamp,
    )
    .unwrap();
    assert_eq!(pages(&registry_pdf), 1);
    let text = tool("pdftotext", &[registry_pdf.to_str().unwrap(), "-"]);
    for number in ["РН-701", "运单-702", "WZ/703"] {
        assert!(text.contains(number), "{number} in the registry PDF");
    }

    let stickers = dir.path().join("stickers.pdf");
    write(
        &mut store,
        DocWrite::PrintStickers {
            ids: ids.clone(),
            size: StickerSize::Label58x40,
            dest: Destination::File(stickers.clone()),
        },
        &stamp,
    )
    .unwrap();
    assert_eq!(pages(&stickers), 3, "one 58×40 sticker per document");

    let jobs: Vec<(String, String, i64, String)> = db(&fx.path)
        .prepare("SELECT kind, detail, pages, printed_by FROM print_jobs ORDER BY id")
        .unwrap()
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    let number = store.registry(reg).unwrap().row.number;
    let codes: Vec<String> = ids.iter().map(|id| format!("DOC-{id:07}")).collect();
    assert_eq!(
        jobs,
        vec![
            (
                "registry".to_string(),
                number,
                1,
                "Документовед Ольга".to_string()
            ),
            (
                "document_labels".to_string(),
                codes.join(", "),
                3,
                "Документовед Ольга".to_string()
            ),
        ]
    );

    // no printer chosen: a clear error, and nothing is logged
    let err = write(
        &mut store,
        DocWrite::PrintStickers {
            ids,
            size: StickerSize::A4Sheet,
            dest: Destination::Printer,
        },
        &stamp,
    )
    .unwrap_err();
    assert!(err.to_string().contains("no printer chosen"), "{err}");
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM print_jobs"), 2);
}

#[test]
fn every_tab_renders_in_russian() {
    let fx = fixture();
    let mut store = Store::open(&fx.path).unwrap();
    let (id, code) = register(
        &mut store,
        DocKind::Waybill,
        fx.customers[1],
        "运单-0001",
        days_ago(20),
        Vec::new(),
        Some(10_00),
    );
    let app = DeskApp::from_store(
        Store::open(&fx.path).unwrap(),
        Prefs {
            user: Some("Документовед Ольга".into()),
            lang: docket::i18n::Lang::Ru,
            route: Route::Documents,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(2300.0, 1300.0))
        .with_max_steps(16)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    assert!(shows(&h, "Выберите документ или нажмите Ctrl+N"));
    click(&mut h, &code);
    assert!(shows(
        &h,
        &format!("{code} · Товарная накладная 运单-0001 · Выписан")
    ));
    assert!(shows(&h, "Следующий шаг"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(shows(&h, "Новый документ"));
    press(&mut h, Key::Escape);
    for (tab, text) in [
        ("Реестры", "Новый реестр"),
        ("Просроченные", "Просроченные подписанные экземпляры"),
        ("Сканирование экземпляров", "Штрихкод подписанного экземпляра"),
    ] {
        click(&mut h, tab);
        assert!(shows(&h, text), "{tab}");
    }
    click(&mut h, "Реестры");
    click(&mut h, "Сформировать");
    assert!(shows(&h, "Создать реестр"));
    docket::i18n::set_lang(docket::i18n::Lang::En);
    assert_eq!(status(&fx.path, id), "issued");
}

#[test]
fn a_document_listed_by_mistake_is_taken_out_of_an_open_registry() {
    let fx = fixture();
    let day = NaiveDate::from_ymd_opt(2026, 11, 20).unwrap();
    let mut store = Store::open(&fx.path).unwrap();
    let (a, _) = register(
        &mut store,
        DocKind::Waybill,
        fx.customers[0],
        "РН-601",
        day,
        Vec::new(),
        None,
    );
    let (b, b_code) = register(
        &mut store,
        DocKind::Upd,
        fx.customers[1],
        "УПД-602",
        day,
        Vec::new(),
        None,
    );
    let mut h = harness(&fx.path, Route::Documents);
    click(&mut h, "Registries");
    replace_in(&mut h, "Registry date", "20.11.2026");
    click(&mut h, "Build");
    click(&mut h, "Create registry");
    assert!(notice(&h).contains(": 2 document(s)"), "{}", notice(&h));
    let members = |path: &Path| count(path, "SELECT COUNT(*) FROM registry_documents");
    assert_eq!(members(&fx.path), 2);
    // the second row's button: the rows are in printed order
    let buttons: Vec<_> = h.query_all_by_label("Take out").collect();
    assert_eq!(
        buttons.len(),
        2,
        "an open registry offers to take each document out"
    );
    buttons[1].click();
    h.run();
    assert!(notice(&h).contains(&b_code), "{}", notice(&h));
    assert_eq!(members(&fx.path), 1);
    let left: i64 = db(&fx.path)
        .query_row("SELECT document_id FROM registry_documents", [], |r| r.get(0))
        .unwrap();
    assert_eq!(left, a);
    assert_eq!(status(&fx.path, b), "issued", "the document itself is unchanged");
    // handed over, the list is history: no button
    click(&mut h, "Hand over all…");
    type_keys(&mut h, "Водитель");
    click(&mut h, "Confirm the hand-over");
    assert!(h.query_by_label("Take out").is_none());
}

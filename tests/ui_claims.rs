//! The claims manager's panel through egui_kittest on a real SQLite file: a claim registered
//! from a scanned box label, investigated (CCTV checklist, a photo dropped on the window, a
//! refused file), decided, answered with a PDF, closed, and reopened by a "not satisfied"
//! follow-up call; the list's late / at-risk badges; cancelling needs a reason.

use chrono::{Duration, Local, NaiveDateTime, Timelike};
use docket::domain::claim::{
    ActLang, ClaimChannel, ClaimDraft, ClaimKind, ClaimLineDraft, answer_due, claim_deadline,
};
use docket::domain::customer::{Contract, Customer, DeliveryPoint};
use docket::domain::order::{DraftLine, Move, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::domain::sla::Health;
use docket::domain::sscc::Gs1Prefix;
use docket::store::claims::{local, to_utc};
use docket::store::{Stamp, Store, parse_ts};
use docket::ui::{DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use rusqlite::Connection;
use sha2::{Digest, Sha256};
use std::path::{Path, PathBuf};
use std::sync::Arc;

const PICKER: &str = "Сборщик Ли Вэй 李伟";
const CHECKER: &str = "Kontroler Żaneta";
const PACKER: &str = "Упаковщик Пётр";

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    order: i64,
    order_number: String,
    products: Vec<i64>,
    sscc: String,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let c = s
        .save_customer(
            &Customer {
                code: "C101".into(),
                legal_name: "ТД «Восток» 东方贸易".into(),
                phone: "+7 495 123-45-67".into(),
                credit_limit_minor: 10_000_000_00,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let dp = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: c.id,
                address: "г. Москва, ул. Складская, 5".into(),
                route: "R-07".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    s.save_contract(
        &Contract {
            customer_id: c.id,
            number: "Д-17/2026".into(),
            signed_on: "2020-01-01".into(),
            valid_from: "2020-01-01".into(),
            payment_days: 14,
            claim_answer_days: 5,
            ..Default::default()
        },
        &st,
    )
    .unwrap();
    let mut products = Vec::new();
    for (sku, name, unit) in [
        ("A01140", "Шампунь «Чистая линия» 400 мл", "шт"),
        ("A01056", "洗发水 清扬 400毫升", "瓶"),
        ("A01210", "Żel pod prysznic Łagodny 500 ml", "szt"),
    ] {
        let p = s
            .save_product(
                &Product {
                    sku: sku.into(),
                    name: name.into(),
                    unit: unit.into(),
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
    let draft = OrderDraft {
        customer_id: c.id,
        delivery_point_id: Some(dp.id),
        lines: products
            .iter()
            .zip([24, 12, 6])
            .map(|(p, q)| DraftLine {
                product_id: *p,
                quantity: q,
                unit: "шт".into(),
            })
            .collect(),
        ..Default::default()
    };
    let (order, order_number, status) = s.create_order(&draft, OrderStatus::Released, &st).unwrap();
    assert_eq!(status, OrderStatus::Released);
    s.set_gs1_prefix(&Gs1Prefix::new(0, "4601234"), &st).unwrap();
    let boxes = s.assign_boxes(order, &[6000, 4000], &st).unwrap();
    let mut version = s.order(order).unwrap().summary.version;
    for (to, person) in [
        (OrderStatus::Picking, Some(PICKER)),
        (OrderStatus::Checking, Some(CHECKER)),
        (OrderStatus::Packed, Some(PACKER)),
        (OrderStatus::Shipped, None),
    ] {
        version = s
            .move_order(
                &Move {
                    id: order,
                    to,
                    version,
                    note: String::new(),
                    person: person.map(String::from),
                    credit_override: None,
                },
                &st,
            )
            .unwrap();
    }
    Fixture {
        dir,
        path,
        order,
        order_number,
        products,
        sscc: boxes[1].sscc.clone(),
    }
}

fn harness(path: &Path, route: Route) -> Harness<'static, DeskApp> {
    let app = DeskApp::from_store(
        Store::open(path).unwrap(),
        Prefs {
            user: Some("Менеджер Ольга".into()),
            route,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 2600.0))
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

#[track_caller]
fn shows(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

/// Brings a widget into view and clicks it.
fn click(h: &mut Harness<'_, DeskApp>, label: &str) {
    h.get_by_label(label).scroll_to_me();
    h.run();
    h.get_by_label(label).click();
    h.run();
}

/// Clicks into a text field and types.
fn type_into(h: &mut Harness<'_, DeskApp>, label: &str, text: &str) {
    click(h, label);
    h.get_by_label(label).type_text(text);
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

fn status(path: &Path, claim: i64) -> String {
    db(path)
        .query_row("SELECT status FROM claims WHERE id = ?1", [claim], |r| r.get(0))
        .unwrap()
}

fn count(path: &Path, sql: &str) -> i64 {
    db(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

fn notice(h: &Harness<'_, DeskApp>) -> String {
    h.state().notice().map(|n| n.text.clone()).unwrap_or_default()
}

#[test]
fn a_claim_from_a_scanned_box_label_goes_round_the_loop() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Board);
    press(&mut h, Key::F9);
    assert!(shows(&h, "Select a claim, or press Ctrl+N"));

    // register: the scanner types the box label's barcode (AI 00 + SSCC) and Enter
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    let scan = h.get_by_label("Order or box label");
    assert!(scan.is_focused(), "Ctrl+N puts the cursor in the scan field");
    scan.type_text(&format!("00{}", fx.sscc));
    h.run();
    press(&mut h, Key::Enter);
    assert!(
        shows(&h, &format!("Order found: {}", fx.order_number)),
        "{:?}",
        h.state().notice()
    );
    assert!(shows(&h, "洗发水 清扬 400毫升") && shows(&h, "Żel pod prysznic Łagodny 500 ml"));
    // the deadline it will get: the contract's 5 working days
    assert!(shows(&h, "Answer within 5 working days (customer's contract)"));

    click(&mut h, "Shortage");
    click(&mut h, "A01056"); // tick the line
    type_into(&mut h, "Quantity: A01056", "3");
    click(&mut h, "Phone");
    type_into(
        &mut h,
        "Client's words",
        "Не хватает 3 бутылок 洗发水, коробка 2 вскрыта",
    );
    let received_text = h.get_by_label("Received (YYYY-MM-DD HH:MM)").value().unwrap();
    type_into(&mut h, "Amount: A01056", "1 234,50");
    press(&mut h, Key::Enter); // Enter saves the form
    assert!(
        notice(&h).contains("Claim registered: CL-"),
        "{:?}",
        h.state().notice()
    );

    let c = db(&fx.path);
    let (claim, number, st, days, received, due, kind, channel, words, claimed): (
        i64,
        String,
        String,
        i64,
        String,
        String,
        String,
        String,
        String,
        i64,
    ) = c
        .query_row(
            "SELECT id, number, status, answer_days, received_at, due_at, kind, channel, client_words,
                    claimed_minor FROM claims",
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
        (st.as_str(), days, kind.as_str(), channel.as_str()),
        ("registered", 5, "shortage", "phone")
    );
    assert_eq!(words, "Не хватает 3 бутылок 洗发水, коробка 2 вскрыта");
    assert_eq!(claimed, 1_234_50);
    let received = local(parse_ts(&received).unwrap());
    assert_eq!(received.format("%Y-%m-%d %H:%M").to_string(), received_text);
    let store = Store::open(&fx.path).unwrap();
    let cal = store.sla_settings().unwrap().0;
    assert_eq!(
        parse_ts(&due).unwrap(),
        to_utc(answer_due(&cal, received, 5)),
        "due 5 working days on, on the desk's calendar"
    );
    let lines: Vec<(i64, i64, i64)> = c
        .prepare("SELECT product_id, quantity, amount_minor FROM claim_lines WHERE claim_id = ?1")
        .unwrap()
        .query_map([claim], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect();
    assert_eq!(lines, vec![(fx.products[1], 3, 1_234_50)]);
    // the new claim is open in the panel, its list row with the time left
    assert!(shows(&h, &format!("{number} · Shortage · Registered")));
    assert!(shows(&h, " left"));

    // investigate
    click(&mut h, "→ Investigating");
    assert_eq!(status(&fx.path, claim), "investigating");
    assert!(shows(
        &h,
        &format!("Picker: {PICKER} · Checker: {CHECKER} · Packer: {PACKER}")
    ));
    click(&mut h, "CCTV reviewed");
    type_into(&mut h, "CCTV reviewed: detail", "камера 4, 09:00–09:40");
    type_into(
        &mut h,
        "CCTV reviewed: result",
        "в коробке 2 было 9 бутылок из 12",
    );
    click(&mut h, "Save: CCTV reviewed");
    let ev: (i64, String, String, String) = c
        .query_row(
            "SELECT done, detail, result, updated_by FROM claim_evidence WHERE claim_id = ?1 AND kind = 'cctv'",
            [claim],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        ev,
        (
            1,
            "камера 4, 09:00–09:40".into(),
            "в коробке 2 было 9 бутылок из 12".into(),
            "Менеджер Ольга".into()
        )
    );

    // a photo dropped on the window is kept with its hash and shown
    let photo = fx.dir.path().join("фото коробки 2.png");
    image::RgbImage::from_fn(64, 48, |x, y| image::Rgb([(x * 4) as u8, (y * 5) as u8, 120]))
        .save(&photo)
        .unwrap();
    let bytes = std::fs::read(&photo).unwrap();
    let sha: String = Sha256::digest(&bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    drop_file(&mut h, &photo);
    let file: (String, String, i64, String) = c
        .query_row(
            "SELECT name, mime, size, sha256 FROM claim_files WHERE claim_id = ?1",
            [claim],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        file,
        (
            "фото коробки 2.png".into(),
            "image/png".into(),
            bytes.len() as i64,
            sha.clone()
        )
    );
    assert!(shows(&h, &sha[..12]), "the list shows the start of the hash");
    assert!(
        h.query_by_label("Photo: фото коробки 2.png").is_some(),
        "the photo is shown in the app"
    );

    // a program is refused with a clear message, and nothing is stored
    let exe = fx.dir.path().join("накладная.pdf.exe");
    std::fs::write(&exe, b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff").unwrap();
    drop_file(&mut h, &exe);
    assert!(
        shows(&h, "накладная.pdf.exe: not a PNG or JPEG photo or a PDF"),
        "{:?}",
        h.state().notice()
    );
    assert!(shows(&h, "nothing was stored"));
    assert_eq!(count(&fx.path, "SELECT COUNT(*) FROM claim_files"), 1);

    // the decision: the picker at fault, named from the board's history; a credit note
    click(&mut h, "Culprit");
    click(&mut h, "Picker");
    assert_eq!(
        h.get_by_label("Culprit's name").value().as_deref(),
        Some(PICKER),
        "the picker's name is filled in from the order's history"
    );
    click(&mut h, "Remedy");
    click(&mut h, "Credit note");
    click(&mut h, "Record decision");
    let decided: (String, String, String, String, String) = c
        .query_row(
            "SELECT status, decision, culprit, culprit_name, remedy FROM claims WHERE id = ?1",
            [claim],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .unwrap();
    assert_eq!(
        decided,
        (
            "decided".into(),
            "accepted".into(),
            "picker".into(),
            PICKER.into(),
            "credit_note".into()
        ),
        "{:?}",
        h.state().notice()
    );

    // the answer to the client: a PDF beside the database
    click(&mut h, "Answer PDF (RU)");
    let pdf = fx.dir.path().join("claims").join(format!("{number}-ru.pdf"));
    assert!(
        pdf.is_file(),
        "the answer PDF is written to {} (panel says: {:?})",
        pdf.display(),
        h.query_all_by_label_contains("answer")
            .map(|n| format!("{n:?}"))
            .collect::<Vec<_>>()
    );
    assert!(std::fs::read(&pdf).unwrap().starts_with(b"%PDF-"));
    assert!(shows(&h, &format!("Saved: {}", pdf.display())));

    // answered, closed: the follow-up call is scheduled
    click(&mut h, "→ Answered");
    assert_eq!(status(&fx.path, claim), "answered");
    click(&mut h, "→ Closed");
    assert_eq!(status(&fx.path, claim), "closed");
    assert_eq!(
        count(
            &fx.path,
            &format!("SELECT COUNT(*) FROM callbacks WHERE claim_id = {claim} AND done_at IS NULL")
        ),
        1
    );

    // "not satisfied" needs a comment, then reopens the claim
    click(&mut h, "Not satisfied");
    assert!(shows(&h, "say what the client is not satisfied with"));
    assert_eq!(status(&fx.path, claim), "closed");
    type_into(&mut h, "Call comment", "Коробка 2 так и не довезена");
    click(&mut h, "Not satisfied");
    assert_eq!(
        status(&fx.path, claim),
        "investigating",
        "{:?}",
        h.state().notice()
    );
    let (result, comment): (String, String) = c
        .query_row(
            "SELECT result, comment FROM callbacks WHERE claim_id = ?1",
            [claim],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (result.as_str(), comment.as_str()),
        ("not_satisfied", "Коробка 2 так и не довезена")
    );
    let (from, to, note, by): (String, String, String, String) = c
        .query_row(
            "SELECT from_status, to_status, note, by_user FROM claim_events WHERE claim_id = ?1
             ORDER BY id DESC LIMIT 1",
            [claim],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
        )
        .unwrap();
    assert_eq!(
        (from.as_str(), to.as_str(), by.as_str()),
        ("closed", "investigating", "Менеджер Ольга")
    );
    assert!(
        note.contains("not satisfied") && note.contains("Коробка 2 так и не довезена"),
        "{note}"
    );
    assert!(shows(&h, &format!("{number} · Shortage · Investigating")));
    assert!(
        shows(&h, "Closed → Investigating"),
        "the history shows the reopening"
    );
    // every step is on the claim's history
    assert_eq!(
        count(
            &fx.path,
            &format!("SELECT COUNT(*) FROM claim_events WHERE claim_id = {claim}")
        ),
        6
    );
}

/// A received moment whose claim (5 working days) is at risk now: in the middle of the
/// stretch where less than a quarter of the working time is left.
fn at_risk_received(store: &Store) -> NaiveDateTime {
    let cal = store.sla_settings().unwrap().0;
    let now = Local::now()
        .naive_local()
        .with_second(0)
        .unwrap()
        .with_nanosecond(0)
        .unwrap();
    let health = |r: NaiveDateTime| {
        claim_deadline(&cal, r, answer_due(&cal, r, 5), None, false, now)
            .unwrap()
            .health
    };
    let step = Duration::minutes(15);
    let mut r = now;
    while health(r) != Health::AtRisk {
        r -= step;
    }
    let last = r;
    let mut first = r;
    while health(first - step) == Health::AtRisk {
        first -= step;
    }
    first + (last - first) / 2
}

fn register(store: &mut Store, fx: &Fixture, received: NaiveDateTime, words: &str) -> (i64, String) {
    store
        .register_claim(
            &ClaimDraft {
                order_id: fx.order,
                kind: ClaimKind::Shortage,
                channel: ClaimChannel::Email,
                received_at: received,
                client_words: words.into(),
                lang: ActLang::En,
                lines: vec![ClaimLineDraft {
                    product_id: fx.products[0],
                    quantity: 1,
                    amount_minor: 100_00,
                    note: String::new(),
                }],
            },
            &Stamp::now("Менеджер Анна"),
        )
        .unwrap()
}

#[test]
fn the_list_shows_late_and_at_risk_claims_and_cancelling_needs_a_reason() {
    let fx = fixture();
    let mut store = Store::open(&fx.path).unwrap();
    let now = Local::now().naive_local().with_second(0).unwrap();
    let (_, late) = register(&mut store, &fx, now - Duration::days(14), "late");
    let risky_received = at_risk_received(&store);
    let (_, risky) = register(&mut store, &fx, risky_received, "at risk");
    let (fresh_id, fresh) = register(&mut store, &fx, now - Duration::minutes(5), "fresh");

    let mut h = harness(&fx.path, Route::Claims);
    assert!(shows(&h, "Late: 1"), "one late claim");
    assert!(shows(&h, "At risk: 1"), "one claim at risk");
    for n in [&late, &risky, &fresh] {
        assert!(shows(&h, n));
    }
    assert!(shows(&h, "late "), "the late claim's badge says by how much");

    // the counter filters the list to the late claims, like the board's
    click(&mut h, "Late: 1");
    assert!(shows(&h, &late));
    assert!(!shows(&h, &risky) && !shows(&h, &fresh));
    click(&mut h, "Late: 1");
    assert!(shows(&h, &fresh));

    // no scanner at hand: the order is found by its customer and date; Esc closes the form
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    assert!(shows(&h, "Order or box label"));
    h.get_by_role_and_label(Role::TextInput, "Customer").click();
    h.run();
    h.get_by_role_and_label(Role::TextInput, "Customer")
        .type_text("восток");
    h.run();
    click(&mut h, "C101 · ТД «Восток» 东方贸易");
    h.get_by_label_contains(&format!("{} · ", fx.order_number))
        .click();
    h.run();
    assert!(shows(
        &h,
        &format!("Order {} · C101 ТД «Восток» 东方贸易 · Shipped", fx.order_number)
    ));
    assert!(shows(&h, "Quantity: A01210"), "the order's lines are offered");
    press(&mut h, Key::Escape);
    assert!(!shows(&h, "Order or box label"));

    // a claim is never deleted, only cancelled, and cancelling needs a reason
    click(&mut h, &fresh);
    assert!(shows(&h, &format!("{fresh} · Shortage · Registered")));
    click(&mut h, "Cancel the claim");
    assert!(shows(&h, "cancelling needs a reason"));
    assert_eq!(status(&fx.path, fresh_id), "registered");
    type_into(
        &mut h,
        "Step note",
        "клиент отозвал: товар нашёлся на складе 客户撤回",
    );
    click(&mut h, "Cancel the claim");
    let (st, reason): (String, String) = db(&fx.path)
        .query_row(
            "SELECT status, cancel_reason FROM claims WHERE id = ?1",
            [fresh_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(
        (st.as_str(), reason.as_str()),
        ("cancelled", "клиент отозвал: товар нашёлся на складе 客户撤回")
    );
    assert_eq!(
        count(&fx.path, "SELECT COUNT(*) FROM claims"),
        3,
        "nothing deleted"
    );
    assert!(shows(&h, "Cancelled: клиент отозвал"));
}

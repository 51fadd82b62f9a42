//! The real desk UI driven through egui_kittest (AccessKit), on real SQLite files.
//! The harness installs the shipped fonts (the app does on its first frame) and panics on a
//! missing glyph, so every name below must render with our own fonts.

use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::order::OrderStatus;
use docket::domain::product::Product;
use docket::store::{Stamp, Store};
use docket::ui::{DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let romashka = s
        .save_customer(
            &Customer {
                code: "C001".into(),
                legal_name: "ООО «Ромашка-Опт»".into(),
                tax_id: "7701234567".into(),
                credit_limit_minor: 1_000_000_00,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    s.save_delivery_point(
        &DeliveryPoint {
            customer_id: romashka.id,
            name: "Склад".into(),
            address: "г. Москва, ул. Скаковая, д. 17".into(),
            route: "М-01".into(),
            active: true,
            ..Default::default()
        },
        &st,
    )
    .unwrap();
    let debtor = s
        .save_customer(
            &Customer {
                code: "C003".into(),
                legal_name: "成都迅达物流配送中心".into(),
                tax_id: "91510100MA61XXXX0A".into(),
                credit_limit_minor: 100_00,
                overdue_debt_minor: 5_000_00,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    s.save_delivery_point(
        &DeliveryPoint {
            customer_id: debtor.id,
            address: "四川省成都市高新区天府大道北段1700号".into(),
            route: "线路-12".into(),
            active: true,
            ..Default::default()
        },
        &st,
    )
    .unwrap();
    for (sku, name, ean, per_box) in [
        (
            "A01000",
            "Шампунь Schwarzkopf Gliss Kur 400 мл",
            "4608105106908",
            48,
        ),
        ("A01056", "洗发水 清扬 400毫升", "4608578454018", 24),
        ("A01091", "Żel pod prysznic Łabędź 500 ml", "4609650480642", 24),
    ] {
        s.save_product(
            &Product {
                sku: sku.into(),
                name: name.into(),
                ean13: Some(ean.into()),
                unit: "шт".into(),
                units_per_box: per_box,
                weight_g: 500,
                location: "A-01-02-1".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    }
    Fixture { _dir: dir, path }
}

fn harness(path: &std::path::Path, route: Route) -> Harness<'static, DeskApp> {
    let app = DeskApp::from_store(
        Store::open(path).unwrap(),
        Prefs {
            user: Some("Оператор Анна".into()),
            route,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .with_max_steps(12) // grids and tables settle their column widths over a few frames
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    h
}

fn type_keys(h: &mut Harness<'_, DeskApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

fn press(h: &mut Harness<'_, DeskApp>, key: Key) {
    h.key_press(key);
    h.run();
}

/// At least one node shows `text` (a message may stand in its panel and in the status bar).
#[track_caller]
fn shows(h: &Harness<'_, DeskApp>, text: &str) {
    assert!(
        h.query_all_by_label_contains(text).next().is_some(),
        "nothing on screen shows «{text}»"
    );
}

fn field<'a>(h: &'a Harness<'_, DeskApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::TextInput, label)
}

#[test]
fn intake_by_keyboard_only_three_lines_released() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Intake);
    assert!(
        field(&h, "Customer").is_focused(),
        "the customer field has the focus on arrival"
    );

    type_keys(&mut h, "ромашка"); // lower case finds «Ромашка»
    press(&mut h, Key::Enter);
    assert!(
        field(&h, "Add product").is_focused(),
        "after the customer the product field takes the focus"
    );

    // by SKU
    type_keys(&mut h, "A01000");
    press(&mut h, Key::Enter);
    assert!(field(&h, "Quantity 1").is_focused());
    type_keys(&mut h, "96");
    press(&mut h, Key::Enter);
    // by EAN, as a scanner types it
    type_keys(&mut h, "4608578454018");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "30");
    press(&mut h, Key::Enter);
    // by part of the name in another case and script
    type_keys(&mut h, "ŁABĘDŹ");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "5");
    press(&mut h, Key::Enter);

    // totals: 131 units, 2 + 2 + 1 boxes
    h.get_by_label("Units: 131");
    h.get_by_label("Boxes: 5");

    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();

    let store = Store::open(&fx.path).unwrap();
    let id = store
        .order_by_number(&today_number(&store))
        .unwrap()
        .expect("order stored");
    let order = store.order(id).unwrap();
    assert_eq!(order.summary.status, OrderStatus::Released);
    assert_eq!(order.created_by, "Оператор Анна");
    let got: Vec<(&str, i64)> = order.lines.iter().map(|l| (l.sku.as_str(), l.quantity)).collect();
    assert_eq!(got, [("A01000", 96), ("A01056", 30), ("A01091", 5)]);
    assert_eq!(order.route, "М-01");
    // the saved order shows in today's list beside the form, and the form is clear again
    shows(&h, &order.summary.number);
    assert!(field(&h, "Customer").is_focused());
    assert_eq!(field(&h, "Customer").value().as_deref(), Some(""));
}

fn today_number(store: &Store) -> String {
    let all = store
        .orders_received_between("2000-01-01T00:00:00Z", "2100-01-01T00:00:00Z")
        .unwrap();
    all.first().expect("one order").number.clone()
}

#[test]
fn intake_refuses_zero_quantity_and_merges_a_product_typed_twice() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Intake);
    type_keys(&mut h, "C001");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "A01000");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "0");
    press(&mut h, Key::Enter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    shows(&h, "Quantity must be more than 0");
    assert!(
        field(&h, "Quantity 1").is_focused(),
        "the bad line gets the focus"
    );
    // fix it, then type the same product again
    press(&mut h, Key::Backspace);
    type_keys(&mut h, "10");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "A01000");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "5");
    press(&mut h, Key::Enter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    shows(&h, "is already in the order");
    assert_eq!(
        Store::open(&fx.path).unwrap().count("orders").unwrap(),
        0,
        "nothing saved yet"
    );
    h.get_by_label("Merge quantities").click();
    h.run();
    assert_eq!(field(&h, "Quantity 1").value().as_deref(), Some("15"));
    assert!(h.query_by_role_and_label(Role::TextInput, "Quantity 2").is_none());
    h.key_press_modifiers(Modifiers::COMMAND, Key::S);
    h.run();
    let store = Store::open(&fx.path).unwrap();
    let o = store
        .order(store.order_by_number(&today_number(&store)).unwrap().unwrap())
        .unwrap();
    assert_eq!(o.summary.status, OrderStatus::Draft);
    assert_eq!(o.lines.len(), 1);
    assert_eq!(o.lines[0].quantity, 15);
}

#[test]
fn credit_hold_then_release_with_a_reason_from_the_scan_field() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Intake);
    type_keys(&mut h, "迅达");
    press(&mut h, Key::Enter);
    shows(&h, "Credit hold: overdue debt exceeds the credit limit");
    type_keys(&mut h, "A01056");
    press(&mut h, Key::Enter);
    type_keys(&mut h, "24");
    press(&mut h, Key::Enter);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Enter);
    h.run();

    let store = Store::open(&fx.path).unwrap();
    let number = today_number(&store);
    let id = store.order_by_number(&number).unwrap().unwrap();
    assert_eq!(
        store.order(id).unwrap().summary.status,
        OrderStatus::CreditHold,
        "release asked, hold saved"
    );

    // the scanner types the order number into the global field and Enter
    field(&h, "Search / scan").focus();
    h.run();
    type_keys(&mut h, &number);
    press(&mut h, Key::Enter);
    shows(&h, &format!("Order {number}"));

    // releasing needs a reason; the reason is recorded
    field(&h, "Reason").focus();
    h.run();
    type_keys(&mut h, "оплата получена, письмо бухгалтерии");
    h.get_by_label("Release").click();
    h.run();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Released);
    assert_eq!(
        o.credit_override.as_deref(),
        Some("оплата получена, письмо бухгалтерии")
    );
    assert!(o.events.last().unwrap().note.contains("оплата получена"));
}

#[test]
fn scan_field_opens_products_and_reports_unknown_codes() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Intake);
    field(&h, "Search / scan").focus();
    h.run();
    type_keys(&mut h, "4609650480642");
    press(&mut h, Key::Enter);
    // the product card opens on the Products panel
    assert_eq!(field(&h, "SKU").value().as_deref(), Some("A01091"));
    type_keys(&mut h, "NO-SUCH-CODE");
    press(&mut h, Key::Enter);
    shows(&h, "Nothing found for «NO-SUCH-CODE»");
}

#[test]
fn create_a_customer_in_the_customers_panel() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Intake);
    h.get_by_label("Customers").click();
    h.run();
    h.get_by_label("New").click();
    h.run();
    field(&h, "Code").focus();
    h.run();
    type_keys(&mut h, "C777");
    field(&h, "Legal name").focus();
    h.run();
    type_keys(&mut h, "Hurtownia Łódź 华联 Опт");
    field(&h, "Credit limit").focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_keys(&mut h, "150000,50");
    h.get_by_label("Save").click();
    h.run();
    let store = Store::open(&fx.path).unwrap();
    let c = store.customer_by_code("C777").unwrap().expect("customer saved");
    assert_eq!(c.legal_name, "Hurtownia Łódź 华联 Опт");
    assert_eq!(c.credit_limit_minor, 15_000_050);
    assert_eq!(store.audit_count("customers", c.id).unwrap(), 1);
    // it is in the list, found by a search in another case
    field(&h, "Search").focus();
    h.run();
    type_keys(&mut h, "łÓdŹ");
    h.get_by_label("Hurtownia Łódź 华联 Опт");

    // a duplicate code is refused with a clear message and nothing is written
    h.get_by_label("New").click();
    h.run();
    field(&h, "Code").focus();
    h.run();
    type_keys(&mut h, "C001");
    field(&h, "Legal name").focus();
    h.run();
    type_keys(&mut h, "Дубликат");
    h.get_by_label("Save").click();
    h.run();
    shows(&h, "code 'C001' is already used by another customer");
    assert_eq!(Store::open(&fx.path).unwrap().count("customers").unwrap(), 3);
}

#[test]
fn russian_interface_renders_every_panel() {
    let fx = fixture();
    let app = DeskApp::from_store(
        Store::open(&fx.path).unwrap(),
        Prefs {
            user: Some("Пётр".into()),
            lang: docket::i18n::Lang::Ru,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 900.0))
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    for panel in ["Клиенты", "Товары", "Настройки", "Приём заказов"] {
        h.get_by_label(panel).click();
        h.run();
    }
    h.get_by_label("Заказы за сегодня");
    docket::i18n::set_lang(docket::i18n::Lang::En);
}

#[test]
fn a_file_that_is_not_a_docket_database_gets_an_error_page_and_stays_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("not-docket.sqlite");
    let bytes: Vec<u8> = (0..4096u32).map(|i| (i * 7919 % 251) as u8).collect();
    std::fs::write(&path, &bytes).unwrap();
    let app = DeskApp::new(
        path.clone(),
        Prefs {
            user: Some("Ewa Łęcka".into()),
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1200.0, 700.0))
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    shows(&h, "Cannot open the database");
    shows(&h, "not a Docket database");
    assert_eq!(std::fs::read(&path).unwrap(), bytes, "the file is not touched");
}

#[test]
fn two_windows_on_one_file_see_each_other_and_never_overwrite() {
    let fx = fixture();
    let mut a = harness(&fx.path, Route::Customers);
    let mut b = harness(&fx.path, Route::Customers);
    for h in [&mut a, &mut b] {
        h.get_by_label("ООО «Ромашка-Опт»").click();
        h.run();
    }
    // window A changes the customer's name and saves
    field(&a, "Legal name").focus();
    a.run();
    a.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_keys(&mut a, "ООО «Ромашка-Опт» (Химки)");
    a.get_by_label("Save").click();
    a.run();
    // window B had the card open, untouched: within a second it shows the new name
    std::thread::sleep(std::time::Duration::from_millis(600));
    b.run();
    assert_eq!(
        field(&b, "Legal name").value().as_deref(),
        Some("ООО «Ромашка-Опт» (Химки)")
    );

    // both edit the phone at once: the second save is refused and changes nothing
    for (h, phone) in [(&mut a, "+7 495 111-11-11"), (&mut b, "+7 495 222-22-22")] {
        field(h, "Phone").focus();
        h.run();
        type_keys(h, phone);
    }
    a.get_by_label("Save").click();
    a.run();
    b.get_by_label("Save").click();
    b.run();
    shows(&b, "was changed by someone else meanwhile");
    let store = Store::open(&fx.path).unwrap();
    let c = store.customer_by_code("C001").unwrap().unwrap();
    assert_eq!(c.phone, "+7 495 111-11-11");
    assert_eq!(c.legal_name, "ООО «Ромашка-Опт» (Химки)");
}

#[test]
fn delivery_points_are_added_and_edited_on_the_card() {
    let fx = fixture();
    let mut h = harness(&fx.path, Route::Customers);
    h.get_by_label("ООО «Ромашка-Опт»").click();
    h.run();
    field(&h, "Address").focus();
    h.run();
    type_keys(&mut h, "ul. Piotrkowska 104, 90-001 Łódź");
    field(&h, "Route").focus();
    h.run();
    type_keys(&mut h, "R-PL-03");
    h.get_by_label("Add delivery point").click();
    h.run();
    let store = Store::open(&fx.path).unwrap();
    let c = store.customer_by_code("C001").unwrap().unwrap();
    let points = store.delivery_points(c.id).unwrap();
    assert_eq!(points.len(), 2);
    assert_eq!(
        field(&h, "Address").value().as_deref(),
        Some(""),
        "the form is empty for the next one"
    );

    // edit: pick it, switch it off
    h.get_by_label("ul. Piotrkowska 104, 90-001 Łódź").click();
    h.run();
    h.get_by_label("Active").click();
    h.get_by_label("Save delivery point").click();
    h.run();
    let p = store
        .delivery_points(c.id)
        .unwrap()
        .into_iter()
        .find(|p| p.route == "R-PL-03")
        .unwrap();
    assert!(!p.active);
    assert_eq!(p.version, 2);
}

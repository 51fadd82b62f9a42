//! The contact log, the calls back due today and the return window, driven through
//! egui_kittest on real SQLite files: a contact logged by keyboard with a call back today that
//! is then made; a closed claim's follow-up answered "not satisfied" (refused without a
//! comment, then reopening the claim); full and driver returns recorded from the order window.

use docket::domain::claim::{
    ActLang, CallResult, ClaimChannel, ClaimDraft, ClaimKind, ClaimLineDraft, ClaimStatus, Culprit, Decision,
    DecisionDraft, Remedy,
};
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::order::{DraftLine, Move, OrderDraft, OrderStatus, person_role};
use docket::domain::product::Product;
use docket::store::{ContactFilter, Stamp, Store};
use docket::ui::{DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

struct Fixture {
    _dir: tempfile::TempDir,
    path: PathBuf,
    customer: i64,
    point: i64,
    products: [i64; 2],
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("contacts.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let c = s
        .save_customer(
            &Customer {
                code: "C001".into(),
                legal_name: "ООО «Ромашка-Опт»".into(),
                phone: "+7 495 123-45-67".into(),
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
                name: "Склад".into(),
                address: "г. Москва, ул. Скаковая, 17".into(),
                route: "R-01".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let mut products = [0; 2];
    for (i, (sku, name)) in [
        ("A01140", "Шампунь 400 мл"),
        ("B02210", "Żel pod prysznic 500 ml"),
    ]
    .into_iter()
    .enumerate()
    {
        products[i] = s
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
            .unwrap()
            .id;
    }
    Fixture {
        _dir: dir,
        path,
        customer: c.id,
        point: dp.id,
        products,
    }
}

/// An order of A01140 ×10 and B02210 ×5, moved to `status` (released, then step by step).
fn order(fx: &Fixture, status: OrderStatus) -> (i64, String) {
    let mut s = Store::open(&fx.path).unwrap();
    let draft = OrderDraft {
        customer_id: fx.customer,
        delivery_point_id: Some(fx.point),
        lines: vec![
            DraftLine {
                product_id: fx.products[0],
                quantity: 10,
                unit: "шт".into(),
            },
            DraftLine {
                product_id: fx.products[1],
                quantity: 5,
                unit: "шт".into(),
            },
        ],
        ..Default::default()
    };
    let st = Stamp::now("Менеджер Анна");
    let (id, number, saved) = s.create_order(&draft, OrderStatus::Released, &st).unwrap();
    assert_eq!(saved, OrderStatus::Released);
    use OrderStatus::*;
    let path = [Picking, Checking, Packed, Shipped, Delivered];
    let mut version = s.order(id).unwrap().summary.version;
    for to in path {
        if s.order(id).unwrap().summary.status == status {
            break;
        }
        version = s
            .move_order(
                &Move {
                    id,
                    to,
                    version,
                    person: person_role(to).map(|_| "Кладовщик Пётр".to_string()),
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
    }
    assert_eq!(s.order(id).unwrap().summary.status, status);
    (id, number)
}

fn harness(path: &Path) -> Harness<'static, DeskApp> {
    let app = DeskApp::from_store(
        Store::open(path).unwrap(),
        Prefs {
            user: Some("Менеджер Ольга".into()),
            route: Route::Board,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1200.0))
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    h
}

fn press(h: &mut Harness<'_, DeskApp>, key: Key) {
    h.key_press(key);
    h.run();
}

fn type_keys(h: &mut Harness<'_, DeskApp>, text: &str) {
    h.event(Event::Text(text.into()));
    h.run();
}

/// Clicks the text field named `label` and types `text` into it.
fn fill(h: &mut Harness<'_, DeskApp>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).click();
    h.run();
    type_keys(h, text);
}

fn click(h: &mut Harness<'_, DeskApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[track_caller]
fn shows(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

/// Opens the order window through the global scan field.
fn open_order(h: &mut Harness<'_, DeskApp>, number: &str) {
    fill(h, "Search / scan", number);
    press(h, Key::Enter);
    assert!(shows(h, "Record a return…"), "the order window is open");
}

#[test]
fn a_contact_with_a_call_back_today_is_logged_by_keyboard_and_the_call_is_made() {
    let fx = fixture();
    let mut h = harness(&fx.path);
    press(&mut h, Key::F10);
    assert!(shows(&h, "Due today"));
    assert!(shows(&h, "No calls due today"));

    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    let customer = h.get_by_role_and_label(Role::TextInput, "Customer");
    assert!(customer.is_focused(), "the form opens on the customer field");
    type_keys(&mut h, "ромашка");
    assert!(shows(&h, "C001  ООО «Ромашка-Опт»"), "the matches are listed");
    press(&mut h, Key::Enter); // picks the first match
    assert!(shows(&h, "✔ C001 — ООО «Ромашка-Опт»"));

    fill(&mut h, "Person", "Кладовщица Ирина");
    fill(&mut h, "Summary", "Где заказ? Ждут к обеду");
    fill(&mut h, "Outcome", "Уточнить у диспетчера и перезвонить");
    // a day that is not a date is refused with a clear message, and nothing is written
    fill(&mut h, "Call back on", "завтра");
    press(&mut h, Key::Enter);
    assert!(shows(&h, "is not a date: type it as YYYY-MM-DD"));
    assert!(
        Store::open(&fx.path)
            .unwrap()
            .contacts(&ContactFilter::default())
            .unwrap()
            .is_empty()
    );
    let field = h.get_by_role_and_label(Role::TextInput, "Call back on");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_keys(&mut h, &today().to_string());
    press(&mut h, Key::Enter); // saves

    let store = Store::open(&fx.path).unwrap();
    let log = store.contacts(&ContactFilter::default()).unwrap();
    assert_eq!(log.len(), 1, "{log:?}");
    assert_eq!(log[0].customer_id, fx.customer);
    assert_eq!(log[0].person, "Кладовщица Ирина");
    assert_eq!(log[0].summary, "Где заказ? Ждут к обеду");
    assert_eq!(log[0].by, "Менеджер Ольга");
    assert!(log[0].incoming);
    let open = store.callbacks_open().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].due_on, today());
    assert_eq!(open[0].topic, "Уточнить у диспетчера и перезвонить");

    // the form closed; the call is due today, with the customer and the phone
    assert!(h.query_by_role_and_label(Role::TextInput, "Summary").is_none());
    assert!(shows(&h, "Contact logged"));
    assert!(shows(&h, "+7 495 123-45-67"));
    assert!(
        h.query_by_label("Satisfied").is_none(),
        "satisfied / not satisfied only for a claim's call"
    );
    fill(&mut h, "Comment", "Заказ отгружен в 11:40, машина в пути");
    click(&mut h, "Done");

    let store = Store::open(&fx.path).unwrap();
    assert!(store.callbacks_open().unwrap().is_empty());
    assert!(store.callbacks_due(today()).unwrap().is_empty());
    let log = store.contacts(&ContactFilter::default()).unwrap();
    assert_eq!(log.len(), 2, "the call is logged as a contact");
    assert!(!log[0].incoming);
    assert!(log[0].outcome.contains("Заказ отгружен в 11:40"), "{:?}", log[0]);
    assert!(shows(&h, "No calls due today"));
    assert!(shows(&h, "Call back done"));
}

#[test]
fn a_linked_order_of_another_customer_is_refused() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let other = s
        .save_customer(
            &Customer {
                code: "C777".into(),
                legal_name: "成都迅达贸易".into(),
                ..Default::default()
            },
            &Stamp::now("setup"),
        )
        .unwrap();
    drop(s);
    let (_, number) = order(&fx, OrderStatus::Released);
    let mut h = harness(&fx.path);
    press(&mut h, Key::F10);
    click(&mut h, "New contact");
    type_keys(&mut h, "C777");
    press(&mut h, Key::Enter);
    fill(&mut h, "Summary", "询问订单状态");
    fill(&mut h, "Order number", &number);
    press(&mut h, Key::Enter);
    assert!(shows(&h, "belongs to another customer"));
    let store = Store::open(&fx.path).unwrap();
    assert!(store.contacts(&ContactFilter::default()).unwrap().is_empty());
    assert_eq!(other.code, "C777");
    // Esc closes the form
    press(&mut h, Key::Escape);
    assert!(h.query_by_role_and_label(Role::TextInput, "Summary").is_none());
}

#[test]
fn not_satisfied_with_a_closed_claim_needs_a_comment_and_reopens_the_claim() {
    let fx = fixture();
    let (order_id, _) = order(&fx, OrderStatus::Shipped);
    let mut s = Store::open(&fx.path).unwrap();
    let st = Stamp::now("Претензионист Игорь");
    let (claim, number) = s
        .register_claim(
            &ClaimDraft {
                order_id,
                kind: ClaimKind::Shortage,
                channel: ClaimChannel::Phone,
                received_at: chrono::Local::now().naive_local(),
                client_words: "Не довезли 2 флакона шампуня".into(),
                lang: ActLang::Ru,
                lines: vec![ClaimLineDraft {
                    product_id: fx.products[0],
                    quantity: 2,
                    amount_minor: 500_00,
                    note: String::new(),
                }],
            },
            &st,
        )
        .unwrap();
    let version = |s: &Store| s.claim(claim).unwrap().row.version;
    s.move_claim(claim, version(&s), ClaimStatus::Investigating, "", &st)
        .unwrap();
    s.decide_claim(
        claim,
        version(&s),
        &DecisionDraft {
            decision: Decision::Accepted,
            culprit: Culprit::Picker,
            culprit_name: "Сборщик Ли Вэй".into(),
            remedy: Remedy::Redelivery,
            compensation_minor: 0,
            insurance_case: String::new(),
            note: String::new(),
        },
        &st,
    )
    .unwrap();
    s.move_claim(claim, version(&s), ClaimStatus::Answered, "", &st)
        .unwrap();
    s.move_claim(claim, version(&s), ClaimStatus::Closed, "", &st)
        .unwrap();
    // closing scheduled the follow-up in a few working days: it is due today here
    let open = s.callbacks_open().unwrap();
    assert_eq!(open.len(), 1);
    assert_eq!(open[0].claim_id, Some(claim));
    s.reschedule_callback(open[0].id, open[0].version, today(), "", &st)
        .unwrap();
    drop(s);

    let mut h = harness(&fx.path);
    press(&mut h, Key::F10);
    assert!(shows(&h, "Claim follow-up"));
    assert!(shows(&h, &format!("Claim {number}")), "the claim is a link");
    assert!(
        h.query_by_label("Done").is_none(),
        "a follow-up is answered satisfied or not"
    );

    click(&mut h, "Not satisfied");
    assert!(shows(&h, "Not satisfied needs a comment"));
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.claim(claim).unwrap().row.status, ClaimStatus::Closed);
    assert_eq!(store.callbacks_open().unwrap().len(), 1);
    assert!(store.contacts(&ContactFilter::default()).unwrap().is_empty());

    fill(&mut h, "Comment", "Повторная поставка так и не пришла");
    click(&mut h, "Not satisfied");
    let store = Store::open(&fx.path).unwrap();
    let k = store.claim(claim).unwrap();
    assert_eq!(k.row.status, ClaimStatus::Investigating, "the claim is reopened");
    assert!(
        k.events
            .iter()
            .any(|e| e.note.contains("Повторная поставка так и не пришла")),
        "{:?}",
        k.events
    );
    assert!(store.callbacks_open().unwrap().is_empty());
    let cb = k.callbacks.iter().find(|c| c.done_at.is_some()).unwrap();
    assert_eq!(cb.result, Some(CallResult::NotSatisfied));
    assert_eq!(cb.done_by.as_deref(), Some("Менеджер Ольга"));
    let log = store.contacts(&ContactFilter::default()).unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].claim_number.as_deref(), Some(number.as_str()));
    assert!(shows(&h, "the claim is back under investigation"));
}

#[test]
fn a_full_return_of_a_packed_order_cancels_it() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Packed);
    let mut h = harness(&fx.path);
    open_order(&mut h, &number);
    click(&mut h, "Record a return…");
    assert!(shows(&h, "Full return (the goods never left)"));
    assert!(
        shows(&h, "the order has not shipped"),
        "the driver's return is greyed with the reason"
    );
    click(&mut h, "Everything back");
    assert!(shows(&h, "✔ complete"));
    assert!(shows(&h, "the order will be cancelled"));
    click(&mut h, "Record return");

    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Cancelled);
    assert!(o.lines.is_empty(), "everything went back to stock: {:?}", o.lines);
    let last = o.events.last().unwrap();
    assert_eq!(last.to, OrderStatus::Cancelled);
    assert!(last.note.contains("return RT-"), "{last:?}");
    let returns = store.order_returns(id).unwrap();
    assert_eq!(returns.len(), 1);
    assert_eq!(returns[0].lines.len(), 2);
    assert!(shows(&h, &returns[0].number), "the outcome is shown");
    assert!(shows(&h, "Earlier returns"));
    click(&mut h, "Close");
    assert!(!shows(&h, "Earlier returns"), "the window closed");
}

#[test]
fn a_partial_full_return_with_a_split_line_reduces_the_order() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Packed);
    let mut h = harness(&fx.path);
    open_order(&mut h, &number);
    click(&mut h, "Record a return…");
    fill(&mut h, "A01140", "3");
    assert!(shows(&h, "missing: A01140 ×7, B02210 ×5"));
    h.get_all_by_label("+ split").next().unwrap().click();
    h.run();
    fill(&mut h, "↳ A01140", "1"); // the split part: defect
    assert!(shows(&h, "missing: A01140 ×6, B02210 ×5"));
    assert!(shows(&h, "The order will keep: A01140 ×6, B02210 ×5"));
    click(&mut h, "Record return");

    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Packed);
    let lines: Vec<(String, i64)> = o.lines.iter().map(|l| (l.sku.clone(), l.quantity)).collect();
    assert_eq!(lines, [("A01140".to_string(), 6), ("B02210".to_string(), 5)]);
    let r = &store.order_returns(id).unwrap()[0];
    let back: Vec<(i64, &str)> = r.lines.iter().map(|l| (l.quantity, l.condition.code())).collect();
    assert_eq!(back, [(3, "resaleable"), (1, "defect")]);
    assert!(o.events.last().unwrap().note.contains(&r.number));
}

#[test]
fn a_driver_return_one_line_short_shows_missing_and_keeps_the_order_shipped() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Shipped);
    let mut h = harness(&fx.path);
    open_order(&mut h, &number);
    click(&mut h, "Record a return…");
    assert!(
        shows(&h, "the goods have left"),
        "the full return is greyed with the reason"
    );
    fill(&mut h, "A01140", "10");
    assert!(shows(&h, "missing: B02210 ×5"), "shown before saving");
    // no driver: refused with a clear message
    click(&mut h, "Record return");
    assert!(shows(&h, "name the driver who brought the goods back"));
    assert!(
        Store::open(&fx.path)
            .unwrap()
            .order_returns(id)
            .unwrap()
            .is_empty()
    );
    fill(&mut h, "Driver", "Водитель Сидоров");
    click(&mut h, "Record return");

    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Shipped, "not all came back");
    assert_eq!(o.lines.len(), 2, "a driver's return does not change the lines");
    let last = o.events.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(OrderStatus::Shipped), OrderStatus::Shipped)
    );
    assert!(last.note.contains("return RT-"), "{last:?}");
    assert!(last.note.contains("5 unit(s) short"), "{last:?}");
    let r = &store.order_returns(id).unwrap()[0];
    assert_eq!(r.driver, "Водитель Сидоров");

    // the rest comes back with another driver: what came back before is not expected again
    click(&mut h, "Close");
    click(&mut h, "Record a return…");
    assert!(shows(&h, "10 шт (10 back earlier)"));
    click(&mut h, "Everything back");
    assert!(shows(&h, "✔ complete"));
    assert!(shows(&h, "The order becomes «Returned»"));
    fill(&mut h, "Driver", "Водитель Петров");
    click(&mut h, "Record return");
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.order(id).unwrap().summary.status, OrderStatus::Returned);
    let returns = store.order_returns(id).unwrap();
    assert_eq!(returns.len(), 2);
    let second = returns.iter().find(|r| r.driver == "Водитель Петров").unwrap();
    let back: Vec<(i64, i64)> = second.lines.iter().map(|l| (l.product_id, l.quantity)).collect();
    assert_eq!(back, [(fx.products[1], 5)]);
}

#[test]
fn an_overdue_call_is_highlighted_and_moved_to_another_day() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let st = Stamp::now("Менеджер Анна");
    let yesterday = today().pred_opt().unwrap();
    s.schedule_callback(fx.customer, None, None, yesterday, "Сверка актов за октябрь", &st)
        .unwrap();
    drop(s);
    let mut h = harness(&fx.path);
    press(&mut h, Key::F10);
    assert!(shows(&h, &format!("Overdue since {yesterday}")));
    assert!(shows(&h, "Сверка актов за октябрь"));
    assert!(shows(&h, "Scheduled later (0)"));

    // a day in the past is refused
    let field = h.get_by_role_and_label(Role::TextInput, "New date");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_keys(&mut h, &yesterday.to_string());
    click(&mut h, "Another day");
    assert!(shows(&h, "has passed"));
    assert_eq!(
        Store::open(&fx.path).unwrap().callbacks_open().unwrap()[0].due_on,
        yesterday
    );

    let later = today() + chrono::Days::new(3);
    let field = h.get_by_role_and_label(Role::TextInput, "New date");
    field.click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    type_keys(&mut h, &later.to_string());
    fill(&mut h, "Comment", "Бухгалтер в отпуске до четверга");
    click(&mut h, "Another day");

    let store = Store::open(&fx.path).unwrap();
    let open = store.callbacks_open().unwrap();
    assert_eq!(open.len(), 1, "still open, on another day");
    assert_eq!(open[0].due_on, later);
    assert_eq!(open[0].comment, "Бухгалтер в отпуске до четверга");
    assert!(store.contacts(&ContactFilter::default()).unwrap().is_empty());
    assert!(shows(&h, "No calls due today"));
    assert!(shows(&h, "Scheduled later (1)"));
    assert!(shows(&h, &format!("Call back moved to {later}")));
}

#[test]
fn the_log_is_filtered_by_text_and_by_customer() {
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let st = Stamp::now("Менеджер Анна");
    let other = s
        .save_customer(
            &Customer {
                code: "C002".into(),
                legal_name: "Hurtownia Łódź Sp. z o.o.".into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    for (customer, summary) in [
        (fx.customer, "Запрос сертификатов на шампунь"),
        (other.id, "Pytanie o fakturę korygującą"),
        (fx.customer, "Подтвердили заказ на пятницу"),
    ] {
        s.log_contact(
            &docket::store::ContactDraft {
                customer_id: customer,
                medium: docket::domain::claim::Medium::Email,
                incoming: true,
                topic: docket::domain::claim::Topic::Documents,
                person: String::new(),
                summary: summary.into(),
                outcome: String::new(),
                order_id: None,
                claim_id: None,
                call_back_on: None,
            },
            &st,
        )
        .unwrap();
    }
    drop(s);
    let mut h = harness(&fx.path);
    press(&mut h, Key::F10);
    assert!(shows(&h, "3 rows"));
    assert!(shows(&h, "Pytanie o fakturę korygującą"));

    fill(&mut h, "Find", "СЕРТИФИКАТ");
    assert!(shows(&h, "1 rows"));
    assert!(shows(&h, "Запрос сертификатов на шампунь"));
    assert!(!shows(&h, "Pytanie o fakturę korygującą"));

    // clear the filter, select a row of C001 and keep only that customer
    h.get_by_role_and_label(Role::TextInput, "Find").click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    press(&mut h, Key::Backspace);
    assert!(shows(&h, "3 rows"));
    click(&mut h, "Подтвердили заказ на пятницу");
    click(&mut h, "Only this customer");
    assert!(shows(&h, "2 rows"));
    assert!(!shows(&h, "Pytanie o fakturę korygującą"));
}

#[test]
fn the_contacts_panel_and_the_return_window_speak_russian() {
    let fx = fixture();
    let (_, number) = order(&fx, OrderStatus::Shipped);
    let mut s = Store::open(&fx.path).unwrap();
    s.schedule_callback(
        fx.customer,
        None,
        None,
        today(),
        "Перезвонить",
        &Stamp::now("Анна"),
    )
    .unwrap();
    drop(s);
    let app = DeskApp::from_store(
        Store::open(&fx.path).unwrap(),
        Prefs {
            user: Some("Пётр".into()),
            lang: docket::i18n::Lang::Ru,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1200.0))
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    press(&mut h, Key::F10);
    for text in [
        "Звонки на сегодня",
        "Журнал контактов",
        "Новый контакт",
        "Выполнено",
        "Перенести",
    ] {
        assert!(shows(&h, text), "{text}");
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::N);
    h.run();
    for text in [
        "Способ связи",
        "Входящий",
        "Перезвонить",
        "Только запланировать звонок",
    ] {
        assert!(shows(&h, text), "{text}");
    }
    press(&mut h, Key::Escape);
    fill(&mut h, "Поиск / скан", &number);
    press(&mut h, Key::Enter);
    h.get_by_label_contains("возврат…").click();
    h.run();
    for text in ["Привёз водитель", "Вернулось всё", "Записать возврат", "Заказано"]
    {
        assert!(shows(&h, text), "{text}");
    }
    docket::i18n::set_lang(docket::i18n::Lang::En);
}

#[test]
fn a_return_opened_from_a_claim_expects_the_claims_lines_and_is_linked_to_it() {
    let fx = fixture();
    let (order_id, _) = order(&fx, OrderStatus::Delivered);
    let mut s = Store::open(&fx.path).unwrap();
    let (claim, number) = s
        .register_claim(
            &ClaimDraft {
                order_id,
                kind: ClaimKind::Defect,
                channel: ClaimChannel::Driver,
                received_at: chrono::Local::now().naive_local(),
                client_words: "Два флакона геля протекли".into(),
                lang: ActLang::Ru,
                lines: vec![ClaimLineDraft {
                    product_id: fx.products[1],
                    quantity: 2,
                    amount_minor: 300_00,
                    note: String::new(),
                }],
            },
            &Stamp::now("Претензионист Игорь"),
        )
        .unwrap();
    drop(s);
    let mut h = harness(&fx.path);
    h.state_mut().apply(docket::ui::Action::OpenReturn {
        order_id,
        claim_id: Some(claim),
    });
    h.run();
    assert!(shows(&h, &format!("Checked against the claim {number}")));
    assert!(shows(&h, "✔ complete"), "the claim's lines are filled in");
    assert!(shows(&h, "The order stays «Delivered»"));
    fill(&mut h, "Driver", "Водитель Сидоров");
    click(&mut h, "Record return");

    let store = Store::open(&fx.path).unwrap();
    let r = &store.order_returns(order_id).unwrap()[0];
    assert_eq!(r.claim_number.as_deref(), Some(number.as_str()));
    let back: Vec<(i64, i64, &str)> = r
        .lines
        .iter()
        .map(|l| (l.product_id, l.quantity, l.condition.code()))
        .collect();
    assert_eq!(back, [(fx.products[1], 2, "defect")]);
    assert_eq!(
        store.order(order_id).unwrap().summary.status,
        OrderStatus::Delivered
    );
}

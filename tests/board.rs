//! The dispatch board driven through egui_kittest on real SQLite files: moves by keyboard
//! through every state (with picker, checker and packer named), waves, the late filter, and
//! two windows moving the same order.

use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::order::{DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::store::{Stamp, Store};
use docket::ui::{DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers, Pos2};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

struct Fixture {
    _dir: tempfile::TempDir,
    path: std::path::PathBuf,
    customer: i64,
    point: i64,
    product: i64,
}

fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("board.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let c = s
        .save_customer(
            &Customer {
                code: "C004".into(),
                legal_name: "Hurtownia Łódź Sp. z o.o.".into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let dp = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: c.id,
                address: "ul. Piotrkowska 104, 90-001 Łódź".into(),
                route: "R-PL-03".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let p = s
        .save_product(
            &Product {
                sku: "A01056".into(),
                name: "洗发水 清扬 400毫升".into(),
                unit: "瓶".into(),
                units_per_box: 12,
                weight_g: 440,
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    Fixture {
        _dir: dir,
        path,
        customer: c.id,
        point: dp.id,
        product: p.id,
    }
}

fn order(fx: &Fixture, status: OrderStatus, received: chrono::DateTime<chrono::Utc>) -> (i64, String) {
    order_for(fx, (fx.customer, fx.point), status, received)
}

/// A second (third…) customer with one delivery point: (customer, point).
fn customer(fx: &Fixture, code: &str, name: &str) -> (i64, i64) {
    let mut s = Store::open(&fx.path).unwrap();
    let st = Stamp::now("setup");
    let c = s
        .save_customer(
            &Customer {
                code: code.into(),
                legal_name: name.into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let dp = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: c.id,
                address: format!("{name}, 1"),
                route: "R-01".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    (c.id, dp.id)
}

fn order_for(
    fx: &Fixture,
    (customer, point): (i64, i64),
    status: OrderStatus,
    received: chrono::DateTime<chrono::Utc>,
) -> (i64, String) {
    let mut s = Store::open(&fx.path).unwrap();
    let draft = OrderDraft {
        customer_id: customer,
        delivery_point_id: Some(point),
        lines: vec![DraftLine {
            product_id: fx.product,
            quantity: 30,
            unit: "瓶".into(),
        }],
        ..Default::default()
    };
    let (id, number, _) = s
        .write(|c| {
            docket::store::create_order_tx(c, &draft, status, &Stamp::at("Piotr K.", received), None, None)
        })
        .unwrap();
    (id, number)
}

fn harness(path: &std::path::Path) -> Harness<'static, DeskApp> {
    let app = DeskApp::from_store(
        Store::open(path).unwrap(),
        Prefs {
            user: Some("Диспетчер Ольга".into()),
            route: Route::Board,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
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

/// Drags with the primary button from `from` to `to` the way a hand does: press, move past
/// the drag threshold over several frames, release over the target (one frame per event).
fn drag(h: &mut Harness<'_, DeskApp>, from: Pos2, to: Pos2) {
    h.hover_at(from);
    h.drag_at(from);
    for k in 1..=5 {
        h.hover_at(from.lerp(to, k as f32 / 5.0));
    }
    h.hover_at(to);
    h.drop_at(to);
    h.run();
}

/// Where the card of order `number` is on screen now.
fn card_rect(h: &Harness<'_, DeskApp>, number: &str) -> egui::Rect {
    h.get_by_label_contains(&format!("Order {number} · ")).rect()
}

/// A point in the empty part of the column whose title starts with `title` (below its cards).
fn column_spot(h: &Harness<'_, DeskApp>, title: &str) -> Pos2 {
    let head = h.get_by_label_contains(&format!("{title} (")).rect();
    egui::pos2(head.center().x, head.bottom() + 400.0)
}

#[track_caller]
fn shows(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

#[test]
fn an_order_goes_through_every_state_by_keyboard_with_names_recorded() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Draft, chrono::Utc::now());
    let mut h = harness(&fx.path);
    assert!(shows(&h, &number));
    press(&mut h, Key::ArrowDown); // the cursor lands on the only card

    press(&mut h, Key::A); // awaiting confirmation
    press(&mut h, Key::R); // released
    for (key, role, name) in [
        (Key::P, "Picker", "Сборщик Ли Вэй"),
        (Key::C, "Checker", "Kontroler Żaneta"),
        (Key::K, "Packer", "Упаковщик Пётр"),
    ] {
        press(&mut h, key);
        let field = h.get_by_role_and_label(Role::TextInput, role);
        assert!(field.is_focused(), "the name prompt takes the keyboard");
        type_keys(&mut h, name);
        press(&mut h, Key::Enter);
    }
    press(&mut h, Key::S); // shipped
    assert!(
        shows(&h, &number),
        "a shipped order stays on the board until delivered"
    );
    press(&mut h, Key::D); // delivered: off the board

    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Delivered);
    let path: Vec<OrderStatus> = o.events.iter().map(|e| e.to).collect();
    use OrderStatus::*;
    assert_eq!(
        path,
        [
            Draft,
            AwaitingConfirmation,
            Released,
            Picking,
            Checking,
            Packed,
            Shipped,
            Delivered
        ]
    );
    assert!(
        o.events
            .iter()
            .all(|e| e.by == "Диспетчер Ольга" || e.by == "Piotr K.")
    );
    // history replays to the current state, and every step is one the state machine allows
    for pair in o.events.windows(2) {
        assert_eq!(pair[1].from, Some(pair[0].to));
    }
    let persons: Vec<Option<String>> = store.order_persons(id).unwrap();
    assert_eq!(
        persons,
        [
            Some("Сборщик Ли Вэй".to_string()),
            Some("Kontroler Żaneta".to_string()),
            Some("Упаковщик Пётр".to_string())
        ]
    );
    // shipping proposed registering the order's documents; skipped, the order leaves the screen
    assert!(shows(&h, "Documents of the shipped orders"));
    h.get_by_label("Skip").click();
    h.run();
    assert!(!shows(&h, &number));
}

#[test]
fn an_illegal_key_is_refused_with_a_reason_and_changes_nothing() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Draft, chrono::Utc::now());
    let mut h = harness(&fx.path);
    press(&mut h, Key::ArrowDown);
    press(&mut h, Key::S); // draft -> shipped is not a step
    assert!(
        shows(&h, "has to pass the steps in between"),
        "the refusal says why"
    );
    assert!(shows(&h, &number));
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.order(id).unwrap().summary.status, OrderStatus::Draft);
    assert_eq!(store.order(id).unwrap().summary.version, 1);
}

#[test]
fn released_orders_make_a_wave_that_moves_through_picking_together() {
    let fx = fixture();
    let orders: Vec<(i64, String)> = (0..3)
        .map(|_| order(&fx, OrderStatus::Released, chrono::Utc::now()))
        .collect();
    let mut h = harness(&fx.path);
    // select all three: click the first, Ctrl+click the others
    h.get_by_label_contains(&format!("Order {}", orders[0].1)).click();
    h.run();
    for (_, n) in &orders[1..] {
        h.get_by_label_contains(&format!("Order {n}"))
            .click_modifiers(Modifiers::COMMAND);
        h.run();
    }
    assert!(shows(&h, "Selected 3"));
    press(&mut h, Key::W);
    assert!(
        shows(&h, "Wave W"),
        "the new wave is announced: {:?}",
        h.state().notice()
    );
    let store = Store::open(&fx.path).unwrap();
    let waves = store.open_waves().unwrap();
    assert_eq!(waves.len(), 1);
    assert_eq!(waves[0].orders, 3);

    // the wave goes into picking as one, with its picker
    h.get_by_label("→ Picking").click();
    h.run();
    type_keys(&mut h, "Wang Fang 王芳");
    press(&mut h, Key::Enter);
    for (id, _) in &orders {
        let o = store.order(*id).unwrap();
        assert_eq!(o.summary.status, OrderStatus::Picking);
        assert_eq!(o.events.last().unwrap().note, format!("wave {}", waves[0].number));
    }
    assert_eq!(store.open_waves().unwrap()[0].status, OrderStatus::Picking);
}

#[test]
fn the_late_counter_filters_to_late_orders_and_the_filter_survives_a_restart() {
    let fx = fixture();
    let (_, late) = order(
        &fx,
        OrderStatus::Draft,
        chrono::Utc::now() - chrono::Duration::days(10),
    );
    let (_, fresh) = order(&fx, OrderStatus::Released, chrono::Utc::now());
    let mut h = harness(&fx.path);
    assert!(shows(&h, &late) && shows(&h, &fresh));
    assert_eq!(h.state().board_counts(), (1, 0));
    h.get_by_label_contains("Late: 1").click();
    h.run();
    assert!(shows(&h, &late));
    assert!(!shows(&h, &fresh), "only late orders remain");
    // the filter lives in the workstation's prefs: a new window starts with it
    let prefs = h.state().prefs.clone();
    let app = DeskApp::from_store(Store::open(&fx.path).unwrap(), prefs);
    let mut h2 = Harness::builder()
        .with_size(egui::vec2(1600.0, 1000.0))
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h2.run();
    assert!(!shows(&h2, &fresh));
    press(&mut h2, Key::L); // L toggles it off again
    assert!(shows(&h2, &fresh));
}

#[test]
fn two_windows_moving_the_same_order_never_overwrite_each_other() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Released, chrono::Utc::now());
    let mut a = harness(&fx.path);
    let mut b = harness(&fx.path);
    // window A sends it to picking
    a.get_by_label_contains(&format!("Order {number}")).click();
    a.run();
    press(&mut a, Key::P);
    type_keys(&mut a, "Иванова");
    press(&mut a, Key::Enter);
    // window B, before it has polled, tries to cancel it back in its old state
    b.get_by_label_contains(&format!("Order {number}")).click();
    b.run();
    press(&mut b, Key::A);
    assert!(
        shows(&b, "was changed meanwhile"),
        "B is told, not silently overwritten"
    );
    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Picking);
    assert_eq!(o.events.len(), 2);
    // B shows the fresh state: the card is in the Picking column now
    b.run();
    assert_eq!(b.state().board_column(OrderStatus::Picking), vec![number.clone()]);
}

#[test]
fn the_queue_is_reordered_by_keyboard_and_urgent_goes_first() {
    let fx = fixture();
    let numbers: Vec<String> = (0..3)
        .map(|_| order(&fx, OrderStatus::Released, chrono::Utc::now()).1)
        .collect();
    let mut h = harness(&fx.path);
    assert_eq!(
        h.state().board_column(OrderStatus::Released),
        numbers,
        "released orders stand in the order they came"
    );
    h.get_by_label_contains(&format!("Order {}", numbers[2])).click();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::ArrowUp);
    h.run();
    assert_eq!(
        h.state().board_column(OrderStatus::Released),
        [numbers[0].clone(), numbers[2].clone(), numbers[1].clone()]
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::U);
    h.run();
    assert_eq!(
        h.state().board_column(OrderStatus::Released),
        [numbers[2].clone(), numbers[0].clone(), numbers[1].clone()]
    );
    // the queue is stored: a fresh window reads the same order
    let h2 = harness(&fx.path);
    assert_eq!(h2.state().board_column(OrderStatus::Released)[0], numbers[2]);
}

#[test]
fn contract_targets_override_the_desk_defaults_while_the_contract_is_valid() {
    use docket::domain::customer::Contract;
    use docket::domain::sla::Targets;
    let fx = fixture();
    let mut s = Store::open(&fx.path).unwrap();
    let st = Stamp::now("setup");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
    let k = |number: &str, from: &str, to: &str, hours: Option<i64>| Contract {
        customer_id: fx.customer,
        number: number.into(),
        signed_on: from.into(),
        valid_from: from.into(),
        valid_to: Some(to.into()),
        claim_answer_days: 5,
        answer_hours: hours,
        ..Default::default()
    };
    s.save_contract(&k("Д-1/2024", "2024-01-01", "2025-12-31", Some(1)), &st)
        .unwrap(); // expired
    let defaults = Targets::default();
    assert!(
        s.contract_targets(defaults, today).unwrap().is_empty(),
        "an expired contract sets nothing"
    );
    s.save_contract(&k("Д-7/2026", "2026-01-01", "2027-12-31", Some(4)), &st)
        .unwrap();
    let t = s.contract_targets(defaults, today).unwrap();
    assert_eq!(
        t.get(&fx.customer),
        Some(&Targets {
            answer_hours: 4,
            ship_days: 14
        })
    );
    // a bad value is refused by field
    let e = s
        .save_contract(&k("Д-8/2026", "2026-01-01", "2027-12-31", Some(0)), &st)
        .unwrap_err();
    assert!(e.to_string().contains("answer_hours"), "{e}");
}

#[test]
fn a_card_dragged_from_released_to_picking_asks_for_the_picker_and_moves() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Released, chrono::Utc::now());
    let mut h = harness(&fx.path);
    let from = card_rect(&h, &number).center();
    let to = column_spot(&h, "Picking");
    drag(&mut h, from, to);
    // nothing is written before the picker is named
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.order(id).unwrap().summary.status, OrderStatus::Released);
    let field = h.get_by_role_and_label(Role::TextInput, "Picker");
    assert!(field.is_focused(), "the drop asks for the picker at once");
    type_keys(&mut h, "Сборщик Ли Вэй");
    press(&mut h, Key::Enter);

    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Picking);
    let last = o.events.last().unwrap();
    assert_eq!(last.from, Some(OrderStatus::Released));
    assert_eq!(last.to, OrderStatus::Picking);
    assert_eq!(last.by, "Диспетчер Ольга");
    assert_eq!(o.events.len(), 2, "exactly one move recorded");
    assert_eq!(
        store.order_persons(id).unwrap()[0].as_deref(),
        Some("Сборщик Ли Вэй")
    );
    assert_eq!(h.state().board_column(OrderStatus::Picking), vec![number]);
    assert!(h.state().board_column(OrderStatus::Released).is_empty());
}

#[test]
fn a_card_dropped_on_a_card_of_another_column_moves_there_without_a_prompt() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::AwaitingConfirmation, chrono::Utc::now());
    let (queued, queued_number) = order(&fx, OrderStatus::Released, chrono::Utc::now());
    let (_, draft_number) = order(&fx, OrderStatus::Draft, chrono::Utc::now());
    let mut h = harness(&fx.path);
    // onto the card already waiting in the released column
    let from = card_rect(&h, &number).center();
    let to = card_rect(&h, &queued_number).center();
    drag(&mut h, from, to);
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Picker").is_none(),
        "releasing asks for nobody"
    );
    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Released);
    let last = o.events.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.by.as_str()),
        (
            Some(OrderStatus::AwaitingConfirmation),
            OrderStatus::Released,
            "Диспетчер Ольга"
        )
    );
    // released last: it joins the end of the queue
    let pos = |id| store.board_order(id).unwrap().unwrap().queue_position;
    assert_eq!((pos(queued), pos(id)), (Some(1), Some(2)));
    assert_eq!(
        h.state().board_column(OrderStatus::Released),
        [queued_number, number]
    );

    // and an illegal drop (draft straight into picking) is refused at once and changes
    // nothing: no picker is asked for a move that cannot be made
    let from = card_rect(&h, &draft_number).center();
    let to = column_spot(&h, "Picking");
    drag(&mut h, from, to);
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Picker").is_none(),
        "an illegal move asks for nobody"
    );
    assert!(shows(
        &h,
        &format!(
            "order {draft_number}: cannot move from draft to picking: the order has to pass the steps in between"
        )
    ));
    let draft = store.order_by_number(&draft_number).unwrap().unwrap();
    assert_eq!(store.order(draft).unwrap().summary.status, OrderStatus::Draft);
    assert_eq!(store.order(draft).unwrap().events.len(), 1);
}

#[test]
fn an_illegal_move_by_key_into_picking_is_refused_without_asking_for_the_picker() {
    let fx = fixture();
    let (id, number) = order(&fx, OrderStatus::Draft, chrono::Utc::now());
    let mut h = harness(&fx.path);
    h.get_by_label_contains(&format!("Order {number} · ")).click();
    h.run();
    press(&mut h, Key::P); // draft -> picking is not a step
    assert!(
        h.query_by_role_and_label(Role::TextInput, "Picker").is_none(),
        "no prompt for a move that cannot be made"
    );
    assert!(
        shows(
            &h,
            &format!(
                "order {number}: cannot move from draft to picking: the order has to pass the steps in between"
            )
        ),
        "refused at once, with the store's words"
    );
    // the keyboard is still the board's: the next key works at once
    press(&mut h, Key::A);
    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::AwaitingConfirmation);
    assert_eq!(o.events.len(), 2, "only the legal move was recorded");
    assert_eq!(store.order_persons(id).unwrap()[0], None, "no picker recorded");
}

#[test]
fn a_selection_into_picking_asks_only_for_the_orders_that_can_go_and_names_the_others() {
    let fx = fixture();
    let (draft, draft_number) = order(&fx, OrderStatus::Draft, chrono::Utc::now());
    let (released, released_number) = order(&fx, OrderStatus::Released, chrono::Utc::now());
    let mut h = harness(&fx.path);
    h.get_by_label_contains(&format!("Order {draft_number} · "))
        .click();
    h.run();
    h.get_by_label_contains(&format!("Order {released_number} · "))
        .click_modifiers(Modifiers::COMMAND);
    h.run();
    assert!(shows(&h, "Selected 2"));
    press(&mut h, Key::P);
    let field = h.get_by_role_and_label(Role::TextInput, "Picker");
    assert!(field.is_focused(), "one of them can go: the picker is asked");
    assert!(
        shows(&h, "Into picking: 1 order(s)"),
        "the prompt counts only that one"
    );
    assert!(
        shows(
            &h,
            &format!("order {draft_number}: cannot move from draft to picking")
        ),
        "the prompt names the order that stays"
    );
    type_keys(&mut h, "Wang Fang 王芳");
    press(&mut h, Key::Enter);
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(
        store.order(released).unwrap().summary.status,
        OrderStatus::Picking
    );
    assert_eq!(
        store.order_persons(released).unwrap()[0].as_deref(),
        Some("Wang Fang 王芳")
    );
    let d = store.order(draft).unwrap();
    assert_eq!((d.summary.status, d.events.len()), (OrderStatus::Draft, 1));
    assert_eq!(
        h.state().board_column(OrderStatus::Picking),
        vec![released_number]
    );
    assert_eq!(h.state().board_column(OrderStatus::Draft), vec![draft_number]);
}

#[test]
fn dragging_within_the_released_column_reorders_the_stored_queue() {
    let fx = fixture();
    let orders: Vec<(i64, String)> = (0..3)
        .map(|_| order(&fx, OrderStatus::Released, chrono::Utc::now()))
        .collect();
    let (a, b, c) = (orders[0].0, orders[1].0, orders[2].0);
    let number = |i: usize| orders[i].1.clone();
    let mut h = harness(&fx.path);
    let store = Store::open(&fx.path).unwrap();
    let queue = |ids: [i64; 3]| -> Vec<Option<i64>> {
        ids.iter()
            .map(|&id| store.board_order(id).unwrap().unwrap().queue_position)
            .collect()
    };
    assert_eq!(queue([a, b, c]), [Some(1), Some(2), Some(3)]);

    // the last one dropped onto the first: it goes first
    let from = card_rect(&h, &number(2)).center();
    let to = card_rect(&h, &number(0)).center();
    drag(&mut h, from, to);
    assert_eq!(queue([c, a, b]), [Some(1), Some(2), Some(3)]);
    assert_eq!(
        h.state().board_column(OrderStatus::Released),
        [number(2), number(0), number(1)]
    );
    assert_eq!(
        store.order(c).unwrap().summary.status,
        OrderStatus::Released,
        "a reorder is not a move"
    );

    // the first one (now c) dropped onto the last (b): it goes last
    let from = card_rect(&h, &number(2)).center();
    let to = card_rect(&h, &number(1)).center();
    drag(&mut h, from, to);
    assert_eq!(queue([a, b, c]), [Some(1), Some(2), Some(3)]);
    // a fresh window reads the same queue
    let h2 = harness(&fx.path);
    assert_eq!(
        h2.state().board_column(OrderStatus::Released),
        [number(0), number(1), number(2)]
    );
}

#[test]
fn the_table_sorts_by_a_clicked_header_and_a_second_click_reverses() {
    let fx = fixture();
    let now = chrono::Utc::now();
    let days = chrono::Duration::days;
    // numbers in the order created; deadlines (and customers) in another order
    let (_, n1) = order(&fx, OrderStatus::Draft, now); // Hurtownia…
    let romashka = customer(&fx, "C101", "ООО «Ромашка-Опт»");
    let (_, n2) = order_for(&fx, romashka, OrderStatus::Draft, now - days(10));
    let apteka = customer(&fx, "C102", "Apteka Zdrowie");
    let (_, n3) = order_for(&fx, apteka, OrderStatus::Draft, now - days(20));
    let mut h = harness(&fx.path);
    h.get_by_label("Table").click();
    h.run();
    assert!(h.state().prefs.board_filter.table_view);
    // the rows from top to bottom, read off where each number cell is drawn
    let rows = |h: &Harness<'_, DeskApp>| -> Vec<String> {
        let mut r: Vec<(f32, &String)> = [&n1, &n2, &n3]
            .into_iter()
            .map(|n| (h.get_by_label(n).rect().center().y, n))
            .collect();
        r.sort_by(|x, y| x.0.total_cmp(&y.0));
        r.into_iter().map(|(_, n)| n.clone()).collect()
    };
    assert_eq!(
        rows(&h),
        [n3.as_str(), n2.as_str(), n1.as_str()],
        "first the nearest deadline"
    );

    h.get_by_label("Number").click();
    h.run();
    assert!(shows(&h, "Number ▲"));
    assert_eq!(rows(&h), [n1.as_str(), n2.as_str(), n3.as_str()]);
    h.get_by_label("Number ▲").click();
    h.run();
    assert!(shows(&h, "Number ▼"));
    assert_eq!(rows(&h), [n3.as_str(), n2.as_str(), n1.as_str()]);

    h.get_by_role_and_label(Role::Button, "Customer").click();
    h.run();
    // Apteka, Hurtownia, ООО
    assert_eq!(rows(&h), [n3.as_str(), n1.as_str(), n2.as_str()]);
    h.get_by_label("Customer ▲").click();
    h.run();
    assert_eq!(rows(&h), [n2.as_str(), n1.as_str(), n3.as_str()]);
    assert!(
        !shows(&h, "Number ▼") && !shows(&h, "Number ▲"),
        "only the sorting column has an arrow"
    );
}

#[test]
fn an_order_leaves_its_wave_from_the_card_menu() {
    let fx = fixture();
    let (a, na) = order(&fx, OrderStatus::Released, chrono::Utc::now());
    let (b, _) = order(&fx, OrderStatus::Released, chrono::Utc::now());
    let mut s = Store::open(&fx.path).unwrap();
    let v = |s: &Store, id| s.order(id).unwrap().summary.version;
    let (wave, _) = s
        .create_wave(&[(a, v(&s, a)), (b, v(&s, b))], "", &Stamp::now("setup"))
        .unwrap();
    let version = v(&s, a);
    let mut h = harness(&fx.path);
    h.get_by_label_contains(&format!("Order {na} · "))
        .click_secondary();
    h.run();
    h.get_by_label("Leave the wave").click();
    h.run();
    let wave_of = |id| s.board_order(id).unwrap().unwrap().wave_id;
    assert_eq!(wave_of(a), None, "the order left the wave");
    assert_eq!(wave_of(b), Some(wave), "the other order stays in it");
    assert_eq!(v(&s, a), version + 1);
    assert_eq!(s.order(a).unwrap().summary.status, OrderStatus::Released);
    assert_eq!(s.open_waves().unwrap()[0].orders, 1);
    assert!(
        h.query_by_label("Leave the wave").is_none(),
        "the menu closes after the choice"
    );
}

//! Importing orders from the desk through egui_kittest on a real SQLite file: a CSV whose
//! headers Docket does not know is dropped on the window, the user chooses the columns in the
//! preview, saves them as a profile and imports; the next file of that sender is read with the
//! profile by itself. Also: a file with problems imports nothing until "only the valid orders"
//! is chosen.

use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::product::Product;
use docket::store::{Stamp, Store};
use docket::ui::{DeskApp, Prefs, Route};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};
use std::sync::Arc;

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

fn database(dir: &Path) -> PathBuf {
    let path = dir.join("import.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let c = s
        .save_customer(
            &Customer {
                code: "C001".into(),
                legal_name: "ООО «Ромашка-Опт»".into(),
                credit_limit_minor: 1_000_000_00,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    s.save_delivery_point(
        &DeliveryPoint {
            customer_id: c.id,
            name: "Склад".into(),
            address: "г. Москва, ул. Скаковая, 17".into(),
            active: true,
            ..Default::default()
        },
        &st,
    )
    .unwrap();
    for (sku, name) in [
        ("A01140", "Шампунь 400 мл"),
        ("A01210", "Żel pod prysznic 500 ml"),
    ] {
        s.save_product(
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
    }
    path
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
        .with_size(egui::vec2(1500.0, 1100.0))
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    h
}

/// Lets the dialog's worker finish, then draws.
fn settle(h: &mut Harness<'_, DeskApp>) {
    if let Some(d) = h.state_mut().import_dialog() {
        d.wait();
    }
    h.run();
}

fn drop_file(h: &mut Harness<'_, DeskApp>, path: &Path) {
    h.input_mut()
        .dropped_files
        .push(Arc::new(Dropped(path.to_path_buf())));
    h.run();
    settle(h);
}

fn shows(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_by_label_contains(text).is_some()
}

fn choose_column(h: &mut Harness<'_, DeskApp>, field: &str, column: &str) {
    h.get_by_label(field).click();
    h.run();
    h.get_by_label(column).click();
    h.run();
    settle(h);
}

fn orders(path: &Path) -> Vec<(String, String, String)> {
    let c = rusqlite::Connection::open(path).unwrap();
    let mut st = c
        .prepare("SELECT external_no, status, source_file FROM orders ORDER BY id")
        .unwrap();
    st.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .map(Result::unwrap)
        .collect()
}

#[test]
fn unknown_headers_mapped_by_hand_saved_as_profile_and_applied_next_time() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let first = dir.path().join("romashka-1.csv");
    std::fs::write(
        &first,
        "Док;Клиент;Товар;Штук\nK-1;C001;A01140;5\nK-1;C001;A01210;12\nK-2;C001;A01140;3\n",
    )
    .unwrap();
    let mut h = harness(&db);
    drop_file(&mut h, &first);
    assert!(
        shows(&h, "choose the columns"),
        "the preview asks for the columns"
    );
    assert!(
        h.state_mut()
            .import_dialog()
            .unwrap()
            .parsed()
            .unwrap()
            .mapping_needed
    );

    choose_column(&mut h, "SKU", "C (Товар)");
    choose_column(&mut h, "quantity", "D (Штук)");
    choose_column(&mut h, "sender's order number", "A (Док)");
    {
        let p = h.state_mut().import_dialog().unwrap().parsed().unwrap();
        assert!(!p.mapping_needed);
        assert_eq!(p.problem_count, 0, "{:?}", p.problems);
        assert_eq!(p.orders.len(), 2);
        assert_eq!(p.line_count(), 3);
    }
    assert!(shows(&h, "2 orders found"));

    // keep this way of reading for the sender
    h.get_by_label("Profile name").click();
    h.run();
    h.event(egui::Event::Text("Ромашка CSV".into()));
    h.run();
    h.get_by_label("Save as profile").click();
    h.run();
    assert!(shows(&h, "Profile saved: Ромашка CSV"));
    let profiles = Store::open(&db).unwrap().import_profiles().unwrap();
    assert_eq!(profiles.len(), 1);
    assert_eq!(profiles[0].name, "Ромашка CSV");
    assert_eq!(profiles[0].signature, "док|клиент|товар|штук");

    h.get_by_label("Import 2 orders").click();
    h.run();
    settle(&mut h);
    assert!(
        h.state_mut().import_dialog().is_none(),
        "the dialog closes after the import"
    );
    assert!(shows(&h, "imported 2 orders with 3 lines"));
    assert_eq!(
        orders(&db),
        vec![
            (
                "K-1".into(),
                "awaiting_confirmation".into(),
                "romashka-1.csv".into()
            ),
            (
                "K-2".into(),
                "awaiting_confirmation".into(),
                "romashka-1.csv".into()
            ),
        ]
    );

    // the next file of this sender: the profile applies by itself; drafts this time; Enter imports
    let second = dir.path().join("romashka-2.csv");
    std::fs::write(
        &second,
        "Док;Клиент;Товар;Штук\nK-3;C001;A01210;24\nK-1;C001;A01140;5\n",
    )
    .unwrap();
    drop_file(&mut h, &second);
    assert!(shows(&h, "Profile applied: Ромашка CSV"));
    {
        let p = h.state_mut().import_dialog().unwrap().parsed().unwrap();
        assert_eq!(p.problem_count, 0, "{:?}", p.problems);
        assert_eq!(p.orders.len(), 2);
        assert_eq!(p.orders[1].existing.as_deref().map(|n| !n.is_empty()), Some(true));
    }
    assert!(
        shows(&h, "imported before as"),
        "K-1 is recognised as imported before"
    );
    h.get_by_label("drafts").click();
    h.run();
    settle(&mut h);
    h.key_press(egui::Key::Enter);
    h.run();
    settle(&mut h);
    assert!(shows(&h, "1 imported before, skipped"));
    let all = orders(&db);
    assert_eq!(all.len(), 3, "K-1 is not doubled");
    assert_eq!(all[2], ("K-3".into(), "draft".into(), "romashka-2.csv".into()));
}

#[test]
fn problems_block_the_import_until_only_valid_orders_are_chosen() {
    let dir = tempfile::tempdir().unwrap();
    let db = database(dir.path());
    let file = dir.path().join("registry.csv");
    std::fs::write(
        &file,
        "Номер заказа;Код клиента;Артикул;Кол-во\nR-1;C001;A01140;2\nR-2;C001;NOPE;1\nR-2;C001;A01210;-4\n",
    )
    .unwrap();
    let mut h = harness(&db);
    drop_file(&mut h, &file);
    assert!(shows(&h, "unknown SKU 'NOPE'"));
    assert!(shows(
        &h,
        "row 4, column D (Кол-во): quantity -4 is not a positive number"
    ));
    // Enter does nothing while problems stand
    h.key_press(egui::Key::Enter);
    h.run();
    settle(&mut h);
    assert!(orders(&db).is_empty());
    assert!(h.state_mut().import_dialog().is_some());

    h.get_by_label_contains("Import only the valid orders").click();
    h.run();
    h.get_by_label("Import 1 orders").click();
    h.run();
    settle(&mut h);
    assert!(shows(&h, "1 rejected"));
    assert_eq!(orders(&db).len(), 1);
    let report = std::fs::read_to_string(dir.path().join("registry.rejected.csv")).unwrap();
    assert!(report.contains("unknown SKU 'NOPE'"), "{report}");
    assert_eq!(
        report.lines().count(),
        3,
        "header and the two rows of R-2: {report}"
    );
}

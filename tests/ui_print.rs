//! Printing from the desk through egui_kittest on real SQLite files: the box editor, a picking
//! list saved to a file by the worker thread and recorded, moving the printed orders into
//! picking, cancelling a long job, a wave's picking list and labels, and the GS1 prefix in
//! Settings. Documents go to files in temp folders, never to a printer or the file dialog.

use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::order::{DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::domain::sscc::Gs1Prefix;
use docket::print::Progress;
use docket::print::labels::{BoxLabel, LabelSize};
use docket::print::output::Target;
use docket::store::{PrintJob, PrintKind, PrintSettings, Stamp, Store};
use docket::ui::print::{Document, Part, produce};
use docket::ui::{DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui::{Event, Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use std::path::{Path, PathBuf};

mod common;
use std::time::{Duration, Instant};

struct Fixture {
    dir: tempfile::TempDir,
    path: PathBuf,
    customer: i64,
    point: i64,
    products: Vec<i64>,
}

fn fixture(gs1: bool) -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("print.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let c = s
        .save_customer(
            &Customer {
                code: "C001".into(),
                legal_name: "ООО «Ромашка-Опт»".into(),
                legal_address: "г. Москва, ул. Юридическая, 1".into(),
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
                name: "Magazyn Łódź".into(),
                address: "ul. Piotrkowska 104, 90-001 Łódź".into(),
                route: "R-PL-03".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let mut products = Vec::new();
    for (sku, name, location, per_box, grams) in [
        ("A01056", "洗发水 清扬 400毫升", "A-01-02-1", 12, 440),
        ("A01000", "Шампунь Gliss Kur 400 мл", "A-01-03-1", 24, 420),
        ("A01091", "Żel pod prysznic Łabędź 500 ml", "B-02-01-1", 20, 530),
    ] {
        let p = s
            .save_product(
                &Product {
                    sku: sku.into(),
                    name: name.into(),
                    unit: "шт".into(),
                    units_per_box: per_box,
                    weight_g: grams,
                    location: location.into(),
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        products.push(p.id);
    }
    s.set_setting("company.name", &"ТД «Север» 华北 Sp. z o.o.".to_string(), &st)
        .unwrap();
    if gs1 {
        s.set_gs1_prefix(&Gs1Prefix::new(0, "4601234"), &st).unwrap();
    }
    Fixture {
        dir,
        path,
        customer: c.id,
        point: dp.id,
        products,
    }
}

/// A released order: 24 shampoo bottles (two full boxes of 12) and 10 gels.
fn released_order(fx: &Fixture) -> (i64, String) {
    let mut s = Store::open(&fx.path).unwrap();
    let draft = OrderDraft {
        customer_id: fx.customer,
        delivery_point_id: Some(fx.point),
        lines: vec![
            DraftLine {
                product_id: fx.products[0],
                quantity: 24,
                unit: "шт".into(),
            },
            DraftLine {
                product_id: fx.products[2],
                quantity: 10,
                unit: "шт".into(),
            },
        ],
        comment: "Звонить за час · 提前一小时打电话".into(),
        ..Default::default()
    };
    let (id, number, status) = s
        .create_order(&draft, OrderStatus::Released, &Stamp::now("Оператор Анна"))
        .unwrap();
    assert_eq!(status, OrderStatus::Released);
    (id, number)
}

fn harness(path: &Path, route: Route) -> Harness<'static, DeskApp> {
    let app = DeskApp::from_store(
        Store::open(path).unwrap(),
        Prefs {
            user: Some("Оператор Анна".into()),
            route,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .with_max_steps(12)
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

fn click(h: &mut Harness<'_, DeskApp>, label: &str) {
    h.get_by_label(label).click();
    h.run();
}

#[track_caller]
fn shows(h: &Harness<'_, DeskApp>, text: &str) -> bool {
    h.query_all_by_label_contains(text).next().is_some()
}

fn field<'a>(h: &'a Harness<'_, DeskApp>, label: &'a str) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(Role::TextInput, label)
}

/// Replaces the text of the field named `label`.
fn fill(h: &mut Harness<'_, DeskApp>, label: &str, text: &str) {
    field(h, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    type_keys(h, text);
}

/// Opens the order window the way a scanner does: its number in the global field, Enter.
fn open_order(h: &mut Harness<'_, DeskApp>, number: &str) {
    field(h, "Search / scan").focus();
    h.run();
    type_keys(h, number);
    press(h, Key::Enter);
    assert!(shows(h, &format!("Order {number}")), "the order window is open");
}

/// Runs frames until the worker has finished (or panics after a minute).
fn wait_for_printing(h: &mut Harness<'_, DeskApp>) {
    let start = Instant::now();
    while h.state().printing() {
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "the print never finished"
        );
        h.step();
        std::thread::sleep(Duration::from_millis(10));
    }
    h.run();
}

fn print_jobs(path: &Path) -> i64 {
    Store::open(path).unwrap().count("print_jobs").unwrap()
}

/// Chooses "Save as…" and types the file's path.
fn save_to(h: &mut Harness<'_, DeskApp>, file: &Path) {
    h.get_by_role_and_label(Role::RadioButton, "Save as…").click();
    h.run();
    fill(h, "File", &file.display().to_string());
}

#[test]
fn box_editor_saves_three_boxes_and_refuses_a_bad_weight() {
    let fx = fixture(true);
    let (id, number) = released_order(&fx);
    let mut h = harness(&fx.path, Route::Intake);
    open_order(&mut h, &number);
    click(&mut h, "Box labels…");
    assert!(h.state().print_dialog_open());
    // no boxes yet: the planned ones (two full boxes of shampoo, one of loose gels)
    assert!(shows(&h, "Planned boxes, not saved yet"));
    assert_eq!(field(&h, "Number of boxes").value().as_deref(), Some("3"));
    assert_eq!(field(&h, "Box 1").value().as_deref(), Some("5.28"));

    fill(&mut h, "Number of boxes", "4");
    fill(&mut h, "Box 4", "12,5");
    click(&mut h, "Save boxes");
    let store = Store::open(&fx.path).unwrap();
    let boxes = store.order_boxes(id).unwrap();
    assert_eq!(boxes.len(), 4, "four current boxes");
    assert_eq!(boxes[3].weight_g, 12_500);
    assert_eq!(boxes[0].weight_g, 5_280);
    // the editor shows the saved boxes with their SSCCs
    assert!(shows(&h, &format!("(00) {}", boxes[0].sscc)));
    assert!(shows(&h, "not printed"));

    // three boxes, one of them weighed wrong: named, nothing saved
    fill(&mut h, "Number of boxes", "3");
    fill(&mut h, "Box 2", "abc");
    click(&mut h, "Save boxes");
    assert!(shows(&h, "Box 2: «abc» is not a weight in kg"));
    let after = store.order_boxes(id).unwrap();
    assert_eq!(after, boxes, "nothing changed");

    // fixed: three boxes, the fourth voided, the SSCCs of the others kept
    fill(&mut h, "Box 2", "7.125");
    click(&mut h, "Save boxes");
    let after = store.order_boxes(id).unwrap();
    assert_eq!(after.len(), 3);
    assert_eq!(after[1].weight_g, 7_125);
    assert_eq!(after[0].sscc, boxes[0].sscc);
}

#[test]
fn picking_list_saved_to_a_file_by_the_worker_is_recorded() {
    let fx = fixture(true);
    let (id, number) = released_order(&fx);
    let mut h = harness(&fx.path, Route::Intake);
    open_order(&mut h, &number);
    click(&mut h, "Print picking list…");
    let file = fx.dir.path().join("лист сборки.pdf");
    save_to(&mut h, &file);
    click(&mut h, "Print");
    wait_for_printing(&mut h);

    let bytes = std::fs::read(&file).expect("the PDF is saved");
    assert!(bytes.starts_with(b"%PDF"), "a PDF");
    assert_eq!(print_jobs(&fx.path), 1);
    let store = Store::open(&fx.path).unwrap();
    let log = store.order_prints(id).unwrap();
    assert_eq!(log[0].kind, PrintKind::Picking);
    assert_eq!(log[0].target, file.display().to_string());
    assert_eq!(log[0].printed_by, "Оператор Анна");
    assert!(log[0].pages >= 1);
    assert!(shows(&h, &format!("Picking list {number}: saved to")));
    // nothing moves without the setting
    assert_eq!(store.order(id).unwrap().summary.status, OrderStatus::Released);
    // the order window lists the print once the dialog is closed
    press(&mut h, Key::Escape);
    assert!(!h.state().print_dialog_open());
    assert!(shows(&h, "lines · 1 p."));
}

#[test]
fn printing_a_picking_list_moves_released_orders_into_picking_with_the_picker() {
    let fx = fixture(true);
    let (id, number) = released_order(&fx);
    Store::open(&fx.path)
        .unwrap()
        .set_print_settings(
            &PrintSettings {
                picking_moves_to_picking: true,
                ..Default::default()
            },
            &Stamp::now("setup"),
        )
        .unwrap();
    let mut h = harness(&fx.path, Route::Intake);
    open_order(&mut h, &number);
    // Ctrl+P in the order window opens the picking list
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(h.state().print_dialog_open());
    save_to(&mut h, &fx.dir.path().join("picking.pdf"));
    click(&mut h, "Print");
    wait_for_printing(&mut h);

    assert!(field(&h, "Picker").is_focused(), "the picker is asked at once");
    type_keys(&mut h, "Сборщик Ли Вэй");
    press(&mut h, Key::Enter);
    let store = Store::open(&fx.path).unwrap();
    let o = store.order(id).unwrap();
    assert_eq!(o.summary.status, OrderStatus::Picking);
    assert_eq!(
        store.order_persons(id).unwrap()[0].as_deref(),
        Some("Сборщик Ли Вэй")
    );
    assert_eq!(print_jobs(&fx.path), 1);
}

#[test]
fn dismissing_the_picker_prompt_moves_nothing() {
    let fx = fixture(true);
    let (id, number) = released_order(&fx);
    Store::open(&fx.path)
        .unwrap()
        .set_print_settings(
            &PrintSettings {
                picking_moves_to_picking: true,
                ..Default::default()
            },
            &Stamp::now("setup"),
        )
        .unwrap();
    let mut h = harness(&fx.path, Route::Intake);
    open_order(&mut h, &number);
    click(&mut h, "Print picking list…");
    save_to(&mut h, &fx.dir.path().join("picking.pdf"));
    click(&mut h, "Print");
    wait_for_printing(&mut h);
    click(&mut h, "Not now");
    assert!(shows(&h, "Nothing moved into picking"));
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.order(id).unwrap().summary.status, OrderStatus::Released);
    assert_eq!(print_jobs(&fx.path), 1, "the print itself is recorded");
}

#[test]
fn cancelling_a_long_label_job_records_nothing() {
    // a wave of twelve orders of 999 boxes each: about 12,000 labels, half a second of work in
    // a release build and several times that in a test build, so the Cancel two frames after
    // Print always comes while the worker is laying them out
    let fx = fixture(true);
    let mut s = Store::open(&fx.path).unwrap();
    let mut orders = Vec::new();
    for _ in 0..12 {
        let (id, _) = released_order(&fx);
        s.assign_boxes(id, &[4_000; 999], &Stamp::now("Упаковщик"))
            .unwrap();
        orders.push((id, s.order(id).unwrap().summary.version));
    }
    s.create_wave(&orders, "", &Stamp::now("Диспетчер")).unwrap();
    let mut h = harness(&fx.path, Route::Board);
    click(&mut h, "Print wave…");
    click(&mut h, "Picking list"); // labels only
    let file = fx.dir.path().join("labels.pdf");
    save_to(&mut h, &file);
    h.get_by_label("Print").click();
    h.step(); // the worker starts
    h.step();
    assert!(h.state().printing(), "12,000 labels take a while");
    h.get_by_label("Cancel").click();
    wait_for_printing(&mut h);

    assert_eq!(print_jobs(&fx.path), 0, "nothing recorded");
    assert!(!file.exists(), "nothing saved");
    assert!(
        h.state()
            .notice()
            .is_some_and(|n| n.error && n.text.contains("cancelled")),
        "the status bar says so: {:?}",
        h.state().notice().map(|n| &n.text)
    );
    assert!(shows(&h, "cancelled, nothing printed or recorded"));
    for (id, _) in orders {
        assert!(s.order_boxes(id).unwrap().iter().all(|b| b.printed_count == 0));
    }
}

#[test]
fn a_document_cancelled_before_it_starts_never_leaves() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("one.pdf");
    let part = Part {
        title: "Box labels 2026-000001".into(),
        document: Document::Labels {
            labels: vec![BoxLabel {
                sender: "ТД «Север»".into(),
                sender_address: "Москва".into(),
                consignee: "成都迅达物流".into(),
                address: "ul. Piotrkowska 104, Łódź".into(),
                order_no: "2026-000001".into(),
                route: "R-1".into(),
                box_no: 1,
                box_count: 1,
                weight_g: 1_000,
                date: "2026-11-25".into(),
                sscc: "046012340000000017".into(),
            }],
            size: LabelSize::L100x150,
            zpl_dpi: None,
            groups: Vec::new(),
        },
        target: Target::File(file.clone()),
        jobs: vec![PrintJob::default()],
        picking_orders: Vec::new(),
    };
    let progress = Progress::new();
    progress.cancel();
    assert!(matches!(produce(&part, &progress), Err(docket::Error::Cancelled)));
    assert!(!file.exists());
    // not cancelled, the same part is delivered
    let produced = produce(&part, &Progress::new()).unwrap();
    assert_eq!((produced.pages, produced.sections.as_slice()), (1, &[1][..]));
    assert_eq!(produced.delivered.path.as_deref(), Some(file.as_path()));
}

#[test]
fn a_wave_prints_its_picking_list_and_every_box_label_from_the_board() {
    let fx = fixture(true);
    let (a, _) = released_order(&fx);
    let (b, _) = released_order(&fx);
    let mut s = Store::open(&fx.path).unwrap();
    let va = s.order(a).unwrap().summary.version;
    let vb = s.order(b).unwrap().summary.version;
    let (wave_id, wave) = s
        .create_wave(&[(a, va), (b, vb)], "", &Stamp::now("Диспетчер"))
        .unwrap();
    let mut h = harness(&fx.path, Route::Board);
    click(&mut h, "Print wave…");
    assert!(shows(&h, &format!("Print: Wave {wave}")));
    h.get_by_role_and_label(Role::RadioButton, "Consolidated + split by order")
        .click();
    h.run();
    let file = fx.dir.path().join("wave.pdf");
    save_to(&mut h, &file);
    press(&mut h, Key::Enter); // Enter prints
    wait_for_printing(&mut h);

    let picking = fx.dir.path().join(format!("wave - Picking list {wave}.pdf"));
    let labels = fx.dir.path().join(format!("wave - Box labels {wave}.pdf"));
    assert!(std::fs::read(&picking).unwrap().starts_with(b"%PDF"));
    assert!(std::fs::read(&labels).unwrap().starts_with(b"%PDF"));
    // both orders got their planned boxes, all printed once, logged against the wave
    for id in [a, b] {
        let boxes = s.order_boxes(id).unwrap();
        assert_eq!(boxes.len(), 3);
        assert!(boxes.iter().all(|b| b.printed_count == 1));
    }
    let log = s.order_prints(a).unwrap();
    assert_eq!(log.len(), 2);
    assert!(log.iter().all(|j| j.wave_id == Some(wave_id)));
    assert!(log.iter().any(|j| j.detail.starts_with("consolidated")));
    assert!(log.iter().any(|j| j.detail == "6 boxes, 2 orders"));
}

#[test]
fn labels_without_a_gs1_prefix_point_to_settings() {
    let fx = fixture(false);
    let (id, number) = released_order(&fx);
    let mut h = harness(&fx.path, Route::Intake);
    open_order(&mut h, &number);
    click(&mut h, "Box labels…");
    assert!(shows(&h, "The GS1 company prefix is not set"));
    save_to(&mut h, &fx.dir.path().join("labels.pdf"));
    click(&mut h, "Print");
    assert!(!h.state().printing());
    assert!(shows(&h, "Settings → Printing"));
    assert!(Store::open(&fx.path).unwrap().order_boxes(id).unwrap().is_empty());
    click(&mut h, "Open Settings");
    assert!(!h.state().print_dialog_open());
    assert!(field(&h, "GS1 company prefix").value().is_some());
}

#[test]
fn settings_check_and_save_the_gs1_prefix() {
    let fx = fixture(false);
    let mut h = harness(&fx.path, Route::Settings);
    fill(&mut h, "Extension digit", "0");
    fill(&mut h, "GS1 company prefix", "46O1234");
    click(&mut h, "Save GS1 prefix");
    assert!(shows(&h, "digits only"));
    let store = Store::open(&fx.path).unwrap();
    assert_eq!(store.gs1_prefix().unwrap(), None, "nothing saved");

    fill(&mut h, "Extension digit", "12");
    fill(&mut h, "GS1 company prefix", "4601234");
    click(&mut h, "Save GS1 prefix");
    assert!(shows(&h, "is not one digit 0-9"));
    assert_eq!(store.gs1_prefix().unwrap(), None);

    fill(&mut h, "Extension digit", "3");
    click(&mut h, "Save GS1 prefix");
    assert_eq!(store.gs1_prefix().unwrap(), Some(Gs1Prefix::new(3, "4601234")));

    // the picking list setting, one click
    click(
        &mut h,
        "Printing a picking list moves released orders into picking",
    );
    assert!(store.print_settings().unwrap().picking_moves_to_picking);
}

#[test]
fn the_board_prints_the_selection_by_ctrl_p_and_a_card_by_its_menu() {
    let fx = fixture(true);
    let (_, number) = released_order(&fx);
    let mut h = harness(&fx.path, Route::Board);
    press(&mut h, Key::ArrowDown); // the cursor lands on the only card
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(shows(&h, &format!("Print: Order {number}")));
    // the board's letters do nothing while the dialog is open
    press(&mut h, Key::P);
    assert!(!shows(&h, "Into picking: 1"));
    press(&mut h, Key::Escape);
    assert!(!h.state().print_dialog_open(), "Esc closes the dialog");

    h.get_by_label_contains(&format!("Order {number} · "))
        .click_secondary();
    h.run();
    click(&mut h, "Box labels…");
    assert!(h.state().print_dialog_open());
    assert_eq!(field(&h, "Number of boxes").value().as_deref(), Some("3"));
}

#[test]
fn the_print_dialog_and_printing_settings_render_in_russian() {
    let fx = fixture(false);
    let (_, number) = released_order(&fx);
    let app = DeskApp::from_store(
        Store::open(&fx.path).unwrap(),
        Prefs {
            user: Some("Пётр".into()),
            lang: docket::i18n::Lang::Ru,
            route: Route::Settings,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1500.0, 1000.0))
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    assert!(shows(&h, "Префикс компании GS1"));
    assert!(shows(&h, "Сборочные листы"));
    field(&h, "Поиск / скан").focus();
    h.run();
    type_keys(&mut h, &number);
    press(&mut h, Key::Enter);
    click(&mut h, "Этикетки коробов…");
    assert!(shows(&h, "Не задан префикс компании GS1"));
    assert!(shows(&h, "Количество коробов"));
    docket::i18n::set_lang(docket::i18n::Lang::En);
}

#[test]
fn box_labels_as_zpl_for_a_thermal_printer_are_saved_as_a_zpl_file() {
    let fx = fixture(true);
    let (id, number) = released_order(&fx);
    let mut h = harness(&fx.path, Route::Intake);
    open_order(&mut h, &number);
    click(&mut h, "Box labels…");
    h.get_by_role_and_label(Role::RadioButton, "ZPL (thermal printer)")
        .click();
    h.run();
    save_to(&mut h, &fx.dir.path().join("labels.pdf"));
    click(&mut h, "Print");
    wait_for_printing(&mut h);
    let zpl = std::fs::read(fx.dir.path().join("labels.zpl")).expect("saved as .zpl");
    assert!(zpl.starts_with(b"^XA") || String::from_utf8_lossy(&zpl).contains("^XA"));
    let store = Store::open(&fx.path).unwrap();
    let log = store.order_prints(id).unwrap();
    assert_eq!(log[0].kind, PrintKind::Labels);
    assert_eq!(log[0].pages, 3, "one label a box");
    assert_eq!(log[0].detail, "boxes 1–3 of 3");
    assert!(
        store
            .order_boxes(id)
            .unwrap()
            .iter()
            .all(|b| b.printed_count == 1)
    );
}

/// Orders chosen together on the board print as one picking file and one label file (one
/// printer job each), and each order's log still shows its own list and labels.
#[test]
fn orders_chosen_together_print_as_one_file_per_document_and_each_is_logged() {
    let fx = fixture(true);
    let orders: Vec<(i64, String)> = (0..3).map(|_| released_order(&fx)).collect();
    let mut h = harness(&fx.path, Route::Board);
    press(&mut h, Key::ArrowDown);
    for _ in 0..2 {
        h.key_press_modifiers(Modifiers::SHIFT, Key::ArrowDown);
        h.run();
    }
    h.key_press_modifiers(Modifiers::COMMAND, Key::P);
    h.run();
    assert!(shows(&h, "Print: 3 order(s)"));
    h.get_by_role_and_label(Role::CheckBox, "Box labels").click();
    h.run();
    let dir = fx.dir.path().join("out");
    std::fs::create_dir(&dir).unwrap();
    save_to(&mut h, &dir.join("orders.pdf"));
    press(&mut h, Key::Enter); // Enter in the path field prints
    wait_for_printing(&mut h);

    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "one picking file and one label file: {files:?}");
    let info = |f: &Path| common::tool("pdfinfo", &[f.to_str().unwrap()]);
    let labels = files
        .iter()
        .find(|f| f.to_string_lossy().contains("Box labels"))
        .unwrap();
    let picking = files
        .iter()
        .find(|f| f.to_string_lossy().contains("Picking lists"))
        .unwrap();
    assert!(info(labels).contains("Pages:           9"), "3 boxes × 3 orders");
    assert!(info(picking).contains("Pages:           3"), "one page per order");
    let text = common::tool("pdftotext", &[picking.to_str().unwrap(), "-"]);
    let store = Store::open(&fx.path).unwrap();
    for (id, number) in &orders {
        assert!(text.contains(number.as_str()), "{number} in the picking file");
        let log = store.order_prints(*id).unwrap();
        assert_eq!(log.len(), 2, "{number}: its list and its labels");
        let list = log.iter().find(|j| j.kind == PrintKind::Picking).unwrap();
        let boxes = log.iter().find(|j| j.kind == PrintKind::Labels).unwrap();
        assert_eq!((list.pages, boxes.pages), (1, 3));
        assert_eq!(boxes.detail, "boxes 1–3 of 3");
        assert!(list.target.ends_with(".pdf") && boxes.target.contains("Box labels"));
        assert!(
            store
                .order_boxes(*id)
                .unwrap()
                .iter()
                .all(|b| b.printed_count == 1)
        );
    }
    assert_eq!(print_jobs(&fx.path), 6);
}

// ---------------------------------------------------------------------------------------------
// location and product labels, from the products panel

/// Twelve products in locations A-01-01-1 … A-01-03-4 (walking order), one without an EAN.
struct ShelfFixture {
    dir: tempfile::TempDir,
    path: PathBuf,
}

fn shelf_fixture() -> ShelfFixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("shelf.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = Stamp::now("setup");
    let names = [
        "Шампунь «Ромашка» 400 мл",
        "洗发水 清扬 400毫升",
        "Żel pod prysznic Łabędź 500 ml",
    ];
    for i in 0..12 {
        let ean = if i == 5 {
            None
        } else {
            let body = format!("460123400{i:03}");
            Some(format!(
                "{body}{}",
                docket::domain::codes::gs1_check_digit(&body).unwrap()
            ))
        };
        s.save_product(
            &Product {
                sku: format!("SH-{i:02}"),
                name: format!("{} №{i}", names[i % 3]),
                unit: "шт".into(),
                units_per_box: 6,
                weight_g: 400,
                location: format!("A-01-{:02}-{}", 1 + i / 4, 1 + i % 4),
                ean13: ean,
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    }
    ShelfFixture { dir, path }
}

fn skus<'a>(h: &'a Harness<'_, DeskApp>) -> egui_kittest::Node<'a> {
    h.get_by_role_and_label(
        Role::MultilineTextInput,
        "SKUs (one per line, or separated by spaces or commas)",
    )
}

fn fill_skus(h: &mut Harness<'_, DeskApp>, text: &str) {
    skus(h).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.event(Event::Text(text.into()));
    h.run();
}

fn print_log(path: &Path) -> Vec<(PrintKind, String, i64)> {
    Store::open(path)
        .unwrap()
        .print_log(50)
        .unwrap()
        .into_iter()
        .map(|j| (j.kind, j.detail, j.pages))
        .collect()
}

#[test]
fn location_labels_for_a_range_are_checked_as_typed_printed_and_logged() {
    let fx = shelf_fixture();
    let mut h = harness(&fx.path, Route::Products);
    click(&mut h, "Location labels…");
    assert!(shows(&h, "Print: Location labels"));
    // the whole warehouse is offered first
    assert_eq!(field(&h, "From location").value().as_deref(), Some("A-01-01-1"));
    assert_eq!(field(&h, "To location").value().as_deref(), Some("A-01-03-4"));
    assert!(shows(&h, "12 location(s): A-01-01-1 … A-01-03-4"));
    // an unknown code is named and nothing prints
    fill(&mut h, "To location", "Z-99-99-9");
    assert!(shows(&h, "Z-99-99-9"), "the unknown location is named");
    // narrowed to a part of the aisle, given backwards
    fill(&mut h, "From location", "A-01-02-4");
    fill(&mut h, "To location", "a-01-02-1");
    assert!(shows(&h, "4 location(s): A-01-02-1 … A-01-02-4"));
    h.get_by_role_and_label(Role::ComboBox, "Label size").click();
    h.run();
    click(&mut h, "100 × 100 mm");
    let file = fx.dir.path().join("aisle.pdf");
    save_to(&mut h, &file);
    h.key_press(Key::Enter);
    h.run();
    wait_for_printing(&mut h);

    let info = common::tool("pdfinfo", &[file.to_str().unwrap()]);
    assert!(info.contains("Pages:           4"), "{info}");
    assert!(info.contains("283.465 x 283.465 pts"), "100 × 100 mm: {info}");
    assert_eq!(
        common::scanned(&file, 200),
        ["A-01-02-1", "A-01-02-2", "A-01-02-3", "A-01-02-4"]
    );
    let log = print_log(&fx.path);
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].0, PrintKind::Locations);
    assert_eq!(log[0].1, "4 location(s) A-01-02-4..a-01-02-1");
    assert_eq!(log[0].2, 4);
}

#[test]
fn product_labels_of_the_selected_product_print_in_copies_and_unknown_skus_are_refused() {
    let fx = shelf_fixture();
    let mut h = harness(&fx.path, Route::Products);
    click(&mut h, "SH-05");
    click(&mut h, "Product labels…");
    assert!(shows(&h, "Print: Product labels"));
    assert_eq!(skus(&h).value().as_deref(), Some("SH-05"));
    assert!(shows(&h, "without EAN-13 get a Code 128 of the SKU"));
    // an unknown SKU is named and refuses the list
    fill_skus(&mut h, "SH-01, NOPE-7");
    assert!(shows(&h, "NOPE-7"));
    let file = fx.dir.path().join("products.pdf");
    save_to(&mut h, &file);
    click(&mut h, "Print");
    assert!(
        !file.exists() && print_log(&fx.path).is_empty(),
        "nothing printed or logged"
    );
    // two products, three copies each, on 58 × 40 mm labels (the default for products)
    fill_skus(&mut h, "SH-01\nSH-05");
    fill(&mut h, "Copies of each", "3");
    assert!(shows(&h, "2 product(s) × 3 = 6 labels"));
    click(&mut h, "Print");
    wait_for_printing(&mut h);

    let info = common::tool("pdfinfo", &[file.to_str().unwrap()]);
    assert!(info.contains("Pages:           6"), "{info}");
    assert!(info.contains("164.409 x 113.386 pts"), "58 × 40 mm: {info}");
    let codes = common::scanned(&file, 200);
    assert_eq!(codes.len(), 6, "{codes:?}");
    let ean = format!(
        "460123400001{}",
        docket::domain::codes::gs1_check_digit("460123400001").unwrap()
    );
    assert_eq!(codes.iter().filter(|c| **c == ean).count(), 3, "{codes:?}");
    assert_eq!(codes.iter().filter(|c| *c == "SH-05").count(), 3, "{codes:?}");
    let text = common::tool("pdftotext", &[file.to_str().unwrap(), "-"]);
    assert!(
        text.contains("Żel pod prysznic Łabędź") || text.contains("洗发水"),
        "{text}"
    );
    let log = print_log(&fx.path);
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].0, log[0].2), (PrintKind::Products, 6));
}

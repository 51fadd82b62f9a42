//! The claim statistics panel driven through egui_kittest on a demo database: F11 opens it,
//! the summary shows the store's figures for the period, a preset changes the period.

use chrono::{Datelike, Duration, NaiveDate, Utc};
use docket::store::Store;
use docket::ui::{DeskApp, Prefs, Route};
use egui::accesskit::Role;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn demo(path: &std::path::Path) {
    let mut s = Store::open(path).unwrap();
    docket::demo::fill(
        &mut s,
        &docket::demo::DemoSpec {
            products: 60,
            customers: 16,
            orders: 300,
            seed: 21,
            // the panel's periods are counted from today
            anchor: Utc::now(),
        },
    )
    .unwrap();
}

#[track_caller]
fn shows(h: &Harness<'_, DeskApp>, text: &str) {
    assert!(
        h.query_all_by_label(text).next().is_some(),
        "nothing on screen shows «{text}»"
    );
}

/// The text in the date field labelled `label`.
fn field(h: &Harness<'_, DeskApp>, label: &str) -> Option<String> {
    h.get_by_role_and_label(Role::TextInput, label).value()
}

#[test]
fn f11_shows_the_figures_and_a_preset_changes_the_period() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    demo(&path);
    let app = DeskApp::from_store(
        Store::open(&path).unwrap(),
        Prefs {
            user: Some("Оператор Анна".into()),
            route: Route::Intake,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    h.key_press(egui::Key::F11);
    h.run();
    shows(&h, "Claim statistics");

    // this month, as the store counts it
    let store = Store::open(&path).unwrap();
    let today = chrono::Local::now().date_naive();
    let first = NaiveDate::from_ymd_opt(today.year(), today.month(), 1).unwrap();
    let now = docket::stats::now_local();
    let s = store.claim_stats(first, today, now).unwrap();
    shows(&h, "Orders with a claim");
    shows(&h, &docket::stats::percent(s.share_of_orders));
    shows(&h, &s.total.to_string());
    shows(&h, &s.late.to_string());
    assert_eq!(field(&h, "From").as_deref(), Some(first.to_string().as_str()));
    assert_eq!(field(&h, "To").as_deref(), Some(today.to_string().as_str()));

    // the last 30 days: other dates in the fields, the figures of that period
    h.get_by_label("Last 30 days").click();
    h.run();
    let from = today - Duration::days(29);
    let s = store.claim_stats(from, today, now).unwrap();
    assert!(s.total > 0, "the demo has claims in the last 30 days");
    assert_eq!(field(&h, "From").as_deref(), Some(from.to_string().as_str()));
    shows(&h, &docket::stats::percent(s.share_of_orders));
    shows(&h, &s.total.to_string());
    shows(&h, &docket::stats::hours(s.mean_answer_hours));
    shows(&h, "By kind");
    shows(&h, "Top 10 customers");
}

#[test]
fn the_panel_speaks_russian_and_refuses_a_reversed_period() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    demo(&path);
    let app = DeskApp::from_store(
        Store::open(&path).unwrap(),
        Prefs {
            user: Some("Пётр".into()),
            lang: docket::i18n::Lang::Ru,
            route: Route::Stats,
            ..Default::default()
        },
    );
    let mut h = Harness::builder()
        .with_size(egui::vec2(1400.0, 1000.0))
        .with_max_steps(12)
        .build_ui_state(|ui, app: &mut DeskApp| app.ui(ui), app);
    h.run();
    shows(&h, "Статистика рекламаций");
    shows(&h, "Заказы с рекламацией");
    h.get_by_label("Этот год").click();
    h.run();
    // dates typed the wrong way round: a message, the figures stay
    h.get_by_role_and_label(Role::TextInput, "С").focus();
    h.run();
    h.key_press_modifiers(egui::Modifiers::COMMAND, egui::Key::A);
    h.event(egui::Event::Text("2099-01-01".into()));
    h.run();
    assert_eq!(
        h.get_by_role_and_label(Role::TextInput, "С").value().as_deref(),
        Some("2099-01-01")
    );
    h.get_by_label("Показать").click();
    h.run();
    assert!(
        h.query_all_by_label_contains("Первый день позже последнего")
            .next()
            .is_some()
    );
    shows(&h, "Заказы с рекламацией");
    docket::i18n::set_lang(docket::i18n::Lang::En);
}

//! Printing's storage side against real SQLite files in temporary directories: boxes and SSCCs,
//! picking lists in walking order, labels, the print log, settings, migration 3.

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use docket::Error;
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::domain::sscc::{Gs1Prefix, validate_sscc};
use docket::store::{
    self, APPLICATION_ID, LATEST_VERSION, PrintJob, PrintKind, PrintSettings, PrinterChoice, Stamp, Store,
};
use rusqlite::Connection;
use std::path::{Path, PathBuf};
use std::time::Duration;
use tempfile::TempDir;

// ---------------------------------------------------------------------------------------------
// helpers

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap()
}

fn stamp() -> Stamp {
    Stamp::at("tester", t0())
}

fn later(minutes: i64) -> Stamp {
    Stamp::at("packer", t0() + chrono::Duration::minutes(minutes))
}

fn fresh() -> (TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("desk.sqlite");
    (dir, path)
}

fn raw(path: &Path) -> Connection {
    let c = Connection::open(path).unwrap();
    c.busy_timeout(Duration::from_secs(5)).unwrap();
    c
}

fn q(path: &Path, sql: &str) -> i64 {
    raw(path).query_row(sql, [], |r| r.get(0)).unwrap()
}

fn prefix() -> Gs1Prefix {
    Gs1Prefix::new(0, "4601234")
}

fn product(sku: &str, location: &str, units_per_box: i64, weight_g: i64) -> Product {
    Product {
        sku: sku.into(),
        name: format!("Товар {sku} 洗发水 Żel"),
        ean13: None,
        unit: "шт".into(),
        units_per_box,
        weight_g,
        location: location.into(),
        active: true,
        ..Default::default()
    }
}

struct Desk {
    customer: Customer,
    point: DeliveryPoint,
    products: Vec<Product>,
}

/// A customer with a delivery point and products on locations in a scrambled walking order
/// (and one product not placed anywhere).
fn seed(s: &mut Store) -> Desk {
    let customer = s
        .save_customer(
            &Customer {
                code: "C001".into(),
                legal_name: "ООО «Ромашка-Опт»".into(),
                legal_address: "г. Москва, ул. Юридическая, 1".into(),
                credit_limit_minor: 1_000_000_00,
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    let point = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: customer.id,
                name: "Основной склад".into(),
                address: "г. Москва, ул. Скаковая, д. 17".into(),
                route: "М-01".into(),
                active: true,
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    let specs = [
        ("P-NOWHERE", "", 10, 100),
        ("P-B", "B-01-01-1", 12, 450),
        ("P-A2", "A-02-05-1", 24, 230),
        ("P-A1-HIGH", "A-01-07-2", 6, 3000),
        ("P-A1-LOW", "A-01-03-1", 48, 130),
        ("P-A2-END", "A-02-01-1", 20, 540),
        ("P-A1-LOW-TWIN", "A-01-03-1", 8, 1540),
    ];
    let products = specs
        .iter()
        .map(|(sku, loc, per_box, g)| {
            s.save_product(&product(sku, loc, *per_box, *g), &stamp())
                .unwrap()
        })
        .collect();
    Desk {
        customer,
        point,
        products,
    }
}

/// Walking order of the seeded products.
const WALK: [&str; 7] = [
    "P-A1-LOW",
    "P-A1-LOW-TWIN",
    "P-A1-HIGH",
    "P-A2",
    "P-A2-END",
    "P-B",
    "P-NOWHERE",
];

fn order(s: &mut Store, d: &Desk, lines: &[(usize, i64)], wanted: OrderStatus) -> (i64, String) {
    let draft = OrderDraft {
        customer_id: d.customer.id,
        delivery_point_id: Some(d.point.id),
        channel: Channel::Phone,
        wanted_date: NaiveDate::from_ymd_opt(2026, 11, 25),
        comment: "Позвонить перед доставкой".into(),
        lines: lines
            .iter()
            .map(|(i, qty)| DraftLine {
                product_id: d.products[*i].id,
                quantity: *qty,
                unit: d.products[*i].unit.clone(),
            })
            .collect(),
        ..Default::default()
    };
    let (id, number, status) = s.create_order(&draft, wanted, &stamp()).unwrap();
    assert_eq!(status, wanted);
    (id, number)
}

fn all_lines(d: &Desk) -> Vec<(usize, i64)> {
    (0..d.products.len()).map(|i| (i, i as i64 + 3)).collect()
}

fn ssccs(boxes: &[store::BoxRow]) -> Vec<String> {
    boxes.iter().map(|b| b.sscc.clone()).collect()
}

// ---------------------------------------------------------------------------------------------
// boxes and SSCCs

#[test]
fn ssccs_are_unique_and_never_reused_across_re_planning() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let d = seed(&mut s);
    let (id, _) = order(&mut s, &d, &all_lines(&d), OrderStatus::Released);
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();

    let three = s.assign_boxes(id, &[1000, 2000, 3000], &later(1)).unwrap();
    assert_eq!(three.iter().map(|b| b.box_no).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(
        three.iter().map(|b| b.weight_g).collect::<Vec<_>>(),
        [1000, 2000, 3000]
    );
    for b in &three {
        assert_eq!(validate_sscc(&b.sscc), Ok(()), "{}", b.sscc);
        assert!(b.sscc.starts_with("04601234"), "{}", b.sscc);
        assert_eq!(
            (b.version, b.printed_count, b.created_by.as_str()),
            (1, 0, "packer")
        );
    }
    assert_eq!(
        &three[0].sscc[8..17],
        "000000001",
        "serials come from the counter"
    );
    assert_eq!(s.order_boxes(id).unwrap(), three);
    assert_eq!(
        q(&path, &format!("SELECT total_boxes FROM orders WHERE id = {id}")),
        3
    );

    // fewer boxes: box 3 is voided (kept), boxes 1 and 2 keep their SSCCs; box 2 is re-weighed
    let two = s.assign_boxes(id, &[1000, 2500], &later(2)).unwrap();
    assert_eq!(ssccs(&two), ssccs(&three[..2]));
    assert_eq!(two[0].version, 1, "an unchanged box is left alone");
    assert_eq!((two[1].weight_g, two[1].version), (2500, 2));
    assert_eq!(q(&path, "SELECT COUNT(*) FROM boxes"), 3, "nothing deleted");
    let c = raw(&path);
    let voided: (i64, Option<String>) = c
        .query_row(
            "SELECT box_no, voided_at FROM boxes WHERE sscc = ?1",
            [&three[2].sscc],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .unwrap();
    assert_eq!(voided, (3, Some("2026-11-23T08:17:00Z".into())));
    assert_eq!(
        q(&path, &format!("SELECT total_boxes FROM orders WHERE id = {id}")),
        2
    );

    // more boxes: boxes 3 and 4 are new, with fresh serials; box 3's old SSCC stays voided
    let four = s.assign_boxes(id, &[1000, 2500, 700, 800], &later(3)).unwrap();
    assert_eq!(four.len(), 4);
    assert_eq!(ssccs(&four[..2]), ssccs(&three[..2]));
    assert!(!ssccs(&four).contains(&three[2].sscc), "a voided SSCC came back");
    assert_eq!(&four[2].sscc[8..17], "000000004");
    assert_eq!(&four[3].sscc[8..17], "000000005");
    for b in &four {
        assert_eq!(validate_sscc(&b.sscc), Ok(()));
    }
    assert_eq!(q(&path, "SELECT COUNT(*) FROM boxes"), 5);
    assert_eq!(q(&path, "SELECT COUNT(DISTINCT sscc) FROM boxes"), 5);
    assert_eq!(q(&path, "SELECT COUNT(*) FROM boxes WHERE voided_at IS NULL"), 4);
    assert_eq!(q(&path, "SELECT value FROM counters WHERE name = 'sscc'"), 5);

    // another order continues the same serials
    let (other, _) = order(&mut s, &d, &[(1, 12)], OrderStatus::Released);
    let b = s.assign_boxes(other, &[5400], &later(4)).unwrap();
    assert_eq!(&b[0].sscc[8..17], "000000006");
    assert_eq!(b[0].box_no, 1);

    // every change is in the audit log
    assert!(
        q(&path, "SELECT COUNT(*) FROM audit_log WHERE entity = 'boxes'") >= 8,
        "6 inserts, 1 void, 1 re-weigh"
    );
    assert!(s.check().unwrap().ok);
}

#[test]
fn assigning_boxes_is_all_or_nothing() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let d = seed(&mut s);
    let (id, _) = order(&mut s, &d, &all_lines(&d), OrderStatus::Released);
    let audit = s.count("audit_log").unwrap();

    // no GS1 prefix: a clear error naming the setting, nothing written
    let e = s.assign_boxes(id, &[1000, 2000], &later(1)).unwrap_err();
    match &e {
        Error::Invalid(f) => assert_eq!(f.field, "gs1.prefix", "{e}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(e.to_string().contains("Settings"), "{e}");
    assert_eq!(s.count("boxes").unwrap(), 0);
    assert_eq!(s.count("audit_log").unwrap(), audit);
    assert_eq!(q(&path, "SELECT COUNT(*) FROM counters WHERE name = 'sscc'"), 0);

    // with boxes already there, a re-plan that re-weighs box 1 and needs a new box fails whole
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();
    let before = s.assign_boxes(id, &[1000, 2000], &later(2)).unwrap();
    raw(&path)
        .execute("DELETE FROM settings WHERE key = 'gs1.prefix'", [])
        .unwrap();
    assert_eq!(s.gs1_prefix().unwrap(), None);
    let audit = s.count("audit_log").unwrap();
    assert!(matches!(
        s.assign_boxes(id, &[1111, 2000, 3000], &later(3)),
        Err(Error::Invalid(_))
    ));
    assert_eq!(s.order_boxes(id).unwrap(), before, "box 1 was not re-weighed");
    assert_eq!(s.count("audit_log").unwrap(), audit);
    // re-weighing and voiding need no prefix
    let one = s.assign_boxes(id, &[1111], &later(4)).unwrap();
    assert_eq!(
        (one.len(), one[0].weight_g, one[0].sscc.as_str()),
        (1, 1111, before[0].sscc.as_str())
    );

    // serials used up: a 10-digit prefix leaves 6 digits; nothing written
    s.set_gs1_prefix(&Gs1Prefix::new(1, "4601234567"), &stamp())
        .unwrap();
    raw(&path)
        .execute("UPDATE counters SET value = 999999 WHERE name = 'sscc'", [])
        .unwrap();
    let e = s.assign_boxes(id, &[1111, 2000], &later(5)).unwrap_err();
    assert!(e.to_string().contains("used up"), "{e}");
    assert_eq!(
        q(&path, "SELECT value FROM counters WHERE name = 'sscc'"),
        999_999
    );
    assert_eq!(s.order_boxes(id).unwrap().len(), 1);

    // bad input and orders not in the warehouse are refused
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();
    assert!(matches!(
        s.assign_boxes(id, &[], &later(6)),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        s.assign_boxes(id, &[10, -1], &later(6)),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        s.assign_boxes(id, &vec![1; 1000], &later(6)),
        Err(Error::Invalid(_))
    ));
    let (draft, _) = order(&mut s, &d, &[(1, 5)], OrderStatus::Draft);
    let e = s.assign_boxes(draft, &[100], &later(6)).unwrap_err();
    assert!(e.to_string().contains("draft"), "{e}");
    assert!(matches!(
        s.assign_boxes(4242, &[100], &later(6)),
        Err(Error::NotFound { entity: "order", .. })
    ));
    assert_eq!(s.order_boxes(id).unwrap().len(), 1);
}

#[test]
fn default_boxes_come_from_the_order_lines() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let d = seed(&mut s);
    // P-B: 12 per box of 450 g, 26 units = 2 full boxes + 2 loose; P-A2: 3 loose of 230 g
    let (id, _) = order(&mut s, &d, &[(1, 26), (2, 3)], OrderStatus::Released);
    let plan = s.plan_boxes(id).unwrap();
    let weights: Vec<i64> = plan.iter().map(|b| b.weight_g).collect();
    assert_eq!(weights, [5400, 5400, 2 * 450 + 3 * 230]);
    assert_eq!(plan[0].content, "P-B ×12");
    assert_eq!(plan[2].content, "mixed: 2 lines");
    // the plan's weights are what the desk assigns by default
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();
    let boxes = s.assign_boxes(id, &weights, &later(1)).unwrap();
    assert_eq!(boxes.len(), 3);
    assert!(matches!(s.plan_boxes(4242), Err(Error::NotFound { .. })));
}

// ---------------------------------------------------------------------------------------------
// picking lists

#[test]
fn picking_lines_come_in_walking_order() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let d = seed(&mut s);
    let (id, number) = order(&mut s, &d, &all_lines(&d), OrderStatus::Released);
    let p = s.picking_order(id).unwrap();
    let skus: Vec<&str> = p.lines.iter().map(|l| l.sku.as_str()).collect();
    assert_eq!(skus, WALK);
    let last = p.lines.last().unwrap();
    assert_eq!((last.location.as_deref(), last.walk_sequence), (None, None));
    let first = &p.lines[0];
    assert_eq!(first.location.as_deref(), Some("A-01-03-1"));
    assert!(first.walk_sequence.is_some());
    assert!(p.lines.iter().all(|l| l.order_number == number));
    // the line keeps its quantities, unit, box size and unit weight
    let b = p.lines.iter().find(|l| l.sku == "P-B").unwrap();
    assert_eq!(
        (
            b.line_no,
            b.quantity,
            b.unit.as_str(),
            b.units_per_box,
            b.weight_g
        ),
        (2, 4, "шт", 12, 450)
    );
    assert_eq!(b.boxes_and_loose(), (0, 4));

    let h = &p.header;
    assert_eq!(h.number, number);
    assert_eq!(h.customer_code, "C001");
    assert_eq!(h.customer_name, "ООО «Ромашка-Опт»");
    assert_eq!(h.delivery_point, "Основной склад");
    assert_eq!(h.address, "г. Москва, ул. Скаковая, д. 17");
    assert_eq!(h.route, "М-01");
    assert_eq!(h.wanted_date.as_deref(), Some("2026-11-25"));
    assert_eq!((h.status, h.version), (OrderStatus::Released, 1));
    assert_eq!(h.comment, "Позвонить перед доставкой");
    assert_eq!(h.wave_number, None);
    assert_eq!(h.line_count, 7);
    assert_eq!(h.total_units, (3..10).sum::<i64>());
    assert_eq!(
        h.total_weight_g,
        p.lines.iter().map(|l| l.quantity * l.weight_g).sum::<i64>()
    );
    assert!(matches!(
        s.picking_order(4242),
        Err(Error::NotFound { entity: "order", .. })
    ));
}

#[test]
fn a_wave_picking_list_walks_every_order_once() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let d = seed(&mut s);
    let (a, na) = order(&mut s, &d, &[(0, 1), (1, 2), (4, 3)], OrderStatus::Released);
    let (b, nb) = order(
        &mut s,
        &d,
        &[(1, 5), (3, 6), (6, 7), (2, 8)],
        OrderStatus::Released,
    );
    let (_c, _) = order(&mut s, &d, &[(5, 9)], OrderStatus::Released); // not in the wave
    let (wave, wave_number) = s.create_wave(&[(a, 1), (b, 1)], "утро", &stamp()).unwrap();

    let w = s.picking_wave(wave).unwrap();
    assert_eq!(
        (w.wave_id, w.number.as_str(), w.note.as_str()),
        (wave, wave_number.as_str(), "утро")
    );
    assert_eq!(w.status, OrderStatus::Released);
    let numbers: Vec<&str> = w.orders.iter().map(|h| h.number.as_str()).collect();
    assert_eq!(numbers, [na.as_str(), nb.as_str()]);
    assert_eq!(w.orders.iter().map(|h| h.line_count).collect::<Vec<_>>(), [3, 4]);
    assert!(
        w.orders
            .iter()
            .all(|h| h.wave_number.as_deref() == Some(wave_number.as_str()))
    );
    assert_eq!(w.orders[1].total_units, 5 + 6 + 7 + 8);

    let got: Vec<(&str, &str, i64)> = w
        .lines
        .iter()
        .map(|l| (l.sku.as_str(), l.order_number.as_str(), l.quantity))
        .collect();
    assert_eq!(
        got,
        [
            ("P-A1-LOW", na.as_str(), 3),
            ("P-A1-LOW-TWIN", nb.as_str(), 7),
            ("P-A1-HIGH", nb.as_str(), 6),
            ("P-A2", nb.as_str(), 8),
            ("P-B", na.as_str(), 2),
            ("P-B", nb.as_str(), 5),
            ("P-NOWHERE", na.as_str(), 1),
        ]
    );
    assert!(matches!(
        s.picking_wave(4242),
        Err(Error::NotFound { entity: "wave", .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// labels and the print log

#[test]
fn a_box_label_has_consignee_address_route_and_boxes() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let d = seed(&mut s);
    s.set_setting(store::settings::keys::COMPANY_NAME, &"ООО «Склад»", &stamp())
        .unwrap();
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();
    let (id, number) = order(&mut s, &d, &[(1, 30)], OrderStatus::Released);
    s.assign_boxes(id, &[5400, 5400, 2700], &later(1)).unwrap();

    let l = s.label_order(id).unwrap();
    assert_eq!(l.number, number);
    assert_eq!(l.consignee, "ООО «Ромашка-Опт»");
    assert_eq!(l.address, "г. Москва, ул. Скаковая, д. 17");
    assert_eq!(l.route, "М-01");
    assert_eq!(l.wanted_date.as_deref(), Some("2026-11-25"));
    assert_eq!(l.ship_date.as_deref(), Some("2026-11-25"));
    assert_eq!(
        (l.sender_name.as_str(), l.sender_address.as_str()),
        ("ООО «Склад»", "")
    );
    assert_eq!((l.box_count(), l.total_weight_g()), (3, 13_500));
    assert_eq!(l.boxes.iter().map(|b| b.box_no).collect::<Vec<_>>(), [1, 2, 3]);

    // self-pickup: the customer's legal address
    let draft = OrderDraft {
        customer_id: d.customer.id,
        self_pickup: true,
        lines: vec![DraftLine {
            product_id: d.products[1].id,
            quantity: 1,
            unit: "шт".into(),
        }],
        ..Default::default()
    };
    let (pickup, _, _) = s.create_order(&draft, OrderStatus::Released, &stamp()).unwrap();
    let l = s.label_order(pickup).unwrap();
    assert!(l.self_pickup);
    assert_eq!(l.address, "г. Москва, ул. Юридическая, 1");
    assert!(l.boxes.is_empty());
    assert!(matches!(s.label_order(4242), Err(Error::NotFound { .. })));
}

#[test]
fn prints_are_logged_and_box_labels_counted() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    let d = seed(&mut s);
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();
    let (a, na) = order(&mut s, &d, &[(1, 30)], OrderStatus::Released);
    let (b, _) = order(&mut s, &d, &[(2, 3)], OrderStatus::Released);
    let (wave, wave_number) = s.create_wave(&[(a, 1), (b, 1)], "", &stamp()).unwrap();
    let boxes = s.assign_boxes(a, &[5400, 5400, 2700], &later(1)).unwrap();

    let job = s
        .record_print(
            &PrintJob {
                kind: PrintKind::Labels,
                order_id: Some(a),
                detail: "boxes 1-3 of 3".into(),
                pages: 3,
                target: "Zebra ZD421".into(),
                boxes: boxes.iter().map(|b| b.id).collect(),
                ..Default::default()
            },
            &later(2),
        )
        .unwrap();
    let printed = s.order_boxes(a).unwrap();
    assert!(printed.iter().all(|b| b.printed_count == 1));
    assert!(
        printed
            .iter()
            .all(|b| b.last_printed_at.as_deref() == Some("2026-11-23T08:17:00Z"))
    );
    s.mark_printed(&[boxes[1].id], &later(3)).unwrap();
    assert_eq!(s.order_boxes(a).unwrap()[1].printed_count, 2);

    s.record_print(
        &PrintJob {
            kind: PrintKind::Picking,
            wave_id: Some(wave),
            detail: format!("wave {wave_number}"),
            pages: 2,
            target: "/tmp/wave.pdf".into(),
            ..Default::default()
        },
        &later(4),
    )
    .unwrap();

    let log = s.order_prints(a).unwrap();
    assert_eq!(log.len(), 2, "the order's own prints and its wave's: {log:?}");
    assert_eq!(log[0].kind, PrintKind::Picking, "newest first");
    assert_eq!(log[0].wave_number.as_deref(), Some(wave_number.as_str()));
    assert_eq!(log[1].id, job);
    assert_eq!(log[1].order_number.as_deref(), Some(na.as_str()));
    assert_eq!(
        (log[1].pages, log[1].target.as_str(), log[1].printed_by.as_str()),
        (3, "Zebra ZD421", "packer")
    );
    assert_eq!(s.order_prints(b).unwrap().len(), 1, "b sees the wave's list only");

    // a voided box's label is not printed again; a failed print records nothing
    s.assign_boxes(a, &[5400], &later(5)).unwrap();
    let jobs = s.count("print_jobs").unwrap();
    let e = s
        .record_print(
            &PrintJob {
                kind: PrintKind::Labels,
                order_id: Some(a),
                boxes: vec![boxes[2].id],
                ..Default::default()
            },
            &later(6),
        )
        .unwrap_err();
    assert!(e.to_string().contains("voided"), "{e}");
    assert_eq!(s.count("print_jobs").unwrap(), jobs);
    assert!(matches!(
        s.record_print(
            &PrintJob {
                order_id: Some(4242),
                ..Default::default()
            },
            &later(6)
        ),
        Err(Error::NotFound { .. })
    ));
}

// ---------------------------------------------------------------------------------------------
// location and product labels

#[test]
fn a_location_range_is_inclusive_and_in_walking_order() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    seed(&mut s);
    for (i, loc) in ["A-01-05-1", "A-02-09-1", "C-01-01-1"].iter().enumerate() {
        s.save_product(&product(&format!("X{i}"), loc, 1, 1), &stamp())
            .unwrap();
    }
    let all = s.locations_range("A-01-03-1", "C-01-01-1").unwrap();
    assert_eq!(
        all,
        [
            "A-01-03-1",
            "A-01-05-1",
            "A-01-07-2",
            "A-02-09-1",
            "A-02-05-1",
            "A-02-01-1",
            "B-01-01-1",
            "C-01-01-1"
        ]
    );
    // aisle 02 is walked downwards: 09, 05, 01
    assert_eq!(
        s.locations_range("A-02-09-1", "A-02-01-1").unwrap(),
        ["A-02-09-1", "A-02-05-1", "A-02-01-1"]
    );
    assert_eq!(
        s.locations_range("A-02-01-1", "A-02-09-1").unwrap(),
        ["A-02-09-1", "A-02-05-1", "A-02-01-1"],
        "the ends in either order"
    );
    assert_eq!(
        s.locations_range("B-01-01-1", "B-01-01-1").unwrap(),
        ["B-01-01-1"]
    );
    assert_eq!(
        s.locations_range(" a-01-05-1 ", "a-01-07-2").unwrap(),
        ["A-01-05-1", "A-01-07-2"]
    );
    match s.locations_range("A-01-03-1", "Z-99-99-9") {
        Err(Error::NotFound { entity, key }) => assert_eq!((entity, key.as_str()), ("location", "Z-99-99-9")),
        other => panic!("expected NotFound, got {other:?}"),
    }
}

#[test]
fn products_for_labels_by_sku_or_text() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    seed(&mut s);
    let mut p = product("EAN1", "D-01-01-1", 1, 1);
    p.ean13 = Some("4608105106908".into());
    s.save_product(&p, &stamp()).unwrap();
    let got = s.products_for_labels(&["EAN1", "P-NOWHERE"]).unwrap();
    assert_eq!(got.len(), 2);
    assert_eq!(
        (
            got[0].sku.as_str(),
            got[0].ean13.as_deref(),
            got[0].location.as_deref()
        ),
        ("EAN1", Some("4608105106908"), Some("D-01-01-1"))
    );
    assert_eq!(
        (got[1].ean13.as_deref(), got[1].location.as_deref()),
        (None, None)
    );
    assert!(got[1].name.contains("洗发水"));
    assert!(matches!(
        s.products_for_labels(&["NOPE"]),
        Err(Error::NotFound {
            entity: "product",
            ..
        })
    ));
    let found = s.products_for_labels_matching("p-a1", 0).unwrap();
    assert_eq!(
        found.iter().map(|p| p.sku.as_str()).collect::<Vec<_>>(),
        ["P-A1-HIGH", "P-A1-LOW", "P-A1-LOW-TWIN"]
    );
    assert_eq!(found[1].ean13, None);
}

// ---------------------------------------------------------------------------------------------
// settings

#[test]
fn gs1_prefix_and_print_settings_round_trip() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    assert_eq!(s.gs1_prefix().unwrap(), None);
    assert!(matches!(
        s.set_gs1_prefix(&Gs1Prefix::new(0, "12345"), &stamp()),
        Err(Error::Invalid(_))
    ));
    assert_eq!(s.gs1_prefix().unwrap(), None);
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();
    assert_eq!(s.gs1_prefix().unwrap(), Some(prefix()));
    let stored: String = raw(&path)
        .query_row("SELECT value FROM settings WHERE key = 'gs1.prefix'", [], |r| {
            r.get(0)
        })
        .unwrap();
    assert_eq!(stored, r#"{"extension":0,"company_prefix":"4601234"}"#);

    assert_eq!(s.print_settings().unwrap(), PrintSettings::default());
    let mut ps = PrintSettings {
        picking_moves_to_picking: true,
        ..Default::default()
    };
    ps.printers.insert(
        "labels".into(),
        PrinterChoice {
            printer: "Zebra ZD421".into(),
            media: "Custom.100x150mm".into(),
            zpl: true,
            dpi: 203,
        },
    );
    s.set_print_settings(&ps, &stamp()).unwrap();
    assert_eq!(s.print_settings().unwrap(), ps);
    assert_eq!(
        s.print_settings().unwrap().printer(PrintKind::Labels).printer,
        "Zebra ZD421"
    );
    assert_eq!(
        s.print_settings().unwrap().printer(PrintKind::Picking).media,
        "A4"
    );

    let mut bad = ps.clone();
    bad.printers.insert("fax".into(), PrinterChoice::default());
    assert!(matches!(
        s.set_print_settings(&bad, &stamp()),
        Err(Error::Invalid(_))
    ));
    assert_eq!(s.print_settings().unwrap(), ps);
}

// ---------------------------------------------------------------------------------------------
// demo data and migrations

#[test]
fn demo_data_prints_labels_out_of_the_box() {
    let (_d, path) = fresh();
    let mut s = Store::open(&path).unwrap();
    docket::demo::fill(
        &mut s,
        &docket::demo::DemoSpec {
            products: 60,
            customers: 8,
            orders: 40,
            seed: 7,
            anchor: t0(),
        },
    )
    .unwrap();
    assert_eq!(s.gs1_prefix().unwrap(), Some(docket::demo::demo_gs1_prefix()));
    let id: i64 = raw(&path)
        .query_row(
            "SELECT id FROM orders WHERE status NOT IN ('draft', 'awaiting_confirmation', 'credit_hold', 'cancelled')
             ORDER BY id DESC LIMIT 1",
            [],
            |r| r.get(0),
        )
        .unwrap();
    let plan = s.plan_boxes(id).unwrap();
    assert!(!plan.is_empty());
    let weights: Vec<i64> = plan.iter().map(|b| b.weight_g).collect();
    s.assign_boxes(id, &weights, &later(1)).unwrap();
    let l = s.label_order(id).unwrap();
    assert_eq!(l.box_count(), plan.len());
    assert!(!l.sender_name.is_empty());
    assert!(l.boxes.iter().all(|b| validate_sscc(&b.sscc).is_ok()));
    let p = s.picking_order(id).unwrap();
    let keys: Vec<(bool, Option<i64>)> = p
        .lines
        .iter()
        .map(|l| (l.location.is_none(), l.walk_sequence))
        .collect();
    assert!(keys.windows(2).all(|w| w[0] <= w[1]), "walking order: {keys:?}");
}

#[test]
fn migration_3_applies_to_a_file_of_the_previous_schema() {
    let (_d, path) = fresh();
    let m = store::migrations();
    let printing = m
        .iter()
        .find(|(_, title, _)| *title == "printing")
        .expect("migration 'printing'");
    let v = printing.0;
    assert_eq!(v, 3);
    // a version-2 file with data in it, as the previous Docket left it
    {
        let c = raw(&path);
        for (n, _, sql) in m.iter().filter(|(n, _, _)| *n < v) {
            c.execute_batch(sql).unwrap();
            c.execute_batch(&format!(
                "PRAGMA user_version = {n}; PRAGMA application_id = {APPLICATION_ID};"
            ))
            .unwrap();
        }
        c.execute_batch(
            "INSERT INTO customers (code, legal_name, created_at, updated_at) VALUES ('OLD', 'Old client', 'x', 'x');
             INSERT INTO counters (name, value) VALUES ('order_number', 41);",
        )
        .unwrap();
    }
    let mut s = Store::open(&path).unwrap();
    assert!(*LATEST_VERSION >= 3);
    assert_eq!(q(&path, "PRAGMA user_version"), *LATEST_VERSION);
    assert_eq!(s.count("boxes").unwrap(), 0);
    assert_eq!(s.count("print_jobs").unwrap(), 0);
    assert!(s.customer_by_code("OLD").unwrap().is_some(), "data kept");
    assert_eq!(store::list_backups(&path).len(), 1, "backed up before migrating");

    // and the migrated file works for printing
    let d = seed(&mut s);
    s.set_gs1_prefix(&prefix(), &stamp()).unwrap();
    let (id, number) = order(&mut s, &d, &[(1, 3)], OrderStatus::Released);
    assert!(number.ends_with("00042"), "{number}");
    assert_eq!(s.assign_boxes(id, &[1350], &later(1)).unwrap().len(), 1);
    // the partial unique index holds: two current boxes cannot share a number
    let e = raw(&path)
        .execute(
            "INSERT INTO boxes (order_id, box_no, weight_g, sscc, created_at, created_by, updated_at)
             VALUES (?1, 1, 0, '046012340000009990', 'x', 'x', 'x')",
            [id],
        )
        .unwrap_err();
    assert!(e.to_string().contains("UNIQUE"), "{e}");
}

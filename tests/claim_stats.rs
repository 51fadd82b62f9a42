//! Claim statistics: the store's figures against direct SQL on a demo database, an exact mean
//! answer time on a hand-made database and a known calendar, the command line (text, JSON,
//! CSV, a refused period), and what `docket demo` makes of claims, returns and contacts.

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};
use docket::domain::calendar::WorkCalendar;
use docket::domain::claim::*;
use docket::domain::customer::Customer;
use docket::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::store::claim_stats::ClaimStats;
use docket::store::claims::{local, to_utc};
use docket::store::{Stamp, Store, fmt_ts};
use rusqlite::Connection;
use std::collections::{BTreeMap, BTreeSet};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The demo's "now": a Monday morning.
fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap()
}

fn demo_file(dir: &Path, orders: usize, seed: u64) -> PathBuf {
    let path = dir.join("demo.sqlite");
    let mut s = Store::open(&path).unwrap();
    let n = docket::demo::fill(
        &mut s,
        &docket::demo::DemoSpec {
            products: 80,
            customers: 20,
            orders,
            seed,
            anchor: t0(),
        },
    )
    .unwrap();
    assert!(n.claims > 0 && n.contacts > 0, "{n:?}");
    path
}

/// The UTC bounds of local days, as the claims' times are stored.
fn bounds(from: NaiveDate, to: NaiveDate) -> (String, String) {
    (
        fmt_ts(to_utc(from.and_hms_opt(0, 0, 0).unwrap())),
        fmt_ts(to_utc((to + Duration::days(1)).and_hms_opt(0, 0, 0).unwrap())),
    )
}

fn one(c: &Connection, sql: &str, args: &[&dyn rusqlite::ToSql]) -> i64 {
    c.query_row(sql, args, |r| r.get(0)).unwrap()
}

fn groups(c: &Connection, sql: &str, args: &[&dyn rusqlite::ToSql]) -> BTreeMap<String, i64> {
    let mut st = c.prepare(sql).unwrap();
    st.query_map(args, |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap()
}

fn nonzero(list: &[docket::store::claim_stats::Tally]) -> BTreeMap<String, i64> {
    list.iter()
        .filter(|t| t.count > 0)
        .map(|t| (t.key.clone(), t.count))
        .collect()
}

/// Every figure recomputed from the file with plain SQL and Rust, independently of the store.
fn check_against_sql(path: &Path, s: &ClaimStats, now: NaiveDateTime) {
    let c = Connection::open(path).unwrap();
    let (a, b) = bounds(s.from, s.to);
    let p: [&dyn rusqlite::ToSql; 2] = [&a, &b];
    let period = "received_at >= ?1 AND received_at < ?2";
    let q = |extra: &str| {
        one(
            &c,
            &format!("SELECT COUNT(*) FROM claims WHERE {period} AND {extra}"),
            &p,
        )
    };
    assert_eq!(s.total, q("status <> 'cancelled'"));
    assert_eq!(s.cancelled, q("status = 'cancelled'"));
    assert_eq!(
        s.internal,
        q("status <> 'cancelled' AND channel = 'picking_control'")
    );
    assert_eq!(s.external, s.total - s.internal);
    assert_eq!(
        s.open,
        q("status IN ('registered', 'investigating', 'decided', 'answered')")
    );
    assert_eq!(s.answered, q("status <> 'cancelled' AND answered_at IS NOT NULL"));
    let g = |col: &str| {
        groups(
            &c,
            &format!(
                "SELECT {col}, COUNT(*) FROM claims WHERE {period} AND status <> 'cancelled' GROUP BY 1"
            ),
            &p,
        )
    };
    assert_eq!(nonzero(&s.by_kind), g("kind"));
    assert_eq!(nonzero(&s.by_channel), g("channel"));
    assert_eq!(nonzero(&s.by_status), g("status"));
    assert_eq!(nonzero(&s.by_culprit), g("COALESCE(culprit, 'undecided')"));
    assert_eq!(nonzero(&s.by_decision), g("COALESCE(decision, 'undecided')"));
    let customers = groups(
        &c,
        &format!(
            "SELECT c.code, COUNT(*) FROM claims k JOIN customers c ON c.id = k.customer_id
             WHERE k.{period} AND k.status <> 'cancelled' GROUP BY c.code"
        ),
        &p,
    );
    let mine: BTreeMap<String, i64> = s.by_customer.iter().map(|t| (t.code.clone(), t.count)).collect();
    assert_eq!(mine, customers);
    assert!(
        s.by_customer.windows(2).all(|w| w[0].count >= w[1].count),
        "most claims first"
    );
    let people = groups(
        &c,
        &format!(
            "SELECT culprit || '|' || trim(culprit_name), COUNT(*) FROM claims
             WHERE {period} AND status <> 'cancelled'
               AND culprit IN ('picker', 'checker', 'packer', 'driver') GROUP BY 1"
        ),
        &p,
    );
    let mine: BTreeMap<String, i64> = s
        .by_person
        .iter()
        .map(|t| (format!("{}|{}", t.role, t.name), t.count))
        .collect();
    assert_eq!(mine, people);

    // late and the answer times, from the raw rows
    let now_utc = fmt_ts(to_utc(now));
    let mut st = c
        .prepare(&format!(
            "SELECT received_at, due_at, answered_at FROM claims WHERE {period} AND status <> 'cancelled'"
        ))
        .unwrap();
    let rows: Vec<(String, String, Option<String>)> = st
        .query_map(p, |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let late_answered = rows
        .iter()
        .filter(|(_, due, ans)| ans.as_ref().is_some_and(|a| a > due))
        .count() as i64;
    let late_open = rows
        .iter()
        .filter(|(_, due, ans)| ans.is_none() && *due < now_utc)
        .count() as i64;
    assert_eq!(s.late_answered, late_answered);
    assert_eq!(s.late_open, late_open);
    assert_eq!(s.late, late_answered + late_open);
    assert_eq!(s.answered_on_time, s.answered - late_answered);
    let cal = WorkCalendar::default(); // the demo keeps the default calendar
    let at = |t: &str| local(docket::store::parse_ts(t).unwrap());
    let minutes: Vec<i64> = rows
        .iter()
        .filter_map(|(r, _, a)| a.as_ref().map(|a| cal.working_minutes_between(at(r), at(a))))
        .collect();
    let mean =
        (!minutes.is_empty()).then(|| minutes.iter().sum::<i64>() as f64 / minutes.len() as f64 / 60.0);
    match (s.mean_answer_hours, mean) {
        (Some(x), Some(y)) => assert!((x - y).abs() < 1e-9, "{x} vs {y}"),
        (x, y) => assert_eq!(x, y),
    }

    // the share of orders with a claim
    let mut st = c
        .prepare(&format!(
            "SELECT id FROM orders WHERE {period} AND released_at IS NOT NULL AND status <> 'cancelled'"
        ))
        .unwrap();
    let orders: BTreeSet<i64> = st
        .query_map(p, |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let mut st = c
        .prepare("SELECT DISTINCT order_id FROM claims WHERE status <> 'cancelled'")
        .unwrap();
    let claimed: BTreeSet<i64> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    let with = orders.intersection(&claimed).count() as i64;
    assert_eq!(s.orders, orders.len() as i64);
    assert_eq!(s.orders_with_claim, with);
    if s.orders > 0 {
        assert!((s.share_of_orders - with as f64 / s.orders as f64).abs() < 1e-12);
    }

    // the trend covers the period and adds up
    assert_eq!(s.trend.first().unwrap().start, s.from);
    assert_eq!(s.trend.last().unwrap().end, s.to);
    assert!(
        s.trend
            .windows(2)
            .all(|w| w[0].end + Duration::days(1) == w[1].start)
    );
    assert_eq!(s.trend.iter().map(|t| t.total).sum::<i64>(), s.total);
    assert_eq!(s.trend.iter().map(|t| t.internal).sum::<i64>(), s.internal);
    assert_eq!(s.trend.iter().map(|t| t.late).sum::<i64>(), s.late);
    assert_eq!(
        s.answers_by_kind.iter().map(|k| k.answered).sum::<i64>(),
        s.answered
    );
    assert_eq!(s.answers_by_kind.iter().map(|k| k.late).sum::<i64>(), s.late);
}

#[test]
fn statistics_of_a_demo_database_match_direct_sql() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path(), 400, 11);
    let store = Store::open(&path).unwrap();
    let now = local(t0());
    let today = now.date();
    for (from, to) in [
        (today - Duration::days(70), today), // everything: weekly trend
        (today - Duration::days(13), today - Duration::days(2)), // a slice
        (today - Duration::days(400), today), // monthly trend
        (today + Duration::days(1), today + Duration::days(9)), // nothing yet
    ] {
        let s = store.claim_stats(from, to, now).unwrap();
        check_against_sql(&path, &s, now);
    }
    let all = store.claim_stats(today - Duration::days(70), today, now).unwrap();
    assert_eq!(all.trend_step, "week");
    assert!(all.total >= 20, "{all:?}");
    assert!(all.internal > 0 && all.external > 0);
    assert!(all.late_answered > 0 && all.late_open > 0, "late ones: {all:?}");
    assert!(all.by_person.iter().any(|p| p.role == "picker"));
    assert!(all.mean_answer_hours.is_some_and(|h| h > 0.0));
    assert!(all.share_of_orders > 0.0 && all.share_of_orders < 1.0);
    let long = store
        .claim_stats(today - Duration::days(400), today, now)
        .unwrap();
    assert_eq!(long.trend_step, "month");
    assert_eq!(long.total, all.total, "the demo is 60 days deep");
    let empty = store
        .claim_stats(today + Duration::days(1), today + Duration::days(9), now)
        .unwrap();
    assert_eq!((empty.total, empty.orders, empty.share_of_orders), (0, 0, 0.0));
    assert_eq!(empty.mean_answer_hours, None);
    // a period that ends before it starts is refused
    let e = store
        .claim_stats(today, today - Duration::days(1), now)
        .unwrap_err();
    assert!(e.to_string().contains("after it ends"), "{e}");
}

#[test]
fn demo_makes_claims_returns_and_contacts_across_the_loop() {
    let dir = tempfile::tempdir().unwrap();
    let path = demo_file(dir.path(), 400, 11);
    let c = Connection::open(&path).unwrap();
    let q = |sql: &str| one(&c, sql, &[]);
    // every kind and channel, internal claims from picking control
    assert_eq!(
        q("SELECT COUNT(DISTINCT kind) FROM claims"),
        ClaimKind::ALL.len() as i64
    );
    assert_eq!(
        q("SELECT COUNT(DISTINCT channel) FROM claims"),
        ClaimChannel::ALL.len() as i64
    );
    assert!(
        q("SELECT COUNT(*) FROM claims k JOIN orders o ON o.id = k.order_id
           WHERE k.channel = 'picking_control' AND o.status IN ('checking', 'packed')")
            > 0
            || q("SELECT COUNT(*) FROM orders WHERE status IN ('checking', 'packed')") < 3,
        "picking-control errors on orders on the board"
    );
    // statuses across the loop
    for status in ["registered", "investigating", "answered", "closed", "cancelled"] {
        assert!(
            q(&format!("SELECT COUNT(*) FROM claims WHERE status = '{status}'")) > 0,
            "no claim is {status}"
        );
    }
    assert_eq!(
        q("SELECT COUNT(*) FROM claims WHERE status = 'cancelled' AND trim(cancel_reason) <> ''"),
        1
    );
    // followed up: satisfied, and one not satisfied that reopened its claim
    assert!(q("SELECT COUNT(*) FROM callbacks WHERE result = 'satisfied'") > 0);
    assert_eq!(
        q("SELECT COUNT(*) FROM callbacks WHERE result = 'not_satisfied'"),
        1
    );
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM claims k JOIN callbacks b ON b.claim_id = k.id
           WHERE b.result = 'not_satisfied' AND k.status = 'investigating' AND k.closed_at IS NULL"
        ),
        1
    );
    // calls back done, due today and overdue
    let today = local(t0()).date().to_string();
    assert!(q("SELECT COUNT(*) FROM callbacks WHERE result = 'done'") > 0);
    assert!(
        one(
            &c,
            "SELECT COUNT(*) FROM callbacks WHERE done_at IS NULL AND due_on = ?1",
            &[&today]
        ) >= 2
    );
    assert!(
        one(
            &c,
            "SELECT COUNT(*) FROM callbacks WHERE done_at IS NULL AND due_on < ?1",
            &[&today]
        ) > 0
    );
    // evidence, photos that are real PNGs
    assert!(q("SELECT COUNT(*) FROM claim_evidence") > 0);
    let mut st = c
        .prepare("SELECT data FROM claim_files WHERE mime = 'image/png'")
        .unwrap();
    let photos: Vec<Vec<u8>> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(!photos.is_empty());
    for p in &photos {
        image::load_from_memory(p).unwrap();
    }
    // a full return (the order keeps the rest) and a driver's return under a claim
    assert_eq!(q("SELECT COUNT(*) FROM returns WHERE kind = 'full'"), 1);
    assert!(q("SELECT COUNT(*) FROM returns WHERE kind = 'driver' AND claim_id IS NOT NULL") >= 1);
    assert_eq!(
        q("SELECT COUNT(*) FROM orders o WHERE NOT EXISTS
               (SELECT 1 FROM order_lines l WHERE l.order_id = o.id)"),
        0,
        "every order keeps lines"
    );
    // contacts with people in every script
    assert!(q("SELECT COUNT(*) FROM contacts") >= 24);
    let mut st = c.prepare("SELECT person FROM contacts").unwrap();
    let people: Vec<String> = st
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<rusqlite::Result<_>>()
        .unwrap();
    assert!(people.iter().any(|p| p.chars().any(|c| ('а'..='я').contains(&c))));
    assert!(
        people
            .iter()
            .any(|p| p.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)))
    );
    assert!(people.iter().any(|p| p.contains(['ł', 'ą', 'ę', 'ś', 'ż', 'Ł'])));
    // nothing stamped in the demo's future, claims never before their order
    let now = fmt_ts(t0());
    for (table, col) in [
        ("claims", "received_at"),
        ("claims", "updated_at"),
        ("claim_events", "at"),
        ("contacts", "at"),
        ("returns", "received_at"),
        ("audit_log", "at"),
    ] {
        assert_eq!(
            one(
                &c,
                &format!("SELECT COUNT(*) FROM {table} WHERE {col} > ?1"),
                &[&now]
            ),
            0,
            "{table}.{col} after the demo's now"
        );
    }
    assert_eq!(
        q(
            "SELECT COUNT(*) FROM claims k JOIN orders o ON o.id = k.order_id WHERE k.received_at < o.received_at"
        ),
        0
    );
    let s = Store::open(&path).unwrap();
    assert!(s.check().unwrap().ok);
}

// ---------------------------------------------------------------------------------------------
// an exact mean answer time on a known calendar

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn stamp(t: NaiveDateTime) -> Stamp {
    Stamp::at("tester", to_utc(t))
}

#[test]
fn mean_answer_time_in_working_hours_is_exact() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hand.sqlite");
    let mut s = Store::open(&path).unwrap();
    let setup = stamp(at(2026, 10, 1, 9, 0));
    // Monday to Friday, 09:00-17:00 (8 working hours a day); claims answered within 2 days
    let cal = WorkCalendar {
        day_end: NaiveTime::from_hms_opt(17, 0, 0).unwrap(),
        ..WorkCalendar::default()
    };
    s.set_setting(docket::store::board::keys::CALENDAR, &cal, &setup)
        .unwrap();
    s.set_setting(docket::store::claims::keys::ANSWER_DAYS, &2i64, &setup)
        .unwrap();
    let cust = s
        .save_customer(
            &Customer {
                code: "K1".into(),
                legal_name: "ООО «Ромашка-Опт»".into(),
                credit_limit_minor: 1_000_000_00,
                ..Default::default()
            },
            &setup,
        )
        .unwrap();
    let product = s
        .save_product(
            &Product {
                sku: "P1".into(),
                name: "Шампунь 400 мл".into(),
                unit: "шт".into(),
                units_per_box: 12,
                active: true,
                ..Default::default()
            },
            &setup,
        )
        .unwrap();
    let order = |s: &mut Store, when: NaiveDateTime| {
        s.create_order(
            &OrderDraft {
                customer_id: cust.id,
                delivery_point_id: None,
                channel: Channel::Phone,
                wanted_date: None,
                self_pickup: true,
                priority: 0,
                comment: String::new(),
                lines: vec![DraftLine {
                    product_id: product.id,
                    quantity: 10,
                    unit: "шт".into(),
                }],
                credit_override: None,
            },
            OrderStatus::Released,
            &stamp(when),
        )
        .unwrap()
        .0
    };
    // (received, answered, kind, channel)
    let cases = [
        // Monday 10:00 -> Monday 15:30: 5.5 h
        (
            at(2026, 11, 2, 10, 0),
            Some(at(2026, 11, 2, 15, 30)),
            ClaimKind::Shortage,
            ClaimChannel::Phone,
        ),
        // Friday 16:00 -> Monday 11:00: 1 h + 2 h = 3 h (internal)
        (
            at(2026, 11, 6, 16, 0),
            Some(at(2026, 11, 9, 11, 0)),
            ClaimKind::MisSort,
            ClaimChannel::PickingControl,
        ),
        // Saturday 12:00 -> Tuesday 10:30: 8 h + 1.5 h = 9.5 h (due Wednesday 09:00: on time)
        (
            at(2026, 11, 7, 12, 0),
            Some(at(2026, 11, 10, 10, 30)),
            ClaimKind::Defect,
            ClaimChannel::Email,
        ),
        // Monday 09:00 -> Thursday 12:00: 8 + 8 + 8 + 3 = 27 h (due Wednesday 09:00: late)
        (
            at(2026, 11, 2, 9, 0),
            Some(at(2026, 11, 5, 12, 0)),
            ClaimKind::Shortage,
            ClaimChannel::Letter,
        ),
        // Tuesday 10:00, never answered: due Thursday 10:00, late at "now"
        (
            at(2026, 11, 3, 10, 0),
            None,
            ClaimKind::Damaged,
            ClaimChannel::Phone,
        ),
    ];
    for (received, answered, kind, channel) in cases {
        let oid = order(&mut s, received - Duration::hours(30));
        let (id, _) = s
            .register_claim(
                &ClaimDraft {
                    order_id: oid,
                    kind,
                    channel,
                    received_at: received,
                    client_words: String::new(),
                    lang: ActLang::Ru,
                    lines: vec![ClaimLineDraft {
                        product_id: product.id,
                        quantity: 1,
                        amount_minor: 100_00,
                        note: String::new(),
                    }],
                },
                &stamp(received),
            )
            .unwrap();
        let Some(answered) = answered else { continue };
        let step = answered - Duration::minutes(10);
        s.move_claim(id, 1, ClaimStatus::Investigating, "", &stamp(step))
            .unwrap();
        s.decide_claim(
            id,
            2,
            &DecisionDraft {
                decision: Decision::Accepted,
                culprit: Culprit::Picker,
                culprit_name: " Иванова ".into(),
                remedy: Remedy::Redelivery,
                compensation_minor: 0,
                insurance_case: String::new(),
                note: String::new(),
            },
            &stamp(step),
        )
        .unwrap();
        s.move_claim(id, 4, ClaimStatus::Answered, "", &stamp(answered))
            .unwrap();
    }
    // a cancelled claim in the period and one received before it: neither counts; their
    // orders: one in the period (its only claim is cancelled), one before it
    for (ordered, received, cancel) in [
        (at(2026, 11, 3, 8, 0), at(2026, 11, 4, 11, 0), true),
        (at(2026, 10, 28, 9, 0), at(2026, 10, 30, 11, 0), false),
    ] {
        let oid = order(&mut s, ordered);
        let (id, _) = s
            .register_claim(
                &ClaimDraft {
                    order_id: oid,
                    kind: ClaimKind::Documents,
                    channel: ClaimChannel::Email,
                    received_at: received,
                    client_words: String::new(),
                    lang: ActLang::Ru,
                    lines: Vec::new(),
                },
                &stamp(received),
            )
            .unwrap();
        if cancel {
            s.move_claim(id, 1, ClaimStatus::Cancelled, "duplicate", &stamp(received))
                .unwrap();
        }
    }
    // an order of the period without a claim
    order(&mut s, at(2026, 11, 10, 12, 0));

    let now = at(2026, 11, 20, 12, 0);
    let st = s
        .claim_stats(
            NaiveDate::from_ymd_opt(2026, 11, 1).unwrap(),
            NaiveDate::from_ymd_opt(2026, 11, 15).unwrap(),
            now,
        )
        .unwrap();
    assert_eq!(st.total, 5);
    assert_eq!(st.cancelled, 1);
    assert_eq!((st.internal, st.external), (1, 4));
    assert_eq!(st.answered, 4);
    assert_eq!(st.mean_answer_hours, Some(11.25)); // (5.5 + 3 + 9.5 + 27) / 4
    assert_eq!((st.late, st.late_answered, st.late_open), (2, 1, 1));
    assert_eq!(st.answered_on_time, 3);
    assert_eq!(st.open, 5, "answered claims are open until closed");
    let shortage = st.answers_by_kind.iter().find(|k| k.key == "shortage").unwrap();
    assert_eq!((shortage.count, shortage.answered, shortage.late), (2, 2, 1));
    assert_eq!(shortage.mean_answer_hours, Some(16.25)); // (5.5 + 27) / 2
    assert_eq!(st.by_kind[0].key, "shortage");
    assert_eq!(st.by_kind[0].count, 2);
    assert!((st.by_kind[0].share - 0.4).abs() < 1e-12);
    assert_eq!(
        nonzero(&st.by_culprit),
        BTreeMap::from([("picker".to_string(), 4), ("undecided".to_string(), 1)])
    );
    assert_eq!(st.by_person.len(), 1);
    assert_eq!(
        (
            st.by_person[0].role.as_str(),
            st.by_person[0].name.as_str(),
            st.by_person[0].count
        ),
        ("picker", "Иванова", 4)
    );
    assert_eq!(st.by_customer.len(), 1);
    assert_eq!(st.by_customer[0].count, 5);
    // orders of the period: the five claimed ones (received 30 hours before their claims),
    // the one whose only claim is cancelled and the one without a claim
    assert_eq!(st.orders, 7);
    assert_eq!(st.orders_with_claim, 5);
    assert!((st.share_of_orders - 5.0 / 7.0).abs() < 1e-12);
    assert_eq!(st.trend_step, "week");
    let weeks: Vec<(NaiveDate, i64, i64, i64)> = st
        .trend
        .iter()
        .map(|p| (p.start, p.total, p.internal, p.late))
        .collect();
    let d = |day| NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
    assert_eq!(weeks, vec![(d(1), 0, 0, 0), (d(2), 5, 1, 2), (d(9), 0, 0, 0),]);
}

// ---------------------------------------------------------------------------------------------
// the command line

fn docket<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("USER", "cli-test")
        .output()
        .expect("the docket binary runs")
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

/// JSON values equal, numbers to 1e-9 (a float printed and read back may differ in its last bit).
fn assert_json_close(a: &serde_json::Value, b: &serde_json::Value, at: &str) {
    use serde_json::Value::*;
    match (a, b) {
        (Number(x), Number(y)) => {
            let (x, y) = (x.as_f64().unwrap(), y.as_f64().unwrap());
            assert!((x - y).abs() <= 1e-9 * x.abs().max(1.0), "{at}: {x} vs {y}");
        }
        (Array(x), Array(y)) => {
            assert_eq!(x.len(), y.len(), "{at}: lengths");
            for (i, (x, y)) in x.iter().zip(y).enumerate() {
                assert_json_close(x, y, &format!("{at}[{i}]"));
            }
        }
        (Object(x), Object(y)) => {
            assert_eq!(
                x.keys().collect::<Vec<_>>(),
                y.keys().collect::<Vec<_>>(),
                "{at}: keys"
            );
            for (k, v) in x {
                assert_json_close(v, &y[k], &format!("{at}.{k}"));
            }
        }
        _ => assert_eq!(a, b, "{at}"),
    }
}

fn stats_args<'a>(db: &'a Path, from: &'a str, to: &'a str) -> Vec<&'a OsStr> {
    vec![
        OsStr::new("claims"),
        "stats".as_ref(),
        "--db".as_ref(),
        db.as_os_str(),
        "--from".as_ref(),
        from.as_ref(),
        "--to".as_ref(),
        to.as_ref(),
    ]
}

#[test]
fn cli_prints_the_store_figures_as_json_text_and_csv() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path(), 200, 4);
    let today = local(t0()).date();
    let from = (today - Duration::days(60)).to_string();
    let to = today.to_string();

    // JSON: the store's figures, judged at the moment the command says
    let mut args = stats_args(&db, &from, &to);
    args.push("--json".as_ref());
    let o = docket(&args);
    assert!(o.status.success(), "{}", describe(&o));
    let v: serde_json::Value =
        serde_json::from_slice(&o.stdout).unwrap_or_else(|e| panic!("not JSON ({e})\n{}", describe(&o)));
    for key in [
        "total",
        "by_kind",
        "by_culprit",
        "by_customer",
        "late",
        "mean_answer_hours",
    ] {
        assert!(v.get(key).is_some(), "no {key} in {v}");
    }
    let now: NaiveDateTime = serde_json::from_value(v["now"].clone()).unwrap();
    let store = Store::open(&db).unwrap();
    let mine = store.claim_stats(today - Duration::days(60), today, now).unwrap();
    assert_json_close(&v, &serde_json::to_value(&mine).unwrap(), "");
    assert!(mine.total > 0);

    // text, and the CSV beside it
    let csv_path = dir.path().join("stats.csv");
    let mut args = stats_args(&db, &from, &to);
    args.push("--csv".as_ref());
    args.push(csv_path.as_os_str());
    let o = docket(&args);
    assert!(o.status.success(), "{}", describe(&o));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("By kind"), "{text}");
    let total_line = text
        .lines()
        .find(|l| l.trim_start().starts_with("Total"))
        .unwrap();
    assert!(
        total_line.split_whitespace().nth(1) == Some(mine.total.to_string().as_str()),
        "{text}"
    );
    assert!(text.contains(&csv_path.display().to_string()), "{text}");

    let bytes = std::fs::read(&csv_path).unwrap();
    assert!(bytes.starts_with(&[0xEF, 0xBB, 0xBF]), "a BOM for Excel");
    let mut r = csv::ReaderBuilder::new().delimiter(b';').from_reader(&bytes[3..]);
    let header: Vec<String> = r.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(header.len(), 6);
    assert_eq!(header[0], "Section");
    let rows: Vec<Vec<String>> = r
        .records()
        .map(|x| x.unwrap().iter().map(str::to_string).collect())
        .collect();
    let find = |section: &str, key: &str| -> Vec<String> {
        rows.iter()
            .find(|r| r[0] == section && r[1] == key)
            .unwrap_or_else(|| panic!("no row {section};{key}"))
            .clone()
    };
    assert_eq!(find("summary", "total")[3], mine.total.to_string());
    assert_eq!(find("summary", "late")[3], mine.late.to_string());
    assert_eq!(find("period", "from")[2], from);
    let kinds: i64 = rows
        .iter()
        .filter(|r| r[0] == "kind")
        .map(|r| r[3].parse::<i64>().unwrap())
        .sum();
    assert_eq!(kinds, mine.total);
    let customers: i64 = rows
        .iter()
        .filter(|r| r[0] == "customer")
        .map(|r| r[3].parse::<i64>().unwrap())
        .sum();
    assert_eq!(customers, mine.total);
    if let Some(h) = mine.mean_answer_hours {
        // decimal comma, two places
        assert_eq!(
            find("summary", "answered")[5],
            format!("{h:.2}").replace('.', ",")
        );
    }
    assert_eq!(
        rows.iter().filter(|r| r[0] == mine.trend_step).count(),
        mine.trend.len()
    );
}

#[test]
fn cli_refuses_a_period_that_ends_before_it_starts() {
    let dir = tempfile::tempdir().unwrap();
    let db = demo_file(dir.path(), 30, 2);
    let csv_path = dir.path().join("never.csv");
    let mut args = stats_args(&db, "2026-11-20", "2026-11-01");
    args.push("--csv".as_ref());
    args.push(csv_path.as_os_str());
    let o = docket(&args);
    assert!(!o.status.success(), "{}", describe(&o));
    assert_ne!(o.status.code(), Some(101), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(!err.contains("panicked"), "{}", describe(&o));
    assert!(
        err.contains("--from 2026-11-20 is after --to 2026-11-01"),
        "{}",
        describe(&o)
    );
    assert!(!csv_path.exists(), "nothing written");
    // a file that is not there is not created
    let missing = dir.path().join("missing.sqlite");
    let o = docket(stats_args(&missing, "2026-11-01", "2026-11-20"));
    assert!(!o.status.success(), "{}", describe(&o));
    assert!(!missing.exists());
}

//! The document register in the store, on real SQLite files: the life of an outgoing document
//! (sent, signed copy back, handed to accounting; lost and reissued; back steps; cancelled and
//! never deleted), two windows on one document, due days from Settings, overdue signed copies
//! per client, search in every script, the scan that receives a signed copy (and the bad scans
//! that change nothing), and registries from candidates to hand-over.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::document::*;
use docket::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::error::Error;
use docket::store::claims::local;
use docket::store::documents::{DocumentFilter, DocumentRow};
use docket::store::{Stamp, Store};

struct Fx {
    _dir: tempfile::TempDir,
    store: Store,
    /// ООО «Ромашка», 北京贸易有限公司, Łódź Spółka z o.o.
    customers: [i64; 3],
    /// A delivered order of each customer.
    orders: [i64; 3],
    order_numbers: [String; 3],
    /// A self-pickup order of the first customer.
    pickup: i64,
}

/// A fixed moment: 2026-11-`day` at `hour`:00 UTC.
fn t(day: u32, hour: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, day, hour, 0, 0).unwrap()
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn anna(at: DateTime<Utc>) -> Stamp {
    Stamp::at("Анна Егорова", at)
}

fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("documents.sqlite")).unwrap();
    let st = anna(t(1, 8));
    let product = s
        .save_product(
            &Product {
                sku: "SH-400".into(),
                name: "洗发水 清扬 400毫升 / Шампунь".into(),
                unit: "шт".into(),
                units_per_box: 6,
                weight_g: 400,
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap()
        .id;
    let mut customers = [0; 3];
    let mut orders = [0; 3];
    let mut order_numbers: [String; 3] = Default::default();
    let people = [
        ("RU-1", "ООО «Ромашка»", "+7 495 123-45-67", "buh@romashka.ru"),
        (
            "CN-2",
            "北京贸易有限公司",
            "+86 10 8888 0000",
            "office@beijing-trade.cn",
        ),
        ("PL-3", "Łódź Spółka z o.o.", "+48 42 123 45 67", "biuro@lodz.pl"),
    ];
    for (i, (code, name, phone, email)) in people.into_iter().enumerate() {
        let c = s
            .save_customer(
                &Customer {
                    code: code.into(),
                    legal_name: name.into(),
                    phone: phone.into(),
                    email: email.into(),
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        let dp = s
            .save_delivery_point(
                &DeliveryPoint {
                    customer_id: c.id,
                    address: "ul. Piotrkowska 1, Łódź".into(),
                    route: "R-1".into(),
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        let (oid, number, _) = s
            .create_order(
                &order_draft(c.id, Some(dp.id), product),
                OrderStatus::Released,
                &st,
            )
            .unwrap();
        customers[i] = c.id;
        orders[i] = oid;
        order_numbers[i] = number;
    }
    let (pickup, _, _) = s
        .create_order(
            &order_draft(customers[0], None, product),
            OrderStatus::Released,
            &st,
        )
        .unwrap();
    Fx {
        _dir: dir,
        store: s,
        customers,
        orders,
        order_numbers,
        pickup,
    }
}

/// An order of 12 shampoos: delivered to `point`, or picked up by the client when None.
fn order_draft(customer: i64, point: Option<i64>, product: i64) -> OrderDraft {
    OrderDraft {
        customer_id: customer,
        delivery_point_id: point,
        self_pickup: point.is_none(),
        channel: Channel::Phone,
        lines: vec![DraftLine {
            product_id: product,
            quantity: 12,
            unit: "шт".into(),
        }],
        ..Default::default()
    }
}

fn waybill(customer: i64, number: &str, on: NaiveDate, orders: &[i64]) -> DocumentDraft {
    DocumentDraft {
        kind: DocKind::Waybill,
        direction: Direction::Outgoing,
        number: number.into(),
        doc_date: on,
        customer_id: Some(customer),
        counterparty: String::new(),
        amount_minor: Some(1_234_50),
        comment: String::new(),
        order_ids: orders.to_vec(),
    }
}

fn row(s: &Store, id: i64) -> DocumentRow {
    s.document(id).unwrap().row
}

fn version(s: &Store, id: i64) -> i64 {
    row(s, id).version
}

/// Every row of the document tables (and the audit log's size), to prove a refused write
/// changed nothing.
fn dump(s: &Store) -> String {
    let c = rusqlite::Connection::open(s.path()).unwrap();
    let mut out = String::new();
    for table in [
        "documents",
        "document_events",
        "document_orders",
        "registries",
        "registry_documents",
        "counters",
    ] {
        let mut st = c
            .prepare(&format!("SELECT * FROM {table} ORDER BY 1, 2"))
            .unwrap();
        let n = st.column_count();
        let mut rows = st.query([]).unwrap();
        while let Some(r) = rows.next().unwrap() {
            out.push_str(table);
            for i in 0..n {
                out.push_str(&format!(" | {:?}", r.get_ref(i).unwrap()));
            }
            out.push('\n');
        }
    }
    let audit: i64 = c
        .query_row("SELECT COUNT(*) FROM audit_log", [], |r| r.get(0))
        .unwrap();
    out.push_str(&format!("audit_log {audit}\n"));
    out
}

#[test]
fn an_outgoing_document_lives_from_issued_to_handed_with_events_and_audit() {
    let mut fx = fixture();
    let st = anna(t(2, 9));
    let (id, code) = fx
        .store
        .register_document(
            &waybill(fx.customers[0], " РН-000123 ", date(11, 2), &[fx.orders[0]]),
            &st,
        )
        .unwrap();
    assert_eq!(code, register_code(id));
    let d = fx.store.document(id).unwrap();
    assert_eq!(d.row.status, DocStatus::Issued);
    assert_eq!(d.row.number, "РН-000123", "the number is stored trimmed");
    assert_eq!(d.row.customer_name, "ООО «Ромашка»");
    assert_eq!(d.row.customer_code, "RU-1");
    assert_eq!(
        d.row.due_on,
        Some(date(11, 12)),
        "10 days from the document's date"
    );
    assert_eq!(d.row.order_numbers, vec![fx.order_numbers[0].clone()]);
    assert_eq!(d.orders, vec![(fx.orders[0], fx.order_numbers[0].clone())]);
    assert_eq!(d.events.len(), 1);
    assert_eq!(d.events[0].from, None);
    assert_eq!(d.events[0].to, DocStatus::Issued);
    assert_eq!(d.row.created_by, "Анна Егорова");
    assert_eq!(d.row.created_at, t(2, 9));
    assert_eq!(fx.store.audit_count("document", id).unwrap(), 1);
    let docs = fx.store.order_documents(fx.orders[0]).unwrap();
    assert_eq!(docs.iter().map(|d| d.id).collect::<Vec<_>>(), vec![id]);
    assert!(fx.store.order_documents(fx.orders[1]).unwrap().is_empty());

    // a step the life does not allow is refused with the reason
    let e = fx
        .store
        .move_document(id, d.row.version, DocStatus::Handed, None, "Бухгалтерия", "", &st)
        .unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    // sent needs how
    let e = fx
        .store
        .move_document(id, d.row.version, DocStatus::Sent, None, "", "", &st)
        .unwrap_err();
    assert!(e.to_string().contains("sent_via"), "{e}");
    assert_eq!(row(&fx.store, id).status, DocStatus::Issued);

    // sent by e-mail three days later: the signed copy is due 10 days after sending
    let sent_at = t(5, 12);
    fx.store
        .move_document(
            id,
            d.row.version,
            DocStatus::Sent,
            Some(SentVia::Email),
            "",
            "",
            &anna(sent_at),
        )
        .unwrap();
    let r = row(&fx.store, id);
    assert_eq!(r.status, DocStatus::Sent);
    assert_eq!(r.sent_via, Some(SentVia::Email));
    assert_eq!(r.sent_at, Some(sent_at));
    assert_eq!(r.due_on, Some(local(sent_at).date() + Duration::days(10)));
    assert_eq!(r.version, d.row.version + 1);

    // the signed copy is back
    let back = t(9, 10);
    fx.store
        .move_document(
            id,
            r.version,
            DocStatus::Signed,
            None,
            "",
            "",
            &Stamp::at("Wang Wei 王伟", back),
        )
        .unwrap();
    let r = row(&fx.store, id);
    assert_eq!(r.status, DocStatus::Signed);
    assert_eq!(r.received_at, Some(back));
    assert_eq!(
        r.overdue_days(date(12, 31)),
        None,
        "a signed copy is never overdue"
    );

    // handed to accounting: who took it is required
    let e = fx
        .store
        .move_document(id, r.version, DocStatus::Handed, None, "  ", "", &anna(t(10, 9)))
        .unwrap_err();
    assert!(e.to_string().contains("who took"), "{e}");
    fx.store
        .move_document(
            id,
            r.version,
            DocStatus::Handed,
            None,
            " Бухгалтерия: Петрова Л. ",
            "",
            &anna(t(10, 9)),
        )
        .unwrap();
    let d = fx.store.document(id).unwrap();
    assert_eq!(d.row.status, DocStatus::Handed);
    assert_eq!(d.row.handed_to, "Бухгалтерия: Петрова Л.");
    assert_eq!(d.row.handed_at, Some(t(10, 9)));
    let steps: Vec<(Option<DocStatus>, DocStatus, &str)> =
        d.events.iter().map(|e| (e.from, e.to, e.by.as_str())).collect();
    assert_eq!(
        steps,
        vec![
            (None, DocStatus::Issued, "Анна Егорова"),
            (Some(DocStatus::Issued), DocStatus::Sent, "Анна Егорова"),
            (Some(DocStatus::Sent), DocStatus::Signed, "Wang Wei 王伟"),
            (Some(DocStatus::Signed), DocStatus::Handed, "Анна Егорова"),
        ]
    );
    assert_eq!(d.events[2].at, back);
    assert!(d.events.iter().all(|e| e.registry_number.is_none()));
    assert_eq!(
        fx.store.audit_count("document", id).unwrap(),
        4,
        "one audit row per write, none for the refused ones"
    );
}

#[test]
fn a_lost_document_is_reissued_and_points_at_its_replacement() {
    let mut fx = fixture();
    let mut draft = waybill(fx.customers[2], "WZ/11/2026/7", date(11, 3), &[fx.orders[2]]);
    draft.comment = "Dostawa z magazynu Łódź".into();
    let (id, _) = fx.store.register_document(&draft, &anna(t(3, 9))).unwrap();
    // only a lost document is reissued
    let e = fx
        .store
        .reissue_document(
            id,
            version(&fx.store, id),
            "WZ/11/2026/7A",
            date(11, 20),
            &anna(t(20, 9)),
        )
        .unwrap_err();
    assert!(e.to_string().contains("only a lost document"), "{e}");
    fx.store
        .move_document(
            id,
            1,
            DocStatus::Sent,
            Some(SentVia::Goods),
            "",
            "",
            &anna(t(3, 15)),
        )
        .unwrap();
    // a loss needs a reason
    let e = fx
        .store
        .move_document(id, 2, DocStatus::Lost, None, "", "", &anna(t(18, 11)))
        .unwrap_err();
    assert!(e.to_string().contains("say why"), "{e}");
    fx.store
        .move_document(
            id,
            2,
            DocStatus::Lost,
            None,
            "",
            "Klient nie znalazł egzemplarza",
            &anna(t(18, 11)),
        )
        .unwrap();
    assert_eq!(row(&fx.store, id).lost_at, Some(t(18, 11)));
    // reissuing names the version read
    let e = fx
        .store
        .reissue_document(id, 2, "WZ/11/2026/7A", date(11, 20), &anna(t(20, 9)))
        .unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    let (new_id, new_code) = fx
        .store
        .reissue_document(id, 3, "WZ/11/2026/7A", date(11, 20), &anna(t(20, 9)))
        .unwrap();
    assert_eq!(new_code, register_code(new_id));
    let old = fx.store.document(id).unwrap();
    let new = fx.store.document(new_id).unwrap();
    assert_eq!(old.row.status, DocStatus::Reissued);
    assert_eq!(old.row.replaced_by, Some(new_id));
    assert_eq!(new.row.replaces_id, Some(id));
    assert_eq!(new.row.replaced_by, None);
    assert_eq!(new.row.status, DocStatus::Issued);
    assert_eq!(new.row.number, "WZ/11/2026/7A");
    assert_eq!(new.row.doc_date, date(11, 20));
    assert_eq!(new.row.due_on, Some(date(11, 30)));
    assert_eq!(new.row.kind, DocKind::Waybill);
    assert_eq!(new.row.customer_id, Some(fx.customers[2]));
    assert_eq!(new.row.amount_minor, Some(1_234_50));
    assert_eq!(new.row.comment, "Dostawa z magazynu Łódź");
    assert_eq!(new.orders, old.orders);
    let last = old.events.last().unwrap();
    assert_eq!((last.from, last.to), (Some(DocStatus::Lost), DocStatus::Reissued));
    assert!(last.note.contains("WZ/11/2026/7A"), "{}", last.note);
    assert!(
        new.events[0].note.contains(&register_code(id)),
        "{}",
        new.events[0].note
    );
    // a reissued document takes no further step and is not corrected
    let v = old.row.version;
    let e = fx
        .store
        .move_document(
            id,
            v,
            DocStatus::Sent,
            Some(SentVia::Email),
            "",
            "found",
            &anna(t(21, 9)),
        )
        .unwrap_err();
    assert!(e.to_string().contains("not allowed"), "{e}");
    let e = fx
        .store
        .update_document(
            id,
            v,
            &waybill(fx.customers[2], "X", date(11, 3), &[]),
            &anna(t(21, 9)),
        )
        .unwrap_err();
    assert!(e.to_string().contains("reissued"), "{e}");
}

#[test]
fn back_steps_need_a_note_and_clear_what_the_undone_step_set() {
    let mut fx = fixture();
    let (id, _) = fx
        .store
        .register_document(
            &waybill(fx.customers[0], "РН-1", date(11, 2), &[]),
            &anna(t(2, 9)),
        )
        .unwrap();
    fx.store
        .move_document(
            id,
            1,
            DocStatus::Sent,
            Some(SentVia::Courier),
            "",
            "",
            &anna(t(6, 12)),
        )
        .unwrap();
    assert_eq!(
        row(&fx.store, id).due_on,
        Some(local(t(6, 12)).date() + Duration::days(10))
    );
    let e = fx
        .store
        .move_document(id, 2, DocStatus::Issued, None, "", " ", &anna(t(6, 13)))
        .unwrap_err();
    assert!(e.to_string().contains("say why"), "{e}");
    assert_eq!(row(&fx.store, id).status, DocStatus::Sent);
    fx.store
        .move_document(
            id,
            2,
            DocStatus::Issued,
            None,
            "",
            "курьер не забрал",
            &anna(t(6, 13)),
        )
        .unwrap();
    let r = row(&fx.store, id);
    assert_eq!(r.status, DocStatus::Issued);
    assert_eq!((r.sent_via, r.sent_at), (None, None));
    assert_eq!(r.due_on, Some(date(11, 12)), "due from the document's date again");
    // signed → sent (a wrong scan) clears the receipt
    fx.store
        .move_document(
            id,
            3,
            DocStatus::Sent,
            Some(SentVia::Goods),
            "",
            "",
            &anna(t(7, 9)),
        )
        .unwrap();
    fx.store
        .move_document(id, 4, DocStatus::Signed, None, "", "", &anna(t(8, 9)))
        .unwrap();
    assert!(row(&fx.store, id).received_at.is_some());
    fx.store
        .move_document(
            id,
            5,
            DocStatus::Sent,
            None,
            "",
            "отсканирован не тот экземпляр",
            &anna(t(8, 10)),
        )
        .unwrap();
    let r = row(&fx.store, id);
    assert_eq!(r.status, DocStatus::Sent);
    assert_eq!(r.received_at, None);
    assert_eq!(r.sent_via, Some(SentVia::Goods), "still sent as it was");
    assert_eq!(r.sent_at, Some(t(7, 9)));
    // handed → signed clears the hand-over
    fx.store
        .move_document(id, 6, DocStatus::Signed, None, "", "", &anna(t(9, 9)))
        .unwrap();
    fx.store
        .move_document(id, 7, DocStatus::Handed, None, "Бухгалтерия", "", &anna(t(9, 10)))
        .unwrap();
    fx.store
        .move_document(id, 8, DocStatus::Signed, None, "", "", &anna(t(9, 11)))
        .unwrap_err();
    fx.store
        .move_document(id, 8, DocStatus::Signed, None, "", "не та пачка", &anna(t(9, 11)))
        .unwrap();
    let d = fx.store.document(id).unwrap();
    assert_eq!(d.row.status, DocStatus::Signed);
    assert_eq!((d.row.handed_at, d.row.handed_to.as_str()), (None, ""));
    assert_eq!(d.events.last().unwrap().note, "не та пачка");
}

#[test]
fn a_document_is_cancelled_with_a_reason_and_never_deleted() {
    let mut fx = fixture();
    let (id, _) = fx
        .store
        .register_document(
            &waybill(fx.customers[1], "出库单-88", date(11, 4), &[fx.orders[1]]),
            &anna(t(4, 9)),
        )
        .unwrap();
    let e = fx
        .store
        .move_document(id, 1, DocStatus::Cancelled, None, "", "", &anna(t(4, 10)))
        .unwrap_err();
    assert!(e.to_string().contains("say why"), "{e}");
    fx.store
        .move_document(
            id,
            1,
            DocStatus::Cancelled,
            None,
            "",
            " выписан не на тот склад ",
            &anna(t(4, 10)),
        )
        .unwrap();
    let r = row(&fx.store, id);
    assert_eq!(r.status, DocStatus::Cancelled);
    assert_eq!(r.cancel_reason, "выписан не на тот склад");
    assert_eq!(r.overdue_days(date(12, 31)), None);
    let e = fx
        .store
        .update_document(
            id,
            r.version,
            &waybill(fx.customers[1], "出库单-89", date(11, 4), &[]),
            &anna(t(4, 11)),
        )
        .unwrap_err();
    assert!(e.to_string().contains("cancelled"), "{e}");

    let before = dump(&fx.store);
    let c = rusqlite::Connection::open(fx.store.path()).unwrap();
    let e = c.execute("DELETE FROM documents", []).unwrap_err();
    assert!(e.to_string().contains("never deleted"), "{e}");
    let e = c
        .execute("DELETE FROM documents WHERE id = ?1", [id])
        .unwrap_err();
    assert!(e.to_string().contains("never deleted"), "{e}");
    assert_eq!(dump(&fx.store), before);
    assert_eq!(fx.store.count("documents").unwrap(), 1);
}

#[test]
fn two_windows_on_one_document_never_overwrite_each_other() {
    let mut fx = fixture();
    let draft = waybill(fx.customers[0], "РН-500", date(11, 5), &[fx.orders[0]]);
    let (id, _) = fx.store.register_document(&draft, &anna(t(5, 9))).unwrap();
    let mut other = Store::open(fx.store.path()).unwrap();
    let v = version(&fx.store, id);
    assert_eq!(version(&other, id), v);

    let mut mine = draft.clone();
    mine.amount_minor = Some(999_00);
    mine.comment = "сумма исправлена".into();
    fx.store.update_document(id, v, &mine, &anna(t(5, 10))).unwrap();
    let mut theirs = draft.clone();
    theirs.number = "РН-501".into();
    let before = dump(&fx.store);
    let e = other
        .update_document(id, v, &theirs, &Stamp::at("Łucja Kowalska", t(5, 11)))
        .unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    let e = other
        .move_document(
            id,
            v,
            DocStatus::Sent,
            Some(SentVia::Email),
            "",
            "",
            &Stamp::at("Łucja", t(5, 11)),
        )
        .unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    assert_eq!(dump(&fx.store), before, "nothing was overwritten");
    let r = row(&other, id);
    assert_eq!(r.number, "РН-500");
    assert_eq!(r.amount_minor, Some(999_00));
    assert_eq!(r.comment, "сумма исправлена");
    assert_eq!(r.version, v + 1);
    // the search text follows the correction
    let found = other
        .documents(&DocumentFilter {
            text: "ИСПРАВЛЕНА".into(),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(found.len(), 1);
    // the correction replaces the order links and is audited with what changed
    let mut relinked = mine.clone();
    relinked.order_ids = vec![fx.pickup];
    other
        .update_document(id, v + 1, &relinked, &anna(t(5, 12)))
        .unwrap();
    let d = fx.store.document(id).unwrap();
    assert_eq!(d.orders.iter().map(|o| o.0).collect::<Vec<_>>(), vec![fx.pickup]);
    let c = rusqlite::Connection::open(fx.store.path()).unwrap();
    let changes: String = c
        .query_row(
            "SELECT changes FROM audit_log WHERE entity = 'document' AND entity_id = ?1 ORDER BY id DESC LIMIT 1",
            [id],
            |r| r.get(0),
        )
        .unwrap();
    let v: serde_json::Value = serde_json::from_str(&changes).unwrap();
    assert!(v.get("order_ids").is_some(), "{v}");
    assert!(v.get("amount_minor").is_none(), "only what changed: {v}");
}

#[test]
fn due_days_come_from_settings() {
    let mut fx = fixture();
    let st = anna(t(1, 9));
    let days = fx.store.document_due_days().unwrap();
    assert_eq!(days.0.len(), DocKind::ALL.len(), "every kind listed");
    assert_eq!(days.days(DocKind::Waybill), 10);
    assert_eq!(days.days(DocKind::Invoice), 0);
    let bad = DueDays([(DocKind::Act, 400)].into_iter().collect());
    assert!(fx.store.save_document_due_days(&bad, &st).is_err());
    assert_eq!(fx.store.document_due_days().unwrap().days(DocKind::Act), 10);
    let custom = DueDays(
        [(DocKind::Waybill, 5), (DocKind::Invoice, 3)]
            .into_iter()
            .collect(),
    );
    fx.store.save_document_due_days(&custom, &st).unwrap();
    let days = fx.store.document_due_days().unwrap();
    assert_eq!(days.days(DocKind::Waybill), 5);
    assert_eq!(days.days(DocKind::Invoice), 3);
    assert_eq!(days.days(DocKind::Act), 10, "a kind left out keeps its default");
    assert_eq!(days.0.len(), DocKind::ALL.len());

    let on = date(11, 10);
    let (w, _) = fx
        .store
        .register_document(&waybill(fx.customers[0], "РН-10", on, &[]), &st)
        .unwrap();
    assert_eq!(row(&fx.store, w).due_on, Some(date(11, 15)));
    let mut inv = waybill(fx.customers[0], "СФ-10", on, &[]);
    inv.kind = DocKind::Invoice;
    let (i, _) = fx.store.register_document(&inv, &st).unwrap();
    assert_eq!(row(&fx.store, i).due_on, Some(date(11, 13)));
    let mut pa = waybill(fx.customers[0], "Дов-1", on, &[]);
    pa.kind = DocKind::PowerOfAttorney;
    let (p, _) = fx.store.register_document(&pa, &st).unwrap();
    assert_eq!(row(&fx.store, p).due_on, None, "no signed copy expected");
    let incoming = DocumentDraft {
        kind: DocKind::Act,
        direction: Direction::Incoming,
        customer_id: None,
        counterparty: "Henkel Polska Sp. z o.o.".into(),
        ..waybill(fx.customers[0], "AKT/1", on, &[])
    };
    let (a, _) = fx.store.register_document(&incoming, &st).unwrap();
    let r = row(&fx.store, a);
    assert_eq!(r.status, DocStatus::Received);
    assert_eq!(r.due_on, None);
    assert_eq!(
        r.customer_name, "Henkel Polska Sp. z o.o.",
        "the supplier stands for the customer"
    );

    // a correction of the kind recomputes the due date; once sent, from the sending day
    let mut act = waybill(fx.customers[0], "РН-10", on, &[]);
    act.kind = DocKind::Act;
    fx.store.update_document(w, 1, &act, &st).unwrap();
    assert_eq!(row(&fx.store, w).due_on, Some(date(11, 20)));
    fx.store
        .move_document(
            w,
            2,
            DocStatus::Sent,
            Some(SentVia::Goods),
            "",
            "",
            &anna(t(14, 12)),
        )
        .unwrap();
    let sent_day = local(t(14, 12)).date();
    assert_eq!(row(&fx.store, w).due_on, Some(sent_day + Duration::days(10)));
    fx.store
        .update_document(w, 3, &waybill(fx.customers[0], "РН-10", on, &[]), &st)
        .unwrap();
    assert_eq!(row(&fx.store, w).due_on, Some(sent_day + Duration::days(5)));
}

#[test]
fn overdue_signed_copies_are_listed_per_client_most_overdue_first() {
    let mut fx = fixture();
    let st = anna(t(1, 9));
    let [ru, cn, pl] = fx.customers;
    let mut reg = |customer: i64, number: &str, on: NaiveDate, amount: i64| {
        let mut d = waybill(customer, number, on, &[]);
        d.amount_minor = Some(amount);
        fx.store.register_document(&d, &st).unwrap().0
    };
    // due on doc date + 10
    let ru_a = reg(ru, "РН-1", date(11, 1), 100_00); // due 11-11
    let ru_b = reg(ru, "РН-2", date(11, 8), 50_00); // due 11-18
    let cn_a = reg(cn, "出库单-1", date(10, 20), 300_00); // due 10-30
    let pl_a = reg(pl, "WZ-1", date(11, 5), 70_00); // due 11-15
    let pl_b = reg(pl, "WZ-2", date(11, 12), 80_00); // due 11-22: not overdue on 11-20
    let ru_c = reg(ru, "РН-3", date(10, 1), 10_00); // due 10-11, but its copy is back
    let mut inv = waybill(pl, "FV-1", date(9, 1), &[]);
    inv.kind = DocKind::Invoice; // no signed copy expected
    fx.store.register_document(&inv, &st).unwrap();
    fx.store
        .move_document(ru_c, 1, DocStatus::Signed, None, "", "", &anna(t(2, 9)))
        .unwrap();
    // a document sent later is due from its sending day: РН-2 sent 11-12 is due 11-22
    fx.store
        .move_document(
            ru_b,
            1,
            DocStatus::Sent,
            Some(SentVia::Email),
            "",
            "",
            &anna(t(12, 12)),
        )
        .unwrap();
    let ru_b_due = local(t(12, 12)).date() + Duration::days(10);

    let today = date(11, 20);
    let clients = fx.store.overdue_documents(today).unwrap();
    let names: Vec<(&str, i64, usize)> = clients
        .iter()
        .map(|c| (c.customer_name.as_str(), c.max_days_overdue, c.documents.len()))
        .collect();
    assert_eq!(
        names,
        vec![
            ("北京贸易有限公司", 21, 1),
            ("ООО «Ромашка»", 9, if ru_b_due < today { 2 } else { 1 }),
            ("Łódź Spółka z o.o.", 5, 1),
        ]
    );
    assert_eq!(clients[0].documents[0].id, cn_a);
    assert_eq!(clients[0].phone, "+86 10 8888 0000");
    assert_eq!(clients[0].email, "office@beijing-trade.cn");
    assert_eq!(clients[0].customer_code, "CN-2");
    assert_eq!(clients[0].amount_minor, 300_00);
    assert_eq!(clients[1].documents[0].id, ru_a);
    assert_eq!(clients[1].documents[0].overdue_days(today), Some(9));
    assert_eq!(clients[2].documents[0].id, pl_a);
    assert_eq!(clients[2].email, "biuro@lodz.pl");
    assert!(
        clients
            .iter()
            .all(|c| c.documents.iter().all(|d| d.id != pl_b && d.id != ru_c))
    );

    // a week later the rest are overdue too, most overdue first within each client
    let later = date(11, 27);
    let clients = fx.store.overdue_documents(later).unwrap();
    let ru_client = clients.iter().find(|c| c.customer_id == ru).unwrap();
    assert_eq!(
        ru_client.documents.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![ru_a, ru_b]
    );
    assert_eq!(ru_client.amount_minor, 150_00);
    let pl_client = clients.iter().find(|c| c.customer_id == pl).unwrap();
    assert_eq!(
        pl_client
            .documents
            .iter()
            .map(|d| (d.id, d.overdue_days(later)))
            .collect::<Vec<_>>(),
        vec![(pl_a, Some(12)), (pl_b, Some(5))]
    );
    // the register's overdue filter agrees
    let listed: Vec<i64> = fx
        .store
        .documents(&DocumentFilter {
            overdue_on: Some(today),
            ..Default::default()
        })
        .unwrap()
        .iter()
        .map(|d| d.id)
        .collect();
    let mut expected = vec![ru_a, cn_a, pl_a];
    if ru_b_due < today {
        expected.push(ru_b);
    }
    let mut sorted = listed.clone();
    sorted.sort();
    expected.sort();
    assert_eq!(sorted, expected);
    // nothing is overdue on the first day
    assert!(fx.store.overdue_documents(date(10, 1)).unwrap().is_empty());
}

#[test]
fn the_register_is_searched_by_number_customer_and_comment_in_any_case_and_script() {
    let mut fx = fixture();
    let st = anna(t(1, 9));
    let [ru, cn, pl] = fx.customers;
    let mut a = waybill(ru, "РН-000777", date(11, 3), &[fx.orders[0]]);
    a.comment = "Срочно: ЁЛКИ к празднику".into();
    let (a, _) = fx.store.register_document(&a, &st).unwrap();
    let (b, _) = fx
        .store
        .register_document(&waybill(cn, "出库单-2026-15", date(11, 4), &[fx.orders[1]]), &st)
        .unwrap();
    let mut c = waybill(pl, "WZ/2026/ŁÓD/9", date(11, 5), &[fx.orders[2]]);
    c.kind = DocKind::Act;
    c.comment = "Zwrot palet, Żółw".into();
    let (c, _) = fx.store.register_document(&c, &st).unwrap();
    let find = |text: &str| -> Vec<i64> {
        fx.store
            .documents(&DocumentFilter {
                text: text.into(),
                ..Default::default()
            })
            .unwrap()
            .iter()
            .map(|d| d.id)
            .collect()
    };
    assert_eq!(find(""), vec![c, b, a], "newest document date first");
    assert_eq!(find("рн-000777"), vec![a]);
    assert_eq!(find("000777"), vec![a]);
    assert_eq!(find("ромашка"), vec![a]);
    assert_eq!(find("РОМАШКА"), vec![a]);
    assert_eq!(find("北京"), vec![b]);
    assert_eq!(find("出库单"), vec![b]);
    assert_eq!(find("ŁÓDŹ"), vec![c]);
    assert_eq!(find("łódź spółka"), vec![c]);
    assert_eq!(find("żÓŁW"), vec![c], "comment, Polish, any case");
    assert_eq!(find("елки"), vec![a], "ё and е alike");
    assert_eq!(find("праздник срочно"), vec![a], "every word, in any order");
    assert_eq!(find("праздник żółw"), Vec::<i64>::new());
    assert_eq!(
        find(&register_code(b).to_lowercase()),
        vec![b],
        "by register code"
    );
    assert_eq!(find(&fx.order_numbers[2]), vec![c], "by order number");
    assert_eq!(find("RU-1"), vec![a], "by customer code");
    assert_eq!(
        find("%"),
        Vec::<i64>::new(),
        "LIKE wildcards are plain characters"
    );
    // the other filters
    let f =
        |f: DocumentFilter| -> Vec<i64> { fx.store.documents(&f).unwrap().iter().map(|d| d.id).collect() };
    assert_eq!(
        f(DocumentFilter {
            kind: Some(DocKind::Act),
            ..Default::default()
        }),
        vec![c]
    );
    assert_eq!(
        f(DocumentFilter {
            customer_id: Some(cn),
            ..Default::default()
        }),
        vec![b]
    );
    assert_eq!(
        f(DocumentFilter {
            from: Some(date(11, 4)),
            to: Some(date(11, 4)),
            ..Default::default()
        }),
        vec![b]
    );
    assert_eq!(
        f(DocumentFilter {
            limit: Some(2),
            ..Default::default()
        }),
        vec![c, b]
    );
    assert_eq!(
        f(DocumentFilter {
            status: Some(DocStatus::Sent),
            ..Default::default()
        }),
        Vec::<i64>::new()
    );
    assert_eq!(
        f(DocumentFilter {
            direction: Some(Direction::Outgoing),
            text: "wz".into(),
            ..Default::default()
        }),
        vec![c]
    );
}

#[test]
fn scanning_a_signed_copy_receives_it_and_bad_scans_change_nothing() {
    let mut fx = fixture();
    let st = anna(t(2, 9));
    let (good, code) = fx
        .store
        .register_document(
            &waybill(fx.customers[0], "123", date(11, 2), &[fx.orders[0]]),
            &st,
        )
        .unwrap();
    let (cancelled, _) = fx
        .store
        .register_document(&waybill(fx.customers[1], "124", date(11, 2), &[]), &st)
        .unwrap();
    fx.store
        .move_document(cancelled, 1, DocStatus::Cancelled, None, "", "ошибка", &st)
        .unwrap();
    let (sent, _) = fx
        .store
        .register_document(&waybill(fx.customers[2], "125", date(11, 2), &[]), &st)
        .unwrap();
    fx.store
        .move_document(sent, 1, DocStatus::Sent, Some(SentVia::Goods), "", "", &st)
        .unwrap();
    let incoming = DocumentDraft {
        kind: DocKind::ReturnDoc,
        direction: Direction::Incoming,
        ..waybill(fx.customers[0], "ВОЗ-77", date(11, 2), &[])
    };
    let (inc, _) = fx.store.register_document(&incoming, &st).unwrap();

    // the good scan: issued → signed, with who and when
    let scanned_at = t(12, 14);
    let r = fx
        .store
        .receive_scan(&format!("  {code} "), &Stamp::at("Łucja Kowalska", scanned_at))
        .unwrap();
    assert_eq!(r.id, good);
    assert_eq!(r.code, code);
    assert_eq!(r.number, "123");
    assert_eq!(r.kind, DocKind::Waybill);
    assert_eq!(r.customer_name, "ООО «Ромашка»");
    assert_eq!(r.was, DocStatus::Issued);
    let d = fx.store.document(good).unwrap();
    assert_eq!(d.row.status, DocStatus::Signed);
    assert_eq!(d.row.received_at, Some(scanned_at));
    let last = d.events.last().unwrap();
    assert_eq!(
        (last.from, last.to, last.by.as_str()),
        (Some(DocStatus::Issued), DocStatus::Signed, "Łucja Kowalska")
    );
    assert_eq!(last.note, "scanned");
    // a sent one, scanned with the Russian keyboard layout on
    let r = fx
        .store
        .receive_scan(&register_code(sent).replace("DOC", "ВЩС"), &st)
        .unwrap();
    assert_eq!((r.id, r.was), (sent, DocStatus::Sent));

    let before = dump(&fx.store);
    let refuse = |store: &mut Store, scan: &str| -> String {
        let e = store.receive_scan(scan, &anna(t(13, 9))).unwrap_err();
        e.to_string()
    };
    // the same copy again: when and by whom
    let e = refuse(&mut fx.store, &code);
    assert!(e.contains(&code), "{e}");
    assert!(e.contains("waybill 123"), "{e}");
    assert!(e.contains("already received"), "{e}");
    assert!(
        e.contains(&local(scanned_at).format("%Y-%m-%d %H:%M").to_string()),
        "{e}"
    );
    assert!(e.contains("Łucja Kowalska"), "{e}");
    // an unknown document
    let e = fx.store.receive_scan("DOC-0999999", &st).unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    assert!(e.to_string().contains("DOC-0999999"), "{e}");
    // not a register code at all
    let e = refuse(&mut fx.store, "4601234567890");
    assert!(e.contains("not a document register code"), "{e}");
    assert!(e.contains("4601234567890"), "{e}");
    let e = refuse(&mut fx.store, "ЩЩЩ-1");
    assert!(e.contains("ЩЩЩ-1"), "{e}");
    // a cancelled one, and an incoming one
    let e = refuse(&mut fx.store, &register_code(cancelled));
    assert!(e.contains("cancelled") && e.contains("ошибка"), "{e}");
    let e = refuse(&mut fx.store, &register_code(inc));
    assert!(e.contains("incoming"), "{e}");
    assert_eq!(dump(&fx.store), before, "no bad scan changed anything");

    // handed over afterwards, it is still "already received", with when and by whom
    let v = version(&fx.store, good);
    fx.store
        .move_document(
            good,
            v,
            DocStatus::Handed,
            None,
            "Бухгалтерия",
            "",
            &anna(t(14, 9)),
        )
        .unwrap();
    let before = dump(&fx.store);
    let e = refuse(&mut fx.store, &code);
    assert!(
        e.contains("already received") && e.contains("Łucja Kowalska"),
        "{e}"
    );
    assert_eq!(dump(&fx.store), before);
}

#[test]
fn registries_list_hand_over_and_refuse_a_second_hand_over() {
    let mut fx = fixture();
    let st = anna(t(3, 9));
    let day = date(11, 3);
    let [ru, cn, _] = fx.customers;
    // delivered order's waybill, an invoice of no order, the self-pickup's waybill, yesterday's
    // waybill and an incoming return document
    let (a, _) = fx
        .store
        .register_document(&waybill(ru, "РН-1", day, &[fx.orders[0]]), &st)
        .unwrap();
    let mut inv = waybill(cn, "发票-1", day, &[]);
    inv.kind = DocKind::Invoice;
    let (b, _) = fx.store.register_document(&inv, &st).unwrap();
    let (p, _) = fx
        .store
        .register_document(&waybill(ru, "РН-2", day, &[fx.pickup]), &st)
        .unwrap();
    let (y, _) = fx
        .store
        .register_document(&waybill(ru, "РН-0", date(11, 2), &[fx.orders[0]]), &st)
        .unwrap();
    let incoming = DocumentDraft {
        direction: Direction::Incoming,
        kind: DocKind::ReturnDoc,
        ..waybill(ru, "ВОЗ-1", day, &[])
    };
    fx.store.register_document(&incoming, &st).unwrap();
    let ids = |rows: Vec<DocumentRow>| rows.iter().map(|d| d.id).collect::<Vec<_>>();
    let mut ship = ids(fx
        .store
        .registry_candidates(RegistryKind::Shipments, day)
        .unwrap());
    ship.sort();
    assert_eq!(ship, vec![a, b]);
    assert_eq!(
        ids(fx
            .store
            .registry_candidates(RegistryKind::SelfPickup, day)
            .unwrap()),
        vec![p]
    );
    assert_eq!(
        ids(fx
            .store
            .registry_candidates(RegistryKind::Shipments, date(11, 2))
            .unwrap()),
        vec![y]
    );
    assert!(
        fx.store
            .registry_candidates(RegistryKind::Accounting, day)
            .unwrap()
            .is_empty()
    );

    // building one: at least one document, each fitting the kind
    let e = fx
        .store
        .create_registry(RegistryKind::Shipments, day, &[], "", &st)
        .unwrap_err();
    assert!(e.to_string().contains("at least one"), "{e}");
    let before = dump(&fx.store);
    let (rid, number) = fx
        .store
        .create_registry(RegistryKind::Shipments, day, &[a, b], "Маршрут R-1", &st)
        .unwrap();
    assert_eq!(number, registry_number(2026, 1));
    assert_ne!(dump(&fx.store), before);
    let r = fx.store.registry(rid).unwrap();
    assert_eq!(
        r.documents.iter().map(|d| d.id).collect::<Vec<_>>(),
        vec![a, b],
        "in the order given"
    );
    assert_eq!(r.row.documents, 2);
    assert_eq!(r.row.amount_minor, 2 * 1_234_50);
    assert_eq!(r.row.kind, RegistryKind::Shipments);
    assert_eq!(r.row.comment, "Маршрут R-1");
    assert_eq!(r.row.handed_at, None);
    assert_eq!(
        fx.store.registry_for(RegistryKind::Shipments, day).unwrap(),
        Some(rid)
    );
    assert_eq!(
        fx.store.registry_for(RegistryKind::SelfPickup, day).unwrap(),
        None
    );
    assert!(
        fx.store
            .registry_candidates(RegistryKind::Shipments, day)
            .unwrap()
            .is_empty()
    );
    // none twice in one kind, none of another status
    let before = dump(&fx.store);
    let e = fx
        .store
        .create_registry(RegistryKind::Shipments, day, &[a], "", &st)
        .unwrap_err();
    assert!(
        e.to_string().contains(&register_code(a)) && e.to_string().contains(&number),
        "{e}"
    );
    assert_eq!(dump(&fx.store), before, "the refused registry took no number");
    let e = fx
        .store
        .create_registry(RegistryKind::Accounting, day, &[p], "", &st)
        .unwrap_err();
    assert!(
        e.to_string().contains(&register_code(p)) && e.to_string().contains("signed"),
        "{e}"
    );
    let (pid, pnumber) = fx
        .store
        .create_registry(RegistryKind::SelfPickup, day, &[p], "", &st)
        .unwrap();
    assert_eq!(pnumber, registry_number(2026, 2));
    let listed: Vec<i64> = fx
        .store
        .registries(Some(day), Some(day))
        .unwrap()
        .iter()
        .map(|r| r.id)
        .collect();
    assert_eq!(listed, vec![pid, rid], "newest first");
    assert!(fx.store.registries(Some(date(11, 4)), None).unwrap().is_empty());

    // the invoice went by e-mail before the driver left: it is counted as already sent
    fx.store
        .move_document(
            b,
            1,
            DocStatus::Sent,
            Some(SentVia::Email),
            "",
            "",
            &anna(t(3, 11)),
        )
        .unwrap();
    let v = fx.store.registry(rid).unwrap().row.version;
    let handed_at = t(3, 16);
    let out = fx
        .store
        .hand_over_registry(rid, v, "Водитель Кузнецов В. П.", &anna(handed_at))
        .unwrap();
    assert_eq!((out.moved, out.already), (1, 1));
    let da = fx.store.document(a).unwrap();
    assert_eq!(da.row.status, DocStatus::Sent);
    assert_eq!(da.row.sent_via, Some(SentVia::Goods));
    assert_eq!(da.row.sent_at, Some(handed_at));
    assert_eq!(da.row.due_on, Some(local(handed_at).date() + Duration::days(10)));
    let last = da.events.last().unwrap();
    assert_eq!((last.from, last.to), (Some(DocStatus::Issued), DocStatus::Sent));
    assert_eq!(last.registry_number.as_deref(), Some(number.as_str()));
    assert_eq!(
        da.registries,
        vec![(rid, number.clone(), RegistryKind::Shipments)]
    );
    let db = fx.store.document(b).unwrap();
    assert_eq!(db.row.sent_via, Some(SentVia::Email), "left as it was");
    assert!(db.events.iter().all(|e| e.registry_number.is_none()));
    let r = fx.store.registry(rid).unwrap().row;
    assert_eq!(r.handed_at, Some(handed_at));
    assert_eq!(r.handed_by.as_deref(), Some("Анна Егорова"));
    assert_eq!(r.handed_to, "Водитель Кузнецов В. П.");

    // a second hand-over is refused, saying when and by whom; a stale version is a conflict
    let before = dump(&fx.store);
    let e = fx
        .store
        .hand_over_registry(rid, v, "", &anna(t(3, 17)))
        .unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    let e = fx
        .store
        .hand_over_registry(rid, r.version, "", &anna(t(3, 17)))
        .unwrap_err()
        .to_string();
    assert!(e.contains("already handed over"), "{e}");
    assert!(
        e.contains(&local(handed_at).format("%Y-%m-%d %H:%M").to_string()),
        "{e}"
    );
    assert!(e.contains("Анна Егорова"), "{e}");
    assert_eq!(dump(&fx.store), before);

    // the self-pickup one: a document lost meanwhile refuses the whole hand-over, by name
    fx.store
        .move_document(p, 1, DocStatus::Lost, None, "", "клиент потерял", &st)
        .unwrap();
    let before = dump(&fx.store);
    let pv = fx.store.registry(pid).unwrap().row.version;
    let e = fx
        .store
        .hand_over_registry(pid, pv, "Klient", &anna(t(3, 18)))
        .unwrap_err()
        .to_string();
    assert!(e.contains(&register_code(p)) && e.contains("lost"), "{e}");
    assert_eq!(dump(&fx.store), before);

    // accounting takes the signed copies received on or before its day
    let back = t(10, 12);
    fx.store.receive_scan(&register_code(a), &anna(back)).unwrap();
    let back_day = local(back).date();
    assert!(
        fx.store
            .registry_candidates(RegistryKind::Accounting, back_day - Duration::days(1))
            .unwrap()
            .is_empty()
    );
    assert_eq!(
        ids(fx
            .store
            .registry_candidates(RegistryKind::Accounting, back_day)
            .unwrap()),
        vec![a]
    );
    assert_eq!(
        ids(fx
            .store
            .registry_candidates(RegistryKind::Accounting, date(11, 30))
            .unwrap()),
        vec![a]
    );
    let (acc, _) = fx
        .store
        .create_registry(RegistryKind::Accounting, date(11, 30), &[a], "", &st)
        .unwrap();
    assert!(
        fx.store
            .registry_candidates(RegistryKind::Accounting, date(11, 30))
            .unwrap()
            .is_empty()
    );
    let av = fx.store.registry(acc).unwrap().row.version;
    let before = dump(&fx.store);
    let e = fx
        .store
        .hand_over_registry(acc, av, " ", &anna(t(30, 9)))
        .unwrap_err();
    assert!(e.to_string().contains("accounting"), "{e}");
    assert_eq!(dump(&fx.store), before);
    let out = fx
        .store
        .hand_over_registry(acc, av, "Бухгалтерия: Петрова Л.", &anna(t(30, 9)))
        .unwrap();
    assert_eq!((out.moved, out.already), (1, 0));
    let da = fx.store.document(a).unwrap();
    assert_eq!(da.row.status, DocStatus::Handed);
    assert_eq!(da.row.handed_to, "Бухгалтерия: Петрова Л.");
    assert_eq!(da.row.handed_at, Some(t(30, 9)));
    assert_eq!(da.registries.len(), 2);
    let acc_number = fx.store.registry(acc).unwrap().row.number;
    assert_eq!(
        da.events.last().unwrap().registry_number.as_deref(),
        Some(acc_number.as_str())
    );
    assert!(fx.store.audit_count("registry", acc).unwrap() >= 2);
}

#[test]
fn documents_are_registered_only_with_the_customers_own_orders() {
    let mut fx = fixture();
    let st = anna(t(2, 9));
    let before = dump(&fx.store);
    // the Chinese client's order on the Russian client's waybill
    let e = fx
        .store
        .register_document(
            &waybill(
                fx.customers[0],
                "РН-9",
                date(11, 2),
                &[fx.orders[0], fx.orders[1]],
            ),
            &st,
        )
        .unwrap_err();
    let msg = e.to_string();
    assert!(matches!(e, Error::Invalid(_)), "{msg}");
    assert!(msg.contains(&fx.order_numbers[1]), "names the order: {msg}");
    assert!(msg.contains("北京贸易有限公司"), "{msg}");
    // an unknown customer or order
    let e = fx
        .store
        .register_document(&waybill(9999, "РН-9", date(11, 2), &[]), &st)
        .unwrap_err();
    assert!(
        matches!(
            e,
            Error::NotFound {
                entity: "customer",
                ..
            }
        ),
        "{e}"
    );
    let e = fx
        .store
        .register_document(&waybill(fx.customers[0], "РН-9", date(11, 2), &[424242]), &st)
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { entity: "order", .. }), "{e}");
    // a draft the rules refuse
    let e = fx
        .store
        .register_document(&waybill(fx.customers[0], "  ", date(11, 2), &[]), &st)
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(ref f) if f.field == "number"), "{e}");
    assert_eq!(dump(&fx.store), before, "nothing was registered");

    // the same number, kind, direction and date twice is a duplicate, named
    let ok = waybill(fx.customers[2], "WZ-1", date(11, 2), &[fx.orders[2]]);
    fx.store.register_document(&ok, &st).unwrap();
    let e = fx.store.register_document(&ok, &st).unwrap_err();
    assert!(matches!(e, Error::Duplicate { .. }), "{e}");
    assert!(e.to_string().contains("WZ-1"), "{e}");
    // the same number on another day, or as an invoice, is another document
    fx.store
        .register_document(&waybill(fx.customers[2], "WZ-1", date(11, 3), &[]), &st)
        .unwrap();
    // several at once: all or none
    let before = dump(&fx.store);
    let e = fx
        .store
        .register_documents(
            &[
                waybill(fx.customers[1], "出库单-1", date(11, 2), &[fx.orders[1]]),
                waybill(fx.customers[1], "出库单-2", date(11, 2), &[fx.orders[2]]),
            ],
            &st,
        )
        .unwrap_err();
    assert!(e.to_string().contains(&fx.order_numbers[2]), "{e}");
    assert_eq!(dump(&fx.store), before, "all or none");
    let made = fx
        .store
        .register_documents(
            &[
                waybill(fx.customers[1], "出库单-1", date(11, 2), &[fx.orders[1]]),
                waybill(fx.customers[1], "出库单-2", date(11, 2), &[fx.orders[1]]),
            ],
            &st,
        )
        .unwrap();
    assert_eq!(made.len(), 2);
    assert_eq!(fx.store.order_documents(fx.orders[1]).unwrap().len(), 2);
    // a correction to another customer's order is refused, too
    let (id, _) = made[0];
    let e = fx
        .store
        .update_document(
            id,
            1,
            &waybill(fx.customers[1], "出库单-1", date(11, 2), &[fx.orders[0]]),
            &st,
        )
        .unwrap_err();
    assert!(e.to_string().contains(&fx.order_numbers[0]), "{e}");
    assert_eq!(
        row(&fx.store, id).order_numbers,
        vec![fx.order_numbers[1].clone()]
    );
}

#[test]
fn a_document_listed_by_mistake_leaves_an_open_registry_but_not_a_handed_one() {
    let mut fx = fixture();
    let st = anna(t(3, 9));
    let day = date(11, 3);
    let [ru, cn, _] = fx.customers;
    let (a, _) = fx
        .store
        .register_document(&waybill(ru, "РН-11", day, &[fx.orders[0]]), &st)
        .unwrap();
    let (b, _) = fx
        .store
        .register_document(&waybill(cn, "РН-12", day, &[]), &st)
        .unwrap();
    let (c, _) = fx
        .store
        .register_document(&waybill(cn, "РН-13", day, &[]), &st)
        .unwrap();
    let (rid, _) = fx
        .store
        .create_registry(RegistryKind::Shipments, day, &[a, b, c], "", &st)
        .unwrap();
    // the middle one was lost before the driver left: it would block the hand-over
    let v = version(&fx.store, b);
    fx.store
        .move_document(b, v, DocStatus::Lost, None, "", "упал за стол", &st)
        .unwrap();
    let reg = fx.store.registry(rid).unwrap();
    assert!(
        fx.store
            .hand_over_registry(rid, reg.row.version, "Водитель", &st)
            .is_err()
    );
    let stale = reg.row.version;
    fx.store.remove_from_registry(rid, stale, b, &st).unwrap();
    assert!(
        matches!(
            fx.store.remove_from_registry(rid, stale, c, &st),
            Err(docket::Error::Conflict { .. })
        ),
        "a stale registry is refused"
    );
    let reg = fx.store.registry(rid).unwrap();
    let ids: Vec<i64> = reg.documents.iter().map(|d| d.id).collect();
    assert_eq!(ids, vec![a, c], "the rest keep their order");
    let e = fx
        .store
        .remove_from_registry(rid, reg.row.version, b, &st)
        .unwrap_err();
    assert!(e.to_string().contains("is not in registry"), "{e}");
    let out = fx
        .store
        .hand_over_registry(rid, reg.row.version, "Водитель", &st)
        .unwrap();
    assert_eq!(out.moved, 2);
    // once handed over, the list is history
    let reg = fx.store.registry(rid).unwrap();
    let e = fx
        .store
        .remove_from_registry(rid, reg.row.version, a, &st)
        .unwrap_err();
    assert!(e.to_string().contains("already handed over"), "{e}");
    // and b can join another registry later once found
    assert_eq!(row(&fx.store, b).status, DocStatus::Lost);
}

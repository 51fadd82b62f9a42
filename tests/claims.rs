//! Claims, returns and contacts in the store, on real SQLite files: the workflow and its
//! deadline, the follow-up loop, files kept with a claim (and the ones refused), returns and
//! what they do to the order, two windows on one claim, and that a claim is never deleted.

use chrono::{Duration, NaiveDate, NaiveDateTime, Utc};
use docket::domain::claim::*;
use docket::domain::customer::{Contract, Customer, DeliveryPoint};
use docket::domain::order::{Channel, DraftLine, Move, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::domain::sscc::Gs1Prefix;
use docket::store::claims::{keys, local, to_utc};
use docket::store::{ClaimFilter, ContactDraft, ContactFilter, EvidenceRow, Stamp, Store};

struct Fx {
    _dir: tempfile::TempDir,
    store: Store,
    customer: i64,
    point: i64,
    products: Vec<i64>,
}

fn stamp() -> Stamp {
    Stamp::now("Анна")
}

fn fixture(contract_days: Option<i64>) -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("claims.sqlite")).unwrap();
    let st = stamp();
    let c = s
        .save_customer(
            &Customer {
                code: "C-PL-7".into(),
                legal_name: "Hurtownia Żółć i Ślęża Sp. z o.o. / ООО «Ёлка»".into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let dp = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: c.id,
                address: "ul. Łąkowa 5, Wrocław".into(),
                route: "R-7".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    if let Some(days) = contract_days {
        s.save_contract(
            &Contract {
                customer_id: c.id,
                number: "Д-2026/7".into(),
                signed_on: "2026-01-10".into(),
                valid_from: "2026-01-10".into(),
                claim_answer_days: days,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    }
    let mut products = Vec::new();
    for (sku, name) in [
        ("SH-400", "洗发水 清扬 400毫升"),
        ("MLK-1", "Молоко 3,2% 1 л"),
        ("KAW-250", "Kawa ziarnista Łódzka 250 g"),
    ] {
        let p = s
            .save_product(
                &Product {
                    sku: sku.into(),
                    name: name.into(),
                    unit: "шт".into(),
                    units_per_box: 6,
                    weight_g: 500,
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        products.push(p.id);
    }
    s.set_gs1_prefix(&Gs1Prefix::new(0, "4601234"), &st).unwrap();
    Fx {
        _dir: dir,
        store: s,
        customer: c.id,
        point: dp.id,
        products,
    }
}

/// An order of 10, 5 and 3 units moved on to `to` (picker, checker and packer named).
fn order(fx: &mut Fx, to: OrderStatus) -> i64 {
    let st = stamp();
    let draft = OrderDraft {
        customer_id: fx.customer,
        delivery_point_id: Some(fx.point),
        channel: Channel::Phone,
        lines: fx
            .products
            .iter()
            .zip([10, 5, 3])
            .map(|(&p, q)| DraftLine {
                product_id: p,
                quantity: q,
                unit: "шт".into(),
            })
            .collect(),
        ..Default::default()
    };
    let (id, _, _) = fx.store.create_order(&draft, OrderStatus::Released, &st).unwrap();
    let path = [
        (OrderStatus::Picking, Some("Пётр Сборщиков")),
        (OrderStatus::Checking, Some("Wang Wei 王伟")),
        (OrderStatus::Packed, Some("Łucja Pakowska")),
        (OrderStatus::Shipped, None),
        (OrderStatus::Delivered, None),
    ];
    for (status, person) in path {
        if fx.store.order(id).unwrap().summary.status == to {
            break;
        }
        let version = fx.store.order(id).unwrap().summary.version;
        fx.store
            .move_orders(
                &[Move {
                    id,
                    to: status,
                    version,
                    note: String::new(),
                    person: person.map(String::from),
                    credit_override: None,
                }],
                &st,
            )
            .unwrap();
    }
    assert_eq!(fx.store.order(id).unwrap().summary.status, to);
    id
}

fn at(y: i32, m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, min, 0)
        .unwrap()
}

fn draft(fx: &Fx, order_id: i64, received: NaiveDateTime) -> ClaimDraft {
    ClaimDraft {
        order_id,
        kind: ClaimKind::Shortage,
        channel: ClaimChannel::Phone,
        received_at: received,
        client_words: "Не хватает 2 бутылок шампуня / brakuje 2 butelek".into(),
        lang: ActLang::Ru,
        lines: vec![ClaimLineDraft {
            product_id: fx.products[0],
            quantity: 2,
            amount_minor: 398_00,
            note: String::new(),
        }],
    }
}

fn decision() -> DecisionDraft {
    DecisionDraft {
        decision: Decision::Accepted,
        culprit: Culprit::Picker,
        culprit_name: "Пётр Сборщиков".into(),
        remedy: Remedy::Redelivery,
        compensation_minor: 0,
        insurance_case: String::new(),
        note: "CCTV: 2 bottles left on the shelf".into(),
    }
}

fn one<T: rusqlite::types::FromSql>(s: &Store, sql: &str) -> T {
    let c = rusqlite::Connection::open(s.path()).unwrap();
    c.query_row(sql, [], |r| r.get(0)).unwrap()
}

fn version(s: &Store, id: i64) -> i64 {
    s.claim(id).unwrap().row.version
}

#[test]
fn the_whole_loop_with_the_contract_deadline() {
    let mut fx = fixture(Some(5));
    let oid = order(&mut fx, OrderStatus::Delivered);
    // Friday 2026-11-20 15:00 + 5 working days (Mon-Fri 09-18) = Friday 2026-11-27 15:00
    let received = at(2026, 11, 20, 15, 0);
    let (id, number) = fx
        .store
        .register_claim(&draft(&fx, oid, received), &stamp())
        .unwrap();
    assert!(number.starts_with("CL-2026-"), "{number}");
    let d = fx.store.claim(id).unwrap();
    assert_eq!(d.row.status, ClaimStatus::Registered);
    assert_eq!(d.answer_days, 5);
    assert_eq!(local(d.row.due_at), at(2026, 11, 27, 15, 0));
    assert_eq!(d.row.claimed_minor, 398_00);
    assert_eq!(d.lines.len(), 1);
    assert_eq!(d.lines[0].ordered, 10);
    assert_eq!(d.people.picker, "Пётр Сборщиков");
    assert_eq!(d.people.checker, "Wang Wei 王伟");
    assert_eq!(d.people.packer, "Łucja Pakowska");

    // deciding straight from registered is refused; so is a decision without its fields
    let e = fx
        .store
        .decide_claim(id, version(&fx.store, id), &decision(), &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("investigation"), "{e}");
    fx.store
        .move_claim(
            id,
            version(&fx.store, id),
            ClaimStatus::Investigating,
            "",
            &stamp(),
        )
        .unwrap();
    let mut bad = decision();
    bad.culprit_name.clear();
    let e = fx
        .store
        .decide_claim(id, version(&fx.store, id), &bad, &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("culprit_name"), "{e}");
    fx.store
        .decide_claim(id, version(&fx.store, id), &decision(), &stamp())
        .unwrap();
    let d = fx.store.claim(id).unwrap();
    assert_eq!(d.row.status, ClaimStatus::Decided);
    assert_eq!(d.decision.as_ref().unwrap(), &decision());
    assert!(d.decided_at.is_some());
    fx.store
        .move_claim(
            id,
            version(&fx.store, id),
            ClaimStatus::Answered,
            "answered by e-mail",
            &stamp(),
        )
        .unwrap();
    let answered = fx.store.claim(id).unwrap().row.answered_at.unwrap();
    fx.store
        .move_claim(id, version(&fx.store, id), ClaimStatus::Closed, "", &stamp())
        .unwrap();
    // closing schedules the follow-up call, 2 working days on
    let d = fx.store.claim(id).unwrap();
    assert_eq!(d.callbacks.len(), 1);
    let cb = &d.callbacks[0];
    assert!(cb.done_at.is_none());
    assert!(cb.due_on > local(Utc::now()).date());
    // "not satisfied" needs a comment, then reopens the claim
    let e = fx
        .store
        .complete_callback(cb.id, cb.version, CallResult::NotSatisfied, " ", &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("comment"), "{e}");
    assert_eq!(fx.store.claim(id).unwrap().row.status, ClaimStatus::Closed);
    fx.store
        .complete_callback(
            cb.id,
            cb.version,
            CallResult::NotSatisfied,
            "still 1 bottle short",
            &stamp(),
        )
        .unwrap();
    let d = fx.store.claim(id).unwrap();
    assert_eq!(d.row.status, ClaimStatus::Investigating);
    assert!(d.closed_at.is_none());
    // the first answer's time is kept for the deadline
    assert_eq!(d.row.answered_at, Some(answered));
    let last = d.events.last().unwrap();
    assert_eq!(
        (last.from, last.to),
        (Some(ClaimStatus::Closed), ClaimStatus::Investigating)
    );
    assert!(last.note.contains("still 1 bottle short"), "{}", last.note);
    assert_eq!(d.callbacks[0].result, Some(CallResult::NotSatisfied));
    // the call was logged as a contact
    let contacts = fx
        .store
        .contacts(&ContactFilter {
            claim_id: Some(id),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].topic, Topic::Claim);
    // events: registered, investigating, decided, answered, closed, investigating
    let steps: Vec<_> = d.events.iter().map(|e| e.to).collect();
    use ClaimStatus::*;
    assert_eq!(
        steps,
        vec![
            Registered,
            Investigating,
            Decided,
            Answered,
            Closed,
            Investigating
        ]
    );
    assert!(d.events.iter().all(|e| e.by == "Анна"));
    // every step is in the audit log
    assert!(fx.store.audit_count("claim", id).unwrap() >= 7);
    // the second close schedules a new follow-up
    fx.store
        .decide_claim(id, version(&fx.store, id), &decision(), &stamp())
        .unwrap();
    fx.store
        .move_claim(id, version(&fx.store, id), Answered, "", &stamp())
        .unwrap();
    fx.store
        .move_claim(id, version(&fx.store, id), Closed, "", &stamp())
        .unwrap();
    let cbs = fx.store.claim(id).unwrap().callbacks;
    assert_eq!(cbs.len(), 2);
    fx.store
        .complete_callback(cbs[1].id, cbs[1].version, CallResult::Satisfied, "", &stamp())
        .unwrap();
    assert_eq!(fx.store.claim(id).unwrap().row.status, Closed);
}

#[test]
fn default_deadline_from_settings_and_health() {
    let mut fx = fixture(None);
    let oid = order(&mut fx, OrderStatus::Shipped);
    assert_eq!(
        fx.store
            .claim_answer_days(fx.customer, at(2026, 11, 20, 0, 0).date())
            .unwrap(),
        (3, false)
    );
    fx.store.set_setting(keys::ANSWER_DAYS, &4i64, &stamp()).unwrap();
    let received = at(2026, 11, 2, 10, 0); // Monday
    let (id, _) = fx
        .store
        .register_claim(&draft(&fx, oid, received), &stamp())
        .unwrap();
    let d = fx.store.claim(id).unwrap();
    assert_eq!(d.answer_days, 4);
    assert_eq!(local(d.row.due_at), at(2026, 11, 6, 10, 0));
    let (cal, _) = fx.store.sla_settings().unwrap();
    let health = |now| {
        claim_deadline(&cal, received, local(d.row.due_at), None, false, now)
            .unwrap()
            .health
    };
    use docket::domain::sla::Health;
    assert_eq!(health(at(2026, 11, 3, 10, 0)), Health::OnTrack);
    assert_eq!(health(at(2026, 11, 6, 9, 0)), Health::AtRisk);
    assert_eq!(health(at(2026, 11, 9, 9, 0)), Health::Late);
    // a claim cannot come from the future, nor name a product the order lacks
    let e = fx
        .store
        .register_claim(&draft(&fx, oid, local(Utc::now()) + Duration::days(2)), &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("future"), "{e}");
    let mut foreign = draft(&fx, oid, received);
    foreign.lines[0].quantity = 11;
    let e = fx.store.register_claim(&foreign, &stamp()).unwrap_err();
    assert!(e.to_string().contains("only 10 ordered"), "{e}");
    assert_eq!(fx.store.count("claims").unwrap(), 1);
    // the list: open only, text in any script, period
    let f = |text: &str| ClaimFilter {
        open_only: true,
        text: text.into(),
        ..Default::default()
    };
    assert_eq!(fx.store.claims(&f("шампуня")).unwrap().len(), 1);
    assert_eq!(fx.store.claims(&f("BUTELEK")).unwrap().len(), 1);
    assert_eq!(fx.store.claims(&f("ёлка")).unwrap().len(), 1);
    assert_eq!(fx.store.claims(&f("nothing-like-it")).unwrap().len(), 0);
    let period = ClaimFilter {
        from: Some(NaiveDate::from_ymd_opt(2026, 11, 3).unwrap()),
        ..Default::default()
    };
    assert!(fx.store.claims(&period).unwrap().is_empty());
    let period = ClaimFilter {
        from: Some(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()),
        to: Some(NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()),
        ..Default::default()
    };
    assert_eq!(fx.store.claims(&period).unwrap().len(), 1);
}

#[test]
fn cancelling_needs_a_reason_and_nothing_is_ever_deleted() {
    let mut fx = fixture(None);
    let oid = order(&mut fx, OrderStatus::Delivered);
    let (id, _) = fx
        .store
        .register_claim(&draft(&fx, oid, at(2026, 11, 20, 10, 0)), &stamp())
        .unwrap();
    let e = fx
        .store
        .move_claim(id, version(&fx.store, id), ClaimStatus::Cancelled, "  ", &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("reason"), "{e}");
    fx.store
        .move_claim(
            id,
            version(&fx.store, id),
            ClaimStatus::Cancelled,
            "client withdrew it",
            &stamp(),
        )
        .unwrap();
    let d = fx.store.claim(id).unwrap();
    assert_eq!(d.cancel_reason.as_deref(), Some("client withdrew it"));
    let e = fx
        .store
        .move_claim(id, d.row.version, ClaimStatus::Investigating, "again", &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("cancelled"), "{e}");
    // not even SQL can delete it
    let c = rusqlite::Connection::open(fx.store.path()).unwrap();
    let e = c.execute("DELETE FROM claims WHERE id = ?1", [id]).unwrap_err();
    assert!(e.to_string().contains("never deleted"), "{e}");
    assert_eq!(fx.store.count("claims").unwrap(), 1);
}

#[test]
fn two_windows_never_overwrite_each_other() {
    let mut fx = fixture(None);
    let oid = order(&mut fx, OrderStatus::Delivered);
    let (id, _) = fx
        .store
        .register_claim(&draft(&fx, oid, at(2026, 11, 20, 10, 0)), &stamp())
        .unwrap();
    let mut other = Store::open(fx.store.path()).unwrap();
    let v = version(&fx.store, id);
    fx.store
        .move_claim(id, v, ClaimStatus::Investigating, "", &stamp())
        .unwrap();
    // the other window still holds version v
    let e = other
        .move_claim(id, v, ClaimStatus::Cancelled, "duplicate", &Stamp::now("Ян"))
        .unwrap_err();
    assert!(matches!(e, docket::Error::Conflict { .. }), "{e}");
    let e = other
        .set_claim_driver(id, v, "Сидоров", &Stamp::now("Ян"))
        .unwrap_err();
    assert!(matches!(e, docket::Error::Conflict { .. }), "{e}");
    assert_eq!(fx.store.claim(id).unwrap().row.status, ClaimStatus::Investigating);
    // the checklist: an item saved in one window, then saved from a stale read, is refused
    let mut item = fx.store.evidence(id).unwrap()[0].clone();
    assert_eq!(item.kind, Evidence::Cctv);
    item.done = true;
    item.detail = "camera 4, 14:05–14:20".into();
    item.result = "2 bottles left on the shelf".into();
    fx.store.save_evidence(id, &item, &stamp()).unwrap();
    let e = other.save_evidence(id, &item, &Stamp::now("Ян")).unwrap_err();
    assert!(matches!(e, docket::Error::Conflict { .. }), "{e}");
    let saved: Vec<EvidenceRow> = fx.store.evidence(id).unwrap();
    assert_eq!(saved.len(), Evidence::ALL.len());
    assert!(saved[0].done && saved[0].version == 1 && saved[0].result.contains("shelf"));
}

fn png(w: u32, h: u32) -> Vec<u8> {
    let img = image::RgbImage::from_fn(w, h, |x, y| image::Rgb([(x * 7) as u8, (y * 5) as u8, 200]));
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png).unwrap();
    out.into_inner()
}

#[test]
fn files_kept_with_a_claim_and_the_ones_refused() {
    let mut fx = fixture(None);
    let oid = order(&mut fx, OrderStatus::Delivered);
    let (id, _) = fx
        .store
        .register_claim(&draft(&fx, oid, at(2026, 11, 20, 10, 0)), &stamp())
        .unwrap();
    let photo = png(40, 30);
    let fid = fx
        .store
        .attach_file(id, "фото_клиента.png", &photo, "from the client", &stamp())
        .unwrap();
    let (row, bytes) = fx.store.claim_file(fid).unwrap();
    assert_eq!(bytes, photo);
    assert_eq!(row.mime, "image/png");
    assert_eq!(row.size, photo.len() as i64);
    use sha2::Digest;
    let want: String = sha2::Sha256::digest(&photo)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(row.sha256, want);
    // a PDF by its content, whatever its name
    fx.store
        .attach_file(
            id,
            "scan.bin",
            b"%PDF-1.4\n%\xe2\xe3\n1 0 obj\n<<>>\nendobj\n",
            "",
            &stamp(),
        )
        .unwrap();
    // refused, each with a clear message, nothing stored
    let before = fx.store.count("claim_files").unwrap();
    let audit_before: i64 = one(&fx.store, "SELECT COUNT(*) FROM audit_log");
    let refuse = |s: &mut Store, name: &str, bytes: &[u8], words: &str| {
        let e = s
            .attach_file(id, name, bytes, "", &stamp())
            .unwrap_err()
            .to_string();
        assert!(
            e.contains(name) && e.contains(words) && e.contains("nothing was stored"),
            "{e}"
        );
    };
    refuse(&mut fx.store, "photo.png", &photo, "already has this file");
    refuse(
        &mut fx.store,
        "setup.exe",
        b"MZ\x90\x00\x03\x00\x00\x00",
        "not a PNG or JPEG",
    );
    refuse(&mut fx.store, "empty.jpg", b"", "empty");
    let mut broken = png(10, 10);
    broken.truncate(30);
    refuse(&mut fx.store, "broken.png", &broken, "cannot be read");
    fx.store
        .set_setting(keys::ATTACHMENT_MB, &1i64, &stamp())
        .unwrap();
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(1024 * 1024 + 1, b' ');
    refuse(&mut fx.store, "big.pdf", &big, "over the limit of 1 MB");
    // from a path: a folder and a missing file are refused too
    let dir = tempfile::tempdir().unwrap();
    let e = fx.store.attach_path(id, dir.path(), "", &stamp()).unwrap_err();
    assert!(e.to_string().contains("not a file"), "{e}");
    let e = fx
        .store
        .attach_path(id, &dir.path().join("missing.png"), "", &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("missing.png"), "{e}");
    let big_path = dir.path().join("big.pdf");
    std::fs::write(&big_path, &big).unwrap();
    let e = fx.store.attach_path(id, &big_path, "", &stamp()).unwrap_err();
    assert!(e.to_string().contains("over the limit"), "{e}");
    assert_eq!(fx.store.count("claim_files").unwrap(), before);
    assert_eq!(
        one::<i64>(&fx.store, "SELECT COUNT(*) FROM audit_log"),
        audit_before + 1
    ); // the setting
    // a video is kept as a reference
    fx.store
        .attach_reference(id, "", r"\\nas\cctv\cam4\2026-11-19_1405.mp4", "CCTV", &stamp())
        .unwrap();
    let files = fx.store.claim_files(id).unwrap();
    assert_eq!(files.len(), 3);
    assert_eq!(files[2].mime, "video/reference");
    assert!(files[2].reference.as_deref().unwrap().ends_with(".mp4"));
    assert!(files[0].is_image() && !files[1].is_image());
}

#[test]
fn a_box_label_scan_finds_its_order() {
    let mut fx = fixture(None);
    let oid = order(&mut fx, OrderStatus::Packed);
    let boxes = fx.store.assign_boxes(oid, &[1000, 1000], &stamp()).unwrap();
    let sscc = boxes[1].sscc.clone();
    for code in [
        sscc.clone(),
        format!("00{sscc}"),
        format!("(00){sscc}"),
        format!("]C100{sscc}"),
        format!(" (00) {sscc} "),
    ] {
        assert_eq!(fx.store.order_by_scan(&code).unwrap(), Some(oid), "{code}");
    }
    let number = fx.store.order(oid).unwrap().summary.number;
    assert_eq!(fx.store.order_by_scan(&number).unwrap(), Some(oid));
    assert_eq!(fx.store.order_by_scan("00123").unwrap(), None);
    assert_eq!(fx.store.order_by_scan("001234567890123456789").unwrap(), None);
    assert_eq!(fx.store.order_by_scan("").unwrap(), None);
}

#[test]
fn returns_reduce_cancel_or_return_the_order() {
    let mut fx = fixture(None);
    let (a, b, c) = (fx.products[0], fx.products[1], fx.products[2]);
    let line = |p, q, cond| ReturnLineDraft {
        product_id: p,
        quantity: q,
        condition: cond,
    };
    // full return of part of a packed order: the order is reduced and stays where it was
    let packed = order(&mut fx, OrderStatus::Packed);
    let out = fx
        .store
        .record_return(
            &ReturnDraft {
                order_id: packed,
                claim_id: None,
                kind: ReturnKind::Full,
                driver: String::new(),
                note: "client reduced the order".into(),
                lines: vec![
                    line(a, 4, Condition::Resaleable),
                    line(c, 3, Condition::Resaleable),
                ],
            },
            &stamp(),
        )
        .unwrap();
    assert_eq!(out.order_status, OrderStatus::Packed);
    assert_eq!(out.completeness.missing, vec![(a, 6), (b, 5)]);
    let o = fx.store.order(packed).unwrap();
    let lines: Vec<(i64, i64, i64)> = o
        .lines
        .iter()
        .map(|l| (l.line_no, l.product_id, l.quantity))
        .collect();
    assert_eq!(lines, vec![(1, a, 6), (2, b, 5)]);
    assert_eq!(
        one::<i64>(
            &fx.store,
            &format!("SELECT total_units FROM orders WHERE id = {packed}")
        ),
        11
    );
    assert!(
        o.events.last().unwrap().note.contains(&out.number),
        "{:?}",
        o.events.last()
    );
    // the rest comes back: the order is cancelled with the return as its reason
    let out = fx
        .store
        .record_return(
            &ReturnDraft {
                order_id: packed,
                claim_id: None,
                kind: ReturnKind::Full,
                driver: String::new(),
                note: String::new(),
                lines: vec![line(a, 6, Condition::Resaleable), line(b, 5, Condition::Defect)],
            },
            &stamp(),
        )
        .unwrap();
    assert_eq!(out.order_status, OrderStatus::Cancelled);
    assert_eq!(
        fx.store.order(packed).unwrap().summary.status,
        OrderStatus::Cancelled
    );
    // a full return of a shipped order is refused: that is a driver's return
    let shipped = order(&mut fx, OrderStatus::Shipped);
    let full = ReturnDraft {
        order_id: shipped,
        claim_id: None,
        kind: ReturnKind::Full,
        driver: String::new(),
        note: String::new(),
        lines: vec![line(a, 10, Condition::Resaleable)],
    };
    let e = fx.store.record_return(&full, &stamp()).unwrap_err();
    assert!(e.to_string().contains("driver"), "{e}");
    // a driver's return linked to a claim, checked against the claim's lines
    let (claim, _) = fx
        .store
        .register_claim(&draft(&fx, shipped, at(2026, 11, 20, 10, 0)), &stamp())
        .unwrap();
    let mut driver = ReturnDraft {
        kind: ReturnKind::Driver,
        claim_id: Some(claim),
        driver: "Сидоров".into(),
        lines: vec![line(a, 2, Condition::Defect)],
        ..full.clone()
    };
    let out = fx.store.record_return(&driver, &stamp()).unwrap();
    assert!(out.completeness.is_complete(), "{:?}", out.completeness);
    assert_eq!(out.order_status, OrderStatus::Shipped);
    assert_eq!(fx.store.claim(claim).unwrap().returns.len(), 1);
    // more than the order had is refused; so is a claim of another order
    driver.lines = vec![line(a, 9, Condition::Defect)];
    let e = fx.store.record_return(&driver, &stamp()).unwrap_err();
    assert!(e.to_string().contains("only 8 can come back"), "{e}");
    let other = order(&mut fx, OrderStatus::Delivered);
    let e = fx
        .store
        .record_return(
            &ReturnDraft {
                order_id: other,
                lines: vec![line(a, 1, Condition::Defect)],
                ..driver.clone()
            },
            &stamp(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("another order"), "{e}");
    // everything back: the order becomes returned
    let out = fx
        .store
        .record_return(
            &ReturnDraft {
                order_id: other,
                claim_id: None,
                kind: ReturnKind::Driver,
                driver: "Сидоров".into(),
                note: String::new(),
                lines: vec![
                    line(a, 10, Condition::Resaleable),
                    line(b, 5, Condition::Expired),
                    line(c, 3, Condition::Resaleable),
                ],
            },
            &stamp(),
        )
        .unwrap();
    assert_eq!(out.order_status, OrderStatus::Returned);
    let r = fx.store.order_returns(other).unwrap();
    assert_eq!(r.len(), 1);
    assert_eq!(r[0].lines.len(), 3);
    assert_eq!(fx.store.recent_returns(2).unwrap().len(), 2);
    assert_eq!(fx.store.count("returns").unwrap(), 4);
}

#[test]
fn contacts_and_calls_back() {
    let mut fx = fixture(None);
    let oid = order(&mut fx, OrderStatus::Shipped);
    let today = local(Utc::now()).date();
    let contact = ContactDraft {
        customer_id: fx.customer,
        medium: Medium::Phone,
        incoming: true,
        topic: Topic::OrderStatus,
        person: "Pani Żaneta".into(),
        summary: "Где заказ? / Gdzie jest zamówienie?".into(),
        outcome: "will call back with the ETA".into(),
        order_id: Some(oid),
        claim_id: None,
        call_back_on: Some(today),
    };
    fx.store.log_contact(&contact, &stamp()).unwrap();
    let due = fx.store.callbacks_due(today).unwrap();
    assert_eq!(due.len(), 1);
    assert_eq!(due[0].topic, "will call back with the ETA");
    assert!(
        fx.store
            .callbacks_due(today - Duration::days(1))
            .unwrap()
            .is_empty()
    );
    // satisfied / not satisfied is a claim's follow-up only
    let e = fx
        .store
        .complete_callback(due[0].id, due[0].version, CallResult::Satisfied, "", &stamp())
        .unwrap_err();
    assert!(e.to_string().contains("follow-up"), "{e}");
    fx.store
        .reschedule_callback(
            due[0].id,
            due[0].version,
            today + Duration::days(1),
            "no answer",
            &stamp(),
        )
        .unwrap();
    assert!(fx.store.callbacks_due(today).unwrap().is_empty());
    let open = fx.store.callbacks_open().unwrap();
    assert_eq!(open.len(), 1);
    // a stale version is refused
    let e = fx
        .store
        .complete_callback(open[0].id, due[0].version, CallResult::Done, "", &stamp())
        .unwrap_err();
    assert!(matches!(e, docket::Error::Conflict { .. }), "{e}");
    fx.store
        .complete_callback(
            open[0].id,
            open[0].version,
            CallResult::Done,
            "ETA tomorrow 10:00",
            &stamp(),
        )
        .unwrap();
    assert!(fx.store.callbacks_open().unwrap().is_empty());
    let log = fx.store.contacts(&ContactFilter::default()).unwrap();
    assert_eq!(log.len(), 2);
    assert!(!log[0].incoming && log[0].outcome.contains("ETA tomorrow"));
    assert_eq!(
        fx.store
            .contacts(&ContactFilter {
                text: "ŻANETA".into(),
                ..Default::default()
            })
            .unwrap()
            .len(),
        1
    );
    // a contact must say something and link only the customer's own order
    let e = fx
        .store
        .log_contact(
            &ContactDraft {
                summary: " ".into(),
                ..contact.clone()
            },
            &stamp(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("summary"), "{e}");
    let other = fx
        .store
        .save_customer(
            &Customer {
                code: "C-CN-1".into(),
                legal_name: "上海贸易有限公司".into(),
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    let e = fx
        .store
        .log_contact(
            &ContactDraft {
                customer_id: other.id,
                ..contact.clone()
            },
            &stamp(),
        )
        .unwrap_err();
    assert!(e.to_string().contains("another customer"), "{e}");
    assert_eq!(fx.store.count("contacts").unwrap(), 2);
}

#[test]
fn internal_claims_need_no_follow_up_call() {
    let mut fx = fixture(None);
    let oid = order(&mut fx, OrderStatus::Checking);
    let mut d = draft(&fx, oid, local(Utc::now()) - Duration::minutes(1));
    d.channel = ClaimChannel::PickingControl;
    d.kind = ClaimKind::MisSort;
    let (id, _) = fx.store.register_claim(&d, &stamp()).unwrap();
    fx.store
        .move_claim(
            id,
            version(&fx.store, id),
            ClaimStatus::Investigating,
            "",
            &stamp(),
        )
        .unwrap();
    let mut dec = decision();
    dec.culprit_name = fx.store.claim(id).unwrap().people.picker;
    fx.store
        .decide_claim(id, version(&fx.store, id), &dec, &stamp())
        .unwrap();
    for to in [ClaimStatus::Answered, ClaimStatus::Closed] {
        fx.store
            .move_claim(id, version(&fx.store, id), to, "", &stamp())
            .unwrap();
    }
    assert!(fx.store.claim(id).unwrap().callbacks.is_empty());
    // stored times are UTC, the deadline counts in local time
    let row = fx.store.claim(id).unwrap().row;
    assert_eq!(to_utc(local(row.received_at)), row.received_at);
}

#[test]
fn the_claims_register_and_the_contact_log_export() {
    let mut fx = fixture(Some(5));
    let oid = order(&mut fx, OrderStatus::Delivered);
    let (id, number) = fx
        .store
        .register_claim(&draft(&fx, oid, at(2026, 11, 20, 15, 0)), &stamp())
        .unwrap();
    fx.store
        .move_claim(
            id,
            version(&fx.store, id),
            ClaimStatus::Investigating,
            "",
            &stamp(),
        )
        .unwrap();
    fx.store
        .decide_claim(id, version(&fx.store, id), &decision(), &stamp())
        .unwrap();
    fx.store
        .log_contact(
            &ContactDraft {
                customer_id: fx.customer,
                medium: Medium::Email,
                incoming: true,
                topic: Topic::Claim,
                person: "Pani Żaneta".into(),
                summary: "Претензия по заказу".into(),
                outcome: String::new(),
                order_id: Some(oid),
                claim_id: Some(id),
                call_back_on: None,
            },
            &stamp(),
        )
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let table = docket::export::claims_table(&fx.store, &ClaimFilter::default()).unwrap();
    assert_eq!(table.rows.len(), 1);
    let csv_path = dir.path().join("claims.csv");
    docket::export::write(&table, &csv_path).unwrap();
    let text = std::fs::read_to_string(&csv_path).unwrap();
    let row = text.lines().nth(1).unwrap();
    for want in [
        number.as_str(),
        "Shortage",
        "Decided",
        "Accepted",
        "Picker",
        "Пётр Сборщиков",
        "Re-delivery",
        "398,00",
        "27.11.2026 15:00",
    ] {
        assert!(row.contains(want), "{want} not in {row}");
    }
    docket::export::write(&table, &dir.path().join("claims.xlsx")).unwrap();
    let contacts = docket::export::contacts_table(&fx.store, "żaneta").unwrap();
    assert_eq!(contacts.rows.len(), 1);
    // the command line takes the period and the status of claims
    let out = dir.path().join("open.csv");
    let args = docket::export::ExportArgs {
        list: docket::export::List::Claims,
        out: out.clone(),
        from: Some("2026-11-20".into()),
        to: Some("20.11.2026".into()),
        statuses: vec!["decided".into()],
        customer: None,
        search: None,
    };
    let db = fx.store.path().to_path_buf();
    assert_eq!(docket::export::run_cli(&db, Some("en"), &args).unwrap(), 0);
    assert_eq!(std::fs::read_to_string(&out).unwrap().lines().count(), 2);
    let bad = docket::export::ExportArgs {
        statuses: vec!["shipped".into()],
        ..args.clone()
    };
    let e = docket::export::run_cli(&db, Some("en"), &bad).unwrap_err();
    assert!(e.to_string().contains("registered, investigating"), "{e}");
}

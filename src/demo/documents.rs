//! Demo documents and certificates: the documents of the last weeks' shipped orders in every
//! state of their life (signed copies back and handed to accounting, some overdue, one lost and
//! reissued, one cancelled), registries of shipping days and of signed copies, incoming
//! documents, and a certificate base with scans (valid, expiring, expired and renewed) that
//! leaves some products uncovered. Everything through the store's own writes, stamped in the
//! demo's past.

use super::{DemoOrder, DemoSpec, Rng};
use crate::domain::certificate::{CertKind, CertificateDraft};
use crate::domain::document::*;
use crate::domain::order::OrderStatus;
use crate::error::Result;
use crate::store::claims::{local, to_utc};
use crate::store::{Stamp, Store};
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Documents are made for at most this many shipped orders (the latest ones).
const MAX_ORDERS: usize = 80;

const CONTROLLERS: &[&str] = &["Егорова (документы)", "Kowalska (dokumenty)"];

#[derive(Default)]
pub(super) struct Made {
    pub documents: usize,
    pub certificates: usize,
}

/// A moment `hours` after the start of a local day.
fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    to_utc(day.and_hms_opt(hour.min(23), 0, 0).unwrap_or_default())
}

pub(super) fn fill(store: &mut Store, rng: &mut Rng, spec: &DemoSpec, orders: &[DemoOrder]) -> Result<Made> {
    let mut made = Made::default();
    let today = local(spec.anchor).date();
    made.documents += documents(store, rng, today, orders)?;
    made.certificates += certificates(store, rng, today)?;
    Ok(made)
}

fn documents(store: &mut Store, rng: &mut Rng, today: NaiveDate, orders: &[DemoOrder]) -> Result<usize> {
    use OrderStatus::*;
    let mut shipped: Vec<&DemoOrder> = orders
        .iter()
        .filter(|o| matches!(o.status, Shipped | Delivered | PickedUp))
        .collect();
    shipped.sort_by_key(|o| std::cmp::Reverse(o.last_at));
    shipped.truncate(MAX_ORDERS);
    shipped.reverse(); // oldest first, as they were shipped
    // the documents of the last shipping days travel with the goods through the day's
    // registries; older ones were sent (and many came back signed) one by one
    let newest = shipped.last().map_or(today, |o| local(o.last_at).date());
    let registry_days: Vec<NaiveDate> = (0..5).map(|b| newest - Duration::days(b)).collect();
    let mut n = 0;
    let mut lost_done = false;
    let mut cancelled_done = false;
    for (i, o) in shipped.iter().enumerate() {
        let detail = store.order(o.id)?;
        let day = local(o.last_at).date();
        let who = Stamp::at(*rng.pick(CONTROLLERS), o.last_at);
        let digits: String = detail
            .summary
            .number
            .chars()
            .filter(|c| c.is_ascii_digit())
            .collect();
        let upd = o.customer_id % 3 == 0; // some clients take one УПД instead of two papers
        let kinds: &[(DocKind, &str)] = if upd {
            &[(DocKind::Upd, "УПД-")]
        } else {
            &[(DocKind::Waybill, "РН-"), (DocKind::Invoice, "СФ-")]
        };
        let amount = detail.summary.units * rng.range(9_000, 45_000);
        let drafts: Vec<DocumentDraft> = kinds
            .iter()
            .map(|(kind, prefix)| DocumentDraft {
                kind: *kind,
                direction: Direction::Outgoing,
                number: format!("{prefix}{digits}"),
                doc_date: day,
                customer_id: Some(o.customer_id),
                counterparty: String::new(),
                amount_minor: Some(amount),
                comment: String::new(),
                order_ids: vec![o.id],
            })
            .collect();
        let ids = store.register_documents(&drafts, &who)?;
        n += ids.len();
        let age = (today - day).num_days();
        for (id, _) in ids {
            let row = store.document(id)?.row;
            let mut version = row.version;
            let by = who.by.clone();
            let step = |store: &mut Store, version: &mut i64, to, via, note: &str, when| -> Result<()> {
                store.move_document(id, *version, to, via, "", note, &Stamp::at(by.clone(), when))?;
                *version += 1;
                Ok(())
            };
            if !cancelled_done && i == 3 {
                step(
                    store,
                    &mut version,
                    DocStatus::Cancelled,
                    None,
                    "Выписан на другой склад по ошибке",
                    o.last_at,
                )?;
                cancelled_done = true;
                continue;
            }
            // the day's registries send most documents; the rest go by e-mail or courier
            let via = if detail.self_pickup || rng.chance(70) {
                SentVia::Goods
            } else if rng.chance(60) {
                SentVia::Email
            } else {
                SentVia::Courier
            };
            if via == SentVia::Goods && registry_days.contains(&day) {
                continue; // shipped with the goods through the registries below
            }
            step(
                store,
                &mut version,
                DocStatus::Sent,
                Some(via),
                "",
                o.last_at + Duration::hours(1),
            )?;
            if !lost_done && age >= 4 && row.kind != DocKind::Invoice {
                // the oldest one: the client lost it halfway, and it was reissued
                let lost_day = day + Duration::days(age / 2);
                let note = "Клиент не нашёл экземпляр";
                step(store, &mut version, DocStatus::Lost, None, note, at(lost_day, 11))?;
                let new_no = format!("{}/2", row.number);
                let new_at = Stamp::at(who.by.clone(), at(lost_day, 12));
                store.reissue_document(id, version, &new_no, lost_day, &new_at)?;
                lost_done = true;
                n += 1;
                continue;
            }
            // signed copies come back after 3–18 days; some are overdue
            let back_after = rng.range(3, 18);
            if row.due_on.is_some() && age > back_after && rng.chance(85) {
                let when = at(day + Duration::days(back_after), 10 + (back_after % 6) as u32);
                step(store, &mut version, DocStatus::Signed, None, "", when)?;
            }
        }
    }
    // the registries of the last shipping days, handed over to the driver or the client; the
    // newest day's still open on the desk
    for (back, &day) in registry_days.iter().enumerate().rev() {
        for kind in [RegistryKind::Shipments, RegistryKind::SelfPickup] {
            let ids: Vec<i64> = store
                .registry_candidates(kind, day)?
                .iter()
                .map(|d| d.id)
                .collect();
            if ids.is_empty() {
                continue;
            }
            let who = Stamp::at(CONTROLLERS[0], at(day, 16));
            let (rid, _) = store.create_registry(kind, day, &ids, "", &who)?;
            if back == 0 {
                continue;
            }
            let version = store.registry(rid)?.row.version;
            let to = if kind == RegistryKind::Shipments {
                "Водитель Кузнецов В. П."
            } else {
                "Klient (odbiór osobisty)"
            };
            store.hand_over_registry(rid, version, to, &Stamp::at(CONTROLLERS[0], at(day, 17)))?;
            // signed copies of the older days are back (scanned at the desk)
            for id in ids {
                let back_after = rng.range(1, 6);
                let when = day + Duration::days(back_after);
                if when < today && rng.chance(60) {
                    let code = register_code(id);
                    store.receive_scan(&code, &Stamp::at(CONTROLLERS[1], at(when, 10)))?;
                }
            }
        }
    }
    // the signed copies received up to three days ago went to accounting in one registry; the
    // ones since wait for the next
    let handed_day = today - Duration::days(3);
    let ids: Vec<i64> = store
        .registry_candidates(RegistryKind::Accounting, handed_day)?
        .iter()
        .map(|d| d.id)
        .collect();
    if !ids.is_empty() {
        let who = Stamp::at(CONTROLLERS[1], at(handed_day, 15));
        let (rid, _) = store.create_registry(RegistryKind::Accounting, handed_day, &ids, "", &who)?;
        let version = store.registry(rid)?.row.version;
        store.hand_over_registry(
            rid,
            version,
            "Бухгалтерия: Петрова Л.",
            &Stamp::at(CONTROLLERS[1], at(handed_day, 16)),
        )?;
    }
    // incoming: a client's return documents, a power of attorney, a supplier's act
    if let Some(o) = shipped.first() {
        let day = today - Duration::days(5);
        let incoming = [
            (
                DocKind::ReturnDoc,
                "ВОЗ-77",
                Some(o.customer_id),
                "",
                "Возврат брака по претензии",
            ),
            (
                DocKind::PowerOfAttorney,
                "Дов-118",
                Some(o.customer_id),
                "",
                "Доверенность водителя на самовывоз",
            ),
            (
                DocKind::Act,
                "AKT/11/2026",
                None,
                "Henkel Polska Sp. z o.o.",
                "Akt rozbieżności dostawy",
            ),
        ];
        for (kind, number, customer, counterparty, comment) in incoming {
            let d = DocumentDraft {
                kind,
                direction: Direction::Incoming,
                number: number.into(),
                doc_date: day,
                customer_id: customer,
                counterparty: counterparty.into(),
                amount_minor: None,
                comment: comment.into(),
                order_ids: Vec::new(),
            };
            store.register_document(&d, &Stamp::at(CONTROLLERS[1], at(day, 12)))?;
            n += 1;
        }
    }
    Ok(n)
}

/// A certificate's scan as the demo keeps it: a one-page PDF naming it, as a scanner would
/// have produced it from the paper.
fn scan_pdf(number: &str, issuer: &str, group: &str, from: NaiveDate, to: NaiveDate) -> Result<Vec<u8>> {
    use crate::print::Progress;
    use crate::print::pdf::{Style, render};
    let pdf = render(number, 1, &Progress::new(), |doc| {
        let mut p = doc.page(210.0, 297.0);
        p.frame(crate::print::pdf::Area::new(12.0, 12.0, 186.0, 273.0), 0.8);
        p.text(
            20.0,
            35.0,
            Style::bold(16.0),
            "СЕРТИФИКАТ СООТВЕТСТВИЯ / CERTIFICATE OF CONFORMITY",
        );
        p.text(20.0, 50.0, Style::bold(12.0), number);
        p.text(20.0, 62.0, Style::regular(11.0), issuer);
        p.text(20.0, 74.0, Style::regular(11.0), group);
        p.text(20.0, 86.0, Style::regular(11.0), &format!("{from} — {to}"));
        doc.push(p);
        Ok(())
    })?;
    Ok(pdf.bytes)
}

fn certificates(store: &mut Store, rng: &mut Rng, today: NaiveDate) -> Result<usize> {
    const ISSUERS: &[&str] = &[
        "ООО «Центр сертификации „Стандарт-Тест“»",
        "Polskie Centrum Badań i Certyfikacji S.A.",
        "中国质量认证中心 (CQC)",
    ];
    const GROUPS: &[&str] = &[
        "Шампуни и бальзамы",
        "Środki czystości",
        "洗护用品",
        "Бытовая химия",
    ];
    let products = store.products("", 100_000)?;
    if products.is_empty() {
        return Ok(0);
    }
    // about nine in ten products covered, in groups of consecutive SKUs
    let groups = products.len().div_ceil(12).clamp(1, 40); // a large demo stays quick to make
    let who = |days_ago: i64| Stamp::at(CONTROLLERS[0], at(today - Duration::days(days_ago), 11));
    let mut n = 0;
    for g in 0..groups {
        let slice: Vec<&crate::store::ProductRow> = products.iter().skip(g * 12).take(12).collect();
        let covered: Vec<i64> = slice.iter().take(11).map(|p| p.id).collect();
        // one group expired and renewed, one about to expire, one expired without renewal
        let (from, to) = match g % 7 {
            1 => (
                today - Duration::days(700),
                today + Duration::days(rng.range(5, 25)),
            ),
            4 if g > 6 => (
                today - Duration::days(800),
                today - Duration::days(rng.range(3, 40)),
            ),
            _ => (
                today - Duration::days(rng.range(30, 600)),
                today + Duration::days(rng.range(200, 1000)),
            ),
        };
        let kind = if g % 2 == 0 {
            CertKind::Declaration
        } else {
            CertKind::Certificate
        };
        let number = match kind {
            CertKind::Declaration => format!("ЕАЭС N RU Д-PL.РА01.В.{:05}/{}", 10_000 + g * 37, 24 + g % 3),
            CertKind::Certificate => format!("ЕАЭС RU С-CN.АЯ46.В.{:05}", 20_000 + g * 53),
        };
        let issuer = *rng.pick(ISSUERS);
        let group = GROUPS[g % GROUPS.len()];
        let draft = CertificateDraft {
            id: None,
            version: 0,
            number: number.clone(),
            kind,
            issuer: issuer.into(),
            product_group: group.into(),
            valid_from: from,
            valid_to: to,
            comment: String::new(),
        };
        let stamp = who(30);
        let id = store.save_certificate(&draft, &stamp)?;
        let scan = scan_pdf(&number, issuer, group, from, to)?;
        store.attach_certificate_file(id, &format!("{number}.pdf").replace('/', "-"), &scan, &stamp)?;
        store.link_products(id, &covered, &stamp)?;
        n += 1;
        if g % 7 == 0 && g > 0 {
            // the previous certificate of this group, expired and replaced by the one above
            let old = CertificateDraft {
                id: None,
                version: 0,
                number: format!("{number} (прежний)"),
                valid_from: from - Duration::days(1100),
                valid_to: from - Duration::days(1),
                ..draft
            };
            let old_id = store.save_certificate(&old, &stamp)?;
            store.link_products(old_id, &covered, &stamp)?;
            n += 1;
        }
    }
    Ok(n)
}

//! The document register, registries and the scan that receives signed copies. Every write is
//! one transaction with its audit rows and `document_events`; rows are never deleted.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use rusqlite::{Connection, Row, params};
use serde::Serialize;

use super::claims::{local, to_utc};
use super::customers::escape_like;
use super::printing::{put_setting_in, setting_in};
use super::{OptionalExt, Stamp, Store, audit, diff, fmt_ts, next_counter, parse_ts, unique_err};
use crate::domain::FieldError;
use crate::domain::document::*;
use crate::domain::text::{fold, search_text};
use crate::error::{Error, Result};

/// Settings keys of the document register.
pub mod keys {
    /// Days for the signed copy per document kind (JSON object `{kind: days}`).
    pub const DUE_DAYS: &str = "documents.due_days";
}

/// A document as the register lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentRow {
    pub id: i64,
    /// The register code printed as its barcode (`DOC-0000123`).
    pub code: String,
    pub kind: DocKind,
    pub direction: Direction,
    pub number: String,
    pub doc_date: NaiveDate,
    pub customer_id: Option<i64>,
    pub customer_code: String,
    /// The customer's name, or the counterparty of an incoming document from a supplier.
    pub customer_name: String,
    pub counterparty: String,
    pub amount_minor: Option<i64>,
    pub comment: String,
    pub status: DocStatus,
    pub sent_via: Option<SentVia>,
    pub sent_at: Option<DateTime<Utc>>,
    pub due_on: Option<NaiveDate>,
    pub received_at: Option<DateTime<Utc>>,
    pub handed_at: Option<DateTime<Utc>>,
    pub handed_to: String,
    pub lost_at: Option<DateTime<Utc>>,
    /// The lost document this one replaces.
    pub replaces_id: Option<i64>,
    /// The document that replaced this lost one.
    pub replaced_by: Option<i64>,
    pub cancel_reason: String,
    /// Numbers of its orders, in order.
    pub order_numbers: Vec<String>,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub version: i64,
}

impl DocumentRow {
    /// Days the signed copy is overdue on `today` (None: not overdue).
    pub fn overdue_days(&self, today: NaiveDate) -> Option<i64> {
        let due = self.due_on?;
        let days = days_overdue(due, today);
        (self.status.awaits_signed_copy() && days > 0).then_some(days)
    }
}

/// One step in a document's history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentEventView {
    pub at: DateTime<Utc>,
    pub by: String,
    pub from: Option<DocStatus>,
    pub to: DocStatus,
    pub note: String,
    /// The registry whose hand-over made the step.
    pub registry_number: Option<String>,
}

/// A document with its orders, history and registries.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DocumentDetail {
    pub row: DocumentRow,
    /// (order id, order number).
    pub orders: Vec<(i64, String)>,
    pub events: Vec<DocumentEventView>,
    /// (registry id, number, kind).
    pub registries: Vec<(i64, String, RegistryKind)>,
}

/// Which documents the register shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DocumentFilter {
    /// Words found in numbers (document, register code, orders), customer code and name,
    /// counterparty and comment, in any script and case.
    pub text: String,
    pub kind: Option<DocKind>,
    pub direction: Option<Direction>,
    pub status: Option<DocStatus>,
    pub customer_id: Option<i64>,
    /// Document date from/to, inclusive.
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    /// Only signed copies overdue on this day.
    pub overdue_on: Option<NaiveDate>,
    /// At most this many rows, newest first (None: all).
    pub limit: Option<i64>,
}

/// What a scan of a signed copy did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Received {
    pub id: i64,
    pub code: String,
    pub kind: DocKind,
    pub number: String,
    pub customer_name: String,
    /// The status before the scan (issued or sent).
    pub was: DocStatus,
}

/// A client with overdue signed copies, for chasing.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OverdueClient {
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    /// The customer's phone and e-mail, to call or write.
    pub phone: String,
    pub email: String,
    /// Its overdue documents, most overdue first.
    pub documents: Vec<DocumentRow>,
    pub max_days_overdue: i64,
    pub amount_minor: i64,
}

/// A registry as listed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryRow {
    pub id: i64,
    pub number: String,
    pub kind: RegistryKind,
    pub on_date: NaiveDate,
    pub comment: String,
    pub created_by: String,
    pub created_at: DateTime<Utc>,
    pub handed_at: Option<DateTime<Utc>>,
    pub handed_by: Option<String>,
    pub handed_to: String,
    pub documents: i64,
    pub amount_minor: i64,
    pub version: i64,
}

/// A registry with its documents in printed order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RegistryDetail {
    pub row: RegistryRow,
    pub documents: Vec<DocumentRow>,
}

/// What handing a registry over did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HandOver {
    /// Documents that took the step.
    pub moved: usize,
    /// Documents already past it (sent or received one by one before): left as they were.
    pub already: usize,
}

impl Store {
    /// Days for the signed copy per kind (Settings, defaults filled in).
    pub fn document_due_days(&self) -> Result<DueDays> {
        Ok(self
            .setting::<DueDays>(keys::DUE_DAYS)?
            .unwrap_or_default()
            .filled())
    }

    /// Saves the days per kind (checked first; one transaction).
    pub fn save_document_due_days(&mut self, days: &DueDays, stamp: &Stamp) -> Result<()> {
        days.validate()?;
        self.write(|c| put_setting_in(c, keys::DUE_DAYS, days, stamp))
    }

    /// Registers a document (issued, or received when incoming) with its orders; returns its
    /// id and register code.
    pub fn register_document(&mut self, d: &DocumentDraft, stamp: &Stamp) -> Result<(i64, String)> {
        self.write(|c| register_in(c, d, stamp, None))
    }

    /// Registers several documents in one transaction (all or none): the documents proposed
    /// when an order ships.
    pub fn register_documents(&mut self, ds: &[DocumentDraft], stamp: &Stamp) -> Result<Vec<(i64, String)>> {
        self.write(|c| ds.iter().map(|d| register_in(c, d, stamp, None)).collect())
    }

    /// Corrects a document's fields (number, date, customer, amount, comment, orders).
    pub fn update_document(&mut self, id: i64, version: i64, d: &DocumentDraft, stamp: &Stamp) -> Result<()> {
        d.validate()?;
        self.write(|c| update_in(c, id, version, d, stamp))
    }

    /// One step in a document's life (see [`check_doc_move`]). `via`: how it was sent (a step
    /// to sent needs it); `handed_to`: who took it (a step to handed); `note`: why (back steps,
    /// loss, cancelling).
    #[allow(clippy::too_many_arguments)]
    pub fn move_document(
        &mut self,
        id: i64,
        version: i64,
        to: DocStatus,
        via: Option<SentVia>,
        handed_to: &str,
        note: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        self.write(|c| {
            let row = row_in(c, id)?;
            if row.version != version {
                return Err(Error::Conflict {
                    entity: "document",
                    id,
                });
            }
            apply_step(
                c,
                &row,
                &Step {
                    to,
                    via,
                    handed_to,
                    note,
                    registry: None,
                },
                stamp,
            )
        })
    }

    /// Reissues a lost document: registers the new one (same kind, customer, orders, amount)
    /// under `number`/`date` and marks the lost one reissued, pointing at it.
    pub fn reissue_document(
        &mut self,
        id: i64,
        version: i64,
        number: &str,
        date: NaiveDate,
        stamp: &Stamp,
    ) -> Result<(i64, String)> {
        self.write(|c| {
            let old = row_in(c, id)?;
            if old.version != version {
                return Err(Error::Conflict { entity: "document", id });
            }
            if old.status != DocStatus::Lost {
                return Err(Error::msg(format!(
                    "{} is {}: only a lost document is reissued (mark it lost first, saying why)",
                    label(&old),
                    old.status.code()
                )));
            }
            let order_ids: Vec<i64> = order_links(c, id)?.into_iter().map(|(o, _)| o).collect();
            let draft = DocumentDraft {
                kind: old.kind,
                direction: old.direction,
                number: number.trim().to_string(),
                doc_date: date,
                customer_id: old.customer_id,
                counterparty: old.counterparty.clone(),
                amount_minor: old.amount_minor,
                comment: old.comment.clone(),
                order_ids,
            };
            let (new_id, new_code) = register_in(c, &draft, stamp, Some(&old))?;
            let n = c.execute(
                "UPDATE documents SET status = 'reissued', updated_at = ?1, version = version + 1
                 WHERE id = ?2 AND version = ?3",
                params![stamp.ts(), id, version],
            )?;
            changed(n, id)?;
            let note = format!("reissued as {} ({new_code})", draft.number);
            event(c, id, Some(old.status), DocStatus::Reissued, &note, None, stamp)?;
            audit(
                c,
                stamp,
                "document",
                id,
                "update",
                serde_json::json!({"status": [old.status.code(), "reissued"], "replaced_by": new_id, "note": note}),
            )?;
            Ok((new_id, new_code))
        })
    }

    /// Marks the document of a scanned register code received (signed copy back). Errors name
    /// the problem and change nothing: an unknown code, an unknown document, a document
    /// already received (when and by whom), cancelled, or incoming.
    pub fn receive_scan(&mut self, scan: &str, stamp: &Stamp) -> Result<Received> {
        let Some(id) = parse_register_code(scan) else {
            return Err(Error::msg(format!(
                "'{}' is not a document register code (like DOC-0000123); nothing was received",
                scan.trim()
            )));
        };
        self.write(|c| {
            let row = row_in(c, id)?;
            match row.status {
                DocStatus::Issued | DocStatus::Sent => {
                    let step = Step {
                        to: DocStatus::Signed,
                        via: None,
                        handed_to: "",
                        note: "scanned",
                        registry: None,
                    };
                    apply_step(c, &row, &step, stamp)?;
                    Ok(Received {
                        id,
                        code: row.code.clone(),
                        kind: row.kind,
                        number: row.number.clone(),
                        customer_name: row.customer_name.clone(),
                        was: row.status,
                    })
                }
                DocStatus::Signed | DocStatus::Handed => {
                    let last: Option<(String, String)> = c
                        .query_row(
                            "SELECT at, by_user FROM document_events
                             WHERE document_id = ?1 AND to_status = 'signed' ORDER BY at DESC, id DESC LIMIT 1",
                            [id],
                            |r| Ok((r.get(0)?, r.get(1)?)),
                        )
                        .opt()?;
                    let (at, by) = match last {
                        Some((at, by)) => (parse_ts(&at), by),
                        None => (row.received_at, String::new()),
                    };
                    let when = at.map(when_local).unwrap_or_else(|| "an unknown day".into());
                    let by = if by.is_empty() {
                        String::new()
                    } else {
                        format!(" by {by}")
                    };
                    let handed = if row.status == DocStatus::Handed {
                        format!(
                            " and handed to {} on {}",
                            or_dash(&row.handed_to),
                            row.handed_at.map(when_local).unwrap_or_default()
                        )
                    } else {
                        String::new()
                    };
                    Err(Error::msg(format!(
                        "{} was already received on {when}{by}{handed}; nothing was changed",
                        label(&row)
                    )))
                }
                DocStatus::Received => Err(Error::msg(format!(
                    "{} is an incoming document: there is no signed copy to receive; nothing was changed",
                    label(&row)
                ))),
                DocStatus::Cancelled => Err(Error::msg(format!(
                    "{} was cancelled ({}): its signed copy is not expected; nothing was changed",
                    label(&row),
                    or_dash(&row.cancel_reason)
                ))),
                DocStatus::Lost => Err(Error::msg(format!(
                    "{} was marked lost on {}: reissue it, or step it back to sent if the copy was found; \
                     nothing was changed",
                    label(&row),
                    row.lost_at.map(when_local).unwrap_or_default()
                ))),
                DocStatus::Reissued => {
                    let new = match row.replaced_by {
                        Some(n) => format!(" as {}", label(&row_in(c, n)?)),
                        None => String::new(),
                    };
                    Err(Error::msg(format!(
                        "{} was lost and reissued{new}: scan the new one; nothing was changed",
                        label(&row)
                    )))
                }
            }
        })
    }

    pub fn documents(&self, f: &DocumentFilter) -> Result<Vec<DocumentRow>> {
        let mut sql = format!("{DOC_SQL} WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        let mut arg = |sql: &mut String, cond: &str, v: rusqlite::types::Value| {
            args.push(v);
            sql.push_str(&cond.replace("?#", &format!("?{}", args.len())));
        };
        if let Some(k) = f.kind {
            arg(&mut sql, " AND d.kind = ?#", k.code().to_string().into());
        }
        if let Some(dir) = f.direction {
            arg(&mut sql, " AND d.direction = ?#", dir.code().to_string().into());
        }
        if let Some(s) = f.status {
            arg(&mut sql, " AND d.status = ?#", s.code().to_string().into());
        }
        if let Some(id) = f.customer_id {
            arg(&mut sql, " AND d.customer_id = ?#", id.into());
        }
        if let Some(d) = f.from {
            arg(&mut sql, " AND d.doc_date >= ?#", d.to_string().into());
        }
        if let Some(d) = f.to {
            arg(&mut sql, " AND d.doc_date <= ?#", d.to_string().into());
        }
        if let Some(d) = f.overdue_on {
            arg(
                &mut sql,
                " AND d.status IN ('issued', 'sent') AND d.due_on IS NOT NULL AND d.due_on < ?#",
                d.to_string().into(),
            );
        }
        for word in fold(&f.text).split(' ').filter(|w| !w.is_empty()) {
            arg(
                &mut sql,
                " AND d.search_text LIKE ?# ESCAPE '\\'",
                format!("%{}%", escape_like(word)).into(),
            );
        }
        sql.push_str(" ORDER BY d.doc_date DESC, d.id DESC");
        if let Some(l) = f.limit {
            arg(&mut sql, " LIMIT ?#", l.max(0).into());
        }
        rows_in(self.conn(), &sql, args)
    }

    pub fn document(&self, id: i64) -> Result<DocumentDetail> {
        let c = self.conn();
        let row = row_in(c, id)?;
        let orders = order_links(c, id)?;
        let events = {
            let mut st = c.prepare_cached(
                "SELECT e.at, e.by_user, e.from_status, e.to_status, e.note, g.number
                 FROM document_events e LEFT JOIN registries g ON g.id = e.registry_id
                 WHERE e.document_id = ?1 ORDER BY e.at, e.id",
            )?;
            st.query_map([id], |r| {
                Ok(DocumentEventView {
                    at: ts(&r.get::<_, String>(0)?),
                    by: r.get(1)?,
                    from: r
                        .get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(DocStatus::parse),
                    to: DocStatus::parse(&r.get::<_, String>(3)?).unwrap_or(DocStatus::Issued),
                    note: r.get(4)?,
                    registry_number: r.get(5)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let registries = {
            let mut st = c.prepare_cached(
                "SELECT g.id, g.number, g.kind FROM registry_documents r JOIN registries g ON g.id = r.registry_id
                 WHERE r.document_id = ?1 ORDER BY g.on_date, g.id",
            )?;
            st.query_map([id], |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    RegistryKind::parse(&r.get::<_, String>(2)?).unwrap_or(RegistryKind::Shipments),
                ))
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(DocumentDetail {
            row,
            orders,
            events,
            registries,
        })
    }

    /// The documents of an order.
    pub fn order_documents(&self, order_id: i64) -> Result<Vec<DocumentRow>> {
        rows_in(
            self.conn(),
            &format!(
                "{DOC_SQL} WHERE EXISTS (SELECT 1 FROM document_orders x WHERE x.document_id = d.id
                     AND x.order_id = ?1)
                 ORDER BY d.doc_date, d.id"
            ),
            vec![order_id.into()],
        )
    }

    /// Clients with signed copies overdue on `today`, most overdue first.
    pub fn overdue_documents(&self, today: NaiveDate) -> Result<Vec<OverdueClient>> {
        let c = self.conn();
        let docs = rows_in(
            c,
            &format!(
                "{DOC_SQL} WHERE d.status IN ('issued', 'sent') AND d.due_on IS NOT NULL AND d.due_on < ?1
                     AND d.customer_id IS NOT NULL
                 ORDER BY d.customer_id, d.due_on, d.doc_date, d.id"
            ),
            vec![today.to_string().into()],
        )?;
        let mut out: Vec<OverdueClient> = Vec::new();
        for d in docs {
            let Some(cid) = d.customer_id else { continue };
            let days = d.overdue_days(today).unwrap_or(0);
            let amount = d.amount_minor.unwrap_or(0);
            match out.last_mut().filter(|o| o.customer_id == cid) {
                Some(o) => {
                    o.max_days_overdue = o.max_days_overdue.max(days);
                    o.amount_minor += amount;
                    o.documents.push(d);
                }
                None => {
                    let (phone, email): (String, String) = c
                        .prepare_cached("SELECT phone, email FROM customers WHERE id = ?1")?
                        .query_row([cid], |r| Ok((r.get(0)?, r.get(1)?)))?;
                    out.push(OverdueClient {
                        customer_id: cid,
                        customer_code: d.customer_code.clone(),
                        customer_name: d.customer_name.clone(),
                        phone,
                        email,
                        max_days_overdue: days,
                        amount_minor: amount,
                        documents: vec![d],
                    });
                }
            }
        }
        out.sort_by(|a, b| {
            b.max_days_overdue
                .cmp(&a.max_days_overdue)
                .then(b.amount_minor.cmp(&a.amount_minor))
                .then_with(|| a.customer_name.cmp(&b.customer_name))
        });
        Ok(out)
    }

    /// The documents a new registry of `kind` for `on` would list: shipments: outgoing issued
    /// documents dated `on` of delivered (not self-pickup) orders or of no order; self-pickup:
    /// those of self-pickup orders; accounting: signed copies received on or before `on`. In
    /// each case not yet in a registry of that kind.
    ///
    /// Precisely, shipments and self-pickup split the day's issued outgoing documents between
    /// them: a document linked to no order, or to at least one order delivered by the
    /// warehouse (not self-pickup), goes with the shipments; a document whose linked orders are
    /// all self-pickups goes with the self-pickups. "Received on or before `on`" counts in
    /// local time. Listed by customer, then number.
    pub fn registry_candidates(&self, kind: RegistryKind, on: NaiveDate) -> Result<Vec<DocumentRow>> {
        let delivered = "EXISTS (SELECT 1 FROM document_orders x JOIN orders o ON o.id = x.order_id
                             WHERE x.document_id = d.id AND o.self_pickup = 0)";
        let any_order = "EXISTS (SELECT 1 FROM document_orders x WHERE x.document_id = d.id)";
        let (cond, arg) = match kind {
            RegistryKind::Shipments => (
                format!(
                    "d.direction = 'outgoing' AND d.status = 'issued' AND d.doc_date = ?1
                     AND (NOT {any_order} OR {delivered})"
                ),
                on.to_string(),
            ),
            RegistryKind::SelfPickup => (
                format!(
                    "d.direction = 'outgoing' AND d.status = 'issued' AND d.doc_date = ?1
                     AND {any_order} AND NOT {delivered}"
                ),
                on.to_string(),
            ),
            RegistryKind::Accounting => (
                "d.status = 'signed' AND d.received_at IS NOT NULL AND d.received_at < ?1".to_string(),
                fmt_ts(start_of_day_after(on)),
            ),
        };
        rows_in(
            self.conn(),
            &format!(
                "{DOC_SQL} WHERE {cond}
                     AND NOT EXISTS (SELECT 1 FROM registry_documents r
                                     WHERE r.document_id = d.id AND r.registry_kind = ?2)
                 ORDER BY COALESCE(c.legal_name, d.counterparty), d.number, d.id"
            ),
            vec![arg.into(), kind.code().to_string().into()],
        )
    }

    /// Builds a registry of these documents (each must fit the kind; none twice in one kind).
    pub fn create_registry(
        &mut self,
        kind: RegistryKind,
        on: NaiveDate,
        document_ids: &[i64],
        comment: &str,
        stamp: &Stamp,
    ) -> Result<(i64, String)> {
        if document_ids.is_empty() {
            return Err(FieldError::new("documents", "choose at least one document for the registry").into());
        }
        let mut seen = std::collections::BTreeSet::new();
        if let Some(twice) = document_ids.iter().find(|id| !seen.insert(**id)) {
            return Err(
                FieldError::new("documents", format!("{} is listed twice", register_code(*twice))).into(),
            );
        }
        let (source, _) = kind.step();
        self.write(|c| {
            let mut codes = Vec::with_capacity(document_ids.len());
            for &id in document_ids {
                let row = row_in(c, id)?;
                if row.status != source {
                    return Err(Error::msg(format!(
                        "{} is {}: {} registry lists {} documents",
                        label(&row),
                        row.status.code(),
                        kind_word_registry(kind),
                        source.code()
                    )));
                }
                let already: Option<String> = c
                    .query_row(
                        "SELECT g.number FROM registry_documents r JOIN registries g ON g.id = r.registry_id
                         WHERE r.document_id = ?1 AND r.registry_kind = ?2",
                        params![id, kind.code()],
                        |r| r.get(0),
                    )
                    .opt()?;
                if let Some(number) = already {
                    return Err(Error::msg(format!(
                        "{} is already in the {} registry {number}",
                        label(&row),
                        kind_word_registry(kind).split_once(' ').map_or("", |(_, k)| k)
                    )));
                }
                codes.push(row.code);
            }
            let year = on.year();
            let n = next_counter(c, &format!("registry-{year}"))?;
            let number = registry_number(year, n);
            c.execute(
                "INSERT INTO registries (number, kind, on_date, comment, created_by, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
                params![
                    number,
                    kind.code(),
                    on.to_string(),
                    comment.trim(),
                    stamp.by,
                    stamp.ts()
                ],
            )
            .map_err(|e| unique_err(e, "registry", "number", &number))?;
            let rid = c.last_insert_rowid();
            {
                let mut st = c.prepare_cached(
                    "INSERT INTO registry_documents (registry_id, document_id, registry_kind, position)
                     VALUES (?1, ?2, ?3, ?4)",
                )?;
                for (i, id) in document_ids.iter().enumerate() {
                    st.execute(params![rid, id, kind.code(), i as i64 + 1])?;
                }
            }
            audit(
                c,
                stamp,
                "registry",
                rid,
                "insert",
                serde_json::json!({
                    "number": number, "kind": kind.code(), "on_date": on.to_string(),
                    "comment": comment.trim(), "documents": codes,
                }),
            )?;
            Ok((rid, number))
        })
    }

    /// Registries of documents dated in the period (None: all), newest first.
    pub fn registries(&self, from: Option<NaiveDate>, to: Option<NaiveDate>) -> Result<Vec<RegistryRow>> {
        let mut sql = format!("{REGISTRY_SQL} WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(d) = from {
            args.push(d.to_string().into());
            sql.push_str(&format!(" AND g.on_date >= ?{}", args.len()));
        }
        if let Some(d) = to {
            args.push(d.to_string().into());
            sql.push_str(&format!(" AND g.on_date <= ?{}", args.len()));
        }
        sql.push_str(" ORDER BY g.on_date DESC, g.id DESC");
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), registry_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn registry(&self, id: i64) -> Result<RegistryDetail> {
        let c = self.conn();
        let row = registry_in(c, id)?;
        let documents = registry_documents_in(c, id)?;
        Ok(RegistryDetail { row, documents })
    }

    /// The latest registry of a kind and date.
    pub fn registry_for(&self, kind: RegistryKind, on: NaiveDate) -> Result<Option<i64>> {
        self.conn()
            .query_row(
                "SELECT id FROM registries WHERE kind = ?1 AND on_date = ?2 ORDER BY id DESC LIMIT 1",
                params![kind.code(), on.to_string()],
                |r| r.get(0),
            )
            .opt()
    }

    /// Takes a document out of a registry not yet handed over (listed by mistake, or lost or
    /// cancelled since): the rest keep their order. A handed-over registry is history and
    /// refuses.
    pub fn remove_from_registry(
        &mut self,
        registry_id: i64,
        version: i64,
        document_id: i64,
        stamp: &Stamp,
    ) -> Result<()> {
        self.write(|c| {
            let reg = registry_in(c, registry_id)?;
            if reg.version != version {
                return Err(Error::Conflict {
                    entity: "registry",
                    id: registry_id,
                });
            }
            if reg.handed_at.is_some() {
                return Err(Error::msg(format!(
                    "registry {} is already handed over: its list cannot change",
                    reg.number
                )));
            }
            let docs = registry_documents_in(c, registry_id)?;
            let Some(doc) = docs.iter().find(|d| d.id == document_id) else {
                return Err(Error::msg(format!(
                    "{} is not in registry {}",
                    register_code(document_id),
                    reg.number
                )));
            };
            c.execute(
                "DELETE FROM registry_documents WHERE registry_id = ?1 AND document_id = ?2",
                params![registry_id, document_id],
            )?;
            let mut pos = 0;
            for d in docs.iter().filter(|d| d.id != document_id) {
                pos += 1;
                c.execute(
                    "UPDATE registry_documents SET position = ?1 WHERE registry_id = ?2 AND document_id = ?3",
                    params![pos, registry_id, d.id],
                )?;
            }
            c.execute(
                "UPDATE registries SET updated_at = ?1, version = version + 1 WHERE id = ?2",
                params![stamp.ts(), registry_id],
            )?;
            audit(
                c,
                stamp,
                "registry",
                registry_id,
                "update",
                serde_json::json!({ "removed": label(doc) }),
            )
        })
    }

    /// Hands a registry over: every document in it takes the kind's step at once (sent with
    /// the goods, or handed to `handed_to`), in one transaction.
    ///
    /// `handed_to` is who took the stack: required for accounting, optional for shipments and
    /// self-pickups (the driver, the client). A document already past the step is counted in
    /// [`HandOver::already`] and left as it is; one lost, cancelled or reissued meanwhile (or
    /// stepped back behind the registry's status) refuses the whole hand-over, by name.
    pub fn hand_over_registry(
        &mut self,
        id: i64,
        version: i64,
        handed_to: &str,
        stamp: &Stamp,
    ) -> Result<HandOver> {
        let who = handed_to.trim();
        self.write(|c| {
            let reg = registry_in(c, id)?;
            if reg.version != version {
                return Err(Error::Conflict {
                    entity: "registry",
                    id,
                });
            }
            if let Some(at) = reg.handed_at {
                let to = if reg.handed_to.is_empty() {
                    String::new()
                } else {
                    format!(" to {}", reg.handed_to)
                };
                return Err(Error::msg(format!(
                    "registry {} was already handed over on {} by {}{to}; nothing was changed",
                    reg.number,
                    when_local(at),
                    reg.handed_by.as_deref().unwrap_or("?")
                )));
            }
            if reg.kind == RegistryKind::Accounting && who.is_empty() {
                return Err(FieldError::new("handed_to", "say who in accounting took the documents").into());
            }
            let (source, target) = reg.kind.step();
            let past: &[DocStatus] = match reg.kind {
                RegistryKind::Shipments | RegistryKind::SelfPickup => {
                    &[DocStatus::Sent, DocStatus::Signed, DocStatus::Handed]
                }
                RegistryKind::Accounting => &[DocStatus::Handed],
            };
            let docs = registry_documents_in(c, id)?;
            let mut out = HandOver { moved: 0, already: 0 };
            for d in &docs {
                if d.status == source || past.contains(&d.status) {
                    continue;
                }
                let why = match d.status {
                    DocStatus::Lost | DocStatus::Cancelled | DocStatus::Reissued => {
                        format!("it was {} meanwhile", d.status.code())
                    }
                    s => format!(
                        "it is {} again, and this registry hands over {} documents",
                        s.code(),
                        source.code()
                    ),
                };
                return Err(Error::msg(format!(
                    "registry {}: {} cannot be handed over: {why}; nothing was handed over",
                    reg.number,
                    label(d)
                )));
            }
            for d in &docs {
                if d.status != source {
                    out.already += 1;
                    continue;
                }
                let step = match target {
                    DocStatus::Sent => Step {
                        to: DocStatus::Sent,
                        via: Some(SentVia::Goods),
                        handed_to: "",
                        note: who,
                        registry: Some(id),
                    },
                    _ => Step {
                        to: target,
                        via: None,
                        handed_to: who,
                        note: "",
                        registry: Some(id),
                    },
                };
                apply_step(c, d, &step, stamp)?;
                out.moved += 1;
            }
            let n = c.execute(
                "UPDATE registries SET handed_at = ?1, handed_by = ?2, handed_to = ?3, updated_at = ?1,
                     version = version + 1
                 WHERE id = ?4 AND version = ?5",
                params![stamp.ts(), stamp.by, who, id, version],
            )?;
            if n == 0 {
                return Err(Error::Conflict {
                    entity: "registry",
                    id,
                });
            }
            audit(
                c,
                stamp,
                "registry",
                id,
                "update",
                serde_json::json!({
                    "handed_at": stamp.ts(), "handed_to": who,
                    "moved": out.moved, "already": out.already,
                }),
            )?;
            Ok(out)
        })
    }
}

const DOC_SQL: &str = "SELECT d.id, d.kind, d.direction, d.number, d.doc_date, d.customer_id,
        COALESCE(c.code, ''), COALESCE(c.legal_name, d.counterparty), d.counterparty, d.amount_minor,
        d.comment, d.status, d.sent_via, d.sent_at, d.due_on, d.received_at, d.handed_at, d.handed_to,
        d.lost_at, d.replaces_id, (SELECT MIN(n.id) FROM documents n WHERE n.replaces_id = d.id),
        d.cancel_reason, d.created_by, d.created_at, d.version
    FROM documents d LEFT JOIN customers c ON c.id = d.customer_id";

fn ts(s: &str) -> DateTime<Utc> {
    parse_ts(s).unwrap_or_default()
}

fn opt_ts(s: Option<String>) -> Option<DateTime<Utc>> {
    s.as_deref().and_then(parse_ts)
}

fn opt_date(s: Option<String>) -> Option<NaiveDate> {
    s.as_deref().and_then(|s| s.parse().ok())
}

fn doc_from_row(r: &Row) -> rusqlite::Result<DocumentRow> {
    let id: i64 = r.get(0)?;
    Ok(DocumentRow {
        id,
        code: register_code(id),
        kind: DocKind::parse(&r.get::<_, String>(1)?).unwrap_or(DocKind::Other),
        direction: Direction::parse(&r.get::<_, String>(2)?).unwrap_or(Direction::Outgoing),
        number: r.get(3)?,
        doc_date: r.get::<_, String>(4)?.parse().unwrap_or(NaiveDate::MIN),
        customer_id: r.get(5)?,
        customer_code: r.get(6)?,
        customer_name: r.get(7)?,
        counterparty: r.get(8)?,
        amount_minor: r.get(9)?,
        comment: r.get(10)?,
        status: DocStatus::parse(&r.get::<_, String>(11)?).unwrap_or(DocStatus::Issued),
        sent_via: r
            .get::<_, Option<String>>(12)?
            .as_deref()
            .and_then(SentVia::parse),
        sent_at: opt_ts(r.get(13)?),
        due_on: opt_date(r.get(14)?),
        received_at: opt_ts(r.get(15)?),
        handed_at: opt_ts(r.get(16)?),
        handed_to: r.get(17)?,
        lost_at: opt_ts(r.get(18)?),
        replaces_id: r.get(19)?,
        replaced_by: r.get(20)?,
        cancel_reason: r.get(21)?,
        order_numbers: Vec::new(),
        created_by: r.get(22)?,
        created_at: ts(&r.get::<_, String>(23)?),
        version: r.get(24)?,
    })
}

/// Documents of a query on [`DOC_SQL`], with their order numbers.
fn rows_in(c: &Connection, sql: &str, args: Vec<rusqlite::types::Value>) -> Result<Vec<DocumentRow>> {
    let mut st = c.prepare(sql)?;
    let mut rows: Vec<DocumentRow> = st
        .query_map(rusqlite::params_from_iter(args), doc_from_row)?
        .collect::<rusqlite::Result<_>>()?;
    // the order numbers of every listed document in one query (by id range), not one per row
    let (Some(lo), Some(hi)) = (rows.iter().map(|r| r.id).min(), rows.iter().map(|r| r.id).max()) else {
        return Ok(rows);
    };
    let mut numbers: std::collections::HashMap<i64, Vec<String>> = std::collections::HashMap::new();
    let mut st = c.prepare_cached(
        "SELECT x.document_id, o.number FROM document_orders x JOIN orders o ON o.id = x.order_id
         WHERE x.document_id BETWEEN ?1 AND ?2 ORDER BY x.document_id, o.number, o.id",
    )?;
    let links = st.query_map(params![lo, hi], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, String>(1)?))
    })?;
    for link in links {
        let (id, number) = link?;
        numbers.entry(id).or_default().push(number);
    }
    for row in &mut rows {
        row.order_numbers = numbers.remove(&row.id).unwrap_or_default();
    }
    Ok(rows)
}

fn row_in(c: &Connection, id: i64) -> Result<DocumentRow> {
    rows_in(c, &format!("{DOC_SQL} WHERE d.id = ?1"), vec![id.into()])?
        .pop()
        .ok_or_else(|| Error::NotFound {
            entity: "document",
            key: register_code(id),
        })
}

/// The orders of a document: (id, number), by number.
fn order_links(c: &Connection, id: i64) -> Result<Vec<(i64, String)>> {
    let mut st = c.prepare_cached(
        "SELECT o.id, o.number FROM document_orders x JOIN orders o ON o.id = x.order_id
         WHERE x.document_id = ?1 ORDER BY o.number, o.id",
    )?;
    let rows = st.query_map([id], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

const REGISTRY_SQL: &str = "SELECT g.id, g.number, g.kind, g.on_date, g.comment, g.created_by, g.created_at,
        g.handed_at, g.handed_by, g.handed_to,
        (SELECT COUNT(*) FROM registry_documents r WHERE r.registry_id = g.id),
        (SELECT COALESCE(SUM(d.amount_minor), 0) FROM registry_documents r
             JOIN documents d ON d.id = r.document_id WHERE r.registry_id = g.id),
        g.version
    FROM registries g";

fn registry_from_row(r: &Row) -> rusqlite::Result<RegistryRow> {
    Ok(RegistryRow {
        id: r.get(0)?,
        number: r.get(1)?,
        kind: RegistryKind::parse(&r.get::<_, String>(2)?).unwrap_or(RegistryKind::Shipments),
        on_date: r.get::<_, String>(3)?.parse().unwrap_or(NaiveDate::MIN),
        comment: r.get(4)?,
        created_by: r.get(5)?,
        created_at: ts(&r.get::<_, String>(6)?),
        handed_at: opt_ts(r.get(7)?),
        handed_by: r.get(8)?,
        handed_to: r.get(9)?,
        documents: r.get(10)?,
        amount_minor: r.get(11)?,
        version: r.get(12)?,
    })
}

fn registry_in(c: &Connection, id: i64) -> Result<RegistryRow> {
    c.query_row(
        &format!("{REGISTRY_SQL} WHERE g.id = ?1"),
        [id],
        registry_from_row,
    )
    .opt()?
    .ok_or_else(|| Error::NotFound {
        entity: "registry",
        key: id.to_string(),
    })
}

/// The documents of a registry in printed order.
fn registry_documents_in(c: &Connection, id: i64) -> Result<Vec<DocumentRow>> {
    rows_in(
        c,
        &format!(
            "{DOC_SQL} JOIN registry_documents r ON r.document_id = d.id
             WHERE r.registry_id = ?1 ORDER BY r.position"
        ),
        vec![id.into()],
    )
}

/// The UTC moment the local day after `on` starts: "on or before `on`" is "before this".
fn start_of_day_after(on: NaiveDate) -> DateTime<Utc> {
    let next = on.succ_opt().unwrap_or(on);
    to_utc(next.and_hms_opt(0, 0, 0).unwrap_or_default())
}

fn when_local(t: DateTime<Utc>) -> String {
    local(t).format("%Y-%m-%d %H:%M").to_string()
}

fn or_dash(s: &str) -> &str {
    if s.trim().is_empty() { "—" } else { s }
}

/// How messages name a kind of document.
fn kind_word(k: DocKind) -> &'static str {
    match k {
        DocKind::Waybill => "waybill",
        DocKind::Invoice => "invoice",
        DocKind::Upd => "UPD",
        DocKind::Act => "act",
        DocKind::ReturnDoc => "return document",
        DocKind::PowerOfAttorney => "power of attorney",
        DocKind::CertificatePack => "certificate pack",
        DocKind::Other => "document",
    }
}

/// How messages name a kind of registry, with its article: "a shipments registry".
fn kind_word_registry(k: RegistryKind) -> &'static str {
    match k {
        RegistryKind::Shipments => "a shipments",
        RegistryKind::SelfPickup => "a self-pickup",
        RegistryKind::Accounting => "an accounting",
    }
}

/// `DOC-0000012 (waybill РН-1)`: how messages name a document.
fn label(d: &DocumentRow) -> String {
    format!("{} ({} {})", d.code, kind_word(d.kind), d.number)
}

fn changed(n: usize, id: i64) -> Result<()> {
    if n == 0 {
        return Err(Error::Conflict {
            entity: "document",
            id,
        });
    }
    Ok(())
}

fn due_days_in(c: &Connection) -> Result<DueDays> {
    Ok(setting_in::<DueDays>(c, keys::DUE_DAYS)?.unwrap_or_default())
}

fn event(
    c: &Connection,
    id: i64,
    from: Option<DocStatus>,
    to: DocStatus,
    note: &str,
    registry: Option<i64>,
    stamp: &Stamp,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO document_events (document_id, at, by_user, from_status, to_status, note, registry_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?
    .execute(params![
        id,
        stamp.ts(),
        stamp.by,
        from.map(|f| f.code()),
        to.code(),
        note.trim(),
        registry
    ])?;
    Ok(())
}

/// The customer of a draft and its orders' numbers, checked: the customer exists, each order
/// exists and is the customer's. Returns (customer code, customer name, order numbers).
fn check_links(c: &Connection, d: &DocumentDraft) -> Result<(String, String, Vec<String>)> {
    let customer: Option<(String, String)> = match d.customer_id {
        Some(cid) => Some(
            c.query_row(
                "SELECT code, legal_name FROM customers WHERE id = ?1",
                [cid],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .opt()?
            .ok_or_else(|| Error::NotFound {
                entity: "customer",
                key: cid.to_string(),
            })?,
        ),
        None => None,
    };
    let mut numbers = Vec::with_capacity(d.order_ids.len());
    for &oid in &d.order_ids {
        let (number, owner, owner_name): (String, i64, String) = c
            .query_row(
                "SELECT o.number, o.customer_id, c.legal_name FROM orders o
                 JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1",
                [oid],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .opt()?
            .ok_or_else(|| Error::NotFound {
                entity: "order",
                key: oid.to_string(),
            })?;
        match (&customer, d.customer_id) {
            (Some((_, name)), Some(cid)) if cid != owner => {
                return Err(FieldError::new(
                    "orders",
                    format!("order {number} belongs to another customer ({owner_name}), not to {name}"),
                )
                .into());
            }
            (None, _) | (_, None) => {
                return Err(FieldError::new(
                    "orders",
                    format!("order {number} is {owner_name}'s: choose the document's customer first"),
                )
                .into());
            }
            _ => {}
        }
        numbers.push(number);
    }
    numbers.sort();
    let (code, name) = customer.unwrap_or_default();
    Ok((code, name, numbers))
}

fn doc_search_text(d: &DocumentDraft, code: &str, customer: &(String, String, Vec<String>)) -> String {
    let mut parts: Vec<&str> = vec![
        d.number.trim(),
        code,
        &customer.0,
        &customer.1,
        d.counterparty.trim(),
        d.comment.trim(),
    ];
    parts.extend(customer.2.iter().map(String::as_str));
    search_text(&parts)
}

fn link_orders(c: &Connection, id: i64, order_ids: &[i64]) -> Result<()> {
    let mut st = c.prepare_cached("INSERT INTO document_orders (document_id, order_id) VALUES (?1, ?2)")?;
    for o in order_ids {
        st.execute(params![id, o])?;
    }
    Ok(())
}

/// Registers one document inside the caller's transaction. `replaces`: the lost document a
/// reissued one replaces.
fn register_in(
    c: &Connection,
    d: &DocumentDraft,
    stamp: &Stamp,
    replaces: Option<&DocumentRow>,
) -> Result<(i64, String)> {
    d.validate()?;
    let links = check_links(c, d)?;
    let days = due_days_in(c)?;
    let status = DocStatus::initial(d.direction);
    let due = due_on(d.direction, days.days(d.kind), d.doc_date);
    let number = d.number.trim();
    c.execute(
        "INSERT INTO documents (kind, direction, number, doc_date, customer_id, counterparty, amount_minor,
             comment, status, due_on, replaces_id, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        params![
            d.kind.code(),
            d.direction.code(),
            number,
            d.doc_date.to_string(),
            d.customer_id,
            d.counterparty.trim(),
            d.amount_minor,
            d.comment.trim(),
            status.code(),
            due.map(|x| x.to_string()),
            replaces.map(|r| r.id),
            stamp.by,
            stamp.ts()
        ],
    )
    .map_err(|e| unique_err(e, "document", "number", number))?;
    let id = c.last_insert_rowid();
    let code = register_code(id);
    c.execute(
        "UPDATE documents SET search_text = ?1 WHERE id = ?2",
        params![doc_search_text(d, &code, &links), id],
    )?;
    link_orders(c, id, &d.order_ids)?;
    let note = match replaces {
        Some(old) => format!("replaces {}", label(old)),
        None if !links.2.is_empty() => format!("order {}", links.2.join(", ")),
        None => String::new(),
    };
    event(c, id, None, status, &note, None, stamp)?;
    let mut changes = serde_json::to_value(d).unwrap_or_default();
    if let Some(map) = changes.as_object_mut() {
        map.insert("code".into(), code.clone().into());
        map.insert("status".into(), status.code().into());
        map.insert("due_on".into(), serde_json::to_value(due).unwrap_or_default());
        if let Some(old) = replaces {
            map.insert("replaces_id".into(), old.id.into());
        }
    }
    audit(c, stamp, "document", id, "insert", changes)?;
    Ok((id, code))
}

fn update_in(c: &Connection, id: i64, version: i64, d: &DocumentDraft, stamp: &Stamp) -> Result<()> {
    let row = row_in(c, id)?;
    if row.version != version {
        return Err(Error::Conflict {
            entity: "document",
            id,
        });
    }
    if row.status.is_final() {
        return Err(Error::msg(format!(
            "{} is {}: it can no longer be corrected",
            label(&row),
            row.status.code()
        )));
    }
    if d.direction != row.direction {
        return Err(FieldError::new(
            "direction",
            "the direction of a registered document cannot change: cancel it and register it anew",
        )
        .into());
    }
    let links = check_links(c, d)?;
    let days = due_days_in(c)?;
    let from = row.sent_at.map(|t| local(t).date()).unwrap_or(d.doc_date);
    let due = due_on(d.direction, days.days(d.kind), from);
    let number = d.number.trim();
    let n = c
        .execute(
            "UPDATE documents SET kind = ?1, number = ?2, doc_date = ?3, customer_id = ?4, counterparty = ?5,
                 amount_minor = ?6, comment = ?7, due_on = ?8, search_text = ?9, updated_at = ?10,
                 version = version + 1
             WHERE id = ?11 AND version = ?12",
            params![
                d.kind.code(),
                number,
                d.doc_date.to_string(),
                d.customer_id,
                d.counterparty.trim(),
                d.amount_minor,
                d.comment.trim(),
                due.map(|x| x.to_string()),
                doc_search_text(d, &row.code, &links),
                stamp.ts(),
                id,
                version
            ],
        )
        .map_err(|e| unique_err(e, "document", "number", number))?;
    changed(n, id)?;
    let old_orders: Vec<i64> = order_links(c, id)?.into_iter().map(|(o, _)| o).collect();
    c.execute("DELETE FROM document_orders WHERE document_id = ?1", [id])?;
    link_orders(c, id, &d.order_ids)?;
    let old = DocumentDraft {
        kind: row.kind,
        direction: row.direction,
        number: row.number.clone(),
        doc_date: row.doc_date,
        customer_id: row.customer_id,
        counterparty: row.counterparty.clone(),
        amount_minor: row.amount_minor,
        comment: row.comment.clone(),
        order_ids: old_orders,
    };
    let new = DocumentDraft {
        number: number.to_string(),
        counterparty: d.counterparty.trim().to_string(),
        comment: d.comment.trim().to_string(),
        ..d.clone()
    };
    let mut changes = diff(&old, &new);
    if row.due_on != due
        && let Some(map) = changes.as_object_mut()
    {
        map.insert(
            "due_on".into(),
            serde_json::json!([row.due_on.map(|x| x.to_string()), due.map(|x| x.to_string())]),
        );
    }
    audit(c, stamp, "document", id, "update", changes)
}

/// One step of a document as asked.
struct Step<'a> {
    to: DocStatus,
    via: Option<SentVia>,
    handed_to: &'a str,
    note: &'a str,
    /// The registry whose hand-over makes the step.
    registry: Option<i64>,
}

/// Takes one step (checked by [`check_doc_move`]) on the document as read in this transaction:
/// sets the fields of the step, clears those of an undone one, records the event and the audit
/// row. The update names the version read.
fn apply_step(c: &Connection, row: &DocumentRow, s: &Step, stamp: &Stamp) -> Result<()> {
    let from = row.status;
    let to = s.to;
    check_doc_move(row.direction, from, to, s.note)
        .map_err(|e| Error::msg(format!("{}: {e}", label(row))))?;
    let days = due_days_in(c)?.days(row.kind);
    let mut new = row.clone();
    new.status = to;
    match to {
        DocStatus::Issued => {
            new.sent_via = None;
            new.sent_at = None;
            new.received_at = None;
            new.due_on = due_on(row.direction, days, row.doc_date);
        }
        DocStatus::Sent => {
            if from == DocStatus::Issued || row.sent_at.is_none() {
                let via = s.via.ok_or_else(|| {
                    Error::from(FieldError::new(
                        "sent_via",
                        "say how the document went: with the goods, by e-mail or by courier",
                    ))
                })?;
                new.sent_via = Some(via);
                new.sent_at = Some(stamp.at);
                new.due_on = due_on(row.direction, days, local(stamp.at).date());
            } else if let Some(via) = s.via {
                new.sent_via = Some(via);
            }
            new.received_at = None;
            new.lost_at = None;
        }
        DocStatus::Signed => {
            if from == DocStatus::Handed {
                new.handed_at = None;
                new.handed_to = String::new();
            } else {
                new.received_at = Some(stamp.at);
            }
        }
        DocStatus::Handed => {
            let who = s.handed_to.trim();
            if who.is_empty() {
                return Err(FieldError::new("handed_to", "say who took the document").into());
            }
            new.handed_at = Some(stamp.at);
            new.handed_to = who.to_string();
        }
        DocStatus::Received => {
            new.handed_at = None;
            new.handed_to = String::new();
        }
        DocStatus::Lost => new.lost_at = Some(stamp.at),
        DocStatus::Cancelled => new.cancel_reason = s.note.trim().to_string(),
        DocStatus::Reissued => {}
    }
    let opt = |t: Option<DateTime<Utc>>| t.map(fmt_ts);
    let n = c.execute(
        "UPDATE documents SET status = ?1, sent_via = ?2, sent_at = ?3, due_on = ?4, received_at = ?5,
             handed_at = ?6, handed_to = ?7, lost_at = ?8, cancel_reason = ?9, updated_at = ?10,
             version = version + 1
         WHERE id = ?11 AND version = ?12",
        params![
            to.code(),
            new.sent_via.map(|v| v.code()),
            opt(new.sent_at),
            new.due_on.map(|d| d.to_string()),
            opt(new.received_at),
            opt(new.handed_at),
            new.handed_to,
            opt(new.lost_at),
            new.cancel_reason,
            stamp.ts(),
            row.id,
            row.version
        ],
    )?;
    changed(n, row.id)?;
    event(c, row.id, Some(from), to, s.note, s.registry, stamp)?;
    let mut changes = diff(row, &new);
    if let Some(map) = changes.as_object_mut() {
        map.insert("note".into(), s.note.trim().into());
        if let Some(r) = s.registry {
            map.insert("registry_id".into(), r.into());
        }
    }
    audit(c, stamp, "document", row.id, "update", changes)
}

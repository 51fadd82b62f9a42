//! Claims, their investigation and decision, the files kept with them, returns of goods, the
//! contact log and scheduled calls back. Every write is one transaction with its audit rows.

use chrono::{DateTime, Local, NaiveDate, NaiveDateTime, TimeZone, Utc};
use rusqlite::{Connection, Row, params};
use serde::Serialize;
use sha2::{Digest, Sha256};

use super::printing::setting_in;
use super::{OptionalExt, Stamp, Store, audit, fmt_ts, next_counter, parse_ts};
use crate::domain::calendar::WorkCalendar;
use crate::domain::claim::*;
use crate::domain::order::OrderStatus;
use crate::error::{Error, Result};

/// Settings keys of the claims desk.
pub mod keys {
    /// Working days to answer a claim when the customer's contract says nothing (default 3).
    pub const ANSWER_DAYS: &str = "claims.answer_days";
    /// Working days after closing a claim when the follow-up call is due (default 2).
    pub const FOLLOW_UP_DAYS: &str = "claims.follow_up_days";
    /// Largest file kept with a claim, in MB (default 20).
    pub const ATTACHMENT_MB: &str = "claims.attachment_mb";
}

/// The claims desk's settings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ClaimSettings {
    /// Working days to answer when the contract says nothing.
    pub answer_days: i64,
    /// Working days after closing when the follow-up call is due.
    pub follow_up_days: i64,
    /// Largest file kept with a claim, MB.
    pub attachment_mb: i64,
}

impl Default for ClaimSettings {
    fn default() -> Self {
        ClaimSettings {
            answer_days: 3,
            follow_up_days: 2,
            attachment_mb: DEFAULT_ATTACHMENT_MB,
        }
    }
}

impl ClaimSettings {
    pub fn validate(&self) -> Result<()> {
        if !(1..=365).contains(&self.answer_days) {
            return Err(bad("answer_days", "between 1 and 365 working days"));
        }
        if !(0..=365).contains(&self.follow_up_days) {
            return Err(bad("follow_up_days", "between 0 and 365 working days"));
        }
        if !(1..=512).contains(&self.attachment_mb) {
            return Err(bad("attachment_mb", "between 1 and 512 MB"));
        }
        Ok(())
    }
}

impl Store {
    pub fn claim_settings(&self) -> Result<ClaimSettings> {
        let d = ClaimSettings::default();
        Ok(ClaimSettings {
            answer_days: self.setting(keys::ANSWER_DAYS)?.unwrap_or(d.answer_days),
            follow_up_days: self.setting(keys::FOLLOW_UP_DAYS)?.unwrap_or(d.follow_up_days),
            attachment_mb: self.setting(keys::ATTACHMENT_MB)?.unwrap_or(d.attachment_mb),
        })
    }

    /// Saves the three settings in one transaction (checked first).
    pub fn save_claim_settings(&mut self, s: &ClaimSettings, stamp: &Stamp) -> Result<()> {
        s.validate()?;
        self.write(|c| {
            super::printing::put_setting_in(c, keys::ANSWER_DAYS, &s.answer_days, stamp)?;
            super::printing::put_setting_in(c, keys::FOLLOW_UP_DAYS, &s.follow_up_days, stamp)?;
            super::printing::put_setting_in(c, keys::ATTACHMENT_MB, &s.attachment_mb, stamp)
        })
    }
}

/// Local wall-clock time of a stored UTC moment (the calendar counts in local time).
pub fn local(t: DateTime<Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

/// The UTC moment of a local wall-clock time (the earlier one in a daylight-saving overlap).
pub fn to_utc(t: NaiveDateTime) -> DateTime<Utc> {
    Local
        .from_local_datetime(&t)
        .earliest()
        .map(|d| d.with_timezone(&Utc))
        .unwrap_or_else(|| Utc.from_utc_datetime(&t))
}

fn ts(s: &str) -> DateTime<Utc> {
    parse_ts(s).unwrap_or_default()
}

fn bad(field: &'static str, message: impl Into<String>) -> Error {
    crate::domain::FieldError::new(field, message).into()
}

/// A claim as the list shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimRow {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub order_number: String,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub kind: ClaimKind,
    pub channel: ClaimChannel,
    pub status: ClaimStatus,
    pub received_at: DateTime<Utc>,
    pub due_at: DateTime<Utc>,
    pub answered_at: Option<DateTime<Utc>>,
    pub claimed_minor: i64,
    pub decision: Option<Decision>,
    pub culprit: Option<Culprit>,
    pub culprit_name: String,
    pub version: i64,
    pub remedy: Option<Remedy>,
}

/// A line of a claim with its product.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimLineView {
    pub line_no: i64,
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub unit: String,
    /// What the order had of the product (0: not on the order).
    pub ordered: i64,
    pub quantity: i64,
    pub amount_minor: i64,
    pub note: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimEventView {
    pub at: DateTime<Utc>,
    pub by: String,
    pub from: Option<ClaimStatus>,
    pub to: ClaimStatus,
    pub note: String,
}

/// One item of the investigation's checklist (every kind is listed; `version` 0: never saved).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvidenceRow {
    pub kind: Evidence,
    pub done: bool,
    pub detail: String,
    pub result: String,
    pub updated_by: String,
    pub updated_at: Option<DateTime<Utc>>,
    pub version: i64,
}

/// A file kept with a claim, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FileRow {
    pub id: i64,
    pub claim_id: i64,
    pub name: String,
    pub mime: String,
    pub size: i64,
    pub sha256: String,
    pub reference: Option<String>,
    pub note: String,
    pub added_by: String,
    pub added_at: DateTime<Utc>,
}

impl FileRow {
    pub fn is_image(&self) -> bool {
        self.mime.starts_with("image/")
    }
}

/// Who handled the order on the board.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct People {
    pub picker: String,
    pub checker: String,
    pub packer: String,
}

/// A claim with everything the detail view and the claim act show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ClaimDetail {
    pub row: ClaimRow,
    pub client_words: String,
    pub lang: ActLang,
    pub answer_days: i64,
    pub driver: String,
    pub decision: Option<DecisionDraft>,
    pub decided_at: Option<DateTime<Utc>>,
    pub closed_at: Option<DateTime<Utc>>,
    pub cancel_reason: Option<String>,
    pub created_by: String,
    pub delivery_address: String,
    pub order_received_at: DateTime<Utc>,
    pub shipped_at: Option<DateTime<Utc>>,
    pub people: People,
    pub lines: Vec<ClaimLineView>,
    pub events: Vec<ClaimEventView>,
    pub evidence: Vec<EvidenceRow>,
    pub files: Vec<FileRow>,
    pub returns: Vec<ReturnRow>,
    pub callbacks: Vec<CallbackRow>,
}

/// Which claims the list shows.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(default)]
pub struct ClaimFilter {
    /// Registered, investigating, decided or answered only.
    pub open_only: bool,
    pub status: Option<ClaimStatus>,
    pub customer_id: Option<i64>,
    pub order_id: Option<i64>,
    /// Words of the number, order number, customer or the client's words.
    pub text: String,
    /// Received on or after / on or before (local dates).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

/// A return with its lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnRow {
    pub id: i64,
    pub number: String,
    pub order_id: i64,
    pub order_number: String,
    pub claim_id: Option<i64>,
    pub claim_number: Option<String>,
    pub kind: ReturnKind,
    pub received_at: DateTime<Utc>,
    pub driver: String,
    pub note: String,
    pub created_by: String,
    pub lines: Vec<ReturnLineView>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnLineView {
    pub product_id: i64,
    pub sku: String,
    pub name: String,
    pub quantity: i64,
    pub condition: Condition,
}

/// What a recorded return did to its order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ReturnOutcome {
    pub id: i64,
    pub number: String,
    pub completeness: Completeness,
    /// The order's status after the return (cancelled, returned, or as it was).
    pub order_status: OrderStatus,
}

/// A contact with a client being logged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct ContactDraft {
    pub customer_id: i64,
    pub medium: Medium,
    pub incoming: bool,
    pub topic: Topic,
    pub person: String,
    pub summary: String,
    pub outcome: String,
    pub order_id: Option<i64>,
    pub claim_id: Option<i64>,
    /// Schedule a call back on this day, with this topic.
    pub call_back_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ContactRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub at: DateTime<Utc>,
    pub by: String,
    pub medium: Medium,
    pub incoming: bool,
    pub topic: Topic,
    pub person: String,
    pub summary: String,
    pub outcome: String,
    pub order_number: Option<String>,
    pub claim_number: Option<String>,
}

/// Which contacts the log shows.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ContactFilter {
    pub customer_id: Option<i64>,
    pub claim_id: Option<i64>,
    pub text: String,
    pub limit: Option<usize>,
}

/// A scheduled call back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct CallbackRow {
    pub id: i64,
    pub customer_id: i64,
    pub customer_code: String,
    pub customer_name: String,
    pub phone: String,
    pub claim_id: Option<i64>,
    pub claim_number: Option<String>,
    pub order_id: Option<i64>,
    pub order_number: Option<String>,
    pub due_on: NaiveDate,
    pub topic: String,
    pub created_by: String,
    pub done_at: Option<DateTime<Utc>>,
    pub done_by: Option<String>,
    pub result: Option<CallResult>,
    pub comment: String,
    pub version: i64,
}

const CLAIM_SQL: &str = "SELECT k.id, k.number, k.order_id, o.number, k.customer_id, c.code, c.legal_name,
        k.kind, k.channel, k.status, k.received_at, k.due_at, k.answered_at, k.claimed_minor,
        k.decision, k.culprit, k.culprit_name, k.version, k.remedy
    FROM claims k JOIN orders o ON o.id = k.order_id JOIN customers c ON c.id = k.customer_id";

fn claim_from_row(r: &Row) -> rusqlite::Result<ClaimRow> {
    Ok(ClaimRow {
        id: r.get(0)?,
        number: r.get(1)?,
        order_id: r.get(2)?,
        order_number: r.get(3)?,
        customer_id: r.get(4)?,
        customer_code: r.get(5)?,
        customer_name: r.get(6)?,
        kind: ClaimKind::parse(&r.get::<_, String>(7)?).unwrap_or(ClaimKind::Other),
        channel: ClaimChannel::parse(&r.get::<_, String>(8)?).unwrap_or(ClaimChannel::Phone),
        status: ClaimStatus::parse(&r.get::<_, String>(9)?).unwrap_or(ClaimStatus::Registered),
        received_at: ts(&r.get::<_, String>(10)?),
        due_at: ts(&r.get::<_, String>(11)?),
        answered_at: r.get::<_, Option<String>>(12)?.as_deref().and_then(parse_ts),
        claimed_minor: r.get(13)?,
        decision: r
            .get::<_, Option<String>>(14)?
            .as_deref()
            .and_then(Decision::parse),
        culprit: r
            .get::<_, Option<String>>(15)?
            .as_deref()
            .and_then(Culprit::parse),
        culprit_name: r.get(16)?,
        version: r.get(17)?,
        remedy: r.get::<_, Option<String>>(18)?.as_deref().and_then(Remedy::parse),
    })
}

const CALLBACK_SQL: &str = "SELECT b.id, b.customer_id, c.code, c.legal_name, c.phone, b.claim_id, k.number,
        b.order_id, o.number, b.due_on, b.topic, b.created_by, b.done_at, b.done_by, b.result,
        b.comment, b.version
    FROM callbacks b JOIN customers c ON c.id = b.customer_id
    LEFT JOIN claims k ON k.id = b.claim_id LEFT JOIN orders o ON o.id = b.order_id";

fn callback_from_row(r: &Row) -> rusqlite::Result<CallbackRow> {
    Ok(CallbackRow {
        id: r.get(0)?,
        customer_id: r.get(1)?,
        customer_code: r.get(2)?,
        customer_name: r.get(3)?,
        phone: r.get(4)?,
        claim_id: r.get(5)?,
        claim_number: r.get(6)?,
        order_id: r.get(7)?,
        order_number: r.get(8)?,
        due_on: r.get::<_, String>(9)?.parse().unwrap_or(NaiveDate::MIN),
        topic: r.get(10)?,
        created_by: r.get(11)?,
        done_at: r.get::<_, Option<String>>(12)?.as_deref().and_then(parse_ts),
        done_by: r.get(13)?,
        result: r
            .get::<_, Option<String>>(14)?
            .as_deref()
            .and_then(CallResult::parse),
        comment: r.get(15)?,
        version: r.get(16)?,
    })
}

/// The words a claim is found by.
fn search_words(number: &str, order: &str, customer: &str, words: &str) -> String {
    format!("{number} {order} {customer} {words}").to_lowercase()
}

impl Store {
    /// Working days to answer a claim of this customer received on `on`: the newest contract
    /// valid that day, else the desk's default. `true` when a contract set it.
    pub fn claim_answer_days(&self, customer_id: i64, on: NaiveDate) -> Result<(i64, bool)> {
        answer_days_in(self.conn(), customer_id, on)
    }

    /// Registers a claim: number, deadline fixed from the contract (or Settings) on the working
    /// calendar, the first event and the audit row, in one transaction.
    pub fn register_claim(&mut self, draft: &ClaimDraft, stamp: &Stamp) -> Result<(i64, String)> {
        self.write(|c| register_claim_in(c, draft, stamp))
    }

    pub fn claims(&self, f: &ClaimFilter) -> Result<Vec<ClaimRow>> {
        let mut sql = format!("{CLAIM_SQL} WHERE 1 = 1");
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if f.open_only {
            sql.push_str(" AND k.status NOT IN ('closed', 'cancelled')");
        }
        if let Some(s) = f.status {
            args.push(s.code().to_string().into());
            sql.push_str(&format!(" AND k.status = ?{}", args.len()));
        }
        if let Some(id) = f.customer_id {
            args.push(id.into());
            sql.push_str(&format!(" AND k.customer_id = ?{}", args.len()));
        }
        if let Some(id) = f.order_id {
            args.push(id.into());
            sql.push_str(&format!(" AND k.order_id = ?{}", args.len()));
        }
        if let Some(d) = f.from {
            args.push(fmt_ts(to_utc(d.and_hms_opt(0, 0, 0).unwrap_or_default())).into());
            sql.push_str(&format!(" AND k.received_at >= ?{}", args.len()));
        }
        if let Some(d) = f.to {
            let next = d.succ_opt().unwrap_or(d).and_hms_opt(0, 0, 0).unwrap_or_default();
            args.push(fmt_ts(to_utc(next)).into());
            sql.push_str(&format!(" AND k.received_at < ?{}", args.len()));
        }
        for word in f.text.split_whitespace() {
            args.push(format!("%{}%", word.to_lowercase()).into());
            sql.push_str(&format!(" AND k.search_text LIKE ?{}", args.len()));
        }
        sql.push_str(" ORDER BY k.due_at, k.id");
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), claim_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    pub fn claim_by_number(&self, number: &str) -> Result<Option<i64>> {
        self.conn()
            .query_row("SELECT id FROM claims WHERE number = ?1", [number.trim()], |r| {
                r.get(0)
            })
            .opt()
    }

    /// A claim with its lines, history, checklist, files, returns and calls back.
    pub fn claim(&self, id: i64) -> Result<ClaimDetail> {
        let c = self.conn();
        let row = c
            .query_row(&format!("{CLAIM_SQL} WHERE k.id = ?1"), [id], claim_from_row)
            .opt()?
            .ok_or(Error::NotFound {
                entity: "claim",
                key: id.to_string(),
            })?;
        type Extra = (
            String,
            String,
            i64,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            String,
            Option<String>,
            i64,
            String,
        );
        let extra: Extra = c.query_row(
            "SELECT k.client_words, k.lang, k.answer_days, k.driver, k.remedy, k.decided_at, k.closed_at,
                    k.created_by, k.cancel_reason, k.compensation_minor, k.insurance_case
             FROM claims k WHERE k.id = ?1",
            [id],
            |r| {
                Ok((
                    r.get(0)?,
                    r.get(1)?,
                    r.get(2)?,
                    r.get(3)?,
                    r.get(4)?,
                    r.get(5)?,
                    r.get(6)?,
                    r.get(7)?,
                    r.get(8)?,
                    r.get(9)?,
                    r.get(10)?,
                ))
            },
        )?;
        let (words, lang, answer_days, driver, remedy, decided_at, closed_at, created_by, cancel, comp, case) =
            extra;
        let decision_note: String =
            c.query_row("SELECT decision_note FROM claims WHERE id = ?1", [id], |r| {
                r.get(0)
            })?;
        let decision = match (
            row.decision,
            row.culprit,
            remedy.as_deref().and_then(Remedy::parse),
        ) {
            (Some(decision), Some(culprit), Some(remedy)) => Some(DecisionDraft {
                decision,
                culprit,
                culprit_name: row.culprit_name.clone(),
                remedy,
                compensation_minor: comp,
                insurance_case: case,
                note: decision_note,
            }),
            _ => None,
        };
        let (address, order_received, shipped, picker, checker, packer): (
            String,
            String,
            Option<String>,
            Option<String>,
            Option<String>,
            Option<String>,
        ) = c.query_row(
            "SELECT COALESCE(d.address, ''), o.received_at, o.shipped_at, o.picker, o.checker, o.packer
             FROM orders o LEFT JOIN delivery_points d ON d.id = o.delivery_point_id WHERE o.id = ?1",
            [row.order_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?, r.get(5)?)),
        )?;
        let lines = {
            let mut st = c.prepare_cached(
                "SELECT l.line_no, l.product_id, p.sku, p.name, p.unit,
                        COALESCE((SELECT ol.quantity FROM order_lines ol
                                  WHERE ol.order_id = ?2 AND ol.product_id = l.product_id), 0),
                        l.quantity, l.amount_minor, l.note
                 FROM claim_lines l JOIN products p ON p.id = l.product_id
                 WHERE l.claim_id = ?1 ORDER BY l.line_no",
            )?;
            st.query_map(params![id, row.order_id], |r| {
                Ok(ClaimLineView {
                    line_no: r.get(0)?,
                    product_id: r.get(1)?,
                    sku: r.get(2)?,
                    name: r.get(3)?,
                    unit: r.get(4)?,
                    ordered: r.get(5)?,
                    quantity: r.get(6)?,
                    amount_minor: r.get(7)?,
                    note: r.get(8)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        let events = {
            let mut st = c.prepare_cached(
                "SELECT at, by_user, from_status, to_status, note FROM claim_events
                 WHERE claim_id = ?1 ORDER BY at, id",
            )?;
            st.query_map([id], |r| {
                Ok(ClaimEventView {
                    at: ts(&r.get::<_, String>(0)?),
                    by: r.get(1)?,
                    from: r
                        .get::<_, Option<String>>(2)?
                        .as_deref()
                        .and_then(ClaimStatus::parse),
                    to: ClaimStatus::parse(&r.get::<_, String>(3)?).unwrap_or(ClaimStatus::Registered),
                    note: r.get(4)?,
                })
            })?
            .collect::<rusqlite::Result<Vec<_>>>()?
        };
        Ok(ClaimDetail {
            client_words: words,
            lang: ActLang::parse(&lang).unwrap_or(ActLang::Ru),
            answer_days,
            driver,
            decision,
            decided_at: decided_at.as_deref().and_then(parse_ts),
            closed_at: closed_at.as_deref().and_then(parse_ts),
            cancel_reason: cancel,
            created_by,
            delivery_address: address,
            order_received_at: ts(&order_received),
            shipped_at: shipped.as_deref().and_then(parse_ts),
            people: People {
                picker: picker.unwrap_or_default(),
                checker: checker.unwrap_or_default(),
                packer: packer.unwrap_or_default(),
            },
            lines,
            events,
            evidence: self.evidence(id)?,
            files: self.claim_files(id)?,
            returns: self.returns_where("r.claim_id = ?1", id)?,
            callbacks: self.callbacks_where("b.claim_id = ?1 ORDER BY b.due_on, b.id", id)?,
            row,
        })
    }

    /// The checklist: every kind of evidence, saved or not.
    pub fn evidence(&self, claim_id: i64) -> Result<Vec<EvidenceRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT kind, done, detail, result, updated_by, updated_at, version
             FROM claim_evidence WHERE claim_id = ?1",
        )?;
        let saved: Vec<EvidenceRow> = st
            .query_map([claim_id], |r| {
                Ok(EvidenceRow {
                    kind: Evidence::parse(&r.get::<_, String>(0)?).unwrap_or(Evidence::Cctv),
                    done: r.get::<_, i64>(1)? != 0,
                    detail: r.get(2)?,
                    result: r.get(3)?,
                    updated_by: r.get(4)?,
                    updated_at: r.get::<_, Option<String>>(5)?.as_deref().and_then(parse_ts),
                    version: r.get(6)?,
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        Ok(Evidence::ALL
            .iter()
            .map(|k| {
                saved
                    .iter()
                    .find(|e| e.kind == *k)
                    .cloned()
                    .unwrap_or(EvidenceRow {
                        kind: *k,
                        done: false,
                        detail: String::new(),
                        result: String::new(),
                        updated_by: String::new(),
                        updated_at: None,
                        version: 0,
                    })
            })
            .collect())
    }

    /// Saves one checklist item; `version` is the one read (0 for an item never saved).
    pub fn save_evidence(&mut self, claim_id: i64, item: &EvidenceRow, stamp: &Stamp) -> Result<()> {
        self.write(|c| {
            let status = claim_status(c, claim_id)?;
            if !status.is_open() {
                return Err(Error::msg(format!(
                    "the claim is {}: reopen it before changing the investigation",
                    status.code()
                )));
            }
            let n = if item.version == 0 {
                c.execute(
                    "INSERT INTO claim_evidence (claim_id, kind, done, detail, result, updated_by, updated_at)
                     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT (claim_id, kind) DO NOTHING",
                    params![claim_id, item.kind.code(), item.done, item.detail.trim(), item.result.trim(), stamp.by, stamp.ts()],
                )?
            } else {
                c.execute(
                    "UPDATE claim_evidence SET done = ?3, detail = ?4, result = ?5, updated_by = ?6,
                         updated_at = ?7, version = version + 1
                     WHERE claim_id = ?1 AND kind = ?2 AND version = ?8",
                    params![claim_id, item.kind.code(), item.done, item.detail.trim(), item.result.trim(), stamp.by, stamp.ts(), item.version],
                )?
            };
            changed(n, "claim evidence", claim_id)?;
            touch_claim(c, claim_id, stamp)?;
            audit(
                c,
                stamp,
                "claim_evidence",
                claim_id,
                if item.version == 0 { "insert" } else { "update" },
                serde_json::json!({"kind": item.kind.code(), "done": item.done, "detail": item.detail, "result": item.result}),
            )
        })
    }

    /// Moves a claim one step (see [`check_claim_move`]), recording who, when and the note.
    /// Closing schedules the follow-up call; reopening keeps the first answer's time.
    pub fn move_claim(
        &mut self,
        id: i64,
        version: i64,
        to: ClaimStatus,
        note: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        self.write(|c| move_claim_in(c, id, version, to, note, stamp))
    }

    /// Records the decision and moves the claim to `decided` (or revises the decision of a
    /// claim already decided), in one transaction.
    pub fn decide_claim(&mut self, id: i64, version: i64, d: &DecisionDraft, stamp: &Stamp) -> Result<()> {
        d.validate()?;
        self.write(|c| {
            let status = claim_status(c, id)?;
            if !matches!(status, ClaimStatus::Investigating | ClaimStatus::Decided) {
                return Err(Error::msg(format!(
                    "a decision is recorded on a claim under investigation (this one is {})",
                    status.code()
                )));
            }
            let n = c.execute(
                "UPDATE claims SET decision = ?1, culprit = ?2, culprit_name = ?3, remedy = ?4,
                     compensation_minor = ?5, insurance_case = ?6, decision_note = ?7,
                     updated_at = ?8, version = version + 1
                 WHERE id = ?9 AND version = ?10",
                params![
                    d.decision.code(),
                    d.culprit.code(),
                    d.culprit_name.trim(),
                    d.remedy.code(),
                    d.compensation_minor,
                    d.insurance_case.trim(),
                    d.note.trim(),
                    stamp.ts(),
                    id,
                    version
                ],
            )?;
            changed(n, "claim", id)?;
            audit(
                c,
                stamp,
                "claim",
                id,
                "update",
                serde_json::to_value(d).unwrap_or_default(),
            )?;
            if status == ClaimStatus::Investigating {
                move_claim_in(c, id, version + 1, ClaimStatus::Decided, &d.note, stamp)?;
            }
            Ok(())
        })
    }

    /// The driver who delivered the order (typed during the investigation).
    pub fn set_claim_driver(&mut self, id: i64, version: i64, driver: &str, stamp: &Stamp) -> Result<()> {
        self.write(|c| {
            let n = c.execute(
                "UPDATE claims SET driver = ?1, updated_at = ?2, version = version + 1
                 WHERE id = ?3 AND version = ?4",
                params![driver.trim(), stamp.ts(), id, version],
            )?;
            changed(n, "claim", id)?;
            audit(
                c,
                stamp,
                "claim",
                id,
                "update",
                serde_json::json!({"driver": driver.trim()}),
            )
        })
    }

    /// Keeps a file with a claim: its type told by its bytes (PNG, JPEG, PDF), at most the size
    /// limit from Settings, with its SHA-256. A refused file stores nothing.
    pub fn attach_file(
        &mut self,
        claim_id: i64,
        name: &str,
        bytes: &[u8],
        note: &str,
        stamp: &Stamp,
    ) -> Result<i64> {
        let name = name.trim();
        self.check_attachment_size(name, bytes.len() as u64)?;
        if bytes.is_empty() {
            return Err(Error::msg(format!(
                "{name}: the file is empty; nothing was stored"
            )));
        }
        let Some(kind) = FileType::sniff(bytes) else {
            return Err(Error::msg(format!(
                "{name}: not a PNG or JPEG photo or a PDF (the file's content says otherwise); nothing was stored. \
                 Keep a video as a reference to where it lies"
            )));
        };
        if kind.is_image() {
            image::load_from_memory(bytes).map_err(|e| {
                Error::msg(format!(
                    "{name}: the image cannot be read ({e}); nothing was stored"
                ))
            })?;
        }
        let sha = hex(&Sha256::digest(bytes));
        self.write(|c| {
            claim_status(c, claim_id)?;
            let dup: Option<String> = c
                .query_row(
                    "SELECT name FROM claim_files WHERE claim_id = ?1 AND sha256 = ?2",
                    params![claim_id, sha],
                    |r| r.get(0),
                )
                .opt()?;
            if let Some(d) = dup {
                return Err(Error::msg(format!(
                    "{name}: the claim already has this file (as '{d}'); nothing was stored"
                )));
            }
            c.execute(
                "INSERT INTO claim_files (claim_id, name, mime, size, sha256, data, note, added_by, added_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
                params![claim_id, name, kind.mime(), bytes.len() as i64, sha, bytes, note.trim(), stamp.by, stamp.ts()],
            )?;
            let fid = c.last_insert_rowid();
            touch_claim(c, claim_id, stamp)?;
            audit(
                c,
                stamp,
                "claim_file",
                fid,
                "insert",
                serde_json::json!({"claim_id": claim_id, "name": name, "mime": kind.mime(), "size": bytes.len(), "sha256": sha}),
            )?;
            Ok(fid)
        })
    }

    /// Refuses a file over the size limit of Settings, naming it and the limit.
    fn check_attachment_size(&self, name: &str, len: u64) -> Result<()> {
        let limit_mb = self.claim_settings()?.attachment_mb.max(1);
        if len > limit_mb as u64 * 1024 * 1024 {
            return Err(Error::msg(format!(
                "{name}: {:.1} MB is over the limit of {limit_mb} MB for a file kept with a claim; nothing was stored",
                len as f64 / 1_048_576.0
            )));
        }
        Ok(())
    }

    /// Reads a file from disk and keeps it with a claim (see [`Store::attach_file`]).
    pub fn attach_path(
        &mut self,
        claim_id: i64,
        path: &std::path::Path,
        note: &str,
        stamp: &Stamp,
    ) -> Result<i64> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| path.display().to_string());
        let meta = std::fs::metadata(path).map_err(|e| Error::io(path, e))?;
        if !meta.is_file() {
            return Err(Error::msg(format!(
                "{}: not a file; nothing was stored",
                path.display()
            )));
        }
        self.check_attachment_size(&name, meta.len())?;
        let bytes = std::fs::read(path).map_err(|e| Error::io(path, e))?;
        self.attach_file(claim_id, &name, &bytes, note, stamp)
    }

    /// Keeps a reference to a video (or any file too large to store): where it lies.
    pub fn attach_reference(
        &mut self,
        claim_id: i64,
        name: &str,
        reference: &str,
        note: &str,
        stamp: &Stamp,
    ) -> Result<i64> {
        let reference = reference.trim();
        if reference.is_empty() {
            return Err(bad(
                "reference",
                "say where the video lies (a path or an address)",
            ));
        }
        let name = if name.trim().is_empty() {
            reference
        } else {
            name.trim()
        };
        let sha = hex(&Sha256::digest(reference.as_bytes()));
        self.write(|c| {
            claim_status(c, claim_id)?;
            c.execute(
                "INSERT INTO claim_files (claim_id, name, mime, size, sha256, data, reference, note, added_by, added_at)
                 VALUES (?1, ?2, 'video/reference', 0, ?3, NULL, ?4, ?5, ?6, ?7)",
                params![claim_id, name, sha, reference, note.trim(), stamp.by, stamp.ts()],
            )
            .map_err(|e| super::unique_err(e, "claim file", "reference", reference))?;
            let fid = c.last_insert_rowid();
            touch_claim(c, claim_id, stamp)?;
            audit(c, stamp, "claim_file", fid, "insert", serde_json::json!({"claim_id": claim_id, "reference": reference}))?;
            Ok(fid)
        })
    }

    pub fn claim_files(&self, claim_id: i64) -> Result<Vec<FileRow>> {
        let mut st = self.conn().prepare_cached(
            "SELECT id, claim_id, name, mime, size, sha256, reference, note, added_by, added_at
             FROM claim_files WHERE claim_id = ?1 ORDER BY id",
        )?;
        let rows = st.query_map([claim_id], file_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// A kept file with its bytes (empty for a reference).
    pub fn claim_file(&self, file_id: i64) -> Result<(FileRow, Vec<u8>)> {
        self.conn()
            .query_row(
                "SELECT id, claim_id, name, mime, size, sha256, reference, note, added_by, added_at, data
                 FROM claim_files WHERE id = ?1",
                [file_id],
                |r| {
                    Ok((
                        file_from_row(r)?,
                        r.get::<_, Option<Vec<u8>>>(10)?.unwrap_or_default(),
                    ))
                },
            )
            .opt()?
            .ok_or(Error::NotFound {
                entity: "claim file",
                key: file_id.to_string(),
            })
    }

    /// The order a scanned code points at: an order number, or a box label's SSCC (18 digits,
    /// with or without the `00` application identifier, brackets or the `]C1` symbology prefix).
    pub fn order_by_scan(&self, code: &str) -> Result<Option<i64>> {
        let code = code.trim();
        if code.is_empty() {
            return Ok(None);
        }
        if let Some(id) = self
            .conn()
            .query_row("SELECT id FROM orders WHERE number = ?1", [code], |r| r.get(0))
            .opt()?
        {
            return Ok(Some(id));
        }
        let digits: String = code
            .trim_start_matches("]C1")
            .chars()
            .filter(|c| !matches!(c, '(' | ')' | ' '))
            .collect();
        let sscc = match digits.len() {
            20 if digits.starts_with("00") => &digits[2..],
            18 => &digits[..],
            _ => return Ok(None),
        };
        if !sscc.chars().all(|c| c.is_ascii_digit()) {
            return Ok(None);
        }
        self.conn()
            .query_row("SELECT order_id FROM boxes WHERE sscc = ?1", [sscc], |r| r.get(0))
            .opt()
    }

    /// Records a return and what it does to the order, in one transaction:
    /// - full (the goods never left): the order's lines are reduced by what came back; an order
    ///   with nothing left is cancelled;
    /// - driver (after shipping): an order that came back complete becomes `returned`;
    ///   otherwise the order stays as it is, with the return on its history.
    pub fn record_return(&mut self, draft: &ReturnDraft, stamp: &Stamp) -> Result<ReturnOutcome> {
        self.write(|c| record_return_in(c, draft, stamp))
    }

    /// Returns of an order.
    pub fn order_returns(&self, order_id: i64) -> Result<Vec<ReturnRow>> {
        self.returns_where("r.order_id = ?1", order_id)
    }

    /// The latest returns (all orders), newest first.
    pub fn recent_returns(&self, limit: i64) -> Result<Vec<ReturnRow>> {
        self.returns_where(
            "?1 >= 0 ORDER BY r.received_at DESC, r.id DESC LIMIT ?1",
            limit.max(0),
        )
    }

    fn returns_where(&self, cond: &str, arg: i64) -> Result<Vec<ReturnRow>> {
        let c = self.conn();
        let mut st = c.prepare(&format!(
            "SELECT r.id, r.number, r.order_id, o.number, r.claim_id, k.number, r.kind, r.received_at,
                    r.driver, r.note, r.created_by
             FROM returns r JOIN orders o ON o.id = r.order_id LEFT JOIN claims k ON k.id = r.claim_id
             WHERE {cond}"
        ))?;
        let mut out: Vec<ReturnRow> = st
            .query_map([arg], |r| {
                Ok(ReturnRow {
                    id: r.get(0)?,
                    number: r.get(1)?,
                    order_id: r.get(2)?,
                    order_number: r.get(3)?,
                    claim_id: r.get(4)?,
                    claim_number: r.get(5)?,
                    kind: ReturnKind::parse(&r.get::<_, String>(6)?).unwrap_or(ReturnKind::Driver),
                    received_at: ts(&r.get::<_, String>(7)?),
                    driver: r.get(8)?,
                    note: r.get(9)?,
                    created_by: r.get(10)?,
                    lines: Vec::new(),
                })
            })?
            .collect::<rusqlite::Result<_>>()?;
        let mut lines = c.prepare_cached(
            "SELECT l.product_id, p.sku, p.name, l.quantity, l.condition
             FROM return_lines l JOIN products p ON p.id = l.product_id WHERE l.return_id = ?1 ORDER BY l.id",
        )?;
        for r in &mut out {
            r.lines = lines
                .query_map([r.id], |x| {
                    Ok(ReturnLineView {
                        product_id: x.get(0)?,
                        sku: x.get(1)?,
                        name: x.get(2)?,
                        quantity: x.get(3)?,
                        condition: Condition::parse(&x.get::<_, String>(4)?).unwrap_or(Condition::Defect),
                    })
                })?
                .collect::<rusqlite::Result<_>>()?;
        }
        Ok(out)
    }

    /// Logs a contact with a client (and schedules its call back when asked), one transaction.
    pub fn log_contact(&mut self, d: &ContactDraft, stamp: &Stamp) -> Result<i64> {
        self.write(|c| log_contact_in(c, d, stamp))
    }

    pub fn contacts(&self, f: &ContactFilter) -> Result<Vec<ContactRow>> {
        let mut sql = String::from(
            "SELECT t.id, t.customer_id, c.code, c.legal_name, t.at, t.by_user, t.medium, t.direction, t.topic,
                    t.person, t.summary, t.outcome, o.number, k.number
             FROM contacts t JOIN customers c ON c.id = t.customer_id
             LEFT JOIN orders o ON o.id = t.order_id LEFT JOIN claims k ON k.id = t.claim_id WHERE 1 = 1",
        );
        let mut args: Vec<rusqlite::types::Value> = Vec::new();
        if let Some(id) = f.customer_id {
            args.push(id.into());
            sql.push_str(&format!(" AND t.customer_id = ?{}", args.len()));
        }
        if let Some(id) = f.claim_id {
            args.push(id.into());
            sql.push_str(&format!(" AND t.claim_id = ?{}", args.len()));
        }
        for word in f.text.split_whitespace() {
            args.push(format!("%{}%", word.to_lowercase()).into());
            let n = args.len();
            sql.push_str(&format!(
                " AND (c.search_text LIKE ?{n} OR t.search_text LIKE ?{n})"
            ));
        }
        sql.push_str(" ORDER BY t.at DESC, t.id DESC");
        if let Some(l) = f.limit {
            sql.push_str(&format!(" LIMIT {l}"));
        }
        let mut st = self.conn().prepare(&sql)?;
        let rows = st.query_map(rusqlite::params_from_iter(args), |r| {
            Ok(ContactRow {
                id: r.get(0)?,
                customer_id: r.get(1)?,
                customer_code: r.get(2)?,
                customer_name: r.get(3)?,
                at: ts(&r.get::<_, String>(4)?),
                by: r.get(5)?,
                medium: Medium::parse(&r.get::<_, String>(6)?).unwrap_or(Medium::Phone),
                incoming: r.get::<_, String>(7)? == "in",
                topic: Topic::parse(&r.get::<_, String>(8)?).unwrap_or(Topic::Other),
                person: r.get(9)?,
                summary: r.get(10)?,
                outcome: r.get(11)?,
                order_number: r.get(12)?,
                claim_number: r.get(13)?,
            })
        })?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Schedules a call back to a client.
    pub fn schedule_callback(
        &mut self,
        customer_id: i64,
        claim_id: Option<i64>,
        order_id: Option<i64>,
        due_on: NaiveDate,
        topic: &str,
        stamp: &Stamp,
    ) -> Result<i64> {
        self.write(|c| schedule_callback_in(c, customer_id, claim_id, order_id, due_on, topic, stamp))
    }

    /// Open calls back due on or before `on` (overdue first), for the "due today" list.
    pub fn callbacks_due(&self, on: NaiveDate) -> Result<Vec<CallbackRow>> {
        let mut st = self.conn().prepare_cached(&format!(
            "{CALLBACK_SQL} WHERE b.done_at IS NULL AND b.due_on <= ?1 ORDER BY b.due_on, b.id"
        ))?;
        let rows = st.query_map([on.to_string()], callback_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Every open call back, soonest first.
    pub fn callbacks_open(&self) -> Result<Vec<CallbackRow>> {
        self.callbacks_where("b.done_at IS NULL AND ?1 = 0 ORDER BY b.due_on, b.id", 0)
    }

    fn callbacks_where(&self, cond: &str, arg: i64) -> Result<Vec<CallbackRow>> {
        let mut st = self.conn().prepare(&format!("{CALLBACK_SQL} WHERE {cond}"))?;
        let rows = st.query_map([arg], callback_from_row)?;
        Ok(rows.collect::<rusqlite::Result<_>>()?)
    }

    /// Records the call back's result, and logs the call as a contact. On a claim's follow-up,
    /// "not satisfied" reopens the claim (back to investigation, the comment as the note);
    /// it needs a comment.
    pub fn complete_callback(
        &mut self,
        id: i64,
        version: i64,
        result: CallResult,
        comment: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        self.write(|c| complete_callback_in(c, id, version, result, comment, stamp))
    }

    /// Moves an open call back to another day (nobody answered, the client asked later).
    pub fn reschedule_callback(
        &mut self,
        id: i64,
        version: i64,
        due_on: NaiveDate,
        comment: &str,
        stamp: &Stamp,
    ) -> Result<()> {
        self.write(|c| {
            let n = c.execute(
                "UPDATE callbacks SET due_on = ?1, comment = ?2, updated_at = ?3, version = version + 1
                 WHERE id = ?4 AND version = ?5 AND done_at IS NULL",
                params![due_on.to_string(), comment.trim(), stamp.ts(), id, version],
            )?;
            changed(n, "call back", id)?;
            audit(
                c,
                stamp,
                "callback",
                id,
                "update",
                serde_json::json!({"due_on": due_on, "comment": comment.trim()}),
            )
        })
    }
}

fn file_from_row(r: &Row) -> rusqlite::Result<FileRow> {
    Ok(FileRow {
        id: r.get(0)?,
        claim_id: r.get(1)?,
        name: r.get(2)?,
        mime: r.get(3)?,
        size: r.get(4)?,
        sha256: r.get(5)?,
        reference: r.get(6)?,
        note: r.get(7)?,
        added_by: r.get(8)?,
        added_at: ts(&r.get::<_, String>(9)?),
    })
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn claim_status(c: &Connection, id: i64) -> Result<ClaimStatus> {
    let s: Option<String> = c
        .query_row("SELECT status FROM claims WHERE id = ?1", [id], |r| r.get(0))
        .opt()?;
    s.as_deref().and_then(ClaimStatus::parse).ok_or(Error::NotFound {
        entity: "claim",
        key: id.to_string(),
    })
}

/// A change to a claim's parts still moves its `updated_at` (lists refresh by it); the version
/// is left alone so that an open form of the claim stays valid.
fn touch_claim(c: &Connection, id: i64, stamp: &Stamp) -> Result<()> {
    c.execute(
        "UPDATE claims SET updated_at = ?1 WHERE id = ?2",
        params![stamp.ts(), id],
    )?;
    Ok(())
}

/// An UPDATE that names the version it read changed no row: someone else changed it meanwhile.
fn changed(n: usize, entity: &'static str, id: i64) -> Result<()> {
    if n == 0 {
        return Err(Error::Conflict { entity, id });
    }
    Ok(())
}

fn calendar_in(c: &Connection) -> Result<WorkCalendar> {
    Ok(setting_in(c, super::board::keys::CALENDAR)?.unwrap_or_default())
}

fn answer_days_in(c: &Connection, customer_id: i64, on: NaiveDate) -> Result<(i64, bool)> {
    let contract: Option<i64> = c
        .query_row(
            "SELECT claim_answer_days FROM contracts
             WHERE customer_id = ?1 AND valid_from <= ?2 AND (valid_to IS NULL OR valid_to >= ?2)
             ORDER BY valid_from DESC, id DESC LIMIT 1",
            params![customer_id, on.to_string()],
            |r| r.get(0),
        )
        .opt()?;
    Ok(match contract {
        Some(d) if d > 0 => (d, true),
        _ => (
            setting_in::<i64>(c, keys::ANSWER_DAYS)?.unwrap_or(3).max(1),
            false,
        ),
    })
}

pub(crate) fn register_claim_in(c: &Connection, draft: &ClaimDraft, stamp: &Stamp) -> Result<(i64, String)> {
    let order: Option<(String, i64, String)> = c
        .query_row(
            "SELECT o.number, o.customer_id, c.code || ' ' || c.legal_name
             FROM orders o JOIN customers c ON c.id = o.customer_id WHERE o.id = ?1",
            [draft.order_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .opt()?;
    let Some((order_number, customer_id, customer)) = order else {
        return Err(Error::NotFound {
            entity: "order",
            key: draft.order_id.to_string(),
        });
    };
    let ordered: Vec<(i64, i64)> = {
        let mut st = c.prepare_cached("SELECT product_id, quantity FROM order_lines WHERE order_id = ?1")?;
        st.query_map([draft.order_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    draft.validate(&ordered)?;
    for l in &draft.lines {
        let exists: Option<i64> = c
            .query_row("SELECT id FROM products WHERE id = ?1", [l.product_id], |r| {
                r.get(0)
            })
            .opt()?;
        if exists.is_none() {
            return Err(Error::NotFound {
                entity: "product",
                key: l.product_id.to_string(),
            });
        }
    }
    let received = to_utc(draft.received_at);
    if received > stamp.at + chrono::Duration::minutes(5) {
        return Err(bad("received", "the claim cannot be received in the future"));
    }
    let (days, _) = answer_days_in(c, customer_id, draft.received_at.date())?;
    let cal = calendar_in(c)?;
    let due = to_utc(answer_due(&cal, draft.received_at, days));
    let year = draft
        .received_at
        .date()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap_or(2026);
    let n = next_counter(c, &format!("claim-{year}"))?;
    let number = claim_number(year, n);
    let search = search_words(&number, &order_number, &customer, &draft.client_words);
    c.execute(
        "INSERT INTO claims (number, order_id, customer_id, kind, channel, status, client_words, lang,
             received_at, answer_days, due_at, claimed_minor, search_text, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'registered', ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
        params![
            number,
            draft.order_id,
            customer_id,
            draft.kind.code(),
            draft.channel.code(),
            draft.client_words.trim(),
            draft.lang.code(),
            fmt_ts(received),
            days,
            fmt_ts(due),
            draft.claimed_minor(),
            search,
            stamp.by,
            stamp.ts()
        ],
    )
    .map_err(|e| super::unique_err(e, "claim", "number", &number))?;
    let id = c.last_insert_rowid();
    {
        let mut st = c.prepare_cached(
            "INSERT INTO claim_lines (claim_id, line_no, product_id, quantity, amount_minor, note)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        )?;
        for (i, l) in draft.lines.iter().enumerate() {
            st.execute(params![
                id,
                i as i64 + 1,
                l.product_id,
                l.quantity,
                l.amount_minor,
                l.note.trim()
            ])?;
        }
    }
    event(
        c,
        id,
        None,
        ClaimStatus::Registered,
        &format!("order {order_number}"),
        stamp,
    )?;
    audit(
        c,
        stamp,
        "claim",
        id,
        "insert",
        serde_json::to_value(draft).unwrap_or_default(),
    )?;
    Ok((id, number))
}

fn event(
    c: &Connection,
    id: i64,
    from: Option<ClaimStatus>,
    to: ClaimStatus,
    note: &str,
    stamp: &Stamp,
) -> Result<()> {
    c.prepare_cached(
        "INSERT INTO claim_events (claim_id, at, by_user, from_status, to_status, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        id,
        stamp.ts(),
        stamp.by,
        from.map(|f| f.code()),
        to.code(),
        note.trim()
    ])?;
    Ok(())
}

pub(crate) fn move_claim_in(
    c: &Connection,
    id: i64,
    version: i64,
    to: ClaimStatus,
    note: &str,
    stamp: &Stamp,
) -> Result<()> {
    let (from, decided, customer_id, order_id, internal): (String, Option<String>, i64, i64, String) = c
        .query_row(
            "SELECT status, remedy, customer_id, order_id, channel FROM claims WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .opt()?
        .ok_or(Error::NotFound {
            entity: "claim",
            key: id.to_string(),
        })?;
    let from = ClaimStatus::parse(&from).unwrap_or(ClaimStatus::Registered);
    check_claim_move(
        from,
        to,
        ClaimMoveContext {
            decided: decided.is_some(),
            has_note: !note.trim().is_empty(),
        },
    )
    .map_err(|e| Error::msg(e.to_string()))?;
    let now = stamp.ts();
    let n = c.execute(
        "UPDATE claims SET status = ?1, updated_at = ?2, version = version + 1,
             decided_at = CASE WHEN ?1 = 'decided' THEN ?2 ELSE decided_at END,
             answered_at = CASE WHEN ?1 = 'answered' THEN COALESCE(answered_at, ?2) ELSE answered_at END,
             closed_at = CASE WHEN ?1 IN ('closed', 'cancelled') THEN ?2 ELSE NULL END,
             cancel_reason = CASE WHEN ?1 = 'cancelled' THEN ?3 ELSE cancel_reason END
         WHERE id = ?4 AND version = ?5",
        params![to.code(), now, note.trim(), id, version],
    )?;
    changed(n, "claim", id)?;
    event(c, id, Some(from), to, note, stamp)?;
    audit(
        c,
        stamp,
        "claim",
        id,
        "update",
        serde_json::json!({"status": [from.code(), to.code()], "note": note.trim()}),
    )?;
    if to == ClaimStatus::Closed && internal != ClaimChannel::PickingControl.code() {
        // the loop closes with a call to the client: is it solved?
        let days: i64 = setting_in(c, keys::FOLLOW_UP_DAYS)?.unwrap_or(2).max(0);
        let cal = calendar_in(c)?;
        let due = cal.add_working_days(super::claims::local(stamp.at), days).date();
        let open: Option<i64> = c
            .query_row(
                "SELECT id FROM callbacks WHERE claim_id = ?1 AND done_at IS NULL",
                [id],
                |r| r.get(0),
            )
            .opt()?;
        if open.is_none() {
            schedule_callback_in(c, customer_id, Some(id), Some(order_id), due, "follow-up", stamp)?;
        }
    }
    Ok(())
}

fn schedule_callback_in(
    c: &Connection,
    customer_id: i64,
    claim_id: Option<i64>,
    order_id: Option<i64>,
    due_on: NaiveDate,
    topic: &str,
    stamp: &Stamp,
) -> Result<i64> {
    c.execute(
        "INSERT INTO callbacks (customer_id, claim_id, order_id, due_on, topic, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![customer_id, claim_id, order_id, due_on.to_string(), topic.trim(), stamp.by, stamp.ts()],
    )?;
    let id = c.last_insert_rowid();
    audit(
        c,
        stamp,
        "callback",
        id,
        "insert",
        serde_json::json!({"customer_id": customer_id, "claim_id": claim_id, "order_id": order_id, "due_on": due_on, "topic": topic.trim()}),
    )?;
    Ok(id)
}

fn log_contact_in(c: &Connection, d: &ContactDraft, stamp: &Stamp) -> Result<i64> {
    if d.summary.trim().is_empty() {
        return Err(bad("summary", "say what the contact was about"));
    }
    let exists: Option<i64> = c
        .query_row("SELECT id FROM customers WHERE id = ?1", [d.customer_id], |r| {
            r.get(0)
        })
        .opt()?;
    if exists.is_none() {
        return Err(Error::NotFound {
            entity: "customer",
            key: d.customer_id.to_string(),
        });
    }
    for (table, id) in [("orders", d.order_id), ("claims", d.claim_id)] {
        if let Some(id) = id {
            let owner: Option<i64> = c
                .query_row(
                    &format!("SELECT customer_id FROM {table} WHERE id = ?1"),
                    [id],
                    |r| r.get(0),
                )
                .opt()?;
            if owner != Some(d.customer_id) {
                return Err(bad(
                    if table == "orders" { "order" } else { "claim" },
                    "belongs to another customer (or does not exist)",
                ));
            }
        }
    }
    c.execute(
        "INSERT INTO contacts (customer_id, at, by_user, medium, direction, topic, person, summary, outcome,
             order_id, claim_id, search_text)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        params![
            d.customer_id,
            stamp.ts(),
            stamp.by,
            d.medium.code(),
            if d.incoming { "in" } else { "out" },
            d.topic.code(),
            d.person.trim(),
            d.summary.trim(),
            d.outcome.trim(),
            d.order_id,
            d.claim_id,
            format!("{} {} {}", d.person.trim(), d.summary.trim(), d.outcome.trim()).to_lowercase()
        ],
    )?;
    let id = c.last_insert_rowid();
    audit(
        c,
        stamp,
        "contact",
        id,
        "insert",
        serde_json::to_value(d).unwrap_or_default(),
    )?;
    if let Some(day) = d.call_back_on {
        let topic = if d.outcome.trim().is_empty() {
            d.summary.trim()
        } else {
            d.outcome.trim()
        };
        schedule_callback_in(c, d.customer_id, d.claim_id, d.order_id, day, topic, stamp)?;
    }
    Ok(id)
}

fn complete_callback_in(
    c: &Connection,
    id: i64,
    version: i64,
    result: CallResult,
    comment: &str,
    stamp: &Stamp,
) -> Result<()> {
    let (customer_id, claim_id, order_id, topic, done): (
        i64,
        Option<i64>,
        Option<i64>,
        String,
        Option<String>,
    ) = c
        .query_row(
            "SELECT customer_id, claim_id, order_id, topic, done_at FROM callbacks WHERE id = ?1",
            [id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)),
        )
        .opt()?
        .ok_or(Error::NotFound {
            entity: "call back",
            key: id.to_string(),
        })?;
    if done.is_some() {
        return Err(Error::msg("this call back is already done"));
    }
    if result == CallResult::NotSatisfied && comment.trim().is_empty() {
        return Err(bad("comment", "say what the client is not satisfied with"));
    }
    if result != CallResult::Done && claim_id.is_none() {
        return Err(bad(
            "result",
            "satisfied / not satisfied is the answer of a claim's follow-up",
        ));
    }
    let contact = log_contact_in(
        c,
        &ContactDraft {
            customer_id,
            medium: Medium::Phone,
            incoming: false,
            topic: if claim_id.is_some() {
                Topic::Claim
            } else {
                Topic::Other
            },
            person: String::new(),
            summary: if topic.is_empty() {
                "call back".into()
            } else {
                topic
            },
            outcome: format!("{}: {}", result.code(), comment.trim()),
            order_id,
            claim_id,
            call_back_on: None,
        },
        stamp,
    )?;
    let n = c.execute(
        "UPDATE callbacks SET done_at = ?1, done_by = ?2, result = ?3, comment = ?4, contact_id = ?5,
             updated_at = ?1, version = version + 1
         WHERE id = ?6 AND version = ?7 AND done_at IS NULL",
        params![
            stamp.ts(),
            stamp.by,
            result.code(),
            comment.trim(),
            contact,
            id,
            version
        ],
    )?;
    changed(n, "call back", id)?;
    audit(
        c,
        stamp,
        "callback",
        id,
        "update",
        serde_json::json!({"result": result.code(), "comment": comment.trim()}),
    )?;
    if let (CallResult::NotSatisfied, Some(claim)) = (result, claim_id) {
        let version: i64 = c.query_row("SELECT version FROM claims WHERE id = ?1", [claim], |r| r.get(0))?;
        let note = format!("follow-up call: not satisfied: {}", comment.trim());
        move_claim_in(c, claim, version, ClaimStatus::Investigating, &note, stamp)?;
    }
    Ok(())
}

fn record_return_in(c: &Connection, d: &ReturnDraft, stamp: &Stamp) -> Result<ReturnOutcome> {
    let (order_number, status, version): (String, String, i64) = c
        .query_row(
            "SELECT number, status, version FROM orders WHERE id = ?1",
            [d.order_id],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .opt()?
        .ok_or(Error::NotFound {
            entity: "order",
            key: d.order_id.to_string(),
        })?;
    let status = OrderStatus::parse(&status).unwrap_or(OrderStatus::Draft);
    let ordered: Vec<(i64, i64)> = {
        let mut st = c.prepare_cached("SELECT product_id, quantity FROM order_lines WHERE order_id = ?1")?;
        st.query_map([d.order_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?
    };
    // a full return takes lines off the order itself; after shipping, earlier returns count
    let returnable: Vec<(i64, i64)> = if d.kind == ReturnKind::Driver {
        let mut st = c.prepare_cached(
            "SELECT l.product_id, SUM(l.quantity) FROM return_lines l JOIN returns r ON r.id = l.return_id
             WHERE r.order_id = ?1 AND r.kind = 'driver' GROUP BY l.product_id",
        )?;
        let before: Vec<(i64, i64)> = st
            .query_map([d.order_id], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<rusqlite::Result<_>>()?;
        ordered
            .iter()
            .map(|(p, q)| (*p, q - before.iter().find(|(b, _)| b == p).map_or(0, |(_, n)| *n)))
            .collect()
    } else {
        ordered.clone()
    };
    d.validate(&returnable)?;
    match d.kind {
        ReturnKind::Full if !status.before_shipping() || status == OrderStatus::Cancelled => {
            return Err(Error::msg(format!(
                "order {order_number} is {}: a full return is for goods that never left; record a driver's return",
                status.code()
            )));
        }
        ReturnKind::Driver
            if !matches!(
                status,
                OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::PickedUp
            ) =>
        {
            return Err(Error::msg(format!(
                "order {order_number} is {}: a driver brings back goods of a shipped order",
                status.code()
            )));
        }
        _ => {}
    }
    // what was expected back: the claim's lines when the return answers a claim, else the order
    let expected: Vec<(i64, i64)> = match d.claim_id {
        Some(k) => {
            let owner: Option<i64> = c
                .query_row("SELECT order_id FROM claims WHERE id = ?1", [k], |r| r.get(0))
                .opt()?;
            if owner != Some(d.order_id) {
                return Err(bad(
                    "claim",
                    "the claim is about another order (or does not exist)",
                ));
            }
            let mut st =
                c.prepare_cached("SELECT product_id, quantity FROM claim_lines WHERE claim_id = ?1")?;
            let lines: Vec<(i64, i64)> = st
                .query_map([k], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<rusqlite::Result<_>>()?;
            if lines.is_empty() { ordered.clone() } else { lines }
        }
        None => ordered.clone(),
    };
    let check = completeness(&expected, &d.lines);
    let year: i32 = local(stamp.at)
        .date()
        .format("%Y")
        .to_string()
        .parse()
        .unwrap_or(2026);
    let number = return_number(year, next_counter(c, &format!("return-{year}"))?);
    c.execute(
        "INSERT INTO returns (number, order_id, claim_id, kind, received_at, driver, note, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?5)",
        params![number, d.order_id, d.claim_id, d.kind.code(), stamp.ts(), d.driver.trim(), d.note.trim(), stamp.by],
    )?;
    let id = c.last_insert_rowid();
    {
        let mut st = c.prepare_cached(
            "INSERT INTO return_lines (return_id, product_id, quantity, condition) VALUES (?1, ?2, ?3, ?4)",
        )?;
        for l in &d.lines {
            st.execute(params![id, l.product_id, l.quantity, l.condition.code()])?;
        }
    }
    audit(
        c,
        stamp,
        "return",
        id,
        "insert",
        serde_json::to_value(d).unwrap_or_default(),
    )?;
    let units: i64 = d.lines.iter().map(|l| l.quantity).sum();
    let mut note = format!("return {number}: {} line(s), {units} unit(s)", d.lines.len());
    if !check.is_complete() {
        let missing: i64 = check.missing.iter().map(|(_, q)| q).sum();
        if missing > 0 {
            note.push_str(&format!(", {missing} unit(s) short of the expected"));
        }
    }
    let mut new_status = status;
    match d.kind {
        ReturnKind::Full => {
            // the goods go back to stock: the order keeps only what is left
            let mut back: std::collections::BTreeMap<i64, i64> = Default::default();
            for l in &d.lines {
                *back.entry(l.product_id).or_default() += l.quantity;
            }
            for (p, q) in &back {
                // a line returned whole goes; the rest keeps what is left (validated: q <= ordered)
                c.execute(
                    "DELETE FROM order_lines WHERE order_id = ?1 AND product_id = ?2 AND quantity <= ?3",
                    params![d.order_id, p, q],
                )?;
                c.execute(
                    "UPDATE order_lines SET quantity = quantity - ?1 WHERE order_id = ?2 AND product_id = ?3",
                    params![q, d.order_id, p],
                )?;
            }
            renumber_and_total(c, d.order_id)?;
            let left: i64 = c.query_row(
                "SELECT COUNT(*) FROM order_lines WHERE order_id = ?1",
                [d.order_id],
                |r| r.get(0),
            )?;
            if left == 0 {
                new_status = OrderStatus::Cancelled;
            }
        }
        ReturnKind::Driver => {
            // everything shipped has come back, over all the driver returns of the order
            let all = completeness(&returnable, &d.lines);
            if all.is_complete() {
                new_status = OrderStatus::Returned;
            }
        }
    }
    let now = stamp.ts();
    let n = c.execute(
        "UPDATE orders SET status = ?1, updated_at = ?2, version = version + 1,
             cancel_reason = CASE WHEN ?1 = 'cancelled' THEN ?3 ELSE cancel_reason END,
             closed_at = CASE WHEN ?1 IN ('cancelled', 'returned') THEN ?2 ELSE closed_at END,
             queue_position = CASE WHEN ?1 = 'cancelled' THEN NULL ELSE queue_position END
         WHERE id = ?4 AND version = ?5",
        params![new_status.code(), now, note, d.order_id, version],
    )?;
    changed(n, "order", d.order_id)?;
    c.execute(
        "INSERT INTO order_events (order_id, at, by_user, from_status, to_status, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![d.order_id, now, stamp.by, status.code(), new_status.code(), note],
    )?;
    if new_status != status {
        audit(
            c,
            stamp,
            "order",
            d.order_id,
            "update",
            serde_json::json!({"status": [status.code(), new_status.code()], "return": number}),
        )?;
    }
    Ok(ReturnOutcome {
        id,
        number,
        completeness: check,
        order_status: new_status,
    })
}

/// After lines were reduced: line numbers 1..n again and the order's totals recomputed.
fn renumber_and_total(c: &Connection, order_id: i64) -> Result<()> {
    let ids: Vec<i64> = {
        let mut st = c.prepare_cached("SELECT id FROM order_lines WHERE order_id = ?1 ORDER BY line_no")?;
        st.query_map([order_id], |r| r.get(0))?
            .collect::<rusqlite::Result<_>>()?
    };
    // two passes: the (order, line_no) pair is unique
    for (i, id) in ids.iter().enumerate() {
        c.execute(
            "UPDATE order_lines SET line_no = ?1 WHERE id = ?2",
            params![1_000_000 + i as i64, id],
        )?;
    }
    for (i, id) in ids.iter().enumerate() {
        c.execute(
            "UPDATE order_lines SET line_no = ?1 WHERE id = ?2",
            params![i as i64 + 1, id],
        )?;
    }
    c.execute(
        "UPDATE orders SET
            line_count = (SELECT COUNT(*) FROM order_lines l WHERE l.order_id = orders.id),
            total_units = (SELECT COALESCE(SUM(l.quantity), 0) FROM order_lines l WHERE l.order_id = orders.id),
            total_boxes = (SELECT COALESCE(SUM((l.quantity + p.units_per_box - 1) / p.units_per_box), 0)
                           FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = orders.id),
            total_weight_g = (SELECT COALESCE(SUM(l.quantity * p.weight_g), 0)
                              FROM order_lines l JOIN products p ON p.id = l.product_id WHERE l.order_id = orders.id)
         WHERE id = ?1",
        [order_id],
    )?;
    Ok(())
}

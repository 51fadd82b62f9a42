//! Claim statistics for management (flow 9: "claims rate, claims by kind/culprit/client,
//! picking-control errors"): one read of the claims received in a period, counted in Rust.
//!
//! # What is counted
//!
//! * **The claims of a period** are the claims *received* (`claims.received_at`) from the first
//!   day 00:00 to the day after the last day 00:00, local time of this computer (both days
//!   included), whatever their status today.
//! * **Cancelled claims** (registered by mistake, duplicates…) are counted in `cancelled` only
//!   and left out of every other figure: they are not complaints the desk had to answer.
//! * **Internal claims** are the errors the warehouse's own picking control found
//!   (channel `picking_control`); **external** ones came from clients (phone, e-mail, letter,
//!   driver, portal). Both count in `total` and in every breakdown.
//! * **Answer time** is counted in working hours on the desk's working calendar (Settings),
//!   from `received_at` to the first answer to the client (`answered_at`; reopening keeps it).
//! * **Late**: answered after the deadline fixed at registration (`due_at`), or not answered
//!   yet and past it at `now`.
//!
//! The SQL here is portable (no SQLite-only functions): the breakdowns are made in Rust from
//! one row per claim, so that every figure comes from the same rows.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime};
use serde::Serialize;
use std::collections::HashMap;

use super::claims::{local, to_utc};
use super::{Store, fmt_ts, parse_ts};
use crate::domain::claim::{ClaimChannel, ClaimKind, ClaimStatus, Culprit, Decision};
use crate::error::{Error, Result};

/// The key of claims without a decision (no culprit, no decision yet) in `by_culprit` and
/// `by_decision`.
pub const UNDECIDED: &str = "undecided";

/// Periods up to this many days get a weekly trend; longer ones a monthly one.
pub const WEEKLY_UP_TO_DAYS: i64 = 92;

/// One line of a breakdown.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Tally {
    /// The stored code: `shortage`, `picker`, `accepted`, `picking_control`… (`undecided`:
    /// claims without a decision).
    pub key: String,
    /// Claims of the period (cancelled ones left out) with this value.
    pub count: i64,
    /// `count / total` (0 to 1); 0 when the period has no claims.
    pub share: f64,
}

/// Claims of one customer.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CustomerTally {
    pub customer_id: i64,
    pub code: String,
    pub name: String,
    pub count: i64,
    /// `count / total`.
    pub share: f64,
}

/// Claims decided against one of our people (picker, checker, packer, driver) by name.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PersonTally {
    /// The culprit's role: `picker`, `checker`, `packer` or `driver`.
    pub role: String,
    /// The name recorded with the decision (`culprit_name`, trimmed).
    pub name: String,
    pub count: i64,
    /// `count / total`.
    pub share: f64,
}

/// Answers of one claim kind.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct KindAnswers {
    pub key: String,
    /// Claims of this kind (cancelled ones left out).
    pub count: i64,
    /// Of them answered (`answered_at` set).
    pub answered: i64,
    /// Mean answer time of the answered ones in working hours (`None`: none answered).
    pub mean_answer_hours: Option<f64>,
    /// Of them late (see [`ClaimStats::late`]).
    pub late: i64,
}

/// Claims received in one step (week or month) of the period.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct TrendPoint {
    /// First and last day of the step, clipped to the period.
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub total: i64,
    pub internal: i64,
    pub external: i64,
    pub late: i64,
}

/// The claim statistics of a period. Every figure leaves cancelled claims out except
/// `cancelled` itself.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ClaimStats {
    /// First and last day of the period (local dates, both included).
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The moment "still unanswered and past due" is judged at (local time).
    pub now: NaiveDateTime,
    /// Claims received in the period, cancelled ones left out.
    pub total: i64,
    /// Of them found by our own picking control (channel `picking_control`).
    pub internal: i64,
    /// Of them from clients (every other channel): `total - internal`.
    pub external: i64,
    /// Of them not closed yet (registered, investigating, decided or answered).
    pub open: i64,
    /// Claims received in the period and cancelled (counted nowhere else).
    pub cancelled: i64,
    /// By status today.
    pub by_status: Vec<Tally>,
    /// By kind (every kind listed, most frequent first).
    pub by_kind: Vec<Tally>,
    /// By culprit of the decision; claims not decided yet count as `undecided`.
    pub by_culprit: Vec<Tally>,
    /// By customer, most claims first (customers without claims are not listed).
    pub by_customer: Vec<CustomerTally>,
    /// By person, for decisions naming one of our people (picker, checker, packer, driver).
    pub by_person: Vec<PersonTally>,
    /// By decision (accepted, partly accepted, rejected; `undecided`).
    pub by_decision: Vec<Tally>,
    /// By how the claim came (`picking_control`: internal).
    pub by_channel: Vec<Tally>,
    /// Orders received in the period that went to the warehouse (released at some time) and
    /// are not cancelled.
    pub orders: i64,
    /// Of those orders, the ones with at least one claim that is not cancelled (received at
    /// any time, also after the period).
    pub orders_with_claim: i64,
    /// `orders_with_claim / orders` (0 to 1); 0 when there are no orders.
    pub share_of_orders: f64,
    /// Claims answered (`answered_at` set: the first answer to the client).
    pub answered: i64,
    /// Of them answered by the deadline (`answered_at <= due_at`).
    pub answered_on_time: i64,
    /// Mean time from receipt to the first answer, in working hours of the working calendar,
    /// over the answered claims (`None`: none answered).
    pub mean_answer_hours: Option<f64>,
    /// Late claims: `late_answered + late_open`.
    pub late: i64,
    /// Answered after the deadline (`answered_at > due_at`).
    pub late_answered: i64,
    /// Not answered yet and past the deadline at `now`.
    pub late_open: i64,
    /// Answers per kind (every kind listed, in the order of [`ClaimKind::ALL`]).
    pub answers_by_kind: Vec<KindAnswers>,
    /// `week` or `month`: the step of `trend`.
    pub trend_step: String,
    /// Claims per week (periods up to [`WEEKLY_UP_TO_DAYS`] days) or per month, every step
    /// of the period listed, also the empty ones.
    pub trend: Vec<TrendPoint>,
}

/// One claim as the statistics read it.
struct ClaimFact {
    kind: String,
    channel: String,
    status: String,
    received: NaiveDateTime,
    due: NaiveDateTime,
    answered: Option<NaiveDateTime>,
    decision: Option<String>,
    culprit: Option<String>,
    culprit_name: String,
    customer: (i64, String, String),
}

/// The UTC bounds of a period of local dates: `[from 00:00, to + 1 day 00:00)`, as stored.
pub fn period_bounds(from: NaiveDate, to: NaiveDate) -> (String, String) {
    let start = from.and_hms_opt(0, 0, 0).unwrap_or_default();
    let end = to
        .succ_opt()
        .unwrap_or(to)
        .and_hms_opt(0, 0, 0)
        .unwrap_or_default();
    (fmt_ts(to_utc(start)), fmt_ts(to_utc(end)))
}

fn share(n: i64, of: i64) -> f64 {
    if of > 0 { n as f64 / of as f64 } else { 0.0 }
}

/// A breakdown of `keys` (listed even when 0, in this order among equals), most first.
fn tallies<'a>(
    keys: impl IntoIterator<Item = &'a str>,
    counts: &HashMap<String, i64>,
    total: i64,
) -> Vec<Tally> {
    let mut out: Vec<Tally> = keys
        .into_iter()
        .map(|k| {
            let count = counts.get(k).copied().unwrap_or(0);
            Tally {
                key: k.to_string(),
                count,
                share: share(count, total),
            }
        })
        .collect();
    // codes stored that the program does not know still count
    for (k, &count) in counts {
        if !out.iter().any(|t| &t.key == k) {
            out.push(Tally {
                key: k.clone(),
                count,
                share: share(count, total),
            });
        }
    }
    out.sort_by_key(|t| std::cmp::Reverse(t.count)); // stable: equals keep the order of `keys`
    out
}

/// The steps of the trend: weeks (Monday to Sunday) for short periods, else calendar months,
/// the first and last clipped to the period.
fn trend_steps(from: NaiveDate, to: NaiveDate) -> (&'static str, Vec<(NaiveDate, NaiveDate)>) {
    let weekly = (to - from).num_days() < WEEKLY_UP_TO_DAYS;
    let mut steps = Vec::new();
    let mut start = from;
    while start <= to {
        let next = if weekly {
            start + Duration::days(7 - i64::from(start.weekday().num_days_from_monday()))
        } else {
            let (y, m) = if start.month() == 12 {
                (start.year() + 1, 1)
            } else {
                (start.year(), start.month() + 1)
            };
            NaiveDate::from_ymd_opt(y, m, 1).unwrap_or(to + Duration::days(1))
        };
        let end = (next - Duration::days(1)).min(to);
        steps.push((start, end));
        start = next;
    }
    (if weekly { "week" } else { "month" }, steps)
}

impl Store {
    /// The claim statistics of the claims received from `from` to `to` (local dates, both
    /// included); `now` (local time) judges the claims still unanswered. See [`ClaimStats`]
    /// for what each figure counts.
    pub fn claim_stats(&self, from: NaiveDate, to: NaiveDate, now: NaiveDateTime) -> Result<ClaimStats> {
        if from > to {
            return Err(Error::msg(format!(
                "the period starts ({from}) after it ends ({to}): give the first day first"
            )));
        }
        let (start, end) = period_bounds(from, to);
        let c = self.conn();
        let at = |s: &str| parse_ts(s).map(local).unwrap_or_default();
        let mut cancelled = 0;
        let mut facts = Vec::new();
        {
            let mut st = c.prepare_cached(
                "SELECT k.kind, k.channel, k.status, k.received_at, k.due_at, k.answered_at, k.decision,
                        k.culprit, k.culprit_name, k.customer_id, c.code, c.legal_name
                 FROM claims k JOIN customers c ON c.id = k.customer_id
                 WHERE k.received_at >= ?1 AND k.received_at < ?2
                 ORDER BY k.received_at, k.id",
            )?;
            let mut rows = st.query([&start, &end])?;
            while let Some(r) = rows.next()? {
                let status: String = r.get(2)?;
                if status == ClaimStatus::Cancelled.code() {
                    cancelled += 1;
                    continue;
                }
                facts.push(ClaimFact {
                    kind: r.get(0)?,
                    channel: r.get(1)?,
                    status,
                    received: at(&r.get::<_, String>(3)?),
                    due: at(&r.get::<_, String>(4)?),
                    answered: r.get::<_, Option<String>>(5)?.as_deref().map(at),
                    decision: r.get(6)?,
                    culprit: r.get(7)?,
                    culprit_name: r.get::<_, String>(8)?.trim().to_string(),
                    customer: (r.get(9)?, r.get(10)?, r.get(11)?),
                });
            }
        }
        let (orders, orders_with_claim): (i64, i64) = c.query_row(
            "SELECT COUNT(*),
                    COUNT(CASE WHEN EXISTS (SELECT 1 FROM claims k
                                            WHERE k.order_id = o.id AND k.status <> 'cancelled')
                               THEN 1 END)
             FROM orders o
             WHERE o.received_at >= ?1 AND o.received_at < ?2
               AND o.released_at IS NOT NULL AND o.status <> 'cancelled'",
            [&start, &end],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )?;
        let (cal, _) = self.sla_settings()?;
        Ok(summarise(
            from,
            to,
            now,
            &facts,
            cancelled,
            (orders, orders_with_claim),
            |a, b| cal.working_minutes_between(a, b),
        ))
    }
}

fn summarise(
    from: NaiveDate,
    to: NaiveDate,
    now: NaiveDateTime,
    facts: &[ClaimFact],
    cancelled: i64,
    (orders, orders_with_claim): (i64, i64),
    working_minutes: impl Fn(NaiveDateTime, NaiveDateTime) -> i64,
) -> ClaimStats {
    let total = facts.len() as i64;
    let internal_code = ClaimChannel::PickingControl.code();
    let is_late = |f: &ClaimFact| match f.answered {
        Some(a) => a > f.due,
        None => now > f.due,
    };
    let by = |key: &dyn Fn(&ClaimFact) -> String| {
        let mut m: HashMap<String, i64> = HashMap::new();
        for f in facts {
            *m.entry(key(f)).or_default() += 1;
        }
        m
    };
    let kinds = by(&|f| f.kind.clone());
    let statuses = by(&|f| f.status.clone());
    let channels = by(&|f| f.channel.clone());
    let culprits = by(&|f| f.culprit.clone().unwrap_or_else(|| UNDECIDED.into()));
    let decisions = by(&|f| f.decision.clone().unwrap_or_else(|| UNDECIDED.into()));

    let mut customers: HashMap<i64, CustomerTally> = HashMap::new();
    let mut people: HashMap<(String, String), i64> = HashMap::new();
    for f in facts {
        let (id, code, name) = &f.customer;
        customers
            .entry(*id)
            .or_insert_with(|| CustomerTally {
                customer_id: *id,
                code: code.clone(),
                name: name.clone(),
                count: 0,
                share: 0.0,
            })
            .count += 1;
        if let Some(culprit) = f.culprit.as_deref()
            && Culprit::parse(culprit).is_some_and(Culprit::is_person)
        {
            *people
                .entry((culprit.to_string(), f.culprit_name.clone()))
                .or_default() += 1;
        }
    }
    let mut by_customer: Vec<CustomerTally> = customers
        .into_values()
        .map(|mut t| {
            t.share = share(t.count, total);
            t
        })
        .collect();
    by_customer.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.code.cmp(&b.code)));
    let mut by_person: Vec<PersonTally> = people
        .into_iter()
        .map(|((role, name), count)| PersonTally {
            role,
            name,
            count,
            share: share(count, total),
        })
        .collect();
    by_person.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.role.cmp(&b.role))
            .then_with(|| a.name.cmp(&b.name))
    });

    // answers
    let minutes: Vec<Option<i64>> = facts
        .iter()
        .map(|f| f.answered.map(|a| working_minutes(f.received, a)))
        .collect();
    let mean_hours = |pick: &dyn Fn(&ClaimFact) -> bool| {
        let (n, sum) = facts
            .iter()
            .zip(&minutes)
            .filter(|(f, _)| pick(f))
            .filter_map(|(_, m)| *m)
            .fold((0i64, 0i64), |(n, s), m| (n + 1, s + m));
        (n > 0).then(|| sum as f64 / n as f64 / 60.0)
    };
    let answered = facts.iter().filter(|f| f.answered.is_some()).count() as i64;
    let late_answered = facts
        .iter()
        .filter(|f| f.answered.is_some() && is_late(f))
        .count() as i64;
    let late_open = facts
        .iter()
        .filter(|f| f.answered.is_none() && is_late(f))
        .count() as i64;
    let answers_by_kind = ClaimKind::ALL
        .iter()
        .map(|k| {
            let mine = |f: &ClaimFact| f.kind == k.code();
            KindAnswers {
                key: k.code().to_string(),
                count: facts.iter().filter(|f| mine(f)).count() as i64,
                answered: facts.iter().filter(|f| mine(f) && f.answered.is_some()).count() as i64,
                mean_answer_hours: mean_hours(&mine),
                late: facts.iter().filter(|f| mine(f) && is_late(f)).count() as i64,
            }
        })
        .collect();

    // trend
    let (step, steps) = trend_steps(from, to);
    let trend = steps
        .into_iter()
        .map(|(start, end)| {
            let mut p = TrendPoint {
                start,
                end,
                total: 0,
                internal: 0,
                external: 0,
                late: 0,
            };
            for f in facts {
                let day = f.received.date();
                if day < start || day > end {
                    continue;
                }
                p.total += 1;
                if f.channel == internal_code {
                    p.internal += 1;
                } else {
                    p.external += 1;
                }
                if is_late(f) {
                    p.late += 1;
                }
            }
            p
        })
        .collect();

    let internal = facts.iter().filter(|f| f.channel == internal_code).count() as i64;
    let open = facts
        .iter()
        .filter(|f| ClaimStatus::parse(&f.status).is_none_or(ClaimStatus::is_open))
        .count() as i64;
    let mut culprit_keys: Vec<&str> = Culprit::ALL.iter().map(|c| c.code()).collect();
    culprit_keys.push(UNDECIDED);
    let mut decision_keys: Vec<&str> = Decision::ALL.iter().map(|d| d.code()).collect();
    decision_keys.push(UNDECIDED);
    ClaimStats {
        from,
        to,
        now,
        total,
        internal,
        external: total - internal,
        open,
        cancelled,
        by_status: tallies(
            ClaimStatus::ALL
                .iter()
                .filter(|s| **s != ClaimStatus::Cancelled)
                .map(|s| s.code()),
            &statuses,
            total,
        ),
        by_kind: tallies(ClaimKind::ALL.iter().map(|k| k.code()), &kinds, total),
        by_culprit: tallies(culprit_keys, &culprits, total),
        by_customer,
        by_person,
        by_decision: tallies(decision_keys, &decisions, total),
        by_channel: tallies(ClaimChannel::ALL.iter().map(|c| c.code()), &channels, total),
        orders,
        orders_with_claim,
        share_of_orders: share(orders_with_claim, orders),
        answered,
        answered_on_time: answered - late_answered,
        mean_answer_hours: mean_hours(&|_| true),
        late: late_answered + late_open,
        late_answered,
        late_open,
        answers_by_kind,
        trend_step: step.to_string(),
        trend,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn weekly_steps_for_short_periods_monthly_for_long_ones() {
        // Wednesday 4 Nov .. Monday 16 Nov 2026
        let (step, s) = trend_steps(d(2026, 11, 4), d(2026, 11, 16));
        assert_eq!(step, "week");
        assert_eq!(
            s,
            vec![
                (d(2026, 11, 4), d(2026, 11, 8)),
                (d(2026, 11, 9), d(2026, 11, 15)),
                (d(2026, 11, 16), d(2026, 11, 16)),
            ]
        );
        let (step, s) = trend_steps(d(2026, 1, 15), d(2026, 12, 31));
        assert_eq!(step, "month");
        assert_eq!(s.len(), 12);
        assert_eq!(s[0], (d(2026, 1, 15), d(2026, 1, 31)));
        assert_eq!(s[1], (d(2026, 2, 1), d(2026, 2, 28)));
        assert_eq!(s[11], (d(2026, 12, 1), d(2026, 12, 31)));
        let (_, s) = trend_steps(d(2026, 3, 1), d(2026, 3, 1));
        assert_eq!(s, vec![(d(2026, 3, 1), d(2026, 3, 1))]);
    }

    #[test]
    fn breakdowns_list_every_key_most_first() {
        let mut m = HashMap::new();
        m.insert("defect".to_string(), 2);
        m.insert("weird".to_string(), 1);
        let t = tallies(ClaimKind::ALL.iter().map(|k| k.code()), &m, 3);
        assert_eq!(t[0].key, "defect");
        assert_eq!(t.len(), ClaimKind::ALL.len() + 1);
        assert!((t[0].share - 2.0 / 3.0).abs() < 1e-9);
        assert_eq!(t.iter().map(|t| t.count).sum::<i64>(), 3);
        assert_eq!(share(1, 0), 0.0);
    }
}

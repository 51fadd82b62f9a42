//! Claim statistics as reports: text and JSON for the command line, one CSV table for Excel.
//!
//! The figures and their definitions are those of [`ClaimStats`]
//! (`src/store/claim_stats.rs`).
//!
//! # The CSV file
//!
//! One table (UTF-8 with BOM, `;`, decimal comma: see [`crate::export::write_csv`]), one row
//! per figure, with the columns
//!
//! `Section; Key; Name; Count; Share, %; Mean answer, working h`
//!
//! * `summary` rows: `total`, `internal`, `external`, `open`, `cancelled`, `orders`,
//!   `orders_with_claim` (share: of `orders`), `answered` (mean: the mean answer time),
//!   `answered_on_time`, `late`, `late_answered`, `late_open`; `period` rows give the first
//!   and last day (and the moment late claims are judged at) in `Name`;
//! * breakdown rows: sections `kind` (mean: of that kind), `culprit`, `decision`, `channel`,
//!   `status`, `customer` (key: the customer's code), `person` (key: the role, name: the
//!   person); share is of `total`;
//! * trend rows: section `week` or `month`, key the step's first day, count the claims.
//!
//! Keys are the stored codes (stable for formulas and pivot tables), names are for people.

use crate::domain::claim::{ClaimChannel, ClaimKind, ClaimStatus, Culprit, Decision};
use crate::error::{Error, Result};
use crate::export::{Column, Table, Value};
use crate::i18n::tr;
use crate::store::Store;
use crate::store::claim_stats::{ClaimStats, UNDECIDED};
use chrono::{NaiveDate, NaiveDateTime};
use std::fmt::Write as _;
use std::path::Path;

/// `docket claims stats --from --to [--json] [--csv FILE]`: prints the statistics of the
/// claims received in the period (text, or JSON with `--json`), writes the CSV table when
/// asked. A period that starts after it ends is refused.
pub fn run_cli(store: &Store, from: NaiveDate, to: NaiveDate, json: bool, csv: Option<&Path>) -> Result<i32> {
    if from > to {
        return Err(Error::msg(format!(
            "--from {from} is after --to {to}: the period must start on or before its last day; nothing was counted"
        )));
    }
    let stats = store.claim_stats(from, to, now_local())?;
    if let Some(path) = csv {
        crate::export::write_csv(&csv_table(&stats), path)?;
    }
    if json {
        let text = serde_json::to_string_pretty(&stats).map_err(|e| Error::msg(e.to_string()))?;
        crate::outln!("{text}");
        if let Some(path) = csv {
            eprintln!("CSV written: {}", path.display());
        }
    } else {
        crate::outln!("{}", text_report(&stats).trim_end());
        if let Some(path) = csv {
            crate::outln!("CSV written: {}", path.display());
        }
    }
    Ok(0)
}

// ---------------------------------------------------------------------------------------------
// labels (also used by the statistics panel)

/// A claim kind's name in the interface language (the code itself when unknown).
pub fn kind_label(code: &str) -> String {
    use ClaimKind::*;
    match ClaimKind::parse(code) {
        Some(Shortage) => tr("Shortage"),
        Some(Surplus) => tr("Surplus"),
        Some(MisSort) => tr("Mis-sort"),
        Some(Defect) => tr("Defect"),
        Some(Expired) => tr("Expired / short shelf life"),
        Some(Damaged) => tr("Damaged in transit"),
        Some(Documents) => tr("Documents error"),
        Some(Other) => tr("Other"),
        None => return code.to_string(),
    }
    .to_string()
}

/// A culprit's (or a person's role's) name; `undecided` for claims without a decision.
pub fn culprit_label(code: &str) -> String {
    use Culprit::*;
    if code == UNDECIDED {
        return tr("Not decided yet").to_string();
    }
    match Culprit::parse(code) {
        Some(Picker) => tr("Picker"),
        Some(Checker) => tr("Checker"),
        Some(Packer) => tr("Packer"),
        Some(Driver) => tr("Driver"),
        Some(Supplier) => tr("Supplier"),
        Some(Client) => tr("Client"),
        Some(Carrier) => tr("Carrier"),
        Some(Insurer) => tr("Insurer"),
        Some(Nobody) => tr("Nobody"),
        None => return code.to_string(),
    }
    .to_string()
}

pub fn decision_label(code: &str) -> String {
    if code == UNDECIDED {
        return tr("Not decided yet").to_string();
    }
    match Decision::parse(code) {
        Some(Decision::Accepted) => tr("Accepted"),
        Some(Decision::PartlyAccepted) => tr("Partly accepted"),
        Some(Decision::Rejected) => tr("Rejected"),
        None => return code.to_string(),
    }
    .to_string()
}

pub fn channel_label(code: &str) -> String {
    use ClaimChannel::*;
    match ClaimChannel::parse(code) {
        Some(Phone) => tr("Phone"),
        Some(Email) => tr("E-mail"),
        Some(Letter) => tr("Letter"),
        Some(Driver) => tr("Driver"),
        Some(Portal) => tr("Portal"),
        Some(PickingControl) => tr("Picking control (internal)"),
        None => return code.to_string(),
    }
    .to_string()
}

pub fn status_label(code: &str) -> String {
    use ClaimStatus::*;
    match ClaimStatus::parse(code) {
        Some(Registered) => tr("Registered"),
        Some(Investigating) => tr("Investigating"),
        Some(Decided) => tr("Decided"),
        Some(Answered) => tr("Answered"),
        Some(Closed) => tr("Closed"),
        Some(Cancelled) => tr("Cancelled claims"),
        None => return code.to_string(),
    }
    .to_string()
}

/// "12.5 %" of a share 0..1.
pub fn percent(share: f64) -> String {
    format!("{:.1} %", share * 100.0)
}

/// "14.2 h" of a mean in hours, "—" when there is none.
pub fn hours(h: Option<f64>) -> String {
    h.map_or_else(|| "—".to_string(), |h| format!("{h:.1} {}", tr("h")))
}

// ---------------------------------------------------------------------------------------------
// text

/// Customers the text report lists (JSON and CSV list all).
const TEXT_CUSTOMERS: usize = 20;

/// The statistics as a plain-text report (English, for the command line and e-mails).
pub fn text_report(s: &ClaimStats) -> String {
    let mut o = String::new();
    let w = &mut o;
    let _ = writeln!(
        w,
        "Claims received {} … {} (late judged at {})",
        s.from,
        s.to,
        s.now.format("%Y-%m-%d %H:%M")
    );
    let _ = writeln!(
        w,
        "  Total                {:>6}   internal (picking control) {}, from clients {}; open {}; cancelled {} (not counted)",
        s.total, s.internal, s.external, s.open, s.cancelled
    );
    let _ = writeln!(
        w,
        "  Orders with a claim  {:>6}   of {} orders received in the period and released to the warehouse ({})",
        s.orders_with_claim,
        s.orders,
        percent(s.share_of_orders)
    );
    let _ = writeln!(
        w,
        "  Answered             {:>6}   on time {}; mean answer time {}",
        s.answered,
        s.answered_on_time,
        s.mean_answer_hours
            .map_or_else(|| "—".to_string(), |h| format!("{h:.1} working hours"))
    );
    let _ = writeln!(
        w,
        "  Late                 {:>6}   answered late {}, unanswered and past due {}",
        s.late, s.late_answered, s.late_open
    );
    let section = |w: &mut String, title: &str, rows: Vec<(String, i64, f64)>| {
        let _ = writeln!(w, "\n{title}");
        if rows.iter().all(|r| r.1 == 0) {
            let _ = writeln!(w, "  (none)");
            return;
        }
        for (name, count, share) in rows.into_iter().filter(|r| r.1 > 0) {
            let _ = writeln!(w, "  {:<40} {:>6}  {:>7}", clip(&name, 40), count, percent(share));
        }
    };
    section(
        w,
        "By kind",
        s.by_kind
            .iter()
            .map(|t| (kind_label(&t.key), t.count, t.share))
            .collect(),
    );
    section(
        w,
        "By culprit",
        s.by_culprit
            .iter()
            .map(|t| (culprit_label(&t.key), t.count, t.share))
            .collect(),
    );
    section(
        w,
        "By decision",
        s.by_decision
            .iter()
            .map(|t| (decision_label(&t.key), t.count, t.share))
            .collect(),
    );
    section(
        w,
        "By channel",
        s.by_channel
            .iter()
            .map(|t| (channel_label(&t.key), t.count, t.share))
            .collect(),
    );
    section(
        w,
        "By status",
        s.by_status
            .iter()
            .map(|t| (status_label(&t.key), t.count, t.share))
            .collect(),
    );
    section(
        w,
        &format!("By customer (the {TEXT_CUSTOMERS} with most claims)"),
        s.by_customer
            .iter()
            .take(TEXT_CUSTOMERS)
            .map(|t| (format!("{} {}", t.code, t.name), t.count, t.share))
            .collect(),
    );
    if s.by_customer.len() > TEXT_CUSTOMERS {
        let _ = writeln!(
            w,
            "  … and {} more customers (all of them: --json or --csv)",
            s.by_customer.len() - TEXT_CUSTOMERS
        );
    }
    section(
        w,
        "By person (decisions naming one of our people)",
        s.by_person
            .iter()
            .map(|t| {
                (
                    format!("{} ({})", t.name, culprit_label(&t.role)),
                    t.count,
                    t.share,
                )
            })
            .collect(),
    );
    let _ = writeln!(
        w,
        "\nAnswers by kind (answered / claims, mean working hours, late)"
    );
    for k in s.answers_by_kind.iter().filter(|k| k.count > 0) {
        let _ = writeln!(
            w,
            "  {:<40} {:>3} / {:<3} {:>10}  late {}",
            clip(&kind_label(&k.key), 40),
            k.answered,
            k.count,
            k.mean_answer_hours
                .map_or_else(|| "—".to_string(), |h| format!("{h:.1} h")),
            k.late
        );
    }
    let _ = writeln!(w, "\nTrend by {} (claims, internal, late)", s.trend_step);
    for p in &s.trend {
        let _ = writeln!(
            w,
            "  {} … {}  {:>5}  {:>5}  {:>5}",
            p.start, p.end, p.total, p.internal, p.late
        );
    }
    o
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n - 1).collect();
        t.push('…');
        t
    }
}

// ---------------------------------------------------------------------------------------------
// CSV

fn pct(share: f64) -> Value {
    Value::Fixed((share * 1000.0).round() as i64, 1)
}

fn hrs(h: Option<f64>) -> Value {
    h.map_or(Value::Empty, |h| Value::Fixed((h * 100.0).round() as i64, 2))
}

/// The statistics as one table (see the module's documentation for its rows).
pub fn csv_table(s: &ClaimStats) -> Table {
    let mut t = Table::new(
        tr("Claim statistics"),
        vec![
            Column::text(tr("Section"), 12.0),
            Column::text(tr("Key"), 20.0),
            Column::text(tr("Name"), 40.0),
            Column::integer(tr("Count"), 10.0),
            Column::decimal(tr("Share, %"), 1, 10.0),
            Column::decimal(tr("Mean answer, working h"), 2, 14.0),
        ],
    );
    let row = |section: &str, key: &str, name: String, count: Value, share: Value, h: Value| {
        vec![
            Value::text(section),
            Value::text(key),
            Value::Text(name),
            count,
            share,
            h,
        ]
    };
    t.push(row(
        "period",
        "from",
        s.from.to_string(),
        Value::Empty,
        Value::Empty,
        Value::Empty,
    ));
    t.push(row(
        "period",
        "to",
        s.to.to_string(),
        Value::Empty,
        Value::Empty,
        Value::Empty,
    ));
    t.push(row(
        "period",
        "now",
        s.now.format("%Y-%m-%d %H:%M").to_string(),
        Value::Empty,
        Value::Empty,
        Value::Empty,
    ));
    let of_total = |n: i64| {
        pct(if s.total > 0 {
            n as f64 / s.total as f64
        } else {
            0.0
        })
    };
    let summary: [(&str, &'static str, i64, Value, Value); 12] = [
        (
            "total",
            "Claims",
            s.total,
            pct(if s.total > 0 { 1.0 } else { 0.0 }),
            Value::Empty,
        ),
        (
            "internal",
            "Internal (picking control)",
            s.internal,
            of_total(s.internal),
            Value::Empty,
        ),
        (
            "external",
            "From clients",
            s.external,
            of_total(s.external),
            Value::Empty,
        ),
        ("open", "Open claims", s.open, of_total(s.open), Value::Empty),
        (
            "cancelled",
            "Cancelled claims",
            s.cancelled,
            Value::Empty,
            Value::Empty,
        ),
        ("orders", "Orders released", s.orders, Value::Empty, Value::Empty),
        (
            "orders_with_claim",
            "Orders with a claim",
            s.orders_with_claim,
            pct(s.share_of_orders),
            Value::Empty,
        ),
        (
            "answered",
            "Answered claims",
            s.answered,
            of_total(s.answered),
            hrs(s.mean_answer_hours),
        ),
        (
            "answered_on_time",
            "Answered on time",
            s.answered_on_time,
            of_total(s.answered_on_time),
            Value::Empty,
        ),
        ("late", "Late", s.late, of_total(s.late), Value::Empty),
        (
            "late_answered",
            "Answered late",
            s.late_answered,
            of_total(s.late_answered),
            Value::Empty,
        ),
        (
            "late_open",
            "Unanswered, past due",
            s.late_open,
            of_total(s.late_open),
            Value::Empty,
        ),
    ];
    for (key, name, n, share, h) in summary {
        t.push(row("summary", key, tr(name).to_string(), Value::Int(n), share, h));
    }
    for k in &s.by_kind {
        let h = s
            .answers_by_kind
            .iter()
            .find(|a| a.key == k.key)
            .and_then(|a| a.mean_answer_hours);
        t.push(row(
            "kind",
            &k.key,
            kind_label(&k.key),
            Value::Int(k.count),
            pct(k.share),
            hrs(h),
        ));
    }
    for (section, list, label) in [
        ("culprit", &s.by_culprit, culprit_label as fn(&str) -> String),
        ("decision", &s.by_decision, decision_label),
        ("channel", &s.by_channel, channel_label),
        ("status", &s.by_status, status_label),
    ] {
        for x in list {
            t.push(row(
                section,
                &x.key,
                label(&x.key),
                Value::Int(x.count),
                pct(x.share),
                Value::Empty,
            ));
        }
    }
    for c in &s.by_customer {
        t.push(row(
            "customer",
            &c.code,
            c.name.clone(),
            Value::Int(c.count),
            pct(c.share),
            Value::Empty,
        ));
    }
    for p in &s.by_person {
        t.push(row(
            "person",
            &p.role,
            p.name.clone(),
            Value::Int(p.count),
            pct(p.share),
            Value::Empty,
        ));
    }
    for p in &s.trend {
        t.push(row(
            &s.trend_step,
            &p.start.to_string(),
            format!("{} … {}", p.start, p.end),
            Value::Int(p.total),
            Value::Empty,
            Value::Empty,
        ));
    }
    t
}

/// The local "now" of a report, to the minute.
pub fn now_local() -> NaiveDateTime {
    let n = chrono::Local::now().naive_local();
    n.date()
        .and_hms_opt(chrono::Timelike::hour(&n), chrono::Timelike::minute(&n), 0)
        .unwrap_or(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The report's names are translated: every `tr("…")` of this file has its Russian (the
    /// i18n test reads only `src/ui` and `src/print`).
    #[test]
    fn every_text_here_has_russian() {
        let text = include_str!("stats.rs");
        crate::i18n::set_lang(crate::i18n::Lang::Ru);
        let mut missing = Vec::new();
        for part in text.split("tr(\"").skip(1) {
            let key = &part[..part.find('"').unwrap()];
            if !key.is_empty() && key.chars().next().is_some_and(char::is_alphabetic) {
                let static_key: &'static str = Box::leak(key.to_string().into_boxed_str());
                if tr(static_key) == key {
                    missing.push(key.to_string());
                }
            }
        }
        // the summary names go through `tr(name)`
        for name in [
            "Claims",
            "Internal (picking control)",
            "From clients",
            "Open claims",
            "Cancelled claims",
            "Orders released",
            "Orders with a claim",
            "Answered claims",
            "Answered on time",
            "Late",
            "Answered late",
            "Unanswered, past due",
        ] {
            if tr(name) == name {
                missing.push(name.to_string());
            }
        }
        crate::i18n::set_lang(crate::i18n::Lang::En);
        assert!(missing.is_empty(), "no Russian for: {missing:?}");
    }
}

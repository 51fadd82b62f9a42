//! The desk's deadlines: answer a new order within so many working hours, ship it within so many
//! working days, both counted on the [`WorkCalendar`] from the moment the order was received.
//!
//! All moments are local wall-clock time, like the calendar's; the caller passes `now`.

use std::fmt;

use chrono::NaiveDateTime;
use serde::{Deserialize, Serialize};

use super::calendar::WorkCalendar;

/// The desk's service targets. Missing fields deserialize to their defaults; negative values count
/// as 0 (the deadline is then the next working moment after receipt).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Targets {
    /// Working hours to answer (confirm) a new order; default 8.
    pub answer_hours: i64,
    /// Working days to ship an order; default 14.
    pub ship_days: i64,
}

impl Default for Targets {
    fn default() -> Self {
        Targets {
            answer_hours: 8,
            ship_days: 14,
        }
    }
}

/// Which target a deadline measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeadlineKind {
    Answer,
    Ship,
}

/// How a deadline stands. Ordered most urgent first, so sorting by it puts late orders on top.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Health {
    /// Open and past due.
    Late,
    /// Open, less than a quarter of the allowed working time left.
    AtRisk,
    /// Open, at least a quarter left.
    OnTrack,
    /// Done at or before the due moment.
    Met,
    /// Done after the due moment.
    Missed,
}

/// The deadline that matters for an order now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Deadline {
    pub kind: DeadlineKind,
    pub due: NaiveDateTime,
    /// Working minutes from receipt to `due`.
    pub total_minutes: i64,
    /// Working minutes from now (for a done order: from when it was done) to `due`; negative past it.
    /// Past due but outside working hours it can be 0 while the health is `Late`/`Missed`.
    pub left_minutes: i64,
    pub health: Health,
}

/// What stage an order is in, for its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    /// Draft, awaiting confirmation, credit hold: the answer deadline runs.
    Unanswered,
    /// Released … packed, not yet shipped: the ship deadline runs.
    Answered,
    /// Shipped: the ship deadline is judged at `done_at` (when it shipped).
    Shipped,
    /// Picked up / delivered (with `done_at`) or cancelled (without).
    Closed,
}

/// When the answer is due: `received` plus `answer_hours * 60` working minutes (counting from the next
/// working moment at or after `received`).
pub fn answer_due(cal: &WorkCalendar, targets: &Targets, received: NaiveDateTime) -> NaiveDateTime {
    cal.add_working_minutes(received, targets.answer_hours.max(0).saturating_mul(60))
}

/// When shipping is due: `ship_days` working days after receipt, at the time of day of the next
/// working moment at or after `received`.
pub fn ship_due(cal: &WorkCalendar, targets: &Targets, received: NaiveDateTime) -> NaiveDateTime {
    cal.add_working_days(received, targets.ship_days.max(0))
}

/// The deadline that matters now:
/// - [`Stage::Unanswered`]: the Answer deadline; `left` = working minutes from `now` to due; `Late`
///   when `now > due`, else `AtRisk` when `left * 4 < total`, else `OnTrack`.
/// - [`Stage::Answered`]: the Ship deadline, health as above.
/// - [`Stage::Shipped`] / [`Stage::Closed`] with `done_at`: the Ship deadline judged at `done_at`:
///   `Met` when `done_at <= due`, else `Missed`; `left` = working minutes from `done_at` to due.
/// - [`Stage::Shipped`] / [`Stage::Closed`] without `done_at`: `None` (a cancelled order has no
///   deadline; a shipped order needs its shipping moment to be judged).
///
/// `done_at` is ignored for the open stages. Exactly at 25 % left is still `OnTrack`; exactly at
/// `due` is `AtRisk`, not `Late`.
pub fn deadline(
    cal: &WorkCalendar,
    targets: &Targets,
    stage: Stage,
    received: NaiveDateTime,
    done_at: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Option<Deadline> {
    let (kind, due) = match stage {
        Stage::Unanswered => (DeadlineKind::Answer, answer_due(cal, targets, received)),
        Stage::Answered | Stage::Shipped | Stage::Closed => {
            (DeadlineKind::Ship, ship_due(cal, targets, received))
        }
    };
    let done = match stage {
        Stage::Unanswered | Stage::Answered => None,
        Stage::Shipped | Stage::Closed => Some(done_at?),
    };
    Some(judge(cal, kind, received, due, done, now))
}

/// How a deadline from `received` to `due` stands: while open (`done` None) `Late` past due,
/// `AtRisk` with less than a quarter of the working time left, else `OnTrack`; once done, `Met`
/// or `Missed`. `left_minutes` counts from `now`, or from `done` once done.
pub fn judge(
    cal: &WorkCalendar,
    kind: DeadlineKind,
    received: NaiveDateTime,
    due: NaiveDateTime,
    done: Option<NaiveDateTime>,
    now: NaiveDateTime,
) -> Deadline {
    let total_minutes = cal.working_minutes_between(received, due);
    let (at, health) = match done {
        None => {
            let left = cal.working_minutes_between(now, due);
            let health = if now > due {
                Health::Late
            } else if left.saturating_mul(4) < total_minutes {
                Health::AtRisk
            } else {
                Health::OnTrack
            };
            (now, health)
        }
        Some(done) => (done, if done <= due { Health::Met } else { Health::Missed }),
    };
    Deadline {
        kind,
        due,
        total_minutes,
        left_minutes: cal.working_minutes_between(at, due),
        health,
    }
}

/// The numbers of a deadline badge. `days`, `hours` and `minutes` are non-negative and split
/// `|left_minutes|` into working days of `minutes_per_day` minutes, then hours of 60 minutes, then
/// minutes. They count the time left, or when `late` the time past due.
///
/// `Display` gives the English text: "3 h 20 min left", "2 d 4 h left" (with days the minutes are
/// dropped), "45 min left", "late 1 h 5 min" ("late" alone when past due by no working time yet),
/// "met", "missed". A translated UI builds its own text from the fields.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Badge {
    pub health: Health,
    /// The numbers count time past due: `Late` or `Missed`.
    pub late: bool,
    pub days: i64,
    pub hours: i64,
    pub minutes: i64,
}

impl Badge {
    /// The deadline is closed: `Met` or `Missed`, shown without numbers.
    pub fn is_done(&self) -> bool {
        matches!(self.health, Health::Met | Health::Missed)
    }
}

/// Splits a deadline into badge numbers; `minutes_per_day` is the calendar's
/// [`WorkCalendar::minutes_per_day`] (0 or less: no days, all in hours).
pub fn badge(d: &Deadline, minutes_per_day: i64) -> Badge {
    let magnitude = d.left_minutes.saturating_abs();
    let days = if minutes_per_day > 0 {
        magnitude / minutes_per_day
    } else {
        0
    };
    let rest = magnitude - days * minutes_per_day.max(0);
    Badge {
        health: d.health,
        late: matches!(d.health, Health::Late | Health::Missed),
        days,
        hours: rest / 60,
        minutes: rest % 60,
    }
}

impl fmt::Display for Badge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.health {
            Health::Met => return f.write_str("met"),
            Health::Missed => return f.write_str("missed"),
            _ => {}
        }
        let amount = if self.days > 0 {
            if self.hours > 0 {
                format!("{} d {} h", self.days, self.hours)
            } else {
                format!("{} d", self.days)
            }
        } else if self.hours > 0 {
            if self.minutes > 0 {
                format!("{} h {} min", self.hours, self.minutes)
            } else {
                format!("{} h", self.hours)
            }
        } else {
            format!("{} min", self.minutes)
        };
        if !self.late {
            write!(f, "{amount} left")
        } else if self.days == 0 && self.hours == 0 && self.minutes == 0 {
            f.write_str("late")
        } else {
            write!(f, "late {amount}")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// 2026 at `m`-`d` `h`:`min`.
    fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        date(2026, m, d).and_hms_opt(h, min, 0).unwrap()
    }

    fn cal() -> WorkCalendar {
        WorkCalendar::default()
    }

    fn targets() -> Targets {
        Targets::default()
    }

    fn open(stage: Stage, received: NaiveDateTime, now: NaiveDateTime) -> Deadline {
        deadline(&cal(), &targets(), stage, received, None, now).unwrap()
    }

    fn done(stage: Stage, received: NaiveDateTime, done_at: NaiveDateTime) -> Deadline {
        // `now` must not matter for a done order
        let a = deadline(
            &cal(),
            &targets(),
            stage,
            received,
            Some(done_at),
            at(11, 1, 0, 0),
        )
        .unwrap();
        let b = deadline(
            &cal(),
            &targets(),
            stage,
            received,
            Some(done_at),
            at(12, 31, 23, 0),
        )
        .unwrap();
        assert_eq!(a, b);
        a
    }

    fn text(d: &Deadline) -> String {
        badge(d, cal().minutes_per_day()).to_string()
    }

    #[test]
    fn defaults() {
        assert_eq!(
            Targets::default(),
            Targets {
                answer_hours: 8,
                ship_days: 14
            }
        );
        let partial: Targets = serde_json::from_str(r#"{"ship_days":10}"#).unwrap();
        assert_eq!(
            partial,
            Targets {
                answer_hours: 8,
                ship_days: 10
            }
        );
    }

    #[test]
    fn answer_due_crosses_a_night_and_a_weekend() {
        let (cal, t) = (cal(), targets());
        // Friday 16:00 → Monday 15:00
        assert_eq!(answer_due(&cal, &t, at(11, 27, 16, 0)), at(11, 30, 15, 0));
        // Wednesday 14:00 → Thursday 13:00
        assert_eq!(answer_due(&cal, &t, at(11, 25, 14, 0)), at(11, 26, 13, 0));
        // before opening, exactly at opening, after closing, on a Sunday
        assert_eq!(answer_due(&cal, &t, at(11, 23, 7, 45)), at(11, 23, 17, 0));
        assert_eq!(answer_due(&cal, &t, at(11, 23, 9, 0)), at(11, 23, 17, 0));
        assert_eq!(answer_due(&cal, &t, at(11, 23, 19, 0)), at(11, 24, 17, 0));
        assert_eq!(answer_due(&cal, &t, at(11, 29, 12, 0)), at(11, 30, 17, 0));
        // 10:00 + 8 h ends exactly at closing and stays there
        assert_eq!(answer_due(&cal, &t, at(11, 23, 10, 0)), at(11, 23, 18, 0));
        // a working Saturday, and a holiday Monday
        let saturday = WorkCalendar {
            extra_workdays: [date(2026, 11, 28)].into(),
            ..WorkCalendar::default()
        };
        assert_eq!(answer_due(&saturday, &t, at(11, 27, 16, 0)), at(11, 28, 15, 0));
        let holiday = WorkCalendar {
            holidays: [date(2026, 11, 30)].into(),
            ..WorkCalendar::default()
        };
        assert_eq!(answer_due(&holiday, &t, at(11, 27, 16, 0)), at(12, 1, 15, 0));
        // other targets; negative counts as none
        let quick = Targets {
            answer_hours: 2,
            ship_days: 1,
        };
        assert_eq!(answer_due(&cal, &quick, at(11, 27, 17, 0)), at(11, 30, 10, 0));
        let none = Targets {
            answer_hours: -3,
            ship_days: -1,
        };
        assert_eq!(answer_due(&cal, &none, at(11, 29, 12, 0)), at(11, 30, 9, 0));
        assert_eq!(ship_due(&cal, &none, at(11, 29, 12, 0)), at(11, 30, 9, 0));
    }

    #[test]
    fn ship_due_is_fourteen_working_days() {
        let (cal, t) = (cal(), targets());
        assert_eq!(ship_due(&cal, &t, at(11, 23, 10, 0)), at(12, 11, 10, 0));
        // received on a Sunday: counted from Monday 09:00
        assert_eq!(ship_due(&cal, &t, at(11, 29, 15, 0)), at(12, 18, 9, 0));
        // across a holiday Tuesday
        let holiday = WorkCalendar {
            holidays: [date(2026, 12, 8)].into(),
            ..WorkCalendar::default()
        };
        assert_eq!(ship_due(&holiday, &t, at(11, 23, 10, 0)), at(12, 14, 10, 0));
        // across Christmas with a working Saturday before it
        let xmas = WorkCalendar {
            holidays: [date(2026, 12, 24), date(2026, 12, 25)].into(),
            extra_workdays: [date(2026, 12, 19)].into(),
            ..WorkCalendar::default()
        };
        // from Mon 14 Dec: 15 16 17 18 19(Sat) 21 22 23 28 29 30 31 | 1 4 Jan
        assert_eq!(
            ship_due(&xmas, &t, at(12, 14, 11, 0)),
            date(2027, 1, 4).and_hms_opt(11, 0, 0).unwrap()
        );
    }

    #[test]
    fn unanswered_health_over_time() {
        let received = at(11, 27, 16, 0); // due Monday 15:00, 480 working minutes
        let d = open(Stage::Unanswered, received, at(11, 27, 17, 0));
        assert_eq!(d.kind, DeadlineKind::Answer);
        assert_eq!(d.due, at(11, 30, 15, 0));
        assert_eq!(d.total_minutes, 480);
        assert_eq!(d.left_minutes, 420);
        assert_eq!(d.health, Health::OnTrack);
        assert_eq!(text(&d), "7 h left");

        // over the weekend nothing is used up
        let d = open(Stage::Unanswered, received, at(11, 29, 12, 0));
        assert_eq!((d.left_minutes, d.health), (360, Health::OnTrack));

        // exactly 25 % left is still on track; a minute later it is at risk
        let d = open(Stage::Unanswered, received, at(11, 30, 13, 0));
        assert_eq!((d.left_minutes, d.health), (120, Health::OnTrack));
        let d = open(Stage::Unanswered, received, at(11, 30, 13, 1));
        assert_eq!((d.left_minutes, d.health), (119, Health::AtRisk));
        assert_eq!(text(&d), "1 h 59 min left");

        // exactly at due: nothing left, but not late yet
        let d = open(Stage::Unanswered, received, at(11, 30, 15, 0));
        assert_eq!((d.left_minutes, d.health), (0, Health::AtRisk));
        assert_eq!(text(&d), "0 min left");

        // past due
        let d = open(Stage::Unanswered, received, at(11, 30, 15, 1));
        assert_eq!((d.left_minutes, d.health), (-1, Health::Late));
        let d = open(Stage::Unanswered, received, at(11, 30, 16, 5));
        assert_eq!((d.left_minutes, d.health), (-65, Health::Late));
        assert_eq!(text(&d), "late 1 h 5 min");
        // late into the next day: 3 h on Monday, 9 h on Tuesday, 1 h 10 on Wednesday
        let d = open(Stage::Unanswered, received, at(12, 2, 10, 10));
        assert_eq!(d.left_minutes, -(180 + 540 + 70));
        assert_eq!(text(&d), "late 1 d 4 h");
    }

    #[test]
    fn late_after_hours_with_no_working_time_overdue() {
        // received Friday 10:00 → due Friday 18:00; on Saturday it is late by no working time
        let d = open(Stage::Unanswered, at(11, 27, 10, 0), at(11, 28, 11, 0));
        assert_eq!(d.due, at(11, 27, 18, 0));
        assert_eq!((d.left_minutes, d.health), (0, Health::Late));
        assert_eq!(text(&d), "late");
    }

    #[test]
    fn answered_runs_the_ship_deadline() {
        let received = at(11, 23, 10, 0); // ship due Fri 11 Dec 10:00, 14 × 540 minutes
        let d = open(Stage::Answered, received, at(11, 24, 12, 0));
        assert_eq!(d.kind, DeadlineKind::Ship);
        assert_eq!(d.due, at(12, 11, 10, 0));
        assert_eq!(d.total_minutes, 14 * 540);
        assert_eq!(d.left_minutes, 14 * 540 - 480 - 180);
        assert_eq!(d.health, Health::OnTrack);
        assert_eq!(text(&d), "12 d 7 h left");

        // 25 % of 7560 is 1890 = Fri 60 + Thu, Wed, Tue 3 × 540 + Mon 14:30–18:00
        let d = open(Stage::Answered, received, at(12, 7, 14, 30));
        assert_eq!((d.left_minutes, d.health), (1890, Health::OnTrack));
        assert_eq!(text(&d), "3 d 4 h left");
        let d = open(Stage::Answered, received, at(12, 7, 14, 31));
        assert_eq!((d.left_minutes, d.health), (1889, Health::AtRisk));

        let d = open(Stage::Answered, received, at(12, 14, 9, 30));
        assert_eq!((d.left_minutes, d.health), (-(480 + 30), Health::Late));
        assert_eq!(text(&d), "late 8 h 30 min");

        // done_at is ignored while the order is open
        let with_done = deadline(
            &cal(),
            &targets(),
            Stage::Answered,
            received,
            Some(at(11, 24, 9, 0)),
            at(12, 14, 9, 30),
        );
        assert_eq!(with_done, Some(d));
    }

    #[test]
    fn shipped_and_closed_are_met_or_missed() {
        let received = at(11, 23, 10, 0); // ship due Fri 11 Dec 10:00
        let d = done(Stage::Shipped, received, at(12, 10, 16, 0));
        assert_eq!(d.kind, DeadlineKind::Ship);
        assert_eq!((d.left_minutes, d.health), (120 + 60, Health::Met));
        assert_eq!(text(&d), "met");
        assert!(badge(&d, 540).is_done());
        assert!(!badge(&d, 540).late);

        // exactly at due is met
        let d = done(Stage::Closed, received, at(12, 11, 10, 0));
        assert_eq!((d.left_minutes, d.health), (0, Health::Met));

        let d = done(Stage::Shipped, received, at(12, 14, 11, 0));
        assert_eq!((d.left_minutes, d.health), (-(480 + 120), Health::Missed));
        assert_eq!(text(&d), "missed");
        let b = badge(&d, 540);
        assert!(b.late && b.is_done());
        assert_eq!((b.days, b.hours, b.minutes), (1, 1, 0));

        // a minute late, even outside working hours, is missed
        let d = done(Stage::Closed, received, at(12, 11, 10, 1));
        assert_eq!((d.left_minutes, d.health), (-1, Health::Missed));
        // received after closing on Monday: counted from Tuesday 09:00, due Monday 14 Dec 09:00
        let d = done(Stage::Shipped, at(11, 23, 18, 30), at(12, 14, 19, 0));
        assert_eq!(d.due, at(12, 14, 9, 0));
        assert_eq!((d.left_minutes, d.health), (-540, Health::Missed));
    }

    #[test]
    fn no_deadline_without_a_done_moment() {
        let (cal, t) = (cal(), targets());
        let now = at(12, 1, 12, 0);
        assert_eq!(
            deadline(&cal, &t, Stage::Closed, at(11, 23, 10, 0), None, now),
            None
        );
        assert_eq!(
            deadline(&cal, &t, Stage::Shipped, at(11, 23, 10, 0), None, now),
            None
        );
    }

    #[test]
    fn received_outside_hours_counts_the_full_allowance() {
        for received in [
            at(11, 23, 7, 0),
            at(11, 23, 19, 0),
            at(11, 28, 12, 0),
            at(11, 29, 23, 59),
        ] {
            let d = open(Stage::Unanswered, received, received);
            assert_eq!(
                (d.total_minutes, d.left_minutes, d.health),
                (480, 480, Health::OnTrack)
            );
            let d = open(Stage::Answered, received, received);
            assert_eq!(
                (d.total_minutes, d.left_minutes, d.health),
                (14 * 540, 14 * 540, Health::OnTrack)
            );
        }
    }

    #[test]
    fn badge_numbers_and_text() {
        let make = |left: i64, health: Health| Deadline {
            kind: DeadlineKind::Answer,
            due: at(11, 30, 15, 0),
            total_minutes: 480,
            left_minutes: left,
            health,
        };
        let b = badge(&make(200, Health::OnTrack), 540);
        assert_eq!(
            b,
            Badge {
                health: Health::OnTrack,
                late: false,
                days: 0,
                hours: 3,
                minutes: 20
            }
        );
        assert_eq!(b.to_string(), "3 h 20 min left");
        assert_eq!(
            badge(&make(2 * 540 + 4 * 60 + 7, Health::OnTrack), 540).to_string(),
            "2 d 4 h left"
        );
        assert_eq!(
            badge(&make(2 * 540 + 7, Health::OnTrack), 540).to_string(),
            "2 d left"
        );
        assert_eq!(badge(&make(45, Health::AtRisk), 540).to_string(), "45 min left");
        assert_eq!(badge(&make(180, Health::OnTrack), 540).to_string(), "3 h left");
        assert_eq!(badge(&make(-65, Health::Late), 540).to_string(), "late 1 h 5 min");
        assert_eq!(badge(&make(-600, Health::Late), 540).to_string(), "late 1 d 1 h");
        assert_eq!(badge(&make(0, Health::Late), 540).to_string(), "late");
        assert_eq!(badge(&make(30, Health::Met), 540).to_string(), "met");
        assert_eq!(badge(&make(-30, Health::Missed), 540).to_string(), "missed");
        // a 510-minute day (09:00–17:30) and no days at all
        let b = badge(&make(1100, Health::OnTrack), 510);
        assert_eq!((b.days, b.hours, b.minutes), (2, 1, 20));
        let b = badge(&make(1100, Health::OnTrack), 0);
        assert_eq!((b.days, b.hours, b.minutes), (0, 18, 20));
    }

    #[test]
    fn health_sorts_most_urgent_first() {
        let mut all = [
            Health::Missed,
            Health::OnTrack,
            Health::Met,
            Health::Late,
            Health::AtRisk,
        ];
        all.sort();
        assert_eq!(
            all,
            [
                Health::Late,
                Health::AtRisk,
                Health::OnTrack,
                Health::Met,
                Health::Missed
            ]
        );
    }
}

//! The desk's working calendar: which days it works and between which hours, in local wall-clock time.
//!
//! Working time is the union of the intervals `[day_start, day_end)` of every working day. Everything
//! is counted in local wall-clock time (`NaiveDateTime`): the caller converts from UTC before asking and
//! back after. A daylight-saving jump is therefore invisible here, which is what a desk wants ("answer by
//! 15:00 on Monday").
//!
//! A calendar that has no working moment at all (no working weekday and no extra day, or
//! `day_start >= day_end`) is rejected by [`WorkCalendar::validate`], but every function still
//! terminates on it: a search for the next working day looks at most [`SCAN_LIMIT_DAYS`] days ahead
//! and, when it finds none, the function gives up and returns its input `t` unchanged (see each
//! function). Working minutes between two moments of such a calendar are 0.

use std::collections::BTreeSet;
use std::fmt::Write as _;

use chrono::{Datelike, Days, NaiveDate, NaiveDateTime, NaiveTime, TimeDelta};
use serde::{Deserialize, Serialize};

/// How many days ahead a search for the next working day looks before it gives up (ten years).
pub const SCAN_LIMIT_DAYS: u64 = 3660;

/// Which days and hours the desk works. Missing fields deserialize to their defaults.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkCalendar {
    /// Monday first: which weekdays are working days.
    pub workdays: [bool; 7],
    /// When a working day opens (default 09:00).
    pub day_start: NaiveTime,
    /// When a working day closes (default 18:00); the day's working time is `[day_start, day_end)`.
    pub day_end: NaiveTime,
    /// Days off even if their weekday works. A holiday wins over everything, also over `extra_workdays`.
    pub holidays: BTreeSet<NaiveDate>,
    /// Working days even if their weekday does not work (a working Saturday).
    pub extra_workdays: BTreeSet<NaiveDate>,
}

impl Default for WorkCalendar {
    /// Monday to Friday, 09:00–18:00, no holidays.
    fn default() -> Self {
        WorkCalendar {
            workdays: [true, true, true, true, true, false, false],
            day_start: NaiveTime::from_hms_opt(9, 0, 0).expect("09:00 is a time"),
            day_end: NaiveTime::from_hms_opt(18, 0, 0).expect("18:00 is a time"),
            holidays: BTreeSet::new(),
            extra_workdays: BTreeSet::new(),
        }
    }
}

impl WorkCalendar {
    /// Checks the calendar a user set up: the day opens at least a minute before it closes, some day
    /// works, and no date is both a holiday and an extra working day. The message is English.
    pub fn validate(&self) -> Result<(), String> {
        if self.minutes_per_day() < 1 {
            return Err(format!(
                "The working day must start before it ends (it starts at {} and ends at {}).",
                self.day_start.format("%H:%M"),
                self.day_end.format("%H:%M")
            ));
        }
        if let Some(d) = self.holidays.intersection(&self.extra_workdays).next() {
            return Err(format!(
                "{} is both a holiday and an extra working day; keep it in one list only.",
                d.format("%Y-%m-%d")
            ));
        }
        if !self.workdays.iter().any(|&w| w) && self.extra_workdays.is_empty() {
            return Err("Pick at least one working weekday or add an extra working day.".to_string());
        }
        Ok(())
    }

    /// Working minutes in one working day (`day_end - day_start`, whole minutes); 0 when the day
    /// does not open before it closes.
    pub fn minutes_per_day(&self) -> i64 {
        self.day_length().num_minutes().max(0)
    }

    /// Whether `d` is a working day: a holiday never is; an extra working day always is (unless it is
    /// also a holiday); otherwise its weekday decides.
    pub fn is_working_day(&self, d: NaiveDate) -> bool {
        if self.holidays.contains(&d) {
            return false;
        }
        if self.extra_workdays.contains(&d) {
            return true;
        }
        self.workdays[d.weekday().num_days_from_monday() as usize]
    }

    /// The first working moment at or after `t`: `t` itself when inside working hours
    /// (`day_start <= time < day_end` of a working day); that day's `day_start` when before opening;
    /// the next working day's `day_start` when at or after closing or on a day off.
    ///
    /// When no working day follows within [`SCAN_LIMIT_DAYS`] days, returns `t` unchanged.
    pub fn next_working_moment(&self, t: NaiveDateTime) -> NaiveDateTime {
        self.try_next_working_moment(t).unwrap_or(t)
    }

    /// `t` plus `minutes` of working time. Counting starts at [`next_working_moment`](Self::next_working_moment)`(t)`,
    /// so 0 minutes gives that moment. A result that lands exactly on `day_end` stays at `day_end` of
    /// that day (it does not roll to the next morning). Seconds of `t` are carried along. Negative
    /// `minutes` count as 0.
    ///
    /// When the calendar runs out of working days (none within [`SCAN_LIMIT_DAYS`] days of where the
    /// count stands, or past the last date chrono can hold), returns `t` unchanged.
    pub fn add_working_minutes(&self, t: NaiveDateTime, minutes: i64) -> NaiveDateTime {
        self.try_add_working_minutes(t, minutes).unwrap_or(t)
    }

    /// `t` plus `days` working days: start at [`next_working_moment`](Self::next_working_moment)`(t)`,
    /// then step forward `days` working days keeping that moment's time of day. Negative `days` count
    /// as 0 (the result is the next working moment).
    ///
    /// When the calendar runs out of working days (as for [`add_working_minutes`](Self::add_working_minutes)),
    /// returns `t` unchanged.
    pub fn add_working_days(&self, t: NaiveDateTime, days: i64) -> NaiveDateTime {
        self.try_add_working_days(t, days).unwrap_or(t)
    }

    /// Working minutes from `a` to `b` (whole minutes, truncated); negative when `b < a`: exactly
    /// minus the working minutes from `b` to `a`. Costs one step per day of the span at most (whole
    /// weeks after the last holiday or extra day are counted at once).
    pub fn working_minutes_between(&self, a: NaiveDateTime, b: NaiveDateTime) -> i64 {
        if b < a {
            return -self.working_minutes_between(b, a);
        }
        if !self.has_hours() {
            return 0;
        }
        let last = b.date();
        let week_ms = self.week_ms();
        let mut total = TimeDelta::zero();
        let mut d = a.date();
        loop {
            if self.is_working_day(d) {
                let from = a.max(self.opens(d));
                let to = b.min(self.closes(d));
                if to > from {
                    total += to - from;
                }
            }
            if d >= last {
                break;
            }
            let Some(next) = d.succ_opt() else { break };
            d = next;
            // Days d .. d + 7k - 1 all lie strictly inside (a, b): count them at once when regular.
            if let Some(week_ms) = week_ms
                && self.regular_from(d)
            {
                let weeks = (last - d).num_days() / 7;
                if weeks > 0 {
                    total += TimeDelta::milliseconds(week_ms * weeks);
                    d = d + Days::new(7 * weeks as u64);
                }
            }
        }
        total.num_minutes()
    }

    fn day_length(&self) -> TimeDelta {
        self.day_end - self.day_start
    }

    fn has_hours(&self) -> bool {
        self.day_start < self.day_end
    }

    fn opens(&self, d: NaiveDate) -> NaiveDateTime {
        d.and_time(self.day_start)
    }

    fn closes(&self, d: NaiveDate) -> NaiveDateTime {
        d.and_time(self.day_end)
    }

    fn working_weekdays(&self) -> i64 {
        self.workdays.iter().filter(|&&w| w).count() as i64
    }

    /// Whether no holiday or extra working day falls on `d` or later: from there on the calendar
    /// repeats week after week.
    fn regular_from(&self, d: NaiveDate) -> bool {
        self.holidays.range(d..).next().is_none() && self.extra_workdays.range(d..).next().is_none()
    }

    /// Working milliseconds of a regular week, when positive and exact in milliseconds.
    fn week_ms(&self) -> Option<i64> {
        let day = self.day_length();
        if !self.has_hours() || day.subsec_nanos() % 1_000_000 != 0 {
            return None;
        }
        let week = day.num_milliseconds() * self.working_weekdays();
        (week > 0).then_some(week)
    }

    /// The first working day strictly after `d`, looking at most [`SCAN_LIMIT_DAYS`] days ahead.
    fn next_working_day_after(&self, d: NaiveDate) -> Option<NaiveDate> {
        if !self.has_hours() {
            return None;
        }
        let mut day = d;
        for _ in 0..SCAN_LIMIT_DAYS {
            day = day.succ_opt()?;
            if self.is_working_day(day) {
                return Some(day);
            }
        }
        None
    }

    fn try_next_working_moment(&self, t: NaiveDateTime) -> Option<NaiveDateTime> {
        let d = t.date();
        if self.has_hours() && self.is_working_day(d) {
            if t.time() < self.day_start {
                return Some(self.opens(d));
            }
            if t.time() < self.day_end {
                return Some(t);
            }
        }
        self.next_working_day_after(d).map(|n| self.opens(n))
    }

    fn try_add_working_minutes(&self, t: NaiveDateTime, minutes: i64) -> Option<NaiveDateTime> {
        let mut remaining = TimeDelta::try_minutes(minutes.max(0)).unwrap_or(TimeDelta::MAX);
        let mut cur = self.try_next_working_moment(t)?;
        let week_ms = self.week_ms();
        loop {
            let available = self.closes(cur.date()) - cur;
            if remaining <= available {
                return Some(cur + remaining);
            }
            remaining -= available;
            let mut next = self.next_working_day_after(cur.date())?;
            // Skip whole regular weeks while more than they hold is left: the working time in
            // [opens(next), opens(next + 7k)) is exactly k weeks.
            if let Some(week_ms) = week_ms
                && self.regular_from(next)
            {
                let weeks = (remaining.num_milliseconds() - 1) / week_ms;
                if weeks > 0 {
                    remaining -= TimeDelta::milliseconds(weeks * week_ms);
                    let jumped = next.checked_add_days(Days::new((weeks as u64).checked_mul(7)?))?;
                    next = if self.is_working_day(jumped) {
                        jumped
                    } else {
                        self.next_working_day_after(jumped)?
                    };
                }
            }
            cur = self.opens(next);
        }
    }

    fn try_add_working_days(&self, t: NaiveDateTime, days: i64) -> Option<NaiveDateTime> {
        let start = self.try_next_working_moment(t)?;
        let per_week = self.working_weekdays();
        let mut left = days.max(0);
        let mut day = start.date();
        while left > 0 {
            // Working days in (day, day + 7k] are exactly k weeks' worth when no special date follows.
            if per_week > 0 && left > per_week && day.succ_opt().is_some_and(|n| self.regular_from(n)) {
                let weeks = (left - 1) / per_week;
                day = day.checked_add_days(Days::new((weeks as u64).checked_mul(7)?))?;
                left -= weeks * per_week;
            }
            day = self.next_working_day_after(day)?;
            left -= 1;
        }
        Some(day.and_time(start.time()))
    }
}

/// Parses the dates of a Settings text box: items separated by commas, semicolons, spaces or new
/// lines, each `YYYY-MM-DD` or `DD.MM.YYYY` (month and day may have one digit). Repeats collapse;
/// empty text is an empty set. The error names the first bad item: `'31.02.2026' is not a date`.
pub fn parse_date_list(text: &str) -> Result<BTreeSet<NaiveDate>, String> {
    text.split(|c: char| c == ',' || c == ';' || c.is_whitespace())
        .filter(|item| !item.is_empty())
        .map(parse_date_item)
        .collect()
}

/// The dates as `YYYY-MM-DD`, comma and space separated, oldest first; `parse_date_list` reads it back.
pub fn format_date_list(dates: &BTreeSet<NaiveDate>) -> String {
    let mut out = String::with_capacity(dates.len() * 12);
    for (i, d) in dates.iter().enumerate() {
        if i > 0 {
            out.push_str(", ");
        }
        let _ = write!(out, "{}", d.format("%Y-%m-%d"));
    }
    out
}

fn parse_date_item(item: &str) -> Result<NaiveDate, String> {
    let numbers = |sep: char, widths: [(usize, usize); 3]| -> Option<[u32; 3]> {
        let mut parts = item.split(sep);
        let mut out = [0u32; 3];
        for (slot, (min, max)) in out.iter_mut().zip(widths) {
            let part = parts.next()?;
            if part.len() < min || part.len() > max || !part.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            *slot = part.parse().ok()?;
        }
        parts.next().is_none().then_some(out)
    };
    let ymd = if let Some([y, m, d]) = numbers('-', [(4, 4), (1, 2), (1, 2)]) {
        (y, m, d)
    } else if let Some([d, m, y]) = numbers('.', [(1, 2), (1, 2), (4, 4)]) {
        (y, m, d)
    } else {
        return Err(format!("'{item}' is not a date (write 2026-12-31 or 31.12.2026)"));
    };
    let (y, m, d) = ymd;
    NaiveDate::from_ymd_opt(y as i32, m, d).ok_or_else(|| format!("'{item}' is not a date"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Weekday;

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    /// 2026 at `m`-`d` `h`:`min`.
    fn at(m: u32, d: u32, h: u32, min: u32) -> NaiveDateTime {
        date(2026, m, d).and_hms_opt(h, min, 0).unwrap()
    }

    fn hm(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    fn with_holidays(holidays: &[NaiveDate], extra: &[NaiveDate]) -> WorkCalendar {
        WorkCalendar {
            holidays: holidays.iter().copied().collect(),
            extra_workdays: extra.iter().copied().collect(),
            ..WorkCalendar::default()
        }
    }

    /// A small deterministic generator (64-bit LCG, high bits out).
    struct Lcg(u64);

    impl Lcg {
        fn next(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            self.0 >> 33
        }

        fn below(&mut self, n: u64) -> u64 {
            self.next() % n
        }
    }

    /// Several calendars to run the property tests on.
    fn calendars() -> Vec<WorkCalendar> {
        let short = WorkCalendar {
            workdays: [true, false, true, false, true, true, false],
            day_start: hm(8, 30),
            day_end: hm(17, 15),
            holidays: [date(2026, 12, 2), date(2026, 12, 25), date(2027, 1, 1)].into(),
            extra_workdays: [date(2026, 11, 29), date(2026, 12, 27)].into(),
        };
        vec![
            WorkCalendar::default(),
            with_holidays(
                &[
                    date(2026, 12, 8),
                    date(2026, 12, 24),
                    date(2026, 12, 25),
                    date(2026, 12, 31),
                ],
                &[date(2026, 11, 28), date(2026, 12, 19)],
            ),
            short,
            WorkCalendar {
                workdays: [false, false, false, false, false, false, true],
                day_start: hm(0, 0),
                day_end: hm(23, 59),
                ..WorkCalendar::default()
            },
        ]
    }

    /// The slow, obviously right count: one working day at a time, one minute at a time.
    fn naive_minutes_between(cal: &WorkCalendar, a: NaiveDateTime, b: NaiveDateTime) -> i64 {
        let mut n = 0;
        let mut t = a;
        while t + TimeDelta::minutes(1) <= b {
            if cal.is_working_day(t.date()) && t.time() >= cal.day_start && t.time() < cal.day_end {
                n += 1;
            }
            t += TimeDelta::minutes(1);
        }
        n
    }

    #[test]
    fn the_dates_used_here_fall_on_the_expected_weekdays() {
        assert_eq!(date(2026, 11, 23).weekday(), Weekday::Mon);
        assert_eq!(date(2026, 11, 28).weekday(), Weekday::Sat);
        assert_eq!(date(2026, 11, 29).weekday(), Weekday::Sun);
        assert_eq!(date(2026, 12, 8).weekday(), Weekday::Tue);
        assert_eq!(date(2026, 12, 25).weekday(), Weekday::Fri);
    }

    #[test]
    fn default_is_monday_to_friday_nine_to_six() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.minutes_per_day(), 540);
        assert_eq!(cal.validate(), Ok(()));
        let week: Vec<bool> = (23..=29).map(|d| cal.is_working_day(date(2026, 11, d))).collect();
        assert_eq!(week, [true, true, true, true, true, false, false]);
    }

    #[test]
    fn validate_names_the_problem() {
        let mut cal = WorkCalendar {
            day_start: hm(18, 0),
            day_end: hm(9, 0),
            ..WorkCalendar::default()
        };
        let err = cal.validate().unwrap_err();
        assert!(err.contains("must start before it ends"), "{err}");
        assert!(err.contains("18:00") && err.contains("09:00"), "{err}");
        cal.day_end = hm(18, 0);
        assert!(cal.validate().unwrap_err().contains("start before it ends"));
        cal.day_start = hm(9, 0);
        assert_eq!(cal.validate(), Ok(()));

        cal.workdays = [false; 7];
        let err = cal.validate().unwrap_err();
        assert!(err.contains("at least one working weekday"), "{err}");
        cal.extra_workdays.insert(date(2026, 11, 28));
        assert_eq!(cal.validate(), Ok(()));

        cal.holidays.insert(date(2026, 11, 28));
        let err = cal.validate().unwrap_err();
        assert!(
            err.contains("2026-11-28 is both a holiday and an extra working day"),
            "{err}"
        );
    }

    #[test]
    fn minutes_per_day_of_odd_hours() {
        let mut cal = WorkCalendar {
            day_start: hm(8, 30),
            day_end: hm(17, 15),
            ..WorkCalendar::default()
        };
        assert_eq!(cal.minutes_per_day(), 525);
        cal.day_end = hm(8, 0);
        assert_eq!(cal.minutes_per_day(), 0);
    }

    #[test]
    fn holidays_and_extra_days() {
        let cal = with_holidays(
            &[date(2026, 12, 8), date(2026, 12, 12), date(2026, 12, 19)],
            &[date(2026, 11, 28), date(2026, 12, 19)],
        );
        assert!(!cal.is_working_day(date(2026, 12, 8)), "a holiday on a Tuesday");
        assert!(
            !cal.is_working_day(date(2026, 12, 12)),
            "a holiday on a Saturday stays off"
        );
        assert!(cal.is_working_day(date(2026, 11, 28)), "a working Saturday");
        assert!(!cal.is_working_day(date(2026, 11, 29)), "the Sunday after it");
        assert!(
            !cal.is_working_day(date(2026, 12, 19)),
            "holiday wins when in both lists"
        );
        assert!(cal.is_working_day(date(2026, 12, 9)));
    }

    #[test]
    fn next_working_moment_cases() {
        let cal = WorkCalendar::default();
        // inside hours: itself, seconds and all
        let inside = date(2026, 11, 24).and_hms_opt(11, 12, 13).unwrap();
        assert_eq!(cal.next_working_moment(inside), inside);
        assert_eq!(cal.next_working_moment(at(11, 24, 9, 0)), at(11, 24, 9, 0));
        assert_eq!(cal.next_working_moment(at(11, 24, 17, 59)), at(11, 24, 17, 59));
        // before opening
        assert_eq!(cal.next_working_moment(at(11, 24, 7, 30)), at(11, 24, 9, 0));
        assert_eq!(cal.next_working_moment(at(11, 24, 0, 0)), at(11, 24, 9, 0));
        // at and after closing
        assert_eq!(cal.next_working_moment(at(11, 24, 18, 0)), at(11, 25, 9, 0));
        assert_eq!(cal.next_working_moment(at(11, 24, 23, 59)), at(11, 25, 9, 0));
        // Friday evening, Saturday, Sunday → Monday
        assert_eq!(cal.next_working_moment(at(11, 27, 18, 30)), at(11, 30, 9, 0));
        assert_eq!(cal.next_working_moment(at(11, 28, 10, 0)), at(11, 30, 9, 0));
        assert_eq!(cal.next_working_moment(at(11, 29, 12, 0)), at(11, 30, 9, 0));
        // a holiday Tuesday → Wednesday; a working Saturday is a working day
        let cal = with_holidays(&[date(2026, 12, 8)], &[date(2026, 11, 28)]);
        assert_eq!(cal.next_working_moment(at(12, 7, 19, 0)), at(12, 9, 9, 0));
        assert_eq!(cal.next_working_moment(at(12, 8, 10, 0)), at(12, 9, 9, 0));
        assert_eq!(cal.next_working_moment(at(11, 27, 18, 0)), at(11, 28, 9, 0));
        assert_eq!(cal.next_working_moment(at(11, 28, 10, 0)), at(11, 28, 10, 0));
    }

    #[test]
    fn add_working_minutes_within_a_day_and_at_closing() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_working_minutes(at(11, 24, 10, 0), 0), at(11, 24, 10, 0));
        assert_eq!(cal.add_working_minutes(at(11, 24, 10, 0), 95), at(11, 24, 11, 35));
        // exactly to closing: stays at 18:00 of that day
        assert_eq!(cal.add_working_minutes(at(11, 24, 10, 0), 480), at(11, 24, 18, 0));
        assert_eq!(cal.add_working_minutes(at(11, 24, 9, 0), 540), at(11, 24, 18, 0));
        // one more minute rolls to the next morning
        assert_eq!(cal.add_working_minutes(at(11, 24, 10, 0), 481), at(11, 25, 9, 1));
        // counting starts at the next working moment
        assert_eq!(cal.add_working_minutes(at(11, 24, 18, 0), 0), at(11, 25, 9, 0));
        assert_eq!(cal.add_working_minutes(at(11, 24, 7, 0), 60), at(11, 24, 10, 0));
        // negative counts as zero
        assert_eq!(cal.add_working_minutes(at(11, 24, 7, 0), -60), at(11, 24, 9, 0));
        // a Friday ending exactly at closing stays on Friday
        assert_eq!(cal.add_working_minutes(at(11, 27, 16, 0), 120), at(11, 27, 18, 0));
        // seconds ride along
        let t = date(2026, 11, 24).and_hms_opt(17, 59, 30).unwrap();
        assert_eq!(
            cal.add_working_minutes(t, 1),
            date(2026, 11, 25).and_hms_opt(9, 0, 30).unwrap()
        );
    }

    #[test]
    fn eight_hours_across_a_night_and_a_weekend() {
        let cal = WorkCalendar::default();
        // Friday 16:00 + 8 h: 2 h on Friday, 6 h on Monday
        assert_eq!(cal.add_working_minutes(at(11, 27, 16, 0), 480), at(11, 30, 15, 0));
        // Tuesday 15:00 + 8 h: 3 h on Tuesday, 5 h on Wednesday
        assert_eq!(cal.add_working_minutes(at(11, 24, 15, 0), 480), at(11, 25, 14, 0));
        // before opening, after closing, on a Sunday
        assert_eq!(cal.add_working_minutes(at(11, 23, 7, 30), 480), at(11, 23, 17, 0));
        assert_eq!(cal.add_working_minutes(at(11, 23, 19, 0), 480), at(11, 24, 17, 0));
        assert_eq!(cal.add_working_minutes(at(11, 29, 12, 0), 480), at(11, 30, 17, 0));
        // a working Saturday takes the remainder
        let cal = with_holidays(&[], &[date(2026, 11, 28)]);
        assert_eq!(cal.add_working_minutes(at(11, 27, 16, 0), 480), at(11, 28, 15, 0));
        // a holiday Monday pushes it to Tuesday
        let cal = with_holidays(&[date(2026, 11, 30)], &[]);
        assert_eq!(cal.add_working_minutes(at(11, 27, 16, 0), 480), at(12, 1, 15, 0));
    }

    #[test]
    fn add_working_minutes_over_whole_weeks() {
        let cal = WorkCalendar::default();
        let week = 5 * 540;
        // exactly one week from Monday morning ends on Friday at closing
        assert_eq!(cal.add_working_minutes(at(11, 23, 9, 0), week), at(11, 27, 18, 0));
        assert_eq!(
            cal.add_working_minutes(at(11, 23, 9, 0), week + 1),
            at(11, 30, 9, 1)
        );
        assert_eq!(
            cal.add_working_minutes(at(11, 23, 9, 0), 3 * week),
            at(12, 11, 18, 0)
        );
        // a thousand weeks, from the middle of a Wednesday
        let t = at(11, 25, 12, 0);
        let later = cal.add_working_minutes(t, 1000 * week);
        assert_eq!(later, t + TimeDelta::weeks(1000));
        assert_eq!(cal.working_minutes_between(t, later), 1000 * week);
        // nonsense amounts still terminate (the calendar runs past chrono's last date)
        assert_eq!(cal.add_working_minutes(t, i64::MAX), t);
        assert_eq!(cal.add_working_days(t, i64::MAX), t);
    }

    #[test]
    fn add_working_days_keeps_the_time_of_day() {
        let cal = WorkCalendar::default();
        assert_eq!(cal.add_working_days(at(11, 24, 10, 0), 0), at(11, 24, 10, 0));
        assert_eq!(cal.add_working_days(at(11, 24, 10, 0), 1), at(11, 25, 10, 0));
        assert_eq!(cal.add_working_days(at(11, 27, 10, 0), 1), at(11, 30, 10, 0));
        assert_eq!(cal.add_working_days(at(11, 24, 10, 0), -3), at(11, 24, 10, 0));
        // 14 working days from Monday 10:00 → Friday two weeks later
        assert_eq!(cal.add_working_days(at(11, 23, 10, 0), 14), at(12, 11, 10, 0));
        // received on a Sunday or after hours: start from the next morning
        assert_eq!(cal.add_working_days(at(11, 29, 15, 0), 0), at(11, 30, 9, 0));
        assert_eq!(cal.add_working_days(at(11, 29, 15, 0), 14), at(12, 18, 9, 0));
        assert_eq!(cal.add_working_days(at(11, 23, 19, 0), 1), at(11, 25, 9, 0));
        // before opening keeps the opening time
        assert_eq!(cal.add_working_days(at(11, 23, 6, 0), 2), at(11, 25, 9, 0));
    }

    #[test]
    fn fourteen_working_days_across_a_holiday() {
        let holiday = with_holidays(&[date(2026, 12, 8)], &[]);
        assert_eq!(holiday.add_working_days(at(11, 23, 10, 0), 14), at(12, 14, 10, 0));
        // a holiday on a Saturday changes nothing
        let saturday = with_holidays(&[date(2026, 12, 5)], &[]);
        assert_eq!(
            saturday.add_working_days(at(11, 23, 10, 0), 14),
            at(12, 11, 10, 0)
        );
        // a working Saturday takes one of the days back
        let both = with_holidays(&[date(2026, 12, 8)], &[date(2026, 12, 5)]);
        assert_eq!(both.add_working_days(at(11, 23, 10, 0), 14), at(12, 11, 10, 0));
        // Christmas and New Year's Eve off
        let xmas = with_holidays(&[date(2026, 12, 24), date(2026, 12, 25), date(2026, 12, 31)], &[]);
        // 14 from Fri 18 Dec: 21 22 23 28 29 30 | 1 4 5 6 7 8 11 12 Jan
        assert_eq!(
            xmas.add_working_days(at(12, 18, 11, 0), 14),
            date(2027, 1, 12).and_hms_opt(11, 0, 0).unwrap()
        );
    }

    #[test]
    fn add_working_days_matches_stepping_one_day_at_a_time() {
        let mut rng = Lcg(7);
        for cal in calendars() {
            for _ in 0..200 {
                let t = at(11, 1, 0, 0) + TimeDelta::minutes(rng.below(90 * 24 * 60) as i64);
                let days = rng.below(700) as i64;
                let start = cal.next_working_moment(t);
                let mut d = start.date();
                for _ in 0..days {
                    d = d.succ_opt().unwrap();
                    while !cal.is_working_day(d) {
                        d = d.succ_opt().unwrap();
                    }
                }
                assert_eq!(
                    cal.add_working_days(t, days),
                    d.and_time(start.time()),
                    "{t} + {days} d"
                );
            }
        }
    }

    #[test]
    fn working_minutes_between_basics() {
        let cal = WorkCalendar::default();
        assert_eq!(
            cal.working_minutes_between(at(11, 24, 10, 0), at(11, 24, 10, 0)),
            0
        );
        assert_eq!(
            cal.working_minutes_between(at(11, 24, 10, 0), at(11, 24, 12, 30)),
            150
        );
        assert_eq!(
            cal.working_minutes_between(at(11, 24, 12, 30), at(11, 24, 10, 0)),
            -150
        );
        // outside hours counts nothing
        assert_eq!(
            cal.working_minutes_between(at(11, 24, 18, 0), at(11, 25, 9, 0)),
            0
        );
        assert_eq!(cal.working_minutes_between(at(11, 28, 0, 0), at(11, 30, 0, 0)), 0);
        // Friday 16:00 → Monday 15:00 is 8 hours
        assert_eq!(
            cal.working_minutes_between(at(11, 27, 16, 0), at(11, 30, 15, 0)),
            480
        );
        assert_eq!(
            cal.working_minutes_between(at(11, 30, 15, 0), at(11, 27, 16, 0)),
            -480
        );
        // from before opening to after closing of the same day: the whole day
        assert_eq!(
            cal.working_minutes_between(at(11, 24, 6, 0), at(11, 24, 22, 0)),
            540
        );
        // a working Saturday and a holiday
        let cal = with_holidays(&[date(2026, 11, 30)], &[date(2026, 11, 28)]);
        assert_eq!(
            cal.working_minutes_between(at(11, 27, 0, 0), at(12, 1, 0, 0)),
            1080
        );
        // partial minutes are truncated toward zero in both directions
        let cal = WorkCalendar::default();
        let a = date(2026, 11, 24).and_hms_opt(10, 0, 0).unwrap();
        let b = date(2026, 11, 24).and_hms_opt(10, 2, 59).unwrap();
        assert_eq!(cal.working_minutes_between(a, b), 2);
        assert_eq!(cal.working_minutes_between(b, a), -2);
    }

    #[test]
    fn working_minutes_over_a_year() {
        let cal = WorkCalendar::default();
        // 2026 starts on a Thursday: 52 whole weeks and one more Thursday
        let a = date(2026, 1, 1).and_hms_opt(0, 0, 0).unwrap();
        let b = date(2027, 1, 1).and_hms_opt(0, 0, 0).unwrap();
        assert_eq!(cal.working_minutes_between(a, b), 261 * 540);
        assert_eq!(cal.working_minutes_between(b, a), -261 * 540);
        let cal = with_holidays(
            &[date(2026, 1, 1), date(2026, 12, 25), date(2026, 6, 6)],
            &[date(2026, 6, 6)],
        );
        assert_eq!(cal.working_minutes_between(a, b), 259 * 540);
        // a century is still quick and exact
        let far = date(2126, 1, 1).and_hms_opt(0, 0, 0).unwrap();
        let weekdays = a
            .date()
            .iter_days()
            .take_while(|d| *d < far.date())
            .filter(|d| d.weekday().number_from_monday() <= 5)
            .count() as i64;
        let cal = WorkCalendar::default();
        assert_eq!(cal.working_minutes_between(a, far), weekdays * 540);
        assert_eq!(cal.working_minutes_between(far, a), -weekdays * 540);
    }

    #[test]
    fn working_minutes_between_matches_a_minute_by_minute_count() {
        let mut rng = Lcg(42);
        for cal in calendars() {
            for _ in 0..60 {
                let a = at(11, 20, 0, 0) + TimeDelta::minutes(rng.below(20 * 24 * 60) as i64);
                let b = a + TimeDelta::minutes(rng.below(12 * 24 * 60) as i64);
                let n = naive_minutes_between(&cal, a, b);
                assert_eq!(cal.working_minutes_between(a, b), n, "{a} → {b}");
                assert_eq!(cal.working_minutes_between(b, a), -n, "{b} → {a}");
            }
        }
    }

    #[test]
    fn between_undoes_add_for_many_random_starts() {
        let mut rng = Lcg(2026);
        for cal in calendars() {
            for i in 0..500 {
                let raw = at(11, 1, 0, 0) + TimeDelta::minutes(rng.below(120 * 24 * 60) as i64);
                let t = cal.next_working_moment(raw);
                assert_eq!(cal.next_working_moment(t), t, "a working moment is its own next");
                // mostly small counts, sometimes a year or more
                let m = match i % 4 {
                    0 => rng.below(600),
                    1 => rng.below(5_000),
                    2 => rng.below(60_000),
                    _ => rng.below(400_000),
                } as i64;
                let end = cal.add_working_minutes(t, m);
                assert!(end >= t);
                assert_eq!(cal.working_minutes_between(t, end), m, "{t} + {m} min = {end}");
                assert_eq!(cal.working_minutes_between(end, t), -m, "{end} - {m} min = {t}");
                // the raw start counts from its next working moment
                assert_eq!(cal.add_working_minutes(raw, m), end);
            }
        }
    }

    #[test]
    fn between_is_antisymmetric_and_additive() {
        let mut rng = Lcg(99);
        for cal in calendars() {
            for _ in 0..300 {
                let mut p = [0u64; 3].map(|_| rng.below(200 * 24 * 60));
                p.sort();
                let [a, b, c] = p.map(|m| at(11, 1, 0, 0) + TimeDelta::minutes(m as i64));
                let ab = cal.working_minutes_between(a, b);
                let bc = cal.working_minutes_between(b, c);
                assert!(ab >= 0 && bc >= 0);
                assert_eq!(cal.working_minutes_between(a, c), ab + bc);
                assert_eq!(cal.working_minutes_between(c, a), -(ab + bc));
            }
        }
    }

    #[test]
    fn calendars_without_working_time_terminate() {
        let t = at(11, 24, 10, 0);
        let later = at(12, 24, 10, 0);
        let no_days = WorkCalendar {
            workdays: [false; 7],
            ..WorkCalendar::default()
        };
        let no_hours = WorkCalendar {
            day_start: hm(18, 0),
            day_end: hm(9, 0),
            ..WorkCalendar::default()
        };
        let all_off = WorkCalendar {
            holidays: (0..4000).map(|i| date(2026, 11, 1) + Days::new(i)).collect(),
            ..WorkCalendar::default()
        };
        for cal in [no_days, no_hours, all_off] {
            assert_eq!(cal.next_working_moment(t), t);
            assert_eq!(cal.add_working_minutes(t, 60), t);
            assert_eq!(cal.add_working_days(t, 3), t);
            assert_eq!(cal.working_minutes_between(t, later), 0);
            assert_eq!(cal.working_minutes_between(later, t), 0);
        }
        // one extra working day, then nothing: counting past it gives up
        let once = WorkCalendar {
            workdays: [false; 7],
            extra_workdays: [date(2026, 11, 28)].into(),
            ..WorkCalendar::default()
        };
        assert_eq!(once.validate(), Ok(()));
        assert_eq!(once.next_working_moment(t), at(11, 28, 9, 0));
        assert_eq!(once.add_working_minutes(t, 60), at(11, 28, 10, 0));
        assert_eq!(once.add_working_minutes(t, 540), at(11, 28, 18, 0));
        assert_eq!(once.add_working_minutes(t, 541), t);
        assert_eq!(once.add_working_days(t, 0), at(11, 28, 9, 0));
        assert_eq!(once.add_working_days(t, 1), t);
        assert_eq!(once.working_minutes_between(t, later), 540);
    }

    #[test]
    fn parse_date_list_accepts_both_forms_and_any_separator() {
        let set = parse_date_list("2026-12-31, 25.12.2026;2027-01-01\n 7.1.2027\t\r\n2026-12-31,,").unwrap();
        assert_eq!(
            set.into_iter().collect::<Vec<_>>(),
            [
                date(2026, 12, 25),
                date(2026, 12, 31),
                date(2027, 1, 1),
                date(2027, 1, 7)
            ]
        );
        assert_eq!(parse_date_list(""), Ok(BTreeSet::new()));
        assert_eq!(parse_date_list(" ,;\n "), Ok(BTreeSet::new()));
        assert_eq!(parse_date_list("2026-3-8"), Ok([date(2026, 3, 8)].into()));
    }

    #[test]
    fn parse_date_list_names_the_bad_item() {
        assert_eq!(
            parse_date_list("2026-12-31, 31.02.2026"),
            Err("'31.02.2026' is not a date".to_string())
        );
        assert_eq!(
            parse_date_list("2026-13-01"),
            Err("'2026-13-01' is not a date".to_string())
        );
        for bad in [
            "tomorrow",
            "2026/12/31",
            "31-12-2026",
            "12.31",
            "26-12-31",
            "31.12.26",
            "2026-12-31-1",
        ] {
            let err = parse_date_list(&format!("2026-12-25 {bad}")).unwrap_err();
            assert!(err.starts_with(&format!("'{bad}' is not a date")), "{err}");
        }
        assert!(parse_date_list("+2026-12-31").is_err());
        assert!(parse_date_list("2026-12-3x").is_err());
    }

    #[test]
    fn format_date_list_round_trips() {
        let set: BTreeSet<NaiveDate> = [date(2027, 1, 7), date(2026, 12, 25), date(2026, 12, 31)].into();
        let text = format_date_list(&set);
        assert_eq!(text, "2026-12-25, 2026-12-31, 2027-01-07");
        assert_eq!(parse_date_list(&text), Ok(set));
        assert_eq!(format_date_list(&BTreeSet::new()), "");
    }

    #[test]
    fn serde_round_trip_and_defaults_for_missing_fields() {
        let cal = with_holidays(&[date(2026, 12, 25)], &[date(2026, 11, 28)]);
        let json = serde_json::to_string(&cal).unwrap();
        assert_eq!(serde_json::from_str::<WorkCalendar>(&json).unwrap(), cal);
        let partial: WorkCalendar = serde_json::from_str(r#"{"day_end":"17:00:00"}"#).unwrap();
        assert_eq!(partial.day_end, hm(17, 0));
        assert_eq!(partial.day_start, hm(9, 0));
        assert_eq!(partial.workdays, WorkCalendar::default().workdays);
    }
}

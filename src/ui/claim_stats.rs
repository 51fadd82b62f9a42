//! Claim statistics for management: by kind, culprit, customer and person; share of orders
//! with a claim; answer times; charts and CSV export.
//!
//! Top: the period (presets, or two dates) and "Export CSV…". Then the summary figures, the
//! bar charts (kind, culprit, top 10 customers, people) and the trend, then the tables. The
//! figures are read once per period (and again when the data changed: `stale`), never per
//! frame. What each figure counts: [`crate::store::claim_stats::ClaimStats`].

use super::{Action, theme, widgets};
use crate::i18n::tr;
use crate::stats::{channel_label, culprit_label, decision_label, hours, kind_label, percent, status_label};
use crate::store::Store;
use crate::store::claim_stats::{ClaimStats, Tally};
use chrono::{Datelike, Duration, NaiveDate};
use egui::{Color32, RichText, Ui};
use egui_plot::{Bar, BarChart, GridMark, Legend, Line, Plot};
use std::path::PathBuf;
use std::time::Instant;

/// How many customers the customer chart shows (the table lists all).
const TOP_CUSTOMERS: usize = 10;
/// How many people the people chart shows.
const TOP_PEOPLE: usize = 10;
const CHART_HEIGHT: f32 = 220.0;
/// The figures are read again after this long on screen (claims fall late as time passes).
const REREAD_SECONDS: u64 = 300;

/// The period presets.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Preset {
    #[default]
    ThisMonth,
    LastMonth,
    ThisQuarter,
    ThisYear,
    Last30Days,
    /// The two dates typed.
    Custom,
}

impl Preset {
    pub const ALL: [Preset; 5] = [
        Preset::ThisMonth,
        Preset::LastMonth,
        Preset::ThisQuarter,
        Preset::ThisYear,
        Preset::Last30Days,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Preset::ThisMonth => tr("This month"),
            Preset::LastMonth => tr("Last month"),
            Preset::ThisQuarter => tr("This quarter"),
            Preset::ThisYear => tr("This year"),
            Preset::Last30Days => tr("Last 30 days"),
            Preset::Custom => tr("Dates typed"),
        }
    }

    /// The first and last day of the preset seen from `today` (periods up to today end today).
    pub fn range(self, today: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let first_of = |y: i32, m: u32| NaiveDate::from_ymd_opt(y, m, 1);
        Some(match self {
            Preset::ThisMonth => (first_of(today.year(), today.month())?, today),
            Preset::LastMonth => {
                let this = first_of(today.year(), today.month())?;
                let last = this - Duration::days(1);
                (first_of(last.year(), last.month())?, last)
            }
            Preset::ThisQuarter => {
                let m = (today.month() - 1) / 3 * 3 + 1;
                (first_of(today.year(), m)?, today)
            }
            Preset::ThisYear => (first_of(today.year(), 1)?, today),
            Preset::Last30Days => (today - Duration::days(29), today),
            Preset::Custom => return None,
        })
    }
}

/// A date as typed: `2026-11-23` or `23.11.2026`.
pub fn parse_day(s: &str) -> Option<NaiveDate> {
    let s = s.trim();
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .or_else(|_| NaiveDate::parse_from_str(s, "%d.%m.%Y"))
        .ok()
}

#[derive(Default)]
pub struct StatsPanel {
    /// The data changed: read the figures again at the next frame.
    pub stale: bool,
    preset: Preset,
    from_text: String,
    to_text: String,
    /// The period shown (set from a preset or the typed dates).
    period: Option<(NaiveDate, NaiveDate)>,
    /// The figures and the period they were read for.
    stats: Option<ClaimStats>,
    computed_for: Option<(NaiveDate, NaiveDate)>,
    computed_at: Option<Instant>,
    /// A refused period.
    error: Option<String>,
    /// A failed read.
    read_error: Option<String>,
    export: Option<Result<String, String>>,
    export_dir: Option<PathBuf>,
}

impl StatsPanel {
    pub fn ui(&mut self, ui: &mut Ui, store: &Store, actions: &mut Vec<Action>) {
        let today = chrono::Local::now().date_naive();
        // a preset follows the calendar (a new day, a new month)
        if self.preset != Preset::Custom && self.preset.range(today) != self.period {
            self.choose(self.preset, today);
        }
        ui.horizontal(|ui| {
            ui.label(theme::heading(tr("Claim statistics")));
            if let Some((from, to)) = self.period {
                ui.label(
                    RichText::new(format!(
                        "{} {} {} {}",
                        tr("received from"),
                        from.format("%d.%m.%Y"),
                        tr("to"),
                        to.format("%d.%m.%Y")
                    ))
                    .color(theme::muted(ui)),
                );
            }
        });
        self.period_bar(ui, today);
        self.refresh(store);
        for e in self.error.iter().chain(&self.read_error) {
            ui.colored_label(theme::danger(ui), format!("⚠ {e}"));
        }
        widgets::feedback(ui, &self.export);
        let Some(stats) = self.stats.as_ref() else {
            return;
        };
        ui.separator();
        egui::ScrollArea::vertical()
            .id_salt("claim_stats_scroll")
            .auto_shrink([false, false])
            .show(ui, |ui| {
                summary(ui, stats);
                ui.add_space(8.0);
                charts(ui, stats);
                ui.add_space(8.0);
                tables(ui, stats, actions);
            });
    }

    /// Sets the period from a preset and shows its dates in the fields.
    fn choose(&mut self, preset: Preset, today: NaiveDate) {
        self.preset = preset;
        if let Some((from, to)) = preset.range(today) {
            self.from_text = from.to_string();
            self.to_text = to.to_string();
            self.period = Some((from, to));
            self.error = None;
        }
    }

    /// The typed dates, checked.
    fn apply_typed(&mut self) {
        let from = parse_day(&self.from_text);
        let to = parse_day(&self.to_text);
        match (from, to) {
            (None, _) => {
                self.error = Some(format!(
                    "{}: {}",
                    tr("From"),
                    tr("type a date like 2026-11-01 or 01.11.2026")
                ))
            }
            (_, None) => {
                self.error = Some(format!(
                    "{}: {}",
                    tr("To"),
                    tr("type a date like 2026-11-01 or 01.11.2026")
                ))
            }
            (Some(f), Some(t)) if f > t => {
                self.error = Some(tr("The first day is after the last day: swap the dates").to_string())
            }
            (Some(f), Some(t)) => {
                self.preset = Preset::Custom;
                self.period = Some((f, t));
                self.error = None;
            }
        }
    }

    fn period_bar(&mut self, ui: &mut Ui, today: NaiveDate) {
        ui.horizontal_wrapped(|ui| {
            for p in Preset::ALL {
                if ui.selectable_label(self.preset == p, p.label()).clicked() {
                    self.choose(p, today);
                }
            }
            ui.separator();
            let mut enter = false;
            for (salt, label, text) in [
                ("claim_stats_from", tr("From"), &mut self.from_text),
                ("claim_stats_to", tr("To"), &mut self.to_text),
            ] {
                let l = ui.label(label);
                let r = ui
                    .add(
                        egui::TextEdit::singleline(text)
                            .id_salt(salt)
                            .hint_text("2026-11-01")
                            .desired_width(96.0),
                    )
                    .labelled_by(l.id);
                enter |= r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            }
            if ui.button(tr("Show")).clicked() || enter {
                self.apply_typed();
            }
            ui.separator();
            let can_export = self.stats.is_some();
            if ui
                .add_enabled(can_export, egui::Button::new(tr("Export CSV…")))
                .on_hover_text(tr("Save the figures as a CSV file for Excel"))
                .clicked()
                && let Some(stats) = &self.stats
            {
                let stats = stats.clone();
                self.export_csv(&stats);
            }
        });
    }

    /// Reads the figures when the period changed or the data did.
    fn refresh(&mut self, store: &Store) {
        let Some(period) = self.period else {
            return;
        };
        // "late" is judged at the moment of reading: read again now and then
        let old = self
            .computed_at
            .is_none_or(|t| t.elapsed() > std::time::Duration::from_secs(REREAD_SECONDS));
        if self.computed_for == Some(period) && !self.stale && !old {
            return;
        }
        self.stale = false;
        self.computed_for = Some(period);
        self.computed_at = Some(Instant::now());
        match store.claim_stats(period.0, period.1, crate::stats::now_local()) {
            Ok(s) => {
                self.stats = Some(s);
                self.read_error = None;
            }
            Err(e) => {
                self.stats = None;
                self.read_error = Some(e.to_string());
            }
        }
    }

    /// Asks where to save and writes the CSV table (small: written at once).
    fn export_csv(&mut self, stats: &ClaimStats) {
        let name = format!("claim-statistics-{}-{}.csv", stats.from, stats.to);
        let mut dialog = rfd::FileDialog::new()
            .set_title(tr("Export CSV…"))
            .add_filter("CSV", &["csv"])
            .set_file_name(name);
        if let Some(dir) = self.export_dir.as_ref().filter(|d| d.is_dir()) {
            dialog = dialog.set_directory(dir);
        }
        let asked = Instant::now();
        let Some(mut path) = dialog.save_file() else {
            if asked.elapsed() < std::time::Duration::from_millis(400) {
                self.export = Some(Err(tr(
                    "The file dialog could not open on this system; nothing was exported.",
                )
                .to_string()));
            }
            return;
        };
        if path.extension().is_none() {
            path.set_extension("csv");
        }
        self.export_dir = path.parent().map(|p| p.to_path_buf());
        let table = crate::stats::csv_table(stats);
        self.export = Some(
            crate::export::write_csv(&table, &path)
                .map(|()| format!("{} {}", tr("Saved:"), path.display()))
                .map_err(|e| e.to_string()),
        );
    }
}

/// The summary row: one figure per box.
fn summary(ui: &mut Ui, s: &ClaimStats) {
    let mean = hours(s.mean_answer_hours);
    let share = percent(s.share_of_orders);
    let figures: [(&str, String, String, Option<Color32>); 6] = [
        (
            tr("Claims"),
            s.total.to_string(),
            format!("{} {}", s.cancelled, tr("cancelled, not counted")),
            None,
        ),
        (
            tr("Internal"),
            s.internal.to_string(),
            tr("found at picking control").to_string(),
            None,
        ),
        (
            tr("Orders with a claim"),
            share,
            format!("{} {} {}", s.orders_with_claim, tr("of"), s.orders),
            None,
        ),
        (
            tr("Answered claims"),
            s.answered.to_string(),
            format!("{} {}", s.answered_on_time, tr("on time")),
            None,
        ),
        (
            tr("Mean answer"),
            mean,
            tr("working hours to the first answer").to_string(),
            None,
        ),
        (
            tr("Late"),
            s.late.to_string(),
            format!(
                "{} {}, {} {}",
                s.late_answered,
                tr("answered late"),
                s.late_open,
                tr("open past due")
            ),
            (s.late > 0).then(|| theme::danger(ui)),
        ),
    ];
    ui.horizontal_wrapped(|ui| {
        for (title, value, note, color) in figures {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.set_min_width(150.0);
                ui.vertical(|ui| {
                    ui.label(RichText::new(title).color(theme::muted(ui)));
                    let mut v = RichText::new(value).size(22.0).strong();
                    if let Some(c) = color {
                        v = v.color(c);
                    }
                    ui.label(v);
                    ui.label(RichText::new(note).small().color(theme::muted(ui)));
                });
            });
        }
    });
}

fn labelled(list: &[Tally], label: fn(&str) -> String) -> Vec<(String, f64)> {
    list.iter().map(|t| (label(&t.key), t.count as f64)).collect()
}

fn clip(s: &str, n: usize) -> String {
    if s.chars().count() <= n {
        s.to_string()
    } else {
        let mut t: String = s.chars().take(n.saturating_sub(1)).collect();
        t.push('…');
        t
    }
}

/// A horizontal bar chart of named counts, the first item on top.
fn bar_chart(ui: &mut Ui, id: &str, title: &str, items: Vec<(String, f64)>, color: Color32) {
    ui.vertical(|ui| {
        ui.strong(title);
        if items.iter().all(|(_, v)| *v <= 0.0) {
            ui.label(RichText::new(tr("No claims in the period")).color(theme::muted(ui)));
            return;
        }
        let n = items.len();
        let names: Vec<String> = items.iter().map(|(name, _)| clip(name, 26)).collect();
        let bars: Vec<Bar> = items
            .iter()
            .enumerate()
            .map(|(i, (name, v))| Bar::new((n - 1 - i) as f64, *v).name(name).width(0.7).fill(color))
            .collect();
        let max = items.iter().map(|(_, v)| *v).fold(0.0, f64::max);
        Plot::new(id)
            .height(CHART_HEIGHT.max(22.0 * n as f32))
            .allow_zoom(false)
            .allow_drag(false)
            .allow_scroll(false)
            .allow_boxed_zoom(false)
            .allow_double_click_reset(false)
            .show_x(false)
            .show_y(false)
            .include_x(0.0)
            .include_x(max * 1.1)
            .include_y(-0.6)
            .include_y(n as f64 - 0.4)
            .y_axis_min_width(170.0)
            .y_grid_spacer(move |_| {
                (0..n)
                    .map(|i| GridMark {
                        value: i as f64,
                        step_size: 1.0,
                    })
                    .collect()
            })
            .y_axis_formatter(move |mark, _| {
                let i = mark.value.round();
                if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                    names[n - 1 - i as usize].clone()
                } else {
                    String::new()
                }
            })
            .x_axis_formatter(|mark, _| {
                if mark.value.fract().abs() < 1e-6 && mark.value >= 0.0 {
                    format!("{}", mark.value as i64)
                } else {
                    String::new()
                }
            })
            .show(ui, |p| {
                p.bar_chart(
                    BarChart::new(title, bars)
                        .horizontal()
                        .color(color)
                        .element_formatter(Box::new(|b, _| format!("{}: {}", b.name, b.value))),
                );
            });
    });
}

fn charts(ui: &mut Ui, s: &ClaimStats) {
    let blue = Color32::from_rgb(70, 130, 200);
    let orange = Color32::from_rgb(220, 130, 50);
    let green = Color32::from_rgb(80, 160, 100);
    let red = Color32::from_rgb(200, 70, 70);
    ui.columns(2, |cols| {
        bar_chart(
            &mut cols[0],
            "claim_stats_kind",
            tr("By kind"),
            labelled(&s.by_kind, kind_label),
            blue,
        );
        bar_chart(
            &mut cols[1],
            "claim_stats_culprit",
            tr("By culprit"),
            labelled(&s.by_culprit, culprit_label),
            orange,
        );
    });
    ui.add_space(6.0);
    ui.columns(2, |cols| {
        let customers = s
            .by_customer
            .iter()
            .take(TOP_CUSTOMERS)
            .map(|c| (format!("{} {}", c.code, c.name), c.count as f64))
            .collect();
        bar_chart(
            &mut cols[0],
            "claim_stats_customers",
            tr("Top 10 customers"),
            customers,
            green,
        );
        let people = s
            .by_person
            .iter()
            .take(TOP_PEOPLE)
            .map(|p| (format!("{} ({})", p.name, culprit_label(&p.role)), p.count as f64))
            .collect();
        bar_chart(&mut cols[1], "claim_stats_people", tr("By person"), people, red);
    });
    ui.add_space(6.0);
    trend_chart(ui, s, blue, orange, red);
}

/// Claims per week or month: external and internal stacked, late as a line.
fn trend_chart(ui: &mut Ui, s: &ClaimStats, blue: Color32, orange: Color32, red: Color32) {
    let title = if s.trend_step == "month" {
        tr("Claims per month")
    } else {
        tr("Claims per week")
    };
    ui.strong(title);
    let n = s.trend.len();
    let starts: Vec<String> = s
        .trend
        .iter()
        .map(|p| p.start.format("%d.%m").to_string())
        .collect();
    let external: Vec<Bar> = s
        .trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Bar::new(i as f64, p.external as f64).width(0.6).name(format!(
                "{} … {}",
                p.start.format("%d.%m"),
                p.end.format("%d.%m")
            ))
        })
        .collect();
    let internal: Vec<Bar> = s
        .trend
        .iter()
        .enumerate()
        .map(|(i, p)| {
            Bar::new(i as f64, p.internal as f64).width(0.6).name(format!(
                "{} … {}",
                p.start.format("%d.%m"),
                p.end.format("%d.%m")
            ))
        })
        .collect();
    let late: Vec<[f64; 2]> = s
        .trend
        .iter()
        .enumerate()
        .map(|(i, p)| [i as f64, p.late as f64])
        .collect();
    let max = s.trend.iter().map(|p| p.total.max(p.late)).max().unwrap_or(0) as f64;
    let external_name = tr("From clients");
    let internal_name = tr("Internal");
    let late_name = tr("Late");
    Plot::new("claim_stats_trend")
        .height(CHART_HEIGHT)
        .legend(Legend::default())
        .allow_zoom(false)
        .allow_drag(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .show_x(false)
        .show_y(false)
        .include_y(0.0)
        .include_y(max.max(1.0) * 1.15)
        .include_x(-0.6)
        .include_x(n as f64 - 0.4)
        .x_grid_spacer(move |_| {
            let every = n.div_ceil(16).max(1);
            (0..n)
                .step_by(every)
                .map(|i| GridMark {
                    value: i as f64,
                    step_size: every as f64,
                })
                .collect()
        })
        .x_axis_formatter(move |mark, _| {
            let i = mark.value.round();
            if (mark.value - i).abs() < 1e-6 && i >= 0.0 && (i as usize) < n {
                starts[i as usize].clone()
            } else {
                String::new()
            }
        })
        .show(ui, |p| {
            let ext = BarChart::new(external_name, external).color(blue);
            let int = BarChart::new(internal_name, internal)
                .color(orange)
                .stack_on(&[&ext]);
            p.bar_chart(ext);
            p.bar_chart(int);
            p.line(Line::new(late_name, late).color(red).width(2.0));
        });
}

/// One table of a breakdown: name, count, share.
fn tally_table(ui: &mut Ui, id: &str, title: &str, list: &[Tally], label: fn(&str) -> String) {
    ui.vertical(|ui| {
        ui.strong(title);
        egui::Grid::new(id).striped(true).num_columns(3).show(ui, |ui| {
            for t in list.iter().filter(|t| t.count > 0) {
                ui.label(label(&t.key));
                ui.label(t.count.to_string());
                ui.label(percent(t.share));
                ui.end_row();
            }
        });
        if list.iter().all(|t| t.count == 0) {
            ui.label(RichText::new(tr("No claims in the period")).color(theme::muted(ui)));
        }
    });
}

fn tables(ui: &mut Ui, s: &ClaimStats, actions: &mut Vec<Action>) {
    ui.separator();
    ui.strong(tr("Answers by kind"));
    egui::Grid::new("claim_stats_answers")
        .striped(true)
        .num_columns(6)
        .show(ui, |ui| {
            for h in [
                tr("Kind"),
                tr("Claims"),
                tr("Share"),
                tr("Answered claims"),
                tr("Mean answer"),
                tr("Late"),
            ] {
                ui.label(RichText::new(h).strong());
            }
            ui.end_row();
            for k in &s.by_kind {
                let a = s.answers_by_kind.iter().find(|a| a.key == k.key);
                ui.label(kind_label(&k.key));
                ui.label(k.count.to_string());
                ui.label(percent(k.share));
                ui.label(a.map_or(0, |a| a.answered).to_string());
                ui.label(hours(a.and_then(|a| a.mean_answer_hours)));
                let late = a.map_or(0, |a| a.late);
                if late > 0 {
                    ui.colored_label(theme::danger(ui), late.to_string());
                } else {
                    ui.label("0");
                }
                ui.end_row();
            }
        });
    ui.add_space(8.0);
    ui.columns(4, |cols| {
        tally_table(
            &mut cols[0],
            "claim_stats_t_culprit",
            tr("By culprit"),
            &s.by_culprit,
            culprit_label,
        );
        tally_table(
            &mut cols[1],
            "claim_stats_t_decision",
            tr("By decision"),
            &s.by_decision,
            decision_label,
        );
        tally_table(
            &mut cols[2],
            "claim_stats_t_channel",
            tr("By channel"),
            &s.by_channel,
            channel_label,
        );
        tally_table(
            &mut cols[3],
            "claim_stats_t_status",
            tr("By status"),
            &s.by_status,
            status_label,
        );
    });
    ui.add_space(8.0);
    ui.columns(2, |cols| {
        let ui = &mut cols[0];
        ui.strong(tr("By customer"));
        egui::Grid::new("claim_stats_t_customers")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for c in &s.by_customer {
                    ui.label(&c.code);
                    if ui
                        .link(clip(&c.name, 40))
                        .on_hover_text(tr("Open the customer's card"))
                        .clicked()
                    {
                        actions.push(Action::OpenCustomer(c.customer_id));
                    }
                    ui.label(c.count.to_string());
                    ui.label(percent(c.share));
                    ui.end_row();
                }
            });
        if s.by_customer.is_empty() {
            ui.label(RichText::new(tr("No claims in the period")).color(theme::muted(ui)));
        }
        let ui = &mut cols[1];
        ui.strong(tr("By person"));
        egui::Grid::new("claim_stats_t_people")
            .striped(true)
            .num_columns(4)
            .show(ui, |ui| {
                for p in &s.by_person {
                    ui.label(&p.name);
                    ui.label(culprit_label(&p.role));
                    ui.label(p.count.to_string());
                    ui.label(percent(p.share));
                    ui.end_row();
                }
            });
        if s.by_person.is_empty() {
            ui.label(RichText::new(tr("No decision names one of our people")).color(theme::muted(ui)));
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn presets() {
        let today = d(2026, 2, 10);
        assert_eq!(Preset::ThisMonth.range(today), Some((d(2026, 2, 1), today)));
        assert_eq!(
            Preset::LastMonth.range(today),
            Some((d(2026, 1, 1), d(2026, 1, 31)))
        );
        assert_eq!(
            Preset::LastMonth.range(d(2026, 1, 5)),
            Some((d(2025, 12, 1), d(2025, 12, 31)))
        );
        assert_eq!(
            Preset::ThisQuarter.range(d(2026, 8, 20)),
            Some((d(2026, 7, 1), d(2026, 8, 20)))
        );
        assert_eq!(Preset::ThisYear.range(today), Some((d(2026, 1, 1), today)));
        assert_eq!(Preset::Last30Days.range(today), Some((d(2026, 1, 12), today)));
        assert_eq!(Preset::Custom.range(today), None);
        assert_eq!(parse_day("01.11.2026"), Some(d(2026, 11, 1)));
        assert_eq!(parse_day(" 2026-11-01 "), Some(d(2026, 11, 1)));
        assert_eq!(parse_day("1 Nov"), None);
    }
}

//! The dispatch board: a column per state with a card per order, or a sortable table of the
//! same orders; deadlines coloured; the warehouse queue; waves; moves by drag and drop, by a
//! card's context menu, or by keyboard (arrows select, a letter moves, see [`MOVE_KEYS`]);
//! printing from a card's menu, the wave strip, or Ctrl+P (the selection, or its whole wave).

use super::print::{OrderRef, PrintAction, Subject, What};
use super::{Action, BoardAction, theme, widgets};
use crate::domain::calendar::WorkCalendar;
use crate::domain::decimal::format_kg;
use crate::domain::order::{Channel, Move, MoveContext, OrderStatus, check_move, person_role};
use crate::domain::sla::{self, Deadline, Health, Stage, Targets};
use crate::i18n::{channel_label, status_label, tr};
use crate::store::board::IdMap;
use crate::store::{BOARD_STATUSES, BoardOrder, Store, WaveRow};
use chrono::{Local, NaiveDateTime};
use egui::{Color32, Key, Modifiers, RichText, Sense, Ui};
use std::collections::{BTreeSet, HashMap};
use std::time::{Duration, Instant};

/// The letter that moves the selected orders into a state.
pub const MOVE_KEYS: [(Key, OrderStatus); 10] = [
    (Key::A, OrderStatus::AwaitingConfirmation),
    (Key::H, OrderStatus::CreditHold),
    (Key::R, OrderStatus::Released),
    (Key::P, OrderStatus::Picking),
    (Key::C, OrderStatus::Checking),
    (Key::K, OrderStatus::Packed),
    (Key::S, OrderStatus::Shipped),
    (Key::D, OrderStatus::Delivered),
    (Key::U, OrderStatus::PickedUp),
    (Key::X, OrderStatus::Cancelled),
];

fn key_of(to: OrderStatus) -> Option<&'static str> {
    MOVE_KEYS.iter().find(|(_, s)| *s == to).map(|(k, _)| k.name())
}

/// Which deadlines the board shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
pub enum HealthFilter {
    #[default]
    All,
    Late,
    AtRisk,
    LateOrAtRisk,
}

/// The dispatcher's filters; they survive a restart (kept in the workstation's prefs).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize, Default)]
#[serde(default)]
pub struct BoardFilter {
    pub text: String,
    pub customer: String,
    pub route: String,
    pub channel: Option<Channel>,
    pub status: Option<OrderStatus>,
    pub from: String,
    pub to: String,
    pub health: HealthFilter,
    pub table_view: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum SortKey {
    Number,
    Customer,
    Route,
    Status,
    Lines,
    Boxes,
    Weight,
    Wanted,
    Deadline,
    Priority,
}

/// A filter's texts folded and its dates read, once per filtering rather than once per order.
struct Criteria {
    needle: String,
    customer: String,
    route: String,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
}

impl Criteria {
    fn of(f: &BoardFilter) -> Criteria {
        let fold = crate::domain::text::fold;
        Criteria {
            needle: fold(&f.text),
            customer: fold(&f.customer),
            route: fold(&f.route),
            from: super::intake::parse_date(&f.from),
            to: super::intake::parse_date(&f.to),
        }
    }
}

/// A move waiting for a name (picker, checker, packer) or a reason (cancelling).
#[derive(Debug, Clone)]
struct Prompt {
    /// Only moves the state machine allows once the name or reason is given.
    moves: Vec<Move>,
    wave: Option<(i64, i64)>,
    to: OrderStatus,
    text: String,
    focus: bool,
    /// Why the other selected orders will not move (shown in the prompt).
    refused: Vec<String>,
}

/// At most this many refusals are spelled out in one message; the rest are counted.
const REFUSALS_SHOWN: usize = 5;

/// The refusals of a move, one a line, the first [`REFUSALS_SHOWN`] spelled out.
fn refusal_text(refused: &[String]) -> String {
    let mut text = refused
        .iter()
        .take(REFUSALS_SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join("\n");
    if refused.len() > REFUSALS_SHOWN {
        text.push_str(&format!("\n… +{}", refused.len() - REFUSALS_SHOWN));
    }
    text
}

/// Does a move into `to` ask for something first (a name, or a reason)?
fn asks_first(to: OrderStatus) -> bool {
    person_role(to).is_some() || to == OrderStatus::Cancelled
}

/// What the store's check (`move_order_in`) will know about moving `o` into `to` once the
/// prompt is answered: the order's own facts, and the name or reason the prompt asks for.
/// The credit limit matters only for a release, which never asks first, so it is left out.
fn context_after_prompt(o: &BoardOrder, to: OrderStatus) -> MoveContext {
    MoveContext {
        self_pickup: o.self_pickup,
        over_credit_limit: false,
        credit_override: false,
        has_note: to == OrderStatus::Cancelled,
        has_person: person_role(to).is_some(),
    }
}

/// What the card menu chose.
enum MenuChoice {
    Move(i64, OrderStatus),
    Board(BoardAction),
    /// Print for the card (or the selection it is in).
    Print(i64, What),
}

/// A card being dragged.
#[derive(Debug, Clone, Copy)]
struct DragCard(i64);

/// Orders handed to the deadline thread at a time while the board is read.
const DEADLINE_BATCH: usize = 256;

/// What an order's deadline depends on (copied out, so another thread can work on it).
#[derive(Debug, Clone, Copy)]
struct DeadlineFacts {
    customer_id: i64,
    status: OrderStatus,
    received_at: chrono::DateTime<chrono::Utc>,
    shipped_at: Option<chrono::DateTime<chrono::Utc>>,
}

impl DeadlineFacts {
    fn of(o: &BoardOrder) -> DeadlineFacts {
        DeadlineFacts {
            customer_id: o.customer_id,
            status: o.status,
            received_at: o.received_at,
            shipped_at: o.shipped_at,
        }
    }
}

/// The settings deadlines are worked out with.
#[derive(Clone, Copy)]
struct DeadlineRules<'a> {
    cal: &'a WorkCalendar,
    targets: &'a Targets,
    overrides: &'a HashMap<i64, Targets>,
}

impl DeadlineRules<'_> {
    fn deadline(&self, o: DeadlineFacts, now: NaiveDateTime) -> Option<Deadline> {
        let targets = self.overrides.get(&o.customer_id).unwrap_or(self.targets);
        sla::deadline(
            self.cal,
            targets,
            stage_of(o.status),
            local(o.received_at),
            o.shipped_at.map(local),
            now,
        )
    }
}

const CARD_HEIGHT: f32 = 86.0;
const COLUMN_WIDTH: f32 = 232.0;

pub struct BoardPanel {
    /// "Export…" of the orders on the board and of their lines.
    export: super::export::Exporter,
    /// Something changed (here or in another window): read what changed.
    pub stale: bool,
    /// Read everything again (first view, settings changed, every few minutes).
    pub reload: bool,
    high_water: String,
    reloaded_at: Instant,
    orders: Vec<BoardOrder>,
    deadlines: Vec<Option<Deadline>>,
    index: IdMap<usize>,
    columns: Vec<Vec<usize>>,
    table_rows: Vec<usize>,
    /// `table_rows` are in the table's sort order (sorted when the table is shown).
    table_sorted: bool,
    waves: Vec<WaveRow>,
    selected: BTreeSet<i64>,
    cursor: Option<i64>,
    scroll_to_cursor: bool,
    sort: (SortKey, bool),
    prompt: Option<Prompt>,
    late: usize,
    at_risk: usize,
    cal: WorkCalendar,
    targets: Targets,
    overrides: HashMap<i64, Targets>,
    deadlines_at: Instant,
    applied_filter: Option<BoardFilter>,
    message: Option<Result<String, String>>,
    /// A dialog over the board has the keyboard (the print dialog).
    pub blocked: bool,
}

impl Default for BoardPanel {
    fn default() -> Self {
        BoardPanel {
            export: Default::default(),
            stale: true,
            reload: true,
            high_water: String::new(),
            reloaded_at: Instant::now(),
            orders: Vec::new(),
            deadlines: Vec::new(),
            index: IdMap::default(),
            columns: vec![Vec::new(); BOARD_STATUSES.len()],
            table_rows: Vec::new(),
            table_sorted: false,
            waves: Vec::new(),
            selected: BTreeSet::new(),
            cursor: None,
            scroll_to_cursor: false,
            sort: (SortKey::Deadline, true),
            prompt: None,
            late: 0,
            at_risk: 0,
            cal: WorkCalendar::default(),
            targets: Targets::default(),
            overrides: HashMap::new(),
            deadlines_at: Instant::now(),
            applied_filter: None,
            message: None,
            blocked: false,
        }
    }
}

fn local(t: chrono::DateTime<chrono::Utc>) -> NaiveDateTime {
    t.with_timezone(&Local).naive_local()
}

/// Which deadline applies to an order in this state.
pub fn stage_of(s: OrderStatus) -> Stage {
    use OrderStatus::*;
    match s {
        Draft | AwaitingConfirmation | CreditHold => Stage::Unanswered,
        Released | Picking | Checking | Packed => Stage::Answered,
        Shipped => Stage::Shipped,
        _ => Stage::Closed,
    }
}

pub fn health_color(ui: &Ui, h: Health) -> Color32 {
    match h {
        Health::Late | Health::Missed => theme::danger(ui),
        Health::AtRisk => theme::warning(ui),
        Health::OnTrack | Health::Met => theme::success(ui),
    }
}

impl BoardPanel {
    pub fn failed(&mut self, msg: String) {
        self.message = Some(Err(msg));
        self.stale = true;
    }

    pub fn done(&mut self, msg: String) {
        self.message = Some(Ok(msg));
        self.stale = true;
    }

    /// Orders on the board now (after filters), column by column: for tests and benchmarks.
    pub fn column_numbers(&self, status: OrderStatus) -> Vec<String> {
        let Some(c) = BOARD_STATUSES.iter().position(|s| *s == status) else {
            return Vec::new();
        };
        self.columns[c]
            .iter()
            .map(|&i| self.orders[i].number.clone())
            .collect()
    }

    /// Open orders loaded.
    pub fn len(&self) -> usize {
        self.orders.len()
    }

    pub fn is_empty(&self) -> bool {
        self.orders.is_empty()
    }

    pub fn counts(&self) -> (usize, usize) {
        (self.late, self.at_risk)
    }

    /// Brings the board up to date: everything when a reload is due, otherwise only the
    /// orders changed since the last read.
    pub fn refresh(&mut self, store: &Store, filter: &BoardFilter) {
        if self.reload || self.reloaded_at.elapsed() > Duration::from_secs(300) {
            self.reload_all(store, filter);
        } else {
            self.refresh_changes(store, filter);
        }
    }

    /// Reads the orders changed since the last read and updates just those cards.
    pub fn refresh_changes(&mut self, store: &Store, filter: &BoardFilter) {
        self.stale = false;
        // the same second may see more changes after our read: read from it again (upserts
        // are idempotent)
        let changed = match store.board_changes_since(&self.high_water) {
            Ok(c) => c,
            Err(e) => {
                self.message = Some(Err(e.to_string()));
                return;
            }
        };
        if changed.is_empty() {
            // the file changed but no order's stamp moved past ours (a customer renamed, an
            // order written with an older stamp): read everything, to be sure
            self.reload_all(store, filter);
            return;
        }
        let now = Local::now().naive_local();
        for o in changed {
            if o.updated_at > self.high_water {
                self.high_water = o.updated_at.clone();
            }
            let on_board = BOARD_STATUSES.contains(&o.status);
            match (self.index.get(&o.id).copied(), on_board) {
                (Some(i), true) => {
                    self.deadlines[i] = self.deadline_of(&o, now);
                    self.orders[i] = o;
                }
                (None, true) => {
                    self.deadlines.push(self.deadline_of(&o, now));
                    self.index.insert(o.id, self.orders.len());
                    self.orders.push(o);
                }
                (Some(i), false) => {
                    self.index.remove(&o.id);
                    self.orders.swap_remove(i);
                    self.deadlines.swap_remove(i);
                    if i < self.orders.len() {
                        self.index.insert(self.orders[i].id, i);
                    }
                    self.selected.remove(&o.id);
                }
                (None, false) => {}
            }
        }
        self.waves = self.open_waves(store);
        self.count_health();
        self.apply_filter(filter);
    }

    /// Reloads every open order (one indexed query) and the deadline settings. The deadlines
    /// are worked out on a second thread while the orders are still being read (each needs
    /// only its own order and the settings), so the read and the calendar arithmetic overlap.
    pub fn reload_all(&mut self, store: &Store, filter: &BoardFilter) {
        self.stale = false;
        self.reload = false;
        self.reloaded_at = Instant::now();
        self.high_water = store.orders_high_water().unwrap_or_default();
        if let Ok((cal, targets)) = store.sla_settings() {
            self.cal = cal;
            self.targets = targets;
        }
        self.overrides = store
            .contract_targets(self.targets, Local::now().date_naive())
            .unwrap_or_default();
        let rules = self.rules();
        let now = Local::now().naive_local();
        let read = std::thread::scope(|s| {
            let (send, receive) = std::sync::mpsc::channel::<Vec<DeadlineFacts>>();
            let worker = s.spawn(move || {
                receive
                    .into_iter()
                    .flatten()
                    .map(|f| rules.deadline(f, now))
                    .collect::<Vec<_>>()
            });
            let mut batch = Vec::with_capacity(DEADLINE_BATCH);
            let orders = store.board_orders_each(|o| {
                batch.push(DeadlineFacts::of(o));
                if batch.len() == DEADLINE_BATCH {
                    let full = std::mem::replace(&mut batch, Vec::with_capacity(DEADLINE_BATCH));
                    let _ = send.send(full);
                }
            });
            let _ = send.send(batch);
            drop(send); // the worker's loop ends with the last batch
            let deadlines = worker.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            orders.map(|o| (o, deadlines))
        });
        match read {
            Ok((orders, deadlines)) => {
                self.orders = orders;
                self.deadlines = deadlines;
                self.deadlines_at = Instant::now();
                self.count_health();
            }
            Err(e) => {
                self.message = Some(Err(e.to_string()));
                self.compute_deadlines(); // the orders held, on the settings just read
            }
        }
        self.waves = self.open_waves(store);
        self.index = self.orders.iter().enumerate().map(|(i, o)| (o.id, i)).collect();
        self.selected.retain(|id| self.index.contains_key(id));
        self.apply_filter(filter);
    }

    /// The waves with orders in work, counted from the orders held (what
    /// [`Store::open_waves`] reads, without reading every open order again).
    fn open_waves(&self, store: &Store) -> Vec<WaveRow> {
        use OrderStatus::*;
        let mut counts: IdMap<i64> = IdMap::default();
        for o in &self.orders {
            if let Some(w) = o.wave_id
                && matches!(o.status, Released | Picking | Checking | Packed)
            {
                *counts.entry(w).or_default() += 1;
            }
        }
        let counts: Vec<(i64, i64)> = counts.into_iter().collect();
        store.waves_counted(&counts).unwrap_or_default()
    }

    /// What deadlines are worked out with: the calendar, the targets, contract overrides.
    fn rules(&self) -> DeadlineRules<'_> {
        DeadlineRules {
            cal: &self.cal,
            targets: &self.targets,
            overrides: &self.overrides,
        }
    }

    fn deadline_of(&self, o: &BoardOrder, now: NaiveDateTime) -> Option<Deadline> {
        self.rules().deadline(DeadlineFacts::of(o), now)
    }

    fn compute_deadlines(&mut self) {
        self.deadlines_at = Instant::now();
        let now = Local::now().naive_local();
        self.deadlines = self.orders.iter().map(|o| self.deadline_of(o, now)).collect();
        self.count_health();
    }

    fn count_health(&mut self) {
        let (mut late, mut risk) = (0, 0);
        for d in self.deadlines.iter().flatten() {
            match d.health {
                Health::Late => late += 1,
                Health::AtRisk => risk += 1,
                _ => {}
            }
        }
        self.late = late;
        self.at_risk = risk;
    }

    fn matches(&self, i: usize, f: &BoardFilter, c: &Criteria) -> bool {
        let o = &self.orders[i];
        if let Some(s) = f.status
            && o.status != s
        {
            return false;
        }
        if let Some(c) = f.channel
            && o.channel != c
        {
            return false;
        }
        let health = self.deadlines[i].map(|d| d.health);
        let ok = match f.health {
            HealthFilter::All => true,
            HealthFilter::Late => health == Some(Health::Late),
            HealthFilter::AtRisk => health == Some(Health::AtRisk),
            HealthFilter::LateOrAtRisk => matches!(health, Some(Health::Late | Health::AtRisk)),
        };
        if !ok {
            return false;
        }
        if c.from.is_some() || c.to.is_some() {
            let day = local(o.received_at).date();
            if c.from.is_some_and(|from| day < from) || c.to.is_some_and(|to| day > to) {
                return false;
            }
        }
        let fold = crate::domain::text::fold;
        let (needle, customer, route) = (&c.needle, &c.customer, &c.route);
        if !customer.is_empty()
            && !fold(&format!("{} {}", o.customer_code, o.customer_name)).contains(customer.as_str())
        {
            return false;
        }
        if !route.is_empty() && !fold(&o.route).contains(route.as_str()) {
            return false;
        }
        if !needle.is_empty() {
            let hay = fold(&format!(
                "{} {} {} {} {} {}",
                o.number,
                o.customer_code,
                o.customer_name,
                o.route,
                o.address,
                o.wave_number.as_deref().unwrap_or("")
            ));
            if !hay.contains(needle.as_str()) {
                return false;
            }
        }
        true
    }

    /// Sorts orders into columns (queue order for released ones, most urgent first elsewhere).
    fn apply_filter(&mut self, f: &BoardFilter) {
        let criteria = Criteria::of(f);
        let mut columns = vec![Vec::new(); BOARD_STATUSES.len()];
        let mut rows = Vec::with_capacity(self.orders.len());
        for i in 0..self.orders.len() {
            if !self.matches(i, f, &criteria) {
                continue;
            }
            if let Some(c) = BOARD_STATUSES.iter().position(|s| *s == self.orders[i].status) {
                columns[c].push(i);
            }
            rows.push(i);
        }
        for (c, col) in columns.iter_mut().enumerate() {
            if BOARD_STATUSES[c] == OrderStatus::Released {
                col.sort_unstable_by_key(|&i| {
                    (
                        self.orders[i].queue_position.unwrap_or(i64::MAX),
                        self.orders[i].id,
                    )
                });
            } else {
                col.sort_unstable_by_key(|&i| {
                    let o = &self.orders[i];
                    let due = self.deadlines[i].map(|d| d.due);
                    (std::cmp::Reverse(o.priority), due, o.id)
                });
            }
        }
        self.columns = columns;
        self.table_rows = rows;
        // the cards do not need the table's order: sorted when the table is drawn
        self.table_sorted = false;
        self.applied_filter = Some(f.clone());
    }

    fn sort_table(&mut self) {
        let (key, asc) = self.sort;
        let o = &self.orders;
        let d = &self.deadlines;
        self.table_sorted = true;
        // the id breaks every tie: no two rows are equal, an unstable sort is enough
        self.table_rows.sort_unstable_by(|&a, &b| {
            let ord = match key {
                SortKey::Number => o[a].number.cmp(&o[b].number),
                SortKey::Customer => o[a].customer_name.cmp(&o[b].customer_name),
                SortKey::Route => o[a].route.cmp(&o[b].route),
                SortKey::Status => o[a].status.cmp(&o[b].status),
                SortKey::Lines => o[a].line_count.cmp(&o[b].line_count),
                SortKey::Boxes => o[a].boxes.cmp(&o[b].boxes),
                SortKey::Weight => o[a].weight_g.cmp(&o[b].weight_g),
                SortKey::Wanted => o[a].wanted_date.cmp(&o[b].wanted_date),
                SortKey::Deadline => d[a].map(|x| x.due).cmp(&d[b].map(|x| x.due)),
                SortKey::Priority => o[a].priority.cmp(&o[b].priority),
            };
            let ord = if asc { ord } else { ord.reverse() };
            ord.then(o[a].id.cmp(&o[b].id))
        });
    }

    /// The orders a move applies to: the selection, or the card under the cursor.
    fn targets_of_move(&self) -> Vec<&BoardOrder> {
        let ids: Vec<i64> = if self.selected.is_empty() {
            self.cursor.into_iter().collect()
        } else {
            self.selected.iter().copied().collect()
        };
        ids.iter()
            .filter_map(|id| self.index.get(id).map(|&i| &self.orders[i]))
            .collect()
    }

    /// Starts a move of the given orders: at once, or after asking for a name or a reason.
    ///
    /// A move that asks first is checked against the state machine before asking: nobody
    /// types a name for a move that would be refused. When no selected order can make it,
    /// nothing is asked and the board says why; when some can, the prompt asks for those and
    /// names the others with the reason. The store checks every move again when it is
    /// written and stays the authority.
    fn start_move(&mut self, ids: &[i64], to: OrderStatus, actions: &mut Vec<Action>) {
        let orders: Vec<&BoardOrder> = ids
            .iter()
            .filter_map(|id| self.index.get(id).map(|&i| &self.orders[i]))
            .collect();
        let move_of = |o: &BoardOrder| Move {
            id: o.id,
            to,
            version: o.version,
            ..Default::default()
        };
        if orders.is_empty() {
            return;
        }
        if !asks_first(to) {
            actions.push(Action::Move(orders.into_iter().map(move_of).collect()));
            return;
        }
        let mut moves = Vec::new();
        let mut refused = Vec::new();
        for o in orders {
            match check_move(o.status, to, context_after_prompt(o, to)) {
                Ok(()) => moves.push(move_of(o)),
                // worded exactly as the store words it
                Err(error) => refused.push(
                    crate::Error::OrderMove {
                        number: o.number.clone(),
                        error,
                    }
                    .to_string(),
                ),
            }
        }
        if moves.is_empty() {
            // nothing to ask for: refused at once, as the store would refuse it
            self.message = Some(Err(refusal_text(&refused)));
            return;
        }
        self.prompt = Some(Prompt {
            moves,
            wave: None,
            to,
            text: String::new(),
            focus: true,
            refused,
        });
    }

    /// Printing for the selection (or the card under the cursor): the whole wave with its
    /// labels when exactly the orders of one wave are chosen, otherwise the orders' picking lists.
    fn print_selection(&self) -> Option<Action> {
        let targets = self.targets_of_move();
        let first = targets.first()?;
        if let Some(w) = first.wave_id
            && targets.iter().all(|o| o.wave_id == Some(w))
            && let Some(wave) = self.waves.iter().find(|r| r.id == w)
            && wave.orders as usize == targets.len()
        {
            return Some(Action::Print(PrintAction::Open {
                subject: Subject::Wave {
                    id: wave.id,
                    number: wave.number.clone(),
                },
                what: What::Both,
            }));
        }
        Some(self.print_orders(targets.iter().map(|o| o.id).collect(), What::Picking))
    }

    fn print_orders(&self, ids: Vec<i64>, what: What) -> Action {
        let orders = ids
            .iter()
            .filter_map(|id| self.index.get(id).map(|&i| &self.orders[i]))
            .map(|o| OrderRef {
                id: o.id,
                number: o.number.clone(),
            })
            .collect();
        Action::Print(PrintAction::Open {
            subject: Subject::Orders(orders),
            what,
        })
    }

    fn keyboard(&mut self, ui: &mut Ui, filter: &mut BoardFilter, actions: &mut Vec<Action>) {
        if self.prompt.is_some() || self.blocked || ui.memory(|m| m.focused().is_some()) {
            return; // typing goes to the field that has the focus
        }
        let pressed = |ui: &Ui, k: Key| ui.input_mut(|i| i.consume_key(Modifiers::NONE, k));
        let cmd = |ui: &Ui, k: Key| ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, k));
        // where is the cursor?
        let pos = self.cursor.and_then(|id| {
            self.columns
                .iter()
                .enumerate()
                .find_map(|(c, col)| col.iter().position(|&i| self.orders[i].id == id).map(|r| (c, r)))
        });
        let queue_up = ui.input(|i| i.modifiers.command && i.key_pressed(Key::ArrowUp));
        let queue_down = ui.input(|i| i.modifiers.command && i.key_pressed(Key::ArrowDown));
        let mut go = None;
        if pressed(ui, Key::ArrowDown) {
            go = Some(match pos {
                Some((c, r)) => (c, (r + 1).min(self.columns[c].len().saturating_sub(1))),
                None => (self.columns.iter().position(|c| !c.is_empty()).unwrap_or(0), 0),
            });
        }
        if pressed(ui, Key::ArrowUp) {
            go = Some(pos.map_or((0, 0), |(c, r)| (c, r.saturating_sub(1))));
        }
        for (key, dir) in [(Key::ArrowLeft, -1i32), (Key::ArrowRight, 1)] {
            if pressed(ui, key) {
                let (c0, r0) = pos.unwrap_or((0, 0));
                let mut c = c0 as i32;
                loop {
                    c += dir;
                    if c < 0 || c >= self.columns.len() as i32 {
                        break;
                    }
                    if !self.columns[c as usize].is_empty() {
                        go = Some((c as usize, r0.min(self.columns[c as usize].len() - 1)));
                        break;
                    }
                }
            }
        }
        if let Some((c, r)) = go
            && let Some(&i) = self.columns.get(c).and_then(|col| col.get(r))
        {
            self.cursor = Some(self.orders[i].id);
            self.scroll_to_cursor = true;
            if !ui.input(|i| i.modifiers.shift) {
                self.selected.clear();
            }
            self.selected.insert(self.orders[i].id);
        }
        if pressed(ui, Key::Space)
            && let Some(id) = self.cursor
            && !self.selected.remove(&id)
        {
            self.selected.insert(id);
        }
        if pressed(ui, Key::Escape) {
            self.selected.clear();
        }
        if pressed(ui, Key::Enter)
            && let Some(id) = self.cursor
        {
            actions.push(Action::OpenOrder(id));
        }
        if (queue_up || queue_down)
            && let Some((c, r)) = pos
            && BOARD_STATUSES[c] == OrderStatus::Released
        {
            let o = &self.orders[self.columns[c][r]];
            let target = if queue_up { r.saturating_sub(1) } else { r + 1 };
            actions.push(Action::Board(BoardAction::QueueReorder {
                id: o.id,
                version: o.version,
                index: target,
            }));
            ui.input_mut(|i| {
                i.consume_key(Modifiers::COMMAND, Key::ArrowUp);
                i.consume_key(Modifiers::COMMAND, Key::ArrowDown);
            });
        }
        if cmd(ui, Key::U)
            && let Some(o) = self
                .cursor
                .and_then(|id| self.index.get(&id))
                .map(|&i| &self.orders[i])
        {
            actions.push(Action::Board(BoardAction::QueueUrgent {
                id: o.id,
                version: o.version,
            }));
        }
        if pressed(ui, Key::W) {
            self.make_wave(actions);
        }
        if cmd(ui, Key::P)
            && let Some(a) = self.print_selection()
        {
            actions.push(a);
        }
        if pressed(ui, Key::L) {
            filter.health = if filter.health == HealthFilter::Late {
                HealthFilter::All
            } else {
                HealthFilter::Late
            };
        }
        for (key, to) in MOVE_KEYS {
            if pressed(ui, key) {
                let ids: Vec<i64> = self.targets_of_move().iter().map(|o| o.id).collect();
                self.start_move(&ids, to, actions);
            }
        }
    }

    fn make_wave(&mut self, actions: &mut Vec<Action>) {
        let orders: Vec<(i64, i64)> = self.targets_of_move().iter().map(|o| (o.id, o.version)).collect();
        actions.push(Action::Board(BoardAction::CreateWave { orders }));
    }

    pub fn ui(&mut self, ui: &mut Ui, store: &Store, filter: &mut BoardFilter, actions: &mut Vec<Action>) {
        if self.stale {
            self.refresh(store, filter);
        } else if self.deadlines_at.elapsed() > Duration::from_secs(60) {
            self.compute_deadlines();
            self.apply_filter(filter);
        }
        self.keyboard(ui, filter, actions);
        self.header_ui(ui, filter, actions);
        ui.horizontal(|ui| {
            let open = crate::store::OrderFilter {
                statuses: crate::store::BOARD_STATUSES.to_vec(),
                ..Default::default()
            };
            let lines = open.clone();
            self.export.button(ui, tr("Export orders…"), "orders", || {
                crate::export::orders_table(store, &open)
            });
            self.export.button(ui, tr("Export lines…"), "order-lines", || {
                crate::export::order_lines_table(store, &lines)
            });
            self.export.ui(ui);
        });
        if self.applied_filter.as_ref() != Some(filter) {
            self.apply_filter(filter);
        }
        self.prompt_ui(ui, actions);
        if filter.table_view {
            self.table_ui(ui, actions);
        } else {
            self.columns_ui(ui, actions);
        }
    }

    fn header_ui(&mut self, ui: &mut Ui, filter: &mut BoardFilter, actions: &mut Vec<Action>) {
        ui.horizontal(|ui| {
            ui.label(theme::heading(tr("Board")));
            let late = RichText::new(format!("{}: {}", tr("Late"), self.late))
                .color(theme::danger(ui))
                .strong();
            if ui
                .selectable_label(filter.health == HealthFilter::Late, late)
                .on_hover_text("L")
                .clicked()
            {
                filter.health = if filter.health == HealthFilter::Late {
                    HealthFilter::All
                } else {
                    HealthFilter::Late
                };
            }
            let risk = RichText::new(format!("{}: {}", tr("At risk"), self.at_risk))
                .color(theme::warning(ui))
                .strong();
            if ui
                .selectable_label(filter.health == HealthFilter::AtRisk, risk)
                .clicked()
            {
                filter.health = if filter.health == HealthFilter::AtRisk {
                    HealthFilter::All
                } else {
                    HealthFilter::AtRisk
                };
            }
            ui.separator();
            if ui.selectable_label(!filter.table_view, tr("Cards")).clicked() {
                filter.table_view = false;
            }
            if ui.selectable_label(filter.table_view, tr("Table")).clicked() {
                filter.table_view = true;
            }
            ui.separator();
            let n = self.selected.len();
            if n > 0 {
                ui.label(format!("{} {n}", tr("Selected")));
            }
            let released_selected = !self.selected.is_empty()
                && self
                    .targets_of_move()
                    .iter()
                    .all(|o| o.status == OrderStatus::Released && o.wave_id.is_none());
            if ui
                .add_enabled(released_selected, egui::Button::new(tr("Make wave")))
                .on_hover_text("W")
                .clicked()
            {
                self.make_wave(actions);
            }
        });
        ui.horizontal_wrapped(|ui| {
            widgets::labeled_field(
                ui,
                "board_search",
                tr("Search"),
                &mut filter.text,
                tr("Number, customer, route"),
                170.0,
            );
            widgets::labeled_field(
                ui,
                "board_customer",
                tr("Customer"),
                &mut filter.customer,
                "",
                130.0,
            );
            widgets::labeled_field(ui, "board_route", tr("Route"), &mut filter.route, "", 80.0);
            let l = ui.label(tr("Channel"));
            egui::ComboBox::from_id_salt("board_channel")
                .selected_text(filter.channel.map_or(tr("All"), channel_label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.channel, None, tr("All"));
                    for c in Channel::ALL {
                        ui.selectable_value(&mut filter.channel, Some(c), channel_label(c));
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label(tr("Status"));
            egui::ComboBox::from_id_salt("board_status")
                .selected_text(filter.status.map_or(tr("All"), status_label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut filter.status, None, tr("All"));
                    for s in BOARD_STATUSES {
                        ui.selectable_value(&mut filter.status, Some(s), status_label(s));
                    }
                })
                .response
                .labelled_by(l.id);
            widgets::labeled_field(ui, "board_from", tr("From"), &mut filter.from, "01.11.2026", 80.0);
            widgets::labeled_field(ui, "board_to", tr("To"), &mut filter.to, "30.11.2026", 80.0);
            if *filter
                != (BoardFilter {
                    table_view: filter.table_view,
                    ..Default::default()
                })
                && ui.button(tr("Clear filters")).clicked()
            {
                *filter = BoardFilter {
                    table_view: filter.table_view,
                    ..Default::default()
                };
            }
        });
        if !self.waves.is_empty() {
            ui.horizontal_wrapped(|ui| {
                ui.label(tr("Waves"));
                for w in self.waves.clone() {
                    let next = w
                        .status
                        .next_steps(false)
                        .first()
                        .copied()
                        .filter(|s| !matches!(s, OrderStatus::Cancelled));
                    ui.group(|ui| {
                        ui.label(format!(
                            "{} · {} · {} {}",
                            w.number,
                            status_label(w.status),
                            w.orders,
                            tr("order(s)")
                        ));
                        if ui
                            .small_button(tr("Print wave…"))
                            .on_hover_text(tr("Picking list and all box labels of the wave"))
                            .clicked()
                        {
                            actions.push(Action::Print(PrintAction::Open {
                                subject: Subject::Wave {
                                    id: w.id,
                                    number: w.number.clone(),
                                },
                                what: What::Both,
                            }));
                        }
                        if let Some(to) = next
                            && ui.small_button(format!("→ {}", status_label(to))).clicked()
                        {
                            let prompt = Prompt {
                                moves: Vec::new(),
                                wave: Some((w.id, w.version)),
                                to,
                                text: String::new(),
                                focus: true,
                                refused: Vec::new(),
                            };
                            if person_role(to).is_some() {
                                self.prompt = Some(prompt);
                            } else {
                                actions.push(Action::Board(BoardAction::MoveWave {
                                    id: w.id,
                                    version: w.version,
                                    to,
                                    person: None,
                                }));
                            }
                        }
                    });
                }
            });
        }
        widgets::feedback(ui, &self.message);
        ui.separator();
    }

    fn prompt_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let Some(p) = &mut self.prompt else { return };
        let (title, label) = match p.to {
            OrderStatus::Picking => (tr("Into picking"), tr("Picker")),
            OrderStatus::Checking => (tr("Into picking control"), tr("Checker")),
            OrderStatus::Packed => (tr("Packed"), tr("Packer")),
            _ => (tr("Cancel the order"), tr("Reason")),
        };
        let mut confirm = false;
        let mut cancel = false;
        let what = match p.wave {
            Some(_) => tr("Wave").to_string(),
            None => format!("{} {}", p.moves.len(), tr("order(s)")),
        };
        egui::Modal::new(egui::Id::unique("board_prompt")).show(ui.ctx(), |ui| {
            ui.label(theme::heading(format!("{title}: {what}")));
            if !p.refused.is_empty() {
                ui.colored_label(theme::danger(ui), format!("⚠ {}", refusal_text(&p.refused)));
            }
            let l = ui.label(label);
            let r = ui
                .add(
                    egui::TextEdit::singleline(&mut p.text)
                        .id_salt("board_prompt_text")
                        .desired_width(280.0),
                )
                .labelled_by(l.id);
            if p.focus {
                r.request_focus();
                p.focus = false;
            }
            if r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                confirm = true;
            }
            ui.horizontal(|ui| {
                if ui.button(tr("Confirm")).clicked() {
                    confirm = true;
                }
                if ui.button(tr("Cancel")).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    cancel = true;
                }
            });
        });
        if confirm && !p.text.trim().is_empty() {
            let text = p.text.trim().to_string();
            if let Some((id, version)) = p.wave {
                actions.push(Action::Board(BoardAction::MoveWave {
                    id,
                    version,
                    to: p.to,
                    person: Some(text),
                }));
            } else {
                let moves = p
                    .moves
                    .iter()
                    .map(|m| {
                        let mut m = m.clone();
                        if m.to == OrderStatus::Cancelled {
                            m.note = text.clone();
                        } else {
                            m.person = Some(text.clone());
                        }
                        m
                    })
                    .collect();
                actions.push(Action::Move(moves));
            }
            self.prompt = None;
        } else if cancel {
            self.prompt = None;
        }
    }

    fn columns_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        let mut clicked: Option<(i64, bool, bool)> = None; // id, with ctrl, double
        let mut dropped: Option<(i64, usize, Option<usize>)> = None; // order, column, place in column
        let mut menu: Option<MenuChoice> = None;
        let height = ui.available_height();
        egui::ScrollArea::horizontal()
            .id_salt("board_columns")
            .show(ui, |ui| {
                ui.horizontal_top(|ui| {
                    for (c, status) in BOARD_STATUSES.iter().enumerate() {
                        let col_rect_resp = ui
                            .allocate_ui_with_layout(
                                egui::vec2(COLUMN_WIDTH, height),
                                egui::Layout::top_down(egui::Align::Min),
                                |ui| {
                                    ui.set_width(COLUMN_WIDTH);
                                    let n = self.columns[c].len();
                                    let title = format!("{} ({n})", status_label(*status));
                                    ui.strong(title);
                                    let mut area = egui::ScrollArea::vertical()
                                        .id_salt(("board_col", c))
                                        .auto_shrink([false, false]);
                                    if self.scroll_to_cursor
                                        && let Some(r) = self.cursor.and_then(|id| {
                                            self.columns[c].iter().position(|&i| self.orders[i].id == id)
                                        })
                                    {
                                        let spacing = ui.spacing().item_spacing.y;
                                        let top = r as f32 * (CARD_HEIGHT + spacing);
                                        let current = ui
                                            .ctx()
                                            .data(|d| {
                                                d.get_temp::<f32>(egui::Id::unique(("board_scroll", c)))
                                            })
                                            .unwrap_or(0.0);
                                        let view = ui.available_height() - CARD_HEIGHT;
                                        if top < current || top > current + view {
                                            area = area.vertical_scroll_offset((top - view / 2.0).max(0.0));
                                        }
                                    }
                                    let out = area.show_rows(ui, CARD_HEIGHT, n, |ui, range| {
                                        for r in range {
                                            let i = self.columns[c][r];
                                            let resp = self.card_ui(ui, i);
                                            let id = self.orders[i].id;
                                            if resp.clicked() {
                                                clicked =
                                                    Some((id, ui.input(|i| i.modifiers.command), false));
                                            }
                                            if resp.double_clicked() {
                                                clicked = Some((id, false, true));
                                            }
                                            resp.dnd_set_drag_payload(DragCard(id));
                                            if let Some(p) = resp.dnd_release_payload::<DragCard>() {
                                                dropped = Some((p.0, c, Some(r)));
                                            }
                                            resp.context_menu(|ui| {
                                                if let Some(choice) = self.card_menu(ui, i, r) {
                                                    menu = Some(choice);
                                                    ui.close();
                                                }
                                            });
                                        }
                                    });
                                    ui.ctx().data_mut(|d| {
                                        d.insert_temp(
                                            egui::Id::unique(("board_scroll", c)),
                                            out.state.clamped_offset().y,
                                        )
                                    });
                                },
                            )
                            .response;
                        let zone = ui.interact(
                            col_rect_resp.rect,
                            egui::Id::unique(("board_drop", c)),
                            Sense::hover(),
                        );
                        if dropped.is_none()
                            && let Some(p) = zone.dnd_release_payload::<DragCard>()
                        {
                            dropped = Some((p.0, c, None));
                        }
                        if zone.dnd_hover_payload::<DragCard>().is_some() {
                            ui.painter().rect_stroke(
                                col_rect_resp.rect,
                                4.0,
                                egui::Stroke::new(2.0, ui.visuals().selection.stroke.color),
                                egui::StrokeKind::Inside,
                            );
                        }
                    }
                });
            });
        self.scroll_to_cursor = false;
        if let Some((id, ctrl, double)) = clicked {
            if double {
                actions.push(Action::OpenOrder(id));
            } else {
                self.click(id, ctrl);
            }
        }
        if let Some(MenuChoice::Board(b)) = &menu {
            actions.push(Action::Board(b.clone()));
        }
        if let Some(MenuChoice::Print(id, what)) = &menu {
            let ids = if self.selected.contains(id) {
                self.selected.iter().copied().collect()
            } else {
                vec![*id]
            };
            actions.push(self.print_orders(ids, *what));
        }
        if let Some(MenuChoice::Move(id, to)) = menu {
            let ids = if self.selected.contains(&id) {
                self.selected.iter().copied().collect()
            } else {
                vec![id]
            };
            self.start_move(&ids, to, actions);
        }
        if let Some((id, c, place)) = dropped
            && let Some(&i) = self.index.get(&id)
        {
            let o = &self.orders[i];
            let to = BOARD_STATUSES[c];
            if to == o.status {
                if to == OrderStatus::Released
                    && let Some(place) = place
                {
                    actions.push(Action::Board(BoardAction::QueueReorder {
                        id,
                        version: o.version,
                        index: place,
                    }));
                }
            } else {
                let ids = if self.selected.contains(&id) {
                    self.selected.iter().copied().collect()
                } else {
                    vec![id]
                };
                self.start_move(&ids, to, actions);
            }
        }
    }

    /// A click on a card or row: it becomes the cursor; with Ctrl it joins or leaves the
    /// selection, without it it is the selection.
    fn click(&mut self, id: i64, toggle: bool) {
        if toggle {
            if !self.selected.remove(&id) {
                self.selected.insert(id);
            }
        } else {
            self.selected.clear();
            self.selected.insert(id);
        }
        self.cursor = Some(id);
    }

    /// The right-click menu of the card at row `r` of its column.
    fn card_menu(&self, ui: &mut Ui, i: usize, r: usize) -> Option<MenuChoice> {
        let o = &self.orders[i];
        let mut choice = None;
        ui.label(RichText::new(&o.number).strong());
        for to in o.status.next_steps(o.self_pickup) {
            let key = key_of(*to).map(|k| format!("   [{k}]")).unwrap_or_default();
            if ui.button(format!("→ {}{key}", status_label(*to))).clicked() {
                choice = Some(MenuChoice::Move(o.id, *to));
            }
        }
        if o.status == OrderStatus::Released {
            ui.separator();
            let (id, version) = (o.id, o.version);
            if ui.button(format!("{}   [Ctrl+U]", tr("Urgent"))).clicked() {
                choice = Some(MenuChoice::Board(BoardAction::QueueUrgent { id, version }));
            }
            if r > 0 && ui.button(format!("{}   [Ctrl+↑]", tr("Up the queue"))).clicked() {
                choice = Some(MenuChoice::Board(BoardAction::QueueReorder {
                    id,
                    version,
                    index: r - 1,
                }));
            }
            if ui
                .button(format!("{}   [Ctrl+↓]", tr("Down the queue")))
                .clicked()
            {
                choice = Some(MenuChoice::Board(BoardAction::QueueReorder {
                    id,
                    version,
                    index: r + 1,
                }));
            }
            if o.wave_id.is_some() && ui.button(tr("Leave the wave")).clicked() {
                choice = Some(MenuChoice::Board(BoardAction::LeaveWave { id, version }));
            }
        }
        ui.separator();
        if ui
            .button(format!("{}   [Ctrl+P]", tr("Print picking list…")))
            .clicked()
        {
            choice = Some(MenuChoice::Print(o.id, What::Picking));
        }
        if ui.button(tr("Box labels…")).clicked() {
            choice = Some(MenuChoice::Print(o.id, What::Labels));
        }
        choice
    }

    /// One card; fixed height so the column can lay out only what is visible.
    fn card_ui(&self, ui: &mut Ui, i: usize) -> egui::Response {
        let o = &self.orders[i];
        let selected = self.selected.contains(&o.id);
        let cursor = self.cursor == Some(o.id);
        let (rect, resp) = ui.allocate_exact_size(
            egui::vec2(COLUMN_WIDTH - 14.0, CARD_HEIGHT),
            Sense::click_and_drag(),
        );
        // what a screen reader (and a test) knows the card by
        resp.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::accesskit::Role::Button,
                true,
                format!("{} {} · {}", tr("Order"), o.number, o.customer_name),
            )
        });
        if !ui.is_rect_visible(rect) {
            return resp;
        }
        let v = ui.visuals();
        let fill = if selected {
            v.selection.bg_fill
        } else {
            v.faint_bg_color
        };
        let stroke = if cursor {
            egui::Stroke::new(2.0, v.selection.stroke.color)
        } else {
            v.widgets.noninteractive.bg_stroke
        };
        let painter = ui.painter_at(rect);
        painter.rect(rect, 4.0, fill, stroke, egui::StrokeKind::Inside);
        let text = v.text_color();
        let weak = theme::muted(ui);
        let font = egui::FontId::proportional(13.0);
        let small = egui::FontId::proportional(12.0);
        let x = rect.left() + 6.0;
        let mut y = rect.top() + 4.0;
        // one line each, cut with an ellipsis: a card never grows or overlaps its neighbour
        let line = |y: f32, s: String, f: &egui::FontId, c: Color32| {
            let mut job = egui::text::LayoutJob::simple_singleline(s, f.clone(), c);
            job.wrap = egui::text::TextWrapping {
                max_width: rect.width() - 12.0,
                max_rows: 1,
                break_anywhere: true,
                overflow_character: Some('…'),
            };
            let galley = ui.fonts_mut(|fonts| fonts.layout_job(job));
            let h = galley.size().y;
            painter.galley(egui::pos2(x, y), galley, c);
            h
        };
        let prio = match o.priority {
            2 => "‼ ",
            1 => "! ",
            _ => "",
        };
        let wave = o
            .wave_number
            .as_deref()
            .map(|w| format!("  [{w}]"))
            .unwrap_or_default();
        let queue = o
            .queue_position
            .filter(|_| o.status == OrderStatus::Released)
            .map(|q| format!("#{q} "))
            .unwrap_or_default();
        y += line(y, format!("{queue}{prio}{}{wave}", o.number), &font, text).min(18.0);
        y += line(y, o.customer_name.to_string(), &small, text).min(16.0);
        let place = if o.self_pickup {
            tr("Self-pickup").to_string()
        } else {
            format!("{} · {}", o.route, o.address)
        };
        y += line(y, place, &small, weak).min(16.0);
        y += line(
            y,
            format!(
                "{} {} · {} {} · {} kg",
                o.line_count,
                tr("ln"),
                o.boxes,
                tr("box"),
                format_kg(o.weight_g)
            ),
            &small,
            weak,
        )
        .min(16.0);
        if let Some(d) = self.deadlines[i] {
            let b = sla::badge(&d, self.cal.minutes_per_day());
            let wanted = o
                .wanted_date
                .as_deref()
                .map(|w| format!("  ⇢ {w}"))
                .unwrap_or_default();
            line(
                y,
                format!("{}{wanted}", badge_text(&b)),
                &small,
                health_color(ui, d.health),
            );
        }
        resp.on_hover_text(format!(
            "{}\n{}\n{}",
            o.customer_name,
            o.address,
            tr("Double click or Enter: details")
        ))
    }

    fn table_ui(&mut self, ui: &mut Ui, actions: &mut Vec<Action>) {
        use egui_extras::{Column, TableBuilder};
        if !self.table_sorted {
            self.sort_table();
        }
        let headers = [
            (SortKey::Number, tr("Number"), 100.0),
            (SortKey::Customer, tr("Customer"), 240.0),
            (SortKey::Route, tr("Route"), 90.0),
            (SortKey::Status, tr("Status"), 130.0),
            (SortKey::Lines, tr("Lines"), 50.0),
            (SortKey::Boxes, tr("Boxes"), 50.0),
            (SortKey::Weight, tr("Weight"), 70.0),
            (SortKey::Wanted, tr("Wanted date"), 90.0),
            (SortKey::Deadline, tr("Deadline"), 140.0),
            (SortKey::Priority, tr("Priority"), 60.0),
        ];
        let mut resort = None;
        let mut clicked = None;
        let mut table = TableBuilder::new(ui)
            .id_salt("board_table")
            .striped(true)
            .resizable(true)
            .sense(Sense::click());
        for (i, (_, _, w)) in headers.iter().enumerate() {
            table = table.column(if i + 1 == headers.len() {
                Column::remainder()
            } else {
                Column::initial(*w).clip(true)
            });
        }
        let rows = &self.table_rows;
        table
            .header(theme::ROW_HEIGHT, |mut h| {
                for (key, title, _) in headers {
                    h.col(|ui| {
                        let arrow = if self.sort.0 == key {
                            if self.sort.1 { " ▲" } else { " ▼" }
                        } else {
                            ""
                        };
                        if ui
                            .add(
                                egui::Button::new(RichText::new(format!("{title}{arrow}")).strong())
                                    .frame(false),
                            )
                            .clicked()
                        {
                            resort = Some(key);
                        }
                    });
                }
            })
            .body(|body| {
                body.rows(theme::ROW_HEIGHT, rows.len(), |mut row| {
                    let i = rows[row.index()];
                    let o = &self.orders[i];
                    row.set_selected(self.selected.contains(&o.id));
                    row.col(|ui| widgets::cell(ui, &o.number));
                    row.col(|ui| widgets::cell(ui, &*o.customer_name));
                    row.col(|ui| widgets::cell(ui, &*o.route));
                    row.col(|ui| widgets::cell(ui, status_label(o.status)));
                    row.col(|ui| widgets::cell(ui, o.line_count.to_string()));
                    row.col(|ui| widgets::cell(ui, o.boxes.to_string()));
                    row.col(|ui| widgets::cell(ui, format_kg(o.weight_g)));
                    row.col(|ui| widgets::cell(ui, o.wanted_date.clone().unwrap_or_default()));
                    row.col(|ui| {
                        if let Some(d) = self.deadlines[i] {
                            let b = sla::badge(&d, self.cal.minutes_per_day());
                            widgets::cell(
                                ui,
                                RichText::new(badge_text(&b)).color(health_color(ui, d.health)),
                            );
                        }
                    });
                    row.col(|ui| widgets::cell(ui, o.priority.to_string()));
                    let r = row.response();
                    if r.double_clicked() {
                        clicked = Some((o.id, true));
                    } else if r.clicked() {
                        clicked = Some((o.id, false));
                    }
                });
            });
        if let Some(key) = resort {
            self.sort = if self.sort.0 == key {
                (key, !self.sort.1)
            } else {
                (key, true)
            };
            self.sort_table();
        }
        if let Some((id, double)) = clicked {
            if double {
                actions.push(Action::OpenOrder(id));
            }
            self.click(id, ui.input(|i| i.modifiers.command));
        }
    }
}

/// A deadline badge in the interface language.
pub fn badge_text(b: &sla::Badge) -> String {
    let mut parts = Vec::new();
    if b.days > 0 {
        parts.push(format!("{} {}", b.days, tr("d")));
    }
    if b.hours > 0 {
        parts.push(format!("{} {}", b.hours, tr("h")));
    }
    if b.days == 0 && (b.minutes > 0 || parts.is_empty()) {
        parts.push(format!("{} {}", b.minutes, tr("min")));
    }
    let amount = parts.join(" ");
    match b.health {
        Health::Met => tr("met").to_string(),
        Health::Missed => tr("missed").to_string(),
        Health::Late => format!("{} {amount}", tr("late")),
        _ => format!("{amount} {}", tr("left")),
    }
}

//! The claim act / answer to the client (A4), in Russian or English: the claim, its lines, the
//! investigation's evidence and the decision, with signature lines.
//!
//! The act's language is the claim's (or the one asked for), never the interface's: every fixed
//! text comes from the two template tables below ([`words`]), not from `i18n`. The content is a
//! list of items (headings, field lines, paragraph lines, table rows) laid out top to bottom;
//! long texts and many lines flow onto more pages, a table continued on a new page repeats its
//! column header, and every page says "Page X of Y".

use chrono::{DateTime, NaiveDateTime, Utc};

use super::Progress;
use super::pdf::{Align, Area, FontSet, Page, Pdf, Style, Weight, ellipsize, render};
use crate::domain::claim::{
    ActLang, ClaimChannel, ClaimKind, ClaimStatus, Culprit, Decision, Evidence, Remedy,
};
use crate::domain::decimal::format_money;
use crate::store::claims::{ClaimDetail, local};
use crate::store::settings::keys::{COMPANY_ADDRESS, COMPANY_NAME};
use crate::store::{ClaimLineView, Store};

// ---------------------------------------------------------------------------------------------
// the templates

/// Every fixed text of the act in one language.
pub struct Words {
    pub title: &'static str,
    pub subtitle: &'static str,
    pub no: &'static str,
    pub dated: &'static str,
    pub page: &'static str,
    pub of: &'static str,
    pub to: &'static str,
    pub tax_id: &'static str,
    pub delivery_address: &'static str,
    pub order: &'static str,
    pub order_of: &'static str,
    pub shipped: &'static str,
    pub not_shipped: &'static str,
    pub received: &'static str,
    pub channel: &'static str,
    pub kind: &'static str,
    pub due: &'static str,
    pub working_days: &'static str,
    pub status: &'static str,
    pub amount_claimed: &'static str,
    pub client_words: &'static str,
    pub no_words: &'static str,
    pub lines: &'static str,
    pub no_lines: &'static str,
    pub col_no: &'static str,
    pub col_sku: &'static str,
    pub col_name: &'static str,
    pub col_unit: &'static str,
    pub col_ordered: &'static str,
    pub col_claimed: &'static str,
    pub col_amount: &'static str,
    pub col_note: &'static str,
    pub total: &'static str,
    pub not_on_order: &'static str,
    pub investigation: &'static str,
    pub checked: &'static str,
    pub result: &'static str,
    pub by: &'static str,
    pub not_done: &'static str,
    pub nothing_done: &'static str,
    pub handled_by: &'static str,
    pub driver: &'static str,
    pub materials: &'static str,
    pub returns: &'static str,
    pub units: &'static str,
    pub decision: &'static str,
    pub outcome: &'static str,
    pub the_claim_is: &'static str,
    pub culprit: &'static str,
    pub remedy: &'static str,
    pub compensation: &'static str,
    pub insurance_case: &'static str,
    pub decided_on: &'static str,
    pub reasons: &'static str,
    pub evidence_attached: &'static str,
    pub pending: &'static str,
    pub pending_detail: &'static str,
    pub reconsidering: &'static str,
    pub cancelled: &'static str,
    pub manager: &'static str,
    pub head: &'static str,
    pub signature: &'static str,
    pub printed: &'static str,
    pub date_format: &'static str,
    pub time_format: &'static str,
}

const RU: Words = Words {
    title: "АКТ рассмотрения претензии",
    subtitle: "ответ на претензию клиента",
    no: "№",
    dated: "от",
    page: "Страница",
    of: "из",
    to: "Кому",
    tax_id: "ИНН",
    delivery_address: "Адрес доставки",
    order: "Заказ",
    order_of: "от",
    shipped: "Отгружен",
    not_shipped: "не отгружен",
    received: "Претензия получена",
    channel: "Способ получения",
    kind: "Вид претензии",
    due: "Срок ответа",
    working_days: "раб. дн.",
    status: "Статус",
    amount_claimed: "Сумма претензии",
    client_words: "Суть претензии (со слов клиента)",
    no_words: "Клиент не изложил претензию письменно.",
    lines: "Позиции претензии",
    no_lines: "Претензия не касается отдельных позиций заказа.",
    col_no: "№",
    col_sku: "Артикул",
    col_name: "Наименование",
    col_unit: "Ед.",
    col_ordered: "Заказано",
    col_claimed: "Заявлено",
    col_amount: "Сумма",
    col_note: "Примечание",
    total: "Итого",
    not_on_order: "нет в заказе",
    investigation: "Проверка",
    checked: "Что проверено",
    result: "Результат",
    by: "проверил",
    not_done: "Не проводились",
    nothing_done: "Проверочные мероприятия не проводились.",
    handled_by: "Заказ обработали",
    driver: "водитель",
    materials: "Материалы проверки",
    returns: "Возвраты",
    units: "ед.",
    decision: "Решение",
    outcome: "Итог рассмотрения",
    the_claim_is: "Претензия",
    culprit: "Виновная сторона",
    remedy: "Мера",
    compensation: "Сумма компенсации",
    insurance_case: "Страховой случай",
    decided_on: "Дата решения",
    reasons: "Обоснование",
    evidence_attached: "Материалы проверки прилагаются к настоящему акту.",
    pending: "Решение не принято",
    pending_detail: "претензия находится на рассмотрении; ответ будет направлен не позднее срока ответа.",
    reconsidering: "претензия рассматривается повторно; прежнее решение не действует.",
    cancelled: "Претензия аннулирована",
    manager: "Менеджер по рекламационной работе",
    head: "Руководитель отдела",
    signature: "подпись, расшифровка",
    printed: "Напечатано",
    date_format: "%d.%m.%Y",
    time_format: "%d.%m.%Y %H:%M",
};

const EN: Words = Words {
    title: "Claim act",
    subtitle: "answer to the client's claim",
    no: "No.",
    dated: "Date:",
    page: "Page",
    of: "of",
    to: "To",
    tax_id: "Tax ID",
    delivery_address: "Delivery address",
    order: "Order",
    order_of: "of",
    shipped: "Shipped",
    not_shipped: "not shipped",
    received: "Claim received",
    channel: "Received by",
    kind: "Kind of claim",
    due: "Answer due",
    working_days: "working days",
    status: "Status",
    amount_claimed: "Amount claimed",
    client_words: "The claim in the client's words",
    no_words: "The client gave no written statement.",
    lines: "Lines claimed",
    no_lines: "The claim names no lines of the order.",
    col_no: "No.",
    col_sku: "SKU",
    col_name: "Product",
    col_unit: "Unit",
    col_ordered: "Ordered",
    col_claimed: "Claimed",
    col_amount: "Amount",
    col_note: "Note",
    total: "Total",
    not_on_order: "not ordered",
    investigation: "Investigation",
    checked: "What was checked",
    result: "Result",
    by: "checked by",
    not_done: "Not carried out",
    nothing_done: "No checks were carried out.",
    handled_by: "Order handled by",
    driver: "driver",
    materials: "Evidence kept",
    returns: "Returns",
    units: "units",
    decision: "Decision",
    outcome: "Outcome",
    the_claim_is: "The claim is",
    culprit: "At fault",
    remedy: "Remedy",
    compensation: "Compensation",
    insurance_case: "Insurance case",
    decided_on: "Decided on",
    reasons: "Reasons",
    evidence_attached: "The evidence of the investigation is attached to this act.",
    pending: "Decision pending",
    pending_detail: "the claim is under investigation; the answer will be sent by the answer date.",
    reconsidering: "the claim is being reconsidered; the earlier decision no longer stands.",
    cancelled: "The claim was cancelled",
    manager: "Claims manager",
    head: "Head of department",
    signature: "signature, name",
    printed: "Printed",
    date_format: "%d %b %Y",
    time_format: "%d %b %Y %H:%M",
};

/// The fixed texts of the act in `lang`.
pub fn words(lang: ActLang) -> &'static Words {
    match lang {
        ActLang::Ru => &RU,
        ActLang::En => &EN,
    }
}

pub fn kind_label(k: ClaimKind, lang: ActLang) -> &'static str {
    use ClaimKind::*;
    match (lang, k) {
        (ActLang::Ru, Shortage) => "Недовоз (недостача)",
        (ActLang::Ru, Surplus) => "Излишек",
        (ActLang::Ru, MisSort) => "Пересорт",
        (ActLang::Ru, Defect) => "Брак",
        (ActLang::Ru, Expired) => "Истёкший или короткий срок годности",
        (ActLang::Ru, Damaged) => "Повреждение при перевозке",
        (ActLang::Ru, Documents) => "Ошибка в документах",
        (ActLang::Ru, Other) => "Прочее",
        (ActLang::En, Shortage) => "Shortage",
        (ActLang::En, Surplus) => "Surplus",
        (ActLang::En, MisSort) => "Mis-sort (wrong product)",
        (ActLang::En, Defect) => "Defect",
        (ActLang::En, Expired) => "Expired or short shelf life",
        (ActLang::En, Damaged) => "Damage in transit",
        (ActLang::En, Documents) => "Documents error",
        (ActLang::En, Other) => "Other",
    }
}

pub fn channel_label(c: ClaimChannel, lang: ActLang) -> &'static str {
    use ClaimChannel::*;
    match (lang, c) {
        (ActLang::Ru, Phone) => "по телефону",
        (ActLang::Ru, Email) => "по электронной почте",
        (ActLang::Ru, Letter) => "письмом",
        (ActLang::Ru, Driver) => "через водителя",
        (ActLang::Ru, Portal) => "через веб-портал",
        (ActLang::Ru, PickingControl) => "на контроле сборки (внутренняя)",
        (ActLang::En, Phone) => "phone",
        (ActLang::En, Email) => "e-mail",
        (ActLang::En, Letter) => "letter",
        (ActLang::En, Driver) => "via the driver",
        (ActLang::En, Portal) => "web portal",
        (ActLang::En, PickingControl) => "picking control (internal)",
    }
}

pub fn status_label(s: ClaimStatus, lang: ActLang) -> &'static str {
    use ClaimStatus::*;
    match (lang, s) {
        (ActLang::Ru, Registered) => "зарегистрирована",
        (ActLang::Ru, Investigating) => "на рассмотрении",
        (ActLang::Ru, Decided) => "решение принято",
        (ActLang::Ru, Answered) => "ответ направлен",
        (ActLang::Ru, Closed) => "закрыта",
        (ActLang::Ru, Cancelled) => "аннулирована",
        (ActLang::En, Registered) => "registered",
        (ActLang::En, Investigating) => "under investigation",
        (ActLang::En, Decided) => "decided",
        (ActLang::En, Answered) => "answered",
        (ActLang::En, Closed) => "closed",
        (ActLang::En, Cancelled) => "cancelled",
    }
}

/// The decision as the end of "The claim is …".
pub fn decision_label(d: Decision, lang: ActLang) -> &'static str {
    use Decision::*;
    match (lang, d) {
        (ActLang::Ru, Accepted) => "признана обоснованной",
        (ActLang::Ru, PartlyAccepted) => "признана обоснованной частично",
        (ActLang::Ru, Rejected) => "отклонена",
        (ActLang::En, Accepted) => "accepted",
        (ActLang::En, PartlyAccepted) => "partly accepted",
        (ActLang::En, Rejected) => "rejected",
    }
}

pub fn culprit_label(c: Culprit, lang: ActLang) -> &'static str {
    use Culprit::*;
    match (lang, c) {
        (ActLang::Ru, Picker) => "сборщик",
        (ActLang::Ru, Checker) => "контролёр",
        (ActLang::Ru, Packer) => "упаковщик",
        (ActLang::Ru, Driver) => "водитель",
        (ActLang::Ru, Supplier) => "поставщик",
        (ActLang::Ru, Client) => "клиент",
        (ActLang::Ru, Carrier) => "перевозчик",
        (ActLang::Ru, Insurer) => "страховщик",
        (ActLang::Ru, Nobody) => "вина не установлена",
        (ActLang::En, Picker) => "picker",
        (ActLang::En, Checker) => "checker",
        (ActLang::En, Packer) => "packer",
        (ActLang::En, Driver) => "driver",
        (ActLang::En, Supplier) => "supplier",
        (ActLang::En, Client) => "the client",
        (ActLang::En, Carrier) => "carrier",
        (ActLang::En, Insurer) => "insurer",
        (ActLang::En, Nobody) => "nobody (no fault found)",
    }
}

pub fn remedy_label(r: Remedy, lang: ActLang) -> &'static str {
    use Remedy::*;
    match (lang, r) {
        (ActLang::Ru, Redelivery) => "довоз товара",
        (ActLang::Ru, CreditNote) => "корректировочный документ (кредит-нота)",
        (ActLang::Ru, Return) => "возврат товара",
        (ActLang::Ru, Replacement) => "замена товара",
        (ActLang::Ru, Compensation) => "денежная компенсация",
        (ActLang::Ru, Insurance) => "страховое возмещение",
        (ActLang::Ru, Nothing) => "не предусмотрена",
        (ActLang::En, Redelivery) => "re-delivery",
        (ActLang::En, CreditNote) => "credit note",
        (ActLang::En, Return) => "return of the goods",
        (ActLang::En, Replacement) => "replacement",
        (ActLang::En, Compensation) => "compensation",
        (ActLang::En, Insurance) => "insurance payment",
        (ActLang::En, Nothing) => "none",
    }
}

pub fn evidence_label(e: Evidence, lang: ActLang) -> &'static str {
    use Evidence::*;
    match (lang, e) {
        (ActLang::Ru, Cctv) => "Просмотр видеозаписей",
        (ActLang::Ru, StockCount) => "Пересчёт остатков (в обеих системах)",
        (ActLang::Ru, CellInventory) => "Инвентаризация ячейки",
        (ActLang::Ru, ClientPhotos) => "Фотографии клиента",
        (ActLang::Ru, DriverStatement) => "Объяснение водителя",
        (ActLang::En, Cctv) => "CCTV review",
        (ActLang::En, StockCount) => "Stock count (both systems)",
        (ActLang::En, CellInventory) => "Cell inventory",
        (ActLang::En, ClientPhotos) => "Client's photos",
        (ActLang::En, DriverStatement) => "Driver's statement",
    }
}

fn person_label(role: &str, lang: ActLang) -> &'static str {
    match (lang, role) {
        (ActLang::Ru, "picker") => "сборщик",
        (ActLang::Ru, "checker") => "контролёр",
        (ActLang::Ru, "packer") => "упаковщик",
        (ActLang::En, "picker") => "picker",
        (ActLang::En, "checker") => "checker",
        (ActLang::En, "packer") => "packer",
        _ => "",
    }
}

// ---------------------------------------------------------------------------------------------
// the data

/// Everything the act prints: the claim with our company and who prints it.
#[derive(Debug, Clone)]
pub struct ActDoc {
    pub claim: ClaimDetail,
    /// Our company (Settings → company name and address).
    pub company: String,
    pub company_address: String,
    pub customer_tax_id: String,
    /// Local wall-clock time of printing.
    pub printed_at: NaiveDateTime,
    pub printed_by: String,
}

/// The data of a claim's act, printed now by `printed_by`.
pub fn act_doc(store: &Store, claim_id: i64, printed_by: &str) -> crate::Result<ActDoc> {
    let claim = store.claim(claim_id)?;
    let customer_tax_id = store
        .customer(claim.row.customer_id)
        .map(|c| c.tax_id)
        .unwrap_or_default();
    Ok(ActDoc {
        company: store.setting(COMPANY_NAME)?.unwrap_or_default(),
        company_address: store.setting(COMPANY_ADDRESS)?.unwrap_or_default(),
        customer_tax_id,
        printed_at: chrono::Local::now().naive_local(),
        printed_by: printed_by.trim().to_owned(),
        claim,
    })
}

/// The claim act of a claim as a PDF (printed by the logged-in system user).
pub fn claim_act(store: &Store, claim_id: i64, lang: ActLang) -> crate::Result<Pdf> {
    let login = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    claim_act_by(store, claim_id, lang, &login)
}

/// The claim act of a claim as a PDF, saying who printed it.
pub fn claim_act_by(store: &Store, claim_id: i64, lang: ActLang, printed_by: &str) -> crate::Result<Pdf> {
    act_pdf(&act_doc(store, claim_id, printed_by)?, lang)
}

// ---------------------------------------------------------------------------------------------
// the layout

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 15.0;
const RIGHT: f32 = PAGE_W - 15.0;
const WIDTH: f32 = RIGHT - LEFT;
/// Where the content starts on the first page (below our company's header) and on the others.
const FIRST_TOP: f32 = 28.0;
const TOP: f32 = 20.0;
const BOTTOM: f32 = 280.0;
const FOOTER_Y: f32 = 288.0;
const BODY: Style = Style::regular(9.0);
const TABLE: Style = Style::regular(8.0);
const LABEL_W: f32 = 46.0;
const PAD: f32 = 1.0;
const ROW_H: f32 = 5.0;
const HEAD_H: f32 = 6.5;
const SIGNATURES_H: f32 = 23.0;
/// A row never grows beyond this many lines (a page holds about 60).
const MAX_ROW_LINES: usize = 40;

#[derive(Clone, Copy, PartialEq)]
enum Col {
    No,
    Sku,
    Name,
    Unit,
    Ordered,
    Claimed,
    Amount,
    Note,
}

/// Column, x and width.
fn columns() -> [(Col, f32, f32); 8] {
    let spec = [
        (Col::No, 8.0),
        (Col::Sku, 22.0),
        (Col::Name, 0.0),
        (Col::Unit, 11.0),
        (Col::Ordered, 16.0),
        (Col::Claimed, 16.0),
        (Col::Amount, 22.0),
        (Col::Note, 32.0),
    ];
    let fixed: f32 = spec.iter().map(|s| s.1).sum();
    let mut x = LEFT;
    spec.map(|(c, w)| {
        let w = if w == 0.0 { WIDTH - fixed } else { w };
        let col = (c, x, w);
        x += w;
        col
    })
}

fn col(c: Col) -> (f32, f32) {
    columns()
        .iter()
        .find(|k| k.0 == c)
        .map_or((LEFT, 20.0), |k| (k.1, k.2))
}

fn right_aligned(c: Col) -> bool {
    matches!(c, Col::No | Col::Ordered | Col::Claimed | Col::Amount)
}

/// One thing laid out top to bottom; the content is a list of these.
enum Item {
    /// Vertical space (dropped at the top of a page).
    Gap(f32),
    /// A line of the title, centered.
    Title(String, Style),
    /// A section heading with a rule under it; stays with what follows.
    Heading(String),
    /// One line of a field: the label (on its first line only) and a line of the value.
    Field {
        label: String,
        value: String,
        bold: bool,
        indent: f32,
        /// Stays on the page of the next item (the lines of one evidence item).
        keep: bool,
    },
    /// One line of running text.
    Text {
        text: String,
        style: Style,
        indent: f32,
    },
    /// The lines table's column header.
    TableHead,
    Row {
        line: ClaimLineView,
        name: Vec<String>,
        note: Vec<String>,
    },
    Total {
        qty: i64,
        amount: i64,
    },
    Signatures {
        manager: String,
        printed: String,
    },
}

impl Item {
    fn height(&self) -> f32 {
        match self {
            Item::Gap(h) => *h,
            Item::Title(_, s) => s.leading_mm() + 0.5,
            Item::Heading(_) => 8.5,
            Item::Field { .. } => BODY.leading_mm() + 0.2,
            Item::Text { style, .. } => style.leading_mm() + 0.1,
            Item::TableHead => HEAD_H,
            Item::Row { name, note, .. } => {
                ROW_H + (name.len().max(note.len()).max(1) - 1) as f32 * TABLE.leading_mm()
            }
            Item::Total { .. } => 6.5,
            Item::Signatures { .. } => SIGNATURES_H,
        }
    }

    /// Must not end a page: a heading, a table header, the first line of a field or of an
    /// evidence item.
    fn keep_with_next(&self) -> bool {
        match self {
            Item::Heading(_) | Item::TableHead => true,
            Item::Text { style, .. } => style.weight == Weight::Bold,
            Item::Field { keep, .. } => *keep,
            _ => false,
        }
    }
}

/// Builds the act's items from the data.
struct Builder {
    fonts: &'static FontSet,
    items: Vec<Item>,
}

impl Builder {
    fn gap(&mut self, h: f32) {
        self.items.push(Item::Gap(h));
    }

    fn heading(&mut self, text: &str) {
        self.gap(1.5);
        self.items.push(Item::Heading(text.to_owned()));
    }

    /// A field: the value wraps beside the label, one item per line.
    fn field(&mut self, label: &str, value: &str, bold: bool, indent: f32) {
        let weight = if bold { Weight::Bold } else { Weight::Regular };
        let w = WIDTH - LABEL_W;
        let value = if value.trim().is_empty() {
            "—"
        } else {
            value.trim()
        };
        for (i, line) in self
            .fonts
            .wrap(value, w, BODY.size, weight)
            .into_iter()
            .enumerate()
        {
            self.items.push(Item::Field {
                label: if i == 0 { label.to_owned() } else { String::new() },
                value: line,
                bold,
                indent,
                keep: false,
            });
        }
    }

    /// Keeps the field lines pushed since `mark` with what follows them.
    fn keep_from(&mut self, mark: usize) {
        for item in &mut self.items[mark..] {
            if let Item::Field { keep, .. } = item {
                *keep = true;
            }
        }
    }

    /// Running text over the whole width (less `indent`), one item per line.
    fn text(&mut self, text: &str, style: Style, indent: f32) {
        for line in self
            .fonts
            .wrap(text.trim(), WIDTH - indent, style.size, style.weight)
        {
            self.items.push(Item::Text {
                text: line,
                style,
                indent,
            });
        }
    }

    fn title(&mut self, text: &str, style: Style) {
        for line in self.fonts.wrap(text, WIDTH, style.size, style.weight) {
            self.items.push(Item::Title(line, style));
        }
    }

    /// Wraps a cell's text into its column, at most [`MAX_ROW_LINES`] lines.
    fn cell(&self, text: &str, c: Col) -> Vec<String> {
        let mut lines = self
            .fonts
            .wrap(text.trim(), col(c).1 - 2.0, TABLE.size, Weight::Regular);
        if lines.len() > MAX_ROW_LINES {
            lines.truncate(MAX_ROW_LINES);
            if let Some(last) = lines.last_mut() {
                *last = ellipsize(self.fonts, &format!("{last} …"), col(c).1 - 2.0, TABLE);
            }
        }
        lines
    }
}

fn date(t: DateTime<Utc>, w: &Words) -> String {
    local(t).format(w.date_format).to_string()
}

fn time(t: DateTime<Utc>, w: &Words) -> String {
    local(t).format(w.time_format).to_string()
}

fn join(parts: &[&str], sep: &str) -> String {
    parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join(sep)
}

/// Capitalises the first letter (labels are written for the middle of a sentence).
fn upper_first(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// The act's number line: "АКТ рассмотрения претензии № CL-2026-00001".
fn act_title(w: &Words, number: &str) -> String {
    format!("{} {} {number}", w.title, w.no)
}

/// The decision counts only once the claim is decided (a reopened claim is reconsidered).
fn standing_decision(c: &ClaimDetail) -> Option<&crate::domain::claim::DecisionDraft> {
    match c.row.status {
        ClaimStatus::Decided | ClaimStatus::Answered | ClaimStatus::Closed => c.decision.as_ref(),
        _ => None,
    }
}

fn items(d: &ActDoc, lang: ActLang) -> Vec<Item> {
    let w = words(lang);
    let c = &d.claim;
    let row = &c.row;
    let mut b = Builder {
        fonts: FontSet::get(),
        items: Vec::new(),
    };
    let decision = standing_decision(c);

    // title
    b.title(&act_title(w, &row.number), Style::bold(14.0));
    b.title(&format!("({})", w.subtitle), Style::regular(10.0));
    let act_date = match (decision, c.decided_at) {
        (Some(_), Some(t)) => date(t, w),
        _ => d.printed_at.format(w.date_format).to_string(),
    };
    b.title(&format!("{} {act_date}", w.dated), Style::regular(10.0));
    b.gap(3.0);

    // the parties and the claim
    let to = if row.customer_code.is_empty() {
        row.customer_name.clone()
    } else {
        format!("{} ({})", row.customer_name, row.customer_code)
    };
    b.field(w.to, &to, true, 0.0);
    if !d.customer_tax_id.trim().is_empty() {
        b.field(w.tax_id, &d.customer_tax_id, false, 0.0);
    }
    b.field(w.delivery_address, &c.delivery_address, false, 0.0);
    b.field(
        w.order,
        &format!(
            "{} {} {} {}",
            w.no,
            row.order_number,
            w.order_of,
            date(c.order_received_at, w)
        ),
        true,
        0.0,
    );
    let shipped = c.shipped_at.map_or(w.not_shipped.to_owned(), |t| date(t, w));
    b.field(w.shipped, &shipped, false, 0.0);
    b.field(w.received, &time(row.received_at, w), false, 0.0);
    b.field(
        w.channel,
        &upper_first(channel_label(row.channel, lang)),
        false,
        0.0,
    );
    b.field(w.kind, kind_label(row.kind, lang), true, 0.0);
    b.field(
        w.due,
        &format!("{} ({} {})", time(row.due_at, w), c.answer_days, w.working_days),
        false,
        0.0,
    );
    b.field(w.status, &upper_first(status_label(row.status, lang)), false, 0.0);
    b.field(w.amount_claimed, &format_money(row.claimed_minor), false, 0.0);

    // the client's words
    b.heading(w.client_words);
    if c.client_words.trim().is_empty() {
        b.text(w.no_words, BODY, 0.0);
    } else {
        for para in c.client_words.trim().split('\n') {
            b.text(para, BODY, 0.0);
        }
    }

    // the lines
    b.heading(w.lines);
    if c.lines.is_empty() {
        b.text(w.no_lines, BODY, 0.0);
    } else {
        b.items.push(Item::TableHead);
        for l in &c.lines {
            let name = b.cell(&l.name, Col::Name);
            let note = b.cell(&l.note, Col::Note);
            b.items.push(Item::Row {
                line: l.clone(),
                name,
                note,
            });
        }
        b.items.push(Item::Total {
            qty: c.lines.iter().map(|l| l.quantity).sum(),
            amount: c.lines.iter().map(|l| l.amount_minor).sum(),
        });
    }

    // the investigation
    b.heading(w.investigation);
    let done: Vec<_> = c.evidence.iter().filter(|e| e.done).collect();
    if done.is_empty() {
        b.text(w.nothing_done, BODY, 0.0);
    }
    for (i, e) in done.iter().enumerate() {
        let mut head = format!("{}. {}", i + 1, evidence_label(e.kind, lang));
        if let Some(at) = e.updated_at {
            head.push_str(&format!(" ({}, {} {})", date(at, w), w.by, e.updated_by));
        }
        b.text(&head, Style::bold(9.0), 0.0);
        if !e.detail.trim().is_empty() {
            let mark = b.items.len();
            b.field(w.checked, &e.detail, false, 5.0);
            b.keep_from(mark);
        }
        b.field(w.result, &e.result, false, 5.0);
    }
    let not_done: Vec<&str> = c
        .evidence
        .iter()
        .filter(|e| !e.done)
        .map(|e| evidence_label(e.kind, lang))
        .collect();
    if !done.is_empty() && !not_done.is_empty() {
        b.gap(1.0);
        b.text(
            &format!("{}: {}.", w.not_done, not_done.join("; ")),
            Style::regular(8.0),
            0.0,
        );
    }
    b.gap(1.5);
    let people: Vec<String> = [
        ("picker", &c.people.picker),
        ("checker", &c.people.checker),
        ("packer", &c.people.packer),
    ]
    .iter()
    .filter(|(_, n)| !n.trim().is_empty())
    .map(|(role, n)| format!("{} {}", person_label(role, lang), n.trim()))
    .chain((!c.driver.trim().is_empty()).then(|| format!("{} {}", w.driver, c.driver.trim())))
    .collect();
    if !people.is_empty() {
        b.field(w.handled_by, &people.join("; "), false, 0.0);
    }
    if !c.files.is_empty() {
        let names: Vec<&str> = c.files.iter().map(|f| f.name.as_str()).collect();
        b.field(
            &format!("{} ({})", w.materials, c.files.len()),
            &names.join(", "),
            false,
            0.0,
        );
    }
    if !c.returns.is_empty() {
        let returns: Vec<String> = c
            .returns
            .iter()
            .map(|r| {
                let units: i64 = r.lines.iter().map(|l| l.quantity).sum();
                format!("{} {} ({units} {})", r.number, date(r.received_at, w), w.units)
            })
            .collect();
        b.field(w.returns, &returns.join("; "), false, 0.0);
    }

    // the decision
    b.heading(w.decision);
    match decision {
        Some(dec) => {
            b.field(
                w.outcome,
                &format!("{} {}.", w.the_claim_is, decision_label(dec.decision, lang)),
                true,
                0.0,
            );
            let culprit = join(
                &[&upper_first(culprit_label(dec.culprit, lang)), &dec.culprit_name],
                " — ",
            );
            b.field(w.culprit, &culprit, false, 0.0);
            b.field(w.remedy, &upper_first(remedy_label(dec.remedy, lang)), false, 0.0);
            if dec.compensation_minor > 0 {
                b.field(w.compensation, &format_money(dec.compensation_minor), true, 0.0);
            }
            if !dec.insurance_case.trim().is_empty() {
                b.field(w.insurance_case, &dec.insurance_case, false, 0.0);
            }
            if let Some(t) = c.decided_at {
                b.field(w.decided_on, &date(t, w), false, 0.0);
            }
            if !dec.note.trim().is_empty() {
                for (i, para) in dec.note.trim().split('\n').enumerate() {
                    b.field(if i == 0 { w.reasons } else { "" }, para, false, 0.0);
                }
            }
            if dec.decision == Decision::Rejected {
                b.gap(1.0);
                b.text(w.evidence_attached, BODY, 0.0);
            }
        }
        None if row.status == ClaimStatus::Cancelled => {
            let reason = c.cancel_reason.as_deref().unwrap_or_default().trim();
            let text = if reason.is_empty() {
                format!("{}.", w.cancelled)
            } else {
                format!("{}: {reason}", w.cancelled)
            };
            b.text(&text, Style::bold(9.5), 0.0);
        }
        None => {
            let detail = if c.decision.is_some() {
                w.reconsidering
            } else {
                w.pending_detail
            };
            b.text(&format!("{}: {detail}", w.pending), Style::bold(9.5), 0.0);
        }
    }

    // signatures
    let manager = c
        .events
        .iter()
        .rev()
        .find(|e| e.to == ClaimStatus::Decided)
        .map(|e| e.by.clone())
        .unwrap_or_default();
    let printed = join(
        &[&d.printed_at.format(w.time_format).to_string(), &d.printed_by],
        " · ",
    );
    b.gap(1.5);
    b.items.push(Item::Signatures {
        manager,
        printed: format!("{}: {printed}", w.printed),
    });
    b.items
}

/// What a page draws: an item at a height, or the table header repeated on a continued page.
#[derive(Clone, Copy)]
enum Placed {
    Item(usize, f32),
    RepeatHead(f32),
}

/// Cuts the items into pages.
fn paginate(items: &[Item]) -> Vec<Vec<Placed>> {
    let mut pages: Vec<Vec<Placed>> = Vec::new();
    let mut page: Vec<Placed> = Vec::new();
    let mut y = FIRST_TOP;
    for (i, item) in items.iter().enumerate() {
        let h = item.height();
        // an item that must not end a page needs the next ones with it
        let mut need = h;
        let mut j = i;
        while items[j].keep_with_next() && j + 1 < items.len() {
            j += 1;
            need += items[j].height();
        }
        if y + need > BOTTOM && !page.is_empty() {
            pages.push(std::mem::take(&mut page));
            y = TOP;
            if matches!(item, Item::Row { .. } | Item::Total { .. }) {
                page.push(Placed::RepeatHead(y));
                y += HEAD_H;
            }
        }
        if matches!(item, Item::Gap(_)) && y == TOP {
            continue;
        }
        page.push(Placed::Item(i, y));
        y += h;
    }
    pages.push(page);
    pages
}

/// The act as a PDF.
pub fn act_pdf(d: &ActDoc, lang: ActLang) -> crate::Result<Pdf> {
    let w = words(lang);
    let items = items(d, lang);
    let pages = paginate(&items);
    let total = pages.len();
    let title = act_title(w, &d.claim.row.number);
    let footer = format!("{} · {} {} {}", title, w.order, w.no, d.claim.row.order_number);
    render(&title, total, &Progress::new(), |doc| {
        for (p, placed) in pages.iter().enumerate() {
            let mut page = doc.page(PAGE_W, PAGE_H);
            if p == 0 {
                company_header(&mut page, d);
            } else {
                running_header(&mut page, d, &title);
            }
            for &pl in placed {
                match pl {
                    Placed::Item(i, y) => draw(&mut page, y, &items[i], w),
                    Placed::RepeatHead(y) => table_head(&mut page, y, w),
                }
            }
            page.line(LEFT, FOOTER_Y - 4.0, RIGHT, FOOTER_Y - 4.0, 0.2);
            let page_of = format!("{} {} {} {total}", w.page, p + 1, w.of);
            let pw = page.measure(&page_of, Style::bold(8.0));
            page.text_fit(
                LEFT,
                FOOTER_Y,
                WIDTH - pw - 6.0,
                Align::Left,
                Style::regular(8.0),
                6.0,
                &footer,
            );
            page.text_aligned(LEFT, FOOTER_Y, WIDTH, Align::Right, Style::bold(8.0), &page_of);
            doc.push(page);
        }
        Ok(())
    })
}

/// Our company's name and address at the top of the first page.
fn company_header(page: &mut Page, d: &ActDoc) {
    page.text_fit(LEFT, 15.0, WIDTH, Align::Left, Style::bold(12.0), 8.0, &d.company);
    page.text_fit(
        LEFT,
        20.5,
        WIDTH,
        Align::Left,
        Style::regular(8.5),
        6.0,
        &d.company_address,
    );
    page.line(LEFT, 23.5, RIGHT, 23.5, 0.4);
}

/// The company and the act's number at the top of the following pages.
fn running_header(page: &mut Page, d: &ActDoc, title: &str) {
    let style = Style::regular(8.0);
    let tw = page.measure(title, Style::bold(8.0)).min(WIDTH / 2.0);
    page.text_fit(LEFT, 12.0, WIDTH - tw - 6.0, Align::Left, style, 6.0, &d.company);
    page.text_fit(RIGHT - tw, 12.0, tw, Align::Right, Style::bold(8.0), 6.0, title);
    page.line(LEFT, 14.5, RIGHT, 14.5, 0.2);
}

fn table_head(page: &mut Page, y: f32, w: &Words) {
    page.fill(&[Area::new(LEFT, y, WIDTH, HEAD_H - 0.8)], 0.88);
    for (c, x, cw) in columns() {
        let text = match c {
            Col::No => w.col_no,
            Col::Sku => w.col_sku,
            Col::Name => w.col_name,
            Col::Unit => w.col_unit,
            Col::Ordered => w.col_ordered,
            Col::Claimed => w.col_claimed,
            Col::Amount => w.col_amount,
            Col::Note => w.col_note,
        };
        let align = if right_aligned(c) {
            Align::Right
        } else {
            Align::Left
        };
        page.text_fit(x + 1.0, y + 4.0, cw - 2.0, align, Style::bold(7.5), 5.5, text);
    }
}

fn draw(page: &mut Page, y: f32, item: &Item, w: &Words) {
    let h = item.height();
    match item {
        Item::Gap(_) => {}
        Item::Title(text, style) => {
            page.text_aligned(LEFT, y + style.ascent_mm(), WIDTH, Align::Center, *style, text);
        }
        Item::Heading(text) => {
            let style = Style::bold(10.5);
            page.text_fit(LEFT, y + 5.6, WIDTH, Align::Left, style, 7.0, text);
            page.line(LEFT, y + 7.1, RIGHT, y + 7.1, 0.25);
        }
        Item::Field {
            label,
            value,
            bold,
            indent,
            ..
        } => {
            let base = y + BODY.ascent_mm() + 0.3;
            if !label.is_empty() {
                page.text_fit(
                    LEFT + indent,
                    base,
                    LABEL_W - indent - 2.0,
                    Align::Left,
                    Style::regular(8.5),
                    6.0,
                    &format!("{label}:"),
                );
            }
            let style = if *bold { Style::bold(9.0) } else { BODY };
            page.text_fit(
                LEFT + LABEL_W,
                base,
                WIDTH - LABEL_W,
                Align::Left,
                style,
                6.0,
                value,
            );
        }
        Item::Text { text, style, indent } => {
            page.text_fit(
                LEFT + indent,
                y + style.ascent_mm() + 0.3,
                WIDTH - indent,
                Align::Left,
                *style,
                6.0,
                text,
            );
        }
        Item::TableHead => table_head(page, y, w),
        Item::Row { line, name, note } => {
            let base = y + PAD + TABLE.ascent_mm();
            for (c, x, cw) in columns() {
                let (x, cw) = (x + 1.0, cw - 2.0);
                let one = |page: &mut Page, text: &str, style: Style| {
                    let align = if right_aligned(c) {
                        Align::Right
                    } else {
                        Align::Left
                    };
                    page.text_fit(x, base, cw, align, style, 5.5, text);
                };
                match c {
                    Col::No => one(page, &line.line_no.to_string(), TABLE),
                    Col::Sku => one(page, &line.sku, TABLE),
                    Col::Unit => one(page, &line.unit, TABLE),
                    Col::Ordered => {
                        let text = if line.ordered > 0 {
                            line.ordered.to_string()
                        } else {
                            w.not_on_order.to_owned()
                        };
                        one(page, &text, TABLE);
                    }
                    Col::Claimed => one(page, &line.quantity.to_string(), Style::bold(8.0)),
                    Col::Amount => one(page, &format_money(line.amount_minor), TABLE),
                    Col::Name | Col::Note => {
                        let lines = if c == Col::Name { name } else { note };
                        for (i, l) in lines.iter().enumerate() {
                            page.text(x, base + i as f32 * TABLE.leading_mm(), TABLE, l);
                        }
                    }
                }
            }
            page.line(LEFT, y + h, RIGHT, y + h, 0.1);
        }
        Item::Total { qty, amount } => {
            let base = y + 4.5;
            let style = Style::bold(8.5);
            let (ux, uw) = col(Col::Unit);
            page.text_fit(
                LEFT + 1.0,
                base,
                ux + uw - LEFT - 2.0,
                Align::Left,
                style,
                6.0,
                w.total,
            );
            let (cx, cw) = col(Col::Claimed);
            page.text_fit(
                cx + 1.0,
                base,
                cw - 2.0,
                Align::Right,
                style,
                5.5,
                &qty.to_string(),
            );
            let (ax, aw) = col(Col::Amount);
            page.text_fit(
                ax + 1.0,
                base,
                aw - 2.0,
                Align::Right,
                style,
                5.5,
                &format_money(*amount),
            );
            page.line(LEFT, y + h, RIGHT, y + h, 0.3);
        }
        Item::Signatures { manager, printed } => {
            let half = WIDTH / 2.0;
            let sy = y + 4.5;
            for (i, (who, name)) in [(w.manager, manager.as_str()), (w.head, "")]
                .into_iter()
                .enumerate()
            {
                let x = LEFT + i as f32 * (half + 4.0);
                let lw = half - 4.0;
                page.text_fit(x, sy, lw, Align::Left, Style::bold(8.5), 6.0, who);
                page.line(x, sy + 9.5, x + lw, sy + 9.5, 0.25);
                if !name.is_empty() {
                    page.text_fit(x + 1.0, sy + 8.4, lw - 2.0, Align::Right, BODY, 6.0, name);
                }
                page.text(x, sy + 12.2, Style::regular(6.5), w.signature);
            }
            page.text_fit(
                LEFT,
                y + h - 0.5,
                WIDTH,
                Align::Left,
                Style::regular(7.5),
                6.0,
                printed,
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_in_both_languages() {
        for lang in ActLang::ALL {
            for k in ClaimKind::ALL {
                assert!(!kind_label(*k, *lang).is_empty());
            }
            for c in ClaimChannel::ALL {
                assert!(!channel_label(*c, *lang).is_empty());
            }
            for s in ClaimStatus::ALL {
                assert!(!status_label(*s, *lang).is_empty());
            }
            for d in Decision::ALL {
                assert!(!decision_label(*d, *lang).is_empty());
            }
            for c in Culprit::ALL {
                assert!(!culprit_label(*c, *lang).is_empty());
            }
            for r in Remedy::ALL {
                assert!(!remedy_label(*r, *lang).is_empty());
            }
            for e in Evidence::ALL {
                assert!(!evidence_label(*e, *lang).is_empty());
            }
        }
        assert_ne!(words(ActLang::Ru).title, words(ActLang::En).title);
        assert!(FontSet::get().covers(RU.title));
    }

    #[test]
    fn a_heading_never_ends_a_page() {
        let mut items: Vec<Item> = (0..200)
            .map(|i| Item::Text {
                text: format!("line {i}"),
                style: BODY,
                indent: 0.0,
            })
            .collect();
        for at in [50, 60, 70, 80, 90, 100, 110] {
            items.insert(at, Item::Heading("H".into()));
        }
        let pages = paginate(&items);
        assert!(pages.len() > 2);
        for p in &pages {
            if let Some(Placed::Item(i, _)) = p.last() {
                assert!(!items[*i].keep_with_next(), "a heading ends a page");
            }
            for pl in p {
                if let Placed::Item(i, y) = pl {
                    assert!(y + items[*i].height() <= BOTTOM + 0.01);
                }
            }
        }
    }
}

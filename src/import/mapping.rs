//! Which column holds what: the fields of an order file, the header words that name them in
//! English, Russian, Polish and Chinese, finding the header row (spreadsheets have title rows
//! above the table), and reading quantities and dates the way senders write them.

use super::grid::{Cell, Row};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// A field of an order file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Field {
    OrderNo,
    OrderDate,
    WantedDate,
    Customer,
    TaxId,
    DeliveryPoint,
    Sku,
    Ean,
    Quantity,
    Unit,
    Channel,
    Comment,
}

impl Field {
    pub const ALL: [Field; 12] = [
        Field::OrderNo,
        Field::OrderDate,
        Field::WantedDate,
        Field::Customer,
        Field::TaxId,
        Field::DeliveryPoint,
        Field::Sku,
        Field::Ean,
        Field::Quantity,
        Field::Unit,
        Field::Channel,
        Field::Comment,
    ];

    /// The field's name in messages and in the mapping editor (an i18n key).
    pub fn label(self) -> &'static str {
        match self {
            Field::OrderNo => "sender's order number",
            Field::OrderDate => "order date",
            Field::WantedDate => "wanted date",
            Field::Customer => "customer",
            Field::TaxId => "customer tax id",
            Field::DeliveryPoint => "delivery point",
            Field::Sku => "SKU",
            Field::Ean => "EAN",
            Field::Quantity => "quantity",
            Field::Unit => "unit",
            Field::Channel => "channel",
            Field::Comment => "comment",
        }
    }

    /// Header words naming the field (compared after [`normalize`]).
    fn synonyms(self) -> &'static [&'static str] {
        match self {
            Field::OrderNo => &[
                "order_no",
                "order no",
                "order number",
                "order id",
                "po number",
                "po no",
                "номер заказа",
                "№ заказа",
                "заказ №",
                "номер",
                "номер документа",
                "no",
                "numer zamówienia",
                "nr zamówienia",
                "numer",
                "nr",
                "订单号",
                "订单编号",
                "单号",
            ],
            Field::OrderDate => &[
                "date",
                "order date",
                "дата",
                "дата заказа",
                "дата документа",
                "data",
                "data zamówienia",
                "日期",
                "订单日期",
                "下单日期",
            ],
            Field::WantedDate => &[
                "wanted date",
                "delivery date",
                "ship date",
                "wanted",
                "дата доставки",
                "дата отгрузки",
                "желаемая дата",
                "data dostawy",
                "termin dostawy",
                "交货日期",
                "送货日期",
                "发货日期",
            ],
            Field::Customer => &[
                "customer",
                "client",
                "customer code",
                "client code",
                "buyer",
                "клиент",
                "код клиента",
                "покупатель",
                "контрагент",
                "заказчик",
                "klient",
                "kod klienta",
                "odbiorca",
                "nabywca",
                "客户",
                "客户代码",
                "客户编码",
            ],
            Field::TaxId => &[
                "tax id",
                "tax_id",
                "vat id",
                "inn",
                "инн",
                "nip",
                "税号",
                "纳税人识别号",
            ],
            Field::DeliveryPoint => &[
                "delivery point",
                "delivery address",
                "address",
                "адрес",
                "адрес доставки",
                "точка доставки",
                "adres",
                "adres dostawy",
                "送货地址",
                "收货地址",
            ],
            Field::Sku => &[
                "sku",
                "article",
                "art",
                "item",
                "item code",
                "code",
                "product code",
                "артикул",
                "арт",
                "код",
                "код товара",
                "код номенклатуры",
                "kod",
                "kod towaru",
                "indeks",
                "symbol",
                "货号",
                "商品编码",
                "编码",
                "物料编码",
            ],
            Field::Ean => &[
                "ean",
                "ean13",
                "ean 13",
                "barcode",
                "gtin",
                "штрихкод",
                "штрих код",
                "шк",
                "kod kreskowy",
                "条码",
                "条形码",
            ],
            Field::Quantity => &[
                "qty",
                "quantity",
                "order",
                "order qty",
                "ordered",
                "количество",
                "кол во",
                "кол",
                "заказ",
                "заказано",
                "ilość",
                "ilosc",
                "zamówienie",
                "zamowienie",
                "数量",
                "订购数量",
                "订货数量",
            ],
            Field::Unit => &[
                "unit",
                "uom",
                "ед",
                "ед изм",
                "единица",
                "единица измерения",
                "jm",
                "jednostka",
                "单位",
            ],
            Field::Channel => &["channel", "канал", "источник", "kanał", "渠道"],
            Field::Comment => &[
                "comment",
                "note",
                "notes",
                "комментарий",
                "примечание",
                "uwagi",
                "komentarz",
                "uwaga",
                "备注",
                "说明",
            ],
        }
    }
}

/// A header word as compared: lower case, `ё` as `е`, `№`/`#` as "no", punctuation as spaces.
pub fn normalize(h: &str) -> String {
    let mut out = String::with_capacity(h.len());
    for ch in h.trim().chars().flat_map(char::to_lowercase) {
        match ch {
            'ё' => out.push('е'),
            '№' | '#' => out.push_str(" no "),
            '.' | ':' | ',' | ';' | '(' | ')' | '[' | ']' | '_' | '-' | '/' | '\\' | '"' | '\'' | '«'
            | '»' | '*' | '\u{a0}' => out.push(' '),
            c => out.push(c),
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The column of each field (0-based).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Mapping {
    pub columns: BTreeMap<Field, usize>,
}

impl Mapping {
    pub fn get(&self, f: Field) -> Option<usize> {
        self.columns.get(&f).copied()
    }
    pub fn set(&mut self, f: Field, col: Option<usize>) {
        match col {
            Some(c) => {
                // one column holds one field
                self.columns.retain(|_, v| *v != c);
                self.columns.insert(f, c);
            }
            None => {
                self.columns.remove(&f);
            }
        }
    }
    /// What an order file needs at least: a product column and a quantity column.
    pub fn usable(&self) -> bool {
        (self.get(Field::Sku).is_some() || self.get(Field::Ean).is_some())
            && self.get(Field::Quantity).is_some()
    }

    /// Maps a header row by its words: exact names first, then names that begin a header
    /// ("Количество, шт"), each field once, each column once.
    pub fn from_header(header: &[String]) -> Mapping {
        let norm: Vec<String> = header.iter().map(|h| normalize(h)).collect();
        let mut m = Mapping::default();
        let mut taken = vec![false; norm.len()];
        for exact in [true, false] {
            for f in Field::ALL {
                if m.columns.contains_key(&f) {
                    continue;
                }
                let syns: Vec<String> = f.synonyms().iter().map(|s| normalize(s)).collect();
                let hit = norm.iter().enumerate().position(|(i, h)| {
                    !taken[i]
                        && !h.is_empty()
                        && syns.iter().any(|s| {
                            if exact {
                                h == s
                            } else {
                                h.starts_with(s.as_str()) && h[s.len()..].starts_with(' ')
                            }
                        })
                });
                if let Some(i) = hit {
                    taken[i] = true;
                    m.columns.insert(f, i);
                }
            }
        }
        m
    }
}

/// The header row among the first rows of a file: the first row naming the most fields, with
/// a product and a quantity column among them. Returns its index in `rows`.
pub fn find_header(rows: &[Row]) -> Option<(usize, Mapping)> {
    let mut best: Option<(usize, Mapping)> = None;
    for (i, row) in rows.iter().enumerate().take(40) {
        let header: Vec<String> = row.cells.iter().map(Cell::text).collect();
        let m = Mapping::from_header(&header);
        if !m.usable() {
            continue;
        }
        if best
            .as_ref()
            .is_none_or(|(_, b)| m.columns.len() > b.columns.len())
        {
            best = Some((i, m));
        }
    }
    best
}

/// How the file writes decimals.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DecimalMark {
    /// A comma or a point is the decimal mark; spaces group thousands.
    #[default]
    Auto,
    /// Comma is the decimal mark; points and spaces group thousands (`1.200,5`).
    Comma,
    /// Point is the decimal mark; commas and spaces group thousands (`1,200.5`).
    Point,
}

/// A number as people type it: `12`, `12,000`, `12.5`, `1 200`, `1.200,50`.
pub fn parse_number(s: &str, mark: DecimalMark) -> Option<f64> {
    let t: String = s
        .trim()
        .chars()
        .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}' | '\''))
        .collect();
    if t.is_empty() {
        return None;
    }
    let t = match mark {
        DecimalMark::Comma => t.replace('.', "").replace(',', "."),
        DecimalMark::Point => t.replace(',', ""),
        DecimalMark::Auto => match (t.rfind(','), t.rfind('.')) {
            (Some(c), Some(p)) if c > p => t.replace('.', "").replace(',', "."),
            (Some(_), Some(_)) => t.replace(',', ""),
            (Some(_), None) if t.matches(',').count() == 1 => t.replace(',', "."),
            (Some(_), None) => return None,
            _ => t,
        },
    };
    if !t
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'-' | b'+'))
    {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// A quantity: a whole positive number of units. `Ok(None)` for an empty cell or zero (a
/// price-list row the client did not order).
pub fn parse_quantity(cell: &Cell, mark: DecimalMark) -> Result<Option<i64>, String> {
    let v = match cell {
        Cell::Empty => return Ok(None),
        Cell::Number(n) => *n,
        Cell::Date(_) => return Err("is a date, not a quantity".into()),
        Cell::Text(s) if s.trim().is_empty() => return Ok(None),
        Cell::Text(s) => parse_number(s, mark).ok_or_else(|| format!("'{}' is not a number", s.trim()))?,
    };
    if v == 0.0 {
        return Ok(None);
    }
    if v < 0.0 {
        return Err(format!("{} is not a positive number", cell.text()));
    }
    if v.fract().abs() > 1e-9 {
        return Err(format!("{} is not a whole number of units", cell.text()));
    }
    if v > 1e9 {
        return Err(format!("{} is too large", cell.text()));
    }
    Ok(Some(v.round() as i64))
}

/// A date: `dd.mm.yyyy`, `yyyy-mm-dd`, `dd/mm/yyyy`, `dd.mm.yy`, `2026年11月20日`, with or
/// without a time after it; spreadsheet dates and Excel day serials.
pub fn parse_date(cell: &Cell) -> Result<Option<NaiveDate>, String> {
    let s = match cell {
        Cell::Empty => return Ok(None),
        Cell::Date(d) => return Ok(Some(*d)),
        Cell::Number(n) if (20_000.0..80_000.0).contains(n) => {
            let base = NaiveDate::from_ymd_opt(1899, 12, 30).unwrap_or_default();
            return Ok(base.checked_add_signed(chrono::Duration::days(*n as i64)));
        }
        Cell::Number(_) => return Err(format!("'{}' is not a date", cell.text())),
        Cell::Text(s) => s.trim(),
    };
    if s.is_empty() {
        return Ok(None);
    }
    let day = s.split([' ', 'T']).next().unwrap_or(s);
    for f in [
        "%d.%m.%Y",
        "%Y-%m-%d",
        "%d/%m/%Y",
        "%d.%m.%y",
        "%Y.%m.%d",
        "%d-%m-%Y",
        "%Y/%m/%d",
        "%Y年%m月%d日",
    ] {
        if let Ok(d) = NaiveDate::parse_from_str(day, f) {
            // two-digit years: chrono reads "%y" into this century already
            if (1990..=2200).contains(&chrono::Datelike::year(&d)) {
                return Ok(Some(d));
            }
        }
    }
    Err(format!(
        "'{s}' is not a date (expected dd.mm.yyyy, yyyy-mm-dd or dd/mm/yyyy)"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hdr(cols: &[&str]) -> Mapping {
        Mapping::from_header(&cols.iter().map(|s| s.to_string()).collect::<Vec<_>>())
    }

    #[test]
    fn headers_in_four_languages() {
        let m = hdr(&["order_no", "date", "customer", "sku", "qty", "channel"]);
        assert_eq!(m.get(Field::OrderNo), Some(0));
        assert_eq!(m.get(Field::OrderDate), Some(1));
        assert_eq!(m.get(Field::Customer), Some(2));
        assert_eq!(m.get(Field::Sku), Some(3));
        assert_eq!(m.get(Field::Quantity), Some(4));
        assert_eq!(m.get(Field::Channel), Some(5));
        let m = hdr(&[
            "Номер заказа",
            "Дата",
            "Код клиента",
            "Артикул",
            "Кол-во",
            "Дата отгрузки",
        ]);
        assert_eq!(m.get(Field::OrderNo), Some(0));
        assert_eq!(m.get(Field::Customer), Some(2));
        assert_eq!(m.get(Field::Sku), Some(3));
        assert_eq!(m.get(Field::Quantity), Some(4));
        assert_eq!(m.get(Field::WantedDate), Some(5));
        let m = hdr(&["Numer zamówienia", "Klient", "Kod", "Ilość"]);
        assert_eq!(
            (
                m.get(Field::OrderNo),
                m.get(Field::Customer),
                m.get(Field::Sku),
                m.get(Field::Quantity)
            ),
            (Some(0), Some(1), Some(2), Some(3))
        );
        let m = hdr(&["订单号", "客户", "货号", "数量"]);
        assert_eq!(
            (
                m.get(Field::OrderNo),
                m.get(Field::Customer),
                m.get(Field::Sku),
                m.get(Field::Quantity)
            ),
            (Some(0), Some(1), Some(2), Some(3))
        );
        // "№ заказа" is the number; "Заказ" alone is the quantity typed into a price list
        let m = hdr(&["№ заказа", "Артикул", "Наименование", "Цена", "Заказ"]);
        assert_eq!(m.get(Field::OrderNo), Some(0));
        assert_eq!(m.get(Field::Quantity), Some(4));
        // exact names win over prefixes: "Кол-во в упаковке" is not the order quantity
        let m = hdr(&["Артикул", "Кол-во в упаковке", "Цена, руб.", "Заказ"]);
        assert_eq!(m.get(Field::Quantity), Some(3));
        let m = hdr(&["Артикул", "Количество, шт"]);
        assert_eq!(m.get(Field::Quantity), Some(1));
    }

    #[test]
    fn header_row_below_titles() {
        let row = |n: usize, cells: &[&str]| Row {
            number: n,
            cells: cells.iter().map(|s| Cell::Text(s.to_string())).collect(),
        };
        let rows = vec![
            row(1, &["Прайс-лист ООО «Ромашка-Опт»"]),
            row(2, &["Дата: 20.11.2026"]),
            row(4, &["Артикул", "Наименование", "Ед.", "Цена", "Заказ"]),
            row(5, &["A01140", "Шампунь", "шт", "120", ""]),
        ];
        let (i, m) = find_header(&rows).unwrap();
        assert_eq!(i, 2);
        assert_eq!(m.get(Field::Unit), Some(2));
        assert!(find_header(&rows[..2]).is_none());
    }

    #[test]
    fn numbers() {
        use DecimalMark::*;
        assert_eq!(parse_number("12,000", Auto), Some(12.0));
        assert_eq!(parse_number("12.5", Auto), Some(12.5));
        assert_eq!(parse_number("1 200", Auto), Some(1200.0));
        assert_eq!(parse_number("1\u{a0}200,50", Auto), Some(1200.5));
        assert_eq!(parse_number("1.200,50", Auto), Some(1200.5));
        assert_eq!(parse_number("1,200.50", Auto), Some(1200.5));
        assert_eq!(parse_number("1,200", Point), Some(1200.0));
        assert_eq!(parse_number("1.200", Comma), Some(1200.0));
        assert_eq!(parse_number("12a", Auto), None);
        assert_eq!(parse_number("", Auto), None);
        assert_eq!(parse_number("1,2,3", Auto), None);
        assert_eq!(parse_number("inf", Auto), None);
    }

    #[test]
    fn quantities() {
        let q = |s: &str| parse_quantity(&Cell::Text(s.into()), DecimalMark::Auto);
        assert_eq!(q("12,000"), Ok(Some(12)));
        assert_eq!(q(" 40 "), Ok(Some(40)));
        assert_eq!(q(""), Ok(None));
        assert_eq!(q("0"), Ok(None));
        assert!(q("-3").unwrap_err().contains("positive"));
        assert!(q("2,5").unwrap_err().contains("whole"));
        assert!(q("много").unwrap_err().contains("not a number"));
        assert_eq!(parse_quantity(&Cell::Number(7.0), DecimalMark::Auto), Ok(Some(7)));
    }

    #[test]
    fn dates() {
        let d = |s: &str| parse_date(&Cell::Text(s.into()));
        let want = NaiveDate::from_ymd_opt(2026, 11, 20);
        assert_eq!(d("20.11.2026"), Ok(want));
        assert_eq!(d("2026-11-20"), Ok(want));
        assert_eq!(d("20/11/2026"), Ok(want));
        assert_eq!(d("20.11.26"), Ok(want));
        assert_eq!(d("20.11.2026 0:00:00"), Ok(want));
        assert_eq!(d("2026-11-20T10:00:00"), Ok(want));
        assert_eq!(d("2026年11月20日"), Ok(want));
        assert_eq!(d(""), Ok(None));
        assert!(d("31.02.2026").is_err());
        assert!(d("завтра").is_err());
        assert_eq!(parse_date(&Cell::Number(46346.0)), Ok(want));
    }
}

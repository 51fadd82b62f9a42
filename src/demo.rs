//! A realistic, deterministic demo database: products with valid EAN-13 and storage locations,
//! customers in Russian, Chinese, Polish and English with delivery points and contracts,
//! orders spread over channels, statuses and the last 60 days, and after them claims (clients'
//! and picking-control errors) across their whole loop, returns, contacts and calls back.

use crate::domain::codes::ean13_from_12;
use crate::domain::customer::{Contract, Customer, DeliveryPoint, Grade};
use crate::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use crate::domain::product::Product;
use crate::domain::sscc::Gs1Prefix;
use crate::error::{Error, Result};
use crate::store::{self, Stamp, Store};
use chrono::{DateTime, Duration, Utc};

/// Small deterministic generator (SplitMix64): the same seed gives the same database.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// A number in `lo..hi` (hi exclusive).
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo).max(1) as u64) as i64
    }
    pub fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.range(0, items.len() as i64) as usize]
    }
    pub fn chance(&mut self, percent: i64) -> bool {
        self.range(0, 100) < percent
    }
}

/// What a demo run should make.
#[derive(Debug, Clone)]
pub struct DemoSpec {
    pub products: usize,
    pub customers: usize,
    pub orders: usize,
    pub seed: u64,
    /// "Now" of the demo: orders fall in the 60 days before it.
    pub anchor: DateTime<Utc>,
}

impl Default for DemoSpec {
    fn default() -> Self {
        DemoSpec {
            products: 200,
            customers: 50,
            orders: 500,
            seed: 1,
            anchor: Utc::now(),
        }
    }
}

/// The GS1 prefix of the demo database (extension 0, a made-up company prefix in Russia's 460
/// range), so that box labels with SSCCs print out of the box.
pub fn demo_gs1_prefix() -> Gs1Prefix {
    Gs1Prefix::new(0, "4601234")
}

const PRODUCT_BASES: &[(&str, &str, i64, i64)] = &[
    ("Шампунь Schwarzkopf Gliss Kur 400 мл", "шт", 12, 430),
    ("Бальзам для волос L'Oréal Elseve 200 мл", "шт", 24, 230),
    ("Краска для волос Palette 10-1", "уп", 24, 120),
    ("Гель для душа Palmolive 250 мл", "шт", 20, 280),
    ("Зубная паста Colgate 100 мл", "шт", 48, 130),
    ("Мыло жидкое «Чистая линия» 500 мл", "шт", 20, 540),
    ("Крем для рук «Бархатные ручки» 80 мл", "шт", 36, 95),
    ("Дезодорант Rexona 150 мл", "шт", 24, 160),
    ("Порошок стиральный Ariel 3 кг", "уп", 6, 3050),
    ("Салфетки влажные «Солнце и луна» 72 шт", "уп", 24, 310),
    ("洗发水 清扬 400毫升", "瓶", 12, 440),
    ("护发素 潘婷 200毫升", "瓶", 24, 230),
    ("牙膏 云南白药 120克", "支", 48, 150),
    ("沐浴露 六神 750毫升", "瓶", 12, 800),
    ("洗衣液 蓝月亮 2公斤", "瓶", 6, 2100),
    ("Szampon Ziaja 300 ml", "szt", 20, 330),
    ("Żel pod prysznic Łabędź 500 ml", "szt", 12, 540),
    ("Pasta do zębów Elmex 75 ml", "szt", 48, 110),
    ("Płyn do naczyń Ludwik 900 g", "szt", 12, 950),
    ("Proszek do prania Dzidziuś 1,5 kg", "op", 8, 1540),
    ("Hand cream Nivea 75 ml", "pcs", 36, 90),
    ("Conditioner Garnier Fructis 200 ml", "pcs", 24, 230),
    ("Shaving foam Gillette 250 ml", "pcs", 12, 300),
    ("Toothbrush Oral-B Pro 2-pack", "pack", 48, 60),
    ("Paper towels Zewa 4 rolls", "pack", 8, 900),
];

const VARIANTS: &[&str] = &[
    "",
    " (арт. A)",
    " — promo",
    " ×2",
    " (new)",
    " 家庭装",
    " mini",
    " XL",
];

const RU_NAMES: &[&str] = &[
    "ООО «Ромашка-Опт»",
    "ИП Кирюшин А. В.",
    "ООО «Северный ветер»",
    "АО «Торговый дом Волга»",
    "ООО «Юнэкт»",
    "ЗАО «Магнит-Логистик»",
    "ООО «Аптека Здоровье»",
    "ИП Сафонова Е. Н.",
    "ООО «Бытхим-Сервис»",
    "ООО «Лента-Регион»",
    "АО «Чистый дом»",
    "ООО «Уральский склад»",
    "ООО «Дальний Восток Трейд»",
    "ИП Ёлкин П. С.",
];
const ZH_NAMES: &[&str] = &[
    "成都迅达物流配送中心",
    "上海华联超市有限公司",
    "北京京东世纪贸易",
    "广州白云日化批发部",
    "深圳市永辉商贸有限公司",
    "杭州联华华商集团",
    "武汉中百仓储",
    "重庆商社新世纪百货",
    "天津家乐福商业有限公司",
    "南京苏果超市",
    "西安民生百货",
    "青岛利群集团",
];
const PL_NAMES: &[&str] = &[
    "Hurtownia Łódź Sp. z o.o.",
    "Drogeria Żaneta Wiśniewska",
    "Społem PSS Gdańsk",
    "Kosmetyki Źródło s.c.",
    "Sklep „Pod Różą” Kraków",
    "Chemia Śląsk Sp.j.",
    "Polmarket Białystok S.A.",
    "Hurtownia Ćwiek i Synowie",
    "Delikatesy Słoneczne Poznań",
    "Dom Handlowy Łęczna",
    "Małgorzata Zając Handel",
    "Auchan Polska (Piaseczno)",
];
const EN_NAMES: &[&str] = &[
    "Schwarzkopf & Henkel (ВО Москва)",
    "Northwind Traders Ltd",
    "Baltic Retail Group",
    "Green Valley Stores",
    "Metro Cash & Carry (Sklad 3)",
    "Eastern Star Trading 东星贸易",
    "Harbor Logistics LLC",
    "Sunrise Pharmacy Chain",
    "Blue Ocean Wholesale",
    "Silk Road Imports / Шёлковый путь",
    "Maple Leaf Distribution",
    "Atlas Supply Co.",
];

const RU_ADDR: &[&str] = &[
    "г. Москва, ул. Скаковая, д. 17, стр. 2",
    "Московская обл., г. Химки, Ленинградское ш., 1",
    "г. Санкт-Петербург, Невский пр., 28",
    "г. Казань, ул. Баумана, 44",
    "г. Екатеринбург, ул. Малышева, 5",
    "г. Новосибирск, Красный пр., 101",
    "г. Владивосток, ул. Светланская, 9, склад №3",
];
const ZH_ADDR: &[&str] = &[
    "四川省成都市高新区天府大道北段1700号",
    "上海市浦东新区世纪大道100号",
    "北京市朝阳区建国路88号",
    "广东省广州市白云区机场路12号",
    "浙江省杭州市西湖区文三路478号",
    "湖北省武汉市江汉区解放大道690号",
];
const PL_ADDR: &[&str] = &[
    "ul. Piotrkowska 104, 90-001 Łódź",
    "ul. Długa 45, 80-831 Gdańsk",
    "ul. Floriańska 12, 31-019 Kraków",
    "ul. Świętojańska 7, 81-368 Gdynia",
    "ul. Żeromskiego 3, 25-369 Kielce",
    "al. Jerozolimskie 179, 02-222 Warszawa",
];
const EN_ADDR: &[&str] = &[
    "12 Harbour Road, Riga LV-1010",
    "Unit 4, Dockside Park, Tallinn 10111",
    "88 Market Street, Vilnius 01103",
    "Sklad 3, Промзона «Южная», г. Подольск",
    "Warehouse 7, 99 Canal St, Gdynia",
];
const ROUTES: &[&str] = &[
    "М-01",
    "М-02",
    "М-05 Химки",
    "СПб-1",
    "R-PL-03",
    "R-PL-07",
    "线路-12",
    "线路-08",
    "R-BALT",
];
const PEOPLE: &[&str] = &[
    "Иванова",
    "Петров",
    "Wiśniewska",
    "Zając",
    "王芳",
    "李娜",
    "Smith",
    "Сидоренко",
];

/// Fills an empty database with demo data: master data and orders in one transaction, then
/// claims, returns and contacts through the store's own writes (one transaction each, as the
/// desk makes them; skipped when there are no orders). Refuses a database that already has
/// customers, products or orders: demo data never mixes with real records.
pub fn fill(store: &mut Store, spec: &DemoSpec) -> Result<DemoCounts> {
    if store.count("customers")? + store.count("products")? + store.count("orders")? > 0 {
        return Err(Error::msg(format!(
            "{} already holds records: demo data is only written into a new, empty database",
            store.path().display()
        )));
    }
    let mut rng = Rng::new(spec.seed);
    let setup = Stamp::at("demo", spec.anchor - Duration::days(90));
    // what box labels need: the sender and a GS1 prefix for SSCCs (unless already set)
    use store::settings::keys::{COMPANY_ADDRESS, COMPANY_NAME};
    let has_prefix = store.gs1_prefix()?.is_some();
    let has_name = store.setting::<String>(COMPANY_NAME)?.is_some();
    let has_address = store.setting::<String>(COMPANY_ADDRESS)?.is_some();
    let (customer_ids, orders) = store.write(|c| {
        if !has_prefix {
            store::set_gs1_prefix_tx(c, &demo_gs1_prefix(), &setup)?;
        }
        if !has_name {
            store::set_setting_tx(c, COMPANY_NAME, &"ООО «Демо-Склад» / Demo Warehouse", &setup)?;
        }
        if !has_address {
            store::set_setting_tx(
                c,
                COMPANY_ADDRESS,
                &"г. Подольск, Промзона «Южная», стр. 3",
                &setup,
            )?;
        }
        // products
        let mut products = Vec::with_capacity(spec.products);
        for i in 0..spec.products {
            let (base, unit, per_box, grams) = PRODUCT_BASES[i % PRODUCT_BASES.len()];
            let variant = VARIANTS[(i / PRODUCT_BASES.len()) % VARIANTS.len()];
            let zone = ["A", "B", "C", "D"][rng.range(0, 4) as usize];
            let ean = ean13_from_12(&format!("460{:09}", rng.range(0, 1_000_000_000))).unwrap_or_default();
            let p = Product {
                sku: format!("A{:05}", 1000 + i * 7),
                name: format!("{base}{variant}"),
                ean13: Some(ean),
                unit: unit.to_string(),
                units_per_box: per_box,
                weight_g: grams + rng.range(0, 20),
                location: format!(
                    "{zone}-{:02}-{:02}-{}",
                    rng.range(1, 21),
                    rng.range(1, 13),
                    rng.range(1, 5)
                ),
                active: true,
                ..Default::default()
            };
            let p = match store::save_product_tx(c, &p, &setup) {
                Err(Error::Duplicate { field: "ean13", .. }) => {
                    let p = Product { ean13: None, ..p };
                    store::save_product_tx(c, &p, &setup)?
                }
                other => other?,
            };
            products.push(p);
        }
        // customers with delivery points and contracts
        let mut customers = Vec::with_capacity(spec.customers);
        for i in 0..spec.customers {
            let (names, addrs, tax): (&[&str], &[&str], String) = match i % 4 {
                0 => (RU_NAMES, RU_ADDR, format!("77{:08}", rng.range(0, 100_000_000))),
                1 => (
                    ZH_NAMES,
                    ZH_ADDR,
                    format!("9151{:014}", rng.range(0, 100_000_000_000_000)),
                ),
                2 => (
                    PL_NAMES,
                    PL_ADDR,
                    format!("PL{:010}", rng.range(0, 10_000_000_000)),
                ),
                _ => (
                    EN_NAMES,
                    EN_ADDR,
                    format!("LV{:011}", rng.range(0, 100_000_000_000)),
                ),
            };
            let round = i / 4 / names.len();
            let name = names[(i / 4) % names.len()];
            let legal_name = if round == 0 {
                name.to_string()
            } else {
                format!("{name} ({})", round + 1)
            };
            let limit = rng.range(5, 200) * 10_000_00;
            let overdue = if rng.chance(12) {
                limit + rng.range(1, 50) * 1_000_00
            } else if rng.chance(40) {
                rng.range(0, limit / 2)
            } else {
                0
            };
            let cust = Customer {
                code: format!("C{:03}", i + 1),
                legal_name,
                tax_id: tax,
                legal_address: rng.pick(addrs).to_string(),
                phone: format!(
                    "+7 495 {:03}-{:02}-{:02}",
                    rng.range(100, 999),
                    rng.range(10, 99),
                    rng.range(10, 99)
                ),
                email: format!("orders{}@client{}.example", i + 1, i % 7),
                credit_limit_minor: limit,
                overdue_debt_minor: overdue,
                grade: *rng.pick(&Grade::ALL),
                notes: String::new(),
                ..Default::default()
            };
            let cust = store::save_customer_tx(c, &cust, &setup)?;
            let mut points = Vec::new();
            for k in 0..rng.range(1, 4) {
                let dp = DeliveryPoint {
                    customer_id: cust.id,
                    name: if k == 0 {
                        "Основной склад / Main".into()
                    } else {
                        format!("Точка {}", k + 1)
                    },
                    address: rng.pick(addrs).to_string(),
                    contact: format!("{} {}", rng.pick(PEOPLE), cust.phone),
                    route: rng.pick(ROUTES).to_string(),
                    active: true,
                    ..Default::default()
                };
                points.push(store::save_delivery_point_tx(c, &dp, &setup)?);
            }
            let from = (spec.anchor - Duration::days(rng.range(100, 900))).date_naive();
            store::save_contract_tx(
                c,
                &Contract {
                    customer_id: cust.id,
                    number: format!("Д-{}/{}", 100 + i, from.format("%Y")),
                    signed_on: from.to_string(),
                    valid_from: from.to_string(),
                    valid_to: Some((from + Duration::days(730)).to_string()),
                    payment_days: *rng.pick(&[0, 14, 30, 45, 60]),
                    claim_answer_days: *rng.pick(&[3, 3, 5, 5, 10]),
                    ..Default::default()
                },
                &setup,
            )?;
            customers.push((cust, points));
        }
        // orders, oldest first, so numbers grow with time
        let mut made: Vec<DemoOrder> = Vec::with_capacity(spec.orders);
        let mut times: Vec<i64> = (0..spec.orders).map(|_| rng.range(0, 60 * 24 * 60)).collect();
        times.sort_unstable_by(|a, b| b.cmp(a));
        for minutes_ago in times {
            let received = spec.anchor - Duration::minutes(minutes_ago);
            let (cust, points) = rng.pick(&customers);
            let self_pickup = points.is_empty() || rng.chance(12);
            let mut draft = OrderDraft {
                customer_id: cust.id,
                delivery_point_id: if self_pickup {
                    None
                } else {
                    Some(rng.pick(points).id)
                },
                channel: *rng.pick(&Channel::ALL),
                wanted_date: Some((received + Duration::days(rng.range(1, 8))).date_naive()),
                self_pickup,
                priority: if rng.chance(8) {
                    2
                } else if rng.chance(15) {
                    1
                } else {
                    0
                },
                comment: if rng.chance(20) {
                    rng.pick(&[
                        "Позвонить перед доставкой",
                        "请提前联系",
                        "Dostawa do 12:00",
                        "Gate 4",
                    ])
                    .to_string()
                } else {
                    String::new()
                },
                lines: Vec::new(),
                credit_override: None,
            };
            for _ in 0..rng.range(1, 13) {
                let p = rng.pick(&products);
                let qty = if rng.chance(50) {
                    p.units_per_box * rng.range(1, 6)
                } else {
                    rng.range(1, 60)
                };
                if !draft.lines.iter().any(|l| l.product_id == p.id) {
                    draft.lines.push(DraftLine {
                        product_id: p.id,
                        quantity: qty,
                        unit: p.unit.clone(),
                    });
                }
            }
            let who = *rng.pick(&["Анна (менеджер)", "Piotr K.", "李娜", "dispatcher"]);
            let stamp = Stamp::at(who, received);
            let days_ago = minutes_ago / (24 * 60);
            let target = target_status(&mut rng, days_ago, self_pickup);
            let first = if cust.over_credit_limit() {
                OrderStatus::CreditHold
            } else if rng.chance(30) {
                OrderStatus::AwaitingConfirmation
            } else {
                OrderStatus::Draft
            };
            let (id, _, mut status) = store::create_order_tx(c, &draft, first, &stamp, None, None)?;
            let mut version = 1;
            let mut at = received;
            let mut made_order = DemoOrder {
                id,
                customer_id: cust.id,
                status,
                lines: draft.lines.iter().map(|l| (l.product_id, l.quantity)).collect(),
                last_at: received,
                checked_at: None,
                people: [None, None, None],
            };
            for next in path_to(status, target, self_pickup) {
                at += Duration::minutes(rng.range(20, 600));
                if at > spec.anchor {
                    break;
                }
                let (note, over) = match next {
                    OrderStatus::Cancelled => ("клиент отменил / client cancelled", None),
                    OrderStatus::Released if status == OrderStatus::CreditHold => {
                        ("", Some("оплата получена / payment received"))
                    }
                    _ => ("", None),
                };
                let person = crate::domain::order::person_role(next).map(|_| rng.pick(PEOPLE).to_string());
                let slot = match next {
                    OrderStatus::Picking => Some(0),
                    OrderStatus::Checking => Some(1),
                    OrderStatus::Packed => Some(2),
                    _ => None,
                };
                if let Some(i) = slot {
                    made_order.people[i] = person.clone();
                }
                let m = crate::domain::order::Move {
                    id,
                    to: next,
                    version,
                    note: note.to_string(),
                    person,
                    credit_override: over.map(str::to_string),
                };
                version = store::move_order_tx(c, &m, &Stamp::at(who, at))?;
                status = next;
                made_order.status = next;
                made_order.last_at = at;
                if next == OrderStatus::Checking {
                    made_order.checked_at = Some(at);
                }
            }
            made.push(made_order);
        }
        let customer_ids: Vec<i64> = customers.iter().map(|(cust, _)| cust.id).collect();
        Ok((customer_ids, made))
    })?;
    // claims, returns and contacts after the orders are in, through the store's own writes
    // (one transaction each, as the desk makes them), all stamped in the demo's past
    // (master data only, as the benchmarks make it: none)
    let after = if orders.is_empty() {
        claims::Made::default()
    } else {
        claims::fill(store, &mut rng, spec, &customer_ids, &orders)?
    };
    let docs = if orders.is_empty() {
        documents::Made::default()
    } else {
        documents::fill(store, &mut rng, spec, &orders)?
    };
    Ok(DemoCounts {
        products: spec.products,
        customers: spec.customers,
        orders: spec.orders,
        claims: after.claims,
        returns: after.returns,
        contacts: after.contacts,
        documents: docs.documents,
        certificates: docs.certificates,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCounts {
    pub products: usize,
    pub customers: usize,
    pub orders: usize,
    /// Claims registered (internal ones, from picking control, among them).
    pub claims: usize,
    pub returns: usize,
    /// Contacts logged (the calls back done among them).
    pub contacts: usize,
    /// Documents registered (outgoing and incoming).
    pub documents: usize,
    /// Certificates in the base.
    pub certificates: usize,
}

/// An order as the demo made it: what claims and returns need to know.
#[derive(Debug, Clone)]
struct DemoOrder {
    id: i64,
    customer_id: i64,
    status: OrderStatus,
    /// Product and quantity of each line.
    lines: Vec<(i64, i64)>,
    /// When it reached its status (its last move, or when it was received).
    last_at: DateTime<Utc>,
    /// When it went into picking control.
    checked_at: Option<DateTime<Utc>>,
    /// Picker, checker and packer named on the board.
    people: [Option<String>; 3],
}

/// Older orders are mostly closed; recent ones spread over the board.
fn target_status(rng: &mut Rng, days_ago: i64, self_pickup: bool) -> OrderStatus {
    use OrderStatus::*;
    if rng.chance(4) {
        return Cancelled;
    }
    let done = if self_pickup { PickedUp } else { Delivered };
    if days_ago > 10 {
        return done;
    }
    let open = [
        Draft,
        AwaitingConfirmation,
        Released,
        Released,
        Picking,
        Checking,
        Packed,
    ];
    if days_ago > 4 {
        return if rng.chance(70) {
            done
        } else if self_pickup {
            Packed
        } else {
            Shipped
        };
    }
    *rng.pick(&open)
}

/// The steps from `from` to `to` along the main line of the state machine.
fn path_to(from: OrderStatus, to: OrderStatus, self_pickup: bool) -> Vec<OrderStatus> {
    use OrderStatus::*;
    if to == Cancelled {
        return vec![Cancelled];
    }
    let line: Vec<OrderStatus> = if self_pickup {
        vec![Draft, Released, Picking, Checking, Packed, PickedUp]
    } else {
        vec![Draft, Released, Picking, Checking, Packed, Shipped, Delivered]
    };
    let start = match from {
        AwaitingConfirmation | CreditHold => 0,
        s => line.iter().position(|x| *x == s).unwrap_or(0),
    };
    let Some(end) = line.iter().position(|x| *x == to) else {
        return Vec::new(); // stays where it is (draft, awaiting confirmation)
    };
    if end <= start {
        Vec::new()
    } else {
        line[start + 1..=end].to_vec()
    }
}

/// Claims, returns, contacts and calls back of the demo: made after the orders, through the
/// store's public writes, every stamp in the past of the demo's "now" and after the order's
/// own moves. Covers every claim kind and channel (picking-control errors as internal claims),
/// every step of the loop (closed and followed up, one client not satisfied and the claim
/// reopened, one cancelled with a reason), answers on time and late, claims still open past
/// their deadline, evidence, two photos, a full return and a driver's return, and calls back
/// done, due today and overdue.
mod documents;

mod claims {
    use super::{DemoOrder, DemoSpec, PEOPLE, Rng};
    use crate::domain::claim::*;
    use crate::domain::order::OrderStatus;
    use crate::error::{Error, Result};
    use crate::store::claims::{local, to_utc};
    use crate::store::{ClaimFilter, ContactDraft, EvidenceRow, Stamp, Store};
    use chrono::{DateTime, Duration, NaiveDate, Utc};

    /// Share of shipped orders with a client's claim, percent.
    const CLAIM_PERCENT: i64 = 9;
    /// Share of orders passing picking control with an error found there, percent.
    const INTERNAL_PERCENT: i64 = 4;
    /// At most this many clients' claims and internal ones: a large demo (benchmarks) stays
    /// quick to make.
    const MAX_CLIENT_CLAIMS: usize = 120;
    const MAX_INTERNAL_CLAIMS: usize = 60;

    const MANAGERS: &[&str] = &["Сидоренко (рекламации)", "Wiśniewska (reklamacje)"];
    const DESK: &[&str] = &["Анна (менеджер)", "Piotr K.", "李娜"];
    const DRIVERS: &[&str] = &["Кузнецов В. П.", "Nowak Tomasz", "张伟", "Орлов С."];
    const SUPPLIERS: &[&str] = &[
        "ООО «Химпром-Поставка»",
        "Henkel Polska Sp. z o.o.",
        "广州日化供应链有限公司",
    ];
    const CARRIERS: &[&str] = &["ООО «Трак-Логистик»", "DPD Polska", "顺丰速运"];
    const CONTACT_PEOPLE: [&[&str]; 4] = [
        &["Ольга Смирнова", "Игорь Ёлкин", "Наталья Воронцова"],
        &["王芳", "刘洋", "陈静"],
        &["Małgorzata Zając", "Łukasz Wiśniewski", "Zofia Dąbrowska"],
        &["John Smith", "Emily Clarke", "Jānis Bērziņš"],
    ];

    #[derive(Default)]
    pub(super) struct Made {
        pub claims: usize,
        pub returns: usize,
        pub contacts: usize,
    }

    /// A decided claim whose goods come back: order index, claim id, when decided, the claim's
    /// lines (product, quantity).
    type ComingBack = (usize, i64, DateTime<Utc>, Vec<(i64, i64)>);

    /// A claim being played through the loop: its id, version and the last step's time.
    struct Live {
        id: i64,
        version: i64,
        at: DateTime<Utc>,
    }

    fn words(kind: ClaimKind, rng: &mut Rng) -> &'static str {
        let options: &[&str] = match kind {
            ClaimKind::Shortage => &[
                "Не довезли 2 коробки, в накладной они есть",
                "少了一箱洗发水",
                "Brakuje jednego kartonu względem WZ",
            ],
            ClaimKind::Surplus => &["Пришло больше, чем заказывали", "Przyszło o 6 sztuk za dużo"],
            ClaimKind::MisSort => &[
                "Вместо бальзама пришёл шампунь",
                "货品错发：订的是护发素，收到的是洗发水",
                "Wrong item: Garnier instead of L'Oréal",
            ],
            ClaimKind::Defect => &[
                "Протекли флаконы, упаковка испорчена",
                "Uszkodzone zamknięcia butelek",
                "包装破损，产品渗漏",
            ],
            ClaimKind::Expired => &[
                "Остаточный срок годности меньше 70 %",
                "Short shelf life: best before in 3 weeks",
            ],
            ClaimKind::Damaged => &[
                "Коробки помяты, часть товара разбита",
                "Karton zgnieciony w transporcie",
            ],
            ClaimKind::Documents => &["В счёте-фактуре неверный ИНН", "Faktura bez numeru zamówienia"],
            ClaimKind::Other => &["Водитель приехал вне окна разгрузки", "司机迟到两个小时"],
        };
        rng.pick::<&str>(options)
    }

    /// The decision a claims manager would come to for the kind.
    fn decision(kind: ClaimKind, o: &DemoOrder, claimed: i64, rng: &mut Rng) -> DecisionDraft {
        let person = |i: usize, rng: &mut Rng| {
            o.people[i]
                .clone()
                .unwrap_or_else(|| rng.pick(PEOPLE).to_string())
        };
        let d = |decision, culprit, name: String, remedy, note: &str| DecisionDraft {
            decision,
            culprit,
            culprit_name: name,
            remedy,
            compensation_minor: 0,
            insurance_case: String::new(),
            note: note.to_string(),
        };
        let roll = rng.range(0, 100);
        let compensation = claimed.max(500_00);
        match kind {
            ClaimKind::Shortage if roll < 55 => d(
                Decision::Accepted,
                Culprit::Picker,
                person(0, rng),
                Remedy::Redelivery,
                "CCTV: собрано на 2 коробки меньше; довоз следующим рейсом",
            ),
            ClaimKind::Shortage if roll < 78 => DecisionDraft {
                compensation_minor: compensation,
                ..d(
                    Decision::PartlyAccepted,
                    Culprit::Driver,
                    rng.pick(DRIVERS).to_string(),
                    Remedy::Compensation,
                    "погружено полностью, недостача при доставке",
                )
            },
            ClaimKind::Shortage => d(
                Decision::Rejected,
                Culprit::Client,
                String::new(),
                Remedy::Nothing,
                "CCTV: все коробки погружены и сданы по счёту; подпись клиента в накладной",
            ),
            ClaimKind::Surplus => d(
                Decision::Accepted,
                Culprit::Checker,
                person(1, rng),
                Remedy::Return,
                "излишек заберёт водитель",
            ),
            ClaimKind::MisSort => d(
                Decision::Accepted,
                if roll < 60 {
                    Culprit::Picker
                } else {
                    Culprit::Checker
                },
                person(if roll < 60 { 0 } else { 1 }, rng),
                Remedy::Replacement,
                "пересорт подтверждён инвентаризацией ячейки",
            ),
            ClaimKind::Defect if roll < 75 => d(
                Decision::Accepted,
                Culprit::Supplier,
                rng.pick(SUPPLIERS).to_string(),
                Remedy::CreditNote,
                "заводской брак, претензия поставщику",
            ),
            ClaimKind::Defect => d(
                Decision::PartlyAccepted,
                Culprit::Packer,
                person(2, rng),
                Remedy::Return,
                "часть флаконов повреждена при упаковке",
            ),
            ClaimKind::Expired if roll < 60 => d(
                Decision::PartlyAccepted,
                Culprit::Supplier,
                rng.pick(SUPPLIERS).to_string(),
                Remedy::CreditNote,
                "остаточный срок ниже договорного на части партии",
            ),
            ClaimKind::Expired => d(
                Decision::Rejected,
                Culprit::Client,
                String::new(),
                Remedy::Nothing,
                "срок годности соответствует договору (не менее 60 %)",
            ),
            ClaimKind::Damaged if roll < 40 => DecisionDraft {
                compensation_minor: compensation,
                ..d(
                    Decision::Accepted,
                    Culprit::Carrier,
                    rng.pick(CARRIERS).to_string(),
                    Remedy::Compensation,
                    "повреждение в пути, перевозчик возмещает",
                )
            },
            ClaimKind::Damaged if roll < 65 => DecisionDraft {
                insurance_case: format!("INS-{}", 1000 + rng.range(0, 9000)),
                ..d(
                    Decision::Accepted,
                    Culprit::Insurer,
                    "АО «Страхование грузов»".to_string(),
                    Remedy::Insurance,
                    "страховой случай",
                )
            },
            ClaimKind::Damaged => d(
                Decision::Accepted,
                Culprit::Driver,
                rng.pick(DRIVERS).to_string(),
                Remedy::Return,
                "повреждено при разгрузке, товар возвращает водитель",
            ),
            ClaimKind::Documents => d(
                Decision::Accepted,
                Culprit::Nobody,
                String::new(),
                Remedy::Replacement,
                "документы переоформлены и отправлены",
            ),
            ClaimKind::Other => d(
                Decision::Rejected,
                Culprit::Nobody,
                String::new(),
                Remedy::Nothing,
                "доставка в согласованное окно, по данным GPS",
            ),
        }
    }

    /// A tiny photo "from the client" (a PNG made in memory).
    fn photo(seed: u8) -> Result<Vec<u8>> {
        let img = image::RgbImage::from_fn(48, 32, |x, y| {
            image::Rgb([
                (x as u8).wrapping_mul(5) ^ seed,
                (y as u8).wrapping_mul(8),
                seed.wrapping_mul(37),
            ])
        });
        let mut out = std::io::Cursor::new(Vec::new());
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut out, image::ImageFormat::Png)
            .map_err(|e| Error::msg(format!("demo photo: {e}")))?;
        Ok(out.into_inner())
    }

    /// `k` distinct items of `n` (deterministic with the generator), in their original order.
    fn sample(rng: &mut Rng, n: usize, k: usize) -> Vec<usize> {
        let mut idx: Vec<usize> = (0..n).collect();
        let k = k.min(n);
        for i in 0..k {
            let j = i + rng.range(0, (n - i) as i64) as usize;
            idx.swap(i, j);
        }
        let mut out = idx[..k].to_vec();
        out.sort_unstable();
        out
    }

    fn minutes(rng: &mut Rng, lo: i64, hi: i64) -> Duration {
        Duration::minutes(rng.range(lo, hi))
    }

    pub(super) fn fill(
        store: &mut Store,
        rng: &mut Rng,
        spec: &DemoSpec,
        customers: &[i64],
        orders: &[DemoOrder],
    ) -> Result<Made> {
        let now = spec.anchor;
        let mut made = Made {
            claims: 0,
            returns: 0,
            contacts: 0,
        };
        let mut photos = 0u8;
        let mut to_return: Vec<ComingBack> = Vec::new();
        let (calendar, _) = store.sla_settings()?;

        // --- clients' claims on shipped orders -------------------------------------------------
        let shipped: Vec<usize> = (0..orders.len())
            .filter(|&i| {
                matches!(
                    orders[i].status,
                    OrderStatus::Shipped | OrderStatus::Delivered | OrderStatus::PickedUp
                ) && orders[i].last_at + Duration::hours(2) < now
            })
            .collect();
        let want = (shipped.len() as i64 * CLAIM_PERCENT / 100).max(shipped.len().min(9) as i64);
        let chosen = sample(rng, shipped.len(), (want as usize).min(MAX_CLIENT_CLAIMS));
        let script: std::collections::HashMap<i64, usize> =
            customers.iter().enumerate().map(|(i, c)| (*c, i % 4)).collect();
        let external = [
            ClaimChannel::Phone,
            ClaimChannel::Email,
            ClaimChannel::Letter,
            ClaimChannel::Driver,
            ClaimChannel::Portal,
        ];
        let mut closed_one = false;
        for (n, &k) in chosen.iter().enumerate() {
            let oi = shipped[k];
            let o = &orders[oi];
            let kind = ClaimKind::ALL[n % ClaimKind::ALL.len()];
            // received some hours to days after the order arrived, always in the past
            let span = (now - o.last_at - Duration::minutes(30)).num_minutes().max(1);
            let received = o.last_at + Duration::minutes(rng.range(30, 30 + span.min(60 * 24 * 6)));
            let received = received.min(now - Duration::minutes(10));
            let mut lines = Vec::new();
            if kind.needs_lines() {
                let take = if o.lines.len() > 1 && rng.chance(35) { 2 } else { 1 };
                for idx in sample(rng, o.lines.len(), take) {
                    let (product_id, q) = o.lines[idx];
                    let quantity = rng.range(1, q.min(6) + 1);
                    lines.push(ClaimLineDraft {
                        product_id,
                        quantity,
                        amount_minor: quantity * rng.range(80, 1_500) * 100,
                        note: String::new(),
                    });
                }
            }
            let english = script.get(&o.customer_id) == Some(&3);
            let draft = ClaimDraft {
                order_id: o.id,
                kind,
                channel: external[n % external.len()],
                received_at: local(received),
                client_words: words(kind, rng).to_string(),
                lang: if english { ActLang::En } else { ActLang::Ru },
                lines,
            };
            let manager = *rng.pick(MANAGERS);
            let (id, _) = store.register_claim(&draft, &Stamp::at(manager, received + minutes(rng, 0, 5)))?;
            made.claims += 1;
            let mut c = Live {
                id,
                version: 1,
                at: received + Duration::minutes(5),
            };
            // the deadline as the store fixed it: the contract's days on the working calendar
            let (days, _) = store.claim_answer_days(o.customer_id, draft.received_at.date())?;
            let due = to_utc(answer_due(&calendar, draft.received_at, days));
            // the newest waits to be taken up: registered
            if n + 1 == chosen.len() && n > 3 {
                continue;
            }
            // one is a duplicate: cancelled with its reason
            if n == 2 {
                let at = c.at + minutes(rng, 20, 180);
                if at < now {
                    store.move_claim(
                        id,
                        c.version,
                        ClaimStatus::Cancelled,
                        "дубль: клиент прислал ту же претензию второй раз / duplicate",
                        &Stamp::at(manager, at),
                    )?;
                }
                continue;
            }
            // waits for the warehouse: open, and (the older ones) past due
            let stuck = n == 1 || rng.chance(10);
            let late = rng.chance(25);
            // investigation
            let step = |c: &mut Live, to: ClaimStatus, at: DateTime<Utc>, note: &str, store: &mut Store| {
                if at >= now {
                    return Ok(false);
                }
                store.move_claim(c.id, c.version, to, note, &Stamp::at(manager, at))?;
                c.version += 1;
                c.at = at;
                Ok::<bool, Error>(true)
            };
            let at = c.at + minutes(rng, 20, 300);
            if !step(&mut c, ClaimStatus::Investigating, at, "", store)? {
                continue;
            }
            let checks: &[Evidence] = match kind {
                ClaimKind::Shortage | ClaimKind::Surplus => &[Evidence::Cctv, Evidence::StockCount],
                ClaimKind::MisSort => &[Evidence::CellInventory, Evidence::StockCount],
                ClaimKind::Defect | ClaimKind::Expired => &[Evidence::ClientPhotos],
                ClaimKind::Damaged => &[Evidence::ClientPhotos, Evidence::DriverStatement],
                _ => &[],
            };
            for (i, e) in checks.iter().enumerate() {
                let at = c.at + Duration::minutes(30 + 20 * i as i64);
                if at >= now {
                    break;
                }
                let (detail, result) = match e {
                    Evidence::Cctv => ("камера 4, 14:10–14:40", "видно, как собрано и погружено"),
                    Evidence::StockCount => ("остаток в 1С и в WMS", "расхождение подтверждено"),
                    Evidence::CellInventory => ("ячейки A-03-02-1, A-03-02-2", "товары перепутаны в ячейках"),
                    Evidence::ClientPhotos => ("3 фото от клиента", "повреждение видно на фото"),
                    Evidence::DriverStatement => ("объяснительная водителя", "коробки помяты при разгрузке"),
                };
                store.save_evidence(
                    id,
                    &EvidenceRow {
                        kind: *e,
                        done: !stuck,
                        detail: detail.into(),
                        result: if stuck { String::new() } else { result.into() },
                        updated_by: String::new(),
                        updated_at: None,
                        version: 0,
                    },
                    &Stamp::at(manager, at),
                )?;
            }
            if matches!(kind, ClaimKind::Defect | ClaimKind::Damaged) && photos < 2 {
                let at = c.at + Duration::minutes(25);
                if at < now {
                    photos += 1;
                    store.attach_file(
                        id,
                        &format!("photo-{photos}.png"),
                        &photo(photos.wrapping_mul(71))?,
                        "фото от клиента / client's photo",
                        &Stamp::at(manager, at),
                    )?;
                }
            }
            if stuck {
                continue;
            }
            // the answer: on time (within the deadline), or late (after it)
            let answer_at = if late {
                due + minutes(rng, 60, 60 * 24 * 3)
            } else {
                let room = (due - c.at).num_minutes().max(120);
                c.at + Duration::minutes(rng.range(room / 5, room * 9 / 10).max(90))
            };
            let decide_at = c.at + (answer_at - c.at) * rng.range(40, 90) as i32 / 100;
            if decide_at >= now {
                continue;
            }
            let claimed = draft.claimed_minor();
            let d = decision(kind, o, claimed, rng);
            store.decide_claim(id, c.version, &d, &Stamp::at(manager, decide_at))?;
            c.version += 2;
            c.at = decide_at;
            if d.remedy == Remedy::Return {
                let lines = draft.lines.iter().map(|l| (l.product_id, l.quantity)).collect();
                to_return.push((oi, id, decide_at, lines));
            }
            if !step(&mut c, ClaimStatus::Answered, answer_at, "", store)? {
                continue;
            }
            // closed a little later; the store schedules the follow-up call
            if rng.chance(85) || !closed_one {
                closed_one = true;
                let at = c.at + minutes(rng, 60, 60 * 24 * 2);
                step(&mut c, ClaimStatus::Closed, at, "", store)?;
            }
        }

        // --- picking-control errors: internal claims ------------------------------------------
        let checked: Vec<usize> = (0..orders.len())
            .filter(|&i| {
                orders[i]
                    .checked_at
                    .is_some_and(|t| t + Duration::minutes(15) < now)
            })
            .collect();
        let internal_kinds = [ClaimKind::MisSort, ClaimKind::Shortage, ClaimKind::Surplus];
        let mut n_internal = 0usize;
        let errors: Vec<usize> = checked
            .into_iter()
            .filter(|&i| {
                let on_board = matches!(orders[i].status, OrderStatus::Checking | OrderStatus::Packed);
                rng.chance(if on_board { 25 } else { INTERNAL_PERCENT })
            })
            .collect();
        let keep = sample(rng, errors.len(), MAX_INTERNAL_CLAIMS);
        for oi in keep.into_iter().map(|k| errors[k]) {
            let o = &orders[oi];
            let Some(checked_at) = o.checked_at else { continue };
            let received = (checked_at + minutes(rng, 3, 40)).min(now - Duration::minutes(5));
            let kind = internal_kinds[n_internal % internal_kinds.len()];
            n_internal += 1;
            let (product_id, q) = o.lines[rng.range(0, o.lines.len() as i64) as usize];
            let checker = o.people[1]
                .clone()
                .unwrap_or_else(|| rng.pick(PEOPLE).to_string());
            let draft = ClaimDraft {
                order_id: o.id,
                kind,
                channel: ClaimChannel::PickingControl,
                received_at: local(received),
                client_words: format!("контроль сборки ({checker}): {}", words(kind, rng)),
                lang: ActLang::Ru,
                lines: vec![ClaimLineDraft {
                    product_id,
                    quantity: rng.range(1, q.min(4) + 1),
                    amount_minor: 0,
                    note: String::new(),
                }],
            };
            let (id, _) = store.register_claim(&draft, &Stamp::at(checker.as_str(), received))?;
            made.claims += 1;
            let picker = o.people[0]
                .clone()
                .unwrap_or_else(|| rng.pick(PEOPLE).to_string());
            let mut at = received;
            let mut version = 1;
            for (to, gap) in [
                (ClaimStatus::Investigating, rng.range(3, 20)),
                (ClaimStatus::Decided, rng.range(5, 40)),
                (ClaimStatus::Answered, rng.range(2, 20)),
                (ClaimStatus::Closed, rng.range(2, 30)),
            ] {
                at += Duration::minutes(gap);
                if at >= now {
                    break;
                }
                let stamp = Stamp::at(checker.as_str(), at);
                if to == ClaimStatus::Decided {
                    let d = DecisionDraft {
                        decision: Decision::Accepted,
                        culprit: Culprit::Picker,
                        culprit_name: picker.clone(),
                        remedy: Remedy::Replacement,
                        compensation_minor: 0,
                        insurance_case: String::new(),
                        note: "пересобрано на контроле / re-picked at control".into(),
                    };
                    store.decide_claim(id, version, &d, &stamp)?;
                    version += 2;
                } else {
                    store.move_claim(id, version, to, "", &stamp)?;
                    version += 1;
                }
            }
        }

        // --- returns ------------------------------------------------------------------------
        // a full return of a packed order: the client gave up part of it before shipping
        if let Some(o) = orders.iter().find(|o| {
            o.status == OrderStatus::Packed
                && (o.lines.len() > 1 || o.lines.iter().any(|l| l.1 > 1))
                && o.last_at + Duration::minutes(40) < now
        }) {
            let (product_id, q) = o.lines[0];
            let quantity = if o.lines.len() > 1 { q } else { q / 2 };
            let at = o.last_at + minutes(rng, 10, 40);
            store.record_return(
                &ReturnDraft {
                    order_id: o.id,
                    claim_id: None,
                    kind: ReturnKind::Full,
                    driver: String::new(),
                    note: "клиент отказался от части заказа до отгрузки / client dropped a line".into(),
                    lines: vec![ReturnLineDraft {
                        product_id,
                        quantity,
                        condition: Condition::Resaleable,
                    }],
                },
                &Stamp::at(*rng.pick(DESK), at),
            )?;
            made.returns += 1;
        }
        // a driver brings back the goods of an accepted claim (never the whole order)
        for (oi, claim_id, at, lines) in &to_return {
            let o = &orders[*oi];
            let ordered: i64 = o.lines.iter().map(|l| l.1).sum();
            let claimed: i64 = lines.iter().map(|l| l.1).sum();
            if lines.is_empty() || claimed >= ordered {
                continue;
            }
            let back = *at + Duration::hours(20);
            if back >= now {
                continue;
            }
            store.record_return(
                &ReturnDraft {
                    order_id: o.id,
                    claim_id: Some(*claim_id),
                    kind: ReturnKind::Driver,
                    driver: rng.pick(DRIVERS).to_string(),
                    note: "возврат по рекламации / return under the claim".into(),
                    lines: lines
                        .iter()
                        .map(|&(product_id, quantity)| ReturnLineDraft {
                            product_id,
                            quantity,
                            condition: Condition::Defect,
                        })
                        .collect(),
                },
                &Stamp::at(*rng.pick(DESK), back),
            )?;
            made.returns += 1;
            break;
        }

        // --- follow-up calls of closed claims: satisfied, one not satisfied -------------------
        let today = local(now).date();
        let at_on = |day: NaiveDate, h: u32| {
            crate::store::claims::to_utc(day.and_hms_opt(h, 0, 0).unwrap_or_default())
        };
        let mut not_satisfied = false;
        for cb in store.callbacks_open()? {
            if cb.claim_id.is_none() || cb.due_on > today {
                continue;
            }
            let at = at_on(cb.due_on, 11) + minutes(rng, 0, 240);
            if at >= now || rng.chance(25) {
                continue; // not called yet: overdue on the contacts panel
            }
            let caller = *rng.pick(DESK);
            if !not_satisfied {
                not_satisfied = true;
                store.complete_callback(
                    cb.id,
                    cb.version,
                    CallResult::NotSatisfied,
                    "довоз пришёл неполным, клиент просит разобраться / redelivery incomplete",
                    &Stamp::at(caller, at),
                )?;
            } else {
                store.complete_callback(
                    cb.id,
                    cb.version,
                    CallResult::Satisfied,
                    "вопрос решён, клиент доволен",
                    &Stamp::at(caller, at),
                )?;
            }
            made.contacts += 1;
        }

        // --- the contact log: calls and e-mails, some with a call back -----------------------
        let mut by_customer: std::collections::HashMap<i64, Vec<i64>> = Default::default();
        for o in orders {
            by_customer.entry(o.customer_id).or_default().push(o.id);
        }
        let claims_of = |store: &Store, customer: i64| -> Result<Vec<i64>> {
            Ok(store
                .claims(&ClaimFilter {
                    customer_id: Some(customer),
                    ..Default::default()
                })?
                .into_iter()
                .filter(|k| k.received_at < now - Duration::days(1))
                .map(|k| k.id)
                .collect())
        };
        let n_contacts = if customers.is_empty() {
            0
        } else {
            (10 + orders.len() / 20).min(40)
        };
        for n in 0..n_contacts {
            let ci = rng.range(0, customers.len() as i64) as usize;
            let customer_id = customers[ci];
            let topic = *rng.pick(Topic::ALL);
            let order_id = match by_customer.get(&customer_id) {
                Some(list) if topic != Topic::Consultation && rng.chance(70) => Some(*rng.pick(list)),
                _ => None,
            };
            let claim_id = if topic == Topic::Claim {
                let list = claims_of(store, customer_id)?;
                (!list.is_empty()).then(|| *rng.pick(&list))
            } else {
                None
            };
            // the first two are from this morning with a call back today; the rest spread
            let at = if n < 2 {
                let morning = at_on(today, 9) + minutes(rng, 0, 90);
                if morning < now {
                    morning
                } else {
                    now - minutes(rng, 30, 300)
                }
            } else {
                now - minutes(rng, 60, 60 * 24 * 30)
            };
            let day = local(at).date();
            let call_back_on = if n < 2 {
                Some(today)
            } else if rng.chance(30) {
                Some(day + Duration::days(rng.range(1, 8)))
            } else {
                None
            };
            let (summary, outcome) = match topic {
                Topic::OrderStatus => ("Где заказ? / 订单到哪了？", "заказ на маршруте, прибудет завтра"),
                Topic::Claim => (
                    "Вопрос по рекламации / Pytanie o reklamację",
                    "рассказали, на каком этапе",
                ),
                Topic::Documents => (
                    "Нужны оригиналы УПД / Proszę o oryginał faktury",
                    "отправим с водителем",
                ),
                Topic::Consultation => ("Сертификаты на шампуни / 合格证", "выслали сканы на почту"),
                Topic::Other => (
                    "Смена контактного лица / new contact person",
                    "карточка обновлена",
                ),
            };
            store.log_contact(
                &ContactDraft {
                    customer_id,
                    medium: *rng.pick(Medium::ALL),
                    incoming: rng.chance(60),
                    topic,
                    person: rng.pick(CONTACT_PEOPLE[ci % 4]).to_string(),
                    summary: summary.into(),
                    outcome: outcome.into(),
                    order_id,
                    claim_id,
                    call_back_on,
                },
                &Stamp::at(*rng.pick(DESK), at),
            )?;
            made.contacts += 1;
        }
        // some promised calls were made (done), the others wait: due today or overdue
        let past: Vec<_> = store
            .callbacks_open()?
            .into_iter()
            .filter(|cb| cb.claim_id.is_none() && cb.due_on < today)
            .collect();
        for (i, cb) in past.into_iter().enumerate() {
            if i % 2 == 1 {
                continue; // every other one waits: overdue
            }
            let at = at_on(cb.due_on, 15);
            if at >= now {
                continue;
            }
            store.complete_callback(
                cb.id,
                cb.version,
                CallResult::Done,
                "перезвонили, всё в порядке",
                &Stamp::at(*rng.pick(DESK), at),
            )?;
            made.contacts += 1;
        }
        Ok(made)
    }
}

//! A realistic, deterministic demo database: products with valid EAN-13 and storage locations,
//! customers in Russian, Chinese, Polish and English with delivery points and contracts, and
//! orders spread over channels, statuses and the last 60 days.

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

/// Fills an empty database with demo data in one transaction. Refuses a database that already
/// has customers, products or orders: demo data never mixes with real records.
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
    store.write(|c| {
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
            }
        }
        Ok(())
    })?;
    Ok(DemoCounts {
        products: spec.products,
        customers: spec.customers,
        orders: spec.orders,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DemoCounts {
    pub products: usize,
    pub customers: usize,
    pub orders: usize,
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

//! The claim act ("answer to the client") end to end: a real SQLite file built through the Store
//! API (customer, products, an order moved on to shipped by named people, a claim registered,
//! investigated and decided), the act rendered in Russian and English and parsed back with
//! poppler (`pdfinfo`, `pdftotext`, `pdffonts`), and the `docket print claim` command line.
//! poppler-utils must be installed (`.ci/run` does); these tests never skip.

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use docket::domain::claim::{
    ActLang, ClaimChannel, ClaimDraft, ClaimKind, ClaimLineDraft, ClaimStatus, Culprit, Decision,
    DecisionDraft, Evidence, Remedy,
};
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::decimal::format_money;
use docket::domain::order::{Channel, DraftLine, Move, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::print::claim::claim_act_by;
use docket::store::claims::local;
use docket::store::settings::keys::{COMPANY_ADDRESS, COMPANY_NAME};
use docket::store::{EvidenceRow, Stamp, Store};
use std::ffi::OsStr;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const COMPANY: &str = "ООО «Склад-Сервис»";
const CUSTOMER: &str = "Hurtownia «Ромашка» Łódź Sp. z o.o.";
const CHINESE: &str = "洗发水 清扬 400毫升";
const CYRILLIC: &str = "Шампунь «Свежесть» для сухих и окрашенных волос, 400 мл";
const POLISH: &str = "Woda źródlana Żywiec niegazowana 1,5 l";
const CCTV_RESULT: &str = "На записи погружено 11 коробов из 12";
const COUNT_RESULT: &str = "Излишек 2 бут. 洗发水 в ячейке A-01-03-1";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap()
}

fn at(minutes: i64, by: &str) -> Stamp {
    Stamp::at(by, t0() + Duration::minutes(minutes))
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{name} is needed by the claim print tests ({e}); install poppler-utils"));
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// (pages, width mm, height mm) of the first page.
fn info(pdf: &Path) -> (usize, f64, f64) {
    let text = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages = text
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let size = text.lines().find_map(|l| l.strip_prefix("Page size:")).unwrap();
    let nums: Vec<f64> = size.split_whitespace().filter_map(|w| w.parse().ok()).collect();
    (pages, nums[0] * 25.4 / 72.0, nums[1] * 25.4 / 72.0)
}

/// The text with every run of white space made one space (wrapped lines join up again).
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The text as laid out (a field's label and value on one line), white space made single.
fn text_of(pdf: &Path) -> String {
    flat(&tool(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    ))
}

fn page_text(pdf: &Path, p: usize) -> String {
    let p = p.to_string();
    flat(&tool(
        "pdftotext",
        &[
            "-layout",
            "-enc",
            "UTF-8",
            "-f",
            &p,
            "-l",
            &p,
            pdf.to_str().unwrap(),
            "-",
        ],
    ))
}

fn assert_a4(pdf: &Path) -> usize {
    let (pages, w, h) = info(pdf);
    assert!(
        (w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1,
        "A4 portrait: {w} x {h}"
    );
    pages
}

fn assert_fonts_subset(pdf: &Path) {
    let text = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        assert!(
            name.len() > 7 && name.as_bytes()[6] == b'+',
            "font not a subset: {row}"
        );
        assert!(
            row.contains(" yes yes yes "),
            "font not embedded as a subset with ToUnicode: {row}"
        );
    }
}

fn assert_has(text: &str, parts: &[&str]) {
    for s in parts {
        assert!(text.contains(&flat(s)), "'{s}' missing from:\n{text}");
    }
}

struct Desk {
    _dir: tempfile::TempDir,
    path: PathBuf,
    store: Store,
    order_id: i64,
    order_no: String,
    products: Vec<Product>,
}

fn name_of(i: usize) -> &'static str {
    [CHINESE, CYRILLIC, POLISH][i % 3]
}

/// Our company, a customer with a Polish and Cyrillic name, `n` products (Chinese, Cyrillic and
/// Polish names) and an order of all of them, shipped with picker, checker and packer named.
fn desk(n: usize) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("claims.sqlite");
    let mut s = Store::open(&path).unwrap();
    let st = at(0, "Администратор");
    s.set_setting(COMPANY_NAME, &COMPANY, &st).unwrap();
    s.set_setting(COMPANY_ADDRESS, &"г. Москва, ул. Складская, д. 5, стр. 2", &st)
        .unwrap();
    let customer = s
        .save_customer(
            &Customer {
                code: "C777".into(),
                legal_name: CUSTOMER.into(),
                tax_id: "7701234567".into(),
                legal_address: "ul. Piotrkowska 1, Łódź".into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let point = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: customer.id,
                name: "Magazyn główny".into(),
                address: "ul. Piotrkowska 104, 90-001 Łódź".into(),
                route: "R-PL-03".into(),
                active: true,
                ..Default::default()
            },
            &st,
        )
        .unwrap();
    let products: Vec<Product> = (0..n)
        .map(|i| {
            s.save_product(
                &Product {
                    sku: format!("SKU-{:03}", i + 1),
                    name: name_of(i).into(),
                    unit: if i % 3 == 0 { "瓶" } else { "шт" }.into(),
                    units_per_box: 12,
                    weight_g: 450,
                    active: true,
                    ..Default::default()
                },
                &st,
            )
            .unwrap()
        })
        .collect();
    let draft = OrderDraft {
        customer_id: customer.id,
        delivery_point_id: Some(point.id),
        channel: Channel::Email,
        comment: String::new(),
        lines: products
            .iter()
            .map(|p| DraftLine {
                product_id: p.id,
                quantity: 24,
                unit: p.unit.clone(),
            })
            .collect(),
        ..Default::default()
    };
    let (order_id, order_no, status) = s
        .create_order(&draft, OrderStatus::Released, &at(1, "Менеджер Ольга"))
        .unwrap();
    assert_eq!(status, OrderStatus::Released);
    let mut version = s.order(order_id).unwrap().summary.version;
    for (i, (to, person)) in [
        (OrderStatus::Picking, Some("Сборщик Ли Вэй")),
        (OrderStatus::Checking, Some("Kontroler Żaneta")),
        (OrderStatus::Packed, Some("Упаковщик Пётр")),
        (OrderStatus::Shipped, None),
    ]
    .into_iter()
    .enumerate()
    {
        let m = Move {
            id: order_id,
            to,
            version,
            note: String::new(),
            person: person.map(str::to_owned),
            credit_override: None,
        };
        version = s.move_orders(&[m], &at(10 + i as i64 * 10, "Диспетчер")).unwrap()[0];
    }
    Desk {
        _dir: dir,
        path,
        store: s,
        order_id,
        order_no,
        products,
    }
}

/// Registers a claim on `lines` products of the desk's order (12 units each claimed), received
/// an hour after shipping.
fn register(d: &mut Desk, lines: usize, lang: ActLang) -> (i64, String) {
    let draft = ClaimDraft {
        order_id: d.order_id,
        kind: ClaimKind::Shortage,
        channel: ClaimChannel::Email,
        received_at: local(t0() + Duration::hours(2)),
        client_words: "Пришло 11 коробов вместо 12: не хватает коробки шампуня. \
                       Просим довезти или вернуть деньги. Brakuje jednego kartonu."
            .into(),
        lang,
        lines: d.products[..lines]
            .iter()
            .enumerate()
            .map(|(i, p)| ClaimLineDraft {
                product_id: p.id,
                quantity: 12,
                amount_minor: 1_000_00 + i as i64 * 10_00,
                note: if i == 0 {
                    "Короб не пришёл; упаковка повреждена, клиент прислал фото".into()
                } else {
                    String::new()
                },
            })
            .collect(),
    };
    d.store
        .register_claim(&draft, &at(180, "Менеджер Ольга"))
        .unwrap()
}

fn version(d: &Desk, id: i64) -> i64 {
    d.store.claim(id).unwrap().row.version
}

fn evidence(kind: Evidence, done: bool, detail: &str, result: &str) -> EvidenceRow {
    EvidenceRow {
        kind,
        done,
        detail: detail.into(),
        result: result.into(),
        updated_by: String::new(),
        updated_at: None,
        version: 0,
    }
}

/// Investigates the claim (CCTV and a stock count done, photos not), keeps files, names the
/// driver and decides: partly accepted, the picker at fault, compensation 1 234 567.89.
fn investigate_and_decide(d: &mut Desk, id: i64) {
    let s = &mut d.store;
    let v = s.claim(id).unwrap().row.version;
    s.move_claim(
        id,
        v,
        ClaimStatus::Investigating,
        "",
        &at(200, "Рекламации Игорь"),
    )
    .unwrap();
    let by = at(210, "Рекламации Игорь");
    s.save_evidence(
        id,
        &evidence(
            Evidence::Cctv,
            true,
            "Камера 4, ворота 2, 23.11 09:40–10:10",
            CCTV_RESULT,
        ),
        &by,
    )
    .unwrap();
    s.save_evidence(
        id,
        &evidence(Evidence::StockCount, true, "Пересчёт в WMS и 1С", COUNT_RESULT),
        &by,
    )
    .unwrap();
    s.save_evidence(id, &evidence(Evidence::ClientPhotos, false, "", ""), &by)
        .unwrap();
    s.attach_file(id, "накладная-ТОРГ-12.pdf", b"%PDF-1.4\n% scan\n", "", &by)
        .unwrap();
    s.attach_reference(
        id,
        "cctv-gate2.mp4",
        "\\\\nas\\cctv\\2026-11-23\\gate2.mp4",
        "",
        &by,
    )
    .unwrap();
    let v = s.claim(id).unwrap().row.version;
    s.set_claim_driver(id, v, "Водитель Сидоров", &by).unwrap();
    let v = s.claim(id).unwrap().row.version;
    s.decide_claim(
        id,
        v,
        &DecisionDraft {
            decision: Decision::PartlyAccepted,
            culprit: Culprit::Picker,
            culprit_name: "Сборщик Ли Вэй".into(),
            remedy: Remedy::Compensation,
            compensation_minor: 1_234_567_89,
            insurance_case: String::new(),
            note: "Недовоз одного короба подтверждён видеозаписью; повреждение упаковки не подтверждено."
                .into(),
        },
        &at(240, "Рекламации Игорь"),
    )
    .unwrap();
    assert_eq!(s.claim(id).unwrap().row.status, ClaimStatus::Decided);
}

/// Writes a PDF into `dir`; with `CLAIM_ACT_KEEP=DIR` set, a copy is kept there to look at.
fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    if let Some(keep) = std::env::var_os("CLAIM_ACT_KEEP") {
        let test = std::thread::current().name().unwrap_or("test").to_owned();
        std::fs::create_dir_all(&keep).unwrap();
        std::fs::write(Path::new(&keep).join(format!("{test}-{name}")), bytes).unwrap();
    }
    p
}

// ---------------------------------------------------------------------------------------------
// the act

#[test]
fn a_decided_claim_prints_in_russian_and_english_with_lines_evidence_and_decision() {
    let mut d = desk(3);
    let (id, number) = register(&mut d, 3, ActLang::Ru);
    investigate_and_decide(&mut d, id);
    let claim = d.store.claim(id).unwrap();
    let tmp = tempfile::tempdir().unwrap();

    let ru = claim_act_by(&d.store, id, ActLang::Ru, "Оператор Анна").unwrap();
    let path = write(tmp.path(), "ru.pdf", &ru.bytes);
    assert_eq!(assert_a4(&path), ru.pages);
    assert_fonts_subset(&path);
    let text = text_of(&path);
    let received = local(claim.row.received_at).format("%d.%m.%Y %H:%M").to_string();
    let due = local(claim.row.due_at).format("%d.%m.%Y %H:%M").to_string();
    assert_has(
        &text,
        &[
            COMPANY,
            &format!("АКТ рассмотрения претензии № {number}"),
            "ответ на претензию клиента",
            CUSTOMER,
            "7701234567",
            "ul. Piotrkowska 104, 90-001 Łódź",
            &d.order_no,
            &received,
            &due,
            "Способ получения: По электронной почте",
            "Недовоз (недостача)",
            "Пришло 11 коробов вместо 12",
            "Brakuje jednego kartonu.",
            "SKU-001",
            "SKU-002",
            "SKU-003",
            "洗发水",
            "Свежесть",
            "źródlana",
            "Итого 36 3 030.00",
            "Просмотр видеозаписей",
            CCTV_RESULT,
            COUNT_RESULT,
            "Не проводились: Инвентаризация ячейки; Фотографии клиента; Объяснение водителя.",
            "сборщик Сборщик Ли Вэй",
            "контролёр Kontroler Żaneta",
            "упаковщик Упаковщик Пётр",
            "водитель Водитель Сидоров",
            "накладная-ТОРГ-12.pdf, cctv-gate2.mp4",
            "Претензия признана обоснованной частично.",
            "Денежная компенсация",
            "1 234 567.89",
            "Недовоз одного короба подтверждён видеозаписью",
            "Менеджер по рекламационной работе",
            "Руководитель отдела",
            "Рекламации Игорь",
            "Оператор Анна",
            &format!("Страница 1 из {}", ru.pages),
        ],
    );
    assert!(
        !text.contains("Решение не принято"),
        "a decided claim is not pending"
    );

    let en = claim_act_by(&d.store, id, ActLang::En, "Operator Anna").unwrap();
    let path = write(tmp.path(), "en.pdf", &en.bytes);
    assert_eq!(assert_a4(&path), en.pages);
    assert_fonts_subset(&path);
    let text = text_of(&path);
    assert_has(
        &text,
        &[
            COMPANY,
            &format!("Claim act No. {number}"),
            "answer to the client's claim",
            CUSTOMER,
            &format!("Order: No. {}", d.order_no),
            "Kind of claim: Shortage",
            "SKU-001",
            "SKU-003",
            "洗发水",
            "Свежесть",
            "Łódź",
            "Total 36 3 030.00",
            "CCTV review",
            CCTV_RESULT,
            "The claim is partly accepted.",
            "At fault: Picker — Сборщик Ли Вэй",
            "Remedy: Compensation",
            "Compensation: 1 234 567.89",
            "Claims manager",
            "Head of department",
            &format!("Page 1 of {}", en.pages),
        ],
    );
    for ru_only in ["АКТ", "Страница", "Итого", "Решение"] {
        assert!(!text.contains(ru_only), "Russian '{ru_only}' in the English act");
    }
}

#[test]
fn a_claim_of_120_lines_flows_over_pages_numbered_x_of_y() {
    let mut d = desk(120);
    let (id, number) = register(&mut d, 120, ActLang::En);
    investigate_and_decide(&mut d, id);
    let tmp = tempfile::tempdir().unwrap();
    for (lang, page_word, of, total_word, signatures) in [
        (ActLang::En, "Page", "of", "Total", "Head of department"),
        (ActLang::Ru, "Страница", "из", "Итого", "Руководитель отдела"),
    ] {
        let pdf = claim_act_by(&d.store, id, lang, "Оператор Анна").unwrap();
        let path = write(tmp.path(), &format!("{}.pdf", lang.code()), &pdf.bytes);
        let pages = assert_a4(&path);
        assert_eq!(pages, pdf.pages);
        assert!(pages >= 3, "120 lines fill several pages: {pages}");
        assert_fonts_subset(&path);
        for p in 1..=pages {
            let t = page_text(&path, p);
            assert!(
                t.contains(&format!("{page_word} {p} {of} {pages}")),
                "page {p}: no '{page_word} {p} {of} {pages}' in {t}"
            );
            assert!(t.contains(&number), "page {p} names the claim");
        }
        let text = text_of(&path);
        for i in [1, 60, 120] {
            assert!(text.contains(&format!("SKU-{i:03}")), "SKU-{i:03} missing");
        }
        // the total row after the 120th line, the decision after it, on the last pages
        let total: i64 = (0..120).map(|i| 1_000_00 + i * 10_00).sum();
        let total_row = format!("{total_word} 1440 {}", format_money(total));
        let total_at = text
            .find(&total_row)
            .unwrap_or_else(|| panic!("no '{total_row}'"));
        let decision_at = text.find("1 234 567.89").unwrap();
        assert!(
            text.find("SKU-120").unwrap() < total_at && total_at < decision_at,
            "lines, then the total, then the decision"
        );
        assert!(
            page_text(&path, pages).contains(signatures),
            "the signatures end the act"
        );

        // nothing leaves the page; product names stay inside their column
        let mm = |pt: f64| pt * 25.4 / 72.0;
        for p in 1..=pages {
            let p = p.to_string();
            let bbox = tool(
                "pdftotext",
                &["-bbox", "-f", &p, "-l", &p, path.to_str().unwrap(), "-"],
            );
            for word in bbox.split("<word ").skip(1) {
                let attr = |k: &str| -> f64 {
                    word.split(&format!("{k}=\""))
                        .nth(1)
                        .unwrap()
                        .split('"')
                        .next()
                        .unwrap()
                        .parse()
                        .unwrap()
                };
                let text = word.split('>').nth(1).unwrap().split('<').next().unwrap();
                let (x0, x1) = (mm(attr("xMin")), mm(attr("xMax")));
                assert!(
                    x1 <= 195.5 && x0 >= 14.5,
                    "'{text}' leaves the margins ({x0}..{x1})"
                );
                if ["Свежесть", "洗发水", "źródlana", "окрашенных"]
                    .iter()
                    .any(|n| text.contains(n))
                {
                    // No 8 + SKU 22 from the left margin; the name column is 53 mm wide
                    assert!(
                        x0 >= 15.0 + 30.0 && x1 <= 15.0 + 30.0 + 53.0 + 0.2,
                        "'{text}' outside the product column ({x0}..{x1})"
                    );
                }
            }
        }
    }
}

#[test]
fn an_undecided_claim_says_the_decision_is_pending() {
    let mut d = desk(2);
    let (id, number) = register(&mut d, 1, ActLang::Ru);
    let tmp = tempfile::tempdir().unwrap();
    let ru = claim_act_by(&d.store, id, ActLang::Ru, "Оператор").unwrap();
    let path = write(tmp.path(), "ru.pdf", &ru.bytes);
    assert_a4(&path);
    let text = text_of(&path);
    assert_has(
        &text,
        &[
            &number,
            "Статус: Зарегистрирована",
            "Решение не принято",
            "Проверочные мероприятия не проводились.",
        ],
    );
    assert!(!text.contains("признана"), "no decision words before a decision");

    let en = claim_act_by(&d.store, id, ActLang::En, "Operator").unwrap();
    let path = write(tmp.path(), "en.pdf", &en.bytes);
    let text = text_of(&path);
    assert_has(&text, &["Decision pending", "No checks were carried out."]);
    assert!(!text.contains("The claim is"), "{text}");

    // a decided claim sent back to the investigation is pending again: the old decision is void
    investigate_and_decide(&mut d, id);
    let v = version(&d, id);
    d.store
        .move_claim(
            id,
            v,
            ClaimStatus::Investigating,
            "клиент прислал новые фото",
            &at(300, "Рекламации Игорь"),
        )
        .unwrap();
    let en = claim_act_by(&d.store, id, ActLang::En, "Operator").unwrap();
    let text = text_of(&write(tmp.path(), "again.pdf", &en.bytes));
    assert_has(&text, &["Decision pending", "reconsidered", CCTV_RESULT]);
    assert!(!text.contains("The claim is partly accepted"), "{text}");
}

#[test]
fn a_rejected_claim_says_the_evidence_is_attached() {
    let mut d = desk(1);
    let (id, _) = register(&mut d, 1, ActLang::En);
    let v = version(&d, id);
    d.store
        .move_claim(id, v, ClaimStatus::Investigating, "", &at(200, "Claims Igor"))
        .unwrap();
    let v = version(&d, id);
    d.store
        .decide_claim(
            id,
            v,
            &DecisionDraft {
                decision: Decision::Rejected,
                culprit: Culprit::Client,
                culprit_name: String::new(),
                remedy: Remedy::Nothing,
                compensation_minor: 0,
                insurance_case: String::new(),
                note: "CCTV shows 12 boxes loaded and signed for".into(),
            },
            &at(240, "Claims Igor"),
        )
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let en = claim_act_by(&d.store, id, ActLang::En, "Operator").unwrap();
    let text = text_of(&write(tmp.path(), "en.pdf", &en.bytes));
    assert_has(
        &text,
        &[
            "The claim is rejected.",
            "At fault: The client",
            "Remedy: None",
            "CCTV shows 12 boxes loaded and signed for",
            "The evidence of the investigation is attached to this act.",
        ],
    );
    assert!(
        !text.contains("Compensation:"),
        "no compensation line without an amount"
    );
    let ru = claim_act_by(&d.store, id, ActLang::Ru, "Оператор").unwrap();
    let text = text_of(&write(tmp.path(), "ru.pdf", &ru.bytes));
    assert_has(&text, &["Претензия отклонена.", "Материалы проверки прилагаются"]);
}

// ---------------------------------------------------------------------------------------------
// the command line

fn docket<I, S>(args: I) -> Output
where
    I: IntoIterator<Item = S>,
    S: AsRef<OsStr>,
{
    let home = tempfile::tempdir().unwrap();
    Command::new(env!("CARGO_BIN_EXE_docket"))
        .args(args)
        .env("HOME", home.path())
        .env("XDG_DATA_HOME", home.path())
        .env("USER", "cli-test")
        .output()
        .expect("the docket binary runs")
}

fn describe(o: &Output) -> String {
    format!(
        "status {:?}\n--- stdout\n{}\n--- stderr\n{}",
        o.status,
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

fn print_claim(db: &Path, number: &str, lang: Option<&str>, out: &Path) -> Output {
    let mut args: Vec<&OsStr> = vec![
        "--db".as_ref(),
        db.as_os_str(),
        "print".as_ref(),
        "claim".as_ref(),
        number.as_ref(),
    ];
    if let Some(l) = lang {
        args.extend([OsStr::new("--lang"), l.as_ref()]);
    }
    args.extend([OsStr::new("-o"), out.as_os_str()]);
    docket(args)
}

#[test]
fn the_command_line_prints_the_act_to_a_file_and_refuses_plainly() {
    let mut d = desk(3);
    let (id, number) = register(&mut d, 2, ActLang::Ru);
    investigate_and_decide(&mut d, id);
    let db = d.path.clone();
    drop(d.store);
    let tmp = tempfile::tempdir().unwrap();

    let out = tmp.path().join("act-en.pdf");
    let o = print_claim(&db, &number, Some("en"), &out);
    assert!(o.status.success(), "{}", describe(&o));
    assert_a4(&out);
    assert_fonts_subset(&out);
    assert_has(
        &text_of(&out),
        &[
            &format!("Claim act No. {number}"),
            "Compensation: 1 234 567.89",
            "cli-test",
        ],
    );

    // without --lang: the claim's own language (Russian here)
    let out = tmp.path().join("act-default.pdf");
    let o = print_claim(&db, &number, None, &out);
    assert!(o.status.success(), "{}", describe(&o));
    assert_has(
        &text_of(&out),
        &[&format!("АКТ рассмотрения претензии № {number}")],
    );

    // an unknown number: a clear message, no file
    let out = tmp.path().join("unknown.pdf");
    let o = print_claim(&db, "CL-2099-99999", Some("en"), &out);
    assert!(!o.status.success(), "{}", describe(&o));
    assert_ne!(o.status.code(), Some(101), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(err.contains("claim not found: CL-2099-99999"), "{}", describe(&o));
    assert!(!out.exists(), "no file for an unknown claim");

    // a language without a template is refused
    let out = tmp.path().join("de.pdf");
    let o = print_claim(&db, &number, Some("de"), &out);
    assert!(!o.status.success(), "{}", describe(&o));
    assert_ne!(o.status.code(), Some(101), "{}", describe(&o));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("'de'") && err.contains("ru or en"),
        "{}",
        describe(&o)
    );
    assert!(!out.exists(), "no file for a refused language");
}

/// The act's dates follow the local calendar of the desk (claims count in local time).
#[test]
fn dates_are_the_desks_local_dates() {
    let mut d = desk(1);
    let (id, _) = register(&mut d, 1, ActLang::En);
    let claim = d.store.claim(id).unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let en = claim_act_by(&d.store, id, ActLang::En, "Operator").unwrap();
    let text = text_of(&write(tmp.path(), "en.pdf", &en.bytes));
    let fmt = |t: NaiveDateTime| t.format("%d %b %Y %H:%M").to_string();
    assert_has(
        &text,
        &[
            &format!("Claim received: {}", fmt(local(claim.row.received_at))),
            &format!("Answer due: {} (3 working days)", fmt(local(claim.row.due_at))),
            &format!(
                "Order: No. {} of {}",
                d.order_no,
                local(claim.order_received_at).format("%d %b %Y")
            ),
        ],
    );
}

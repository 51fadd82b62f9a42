//! Printing end to end: real SQLite files, real PDFs parsed back with poppler (`pdfinfo`,
//! `pdftotext`, `pdffonts`), pages rasterised with `pdftoppm` and every barcode decoded with
//! `zbarimg`. `.ci/run` installs poppler-utils and zbar-tools; without them these tests fail
//! (they never skip).

use chrono::{NaiveDate, TimeZone, Utc};
use docket::domain::codes::gs1_check_digit;
use docket::domain::customer::{Customer, DeliveryPoint};
use docket::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::domain::sscc::Gs1Prefix;
use docket::print::labels::{BoxLabel, LabelSize, labels_pdf};
use docket::print::picking::{PickLine, PickMode, PickingDoc, picking_pdf, picking_pdf_all};
use docket::print::{Progress, jobs, warehouse};
use docket::store::{Stamp, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

const CYRILLIC: &str = "Ромашка";
const CHINESE: &str = "迅达物流";
const POLISH: &str = "Łódź";

fn stamp() -> Stamp {
    Stamp::at(
        "Оператор Анна",
        Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap(),
    )
}

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by the print tests ({e}); run .ci/run, which installs poppler-utils and zbar-tools")
    });
    assert!(
        out.status.success() || name == "zbarimg",
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, bytes).unwrap();
    p
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

/// The text of page `p` (from 1).
fn page_text(pdf: &Path, p: usize) -> String {
    let p = p.to_string();
    tool("pdftotext", &["-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"])
}

fn text_of(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

fn assert_fonts_subset(pdf: &Path) {
    let text = tool("pdffonts", &[pdf.to_str().unwrap()]);
    let rows: Vec<&str> = text.lines().skip(2).collect();
    assert!(!rows.is_empty(), "no fonts in {}", pdf.display());
    for row in rows {
        let name = row.split_whitespace().next().unwrap();
        // a subset's name carries a six-letter tag: ABCDEF+Name
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

/// Every barcode on every page: (type, data, gs1) in page order.
fn barcodes(pdf: &Path, dpi: u32) -> Vec<(String, String, bool)> {
    let dir = pdf
        .parent()
        .unwrap()
        .join(format!("{}-png", pdf.file_stem().unwrap().to_string_lossy()));
    std::fs::create_dir_all(&dir).unwrap();
    let prefix = dir.join("p");
    tool(
        "pdftoppm",
        &[
            "-r",
            &dpi.to_string(),
            "-gray",
            "-png",
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let mut pages: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    pages.sort();
    let mut found = Vec::new();
    for page in pages {
        let xml = tool("zbarimg", &["--xml", "--nodbus", "-q", page.to_str().unwrap()]);
        for sym in xml.split("<symbol ").skip(1) {
            let kind = sym
                .split("type='")
                .nth(1)
                .unwrap()
                .split('\'')
                .next()
                .unwrap()
                .to_owned();
            let gs1 = sym.split('>').next().unwrap().contains("GS1");
            let data = sym
                .split("<![CDATA[")
                .nth(1)
                .unwrap()
                .split("]]>")
                .next()
                .unwrap()
                .to_owned();
            found.push((kind, data, gs1));
        }
    }
    found
}

struct Desk {
    store: Store,
    order_id: i64,
    order_no: String,
    second_id: i64,
    _dir: tempfile::TempDir,
}

fn desk(lines: usize) -> Desk {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(&dir.path().join("desk.sqlite")).unwrap();
    s.set_gs1_prefix(&Gs1Prefix::new(3, "4601234"), &stamp()).unwrap();
    let c = s
        .save_customer(
            &Customer {
                code: "C1".into(),
                legal_name: format!("ООО «{CYRILLIC}» {CHINESE} {POLISH}"),
                credit_limit_minor: 100_000_000_00,
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    let p = s
        .save_delivery_point(
            &DeliveryPoint {
                customer_id: c.id,
                name: "Склад №2".into(),
                address: "ul. Piotrkowska 12, 90-001 Łódź; 上海市浦东新区张江路 554 号".into(),
                route: "R-07 华东线".into(),
                active: true,
                ..Default::default()
            },
            &stamp(),
        )
        .unwrap();
    let mut products = Vec::new();
    for i in 0..lines.max(2) {
        let name = match i % 3 {
            0 => format!("Шампунь «Свежесть» с экстрактом ромашки и длинным названием, 500 мл №{i}"),
            1 => format!("洗发水 去屑 清爽型 750 毫升 超长的产品名称需要换行显示 {i}"),
            _ => format!("Żel pod prysznic źródlany łagodny {i}"),
        };
        let loc = format!("A-{:02}-{:02}-{}", 1 + i / 40, 1 + (i / 4) % 10, 1 + i % 4);
        products.push(
            s.save_product(
                &Product {
                    sku: format!("SKU-{i:04}"),
                    name,
                    unit: "шт".into(),
                    units_per_box: 12,
                    weight_g: 550,
                    location: loc,
                    active: true,
                    ..Default::default()
                },
                &stamp(),
            )
            .unwrap(),
        );
    }
    let mut make = |range: std::ops::Range<usize>| {
        let draft = OrderDraft {
            customer_id: c.id,
            delivery_point_id: Some(p.id),
            channel: Channel::Phone,
            wanted_date: NaiveDate::from_ymd_opt(2026, 11, 25),
            lines: range
                .map(|i| DraftLine {
                    product_id: products[i].id,
                    quantity: 5 + i as i64 * 7,
                    unit: "шт".into(),
                })
                .collect(),
            ..Default::default()
        };
        s.create_order(&draft, OrderStatus::Released, &stamp()).unwrap()
    };
    let (order_id, order_no, _) = make(0..lines.max(1));
    let (second_id, _, _) = make(0..2);
    Desk {
        store: s,
        order_id,
        order_no,
        second_id,
        _dir: dir,
    }
}

#[test]
fn box_labels_in_every_size_parse_back_and_every_sscc_scans_as_gs1() {
    let mut d = desk(3);
    let tmp = tempfile::tempdir().unwrap();
    let boxes = d.store.assign_boxes(
        d.order_id,
        &[4200, 5100, 800, 12_000, 300, 900, 1000, 2000, 3000],
        &stamp(),
    );
    let boxes = boxes.unwrap();
    let labels: Vec<BoxLabel> = jobs::order_labels(&mut d.store, d.order_id, &stamp())
        .unwrap()
        .into_iter()
        .map(|(_, l)| l)
        .collect();
    assert_eq!(labels.len(), 9);
    for size in LabelSize::ALL {
        let pdf = labels_pdf(&labels, size, &Progress::new()).unwrap();
        let path = write(tmp.path(), &format!("labels-{}.pdf", size.code()), &pdf.bytes);
        let (pages, w, h) = info(&path);
        let (ew, eh) = size.page_mm();
        assert_eq!(pages, labels.len().div_ceil(size.per_page()), "{size:?}");
        assert_eq!(pages, pdf.pages);
        assert!(
            (w - f64::from(ew)).abs() < 0.1 && (h - f64::from(eh)).abs() < 0.1,
            "{size:?}: {w} x {h} mm"
        );
        assert_fonts_subset(&path);
        let text = text_of(&path);
        assert!(text.contains(&d.order_no), "{size:?}: {text}");
        for b in &boxes {
            assert!(
                text.contains(&format!("(00) {}", b.sscc)),
                "{size:?}: no human-readable SSCC {}",
                b.sscc
            );
        }
        if size != LabelSize::L58x40 {
            for s in [CYRILLIC, CHINESE, POLISH] {
                assert!(text.contains(s), "{size:?}: '{s}' not extractable:\n{text}");
            }
        }
        let dpi = if size == LabelSize::L58x40 { 600 } else { 300 };
        let mut scanned = barcodes(&path, dpi);
        scanned.sort();
        let mut expected: Vec<(String, String, bool)> = boxes
            .iter()
            .map(|b| ("CODE-128".to_owned(), format!("00{}", b.sscc), true))
            .collect();
        expected.sort();
        assert_eq!(scanned, expected, "{size:?}");
        for (_, data, _) in &scanned {
            let digits = &data[2..];
            assert_eq!(
                gs1_check_digit(&digits[..17]),
                digits[17..].parse().ok(),
                "{data}"
            );
        }
    }
}

#[test]
fn a_picking_list_repeats_its_header_scans_and_wraps_names_inside_their_column() {
    let d = desk(120);
    let tmp = tempfile::tempdir().unwrap();
    let doc = jobs::order_picking(&d.store, d.order_id, "Оператор Анна").unwrap();
    assert_eq!(doc.lines.len(), 120);
    let pdf = picking_pdf(&doc, &Progress::new()).unwrap();
    let path = write(tmp.path(), "picking.pdf", &pdf.bytes);
    let (pages, w, h) = info(&path);
    assert!(pages >= 3, "120 long lines fill several pages: {pages}");
    assert!(
        (w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1,
        "A4: {w} x {h}"
    );
    assert_fonts_subset(&path);
    for p in 1..=pages {
        let page = page_text(&path, p);
        assert!(page.contains(&format!("Page {p} of {pages}")), "page {p}");
        assert!(
            page.contains(&d.order_no) && page.contains(CYRILLIC),
            "page {p} repeats the header"
        );
    }
    let text = text_of(&path);
    for s in [
        "Свежесть",
        "洗发水",
        "źródlany",
        "Picker",
        "Checker",
        "Lines: 120",
    ] {
        assert!(text.contains(s), "'{s}' missing");
    }
    // every page's barcode is the order number (plain Code 128, not GS1)
    let scanned = barcodes(&path, 200);
    assert_eq!(scanned.len(), pages);
    assert!(
        scanned
            .iter()
            .all(|(k, v, gs1)| k == "CODE-128" && *v == d.order_no && !gs1),
        "{scanned:?}"
    );
    // walking order (aisles walked in a serpentine): the list prints lines as the store walks them
    let locations: Vec<&str> = text
        .split_whitespace()
        .filter(|w| w.starts_with("A-") && w.len() == 9)
        .collect();
    let walk: Vec<&str> = doc.lines.iter().map(|l| l.location.as_str()).collect();
    assert_eq!(locations, walk);
    assert_ne!(locations[40], "A-02-01-1", "aisle 2 is walked from its far end");
    // nothing outside its column: the words of product names stay left of the quantity column
    let bbox = tool(
        "pdftotext",
        &["-bbox", "-f", "1", "-l", "1", path.to_str().unwrap(), "-"],
    );
    let mm = |pt: f64| pt * 25.4 / 72.0;
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
        assert!(
            mm(attr("xMax")) <= 198.5 && mm(attr("xMin")) >= 11.5,
            "'{text}' leaves the page margins"
        );
        if text.contains("Свежесть") || text.contains("洗发水") || text.contains("źródlany") {
            let name_right =
                12.0 + 6.0 + 24.0 + 26.0 + (186.0 - 6.0 - 24.0 - 26.0 - 16.0 - 10.0 - 20.0 - 20.0);
            assert!(
                mm(attr("xMax")) <= name_right + 0.2,
                "'{text}' overflows the product column"
            );
        }
    }
}

#[test]
fn a_wave_list_consolidated_sums_products_and_splits_by_order() {
    let mut d = desk(4);
    let a = d.store.picking_order(d.order_id).unwrap().header;
    let b = d.store.picking_order(d.second_id).unwrap().header;
    let (wave_id, wave_no) = d
        .store
        .create_wave(&[(a.order_id, a.version), (b.order_id, b.version)], "", &stamp())
        .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let doc = jobs::wave_picking(&d.store, wave_id, PickMode::Consolidated, "Анна").unwrap();
    let pdf = picking_pdf(&doc, &Progress::new()).unwrap();
    let path = write(tmp.path(), "wave.pdf", &pdf.bytes);
    let text = text_of(&path);
    assert!(
        text.contains("Consolidated") && text.contains("Split by order"),
        "{text}"
    );
    assert!(text.contains(&a.number) && text.contains(&b.number));
    // SKU-0000 is in both orders: 5 + 5 summed in the consolidated list
    let consolidated = text.split("Split by order").next().unwrap();
    assert!(
        consolidated.contains("SKU-0000") && consolidated.contains("10"),
        "{consolidated}"
    );
    let scanned = barcodes(&path, 200);
    assert!(scanned.iter().all(|(_, v, _)| *v == wave_no), "{scanned:?}");
    // printing it moves both released orders into picking with the picker named
    let moved =
        jobs::start_picking(&mut d.store, &[a.order_id, b.order_id], "Сборщик Иван", &stamp()).unwrap();
    assert_eq!(moved, 2);
    assert_eq!(
        d.store.picking_order(a.order_id).unwrap().header.status,
        OrderStatus::Picking
    );
    assert_eq!(
        d.store.order_persons(a.order_id).unwrap()[0].as_deref(),
        Some("Сборщик Иван")
    );
}

/// Orders chosen together print as one file: each list starts on its own page with its own
/// header, barcode and "page X of Y", in the order chosen.
#[test]
fn several_orders_print_their_lists_in_one_file_each_on_its_own_pages() {
    let d = desk(60);
    let long = jobs::order_picking(&d.store, d.order_id, "Анна").unwrap();
    let short = jobs::order_picking(&d.store, d.second_id, "Анна").unwrap();
    let alone = picking_pdf(&long, &Progress::new()).unwrap().pages;
    assert!(alone > 1, "the long list takes several pages");
    let progress = Progress::new();
    let (pdf, sections) = picking_pdf_all(
        &[short.clone(), long.clone(), short.clone()],
        "Picking lists",
        &progress,
    )
    .unwrap();
    assert_eq!(sections, vec![1, alone, 1]);
    assert_eq!(pdf.pages, alone + 2);
    let lines = 2 + long.lines.len() + 2;
    assert_eq!(progress.get(), (lines, lines), "progress counts every line once");
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "lists.pdf", &pdf.bytes);
    let (pages, w, h) = info(&path);
    assert_eq!(pages, alone + 2);
    assert!((w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1);
    let page = |p: usize| page_text(&path, p);
    let first = page(1);
    assert!(
        first.contains(&short.number) && first.contains("Page 1 of 1"),
        "{first}"
    );
    let second = page(2);
    assert!(
        second.contains(&long.number) && second.contains(&format!("Page 1 of {alone}")),
        "{second}"
    );
    let last_of_long = page(alone + 1);
    assert!(last_of_long.contains(&format!("Page {alone} of {alone}")));
    assert!(page(alone + 2).contains(&short.number));
    // every page's barcode is its own list's number
    let scanned = barcodes(&path, 200);
    assert_eq!(scanned.len(), alone + 2, "{scanned:?}");
    assert_eq!(scanned[0].1, short.number);
    assert!(scanned[1..=alone].iter().all(|(_, v, _)| *v == long.number));
    assert_eq!(scanned[alone + 1].1, short.number);
}

#[test]
fn location_and_product_labels_scan_to_their_codes() {
    let tmp = tempfile::tempdir().unwrap();
    let codes: Vec<String> = ["A-01-01-1", "A-01-01-2", "B-12-03-4", "Ż-01-01-1"]
        .map(String::from)
        .to_vec();
    let bad = warehouse::locations_pdf(&codes, LabelSize::A4, &Progress::new()).unwrap_err();
    assert!(
        bad.to_string().contains("Ż-01-01-1") && bad.to_string().contains("'Ż'"),
        "{bad}"
    );
    let codes = &codes[..3];
    for size in [LabelSize::A4, LabelSize::L100x100, LabelSize::L58x40] {
        let pdf = warehouse::locations_pdf(codes, size, &Progress::new()).unwrap();
        let path = write(tmp.path(), &format!("loc-{}.pdf", size.code()), &pdf.bytes);
        let mut scanned: Vec<String> = barcodes(&path, 300).into_iter().map(|b| b.1).collect();
        scanned.sort();
        assert_eq!(scanned, codes, "{size:?}");
        let text = text_of(&path);
        assert!(codes.iter().all(|c| text.contains(c.as_str())));
    }
    let tags = vec![
        warehouse::ProductTag {
            sku: "SKU-1".into(),
            name: "Шампунь 洗发水 Żel".into(),
            ean13: Some("4006381333931".into()),
            location: Some("A-01-01-1".into()),
        },
        warehouse::ProductTag {
            sku: "SKU-NO-EAN".into(),
            name: "Без штрихкода".into(),
            ean13: None,
            location: None,
        },
    ];
    for size in [LabelSize::L58x40, LabelSize::A4] {
        let pdf = warehouse::products_pdf(&tags, size, &Progress::new()).unwrap();
        let path = write(tmp.path(), &format!("prod-{}.pdf", size.code()), &pdf.bytes);
        let mut scanned: Vec<(String, String)> =
            barcodes(&path, 600).into_iter().map(|b| (b.0, b.1)).collect();
        scanned.sort();
        assert_eq!(
            scanned,
            [
                ("CODE-128".to_owned(), "SKU-NO-EAN".to_owned()),
                ("EAN-13".to_owned(), "4006381333931".to_owned())
            ],
            "{size:?}"
        );
        let text = text_of(&path);
        assert!(
            text.contains("洗发水") && text.contains("Żel") && text.contains("Шампунь"),
            "{text}"
        );
    }
}

/// Golden text: the layout of each label size and of a picking list, as `pdftotext -layout`
/// sees it. A layout change shows up in review as a change of these files; regenerate with
/// `UPDATE_GOLDEN=1 cargo test --test print golden`.
#[test]
fn golden_layouts() {
    let tmp = tempfile::tempdir().unwrap();
    let label = BoxLabel {
        sender: "ООО «Ромашка-Опт»".into(),
        sender_address: "142100, Подольск, ул. Складская, 5".into(),
        consignee: "迅达物流配送中心 / Łódź Hurt Sp. z o.o.".into(),
        address: "ul. Piotrkowska 12\n90-001 Łódź\nPolska".into(),
        order_no: "2026-000042".into(),
        route: "R-07".into(),
        box_no: 3,
        box_count: 12,
        weight_g: 4580,
        date: "2026-11-25".into(),
        sscc: "346012340000000018".into(),
    };
    let mut docs: Vec<(String, Vec<u8>)> = LabelSize::ALL
        .iter()
        .map(|&s| {
            (
                format!("label-{}", s.code()),
                labels_pdf(std::slice::from_ref(&label), s, &Progress::new())
                    .unwrap()
                    .bytes,
            )
        })
        .collect();
    let picking = PickingDoc {
        wave: false,
        number: "2026-000042".into(),
        customers: "ООО «Ромашка-Опт»".into(),
        delivery: "Склад №2, ul. Piotrkowska 12, Łódź".into(),
        route: "R-07".into(),
        wanted: "2026-11-25".into(),
        printed: "2026-11-23 10:42 · Анна".into(),
        extra: vec![],
        lines: (0..6)
            .map(|i| {
                PickLine::new(
                    "2026-000042",
                    &format!("A-01-0{i}-1"),
                    &format!("SKU-{i}"),
                    "洗发水 Шампунь Żel",
                    25,
                    "шт",
                    12,
                    500,
                )
            })
            .collect(),
        mode: PickMode::Lines,
    };
    docs.push((
        "picking".into(),
        picking_pdf(&picking, &Progress::new()).unwrap().bytes,
    ));
    let codes = ["A-01-02-1".to_string(), "B-12-07-4".to_string()];
    docs.push((
        "locations-a4".into(),
        warehouse::locations_pdf(&codes, LabelSize::A4, &Progress::new())
            .unwrap()
            .bytes,
    ));
    let tags = [
        warehouse::ProductTag {
            sku: "A01056".into(),
            name: "洗发水 清扬 400毫升 / Шампунь / Żel pod prysznic Łabędź".into(),
            ean13: Some("4601234000017".into()),
            location: Some("A-01-02-1".into()),
        },
        warehouse::ProductTag {
            sku: "SH-05".into(),
            name: "Товар без штрихкода".into(),
            ean13: None,
            location: None,
        },
    ];
    for size in [LabelSize::L58x40, LabelSize::A4] {
        docs.push((
            format!("products-{}", size.code()),
            warehouse::products_pdf(&tags, size, &Progress::new())
                .unwrap()
                .bytes,
        ));
    }
    let golden_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden");
    let update = std::env::var_os("UPDATE_GOLDEN").is_some();
    let mut diffs = Vec::new();
    for (name, bytes) in docs {
        let path = write(tmp.path(), &format!("{name}.pdf"), &bytes);
        let text = tool(
            "pdftotext",
            &["-layout", "-enc", "UTF-8", path.to_str().unwrap(), "-"],
        );
        let golden = golden_dir.join(format!("{name}.txt"));
        if update {
            std::fs::create_dir_all(&golden_dir).unwrap();
            std::fs::write(&golden, &text).unwrap();
        } else {
            let want = std::fs::read_to_string(&golden)
                .unwrap_or_else(|_| panic!("{} missing: run UPDATE_GOLDEN=1", golden.display()));
            if want != text {
                diffs.push(format!("{name}:\n--- golden\n{want}\n--- now\n{text}"));
            }
        }
    }
    assert!(
        diffs.is_empty(),
        "layouts changed (UPDATE_GOLDEN=1 to accept):\n{}",
        diffs.join("\n")
    );
}

/// A large job: its pages are renumbered and compressed by several writers and joined; every
/// page must still be itself, in order, with one set of font subsets.
#[test]
fn a_large_label_job_keeps_its_pages_in_order() {
    let tmp = tempfile::tempdir().unwrap();
    let prefix = Gs1Prefix::new(3, "4601234");
    let n = 830;
    let labels: Vec<BoxLabel> = (0..n)
        .map(|i| BoxLabel {
            sender: "ООО «Ромашка-Опт»".into(),
            sender_address: "Подольск".into(),
            consignee: match i % 3 {
                0 => format!("迅达物流配送中心 {i}"),
                1 => format!("Łódź Hurt Sp. z o.o. {i}"),
                _ => format!("АО «Северный Терминал» {i}"),
            },
            address: "ul. Piotrkowska 12\n90-001 Łódź".into(),
            order_no: format!("SO-{i:05}"),
            route: "R-07".into(),
            box_no: (i % 12 + 1) as u32,
            box_count: 12,
            weight_g: 1000 + i as i64,
            date: "2026-11-25".into(),
            sscc: docket::domain::sscc::sscc(&prefix, 1000 + i as u64).unwrap(),
        })
        .collect();
    let progress = Progress::new();
    let pdf = labels_pdf(&labels, LabelSize::L100x150, &progress).unwrap();
    assert_eq!(progress.get(), (n, n), "progress counts each label once");
    let path = write(tmp.path(), "many.pdf", &pdf.bytes);
    let (pages, w, h) = info(&path);
    assert_eq!((pages, pdf.pages), (n, n));
    assert!((w - 100.0).abs() < 0.1 && (h - 150.0).abs() < 0.1);
    assert_fonts_subset(&path);
    let fonts = tool("pdffonts", &[path.to_str().unwrap()]);
    assert_eq!(
        fonts.lines().count() - 2,
        3,
        "one subset per face for the whole file:\n{fonts}"
    );
    for p in [1, 199, 200, 201, 401, 402, 600, 829, 830] {
        let text = page_text(&path, p);
        let l = &labels[p - 1];
        assert!(
            text.contains(&l.order_no) && text.contains(&l.consignee),
            "page {p}: {text}"
        );
        assert!(text.contains(&format!("(00) {}", l.sscc)), "page {p}");
    }
    let dir = tmp.path().join("edge");
    std::fs::create_dir_all(&dir).unwrap();
    tool(
        "pdftoppm",
        &[
            "-r",
            "200",
            "-gray",
            "-png",
            "-f",
            "200",
            "-l",
            "201",
            path.to_str().unwrap(),
            dir.join("p").to_str().unwrap(),
        ],
    );
    let mut found = Vec::new();
    for e in std::fs::read_dir(&dir).unwrap() {
        let out = tool(
            "zbarimg",
            &["-q", "--nodbus", e.unwrap().path().to_str().unwrap()],
        );
        found.extend(out.lines().map(str::to_owned));
    }
    found.sort();
    assert_eq!(
        found,
        [
            format!("CODE-128:00{}", labels[199].sscc),
            format!("CODE-128:00{}", labels[200].sscc)
        ]
    );
    // cancelling stops the job
    let progress = Progress::new();
    progress.cancel();
    assert!(matches!(
        labels_pdf(&labels, LabelSize::L100x150, &progress),
        Err(docket::Error::Cancelled)
    ));
}

/// Thousands of distinct characters in one document: the font subsets renumber every glyph,
/// and every page still reads back as the text drawn (3,000 Chinese characters, the Cyrillic
/// and Polish alphabets, symbols).
#[test]
fn thousands_of_distinct_characters_read_back_as_drawn() {
    use docket::print::pdf::{FontSet, Style, render};
    let fonts = FontSet::get();
    let cjk: Vec<char> = (0x4E00u32..0x9FA5)
        .filter_map(char::from_u32)
        .filter(|c| fonts.covers(&c.to_string()))
        .take(3000)
        .collect();
    assert_eq!(cjk.len(), 3000);
    let mut lines: Vec<String> = cjk.chunks(40).map(|c| c.iter().collect()).collect();
    lines.push("АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ абвгдеёжзийклмнопрстуфхцчшщъыьэюя".into());
    lines.push("ĄĆĘŁŃÓŚŹŻ ąćęłńóśźż Zażółć gęślą jaźń ✓ №".into());
    let per_page = 30;
    let pdf = render(
        "census",
        lines.len().div_ceil(per_page),
        &Progress::new(),
        |doc| {
            for chunk in lines.chunks(per_page) {
                let mut page = doc.page(210.0, 297.0);
                for (i, line) in chunk.iter().enumerate() {
                    page.text(10.0, 15.0 + i as f32 * 9.0, Style::regular(9.0), line);
                }
                doc.push(page);
            }
            Ok(())
        },
    )
    .unwrap();
    let tmp = tempfile::tempdir().unwrap();
    let path = write(tmp.path(), "census.pdf", &pdf.bytes);
    assert_fonts_subset(&path);
    let text: String = text_of(&path).chars().filter(|c| !c.is_whitespace()).collect();
    for line in &lines {
        let want: String = line.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(text.contains(&want), "{line} not read back");
    }
}

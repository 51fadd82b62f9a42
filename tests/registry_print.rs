//! Registries of documents and document stickers end to end: the layouts are fed plain rows
//! (built here by hand, as the store would return them), and the PDFs are parsed back with
//! poppler (`pdfinfo`, `pdftotext`, `pdffonts`), rasterised with `pdftoppm` and every barcode
//! decoded with `zbarimg`. `.ci/run` installs poppler-utils and zbar-tools; without them these
//! tests fail (they never skip).

use chrono::{DateTime, Local, NaiveDate, TimeZone, Utc};
use docket::domain::decimal::format_money;
use docket::domain::document::{Direction, DocKind, DocStatus, RegistryKind, register_code, registry_number};
use docket::i18n::{Lang, set_lang};
use docket::print::registry::{RegistryPrint, StickerSize, document_labels, registry_pdf};
use docket::store::documents::{DocumentRow, RegistryDetail, RegistryRow};
use std::path::{Path, PathBuf};
use std::process::Command;

const COMPANY: &str = "ООО «Склад-Сервис»";
const CYRILLIC: &str = "ООО «Ромашка»";
const CHINESE: &str = "北京贸易有限公司";
const POLISH: &str = "Łódź Spółka z o.o.";

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 23, 8, 15, 0).unwrap()
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

/// A fixed local wall-clock time of printing (whatever the machine's zone).
fn printed_at() -> DateTime<Local> {
    Local.with_ymd_and_hms(2026, 11, 23, 17, 5, 0).unwrap()
}

fn doc(
    id: i64,
    kind: DocKind,
    number: &str,
    customer: &str,
    orders: &[&str],
    amount: Option<i64>,
) -> DocumentRow {
    DocumentRow {
        id,
        code: register_code(id),
        kind,
        direction: Direction::Outgoing,
        number: number.into(),
        doc_date: day(),
        customer_id: Some(id),
        customer_code: format!("C{id:04}"),
        customer_name: customer.into(),
        counterparty: String::new(),
        amount_minor: amount,
        comment: String::new(),
        status: DocStatus::Issued,
        sent_via: None,
        sent_at: None,
        due_on: None,
        received_at: None,
        handed_at: None,
        handed_to: String::new(),
        lost_at: None,
        replaces_id: None,
        replaced_by: None,
        cancel_reason: String::new(),
        order_numbers: orders.iter().map(|o| o.to_string()).collect(),
        created_by: "Анна".into(),
        created_at: t0(),
        version: 1,
    }
}

fn registry(kind: RegistryKind, documents: Vec<DocumentRow>) -> RegistryDetail {
    RegistryDetail {
        row: RegistryRow {
            id: 12,
            number: registry_number(2026, 12),
            kind,
            on_date: day(),
            comment: String::new(),
            created_by: "Анна".into(),
            created_at: t0(),
            handed_at: None,
            handed_by: None,
            handed_to: String::new(),
            documents: documents.len() as i64,
            amount_minor: documents.iter().filter_map(|d| d.amount_minor).sum(),
            version: 1,
        },
        documents,
    }
}

fn three_documents() -> Vec<DocumentRow> {
    vec![
        doc(
            101,
            DocKind::Waybill,
            "РН-000101",
            CYRILLIC,
            &["2026-000041"],
            Some(1_234_567_89),
        ),
        doc(
            102,
            DocKind::Upd,
            "УПД-000102",
            CHINESE,
            &["2026-000042", "2026-000043"],
            Some(98_765_43),
        ),
        doc(103, DocKind::Act, "АКТ-000103", POLISH, &["2026-000044"], None),
    ]
}

fn print(reg: &RegistryDetail) -> Vec<u8> {
    registry_pdf(&RegistryPrint {
        registry: reg,
        company: COMPANY,
        printed_by: "Оператор Анна",
        printed_at: printed_at(),
    })
    .unwrap()
    .bytes
}

// ---------------------------------------------------------------------------------------------
// poppler and zbar

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by the registry print tests ({e}); run .ci/run, which installs poppler-utils and zbar-tools")
    });
    // zbarimg exits 4 when a page has no barcode: that is a finding, not a failure
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

/// Size in mm of every page.
fn page_sizes(pdf: &Path, pages: usize) -> Vec<(f64, f64)> {
    let text = tool(
        "pdfinfo",
        &["-f", "1", "-l", &pages.to_string(), pdf.to_str().unwrap()],
    );
    text.lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split_once("size:")
                .unwrap()
                .1
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[0] * 25.4 / 72.0, nums[1] * 25.4 / 72.0)
        })
        .collect()
}

fn text_of(pdf: &Path) -> String {
    tool("pdftotext", &["-enc", "UTF-8", pdf.to_str().unwrap(), "-"])
}

fn page_text(pdf: &Path, p: usize) -> String {
    let p = p.to_string();
    tool(
        "pdftotext",
        &["-enc", "UTF-8", "-f", &p, "-l", &p, pdf.to_str().unwrap(), "-"],
    )
}

/// The text without any white space: a cell's text wrapped over several lines (between CJK
/// characters, where no space was) joins up again.
fn squash(text: &str) -> String {
    text.chars().filter(|c| !c.is_whitespace()).collect()
}

fn assert_has(text: &str, want: &str) {
    assert!(
        squash(text).contains(&squash(want)),
        "{want:?} missing in:\n{text}"
    );
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

/// The barcodes of each page, rasterised at `dpi`: (type, data) per page, in page order.
fn barcodes(pdf: &Path, dpi: u32) -> Vec<Vec<(String, String)>> {
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
    pages
        .iter()
        .map(|page| {
            let xml = tool("zbarimg", &["--xml", "--nodbus", "-q", page.to_str().unwrap()]);
            xml.split("<symbol ")
                .skip(1)
                .map(|sym| {
                    let kind = sym.split("type='").nth(1).unwrap().split('\'').next().unwrap();
                    let data = sym
                        .split("<![CDATA[")
                        .nth(1)
                        .unwrap()
                        .split("]]>")
                        .next()
                        .unwrap();
                    (kind.to_owned(), data.to_owned())
                })
                .collect()
        })
        .collect()
}

/// A word as `pdftotext -bbox` places it, in points.
#[derive(Debug)]
struct Word {
    page: usize,
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
    text: String,
}

fn words(pdf: &Path) -> Vec<Word> {
    let html = tool(
        "pdftotext",
        &["-bbox", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    );
    let mut out = Vec::new();
    for (p, page) in html.split("<page ").skip(1).enumerate() {
        for w in page.split("<word ").skip(1) {
            let attr = |name: &str| -> f64 {
                w.split(&format!("{name}=\""))
                    .nth(1)
                    .unwrap()
                    .split('"')
                    .next()
                    .unwrap()
                    .parse()
                    .unwrap()
            };
            let text = w.split('>').nth(1).unwrap().split('<').next().unwrap().to_owned();
            out.push(Word {
                page: p + 1,
                x0: attr("xMin"),
                y0: attr("yMin"),
                x1: attr("xMax"),
                y1: attr("yMax"),
                text,
            });
        }
    }
    out
}

const PT: f64 = 72.0 / 25.4;

// ---------------------------------------------------------------------------------------------
// the registry

#[test]
fn a_registry_of_three_documents_is_one_a4_page_with_its_barcode() {
    let tmp = tempfile::tempdir().unwrap();
    let reg = registry(RegistryKind::Shipments, three_documents());
    let pdf = write(tmp.path(), "registry.pdf", &print(&reg));
    let (pages, w, h) = info(&pdf);
    assert_eq!(pages, 1);
    assert!(
        (w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1,
        "A4 portrait: {w} x {h}"
    );
    let text = text_of(&pdf);
    for want in [
        COMPANY,
        "Registry of documents",
        "Shipments",
        "RG-2026-00012",
        "2026-11-23 17:05",
        "Оператор Анна",
        "Page 1 of 1",
        CYRILLIC,
        CHINESE,
        POLISH,
        "Waybill",
        "Universal transfer document",
        "Act",
        "Receiver's mark",
        "Number of documents: 3",
        &format!("Total amount: {}", format_money(1_234_567_89 + 98_765_43)),
        "1 234 567.89",
        "98 765.43",
        "2026-000042, 2026-000043",
        "Handed over by",
        "Received by",
        "Full name",
        "Signature",
    ] {
        assert_has(&text, want);
    }
    for d in &reg.documents {
        assert_has(&text, &d.number);
        assert_has(&text, &d.code);
    }
    assert_fonts_subset(&pdf);
    let codes = barcodes(&pdf, 300);
    assert_eq!(
        codes,
        vec![vec![("CODE-128".to_owned(), "RG-2026-00012".to_owned())]],
        "the registry number, and only it, is a barcode"
    );
}

#[test]
fn a_long_registry_continues_on_pages_with_the_header_repeated() {
    let tmp = tempfile::tempdir().unwrap();
    let customers = [CYRILLIC, CHINESE, POLISH];
    let kinds = [
        DocKind::Waybill,
        DocKind::Upd,
        DocKind::Invoice,
        DocKind::ReturnDoc,
    ];
    let docs: Vec<DocumentRow> = (0..120)
        .map(|i| {
            doc(
                1000 + i,
                kinds[i as usize % kinds.len()],
                &format!("РН-{}", 1000 + i),
                customers[i as usize % 3],
                &[&format!("2026-{:06}", 500 + i)],
                Some(1000_00 + i),
            )
        })
        .collect();
    let reg = registry(RegistryKind::SelfPickup, docs);
    let pdf = write(tmp.path(), "long.pdf", &print(&reg));
    let (pages, _, _) = info(&pdf);
    assert!(pages >= 3, "120 documents on {pages} page(s)");
    for (w, h) in page_sizes(&pdf, pages) {
        assert!((w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1, "{w} x {h}");
    }
    for p in 1..=pages {
        let text = page_text(&pdf, p);
        assert_has(&text, &format!("Page {p} of {pages}"));
        assert_has(&text, "RG-2026-00012");
        assert_has(&text, "Self-pickups");
        // the table's column header on every page
        for title in ["No.", "Register code", "Customer", "Orders", "Amount"] {
            assert_has(&text, title);
        }
        let last = p == pages;
        assert_eq!(
            squash(&text).contains("Numberofdocuments:120"),
            last,
            "totals on page {p}"
        );
        assert_eq!(
            squash(&text).contains("Handedoverby"),
            last,
            "signatures on page {p}"
        );
    }
    let text = text_of(&pdf);
    for d in &reg.documents {
        assert_eq!(text.matches(&d.number).count(), 1, "{} printed once", d.number);
        assert_eq!(text.matches(&d.code).count(), 1, "{} printed once", d.code);
    }
    let per_page: Vec<usize> = (1..=pages)
        .map(|p| page_text(&pdf, p).matches("РН-").count())
        .collect();
    assert_eq!(per_page.iter().sum::<usize>(), 120);
    assert!(per_page.iter().all(|&n| n > 0), "{per_page:?}");
}

#[test]
fn long_cells_wrap_inside_their_columns_and_never_overflow() {
    let tmp = tempfile::tempdir().unwrap();
    let long_customer = "Общество с ограниченной ответственностью «Ромашка-Опт-Торг» 北京贸易有限公司华北分公司 Łódź Hurtownia Spółka z o.o.";
    let many_orders: Vec<String> = (0..9).map(|i| format!("2026-{:06}", 700 + i)).collect();
    let orders: Vec<&str> = many_orders.iter().map(String::as_str).collect();
    let mut docs = three_documents();
    docs.push(doc(
        104,
        DocKind::PowerOfAttorney,
        "ДОВ-2026/11/23-000104-ДОП-СОГЛАШЕНИЕ",
        long_customer,
        &orders,
        Some(999_999_999_99),
    ));
    let reg = registry(RegistryKind::Accounting, docs);
    let pdf = write(tmp.path(), "wrap.pdf", &print(&reg));
    let text = text_of(&pdf);
    assert_has(&text, long_customer);
    for o in &orders {
        assert_has(&text, o);
    }
    assert_has(&text, "999 999 999.99");
    assert_has(&text, "Signed copies for accounting");
    let words = words(&pdf);
    assert!(words.len() > 100);
    for w in &words {
        assert!(
            w.x0 >= 11.5 * PT && w.x1 <= 198.5 * PT,
            "{w:?} leaves the table's width"
        );
    }
    // no two words on one line overlap: nothing runs into the next cell
    for (i, a) in words.iter().enumerate() {
        for b in &words[i + 1..] {
            if a.page != b.page {
                continue;
            }
            let dx = a.x1.min(b.x1) - a.x0.max(b.x0);
            let dy = a.y1.min(b.y1) - a.y0.max(b.y0);
            let same_line = dy > 0.5 * (a.y1 - a.y0).min(b.y1 - b.y0);
            assert!(!(same_line && dx > 0.3), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn a_handed_over_registry_says_when_by_whom_and_to_whom() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reg = registry(RegistryKind::Accounting, three_documents());
    let at = Utc.with_ymd_and_hms(2026, 11, 24, 9, 30, 0).unwrap();
    reg.row.handed_at = Some(at);
    reg.row.handed_by = Some("Анна Петрова".into());
    reg.row.handed_to = "Бухгалтер Иванова".into();
    let pdf = write(tmp.path(), "handed.pdf", &print(&reg));
    let text = text_of(&pdf);
    let local = at.with_timezone(&Local).format("%Y-%m-%d %H:%M");
    assert_has(
        &text,
        &format!("Handed over {local} by Анна Петрова to Бухгалтер Иванова"),
    );
    // the names stand on the signature lines too
    assert_eq!(text.matches("Бухгалтер Иванова").count(), 2, "{text}");
    assert_eq!(text.matches("Анна Петрова").count(), 2, "{text}");
}

#[test]
fn the_registry_prints_in_russian() {
    let tmp = tempfile::tempdir().unwrap();
    set_lang(Lang::Ru);
    let reg = registry(RegistryKind::Shipments, three_documents());
    let bytes = print(&reg);
    set_lang(Lang::En);
    let pdf = write(tmp.path(), "ru.pdf", &bytes);
    let text = text_of(&pdf);
    for want in [
        "Реестр документов № RG-2026-00012",
        "Отгрузки",
        "23.11.2026",
        "Товарная накладная",
        "УПД",
        "Отметка получателя",
        "Количество документов: 3",
        "Сдал",
        "Принял",
        "ФИО",
        "Подпись",
        "Стр. 1 из 1",
    ] {
        assert_has(&text, want);
    }
    assert!(!text.contains("Receiver"), "{text}");
}

/// The registry's layout as `pdftotext -layout` sees it. A layout change shows up in review as
/// a change of `tests/golden/registry.txt`; regenerate with
/// `UPDATE_GOLDEN=1 cargo test --test registry_print golden`.
#[test]
fn golden_registry_layout() {
    let tmp = tempfile::tempdir().unwrap();
    let mut reg = registry(RegistryKind::Shipments, three_documents());
    reg.row.comment = "Рейс R-07, водитель Петров".into();
    let pdf = write(tmp.path(), "golden.pdf", &print(&reg));
    let text = tool(
        "pdftotext",
        &["-layout", "-enc", "UTF-8", pdf.to_str().unwrap(), "-"],
    );
    let golden = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden/registry.txt");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&golden, &text).unwrap();
    }
    let want = std::fs::read_to_string(&golden)
        .unwrap_or_else(|_| panic!("{} missing: run UPDATE_GOLDEN=1", golden.display()));
    assert!(
        want == text,
        "the registry's layout changed (UPDATE_GOLDEN=1 to accept):\n--- golden\n{want}\n--- now\n{text}"
    );
}

// ---------------------------------------------------------------------------------------------
// stickers

fn sticker_docs(n: i64) -> Vec<DocumentRow> {
    let customers = [CYRILLIC, CHINESE, POLISH];
    let kinds = [DocKind::Waybill, DocKind::Upd, DocKind::Act, DocKind::Invoice];
    (0..n)
        .map(|i| {
            doc(
                1 + i * 37,
                kinds[i as usize % kinds.len()],
                &format!("РН-{:06}", 1 + i * 37),
                customers[i as usize % 3],
                &[],
                Some(100_00),
            )
        })
        .collect()
}

#[test]
fn five_stickers_on_58x40_each_scan_to_their_register_code() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = sticker_docs(5);
    let out = document_labels(&docs, StickerSize::Label58x40).unwrap();
    assert_eq!(out.pages, 5);
    let pdf = write(tmp.path(), "stickers.pdf", &out.bytes);
    let (pages, _, _) = info(&pdf);
    assert_eq!(pages, 5);
    for (w, h) in page_sizes(&pdf, pages) {
        assert!((w - 58.0).abs() < 0.1 && (h - 40.0).abs() < 0.1, "{w} x {h}");
    }
    let found = barcodes(&pdf, 300);
    let want: Vec<Vec<(String, String)>> = docs
        .iter()
        .map(|d| vec![("CODE-128".to_owned(), d.code.clone())])
        .collect();
    assert_eq!(found, want, "one barcode per page, in order");
    for (p, d) in docs.iter().enumerate() {
        let text = page_text(&pdf, p + 1);
        assert_has(&text, &d.code);
        assert_has(&text, &d.number);
        assert_has(&text, &d.customer_name);
        assert_has(&text, "2026-11-23");
    }
    assert_fonts_subset(&pdf);
}

#[test]
fn thirty_stickers_on_a4_sheets_all_scan() {
    let tmp = tempfile::tempdir().unwrap();
    let docs = sticker_docs(30);
    let out = document_labels(&docs, StickerSize::A4Sheet).unwrap();
    let pdf = write(tmp.path(), "sheet.pdf", &out.bytes);
    let (pages, w, h) = info(&pdf);
    assert_eq!(pages, 2);
    assert!((w - 210.0).abs() < 0.1 && (h - 297.0).abs() < 0.1, "{w} x {h}");
    let found = barcodes(&pdf, 300);
    assert_eq!(found.len(), 2);
    assert_eq!(found[0].len(), 24, "a full sheet: {:?}", found[0]);
    assert_eq!(found[1].len(), 6, "the rest: {:?}", found[1]);
    let mut codes: Vec<String> = found
        .iter()
        .flatten()
        .map(|(kind, data)| {
            assert_eq!(kind, "CODE-128");
            data.clone()
        })
        .collect();
    codes.sort();
    let mut want: Vec<String> = docs.iter().map(|d| d.code.clone()).collect();
    want.sort();
    assert_eq!(codes, want);
    let text = text_of(&pdf);
    for name in [CYRILLIC, CHINESE, POLISH] {
        assert_has(&text, name);
    }
}

#[test]
fn a_long_customer_name_shrinks_and_stays_on_the_sticker() {
    let tmp = tempfile::tempdir().unwrap();
    let mut d = sticker_docs(1).remove(0);
    d.customer_name =
        "Общество с ограниченной ответственностью «Ромашка» 北京贸易有限公司 Łódź Spółka z o.o.".into();
    let out = document_labels(std::slice::from_ref(&d), StickerSize::Label58x40).unwrap();
    let pdf = write(tmp.path(), "long-name.pdf", &out.bytes);
    for w in words(&pdf) {
        assert!(
            w.x0 >= 0.0 && w.x1 <= 58.0 * PT && w.y0 >= 0.0 && w.y1 <= 40.0 * PT,
            "{w:?} leaves the label"
        );
    }
    let words = words(&pdf);
    assert!(words.iter().any(|w| w.text == "Общество"), "{words:?}");
    assert_has(&text_of(&pdf), "Общество с ограниченной ответственностью");
    let found = barcodes(&pdf, 300);
    assert_eq!(found, vec![vec![("CODE-128".to_owned(), d.code.clone())]]);
}

#[test]
fn stickers_refuse_what_they_cannot_print_and_say_why() {
    let e = document_labels(&[], StickerSize::Label58x40)
        .unwrap_err()
        .to_string();
    assert!(e.contains("no documents"), "{e}");
    let mut d = sticker_docs(1).remove(0);
    d.code = "DOC-ЖЖЖ".into();
    let e = document_labels(std::slice::from_ref(&d), StickerSize::A4Sheet)
        .unwrap_err()
        .to_string();
    assert!(e.contains("DOC-ЖЖЖ"), "{e}");
    // far too long for 0.25 mm modules on a 58 mm label
    d.code = "DOC-ABCDEFGHIJKLMNOPQRSTUVWXYZ".into();
    let e = document_labels(std::slice::from_ref(&d), StickerSize::Label58x40)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("DOC-ABCDEFGHIJKLMNOPQRSTUVWXYZ") && e.contains("does not fit"),
        "{e}"
    );
}

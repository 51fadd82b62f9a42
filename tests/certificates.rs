//! The certificate base on real SQLite files: certificates saved, edited and checked, products
//! linked by a pasted SKU list, scans kept in the database (and the files refused), expiry
//! alerts against a fixed day, products without a valid certificate, and the certificate pack
//! of an order printed, registered and parsed back with poppler (`pdfinfo`, `pdftotext`,
//! `pdfimages`, `pdftoppm`) and zbar (`zbarimg`). `.ci/run` installs both; these tests never
//! skip.

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use docket::domain::certificate::{CertKind, CertificateDraft, Validity, parse_sku_list};
use docket::domain::customer::Customer;
use docket::domain::document::{Direction, DocKind, DocStatus};
use docket::domain::order::{Channel, DraftLine, OrderDraft, OrderStatus};
use docket::domain::product::Product;
use docket::error::Error;
use docket::print::certificates::{pack_pdf, print_pack};
use docket::store::certificates::{CertFilter, CertState, keys};
use docket::store::claims::ClaimSettings;
use docket::store::settings::keys::COMPANY_NAME;
use docket::store::{Stamp, Store};
use std::path::{Path, PathBuf};
use std::process::Command;

const COMPANY: &str = "ООО «Склад-Сервис» 仓储服务 Łódź";
const CUSTOMER: &str = "ООО Ромашка / 北京贸易有限公司 / Łódź Spółka z o.o.";

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
}

fn stamp() -> Stamp {
    Stamp::at(
        "Анна Документовед",
        Utc.with_ymd_and_hms(2026, 11, 23, 9, 30, 0).unwrap(),
    )
}

struct Fx {
    dir: tempfile::TempDir,
    db: PathBuf,
    store: Store,
    customer: i64,
    /// (id, sku) in the order made.
    products: Vec<(i64, String)>,
}

const PRODUCTS: [(&str, &str, bool); 6] = [
    ("КР-001", "Кружка керамическая «Ромашка» 350 мл", true),
    ("TEA-88", "绿茶 龙井 250克", true),
    ("PL-ZB-3", "Szczoteczka do zębów Łódź miękka", true),
    ("MLK-1", "Молоко 3,2% 1 л", true),
    ("SOL-9", "Sól kamienna 食盐 1 kg", true),
    ("OLD-0", "Снятый с продажи товар", false),
];

fn fixture() -> Fx {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("certificates.sqlite");
    let mut store = Store::open(&db).unwrap();
    let st = stamp();
    let customer = store
        .save_customer(
            &Customer {
                code: "C-ROM".into(),
                legal_name: CUSTOMER.into(),
                ..Default::default()
            },
            &st,
        )
        .unwrap()
        .id;
    let mut products = Vec::new();
    for (sku, name, active) in PRODUCTS {
        let p = store
            .save_product(
                &Product {
                    sku: sku.into(),
                    name: name.into(),
                    unit: "шт".into(),
                    units_per_box: 6,
                    weight_g: 300,
                    active,
                    ..Default::default()
                },
                &st,
            )
            .unwrap();
        products.push((p.id, sku.to_string()));
    }
    Fx {
        dir,
        db,
        store,
        customer,
        products,
    }
}

impl Fx {
    fn product(&self, sku: &str) -> i64 {
        self.products.iter().find(|(_, s)| s == sku).unwrap().0
    }

    fn cert(&mut self, number: &str, kind: CertKind, issuer: &str, from: i64, to: i64) -> i64 {
        self.store
            .save_certificate(&draft(number, kind, issuer, from, to), &stamp())
            .unwrap()
    }

    fn link(&mut self, cert: i64, skus: &[&str]) {
        let skus: Vec<String> = skus.iter().map(|s| s.to_string()).collect();
        self.store.link_products_by_skus(cert, &skus, &stamp()).unwrap();
    }

    fn order(&mut self, skus: &[&str]) -> (i64, String) {
        let lines = skus
            .iter()
            .zip(1..)
            .map(|(sku, q)| DraftLine {
                product_id: self.product(sku),
                quantity: q,
                unit: "шт".into(),
            })
            .collect();
        let draft = OrderDraft {
            customer_id: self.customer,
            channel: Channel::Phone,
            self_pickup: true,
            lines,
            ..Default::default()
        };
        let (id, number, _) = self
            .store
            .create_order(&draft, OrderStatus::Released, &stamp())
            .unwrap();
        (id, number)
    }

    fn count(&self, table: &str) -> i64 {
        self.store.count(table).unwrap()
    }

    fn audit_rows(&self) -> i64 {
        self.count("audit_log")
    }
}

/// A certificate valid from `from` to `to` days around the fixed day.
fn draft(number: &str, kind: CertKind, issuer: &str, from: i64, to: i64) -> CertificateDraft {
    CertificateDraft {
        id: None,
        version: 0,
        number: number.into(),
        kind,
        issuer: issuer.into(),
        product_group: "Посуда и чай 茶具 / Naczynia".into(),
        valid_from: today() + Duration::days(from),
        valid_to: today() + Duration::days(to),
        comment: String::new(),
    }
}

fn filter(text: &str, state: CertState, warn_days: i64) -> CertFilter {
    CertFilter {
        text: text.into(),
        state,
        product_id: None,
        today: today(),
        warn_days,
    }
}

fn numbers(rows: &[docket::store::certificates::CertificateRow]) -> Vec<String> {
    rows.iter().map(|r| r.number.clone()).collect()
}

// ---------------------------------------------------------------------------------------------
// files made for the tests

/// A PDF as a scanner or another program would make it, with `texts.len()` pages of Letter
/// size, one line of text on each. Fonts and page size sit on the page tree's nodes and are
/// inherited (two levels deep), so the pack must carry them onto the pages it takes.
fn scan_pdf(texts: &[&str]) -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let root_id = doc.new_object_id();
    let inner_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font",
        "Subtype" => "Type1",
        "BaseFont" => "Helvetica",
    });
    let mut kids = Vec::new();
    for text in texts {
        let ops = format!("BT /F1 20 Tf 72 700 Td ({text}) Tj ET 0.5 g 72 600 300 40 re f");
        let content = doc.add_object(Stream::new(dictionary! {}, ops.into_bytes()));
        let page = doc.add_object(dictionary! {
            "Type" => "Page",
            "Parent" => inner_id,
            "Contents" => content,
        });
        kids.push(Object::Reference(page));
    }
    let count = kids.len() as i64;
    doc.objects.insert(
        inner_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Parent" => root_id,
            "Kids" => kids,
            "Count" => count,
        }),
    );
    doc.objects.insert(
        root_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages",
            "Kids" => vec![Object::Reference(inner_id)],
            "Count" => count,
            "MediaBox" => vec![0.into(), 0.into(), 612.into(), 792.into()],
            "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        }),
    );
    let catalog = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => root_id });
    doc.trailer.set("Root", catalog);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    out
}

fn rgb_image(w: u32, h: u32, seed: u8) -> image::RgbImage {
    image::RgbImage::from_fn(w, h, |x, y| {
        image::Rgb([
            (x * 255 / w) as u8,
            (y * 255 / h) as u8,
            seed.wrapping_add(((x / 16 + y / 16) % 2 * 128) as u8),
        ])
    })
}

fn encoded(img: &image::RgbImage, format: image::ImageFormat) -> Vec<u8> {
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, format).unwrap();
    out.into_inner()
}

// ---------------------------------------------------------------------------------------------
// poppler and zbar

fn tool(name: &str, args: &[&str]) -> String {
    let out = Command::new(name).args(args).output().unwrap_or_else(|e| {
        panic!("{name} is needed by the certificate tests ({e}); run .ci/run, which installs poppler-utils and zbar-tools")
    });
    assert!(
        out.status.success(),
        "{name} {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn page_text(pdf: &Path, from: usize, to: usize) -> String {
    let (f, l) = (from.to_string(), to.to_string());
    flat(&tool(
        "pdftotext",
        &["-enc", "UTF-8", "-f", &f, "-l", &l, pdf.to_str().unwrap(), "-"],
    ))
}

/// The page count and each page's size in mm.
fn page_sizes(pdf: &Path) -> (usize, Vec<(f64, f64)>) {
    let text = tool("pdfinfo", &[pdf.to_str().unwrap()]);
    let pages: usize = text
        .lines()
        .find_map(|l| l.strip_prefix("Pages:"))
        .unwrap()
        .trim()
        .parse()
        .unwrap();
    let text = tool(
        "pdfinfo",
        &["-f", "1", "-l", &pages.to_string(), pdf.to_str().unwrap()],
    );
    let sizes = text
        .lines()
        .filter(|l| l.starts_with("Page") && l.contains("size:"))
        .map(|l| {
            let nums: Vec<f64> = l
                .split(':')
                .nth(1)
                .unwrap()
                .split_whitespace()
                .filter_map(|w| w.parse().ok())
                .collect();
            (nums[0] * 25.4 / 72.0, nums[1] * 25.4 / 72.0)
        })
        .collect();
    (pages, sizes)
}

fn is_a4((w, h): (f64, f64)) -> bool {
    (w - 210.0).abs() < 0.2 && (h - 297.0).abs() < 0.2
}

/// `pdfimages -list`: (page, width, height, encoding, x-ppi, y-ppi) of every image.
fn images(pdf: &Path) -> Vec<(usize, u32, u32, String, u32, u32)> {
    tool("pdfimages", &["-list", pdf.to_str().unwrap()])
        .lines()
        .skip(2)
        .map(|l| {
            let c: Vec<&str> = l.split_whitespace().collect();
            (
                c[0].parse().unwrap(),
                c[3].parse().unwrap(),
                c[4].parse().unwrap(),
                c[8].to_string(),
                c[12].parse().unwrap(),
                c[13].parse().unwrap(),
            )
        })
        .collect()
}

/// The barcodes zbar reads on page `page` rasterised at 200 dpi.
fn barcodes(pdf: &Path, page: usize, dir: &Path) -> Vec<String> {
    let prefix = dir.join(format!("raster-{page}"));
    let p = page.to_string();
    tool(
        "pdftoppm",
        &[
            "-r",
            "200",
            "-gray",
            "-png",
            "-singlefile",
            "-f",
            &p,
            "-l",
            &p,
            pdf.to_str().unwrap(),
            prefix.to_str().unwrap(),
        ],
    );
    let png = prefix.with_extension("png");
    let out = Command::new("zbarimg")
        .args(["--raw", "-q", "--nodbus", png.to_str().unwrap()])
        .output()
        .expect("zbarimg is needed by the certificate tests; run .ci/run");
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .collect()
}

// ---------------------------------------------------------------------------------------------
// the register of certificates

#[test]
fn certificates_are_saved_edited_and_checked() {
    let mut fx = fixture();
    let st = stamp();
    let number = "ЕАЭС N RU Д-CN.РА01.В.12345/24";
    let id = fx
        .store
        .save_certificate(
            &CertificateDraft {
                number: format!("  {number} "),
                comment: "Партия из Циндао, 青岛".into(),
                ..draft(number, CertKind::Declaration, "ООО «Сертификация»", -100, 600)
            },
            &st,
        )
        .unwrap();
    let d = fx.store.certificate(id, today(), 30).unwrap();
    assert_eq!(d.row.number, number, "kept trimmed");
    assert_eq!(d.row.version, 1);
    assert_eq!(d.row.validity, Validity::Valid);
    assert_eq!((d.row.products, d.row.files), (0, 0));
    assert_eq!(fx.store.audit_count("certificate", id).unwrap(), 1);

    // an edit checked against the version read
    let mut edit = d.row.draft();
    edit.issuer = "Polskie Centrum Badań i Certyfikacji".into();
    edit.valid_to = today() + Duration::days(10);
    fx.store.save_certificate(&edit, &st).unwrap();
    let d2 = fx.store.certificate(id, today(), 30).unwrap();
    assert_eq!(d2.row.version, 2);
    assert_eq!(d2.row.issuer, "Polskie Centrum Badań i Certyfikacji");
    assert_eq!(d2.row.validity, Validity::Expiring { days_left: 10 });
    assert_eq!(fx.store.audit_count("certificate", id).unwrap(), 2);

    // the same form saved again (another window saved meanwhile): refused, nothing changed
    let audit = fx.audit_rows();
    let stale = CertificateDraft {
        issuer: "北京认证中心".into(),
        ..edit.clone()
    };
    let e = fx.store.save_certificate(&stale, &st).unwrap_err();
    assert!(matches!(e, Error::Conflict { .. }), "{e}");
    assert_eq!(fx.store.certificate(id, today(), 30).unwrap().row, d2.row);
    assert_eq!(fx.audit_rows(), audit);

    // the same number twice: refused, naming it
    let e = fx
        .store
        .save_certificate(
            &draft(
                &format!(" {number}"),
                CertKind::Certificate,
                "Другой орган",
                0,
                10,
            ),
            &st,
        )
        .unwrap_err();
    assert!(matches!(e, Error::Duplicate { .. }), "{e}");
    assert!(e.to_string().contains(number), "{e}");
    assert_eq!(fx.count("certificates"), 1);
    assert_eq!(fx.audit_rows(), audit);

    // a draft that does not make sense is refused by field
    let e = fx
        .store
        .save_certificate(&draft("X-1", CertKind::Certificate, "", 10, 5), &st)
        .unwrap_err();
    assert!(matches!(e, Error::Invalid(ref f) if f.field == "valid_to"), "{e}");
    // editing a certificate that does not exist
    let e = fx
        .store
        .save_certificate(
            &CertificateDraft {
                id: Some(999),
                version: 1,
                ..draft("X-2", CertKind::Certificate, "", 0, 5)
            },
            &st,
        )
        .unwrap_err();
    assert!(matches!(e, Error::NotFound { .. }), "{e}");
    assert_eq!(fx.count("certificates"), 1);

    // search: number, issuer, comment in any case and script, and a covered product's SKU or name
    let other = fx.cert(
        "ЕАЭС RU С-CN.АЯ46.В.20053",
        CertKind::Certificate,
        "北京认证中心",
        -10,
        900,
    );
    fx.link(other, &["TEA-88", "PL-ZB-3"]);
    for (text, expected) in [
        ("д-cn.ра01", vec![number]),
        ("BADAŃ polskie", vec![number]),
        ("циндао", vec![number]),
        ("认证", vec!["ЕАЭС RU С-CN.АЯ46.В.20053"]),
        ("tea-88", vec!["ЕАЭС RU С-CN.АЯ46.В.20053"]),
        ("ŁÓDŹ", vec!["ЕАЭС RU С-CN.АЯ46.В.20053"]),
        ("龙井", vec!["ЕАЭС RU С-CN.АЯ46.В.20053"]),
        ("ЕАЭС", vec![number, "ЕАЭС RU С-CN.АЯ46.В.20053"]),
        ("100%_", vec![]),
    ] {
        let found = fx.store.certificates(&filter(text, CertState::All, 30)).unwrap();
        assert_eq!(numbers(&found), expected, "search {text:?}");
    }
    let by_product = fx
        .store
        .certificates(&CertFilter {
            product_id: Some(fx.product("PL-ZB-3")),
            ..filter("", CertState::All, 30)
        })
        .unwrap();
    assert_eq!(numbers(&by_product), vec!["ЕАЭС RU С-CN.АЯ46.В.20053"]);
}

#[test]
fn warning_days_come_from_settings() {
    let mut fx = fixture();
    assert_eq!(fx.store.certificate_warn_days().unwrap(), 30);
    fx.store.save_certificate_warn_days(45, &stamp()).unwrap();
    assert_eq!(fx.store.certificate_warn_days().unwrap(), 45);
    for bad in [0, -3, 366] {
        let e = fx.store.save_certificate_warn_days(bad, &stamp()).unwrap_err();
        assert!(e.to_string().contains("365"), "{e}");
    }
    assert_eq!(fx.store.certificate_warn_days().unwrap(), 45);
    assert_eq!(fx.store.setting::<i64>(keys::WARN_DAYS).unwrap(), Some(45));
}

#[test]
fn products_are_linked_by_a_pasted_sku_list() {
    let mut fx = fixture();
    let st = stamp();
    let cert = fx.cert("RU Д-PL.РА01.В.55555/25", CertKind::Declaration, "", -10, 300);
    let audit = fx.audit_rows();
    // one unknown SKU refuses the whole list, naming every unknown one
    let pasted = parse_sku_list("КР-001\nNOPE-1; TEA-88,  НЕТ-2\r\nКР-001");
    assert_eq!(pasted, vec!["КР-001", "NOPE-1", "TEA-88", "НЕТ-2"]);
    let e = fx.store.link_products_by_skus(cert, &pasted, &st).unwrap_err();
    let msg = e.to_string();
    assert!(msg.contains("NOPE-1") && msg.contains("НЕТ-2"), "{msg}");
    assert!(!msg.contains("TEA-88"), "only the unknown ones are named: {msg}");
    assert_eq!(fx.count("certificate_products"), 0, "nothing was linked");
    assert_eq!(fx.audit_rows(), audit);
    // the SKU match is exact after trimming: a different case is another SKU
    let e = fx
        .store
        .link_products_by_skus(cert, &["кр-001".into()], &st)
        .unwrap_err();
    assert!(e.to_string().contains("кр-001"), "{e}");

    let r = fx
        .store
        .link_products_by_skus(cert, &[" КР-001 ".into(), "TEA-88".into()], &st)
        .unwrap();
    assert_eq!((r.linked, r.already), (2, 0));
    let r = fx
        .store
        .link_products_by_skus(cert, &parse_sku_list("TEA-88 PL-ZB-3 КР-001"), &st)
        .unwrap();
    assert_eq!((r.linked, r.already), (1, 2));
    // by id (the products a filter found), each once
    let ids = [fx.product("MLK-1"), fx.product("TEA-88"), fx.product("MLK-1")];
    let r = fx.store.link_products(cert, &ids, &st).unwrap();
    assert_eq!((r.linked, r.already), (1, 1));
    let d = fx.store.certificate(cert, today(), 30).unwrap();
    let skus: Vec<&str> = d.products.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(skus, vec!["MLK-1", "PL-ZB-3", "TEA-88", "КР-001"]);
    assert_eq!(d.row.products, 4);
    assert_eq!(d.row.version, 1, "linking does not outdate an open form");
    assert_eq!(
        fx.audit_rows(),
        audit + 3,
        "one audit row per link that did something"
    );

    // an unknown product or certificate is refused
    assert!(matches!(
        fx.store.link_products(cert, &[9_999], &st).unwrap_err(),
        Error::NotFound { .. }
    ));
    assert!(matches!(
        fx.store
            .link_products_by_skus(9_999, &["TEA-88".into()], &st)
            .unwrap_err(),
        Error::NotFound { .. }
    ));
    assert!(fx.store.link_products_by_skus(cert, &[], &st).is_err());

    fx.store.unlink_product(cert, fx.product("TEA-88"), &st).unwrap();
    assert_eq!(fx.store.certificate(cert, today(), 30).unwrap().row.products, 3);
    let e = fx
        .store
        .unlink_product(cert, fx.product("TEA-88"), &st)
        .unwrap_err();
    assert!(e.to_string().contains("TEA-88"), "{e}");
}

#[test]
fn scans_are_kept_and_bad_files_refused() {
    let mut fx = fixture();
    let st = stamp();
    let cert = fx.cert(
        "ЕАЭС N RU Д-CN.РА01.В.77777/26",
        CertKind::Declaration,
        "",
        -1,
        300,
    );
    let pdf = scan_pdf(&["Declaration 77777 page 1"]);
    let png = encoded(&rgb_image(64, 40, 7), image::ImageFormat::Png);
    let jpeg = encoded(&rgb_image(48, 80, 90), image::ImageFormat::Jpeg);
    let mut kept = Vec::new();
    for (name, bytes, mime) in [
        ("декларация 77777.pdf", &pdf, "application/pdf"),
        ("证书 照片.png", &png, "image/png"),
        ("skan Łódź.jpg", &jpeg, "image/jpeg"),
    ] {
        let id = fx.store.attach_certificate_file(cert, name, bytes, &st).unwrap();
        let (row, data) = fx.store.certificate_file(id).unwrap();
        assert_eq!((row.name.as_str(), row.mime.as_str()), (name, mime));
        assert_eq!(row.size as usize, bytes.len());
        assert_eq!(row.sha256.len(), 64);
        assert_eq!(&data, bytes);
        kept.push(id);
    }
    let d = fx.store.certificate(cert, today(), 30).unwrap();
    assert_eq!(d.row.files, 3);
    assert_eq!(d.files.iter().map(|f| f.id).collect::<Vec<_>>(), kept);

    // refusals name the file and why, and store nothing
    let files = fx.count("certificate_files");
    let audit = fx.audit_rows();
    let mut mp4 = vec![0, 0, 0, 0x20];
    mp4.extend_from_slice(b"ftypisom\0\0\x02\0isomiso2avc1mp41");
    let mut exe = b"MZ\x90\0\x03\0\0\0\x04\0\0\0\xff\xff".to_vec();
    exe.extend(std::iter::repeat_n(0u8, 200));
    let random: Vec<u8> = (0..300u32).map(|i| (i * 7919 % 251) as u8 | 0x80).collect();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("setup.exe", exe, "Windows program"),
        ("камера 3.mp4", mp4, "video"),
        ("шум.bin", random, "not a PDF, PNG or JPEG"),
        ("пусто.pdf", Vec::new(), "empty"),
        (
            "битый.pdf",
            b"%PDF-1.7\n this is not really a PDF".to_vec(),
            "cannot be read",
        ),
        (
            "битое.png",
            b"\x89PNG\r\n\x1a\n not really".to_vec(),
            "cannot be read",
        ),
        ("копия.pdf", pdf.clone(), "декларация 77777.pdf"),
    ];
    for (name, bytes, why) in &cases {
        let e = fx
            .store
            .attach_certificate_file(cert, name, bytes, &st)
            .unwrap_err();
        let msg = e.to_string();
        assert!(msg.contains(name) && msg.contains(why), "{name}: {msg}");
    }
    // over the size limit of Settings (1 MB here): the message names the size and the limit
    fx.store
        .save_claim_settings(
            &ClaimSettings {
                attachment_mb: 1,
                ..ClaimSettings::default()
            },
            &st,
        )
        .unwrap();
    assert_eq!(fx.count("certificate_files"), files, "nothing was stored");
    assert_eq!(
        fx.audit_rows(),
        audit + 3,
        "nothing but the three settings was audited"
    );
    let audit = fx.audit_rows();
    let mut big = b"%PDF-1.4\n".to_vec();
    big.resize(1_600_000, b' ');
    let e = fx
        .store
        .attach_certificate_file(cert, "большой скан.pdf", &big, &st)
        .unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains("большой скан.pdf") && msg.contains("1.5 MB") && msg.contains("limit of 1 MB"),
        "{msg}"
    );
    // from disk: a missing file and a file too large name the path
    let missing = fx.dir.path().join("нет такого.pdf");
    let e = fx.store.attach_certificate_path(cert, &missing, &st).unwrap_err();
    assert!(e.to_string().contains(&missing.display().to_string()), "{e}");
    let big_path = fx.dir.path().join("скан 600 dpi.pdf");
    std::fs::write(&big_path, &big).unwrap();
    let e = fx
        .store
        .attach_certificate_path(cert, &big_path, &st)
        .unwrap_err();
    assert!(e.to_string().contains(&big_path.display().to_string()), "{e}");
    // a certificate that does not exist
    assert!(matches!(
        fx.store
            .attach_certificate_file(9_999, "x.png", &png, &st)
            .unwrap_err(),
        Error::NotFound { .. }
    ));
    assert_eq!(fx.count("certificate_files"), files, "nothing was stored");
    assert_eq!(fx.audit_rows(), audit, "nothing was audited");

    // a good file from disk keeps its file name
    let path = fx.dir.path().join("declaration 2 страницы.pdf");
    std::fs::write(&path, scan_pdf(&["one", "two"])).unwrap();
    let id = fx.store.attach_certificate_path(cert, &path, &st).unwrap();
    assert_eq!(
        fx.store.certificate_file(id).unwrap().0.name,
        "declaration 2 страницы.pdf"
    );

    // removing a scan added by mistake: the audit log keeps its name and hash
    let (row, _) = fx.store.certificate_file(kept[1]).unwrap();
    fx.store.remove_certificate_file(kept[1], &st).unwrap();
    assert!(matches!(
        fx.store.certificate_file(kept[1]).unwrap_err(),
        Error::NotFound { .. }
    ));
    assert_eq!(fx.store.certificate(cert, today(), 30).unwrap().row.files, 3);
    let conn = rusqlite::Connection::open(&fx.db).unwrap();
    let changes: String = conn
        .query_row(
            "SELECT changes FROM audit_log WHERE entity = 'certificate_file' AND entity_id = ?1
             AND action = 'delete'",
            [kept[1]],
            |r| r.get(0),
        )
        .unwrap();
    assert!(
        changes.contains(&row.name) && changes.contains(&row.sha256),
        "{changes}"
    );
    assert!(fx.store.remove_certificate_file(kept[1], &st).is_err());
    // the same photo may be kept again now
    fx.store
        .attach_certificate_file(cert, "证书 照片.png", &png, &st)
        .unwrap();
}

// ---------------------------------------------------------------------------------------------
// alerts

#[test]
fn expiry_alerts_against_a_fixed_day() {
    let mut fx = fixture();
    let soon = fx.cert("A-SOON", CertKind::Certificate, "", -300, 10);
    let _later = fx.cert("B-LATER", CertKind::Declaration, "", -300, 40);
    let last_day = fx.cert("C-LAST-DAY", CertKind::Certificate, "", -300, 0);
    let renewed_old = fx.cert("D-OLD-RENEWED", CertKind::Certificate, "", -900, -5);
    let renewal = fx.cert("E-RENEWAL", CertKind::Certificate, "", -4, 700);
    let lapsed = fx.cert("F-LAPSED", CertKind::Declaration, "", -900, -1);
    let _empty = fx.cert("G-EXPIRED-NO-PRODUCTS", CertKind::Declaration, "", -900, -30);
    let future = fx.cert("H-NOT-YET", CertKind::Declaration, "", 5, 800);
    fx.link(soon, &["КР-001"]);
    fx.link(last_day, &["MLK-1"]);
    fx.link(renewed_old, &["TEA-88", "КР-001"]);
    fx.link(renewal, &["TEA-88"]);
    fx.link(lapsed, &["PL-ZB-3", "TEA-88"]);
    fx.link(future, &["SOL-9"]);

    let a = fx.store.certificate_alerts(today(), 30).unwrap();
    assert_eq!(
        numbers(&a.expiring),
        vec!["C-LAST-DAY", "A-SOON"],
        "soonest first; the last day still counts"
    );
    assert_eq!(a.expiring[0].validity, Validity::Expiring { days_left: 0 });
    assert_eq!(a.expiring[1].validity, Validity::Expiring { days_left: 10 });
    assert_eq!(
        numbers(&a.expired),
        vec!["G-EXPIRED-NO-PRODUCTS", "F-LAPSED"],
        "D-OLD-RENEWED is superseded: TEA-88 by E-RENEWAL and КР-001 by A-SOON"
    );
    // PL-ZB-3 has only the lapsed one, SOL-9 only one not valid yet; OLD-0 is inactive
    assert_eq!(a.products_without, 2);
    let without = fx.store.products_without_certificate(today()).unwrap();
    assert_eq!(
        without.into_iter().collect::<Vec<_>>(),
        vec![fx.product("PL-ZB-3"), fx.product("SOL-9")]
    );

    let all = fx.store.certificates(&filter("", CertState::All, 30)).unwrap();
    let row = |n: &str| all.iter().find(|r| r.number == n).unwrap().clone();
    assert!(row("D-OLD-RENEWED").superseded);
    assert!(!row("F-LAPSED").superseded);
    assert!(
        !row("G-EXPIRED-NO-PRODUCTS").superseded,
        "no products: not renewed"
    );
    assert_eq!(row("H-NOT-YET").validity, Validity::NotYet);
    assert_eq!(
        numbers(&all),
        vec![
            "G-EXPIRED-NO-PRODUCTS",
            "D-OLD-RENEWED",
            "F-LAPSED",
            "C-LAST-DAY",
            "A-SOON",
            "B-LATER",
            "E-RENEWAL",
            "H-NOT-YET"
        ],
        "by end of validity"
    );
    let state = |s: CertState, warn: i64| numbers(&fx.store.certificates(&filter("", s, warn)).unwrap());
    assert_eq!(
        state(CertState::Valid, 30),
        vec!["C-LAST-DAY", "A-SOON", "B-LATER", "E-RENEWAL"]
    );
    assert_eq!(state(CertState::Expiring, 30), vec!["C-LAST-DAY", "A-SOON"]);
    assert_eq!(
        state(CertState::Expired, 30),
        vec!["G-EXPIRED-NO-PRODUCTS", "D-OLD-RENEWED", "F-LAPSED"]
    );

    // the warning days of Settings change what warns
    fx.store.save_certificate_warn_days(45, &stamp()).unwrap();
    let warn = fx.store.certificate_warn_days().unwrap();
    let a = fx.store.certificate_alerts(today(), warn).unwrap();
    assert_eq!(numbers(&a.expiring), vec!["C-LAST-DAY", "A-SOON", "B-LATER"]);
    // and another day changes the rest: a week on, A-SOON is still valid, C is gone
    let week = today() + Duration::days(7);
    let a = fx.store.certificate_alerts(week, 30).unwrap();
    assert_eq!(numbers(&a.expiring), vec!["A-SOON"]);
    assert!(numbers(&a.expired).contains(&"C-LAST-DAY".to_string()));
    // MLK-1 lost its certificate; SOL-9 got one
    let without = fx.store.products_without_certificate(week).unwrap();
    assert!(without.contains(&fx.product("MLK-1")) && !without.contains(&fx.product("SOL-9")));

    // order intake: which of these products has no valid certificate (in the order given)
    let ask = [
        fx.product("SOL-9"),
        fx.product("КР-001"),
        fx.product("PL-ZB-3"),
        fx.product("SOL-9"),
        fx.product("OLD-0"),
    ];
    let un = fx.store.uncertified(&ask, today()).unwrap();
    let skus: Vec<&str> = un.iter().map(|p| p.sku.as_str()).collect();
    assert_eq!(skus, vec!["SOL-9", "PL-ZB-3", "OLD-0"]);
    assert_eq!(un[0].name, "Sól kamienna 食盐 1 kg");
    assert!(fx.store.uncertified(&[], today()).unwrap().is_empty());
}

// ---------------------------------------------------------------------------------------------
// the certificate pack

const CERT_PDF: &str = "ЕАЭС N RU Д-CN.РА01.В.12345/24";
const CERT_JPEG: &str = "ЕАЭС N RU Д-PL.РА01.В.55555/25";
const CERT_PNG: &str = "ЕАЭС RU С-CN.АЯ46.В.20053";
const EXPIRED: &str = "ЕАЭС RU С-RU.ИСТЁК.00001";

struct Pack {
    fx: Fx,
    order_id: i64,
    order_no: String,
    png: image::RgbImage,
    jpeg: Vec<u8>,
}

/// An order of five products: four covered by three certificates (a two-page PDF scan, a
/// JPEG photo, a PNG), one with only an expired certificate.
fn pack_fixture() -> Pack {
    let mut fx = fixture();
    let st = stamp();
    fx.store
        .set_setting(COMPANY_NAME, &COMPANY.to_string(), &st)
        .unwrap();
    let a = fx.cert(CERT_PDF, CertKind::Declaration, "ООО «Сертификация»", -100, 600);
    let b = fx.cert(CERT_PNG, CertKind::Certificate, "北京认证中心", -10, 20);
    let c = fx.cert(
        CERT_JPEG,
        CertKind::Declaration,
        "Polskie Centrum Badań i Certyfikacji",
        -50,
        900,
    );
    let x = fx.cert(EXPIRED, CertKind::Certificate, "", -900, -1);
    fx.link(a, &["КР-001", "MLK-1"]);
    fx.link(b, &["TEA-88"]);
    fx.link(c, &["PL-ZB-3", "TEA-88"]);
    fx.link(x, &["SOL-9", "КР-001"]);
    let pdf = scan_pdf(&[
        "SCAN PAGE ONE of declaration 12345",
        "SCAN PAGE TWO with the stamp",
    ]);
    let png = rgb_image(320, 200, 11);
    let jpeg = encoded(&rgb_image(240, 360, 200), image::ImageFormat::Jpeg);
    fx.store
        .attach_certificate_file(a, "декларация 12345.pdf", &pdf, &st)
        .unwrap();
    fx.store
        .attach_certificate_file(b, "证书 20053.png", &encoded(&png, image::ImageFormat::Png), &st)
        .unwrap();
    fx.store
        .attach_certificate_file(c, "deklaracja Łódź.jpg", &jpeg, &st)
        .unwrap();
    let (order_id, order_no) = fx.order(&["TEA-88", "КР-001", "SOL-9", "PL-ZB-3", "MLK-1"]);
    Pack {
        fx,
        order_id,
        order_no,
        png,
        jpeg,
    }
}

#[test]
fn the_pack_data_of_an_order() {
    let p = pack_fixture();
    let data = p.fx.store.certificate_pack(p.order_id, today()).unwrap();
    assert_eq!(data.order_number, p.order_no);
    assert_eq!(data.customer_name, CUSTOMER);
    let certs: Vec<(&str, Vec<&str>, usize)> = data
        .certificates
        .iter()
        .map(|c| {
            (
                c.row.number.as_str(),
                c.products.iter().map(|(sku, _)| sku.as_str()).collect(),
                c.files.len(),
            )
        })
        .collect();
    assert_eq!(
        certs,
        vec![
            (CERT_PDF, vec!["КР-001", "MLK-1"], 1),
            (CERT_JPEG, vec!["TEA-88", "PL-ZB-3"], 1),
            (CERT_PNG, vec!["TEA-88"], 1),
        ],
        "by number, each with the order's products it covers in line order"
    );
    assert_eq!(
        data.certificates[2].row.validity,
        Validity::Expiring { days_left: 20 }
    );
    assert_eq!(
        data.uncovered,
        vec![("SOL-9".to_string(), "Sól kamienna 食盐 1 kg".to_string())]
    );
    // on a later day the PNG's certificate has ended: TEA-88 stays covered by the JPEG's
    let later =
        p.fx.store
            .certificate_pack(p.order_id, today() + Duration::days(30))
            .unwrap();
    assert_eq!(later.certificates.len(), 2);
    assert_eq!(later.uncovered.len(), 1);
    assert!(matches!(
        p.fx.store.certificate_pack(9_999, today()).unwrap_err(),
        Error::NotFound { .. }
    ));
}

#[test]
fn the_pack_is_printed_registered_and_parsed_back() {
    let mut p = pack_fixture();
    let (pdf, code) = print_pack(&mut p.fx.store, p.order_id, today(), &stamp()).unwrap();
    let docs = p.fx.store.order_documents(p.order_id).unwrap();
    assert_eq!(docs.len(), 1);
    let doc = &docs[0];
    assert_eq!(doc.code, code);
    assert_eq!(
        (doc.kind, doc.direction, doc.status),
        (DocKind::CertificatePack, Direction::Outgoing, DocStatus::Issued)
    );
    assert_eq!(doc.number, format!("CP-{}", p.order_no));
    assert_eq!((doc.doc_date, doc.customer_id), (today(), Some(p.fx.customer)));
    for n in [CERT_PDF, CERT_JPEG, CERT_PNG] {
        assert!(doc.comment.contains(n), "{}", doc.comment);
    }

    let path = p.fx.dir.path().join("pack.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    // a title page, the two pages of the PDF scan, the JPEG, the PNG
    let (pages, sizes) = page_sizes(&path);
    assert_eq!((pages, pdf.pages), (5, 5));
    assert!(is_a4(sizes[0]) && is_a4(sizes[3]) && is_a4(sizes[4]), "{sizes:?}");
    for s in &sizes[1..3] {
        // the scan's own page size (inherited from its page tree) is kept
        assert!(
            (s.0 - 215.9).abs() < 0.2 && (s.1 - 279.4).abs() < 0.2,
            "{sizes:?}"
        );
    }

    let title = page_text(&path, 1, 1);
    for s in [
        "Certificate pack",
        &p.order_no,
        CUSTOMER,
        COMPANY,
        CERT_PDF,
        CERT_JPEG,
        CERT_PNG,
        "北京认证中心",
        "Polskie Centrum Badań i Certyfikacji",
        "SOL-9",
        "Sól kamienna 食盐 1 kg",
        &code,
        "13.12.2026", // the PNG's certificate valid to
    ] {
        assert!(
            title.contains(&flat(s)),
            "'{s}' missing from the title page:\n{title}"
        );
    }
    assert!(
        !title.contains(EXPIRED),
        "an expired certificate is not in the pack"
    );
    let scans = page_text(&path, 2, 3);
    assert!(
        scans.contains("SCAN PAGE ONE of declaration 12345")
            && scans.contains("SCAN PAGE TWO with the stamp"),
        "{scans}"
    );
    assert!(page_text(&path, 2, 2).contains("PAGE ONE") && page_text(&path, 3, 3).contains("PAGE TWO"));

    // the photos: the JPEG on page 4 as it was, the PNG on page 5, each scaled to fit A4 inside
    // 10 mm margins with its aspect kept (equal resolution across and down)
    let imgs = images(&path);
    assert_eq!(imgs.len(), 2, "{imgs:?}");
    let (pg, w, h, enc, xppi, yppi) = imgs[0].clone();
    assert_eq!((pg, w, h, enc.as_str()), (4, 240, 360, "jpeg"));
    let fit = |w: f64, h: f64| (w / (190.0 / 25.4)).max(h / (277.0 / 25.4)).round() as u32;
    assert_eq!((xppi, yppi), (fit(240.0, 360.0), fit(240.0, 360.0)));
    let (pg, w, h, enc, xppi, yppi) = imgs[1].clone();
    assert_eq!((pg, w, h, enc.as_str()), (5, 320, 200, "image"));
    assert_eq!((xppi, yppi), (fit(320.0, 200.0), fit(320.0, 200.0)));
    let out = p.fx.dir.path().join("img");
    tool(
        "pdfimages",
        &[
            "-j",
            "-f",
            "4",
            "-l",
            "4",
            path.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let jpeg_back = std::fs::read(p.fx.dir.path().join("img-000.jpg")).unwrap();
    assert!(jpeg_back == p.jpeg, "the JPEG is embedded without re-encoding");
    tool(
        "pdfimages",
        &[
            "-png",
            "-f",
            "5",
            "-l",
            "5",
            path.to_str().unwrap(),
            out.to_str().unwrap(),
        ],
    );
    let png_back = image::open(p.fx.dir.path().join("img-000.png"))
        .unwrap()
        .to_rgb8();
    assert!(png_back == p.png, "the PNG's pixels are kept");

    // the register code under the title reads back from the barcode
    assert_eq!(barcodes(&path, 1, p.fx.dir.path()), vec![code.clone()]);

    // printing again the same day finds the registered pack
    let (again, code2) = print_pack(&mut p.fx.store, p.order_id, today(), &stamp()).unwrap();
    assert_eq!(code2, code);
    assert_eq!(again.pages, 5);
    assert_eq!(p.fx.count("documents"), 1);
    // a pack cancelled in the register is followed by a new one
    let v = p.fx.store.document(doc.id).unwrap().row.version;
    p.fx.store
        .move_document(
            doc.id,
            v,
            DocStatus::Cancelled,
            None,
            "",
            "напечатан не тот заказ",
            &stamp(),
        )
        .unwrap();
    let (_, code3) = print_pack(&mut p.fx.store, p.order_id, today(), &stamp()).unwrap();
    assert_ne!(code3, code);
    let numbers: Vec<String> =
        p.fx.store
            .order_documents(p.order_id)
            .unwrap()
            .into_iter()
            .map(|d| d.number)
            .collect();
    assert!(numbers.contains(&format!("CP-{}-2", p.order_no)), "{numbers:?}");
}

#[test]
fn an_order_without_certified_products_is_refused() {
    let mut p = pack_fixture();
    let (order, number) = p.fx.order(&["SOL-9"]);
    let audit = p.fx.audit_rows();
    let e = print_pack(&mut p.fx.store, order, today(), &stamp()).unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains(&number) && msg.contains("valid certificate") && msg.contains("2026-11-23"),
        "{msg}"
    );
    assert_eq!(p.fx.count("documents"), 0, "nothing was registered");
    assert_eq!(p.fx.audit_rows(), audit);
    // an order that does not exist
    assert!(matches!(
        print_pack(&mut p.fx.store, 9_999, today(), &stamp()).unwrap_err(),
        Error::NotFound { .. }
    ));
}

#[test]
fn a_damaged_scan_refuses_the_pack_and_a_repeated_one_is_kept_once() {
    let p = pack_fixture();
    let data = p.fx.store.certificate_pack(p.order_id, today()).unwrap();
    // a certificate listed twice: its scan pages come once
    let mut twice = data.clone();
    twice.certificates.push(data.certificates[0].clone());
    let pdf = pack_pdf(&twice, "DOC-0000042", COMPANY, "Анна").unwrap();
    assert_eq!(pdf.pages, 5);
    let path = p.fx.dir.path().join("twice.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    assert_eq!(page_sizes(&path).0, 5);

    // a scan lopdf cannot read: a clear error naming the certificate and the file
    let mut broken = data.clone();
    broken.certificates[1].files[0].1 = b"%PDF-1.4\n1 0 obj << /Type /Catalog".to_vec();
    broken.certificates[1].files[0].0.name = "повреждённый скан.pdf".into();
    broken.certificates[1].files[0].0.sha256 = "0".repeat(64);
    let e = pack_pdf(&broken, "DOC-0000042", COMPANY, "Анна").unwrap_err();
    let msg = e.to_string();
    assert!(
        msg.contains(CERT_JPEG) && msg.contains("повреждённый скан.pdf"),
        "{msg}"
    );
    // a pack without scans is its title page alone
    let mut bare = data.clone();
    for c in &mut bare.certificates {
        c.files.clear();
    }
    assert_eq!(pack_pdf(&bare, "DOC-0000042", COMPANY, "Анна").unwrap().pages, 1);
}

#[test]
fn a_long_pack_continues_its_table() {
    let mut fx = fixture();
    // 40 certificates on one product: the table flows onto a second title page
    for i in 0..40 {
        let id = fx.cert(
            &format!("ЕАЭС N RU Д-CN.РА01.В.{:05}/24", 10_000 + i),
            CertKind::Declaration,
            "Орган по сертификации продукции ООО «Тест-Стандарт» 标准认证",
            -10,
            300 + i,
        );
        fx.link(id, &["TEA-88"]);
    }
    let (order, _) = fx.order(&["TEA-88"]);
    let data = fx.store.certificate_pack(order, today()).unwrap();
    let pdf = pack_pdf(&data, "DOC-0000007", COMPANY, "Анна").unwrap();
    assert!(pdf.pages >= 2, "{} pages", pdf.pages);
    let path = fx.dir.path().join("long.pdf");
    std::fs::write(&path, &pdf.bytes).unwrap();
    let text = page_text(&path, 1, pdf.pages);
    for i in 0..40 {
        let n = format!("ЕАЭС N RU Д-CN.РА01.В.{:05}/24", 10_000 + i);
        assert!(text.contains(&n), "{n} missing");
    }
    assert!(
        page_text(&path, 2, 2).contains("Products covered"),
        "the header repeats"
    );
}

//! The certificate pack of an order: a title page listing the valid certificates of its
//! products (with the pack's register code as a barcode), then every scan: PDF scans' pages
//! as they are, photos scaled onto A4 pages.
//!
//! The title page is drawn with [`render`] like every other layout; the scans are then joined
//! to it with lopdf: a PDF scan's pages (and everything they use) are copied under new object
//! numbers past the pack's, hung under the pack's page tree with the attributes they inherited
//! from their own; a JPEG is embedded as it is (DCTDecode), a PNG decoded and stored deflated.
//! Every scan is read before anything is registered, so a damaged one refuses the whole pack.

use std::collections::{BTreeSet, HashMap, HashSet};

use chrono::NaiveDate;
use lopdf::{Dictionary, Document, Object, ObjectId, Stream, dictionary};

use super::Progress;
use super::barcode;
use super::pdf::{Align, Area, FontSet, Page, Pdf, Style, Weight, render};
use crate::domain::certificate::CertKind;
use crate::domain::claim::FileType;
use crate::domain::document::{Direction, DocKind, DocStatus, DocumentDraft};
use crate::error::Error;
use crate::i18n::tr;
use crate::store::certificates::{PackCertificate, PackData};
use crate::store::settings::keys::COMPANY_NAME;
use crate::store::{Stamp, Store};

const PAGE_W: f32 = 210.0;
const PAGE_H: f32 = 297.0;
const LEFT: f32 = 15.0;
const RIGHT: f32 = 195.0;
const WIDTH: f32 = RIGHT - LEFT;
/// Where the content of a page ends (the footer sits below).
const BOTTOM: f32 = 279.0;
const FOOTER_Y: f32 = 287.0;
/// Where the table starts on the first page and on the pages that continue it.
const FIRST_TOP: f32 = 66.0;
const NEXT_TOP: f32 = 22.0;

const TABLE: Style = Style::regular(7.5);
const HEAD_H: f32 = 6.0;
const PAD: f32 = 1.2;
/// At most this many lines in one cell: a row never outgrows a page.
const MAX_CELL_LINES: usize = 8;

/// A4 in points, and the margin around a photo.
const A4_W_PT: f32 = 595.276;
const A4_H_PT: f32 = 841.89;
const PHOTO_MARGIN_PT: f32 = 10.0 * super::pdf::PT_PER_MM;

/// How many of a scan's PDF objects are followed at most (a damaged scan can loop).
const MAX_SCAN_OBJECTS: usize = 1_000_000;

/// The pack as a PDF. `register_code`: the pack's code in the document register.
pub fn pack_pdf(p: &PackData, register_code: &str, company: &str, printed_by: &str) -> crate::Result<Pdf> {
    let scans = load_scans(p)?;
    assemble(p, scans, register_code, company, printed_by)
}

/// Registers the order's certificate pack in the document register (once per order and day:
/// a reprint finds it) and builds it. Refuses an order none of whose products has a valid
/// certificate. Returns the PDF and the pack's register code.
pub fn print_pack(
    store: &mut Store,
    order_id: i64,
    on: NaiveDate,
    stamp: &Stamp,
) -> crate::Result<(Pdf, String)> {
    let data = store.certificate_pack(order_id, on)?;
    if data.certificates.is_empty() {
        return Err(Error::msg(format!(
            "none of the products of order {} has a valid certificate on {on}; no certificate pack was made",
            data.order_number
        )));
    }
    // every scan is read first: a damaged one refuses the pack before it is registered
    let scans = load_scans(&data)?;
    let code = register_pack(store, &data, stamp)?;
    let company: String = store.setting(COMPANY_NAME)?.unwrap_or_default();
    let pdf = assemble(&data, scans, &code, &company, &stamp.by)?;
    Ok((pdf, code))
}

/// The register number of an order's pack (`CP-<order number>`); a pack of the same day that
/// was cancelled in the register is followed by `CP-<order number>-2` and so on.
pub fn pack_number(order_number: &str, n: usize) -> String {
    if n <= 1 {
        format!("CP-{order_number}")
    } else {
        format!("CP-{order_number}-{n}")
    }
}

/// Finds the pack registered for the order on the day, or registers it; returns its code.
fn register_pack(store: &mut Store, p: &PackData, stamp: &Stamp) -> crate::Result<String> {
    let packs = |store: &Store| -> crate::Result<Vec<(String, DocStatus, String)>> {
        Ok(store
            .order_documents(p.order_id)?
            .into_iter()
            .filter(|d| {
                d.kind == DocKind::CertificatePack && d.direction == Direction::Outgoing && d.doc_date == p.on
            })
            .map(|d| (d.number, d.status, d.code))
            .collect())
    };
    let numbers: Vec<&str> = p.certificates.iter().map(|c| c.row.number.as_str()).collect();
    let comment = format!("{}: {}", tr("Certificates"), numbers.join(", "));
    let mut found = packs(store)?;
    for n in 1..=50 {
        let number = pack_number(&p.order_number, n);
        let live = |found: &[(String, DocStatus, String)]| {
            found
                .iter()
                .find(|(num, status, _)| *num == number && *status != DocStatus::Cancelled)
                .map(|(_, _, code)| code.clone())
        };
        if let Some(code) = live(&found) {
            return Ok(code);
        }
        if found.iter().any(|(num, _, _)| *num == number) {
            continue; // cancelled: the next number
        }
        let draft = DocumentDraft {
            kind: DocKind::CertificatePack,
            direction: Direction::Outgoing,
            number: number.clone(),
            doc_date: p.on,
            customer_id: Some(p.customer_id),
            counterparty: String::new(),
            amount_minor: None,
            comment: comment.clone(),
            order_ids: vec![p.order_id],
        };
        match store.register_document(&draft, stamp) {
            Ok((_, code)) => return Ok(code),
            Err(Error::Duplicate { .. }) => {
                // another window registered it meanwhile, or the number is taken elsewhere
                found = packs(store)?;
                if let Some(code) = live(&found) {
                    return Ok(code);
                }
            }
            Err(e) => return Err(e),
        }
    }
    Err(Error::msg(format!(
        "order {}: every number for a certificate pack of {} is taken in the document register",
        p.order_number, p.on
    )))
}

// ---------------------------------------------------------------------------------------------
// the scans

/// A scan read and ready to join the pack.
enum Scan {
    /// A PDF scan and its pages in order.
    Pdf(Box<Document>, Vec<ObjectId>),
    /// A photo as an image XObject with its size in pixels.
    Image(Stream, u32, u32),
}

impl Scan {
    fn pages(&self) -> usize {
        match self {
            Scan::Pdf(_, pages) => pages.len(),
            Scan::Image(..) => 1,
        }
    }
}

/// Every scan of the pack in certificate order, each once (a certificate listed twice, or
/// the same file kept with two certificates, is appended once).
fn load_scans(p: &PackData) -> crate::Result<Vec<Scan>> {
    let mut certs = BTreeSet::new();
    let mut files = BTreeSet::new();
    let mut out = Vec::new();
    for c in &p.certificates {
        if !certs.insert(c.row.id) {
            continue;
        }
        for (file, bytes) in &c.files {
            if !files.insert(file.sha256.clone()) {
                continue;
            }
            out.push(read_scan(c, &file.name, bytes)?);
        }
    }
    Ok(out)
}

fn read_scan(c: &PackCertificate, name: &str, bytes: &[u8]) -> crate::Result<Scan> {
    let number = &c.row.number;
    let fail = |why: String| {
        Error::msg(format!(
            "certificate {number}: the scan '{name}' {why}; remove it and attach a readable PDF, PNG or JPEG"
        ))
    };
    match FileType::sniff(bytes) {
        Some(FileType::Pdf) => {
            // lopdf should return an error on a damaged file; a panic inside it is an error too
            let doc = std::panic::catch_unwind(|| Document::load_mem(bytes))
                .map_err(|_| fail("cannot be read as a PDF".into()))?
                .map_err(|e| fail(format!("cannot be read as a PDF ({e})")))?;
            let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
            if pages.is_empty() {
                return Err(fail("has no pages".into()));
            }
            Ok(Scan::Pdf(Box::new(doc), pages))
        }
        Some(FileType::Jpeg) => match jpeg_info(bytes) {
            Some(info) => Ok(Scan::Image(jpeg_stream(bytes, &info), info.width, info.height)),
            // a JPEG a PDF viewer cannot show as it is (12-bit, arithmetic coding): decoded
            None => {
                decoded(bytes, image::ImageFormat::Jpeg).map_err(|e| fail(format!("cannot be read ({e})")))
            }
        },
        Some(FileType::Png) => {
            decoded(bytes, image::ImageFormat::Png).map_err(|e| fail(format!("cannot be read ({e})")))
        }
        None => Err(fail("is not a PDF, PNG or JPEG".into())),
    }
}

/// What a JPEG's frame header says.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct JpegInfo {
    width: u32,
    height: u32,
    components: u8,
    /// An Adobe APP14 segment: CMYK is stored inverted.
    adobe: bool,
}

/// Reads the size and components of a JPEG from its SOF marker. None when it is not an
/// 8-bit Huffman-coded JPEG (baseline, extended or progressive) with 1, 3 or 4 components.
fn jpeg_info(b: &[u8]) -> Option<JpegInfo> {
    if !b.starts_with(&[0xFF, 0xD8]) {
        return None;
    }
    let mut i = 2;
    let mut adobe = false;
    while i + 1 < b.len() {
        if b[i] != 0xFF {
            return None;
        }
        let marker = b[i + 1];
        match marker {
            0xFF => {
                i += 1; // fill byte
                continue;
            }
            0x01 | 0xD0..=0xD8 => {
                i += 2; // markers without a length
                continue;
            }
            0xD9 | 0xDA => return None, // end of image or scan data before any frame header
            _ => {}
        }
        let len = usize::from(u16::from_be_bytes([*b.get(i + 2)?, *b.get(i + 3)?]));
        if len < 2 {
            return None;
        }
        let seg = b.get(i + 4..i + 2 + len)?;
        match marker {
            0xEE if seg.starts_with(b"Adobe") => adobe = true,
            0xC0..=0xC2 => {
                if seg.len() < 6 || seg[0] != 8 {
                    return None;
                }
                let height = u32::from(u16::from_be_bytes([seg[1], seg[2]]));
                let width = u32::from(u16::from_be_bytes([seg[3], seg[4]]));
                let components = seg[5];
                if width == 0 || height == 0 || !matches!(components, 1 | 3 | 4) {
                    return None;
                }
                return Some(JpegInfo {
                    width,
                    height,
                    components,
                    adobe,
                });
            }
            // other frame types (lossless, arithmetic coding)
            0xC3 | 0xC5..=0xC7 | 0xC9..=0xCB | 0xCD..=0xCF => return None,
            _ => {}
        }
        i += 2 + len;
    }
    None
}

/// The JPEG's bytes as they are, as an image XObject.
fn jpeg_stream(bytes: &[u8], info: &JpegInfo) -> Stream {
    let space = match info.components {
        1 => "DeviceGray",
        3 => "DeviceRGB",
        _ => "DeviceCMYK",
    };
    let mut dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(info.width),
        "Height" => i64::from(info.height),
        "ColorSpace" => space,
        "BitsPerComponent" => 8,
        "Filter" => "DCTDecode",
    };
    if info.components == 4 && info.adobe {
        dict.set(
            "Decode",
            [1, 0, 1, 0, 1, 0, 1, 0]
                .into_iter()
                .map(Object::Integer)
                .collect::<Vec<_>>(),
        );
    }
    let mut s = Stream::new(dict, bytes.to_vec());
    s.allows_compression = false;
    s
}

/// An image decoded to 8-bit RGB (transparency over white paper), stored deflated.
fn decoded(bytes: &[u8], format: image::ImageFormat) -> Result<Scan, String> {
    use std::io::Write;
    let img = image::load_from_memory_with_format(bytes, format).map_err(|e| e.to_string())?;
    let (w, h) = (img.width(), img.height());
    if w == 0 || h == 0 {
        return Err("the image is empty".into());
    }
    let rgb: Vec<u8> = if img.color().has_alpha() {
        img.to_rgba8()
            .pixels()
            .flat_map(|p| {
                let a = u16::from(p.0[3]);
                let over_white = |c: u8| ((u16::from(c) * a + 255 * (255 - a)) / 255) as u8;
                [over_white(p.0[0]), over_white(p.0[1]), over_white(p.0[2])]
            })
            .collect()
    } else {
        img.to_rgb8().into_raw()
    };
    drop(img);
    let mut z =
        flate2::write::ZlibEncoder::new(Vec::with_capacity(rgb.len() / 4), flate2::Compression::new(6));
    z.write_all(&rgb).map_err(|e| e.to_string())?;
    let packed = z.finish().map_err(|e| e.to_string())?;
    let dict = dictionary! {
        "Type" => "XObject",
        "Subtype" => "Image",
        "Width" => i64::from(w),
        "Height" => i64::from(h),
        "ColorSpace" => "DeviceRGB",
        "BitsPerComponent" => 8,
        "Filter" => "FlateDecode",
    };
    let mut s = Stream::new(dict, packed);
    s.allows_compression = false;
    Ok(Scan::Image(s, w, h))
}

// ---------------------------------------------------------------------------------------------
// joining

/// The title page(s) and then every scan.
fn assemble(
    p: &PackData,
    scans: Vec<Scan>,
    register_code: &str,
    company: &str,
    printed_by: &str,
) -> crate::Result<Pdf> {
    let scan_pages: usize = scans.iter().map(Scan::pages).sum();
    let title = title_pdf(p, register_code, company, printed_by, scan_pages)?;
    if scans.is_empty() {
        return Ok(title);
    }
    let broken = |e: lopdf::Error| Error::msg(format!("writing the certificate pack failed: {e}"));
    let mut pack = Document::load_mem(&title.bytes).map_err(broken)?;
    let pages_id = pack
        .catalog()
        .and_then(|c| c.get(b"Pages"))
        .and_then(Object::as_reference)
        .map_err(broken)?;
    let mut kids: Vec<Object> = pack
        .get_dictionary(pages_id)
        .and_then(|d| d.get(b"Kids"))
        .and_then(Object::as_array)
        .map_err(broken)?
        .clone();
    pack.max_id = pack
        .objects
        .keys()
        .map(|id| id.0)
        .max()
        .unwrap_or(0)
        .max(pack.max_id);
    for scan in scans {
        match scan {
            Scan::Pdf(doc, pages) => {
                if doc.version > pack.version {
                    pack.version = doc.version.clone();
                }
                append_pdf(&mut pack, pages_id, &doc, &pages, &mut kids);
            }
            Scan::Image(stream, w, h) => {
                kids.push(Object::Reference(append_image(&mut pack, pages_id, stream, w, h)));
            }
        }
    }
    let pages = kids.len();
    let tree = pack.get_dictionary_mut(pages_id).map_err(broken)?;
    tree.set("Count", pages as i64);
    tree.set("Kids", kids);
    let mut bytes = Vec::new();
    pack.save_to(&mut bytes)
        .map_err(|e| Error::msg(format!("writing the certificate pack failed: {e}")))?;
    Ok(Pdf { bytes, pages })
}

/// Page attributes a page may inherit from the nodes above it in its page tree.
const INHERITED: [&[u8]; 4] = [b"Resources", b"MediaBox", b"CropBox", b"Rotate"];

/// Copies the pages of a PDF scan, with every object they use under new numbers past the
/// pack's, under the pack's page tree.
fn append_pdf(
    pack: &mut Document,
    pages_id: ObjectId,
    scan: &Document,
    pages: &[ObjectId],
    kids: &mut Vec<Object>,
) {
    // the pages themselves, standing alone: inherited attributes written in, no parent
    let mut own: HashMap<ObjectId, Object> = HashMap::new();
    for &id in pages {
        let Ok(page) = scan.get_dictionary(id) else {
            continue;
        };
        let mut page = page.clone();
        for key in INHERITED {
            if !page.has(key)
                && let Some(v) = inherited(scan, &page, key)
            {
                page.set(key, v);
            }
        }
        if !page.has(b"MediaBox") {
            page.set("MediaBox", a4_box());
        }
        page.remove(b"Parent");
        own.insert(id, Object::Dictionary(page));
    }
    // everything reachable from them
    let mut seen: BTreeSet<ObjectId> = BTreeSet::new();
    let mut todo: Vec<ObjectId> = pages.to_vec();
    while let Some(id) = todo.pop() {
        if seen.len() >= MAX_SCAN_OBJECTS || seen.contains(&id) {
            continue;
        }
        let Some(obj) = own.get(&id).or_else(|| scan.objects.get(&id)) else {
            continue; // a dangling reference becomes null below
        };
        seen.insert(id);
        references(obj, &mut todo);
    }
    // new numbers past the pack's
    let mut map: HashMap<ObjectId, ObjectId> = HashMap::with_capacity(seen.len());
    for &id in &seen {
        pack.max_id += 1;
        map.insert(id, (pack.max_id, 0));
    }
    let pages_set: HashSet<ObjectId> = own.keys().copied().collect();
    for &id in &seen {
        let mut obj = match own.remove(&id) {
            Some(o) => o,
            None => match scan.objects.get(&id) {
                Some(o) => o.clone(),
                None => continue,
            },
        };
        renumber(&mut obj, &map);
        if pages_set.contains(&id)
            && let Object::Dictionary(d) = &mut obj
        {
            d.set("Parent", Object::Reference(pages_id));
        }
        if let Some(&new) = map.get(&id) {
            pack.objects.insert(new, obj);
        }
    }
    for id in pages {
        if pages_set.contains(id)
            && let Some(&new) = map.get(id)
        {
            kids.push(Object::Reference(new));
        }
    }
}

/// The value of an inheritable attribute from the nearest node above the page.
fn inherited(doc: &Document, page: &Dictionary, key: &[u8]) -> Option<Object> {
    let mut parent = page.get(b"Parent").and_then(Object::as_reference).ok();
    for _ in 0..64 {
        let node = doc.get_dictionary(parent?).ok()?;
        if let Ok(v) = node.get(key) {
            return Some(v.clone());
        }
        parent = node.get(b"Parent").and_then(Object::as_reference).ok();
    }
    None
}

fn references(obj: &Object, out: &mut Vec<ObjectId>) {
    match obj {
        Object::Reference(id) => out.push(*id),
        Object::Array(items) => items.iter().for_each(|o| references(o, out)),
        Object::Dictionary(d) => d.iter().for_each(|(_, o)| references(o, out)),
        Object::Stream(s) => s.dict.iter().for_each(|(_, o)| references(o, out)),
        _ => {}
    }
}

fn renumber(obj: &mut Object, map: &HashMap<ObjectId, ObjectId>) {
    match obj {
        Object::Reference(id) => match map.get(id) {
            Some(new) => *id = *new,
            None => *obj = Object::Null,
        },
        Object::Array(items) => items.iter_mut().for_each(|o| renumber(o, map)),
        Object::Dictionary(d) => d.iter_mut().for_each(|(_, o)| renumber(o, map)),
        Object::Stream(s) => s.dict.iter_mut().for_each(|(_, o)| renumber(o, map)),
        _ => {}
    }
}

fn a4_box() -> Vec<Object> {
    vec![0.into(), 0.into(), Object::Real(A4_W_PT), Object::Real(A4_H_PT)]
}

/// One A4 page with a photo scaled to fit inside the margins, centred, keeping its aspect.
fn append_image(pack: &mut Document, pages_id: ObjectId, image: Stream, w: u32, h: u32) -> ObjectId {
    let (avail_w, avail_h) = (A4_W_PT - 2.0 * PHOTO_MARGIN_PT, A4_H_PT - 2.0 * PHOTO_MARGIN_PT);
    let scale = (avail_w / w as f32).min(avail_h / h as f32);
    let (dw, dh) = (w as f32 * scale, h as f32 * scale);
    let (x, y) = ((A4_W_PT - dw) / 2.0, (A4_H_PT - dh) / 2.0);
    let image_id = pack.add_object(image);
    let content = format!("q {dw:.3} 0 0 {dh:.3} {x:.3} {y:.3} cm /Scan Do Q");
    let content_id = pack.add_object(Stream::new(Dictionary::new(), content.into_bytes()));
    pack.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "MediaBox" => a4_box(),
        "Contents" => content_id,
        "Resources" => dictionary! { "XObject" => dictionary! { "Scan" => image_id } },
    })
}

// ---------------------------------------------------------------------------------------------
// the title page

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Col {
    No,
    Number,
    Kind,
    Issuer,
    Group,
    ValidTo,
    Products,
}

const COLUMNS: [(Col, f32); 7] = [
    (Col::No, 7.0),
    (Col::Number, 50.0),
    (Col::Kind, 18.0),
    (Col::Issuer, 32.0),
    (Col::Group, 25.0),
    (Col::ValidTo, 17.0),
    (Col::Products, 31.0),
];

/// (column, x, width).
fn columns() -> impl Iterator<Item = (Col, f32, f32)> {
    let mut x = LEFT;
    COLUMNS.iter().map(move |&(c, w)| {
        let at = x;
        x += w;
        (c, at, w)
    })
}

/// «Certificate» or «Declaration» (of conformity).
pub fn kind_label(k: CertKind) -> &'static str {
    match k {
        CertKind::Certificate => tr("Certificate"),
        CertKind::Declaration => tr("Declaration"),
    }
}

fn date(d: NaiveDate) -> String {
    d.format("%d.%m.%Y").to_string()
}

/// One thing on the title pages, top to bottom.
#[derive(Debug, Clone)]
enum Item {
    Heading(String),
    TableHead,
    /// A certificate's row: its cells' lines (wrapped) by column.
    Row(Vec<(Col, Vec<String>)>),
    Empty(String),
    /// A product without a valid certificate: SKU and the lines of its name.
    Uncovered(String, Vec<String>),
    Note(String),
}

impl Item {
    fn height(&self) -> f32 {
        match self {
            Item::Heading(_) => 9.0,
            Item::TableHead => HEAD_H,
            Item::Row(cells) => {
                let lines = cells.iter().map(|(_, l)| l.len()).max().unwrap_or(1).max(1);
                lines as f32 * TABLE.leading_mm() + 2.0 * PAD
            }
            Item::Empty(_) | Item::Note(_) => 6.0,
            Item::Uncovered(_, lines) => lines.len().max(1) as f32 * TABLE.leading_mm() + 2.0 * PAD,
        }
    }
}

fn wrapped(fonts: &FontSet, text: &str, w: f32, style: Style) -> Vec<String> {
    let mut lines = fonts.wrap(text, w, style.size, style.weight);
    if lines.len() > MAX_CELL_LINES {
        lines.truncate(MAX_CELL_LINES);
        if let Some(last) = lines.last_mut() {
            *last = super::pdf::ellipsize(fonts, &format!("{last} …"), w, style);
        }
    }
    lines
}

fn items(p: &PackData, scan_pages: usize) -> Vec<Item> {
    let fonts = FontSet::get();
    let mut out = vec![Item::Heading(format!(
        "{} {}",
        tr("Certificates and declarations valid on"),
        date(p.on)
    ))];
    if p.certificates.is_empty() {
        out.push(Item::Empty(
            tr("No valid certificate covers the products of this order.").into(),
        ));
    } else {
        out.push(Item::TableHead);
    }
    let mut seen = BTreeSet::new();
    for (i, c) in p
        .certificates
        .iter()
        .filter(|c| seen.insert(c.row.id))
        .enumerate()
    {
        let skus: Vec<&str> = c.products.iter().map(|(sku, _)| sku.as_str()).collect();
        let cells = columns()
            .map(|(col, _, w)| {
                let w = w - 2.0;
                let lines = match col {
                    Col::No => vec![(i + 1).to_string()],
                    Col::Number => {
                        // a number reads best unbroken: shrunk to fit, wrapped only when too long
                        if fonts.width_mm(&c.row.number, 6.0, Weight::Bold) <= w {
                            vec![c.row.number.clone()]
                        } else {
                            wrapped(fonts, &c.row.number, w, Style::bold(TABLE.size))
                        }
                    }
                    Col::Kind => vec![kind_label(c.row.kind).to_string()],
                    Col::Issuer => wrapped(fonts, &c.row.issuer, w, TABLE),
                    Col::Group => wrapped(fonts, &c.row.product_group, w, TABLE),
                    Col::ValidTo => vec![date(c.row.valid_to)],
                    Col::Products => wrapped(fonts, &skus.join(", "), w, TABLE),
                };
                (col, lines)
            })
            .collect();
        out.push(Item::Row(cells));
    }
    if !p.uncovered.is_empty() {
        out.push(Item::Heading(format!(
            "{} {}",
            tr("Products without a valid certificate on"),
            date(p.on)
        )));
        for (sku, name) in &p.uncovered {
            out.push(Item::Uncovered(
                sku.clone(),
                wrapped(fonts, name, WIDTH - UNCOVERED_SKU_W - 2.0, TABLE),
            ));
        }
    }
    if scan_pages > 0 {
        out.push(Item::Note(format!(
            "{} {scan_pages}",
            tr("Scans of the certificates follow in the order of the table; pages:")
        )));
    }
    out
}

const UNCOVERED_SKU_W: f32 = 36.0;

/// The items of each title page with their top: a heading is never last on a page, and a
/// table continued on a new page repeats its header.
fn paginate(items: &[Item]) -> Vec<Vec<(usize, f32, bool)>> {
    // (item index, y, repeated table head before it)
    let mut pages: Vec<Vec<(usize, f32, bool)>> = vec![Vec::new()];
    let mut y = FIRST_TOP;
    let mut in_table = false;
    for (i, item) in items.iter().enumerate() {
        let mut need = item.height();
        if let Item::Heading(_) = item
            && let Some(next) = items.get(i + 1)
        {
            need += next.height()
                + if matches!(next, Item::TableHead) {
                    items.get(i + 2).map_or(0.0, Item::height)
                } else {
                    0.0
                };
        }
        if matches!(item, Item::TableHead) {
            need += items.get(i + 1).map_or(0.0, Item::height);
        }
        let mut repeat = false;
        if y + need > BOTTOM && pages.last().is_some_and(|p| !p.is_empty()) {
            pages.push(Vec::new());
            y = NEXT_TOP;
            if in_table && matches!(item, Item::Row(_)) {
                repeat = true;
                y += HEAD_H;
            }
        }
        match item {
            Item::TableHead => in_table = true,
            Item::Row(_) => {}
            _ => in_table = false,
        }
        if let Some(page) = pages.last_mut() {
            page.push((i, y, repeat));
        }
        y += item.height();
    }
    pages
}

fn title_pdf(
    p: &PackData,
    register_code: &str,
    company: &str,
    printed_by: &str,
    scan_pages: usize,
) -> crate::Result<Pdf> {
    let bars = barcode::code128(register_code)
        .map_err(|e| Error::msg(format!("{} {register_code}: {e}", tr("Register code"))))?;
    let items = items(p, scan_pages);
    let pages = paginate(&items);
    let total = pages.len() + scan_pages;
    let title = format!("{} {}", tr("Certificate pack"), p.order_number);
    render(&title, pages.len(), &Progress::new(), |doc| {
        for (n, placed) in pages.iter().enumerate() {
            let mut page = doc.page(PAGE_W, PAGE_H);
            if n == 0 {
                header(&mut page, p, &bars, register_code, company, printed_by);
            } else {
                page.text_fit(LEFT, 14.0, WIDTH, Align::Left, Style::regular(8.0), 6.0, &title);
                page.line(LEFT, 16.5, RIGHT, 16.5, 0.2);
            }
            for &(i, y, repeat) in placed {
                if repeat {
                    table_head(&mut page, y - HEAD_H);
                }
                draw(&mut page, y, &items[i]);
            }
            page.line(LEFT, FOOTER_Y - 4.0, RIGHT, FOOTER_Y - 4.0, 0.2);
            let page_of = format!("{} {} {} {total}", tr("Page"), n + 1, tr("of"));
            let pw = page.measure(&page_of, Style::bold(8.0));
            let footer = format!("{title} · {register_code}");
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

/// Company, title, order, customer, date and the pack's barcode.
fn header(page: &mut Page, p: &PackData, bars: &barcode::Bars, code: &str, company: &str, printed_by: &str) {
    page.text_fit(LEFT, 15.0, WIDTH, Align::Left, Style::bold(12.0), 8.0, company);
    page.line(LEFT, 18.5, RIGHT, 18.5, 0.4);
    // the register code: Code 128 at the top right, its text under it
    let module = 0.33;
    let bars_w = bars.total_modules() as f32 * module;
    let bx = RIGHT - bars_w;
    page.bars(bars, bx, 24.0, module, 13.0);
    page.text_aligned(bx, 41.0, bars_w, Align::Center, Style::regular(9.0), code);
    // the rest left of it (with the barcode's quiet zone)
    let w = bx - LEFT - 10.0 * module - 4.0;
    page.text_fit(
        LEFT,
        31.0,
        w,
        Align::Left,
        Style::bold(18.0),
        10.0,
        tr("Certificate pack"),
    );
    let label_w = 24.0;
    let fields = [
        (tr("Order"), p.order_number.as_str(), true),
        (tr("Customer"), p.customer_name.as_str(), false),
        (tr("Date"), &date(p.on), false),
        (tr("Printed by"), printed_by, false),
    ];
    for (i, (label, value, bold)) in fields.iter().enumerate() {
        let y = 39.0 + i as f32 * 5.5;
        page.text_fit(
            LEFT,
            y,
            label_w - 2.0,
            Align::Left,
            Style::regular(8.5),
            6.0,
            &format!("{label}:"),
        );
        let style = if *bold {
            Style::bold(10.0)
        } else {
            Style::regular(9.5)
        };
        // the lines below the barcode have the whole width
        let vw = if y > 43.0 { WIDTH - label_w } else { w - label_w };
        page.text_fit(LEFT + label_w, y, vw, Align::Left, style, 6.0, value);
    }
}

fn table_head(page: &mut Page, y: f32) {
    page.fill(&[Area::new(LEFT, y, WIDTH, HEAD_H - 0.8)], 0.88);
    for (c, x, w) in columns() {
        let text = match c {
            Col::No => tr("No."),
            Col::Number => tr("Number"),
            Col::Kind => tr("Kind"),
            Col::Issuer => tr("Issuer"),
            Col::Group => tr("Product group"),
            Col::ValidTo => tr("Valid to"),
            Col::Products => tr("Products covered"),
        };
        page.text_fit(
            x + 1.0,
            y + 3.9,
            w - 2.0,
            Align::Left,
            Style::bold(7.0),
            5.0,
            text,
        );
    }
}

fn draw(page: &mut Page, y: f32, item: &Item) {
    let h = item.height();
    match item {
        Item::Heading(text) => {
            page.text_fit(LEFT, y + 5.6, WIDTH, Align::Left, Style::bold(10.5), 7.0, text);
            page.line(LEFT, y + 7.1, RIGHT, y + 7.1, 0.25);
        }
        Item::TableHead => table_head(page, y),
        Item::Row(cells) => {
            let base = y + PAD + TABLE.ascent_mm();
            for ((col, lines), (_, x, w)) in cells.iter().zip(columns()) {
                let (x, w) = (x + 1.0, w - 2.0);
                let style = if *col == Col::Number {
                    Style::bold(TABLE.size)
                } else {
                    TABLE
                };
                if lines.len() == 1 {
                    page.text_fit(x, base, w, Align::Left, style, 5.0, &lines[0]);
                } else {
                    for (i, l) in lines.iter().enumerate() {
                        page.text(x, base + i as f32 * TABLE.leading_mm(), style, l);
                    }
                }
            }
            page.line(LEFT, y + h, RIGHT, y + h, 0.1);
        }
        Item::Empty(text) | Item::Note(text) => {
            page.text_fit(LEFT, y + 4.2, WIDTH, Align::Left, Style::regular(9.0), 6.0, text);
        }
        Item::Uncovered(sku, lines) => {
            let base = y + PAD + TABLE.ascent_mm();
            page.text_fit(
                LEFT + 1.0,
                base,
                UNCOVERED_SKU_W - 2.0,
                Align::Left,
                Style::bold(7.5),
                5.0,
                sku,
            );
            for (i, l) in lines.iter().enumerate() {
                page.text(
                    LEFT + UNCOVERED_SKU_W,
                    base + i as f32 * TABLE.leading_mm(),
                    TABLE,
                    l,
                );
            }
            page.line(LEFT, y + h, RIGHT, y + h, 0.1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn jpeg_frame_headers() {
        // SOI, APP0 (JFIF, 16 bytes), SOF0 8-bit 480 high, 640 wide, 3 components
        let mut j = vec![0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10];
        j.extend_from_slice(b"JFIF\0\x01\x01\0\0\x01\0\x01\0\0");
        j.extend_from_slice(&[0xFF, 0xC0, 0x00, 0x11, 8, 0x01, 0xE0, 0x02, 0x80, 3]);
        j.extend_from_slice(&[1, 0x22, 0, 2, 0x11, 1, 3, 0x11, 1]);
        assert_eq!(
            jpeg_info(&j),
            Some(JpegInfo {
                width: 640,
                height: 480,
                components: 3,
                adobe: false
            })
        );
        // 12-bit precision: not embedded as it is
        let mut twelve = j.clone();
        let sof = twelve.len() - 15;
        twelve[sof] = 12;
        assert_eq!(jpeg_info(&twelve), None);
        // truncated inside a segment, or no JPEG at all
        assert_eq!(jpeg_info(&j[..12]), None);
        assert_eq!(jpeg_info(b"%PDF-1.4"), None);
    }

    #[test]
    fn long_tables_continue_with_their_header() {
        let row = Item::Row(vec![
            (Col::No, vec!["1".into()]),
            (Col::Issuer, vec!["a".into(); 3]),
        ]);
        let mut items = vec![Item::Heading("H".into()), Item::TableHead];
        items.extend(std::iter::repeat_n(row, 60));
        let pages = paginate(&items);
        assert!(pages.len() > 1);
        for (n, page) in pages.iter().enumerate() {
            for &(i, y, _) in page {
                assert!(y + items[i].height() <= BOTTOM + 0.01, "page {n} overflows");
            }
            if n > 0 {
                assert!(page[0].2, "a continued table repeats its header");
            }
        }
        assert_eq!(pages.iter().map(Vec::len).sum::<usize>(), items.len());
    }
}

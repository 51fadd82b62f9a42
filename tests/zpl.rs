//! ZPL box labels, checked by a small ZPL interpreter written here for the commands the labels
//! use (`^XA ^CI ^PW ^LL ^LH ^FO ^GFA ^GB ^BY ^BC ^FD ^FS ^XZ`): it expands the compressed
//! graphic fields, encodes the `^BC` field data by the Code 128 rules itself (invocation codes,
//! subset C pairs, mod-103 checksum) and draws the label as a PBM image, which `zbarimg`
//! (zbar-tools, installed by `.ci/run`) must read as GS1-128 with exactly the SSCC. Text
//! positions of the layout are compared with the PDF labels'.

use docket::domain::codes::gs1_check_digit;
use docket::print::Progress;
use docket::print::labels::{BoxLabel, LabelSize, labels_pdf};
use docket::print::pdf::{FontSet, PT_PER_MM};
use docket::print::zpl::{Mark, label_marks, labels_zpl};
use std::process::Command;

const SIZES: [LabelSize; 3] = [LabelSize::L100x150, LabelSize::L100x100, LabelSize::L58x40];
const DPIS: [(u16, i32); 2] = [(203, 8), (300, 12)];

fn sscc(serial: u64) -> String {
    let body = format!("34601234{serial:09}");
    format!("{body}{}", gs1_check_digit(&body).unwrap())
}

fn label(i: u32) -> BoxLabel {
    BoxLabel {
        sender: "ООО «Докет Дистрибуция» / Docket Sp. z o.o.".into(),
        sender_address: "ul. Żółkiewskiego 12, 90-001 Łódź, Polska\nсклад №3".into(),
        consignee: "ООО «Ромашка-Опт» 迅达物流配送中心 Łódź".into(),
        address: "г. Новосибирск, ул. Станционная, 60/1, корп. 2, ворота 14\n上海市浦东新区张江路88号 3号仓库\nŁódź, ul. Piotrkowska 104/6"
            .into(),
        order_no: format!("ORD-2026-{:05}", 1200 + i),
        route: "R-07 Север 北线".into(),
        box_no: i % 12 + 1,
        box_count: 12,
        weight_g: 4_585 + i64::from(i) * 17,
        date: "23.11.2026".into(),
        sscc: sscc(u64::from(i) * 7 + 1),
    }
}

/// Labels of a day's work: orders of 1 to 8 boxes for customers with names and addresses of
/// every length and script, so that lines shrink and wrap to many different sizes.
fn day_of_labels(n: u32) -> Vec<BoxLabel> {
    const NAMES: [&str; 6] = [
        "ООО «Ромашка-Опт»",
        "迅达物流配送中心",
        "Hurtownia Spożywcza „Łódź-Bałuty” Sp. z o.o.",
        "ИП Кузнецов",
        "顺和贸易（上海）有限公司 第三分公司 仓储部",
        "Торговый дом «Сибирская Логистика и Дистрибуция» — склад ответственного хранения",
    ];
    const STREETS: [&str; 4] = [
        "ул. Станционная",
        "上海市浦东新区张江路",
        "ul. Piotrkowska",
        "проспект Академика Лаврентьева, бизнес-центр «Технопарк», корпус",
    ];
    let mut out = Vec::with_capacity(n as usize);
    let mut order = 0u32;
    while out.len() < n as usize {
        order += 1;
        let boxes = order % 8 + 1;
        let name = NAMES[order as usize % NAMES.len()];
        let street = STREETS[order as usize / 3 % STREETS.len()];
        for b in 1..=boxes {
            let i = out.len() as u32;
            out.push(BoxLabel {
                consignee: format!("{name} №{}", order % 97),
                address: format!(
                    "{street}, {}/{}\nворота {}",
                    order % 120 + 1,
                    order % 7,
                    order % 15
                ),
                order_no: format!("ORD-2026-{order:05}"),
                route: format!(
                    "R-{:02} {}",
                    order % 12,
                    ["Север", "北线", "Południe"][order as usize % 3]
                ),
                box_no: b,
                box_count: boxes,
                weight_g: 1_000 + i64::from(i * 37 % 25_000),
                sscc: sscc(u64::from(i) + 1_000),
                ..label(i)
            });
            if out.len() == n as usize {
                break;
            }
        }
    }
    out
}

// ---------------------------------------------------------------------------------------------
// The interpreter

/// Code 128 bar/space widths by symbol value (ISO/IEC 15417 table), typed for the test; zbar
/// reading the result is what proves them.
#[rustfmt::skip]
const CODE128: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213",
    "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132",
    "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211",
    "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313",
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331",
    "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111",
    "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214",
    "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111",
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141",
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141",
    "114131", "311141", "411131", "211412", "211214", "211232", "2331112",
];

/// A graphic field as placed: origin, size in dots (width padded to whole bytes), ink dots.
#[derive(Debug)]
struct Graphic {
    x: i32,
    y: i32,
    w: i32,
    h: i32,
    ink: usize,
}

#[derive(Debug)]
struct Barcode {
    x: i32,
    y: i32,
    module: i32,
    height: i32,
    data: String,
    symbols: Vec<u32>,
    width: i32,
}

/// One label drawn from its format.
struct Label {
    pw: i32,
    ll: i32,
    dots: Vec<bool>,
    graphics: Vec<Graphic>,
    boxes: Vec<(i32, i32, i32, i32)>,
    barcodes: Vec<Barcode>,
}

impl Label {
    fn set(&mut self, x: i32, y: i32) {
        assert!(
            (0..self.pw).contains(&x) && (0..self.ll).contains(&y),
            "dot ({x}, {y}) outside the {} × {} label",
            self.pw,
            self.ll
        );
        self.dots[(y * self.pw + x) as usize] = true;
    }

    fn fill(&mut self, x: i32, y: i32, w: i32, h: i32) {
        for yy in y..y + h {
            for xx in x..x + w {
                self.set(xx, yy);
            }
        }
    }

    /// PBM with a white margin of `quiet` dots around the label.
    fn pbm(&self, quiet: i32) -> Vec<u8> {
        let (w, h) = (self.pw + 2 * quiet, self.ll + 2 * quiet);
        let mut out = format!("P4\n{w} {h}\n").into_bytes();
        let row_bytes = (w as usize).div_ceil(8);
        for y in 0..h {
            let mut row = vec![0u8; row_bytes];
            for x in 0..w {
                let (lx, ly) = (x - quiet, y - quiet);
                if (0..self.pw).contains(&lx)
                    && (0..self.ll).contains(&ly)
                    && self.dots[(ly * self.pw + lx) as usize]
                {
                    row[x as usize / 8] |= 0x80 >> (x % 8);
                }
            }
            out.extend(row);
        }
        out
    }
}

/// Expands ZPL's ASCII graphic compression into `rows` × `row_bytes` bytes. `!` (fill with
/// ones), whose meaning renderers disagree on, must not occur.
fn expand_graphic(data: &str, row_bytes: usize, rows: usize) -> Vec<u8> {
    let width = row_bytes * 2;
    let mut hex: Vec<u8> = Vec::with_capacity(width * rows);
    let mut row: Vec<u8> = Vec::with_capacity(width);
    let mut count = 0;
    let end_row = |row: &mut Vec<u8>, hex: &mut Vec<u8>| {
        assert_eq!(row.len(), width);
        hex.append(row);
    };
    for c in data.bytes() {
        match c {
            b'G'..=b'Y' => count += usize::from(c - b'G') + 1,
            b'g'..=b'z' => count += (usize::from(c - b'g') + 1) * 20,
            b',' => {
                assert_eq!(count, 0);
                row.resize(width, b'0');
                end_row(&mut row, &mut hex);
            }
            b':' => {
                assert!(
                    row.is_empty() && hex.len() >= width,
                    "':' must follow a whole row"
                );
                let previous = hex[hex.len() - width..].to_vec();
                hex.extend(previous);
            }
            b'0'..=b'9' | b'A'..=b'F' => {
                let n = if count == 0 { 1 } else { count };
                count = 0;
                row.extend(std::iter::repeat_n(c, n));
                assert!(row.len() <= width, "a row runs over its {row_bytes} bytes");
                if row.len() == width {
                    end_row(&mut row, &mut hex);
                }
            }
            b'\r' | b'\n' => {}
            _ => panic!("unexpected {:?} in graphic data", c as char),
        }
    }
    assert!(row.is_empty() && count == 0, "graphic data ends inside a row");
    assert_eq!(hex.len(), width * rows, "graphic has {} rows", hex.len() / width);
    hex.chunks(2)
        .map(|p| u8::from_str_radix(std::str::from_utf8(p).unwrap(), 16).unwrap())
        .collect()
}

/// Code 128 symbol values of `^BC` field data in the subset the labels use: `>;` start C,
/// `>8` FNC1, digit pairs; then the mod-103 checksum and the stop.
fn code128_from_field_data(data: &str) -> Vec<u32> {
    let rest = data.strip_prefix(">;").expect("field data starts in subset C");
    let mut symbols = vec![105];
    let bytes = rest.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'>' {
            assert_eq!(bytes[i + 1], b'8', "only FNC1 is used");
            symbols.push(102);
        } else {
            let pair = std::str::from_utf8(&bytes[i..i + 2]).unwrap();
            assert!(pair.bytes().all(|b| b.is_ascii_digit()), "{pair} in subset C");
            symbols.push(pair.parse().unwrap());
        }
        i += 2;
    }
    let check: u32 = symbols
        .iter()
        .enumerate()
        .map(|(i, &v)| v * (i as u32).max(1))
        .sum::<u32>()
        % 103;
    symbols.push(check);
    symbols.push(106);
    symbols
}

/// Splits a job into its formats and draws each.
fn interpret(zpl: &str) -> Vec<Label> {
    assert!(zpl.is_ascii(), "a ZPL job of ours is plain ASCII");
    let mut labels = Vec::new();
    let mut current: Option<Label> = None;
    let (mut pw, mut ll) = (0, 0);
    let (mut fo, mut by) = ((0, 0), (2, 10));
    let mut pending_bc: Option<Vec<String>> = None;
    for command in zpl.split('^').skip(1) {
        let (name, params) = command.split_at(2);
        let params = params.trim_end_matches(['\n', '\r']);
        let args: Vec<&str> = params.split(',').collect();
        let num = |i: usize| -> i32 { args[i].trim().parse().unwrap() };
        match name {
            "XA" => {
                assert!(current.is_none(), "^XA inside a format");
                current = Some(Label {
                    pw: 0,
                    ll: 0,
                    dots: Vec::new(),
                    graphics: Vec::new(),
                    boxes: Vec::new(),
                    barcodes: Vec::new(),
                });
                (pw, ll) = (0, 0);
            }
            "XZ" => labels.push(current.take().expect("^XZ without ^XA")),
            "CI" => assert_eq!(params, "28", "UTF-8"),
            "LH" => assert_eq!(params, "0,0"),
            "PW" | "LL" => {
                if name == "PW" {
                    pw = num(0);
                } else {
                    ll = num(0);
                }
                let l = current.as_mut().unwrap();
                (l.pw, l.ll) = (pw, ll);
                l.dots = vec![false; (pw.max(0) * ll.max(0)) as usize];
            }
            "FO" => fo = (num(0), num(1)),
            "FS" => assert!(pending_bc.is_none(), "^BC without ^FD"),
            "BY" => by = (num(0), num(2)),
            "GF" => {
                let l = current.as_mut().unwrap();
                assert!(l.pw > 0 && l.ll > 0, "^PW and ^LL come first");
                assert_eq!(args[0], "A");
                let (total, count, row_bytes) = (num(1), num(2), num(3));
                assert_eq!(total, count);
                let data = params.splitn(5, ',').nth(4).unwrap();
                let rows = (total / row_bytes) as usize;
                let bytes = expand_graphic(data, row_bytes as usize, rows);
                let mut ink = 0;
                for (r, row) in bytes.chunks(row_bytes as usize).enumerate() {
                    for (c, byte) in row.iter().enumerate() {
                        for bit in 0..8 {
                            if byte & (0x80 >> bit) != 0 {
                                l.set(fo.0 + (c * 8 + bit) as i32, fo.1 + r as i32);
                                ink += 1;
                            }
                        }
                    }
                }
                l.graphics.push(Graphic {
                    x: fo.0,
                    y: fo.1,
                    w: row_bytes * 8,
                    h: rows as i32,
                    ink,
                });
            }
            "GB" => {
                let (w, h, t) = (num(0), num(1), num(2));
                assert!(t * 2 >= h.min(w), "only filled boxes (rules) are used");
                let l = current.as_mut().unwrap();
                l.fill(fo.0, fo.1, w, h);
                l.boxes.push((fo.0, fo.1, w, h));
            }
            "BC" => {
                assert_eq!(args[0], "N");
                assert_eq!(&args[2..], ["N", "N", "N", "N"], "no interpretation line, mode N");
                pending_bc = Some(args.iter().map(|s| s.to_string()).collect());
            }
            "FD" => {
                let bc = pending_bc.take().expect("^FD of a ^BC");
                let height: i32 = bc[1].parse().unwrap();
                assert_eq!(height, by.1, "^BC height is the ^BY height");
                let symbols = code128_from_field_data(params);
                let l = current.as_mut().unwrap();
                let mut x = fo.0;
                for &v in &symbols {
                    for (i, w) in CODE128[v as usize].bytes().enumerate() {
                        let w = i32::from(w - b'0') * by.0;
                        if i % 2 == 0 {
                            l.fill(x, fo.1, w, height);
                        }
                        x += w;
                    }
                }
                l.barcodes.push(Barcode {
                    x: fo.0,
                    y: fo.1,
                    module: by.0,
                    height,
                    data: params.to_owned(),
                    symbols,
                    width: x - fo.0,
                });
            }
            other => panic!("command ^{other} is not one the labels use"),
        }
    }
    assert!(current.is_none(), "a format without ^XZ");
    labels
}

/// (type, GS1 modifier, data) of every symbol zbarimg finds.
fn zbar(pbm: &[u8], name: &str) -> Vec<(String, bool, String)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, pbm).unwrap();
    let out = Command::new("zbarimg")
        .args(["--xml", "--nodbus", "-q", path.to_str().unwrap()])
        .output()
        .unwrap_or_else(|e| panic!("zbarimg is needed ({e}); .ci/run installs zbar-tools"));
    let xml = String::from_utf8_lossy(&out.stdout).into_owned();
    xml.split("<symbol ")
        .skip(1)
        .map(|sym| {
            let kind = sym.split("type='").nth(1).unwrap().split('\'').next().unwrap();
            let gs1 = sym.split('>').next().unwrap().contains("GS1");
            let data = sym
                .split("<![CDATA[")
                .nth(1)
                .unwrap()
                .split("]]>")
                .next()
                .unwrap();
            (kind.to_owned(), gs1, data.to_owned())
        })
        .collect()
}

// ---------------------------------------------------------------------------------------------

#[test]
fn every_size_and_resolution_scans_and_stays_on_the_label() {
    let labels: Vec<BoxLabel> = (0..3).map(label).collect();
    for size in SIZES {
        let (w_mm, h_mm) = size.page_mm();
        for (dpi, dpmm) in DPIS {
            let what = format!("{} at {dpi} dpi", size.code());
            let progress = Progress::new();
            let zpl = labels_zpl(&labels, size, dpi, &progress).unwrap();
            assert_eq!(progress.get(), (3, 3), "{what}");
            let zpl = String::from_utf8(zpl).unwrap();
            if let Some(dir) = std::env::var_os("DOCKET_ZPL_DUMP") {
                let name = format!("{}-{dpi}.zpl", size.code());
                std::fs::write(std::path::Path::new(&dir).join(name), &zpl).unwrap();
            }
            assert_eq!(zpl.matches("^XA").count(), 3, "{what}");
            assert_eq!(zpl.matches("^XZ").count(), 3, "{what}");
            let drawn = interpret(&zpl);
            assert_eq!(drawn.len(), labels.len(), "{what}");
            for (i, (l, d)) in labels.iter().zip(&drawn).enumerate() {
                assert_eq!((d.pw, d.ll), (w_mm as i32 * dpmm, h_mm as i32 * dpmm), "{what}");
                // the barcode: GS1-128 of the SSCC, inside the label with its quiet zones
                assert_eq!(d.barcodes.len(), 1, "{what}");
                let b = &d.barcodes[0];
                assert_eq!(b.data, format!(">;>800{}", l.sscc), "{what}");
                assert_eq!(b.symbols[..3], [105, 102, 0], "start C, FNC1, (00): {what}");
                assert_eq!(b.width, 156 * b.module, "{what}");
                assert!(
                    b.x - 10 * b.module >= 0 && b.x + b.width + 10 * b.module <= d.pw,
                    "{what}: {b:?}"
                );
                assert!(b.y >= 0 && b.y + b.height <= d.ll, "{what}: {b:?}");
                let module_mm = b.module as f32 / dpmm as f32;
                let expected_module = if size == LabelSize::L58x40 { 0.25 } else { 0.5 };
                assert_eq!(module_mm, expected_module, "{what}");
                // centred like the PDF barcode area (the label's margins are symmetric)
                let centre = b.x as f32 + b.width as f32 / 2.0;
                assert!((centre - d.pw as f32 / 2.0).abs() <= 1.0, "{what}: {b:?}");
                // text: every line a non-empty bitmap inside the label
                let lines = label_marks(l, size)
                    .unwrap()
                    .iter()
                    .filter(|m| matches!(m, Mark::Text { .. }))
                    .count();
                assert_eq!(d.graphics.len(), lines, "{what}: a graphic per line of text");
                for g in &d.graphics {
                    assert!(g.ink > 0, "{what}: empty bitmap {g:?}");
                    assert!(
                        g.x >= 0 && g.y >= 0 && g.x + g.w <= d.pw && g.y + g.h <= d.ll,
                        "{what}: {g:?} leaves the label"
                    );
                    let overlaps_bars =
                        g.x < b.x + b.width && b.x < g.x + g.w && g.y < b.y + b.height && b.y < g.y + g.h;
                    assert!(!overlaps_bars, "{what}: text {g:?} over the barcode {b:?}");
                }
                for &(x, y, w, h) in &d.boxes {
                    assert!(x >= 0 && y >= 0 && x + w <= d.pw && y + h <= d.ll, "{what}");
                }
                let name = format!("{}-{dpi}-{i}.pbm", size.code());
                // DOCKET_ZPL_DUMP=dir keeps the drawn labels, to look at
                if let Some(dir) = std::env::var_os("DOCKET_ZPL_DUMP") {
                    std::fs::write(std::path::Path::new(&dir).join(&name), d.pbm(0)).unwrap();
                }
                let found = zbar(&d.pbm(40), &name);
                assert_eq!(found.len(), 1, "{what}: {found:?}");
                let (kind, gs1, data) = &found[0];
                assert_eq!(kind, "CODE-128", "{what}");
                assert!(gs1, "{what}: read as GS1-128 (FNC1 first)");
                assert_eq!(data, &format!("00{}", l.sscc), "{what}");
            }
        }
    }
}

#[test]
fn text_lines_are_the_layouts_with_every_script() {
    let l = label(5);
    let zpl = labels_zpl(
        std::slice::from_ref(&l),
        LabelSize::L100x150,
        203,
        &Progress::new(),
    )
    .unwrap();
    let drawn = &interpret(std::str::from_utf8(&zpl).unwrap())[0];
    let marks = label_marks(&l, LabelSize::L100x150).unwrap();
    let texts: Vec<&str> = marks
        .iter()
        .filter_map(|m| match m {
            Mark::Text { text, .. } => Some(text.as_str()),
            _ => None,
        })
        .collect();
    // one graphic per line of text
    assert_eq!(drawn.graphics.len(), texts.len());
    let all = texts.concat();
    for needle in [
        "Ромашка",
        "迅达物流",
        "Łódź",
        "(00) ",
        "ORD-2026-01205",
        "Север 北线",
    ] {
        assert!(all.contains(needle), "{needle} in {texts:?}");
    }
    // each bitmap sits where its mark says: within a few dots of the baseline and start
    for (g, m) in drawn
        .graphics
        .iter()
        .zip(marks.iter().filter(|m| matches!(m, Mark::Text { .. })))
    {
        let Mark::Text { x, y, style, .. } = m else {
            unreachable!()
        };
        let (x, y) = (x * 8.0, y * 8.0);
        let em = style.size / PT_PER_MM * 8.0;
        assert!((g.x as f32 - x).abs() <= 0.2 * em + 2.0, "{g:?} against x {x}");
        assert!(
            g.y as f32 <= y && g.y as f32 >= y - 1.1 * em,
            "{g:?} against baseline {y}"
        );
        assert!(
            (g.y + g.h) as f32 >= y - 0.5 * em,
            "{g:?} reaches the baseline {y}"
        );
    }
}

/// Text run origins of the PDF label page, in mm from the top-left corner.
fn pdf_text_origins(size: LabelSize, l: &BoxLabel) -> (Vec<(f32, f32)>, (f32, f32)) {
    let pdf = labels_pdf(std::slice::from_ref(l), size, &Progress::new()).unwrap();
    let doc = lopdf::Document::load_mem(&pdf.bytes).unwrap();
    let page = *doc.get_pages().values().next().unwrap();
    let content = lopdf::content::Content::decode(&doc.get_page_content(page)).unwrap();
    let h = size.page_mm().1;
    let mut origins = Vec::new();
    let (mut bar_x0, mut bar_x1) = (f32::MAX, f32::MIN);
    for op in &content.operations {
        let f = |i: usize| op.operands[i].as_float().unwrap();
        match op.operator.as_str() {
            "Tm" => origins.push((f(4) / PT_PER_MM, h - f(5) / PT_PER_MM)),
            "re" => {
                bar_x0 = bar_x0.min(f(0) / PT_PER_MM);
                bar_x1 = bar_x1.max((f(0) + f(2)) / PT_PER_MM);
            }
            _ => {}
        }
    }
    (origins, (bar_x0, bar_x1))
}

#[test]
fn layout_matches_the_pdf_labels() {
    let fonts = FontSet::get();
    for size in SIZES {
        for l in [label(0), label(7)] {
            let (mut pdf, (bar_x0, bar_x1)) = pdf_text_origins(size, &l);
            let mut ours = Vec::new();
            let mut bars = None;
            for m in label_marks(&l, size).unwrap() {
                match m {
                    Mark::Text { x, y, style, text } => {
                        let mut pen = x;
                        for run in fonts.runs(&text, style.weight) {
                            ours.push((pen, y));
                            pen += run.width_em * style.size / PT_PER_MM;
                        }
                    }
                    Mark::Sscc {
                        area,
                        module,
                        modules,
                        ..
                    } => {
                        let module = module.min(area.w / (modules + 20) as f32);
                        let width = modules as f32 * module;
                        bars = Some((area.x + (area.w - width) / 2.0, area.x + (area.w + width) / 2.0));
                    }
                    Mark::Rule { .. } => {}
                }
            }
            let key = |p: &(f32, f32)| ((p.1 * 100.0).round() as i64, (p.0 * 100.0).round() as i64);
            pdf.sort_by_key(key);
            ours.sort_by_key(key);
            assert_eq!(pdf.len(), ours.len(), "{}: {pdf:?}\n{ours:?}", size.code());
            for (p, o) in pdf.iter().zip(&ours) {
                assert!(
                    (p.0 - o.0).abs() < 0.02 && (p.1 - o.1).abs() < 0.02,
                    "{}: PDF text at {p:?}, ZPL layout at {o:?}",
                    size.code()
                );
            }
            let (x0, x1) = bars.unwrap();
            assert!(
                (x0 - bar_x0).abs() < 0.02 && (x1 - bar_x1).abs() < 0.02,
                "{}",
                size.code()
            );
        }
    }
}

#[test]
fn a4_and_unknown_resolutions_are_refused() {
    let labels = [label(1)];
    let err = labels_zpl(&labels, LabelSize::A4, 203, &Progress::new()).unwrap_err();
    assert!(err.to_string().contains("A4"), "{err}");
    let err = labels_zpl(&labels, LabelSize::L100x150, 150, &Progress::new()).unwrap_err();
    assert!(err.to_string().contains("203 or 300 dpi"), "{err}");
    // an SSCC given without its check digit gets it, in the barcode and the text alike
    let mut short = label(3);
    short.sscc.pop();
    let zpl = labels_zpl(&[short], LabelSize::L100x100, 300, &Progress::new()).unwrap();
    let drawn = interpret(std::str::from_utf8(&zpl).unwrap());
    assert_eq!(drawn[0].barcodes[0].data, format!(">;>800{}", label(3).sscc));
    let mut bad = label(2);
    let good = sscc(42);
    let wrong = (good.as_bytes()[17] - b'0' + 1) % 10;
    bad.sscc = format!("{}{wrong}", &good[..17]);
    let Err(err) = labels_zpl(&[bad], LabelSize::L58x40, 300, &Progress::new()) else {
        panic!("a wrong check digit is refused")
    };
    assert!(err.to_string().contains("check digit"), "{err}");
}

#[test]
fn a_cancelled_job_stops() {
    let labels: Vec<BoxLabel> = (0..20).map(label).collect();
    let progress = Progress::new();
    progress.cancel();
    let err = labels_zpl(&labels, LabelSize::L100x100, 203, &progress).unwrap_err();
    assert!(matches!(err, docket::Error::Cancelled), "{err}");
    assert_eq!(progress.get(), (1, 20));
}

/// 5,000 labels 100×150 at 203 dpi, every one different (order, box, weight, SSCC). Prints the
/// time; run `cargo test --release --test zpl -- --nocapture big_job` to see it.
#[test]
fn big_job() {
    let n = if cfg!(debug_assertions) { 500 } else { 5_000 };
    let labels = day_of_labels(n);
    let progress = Progress::new();
    let t = std::time::Instant::now();
    let zpl = labels_zpl(&labels, LabelSize::L100x150, 203, &progress).unwrap();
    let took = t.elapsed();
    println!(
        "{n} labels 100x150 at 203 dpi: {took:.2?} ({:.2} ms a label), {:.1} MB ({} bytes a label)",
        took.as_secs_f64() * 1000.0 / f64::from(n),
        zpl.len() as f64 / 1e6,
        zpl.len() / n as usize
    );
    assert_eq!(progress.get(), (n as usize, n as usize));
    let text = String::from_utf8(zpl).unwrap();
    assert_eq!(text.matches("^XA").count(), n as usize);
    // every label draws within its bounds with its own SSCC; every 100th scans
    let drawn = interpret(&text);
    assert_eq!(drawn.len(), labels.len());
    for (i, (d, l)) in drawn.iter().zip(&labels).enumerate() {
        assert_eq!(d.barcodes[0].data, format!(">;>800{}", l.sscc));
        assert!(d.graphics.iter().all(|g| g.ink > 0));
        if i % 100 == 0 {
            let name = format!("big-{i}.pbm");
            if let Some(dir) = std::env::var_os("DOCKET_ZPL_DUMP") {
                std::fs::write(std::path::Path::new(&dir).join(&name), d.pbm(0)).unwrap();
            }
            let found = zbar(&d.pbm(40), &name);
            assert_eq!(found, [("CODE-128".to_owned(), true, format!("00{}", l.sscc))]);
        }
    }
}

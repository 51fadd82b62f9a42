//! The drawing surface every PDF layout uses: millimetres from the top-left corner, text in
//! runs split by glyph coverage over the fonts shipped in `assets/fonts`, fitting and wrapping
//! that never lets text leave its box, and barcodes as filled bars.
//!
//! printpdf has no font fallback, so [`FontSet::runs`] walks the text and gives each character
//! to the first face that has it: Noto Sans (Latin, Polish, Cyrillic), then the CJK face, then
//! the symbols face. Fonts are embedded as subsets (printpdf's `subset_fonts`).

use std::collections::BTreeSet;
use std::sync::OnceLock;

use printpdf::{
    Color, FontId, Greyscale, LinePoint, Op, PaintMode, ParsedFont, PdfDocument, PdfFontHandle, PdfPage,
    PdfSaveOptions, Point, Polygon, PolygonRing, Pt, TextItem, TextMatrix, WindingOrder,
};

use super::barcode::Bars;

const REGULAR: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Regular.ttf");
const BOLD: &[u8] = include_bytes!("../../assets/fonts/NotoSans-Bold.ttf");
const CJK: &[u8] = include_bytes!("../../assets/fonts/DroidSansFallback-GB2312.ttf");
const SYMBOLS: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Symbols.ttf");

/// Points per millimetre.
pub const PT_PER_MM: f32 = 72.0 / 25.4;

/// Regular or bold. The CJK and symbol faces have no bold; bold text falls back to them as is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    Regular,
    Bold,
}

/// Index of a face in [`FontSet`]: 0 regular, 1 bold, 2 CJK, 3 symbols.
type Face = usize;

struct FaceData {
    font: ParsedFont,
    units_per_em: f32,
}

impl FaceData {
    fn parse(bytes: &[u8]) -> FaceData {
        // The fonts are compiled in and parsed in a test; failing here is a build defect.
        let font = ParsedFont::from_bytes(bytes, 0, &mut Vec::new()).expect("shipped font parses");
        let units_per_em = f32::from(font.pdf_font_metrics.units_per_em.max(1));
        FaceData { font, units_per_em }
    }

    fn glyph(&self, c: char) -> Option<u16> {
        self.font.lookup_glyph_index(c as u32).filter(|&g| g != 0)
    }

    /// Advance of `c` in ems.
    fn advance(&self, gid: u16) -> f32 {
        f32::from(self.font.get_horizontal_advance(gid)) / self.units_per_em
    }
}

/// The four faces shipped in `assets/fonts`, parsed once per process.
pub struct FontSet {
    faces: [FaceData; 4],
    /// ASCII glyphs of the regular and bold faces, looked up once: most text is ASCII.
    ascii: [[Glyph; 128]; 2],
}

/// Which face draws a character, its glyph there, and its advance in ems.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Glyph {
    face: Face,
    gid: u16,
    advance: f32,
}

thread_local! {
    // Non-ASCII characters already looked up, per weight: cmap lookups are the hot path of a
    // large print job otherwise.
    static GLYPHS: std::cell::RefCell<std::collections::HashMap<(char, bool), Glyph>> =
        std::cell::RefCell::new(std::collections::HashMap::new());
}

/// A piece of text that one face draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Run<'a> {
    face: Face,
    pub text: &'a str,
    /// Width in ems.
    pub width_em: f32,
}

impl FontSet {
    /// The shared font set (parsed on first use).
    pub fn get() -> &'static FontSet {
        static FONTS: OnceLock<FontSet> = OnceLock::new();
        FONTS.get_or_init(|| {
            let faces = [
                FaceData::parse(REGULAR),
                FaceData::parse(BOLD),
                FaceData::parse(CJK),
                FaceData::parse(SYMBOLS),
            ];
            let blank = Glyph {
                face: 0,
                gid: 0,
                advance: 0.6,
            };
            let mut set = FontSet {
                faces,
                ascii: [[blank; 128]; 2],
            };
            for (w, weight) in [Weight::Regular, Weight::Bold].into_iter().enumerate() {
                for c in 0u8..128 {
                    set.ascii[w][c as usize] = set.lookup(c as char, weight);
                }
            }
            set
        })
    }

    fn lookup(&self, c: char, weight: Weight) -> Glyph {
        let primary = match weight {
            Weight::Regular => 0,
            Weight::Bold => 1,
        };
        for face in [primary, 2, 3] {
            if let Some(gid) = self.faces[face].glyph(c) {
                return Glyph {
                    face,
                    gid,
                    advance: self.faces[face].advance(gid),
                };
            }
        }
        Glyph {
            face: primary,
            gid: 0,
            advance: 0.6,
        }
    }

    /// Which face draws `c`. Characters no face has are drawn by the primary face (as its
    /// "missing" box) rather than silently dropped.
    fn glyph(&self, c: char, weight: Weight) -> Glyph {
        if c.is_ascii() {
            return self.ascii[(weight == Weight::Bold) as usize][c as usize];
        }
        GLYPHS.with(|cache| {
            *cache
                .borrow_mut()
                .entry((c, weight == Weight::Bold))
                .or_insert_with(|| self.lookup(c, weight))
        })
    }

    fn pick(&self, c: char, weight: Weight) -> (Face, f32) {
        let g = self.glyph(c, weight);
        (g.face, g.advance)
    }

    /// Whether some shipped face has a glyph for every character of `text`.
    pub fn covers(&self, text: &str) -> bool {
        text.chars()
            .filter(|c| !c.is_whitespace())
            .all(|c| (0..4).any(|f| self.faces[f].glyph(c).is_some()))
    }

    /// Splits `text` into runs of one face each. Spaces stay in the run they follow.
    pub fn runs<'a>(&self, text: &'a str, weight: Weight) -> Vec<Run<'a>> {
        let mut runs: Vec<Run<'a>> = Vec::new();
        let mut start = 0;
        let mut current: Option<Face> = None;
        let mut width = 0.0;
        for (i, c) in text.char_indices() {
            // A space stays in the run it follows when that face has one.
            let same_face_space = current
                .filter(|_| c == ' ')
                .and_then(|f| self.faces[f].glyph(' ').map(|g| (f, g)));
            let (face, adv) = match same_face_space {
                Some((f, g)) => (f, self.faces[f].advance(g)),
                None => self.pick(c, weight),
            };
            if current != Some(face) {
                if let Some(f) = current {
                    runs.push(Run {
                        face: f,
                        text: &text[start..i],
                        width_em: width,
                    });
                }
                start = i;
                width = 0.0;
                current = Some(face);
            }
            width += adv;
        }
        if let Some(f) = current {
            runs.push(Run {
                face: f,
                text: &text[start..],
                width_em: width,
            });
        }
        runs
    }

    /// Width of `text` in millimetres at `size` points.
    pub fn width_mm(&self, text: &str, size: f32, weight: Weight) -> f32 {
        let em: f32 = text.chars().map(|c| self.pick(c, weight).1).sum();
        em * size / PT_PER_MM
    }

    /// Breaks `text` into lines no wider than `max_mm`: at spaces, and between any two CJK
    /// characters; a word longer than the line is cut between characters. Explicit newlines
    /// are kept.
    pub fn wrap(&self, text: &str, max_mm: f32, size: f32, weight: Weight) -> Vec<String> {
        let max_em = max_mm * PT_PER_MM / size;
        let mut lines = Vec::new();
        for para in text.split('\n') {
            let mut line = String::new();
            let mut line_em = 0.0;
            for token in tokens(para) {
                let token_em: f32 = token.chars().map(|c| self.pick(c, weight).1).sum();
                if line_em + token_em <= max_em || line.is_empty() && token_em <= max_em {
                    line.push_str(token);
                    line_em += token_em;
                    continue;
                }
                if !line.is_empty() {
                    lines.push(line.trim_end().to_owned());
                    line = String::new();
                    line_em = 0.0;
                }
                let token = if line.is_empty() {
                    token.trim_start()
                } else {
                    token
                };
                for c in token.chars() {
                    let adv = self.pick(c, weight).1;
                    if line_em + adv > max_em && !line.is_empty() {
                        lines.push(std::mem::take(&mut line));
                        line_em = 0.0;
                    }
                    line.push(c);
                    line_em += adv;
                }
            }
            lines.push(line.trim_end().to_owned());
        }
        lines
    }
}

/// Splits a paragraph into wrap units: a word with its trailing spaces, or one CJK character.
fn tokens(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev_space = false;
    for (i, c) in text.char_indices() {
        let cjk = is_cjk(c);
        if i > start && (cjk || (prev_space && c != ' ') || is_cjk_at_end(&text[start..i])) {
            out.push(&text[start..i]);
            start = i;
        }
        prev_space = c == ' ';
    }
    if start < text.len() {
        out.push(&text[start..]);
    }
    out
}

fn is_cjk_at_end(s: &str) -> bool {
    s.chars().last().is_some_and(is_cjk)
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x2E80..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF | 0x20000..=0x2FA1F)
}

/// Horizontal alignment of a line of text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Align {
    Left,
    Center,
    Right,
}

/// A text style: size in points and weight.
#[derive(Debug, Clone, Copy)]
pub struct Style {
    pub size: f32,
    pub weight: Weight,
}

impl Style {
    pub const fn regular(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Regular,
        }
    }
    pub const fn bold(size: f32) -> Style {
        Style {
            size,
            weight: Weight::Bold,
        }
    }
    /// Baseline-to-baseline distance in mm.
    pub fn leading_mm(&self) -> f32 {
        self.size * 1.2 / PT_PER_MM
    }
    /// Height of capitals above the baseline, roughly, in mm.
    pub fn ascent_mm(&self) -> f32 {
        self.size * 0.75 / PT_PER_MM
    }
}

/// A rectangle in mm, from the page's top-left corner.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Area {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Area {
    pub const fn new(x: f32, y: f32, w: f32, h: f32) -> Area {
        Area { x, y, w, h }
    }
    pub fn bottom(&self) -> f32 {
        self.y + self.h
    }
    pub fn right(&self) -> f32 {
        self.x + self.w
    }
    /// The same area shrunk by `m` mm on every side.
    pub fn inset(&self, m: f32) -> Area {
        Area::new(
            self.x + m,
            self.y + m,
            (self.w - 2.0 * m).max(0.0),
            (self.h - 2.0 * m).max(0.0),
        )
    }
}

/// One page being drawn.
pub struct Page {
    pub width: f32,
    pub height: f32,
    ops: Vec<Op>,
    in_text: bool,
    font: Option<(Face, f32)>,
    /// The stroke width last set (PDF graphics state), to set it only when it changes.
    stroke: Option<f32>,
    fonts: &'static FontSet,
    ids: [FontId; 4],
    /// In a dry run: the characters each face draws.
    census: Option<Box<Census>>,
}

impl Page {
    fn pt(mm: f32) -> Pt {
        Pt(mm * PT_PER_MM)
    }

    fn point(&self, x: f32, y: f32) -> Point {
        Point {
            x: Self::pt(x),
            y: Self::pt(self.height - y),
        }
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.ops.push(Op::StartTextSection);
            self.in_text = true;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.ops.push(Op::EndTextSection);
            self.in_text = false;
        }
    }

    /// Draws one line of text with its baseline at `y`, starting at `x`.
    pub fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        if text.is_empty() {
            return;
        }
        self.begin_text();
        let fonts = self.fonts;
        let mut pen = x;
        for run in fonts.runs(text, style.weight) {
            if let Some(census) = &mut self.census {
                census[run.face].extend(run.text.chars());
            }
            if self.font != Some((run.face, style.size)) {
                self.ops.push(Op::SetFont {
                    font: PdfFontHandle::External(self.ids[run.face].clone()),
                    size: Pt(style.size),
                });
                self.font = Some((run.face, style.size));
            }
            let p = self.point(pen, y);
            self.ops.push(Op::SetTextMatrix {
                matrix: TextMatrix::Translate(p.x, p.y),
            });
            self.ops.push(Op::ShowText {
                items: vec![TextItem::Text(run.text.to_owned())],
            });
            pen += run.width_em * style.size / PT_PER_MM;
        }
    }

    /// Width of `text` in mm.
    pub fn measure(&self, text: &str, style: Style) -> f32 {
        self.fonts.width_mm(text, style.size, style.weight)
    }

    /// One line aligned within `[x, x + w]`.
    pub fn text_aligned(&mut self, x: f32, y: f32, w: f32, align: Align, style: Style, text: &str) {
        let tw = self.measure(text, style);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(x, y, style, text);
    }

    /// One line that shrinks (down to `min_size`) to fit `w`; below that it is cut with "…".
    /// Returns the size used.
    #[allow(clippy::too_many_arguments)] // a line's place, width, alignment, style, floor, text
    pub fn text_fit(
        &mut self,
        x: f32,
        y: f32,
        w: f32,
        align: Align,
        style: Style,
        min_size: f32,
        text: &str,
    ) -> f32 {
        let (size, line) = fit_line(self.fonts, text, w, style, min_size);
        self.text_aligned(x, y, w, align, Style { size, ..style }, &line);
        size
    }

    /// Text wrapped into `area`, shrinking from `style.size` down to `min_size` until every line
    /// fits; at the smallest size the last line that fits ends with "…". The first baseline
    /// sits one ascent below the top. Returns the height used in mm.
    pub fn text_box(&mut self, area: Area, align: Align, style: Style, min_size: f32, text: &str) -> f32 {
        let (size, lines) = fit_box(self.fonts, text, area.w, area.h, style, min_size);
        let st = Style { size, ..style };
        let mut y = area.y + st.ascent_mm();
        for line in &lines {
            self.text_aligned(area.x, y, area.w, align, st, line);
            y += st.leading_mm();
        }
        lines.len() as f32 * st.leading_mm()
    }

    fn set_stroke(&mut self, width: f32) {
        if self.stroke != Some(width) {
            self.ops.push(Op::SetOutlineThickness { pt: Self::pt(width) });
            self.stroke = Some(width);
        }
    }

    /// A stroked line from (x1, y1) to (x2, y2), `width` mm thick.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.end_text();
        let points = vec![
            LinePoint {
                p: self.point(x1, y1),
                bezier: false,
            },
            LinePoint {
                p: self.point(x2, y2),
                bezier: false,
            },
        ];
        self.set_stroke(width);
        self.ops.push(Op::DrawLine {
            line: printpdf::Line {
                points,
                is_closed: false,
            },
        });
    }

    /// A rectangle outline.
    pub fn frame(&mut self, a: Area, width: f32) {
        self.end_text();
        self.set_stroke(width);
        self.ops.push(Op::DrawPolygon {
            polygon: self.polygon(&[a], PaintMode::Stroke),
        });
    }

    /// Filled rectangles in grey (`0.0` black .. `1.0` white), drawn as one path.
    pub fn fill(&mut self, areas: &[Area], grey: f32) {
        if areas.is_empty() {
            return;
        }
        self.end_text();
        self.set_fill(grey);
        self.ops.push(Op::DrawPolygon {
            polygon: self.polygon(areas, PaintMode::Fill),
        });
        self.set_fill(0.0);
    }

    fn set_fill(&mut self, grey: f32) {
        self.ops.push(Op::SetFillColor {
            col: Color::Greyscale(Greyscale {
                percent: grey,
                icc_profile: None,
            }),
        });
    }

    fn polygon(&self, areas: &[Area], mode: PaintMode) -> Polygon {
        let rings = areas
            .iter()
            .map(|a| PolygonRing {
                points: [
                    (a.x, a.y),
                    (a.right(), a.y),
                    (a.right(), a.bottom()),
                    (a.x, a.bottom()),
                ]
                .iter()
                .map(|&(x, y)| LinePoint {
                    p: self.point(x, y),
                    bezier: false,
                })
                .collect(),
            })
            .collect();
        Polygon {
            rings,
            mode,
            winding_order: WindingOrder::NonZero,
        }
    }

    /// Draws `bars` with its top-left corner at (x, y): each module `module` mm wide, bars `h`
    /// mm tall. Quiet zones are the caller's margin. Returns the width in mm.
    pub fn bars(&mut self, bars: &Bars, x: f32, y: f32, module: f32, h: f32) -> f32 {
        self.end_text();
        for (start, width) in bars.dark_runs() {
            let a = Area::new(x + start as f32 * module, y, width as f32 * module, h);
            // `re` takes 4 numbers where a polygon takes 8: bars are most of a label's numbers
            self.ops.push(Op::DrawRectangle {
                rectangle: printpdf::Rect {
                    x: Self::pt(a.x),
                    y: Self::pt(self.height - a.bottom()),
                    width: Self::pt(a.w),
                    height: Self::pt(a.h),
                    mode: Some(PaintMode::Fill),
                    winding_order: Some(WindingOrder::NonZero),
                },
            });
        }
        bars.total_modules() as f32 * module
    }

    /// Crop marks: short lines outside each corner of `a`.
    pub fn cut_marks(&mut self, a: Area, len: f32, gap: f32) {
        for (x, y, dx, dy) in [
            (a.x, a.y, -1.0, -1.0),
            (a.right(), a.y, 1.0, -1.0),
            (a.x, a.bottom(), -1.0, 1.0),
            (a.right(), a.bottom(), 1.0, 1.0),
        ] {
            self.line(x + dx * gap, y, x + dx * (gap + len), y, 0.1);
            self.line(x, y + dy * gap, x, y + dy * (gap + len), 0.1);
        }
    }

    fn finish(mut self) -> PdfPage {
        self.end_text();
        let mut page = PdfPage::new(printpdf::Mm(self.width), printpdf::Mm(self.height), Vec::new());
        page.ops = self.ops;
        page
    }
}

/// Shrinks a single line to fit `w`; cuts it with "…" when even `min_size` is too big.
pub fn fit_line(fonts: &FontSet, text: &str, w: f32, style: Style, min_size: f32) -> (f32, String) {
    let width = fonts.width_mm(text, style.size, style.weight);
    if width <= w {
        return (style.size, text.to_owned());
    }
    let size = (style.size * w / width).max(min_size);
    // Widths scale linearly with size, so one division gives the size; a rounding guard below.
    let size = (size * 100.0).floor() / 100.0;
    if fonts.width_mm(text, size, style.weight) <= w {
        return (size, text.to_owned());
    }
    (size, ellipsize(fonts, text, w, Style { size, ..style }))
}

/// The longest prefix of `text` that fits `w` with "…" after it.
pub fn ellipsize(fonts: &FontSet, text: &str, w: f32, style: Style) -> String {
    let dots = fonts.width_mm("…", style.size, style.weight);
    let mut used = 0.0;
    let mut end = 0;
    for (i, c) in text.char_indices() {
        let cw = fonts.width_mm(c.encode_utf8(&mut [0; 4]), style.size, style.weight);
        if used + cw + dots > w {
            break;
        }
        used += cw;
        end = i + c.len_utf8();
    }
    format!("{}…", text[..end].trim_end())
}

/// Wraps `text` into `w` × `h`, shrinking by half points down to `min_size`; at `min_size` the
/// lines that do not fit are dropped and the last kept one ends with "…".
pub fn fit_box(
    fonts: &FontSet,
    text: &str,
    w: f32,
    h: f32,
    style: Style,
    min_size: f32,
) -> (f32, Vec<String>) {
    let mut size = style.size;
    loop {
        let st = Style { size, ..style };
        let lines = fonts.wrap(text, w, size, style.weight);
        let fits = lines.len() as f32 * st.leading_mm() - (st.leading_mm() - st.ascent_mm()) <= h + 0.01;
        if fits {
            return (size, lines);
        }
        if size <= min_size {
            let max_lines = (((h - st.ascent_mm()) / st.leading_mm()).floor() as usize + 1).max(1);
            let mut kept: Vec<String> = lines.into_iter().take(max_lines).collect();
            if let Some(last) = kept.last_mut() {
                *last = ellipsize(fonts, &format!("{last} …"), w, st);
            }
            return (size, kept);
        }
        size = (size - 0.5).max(min_size);
    }
}

/// A finished PDF.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub bytes: Vec<u8>,
    pub pages: usize,
}

/// Characters each face draws in a document: the fonts' subsets are cut from these.
type Census = [BTreeSet<char>; 4];

/// Pages per serialised chunk of a large document, at most: each chunk cuts its own font
/// subsets (a few ms), so chunks should not be tiny; they should not be huge either, so that
/// every core gets a share and memory stays flat.
const CHUNK_PAGES: usize = 200;
/// A document expected to have more pages than this is drawn in chunks.
const CHUNKED_FROM: usize = 80;

/// A PDF being built: pages of one document, fonts registered once. Lay pages out with
/// [`render`], which picks how the document is serialised.
pub struct Doc {
    fonts: &'static FontSet,
    ids: [FontId; 4],
    sink: Sink,
    pages: usize,
}

enum Sink {
    /// A dry run: records which characters each face draws and keeps no page.
    Census(Box<Census>),
    /// Every page kept and serialised at the end: small documents.
    Whole {
        doc: Box<PdfDocument>,
        pages: Vec<PdfPage>,
    },
    /// Pages handed in chunks to a serialiser thread: large documents in little memory.
    Chunked {
        pending: Vec<PdfPage>,
        workers: Vec<Worker>,
        sent: usize,
    },
}

fn new_pdf(title: &str, fonts: &FontSet) -> (PdfDocument, [FontId; 4]) {
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = "Docket".into();
    doc.metadata.info.producer = "Docket (printpdf)".into();
    let ids = [
        doc.add_font(&fonts.faces[0].font),
        doc.add_font(&fonts.faces[1].font),
        doc.add_font(&fonts.faces[2].font),
        doc.add_font(&fonts.faces[3].font),
    ];
    (doc, ids)
}

fn save_options() -> PdfSaveOptions {
    PdfSaveOptions {
        optimize: false,
        subset_fonts: true,
        secure: true,
        image_optimization: None,
    }
}

/// Lays out a document with `draw` and serialises it.
///
/// Up to `CHUNKED_FROM` expected pages, every page is kept and serialised at once. A larger
/// document is drawn twice: a dry run collects the characters each font draws, then the real
/// run hands pages in chunks to a serialiser thread. Every chunk carries one extra page with
/// all those characters, so every chunk cuts byte-identical font subsets (checked), and the
/// chunks' pages are joined under the first chunk's fonts. Memory then stays flat however
/// many labels are printed, and layout runs beside serialisation on a second core.
///
/// `draw` must draw the same pages on both runs (it gets the same data); it reports progress
/// through [`Doc::step`], which counts only on the real run.
pub fn render(
    title: &str,
    expected_pages: usize,
    progress: &super::Progress,
    mut draw: impl FnMut(&mut Doc) -> crate::Result<()>,
) -> crate::Result<Pdf> {
    let fonts = FontSet::get();
    if expected_pages <= CHUNKED_FROM {
        let (doc, ids) = new_pdf(title, fonts);
        let mut d = Doc {
            fonts,
            ids,
            sink: Sink::Whole {
                doc: Box::new(doc),
                pages: Vec::new(),
            },
            pages: 0,
        };
        draw(&mut d)?;
        return d.finish_whole();
    }
    // dry run
    let (_, ids) = new_pdf(title, fonts);
    let mut dry = Doc {
        fonts,
        ids,
        sink: Sink::Census(Box::default()),
        pages: 0,
    };
    draw(&mut dry)?;
    progress.check()?;
    let Sink::Census(census) = dry.sink else {
        unreachable!("a dry run keeps its census")
    };
    // real run: chunks go round-robin to one serialiser per core
    let (doc, ids) = new_pdf(title, fonts);
    let census_page = census_page(&ids, &census);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 4);
    let mut workers = Vec::new();
    for i in 0..threads {
        let (tx, rx) = std::sync::mpsc::sync_channel::<(usize, Vec<PdfPage>)>(1);
        let (doc, census_page) = (doc.clone(), census_page.clone());
        let handle = std::thread::Builder::new()
            .name(format!("pdf-writer-{i}"))
            .spawn(move || serialise_chunks(doc, census_page, rx))
            .map_err(|e| crate::Error::msg(format!("cannot start the PDF writer: {e}")))?;
        workers.push(Worker {
            tx: Some(tx),
            handle: Some(handle),
        });
    }
    let mut d = Doc {
        fonts,
        ids,
        sink: Sink::Chunked {
            pending: Vec::new(),
            workers,
            sent: 0,
        },
        pages: 0,
    };
    let drawn = draw(&mut d);
    let pages = d.pages;
    let Sink::Chunked {
        mut pending,
        mut workers,
        mut sent,
    } = d.sink
    else {
        unreachable!("the real run is chunked")
    };
    if drawn.is_ok() && !pending.is_empty() {
        send_chunk(&mut workers, &mut sent, std::mem::take(&mut pending));
    }
    let mut chunks = Vec::new();
    let mut failure = None;
    for w in &mut workers {
        w.tx = None;
        match w.handle.take().map(|h| h.join()) {
            Some(Ok(Ok(done))) => chunks.extend(done),
            Some(Ok(Err(e))) => failure = Some(e),
            _ => failure = Some("a PDF writer stopped".into()),
        }
    }
    drawn?;
    if let Some(e) = failure {
        return Err(crate::Error::msg(format!("writing the PDF failed: {e}")));
    }
    let bytes = join_chunks(chunks).map_err(|e| crate::Error::msg(format!("writing the PDF failed: {e}")))?;
    Ok(Pdf { bytes, pages })
}

/// A serialiser thread of a chunked document.
struct Worker {
    tx: Option<std::sync::mpsc::SyncSender<(usize, Vec<PdfPage>)>>,
    handle: Option<std::thread::JoinHandle<Result<Vec<Chunk>, String>>>,
}

fn send_chunk(workers: &mut [Worker], sent: &mut usize, pages: Vec<PdfPage>) {
    let w = &workers[*sent % workers.len()];
    if let Some(tx) = &w.tx {
        // a send fails only when the worker already stopped; its error comes with its join
        let _ = tx.send((*sent, pages));
    }
    *sent += 1;
}

/// One serialised chunk: the first keeps its whole document (fonts, page tree), the others
/// only their pages (dictionary and compressed contents).
struct Chunk {
    index: usize,
    fingerprint: u64,
    body: ChunkBody,
}

enum ChunkBody {
    First(Box<lopdf::Document>, Vec<lopdf::ObjectId>),
    Pages(Vec<(lopdf::Dictionary, lopdf::Stream)>),
}

/// One page showing every character of the census in its face.
fn census_page(ids: &[FontId; 4], census: &Census) -> PdfPage {
    let mut ops = vec![Op::StartTextSection];
    for (face, chars) in census.iter().enumerate() {
        if chars.is_empty() {
            continue;
        }
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(ids[face].clone()),
            size: Pt(10.0),
        });
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(10.0), Pt(10.0 + face as f32 * 12.0)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().collect())],
        });
    }
    ops.push(Op::EndTextSection);
    let mut page = PdfPage::new(printpdf::Mm(100.0), printpdf::Mm(100.0), Vec::new());
    page.ops = ops;
    page
}

/// A hash of the embedded font programs: equal hashes mean equal subsets (and glyph codes).
fn font_fingerprint(doc: &lopdf::Document) -> u64 {
    use std::hash::{Hash, Hasher};
    let mut fonts: Vec<&[u8]> = doc
        .objects
        .values()
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) if s.dict.has(b"Length1") || s.dict.has(b"Subtype") => {
                Some(s.content.as_slice())
            }
            _ => None,
        })
        .collect();
    fonts.sort_unstable();
    let mut h = std::collections::hash_map::DefaultHasher::new();
    fonts.hash(&mut h);
    h.finish()
}

/// A serialiser thread: each chunk it gets becomes a lopdf document with the census page last.
fn serialise_chunks(
    mut doc: PdfDocument,
    census_page: PdfPage,
    chunks: std::sync::mpsc::Receiver<(usize, Vec<PdfPage>)>,
) -> Result<Vec<Chunk>, String> {
    let opts = save_options();
    let mut done = Vec::new();
    for (index, mut pages) in chunks {
        let n = pages.len();
        pages.push(census_page.clone());
        doc.with_pages(pages);
        let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &opts, &mut Vec::new());
        doc.pages = Vec::new();
        let fingerprint = font_fingerprint(&lo);
        let ids: Vec<lopdf::ObjectId> = lo.get_pages().into_values().collect();
        if ids.len() != n + 1 {
            return Err(format!(
                "expected {} pages in a chunk, found {}",
                n + 1,
                ids.len()
            ));
        }
        let body = if index == 0 {
            compress_streams(lo.objects.values_mut());
            ChunkBody::First(Box::new(lo), ids)
        } else {
            let mut pages = Vec::with_capacity(n);
            for &id in &ids[..n] {
                let dict = lo.get_dictionary(id).map_err(|e| e.to_string())?.clone();
                let contents = dict
                    .get(b"Contents")
                    .and_then(|c| c.as_reference())
                    .map_err(|e| e.to_string())?;
                let stream = match lo.objects.remove(&contents) {
                    Some(lopdf::Object::Stream(s)) => s,
                    _ => return Err("a page without contents".into()),
                };
                pages.push((dict, stream));
            }
            drop(lo);
            for (_, s) in &mut pages {
                compress(s);
            }
            ChunkBody::Pages(pages)
        };
        done.push(Chunk {
            index,
            fingerprint,
            body,
        });
    }
    Ok(done)
}

/// Hangs every chunk's pages under the first chunk's page tree (dropping its census page),
/// after checking that all chunks cut the same font subsets.
fn join_chunks(mut chunks: Vec<Chunk>) -> Result<Vec<u8>, String> {
    chunks.sort_by_key(|c| c.index);
    let mut it = chunks.into_iter();
    let first = it.next().ok_or("no pages")?;
    let ChunkBody::First(mut lo, ids) = first.body else {
        return Err("the first chunk is missing".into());
    };
    let census = *ids.last().ok_or("no pages")?;
    let page = lo.get_dictionary(ids[0]).map_err(|e| e.to_string())?.clone();
    let parent = page
        .get(b"Parent")
        .and_then(|p| p.as_reference())
        .map_err(|e| e.to_string())?;
    let resources = page.get(b"Resources").map_err(|e| e.to_string())?.clone();
    if let Ok(c) = lo
        .get_dictionary(census)
        .and_then(|d| d.get(b"Contents"))
        .and_then(|c| c.as_reference())
    {
        lo.delete_object(c);
    }
    lo.delete_object(census);
    let mut kids: Vec<lopdf::Object> = ids[..ids.len() - 1]
        .iter()
        .map(|&id| lopdf::Object::Reference(id))
        .collect();
    for chunk in it {
        if chunk.fingerprint != first.fingerprint {
            return Err("font subsets differ between chunks".into());
        }
        let ChunkBody::Pages(pages) = chunk.body else {
            return Err("two first chunks".into());
        };
        for (mut dict, stream) in pages {
            let contents = lo.add_object(lopdf::Object::Stream(stream));
            dict.set("Contents", lopdf::Object::Reference(contents));
            dict.set("Parent", lopdf::Object::Reference(parent));
            dict.set("Resources", resources.clone());
            kids.push(lopdf::Object::Reference(
                lo.add_object(lopdf::Object::Dictionary(dict)),
            ));
        }
    }
    let tree = lo.get_dictionary_mut(parent).map_err(|e| e.to_string())?;
    tree.set("Count", kids.len() as i64);
    tree.set("Kids", kids);
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

impl Doc {
    pub fn fonts(&self) -> &'static FontSet {
        self.fonts
    }

    /// Whether this is the dry run of a large document (nothing is kept).
    pub fn dry_run(&self) -> bool {
        matches!(self.sink, Sink::Census(_))
    }

    /// One item done: counts on `progress` except in a dry run. Fails once cancelled.
    pub fn step(&self, progress: &super::Progress) -> crate::Result<()> {
        if !self.dry_run() {
            progress.step();
        }
        progress.check()
    }

    /// A blank page `width` × `height` mm.
    pub fn page(&self, width: f32, height: f32) -> Page {
        Page {
            width,
            height,
            ops: Vec::with_capacity(if self.dry_run() { 0 } else { 256 }),
            in_text: false,
            font: None,
            stroke: None,
            fonts: self.fonts,
            ids: self.ids.clone(),
            census: self.dry_run().then(Box::default),
        }
    }

    pub fn push(&mut self, mut page: Page) {
        self.pages += 1;
        match &mut self.sink {
            Sink::Census(census) => {
                if let Some(chars) = page.census.take() {
                    for (all, used) in census.iter_mut().zip(chars.iter()) {
                        all.extend(used.iter().copied());
                    }
                }
            }
            Sink::Whole { pages, .. } => pages.push(page.finish()),
            Sink::Chunked {
                pending,
                workers,
                sent,
            } => {
                pending.push(page.finish());
                if pending.len() >= CHUNK_PAGES {
                    send_chunk(workers, sent, std::mem::take(pending));
                }
            }
        }
    }

    pub fn page_count(&self) -> usize {
        self.pages
    }

    /// Serialises a small document: fonts as subsets of the glyphs used, streams compressed.
    fn finish_whole(self) -> crate::Result<Pdf> {
        let Sink::Whole { mut doc, pages } = self.sink else {
            return Err(crate::Error::msg("internal: not a whole document"));
        };
        doc.with_pages(pages);
        let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &save_options(), &mut Vec::new());
        // the pages' ops are no longer needed: free them before compressing
        drop(doc);
        compress_streams(lo.objects.values_mut());
        let mut out = Vec::new();
        lo.save_to(&mut out)
            .map_err(|e| crate::Error::msg(format!("writing the PDF failed: {e}")))?;
        Ok(Pdf {
            bytes: out,
            pages: self.pages,
        })
    }
}

/// Deflates every stream that has no filter yet, spread over the available cores.
///
/// printpdf's own `optimize` compresses with zlib's best (slowest) level on one core; a large
/// label job spent most of its time there. A fast level on every core instead: files a few
/// percent larger, several times faster.
fn compress_streams<'a>(objects: impl Iterator<Item = &'a mut lopdf::Object>) {
    let mut streams: Vec<&mut lopdf::Stream> = objects
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) => Some(s),
            _ => None,
        })
        .collect();
    compress_stream_list(&mut streams);
}

fn compress_stream_list(streams: &mut [&mut lopdf::Stream]) {
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let chunk = streams.len().div_ceil(threads).max(1);
    std::thread::scope(|scope| {
        for part in streams.chunks_mut(chunk) {
            scope.spawn(move || part.iter_mut().for_each(|s| compress(s)));
        }
    });
}

/// Deflates one stream at a fast level, unless it is filtered already or too small to gain.
fn compress(s: &mut lopdf::Stream) {
    use std::io::Write;
    if s.dict.get(b"Filter").is_ok() || s.content.len() <= 64 {
        return;
    }
    let mut z = flate2::write::ZlibEncoder::new(
        Vec::with_capacity(s.content.len() / 3),
        flate2::Compression::new(3),
    );
    if z.write_all(&s.content).is_ok()
        && let Ok(packed) = z.finish()
        && packed.len() < s.content.len()
    {
        s.dict.set("Filter", "FlateDecode");
        s.set_content(packed);
    }
}

/// Glyph access for drawing the same runs elsewhere (the ZPL labels rasterise them).
impl FontSet {
    /// The font file of a face, by the index [`Run::face`] gives.
    pub fn face_bytes(face: usize) -> &'static [u8] {
        [REGULAR, BOLD, CJK, SYMBOLS][face.min(3)]
    }

    /// Glyph id and advance in ems of `c` in `face`: what a run of that face draws for `c`. A
    /// character the face lacks gets glyph 0, the "missing" box, as in the PDF.
    pub fn glyph_in(&self, face: usize, c: char) -> (u16, f32) {
        let data = &self.faces[face.min(3)];
        let gid = data.font.lookup_glyph_index(c as u32).unwrap_or(0);
        (gid, data.advance(gid))
    }
}

impl Run<'_> {
    /// Index of the face that draws this run (0 regular, 1 bold, 2 CJK, 3 symbols).
    pub fn face(&self) -> usize {
        self.face
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn runs_split_by_script() {
        let f = FontSet::get();
        let runs = f.runs("Łódź 迅达 Ромашка ✓", Weight::Regular);
        let faces: Vec<(usize, &str)> = runs.iter().map(|r| (r.face, r.text)).collect();
        assert_eq!(faces, vec![(0, "Łódź "), (2, "迅达"), (0, " Ромашка "), (3, "✓")]);
        assert!(f.covers("ą ę ł ż Ć Ź 中心 Ж"));
    }

    #[test]
    fn wrap_keeps_within_width_and_breaks_cjk() {
        let f = FontSet::get();
        let text = "ООО «Сибирская Логистика» 顺和贸易（上海）有限公司 Łódź Hurt Sp. z o.o.";
        for width in [20.0, 35.0, 60.0] {
            let lines = f.wrap(text, width, 10.0, Weight::Regular);
            assert!(lines.len() > 1);
            for l in &lines {
                assert!(
                    f.width_mm(l, 10.0, Weight::Regular) <= width + 0.01,
                    "{l:?} wider than {width}"
                );
            }
            assert_eq!(lines.concat().replace(' ', ""), text.replace(' ', ""));
        }
        let long = "X".repeat(200);
        assert!(f.wrap(&long, 30.0, 10.0, Weight::Bold).len() > 3);
    }

    #[test]
    fn fit_shrinks_then_cuts() {
        let f = FontSet::get();
        let (size, line) = fit_line(f, "Short", 50.0, Style::regular(12.0), 6.0);
        assert_eq!((size, line.as_str()), (12.0, "Short"));
        let long = "Очень длинное название получателя, которое никак не помещается";
        let (size, line) = fit_line(f, long, 50.0, Style::regular(12.0), 6.0);
        assert_eq!(size, 6.0);
        assert!(line.ends_with('…'));
        assert!(f.width_mm(&line, size, Weight::Regular) <= 50.0);
        let (size, lines) = fit_box(f, long, 30.0, 8.0, Style::regular(12.0), 7.0);
        assert_eq!(size, 7.0);
        let st = Style::regular(size);
        assert!(lines.len() as f32 * st.leading_mm() - (st.leading_mm() - st.ascent_mm()) <= 8.01);
        assert!(lines.last().unwrap().ends_with('…'));
    }
}

//! The drawing surface every PDF layout uses: millimetres from the top-left corner, text in
//! runs split by glyph coverage over the fonts shipped in `assets/fonts`, fitting and wrapping
//! that never lets text leave its box, and barcodes as filled bars.
//!
//! printpdf has no font fallback, so [`FontSet::runs`] walks the text and gives each character
//! to the first face that has it: Noto Sans (Latin, Polish, Cyrillic), then the CJK face, then
//! the symbols face.
//!
//! Pages are written as PDF content operators straight into a buffer ([`Page`]); printpdf
//! builds the document around them: metadata, page tree and the fonts, embedded as subsets of
//! exactly the glyphs the document uses (its `subset_fonts`), see [`render`]. Going through
//! printpdf's operation list for every line and bar cost most of a large job's time.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::OnceLock;

use printpdf::{
    FontId, Op, ParsedFont, PdfDocument, PdfFontHandle, PdfPage, PdfSaveOptions, Pt, TextItem, TextMatrix,
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

/// The font files by face index.
const FACE_BYTES: [&[u8]; 4] = [REGULAR, BOLD, CJK, SYMBOLS];

/// A face's character map and advances, read in place from the compiled-in file (skrifa):
/// layout needs nothing else, so it starts at once.
struct FaceData {
    charmap: skrifa::charmap::Charmap<'static>,
    metrics: skrifa::metrics::GlyphMetrics<'static>,
    units_per_em: f32,
}

impl FaceData {
    fn parse(bytes: &'static [u8]) -> FaceData {
        use skrifa::MetadataProvider;
        use skrifa::instance::{LocationRef, Size};
        // The fonts are compiled in and parsed in a test; failing here is a build defect.
        let font = skrifa::FontRef::new(bytes).expect("shipped font parses");
        let units_per_em = f32::from(
            font.metrics(Size::unscaled(), LocationRef::default())
                .units_per_em
                .max(1),
        );
        FaceData {
            charmap: font.charmap(),
            metrics: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        }
    }

    /// Glyph id of `c`, 0 when the face lacks it.
    fn gid(&self, c: char) -> u16 {
        self.charmap
            .map(c)
            .map_or(0, |g| u16::try_from(g.to_u32()).unwrap_or(0))
    }

    fn glyph(&self, c: char) -> Option<u16> {
        Some(self.gid(c)).filter(|&g| g != 0)
    }

    /// Advance of glyph `gid` in ems.
    fn advance(&self, gid: u16) -> f32 {
        self.metrics
            .advance_width(skrifa::GlyphId::new(u32::from(gid)))
            .unwrap_or(0.0)
            / self.units_per_em
    }
}

/// printpdf's parse of each face, needed only to embed it: slow (a CJK face takes several
/// ms), so a background thread starts on it as soon as the font set is first used, while
/// layout goes on; [`parsed_face`] waits for a face or parses it itself.
static PARSED: [OnceLock<ParsedFont>; 4] = [const { OnceLock::new() }; 4];

fn parsed_face(face: Face) -> &'static ParsedFont {
    PARSED[face].get_or_init(|| {
        // compiled in and parsed in a test; failing here is a build defect
        ParsedFont::from_bytes(FACE_BYTES[face], 0, &mut Vec::new()).expect("shipped font parses")
    })
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
    // Glyph ids of characters in a given face (spaces in a CJK run, say), looked up once.
    static GIDS: std::cell::RefCell<std::collections::HashMap<(char, u8), u16>> =
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
            // the embedding parse runs beside layout (regular and bold first: most documents)
            let _ = std::thread::Builder::new().name("font-parse".into()).spawn(|| {
                for face in 0..4 {
                    parsed_face(face);
                }
            });
            let faces = FACE_BYTES.map(FaceData::parse);
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

/// One page being drawn: PDF content operators written straight into a byte buffer.
///
/// Text is written as Identity-H glyph ids of the shipped fonts. The embedded fonts are
/// subsets whose glyphs are renumbered, and which glyphs a document uses is known only when
/// it is finished, so each page notes where its glyph strings are and [`Doc`] rewrites them
/// in place once the subsets are cut (the hex strings keep their length).
pub struct Page {
    pub width: f32,
    pub height: f32,
    content: Vec<u8>,
    /// Glyph strings to renumber: byte offset of the first hex digit, glyph count, face.
    spans: Vec<(u32, u32, u8)>,
    in_text: bool,
    font: Option<(Face, f32)>,
    /// The stroke width last set (PDF graphics state), to set it only when it changes.
    stroke: Option<f32>,
    fonts: &'static FontSet,
    census: Rc<RefCell<Census>>,
}

/// Writes `v` with at most two decimals (0.01 pt is 0.0035 mm: far below a printer's dot).
fn put_num(out: &mut Vec<u8>, v: f32) {
    let scaled = (f64::from(v) * 100.0).round() as i64;
    if scaled < 0 {
        out.push(b'-');
    }
    let a = scaled.unsigned_abs();
    put_uint(out, a / 100);
    let frac = a % 100;
    if frac != 0 {
        out.push(b'.');
        out.push(b'0' + (frac / 10) as u8);
        if !frac.is_multiple_of(10) {
            out.push(b'0' + (frac % 10) as u8);
        }
    }
}

fn put_uint(out: &mut Vec<u8>, mut v: u64) {
    let mut buf = [0u8; 20];
    let mut i = buf.len();
    loop {
        i -= 1;
        buf[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    out.extend_from_slice(&buf[i..]);
}

const HEX: &[u8; 16] = b"0123456789ABCDEF";

fn put_hex16(out: &mut [u8], v: u16) {
    out[0] = HEX[(v >> 12) as usize];
    out[1] = HEX[((v >> 8) & 15) as usize];
    out[2] = HEX[((v >> 4) & 15) as usize];
    out[3] = HEX[(v & 15) as usize];
}

fn hex_digit(b: u8) -> u16 {
    match b {
        b'0'..=b'9' => u16::from(b - b'0'),
        b'A'..=b'F' => u16::from(b - b'A' + 10),
        _ => 0,
    }
}

impl Page {
    fn new(width: f32, height: f32, fonts: &'static FontSet, census: Rc<RefCell<Census>>) -> Page {
        Page {
            width,
            height,
            content: Vec::with_capacity(4096),
            spans: Vec::new(),
            in_text: false,
            font: None,
            stroke: None,
            fonts,
            census,
        }
    }

    /// Writes the numbers (mm) as points, each followed by a space.
    fn nums(&mut self, mm: &[f32]) {
        for &v in mm {
            put_num(&mut self.content, v * PT_PER_MM);
            self.content.push(b' ');
        }
    }

    fn op(&mut self, op: &str) {
        self.content.extend_from_slice(op.as_bytes());
        self.content.push(b'\n');
    }

    fn begin_text(&mut self) {
        if !self.in_text {
            self.op("BT");
            self.in_text = true;
        }
    }

    fn end_text(&mut self) {
        if self.in_text {
            self.op("ET");
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
        let mut census = self.census.borrow_mut();
        for run in fonts.runs(text, style.weight) {
            if self.font != Some((run.face, style.size)) {
                self.content.extend_from_slice(FONT_NAMES[run.face].as_bytes());
                self.content.push(b' ');
                put_num(&mut self.content, style.size);
                self.content.extend_from_slice(b" Tf\n");
                self.font = Some((run.face, style.size));
            }
            self.content.extend_from_slice(b"1 0 0 1 ");
            let (px, py) = (pen, self.height - y);
            for v in [px, py] {
                put_num(&mut self.content, v * PT_PER_MM);
                self.content.push(b' ');
            }
            self.content.extend_from_slice(b"Tm <");
            let start = self.content.len();
            let mut n = 0u32;
            for c in run.text.chars() {
                let gid = fonts.gid_in(run.face, c);
                census.note(run.face, gid, c);
                let at = self.content.len();
                self.content.extend_from_slice(b"0000");
                put_hex16(&mut self.content[at..], gid);
                n += 1;
            }
            self.content.extend_from_slice(b"> Tj\n");
            self.spans.push((start as u32, n, run.face as u8));
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
            self.nums(&[width]);
            self.op("w");
            self.stroke = Some(width);
        }
    }

    /// A stroked line from (x1, y1) to (x2, y2), `width` mm thick.
    pub fn line(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, width: f32) {
        self.end_text();
        self.set_stroke(width);
        self.nums(&[x1, self.height - y1]);
        self.content.extend_from_slice(b"m ");
        self.nums(&[x2, self.height - y2]);
        self.op("l S");
    }

    /// `re` operands of an area (PDF's origin is the bottom-left corner).
    fn rect(&mut self, a: Area) {
        self.nums(&[a.x, self.height - a.bottom(), a.w, a.h]);
        self.op("re");
    }

    /// A rectangle outline.
    pub fn frame(&mut self, a: Area, width: f32) {
        self.end_text();
        self.set_stroke(width);
        self.rect(a);
        self.op("S");
    }

    /// Filled rectangles in grey (`0.0` black .. `1.0` white), drawn as one path.
    pub fn fill(&mut self, areas: &[Area], grey: f32) {
        if areas.is_empty() {
            return;
        }
        self.end_text();
        put_num(&mut self.content, grey);
        self.op(" g");
        for &a in areas {
            self.rect(a);
        }
        self.op("f\n0 g");
    }

    /// Draws `bars` with its top-left corner at (x, y): each module `module` mm wide, bars `h`
    /// mm tall. Quiet zones are the caller's margin. Returns the width in mm.
    pub fn bars(&mut self, bars: &Bars, x: f32, y: f32, module: f32, h: f32) -> f32 {
        self.end_text();
        let mut any = false;
        for (start, width) in bars.dark_runs() {
            self.rect(Area::new(x + start as f32 * module, y, width as f32 * module, h));
            any = true;
        }
        if any {
            self.op("f");
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

    fn finish(mut self) -> RawPage {
        self.end_text();
        RawPage {
            width: self.width,
            height: self.height,
            content: self.content,
            spans: self.spans,
        }
    }
}

/// A drawn page waiting for its glyph ids to be renumbered and its content compressed.
struct RawPage {
    width: f32,
    height: f32,
    content: Vec<u8>,
    spans: Vec<(u32, u32, u8)>,
}

impl RawPage {
    /// Rewrites every glyph id into the subset's numbering, then deflates the content.
    fn seal(mut self, remap: &Remap) -> SealedPage {
        for &(start, n, face) in &self.spans {
            let table = &remap[face as usize];
            for i in 0..n as usize {
                let at = start as usize + 4 * i;
                let hex = &self.content[at..at + 4];
                let orig = (hex_digit(hex[0]) << 12)
                    | (hex_digit(hex[1]) << 8)
                    | (hex_digit(hex[2]) << 4)
                    | hex_digit(hex[3]);
                put_hex16(&mut self.content[at..at + 4], table[orig as usize]);
            }
        }
        let mut stream = lopdf::Stream::new(lopdf::Dictionary::new(), self.content);
        compress(&mut stream);
        SealedPage {
            width: self.width,
            height: self.height,
            stream,
        }
    }
}

struct SealedPage {
    width: f32,
    height: f32,
    stream: lopdf::Stream,
}

/// Resource names of the four faces in every page's content.
const FONT_NAMES: [&str; 4] = ["/F0", "/F1", "/F2", "/F3"];

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

/// The glyphs a document draws, per face: which original glyph ids (a bit each) and, for the
/// first character seen with each, that character. The fonts' subsets are cut from these.
struct Census {
    seen: [Vec<u64>; 4],
    chars: [Vec<(u16, char)>; 4],
}

impl Default for Census {
    fn default() -> Census {
        Census {
            seen: std::array::from_fn(|_| vec![0; 1024]),
            chars: Default::default(),
        }
    }
}

impl Census {
    fn note(&mut self, face: Face, gid: u16, c: char) {
        let (word, bit) = (usize::from(gid) / 64, 1u64 << (gid % 64));
        if self.seen[face][word] & bit == 0 {
            self.seen[face][word] |= bit;
            self.chars[face].push((gid, c));
        }
    }
}

/// Original glyph id → the subset's glyph id, per face.
type Remap = [Vec<u16>; 4];

/// A PDF being built: pages of one document laid out in order. Lay pages out with [`render`].
pub struct Doc {
    fonts: &'static FontSet,
    census: Rc<RefCell<Census>>,
    pages: Vec<RawPage>,
}

/// printpdf's document with the faces the census uses (the others are not embedded).
fn new_pdf(title: &str, census: &Census) -> (PdfDocument, [Option<FontId>; 4]) {
    let mut doc = PdfDocument::new(title);
    doc.metadata.info.creator = "Docket".into();
    doc.metadata.info.producer = "Docket (printpdf)".into();
    let ids =
        std::array::from_fn(|face| (!census.chars[face].is_empty()).then(|| doc.add_font(parsed_face(face))));
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
/// Pages are drawn into content streams of their own (see [`Page`]). When `draw` is done,
/// printpdf builds the document's frame around one page that shows every character the
/// document draws: the metadata, the page tree and the fonts, embedded as subsets of exactly
/// those glyphs. That page tells how the subsets renumbered each glyph; the drawn pages are
/// renumbered and compressed on every core and take its place.
///
/// `draw` reports progress through [`Doc::step`]; `expected_pages` sizes the page list.
pub fn render(
    title: &str,
    expected_pages: usize,
    progress: &super::Progress,
    draw: impl FnOnce(&mut Doc) -> crate::Result<()>,
) -> crate::Result<Pdf> {
    let fonts = FontSet::get();
    let mut doc = Doc {
        fonts,
        census: Rc::default(),
        pages: Vec::with_capacity(expected_pages.min(100_000)),
    };
    draw(&mut doc)?;
    progress.check()?;
    let census = doc.census.take();
    let pages = doc.pages;
    let count = pages.len();
    let bytes = assemble(title, &census, pages)
        .map_err(|e| crate::Error::msg(format!("writing the PDF failed: {e}")))?;
    Ok(Pdf { bytes, pages: count })
}

/// printpdf's document around the census page, then the drawn pages in its place.
fn assemble(title: &str, census: &Census, pages: Vec<RawPage>) -> Result<Vec<u8>, String> {
    let (mut doc, ids) = new_pdf(title, census);
    doc.with_pages(vec![census_page(&ids, census)]);
    let mut lo = printpdf::serialize::to_lopdf_doc(&doc, &save_options(), &mut Vec::new());
    drop(doc);
    let census_id = *lo.get_pages().values().next().ok_or("no census page")?;
    let (remap, fonts_dict) = read_census(&lo, census_id, census)?;

    // renumber and compress on every core, pages kept in order
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .clamp(1, 8);
    let per = pages.len().div_ceil(threads).max(1);
    let mut parts: Vec<Vec<RawPage>> = Vec::new();
    let mut rest = pages.into_iter();
    loop {
        let part: Vec<RawPage> = rest.by_ref().take(per).collect();
        if part.is_empty() {
            break;
        }
        parts.push(part);
    }
    let remap = &remap;
    let sealed: Vec<Vec<SealedPage>> = std::thread::scope(|scope| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| scope.spawn(move || part.into_iter().map(|p| p.seal(remap)).collect::<Vec<_>>()))
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().map_err(|_| "a PDF writer stopped".to_owned()))
            .collect::<Result<_, String>>()
    })?;

    let census_dict = lo.get_dictionary(census_id).map_err(|e| e.to_string())?.clone();
    let parent = census_dict
        .get(b"Parent")
        .and_then(|p| p.as_reference())
        .map_err(|e| e.to_string())?;
    if let Ok(c) = census_dict.get(b"Contents").and_then(|c| c.as_reference()) {
        lo.delete_object(c);
    }
    lo.delete_object(census_id);
    let mut resources = lopdf::Dictionary::new();
    resources.set("Font", fonts_dict);
    let resources = lo.add_object(resources);
    let mut kids = Vec::with_capacity(sealed.iter().map(Vec::len).sum());
    for page in sealed.into_iter().flatten() {
        let contents = lo.add_object(page.stream);
        let media = vec![
            0.into(),
            0.into(),
            lopdf::Object::Real(page.width * PT_PER_MM),
            lopdf::Object::Real(page.height * PT_PER_MM),
        ];
        let mut dict = lopdf::Dictionary::new();
        dict.set("Type", lopdf::Object::Name(b"Page".to_vec()));
        dict.set("Parent", parent);
        dict.set("MediaBox", media);
        dict.set("Contents", contents);
        dict.set("Resources", resources);
        kids.push(lopdf::Object::Reference(lo.add_object(dict)));
    }
    let tree = lo.get_dictionary_mut(parent).map_err(|e| e.to_string())?;
    tree.set("Count", kids.len() as i64);
    tree.set("Kids", kids);
    compress_streams(lo.objects.values_mut());
    let mut out = Vec::new();
    lo.save_to(&mut out).map_err(|e| e.to_string())?;
    Ok(out)
}

/// One page showing every character the document draws, face by face.
fn census_page(ids: &[Option<FontId>; 4], census: &Census) -> PdfPage {
    let mut ops = vec![Op::StartTextSection];
    for (face, chars) in census.chars.iter().enumerate() {
        let Some(id) = &ids[face] else { continue };
        if chars.is_empty() {
            continue;
        }
        ops.push(Op::SetFont {
            font: PdfFontHandle::External(id.clone()),
            size: Pt(10.0),
        });
        ops.push(Op::SetTextMatrix {
            matrix: TextMatrix::Translate(Pt(10.0), Pt(10.0 + face as f32 * 12.0)),
        });
        ops.push(Op::ShowText {
            items: vec![TextItem::Text(chars.iter().map(|&(_, c)| c).collect())],
        });
    }
    ops.push(Op::EndTextSection);
    let mut page = PdfPage::new(printpdf::Mm(100.0), printpdf::Mm(100.0), Vec::new());
    page.ops = ops;
    page
}

/// Reads the census page back: the glyph id printpdf wrote for each character is the
/// subset's id of that glyph, and the font each face was set in is the font object the drawn
/// pages must name. Anything unexpected is an error, never a wrong glyph.
fn read_census(
    lo: &lopdf::Document,
    page: lopdf::ObjectId,
    census: &Census,
) -> Result<(Remap, lopdf::Dictionary), String> {
    let content = lo.get_page_content(page);
    let ops = lopdf::content::Content::decode(&content).map_err(|e| e.to_string())?;
    let resources = lo.get_page_resources(page).map_err(|e| e.to_string())?;
    // the font dictionary's entries, resolved to the objects they name
    let mut font_refs = std::collections::HashMap::new();
    // the page's resources may be inline or referenced, their font dictionary too
    let dicts = resources
        .0
        .into_iter()
        .chain(resources.1.iter().filter_map(|&id| lo.get_dictionary(id).ok()));
    for res in dicts {
        let font_dict = match res.get(b"Font") {
            Ok(lopdf::Object::Reference(r)) => lo.get_dictionary(*r).ok(),
            Ok(lopdf::Object::Dictionary(d)) => Some(d),
            _ => None,
        };
        for (name, value) in font_dict.into_iter().flat_map(|d| d.iter()) {
            font_refs.insert(name.clone(), value.clone());
        }
    }
    let mut faces = census.chars.iter().enumerate().filter(|(_, c)| !c.is_empty());
    let mut remap: Remap = std::array::from_fn(|_| Vec::new());
    let mut fonts = lopdf::Dictionary::new();
    let mut current: Option<Face> = None;
    // the glyph ids shown in each face, in census order
    let mut shown: [Vec<u8>; 4] = Default::default();
    for op in &ops.operations {
        match op.operator.as_str() {
            "Tf" => {
                let name = op
                    .operands
                    .first()
                    .and_then(|o| o.as_name().ok())
                    .ok_or("a census font without a name")?;
                let (face, _) = faces.next().ok_or("more fonts than faces in the census")?;
                let font = font_refs
                    .get(name)
                    .cloned()
                    .ok_or_else(|| format!("the census font of face {face} is missing from the resources"))?;
                fonts.set(&FONT_NAMES[face][1..], font);
                current = Some(face);
            }
            // one string (Tj) or an array of strings and kerning numbers (TJ)
            "Tj" | "TJ" => {
                let face = current.ok_or("census text before its font")?;
                let operand = op.operands.first().ok_or("census text without a string")?;
                let strings: Vec<&lopdf::Object> = match operand {
                    lopdf::Object::Array(items) => items.iter().collect(),
                    other => vec![other],
                };
                for item in strings {
                    if let Ok(bytes) = item.as_str() {
                        shown[face].extend_from_slice(bytes);
                    }
                }
            }
            _ => {}
        }
    }
    if faces.next().is_some() {
        return Err("a census face without its font".into());
    }
    for (face, chars) in census.chars.iter().enumerate() {
        if chars.is_empty() {
            continue;
        }
        let bytes = &shown[face];
        if bytes.len() != chars.len() * 2 {
            return Err(format!(
                "the census of face {face} has {} characters but {} glyphs",
                chars.len(),
                bytes.len() / 2
            ));
        }
        let mut table = vec![0u16; 65536];
        for (pair, &(gid, _)) in bytes.chunks_exact(2).zip(chars) {
            table[usize::from(gid)] = u16::from_be_bytes([pair[0], pair[1]]);
        }
        remap[face] = table;
    }
    for table in &mut remap {
        if table.is_empty() {
            table.resize(65536, 0);
        }
    }
    Ok((remap, fonts))
}

impl Doc {
    pub fn fonts(&self) -> &'static FontSet {
        self.fonts
    }

    /// One item done: counts on `progress`. Fails once cancelled.
    pub fn step(&self, progress: &super::Progress) -> crate::Result<()> {
        progress.step();
        progress.check()
    }

    /// A blank page `width` × `height` mm.
    pub fn page(&self, width: f32, height: f32) -> Page {
        Page::new(width, height, self.fonts, self.census.clone())
    }

    pub fn push(&mut self, page: Page) {
        self.pages.push(page.finish());
    }

    pub fn page_count(&self) -> usize {
        self.pages.len()
    }
}

/// Deflates every stream that has no filter yet, spread over the available cores.
fn compress_streams<'a>(objects: impl Iterator<Item = &'a mut lopdf::Object>) {
    let mut streams: Vec<&mut lopdf::Stream> = objects
        .filter_map(|o| match o {
            lopdf::Object::Stream(s) => Some(s),
            _ => None,
        })
        .collect();
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
///
/// printpdf's own `optimize` compresses with zlib's best (slowest) level on one core; a large
/// label job spent most of its time there. A fast level on every core instead: files a few
/// percent larger, several times faster.
fn compress(s: &mut lopdf::Stream) {
    thread_local! {
        // One deflate state per thread, reset between streams: a fresh one per page allocated
        // ~300 KB each time and fragmented the heap of a large job.
        static DEFLATE: RefCell<flate2::Compress> =
            RefCell::new(flate2::Compress::new(flate2::Compression::new(3), true));
    }
    if s.dict.get(b"Filter").is_ok() || s.content.len() <= 64 {
        return;
    }
    let packed = DEFLATE.with(|z| {
        let mut z = z.borrow_mut();
        z.reset();
        let mut out = Vec::with_capacity(s.content.len() / 3 + 64);
        loop {
            let read = z.total_in() as usize;
            match z.compress_vec(&s.content[read..], &mut out, flate2::FlushCompress::Finish) {
                Ok(flate2::Status::StreamEnd) => return Some(out),
                Ok(_) => out.reserve(out.capacity().max(64)),
                Err(_) => return None,
            }
        }
    });
    if let Some(packed) = packed
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
        FACE_BYTES[face.min(3)]
    }

    /// Glyph id and advance in ems of `c` in `face`: what a run of that face draws for `c`. A
    /// character the face lacks gets glyph 0, the "missing" box, as in the PDF.
    pub fn glyph_in(&self, face: usize, c: char) -> (u16, f32) {
        let data = &self.faces[face.min(3)];
        let gid = data.gid(c);
        (gid, data.advance(gid))
    }
}

impl FontSet {
    /// Glyph id of `c` in `face` (0, the "missing" box, when the face lacks it): what the
    /// content stream shows for a character of a run of that face.
    fn gid_in(&self, face: Face, c: char) -> u16 {
        if c.is_ascii() && face < 2 {
            let g = self.ascii[face][c as usize];
            if g.face == face {
                return g.gid;
            }
        }
        GIDS.with(|cache| {
            *cache
                .borrow_mut()
                .entry((c, face as u8))
                .or_insert_with(|| self.faces[face].gid(c))
        })
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
    fn numbers_are_written_short_and_exact_to_a_hundredth() {
        let cases = [
            (0.0, "0"),
            (1.5, "1.5"),
            (-2.25, "-2.25"),
            (283.46457, "283.46"),
            (0.004, "0"),
            (-0.004, "0"),
            (10.1, "10.1"),
            (1234567.0, "1234567"),
        ];
        for (v, want) in cases {
            let mut out = Vec::new();
            put_num(&mut out, v);
            assert_eq!(String::from_utf8(out).unwrap(), want, "{v}");
        }
    }

    /// Pages drawn straight into content streams: text shows the subset's glyph ids (read back
    /// through the fonts' ToUnicode maps), a page without text needs no font, and each page
    /// keeps its own size.
    #[test]
    fn drawn_pages_come_back_with_their_text_and_sizes() {
        let progress = crate::print::Progress::new();
        let pdf = render("t", 3, &progress, |doc| {
            let mut p = doc.page(100.0, 150.0);
            p.text(5.0, 10.0, Style::bold(12.0), "Łódź 迅达 Ромашка ✓");
            p.line(0.0, 0.0, 10.0, 10.0, 0.3);
            doc.push(p);
            let mut p = doc.page(58.0, 40.0);
            p.fill(&[Area::new(1.0, 1.0, 5.0, 5.0)], 0.5);
            doc.push(p);
            Ok(())
        })
        .unwrap();
        assert_eq!(pdf.pages, 2);
        let lo = lopdf::Document::load_mem(&pdf.bytes).unwrap();
        let pages: Vec<_> = lo.get_pages().into_values().collect();
        assert_eq!(pages.len(), 2);
        let text = lo.extract_text(&[1]).unwrap();
        for word in ["Łódź", "迅达", "Ромашка", "✓"] {
            assert!(text.contains(word), "{word} in {text:?}");
        }
        let media = |id| -> Vec<f32> {
            lo.get_dictionary(id)
                .unwrap()
                .get(b"MediaBox")
                .unwrap()
                .as_array()
                .unwrap()
                .iter()
                .map(|o| o.as_float().unwrap())
                .collect()
        };
        assert!((media(pages[0])[2] / PT_PER_MM - 100.0).abs() < 0.01);
        assert!((media(pages[1])[3] / PT_PER_MM - 40.0).abs() < 0.01);

        let blank = render("blank", 1, &progress, |doc| {
            let mut p = doc.page(50.0, 50.0);
            p.frame(Area::new(1.0, 1.0, 10.0, 10.0), 0.2);
            doc.push(p);
            Ok(())
        })
        .unwrap();
        let lo = lopdf::Document::load_mem(&blank.bytes).unwrap();
        assert_eq!(lo.get_pages().len(), 1);
    }

    /// Layout reads glyphs and advances with skrifa; printpdf embeds the fonts and writes the
    /// census with its own parse. Both must agree on every face, or text would be measured
    /// with one glyph and drawn with another.
    #[test]
    fn skrifa_and_printpdf_agree_on_glyphs_and_advances() {
        let f = FontSet::get();
        let sample: String = (' '..='~')
            .chain("ąćęłńóśźżĄĆĘŁŃÓŚŹŻЁёЖжЩщЯя«»—–…№·€✓✗☐迅达物流配送中心顺和贸易（上海）有限公司".chars())
            .collect();
        for face in 0..4 {
            let parsed = parsed_face(face);
            let upem = f32::from(parsed.pdf_font_metrics.units_per_em.max(1));
            for c in sample.chars() {
                let ours = f.faces[face].gid(c);
                let theirs = parsed.lookup_glyph_index(c as u32).unwrap_or(0);
                assert_eq!(ours, theirs, "glyph of {c:?} in face {face}");
                if ours != 0 {
                    let a = f.faces[face].advance(ours);
                    let b = f32::from(parsed.get_horizontal_advance(ours)) / upem;
                    assert!(
                        (a - b).abs() < 1e-4,
                        "advance of {c:?} in face {face}: {a} vs {b}"
                    );
                }
            }
        }
    }

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

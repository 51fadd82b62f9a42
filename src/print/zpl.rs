//! Box labels as ZPL II for Zebra-compatible thermal printers, sent raw (`lp -o raw`): the same
//! content and layout as the PDF labels of [`super::labels`], for 203 dpi (8 dots/mm) and
//! 300 dpi (12 dots/mm) printers. One `^XA … ^XZ` format per label.
//!
//! The choices, and why:
//! - **Text is bitmaps** (`^GFA`). Printer-resident fonts cannot be relied on for Cyrillic,
//!   Chinese or Polish, so every line is rasterised here from the fonts in `assets/fonts`, with
//!   the PDF's font runs, shrinking, wrapping and "…", and sent as a graphic field in ZPL's
//!   ASCII compression (repeat counts `G`–`z`, `,` and `:`), which every ZPL II printer and
//!   emulation reads. Glyphs are hinted for monochrome output (Noto Sans by its own TrueType
//!   instructions, the CJK and symbol faces by the automatic hinter), so stems and x-heights
//!   land on whole dots and 4-point text stays legible at 203 dpi. `^CI28` still declares
//!   field data UTF-8.
//! - **The SSCC is a native `^BC`** in mode N with invocation codes: `^FD>;>800` and the 18
//!   digits. `>;` is start code C and `>8` is FNC1, so the symbol is start C, FNC1, `00`, the
//!   digit pairs, checksum, stop: GS1-128, symbol for symbol what [`super::barcode::sscc_bars`]
//!   draws in the PDF. The printer lays the bars in whole dots, sharper than a bitmap of ours.
//!   Mode D (UCC/EAN) would also give GS1-128 but exists only from firmware x.11 on and adds
//!   check digits by its own rules; mode U pads to 19 digits. Invocation codes work on every
//!   ZPL II firmware and emulation, and the ZPL II guide's own SSCC example is written this way
//!   (with the human-readable line as a separate field). The interpretation line is off
//!   (`^BCN,h,N,N,N,N`, no UCC mod-10 digit added: ours is in the 18): "(00) …" is our text, in
//!   the PDF's place and font.
//! - **Module width** (`^BY`): whole dots, the PDF's module rounded up, but never so wide that
//!   the symbol with its 10-module quiet zones leaves the PDF's barcode area: 0.5 mm on
//!   100×150 and 100×100 at both resolutions (GS1's minimum for logistic labels is 0.495 mm),
//!   0.25 mm on 58×40.
//! - Rules are `^GB` boxes. Darkness, speed, media and tear-off stay the printer's settings: a
//!   format sets only what the layout needs (`^PW`, `^LL`, `^LH0,0`).
//!
//! The layout is [`label_marks`]: the layout functions of `labels.rs` themselves, drawn on a
//! recorder of marks in mm (a test compares them with the PDF's text positions). Rendering puts mm × dots/mm on the
//! dot grid. Rasterised glyphs are cached per (face, glyph, size) and finished lines per text,
//! so a long job rasterises each glyph and each repeated line (sender, captions) once.

use std::collections::HashMap;
use std::fmt::Write as _;

use skrifa::instance::{LocationRef, Size};
use skrifa::outline::{
    DrawSettings, Engine, GlyphStyles, HintingInstance, HintingOptions, OutlinePen, Target,
};
use skrifa::{FontRef, GlyphId, MetadataProvider, OutlineGlyphCollection};

use super::Progress;
use super::barcode;
use super::labels::{BoxLabel, LabelSize, Surface, draw_thermal, sscc_error};
use super::pdf::{Align, Area, FontSet, PT_PER_MM, Style, Weight, fit_box, fit_line};

/// Dots per millimetre of a printer resolution: 203 dpi is 8 dots/mm, 300 dpi 12.
pub fn dots_per_mm(dpi: u16) -> crate::Result<u32> {
    match dpi {
        203 => Ok(8),
        300 => Ok(12),
        _ => Err(crate::Error::msg(format!(
            "ZPL labels are made for 203 or 300 dpi printers, not {dpi} dpi"
        ))),
    }
}

/// The labels as ZPL, one `^XA … ^XZ` format per label, for a printer of `dpi` (203 or 300).
/// Checks `progress` for cancellation after every label. A4 is refused: it is a sheet for
/// office printers, not thermal label stock.
pub fn labels_zpl(
    labels: &[BoxLabel],
    size: LabelSize,
    dpi: u16,
    progress: &Progress,
) -> crate::Result<Vec<u8>> {
    if size == LabelSize::A4 {
        return Err(crate::Error::msg(
            "A4 sheets are not thermal labels: for ZPL choose 100x150, 100x100 or 58x40",
        ));
    }
    let dpmm = dots_per_mm(dpi)?;
    progress.set_total(labels.len());
    let mut zpl = Zpl::new(dpmm);
    let mut out = String::with_capacity(labels.len().min(10_000) * 6_000);
    for label in labels {
        let marks = label_marks(label, size)?;
        zpl.label(&mut out, size, &marks);
        progress.step();
        progress.check()?;
    }
    Ok(out.into_bytes())
}

// ---------------------------------------------------------------------------------------------
// Layout: the PDF label's drawing calls, recorded

/// One thing drawn on a label, in mm from the label's top-left corner.
#[derive(Debug, Clone)]
pub enum Mark {
    /// One line of text, already fitted: baseline at `y`, starting at `x`.
    Text {
        x: f32,
        y: f32,
        style: Style,
        text: String,
    },
    /// A horizontal rule from `x1` to `x2`, centred on `y`, `width` mm thick.
    Rule { x1: f32, x2: f32, y: f32, width: f32 },
    /// The GS1-128 barcode of the SSCC `digits` (18, check digit included), centred in `area`
    /// with bars `area.h` tall, preferring a module `module` mm wide. `modules` is the
    /// symbol's width in modules, quiet zones not included.
    Sscc {
        area: Area,
        module: f32,
        digits: String,
        modules: u32,
    },
}

/// Records what `labels.rs` draws on a PDF page, with the same fitting rules.
struct Marks {
    fonts: &'static FontSet,
    marks: Vec<Mark>,
}

impl Marks {
    fn text(&mut self, x: f32, y: f32, style: Style, text: &str) {
        if !text.is_empty() {
            self.marks.push(Mark::Text {
                x,
                y,
                style,
                text: text.to_owned(),
            });
        }
    }

    fn text_aligned(&mut self, x: f32, y: f32, w: f32, align: Align, style: Style, text: &str) {
        let tw = self.fonts.width_mm(text, style.size, style.weight);
        let x = match align {
            Align::Left => x,
            Align::Center => x + (w - tw) / 2.0,
            Align::Right => x + w - tw,
        };
        self.text(x, y, style, text);
    }
}

impl Surface for Marks {
    fn text_fit(&mut self, x: f32, y: f32, w: f32, align: Align, style: Style, min_size: f32, text: &str) {
        let (size, line) = fit_line(self.fonts, text, w, style, min_size);
        self.text_aligned(x, y, w, align, Style { size, ..style }, &line);
    }

    fn text_box(&mut self, area: Area, align: Align, style: Style, min_size: f32, text: &str) {
        let (size, lines) = fit_box(self.fonts, text, area.w, area.h, style, min_size);
        let st = Style { size, ..style };
        let mut y = area.y + st.ascent_mm();
        for line in &lines {
            self.text_aligned(area.x, y, area.w, align, st, line);
            y += st.leading_mm();
        }
    }

    fn rule(&mut self, x1: f32, y: f32, x2: f32, width: f32) {
        self.marks.push(Mark::Rule { x1, x2, y, width });
    }

    fn sscc(&mut self, label: &BoxLabel, area: Area, module: f32) -> crate::Result<String> {
        let symbols = barcode::gs1_128_symbols(&[("00", &label.sscc)]).map_err(|e| sscc_error(label, e))?;
        let hr = barcode::gs1_human_readable(&[("00", &label.sscc)]);
        let digits = hr.trim_start_matches("(00) ").to_owned();
        // every symbol is 11 modules, the stop 13
        let modules = 11 * (symbols.len() as u32 - 1) + 13;
        self.marks.push(Mark::Sscc {
            area,
            module,
            digits,
            modules,
        });
        Ok(hr)
    }
}

/// What one label is made of, in mm: the layout of `labels.rs` for `size` itself (A4
/// has none here).
pub fn label_marks(l: &BoxLabel, size: LabelSize) -> crate::Result<Vec<Mark>> {
    let mut page = Marks {
        fonts: FontSet::get(),
        marks: Vec::with_capacity(32),
    };
    draw_thermal(&mut page, size, l)?;
    Ok(page.marks)
}

// ---------------------------------------------------------------------------------------------
// Rendering: marks to ZPL

/// Module width in whole dots for a symbol of `modules` modules in an area `area_dots` wide:
/// the preferred module rounded up, unless the symbol and its two 10-module quiet zones would
/// then be wider than the area; then the widest that fits (at least 1 dot).
fn module_dots(preferred_dots: f32, modules: u32, area_dots: f32) -> u32 {
    let wanted = (preferred_dots - 1e-3).ceil().max(1.0) as u32;
    let widest = (area_dots / (modules + 20) as f32).floor().max(1.0) as u32;
    wanted.min(widest)
}

/// Turns marks into ZPL formats; keeps the glyph and line caches of one job.
struct Zpl {
    dpmm: f32,
    fonts: &'static FontSet,
    outlines: [OutlineGlyphCollection<'static>; 4],
    /// How each face is hinted: its own TrueType instructions (Noto Sans) or the automatic
    /// hinter with the face's glyph styles, computed once.
    engines: [Engine; 4],
    /// Hinting instances per (face, quarter dots per em); `None` where hinting failed.
    hinters: HashMap<(u8, u32), Option<HintingInstance>>,
    glyphs: HashMap<GlyphKey, Bitmap>,
    lines: HashMap<LineKey, Line>,
}

/// A glyph of one face at one size, the size in quarter dots per em.
type GlyphKey = (u8, u16, u32);
/// A line of text: the text, its size (f32 bits) and whether it is bold.
type LineKey = (String, u32, bool);

/// Ends a label format. A constant, because the i18n test's scan for translated strings would
/// take a string literal pushed onto a String for one.
const END_FORMAT: &str = "^XZ\n";

/// A dot is black when at least this much of it is inside the glyph. Below one half, so that
/// hairlines at the smallest sizes (commas, hyphens, CJK strokes) keep a dot; hinting has
/// already snapped stems and heights to whole dots.
const INK: f32 = 0.38;

/// Lines kept for reuse, at most; past that the cache starts over (labels of a long job
/// mostly differ, only their sender and captions repeat).
const MAX_LINES: usize = 2_000;
/// Glyphs kept, at most: shrunk lines make many sizes.
const MAX_GLYPHS: usize = 20_000;

/// A 1-bit image: `w` × `h` pixels, one byte each (0 or 1), placed at (`x`, `y`) dots from
/// an origin (a glyph's pen position on its baseline, or a line's).
#[derive(Debug, Clone, Default)]
struct Bitmap {
    x: i32,
    y: i32,
    w: usize,
    h: usize,
    pixels: Vec<u8>,
}

/// A rendered line: its bitmap relative to the line's origin (rounded to whole dots) and, when
/// not empty, its graphic field as ZPL.
struct Line {
    bitmap: Bitmap,
    field: String,
}

impl Zpl {
    fn new(dpmm: u32) -> Zpl {
        let outlines = [0, 1, 2, 3].map(|face| {
            // the shipped fonts parse (a test in pdf.rs); a failure here is a build defect
            let font = FontRef::new(FontSet::face_bytes(face)).expect("shipped font parses");
            font.outline_glyphs()
        });
        let engines = [0, 1, 2, 3].map(|face| {
            let o: &OutlineGlyphCollection = &outlines[face];
            if o.prefer_interpreter() {
                Engine::Interpreter
            } else {
                Engine::Auto(Some(GlyphStyles::new(o)))
            }
        });
        Zpl {
            dpmm: dpmm as f32,
            fonts: FontSet::get(),
            outlines,
            engines,
            hinters: HashMap::new(),
            glyphs: HashMap::new(),
            lines: HashMap::new(),
        }
    }

    fn dots(&self, mm: f32) -> i32 {
        (mm * self.dpmm).round() as i32
    }

    /// Appends the format of one label.
    fn label(&mut self, out: &mut String, size: LabelSize, marks: &[Mark]) {
        let (w, h) = size.page_mm();
        let (pw, ll) = (self.dots(w), self.dots(h));
        let _ = write!(out, "^XA\n^CI28\n^PW{pw}\n^LL{ll}\n^LH0,0\n");
        for mark in marks {
            match mark {
                Mark::Text { x, y, style, text } => self.text(out, (pw, ll), *x, *y, *style, text),
                Mark::Rule { x1, x2, y, width } => {
                    let t = self.dots(*width).max(1);
                    let (x, top) = (self.dots(*x1), self.dots(*y - width / 2.0));
                    let len = self.dots(*x2) - x;
                    let _ = writeln!(out, "^FO{x},{top}^GB{len},{t},{t}^FS");
                }
                Mark::Sscc {
                    area,
                    module,
                    digits,
                    modules,
                } => {
                    let area_w = area.w * self.dpmm;
                    let m = module_dots(module * self.dpmm, *modules, area_w);
                    let width = (m * modules) as f32;
                    let x = (area.x * self.dpmm + (area_w - width) / 2.0).round() as i32;
                    let (top, bar_h) = (self.dots(area.y), self.dots(area.h));
                    let _ = writeln!(
                        out,
                        "^BY{m},3,{bar_h}\n^FO{x},{top}^BCN,{bar_h},N,N,N,N^FD>;>800{digits}^FS"
                    );
                }
            }
        }
        out.push_str(END_FORMAT);
    }

    /// One line of text as a graphic field, cut to the label (`pw` × `ll` dots) if it would
    /// leave it.
    fn text(&mut self, out: &mut String, (pw, ll): (i32, i32), x: f32, y: f32, style: Style, text: &str) {
        let key = (
            text.to_owned(),
            style.size.to_bits(),
            style.weight == Weight::Bold,
        );
        if !self.lines.contains_key(&key) {
            if self.lines.len() >= MAX_LINES {
                self.lines.clear();
            }
            let bitmap = self.render_line(text, style);
            let field = graphic_field(&bitmap);
            self.lines.insert(key.clone(), Line { bitmap, field });
        }
        let line = &self.lines[&key];
        let b = &line.bitmap;
        if b.w == 0 {
            return;
        }
        let (ox, oy) = (self.dots(x) + b.x, self.dots(y) + b.y);
        let padded = b.w.div_ceil(8) as i32 * 8;
        if ox >= 0 && oy >= 0 && ox + padded <= pw && oy + b.h as i32 <= ll {
            let _ = writeln!(out, "^FO{ox},{oy}{}^FS", line.field);
            return;
        }
        // Nothing leaves the label: keep the part inside, in whole bytes from the left.
        let (left, top) = ((-ox).max(0) as usize, (-oy).max(0) as usize);
        let right = (b.w as i32)
            .min((pw - ox - left as i32) / 8 * 8 + left as i32)
            .max(0) as usize;
        let bottom = (b.h as i32).min(ll - oy).max(0) as usize;
        if right <= left || bottom <= top {
            return;
        }
        let cut = Bitmap {
            x: 0,
            y: 0,
            w: right - left,
            h: bottom - top,
            pixels: (top..bottom)
                .flat_map(|r| b.pixels[r * b.w + left..r * b.w + right].iter().copied())
                .collect(),
        };
        let field = graphic_field(&cut);
        let _ = writeln!(out, "^FO{},{}{field}^FS", ox + left as i32, oy + top as i32);
    }

    /// The line rasterised with its baseline at y = 0 and its start at x = 0: the PDF's runs,
    /// each glyph at its pen position rounded to a whole dot. Trimmed to the ink.
    fn render_line(&mut self, text: &str, style: Style) -> Bitmap {
        let em_dots = style.size / PT_PER_MM * self.dpmm;
        let size_key = (em_dots * 4.0).round() as u32;
        let mut placed: Vec<(GlyphKey, i32)> = Vec::with_capacity(text.len());
        let mut run_start = 0.0f32;
        for run in self.fonts.runs(text, style.weight) {
            let face = run.face();
            let mut pen = run_start;
            for c in run.text.chars() {
                let (gid, advance) = self.fonts.glyph_in(face, c);
                if !c.is_whitespace() {
                    placed.push(((face as u8, gid, size_key), pen.round() as i32));
                }
                pen += advance * em_dots;
            }
            run_start += run.width_em * em_dots;
        }
        if self.glyphs.len() >= MAX_GLYPHS {
            self.glyphs.clear();
            self.hinters.clear();
        }
        for &(key, _) in &placed {
            if !self.glyphs.contains_key(&key) {
                let hinter = (key.0, key.2);
                if !self.hinters.contains_key(&hinter) {
                    let options = HintingOptions {
                        engine: self.engines[usize::from(key.0)].clone(),
                        target: Target::Mono,
                    };
                    let size = Size::new(key.2 as f32 / 4.0);
                    let outlines = &self.outlines[usize::from(key.0)];
                    let instance = HintingInstance::new(outlines, size, LocationRef::default(), options).ok();
                    self.hinters.insert(hinter, instance);
                }
                let bitmap = self.rasterise(key);
                self.glyphs.insert(key, bitmap);
            }
        }
        let glyphs: Vec<(&Bitmap, i32)> = placed
            .iter()
            .map(|(key, pen)| (&self.glyphs[key], *pen))
            .filter(|(g, _)| g.w > 0)
            .collect();
        let Some(x0) = glyphs.iter().map(|(g, pen)| pen + g.x).min() else {
            return Bitmap::default();
        };
        let x1 = glyphs
            .iter()
            .map(|(g, pen)| pen + g.x + g.w as i32)
            .max()
            .unwrap_or(x0);
        let y0 = glyphs.iter().map(|(g, _)| g.y).min().unwrap_or(0);
        let y1 = glyphs.iter().map(|(g, _)| g.y + g.h as i32).max().unwrap_or(y0);
        let (w, h) = ((x1 - x0) as usize, (y1 - y0) as usize);
        let mut pixels = vec![0u8; w * h];
        for (g, pen) in glyphs {
            let (gx, gy) = ((pen + g.x - x0) as usize, (g.y - y0) as usize);
            for r in 0..g.h {
                let dst = &mut pixels[(gy + r) * w + gx..][..g.w];
                for (d, s) in dst.iter_mut().zip(&g.pixels[r * g.w..][..g.w]) {
                    *d |= s;
                }
            }
        }
        Bitmap {
            x: x0,
            y: y0,
            w,
            h,
            pixels,
        }
    }

    /// One glyph at `em` quarter-dots per em, pen at (0, 0) on the baseline, y down.
    fn rasterise(&self, (face, gid, quarter_em): GlyphKey) -> Bitmap {
        let Some(glyph) = self.outlines[usize::from(face)].get(GlyphId::new(u32::from(gid))) else {
            return Bitmap::default();
        };
        let mut path = Path::default();
        let hinted = match self.hinters.get(&(face, quarter_em)) {
            Some(Some(hinter)) => glyph.draw(DrawSettings::hinted(hinter, false), &mut path).is_ok(),
            _ => false,
        };
        if !hinted {
            path = Path::default();
            let settings = DrawSettings::unhinted(Size::new(quarter_em as f32 / 4.0), LocationRef::default());
            if glyph.draw(settings, &mut path).is_err() {
                return Bitmap::default();
            }
        }
        path.fill()
    }
}

/// `^GFA,total,total,row bytes,data` for a bitmap: 1 bits are black, most significant bit
/// first, the data hex in ZPL's ASCII compression.
fn graphic_field(b: &Bitmap) -> String {
    if b.w == 0 || b.h == 0 {
        return String::new();
    }
    let row_bytes = b.w.div_ceil(8);
    let mut packed = vec![0u8; row_bytes * b.h];
    for (r, row) in b.pixels.chunks_exact(b.w).enumerate() {
        for (c, &p) in row.iter().enumerate() {
            if p != 0 {
                packed[r * row_bytes + c / 8] |= 0x80 >> (c % 8);
            }
        }
    }
    let total = packed.len();
    let mut out = format!("^GFA,{total},{total},{row_bytes},");
    compress_rows(&packed, row_bytes, &mut out);
    out
}

/// ZPL's ASCII compression of graphic rows: `:` repeats the previous row, `,` fills the rest of
/// a row with zeros (from a byte boundary), and a run of one hex digit is written as its count —
/// `G`..`Y` for 1..19, `g`..`z` for 20..400, added up — and the digit.
///
/// `!` ("fill with ones") is not used: the manual leaves open whether it means black dots or
/// hex digit 1, and renderers differ (zebrash draws every fourth dot), while a count and `F`
/// mean the same everywhere.
fn compress_rows(packed: &[u8], row_bytes: usize, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut hex = Vec::with_capacity(row_bytes * 2);
    let mut previous: Option<&[u8]> = None;
    for row in packed.chunks_exact(row_bytes) {
        if previous == Some(row) {
            out.push(':');
            continue;
        }
        previous = Some(row);
        hex.clear();
        for b in row {
            hex.push(HEX[usize::from(b >> 4)]);
            hex.push(HEX[usize::from(b & 15)]);
        }
        // the fill starts at a byte boundary: keep one digit of a half-filled byte
        let zeros = hex.iter().rev().take_while(|&&h| h == b'0').count();
        let end = (hex.len() - zeros).next_multiple_of(2);
        let mut i = 0;
        while i < end {
            let digit = hex[i];
            let run = hex[i..end].iter().take_while(|&&h| h == digit).count();
            if run > 2 {
                push_count(out, run);
            } else if run == 2 {
                out.push(char::from(digit));
            }
            out.push(char::from(digit));
            i += run;
        }
        if end < hex.len() {
            out.push(',');
        }
    }
}

/// A repeat count in ZPL's letters: `z` per 400, then one of `g`..`y` (20..380), then one of
/// `G`..`Y` (1..19).
fn push_count(out: &mut String, mut n: usize) {
    while n >= 400 {
        out.push('z');
        n -= 400;
    }
    if n >= 20 {
        out.push(char::from(b'g' + (n / 20 - 1) as u8));
        n %= 20;
    }
    if n > 0 {
        out.push(char::from(b'G' + (n - 1) as u8));
    }
}

// ---------------------------------------------------------------------------------------------
// Rasterising outlines

/// A glyph outline flattened to line segments, in dots, y up.
#[derive(Default)]
struct Path {
    segments: Vec<[(f32, f32); 2]>,
    start: (f32, f32),
    pen: (f32, f32),
}

impl Path {
    fn segment(&mut self, to: (f32, f32)) {
        if to != self.pen {
            self.segments.push([self.pen, to]);
        }
        self.pen = to;
    }

    /// Curves become `n` straight pieces, `n` growing with how far the curve bends: within a
    /// few hundredths of a dot.
    fn pieces(bend: f32) -> usize {
        (1.0 + (3.0 * bend).sqrt()).clamp(1.0, 64.0) as usize
    }

    /// The area inside the outline (non-zero winding), pixels at least half covered set.
    fn fill(&self) -> Bitmap {
        let (mut x0, mut y0, mut x1, mut y1) = (f32::MAX, f32::MAX, f32::MIN, f32::MIN);
        for &[a, b] in &self.segments {
            for (x, y) in [a, b] {
                (x0, y0, x1, y1) = (x0.min(x), y0.min(y), x1.max(x), y1.max(y));
            }
        }
        if self.segments.is_empty() || x1 <= x0 || y1 <= y0 {
            return Bitmap::default();
        }
        // one spare column on each side keeps every edge's cells inside the row
        let left = x0.floor() as i32 - 1;
        let top = y1.ceil() as i32;
        let w = (x1.ceil() as i32 - left + 1) as usize;
        let h = (top - y0.floor() as i32) as usize;
        let mut raster = Raster::new(w, h);
        for &[a, b] in &self.segments {
            let p = |(x, y): (f32, f32)| (x - left as f32, top as f32 - y);
            raster.line(p(a), p(b));
        }
        let coverage = raster.coverage();
        // trim to the ink
        let ink = |r: usize, c: usize| coverage[r * w + c] >= INK;
        let rows: Vec<usize> = (0..h).filter(|&r| (0..w).any(|c| ink(r, c))).collect();
        let cols: Vec<usize> = (0..w).filter(|&c| (0..h).any(|r| ink(r, c))).collect();
        let (Some(&r0), Some(&r1), Some(&c0), Some(&c1)) =
            (rows.first(), rows.last(), cols.first(), cols.last())
        else {
            return Bitmap::default();
        };
        let (bw, bh) = (c1 - c0 + 1, r1 - r0 + 1);
        let pixels = (r0..=r1)
            .flat_map(|r| (c0..=c1).map(move |c| (r, c)))
            .map(|(r, c)| u8::from(ink(r, c)))
            .collect();
        Bitmap {
            x: left + c0 as i32,
            y: -top + r0 as i32,
            w: bw,
            h: bh,
            pixels,
        }
    }
}

impl OutlinePen for Path {
    fn move_to(&mut self, x: f32, y: f32) {
        self.close();
        self.start = (x, y);
        self.pen = (x, y);
    }

    fn line_to(&mut self, x: f32, y: f32) {
        self.segment((x, y));
    }

    fn quad_to(&mut self, cx: f32, cy: f32, x: f32, y: f32) {
        let (px, py) = self.pen;
        let bend = ((px - 2.0 * cx + x).powi(2) + (py - 2.0 * cy + y).powi(2)).sqrt();
        let n = Self::pieces(bend);
        for i in 1..=n {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            let (a, b, c) = (u * u, 2.0 * u * t, t * t);
            self.segment((a * px + b * cx + c * x, a * py + b * cy + c * y));
        }
    }

    fn curve_to(&mut self, cx0: f32, cy0: f32, cx1: f32, cy1: f32, x: f32, y: f32) {
        let (px, py) = self.pen;
        let bend = ((px - 2.0 * cx0 + cx1).hypot(py - 2.0 * cy0 + cy1))
            .max((cx0 - 2.0 * cx1 + x).hypot(cy0 - 2.0 * cy1 + y));
        let n = Self::pieces(1.5 * bend);
        for i in 1..=n {
            let t = i as f32 / n as f32;
            let u = 1.0 - t;
            let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
            self.segment((
                a * px + b * cx0 + c * cx1 + d * x,
                a * py + b * cy0 + c * cy1 + d * y,
            ));
        }
    }

    fn close(&mut self) {
        let start = self.start;
        self.segment(start);
    }
}

/// Exact area coverage of straight edges (the signed-area accumulation of font-rs): each edge
/// adds, to the cells of each row it crosses, how much of the row lies right of it; a running
/// sum along the buffer then gives each pixel's covered area.
struct Raster {
    w: usize,
    h: usize,
    acc: Vec<f32>,
}

impl Raster {
    fn new(w: usize, h: usize) -> Raster {
        Raster {
            w,
            h,
            acc: vec![0.0; w * h + 1],
        }
    }

    /// An edge between two points inside the raster (y down).
    fn line(&mut self, p: (f32, f32), q: (f32, f32)) {
        if (p.1 - q.1).abs() <= f32::EPSILON {
            return;
        }
        let (dir, p, q) = if p.1 < q.1 { (1.0, p, q) } else { (-1.0, q, p) };
        let dxdy = (q.0 - p.0) / (q.1 - p.1);
        let mut x = p.0;
        let first = p.1.max(0.0) as usize;
        let last = (q.1.ceil() as usize).min(self.h);
        for row in first..last {
            let start = row * self.w;
            let dy = ((row + 1) as f32).min(q.1) - (row as f32).max(p.1);
            let x_next = x + dxdy * dy;
            let d = dy * dir;
            let (xa, xb) = if x < x_next { (x, x_next) } else { (x_next, x) };
            let xa_floor = xa.floor();
            let ia = xa_floor as usize;
            let xb_ceil = xb.ceil();
            let ib = xb_ceil as usize;
            if ib <= ia + 1 {
                // within one cell: split by the edge's mean x
                let xm = 0.5 * (x + x_next) - xa_floor;
                self.acc[start + ia] += d - d * xm;
                self.acc[start + ia + 1] += d * xm;
            } else {
                let s = (xb - xa).recip();
                let fa = xa - xa_floor;
                let a0 = 0.5 * s * (1.0 - fa) * (1.0 - fa);
                let fb = xb - xb_ceil + 1.0;
                let am = 0.5 * s * fb * fb;
                self.acc[start + ia] += d * a0;
                if ib == ia + 2 {
                    self.acc[start + ia + 1] += d * (1.0 - a0 - am);
                } else {
                    let a1 = s * (1.5 - fa);
                    self.acc[start + ia + 1] += d * (a1 - a0);
                    for cell in ia + 2..ib - 1 {
                        self.acc[start + cell] += d * s;
                    }
                    let a2 = a1 + (ib - ia - 3) as f32 * s;
                    self.acc[start + ib - 1] += d * (1.0 - a2 - am);
                }
                self.acc[start + ib] += d * am;
            }
            x = x_next;
        }
    }

    /// Covered area of each pixel, 0 to 1, row by row.
    fn coverage(&self) -> Vec<f32> {
        let mut sum = 0.0;
        self.acc[..self.w * self.h]
            .iter()
            .map(|a| {
                sum += a;
                sum.abs().min(1.0)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Expands ZPL's ASCII compression back to rows of bytes.
    fn expand(data: &str, row_bytes: usize, rows: usize) -> Vec<u8> {
        let mut out: Vec<u8> = Vec::new();
        let mut row = String::new();
        let mut count = 0usize;
        let flush = |row: &mut String, out: &mut Vec<u8>| {
            assert!(row.len() <= row_bytes * 2, "row too long: {row}");
            while row.len() < row_bytes * 2 {
                row.push('0');
            }
            for i in 0..row_bytes {
                out.push(u8::from_str_radix(&row[2 * i..2 * i + 2], 16).unwrap());
            }
            row.clear();
        };
        for c in data.chars() {
            match c {
                'G'..='Y' => count += c as usize - 'G' as usize + 1,
                'g'..='z' => count += (c as usize - 'g' as usize + 1) * 20,
                ',' | '!' => {
                    assert_eq!(row.len() % 2, 0, "fill in the middle of a byte");
                    let fill = if c == ',' { '0' } else { 'F' };
                    while row.len() < row_bytes * 2 {
                        row.push(fill);
                    }
                    flush(&mut row, &mut out);
                }
                ':' => {
                    assert!(row.is_empty());
                    let prev = out[out.len() - row_bytes..].to_vec();
                    out.extend(prev);
                }
                _ => {
                    assert!(c.is_ascii_hexdigit(), "{c:?}");
                    for _ in 0..count.max(1) {
                        row.push(c);
                    }
                    count = 0;
                    if row.len() == row_bytes * 2 {
                        flush(&mut row, &mut out);
                    }
                }
            }
        }
        assert!(row.is_empty());
        assert_eq!(out.len(), row_bytes * rows);
        out
    }

    #[test]
    fn repeat_counts() {
        let count = |n| {
            let mut s = String::new();
            push_count(&mut s, n);
            s
        };
        assert_eq!(count(1), "G");
        assert_eq!(count(7), "M");
        assert_eq!(count(19), "Y");
        assert_eq!(count(20), "g");
        assert_eq!(count(40), "h");
        assert_eq!(count(327), "vM");
        assert_eq!(count(400), "z");
        assert_eq!(count(845), "zzhK");
    }

    #[test]
    fn compression_roundtrips() {
        let rows: Vec<Vec<u8>> = vec![
            vec![0; 6],
            vec![0xFF; 6],
            vec![0xF0, 0, 0, 0, 0, 0],
            vec![0xF0, 0, 0, 0, 0, 0],
            vec![0x12, 0x34, 0x56, 0x78, 0x9A, 0xBC],
            vec![0, 0, 0, 0, 0, 0x0F],
            vec![0xAB, 0xFF, 0xFF, 0xFF, 0xFF, 0xF0],
            vec![0x0F, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF],
            vec![0x11, 0x11, 0x11, 0x11, 0x11, 0x10],
        ];
        let packed = rows.concat();
        let mut s = String::new();
        compress_rows(&packed, 6, &mut s);
        assert_eq!(expand(&s, 6, rows.len()), packed);
        assert!(s.starts_with(",RFF0,:"), "{s}");
        assert!(!s.contains('!'));
        // long runs: 300 bytes of one row
        let long: Vec<u8> = (0..600).map(|i| if i % 300 < 250 { 0xAA } else { 0 }).collect();
        let mut s = String::new();
        compress_rows(&long, 300, &mut s);
        assert_eq!(s, "zkA,:");
        assert_eq!(expand(&s, 300, 2), long);
    }

    #[test]
    fn raster_covers_areas_exactly() {
        // a 3 × 2 rectangle at (1.5, 1.25): 6 square dots of ink
        let mut r = Raster::new(8, 6);
        let pts = [(1.5, 1.25), (4.5, 1.25), (4.5, 3.25), (1.5, 3.25)];
        for i in 0..4 {
            r.line(pts[i], pts[(i + 1) % 4]);
        }
        let cov = r.coverage();
        let total: f32 = cov.iter().sum();
        assert!((total - 6.0).abs() < 1e-4, "{total}");
        assert!((cov[2 * 8 + 2] - 1.0).abs() < 1e-5);
        assert!((cov[8 + 1] - 0.375).abs() < 1e-5, "{}", cov[9]);
        // a diagonal triangle: half of a 4 × 4 square
        let mut r = Raster::new(6, 5);
        let pts = [(0.5, 0.5), (4.5, 4.5), (0.5, 4.5)];
        for i in 0..3 {
            r.line(pts[i], pts[(i + 1) % 3]);
        }
        let total: f32 = r.coverage().iter().sum();
        assert!((total - 8.0).abs() < 1e-4, "{total}");
    }

    #[test]
    fn glyphs_rasterise_at_their_size() {
        let mut z = Zpl::new(8);
        // "H" of Noto Sans Bold at 30 pt on 8 dots/mm: cap height 0.714 em
        let fonts = FontSet::get();
        let (gid, _) = fonts.glyph_in(1, 'H');
        let em = 30.0 / PT_PER_MM * 8.0;
        let g = z.rasterise((1, gid, (em * 4.0).round() as u32));
        let cap = 0.714 * em;
        assert!((g.h as f32 - cap).abs() <= 1.5, "{} against {cap}", g.h);
        assert!(g.y < 0 && g.y + g.h as i32 == 0, "sits on the baseline: {g:?}");
        // the bar of the H: the middle row is solid from stem to stem
        let mid = &g.pixels[g.h / 2 * g.w..][..g.w];
        assert!(mid.iter().all(|&p| p == 1));
        // a CJK and a Cyrillic line both have ink, the CJK glyph from the fallback face
        let b = z.render_line("迅达 Ромашка", Style::regular(10.0));
        assert!(
            b.w > 100 && b.h > 15 && b.pixels.contains(&1),
            "{} × {}",
            b.w,
            b.h
        );
        assert!(z.glyphs.keys().any(|k| k.0 == 2));
        let before = z.glyphs.len();
        z.render_line("Ромашка 迅达", Style::regular(10.0));
        assert_eq!(z.glyphs.len(), before, "glyphs come from the cache");
    }

    #[test]
    fn text_past_the_edges_is_cut_to_the_label() {
        let mut z = Zpl::new(8);
        let text = "Łódź Ромашка 迅达 and much more";
        let marks = [Mark::Text {
            x: 40.0,
            y: 2.0,
            style: Style::bold(20.0),
            text: text.into(),
        }];
        let mut out = String::new();
        z.label(&mut out, LabelSize::L58x40, &marks);
        let field = out.split("^FO").nth(1).unwrap();
        let (place, rest) = field.split_once("^GFA,").unwrap();
        let (x, y): (i32, i32) = {
            let (x, y) = place.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        };
        let params: Vec<&str> = rest.splitn(4, ',').collect();
        let (total, row_bytes): (i32, i32) = (params[0].parse().unwrap(), params[2].parse().unwrap());
        let rows = total / row_bytes;
        assert_eq!((x, y), (320, 0), "{out}");
        assert_eq!(x + row_bytes * 8, 464, "cut at the right edge: {out}");
        let whole = z.render_line(text, Style::bold(20.0));
        assert!(
            rows > 0 && (rows as usize) < whole.h,
            "cut at the top: {rows} rows"
        );
        assert_eq!(rows, 16 + whole.y + whole.h as i32, "down to the descenders");
        let data = params[3].strip_suffix("^FS\n^XZ\n").unwrap();
        let bytes = expand(data, row_bytes as usize, rows as usize);
        assert!(bytes.iter().any(|&b| b != 0));
    }

    #[test]
    fn module_widths() {
        // SSCC: 156 modules; areas and preferred modules of the PDF layouts
        assert_eq!(module_dots(0.5 * 8.0, 156, 92.0 * 8.0), 4);
        assert_eq!(module_dots(0.5 * 12.0, 156, 92.0 * 12.0), 6);
        assert_eq!(module_dots(0.45 * 8.0, 156, 93.0 * 8.0), 4);
        assert_eq!(module_dots(0.45 * 12.0, 156, 93.0 * 12.0), 6);
        assert_eq!(module_dots(0.33 * 8.0, 156, 58.0 * 8.0), 2);
        assert_eq!(module_dots(0.33 * 12.0, 156, 58.0 * 12.0), 3);
        assert_eq!(module_dots(0.5, 156, 10.0), 1);
    }

    #[test]
    fn refuses_a4_and_other_resolutions() {
        let p = Progress::new();
        let e = labels_zpl(&[], LabelSize::A4, 203, &p).unwrap_err();
        assert!(e.to_string().contains("A4"), "{e}");
        let e = labels_zpl(&[], LabelSize::L100x150, 600, &p).unwrap_err();
        assert!(e.to_string().contains("600 dpi"), "{e}");
        assert_eq!(labels_zpl(&[], LabelSize::L58x40, 300, &p).unwrap(), b"");
    }
}

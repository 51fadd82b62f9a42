//! Linear barcode encoders: Code 128 (with shortest code-set switching), GS1-128 (SSCC box labels)
//! and EAN-13. Pure functions from text to bar/space widths; drawing them (PDF, ZPL) and the quiet
//! zones around them (Code 128: at least 10 modules each side; EAN-13: 11 left, 7 right) are the
//! caller's job.

use crate::domain::codes::{EanError, ean13_from_12, gs1_check_digit, validate_ean13};

/// A linear barcode as alternating bar/space widths in modules, starting with a bar,
/// without quiet zones. `total_modules()` = sum of widths.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bars {
    pub widths: Vec<u8>,
}

impl Bars {
    /// Width of the whole symbol in modules.
    pub fn total_modules(&self) -> u32 {
        self.widths.iter().map(|&w| u32::from(w)).sum()
    }

    /// (start_module, width_modules) of each dark bar, left to right.
    pub fn dark_runs(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        let mut x = 0u32;
        self.widths.iter().enumerate().filter_map(move |(i, &w)| {
            let start = x;
            x += u32::from(w);
            (i % 2 == 0).then_some((start, u32::from(w)))
        })
    }
}

/// Why a text cannot be turned into a barcode.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum BarcodeError {
    #[error("nothing to encode")]
    Empty,
    #[error("character '{0}' cannot be encoded in Code 128 (only ASCII 0–127)")]
    NotAscii(char),
    #[error("EAN-13 needs 12 or 13 digits, got {0}")]
    Ean13Length(usize),
    #[error("EAN-13 has digits only, got '{0}'")]
    Ean13NotDigits(String),
    #[error("wrong check digit in {code}: found {found}, expected {expected}")]
    CheckDigit { code: String, expected: u8, found: u8 },
    #[error("GS1 AI '{0}' must be 2 to 4 digits")]
    Gs1BadAi(String),
    #[error("GS1 AI ({0}) has an empty value")]
    Gs1EmptyValue(String),
    #[error("GS1 AI ({ai}) needs {} digits, got {found}", digit_count(.min, .max))]
    Gs1Length {
        ai: String,
        min: usize,
        max: usize,
        found: usize,
    },
    #[error("GS1 AI ({ai}) takes digits only, got '{value}'")]
    Gs1NotDigits { ai: String, value: String },
    #[error("character '{ch}' is not allowed in GS1 AI ({ai}) (GS1 character set 82)")]
    Gs1Char { ai: String, ch: char },
}

fn digit_count(min: &usize, max: &usize) -> String {
    if min == max {
        min.to_string()
    } else {
        format!("{min} or {max}")
    }
}

// ---------------------------------------------------------------------------------------------
// Code 128 (ISO/IEC 15417)

/// Code 128 symbol patterns by value 0..=106: widths in modules of bar, space, bar, space, bar,
/// space. Every symbol is 11 modules; the stop (106) adds a final 2-module bar, 13 modules in all.
/// Values 0..=95 are data (set A: ASCII 32–95 then 0–31; set B: ASCII 32–127; set C: pairs of
/// digits 00–99 use 0..=99), the rest are the function symbols below.
#[rustfmt::skip]
const PATTERNS: [&str; 107] = [
    "212222", "222122", "222221", "121223", "121322", "131222", "122213", "122312", "132212", "221213", // 0
    "221312", "231212", "112232", "122132", "122231", "113222", "123122", "123221", "223211", "221132", // 10
    "221231", "213212", "223112", "312131", "311222", "321122", "321221", "312212", "322112", "322211", // 20
    "212123", "212321", "232121", "111323", "131123", "131321", "112313", "132113", "132311", "211313", // 30
    "231113", "231311", "112133", "112331", "132131", "113123", "113321", "133121", "313121", "211331", // 40
    "231131", "213113", "213311", "213131", "311123", "311321", "331121", "312113", "312311", "332111", // 50
    "314111", "221411", "431111", "111224", "111422", "121124", "121421", "141122", "141221", "112214", // 60
    "112412", "122114", "122411", "142112", "142211", "241211", "221114", "413111", "241112", "134111", // 70
    "111242", "121142", "121241", "114212", "124112", "124211", "411212", "421112", "421211", "212141", // 80
    "214121", "412121", "111143", "111341", "131141", "114113", "114311", "411113", "411311", "113141", // 90
    "114131", "311141", "411131", "211412", "211214", "211232", "2331112",                             // 100
];

/// Shift: the next symbol only is read in the other of sets A/B.
const SHIFT: u8 = 98;
/// Function 1; right after the start it marks the symbol as GS1-128, later it separates elements.
const FNC1_VALUE: u8 = 102;
const STOP: u8 = 106;
/// Marker for FNC1 in the internal item stream (never a valid input byte: inputs are ASCII).
const FNC1: u8 = 0xF1;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Set {
    A,
    B,
    C,
}

/// One move of the encoder within a code set: up to two symbols (a shift and its character) that
/// consume `advance` input items.
struct Step {
    symbols: [u8; 2],
    len: usize,
    advance: usize,
}

impl Set {
    /// The start symbol that opens the barcode in this set.
    fn start(self) -> u8 {
        match self {
            Set::A => 103,
            Set::B => 104,
            Set::C => 105,
        }
    }

    /// The symbol switching to this set from another (Code A 101, Code B 100, Code C 99).
    fn latch(self) -> u8 {
        match self {
            Set::A => 101,
            Set::B => 100,
            Set::C => 99,
        }
    }

    /// Encodes the item(s) at `items[pos]` staying in this set, or `None` when it cannot.
    fn step(self, items: &[u8], pos: usize) -> Option<Step> {
        let one = |v: u8| Step {
            symbols: [v, 0],
            len: 1,
            advance: 1,
        };
        let shifted = |v: u8| Step {
            symbols: [SHIFT, v],
            len: 2,
            advance: 1,
        };
        let c = items[pos];
        if c == FNC1 {
            return Some(one(FNC1_VALUE));
        }
        match self {
            Set::A if c < 32 => Some(one(c + 64)),
            Set::A if c < 96 => Some(one(c - 32)),
            Set::A => Some(shifted(c - 32)),
            Set::B if c >= 32 => Some(one(c - 32)),
            Set::B => Some(shifted(c + 64)),
            Set::C => match items.get(pos + 1) {
                Some(&d) if c.is_ascii_digit() && d.is_ascii_digit() => Some(Step {
                    symbols: [(c - b'0') * 10 + (d - b'0'), 0],
                    len: 1,
                    advance: 2,
                }),
                _ => None,
            },
        }
    }
}

/// Symbol values for `items` (ASCII bytes and [`FNC1`] markers), start symbol first, without the
/// checksum and stop. Picks the code sets with a shortest-path search over (position, set), so the
/// result has the fewest symbols possible. Ties (equally long encodings) go to set C where a run
/// of 4+ digits starts (or the whole text is digits), else to staying in the current set.
fn plan(items: &[u8]) -> Vec<u8> {
    const SETS: [Set; 3] = [Set::A, Set::B, Set::C];
    const NO: usize = usize::MAX / 4;
    let n = items.len();
    // cost[pos][set] = fewest symbols encoding items[pos..] when the reader is in `set` at `pos`.
    let mut cost = vec![[0usize; 3]; n + 1];
    for pos in (0..n).rev() {
        let stay = SETS.map(|s| {
            s.step(items, pos)
                .map_or(NO, |st| st.len + cost[pos + st.advance][s as usize])
        });
        let switch = 1 + stay.iter().min().copied().unwrap_or(NO);
        cost[pos] = stay.map(|c| c.min(switch));
    }
    let stay_cost = |pos: usize, s: Set| {
        s.step(items, pos)
            .map_or(NO, |st| st.len + cost[pos + st.advance][s as usize])
    };
    let prefer_c = |pos: usize| {
        let run = items[pos..]
            .iter()
            .take_while(|&&c| c.is_ascii_digit() || c == FNC1)
            .count();
        run >= 4 || run == n
    };

    let mut out = Vec::with_capacity(n + 2);
    let (mut pos, mut cur) = (0, None::<Set>);
    while pos < n {
        let c_first = prefer_c(pos);
        let order = if c_first {
            [Set::C, Set::B, Set::A]
        } else {
            [Set::B, Set::A, Set::C]
        };
        let total = |t: Set| stay_cost(pos, t) + usize::from(Some(t) != cur);
        // `min_by_key` keeps the first of equal minima, so the order above is the tie-break.
        let candidates = cur.filter(|_| !c_first).into_iter().chain(order);
        let set = candidates.min_by_key(|&t| total(t)).unwrap_or(Set::B);
        if Some(set) != cur {
            out.push(cur.map_or(set.start(), |_| set.latch()));
            cur = Some(set);
        }
        let Some(st) = set.step(items, pos) else {
            unreachable!("the cheapest set encodes the item")
        };
        out.extend_from_slice(&st.symbols[..st.len]);
        pos += st.advance;
    }
    out
}

/// Appends the mod-103 checksum (start + Σ position × value) and the stop symbol.
fn finish(mut symbols: Vec<u8>) -> Vec<u8> {
    let sum: u32 = symbols
        .iter()
        .enumerate()
        .map(|(i, &v)| (i as u32).max(1) * u32::from(v))
        .sum();
    symbols.push((sum % 103) as u8);
    symbols.push(STOP);
    symbols
}

fn bars_from_symbols(symbols: &[u8]) -> Bars {
    let widths = symbols
        .iter()
        .flat_map(|&v| PATTERNS[usize::from(v)].bytes().map(|b| b - b'0'));
    Bars {
        widths: widths.collect(),
    }
}

/// Code 128 symbol values for `text` (any ASCII 0–127): start, data, checksum, stop.
pub fn code128_symbols(text: &str) -> Result<Vec<u8>, BarcodeError> {
    if let Some(ch) = text.chars().find(|c| !c.is_ascii()) {
        return Err(BarcodeError::NotAscii(ch));
    }
    if text.is_empty() {
        return Err(BarcodeError::Empty);
    }
    Ok(finish(plan(text.as_bytes())))
}

/// Code 128 barcode for `text` (any ASCII 0–127), as short as the code sets allow.
pub fn code128(text: &str) -> Result<Bars, BarcodeError> {
    code128_symbols(text).map(|s| bars_from_symbols(&s))
}

// ---------------------------------------------------------------------------------------------
// GS1-128

/// Value length of the AIs whose length is predefined (GS1 General Specifications, figure
/// 5.10.1-2): no FNC1 separator follows them. The flag says the last digit is a GS1 check digit.
/// Every other AI (10 batch, 21 serial, 37 count, 400 order number, ...) is variable-length.
fn fixed_length(ai: &str) -> Option<(usize, bool)> {
    if !all_digits(ai) {
        return None;
    }
    match ai {
        "00" => Some((18, true)),        // SSCC
        "01" | "02" => Some((14, true)), // GTIN, GTIN of contained items
        "20" => Some((2, false)),        // variant
        // dates YYMMDD: production, due, packaging, (14 unassigned), best before, sell by, expiry
        "11" | "12" | "13" | "14" | "15" | "16" | "17" => Some((6, false)),
        // trade measures 31nn–36nn (net weight, length, volume, ...), e.g. 3103 = kg with 3 decimals
        _ if ai.len() == 4 && ("31".."37").contains(&&ai[..2]) => Some((6, false)),
        // GLNs 410–417 (ship to, bill to, ...)
        _ if ai.len() == 3 && ("410".."418").contains(&ai) => Some((13, true)),
        _ => None,
    }
}

/// GS1 character set 82, the only characters allowed in alphanumeric AI values.
fn is_cset82(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!\"%&'()*+,-./:;<=>?_".contains(c)
}

fn all_digits(s: &str) -> bool {
    s.bytes().all(|b| b.is_ascii_digit())
}

/// For a check-digit AI given without its check digit, the value completed with it.
fn with_check_digit(ai: &str, value: &str) -> Option<String> {
    let (len, check) = fixed_length(ai)?;
    if !check || value.len() + 1 != len {
        return None;
    }
    gs1_check_digit(value).map(|d| format!("{value}{d}"))
}

/// Validates one element; returns its value (check digit completed) and whether it is
/// variable-length.
fn gs1_element(ai: &str, value: &str) -> Result<(String, bool), BarcodeError> {
    if !(2..=4).contains(&ai.len()) || !all_digits(ai) {
        return Err(BarcodeError::Gs1BadAi(ai.to_string()));
    }
    if value.is_empty() {
        return Err(BarcodeError::Gs1EmptyValue(ai.to_string()));
    }
    let Some((len, check)) = fixed_length(ai) else {
        return match value.chars().find(|&c| !is_cset82(c)) {
            Some(ch) => Err(BarcodeError::Gs1Char {
                ai: ai.to_string(),
                ch,
            }),
            None => Ok((value.to_string(), true)),
        };
    };
    if !all_digits(value) {
        return Err(BarcodeError::Gs1NotDigits {
            ai: ai.to_string(),
            value: value.to_string(),
        });
    }
    if let Some(full) = with_check_digit(ai, value) {
        return Ok((full, false));
    }
    if value.len() != len {
        let min = if check { len - 1 } else { len };
        return Err(BarcodeError::Gs1Length {
            ai: ai.to_string(),
            min,
            max: len,
            found: value.len(),
        });
    }
    if check {
        let expected = gs1_check_digit(&value[..len - 1]).unwrap_or_default();
        let found = value.as_bytes()[len - 1] - b'0';
        if expected != found {
            return Err(BarcodeError::CheckDigit {
                code: format!("({ai}) {value}"),
                expected,
                found,
            });
        }
    }
    Ok((value.to_string(), false))
}

/// GS1-128 symbol values for `(AI, value)` elements: start, FNC1, the elements (an FNC1 after
/// each variable-length one that is not last), checksum, stop. Values of AIs 00/01/02/410–417 may
/// leave out their check digit, which is then appended; given, it is verified.
pub fn gs1_128_symbols(elements: &[(&str, &str)]) -> Result<Vec<u8>, BarcodeError> {
    if elements.is_empty() {
        return Err(BarcodeError::Empty);
    }
    let mut items = vec![FNC1];
    for (i, &(ai, value)) in elements.iter().enumerate() {
        let (value, variable) = gs1_element(ai, value)?;
        items.extend_from_slice(ai.as_bytes());
        items.extend_from_slice(value.as_bytes());
        if variable && i + 1 < elements.len() {
            items.push(FNC1);
        }
    }
    Ok(finish(plan(&items)))
}

/// GS1-128 barcode for `(AI, value)` elements, e.g. `[("00", "340123450000000017")]`.
pub fn gs1_128(elements: &[(&str, &str)]) -> Result<Bars, BarcodeError> {
    gs1_128_symbols(elements).map(|s| bars_from_symbols(&s))
}

/// The GS1-128 barcode of an SSCC (18 digits, or 17 and the check digit is appended).
pub fn sscc_bars(sscc18: &str) -> Result<Bars, BarcodeError> {
    gs1_128(&[("00", sscc18)])
}

/// The text printed under a GS1-128 barcode: "(AI) value" joined by spaces, e.g.
/// "(00) 340123450000000017". Check digits left out (see [`gs1_128`]) are shown completed.
pub fn gs1_human_readable(elements: &[(&str, &str)]) -> String {
    let parts: Vec<String> = elements
        .iter()
        .map(|&(ai, value)| {
            format!(
                "({ai}) {}",
                with_check_digit(ai, value).as_deref().unwrap_or(value)
            )
        })
        .collect();
    parts.join(" ")
}

// ---------------------------------------------------------------------------------------------
// EAN-13

/// EAN-13 digit patterns as widths space, bar, space, bar: set A ("L", odd parity). Set C ("R",
/// right half) has the same widths starting with a bar; set B ("G", even parity) is them reversed.
const EAN_L: [[u8; 4]; 10] = [
    [3, 2, 1, 1],
    [2, 2, 2, 1],
    [2, 1, 2, 2],
    [1, 4, 1, 1],
    [1, 1, 3, 2],
    [1, 2, 3, 1],
    [1, 1, 1, 4],
    [1, 3, 1, 2],
    [1, 2, 1, 3],
    [3, 1, 1, 2],
];

/// L/G choice of the six left-half digits, by the first digit (which has no bars of its own).
const EAN_PARITY: [&str; 10] = [
    "LLLLLL", "LLGLGG", "LLGGLG", "LLGGGL", "LGLLGG", "LGGLLG", "LGGGLG", "LGLGLL", "LGLGGL", "LGGLGL",
];

/// The full 13 digits of an EAN-13 given as 12 digits (check digit appended) or 13 (verified).
pub fn ean13_digits(code: &str) -> Result<String, BarcodeError> {
    if !all_digits(code) {
        return Err(BarcodeError::Ean13NotDigits(code.to_string()));
    }
    match code.len() {
        12 => ean13_from_12(code).ok_or_else(|| BarcodeError::Ean13NotDigits(code.to_string())),
        _ => validate_ean13(code)
            .map(|()| code.to_string())
            .map_err(|e| match e {
                EanError::Length(n) => BarcodeError::Ean13Length(n),
                EanError::NotDigits => BarcodeError::Ean13NotDigits(code.to_string()),
                EanError::CheckDigit { expected, found } => BarcodeError::CheckDigit {
                    code: code.to_string(),
                    expected,
                    found,
                },
            }),
    }
}

/// EAN-13 barcode (95 modules: start guard 101, six left digits, centre guard 01010, six right
/// digits, end guard 101) for 12 digits (check digit appended) or 13 (verified).
pub fn ean13(code: &str) -> Result<Bars, BarcodeError> {
    let digits: Vec<usize> = ean13_digits(code)?
        .bytes()
        .map(|b| usize::from(b - b'0'))
        .collect();
    let mut widths = vec![1, 1, 1];
    for (&d, parity) in digits[1..7].iter().zip(EAN_PARITY[digits[0]].bytes()) {
        let w = EAN_L[d];
        if parity == b'G' {
            widths.extend(w.iter().rev());
        } else {
            widths.extend(w);
        }
    }
    widths.extend([1; 5]);
    for &d in &digits[7..] {
        widths.extend(EAN_L[d]);
    }
    widths.extend([1, 1, 1]);
    Ok(Bars { widths })
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Reads Code 128 bars back to text, checking patterns and checksum. FNC1 in first position
    /// reads as the GS1-128 symbology identifier "]C1", later ones as GS (ASCII 29), as scanners do.
    fn decode_code128(bars: &Bars) -> String {
        let table: HashMap<Vec<u8>, u8> = (0u8..=105)
            .map(|v| (PATTERNS[usize::from(v)].bytes().map(|b| b - b'0').collect(), v))
            .collect();
        let w = &bars.widths;
        assert!(
            w.len() >= 7 && (w.len() - 7).is_multiple_of(6),
            "bad width count {}",
            w.len()
        );
        assert_eq!(w[w.len() - 7..], [2, 3, 3, 1, 1, 1, 2], "stop pattern");
        let symbols: Vec<u8> = w[..w.len() - 7].chunks(6).map(|c| table[c]).collect();
        let (&check, data) = symbols.split_last().expect("start and checksum");
        assert_eq!(finish(data.to_vec())[data.len()], check, "checksum");

        let mut set = match data[0] {
            103 => Set::A,
            104 => Set::B,
            105 => Set::C,
            v => panic!("{v} is not a start symbol"),
        };
        let (mut out, mut shifted) = (String::new(), None);
        for &v in &data[1..] {
            let now = shifted.take().unwrap_or(set);
            match (now, v) {
                (_, FNC1_VALUE) => out.push_str(if out.is_empty() { "]C1" } else { "\u{1d}" }),
                (Set::A, 0..=63) | (Set::B, 0..=95) => out.push(char::from(v + 32)),
                (Set::A, 64..=95) => out.push(char::from(v - 64)),
                (Set::C, 0..=99) => out.push_str(&format!("{v:02}")),
                (Set::A, SHIFT) => shifted = Some(Set::B),
                (Set::B, SHIFT) => shifted = Some(Set::A),
                (Set::A | Set::B, 99) => set = Set::C,
                (Set::A | Set::C, 100) => set = Set::B,
                (Set::B | Set::C, 101) => set = Set::A,
                (s, v) => panic!("unexpected symbol {v} in set {s:?}"),
            }
        }
        out
    }

    fn bits(bars: &Bars) -> String {
        let mut s = "0".repeat(bars.total_modules() as usize);
        for (x, w) in bars.dark_runs() {
            s.replace_range(x as usize..(x + w) as usize, &"1".repeat(w as usize));
        }
        s
    }

    fn roundtrip(text: &str) -> Vec<u8> {
        let bars = code128(text).unwrap();
        assert_eq!(decode_code128(&bars), text);
        let symbols = code128_symbols(text).unwrap();
        assert_eq!(bars.total_modules(), 11 * (symbols.len() as u32 - 1) + 13);
        symbols
    }

    #[test]
    fn bars_runs_and_width() {
        let b = Bars {
            widths: vec![2, 1, 3, 1, 1],
        };
        assert_eq!(b.total_modules(), 8);
        assert_eq!(b.dark_runs().collect::<Vec<_>>(), [(0, 2), (3, 3), (7, 1)]);
        assert_eq!(bits(&b), "11011101");
    }

    #[test]
    fn code128_table_is_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for (v, p) in PATTERNS.iter().enumerate() {
            let w: Vec<u32> = p.bytes().map(|b| u32::from(b - b'0')).collect();
            assert!(seen.insert(*p), "duplicate pattern at {v}");
            assert_eq!(w.iter().sum::<u32>(), if v == 106 { 13 } else { 11 }, "value {v}");
            assert_eq!((w[0] + w[2] + w[4]) % 2, 0, "bars of {v} have even parity");
        }
        // published module patterns of the function symbols and of value 0
        for (v, expected) in [
            (0, "11011001100"),
            (99, "10111011110"),
            (100, "10111101110"),
            (101, "11101011110"),
            (102, "11110101110"),
            (103, "11010000100"),
            (104, "11010010000"),
            (105, "11010011100"),
            (106, "1100011101011"),
        ] {
            assert_eq!(bits(&bars_from_symbols(&[v])), expected, "value {v}");
        }
    }

    #[test]
    fn code128_known_encodings() {
        // set B: W=55 i=73 k=75 i p=80 e=69 d=68 i a=65, checksum 3281 mod 103 = 88
        assert_eq!(
            roundtrip("Wikipedia"),
            [104, 55, 73, 75, 73, 80, 69, 68, 73, 65, 88, 106]
        );
        // digits only: set C pairs, checksum 1115 mod 103 = 85
        assert_eq!(roundtrip("1234567890"), [105, 12, 34, 56, 78, 90, 85, 106]);
        assert_eq!(code128("Wikipedia").unwrap().total_modules(), 134);
    }

    #[test]
    fn code128_switches_to_c_for_digit_runs() {
        // W - [C] 20 26 [B] - [C] 00 42: 11 symbols against 12 all in set B
        assert_eq!(
            roundtrip("W-2026-0042"),
            [104, 55, 13, 99, 20, 26, 100, 13, 99, 0, 42, 20, 106]
        );
        // short digit runs stay in set B
        let s = roundtrip("A-01-01-1");
        assert_eq!(s.len(), 1 + 9 + 2);
        assert!(!s[..s.len() - 2].contains(&99));
        // start C for a leading run; an odd run leaves one digit in B
        assert_eq!(roundtrip("ORDER 123456789012 X").len(), 1 + 6 + 1 + 6 + 1 + 2 + 2);
        assert_eq!(roundtrip("12345678AB")[..6], [105, 12, 34, 56, 78, 100]);
        assert_eq!(roundtrip("12345").len(), 5 + 2);
        assert_eq!(roundtrip("AB1234567").len(), 1 + 3 + 1 + 3 + 2);
        for text in [
            "1",
            "12",
            "123",
            "0000",
            "a1b22c333d4444e55555",
            "2026-05-01 12:30",
            "PL 00-950",
        ] {
            roundtrip(text);
        }
    }

    #[test]
    fn code128_control_characters() {
        // a lone control character inside lowercase text is shifted, not latched
        assert_eq!(roundtrip("a\u{1}b")[..5], [104, 65, SHIFT, 65, 66]);
        assert_eq!(roundtrip("\tTAB\r\n")[0], 103);
        let all: String = (0u8..=127).map(char::from).collect();
        roundtrip(&all);
        roundtrip("\u{7f}\u{0}x\u{1b}[0m");
    }

    #[test]
    fn code128_random_texts_roundtrip() {
        // digit-heavy texts with control characters, from a fixed linear congruential generator
        let alphabet = b"0123456789012345678901234567890123456789AZaz- \x01\x1d\x7f";
        let mut seed = 0x2026_u64;
        for _ in 0..500 {
            seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
            let len = 1 + (seed >> 59) as usize;
            let text: String = (0..len)
                .map(|_| {
                    seed = seed.wrapping_mul(6_364_136_223_846_793_005).wrapping_add(1);
                    char::from(alphabet[(seed >> 33) as usize % alphabet.len()])
                })
                .collect();
            let symbols = roundtrip(&text);
            // never longer than set B alone (a shift per control character)
            let control = text.bytes().filter(|&b| b < 32).count();
            assert!(symbols.len() <= 1 + len + control + 2, "{text:?}: {symbols:?}");
        }
    }

    #[test]
    fn code128_rejects_non_ascii() {
        let err = code128("Łódź").unwrap_err();
        assert_eq!(err, BarcodeError::NotAscii('Ł'));
        assert_eq!(
            code128("Kraków-ż").unwrap_err().to_string(),
            "character 'ó' cannot be encoded in Code 128 (only ASCII 0–127)"
        );
        assert_eq!(
            code128("ż").unwrap_err().to_string(),
            "character 'ż' cannot be encoded in Code 128 (only ASCII 0–127)"
        );
        assert_eq!(code128("Склад 7"), Err(BarcodeError::NotAscii('С')));
        assert_eq!(code128(""), Err(BarcodeError::Empty));
    }

    #[test]
    fn sscc_examples() {
        // GS1 General Specifications example SSCC: start C, FNC1, (00) + 18 digits in pairs
        let symbols = gs1_128_symbols(&[("00", "106141411234567897")]).unwrap();
        assert_eq!(
            symbols,
            [105, 102, 0, 10, 61, 41, 41, 12, 34, 56, 78, 97, 34, 106]
        );
        let symbols = gs1_128_symbols(&[("00", "340123450000000017")]).unwrap();
        assert_eq!(symbols, [105, 102, 0, 34, 1, 23, 45, 0, 0, 0, 0, 17, 61, 106]);

        let bars = sscc_bars("340123450000000017").unwrap();
        assert_eq!(decode_code128(&bars), "]C100340123450000000017");
        assert_eq!(bars.total_modules(), 13 * 11 + 13);
        assert_eq!(sscc_bars("34012345000000001"), Ok(bars), "check digit appended");
        assert_eq!(
            gs1_human_readable(&[("00", "34012345000000001")]),
            "(00) 340123450000000017"
        );

        let err = sscc_bars("340123450000000018").unwrap_err();
        assert_eq!(
            err,
            BarcodeError::CheckDigit {
                code: "(00) 340123450000000018".into(),
                expected: 7,
                found: 8
            }
        );
        assert_eq!(
            sscc_bars("3401234500").unwrap_err().to_string(),
            "GS1 AI (00) needs 17 or 18 digits, got 10"
        );
        assert!(matches!(
            sscc_bars("34012345000000001X"),
            Err(BarcodeError::Gs1NotDigits { .. })
        ));
    }

    #[test]
    fn gs1_separators_and_human_readable() {
        let elements = [
            ("01", "04006381333931"),
            ("10", "ABC-12"),
            ("17", "261231"),
            ("21", "S/42"),
        ];
        let bars = gs1_128(&elements).unwrap();
        // FNC1 (read as GS) only after the variable-length (10) that is not last
        assert_eq!(
            decode_code128(&bars),
            "]C1010400638133393110ABC-12\u{1d}1726123121S/42"
        );
        assert_eq!(
            gs1_human_readable(&elements),
            "(01) 04006381333931 (10) ABC-12 (17) 261231 (21) S/42"
        );
        let two_variable = gs1_128(&[("400", "PO-77"), ("37", "12")]).unwrap();
        assert_eq!(decode_code128(&two_variable), "]C1400PO-77\u{1d}3712");
        let weight = gs1_128(&[("3103", "001250"), ("10", "L1")]).unwrap();
        assert_eq!(decode_code128(&weight), "]C1310300125010L1");

        let err = |e: &[(&str, &str)]| gs1_128(e).unwrap_err();
        assert_eq!(err(&[]), BarcodeError::Empty);
        assert_eq!(err(&[("1", "x")]), BarcodeError::Gs1BadAi("1".into()));
        assert_eq!(err(&[("10", "")]), BarcodeError::Gs1EmptyValue("10".into()));
        assert_eq!(
            err(&[("10", "A#1")]),
            BarcodeError::Gs1Char {
                ai: "10".into(),
                ch: '#'
            }
        );
        assert_eq!(
            err(&[("21", "zamówienie")]),
            BarcodeError::Gs1Char {
                ai: "21".into(),
                ch: 'ó'
            }
        );
        assert_eq!(
            err(&[("17", "2612")]).to_string(),
            "GS1 AI (17) needs 6 digits, got 4"
        );
        assert!(matches!(
            err(&[("01", "04006381333932")]),
            BarcodeError::CheckDigit { expected: 1, .. }
        ));
    }

    #[test]
    fn ean13_known_pattern() {
        // 4006381333931: first digit 4 → left parity LGLLGG
        let expected = "101\
            0001101 0100111 0101111 0111101 0001001 0110011\
            01010\
            1000010 1000010 1000010 1110100 1000010 1100110\
            101"
        .replace(' ', "");
        let bars = ean13("4006381333931").unwrap();
        assert_eq!(bars.total_modules(), 95);
        assert_eq!(bits(&bars), expected);
        assert_eq!(ean13("400638133393"), Ok(bars));
        assert_eq!(ean13_digits("400638133393").unwrap(), "4006381333931");
        for code in ["4608105106908", "5901234123457", "0000000000000"] {
            assert_eq!(ean13(code).unwrap().total_modules(), 95, "{code}");
        }
    }

    #[test]
    fn ean13_rejects_bad_input() {
        assert_eq!(
            ean13("400638133393X"),
            Err(BarcodeError::Ean13NotDigits("400638133393X".into()))
        );
        assert_eq!(
            ean13("4006381333932"),
            Err(BarcodeError::CheckDigit {
                code: "4006381333932".into(),
                expected: 1,
                found: 2
            })
        );
        assert_eq!(ean13("12345"), Err(BarcodeError::Ean13Length(5)));
        assert_eq!(
            ean13("").unwrap_err().to_string(),
            "EAN-13 needs 12 or 13 digits, got 0"
        );
        assert!(ean13("４００６３８１３３３９３１").is_err());
    }
}

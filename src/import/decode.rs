//! Bytes to text for CSV files as other systems export them: UTF-8 with or without a BOM,
//! UTF-16 (little or big endian, with or without a BOM) or Windows-1251 (1C, old Excel). The
//! encoding is found from the first block of the file; [`DecodeReader`] then turns the whole
//! file into UTF-8 as the CSV parser reads it, so memory stays bounded whatever the size.

use encoding_rs::{Decoder, Encoding as Enc, UTF_8, UTF_16BE, UTF_16LE, WINDOWS_1251};
use serde::{Deserialize, Serialize};
use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// A text encoding Docket reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Encoding {
    Utf8,
    Utf16Le,
    Utf16Be,
    Windows1251,
}

impl Encoding {
    pub const ALL: [Encoding; 4] = [
        Encoding::Utf8,
        Encoding::Windows1251,
        Encoding::Utf16Le,
        Encoding::Utf16Be,
    ];

    pub fn name(self) -> &'static str {
        match self {
            Encoding::Utf8 => "UTF-8",
            Encoding::Utf16Le => "UTF-16LE",
            Encoding::Utf16Be => "UTF-16BE",
            Encoding::Windows1251 => "Windows-1251",
        }
    }

    fn encoding(self) -> &'static Enc {
        match self {
            Encoding::Utf8 => UTF_8,
            Encoding::Utf16Le => UTF_16LE,
            Encoding::Utf16Be => UTF_16BE,
            Encoding::Windows1251 => WINDOWS_1251,
        }
    }
}

/// What the first bytes of a file say it is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sniffed {
    /// Text in this encoding.
    Text(Encoding),
    /// A zip (xlsx, ods) or OLE2 (xls) container: a spreadsheet, not CSV.
    Spreadsheet,
    Empty,
    /// Not text: a reason for the message.
    Binary(&'static str),
}

/// Looks at the first block of a file (a few KB is enough).
pub fn sniff(head: &[u8]) -> Sniffed {
    if head.is_empty() {
        return Sniffed::Empty;
    }
    if head.starts_with(b"PK\x03\x04") || head.starts_with(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        return Sniffed::Spreadsheet;
    }
    if head.starts_with(b"\xEF\xBB\xBF") {
        return Sniffed::Text(Encoding::Utf8);
    }
    if head.starts_with(b"\xFF\xFE") {
        return Sniffed::Text(Encoding::Utf16Le);
    }
    if head.starts_with(b"\xFE\xFF") {
        return Sniffed::Text(Encoding::Utf16Be);
    }
    // UTF-16 without a BOM: ASCII-heavy text has a zero in every other byte.
    let probe = &head[..head.len().min(4096)];
    let pairs = probe.len() / 2;
    if pairs >= 2 {
        let even = probe.iter().step_by(2).filter(|&&b| b == 0).count();
        let odd = probe.iter().skip(1).step_by(2).filter(|&&b| b == 0).count();
        if odd * 10 >= pairs * 3 && even * 10 < pairs {
            return Sniffed::Text(Encoding::Utf16Le);
        }
        if even * 10 >= pairs * 3 && odd * 10 < pairs {
            return Sniffed::Text(Encoding::Utf16Be);
        }
    }
    if probe.contains(&0) {
        return Sniffed::Binary("it contains zero bytes");
    }
    let control = probe
        .iter()
        .filter(|&&b| b < 0x20 && !matches!(b, b'\t' | b'\n' | b'\r' | 0x0C | 0x1A))
        .count();
    if control * 20 > probe.len() {
        return Sniffed::Binary("it is full of control characters");
    }
    match std::str::from_utf8(head) {
        Ok(_) => Sniffed::Text(Encoding::Utf8),
        // cut in the middle of a character at the end of the block: still UTF-8
        Err(e) if e.error_len().is_none() => Sniffed::Text(Encoding::Utf8),
        Err(_) => Sniffed::Text(Encoding::Windows1251),
    }
}

/// Decodes a whole block (a sample for sniffing, a small file) to a string.
pub fn decode_all(bytes: &[u8], enc: Encoding) -> String {
    let (text, _, _) = enc.encoding().decode(bytes);
    text.into_owned()
}

/// Longest line of text accepted (decoded bytes between line breaks): far above any real
/// row, it bounds what the CSV parser holds for one record when a file is not text after all.
pub const MAX_LINE: usize = 1024 * 1024;

/// Reads bytes in some encoding and gives UTF-8 (without BOM). Counts the bytes it read from
/// the source in `read`, for a progress bar. Fails (`InvalidData`) on a zero character or a
/// line longer than [`MAX_LINE`]: the file is not text past its first block (sniffed as text),
/// and reading on would hold the rest of it in memory as one record.
pub struct DecodeReader<R> {
    inner: R,
    decoder: Decoder,
    buf: Vec<u8>,
    out: Vec<u8>,
    out_pos: usize,
    done: bool,
    read: Arc<AtomicU64>,
    /// Bytes of the current line given so far.
    line: usize,
}

impl<R: Read> DecodeReader<R> {
    pub fn new(inner: R, enc: Encoding, read: Arc<AtomicU64>) -> Self {
        DecodeReader {
            inner,
            decoder: enc.encoding().new_decoder_with_bom_removal(),
            buf: vec![0; 64 * 1024],
            out: Vec::new(),
            out_pos: 0,
            done: false,
            read,
            line: 0,
        }
    }

    /// Checks a decoded block: no zero character, no line longer than [`MAX_LINE`].
    fn check(&mut self) -> std::io::Result<()> {
        let bad = |m: String| std::io::Error::new(std::io::ErrorKind::InvalidData, m);
        if self.out.contains(&0) {
            return Err(bad("it holds zero bytes further on: not a text file".into()));
        }
        for (i, part) in self.out.split(|&b| b == b'\n' || b == b'\r').enumerate() {
            self.line = if i == 0 {
                self.line + part.len()
            } else {
                part.len()
            };
            if self.line > MAX_LINE {
                return Err(bad(format!(
                    "a line longer than {} MB: not an order file",
                    MAX_LINE >> 20
                )));
            }
        }
        Ok(())
    }

    fn refill(&mut self) -> std::io::Result<()> {
        self.out.clear();
        self.out_pos = 0;
        while self.out.is_empty() && !self.done {
            let n = loop {
                match self.inner.read(&mut self.buf) {
                    Ok(n) => break n,
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
                    Err(e) => return Err(e),
                }
            };
            self.read.fetch_add(n as u64, Ordering::Relaxed);
            let last = n == 0;
            let cap = self
                .decoder
                .max_utf8_buffer_length(n)
                .unwrap_or(n * 3 + 16)
                .max(16);
            self.out.resize(cap, 0);
            let (_, consumed, written, _) = self.decoder.decode_to_utf8(&self.buf[..n], &mut self.out, last);
            debug_assert_eq!(consumed, n);
            self.out.truncate(written);
            if last {
                self.done = true;
            }
        }
        self.check()
    }
}

impl<R: Read> Read for DecodeReader<R> {
    fn read(&mut self, dst: &mut [u8]) -> std::io::Result<usize> {
        if self.out_pos >= self.out.len() {
            self.refill()?;
            if self.out.is_empty() {
                return Ok(0);
            }
        }
        let n = (self.out.len() - self.out_pos).min(dst.len());
        dst[..n].copy_from_slice(&self.out[self.out_pos..self.out_pos + n]);
        self.out_pos += n;
        Ok(n)
    }
}

/// The field separator of a CSV sample: the one of `;`, tab and `,` that splits the first
/// lines (outside quotes) into the same number of fields, most fields winning.
pub fn sniff_separator(sample: &str) -> u8 {
    let candidates = [b';', b'\t', b','];
    let mut counts: Vec<[usize; 3]> = Vec::new();
    let mut current = [0usize; 3];
    let mut quoted = false;
    let mut complete = false;
    for b in sample.bytes() {
        match b {
            b'"' => quoted = !quoted,
            b'\n' if !quoted => {
                counts.push(current);
                current = [0; 3];
                if counts.len() >= 20 {
                    complete = true;
                    break;
                }
            }
            _ if !quoted => {
                if let Some(i) = candidates.iter().position(|&c| c == b) {
                    current[i] += 1;
                }
            }
            _ => {}
        }
    }
    if !complete && current.iter().any(|&n| n > 0) && counts.is_empty() {
        counts.push(current);
    }
    counts.retain(|c| c.iter().any(|&n| n > 0));
    if counts.is_empty() {
        return b',';
    }
    let mut best: Option<(bool, usize, u8)> = None;
    for (i, &c) in candidates.iter().enumerate() {
        let first = counts[0][i];
        if first == 0 {
            continue;
        }
        let consistent = counts.iter().all(|l| l[i] == first);
        let key = (consistent, first, c);
        let better = match best {
            None => true,
            Some((bc, bn, _)) => (consistent, first) > (bc, bn),
        };
        if better {
            best = Some(key);
        }
    }
    best.map_or(b',', |(_, _, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode(bytes: &[u8]) -> String {
        let Sniffed::Text(enc) = sniff(bytes) else {
            panic!("not text")
        };
        let mut s = String::new();
        DecodeReader::new(bytes, enc, Arc::default())
            .read_to_string(&mut s)
            .unwrap();
        s
    }

    #[test]
    fn encodings() {
        let text = "Артикул;Кол-во\nA01;12,000\n";
        assert_eq!(decode(text.as_bytes()), text);
        let bom = [b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat();
        assert_eq!(decode(&bom), text);
        let (cp, _, _) = WINDOWS_1251.encode(text);
        assert_eq!(sniff(&cp), Sniffed::Text(Encoding::Windows1251));
        assert_eq!(decode(&cp), text);
        let le: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        let le_bom = [b"\xFF\xFE".as_slice(), &le].concat();
        assert_eq!(decode(&le_bom), text);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        let be_bom = [b"\xFE\xFF".as_slice(), &be].concat();
        assert_eq!(decode(&be_bom), text);
        // without a BOM, ASCII-heavy UTF-16 is still found
        let ascii = "sku,qty\nA01140,40\nA01210,20\n";
        let le: Vec<u8> = ascii.encode_utf16().flat_map(|u| u.to_le_bytes()).collect();
        assert_eq!(sniff(&le), Sniffed::Text(Encoding::Utf16Le));
        assert_eq!(decode(&le), ascii);
    }

    #[test]
    fn not_text() {
        assert_eq!(sniff(b""), Sniffed::Empty);
        assert_eq!(sniff(b"PK\x03\x04rest"), Sniffed::Spreadsheet);
        assert!(matches!(sniff(b"\x7fELF\x02\x01\x01\0\0\0"), Sniffed::Binary(_)));
        assert!(matches!(
            sniff(&[1u8, 2, 3, 4, 5, 6, 7, 8, 65]),
            Sniffed::Binary(_)
        ));
    }

    #[test]
    fn utf8_cut_mid_character_is_utf8() {
        let text = "код;кол\n".repeat(10);
        let bytes = text.as_bytes();
        assert_eq!(sniff(&bytes[..bytes.len() - 3]), Sniffed::Text(Encoding::Utf8));
    }

    #[test]
    fn separators() {
        assert_eq!(sniff_separator("a;b;c\n1;2;3\n"), b';');
        assert_eq!(sniff_separator("a,b,c\n1,2,3\n"), b',');
        assert_eq!(sniff_separator("a\tb\n1\t2\n"), b'\t');
        // decimal commas inside a ;-file do not fool it
        assert_eq!(sniff_separator("sku;qty;price\nA;12,000;1,50\n"), b';');
        // separators inside quotes do not count
        assert_eq!(sniff_separator("name,qty\n\"a;b;c;d\",1\n"), b',');
        assert_eq!(sniff_separator("single\nvalue\n"), b',');
    }

    #[test]
    fn zeros_and_endless_lines_past_the_first_block_are_refused() {
        let read = |bytes: &[u8]| {
            let mut s = String::new();
            DecodeReader::new(bytes, Encoding::Utf8, Arc::default())
                .read_to_string(&mut s)
                .map(|_| s.len())
                .map_err(|e| e.to_string())
        };
        let mut text = "sku;qty\n".repeat(20_000).into_bytes();
        assert_eq!(read(&text), Ok(text.len()));
        text.extend_from_slice(&[0; 100]);
        assert!(read(&text).unwrap_err().contains("zero bytes"));
        let long = "a".repeat(MAX_LINE + 1);
        assert!(
            read(long.as_bytes())
                .unwrap_err()
                .contains("line longer than 1 MB")
        );
        // many short lines, whatever the line breaks, are fine
        let lines = "a".repeat(1000) + "\r";
        let cr = lines.repeat(2 * MAX_LINE / 1000);
        assert_eq!(read(cr.as_bytes()), Ok(cr.len()));
        // UTF-16 zero bytes are characters' halves, not zeros
        let le: Vec<u8> = "sku;qty\n"
            .repeat(10)
            .encode_utf16()
            .flat_map(|u| u.to_le_bytes())
            .collect();
        let mut s = String::new();
        DecodeReader::new(&le[..], Encoding::Utf16Le, Arc::default())
            .read_to_string(&mut s)
            .unwrap();
        assert_eq!(s, "sku;qty\n".repeat(10));
    }

    #[test]
    fn reader_streams_in_small_reads() {
        let text = "Номер;Количество\n".repeat(10_000);
        let (cp, _, _) = WINDOWS_1251.encode(&text);
        let count = Arc::new(AtomicU64::new(0));
        let mut r = DecodeReader::new(&cp[..], Encoding::Windows1251, count.clone());
        let mut out = Vec::new();
        let mut chunk = [0u8; 7];
        loop {
            let n = r.read(&mut chunk).unwrap();
            if n == 0 {
                break;
            }
            out.extend_from_slice(&chunk[..n]);
        }
        assert_eq!(String::from_utf8(out).unwrap(), text);
        assert_eq!(count.load(Ordering::Relaxed), cp.len() as u64);
    }
}

//! Sniffing one export: its encoding, its delimiter, and where the header row is (after any
//! metadata rows such as Brandwatch's `"Report:","Bulk Mentions Download"`).

use std::fs::File;
use std::io::{self, Read};
use std::path::Path;
use std::sync::OnceLock;

use csv::{ByteRecord, Terminator};
use encoding_rs::{Encoding as CharSet, UTF_16BE, UTF_16LE, WINDOWS_1252};
use encoding_rs_io::DecodeReaderBytesBuilder;
use rustc_hash::FxHashSet;

use super::presets::{loose_name, GENERIC, PRESETS};

/// Raw bytes read to decide the encoding.
const ENCODING_PROBE: usize = 64 * 1024;
/// Decoded bytes read to find the delimiter and the header.
pub const LAYOUT_PROBE: usize = 1024 * 1024;
/// Rows above the header that can be metadata.
const MAX_HEADER_RECORD: usize = 40;
/// Rows after a header candidate checked for the same width.
const CONSISTENCY_WINDOW: usize = 50;
/// Rows kept after the header to decide the day/month order.
const SAMPLE_ROWS: usize = 2000;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Utf8,
    Utf8Bom,
    Utf16Le { bom: bool },
    Utf16Be { bom: bool },
    Windows1252,
}

impl Encoding {
    /// The label in `FileReport::encoding`.
    pub fn label(self) -> &'static str {
        match self {
            Encoding::Utf8 => "utf-8",
            Encoding::Utf8Bom => "utf-8-bom",
            Encoding::Utf16Le { .. } => "utf-16le",
            Encoding::Utf16Be { .. } => "utf-16be",
            Encoding::Windows1252 => "windows-1252",
        }
    }

    fn charset(self) -> Option<&'static CharSet> {
        match self {
            Encoding::Utf8 | Encoding::Utf8Bom => None,
            Encoding::Utf16Le { .. } => Some(UTF_16LE),
            Encoding::Utf16Be { .. } => Some(UTF_16BE),
            Encoding::Windows1252 => Some(WINDOWS_1252),
        }
    }

    pub fn is_utf16(self) -> bool {
        matches!(self, Encoding::Utf16Le { .. } | Encoding::Utf16Be { .. })
    }
}

/// Decides the encoding from the first bytes of a file. `Err` says why the bytes are not text.
pub fn detect_encoding(probe: &[u8]) -> Result<Encoding, String> {
    if probe.starts_with(&[0xEF, 0xBB, 0xBF]) {
        return Ok(Encoding::Utf8Bom);
    }
    if probe.starts_with(&[0xFF, 0xFE]) {
        return Ok(Encoding::Utf16Le { bom: true });
    }
    if probe.starts_with(&[0xFE, 0xFF]) {
        return Ok(Encoding::Utf16Be { bom: true });
    }
    let sample = &probe[..probe.len().min(4096)];
    let pairs = sample.len() / 2;
    let zeros_at = |parity: usize| {
        sample
            .iter()
            .skip(parity)
            .step_by(2)
            .filter(|b| **b == 0)
            .count()
    };
    let (even, odd) = (zeros_at(0), zeros_at(1));
    if pairs > 0 && odd * 10 >= pairs * 3 && even * 20 < pairs {
        return Ok(Encoding::Utf16Le { bom: false });
    }
    if pairs > 0 && even * 10 >= pairs * 3 && odd * 20 < pairs {
        return Ok(Encoding::Utf16Be { bom: false });
    }
    // Text mostly in another script (Cyrillic, Greek, CJK) has NULs only in its ASCII
    // characters (delimiters, line ends, digits): fewer, and more on one side of each pair
    // than on the other (whose NULs are characters such as U+4E00, 一). It is UTF-16 when it
    // reads as text that way.
    if odd > even && reads_as_utf16_text(UTF_16LE, sample) {
        return Ok(Encoding::Utf16Le { bom: false });
    }
    if even > odd && reads_as_utf16_text(UTF_16BE, sample) {
        return Ok(Encoding::Utf16Be { bom: false });
    }
    if even + odd > 0 {
        return Err("it contains NUL bytes: a binary file (spreadsheet, archive, image?) rather than CSV text".into());
    }
    let controls = sample
        .iter()
        .filter(|b| **b < 0x20 && !matches!(**b, b'\t' | b'\n' | b'\r' | 0x0C))
        .count();
    if controls * 100 > sample.len() {
        return Err("it is full of control characters: a binary file rather than CSV text".into());
    }
    Ok(utf8_or_windows_1252(probe))
}

/// Whether `sample` decodes as `charset` to text with line ends and without control
/// characters or broken surrogate pairs (one cut by the end of the sample is fine).
fn reads_as_utf16_text(charset: &'static CharSet, sample: &[u8]) -> bool {
    let (text, _) = charset.decode_without_bom_handling(&sample[..sample.len() / 2 * 2]);
    let text = text.strip_suffix('\u{FFFD}').unwrap_or(&text);
    text.contains(['\n', '\r'])
        && !text.chars().any(|c| {
            c == '\u{FFFD}' || (c.is_control() && !matches!(c, '\t' | '\n' | '\r' | '\x0C'))
        })
}

/// UTF-8 unless the bytes that are not UTF-8 outnumber the characters that are (beyond
/// ASCII): a UTF-8 file with one stray Windows-1252 byte is UTF-8 (the stray value is
/// reported when read), where a Windows-1252 file has no valid multi-byte sequences at all,
/// or almost none (`Ã©` is one).
fn utf8_or_windows_1252(probe: &[u8]) -> Encoding {
    let (mut multibyte, mut invalid) = (0usize, 0usize);
    let mut chunks = probe.utf8_chunks().peekable();
    while let Some(chunk) = chunks.next() {
        multibyte += chunk.valid().chars().filter(|c| !c.is_ascii()).count();
        // A character cut by the end of the probe is fine.
        let cut_at_end = chunks.peek().is_none() && chunk.invalid().len() < 4;
        if !chunk.invalid().is_empty() && !cut_at_end {
            invalid += 1;
        }
    }
    if invalid == 0 || multibyte > invalid {
        Encoding::Utf8
    } else {
        Encoding::Windows1252
    }
}

/// Opens `reader` (positioned at the start of the file) as UTF-8 text without a BOM.
pub fn decoded<'a, R: Read + 'a>(
    mut reader: R,
    encoding: Encoding,
) -> io::Result<Box<dyn Read + 'a>> {
    match encoding.charset() {
        None => {
            if encoding == Encoding::Utf8Bom {
                let mut bom = [0u8; 3];
                reader.read_exact(&mut bom)?;
            }
            Ok(Box::new(reader))
        }
        Some(charset) => Ok(Box::new(
            DecodeReaderBytesBuilder::new()
                .encoding(Some(charset))
                .bom_override(true)
                .strip_bom(true)
                .build(reader),
        )),
    }
}

/// A text file the team writes (`incident.toml`, `lessons.md`, a `--columns` file) as editors
/// save it: UTF-8 with or without a BOM, or UTF-16 with one (Windows Notepad's "Unicode"). Text
/// in another encoding is an error naming its first line that is not UTF-8, and what to do.
pub fn read_text(path: &Path) -> io::Result<String> {
    let bytes = std::fs::read(path)?;
    let utf16 = match bytes.get(..2) {
        Some([0xFF, 0xFE]) => Some(UTF_16LE),
        Some([0xFE, 0xFF]) => Some(UTF_16BE),
        _ => None,
    };
    if let Some(charset) = utf16 {
        return Ok(charset
            .decode_without_bom_handling(&bytes[2..])
            .0
            .into_owned());
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let line = 1 + memchr::memchr_iter(b'\n', &bytes[..e.valid_up_to()]).count();
            Err(io::Error::new(
                io::ErrorKind::InvalidData,
                format!("line {line} is not UTF-8 text: save the file as UTF-8 (in most editors: Save as, Encoding UTF-8)"),
            ))
        }
    }
}

/// Reads up to `limit` bytes; returns them and whether the input went on.
pub fn read_prefix(mut reader: impl Read, limit: usize) -> io::Result<(Vec<u8>, bool)> {
    let mut buf = Vec::with_capacity(limit.min(1 << 20));
    (&mut reader).take(limit as u64).read_to_end(&mut buf)?;
    let mut one = [0u8; 1];
    let more = buf.len() == limit && reader.read(&mut one)? > 0;
    Ok((buf, more))
}

pub fn read_raw_probe(path: &Path) -> io::Result<Vec<u8>> {
    let file = File::open(path)?;
    Ok(read_prefix(file, ENCODING_PROBE)?.0)
}

/// Where the data is in a decoded file.
#[derive(Debug, Clone)]
pub struct Layout {
    pub delimiter: u8,
    /// Lines end in `\r` alone (Excel's "CSV (Macintosh)"): read through [`CrAsLf`].
    pub cr_lines: bool,
    /// 1-based physical line of the header row.
    pub header_line: u64,
    pub header: Vec<String>,
    /// The first data rows after the header (at most a few thousand), for deciding how to read
    /// values before streaming.
    pub sample: Vec<ByteRecord>,
    /// Average decoded bytes per data row in the sample (to size buffers).
    pub bytes_per_row: u64,
}

/// Why no layout was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LayoutError {
    /// Nothing but blank lines.
    Blank,
    /// Not one whole record in the probe: a first line (or quoted cell) longer than it.
    NoRecordEnd,
    /// No delimiter gives at least two columns consistently.
    NoDelimiter,
    /// The first row looks like data, not names.
    HeaderLooksLikeData { line: u64, first_row: String },
}

pub const DELIMITERS: [u8; 4] = [b',', b';', b'\t', b'|'];

/// Reads text whose lines end in `\r` alone as if they ended in `\n`, so that records and
/// their line numbers are found as in any other file (the csv crate counts `\n` only). A
/// `\n` in such a file is a line break inside a cell, quoted or not (Excel for Mac writes
/// them unquoted): it is read as `\r`, which ends no record.
struct CrAsLf<R>(R);

impl<R: Read> Read for CrAsLf<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.0.read(buf)?;
        buf[..n].iter_mut().for_each(|b| *b = cr_as_lf(*b));
        Ok(n)
    }
}

/// Swaps `\r` and `\n`: see [`CrAsLf`].
fn cr_as_lf(b: u8) -> u8 {
    match b {
        b'\r' => b'\n',
        b'\n' => b'\r',
        other => other,
    }
}

/// The records of a file from its start: decoded, lone CRs read as line ends when the layout
/// says so, split on `delimiter`.
pub fn records<'a, R: Read + 'a>(
    raw: R,
    encoding: Encoding,
    delimiter: u8,
    cr_lines: bool,
) -> io::Result<csv::Reader<Box<dyn Read + 'a>>> {
    let mut input = decoded(raw, encoding)?;
    if cr_lines {
        input = Box::new(CrAsLf(input));
    }
    Ok(csv_builder(delimiter).from_reader(input))
}

pub fn csv_builder(delimiter: u8) -> csv::ReaderBuilder {
    let mut builder = csv::ReaderBuilder::new();
    builder
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .terminator(Terminator::Any(b'\n'))
        .buffer_capacity(256 * 1024);
    builder
}

/// Physical line numbers of records. The csv crate skips blank lines without reporting them,
/// so a record's first line is worked out from where it ends and how many newlines it holds.
#[derive(Debug, Clone)]
pub struct LineCounter {
    /// The line the next record (or the blank lines before it) starts on.
    next: u64,
}

impl LineCounter {
    pub fn new() -> LineCounter {
        LineCounter { next: 1 }
    }

    /// (first line, last line) of a record just read; `end_line` is the reader's line after it.
    /// Exact except for a last record without a final newline that follows blank lines (it is
    /// then shown one line early).
    pub fn record_lines(&mut self, record: &ByteRecord, end_line: u64) -> (u64, u64) {
        let inner = memchr::memchr_iter(b'\n', record.as_slice()).count() as u64;
        // The terminator's newline is counted in `end_line` but not held in the record.
        let start = end_line.saturating_sub(inner + 1).max(self.next);
        self.next = end_line;
        (start, start + inner)
    }
}

/// A record of only empty fields (a blank line, `\r` alone when lines end in CRLF, or a
/// quoted line break and nothing else).
pub fn is_blank(record: &ByteRecord) -> bool {
    record
        .iter()
        .all(|f| f.iter().all(|b| matches!(b, b' ' | b'\t' | b'\r' | b'\n')))
}

/// How many of a row's fields are column names some preset knows.
pub fn known_columns(record: &ByteRecord) -> usize {
    record.iter().filter(|f| is_known_column(f)).count()
}

/// Whether a field is a column name some preset knows.
pub fn is_known_column(field: &[u8]) -> bool {
    known_names().contains(&loose_name(&field_str(field)))
}

/// Every name any preset or the generic table knows, in loose form.
fn known_names() -> &'static FxHashSet<String> {
    static NAMES: OnceLock<FxHashSet<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        PRESETS
            .iter()
            .chain([&GENERIC])
            .flat_map(|p| p.field_names())
            .map(loose_name)
            .collect()
    })
}

fn field_str(field: &[u8]) -> String {
    String::from_utf8_lossy(field)
        .trim_matches(|c: char| c.is_whitespace() || c == '\u{feff}')
        .to_string()
}

/// A value that is clearly data: a number, a date, a URL.
fn looks_like_data(value: &str) -> bool {
    !value.is_empty()
        && (value
            .bytes()
            .all(|b| b.is_ascii_digit() || b"-/.:+ ".contains(&b))
            || value.contains("://"))
}

#[derive(Debug)]
struct Candidate {
    delimiter: u8,
    record: usize,
    known: usize,
    consistent: bool,
    width: usize,
}

/// Whether lines end in a lone `\r` (Excel's "CSV (Macintosh)") rather than in `\n` or
/// `\r\n`: more lone CRs than LFs among the line ends outside quoted cells. Line breaks
/// inside cells are not counted, as a Mac export whose posts hold several LF line breaks
/// each has more of them than rows (and an LF export's cells can hold lone CRs). When a
/// stray quote leaves no line end outside quotes, every one is counted.
fn ends_lines_with_cr(prefix: &[u8]) -> bool {
    let (mut lf, mut lone_cr, mut quoted) = (0usize, 0usize, false);
    let mut i = 0;
    while i < prefix.len() {
        match prefix[i] {
            // In a quoted cell a doubled quote is a quote in its text, a single one closes it.
            b'"' if quoted => match prefix.get(i + 1) {
                Some(b'"') => i += 1,
                _ => quoted = false,
            },
            _ if quoted => {}
            // A quote opens a quoted cell only where a cell starts: `5'10"` in a plain cell
            // is text.
            b'"' if i == 0 || b"\r\n,;\t|".contains(&prefix[i - 1]) => quoted = true,
            b'\n' => lf += 1,
            b'\r' if prefix.get(i + 1) != Some(&b'\n') => lone_cr += 1,
            _ => {}
        }
        i += 1;
    }
    if (lf, lone_cr) == (0, 0) {
        lf = memchr::memchr_iter(b'\n', prefix).count();
        let crlf = memchr::memmem::find_iter(prefix, b"\r\n").count();
        lone_cr = memchr::memchr_iter(b'\r', prefix).count() - crlf;
    }
    lone_cr > lf
}

/// Finds delimiter and header row in the decoded start of a file. `truncated` says the
/// prefix stops before the end of the file (so its last record may be cut).
pub fn find_layout(prefix: &[u8], truncated: bool) -> Result<Layout, LayoutError> {
    // More lone CRs than LFs: lines end in CR, and an LF is a line break inside a cell.
    let cr_lines = ends_lines_with_cr(prefix);
    let translated;
    let prefix = if cr_lines {
        translated = prefix.iter().map(|&b| cr_as_lf(b)).collect::<Vec<u8>>();
        &translated[..]
    } else {
        prefix
    };
    let parse = |delimiter: u8| -> Vec<(u64, ByteRecord)> {
        let mut reader = csv_builder(delimiter).from_reader(prefix);
        let mut records = Vec::new();
        let mut record = ByteRecord::new();
        let mut lines = LineCounter::new();
        while records.len() < MAX_HEADER_RECORD + SAMPLE_ROWS {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {
                    let (line, _) = lines.record_lines(&record, reader.position().line());
                    if !is_blank(&record) {
                        records.push((line, record.clone()));
                    }
                }
                Ok(false) | Err(_) => break,
            }
        }
        if truncated && records.len() < MAX_HEADER_RECORD + SAMPLE_ROWS {
            records.pop();
        }
        records
    };
    let mut parsed: Vec<(u8, Vec<(u64, ByteRecord)>)> = Vec::new();
    for delimiter in DELIMITERS {
        parsed.push((delimiter, parse(delimiter)));
    }
    if parsed.iter().all(|(_, records)| records.is_empty()) {
        // The only record may have been set aside as cut by the end of the probe.
        let blank = prefix.iter().all(|b| b.is_ascii_whitespace());
        return Err(if truncated && !blank {
            LayoutError::NoRecordEnd
        } else {
            LayoutError::Blank
        });
    }
    let mut best: Option<Candidate> = None;
    for (delimiter, records) in &parsed {
        for (index, (_, record)) in records.iter().enumerate().take(MAX_HEADER_RECORD) {
            let width = record.len();
            if width < 2 {
                continue;
            }
            let following = &records[index + 1..records.len().min(index + 1 + CONSISTENCY_WINDOW)];
            let consistent = following
                .iter()
                .filter(|(_, r)| {
                    r.len() == width
                        || (r.len() > width && r.iter().skip(width).all(|f| f.is_empty()))
                })
                .count();
            let is_consistent = consistent * 10 >= following.len() * 8;
            if record.iter().all(|f| field_str(f).is_empty()) {
                continue;
            }
            let known_count = known_columns(record);
            if known_count == 0 && !is_consistent {
                continue;
            }
            let candidate = Candidate {
                delimiter: *delimiter,
                record: index,
                known: known_count,
                consistent: is_consistent,
                width,
            };
            // Known column names first (metadata rows and data rows name none), then rows
            // that agree in width with the rows after them, then the widest, then the earliest.
            let key = |c: &Candidate| (c.known, c.consistent, c.width, std::cmp::Reverse(c.record));
            let better = best.as_ref().is_none_or(|b| key(&candidate) > key(b));
            if better {
                best = Some(candidate);
            }
        }
    }
    let best = best.ok_or(LayoutError::NoDelimiter)?;
    let records = &parsed
        .iter()
        .find(|(d, _)| *d == best.delimiter)
        .map(|(_, r)| r)
        .ok_or(LayoutError::NoDelimiter)?;
    // Exports joined one after another repeat their header: the rows of the first are data,
    // not metadata above the second (whose own metadata rows then break the first's run of
    // rows as wide as its header, which made the second look the better header). The same
    // holds for a first header of another layout, when the second names more known columns:
    // a row above the best header that names two known columns is the file's header, and the
    // second is found among the rows (a header of another layout stops the file).
    let first = records[..best.record]
        .iter()
        .position(|(_, r)| r == &records[best.record].1 || known_columns(r) >= 2)
        .unwrap_or(best.record);
    let (header_line, header_record) = &records[first];
    let header: Vec<String> = header_record.iter().map(field_str).collect();
    if best.known == 0 {
        let data_like = header.iter().filter(|n| looks_like_data(n)).count();
        if data_like * 2 >= header.len() {
            return Err(LayoutError::HeaderLooksLikeData {
                line: *header_line,
                first_row: header.join(", "),
            });
        }
    }
    let sample: Vec<ByteRecord> = records[first + 1..]
        .iter()
        .map(|(_, r)| r.clone())
        .collect();
    let sample_bytes: usize = sample.iter().map(|r| r.as_slice().len() + r.len()).sum();
    let bytes_per_row = (sample_bytes / sample.len().max(1)).max(1) as u64;
    Ok(Layout {
        bytes_per_row,
        delimiter: best.delimiter,
        cr_lines,
        header_line: *header_line,
        header,
        sample,
    })
}

/// `,` `;` `\t` `|` as shown in reports.
pub fn delimiter_label(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "\\t".to_string(),
        other => char::from(other).to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_from_bytes() {
        assert_eq!(detect_encoding(b"id,text\n1,hello\n"), Ok(Encoding::Utf8));
        assert_eq!(
            detect_encoding(b"\xEF\xBB\xBFid,text\n"),
            Ok(Encoding::Utf8Bom)
        );
        assert_eq!(
            detect_encoding(b"\xFF\xFEi\0d\0"),
            Ok(Encoding::Utf16Le { bom: true })
        );
        assert_eq!(
            detect_encoding(b"\xFE\xFF\0i\0d"),
            Ok(Encoding::Utf16Be { bom: true })
        );
        assert_eq!(
            detect_encoding(b"i\0d\0,\0t\0e\0x\0t\0\n\0"),
            Ok(Encoding::Utf16Le { bom: false })
        );
        assert_eq!(
            detect_encoding(b"\0i\0d\0,\0t\0e\0x\0t\0\n"),
            Ok(Encoding::Utf16Be { bom: false })
        );
        assert_eq!(
            detect_encoding(b"id,text\n1,caf\xE9\n"),
            Ok(Encoding::Windows1252)
        );
        assert_eq!(
            detect_encoding("id,text\n1,café".as_bytes()),
            Ok(Encoding::Utf8)
        );
        // UTF-8 text with one stray Windows-1252 byte is UTF-8: 3 characters against 1 byte.
        let mut stray = "1,perché è così\n2,caf".as_bytes().to_vec();
        stray.extend_from_slice(b"\xE9\n");
        assert_eq!(detect_encoding(&stray), Ok(Encoding::Utf8));
        // Windows-1252 text that happens to hold one valid pair (`Ã©`) stays Windows-1252.
        assert_eq!(
            detect_encoding(b"1,caf\xE9 cr\xE8me br\xFBl\xE9e\n2,\xC3\xA9\n"),
            Ok(Encoding::Windows1252)
        );
        // "é" cut in half by the end of the probe is still UTF-8.
        assert_eq!(detect_encoding(b"id,text\n1,caf\xC3"), Ok(Encoding::Utf8));
        // Text in another script has NULs only in its ASCII characters, on one side of
        // each pair: UTF-16 all the same, with or without a few characters such as U+4E00
        // whose other byte is NUL.
        let utf16 = |text: &str, little: bool| -> Vec<u8> {
            text.encode_utf16()
                .flat_map(|u| {
                    if little {
                        u.to_le_bytes()
                    } else {
                        u.to_be_bytes()
                    }
                })
                .collect()
        };
        let cyrillic = "id\tтекст\n".to_string()
            + &"1\tАвиакомпания потеряла мой багаж и не отвечает уже третий день\n".repeat(30);
        assert_eq!(
            detect_encoding(&utf16(&cyrillic, true)),
            Ok(Encoding::Utf16Le { bom: false })
        );
        let chinese = "id,内容\n".to_string()
            + &"1,一家航空公司弄丢了我的吉他，客服一直没有回复\n".repeat(30);
        assert_eq!(
            detect_encoding(&utf16(&chinese, false)),
            Ok(Encoding::Utf16Be { bom: false })
        );
        assert_eq!(
            detect_encoding(&utf16(&chinese, true)),
            Ok(Encoding::Utf16Le { bom: false })
        );
        // NULs on one side only, but control characters between them: not text.
        assert!(detect_encoding(&b"\x01\0abcdefghij\n\0".repeat(50)).is_err());
        assert!(detect_encoding(b"PK\x03\x04\x14\0\0\0\x08\0binary").is_err());
        assert!(detect_encoding(&[0x01, 0x02, 0x03, 0x04, 0x05, b'a', 0x06, 0x07]).is_err());
    }

    #[test]
    fn decodes_utf16_and_windows_1252_as_utf8() {
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(
                "id,text\n1,¿qué?\n"
                    .encode_utf16()
                    .flat_map(u16::to_le_bytes),
            )
            .collect();
        let mut out = String::new();
        decoded(&utf16[..], Encoding::Utf16Le { bom: true })
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "id,text\n1,¿qué?\n");
        let mut out = String::new();
        decoded(&b"id,text\n1,caf\xE9 \x80\n"[..], Encoding::Windows1252)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "id,text\n1,café €\n");
        let mut out = String::new();
        decoded(&b"\xEF\xBB\xBFid\n"[..], Encoding::Utf8Bom)
            .unwrap()
            .read_to_string(&mut out)
            .unwrap();
        assert_eq!(out, "id\n");
    }

    #[test]
    fn delimiters() {
        for (text, delimiter) in [
            ("id,text,date\n1,a;b,2021-01-01\n2,c,2021-01-02\n", b','),
            ("id;text;date\n1;a,b;2021-01-01\n2;c;2021-01-02\n", b';'),
            ("id\ttext\tdate\n1\ta,b;c\t2021-01-01\n", b'\t'),
            ("id|text|date\n1|a,b|2021-01-01\n", b'|'),
        ] {
            let layout = find_layout(text.as_bytes(), false).unwrap();
            assert_eq!(layout.delimiter, delimiter, "{text:?}");
            assert_eq!(layout.header, vec!["id", "text", "date"]);
            assert_eq!(layout.header_line, 1);
        }
    }

    #[test]
    fn header_after_metadata_rows() {
        let text = "\"Report:\",\"Bulk Mentions Download\"\n\"Brand:\",\"Skyways\"\n\"From:\",\"2026-03-12\"\n\"To:\",\"2026-03-14\"\n\"Label:\",\"\"\n\nDate,Url,Full Text,Author,Page Type\n2026-03-12 10:00:00.0,https://x.com/a/status/1,hi,a,twitter\n2026-03-12 11:00:00.0,https://x.com/b/status/2,yo,b,twitter\n";
        let layout = find_layout(text.as_bytes(), false).unwrap();
        assert_eq!(layout.header_line, 7);
        assert_eq!(layout.header[0], "Date");
        assert_eq!(layout.sample.len(), 2);
    }

    #[test]
    fn crlf_quoted_newlines_and_blank_lines() {
        let text = "id,text\r\n1,\"two\r\nlines\"\r\n\r\n2,x\r\n";
        let layout = find_layout(text.as_bytes(), false).unwrap();
        assert_eq!(layout.header, vec!["id", "text"]);
        assert_eq!(layout.sample.len(), 2);
    }

    #[test]
    fn line_ends_are_counted_outside_quoted_cells_only() {
        // A Mac export whose cells hold more line feeds than it has rows.
        let mac = "id,text\r".to_string() + &"1,\"a\nb\nc\"\r".repeat(5);
        assert!(ends_lines_with_cr(mac.as_bytes()));
        // An LF export whose cells hold lone CRs, after a plain cell with a stray quote
        // (5'10"), which opens nothing, and a doubled quote inside a quoted cell.
        let lf = "id,text\n1,5'10\" tall\n2,\"say \"\"hi\"\"\rthere\"\n".to_string()
            + &"3,\"x\ry\"\n".repeat(5);
        assert!(!ends_lines_with_cr(lf.as_bytes()));
        // A quote left open from the start: every line end is counted.
        assert!(ends_lines_with_cr(b"\"id,text\r1,a\r2,b\n"));
    }

    #[test]
    fn bad_layouts() {
        assert_eq!(
            find_layout(b"\n\n\n", false).unwrap_err(),
            LayoutError::Blank
        );
        assert_eq!(
            find_layout(b"just some prose\nwith no delimiters at all\n", false).unwrap_err(),
            LayoutError::NoDelimiter
        );
        // A probe that ends inside its first record: not empty, but not readable either.
        assert_eq!(
            find_layout(&[b'a'; 4096], true).unwrap_err(),
            LayoutError::NoRecordEnd
        );
        assert!(matches!(
            find_layout(b"570306133677760513,2015-02-24 11:35:52 -0800,12\n570306133677760514,2015-02-24 11:35:53 -0800,3\n", false),
            Err(LayoutError::HeaderLooksLikeData { line: 1, .. })
        ));
    }

    #[test]
    fn line_numbers_count_blank_lines_and_quoted_newlines() {
        let text = b"a,b\n\n1,2\n\n\n3,\"x\ny\"\n4,5\n6,7";
        let mut reader = csv_builder(b',').from_reader(&text[..]);
        let mut record = ByteRecord::new();
        let mut lines = LineCounter::new();
        let mut seen = Vec::new();
        while reader.read_byte_record(&mut record).unwrap() {
            seen.push(lines.record_lines(&record, reader.position().line()));
        }
        assert_eq!(seen, vec![(1, 1), (3, 3), (6, 7), (8, 8), (9, 9)]);
    }

    #[test]
    fn team_files_are_read_as_editors_save_them() {
        let dir = tempfile::tempdir().unwrap();
        let file = |name: &str, bytes: &[u8]| {
            let path = dir.path().join(name);
            std::fs::write(&path, bytes).unwrap();
            read_text(&path)
        };
        let text = "title = \"Caída\"\n";
        let utf16le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let utf16be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain(text.encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        let bom: Vec<u8> = b"\xEF\xBB\xBF"
            .iter()
            .chain(text.as_bytes())
            .copied()
            .collect();
        for (name, bytes) in [
            ("utf8.toml", text.as_bytes()),
            ("bom.toml", &bom[..]),
            ("le.toml", &utf16le[..]),
            ("be.toml", &utf16be[..]),
        ] {
            assert_eq!(file(name, bytes).unwrap(), text, "{name}");
        }
        // Windows-1252 "í" on the second line.
        let err = file("latin.toml", b"# ok\ntitle = \"Ca\xEDda\"\n").unwrap_err();
        assert_eq!(err.kind(), io::ErrorKind::InvalidData);
        assert!(
            err.to_string()
                .starts_with("line 2 is not UTF-8 text: save the file as UTF-8"),
            "{err}"
        );
    }

    #[test]
    fn truncated_prefix_drops_its_cut_record() {
        let layout = find_layout(b"id,text\n1,a\n2,b\n3,c", true).unwrap();
        assert_eq!(layout.sample.len(), 2);
    }
}

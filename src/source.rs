//! Source text, byte spans and line/column lookup.
//!
//! Every diagnostic points into a [`Source`] through a [`Span`] (a byte range) and a
//! [`SourceId`]. Columns shown to people count Unicode characters, not bytes, so a
//! full-width `：` is one column like `:`.

use serde::{Deserialize, Serialize};

/// Index of a source in a [`SourceMap`].
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, Default,
)]
pub struct SourceId(pub u32);

/// A half-open byte range `start..end` into one source text.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Default, Serialize, Deserialize,
)]
pub struct Span {
    /// First byte.
    pub start: u32,
    /// One past the last byte.
    pub end: u32,
}

impl Span {
    /// A span from two byte offsets.
    pub fn new(start: usize, end: usize) -> Self {
        Span {
            start: start as u32,
            end: end.max(start) as u32,
        }
    }

    /// The smallest span covering both.
    pub fn join(self, other: Span) -> Span {
        Span {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// The span as a `usize` range.
    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    /// Length in bytes.
    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    /// Whether the span covers no bytes.
    pub fn is_empty(self) -> bool {
        self.start == self.end
    }
}

/// One text file (or in-memory text) with a precomputed line index.
#[derive(Debug, Clone)]
pub struct Source {
    /// The name shown in diagnostics: usually a path relative to where the tool runs.
    pub name: String,
    /// The decoded text, BOM removed.
    pub text: String,
    line_starts: Vec<usize>,
    /// Characters starting before byte `k·CHUNK`, for every `k`: a column is then counted
    /// over at most two chunks, however long its line (a 1M-step chain on one line).
    char_marks: Vec<u32>,
}

/// Bytes between two entries of `Source::char_marks`.
const CHUNK: usize = 1024;

/// Characters starting in `bytes` (bytes that are not UTF-8 continuation bytes).
fn char_starts(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| (b as i8) >= -0x40).count()
}

/// A 1-based line and column (columns count characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LineCol {
    /// 1-based line.
    pub line: usize,
    /// 1-based column in Unicode scalar values.
    pub column: usize,
}

impl Source {
    /// Wrap a text; the line index is built once.
    pub fn new(name: impl Into<String>, text: impl Into<String>) -> Self {
        let text = text.into();
        let mut line_starts = vec![0];
        line_starts.extend(text.match_indices('\n').map(|(i, _)| i + 1));
        let mut char_marks = Vec::with_capacity(text.len() / CHUNK + 1);
        let mut count = 0u32;
        char_marks.push(0);
        for chunk in text.as_bytes().chunks(CHUNK) {
            count += char_starts(chunk) as u32;
            char_marks.push(count);
        }
        Source {
            name: name.into(),
            text,
            line_starts,
            char_marks,
        }
    }

    /// Characters starting before byte `offset`.
    fn chars_before(&self, offset: usize) -> usize {
        let k = offset / CHUNK;
        self.char_marks[k] as usize + char_starts(&self.text.as_bytes()[k * CHUNK..offset])
    }

    /// Line and column of a byte offset (clamped to the text and to a char boundary).
    pub fn line_col(&self, offset: usize) -> LineCol {
        let mut offset = offset.min(self.text.len());
        while !self.text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.line_starts.partition_point(|&s| s <= offset) - 1;
        let start = self.line_starts[line];
        let column = self.chars_before(offset) - self.chars_before(start) + 1;
        LineCol {
            line: line + 1,
            column,
        }
    }

    /// The text of 1-based line `line`, without its line break.
    pub fn line_text(&self, line: usize) -> &str {
        let Some(&start) = self.line_starts.get(line.saturating_sub(1)) else {
            return "";
        };
        let end = self
            .line_starts
            .get(line)
            .copied()
            .unwrap_or(self.text.len());
        self.text[start..end].trim_end_matches(['\n', '\r'])
    }

    /// Number of lines.
    pub fn line_count(&self) -> usize {
        self.line_starts.len()
    }
}

/// All sources of one run (a file and the files it is based on).
#[derive(Debug, Clone, Default)]
pub struct SourceMap {
    sources: Vec<Source>,
}

impl SourceMap {
    /// An empty map.
    pub fn new() -> Self {
        Self::default()
    }

    /// Add a source and return its id.
    pub fn add(&mut self, source: Source) -> SourceId {
        self.sources.push(source);
        SourceId(self.sources.len() as u32 - 1)
    }

    /// The source behind an id.
    pub fn get(&self, id: SourceId) -> &Source {
        &self.sources[id.0 as usize]
    }

    /// Find an already loaded source by name.
    pub fn find(&self, name: &str) -> Option<SourceId> {
        self.sources
            .iter()
            .position(|s| s.name == name)
            .map(|i| SourceId(i as u32))
    }

    /// All sources in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (SourceId, &Source)> {
        self.sources
            .iter()
            .enumerate()
            .map(|(i, s)| (SourceId(i as u32), s))
    }
}

/// The text encodings a flow file may come in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Encoding {
    /// UTF-8, with or without BOM (the default and the only encoding written).
    #[default]
    Utf8,
    /// GBK / GB18030, as written by Windows Notepad or WPS on Chinese systems.
    Gbk,
}

/// Why bytes could not be turned into text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DecodeError {
    /// The bytes are valid GB18030 (and not UTF-8): the user should convert or pass `--encoding gbk`.
    LooksLikeGbk {
        /// Byte offset of the first invalid UTF-8 sequence.
        offset: usize,
    },
    /// A UTF-16 byte-order mark.
    Utf16,
    /// Binary data (NUL bytes) or text that is neither UTF-8 nor GBK.
    Binary {
        /// Byte offset of the first offending byte.
        offset: usize,
    },
    /// Bytes that are invalid in the encoding the user asked for.
    Invalid {
        /// Byte offset of the first invalid sequence.
        offset: usize,
    },
}

/// Decode file bytes into text. UTF-8 BOM is removed; CRLF is kept (the lexer accepts it).
pub fn decode(bytes: &[u8], encoding: Encoding) -> Result<String, DecodeError> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(DecodeError::Utf16);
    }
    match encoding {
        Encoding::Utf8 => {
            let body = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
            match std::str::from_utf8(body) {
                Ok(text) => {
                    if let Some(offset) = text.find('\0') {
                        return Err(DecodeError::Binary { offset });
                    }
                    Ok(text.to_owned())
                }
                Err(err) => {
                    let offset = err.valid_up_to();
                    if let Some(offset) = body.iter().position(|&b| b == 0) {
                        return Err(DecodeError::Binary { offset });
                    }
                    let (_, _, had_errors) = encoding_rs::GB18030.decode(body);
                    if had_errors {
                        Err(DecodeError::Binary { offset })
                    } else {
                        Err(DecodeError::LooksLikeGbk { offset })
                    }
                }
            }
        }
        Encoding::Gbk => {
            let (text, _, had_errors) = encoding_rs::GB18030.decode(bytes);
            if had_errors {
                let offset = text.find('\u{FFFD}').unwrap_or(0);
                return Err(DecodeError::Invalid { offset });
            }
            if let Some(offset) = text.find('\0') {
                return Err(DecodeError::Binary { offset });
            }
            Ok(text.trim_start_matches('\u{FEFF}').to_owned())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_col_counts_characters() {
        let s = Source::new("t", "流程：收文\r\n步骤 签收");
        assert_eq!(s.line_col(0), LineCol { line: 1, column: 1 });
        assert_eq!(s.line_col("流程：".len()), LineCol { line: 1, column: 4 });
        let second = s.text.find('步').unwrap();
        assert_eq!(s.line_col(second), LineCol { line: 2, column: 1 });
        assert_eq!(s.line_text(1), "流程：收文");
    }

    #[test]
    fn columns_on_a_long_line_agree_with_counting_characters() {
        // Several chunks of mixed one-, two-, three- and four-byte characters on one line.
        let line: String = (0..3000)
            .map(|i| ["签", "a", "→", "é", "𠀀", " "][i % 6])
            .collect();
        let text = format!("流程 长\n{line}\n末");
        let s = Source::new("t", text.clone());
        let start = text.find('\n').unwrap() + 1;
        for (offset, _) in text.char_indices() {
            let naive = if offset < start {
                text[..offset].chars().count() + 1
            } else if offset < start + line.len() + 1 {
                text[start..offset].chars().count() + 1
            } else {
                1
            };
            assert_eq!(s.line_col(offset).column, naive, "offset {offset}");
        }
        // Inside a character: clamped back to its start.
        let mid = start + line.find('签').unwrap() + 1;
        assert_eq!(s.line_col(mid), s.line_col(mid - 1));
        assert_eq!(s.line_col(text.len()).line, 3);
    }

    #[test]
    fn decode_detects_gbk_and_binary() {
        let (gbk, _, _) = encoding_rs::GBK.encode("流程 收文办理\n");
        assert!(matches!(
            decode(&gbk, Encoding::Utf8),
            Err(DecodeError::LooksLikeGbk { .. })
        ));
        assert_eq!(decode(&gbk, Encoding::Gbk).unwrap(), "流程 收文办理\n");
        assert!(matches!(
            decode(b"ab\0cd", Encoding::Utf8),
            Err(DecodeError::Binary { offset: 2 })
        ));
        assert_eq!(
            decode("\u{FEFF}流程".as_bytes(), Encoding::Utf8).unwrap(),
            "流程"
        );
    }
}

//! The embedded font: its bytes and which characters it covers.
//!
//! The charts are set in Noto Sans CJK SC Regular and Bold, subset (`render/fonts/`, SIL Open
//! Font License 1.1, how the subset is made: `docs/fonts.md`). Two stages need to know the font
//! and neither may reach into the other: `check` (a text the chart draws must use only
//! characters the font covers, T001) and `render` (measure and draw). Both read it here.
//!
//! [`covers`] is a cmap lookup in both faces (a character is covered when Regular and Bold
//! both have a glyph for it); nothing is shaped or rasterised.

use std::sync::OnceLock;

/// Noto Sans CJK SC Regular (subset).
pub static REGULAR: &[u8] = include_bytes!("../render/fonts/NotoSansSC-min.otf");
/// Noto Sans CJK SC Bold (subset), for titles.
pub static BOLD: &[u8] = include_bytes!("../render/fonts/NotoSansSC-Bold-min.otf");
/// The licence of the embedded fonts.
pub static LICENSE: &str = include_str!("../render/fonts/OFL.txt");

/// The family name of both embedded faces, as written into SVG `font-family`.
pub const FAMILY: &str = "Noto Sans CJK SC";

fn faces() -> &'static [ttf_parser::Face<'static>; 2] {
    static FACES: OnceLock<[ttf_parser::Face<'static>; 2]> = OnceLock::new();
    FACES.get_or_init(|| {
        let parse = |data| ttf_parser::Face::parse(data, 0).expect("the embedded font parses");
        [parse(REGULAR), parse(BOLD)]
    })
}

/// Whether the embedded font can draw `c`: both faces map it to a glyph. The ASCII space
/// counts as covered (it has no ink).
pub fn covers(c: char) -> bool {
    c == ' ' || faces().iter().all(|f| f.glyph_index(c).is_some())
}

/// The distinct characters of `text` the embedded font lacks, in order of first appearance.
pub fn missing_chars(text: &str) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in text.chars() {
        if !covers(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Every character the embedded font covers (both faces), in code point order.
pub fn covered_chars() -> Vec<char> {
    let mut regular = Vec::new();
    if let Some(cmap) = faces()[0].tables().cmap {
        for sub in cmap.subtables.into_iter().filter(|s| s.is_unicode()) {
            sub.codepoints(|cp| regular.extend(char::from_u32(cp)));
        }
    }
    regular.sort_unstable();
    regular.dedup();
    regular.retain(|&c| covers(c));
    regular
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cmap_coverage() {
        assert!(missing_chars("收文办理：签收、登记（B1）ABC 123 → ①").is_empty());
        for c in ['😀', '\u{20000}', '\u{E000}', '\u{FFFE}'] {
            assert!(!covers(c), "{c:?}");
        }
        assert_eq!(missing_chars("😀 😀 \u{20000}"), vec!['😀', '\u{20000}']);
        // Rare name characters of the BMP (GBK, GB 18030 Extension A) are covered; the
        // supplementary planes (Extension B and later) are not.
        assert!(missing_chars("朱镕基 王堃 张喆 昇 赟 珺 玥 翀 昱 琤 刘䶮").is_empty());
        assert_eq!(missing_chars("王𪚥"), vec!['𪚥']);
    }

    #[test]
    fn every_gb2312_hanzi_is_covered() {
        let covered = covered_chars();
        let hanzi = covered
            .iter()
            .filter(|c| ('\u{4E00}'..='\u{9FFF}').contains(*c))
            .count();
        // Every code point of U+4E00–U+9FFF the source font has (20,976 of 20,992), and all
        // of Extension A (6,582).
        assert_eq!(hanzi, 20_976);
        let ext_a = covered
            .iter()
            .filter(|c| ('\u{3400}'..='\u{4DBF}').contains(*c))
            .count();
        assert_eq!(ext_a, 6_582);
        assert!(covered.iter().all(|&c| covers(c)));
    }
}

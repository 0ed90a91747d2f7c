//! Per-chart font subsets for SVG: the glyphs one chart draws, as WOFF2 in `@font-face`.
//!
//! A browser on a machine without a CJK font draws boxes for the chart's text. The SVG writer
//! therefore embeds, in a `<style>`, a subset of each embedded face (Regular, Bold) holding
//! only the characters that chart sets in that weight, under [`EMBEDDED_FAMILY`], which every
//! `<text>` names first. resvg ignores `@font-face` and keeps using our font database, so the
//! PNG drawn from the same SVG is unchanged (`tests/svg_fonts.rs`).
//!
//! Why these crates: allsorts subsets CFF-flavoured OpenType and writes a Unicode cmap
//! (`CmapTarget::Unicode`; a subsetter that drops the cmap leaves browsers mapping nothing),
//! and ttf2woff2 compresses to WOFF2 in pure Rust (CFF is stored untransformed, Brotli only).
//! Both are deterministic: the same characters give the same bytes.

use crate::render::fonts::Weight;
use allsorts::binary::read::ReadScope;
use allsorts::subset::{CmapTarget, SubsetProfile, subset};
use allsorts::tables::OpenTypeFont;
use std::collections::BTreeSet;

/// The family the `@font-face` rules declare; the SVG's font stack starts with it.
pub const EMBEDDED_FAMILY: &str = "liucheng-noto-sc";

/// Brotli quality for the WOFF2: 11 is the best and, for a few hundred CJK glyphs, still a
/// few milliseconds.
const BROTLI_QUALITY: u8 = 11;

/// Why a subset could not be made (a bug: the embedded font is known to subset).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("font subset: {0}")]
pub struct SubsetError(pub String);

/// The face `weight` reduced to the glyphs of `chars` (plus `.notdef`), as OpenType (CFF)
/// bytes with a Unicode cmap. Characters the face lacks are left out (`check` reports them,
/// T001, before anything is drawn).
pub fn subset_otf(weight: Weight, chars: &BTreeSet<char>) -> Result<Vec<u8>, SubsetError> {
    let face = crate::render::fonts::face(weight);
    // Glyph 0 first, then each glyph once, in glyph order: the same set gives the same font.
    let mut glyphs: BTreeSet<u16> = chars
        .iter()
        .filter_map(|&c| face.glyph_index(c))
        .map(|g| g.0)
        .collect();
    glyphs.remove(&0);
    let ids: Vec<u16> = std::iter::once(0).chain(glyphs).collect();
    let err = |e: &dyn std::fmt::Display| SubsetError(e.to_string());
    let scope = ReadScope::new(weight.data());
    let font = scope.read::<OpenTypeFont<'_>>().map_err(|e| err(&e))?;
    let provider = font.table_provider(0).map_err(|e| err(&e))?;
    subset(
        &provider,
        &ids,
        &SubsetProfile::Minimal,
        CmapTarget::Unicode,
    )
    .map_err(|e| err(&e))
}

/// [`subset_otf`] compressed to WOFF2.
pub fn subset_woff2(weight: Weight, chars: &BTreeSet<char>) -> Result<Vec<u8>, SubsetError> {
    let otf = subset_otf(weight, chars)?;
    ttf2woff2::encode(&otf, BROTLI_QUALITY.into()).map_err(|e| SubsetError(e.to_string()))
}

/// The `@font-face` rules for one chart: one per weight that draws any character, the font as
/// a base64 WOFF2 data URL. Empty when no text is drawn.
pub fn font_face_css(
    regular: &BTreeSet<char>,
    bold: &BTreeSet<char>,
) -> Result<String, SubsetError> {
    let mut css = String::new();
    for (weight, chars, css_weight) in [(Weight::Regular, regular, 400), (Weight::Bold, bold, 700)]
    {
        if chars.is_empty() {
            continue;
        }
        let woff2 = subset_woff2(weight, chars)?;
        css.push_str(&format!(
            "@font-face{{font-family:'{EMBEDDED_FAMILY}';font-style:normal;font-weight:{css_weight};src:url(data:font/woff2;base64,{}) format('woff2');}}\n",
            base64(&woff2)
        ));
    }
    Ok(css)
}

/// Standard base64 (RFC 4648, with padding), for data URLs.
pub fn base64(bytes: &[u8]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let n = u32::from(b[0]) << 16 | u32::from(b[1]) << 8 | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ALPHABET[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base64_matches_rfc_4648() {
        for (input, expected) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foob", "Zm9vYg=="),
            ("fooba", "Zm9vYmE="),
            ("foobar", "Zm9vYmFy"),
        ] {
            assert_eq!(base64(input.as_bytes()), expected);
        }
        assert_eq!(base64(&[0xff, 0xfe, 0xfd]), "//79");
    }

    #[test]
    fn subset_keeps_a_unicode_cmap_for_every_character() {
        let chars: BTreeSet<char> = "收文办理：签收、登记（B1）ABC 123".chars().collect();
        for weight in [Weight::Regular, Weight::Bold] {
            let otf = subset_otf(weight, &chars).unwrap();
            assert!(otf.len() < 40_000, "{} bytes", otf.len());
            let face = ttf_parser::Face::parse(&otf, 0).unwrap();
            // Every character maps to a glyph, and to one that draws the same outline.
            let full = crate::render::fonts::face(weight);
            for &c in &chars {
                let g = face.glyph_index(c).unwrap_or_else(|| panic!("{c:?} lost"));
                assert_eq!(
                    face.glyph_hor_advance(g),
                    full.glyph_hor_advance(full.glyph_index(c).unwrap()),
                    "{c:?}"
                );
            }
            assert_eq!(face.glyph_index('流'), None, "only the chart's characters");
        }
    }

    #[test]
    fn woff2_is_deterministic_and_smaller() {
        let chars: BTreeSet<char> = "公文处理流程图：拟稿、审核、签发".chars().collect();
        let a = subset_woff2(Weight::Regular, &chars).unwrap();
        let b = subset_woff2(Weight::Regular, &chars).unwrap();
        assert_eq!(a, b);
        assert_eq!(&a[..4], b"wOF2");
        assert!(a.len() < subset_otf(Weight::Regular, &chars).unwrap().len());
    }

    #[test]
    fn css_has_one_rule_per_weight_in_use() {
        let some: BTreeSet<char> = "签收".chars().collect();
        let none = BTreeSet::new();
        assert_eq!(font_face_css(&none, &none).unwrap(), "");
        let css = font_face_css(&some, &none).unwrap();
        assert_eq!(css.matches("@font-face").count(), 1);
        // "wOF2", then the flavour "OTTO" (CFF), in base64.
        assert!(css.contains("font-weight:400") && css.contains("base64,d09GMk9UVE8"));
        let css = font_face_css(&some, &some).unwrap();
        assert!(css.contains("font-weight:400") && css.contains("font-weight:700"));
    }
}

//! [`FontMeasure`]: text widths from the embedded font, shaped with rustybuzz.
//!
//! usvg shapes SVG text with rustybuzz and the same font, so a width measured here is the
//! width resvg draws (raw advances would not be: Latin kerning differs).

use crate::layout::text::TextMeasure;
use crate::render::fonts::{self, Weight};

/// Measures text set in the embedded Noto Sans CJK SC.
#[derive(Debug, Clone, Copy)]
pub struct FontMeasure {
    weight: Weight,
}

impl Default for FontMeasure {
    fn default() -> Self {
        FontMeasure::regular()
    }
}

impl FontMeasure {
    /// Measures the regular face (labels).
    pub fn regular() -> Self {
        FontMeasure {
            weight: Weight::Regular,
        }
    }

    /// Measures the bold face (titles).
    pub fn bold() -> Self {
        FontMeasure {
            weight: Weight::Bold,
        }
    }
}

/// Shaped advance width of `text` in font units.
fn advance_units(weight: Weight, text: &str) -> i64 {
    let face = fonts::face(weight);
    let mut buffer = rustybuzz::UnicodeBuffer::new();
    buffer.push_str(text);
    let glyphs = rustybuzz::shape(face, &[], buffer);
    glyphs
        .glyph_positions()
        .iter()
        .map(|p| i64::from(p.x_advance))
        .sum()
}

impl TextMeasure for FontMeasure {
    fn width(&self, text: &str, font_size: f64) -> f64 {
        if text.is_empty() {
            return 0.0;
        }
        let upem = f64::from(fonts::face(self.weight).units_per_em());
        advance_units(self.weight, text) as f64 * font_size / upem
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cjk_is_one_em_and_latin_is_narrower() {
        let m = FontMeasure::regular();
        assert_eq!(m.width("收文办理", 14.0), 56.0);
        assert_eq!(m.width("", 14.0), 0.0);
        let latin = m.width("B12", 14.0);
        assert!(latin > 14.0 && latin < 28.0, "{latin}");
        assert!(FontMeasure::bold().width("AB", 20.0) >= m.width("AB", 20.0));
    }
}

//! Text measurement and wrapping, as layout sees it.
//!
//! Layout never loads fonts: it gets a [`TextMeasure`] (the real one, built on the embedded
//! Noto Sans CJK SC font, lives in `render`). [`ApproxMeasure`] is a font-free stand-in for
//! tests and benchmarks.

/// Measures the advance width of a single line of text.
pub trait TextMeasure {
    /// Width in px of `text` set on one line at `font_size` px.
    fn width(&self, text: &str, font_size: f64) -> f64;
    /// Distance between baselines of consecutive lines, px.
    fn line_height(&self, font_size: f64) -> f64 {
        font_size * 1.4
    }
}

/// A font-free measure: CJK and full-width characters are 1 em, others 0.55 em.
#[derive(Debug, Clone, Copy, Default)]
pub struct ApproxMeasure;

impl TextMeasure for ApproxMeasure {
    fn width(&self, text: &str, font_size: f64) -> f64 {
        text.chars()
            .map(|c| if (c as u32) >= 0x2E80 { 1.0 } else { 0.55 })
            .sum::<f64>()
            * font_size
    }
}

/// Break `text` into lines no wider than `max_width`.
///
/// Interim greedy implementation (any character boundary); to be replaced by UAX #14 break
/// opportunities with the Chinese line-start/line-end rules.
pub fn wrap(text: &str, max_width: f64, font_size: f64, measure: &dyn TextMeasure) -> Vec<String> {
    let mut lines = Vec::new();
    let mut current = String::new();
    for c in text.chars() {
        let mut candidate = current.clone();
        candidate.push(c);
        if !current.is_empty() && measure.width(&candidate, font_size) > max_width {
            lines.push(std::mem::take(&mut current));
            current.push(c);
        } else {
            current = candidate;
        }
    }
    if !current.is_empty() || lines.is_empty() {
        lines.push(current);
    }
    lines
}

//! Paper sizes and orientations: the flow's 纸张 attribute, `liucheng.toml`'s `[render]`
//! and the command line's `--page` / `--orientation` all name them the same way.

use serde::{Deserialize, Serialize};

/// A paper size (ISO 216).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Paper {
    /// 210 × 297 mm.
    #[default]
    A4,
    /// 297 × 420 mm.
    A3,
}

impl Paper {
    /// Width and height in portrait, mm.
    pub fn mm(self) -> (f64, f64) {
        match self {
            Paper::A4 => (210.0, 297.0),
            Paper::A3 => (297.0, 420.0),
        }
    }
    /// Its name, `A4` or `A3`.
    pub fn name(self) -> &'static str {
        match self {
            Paper::A4 => "A4",
            Paper::A3 => "A3",
        }
    }
}

/// Which way up the paper is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub enum Orientation {
    /// Taller than wide (纵向).
    #[default]
    Portrait,
    /// Wider than tall (横向).
    Landscape,
}

impl Orientation {
    /// 纵向 or 横向.
    pub fn zh(self) -> &'static str {
        match self {
            Orientation::Portrait => "纵向",
            Orientation::Landscape => "横向",
        }
    }
    /// portrait or landscape.
    pub fn en(self) -> &'static str {
        match self {
            Orientation::Portrait => "portrait",
            Orientation::Landscape => "landscape",
        }
    }
}

impl Paper {
    /// `A4` / `A3` (any case, half- or full-width).
    pub fn parse(text: &str) -> Option<Paper> {
        match fold(text).as_str() {
            "A4" => Some(Paper::A4),
            "A3" => Some(Paper::A3),
            _ => None,
        }
    }
}

impl Orientation {
    /// 纵向 / 竖向 / portrait, 横向 / landscape.
    pub fn parse(text: &str) -> Option<Orientation> {
        match fold(text).as_str() {
            "纵向" | "竖向" | "PORTRAIT" => Some(Orientation::Portrait),
            "横向" | "LANDSCAPE" => Some(Orientation::Landscape),
            _ => None,
        }
    }
}

/// Upper case, full-width letters and digits folded to ASCII.
fn fold(text: &str) -> String {
    text.trim()
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect::<String>()
        .to_ascii_uppercase()
}

/// A flow's 纸张 attribute: `A3 横向`, `A4`, `横向` (either part may be left out).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PaperChoice {
    /// The paper, if named.
    pub paper: Option<Paper>,
    /// The orientation, if named.
    pub orientation: Option<Orientation>,
}

impl PaperChoice {
    /// Parse `A3 横向`, `A4 纵向`, `A4`, `横向`, `A3横向`, `A3，横向` …; `None` for anything else.
    pub fn parse(text: &str) -> Option<PaperChoice> {
        let mut choice = PaperChoice::default();
        let text = text.trim();
        let mut rest = text;
        // The paper name, if first, may be written against the orientation (A3横向).
        let head: String = text.chars().take(2).collect();
        if let Some(paper) = Paper::parse(&head) {
            choice.paper = Some(paper);
            rest = &text[text.char_indices().nth(2).map_or(text.len(), |(i, _)| i)..];
        }
        let rest = rest.trim_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '，' | '、'));
        if !rest.is_empty() {
            choice.orientation = Some(Orientation::parse(rest)?);
        }
        (choice.paper.is_some() || choice.orientation.is_some()).then_some(choice)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paper_attribute_values() {
        let c = |p, o| {
            Some(PaperChoice {
                paper: p,
                orientation: o,
            })
        };
        use Orientation::*;
        use Paper::*;
        assert_eq!(PaperChoice::parse("A3 横向"), c(Some(A3), Some(Landscape)));
        assert_eq!(PaperChoice::parse("A4"), c(Some(A4), None));
        assert_eq!(PaperChoice::parse("a4 纵向"), c(Some(A4), Some(Portrait)));
        assert_eq!(PaperChoice::parse("Ａ３横向"), c(Some(A3), Some(Landscape)));
        assert_eq!(
            PaperChoice::parse("A3，landscape"),
            c(Some(A3), Some(Landscape))
        );
        assert_eq!(PaperChoice::parse("横向"), c(None, Some(Landscape)));
        assert_eq!(PaperChoice::parse("A5"), None);
        assert_eq!(PaperChoice::parse("A4 斜向"), None);
        assert_eq!(PaperChoice::parse(""), None);
    }
}

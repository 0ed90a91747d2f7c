//! Themes: colours and line widths, read from `render/themes/*.theme` (embedded).
//!
//! The format is `key = value` lines with `#` comments; a value starting with `#` is a colour.
//! `print` (black on white, grayscale-safe) is the default; `color` adds soft fills.

use std::collections::BTreeMap;

/// The embedded theme files.
pub const THEMES: &[(&str, &str)] = &[
    ("print", include_str!("../../render/themes/print.theme")),
    ("color", include_str!("../../render/themes/color.theme")),
];

/// A resolved theme.
#[derive(Debug, Clone, PartialEq)]
pub struct Theme {
    /// Theme name.
    pub name: String,
    values: BTreeMap<String, String>,
}

fn parse(text: &str) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for line in text.lines() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            // Strip a trailing comment (a `#` after whitespace; colours have none before them).
            let value = value.trim();
            let value = match value.find(" #") {
                Some(i) => value[..i].trim(),
                None => value,
            };
            out.insert(key.trim().to_string(), value.to_string());
        }
    }
    out
}

impl Theme {
    /// A theme by name (`print`, `color`).
    pub fn named(name: &str) -> Option<Theme> {
        let (_, text) = THEMES.iter().find(|(n, _)| *n == name)?;
        let mut values = parse(THEMES[0].1);
        values.extend(parse(text));
        Some(Theme {
            name: name.to_string(),
            values,
        })
    }

    /// The default theme (`print`).
    pub fn print() -> Theme {
        Theme::named("print").expect("the print theme is embedded")
    }

    /// A value (colour or dash array); panics on an unknown key, which is a bug.
    pub fn get(&self, key: &str) -> &str {
        self.values
            .get(key)
            .unwrap_or_else(|| panic!("theme key `{key}` missing from print.theme"))
    }

    /// A numeric value.
    pub fn num(&self, key: &str) -> f64 {
        self.get(key).parse().unwrap_or(1.0)
    }
}

impl Default for Theme {
    fn default() -> Self {
        Theme::print()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_define_the_same_keys() {
        let print = parse(THEMES[0].1);
        for (name, text) in THEMES {
            let keys: Vec<_> = parse(text).into_keys().collect();
            assert_eq!(
                keys,
                print.keys().cloned().collect::<Vec<_>>(),
                "theme {name}"
            );
            let theme = Theme::named(name).unwrap();
            assert!(theme.get("ink").starts_with('#'));
            assert!(theme.num("stroke_width") > 0.0);
        }
        assert!(Theme::named("neon").is_none());
    }
}

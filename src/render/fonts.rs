//! The embedded fonts as render uses them: a font database and shaping faces.
//!
//! The bytes and the coverage query ([`covers`], T001) live in [`crate::font`], shared with
//! `check`; this module re-exports them.
//!
//! Nothing here reads the system's fonts: [`database`] holds only the two embedded faces, and
//! every generic family (serif, sans-serif, monospace, cursive, fantasy) is mapped to the
//! embedded family, so text never falls back to a font the machine may or may not have.

use std::sync::{Arc, OnceLock};

pub use crate::font::{BOLD, FAMILY, LICENSE, REGULAR, covers, missing_chars};

/// Which embedded face.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Weight {
    /// Regular (400), for labels.
    Regular,
    /// Bold (700), for titles.
    Bold,
}

impl Weight {
    /// The font file.
    pub fn data(self) -> &'static [u8] {
        match self {
            Weight::Regular => REGULAR,
            Weight::Bold => BOLD,
        }
    }
}

/// A font database holding only the embedded faces, every generic family mapped to [`FAMILY`].
pub fn database() -> fontdb::Database {
    let mut db = fontdb::Database::new();
    db.load_font_source(fontdb::Source::Binary(Arc::new(REGULAR)));
    db.load_font_source(fontdb::Source::Binary(Arc::new(BOLD)));
    db.set_serif_family(FAMILY);
    db.set_sans_serif_family(FAMILY);
    db.set_monospace_family(FAMILY);
    db.set_cursive_family(FAMILY);
    db.set_fantasy_family(FAMILY);
    db
}

/// The [`database`], built once and shared.
pub fn shared_database() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| Arc::new(database())).clone()
}

/// A parsed face of the embedded font (shared, parsed once).
pub fn face(weight: Weight) -> &'static rustybuzz::Face<'static> {
    static REG: OnceLock<rustybuzz::Face<'static>> = OnceLock::new();
    static BLD: OnceLock<rustybuzz::Face<'static>> = OnceLock::new();
    let cell = match weight {
        Weight::Regular => &REG,
        Weight::Bold => &BLD,
    };
    cell.get_or_init(|| {
        rustybuzz::Face::from_slice(weight.data(), 0).expect("the embedded font parses")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn database_holds_only_the_embedded_faces() {
        let db = database();
        assert_eq!(db.len(), 2);
        for face in db.faces() {
            assert!(
                matches!(face.source, fontdb::Source::Binary(_)),
                "no file or system font"
            );
            assert_eq!(face.families[0].0, FAMILY);
        }
        let weights: Vec<u16> = db.faces().map(|f| f.weight.0).collect();
        assert_eq!(weights, vec![400, 700]);
        for generic in [
            fontdb::Family::Serif,
            fontdb::Family::SansSerif,
            fontdb::Family::Monospace,
            fontdb::Family::Cursive,
            fontdb::Family::Fantasy,
        ] {
            assert_eq!(db.family_name(&generic), FAMILY);
        }
    }
}

//! Fuzz the front end: decoding, parsing, model building and the formatter.
//! Oracles: nothing panics; on a clean parse, `fmt` keeps the meaning and is idempotent.
#![no_main]

use libfuzzer_sys::fuzz_target;
use liucheng::source::{Encoding, SourceId, decode};
use liucheng::syntax::{format, parse};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data, Encoding::Utf8) else {
        let _ = decode(data, Encoding::Gbk);
        return;
    };
    let (doc, diags) = parse(&text, SourceId(0));
    let _ = liucheng::model::build_source("fuzz.flow", &text);
    if diags.is_empty() {
        let once = format(&doc);
        let (again, again_diags) = parse(&once, SourceId(0));
        assert!(again_diags.is_empty(), "formatted text does not parse");
        assert_eq!(
            serde_json::to_value(&doc).unwrap(),
            serde_json::to_value(&again).unwrap(),
            "fmt changed the meaning"
        );
        assert_eq!(format(&again), once, "fmt is not idempotent");
    }
});

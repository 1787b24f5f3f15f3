//! Decoding and normalization of any bytes: no panic, idempotent in both forms, one output line
//! per input line, clean ASCII is never changed, and the in-place reading of a mojibake
//! sequence (`mojibake_at`) always ends on a character boundary inside the text.
#![no_main]

use artnorm::normalize::{decode_bytes, mojibake_at, normalize, normalize_with, Form, Options};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let decoded = decode_bytes(data);
    let text: &str = &decoded.text;
    let once = normalize(text).into_owned();
    let twice = normalize(&once).into_owned();
    assert_eq!(once, twice, "NFC normalization is not idempotent");
    assert_eq!(
        once.matches('\n').count(),
        text.matches('\n').count(),
        "lines changed"
    );

    let nfkc = Options {
        form: Form::Nfkc,
        ..Options::default()
    };
    let once = normalize_with(text, nfkc).into_owned();
    let twice = normalize_with(&once, nfkc).into_owned();
    assert_eq!(once, twice, "NFKC normalization is not idempotent");

    for (at, _) in text.char_indices().take(256) {
        if let Some((_, length)) = mojibake_at(text, at) {
            assert!(
                length > 0 && at + length <= text.len(),
                "sequence past the end"
            );
            assert!(
                text.is_char_boundary(at + length),
                "sequence ends inside a character"
            );
        }
    }

    let plain = text.lines().all(|line| {
        line.bytes().all(|b| (0x21..0x7F).contains(&b) || b == b' ')
            && !line.contains("  ")
            && !line.contains('&')
            && !line.starts_with(' ')
            && !line.ends_with(' ')
    });
    if plain && !text.contains('\r') {
        assert_eq!(normalize(text), text, "clean ASCII changed");
    }
});

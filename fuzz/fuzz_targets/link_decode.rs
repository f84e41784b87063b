//! Any text as a share link: `link::decode` answers with an experiment or an error, never a
//! panic, whatever the bytes (the payload is base64 of DEFLATE of JSON, so the fuzzer's
//! mutations reach the decompressor and the parser too).
#![no_main]

use agora_engine::link;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use libfuzzer_sys::fuzz_target;
use miniz_oxide::deflate::compress_to_vec;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(decoded) = link::decode(&text) {
        // What decodes re-encodes to a link that decodes to the same experiment.
        let again = link::decode(&link::encode(&decoded.experiment, None))
            .expect("a decoded experiment re-encodes to a valid link");
        assert_eq!(again.experiment, decoded.experiment);
    }
    // The same bytes as a link's payload: as the compressed data, and compressed (so that
    // JSON-like bytes reach the parser).
    for bytes in [data.to_vec(), compress_to_vec(data, 1)] {
        let _ = link::decode(&format!(
            "#/bandits?v=1&x={}",
            URL_SAFE_NO_PAD.encode(bytes)
        ));
    }
});

//! Any text as an experiment file: `Experiment::from_json` reads and validates it or says
//! why not, never panics; what it accepts survives its own canonical JSON unchanged.
#![no_main]

use agora_engine::Experiment;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(exp) = Experiment::from_json(text) {
        let again = Experiment::from_json(&exp.to_json()).expect("canonical JSON reads back");
        assert_eq!(again, exp);
        let _ = exp.units();
    }
});

//! Browser tests of the web crate, run in headless Chromium by wasm-bindgen-test:
//!
//! ```text
//! scripts/wasm-test.sh
//! ```
//!
//! (which writes `target/native-digests.json` with the native CLI, then runs
//! `cargo test -p agora-web --target wasm32-unknown-unknown --test web` with
//! `AGORA_NATIVE_DIGESTS` holding that file's content.)
//!
//! - The engine compiled to WebAssembly must give bit-identical results to the native build:
//!   the digests of the same experiments, computed natively by the CLI, are compared with the
//!   digests computed here, run to the end and in one-repetition chunks as the app's worker does.
//! - Share links made natively open in wasm, and links made in wasm round-trip.
//! - Damaged links are errors with a message, never a panic.
//! - The chart widget draws into a real canvas.
#![cfg(target_arch = "wasm32")]

use agora_engine::bandits::BanditRunner;
use agora_engine::experiment::{Experiment, Results};
use agora_engine::link::{self, LinkError};
use agora_engine::presets;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The native digests: `AGORA_NATIVE_DIGESTS` holds the content of `target/native-digests.json`
/// at compile time.
fn native_digests() -> serde_json::Value {
    let text = option_env!("AGORA_NATIVE_DIGESTS").expect(
        "AGORA_NATIVE_DIGESTS is not set: run scripts/wasm-test.sh, which computes the native \
         digests and passes them to this test",
    );
    serde_json::from_str(text).expect("AGORA_NATIVE_DIGESTS is the JSON of native-digests.json")
}

struct NativeCase {
    name: String,
    experiment: Experiment,
    digest: String,
    link: String,
}

fn native_cases() -> Vec<NativeCase> {
    let v = native_digests();
    let list = v["presets"].as_array().expect("a presets list");
    list.iter()
        .map(|e| {
            let name = e["name"].as_str().expect("name").to_string();
            let json = serde_json::to_string(&e["experiment"]).unwrap();
            let experiment = Experiment::from_json(&json)
                .unwrap_or_else(|err| panic!("{name}: the native experiment does not load: {err}"));
            NativeCase {
                name,
                experiment,
                digest: e["digest"].as_str().expect("digest").to_string(),
                link: e["link"].as_str().expect("link").to_string(),
            }
        })
        .collect()
}

#[wasm_bindgen_test]
fn the_native_file_covers_the_agreed_presets() {
    let cases = native_cases();
    for name in [
        "bandits-classic",
        "bandits-gaussian",
        "bandits-linear",
        "bandits-adversarial",
    ] {
        assert!(
            cases.iter().any(|c| c.name == name),
            "{name} is missing from the native digests"
        );
    }
    for c in &cases {
        assert!(agora_engine::digest::is_digest(&c.digest), "{}", c.name);
    }
}

#[wasm_bindgen_test]
fn wasm_runs_give_the_native_digests() {
    for c in native_cases() {
        let outcome = c
            .experiment
            .run()
            .unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_eq!(
            outcome.digest, c.digest,
            "{}: wasm and native results differ",
            c.name
        );
    }
}

#[wasm_bindgen_test]
fn chunked_runs_in_wasm_give_the_native_digests() {
    // The worker advances the runner a few repetitions at a time; results must not depend on it.
    for c in native_cases() {
        let Experiment::Bandits(b) = &c.experiment;
        let mut runner = BanditRunner::new(b).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        let mut partial_digests = Vec::new();
        while !runner.is_complete() {
            let advanced = runner.step(1);
            assert!(advanced > 0, "{}: step made no progress", c.name);
            partial_digests.push(Results::Bandits(runner.results()).digest());
        }
        assert_eq!(
            partial_digests.last().map(String::as_str),
            Some(c.digest.as_str()),
            "{}",
            c.name
        );
        assert_eq!(partial_digests.len(), b.repetitions, "{}", c.name);
        // Partial results are different results: each prefix has its own digest.
        let mut unique = partial_digests.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), partial_digests.len(), "{}", c.name);
    }
}

#[wasm_bindgen_test]
fn native_links_open_in_wasm_with_their_digest() {
    for c in native_cases() {
        let decoded = link::decode(&c.link).unwrap_or_else(|e| panic!("{}: {e}", c.name));
        assert_eq!(decoded.experiment, c.experiment, "{}", c.name);
        assert_eq!(
            decoded.expected_digest.as_deref(),
            Some(c.digest.as_str()),
            "{}",
            c.name
        );
        // The link made here is the same string the CLI made (same JSON, same compressor).
        let base = &c.link[..c.link.find('#').expect("a fragment")];
        assert_eq!(
            link::encode_url(base, &c.experiment, Some(&c.digest)),
            c.link,
            "{}",
            c.name
        );
    }
}

#[wasm_bindgen_test]
fn every_preset_round_trips_through_a_link_in_wasm() {
    for p in presets::all() {
        let fragment = link::encode(&p.experiment, None);
        let decoded = link::decode(&fragment).unwrap_or_else(|e| panic!("{}: {e}", p.name));
        assert_eq!(decoded.experiment, p.experiment, "{}", p.name);
        assert_eq!(decoded.expected_digest, None);
        let json = p.experiment.to_json();
        assert_eq!(
            Experiment::from_json(&json).as_ref(),
            Ok(&p.experiment),
            "{}",
            p.name
        );
    }
}

#[wasm_bindgen_test]
fn damaged_links_are_errors_with_messages_in_wasm() {
    let good = link::encode(&presets::all()[0].experiment, None);
    let cut = &good[..good.len() - 12];
    let v99 = good.replace("v=1&", "v=99&");
    let cases: Vec<(&str, fn(&LinkError) -> bool)> = vec![
        (cut, |e| matches!(e, LinkError::Corrupted(_))),
        (&v99, |e| matches!(e, LinkError::Format(_))),
        ("#/bandits?v=1&x=%%%garbage", |e| {
            matches!(e, LinkError::Corrupted(_))
        }),
        ("#/bandits", |e| matches!(e, LinkError::Missing(_))),
        ("", |e| matches!(e, LinkError::Missing(_))),
    ];
    for (l, expected) in cases {
        let err = link::decode(l).expect_err(l);
        assert!(expected(&err), "{l}: {err:?}");
        assert!(!err.to_string().is_empty(), "{l}");
    }
}

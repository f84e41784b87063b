//! The lab shape: every lab behind one registry, runs split into units that may be computed
//! anywhere and committed in order.
//!
//! - Every preset and every recorded LLM run gives the digest the version before the lab
//!   registry gave (`data/preset-digests.json`, written by that version's CLI): old links keep
//!   replaying to their old digests.
//! - The digest is the same on 1, 2 and 4 threads, and with units computed by other runners
//!   and delivered out of order.

use agora_engine::experiment::{Experiment, Runner};
use agora_engine::parallel::InOrder;
use agora_engine::presets;
use std::collections::BTreeMap;

fn golden() -> serde_json::Value {
    let text = include_str!("data/preset-digests.json");
    serde_json::from_str(text).unwrap()
}

#[test]
fn every_preset_keeps_its_digest_on_any_number_of_threads() {
    let golden = golden();
    let expected: BTreeMap<String, String> =
        serde_json::from_value(golden["presets"].clone()).unwrap();
    let mut checked = 0;
    for p in presets::all() {
        if p.experiment.has_llm() && p.experiment.transcript().is_none_or(|t| t.is_empty()) {
            // Nothing recorded in the preset: it cannot run without a model.
            assert!(p.experiment.run().is_err(), "{}", p.name);
            continue;
        }
        let want = expected
            .get(p.name)
            .unwrap_or_else(|| panic!("{}: a new preset; add its digest", p.name));
        if p.experiment.lab() == "metarl" {
            // Training runs take a minute each: tests/metarl.rs (and metarl_grid.rs for the
            // gridworld) runs every meta-RL preset once,
            // on two threads, checks this digest and what the preset shows.
            checked += 1;
            continue;
        }
        // Two threads for every preset; one and four too where the run is quick (the
        // benchmark preset is the slowest of all).
        let quick = !matches!(&p.experiment, Experiment::Bandits(b) if b.total_pulls() > 2_000_000);
        let threads: &[usize] = if quick { &[1, 2, 4] } else { &[2] };
        for &threads in threads {
            let got = p.experiment.run_on_threads(threads).unwrap().digest;
            assert_eq!(&got, want, "{} on {threads} threads", p.name);
        }
        checked += 1;
    }
    assert_eq!(checked, expected.len(), "a preset with a digest is gone");
}

#[test]
fn recorded_llm_runs_keep_their_digests() {
    let golden = golden();
    for (file, text) in [
        (
            "llm-tft-recorded.json",
            include_str!("data/llm-tft-recorded.json"),
        ),
        (
            "llm-bandit-recorded.json",
            include_str!("data/llm-bandit-recorded.json"),
        ),
    ] {
        let exp = Experiment::from_json(text).unwrap();
        let want = golden["recorded"][file].as_str().unwrap();
        assert_eq!(exp.run().unwrap().digest, want, "{file}");
        // LLM agents' units are not shared out (their oracle counts calls in order).
        assert_eq!(exp.run_on_threads(4).unwrap().digest, want, "{file}");
        let r = Runner::new(&exp).unwrap();
        assert_eq!(r.independent_until(), r.done(), "{file}");
    }
}

/// A pool of `helpers` runners computing blocks of `size` units round robin, delivered in
/// the reverse of the order they were handed out within each round.
fn run_with_pool(exp: &Experiment, helpers: usize, size: usize) -> String {
    let mut r = Runner::new(exp).unwrap();
    let mut pool: Vec<Runner> = (0..helpers).map(|_| Runner::new(exp).unwrap()).collect();
    let mut order = InOrder::new(&r);
    loop {
        let blocks: Vec<(usize, usize)> = (0..helpers)
            .map_while(|_| order.next_block(&r, size))
            .collect();
        if blocks.is_empty() {
            break;
        }
        let mut outs: Vec<_> = blocks
            .iter()
            .zip(pool.iter_mut())
            .map(|(&(from, to), h)| (from, h.compute(from, to).unwrap()))
            .collect();
        outs.reverse();
        for (from, out) in outs {
            order.deliver(&mut r, from, out).unwrap();
        }
    }
    r.step(usize::MAX);
    r.outcome().unwrap().digest
}

#[test]
fn units_computed_elsewhere_and_delivered_out_of_order_give_the_same_digest() {
    let golden = golden();
    for name in [
        "bandits-classic",
        "bandits-adversarial",
        "bandits-linear",
        "games-axelrod-noisy",
        "games-ecology",
        "games-moran",
        "games-trust-noise",
        "games-match",
        "games-rps-hedge",
    ] {
        let exp = presets::find(name).unwrap().experiment;
        let want = golden["presets"][name].as_str().unwrap();
        for (helpers, size) in [(1, 1), (2, 3), (4, 17)] {
            assert_eq!(
                run_with_pool(&exp, helpers, size),
                want,
                "{name} with {helpers} helpers, blocks of {size}"
            );
        }
    }
}

#[test]
fn meta_rl_units_computed_elsewhere_give_the_same_digest() {
    // The presets train for a minute: a shortened copy, its digest run alone against pools.
    let Experiment::Metarl(mut cfg) = presets::find("metarl-ablation").unwrap().experiment else {
        panic!("metarl-ablation is a meta-RL preset");
    };
    cfg.updates = 30;
    cfg.eval.every = 10;
    cfg.eval.blocks = 20;
    let exp = Experiment::Metarl(cfg);
    let want = exp.run().unwrap().digest;
    for (helpers, size) in [(2, 1), (4, 3)] {
        assert_eq!(
            run_with_pool(&exp, helpers, size),
            want,
            "{helpers} helpers"
        );
    }
    assert_eq!(exp.run_on_threads(3).unwrap().digest, want);
}

#[test]
fn outcomes_survive_json_bit_for_bit() {
    // Web Workers send outcomes as JSON: committing the parsed copy gives the same digest.
    for name in ["bandits-gaussian", "games-axelrod-noisy"] {
        let exp = presets::find(name).unwrap().experiment;
        let mut r = Runner::new(&exp).unwrap();
        let mut helper = Runner::new(&exp).unwrap();
        let end = r.independent_until();
        let json = serde_json::to_string(&helper.compute(0, end).unwrap()).unwrap();
        r.commit(serde_json::from_str(&json).unwrap()).unwrap();
        r.step(usize::MAX);
        assert_eq!(
            r.outcome().unwrap().digest,
            golden()["presets"][name].as_str().unwrap(),
            "{name}"
        );
    }
}

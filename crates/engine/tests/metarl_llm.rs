//! A language model on the meta-RL lab's block tasks, with replies written by hand (the real
//! model is exercised by the browser test): asking replays only the LLM blocks, the recorded
//! run replays with no calls to the same digest on any number of threads, an unfinished run
//! keeps its trained agents and asks several blocks at once, and a transcript of another
//! experiment is refused.

#![allow(clippy::disallowed_methods)] // the statistical check uses std's sqrt

use agora_engine::experiment::{Experiment, Results, Runner};
use agora_engine::llm::{FactorValue, PendingCall, UnitEnd};
use agora_engine::metarl::baselines::Baseline;
use agora_engine::metarl::llm_player::LlmPlayerConfig;
use agora_engine::metarl::presets;
use agora_engine::metarl::{MetarlExperiment, MetarlResults};

/// The block task with Thompson sampling, an LLM on 4 blocks and one briefly trained agent.
fn experiment(llm_blocks: usize) -> MetarlExperiment {
    let mut e = presets::blocks();
    e.task = agora_engine::metarl::tasks::BanditTask::blocks(3, 4.0);
    e.seeds = 1;
    e.updates = 20;
    e.eval.blocks = 40;
    e.eval.every = 10;
    e.baselines = vec![
        presets::every_baseline().remove(4), // Thompson sampling
        Baseline::Llm(LlmPlayerConfig {
            blocks: llm_blocks,
            ..Default::default()
        }),
    ];
    e
}

/// A scripted model: always the second arm.
fn second_arm(_call: &PendingCall) -> String {
    "<Answer>2</Answer>".into()
}

mod common;

fn record(exp: &Experiment, concurrency: usize) -> (Experiment, usize, (usize, usize)) {
    let r = common::record(exp, concurrency, second_arm);
    (r.experiment, r.widest, r.progress)
}

fn metarl(r: &Results) -> &MetarlResults {
    match r {
        Results::Metarl(m) => m,
        _ => panic!("metarl results"),
    }
}

#[test]
fn the_llm_is_asked_block_by_block_and_replayed_with_no_calls() {
    let exp = Experiment::Metarl(experiment(4));
    assert!(exp.has_llm());
    assert!(exp
        .run()
        .unwrap_err()
        .to_string()
        .contains("not all recorded"));
    let (recorded, widest, progress) = record(&exp, 3);
    // Asking replays the LLM blocks only: no agent is trained while the model is asked.
    assert_eq!(progress, (4, 4));
    assert_eq!(widest, 3, "three blocks asked at once");
    let t = recorded.transcript().unwrap();
    assert_eq!(
        t.units.keys().copied().collect::<Vec<_>>(),
        vec![0, 1, 2, 3]
    );

    let out = recorded.run().unwrap();
    let r = metarl(&out.results);
    assert_eq!(r.runs.len(), 1, "the agent is trained in the full run");
    let labels: Vec<&str> = r.baselines.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(labels, ["Thompson", "LLM smollm2"]);
    let llm = &r.baselines[1];
    assert_eq!(llm.eval.blocks, 4);
    let s = llm.llm.as_ref().unwrap();
    // One call per pull, every reply read.
    assert_eq!(s.decisions, llm.eval.pulls);
    assert_eq!((s.calls, s.fallbacks), (s.decisions, 0));
    assert_eq!(s.tokens_in, 10 * s.calls);
    assert_eq!(t.len() as u64, s.calls);

    // The same digest from the JSON, and on several threads.
    let again = Experiment::from_json(&recorded.to_json())
        .unwrap()
        .run()
        .unwrap();
    assert_eq!(again.digest, out.digest);
    let threaded = recorded.run_on_threads(3).unwrap();
    assert_eq!(threaded.digest, out.digest);
}

#[test]
fn a_player_that_always_names_arm_two_earns_that_arms_mean() {
    // Means are U(0, 1): an arm chosen without looking earns 1/2 per pull on average, and
    // never more than a best-arm share of about 1/3 (3 arms).
    let mut e = experiment(40);
    e.agents.clear();
    e.task = agora_engine::metarl::tasks::BanditTask::blocks(3, 4.0);
    let (recorded, _, _) = record(&Experiment::Metarl(e), 8);
    let out = recorded.run().unwrap();
    let llm = &metarl(&out.results).baselines[1];
    assert_eq!(llm.eval.blocks, 40);
    let (r, se) = (llm.eval.reward_per_pull, llm.eval.se_per_pull);
    assert!((r - 0.5).abs() < 4.0 * se + 0.02, "{r} ± {se}");
    assert!(llm.eval.best_arm_share < 0.6, "{}", llm.eval.best_arm_share);
    // The pseudo-Thompson check sees one arm chosen whatever its posterior.
    assert!(!llm.eval.calibration.is_empty());
}

#[test]
fn an_unfinished_recording_keeps_the_trained_agent_and_asks_several_blocks() {
    let exp = Experiment::Metarl(experiment(4));
    let (full, _, _) = record(&exp, 1);
    let mut t = full.transcript().unwrap().clone();
    t.units.get_mut(&1).unwrap().truncate(1);
    t.units.remove(&2);
    let mut partial = full.clone();
    partial.set_transcript(t);
    let mut r = Runner::new(&partial).unwrap();
    r.step(usize::MAX);
    assert_eq!(r.stopped(), Some(&UnitEnd::Pending));
    let m = r.results();
    let m = metarl(&m);
    assert_eq!(m.runs.len(), 1, "the trained agent is kept");
    assert_eq!(
        m.baselines.len(),
        2,
        "Thompson, and the LLM on its first block"
    );
    assert_eq!(m.baselines[1].eval.blocks, 1);
    let calls = r.pending_calls(5);
    let at: Vec<(usize, usize)> = calls.iter().map(|c| (c.unit, c.index)).collect();
    assert_eq!(at, vec![(1, 1), (2, 0)], "blocks 2 and 3 asked at once");
    // Resuming asks only for the rest and ends where the full recording did.
    let (resumed, _, _) = record(&partial, 2);
    assert_eq!(resumed, full);
}

#[test]
fn a_changed_prompt_does_not_replay_the_old_replies() {
    let exp = Experiment::Metarl(experiment(2));
    let (mut recorded, _, _) = record(&exp, 2);
    assert_eq!(recorded.llm_factors().len(), 5);
    recorded
        .set_llm_factor("reasoning", &FactorValue::Choice("chain_of_thought".into()))
        .unwrap();
    let Experiment::Metarl(m) = &recorded else {
        panic!()
    };
    assert!(
        m.baselines[0].llm().is_none(),
        "Thompson sampling is not touched"
    );
    let err = recorded.run().unwrap_err().to_string();
    assert!(err.contains("does not match"), "{err}");
    assert_eq!(recorded.llm_agent_label("LLM 1"), "LLM smollm2");
    assert_eq!(recorded.llm_unit_label(2), "block 3");
}

#[test]
fn sizes_and_the_gridworld_are_refused_with_the_field_named() {
    let mut e = experiment(4);
    e.eval.blocks = 3;
    let err = e.validate().unwrap_err();
    assert_eq!(err.field, "baselines[1].blocks", "{err}");
    let mut g = presets::gridworld();
    g.baselines.push(Baseline::Llm(LlmPlayerConfig::default()));
    let err = g.validate().unwrap_err();
    assert_eq!(err.field, "baselines[3].kind", "{err}");
    assert!(err.message.contains("plays bandits"), "{err}");
    // Without an LLM player nothing changes: no transcript in the JSON.
    let plain = Experiment::Metarl(presets::blocks());
    assert!(!plain.to_json().contains("transcript"));
    assert!(!plain.has_llm());
}

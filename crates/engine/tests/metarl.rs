//! The meta-RL lab's baselines against RL^2's table (Duan et al. 2016, Table 1: Bernoulli
//! arms with U(0, 1) means, total reward per episode) and against an independent
//! implementation (`scripts/rl2-baselines.py`, numpy).
//!
//! Tolerance: 0.05 (the table's rounding) plus three combined standard errors, where the
//! table's own error is taken as that of 1,000 episodes, as RL^2 evaluated.

#![allow(clippy::disallowed_methods)] // the tests combine errors with std

use agora_engine::bandits::policies::gittins::GittinsParams;
use agora_engine::bandits::policies::thompson::ThompsonParams;
use agora_engine::bandits::policies::uniform::UniformParams;
use agora_engine::bandits::policies::PolicyConfig;
use agora_engine::metarl::agent::Memory;
use agora_engine::metarl::baselines::Baseline;
use agora_engine::metarl::bayes::BayesOptimal;
use agora_engine::metarl::eval::{evaluate, EvalStats};
use agora_engine::metarl::tasks::BanditTask;

fn play(task: &BanditTask, b: &Baseline, blocks: u64) -> EvalStats {
    b.validate(task).unwrap();
    let mut p = b.build(task).unwrap();
    evaluate(task, p.as_mut(), 2016, 0, blocks, false)
}

/// `got` agrees with a published value rounded to 0.1 whose own error is that of 1,000
/// episodes with the same spread.
fn agrees(what: &str, got: &EvalStats, published: f64) {
    let published_se = got.se_episode_total * (got.blocks as f64 / 1000.0).sqrt();
    let se = (got.se_episode_total.powi(2) + published_se.powi(2)).sqrt();
    let tol = 0.05 + 3.0 * se;
    assert!(
        (got.episode_total - published).abs() <= tol,
        "{what}: {:.3} ± {:.3} vs published {published} (tolerance {tol:.3})",
        got.episode_total,
        got.se_episode_total
    );
}

fn gittins(discount: f64, table_pulls: usize) -> Baseline {
    Baseline::policy(PolicyConfig::Gittins(GittinsParams {
        discount,
        table_pulls,
        ..GittinsParams::default()
    }))
}

#[test]
fn rl2_table_ten_pulls_of_five_arms() {
    let task = BanditTask::rl2(5, 10);
    let g = play(&task, &gittins(0.9, 10), 20_000);
    agrees("Gittins", &g, 6.6);
    let r = play(
        &task,
        &Baseline::policy(PolicyConfig::Uniform(UniformParams::default())),
        20_000,
    );
    agrees("Random", &r, 5.0);
    let greedy = play(&task, &Baseline::Greedy, 20_000);
    agrees("Greedy", &greedy, 6.6);
}

#[test]
fn baselines_match_an_independent_implementation() {
    // scripts/rl2-baselines.py (numpy, 400,000 episodes), n = 10, k = 5. RL^2 prints 5.7 for
    // Thompson sampling and 6.7 for UCB1: exact Beta(1, 1) Thompson sampling earns more, and
    // UCB1 as Auer et al. define it (each arm once, then mean + sqrt(2 ln t / n)) far less,
    // since half of its 10 pulls go to trying every arm once.
    let task = BanditTask::rl2(5, 10);
    let all = PolicyConfig::all_defaults();
    let by_kind = |k: &str| Baseline::policy(all.iter().find(|p| p.kind() == k).unwrap().clone());
    for (baseline, want, want_se) in [
        (by_kind("thompson"), 5.8325, 0.0032),
        (by_kind("ucb1"), 5.6747, 0.0030),
        (Baseline::Greedy, 6.6282, 0.0035),
        (by_kind("uniform"), 4.9968, 0.0032),
    ] {
        let t = play(&task, &baseline, 40_000);
        let se = (t.se_episode_total.powi(2) + want_se * want_se).sqrt();
        assert!(
            (t.episode_total - want).abs() <= 3.0 * se,
            "{}: {} ± {} vs {want}",
            baseline.label(),
            t.episode_total,
            t.se_episode_total
        );
    }
}

#[test]
fn the_bayes_optimal_player_earns_the_dynamic_programming_value() {
    let task = BanditTask::rl2(5, 10);
    let v = BayesOptimal::solve(5, 10).unwrap().value_at_start();
    let p = play(&task, &Baseline::BayesOptimal, 20_000);
    assert!(
        (p.episode_total - v).abs() <= 3.0 * p.se_episode_total,
        "{} ± {} vs {v}",
        p.episode_total,
        p.se_episode_total
    );
    // RL^2's best entries (6.7) are the ceiling, rounded.
    assert!((v - 6.7).abs() < 0.05, "{v}");
}

#[test]
fn rl2_table_five_hundred_pulls_of_fifty_arms() {
    let task = BanditTask::rl2(50, 500);
    let g = play(&task, &gittins(0.99, 500), 1_000);
    agrees("Gittins", &g, 463.7);
}

#[test]
fn on_block_tasks_gittins_with_the_block_discount_is_the_best_baseline() {
    // One-pull episodes, blocks of mean length 10: the Bayes-optimal player (Gittins with
    // gamma = 0.9) beats Thompson sampling and greedy play on the same draws.
    let task = BanditTask::blocks(3, 10.0);
    let blocks = 20_000;
    let bayes = play(&task, &Baseline::BayesOptimal, blocks);
    let ts = play(
        &task,
        &Baseline::policy(PolicyConfig::Thompson(ThompsonParams::default())),
        blocks,
    );
    let greedy = play(&task, &Baseline::Greedy, blocks);
    assert!(bayes.reward_per_pull > ts.reward_per_pull + 2.0 * bayes.se_per_pull);
    assert!(bayes.reward_per_pull > greedy.reward_per_pull);
    // Everyone starts a block at the prior mean, 1/2, and the informed players climb.
    assert!((bayes.by_episode[0] - 0.5).abs() < 0.02);
    assert!(bayes.by_episode[9] > bayes.by_episode[0] + 0.1);
}

/// RL^2's table as this engine plays it (`cargo test -p agora-engine --release --test metarl
/// -- --ignored --nocapture`); docs/metarl.md quotes the output.
#[test]
#[ignore]
fn print_rl2_table() {
    let all = PolicyConfig::all_defaults();
    let by_kind = |k: &str| all.iter().find(|p| p.kind() == k).unwrap().clone();
    for (arms, pulls, blocks, discount) in [(5, 10, 40_000u64, 0.9), (50, 500, 2_000, 0.99)] {
        let task = BanditTask::rl2(arms, pulls);
        let mut rows = vec![
            Baseline::policy(by_kind("uniform")),
            Baseline::Greedy,
            Baseline::policy(by_kind("epsilon_greedy")),
            Baseline::policy(by_kind("ucb1")),
            Baseline::policy(by_kind("ucb_alpha")),
            Baseline::policy(by_kind("bayes_ucb")),
            Baseline::policy(by_kind("kl_ucb")),
            Baseline::policy(by_kind("thompson")),
            gittins(discount, pulls),
        ];
        if arms * pulls <= 200 {
            rows.push(Baseline::BayesOptimal);
        }
        for b in rows {
            let s = play(&task, &b, blocks);
            println!(
                "n={pulls} k={arms}  {:<28} {:8.3} ± {:.3}",
                b.label(),
                s.episode_total,
                s.se_episode_total
            );
        }
    }
}

// ---- The lab's presets: each runs once here (they are slow for the lab-shape test, which
// ---- leaves them to this file), keeps its pinned digest and shows what it is meant to show.

use agora_engine::experiment::{Experiment, Results};
use agora_engine::metarl::run::{MetarlResults, RunResult};
use agora_engine::metarl::MetarlExperiment;

fn pinned(name: &str) -> String {
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("data/preset-digests.json")).unwrap();
    golden["presets"][name]
        .as_str()
        .unwrap_or_else(|| panic!("{name}: add its digest to data/preset-digests.json"))
        .to_string()
}

fn run_preset(name: &str) -> (MetarlExperiment, MetarlResults) {
    let p = agora_engine::presets::all()
        .into_iter()
        .find(|p| p.name == name)
        .unwrap();
    let out = p.experiment.run_on_threads(2).unwrap();
    let digest = out.digest.clone();
    let (Experiment::Metarl(cfg), Results::Metarl(r)) = (p.experiment, out.results) else {
        panic!("{name} is not a meta-RL preset");
    };
    // AGORA_PRINT_DIGESTS=1 prints the digest instead (to pin a new or changed preset).
    if std::env::var_os("AGORA_PRINT_DIGESTS").is_some() {
        println!("\"{name}\": \"{digest}\",");
    } else {
        assert_eq!(digest, pinned(name), "{name}: digest");
    }
    (cfg, r)
}

/// Mean evaluation reward per pull of an agent's seeds.
fn agent_reward(r: &MetarlResults, agent: usize) -> f64 {
    let runs: Vec<&RunResult> = r.runs.iter().filter(|x| x.agent == agent).collect();
    runs.iter().map(|x| x.eval.reward_per_pull).sum::<f64>() / runs.len() as f64
}

fn baseline<'a>(r: &'a MetarlResults, label: &str) -> &'a EvalStats {
    &r.baselines
        .iter()
        .find(|b| b.label == label)
        .unwrap_or_else(|| panic!("no baseline {label}"))
        .eval
}

#[test]
fn rl2_preset_trains_an_actor_critic_to_rl2_level() {
    let (cfg, r) = run_preset("metarl-rl2");
    let agent = &r.runs[0];
    // RL^2 reports 6.7 for its agent on n = 10, k = 5; within 0.2.
    assert!(
        agent.eval.episode_total >= 6.5,
        "{} ± {}",
        agent.eval.episode_total,
        agent.eval.se_episode_total
    );
    // It learned: the curve rises from random play (5.0) to the end.
    let first = agent.curve.first().unwrap().eval_reward * cfg.task.pulls as f64;
    assert!(first < agent.eval.episode_total - 0.3, "{first}");
    // And the ceiling stays the ceiling.
    let bayes = baseline(&r, "Bayes-optimal");
    assert!(agent.eval.episode_total < bayes.episode_total + 3.0 * bayes.se_episode_total);
}

#[test]
fn blocks_preset_greedy_agent_beats_thompson_sampling() {
    let (_, r) = run_preset("metarl-blocks");
    let ts = baseline(&r, "Thompson");
    let agent = agent_reward(&r, 0);
    assert!(
        agent > ts.reward_per_pull + 2.0 * ts.se_per_pull,
        "agent {agent} vs Thompson {} ± {}",
        ts.reward_per_pull,
        ts.se_per_pull
    );
    // Thompson sampling's choices lie on the posterior's diagonal (the check's own check).
    let gap = ts.calibration_gap.unwrap();
    assert!(gap < 0.02, "Thompson's calibration gap {gap}");
    // The agent explores within a block: its reward climbs from the first episode.
    let run = &r.runs[0];
    assert!(run.eval.by_episode[9] > run.eval.by_episode[0] + 0.05);
}

#[test]
fn llm_preset_replays_the_recorded_model_beside_the_agent() {
    let (cfg, r) = run_preset("metarl-llm");
    assert_eq!(r.runs.len(), 1);
    let labels: Vec<&str> = r.baselines.iter().map(|b| b.label.as_str()).collect();
    assert_eq!(
        labels,
        ["Thompson", "Greedy", "Bayes-optimal", "LLM smollm2"]
    );
    let llm = &r.baselines[3];
    assert_eq!(llm.eval.blocks, 10);
    let s = llm.llm.as_ref().unwrap();
    // One decision per pull; every recorded exchange answered one of its questions.
    assert_eq!(s.decisions, llm.eval.pulls);
    assert_eq!(s.calls as usize, cfg.transcript.len());
    assert_eq!(s.calls, s.decisions + s.repairs);
    assert!((0.0..=1.0).contains(&llm.eval.reward_per_pull));
    // The agent is the blocks preset's first seed: the same training seed.
    assert_eq!(r.runs[0].seed, presets_blocks().run_seed(0, 0));
}

fn presets_blocks() -> MetarlExperiment {
    agora_engine::metarl::presets::blocks()
}

#[test]
fn ablation_preset_shows_when_exploration_emerges() {
    let (cfg, r) = run_preset("metarl-ablation");
    let labels: Vec<String> = cfg.agents.iter().map(|a| a.label()).collect();
    let full = agent_reward(&r, 0);
    let no_structure = agent_reward(&r, 1);
    let no_memory = agent_reward(&r, 2);
    let no_credit = agent_reward(&r, 3);
    let ts = baseline(&r, "Thompson").reward_per_pull;
    let msg = format!("{labels:?}: {full} {no_structure} {no_memory} {no_credit}; Thompson {ts}");
    // With structure and memory the greedy agent explores and beats Thompson sampling.
    assert!(full > ts + 0.01, "{msg}");
    // Without recurring structure or without memory it does not learn to explore: it plays
    // about as well as a fixed arm (1/2 on average).
    assert!(no_structure < 0.56, "{msg}");
    assert!(no_memory < 0.56, "{msg}");
    // Without credit across episodes it still explores, and its choices track the posterior
    // probability that an arm is best (pseudo-Thompson), unlike the agent without memory.
    assert!(no_credit > ts, "{msg}");
    let corr = |agent: usize| -> f64 {
        let runs: Vec<&RunResult> = r.runs.iter().filter(|x| x.agent == agent).collect();
        runs.iter()
            .map(|x| x.eval.calibration_correlation.unwrap_or(0.0))
            .sum::<f64>()
            / runs.len() as f64
    };
    assert!(corr(3) > 0.5, "correlation {} ({msg})", corr(3));
    assert!(corr(2) < 0.3, "correlation {} ({msg})", corr(2));
}

#[test]
fn sweep_preset_needs_structure_and_memory() {
    let t0 = std::time::Instant::now();
    let (cfg, r) = run_preset("metarl-sweep");
    if std::env::var_os("AGORA_PRINT_DIGESTS").is_some() {
        println!(
            "metarl-sweep: {:.1} s on 2 threads",
            t0.elapsed().as_secs_f64()
        );
        for (i, a) in cfg.agents.iter().enumerate() {
            println!("  {}: {:.4}", a.label(), agent_reward(&r, i));
        }
    }
    assert_eq!(r.runs.len(), 9);
    let cell = |memory: &Memory, n: f64| -> f64 {
        let i = cfg
            .agents
            .iter()
            .position(|a| a.train.memory == *memory && a.train_block_mean == Some(n))
            .unwrap_or_else(|| panic!("no cell {memory:?}, n = {n}"));
        agent_reward(&r, i)
    };
    let best = cell(&Memory::Full, 10.0);
    let window = Memory::Window { steps: 3 };
    for memory in [&Memory::Episode, &window, &Memory::Full] {
        for n in [1.0, 3.0, 10.0] {
            let other = cell(memory, n);
            // Without recurring structure (n = 1) or without memory across episodes, no
            // exploration to learn: the full-memory agent trained on n = 10 beats them all.
            if n == 1.0 || *memory == Memory::Episode {
                assert!(
                    best > other + 0.03,
                    "{memory:?}, n = {n}: {other} vs {best}"
                );
            }
        }
    }
}

#[test]
fn rl2_large_preset_keeps_its_digest() {
    let (_, r) = run_preset("metarl-rl2-large");
    assert_eq!(r.baselines.len(), 5);
    assert!(r.runs.is_empty());
}

#[test]
fn training_in_chunks_gives_the_same_bits() {
    use agora_engine::metarl::run::Training;
    let mut cfg = agora_engine::metarl::presets::ablation();
    cfg.updates = 40;
    cfg.eval.every = 10;
    cfg.eval.blocks = 20;
    for agent in 0..cfg.agents.len() {
        let mut whole = Training::new(&cfg, agent, 1);
        whole.advance(&cfg, agent, 40);
        let mut parts = Training::new(&cfg, agent, 1);
        for k in [7, 13, 1, 19] {
            parts.advance(&cfg, agent, k);
        }
        assert!(parts.finished(&cfg));
        assert_eq!(whole.curve, parts.curve, "agent {agent}");
        let (a, b) = (whole.result(&cfg, agent, 1), parts.result(&cfg, agent, 1));
        assert_eq!(a.params_digest, b.params_digest);
    }
}

/// The worker computes training runs a slice at a time (to show a growing curve and to pause
/// inside a run), alone or while helpers compute other units: the results are those of a run
/// stepped whole, and the partial results show the run in training.
#[test]
fn runs_computed_in_slices_give_the_same_bits() {
    use agora_engine::experiment::{Experiment, Runner};
    use agora_engine::lab::{LabRunner, Sliced};
    use agora_engine::metarl::MetarlRunner;
    let mut cfg = agora_engine::metarl::presets::ablation();
    cfg.agents.truncate(2);
    cfg.seeds = 2;
    cfg.updates = 50;
    cfg.eval.every = 10;
    cfg.eval.blocks = 20;
    let whole = Runner::new(&Experiment::Metarl(cfg.clone()))
        .unwrap()
        .run_to_end();

    // Alone, a slice per call.
    let mut r = MetarlRunner::new(&cfg).unwrap();
    assert!(r.sliced());
    let mut live_updates = Vec::new();
    while !r.is_complete() {
        r.step_sliced(1);
        let lives = r.results().live;
        assert!(lives.len() <= 1, "alone, one run trains at a time");
        if let Some(live) = lives.into_iter().next() {
            assert!(live.done < live.updates);
            assert_eq!(live.curve.len() as u64, live.done / 10);
            assert!(!live.params.is_empty());
            live_updates.push(live.done);
        }
    }
    assert!(live_updates.len() >= 4 * 2, "{live_updates:?}");
    assert!(r.results().live.is_empty());
    assert_eq!(
        agora_engine::Results::Metarl(r.results()).digest(),
        whole.digest()
    );

    // A coordinator slices unit 6 (the last run) while units 0..6 come from elsewhere; a
    // slice of a unit that is not the live one starts it afresh.
    let mut coordinator = MetarlRunner::new(&cfg).unwrap();
    let mut helper = MetarlRunner::new(&cfg).unwrap();
    let last = cfg.unit_count() - 1;
    assert!(matches!(
        coordinator.compute_slice(last),
        Some(Sliced::Partial)
    ));
    assert_eq!(
        coordinator
            .results()
            .live
            .iter()
            .map(|l| l.done)
            .collect::<Vec<_>>(),
        [16]
    );
    // A helper part way through unit 5 reports it; the coordinator shows both runs in unit
    // order, refuses a report that is not of a run in progress, and forgets the helper's
    // once that unit is committed.
    let helper_unit = last - 1;
    assert!(matches!(
        helper.compute_slice(helper_unit),
        Some(Sliced::Partial)
    ));
    let report = helper.slice_progress().unwrap();
    coordinator
        .note_progress(helper_unit, Some(&report))
        .unwrap();
    let lives = coordinator.results().live;
    assert_eq!(lives.len(), 2);
    assert_eq!(
        (lives[0].agent, lives[0].seed_index, lives[0].done),
        (1, 0, 16)
    );
    assert_eq!((lives[1].agent, lives[1].seed_index), (1, 1));
    assert!(coordinator.note_progress(0, Some(&report)).is_err());
    assert!(coordinator.note_progress(last - 2, Some(&report)).is_err());
    assert!(coordinator
        .note_progress(helper_unit, Some("{\"agent\":"))
        .is_err());
    for u in 0..last {
        coordinator.commit(helper.compute(u).unwrap());
    }
    assert_eq!(coordinator.results().live.len(), 1);
    let out = loop {
        if let Some(Sliced::Done(o)) = coordinator.compute_slice(last) {
            break o;
        }
    };
    coordinator.commit(out);
    assert!(coordinator.is_complete());
    assert_eq!(
        agora_engine::Results::Metarl(coordinator.results()).digest(),
        whole.digest()
    );
}

#[test]
fn outcomes_survive_json_as_workers_send_them() {
    use agora_engine::metarl::run::MetarlOutcome;
    let mut cfg = agora_engine::metarl::presets::blocks();
    cfg.updates = 10;
    cfg.eval.every = 5;
    cfg.eval.blocks = 10;
    for unit in 0..cfg.unit_count() {
        let o = cfg.compute_unit(unit).unwrap();
        let back: MetarlOutcome =
            serde_json::from_str(&serde_json::to_string(&o).unwrap()).unwrap();
        assert_eq!(back, o, "unit {unit}");
    }
}

#[test]
fn bad_experiments_name_the_field() {
    let mut cfg = agora_engine::metarl::presets::ablation();
    cfg.agents[2].train.hidden = 0;
    assert_eq!(cfg.validate().unwrap_err().field, "agents[2].train.hidden");
    let mut cfg = agora_engine::metarl::presets::blocks();
    cfg.seeds = 100;
    assert_eq!(cfg.validate().unwrap_err().field, "seeds");
    let mut cfg = agora_engine::metarl::presets::rl2_large();
    cfg.baselines
        .push(agora_engine::metarl::baselines::Baseline::BayesOptimal);
    assert_eq!(cfg.validate().unwrap_err().field, "baselines[5].kind");
    let mut cfg = agora_engine::metarl::presets::blocks();
    cfg.agents[0].train_block_mean = Some(0.0);
    assert_eq!(
        cfg.validate().unwrap_err().field,
        "agents[0].train_block_mean"
    );
}

/// A learning curve is kept per evaluation, not per update, and an experiment's curves are
/// bounded: 64 runs evaluated after each of a million updates would keep 64 million points
/// (gigabytes in the browser). Refused naming `eval.every`, with the interval that fits.
#[test]
fn learning_curves_are_bounded() {
    use agora_engine::metarl::MAX_CURVE_POINTS;
    let mut cfg = agora_engine::metarl::presets::blocks();
    let runs = cfg.agents.len() * cfg.seeds;
    cfg.updates = 1_000_000;
    cfg.eval.every = 1;
    let e = cfg.validate().unwrap_err();
    assert_eq!(e.field, "eval.every");
    let every = 1_000_000usize.div_ceil(MAX_CURVE_POINTS / runs);
    assert!(
        e.message
            .contains(&format!("evaluate every {every} updates")),
        "{}",
        e.message
    );
    // The interval it names is accepted (as far as the curves go), and one less is not.
    cfg.eval.every = every;
    assert!(cfg.validate().map_err(|e| e.field).err() != Some("eval.every".into()));
    cfg.eval.every = every - 1;
    assert_eq!(cfg.validate().unwrap_err().field, "eval.every");
    // Every preset is far inside the bound.
    for (name, _, _, c) in agora_engine::metarl::presets::all() {
        let points = c.agents.len() * c.seeds * c.updates.div_ceil(c.eval.every);
        assert!(points * 10 <= MAX_CURVE_POINTS, "{name}: {points}");
    }
}

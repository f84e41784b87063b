//! The meta-RL lab's gridworld: its players against independent derivations, its walls, its
//! determinism, and the `metarl-gridworld` preset's finding.

#![allow(clippy::disallowed_methods)] // the tests combine errors with std

use agora_engine::metarl::baselines::Baseline;
use agora_engine::metarl::eval::{evaluate_task, EvalStats};
use agora_engine::metarl::grid::GridTask;
use agora_engine::metarl::tasks::Task;
use std::time::Instant;

fn play(grid: &GridTask, b: &Baseline, blocks: u64) -> EvalStats {
    let task = Task::Grid(grid.clone());
    b.validate_for(&task).unwrap();
    let mut p = b.build_for(&task).unwrap();
    evaluate_task(&task, p.as_mut(), 7, 0, blocks, false)
}

/// One move on a `size` x `size` grid, written out on coordinates (not the engine's code):
/// 0 up, 1 down, 2 left, 3 right; a move off the grid stays.
fn moved(size: i64, cell: usize, action: usize) -> usize {
    let (r, c) = ((cell as i64) / size, (cell as i64) % size);
    let (dr, dc) = [(-1, 0), (1, 0), (0, -1), (0, 1)][action];
    let (nr, nc) = (r + dr, c + dc);
    if nr < 0 || nc < 0 || nr >= size || nc >= size {
        cell
    } else {
        (nr * size + nc) as usize
    }
}

/// The random walk's chance of reaching `goal` within `steps` moves from the centre: the
/// distribution over cells not yet absorbed, pushed `steps` times through the chain.
fn walk_success(size: i64, steps: usize, goal: usize) -> f64 {
    let cells = (size * size) as usize;
    let mut p = vec![0.0; cells];
    p[cells / 2] = 1.0;
    let mut absorbed = 0.0;
    for _ in 0..steps {
        let mut next = vec![0.0; cells];
        for (c, &m) in p.iter().enumerate() {
            for a in 0..4 {
                let n = moved(size, c, a);
                if n == goal {
                    absorbed += m / 4.0;
                } else {
                    next[n] += m / 4.0;
                }
            }
        }
        p = next;
    }
    absorbed
}

#[test]
fn the_random_walk_succeeds_as_often_as_its_markov_chain_says() {
    let grid = GridTask::new(5, 12, 10.0);
    let want = (0..25)
        .filter(|&g| g != 12)
        .map(|g| walk_success(5, 12, g))
        .sum::<f64>()
        / 24.0;
    let s = play(&grid, &Baseline::RandomWalk, 4000);
    assert!(
        (s.episode_total - want).abs() <= 3.0 * s.se_episode_total,
        "{} ± {} vs {want}",
        s.episode_total,
        s.se_episode_total
    );
    // Without memory the walk does not improve through a block.
    assert!((s.by_episode[0] - want).abs() < 0.04, "{}", s.by_episode[0]);
}

#[test]
fn the_oracle_walks_the_mean_manhattan_distance() {
    // From the centre of a 5 x 5 grid the other 24 cells lie at Manhattan distances summing
    // to 2 x 5 x (2 + 1 + 0 + 1 + 2) = 60: a mean of 60 / 24 = 2.5 moves.
    let grid = GridTask::new(5, 12, 10.0);
    let s = play(&grid, &Baseline::Oracle, 4000);
    let g = s.grid.as_ref().unwrap();
    assert_eq!(s.episode_total, 1.0);
    assert!(
        (g.steps_per_episode - 2.5).abs() <= 3.0 * g.se_steps_per_episode,
        "{} ± {}",
        g.steps_per_episode,
        g.se_steps_per_episode
    );
    // Every oracle move shortens the distance.
    assert_eq!(s.best_arm_share, 1.0);
}

#[test]
fn the_search_finds_half_the_goals_in_the_first_episode_and_then_exploits() {
    // Twelve moves, each onto a cell not seen before, cover 12 of the 24 possible goals.
    let grid = GridTask::new(5, 12, 10.0);
    let s = play(&grid, &Baseline::Search, 4000);
    let se = (0.25f64 / 4000.0).sqrt();
    assert!(
        (s.by_episode[0] - 0.5).abs() <= 3.0 * se,
        "{}",
        s.by_episode[0]
    );
    // By the second episode the other 12 cells are within reach (the walk back to them plus
    // the search fits in 12 moves for most), and from the third on the goal is known.
    assert!(s.by_episode[2] == 1.0, "{:?}", &s.by_episode[..5]);
    let g = s.grid.as_ref().unwrap();
    assert!(g.visits_first.iter().sum::<f64>() > 0.999);
    assert!(g.visits_later_blocks > 0 && g.visits_later_blocks < 4000);
}

#[test]
fn moves_off_the_grid_keep_the_position() {
    let grid = GridTask::new(5, 12, 10.0);
    for cell in 0..25 {
        for a in 0..4 {
            assert_eq!(
                grid.step(cell, a),
                moved(5, cell, a),
                "cell {cell} action {a}"
            );
        }
    }
    // The top row going up, the left column going left stay put.
    assert!((0..5).all(|c| grid.step(c, 0) == c));
    assert!((0..5).all(|r| grid.step(5 * r, 2) == 5 * r));
}

#[test]
fn bandit_players_are_refused_on_the_grid_and_grid_players_on_bandits() {
    let mut cfg = agora_engine::metarl::presets::gridworld();
    cfg.baselines.push(Baseline::Greedy);
    let e = cfg.validate().unwrap_err();
    assert_eq!(e.field, "baselines[3].kind", "{e:?}");
    let mut cfg = agora_engine::metarl::presets::blocks();
    cfg.baselines.push(Baseline::Oracle);
    assert_eq!(cfg.validate().unwrap_err().field, "baselines[6].kind");
    let mut cfg = agora_engine::metarl::presets::gridworld();
    cfg.grid.as_mut().unwrap().size = 4;
    assert_eq!(cfg.validate().unwrap_err().field, "grid.size");
}

#[test]
fn old_configs_without_a_grid_read_as_before() {
    let cfg = agora_engine::metarl::presets::blocks();
    let json = serde_json::to_string(&cfg).unwrap();
    assert!(!json.contains("grid"));
    let back: agora_engine::metarl::MetarlExperiment = serde_json::from_str(&json).unwrap();
    assert_eq!(back, cfg);
    let grid = agora_engine::metarl::presets::gridworld();
    let back: agora_engine::metarl::MetarlExperiment =
        serde_json::from_str(&serde_json::to_string(&grid).unwrap()).unwrap();
    assert_eq!(back, grid);
}

#[test]
fn grid_training_in_chunks_gives_the_same_bits() {
    use agora_engine::metarl::run::Training;
    let mut cfg = agora_engine::metarl::presets::gridworld();
    cfg.updates = 30;
    cfg.eval.every = 10;
    cfg.eval.blocks = 10;
    for agent in 0..cfg.agents.len() {
        let mut whole = Training::new(&cfg, agent, 0);
        whole.advance(&cfg, agent, 30);
        let mut parts = Training::new(&cfg, agent, 0);
        for k in [7, 13, 1, 9] {
            parts.advance(&cfg, agent, k);
        }
        assert!(parts.finished(&cfg));
        assert_eq!(whole.curve, parts.curve, "agent {agent}");
        let (a, b) = (whole.result(&cfg, agent, 0), parts.result(&cfg, agent, 0));
        assert_eq!(a.params_digest, b.params_digest);
        assert_eq!(a.eval, b.eval);
    }
}

/// The preset's numbers (`cargo test -p agora-engine --test metarl_grid -- --ignored
/// --nocapture`).
#[test]
#[ignore]
fn print_gridworld_preset() {
    let cfg = agora_engine::metarl::presets::gridworld();
    let t0 = Instant::now();
    for unit in 0..cfg.unit_count() {
        let t = Instant::now();
        let o = cfg.compute_unit(unit).unwrap();
        let (label, eval, curve) = match o {
            agora_engine::metarl::run::MetarlOutcome::Baseline(b) => (b.label, b.eval, vec![]),
            agora_engine::metarl::run::MetarlOutcome::Run(r) => (
                cfg.agents[r.agent].label(),
                r.eval,
                r.curve.iter().map(|p| p.eval_reward).collect(),
            ),
            agora_engine::metarl::run::MetarlOutcome::Llm(_) => continue,
        };
        let g = eval.grid.unwrap();
        println!(
            "{label:<40} success {:.3} ± {:.3}  steps {:.2}  by episode {:?}  curve {:?}  ({:.1} s)",
            eval.episode_total,
            eval.se_episode_total,
            g.steps_per_episode,
            eval.by_episode[..10]
                .iter()
                .map(|x| (x * 1000.0).round() / 1000.0)
                .collect::<Vec<_>>(),
            curve,
            t.elapsed().as_secs_f64()
        );
    }
    println!("total {:.1} s", t0.elapsed().as_secs_f64());
}

#[test]
fn gridworld_preset_remembers_the_goal_across_episodes() {
    use agora_engine::experiment::{Experiment, Results};
    let p = agora_engine::presets::all()
        .into_iter()
        .find(|p| p.name == "metarl-gridworld")
        .unwrap();
    let t0 = Instant::now();
    let out = p.experiment.run_on_threads(2).unwrap();
    let elapsed = t0.elapsed().as_secs_f64();
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("data/preset-digests.json")).unwrap();
    if std::env::var_os("AGORA_PRINT_DIGESTS").is_some() {
        println!("\"metarl-gridworld\": \"{}\", ({elapsed:.1} s)", out.digest);
    } else {
        assert_eq!(
            out.digest,
            golden["presets"]["metarl-gridworld"].as_str().unwrap(),
            "digest"
        );
    }
    let (Experiment::Metarl(cfg), Results::Metarl(r)) = (p.experiment, out.results) else {
        panic!("metarl-gridworld is a meta-RL preset");
    };
    assert_eq!(cfg.agents.len(), 2);
    // Success in episodes 5 to 10 of a block (blocks that last that long), and its error.
    let later = |e: &EvalStats| -> (f64, f64) {
        let (mut s, mut n) = (0.0, 0.0);
        for j in 4..10 {
            s += e.by_episode[j] * e.by_episode_blocks[j] as f64;
            n += e.by_episode_blocks[j] as f64;
        }
        (s / n, (0.25 / e.by_episode_blocks[9] as f64).sqrt())
    };
    let full = &r.runs.iter().find(|x| x.agent == 0).unwrap().eval;
    let reset = &r.runs.iter().find(|x| x.agent == 1).unwrap().eval;
    let first_se = (0.25 / full.by_episode_blocks[0] as f64).sqrt();
    let (full_later, later_se) = later(full);
    let (reset_later, _) = later(reset);
    let msg = format!(
        "full {:?}, reset {:?}",
        &full.by_episode[..10],
        &reset.by_episode[..10]
    );
    // With memory the agent goes back to a goal it found: later episodes succeed clearly more
    // often than the first, and than the agent that forgets between episodes.
    assert!(
        full_later > full.by_episode[0] + 3.0 * (first_se + later_se),
        "{msg}"
    );
    assert!(full_later > reset_later + 3.0 * 2.0 * later_se, "{msg}");
    // Without memory every episode is the first: no climb through the block.
    assert!(
        (reset_later - reset.by_episode[0]).abs() < 3.0 * (first_se + later_se),
        "{msg}"
    );
    // Between the random walk and the oracle.
    let base = |l: &str| &r.baselines.iter().find(|b| b.label == l).unwrap().eval;
    assert!(
        full.episode_total > base("Random walk").episode_total,
        "{msg}"
    );
    assert!(full.episode_total < base("Oracle").episode_total, "{msg}");
    println!("metarl-gridworld: {elapsed:.1} s on 2 threads; {msg}");
}

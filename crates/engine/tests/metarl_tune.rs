#![allow(clippy::disallowed_methods)]
//! Scratch: training experiments (ignored).
use agora_engine::metarl::presets;
use agora_engine::metarl::run::Training;
use std::time::Instant;

fn show(cfg: &agora_engine::metarl::MetarlExperiment, agent: usize) {
    let t0 = Instant::now();
    let mut t = Training::new(cfg, agent, 0);
    while !t.finished(cfg) {
        t.advance(cfg, agent, cfg.eval.every as u64);
        let p = t.curve.last().unwrap();
        println!(
            "{:>6} train {:.3} eval {:.3} loss {:.4}  {:.1}s",
            p.update,
            p.train_reward,
            p.eval_reward,
            p.loss,
            t0.elapsed().as_secs_f64()
        );
    }
}

#[test]
#[ignore]
fn tune() {
    let which = std::env::var("WHICH").unwrap_or_default();
    let updates: usize = std::env::var("UPDATES")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(500);
    let mut cfg = match which.as_str() {
        "rl2" => presets::rl2(),
        _ => presets::ablation(),
    };
    cfg.updates = updates;
    if let Ok(lr) = std::env::var("LR") {
        for a in &mut cfg.agents {
            a.train.adam.lr = lr.parse().unwrap();
        }
    }
    if let Ok(h) = std::env::var("HIDDEN") {
        for a in &mut cfg.agents {
            a.train.hidden = h.parse().unwrap();
        }
    }
    if let Ok(e) = std::env::var("ENT") {
        for a in &mut cfg.agents {
            if let agora_engine::metarl::train::Method::A2c(p) = &mut a.train.method {
                p.entropy = e.parse().unwrap();
            }
        }
    }
    if let Ok(b) = std::env::var("BATCH") {
        for a in &mut cfg.agents {
            if let agora_engine::metarl::train::Method::A2c(p) = &mut a.train.method {
                p.batch_blocks = b.parse().unwrap();
            }
        }
    }
    if let Ok(g) = std::env::var("GAMMA") {
        for a in &mut cfg.agents {
            a.train.gamma = g.parse().unwrap();
        }
    }
    let agent: usize = std::env::var("AGENT")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    println!("{}", cfg.agents[agent].label());
    show(&cfg, agent);
}

#[test]
#[ignore]
fn debug_actions() {
    use agora_engine::metarl::baselines::BlockPlayer;
    use agora_engine::rng::Rng;
    let mut cfg = presets::ablation();
    cfg.updates = 200;
    let mut t = Training::new(&cfg, 0, 0);
    for round in 0..4 {
        let mut a = t.agent();
        let mut block = cfg.task.block(1, round);
        a.start_block(&cfg.task);
        let mut rng = Rng::stream(3, &[]);
        let mut s = String::new();
        for _ in 0..block.episodes.min(12) {
            let arm = a.choose(&mut rng);
            let r = block.pull(arm);
            s += &format!("{arm}:{r} q={:.2?} ", a.outputs());
            a.observe(arm, r, true);
        }
        println!("after {} updates, means {:.2?}: {s}", t.done, block.means);
        t.advance(&cfg, 0, 50);
    }
}

#[test]
#[ignore]
fn baselines_on_blocks() {
    use agora_engine::metarl::eval::evaluate;
    for n in [5.0, 10.0, 20.0] {
        let mut cfg = presets::blocks();
        cfg.task = agora_engine::metarl::tasks::BanditTask::blocks(3, n);
        for b in &cfg.baselines {
            let mut p = b.build(&cfg.task).unwrap();
            let s = evaluate(&cfg.task, p.as_mut(), 1, 0, 20000, false);
            println!(
                "n={n} {:<20} {:.4} ± {:.4}",
                b.label(),
                s.reward_per_pull,
                s.se_per_pull
            );
        }
    }
}

#[test]
#[ignore]
fn preset_digests() {
    for p in agora_engine::presets::all() {
        if p.experiment.lab() != "metarl" {
            continue;
        }
        let t0 = Instant::now();
        let d = p.experiment.run_on_threads(2).unwrap().digest;
        println!("{} {} {:.1}s", p.name, d, t0.elapsed().as_secs_f64());
    }
}

//! Batch runs: R repetitions, every policy on the same reward draws per repetition.
//!
//! Repetition r realizes the environment from stream `["bandits/env", r]`; policy p draws from
//! `["bandits/policy", r, <p's canonical JSON>, <occurrence of that JSON>]`, so adding,
//! removing or reordering a policy never changes another policy's draws. Statistics are
//! accumulated in repetition order, so the results do not depend on how the work is chunked.

use super::environment::EnvRun;
use super::policy::{Context, Policy};
use super::BanditExperiment;
use crate::error::ConfigError;
use crate::rng::{Key, Rng};
use crate::stats::Running;
use serde::{Deserialize, Serialize};

/// Round numbers at which curves are recorded: about 100 evenly spaced and 100 geometrically
/// spaced rounds in 1..=T (so curves look right on linear and log time axes), always with T.
pub fn checkpoints(horizon: usize) -> Vec<usize> {
    let mut pts = Vec::new();
    let n = 100usize;
    for i in 1..=n {
        pts.push(((horizon as u128 * i as u128) / n as u128) as usize);
    }
    let lt = libm::log(horizon as f64);
    for i in 0..=n {
        pts.push(libm::round(libm::exp(lt * i as f64 / n as f64)) as usize);
    }
    pts.retain(|&t| t >= 1 && t <= horizon);
    pts.push(horizon);
    pts.sort_unstable();
    pts.dedup();
    pts
}

/// One policy's aggregated results.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PolicyResult {
    /// Display label, e.g. "UCB1".
    pub label: String,
    /// The policy's `kind`.
    pub kind: String,
    /// Mean cumulative pseudo-regret at each checkpoint: sum_s (mu_s(best) - mu_s(a_s)).
    pub regret_mean: Vec<f64>,
    /// Half-width of the 95 % confidence interval of that mean (1.96 s / sqrt(R)).
    pub regret_ci95: Vec<f64>,
    /// Mean cumulative realized regret at each checkpoint: sum_s (mu_s(best) - X_s).
    pub realized_regret_mean: Vec<f64>,
    /// Mean fraction of rounds 1..t in which the comparator's arm was pulled.
    pub best_arm_fraction: Vec<f64>,
    /// Final pseudo-regret of each repetition, in repetition order.
    pub final_regret: Vec<f64>,
    /// Mean number of pulls of each arm at the horizon.
    pub pulls_mean: Vec<f64>,
    /// Mean total reward collected.
    pub reward_mean: f64,
}

/// Everything a bandit experiment produces; its digest identifies the run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BanditResults {
    pub horizon: usize,
    pub arms: usize,
    /// Repetitions finished (equal to the config's when `complete`).
    pub repetitions: usize,
    pub complete: bool,
    /// Rounds at which the curves are recorded.
    pub checkpoints: Vec<usize>,
    /// Lai-Robbins constant C: the asymptotic lower bound curve is C ln t (when defined).
    pub lai_robbins: Option<f64>,
    pub policies: Vec<PolicyResult>,
}

struct Acc {
    regret: Vec<Running>,
    realized: Vec<Running>,
    best_frac: Vec<Running>,
    final_regret: Vec<f64>,
    pulls: Vec<Running>,
    reward: Running,
}

/// Runs an experiment a few repetitions at a time (for progress bars and cancelling) with
/// results identical to running it in one go.
pub struct BanditRunner {
    cfg: BanditExperiment,
    checkpoints: Vec<usize>,
    stream_ids: Vec<(String, u64)>,
    acc: Vec<Acc>,
    done: usize,
}

impl BanditRunner {
    /// Validate `cfg` and prepare to run it.
    pub fn new(cfg: &BanditExperiment) -> Result<Self, ConfigError> {
        cfg.validate()?;
        let cps = checkpoints(cfg.horizon);
        let k = cfg.environment.arms();
        let mut stream_ids: Vec<(String, u64)> = Vec::new();
        for p in &cfg.policies {
            let id = serde_json::to_string(p).expect("policy config serializes");
            let occurrence = stream_ids.iter().filter(|(s, _)| *s == id).count() as u64;
            stream_ids.push((id, occurrence));
        }
        let acc = cfg
            .policies
            .iter()
            .map(|_| Acc {
                regret: vec![Running::default(); cps.len()],
                realized: vec![Running::default(); cps.len()],
                best_frac: vec![Running::default(); cps.len()],
                final_regret: Vec::with_capacity(cfg.repetitions),
                pulls: vec![Running::default(); k],
                reward: Running::default(),
            })
            .collect();
        Ok(BanditRunner {
            cfg: cfg.clone(),
            checkpoints: cps,
            stream_ids,
            acc,
            done: 0,
        })
    }

    pub fn config(&self) -> &BanditExperiment {
        &self.cfg
    }

    /// Repetitions finished so far.
    pub fn done(&self) -> usize {
        self.done
    }

    /// True when every repetition has run.
    pub fn is_complete(&self) -> bool {
        self.done >= self.cfg.repetitions
    }

    /// The random stream of policy `p` in repetition `rep`.
    pub fn policy_rng(seed: u64, rep: usize, id: &str, occurrence: u64) -> Rng {
        Rng::stream(
            seed,
            &[
                Key::Str("bandits/policy"),
                Key::Num(rep as u64),
                Key::Str(id),
                Key::Num(occurrence),
            ],
        )
    }

    /// The random stream ids (canonical JSON, occurrence) of the configured policies.
    pub fn stream_ids(&self) -> &[(String, u64)] {
        &self.stream_ids
    }

    /// Run up to `n` more repetitions; returns how many ran.
    pub fn step(&mut self, n: usize) -> usize {
        let todo = n.min(self.cfg.repetitions - self.done);
        for _ in 0..todo {
            self.run_repetition(self.done);
            self.done += 1;
        }
        todo
    }

    /// Run everything that is left and return the results.
    pub fn run_to_end(mut self) -> BanditResults {
        self.step(usize::MAX);
        self.results()
    }

    fn run_repetition(&mut self, rep: usize) {
        let cfg = &self.cfg;
        let setup = cfg.setup();
        let mut env: EnvRun = cfg.environment.realize(cfg.seed, rep, cfg.horizon);
        let np = cfg.policies.len();
        let mut pols: Vec<Box<dyn Policy>> = cfg.policies.iter().map(|p| p.build(&setup)).collect();
        let full: Vec<bool> = pols.iter().map(|p| p.full_feedback()).collect();
        let mut rngs: Vec<Rng> = self
            .stream_ids
            .iter()
            .map(|(id, occ)| Self::policy_rng(cfg.seed, rep, id, *occ))
            .collect();
        let mut regret = vec![0.0f64; np];
        let mut realized = vec![0.0f64; np];
        let mut best_pulls = vec![0u64; np];
        let mut reward = vec![0.0f64; np];
        let mut pulls = vec![vec![0u64; setup.arms]; np];
        let mut next_cp = 0usize;
        for t in 1..=cfg.horizon {
            let round = env.round(t);
            let ctx = Context {
                features: round.features,
                dim: setup.dim,
            };
            let best_mean = round.means[round.best];
            for i in 0..np {
                let a = pols[i].choose(t, ctx, &mut rngs[i]);
                let x = round.rewards[a];
                if full[i] {
                    pols[i].observe_all(t, a, round.rewards, ctx);
                } else {
                    pols[i].observe(t, a, x, ctx);
                }
                regret[i] += best_mean - round.means[a];
                realized[i] += best_mean - x;
                reward[i] += x;
                pulls[i][a] += 1;
                if round.means[a] == best_mean {
                    best_pulls[i] += 1;
                }
            }
            if self.checkpoints[next_cp] == t {
                for i in 0..np {
                    let acc = &mut self.acc[i];
                    acc.regret[next_cp].push(regret[i]);
                    acc.realized[next_cp].push(realized[i]);
                    acc.best_frac[next_cp].push(best_pulls[i] as f64 / t as f64);
                }
                next_cp += 1;
            }
        }
        for i in 0..np {
            let acc = &mut self.acc[i];
            acc.final_regret.push(regret[i]);
            acc.reward.push(reward[i]);
            for (a, &c) in pulls[i].iter().enumerate() {
                acc.pulls[a].push(c as f64);
            }
        }
    }

    /// Results over the repetitions finished so far.
    pub fn results(&self) -> BanditResults {
        let policies = self
            .cfg
            .policies
            .iter()
            .zip(&self.acc)
            .map(|(p, acc)| PolicyResult {
                label: p.label(),
                kind: p.kind().to_string(),
                regret_mean: acc.regret.iter().map(|r| r.mean).collect(),
                regret_ci95: acc.regret.iter().map(|r| r.ci95()).collect(),
                realized_regret_mean: acc.realized.iter().map(|r| r.mean).collect(),
                best_arm_fraction: acc.best_frac.iter().map(|r| r.mean).collect(),
                final_regret: acc.final_regret.clone(),
                pulls_mean: acc.pulls.iter().map(|r| r.mean).collect(),
                reward_mean: acc.reward.mean,
            })
            .collect();
        BanditResults {
            horizon: self.cfg.horizon,
            arms: self.cfg.environment.arms(),
            repetitions: self.done,
            complete: self.is_complete(),
            checkpoints: self.checkpoints.clone(),
            lai_robbins: self.cfg.environment.lai_robbins(),
            policies,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_cover_both_axes() {
        let c = checkpoints(10_000);
        assert_eq!(c[0], 1);
        assert_eq!(*c.last().unwrap(), 10_000);
        assert!(c.contains(&100) && c.contains(&5_000));
        assert!(c.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(checkpoints(1), vec![1]);
        assert_eq!(checkpoints(3), vec![1, 2, 3]);
    }
}

//! Batch runs: R repetitions, every policy on the same reward draws per repetition.
//!
//! Repetition r realizes the environment from stream `["bandits/env", r]`; policy p draws from
//! `["bandits/policy", r, <p's canonical JSON>, <occurrence of that JSON>]` (an LLM's server
//! address left out: [`crate::llm::agent::stream_id`]), so adding, removing or reordering a
//! policy never changes another policy's draws. Statistics are
//! accumulated in repetition order, so the results do not depend on how the work is chunked.

use super::environment::EnvRun;
use super::policy::{Context, Policy};
use super::BanditExperiment;
use crate::error::ConfigError;
use crate::lab::LabRunner;
use crate::llm::oracle::{probe_pending, record_reply};
use crate::llm::{AgentLink, AgentStats, Exchange, Oracle, OracleHandle, PendingCall, UnitEnd};
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
        pts.push(f64::round(libm::exp(lt * i as f64 / n as f64)) as usize);
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
    /// Krishnamurthy et al.'s SuffFailFreq(T/2): share of repetitions in which no arm with the
    /// best mean was chosen in rounds ceil(T/2)..=T (high: the policy stopped exploring).
    pub suff_fail_freq: f64,
    /// K * MinFrac(T): K times the smallest share of rounds any arm got, averaged over
    /// repetitions (near 1: uniform flailing; near 0: some arm was dropped).
    pub k_min_frac: f64,
    /// GreedyFrac: share of rounds 2..=T in which the chosen arm had the highest average
    /// observed reward so far among the arms already tried, averaged over repetitions.
    pub greedy_frac: f64,
    /// For an LLM player: decisions, fallbacks, corrective retries, calls and tokens.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm: Option<AgentStats>,
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
    suff_fail: Running,
    k_min_frac: Running,
    greedy_frac: Running,
}

/// What one repetition adds to every policy's statistics, kept until the repetition is
/// complete (an LLM player may leave it waiting for a reply, and then it is dropped). It is
/// computed by whichever runner plays the repetition (another thread or Web Worker) and
/// committed in repetition order.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RepOutcome {
    /// `[regret, realized regret, best-arm fraction]` per policy and checkpoint.
    at_checkpoints: Vec<Vec<[f64; 3]>>,
    regret: Vec<f64>,
    reward: Vec<f64>,
    pulls: Vec<Vec<u64>>,
    suff_fail: Vec<bool>,
    greedy: Vec<u64>,
}

/// Runs an experiment a few repetitions at a time (for progress bars and cancelling) with
/// results identical to running it in one go.
pub struct BanditRunner {
    cfg: BanditExperiment,
    checkpoints: Vec<usize>,
    stream_ids: Vec<(String, u64)>,
    acc: Vec<Acc>,
    done: usize,
    /// Answers the LLM players from the experiment's transcript.
    oracle: OracleHandle,
    /// Set when a repetition could not be completed from the transcript.
    stop: Option<UnitEnd>,
}

impl BanditRunner {
    /// Validate `cfg` and prepare to run it.
    pub fn new(cfg: &BanditExperiment) -> Result<Self, ConfigError> {
        cfg.validate()?;
        let cps = checkpoints(cfg.horizon);
        let k = cfg.environment.arms();
        let mut stream_ids: Vec<(String, u64)> = Vec::new();
        for p in &cfg.policies {
            let id = crate::llm::agent::stream_id(p).expect("policy config serializes");
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
                suff_fail: Running::default(),
                k_min_frac: Running::default(),
                greedy_frac: Running::default(),
            })
            .collect();
        Ok(BanditRunner {
            cfg: cfg.clone(),
            checkpoints: cps,
            stream_ids,
            acc,
            done: 0,
            oracle: Oracle::handle(cfg.transcript.clone()),
            stop: None,
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
        LabRunner::step(self, n)
    }

    /// Simulated pulls so far: horizon x policies x repetitions done.
    pub fn work_done(&self) -> u64 {
        self.cfg.horizon as u64 * self.cfg.policies.len() as u64 * self.done as u64
    }

    /// Why the run stopped before the end: a repetition waits for an LLM reply
    /// ([`UnitEnd::Pending`], see [`BanditRunner::pending_calls`]) or the transcript does not
    /// match ([`UnitEnd::Mismatch`]).
    pub fn stopped(&self) -> Option<&UnitEnd> {
        self.stop.as_ref()
    }

    /// The next request of each of the next `max` repetitions that wait for an LLM reply,
    /// starting with the one the run stopped at. Repetitions are independent, so their
    /// requests can be sent at the same time.
    pub fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        if matches!(self.stop, Some(UnitEnd::Mismatch(_))) {
            return Vec::new();
        }
        let stop = self.stop.take();
        let oracle = self.oracle.clone();
        let reps = self.done..self.cfg.repetitions;
        let out = probe_pending(&oracle, max, reps, |rep| self.run_repetition(rep).is_some());
        self.stop = stop;
        out
    }

    /// Add the reply to a pending call; the next [`BanditRunner::step`] goes on from there.
    pub fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        record_reply(&self.oracle, &mut self.stop, call, exchange)
    }

    /// The oracle that answers the LLM players (its transcript, statistics, seen exchanges).
    pub fn oracle(&self) -> &OracleHandle {
        &self.oracle
    }

    pub fn run_to_end(self) -> BanditResults {
        LabRunner::run_to_end(self)
    }

    /// Play repetition `rep`; `None` (with [`BanditRunner::stopped`] set) when an LLM player
    /// is waiting for a reply or the transcript does not match.
    fn run_repetition(&mut self, rep: usize) -> Option<RepOutcome> {
        let cfg = &self.cfg;
        let setup = cfg.setup();
        let mut env: EnvRun = cfg.environment.realize(cfg.seed, rep, cfg.horizon);
        let np = cfg.policies.len();
        let k = setup.arms;
        let mut pols: Vec<Box<dyn Policy>> = cfg.policies.iter().map(|p| p.build(&setup)).collect();
        let llm = cfg.has_llm();
        if llm {
            for (i, p) in pols.iter_mut().enumerate() {
                p.connect(&AgentLink {
                    oracle: self.oracle.clone(),
                    agent: agent_name(i),
                    rounds: cfg.horizon,
                });
            }
            self.oracle.borrow_mut().begin_unit(rep);
        }
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
        // Per policy and arm (policy i's arm a at i * k + a): pulls, observed reward sums and
        // their averages (kept so that a pull needs one division, not two); per policy the best
        // average so far and the round a best-mean arm was last chosen (for GreedyFrac and
        // SuffFailFreq).
        let mut pulls = vec![0u64; np * k];
        let mut sums = vec![0.0f64; np * k];
        let mut avgs = vec![0.0f64; np * k];
        let mut best_avg = vec![f64::NEG_INFINITY; np];
        let mut greedy = vec![0u64; np];
        let mut last_best = vec![0usize; np];
        let mut at_checkpoints = vec![Vec::with_capacity(self.checkpoints.len()); np];
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
                let row = i * k..(i + 1) * k;
                let (pulls, sums, avgs) = (
                    &mut pulls[row.clone()],
                    &mut sums[row.clone()],
                    &mut avgs[row],
                );
                let was_best = pulls[a] > 0 && avgs[a] == best_avg[i];
                greedy[i] += u64::from(was_best);
                pulls[a] += 1;
                sums[a] += x;
                let avg = sums[a] / pulls[a] as f64;
                avgs[a] = avg;
                if avg >= best_avg[i] {
                    best_avg[i] = avg;
                } else if was_best {
                    // The leader fell: find the best average again.
                    best_avg[i] = (0..k)
                        .filter(|&b| pulls[b] > 0)
                        .map(|b| avgs[b])
                        .fold(f64::NEG_INFINITY, f64::max);
                }
                if round.means[a] == best_mean {
                    best_pulls[i] += 1;
                    last_best[i] = t;
                }
            }
            if self.checkpoints[next_cp] == t {
                for i in 0..np {
                    at_checkpoints[i].push([
                        regret[i],
                        realized[i],
                        best_pulls[i] as f64 / t as f64,
                    ]);
                }
                next_cp += 1;
            }
        }
        if llm {
            let end = self.oracle.borrow_mut().end_unit();
            if end != UnitEnd::Done {
                self.stop = Some(end);
                return None;
            }
        }
        let half = cfg.horizon.div_ceil(2);
        Some(RepOutcome {
            at_checkpoints,
            regret,
            reward,
            pulls: pulls.chunks_exact(k).map(<[u64]>::to_vec).collect(),
            suff_fail: last_best.iter().map(|&l| l < half).collect(),
            greedy,
        })
    }

    /// Add a completed repetition to the statistics.
    fn commit_repetition(&mut self, out: RepOutcome) {
        let horizon = self.cfg.horizon;
        for (i, acc) in self.acc.iter_mut().enumerate() {
            for (cp, v) in out.at_checkpoints[i].iter().enumerate() {
                acc.regret[cp].push(v[0]);
                acc.realized[cp].push(v[1]);
                acc.best_frac[cp].push(v[2]);
            }
            acc.final_regret.push(out.regret[i]);
            acc.reward.push(out.reward[i]);
            for (a, &c) in out.pulls[i].iter().enumerate() {
                acc.pulls[a].push(c as f64);
            }
            acc.suff_fail.push(f64::from(u8::from(out.suff_fail[i])));
            let k = out.pulls[i].len();
            let min = out.pulls[i].iter().copied().min().unwrap_or(0);
            acc.k_min_frac.push(k as f64 * min as f64 / horizon as f64);
            let rounds = horizon.saturating_sub(1).max(1);
            acc.greedy_frac.push(out.greedy[i] as f64 / rounds as f64);
        }
    }

    pub fn results(&self) -> BanditResults {
        let policies = self
            .cfg
            .policies
            .iter()
            .zip(&self.acc)
            .enumerate()
            .map(|(i, (p, acc))| PolicyResult {
                label: p.label(),
                kind: p.kind().to_string(),
                regret_mean: acc.regret.iter().map(|r| r.mean).collect(),
                regret_ci95: acc.regret.iter().map(|r| r.ci95()).collect(),
                realized_regret_mean: acc.realized.iter().map(|r| r.mean).collect(),
                best_arm_fraction: acc.best_frac.iter().map(|r| r.mean).collect(),
                final_regret: acc.final_regret.clone(),
                pulls_mean: acc.pulls.iter().map(|r| r.mean).collect(),
                reward_mean: acc.reward.mean,
                suff_fail_freq: acc.suff_fail.mean,
                k_min_frac: acc.k_min_frac.mean,
                greedy_frac: acc.greedy_frac.mean,
                llm: p.is_llm().then(|| self.agent_stats(i)),
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

impl LabRunner for BanditRunner {
    type Results = BanditResults;
    type Outcome = RepOutcome;

    fn total(&self) -> usize {
        self.cfg.repetitions
    }

    fn done(&self) -> usize {
        self.done
    }

    /// Every repetition is independent, except with LLM players (their oracle counts the
    /// calls of the repetitions it answers).
    fn independent_until(&self) -> usize {
        if self.cfg.has_llm() {
            self.done
        } else {
            self.cfg.repetitions
        }
    }

    fn compute(&mut self, unit: usize) -> Option<RepOutcome> {
        self.run_repetition(unit)
    }

    fn commit(&mut self, outcome: RepOutcome) {
        self.commit_repetition(outcome);
        self.done += 1;
    }

    fn results(&self) -> BanditResults {
        BanditRunner::results(self)
    }

    fn work_done(&self) -> u64 {
        BanditRunner::work_done(self)
    }

    fn stopped(&self) -> Option<&UnitEnd> {
        self.stop.as_ref()
    }

    fn pending_calls(&mut self, max: usize) -> Vec<PendingCall> {
        BanditRunner::pending_calls(self, max)
    }

    fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        BanditRunner::record(self, call, exchange)
    }

    fn oracle(&self) -> Option<&OracleHandle> {
        self.cfg.has_llm().then_some(&self.oracle)
    }
}

/// The name an LLM policy asks under: "policy 1" for the first policy.
pub fn agent_name(i: usize) -> String {
    format!("policy {}", i + 1)
}

impl BanditRunner {
    fn agent_stats(&self, i: usize) -> AgentStats {
        self.oracle.borrow().stats_of(&agent_name(i))
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

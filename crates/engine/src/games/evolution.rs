//! Evolution in a population of strategies: ecological (discrete replicator) dynamics, the
//! Moran process with mutation, and the rounds of Nicky Case's *The Evolution of Trust*.
//!
//! - [`EcologyConfig`]: shares of an infinite population evolve by the discrete replicator
//!   map `x_i' = x_i (A x)_i / (x^T A x)` on a payoff matrix `A` (Axelrod's `Ecosystem`, which
//!   uses a tournament's mean payoff matrix; Taylor & Jonker 1978 for the continuous version).
//! - [`MoranConfig`]: a finite population of `N` individuals; each step one is born with
//!   probability proportional to fitness, its offspring mutates with probability `mu`, and one
//!   individual chosen uniformly dies (Moran 1958; Nowak, *Evolutionary Dynamics*, 2006,
//!   ch. 6-8).
//! - [`TrustConfig`]: each round every pair of agents plays a match, the `k` lowest scorers
//!   are eliminated and the `k` highest cloned (Case, *The Evolution of Trust*, 2017).

use super::game::GameConfig;
use super::play::{play, MatchConfig, MAX_TURNS};
use super::strategies::StrategyConfig;
use super::tournament::TournamentResults;
use crate::error::{check_count, check_range, check_total, ConfigError};
use crate::rng::{Key, Rng};
use serde::{Deserialize, Serialize};

/// Most types (strategies) in a population.
pub const MAX_TYPES: usize = 100;
/// Most steps of the ecological dynamics.
pub const MAX_ECOLOGY_STEPS: usize = 100_000;
/// Most individuals in a Moran population.
pub const MAX_POPULATION: usize = 10_000;
/// Most steps of one Moran process.
pub const MAX_MORAN_STEPS: usize = 1_000_000;
/// Most agents in an Evolution of Trust population.
pub const MAX_AGENTS: usize = 100;
/// Most Evolution of Trust rounds.
pub const MAX_ROUNDS: usize = 1000;
/// Most turns in all matches of one Evolution of Trust run together.
pub const MAX_TRUST_TURNS: u64 = 50_000_000;
/// Largest selection intensity of the Moran process.
pub const MAX_INTENSITY: f64 = 100.0;
/// Most numbers recorded by one run (steps x types), which bounds its memory.
pub const MAX_RECORDED: usize = 5_000_000;

/// Check that recording `steps + 1` rows of `types` numbers stays within [`MAX_RECORDED`].
fn check_recorded(field: &str, steps: usize, types: usize) -> Result<(), ConfigError> {
    let cells = (steps + 1).saturating_mul(types);
    if cells > MAX_RECORDED {
        return Err(ConfigError::new(
            field,
            format!(
                "{steps} steps of {types} types would record {cells} numbers; use fewer steps or types (at most {MAX_RECORDED} numbers)"
            ),
        ));
    }
    Ok(())
}

/// Check that `m` is a finite square matrix with `n` rows.
fn check_square(field: &str, m: &[Vec<f64>], n: usize) -> Result<(), ConfigError> {
    if m.len() != n {
        return Err(ConfigError::new(
            field,
            format!("needs one row per type: {n} rows (got {})", m.len()),
        ));
    }
    for (i, row) in m.iter().enumerate() {
        if row.len() != n {
            return Err(ConfigError::new(
                format!("{field}[{i}]"),
                format!("needs one entry per type: {n} entries (got {})", row.len()),
            ));
        }
        for (j, &x) in row.iter().enumerate() {
            if !x.is_finite() || x.abs() > super::game::MAX_PAYOFF {
                return Err(ConfigError::new(
                    format!("{field}[{i}][{j}]"),
                    format!(
                        "each payoff must be a number between -{m} and {m} (got {x})",
                        m = super::game::MAX_PAYOFF
                    ),
                ));
            }
        }
    }
    Ok(())
}

fn check_types(field: &str, n: usize) -> Result<(), ConfigError> {
    if n == 0 || n > MAX_TYPES {
        return Err(ConfigError::new(
            field,
            format!("a population needs 1 to {MAX_TYPES} types (got {n})"),
        ));
    }
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Ecological dynamics
// ---------------------------------------------------------------------------------------------

fn default_ecology_steps() -> usize {
    100
}

/// Ecological (discrete replicator) dynamics on a payoff matrix.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct EcologyConfig {
    /// `payoff[i][j]`: payoff of type `i` against type `j` (for a tournament, the mean payoff
    /// per turn, [`TournamentResults::payoff_matrix`]).
    pub payoff: Vec<Vec<f64>>,
    /// Initial shares, one per type (normalised to sum 1); empty means equal shares.
    #[serde(default)]
    pub initial: Vec<f64>,
    /// Generations to compute.
    #[serde(default = "default_ecology_steps")]
    pub steps: usize,
}

/// The population over time.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct EcologyResults {
    /// `shares[t][i]`: share of type `i` after `t` generations (`shares[0]` is the start).
    pub shares: Vec<Vec<f64>>,
    /// Constant added to every payoff so that all are positive (0 if they already were).
    pub shift: f64,
}

impl EcologyConfig {
    /// The dynamics on a tournament's mean payoff matrix, from equal shares (Axelrod's
    /// `Ecosystem(results)`).
    pub fn from_tournament(results: &TournamentResults, steps: usize) -> Self {
        EcologyConfig {
            payoff: results.payoff_matrix.clone(),
            initial: Vec::new(),
            steps,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let n = self.payoff.len();
        check_types("payoff", n)?;
        check_square("payoff", &self.payoff, n)?;
        if !self.initial.is_empty() {
            if self.initial.len() != n {
                return Err(ConfigError::new(
                    "initial",
                    format!(
                        "needs one share per type: {n} numbers (got {})",
                        self.initial.len()
                    ),
                ));
            }
            for (i, &x) in self.initial.iter().enumerate() {
                check_range(&format!("initial[{i}]"), x, 0.0, 1e12)?;
            }
            if self.initial.iter().sum::<f64>() <= 0.0 {
                return Err(ConfigError::new(
                    "initial",
                    "at least one type needs a positive share",
                ));
            }
        }
        check_count("steps", self.steps, 1, MAX_ECOLOGY_STEPS)?;
        check_recorded("steps", self.steps, n)
    }

    /// Run the dynamics.
    ///
    /// Each generation `x_i' = x_i f_i / sum_j x_j f_j` with fitness `f_i = (A x)_i`, the
    /// expected payoff of type `i` against the population. The map needs fitness that is
    /// not negative: if some payoff is negative, every payoff is raised by
    /// `shift = 1 - min A`, so the smallest becomes 1. A constant shift keeps the ranking of
    /// fitnesses and every fixed point (interior or on the boundary) of the map, and only
    /// slows the motion. If every surviving type has fitness 0 the population stays as it is.
    pub fn run(&self) -> Result<EcologyResults, ConfigError> {
        self.validate()?;
        let n = self.payoff.len();
        let min = self
            .payoff
            .iter()
            .flatten()
            .fold(f64::INFINITY, |m, &x| m.min(x));
        let shift = if min >= 0.0 { 0.0 } else { 1.0 - min };
        let a: Vec<Vec<f64>> = self
            .payoff
            .iter()
            .map(|r| r.iter().map(|x| x + shift).collect())
            .collect();
        let mut x = if self.initial.is_empty() {
            vec![1.0 / n as f64; n]
        } else {
            let s: f64 = self.initial.iter().sum();
            self.initial.iter().map(|v| v / s).collect()
        };
        let mut shares = Vec::with_capacity(self.steps + 1);
        shares.push(x.clone());
        for _ in 0..self.steps {
            x = replicator_step(&a, &x);
            shares.push(x.clone());
        }
        Ok(EcologyResults { shares, shift })
    }
}

/// One discrete replicator step `x_i' = x_i (A x)_i / (x^T A x)` for a matrix `A` with no
/// negative entry (unchanged when the mean fitness is 0).
pub fn replicator_step(a: &[Vec<f64>], x: &[f64]) -> Vec<f64> {
    let fitness: Vec<f64> = a
        .iter()
        .map(|row| row.iter().zip(x).map(|(aij, xj)| aij * xj).sum())
        .collect();
    let mean: f64 = x.iter().zip(&fitness).map(|(xi, fi)| xi * fi).sum();
    if mean <= 0.0 {
        return x.to_vec();
    }
    let mut next: Vec<f64> = x
        .iter()
        .zip(&fitness)
        .map(|(xi, fi)| xi * fi / mean)
        .collect();
    // Renormalise against rounding so the shares stay on the simplex.
    let s: f64 = next.iter().sum();
    for v in next.iter_mut() {
        *v /= s;
    }
    next
}

// ---------------------------------------------------------------------------------------------
// Moran process
// ---------------------------------------------------------------------------------------------

fn default_moran_steps() -> usize {
    10_000
}

/// A Moran process with frequency-dependent fitness and mutation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MoranConfig {
    pub seed: u64,
    /// `payoff[i][j]`: expected payoff of type `i` against type `j` (for strategies of the
    /// iterated game, a tournament's mean payoff matrix).
    pub payoff: Vec<Vec<f64>>,
    /// Initial number of individuals of each type.
    pub counts: Vec<usize>,
    /// Selection intensity `w` >= 0 in the fitness `exp(w * payoff)`; 0 is neutral drift.
    pub intensity: f64,
    /// Probability that an offspring mutates to a uniformly random other type.
    #[serde(default)]
    pub mutation: f64,
    /// Most birth-death steps; without mutation the process also stops at fixation.
    #[serde(default = "default_moran_steps")]
    pub max_steps: usize,
}

/// When one type first took over the whole population.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fixation {
    /// The type that fixed.
    pub winner: usize,
    /// The step after which the population was all `winner`.
    pub step: usize,
}

/// A Moran run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MoranResults {
    /// `counts[t][i]`: individuals of type `i` after `t` steps (`counts[0]` is the start).
    pub counts: Vec<Vec<usize>>,
    /// The first fixation, if any happened (at step 0 if the population started uniform).
    pub fixation: Option<Fixation>,
}

impl MoranConfig {
    /// The process on a tournament's mean payoff matrix: `counts[i]` individuals
    /// play like the tournament's player `i`.
    pub fn from_tournament(
        results: &TournamentResults,
        seed: u64,
        counts: Vec<usize>,
        intensity: f64,
        mutation: f64,
    ) -> Self {
        MoranConfig {
            seed,
            payoff: results.payoff_matrix.clone(),
            counts,
            intensity,
            mutation,
            max_steps: default_moran_steps(),
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let n = self.payoff.len();
        check_types("payoff", n)?;
        check_square("payoff", &self.payoff, n)?;
        if self.counts.len() != n {
            return Err(ConfigError::new(
                "counts",
                format!(
                    "needs one count per type: {n} numbers (got {})",
                    self.counts.len()
                ),
            ));
        }
        check_total("counts", &self.counts, 2, MAX_POPULATION, "individuals")?;
        check_range("intensity", self.intensity, 0.0, MAX_INTENSITY)?;
        check_range("mutation", self.mutation, 0.0, 1.0)?;
        if self.mutation > 0.0 && n < 2 {
            return Err(ConfigError::new(
                "mutation",
                "mutation needs at least two types to mutate between",
            ));
        }
        check_count("max_steps", self.max_steps, 1, MAX_MORAN_STEPS)?;
        check_recorded("max_steps", self.max_steps, n)
    }

    /// Run the process.
    ///
    /// Fitness uses the expected payoff matrix rather than playing matches each step (the
    /// matrix already averages the matches, and a step then costs O(types^2)): an individual
    /// of type `i` meets each of the other `N - 1` individuals once, so its payoff is
    /// `pi_i = (sum_j A_ij n_j - A_ii) / (N - 1)` and its fitness `f_i = exp(w pi_i)`
    /// (the exponential map of Traulsen, Shoresh & Nowak 2008, positive for any payoffs and
    /// unchanged in its birth probabilities by a constant shift of the payoffs).
    ///
    /// Each step: a parent is chosen with probability `n_i f_i / sum_j n_j f_j`; with
    /// probability `mu` its offspring is a uniformly random other type; an individual chosen
    /// uniformly among all `N` (the parent included) dies and the offspring takes its place
    /// (Nowak 2006, ch. 6). Random draws come from stream `["games/moran"]`.
    pub fn run(&self) -> Result<MoranResults, ConfigError> {
        self.validate()?;
        let n_types = self.payoff.len();
        let total: usize = self.counts.iter().sum();
        let mut rng = Rng::stream(self.seed, &["games/moran".into()]);
        let mut counts = self.counts.clone();
        let mut history = vec![counts.clone()];
        let fixed = |c: &[usize]| c.iter().position(|&k| k == total);
        let mut fixation = fixed(&counts).map(|winner| Fixation { winner, step: 0 });
        if fixation.is_some() && self.mutation == 0.0 {
            return Ok(MoranResults {
                counts: history,
                fixation,
            });
        }
        let others = (total - 1) as f64;
        for step in 1..=self.max_steps {
            let probs = birth_probabilities(&self.payoff, &counts, self.intensity, others);
            let parent = rng.categorical(&probs);
            let mut child = parent;
            if self.mutation > 0.0 && rng.uniform() < self.mutation {
                let k = rng.below(n_types - 1);
                child = if k >= parent { k + 1 } else { k };
            }
            let victim = pick_individual(&counts, rng.below(total));
            counts[victim] -= 1;
            counts[child] += 1;
            history.push(counts.clone());
            if fixation.is_none() {
                if let Some(winner) = fixed(&counts) {
                    fixation = Some(Fixation { winner, step });
                    if self.mutation == 0.0 {
                        break;
                    }
                }
            }
        }
        Ok(MoranResults {
            counts: history,
            fixation,
        })
    }
}

/// Birth probabilities `n_i f_i / sum_j n_j f_j` with `f_i = exp(w pi_i)`, computed in log
/// space (the largest log-weight is subtracted first) so strong selection cannot overflow.
fn birth_probabilities(payoff: &[Vec<f64>], counts: &[usize], w: f64, others: f64) -> Vec<f64> {
    let logs: Vec<f64> = payoff
        .iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (row, &c))| {
            if c == 0 {
                return f64::NEG_INFINITY;
            }
            let sum: f64 = row.iter().zip(counts).map(|(a, &k)| a * k as f64).sum();
            libm::log(c as f64) + w * (sum - row[i]) / others
        })
        .collect();
    let top = logs.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let e: Vec<f64> = logs.iter().map(|l| libm::exp(l - top)).collect();
    let s: f64 = e.iter().sum();
    e.iter().map(|x| x / s).collect()
}

/// The type of individual number `k` when individuals are listed type by type.
fn pick_individual(counts: &[usize], mut k: usize) -> usize {
    for (i, &c) in counts.iter().enumerate() {
        if k < c {
            return i;
        }
        k -= c;
    }
    counts.len() - 1
}

// ---------------------------------------------------------------------------------------------
// The Evolution of Trust
// ---------------------------------------------------------------------------------------------

fn default_trust_turns() -> usize {
    10
}
fn default_replace() -> usize {
    5
}
fn default_rounds() -> usize {
    20
}

/// The Evolution of Trust's tournament-and-selection rounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TrustConfig {
    pub seed: u64,
    /// The stage game (Case's: R, S, T, P = 2, -1, 3, 0, the `pd_trust` preset).
    pub game: GameConfig,
    /// The strategy types.
    pub types: Vec<StrategyConfig>,
    /// Initial number of agents of each type (Case: 25 agents in all).
    pub counts: Vec<usize>,
    /// Turns per match (Case: 10).
    #[serde(default = "default_trust_turns")]
    pub turns: usize,
    /// Probability that each chosen action is flipped (Case's slider: 0 to 0.5).
    #[serde(default)]
    pub noise: f64,
    /// Agents eliminated and cloned each round (Case: 5).
    #[serde(default = "default_replace")]
    pub replace: usize,
    /// Rounds of tournament and selection.
    #[serde(default = "default_rounds")]
    pub rounds: usize,
}

/// The population over the rounds.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TrustResults {
    /// `counts[r][i]`: agents of type `i` after `r` rounds (`counts[0]` is the start).
    pub counts: Vec<Vec<usize>>,
    /// `scores[r][a]`: total payoff of agent `a` in round `r + 1`, agents listed type by type
    /// as in `counts[r]`.
    pub scores: Vec<Vec<f64>>,
}

impl TrustConfig {
    /// Case's defaults for the given types and counts: the `pd_trust` game, 10 turns, no
    /// noise, replace 5.
    pub fn case(types: Vec<StrategyConfig>, counts: Vec<usize>, rounds: usize) -> Self {
        TrustConfig {
            seed: 0,
            game: GameConfig::symmetric(
                "Prisoner's Dilemma (The Evolution of Trust)",
                ["Cooperate", "Cheat"],
                2.0,
                -1.0,
                3.0,
                0.0,
            ),
            types,
            counts,
            turns: default_trust_turns(),
            noise: 0.0,
            replace: default_replace(),
            rounds,
        }
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        self.game.validate().map_err(|e| e.under("game"))?;
        check_types("types", self.types.len())?;
        for (i, t) in self.types.iter().enumerate() {
            t.validate().map_err(|e| e.under(&format!("types[{i}]")))?;
            if t.is_llm() {
                return Err(ConfigError::new(
                    format!("types[{i}]"),
                    "LLM players take part in matches and tournaments (and the ecology and Moran modes built on one), not in The Evolution of Trust, which would ask the model for every match of every round",
                ));
            }
        }
        if self.counts.len() != self.types.len() {
            return Err(ConfigError::new(
                "counts",
                format!(
                    "needs one count per type: {} numbers (got {})",
                    self.types.len(),
                    self.counts.len()
                ),
            ));
        }
        let n = check_total("counts", &self.counts, 2, MAX_AGENTS, "agents")?;
        check_count("turns", self.turns, 1, MAX_TURNS)?;
        check_range("noise", self.noise, 0.0, 1.0)?;
        check_count("replace", self.replace, 1, n / 2).map_err(|_| {
            ConfigError::new(
                "replace",
                format!(
                    "must be from 1 to half the population, {} (got {})",
                    n / 2,
                    self.replace
                ),
            )
        })?;
        check_count("rounds", self.rounds, 1, MAX_ROUNDS)?;
        let pairs = (n * (n - 1) / 2) as u64;
        let total = pairs
            .saturating_mul(self.turns as u64)
            .saturating_mul(self.rounds as u64);
        if total > MAX_TRUST_TURNS {
            return Err(ConfigError::new(
                "rounds",
                format!("this run would play {total} turns in all; use fewer agents, turns or rounds (at most {MAX_TRUST_TURNS})"),
            ));
        }
        Ok(())
    }

    /// Run the rounds.
    ///
    /// Each round the agents are listed type by type; every pair (a, b) with a < b plays one
    /// match of `turns` turns with `noise` (agent a is the row player; no self-play), under
    /// the match key `["games/trust", round, a, b]`. An agent's score is the sum of its match
    /// totals. Then, as in Case's code, the agents are shuffled (stream
    /// `["games/trust/ties", round]`) and stably sorted by score, so ties are broken at
    /// random; the `replace` lowest are eliminated and the `replace` highest of the rest
    /// each get one clone.
    pub fn run(&self) -> Result<TrustResults, ConfigError> {
        self.validate()?;
        let mut counts = self.counts.clone();
        let mut history = vec![counts.clone()];
        let mut all_scores = Vec::with_capacity(self.rounds);
        for round in 0..self.rounds {
            let (next, scores) = self.play_round(round, &counts);
            counts = next;
            history.push(counts.clone());
            all_scores.push(scores);
        }
        Ok(TrustResults {
            counts: history,
            scores: all_scores,
        })
    }

    /// Round `round` (0-based) from the population `counts`: the agents' scores and the
    /// population after selection. Validate first.
    pub fn play_round(&self, round: usize, counts: &[usize]) -> (Vec<usize>, Vec<f64>) {
        let n_types = self.types.len();
        let n: usize = counts.iter().sum();
        let cfg = MatchConfig {
            turns: self.turns,
            noise: self.noise,
            prob_end: 0.0,
        };
        let agents: Vec<usize> = counts
            .iter()
            .enumerate()
            .flat_map(|(t, &c)| std::iter::repeat_n(t, c))
            .collect();
        let mut scores = vec![0.0; n];
        for a in 0..n {
            for b in a + 1..n {
                let key: [Key<'_>; 4] = ["games/trust".into(), round.into(), a.into(), b.into()];
                let m = play(
                    &self.types[agents[a]],
                    &self.types[agents[b]],
                    &self.game,
                    &cfg,
                    self.seed,
                    &key,
                );
                scores[a] += m.scores[0];
                scores[b] += m.scores[1];
            }
        }
        let mut rng = Rng::stream(self.seed, &["games/trust/ties".into(), round.into()]);
        let mut order = rng.permutation(n);
        order.sort_by(|&x, &y| scores[x].total_cmp(&scores[y]));
        let k = self.replace;
        let mut next = vec![0usize; n_types];
        for &a in &order[k..] {
            next[agents[a]] += 1;
        }
        for &a in &order[n - k..] {
            next[agents[a]] += 1;
        }
        (next, scores)
    }

    /// Turns played in one round: every pair of agents once.
    pub fn turns_per_round(&self) -> u64 {
        let n: u64 = self.counts.iter().sum::<usize>() as u64;
        n * n.saturating_sub(1) / 2 * self.turns as u64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn picks_individuals_type_by_type() {
        assert_eq!(pick_individual(&[2, 0, 3], 0), 0);
        assert_eq!(pick_individual(&[2, 0, 3], 1), 0);
        assert_eq!(pick_individual(&[2, 0, 3], 2), 2);
        assert_eq!(pick_individual(&[2, 0, 3], 4), 2);
    }

    #[test]
    fn log_weights_match_direct_weights() {
        // Independent derivation: p_i = n_i e^{w pi_i} / sum_j n_j e^{w pi_j}.
        let a = vec![vec![1.0, 2.0], vec![3.0, 0.5]];
        let counts = [2usize, 3];
        let p = birth_probabilities(&a, &counts, 0.7, 4.0);
        let pi0 = (1.0 * 2.0 + 2.0 * 3.0 - 1.0) / 4.0;
        let pi1 = (3.0 * 2.0 + 0.5 * 3.0 - 0.5) / 4.0;
        let w0 = 2.0 * libm::exp(0.7 * pi0);
        let w1 = 3.0 * libm::exp(0.7 * pi1);
        assert!((p[0] - w0 / (w0 + w1)).abs() < 1e-12);
        assert!((p[1] - w1 / (w0 + w1)).abs() < 1e-12);
    }

    /// A crash found by a hostile user: counts whose sum wraps around passed validation
    /// and then overflowed while building the agents (a link made of it crashed the page).
    #[test]
    fn counts_whose_sum_overflows_are_refused() {
        let mut t = TrustConfig::case(
            vec![
                StrategyConfig::by_kind("Cooperator").unwrap(),
                StrategyConfig::by_kind("Defector").unwrap(),
            ],
            vec![usize::MAX, 3],
            5,
        );
        let e = t.validate().unwrap_err();
        assert_eq!(e.field, "counts");
        assert!(e.message.contains("add up to more than"), "{e}");
        t.counts = vec![usize::MAX, 0];
        assert!(t
            .validate()
            .unwrap_err()
            .message
            .contains("got 18446744073709551615"));

        let moran = MoranConfig {
            seed: 0,
            payoff: vec![vec![3.0, 0.0], vec![5.0, 1.0]],
            counts: vec![usize::MAX, 3],
            intensity: 1.0,
            mutation: 0.0,
            max_steps: 10,
        };
        let e = moran.validate().unwrap_err();
        assert_eq!(e.field, "counts");
        assert!(e.message.contains("add up to more than"), "{e}");
    }
}

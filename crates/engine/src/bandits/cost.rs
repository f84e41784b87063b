//! The bandit lab's cost model: every round of every repetition draws the arms' rewards (and,
//! in the linear contextual environment, K feature vectors of dimension d), and every policy
//! pulls once. Nanoseconds are WebAssembly times in V8, rounded up: the engine's kernels
//! (BENCHMARKS.md, 2026-12-07: K = 10, 1 M pulls; Bernoulli rewards alone 0.089 s for 10 M
//! draws, uniform play 0.113 s, UCB1 0.162 s, KL-UCB 0.256 s, Thompson 0.677 s) and, for the
//! linear policies, native times of `agora run --jobs 1` (2,000 rounds at K = 100, d = 50:
//! uniform play 131 us a round, LinUCB 226 us, LinTS 266 us) times 1.5, the kernels' ratio of
//! WebAssembly to native. Single-policy times are rounded up by a fifth so that a mixed run
//! (the benchmark preset: 1.07 s measured) is not underestimated. LinUCB computes `x^T A^-1 x` for every arm (K d^2); LinTS samples
//! from a d-dimensional normal (a Cholesky factorisation, d^3).

use super::{BanditExperiment, PolicyConfig};
use crate::cost::Cost;
use crate::text::thousands;

/// Nanoseconds per arm per round to draw the rewards.
const DRAW_NS: f64 = 9.0;
/// Nanoseconds per feature (K x d of them a round) of the linear contextual environment.
const FEATURE_NS: f64 = 40.0;
/// Nanoseconds per pull that do not depend on K (the runner's bookkeeping).
const PULL_NS: f64 = 10.0;

/// Nanoseconds per arm of one pull by `p`, with `d` the context dimension.
fn per_arm_ns(p: &PolicyConfig, d: f64) -> f64 {
    match p.kind() {
        "uniform" | "epsilon_greedy" | "explore_then_commit" | "successive_elimination" => 3.0,
        "kl_ucb" | "bayes_ucb" | "gittins" => 20.0,
        "thompson" | "thompson_gaussian" | "discounted_thompson" => 80.0,
        "lin_ucb" => 0.6 * d * d,
        "lin_ts" => 2.0 * d,
        // The index policies: UCB1 and its kin, MOSS, softmax, EXP3, Hedge, gradient bandit;
        // and the LLM player, whose calls the oracle's own limits bound.
        _ => 8.0,
    }
}

/// Nanoseconds per pull by `p` that do not depend on K.
fn per_pull_ns(p: &PolicyConfig, d: f64) -> f64 {
    PULL_NS
        + match p.kind() {
            "lin_ucb" => 2.0 * d * d,
            "lin_ts" => 1.6 * d * d * d + 4.0 * d * d,
            _ => 0.0,
        }
}

/// "1 repetition", "50 repetitions".
fn counted(n: usize, one: &str, many: &str) -> String {
    format!(
        "{} {}",
        thousands(n as u64),
        if n == 1 { one } else { many }
    )
}

impl BanditExperiment {
    /// Rounds x repetitions x (the reward draws + every policy's pull).
    pub fn cost(&self) -> Cost {
        let k = self.environment.arms() as f64;
        let d = self.environment.dim() as f64;
        let per_round: f64 = DRAW_NS * k
            + FEATURE_NS * k * d
            + self
                .policies
                .iter()
                .map(|p| per_arm_ns(p, d) * k + per_pull_ns(p, d))
                .sum::<f64>();
        let rounds = self.horizon as f64 * self.repetitions as f64;
        let dim = if d > 0.0 {
            format!(", d = {d}")
        } else {
            String::new()
        };
        Cost {
            seconds: rounds * per_round * 1e-9,
            size: format!(
                "{} pulls ({} x {} x {}) on {} arms{dim}",
                thousands(self.total_pulls()),
                counted(self.horizon, "round", "rounds"),
                counted(self.repetitions, "repetition", "repetitions"),
                counted(self.policies.len(), "policy", "policies"),
                k
            ),
            field: "horizon",
            shrink: "fewer rounds T, repetitions R or policies, or fewer arms or dimensions",
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::Experiment;

    /// The estimate against the measured time of the same run (BENCHMARKS.md, 2026-12-07: the
    /// `bandits-benchmark` preset, 4 M pulls, 1.07 s of WebAssembly in V8): within a factor of
    /// three, erring long.
    #[test]
    fn estimates_are_near_the_measured_times() {
        let Some(crate::Experiment::Bandits(b)) =
            crate::presets::find("bandits-benchmark").map(|p| p.experiment)
        else {
            panic!("the benchmark preset is a bandit experiment");
        };
        let est = b.cost().seconds;
        assert!((1.07..=3.0 * 1.07).contains(&est), "{est}");
    }

    /// The hostile case of the issue: LinTS with d = 50 and 100 arms for the longest horizon
    /// was accepted and would run for hours; it is refused, and the message says why.
    #[test]
    fn a_run_of_hours_is_refused_with_its_size() {
        let json = r#"{"format": 1, "lab": "bandits", "seed": 1, "horizon": 10000000, "repetitions": 1,
            "environment": {"kind": "linear", "arms": 100, "dim": 50, "noise_sigma": 0.1},
            "policies": [{"kind": "lin_ts"}]}"#;
        let e = Experiment::from_json(json).expect("valid, only too long");
        let err = e.check_budget().unwrap_err();
        assert_eq!(err.field, "horizon");
        assert!(err.message.contains("10,000,000 pulls"), "{err}");
        assert!(err.message.contains("d = 50"), "{err}");
        assert!(err.message.contains("more than the 10 minutes"), "{err}");
        assert!(err.message.contains("--no-budget"), "{err}");
        // Every preset is within the budget.
        for p in crate::presets::all() {
            assert!(p.experiment.check_budget().is_ok(), "{}", p.name);
        }
    }
}

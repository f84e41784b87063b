//! EXP3 (Auer, Cesa-Bianchi, Freund & Schapire 2002): exponential weights for the bandit
//! setting. Unlike [Hedge](super::hedge), the player uses only its own realised payoff each
//! round, never what the other action would have earned, so it treats the opponent as an
//! adversarial two-armed bandit.
//!
//! Payoffs are rescaled to [0, 1] with the game's extremes ([`super::hedge::unit_payoffs`]).
//! With `K = 2` actions and exploration rate `gamma` in (0, 1], the move of each round is drawn
//! from `p_i = (1 - gamma) w_i / (w_C + w_D) + gamma / K`, where `w_i = exp(gamma S_i / K)`.
//! After a round in which the player's recorded move was `a` with payoff `x`, the importance
//! weighted estimate of the gain of `a` grows, `S_a += x / p_a` (`p_a` from the weights before
//! that round), and the other estimate is unchanged: `x / p_a` is an unbiased estimate of the
//! gain of every action, played or not. The first move is a fair coin. Only the two estimates
//! are kept: O(1) per round.
//!
//! Guarantee (Auer et al. 2002, Thm 3.1): after `T` rounds, the best fixed action's gain minus
//! the expected gain is at most `(e - 1) gamma G_max + K ln K / gamma` in [0, 1] units;
//! `gamma = min(1, sqrt(K ln K / ((e - 1) g)))` for a bound `g >= G_max` gives
//! `2 sqrt(e - 1) sqrt(g K ln K)` (Cor. 3.2). Agora's default is a fixed `gamma = 0.1` (the
//! player does not know the match length; Cor. 3.2 with `g = 200`, Axelrod's default length,
//! would give about 0.064). With noise, the recorded move may differ from the drawn one; the
//! estimate still divides by the probability the player gave the recorded move, which is at
//! least `gamma / K`, so estimates stay finite.
//!
//! Source: P. Auer, N. Cesa-Bianchi, Y. Freund & R. E. Schapire, "The nonstochastic multiarmed
//! bandit problem", SIAM J. Computing 32 (2002), the Exp3 algorithm. Not an Axelrod library
//! strategy.

use super::hedge::unit_payoffs;
use super::About;
use crate::error::ConfigError;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "EXP3",
    axelrod: "EXP3",
    rules: "Sees only its own payoffs (scaled to 0..1). Keeps an estimate of each action's total, adding payoff / probability to the action it played, and plays with probability (1 - gamma) x exponential weights + gamma / 2.",
    memory: None,
    stochastic: true,
    source: "Auer, Cesa-Bianchi, Freund & Schapire (2002), SIAM J. Computing 32, Exp3. Not in the Axelrod library.",
};

/// The exploration rate `gamma` (default 0.1).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct Exp3Params {
    /// Share of uniform exploration, also the scale of the weights' exponent.
    pub gamma: f64,
}

impl Default for Exp3Params {
    fn default() -> Self {
        Exp3Params { gamma: 0.1 }
    }
}

impl Exp3Params {
    pub fn validate(&self) -> Result<(), ConfigError> {
        let g = self.gamma;
        if !g.is_finite() || g <= 0.0 || g > 1.0 {
            return Err(ConfigError::new(
                "gamma",
                format!("the exploration rate must be a number above 0 and at most 1 (got {g})"),
            ));
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        format!("EXP3: {}", self.gamma)
    }
    /// The player itself, for inspecting its estimates.
    pub fn player(&self) -> Exp3 {
        Exp3 {
            gamma: self.gamma,
            estimates: [0.0; 2],
            seen: 0,
        }
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(self.player())
    }
}

pub struct Exp3 {
    gamma: f64,
    /// Importance-weighted gain estimates `S_C`, `S_D`.
    estimates: [f64; 2],
    /// Rounds learned from.
    seen: usize,
}

impl Exp3 {
    /// The move probabilities from the current estimates.
    fn current(&self) -> [f64; 2] {
        // w_C / (w_C + w_D) = 1 / (1 + exp(z)), z = gamma (S_D - S_C) / 2, without overflow.
        let z = self.gamma * (self.estimates[1] - self.estimates[0]) / 2.0;
        let share_c = if z > 0.0 {
            let e = libm::exp(-z);
            e / (1.0 + e)
        } else {
            1.0 / (1.0 + libm::exp(z))
        };
        let p_c = (1.0 - self.gamma) * share_c + self.gamma / 2.0;
        [p_c, 1.0 - p_c]
    }

    /// Learn from the rounds of the history not seen yet.
    fn catch_up(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) {
        let n = own.len().min(opp.len());
        if n < self.seen {
            self.estimates = [0.0; 2];
            self.seen = 0;
        }
        let x = unit_payoffs(game);
        for k in self.seen..n {
            let (a, b) = (own[k].index(), opp[k].index());
            let p = self.current();
            self.estimates[a] += x[a][b] / p[a];
        }
        self.seen = n;
    }

    /// Catch up with the history and return the gain estimates `[S_C, S_D]`.
    pub fn estimates(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) -> [f64; 2] {
        self.catch_up(own, opp, game);
        self.estimates
    }

    /// Catch up with the history and return the probabilities of C and D for the next move.
    pub fn probabilities(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) -> [f64; 2] {
        self.catch_up(own, opp, game);
        self.current()
    }
}

impl Strategy for Exp3 {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        let p = self.probabilities(own, opp, game);
        Action::with_probability(p[0], rng)
    }
    fn reset(&mut self) {
        self.estimates = [0.0; 2];
        self.seen = 0;
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seq(s: &str) -> Vec<Action> {
        Action::parse_seq(s).unwrap()
    }

    #[test]
    fn estimate_updates_by_hand() {
        // PD rescaled: R = 0.6, S = 0, T = 1, P = 0.2; gamma = 0.2.
        let g = GameConfig::prisoners_dilemma();
        let mut e = Exp3Params { gamma: 0.2 }.player();
        assert_eq!(e.probabilities(&[], &[], &g), [0.5, 0.5]);
        // Round 1 (D, C): p_D = 1/2, x = T = 1, S_D = 1 / (1/2) = 2.
        assert_eq!(e.estimates(&seq("D"), &seq("C"), &g), [0.0, 2.0]);
        // Weights (1, e^{0.2 * 2 / 2}) = (1, e^{0.2}); p_C = 0.8 / (1 + e^{0.2}) + 0.1.
        let p_c = 0.8 / (1.0 + libm::exp(0.2)) + 0.1;
        let p = e.probabilities(&seq("D"), &seq("C"), &g);
        assert!((p[0] - p_c).abs() < 1e-15, "{p:?}");
        // Round 2 (C, C): x = R = 0.6, S_C = 0.6 / p_C; S_D unchanged.
        let s = e.estimates(&seq("DC"), &seq("CC"), &g);
        assert!((s[0] - 0.6 / p_c).abs() < 1e-14 && s[1] == 2.0, "{s:?}");
        // Round 3 (C, D): x = S = 0, nothing changes.
        assert_eq!(e.estimates(&seq("DCC"), &seq("CCD"), &g), s);
    }

    #[test]
    fn exploration_floor_and_restart() {
        // However lopsided the estimates, each action keeps probability >= gamma / 2.
        let g = GameConfig::prisoners_dilemma();
        let mut e = Exp3Params { gamma: 0.3 }.player();
        let own = vec![Action::D; 500];
        let opp = vec![Action::C; 500];
        let p = e.probabilities(&own, &opp, &g);
        assert!(p[0] >= 0.15 - 1e-12 && p[0] < 0.16, "{p:?}");
        // A shorter history (a new match) starts from scratch.
        assert_eq!(e.estimates(&own[..1], &opp[..1], &g), [0.0, 2.0]);
    }

    #[test]
    fn explains_a_bad_gamma() {
        for gamma in [0.0, 1.5, f64::NAN] {
            let err = Exp3Params { gamma }.validate().unwrap_err();
            assert_eq!(err.field, "gamma");
        }
        assert!(Exp3Params { gamma: 1.0 }.validate().is_ok());
    }
}

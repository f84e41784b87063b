//! Hedge (Freund & Schapire 1997): multiplicative weights with full information. The player
//! sees the opponent's moves, so it knows what each of its own actions would have earned, and
//! weights each action by the exponential of that cumulative gain.
//!
//! Payoffs are first rescaled to [0, 1] with the game's extremes for this player,
//! `x(i, j) = (u(i, j) - min u) / (max u - min u)` (all 0 when every payoff is equal; see
//! [`unit_payoffs`]). With `G_i = sum_{s <= t} x(i, b_s)` the gain of action `i` against the
//! opponent's recorded moves `b_s`, the next move is C with probability
//! `p_C = exp(eta G_C) / (exp(eta G_C) + exp(eta G_D))`; the first move is a fair coin.
//!
//! Learning rate: a fixed `eta` when the parameter is given; by default the anytime schedule
//! `eta_t = sqrt(8 ln 2 / t)` for the move of round `t`, which needs no match length and keeps
//! the regret at most `2 sqrt((t / 2) ln 2) + sqrt(ln 2 / 8)` in [0, 1] payoff units against any
//! opponent (Cesa-Bianchi & Lugosi 2006, Thm 2.3). A fixed `eta` gives
//! `ln 2 / eta + eta t / 8` (Thm 2.2), minimised by `eta = sqrt(8 ln 2 / T)` for a known length
//! `T`. Only counts of the opponent's moves are kept: O(1) per round.
//!
//! Source: Y. Freund & R. E. Schapire, "A decision-theoretic generalization of on-line learning
//! and an application to boosting", J. Computer and System Sciences 55 (1997); Cesa-Bianchi &
//! Lugosi, *Prediction, Learning, and Games* (2006), Sec. 2.2. Not an Axelrod library
//! strategy. The matrix-game version for self-play is in [`crate::games::dynamics`].

use super::fictitious_play::JointTally;
use super::About;
use crate::error::ConfigError;
use crate::games::dynamics::MAX_ETA;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Hedge",
    axelrod: "Hedge",
    rules: "Adds up what each action would have earned against the opponent's moves (payoffs scaled to 0..1) and plays each with probability proportional to exp(eta x that total); eta shrinks as sqrt(8 ln 2 / t) unless fixed.",
    memory: None,
    stochastic: true,
    source: "Freund & Schapire (1997), J. Computer and System Sciences 55; Cesa-Bianchi & Lugosi (2006), Prediction, Learning, and Games, Thm 2.2-2.3. Not in the Axelrod library.",
};

/// This player's payoffs rescaled to [0, 1]: `(u - min u) / (max u - min u)` over the four
/// entries of `game.row`; all 0 when the four are equal (nothing to learn).
pub fn unit_payoffs(game: &GameConfig) -> [[f64; 2]; 2] {
    let all = game.row.iter().flatten();
    let lo = all.clone().fold(f64::INFINITY, |m, &x| m.min(x));
    let hi = all.fold(f64::NEG_INFINITY, |m, &x| m.max(x));
    let width = hi - lo;
    game.row
        .map(|line| line.map(|u| if width > 0.0 { (u - lo) / width } else { 0.0 }))
}

/// The learning rate; unset means the anytime schedule `sqrt(8 ln 2 / t)`.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct HedgeParams {
    /// A fixed learning rate (payoffs in [0, 1]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub eta: Option<f64>,
}

impl HedgeParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self.eta {
            Some(eta) if !eta.is_finite() || eta <= 0.0 || eta > MAX_ETA => Err(ConfigError::new(
                "eta",
                format!(
                    "the learning rate must be a number above 0 and at most {MAX_ETA} (got {eta}); leave it out to use the shrinking rate sqrt(8 ln 2 / t)"
                ),
            )),
            _ => Ok(()),
        }
    }
    pub fn label(&self) -> String {
        match self.eta {
            Some(eta) => format!("Hedge: {eta}"),
            None => "Hedge".into(),
        }
    }
    /// The player itself, for inspecting its weights.
    pub fn player(&self) -> Hedge {
        Hedge {
            eta: self.eta,
            tally: JointTally::default(),
        }
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(self.player())
    }
}

pub struct Hedge {
    eta: Option<f64>,
    tally: JointTally,
}

impl Hedge {
    /// Catch up with the history and return the cumulative rescaled gains `[G_C, G_D]`.
    pub fn gains(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) -> [f64; 2] {
        let [c, d] = self.tally.update(own, opp).opponent();
        let x = unit_payoffs(game);
        [0, 1].map(|i| c as f64 * x[i][0] + d as f64 * x[i][1])
    }

    /// The learning rate for the move of round `t` (1 for the first move).
    pub fn rate(&self, t: usize) -> f64 {
        self.eta
            .unwrap_or_else(|| f64::sqrt(8.0 * core::f64::consts::LN_2 / t.max(1) as f64))
    }

    /// Catch up with the history and return the probabilities of C and D for the next move.
    pub fn probabilities(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) -> [f64; 2] {
        let g = self.gains(own, opp, game);
        let eta = self.rate(self.tally.rounds() + 1);
        // p_C = 1 / (1 + exp(z)) with z = eta (G_D - G_C), written so exp never overflows.
        let z = eta * (g[1] - g[0]);
        let p_c = if z > 0.0 {
            let e = libm::exp(-z);
            e / (1.0 + e)
        } else {
            1.0 / (1.0 + libm::exp(z))
        };
        [p_c, 1.0 - p_c]
    }
}

impl Strategy for Hedge {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        let p = self.probabilities(own, opp, game);
        Action::with_probability(p[0], rng)
    }
    fn reset(&mut self) {
        self.tally = JointTally::default();
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
    fn rescaling_maps_the_extremes_to_0_and_1() {
        // Axelrod's PD: (u - 0) / 5.
        let x = unit_payoffs(&GameConfig::prisoners_dilemma());
        assert_eq!(x, [[0.6, 0.0], [1.0, 0.2]]);
        // The Evolution of Trust: (u + 1) / 4.
        let x = unit_payoffs(&GameConfig::preset("pd_trust").unwrap());
        assert_eq!(x, [[0.75, 0.0], [1.0, 0.25]]);
        let flat = GameConfig::symmetric("Flat", ["A", "B"], 2.0, 2.0, 2.0, 2.0);
        assert_eq!(unit_payoffs(&flat), [[0.0; 2]; 2]);
    }

    #[test]
    fn weights_after_two_rounds_by_hand() {
        // PD, eta = 0.5, opponent C then D. Gains: G_C = 0.6 + 0 = 0.6, G_D = 1 + 0.2 = 1.2.
        // p_C = e^{0.3} / (e^{0.3} + e^{0.6}) = 1 / (1 + e^{0.3}).
        let g = GameConfig::prisoners_dilemma();
        let mut h = HedgeParams { eta: Some(0.5) }.player();
        let gains = h.gains(&seq("CC"), &seq("CD"), &g);
        assert!((gains[0] - 0.6).abs() < 1e-15 && (gains[1] - 1.2).abs() < 1e-15);
        let p = h.probabilities(&seq("CC"), &seq("CD"), &g);
        let expected = 1.0 / (1.0 + libm::exp(0.3));
        assert!((p[0] - expected).abs() < 1e-15, "{p:?}");
        assert!((p[0] + p[1] - 1.0).abs() < 1e-15);
        // Own moves do not matter: full information.
        assert_eq!(h.probabilities(&seq("DD"), &seq("CD"), &g), p);
    }

    #[test]
    fn anytime_rate_and_first_move() {
        let h = HedgeParams::default().player();
        // Round 3: sqrt(8 ln 2 / 3).
        assert!((h.rate(3) - (8.0 * libm::log(2.0) / 3.0).sqrt()).abs() < 1e-15);
        let mut h = HedgeParams::default().player();
        assert_eq!(
            h.probabilities(&[], &[], &GameConfig::prisoners_dilemma()),
            [0.5, 0.5]
        );
    }

    #[test]
    fn explains_a_bad_rate() {
        for eta in [0.0, -1.0, f64::NAN, 1e9] {
            let e = HedgeParams { eta: Some(eta) }.validate().unwrap_err();
            assert_eq!(e.field, "eta");
            assert!(e.message.contains("learning rate"));
        }
    }
}

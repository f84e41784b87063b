//! Regret Matching (Hart & Mas-Colell 2000), unconditional form: play each action with
//! probability proportional to the positive part of its cumulative regret.
//!
//! With `a_s` and `b_s` the recorded moves of round `s` (own, opponent) and `u(i, j)` this
//! player's payoff (`game.row[i][j]`), the cumulative regret of action `i` after `t` rounds is
//! `R_i = sum_{s <= t} (u(i, b_s) - u(a_s, b_s))`: what it would have gained by playing `i`
//! every time against the opponent's actual moves. The next move is C with probability
//! `max(R_C, 0) / (max(R_C, 0) + max(R_D, 0))`, and 1/2 when no regret is positive (so the
//! first move is a fair coin). The regrets are computed from the counts of the four joint
//! outcomes, O(1) per round. Against any opponent the average regret `max_i R_i / t` tends to
//! 0 (Hannan consistency): with the potential `Phi = sum_i max(R_i, 0)^2`, playing
//! proportionally to the positive regrets makes the expected increase of `Phi` at most the
//! squared norm of the round's regret vector, which is at most `D^2` for payoffs in a range of
//! width `D` (the played action's entry is 0), so `E[max_i max(R_i, 0)^2] <= t D^2`
//! (Cesa-Bianchi & Lugosi 2006, Thm 2.1 with the polynomial potential, p = 2).
//!
//! Source: S. Hart & A. Mas-Colell, "A simple adaptive procedure leading to correlated
//! equilibrium", Econometrica 68 (2000); the unconditional variant as in Cesa-Bianchi &
//! Lugosi, *Prediction, Learning, and Games* (2006), Sec. 2.1 (polynomial potential, p = 2).
//! Not an Axelrod library strategy. The matrix-game version for self-play is in
//! [`crate::games::dynamics`].

use super::fictitious_play::JointTally;
use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Regret Matching",
    axelrod: "RegretMatching",
    rules: "Keeps score of how much better each action would have done than its actual moves against the opponent's moves so far, and plays each action with probability proportional to that regret when positive (a coin flip when neither is).",
    memory: None,
    stochastic: true,
    source: "Hart & Mas-Colell (2000), Econometrica 68; Cesa-Bianchi & Lugosi (2006), Prediction, Learning, and Games, Sec. 2.1. Not in the Axelrod library.",
};

no_params!(RegretMatchingParams, "Regret Matching", RegretMatching);

impl RegretMatchingParams {
    /// The player itself, for inspecting its regrets.
    pub fn player(&self) -> RegretMatching {
        RegretMatching::default()
    }
}

#[derive(Default)]
pub struct RegretMatching {
    tally: JointTally,
}

impl RegretMatching {
    /// Catch up with the history and return the cumulative regrets `[R_C, R_D]`.
    pub fn regrets(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) -> [f64; 2] {
        let n = self.tally.update(own, opp).joint();
        let u = &game.row;
        [0, 1].map(|i| {
            let mut r = 0.0;
            for (a, row) in n.iter().enumerate() {
                for (b, &count) in row.iter().enumerate() {
                    r += count as f64 * (u[i][b] - u[a][b]);
                }
            }
            r
        })
    }

    /// Catch up with the history and return the probabilities of C and D for the next move.
    pub fn probabilities(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) -> [f64; 2] {
        let r = self.regrets(own, opp, game).map(|x| x.max(0.0));
        let total = r[0] + r[1];
        if total > 0.0 {
            [r[0] / total, r[1] / total]
        } else {
            [0.5, 0.5]
        }
    }
}

impl Strategy for RegretMatching {
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
    use crate::games::strategies::{replay_in, StrategyConfig};

    fn seq(s: &str) -> Vec<Action> {
        Action::parse_seq(s).unwrap()
    }

    #[test]
    fn regrets_by_hand_in_matching_pennies() {
        // Row wins 1 on a match, loses 1 otherwise.
        // (C, D): u(C) = -1, u(D) = 1, played C: R_D += 2.
        // (D, C): u(C) = 1, u(D) = -1, played D: R_C += 2.
        // (C, D): R_D += 2.  So R = (2, 4) and p = (1/3, 2/3).
        let g = GameConfig::preset("matching_pennies").unwrap();
        let mut p = RegretMatchingParams::default().player();
        assert_eq!(p.regrets(&seq("CDC"), &seq("DCD"), &g), [2.0, 4.0]);
        let probs = p.probabilities(&seq("CDC"), &seq("DCD"), &g);
        assert!((probs[0] - 1.0 / 3.0).abs() < 1e-15 && (probs[1] - 2.0 / 3.0).abs() < 1e-15);
        // A fourth round (D, D): u(C) = -1, u(D) = 1, played D: R_C -= 2, so R = (0, 4).
        assert_eq!(p.probabilities(&seq("CDCD"), &seq("DCDD"), &g), [0.0, 1.0]);
    }

    #[test]
    fn regrets_by_hand_in_the_prisoners_dilemma() {
        // (C, C): R_D += T - R = 2. (C, D): R_D += P - S = 1. (D, D): R_C += S - P = -1.
        let g = GameConfig::prisoners_dilemma();
        let mut p = RegretMatchingParams::default().player();
        assert_eq!(p.regrets(&seq("CCD"), &seq("CDD"), &g), [-1.0, 3.0]);
        // No positive regret: a fair coin.
        assert_eq!(p.probabilities(&seq("D"), &seq("D"), &g), [0.5, 0.5]);
    }

    #[test]
    fn first_move_is_a_fair_coin_and_pure_regret_is_followed() {
        let s = StrategyConfig::by_kind("RegretMatching").unwrap();
        let g = GameConfig::prisoners_dilemma();
        let firsts: Vec<char> = (0..40)
            .map(|seed| replay_in(&s, "", &g, seed).chars().next().unwrap())
            .collect();
        assert!(firsts.contains(&'C') && firsts.contains(&'D'));
        // Once R_D > 0 >= R_C it defects with probability 1.
        for seed in 0..10 {
            let moves = replay_in(&s, "CCCC", &g, seed);
            let k = moves.find('C').map_or(0, |k| k + 1);
            assert!(moves[k..].chars().all(|m| m == 'D'), "{moves}");
        }
    }
}

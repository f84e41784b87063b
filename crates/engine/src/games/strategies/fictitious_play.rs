//! Fictitious Play (Brown 1951): believe that the opponent plays each action with its
//! empirical frequency so far, and play a best response to that belief.
//!
//! After `c` recorded cooperations and `d` defections of the opponent, the belief is
//! `q = c / (c + d)` on C, and the expected payoff of each own action `i` is
//! `u_i = q row[i][C] + (1 - q) row[i][D]`. The player plays `argmax_i u_i`, ties broken
//! uniformly at random by [`Rng::argmax`] (it compares `c row[i][C] + d row[i][D]`, the same
//! ranking scaled by `c + d`, so exact ties are detected exactly). The first move, with no
//! history to believe in, is the parameter `initial` (C by default).
//!
//! Source: G. W. Brown, "Iterative solution of games by fictitious play", in *Activity
//! Analysis of Production and Allocation* (1951); Fudenberg & Levine, *The Theory of Learning
//! in Games* (1998), ch. 2. Not an Axelrod library strategy: the identifier `FictitiousPlay` is
//! Agora's. The matrix-game version for self-play is in [`crate::games::dynamics`].

use super::About;
use crate::error::ConfigError;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Fictitious Play",
    axelrod: "FictitiousPlay",
    rules: "Counts how often the opponent has played each action and plays the best reply to those frequencies, as if the opponent were a fixed random player (ties at random; the first move is fixed, C by default).",
    memory: None,
    stochastic: true,
    source: "Brown (1951), Iterative solution of games by fictitious play; Fudenberg & Levine (1998), The Theory of Learning in Games, ch. 2. Not in the Axelrod library.",
};

/// Counts of the joint outcomes (own move, opponent move) recorded so far, brought up to date
/// incrementally (O(1) per round, like [`super::OppTally`]). A history shorter than the last one
/// seen (a new match without [`Strategy::reset`]) is counted again from the start. The learning
/// players that need only counts (fictitious play, regret matching, Hedge) share it.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JointTally {
    seen: usize,
    counts: [[u64; 2]; 2],
}

impl JointTally {
    /// Count the rounds of (`own`, `opp`) not seen yet.
    pub fn update(&mut self, own: &[Action], opp: &[Action]) -> &Self {
        let n = own.len().min(opp.len());
        if n < self.seen {
            *self = JointTally::default();
        }
        for k in self.seen..n {
            self.counts[own[k].index()][opp[k].index()] += 1;
        }
        self.seen = n;
        self
    }

    /// Rounds counted.
    pub fn rounds(&self) -> usize {
        self.seen
    }

    /// `joint()[a][b]`: rounds in which this player recorded `a` and the opponent `b`
    /// (index 0 = C, 1 = D).
    pub fn joint(&self) -> [[u64; 2]; 2] {
        self.counts
    }

    /// How often the opponent played C and D.
    pub fn opponent(&self) -> [u64; 2] {
        [
            self.counts[0][0] + self.counts[1][0],
            self.counts[0][1] + self.counts[1][1],
        ]
    }
}

/// The first move (before any history).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct FictitiousPlayParams {
    /// The first move.
    pub initial: Action,
}

impl Default for FictitiousPlayParams {
    fn default() -> Self {
        FictitiousPlayParams { initial: Action::C }
    }
}

impl FictitiousPlayParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        Ok(())
    }
    pub fn label(&self) -> String {
        match self.initial {
            Action::C => "Fictitious Play".into(),
            Action::D => "Fictitious Play: starts with D".into(),
        }
    }
    /// The player itself, for inspecting its belief.
    pub fn player(&self) -> FictitiousPlay {
        FictitiousPlay {
            initial: self.initial,
            tally: JointTally::default(),
        }
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(self.player())
    }
}

pub struct FictitiousPlay {
    initial: Action,
    tally: JointTally,
}

impl FictitiousPlay {
    /// Catch up with the history and return the expected payoff of C and D against the
    /// opponent's empirical frequencies (`None` before the first round).
    pub fn expected_payoffs(
        &mut self,
        own: &[Action],
        opp: &[Action],
        game: &GameConfig,
    ) -> Option<[f64; 2]> {
        let [c, d] = self.tally.update(own, opp).opponent();
        let n = c + d;
        if n == 0 {
            return None;
        }
        let (c, d, n) = (c as f64, d as f64, n as f64);
        Some([0, 1].map(|i| (c * game.row[i][0] + d * game.row[i][1]) / n))
    }
}

impl Strategy for FictitiousPlay {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        let [c, d] = self.tally.update(own, opp).opponent();
        if c + d == 0 {
            return self.initial;
        }
        // Payoffs scaled by the number of rounds: same ranking, exact ties.
        let (c, d) = (c as f64, d as f64);
        let u = [0, 1].map(|i| c * game.row[i][0] + d * game.row[i][1]);
        Action::from_index(rng.argmax(&u))
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
    use crate::games::strategies::{replay, replay_in, StrategyConfig};

    fn coordination() -> GameConfig {
        GameConfig::symmetric("Coordination", ["Left", "Right"], 1.0, 0.0, 0.0, 1.0)
    }

    #[test]
    fn tally_counts_joint_outcomes_and_restarts() {
        let own = Action::parse_seq("CCDD").unwrap();
        let opp = Action::parse_seq("CDDC").unwrap();
        let mut t = JointTally::default();
        t.update(&own, &opp);
        assert_eq!(t.joint(), [[1, 1], [1, 1]]);
        assert_eq!(t.opponent(), [2, 2]);
        t.update(&own[..1], &opp[..1]);
        assert_eq!(t.joint(), [[1, 0], [0, 0]]);
        assert_eq!(t.rounds(), 1);
    }

    #[test]
    fn defects_in_the_prisoners_dilemma_whatever_the_frequencies() {
        // D strictly dominates: with q on C, u_D - u_C = q (T - R) + (1 - q) (P - S) > 0.
        let s = StrategyConfig::by_kind("FictitiousPlay").unwrap();
        assert_eq!(replay(&s, "DDCD"), "CDDDD");
        assert_eq!(replay(&s, "CCCC"), "CDDDD");
        let d_first = StrategyConfig::FictitiousPlay(FictitiousPlayParams { initial: Action::D });
        assert_eq!(replay(&d_first, ""), "D");
    }

    #[test]
    fn best_responds_to_the_majority_in_a_coordination_game() {
        // Coordination 1/0/0/1: u_C = q, u_D = 1 - q, so C iff q > 1/2.
        let s = StrategyConfig::by_kind("FictitiousPlay").unwrap();
        let g = coordination();
        assert_eq!(replay_in(&s, "DDCD", &g, 0), "CDDDD");
        assert_eq!(replay_in(&s, "CCDC", &g, 0), "CCCCC");
        // Battle of the Sexes (row 10/0/0/7): u_C = 10 q, u_D = 7 (1 - q): C iff q > 7/17.
        let bos = GameConfig::preset("battle_of_the_sexes").unwrap();
        // q = 1, 1/2, 1/3 after each round: C, C, then D.
        assert_eq!(replay_in(&s, "CDD", &bos, 0), "CCCD");
        let mut p = FictitiousPlayParams::default().player();
        let opp = Action::parse_seq("CCD").unwrap();
        let u = p.expected_payoffs(&opp, &opp, &bos).unwrap();
        assert!((u[0] - 20.0 / 3.0).abs() < 1e-12 && (u[1] - 7.0 / 3.0).abs() < 1e-12);
    }

    #[test]
    fn ties_are_broken_at_random() {
        // After C, D in the coordination game u_C = u_D = 1/2: both replies occur.
        let s = StrategyConfig::by_kind("FictitiousPlay").unwrap();
        let g = coordination();
        let second: Vec<char> = (0..40)
            .map(|seed| replay_in(&s, "CD", &g, seed).chars().nth(2).unwrap())
            .collect();
        assert!(second.contains(&'C') && second.contains(&'D'), "{second:?}");
    }
}

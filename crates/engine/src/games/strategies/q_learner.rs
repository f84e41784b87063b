//! Q-Learner: tabular Q-learning (Watkins & Dayan 1992) with the last round as the state.
//!
//! States: `start` (no round played yet) and the four joint outcomes of the last round,
//! (own move, opponent move) = CC, CD, DC, DD. Rewards are this player's payoffs rescaled to
//! [0, 1] with the game's extremes ([`super::hedge::unit_payoffs`]), so the parameters mean
//! the same in every game and `0 <= Q <= 1 / (1 - gamma)`. The table starts at 0. After each
//! round, with `s` the state before it, `a` the recorded own move, `r` its rescaled payoff and
//! `s'` the new state (the round's joint outcome), the entry of the pair is moved towards the
//! one-step target:
//!
//! `Q(s, a) <- (1 - alpha) Q(s, a) + alpha (r + gamma max_b Q(s', b))`.
//!
//! Moves are epsilon-greedy: with probability `epsilon` an action drawn uniformly at random,
//! otherwise `argmax_b Q(s', b)` with ties broken at random. One update per round: O(1).
//!
//! Defaults: `alpha = 0.5`, `gamma = 0.9`, `epsilon = 0.1`. The discount 0.9 makes lasting
//! cooperation with Tit For Tat worth more than a defection in Axelrod's PD (rescaled
//! R, S, T, P = 0.6, 0, 1, 0.2): cooperating forever is worth 0.6 / (1 - 0.9) = 6, defecting
//! once and then cooperating again 1 + 0.9 x 0 + 0.81 x 6 = 5.86, defecting forever
//! 1 + 0.9 x 0.2 / (1 - 0.9) = 2.8. The learning rate is large because
//! the table starts at 0, below every value: the first action tried in a state gets a positive
//! value and the greedy choice sticks to it, and with `alpha = 0.1` the rare exploratory
//! updates can take hundreds of rounds to undo a poor start (for example alternating C and D
//! against Defector); the payoffs of a 2x2 game against a fixed opponent are deterministic, so
//! large steps do no harm there.
//!
//! Differences from the Axelrod library's `RiskyQLearner` family (`RiskyQLearner`,
//! `ArrogantQLearner`, `HesitantQLearner`, `CautiousQLearner`, learning and discount rates 0.9
//! or 0.1, exploration 0.1): their state is the opponent's last 12 moves together with its
//! number of cooperations, so states rarely repeat; their rewards are raw payoffs; their
//! target uses a separate value table updated only for the state just left; their first
//! "previous" move is random. Hence the separate identifier `QLearner`: it is not an Axelrod
//! strategy and does not reproduce theirs.
//!
//! Source: C. J. C. H. Watkins & P. Dayan, "Q-learning", Machine Learning 8 (1992); Sutton &
//! Barto, *Reinforcement Learning: An Introduction* (2nd ed. 2018), Sec. 6.5.

use super::hedge::unit_payoffs;
use super::About;
use crate::error::{check_range, ConfigError};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Q-Learner",
    axelrod: "QLearner",
    rules: "Learns the value of each move after each outcome of the last round (CC, CD, DC, DD or the start) by Q-learning on payoffs scaled to 0..1; plays the best-valued move, or a random one with probability epsilon.",
    memory: None,
    stochastic: true,
    source: "Watkins & Dayan (1992), Machine Learning 8; Sutton & Barto (2018), Sec. 6.5. Not Axelrod's RiskyQLearner family (different state, rewards and update).",
};

/// Index of the start state in [`QLearner::table`].
pub const START: usize = 0;

/// Index of the state after a round with own move `a` and opponent move `b`: 1 + 2a + b, so
/// CC = 1, CD = 2, DC = 3, DD = 4.
pub fn state_of(a: Action, b: Action) -> usize {
    1 + 2 * a.index() + b.index()
}

/// Learning rate, discount and exploration.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct QLearnerParams {
    /// Learning rate alpha, in (0, 1].
    pub alpha: f64,
    /// Discount gamma, in [0, 1).
    pub gamma: f64,
    /// Exploration probability epsilon, in [0, 1].
    pub epsilon: f64,
}

impl Default for QLearnerParams {
    fn default() -> Self {
        QLearnerParams {
            alpha: 0.5,
            gamma: 0.9,
            epsilon: 0.1,
        }
    }
}

impl QLearnerParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        let a = self.alpha;
        if !a.is_finite() || a <= 0.0 || a > 1.0 {
            return Err(ConfigError::new(
                "alpha",
                format!("the learning rate must be a number above 0 and at most 1 (got {a})"),
            ));
        }
        let g = self.gamma;
        if !g.is_finite() || !(0.0..1.0).contains(&g) {
            return Err(ConfigError::new(
                "gamma",
                format!(
                    "the discount must be a number from 0 up to, but not including, 1 (got {g}): at 1 the values could grow without bound"
                ),
            ));
        }
        check_range("epsilon", self.epsilon, 0.0, 1.0)
    }
    pub fn label(&self) -> String {
        format!(
            "Q-Learner: {}, {}, {}",
            self.alpha, self.gamma, self.epsilon
        )
    }
    /// The player itself, for inspecting its table.
    pub fn player(&self) -> QLearner {
        QLearner {
            params: self.clone(),
            q: [[0.0; 2]; 5],
            state: START,
            seen: 0,
        }
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(self.player())
    }
}

pub struct QLearner {
    params: QLearnerParams,
    /// `q[s][a]`: value of move `a` (0 = C, 1 = D) in state `s` (see [`state_of`]).
    q: [[f64; 2]; 5],
    /// The state reached after the last round learned from.
    state: usize,
    /// Rounds learned from.
    seen: usize,
}

impl QLearner {
    fn clear(&mut self) {
        self.q = [[0.0; 2]; 5];
        self.state = START;
        self.seen = 0;
    }

    /// Learn from the rounds of the history not seen yet.
    fn catch_up(&mut self, own: &[Action], opp: &[Action], game: &GameConfig) {
        let n = own.len().min(opp.len());
        if n < self.seen {
            self.clear();
        }
        let x = unit_payoffs(game);
        let QLearnerParams { alpha, gamma, .. } = self.params;
        for k in self.seen..n {
            let (a, b) = (own[k], opp[k]);
            let next = state_of(a, b);
            let r = x[a.index()][b.index()];
            let best_next = self.q[next][0].max(self.q[next][1]);
            let entry = &mut self.q[self.state][a.index()];
            *entry = (1.0 - alpha) * *entry + alpha * (r + gamma * best_next);
            self.state = next;
        }
        self.seen = n;
    }

    /// Catch up with the history and return the Q table (`[state][move]`, states as in
    /// [`state_of`]) and the current state.
    pub fn table(
        &mut self,
        own: &[Action],
        opp: &[Action],
        game: &GameConfig,
    ) -> ([[f64; 2]; 5], usize) {
        self.catch_up(own, opp, game);
        (self.q, self.state)
    }
}

impl Strategy for QLearner {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        self.catch_up(own, opp, game);
        let eps = self.params.epsilon;
        if eps > 0.0 && rng.uniform() < eps {
            return Action::from_index(rng.below(2));
        }
        Action::from_index(rng.argmax(&self.q[self.state]))
    }
    fn reset(&mut self) {
        self.clear();
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
    fn table_after_four_updates_by_hand() {
        // PD rescaled: R = 0.6, S = 0, T = 1, P = 0.2. alpha = 0.5, gamma = 0.9.
        let g = GameConfig::prisoners_dilemma();
        let params = QLearnerParams {
            alpha: 0.5,
            gamma: 0.9,
            epsilon: 0.0,
        };
        let mut q = params.player();
        let (own, opp) = (seq("CDCD"), seq("CCCC"));
        // 1: start, C, r = 0.6, next CC (all 0): Q[start][C] = 0.5 * 0.6 = 0.3.
        // 2: CC, D, r = 1, next DC (all 0): Q[CC][D] = 0.5 * 1 = 0.5.
        // 3: DC, C, r = 0.6, next CC (max 0.5): Q[DC][C] = 0.5 * (0.6 + 0.45) = 0.525.
        // 4: CC, D, r = 1, next DC (max 0.525): Q[CC][D] = 0.5 * 0.5 + 0.5 * (1 + 0.4725)
        //    = 0.98625.
        let (t, s) = q.table(&own, &opp, &g);
        let cc = state_of(Action::C, Action::C);
        let dc = state_of(Action::D, Action::C);
        assert_eq!(s, dc);
        let expected = [
            [0.3, 0.0],
            [0.0, 0.98625],
            [0.0, 0.0],
            [0.525, 0.0],
            [0.0, 0.0],
        ];
        for st in 0..5 {
            for a in 0..2 {
                assert!((t[st][a] - expected[st][a]).abs() < 1e-12, "{t:?}");
            }
        }
        assert_eq!((cc, dc), (1, 3));
        // Greedy in DC with epsilon = 0: Q[DC] = (0.525, 0), so C, and no draw is needed.
        let mut rng = Rng::stream(0, &[]);
        assert_eq!(q.act(&own, &opp, &g, &mut rng), Action::C);
        // A shorter history (a new match) starts over.
        assert_eq!(q.table(&[], &[], &g), ([[0.0; 2]; 5], START));
        // In a match the first move faces an all-zero row: a fair coin between C and D.
        let s = StrategyConfig::QLearner(params);
        let firsts: Vec<char> = (0..40)
            .map(|seed| replay_in(&s, "", &g, seed).chars().next().unwrap())
            .collect();
        assert!(firsts.contains(&'C') && firsts.contains(&'D'));
    }

    #[test]
    fn explains_bad_parameters() {
        let bad = |alpha, gamma, epsilon| {
            QLearnerParams {
                alpha,
                gamma,
                epsilon,
            }
            .validate()
            .unwrap_err()
            .field
        };
        assert_eq!(bad(0.0, 0.9, 0.1), "alpha");
        assert_eq!(bad(0.5, 1.0, 0.1), "gamma");
        assert_eq!(bad(0.5, 0.9, 1.1), "epsilon");
    }
}

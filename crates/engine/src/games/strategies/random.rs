//! Random: cooperate with probability p each round, independently of everything
//! (`axelrod.Random`, default p = 1/2).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::check_probability;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Random",
    axelrod: "Random",
    rules: "Cooperates with probability p each round, ignoring the history.",
    memory: Some(0),
    stochastic: true,
    source: "Axelrod (1980), the RANDOM entry; axelrod.Random.",
};

/// The probability of cooperating.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct RandomParams {
    pub p: f64,
}

impl Default for RandomParams {
    fn default() -> Self {
        RandomParams { p: 0.5 }
    }
}

impl RandomParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_probability("p", self.p)
    }
    pub fn label(&self) -> String {
        format!("Random: {}", self.p)
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(RandomPlayer { p: self.p })
    }
}

pub struct RandomPlayer {
    p: f64,
}

impl Strategy for RandomPlayer {
    fn act(
        &mut self,
        _own: &[Action],
        _opp: &[Action],
        _game: &GameConfig,
        rng: &mut Rng,
    ) -> Action {
        Action::with_probability(self.p, rng)
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::strategies::{replay, replay_in, StrategyConfig};

    #[test]
    fn cooperates_with_probability_p() {
        let game = GameConfig::prisoners_dilemma();
        let s = StrategyConfig::Random(RandomParams { p: 0.2 });
        let moves = replay_in(&s, &"C".repeat(5000), &game, 3);
        let c = moves.chars().filter(|&m| m == 'C').count() as f64 / moves.len() as f64;
        // Binomial sd sqrt(0.2 * 0.8 / 5001) ~ 0.0057.
        assert!((c - 0.2).abs() < 0.025, "{c}");
        let always = StrategyConfig::Random(RandomParams { p: 1.0 });
        assert_eq!(replay(&always, "DDD"), "CCCC");
        let bad = RandomParams { p: -0.1 };
        assert_eq!(bad.validate().unwrap_err().field, "p");
    }
}

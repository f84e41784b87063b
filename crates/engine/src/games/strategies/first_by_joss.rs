//! First by Joss: Tit For Tat that sneaks in a defection: cooperate first, then memory-one
//! (p, 0, p, 0) with p = 0.9, i.e. after the opponent cooperated cooperate with probability
//! 0.9, after it defected always defect (Joss's entry to Axelrod 1980; `axelrod.FirstByJoss`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::check_probability;
use super::memory_one::memory_one_act;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "First by Joss",
    axelrod: "FirstByJoss",
    rules: "Cooperates first; copies a defection; after the opponent cooperated, cooperates only with probability 0.9.",
    memory: Some(1),
    stochastic: true,
    source: "Joss, in Axelrod (1980), J. Conflict Resolution 24; axelrod.FirstByJoss.",
};

/// The probability of cooperating after the opponent cooperated.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct FirstByJossParams {
    pub p: f64,
}

impl Default for FirstByJossParams {
    fn default() -> Self {
        FirstByJossParams { p: 0.9 }
    }
}

impl FirstByJossParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_probability("p", self.p)
    }
    pub fn label(&self) -> String {
        format!("First by Joss: {}", self.p)
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(FirstByJoss { p: self.p })
    }
}

pub struct FirstByJoss {
    p: f64,
}

impl Strategy for FirstByJoss {
    fn act(&mut self, own: &[Action], opp: &[Action], _game: &GameConfig, rng: &mut Rng) -> Action {
        memory_one_act(&[self.p, 0.0, self.p, 0.0], Action::C, own, opp, rng)
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::strategies::{replay_in, StrategyConfig};

    #[test]
    fn defects_after_d_and_cooperates_90_percent_after_c() {
        let game = GameConfig::prisoners_dilemma();
        let s = StrategyConfig::by_kind("FirstByJoss").unwrap();
        let after_d = replay_in(&s, &"D".repeat(200), &game, 1);
        assert_eq!(&after_d[..1], "C");
        assert!(after_d[1..].chars().all(|m| m == 'D'));
        let after_c = replay_in(&s, &"C".repeat(5000), &game, 2);
        assert_eq!(&after_c[..1], "C");
        let c = after_c[1..].chars().filter(|&m| m == 'C').count() as f64 / 5000.0;
        assert!((c - 0.9).abs() < 0.015, "{c}");
    }
}

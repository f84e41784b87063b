//! Soft Joss: memory-one (1, 1 - q, 1, 1 - q) with q = 0.9: always cooperates after the
//! opponent cooperated, and after a defection defects with probability q only
//! (`axelrod.SoftJoss`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::check_probability;
use super::memory_one::memory_one_act;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Soft Joss",
    axelrod: "SoftJoss",
    rules: "Cooperates after the opponent cooperated; after a defection defects with probability q (0.9).",
    memory: Some(1),
    stochastic: true,
    source: "Axelrod library (axelrod.SoftJoss).",
};

/// The probability q of answering a defection with D.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SoftJossParams {
    pub q: f64,
}

impl Default for SoftJossParams {
    fn default() -> Self {
        SoftJossParams { q: 0.9 }
    }
}

impl SoftJossParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_probability("q", self.q)
    }
    pub fn label(&self) -> String {
        format!("Soft Joss: {}", self.q)
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        let q = self.q;
        Box::new(SoftJoss {
            vector: [1.0, 1.0 - q, 1.0, 1.0 - q],
        })
    }
}

pub struct SoftJoss {
    vector: [f64; 4],
}

impl Strategy for SoftJoss {
    fn act(&mut self, own: &[Action], opp: &[Action], _game: &GameConfig, rng: &mut Rng) -> Action {
        memory_one_act(&self.vector, Action::C, own, opp, rng)
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
    fn forgives_a_tenth_of_defections() {
        let s = StrategyConfig::by_kind("SoftJoss").unwrap();
        assert_eq!(replay(&s, "CCCC"), "CCCCC");
        let game = GameConfig::prisoners_dilemma();
        let moves = replay_in(&s, &"D".repeat(5000), &game, 7);
        let c = moves[1..].chars().filter(|&m| m == 'C').count() as f64 / 5000.0;
        assert!((c - 0.1).abs() < 0.015, "{c}");
    }
}

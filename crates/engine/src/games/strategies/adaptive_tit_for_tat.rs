//! Adaptive Tit For Tat: keeps an image w of the opponent, starting at 1/2; after each
//! opponent move w <- w + r (1 - w) for C and w <- w - r w for D; cooperates while w >= 1/2
//! (Tzafestas 2000; `axelrod.AdaptiveTitForTat`, rate r = 1/2).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use crate::error::{check_range, ConfigError};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Adaptive Tit For Tat",
    axelrod: "AdaptiveTitForTat",
    rules: "Keeps a running image of the opponent's cooperativeness (moved a fraction 'rate' towards each new move) and cooperates while it is at least 1/2.",
    memory: None,
    stochastic: false,
    source: "Tzafestas (2000), ECAI workshop; axelrod.AdaptiveTitForTat.",
};

/// The adaptation rate r.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AdaptiveTitForTatParams {
    pub rate: f64,
}

impl Default for AdaptiveTitForTatParams {
    fn default() -> Self {
        AdaptiveTitForTatParams { rate: 0.5 }
    }
}

impl AdaptiveTitForTatParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("rate", self.rate, 0.0, 1.0)
    }
    pub fn label(&self) -> String {
        format!("Adaptive Tit For Tat: {}", self.rate)
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(AdaptiveTitForTat {
            rate: self.rate,
            world: 0.5,
        })
    }
}

pub struct AdaptiveTitForTat {
    rate: f64,
    world: f64,
}

impl Strategy for AdaptiveTitForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        match opp.last() {
            None => return Action::C,
            Some(Action::C) => self.world += self.rate * (1.0 - self.world),
            Some(Action::D) => self.world -= self.rate * self.world,
        }
        if self.world >= 0.5 {
            Action::C
        } else {
            Action::D
        }
    }
    fn reset(&mut self) {
        self.world = 0.5;
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn image_moves_halfway_each_round() {
        let s = StrategyConfig::by_kind("AdaptiveTitForTat").unwrap();
        // w: 1/2 -D-> 1/4 (D) -C-> 5/8 (C) -D-> 5/16 (D) -D-> 5/32 (D) -C-> 37/64 (C).
        assert_eq!(replay(&s, "DCDDC"), "CDCDDC");
    }
}

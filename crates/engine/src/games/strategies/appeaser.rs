//! Appeaser: cooperate first; whenever the opponent defects, switch own move (C to D or D to
//! C); otherwise repeat own last move (`axelrod.Appeaser`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Appeaser",
    axelrod: "Appeaser",
    rules: "Cooperates first; switches between C and D each time the opponent defects, otherwise repeats its own last move.",
    memory: Some(1),
    stochastic: false,
    source: "Axelrod library (axelrod.Appeaser).",
};

no_params!(AppeaserParams, "Appeaser", Appeaser);

#[derive(Default)]
pub struct Appeaser;

impl Strategy for Appeaser {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        match (own.last(), opp.last()) {
            (Some(a), Some(Action::D)) => a.flip(),
            (Some(a), Some(Action::C)) => *a,
            _ => Action::C,
        }
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn switches_on_each_defection() {
        let s = StrategyConfig::by_kind("Appeaser").unwrap();
        assert_eq!(replay(&s, "CDCDDC"), "CCDDCDD");
    }
}

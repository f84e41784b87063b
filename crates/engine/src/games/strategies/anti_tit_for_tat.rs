//! Anti Tit For Tat: cooperate first, then play the opposite of the opponent's previous
//! move (Hilbe, Nowak & Sigmund 2013; `axelrod.AntiTitForTat`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Anti Tit For Tat",
    axelrod: "AntiTitForTat",
    rules: "Cooperates first, then does the opposite of the opponent's previous move.",
    memory: Some(1),
    stochastic: false,
    source: "Hilbe, Nowak & Sigmund (2013), PNAS 110; axelrod.AntiTitForTat.",
};

no_params!(AntiTitForTatParams, "Anti Tit For Tat", AntiTitForTat);

#[derive(Default)]
pub struct AntiTitForTat;

impl Strategy for AntiTitForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        match opp.last() {
            Some(a) => a.flip(),
            None => Action::C,
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
    fn follows_its_rules() {
        let s = StrategyConfig::by_kind("AntiTitForTat").unwrap();
        assert_eq!(replay(&s, "CDDC"), "CDCCD");
    }
}

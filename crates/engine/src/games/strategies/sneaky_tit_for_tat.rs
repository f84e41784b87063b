//! Sneaky Tit For Tat: cooperate twice; while the opponent has never defected, defect; if
//! punished right after its own defection (own move two rounds ago D and the opponent's last
//! D), repent with C; otherwise Tit For Tat (`axelrod.SneakyTitForTat`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Sneaky Tit For Tat",
    axelrod: "SneakyTitForTat",
    rules: "Cooperates twice, then tries defecting; keeps defecting while never punished, and repents with C when punished; otherwise copies the opponent.",
    memory: None,
    stochastic: false,
    source: "Axelrod library (axelrod.SneakyTitForTat, by Karol Langner).",
};

no_params!(SneakyTitForTatParams, "Sneaky Tit For Tat", SneakyTitForTat);

#[derive(Default)]
pub struct SneakyTitForTat {
    tally: OppTally,
}

impl Strategy for SneakyTitForTat {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if own.len() < 2 {
            return Action::C;
        }
        if self.tally.update(opp).defections() == 0 {
            return Action::D;
        }
        let last = opp.last().copied().unwrap_or(Action::C);
        if last == Action::D && own[own.len() - 2] == Action::D {
            return Action::C;
        }
        last
    }
    fn reset(&mut self) {
        self.tally = OppTally::default();
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn follows_its_rules() {
        let s = StrategyConfig::by_kind("SneakyTitForTat").unwrap();
        assert_eq!(replay(&s, "CCCCC"), "CCDDDD");
        // Punished for the D of round 3 in round 4: repents in round 5.
        assert_eq!(replay(&s, "CCDDC"), "CCDDCC");
    }
}

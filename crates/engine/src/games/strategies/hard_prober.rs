//! Hard Prober: open with D, D, C, C; if the opponent cooperated in rounds 2 and 3, defect
//! for the rest of the match, else play Tit For Tat (`axelrod.HardProber`).

use super::{probe, About};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Hard Prober",
    axelrod: "HardProber",
    rules: "Plays D, D, C, C; then defects forever if the opponent cooperated in rounds 2 and 3, otherwise plays Tit For Tat.",
    memory: None,
    stochastic: false,
    source: "Mathieu & Delahaye, PRISON project; axelrod.HardProber.",
};

no_params!(HardProberParams, "Hard Prober", HardProber);

#[derive(Default)]
pub struct HardProber;

impl Strategy for HardProber {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        probe(
            own,
            opp,
            &[Action::D, Action::D, Action::C, Action::C],
            1..3,
            &[Action::C, Action::C],
            Action::D,
        )
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
    fn probes_then_decides() {
        let s = StrategyConfig::by_kind("HardProber").unwrap();
        assert_eq!(replay(&s, "CCCCC"), "DDCCDD");
        assert_eq!(replay(&s, "DDCCC"), "DDCCCC");
    }
}

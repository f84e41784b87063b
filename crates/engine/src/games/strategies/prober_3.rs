//! Prober 3: open with D, C; if the opponent cooperated in round 2 (it did not answer the
//! probe), defect for the rest of the match, else play Tit For Tat (`axelrod.Prober3`).

use super::{probe, About};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Prober 3",
    axelrod: "Prober3",
    rules: "Plays D, C; then defects forever if the opponent cooperated in round 2, otherwise plays Tit For Tat.",
    memory: None,
    stochastic: false,
    source: "Mathieu & Delahaye, PRISON project; axelrod.Prober3.",
};

no_params!(Prober3Params, "Prober 3", Prober3);

#[derive(Default)]
pub struct Prober3;

impl Strategy for Prober3 {
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
            &[Action::D, Action::C],
            1..2,
            &[Action::C],
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
        let s = StrategyConfig::by_kind("Prober3").unwrap();
        assert_eq!(replay(&s, "CCCC"), "DCDDD");
        assert_eq!(replay(&s, "CDCDC"), "DCDCDC");
    }
}

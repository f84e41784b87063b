//! Prober: open with D, C, C; if the opponent cooperated in rounds 2 and 3 (it did not
//! retaliate), defect for the rest of the match, else play Tit For Tat
//! (Mathieu & Delahaye; `axelrod.Prober`).

use super::{probe, About};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Prober",
    axelrod: "Prober",
    rules: "Plays D, C, C; then defects forever if the opponent cooperated in rounds 2 and 3, otherwise plays Tit For Tat.",
    memory: None,
    stochastic: false,
    source: "Mathieu & Delahaye, PRISON project; axelrod.Prober.",
};

no_params!(ProberParams, "Prober", Prober);

#[derive(Default)]
pub struct Prober;

impl Strategy for Prober {
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
            &[Action::D, Action::C, Action::C],
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
    fn exploits_a_sucker_and_copies_a_retaliator() {
        let s = StrategyConfig::by_kind("Prober").unwrap();
        assert_eq!(replay(&s, "CCCCC"), "DCCDDD");
        // The opponent retaliated in round 2: Tit For Tat from round 4.
        assert_eq!(replay(&s, "CDCCD"), "DCCCCD");
    }
}

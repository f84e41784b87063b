//! Prober 2: open with D, C, C; if the opponent played D then C in rounds 2 and 3 (it
//! retaliated once and forgave), cooperate for the rest of the match, else play Tit For Tat
//! (`axelrod.Prober2`).

use super::{probe, About};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Prober 2",
    axelrod: "Prober2",
    rules: "Plays D, C, C; then cooperates forever if the opponent played D then C in rounds 2 and 3, otherwise plays Tit For Tat.",
    memory: None,
    stochastic: false,
    source: "Mathieu & Delahaye, PRISON project; axelrod.Prober2.",
};

no_params!(Prober2Params, "Prober 2", Prober2);

#[derive(Default)]
pub struct Prober2;

impl Strategy for Prober2 {
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
            &[Action::D, Action::C],
            Action::C,
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
        let s = StrategyConfig::by_kind("Prober2").unwrap();
        // Opponent answered the probe with D, then forgave: cooperate whatever follows.
        assert_eq!(replay(&s, "CDCDD"), "DCCCCC");
        // Otherwise Tit For Tat from round 4.
        assert_eq!(replay(&s, "CCCDC"), "DCCCDC");
    }
}

//! Detective: open with C, D, C, C; if the opponent defected during those four rounds, play
//! Tit For Tat, otherwise defect for the rest of the match (Nicky Case, The Evolution of
//! Trust, 2017, where it is called Detective, the identifier used here).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Detective",
    axelrod: "Detective",
    rules: "Plays C, D, C, C; if the opponent ever defected in those rounds it plays Tit For Tat, otherwise it defects from then on.",
    memory: None,
    stochastic: false,
    source: "Nicky Case, The Evolution of Trust (2017); axelrod.Detective.",
};

no_params!(DetectiveParams, "Detective", Detective);

/// The opening moves.
const OPENING: [Action; 4] = [Action::C, Action::D, Action::C, Action::C];

#[derive(Default)]
pub struct Detective;

impl Strategy for Detective {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if own.len() < OPENING.len() {
            return OPENING[own.len()];
        }
        if opp.iter().take(OPENING.len()).any(|&a| a == Action::D) {
            opp.last().copied().unwrap_or(Action::C)
        } else {
            Action::D
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
    fn exploits_the_meek_and_copies_the_rest() {
        let s = StrategyConfig::by_kind("Detective").unwrap();
        assert_eq!(replay(&s, "CCCCCC"), "CDCCDDD");
        // Retaliation in round 3: Tit For Tat from round 5.
        assert_eq!(replay(&s, "CCDCDC"), "CDCCCDC");
    }
}

//! Gradual (the CRISTAL-SMAC variant, `axelrod.Gradual`): cooperate first; when the opponent
//! defected last round (and it is neither punishing nor calming down), defect now and then
//! `d - 1` more times, where `d` is the opponent's total number of defections so far, then
//! cooperate twice. Unlike [`super::original_gradual`] (Beaufils et al. 1997), the length of
//! the punishment counts every defection of the opponent, including those made while it was
//! being punished.
//!
//! State machine, as in `axelrod.Gradual.strategy` (Axelrod library 4.x, after
//! <https://github.com/cristal-smac/ipd>): first move C; if `punish > 0`: `punish -= 1`, D;
//! else if `calm > 0`: `calm -= 1`, C; else if the opponent's last move was D:
//! `punish = d - 1`, `calm = 2`, D; else C.

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Gradual",
    axelrod: "Gradual",
    rules: "Cooperates; after a defection it defects as many times as the opponent has defected in all, then cooperates twice.",
    memory: None,
    stochastic: false,
    source: "CRISTAL-SMAC (2018), ipd strategies; axelrod.Gradual. The original is Beaufils, Delahaye & Mathieu (1997).",
};

no_params!(GradualParams, "Gradual", Gradual);

#[derive(Default)]
pub struct Gradual {
    punish: usize,
    calm: usize,
    tally: OppTally,
}

impl Strategy for Gradual {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let defections = self.tally.update(opp).defections();
        if own.is_empty() {
            return Action::C;
        }
        if self.punish > 0 {
            self.punish -= 1;
            return Action::D;
        }
        if self.calm > 0 {
            self.calm -= 1;
            return Action::C;
        }
        if opp.last() == Some(&Action::D) {
            self.punish = defections.saturating_sub(1);
            self.calm = 2;
            return Action::D;
        }
        Action::C
    }
    fn reset(&mut self) {
        *self = Gradual::default();
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn punishes_with_the_opponents_total_defections() {
        let s = StrategyConfig::by_kind("Gradual").unwrap();
        // Opponent: C D C C C C D D C C C C C. Gradual: C, then C (sees C), D (first D:
        // punish 0, calm 2), C, C (calm), C, C, D (second D, total 2: punish 1, calm 2),
        // D (punish), C, C (calm), then C after the calm since the last move was C.
        assert_eq!(replay(&s, "CDCCCCDDCCCCC"), "CCDCCCCDDCCCCC");
    }
}

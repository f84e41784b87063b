//! Original Gradual: cooperate; after the n-th time it sees the opponent defect (outside its
//! own punishments) it defects n times in a row, then cooperates twice to calm things down
//! (Beaufils, Delahaye & Mathieu 1997; `axelrod.OriginalGradual`, whose state machine is
//! followed exactly: opponent moves during a punishment or the calming rounds are not
//! counted). Axelrod's `Gradual` is the later variant in [`super::gradual`].

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Original Gradual",
    axelrod: "OriginalGradual",
    rules: "Cooperates; punishes the n-th defection it reacts to with n defections, then cooperates twice to calm down.",
    memory: None,
    stochastic: false,
    source: "Beaufils, Delahaye & Mathieu (1997), Artificial Life V; axelrod.OriginalGradual.",
};

no_params!(OriginalGradualParams, "Original Gradual", OriginalGradual);

#[derive(Default)]
pub struct OriginalGradual {
    calming: bool,
    punishing: bool,
    count: usize,
    limit: usize,
}

impl Strategy for OriginalGradual {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if self.calming {
            self.calming = false;
            return Action::C;
        }
        if self.punishing {
            if self.count < self.limit {
                self.count += 1;
                return Action::D;
            }
            self.calming = true;
            self.punishing = false;
            self.count = 0;
            return Action::C;
        }
        if opp.last() == Some(&Action::D) {
            self.punishing = true;
            self.count += 1;
            self.limit += 1;
            return Action::D;
        }
        Action::C
    }
    fn reset(&mut self) {
        *self = OriginalGradual::default();
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn punishes_more_each_time() {
        let s = StrategyConfig::by_kind("OriginalGradual").unwrap();
        // First D (round 2): one D, then C, C. Second D (round 6): D, D, then C, C.
        assert_eq!(replay(&s, "CDCCCDCCCCC"), "CCDCCCDDCCCC");
    }
}

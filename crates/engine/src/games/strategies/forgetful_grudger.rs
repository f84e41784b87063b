//! Forgetful Grudger: cooperate; after an opponent defection defect, and keep defecting for
//! ten more rounds, then forget the grudge (`axelrod.ForgetfulGrudger`, memory length 10).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Forgetful Grudger",
    axelrod: "ForgetfulGrudger",
    rules: "Cooperates; after a defection it defects for 11 rounds (the reaction and 10 more), then forgets and starts over.",
    memory: Some(10),
    stochastic: false,
    source: "Axelrod library (axelrod.ForgetfulGrudger).",
};

/// Rounds of the grudge after the first retaliation.
const MEMORY: usize = 10;

no_params!(
    ForgetfulGrudgerParams,
    "Forgetful Grudger",
    ForgetfulGrudger
);

#[derive(Default)]
pub struct ForgetfulGrudger {
    grudged: bool,
    memory: usize,
}

impl Strategy for ForgetfulGrudger {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if self.memory >= MEMORY {
            self.memory = 0;
            self.grudged = false;
        }
        if self.grudged {
            self.memory += 1;
            return Action::D;
        }
        if opp.last() == Some(&Action::D) {
            self.grudged = true;
            return Action::D;
        }
        Action::C
    }
    fn reset(&mut self) {
        *self = ForgetfulGrudger::default();
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn forgets_after_ten_more_rounds() {
        let s = StrategyConfig::by_kind("ForgetfulGrudger").unwrap();
        let opp = format!("D{}", "C".repeat(12));
        assert_eq!(replay(&s, &opp), format!("C{}CC", "D".repeat(11)));
    }
}

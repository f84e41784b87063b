//! Forgetful Grudger: cooperate; after an opponent defection defect for ten rounds (the
//! reaction included), then forget the grudge (`axelrod.ForgetfulGrudger`, memory length 10).
//! As in Axelrod's code: each round, first forget if the grudge has lasted 10 rounds; then a
//! defection in the opponent's last move starts (or keeps) the grudge; while grudged, defect
//! and count the round. Defections during a grudge do not lengthen it.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Forgetful Grudger",
    axelrod: "ForgetfulGrudger",
    rules: "Cooperates; after a defection it defects for 10 rounds, then forgets and starts over.",
    memory: Some(10),
    stochastic: false,
    source: "Axelrod library (axelrod.ForgetfulGrudger).",
};

/// Rounds of a grudge.
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
        if opp.last() == Some(&Action::D) {
            self.grudged = true;
        }
        if self.grudged {
            self.memory += 1;
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
    fn forgets_after_ten_rounds() {
        let s = StrategyConfig::by_kind("ForgetfulGrudger").unwrap();
        let opp = format!("D{}", "C".repeat(12));
        assert_eq!(replay(&s, &opp), format!("C{}CCC", "D".repeat(10)));
        // A defection on the round the grudge ends starts a new one at once.
        let opp = format!("D{}D{}", "C".repeat(9), "C".repeat(3));
        assert_eq!(replay(&s, &opp), format!("C{}", "D".repeat(14)));
    }
}

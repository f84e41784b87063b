//! Soft Grudger: cooperate; answer a defection with D, D, D, D, C, C, then cooperate again
//! (Li, Hingston & Kendall 2011, IEEE TCIAIG 3; `axelrod.SoftGrudger`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Soft Grudger",
    axelrod: "SoftGrudger",
    rules: "Cooperates; answers a defection with D, D, D, D, C, C and then cooperates again.",
    memory: Some(6),
    stochastic: false,
    source: "Li, Hingston & Kendall (2011), IEEE Trans. Comput. Intell. AI Games 3; axelrod.SoftGrudger.",
};

no_params!(SoftGrudgerParams, "Soft Grudger", SoftGrudger);

/// The moves after the first D of a punishment.
const PUNISHMENT: [Action; 5] = [Action::D, Action::D, Action::D, Action::C, Action::C];

#[derive(Default)]
pub struct SoftGrudger {
    /// Position in [`PUNISHMENT`] while punishing.
    step: Option<usize>,
}

impl Strategy for SoftGrudger {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        if let Some(k) = self.step {
            self.step = if k + 1 < PUNISHMENT.len() {
                Some(k + 1)
            } else {
                None
            };
            return PUNISHMENT[k];
        }
        if opp.last() == Some(&Action::D) {
            self.step = Some(0);
            return Action::D;
        }
        Action::C
    }
    fn reset(&mut self) {
        self.step = None;
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn punishes_with_dddd_cc() {
        let s = StrategyConfig::by_kind("SoftGrudger").unwrap();
        assert_eq!(replay(&s, "CDCCCCCC"), "CCDDDDCCC");
    }
}

//! Win-Stay Lose-Shift (Pavlov): cooperate first; keep the last move after a good outcome
//! (R or T), switch after a bad one (S or P). In the prisoner's dilemma this is "cooperate
//! after CC or DD, else defect", the memory-one vector (1, 0, 0, 1) (Nowak & Sigmund 1993,
//! Nature 364; `axelrod.WinStayLoseShift`; Simpleton in The Evolution of Trust).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Win-Stay Lose-Shift",
    axelrod: "WinStayLoseShift",
    rules: "Cooperates first; then cooperates if both players made the same move last round (CC or DD), else defects.",
    memory: Some(1),
    stochastic: false,
    source: "Nowak & Sigmund (1993), Nature 364; axelrod.WinStayLoseShift.",
};

no_params!(
    WinStayLoseShiftParams,
    "Win-Stay Lose-Shift",
    WinStayLoseShift
);

#[derive(Default)]
pub struct WinStayLoseShift;

impl Strategy for WinStayLoseShift {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        match (own.last(), opp.last()) {
            (Some(a), Some(b)) if a == b => Action::C,
            (Some(_), Some(_)) => Action::D,
            _ => Action::C,
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
    fn stays_after_a_win_and_shifts_after_a_loss() {
        let s = StrategyConfig::by_kind("WinStayLoseShift").unwrap();
        // Rounds: CC (R, stay C), CD (S, shift to D), DD (P, shift to C), CD (S, shift to D),
        // DC (T, stay D).
        assert_eq!(replay(&s, "CDDDC"), "CCDCDD");
    }
}

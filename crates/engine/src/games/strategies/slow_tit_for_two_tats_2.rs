//! Slow Tit For Two Tats 2: cooperate twice; then if the opponent played the same move in
//! its last two rounds play that move, otherwise repeat own last move (PRISON project 1998;
//! `axelrod.SlowTitForTwoTats2`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Slow Tit For Two Tats 2",
    axelrod: "SlowTitForTwoTats2",
    rules: "Cooperates twice; then copies the opponent only when it played the same move twice in a row, otherwise repeats its own last move.",
    memory: Some(2),
    stochastic: false,
    source: "PRISON project (1998); axelrod.SlowTitForTwoTats2.",
};

no_params!(
    SlowTitForTwoTats2Params,
    "Slow Tit For Two Tats 2",
    SlowTitForTwoTats2
);

#[derive(Default)]
pub struct SlowTitForTwoTats2;

impl Strategy for SlowTitForTwoTats2 {
    fn act(
        &mut self,
        own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let (n, m) = (own.len(), opp.len());
        if n < 2 || m < 2 {
            return Action::C;
        }
        if opp[m - 2] == opp[m - 1] {
            opp[m - 1]
        } else {
            own[n - 1]
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
    fn follows_its_rules() {
        let s = StrategyConfig::by_kind("SlowTitForTwoTats2").unwrap();
        assert_eq!(replay(&s, "DDCDCC"), "CCDDDDC");
    }
}

//! Dynamic Two Tits For Tat: cooperate first; if the opponent defected in either of its last
//! two moves, cooperate with probability equal to the opponent's overall cooperation rate,
//! else cooperate (`axelrod.DynamicTwoTitsForTat`).

use super::{About, OppTally};
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

pub const ABOUT: About = About {
    name: "Dynamic Two Tits For Tat",
    axelrod: "DynamicTwoTitsForTat",
    rules: "Like Two Tits For Tat, but after a recent defection it still cooperates with probability equal to the opponent's share of cooperations so far.",
    memory: None,
    stochastic: true,
    source: "Axelrod library (axelrod.DynamicTwoTitsForTat, by Grant Garrett-Grossman).",
};

no_params!(
    DynamicTwoTitsForTatParams,
    "Dynamic Two Tits For Tat",
    DynamicTwoTitsForTat
);

#[derive(Default)]
pub struct DynamicTwoTitsForTat {
    tally: OppTally,
}

impl Strategy for DynamicTwoTitsForTat {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        rng: &mut Rng,
    ) -> Action {
        if opp.is_empty() {
            return Action::C;
        }
        if opp[opp.len().saturating_sub(2)..].contains(&Action::D) {
            let c = self.tally.update(opp).cooperations();
            return Action::with_probability(c as f64 / opp.len() as f64, rng);
        }
        Action::C
    }
    fn reset(&mut self) {
        self.tally = OppTally::default();
    }
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn forgives_in_proportion_to_past_cooperation() {
        let s = StrategyConfig::by_kind("DynamicTwoTitsForTat").unwrap();
        // An opponent that never cooperated: probability 0, so always D after the first move.
        assert_eq!(replay(&s, "DDDD"), "CDDDD");
        assert_eq!(replay(&s, "CCCC"), "CCCCC");
        // After C, C, C, D the rate is 3/4: cooperation in 3/4 of many independent draws.
        let hist = crate::games::strategy::Action::parse_seq("CCCD").unwrap();
        let mut me = DynamicTwoTitsForTat::default();
        let mut rng = Rng::stream(8, &["test".into()]);
        let game = GameConfig::prisoners_dilemma();
        let n = 20_000;
        let c = (0..n)
            .filter(|_| me.act(&hist, &hist, &game, &mut rng) == Action::C)
            .count() as f64
            / n as f64;
        assert!((c - 0.75).abs() < 0.015, "{c}");
    }
}

//! Stochastic Cooperator: memory-one (0.935, 0.229, 0.266, 0.42), the cooperative strategy
//! that Adami & Hintze (2013) found evolutionarily stable against zero-determinant
//! extortioners (`axelrod.StochasticCooperator`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::memory_one::memory_one_act;

pub const ABOUT: About = About {
    name: "Stochastic Cooperator",
    axelrod: "StochasticCooperator",
    rules:
        "Memory-one: cooperates with probability 0.935, 0.229, 0.266, 0.42 after CC, CD, DC, DD.",
    memory: Some(1),
    stochastic: true,
    source: "Adami & Hintze (2013), Nature Communications 4; axelrod.StochasticCooperator.",
};

/// The four-vector (p_CC, p_CD, p_DC, p_DD).
pub const VECTOR: [f64; 4] = [0.935, 0.229, 0.266, 0.42];

no_params!(
    StochasticCooperatorParams,
    "Stochastic Cooperator",
    StochasticCooperator
);

#[derive(Default)]
pub struct StochasticCooperator;

impl Strategy for StochasticCooperator {
    fn act(&mut self, own: &[Action], opp: &[Action], _game: &GameConfig, rng: &mut Rng) -> Action {
        memory_one_act(&VECTOR, Action::C, own, opp, rng)
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cooperation_rates_follow_the_vector() {
        let mut me = StochasticCooperator;
        let mut rng = Rng::stream(12, &["test".into()]);
        let game = GameConfig::prisoners_dilemma();
        assert_eq!(me.act(&[], &[], &game, &mut rng), Action::C);
        let n = 20_000;
        for (k, (a, b)) in [
            (Action::C, Action::C),
            (Action::C, Action::D),
            (Action::D, Action::C),
            (Action::D, Action::D),
        ]
        .into_iter()
        .enumerate()
        {
            let c = (0..n)
                .filter(|_| me.act(&[a], &[b], &game, &mut rng) == Action::C)
                .count() as f64
                / n as f64;
            // Binomial sd at most 0.0036.
            assert!((c - VECTOR[k]).abs() < 0.015, "{k}: {c}");
        }
    }
}

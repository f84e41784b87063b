//! Stochastic Win-Stay Lose-Shift: memory-one (1 - e, e, e, 1 - e) with e = 0.05: Win-Stay
//! Lose-Shift that errs with probability e (`axelrod.StochasticWSLS`).

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::check_probability;
use super::memory_one::memory_one_act;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Stochastic WSLS",
    axelrod: "StochasticWSLS",
    rules: "Win-Stay Lose-Shift that does the opposite with a small probability e (0.05).",
    memory: Some(1),
    stochastic: true,
    source: "Axelrod library (axelrod.StochasticWSLS); Nowak & Sigmund (1993), Nature 364.",
};

/// The error probability e.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct StochasticWslsParams {
    pub ep: f64,
}

impl Default for StochasticWslsParams {
    fn default() -> Self {
        StochasticWslsParams { ep: 0.05 }
    }
}

impl StochasticWslsParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_probability("ep", self.ep)
    }
    pub fn label(&self) -> String {
        format!("Stochastic WSLS: {}", self.ep)
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        let e = self.ep;
        Box::new(StochasticWsls {
            vector: [1.0 - e, e, e, 1.0 - e],
        })
    }
}

pub struct StochasticWsls {
    vector: [f64; 4],
}

impl Strategy for StochasticWsls {
    fn act(&mut self, own: &[Action], opp: &[Action], _game: &GameConfig, rng: &mut Rng) -> Action {
        memory_one_act(&self.vector, Action::C, own, opp, rng)
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::strategies::{replay, StrategyConfig};

    #[test]
    fn without_errors_it_is_win_stay_lose_shift() {
        let exact = StrategyConfig::StochasticWsls(StochasticWslsParams { ep: 0.0 });
        let wsls = StrategyConfig::by_kind("WinStayLoseShift").unwrap();
        for opp in ["CDDDC", "DDDD", "CDCDCD"] {
            assert_eq!(replay(&exact, opp), replay(&wsls, opp));
        }
    }

    #[test]
    fn errs_with_probability_e() {
        // After mutual cooperation it should cooperate with probability 0.95.
        let mut me = StochasticWslsParams::default().build();
        let mut rng = Rng::stream(6, &["test".into()]);
        let game = GameConfig::prisoners_dilemma();
        let h = [Action::C];
        let n = 20_000;
        let c = (0..n)
            .filter(|_| me.act(&h, &h, &game, &mut rng) == Action::C)
            .count() as f64
            / n as f64;
        assert!((c - 0.95).abs() < 0.006, "{c}");
    }
}

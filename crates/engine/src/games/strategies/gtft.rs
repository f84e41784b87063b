//! Generous Tit For Tat: memory-one (1, p, 1, p): always cooperate after the opponent
//! cooperated, forgive a defection with probability
//! p = min(1 - (T - R)/(R - S), (R - P)/(T - P)), which is 1/3 for R, S, T, P = 3, 0, 5, 1
//! (Nowak & Sigmund 1992, Nature 355; `axelrod.GTFT`). R, S, T, P are the player's own payoffs;
//! in games where the formula leaves [0, 1] (not a prisoner's dilemma) p is clipped to it.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::check_probability;
use super::memory_one::memory_one_act;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "GTFT",
    axelrod: "GTFT",
    rules: "Like Tit For Tat, but forgives a defection with probability p = min(1 - (T-R)/(R-S), (R-P)/(T-P)) (1/3 with Axelrod's payoffs).",
    memory: Some(1),
    stochastic: true,
    source: "Nowak & Sigmund (1992), Nature 355; axelrod.GTFT.",
};

/// Generous Tit For Tat's forgiveness for the letters R, S, T, P, clipped to [0, 1].
pub fn generosity(r: f64, s: f64, t: f64, p: f64) -> f64 {
    let g = (1.0 - (t - r) / (r - s)).min((r - p) / (t - p));
    if g.is_nan() {
        0.0
    } else {
        g.clamp(0.0, 1.0)
    }
}

/// The forgiveness probability; unset means "from the game's payoffs".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct GtftParams {
    /// Probability of cooperating after the opponent defected.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub p: Option<f64>,
}

impl GtftParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self.p {
            Some(p) => check_probability("p", p),
            None => Ok(()),
        }
    }
    pub fn label(&self) -> String {
        match self.p {
            Some(p) => format!("GTFT: {p}"),
            None => "GTFT".into(),
        }
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(Gtft { p: self.p })
    }
}

pub struct Gtft {
    p: Option<f64>,
}

impl Strategy for Gtft {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        let p = self.p.unwrap_or_else(|| {
            let (r, s, t, p) = game.rstp();
            generosity(r, s, t, p)
        });
        memory_one_act(&[1.0, p, 1.0, p], Action::C, own, opp, rng)
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::strategies::{replay, replay_in, StrategyConfig};

    #[test]
    fn generosity_formula() {
        // Axelrod: min(1 - 2/3, 2/4) = 1/3. Akata PD 8,0,10,5: min(1 - 2/8, 3/5) = 3/5.
        assert!((generosity(3.0, 0.0, 5.0, 1.0) - 1.0 / 3.0).abs() < 1e-15);
        assert!((generosity(8.0, 0.0, 10.0, 5.0) - 0.6).abs() < 1e-15);
        // Degenerate letters do not produce NaN.
        assert_eq!(generosity(1.0, 1.0, 1.0, 1.0), 0.0);
    }

    #[test]
    fn always_returns_cooperation_and_sometimes_forgives() {
        let s = StrategyConfig::by_kind("GTFT").unwrap();
        assert_eq!(replay(&s, "CCCC"), "CCCCC");
        let opp = "D".repeat(3000);
        let game = GameConfig::prisoners_dilemma();
        let moves = replay_in(&s, &opp, &game, 11);
        let c = moves[1..].chars().filter(|&m| m == 'C').count() as f64 / 3000.0;
        assert!((c - 1.0 / 3.0).abs() < 0.03, "{c}");
        let never = StrategyConfig::Gtft(GtftParams { p: Some(0.0) });
        assert_eq!(
            replay(&never, "DCD"),
            replay(&StrategyConfig::by_kind("TitForTat").unwrap(), "DCD")
        );
    }
}

//! ZD-Extort-2: a zero-determinant strategy that enforces S_X - P = 2 (S_Y - P) between its
//! own long-run payoff S_X and the opponent's S_Y (Press & Dyson 2012, PNAS 109; Stewart &
//! Plotkin 2012, PNAS 109; `axelrod.ZDExtort2`).
//!
//! Axelrod's linear-relation parameterisation with baseline l, slope s and scale phi, from
//! the player's own R, S, T, P:
//! p1 = 1 - phi (1 - s)(R - l), p2 = 1 - phi (s (l - S) + T - l),
//! p3 = phi (s (T - l) + l - S), p4 = phi (1 - s)(l - P).
//! ZD-Extort-2 takes l = P, s = 1/2, phi = 1/9, giving (8/9, 1/2, 1/3, 0) for 3, 0, 5, 1.
//! Probabilities outside [0, 1] (payoffs too far from a prisoner's dilemma) are clipped.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::memory_one::memory_one_act;
use crate::error::{check_range, ConfigError};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "ZD-Extort-2",
    axelrod: "ZDExtort2",
    rules: "A memory-one extortioner: its surplus over mutual defection is always twice the opponent's (8/9, 1/2, 1/3, 0 with Axelrod's payoffs).",
    memory: Some(1),
    stochastic: true,
    source: "Press & Dyson (2012), PNAS 109; Stewart & Plotkin (2012), PNAS 109; axelrod.ZDExtort2.",
};

/// The four-vector of Axelrod's linear-relation player (own letters R, S, T, P), clipped to
/// [0, 1].
pub fn linear_relation_vector(
    (r, s_payoff, t, p): (f64, f64, f64, f64),
    phi: f64,
    s: f64,
    l: f64,
) -> [f64; 4] {
    let v = [
        1.0 - phi * (1.0 - s) * (r - l),
        1.0 - phi * (s * (l - s_payoff) + (t - l)),
        phi * (s * (t - l) + (l - s_payoff)),
        phi * (1.0 - s) * (l - p),
    ];
    v.map(|x| if x.is_nan() { 0.0 } else { x.clamp(0.0, 1.0) })
}

/// Scale phi and slope s.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ZdExtort2Params {
    pub phi: f64,
    pub s: f64,
}

impl Default for ZdExtort2Params {
    fn default() -> Self {
        ZdExtort2Params {
            phi: 1.0 / 9.0,
            s: 0.5,
        }
    }
}

impl ZdExtort2Params {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("phi", self.phi, 0.0, 1.0)?;
        check_range("s", self.s, -1.0, 1.0)
    }
    pub fn label(&self) -> String {
        "ZD-Extort-2".into()
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(ZdExtort2 {
            phi: self.phi,
            s: self.s,
        })
    }
}

pub struct ZdExtort2 {
    phi: f64,
    s: f64,
}

impl Strategy for ZdExtort2 {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        let rstp = game.rstp();
        let v = linear_relation_vector(rstp, self.phi, self.s, rstp.3);
        memory_one_act(&v, Action::C, own, opp, rng)
    }
    fn reset(&mut self) {}
    fn about(&self) -> &'static About {
        &ABOUT
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::games::play::{play, MatchConfig};
    use crate::games::strategies::StrategyConfig;

    #[test]
    fn vector_is_stewart_and_plotkins() {
        // Stewart & Plotkin (2012): Extort-2 = (8/9, 1/2, 1/3, 0) for R, S, T, P = 3, 0, 5, 1.
        let v = linear_relation_vector((3.0, 0.0, 5.0, 1.0), 1.0 / 9.0, 0.5, 1.0);
        let want = [8.0 / 9.0, 0.5, 1.0 / 3.0, 0.0];
        for k in 0..4 {
            assert!((v[k] - want[k]).abs() < 1e-12, "{v:?}");
        }
    }

    #[test]
    fn extorts_twice_the_surplus() {
        // Press & Dyson: against any opponent, S_X - P = 2 (S_Y - P) in the long run.
        let game = GameConfig::prisoners_dilemma();
        let me = StrategyConfig::by_kind("ZDExtort2").unwrap();
        for opp in ["Cooperator", "Random", "Alternator"] {
            let cfg = MatchConfig {
                turns: 100_000,
                noise: 0.0,
                prob_end: 0.0,
            };
            let m = play(
                &me,
                &StrategyConfig::by_kind(opp).unwrap(),
                &game,
                &cfg,
                9,
                &["t".into()],
            );
            let n = m.moves.len() as f64;
            let (sx, sy) = (m.scores[0] / n, m.scores[1] / n);
            assert!(
                ((sx - 1.0) - 2.0 * (sy - 1.0)).abs() < 0.05,
                "{opp}: {sx} {sy}"
            );
        }
    }
}

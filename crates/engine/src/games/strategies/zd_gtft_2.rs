//! ZD-GTFT-2: a generous zero-determinant strategy that enforces R - S_X = 2 (R - S_Y):
//! it never gets more than the opponent and cooperates readily (Stewart & Plotkin 2012,
//! PNAS 109; `axelrod.ZDGTFT2`). Axelrod's linear-relation vector (see
//! [`super::zd_extort_2::linear_relation_vector`]) with l = R, s = 1/2, phi = 1/4, giving
//! (1, 1/8, 1, 1/4) for R, S, T, P = 3, 0, 5, 1.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::memory_one::memory_one_act;
use super::zd_extort_2::linear_relation_vector;
use crate::error::{check_range, ConfigError};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "ZD-GTFT-2",
    axelrod: "ZDGTFT2",
    rules: "A generous memory-one strategy: its shortfall below mutual cooperation is always twice the opponent's (1, 1/8, 1, 1/4 with Axelrod's payoffs).",
    memory: Some(1),
    stochastic: true,
    source: "Stewart & Plotkin (2012), PNAS 109; axelrod.ZDGTFT2.",
};

/// Scale phi and slope s.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ZdGtft2Params {
    pub phi: f64,
    pub s: f64,
}

impl Default for ZdGtft2Params {
    fn default() -> Self {
        ZdGtft2Params { phi: 0.25, s: 0.5 }
    }
}

impl ZdGtft2Params {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_range("phi", self.phi, 0.0, 1.0)?;
        check_range("s", self.s, -1.0, 1.0)
    }
    pub fn label(&self) -> String {
        "ZD-GTFT-2".into()
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(ZdGtft2 {
            phi: self.phi,
            s: self.s,
        })
    }
}

pub struct ZdGtft2 {
    phi: f64,
    s: f64,
}

impl Strategy for ZdGtft2 {
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action {
        let rstp = game.rstp();
        let v = linear_relation_vector(rstp, self.phi, self.s, rstp.0);
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
        let v = linear_relation_vector((3.0, 0.0, 5.0, 1.0), 0.25, 0.5, 3.0);
        let want = [1.0, 1.0 / 8.0, 1.0, 0.25];
        for k in 0..4 {
            assert!((v[k] - want[k]).abs() < 1e-12, "{v:?}");
        }
    }

    #[test]
    fn enforces_the_generous_relation() {
        // R - S_X = 2 (R - S_Y) in the long run, against any opponent.
        let game = GameConfig::prisoners_dilemma();
        let me = StrategyConfig::by_kind("ZDGTFT2").unwrap();
        for opp in ["Defector", "Random", "Alternator"] {
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
                4,
                &["t".into()],
            );
            let n = m.moves.len() as f64;
            let (sx, sy) = (m.scores[0] / n, m.scores[1] / n);
            assert!(
                ((3.0 - sx) - 2.0 * (3.0 - sy)).abs() < 0.05,
                "{opp}: {sx} {sy}"
            );
        }
    }
}

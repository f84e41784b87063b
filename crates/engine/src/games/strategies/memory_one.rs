//! Generic memory-one player: after a round with own move X and opponent move Y, cooperate
//! with probability p(XY) from the four-vector (p_CC, p_CD, p_DC, p_DD); the first move is a
//! fixed action (Nowak & Sigmund 1990, Acta Appl. Math. 20; `axelrod.MemoryOnePlayer`).
//! Tit For Tat is (1, 0, 1, 0), Win-Stay Lose-Shift (1, 0, 0, 1), Axelrod's default.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use super::check_probability;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Generic Memory One Player",
    axelrod: "MemoryOnePlayer",
    rules: "Cooperates with probability p1, p2, p3 or p4 after the outcomes CC, CD, DC, DD of the last round (own move first); the first move is fixed.",
    memory: Some(1),
    stochastic: false,
    source: "Nowak & Sigmund (1990), Acta Applicandae Mathematicae 20; axelrod.MemoryOnePlayer.",
};

/// Probability of C after the last round's (own, opponent) moves, no draw when it is 0 or 1.
pub(crate) fn memory_one_act(
    vector: &[f64; 4],
    initial: Action,
    own: &[Action],
    opp: &[Action],
    rng: &mut Rng,
) -> Action {
    match (own.last(), opp.last()) {
        (Some(a), Some(b)) => Action::with_probability(vector[2 * a.index() + b.index()], rng),
        _ => initial,
    }
}

/// A memory-one four-vector and first move. Default (1, 0, 0, 1) starting with C: Win-Stay
/// Lose-Shift, as in Axelrod.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct MemoryOneParams {
    /// Probabilities of C after CC, CD, DC, DD (own move first).
    pub four_vector: [f64; 4],
    /// The first move.
    pub initial: Action,
}

impl Default for MemoryOneParams {
    fn default() -> Self {
        MemoryOneParams {
            four_vector: [1.0, 0.0, 0.0, 1.0],
            initial: Action::C,
        }
    }
}

impl MemoryOneParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        for (k, &p) in self.four_vector.iter().enumerate() {
            check_probability(&format!("four_vector[{k}]"), p)?;
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        let v = self.four_vector;
        format!(
            "Generic Memory One Player: ({}, {}, {}, {})",
            v[0], v[1], v[2], v[3]
        )
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(MemoryOne {
            vector: self.four_vector,
            initial: self.initial,
        })
    }
}

pub struct MemoryOne {
    vector: [f64; 4],
    initial: Action,
}

impl Strategy for MemoryOne {
    fn act(&mut self, own: &[Action], opp: &[Action], _game: &GameConfig, rng: &mut Rng) -> Action {
        memory_one_act(&self.vector, self.initial, own, opp, rng)
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
    fn deterministic_vectors_reproduce_named_strategies() {
        let tft = StrategyConfig::MemoryOne(MemoryOneParams {
            four_vector: [1.0, 0.0, 1.0, 0.0],
            initial: Action::C,
        });
        let real_tft = StrategyConfig::by_kind("TitForTat").unwrap();
        let wsls = StrategyConfig::MemoryOne(MemoryOneParams::default());
        let real_wsls = StrategyConfig::by_kind("WinStayLoseShift").unwrap();
        for opp in ["CDDCDCCDDD", "DDDDD", "CCCC", "DCDCDC"] {
            assert_eq!(replay(&tft, opp), replay(&real_tft, opp));
            assert_eq!(replay(&wsls, opp), replay(&real_wsls, opp));
        }
    }

    #[test]
    fn cooperation_frequency_matches_the_vector() {
        // After every (C, D) round cooperate with p2 = 0.3: the empirical rate after CD is 0.3.
        let v = [0.9, 0.3, 0.6, 0.1];
        let mut rng = Rng::stream(5, &["test".into()]);
        let mut counts = [[0usize; 2]; 4];
        for k in 0..40_000 {
            let own = [Action::from_index((k / 2) % 2)];
            let opp = [Action::from_index(k % 2)];
            let a = memory_one_act(&v, Action::C, &own, &opp, &mut rng);
            counts[k % 4][a.index()] += 1;
        }
        for i in 0..4 {
            // k % 4 = 2*own + opp by construction.
            let rate = counts[i][0] as f64 / (counts[i][0] + counts[i][1]) as f64;
            assert!((rate - v[i]).abs() < 0.02, "state {i}: {rate} vs {}", v[i]);
        }
    }

    #[test]
    fn rejects_probabilities_outside_0_1() {
        let p = MemoryOneParams {
            four_vector: [1.0, 1.5, 0.0, 0.0],
            initial: Action::C,
        };
        assert_eq!(p.validate().unwrap_err().field, "four_vector[1]");
    }
}

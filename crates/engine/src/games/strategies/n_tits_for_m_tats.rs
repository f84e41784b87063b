//! N Tit(s) For M Tat(s): when the opponent's last M moves are all D, defect for the next N
//! rounds (restarting the count each time the condition holds); otherwise cooperate
//! (`axelrod.NTitsForMTats`, default N = 3, M = 2). (1, 1) is Tit For Tat, (1, 2) Tit For
//! 2 Tats, (2, 1) Two Tits For Tat.

use super::About;
use crate::games::game::GameConfig;
use crate::games::strategy::{Action, Strategy};
use crate::rng::Rng;

use crate::error::{check_count, ConfigError};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "N Tit(s) For M Tat(s)",
    axelrod: "NTitsForMTats",
    rules: "After M defections in a row by the opponent, defects N times; otherwise cooperates.",
    memory: None,
    stochastic: false,
    source: "Axelrod library (axelrod.NTitsForMTats, by Marc Harper).",
};

/// Most retaliations or tolerated defections.
pub const MAX_NM: usize = 100;

/// N retaliations after M consecutive defections.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct NTitsForMTatsParams {
    #[serde(rename = "N")]
    pub n: usize,
    #[serde(rename = "M")]
    pub m: usize,
}

impl Default for NTitsForMTatsParams {
    fn default() -> Self {
        NTitsForMTatsParams { n: 3, m: 2 }
    }
}

impl NTitsForMTatsParams {
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("N", self.n, 0, MAX_NM)?;
        check_count("M", self.m, 0, MAX_NM)
    }
    pub fn label(&self) -> String {
        format!("N Tit(s) For M Tat(s): {}, {}", self.n, self.m)
    }
    pub fn build(&self) -> Box<dyn Strategy> {
        Box::new(NTitsForMTats {
            n: self.n,
            m: self.m,
            left: 0,
        })
    }
}

pub struct NTitsForMTats {
    n: usize,
    m: usize,
    left: usize,
}

impl Strategy for NTitsForMTats {
    fn act(
        &mut self,
        _own: &[Action],
        opp: &[Action],
        _game: &GameConfig,
        _rng: &mut Rng,
    ) -> Action {
        let recent = &opp[opp.len().saturating_sub(self.m)..];
        if self.m == 0 || (recent.len() == self.m && recent.iter().all(|&a| a == Action::D)) {
            self.left = self.n;
        }
        if self.left > 0 {
            self.left -= 1;
            Action::D
        } else {
            Action::C
        }
    }
    fn reset(&mut self) {
        self.left = 0;
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
    fn three_tits_after_two_tats() {
        let s = StrategyConfig::by_kind("NTitsForMTats").unwrap();
        assert_eq!(replay(&s, "DDCCCCC"), "CCDDDCCC");
    }

    #[test]
    fn special_cases_are_the_named_strategies() {
        let nm = |n, m| StrategyConfig::NTitsForMTats(NTitsForMTatsParams { n, m });
        for opp in ["CDDCDCCDDD", "DDDDD", "CCCC", "DCDCDC", "DDCDDDCCCD"] {
            assert_eq!(
                replay(&nm(1, 1), opp),
                replay(&StrategyConfig::by_kind("TitForTat").unwrap(), opp)
            );
            assert_eq!(
                replay(&nm(1, 2), opp),
                replay(&StrategyConfig::by_kind("TitFor2Tats").unwrap(), opp)
            );
            assert_eq!(
                replay(&nm(2, 1), opp),
                replay(&StrategyConfig::by_kind("TwoTitsForTat").unwrap(), opp)
            );
            assert_eq!(
                replay(&nm(0, 1), opp),
                replay(&StrategyConfig::by_kind("Cooperator").unwrap(), opp)
            );
            assert_eq!(
                replay(&nm(1, 0), opp),
                replay(&StrategyConfig::by_kind("Defector").unwrap(), opp)
            );
        }
    }
}

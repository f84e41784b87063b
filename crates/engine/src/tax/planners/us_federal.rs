//! The US federal single-filer schedule of a given year (its own brackets and the rates
//! 10, 12, 22, 24, 32, 35, 37 %), whatever the economy does.

use super::About;
use crate::error::ConfigError;
use crate::rng::Rng;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::{Schedule, US_YEARS};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "US federal",
    what: "Applies the US federal income tax for a single filer of the chosen year: seven brackets from 10 % to 37 %.",
    knows: "Nothing: the schedule is the law of that year.",
    source: "IRS Rev. Proc. 2017-58, 2018-57, 2022-38, 2023-34; the AI Economist's and LLM Economist's US baselines.",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct UsFederalParams {
    /// 2018, 2019, 2023 or 2024.
    pub year: u16,
}

impl Default for UsFederalParams {
    fn default() -> Self {
        UsFederalParams { year: 2024 }
    }
}

impl UsFederalParams {
    pub fn validate(&self, _setup: &Setup<'_>) -> Result<(), ConfigError> {
        if !US_YEARS.contains(&self.year) {
            return Err(ConfigError::new(
                "year",
                format!(
                    "the US schedules known are {US_YEARS:?} (got {})",
                    self.year
                ),
            ));
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        format!("US federal {}", self.year)
    }
    pub fn build(&self, _setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(UsFederal {
            schedule: Schedule::us_federal(self.year).unwrap_or_else(Schedule::none),
        })
    }
}

pub struct UsFederal {
    schedule: Schedule,
}

impl Planner for UsFederal {
    fn propose(&mut self, _plan: &Plan<'_>, _rng: &mut Rng) -> Schedule {
        self.schedule.clone()
    }
}

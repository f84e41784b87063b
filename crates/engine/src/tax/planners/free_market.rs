//! No tax at all: every rate 0. The benchmark of productivity (nothing distorts hours) and
//! of inequality (nothing is redistributed).

use super::About;
use crate::error::ConfigError;
use crate::rng::Rng;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Free market",
    what: "Sets every rate to 0: nobody is taxed, nothing is redistributed, hours are undistorted.",
    knows: "Nothing: it never looks at the economy.",
    source: "Zheng et al. (2022), The AI Economist (the free-market baseline).",
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct FreeMarketParams {}

impl FreeMarketParams {
    pub fn validate(&self, _setup: &Setup<'_>) -> Result<(), ConfigError> {
        Ok(())
    }
    pub fn label(&self) -> String {
        ABOUT.name.into()
    }
    pub fn build(&self, _setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(FreeMarket)
    }
}

pub struct FreeMarket;

impl Planner for FreeMarket {
    fn propose(&mut self, plan: &Plan<'_>, _rng: &mut Rng) -> Schedule {
        plan.with_rates(vec![0.0; plan.brackets()])
    }
}

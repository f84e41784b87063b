//! A flat tax: the same marginal rate in every bracket, whatever the economy does (the LLM
//! Economist's "uniform" baseline; with the rebate, a linear tax with a demogrant, the
//! schedule of Meltzer and Richard's model of voting on redistribution).

use super::About;
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Flat tax",
    what: "Taxes every dollar of income at the same rate; with the rebate, revenue comes back to everyone equally.",
    knows: "Nothing: the rate is its stated policy.",
    source: "Karten et al. (2025), LLM Economist (the uniform-rate baseline); Meltzer & Richard (1981), A Rational Theory of the Size of Government.",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct FlatParams {
    /// The rate of every bracket, from 0 to 1.
    pub rate: f64,
}

impl Default for FlatParams {
    fn default() -> Self {
        FlatParams { rate: 0.3 }
    }
}

impl FlatParams {
    pub fn validate(&self, _setup: &Setup<'_>) -> Result<(), ConfigError> {
        check_range("rate", self.rate, 0.0, 1.0)
    }
    pub fn label(&self) -> String {
        format!("Flat {}%", (self.rate * 1000.0).round() / 10.0)
    }
    pub fn build(&self, _setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(Flat { rate: self.rate })
    }
}

pub struct Flat {
    rate: f64,
}

impl Planner for Flat {
    fn propose(&mut self, plan: &Plan<'_>, _rng: &mut Rng) -> Schedule {
        plan.with_rates(vec![self.rate; plan.brackets()])
    }
}

//! Perfectly rational workers: the exact utility-maximising hours on the continuous budget
//! set (every segment's interior optimum and every kink checked; see
//! [`Budget::best_response`]).

use super::About;
use crate::error::ConfigError;
use crate::rng::Rng;
use crate::tax::labour::Budget;
use crate::tax::worker::{Situation, Worker};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Best response",
    what: "Each worker picks the hours that maximise its utility exactly, on any hours from 0 to H, knowing the schedule and the rebate. Kinks in the budget set make workers bunch at bracket cutoffs.",
    source: "Saez (2001); Saez (2010), \"Do taxpayers bunch at kink points?\"",
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BestResponseParams {}

impl BestResponseParams {
    pub fn validate(&self, _max_hours: f64) -> Result<(), ConfigError> {
        Ok(())
    }
    pub fn label(&self) -> String {
        ABOUT.name.into()
    }
    pub fn build(&self) -> Box<dyn Worker> {
        Box::new(BestResponse)
    }
}

pub struct BestResponse;

impl Worker for BestResponse {
    fn hours(&mut self, at: Situation, budget: &Budget<'_>, _rng: &mut Rng) -> f64 {
        budget.best_response(at.skill)
    }
}

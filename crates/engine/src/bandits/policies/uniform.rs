//! Uniform random play: a_t ~ Uniform{1..K} every round. The baseline every learner must beat;
//! its regret grows linearly, R_T = T (mu* - mean_a mu_a).

use super::About;
use crate::bandits::policy::{ArmView, Context, Counts, Policy, Setup};
use crate::error::ConfigError;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Uniform random",
    what: "Pulls an arm uniformly at random every round and never learns.",
    guarantee: "Linear regret: T times the gap between the best arm and the average arm.",
    source: "Baseline (Lattimore & Szepesvari 2020, ch. 4).",
};

/// Uniform random play has no parameters.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct UniformParams {}

impl UniformParams {
    pub fn validate(&self, _setup: &Setup) -> Result<(), ConfigError> {
        Ok(())
    }
    pub fn label(&self) -> String {
        "Uniform".into()
    }
    pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
        Box::new(Uniform {
            counts: Counts::new(setup.arms),
        })
    }
}

pub struct Uniform {
    counts: Counts,
}

impl Policy for Uniform {
    fn choose(&mut self, _t: usize, _ctx: Context<'_>, rng: &mut Rng) -> usize {
        rng.below(self.counts.arms())
    }
    fn observe(&mut self, _t: usize, arm: usize, reward: f64, _ctx: Context<'_>) {
        self.counts.add(arm, reward);
    }
    fn arms(&self) -> Vec<ArmView> {
        let p = 1.0 / self.counts.arms() as f64;
        let mut v = self.counts.views(|_| None);
        v.iter_mut().for_each(|a| a.prob = Some(p));
        v
    }
}

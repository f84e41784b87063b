//! Workers who choose among a few hour levels (0, 10, ..., 100: the AI Economist's
//! `SimpleLabor` offers whole hours 0..100; the LLM Economist's workers answer in round
//! numbers): the best point of the grid.

use super::About;
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::labour::{grid_best, Budget};
use crate::tax::worker::{Situation, Worker};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Hours grid",
    what: "Each worker picks the best of a few hour levels (0, 10, 20, ... up to H): rational, but with a coarse choice, so small tax changes often change nothing.",
    source: "Zheng et al. (2022), The AI Economist (SimpleLabor's discrete labour actions).",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct GridParams {
    /// Hours between grid points.
    pub step: f64,
}

impl Default for GridParams {
    fn default() -> Self {
        GridParams { step: 10.0 }
    }
}

impl GridParams {
    pub fn validate(&self, max_hours: f64) -> Result<(), ConfigError> {
        check_range("step", self.step, max_hours / 1_000.0, max_hours)
    }
    pub fn label(&self) -> String {
        format!("Hours grid (every {} h)", self.step)
    }
    pub fn build(&self) -> Box<dyn Worker> {
        Box::new(Grid { step: self.step })
    }
}

pub struct Grid {
    step: f64,
}

impl Worker for Grid {
    fn hours(&mut self, at: Situation, budget: &Budget<'_>, _rng: &mut Rng) -> f64 {
        grid_best(budget, at.skill, self.step, None)
    }
}

//! Boundedly rational workers: a logit (softmax) choice over an hours grid,
//! `P(l) = exp(u(l) / T) / sum_l' exp(u(l') / T)`, so better hours are likelier but not
//! certain; `T -> 0` is the grid's best response and large `T` is uniform choice
//! (McFadden 1974; quantal response, McKelvey & Palfrey 1995).

use super::About;
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::labour::{grid_best, grid_hours, Budget};
use crate::tax::worker::{Situation, Worker};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Softmax (bounded rationality)",
    what: "Each worker draws its hours from a grid with probability proportional to exp(utility / temperature): better choices are likelier, mistakes cost less the smaller they are.",
    source: "McFadden (1974); McKelvey & Palfrey (1995), quantal response.",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SoftmaxParams {
    /// Hours between grid points.
    pub step: f64,
    /// Temperature T, in units of utility (dollars for the quasi-linear utilities).
    pub temperature: f64,
}

impl Default for SoftmaxParams {
    fn default() -> Self {
        SoftmaxParams {
            step: 5.0,
            temperature: 500.0,
        }
    }
}

impl SoftmaxParams {
    pub fn validate(&self, max_hours: f64) -> Result<(), ConfigError> {
        check_range("step", self.step, max_hours / 1_000.0, max_hours)?;
        check_range("temperature", self.temperature, 1e-9, 1e12)
    }
    pub fn label(&self) -> String {
        format!("Softmax (T = {})", self.temperature)
    }
    pub fn build(&self) -> Box<dyn Worker> {
        Box::new(Softmax {
            step: self.step,
            temperature: self.temperature,
            utilities: Vec::new(),
        })
    }
}

pub struct Softmax {
    step: f64,
    temperature: f64,
    utilities: Vec<f64>,
}

impl Worker for Softmax {
    fn hours(&mut self, at: Situation, budget: &Budget<'_>, rng: &mut Rng) -> f64 {
        grid_best(budget, at.skill, self.step, Some(&mut self.utilities));
        let best = self
            .utilities
            .iter()
            .copied()
            .fold(f64::NEG_INFINITY, f64::max);
        let mut total = 0.0;
        for u in self.utilities.iter_mut() {
            *u = libm::exp((*u - best) / self.temperature);
            total += *u;
        }
        let mut x = rng.uniform() * total;
        for (i, p) in self.utilities.iter().enumerate() {
            x -= p;
            if x < 0.0 {
                return grid_hours(i, self.step, budget.max_hours);
            }
        }
        grid_hours(self.utilities.len() - 1, self.step, budget.max_hours)
    }

    fn is_random(&self) -> bool {
        true
    }
}

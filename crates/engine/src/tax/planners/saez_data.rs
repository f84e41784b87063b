//! The AI Economist's data-driven Saez planner (`PeriodicBracketTax`, tax model "saez"),
//! step by step as its code does it:
//!
//! - every year, each worker's (income, marginal rate) joins a buffer that keeps the last
//!   `buffer_years` years (the AI Economist keeps the last 500 observations);
//! - until the buffer has `explore_periods` periods, rates are drawn uniformly from
//!   `[0, rate_max]` (the AI Economist does so until 500 observations: the random rates are
//!   what lets the regression see rates vary);
//! - then each period: the elasticity is re-estimated by OLS of `ln z` on `ln(1 - tau)`,
//!   floored at 0 and smoothed, `e_t = (1 - s) e_hat + s e_{t-1}` with `s = 0.98` and
//!   `e_0 = 0.5` (unchanged when fewer than 10 usable pairs or no rate variation);
//! - the bracket rates come from all buffered incomes by Saez's formula with inverse-income
//!   weights at the bin midpoints ([`crate::tax::saez`]; uniform weights for mean utility),
//!   clipped to `[0, rate_max]`.
//!
//! Tested against the AI Economist's own output to 1e-9 (`tests/data/aie-saez.json`).

use super::{need_brackets, About};
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::economy::Year;
use crate::tax::metrics::Welfare;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::saez::{estimate_elasticity_of, saez_rates, Observation, Weights};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};
use std::collections::VecDeque;

pub const ABOUT: About = About {
    name: "Saez (data-driven)",
    what: "The AI Economist's planner: estimates the elasticity from the incomes and rates it has seen (a regression, smoothed over time), then applies Saez's formula to the incomes in its buffer. It starts with a few random schedules to see how incomes respond.",
    knows: "Only the incomes and marginal rates of the years it has observed.",
    source: "Zheng et al. (2022), The AI Economist, Science Advances 8 (code: ai_economist PeriodicBracketTax, tax_model \"saez\"); Saez (2001).",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SaezDataParams {
    /// Years of (income, rate) pairs the buffer keeps.
    pub buffer_years: usize,
    /// Periods of random rates before the formula is used.
    pub explore_periods: usize,
    /// Weight of the previous elasticity in the smoothing, s.
    pub smoothing: f64,
    /// Elasticity before any estimate.
    pub initial_elasticity: f64,
    /// Use this elasticity in the formula instead of the estimate.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fixed_elasticity: Option<f64>,
    /// Highest rate it sets.
    pub rate_max: f64,
}

impl Default for SaezDataParams {
    fn default() -> Self {
        SaezDataParams {
            buffer_years: 10,
            explore_periods: 3,
            smoothing: 0.98,
            initial_elasticity: 0.5,
            fixed_elasticity: None,
            rate_max: 1.0,
        }
    }
}

impl SaezDataParams {
    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        need_brackets(setup, ABOUT.name)?;
        check_count("buffer_years", self.buffer_years, 1, 1_000)?;
        check_count("explore_periods", self.explore_periods, 0, 1_000)?;
        check_range("smoothing", self.smoothing, 0.0, 1.0)?;
        check_range("initial_elasticity", self.initial_elasticity, 0.0, 20.0)?;
        if let Some(e) = self.fixed_elasticity {
            check_range("fixed_elasticity", e, 0.0, 20.0)?;
        }
        check_range("rate_max", self.rate_max, 0.0, 1.0)?;
        if setup.workers.saturating_mul(self.buffer_years) > 5_000_000 {
            return Err(ConfigError::new(
                "buffer_years",
                "workers x buffer years must stay under 5,000,000 observations",
            ));
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        match self.fixed_elasticity {
            Some(e) => format!("Saez data-driven (e = {e})"),
            None => ABOUT.name.into(),
        }
    }
    pub fn build(&self, setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(SaezData {
            p: self.clone(),
            capacity: setup.workers.saturating_mul(self.buffer_years),
            buffer: VecDeque::new(),
            elasticity: self.initial_elasticity,
            proposed: 0,
        })
    }
}

pub struct SaezData {
    p: SaezDataParams,
    capacity: usize,
    /// (income, rate) pairs with their logarithms taken once, when observed.
    buffer: VecDeque<Observation>,
    /// The smoothed elasticity estimate.
    elasticity: f64,
    proposed: usize,
}

/// One smoothing step: `(1 - s) e_hat + s e_prev`, or `e_prev` without an estimate.
pub fn smooth(estimate: Option<f64>, previous: f64, s: f64) -> f64 {
    match estimate {
        Some(e) => (1.0 - s) * e + s * previous,
        None => previous,
    }
}

impl SaezData {
    /// The elasticity it would use now.
    pub fn elasticity(&self) -> f64 {
        self.elasticity
    }
}

impl Planner for SaezData {
    fn observe(&mut self, year: &Year, _welfare: f64) {
        for (&z, &r) in year.incomes.iter().zip(&year.rates) {
            self.buffer.push_back(Observation::new(z, r));
        }
        while self.buffer.len() > self.capacity {
            self.buffer.pop_front();
        }
    }

    fn propose(&mut self, plan: &Plan<'_>, rng: &mut Rng) -> Schedule {
        self.proposed += 1;
        let b = plan.brackets();
        if self.proposed <= self.p.explore_periods {
            let rates = (0..b).map(|_| rng.uniform() * self.p.rate_max).collect();
            return plan.with_rates(rates);
        }
        let estimate = estimate_elasticity_of(self.buffer.iter());
        self.elasticity = smooth(estimate, self.elasticity, self.p.smoothing);
        let e = self.p.fixed_elasticity.unwrap_or(self.elasticity);
        let incomes: Vec<f64> = self.buffer.iter().map(|o| o.income).collect();
        let weights = match plan.objective {
            Welfare::Utilitarian => Weights::Uniform,
            _ => Weights::InverseIncome,
        };
        plan.with_rates(saez_rates(
            &incomes,
            weights,
            &plan.baseline.cutoffs,
            e,
            self.p.rate_max,
        ))
    }
}

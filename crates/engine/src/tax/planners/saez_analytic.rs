//! The Saez (2001) formula with the true elasticity: each period, the bracket rates
//! `(1 - G) / (1 - G + a e)` computed from the incomes of the last year observed (binned as
//! the AI Economist bins them, [`crate::tax::saez`]), with each worker's own social weight:
//! `1 / max(1, z)` for the inverse-income welfare and for equality x productivity, the
//! marginal utility of consumption for mean utility (1 for quasi-linear utilities, which
//! makes the utilitarian optimum no tax at all). The elasticity is the utility's own
//! (`1 / (delta - 1)` or `e`); CRRA utilities have none, so it is given.
//!
//! Repeated, the planner moves towards the schedule that is optimal for the incomes it
//! itself produces (a fixed point of "incomes under T -> Saez rates from those incomes").
//!
//! Checkpoints (REFERENCES.md): top rate `1 / (1 + a e)` when the top weight is 0; a = 1.5,
//! e = 0.25 -> 0.72727; a = 2, e = 0.5 -> 0.5.

use super::{need_brackets, About};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::economy::Year;
use crate::tax::metrics::Welfare;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::saez::{saez_rates, Weights};
use crate::tax::schedule::Schedule;
use crate::tax::utility::Utility;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Saez (analytic)",
    what: "Sets each bracket's rate by Saez's formula (1 - G) / (1 - G + a e): higher where few people earn more (G, the social weight of richer workers, is low) and where incomes respond little (small elasticity e), using the true elasticity of the workers' utility.",
    knows: "The elasticity of the workers' utility and last year's incomes.",
    source: "Saez (2001), \"Using elasticities to derive optimal income tax rates\", Review of Economic Studies 68.",
};

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SaezAnalyticParams {
    /// The elasticity to use; by default the utility's own (required for CRRA utility).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub elasticity: Option<f64>,
}

impl SaezAnalyticParams {
    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        need_brackets(setup, ABOUT.name)?;
        match (self.elasticity, setup.utility.elasticity()) {
            (Some(e), _) => check_range("elasticity", e, 0.0, 20.0),
            (None, Some(_)) => Ok(()),
            (None, None) => Err(ConfigError::new(
                "elasticity",
                "CRRA utility has no constant elasticity: give the planner one (0.4 is a common estimate)",
            )),
        }
    }
    pub fn label(&self) -> String {
        match self.elasticity {
            Some(e) => format!("Saez analytic (e = {e})"),
            None => ABOUT.name.into(),
        }
    }
    pub fn build(&self, setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(SaezAnalytic {
            elasticity: self
                .elasticity
                .or(setup.utility.elasticity())
                .unwrap_or(0.4),
            last: None,
        })
    }
}

pub struct SaezAnalytic {
    elasticity: f64,
    /// Incomes and social weights of the last year observed.
    last: Option<(Vec<f64>, Vec<f64>)>,
}

/// Each worker's social weight under `objective`.
pub fn social_weights(
    incomes: &[f64],
    consumption: &[f64],
    objective: Welfare,
    utility: &Utility,
) -> Vec<f64> {
    match (objective, utility) {
        (Welfare::Utilitarian, Utility::Crra { eta, .. }) => consumption
            .iter()
            .map(|&c| libm::pow(c.max(1.0), -eta))
            .collect(),
        (Welfare::Utilitarian, _) => vec![1.0; incomes.len()],
        _ => incomes.iter().map(|&z| 1.0 / z.max(1.0)).collect(),
    }
}

impl Planner for SaezAnalytic {
    fn observe(&mut self, year: &Year, _welfare: f64) {
        // Weights need the objective, which observe does not see: keep consumption too.
        self.last = Some((year.incomes.clone(), year.consumption.clone()));
    }

    fn propose(&mut self, plan: &Plan<'_>, _rng: &mut Rng) -> Schedule {
        let Some((incomes, consumption)) = &self.last else {
            return plan.baseline.clone();
        };
        let weights = social_weights(incomes, consumption, plan.objective, &plan.economy.utility);
        let rates = saez_rates(
            incomes,
            Weights::PerIncome(&weights),
            &plan.baseline.cutoffs,
            self.elasticity,
            1.0,
        );
        plan.with_rates(rates)
    }
}

#[cfg(test)]
mod tests {
    /// The top-rate formula 1 / (1 + a e) at the published checkpoints.
    #[test]
    fn top_rate_checkpoints() {
        for (a, e, want) in [
            (1.5, 0.25, 0.72727),
            (1.5, 1.0, 0.40),
            (1.5, 0.4, 0.625),
            (2.0, 0.5, 0.5),
        ] {
            // G = 0 at the top: (1 - 0) / (1 - 0 + a e).
            let t: f64 = 1.0 / (1.0 + a * e);
            assert!((t - want).abs() < 1e-5, "{a} {e}");
        }
    }
}

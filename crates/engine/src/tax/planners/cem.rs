//! The cross-entropy method (Rubinstein 1999) on the welfare: rates are drawn from
//! independent Gaussians `N(mu_k, sigma_k^2)` (clipped to [0, 1]), one candidate per tax
//! period; after `population` candidates, the best `elite` fraction gives the new mean and
//! standard deviation, smoothed: `mu <- alpha mu_elite + (1 - alpha) mu` (same for sigma),
//! with sigma kept above `min_sd`. It starts at the status quo's rates.

use super::{need_brackets, About};
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::economy::Year;
use crate::tax::planner::{clean_rates, Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Cross-entropy method",
    what: "A black-box optimiser: tries random schedules around a mean, keeps the best quarter of each batch, moves the mean towards them and narrows the spread.",
    knows: "Only the welfare of the years it has observed.",
    source: "Rubinstein (1999), \"The cross-entropy method for combinatorial and continuous optimization\"; de Boer et al. (2005), a tutorial.",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct CemParams {
    /// Candidates per generation.
    pub population: usize,
    /// Fraction of a generation kept as the elite.
    pub elite: f64,
    /// Smoothing alpha of the mean and spread updates.
    pub alpha: f64,
    /// Starting standard deviation of every rate.
    pub initial_sd: f64,
    /// Smallest standard deviation.
    pub min_sd: f64,
}

impl Default for CemParams {
    fn default() -> Self {
        CemParams {
            population: 10,
            elite: 0.3,
            alpha: 0.7,
            initial_sd: 0.2,
            min_sd: 0.01,
        }
    }
}

impl CemParams {
    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        need_brackets(setup, ABOUT.name)?;
        check_count("population", self.population, 2, 1_000)?;
        check_range("elite", self.elite, 0.01, 1.0)?;
        check_range("alpha", self.alpha, 0.0, 1.0)?;
        check_range("initial_sd", self.initial_sd, 0.0, 1.0)?;
        check_range("min_sd", self.min_sd, 0.0, 1.0)
    }
    pub fn label(&self) -> String {
        ABOUT.name.into()
    }
    pub fn build(&self, _setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(Cem {
            p: self.clone(),
            mean: Vec::new(),
            sd: Vec::new(),
            generation: Vec::new(),
            pending: None,
            last_welfare: f64::NEG_INFINITY,
            best: None,
        })
    }
}

pub struct Cem {
    p: CemParams,
    mean: Vec<f64>,
    sd: Vec<f64>,
    /// This generation's candidates and their welfare.
    generation: Vec<(Vec<f64>, f64)>,
    pending: Option<Vec<f64>>,
    last_welfare: f64,
    best: Option<(Vec<f64>, f64)>,
}

impl Cem {
    fn absorb(&mut self) {
        if let Some(c) = self.pending.take() {
            let w = self.last_welfare;
            if self.best.as_ref().is_none_or(|b| w > b.1) {
                self.best = Some((c.clone(), w));
            }
            self.generation.push((c, w));
        }
        if self.generation.len() >= self.p.population {
            let mut g = std::mem::take(&mut self.generation);
            // Best first; equal welfare keeps the earlier candidate first.
            g.sort_by(|a, b| b.1.total_cmp(&a.1));
            let k = ((self.p.elite * g.len() as f64).ceil() as usize).clamp(1, g.len());
            let elite = &g[..k];
            let a = self.p.alpha;
            for j in 0..self.mean.len() {
                let m = elite.iter().map(|e| e.0[j]).sum::<f64>() / k as f64;
                let v = elite
                    .iter()
                    .map(|e| (e.0[j] - m) * (e.0[j] - m))
                    .sum::<f64>()
                    / k as f64;
                self.mean[j] = a * m + (1.0 - a) * self.mean[j];
                self.sd[j] = (a * f64::sqrt(v) + (1.0 - a) * self.sd[j]).max(self.p.min_sd);
            }
        }
    }
}

impl Planner for Cem {
    fn observe(&mut self, _year: &Year, welfare: f64) {
        self.last_welfare = welfare;
    }

    fn propose(&mut self, plan: &Plan<'_>, rng: &mut Rng) -> Schedule {
        if self.mean.is_empty() {
            self.mean = plan.baseline.rates.clone();
            self.sd = vec![self.p.initial_sd; self.mean.len()];
        }
        self.absorb();
        let cand = clean_rates(
            self.mean
                .iter()
                .zip(&self.sd)
                .map(|(m, s)| m + s * rng.normal()),
        );
        self.pending = Some(cand.clone());
        plan.with_rates(cand)
    }

    fn recommend(&self, plan: &Plan<'_>) -> Option<Schedule> {
        let mut best = self.best.clone();
        if let Some(p) = &self.pending {
            if best.as_ref().is_none_or(|b| self.last_welfare > b.1) {
                best = Some((p.clone(), self.last_welfare));
            }
        }
        best.map(|b| plan.with_rates(b.0))
    }
}

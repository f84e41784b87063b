//! Coordinate search on the welfare: starting from the status quo, try moving one bracket's
//! rate up or down by `step`; keep a move if the year it produced had higher welfare; after
//! trying every move without improvement, halve the step (down to `min_step`). One
//! candidate per tax period: the search learns only from the years it observes (a
//! derivative-free pattern search, Hooke & Jeeves 1961; the LLM Economist's perturbation
//! refinement moves one bracket at a time in the same way).

use super::{need_brackets, About};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Coordinate search",
    what: "Tries raising or lowering one bracket's rate at a time and keeps the change if welfare went up; when no single change helps, it tries smaller changes.",
    knows: "Only the welfare of the years it has observed.",
    source: "Hooke & Jeeves (1961), pattern search; Karten et al. (2025), LLM Economist (perturbation refinement).",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct SearchParams {
    /// First change of a rate (0.1 = 10 points).
    pub step: f64,
    /// Smallest change it tries.
    pub min_step: f64,
}

impl Default for SearchParams {
    fn default() -> Self {
        SearchParams {
            step: 0.1,
            min_step: 0.0125,
        }
    }
}

impl SearchParams {
    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        need_brackets(setup, ABOUT.name)?;
        check_range("step", self.step, 0.001, 1.0)?;
        check_range("min_step", self.min_step, 0.0001, self.step)
    }
    pub fn label(&self) -> String {
        ABOUT.name.into()
    }
    pub fn build(&self, _setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(Search {
            p: self.clone(),
            step: self.step,
            best: None,
            pending: None,
            last_welfare: f64::NEG_INFINITY,
            next_move: 0,
            since_improvement: 0,
        })
    }
}

pub struct Search {
    p: SearchParams,
    step: f64,
    /// Best rates so far and their welfare.
    best: Option<(Vec<f64>, f64)>,
    /// The rates proposed last, waiting for their welfare.
    pending: Option<Vec<f64>>,
    last_welfare: f64,
    /// Next move: bracket `m / 2`, up if `m` is even.
    next_move: usize,
    since_improvement: usize,
}

impl Planner for Search {
    fn observe(&mut self, _year: &crate::tax::economy::Year, welfare: f64) {
        self.last_welfare = welfare;
    }

    fn propose(&mut self, plan: &Plan<'_>, _rng: &mut Rng) -> Schedule {
        let b = plan.brackets();
        match (self.pending.take(), &mut self.best) {
            (Some(rates), None) => self.best = Some((rates, self.last_welfare)),
            (Some(rates), Some(best)) => {
                if self.last_welfare > best.1 {
                    *best = (rates, self.last_welfare);
                    self.since_improvement = 0;
                } else {
                    self.since_improvement += 1;
                }
            }
            (None, _) => {}
        }
        let Some((best, _)) = &self.best else {
            // First period: measure the status quo on the planner's brackets.
            let start = plan.baseline.rates.clone();
            self.pending = Some(start.clone());
            return plan.with_rates(start);
        };
        // Next move that changes something; halve the step after a full round of failures.
        for _ in 0..4 * b + 1 {
            if self.since_improvement >= 2 * b {
                self.step = (self.step / 2.0).max(self.p.min_step);
                self.since_improvement = 0;
            }
            let m = self.next_move % (2 * b);
            self.next_move += 1;
            let k = m / 2;
            let delta = if m.is_multiple_of(2) {
                self.step
            } else {
                -self.step
            };
            let mut cand = best.clone();
            cand[k] = (cand[k] + delta).clamp(0.0, 1.0);
            if cand[k] != best[k] {
                self.pending = Some(cand.clone());
                return plan.with_rates(cand);
            }
            self.since_improvement += 1;
        }
        let stay = best.clone();
        self.pending = Some(stay.clone());
        plan.with_rates(stay)
    }

    fn recommend(&self, plan: &Plan<'_>) -> Option<Schedule> {
        let best = match (&self.pending, &self.best) {
            (Some(p), Some(b)) if self.last_welfare > b.1 => p,
            (_, Some(b)) => &b.0,
            (Some(p), None) => p,
            (None, None) => return None,
        };
        Some(plan.with_rates(best.clone()))
    }
}

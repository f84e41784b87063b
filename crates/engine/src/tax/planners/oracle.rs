//! The oracle: every schedule on a lattice of rates (`levels` rates per bracket, from 0 to
//! `max_rate`), each evaluated on the model of the economy (workers settled under it), and
//! the best kept: the Stackelberg optimum on that lattice, which the other planners are
//! measured against. `levels^brackets` evaluations: meant for 2 to 4 brackets.

use super::{need_brackets, About};
use crate::error::{check_count, check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

/// Most schedules the oracle may evaluate.
pub const MAX_CANDIDATES: u64 = 50_000;
/// Most worker best responses the oracle may compute (candidates x workers).
pub const MAX_RESPONSES: u64 = 2_000_000_000;

pub const ABOUT: About = About {
    name: "Oracle (grid)",
    what: "Tries every schedule on a coarse grid of rates and keeps the one with the highest welfare, knowing exactly how workers respond: the best any planner could do on that grid.",
    knows: "Everything: the workers' skills and utility, so it can simulate every schedule.",
    source: "Exhaustive search over a rate lattice (the Stackelberg leader's problem; Zheng et al. 2022 compare their planners to such optima).",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct OracleParams {
    /// Rates per bracket on the lattice (11: 0, 10, ..., 100 %).
    pub levels: usize,
    /// Highest rate on the lattice.
    pub max_rate: f64,
}

impl Default for OracleParams {
    fn default() -> Self {
        OracleParams {
            levels: 11,
            max_rate: 1.0,
        }
    }
}

impl OracleParams {
    /// Schedules on the lattice for `brackets` brackets (saturating).
    pub fn candidates(&self, brackets: usize) -> u64 {
        let mut c: u64 = 1;
        for _ in 0..brackets {
            c = c.saturating_mul(self.levels as u64);
        }
        c
    }

    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        need_brackets(setup, ABOUT.name)?;
        check_count("levels", self.levels, 2, 101)?;
        check_range("max_rate", self.max_rate, 0.0, 1.0)?;
        let c = self.candidates(setup.brackets);
        if c > MAX_CANDIDATES {
            return Err(ConfigError::new(
                "levels",
                format!(
                    "{} levels on {} brackets is {c} schedules; at most {MAX_CANDIDATES} (use fewer levels or a schedule with 2 to 4 brackets)",
                    self.levels, setup.brackets
                ),
            ));
        }
        if c.saturating_mul(setup.workers as u64) > MAX_RESPONSES {
            return Err(ConfigError::new(
                "levels",
                format!("{c} schedules x {} workers is too much work for one run; use fewer levels or workers", setup.workers),
            ));
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        format!("Oracle ({} levels)", self.levels)
    }
    pub fn build(&self, _setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(Oracle {
            p: self.clone(),
            best: None,
        })
    }
}

pub struct Oracle {
    p: OracleParams,
    best: Option<Vec<f64>>,
}

impl Oracle {
    /// The best schedule on the lattice and its welfare (ties: the first in lattice order,
    /// the last bracket's rate varying fastest).
    pub fn solve(p: &OracleParams, plan: &Plan<'_>) -> (Vec<f64>, f64) {
        let b = plan.brackets();
        let levels = p.levels;
        let rate = |i: usize| p.max_rate * i as f64 / (levels - 1) as f64;
        let mut idx = vec![0usize; b];
        let mut best = (vec![0.0; b], f64::NEG_INFINITY);
        loop {
            let rates: Vec<f64> = idx.iter().map(|&i| rate(i)).collect();
            let w = plan.evaluate(&plan.with_rates(rates.clone()));
            if w > best.1 {
                best = (rates, w);
            }
            // Next lattice point, last bracket fastest.
            let mut k = b;
            loop {
                if k == 0 {
                    return best;
                }
                k -= 1;
                idx[k] += 1;
                if idx[k] < levels {
                    break;
                }
                idx[k] = 0;
            }
        }
    }
}

impl Planner for Oracle {
    fn propose(&mut self, plan: &Plan<'_>, _rng: &mut Rng) -> Schedule {
        if self.best.is_none() {
            self.best = Some(Oracle::solve(&self.p, plan).0);
        }
        plan.with_rates(self.best.clone().unwrap_or_default())
    }
}

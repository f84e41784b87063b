//! The planner role: who sets the marginal rates. One trait, implemented once per planner in
//! `planners/` (the LLM planner included).

use super::economy::{Economy, Year};
use super::metrics::Welfare;
use super::schedule::Schedule;
use super::utility::Utility;
use super::workers::WorkerConfig;
use crate::llm::AgentLink;
use crate::rng::Rng;

/// What a planner is told before it starts, to check its parameters.
#[derive(Clone, Copy, Debug)]
pub struct Setup<'a> {
    /// Brackets of the status-quo schedule (the ones planners set the rates of).
    pub brackets: usize,
    pub workers: usize,
    pub utility: &'a Utility,
    /// Schedules it will propose in the run (plan-once iterations or tax periods).
    pub proposals: usize,
}

/// What a planner may use while it plans.
pub struct Plan<'a> {
    pub economy: &'a Economy,
    pub workers: &'a WorkerConfig,
    /// The status quo: its cutoffs are the brackets planners set the rates of.
    pub baseline: &'a Schedule,
    /// The welfare it maximises.
    pub objective: Welfare,
    /// Schedules it will propose in the run.
    pub proposals: usize,
}

impl Plan<'_> {
    /// The welfare of `schedule` once workers have settled under it: the model of the
    /// economy, for planners that plan with one (the oracle). Online planners learn only
    /// from the years they observe.
    pub fn evaluate(&self, schedule: &Schedule) -> f64 {
        let mut w = self.workers.build();
        self.economy
            .settle(schedule, w.as_mut(), None, 0)
            .welfare(self.objective)
    }

    /// The baseline's cutoffs with `rates`.
    pub fn with_rates(&self, rates: Vec<f64>) -> Schedule {
        self.baseline.with_rates(rates)
    }

    /// Number of brackets planners set.
    pub fn brackets(&self) -> usize {
        self.baseline.brackets()
    }
}

/// A tax planner. The runner calls [`Planner::observe`] with every year (starting with the
/// status quo) and [`Planner::propose`] at the start of every tax period. All randomness
/// must come from the `rng` passed in (the planner's own stream).
pub trait Planner {
    /// A year under the schedule in force and its welfare.
    fn observe(&mut self, _year: &Year, _welfare: f64) {}

    /// The schedule for the next tax period.
    fn propose(&mut self, plan: &Plan<'_>, rng: &mut Rng) -> Schedule;

    /// The schedule it recommends at the end of a plan-once run, if not its last proposal
    /// (search planners: the best they found).
    fn recommend(&self, _plan: &Plan<'_>) -> Option<Schedule> {
        None
    }

    /// (LLM planners.) Whom to ask, under which name: the run's oracle.
    fn connect(&mut self, _link: &AgentLink) {}

    /// (Elections.) The platforms on the ballot at the start of a tax period, one per
    /// candidate; `None` for a planner that sets the schedule itself. The runner holds the
    /// vote ([`crate::tax::voting`]) and reports the winner with [`Planner::elected`].
    fn ballot(&mut self, _plan: &Plan<'_>, _rng: &mut Rng) -> Option<Vec<Schedule>> {
        None
    }

    /// (Elections.) The candidate in office, if any (it keeps its seat on a tie).
    fn incumbent(&self) -> Option<usize> {
        None
    }

    /// (Elections.) Candidate `winner` won: its platform is in force.
    fn elected(&mut self, _winner: usize) {}
}

/// Rates clipped to `[0, 1]`, NaN as 0.
pub fn clean_rates(rates: impl IntoIterator<Item = f64>) -> Vec<f64> {
    rates
        .into_iter()
        .map(|r| if r.is_nan() { 0.0 } else { r.clamp(0.0, 1.0) })
        .collect()
}

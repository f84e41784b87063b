//! The worker role: how a worker chooses its hours. One trait, implemented once per
//! behaviour in `workers/`; a population with LLM workers among them implements it in
//! [`super::llm_workers`].

use super::economy::Year;
use super::labour::Budget;
use crate::rng::Rng;

/// What a worker knows when it chooses this year's hours.
#[derive(Clone, Copy, Debug)]
pub struct Situation {
    /// The worker's index (workers are sorted by skill, lowest first).
    pub index: usize,
    /// Its skill: dollars per hour.
    pub skill: f64,
    /// The hours it worked last year (its starting hours in the first year).
    pub previous: f64,
    /// The year (0 for the status quo before any planner acts).
    pub year: usize,
}

/// A labour-supply behaviour. All randomness comes from `rng`, which is the worker's own
/// stream for the year (the same under every planner: common random numbers).
pub trait Worker {
    /// This year's hours, in `[0, budget.max_hours]`.
    fn hours(&mut self, at: Situation, budget: &Budget<'_>, rng: &mut Rng) -> f64;

    /// True if the choice uses `rng` (deterministic behaviours skip drawing a stream).
    fn is_random(&self) -> bool {
        false
    }

    /// The year that followed (tax years; workers who remember, such as LLM workers).
    fn observe(&mut self, _year: &Year) {}
}

//! One year of an economy: workers choose hours under a schedule, pay tax, receive the
//! rebate; what everyone earns, pays, consumes and feels, and the metrics of it all.

use super::labour::Budget;
use super::metrics::{gini, inverse_income_welfare, Metrics, Welfare};
use super::schedule::{FastSchedule, Schedule};
use super::utility::Utility;
use super::worker::{Situation, Worker};
use crate::rng::{Key, Rng, Streams};

/// The workers of a run and what they want.
#[derive(Clone, Debug)]
pub struct Economy {
    /// Skills (dollars per hour), lowest first.
    pub skills: Vec<f64>,
    pub utility: Utility,
    /// Most hours a worker may work, H.
    pub max_hours: f64,
    /// True if revenue is rebated equally to every worker.
    pub rebate: bool,
    /// Experiment seed (workers' random choices draw from it: the same under every planner).
    pub seed: u64,
}

/// Everything about one year.
#[derive(Clone, Debug, Default)]
pub struct Year {
    /// Which year (0: the status quo before any planner acts).
    pub year: usize,
    pub schedule: Schedule,
    /// Per worker, in skill order: hours, pre-tax income, tax, marginal rate, consumption
    /// (income - tax + rebate), utility.
    pub hours: Vec<f64>,
    pub incomes: Vec<f64>,
    pub taxes: Vec<f64>,
    pub rates: Vec<f64>,
    pub consumption: Vec<f64>,
    pub utilities: Vec<f64>,
    /// The rebate every worker received.
    pub rebate: f64,
    pub metrics: Metrics,
}

impl Year {
    /// The value of welfare `w` this year.
    pub fn welfare(&self, w: Welfare) -> f64 {
        w.of(&self.metrics)
    }
}

/// Rounds of "choose hours, collect, rebate" that settle the rebate when hours depend on it.
const REBATE_ROUNDS: usize = 4;

impl Economy {
    pub fn workers(&self) -> usize {
        self.skills.len()
    }

    /// Year `year` under `schedule`: each worker chooses hours (knowing last year's hours and
    /// expecting the rebate `expected_rebate`), then tax is collected and the actual rebate
    /// paid.
    pub fn year(
        &self,
        schedule: &Schedule,
        worker: &mut dyn Worker,
        previous: Option<&[f64]>,
        expected_rebate: f64,
        year: usize,
    ) -> Year {
        let n = self.skills.len();
        let budget = Budget {
            schedule: FastSchedule::new(schedule),
            rebate: expected_rebate,
            utility: &self.utility,
            max_hours: self.max_hours,
        };
        let random = worker.is_random();
        let key = Streams::new(self.seed, &[Key::Str("tax/workers"), Key::Num(year as u64)]).key();
        let mut fixed = key.stream(0);
        let mut y = Year {
            year,
            schedule: schedule.clone(),
            hours: Vec::with_capacity(n),
            incomes: Vec::with_capacity(n),
            taxes: Vec::with_capacity(n),
            rates: Vec::with_capacity(n),
            ..Year::default()
        };
        let mut revenue = 0.0;
        for (i, &s) in self.skills.iter().enumerate() {
            let at = Situation {
                index: i,
                skill: s,
                previous: previous.map_or(0.0, |p| p[i]),
                year,
            };
            let l = if random {
                let mut rng = key.stream(i as u64 + 1);
                worker.hours(at, &budget, &mut rng)
            } else {
                worker.hours(at, &budget, &mut fixed)
            };
            let l = if l.is_finite() {
                l.clamp(0.0, self.max_hours)
            } else {
                0.0
            };
            let z = s * l;
            let (t, r) = budget.schedule.tax_and_rate(z);
            revenue += t;
            y.hours.push(l);
            y.incomes.push(z);
            y.taxes.push(t);
            y.rates.push(r);
        }
        y.rebate = if self.rebate && n > 0 {
            revenue / n as f64
        } else {
            0.0
        };
        y.consumption = (0..n)
            .map(|i| y.incomes[i] - y.taxes[i] + y.rebate)
            .collect();
        y.utilities = (0..n)
            .map(|i| self.utility.value(y.consumption[i], y.hours[i]))
            .collect();
        y.metrics = self.metrics(&y, revenue);
        y
    }

    /// The economy settled under `schedule`: hours chosen knowing the rebate they produce
    /// (a few rounds of choosing and rebating when hours depend on the rebate).
    pub fn settle(
        &self,
        schedule: &Schedule,
        worker: &mut dyn Worker,
        previous: Option<&[f64]>,
        year: usize,
    ) -> Year {
        let mut y = self.year(schedule, worker, previous, 0.0, year);
        if self.rebate && !self.utility.no_income_effect() {
            for _ in 1..REBATE_ROUNDS {
                let r = y.rebate;
                y = self.year(schedule, worker, previous, r, year);
            }
        }
        y
    }

    fn metrics(&self, y: &Year, revenue: f64) -> Metrics {
        let n = y.incomes.len();
        if n == 0 {
            return Metrics::default();
        }
        let nf = n as f64;
        let mut pre = y.incomes.clone();
        pre.sort_by(f64::total_cmp);
        let mut post = y.consumption.clone();
        post.sort_by(f64::total_cmp);
        let productivity: f64 = y.incomes.iter().sum();
        let equality = 1.0 - gini(&post, true);
        let mean_c = post.iter().sum::<f64>() / nf;
        Metrics {
            productivity,
            equality,
            pretax_equality: 1.0 - gini(&pre, true),
            equality_times_productivity: equality * mean_c,
            mean_utility: y.utilities.iter().sum::<f64>() / nf,
            inverse_income_welfare: inverse_income_welfare(&y.incomes, &y.utilities),
            revenue,
            mean_hours: y.hours.iter().sum::<f64>() / nf,
        }
    }
}

/// A deterministic stand-in stream for behaviours that draw nothing.
pub fn unused_rng() -> Rng {
    Rng::stream(0, &[Key::Str("tax/unused")])
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tax::workers::WorkerConfig;

    fn economy(rebate: bool) -> Economy {
        Economy {
            skills: (1..=50).map(|i| i as f64 * 20.0).collect(),
            utility: Utility::default(),
            max_hours: 100.0,
            rebate,
            seed: 1,
        }
    }

    #[test]
    fn taxes_are_rebated_and_nobody_has_negative_consumption() {
        let e = economy(true);
        let s = Schedule::us_federal(2024).unwrap();
        let mut w = WorkerConfig::default().build();
        let y = e.settle(&s, w.as_mut(), None, 0);
        let collected: f64 = y.taxes.iter().sum();
        assert!((y.rebate * 50.0 - collected).abs() < 1e-6 * collected);
        assert!((y.metrics.revenue - collected).abs() < 1e-9);
        assert!(y.consumption.iter().all(|&c| c >= 0.0));
        // With a full rebate total consumption equals total income.
        let c: f64 = y.consumption.iter().sum();
        assert!((c - y.metrics.productivity).abs() < 1e-6 * c);
        assert!(y.metrics.equality > y.metrics.pretax_equality);
    }

    #[test]
    fn without_tax_consumption_is_income() {
        let e = economy(false);
        let mut w = WorkerConfig::default().build();
        let y = e.settle(&Schedule::none(), w.as_mut(), None, 0);
        assert_eq!(y.consumption, y.incomes);
        assert_eq!(y.metrics.revenue, 0.0);
        // l* = (s / (c0 delta))^(1/2.5), capped at 100 h.
        let l = (20.0f64 / 0.00175).powf(0.4);
        assert!((y.hours[0] - l).abs() < 1e-9);
        assert_eq!(y.hours[49], 100.0);
    }
}

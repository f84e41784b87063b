//! A worker's budget set under a piecewise-linear schedule, and the hours that maximise
//! utility on it.
//!
//! A worker with skill (hourly wage) `s` who works `l` hours in `[0, H]` earns `z = s l`,
//! pays `T(z)` and receives the rebate `R`: consumption `c(l) = s l - T(s l) + R`. The
//! budget set is piecewise linear in `l`, with a kink where `s l` crosses a bracket cutoff
//! (`l_b = c_b / s`). On each segment the marginal net wage `s (1 - tau_b)` is constant and
//! utility is concave in `l`, so the segment's best hours are its clipped first-order
//! condition (an interior optimum, or one of its ends: a kink, 0 or `H`). The best response
//! is the best of those candidates over all segments; with a non-convex budget set (rates
//! that fall with income) several segments compete, and all are checked. A test compares it
//! with brute force on a fine grid.

use super::schedule::FastSchedule;
use super::utility::Utility;

/// What a worker faces: the schedule, the rebate, its utility and the most hours it may work.
#[derive(Clone, Debug)]
pub struct Budget<'a> {
    pub schedule: FastSchedule<'a>,
    /// Lump-sum transfer every worker receives (revenue rebated equally, or 0).
    pub rebate: f64,
    pub utility: &'a Utility,
    /// Most hours, H.
    pub max_hours: f64,
}

/// One segment of a worker's budget set, for the "one worker" view.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Segment {
    /// Hours where the segment starts and ends.
    pub from: f64,
    pub to: f64,
    /// Marginal rate on the segment.
    pub rate: f64,
    /// The segment's best hours and the utility there.
    pub best_hours: f64,
    pub best_utility: f64,
}

impl<'a> Budget<'a> {
    /// Consumption after working `l` hours at skill `s`, and the tax paid.
    #[inline]
    pub fn consumption(&self, s: f64, l: f64) -> (f64, f64) {
        let z = s * l;
        let (t, _) = self.schedule.tax_and_rate(z);
        (z - t + self.rebate, t)
    }

    /// Utility of working `l` hours at skill `s`.
    #[inline]
    pub fn utility_at(&self, s: f64, l: f64) -> f64 {
        self.utility.value(self.consumption(s, l).0, l)
    }

    /// The utility-maximising hours in `[0, H]` (exact; ties go to fewer hours).
    pub fn best_response(&self, s: f64) -> f64 {
        let mut best = (0.0, f64::NEG_INFINITY);
        self.for_each_segment(s, |seg| {
            if seg.best_utility > best.1 {
                best = (seg.best_hours, seg.best_utility);
            }
        });
        best.0
    }

    /// Every segment of the budget set with its own best hours (what the best response
    /// chooses among).
    pub fn segments(&self, s: f64) -> Vec<Segment> {
        let mut out = Vec::new();
        self.for_each_segment(s, |seg| out.push(seg));
        out
    }

    fn for_each_segment(&self, s: f64, mut f: impl FnMut(Segment)) {
        let h = self.max_hours;
        let sch = self.schedule.schedule;
        if s <= 0.0 {
            let u = self.utility_at(s, 0.0);
            f(Segment {
                from: 0.0,
                to: h,
                rate: sch.rates[0],
                best_hours: 0.0,
                best_utility: u,
            });
            return;
        }
        let b = sch.rates.len();
        for k in 0..b {
            let from = sch.cutoffs[k] / s;
            if from >= h && k > 0 {
                break;
            }
            let to = if k + 1 < b {
                (sch.cutoffs[k + 1] / s).min(h)
            } else {
                h
            };
            let rate = sch.rates[k];
            let m = s * (1.0 - rate);
            let (c_start, _) = self.consumption(s, from);
            let l = self.utility.segment_optimum(m, c_start, from, from, to);
            // Consumption on the segment is linear from its start (the schedule's own sum at
            // the end points agrees to rounding).
            let u = self.utility_at(s, l);
            f(Segment {
                from,
                to,
                rate,
                best_hours: l,
                best_utility: u,
            });
        }
    }
}

/// The hours on a grid `0, step, 2 step, ..., H` with the highest utility (ties: fewer
/// hours), and the utility of every grid point when `all` is given.
pub fn grid_best(budget: &Budget<'_>, s: f64, step: f64, mut all: Option<&mut Vec<f64>>) -> f64 {
    let n = grid_points(budget.max_hours, step);
    let mut best = (0.0, f64::NEG_INFINITY);
    if let Some(v) = all.as_deref_mut() {
        v.clear();
    }
    for i in 0..n {
        let l = grid_hours(i, step, budget.max_hours);
        let u = budget.utility_at(s, l);
        if u > best.1 {
            best = (l, u);
        }
        if let Some(v) = all.as_deref_mut() {
            v.push(u);
        }
    }
    best.0
}

/// Points of the grid `0, step, ..., H` (H itself included when it is not a multiple).
pub fn grid_points(max_hours: f64, step: f64) -> usize {
    let k = (max_hours / step + 1e-9).floor() as usize;
    if (k as f64 * step - max_hours).abs() < 1e-9 * max_hours.max(1.0) {
        k + 1
    } else {
        k + 2
    }
}

/// Hours of grid point `i`.
#[inline]
pub fn grid_hours(i: usize, step: f64, max_hours: f64) -> f64 {
    (i as f64 * step).min(max_hours)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tax::schedule::Schedule;

    fn brute(b: &Budget<'_>, s: f64) -> (f64, f64) {
        let n = 200_000;
        let mut best = (0.0, f64::NEG_INFINITY);
        for i in 0..=n {
            let l = b.max_hours * i as f64 / n as f64;
            let u = b.utility_at(s, l);
            if u > best.1 {
                best = (l, u);
            }
        }
        best
    }

    #[test]
    fn best_response_beats_or_ties_brute_force_on_every_schedule() {
        let utilities = [
            Utility::default(),
            Utility::Isoelastic { elasticity: 0.4 },
            Utility::Isoelastic { elasticity: 1.5 },
            Utility::Crra {
                eta: 0.23,
                labour_cost: 0.05,
            },
            Utility::Crra {
                eta: 1.0,
                labour_cost: 0.002,
            },
        ];
        // A regressive schedule makes the budget set non-convex: two local optima.
        let regressive = Schedule::new(vec![0.0, 30_000.0], vec![0.6, 0.1]);
        let schedules = [
            Schedule::us_federal(2024).unwrap(),
            Schedule::three_brackets(),
            regressive,
            Schedule::flat(0.0),
            Schedule::flat(1.0),
        ];
        for u in &utilities {
            for sch in &schedules {
                for &rebate in &[0.0, 5_000.0] {
                    let b = Budget {
                        schedule: FastSchedule::new(sch),
                        rebate,
                        utility: u,
                        max_hours: 100.0,
                    };
                    for &s in &[0.0, 5.0, 60.0, 300.0, 952.5, 2_500.0, 9_000.0] {
                        let l = b.best_response(s);
                        let ul = b.utility_at(s, l);
                        let (lb, ub) = brute(&b, s);
                        let tol = 1e-9 * ub.abs().max(1.0);
                        assert!(
                            ul >= ub - tol,
                            "{u:?} {:?} s={s}: exact {l} ({ul}) < grid {lb} ({ub})",
                            sch.rates
                        );
                        // Where the optimum is unique the grid lands next to it.
                        assert!((0.0..=100.0).contains(&l));
                    }
                }
            }
        }
    }

    #[test]
    fn kinks_bunch_workers() {
        // Rates jump from 0 to 90 % at $40k: a range of skills all stop exactly at the kink.
        let sch = Schedule::new(vec![0.0, 40_000.0], vec![0.0, 0.9]);
        let u = Utility::Isoelastic { elasticity: 1.0 };
        let b = Budget {
            schedule: FastSchedule::new(&sch),
            rebate: 0.0,
            utility: &u,
            max_hours: 1e6,
        };
        // Untaxed, l = s and z = s^2: s = 200 wants z = 40k; s = 210 would earn 44.1k but
        // its net wage above the kink is 21, so it works 40_000 / 210 hours.
        let l = b.best_response(210.0);
        assert!((210.0 * l - 40_000.0).abs() < 1e-6, "{}", 210.0 * l);
        let segs = b.segments(210.0);
        assert_eq!(segs.len(), 2);
        assert_eq!(segs[0].best_hours, segs[0].to);
    }

    #[test]
    fn grid_choice_is_the_best_grid_point() {
        let sch = Schedule::us_federal(2023).unwrap();
        let u = Utility::default();
        let b = Budget {
            schedule: FastSchedule::new(&sch),
            rebate: 0.0,
            utility: &u,
            max_hours: 100.0,
        };
        assert_eq!(grid_points(100.0, 10.0), 11);
        assert_eq!(grid_points(95.0, 10.0), 11);
        let mut all = Vec::new();
        let l = grid_best(&b, 100.0, 10.0, Some(&mut all));
        // l* = 79.94 h on a continuous axis; on the grid 80 h.
        assert_eq!(l, 80.0);
        assert_eq!(all.len(), 11);
    }
}

//! Piecewise-linear income tax schedules: brackets with marginal rates.
//!
//! A schedule has cutoffs `0 = c_0 < c_1 < ... < c_{B-1}` and marginal rates
//! `tau_0 .. tau_{B-1}`; bracket b taxes income between `c_b` and `c_{b+1}` (the top bracket
//! is open). Tax owed is `T(z) = sum_b tau_b * min(width_b, max(0, z - c_b))` (the AI
//! Economist's `PeriodicBracketTax`; IRS single-filer schedules have the same shape).
//!
//! US federal single-filer thresholds and rates: IRS Rev. Proc. 2017-58 (2018), 2018-57
//! (2019), 2022-38 (2023) and 2023-34 (2024); rates 10, 12, 22, 24, 32, 35, 37 %.

use crate::error::{check_range, ConfigError};
use serde::{Deserialize, Serialize};

/// Most brackets a schedule may have.
pub const MAX_BRACKETS: usize = 20;

/// A schedule of marginal rates over income brackets.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Schedule {
    /// Lower edge of each bracket, in dollars of yearly income; the first is 0.
    pub cutoffs: Vec<f64>,
    /// Marginal rate of each bracket, from 0 to 1.
    pub rates: Vec<f64>,
}

impl Default for Schedule {
    /// No tax: one bracket at 0 %.
    fn default() -> Self {
        Schedule::none()
    }
}

/// The US federal schedules the lab knows.
pub const US_YEARS: [u16; 4] = [2018, 2019, 2023, 2024];

/// US federal marginal rates (all four years).
pub const US_RATES: [f64; 7] = [0.10, 0.12, 0.22, 0.24, 0.32, 0.35, 0.37];

impl Schedule {
    /// A schedule with `cutoffs` and `rates` (not validated).
    pub fn new(cutoffs: Vec<f64>, rates: Vec<f64>) -> Self {
        Schedule { cutoffs, rates }
    }

    /// One rate on all income.
    pub fn flat(rate: f64) -> Self {
        Schedule::new(vec![0.0], vec![rate])
    }

    /// No tax at all.
    pub fn none() -> Self {
        Schedule::flat(0.0)
    }

    /// The US federal single-filer schedule of `year` (one of [`US_YEARS`]).
    pub fn us_federal(year: u16) -> Option<Self> {
        let t: [f64; 6] = match year {
            2018 => [9_525.0, 38_700.0, 82_500.0, 157_500.0, 200_000.0, 500_000.0],
            2019 => [9_700.0, 39_475.0, 84_200.0, 160_725.0, 204_100.0, 510_300.0],
            2023 => [
                11_000.0, 44_725.0, 95_375.0, 182_100.0, 231_250.0, 578_125.0,
            ],
            2024 => [
                11_600.0, 47_150.0, 100_525.0, 191_950.0, 243_725.0, 609_350.0,
            ],
            _ => return None,
        };
        let mut cutoffs = vec![0.0];
        cutoffs.extend_from_slice(&t);
        Some(Schedule::new(cutoffs, US_RATES.to_vec()))
    }

    /// The AI Economist's brackets (the 2019 US thresholds it uses, in dollars) with the
    /// 2019 US rates.
    pub fn ai_economist() -> Self {
        Schedule::us_federal(2019).expect("2019 is a known year")
    }

    /// A simple progressive schedule: 0 % to $20k, 20 % to $100k, 40 % above.
    pub fn three_brackets() -> Self {
        Schedule::new(vec![0.0, 20_000.0, 100_000.0], vec![0.0, 0.2, 0.4])
    }

    /// Number of brackets.
    pub fn brackets(&self) -> usize {
        self.rates.len()
    }

    /// The same cutoffs with other rates.
    pub fn with_rates(&self, rates: Vec<f64>) -> Self {
        Schedule::new(self.cutoffs.clone(), rates)
    }

    /// Check the shape; the error names the field.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let b = self.rates.len();
        if b == 0 || b > MAX_BRACKETS {
            return Err(ConfigError::new(
                "rates",
                format!("a schedule needs 1 to {MAX_BRACKETS} brackets (got {b})"),
            ));
        }
        if self.cutoffs.len() != b {
            return Err(ConfigError::new(
                "cutoffs",
                format!(
                    "one cutoff per bracket: {b} rates need {b} cutoffs (got {})",
                    self.cutoffs.len()
                ),
            ));
        }
        if self.cutoffs[0] != 0.0 {
            return Err(ConfigError::new(
                "cutoffs[0]",
                "the first bracket starts at 0",
            ));
        }
        for i in 1..b {
            let c = self.cutoffs[i];
            if !c.is_finite() || c <= self.cutoffs[i - 1] || c > 1e12 {
                return Err(ConfigError::new(
                    format!("cutoffs[{i}]"),
                    format!(
                        "cutoffs must increase and stay below 1e12 (got {c} after {})",
                        self.cutoffs[i - 1]
                    ),
                ));
            }
        }
        for (i, &r) in self.rates.iter().enumerate() {
            check_range(&format!("rates[{i}]"), r, 0.0, 1.0)?;
        }
        Ok(())
    }

    /// The bracket income `z` falls in (the top bracket for very large incomes).
    pub fn bracket_of(&self, z: f64) -> usize {
        // Brackets are few (at most 20): a linear scan beats a binary search.
        let mut b = 0;
        for (i, &c) in self.cutoffs.iter().enumerate().skip(1) {
            if z >= c {
                b = i;
            } else {
                break;
            }
        }
        b
    }

    /// Marginal rate at income `z` (the rate of the bracket `z` is in).
    pub fn marginal(&self, z: f64) -> f64 {
        self.rates[self.bracket_of(z)]
    }

    /// Tax owed on income `z`: `sum_b tau_b * min(width_b, max(0, z - c_b))`.
    pub fn tax(&self, z: f64) -> f64 {
        let mut t = 0.0;
        let b = self.rates.len();
        for i in 0..b {
            let lo = self.cutoffs[i];
            if z <= lo {
                break;
            }
            let hi = if i + 1 < b {
                self.cutoffs[i + 1]
            } else {
                f64::INFINITY
            };
            t += self.rates[i] * (z.min(hi) - lo);
        }
        t
    }

    /// Tax owed at the start of each bracket (T(c_b)), to evaluate many incomes quickly.
    pub fn tax_at_cutoffs(&self) -> Vec<f64> {
        self.cutoffs.iter().map(|&c| self.tax(c)).collect()
    }

    /// Average tax rate T(z) / z (0 at z = 0).
    pub fn average(&self, z: f64) -> f64 {
        if z > 0.0 {
            self.tax(z) / z
        } else {
            0.0
        }
    }

    /// A short description, e.g. "10 % / 12 % / ... / 37 %".
    pub fn describe_rates(&self) -> String {
        self.rates
            .iter()
            .map(|r| format!("{:.0} %", r * 100.0))
            .collect::<Vec<_>>()
            .join(" / ")
    }
}

/// A schedule prepared for evaluating many incomes: [`Schedule::tax`] with the tax at each
/// cutoff precomputed (same result to the last bit on every income, as a test checks).
#[derive(Clone, Debug)]
pub struct FastSchedule<'a> {
    pub schedule: &'a Schedule,
    at_cutoff: Vec<f64>,
}

impl<'a> FastSchedule<'a> {
    pub fn new(schedule: &'a Schedule) -> Self {
        FastSchedule {
            schedule,
            at_cutoff: schedule.tax_at_cutoffs(),
        }
    }

    /// Tax owed on `z`, and the marginal rate there.
    #[inline]
    pub fn tax_and_rate(&self, z: f64) -> (f64, f64) {
        let s = self.schedule;
        let b = s.bracket_of(z);
        if z <= 0.0 {
            return (0.0, s.rates[0]);
        }
        // T(z) = T(c_b) + tau_b (z - c_b): the same sum as Schedule::tax, accumulated in the
        // same order (bracket by bracket from the bottom).
        (
            self.at_cutoff[b] + s.rates[b] * (z - s.cutoffs[b]),
            s.rates[b],
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn us_tax_owed_matches_the_published_table() {
        // REFERENCES.md: tax owed at $50k / $100k.
        let cases = [
            (2018, 6_939.50, 18_289.50),
            (2019, 6_858.50, 18_174.50),
            (2023, 6_307.50, 17_400.00),
            (2024, 6_053.00, 17_053.00),
        ];
        for (year, at50, at100) in cases {
            let s = Schedule::us_federal(year).unwrap();
            s.validate().unwrap();
            assert!(
                (s.tax(50_000.0) - at50).abs() < 1e-6,
                "{year} at 50k: {}",
                s.tax(50_000.0)
            );
            assert!((s.tax(100_000.0) - at100).abs() < 1e-6, "{year} at 100k");
        }
        assert!(Schedule::us_federal(2020).is_none());
    }

    #[test]
    fn marginal_and_average_rates() {
        let s = Schedule::three_brackets();
        assert_eq!(s.marginal(0.0), 0.0);
        assert_eq!(s.marginal(20_000.0), 0.2);
        assert_eq!(s.marginal(1e9), 0.4);
        assert_eq!(s.tax(150_000.0), 0.2 * 80_000.0 + 0.4 * 50_000.0);
        assert!((s.average(150_000.0) - 36_000.0 / 150_000.0).abs() < 1e-15);
        assert_eq!(s.average(0.0), 0.0);
        assert_eq!(Schedule::flat(0.3).tax(10.0), 3.0);
    }

    #[test]
    fn fast_tax_is_the_same_bits() {
        let s = Schedule::us_federal(2024).unwrap();
        let f = FastSchedule::new(&s);
        for k in 0..20_000 {
            let z = k as f64 * 37.3;
            let (t, r) = f.tax_and_rate(z);
            assert_eq!(t.to_bits(), s.tax(z).to_bits(), "z = {z}");
            assert_eq!(r, s.marginal(z));
        }
    }

    #[test]
    fn bad_schedules_name_the_field() {
        let mut s = Schedule::three_brackets();
        s.rates[1] = 1.5;
        assert_eq!(s.validate().unwrap_err().field, "rates[1]");
        let mut s = Schedule::three_brackets();
        s.cutoffs[2] = 10_000.0;
        assert_eq!(s.validate().unwrap_err().field, "cutoffs[2]");
        let s = Schedule::new(vec![0.0], vec![0.1, 0.2]);
        assert_eq!(s.validate().unwrap_err().field, "cutoffs");
        let s = Schedule::new(vec![5.0], vec![0.1]);
        assert_eq!(s.validate().unwrap_err().field, "cutoffs[0]");
    }
}

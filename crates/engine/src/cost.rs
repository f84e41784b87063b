//! What a run would cost, estimated from its config before it starts, and the budget a page
//! runs within.
//!
//! Each lab's estimate is its work units times a cost per unit ([`crate::lab::Lab::cost`]):
//! pulls x arms (x d^2 for the linear policies) for bandits, turns for repeated games. The
//! costs per unit are the WebAssembly times of the engine's kernels in Chromium's V8
//! (BENCHMARKS.md, "WebAssembly beside native"), on one worker: a page with more workers
//! finishes sooner, so the estimate errs long. The page refuses a run over
//! [`BROWSER_BUDGET_SECONDS`] with a message that says how big it is and what to shrink; the
//! command line runs it when asked to (`agora run --no-budget`).

use crate::error::ConfigError;
use crate::text::thousands;

/// The longest run a page starts: ten minutes of one worker.
pub const BROWSER_BUDGET_SECONDS: f64 = 600.0;

/// An estimate of a run's cost.
#[derive(Clone, Debug, PartialEq)]
pub struct Cost {
    /// Seconds on one WebAssembly worker.
    pub seconds: f64,
    /// The size in the lab's words ("4,000,000 pulls on 10 arms").
    pub size: String,
    /// The field to point at when it is too big.
    pub field: &'static str,
    /// What to make smaller ("fewer rounds T, repetitions R or policies").
    pub shrink: &'static str,
}

impl Cost {
    /// An error if the run would take longer than `budget` seconds.
    pub fn check(&self, budget: f64) -> Result<(), ConfigError> {
        if self.seconds.is_nan() || self.seconds > budget {
            return Err(ConfigError::new(
                self.field,
                format!(
                    "this run is {}: about {} on one browser worker, more than the {} a page runs; use {} (the command line runs it with agora run --no-budget)",
                    self.size,
                    duration(self.seconds),
                    duration(budget),
                    self.shrink
                ),
            ));
        }
        Ok(())
    }
}

/// "12 minutes", "3 hours", "40 days".
pub fn duration(seconds: f64) -> String {
    let (n, unit) = if seconds < 90.0 {
        (seconds, "seconds")
    } else if seconds < 90.0 * 60.0 {
        (seconds / 60.0, "minutes")
    } else if seconds < 48.0 * 3600.0 {
        (seconds / 3600.0, "hours")
    } else if seconds < 3.0 * 365.0 * 86400.0 {
        (seconds / 86400.0, "days")
    } else {
        (seconds / (365.0 * 86400.0), "years")
    };
    if n < 10.0 {
        format!("{n:.1} {unit}")
    } else {
        format!("{} {unit}", thousands(n.round() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_and_numbers_read_well() {
        assert_eq!(duration(5.0), "5.0 seconds");
        assert_eq!(duration(720.0), "12 minutes");
        assert_eq!(duration(3.0 * 3600.0), "3.0 hours");
        assert_eq!(duration(40.0 * 86400.0), "40 days");
    }

    #[test]
    fn a_cost_over_the_budget_says_how_big_and_what_to_shrink() {
        let c = Cost {
            seconds: 7200.0,
            size: "1,000 pulls".into(),
            field: "horizon",
            shrink: "fewer rounds",
        };
        let e = c.check(BROWSER_BUDGET_SECONDS).unwrap_err();
        assert_eq!(e.field, "horizon");
        assert!(e.message.contains("about 2.0 hours"), "{e}");
        assert!(e.message.contains("fewer rounds"), "{e}");
        assert!(c.check(1e9).is_ok());
    }
}

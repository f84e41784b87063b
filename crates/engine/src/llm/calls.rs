//! How a host (the page, the CLI) makes the calls of an LLM run: how many at once, how long to
//! wait, when to retry, and when the budget is spent. The engine decides; the host only sends
//! requests and sleeps, so the browser and the CLI behave the same.
//!
//! These are settings of the person running the experiment, not of the experiment: they are
//! not in its config, its link or its digest (a replay makes no calls).

use super::oracle::Usage;
use super::provider::{backoff_ms, retryable, CallError};
use serde::{Deserialize, Serialize};

/// Limits of the calls of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct CallLimits {
    /// Calls in flight at once (units waiting for a reply are independent).
    pub concurrency: usize,
    /// A call that takes longer than this is abandoned and retried, in milliseconds.
    pub timeout_ms: u64,
    /// Attempts per call, the first included, before the run stops (it can resume).
    pub attempts: u32,
    /// Most calls in the run (`None`: no cap); the run stops, resumable, when reached.
    pub max_calls: Option<u64>,
    /// Most tokens (prompt plus reply) in the run.
    pub max_tokens: Option<u64>,
    /// Prices the user gives, in dollars per million tokens, for the cost estimate.
    pub price_in: f64,
    pub price_out: f64,
}

impl Default for CallLimits {
    fn default() -> Self {
        CallLimits {
            concurrency: 2,
            timeout_ms: 60_000,
            attempts: 4,
            max_calls: Some(2_000),
            max_tokens: None,
            price_in: 0.0,
            price_out: 0.0,
        }
    }
}

impl CallLimits {
    /// `Err` with a message once `used` reaches a cap: no new call may start.
    pub fn check_budget(&self, used: &Usage) -> Result<(), String> {
        if let Some(max) = self.max_calls {
            if used.calls >= max {
                return Err(format!(
                    "The budget of {max} calls is spent. The replies so far are kept: raise the budget and resume to go on."
                ));
            }
        }
        if let Some(max) = self.max_tokens {
            let t = used.tokens_in.saturating_add(used.tokens_out);
            if t >= max {
                return Err(format!(
                    "The budget of {max} tokens is spent ({t} used). The replies so far are kept: raise the budget and resume to go on."
                ));
            }
        }
        Ok(())
    }

    /// Estimated cost in dollars of `used` at the user's prices.
    pub fn cost(&self, used: &Usage) -> f64 {
        (used.tokens_in as f64 * self.price_in + used.tokens_out as f64 * self.price_out) / 1e6
    }

    /// After attempt number `attempt` (1 = the first) failed with `error`: milliseconds to
    /// wait before the next attempt, or `None` to stop the run (the error is not one a retry
    /// can fix, or the attempts are used up).
    pub fn retry_after(&self, attempt: u32, error: &CallError) -> Option<f64> {
        if !retryable(error) || attempt >= self.attempts {
            return None;
        }
        let hint = match error {
            CallError::RateLimited { retry_after_s } => *retry_after_s,
            _ => None,
        };
        Some(backoff_ms(attempt - 1, hint))
    }

    pub fn validate(&self) -> Result<(), String> {
        if !(1..=16).contains(&self.concurrency) {
            return Err("between 1 and 16 calls at once".into());
        }
        if !(1_000..=600_000).contains(&self.timeout_ms) {
            return Err("the timeout must be between 1 and 600 seconds".into());
        }
        if !(1..=10).contains(&self.attempts) {
            return Err("between 1 and 10 attempts per call".into());
        }
        let price_ok = |p: f64| p.is_finite() && p >= 0.0;
        if !price_ok(self.price_in) || !price_ok(self.price_out) {
            return Err("prices are numbers of dollars, not negative".into());
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_what_can_succeed_with_backoff_then_stops() {
        let l = CallLimits::default();
        let server = CallError::Server {
            status: 500,
            message: "x".into(),
        };
        assert_eq!(l.retry_after(1, &server), Some(500.0));
        assert_eq!(l.retry_after(2, &server), Some(1000.0));
        assert_eq!(l.retry_after(3, &server), Some(2000.0));
        assert_eq!(l.retry_after(4, &server), None, "4 attempts in all");
        let limited = CallError::RateLimited {
            retry_after_s: Some(3.0),
        };
        assert_eq!(l.retry_after(1, &limited), Some(3000.0));
        let auth = CallError::Auth {
            status: 401,
            message: "bad key".into(),
        };
        assert_eq!(l.retry_after(1, &auth), None);
    }

    #[test]
    fn budget_stops_new_calls_and_cost_uses_the_given_prices() {
        let l = CallLimits {
            max_calls: Some(2),
            max_tokens: Some(1000),
            price_in: 1.0,
            price_out: 2.0,
            ..Default::default()
        };
        let mut u = Usage {
            calls: 1,
            tokens_in: 100,
            tokens_out: 10,
        };
        assert!(l.check_budget(&u).is_ok());
        u.calls = 2;
        assert!(l.check_budget(&u).unwrap_err().contains("2 calls"));
        u.calls = 1;
        u.tokens_in = 995;
        assert!(l.check_budget(&u).unwrap_err().contains("1000 tokens"));
        assert!((l.cost(&u) - (995.0 + 20.0) / 1e6).abs() < 1e-15);
    }
}

//! An experiment with LLM agents, run by asking the model: the bookkeeping both hosts (the
//! page's `fetch` loop and the CLI) share, so they behave the same.
//!
//! The host loop is:
//! 1. [`LlmRun::poll`] replays the transcript as far as it goes and says what to do: start
//!    these calls ([`Poll::Calls`], at most [`CallLimits::concurrency`] in flight, within the
//!    budget), wait for calls in flight, or stop (complete, or why not);
//! 2. the host sends each call ([`crate::llm::ChatRequest::http_request`]), retrying as
//!    [`CallLimits::retry_after`] says, and hands back the reply ([`LlmRun::on_reply`]) or the
//!    final failure ([`LlmRun::fail`]);
//! 3. repeat. [`LlmRun::experiment`] is the experiment with every reply so far: a link or file
//!    of it replays the run without a key, or resumes it after a failure or a cancel.

use super::calls::CallLimits;
use super::oracle::MAX_REPLY_BYTES;
use super::oracle::{Exchange, PendingCall, UnitEnd, Usage};
use crate::error::ConfigError;
use crate::experiment::{stop_message, Experiment, Results, Runner, MAX_JSON_BYTES};

/// What the host should do next.
#[derive(Clone, Debug, PartialEq)]
pub enum Poll {
    /// Every reply is in: the results are final.
    Complete,
    /// Start these calls.
    Calls(Vec<PendingCall>),
    /// Wait for the calls in flight.
    Waiting,
    /// The run stopped (failure, budget, cancel, transcript mismatch); the replies so far are
    /// kept and the run can resume from [`LlmRun::experiment`].
    Stopped(String),
}

/// A run that asks the model for the replies its transcript lacks.
pub struct LlmRun {
    exp: Experiment,
    runner: Runner,
    limits: CallLimits,
    in_flight: Vec<PendingCall>,
    stopped: Option<String>,
    /// Size of the experiment's JSON without its transcript (computed once).
    base_bytes: std::cell::OnceCell<usize>,
}

/// JSON bytes of an exchange besides its reply (key, counts, field names, pretty-printing).
const EXCHANGE_OVERHEAD: usize = 200;

impl LlmRun {
    pub fn new(exp: &Experiment, limits: CallLimits) -> Result<Self, ConfigError> {
        limits
            .validate()
            .map_err(|m| ConfigError::new("limits", m))?;
        Ok(LlmRun {
            runner: {
                // Validate all of it, then replay only the part that asks the model.
                exp.validate()?;
                Runner::new(&exp.llm_only())?
            },
            exp: exp.clone(),
            limits,
            in_flight: Vec::new(),
            stopped: None,
            base_bytes: std::cell::OnceCell::new(),
        })
    }

    /// Replay what is recorded and say what to do next.
    pub fn poll(&mut self) -> Poll {
        if let Some(m) = &self.stopped {
            return if self.in_flight.is_empty() {
                Poll::Stopped(m.clone())
            } else {
                Poll::Waiting
            };
        }
        self.runner.step(usize::MAX);
        if self.runner.is_complete() {
            return Poll::Complete;
        }
        match self.runner.stopped() {
            Some(UnitEnd::Mismatch(m)) => {
                self.stopped = Some(m.clone());
                return self.poll();
            }
            Some(UnitEnd::Pending) => {}
            _ => {
                // Not complete, not waiting: cannot happen; say so rather than loop.
                self.stopped = Some(stop_message(&UnitEnd::Done));
                return self.poll();
            }
        }
        // A recording must stay loadable: stop before the experiment outgrows what links and
        // files may hold (each call adds at most a reply and its bookkeeping).
        let room_left = MAX_JSON_BYTES.saturating_sub(self.json_estimate());
        if room_left < (self.in_flight.len() + 1) * (MAX_REPLY_BYTES + EXCHANGE_OVERHEAD) {
            if self.in_flight.is_empty() {
                self.stopped = Some(format!(
                    "The recorded replies are close to the largest experiment Agora reads ({} KiB): a longer recording could not be opened again. Use fewer rounds or repetitions, or shorter replies (tokens per reply).",
                    MAX_JSON_BYTES / 1024
                ));
                return self.poll();
            }
            return Poll::Waiting;
        }
        let used = self.usage();
        let in_flight = self.in_flight.len() as u64;
        let budget_calls = self
            .limits
            .max_calls
            .map_or(u64::MAX, |m| m.saturating_sub(used.calls + in_flight));
        if let Err(m) = self.limits.check_budget(&Usage {
            calls: used.calls + in_flight,
            ..used
        }) {
            if self.in_flight.is_empty() {
                self.stopped = Some(m);
                return self.poll();
            }
            return Poll::Waiting;
        }
        let room = (self.limits.concurrency.saturating_sub(self.in_flight.len()) as u64)
            .min(budget_calls) as usize;
        if room == 0 {
            return Poll::Waiting;
        }
        let want = self.limits.concurrency + self.in_flight.len();
        let fresh: Vec<PendingCall> = self
            .runner
            .pending_calls(want)
            .into_iter()
            .filter(|c| {
                !self
                    .in_flight
                    .iter()
                    .any(|f| f.unit == c.unit && f.index == c.index)
            })
            .take(room)
            .collect();
        if fresh.is_empty() {
            if self.in_flight.is_empty() {
                // Nothing to wait for and nothing to ask: say so instead of waiting forever.
                self.stopped = Some(
                    "The run waits for a reply but no request could be found for it. This is a bug in Agora; the replies so far are kept.".into(),
                );
                return self.poll();
            }
            return Poll::Waiting;
        }
        self.in_flight.extend(fresh.iter().cloned());
        Poll::Calls(fresh)
    }

    fn take_in_flight(&mut self, call: &PendingCall) {
        self.in_flight
            .retain(|f| !(f.unit == call.unit && f.index == call.index));
    }

    /// The reply to a call. Replies arriving after a stop are still recorded: nothing the
    /// model answered is lost.
    pub fn on_reply(&mut self, call: &PendingCall, exchange: Exchange) {
        self.take_in_flight(call);
        self.runner.record(call, exchange);
    }

    /// A call failed for good: stop starting calls (the ones in flight finish), with `message`.
    pub fn fail(&mut self, call: &PendingCall, message: String) {
        self.take_in_flight(call);
        if self.stopped.is_none() {
            self.stopped = Some(message);
        }
    }

    /// Stop starting calls (the user cancelled).
    pub fn cancel(&mut self) {
        if self.stopped.is_none() {
            self.stopped =
                Some("Stopped. The replies so far are kept: resume to ask for the rest.".into());
        }
    }

    /// An upper bound of the experiment's JSON size with the replies so far: the config
    /// without the transcript, plus each reply and its bookkeeping.
    fn json_estimate(&self) -> usize {
        let base = *self.base_bytes.get_or_init(|| {
            let mut e = self.exp.clone();
            e.set_transcript(Default::default());
            e.to_json_pretty().len()
        });
        let replies: usize = self
            .runner
            .oracle()
            .map(|o| {
                o.borrow()
                    .transcript()
                    .units
                    .values()
                    .flatten()
                    // JSON escaping can double a reply's length.
                    .map(|e| 2 * e.reply.len() + EXCHANGE_OVERHEAD)
                    .sum()
            })
            .unwrap_or(0);
        base + replies
    }

    /// Calls and tokens recorded so far, cached replies not counted.
    pub fn usage(&self) -> Usage {
        let mut u = Usage::default();
        if let Some(o) = self.runner.oracle() {
            for e in o.borrow().transcript().units.values().flatten() {
                if !e.cached {
                    u.add(e);
                }
            }
        }
        u
    }

    /// Estimated cost so far at the user's prices.
    pub fn cost(&self) -> f64 {
        self.limits.cost(&self.usage())
    }

    pub fn limits(&self) -> &CallLimits {
        &self.limits
    }

    /// Calls in flight.
    pub fn in_flight(&self) -> usize {
        self.in_flight.len()
    }

    /// Units done and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.runner.done(), self.runner.total())
    }

    /// Results of the units completed so far, of the part of the experiment that asks the
    /// model ([`Experiment::llm_only`]: in the meta-RL lab, the LLM players alone).
    pub fn results(&self) -> Results {
        self.runner.results()
    }

    /// The experiment with every reply recorded so far.
    pub fn experiment(&self) -> Experiment {
        let mut e = self.exp.clone();
        e.set_transcript(self.runner.transcript());
        e
    }
}

//! What the LLM run tests share: recording an experiment's transcript through [`LlmRun`] with
//! replies written by hand.

// Each test file uses a part of it.
#![allow(dead_code)]

use agora_engine::experiment::{Experiment, Results};
use agora_engine::llm::{CallLimits, Exchange, LlmRun, PendingCall, Poll};
use agora_engine::tax::TaxResults;

/// A finished recording.
pub struct Recorded {
    /// The experiment with every reply.
    pub experiment: Experiment,
    /// The largest batch of calls started at once.
    pub widest: usize,
    /// Units done and in all, of what asking replayed.
    pub progress: (usize, usize),
}

/// Runs `exp` to completion through [`LlmRun`], answering each call with `answer` (see
/// [`exchange`]), `concurrency` calls at once.
pub fn record(
    exp: &Experiment,
    concurrency: usize,
    answer: impl Fn(&PendingCall) -> String,
) -> Recorded {
    let limits = CallLimits {
        concurrency,
        ..Default::default()
    };
    let mut run = LlmRun::new(exp, limits).unwrap();
    let mut widest = 0;
    loop {
        match run.poll() {
            Poll::Complete => {
                return Recorded {
                    experiment: run.experiment(),
                    widest,
                    progress: run.progress(),
                }
            }
            Poll::Calls(calls) => {
                widest = widest.max(calls.len());
                for c in calls {
                    let e = exchange(&c, answer(&c));
                    run.on_reply(&c, e);
                }
            }
            other => panic!("{other:?}"),
        }
    }
}

/// The exchange of `reply` to `call`: 10 tokens in, 2 out, 5 ms.
pub fn exchange(call: &PendingCall, reply: String) -> Exchange {
    Exchange {
        key: call.key.clone(),
        reply,
        tokens_in: 10,
        tokens_out: 2,
        latency_ms: 5,
        cached: false,
    }
}

/// The tax lab's results of a run.
pub fn tax(r: &Results) -> &TaxResults {
    match r {
        Results::Tax(t) => t,
        _ => panic!("tax results"),
    }
}

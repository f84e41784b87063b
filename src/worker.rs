//! The simulation worker: runs an experiment of any lab off the main thread, in chunks, and
//! streams progress back, so the page never freezes.
//!
//! Protocol: JSON strings over `postMessage`, one [`ToWorker`] or [`FromWorker`] per message,
//! tagged by `"type"`. After start-up the worker sends [`FromWorker::Ready`]; the page queues
//! its messages until then (messages that arrive before the worker's handler exists are lost).
//!
//! The worker advances [`Runner::step`] one unit at a time (a repetition of a bandit
//! experiment, a match of a tournament) until a chunk of about
//! `chunk_ms` milliseconds is used up (`performance.now()`), then yields to its event loop with
//! `setTimeout(delay_ms)` so `Pause`, `Step` and `Speed` messages get through. Partial results
//! go out at most every [`PROGRESS_EVERY_MS`], less often when they are large (see
//! [`progress_interval_ms`]), and after every chunk when the run is slowed down for watching. Results do not depend on the chunking: the runner accumulates in
//! unit order. Cancelling is `Worker.terminate()` on the page side.
//!
//! The digest is `Results::digest()`, the same function the CLI uses, so a
//! run in the browser and `agora run` on the same experiment print the same digest.

use agora_engine::experiment::{stop_message, Experiment, Runner};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Partial results are posted at most this often while running at full speed (ms).
pub const PROGRESS_EVERY_MS: f64 = 150.0;

/// The pause between two progress messages whose last one was `json_bytes` long: at least
/// [`PROGRESS_EVERY_MS`], plus 1 ms per 20 kB, so the page spends a bounded share of its time
/// parsing partial results (an experiment with 100,000 repetitions carries every final regret).
pub fn progress_interval_ms(json_bytes: usize) -> f64 {
    PROGRESS_EVERY_MS + json_bytes as f64 / 20_000.0
}

/// Most units run between two looks at the clock.
const MAX_BATCH: usize = 1 << 14;

/// A message from the page to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ToWorker {
    /// Run `experiment_json` (an [`Experiment`] as `Experiment::to_json` writes it) from the
    /// start, replacing any run in progress.
    Start {
        experiment_json: String,
        /// Length of one chunk of work between yields, in ms (0: one repetition per chunk).
        chunk_ms: f64,
        /// Pause between chunks, in ms (0 for full speed; larger to watch curves grow).
        #[serde(default)]
        delay_ms: f64,
        /// Start paused (the page sends `Step` for each repetition).
        #[serde(default)]
        paused: bool,
    },
    /// Stop after the current chunk; partial results are posted.
    Pause,
    /// Continue a paused run.
    Resume,
    /// Run one more repetition while paused.
    Step,
    /// Change the speed of the run in progress.
    Speed { chunk_ms: f64, delay_ms: f64 },
}

/// A message from the worker to the page.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum FromWorker {
    /// The worker is listening.
    Ready,
    /// `done` of `total` units have run; `results_json` is the partial results of the lab
    /// (`BanditResults`, `GamesResults`), without the `lab` tag.
    Progress {
        done: usize,
        total: usize,
        results_json: String,
    },
    /// Finished. `elapsed_ms` is the time spent simulating (pauses and slow-down delays
    /// excluded); `work` counts what was simulated in `unit`s ("pulls": horizon x repetitions
    /// x policies; "turns": turns of all matches).
    Done {
        results_json: String,
        digest: String,
        elapsed_ms: f64,
        work: u64,
        unit: String,
    },
    /// The experiment could not be run; `message` says why in plain words.
    Failed { message: String },
}

impl ToWorker {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl FromWorker {
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The work in progress inside the worker.
struct Job {
    runner: Runner,
    total: usize,
    /// Units per batch in [`Job::run_chunk`], kept from one chunk to the next.
    batch: usize,
    chunk_ms: f64,
    delay_ms: f64,
    paused: bool,
    /// Identifies this job; a pump loop of an older job stops when it sees a newer one.
    generation: u64,
    /// True while a pump loop is scheduled for this job.
    pumping: bool,
    /// Time spent inside `Runner::step`, in ms.
    elapsed_ms: f64,
    last_progress: f64,
    /// Size of the last progress message.
    last_progress_bytes: usize,
    finished: bool,
}

thread_local! {
    static JOB: RefCell<Option<Job>> = const { RefCell::new(None) };
    static GENERATION: RefCell<u64> = const { RefCell::new(0) };
}

fn scope() -> web_sys::DedicatedWorkerGlobalScope {
    js_sys::global().unchecked_into()
}

fn now_ms() -> f64 {
    thread_local! {
        static PERFORMANCE: Option<web_sys::Performance> = {
            let global: web_sys::WorkerGlobalScope = js_sys::global().unchecked_into();
            global.performance()
        };
    }
    PERFORMANCE.with(|p| match p {
        Some(p) => p.now(),
        None => js_sys::Date::now(),
    })
}

fn post(msg: &FromWorker) {
    // postMessage of a string cannot fail to clone; ignore the impossible error.
    let _ = scope().post_message(&JsValue::from_str(&msg.to_json()));
}

/// What one chunk of work ended with.
enum Chunk {
    /// More to do: wait this many ms, then continue.
    More(f64),
    /// Paused, finished or replaced: the loop ends.
    Stop,
}

impl Job {
    fn results_json(&self) -> String {
        lab_results_json(&self.runner)
    }

    fn progress(&mut self) {
        self.last_progress = now_ms();
        let results_json = self.results_json();
        self.last_progress_bytes = results_json.len();
        post(&FromWorker::Progress {
            done: self.runner.done(),
            total: self.total,
            results_json,
        });
    }

    /// Run units until about `budget_ms` has passed (at least one), then report. Units are
    /// run in batches that double while a batch takes under a millisecond (a match of a
    /// tournament takes microseconds; reading the clock after each would cost as much).
    fn run_chunk(&mut self, budget_ms: f64) {
        let t0 = now_ms();
        let mut batch = if budget_ms <= 0.0 { 1 } else { self.batch };
        loop {
            let b0 = now_ms();
            self.runner.step(batch);
            let now = now_ms();
            if self.runner.is_complete() || self.runner.stopped().is_some() || now - t0 >= budget_ms
            {
                break;
            }
            if now - b0 < 1.0 {
                batch = (batch * 2).min(MAX_BATCH);
            } else if batch > 1 && now - b0 > 4.0 {
                batch /= 2;
            }
        }
        if budget_ms > 0.0 {
            self.batch = batch;
        }
        self.elapsed_ms += now_ms() - t0;
        if let Some(end) = self.runner.stopped() {
            // An LLM agent has no recorded reply here (or the transcript does not match):
            // show what was completed, then say why the run cannot go on.
            let message = stop_message(end);
            self.progress();
            self.finished = true;
            post(&FromWorker::Failed { message });
        } else if self.runner.is_complete() {
            self.finish();
        } else if self.delay_ms >= 50.0
            || now_ms() - self.last_progress >= progress_interval_ms(self.last_progress_bytes)
        {
            self.progress();
        }
    }

    fn finish(&mut self) {
        self.finished = true;
        let results_json = lab_results_json(&self.runner);
        let digest = self.runner.results().digest();
        post(&FromWorker::Done {
            results_json,
            digest,
            elapsed_ms: self.elapsed_ms,
            work: self.runner.work_done(),
            unit: self.runner.work_unit().into(),
        });
    }
}

fn start(experiment_json: &str, chunk_ms: f64, delay_ms: f64, paused: bool) {
    let experiment = match Experiment::from_json(experiment_json) {
        Ok(e) => e,
        Err(e) => {
            post(&FromWorker::Failed {
                message: e.to_string(),
            });
            return;
        }
    };
    let runner = match Runner::new(&experiment) {
        Ok(r) => r,
        Err(e) => {
            post(&FromWorker::Failed {
                message: format!("The experiment is not valid: {e}"),
            });
            return;
        }
    };
    let generation = GENERATION.with(|g| {
        *g.borrow_mut() += 1;
        *g.borrow()
    });
    let job = Job {
        total: runner.total(),
        batch: 1,
        runner,
        chunk_ms: sanitize_ms(chunk_ms),
        delay_ms: sanitize_ms(delay_ms),
        paused,
        generation,
        pumping: false,
        elapsed_ms: 0.0,
        // The first chunk always reports, so curves appear at once.
        last_progress: f64::NEG_INFINITY,
        last_progress_bytes: 0,
        finished: false,
    };
    JOB.with(|j| *j.borrow_mut() = Some(job));
    if !paused {
        pump();
    }
}

/// The lab's results as JSON without the `lab` tag (what the lab pages parse).
fn lab_results_json(runner: &Runner) -> String {
    match runner {
        Runner::Bandits(r) => serde_json::to_string(&r.results()),
        Runner::Games(r) => serde_json::to_string(&r.results()),
    }
    .unwrap_or_default()
}

/// Clamp a time from the page to something sensible (0 ms .. 10 s).
fn sanitize_ms(ms: f64) -> f64 {
    if ms.is_finite() {
        ms.clamp(0.0, 10_000.0)
    } else {
        0.0
    }
}

/// Make sure a loop is running the current job.
fn pump() {
    let generation = JOB.with(|j| {
        let mut j = j.borrow_mut();
        match j.as_mut() {
            Some(job) if !job.pumping && !job.paused && !job.finished => {
                job.pumping = true;
                Some(job.generation)
            }
            _ => None,
        }
    });
    if let Some(generation) = generation {
        wasm_bindgen_futures::spawn_local(pump_loop(generation));
    }
}

async fn pump_loop(generation: u64) {
    loop {
        let next = JOB.with(|j| {
            let mut j = j.borrow_mut();
            let Some(job) = j.as_mut() else {
                return Chunk::Stop;
            };
            if job.generation != generation {
                return Chunk::Stop;
            }
            if job.paused || job.finished {
                job.pumping = false;
                return Chunk::Stop;
            }
            let budget = job.chunk_ms;
            job.run_chunk(budget);
            if job.finished {
                job.pumping = false;
                Chunk::Stop
            } else {
                Chunk::More(job.delay_ms)
            }
        });
        match next {
            Chunk::Stop => return,
            // A macrotask, not a resolved promise: lets queued messages in.
            Chunk::More(delay) => gloo::timers::future::TimeoutFuture::new(delay as u32).await,
        }
    }
}

fn handle(msg: ToWorker) {
    match msg {
        ToWorker::Start {
            experiment_json,
            chunk_ms,
            delay_ms,
            paused,
        } => start(&experiment_json, chunk_ms, delay_ms, paused),
        ToWorker::Pause => JOB.with(|j| {
            if let Some(job) = j.borrow_mut().as_mut() {
                if !job.finished && !job.paused {
                    job.paused = true;
                    job.progress();
                }
            }
        }),
        ToWorker::Resume => {
            JOB.with(|j| {
                if let Some(job) = j.borrow_mut().as_mut() {
                    job.paused = false;
                }
            });
            pump();
        }
        ToWorker::Step => JOB.with(|j| {
            if let Some(job) = j.borrow_mut().as_mut() {
                if job.paused && !job.finished {
                    job.run_chunk(0.0);
                    if !job.finished {
                        job.progress();
                    }
                }
            }
        }),
        ToWorker::Speed { chunk_ms, delay_ms } => JOB.with(|j| {
            if let Some(job) = j.borrow_mut().as_mut() {
                job.chunk_ms = sanitize_ms(chunk_ms);
                job.delay_ms = sanitize_ms(delay_ms);
            }
        }),
    }
}

/// Entry point of the worker (called by `src/bin/agora-worker.rs`): installs the message
/// handler and announces that the worker is ready.
pub fn run_worker() {
    std::panic::set_hook(Box::new(|info| {
        post(&FromWorker::Failed {
            message: format!(
                "The simulation stopped unexpectedly ({info}). Please report this with the share link."
            ),
        });
    }));
    let on_message =
        Closure::<dyn FnMut(web_sys::MessageEvent)>::new(|ev: web_sys::MessageEvent| {
            let Some(text) = ev.data().as_string() else {
                post(&FromWorker::Failed {
                    message: "The worker received a message it does not understand.".into(),
                });
                return;
            };
            match serde_json::from_str::<ToWorker>(&text) {
                Ok(msg) => handle(msg),
                Err(e) => post(&FromWorker::Failed {
                    message: format!("The worker received a message it does not understand ({e})."),
                }),
            }
        });
    scope().set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    // The handler lives as long as the worker.
    on_message.forget();
    post(&FromWorker::Ready);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip_as_tagged_json() {
        let msgs = vec![
            ToWorker::Start {
                experiment_json: "{\"format\":1}".into(),
                chunk_ms: 50.0,
                delay_ms: 0.0,
                paused: false,
            },
            ToWorker::Pause,
            ToWorker::Resume,
            ToWorker::Step,
            ToWorker::Speed {
                chunk_ms: 5.0,
                delay_ms: 200.0,
            },
        ];
        for m in msgs {
            assert_eq!(serde_json::from_str::<ToWorker>(&m.to_json()).unwrap(), m);
        }
        assert_eq!(ToWorker::Pause.to_json(), r#"{"type":"Pause"}"#);
        let done = FromWorker::Done {
            results_json: "{}".into(),
            digest: "0123456789abcdef".into(),
            elapsed_ms: 12.5,
            work: 4_000_000,
            unit: "pulls".into(),
        };
        assert_eq!(
            serde_json::from_str::<FromWorker>(&done.to_json()).unwrap(),
            done
        );
    }

    #[test]
    fn start_without_optional_fields_is_accepted() {
        let m: ToWorker =
            serde_json::from_str(r#"{"type":"Start","experiment_json":"{}","chunk_ms":20}"#)
                .unwrap();
        assert_eq!(
            m,
            ToWorker::Start {
                experiment_json: "{}".into(),
                chunk_ms: 20.0,
                delay_ms: 0.0,
                paused: false
            }
        );
    }

    #[test]
    fn bandit_work_is_every_pull() {
        let exp = agora_engine::bandits::presets::classic();
        let mut runner = Runner::new(&Experiment::Bandits(exp.clone())).unwrap();
        assert_eq!(runner.work_unit(), "pulls");
        runner.step(usize::MAX);
        assert_eq!(runner.work_done(), exp.total_pulls());
    }

    #[test]
    fn large_partial_results_are_sent_less_often() {
        assert_eq!(progress_interval_ms(0), PROGRESS_EVERY_MS);
        assert_eq!(progress_interval_ms(2_000_000), PROGRESS_EVERY_MS + 100.0);
    }

    #[test]
    fn times_from_the_page_are_clamped() {
        assert_eq!(sanitize_ms(f64::NAN), 0.0);
        assert_eq!(sanitize_ms(-3.0), 0.0);
        assert_eq!(sanitize_ms(1e9), 10_000.0);
        assert_eq!(sanitize_ms(42.0), 42.0);
    }
}

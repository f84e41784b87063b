//! A lab page's run: the worker that computes it, the run bar's state, progress, and the digest
//! and statistics of a finished run. Every lab page keeps one [`RunSession`] and forwards the
//! run bar's buttons and the worker's messages to it; the page itself only parses and shows
//! results.
//!
//! A new worker is started for each run that replaces a running one (cancel terminates it);
//! each worker gets a generation number, and messages of older generations are ignored.

use crate::storage::Speed;
use crate::widgets::runbar::RunState;
use crate::widgets::share::RunStats;
use crate::worker::{FromWorker, ToWorker};
use crate::worker_client::WorkerHandle;
use yew::Callback;

/// Workers a run uses for the `workers` setting: that many (at most
/// [`crate::worker::MAX_WORKERS`]), or for 0 ("automatic") one per core the browser reports
/// (`navigator.hardwareConcurrency`), at most 8.
pub fn pool_size(workers: usize) -> usize {
    let n = if workers == 0 {
        let cores = web_sys::window()
            .map(|w| w.navigator().hardware_concurrency())
            .filter(|c| c.is_finite() && *c >= 1.0)
            .unwrap_or(1.0);
        (cores as usize).min(8)
    } else {
        workers
    };
    n.clamp(1, crate::worker::MAX_WORKERS)
}

/// What a worker message means for the page.
#[derive(Debug, PartialEq)]
pub enum Update {
    /// Nothing to show (a message of an old worker, or the worker saying it is ready).
    Ignore,
    /// The run's state changed (finished, failed): render.
    Render,
    /// New (partial or final) results, as the worker's JSON: parse and render.
    Results(String),
}

/// The state of a lab page's run.
#[derive(Default)]
pub struct RunSession {
    pub run: RunState,
    /// Units of work done and in all (repetitions, matches, ...).
    pub done: usize,
    pub total: usize,
    /// The digest and statistics of a finished run.
    pub digest: Option<String>,
    pub stats: Option<RunStats>,
    worker: Option<WorkerHandle>,
    generation: u64,
}

impl RunSession {
    /// A session with no run yet, whose run bar shows `total` units.
    pub fn new(total: usize) -> Self {
        RunSession {
            total,
            ..RunSession::default()
        }
    }

    fn send(&self, msg: &ToWorker) {
        if let Some(w) = &self.worker {
            w.send(msg);
        }
    }

    /// True for messages of the current worker.
    pub fn is_current(&self, generation: u64) -> bool {
        generation == self.generation
    }

    /// Forget the results of the last run (the run bar shows `total` units).
    pub fn clear(&mut self, total: usize) {
        self.digest = None;
        self.stats = None;
        self.done = 0;
        self.total = total;
    }

    /// Start a fresh run of `experiment_json` (`paused`: run one unit, then wait). `callback`
    /// makes the page's handler of the new worker's messages from its generation number.
    pub fn start(
        &mut self,
        callback: impl FnOnce(u64) -> Callback<FromWorker>,
        experiment_json: String,
        total: usize,
        speed: Speed,
        paused: bool,
    ) {
        if self.run.active() {
            // A new run replaces the old one; its worker is discarded.
            self.worker = None;
        }
        if self.worker.is_none() {
            self.generation += 1;
            match WorkerHandle::spawn(callback(self.generation)) {
                Ok(w) => self.worker = Some(w),
                Err(e) => {
                    self.run = RunState::Failed(e);
                    return;
                }
            }
        }
        self.clear(total);
        let (chunk_ms, delay_ms) = speed.timing();
        self.send(&ToWorker::Start {
            experiment_json,
            chunk_ms,
            delay_ms,
            paused,
            workers: pool_size(crate::storage::load_settings().workers),
        });
        if paused {
            self.send(&ToWorker::Step);
            self.run = RunState::Paused;
        } else {
            self.run = RunState::Running;
        }
    }

    pub fn pause(&mut self) {
        if self.run == RunState::Running {
            self.send(&ToWorker::Pause);
            self.run = RunState::Paused;
        }
    }

    pub fn resume(&mut self, speed: Speed) {
        if self.run == RunState::Paused {
            self.set_speed(speed);
            self.send(&ToWorker::Resume);
            self.run = RunState::Running;
        }
    }

    /// One more unit of a paused run; false when no run is paused (the page then starts a
    /// new run paused, unless one is running).
    pub fn step(&mut self) -> bool {
        if self.run == RunState::Paused {
            self.send(&ToWorker::Step);
            true
        } else {
            false
        }
    }

    /// Stop the run; the partial results stay.
    pub fn cancel(&mut self) {
        if self.run.active() {
            self.worker = None;
            self.run = RunState::Cancelled;
        }
    }

    /// Stop any run and forget its results.
    pub fn reset(&mut self, total: usize) {
        self.worker = None;
        self.run = RunState::Idle;
        self.clear(total);
    }

    /// Tell a running worker the new speed.
    pub fn set_speed(&self, speed: Speed) {
        if self.run.active() {
            let (chunk_ms, delay_ms) = speed.timing();
            self.send(&ToWorker::Speed { chunk_ms, delay_ms });
        }
    }

    /// Show results finished elsewhere (a pre-trained file): all `total` units done, with
    /// their digest, as if the run had just ended (no timing: nothing ran here).
    pub fn show_finished(&mut self, digest: String, total: usize) {
        self.worker = None;
        self.clear(total);
        self.done = total;
        self.digest = Some(digest);
        self.run = RunState::Done;
    }

    /// The results could not be used: stop with `message`.
    pub fn fail(&mut self, message: String) {
        self.worker = None;
        self.run = RunState::Failed(message);
    }

    /// A message of the worker of generation `generation`.
    pub fn on_message(&mut self, generation: u64, m: FromWorker) -> Update {
        if !self.is_current(generation) {
            return Update::Ignore;
        }
        match m {
            FromWorker::Ready => Update::Ignore,
            FromWorker::Progress {
                done,
                total,
                results_json,
            } => {
                if !self.run.active() {
                    return Update::Ignore;
                }
                self.done = done;
                self.total = total;
                Update::Results(results_json)
            }
            FromWorker::Done {
                results_json,
                digest,
                elapsed_ms,
                work,
                unit,
                workers,
                shared,
                memory_bytes,
            } => {
                self.done = self.total;
                self.digest = Some(digest);
                self.stats = Some(RunStats {
                    elapsed_ms,
                    work,
                    unit,
                    workers,
                    shared,
                    memory_bytes,
                });
                self.run = RunState::Done;
                Update::Results(results_json)
            }
            FromWorker::Failed { message } => {
                self.fail(message);
                Update::Render
            }
            // Only helpers of a pool send outcomes and reports, and only to their coordinator.
            FromWorker::Computed { .. } | FromWorker::Sliced { .. } => Update::Ignore,
        }
    }
}

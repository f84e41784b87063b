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
//!
//! # A pool of workers
//!
//! With `workers` > 1 in [`ToWorker::Start`] and independent units to share (repetitions,
//! the matches of a tournament: [`Runner::independent_until`]), this worker becomes the
//! coordinator of a pool: it starts `workers - 1` helpers (the same program, nested Web
//! Workers, which end with it when the page cancels) and sends each [`ToWorker::Prepare`].
//! The coordinator computes blocks of units itself from the start, chunk by chunk as alone;
//! each helper, once it says it is ready, gets blocks too ([`ToWorker::Compute`], two at a
//! time so it never waits; blocks grow while they take under 20 ms and shrink past 80 ms) and
//! answers [`FromWorker::Computed`] with the units' outcomes as JSON (which keeps every float's
//! bits). The coordinator commits every block in unit order ([`InOrder`]), posts progress as
//! before, and runs what is left after the independent units (the dynamics after a
//! tournament) itself. A run shorter than a helper's start-up is over before any helper is
//! ready. Helpers idle at the end of a run stay started for the page's next run, which only
//! sends them its experiment. Results, and so the digest, are those of one worker alone (see
//! [`agora_engine::parallel`]). A helper that fails gives its blocks back.

use crate::worker_client::WorkerHandle;
use agora_engine::experiment::{stop_message, Experiment, Outcomes, Runner};
use agora_engine::lab::Sliced;
use agora_engine::parallel::{block_size, InOrder};
use serde::{Deserialize, Serialize};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
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

/// Most workers in a pool (the page caps what it asks for too).
pub const MAX_WORKERS: usize = 16;

/// Blocks in flight per helper of a pool, so a helper never waits for its next block.
const BLOCKS_IN_FLIGHT: usize = 2;

fn default_workers() -> usize {
    1
}

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
        /// Workers to run on (1: this one alone; more: a pool of helpers).
        #[serde(default = "default_workers")]
        workers: usize,
    },
    /// (To a helper of a pool.) Prepare to compute units of `experiment_json`.
    Prepare { experiment_json: String },
    /// (To a helper of a pool.) Compute units `from..to` and send their outcomes.
    Compute { from: usize, to: usize },
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
        /// Web Workers that computed the run (this one alone: 1).
        #[serde(default = "default_workers")]
        workers: usize,
        /// Units computed by the pool's helpers (the rest by this worker).
        #[serde(default)]
        shared: usize,
        /// The size of this worker's WebAssembly memory at the end: the most it used (a wasm
        /// memory grows and never shrinks), in bytes.
        #[serde(default)]
        memory_bytes: u64,
    },
    /// The experiment could not be run; `message` says why in plain words.
    Failed { message: String },
    /// (From a helper of a pool, for a lab whose units are computed in slices.) Unit `from`
    /// part way through, as [`Runner::slice_progress`] writes it, so the page can show it.
    Sliced { from: usize, progress_json: String },
    /// (From a helper of a pool.) The outcomes of units `from..` as JSON
    /// ([`agora_engine::experiment::Outcomes`]), computed in `ms` milliseconds.
    Computed {
        from: usize,
        outcomes_json: String,
        ms: f64,
    },
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
    /// Time spent inside `Runner::step`, in ms (with a pool: the time it ran).
    elapsed_ms: f64,
    /// Workers of this run's pool, this one included (1 without a pool).
    workers: usize,
    /// Units the helpers computed.
    shared: usize,
    last_progress: f64,
    /// Size of the last progress message.
    last_progress_bytes: usize,
    finished: bool,
    /// The helpers computing independent units, while there are any to share.
    pool: Option<Pool>,
    /// (With a pool, for a lab whose units are computed in slices.) The unit this worker is
    /// part way through.
    held: Option<usize>,
}

/// The helpers of a pool and the blocks they compute.
struct Pool {
    /// By the index their messages carry; `None` once a helper failed.
    helpers: Vec<Option<Helper>>,
    order: InOrder,
    /// Units per block, adapted to the time a block takes.
    size: usize,
    max_size: usize,
    /// When the pool last started running (not paused), for the elapsed time.
    since: Option<f64>,
}

struct Helper {
    handle: WorkerHandle,
    /// The job generation and index its messages are for (changed when it is reused).
    route: Rc<Cell<(u64, usize)>>,
    /// True once it said it is ready (blocks go only to ready helpers).
    ready: bool,
    /// Blocks sent and not answered, `(from, to)`.
    busy: Vec<(usize, usize)>,
}

thread_local! {
    static JOB: RefCell<Option<Job>> = const { RefCell::new(None) };
    static GENERATION: RefCell<u64> = const { RefCell::new(0) };
    /// A helper's runner (set by `Prepare`).
    static HELPER: RefCell<Option<Runner>> = const { RefCell::new(None) };
    /// (In a coordinator.) Helpers of finished runs, started and idle, for the next run.
    static IDLE: RefCell<Vec<Helper>> = const { RefCell::new(Vec::new()) };
    /// (In a helper, for units computed in slices.) The blocks to compute, in order, and
    /// whether the loop computing them runs and is paused.
    static SLICED: RefCell<SlicedWork> = RefCell::new(SlicedWork::default());
}

/// A helper's queue of long units, computed a slice at a time (see [`sliced_loop`]).
#[derive(Default)]
struct SlicedWork {
    queue: std::collections::VecDeque<usize>,
    running: bool,
    paused: bool,
}

/// How long a helper computes slices before it lets messages in and reports (ms).
const HELPER_SLICE_BUDGET_MS: f64 = 100.0;

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
        self.runner.results().lab_json()
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
        if self.pool.is_some() {
            return self.run_pool_chunk(budget_ms);
        }
        let t0 = now_ms();
        let mut batch = if budget_ms <= 0.0 { 1 } else { self.batch };
        loop {
            let b0 = now_ms();
            self.runner.step_sliced(batch);
            let now = now_ms();
            if self.runner.is_complete() || self.runner.stopped().is_some() || now - t0 >= budget_ms
            {
                break;
            }
            batch = next_batch(batch, now - b0);
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
        } else if self.progress_due() {
            self.progress();
        }
    }

    /// Partial results are due: a step of a paused run (always shows its unit), a run slowed
    /// down to watch, or the interval since the last ones has passed.
    fn progress_due(&self) -> bool {
        self.paused
            || self.delay_ms >= 50.0
            || now_ms() - self.last_progress >= progress_interval_ms(self.last_progress_bytes)
    }

    fn finish(&mut self) {
        self.finished = true;
        let results_json = self.results_json();
        let digest = self.runner.results().digest();
        post(&FromWorker::Done {
            results_json,
            digest,
            elapsed_ms: self.elapsed_ms,
            work: self.runner.work_done(),
            unit: self.runner.work_unit().into(),
            workers: self.workers,
            shared: self.shared,
            memory_bytes: memory_bytes(),
        });
    }
}

/// The size of this module's linear memory, in bytes (0 outside WebAssembly).
fn memory_bytes() -> u64 {
    #[cfg(target_arch = "wasm32")]
    {
        core::arch::wasm32::memory_size(0) as u64 * 65_536
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        0
    }
}

fn start(experiment_json: &str, chunk_ms: f64, delay_ms: f64, paused: bool, workers: usize) {
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
        pool: None,
        held: None,
        workers: 1,
        shared: 0,
    };
    // The pool of a run this one replaces: its idle helpers serve the new run.
    if let Some(pool) = JOB.with(|j| j.borrow_mut().as_mut().and_then(|old| old.pool.take())) {
        pool.retire();
    }
    let pool = Pool::start(
        &job.runner,
        experiment_json,
        workers.min(MAX_WORKERS),
        generation,
    );
    JOB.with(|j| {
        let mut j = j.borrow_mut();
        *j = Some(job);
        if let Some(job) = j.as_mut() {
            job.workers = pool.as_ref().map_or(1, |p| p.helpers.len() + 1);
            job.pool = pool;
            // Helpers kept from an earlier run are ready now (new ones say so when they are).
            job.feed();
        }
    });
    if !paused {
        pump();
    }
}

impl Pool {
    /// A pool of `workers - 1` helpers (the coordinator is the other worker) for `runner`'s
    /// independent units, if it has at least two to share and the helpers start.
    fn start(
        runner: &Runner,
        experiment_json: &str,
        workers: usize,
        generation: u64,
    ) -> Option<Pool> {
        let independent = runner.independent_until().saturating_sub(runner.done());
        let n = workers.min(independent);
        if n < 2 {
            return None;
        }
        let mut helpers = Vec::with_capacity(n - 1);
        for index in 0..n - 1 {
            let prepare = ToWorker::Prepare {
                experiment_json: experiment_json.to_string(),
            };
            // A helper of an earlier run is ready at once: it only needs the new experiment.
            if let Some(h) = IDLE.with(|idle| idle.borrow_mut().pop()) {
                h.route.set((generation, index));
                h.handle.send(&prepare);
                helpers.push(Some(h));
                continue;
            }
            let route = Rc::new(Cell::new((generation, index)));
            let on_message = {
                let route = route.clone();
                yew::Callback::from(move |m: FromWorker| {
                    let (generation, index) = route.get();
                    on_helper_message(generation, index, m)
                })
            };
            match WorkerHandle::spawn(on_message) {
                Ok(handle) => {
                    handle.send(&prepare);
                    helpers.push(Some(Helper {
                        handle,
                        route,
                        ready: false,
                        busy: Vec::new(),
                    }));
                }
                // Nested workers unavailable: the coordinator runs alone.
                Err(_) => return None,
            }
        }
        Some(Pool {
            helpers,
            order: InOrder::new(runner),
            size: 1,
            // Units computed in slices go out one at a time.
            max_size: if runner.sliced() {
                1
            } else {
                block_size(independent, n)
            },
            since: None,
        })
    }

    fn in_flight(&self) -> bool {
        self.helpers.iter().flatten().any(|h| !h.busy.is_empty())
    }

    /// Keep the started helpers with nothing in flight for the next run (their messages are
    /// routed nowhere until then); the others end.
    fn retire(self) {
        let (keep, end): (Vec<Helper>, Vec<Helper>) = self
            .helpers
            .into_iter()
            .flatten()
            .partition(|h| h.ready && h.busy.is_empty());
        IDLE.with(|idle| {
            let mut idle = idle.borrow_mut();
            for h in keep {
                h.route.set((0, usize::MAX));
                if idle.len() < MAX_WORKERS {
                    idle.push(h);
                }
            }
        });
        // Not dropped while one of their message handlers may be running.
        wasm_bindgen_futures::spawn_local(async move { drop(end) });
    }

    /// Every independent unit is handed out and back.
    fn drained(&self, runner: &Runner) -> bool {
        !self.order.remaining(runner) && !self.in_flight()
    }
}

impl Job {
    /// Keep every helper busy with up to [`BLOCKS_IN_FLIGHT`] blocks (one unit at a time
    /// when the run is slowed down to watch). When every independent unit is committed, the
    /// pool ends and the rest runs here.
    fn feed(&mut self) {
        if self.paused || self.finished {
            return;
        }
        let Some(pool) = self.pool.as_mut() else {
            return;
        };
        if pool.since.is_none() {
            pool.since = Some(now_ms());
        }
        let size = if self.delay_ms > 0.0 { 1 } else { pool.size };
        // Long units go out one at a time, so no helper holds one while another idles.
        let per_helper = if self.delay_ms > 0.0 || self.runner.sliced() {
            1
        } else {
            BLOCKS_IN_FLIGHT
        };
        for h in pool.helpers.iter_mut().flatten().filter(|h| h.ready) {
            while h.busy.len() < per_helper {
                let Some((from, to)) = pool.order.next_block(&self.runner, size) else {
                    break;
                };
                h.handle.send(&ToWorker::Compute { from, to });
                h.busy.push((from, to));
            }
        }
        if self.held.is_none() && pool.drained(&self.runner) {
            self.end_pool();
        }
    }

    /// Compute blocks here until about `budget_ms` has passed (at least one block), as
    /// [`Job::run_chunk`] does alone; the pool ends once every block is back.
    fn run_pool_chunk(&mut self, budget_ms: f64) {
        let Some(pool) = self.pool.as_mut() else {
            return;
        };
        if pool.since.is_none() {
            pool.since = Some(now_ms());
        }
        let t0 = now_ms();
        let sliced = self.runner.sliced();
        let mut batch = if budget_ms <= 0.0 || sliced {
            1
        } else {
            self.batch
        };
        loop {
            let (from, to) = match self.held.take() {
                Some(unit) => (unit, unit + 1),
                None => match pool.order.next_block(&self.runner, batch) {
                    Some(block) => block,
                    None => break,
                },
            };
            let b0 = now_ms();
            let computed = if sliced {
                // One unit at a time (blocks are single units), a slice per pass.
                match self.runner.compute_slice(from) {
                    Some(Sliced::Done(out)) => Some(Some(out)),
                    Some(Sliced::Partial) => Some(None),
                    None => None,
                }
            } else {
                self.runner.compute(from, to).map(Some)
            };
            let delivered = match computed {
                Some(Some(out)) => pool.order.deliver(&mut self.runner, from, out),
                Some(None) => {
                    self.held = Some(from);
                    Ok(0)
                }
                None => Err(format!("units {from}..{to} could not be computed")),
            };
            if let Err(e) = delivered {
                // Not expected (independent units need nothing but the config): run alone.
                pool.order.give_back(from);
                web_sys::console::warn_1(&format!("Agora: {e}; running on one worker.").into());
                self.end_pool();
                return;
            }
            let now = now_ms();
            if now - t0 >= budget_ms {
                break;
            }
            if !sliced {
                batch = next_batch(batch, now - b0);
            }
        }
        if budget_ms > 0.0 && !sliced {
            self.batch = batch;
        }
        if self.held.is_none() && pool.drained(&self.runner) {
            self.end_pool();
        } else if self.progress_due() {
            self.progress();
        }
    }

    /// True when this worker has nothing left to compute until helpers answer.
    fn waiting_for_helpers(&self) -> bool {
        self.held.is_none()
            && self
                .pool
                .as_ref()
                .is_some_and(|p| !p.order.remaining(&self.runner))
    }

    /// Stop counting the pool's running time (paused or ended).
    fn pool_clock_stop(&mut self) {
        if let Some(pool) = self.pool.as_mut() {
            if let Some(t) = pool.since.take() {
                self.elapsed_ms += now_ms() - t;
            }
        }
    }

    /// The helpers are done (or all failed): end them and go on here.
    fn end_pool(&mut self) {
        // A unit held part way goes on alone: it is the next to commit, and the runner
        // keeps its state.
        self.held = None;
        self.pool_clock_stop();
        if let Some(pool) = self.pool.take() {
            pool.retire();
        }
        if self.runner.is_complete() {
            self.finish();
        } else if !self.paused {
            wasm_bindgen_futures::spawn_local(async { pump() });
        }
    }

    /// Helper `index` computed the block starting at `from`.
    fn computed(&mut self, index: usize, from: usize, outcomes_json: &str, ms: f64) {
        let Some(pool) = self.pool.as_mut() else {
            return;
        };
        let Some(Some(h)) = pool.helpers.get_mut(index) else {
            return;
        };
        h.busy.retain(|&(f, _)| f != from);
        let outcomes: Outcomes = match serde_json::from_str(outcomes_json) {
            Ok(o) => o,
            Err(e) => return self.helper_failed(index, &format!("unreadable outcomes ({e})")),
        };
        let units = outcomes.len();
        for u in from..from + units {
            // Finished: no longer shown as in progress.
            let _ = self.runner.note_progress(u, None);
        }
        if let Err(e) = pool.order.deliver(&mut self.runner, from, outcomes) {
            return self.helper_failed(index, &e);
        }
        self.shared += units;
        if ms < 20.0 {
            pool.size = (pool.size * 2).min(pool.max_size);
        } else if ms > 80.0 {
            pool.size = (pool.size / 2).max(1);
        }
        if self.progress_due() {
            self.progress();
        }
        if self.delay_ms > 0.0 {
            let generation = self.generation;
            let delay = self.delay_ms as u32;
            wasm_bindgen_futures::spawn_local(async move {
                gloo::timers::future::TimeoutFuture::new(delay).await;
                with_job(generation, Job::feed);
            });
        } else {
            self.feed();
        }
    }

    /// Helper `index` failed: its blocks go back to the others; with none left, the rest
    /// runs here.
    fn helper_failed(&mut self, index: usize, why: &str) {
        web_sys::console::warn_1(&format!("Agora: a helper worker stopped ({why}).").into());
        let Some(pool) = self.pool.as_mut() else {
            return;
        };
        let Some(h) = pool.helpers.get_mut(index).and_then(Option::take) else {
            return;
        };
        for &(from, to) in &h.busy {
            for u in from..to {
                let _ = self.runner.note_progress(u, None);
            }
        }
        if let Some(first) = h.busy.iter().map(|b| b.0).min() {
            // Handed out again from there; a block another helper returns for the same
            // units is then committed once, whichever comes first.
            pool.order.give_back(first);
        }
        wasm_bindgen_futures::spawn_local(async move { drop(h) });
        if pool.helpers.iter().all(Option::is_none) {
            self.end_pool();
        } else {
            self.feed();
        }
    }
}

impl Job {
    /// Helper `index` reported unit `from` part way through: show it with the next partial
    /// results.
    fn sliced(&mut self, index: usize, from: usize, progress_json: &str) {
        let busy = self
            .pool
            .as_ref()
            .and_then(|p| p.helpers.get(index))
            .and_then(Option::as_ref)
            .is_some_and(|h| h.busy.iter().any(|&(f, t)| (f..t).contains(&from)));
        if !busy {
            return;
        }
        if let Err(e) = self.runner.note_progress(from, Some(progress_json)) {
            web_sys::console::warn_1(
                &format!("Agora: a helper's report was not read ({e}).").into(),
            );
            return;
        }
        if self.progress_due() {
            self.progress();
        }
    }

    /// Tell the pool's helpers to pause or go on (a long unit stops between slices).
    fn tell_helpers(&self, msg: &ToWorker) {
        if let Some(pool) = &self.pool {
            for h in pool.helpers.iter().flatten() {
                h.handle.send(msg);
            }
        }
    }
}

/// Run `f` on the current job if it is of `generation`.
fn with_job(generation: u64, f: impl FnOnce(&mut Job)) {
    JOB.with(|j| {
        if let Some(job) = j.borrow_mut().as_mut() {
            if job.generation == generation && !job.finished {
                f(job);
            }
        }
    });
}

/// A message from helper `index` of the pool of job `generation`.
fn on_helper_message(generation: u64, index: usize, m: FromWorker) {
    match m {
        FromWorker::Computed {
            from,
            outcomes_json,
            ms,
        } => with_job(generation, |job| {
            job.computed(index, from, &outcomes_json, ms)
        }),
        FromWorker::Sliced {
            from,
            progress_json,
        } => with_job(generation, |job| job.sliced(index, from, &progress_json)),
        FromWorker::Failed { message } => {
            with_job(generation, |job| job.helper_failed(index, &message))
        }
        FromWorker::Ready => with_job(generation, |job| {
            if let Some(Some(h)) = job.pool.as_mut().and_then(|p| p.helpers.get_mut(index)) {
                h.ready = true;
            }
            job.feed();
        }),
        _ => {}
    }
}

/// (In a helper.) Build the runner that computes blocks.
fn prepare(experiment_json: &str) {
    let runner = Experiment::from_json(experiment_json)
        .map_err(|e| e.to_string())
        .and_then(|e| Runner::new(&e).map_err(|e| e.to_string()));
    SLICED.with(|w| {
        let mut w = w.borrow_mut();
        w.queue.clear();
        w.paused = false;
    });
    match runner {
        Ok(r) => HELPER.with(|h| *h.borrow_mut() = Some(r)),
        Err(message) => post(&FromWorker::Failed { message }),
    }
}

/// (In a helper.) Compute units `from..to` and send their outcomes. A long unit (a lab
/// computed in slices) is queued and computed a slice at a time by [`sliced_loop`].
fn compute(from: usize, to: usize) {
    let sliced = HELPER.with(|h| h.borrow().as_ref().is_some_and(Runner::sliced));
    if sliced && to == from + 1 {
        let start = SLICED.with(|w| {
            let mut w = w.borrow_mut();
            w.queue.push_back(from);
            !std::mem::replace(&mut w.running, true)
        });
        if start {
            wasm_bindgen_futures::spawn_local(sliced_loop());
        }
        return;
    }
    let t0 = now_ms();
    let out = HELPER.with(|h| h.borrow_mut().as_mut().map(|r| r.compute(from, to)));
    let msg = match out {
        Some(Some(outcomes)) => match serde_json::to_string(&outcomes) {
            Ok(outcomes_json) => FromWorker::Computed {
                from,
                outcomes_json,
                ms: now_ms() - t0,
            },
            Err(e) => FromWorker::Failed {
                message: e.to_string(),
            },
        },
        Some(None) => FromWorker::Failed {
            message: format!("units {from}..{to} could not be computed"),
        },
        None => FromWorker::Failed {
            message: "no experiment to compute".into(),
        },
    };
    post(&msg);
}

/// (In a helper.) Compute the queued long units in order, slices for about
/// [`HELPER_SLICE_BUDGET_MS`] at a time; between those, let messages in (a pause stops here)
/// and report the unit in progress at most every [`PROGRESS_EVERY_MS`]. A finished unit is
/// sent as [`compute`] sends it.
async fn sliced_loop() {
    let mut started: Option<(usize, f64)> = None;
    let mut last_report = f64::NEG_INFINITY;
    loop {
        let (front, paused) = SLICED.with(|w| {
            let w = w.borrow();
            (w.queue.front().copied(), w.paused)
        });
        let Some(unit) = front else {
            SLICED.with(|w| w.borrow_mut().running = false);
            return;
        };
        if paused {
            gloo::timers::future::TimeoutFuture::new(50).await;
            continue;
        }
        let t0 = match started {
            Some((u, t)) if u == unit => t,
            _ => {
                last_report = f64::NEG_INFINITY;
                let t = now_ms();
                started = Some((unit, t));
                t
            }
        };
        let budget_start = now_ms();
        let msg = loop {
            let step = HELPER.with(|h| h.borrow_mut().as_mut().map(|r| r.compute_slice(unit)));
            match step {
                Some(Some(Sliced::Done(outcomes))) => {
                    break Some(match serde_json::to_string(&outcomes) {
                        Ok(outcomes_json) => FromWorker::Computed {
                            from: unit,
                            outcomes_json,
                            ms: now_ms() - t0,
                        },
                        Err(e) => FromWorker::Failed {
                            message: e.to_string(),
                        },
                    });
                }
                Some(Some(Sliced::Partial)) => {
                    if now_ms() - budget_start >= HELPER_SLICE_BUDGET_MS {
                        break None;
                    }
                }
                Some(None) => {
                    break Some(FromWorker::Failed {
                        message: format!("unit {unit} could not be computed"),
                    })
                }
                None => {
                    break Some(FromWorker::Failed {
                        message: "no experiment to compute".into(),
                    })
                }
            }
        };
        match msg {
            Some(m) => {
                SLICED.with(|w| w.borrow_mut().queue.pop_front());
                post(&m);
            }
            None if now_ms() - last_report >= PROGRESS_EVERY_MS => {
                last_report = now_ms();
                let progress =
                    HELPER.with(|h| h.borrow().as_ref().and_then(Runner::slice_progress));
                if let Some(progress_json) = progress {
                    post(&FromWorker::Sliced {
                        from: unit,
                        progress_json,
                    });
                }
            }
            None => {}
        }
        // A macrotask: lets Pause, Resume and new blocks in.
        gloo::timers::future::TimeoutFuture::new(0).await;
    }
}

/// The next batch size of a chunk: doubled while a batch takes under a millisecond (reading
/// the clock after every unit would cost as much as a match), halved past 4 ms.
fn next_batch(batch: usize, took_ms: f64) -> usize {
    if took_ms < 1.0 {
        (batch * 2).min(MAX_BATCH)
    } else if batch > 1 && took_ms > 4.0 {
        batch / 2
    } else {
        batch
    }
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
            if job.finished || job.waiting_for_helpers() {
                // Waiting for helpers: their last answer ends the pool and pumps again.
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
            workers,
        } => start(&experiment_json, chunk_ms, delay_ms, paused, workers),
        ToWorker::Prepare { experiment_json } => prepare(&experiment_json),
        ToWorker::Compute { from, to } => compute(from, to),
        ToWorker::Pause => {
            // A helper stops its long unit between slices.
            SLICED.with(|w| w.borrow_mut().paused = true);
            JOB.with(|j| {
                if let Some(job) = j.borrow_mut().as_mut() {
                    if !job.finished && !job.paused {
                        job.paused = true;
                        job.tell_helpers(&ToWorker::Pause);
                        job.pool_clock_stop();
                        job.progress();
                    }
                }
            })
        }
        ToWorker::Resume => {
            SLICED.with(|w| w.borrow_mut().paused = false);
            JOB.with(|j| {
                if let Some(job) = j.borrow_mut().as_mut() {
                    if job.paused {
                        job.tell_helpers(&ToWorker::Resume);
                    }
                    job.paused = false;
                    job.feed();
                }
            });
            pump();
        }
        ToWorker::Step => JOB.with(|j| {
            if let Some(job) = j.borrow_mut().as_mut() {
                if job.paused && !job.finished {
                    job.step_one();
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

impl Job {
    /// One more unit of a paused run (with a pool: the next unit not handed out yet); its
    /// progress is posted (see [`Job::progress_due`]).
    fn step_one(&mut self) {
        self.run_chunk(0.0);
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
                workers: 2,
            },
            ToWorker::Prepare {
                experiment_json: "{}".into(),
            },
            ToWorker::Compute { from: 3, to: 9 },
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
            workers: 2,
            shared: 17,
            memory_bytes: 33_554_432,
        };
        assert_eq!(
            serde_json::from_str::<FromWorker>(&done.to_json()).unwrap(),
            done
        );
        let sliced = FromWorker::Sliced {
            from: 4,
            progress_json: r#"{"agent":0}"#.into(),
        };
        assert_eq!(
            serde_json::from_str::<FromWorker>(&sliced.to_json()).unwrap(),
            sliced
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
                paused: false,
                workers: 1,
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
    fn batches_double_while_quick_and_halve_when_slow() {
        assert_eq!(next_batch(8, 0.5), 16);
        assert_eq!(next_batch(MAX_BATCH, 0.1), MAX_BATCH);
        assert_eq!(next_batch(8, 2.0), 8);
        assert_eq!(next_batch(8, 10.0), 4);
        assert_eq!(next_batch(1, 10.0), 1);
    }

    #[test]
    fn times_from_the_page_are_clamped() {
        assert_eq!(sanitize_ms(f64::NAN), 0.0);
        assert_eq!(sanitize_ms(-3.0), 0.0);
        assert_eq!(sanitize_ms(1e9), 10_000.0);
        assert_eq!(sanitize_ms(42.0), 42.0);
    }
}

//! One run on several threads or Web Workers, with the same bits as on one.
//!
//! The runner that will hold the results hands out blocks of consecutive independent units
//! ([`Runner::independent_until`]); helpers (threads natively, Web Workers in the browser),
//! each with a runner of the same experiment, compute them ([`Runner::compute`]) and send the
//! [`Outcomes`] back; [`InOrder`] commits them in unit order as soon as the blocks before them
//! are in. Committing is the code a runner stepping alone uses, so results and digests do not
//! depend on the number of helpers, the block sizes or the order in which blocks come back.
//! Units after the independent ones (the dynamics after a tournament) run on the committing
//! runner itself.

use crate::experiment::{Outcomes, Runner};
use std::collections::BTreeMap;

/// Hands out blocks of independent units and commits their outcomes in unit order.
#[derive(Debug, Default)]
pub struct InOrder {
    /// The first unit not yet handed out.
    next: usize,
    /// Computed blocks waiting for the blocks before them, by first unit.
    waiting: BTreeMap<usize, Outcomes>,
}

impl InOrder {
    /// Start handing out units after those `runner` has committed.
    pub fn new(runner: &Runner) -> Self {
        InOrder {
            next: runner.done(),
            waiting: BTreeMap::new(),
        }
    }

    /// The next block to compute elsewhere, `from..to` with at most `size` units, or `None`
    /// when every independent unit has been handed out.
    pub fn next_block(&mut self, runner: &Runner, size: usize) -> Option<(usize, usize)> {
        let from = self.next.max(runner.done());
        let end = runner.independent_until();
        if from >= end {
            return None;
        }
        let to = from.saturating_add(size.max(1)).min(end);
        self.next = to;
        Some((from, to))
    }

    /// True while units remain to be handed out.
    pub fn remaining(&self, runner: &Runner) -> bool {
        self.next.max(runner.done()) < runner.independent_until()
    }

    /// Give a block back undone (its helper failed or was stopped): it is handed out again
    /// before anything later.
    pub fn give_back(&mut self, from: usize) {
        self.next = self.next.min(from);
    }

    /// The outcomes of units `from..from + outcomes.len()` arrived: commit every block that is
    /// now next in line. Returns how many units were committed. A block that is stale
    /// (already committed) is dropped; an error means the outcomes do not belong to this run.
    pub fn deliver(
        &mut self,
        runner: &mut Runner,
        from: usize,
        outcomes: Outcomes,
    ) -> Result<usize, String> {
        if from < runner.done() {
            return Ok(0);
        }
        self.waiting.insert(from, outcomes);
        let mut committed = 0;
        while let Some(block) = self.waiting.remove(&runner.done()) {
            let n = block.len();
            runner.commit(block)?;
            committed += n;
        }
        // Blocks overtaken by others (handed out twice after a helper failed) are stale.
        self.waiting = self.waiting.split_off(&runner.done());
        Ok(committed)
    }

    /// Units handed out and not committed yet.
    pub fn in_flight(&self, runner: &Runner) -> usize {
        self.next.saturating_sub(runner.done())
    }

    /// Blocks computed out of order, waiting for an earlier one.
    pub fn waiting(&self) -> usize {
        self.waiting.len()
    }
}

/// A block size that gives each of `helpers` about 16 blocks of the `units` (so a slow block
/// holds few others back), at least 1.
pub fn block_size(units: usize, helpers: usize) -> usize {
    units.div_ceil(helpers.max(1).saturating_mul(16)).max(1)
}

/// Run `runner` to the end on `threads` threads (the calling thread commits). With fewer than
/// two threads, or nothing independent to share, it steps alone. The results are those of
/// `runner.step(usize::MAX)`, bit for bit. `make` builds a runner of the same experiment for
/// each helper thread.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on_threads(
    runner: &mut Runner,
    threads: usize,
    make: &(dyn Fn() -> Runner + Sync),
) -> Result<(), String> {
    run_on_threads_with_progress(runner, threads, make, &mut |_, _| {})
}

/// [`run_on_threads`], calling `progress(done, total)` each time units are committed (the
/// command line's progress line). Progress changes nothing in the results.
#[cfg(not(target_arch = "wasm32"))]
pub fn run_on_threads_with_progress(
    runner: &mut Runner,
    threads: usize,
    make: &(dyn Fn() -> Runner + Sync),
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), String> {
    use std::sync::mpsc;
    use std::sync::Mutex;

    let independent = runner.independent_until().saturating_sub(runner.done());
    if threads >= 2 && independent >= 2 {
        let size = block_size(independent, threads);
        let mut order = InOrder::new(runner);
        let blocks: Vec<(usize, usize)> =
            std::iter::from_fn(|| order.next_block(runner, size)).collect();
        // Blocks are taken in order, so at most about one block per thread waits out of order.
        let queue = Mutex::new(blocks.into_iter());
        let (tx, rx) = mpsc::channel::<(usize, Option<Outcomes>)>();
        std::thread::scope(|s| {
            for _ in 0..threads {
                let tx = tx.clone();
                let queue = &queue;
                s.spawn(move || {
                    let mut helper = make();
                    while let Some((from, to)) = queue.lock().ok().and_then(|mut q| q.next()) {
                        let out = helper.compute(from, to);
                        let failed = out.is_none();
                        if tx.send((from, out)).is_err() || failed {
                            break;
                        }
                    }
                });
            }
            drop(tx);
            for (from, out) in rx {
                // Independent units need no LLM reply, so `None` does not happen; if it did,
                // the runner would compute the rest itself below.
                let Some(out) = out else { break };
                order.deliver(runner, from, out)?;
                progress(runner.done(), runner.total());
            }
            Ok::<(), String>(())
        })?;
    }
    // The rest one unit at a time, in order: the same commits as one `step(usize::MAX)`.
    while !runner.is_complete() && runner.step(1) > 0 {
        progress(runner.done(), runner.total());
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::presets;

    #[test]
    fn blocks_cover_the_independent_units_once() {
        let exp = presets::find("games-ecology").unwrap().experiment;
        let r = Runner::new(&exp).unwrap();
        let mut o = InOrder::new(&r);
        let mut covered = 0;
        let mut last_to = 0;
        while let Some((from, to)) = o.next_block(&r, 7) {
            assert_eq!(from, last_to);
            assert!(to - from <= 7 && to > from);
            covered += to - from;
            last_to = to;
        }
        // Every match, but not the ecology unit that needs all of them.
        assert_eq!(covered, r.total() - 1);
        assert_eq!(r.independent_until(), r.total() - 1);
    }

    #[test]
    fn blocks_delivered_in_any_order_give_the_same_results() {
        for name in ["games-axelrod-noisy", "bandits-classic", "games-moran"] {
            let mut exp = presets::find(name).unwrap().experiment;
            if let crate::Experiment::Bandits(b) = &mut exp {
                b.repetitions = 12;
            }
            let alone = Runner::new(&exp).unwrap().run_to_end();
            let mut r = Runner::new(&exp).unwrap();
            let mut o = InOrder::new(&r);
            let mut helper = Runner::new(&exp).unwrap();
            let mut blocks = Vec::new();
            while let Some((from, to)) = o.next_block(&r, 5) {
                blocks.push((from, helper.compute(from, to).unwrap()));
            }
            // Deliver last block first, then the rest: nothing commits until block 0 is in.
            blocks.reverse();
            let n = blocks.len();
            for (k, (from, out)) in blocks.into_iter().enumerate() {
                let committed = o.deliver(&mut r, from, out).unwrap();
                if k + 1 < n {
                    assert_eq!(committed, 0, "{name}");
                } else {
                    assert_eq!(r.done(), r.independent_until(), "{name}");
                }
            }
            assert_eq!(o.waiting(), 0);
            r.step(usize::MAX);
            assert_eq!(r.results(), alone, "{name}");
        }
    }

    #[test]
    fn outcomes_of_another_lab_are_refused() {
        let b = presets::find("bandits-classic").unwrap().experiment;
        let g = presets::find("games-axelrod").unwrap().experiment;
        let mut rb = Runner::new(&b).unwrap();
        let out = Runner::new(&g).unwrap().compute(0, 1).unwrap();
        let mut o = InOrder::new(&rb);
        assert!(o.deliver(&mut rb, 0, out).is_err());
        assert_eq!(rb.done(), 0);
    }

    #[test]
    fn block_sizes() {
        assert_eq!(block_size(0, 4), 1);
        assert_eq!(block_size(1000, 1), 63);
        assert_eq!(block_size(13_600, 2), 425);
        assert_eq!(block_size(10, 0), 1);
    }
}

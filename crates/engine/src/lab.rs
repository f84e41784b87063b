//! What every lab is: a config, results, a runner of units, presets and LLM agents.
//!
//! A lab is one folder of the engine (`bandits/`, `games/`) that implements [`Lab`] for a
//! marker type, plus one line in the registry ([`crate::labs`]). The registry generates what
//! is generic over the labs: the tagged [`crate::Experiment`] and [`crate::Results`], the
//! type-erased [`crate::experiment::Runner`] the worker and the CLI drive, the presets list
//! and the JSON Schema. Nothing outside a lab's folder and the registry names a lab.
//!
//! # Units, and why results never depend on how the work is split
//!
//! A run is a sequence of units (a repetition, a match, a round). A [`LabRunner`] computes
//! the outcome of a unit ([`LabRunner::compute`]) and adds it to the results
//! ([`LabRunner::commit`]), always in unit order. Units below
//! [`LabRunner::independent_until`] depend only on the config, so another runner of the same
//! config (another thread, another Web Worker) may compute them; whoever computed them, they
//! are committed by one runner in unit order, through the same code. One runner stepping
//! alone ([`LabRunner::step`]) is that same path with nobody to help, so the results, to the
//! bit, do not depend on the number of workers or threads or on the chunking.
//!
//! # Long units, in slices
//!
//! A unit of the meta-RL lab trains a network for thousands of updates: seconds of work. A
//! runner whose units are that long says so ([`LabRunner::sliced`]) and computes them a slice
//! at a time ([`LabRunner::compute_slice`]), keeping the unit's state between slices and
//! showing its progress in [`LabRunner::results`] (a learning curve that grows), so the page
//! can report, pause and resume inside a unit. The outcome of the last slice is the outcome
//! [`LabRunner::compute`] gives, bit for bit.

use crate::error::ConfigError;
use crate::llm::factors::{Factor, FactorValue};
use crate::llm::{Exchange, LlmConfig, OracleHandle, PendingCall, Transcript, UnitEnd};
use serde::de::DeserializeOwned;
use serde::Serialize;
use std::fmt::Debug;

/// What a slice of a unit's work ended with ([`LabRunner::compute_slice`]).
#[derive(Debug)]
pub enum Sliced<O> {
    /// The unit is computed.
    Done(O),
    /// More slices to go.
    Partial,
}

/// A preset experiment of one lab: `(name, title, description, config)`.
pub type LabPreset<C> = (&'static str, &'static str, &'static str, C);

/// A lab. Implemented by a marker type in the lab's folder and listed once in
/// [`crate::labs`].
pub trait Lab: 'static {
    /// The route and JSON tag: `#/<ID>`, `{"lab": "<ID>"}`.
    const ID: &'static str;
    /// Its title, as the app and embeds name it ("Multi-armed bandits").
    const TITLE: &'static str;
    /// What [`LabRunner::work_done`] counts, for the speed a run shows ("pulls", "turns").
    const WORK_UNIT: &'static str;
    /// The experiment config: everything needed to reproduce a run.
    type Config: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// Everything a run produces; its digest identifies the run.
    type Results: Clone + Debug + PartialEq + Serialize + DeserializeOwned;
    /// Runs a config unit by unit.
    type Runner: LabRunner<Results = Self::Results>;

    /// Check the config; the error names the field and says what would be accepted.
    fn validate(cfg: &Self::Config) -> Result<(), ConfigError>;
    /// Validate and prepare a run.
    fn runner(cfg: &Self::Config) -> Result<Self::Runner, ConfigError>;
    /// Units of work a run of `cfg` has (what the run bar counts).
    fn units(cfg: &Self::Config) -> usize;
    /// What a run of the validated `cfg` would cost ([`crate::cost`]): its work units times
    /// their cost. `None` where the lab's size limits alone keep its runs short.
    fn cost(_cfg: &Self::Config) -> Option<crate::cost::Cost> {
        None
    }
    /// What those units are called, in the plural ("repetitions", "matches").
    fn unit_name(_cfg: &Self::Config) -> &'static str {
        "repetitions"
    }
    /// The lab's preset experiments.
    fn presets() -> Vec<LabPreset<Self::Config>>;

    /// True if an LLM agent plays (its decisions come from the transcript). The LLM hooks
    /// below default to a lab without LLM agents.
    fn has_llm(_cfg: &Self::Config) -> bool {
        false
    }
    /// Apply `f` to the model config of every LLM agent, in order.
    fn edit_llm(_cfg: &mut Self::Config, _f: &mut dyn FnMut(&mut LlmConfig)) {}
    /// The recorded replies of the LLM agents, if this config can hold them.
    fn transcript(_cfg: &Self::Config) -> Option<&Transcript> {
        None
    }
    /// Replace the recorded replies (after a run asked the model); a config that cannot hold
    /// them ignores it.
    fn set_transcript(_cfg: &mut Self::Config, _transcript: Transcript) {}

    /// The prompt factors of its LLM agents, as the LLM panel shows them.
    fn llm_factors(_cfg: &Self::Config) -> Vec<Factor> {
        Vec::new()
    }
    /// Set prompt factor `id` of every LLM agent; an error changes nothing.
    fn set_llm_factor(
        _cfg: &mut Self::Config,
        id: &str,
        _value: &FactorValue,
    ) -> Result<(), ConfigError> {
        Err(ConfigError::new(
            id,
            "this lab's LLM agents have no such prompt factor",
        ))
    }
    /// The agent that asks under `agent` ("policy 2") as people know it ("LLM smollm2").
    fn llm_agent_label(_cfg: &Self::Config, agent: &str) -> String {
        agent.to_string()
    }
    /// Unit `unit` of an LLM run in words ("repetition 3").
    fn llm_unit_label(_cfg: &Self::Config, unit: usize) -> String {
        format!("unit {}", unit + 1)
    }
    /// What the units of an LLM run are, in the plural ("repetitions", "matches").
    fn llm_units_word(_cfg: &Self::Config) -> &'static str {
        "units of work"
    }
    /// How many decisions the LLM agents of `cfg` make in a complete run, where a unit is too
    /// coarse to show progress by (the tax lab: a planner's run is many calls); `None`
    /// counts progress in units. Retries are extra calls.
    fn llm_decisions(_cfg: &Self::Config) -> Option<u64> {
        None
    }
    /// The part of `cfg` that asks the model: what the host replays while it asks
    /// ([`crate::llm::LlmRun`]), so that asking does not wait for work that needs no reply
    /// (training an agent, the classical players). Its transcript, units and requests must be
    /// those of `cfg`. The default is all of `cfg`: every unit of the bandit and games labs
    /// has LLM agents in it.
    fn llm_only(cfg: &Self::Config) -> Self::Config {
        cfg.clone()
    }
}

/// A lab's run, a unit at a time (see the [module docs](self)).
pub trait LabRunner {
    type Results;
    /// What one unit adds to the results. It crosses threads and Web Workers (as JSON, which
    /// keeps every float's bits), so it carries only plain data.
    type Outcome: Debug + Send + Serialize + DeserializeOwned + 'static;

    /// Units in the whole run.
    fn total(&self) -> usize;
    /// Units committed so far.
    fn done(&self) -> usize;
    /// Units `done()..independent_until()` depend only on the config: any runner of the same
    /// config may compute them, in any order. Later units need the committed ones (the
    /// dynamics after a tournament, the next round of an evolution), and runs with LLM agents
    /// keep every unit here (their oracle counts calls as they are made).
    fn independent_until(&self) -> usize;
    /// Compute unit `unit`: `done()`, or one below `independent_until()`. `None` when an LLM
    /// agent has no recorded reply or the transcript does not match ([`LabRunner::stopped`]
    /// then says which).
    fn compute(&mut self, unit: usize) -> Option<Self::Outcome>;
    /// Add the outcome of unit `done()` to the results.
    fn commit(&mut self, outcome: Self::Outcome);
    /// The results so far (the final results once complete).
    fn results(&self) -> Self::Results;
    /// Simulated work so far, in [`Lab::WORK_UNIT`]s.
    fn work_done(&self) -> u64;

    /// Why the run stopped before the end: a unit waits for an LLM reply
    /// ([`UnitEnd::Pending`]) or the recorded transcript does not match
    /// ([`UnitEnd::Mismatch`]). See [`crate::llm::oracle`].
    fn stopped(&self) -> Option<&UnitEnd> {
        None
    }
    /// The next request of each of the next `max` units waiting for an LLM reply (the one
    /// the run stopped at first). Units are independent: send them at the same time, then
    /// [`LabRunner::record`] the replies and [`LabRunner::step`] on.
    fn pending_calls(&mut self, _max: usize) -> Vec<PendingCall> {
        Vec::new()
    }
    /// Add the reply to a pending call (false if the call is stale: already answered).
    fn record(&mut self, _call: &PendingCall, _exchange: Exchange) -> bool {
        false
    }
    /// The oracle of the LLM agents (transcript so far, statistics, seen exchanges), if any
    /// LLM plays.
    fn oracle(&self) -> Option<&OracleHandle> {
        None
    }

    /// True when units take long and are computed in slices ([`LabRunner::compute_slice`]):
    /// the worker then hands them out one at a time.
    fn sliced(&self) -> bool {
        false
    }
    /// Compute a slice of unit `unit` (the units [`LabRunner::compute`] takes), keeping the
    /// rest for the next call on the same unit: `Sliced::Done` with the outcome `compute`
    /// would give once it is finished. `None` as for `compute`. The default computes the
    /// whole unit at once.
    fn compute_slice(&mut self, unit: usize) -> Option<Sliced<Self::Outcome>> {
        self.compute(unit).map(Sliced::Done)
    }
    /// The unit part way through (after a [`LabRunner::compute_slice`] that left it
    /// unfinished), as JSON a coordinator's [`LabRunner::note_progress`] reads: what a helper
    /// worker reports so the page can show a long unit as it goes. `None`: nothing to report.
    fn slice_progress(&self) -> Option<String> {
        None
    }
    /// Record what another runner reported of unit `unit` part way through (`None`: the unit
    /// is finished or given back). It shows in partial results only, never in finished ones;
    /// an error says why the report was not read (nothing changes then).
    fn note_progress(&mut self, _unit: usize, _json: Option<&str>) -> Result<(), String> {
        Ok(())
    }
    /// Like [`LabRunner::step`], but a long unit advances by a slice: commits up to `k`
    /// units and stops early after a slice that leaves its unit unfinished.
    fn step_sliced(&mut self, k: usize) -> usize {
        let mut did = 0;
        while did < k && !self.is_complete() && self.stopped().is_none() {
            match self.compute_slice(self.done()) {
                Some(Sliced::Done(out)) => self.commit(out),
                _ => break,
            }
            did += 1;
        }
        did
    }

    /// True when every unit is committed.
    fn is_complete(&self) -> bool {
        self.done() >= self.total()
    }

    /// Compute and commit up to `k` more units; returns how many were done.
    fn step(&mut self, k: usize) -> usize {
        let mut did = 0;
        while did < k && !self.is_complete() && self.stopped().is_none() {
            match self.compute(self.done()) {
                Some(out) => self.commit(out),
                None => break,
            }
            did += 1;
        }
        did
    }

    /// Run to the end and return the results.
    fn run_to_end(mut self) -> Self::Results
    where
        Self: Sized,
    {
        self.step(usize::MAX);
        self.results()
    }
}

/// Generates the lab-generic types from the list of labs in [`crate::labs`]: for each line
/// `Variant => path::ToLab`, a variant of [`crate::Experiment`], [`crate::Results`],
/// [`crate::experiment::Runner`] and [`crate::labs::Outcomes`], and the dispatch of every
/// method over them.
#[macro_export]
#[doc(hidden)]
macro_rules! registry {
    ($( $(#[$doc:meta])* $variant:ident => $lab:ty ),+ $(,)?) => {
        use $crate::lab::{Lab, LabRunner};

        /// The route names of the labs, in registry order.
        pub const IDS: &[&str] = &[$(<$lab as Lab>::ID),+];

        /// The labs' titles, in registry order.
        pub const TITLES: &[&str] = &[$(<$lab as Lab>::TITLE),+];

        /// A lab of the registry: its config goes in and out of [`Experiment`].
        pub trait Registered: Lab {
            /// The experiment of this lab with config `cfg`.
            fn wrap(cfg: Self::Config) -> Experiment;
            /// The config of an experiment of this lab (`None` for another lab's).
            fn unwrap(exp: Experiment) -> Option<Self::Config>;
        }

        $(
            impl Registered for $lab {
                fn wrap(cfg: Self::Config) -> Experiment {
                    Experiment::$variant(cfg)
                }

                #[allow(unreachable_patterns)]
                fn unwrap(exp: Experiment) -> Option<Self::Config> {
                    match exp {
                        Experiment::$variant(c) => Some(c),
                        _ => None,
                    }
                }
            }
        )+

        /// An experiment of any lab.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(tag = "lab", rename_all = "snake_case")]
        // Built a few times per run, never in a hot loop: boxing would only add noise.
        #[allow(clippy::large_enum_variant)]
        pub enum Experiment {
            $( $(#[$doc])* $variant(<$lab as Lab>::Config), )+
        }

        /// Results of any lab.
        #[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "lab", rename_all = "snake_case")]
        #[allow(clippy::large_enum_variant)] // as for Experiment
        pub enum Results {
            $( $variant(<$lab as Lab>::Results), )+
        }

        /// The outcomes of consecutive units of one lab's run, computed by one runner and
        /// committed by another (see [`Runner::compute`]).
        #[derive(Debug, serde::Serialize, serde::Deserialize)]
        #[serde(tag = "lab", content = "units", rename_all = "snake_case")]
        pub enum Outcomes {
            $( $variant(Vec<<<$lab as Lab>::Runner as LabRunner>::Outcome>), )+
        }

        /// Any lab's run, a few units at a time (the page's worker reports progress between
        /// chunks). Results do not depend on how the work is split or who computed it.
        pub enum Runner {
            $( $variant(Box<<$lab as Lab>::Runner>), )+
        }

        impl Experiment {
            /// The lab's route name ("bandits", "games").
            pub fn lab(&self) -> &'static str {
                match self { $( Experiment::$variant(_) => <$lab as Lab>::ID, )+ }
            }

            /// Check the config.
            pub fn validate(&self) -> Result<(), $crate::ConfigError> {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::validate(c), )+ }
            }

            /// What a run of this (validated) experiment would cost; `None` where the lab's
            /// size limits alone keep runs short.
            pub fn cost(&self) -> Option<$crate::cost::Cost> {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::cost(c), )+ }
            }

            /// An error if a run would take longer than a page runs
            /// ([`$crate::cost::BROWSER_BUDGET_SECONDS`]).
            pub fn check_budget(&self) -> Result<(), $crate::ConfigError> {
                match self.cost() {
                    Some(c) => c.check($crate::cost::BROWSER_BUDGET_SECONDS),
                    None => Ok(()),
                }
            }

            /// Units of work a run has (what the run bar counts).
            pub fn units(&self) -> usize {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::units(c), )+ }
            }

            /// What its units are called, in the plural ("repetitions", "matches").
            pub fn unit_name(&self) -> &'static str {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::unit_name(c), )+ }
            }

            /// True if an LLM agent plays (its decisions come from the transcript).
            pub fn has_llm(&self) -> bool {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::has_llm(c), )+ }
            }

            /// Apply `f` to the model config of every LLM agent.
            pub fn edit_llm(&mut self, mut f: impl FnMut(&mut $crate::llm::LlmConfig)) {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::edit_llm(c, &mut f), )+ }
            }

            /// The prompt factors of the LLM agents (see [`Lab::llm_factors`]).
            pub fn llm_factors(&self) -> Vec<$crate::llm::factors::Factor> {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::llm_factors(c), )+ }
            }

            /// Set prompt factor `id` of every LLM agent; an error changes nothing.
            pub fn set_llm_factor(
                &mut self,
                id: &str,
                value: &$crate::llm::factors::FactorValue,
            ) -> Result<(), $crate::ConfigError> {
                match self {
                    $( Experiment::$variant(c) => <$lab as Lab>::set_llm_factor(c, id, value), )+
                }
            }

            /// The agent that asks under `agent`, as people know it.
            pub fn llm_agent_label(&self, agent: &str) -> String {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::llm_agent_label(c, agent), )+ }
            }

            /// Unit `unit` of an LLM run in words.
            pub fn llm_unit_label(&self, unit: usize) -> String {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::llm_unit_label(c, unit), )+ }
            }

            /// What the units of an LLM run are, in the plural.
            pub fn llm_units_word(&self) -> &'static str {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::llm_units_word(c), )+ }
            }

            /// Decisions of the LLM agents in a complete run, if the lab counts them (see
            /// [`Lab::llm_decisions`]).
            pub fn llm_decisions(&self) -> Option<u64> {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::llm_decisions(c), )+ }
            }

            /// The part of the experiment that asks the model (see [`Lab::llm_only`]).
            pub fn llm_only(&self) -> Experiment {
                match self { $( Experiment::$variant(c) => Experiment::$variant(<$lab as Lab>::llm_only(c)), )+ }
            }

            /// The recorded LLM transcript.
            pub fn transcript(&self) -> Option<&$crate::llm::Transcript> {
                match self { $( Experiment::$variant(c) => <$lab as Lab>::transcript(c), )+ }
            }

            /// Replace the recorded LLM transcript (after a run asked the model).
            pub fn set_transcript(&mut self, transcript: $crate::llm::Transcript) {
                match self {
                    $( Experiment::$variant(c) => <$lab as Lab>::set_transcript(c, transcript), )+
                }
            }
        }

        /// Every lab's presets, lab by lab in registry order.
        pub fn presets() -> Vec<$crate::lab::LabPreset<Experiment>> {
            let mut all = Vec::new();
            $(
                for (name, title, description, c) in <$lab as Lab>::presets() {
                    all.push((name, title, description, Experiment::$variant(c)));
                }
            )+
            all
        }

        impl Results {
            /// The lab's results as JSON without the `lab` tag (what a lab's page parses).
            pub fn lab_json(&self) -> String {
                match self {
                    $( Results::$variant(r) => serde_json::to_string(r), )+
                }
                .unwrap_or_default()
            }
        }

        impl Outcomes {
            /// How many units these are the outcomes of.
            pub fn len(&self) -> usize {
                match self { $( Outcomes::$variant(v) => v.len(), )+ }
            }

            pub fn is_empty(&self) -> bool {
                self.len() == 0
            }
        }

        impl Runner {
            /// Validate and prepare.
            pub fn new(exp: &Experiment) -> Result<Self, $crate::ConfigError> {
                Ok(match exp {
                    $( Experiment::$variant(c) => Runner::$variant(Box::new(<$lab as Lab>::runner(c)?)), )+
                })
            }

            /// Do up to `k` more units; returns how many were done.
            pub fn step(&mut self, k: usize) -> usize {
                match self { $( Runner::$variant(r) => LabRunner::step(r.as_mut(), k), )+ }
            }

            /// Up to `k` more units, a long unit a slice at a time (see
            /// [`LabRunner::step_sliced`]); returns how many units were committed.
            pub fn step_sliced(&mut self, k: usize) -> usize {
                match self { $( Runner::$variant(r) => LabRunner::step_sliced(r.as_mut(), k), )+ }
            }

            /// True when units are long and computed in slices.
            pub fn sliced(&self) -> bool {
                match self { $( Runner::$variant(r) => LabRunner::sliced(r.as_ref()), )+ }
            }

            /// A slice of unit `unit` (see [`LabRunner::compute_slice`]): the outcome once the
            /// unit is finished.
            pub fn compute_slice(&mut self, unit: usize) -> Option<$crate::lab::Sliced<Outcomes>> {
                match self {
                    $( Runner::$variant(r) => LabRunner::compute_slice(r.as_mut(), unit).map(|s| match s {
                        $crate::lab::Sliced::Done(o) => $crate::lab::Sliced::Done(Outcomes::$variant(vec![o])),
                        $crate::lab::Sliced::Partial => $crate::lab::Sliced::Partial,
                    }), )+
                }
            }

            /// The unit part way through, as a helper reports it (see
            /// [`LabRunner::slice_progress`]).
            pub fn slice_progress(&self) -> Option<String> {
                match self { $( Runner::$variant(r) => LabRunner::slice_progress(r.as_ref()), )+ }
            }

            /// Record a helper's report of unit `unit` part way through (see
            /// [`LabRunner::note_progress`]).
            pub fn note_progress(&mut self, unit: usize, json: Option<&str>) -> Result<(), String> {
                match self { $( Runner::$variant(r) => LabRunner::note_progress(r.as_mut(), unit, json), )+ }
            }

            /// Units committed so far.
            pub fn done(&self) -> usize {
                match self { $( Runner::$variant(r) => LabRunner::done(r.as_ref()), )+ }
            }

            /// Units in the whole run.
            pub fn total(&self) -> usize {
                match self { $( Runner::$variant(r) => LabRunner::total(r.as_ref()), )+ }
            }

            pub fn is_complete(&self) -> bool {
                match self { $( Runner::$variant(r) => LabRunner::is_complete(r.as_ref()), )+ }
            }

            /// Units `done()..independent_until()` may be computed by other runners of the
            /// same experiment, in any order (see [`$crate::lab`]).
            pub fn independent_until(&self) -> usize {
                match self { $( Runner::$variant(r) => LabRunner::independent_until(r.as_ref()), )+ }
            }

            /// Compute units `from..to` (all below [`Runner::independent_until`] of the
            /// runner that will commit them, or starting at its `done()`); `None` if one of
            /// them stops ([`Runner::stopped`] says why).
            pub fn compute(&mut self, from: usize, to: usize) -> Option<Outcomes> {
                match self {
                    $( Runner::$variant(r) => (from..to)
                        .map(|u| LabRunner::compute(r.as_mut(), u))
                        .collect::<Option<Vec<_>>>()
                        .map(Outcomes::$variant), )+
                }
            }

            /// Commit outcomes computed for units `done()..done() + outcomes.len()`. An error
            /// (outcomes of another lab's run) changes nothing.
            pub fn commit(&mut self, outcomes: Outcomes) -> Result<(), String> {
                match (self, outcomes) {
                    $( (Runner::$variant(r), Outcomes::$variant(v)) => {
                        for o in v {
                            LabRunner::commit(r.as_mut(), o);
                        }
                        Ok(())
                    } )+
                    #[allow(unreachable_patterns)]
                    _ => Err("outcomes of another lab's run".into()),
                }
            }

            /// Simulated work so far, in [`Runner::work_unit`]s.
            pub fn work_done(&self) -> u64 {
                match self { $( Runner::$variant(r) => LabRunner::work_done(r.as_ref()), )+ }
            }

            /// What [`Runner::work_done`] counts ("pulls", "turns").
            pub fn work_unit(&self) -> &'static str {
                match self { $( Runner::$variant(_) => <$lab as Lab>::WORK_UNIT, )+ }
            }

            /// Results so far (the final results once complete).
            pub fn results(&self) -> Results {
                match self { $( Runner::$variant(r) => Results::$variant(LabRunner::results(r.as_ref())), )+ }
            }

            /// Why the run stopped before the end (see [`LabRunner::stopped`]).
            pub fn stopped(&self) -> Option<&$crate::llm::UnitEnd> {
                match self { $( Runner::$variant(r) => LabRunner::stopped(r.as_ref()), )+ }
            }

            /// The next request of each of the next `max` units waiting for an LLM reply.
            pub fn pending_calls(&mut self, max: usize) -> Vec<$crate::llm::PendingCall> {
                match self { $( Runner::$variant(r) => LabRunner::pending_calls(r.as_mut(), max), )+ }
            }

            /// Add the reply to a pending call (false if the call is stale).
            pub fn record(
                &mut self,
                call: &$crate::llm::PendingCall,
                exchange: $crate::llm::Exchange,
            ) -> bool {
                match self { $( Runner::$variant(r) => LabRunner::record(r.as_mut(), call, exchange), )+ }
            }

            /// The oracle of the LLM agents, if any LLM plays.
            pub fn oracle(&self) -> Option<&$crate::llm::OracleHandle> {
                match self { $( Runner::$variant(r) => LabRunner::oracle(r.as_ref()), )+ }
            }
        }
    };
}

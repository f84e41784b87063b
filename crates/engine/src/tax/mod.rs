//! The tax-planner lab: workers with calibrated skills choose their hours under bracketed
//! income taxes; planners (free market, US federal, Saez, search, black-box, bandit, the
//! oracle) set the rates; productivity, equality and welfare follow.
//!
//! - [`schedule`]: piecewise-linear schedules, US federal years, tax owed
//! - [`skills`]: skill distributions (GB2 fitted to ACS 2023, the AI Economist's Pareto
//!   rule, lognormal, uniform, tables)
//! - [`utility`]: the three utility forms; [`labour`]: the budget set and exact best
//!   response
//! - [`worker`] + [`workers`]: the worker role and its behaviours; [`llm_workers`]: k LLM
//!   workers among them, who are [`personas`] or told their utility
//! - [`planner`] + [`planners`]: the planner role and every planner (a language model among
//!   them, with the LLM Economist's prompt: [`llm_prompt`]); [`saez`]: Saez's
//!   formula as the AI Economist computes it
//! - [`voting`]: elections, who votes for which platform and who wins
//! - [`economy`]: one year; [`metrics`]: Gini, equality, welfare; [`run`]: the runner;
//!   [`presets`]: named experiments

pub mod economy;
pub mod labour;
pub mod llm_prompt;
pub mod llm_workers;
pub mod metrics;
pub mod personas;
pub mod planner;
pub mod planners;
pub mod presets;
pub mod run;
pub mod saez;
pub mod schedule;
pub mod skills;
pub mod utility;
pub mod voting;
pub mod worker;
pub mod workers;

pub use metrics::Welfare;
pub use planners::PlannerConfig;
pub use run::{PlannerResult, TaxResults, TaxRunner};
pub use schedule::Schedule;
pub use skills::Skills;
pub use utility::Utility;
pub use workers::WorkerConfig;

use crate::error::{check_count, check_range, ConfigError};
use crate::lab::{Lab, LabPreset};
use crate::llm::factors::{agent_number, check_known, Factor, FactorValue};
use crate::llm::{LlmConfig, Transcript};
use crate::rng::{Key, Rng};
use economy::Economy;
use serde::{Deserialize, Serialize};

/// Most planners compared at once.
pub const MAX_PLANNERS: usize = 16;
/// Most worker choices one experiment may simulate (workers x years x planners).
pub const MAX_RESPONSES: u64 = 1_000_000_000;

/// How planners act.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Mode {
    /// The planner proposes `iterations` schedules, the economy settles under each, and it
    /// recommends one (its last, or the best it found).
    PlanOnce { iterations: usize },
    /// For `years` years, the planner sets the schedule every `period` years and workers
    /// respond year by year.
    TaxYears { years: usize, period: usize },
}

impl Mode {
    /// Schedules a planner proposes in the run.
    pub fn proposals(&self) -> usize {
        match *self {
            Mode::PlanOnce { iterations } => iterations,
            Mode::TaxYears { years, period } => years.div_ceil(period.max(1)),
        }
    }

    /// Economy-years a planner's run simulates.
    pub fn years(&self) -> usize {
        match *self {
            Mode::PlanOnce { iterations } => iterations + 2,
            Mode::TaxYears { years, .. } => years + 1,
        }
    }
}

/// A tax experiment: everything needed to reproduce it, including the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct TaxExperiment {
    /// Experiment seed: skills and workers' random choices derive from it.
    pub seed: u64,
    /// Number of workers N (a table of incomes has its own).
    pub workers: usize,
    pub skills: Skills,
    pub utility: Utility,
    /// Most hours a worker may work in a year's period, H.
    pub max_hours: f64,
    /// How workers choose their hours.
    pub labour: WorkerConfig,
    /// The status quo: the schedule before any planner acts, whose brackets planners set.
    pub schedule: Schedule,
    /// Revenue is rebated equally to every worker.
    pub rebate: bool,
    /// The welfare planners maximise.
    pub objective: Welfare,
    pub mode: Mode,
    /// The planners compared.
    pub planners: Vec<PlannerConfig>,
    /// Workers who ask a language model for their hours, among the others (tax years only).
    /// Absent when there are none, so older configs read and digest as before.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub llm_workers: Option<llm_workers::LlmWorkersConfig>,
    /// The replies of the LLM agents (see [`crate::llm::oracle`]): unit n for the n-th LLM
    /// planner, unit [`llm_workers::stream`]`(p, w)` for LLM worker w in planner p's run;
    /// recorded when the run asked the model, replayed when it is opened again. Absent
    /// without LLM agents, so older configs read and digest as before.
    #[serde(default, skip_serializing_if = "Transcript::is_empty")]
    pub transcript: Transcript,
}

impl Default for TaxExperiment {
    fn default() -> Self {
        presets::compare()
    }
}

impl TaxExperiment {
    /// Check everything; the error names the field and says what would be accepted.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let n = self.skills.workers(self.workers);
        check_count("workers", n, skills::MIN_WORKERS, skills::MAX_WORKERS)?;
        self.skills.validate().map_err(|e| e.under("skills"))?;
        self.utility.validate().map_err(|e| e.under("utility"))?;
        check_range("max_hours", self.max_hours, 1.0, 10_000.0)?;
        self.labour
            .validate(self.max_hours)
            .map_err(|e| e.under("labour"))?;
        self.schedule.validate().map_err(|e| e.under("schedule"))?;
        match self.mode {
            Mode::PlanOnce { iterations } => check_count("mode.iterations", iterations, 1, 1_000)?,
            Mode::TaxYears { years, period } => {
                check_count("mode.years", years, 1, 1_000)?;
                check_count("mode.period", period, 1, years)?;
            }
        }
        if self.planners.is_empty() || self.planners.len() > MAX_PLANNERS {
            return Err(ConfigError::new(
                "planners",
                format!("choose 1 to {MAX_PLANNERS} planners"),
            ));
        }
        let setup = self.planner_setup();
        for (i, p) in self.planners.iter().enumerate() {
            let at = format!("planners[{i}]");
            p.validate(&setup).map_err(|e| e.under(&at))?;
            if let Some(ep) = p.election() {
                if !matches!(self.mode, Mode::TaxYears { .. }) {
                    return Err(ConfigError::new(
                        format!("{at}.kind"),
                        "an election is held at the start of every tax period: use the tax-years mode",
                    ));
                }
                if ep.voters == planners::election::Voters::LlmWorkers && self.llm_workers.is_none()
                {
                    return Err(ConfigError::new(
                        format!("{at}.voters"),
                        "only the LLM workers vote, but there are none: add LLM workers or let every worker vote",
                    ));
                }
            }
        }
        let work = (n as u64)
            .saturating_mul(self.mode.years() as u64)
            .saturating_mul(self.planners.len() as u64);
        if work > MAX_RESPONSES {
            return Err(ConfigError::new(
                "workers",
                format!("workers x years x planners is {work}; at most {MAX_RESPONSES} worker choices per experiment"),
            ));
        }
        if let Some(w) = &self.llm_workers {
            let Mode::TaxYears { years, .. } = self.mode else {
                return Err(ConfigError::new(
                    "llm_workers",
                    "LLM workers choose once a year: use the tax-years mode",
                ));
            };
            let calls = (w.count as u64)
                .saturating_mul(years as u64)
                .saturating_mul(self.planners.len() as u64);
            w.validate(n, calls).map_err(|e| e.under("llm_workers"))?;
        }
        self.transcript.validate()
    }

    /// The LLM planners' configs, in order.
    pub fn llm_planners(&self) -> impl Iterator<Item = &planners::llm::LlmPlannerParams> {
        self.planners.iter().filter_map(|p| match p {
            PlannerConfig::Llm(l) => Some(l),
            _ => None,
        })
    }

    /// True when a language model plans or works.
    pub fn has_llm(&self) -> bool {
        self.llm_workers.is_some() || self.llm_planners().next().is_some()
    }

    /// True when planner `p`'s run asks a model (an LLM planner, or any planner when some
    /// workers are LLM workers).
    pub fn asks(&self, p: usize) -> bool {
        self.llm_workers.is_some() || self.planners.get(p).is_some_and(PlannerConfig::is_llm)
    }

    /// The same experiment with only the planners whose runs ask the model (what the host
    /// replays while it asks; the transcript's units count LLM planners, so they stay the
    /// same). With LLM workers every run asks: the experiment itself.
    pub fn llm_only(&self) -> TaxExperiment {
        let mut e = self.clone();
        if e.llm_workers.is_none() {
            e.planners.retain(PlannerConfig::is_llm);
        }
        e
    }

    /// The workers (skills drawn from the seed) and what they want.
    pub fn economy(&self) -> Economy {
        let n = self.skills.workers(self.workers);
        let mut rng = Rng::stream(self.seed, &[Key::Str("tax/skills")]);
        Economy {
            skills: self.skills.draw(n, &mut rng),
            utility: self.utility.clone(),
            max_hours: self.max_hours,
            rebate: self.rebate,
            seed: self.seed,
        }
    }
}

/// The tax lab in the registry ([`crate::labs`]): a unit is one planner's run.
pub struct TaxLab;

impl Lab for TaxLab {
    const ID: &'static str = "tax";
    const TITLE: &'static str = "Tax planner";
    const WORK_UNIT: &'static str = "worker choices";
    type Config = TaxExperiment;
    type Results = TaxResults;
    type Runner = TaxRunner;

    fn validate(cfg: &TaxExperiment) -> Result<(), ConfigError> {
        cfg.validate()
    }
    fn runner(cfg: &TaxExperiment) -> Result<TaxRunner, ConfigError> {
        TaxRunner::new(cfg)
    }
    fn units(cfg: &TaxExperiment) -> usize {
        cfg.planners.len()
    }
    fn unit_name(_cfg: &TaxExperiment) -> &'static str {
        "planners"
    }
    fn presets() -> Vec<LabPreset<TaxExperiment>> {
        presets::all()
    }

    fn has_llm(cfg: &TaxExperiment) -> bool {
        cfg.has_llm()
    }
    fn edit_llm(cfg: &mut TaxExperiment, f: &mut dyn FnMut(&mut LlmConfig)) {
        for p in &mut cfg.planners {
            if let PlannerConfig::Llm(l) = p {
                f(&mut l.llm);
            }
        }
        if let Some(w) = &mut cfg.llm_workers {
            f(&mut w.llm);
        }
    }
    fn transcript(cfg: &TaxExperiment) -> Option<&Transcript> {
        Some(&cfg.transcript)
    }
    fn set_transcript(cfg: &mut TaxExperiment, transcript: Transcript) {
        cfg.transcript = transcript;
    }
    fn llm_only(cfg: &TaxExperiment) -> TaxExperiment {
        cfg.llm_only()
    }
    fn llm_factors(cfg: &TaxExperiment) -> Vec<Factor> {
        let mut f: Vec<Factor> = cfg
            .llm_planners()
            .next()
            .map(|l| llm_prompt::factors(&l.prompt))
            .unwrap_or_default();
        if let Some(w) = &cfg.llm_workers {
            let election = cfg.planners.iter().any(|p| p.election().is_some());
            f.extend(
                w.factors()
                    .into_iter()
                    .filter(|x| election || x.id != llm_workers::BALLOT_FACTOR),
            );
        }
        f
    }
    fn set_llm_factor(
        cfg: &mut TaxExperiment,
        id: &str,
        value: &FactorValue,
    ) -> Result<(), ConfigError> {
        check_known(id, &Self::llm_factors(cfg))?;
        if id.starts_with("worker_") {
            if let Some(w) = &mut cfg.llm_workers {
                w.set_factor(id, value)?;
            }
            return Ok(());
        }
        let set = llm_prompt::setter(id, value)?;
        for p in &mut cfg.planners {
            if let PlannerConfig::Llm(l) = p {
                set(&mut l.prompt);
            }
        }
        Ok(())
    }
    fn llm_agent_label(cfg: &TaxExperiment, agent: &str) -> String {
        agent_number(agent, "LLM planner ")
            .and_then(|i| cfg.llm_planners().nth(i))
            .map_or_else(|| agent.to_string(), |l| l.label())
    }
    fn llm_unit_label(cfg: &TaxExperiment, unit: usize) -> String {
        match llm_workers::of_stream(unit) {
            Some((p, w)) => format!(
                "LLM worker {} under {}",
                w + 1,
                cfg.planners
                    .get(p)
                    .map_or_else(|| format!("planner {}", p + 1), |p| p.label())
            ),
            None => format!("LLM planner {}", unit + 1),
        }
    }
    /// Per planner: an LLM planner's updates after the first (which keeps the starting rates),
    /// every LLM worker's hours each year, and its vote at each election.
    fn llm_decisions(cfg: &TaxExperiment) -> Option<u64> {
        let proposals = cfg.mode.proposals() as u64;
        let years = match cfg.mode {
            Mode::TaxYears { years, .. } => years as u64,
            Mode::PlanOnce { .. } => 0,
        };
        let n = cfg.skills.workers(cfg.workers);
        let k = cfg.llm_workers.as_ref().map_or(0, |w| w.count.min(n)) as u64;
        let per_planner = |p: &PlannerConfig| {
            let planner = if p.is_llm() {
                proposals.saturating_sub(1)
            } else {
                0
            };
            let votes = if p.election().is_some() { proposals } else { 0 };
            planner.saturating_add(k.saturating_mul(years.saturating_add(votes)))
        };
        Some(
            cfg.planners
                .iter()
                .map(per_planner)
                .fold(0u64, u64::saturating_add),
        )
    }
    fn llm_units_word(cfg: &TaxExperiment) -> &'static str {
        if cfg.llm_workers.is_some() {
            "LLM agents"
        } else {
            "LLM planners"
        }
    }
}

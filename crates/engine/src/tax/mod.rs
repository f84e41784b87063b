//! The tax-planner lab: workers with calibrated skills choose their hours under bracketed
//! income taxes; planners (free market, US federal, Saez, search, black-box, bandit, the
//! oracle) set the rates; productivity, equality and welfare follow.
//!
//! - [`schedule`]: piecewise-linear schedules, US federal years, tax owed
//! - [`skills`]: skill distributions (GB2 fitted to ACS 2023, the AI Economist's Pareto
//!   rule, lognormal, uniform, tables)
//! - [`utility`]: the three utility forms; [`labour`]: the budget set and exact best
//!   response
//! - [`worker`] + [`workers`]: the worker role and its behaviours
//! - [`planner`] + [`planners`]: the planner role and every planner; [`saez`]: Saez's
//!   formula as the AI Economist computes it
//! - [`economy`]: one year; [`metrics`]: Gini, equality, welfare; [`run`]: the runner;
//!   [`presets`]: named experiments

pub mod economy;
pub mod labour;
pub mod metrics;
pub mod planner;
pub mod planners;
pub mod presets;
pub mod run;
pub mod saez;
pub mod schedule;
pub mod skills;
pub mod utility;
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
            p.validate(&setup)
                .map_err(|e| e.under(&format!("planners[{i}]")))?;
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
        Ok(())
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
}

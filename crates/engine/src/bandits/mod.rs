//! The bandit lab: environments, policies, batch runs with common random numbers, and a
//! step-by-step view of one run.

pub mod cost;
pub mod environment;
pub mod llm_factors;
pub mod llm_names;
pub mod llm_watch;
pub mod policies;
pub mod policy;
pub mod presets;
pub mod run;
pub mod theory;
pub mod watch;

pub use environment::{AdversarialSequence, EnvironmentConfig, Segment};
pub use policies::PolicyConfig;
pub use run::{BanditResults, BanditRunner, PolicyResult};

use crate::error::{check_count, ConfigError};
use crate::lab::{Lab, LabPreset};
use crate::llm::{LlmConfig, Transcript};
use policy::Setup;
use serde::{Deserialize, Serialize};

/// Most pulls (horizon x repetitions x policies) one experiment may ask for.
pub const MAX_PULLS: u64 = 2_000_000_000;

/// A bandit experiment: everything needed to reproduce it, including the seed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct BanditExperiment {
    /// Experiment seed: every random stream is derived from it.
    pub seed: u64,
    /// Rounds per run, T.
    pub horizon: usize,
    /// Independent runs R; policies share the reward draws of run r (common random numbers).
    pub repetitions: usize,
    /// The arms.
    pub environment: EnvironmentConfig,
    /// The algorithms compared.
    pub policies: Vec<PolicyConfig>,
    /// The replies of the LLM players, by repetition (see [`crate::llm::oracle`]): recorded
    /// while the run asks the model, replayed by every later run of the experiment.
    #[serde(default, skip_serializing_if = "Transcript::is_empty")]
    pub transcript: Transcript,
}

impl Default for BanditExperiment {
    fn default() -> Self {
        presets::classic()
    }
}

impl BanditExperiment {
    /// What every policy is told before round 1.
    pub fn setup(&self) -> Setup {
        Setup {
            arms: self.environment.arms(),
            horizon: self.horizon,
            dim: self.environment.dim(),
        }
    }

    /// Check everything; the error names the field and says what would be accepted.
    pub fn validate(&self) -> Result<(), ConfigError> {
        check_count("horizon", self.horizon, 1, 10_000_000)?;
        check_count("repetitions", self.repetitions, 1, 100_000)?;
        self.environment
            .validate(self.horizon)
            .map_err(|e| e.under("environment"))?;
        if self.policies.is_empty() {
            return Err(ConfigError::new("policies", "choose at least one policy"));
        }
        if self.policies.len() > 32 {
            return Err(ConfigError::new(
                "policies",
                "at most 32 policies can be compared at once",
            ));
        }
        let setup = self.setup();
        for (i, p) in self.policies.iter().enumerate() {
            p.validate(&setup)
                .map_err(|e| e.under(&format!("policies[{i}]")))?;
            if p.needs_context() && setup.dim == 0 {
                return Err(ConfigError::new(
                    format!("policies[{i}]"),
                    format!("{} needs a contextual environment (choose the linear contextual environment)", p.label()),
                ));
            }
        }
        self.transcript.validate()?;
        let pulls = self.horizon as u64 * self.repetitions as u64 * self.policies.len() as u64;
        if pulls > MAX_PULLS {
            return Err(ConfigError::new(
                "repetitions",
                format!("horizon x repetitions x policies is {pulls}; at most {MAX_PULLS} pulls per experiment"),
            ));
        }
        Ok(())
    }

    /// The parameters of every LLM policy, to edit them together.
    pub fn llm_policies_mut(&mut self) -> impl Iterator<Item = &mut policies::llm::LlmParams> {
        self.policies.iter_mut().filter_map(|p| match p {
            PolicyConfig::Llm(l) => Some(l),
            _ => None,
        })
    }

    /// True if an LLM plays.
    pub fn has_llm(&self) -> bool {
        self.policies.iter().any(PolicyConfig::is_llm)
    }

    /// Total pulls the experiment will simulate.
    pub fn total_pulls(&self) -> u64 {
        self.horizon as u64 * self.repetitions as u64 * self.policies.len() as u64
    }
}

/// The bandit lab in the registry ([`crate::labs`]): a unit is a repetition.
pub struct BanditsLab;

impl Lab for BanditsLab {
    const ID: &'static str = "bandits";
    const TITLE: &'static str = "Multi-armed bandits";
    const WORK_UNIT: &'static str = "pulls";
    type Config = BanditExperiment;
    type Results = BanditResults;
    type Runner = BanditRunner;

    fn validate(cfg: &BanditExperiment) -> Result<(), ConfigError> {
        cfg.validate()
    }

    fn runner(cfg: &BanditExperiment) -> Result<BanditRunner, ConfigError> {
        BanditRunner::new(cfg)
    }

    fn units(cfg: &BanditExperiment) -> usize {
        cfg.repetitions
    }

    fn cost(cfg: &BanditExperiment) -> Option<crate::cost::Cost> {
        Some(cfg.cost())
    }

    fn presets() -> Vec<LabPreset<BanditExperiment>> {
        presets::all()
    }

    fn has_llm(cfg: &BanditExperiment) -> bool {
        cfg.has_llm()
    }

    fn edit_llm(cfg: &mut BanditExperiment, f: &mut dyn FnMut(&mut LlmConfig)) {
        cfg.llm_policies_mut().for_each(|p| f(&mut p.llm));
    }

    fn transcript(cfg: &BanditExperiment) -> Option<&Transcript> {
        Some(&cfg.transcript)
    }

    fn set_transcript(cfg: &mut BanditExperiment, transcript: Transcript) {
        cfg.transcript = transcript;
    }

    fn llm_factors(cfg: &BanditExperiment) -> Vec<crate::llm::factors::Factor> {
        cfg.llm_factors()
    }

    fn set_llm_factor(
        cfg: &mut BanditExperiment,
        id: &str,
        value: &crate::llm::factors::FactorValue,
    ) -> Result<(), crate::ConfigError> {
        cfg.set_llm_factor(id, value)
    }

    fn llm_agent_label(cfg: &BanditExperiment, agent: &str) -> String {
        cfg.llm_agent_label(agent)
    }

    fn llm_unit_label(cfg: &BanditExperiment, unit: usize) -> String {
        cfg.llm_unit_label(unit)
    }

    fn llm_units_word(_cfg: &BanditExperiment) -> &'static str {
        "repetitions"
    }
}

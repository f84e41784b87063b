//! An election: at the start of every tax period the workers vote among candidates, each
//! standing on a stated platform (the schedule it would set), and the winner's platform is in
//! force until the next election. The LLM Economist's democratic scenario (Karten et al.
//! 2025), with planners as the candidates.
//!
//! Who votes ([`Voters`]): every worker, or only the LLM workers. A classical worker votes for
//! the platform that leaves it the highest utility once the economy has settled under it
//! (sincere, informed voting: Meltzer and Richard's voter); an LLM worker is shown the
//! platforms and asked (see [`crate::tax::voting`]). Plurality wins; a tie keeps the
//! incumbent if it is among the tied, else goes to the first tied candidate on the ballot.

use super::{About, PlannerConfig};
use crate::error::ConfigError;
use crate::rng::Rng;
use crate::tax::economy::Year;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Election",
    what: "Every tax period the workers vote among candidates, each standing on the schedule it would set; the winner's platform is in force until the next election.",
    knows: "What its candidates know; the voters know their own interest (classical workers) or read the platforms (LLM workers).",
    source: "Karten et al. (2025), LLM Economist (the democratic scenario); Meltzer & Richard (1981), A Rational Theory of the Size of Government.",
};

/// Fewest and most candidates on a ballot.
pub const MIN_CANDIDATES: usize = 2;
pub const MAX_CANDIDATES: usize = 6;

/// Who votes.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Voters {
    /// Every worker: classical workers for their own interest, LLM workers as the model says.
    #[default]
    All,
    /// Only the LLM workers (the LLM Economist's setting, where every worker is a model).
    LlmWorkers,
}

/// The candidates and the electorate.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct ElectionParams {
    /// The candidates, in ballot order: planners that state their policy.
    pub candidates: Vec<PlannerConfig>,
    pub voters: Voters,
}

impl Default for ElectionParams {
    fn default() -> Self {
        ElectionParams {
            candidates: vec![
                PlannerConfig::FreeMarket(Default::default()),
                PlannerConfig::Flat(Default::default()),
                PlannerConfig::SaezAnalytic(Default::default()),
            ],
            voters: Voters::All,
        }
    }
}

/// True for a planner that may stand: one whose platform is a stated policy, not learnt from
/// the years under its own proposals (those may be years under another candidate's).
pub fn may_stand(p: &PlannerConfig) -> bool {
    matches!(
        p,
        PlannerConfig::FreeMarket(_)
            | PlannerConfig::Flat(_)
            | PlannerConfig::UsFederal(_)
            | PlannerConfig::SaezAnalytic(_)
            | PlannerConfig::SaezData(_)
            | PlannerConfig::Oracle(_)
    )
}

impl ElectionParams {
    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        let k = self.candidates.len();
        if !(MIN_CANDIDATES..=MAX_CANDIDATES).contains(&k) {
            return Err(ConfigError::new(
                "candidates",
                format!(
                    "an election needs {MIN_CANDIDATES} to {MAX_CANDIDATES} candidates (got {k})"
                ),
            ));
        }
        for (j, c) in self.candidates.iter().enumerate() {
            let at = format!("candidates[{j}]");
            if !may_stand(c) {
                return Err(ConfigError::new(
                    format!("{at}.kind"),
                    format!("a candidate states its policy: free market, flat tax, US federal, Saez (analytic or data) or the oracle; a {} learns from the years under its own schedule and cannot stand", c.about().name),
                ));
            }
            c.validate(setup).map_err(|e| e.under(&at))?;
        }
        Ok(())
    }
    pub fn label(&self) -> String {
        let names: Vec<String> = self.candidates.iter().map(PlannerConfig::label).collect();
        let who = match self.voters {
            Voters::All => "",
            Voters::LlmWorkers => ", LLM voters",
        };
        format!("Election ({}{who})", names.join(" / "))
    }
    pub fn build(&self, setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(Election {
            candidates: self.candidates.iter().map(|c| c.build(setup)).collect(),
            incumbent: None,
        })
    }
}

pub struct Election {
    candidates: Vec<Box<dyn Planner>>,
    incumbent: Option<usize>,
}

impl Planner for Election {
    /// Every candidate sees every year (a data-driven Saez candidate fits its elasticity on
    /// them, whoever governs).
    fn observe(&mut self, year: &Year, welfare: f64) {
        for c in &mut self.candidates {
            c.observe(year, welfare);
        }
    }

    /// Without a vote (nobody to ask), the incumbent's platform: the first candidate's before
    /// any election.
    fn propose(&mut self, plan: &Plan<'_>, rng: &mut Rng) -> Schedule {
        let mut platforms = self.ballot(plan, rng).unwrap_or_default();
        let i = self
            .incumbent
            .unwrap_or(0)
            .min(platforms.len().saturating_sub(1));
        if platforms.is_empty() {
            return plan.baseline.clone();
        }
        platforms.swap_remove(i)
    }

    fn ballot(&mut self, plan: &Plan<'_>, rng: &mut Rng) -> Option<Vec<Schedule>> {
        Some(
            self.candidates
                .iter_mut()
                .map(|c| c.propose(plan, rng))
                .collect(),
        )
    }

    fn incumbent(&self) -> Option<usize> {
        self.incumbent
    }

    fn elected(&mut self, winner: usize) {
        self.incumbent = Some(winner);
    }
}

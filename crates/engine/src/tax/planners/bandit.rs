//! A bandit over rate changes, with the bandit lab's policies: each tax period the policy
//! picks an arm, a change of one bracket's rate by `+step` or `-step` (or no change, arm 0);
//! the changed schedule runs for the period, the arm's reward is
//! `1 / (1 + exp(-(W_new - W_current) / (scale |W_current|)))` (in [0, 1], 1/2 for no
//! change), and the change is kept if welfare rose. The policy learns which moves tend to
//! pay; the schedule climbs. The LLM Economist's planner moves rates by the same kind of
//! deltas (-20, -10, 0, +10, +20 points); here a classical bandit chooses them.
//!
//! The policies are the bandit lab's own (its `Policy` trait and configs): this planner is
//! the one place the tax lab uses another lab's code, by design of the issue that asked to
//! reuse them.

use super::{need_brackets, About};
use crate::bandits::policies::PolicyConfig;
use crate::bandits::policy::{Context, Policy, Setup as BanditSetup};
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::economy::Year;
use crate::tax::planner::{Plan, Planner, Setup};
use crate::tax::schedule::Schedule;
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Bandit (rate changes)",
    what: "A multi-armed bandit whose arms are small changes of one bracket's rate (up or down) or no change; it is rewarded when welfare rises, keeps the changes that helped, and learns which moves pay.",
    knows: "Only the welfare of the years it has observed.",
    source: "The bandit lab's policies (UCB1 by default: Auer et al. 2002); Karten et al. (2025), LLM Economist (rate deltas).",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct BanditParams {
    /// The bandit policy that chooses moves.
    pub policy: PolicyConfig,
    /// Size of a move (0.1 = 10 points).
    pub step: f64,
    /// Relative welfare change that earns a reward of about 0.73.
    pub scale: f64,
}

impl Default for BanditParams {
    fn default() -> Self {
        BanditParams {
            policy: PolicyConfig::Ucb1(Default::default()),
            step: 0.1,
            scale: 0.01,
        }
    }
}

impl BanditParams {
    fn bandit_setup(setup: &Setup<'_>) -> BanditSetup {
        BanditSetup {
            arms: 2 * setup.brackets + 1,
            horizon: setup.proposals.max(1),
            dim: 0,
        }
    }

    pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
        need_brackets(setup, ABOUT.name)?;
        check_range("step", self.step, 0.001, 1.0)?;
        check_range("scale", self.scale, 1e-9, 1e3)?;
        if self.policy.is_llm() || self.policy.needs_context() {
            return Err(ConfigError::new(
                "policy",
                format!(
                    "{} cannot choose tax moves here (choose a non-contextual, non-LLM policy)",
                    self.policy.label()
                ),
            ));
        }
        self.policy
            .validate(&Self::bandit_setup(setup))
            .map_err(|e| e.under("policy"))
    }
    pub fn label(&self) -> String {
        format!("Bandit ({})", self.policy.label())
    }
    pub fn build(&self, setup: &Setup<'_>) -> Box<dyn Planner> {
        Box::new(Bandit {
            policy: self.policy.build(&Self::bandit_setup(setup)),
            step: self.step,
            scale: self.scale,
            t: 0,
            current: None,
            pending: None,
            last_welfare: f64::NEG_INFINITY,
        })
    }
}

pub struct Bandit {
    policy: Box<dyn Policy>,
    step: f64,
    scale: f64,
    t: usize,
    /// The rates in force and their welfare.
    current: Option<(Vec<f64>, f64)>,
    /// The arm played last and its rates.
    pending: Option<(usize, Vec<f64>)>,
    last_welfare: f64,
}

impl Planner for Bandit {
    fn observe(&mut self, _year: &Year, welfare: f64) {
        self.last_welfare = welfare;
    }

    fn propose(&mut self, plan: &Plan<'_>, rng: &mut Rng) -> Schedule {
        let w = self.last_welfare;
        match (self.pending.take(), &mut self.current) {
            (Some((arm, rates)), Some(cur)) => {
                let scale = self.scale * cur.1.abs().max(1e-12);
                let reward = 1.0 / (1.0 + libm::exp(-(w - cur.1) / scale));
                self.policy.observe(self.t, arm, reward, Context::NONE);
                if w > cur.1 || arm == 0 {
                    *cur = (rates, w);
                }
            }
            (Some((_, rates)), None) => self.current = Some((rates, w)),
            (None, _) => {}
        }
        let Some((cur, _)) = &self.current else {
            let start = plan.baseline.rates.clone();
            self.pending = Some((0, start.clone()));
            return plan.with_rates(start);
        };
        self.t += 1;
        let arm = self.policy.choose(self.t, Context::NONE, rng);
        let mut rates = cur.clone();
        if arm > 0 {
            let k = (arm - 1) / 2;
            let d = if arm % 2 == 1 { self.step } else { -self.step };
            rates[k] = (rates[k] + d).clamp(0.0, 1.0);
        }
        self.pending = Some((arm, rates.clone()));
        plan.with_rates(rates)
    }

    fn recommend(&self, plan: &Plan<'_>) -> Option<Schedule> {
        let best = match (&self.pending, &self.current) {
            (Some((_, p)), Some(c)) if self.last_welfare > c.1 => p,
            (_, Some(c)) => &c.0,
            (Some((_, p)), None) => p,
            (None, None) => return None,
        };
        Some(plan.with_rates(best.clone()))
    }
}

//! Every bandit policy, one file each, registered once in the list below.
//!
//! To add an algorithm: write `my_algo.rs` with a `MyAlgoParams` config struct (serde,
//! `Default`, `validate`, `label`, `build`), a state struct implementing
//! [`Policy`], an `ABOUT` text and tests against its formula; then add
//! one line to `policies!` below. The config's `kind` string is what links and JSON use.
//!
//! Helpers shared by several policies live next to them: [`weights`] (numerically stable exponential weights),
//! and [`ridge`] (incremental ridge regression for the linear policies). Ties are broken by
//! [`Rng::argmax`](crate::rng::Rng::argmax): uniformly among the maxima.

use super::policy::{Policy, Setup};
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub mod bayes_ucb;
pub mod discounted_thompson;
pub mod epsilon_greedy;
pub mod exp3;
pub mod explore_then_commit;
pub mod gittins;
pub mod gradient_bandit;
pub mod hedge;
pub mod kl_ucb;
pub mod lin_ts;
pub mod lin_ucb;
pub mod llm;
pub mod moss;
pub mod ridge;
pub mod softmax;
pub mod successive_elimination;
pub mod sw_ucb;
pub mod thompson;
pub mod thompson_gaussian;
pub mod ucb1;
pub mod ucb_alpha;
pub mod ucb_optimal;
pub mod uniform;
pub mod weights;

/// A short explanation shown next to the algorithm in the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct About {
    /// Display name.
    pub name: &'static str,
    /// What it does, in one or two sentences a student understands.
    pub what: &'static str,
    /// Its regret guarantee (or the lack of one).
    pub guarantee: &'static str,
    /// Where it comes from.
    pub source: &'static str,
}

/// A policy's label: its name alone, or with the parameters that differ from their defaults,
/// e.g. "LinUCB (α=2, λ=0.5)".
pub fn label_with(name: &str, changed: &[String]) -> String {
    if changed.is_empty() {
        name.to_string()
    } else {
        format!("{name} ({})", changed.join(", "))
    }
}

macro_rules! policies {
    ($( $variant:ident => $kind:literal, $module:ident :: $params:ident ; )*) => {
        /// The config of one policy: `{"kind": "...", ...its parameters}`.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(tag = "kind")]
        pub enum PolicyConfig {
            $( #[serde(rename = $kind)] $variant($module::$params), )*
        }

        impl PolicyConfig {
            /// Every kind with its default parameters, in menu order.
            pub fn all_defaults() -> Vec<PolicyConfig> {
                vec![$( PolicyConfig::$variant($module::$params::default()), )*]
            }

            /// The `kind` string.
            pub fn kind(&self) -> &'static str {
                match self { $( PolicyConfig::$variant(_) => $kind, )* }
            }

            /// Check the parameters (`setup` gives K, T and the context dimension).
            pub fn validate(&self, setup: &Setup) -> Result<(), ConfigError> {
                match self { $( PolicyConfig::$variant(p) => p.validate(setup), )* }
            }

            /// A short label with the parameters that differ between instances, e.g. "ε-greedy (ε=0.1)".
            pub fn label(&self) -> String {
                match self { $( PolicyConfig::$variant(p) => p.label(), )* }
            }

            /// A fresh policy for one run. Call [`PolicyConfig::validate`] first.
            pub fn build(&self, setup: &Setup) -> Box<dyn Policy> {
                match self { $( PolicyConfig::$variant(p) => p.build(setup), )* }
            }

            /// The explanation shown in the app.
            pub fn about(&self) -> &'static About {
                match self { $( PolicyConfig::$variant(_) => &$module::ABOUT, )* }
            }

            /// True for a language-model player (its decisions come from a transcript).
            pub fn is_llm(&self) -> bool {
                matches!(self, PolicyConfig::Llm(_))
            }

            /// True if the policy needs per-arm feature vectors (a contextual environment).
            pub fn needs_context(&self) -> bool {
                matches!(self.kind(), "lin_ucb" | "lin_ts")
            }
        }
    };
}

policies! {
    Uniform => "uniform", uniform::UniformParams;
    EpsilonGreedy => "epsilon_greedy", epsilon_greedy::EpsilonGreedyParams;
    ExploreThenCommit => "explore_then_commit", explore_then_commit::ExploreThenCommitParams;
    Softmax => "softmax", softmax::SoftmaxParams;
    SuccessiveElimination => "successive_elimination", successive_elimination::SuccessiveEliminationParams;
    Ucb1 => "ucb1", ucb1::Ucb1Params;
    UcbAlpha => "ucb_alpha", ucb_alpha::UcbAlphaParams;
    UcbOptimal => "ucb_optimal", ucb_optimal::UcbOptimalParams;
    Moss => "moss", moss::MossParams;
    KlUcb => "kl_ucb", kl_ucb::KlUcbParams;
    Thompson => "thompson", thompson::ThompsonParams;
    ThompsonGaussian => "thompson_gaussian", thompson_gaussian::ThompsonGaussianParams;
    BayesUcb => "bayes_ucb", bayes_ucb::BayesUcbParams;
    Gittins => "gittins", gittins::GittinsParams;
    GradientBandit => "gradient_bandit", gradient_bandit::GradientBanditParams;
    Exp3 => "exp3", exp3::Exp3Params;
    Hedge => "hedge", hedge::HedgeParams;
    SwUcb => "sw_ucb", sw_ucb::SwUcbParams;
    DiscountedThompson => "discounted_thompson", discounted_thompson::DiscountedThompsonParams;
    LinUcb => "lin_ucb", lin_ucb::LinUcbParams;
    LinTs => "lin_ts", lin_ts::LinTsParams;
    Llm => "llm", llm::LlmParams;
}

//! Every tax planner, one file each, registered once in the list below. A planner's config
//! is `{"kind": "...", ...its parameters}`.

use super::planner::{Planner, Setup};
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub mod bandit;
pub mod cem;
pub mod election;
pub mod flat;
pub mod free_market;
pub mod llm;
pub mod oracle;
pub mod saez_analytic;
pub mod saez_data;
pub mod search;
pub mod us_federal;

/// A short explanation shown next to the planner in the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct About {
    pub name: &'static str,
    pub what: &'static str,
    /// What it knows: the model of the workers, or only the years it observes.
    pub knows: &'static str,
    pub source: &'static str,
}

macro_rules! planners {
    ($( $variant:ident => $kind:literal, $module:ident :: $params:ident ; )*) => {
        /// The config of one planner.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(tag = "kind")]
        pub enum PlannerConfig {
            $( #[serde(rename = $kind)] $variant($module::$params), )*
        }

        impl PlannerConfig {
            /// Every kind with its default parameters, in menu order.
            pub fn all_defaults() -> Vec<PlannerConfig> {
                vec![$( PlannerConfig::$variant($module::$params::default()), )*]
            }
            pub fn kind(&self) -> &'static str {
                match self { $( PlannerConfig::$variant(_) => $kind, )* }
            }
            /// Check the parameters against the run.
            pub fn validate(&self, setup: &Setup<'_>) -> Result<(), ConfigError> {
                match self { $( PlannerConfig::$variant(p) => p.validate(setup), )* }
            }
            /// A short label with the parameters that matter.
            pub fn label(&self) -> String {
                match self { $( PlannerConfig::$variant(p) => p.label(), )* }
            }
            /// A fresh planner for one run. Call [`PlannerConfig::validate`] first.
            pub fn build(&self, setup: &Setup<'_>) -> Box<dyn Planner> {
                match self { $( PlannerConfig::$variant(p) => p.build(setup), )* }
            }
            pub fn about(&self) -> &'static About {
                match self { $( PlannerConfig::$variant(_) => &$module::ABOUT, )* }
            }
        }
    };
}

planners! {
    FreeMarket => "free_market", free_market::FreeMarketParams;
    Flat => "flat", flat::FlatParams;
    UsFederal => "us_federal", us_federal::UsFederalParams;
    SaezAnalytic => "saez_analytic", saez_analytic::SaezAnalyticParams;
    SaezData => "saez_data", saez_data::SaezDataParams;
    Search => "search", search::SearchParams;
    Cem => "cem", cem::CemParams;
    Bandit => "bandit", bandit::BanditParams;
    Llm => "llm", llm::LlmPlannerParams;
    Election => "election", election::ElectionParams;
    Oracle => "oracle", oracle::OracleParams;
}

impl PlannerConfig {
    /// True for the exhaustive-grid oracle (the optimum the others are measured against).
    pub fn is_oracle(&self) -> bool {
        matches!(self, PlannerConfig::Oracle(_))
    }

    /// True for a language model (its decisions come from the transcript).
    pub fn is_llm(&self) -> bool {
        matches!(self, PlannerConfig::Llm(_))
    }

    /// An election's parameters.
    pub fn election(&self) -> Option<&election::ElectionParams> {
        match self {
            PlannerConfig::Election(e) => Some(e),
            _ => None,
        }
    }
}

/// Check that the schedule has at least two brackets (the Saez and search planners set a
/// rate per bracket and need a top bracket).
pub(crate) fn need_brackets(setup: &Setup<'_>, name: &str) -> Result<(), ConfigError> {
    if setup.brackets < 2 {
        return Err(ConfigError::new(
            "kind",
            format!("{name} needs a schedule with at least two brackets (the status quo has one)"),
        ));
    }
    Ok(())
}

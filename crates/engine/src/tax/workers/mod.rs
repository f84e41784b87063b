//! Every worker behaviour, one file each, registered once in the list below. A behaviour's
//! config is `{"kind": "...", ...its parameters}`.

use super::worker::Worker;
use crate::error::ConfigError;
use serde::{Deserialize, Serialize};

pub mod adaptive;
pub mod best_response;
pub mod grid;
pub mod softmax;

/// A short explanation shown next to the behaviour in the app.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct About {
    pub name: &'static str,
    pub what: &'static str,
    pub source: &'static str,
}

macro_rules! workers {
    ($( $variant:ident => $kind:literal, $module:ident :: $params:ident ; )*) => {
        /// How the workers choose their hours.
        #[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[serde(tag = "kind")]
        pub enum WorkerConfig {
            $( #[serde(rename = $kind)] $variant($module::$params), )*
        }

        impl WorkerConfig {
            /// Every kind with its default parameters, in menu order.
            pub fn all_defaults() -> Vec<WorkerConfig> {
                vec![$( WorkerConfig::$variant($module::$params::default()), )*]
            }
            pub fn kind(&self) -> &'static str {
                match self { $( WorkerConfig::$variant(_) => $kind, )* }
            }
            /// Check the parameters (`max_hours` is H).
            pub fn validate(&self, max_hours: f64) -> Result<(), ConfigError> {
                match self { $( WorkerConfig::$variant(p) => p.validate(max_hours), )* }
            }
            pub fn label(&self) -> String {
                match self { $( WorkerConfig::$variant(p) => p.label(), )* }
            }
            /// The behaviour for one run. Call [`WorkerConfig::validate`] first.
            pub fn build(&self) -> Box<dyn Worker> {
                match self { $( WorkerConfig::$variant(p) => p.build(), )* }
            }
            pub fn about(&self) -> &'static About {
                match self { $( WorkerConfig::$variant(_) => &$module::ABOUT, )* }
            }
        }
    };
}

workers! {
    BestResponse => "best_response", best_response::BestResponseParams;
    Grid => "grid", grid::GridParams;
    Softmax => "softmax", softmax::SoftmaxParams;
    Adaptive => "adaptive", adaptive::AdaptiveParams;
}

impl Default for WorkerConfig {
    fn default() -> Self {
        WorkerConfig::BestResponse(Default::default())
    }
}

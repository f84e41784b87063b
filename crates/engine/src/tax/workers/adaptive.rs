//! Workers who adjust slowly: each year they move a fraction `speed` of the way from last
//! year's hours to this year's best response, `l_t = l_{t-1} + speed (l*_t - l_{t-1})`
//! (partial adjustment, as in Nerlove 1958); they start the first year at `start_hours`.

use super::About;
use crate::error::{check_range, ConfigError};
use crate::rng::Rng;
use crate::tax::labour::Budget;
use crate::tax::worker::{Situation, Worker};
use serde::{Deserialize, Serialize};

pub const ABOUT: About = About {
    name: "Adaptive",
    what: "Each year every worker moves part of the way (the speed) from last year's hours towards its best response: a tax change shows its full effect only after a few years.",
    source: "Nerlove (1958), partial adjustment.",
};

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct AdaptiveParams {
    /// Fraction of the gap closed each year, from 0 (never move) to 1 (best response).
    pub speed: f64,
    /// Hours everyone works before the first year.
    pub start_hours: f64,
}

impl Default for AdaptiveParams {
    fn default() -> Self {
        AdaptiveParams {
            speed: 0.3,
            start_hours: 40.0,
        }
    }
}

impl AdaptiveParams {
    pub fn validate(&self, max_hours: f64) -> Result<(), ConfigError> {
        check_range("speed", self.speed, 0.0, 1.0)?;
        check_range("start_hours", self.start_hours, 0.0, max_hours)
    }
    pub fn label(&self) -> String {
        format!("Adaptive (speed {})", self.speed)
    }
    pub fn build(&self) -> Box<dyn Worker> {
        Box::new(Adaptive {
            speed: self.speed,
            start: self.start_hours,
        })
    }
}

pub struct Adaptive {
    speed: f64,
    start: f64,
}

impl Worker for Adaptive {
    fn hours(&mut self, at: Situation, budget: &Budget<'_>, _rng: &mut Rng) -> f64 {
        let prev = if at.year == 0 {
            self.start
        } else {
            at.previous
        };
        let target = budget.best_response(at.skill);
        (prev + self.speed * (target - prev)).clamp(0.0, budget.max_hours)
    }
}

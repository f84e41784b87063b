//! The strategy role of the iterated game: one trait, implemented once per strategy in
//! `strategies/`.

use super::game::GameConfig;
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// One of the two actions of a 2x2 game. In a prisoner's dilemma `C` is cooperate and `D`
/// defect; in other games they are the first and second action of [`GameConfig::actions`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Action {
    C,
    D,
}

impl Action {
    /// The other action.
    pub fn flip(self) -> Action {
        match self {
            Action::C => Action::D,
            Action::D => Action::C,
        }
    }

    /// Row/column index in the payoff matrices: C = 0, D = 1.
    pub fn index(self) -> usize {
        match self {
            Action::C => 0,
            Action::D => 1,
        }
    }

    /// The action with payoff-matrix index `i` (0 = C, anything else = D).
    pub fn from_index(i: usize) -> Action {
        if i == 0 {
            Action::C
        } else {
            Action::D
        }
    }

    /// `C` with probability `p`, else `D`. Like Axelrod's `random_choice`, no random number is
    /// drawn when `p` is 0 or 1, so deterministic strategies never consume randomness.
    pub fn with_probability(p: f64, rng: &mut Rng) -> Action {
        if p >= 1.0 {
            Action::C
        } else if p <= 0.0 || p.is_nan() {
            Action::D
        } else if rng.uniform() < p {
            Action::C
        } else {
            Action::D
        }
    }

    /// Parse a sequence such as `"CCD"` (case-insensitive; spaces and commas ignored).
    pub fn parse_seq(s: &str) -> Result<Vec<Action>, String> {
        let mut out = Vec::new();
        for ch in s.chars() {
            match ch {
                'C' | 'c' => out.push(Action::C),
                'D' | 'd' => out.push(Action::D),
                ' ' | ',' => {}
                other => {
                    return Err(format!(
                        "'{other}' is not an action: write a sequence of C and D, like \"CCD\""
                    ))
                }
            }
        }
        Ok(out)
    }

    /// The letter `C` or `D`.
    pub fn letter(self) -> char {
        match self {
            Action::C => 'C',
            Action::D => 'D',
        }
    }
}

/// What the app shows about a strategy, plus Axelrod's classifier entries.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct About {
    /// Display name (Axelrod's `name`).
    pub name: &'static str,
    /// The identifier used in configs: Axelrod's class name (e.g. `TitForTat`) where the
    /// library has the strategy.
    pub axelrod: &'static str,
    /// The rules, in one or two sentences a student understands.
    pub rules: &'static str,
    /// How many past rounds the strategy looks at (`None`: the whole history).
    pub memory: Option<usize>,
    /// True if the strategy draws random numbers (with its default parameters).
    pub stochastic: bool,
    /// Where it comes from.
    pub source: &'static str,
}

/// A strategy for the iterated 2x2 game.
///
/// Each round the match calls [`Strategy::act`] with the histories so far (`own[t]` and
/// `opp[t]` are the moves of round `t + 1` as recorded, after noise), the stage game *as seen
/// by this player* (its own payoffs are [`GameConfig::row`], whichever side it plays) and its
/// own random stream. All randomness must come from `rng`. Within a match the histories grow
/// by one round between calls; [`Strategy::reset`] is called before each match.
pub trait Strategy {
    /// The action for the next round.
    fn act(&mut self, own: &[Action], opp: &[Action], game: &GameConfig, rng: &mut Rng) -> Action;

    /// Forget everything learned, ready for a new match.
    fn reset(&mut self);

    /// Name, identifier, memory depth and rules.
    fn about(&self) -> &'static About;

    /// LLM players only: the run tells the player, once after building it, where its replies
    /// come from, under which name it asks and how many rounds a match has (see
    /// [`crate::llm::oracle`]).
    fn connect(&mut self, _link: &crate::llm::AgentLink) {}
}

//! Learning dynamics in self-play: two players of a normal-form game with 2 or 3 actions each
//! learn at the same time with the same rule, and the time averages of their strategies are
//! recorded step by step.
//!
//! Learners (each keeps its own statistics and plays a mixed strategy `x_t`):
//! - **Hedge** (multiplicative weights; Freund & Schapire 1997): `x_{t+1,i}` is proportional
//!   to `exp(eta * U_{t,i})`, where `U_{t,i}` is the cumulative payoff action `i` would have
//!   earned. Its external regret is at most `ln(m) / eta + eta T D^2 / 8` for payoffs in a
//!   range of width `D` (Cesa-Bianchi & Lugosi, *Prediction, Learning, and Games*, 2006,
//!   Thm 2.2).
//! - **Regret matching** (Hart & Mas-Colell 2000): with cumulative regrets
//!   `R_{t,i} = sum_s (u_{s,i} - u_s(played))`, play `x_{t+1,i}` proportional to
//!   `max(R_{t,i}, 0)`, uniform when no regret is positive. With expected payoffs its regret
//!   obeys `max_i R_{T,i} <= D sqrt(m T)` (Cesa-Bianchi & Lugosi 2006, Cor. 2.1 with p = 2).
//! - **Fictitious play** (Brown 1951): play a pure best response to the empirical frequency of
//!   the opponent's past actions; the first action and ties are drawn at random from the
//!   player's seeded stream.
//!
//! Feedback: with `sampled = false` (the default) each player learns from the expected payoff
//! of each of its actions against the opponent's current mixed strategy, `u = A y_t` for the
//! row player and `u = B^T x_t` for the column player; the run is then deterministic except
//! for fictitious play's tie-breaking. With `sampled = true` both players draw actions from
//! their mixed strategies (streams `["games/dynamics", "play", player]`) and learn from the
//! payoff of each action against the opponent's drawn action, and the payoff of the played
//! action is the realized one. Fictitious play counts the opponent's drawn actions (in the
//! expected mode the opponent's strategy is already pure, so both modes count the same way).
//!
//! Recorded per step `t = 1..T`: the current strategies `x_t, y_t`, their time averages
//! `(1/t) sum_s x_s` (in the sampled mode the empirical frequencies of the drawn actions) and
//! each player's average external regret `(max_i sum_s u_{s,i} - sum_s u_s(played)) / t`.

mod equilibrium;

use super::game::{GameConfig, MAX_PAYOFF};
use crate::error::{check_count, ConfigError};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};

/// Most steps of one run.
pub const MAX_STEPS: usize = 100_000;
/// Largest Hedge learning rate accepted.
pub const MAX_ETA: f64 = 100.0;

/// A two-player normal-form game with 2 or 3 actions per player.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct MatrixGame {
    /// `row[i][j]`: row player's payoff when row plays `i` and column plays `j`.
    pub row: Vec<Vec<f64>>,
    /// `col[i][j]`: column player's payoff when row plays `i` and column plays `j`.
    pub col: Vec<Vec<f64>>,
    /// Names of the actions, for tables and charts ("Rock", "Paper", "Scissors"). Optional:
    /// experiments saved before it existed load without it, and it is left out of the JSON
    /// when unset, so their links and digests stay the same.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actions: Option<ActionNames>,
}

/// The action names of a [`MatrixGame`]: one per row and one per column.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct ActionNames {
    /// The row player's actions, in row order.
    pub row: Vec<String>,
    /// The column player's actions, in column order.
    pub col: Vec<String>,
}

/// Longest action name accepted.
pub const MAX_ACTION_NAME: usize = 40;

impl ActionNames {
    /// The same names for both players.
    pub fn both(names: &[&str]) -> Self {
        let v: Vec<String> = names.iter().map(|s| s.to_string()).collect();
        ActionNames {
            row: v.clone(),
            col: v,
        }
    }
}

impl MatrixGame {
    /// Rock-Paper-Scissors (actions Rock, Paper, Scissors): a win pays 1, a loss -1; zero-sum
    /// with the unique equilibrium (1/3, 1/3, 1/3) for both.
    pub fn rock_paper_scissors() -> Self {
        let row = vec![
            vec![0.0, -1.0, 1.0],
            vec![1.0, 0.0, -1.0],
            vec![-1.0, 1.0, 0.0],
        ];
        Self::zero_sum(row).named(ActionNames::both(&["Rock", "Paper", "Scissors"]))
    }

    /// Matching Pennies: row wins 1 when the coins match; unique equilibrium (1/2, 1/2).
    pub fn matching_pennies() -> Self {
        Self::zero_sum(vec![vec![1.0, -1.0], vec![-1.0, 1.0]])
            .named(ActionNames::both(&["Heads", "Tails"]))
    }

    /// The same game with action names.
    pub fn named(mut self, actions: ActionNames) -> Self {
        self.actions = Some(actions);
        self
    }

    /// The names of the row's and the column's actions: the game's own, else "action 1",
    /// "action 2", ...
    pub fn action_names(&self) -> (Vec<String>, Vec<String>) {
        let (m, n) = self.shape();
        let numbered = |k: usize| (1..=k).map(|i| format!("action {i}")).collect();
        match &self.actions {
            Some(a) if a.row.len() == m && a.col.len() == n => (a.row.clone(), a.col.clone()),
            _ => (numbered(m), numbered(n)),
        }
    }

    /// The 2x2 stage game with these payoffs and action names, to play repeatedly; named after
    /// the menu's game with the same payoffs when there is one. `None` unless 2x2.
    pub fn stage_game(&self) -> Option<GameConfig> {
        if self.shape() != (2, 2) {
            return None;
        }
        let cell = |m: &Vec<Vec<f64>>| [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];
        let (row, column) = (cell(&self.row), cell(&self.col));
        let name = GameConfig::presets()
            .into_iter()
            .find(|p| p.game.row == row && p.game.column == column)
            .map_or_else(|| "Matrix game".to_string(), |p| p.game.name);
        let (names, _) = self.action_names();
        Some(GameConfig {
            name,
            actions: [names[0].clone(), names[1].clone()],
            row,
            column,
        })
    }

    /// True when both games have the same payoffs (whatever their action names).
    pub fn same_payoffs(&self, other: &MatrixGame) -> bool {
        self.row == other.row && self.col == other.col
    }

    /// The prisoner's dilemma with Axelrod's payoffs R, S, T, P = 3, 0, 5, 1 (action 0 is
    /// Cooperate, 1 Defect); Defect strictly dominates.
    pub fn prisoners_dilemma() -> Self {
        Self::from(&GameConfig::prisoners_dilemma())
    }

    /// Battle of the Sexes as in the `battle_of_the_sexes` game preset: (10, 7) and (7, 10)
    /// on the diagonal, 0 off it.
    pub fn battle_of_the_sexes() -> Self {
        MatrixGame {
            row: vec![vec![10.0, 0.0], vec![0.0, 7.0]],
            col: vec![vec![7.0, 0.0], vec![0.0, 10.0]],
            actions: Some(ActionNames::both(&["J", "F"])),
        }
    }

    /// The zero-sum game in which the column player gets `-row`.
    pub fn zero_sum(row: Vec<Vec<f64>>) -> Self {
        let col = row.iter().map(|r| r.iter().map(|x| -x).collect()).collect();
        MatrixGame {
            row,
            col,
            actions: None,
        }
    }

    /// Number of actions of (row, column).
    pub fn shape(&self) -> (usize, usize) {
        (self.row.len(), self.row.first().map_or(0, Vec::len))
    }

    pub fn validate(&self) -> Result<(), ConfigError> {
        let (m, n) = self.shape();
        if !(2..=3).contains(&m) {
            return Err(ConfigError::new(
                "row",
                format!("the row player needs 2 or 3 actions (got {m})"),
            ));
        }
        if !(2..=3).contains(&n) {
            return Err(ConfigError::new(
                "row[0]",
                format!("the column player needs 2 or 3 actions (got {n})"),
            ));
        }
        for (field, mat) in [("row", &self.row), ("col", &self.col)] {
            if mat.len() != m {
                return Err(ConfigError::new(
                    field,
                    format!("needs {m} rows, one per row action (got {})", mat.len()),
                ));
            }
            for (i, r) in mat.iter().enumerate() {
                if r.len() != n {
                    return Err(ConfigError::new(
                        format!("{field}[{i}]"),
                        format!("needs {n} entries, one per column action (got {})", r.len()),
                    ));
                }
                for (j, &x) in r.iter().enumerate() {
                    if !x.is_finite() || x.abs() > MAX_PAYOFF {
                        return Err(ConfigError::new(
                            format!("{field}[{i}][{j}]"),
                            format!("each payoff must be a number between -{MAX_PAYOFF} and {MAX_PAYOFF} (got {x})"),
                        ));
                    }
                }
            }
        }
        if let Some(a) = &self.actions {
            for (field, names, k, whose) in [
                ("actions.row", &a.row, m, "row"),
                ("actions.col", &a.col, n, "column"),
            ] {
                if names.len() != k {
                    return Err(ConfigError::new(
                        field,
                        format!(
                            "needs {k} names, one per {whose} action (got {})",
                            names.len()
                        ),
                    ));
                }
                for (i, name) in names.iter().enumerate() {
                    let len = name.trim().chars().count();
                    if len == 0 || len > MAX_ACTION_NAME {
                        return Err(ConfigError::new(
                            format!("{field}[{i}]"),
                            format!("each action name needs 1 to {MAX_ACTION_NAME} characters (got {len})"),
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Row player's payoff of each action against the column player's mixed strategy `y`.
    pub fn row_payoffs(&self, y: &[f64]) -> Vec<f64> {
        self.row
            .iter()
            .map(|r| r.iter().zip(y).map(|(a, b)| a * b).sum())
            .collect()
    }

    /// Column player's payoff of each action against the row player's mixed strategy `x`.
    pub fn col_payoffs(&self, x: &[f64]) -> Vec<f64> {
        let n = self.shape().1;
        (0..n)
            .map(|j| self.col.iter().zip(x).map(|(r, xi)| r[j] * xi).sum())
            .collect()
    }

    /// Width of each player's payoff range, (max - min of `row`, max - min of `col`).
    pub fn ranges(&self) -> (f64, f64) {
        let width = |m: &[Vec<f64>]| {
            let (lo, hi) = m
                .iter()
                .flatten()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), &x| {
                    (l.min(x), h.max(x))
                });
            hi - lo
        };
        (width(&self.row), width(&self.col))
    }
}

impl From<&GameConfig> for MatrixGame {
    /// The 2x2 stage game of the repeated-games lab (action 0 is C, 1 is D).
    fn from(g: &GameConfig) -> Self {
        MatrixGame {
            row: g.row.iter().map(|r| r.to_vec()).collect(),
            col: g.column.iter().map(|r| r.to_vec()).collect(),
            actions: Some(ActionNames {
                row: g.actions.to_vec(),
                col: g.actions.to_vec(),
            }),
        }
    }
}

/// The learning rule both players use.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", deny_unknown_fields)]
pub enum LearnerConfig {
    /// Multiplicative weights with learning rate `eta`.
    Hedge { eta: f64 },
    /// Hart & Mas-Colell's regret matching.
    RegretMatching,
    /// Brown's fictitious play.
    FictitiousPlay,
}

impl LearnerConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        match self {
            LearnerConfig::Hedge { eta } => {
                if !eta.is_finite() || *eta <= 0.0 || *eta > MAX_ETA {
                    return Err(ConfigError::new(
                        "eta",
                        format!("the learning rate must be a number above 0 and at most {MAX_ETA} (got {eta})"),
                    ));
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    /// Display name.
    pub fn label(&self) -> String {
        match self {
            LearnerConfig::Hedge { eta } => format!("Hedge (eta = {eta})"),
            LearnerConfig::RegretMatching => "Regret matching".into(),
            LearnerConfig::FictitiousPlay => "Fictitious play".into(),
        }
    }
}

fn default_steps() -> usize {
    1000
}

/// A self-play run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct DynamicsConfig {
    pub seed: u64,
    pub game: MatrixGame,
    pub learner: LearnerConfig,
    #[serde(default = "default_steps")]
    pub steps: usize,
    /// Learn from sampled actions instead of expected payoffs.
    #[serde(default)]
    pub sampled: bool,
}

/// What one player did over the run; every vector has one entry per step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Trajectory {
    /// `current[t]`: the mixed strategy played at step `t + 1`.
    pub current: Vec<Vec<f64>>,
    /// `average[t]`: the time average after `t + 1` steps.
    pub average: Vec<Vec<f64>>,
    /// `regret[t]`: average external regret after `t + 1` steps.
    pub regret: Vec<f64>,
}

/// Both players' trajectories.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DynamicsResults {
    pub row: Trajectory,
    pub col: Trajectory,
}

/// One player's learning state.
struct Learner {
    rule: LearnerConfig,
    /// Hedge: cumulative payoff of each action; regret matching: cumulative regret;
    /// fictitious play: counts of the opponent's actions.
    stats: Vec<f64>,
    /// Cumulative payoff of each action (for the regret record).
    cumulative: Vec<f64>,
    /// Cumulative payoff of the play.
    earned: f64,
    rng: Rng,
}

impl Learner {
    fn new(rule: &LearnerConfig, actions: usize, opp_actions: usize, rng: Rng) -> Self {
        let stats = match rule {
            LearnerConfig::FictitiousPlay => vec![0.0; opp_actions],
            _ => vec![0.0; actions],
        };
        Learner {
            rule: rule.clone(),
            stats,
            cumulative: vec![0.0; actions],
            earned: 0.0,
            rng,
        }
    }

    /// The mixed strategy for the next step. `payoff_vs(belief)` gives this player's payoff of
    /// each action against the opponent's mixed strategy `belief` (used by fictitious play).
    fn strategy(&mut self, actions: usize, payoff_vs: impl Fn(&[f64]) -> Vec<f64>) -> Vec<f64> {
        match &self.rule {
            LearnerConfig::Hedge { eta } => {
                let top = self.stats.iter().fold(f64::NEG_INFINITY, |m, &x| m.max(x));
                let w: Vec<f64> = self
                    .stats
                    .iter()
                    .map(|u| libm::exp(eta * (u - top)))
                    .collect();
                let s: f64 = w.iter().sum();
                w.iter().map(|x| x / s).collect()
            }
            LearnerConfig::RegretMatching => {
                let pos: Vec<f64> = self.stats.iter().map(|r| r.max(0.0)).collect();
                let s: f64 = pos.iter().sum();
                if s > 0.0 {
                    pos.iter().map(|x| x / s).collect()
                } else {
                    vec![1.0 / actions as f64; actions]
                }
            }
            LearnerConfig::FictitiousPlay => {
                let total: f64 = self.stats.iter().sum();
                let best = if total == 0.0 {
                    self.rng.below(actions)
                } else {
                    let belief: Vec<f64> = self.stats.iter().map(|c| c / total).collect();
                    self.rng.argmax(&payoff_vs(&belief))
                };
                let mut x = vec![0.0; actions];
                x[best] = 1.0;
                x
            }
        }
    }

    /// Learn from `u` (payoff of each own action), the payoff of the play `got`, and the
    /// opponent's play `opp` (a mixed strategy or a one-hot drawn action).
    fn learn(&mut self, u: &[f64], got: f64, opp: &[f64]) {
        for (c, x) in self.cumulative.iter_mut().zip(u) {
            *c += x;
        }
        self.earned += got;
        match self.rule {
            LearnerConfig::Hedge { .. } => {
                for (s, x) in self.stats.iter_mut().zip(u) {
                    *s += x;
                }
            }
            LearnerConfig::RegretMatching => {
                for (s, x) in self.stats.iter_mut().zip(u) {
                    *s += x - got;
                }
            }
            LearnerConfig::FictitiousPlay => {
                for (s, x) in self.stats.iter_mut().zip(opp) {
                    *s += x;
                }
            }
        }
    }

    fn regret(&self, t: usize) -> f64 {
        let best = self
            .cumulative
            .iter()
            .fold(f64::NEG_INFINITY, |m, &x| m.max(x));
        (best - self.earned) / t as f64
    }
}

fn one_hot(n: usize, k: usize) -> Vec<f64> {
    let mut v = vec![0.0; n];
    v[k] = 1.0;
    v
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

impl DynamicsConfig {
    pub fn validate(&self) -> Result<(), ConfigError> {
        self.game.validate().map_err(|e| e.under("game"))?;
        self.learner.validate().map_err(|e| e.under("learner"))?;
        check_count("steps", self.steps, 1, MAX_STEPS)
    }

    /// Run the dynamics (see the module documentation for the rules).
    pub fn run(&self) -> Result<DynamicsResults, ConfigError> {
        self.validate()?;
        let (m, n) = self.game.shape();
        let g = &self.game;
        let stream = |who: u64, what: &str| {
            Rng::stream(
                self.seed,
                &["games/dynamics".into(), what.into(), who.into()],
            )
        };
        let mut row = Learner::new(&self.learner, m, n, stream(0, "learner"));
        let mut col = Learner::new(&self.learner, n, m, stream(1, "learner"));
        let mut play_rng = [stream(0, "play"), stream(1, "play")];
        let empty = || Trajectory {
            current: Vec::with_capacity(self.steps),
            average: Vec::with_capacity(self.steps),
            regret: Vec::with_capacity(self.steps),
        };
        let (mut tr_row, mut tr_col) = (empty(), empty());
        let mut sum_x = vec![0.0; m];
        let mut sum_y = vec![0.0; n];
        for t in 1..=self.steps {
            let x = row.strategy(m, |belief| g.row_payoffs(belief));
            let y = col.strategy(n, |belief| g.col_payoffs(belief));
            let (px, py) = if self.sampled {
                let a = play_rng[0].categorical(&x);
                let b = play_rng[1].categorical(&y);
                (one_hot(m, a), one_hot(n, b))
            } else {
                (x.clone(), y.clone())
            };
            let ur = g.row_payoffs(&py);
            let uc = g.col_payoffs(&px);
            let (got_r, got_c) = (dot(&ur, &px), dot(&uc, &py));
            row.learn(&ur, got_r, &py);
            col.learn(&uc, got_c, &px);
            for (s, v) in sum_x.iter_mut().zip(&px) {
                *s += v;
            }
            for (s, v) in sum_y.iter_mut().zip(&py) {
                *s += v;
            }
            let tf = t as f64;
            tr_row.current.push(x);
            tr_row.average.push(sum_x.iter().map(|s| s / tf).collect());
            tr_row.regret.push(row.regret(t));
            tr_col.current.push(y);
            tr_col.average.push(sum_y.iter().map(|s| s / tf).collect());
            tr_col.regret.push(col.regret(t));
        }
        Ok(DynamicsResults {
            row: tr_row,
            col: tr_col,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversion_keeps_the_stage_game() {
        let g = MatrixGame::from(&GameConfig::prisoners_dilemma());
        assert_eq!(g.row, vec![vec![3.0, 0.0], vec![5.0, 1.0]]);
        assert_eq!(g.col, vec![vec![3.0, 5.0], vec![0.0, 1.0]]);
        assert_eq!(g.shape(), (2, 2));
    }

    #[test]
    fn explains_bad_games() {
        let mut g = MatrixGame::rock_paper_scissors();
        g.col[1].pop();
        assert_eq!(g.validate().unwrap_err().field, "col[1]");
        let g = MatrixGame {
            row: vec![vec![1.0; 4]; 2],
            col: vec![vec![1.0; 4]; 2],
            actions: None,
        };
        assert_eq!(g.validate().unwrap_err().field, "row[0]");
        let mut g = MatrixGame::rock_paper_scissors();
        g.actions.as_mut().unwrap().col.pop();
        let e = g.validate().unwrap_err();
        assert_eq!(e.field, "actions.col");
        assert!(e.message.contains("needs 3 names"), "{}", e.message);
        let cfg = DynamicsConfig {
            seed: 0,
            game: MatrixGame::matching_pennies(),
            learner: LearnerConfig::Hedge { eta: 0.0 },
            steps: 10,
            sampled: false,
        };
        assert_eq!(cfg.run().unwrap_err().field, "learner.eta");
    }
}

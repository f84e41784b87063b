//! Prompts from the papers Agora's LLM players follow.
//!
//! - Repeated 2x2 games, Akata et al., "Playing repeated games with large language models",
//!   Nature Human Behaviour (2025): the rules as one sentence per outcome with the payoffs as
//!   this player sees them, one sentence per past round, the current round, then
//!   "Q: Which Option do you choose, Option J or Option F?" and "A: Option", which the model
//!   completes. The order of the two options in the question is shuffled per round (the
//!   caller draws it with its own random stream and passes a bool). Social chain of thought
//!   (SCoT) first asks which option the other player will choose, then which option is best
//!   given that prediction.
//! - Bandits, Krishnamurthy et al., "Can large language models explore in-context?" (NeurIPS
//!   2024): a system message describing the scenario (buttons in a room, or advertisements
//!   on a web page), framed neutrally or suggestively ("You are a bandit algorithm ..."), and
//!   a user message with the history (every round, or per-arm counts and mean rewards), the
//!   requested answer (one arm, or a distribution over arms, inside `<Answer>` tags) and the
//!   reasoning instruction (answer only, or think step by step). Arms are numbered 1..k here
//!   (the paper used colours and letters) so every reply is read by the same parser,
//!   [`super::parse::parse_arm`].
//!
//! Wording differences from the published Akata prompt, all for payoffs the paper did not
//! use: "1 point" in the singular, and a negative payoff as "lose N points".

use super::provider::Message;
use crate::error::ConfigError;
use crate::games::game::GameConfig;
use crate::games::strategy::Action;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Which side of the game the model plays.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Seat {
    Row,
    Column,
}

/// A 2x2 game as one player sees it: option labels and `payoffs[mine][other] = (my points,
/// other player's points)`, with index 0 = the first action (C) and 1 = the second (D).
#[derive(Clone, Debug, PartialEq)]
pub struct AkataGame {
    pub labels: [String; 2],
    pub payoffs: [[(f64, f64); 2]; 2],
}

/// Akata et al.'s option labels: J for the first action, F for the second.
pub const AKATA_LABELS: [&str; 2] = ["J", "F"];

impl AkataGame {
    /// The game `game` as the player in `seat` sees it, with the given option labels.
    pub fn from_game(game: &GameConfig, seat: Seat, labels: [&str; 2]) -> Self {
        let mut payoffs = [[(0.0, 0.0); 2]; 2];
        for (mine, row) in payoffs.iter_mut().enumerate() {
            for (other, cell) in row.iter_mut().enumerate() {
                *cell = match seat {
                    Seat::Row => (game.row[mine][other], game.column[mine][other]),
                    Seat::Column => (game.column[other][mine], game.row[other][mine]),
                };
            }
        }
        AkataGame {
            labels: [labels[0].to_string(), labels[1].to_string()],
            payoffs,
        }
    }

    fn label(&self, a: Action) -> &str {
        &self.labels[a.index()]
    }

    fn points(&self, mine: Action, other: Action) -> (f64, f64) {
        self.payoffs[mine.index()][other.index()]
    }

    /// "Option J or Option F", in the given order.
    fn question_pair(&self, swap: bool) -> String {
        let (a, b) = if swap {
            (&self.labels[1], &self.labels[0])
        } else {
            (&self.labels[0], &self.labels[1])
        };
        format!("Option {a} or Option {b}")
    }

    /// Everything up to and including "You are currently playing round k.".
    fn preamble(&self, total_rounds: usize, history: &[(Action, Action)]) -> String {
        let (j, f) = (&self.labels[0], &self.labels[1]);
        let mut s = format!(
            "You are playing a game repeatedly with another player. In this game, you can choose between Option {j} and Option {f}. You will play {total_rounds} rounds in total with the same player. The rules of the game are as follows:\n"
        );
        for mine in [Action::C, Action::D] {
            for other in [Action::C, Action::D] {
                let (p, q) = self.points(mine, other);
                let _ = writeln!(
                    s,
                    "If you choose Option {} and the other player chooses Option {}, then you {} and the other player {}.",
                    self.label(mine),
                    self.label(other),
                    points_phrase(p, false),
                    points_phrase(q, false).replacen("win", "wins", 1).replacen("lose", "loses", 1)
                );
            }
        }
        for (round, &(mine, other)) in history.iter().enumerate() {
            let (p, q) = self.points(mine, other);
            let _ = writeln!(
                s,
                "In round {}, you chose Option {} and the other player chose Option {}. Thus, you {} and the other player {}.",
                round + 1,
                self.label(mine),
                self.label(other),
                points_phrase(p, true),
                points_phrase(q, true)
            );
        }
        let _ = writeln!(s, "You are currently playing round {}.", history.len() + 1);
        s
    }
}

/// "win 8 points", "win 1 point", "lose 1 point" (present) or "won ...", "lost ..." (past).
fn points_phrase(x: f64, past: bool) -> String {
    let (verb, amount) = match (x < 0.0, past) {
        (false, false) => ("win", x),
        (false, true) => ("won", x),
        (true, false) => ("lose", -x),
        (true, true) => ("lost", -x),
    };
    let unit = if amount == 1.0 { "point" } else { "points" };
    format!("{verb} {} {unit}", number(amount))
}

/// Whole numbers without a decimal point, others in shortest round-trip form.
fn number(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// Akata et al.'s prompt for the next round of a repeated game: rules, one line per past round
/// (`history[i] = (my action, other player's action)` in round i + 1), the current round, and
/// the question with the options in swapped order when `swap` is true, ending in "A: Option"
/// for the model to complete.
pub fn akata_prompt(
    game: &AkataGame,
    total_rounds: usize,
    history: &[(Action, Action)],
    swap: bool,
) -> String {
    format!(
        "{}Q: Which Option do you choose, {}?\nA: Option",
        game.preamble(total_rounds, history),
        game.question_pair(swap)
    )
}

/// Social chain of thought, step 1: the same prompt, asking for a prediction of the other
/// player's choice in this round.
pub fn scot_prediction_prompt(
    game: &AkataGame,
    total_rounds: usize,
    history: &[(Action, Action)],
    swap: bool,
) -> String {
    format!(
        "{}Q: Which Option do you predict the other player will choose in round {}, {}?\nA: Option",
        game.preamble(total_rounds, history),
        history.len() + 1,
        game.question_pair(swap)
    )
}

/// Social chain of thought, step 2: given the prediction read from step 1, which option is
/// best for this player.
pub fn scot_choice_prompt(
    game: &AkataGame,
    total_rounds: usize,
    history: &[(Action, Action)],
    predicted: Action,
    swap: bool,
) -> String {
    let round = history.len() + 1;
    format!(
        "{}Q: Given that you predict the other player will choose Option {} in round {round}, which Option do you think is the best to choose for you in this round, {}?\nA: Option",
        game.preamble(total_rounds, history),
        game.label(predicted),
        game.question_pair(swap)
    )
}

/// What the arms are (Krishnamurthy et al.'s two scenarios).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Scenario {
    /// Buttons in a room, each paying a random reward.
    #[default]
    Buttons,
    /// Advertisements shown to visitors, each with its click rate.
    Ads,
}

/// Whether the model is told what kind of problem it faces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Framing {
    /// Just the situation.
    #[default]
    Neutral,
    /// "You are a bandit algorithm ...", with a hint to balance exploring and exploiting.
    Suggestive,
}

/// How past rounds are shown.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum HistoryStyle {
    /// One line per round: arm and reward.
    #[default]
    Raw,
    /// One line per arm: how often it was chosen and its mean reward.
    Summarized,
}

/// What the model is asked to answer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum OutputStyle {
    /// The number of one arm.
    #[default]
    OneArm,
    /// A probability for every arm (the caller samples the arm).
    Distribution,
}

/// Whether the model is asked to reason before answering.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Reasoning {
    /// Answer only.
    #[default]
    None,
    /// Think step by step, then answer.
    ChainOfThought,
}

/// Krishnamurthy et al.'s prompt factors.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct BanditPromptConfig {
    pub scenario: Scenario,
    pub framing: Framing,
    pub history: HistoryStyle,
    pub output: OutputStyle,
    pub reasoning: Reasoning,
}

/// The two messages of a bandit prompt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BanditPrompt {
    pub system: String,
    pub user: String,
}

impl BanditPrompt {
    /// The system text and the conversation, ready for a
    /// [`ChatRequest`](super::provider::ChatRequest).
    pub fn into_messages(self) -> (Option<String>, Vec<Message>) {
        (Some(self.system), vec![Message::user(self.user)])
    }
}

/// Per-arm counts and mean rewards of a history (`None` for an arm never chosen).
pub fn summarize(k: usize, history: &[(usize, f64)]) -> Vec<(usize, Option<f64>)> {
    let mut counts = vec![0usize; k];
    let mut sums = vec![0.0; k];
    for &(arm, reward) in history {
        if arm < k {
            counts[arm] += 1;
            sums[arm] += reward;
        }
    }
    counts
        .iter()
        .zip(&sums)
        .map(|(&n, &s)| (n, (n > 0).then(|| s / n as f64)))
        .collect()
}

/// A reward as shown to the model: whole numbers as such, others with two decimals.
fn reward_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x:.2}")
    }
}

/// How long a bandit game lasts, as the prompt tells the model.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Length {
    /// A known number of rounds (Krishnamurthy et al.'s setting).
    Rounds(usize),
    /// A block of a meta-RL task: stretches of `pulls` rounds; after each stretch the game
    /// ends with probability 1 / `mean` (geometric, at most `max` stretches). The model is told
    /// the rule, not when the game will end.
    Block { pulls: usize, mean: f64, max: usize },
}

/// The bandit prompt for the next round, given `k` arms, a horizon of `horizon` rounds and the
/// history so far (`(arm index from 0, reward)` per round).
pub fn bandit_prompt(
    cfg: &BanditPromptConfig,
    k: usize,
    horizon: usize,
    history: &[(usize, f64)],
) -> Result<BanditPrompt, ConfigError> {
    game_prompt(cfg, k, Length::Rounds(horizon), history)
}

/// A number of rounds as the block rule says it: "10", "2.5".
fn count_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

/// The block rule in the story's words (see [`Length::Block`]).
fn block_rule(scenario: Scenario, pulls: usize, mean: f64, max: usize) -> String {
    let n = count_text(mean);
    match (scenario, pulls) {
        (Scenario::Buttons, 1) => format!(
            "The game lasts a number of time steps that you do not know in advance: after each time step it ends with probability 1/{n} (so it lasts {n} time steps on average, and at most {max}). On each time step, you can choose any button and receive the reward. Your goal is to maximize the total reward until the game ends."
        ),
        (Scenario::Buttons, p) => format!(
            "The game is played in stretches of {p} time steps and lasts a number of stretches that you do not know in advance: after each stretch it ends with probability 1/{n} (so it lasts {n} stretches on average, and at most {max}). On each time step, you can choose any button and receive the reward. Your goal is to maximize the total reward until the game ends."
        ),
        (Scenario::Ads, 1) => format!(
            "The campaign lasts for a number of users that you do not know in advance: after each user it ends with probability 1/{n} (so it reaches {n} users on average, and at most {max}). Your goal is to maximize the total number of clicks before the campaign ends."
        ),
        (Scenario::Ads, p) => format!(
            "Users come in groups of {p} and the campaign lasts a number of groups that you do not know in advance: after each group it ends with probability 1/{n} (so it reaches {n} groups on average, and at most {max}). Your goal is to maximize the total number of clicks before the campaign ends."
        ),
    }
}

/// The bandit prompt for the next round of a game of length `length` (see [`bandit_prompt`];
/// the meta-RL lab's block tasks use [`Length::Block`]).
pub fn game_prompt(
    cfg: &BanditPromptConfig,
    k: usize,
    length: Length,
    history: &[(usize, f64)],
) -> Result<BanditPrompt, ConfigError> {
    let horizon = match length {
        Length::Rounds(h) => h,
        Length::Block { pulls, max, .. } => pulls.saturating_mul(max),
    };
    if k < 2 {
        return Err(ConfigError::new(
            "arms",
            "A bandit prompt needs at least 2 arms.",
        ));
    }
    if horizon == 0 {
        return Err(ConfigError::new(
            "horizon",
            "The horizon has to be at least 1 round.",
        ));
    }
    if history.len() >= horizon {
        return Err(ConfigError::new(
            "history",
            format!("All {horizon} rounds have been played; there is no next round to ask about."),
        ));
    }
    if let Some((i, &(arm, reward))) = history
        .iter()
        .enumerate()
        .find(|(_, &(arm, r))| arm >= k || !r.is_finite())
    {
        return Err(ConfigError::new(
            format!("history[{i}]"),
            format!("Round {} has arm {} and reward {reward}, but there are arms 1 to {k} and rewards must be numbers.", i + 1, arm + 1),
        ));
    }
    let (thing, things, verb_past, verb) = match cfg.scenario {
        Scenario::Buttons => ("button", "buttons", "pressed", "press"),
        Scenario::Ads => ("ad", "ads", "shown", "show"),
    };
    let system = match (cfg.scenario, cfg.framing) {
        (Scenario::Buttons, framing) => {
            let who = match framing {
                Framing::Neutral => "You are in a room",
                Framing::Suggestive => "You are a bandit algorithm in a room",
            };
            let intro = format!(
                "{who} with {k} buttons numbered 1 to {k}. Each button is associated with a distribution of rewards with a fixed but unknown mean; the means for the buttons could be different. For each button, when you press it, you will get a reward that is sampled from the button's associated distribution."
            );
            match length {
                Length::Rounds(_) => format!(
                    "{intro} You have {horizon} time steps and, on each time step, you can choose any button and receive the reward. Your goal is to maximize the total reward over the {horizon} time steps."
                ),
                Length::Block { pulls, mean, max } => {
                    format!("{intro} {}", block_rule(cfg.scenario, pulls, mean, max))
                }
            }
        }
        (Scenario::Ads, framing) => {
            let who = match framing {
                Framing::Neutral => "You are a recommendation engine",
                Framing::Suggestive => "You are a bandit algorithm",
            };
            let intro = format!(
                "{who} that chooses advertisements to display to users when they visit your web page. There are {k} ads you can choose from, numbered 1 to {k}. When a user visits the web page you can choose an ad to display and you will observe whether the user clicks on the ad or not (reward 1 for a click, 0 otherwise). You model this by assuming that each ad has a certain click rate and users click on ads with their corresponding rates."
            );
            match length {
                Length::Rounds(_) => format!(
                    "{intro} You have {horizon} users to show ads to. Your goal is to maximize the total number of clicks."
                ),
                Length::Block { pulls, mean, max } => {
                    format!("{intro} {}", block_rule(cfg.scenario, pulls, mean, max))
                }
            }
        }
    };
    let system = match cfg.framing {
        Framing::Neutral => system,
        Framing::Suggestive => format!(
            "{system} To do well you have to balance exploration (trying {things} you know little about) and exploitation (choosing the {thing} that looks best so far)."
        ),
    };

    let mut user = String::new();
    let t = history.len();
    if t == 0 {
        user.push_str("You have not played yet.\n");
    } else {
        match cfg.history {
            HistoryStyle::Raw => {
                let _ = writeln!(
                    user,
                    "So far you have played {t} times. Your past choices and rewards, one round per line:"
                );
                for (i, &(arm, reward)) in history.iter().enumerate() {
                    let _ = writeln!(
                        user,
                        "Round {}: {thing} {}, reward {}",
                        i + 1,
                        arm + 1,
                        reward_text(reward)
                    );
                }
            }
            HistoryStyle::Summarized => {
                let _ = writeln!(
                    user,
                    "So far you have played {t} times with your past choices and rewards summarized as follows:"
                );
                for (arm, (n, mean)) in summarize(k, history).into_iter().enumerate() {
                    let times = if n == 1 { "time" } else { "times" };
                    match mean {
                        Some(m) => {
                            let _ = writeln!(
                                user,
                                "{thing} {}: {verb_past} {n} {times}, average reward {m:.2}",
                                arm + 1
                            );
                        }
                        None => {
                            let _ = writeln!(user, "{thing} {}: {verb_past} {n} {times}", arm + 1);
                        }
                    }
                }
            }
        }
    }
    match length {
        Length::Rounds(_) => {
            let _ = writeln!(user, "This is round {} of {horizon}.", t + 1);
        }
        Length::Block { .. } => {
            let _ = writeln!(user, "This is round {}; the game has not ended yet.", t + 1);
        }
    }
    match cfg.output {
        OutputStyle::OneArm => {
            let _ = write!(
                user,
                "Which {thing} will you {verb} next? Give your final answer as the {thing}'s number inside the tags <Answer>NUMBER</Answer>, where NUMBER is one of 1 to {k}."
            );
        }
        OutputStyle::Distribution => {
            let _ = write!(
                user,
                "With what probability will you {verb} each {thing} next? Give your final answer as {k} probabilities, one per {thing} in order from {thing} 1 to {thing} {k}, that add up to 1, inside the tags <Answer>[p1, ..., p{k}]</Answer>."
            );
        }
    }
    match cfg.reasoning {
        Reasoning::None => user.push_str(" Answer with the tags only; do not explain your reasoning."),
        Reasoning::ChainOfThought => user.push_str(
            " Think step by step and explain your reasoning first, then give your final answer in the tags.",
        ),
    }
    Ok(BanditPrompt { system, user })
}

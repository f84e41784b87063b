//! Persona workers: `k` of the `N` workers choose their hours by asking a language model, the
//! LLM Economist's workers (Karten et al. 2025); the others keep the experiment's classical
//! behaviour, so a run with a few calls still has a realistic economy.
//!
//! Each year every LLM worker is told its skill (dollars per hour), the brackets and this
//! year's marginal rates, and what its last years brought (hours, pre-tax income, tax, rebate,
//! income after both); it replies `{"LABOR": X}` (read by [`crate::llm::parse_hours`]). Two
//! scenarios, as in the paper:
//! - *rational*: it is told its utility (`u = c - 0.0005 l^3.5` by default) and each year's
//!   value of it, and asked to maximise it;
//! - *bounded*: it is a persona ([`super::personas`]: occupation, age, income band, values)
//!   and chooses as that person would, told nothing of a utility.
//!
//! The LLM workers' questions in one year do not depend on each other's replies, so they are
//! asked at once: each worker is its own stream of the transcript (see
//! [`crate::llm::oracle`]), and a year is a batch. An unreadable reply is retried with a
//! corrective message; after that the worker keeps last year's hours (a counted fallback).
//!
//! Year 0, the status quo, is settled by the classical behaviour for everyone: it is where
//! every planner starts, and the LLM workers' first memory. How far each LLM worker is from
//! its own best response is measured every year (the hours it would have chosen knowing its
//! utility and the year's rebate, and the utility it lost).

use super::economy::Year;
use super::labour::Budget;
use super::llm_prompt::money;
use super::personas::{self, Persona};
use super::schedule::FastSchedule;
use super::utility::Utility;
use super::worker::{Situation, Worker};
use crate::error::{check_count, ConfigError};
use crate::llm::factors::{flag, pick, Factor, FactorValue};
use crate::llm::{decide, parse_hours, AgentStats, Decision, LlmConfig, Message, OracleHandle};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// Transcript units of LLM workers: planner `p`'s run, worker `w` is unit
/// `(p + 1) * STREAM_STRIDE + w` (the units below are the LLM planners').
pub const STREAM_STRIDE: usize = 1000;
/// Most LLM workers.
pub const MAX_LLM_WORKERS: usize = 500;
/// Most worker calls one experiment may need (LLM workers x years x planners).
pub const MAX_WORKER_CALLS: u64 = 20_000;

const SOURCE: &str = "Karten et al. (2025)";
/// The factor of the ballot's order (only offered when an election is held).
pub const BALLOT_FACTOR: &str = "worker_shuffle_ballot";

/// What an LLM worker is told.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum Scenario {
    /// Its utility, as a formula and each year's value: it maximises it.
    #[default]
    Rational,
    /// Its persona only: it chooses as that person would.
    Bounded,
}

const SCENARIOS: [(&str, Scenario); 2] = [
    ("rational", Scenario::Rational),
    ("bounded", Scenario::Bounded),
];
const HISTORY: [(&str, usize); 3] = [("3", 3), ("5", 5), ("10", 10)];

fn default_count() -> usize {
    3
}
fn default_history() -> usize {
    5
}
fn yes() -> bool {
    true
}

/// The LLM workers of a tax experiment.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct LlmWorkersConfig {
    pub llm: LlmConfig,
    /// How many of the workers ask the model (k), spread evenly over the skill ranks.
    #[serde(default = "default_count")]
    pub count: usize,
    #[serde(default)]
    pub scenario: Scenario,
    /// Ask it to balance exploration and exploitation by trying different hours (the LLM
    /// Economist's cue).
    #[serde(default = "yes")]
    pub exploration: bool,
    /// Past years shown in the prompt.
    #[serde(default = "default_history")]
    pub history: usize,
    /// Who they are (the shipped table by default); persona w goes to the w-th LLM worker as
    /// [`personas::assign`] says.
    #[serde(default = "personas::table")]
    pub personas: Vec<Persona>,
    /// In an election, show the candidates to each voter in a new random order each time (a
    /// small model tends to vote for the first candidate it reads).
    #[serde(default = "yes", skip_serializing_if = "is_true")]
    pub shuffle_ballot: bool,
}

fn is_true(b: &bool) -> bool {
    *b
}

impl Default for LlmWorkersConfig {
    fn default() -> Self {
        LlmWorkersConfig {
            llm: LlmConfig::default(),
            count: default_count(),
            scenario: Scenario::Rational,
            exploration: true,
            history: default_history(),
            personas: personas::table(),
            shuffle_ballot: true,
        }
    }
}

impl LlmWorkersConfig {
    /// Check it for `n` workers, `calls` worker-years per planner times planners.
    pub fn validate(&self, n: usize, calls: u64) -> Result<(), ConfigError> {
        self.llm.validate().map_err(|e| e.under("llm"))?;
        check_count("count", self.count, 1, MAX_LLM_WORKERS.min(n))?;
        check_count("history", self.history, 1, 50)?;
        personas::validate(&self.personas)?;
        if calls > MAX_WORKER_CALLS {
            return Err(ConfigError::new(
                "count",
                format!("LLM workers x years x planners is {calls}; at most {MAX_WORKER_CALLS} worker calls per experiment (fewer LLM workers, years or planners)"),
            ));
        }
        Ok(())
    }

    /// The prompt's factors (ids start with `worker_`, beside the planner's).
    pub fn factors(&self) -> Vec<Factor> {
        let history = HISTORY
            .iter()
            .find(|(_, n)| *n == self.history)
            .map_or("5", |(v, _)| *v);
        vec![
            Factor::choice(
                "worker_scenario",
                "Workers' scenario",
                "Rational: the worker is told its utility and maximises it. Bounded: it is a persona and chooses as that person would.",
                SOURCE,
                &[("rational", "Rational (told its utility)"), ("bounded", "Bounded (persona only)")],
                match self.scenario {
                    Scenario::Rational => "rational",
                    Scenario::Bounded => "bounded",
                },
            ),
            Factor::flag(
                "worker_exploration",
                "Workers' exploration cue",
                "Ask each worker to try different hours before settling on the best.",
                SOURCE,
                self.exploration,
            ),
            Factor::choice(
                "worker_history",
                "Workers' history",
                "How many past years each worker's prompt shows.",
                SOURCE,
                &[("3", "3 years"), ("5", "5 years"), ("10", "10 years")],
                history,
            ),
            Factor::flag(
                BALLOT_FACTOR,
                "Ballot order shuffled",
                "In an election, show the candidates to each LLM voter in a new random order each time, so a model that favours the first option it reads favours no candidate.",
                "Akata et al. (2025) shuffle a player's options the same way.",
                self.shuffle_ballot,
            ),
        ]
    }

    /// Set factor `id` (one of [`LlmWorkersConfig::factors`]).
    pub fn set_factor(&mut self, id: &str, value: &FactorValue) -> Result<(), ConfigError> {
        match id {
            "worker_scenario" => self.scenario = pick(id, value, &SCENARIOS)?,
            "worker_exploration" => self.exploration = flag(id, value)?,
            BALLOT_FACTOR => self.shuffle_ballot = flag(id, value)?,
            _ => self.history = pick(id, value, &HISTORY)?,
        }
        Ok(())
    }
}

/// The transcript unit of LLM worker `w` in planner `p`'s run.
pub fn stream(p: usize, w: usize) -> usize {
    (p + 1) * STREAM_STRIDE + w
}

/// The name LLM worker `w` asks under in planner `p`'s run.
pub fn agent_name(p: usize, w: usize) -> String {
    format!("LLM worker {} (planner {})", w + 1, p + 1)
}

/// `(planner, worker)` of a transcript unit of LLM workers.
pub fn of_stream(unit: usize) -> Option<(usize, usize)> {
    (unit >= STREAM_STRIDE).then(|| (unit / STREAM_STRIDE - 1, unit % STREAM_STRIDE))
}

/// The utility in words, for the rational scenario.
pub fn utility_words(u: &Utility) -> String {
    match *u {
        Utility::QuasiLinear { c0, delta } => format!("u = c - {c0} * l^{delta}"),
        Utility::Isoelastic { elasticity } => {
            let p = 1.0 + 1.0 / elasticity;
            format!("u = c - l^{p:.4} / {p:.4}")
        }
        Utility::Crra { eta, labour_cost } => {
            if (eta - 1.0).abs() < 1e-12 {
                format!("u = ln(c) - {labour_cost} * l")
            } else {
                let e = 1.0 - eta;
                format!("u = (c^{e:.4} - 1) / {e:.4} - {labour_cost} * l")
            }
        }
    }
}

/// Hours as the prompts write them: whole hours without a decimal.
fn hours_text(x: f64) -> String {
    if x.fract() == 0.0 {
        format!("{}", x as i64)
    } else {
        format!("{x:.1}")
    }
}

/// Brackets and their rates (points), as the prompts write them: "$0 to $11,000: 10%; ...".
pub(super) fn brackets_text(rates: &[f64], cutoffs: &[f64]) -> String {
    let parts: Vec<String> = cutoffs
        .iter()
        .zip(rates)
        .enumerate()
        .map(|(i, (c, r))| {
            let rate = super::llm_prompt::rates_text(&[*r]);
            let rate = rate.trim_matches(|c| c == '[' || c == ']');
            match cutoffs.get(i + 1) {
                Some(next) => format!("${} to ${}: {rate}%", money(*c), money(*next)),
                None if *c <= 0.0 => format!("all income: {rate}%"),
                None => format!("above ${}: {rate}%", money(*c)),
            }
        })
        .collect();
    parts.join("; ")
}

/// Rates as points with one decimal (what the prompts show).
pub(super) fn points(rates: &[f64]) -> Vec<f64> {
    rates.iter().map(|r| (r * 1000.0).round() / 10.0).collect()
}

/// What an LLM worker remembers of a year.
#[derive(Clone, Debug, PartialEq)]
struct Memory {
    year: usize,
    rates: Vec<f64>,
    hours: f64,
    income: f64,
    tax: f64,
    rebate: f64,
    consumption: f64,
    utility: f64,
}

/// How far one LLM worker was from its best response over the years it chose.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LlmWorkerResult {
    /// Its place in skill order (0 = lowest).
    pub index: usize,
    pub skill: f64,
    pub persona: String,
    /// Means over the years: the hours it chose, its best response, the absolute gap, the
    /// utility it lost against its best response and that loss as a share of the best
    /// response's utility.
    pub hours: f64,
    pub best_hours: f64,
    pub hours_gap: f64,
    pub utility_lost: f64,
    pub utility_lost_share: f64,
}

/// The LLM workers of one planner's run.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct LlmWorkersResult {
    pub scenario: Scenario,
    /// Their decisions, fallbacks and calls together.
    pub stats: AgentStats,
    pub workers: Vec<LlmWorkerResult>,
    /// Means over the workers.
    pub hours_gap: f64,
    pub utility_lost: f64,
    pub utility_lost_share: f64,
}

/// Running sums of one worker's gap.
#[derive(Clone, Debug, Default)]
struct Gap {
    years: usize,
    hours: f64,
    best: f64,
    gap: f64,
    lost: f64,
    share: f64,
}

/// A mixed population: the LLM workers ask the model, everyone else keeps the classical
/// behaviour `base`.
pub struct MixedWorkers {
    base: Box<dyn Worker>,
    pub(super) cfg: LlmWorkersConfig,
    utility: Utility,
    max_hours: f64,
    pub(super) rebate: bool,
    /// Planner `p` (whose run this is).
    planner: usize,
    /// For each worker in skill order, its LLM worker number.
    slot: Vec<Option<usize>>,
    /// Per LLM worker: index, persona, memory, gap.
    index: Vec<usize>,
    persona: Vec<usize>,
    memory: Vec<Vec<Memory>>,
    gaps: Vec<Gap>,
    skills: Vec<f64>,
    oracle: OracleHandle,
}

impl MixedWorkers {
    /// The workers of planner `p`'s run (`skills` in skill order).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        base: Box<dyn Worker>,
        cfg: &LlmWorkersConfig,
        utility: &Utility,
        max_hours: f64,
        rebate: bool,
        skills: &[f64],
        planner: usize,
        oracle: OracleHandle,
    ) -> Self {
        let n = skills.len();
        let index = personas::llm_worker_indices(n, cfg.count);
        let mut slot = vec![None; n];
        for (w, &i) in index.iter().enumerate() {
            slot[i] = Some(w);
        }
        let k = index.len();
        MixedWorkers {
            base,
            persona: personas::assign(&cfg.personas, k),
            cfg: cfg.clone(),
            utility: utility.clone(),
            max_hours,
            rebate,
            planner,
            slot,
            memory: vec![Vec::new(); k],
            gaps: vec![Gap::default(); k],
            skills: index.iter().map(|&i| skills[i]).collect(),
            index,
            oracle,
        }
    }

    /// Who LLM worker `w` is and how its income is taxed: the opening of its system message.
    pub(super) fn introduction(&self, w: usize) -> String {
        let s = self.skills[w];
        let mut sys = String::new();
        if self.cfg.scenario == Scenario::Bounded {
            let p = &self.cfg.personas[self.persona[w]];
            let _ = write!(sys, "{} ", p.text());
        } else {
            let _ = write!(sys, "You are worker {}, a citizen of Princetonia. ", w + 1);
        }
        let _ = write!(
            sys,
            "Your skill level is s = {s:.2}, with an expected pre-tax income of ${} a year at 40 hours of labor each week. Each year you choose how many hours of labor to perform each week, from 0 to {}; you can work overtime (more than 40 hours) or undertime (fewer). Your pre-tax income for the year is z = s * l for l hours a week. You pay income tax on it at marginal rates by bracket",
            money(40.0 * s),
            hours_text(self.max_hours),
        );
        sys.push_str(if self.rebate {
            "; collected taxes are redistributed evenly to every citizen as a rebate. "
        } else {
            ". "
        });
        if self.cfg.scenario == Scenario::Rational {
            let _ = write!(
                sys,
                "Your goal is to maximize your utility {}, where c is your income after tax and rebate and l your hours. ",
                utility_words(&self.utility)
            );
        }
        sys
    }

    /// LLM worker `w`'s last years, as its prompts show them ("" before any).
    pub(super) fn memory_text(&self, w: usize) -> String {
        let memory = &self.memory[w];
        let first = memory.len().saturating_sub(self.cfg.history.max(1));
        let mut out = String::new();
        if !memory[first..].is_empty() {
            out.push_str("Your last years:\n");
        }
        for m in &memory[first..] {
            let _ = write!(
                out,
                "Year {} (rates {}%): LABOR l = {} hours, pre-tax income z = ${}, tax ${}, rebate ${}, income after tax and rebate c = ${}",
                m.year,
                super::llm_prompt::rates_text(&m.rates),
                hours_text((m.hours * 10.0).round() / 10.0),
                money(m.income),
                money(m.tax),
                money(m.rebate),
                money(m.consumption),
            );
            if self.cfg.scenario == Scenario::Rational {
                let _ = write!(out, ", utility u = {:.2}", m.utility);
            }
            out.push_str(".\n");
        }
        out
    }

    /// LLM worker `w`'s pre-tax income last year (0 before any).
    pub(super) fn last_income(&self, w: usize) -> f64 {
        self.memory[w].last().map_or(0.0, |m| m.income)
    }

    /// The prompt of LLM worker `w` this year, under `rates` (points).
    pub fn messages(&self, w: usize, rates: &[f64], cutoffs: &[f64]) -> (String, String) {
        let h = self.max_hours;
        let mut sys = self.introduction(w);
        if self.cfg.scenario == Scenario::Bounded {
            sys.push_str("Choose the hours you would really work, as the person you are. ");
        }
        sys.push_str("Use the JSON format: {\"LABOR\": X} and replace X with your answer.");

        let mut user =
            String::from("Tax brackets (pre-tax income) and their marginal rates this year: ");
        user.push_str(&brackets_text(rates, cutoffs));
        user.push_str(".\n");
        user.push_str(&self.memory_text(w));
        if self.cfg.exploration {
            user.push_str("Use your past years to influence your answer, while balancing exploration and exploitation by choosing varying amounts of LABOR. ");
        }
        let grid: Vec<String> = (0..=10).map(|i| hours_text(h * i as f64 / 10.0)).collect();
        let _ = write!(
            user,
            "This year, you may perform LABOR: [{}] hours. Please choose the amount of LABOR to perform. Use the JSON format: {{\"LABOR\": X}} and replace X with your answer.",
            grid.join(", ")
        );
        (sys, user)
    }

    /// The JSON schema of a reply.
    fn schema(&self) -> serde_json::Value {
        serde_json::json!({
            "type": "object",
            "properties": {"LABOR": {"type": "number", "minimum": 0, "maximum": self.max_hours}},
            "required": ["LABOR"],
        })
    }

    fn ask(&mut self, w: usize, at: Situation, budget: &Budget<'_>, rng: &mut Rng) -> f64 {
        let schedule = budget.schedule.schedule;
        let rates = points(&schedule.rates);
        let (system, user) = self.messages(w, &rates, &schedule.cutoffs);
        let max = self.max_hours;
        let schema = self.schema();
        match self.decide(
            w,
            (system, user),
            schema,
            rng,
            |reply| parse_hours(reply, max),
            |h| format!("LABOR {h} hours"),
        ) {
            Decision::Read(h) => h,
            // Unreadable after the retries, or not recorded yet: last year's hours.
            Decision::Fallback | Decision::Pending => at.previous,
        }
    }

    /// Ask for LLM worker `w`'s decision on its own stream of the transcript: the prompt
    /// `(system, user)`, the reply's JSON `schema`, its seed drawn from `rng`; the reply read
    /// with `parse` and named with `describe` (see [`decide`]).
    pub(super) fn decide<T>(
        &mut self,
        w: usize,
        (system, user): (String, String),
        schema: serde_json::Value,
        rng: &mut Rng,
        parse: impl Fn(&str) -> Result<T, crate::llm::ParseError>,
        describe: impl Fn(&T) -> String,
    ) -> Decision<T> {
        let request = self.cfg.llm.request(
            Some(system),
            vec![Message::user(user)],
            Some(schema),
            rng.next_u64(),
        );
        self.oracle.borrow_mut().use_stream(stream(self.planner, w));
        decide(
            &self.oracle,
            &agent_name(self.planner, w),
            &self.cfg.llm,
            request,
            parse,
            describe,
        )
    }

    /// The LLM workers' results (their statistics are the oracle's, filled in by the runner).
    pub fn result(&self) -> LlmWorkersResult {
        let workers: Vec<LlmWorkerResult> = (0..self.index.len())
            .map(|w| {
                let g = &self.gaps[w];
                let y = g.years.max(1) as f64;
                LlmWorkerResult {
                    index: self.index[w],
                    skill: self.skills[w],
                    persona: self.cfg.personas[self.persona[w]].short(),
                    hours: g.hours / y,
                    best_hours: g.best / y,
                    hours_gap: g.gap / y,
                    utility_lost: g.lost / y,
                    utility_lost_share: g.share / y,
                }
            })
            .collect();
        let k = workers.len().max(1) as f64;
        LlmWorkersResult {
            scenario: self.cfg.scenario,
            stats: AgentStats::default(),
            hours_gap: workers.iter().map(|w| w.hours_gap).sum::<f64>() / k,
            utility_lost: workers.iter().map(|w| w.utility_lost).sum::<f64>() / k,
            utility_lost_share: workers.iter().map(|w| w.utility_lost_share).sum::<f64>() / k,
            workers,
        }
    }

    /// How many LLM workers there are.
    pub fn count(&self) -> usize {
        self.index.len()
    }

    /// Each LLM worker's place in skill order.
    pub fn indices(&self) -> &[usize] {
        &self.index
    }
}

impl Worker for MixedWorkers {
    fn hours(&mut self, at: Situation, budget: &Budget<'_>, rng: &mut Rng) -> f64 {
        match self.slot.get(at.index).copied().flatten() {
            Some(w) if at.year > 0 => self.ask(w, at, budget, rng),
            _ => self.base.hours(at, budget, rng),
        }
    }

    /// Every worker gets its own stream (an LLM worker draws its request's seed from it).
    fn is_random(&self) -> bool {
        true
    }

    fn observe(&mut self, y: &Year) {
        let budget = Budget {
            schedule: FastSchedule::new(&y.schedule),
            rebate: y.rebate,
            utility: &self.utility,
            max_hours: self.max_hours,
        };
        let rates = points(&y.schedule.rates);
        for (w, &i) in self.index.iter().enumerate() {
            let Some(&hours) = y.hours.get(i) else {
                continue;
            };
            self.memory[w].push(Memory {
                year: y.year,
                rates: rates.clone(),
                hours,
                income: y.incomes[i],
                tax: y.taxes[i],
                rebate: y.rebate,
                consumption: y.consumption[i],
                utility: y.utilities[i],
            });
            if y.year == 0 {
                continue;
            }
            let s = self.skills[w];
            let best = budget.best_response(s);
            let u_best = budget.utility_at(s, best);
            let lost = (u_best - y.utilities[i]).max(0.0);
            let g = &mut self.gaps[w];
            g.years += 1;
            g.hours += hours;
            g.best += best;
            g.gap += (hours - best).abs();
            g.lost += lost;
            g.share += if u_best.abs() > 0.0 {
                lost / u_best.abs()
            } else {
                0.0
            };
        }
    }
}

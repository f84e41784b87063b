//! The LLM Economist's planner prompt (Karten et al. 2025, `llm_economist/agents/planner.py`):
//! in-context reinforcement learning of tax rates.
//!
//! The system message says what the planner does (set marginal rates to maximise a named
//! social welfare; revenue rebated equally), the brackets, and that each rate moves by
//! DELTA in {-20, -10, 0, 10, 20} points within [0, 100], with the reply format
//! `{"DELTA": [X, ...]}`. The user message carries the last `history` updates, each with the
//! rates in force, the pre-tax income histogram over the brackets, the utility histogram (10
//! equal bins), summary statistics and the welfare reached; then the cues (exploration, the
//! best rates so far) and the question.
//!
//! Differences from the published code, all deliberate:
//! - the best-so-far cue states the best rates and welfare seen; the published code prints
//!   the average of the recent rates and welfare under that name;
//! - welfare is named as this lab computes it (utilitarian: mean utility; inverse-income:
//!   utilities weighted by inverse pre-tax income; or equality times productivity) and its
//!   value is the lab's;
//! - without a rebate the prompt says so instead of "redistributed evenly".

use super::economy::Year;
use super::metrics::Welfare;
use crate::error::ConfigError;
use crate::llm::factors::{flag, pick, Factor, FactorValue};
use crate::llm::prompts::Reasoning;
use crate::llm::Message;
use crate::stats::quantile_sorted;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

fn yes() -> bool {
    true
}
fn default_history() -> usize {
    10
}

/// The planner prompt's factors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(default, deny_unknown_fields)]
pub struct TaxPromptConfig {
    /// Ask the planner to balance exploration and exploitation (the LLM Economist's cue).
    #[serde(default = "yes")]
    pub exploration: bool,
    /// Tell it the best rates seen so far and their welfare.
    #[serde(default = "yes")]
    pub best_so_far: bool,
    /// Say which social welfare it maximises (off: only "social welfare").
    #[serde(default = "yes")]
    pub name_welfare: bool,
    /// Answer only, or think step by step first (`{"thought": ..., "DELTA": ...}`).
    pub reasoning: Reasoning,
    /// Past updates shown in the prompt.
    #[serde(default = "default_history")]
    pub history: usize,
}

impl Default for TaxPromptConfig {
    fn default() -> Self {
        TaxPromptConfig {
            exploration: true,
            best_so_far: true,
            name_welfare: true,
            reasoning: Reasoning::None,
            history: default_history(),
        }
    }
}

const SOURCE: &str = "Karten et al. (2025)";
const REASONING: [(&str, Reasoning); 2] = [
    ("none", Reasoning::None),
    ("chain_of_thought", Reasoning::ChainOfThought),
];
const HISTORY: [(&str, usize); 4] = [("3", 3), ("5", 5), ("10", 10), ("20", 20)];

/// The prompt's factors with their values, as the LLM panel shows them.
pub fn factors(p: &TaxPromptConfig) -> Vec<Factor> {
    let history = HISTORY
        .iter()
        .find(|(_, n)| *n == p.history)
        .map_or("10", |(v, _)| *v);
    vec![
        Factor::flag(
            "exploration",
            "Exploration cue",
            "Ask the planner to balance exploration and exploitation and to try different rates.",
            SOURCE,
            p.exploration,
        ),
        Factor::flag(
            "best_so_far",
            "Best-so-far cue",
            "Tell the planner the best rates seen so far and their welfare.",
            SOURCE,
            p.best_so_far,
        ),
        Factor::flag(
            "name_welfare",
            "Name the welfare",
            "Say which social welfare it maximises (off: only \"social welfare\").",
            SOURCE,
            p.name_welfare,
        ),
        Factor::choice(
            "reasoning",
            "Reasoning",
            "Answer only, or think step by step first.",
            SOURCE,
            &[
                ("none", "None (answer only)"),
                ("chain_of_thought", "Chain of thought"),
            ],
            if p.reasoning == Reasoning::None {
                "none"
            } else {
                "chain_of_thought"
            },
        ),
        Factor::choice(
            "history",
            "History",
            "How many past updates the prompt shows.",
            SOURCE,
            &[
                ("3", "3 updates"),
                ("5", "5 updates"),
                ("10", "10 updates"),
                ("20", "20 updates"),
            ],
            history,
        ),
    ]
}

/// A change to the prompt's factors.
pub type PromptEdit = Box<dyn Fn(&mut TaxPromptConfig)>;

/// What setting factor `id` to `value` does (an error for a value it does not have).
pub fn setter(id: &str, value: &FactorValue) -> Result<PromptEdit, ConfigError> {
    Ok(match id {
        "exploration" => {
            let on = flag(id, value)?;
            Box::new(move |p| p.exploration = on)
        }
        "best_so_far" => {
            let on = flag(id, value)?;
            Box::new(move |p| p.best_so_far = on)
        }
        "name_welfare" => {
            let on = flag(id, value)?;
            Box::new(move |p| p.name_welfare = on)
        }
        "reasoning" => {
            let r = pick(id, value, &REASONING)?;
            Box::new(move |p| p.reasoning = r)
        }
        _ => {
            let n = pick(id, value, &HISTORY)?;
            Box::new(move |p| p.history = n)
        }
    })
}

/// What the planner saw of one update: the rates it set (in points) and, once the period
/// ended, the last year under them.
#[derive(Clone, Debug, PartialEq)]
pub struct Update {
    pub rates: Vec<f64>,
    pub outcome: Option<Outcome>,
}

/// A year's numbers as the prompt shows them.
#[derive(Clone, Debug, PartialEq)]
pub struct Outcome {
    pub incomes: Vec<f64>,
    pub utilities: Vec<f64>,
    pub welfare: f64,
}

impl Outcome {
    pub fn of(year: &Year, welfare: f64) -> Outcome {
        Outcome {
            incomes: year.incomes.clone(),
            utilities: year.utilities.clone(),
            welfare,
        }
    }
}

/// What the prompt needs besides the history.
pub struct Context<'a> {
    /// Lower edge of each bracket, in dollars.
    pub cutoffs: &'a [f64],
    pub objective: Welfare,
    pub rebate: bool,
}

/// The welfare in words.
fn welfare_words(w: Welfare) -> &'static str {
    match w {
        Welfare::Utilitarian => "which is the average of all workers' utilities",
        Welfare::InverseIncome => {
            "which is the average of all workers' utilities weighted by their inverse pre-tax income"
        }
        Welfare::EqualityTimesProductivity => {
            "which is the equality of incomes after tax (1 minus their Gini coefficient) times their mean"
        }
    }
}

pub(crate) fn money(x: f64) -> String {
    let whole = x.round() as i64;
    let digits = crate::text::thousands(whole.unsigned_abs());
    if whole < 0 {
        format!("-{digits}")
    } else {
        digits
    }
}

/// "[[0, 11600), [11600, 47150), ..., [609350, )]".
fn brackets_text(cutoffs: &[f64]) -> String {
    let parts: Vec<String> = cutoffs
        .iter()
        .enumerate()
        .map(|(i, c)| match cutoffs.get(i + 1) {
            Some(next) => format!("[{}, {})", c.round() as i64, next.round() as i64),
            None => format!("[{}, )", c.round() as i64),
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// `[X, X, X]` for `n` brackets.
fn format_hint(n: usize) -> String {
    format!("[{}]", vec!["X"; n].join(", "))
}

/// Rates in points as the prompt writes them: "[10, 12, 22]".
pub fn rates_text(rates: &[f64]) -> String {
    let parts: Vec<String> = rates
        .iter()
        .map(|r| {
            if r.fract() == 0.0 {
                format!("{}", *r as i64)
            } else {
                format!("{r:.1}")
            }
        })
        .collect();
    format!("[{}]", parts.join(", "))
}

/// One histogram line per bin: "$0-$11,600: ######## (40)".
fn histogram(edges: &[f64], counts: &[usize], dollars: bool) -> String {
    let max = counts.iter().copied().max().unwrap_or(0).max(1);
    let mut out = String::new();
    for (i, &count) in counts.iter().enumerate() {
        let bar = "#".repeat(count * 20 / max);
        let (lo, hi) = (edges[i], edges[i + 1]);
        let range = if dollars {
            format!("${}-${}", money(lo), money(hi))
        } else {
            format!("{lo:.2}-{hi:.2}")
        };
        let _ = writeln!(out, "{range}: {bar} ({count})");
    }
    out
}

/// Pre-tax incomes over the brackets (the top one up to the highest income).
fn income_histogram(incomes: &[f64], cutoffs: &[f64]) -> String {
    let top = incomes.iter().copied().fold(0.0f64, f64::max);
    let mut edges: Vec<f64> = cutoffs.to_vec();
    edges.push(top.max(cutoffs.last().copied().unwrap_or(0.0)));
    let mut counts = vec![0usize; cutoffs.len()];
    for &z in incomes {
        let b = cutoffs.iter().rposition(|&c| z >= c).unwrap_or(0);
        counts[b] += 1;
    }
    histogram(&edges, &counts, true)
}

/// Utilities in 10 equal bins from the lowest to the highest.
fn utility_histogram(utilities: &[f64]) -> String {
    let lo = utilities.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = utilities.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        return String::new();
    }
    let width = ((hi - lo) / 10.0).max(f64::MIN_POSITIVE);
    let edges: Vec<f64> = (0..=10).map(|i| lo + width * i as f64).collect();
    let mut counts = vec![0usize; 10];
    for &u in utilities {
        let b = (((u - lo) / width) as usize).min(9);
        counts[b] += 1;
    }
    histogram(&edges, &counts, false)
}

/// "mean=..., median=..., std=..." (population standard deviation, as numpy's default).
fn summary(x: &[f64]) -> String {
    let n = x.len().max(1) as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    let mut s = x.to_vec();
    s.sort_by(f64::total_cmp);
    let median = quantile_sorted(&s, 0.5);
    format!("mean={mean:.2}, median={median:.2}, std={:.2}", var.sqrt())
}

/// The system message.
pub fn system_text(cfg: &TaxPromptConfig, ctx: &Context<'_>) -> String {
    let n = ctx.cutoffs.len();
    let mut s = if cfg.name_welfare {
        format!(
            "You are an expert tax planner. You set the marginal tax rates in order to optimize social welfare, {}. ",
            welfare_words(ctx.objective)
        )
    } else {
        "You are an expert tax planner. You set the marginal tax rates in order to optimize social welfare. ".to_string()
    };
    if ctx.rebate {
        s.push_str("Collected taxes will be redistributed evenly back to the citizens. ");
    } else {
        s.push_str("Collected taxes are not returned to the citizens. ");
    }
    s.push_str("You may set the marginal tax rate in order to promote equity. ");
    if n == 1 {
        let _ = write!(
            s,
            "There is 1 tax bracket to set the rate for, {}. ",
            brackets_text(ctx.cutoffs)
        );
    } else {
        let _ = write!(
            s,
            "There are {n} tax brackets to set the rates for, {}. ",
            brackets_text(ctx.cutoffs)
        );
    }
    s.push_str("Each tax rate can change by DELTA=[-20, -10, 0, 10, 20] percent where tax rates must be between 0 and 100 percent. ");
    if cfg.exploration {
        s.push_str("Use the historical data to influence your answer in order to maximize SWF, while balancing exploration and exploitation by choosing varying rates of TAX. Explore tax rates that may create suboptimal SWF to find the best ones. ");
    }
    let _ = write!(
        s,
        "Reply with all answers in JSON like: {{\"DELTA\": {}}} and replace \"X\" with the percentage that the tax rates will change.",
        format_hint(n)
    );
    s
}

/// The user message for the next update, given the updates so far (the last one's rates are
/// in force now).
pub fn user_text(cfg: &TaxPromptConfig, ctx: &Context<'_>, updates: &[Update]) -> String {
    let n = ctx.cutoffs.len();
    let mut s = String::new();
    let first = updates.len().saturating_sub(cfg.history.max(1));
    for (i, u) in updates.iter().enumerate().skip(first) {
        let _ = writeln!(s, "Update {}: TAX: {}.", i + 1, rates_text(&u.rates));
        if let Some(o) = &u.outcome {
            let _ = write!(
                s,
                "Pre-tax income (z) distribution:\n{}\nUtility (u) distribution:\n{}\nSummary statistics:\nz: {}\nu: {}\nsocial welfare: SWF = {:.4}\n\n",
                income_histogram(&o.incomes, ctx.cutoffs),
                utility_histogram(&o.utilities),
                summary(&o.incomes),
                summary(&o.utilities),
                o.welfare
            );
        }
    }
    if cfg.exploration {
        s.push_str("Use the historical data to influence your answer in order to maximize SWF, while balancing exploration and exploitation by choosing varying rates of TAX. ");
    }
    if cfg.best_so_far {
        if let Some((rates, w)) = best(updates) {
            let _ = write!(
                s,
                "The best marginal tax rates so far were TAX={} corresponding to SWF={w:.4}. ",
                rates_text(rates)
            );
        }
    }
    if cfg.exploration {
        s.push_str("Try different rates of TAX before picking the one that corresponds to the highest SWF. ");
    }
    s.push_str("\nTAX = TAX + DELTA\n");
    s.push_str("Choose the change of the marginal tax rate for each tax bracket \"X\". ");
    match cfg.reasoning {
        Reasoning::None => {
            let _ = write!(
                s,
                "Your output MUST be a JSON like: {{\"DELTA\": {}}}",
                format_hint(n)
            );
        }
        Reasoning::ChainOfThought => {
            let _ = write!(
                s,
                "Let's think step by step. Your thought should be no more than 4 sentences. Your output MUST be a JSON like: {{\"thought\": \"<step-by-step-thinking>\", \"DELTA\": {}}}",
                format_hint(n)
            );
        }
    }
    s
}

/// The rates with the highest welfare among the updates whose outcome is known.
pub fn best(updates: &[Update]) -> Option<(&[f64], f64)> {
    updates
        .iter()
        .filter_map(|u| u.outcome.as_ref().map(|o| (u.rates.as_slice(), o.welfare)))
        .fold(None, |acc: Option<(&[f64], f64)>, (r, w)| match acc {
            Some((_, bw)) if bw >= w => acc,
            _ => Some((r, w)),
        })
}

/// The request's system text and conversation.
pub fn messages(
    cfg: &TaxPromptConfig,
    ctx: &Context<'_>,
    updates: &[Update],
) -> (Option<String>, Vec<Message>) {
    (
        Some(system_text(cfg, ctx)),
        vec![Message::user(user_text(cfg, ctx, updates))],
    )
}

/// The JSON schema of a reply with `n` changes (the thought first under chain of thought).
pub fn schema(n: usize, reasoning: Reasoning) -> serde_json::Value {
    use serde_json::json;
    let delta = json!({
        "type": "array",
        "items": {"type": "integer", "enum": [-20, -10, 0, 10, 20]},
        "minItems": n,
        "maxItems": n,
    });
    match reasoning {
        Reasoning::None => json!({
            "type": "object",
            "properties": {"DELTA": delta},
            "required": ["DELTA"],
        }),
        Reasoning::ChainOfThought => json!({
            "type": "object",
            "properties": {"thought": {"type": "string"}, "DELTA": delta},
            "required": ["thought", "DELTA"],
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ctx(cutoffs: &[f64]) -> Context<'_> {
        Context {
            cutoffs,
            objective: Welfare::Utilitarian,
            rebate: true,
        }
    }

    #[test]
    fn the_system_message_names_the_welfare_the_brackets_and_the_format() {
        let cut = [0.0, 90_000.0, 159_100.0];
        let s = system_text(&TaxPromptConfig::default(), &ctx(&cut));
        assert!(s.starts_with("You are an expert tax planner."), "{s}");
        assert!(s.contains("the average of all workers' utilities."), "{s}");
        assert!(s.contains("redistributed evenly"), "{s}");
        assert!(
            s.contains("There are 3 tax brackets to set the rates for, [[0, 90000), [90000, 159100), [159100, )]."),
            "{s}"
        );
        assert!(s.contains("DELTA=[-20, -10, 0, 10, 20]"), "{s}");
        assert!(s.contains("Explore tax rates"), "{s}");
        assert!(s.ends_with(r#"JSON like: {"DELTA": [X, X, X]} and replace "X" with the percentage that the tax rates will change."#), "{s}");
        let quiet = TaxPromptConfig {
            exploration: false,
            ..Default::default()
        };
        assert!(!system_text(&quiet, &ctx(&cut)).contains("Explore"));
    }

    #[test]
    fn the_user_message_shows_the_recent_updates_and_the_best_so_far() {
        let cut = [0.0, 50_000.0];
        let outcome = |w: f64| {
            Some(Outcome {
                incomes: vec![10_000.0, 20_000.0, 60_000.0, 120_000.0],
                utilities: vec![1.0, 2.0, 3.0, 4.0],
                welfare: w,
            })
        };
        let updates = vec![
            Update {
                rates: vec![10.0, 20.0],
                outcome: outcome(2.5),
            },
            Update {
                rates: vec![20.0, 40.0],
                outcome: outcome(3.0),
            },
            Update {
                rates: vec![30.0, 40.0],
                outcome: outcome(2.0),
            },
        ];
        let cfg = TaxPromptConfig {
            history: 2,
            ..Default::default()
        };
        let u = user_text(&cfg, &ctx(&cut), &updates);
        // Only the last two updates, each with its histograms and welfare.
        assert!(!u.contains("Update 1:"), "{u}");
        assert!(u.contains("Update 2: TAX: [20, 40]."), "{u}");
        assert!(u.contains("$0-$50,000: #################### (2)"), "{u}");
        assert!(
            u.contains("$50,000-$120,000: #################### (2)"),
            "{u}"
        );
        assert!(u.contains("z: mean=52500.00, median=40000.00"), "{u}");
        assert!(u.contains("1.00-1.30: ####################"), "{u}");
        assert!(u.contains("social welfare: SWF = 2.0000"), "{u}");
        // The best of all updates, including one no longer shown.
        assert!(
            u.contains(
                "The best marginal tax rates so far were TAX=[20, 40] corresponding to SWF=3.0000."
            ),
            "{u}"
        );
        assert!(
            u.ends_with(r#"Your output MUST be a JSON like: {"DELTA": [X, X]}"#),
            "{u}"
        );
        let cot = TaxPromptConfig {
            reasoning: Reasoning::ChainOfThought,
            best_so_far: false,
            ..Default::default()
        };
        let u = user_text(&cot, &ctx(&cut), &updates);
        assert!(!u.contains("best marginal"), "{u}");
        assert!(
            u.contains(r#"{"thought": "<step-by-step-thinking>", "DELTA": [X, X]}"#),
            "{u}"
        );
    }
}

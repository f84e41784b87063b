//! Elections (the election planner, [`super::planners::election`]): who votes for which
//! platform, and who wins.
//!
//! - A classical worker votes for its *interest*: the platform under which its utility is
//!   highest once the economy has settled under it (the planners' model of the economy, so
//!   sincere, fully informed voting: Meltzer and Richard's voter). With the rebate and a
//!   right-skewed income distribution, most workers earn less than the mean and gain from
//!   redistribution.
//! - An LLM worker reads the ballot: every candidate's name and platform (its marginal rates
//!   by bracket), the tax each platform would take from its last year's income, and its own
//!   last years, and replies `{"LEADER": X}` (the LLM Economist's vote, read by
//!   [`crate::llm::parse_vote`]). By default each voter reads the candidates in a new random
//!   order at each election (a small model favours the first it reads). An unreadable vote is
//!   asked again, then counted as an abstention. Its interest is computed too, to measure how often it votes for it.
//! - Plurality wins; a tie keeps the incumbent if it is among the tied, else goes to the
//!   first tied candidate on the ballot.

use super::economy::Economy;
use super::llm_prompt::money;
use super::llm_workers::{brackets_text, points, MixedWorkers, Scenario};
use super::schedule::Schedule;
use super::workers::WorkerConfig;
use crate::llm::{parse_vote, Decision};
use crate::rng::Rng;
use serde::{Deserialize, Serialize};
use std::fmt::Write;

/// A candidate and the schedule it stands on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Platform {
    pub label: String,
    pub rates: Vec<f64>,
}

/// One election.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ElectionResult {
    /// The first tax year of the term it decides.
    pub year: usize,
    pub platforms: Vec<Platform>,
    /// Votes per candidate, in ballot order.
    pub votes: Vec<u64>,
    /// Votes that could not be read (an LLM worker's, after the retries).
    pub abstained: u64,
    /// The candidate elected (its place on the ballot).
    pub winner: usize,
    /// Each LLM worker's vote (`None`: abstained), in LLM worker order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub llm_votes: Vec<Option<usize>>,
    /// The candidate each LLM worker's own interest picks.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub llm_interests: Vec<usize>,
}

/// Every worker's interest among `platforms`: the one under which its utility is highest
/// once the economy has settled under it (the first on the ballot on a tie).
pub fn interests(economy: &Economy, labour: &WorkerConfig, platforms: &[Schedule]) -> Vec<usize> {
    let utilities: Vec<Vec<f64>> = platforms
        .iter()
        .map(|s| {
            let mut w = labour.build();
            economy.settle(s, w.as_mut(), None, 0).utilities
        })
        .collect();
    (0..economy.workers())
        .map(|i| {
            let mut best = 0;
            for (j, u) in utilities.iter().enumerate() {
                if u[i] > utilities[best][i] {
                    best = j;
                }
            }
            best
        })
        .collect()
}

/// Votes per candidate, abstentions and the winner among `k` candidates (plurality; a tie
/// keeps `incumbent` if it is among the tied, else the first tied candidate wins).
pub fn tally(
    votes: &[Option<usize>],
    k: usize,
    incumbent: Option<usize>,
) -> (Vec<u64>, u64, usize) {
    let mut count = vec![0u64; k];
    let mut abstained = 0;
    for v in votes {
        match v {
            Some(j) if *j < k => count[*j] += 1,
            _ => abstained += 1,
        }
    }
    let top = count.iter().copied().max().unwrap_or(0);
    let winner = match incumbent {
        Some(i) if i < k && count[i] == top => i,
        _ => count.iter().position(|&c| c == top).unwrap_or(0),
    };
    (count, abstained, winner)
}

impl MixedWorkers {
    /// The ballot LLM worker `w` reads: `labels` and `platforms` in ballot order.
    pub fn ballot_messages(
        &self,
        w: usize,
        labels: &[String],
        platforms: &[Schedule],
    ) -> (String, String) {
        let mut sys = self.introduction(w);
        if self.cfg.scenario == Scenario::Bounded {
            sys.push_str("Vote as the person you are. ");
        }
        sys.push_str("Use the JSON format: {\"LEADER\": X} and replace X with the number of the candidate you vote for.");

        let mut user = String::from(
            "This year you may vote for a new tax planning leader, who will set the tax rates until the next election. ",
        );
        if self.cfg.scenario == Scenario::Rational {
            user.push_str("Use this decision to vote for the leader whose tax rates will maximize your utility u. ");
        }
        user.push_str(
            "The candidates and their platforms (marginal rates by bracket of pre-tax income):\n",
        );
        for (j, (label, s)) in labels.iter().zip(platforms).enumerate() {
            let _ = writeln!(
                user,
                "Candidate {} ({label}): {}.",
                j + 1,
                brackets_text(&points(&s.rates), &s.cutoffs)
            );
        }
        let z = self.last_income(w);
        let taxes: Vec<String> = platforms
            .iter()
            .enumerate()
            .map(|(j, s)| format!("candidate {} ${}", j + 1, money(s.tax(z))))
            .collect();
        let _ = write!(
            user,
            "At your last pre-tax income z = ${} you would pay in tax: {}",
            money(z),
            taxes.join(", ")
        );
        user.push_str(if self.rebate {
            " (before the rebate, which shares all taxes collected evenly).\n"
        } else {
            ".\n"
        });
        user.push_str(&self.memory_text(w));
        let _ = write!(
            user,
            "Vote for one of the candidates 1 to {}. Use the JSON format: {{\"LEADER\": X}} and replace X with the number of your candidate.",
            labels.len()
        );
        (sys, user)
    }

    /// LLM worker `w`'s vote (`None`: unreadable after the retries, or not recorded yet).
    /// With the ballot shuffled, it reads the candidates in an order drawn from `rng`,
    /// numbered as it reads them; its vote is mapped back to the candidate.
    pub fn vote(
        &mut self,
        w: usize,
        labels: &[String],
        platforms: &[Schedule],
        rng: &mut Rng,
    ) -> Option<usize> {
        let k = labels.len().min(platforms.len());
        let order: Vec<usize> = if self.cfg.shuffle_ballot {
            rng.permutation(k)
        } else {
            (0..k).collect()
        };
        let shown: Vec<String> = order.iter().map(|&j| labels[j].clone()).collect();
        let shown_platforms: Vec<Schedule> = order.iter().map(|&j| platforms[j].clone()).collect();
        let prompt = self.ballot_messages(w, &shown, &shown_platforms);
        let schema = serde_json::json!({
            "type": "object",
            "properties": {"LEADER": {"type": "integer", "minimum": 1, "maximum": k}},
            "required": ["LEADER"],
        });
        match self.decide(
            w,
            prompt,
            schema,
            rng,
            |reply| parse_vote(reply, k),
            |&j| {
                let name = shown.get(j).map_or("", String::as_str);
                format!("LEADER {} ({name})", j + 1)
            },
        ) {
            Decision::Read(j) => order.get(j).copied(),
            Decision::Fallback | Decision::Pending => None,
        }
    }
}

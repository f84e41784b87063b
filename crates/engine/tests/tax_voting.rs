//! Elections in the tax lab (the election planner): classical workers vote for the platform
//! their closed-form indirect utility prefers (Meltzer and Richard's voter under a linear tax
//! with a rebate), LLM workers vote as their (hand-written) replies say, unreadable votes are
//! asked again then abstain, ties keep the incumbent, the run replays to the same digest, and
//! elections are refused where they cannot be held.

#![allow(clippy::disallowed_methods)] // the closed forms use std's powf, independently of the engine

use agora_engine::experiment::{Experiment, Runner};
use agora_engine::llm::UnitEnd;
use agora_engine::tax::llm_workers::{self, LlmWorkersConfig};
use agora_engine::tax::planners::election::{ElectionParams, Voters};
use agora_engine::tax::planners::flat::FlatParams;
use agora_engine::tax::voting::tally;
use agora_engine::tax::{presets, Mode, PlannerConfig, Schedule, TaxExperiment};
use agora_engine::tax::{Skills, Utility};

mod common;
use common::tax;

const E: f64 = 0.5;

/// 30 workers with right-skewed incomes (the mean above the median), isoelastic utility
/// (elasticity 0.5), one bracket, the rebate on; an election every 2 years for 4 years among
/// the free market, a flat 30 % and a flat 60 % tax.
fn experiment(voters: Voters) -> TaxExperiment {
    let incomes: Vec<f64> = (0..30).map(|i| 10_000.0 * 1.15f64.powi(i)).collect();
    let mut e = presets::compare();
    e.skills = Skills::Incomes {
        incomes,
        hours: 40.0,
    };
    e.utility = Utility::Isoelastic { elasticity: E };
    e.max_hours = 10_000.0;
    e.rebate = true;
    e.schedule = Schedule::flat(0.0);
    e.mode = Mode::TaxYears {
        years: 4,
        period: 2,
    };
    e.planners = vec![PlannerConfig::Election(ElectionParams {
        candidates: vec![
            PlannerConfig::FreeMarket(Default::default()),
            PlannerConfig::Flat(FlatParams { rate: 0.3 }),
            PlannerConfig::Flat(FlatParams { rate: 0.6 }),
        ],
        voters,
    })];
    e
}

/// Worker i's utility under a flat tax t with the rebate: it works l = ((1 - t) s)^e, so
/// V = ((1 - t) s)^(1 + e) / (1 + e) + t (1 - t)^e mean(s^(1 + e)).
fn indirect_utility(skills: &[f64], i: usize, t: f64) -> f64 {
    let m = skills.iter().map(|s| s.powf(1.0 + E)).sum::<f64>() / skills.len() as f64;
    ((1.0 - t) * skills[i]).powf(1.0 + E) / (1.0 + E) + t * (1.0 - t).powf(E) * m
}

#[test]
fn classical_workers_vote_for_the_rate_their_closed_form_utility_prefers() {
    let exp = experiment(Voters::All);
    let Skills::Incomes { incomes, hours } = &exp.skills else {
        unreachable!()
    };
    let skills: Vec<f64> = incomes.iter().map(|z| z / hours).collect();
    let rates = [0.0, 0.3, 0.6];
    let mut expected = vec![0u64; 3];
    for i in 0..skills.len() {
        let v: Vec<f64> = rates
            .iter()
            .map(|&t| indirect_utility(&skills, i, t))
            .collect();
        let best = (0..3).fold(0, |b, j| if v[j] > v[b] { j } else { b });
        expected[best] += 1;
    }
    // The skew makes redistribution popular, and the richest prefer no tax.
    assert!(expected[0] > 0 && expected[0] < 15, "{expected:?}");
    let out = Experiment::Tax(exp).run().unwrap();
    let p = &tax(&out.results).planners[0];
    assert_eq!(p.elections.len(), 2, "years 1 and 3");
    let winner = (0..3).fold(0, |b, j| if expected[j] > expected[b] { j } else { b });
    for e in &p.elections {
        assert_eq!(e.votes, expected);
        assert_eq!((e.abstained, e.winner), (0, winner));
        assert_eq!(e.platforms[1].label, "Flat 30%");
        assert_eq!(e.platforms[2].rates, vec![0.6]);
        assert!(e.llm_votes.is_empty());
    }
    assert_eq!(p.elections[1].year, 3);
    // The winner's platform is the schedule of every year after the first election.
    for y in &p.history[1..] {
        assert_eq!(y.rates, vec![rates[winner]]);
    }
    assert_eq!(p.label, "Election (Free market / Flat 30% / Flat 60%)");
}

#[test]
fn a_tie_keeps_the_incumbent_else_the_first_on_the_ballot_wins() {
    let votes = [Some(0), Some(1), None, Some(2), Some(1), Some(0)];
    assert_eq!(tally(&votes, 3, None), (vec![2, 2, 1], 1, 0));
    assert_eq!(tally(&votes, 3, Some(1)), (vec![2, 2, 1], 1, 1));
    assert_eq!(tally(&votes, 3, Some(2)), (vec![2, 2, 1], 1, 0));
    assert_eq!(tally(&[None, Some(7)], 2, None), (vec![0, 0], 2, 0));
}

/// 3 LLM workers who read the ballot in its order (the shuffled ballot has its own test).
fn with_llm_voters(voters: Voters) -> TaxExperiment {
    let mut e = experiment(voters);
    e.llm_workers = Some(LlmWorkersConfig {
        count: 3,
        shuffle_ballot: false,
        ..Default::default()
    });
    e
}

/// Hand-written replies: worker 1 and 2 vote for candidate 2, worker 3 for candidate 3 in
/// words; everyone works 40 hours.
fn answer(c: &agora_engine::llm::PendingCall) -> String {
    let user = &c.request.messages[0].content;
    if !user.contains("LEADER") {
        return "{\"LABOR\": 40}".into();
    }
    if c.agent.starts_with("LLM worker 3 ") {
        "I vote for candidate 3: it helps people like me.".into()
    } else {
        "{\"LEADER\": 2}".into()
    }
}

#[test]
fn llm_workers_vote_as_they_reply_and_the_run_replays() {
    let exp = Experiment::Tax(with_llm_voters(Voters::LlmWorkers));
    // The first calls: the three LLM workers' votes of the first election, all at once.
    let mut r = Runner::new(&exp).unwrap();
    r.step(usize::MAX);
    assert_eq!(r.stopped(), Some(&UnitEnd::Pending));
    let calls = r.pending_calls(8);
    let units: Vec<usize> = calls.iter().map(|c| c.unit).collect();
    assert_eq!(
        units,
        (0..3)
            .map(|w| llm_workers::stream(0, w))
            .collect::<Vec<_>>()
    );
    let ballot = &calls[0].request.messages[0].content;
    assert!(
        ballot.contains("Candidate 1 (Free market): all income: 0%"),
        "{ballot}"
    );
    assert!(ballot.contains("Candidate 3 (Flat 60%)"), "{ballot}");
    assert!(
        ballot.contains("you would pay in tax: candidate 1 $0, candidate 2 $"),
        "{ballot}"
    );
    assert!(calls[0]
        .request
        .system
        .as_ref()
        .unwrap()
        .contains("{\"LEADER\": X}"));

    let rec = common::record(&exp, 4, answer).experiment;
    let out = rec.run().unwrap();
    let p = &tax(&out.results).planners[0];
    assert_eq!(p.elections.len(), 2);
    for e in &p.elections {
        assert_eq!(e.votes, vec![0, 2, 1]);
        assert_eq!((e.abstained, e.winner), (0, 1));
        assert_eq!(e.llm_votes, vec![Some(1), Some(1), Some(2)]);
        assert_eq!(e.llm_interests.len(), 3);
    }
    for y in &p.history[1..] {
        assert_eq!(y.rates, vec![0.3]);
    }
    // Votes and platforms are in the transcript, with what was read.
    let seen = rec.llm_exchanges();
    let votes: Vec<&str> = seen
        .iter()
        .filter(|s| {
            s.request.messages[0]
                .content
                .contains("Candidate 2 (Flat 30%)")
        })
        .map(|s| s.parsed.as_str())
        .collect();
    assert_eq!(votes.len(), 6, "3 voters x 2 elections");
    assert_eq!(
        votes
            .iter()
            .filter(|v| **v == "LEADER 2 (Flat 30%)")
            .count(),
        4
    );
    assert_eq!(
        votes
            .iter()
            .filter(|v| **v == "LEADER 3 (Flat 60%)")
            .count(),
        2
    );
    let json = rec.to_json();
    let w = p.llm_workers.as_ref().unwrap();
    // 2 elections + 4 years for 3 workers, as the LLM panel's progress expects.
    assert_eq!((w.stats.decisions, w.stats.calls), (18, 18));
    assert_eq!(rec.llm_decisions(), Some(18));
    // The same digest from the JSON and on several threads.
    let again = Experiment::from_json(&json).unwrap().run().unwrap();
    assert_eq!(again.digest, out.digest);
    assert_eq!(rec.run_on_threads(3).unwrap().digest, out.digest);
}

#[test]
fn unreadable_votes_are_asked_again_then_abstain_and_classical_votes_still_count() {
    let exp = Experiment::Tax(with_llm_voters(Voters::All));
    let rec = common::record(&exp, 4, |c| {
        let user = &c.request.messages[0].content;
        if user.contains("LEADER") && c.agent.starts_with("LLM worker 2 ") {
            "Whoever is honest.".into()
        } else {
            answer(c)
        }
    })
    .experiment;
    let out = rec.run().unwrap();
    let p = &tax(&out.results).planners[0];
    let classical = Experiment::Tax(experiment(Voters::All)).run().unwrap();
    let everyone = &tax(&classical.results).planners[0].elections[0];
    for e in &p.elections {
        assert_eq!(e.abstained, 1);
        assert_eq!(e.llm_votes, vec![Some(1), None, Some(2)]);
        assert_eq!(e.votes.iter().sum::<u64>(), 29);
        // The LLM workers' interests are the classical votes they replaced.
        let mut expected = everyone.votes.clone();
        for (&interest, vote) in e.llm_interests.iter().zip(&e.llm_votes) {
            expected[interest] -= 1;
            if let Some(v) = vote {
                expected[*v] += 1;
            }
        }
        assert_eq!(e.votes, expected);
    }
    let s = &p.llm_workers.as_ref().unwrap().stats;
    // Worker 2's two votes: a call, a corrective retry, a fallback each.
    assert_eq!((s.fallbacks, s.repairs), (2, 2));
}

#[test]
fn elections_are_refused_where_they_cannot_be_held() {
    let mut e = experiment(Voters::All);
    e.mode = Mode::PlanOnce { iterations: 3 };
    assert_eq!(e.validate().unwrap_err().field, "planners[0].kind");
    let e = experiment(Voters::LlmWorkers);
    let err = e.validate().unwrap_err();
    assert_eq!(err.field, "planners[0].voters", "{err}");
    let mut e = experiment(Voters::All);
    if let PlannerConfig::Election(p) = &mut e.planners[0] {
        p.candidates[1] = PlannerConfig::Bandit(Default::default());
    }
    let err = e.validate().unwrap_err();
    assert_eq!(err.field, "planners[0].candidates[1].kind", "{err}");
    let mut e = experiment(Voters::All);
    if let PlannerConfig::Election(p) = &mut e.planners[0] {
        p.candidates.truncate(1);
    }
    assert_eq!(e.validate().unwrap_err().field, "planners[0].candidates");
    let mut e = experiment(Voters::All);
    if let PlannerConfig::Election(p) = &mut e.planners[0] {
        p.candidates[2] = PlannerConfig::Flat(FlatParams { rate: 1.5 });
    }
    assert_eq!(
        e.validate().unwrap_err().field,
        "planners[0].candidates[2].rate"
    );
}

#[test]
fn a_shuffled_ballot_maps_each_vote_back_to_its_candidate() {
    let mut exp = with_llm_voters(Voters::LlmWorkers);
    exp.llm_workers.as_mut().unwrap().shuffle_ballot = true;
    let exp = Experiment::Tax(exp);
    assert!(exp
        .llm_factors()
        .iter()
        .any(|f| f.id == "worker_shuffle_ballot"));
    // Every voter votes for the flat 30 % tax, under whatever number it is shown.
    let number_of_flat_30 = |user: &str| -> usize {
        user.lines()
            .find_map(|l| {
                let rest = l.strip_prefix("Candidate ")?;
                let (n, name) = rest.split_once(' ')?;
                name.starts_with("(Flat 30%)").then(|| n.parse().unwrap())
            })
            .unwrap()
    };
    let orders = std::cell::RefCell::new(std::collections::BTreeSet::new());
    let rec = common::record(&exp, 4, |c| {
        let user = &c.request.messages[0].content;
        if !user.contains("LEADER") {
            return "{\"LABOR\": 40}".into();
        }
        let order: Vec<&str> = user
            .lines()
            .filter(|l| l.starts_with("Candidate "))
            .collect();
        orders.borrow_mut().insert(order.join("|"));
        format!("{{\"LEADER\": {}}}", number_of_flat_30(user))
    })
    .experiment;
    assert!(
        orders.borrow().len() > 1,
        "the voters read the candidates in different orders"
    );
    let out = rec.run().unwrap();
    let p = &tax(&out.results).planners[0];
    for e in &p.elections {
        assert_eq!(e.llm_votes, vec![Some(1); 3]);
        assert_eq!((e.votes.clone(), e.winner), (vec![0, 3, 0], 1));
    }
    assert_eq!(rec.run_on_threads(2).unwrap().digest, out.digest);
    // Without an election the factor is not offered.
    let plain = Experiment::Tax({
        let mut e = with_llm_voters(Voters::All);
        e.planners = vec![PlannerConfig::FreeMarket(Default::default())];
        e
    });
    assert!(!plain
        .llm_factors()
        .iter()
        .any(|f| f.id == "worker_shuffle_ballot"));
}

//! LLM workers in the tax lab (the LLM Economist's persona workers), with replies written by
//! hand: a year's LLM workers are asked at once, their hours are what they reply, the run
//! replays with no calls to the same digest on any number of threads, unreadable replies are
//! retried then keep last year's hours, the prompts say what each scenario tells, and the gap
//! to the best response matches the closed form of the LLM Economist's utility.

#![allow(clippy::disallowed_methods)] // the closed forms use std's powf, independently of the engine

use agora_engine::experiment::{Experiment, Runner};
use agora_engine::llm::{FactorValue, UnitEnd};
use agora_engine::tax::llm_workers::{self, LlmWorkersConfig, Scenario};
use agora_engine::tax::planners::us_federal::UsFederalParams;
use agora_engine::tax::{presets, Mode, PlannerConfig, Schedule, TaxExperiment};
use agora_engine::tax::{Skills, Utility};

mod common;
use common::tax;

/// The LLM Economist's utility `u = c - 0.0005 l^3.5`, no rebate, 60 workers with ACS skills,
/// 3 tax years under the free market and the 2024 US schedule; 3 LLM workers.
fn experiment(scenario: Scenario) -> TaxExperiment {
    let mut e = presets::compare();
    e.workers = 60;
    e.skills = Skills::gb2_acs_2023();
    e.utility = Utility::QuasiLinear {
        c0: 0.0005,
        delta: 3.5,
    };
    e.rebate = false;
    e.schedule = Schedule::us_federal(2024).unwrap();
    e.mode = Mode::TaxYears {
        years: 3,
        period: 1,
    };
    e.planners = vec![
        PlannerConfig::FreeMarket(Default::default()),
        PlannerConfig::UsFederal(UsFederalParams { year: 2024 }),
    ];
    e.llm_workers = Some(LlmWorkersConfig {
        count: 3,
        scenario,
        ..Default::default()
    });
    e
}

#[test]
fn a_years_llm_workers_are_asked_at_once_and_the_run_replays() {
    let exp = Experiment::Tax(experiment(Scenario::Rational));
    assert!(exp.has_llm());
    // The first calls: the three workers of year 1 under each planner, all at once (the
    // planners' runs are independent; a run's next year waits for these replies).
    let mut r = Runner::new(&exp.llm_only()).unwrap();
    r.step(usize::MAX);
    assert_eq!(r.stopped(), Some(&UnitEnd::Pending));
    let calls = r.pending_calls(8);
    let units: Vec<usize> = calls.iter().map(|c| c.unit).collect();
    assert_eq!(
        units,
        vec![
            llm_workers::stream(0, 0),
            llm_workers::stream(0, 1),
            llm_workers::stream(0, 2),
            llm_workers::stream(1, 0),
            llm_workers::stream(1, 1),
            llm_workers::stream(1, 2),
        ],
        "one call per LLM worker and planner"
    );
    assert!(calls.iter().all(|c| c.index == 0));
    assert_eq!(calls[1].agent, "LLM worker 2 (planner 1)");

    let recorded = common::record(&exp, 4, |_| "{\"LABOR\": 40}".into());
    assert_eq!(recorded.widest, 4, "as many at once as allowed");
    let rec = recorded.experiment;
    let out = rec.run().unwrap();
    let t = tax(&out.results);
    for p in &t.planners {
        let w = p.llm_workers.as_ref().unwrap();
        assert_eq!(w.workers.len(), 3);
        let s = &w.stats;
        assert_eq!((s.decisions, s.calls, s.fallbacks, s.repairs), (9, 9, 0, 0));
        for x in &w.workers {
            assert_eq!(x.hours, 40.0, "{x:?}");
        }
    }
    // The same digest from the JSON and on several threads.
    let again = Experiment::from_json(&rec.to_json())
        .unwrap()
        .run()
        .unwrap();
    assert_eq!(again.digest, out.digest);
    assert_eq!(rec.run_on_threads(3).unwrap().digest, out.digest);
    assert_eq!(
        rec.llm_unit_label(llm_workers::stream(1, 2)),
        "LLM worker 3 under US federal 2024"
    );
}

#[test]
fn the_gap_to_the_best_response_matches_the_closed_form() {
    let exp = Experiment::Tax(experiment(Scenario::Rational));
    let rec = common::record(&exp, 2, |_| "{\"LABOR\": 40}".into()).experiment;
    let out = rec.run().unwrap();
    let free = tax(&out.results).planners[0].llm_workers.clone().unwrap();
    // Free market, no rebate: c = s l, so l* = (s / (0.0005 * 3.5))^(1 / 2.5) capped at 100
    // hours, and the utility lost at 40 hours is u(l*) - u(40).
    let u = |s: f64, l: f64| s * l - 0.0005 * l.powf(3.5);
    for w in &free.workers {
        let best = (w.skill / (0.0005 * 3.5)).powf(1.0 / 2.5).min(100.0);
        assert!((w.best_hours - best).abs() < 1e-9, "{w:?} vs {best}");
        assert!((w.hours_gap - (best - 40.0).abs()).abs() < 1e-9, "{w:?}");
        let lost = u(w.skill, best) - u(w.skill, 40.0);
        assert!(
            (w.utility_lost - lost).abs() < 1e-6 * lost.abs().max(1.0),
            "{w:?} vs {lost}"
        );
        assert!(w.utility_lost >= 0.0);
    }
    // The published checkpoint: skill 100 at no tax works 79.94 hours.
    assert!(((100.0f64 / 0.00175).powf(0.4) - 79.94).abs() < 0.01);
}

#[test]
fn unreadable_replies_are_retried_then_keep_last_years_hours() {
    let exp = Experiment::Tax(experiment(Scenario::Rational));
    let rec = common::record(&exp, 4, |c| {
        if c.agent.starts_with("LLM worker 2 ") {
            "I'd rather not say.".into()
        } else {
            "{\"LABOR\": 30}".into()
        }
    })
    .experiment;
    let out = rec.run().unwrap();
    let t = tax(&out.results);
    let w = t.planners[0].llm_workers.as_ref().unwrap();
    let s = &w.stats;
    // Workers 1 and 3: 3 decisions, one call each; worker 2: 3 decisions, each a call, a
    // corrective retry and a fallback.
    assert_eq!(
        (s.decisions, s.fallbacks, s.repairs, s.calls),
        (9, 3, 3, 12)
    );
    assert_eq!(w.workers[0].hours, 30.0);
    // Worker 2 kept the hours it worked in the status quo (settled by the classical
    // behaviour, the exact best response), every year.
    // (With 60 workers the sample of the status quo holds every worker.)
    let status_quo = &t.baseline.sample[w.workers[1].index];
    assert_eq!(status_quo[0], w.workers[1].skill);
    assert!((w.workers[1].hours - status_quo[1]).abs() < 1e-9);
    assert!(w.workers[1].hours != 30.0);
}

#[test]
fn rational_workers_are_told_their_utility_bounded_ones_their_persona() {
    let first_call = |scenario| {
        let exp = Experiment::Tax(experiment(scenario));
        let mut r = Runner::new(&exp).unwrap();
        r.step(usize::MAX);
        r.pending_calls(1).remove(0)
    };
    let rational = first_call(Scenario::Rational);
    let system = rational.request.system.clone().unwrap();
    assert!(
        system.starts_with("You are worker 1, a citizen of Princetonia."),
        "{system}"
    );
    assert!(
        system.contains("maximize your utility u = c - 0.0005 * l^3.5"),
        "{system}"
    );
    assert!(system.contains("{\"LABOR\": X}"), "{system}");
    let user = &rational.request.messages[0].content;
    // Under the free market (the first planner) every rate is 0 %.
    assert!(user.contains("$0 to $11,600: 0%"), "{user}");
    assert!(user.contains("above $609,350: 0%"), "{user}");
    assert!(
        user.contains("Year 0 (rates [10, 12, 22, 24, 32, 35, 37]%)"),
        "{user}"
    );
    assert!(user.contains(", utility u = "), "{user}");
    assert!(
        user.contains("[0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100] hours"),
        "{user}"
    );

    let bounded = first_call(Scenario::Bounded);
    let system = bounded.request.system.clone().unwrap();
    // The lowest-ranked LLM worker is the first low-income persona.
    assert!(
        system.starts_with("You are a 26-year-old retail sales associate."),
        "{system}"
    );
    assert!(!system.contains("utility"), "{system}");
    assert!(!bounded.request.messages[0].content.contains("utility"));
}

#[test]
fn an_edited_persona_or_factor_no_longer_matches_the_recording() {
    let exp = Experiment::Tax(experiment(Scenario::Bounded));
    let ids: Vec<&str> = exp.llm_factors().iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        ["worker_scenario", "worker_exploration", "worker_history"]
    );
    let rec = common::record(&exp, 4, |_| "{\"LABOR\": 50}".into()).experiment;
    rec.run().unwrap();
    let Experiment::Tax(mut edited) = rec.clone() else {
        unreachable!()
    };
    edited.llm_workers.as_mut().unwrap().personas[0].values = "You love your job.".into();
    let err = Experiment::Tax(edited).run().unwrap_err().to_string();
    assert!(err.contains("does not match"), "{err}");
    let mut other = rec.clone();
    other
        .set_llm_factor("worker_scenario", &FactorValue::Choice("rational".into()))
        .unwrap();
    assert!(other
        .run()
        .unwrap_err()
        .to_string()
        .contains("does not match"));
    assert!(rec
        .clone()
        .set_llm_factor("worker_history", &FactorValue::Choice("4".into()))
        .is_err());
}

#[test]
fn llm_workers_are_refused_where_they_cannot_work() {
    let mut e = experiment(Scenario::Rational);
    e.mode = Mode::PlanOnce { iterations: 5 };
    let err = e.validate().unwrap_err();
    assert_eq!(err.field, "llm_workers", "{err}");
    let mut e = experiment(Scenario::Rational);
    e.llm_workers.as_mut().unwrap().count = 61;
    assert_eq!(e.validate().unwrap_err().field, "llm_workers.count");
    let mut e = experiment(Scenario::Rational);
    e.mode = Mode::TaxYears {
        years: 1000,
        period: 1,
    };
    e.workers = 1000;
    e.llm_workers.as_mut().unwrap().count = 20;
    let err = e.validate().unwrap_err();
    assert_eq!(err.field, "llm_workers.count", "{err}");
    assert!(err.message.contains("at most 20000 worker calls"), "{err}");
    let mut e = experiment(Scenario::Rational);
    e.llm_workers.as_mut().unwrap().personas[1].age = 3;
    assert_eq!(
        e.validate().unwrap_err().field,
        "llm_workers.personas[1].age"
    );
    // Without LLM workers nothing changes: no field in the JSON.
    let mut e = experiment(Scenario::Rational);
    e.llm_workers = None;
    assert!(!Experiment::Tax(e).to_json().contains("llm_workers"));
}

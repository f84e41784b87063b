//! The LLM Economist's planner in the tax lab, with replies written by hand (the real model is
//! exercised by the CLI and browser tests): the rates move as the replies say, asking replays
//! only the LLM planners, the recorded run replays with no calls to the same digest on any
//! number of threads, unreadable replies are retried then fall back, and the prompt carries
//! what the LLM Economist's does.

use agora_engine::experiment::{Experiment, Runner};
use agora_engine::llm::{FactorValue, PendingCall, UnitEnd};
use agora_engine::tax::planners::llm::{LlmPlannerParams, Start};
use agora_engine::tax::{presets, Mode, PlannerConfig, TaxExperiment};

/// 200 workers, three brackets, 6 tax years with an update every 2: the LLM planner starts
/// from the status quo and is asked twice.
fn experiment(start: Start) -> TaxExperiment {
    let mut e = presets::compare();
    e.workers = 200;
    e.mode = Mode::TaxYears {
        years: 6,
        period: 2,
    };
    e.planners = vec![
        PlannerConfig::SaezAnalytic(Default::default()),
        PlannerConfig::Llm(LlmPlannerParams {
            starting_rates: start,
            ..Default::default()
        }),
        PlannerConfig::FreeMarket(Default::default()),
    ];
    e
}

mod common;
use common::tax;

fn record(
    exp: &Experiment,
    answer: impl Fn(&PendingCall) -> String,
) -> (Experiment, (usize, usize)) {
    let r = common::record(exp, 2, answer);
    (r.experiment, r.progress)
}

/// Rates of a history step in whole points.
fn points(rates: &[f64]) -> Vec<i64> {
    rates.iter().map(|r| (r * 100.0).round() as i64).collect()
}

#[test]
fn the_rates_move_as_the_replies_say_and_replay_with_no_calls() {
    let exp = Experiment::Tax(experiment(Start::Fifty));
    assert!(exp.has_llm());
    assert!(exp
        .run()
        .unwrap_err()
        .to_string()
        .contains("not all recorded"));
    // Raise every rate by 10 points, then lower the top one by 20 (as a fraction, with text
    // around it).
    let (recorded, progress) = record(&exp, |c| {
        if c.request.messages[0].content.contains("Update 2:") {
            "Lowering the top. {\"DELTA\": [0, 0, -0.2]}".into()
        } else {
            "{\"DELTA\": [10, 10, 10]}".into()
        }
    });
    assert_eq!(progress, (1, 1), "asking replays the LLM planner alone");
    let out = recorded.run().unwrap();
    let r = tax(&out.results);
    let labels: Vec<&str> = r.planners.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels[1], "LLM smollm2");
    let llm = &r.planners[1];
    let rates: Vec<Vec<i64>> = llm.history.iter().map(|s| points(&s.rates)).collect();
    // The status quo, then 50 % for two years, +10 for two, then the top -20.
    assert_eq!(rates[1], vec![50, 50, 50]);
    assert_eq!(rates[2], vec![50, 50, 50]);
    assert_eq!(rates[3], vec![60, 60, 60]);
    assert_eq!(rates[5], vec![60, 60, 40]);
    assert_eq!(rates[6], vec![60, 60, 40]);
    let s = llm.llm.as_ref().unwrap();
    assert_eq!((s.decisions, s.calls, s.fallbacks, s.repairs), (2, 2, 0, 0));
    assert_eq!(s.tokens_in, 20);
    assert!(r.planners[0].llm.is_none());

    // The same digest from the JSON and on several threads.
    let again = Experiment::from_json(&recorded.to_json())
        .unwrap()
        .run()
        .unwrap();
    assert_eq!(again.digest, out.digest);
    assert_eq!(recorded.run_on_threads(3).unwrap().digest, out.digest);
    // Saez and the free market did not change by having an LLM beside them.
    let mut plain = experiment(Start::Fifty);
    plain.planners.remove(1);
    let p = Experiment::Tax(plain).run().unwrap();
    let p = tax(&p.results);
    assert_eq!(p.planners[0], r.planners[0]);
    assert_eq!(p.planners[1], r.planners[2]);
}

#[test]
fn the_prompt_carries_the_brackets_the_histograms_and_the_best_so_far() {
    let exp = Experiment::Tax(experiment(Start::StatusQuo));
    let mut r = Runner::new(&exp.llm_only()).unwrap();
    r.step(usize::MAX);
    assert_eq!(r.stopped(), Some(&UnitEnd::Pending));
    let call = r.pending_calls(4).remove(0);
    assert_eq!(
        (call.unit, call.index, call.agent.as_str()),
        (0, 0, "LLM planner 1")
    );
    let system = call.request.system.clone().unwrap();
    assert!(
        system.contains("There are 3 tax brackets to set the rates for, [[0,"),
        "{system}"
    );
    assert!(
        system.contains("weighted by their inverse pre-tax income"),
        "{system}"
    );
    let user = &call.request.messages[0].content;
    // The status quo's rates were in force for the first period.
    assert!(user.contains("Update 1: TAX: ["), "{user}");
    assert!(
        user.contains("Pre-tax income (z) distribution:\n$0-$"),
        "{user}"
    );
    assert!(user.contains("Utility (u) distribution:"), "{user}");
    assert!(user.contains("z: mean="), "{user}");
    assert!(user.contains("social welfare: SWF = "), "{user}");
    assert!(
        user.contains("The best marginal tax rates so far were TAX="),
        "{user}"
    );
    assert!(
        user.ends_with(r#"Your output MUST be a JSON like: {"DELTA": [X, X, X]}"#),
        "{user}"
    );
    // The structured-output schema asks for three changes from the allowed steps.
    let schema = call.request.json_schema.as_ref().unwrap();
    assert_eq!(schema["properties"]["DELTA"]["minItems"], 3);
}

#[test]
fn an_unreadable_reply_is_retried_then_the_rates_stay() {
    let exp = Experiment::Tax(experiment(Start::Fifty));
    let (recorded, _) = record(&exp, |_| "I would rather not say.".into());
    let out = recorded.run().unwrap();
    let llm = &tax(&out.results).planners[1];
    let s = llm.llm.as_ref().unwrap();
    // Two decisions, each asked twice (one corrective retry), both fallbacks.
    assert_eq!((s.decisions, s.calls, s.fallbacks, s.repairs), (2, 4, 2, 2));
    assert!(llm.history[1..]
        .iter()
        .all(|s| points(&s.rates) == vec![50, 50, 50]));
}

#[test]
fn factors_are_the_llm_economists_and_a_change_refuses_the_old_replies() {
    let exp = Experiment::Tax(experiment(Start::Fifty));
    let ids: Vec<&str> = exp.llm_factors().iter().map(|f| f.id).collect();
    assert_eq!(
        ids,
        [
            "exploration",
            "best_so_far",
            "name_welfare",
            "reasoning",
            "history"
        ]
    );
    let (mut recorded, _) = record(&exp, |_| "{\"DELTA\": [0, 0, 0]}".into());
    recorded
        .set_llm_factor("exploration", &FactorValue::Flag(false))
        .unwrap();
    let err = recorded.run().unwrap_err().to_string();
    assert!(err.contains("does not match"), "{err}");
    assert!(recorded
        .set_llm_factor("history", &FactorValue::Choice("7".into()))
        .is_err());
    assert_eq!(recorded.llm_agent_label("LLM planner 1"), "LLM smollm2");
    assert_eq!(recorded.llm_unit_label(0), "LLM planner 1");
}

#[test]
fn sizes_are_refused_with_the_field_named() {
    let mut e = experiment(Start::Fifty);
    e.mode = Mode::TaxYears {
        years: 1000,
        period: 1,
    };
    let err = e.validate().unwrap_err();
    assert_eq!(err.field, "planners[1].kind", "{err}");
    assert!(err.message.contains("at most 500 updates"), "{err}");
    // Without an LLM planner nothing changes: no transcript in the JSON.
    let plain = Experiment::Tax(presets::compare());
    assert!(!plain.to_json().contains("transcript"));
    assert!(!plain.has_llm());
}

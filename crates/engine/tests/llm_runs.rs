//! LLM agents inside runs, with replies written by hand (the real model is exercised by the
//! CLI and browser tests): recording through pending calls, replaying without calls, units in
//! parallel, dropping unfinished units, resuming, refusing a transcript of another experiment,
//! and LLM players in a tournament.

use agora_engine::bandits::presets as bandit_presets;
use agora_engine::bandits::PolicyConfig;
use agora_engine::experiment::{Experiment, Runner};
use agora_engine::games::presets as games_presets;
use agora_engine::games::{GamesExperiment, StrategyConfig, TournamentConfig};
use agora_engine::llm::{CallLimits, LlmRun, PendingCall, Poll, UnitEnd};

/// A scripted model: answers a request by looking at what it asks.
fn reply_to(call: &PendingCall) -> String {
    let text = &call.request.messages.last().unwrap().content;
    if text.contains("Which Option do you predict") {
        "Option F".into()
    } else if text.contains("Which Option") || text.contains("which Option") {
        // Cooperate in odd rounds, defect in even ones: easy to check in the moves.
        let round: usize = text
            .split("currently playing round ")
            .nth(1)
            .and_then(|r| r.split('.').next())
            .and_then(|r| r.parse().ok())
            .unwrap();
        if round % 2 == 1 {
            "Option J"
        } else {
            "Option F"
        }
        .into()
    } else {
        // A bandit prompt: always the second arm.
        "<Answer>2</Answer>".into()
    }
}

mod common;

/// Runs `exp` to completion, answering with `answer`, `concurrency` calls at once; returns
/// the recorded experiment and the largest batch of calls started at once.
fn record(
    exp: &Experiment,
    concurrency: usize,
    answer: impl Fn(&PendingCall) -> String,
) -> (Experiment, usize) {
    let r = common::record(exp, concurrency, answer);
    (r.experiment, r.widest)
}

fn llm_bandit() -> Experiment {
    let mut b = bandit_presets::llm_hard_k5();
    b.horizon = 5;
    b.repetitions = 3;
    Experiment::Bandits(b)
}

#[test]
fn a_bandit_llm_is_recorded_then_replayed_without_calls() {
    let exp = llm_bandit();
    // Without replies the run cannot complete, and says so.
    assert!(exp
        .run()
        .unwrap_err()
        .to_string()
        .contains("not all recorded"));
    let (recorded, widest) = record(&exp, 2, reply_to);
    assert_eq!(widest, 2, "two repetitions asked at once");
    let t = recorded.transcript().unwrap();
    assert_eq!(t.units.len(), 3);
    assert!(t.units.values().all(|u| u.len() == 5));
    let out = recorded.run().unwrap();
    let agora_engine::experiment::Results::Bandits(r) = &out.results else {
        panic!()
    };
    let llm = &r.policies[0];
    // The model always named arm 2: every pull there, so it never tried the best arm (1).
    assert_eq!(llm.pulls_mean, vec![0.0, 5.0, 0.0, 0.0, 0.0]);
    assert_eq!(llm.suff_fail_freq, 1.0);
    assert_eq!(llm.k_min_frac, 0.0);
    assert_eq!(
        llm.greedy_frac, 1.0,
        "the only arm tried is always the best so far"
    );
    let s = llm.llm.as_ref().unwrap();
    assert_eq!(
        (s.decisions, s.calls, s.fallbacks, s.repairs),
        (15, 15, 0, 0)
    );
    assert_eq!((s.tokens_in, s.tokens_out), (150, 30));
    // Replaying again, or from the JSON, gives the same digest.
    let again = Experiment::from_json(&recorded.to_json())
        .unwrap()
        .run()
        .unwrap();
    assert_eq!(again.digest, out.digest);
}

#[test]
fn recording_one_call_at_a_time_or_several_gives_the_same_run() {
    let exp = llm_bandit();
    let (one, _) = record(&exp, 1, reply_to);
    let (four, widest) = record(&exp, 4, reply_to);
    assert_eq!(widest, 3, "at most one call per repetition in flight");
    assert_eq!(one, four);
}

#[test]
fn an_unfinished_repetition_is_dropped_and_resumed() {
    let exp = llm_bandit();
    let (full, _) = record(&exp, 1, reply_to);
    // Keep unit 0 whole and two replies of unit 1.
    let mut partial = full.clone();
    let mut t = full.transcript().unwrap().clone();
    t.units.get_mut(&1).unwrap().truncate(2);
    t.units.remove(&2);
    partial.set_transcript(t);
    let mut r = Runner::new(&partial).unwrap();
    r.step(usize::MAX);
    assert_eq!(r.done(), 1, "only the complete repetition counts");
    assert_eq!(r.stopped(), Some(&UnitEnd::Pending));
    let calls = r.pending_calls(5);
    assert_eq!(
        calls.iter().map(|c| (c.unit, c.index)).collect::<Vec<_>>(),
        vec![(1, 2), (2, 0)]
    );
    // Resuming asks only for what is missing and ends where the full recording did.
    let (resumed, _) = record(&partial, 2, reply_to);
    assert_eq!(resumed, full);
    assert_eq!(resumed.run().unwrap().digest, full.run().unwrap().digest);
}

#[test]
fn a_transcript_of_another_experiment_is_refused_with_where() {
    let exp = llm_bandit();
    let (recorded, _) = record(&exp, 2, reply_to);
    let Experiment::Bandits(mut b) = recorded else {
        panic!()
    };
    b.seed += 1; // other rewards, so other prompts from round 2 on
    let err = Experiment::Bandits(b).run().unwrap_err().to_string();
    assert!(err.contains("does not match"), "{err}");
    assert!(err.contains("policy 1"), "{err}");
}

#[test]
fn an_unreadable_reply_is_retried_then_falls_back_and_both_are_counted() {
    let exp = llm_bandit();
    // Round 1 of every repetition: nonsense, then nonsense again; otherwise arm 2.
    let answer = |c: &PendingCall| {
        let first_round = c.request.messages[0].content.contains("This is round 1 of");
        if first_round {
            "I like turtles".to_string()
        } else {
            reply_to(c)
        }
    };
    let (recorded, _) = record(&exp, 2, answer);
    let out = recorded.run().unwrap();
    let agora_engine::experiment::Results::Bandits(r) = &out.results else {
        panic!()
    };
    let s = r.policies[0].llm.as_ref().unwrap();
    // 3 repetitions: round 1 is two calls (the reply and the corrective retry) and a fallback.
    assert_eq!(
        (s.decisions, s.fallbacks, s.repairs, s.calls),
        (15, 3, 3, 18)
    );
    let seen = recorded.llm_exchanges();
    assert_eq!(seen.len(), 18);
    assert!(seen[0].parsed.starts_with("unreadable, asked again"));
    assert!(seen[1].fallback && seen[1].parsed.starts_with("unreadable, fell back"));
    assert!(seen[1].request.messages[2]
        .content
        .starts_with("Your answer could not be read"));
}

#[test]
fn the_llm_plays_tit_for_tat_as_its_replies_say() {
    let exp = Experiment::Games(games_presets::llm_vs_tft());
    let (recorded, _) = record(&exp, 2, reply_to);
    let out = recorded.run().unwrap();
    let agora_engine::experiment::Results::Games(agora_engine::games::GamesResults::Match(m)) =
        &out.results
    else {
        panic!()
    };
    use agora_engine::games::Action::{C, D};
    let llm: Vec<_> = m.moves.iter().map(|&(a, _)| a).collect();
    let tft: Vec<_> = m.moves.iter().map(|&(_, b)| b).collect();
    assert_eq!(llm, [C, D, C, D, C, D, C, D, C, D]);
    assert_eq!(tft, [C, C, D, C, D, C, D, C, D, C], "Tit For Tat copies");
    // Akata et al.'s payoffs: JJ 8/8 in round 1; then the LLM's F meets Tit For Tat's J (10/0)
    // in rounds 2, 4, .., 10 and its J meets F (0/10) in rounds 3, .., 9.
    assert_eq!(m.scores, [8.0 + 5.0 * 10.0, 8.0 + 4.0 * 10.0]);
    assert_eq!(m.llm[0].decisions, 10);
}

#[test]
fn social_chain_of_thought_asks_twice_per_round() {
    let exp = Experiment::Games(games_presets::llm_scot_bos());
    let (recorded, _) = record(&exp, 1, reply_to);
    let seen = recorded.llm_exchanges();
    assert_eq!(seen.len(), 20);
    assert!(seen[0].request.messages[0]
        .content
        .contains("Which Option do you predict the other player will choose in round 1"));
    assert!(seen[1].request.messages[0]
        .content
        .contains("Given that you predict the other player will choose Option F in round 1"));
}

#[test]
fn the_options_are_shuffled_per_round_from_the_players_own_stream() {
    let exp = Experiment::Games(games_presets::llm_vs_tft());
    let (recorded, _) = record(&exp, 1, reply_to);
    let orders: Vec<bool> = recorded
        .llm_exchanges()
        .iter()
        .map(|s| {
            s.request.messages[0]
                .content
                .contains("Option J or Option F?")
        })
        .collect();
    assert!(
        orders.contains(&true) && orders.contains(&false),
        "{orders:?}"
    );
}

#[test]
fn llm_players_take_part_in_tournaments_match_by_match() {
    let g = GamesExperiment::Tournament(TournamentConfig {
        seed: 3,
        game: agora_engine::games::GameConfig::preset("pd_akata").unwrap(),
        players: vec![
            StrategyConfig::Llm(Default::default()),
            StrategyConfig::by_kind("TitForTat").unwrap(),
            StrategyConfig::by_kind("Defector").unwrap(),
        ],
        turns: 4,
        noise: 0.0,
        prob_end: 0.0,
        repetitions: 2,
        transcript: Default::default(),
    });
    let exp = Experiment::Games(g);
    let (recorded, widest) = record(&exp, 3, reply_to);
    assert_eq!(widest, 3);
    let t = recorded.transcript().unwrap();
    // Per repetition the LLM plays itself (two seats), Tit For Tat and the Defector: matches
    // (0,0), (0,1), (0,2) of the 6; the others need no call.
    assert_eq!(
        t.units.keys().copied().collect::<Vec<_>>(),
        vec![0, 1, 2, 6, 7, 8]
    );
    assert_eq!(t.units[&0].len(), 8, "self-play: 4 turns, both seats");
    assert_eq!(t.units[&1].len(), 4);
    let out = recorded.run().unwrap();
    let agora_engine::experiment::Results::Games(agora_engine::games::GamesResults::Tournament(r)) =
        &out.results
    else {
        panic!()
    };
    assert_eq!(r.llm[0].agent, "player 1");
    assert_eq!(r.llm[0].decisions, 2 * (8 + 4 + 4));
}

#[test]
fn the_evolution_of_trust_refuses_llm_players_with_a_reason() {
    let mut t = match games_presets::all()
        .into_iter()
        .find(|p| p.0 == "games-trust")
        .unwrap()
        .3
    {
        GamesExperiment::Trust(t) => t,
        _ => panic!(),
    };
    t.types[0] = StrategyConfig::Llm(Default::default());
    let err = GamesExperiment::Trust(t).validate().unwrap_err();
    assert!(
        err.to_string().contains("LLM players take part in matches"),
        "{err}"
    );
}

#[test]
fn the_budget_stops_asking_and_keeps_the_replies() {
    let exp = llm_bandit();
    let limits = CallLimits {
        max_calls: Some(4),
        concurrency: 2,
        ..Default::default()
    };
    let mut run = LlmRun::new(&exp, limits).unwrap();
    let mut made = 0;
    let stopped = loop {
        match run.poll() {
            Poll::Calls(calls) => {
                for c in calls {
                    made += 1;
                    let e = common::exchange(&c, reply_to(&c));
                    run.on_reply(&c, e);
                }
            }
            Poll::Stopped(m) => break m,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(made, 4);
    assert!(stopped.contains("budget of 4 calls"), "{stopped}");
    assert_eq!(run.experiment().transcript().unwrap().len(), 4);
}

#[test]
fn an_llm_policy_is_only_a_policy_kind_among_others() {
    // Adding an LLM does not change the classical policies' draws (their own streams).
    let mut b = bandit_presets::hard_k5();
    b.repetitions = 3;
    b.horizon = 5;
    let plain = Experiment::Bandits(b.clone()).run().unwrap();
    b.policies.insert(0, PolicyConfig::Llm(Default::default()));
    let (recorded, _) = record(&Experiment::Bandits(b), 2, reply_to);
    let with_llm = recorded.run().unwrap();
    let (
        agora_engine::experiment::Results::Bandits(p),
        agora_engine::experiment::Results::Bandits(w),
    ) = (&plain.results, &with_llm.results)
    else {
        panic!()
    };
    assert_eq!(&w.policies[1..], &p.policies[..]);
}

#[test]
fn watching_a_recorded_repetition_replays_the_llm_as_the_batch_run_did() {
    let Experiment::Bandits(mut b) = llm_bandit() else {
        panic!()
    };
    b.repetitions = 1;
    let (recorded, _) = record(&Experiment::Bandits(b), 1, |c| {
        // Arm 3 in odd rounds, arm 1 in even ones.
        let text = &c.request.messages[0].content;
        let round: usize = text
            .split("This is round ")
            .nth(1)
            .and_then(|r| r.split(' ').next())
            .and_then(|r| r.parse().ok())
            .unwrap();
        if round % 2 == 1 { "3" } else { "1" }.to_string()
    });
    let Experiment::Bandits(b) = &recorded else {
        panic!()
    };
    let out = recorded.run().unwrap();
    let agora_engine::experiment::Results::Bandits(r) = &out.results else {
        panic!()
    };
    let mut w = agora_engine::bandits::watch::Watch::new(b, 0, false).unwrap();
    w.advance(b.horizon);
    let pulls: Vec<f64> = w.tallies[0].pulls.iter().map(|&n| n as f64).collect();
    assert_eq!(pulls, r.policies[0].pulls_mean);
    assert_eq!(pulls, vec![2.0, 0.0, 3.0, 0.0, 0.0]);
}

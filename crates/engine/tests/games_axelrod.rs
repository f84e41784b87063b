//! Agora against the Axelrod library, pair by pair.
//!
//! `tests/data/axelrod-deterministic.json` holds, for every deterministic strategy that both
//! have, the mean payoff per turn of each player in a 200-turn match against each other player
//! of the Prisoner's Dilemma (3, 0, 5, 1), as the Axelrod library computes it
//! (`scripts/axelrod-fixture.py` wrote it with axelrod 4.14.0). A one-repetition tournament
//! here must give the same payoff matrix entry for entry: same identifiers, same rules.

use agora_engine::games::{GameConfig, StrategyConfig, TournamentConfig};

const FIXTURE: &str = include_str!("data/axelrod-deterministic.json");

#[test]
fn every_deterministic_strategy_scores_as_in_the_axelrod_library() {
    let v: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    let kinds: Vec<&str> = v["kinds"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| k.as_str().unwrap())
        .collect();
    assert!(kinds.len() >= 30, "{} strategies", kinds.len());
    let expected: Vec<Vec<f64>> = serde_json::from_value(v["payoff_matrix"].clone()).unwrap();
    let players: Vec<StrategyConfig> = kinds
        .iter()
        .map(|k| StrategyConfig::by_kind(k).unwrap_or_else(|| panic!("{k} is not registered")))
        .collect();
    let t = TournamentConfig {
        seed: 0,
        game: GameConfig::prisoners_dilemma(),
        players,
        turns: v["turns"].as_u64().unwrap() as usize,
        noise: 0.0,
        prob_end: 0.0,
        repetitions: 1,
        transcript: Default::default(),
    };
    let got = t.run().unwrap().payoff_matrix;
    let mut wrong = Vec::new();
    for (i, row) in expected.iter().enumerate() {
        for (j, &e) in row.iter().enumerate() {
            if (got[i][j] - e).abs() > 1e-12 {
                wrong.push(format!(
                    "{} vs {}: Axelrod {e}, Agora {}",
                    kinds[i], kinds[j], got[i][j]
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "{} pairs differ:\n{}",
        wrong.len(),
        wrong.join("\n")
    );
}

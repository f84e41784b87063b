//! The names people know LLM players and units of work by, for messages about calls: the
//! engine asks under "player 1" and counts matches; a person reads "LLM smollm2" and "match
//! Tit For Tat vs LLM smollm2".

use super::experiment::GamesExperiment;
use super::strategies::StrategyConfig;

impl GamesExperiment {
    /// The players of the match or the tournament (none in the other modes).
    fn llm_roster(&self) -> &[StrategyConfig] {
        match self {
            GamesExperiment::Match(m) => &m.players[..],
            g => g.tournament().map_or(&[][..], |t| &t.players[..]),
        }
    }

    /// The label of the player that asks under `agent` ("player 1": the first player's
    /// label); `agent` itself when it names no player.
    pub fn llm_agent_label(&self, agent: &str) -> String {
        agent
            .strip_prefix("player ")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.llm_roster().get(i))
            .map_or_else(|| agent.to_string(), |p| p.label())
    }

    /// Unit `unit` of an LLM run, in words: "the match" of match mode; in a tournament
    /// "match A vs B" (with ", repetition r" when there are several), in the round robin's
    /// playing order (each repetition: i, then j >= i).
    pub fn llm_unit_label(&self, unit: usize) -> String {
        let players = self.llm_roster();
        match self {
            GamesExperiment::Match(m) => {
                format!(
                    "the match {} vs {}",
                    m.players[0].label(),
                    m.players[1].label()
                )
            }
            g => {
                let Some(t) = g.tournament() else {
                    return format!("unit {}", unit + 1);
                };
                let n = players.len();
                let per_rep = n * (n + 1) / 2;
                if per_rep == 0 {
                    return format!("match {}", unit + 1);
                }
                let (rep, mut k) = (unit / per_rep, unit % per_rep);
                let mut pair = (0, 0);
                'find: for i in 0..n {
                    for j in i..n {
                        if k == 0 {
                            pair = (i, j);
                            break 'find;
                        }
                        k -= 1;
                    }
                }
                let name = format!(
                    "match {} vs {}",
                    players[pair.0].label(),
                    players[pair.1].label()
                );
                if t.repetitions > 1 {
                    format!("{name}, repetition {}", rep + 1)
                } else {
                    name
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::games::presets;
    use crate::games::{GamesExperiment, StrategyConfig, TournamentConfig};

    #[test]
    fn the_match_and_its_players_by_name() {
        let e = presets::llm_vs_tft();
        let GamesExperiment::Match(m) = &e else {
            panic!("match preset")
        };
        assert_eq!(e.llm_agent_label("player 1"), m.players[0].label());
        assert_eq!(e.llm_agent_label("player 3"), "player 3");
        assert_eq!(
            e.llm_unit_label(0),
            format!(
                "the match {} vs {}",
                m.players[0].label(),
                m.players[1].label()
            )
        );
    }

    #[test]
    fn tournament_units_follow_the_round_robin_order() {
        let GamesExperiment::Match(m) = presets::llm_vs_tft() else {
            panic!("match preset")
        };
        let llm = m.players[0].clone();
        let mut t = TournamentConfig {
            seed: 1,
            game: m.game.clone(),
            players: vec![
                llm.clone(),
                StrategyConfig::by_kind("TitForTat").unwrap(),
                StrategyConfig::by_kind("Defector").unwrap(),
            ],
            turns: 3,
            noise: 0.0,
            prob_end: 0.0,
            repetitions: 1,
            transcript: Default::default(),
        };
        let l = llm.label();
        let e = GamesExperiment::Tournament(t.clone());
        // Order: (0,0) (0,1) (0,2) (1,1) (1,2) (2,2).
        assert_eq!(e.llm_unit_label(0), format!("match {l} vs {l}"));
        assert_eq!(e.llm_unit_label(1), format!("match {l} vs Tit For Tat"));
        assert_eq!(e.llm_unit_label(4), "match Tit For Tat vs Defector");
        t.repetitions = 2;
        let e = GamesExperiment::Tournament(t);
        assert_eq!(
            e.llm_unit_label(8),
            format!("match {l} vs Defector, repetition 2")
        );
    }
}

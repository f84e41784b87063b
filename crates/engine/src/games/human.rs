//! A person plays the repeated game as the row player against one of the experiment's
//! strategies (the "You play" view), and the same rounds are then played by reference
//! strategies on the same random draws, so the person's score has fair comparisons.
//!
//! The opponent chooses from the histories before each round (moves are simultaneous) and sees
//! the game from its side ([`GameConfig::transposed`]), exactly as in an engine match. Its
//! random numbers come from the stream [`play`] gives the second player of a match keyed
//! `["games/play", <opponent label>]` under the experiment's seed ([`MatchStreams::player`]).
//! So [`compare`] plays Tit For Tat and Always Defect (the [`REFERENCES`]) against the same
//! opponent for as many rounds as the person played with [`play`] itself, and the opponent
//! draws exactly the numbers it drew against the person. There is no noise in this game.
//!
//! Streams: `["games/play", <opponent label>]` (numbered stream 1 of the match key: the
//! opponent), `["games/play", "pick"]` (the opponent suggested first, [`default_pick`]).

use super::game::GameConfig;
use super::play::{play, MatchConfig, MatchResult, MatchStreams, MAX_TURNS};
use super::strategies::StrategyConfig;
use super::strategy::{Action, Strategy};
use crate::error::ConfigError;
use crate::rng::{Key, Rng};

/// First part of every random stream of this game.
pub const KEY: &str = "games/play";

/// Strategies played against the same opponent for comparison at the end.
pub const REFERENCES: [&str; 2] = ["TitForTat", "Defector"];

/// One round of a human game.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Round {
    /// 1-based round number.
    pub number: usize,
    pub you: Action,
    pub them: Action,
    /// Payoffs (yours, theirs).
    pub payoffs: (f64, f64),
}

/// A repeated game between a person (row player) and an engine strategy.
pub struct HumanGame {
    game: GameConfig,
    seen_by_opponent: GameConfig,
    opponent: Box<dyn Strategy>,
    rng: Rng,
    turns: usize,
    you: Vec<Action>,
    them: Vec<Action>,
    scores: [f64; 2],
    last: Option<Round>,
}

/// The match key under which the opponent's random stream is drawn.
fn match_key(label: &str) -> [Key<'_>; 2] {
    [KEY.into(), label.into()]
}

impl HumanGame {
    /// A fresh game of `turns` rounds in `game` against `opponent`, with random numbers from
    /// `seed`. The error's message is a sentence for the student.
    pub fn new(
        game: &GameConfig,
        opponent: &StrategyConfig,
        seed: u64,
        turns: usize,
    ) -> Result<Self, ConfigError> {
        game.validate()
            .map_err(|e| ConfigError::new("game", format!("the game is not valid ({e})")))?;
        opponent.validate().map_err(|e| {
            ConfigError::new(
                "opponent",
                format!("the opponent's settings are not valid ({e})"),
            )
        })?;
        if turns == 0 || turns > MAX_TURNS {
            return Err(ConfigError::new(
                "turns",
                format!("a game needs between 1 and {MAX_TURNS} rounds (got {turns})"),
            ));
        }
        let label = opponent.label();
        let rng = MatchStreams::of(seed, &match_key(&label)).player(1);
        let mut s = opponent.build();
        s.reset();
        Ok(HumanGame {
            game: game.clone(),
            seen_by_opponent: game.transposed(),
            opponent: s,
            rng,
            turns,
            you: Vec::with_capacity(turns),
            them: Vec::with_capacity(turns),
            scores: [0.0, 0.0],
            last: None,
        })
    }

    /// Play one round with the person's action; `None` once the game is over.
    pub fn play(&mut self, you: Action) -> Option<Round> {
        if self.finished() {
            return None;
        }
        let them = self
            .opponent
            .act(&self.them, &self.you, &self.seen_by_opponent, &mut self.rng);
        let payoffs = self.game.payoffs(you, them);
        self.scores[0] += payoffs.0;
        self.scores[1] += payoffs.1;
        self.you.push(you);
        self.them.push(them);
        let r = Round {
            number: self.you.len(),
            you,
            them,
            payoffs,
        };
        self.last = Some(r);
        Some(r)
    }

    /// Rounds played.
    pub fn round(&self) -> usize {
        self.you.len()
    }

    /// Rounds in the game.
    pub fn turns(&self) -> usize {
        self.turns
    }

    /// True when every round has been played.
    pub fn finished(&self) -> bool {
        self.you.len() >= self.turns
    }

    /// Totals (yours, theirs).
    pub fn scores(&self) -> [f64; 2] {
        self.scores
    }

    /// The person's moves.
    pub fn you(&self) -> &[Action] {
        &self.you
    }

    /// The opponent's moves.
    pub fn them(&self) -> &[Action] {
        &self.them
    }

    /// The last round played.
    pub fn last(&self) -> Option<Round> {
        self.last
    }

    /// The stage game.
    pub fn game(&self) -> &GameConfig {
        &self.game
    }
}

/// `reference` (as row player) against `opponent` for `rounds` rounds with the engine, on the
/// opponent's random draws of the human game.
pub fn benchmark(
    reference: &StrategyConfig,
    opponent: &StrategyConfig,
    game: &GameConfig,
    seed: u64,
    rounds: usize,
) -> MatchResult {
    let cfg = MatchConfig {
        turns: rounds,
        noise: 0.0,
        prob_end: 0.0,
    };
    let label = opponent.label();
    play(reference, opponent, game, &cfg, seed, &match_key(&label))
}

/// One line of the comparison shown when the game ends.
#[derive(Clone, Debug, PartialEq)]
pub struct Comparison {
    /// The reference strategy (one of [`REFERENCES`]).
    pub reference: StrategyConfig,
    /// Its match against the opponent: the same rounds, the same draws.
    pub result: MatchResult,
}

/// The [`REFERENCES`] against `opponent` for `rounds` rounds (at least one), on the draws the
/// person's opponent used.
pub fn compare(
    opponent: &StrategyConfig,
    game: &GameConfig,
    seed: u64,
    rounds: usize,
) -> Vec<Comparison> {
    REFERENCES
        .iter()
        .filter_map(|kind| StrategyConfig::by_kind(kind))
        .map(|r| Comparison {
            result: benchmark(&r, opponent, game, seed, rounds.max(1)),
            reference: r,
        })
        .collect()
}

/// Short names of the game's two actions for compact move strips: the first letters when they
/// differ ("C"/"D", "J"/"F", "H"/"T"), else the shortest prefixes that differ ("Sw"/"St" in
/// Chicken), else "1"/"2" (two actions of the same name).
pub fn short_action_names(game: &GameConfig) -> [String; 2] {
    let a: Vec<char> = game.actions[0].trim().chars().collect();
    let b: Vec<char> = game.actions[1].trim().chars().collect();
    for k in 1..=a.len().max(b.len()) {
        let pa: String = a.iter().take(k).collect();
        let pb: String = b.iter().take(k).collect();
        if !pa.is_empty() && !pb.is_empty() && pa.to_lowercase() != pb.to_lowercase() {
            let cap = |s: String| {
                let mut c = s.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            };
            return [cap(pa), cap(pb)];
        }
    }
    ["1".into(), "2".into()]
}

/// The order in which the `n` opponents are offered as mysteries ("Mystery opponent 1", ...):
/// a permutation drawn from the seed, so a mystery's number does not give away its place in
/// the experiment's list of players.
pub fn mystery_order(seed: u64, n: usize) -> Vec<usize> {
    Rng::stream(seed, &[KEY.into(), "order".into()]).permutation(n)
}

/// The opponent suggested first: drawn from the seed so it is not always the first player.
pub fn default_pick(seed: u64, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        Rng::stream(seed, &[KEY.into(), "pick".into()]).below(n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Action::{C, D};

    fn by(kind: &str) -> StrategyConfig {
        StrategyConfig::by_kind(kind).unwrap()
    }

    fn letters(moves: &[Action]) -> String {
        moves.iter().map(|a| a.letter()).collect()
    }

    #[test]
    fn mysteries_are_numbered_in_an_order_drawn_from_the_seed() {
        for n in [0, 1, 5, 12] {
            let mut o = mystery_order(7, n);
            assert_eq!(o, mystery_order(7, n), "the same order for the same seed");
            o.sort_unstable();
            assert_eq!(o, (0..n).collect::<Vec<_>>(), "a permutation");
        }
        // Across seeds, the first mystery is not always the first player.
        let firsts: std::collections::BTreeSet<usize> =
            (0..20).map(|seed| mystery_order(seed, 6)[0]).collect();
        assert!(firsts.len() > 1, "{firsts:?}");
    }

    #[test]
    fn tit_for_tat_copies_you_and_the_scores_add_up_by_hand() {
        // PD 3/0/5/1. You: C, D, D, C. Tit For Tat cooperates first, then copies your previous
        // move: C, C, D, D. Your payoffs: CC 3, DC 5, DD 1, CD 0 (total 9); its payoffs:
        // 3, 0, 1, 5 (total 9).
        let g = GameConfig::prisoners_dilemma();
        let mut h = HumanGame::new(&g, &by("TitForTat"), 1, 4).unwrap();
        let mut mine = Vec::new();
        let mut theirs = Vec::new();
        for a in [C, D, D, C] {
            let r = h.play(a).unwrap();
            mine.push(r.payoffs.0);
            theirs.push(r.payoffs.1);
        }
        assert_eq!(h.them(), &[C, C, D, D]);
        assert_eq!(mine, vec![3.0, 5.0, 1.0, 0.0]);
        assert_eq!(theirs, vec![3.0, 0.0, 1.0, 5.0]);
        assert_eq!(h.scores(), [9.0, 9.0]);
        assert!(h.finished());
        assert_eq!(h.play(C), None);
        assert_eq!(h.round(), 4);
        assert_eq!(h.last().unwrap().number, 4);
    }

    #[test]
    fn the_opponent_sees_the_game_from_its_side() {
        // Battle of the Sexes: JJ pays row 10 and column 7. Cooperator always plays the first
        // action J, so you get 10 and it 7 when you play J, nothing each when you play F.
        let g = GameConfig::preset("battle_of_the_sexes").unwrap();
        let mut h = HumanGame::new(&g, &by("Cooperator"), 3, 2).unwrap();
        assert_eq!(h.play(C).unwrap().payoffs, (10.0, 7.0));
        assert_eq!(h.play(D).unwrap().payoffs, (0.0, 0.0));
        // Fictitious play best-responds to your frequencies with its own (column) payoffs. In
        // Matching Pennies the column player wins on a mismatch: after you played Heads it
        // answers Tails (payoff 1 against -1). With the row player's payoffs it would answer
        // Heads.
        let mp = GameConfig::preset("matching_pennies").unwrap();
        let mut h = HumanGame::new(&mp, &by("FictitiousPlay"), 3, 3).unwrap();
        assert_eq!(h.play(C).unwrap().them, C, "first move is its initial C");
        let second = h.play(C).unwrap();
        assert_eq!(second.them, D);
        assert_eq!(second.payoffs, (-1.0, 1.0));
    }

    #[test]
    fn references_are_hand_checked_against_tit_for_tat() {
        // Over 4 rounds of PD 3/0/5/1 against Tit For Tat: Tit For Tat cooperates throughout
        // (12 each); Always Defect gets T then P three times = 5 + 1 + 1 + 1 = 8 and leaves
        // its opponent 0 + 1 + 1 + 1 = 3.
        let g = GameConfig::prisoners_dilemma();
        let opp = by("TitForTat");
        let c = compare(&opp, &g, 5, 4);
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].reference, by("TitForTat"));
        assert_eq!(c[0].result.scores, [12.0, 12.0]);
        assert_eq!(c[1].reference, by("Defector"));
        assert_eq!(c[1].result.scores, [8.0, 3.0]);
        // No round played: the comparison still plays one.
        assert_eq!(compare(&opp, &g, 5, 0)[0].result.turns(), 1);
    }

    #[test]
    fn a_random_opponent_draws_the_same_numbers_as_in_the_comparison() {
        // Playing Tit For Tat's moves by hand against Random must reproduce the engine match
        // the comparison plays: same opponent moves, same scores.
        let g = GameConfig::prisoners_dilemma();
        let opp = by("Random");
        let n = 50;
        let m = benchmark(&by("TitForTat"), &opp, &g, 42, n);
        let mut h = HumanGame::new(&g, &opp, 42, n).unwrap();
        for t in 0..n {
            let mine = if t == 0 { C } else { h.them()[t - 1] };
            h.play(mine);
        }
        let moves: Vec<(Action, Action)> = h
            .you()
            .iter()
            .copied()
            .zip(h.them().iter().copied())
            .collect();
        assert_eq!(moves, m.moves);
        assert_eq!(h.scores(), m.scores);
        // Random really is random here: both actions occur in 50 rounds.
        assert!(h.them().contains(&C) && h.them().contains(&D));
        // A different seed gives other draws.
        let other = benchmark(&by("TitForTat"), &opp, &g, 43, n);
        assert_ne!(other.moves, m.moves);
    }

    #[test]
    fn the_comparison_players_see_exactly_the_draws_the_person_saw() {
        // Random's moves depend on its draws only, not on the history: whatever the person
        // plays, the opponent of every reference must make exactly the moves it made against
        // the person, round for round.
        let g = GameConfig::prisoners_dilemma();
        let opp = by("Random");
        let mut h = HumanGame::new(&g, &opp, 9, 30).unwrap();
        for t in 0..17 {
            h.play(if t % 3 == 0 { D } else { C });
        }
        let seen = h.them().to_vec();
        for c in compare(&opp, &g, 9, h.round()) {
            let theirs: Vec<Action> = c.result.moves.iter().map(|m| m.1).collect();
            assert_eq!(theirs, seen, "{} saw other draws", c.reference.label());
        }
    }

    #[test]
    fn the_streams_did_not_change() {
        // Pinned from the page's implementation before this module moved into the engine:
        // links and classroom exercises that quote a game keep the same opponent.
        let g = GameConfig::prisoners_dilemma();
        let mut h = HumanGame::new(&g, &by("Random"), 42, 24).unwrap();
        for _ in 0..24 {
            h.play(C);
        }
        assert_eq!(letters(h.them()), PINNED_RANDOM_42);
        let picks: Vec<usize> = (0..12).map(|s| default_pick(s, 5)).collect();
        assert_eq!(picks, PINNED_PICKS);
    }

    const PINNED_RANDOM_42: &str = "CCCCDDCCCDDDDCDCDDCDCDCD";
    const PINNED_PICKS: [usize; 12] = [3, 3, 2, 0, 2, 3, 4, 0, 2, 4, 4, 0];

    #[test]
    fn short_names_tell_the_actions_apart() {
        let short = |a: &str, b: &str| {
            let mut g = GameConfig::prisoners_dilemma();
            g.actions = [a.into(), b.into()];
            short_action_names(&g)
        };
        assert_eq!(short("Cooperate", "Defect"), ["C", "D"]);
        assert_eq!(short("J", "F"), ["J", "F"]);
        assert_eq!(short("Swerve", "Straight"), ["Sw", "St"]);
        assert_eq!(short("stag", "hare"), ["S", "H"]);
        assert_eq!(short("Up", "Up"), ["1", "2"]);
        assert_eq!(short("A", "Ab"), ["A", "Ab"]);
        assert_eq!(short("", "X"), ["1", "2"]);
    }

    #[test]
    fn bad_settings_are_refused_with_a_sentence() {
        let g = GameConfig::prisoners_dilemma();
        let e = HumanGame::new(&g, &by("TitForTat"), 1, 0).err().unwrap();
        assert!(e.to_string().contains("between 1 and"), "{e}");
        let mut bad = g.clone();
        bad.row[0][0] = f64::NAN;
        let e = HumanGame::new(&bad, &by("TitForTat"), 1, 5).err().unwrap();
        assert!(e.to_string().contains("not valid"), "{e}");
    }

    #[test]
    fn the_first_opponent_is_drawn_within_range() {
        assert_eq!(default_pick(1, 0), 0);
        for seed in 0..50 {
            assert!(default_pick(seed, 3) < 3);
        }
        let picks: std::collections::BTreeSet<usize> =
            (0..50).map(|s| default_pick(s, 3)).collect();
        assert_eq!(picks.len(), 3);
    }
}

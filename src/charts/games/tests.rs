//! Tests of the games lab charts.

use super::*;
use crate::charts::fmt_num;
use crate::charts::{draw_fn, render_svg, svg_has_text, DrawFn};
use agora_engine::games::dynamics::{DynamicsConfig, LearnerConfig, MatrixGame};
use agora_engine::games::dynamics::{DynamicsResults, Trajectory};
use agora_engine::games::experiment::MatchExperiment;
use agora_engine::games::experiment::MatchReport;
use agora_engine::games::tournament::TournamentRunner;
use agora_engine::games::GameConfig;
use agora_engine::games::{StrategyConfig, TournamentConfig};

fn tournament(n: usize, repetitions: usize) -> TournamentConfig {
    TournamentConfig {
        seed: 7,
        game: GameConfig::prisoners_dilemma(),
        players: StrategyConfig::all_defaults().into_iter().take(n).collect(),
        turns: 20,
        noise: 0.0,
        prob_end: 0.0,
        repetitions,
        transcript: Default::default(),
    }
}

fn svg(d: DrawFn) -> String {
    let s = render_svg(&d, 700, 320).unwrap();
    assert!(!s.contains("NaN"), "NaN in the SVG");
    s
}

#[test]
fn barycentre_is_the_centroid_and_pure_strategies_the_corners() {
    let h = 3f64.sqrt() / 2.0;
    let close =
        |a: (f64, f64), b: (f64, f64)| (a.0 - b.0).abs() < 1e-12 && (a.1 - b.1).abs() < 1e-12;
    assert!(close(barycentric(&[1.0, 0.0, 0.0]).unwrap(), (0.0, 0.0)));
    assert!(close(barycentric(&[0.0, 1.0, 0.0]).unwrap(), (1.0, 0.0)));
    assert!(close(barycentric(&[0.0, 0.0, 1.0]).unwrap(), (0.5, h)));
    // The centroid of the corners is ((0 + 1 + 1/2) / 3, (0 + 0 + h) / 3).
    let third = 1.0 / 3.0;
    assert!(close(
        barycentric(&[third, third, third]).unwrap(),
        (0.5, h / 3.0)
    ));
    // The midpoint of an edge, and unnormalized weights.
    assert!(close(
        barycentric(&[0.0, 0.5, 0.5]).unwrap(),
        (0.75, h / 2.0)
    ));
    assert!(close(barycentric(&[2.0, 2.0, 0.0]).unwrap(), (0.5, 0.0)));
    assert_eq!(barycentric(&[0.5, 0.5]), None);
    assert_eq!(barycentric(&[0.0, 0.0, 0.0]), None);
    assert_eq!(barycentric(&[f64::NAN, 0.5, 0.5]), None);
    assert_eq!(barycentric(&[-0.1, 0.6, 0.5]), None);
}

#[test]
fn heatmap_and_boxes_show_the_players_in_ranking_order() {
    let r = tournament(5, 3).run().unwrap();
    let hm = PayoffHeatmap::new(&r);
    // Row k of the chart is player ranking[k]; column l is ranking[l].
    for (k, &i) in r.ranking.iter().enumerate() {
        assert_eq!(hm.names[k], r.players[i]);
        for (l, &j) in r.ranking.iter().enumerate() {
            assert_eq!(hm.matrix[k][l], r.payoff_matrix[i][j]);
        }
    }
    let s = svg(draw_fn(hm));
    assert!(svg_has_text(&s, "Payoff matrix"));
    assert!(svg_has_text(&s, "row player"));
    for name in &r.players {
        assert!(s.contains(name.as_str()), "{name}");
    }
    // Five players: every value is written in its cell.
    let v = r.payoff_matrix[r.ranking[0]][r.ranking[1]];
    assert!(svg_has_text(&s, &fmt_num(v)));

    let b = ScoreBoxes::new(&r);
    let best = r.ranking[0];
    assert_eq!(b.rows[0].0, format!("1. {}", r.players[best]));
    let st = b.rows[0].1.as_ref().unwrap();
    let mut sorted = r.normalised_scores[best].clone();
    sorted.sort_by(f64::total_cmp);
    // Three repetitions: the median is the middle score.
    assert_eq!(st.median, sorted[1]);
    let s = svg(draw_fn(b));
    assert!(svg_has_text(&s, "Scores over repetitions"));
    assert!(svg_has_text(&s, "normalised score (payoff per turn)"));
    assert!(svg_has_text(&s, "median"));
}

#[test]
fn thirty_players_and_one_repetition_draw() {
    let r = tournament(30, 1).run().unwrap();
    let hm = PayoffHeatmap::new(&r);
    let tall = hm.suggested_height();
    assert!(tall > 320);
    let s = svg(draw_fn(hm.clone()));
    // Too many columns for names: ranks under the columns, "1. name" on the rows.
    assert!(svg_has_text(&s, "column player (opponent), by rank"));
    assert!(svg_has_text(&s, "30"));
    let s = render_svg(&draw_fn(hm), 700, tall).unwrap();
    assert!(s.contains(&format!("1. {}", r.ranked_names[0])));
    let s = svg(draw_fn(ScoreBoxes::new(&r)));
    assert!(svg_has_text(&s, "Scores over repetitions"));
}

#[test]
fn partial_tournaments_wait_for_a_repetition() {
    let mut runner = TournamentRunner::new(&tournament(4, 2)).unwrap();
    runner.step(3);
    let r = runner.results();
    assert_eq!(r.repetitions, 0);
    let s = svg(draw_fn(PayoffHeatmap::new(&r)));
    assert!(svg_has_text(&s, "No repetition finished yet."));
    let s = svg(draw_fn(ScoreBoxes::new(&r)));
    assert!(svg_has_text(&s, "No repetition finished yet."));
}

fn shares(k: usize, steps: usize) -> Vec<Vec<f64>> {
    // Type i's weight grows like (1 + i/k)^t: shares that sum to 1.
    (0..steps)
        .map(|t| {
            let w: Vec<f64> = (0..k)
                .map(|i| (1.0 + i as f64 / k as f64).powi(t as i32 / 10))
                .collect();
            let s: f64 = w.iter().sum();
            w.iter().map(|x| x / s).collect()
        })
        .collect()
}

#[test]
fn population_lines_and_stacks() {
    let labels: Vec<String> = ["Cooperator", "Defector", "Tit For Tat"]
        .map(String::from)
        .to_vec();
    let p = Population::new(
        "Ecology",
        "share",
        labels.clone(),
        shares(3, 50),
        "generation",
    )
    .percent(true);
    let s = svg(draw_fn(p.clone()));
    for l in &labels {
        assert!(svg_has_text(&s, l), "{l}");
    }
    assert!(svg_has_text(&s, "generation") && svg_has_text(&s, "100%"));
    let s = svg(draw_fn(p.stacked(true)));
    assert!(svg_has_text(&s, "stacked"));
    // A constant total (a population of 100) fills the axis exactly.
    let counts: Vec<Vec<f64>> = (0..=40)
        .map(|t| vec![t as f64 * 2.0, 100.0 - t as f64 * 2.0])
        .collect();
    let p = Population::new("Moran", "agents", labels[..2].to_vec(), counts, "step").stacked(true);
    let s = svg(draw_fn(p));
    assert!(svg_has_text(&s, "100") && svg_has_text(&s, "agents"));
}

#[test]
fn many_types_show_the_largest_and_group_the_rest() {
    let k = 30;
    let labels: Vec<String> = (0..k).map(|i| format!("Strategy number {i}")).collect();
    let p = Population::new("Ecology", "share", labels, shares(k, 60), "generation");
    let (shown, grouped) = p.shown();
    // Weights grow with i: the largest final shares are the last types, largest first.
    assert!(grouped);
    assert_eq!(shown[..5], [29, 28, 27, 26, 25]);
    assert_eq!(shown.len(), 8);
    let s = svg(draw_fn(p.clone()));
    assert!(svg_has_text(&s, "22 other types"));
    assert!(s.contains("Strategy number 29") || s.contains("Strategy numb"));
    let s = svg(draw_fn(p.stacked(true)));
    assert!(svg_has_text(&s, "22 other types"));
}

/// Axelrod's ecology in miniature: twelve types, one of which (the "Alternator", type 11)
/// grows at first and then starves to the smallest final share. It is drawn in colour, beside
/// the five largest final shares; the types that only declined are grouped.
#[test]
fn a_type_that_rose_and_fell_is_shown_although_it_ends_smallest() {
    let k = 12;
    let labels: Vec<String> = (0..k).map(|i| format!("T{i}")).collect();
    let series: Vec<Vec<f64>> = (0..=40)
        .map(|t| {
            let t = t as f64;
            (0..k)
                .map(|i| match i {
                    // The bump: up to 0.2 at t = 10, then down to 0.001.
                    11 => (0.05 + 0.015 * t)
                        .min(0.2 - (t - 10.0).max(0.0) * 0.0066)
                        .max(0.001),
                    // Steady decliners, ending at 0.01 .. 0.05.
                    5..=10 => 0.08 - t * (0.0007 + 0.0001 * (10 - i) as f64),
                    // The winners, ending largest for the smallest i.
                    _ => 0.08 + t * 0.0005 * (5 - i) as f64,
                })
                .collect()
        })
        .collect();
    let p = Population::new("Ecology", "share", labels, series, "generation");
    let (shown, grouped) = p.shown();
    assert!(grouped);
    assert_eq!(shown[..5], [0, 1, 2, 3, 4]);
    assert_eq!(shown[5], 11, "{shown:?}");
    assert_eq!(shown.len(), 8);
    assert!(svg_has_text(&svg(draw_fn(p)), "T11"));
}

#[test]
fn long_series_are_thinned_and_edge_cases_draw() {
    let n = 100_000;
    let series: Vec<Vec<f64>> = (0..n).map(|t| vec![t as f64, 1.0]).collect();
    let p = Population::new("Counts", "agents", vec!["A".into()], series, "step");
    assert!(p.ts.len() <= MAX_POINTS + 1);
    assert_eq!(*p.ts.last().unwrap(), (n - 1) as f64);
    // The label list was shorter than the rows: the extra type gets a name.
    assert_eq!(p.labels, vec!["A".to_string(), "type 2".to_string()]);
    svg(draw_fn(p));
    // One time point, NaN values, nothing at all.
    let one = Population::new(
        "Start",
        "share",
        vec!["A".into()],
        vec![vec![f64::NAN]],
        "t",
    );
    assert!(svg_has_text(&svg(draw_fn(one.clone())), "the start only"));
    svg(draw_fn(one.stacked(true)));
    let none = Population::new("Empty", "share", Vec::new(), Vec::new(), "t");
    assert!(svg_has_text(&svg(draw_fn(none)), "Nothing to show yet."));
}

/// Hedge learning from sampled play, so the strategies move even from the uniform start.
fn dynamics(game: MatrixGame, steps: usize) -> DynamicsResults {
    dynamics_with(game, steps, LearnerConfig::Hedge { eta: 0.1 })
}

fn dynamics_with(game: MatrixGame, steps: usize, learner: LearnerConfig) -> DynamicsResults {
    DynamicsConfig {
        seed: 3,
        game,
        learner,
        steps,
        sampled: true,
    }
    .run()
    .unwrap()
}

fn rps() -> Vec<String> {
    ["Rock", "Paper", "Scissors"].map(String::from).to_vec()
}

#[test]
fn dynamics_views() {
    let r = dynamics(MatrixGame::rock_paper_scissors(), 500);
    let third = 1.0 / 3.0;
    let eq = Some((vec![third; 3], vec![third; 3]));
    let p = DynamicsPlot::new(&r, rps(), rps(), DynamicsView::Average).with_equilibrium(eq);
    // Step t is drawn at x = t (1-based) with the time average after t steps.
    assert_eq!(p.ts[0], 1.0);
    assert_eq!(p.row[0], r.row.average[0]);
    let s = svg(draw_fn(p));
    assert!(svg_has_text(&s, "Time-average strategies"));
    assert!(svg_has_text(&s, "row: Rock") && svg_has_text(&s, "column: Scissors"));
    assert!(svg_has_text(&s, "mixed Nash equilibrium"));
    let p = DynamicsPlot::new(&r, rps(), rps(), DynamicsView::Current);
    assert_eq!(p.col[3], r.col.current[3]);
    assert!(svg_has_text(&svg(draw_fn(p)), "Strategies played"));
    let p = DynamicsPlot::new(&r, rps(), rps(), DynamicsView::Regret);
    assert_eq!(p.row_regret.len(), 500);
    let s = svg(draw_fn(p));
    assert!(svg_has_text(&s, "Average regret") && svg_has_text(&s, "average regret"));
    // An equilibrium of the wrong size is left out; missing action names get numbers.
    let p = DynamicsPlot::new(&r, Vec::new(), rps(), DynamicsView::Average)
        .with_equilibrium(Some((vec![0.5, 0.5], vec![0.5, 0.5])));
    let s = svg(draw_fn(p));
    assert!(svg_has_text(&s, "row: action 1"));
    assert!(!svg_has_text(&s, "mixed Nash equilibrium"));
    // One step, and no steps.
    let one = dynamics(MatrixGame::matching_pennies(), 1);
    svg(draw_fn(DynamicsPlot::new(
        &one,
        Vec::new(),
        Vec::new(),
        DynamicsView::Current,
    )));
    let empty = DynamicsResults {
        row: Trajectory {
            current: Vec::new(),
            average: Vec::new(),
            regret: Vec::new(),
        },
        col: Trajectory {
            current: Vec::new(),
            average: Vec::new(),
            regret: Vec::new(),
        },
    };
    let s = svg(draw_fn(DynamicsPlot::new(
        &empty,
        rps(),
        rps(),
        DynamicsView::Regret,
    )));
    assert!(svg_has_text(&s, "No steps yet: press Run."));
    let s = svg(draw_fn(Simplex::new(
        &empty,
        ["R", "P", "S"].map(String::from),
        0,
    )));
    assert!(svg_has_text(&s, "No steps yet: press Run."));
}

#[test]
fn simplex_draws_three_action_games_only() {
    let r = dynamics(MatrixGame::rock_paper_scissors(), 3000);
    let acts = ["Rock", "Paper", "Scissors"].map(String::from);
    let sx = Simplex::new(&r, acts.clone(), 1).with_point(Some(vec![1.0 / 3.0; 3]));
    assert_eq!(sx.player, 1);
    assert!(sx.average.len() <= MAX_POINTS + 1);
    assert_eq!(sx.average[0], barycentric(&r.col.average[0]).unwrap());
    let s = svg(draw_fn(sx));
    assert!(
        s.contains("player&apos;s strategy in the simplex")
            || s.contains("player's strategy in the simplex")
    );
    for a in &acts {
        assert!(svg_has_text(&s, a));
    }
    assert!(svg_has_text(&s, "equilibrium") && svg_has_text(&s, "time average"));
    let two = dynamics(MatrixGame::matching_pennies(), 10);
    let s = svg(draw_fn(Simplex::new(&two, acts, 0)));
    assert!(svg_has_text(
        &s,
        "The simplex shows games with three actions per player."
    ));
}

fn a_match(turns: usize) -> (MatchReport, GameConfig) {
    let game = GameConfig::prisoners_dilemma();
    let exp = MatchExperiment {
        seed: 1,
        game: game.clone(),
        players: [
            StrategyConfig::by_kind("TitForTat").unwrap(),
            StrategyConfig::by_kind("Random").unwrap(),
        ],
        turns,
        noise: 0.0,
        prob_end: 0.0,
        transcript: Default::default(),
    };
    (exp.run().unwrap(), game)
}

#[test]
fn match_scores_add_up_to_the_report() {
    let (m, game) = a_match(30);
    let full = MatchScores::new(&m, 30).with_game(&game);
    // The running sums of the game's payoffs end at the match totals.
    assert_eq!(full.totals_after(30), m.scores);
    let (p, q) = game.payoffs(m.moves[0].0, m.moves[0].1);
    assert_eq!(full.totals_after(1), [p, q]);
    assert_eq!(full.totals_after(0), [0.0, 0.0]);
    // Without the game: cooperations, ending at the report's counts.
    let coop = MatchScores::new(&m, 99);
    assert_eq!(coop.up_to, 30);
    assert_eq!(
        coop.totals_after(30),
        [m.cooperations[0] as f64, m.cooperations[1] as f64]
    );
    let s = svg(draw_fn(MatchScores::new(&m, 12).with_game(&game)));
    assert!(svg_has_text(&s, "Scores turn by turn") && svg_has_text(&s, "cumulative score"));
    assert!(svg_has_text(&s, "C (cooperate)") && svg_has_text(&s, "D (defect)"));
    assert!(s.contains("after turn 12 of 30"));
    assert!(svg_has_text(&svg(draw_fn(coop)), "cooperations so far"));
    // Long matches bin the strip; turn 0 and an empty report.
    let (long, game) = a_match(5000);
    svg(draw_fn(MatchScores::new(&long, 2500).with_game(&game)));
    svg(draw_fn(MatchScores::new(&m, 0).with_game(&game)));
    let mut empty = m.clone();
    empty.moves.clear();
    let s = svg(draw_fn(MatchScores::new(&empty, 5)));
    assert!(svg_has_text(&s, "No match played yet: press Run."));
}

/// Writes every chart to /tmp/agora-games-charts/*.svg to look at them
/// (`cargo test -p agora-web --lib write_games_charts -- --ignored`).
#[test]
#[ignore]
fn write_games_charts() {
    let dir = std::path::Path::new("/tmp/agora-games-charts");
    std::fs::create_dir_all(dir).unwrap();
    let out = |name: &str, d: DrawFn, h: u32| {
        std::fs::write(
            dir.join(format!("{name}.svg")),
            render_svg(&d, 700, h).unwrap(),
        )
        .unwrap();
    };
    let mut t = tournament(8, 10);
    t.noise = 0.05;
    let r8 = t.run().unwrap();
    out("heatmap8", draw_fn(PayoffHeatmap::new(&r8)), 320);
    out("boxes8", draw_fn(ScoreBoxes::new(&r8)), 320);
    let r30 = tournament(30, 5).run().unwrap();
    let hm = PayoffHeatmap::new(&r30);
    out("heatmap30", draw_fn(hm.clone()), 320);
    out("heatmap30tall", draw_fn(hm.clone()), hm.suggested_height());
    let b = ScoreBoxes::new(&r30);
    out("boxes30", draw_fn(b.clone()), 320);
    out("boxes30tall", draw_fn(b.clone()), b.suggested_height());
    let labels: Vec<String> = r8.players.clone();
    let eco = agora_engine::games::evolution::EcologyConfig::from_tournament(&r8, 200)
        .run()
        .unwrap();
    let p = Population::new("Ecology", "share", labels, eco.shares, "generation").percent(true);
    out("eco_lines", draw_fn(p.clone()), 320);
    out("eco_stacked", draw_fn(p.stacked(true)), 320);
    let labels: Vec<String> = (0..30).map(|i| format!("Strategy number {i}")).collect();
    let p = Population::new("Many types", "share", labels, shares(30, 300), "generation");
    out("many_lines", draw_fn(p.clone()), 320);
    out("many_stacked", draw_fn(p.stacked(true)), 320);
    let r = dynamics(MatrixGame::rock_paper_scissors(), 2000);
    let eq = Some((vec![1.0 / 3.0; 3], vec![1.0 / 3.0; 3]));
    for (name, v) in [
        ("dyn_average", DynamicsView::Average),
        ("dyn_current", DynamicsView::Current),
        ("dyn_regret", DynamicsView::Regret),
    ] {
        out(
            name,
            draw_fn(DynamicsPlot::new(&r, rps(), rps(), v).with_equilibrium(eq.clone())),
            320,
        );
    }
    let fp = dynamics_with(
        MatrixGame::rock_paper_scissors(),
        2000,
        LearnerConfig::FictitiousPlay,
    );
    out(
        "dyn_average_fp",
        draw_fn(
            DynamicsPlot::new(&fp, rps(), rps(), DynamicsView::Average)
                .with_equilibrium(eq.clone()),
        ),
        320,
    );
    let acts = ["Rock", "Paper", "Scissors"].map(String::from);
    out(
        "simplex_fp",
        draw_fn(Simplex::new(&fp, acts.clone(), 0).with_point(Some(vec![1.0 / 3.0; 3]))),
        420,
    );
    let bos = dynamics(MatrixGame::battle_of_the_sexes(), 500);
    let two = vec!["Opera".to_string(), "Football".to_string()];
    out(
        "dyn_bos",
        draw_fn(
            DynamicsPlot::new(&bos, two.clone(), two, DynamicsView::Average)
                .with_equilibrium(Some((vec![0.6, 0.4], vec![0.4, 0.6]))),
        ),
        320,
    );
    out(
        "simplex",
        draw_fn(Simplex::new(&r, acts, 0).with_point(Some(vec![1.0 / 3.0; 3]))),
        420,
    );
    let (m, game) = a_match(40);
    out(
        "match40",
        draw_fn(MatchScores::new(&m, 25).with_game(&game)),
        320,
    );
    let (m, game) = a_match(200);
    out(
        "match200",
        draw_fn(MatchScores::new(&m, 200).with_game(&game)),
        320,
    );
}

/// The ecology preset's description tells the Alternator's story (it grows on the Cooperator,
/// then starves); its chart must draw it in colour, not in the grey of "other types".
#[test]
fn the_ecology_preset_shows_the_alternator() {
    let exp = agora_engine::presets::find("games-ecology")
        .unwrap()
        .experiment;
    let out = exp.run().unwrap();
    let agora_engine::experiment::Results::Games(agora_engine::games::GamesResults::Ecology(e)) =
        out.results
    else {
        panic!("the ecology preset gives ecology results")
    };
    let shares = e.ecology.expect("the ecology ran").shares;
    let labels = e.tournament.players.clone();
    assert!(labels.len() > 10, "enough types to group some");
    let alternator = labels.iter().position(|l| l == "Alternator").unwrap();
    let p = Population::new("Ecology", "share", labels, shares, "generation");
    let (shown, grouped) = p.shown();
    assert!(grouped);
    assert!(shown.contains(&alternator), "{shown:?}");
}

#[test]
fn the_payoff_matrix_table_is_the_matrix_as_drawn() {
    let chart = PayoffHeatmap {
        names: vec!["Tit For Tat".into(), "Defector".into()],
        matrix: vec![vec![3.0, 0.5], vec![1.25, f64::NAN]],
        repetitions: 2,
    };
    let t = crate::charts::Plot::table(&chart);
    assert_eq!(
        t.caption,
        "Payoff matrix (mean payoff per turn of the row player against the column player, \
         2 repetitions; best first)"
    );
    assert_eq!(
        t.columns,
        vec![
            "row player \\ column player",
            "1. Tit For Tat",
            "2. Defector"
        ]
    );
    // (NaN is not equal to itself: compare what the cells show.)
    let shown: Vec<Vec<String>> = t
        .rows
        .iter()
        .map(|r| r.iter().map(|c| c.display()).collect())
        .collect();
    assert_eq!(
        shown,
        vec![
            vec!["1. Tit For Tat", "3", "0.5000"],
            vec!["2. Defector", "1.250", "–"],
        ]
    );
    // A missing cell reads "–" on the page and is empty in the copied text.
    assert_eq!(t.rows[1][2].display(), "–");
    assert_eq!(
        t.tsv(),
        "row player \\ column player\t1. Tit For Tat\t2. Defector\n\
         1. Tit For Tat\t3\t0.5\n2. Defector\t1.25\t\n"
    );
    let empty = PayoffHeatmap {
        names: Vec::new(),
        matrix: Vec::new(),
        repetitions: 0,
    };
    assert!(crate::charts::Plot::table(&empty).is_empty());
}

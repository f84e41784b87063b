//! The games lab's results by mode: the ranked table and charts of a tournament, population
//! plots of ecology / Moran / Evolution of Trust, learning dynamics (with the simplex for three
//! actions), a match turn by turn; and the CSV export. Charts are built once per results
//! ([`ChartSet`]).

use super::config::stage_game;
use super::match_view::MatchView;
use super::GamesUi;
use crate::charts::games::{
    DynamicsPlot, DynamicsView, PayoffHeatmap, Population, ScoreBoxes, Simplex,
};
use crate::charts::{draw_fn, DrawFn};
use crate::labs::page::ResultsView;
use crate::widgets::chart::Chart;
use crate::widgets::csv::{num, Csv};
use crate::widgets::format::short;
use agora_engine::games::dynamics::{DynamicsResults, MatrixGame};
use agora_engine::games::{GamesExperiment, GamesResults, StrategyConfig, TournamentResults};
use std::rc::Rc;
use yew::prelude::*;

/// The ranked table of a tournament as CSV (one row per player, best first).
pub fn tournament_csv(t: &TournamentResults) -> String {
    let mut csv = Csv::new([
        "rank",
        "player",
        "median_normalised_score",
        "mean_score",
        "mean_wins",
        "cooperation_rating",
    ]);
    let mean = |v: &[f64]| {
        if v.is_empty() {
            0.0
        } else {
            v.iter().sum::<f64>() / v.len() as f64
        }
    };
    for (rank, &i) in t.ranking.iter().enumerate() {
        let wins: Vec<f64> = t.wins[i].iter().map(|&w| f64::from(w)).collect();
        csv.row([
            (rank + 1).to_string(),
            t.players[i].clone(),
            num(t.median_normalised_scores[i]),
            num(mean(&t.scores[i])),
            num(mean(&wins)),
            num(t.cooperation_rating[i]),
        ]);
    }
    csv.finish()
}

/// A population over time (`series[t][i]`) as CSV with a header of type names.
pub fn population_csv(types: &[String], series: &[Vec<f64>], step: &str) -> String {
    let mut csv = Csv::new(std::iter::once(step.to_string()).chain(types.iter().cloned()));
    for (t, row) in series.iter().enumerate() {
        csv.row(std::iter::once(t.to_string()).chain(row.iter().map(|&x| num(x))));
    }
    csv.finish()
}

/// A strategy's name as The Evolution of Trust shows it: "Copycat (Tit For Tat)" for the
/// game's characters, Axelrod's name alone for the others.
pub fn trust_label(s: &StrategyConfig) -> String {
    match s.trust_name() {
        Some(story) if story != s.label() => format!("{story} ({})", s.label()),
        _ => s.label(),
    }
}

/// The names of a trust run's types: the story's where the experiment that ran is known.
fn trust_labels(types: &[String], ran: Option<&GamesExperiment>) -> Vec<String> {
    match ran {
        Some(GamesExperiment::Trust(t)) if t.types.len() == types.len() => {
            t.types.iter().map(trust_label).collect()
        }
        _ => types.to_vec(),
    }
}

fn to_f64(counts: &[Vec<usize>]) -> Vec<Vec<f64>> {
    counts
        .iter()
        .map(|r| r.iter().map(|&c| c as f64).collect())
        .collect()
}

/// The results as CSV, and a name for the file.
pub fn results_csv(r: &GamesResults) -> (String, &'static str) {
    match r {
        GamesResults::Tournament(t) => (tournament_csv(t), "tournament"),
        GamesResults::Ecology(e) => match &e.ecology {
            Some(eco) => (
                population_csv(&e.tournament.players, &eco.shares, "generation"),
                "ecology",
            ),
            None => (tournament_csv(&e.tournament), "tournament"),
        },
        GamesResults::Moran(m) => match &m.moran {
            Some(mo) => (
                population_csv(&m.tournament.players, &to_f64(&mo.counts), "step"),
                "moran",
            ),
            None => (tournament_csv(&m.tournament), "tournament"),
        },
        GamesResults::Trust(t) => (
            population_csv(&t.types, &to_f64(&t.counts), "round"),
            "trust",
        ),
        GamesResults::Match(m) => {
            let mut csv = Csv::new(["turn", m.players[0].as_str(), m.players[1].as_str()]);
            for (t, (a, b)) in m.moves.iter().enumerate() {
                csv.row([
                    (t + 1).to_string(),
                    a.letter().to_string(),
                    b.letter().to_string(),
                ]);
            }
            (csv.finish(), "match")
        }
        GamesResults::Dynamics(d) => {
            let k = d.row.average.first().map_or(0, Vec::len);
            let l = d.col.average.first().map_or(0, Vec::len);
            let header = std::iter::once("step".to_string())
                .chain((0..k).map(|i| format!("row_avg_{i}")))
                .chain((0..l).map(|j| format!("col_avg_{j}")))
                .chain(["row_regret".to_string(), "col_regret".to_string()]);
            let mut csv = Csv::new(header);
            for t in 0..d.row.average.len() {
                csv.row(
                    std::iter::once((t + 1).to_string())
                        .chain(
                            d.row.average[t]
                                .iter()
                                .chain(&d.col.average[t])
                                .map(|&x| num(x)),
                        )
                        .chain([num(d.row.regret[t]), num(d.col.regret[t])]),
                );
            }
            (csv.finish(), "dynamics")
        }
    }
}

/// The charts of one set of results, drawn once per results (not on every render).
pub struct ChartSet {
    /// Shares or counts of a population over time (ecology, Moran, Evolution of Trust).
    population: Option<DrawFn>,
    /// A tournament's payoff heat map and score boxes, with their heights.
    tournament: Option<[(DrawFn, u32); 2]>,
    dynamics: Option<DynamicsCharts>,
}

struct DynamicsCharts {
    average: DrawFn,
    simplex: Option<DrawFn>,
    current: DrawFn,
    regret: DrawFn,
}

impl ChartSet {
    pub fn new(r: &GamesResults, ran: Option<&GamesExperiment>) -> Self {
        let population =
            |title: &str, y: &str, labels: &[String], series: Vec<Vec<f64>>, x: &str| {
                let plot = Population::new(title, y, labels.to_vec(), series, x)
                    .stacked(true)
                    .percent(y == "share");
                Some(draw_fn(plot))
            };
        let tournament = |t: &TournamentResults| {
            (t.repetitions > 0).then(|| {
                let heatmap = PayoffHeatmap::new(t);
                let hh = heatmap.suggested_height();
                let boxes = ScoreBoxes::new(t);
                let bh = boxes.suggested_height();
                [(draw_fn(heatmap), hh), (draw_fn(boxes), bh)]
            })
        };
        let mut set = ChartSet {
            population: None,
            tournament: None,
            dynamics: None,
        };
        match r {
            GamesResults::Tournament(t) => set.tournament = tournament(t),
            GamesResults::Ecology(e) => {
                set.tournament = tournament(&e.tournament);
                if let Some(eco) = &e.ecology {
                    set.population = population(
                        "Ecology: shares of the population",
                        "share",
                        &e.tournament.players,
                        eco.shares.clone(),
                        "generation",
                    );
                }
            }
            GamesResults::Moran(m) => {
                set.tournament = tournament(&m.tournament);
                if let Some(mo) = &m.moran {
                    set.population = population(
                        "Moran process: individuals of each type",
                        "individuals",
                        &m.tournament.players,
                        to_f64(&mo.counts),
                        "step",
                    );
                }
            }
            GamesResults::Trust(t) => {
                set.population = population(
                    "The Evolution of Trust: agents of each type",
                    "agents",
                    &trust_labels(&t.types, ran),
                    to_f64(&t.counts),
                    "round",
                );
            }
            GamesResults::Match(_) => {}
            GamesResults::Dynamics(d) => set.dynamics = Some(dynamics_charts(d, ran)),
        }
        set
    }
}

fn dynamics_charts(d: &DynamicsResults, ran: Option<&GamesExperiment>) -> DynamicsCharts {
    let game = match ran {
        Some(GamesExperiment::Dynamics(c)) => c.game.clone(),
        _ => MatrixGame::rock_paper_scissors(),
    };
    let (ra, ca) = game.action_names();
    let eq = game.equilibrium();
    let simplex = (ra.len() == 3).then(|| {
        let acts = [ra[0].clone(), ra[1].clone(), ra[2].clone()];
        let point = eq.as_ref().map(|(x, _)| x.clone());
        draw_fn(Simplex::new(d, acts, 0).with_point(point))
    });
    let plot = |view| DynamicsPlot::new(d, ra.clone(), ca.clone(), view);
    DynamicsCharts {
        average: draw_fn(plot(DynamicsView::Average).with_equilibrium(eq.clone())),
        simplex,
        current: draw_fn(plot(DynamicsView::Current)),
        regret: draw_fn(plot(DynamicsView::Regret)),
    }
}

/// The results tab.
pub(super) fn view(v: &ResultsView<'_, GamesUi>) -> Html {
    let charts = v.charts;
    let version = v.version;
    let population = |testid: &'static str| match &charts.population {
        Some(draw) => html! {
            <div class="block">
                <Chart draw={draw.clone()} testid={testid} filename="agora-population"
                    height={360} version={version} />
            </div>
        },
        None => Html::default(),
    };
    let tournament = |t: &TournamentResults| view_tournament(t, charts, version);
    let body = match v.results.as_ref() {
        GamesResults::Tournament(t) => tournament(t),
        GamesResults::Ecology(e) => html! {
            <>
            if let Some(eco) = &e.ecology {
                { population("chart-population") }
                <p class="hint">{ format!("Discrete replicator dynamics on the tournament's payoff matrix (payoffs shifted by {} to be positive): x_i ← x_i (A x)_i / (xᵀ A x).", short(eco.shift)) }</p>
            }
            { tournament(&e.tournament) }
            </>
        },
        GamesResults::Moran(m) => html! {
            <>
            if let Some(mo) = &m.moran {
                { population("chart-population") }
                <p class="hint" data-testid="fixation">{
                    match &mo.fixation {
                        Some(f) => format!("{} took over the whole population after {} steps.",
                            m.tournament.players.get(f.winner).cloned().unwrap_or_default(), f.step),
                        None => "No type took over the whole population in this run.".into(),
                    }
                }</p>
            }
            { tournament(&m.tournament) }
            </>
        },
        GamesResults::Trust(t) => html! {
            <>
            { population("chart-population") }
            { view_trust_table(&trust_labels(&t.types, v.ran), &t.counts) }
            </>
        },
        GamesResults::Match(m) => html! {
            <div class="block">
                <MatchView report={Rc::new(m.clone())} game={stage_game(v.ran.unwrap_or(v.exp))} />
            </div>
        },
        GamesResults::Dynamics(_) => match &charts.dynamics {
            Some(d) => view_dynamics(d, version),
            None => Html::default(),
        },
    };
    let llm = match v.results.as_ref() {
        GamesResults::Match(m) => m.llm.clone(),
        GamesResults::Tournament(t) => t.llm.clone(),
        GamesResults::Ecology(e) => e.tournament.llm.clone(),
        GamesResults::Moran(m) => m.tournament.llm.clone(),
        _ => Vec::new(),
    };
    let llm = (!llm.is_empty()).then(|| html! {
        <ul class="hint llm-stats" data-testid="llm-stats">
            { for llm.iter().map(|s| html! {
                <li>{ format!("LLM {}: {} decisions from {} calls ({} + {} tokens); {} unreadable repl{} retried with a corrective message; {} fallback{} to a random move.",
                    s.agent, s.decisions, s.calls, s.tokens_in, s.tokens_out,
                    s.repairs, if s.repairs == 1 { "y" } else { "ies" },
                    s.fallbacks, if s.fallbacks == 1 { "" } else { "s" }) }</li>
            }) }
        </ul>
    });
    html! {
        <>
        { body }
        { for llm }
        </>
    }
}

fn view_tournament(t: &TournamentResults, charts: &ChartSet, version: u64) -> Html {
    let reps = t.repetitions;
    let Some([(heatmap, heatmap_h), (boxes, boxes_h)]) = &charts.tournament else {
        return html! {
            <div class="block"><p class="hint">{"The first repetition of the tournament is being played…"}</p></div>
        };
    };
    let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len().max(1) as f64;
    html! {
        <>
        <div class="block">
            <h3 class="panel-title">{ format!("Ranking ({reps} repetition{})", if reps == 1 { "" } else { "s" }) }</h3>
            <div class="table-wrap">
                <table class="results-table" data-testid="tournament-table">
                    <thead><tr>
                        <th scope="col" class="num">{"Rank"}</th>
                        <th scope="col">{"Player"}</th>
                        <th scope="col" class="num" title="Median over repetitions of the mean payoff per turn against the others">{"Median score / turn"}</th>
                        <th scope="col" class="num" title="Total payoff against the others, mean over repetitions">{"Mean total"}</th>
                        <th scope="col" class="num" title="Matches won, mean over repetitions">{"Wins"}</th>
                        <th scope="col" class="num" title="Share of its moves that were the first action (C)">{"Cooperation"}</th>
                    </tr></thead>
                    <tbody>
                        { for t.ranking.iter().enumerate().map(|(rank, &i)| {
                            let wins: Vec<f64> = t.wins[i].iter().map(|&w| f64::from(w)).collect();
                            html! {
                                <tr data-testid={format!("rank-{}", rank + 1)}>
                                    <td class="num">{ rank + 1 }</td>
                                    <td>{ t.players[i].clone() }</td>
                                    <td class="num">{ format!("{:.3}", t.median_normalised_scores[i]) }</td>
                                    <td class="num">{ short(mean(&t.scores[i])) }</td>
                                    <td class="num">{ short(mean(&wins)) }</td>
                                    <td class="num">{ format!("{:.0} %", 100.0 * t.cooperation_rating[i]) }</td>
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
        <div class="block">
            <Chart draw={heatmap.clone()} testid="chart-heatmap"
                filename="agora-payoff-matrix" height={*heatmap_h} version={version} />
            <p class="hint">{"Mean payoff per turn of the row player against the column player, players in ranking order. The diagonal is self-play, which does not count in the scores."}</p>
        </div>
        <div class="block">
            <Chart draw={boxes.clone()} testid="chart-scores"
                filename="agora-scores" height={*boxes_h} version={version} />
        </div>
        </>
    }
}

fn view_dynamics(c: &DynamicsCharts, version: u64) -> Html {
    let simplex = c.simplex.as_ref().map(|draw| {
        html! {
            <div class="block">
                <Chart draw={draw.clone()} testid="chart-simplex"
                    filename="agora-simplex" height={420} version={version} />
                <p class="hint">{"The row player's mixed strategy in the triangle of its three actions: thin, what it plays each step; bold, its time average."}</p>
            </div>
        }
    });
    html! {
        <>
        <div class="block">
            <Chart draw={c.average.clone()} testid="chart-average" filename="agora-average-play" height={340} version={version} />
        </div>
        { for simplex }
        <div class="block">
            <Chart draw={c.current.clone()} testid="chart-current" filename="agora-current-play" height={300} version={version} />
        </div>
        <div class="block">
            <Chart draw={c.regret.clone()} testid="chart-regret" filename="agora-regret" height={300} version={version} />
            <p class="hint">{"Average external regret: how much more per step the best fixed action would have earned. No-regret rules (Hedge, regret matching) drive it to zero; then the time-average play is an (approximate) coarse correlated equilibrium, and in zero-sum games it approaches the minimax strategies."}</p>
        </div>
        </>
    }
}

/// `data-mode` of the results.
pub fn mode(r: &GamesResults) -> &'static str {
    match r {
        GamesResults::Match(_) => "match",
        GamesResults::Tournament(_) => "tournament",
        GamesResults::Ecology(_) => "ecology",
        GamesResults::Moran(_) => "moran",
        GamesResults::Trust(_) => "trust",
        GamesResults::Dynamics(_) => "dynamics",
    }
}

fn view_trust_table(types: &[String], counts: &[Vec<usize>]) -> Html {
    let first = counts.first().cloned().unwrap_or_default();
    let last = counts.last().cloned().unwrap_or_default();
    html! {
        <div class="block table-wrap">
            <table class="results-table" data-testid="trust-table">
                <thead><tr>
                    <th scope="col">{"Type"}</th>
                    <th scope="col" class="num">{"At the start"}</th>
                    <th scope="col" class="num">{ format!("After {} rounds", counts.len().saturating_sub(1)) }</th>
                </tr></thead>
                <tbody>
                    { for types.iter().enumerate().map(|(i, t)| html! {
                        <tr>
                            <td>{ t.clone() }</td>
                            <td class="num">{ first.get(i).copied().unwrap_or(0) }</td>
                            <td class="num">{ last.get(i).copied().unwrap_or(0) }</td>
                        </tr>
                    }) }
                </tbody>
            </table>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_has_one_row_per_player_best_first() {
        let exp = agora_engine::games::presets::axelrod_first();
        let GamesExperiment::Tournament(mut t) = exp else {
            panic!("tournament")
        };
        t.repetitions = 1;
        t.turns = 20;
        let r = t.run().unwrap();
        let csv = tournament_csv(&r);
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(lines.len(), t.players.len() + 1);
        assert!(lines[1].starts_with("1,"));
        let name = &r.players[r.ranking[0]];
        assert!(lines[1].contains(name.as_str()));
    }

    #[test]
    fn population_csv_has_a_header_and_a_row_per_step() {
        let csv = population_csv(
            &["A".into(), "B \"x\"".into()],
            &[vec![1.0, 2.0], vec![3.0, 0.0]],
            "round",
        );
        assert_eq!(csv, "round,A,\"B \"\"x\"\"\"\n0,1,2\n1,3,0\n");
    }
}

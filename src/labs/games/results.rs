//! The games lab's results by mode: the ranked table and charts of a tournament, population
//! plots of ecology / Moran / Evolution of Trust, learning dynamics (with the simplex for three
//! actions), a match turn by turn; and the CSV / JSON exports.

use super::config::{matrix_actions, stage_game};
use super::match_view::MatchView;
use super::{GamesLab, Msg};
use crate::charts::draw_fn;
use crate::charts::games::{
    DynamicsPlot, DynamicsView, PayoffHeatmap, Population, ScoreBoxes, Simplex,
};
use crate::download;
use crate::labs::bandits::results::short;
use crate::widgets::chart::Chart;
use agora_engine::experiment::Experiment;
use agora_engine::games::dynamics::MatrixGame;
use agora_engine::games::{Action, GameConfig, GamesExperiment, GamesResults, TournamentResults};
use std::rc::Rc;
use yew::prelude::*;

/// The ranked table of a tournament as CSV (one row per player, best first).
pub fn tournament_csv(t: &TournamentResults) -> String {
    let mut out = String::from(
        "rank,player,median_normalised_score,mean_score,mean_wins,cooperation_rating\n",
    );
    for (rank, &i) in t.ranking.iter().enumerate() {
        let mean = |v: &[f64]| {
            if v.is_empty() {
                0.0
            } else {
                v.iter().sum::<f64>() / v.len() as f64
            }
        };
        let wins: Vec<f64> = t.wins[i].iter().map(|&w| f64::from(w)).collect();
        let name = t.players[i].replace('"', "\"\"");
        out.push_str(&format!(
            "{},\"{}\",{},{},{},{}\n",
            rank + 1,
            name,
            t.median_normalised_scores[i],
            mean(&t.scores[i]),
            mean(&wins),
            t.cooperation_rating[i]
        ));
    }
    out
}

/// A population over time (`series[t][i]`) as CSV with a header of type names.
pub fn population_csv(types: &[String], series: &[Vec<f64>], step: &str) -> String {
    let mut out = String::from(step);
    for t in types {
        out.push_str(&format!(",\"{}\"", t.replace('"', "\"\"")));
    }
    out.push('\n');
    for (t, row) in series.iter().enumerate() {
        out.push_str(&t.to_string());
        for x in row {
            out.push_str(&format!(",{x}"));
        }
        out.push('\n');
    }
    out
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
            let mut out = format!(
                "turn,\"{}\",\"{}\"\n",
                m.players[0].replace('"', "\"\""),
                m.players[1].replace('"', "\"\"")
            );
            for (t, (a, b)) in m.moves.iter().enumerate() {
                out.push_str(&format!("{},{},{}\n", t + 1, a.letter(), b.letter()));
            }
            (out, "match")
        }
        GamesResults::Dynamics(d) => {
            let k = d.row.average.first().map_or(0, Vec::len);
            let l = d.col.average.first().map_or(0, Vec::len);
            let mut out = String::from("step");
            for i in 0..k {
                out.push_str(&format!(",row_avg_{i}"));
            }
            for j in 0..l {
                out.push_str(&format!(",col_avg_{j}"));
            }
            out.push_str(",row_regret,col_regret\n");
            for t in 0..d.row.average.len() {
                out.push_str(&(t + 1).to_string());
                for x in d.row.average[t].iter().chain(&d.col.average[t]) {
                    out.push_str(&format!(",{x}"));
                }
                out.push_str(&format!(",{},{}\n", d.row.regret[t], d.col.regret[t]));
            }
            (out, "dynamics")
        }
    }
}

impl GamesLab {
    fn export_name(&self, what: &str, ext: &str) -> String {
        match &self.session.digest {
            Some(d) => format!("agora-games-{what}-{d}.{ext}"),
            None => format!("agora-games-{what}-partial.{ext}"),
        }
    }

    pub(super) fn export_csv(&mut self) {
        if let Some(r) = &self.results {
            let (csv, what) = results_csv(r);
            if let Err(e) = download::save_text(&self.export_name(what, "csv"), "text/csv", &csv) {
                self.banner = Some(format!("The CSV could not be saved: {e}"));
            }
        }
    }

    pub(super) fn export_json(&mut self) {
        let (Some(json), Some(exp)) = (&self.results_json, &self.ran_exp) else {
            return;
        };
        let digest = match &self.session.digest {
            Some(d) => serde_json::to_string(d).unwrap_or_else(|_| "null".into()),
            None => "null".into(),
        };
        let text = format!(
            "{{\n  \"experiment\": {},\n  \"digest\": {},\n  \"results\": {}\n}}\n",
            Experiment::Games(exp.clone()).to_json(),
            digest,
            json
        );
        if let Err(e) = download::save_text(
            &self.export_name("results", "json"),
            "application/json",
            &text,
        ) {
            self.banner = Some(format!("The JSON could not be saved: {e}"));
        }
    }

    pub(super) fn view_results(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let Some(r) = &self.results else {
            return html! {
                <div class="panel empty-results" data-testid="no-results">
                    if self.exp.has_llm() {
                        <p>{"A language model plays here: press "}<strong>{"Ask the model"}</strong>{" in the LLM players panel. When its replies are in, the match is played from them."}</p>
                    } else {
                        <p>{"Press "}<strong>{"Run"}</strong>{" to play. Results appear here as they come in."}</p>
                    }
                </div>
            };
        };
        let exports = html! {
            <div class="row-buttons exports">
                <button type="button" class="btn small" data-testid="export-csv"
                    onclick={link.callback(|_| Msg::ExportCsv)}>{"Export CSV"}</button>
                <button type="button" class="btn small" data-testid="export-json"
                    onclick={link.callback(|_| Msg::ExportJson)}>{"Export JSON"}</button>
            </div>
        };
        let body = match r.as_ref() {
            GamesResults::Tournament(t) => self.view_tournament(t),
            GamesResults::Ecology(e) => html! {
                <>
                if let Some(eco) = &e.ecology {
                    { self.population("chart-population", "Ecology: shares of the population",
                        "share", e.tournament.players.clone(), eco.shares.clone(), "generation") }
                    <p class="hint">{ format!("Discrete replicator dynamics on the tournament's payoff matrix (payoffs shifted by {} to be positive): x_i ← x_i (A x)_i / (xᵀ A x).", short(eco.shift)) }</p>
                }
                { self.view_tournament(&e.tournament) }
                </>
            },
            GamesResults::Moran(m) => html! {
                <>
                if let Some(mo) = &m.moran {
                    { self.population("chart-population", "Moran process: individuals of each type",
                        "individuals", m.tournament.players.clone(), to_f64(&mo.counts), "step") }
                    <p class="hint" data-testid="fixation">{
                        match &mo.fixation {
                            Some(f) => format!("{} took over the whole population after {} steps.",
                                m.tournament.players.get(f.winner).cloned().unwrap_or_default(), f.step),
                            None => "No type took over the whole population in this run.".into(),
                        }
                    }</p>
                }
                { self.view_tournament(&m.tournament) }
                </>
            },
            GamesResults::Trust(t) => html! {
                <>
                { self.population("chart-population", "The Evolution of Trust: agents of each type",
                    "agents", t.types.clone(), to_f64(&t.counts), "round") }
                { view_trust_table(&t.types, &t.counts) }
                </>
            },
            GamesResults::Match(m) => html! {
                <div class="panel">
                    <MatchView report={Rc::new(m.clone())} game={self.ran_game()} />
                </div>
            },
            GamesResults::Dynamics(d) => self.view_dynamics(d),
        };
        let llm = match r.as_ref() {
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
            <section class="results" data-testid="results" data-mode={r_mode(r)}>
                { body }
                { for llm }
                { exports }
            </section>
        }
    }

    fn ran_game(&self) -> agora_engine::games::GameConfig {
        stage_game(self.ran_exp.as_ref().unwrap_or(&self.exp))
    }

    fn population(
        &self,
        testid: &'static str,
        title: &str,
        y: &str,
        labels: Vec<String>,
        series: Vec<Vec<f64>>,
        x: &str,
    ) -> Html {
        let plot = Population::new(title, y, labels, series, x)
            .stacked(self.stacked)
            .percent(y == "share");
        html! {
            <div class="panel">
                <Chart draw={draw_fn(plot)} testid={testid} filename="agora-population"
                    height={360} version={self.chart_version} />
            </div>
        }
    }

    fn view_tournament(&self, t: &TournamentResults) -> Html {
        let v = self.chart_version;
        let reps = t.repetitions;
        if reps == 0 {
            return html! {
                <div class="panel"><p class="hint">{"The first repetition of the tournament is being played…"}</p></div>
            };
        }
        let mean = |xs: &[f64]| xs.iter().sum::<f64>() / xs.len().max(1) as f64;
        let heatmap = PayoffHeatmap::new(t);
        let heatmap_h = heatmap.suggested_height();
        let boxes = ScoreBoxes::new(t);
        let boxes_h = boxes.suggested_height();
        html! {
            <>
            <div class="panel">
                <h3 class="panel-title">{ format!("Ranking ({reps} repetition{})", if reps == 1 { "" } else { "s" }) }</h3>
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
            <div class="panel">
                <Chart draw={draw_fn(heatmap)} testid="chart-heatmap"
                    filename="agora-payoff-matrix" height={heatmap_h} version={v} />
                <p class="hint">{"Mean payoff per turn of the row player against the column player, players in ranking order. The diagonal is self-play, which does not count in the scores."}</p>
            </div>
            <div class="panel">
                <Chart draw={draw_fn(boxes)} testid="chart-scores"
                    filename="agora-scores" height={boxes_h} version={v} />
            </div>
            </>
        }
    }

    fn view_dynamics(&self, d: &agora_engine::games::dynamics::DynamicsResults) -> Html {
        let v = self.chart_version;
        let game = match self.ran_exp.as_ref() {
            Some(GamesExperiment::Dynamics(c)) => c.game.clone(),
            _ => MatrixGame::rock_paper_scissors(),
        };
        let (ra, ca) = matrix_actions(&game);
        let eq = equilibrium_of(&game);
        let rd = Rc::new(d.clone());
        let simplex = (ra.len() == 3).then(|| {
            let acts = [ra[0].clone(), ra[1].clone(), ra[2].clone()];
            let point = eq.as_ref().map(|(x, _)| x.clone());
            html! {
                <div class="panel">
                    <Chart draw={draw_fn(Simplex::new(&rd, acts, 0).with_point(point))} testid="chart-simplex"
                        filename="agora-simplex" height={420} version={v} />
                    <p class="hint">{"The row player's mixed strategy in the triangle of its three actions: thin, what it plays each step; bold, its time average."}</p>
                </div>
            }
        });
        html! {
            <>
            <div class="panel">
                <Chart draw={draw_fn(DynamicsPlot::new(&rd, ra.clone(), ca.clone(), DynamicsView::Average).with_equilibrium(eq.clone()))}
                    testid="chart-average" filename="agora-average-play" height={340} version={v} />
            </div>
            { for simplex }
            <div class="panel">
                <Chart draw={draw_fn(DynamicsPlot::new(&rd, ra.clone(), ca.clone(), DynamicsView::Current))}
                    testid="chart-current" filename="agora-current-play" height={300} version={v} />
            </div>
            <div class="panel">
                <Chart draw={draw_fn(DynamicsPlot::new(&rd, ra, ca, DynamicsView::Regret))}
                    testid="chart-regret" filename="agora-regret" height={300} version={v} />
                <p class="hint">{"Average external regret: how much more per step the best fixed action would have earned. No-regret rules (Hedge, regret matching) drive it to zero; then the time-average play is an (approximate) coarse correlated equilibrium, and in zero-sum games it approaches the minimax strategies."}</p>
            </div>
            </>
        }
    }
}

fn r_mode(r: &GamesResults) -> &'static str {
    match r {
        GamesResults::Match(_) => "match",
        GamesResults::Tournament(_) => "tournament",
        GamesResults::Ecology(_) => "ecology",
        GamesResults::Moran(_) => "moran",
        GamesResults::Trust(_) => "trust",
        GamesResults::Dynamics(_) => "dynamics",
    }
}

/// The equilibrium drawn with a learning run. A 2x2 game's comes from the engine
/// ([`GameConfig::mixed_equilibrium`], else its only pure equilibrium); for three actions only
/// Rock-Paper-Scissors' (uniform, by symmetry) is known here.
fn equilibrium_of(g: &MatrixGame) -> Option<(Vec<f64>, Vec<f64>)> {
    if *g == MatrixGame::rock_paper_scissors() {
        return Some((vec![1.0 / 3.0; 3], vec![1.0 / 3.0; 3]));
    }
    if g.shape() != (2, 2) {
        return None;
    }
    let cell = |m: &Vec<Vec<f64>>| [[m[0][0], m[0][1]], [m[1][0], m[1][1]]];
    let game = GameConfig {
        name: String::new(),
        actions: ["C".into(), "D".into()],
        row: cell(&g.row),
        column: cell(&g.col),
    };
    let (p, q) = match game.mixed_equilibrium() {
        Some(e) => (e.row_c, e.column_c),
        None => match game.pure_equilibria().as_slice() {
            [(a, b)] => (
                f64::from(u8::from(*a == Action::C)),
                f64::from(u8::from(*b == Action::C)),
            ),
            _ => return None,
        },
    };
    Some((vec![p, 1.0 - p], vec![q, 1.0 - q]))
}

fn view_trust_table(types: &[String], counts: &[Vec<usize>]) -> Html {
    let first = counts.first().cloned().unwrap_or_default();
    let last = counts.last().cloned().unwrap_or_default();
    html! {
        <div class="panel">
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
    fn menu_equilibria_are_the_textbook_ones() {
        let (x, y) = equilibrium_of(&MatrixGame::matching_pennies()).unwrap();
        assert_eq!((x, y), (vec![0.5, 0.5], vec![0.5, 0.5]));
        // The Prisoner's Dilemma: both defect (probability 0 on C).
        let (x, y) = equilibrium_of(&MatrixGame::prisoners_dilemma()).unwrap();
        assert_eq!((x, y), (vec![0.0, 1.0], vec![0.0, 1.0]));
    }

    #[test]
    fn battle_of_the_sexes_equilibrium_makes_the_other_indifferent() {
        // Row mixes J with p: column's payoffs 7p (J) and 10(1-p) (F) are equal at p = 10/17.
        let (x, y) = equilibrium_of(&MatrixGame::battle_of_the_sexes()).unwrap();
        assert!((7.0 * x[0] - 10.0 * x[1]).abs() < 1e-12);
        // Column mixes J with q: row's payoffs 10q and 7(1-q) are equal at q = 7/17.
        assert!((10.0 * y[0] - 7.0 * y[1]).abs() < 1e-12);
    }

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
        assert!(lines[1].starts_with("1,\""));
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
        assert_eq!(csv, "round,\"A\",\"B \"\"x\"\"\"\n0,1,2\n1,3,0\n");
    }
}

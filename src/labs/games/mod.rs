//! The repeated-games lab: what it adds to the generic lab page ([`crate::labs::page`]): its
//! settings (`config.rs`: mode, game, players, rules; `game_view.rs`: the payoff matrix,
//! equilibria and the 144 ordinal games), its results by mode (`results.rs`: tournament table
//! and charts, population plots, learning dynamics; `match_view.rs`: a match turn by turn) and
//! the "you play" tab (`play.rs`).

pub mod config;
pub mod game_view;
pub mod match_view;
pub mod play;
pub mod results;

use crate::embed::Control;
use crate::labs::page::{Edited, EmptyResults, Form, LabUi, Ran, ResultsView, SettingsView};
use crate::storage::UiSettings;
use agora_engine::error::ConfigError;
use agora_engine::games::{GameConfig, GamesExperiment, GamesResults};
use std::rc::Rc;
use yew::prelude::*;

/// The repeated-games lab, as the generic page sees it.
pub struct GamesUi;

/// An edit of the games settings form.
pub enum Edit {
    Mode(String),
    Game(GameConfig),
    DynamicsGame(String),
    Learner(String),
    Sampled(bool),
    /// The strategy picked in the "Add" menu.
    AddKind(String),
    AddPlayer,
    RemovePlayer(usize),
}

impl LabUi for GamesUi {
    type Lab = agora_engine::games::GamesLab;
    type Exp = GamesExperiment;
    type Results = GamesResults;
    /// The strategy picked in the "Add" menu.
    type Local = String;
    type Edit = Edit;
    type View = ();
    type ViewMsg = ();
    type Charts = results::ChartSet;

    const FIELD_TESTID: &'static str = "field-";
    const GROUPS: &'static [Control] = &[
        Control::group("mode", "What to run"),
        Control::group("game", "Game"),
        Control::group("players", "Players (strategies, counts, learning rule)"),
        Control::group("rules", "Rules and seed"),
    ];

    fn head() -> Html {
        html! {
            <>
            <h1>{"Repeated games"}</h1>
            <p class="lead">
                {"Two players meet again and again in the same small game. Does it pay to be nice, to \
                  retaliate, to forgive? Pit classic strategies against each other in tournaments, let \
                  the successful ones spread through a population, watch learning rules find (or miss) \
                  an equilibrium, and play a strategy yourself."}
            </p>
            </>
        }
    }

    /// The `games-axelrod` preset.
    fn default_experiment() -> GamesExperiment {
        agora_engine::games::presets::axelrod_first()
    }

    fn set_seed(exp: &mut GamesExperiment, seed: u64) {
        config::set_seed(exp, seed);
    }

    fn error_at(e: &ConfigError, id: &str) -> Option<String> {
        config::error_at(e, id)
    }

    fn new_local() -> String {
        "TitForTat".into()
    }

    fn apply_field(exp: &mut GamesExperiment, id: &str, text: &str) -> Result<(), String> {
        config::apply_field(exp, id, text)
    }

    fn edit(form: &mut Form<Self>, edit: Edit) -> Edited {
        config::edit(form, edit)
    }

    fn settings(v: &SettingsView<'_, Self>) -> Html {
        config::view(v)
    }

    fn json_hint() -> Option<&'static str> {
        Some("Strategy parameters (Random's p, GTFT's generosity, a memory-one player's four probabilities, ...) are edited here.")
    }

    fn charts(
        r: &Rc<GamesResults>,
        ran: Option<&GamesExperiment>,
        _settings: &UiSettings,
        _view: &(),
    ) -> results::ChartSet {
        results::ChartSet::new(r, ran)
    }

    fn view_update(_view: &mut (), _settings: &mut UiSettings, _msg: ()) {}

    fn results(v: &ResultsView<'_, Self>) -> Html {
        results::view(v)
    }

    fn empty_results() -> EmptyResults {
        EmptyResults {
            run: "to play. Results appear here as they come in.",
            llm: "the match is played from them.",
            hint: "Or open “You play” to play a strategy yourself.",
        }
    }

    fn mode(r: &GamesResults) -> &'static str {
        results::mode(r)
    }

    fn csv(r: &GamesResults) -> (String, &'static str) {
        results::results_csv(r)
    }

    fn export_hint() -> &'static str {
        "CSV: the table or the curves of this mode. JSON: experiment, digest and all results."
    }

    fn extra_tabs() -> &'static [(&'static str, &'static str)] {
        &[("play", "You play")]
    }

    fn extra_tab(id: &str, exp: &Rc<GamesExperiment>, _ran: Option<Ran<'_, Self>>) -> Html {
        if id != "play" {
            return Html::default();
        }
        let (game, opponents, seed, turns) = config::play_setup(exp);
        html! { <play::PlayGame game={game} opponents={opponents} seed={seed} turns={turns} /> }
    }
}

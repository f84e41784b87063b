//! The labs. One generic page ([`page::LabPage`]) serves every lab; a lab is a folder that
//! implements [`page::LabUi`] (its settings form, results views and extra tabs) and one line
//! in [`lab_page`]. [`LABS`] describes them for the home page and the navigation.
pub mod bandits;
pub mod coming_soon;
pub mod games;
pub mod llm;
pub mod metarl;
pub mod page;
pub mod pretrained;
pub mod route;
pub mod session;
pub mod story;
pub mod tax;

use page::LabPage;
use yew::prelude::*;

/// The page of the live lab `id` for the route's `fragment` (`None` for a lab still being
/// built). The registry: one line per lab.
pub fn lab_page(id: &str, fragment: AttrValue, embed: bool, nav: u64) -> Option<Html> {
    Some(match id {
        "bandits" => html! { <LabPage<bandits::BanditsUi> {fragment} {embed} {nav} /> },
        "games" => html! { <LabPage<games::GamesUi> {fragment} {embed} {nav} /> },
        "metarl" => html! { <LabPage<metarl::MetarlUi> {fragment} {embed} {nav} /> },
        "tax" => html! { <LabPage<tax::TaxUi> {fragment} {embed} {nav} /> },
        _ => return None,
    })
}

/// A lab as the home page and the navigation present it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LabInfo {
    /// Route and test-id name: `#/<id>`, `nav-<id>`.
    pub id: &'static str,
    /// Short name for the navigation.
    pub nav: &'static str,
    pub title: &'static str,
    /// The question the lab lets a student ask.
    pub question: &'static str,
    /// One paragraph on what it does (or will do).
    pub description: &'static str,
    /// True when the lab runs; false while it is being built.
    pub live: bool,
    /// What the lab will contain, for labs still being built.
    pub plans: &'static [&'static str],
}

/// Every lab, in menu order.
pub const LABS: [LabInfo; 4] = [
    LabInfo {
        id: "bandits",
        nav: "Bandits",
        title: <agora_engine::bandits::BanditsLab as agora_engine::lab::Lab>::TITLE,
        question: "How do exploration strategies trade off exploring and exploiting?",
        description: "Pick the arms (Bernoulli, Gaussian, changing over time, adversarial, contextual) and the \
            algorithms, run hundreds of repetitions on the same random draws, and compare regret curves, \
            best-arm rates and the spread of outcomes against the theoretical lower bound. Watch one run \
            step by step to see estimates and confidence move, or pull the arms yourself and compare with \
            the algorithms.",
        live: true,
        plans: &[],
    },
    LabInfo {
        id: "games",
        nav: "Games",
        title: <agora_engine::games::GamesLab as agora_engine::lab::Lab>::TITLE,
        question: "Which strategies cooperate, retaliate, forgive, evolve?",
        description: "Tournaments of the repeated Prisoner's Dilemma and other 2×2 games (all 144 ordinal ones, by family) between \
            fifty strategies (Tit for Tat, Grudger, Win-Stay Lose-Shift, zero-determinant \
            extortioners, learning players), checked against the Axelrod library. Add noise, let the \
            population evolve (replicator, Moran, The Evolution of Trust), watch learning rules approach an \
            equilibrium, or play a strategy yourself.",
        live: true,
        plans: &[],
    },
    LabInfo {
        id: "metarl",
        nav: "Meta-RL",
        title: <agora_engine::metarl::MetarlLab as agora_engine::lab::Lab>::TITLE,
        question: "Can a greedy agent with memory learn to explore on structured tasks?",
        description: "Train a small recurrent agent in your browser on families of bandit tasks and see \
            whether it learns to explore although it is only ever rewarded for exploiting. Compare it \
            with random play, greedy, UCB1, Thompson sampling, the Gittins index and the Bayes-optimal \
            player on the same draws; then remove the recurring structure, the memory or the credit \
            across episodes, and check whether its choices follow the probability that an arm is best.",
        live: true,
        plans: &[],
    },
    LabInfo {
        id: "tax",
        nav: "Tax",
        title: <agora_engine::tax::TaxLab as agora_engine::lab::Lab>::TITLE,
        question: "How should a planner set tax brackets for workers who respond?",
        description: "Workers with skills drawn from US incomes choose their hours under bracketed taxes; \
            planners set the rates: Saez's optimal-tax formula (from the model, or from data as the AI \
            Economist computes it), a search, the cross-entropy method, a bandit and the exhaustive oracle. \
            Compare productivity, equality and welfare, see who gains and who loses by decile, and why one \
            worker works the hours it does.",
        live: true,
        plans: &[],
    },
];

/// The lab called `id`.
pub fn find(id: &str) -> Option<&'static LabInfo> {
    LABS.iter().find(|l| l.id == id)
}

//! The results of a tax run: the metrics table (every planner against the status quo and the
//! oracle), the schedules side by side, the distribution (Lorenz, histogram, hours), the
//! years, who gains and who loses, and one worker's choice; the CSV export.

use super::elections;
use super::one_worker::{self, Choice};
use super::{TaxUi, TaxView, ViewMsg};
use crate::charts::tax::{self as charts, bars, budget, Trend};
use crate::charts::{fmt_num, DrawFn};
use crate::labs::page::ResultsView;
use crate::widgets::chart::Chart;
use crate::widgets::csv::{num, Csv};
use crate::widgets::format::dollars;
use agora_engine::tax::metrics::Metrics;
use agora_engine::tax::{Mode, TaxExperiment, TaxResults, Welfare};
use std::rc::Rc;
use yew::prelude::*;

/// The drawing closures of one set of results and options.
pub struct ChartSet {
    pub rates: DrawFn,
    pub tax_owed: DrawFn,
    pub net_income: DrawFn,
    pub lorenz: DrawFn,
    pub hours: DrawFn,
    pub trend: DrawFn,
    pub histogram: DrawFn,
    pub decile_change: DrawFn,
    pub winners_losers: DrawFn,
    /// The worker in focus, with its two charts.
    pub worker: Option<(Choice, DrawFn, DrawFn)>,
    /// The rates the planner in focus set, year by year.
    pub rates_over_time: DrawFn,
}

impl ChartSet {
    pub fn new(r: &Rc<TaxResults>, ran: Option<&TaxExperiment>, view: &TaxView) -> Self {
        let focus = view.focus.min(r.planners.len().saturating_sub(1));
        let planner = r.planners.get(focus);
        let max_hours = ran.map(|e| e.max_hours).unwrap_or(100.0);
        let objective = ran
            .map(|e| e.objective.label())
            .unwrap_or("welfare")
            .to_string();
        let plan_once = matches!(ran.map(|e| e.mode), Some(Mode::PlanOnce { .. }));
        let worker = match (ran, planner) {
            (Some(exp), Some(p)) => one_worker::choice(
                &r.skill_quantiles,
                view.percentile,
                &p.last.schedule,
                p.last.rebate,
                &exp.utility,
                exp.max_hours,
                focus,
            ),
            _ => None,
        }
        .map(|c| {
            let b = budget::worker_curve(c.budget.clone());
            let u = budget::worker_curve(c.utility.clone());
            (c, b, u)
        });
        ChartSet {
            rates: charts::rates(r),
            tax_owed: charts::tax_owed(r),
            net_income: charts::net_income(r),
            lorenz: charts::lorenz(r),
            hours: charts::hours(r, max_hours),
            trend: charts::trend(r, view.trend, &objective, plan_once),
            histogram: bars::income_histogram(r, focus, charts::income_max(r)),
            rates_over_time: charts::rates_over_time(r, focus, plan_once),
            decile_change: bars::decile_change(planner),
            winners_losers: bars::winners_losers(planner),
            worker,
        }
    }
}

/// One row per planner per year (or proposal):
/// `planner,step,rates,productivity,equality,equality_times_productivity,mean_utility,inverse_income_welfare,revenue,mean_hours,welfare,elected,votes`
/// (the last two on the years an election planner held an election: the winner and the votes
/// per candidate in ballot order).
pub fn results_csv(r: &TaxResults) -> String {
    let mut csv = Csv::new([
        "planner",
        "step",
        "rates",
        "productivity",
        "equality",
        "equality_times_productivity",
        "mean_utility",
        "inverse_income_welfare",
        "revenue",
        "mean_hours",
        "welfare",
        "elected",
        "votes",
    ]);
    for p in &r.planners {
        for (t, s) in p.history.iter().enumerate() {
            let m = &s.metrics;
            let election = p.elections.iter().find(|e| e.year == t);
            let elected = election
                .and_then(|e| e.platforms.get(e.winner))
                .map_or_else(String::new, |c| c.label.clone());
            let votes = election.map_or_else(String::new, |e| {
                e.votes
                    .iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(" ")
            });
            csv.row([
                p.label.clone(),
                t.to_string(),
                s.rates
                    .iter()
                    .map(|x| num(*x))
                    .collect::<Vec<_>>()
                    .join(" "),
                num(m.productivity),
                num(m.equality),
                num(m.equality_times_productivity),
                num(m.mean_utility),
                num(m.inverse_income_welfare),
                num(m.revenue),
                num(m.mean_hours),
                num(s.welfare),
                elected,
                votes,
            ]);
        }
    }
    csv.finish()
}

/// A figure with its caption.
fn figure(draw: &DrawFn, id: &str, label: &str, height: u32, version: u64, caption: &str) -> Html {
    html! {
        <figure class="chart-cell" aria-label={label.to_string()}>
            <Chart draw={draw.clone()} testid={format!("chart-{id}")} filename={format!("agora-tax-{id}")} height={height} version={version} />
            <figcaption class="hint">{ caption.to_string() }</figcaption>
        </figure>
    }
}

/// The results tab.
pub(super) fn view(v: &ResultsView<'_, TaxUi>) -> Html {
    let (r, c, version) = (v.results, v.charts, v.version);
    let focus = v.view.focus.min(r.planners.len().saturating_sub(1));
    let on_focus = v.on_view.reform(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        ViewMsg::Focus(sel.value().parse().unwrap_or(0))
    });
    let on_trend = v.on_view.reform(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        let t = Trend::ALL
            .into_iter()
            .find(|t| t.id() == sel.value())
            .unwrap_or_default();
        ViewMsg::Trend(t)
    });
    let has_oracle = charts::oracle_welfare(r).is_some();
    let objective = v.ran.map(|e| e.objective).unwrap_or_default();
    html! {
        <>
        { metrics_table(r, objective) }
        { llm_workers_table(r) }
        { elections::summary(r) }

        <h3 class="section-title">{"The schedules"}</h3>
        { figure(&c.rates, "rates", "Marginal tax rates", 320, version,
            "Each planner's final marginal rate at every income; the status quo dashed. Saez's formula sets the top rate from the elasticity and the thickness of the top tail.") }
        <div class="chart-grid">
            { figure(&c.tax_owed, "tax-owed", "Tax owed", 300, version,
                "T(z): the sum of each bracket's rate times the income inside it.") }
            { figure(&c.net_income, "net-income", "Net income", 300, version,
                "What a worker keeps of an income z, plus the rebate everyone receives: a flatter line means more redistribution.") }
        </div>

        <h3 class="section-title">{"Who works and who has what"}</h3>
        <div class="chart-grid">
            { figure(&c.lorenz, "lorenz", "Lorenz curves", 320, version,
                "The further a curve bows below the diagonal, the less equal consumption is; the Gini coefficient is twice the area between them.") }
            { figure(&c.hours, "hours", "Hours against skill", 320, version,
                "Higher marginal rates lower the net wage and, with it, hours; flat stretches are workers bunching at a bracket cutoff.") }
        </div>

        <div class="chart-options" role="group" aria-label="Metric over the years">
            <label class="field">
                <span class="field-label">{"Over the years"}</span>
                <select data-testid="trend" onchange={on_trend}>
                    { for Trend::ALL.iter().filter(|t| has_oracle || **t != Trend::OracleGap).map(|t| html! {
                        <option value={t.id()} selected={*t == v.view.trend}>{ t.label() }</option>
                    }) }
                </select>
            </label>
        </div>
        { figure(&c.trend, "trend", "Metric over the years", 320, version,
            "Planners that learn from what they observe (data-driven Saez, search, CEM, bandit) start at the status quo and improve; those that know the model act at once.") }

        <h3 class="section-title">{"One planner up close"}</h3>
        <div class="chart-options" role="group" aria-label="Planner in focus">
            <label class="field">
                <span class="field-label">{"Planner"}</span>
                <select data-testid="focus" onchange={on_focus}>
                    { for r.planners.iter().enumerate().map(|(i, p)| html! {
                        <option value={i.to_string()} selected={i == focus}>{ p.label.clone() }</option>
                    }) }
                </select>
            </label>
        </div>
        { figure(&c.rates_over_time, "rates-over-time", "Rates over the years", 300, version,
            "The rate this planner set in each bracket, year by year: a planner that learns from what it sees (search, bandit, an LLM) tries rates before it settles; one that knows the model sets them at once.") }
        { figure(&c.histogram, "histogram", "Income distribution", 300, version,
            "Pre-tax incomes under this planner's schedule (bars) and the status quo's (outline).") }
        <div class="chart-grid">
            { figure(&c.decile_change, "deciles", "Change in consumption by decile", 300, version,
                "Mean change in consumption (income after tax and rebate) of each tenth of the workers, lowest skills first, against the status quo.") }
            { figure(&c.winners_losers, "winners", "Winners and losers", 300, version,
                "The share of each decile whose consumption rises or falls, by more or less than 5 % (PolicyEngine's chart).") }
        </div>
        { elections::detail(r, focus) }
        { llm_workers_detail(r, focus) }
        { one_worker_view(v, focus) }
        </>
    }
}

/// The coloured mark of planner `i`, as in the charts.
fn swatch(i: usize) -> Html {
    html! { <span class="policy-swatch" data-index={(i % 10).to_string()} aria-hidden="true"></span> }
}

/// How far the LLM workers were from their own best response, planner by planner.
fn llm_workers_table(r: &TaxResults) -> Html {
    if r.planners.iter().all(|p| p.llm_workers.is_none()) {
        return Html::default();
    }
    html! {
        <>
        <h3 class="section-title">{"LLM workers against their best response"}</h3>
        <p class="hint">{"Each LLM worker's hours against the hours that maximise its own utility under the same schedule and rebate (what a rational worker of the model would choose), averaged over its years and then over the LLM workers. Utility lost is in the utility's units (dollars for quasi-linear utility) and as a share of the best response's utility."}</p>
        <div class="table-wrap">
        <table class="results-table" data-testid="tax-llm-workers">
            <thead><tr>
                <th scope="col">{"Planner"}</th>
                <th scope="col" class="num">{"Hours chosen"}</th>
                <th scope="col" class="num">{"Best response"}</th>
                <th scope="col" class="num">{"Hours gap"}</th>
                <th scope="col" class="num">{"Utility lost"}</th>
                <th scope="col" class="num">{"Share lost"}</th>
                <th scope="col" class="num">{"Calls"}</th>
                <th scope="col" class="num">{"Fallbacks"}</th>
            </tr></thead>
            <tbody>
            { for r.planners.iter().enumerate().filter_map(|(i, p)| {
                let w = p.llm_workers.as_ref()?;
                let k = w.workers.len().max(1) as f64;
                let mean = |f: fn(&agora_engine::tax::llm_workers::LlmWorkerResult) -> f64| {
                    w.workers.iter().map(f).sum::<f64>() / k
                };
                Some(html! {
                    <tr data-testid={format!("tax-llm-workers-{i}")}>
                        <th scope="row">{ swatch(i) }{ p.label.clone() }</th>
                        <td class="num">{ fmt_num(mean(|x| x.hours)) }</td>
                        <td class="num">{ fmt_num(mean(|x| x.best_hours)) }</td>
                        <td class="num">{ fmt_num(w.hours_gap) }</td>
                        <td class="num">{ fmt_num(w.utility_lost) }</td>
                        <td class="num">{ format!("{:.1} %", 100.0 * w.utility_lost_share) }</td>
                        <td class="num">{ w.stats.calls }</td>
                        <td class="num">{ w.stats.fallbacks }</td>
                    </tr>
                })
            }) }
            </tbody>
        </table>
        </div>
        </>
    }
}

/// The planner in focus: each LLM worker, who it is and how far it was from its best response.
fn llm_workers_detail(r: &TaxResults, focus: usize) -> Html {
    let Some(w) = r.planners.get(focus).and_then(|p| p.llm_workers.as_ref()) else {
        return Html::default();
    };
    html! {
        <div class="table-wrap">
        <table class="results-table" data-testid="tax-llm-worker-detail">
            <caption>{ format!("The LLM workers under this planner ({} scenario)", match w.scenario {
                agora_engine::tax::llm_workers::Scenario::Rational => "rational",
                agora_engine::tax::llm_workers::Scenario::Bounded => "bounded",
            }) }</caption>
            <thead><tr>
                <th scope="col">{"Worker"}</th>
                <th scope="col">{"Persona"}</th>
                <th scope="col" class="num">{"Skill"}</th>
                <th scope="col" class="num">{"Hours"}</th>
                <th scope="col" class="num">{"Best"}</th>
                <th scope="col" class="num">{"Utility lost"}</th>
            </tr></thead>
            <tbody>
            { for w.workers.iter().enumerate().map(|(k, x)| html! {
                <tr>
                    <th scope="row">{ format!("{} (rank {} of {})", k + 1, x.index + 1, r.workers) }</th>
                    <td>{ x.persona.clone() }</td>
                    <td class="num">{ fmt_num(x.skill) }</td>
                    <td class="num">{ fmt_num(x.hours) }</td>
                    <td class="num">{ fmt_num(x.best_hours) }</td>
                    <td class="num">{ format!("{} ({:.1} %)", fmt_num(x.utility_lost), 100.0 * x.utility_lost_share) }</td>
                </tr>
            }) }
            </tbody>
        </table>
        </div>
    }
}

/// Every planner's final numbers, with the status quo first; the column of the objective is
/// emphasised and the best planner's row highlighted.
fn metrics_table(r: &TaxResults, objective: Welfare) -> Html {
    let best = r
        .planners
        .iter()
        .map(|p| p.last.welfare)
        .filter(|w| w.is_finite())
        .fold(f64::NEG_INFINITY, f64::max);
    let cols: [(&str, &str); 6] = [
        ("Welfare", objective.label()),
        ("Gap to oracle", "The oracle's welfare minus this planner's"),
        ("Productivity", "Total pre-tax income"),
        ("Equality", "1 − Gini of consumption"),
        ("Revenue", "Total tax collected"),
        ("Mean hours", "Mean hours worked"),
    ];
    let cells = |m: &Metrics, welfare: f64, gap: Option<f64>| -> [String; 6] {
        [
            fmt_num(welfare),
            gap.map(fmt_num).unwrap_or_else(|| "–".into()),
            dollars(m.productivity),
            format!("{:.3}", m.equality),
            dollars(m.revenue),
            fmt_num(m.mean_hours),
        ]
    };
    let row = |label: Html,
               rates: String,
               m: &Metrics,
               welfare: f64,
               gap: Option<f64>,
               testid: String| {
        let is_best = welfare == best;
        html! {
            <tr data-testid={testid} class={classes!(is_best.then_some("best"))}>
                <th scope="row">{ label }</th>
                <td class="rates">{ rates }</td>
                { for cells(m, welfare, gap).into_iter().enumerate().map(|(k, text)| html! {
                    <td class={classes!("num", (k == 0).then_some("objective"))}>{ text }</td>
                }) }
            </tr>
        }
    };
    let b = &r.baseline;
    html! {
        <>
        <p class="hint">{ format!("{} workers. Welfare is what the planners maximise: {}; the best planner's row is highlighted. The other welfare measures are under “Over the years”.",
            crate::widgets::runbar::thousands(r.workers as u64), objective.label()) }</p>
        <div class="table-wrap">
        <table class="results-table tax-table" data-testid="tax-table">
            <thead><tr>
                <th scope="col">{"Planner"}</th>
                <th scope="col">{"Final rates"}</th>
                { for cols.iter().enumerate().map(|(k, (name, title))| html! {
                    <th scope="col" class={classes!("num", (k == 0).then_some("objective"))} title={title.to_string()}>{ *name }</th>
                }) }
            </tr></thead>
            <tbody>
                { row(html! {<em>{"status quo"}</em>}, rates_text(&b.schedule.rates), &b.metrics, b.welfare, None, "tax-row-status-quo".into()) }
                { for r.planners.iter().enumerate().map(|(i, p)| row(
                    html! { <>{ swatch(i) }{ p.label.clone() }{ llm_note(p) }</> },
                    rates_text(&p.last.schedule.rates),
                    &p.last.metrics,
                    p.last.welfare,
                    r.oracle_gap.get(i).copied(),
                    format!("tax-row-{i}"),
                )) }
            </tbody>
        </table>
        </div>
        </>
    }
}

/// Beside an LLM planner: how its replies went ("12 calls, 1 fallback").
fn llm_note(p: &agora_engine::tax::PlannerResult) -> Html {
    let Some(s) = &p.llm else {
        return Html::default();
    };
    let plural = |n: u64, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut parts = vec![plural(s.calls, "call", "calls")];
    if s.fallbacks > 0 {
        parts.push(plural(s.fallbacks, "fallback", "fallbacks"));
    }
    html! { <span class="hint" data-testid="tax-llm-note">{ format!(" ({})", parts.join(", ")) }</span> }
}

/// "0 · 20 · 40 %".
fn rates_text(rates: &[f64]) -> String {
    let parts: Vec<String> = rates
        .iter()
        .map(|r| format!("{}", (r * 1000.0).round() / 10.0))
        .collect();
    format!("{} %", parts.join(" · "))
}

/// The worker panel: its percentile, its budget set and utility, its segments and why.
fn one_worker_view(v: &ResultsView<'_, TaxUi>, focus: usize) -> Html {
    let on_pct = v.on_view.reform(|e: InputEvent| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        ViewMsg::Percentile(input.value().parse().unwrap_or(50))
    });
    let label = v
        .results
        .planners
        .get(focus)
        .map(|p| p.label.clone())
        .unwrap_or_default();
    let labour = v.ran.map(|e| e.labour.kind()).unwrap_or("best_response");
    let max_hours = v.ran.map(|e| e.max_hours).unwrap_or(100.0);
    let body = match &v.charts.worker {
        None => html! { <p class="hint">{"No worker to show."}</p> },
        Some((c, budget_chart, utility_chart)) => html! {
            <>
            <p data-testid="worker-summary">
                { format!("Under the schedule of {label}, this worker earns {} an hour. It works {} hours, earns {}, pays {} in tax and receives a rebate of {}: it consumes {}. ",
                    one_worker::usd(c.skill), fmt_num(c.hours), one_worker::usd(c.income),
                    one_worker::usd(c.tax), one_worker::usd(c.rebate), one_worker::usd(c.consumption)) }
                <strong>{ one_worker::explain(c, max_hours) }</strong>
            </p>
            if labour != "best_response" {
                <p class="hint">{"Workers in this run do not choose exactly (see “How workers choose their hours”): this is the exact best response they deviate from."}</p>
            }
            <div class="chart-grid">
                { figure(budget_chart, "budget", "Budget set", 300, v.version,
                    "Consumption for every number of hours; the slope is the net wage s(1 − τ), which drops at each bracket cutoff.") }
                { figure(utility_chart, "utility", "Utility along the budget set", 300, v.version,
                    "Utility for every number of hours; the best response is the highest point.") }
            </div>
            <div class="table-wrap">
            <table class="results-table" data-testid="segments">
                <thead><tr>
                    <th scope="col">{"Hours"}</th><th scope="col">{"Income"}</th><th scope="col">{"Marginal rate"}</th>
                    <th scope="col">{"Net wage"}</th><th scope="col">{"Best hours here"}</th><th scope="col">{"Utility there"}</th>
                </tr></thead>
                <tbody>
                { for c.segments.iter().map(|s| {
                    let chosen = (s.best_hours - c.hours).abs() < 1e-9;
                    html! {
                        <tr class={classes!(chosen.then_some("best"))}>
                            <td class="num">{ format!("{} – {}", fmt_num(s.from), fmt_num(s.to)) }</td>
                            <td class="num">{ format!("{} – {}", one_worker::usd(s.from * c.skill), one_worker::usd(s.to * c.skill)) }</td>
                            <td class="num">{ format!("{:.1} %", s.rate * 100.0) }</td>
                            <td class="num">{ one_worker::usd(c.skill * (1.0 - s.rate)) }</td>
                            <td class="num">{ fmt_num(s.best_hours) }</td>
                            <td class="num">{ fmt_num(s.best_utility) }</td>
                        </tr>
                    }
                }) }
                </tbody>
            </table>
            </div>
            </>
        },
    };
    html! {
        <section class="one-worker" data-testid="one-worker">
            <h3 class="section-title">{"One worker"}</h3>
            <label class="field wide">
                <span class="field-label">{ format!("Skill percentile: {}", v.view.percentile) }</span>
                <input type="range" min="0" max="100" step="1" data-testid="worker-percentile"
                    value={v.view.percentile.to_string()} oninput={on_pct} />
            </label>
            { body }
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_engine::experiment::{Experiment, Results};

    #[test]
    fn the_csv_names_each_elections_winner_and_its_votes() {
        let out = Experiment::Tax(agora_engine::tax::presets::election())
            .run()
            .unwrap();
        let Results::Tax(r) = out.results else {
            panic!("tax results")
        };
        let csv = results_csv(&r);
        let header = csv.lines().next().unwrap();
        assert!(header.ends_with(",welfare,elected,votes"), "{header}");
        let e = &r.planners[1].elections[0];
        let row = csv
            .lines()
            .find(|l| l.contains("Election") && l.split(',').nth(1) == Some("1"))
            .unwrap();
        let winner = &e.platforms[e.winner].label;
        let votes: Vec<String> = e.votes.iter().map(u64::to_string).collect();
        assert!(
            row.ends_with(&format!(",{winner},{}", votes.join(" "))),
            "{row}"
        );
        // Years without an election leave both empty.
        let row2 = csv
            .lines()
            .find(|l| l.contains("Election") && l.split(',').nth(1) == Some("2"))
            .unwrap();
        assert!(row2.ends_with(",,"), "{row2}");
    }
}

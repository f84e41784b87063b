//! The results of a bandit run: chart options, the four charts, a table, exports (CSV, JSON),
//! and the tabs that switch to "watch one run" and "you play".
//!
//! Exports contain only the experiment and its results (no settings of the page). The JSON
//! export embeds the worker's results JSON verbatim, so its numbers are exactly those the
//! digest was computed from.

use super::play::PlayView;
use super::watch::WatchView;
use super::{BanditLab, Msg, Tab};
use crate::charts::bandits::{self as charts, RegretOpts};
use crate::charts::DrawFn;
use crate::storage::UiSettings;
use crate::widgets::chart::Chart;
use agora_engine::bandits::{BanditExperiment, BanditResults, EnvironmentConfig};
use agora_engine::experiment::Experiment;
use std::rc::Rc;
use yew::prelude::*;

/// The drawing closures of the four charts for one set of results and options.
pub struct ChartSet {
    pub regret: DrawFn,
    pub best_arm: DrawFn,
    pub final_regret: DrawFn,
    pub pulls: DrawFn,
}

/// The arm means to annotate on the pulls chart, when they are fixed and known.
pub fn known_means(exp: &BanditExperiment) -> Option<Vec<f64>> {
    match &exp.environment {
        EnvironmentConfig::Bernoulli { means } | EnvironmentConfig::Gaussian { means, .. } => {
            Some(means.clone())
        }
        _ => None,
    }
}

impl ChartSet {
    pub fn new(r: Rc<BanditResults>, s: &UiSettings, exp: Option<&BanditExperiment>) -> Self {
        let opts = RegretOpts {
            log_x: s.log_x,
            realized: s.realized,
            show_band: s.band,
            lai_robbins: s.lai_robbins,
        };
        ChartSet {
            regret: charts::regret(r.clone(), opts),
            best_arm: charts::best_arm(r.clone()),
            final_regret: charts::final_regret(r.clone()),
            pulls: charts::pulls(r, exp.and_then(known_means)),
        }
    }
}

/// CSV field: quoted when it contains a comma, quote or line break.
pub fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_string()
    }
}

/// One row per policy per checkpoint:
/// `policy,t,regret_mean,regret_ci95,realized_regret_mean,best_arm_fraction`.
pub fn results_csv(r: &BanditResults) -> String {
    let mut out =
        String::from("policy,t,regret_mean,regret_ci95,realized_regret_mean,best_arm_fraction\n");
    // The exploration metrics are per policy, not per checkpoint: they are in the JSON export.
    for p in &r.policies {
        let label = csv_field(&p.label);
        for (i, t) in r.checkpoints.iter().enumerate() {
            let get = |v: &[f64]| v.get(i).map(|x| format!("{x}")).unwrap_or_default();
            out.push_str(&format!(
                "{label},{t},{},{},{},{}\n",
                get(&p.regret_mean),
                get(&p.regret_ci95),
                get(&p.realized_regret_mean),
                get(&p.best_arm_fraction)
            ));
        }
    }
    out
}

/// `{"experiment": ..., "digest": ..., "results": ...}` from the experiment and the results
/// JSON as the worker wrote it (kept verbatim).
pub fn results_export_json(
    exp: &BanditExperiment,
    digest: Option<&str>,
    results_json: &str,
) -> String {
    let digest = match digest {
        Some(d) => serde_json::to_string(d).unwrap_or_else(|_| "null".into()),
        None => "null".into(),
    };
    format!(
        "{{\n  \"experiment\": {},\n  \"digest\": {},\n  \"results\": {}\n}}\n",
        Experiment::Bandits(exp.clone()).to_json(),
        digest,
        results_json
    )
}

/// "12.3" or "0.0123": a few significant digits for tables.
pub fn short(x: f64) -> String {
    if !x.is_finite() {
        return "–".into();
    }
    let a = x.abs();
    if a >= 100.0 {
        format!("{x:.0}")
    } else if a >= 10.0 {
        format!("{x:.1}")
    } else if a >= 0.01 || a == 0.0 {
        format!("{x:.2}")
    } else {
        format!("{x:.1e}")
    }
}

impl BanditLab {
    fn export_name(&self, ext: &str) -> String {
        match &self.session.digest {
            Some(d) => format!("agora-bandits-{d}.{ext}"),
            None => format!("agora-bandits-partial.{ext}"),
        }
    }

    pub(super) fn export_csv(&mut self) {
        if let Some(r) = &self.results {
            if let Err(e) =
                crate::download::save_text(&self.export_name("csv"), "text/csv", &results_csv(r))
            {
                self.banner = Some(format!("The CSV file could not be saved: {e}"));
            }
        }
    }

    pub(super) fn export_json(&mut self) {
        if let (Some(exp), Some(json)) = (&self.ran_exp, &self.results_json) {
            let text = results_export_json(exp, self.session.digest.as_deref(), json);
            if let Err(e) =
                crate::download::save_text(&self.export_name("json"), "application/json", &text)
            {
                self.banner = Some(format!("The JSON file could not be saved: {e}"));
            }
        }
    }

    pub(super) fn view_tabs(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let tab = |t: Tab, id: &'static str, label: &'static str| {
            let selected = self.tab == t;
            html! {
                <button type="button" role="tab" class={classes!("tab", selected.then_some("active"))}
                    id={format!("tab-{id}")} data-testid={format!("tab-{id}")}
                    aria-selected={if selected { "true" } else { "false" }}
                    aria-controls="tab-panel"
                    onclick={link.callback(move |_| Msg::Tab(t))}>{ label }</button>
            }
        };
        let body = match self.tab {
            Tab::Results => self.view_results(ctx),
            Tab::Watch => html! { <WatchView experiment={self.valid_exp.clone()} /> },
            Tab::Play => html! { <PlayView experiment={self.valid_exp.clone()} /> },
        };
        html! {
            <div class="panel results-panel">
                <div class="tabs" role="tablist" aria-label="Views">
                    { tab(Tab::Results, "results", "Results") }
                    { tab(Tab::Watch, "watch", "Watch one run") }
                    { tab(Tab::Play, "play", "You play") }
                </div>
                <div id="tab-panel" role="tabpanel">
                    if self.tab != Tab::Results && !self.can_run() {
                        <p class="msg warn">{"These views use the last valid settings; fix the settings to use your changes."}</p>
                    }
                    { body }
                </div>
            </div>
        }
    }

    fn view_results(&self, ctx: &Context<Self>) -> Html {
        let link = ctx.link();
        let (Some(r), Some(charts)) = (&self.results, &self.charts) else {
            return html! {
                <div class="empty-results" data-testid="results-empty">
                    if self.exp.has_llm() {
                        <p>{"A language model plays here: press "}<strong>{"Ask the model"}</strong>{" in the LLM players panel. When its replies are in, the run starts by itself."}</p>
                    } else {
                        <p>{"Press "}<strong>{"Run"}</strong>{" to simulate the experiment. Curves appear as the repetitions finish."}</p>
                    }
                    <p class="hint">{"Or open “Watch one run” to step through a single run, or “You play” to pull the arms yourself."}</p>
                </div>
            };
        };
        // An LLM run with no repetition answered: what is recorded, what is missing, what to do.
        if r.repetitions == 0 && self.exp.has_llm() {
            return crate::labs::llm::no_replies_yet(&Experiment::Bandits(self.exp.clone()));
        }
        let s = &self.settings;
        let checkbox = |id: &'static str,
                        label: &'static str,
                        checked: bool,
                        disabled: bool,
                        make: fn(bool) -> Msg| {
            let onchange = link.callback(move |e: Event| {
                let input: web_sys::HtmlInputElement = e.target_unchecked_into();
                make(input.checked())
            });
            html! {
                <label class="check">
                    <input type="checkbox" data-testid={id} {checked} {disabled} {onchange} />
                    <span>{ label }</span>
                </label>
            }
        };
        let v = self.chart_version;
        let has_lr = r.lai_robbins.is_some();
        html! {
            <div class="results">
                <div class="chart-options" role="group" aria-label="Regret chart options">
                    { checkbox("log-x", "Log time axis", s.log_x, false, Msg::LogX) }
                    { checkbox("realized", "Realized regret", s.realized, false, Msg::Realized) }
                    { checkbox("band", "95 % band", s.band, false, Msg::Band) }
                    { checkbox("lai-robbins", "Lai-Robbins bound", s.lai_robbins && has_lr, !has_lr, Msg::LaiRobbins) }
                </div>
                <p class="hint chart-caption">
                    { if s.realized {
                        "Realized regret: the best arm's expected reward minus the rewards actually received, summed over rounds (can go below zero by luck)."
                    } else {
                        "Pseudo-regret: the sum over rounds of the gap between the best arm's mean and the chosen arm's mean. Lower is better; a flattening curve means the policy has found the best arm."
                    } }
                </p>
                <Chart draw={charts.regret.clone()} testid="chart-regret" filename="agora-regret" height={380} version={v} />
                <div class="chart-grid">
                    <figure class="chart-cell" aria-label="Best-arm rate">
                        <Chart draw={charts.best_arm.clone()} testid="chart-best-arm" filename="agora-best-arm" height={300} version={v} />
                        <figcaption class="hint">{"A policy that learns climbs towards 100 %; uniform play stays at one arm in K."}</figcaption>
                    </figure>
                    <figure class="chart-cell" aria-label="Final regret distribution">
                        <Chart draw={charts.final_regret.clone()} testid="chart-final-regret" filename="agora-final-regret" height={300} version={v} />
                        <figcaption class="hint">{"The spread over repetitions, not just the mean: a long right tail means some runs went badly."}</figcaption>
                    </figure>
                </div>
                <figure class="chart-cell" aria-label="Pulls per arm">
                    <Chart draw={charts.pulls.clone()} testid="chart-pulls" filename="agora-pulls" height={300} version={v} />
                    <figcaption class="hint">{"Where the pulls went: good policies spend almost all of them on the best arm."}</figcaption>
                </figure>
                { self.view_table(r) }
                <div class="button-row exports">
                    <button type="button" class="btn" data-testid="export-csv" onclick={link.callback(|_| Msg::ExportCsv)}>
                        {"Download CSV"}
                    </button>
                    <button type="button" class="btn" data-testid="export-json" onclick={link.callback(|_| Msg::ExportJson)}>
                        {"Download JSON"}
                    </button>
                    <span class="hint">{"CSV: the curves per policy and round. JSON: experiment, digest and all results."}</span>
                </div>
            </div>
        }
    }

    fn view_table(&self, r: &BanditResults) -> Html {
        let last = r.checkpoints.len().saturating_sub(1);
        let t = r.checkpoints.last().copied().unwrap_or(0);
        let llm = r.policies.iter().any(|p| p.llm.is_some());
        html! {
            <div class="table-wrap">
                <table class="results-table" data-testid="results-table">
                    <caption>{ format!("After {} rounds, over {} repetitions{}", crate::widgets::runbar::thousands(t as u64),
                        crate::widgets::runbar::thousands(r.repetitions as u64),
                        if r.complete { "" } else { " (partial)" }) }</caption>
                    <thead>
                        <tr>
                            <th scope="col">{"Policy"}</th>
                            <th scope="col" class="num">{"Final regret (mean ± 95 % CI)"}</th>
                            <th scope="col" class="num">{"Mean total reward"}</th>
                            <th scope="col" class="num">{"Best arm pulled"}</th>
                            <th scope="col" class="num" title="Share of repetitions in which no best arm was chosen in the second half of the rounds (Krishnamurthy et al. 2024): high means the policy stopped exploring too early.">{"SuffFailFreq (T/2)"}</th>
                            <th scope="col" class="num" title="K times the smallest share of rounds any arm got: near 1 is uniform flailing, near 0 means some arm was dropped.">{"K·MinFrac"}</th>
                            <th scope="col" class="num" title="Share of rounds in which the chosen arm had the best average reward so far.">{"GreedyFrac"}</th>
                            if llm { <th scope="col" class="num" title="LLM decisions; fallbacks are unreadable replies replaced by a random arm; retries are corrective messages.">{"LLM calls · fallbacks · retries"}</th> }
                        </tr>
                    </thead>
                    <tbody>
                        { for r.policies.iter().enumerate().map(|(i, p)| {
                            let m = p.regret_mean.get(last).copied().unwrap_or(f64::NAN);
                            let ci = p.regret_ci95.get(last).copied().unwrap_or(f64::NAN);
                            let best = p.best_arm_fraction.get(last).copied().unwrap_or(f64::NAN);
                            html! {
                                <tr>
                                    <th scope="row">
                                        <span class="policy-swatch" data-index={(i % 10).to_string()} aria-hidden="true"></span>
                                        { p.label.clone() }
                                    </th>
                                    <td class="num">{ format!("{} ± {}", short(m), short(ci)) }</td>
                                    <td class="num">{ short(p.reward_mean) }</td>
                                    <td class="num">{ if best.is_finite() { format!("{:.1} %", best * 100.0) } else { "–".into() } }</td>
                                    <td class="num">{ format!("{:.2}", p.suff_fail_freq) }</td>
                                    <td class="num">{ format!("{:.2}", p.k_min_frac) }</td>
                                    <td class="num">{ format!("{:.2}", p.greedy_frac) }</td>
                                    if llm {
                                        <td class="num" data-testid={format!("llm-stats-{i}")}>{ p.llm.as_ref().map(|s| format!("{} · {} · {}", s.calls, s.fallbacks, s.repairs)).unwrap_or_else(|| "–".into()) }</td>
                                    }
                                </tr>
                            }
                        }) }
                    </tbody>
                </table>
            </div>
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_engine::bandits::PolicyResult;

    fn tiny() -> BanditResults {
        BanditResults {
            horizon: 3,
            arms: 2,
            repetitions: 2,
            complete: true,
            checkpoints: vec![1, 3],
            lai_robbins: None,
            policies: vec![PolicyResult {
                label: "ε-greedy (ε=0.1, \"fast\")".into(),
                kind: "epsilon_greedy".into(),
                regret_mean: vec![0.5, 1.25],
                regret_ci95: vec![0.1, 0.2],
                realized_regret_mean: vec![0.0, 1.0],
                best_arm_fraction: vec![0.5, 0.75],
                final_regret: vec![1.0, 1.5],
                pulls_mean: vec![2.0, 1.0],
                reward_mean: 1.5,
                suff_fail_freq: 0.5,
                k_min_frac: 0.67,
                greedy_frac: 0.5,
                llm: None,
            }],
        }
    }

    #[test]
    fn csv_has_one_row_per_policy_and_checkpoint() {
        let csv = results_csv(&tiny());
        let lines: Vec<&str> = csv.lines().collect();
        assert_eq!(
            lines[0],
            "policy,t,regret_mean,regret_ci95,realized_regret_mean,best_arm_fraction"
        );
        assert_eq!(lines.len(), 1 + 2);
        // RFC 4180: a field with a comma or quote is quoted, quotes doubled.
        assert_eq!(
            lines[1],
            "\"ε-greedy (ε=0.1, \"\"fast\"\")\",1,0.5,0.1,0,0.5"
        );
        assert_eq!(
            lines[2],
            "\"ε-greedy (ε=0.1, \"\"fast\"\")\",3,1.25,0.2,1,0.75"
        );
    }

    #[test]
    fn json_export_is_valid_and_keeps_results_verbatim() {
        let exp = agora_engine::bandits::presets::classic();
        let results_json = serde_json::to_string(&tiny()).unwrap();
        let text = results_export_json(&exp, Some("0123456789abcdef"), &results_json);
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["digest"], "0123456789abcdef");
        assert_eq!(v["experiment"]["format"], 1);
        assert_eq!(v["experiment"]["lab"], "bandits");
        assert!(text.contains(&results_json));
        let partial = results_export_json(&exp, None, &results_json);
        let v: serde_json::Value = serde_json::from_str(&partial).unwrap();
        assert!(v["digest"].is_null());
    }

    #[test]
    fn known_means_only_for_fixed_means() {
        let exp = agora_engine::bandits::presets::classic();
        assert_eq!(known_means(&exp).unwrap().len(), 9);
        let b = agora_engine::bandits::presets::bayesian();
        assert!(known_means(&b).is_none());
    }

    #[test]
    fn short_numbers() {
        assert_eq!(short(1234.4), "1234");
        assert_eq!(short(12.34), "12.3");
        assert_eq!(short(1.234), "1.23");
        assert_eq!(short(0.0), "0.00");
        assert_eq!(short(0.00123), "1.2e-3");
        assert_eq!(short(f64::NAN), "–");
    }
}

//! The results of a bandit run: chart options, the four charts, a table, and the CSV export
//! (the page adds the JSON export, the tabs and the digest).

use super::{BanditsUi, ChartOption};
use crate::charts::bandits::{self as charts, RegretOpts};
use crate::charts::{fmt_num, DrawFn};
use crate::labs::page::ResultsView;
use crate::storage::UiSettings;
use crate::widgets::chart::Chart;
use crate::widgets::csv::{num, Csv};
use crate::widgets::format::short;
use crate::widgets::runbar::thousands;
use agora_engine::bandits::{BanditExperiment, BanditResults, EnvironmentConfig};
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
    pub fn new(
        r: Rc<BanditResults>,
        s: &UiSettings,
        view: &super::View,
        exp: Option<&BanditExperiment>,
    ) -> Self {
        let opts = RegretOpts {
            log_x: s.log_x,
            realized: s.realized,
            show_band: s.band,
            lai_robbins: draws_lai_robbins(&r, s, view),
        };
        ChartSet {
            regret: charts::regret(r.clone(), opts),
            best_arm: charts::best_arm(r.clone()),
            final_regret: charts::final_regret(r.clone()),
            pulls: charts::pulls(r, exp.and_then(known_means)),
        }
    }
}

/// One row per policy per checkpoint:
/// `policy,t,regret_mean,regret_ci95,realized_regret_mean,best_arm_fraction`.
pub fn results_csv(r: &BanditResults) -> String {
    let mut csv = Csv::new([
        "policy",
        "t",
        "regret_mean",
        "regret_ci95",
        "realized_regret_mean",
        "best_arm_fraction",
    ]);
    // The exploration metrics are per policy, not per checkpoint: they are in the JSON export.
    for p in &r.policies {
        for (i, t) in r.checkpoints.iter().enumerate() {
            let get = |v: &[f64]| v.get(i).copied().map(num).unwrap_or_default();
            csv.row([
                p.label.clone(),
                t.to_string(),
                get(&p.regret_mean),
                get(&p.regret_ci95),
                get(&p.realized_regret_mean),
                get(&p.best_arm_fraction),
            ]);
        }
    }
    csv.finish()
}

/// The results tab.
pub(super) fn view(v: &ResultsView<'_, BanditsUi>) -> Html {
    let (r, charts) = (v.results, v.charts);
    let s = v.settings;
    let checkbox = |id: &'static str,
                    label: &'static str,
                    checked: bool,
                    disabled: bool,
                    make: fn(bool) -> ChartOption| {
        let onchange = v.on_view.reform(move |e: Event| {
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
    let version = v.version;
    let has_lr = r.lai_robbins.is_some();
    html! {
        <>
            <div class="chart-options" role="group" aria-label="Regret chart options">
                { checkbox("log-x", "Log time axis", s.log_x, false, ChartOption::LogX) }
                { checkbox("realized", "Realized regret", s.realized, false, ChartOption::Realized) }
                { checkbox("band", "95 % band", s.band, false, ChartOption::Band) }
                { checkbox("lai-robbins", "Lai-Robbins bound", s.lai_robbins && has_lr, !has_lr, ChartOption::LaiRobbins) }
            </div>
            <p class="hint chart-caption">
                { if s.realized {
                    "Realized regret: the best arm's expected reward minus the rewards actually received, summed over rounds (can go below zero by luck)."
                } else {
                    "Pseudo-regret: the sum over rounds of the gap between the best arm's mean and the chosen arm's mean. Lower is better; a flattening curve means the policy has found the best arm."
                } }
            </p>
            <Chart draw={charts.regret.clone()} testid="chart-regret" filename="agora-regret" height={380} version={version} />
            if draws_lai_robbins(r, s, v.view) {
                { lai_robbins_caption(r, s.log_x) }
            } else if s.lai_robbins {
                { lai_robbins_hidden(r, &v.on_view) }
            }
            <div class="chart-grid">
                <figure class="chart-cell" aria-label="Best-arm rate">
                    <Chart draw={charts.best_arm.clone()} testid="chart-best-arm" filename="agora-best-arm" height={300} version={version} />
                    <figcaption class="hint">{"A policy that learns climbs towards 100 %; uniform play stays at one arm in K."}</figcaption>
                </figure>
                <figure class="chart-cell" aria-label="Final regret distribution">
                    <Chart draw={charts.final_regret.clone()} testid="chart-final-regret" filename="agora-final-regret" height={300} version={version} />
                    <figcaption class="hint">{"The spread over repetitions, not just the mean: a long right tail means some runs went badly."}</figcaption>
                </figure>
            </div>
            <figure class="chart-cell" aria-label="Pulls per arm">
                <Chart draw={charts.pulls.clone()} testid="chart-pulls" filename="agora-pulls" height={300} version={version} />
                <figcaption class="hint">{"Where the pulls went: good policies spend almost all of them on the best arm."}</figcaption>
            </figure>
            { view_table(r) }
        </>
    }
}

/// The table of final numbers per policy.
fn view_table(r: &BanditResults) -> Html {
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

/// The Lai-Robbins curve at the horizon, C ln T, when the run has one.
fn lai_robbins_at_t(r: &BanditResults) -> Option<(f64, f64)> {
    let c = r.lai_robbins.filter(|c| c.is_finite() && *c > 0.0)?;
    Some((c, c * (r.horizon.max(1) as f64).ln()))
}

/// The policy with the highest regret at the horizon, and that regret.
fn worst_policy(r: &BanditResults) -> Option<(&str, f64)> {
    r.policies
        .iter()
        .filter_map(|p| Some((p.label.as_str(), *p.regret_mean.last()?)))
        .filter(|(_, reg)| reg.is_finite())
        .max_by(|a, b| a.1.total_cmp(&b.1))
}

/// The curve teaches something at this horizon when some policy's regret reaches it: it then
/// separates the policies that learn from those that do not. When it lies above every policy,
/// uniform play included (short runs: the hard K = 5 preset at T = 100 has it at 45 against
/// 16 at most), it is about t → ∞ only, and drawing it misleads.
pub fn lai_robbins_teaches(r: &BanditResults) -> bool {
    match (lai_robbins_at_t(r), worst_policy(r)) {
        (Some((_, line)), Some((_, worst))) => worst >= line,
        _ => false,
    }
}

fn draws_lai_robbins(r: &BanditResults, s: &UiSettings, view: &super::View) -> bool {
    s.lai_robbins && (lai_robbins_teaches(r) || view.lai_robbins_anyway)
}

/// Why the curve is not drawn at this horizon, with a button to draw it anyway.
fn lai_robbins_hidden(r: &BanditResults, on_view: &Callback<ChartOption>) -> Html {
    let (Some((_, line)), Some((label, worst))) = (lai_robbins_at_t(r), worst_policy(r)) else {
        return Html::default();
    };
    html! {
        <p class="hint chart-caption" data-testid="lai-robbins-hidden">
            { format!(
                "The Lai-Robbins curve is not drawn: at t = {} it is at {}, above every policy here (the highest regret, {label}'s, is {}). At this horizon it says nothing; it describes how regret grows as t → ∞. Run longer to see the policies that do not learn cross it. ",
                thousands(r.horizon as u64), fmt_num(line), fmt_num(worst)) }
            <button type="button" class="btn small" data-testid="lai-robbins-anyway"
                onclick={on_view.reform(|_| ChartOption::LaiRobbinsAnyway)}>{"Draw it anyway"}</button>
        </p>
    }
}

/// What the Lai-Robbins curve says at this horizon: a statement about the slope of regret
/// against ln t as t grows, not a floor under the regret at a given t.
fn lai_robbins_caption(r: &BanditResults, log_x: bool) -> Html {
    let Some((c, line)) = lai_robbins_at_t(r) else {
        return Html::default();
    };
    let best = r
        .policies
        .iter()
        .filter_map(|p| Some((p.label.as_str(), *p.regret_mean.last()?)))
        .min_by(|a, b| a.1.total_cmp(&b.1));
    let at_t = match best {
        Some((label, reg)) if reg < line => format!(
            " Here {label} ends at {} while the curve is at {} at t = {}: below it, and no contradiction, since the bound speaks of t → ∞ and leaves out terms that do not grow with t.",
            fmt_num(reg),
            fmt_num(line),
            thousands(r.horizon as u64)
        ),
        Some((label, reg)) => format!(
            " Here the lowest regret, {label}'s, ends at {} against {} for the curve at t = {}.",
            fmt_num(reg),
            fmt_num(line),
            thousands(r.horizon as u64)
        ),
        None => String::new(),
    };
    let axis = if log_x {
        " On this log time axis the curve is a straight line: a policy whose regret ends parallel to it is as good as any can be in the long run."
    } else {
        " Tick the log time axis to compare slopes: there the curve is a straight line, and a policy whose regret ends parallel to it is as good as any can be in the long run."
    };
    html! {
        <p class="hint chart-caption" data-testid="lai-robbins-caption">
            { format!("The dashed curve is C ln t with C = {} (Lai & Robbins 1985: the sum over suboptimal arms of their gap divided by their KL divergence from the best arm). It is a limit, not a floor at every t: any policy that is good on every instance has regret / ln t no lower than C as t grows.", fmt_num(c)) }
            { at_t }
            { axis }
        </p>
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

    /// The curve is drawn where some policy reaches it (C ln T = 2 ln 3 ≈ 2.2 against a
    /// final regret of 1.25 here: not drawn; at C = 1, ln 3 ≈ 1.1 is reached: drawn).
    #[test]
    fn lai_robbins_is_drawn_only_where_a_policy_reaches_it() {
        let mut r = tiny();
        assert!(!lai_robbins_teaches(&r), "no constant, no curve");
        r.lai_robbins = Some(2.0);
        assert!(!lai_robbins_teaches(&r));
        let s = UiSettings::default();
        assert!(s.lai_robbins);
        assert!(!draws_lai_robbins(&r, &s, &super::super::View::default()));
        let anyway = super::super::View {
            lai_robbins_anyway: true,
        };
        assert!(draws_lai_robbins(&r, &s, &anyway));
        r.lai_robbins = Some(1.0);
        assert!(lai_robbins_teaches(&r));
        assert!(draws_lai_robbins(&r, &s, &super::super::View::default()));
    }

    #[test]
    fn known_means_only_for_fixed_means() {
        let exp = agora_engine::bandits::presets::classic();
        assert_eq!(known_means(&exp).unwrap().len(), 9);
        let b = agora_engine::bandits::presets::bayesian();
        assert!(known_means(&b).is_none());
    }
}

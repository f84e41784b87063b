//! The settings form of the tax lab: the economy (workers, skills, utility, hours, how workers
//! choose), the status-quo schedule with its brackets, what planners maximise and how they
//! act, and the planners (each with its parameters and an "About" panel). The page adds the
//! preset picker and the JSON editor around them.
//!
//! Parameters of skills, utilities, worker behaviours and planners are edited through the
//! serde-driven editor ([`crate::widgets::params`]); the schedule is a table of brackets.

use super::{Edit, TaxUi};
use crate::labs::page::{Edited, Form, SettingsView};
use crate::widgets::fields::{self, parse_number, parse_usize};
use crate::widgets::params;
use crate::widgets::runbar::thousands;
use agora_engine::error::ConfigError;
use agora_engine::tax::llm_workers::LlmWorkersConfig;
use agora_engine::tax::personas::{IncomeBand, Persona};
use agora_engine::tax::planners::election::{self, Voters};
use agora_engine::tax::schedule::{MAX_BRACKETS, US_YEARS};
use agora_engine::tax::{
    Mode, PlannerConfig, Schedule, Skills, TaxExperiment, Utility, Welfare, WorkerConfig,
};
use yew::prelude::*;

type V<'a> = SettingsView<'a, TaxUi>;

/// Plain names of list items and nested settings in error messages.
const LISTS: [(&str, &str); 3] = [
    ("planners", "planner"),
    ("personas", "persona"),
    ("candidates", "candidate"),
];
const GROUPS: [(&str, &str); 4] = [
    ("labour", "workers' choice"),
    ("llm_workers", "LLM workers"),
    ("max_hours", "most hours"),
    ("objective", "welfare"),
];

/// A config error in plain words: "planners[1].step" reads "planner 2 › step".
pub fn describe_error(e: &ConfigError) -> String {
    if e.field.is_empty() {
        return e.message.clone();
    }
    format!(
        "{}: {}",
        fields::plain_field(&e.field, &LISTS, &GROUPS),
        e.message
    )
}

/// Which part of the form a config error belongs to: "planner.1", "skills", "schedule", ...
/// (the form asks through [`SettingsView::section_error`]).
#[cfg(test)]
fn error_section(e: &ConfigError) -> String {
    fields::error_section(&e.field, &LISTS)
}

/// The skill sources as the menu shows them.
pub fn skills_label(kind: &str) -> &'static str {
    match kind {
        "gb2" => "US incomes (GB2 fitted to ACS 2023, the LLM Economist)",
        "ai_economist" => "Pareto skills (the AI Economist's rule)",
        "lognormal" => "Lognormal incomes",
        "uniform" => "Uniform skills",
        "percentiles" => "A table of income percentiles",
        "incomes" => "One income per worker",
        _ => "Other",
    }
}

/// What a skill source means, under the menu.
fn skills_hint(s: &Skills) -> &'static str {
    match s {
        Skills::Gb2 { .. } => "Incomes drawn from a generalised beta of the second kind fitted to the 2023 American Community Survey; a worker's skill (hourly wage) is its income divided by the hours below.",
        Skills::AiEconomist { .. } => "Skill = min(m, (m − 1)(X + 1)) coin per hour with X Pareto (Lomax) of this shape, averaged over ranks as the AI Economist does, then in dollars.",
        Skills::Lognormal { .. } => "Incomes lognormal with this median and log-standard deviation σ; skill = income / hours.",
        Skills::Uniform { .. } => "Hourly wages uniform between low and high dollars.",
        Skills::Percentiles { .. } => "Incomes interpolated between the percentiles you give; skill = income / hours.",
        Skills::Incomes { .. } => "Exactly these workers: one income each (the number of workers is the list's length); skill = income / hours.",
    }
}

/// The utility forms as the menu shows them.
pub fn utility_label(kind: &str) -> &'static str {
    match kind {
        "quasi_linear" => "Quasi-linear u = c − c₀ l^δ (the LLM Economist)",
        "isoelastic" => "Isoelastic u = c − l^(1+1/e) / (1+1/e)",
        "crra" => "CRRA u = (c^(1−η) − 1)/(1−η) − cost · l (the AI Economist)",
        _ => "Other",
    }
}

fn utility_hint(u: &Utility) -> String {
    match u {
        Utility::QuasiLinear { .. } => "No income effect: hours depend only on the net wage s(1 − τ). The LLM Economist's c₀ = 0.0005, δ = 3.5.".into(),
        Utility::Isoelastic { elasticity } => format!(
            "Hours l = (s(1 − τ))^e: a constant elasticity of taxable income e = {elasticity}, the one Saez's formula uses."
        ),
        Utility::Crra { .. } => "Concave in consumption (η = 0 is linear), so the rebate lowers hours (an income effect). The AI Economist's η = 0.23.".into(),
    }
}

/// The status-quo templates: (menu value, label, schedule).
pub fn schedule_templates() -> Vec<(String, String, Schedule)> {
    let mut out = vec![
        (
            "three".to_string(),
            "Three brackets: 0 / 20 / 40 %".to_string(),
            Schedule::three_brackets(),
        ),
        (
            "none".into(),
            "No tax (free market)".into(),
            Schedule::none(),
        ),
        ("flat".into(), "Flat 20 %".into(), Schedule::flat(0.2)),
        (
            "aie".into(),
            "The AI Economist's brackets (US 2019)".into(),
            Schedule::ai_economist(),
        ),
    ];
    for y in US_YEARS {
        if let Some(s) = Schedule::us_federal(y) {
            out.push((format!("us{y}"), format!("US federal {y}, single filer"), s));
        }
    }
    out
}

/// Apply a form edit.
pub(super) fn edit(form: &mut Form<TaxUi>, edit: Edit) -> Edited {
    let exp = &mut form.exp;
    let prefix = match edit {
        Edit::SkillsKind(kind) => {
            match Skills::examples().into_iter().find(|s| s.kind() == kind) {
                Some(s) => exp.skills = s,
                None => return Edited::Nothing,
            }
            "skills."
        }
        Edit::UtilityKind(kind) => {
            match Utility::examples().into_iter().find(|u| u.kind() == kind) {
                Some(u) => exp.utility = u,
                None => return Edited::Nothing,
            }
            "utility."
        }
        Edit::LabourKind(kind) => {
            match WorkerConfig::all_defaults()
                .into_iter()
                .find(|w| w.kind() == kind)
            {
                Some(w) => exp.labour = w,
                None => return Edited::Nothing,
            }
            "labour."
        }
        Edit::Template(id) => {
            match schedule_templates().into_iter().find(|t| t.0 == id) {
                Some((_, _, s)) => exp.schedule = s,
                None => return Edited::Nothing,
            }
            "schedule."
        }
        Edit::AddBracket => {
            let s = &mut exp.schedule;
            if s.rates.len() >= MAX_BRACKETS {
                return Edited::Nothing;
            }
            let top = s.cutoffs.last().copied().unwrap_or(0.0);
            s.cutoffs.push(if top > 0.0 { top * 2.0 } else { 50_000.0 });
            let rate = s.rates.last().copied().unwrap_or(0.0);
            s.rates.push((rate + 0.1).min(1.0));
            "schedule."
        }
        Edit::RemoveBracket(j) => {
            let s = &mut exp.schedule;
            if j == 0 || j >= s.rates.len() {
                return Edited::Nothing;
            }
            s.cutoffs.remove(j);
            s.rates.remove(j);
            "schedule."
        }
        Edit::ModeKind(kind) => {
            exp.mode = match kind.as_str() {
                "plan_once" => Mode::PlanOnce { iterations: 10 },
                _ => Mode::TaxYears {
                    years: 50,
                    period: 1,
                },
            };
            "mode."
        }
        Edit::AddKind(k) => {
            form.local = k;
            return Edited::Nothing;
        }
        Edit::AddPlanner => {
            let all = PlannerConfig::all_defaults();
            match all
                .iter()
                .find(|p| p.kind() == form.local)
                .or_else(|| all.first())
            {
                Some(p) => form.exp.planners.push(p.clone()),
                None => return Edited::Nothing,
            }
            "p."
        }
        Edit::RemovePlanner(i) => {
            if i >= exp.planners.len() {
                return Edited::Nothing;
            }
            exp.planners.remove(i);
            "p."
        }
        Edit::AddCandidate(i, kind) => {
            let Some(PlannerConfig::Election(ep)) = exp.planners.get_mut(i) else {
                return Edited::Nothing;
            };
            let candidate = PlannerConfig::all_defaults()
                .into_iter()
                .find(|p| p.kind() == kind && election::may_stand(p));
            match candidate {
                Some(c) if ep.candidates.len() < election::MAX_CANDIDATES => ep.candidates.push(c),
                _ => return Edited::Nothing,
            }
            "p."
        }
        Edit::RemoveCandidate(i, j) => {
            let Some(PlannerConfig::Election(ep)) = exp.planners.get_mut(i) else {
                return Edited::Nothing;
            };
            if j >= ep.candidates.len() || ep.candidates.len() <= election::MIN_CANDIDATES {
                return Edited::Nothing;
            }
            ep.candidates.remove(j);
            "p."
        }
        Edit::LlmWorkers(on) => {
            if on == exp.llm_workers.is_some() {
                return Edited::Nothing;
            }
            exp.llm_workers = on.then(|| {
                let mut w = LlmWorkersConfig::default();
                // The model the LLM planners ask, if any (the LLM panel sets it for all).
                if let Some(l) = exp.llm_planners().next() {
                    w.llm = l.llm.clone();
                }
                w
            });
            "llm_workers."
        }
    };
    form.clear_drafts_with(prefix);
    Edited::Changed
}

/// Apply the text of field `id`.
pub(super) fn apply_field(exp: &mut TaxExperiment, id: &str, text: &str) -> Result<(), String> {
    let (head, rest) = id.split_once('.').unwrap_or((id, ""));
    match head {
        "seed" => fields::parse_count(text).map(|n| exp.seed = n),
        "workers" => parse_usize(text).map(|n| exp.workers = n),
        "max_hours" => parse_number(text).map(|x| exp.max_hours = x),
        "rebate" => {
            exp.rebate = text == "true";
            Ok(())
        }
        "objective" => {
            exp.objective = Welfare::ALL
                .into_iter()
                .find(|w| welfare_id(*w) == text)
                .ok_or("unknown welfare")?;
            Ok(())
        }
        "skills" if rest == "points" => {
            let rows = fields::parse_table(text)?;
            let mut points = Vec::with_capacity(rows.len());
            for (i, r) in rows.iter().enumerate() {
                match r.as_slice() {
                    [p, z] => points.push([*p, *z]),
                    _ => return Err(format!("row {}: give a percentile and an income", i + 1)),
                }
            }
            match &mut exp.skills {
                Skills::Percentiles { points: p, .. } => *p = points,
                _ => return Err("unknown setting".into()),
            }
            Ok(())
        }
        "skills" => params::apply_text(&exp.skills, rest, text).map(|s| exp.skills = s),
        "utility" => params::apply_text(&exp.utility, rest, text).map(|u| exp.utility = u),
        "labour" => params::apply_text(&exp.labour, rest, text).map(|w| exp.labour = w),
        "schedule" => apply_bracket(&mut exp.schedule, rest, text),
        "llm_workers" => {
            let w = exp.llm_workers.as_mut().ok_or("unknown setting")?;
            match rest {
                "count" => parse_usize(text).map(|n| w.count = n),
                "personas" => parse_personas(text).map(|p| w.personas = p),
                _ => Err("unknown setting".into()),
            }
        }
        "mode" => {
            let n = parse_usize(text)?;
            match (&mut exp.mode, rest) {
                (Mode::PlanOnce { iterations }, "iterations") => *iterations = n,
                (Mode::TaxYears { years, .. }, "years") => *years = n,
                (Mode::TaxYears { period, .. }, "period") => *period = n,
                _ => return Err("unknown setting".into()),
            }
            Ok(())
        }
        "p" => {
            let (i, path) = rest.split_once('.').ok_or("unknown setting")?;
            let i: usize = i.parse().map_err(|_| "unknown planner")?;
            let p = exp.planners.get_mut(i).ok_or("unknown planner")?;
            match (p, path.strip_prefix("candidates.")) {
                // A candidate's own parameter: "p.<i>.candidates.<j>.<param>".
                (PlannerConfig::Election(ep), Some(c)) => {
                    let (j, param) = c.split_once('.').ok_or("unknown setting")?;
                    let j: usize = j.parse().map_err(|_| "unknown candidate")?;
                    let c = ep.candidates.get(j).ok_or("unknown candidate")?;
                    ep.candidates[j] = params::apply_text(c, param, text)?;
                }
                (p, _) => *p = params::apply_text(p, path, text)?,
            }
            Ok(())
        }
        _ => Err("unknown setting".into()),
    }
}

/// One persona per line: "occupation | age | income band | values".
pub fn format_personas(personas: &[Persona]) -> String {
    personas
        .iter()
        .map(|p| {
            format!(
                "{} | {} | {} | {}",
                p.occupation,
                p.age,
                p.income.label(),
                p.values
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Read the lines of [`format_personas`]; the error names the line.
fn parse_personas(text: &str) -> Result<Vec<Persona>, String> {
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            let at = |m: &str| format!("line {}: {m}", i + 1);
            let parts: Vec<&str> = line.splitn(4, '|').map(str::trim).collect();
            let [occupation, age, band, values] = parts[..] else {
                return Err(at("write occupation | age | income band | values"));
            };
            let age = age
                .parse::<u32>()
                .map_err(|_| at("the age is a whole number of years"))?;
            let income = match band.to_ascii_lowercase().as_str() {
                "low" => IncomeBand::Low,
                "middle" => IncomeBand::Middle,
                "high" => IncomeBand::High,
                _ => return Err(at("the income band is low, middle or high")),
            };
            Ok(Persona {
                occupation: occupation.to_string(),
                age,
                income,
                values: values.to_string(),
            })
        })
        .collect()
}

/// "cutoff.<j>" (dollars) or "rate.<j>" (percent).
fn apply_bracket(s: &mut Schedule, key: &str, text: &str) -> Result<(), String> {
    let (what, j) = key.split_once('.').ok_or("unknown setting")?;
    let j: usize = j.parse().map_err(|_| "unknown bracket")?;
    let x = parse_number(text.trim().trim_end_matches('%'))?;
    match what {
        "cutoff" => *s.cutoffs.get_mut(j).ok_or("unknown bracket")? = x,
        "rate" => *s.rates.get_mut(j).ok_or("unknown bracket")? = x / 100.0,
        _ => return Err("unknown setting".into()),
    }
    Ok(())
}

/// The menu value of a welfare.
pub fn welfare_id(w: Welfare) -> &'static str {
    match w {
        Welfare::InverseIncome => "inverse_income",
        Welfare::Utilitarian => "utilitarian",
        Welfare::EqualityTimesProductivity => "equality_times_productivity",
    }
}

/// What a welfare means, under the menu.
pub fn welfare_hint(w: Welfare) -> &'static str {
    match w {
        Welfare::InverseIncome => "Each worker's utility weighted by 1 / pre-tax income (normalised): gains to the poor count most. The LLM Economist's social welfare, and the weights of the AI Economist's Saez planner.",
        Welfare::Utilitarian => "The mean utility: a dollar counts the same for everyone, so only efficiency and (with CRRA) diminishing utility argue for redistribution.",
        Welfare::EqualityTimesProductivity => "(1 − Gini of consumption) × mean pre-tax income: the AI Economist's headline objective, trading equality against output.",
    }
}

/// The validation error of `section`, if any, in plain words.
fn section_error(v: &V<'_>, section: &str) -> Html {
    v.section_error(section, &LISTS)
}

/// A menu whose choice is sent as the edit `make` builds.
fn menu(
    v: &V<'_>,
    testid: &str,
    label: &str,
    options: Vec<(String, String)>,
    selected: &str,
    make: fn(String) -> Edit,
) -> Html {
    let onchange = v.edit(move |e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        make(sel.value())
    });
    html! {
        <label class="field wide">
            <span class="field-label">{ label.to_string() }</span>
            <select data-testid={testid.to_string()} {onchange}>
                { for options.into_iter().map(|(value, text)| html! {
                    <option value={value.clone()} selected={value == selected}>{ text }</option>
                }) }
            </select>
        </label>
    }
}

/// The serde-driven fields of `config`, bound to "`prefix`.<param>".
fn param_fields<T: serde::Serialize + serde::de::DeserializeOwned>(
    v: &V<'_>,
    prefix: &str,
    config: &T,
) -> Html {
    let fields = params::fields_of(config);
    if fields.is_empty() {
        return html! {};
    }
    html! {
        <div class="policy-fields">
            { for fields.iter().map(|f| v.param(&format!("{prefix}.{}", f.id()), f)) }
        </div>
    }
}

/// An LLM planner's own field: the rates it starts from.
fn llm_start_field(v: &V<'_>, i: usize, p: &PlannerConfig) -> Html {
    let fields: Vec<_> = params::fields_of(p)
        .into_iter()
        .filter(|f| f.path.first().is_some_and(|k| k == "starting_rates"))
        .collect();
    html! {
        <div class="policy-fields">
            { for fields.iter().map(|f| v.param(&format!("p.{i}.{}", f.id()), f)) }
        </div>
    }
}

/// The lab's settings.
pub(super) fn view(v: &V<'_>) -> Html {
    html! {
        <>
        { view_economy(v) }
        { view_workers(v) }
        { view_schedule(v) }
        { view_planning(v) }
        { view_planners(v) }
        </>
    }
}

fn view_economy(v: &V<'_>) -> Html {
    let exp = v.exp();
    let kinds: Vec<(String, String)> = Skills::examples()
        .iter()
        .map(|s| (s.kind().to_string(), skills_label(s.kind()).to_string()))
        .collect();
    let fixed_n = matches!(exp.skills, Skills::Incomes { .. });
    let skills = match &exp.skills {
        Skills::Percentiles { points, hours } => html! {
            <>
            { v.text_area("skills.points", "Percentile, income",
                fields::format_table(&points.iter().map(|p| p.to_vec()).collect::<Vec<_>>()),
                "One row per point: percentile (0 to 100, increasing) and yearly income in dollars.") }
            { v.text("skills.hours", "Hours per income", format!("{hours}"), None, false) }
            </>
        },
        s => param_fields(v, "skills", s),
    };
    v.group("economy", "Economy".into(), html! {
        <>
            <div class="row3">
                if !fixed_n {
                    { v.text("workers", "Workers N", exp.workers.to_string(), Some("10 to 100,000"), false) }
                }
                { v.seed(exp.seed) }
            </div>
            { section_error(v, "workers") }
            { section_error(v, "seed") }
            { menu(v, "skills-kind", "Skills", kinds, exp.skills.kind(), Edit::SkillsKind) }
            { skills }
            <p class="hint" data-testid="skills-hint">{ skills_hint(&exp.skills) }</p>
            { section_error(v, "skills") }
        </>
    })
}

fn view_workers(v: &V<'_>) -> Html {
    let exp = v.exp();
    let forms: Vec<(String, String)> = Utility::examples()
        .iter()
        .map(|u| (u.kind().to_string(), utility_label(u.kind()).to_string()))
        .collect();
    let behaviours: Vec<(String, String)> = WorkerConfig::all_defaults()
        .iter()
        .map(|w| (w.kind().to_string(), w.about().name.to_string()))
        .collect();
    let about = exp.labour.about();
    v.group("workers", "Workers".into(), html! {
        <>
            { menu(v, "utility-kind", "Utility", forms, exp.utility.kind(), Edit::UtilityKind) }
            { param_fields(v, "utility", &exp.utility) }
            <p class="hint">{ utility_hint(&exp.utility) }</p>
            { section_error(v, "utility") }
            { v.text("max_hours", "Most hours H", format!("{}", exp.max_hours), Some("hours a worker may work in a tax year's period"), false) }
            { section_error(v, "max_hours") }
            { menu(v, "labour-kind", "How workers choose their hours", behaviours, exp.labour.kind(), Edit::LabourKind) }
            { param_fields(v, "labour", &exp.labour) }
            <p class="hint" data-testid="labour-about">{ about.what }{" "}<em>{ about.source }</em></p>
            { section_error(v, "labour") }
            { view_llm_workers(v) }
        </>
    })
}

/// Some workers ask a language model for their hours (the LLM Economist's persona workers).
fn view_llm_workers(v: &V<'_>) -> Html {
    let exp = v.exp();
    let on = exp.llm_workers.is_some();
    let onchange = v.edit(|e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        Edit::LlmWorkers(input.checked())
    });
    html! {
        <div class="policy-card" data-testid="llm-workers">
            <label class="field check">
                <input type="checkbox" data-testid="llm-workers-on" checked={on} {onchange} />
                <span>{"Some workers ask a language model (LLM workers)"}</span>
            </label>
            if let Some(w) = &exp.llm_workers {
                { v.text("llm_workers.count", "LLM workers k", w.count.to_string(), Some("spread over the skill ranks; the others choose as above"), false) }
                { v.text_area("llm_workers.personas", "Personas", format_personas(&w.personas),
                    "One per line: occupation | age | income band (low, middle, high) | values. A bounded worker is the persona of its income band; a rational one is told its utility instead.") }
                <p class="hint">{ format!("Each tax year every LLM worker is asked for its hours: {} calls per planner and year. Their model and prompt (rational or bounded, exploration cue, history) are set in the LLM panel. Year 0, the status quo, is settled by the classical behaviour.", w.count) }</p>
            } else {
                <p class="hint">{"As in the LLM Economist (Karten et al. 2025): a few workers, each a persona or told its utility, reply with their hours every tax year, among classical workers. Tax years only."}</p>
            }
            { section_error(v, "llm_workers") }
        </div>
    }
}

fn view_schedule(v: &V<'_>) -> Html {
    let exp = v.exp();
    let s = &exp.schedule;
    let templates = schedule_templates();
    let current = templates
        .iter()
        .find(|t| t.2 == *s)
        .map(|t| t.0.clone())
        .unwrap_or_default();
    let mut options: Vec<(String, String)> = Vec::new();
    if current.is_empty() {
        options.push((String::new(), "Your own brackets".into()));
    }
    options.extend(templates.into_iter().map(|(id, label, _)| (id, label)));
    let on_rebate = v.field_callback("rebate", |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        input.checked().to_string()
    });
    let b = s.rates.len();
    v.group("schedule", "Status quo schedule".into(), html! {
        <>
            { menu(v, "schedule-template", "Start from", options, &current, Edit::Template) }
            <div class="brackets" data-testid="brackets">
                { for (0..b).map(|j| html! {
                    <div class="bracket-row" data-testid={format!("bracket-{j}")}>
                        if j == 0 {
                            <div class="field">
                                <span class="field-label">{"Bracket 1 from ($)"}</span>
                                <span class="fixed-cell">{"0"}</span>
                            </div>
                        } else {
                            { v.text(&format!("schedule.cutoff.{j}"), &format!("Bracket {} from ($)", j + 1),
                                s.cutoffs.get(j).map(|c| format!("{c}")).unwrap_or_default(), None, false) }
                        }
                        { v.text(&format!("schedule.rate.{j}"), "Rate (%)",
                            format!("{}", (s.rates[j] * 1e6).round() / 1e4), None, false) }
                        if j > 0 {
                            <button type="button" class="btn small ghost" data-testid={format!("bracket-remove-{j}")}
                                aria-label={format!("Remove bracket {}", j + 1)}
                                onclick={v.edit(move |_| Edit::RemoveBracket(j))}>{"✕"}</button>
                        } else {
                            <span class="bracket-spacer"></span>
                        }
                    </div>
                }) }
            </div>
            if b < MAX_BRACKETS {
                <button type="button" class="btn small" data-testid="add-bracket"
                    onclick={v.edit(|_| Edit::AddBracket)}>{"+ Add a bracket"}</button>
            }
            { section_error(v, "schedule") }
            <label class="check">
                <input type="checkbox" data-testid="rebate" checked={exp.rebate} onchange={on_rebate} />
                <span>{"Rebate the revenue equally to every worker"}</span>
            </label>
            <p class="hint">{"Planners keep these cutoffs and set the rates. Tax owed T(z) adds each bracket's rate times the part of income z inside it."}</p>
        </>
    })
}

fn view_planning(v: &V<'_>) -> Html {
    let exp = v.exp();
    let welfare_cb = v.field_callback("objective", |e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        sel.value()
    });
    let (mode_kind, mode_fields) = match exp.mode {
        Mode::PlanOnce { iterations } => (
            "plan_once",
            v.text(
                "mode.iterations",
                "Proposals",
                iterations.to_string(),
                Some("schedules a planner may try before it recommends one"),
                false,
            ),
        ),
        Mode::TaxYears { years, period } => (
            "tax_years",
            html! {
                <div class="row2">
                    { v.text("mode.years", "Tax years", years.to_string(), None, false) }
                    { v.text("mode.period", "Planner acts every", period.to_string(), Some("years"), false) }
                </div>
            },
        ),
    };
    let modes = vec![
        (
            "tax_years".to_string(),
            "Tax years: planners update, workers respond, year after year".to_string(),
        ),
        (
            "plan_once".to_string(),
            "Plan once: each planner recommends one schedule".to_string(),
        ),
    ];
    let n = exp.skills.workers(exp.workers) as u64;
    let choices = n
        .saturating_mul(exp.mode.years() as u64)
        .saturating_mul(exp.planners.len() as u64);
    v.group("planning", "Planning".into(), html! {
        <>
            <label class="field wide">
                <span class="field-label">{"Planners maximise"}</span>
                <select data-testid="objective" onchange={welfare_cb}>
                    { for Welfare::ALL.iter().map(|w| html! {
                        <option value={welfare_id(*w)} selected={*w == exp.objective}>{ w.label() }</option>
                    }) }
                </select>
            </label>
            <p class="hint">{ welfare_hint(exp.objective) }</p>
            { menu(v, "mode-kind", "Mode", modes, mode_kind, Edit::ModeKind) }
            { mode_fields }
            { section_error(v, "mode") }
            <p class="hint">{ format!("At least {} worker choices (workers × years × planners); planners that try schedules before choosing, and the oracle above all, evaluate more. The seed fixes every random draw: same settings, same results.", thousands(choices)) }</p>
        </>
    })
}

fn view_planners(v: &V<'_>) -> Html {
    let exp = v.exp();
    let options = PlannerConfig::all_defaults()
        .iter()
        .map(|p| (p.kind(), p.about().name))
        .collect();
    v.group("planners", format!("Planners ({})", exp.planners.len()), html! {
        <>
            { for exp.planners.iter().enumerate().map(|(i, p)| view_planner(v, i, p)) }
            { section_error(v, "planners") }
            { v.add_row("Add a planner", "add-planner", options, &v.form.local, Edit::AddKind, || Edit::AddPlanner) }
        </>
    })
}

fn view_planner(v: &V<'_>, i: usize, p: &PlannerConfig) -> Html {
    let about = p.about();
    html! {
        <div class="policy-card" data-testid={format!("planner-{i}")}>
            <div class="policy-head">
                <span class="policy-swatch" data-index={(i % 10).to_string()} aria-hidden="true"></span>
                <strong class="policy-label">{ p.label() }</strong>
                <button type="button" class="btn small ghost" data-testid={format!("planner-remove-{i}")}
                    aria-label={format!("Remove {}", p.label())} title="Remove this planner"
                    onclick={v.edit(move |_| Edit::RemovePlanner(i))}>{"✕"}</button>
            </div>
            if p.is_llm() {
                // Its model and prompt factors are set in the LLM panel, for every LLM at once.
                { llm_start_field(v, i, p) }
                <p class="hint">{"Its model and prompt are set in the LLM panel. It is asked once per update; the first update keeps the starting rates."}</p>
            } else if let Some(ep) = p.election() {
                { election_fields(v, i, ep) }
            } else {
                { param_fields(v, &format!("p.{i}"), p) }
            }
            { section_error(v, &format!("planner.{i}")) }
            <details class="about" data-testid={format!("about-{i}")}>
                <summary>{ format!("About {}", about.name) }</summary>
                <p>{ about.what }</p>
                <p><strong>{"Knows: "}</strong>{ about.knows }</p>
                <p class="source"><strong>{"Source: "}</strong>{ about.source }</p>
            </details>
        </div>
    }
}

/// An election's candidates (each with its own parameters) and who votes.
fn election_fields(v: &V<'_>, i: usize, ep: &election::ElectionParams) -> Html {
    let k = ep.candidates.len();
    let voters_id = format!("p.{i}.voters");
    let on_voters = v.field_callback(&voters_id, |e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        sel.value()
    });
    let on_add = v.edit(move |e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Edit::AddCandidate(i, sel.value())
    });
    let standing: Vec<PlannerConfig> = PlannerConfig::all_defaults()
        .into_iter()
        .filter(election::may_stand)
        .collect();
    let period = match v.exp().mode {
        Mode::TaxYears { period, .. } => period,
        Mode::PlanOnce { .. } => 1,
    };
    html! {
        <div class="election-fields">
            <ol class="candidates">
            { for ep.candidates.iter().enumerate().map(|(j, c)| html! {
                <li class="candidate" data-testid={format!("planner-{i}-candidate-{j}")}>
                    <div class="policy-head">
                        <span class="policy-label">{ format!("Candidate {}: {}", j + 1, c.label()) }</span>
                        <button type="button" class="btn small ghost" disabled={k <= election::MIN_CANDIDATES}
                            data-testid={format!("planner-{i}-candidate-remove-{j}")}
                            aria-label={format!("Remove candidate {}", j + 1)} title="Remove this candidate"
                            onclick={v.edit(move |_| Edit::RemoveCandidate(i, j))}>{"✕"}</button>
                    </div>
                    { param_fields(v, &format!("p.{i}.candidates.{j}"), c) }
                </li>
            }) }
            </ol>
            if k < election::MAX_CANDIDATES {
                <label class="field wide">
                    <span class="field-label">{"Add a candidate"}</span>
                    <select data-testid={format!("planner-{i}-add-candidate")} onchange={on_add}>
                        <option value="" selected=true>{"Choose a platform…"}</option>
                        { for standing.iter().map(|c| html! {
                            <option value={c.kind()}>{ c.about().name }</option>
                        }) }
                    </select>
                </label>
            }
            <label class="field wide">
                <span class="field-label">{"Who votes"}</span>
                <select data-testid={format!("planner-{i}-voters")} onchange={on_voters}>
                    <option value="all" selected={ep.voters == Voters::All}>{"Every worker"}</option>
                    <option value="llm_workers" selected={ep.voters == Voters::LlmWorkers}>{"Only the LLM workers"}</option>
                </select>
            </label>
            <p class="hint">{ format!("An election every {period} year{} (the planner's period): each classical worker votes for the platform that leaves it best off once the economy has settled under it; LLM workers read the platforms and vote. Plurality wins; a tie keeps the incumbent. Candidates state their policy (learning planners cannot stand).", if period == 1 { "" } else { "s" }) }</p>
        </div>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_plain_words() {
        let e =
            ConfigError::new("step", "must be between 0.001 and 0.5 (got 0)").under("planners[2]");
        assert_eq!(
            describe_error(&e),
            "planner 3 › step: must be between 0.001 and 0.5 (got 0)"
        );
        assert_eq!(error_section(&e), "planner.2");
        let e = ConfigError::new("sigma", "bad").under("skills");
        assert_eq!(describe_error(&e), "skills › sigma: bad");
        assert_eq!(error_section(&e), "skills");
        let e = ConfigError::new("max_hours", "bad");
        assert_eq!(describe_error(&e), "most hours: bad");
        let e = ConfigError::new("planners[1].candidates[0].rate", "bad");
        assert_eq!(describe_error(&e), "planner 2 › candidate 1 › rate: bad");
        assert_eq!(error_section(&e), "planner.1");
    }

    #[test]
    fn an_elections_candidates_are_added_edited_and_removed() {
        let mut exp = agora_engine::tax::presets::election();
        apply_field(&mut exp, "p.1.candidates.2.rate", "0.45").unwrap();
        apply_field(&mut exp, "p.1.voters", "llm_workers").unwrap();
        let Some(ep) = exp.planners[1].election() else {
            panic!("an election")
        };
        assert_eq!(ep.candidates[2].label(), "Flat 45%");
        assert_eq!(ep.voters, Voters::LlmWorkers);
        assert!(apply_field(&mut exp, "p.1.candidates.9.rate", "0.1").is_err());
        assert!(apply_field(&mut exp, "p.1.candidates.0.nope", "0.1").is_err());
    }

    #[test]
    fn fields_edit_the_experiment_or_explain() {
        let mut exp = TaxExperiment::default();
        apply_field(&mut exp, "workers", "2,000").unwrap();
        assert_eq!(exp.workers, 2000);
        apply_field(&mut exp, "schedule.rate.1", "25 %").unwrap();
        assert!((exp.schedule.rates[1] - 0.25).abs() < 1e-12);
        apply_field(&mut exp, "schedule.cutoff.2", "150000").unwrap();
        assert_eq!(exp.schedule.cutoffs[2], 150_000.0);
        assert!(apply_field(&mut exp, "schedule.rate.9", "10").is_err());
        apply_field(&mut exp, "utility.elasticity", "0.8").unwrap();
        assert_eq!(exp.utility, Utility::Isoelastic { elasticity: 0.8 });
        assert!(apply_field(&mut exp, "utility.elasticity", "x").is_err());
        apply_field(&mut exp, "objective", "utilitarian").unwrap();
        assert_eq!(exp.objective, Welfare::Utilitarian);
        apply_field(&mut exp, "mode.years", "20").unwrap();
        assert_eq!(exp.mode.years(), 21);
        apply_field(&mut exp, "rebate", "false").unwrap();
        assert!(!exp.rebate);
        exp.skills = Skills::examples()[4].clone();
        apply_field(&mut exp, "skills.points", "0, 0\n50, 40000\n100, 90000").unwrap();
        assert!(
            matches!(&exp.skills, Skills::Percentiles { points, .. } if points.len() == 3 && points[1] == [50.0, 40_000.0])
        );
        assert!(apply_field(&mut exp, "skills.points", "0\n100, 5").is_err());
        let i = exp
            .planners
            .iter()
            .position(|p| p.kind() == "search")
            .unwrap();
        let field = params::fields_of(&exp.planners[i])
            .into_iter()
            .next()
            .unwrap();
        apply_field(&mut exp, &format!("p.{i}.{}", field.id()), &field.text).unwrap();
    }

    #[test]
    fn every_template_is_valid_and_every_kind_has_a_label() {
        for (_, _, s) in schedule_templates() {
            s.validate().unwrap();
        }
        for s in Skills::examples() {
            assert_ne!(skills_label(s.kind()), "Other");
        }
        for u in Utility::examples() {
            assert_ne!(utility_label(u.kind()), "Other");
        }
    }
}

//! The settings form of the bandit lab: preset, environment and its parameters, run length,
//! seed, the policies (each with its parameters and an "About" panel) and the whole experiment
//! (the page adds the preset picker and the JSON editor around them).
//!
//! Every text field keeps what was typed (so "0.1, " is not rewritten mid-typing), parses it,
//! and either updates the experiment or shows why it cannot (next to the field). The
//! experiment's own validation message is shown next to the part it is about; Run stays
//! disabled until everything is valid.

use super::{BanditsUi, Edit};
use crate::labs::page::{Edited, Form, SettingsView};
use crate::widgets::fields::{self, parse_usize};
use crate::widgets::params;
use agora_engine::bandits::{
    AdversarialSequence, BanditExperiment, EnvironmentConfig, PolicyConfig, Segment,
};
use agora_engine::error::ConfigError;
use yew::prelude::*;

type V<'a> = SettingsView<'a, BanditsUi>;

/// The environment kinds as the menu shows them.
pub fn env_kind_label(kind: &str) -> &'static str {
    match kind {
        "bernoulli" => "Bernoulli arms (reward 0 or 1)",
        "gaussian" => "Gaussian arms (noisy real rewards)",
        "bayesian" => "Bayesian (new random means each repetition)",
        "piecewise" => "Piecewise (the means change over time)",
        "adversarial" => "Adversarial (a fixed reward table)",
        "linear" => "Linear contextual (arms with features)",
        _ => "Other",
    }
}

/// A config error in plain words: "policies[1].epsilon" reads "policy 2 › epsilon".
pub fn describe_error(e: &ConfigError) -> String {
    if e.field.is_empty() {
        return e.message.clone();
    }
    let field = fields::plain_field(
        &e.field,
        &[("policies", "policy")],
        &[
            ("environment", "arms"),
            ("horizon", "Rounds T"),
            ("repetitions", "Repetitions"),
        ],
    );
    format!("{field}: {}", e.message)
}

/// Which part of the form a config error belongs to.
fn error_section(e: &ConfigError) -> String {
    let f = e.field.as_str();
    if f.starts_with("environment") {
        "environment".into()
    } else if let Some(rest) = f.strip_prefix("policies[") {
        match rest
            .find(']')
            .and_then(|end| rest[..end].parse::<usize>().ok())
        {
            Some(i) => format!("policy.{i}"),
            None => "policies".into(),
        }
    } else {
        f.split(['.', '[']).next().unwrap_or("").to_string()
    }
}

/// Apply the environment field `key` (the part after "env.").
fn apply_env_field(env: &mut EnvironmentConfig, key: &str, text: &str) -> Result<(), String> {
    use EnvironmentConfig as E;
    match (env, key) {
        (E::Bernoulli { means }, "means") => {
            *means = fields::parse_list_within(
                text,
                0.0,
                1.0,
                "a Bernoulli arm's mean is a probability of reward, from 0 to 1",
            )?
        }
        (E::Gaussian { means, .. }, "means") => *means = fields::parse_list(text)?,
        (E::Gaussian { sigma, .. }, "sigma") => *sigma = fields::parse_number(text)?,
        (
            E::Bayesian { arms, .. } | E::Adversarial { arms, .. } | E::Linear { arms, .. },
            "arms",
        ) => *arms = parse_usize(text)?,
        (E::Bayesian { prior_alpha, .. }, "prior_alpha") => {
            *prior_alpha = fields::parse_number(text)?
        }
        (E::Bayesian { prior_beta, .. }, "prior_beta") => *prior_beta = fields::parse_number(text)?,
        (E::Piecewise { segments }, k) if k.starts_with("seg.") => {
            let mut parts = k["seg.".len()..].splitn(2, '.');
            let j: usize = parts
                .next()
                .and_then(|s| s.parse().ok())
                .ok_or("unknown segment")?;
            let seg = segments.get_mut(j).ok_or("unknown segment")?;
            match parts.next() {
                Some("start") => seg.start = parse_usize(text)?,
                Some("means") => seg.means = fields::parse_list(text)?,
                _ => return Err("unknown segment setting".into()),
            }
        }
        (E::Adversarial { sequence, .. }, k) => match (sequence, k) {
            (AdversarialSequence::Decoy { switch_fraction }, "switch_fraction") => {
                *switch_fraction = fields::parse_number(text)?
            }
            (AdversarialSequence::Rotating { period }, "period") => *period = parse_usize(text)?,
            (AdversarialSequence::Table { rewards }, "table") => {
                *rewards = fields::parse_table(text)?
            }
            _ => return Err("unknown setting".into()),
        },
        (E::Linear { dim, .. }, "dim") => *dim = parse_usize(text)?,
        (E::Linear { noise_sigma, .. }, "noise_sigma") => {
            *noise_sigma = fields::parse_number(text)?
        }
        (E::Linear { theta, .. }, "theta") => {
            *theta = if text.trim().is_empty() {
                None
            } else {
                Some(fields::parse_list(text)?)
            }
        }
        _ => return Err("unknown setting".into()),
    }
    Ok(())
}

/// The example environment of `kind`, fitted to the current one where that makes sense
/// (Bernoulli <-> Gaussian keep the means; segment starts spread over the horizon).
pub fn env_for_kind(
    kind: &str,
    current: &EnvironmentConfig,
    horizon: usize,
) -> Option<EnvironmentConfig> {
    let mut env = EnvironmentConfig::examples()
        .into_iter()
        .find(|e| e.kind() == kind)?;
    match (&mut env, current) {
        (EnvironmentConfig::Gaussian { means, .. }, EnvironmentConfig::Bernoulli { means: m }) => {
            *means = m.clone()
        }
        (EnvironmentConfig::Bernoulli { means }, EnvironmentConfig::Gaussian { means: m, .. })
            if m.iter().all(|x| (0.0..=1.0).contains(x)) =>
        {
            *means = m.clone()
        }
        (EnvironmentConfig::Piecewise { segments }, _) => {
            let n = segments.len().max(1);
            for (j, s) in segments.iter_mut().enumerate() {
                s.start = 1 + j * horizon / n;
            }
        }
        _ => {}
    }
    Some(env)
}

/// Apply a form edit.
pub(super) fn edit(form: &mut Form<BanditsUi>, edit: Edit) -> Edited {
    let exp = &mut form.exp;
    match edit {
        Edit::EnvKind(kind) => match env_for_kind(&kind, &exp.environment, exp.horizon) {
            Some(env) => exp.environment = env,
            None => return Edited::Nothing,
        },
        Edit::SeqPattern(pattern) => {
            let horizon = exp.horizon;
            let EnvironmentConfig::Adversarial { arms, sequence } = &mut exp.environment else {
                return Edited::Nothing;
            };
            let k = *arms;
            *sequence = match pattern.as_str() {
                "decoy" => AdversarialSequence::Decoy {
                    switch_fraction: 0.3,
                },
                "rotating" => AdversarialSequence::Rotating {
                    period: (horizon / 10).max(1),
                },
                // Each arm pays in turn: row r pays 1 on arm r (cycled over the rounds).
                _ => AdversarialSequence::Table {
                    rewards: (0..k.max(1))
                        .map(|r| (0..k).map(|a| if a == r { 1.0 } else { 0.0 }).collect())
                        .collect(),
                },
            };
        }
        Edit::AddSegment => {
            let horizon = exp.horizon;
            let EnvironmentConfig::Piecewise { segments } = &mut exp.environment else {
                return Edited::Nothing;
            };
            let last = segments.last().cloned().unwrap_or(Segment {
                start: 1,
                means: vec![0.5, 0.5],
            });
            let step = (horizon / (segments.len() + 1)).max(1);
            let mut means = last.means.clone();
            means.reverse();
            segments.push(Segment {
                start: (last.start + step).min(horizon.max(1)),
                means,
            });
        }
        Edit::RemoveSegment(j) => match &mut exp.environment {
            EnvironmentConfig::Piecewise { segments }
                if segments.len() > 1 && j < segments.len() =>
            {
                segments.remove(j);
            }
            _ => return Edited::Nothing,
        },
        Edit::AddKind(k) => {
            form.local = k;
            return Edited::Nothing;
        }
        Edit::AddPolicy => {
            let defaults = PolicyConfig::all_defaults();
            let chosen = defaults
                .iter()
                .find(|p| p.kind() == form.local)
                .or_else(|| defaults.first())
                .cloned();
            match chosen {
                Some(p) => form.exp.policies.push(p),
                None => return Edited::Nothing,
            }
            form.clear_drafts_with("p.");
            return Edited::Changed;
        }
        Edit::RemovePolicy(i) => {
            if i >= form.exp.policies.len() {
                return Edited::Nothing;
            }
            form.exp.policies.remove(i);
            form.clear_drafts_with("p.");
            return Edited::Changed;
        }
    }
    form.clear_drafts_with("env.");
    Edited::Changed
}

/// Apply the text of field `id`.
pub(super) fn apply_field(exp: &mut BanditExperiment, id: &str, text: &str) -> Result<(), String> {
    match id {
        "horizon" => parse_usize(text).map(|n| exp.horizon = n),
        "repetitions" => parse_usize(text).map(|n| exp.repetitions = n),
        "seed" => fields::parse_count(text).map(|n| exp.seed = n),
        _ if id.starts_with("env.") => apply_env_field(&mut exp.environment, &id[4..], text),
        _ if id.starts_with("p.") => apply_policy_field(exp, id, text),
        _ => Err("unknown setting".into()),
    }
}

/// `id` = "p.<index>.<path>".
fn apply_policy_field(exp: &mut BanditExperiment, id: &str, text: &str) -> Result<(), String> {
    let mut parts = id["p.".len()..].splitn(2, '.');
    let i: usize = parts
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or("unknown policy")?;
    let path = parts.next().ok_or("unknown setting")?;
    let policy = exp.policies.get(i).ok_or("unknown policy")?;
    let updated = params::apply_text(policy, path, text)?;
    exp.policies[i] = updated;
    Ok(())
}

/// The validation error of `section`, if any, in plain words.
fn section_error(v: &V<'_>, section: &str) -> Html {
    match &v.form.valid {
        Err(e) if error_section(e) == section => html! {
            <p class="field-error" role="alert" data-testid={format!("error-{}", section.replace('.', "-"))}>
                { describe_error(e) }
            </p>
        },
        _ => html! {},
    }
}

/// The lab's settings.
pub(super) fn view(v: &V<'_>) -> Html {
    let exp = v.exp();
    let pulls = exp.total_pulls();
    html! {
        <>
        { v.group("arms", "Arms".into(), html! {
            <>
            { view_environment(v) }
            { section_error(v, "environment") }
            </>
        }) }

        { v.group("run", "Run length".into(), html! {
            <>
            <div class="row3">
                { v.text("horizon", "Rounds T", exp.horizon.to_string(), None, false) }
                { v.text("repetitions", "Repetitions", exp.repetitions.to_string(), None, false) }
                { v.seed(exp.seed) }
            </div>
            { section_error(v, "horizon") }
            { section_error(v, "repetitions") }
            { section_error(v, "seed") }
            <p class="hint">
                { format!("{} pulls in total (rounds × repetitions × policies). The seed fixes every random draw: same settings, same results.",
                    crate::widgets::runbar::thousands(pulls)) }
            </p>
            </>
        }) }

        { v.group("policies", "Policies".into(), html! {
            <>
            { for exp.policies.iter().enumerate().map(|(i, p)| view_policy(v, i, p)) }
            { section_error(v, "policies") }
            { view_add_policy(v) }
            </>
        }) }
        </>
    }
}

fn view_environment(v: &V<'_>) -> Html {
    use EnvironmentConfig as E;
    let env = &v.exp().environment;
    let on_kind = v.edit(|e: Event| {
        let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
        Edit::EnvKind(sel.value())
    });
    let kinds = EnvironmentConfig::examples();
    let params = match env {
        E::Bernoulli { means } => html! {
            { v.text("env.means", "Arm means (probability of reward 1)", fields::format_list(means),
                Some("One number in [0, 1] per arm, separated by commas."), true) }
        },
        E::Gaussian { means, sigma } => html! {
            <>
            { v.text("env.means", "Arm means", fields::format_list(means),
                Some("One number per arm, separated by commas."), true) }
            { v.text("env.sigma", "Noise σ", format!("{sigma}"), None, false) }
            </>
        },
        E::Bayesian {
            arms,
            prior_alpha,
            prior_beta,
        } => html! {
            <div class="row3">
                { v.text("env.arms", "Arms K", arms.to_string(), None, false) }
                { v.text("env.prior_alpha", "Prior α", format!("{prior_alpha}"), None, false) }
                { v.text("env.prior_beta", "Prior β", format!("{prior_beta}"), None, false) }
            </div>
        },
        E::Piecewise { segments } => html! {
            <>
            { for segments.iter().enumerate().map(|(j, s)| html! {
                <div class="segment" data-testid={format!("segment-{j}")}>
                    { v.text(&format!("env.seg.{j}.start"), "From round", s.start.to_string(), None, false) }
                    { v.text(&format!("env.seg.{j}.means"), "Arm means", fields::format_list(&s.means), None, true) }
                    if segments.len() > 1 && j > 0 {
                        <button type="button" class="btn small" aria-label={format!("Remove segment {}", j + 1)}
                            onclick={v.edit(move |_| Edit::RemoveSegment(j))}>{"Remove"}</button>
                    }
                </div>
            }) }
            <button type="button" class="btn small" data-testid="add-segment"
                onclick={v.edit(|_| Edit::AddSegment)}>{"+ Add a change"}</button>
            </>
        },
        E::Adversarial { arms, sequence } => {
            let (pattern, detail) = match sequence {
                AdversarialSequence::Decoy { switch_fraction } => ("decoy",
                    v.text("env.switch_fraction", "Switch after this fraction of T", format!("{switch_fraction}"),
                        Some("Arm 1 pays 0.9 until then and 0 after; the others pay 0, then 0.7."), false)),
                AdversarialSequence::Rotating { period } => ("rotating",
                    v.text("env.period", "Rounds per best arm", period.to_string(),
                        Some("The arm paying 0.8 (others 0.4) changes every this many rounds."), false)),
                AdversarialSequence::Table { rewards } => ("table",
                    v.text_area("env.table", "Reward table", fields::format_table(rewards),
                        "One row per round (repeated when T is longer), one reward in [0, 1] per arm.")),
            };
            let on_pattern = v.edit(|e: Event| {
                let sel: web_sys::HtmlSelectElement = e.target_unchecked_into();
                Edit::SeqPattern(sel.value())
            });
            html! {
                <>
                <div class="row2">
                    { v.text("env.arms", "Arms K", arms.to_string(), None, false) }
                    <label class="field">
                        <span class="field-label">{"Pattern"}</span>
                        <select data-testid="env-pattern" onchange={on_pattern}>
                            <option value="decoy" selected={pattern == "decoy"}>{"Decoy"}</option>
                            <option value="rotating" selected={pattern == "rotating"}>{"Rotating best arm"}</option>
                            <option value="table" selected={pattern == "table"}>{"Explicit table"}</option>
                        </select>
                    </label>
                </div>
                { detail }
                </>
            }
        }
        E::Linear {
            arms,
            dim,
            noise_sigma,
            theta,
        } => html! {
            <>
            <div class="row3">
                { v.text("env.arms", "Arms K", arms.to_string(), None, false) }
                { v.text("env.dim", "Features d", dim.to_string(), None, false) }
                { v.text("env.noise_sigma", "Noise σ", format!("{noise_sigma}"), None, false) }
            </div>
            { v.text("env.theta", "θ (optional)", theta.as_deref().map(fields::format_list).unwrap_or_default(),
                Some("Leave empty to draw θ at random on the unit sphere each repetition."), true) }
            </>
        },
    };
    html! {
        <>
        <label class="field wide">
            <span class="field-label">{"Kind"}</span>
            <select data-testid="env-kind" onchange={on_kind}>
                { for kinds.iter().map(|k| html! {
                    <option value={k.kind()} selected={k.kind() == env.kind()}>{ env_kind_label(k.kind()) }</option>
                }) }
            </select>
        </label>
        { params }
        // The means are already on screen for these two kinds.
        if !matches!(env, E::Bernoulli { .. } | E::Gaussian { .. }) {
            <p class="hint" data-testid="env-describe">{ env.describe() }</p>
        }
        </>
    }
}

fn view_policy(v: &V<'_>, i: usize, p: &PolicyConfig) -> Html {
    let about = p.about();
    // An LLM's model and prompt are set in the LLM panel, for all LLMs at once.
    let fields = if p.is_llm() {
        Vec::new()
    } else {
        params::fields_of(p)
    };
    html! {
        <div class="policy-card" data-testid={format!("policy-{i}")}>
            <div class="policy-head">
                <span class="policy-swatch" data-index={(i % 10).to_string()} aria-hidden="true"></span>
                <strong class="policy-label">{ p.label() }</strong>
                <button type="button" class="btn small ghost" data-testid={format!("policy-remove-{i}")}
                    aria-label={format!("Remove {}", p.label())} title="Remove this policy"
                    onclick={v.edit(move |_| Edit::RemovePolicy(i))}>{"✕"}</button>
            </div>
            if !fields.is_empty() {
                <div class="policy-fields">
                    { for fields.iter().map(|f| v.param(&format!("p.{i}.{}", f.id()), f)) }
                </div>
            }
            if p.is_llm() {
                <p class="hint">{"Its model and prompt are set in the LLM panel."}</p>
            }
            { section_error(v, &format!("policy.{i}")) }
            <details class="about" data-testid={format!("about-{i}")}>
                <summary>{ format!("About {}", about.name) }</summary>
                <p>{ about.what }</p>
                <p><strong>{"Guarantee: "}</strong>{ about.guarantee }</p>
                <p class="source"><strong>{"Source: "}</strong>{ about.source }</p>
            </details>
        </div>
    }
}

fn view_add_policy(v: &V<'_>) -> Html {
    let options = PolicyConfig::all_defaults()
        .iter()
        .map(|p| (p.kind(), p.about().name))
        .collect();
    v.add_row(
        "Add a policy",
        "add-policy",
        options,
        &v.form.local,
        Edit::AddKind,
        || Edit::AddPolicy,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_read_in_plain_words() {
        let e = ConfigError::new(
            "horizon",
            "must be a whole number from 1 to 10000000 (got 0)",
        );
        assert_eq!(
            describe_error(&e),
            "Rounds T: must be a whole number from 1 to 10000000 (got 0)"
        );
        assert_eq!(error_section(&e), "horizon");
        let e = ConfigError::new("prior_alpha", "must be a positive number (got 0)")
            .under("policies[2]");
        assert_eq!(
            describe_error(&e),
            "policy 3 › prior alpha: must be a positive number (got 0)"
        );
        assert_eq!(error_section(&e), "policy.2");
        let e = ConfigError::new("means[1]", "must be a number between 0 and 1 (got 2)")
            .under("environment");
        assert_eq!(
            describe_error(&e),
            "arms › means[1]: must be a number between 0 and 1 (got 2)"
        );
        assert_eq!(error_section(&e), "environment");
        assert_eq!(
            error_section(&ConfigError::new("policies", "choose at least one policy")),
            "policies"
        );
    }

    #[test]
    fn environment_fields_apply_or_explain() {
        let mut env = EnvironmentConfig::Bernoulli {
            means: vec![0.1, 0.2],
        };
        apply_env_field(&mut env, "means", "0.3, 0.4, 0.5").unwrap();
        assert_eq!(
            env,
            EnvironmentConfig::Bernoulli {
                means: vec![0.3, 0.4, 0.5]
            }
        );
        assert!(apply_env_field(&mut env, "means", "0.3, nope").is_err());
        assert!(apply_env_field(&mut env, "sigma", "1").is_err());

        let mut env = env_for_kind("piecewise", &env, 3000).unwrap();
        let EnvironmentConfig::Piecewise { segments } = &env else {
            panic!()
        };
        assert_eq!(segments[0].start, 1);
        assert!(segments.iter().all(|s| s.start <= 3000));
        apply_env_field(&mut env, "seg.1.start", "1500").unwrap();
        apply_env_field(&mut env, "seg.1.means", "0.9, 0.1, 0.5").unwrap();
        let EnvironmentConfig::Piecewise { segments } = &env else {
            panic!()
        };
        assert_eq!(segments[1].start, 1500);
        assert_eq!(segments[1].means, vec![0.9, 0.1, 0.5]);
        assert!(apply_env_field(&mut env, "seg.9.start", "1").is_err());

        let mut lin = env_for_kind("linear", &env, 100).unwrap();
        apply_env_field(&mut lin, "theta", "1, 0, 0, 0, 0").unwrap();
        assert!(matches!(&lin, EnvironmentConfig::Linear { theta: Some(t), .. } if t.len() == 5));
        apply_env_field(&mut lin, "theta", "  ").unwrap();
        assert!(matches!(
            &lin,
            EnvironmentConfig::Linear { theta: None, .. }
        ));
    }

    #[test]
    fn switching_between_bernoulli_and_gaussian_keeps_the_means() {
        let b = EnvironmentConfig::Bernoulli {
            means: vec![0.2, 0.7],
        };
        let g = env_for_kind("gaussian", &b, 100).unwrap();
        assert!(
            matches!(&g, EnvironmentConfig::Gaussian { means, .. } if *means == vec![0.2, 0.7])
        );
        let back = env_for_kind("bernoulli", &g, 100).unwrap();
        assert_eq!(back, b);
        for e in EnvironmentConfig::examples() {
            assert_eq!(env_for_kind(e.kind(), &b, 2000).unwrap().kind(), e.kind());
            assert_ne!(env_kind_label(e.kind()), "Other");
        }
    }
}

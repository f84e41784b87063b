//! Guided stories: narrated walks through a lab, one step at a time, in the manner of Nicky
//! Case's *The Evolution of Trust* (2017).
//!
//! A story is data, not code: one JSON file per story in `crates/engine/stories/`, read with
//! [`all`]. Each step is some text, a change to the experiment, and what to look at:
//!
//! ```json
//! { "name": "explore-or-exploit", "lab": "bandits", "title": "Explore or exploit?",
//!   "summary": "One sentence for the list of stories.",
//!   "steps": [
//!     { "title": "Nine slot machines", "text": ["A paragraph.", "Another."],
//!       "preset": "bandits-classic", "change": { "policies": [{ "kind": "uniform" }] },
//!       "look": ["chart-regret"], "tab": "results" } ] }
//! ```
//!
//! The experiment of step `i` ([`Story::experiment_at`]) is the preset named by the last step
//! at or before `i` that names one, with the `change` of every step from that one to `i`
//! applied in order as a JSON merge patch (RFC 7386: an object's keys replace the experiment's,
//! `null` removes one, an array replaces the whole array). The first step must name a preset.
//! `look` names what the step points at: a chart (its `data-testid`, `chart-regret`) or a
//! control (its embed name, `policies`); `tab` opens a result tab; `run: false` leaves the run
//! to the student (to predict first). The tests check that every step's experiment is valid
//! and belongs to the story's lab, and the app's end-to-end tests that everything a step
//! looks at is on the page.

use crate::experiment::Experiment;
use serde::Deserialize;
use serde_json::Value;

/// The stories, one file each, in the order the labs list them.
const FILES: &[(&str, &str)] = &[
    (
        "bandits-explore-or-exploit",
        include_str!("../stories/bandits-explore-or-exploit.json"),
    ),
    (
        "bandits-why-optimism-works",
        include_str!("../stories/bandits-why-optimism-works.json"),
    ),
    (
        "games-evolution-of-trust",
        include_str!("../stories/games-evolution-of-trust.json"),
    ),
    (
        "games-noise-and-forgiveness",
        include_str!("../stories/games-noise-and-forgiveness.json"),
    ),
    (
        "tax-saez-in-one-picture",
        include_str!("../stories/tax-saez-in-one-picture.json"),
    ),
    (
        "tax-planners-compared",
        include_str!("../stories/tax-planners-compared.json"),
    ),
    (
        "metarl-exploration-from-exploitation",
        include_str!("../stories/metarl-exploration-from-exploitation.json"),
    ),
    (
        "metarl-learning-to-learn",
        include_str!("../stories/metarl-learning-to-learn.json"),
    ),
];

/// A guided story.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Story {
    /// Stable name, used in links (`#/bandits?story=explore-or-exploit&step=2`).
    pub name: String,
    /// The lab it runs in (`bandits`).
    pub lab: String,
    pub title: String,
    /// One or two sentences for the list of stories.
    pub summary: String,
    pub steps: Vec<Step>,
}

/// One step of a story.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    pub title: String,
    /// Paragraphs.
    pub text: Vec<String>,
    /// Start again from this preset (the first step must name one).
    #[serde(default)]
    pub preset: Option<String>,
    /// A JSON merge patch (RFC 7386) applied to the experiment of the step before (or to the
    /// preset of this step).
    #[serde(default)]
    pub change: Option<Value>,
    /// What to look at: charts (`data-testid`) and controls (embed names).
    #[serde(default)]
    pub look: Vec<String>,
    /// The result tab to open (`results`, or a lab's extra tab such as `watch`).
    #[serde(default)]
    pub tab: Option<String>,
    /// Run the step's experiment when the step opens (default); false to let the student
    /// predict first.
    #[serde(default = "yes")]
    pub run: bool,
}

fn yes() -> bool {
    true
}

/// Every story (a file that does not parse is left out; the tests make sure none is).
pub fn all() -> Vec<Story> {
    FILES
        .iter()
        .filter_map(|(_, text)| serde_json::from_str(text).ok())
        .collect()
}

/// The stories of one lab, in order.
pub fn of_lab(lab: &str) -> Vec<Story> {
    all().into_iter().filter(|s| s.lab == lab).collect()
}

/// The story called `name` in `lab`.
pub fn find(lab: &str, name: &str) -> Option<Story> {
    of_lab(lab).into_iter().find(|s| s.name == name)
}

impl Story {
    /// The experiment of step `index` (from 0): the last preset named at or before it, with
    /// every change since applied in order.
    pub fn experiment_at(&self, index: usize) -> Result<Experiment, String> {
        let steps = self
            .steps
            .get(..=index)
            .ok_or_else(|| format!("the story has {} steps", self.steps.len()))?;
        let start = steps
            .iter()
            .rposition(|s| s.preset.is_some())
            .ok_or("the story's first step names no preset")?;
        let name = steps[start].preset.as_deref().unwrap_or_default();
        let preset = crate::presets::find(name)
            .ok_or_else(|| format!("step {}: there is no preset called \"{name}\"", start + 1))?;
        let mut value: Value = serde_json::from_str(&preset.experiment.to_json())
            .map_err(|e| format!("preset {name}: {e}"))?;
        for step in &steps[start..] {
            if let Some(change) = &step.change {
                merge_patch(&mut value, change);
            }
        }
        let exp = Experiment::from_json(&value.to_string())
            .map_err(|e| format!("step {}: {e}", index + 1))?;
        if exp.lab() != self.lab {
            return Err(format!(
                "step {}: the experiment is of the {} lab, the story of the {} lab",
                index + 1,
                exp.lab(),
                self.lab
            ));
        }
        Ok(exp)
    }
}

/// Apply `patch` to `target` as a JSON merge patch (RFC 7386, section 2, whose pseudo-code this
/// follows line by line). Written here rather than taken from a crate: it is these ten lines,
/// and the engine keeps its dependencies few for the wasm build.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(changes) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(Default::default());
    }
    if let Value::Object(map) = target {
        for (key, value) in changes {
            if value.is_null() {
                map.remove(key);
            } else {
                merge_patch(map.entry(key.clone()).or_insert(Value::Null), value);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_patch_follows_the_rfc_examples() {
        // RFC 7386, appendix A: (target, patch, result).
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (
                json!({"a": "b", "b": "c"}),
                json!({"a": null}),
                json!({"b": "c"}),
            ),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (
                json!({"a": [{"b": "c"}]}),
                json!({"a": [1]}),
                json!({"a": [1]}),
            ),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a": "b"}), json!(["c"]), json!(["c"])),
            (json!({"a": "foo"}), json!(null), json!(null)),
            (json!({"a": "foo"}), json!("bar"), json!("bar")),
            (
                json!({"e": null}),
                json!({"a": 1}),
                json!({"e": null, "a": 1}),
            ),
            (
                json!([1, 2]),
                json!({"a": "b", "c": null}),
                json!({"a": "b"}),
            ),
            (
                json!({}),
                json!({"a": {"bb": {"ccc": null}}}),
                json!({"a": {"bb": {}}}),
            ),
        ];
        for (mut target, patch, result) in cases {
            merge_patch(&mut target, &patch);
            assert_eq!(target, result, "patch {patch}");
        }
    }

    #[test]
    fn every_story_file_parses_and_is_named_by_its_file() {
        for (file, text) in FILES {
            let s: Story = serde_json::from_str(text).unwrap_or_else(|e| panic!("{file}: {e}"));
            assert_eq!(*file, format!("{}-{}", s.lab, s.name), "file name");
        }
        assert_eq!(all().len(), FILES.len());
    }

    #[test]
    fn every_lab_has_two_stories_and_names_are_unique() {
        for lab in crate::labs::IDS {
            assert!(of_lab(lab).len() >= 2, "{lab} has fewer than two stories");
        }
        let all = all();
        for s in &all {
            assert_eq!(all.iter().filter(|t| t.name == s.name).count(), 1);
        }
    }

    #[test]
    fn every_step_opens_a_valid_experiment_of_its_lab() {
        for s in all() {
            assert!(
                s.steps.len() >= 3,
                "{}: a story has at least three steps",
                s.name
            );
            assert!(
                s.steps[0].preset.is_some(),
                "{}: step 1 names a preset",
                s.name
            );
            for (i, step) in s.steps.iter().enumerate() {
                s.experiment_at(i)
                    .unwrap_or_else(|e| panic!("{} step {}: {e}", s.name, i + 1));
                assert!(!step.text.is_empty(), "{} step {}: no text", s.name, i + 1);
                for name in &step.look {
                    // Names go into a CSS attribute selector: keep them plain.
                    assert!(
                        !name.is_empty()
                            && name
                                .chars()
                                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'),
                        "{} step {}: look at \"{name}\"",
                        s.name,
                        i + 1
                    );
                }
            }
            assert!(s.experiment_at(s.steps.len()).is_err());
        }
    }

    #[test]
    fn meta_rl_steps_open_pre_trained_presets() {
        // Training takes minutes in a browser: a story step must not ask for it.
        let pretrained: Vec<Experiment> = crate::presets::PRETRAINED
            .iter()
            .filter_map(|n| crate::presets::find(n))
            .map(|p| p.experiment)
            .collect();
        for s in of_lab("metarl") {
            for i in 0..s.steps.len() {
                let e = s.experiment_at(i).unwrap();
                let Experiment::Metarl(m) = &e else {
                    panic!("{}: not a meta-RL experiment", s.name)
                };
                assert!(
                    pretrained.contains(&e) || m.agents.is_empty(),
                    "{} step {}: trains agents that do not ship pre-trained",
                    s.name,
                    i + 1
                );
            }
        }
    }

    #[test]
    fn a_step_starts_from_the_step_before() {
        let s: Story = serde_json::from_value(json!({
            "name": "t", "lab": "bandits", "title": "T", "summary": "S",
            "steps": [
                {"title": "a", "text": ["x"], "preset": "bandits-classic", "change": {"horizon": 50}},
                {"title": "b", "text": ["y"], "change": {"repetitions": 3}},
                {"title": "c", "text": ["z"], "preset": "bandits-hard-k5"}
            ]
        }))
        .unwrap();
        let Experiment::Bandits(b) = s.experiment_at(1).unwrap() else {
            panic!()
        };
        assert_eq!((b.horizon, b.repetitions, b.seed), (50, 3, 42));
        let Experiment::Bandits(c) = s.experiment_at(2).unwrap() else {
            panic!()
        };
        assert_eq!((c.horizon, c.repetitions), (100, 200));
        let bad: Story = serde_json::from_value(json!({
            "name": "t", "lab": "games", "title": "T", "summary": "S",
            "steps": [{"title": "a", "text": ["x"], "preset": "bandits-classic"}]
        }))
        .unwrap();
        assert!(bad.experiment_at(0).unwrap_err().contains("games lab"));
    }
}

//! Every preset experiment of every lab, by name.

use crate::experiment::Experiment;

/// A named experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct Preset {
    /// Stable name used by the CLI and the app (`bandits-classic`).
    pub name: &'static str,
    pub title: &'static str,
    pub description: &'static str,
    pub experiment: Experiment,
}

/// All presets, grouped by lab (in the registry's order).
pub fn all() -> Vec<Preset> {
    crate::labs::presets()
        .into_iter()
        .map(|(name, title, description, experiment)| Preset {
            name,
            title,
            description,
            experiment,
        })
        .collect()
}

/// Presets whose results ship with the app as files, so the page shows trained agents at
/// once instead of after minutes of training: the meta-RL presets that train agents. Each
/// file, `www/pretrained/<name>.json` ([`pretrained_file`]), is exactly what `agora run`
/// prints for the preset (`scripts/pretrained.sh` makes them all); its digest is the preset's
/// pinned digest, so training the agents again anywhere (the CLI, the browser, any number of
/// workers) reproduces it (checked in `tests/pretrained.rs`).
pub const PRETRAINED: &[&str] = &[
    "metarl-blocks",
    "metarl-ablation",
    "metarl-sweep",
    "metarl-rl2",
    "metarl-gridworld",
    "metarl-llm",
];

/// The path of a pre-trained preset's results, relative to the app (and to `www/` in the
/// repository).
pub fn pretrained_file(name: &str) -> String {
    format!("pretrained/{name}.json")
}

/// The preset called `name`.
pub fn find(name: &str) -> Option<Preset> {
    all().into_iter().find(|p| p.name == name)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_preset_is_valid_and_named_uniquely() {
        let all = super::all();
        for p in &all {
            p.experiment
                .validate()
                .unwrap_or_else(|e| panic!("{}: {e}", p.name));
            assert_eq!(all.iter().filter(|q| q.name == p.name).count(), 1);
        }
    }
}

//! The pre-trained results the app ships (`www/pretrained/`, [`presets::PRETRAINED`]): each
//! file is the document `agora run` prints for its preset, unchanged. Its experiment is the
//! preset's, its results hash to its digest, and that digest is the preset's pinned digest
//! (`data/preset-digests.json`, which `lab_shape.rs` and `metarl.rs` reproduce by training
//! the agents again). So loading a file shows exactly what training gives, and training again
//! in the browser reproduces the file's digest.

use agora_engine::experiment::ResultsDocument;
use agora_engine::presets;
use std::path::PathBuf;

fn www() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../www")
}

#[test]
fn every_pretrained_file_is_its_presets_run_with_the_pinned_digest() {
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("data/preset-digests.json")).unwrap();
    assert!(!presets::PRETRAINED.is_empty());
    for name in presets::PRETRAINED {
        let preset = presets::find(name).unwrap_or_else(|| panic!("{name}: no such preset"));
        let path = www().join(presets::pretrained_file(name));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| {
            panic!(
                "{}: {e}; make it with scripts/pretrained.sh",
                path.display()
            )
        });
        let doc = ResultsDocument::read(&text).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(
            doc.experiment, preset.experiment,
            "{name}: the file is of another experiment; run scripts/pretrained.sh"
        );
        assert_eq!(
            Some(doc.digest.as_str()),
            golden["presets"][*name].as_str(),
            "{name}: the file's digest is not the preset's pinned digest"
        );
    }
}

#[test]
fn every_preset_that_trains_agents_ships_pretrained() {
    for p in presets::all() {
        if let agora_engine::experiment::Experiment::Metarl(m) = &p.experiment {
            assert_eq!(
                !m.agents.is_empty(),
                presets::PRETRAINED.contains(&p.name),
                "{}: presets that train agents ship their results, the others do not",
                p.name
            );
        }
    }
}

//! Golden links (`tests/data/golden-links.json`): links of every released link format, as
//! people shared them. Each must keep opening to the digest it carries, forever: a change of
//! random streams, of a default or of the codec that breaks one breaks every link of its
//! format that anyone ever shared. Never edit an entry; a new format adds its own.

use agora_engine::link;

#[test]
fn every_golden_link_opens_to_its_digest() {
    let text = include_str!("data/golden-links.json");
    let doc: serde_json::Value = serde_json::from_str(text).unwrap();
    let links = doc["links"].as_array().unwrap();
    let mut labs = std::collections::BTreeSet::new();
    for entry in links {
        let name = entry["name"].as_str().unwrap();
        let url = entry["link"].as_str().unwrap();
        let decoded = link::decode(url).unwrap_or_else(|e| panic!("{name}: {e}"));
        let (_, params) = link::fragment_params(url);
        let v = params
            .iter()
            .find(|(k, _)| k == "v")
            .map(|(_, v)| v.as_str());
        assert_eq!(v, Some(entry["format"].to_string().as_str()), "{name}");
        let expected = decoded
            .expected_digest
            .unwrap_or_else(|| panic!("{name}: a golden link carries its digest"));
        let outcome = decoded
            .experiment
            .run()
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(outcome.digest, expected, "{name} no longer reproduces");
        labs.insert(decoded.experiment.lab());
    }
    // Every lab has golden links.
    assert_eq!(labs.into_iter().collect::<Vec<_>>(), {
        let mut ids = agora_engine::labs::IDS.to_vec();
        ids.sort_unstable();
        ids
    });
}

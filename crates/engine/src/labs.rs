//! The registry of labs: one line per lab. [`registry!`](crate::registry) turns the list into
//! the tagged [`Experiment`] and [`Results`] (`{"lab": "bandits", ...}`), the type-erased
//! [`Runner`], the [`Outcomes`] of a batch of units (what a worker thread or Web Worker sends
//! back), the presets list and the JSON Schema. Add a lab by implementing
//! [`crate::lab::Lab`] in its folder and adding its line here; the variant's name in
//! snake case is its `ID` (a test checks).

crate::registry! {
    /// Multi-armed bandits.
    Bandits => crate::bandits::BanditsLab,
    /// Repeated games (tagged again by `mode`).
    Games => crate::games::GamesLab,
    /// The tax planner.
    Tax => crate::tax::TaxLab,
    /// Meta-RL exploration.
    Metarl => crate::metarl::MetarlLab,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lab_id_is_its_json_tag() {
        for p in crate::presets::all() {
            let j = serde_json::to_value(&p.experiment).unwrap();
            assert_eq!(j["lab"], p.experiment.lab(), "{}", p.name);
        }
        assert_eq!(IDS, ["bandits", "games", "tax", "metarl"]);
    }
}

//! The names people know LLM agents and units of work by, for messages about calls: the
//! engine asks under "policy 2" and counts units; a person reads "LLM smollm2" and
//! "repetition 3".

use super::BanditExperiment;

impl BanditExperiment {
    /// The label of the policy that asks under `agent` ("policy 2": the second policy's
    /// label); `agent` itself when it names no policy.
    pub fn llm_agent_label(&self, agent: &str) -> String {
        agent
            .strip_prefix("policy ")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .and_then(|i| self.policies.get(i))
            .map_or_else(|| agent.to_string(), |p| p.label())
    }

    /// Unit `unit` of an LLM run, in words: "repetition 3" for unit 2.
    pub fn llm_unit_label(&self, unit: usize) -> String {
        format!("repetition {}", unit + 1)
    }
}

#[cfg(test)]
mod tests {
    use crate::bandits::presets;

    #[test]
    fn agents_are_named_by_their_policy_and_units_are_repetitions() {
        let b = presets::llm_hard_k5();
        let i = b.policies.iter().position(|p| p.is_llm()).unwrap();
        let label = b.policies[i].label();
        assert_eq!(b.llm_agent_label(&format!("policy {}", i + 1)), label);
        assert!(label.starts_with("LLM"), "{label}");
        assert_eq!(b.llm_agent_label("policy 99"), "policy 99");
        assert_eq!(b.llm_agent_label("policy 0"), "policy 0");
        assert_eq!(b.llm_unit_label(2), "repetition 3");
    }
}

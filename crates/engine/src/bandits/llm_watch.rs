//! What "watch one run" can show of an LLM policy: the rounds of a repetition its recorded
//! replies answer. The watch replays a repetition exactly as the batch run does; past the
//! recorded replies an LLM policy would have to guess, so a page stops there and says what is
//! missing instead of showing made-up rounds.

use super::run::{agent_name, BanditRunner};
use super::BanditExperiment;
use crate::bandits::policy::{Context, Policy};
use crate::error::ConfigError;
use crate::llm::{AgentLink, Oracle};

impl BanditExperiment {
    /// How many rounds of repetition `rep` every LLM policy can play from the recorded replies
    /// (`None` without an LLM policy; `Some(horizon)` when the repetition is fully recorded).
    pub fn llm_rounds_recorded(&self, rep: usize) -> Result<Option<usize>, ConfigError> {
        if !self.has_llm() {
            return Ok(None);
        }
        if self.transcript.unit(rep).is_empty() {
            return Ok(Some(0));
        }
        let runner = BanditRunner::new(self)?;
        let setup = self.setup();
        let oracle = Oracle::handle(self.transcript.clone());
        oracle.borrow_mut().begin_unit(rep);
        // Only the LLM policies ask; each draws from its own stream, so leaving the others
        // out changes nothing for them.
        let mut llms: Vec<(Box<dyn Policy>, crate::rng::Rng)> = Vec::new();
        for (i, (p, (id, occ))) in self.policies.iter().zip(runner.stream_ids()).enumerate() {
            if !p.is_llm() {
                continue;
            }
            let mut policy = p.build(&setup);
            policy.connect(&AgentLink {
                oracle: oracle.clone(),
                agent: agent_name(i),
                rounds: self.horizon,
            });
            llms.push((policy, BanditRunner::policy_rng(self.seed, rep, id, *occ)));
        }
        let mut env = self.environment.realize(self.seed, rep, self.horizon);
        let dim = self.environment.dim();
        for t in 1..=self.horizon {
            let round = env.round(t);
            let ctx = Context {
                features: round.features,
                dim,
            };
            for (p, rng) in llms.iter_mut() {
                let a = p.choose(t, ctx, rng);
                if oracle.borrow().pending().is_some() {
                    return Ok(Some(t - 1));
                }
                if p.full_feedback() {
                    p.observe_all(t, a, round.rewards, ctx);
                } else {
                    p.observe(t, a, round.rewards[a], ctx);
                }
            }
        }
        Ok(Some(self.horizon))
    }
}

#[cfg(test)]
mod tests {
    use crate::bandits::presets;
    use crate::experiment::Experiment;
    use crate::llm::{CallLimits, Exchange, LlmRun, Poll};

    /// The LLM bandit preset, short, with every reply recorded ("arm 2" each time).
    fn recorded() -> crate::bandits::BanditExperiment {
        let mut b = presets::llm_hard_k5();
        b.horizon = 5;
        b.repetitions = 2;
        let mut run = LlmRun::new(&Experiment::Bandits(b), CallLimits::default()).unwrap();
        loop {
            match run.poll() {
                Poll::Complete => break,
                Poll::Calls(calls) => {
                    for c in calls {
                        let e = Exchange {
                            key: c.key.clone(),
                            reply: "<Answer>2</Answer>".into(),
                            tokens_in: 1,
                            tokens_out: 1,
                            latency_ms: 1,
                            cached: false,
                        };
                        run.on_reply(&c, e);
                    }
                }
                other => panic!("{other:?}"),
            }
        }
        match run.experiment() {
            Experiment::Bandits(b) => b,
            _ => unreachable!(),
        }
    }

    #[test]
    fn without_an_llm_there_is_nothing_to_count() {
        assert_eq!(presets::classic().llm_rounds_recorded(0), Ok(None));
    }

    #[test]
    fn no_reply_means_no_round_and_a_full_recording_every_round() {
        let mut b = presets::llm_hard_k5();
        b.horizon = 5;
        assert_eq!(b.llm_rounds_recorded(0), Ok(Some(0)));
        let full = recorded();
        assert_eq!(full.llm_rounds_recorded(0), Ok(Some(5)));
        assert_eq!(full.llm_rounds_recorded(1), Ok(Some(5)));
        assert_eq!(
            full.llm_rounds_recorded(7),
            Ok(Some(0)),
            "no such repetition"
        );
    }

    #[test]
    fn a_partial_recording_answers_its_first_rounds() {
        let mut b = recorded();
        let unit = b.transcript.units.get_mut(&1).unwrap();
        assert_eq!(unit.len(), 5, "one reply per round");
        unit.truncate(3);
        assert_eq!(b.llm_rounds_recorded(1), Ok(Some(3)));
        assert_eq!(b.llm_rounds_recorded(0), Ok(Some(5)));
    }
}

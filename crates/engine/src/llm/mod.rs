//! LLM agents, the pure part: what to ask a language model and how to read its answer.
//!
//! An LLM agent plays the same role as a classical one (a bandit policy, a game strategy);
//! its decision is a request/reply exchange with a transport injected from outside (browser
//! `fetch`, native HTTP, or a recorded replay). The engine does no I/O: it builds requests and
//! reads replies as data.
//!
//! - [`provider`]: chat requests for OpenAI-compatible servers, Anthropic and Gemini as HTTP
//!   method/URL/headers/body; replies and classified errors; retry policy; cache keys; API keys
//!   in a type that cannot be serialized or printed.
//! - [`oracle`]: the recorded transcript an experiment carries, replayed to its agents; a
//!   missing reply becomes a pending call for the host to make.
//! - [`run`]: the host loop's bookkeeping: which calls to start, replies in, stop, resume.
//! - [`calls`]: how a host makes the calls: concurrency, timeouts, retries, budget, cost.
//! - [`agent`]: the model config every LLM agent has, and one decision with corrective
//!   retries and a flagged fallback.
//! - [`parse`]: reading an option, an arm or a distribution out of a free-text reply.
//! - [`factors`]: a lab's prompt factors as data (id, label, options, value), for any page.
//! - [`prompts`]: Akata et al.'s repeated-game prompt (with social chain of thought) and
//!   Krishnamurthy et al.'s bandit prompt factors.

pub mod agent;
pub mod calls;
pub mod factors;
pub mod oracle;
pub mod parse;
pub mod prompts;
pub mod provider;
pub mod run;

pub use agent::{decide, AgentLink, Decision, LlmConfig};
pub use calls::CallLimits;
pub use factors::{Factor, FactorOption, FactorValue};
pub use oracle::{
    AgentStats, Exchange, Oracle, OracleHandle, PendingCall, Seen, Transcript, UnitEnd, Usage,
};
pub use parse::{
    parse_arm, parse_deltas, parse_distribution, parse_hours, parse_option, parse_vote, ParseError,
};
pub use provider::{
    backoff_ms, parse_reply, retryable, ApiKey, CallError, ChatRequest, HttpRequest, JsonFormat,
    Message, Provider, Reply, Role,
};
pub use run::{LlmRun, Poll};

//! Where LLM agents get their replies: a recorded transcript, replayed in order.
//!
//! The engine never waits for a network. An experiment with LLM agents carries a
//! [`Transcript`]: for each unit of work (a bandit repetition, a match of a tournament) the
//! exchanges its agents had, in the order they asked. Running the experiment replays them
//! through an [`Oracle`]:
//!
//! - an agent asks with [`Oracle::ask`]; the next recorded exchange of the unit answers, after
//!   a check that it was recorded for the same request (same [`ChatRequest::cache_key`]);
//! - when the unit's transcript runs out, the request becomes the unit's [`PendingCall`], every
//!   later question in the unit goes unanswered, and the runner throws the unit's partial work
//!   away ([`UnitEnd::Pending`]);
//! - the host (the page's `fetch` loop, the CLI's HTTP client) sends the pending request,
//!   appends the reply with [`Transcript::record`] and runs again.
//!
//! So a run with a complete transcript needs no key and no network and gives the same results,
//! bit for bit, as the run that recorded it; and a run that stopped halfway (a network failure,
//! the budget, the user) keeps every reply it got and resumes where it stopped. Units are
//! independent, so the host can ask the next request of several units at once
//! (`Runner::pending_calls`): that is the concurrency of LLM runs.
//!
//! A unit may also hold several *streams* (transcript units of their own, one per agent that
//! asks independently of the others: the tax lab's persona workers). Between
//! [`Oracle::begin_batch`] and [`Oracle::end_batch`] the streams' questions do not depend on
//! each other's replies, so a miss in one stream blocks only that stream: the unit ends with
//! one pending call per stream that missed, all asked at once. Outside a batch, the first
//! miss blocks everything, as in a unit of a single stream.

use super::provider::{ChatRequest, Provider};
use serde::{Deserialize, Serialize};
use std::cell::RefCell;
use std::collections::BTreeMap;
use std::rc::Rc;

/// One recorded request/reply exchange. The request itself is not stored: it follows from the
/// experiment and the earlier replies, and [`Exchange::key`] checks that it did.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct Exchange {
    /// [`ChatRequest::cache_key`] of the request this replied to.
    pub key: String,
    /// The reply's text, exactly as the model wrote it.
    pub reply: String,
    /// Tokens of the request and of the reply, as the provider counted them (0: not said).
    #[serde(default)]
    pub tokens_in: u64,
    #[serde(default)]
    pub tokens_out: u64,
    /// How long the call took, in milliseconds (0 for a cached reply).
    #[serde(default)]
    pub latency_ms: u64,
    /// True when the reply came from the local cache of identical requests.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub cached: bool,
}

/// What a runner's `pending_calls` does, for every runner with LLM agents: try `units` in
/// order (`run` computes one and says whether it completed) with a fresh oracle over the same
/// transcript swapped into `oracle` (the agents hold the handle), collecting the pending call
/// of each unit that stops for one, up to `max`; then the real oracle is put back, so its
/// statistics only count the units kept. A unit that stops without a pending call (a
/// mismatch) ends the probe. The caller keeps its own stop reason around the call.
pub fn probe_pending(
    oracle: &OracleHandle,
    max: usize,
    units: impl IntoIterator<Item = usize>,
    mut run: impl FnMut(usize) -> bool,
) -> Vec<PendingCall> {
    let mut out = Vec::new();
    let probe = Oracle::new(oracle.borrow().transcript().clone());
    let kept = std::mem::replace(&mut *oracle.borrow_mut(), probe);
    for unit in units {
        if out.len() >= max {
            break;
        }
        if !run(unit) {
            let o = oracle.borrow();
            if o.pending_all().is_empty() {
                break;
            }
            let room = max - out.len();
            out.extend(o.pending_all().iter().take(room).cloned());
        }
    }
    *oracle.borrow_mut() = kept;
    out
}

/// What a runner's `record` does: add the reply to `oracle`'s transcript and, if the run had
/// stopped for a reply, let it go on. False for a stale call.
pub fn record_reply(
    oracle: &OracleHandle,
    stop: &mut Option<UnitEnd>,
    call: &PendingCall,
    exchange: Exchange,
) -> bool {
    let ok = oracle.borrow_mut().record(call, exchange);
    if ok && matches!(stop, Some(UnitEnd::Pending)) {
        *stop = None;
    }
    ok
}

/// Every exchange of an experiment, by unit of work. In JSON a list of
/// `{"unit": n, "exchanges": [...]}` in unit order (numbers as map keys do not survive the
/// experiment's tagged JSON).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "Vec<UnitLog>", into = "Vec<UnitLog>")]
pub struct Transcript {
    pub units: BTreeMap<u32, Vec<Exchange>>,
}

#[cfg(feature = "schema")]
impl schemars::JsonSchema for Transcript {
    fn schema_name() -> String {
        "Transcript".into()
    }
    fn json_schema(gen: &mut schemars::gen::SchemaGenerator) -> schemars::schema::Schema {
        <Vec<UnitLog>>::json_schema(gen)
    }
}

/// The exchanges of one unit of work, as the JSON of a [`Transcript`] lists them.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(deny_unknown_fields)]
pub struct UnitLog {
    pub unit: u32,
    pub exchanges: Vec<Exchange>,
}

impl From<Vec<UnitLog>> for Transcript {
    /// Later entries for the same unit are appended to earlier ones.
    fn from(logs: Vec<UnitLog>) -> Self {
        let mut units: BTreeMap<u32, Vec<Exchange>> = BTreeMap::new();
        for l in logs {
            units.entry(l.unit).or_default().extend(l.exchanges);
        }
        Transcript { units }
    }
}

impl From<Transcript> for Vec<UnitLog> {
    fn from(t: Transcript) -> Self {
        t.units
            .into_iter()
            .filter(|(_, e)| !e.is_empty())
            .map(|(unit, exchanges)| UnitLog { unit, exchanges })
            .collect()
    }
}

/// Most exchanges one transcript may hold (links and files stay manageable).
pub const MAX_EXCHANGES: usize = 100_000;
/// Longest reply kept, in bytes: hosts cut longer replies with [`cap_reply`] before recording.
pub const MAX_REPLY_BYTES: usize = 16_384;
/// Most tokens one exchange may report (a larger count is not a real one).
pub const MAX_TOKENS_PER_CALL: u64 = 1_000_000_000;

/// A reply cut to [`MAX_REPLY_BYTES`] (at a character boundary), as it is recorded.
pub fn cap_reply(mut text: String) -> String {
    if text.len() > MAX_REPLY_BYTES {
        let mut end = MAX_REPLY_BYTES;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        text.truncate(end);
    }
    text
}

/// Token counts as recorded: a count above [`MAX_TOKENS_PER_CALL`] is clamped to it.
pub fn cap_tokens(n: u64) -> u64 {
    n.min(MAX_TOKENS_PER_CALL)
}

impl Transcript {
    pub fn is_empty(&self) -> bool {
        self.units.values().all(Vec::is_empty)
    }

    /// Exchanges in all units.
    pub fn len(&self) -> usize {
        self.units.values().map(Vec::len).sum()
    }

    /// The exchanges of one unit.
    pub fn unit(&self, unit: usize) -> &[Exchange] {
        u32::try_from(unit)
            .ok()
            .and_then(|u| self.units.get(&u))
            .map_or(&[], Vec::as_slice)
    }

    /// Append the reply to `call` (which must be the unit's next exchange). Returns false, and
    /// records nothing, when the transcript has moved on since the call was made.
    pub fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        let Ok(u) = u32::try_from(call.unit) else {
            return false;
        };
        let log = self.units.entry(u).or_default();
        if log.len() != call.index || exchange.key != call.key {
            return false;
        }
        log.push(exchange);
        true
    }

    /// Check the transcript's size and every exchange's reply and token counts.
    pub fn validate(&self) -> Result<(), crate::error::ConfigError> {
        use crate::error::ConfigError;
        if self.len() > MAX_EXCHANGES {
            return Err(ConfigError::new(
                "transcript",
                format!("at most {MAX_EXCHANGES} recorded exchanges"),
            ));
        }
        for (u, log) in &self.units {
            for (i, e) in log.iter().enumerate() {
                let at = || format!("transcript: unit {}, exchange {}", u + 1, i + 1);
                if e.reply.len() > MAX_REPLY_BYTES {
                    return Err(ConfigError::new(
                        at(),
                        format!("a reply is kept up to {MAX_REPLY_BYTES} bytes"),
                    ));
                }
                if e.tokens_in > MAX_TOKENS_PER_CALL || e.tokens_out > MAX_TOKENS_PER_CALL {
                    return Err(ConfigError::new(
                        at(),
                        format!("token counts above {MAX_TOKENS_PER_CALL} are not real ones"),
                    ));
                }
            }
        }
        Ok(())
    }

    /// Totals over the whole transcript.
    pub fn totals(&self) -> Usage {
        let mut u = Usage::default();
        for e in self.units.values().flatten() {
            u.add(e);
        }
        u
    }
}

/// Calls and tokens.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Usage {
    pub calls: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
}

impl Usage {
    pub fn add(&mut self, e: &Exchange) {
        self.calls += 1;
        self.tokens_in = self.tokens_in.saturating_add(e.tokens_in);
        self.tokens_out = self.tokens_out.saturating_add(e.tokens_out);
    }
}

/// A request the transcript has no reply for yet.
#[derive(Clone, Debug, PartialEq)]
pub struct PendingCall {
    /// Unit of work and position of the exchange within it.
    pub unit: usize,
    pub index: usize,
    /// Which agent asks (e.g. "policy 3", "player 1").
    pub agent: String,
    /// Where to send it.
    pub provider: Provider,
    pub request: ChatRequest,
    /// `request.cache_key()`.
    pub key: String,
}

/// An exchange as the replay saw it, for the transcript view: the request that was sent, the
/// reply, and what the agent made of it.
#[derive(Clone, Debug, PartialEq)]
pub struct Seen {
    pub unit: usize,
    pub index: usize,
    pub agent: String,
    pub request: ChatRequest,
    pub exchange: Exchange,
    /// What the agent read from the reply ("arm 3", "Option J"), or why it could not.
    pub parsed: String,
    /// True when the reply could not be read and the agent fell back (flagged, counted).
    pub fallback: bool,
}

/// Per agent: decisions made, how many of them are fallbacks, and the exchanges used.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct AgentStats {
    pub agent: String,
    pub decisions: u64,
    pub fallbacks: u64,
    /// Replies that could not be read and were retried with a corrective message.
    pub repairs: u64,
    pub calls: u64,
    pub tokens_in: u64,
    pub tokens_out: u64,
}

/// How a unit ended.
#[derive(Clone, Debug, PartialEq)]
pub enum UnitEnd {
    /// Every question was answered from the transcript: keep the unit's work.
    Done,
    /// The transcript ran out: throw the unit's work away and ask [`Oracle::pending`].
    Pending,
    /// A recorded exchange was made for a different request: the transcript does not belong
    /// to this experiment (or the experiment changed since). The message says where.
    Mismatch(String),
}

/// Replays a transcript to the agents of a run. Shared by the run's agents through an
/// [`OracleHandle`]; single-threaded, like the runs.
#[derive(Debug, Default)]
pub struct Oracle {
    transcript: Transcript,
    /// The transcript unit (stream) being asked, and its next exchange.
    unit: usize,
    cursor: usize,
    /// The next exchange of the unit's other streams.
    cursors: BTreeMap<usize, usize>,
    /// The requests the unit waits for (one per stream that missed, in a batch).
    pending: Vec<PendingCall>,
    /// While a batch is open: the streams that missed (the others are still answered).
    batch: Option<std::collections::BTreeSet<usize>>,
    mismatch: Option<String>,
    /// Record [`Seen`] exchanges (the transcript view asks for them; batch runs do not).
    keep_seen: bool,
    seen: Vec<Seen>,
    unit_seen: Vec<Seen>,
    stats: BTreeMap<String, AgentStats>,
    unit_stats: BTreeMap<String, AgentStats>,
}

/// The oracle as the agents of one run share it.
pub type OracleHandle = Rc<RefCell<Oracle>>;

impl Oracle {
    pub fn new(transcript: Transcript) -> Self {
        Oracle {
            transcript,
            ..Default::default()
        }
    }

    pub fn handle(transcript: Transcript) -> OracleHandle {
        Rc::new(RefCell::new(Oracle::new(transcript)))
    }

    /// Keep every exchange the replay sees, for [`Oracle::take_seen`].
    pub fn keep_seen(&mut self, on: bool) {
        self.keep_seen = on;
    }

    /// Start unit `unit`: its questions are answered from its own exchanges, from the first.
    pub fn begin_unit(&mut self, unit: usize) {
        self.unit = unit;
        self.cursor = 0;
        self.cursors.clear();
        self.pending.clear();
        self.batch = None;
        self.mismatch = None;
        self.unit_seen.clear();
        self.unit_stats.clear();
    }

    /// Ask in stream `unit` of the current unit from now on (its own transcript unit, read
    /// from where it was left; see the module's note on streams).
    pub fn use_stream(&mut self, unit: usize) {
        if unit != self.unit {
            self.cursors.insert(self.unit, self.cursor);
            self.unit = unit;
            self.cursor = self.cursors.get(&unit).copied().unwrap_or(0);
        }
    }

    /// Open a batch: until [`Oracle::end_batch`], a stream that misses blocks only itself.
    /// A unit already waiting for a reply stays blocked.
    pub fn begin_batch(&mut self) {
        if self.pending.is_empty() {
            self.batch = Some(Default::default());
        }
    }

    /// Close the batch: if any stream missed, the rest of the unit goes unanswered.
    pub fn end_batch(&mut self) {
        self.batch = None;
    }

    /// True when the current stream gets no more answers in this unit.
    fn blocked(&self) -> bool {
        self.mismatch.is_some()
            || (!self.pending.is_empty()
                && self.batch.as_ref().is_none_or(|b| b.contains(&self.unit)))
    }

    /// The reply to `request` from agent `agent`, or `None` when the unit is waiting for a
    /// call (or its transcript does not match). After a `None` every later question of the
    /// unit also gets `None` (of the stream, in a batch); the agent answers anything and the
    /// runner drops the unit.
    pub fn ask(
        &mut self,
        agent: &str,
        provider: &Provider,
        request: &ChatRequest,
    ) -> Option<String> {
        if self.blocked() {
            return None;
        }
        let key = request.cache_key();
        let index = self.cursor;
        let Some(ex) = self.transcript.unit(self.unit).get(index) else {
            self.pending.push(PendingCall {
                unit: self.unit,
                index,
                agent: agent.to_string(),
                provider: provider.clone(),
                request: request.clone(),
                key,
            });
            if let Some(b) = &mut self.batch {
                b.insert(self.unit);
            }
            return None;
        };
        if ex.key != key {
            self.mismatch = Some(format!(
                "The recorded transcript does not match this experiment: exchange {} of unit {} was recorded for another request than the one {agent} makes now. Was the experiment changed after it was recorded? Remove the transcript to ask the model again.",
                index + 1,
                self.unit + 1
            ));
            return None;
        }
        self.cursor += 1;
        let ex = ex.clone();
        let stats = self.agent_stats(agent);
        stats.calls += 1;
        stats.tokens_in = stats.tokens_in.saturating_add(ex.tokens_in);
        stats.tokens_out = stats.tokens_out.saturating_add(ex.tokens_out);
        if self.keep_seen {
            self.unit_seen.push(Seen {
                unit: self.unit,
                index,
                agent: agent.to_string(),
                request: request.clone(),
                exchange: ex.clone(),
                parsed: String::new(),
                fallback: false,
            });
        }
        Some(ex.reply)
    }

    fn agent_stats(&mut self, agent: &str) -> &mut AgentStats {
        self.unit_stats
            .entry(agent.to_string())
            .or_insert_with(|| AgentStats {
                agent: agent.to_string(),
                ..Default::default()
            })
    }

    /// Say what the agent read from its last reply.
    pub fn note_parsed(&mut self, parsed: impl Into<String>, fallback: bool) {
        if let Some(s) = self.unit_seen.last_mut() {
            s.parsed = parsed.into();
            s.fallback = fallback;
        }
    }

    /// Count one decision of `agent`, `repairs` of whose replies were retried, ending in a
    /// fallback or not.
    pub fn count_decision(&mut self, agent: &str, repairs: u64, fallback: bool) {
        let s = self.agent_stats(agent);
        s.decisions += 1;
        s.repairs += repairs;
        s.fallbacks += u64::from(fallback);
    }

    /// True while the current stream of the unit can still be answered.
    pub fn answering(&self) -> bool {
        !self.blocked()
    }

    /// End the unit; on [`UnitEnd::Done`] its statistics and seen exchanges are kept.
    /// On the other ends the unit's statistics are dropped, but the exchanges it saw stay in
    /// [`Oracle::take_seen`]: they are recorded replies all the same.
    pub fn end_unit(&mut self) -> UnitEnd {
        self.batch = None;
        if self.mismatch.is_some() || !self.pending.is_empty() {
            self.seen.append(&mut self.unit_seen);
            return match &self.mismatch {
                Some(m) => UnitEnd::Mismatch(m.clone()),
                None => UnitEnd::Pending,
            };
        }
        for (agent, s) in std::mem::take(&mut self.unit_stats) {
            let t = self.stats.entry(agent).or_insert_with(|| AgentStats {
                agent: s.agent.clone(),
                ..Default::default()
            });
            t.decisions += s.decisions;
            t.fallbacks += s.fallbacks;
            t.repairs += s.repairs;
            t.calls += s.calls;
            t.tokens_in = t.tokens_in.saturating_add(s.tokens_in);
            t.tokens_out = t.tokens_out.saturating_add(s.tokens_out);
        }
        self.seen.append(&mut self.unit_seen);
        UnitEnd::Done
    }

    /// The (first) request the last unit is waiting for.
    pub fn pending(&self) -> Option<&PendingCall> {
        self.pending.first()
    }

    /// Every request the last unit is waiting for (several when its streams missed in a
    /// batch; they can be asked at once).
    pub fn pending_all(&self) -> &[PendingCall] {
        &self.pending
    }

    /// Statistics of the units kept so far, by agent (in agent-name order).
    pub fn stats(&self) -> Vec<AgentStats> {
        self.stats.values().cloned().collect()
    }

    /// The statistics of `agent` over the units kept so far (zeros before its first one).
    pub fn stats_of(&self, agent: &str) -> AgentStats {
        self.stats.get(agent).cloned().unwrap_or(AgentStats {
            agent: agent.to_string(),
            ..Default::default()
        })
    }

    /// The exchanges seen in the units kept so far (with [`Oracle::keep_seen`]).
    pub fn take_seen(&mut self) -> Vec<Seen> {
        std::mem::take(&mut self.seen)
    }

    /// Add the reply to a pending call to the transcript (see [`Transcript::record`]).
    pub fn record(&mut self, call: &PendingCall, exchange: Exchange) -> bool {
        self.transcript.record(call, exchange)
    }

    /// The transcript being replayed.
    pub fn transcript(&self) -> &Transcript {
        &self.transcript
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::llm::provider::Message;

    fn req(text: &str) -> ChatRequest {
        ChatRequest {
            model: "m".into(),
            system: None,
            messages: vec![Message::user(text)],
            temperature: 0.0,
            seed: None,
            max_tokens: 8,
            json_schema: None,
        }
    }

    #[test]
    fn answers_in_order_then_waits_then_resumes() {
        let mut o = Oracle::new(Transcript::default());
        o.begin_unit(2);
        assert_eq!(o.ask("a", &Provider::Anthropic, &req("1")), None);
        assert_eq!(
            o.ask("a", &Provider::Anthropic, &req("2")),
            None,
            "nothing after the first miss"
        );
        assert_eq!(o.end_unit(), UnitEnd::Pending);
        let call = o.pending().unwrap().clone();
        assert_eq!((call.unit, call.index), (2, 0));
        let mut t = Transcript::default();
        let ex = Exchange {
            key: call.key.clone(),
            reply: "one".into(),
            tokens_in: 5,
            tokens_out: 1,
            ..Default::default()
        };
        assert!(t.record(&call, ex.clone()));
        assert!(
            !t.record(&call, ex),
            "the same call cannot be recorded twice"
        );
        let mut o = Oracle::new(t);
        o.begin_unit(2);
        assert_eq!(
            o.ask("a", &Provider::Anthropic, &req("1")).as_deref(),
            Some("one")
        );
        o.count_decision("a", 0, false);
        assert_eq!(o.ask("a", &Provider::Anthropic, &req("2")), None);
        assert_eq!(o.end_unit(), UnitEnd::Pending);
        assert!(o.stats().is_empty(), "a dropped unit counts nothing");
        assert_eq!(o.pending().unwrap().index, 1);
    }

    #[test]
    fn in_a_batch_each_stream_waits_alone_then_everything_waits() {
        let p = Provider::Anthropic;
        let mut t = Transcript::default();
        // Stream 11 has its first reply; streams 10 and 12 have none.
        t.units.insert(
            11,
            vec![Exchange {
                key: req("b1").cache_key(),
                reply: "B".into(),
                ..Default::default()
            }],
        );
        let mut o = Oracle::new(t);
        o.begin_unit(10);
        o.begin_batch();
        assert_eq!(o.ask("a", &p, &req("a1")), None);
        assert_eq!(o.ask("a", &p, &req("a2")), None, "stream 10 waits");
        o.use_stream(11);
        assert_eq!(o.ask("b", &p, &req("b1")).as_deref(), Some("B"));
        assert_eq!(o.ask("b", &p, &req("b2")), None);
        o.use_stream(12);
        assert_eq!(o.ask("c", &p, &req("c1")), None);
        o.end_batch();
        o.use_stream(11);
        assert_eq!(
            o.ask("b", &p, &req("b3")),
            None,
            "after the batch, all wait"
        );
        assert_eq!(o.end_unit(), UnitEnd::Pending);
        let waiting: Vec<(usize, usize)> =
            o.pending_all().iter().map(|c| (c.unit, c.index)).collect();
        assert_eq!(waiting, vec![(10, 0), (11, 1), (12, 0)]);
        // Outside a batch the first miss blocks every stream, as before.
        let mut o = Oracle::new(Transcript::default());
        o.begin_unit(0);
        assert_eq!(o.ask("a", &p, &req("a1")), None);
        o.use_stream(1);
        assert_eq!(o.ask("b", &p, &req("b1")), None);
        assert_eq!(o.pending_all().len(), 1);
    }

    #[test]
    fn a_transcript_for_another_request_is_refused() {
        let mut t = Transcript::default();
        t.units.insert(
            0,
            vec![Exchange {
                key: req("other").cache_key(),
                reply: "x".into(),
                ..Default::default()
            }],
        );
        let mut o = Oracle::new(t);
        o.begin_unit(0);
        assert_eq!(o.ask("player 1", &Provider::Anthropic, &req("1")), None);
        match o.end_unit() {
            UnitEnd::Mismatch(m) => assert!(m.contains("player 1") && m.contains("exchange 1")),
            e => panic!("{e:?}"),
        }
    }

    #[test]
    fn replies_and_token_counts_are_bounded() {
        let long = "é".repeat(MAX_REPLY_BYTES);
        let cut = cap_reply(long);
        assert!(cut.len() <= MAX_REPLY_BYTES && cut.chars().all(|c| c == 'é'));
        assert_eq!(cap_reply("short".into()), "short");
        let mut t = Transcript::default();
        t.units.insert(
            0,
            vec![
                Exchange {
                    key: "k".into(),
                    tokens_in: u64::MAX,
                    ..Default::default()
                };
                2
            ],
        );
        let err = t.validate().unwrap_err();
        assert!(err.to_string().contains("token counts"), "{err}");
        // Even unchecked, the totals saturate instead of overflowing.
        assert_eq!(t.totals().tokens_in, u64::MAX);
    }

    #[test]
    fn transcript_json_is_a_list_of_units() {
        let mut t = Transcript::default();
        t.units.insert(
            3,
            vec![Exchange {
                key: "k".into(),
                reply: "r".into(),
                ..Default::default()
            }],
        );
        let j = serde_json::to_string(&t).unwrap();
        assert_eq!(
            j,
            r#"[{"unit":3,"exchanges":[{"key":"k","reply":"r","tokens_in":0,"tokens_out":0,"latency_ms":0}]}]"#
        );
        assert_eq!(serde_json::from_str::<Transcript>(&j).unwrap(), t);
        assert_eq!(t.totals().calls, 1);
    }
}

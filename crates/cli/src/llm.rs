//! `agora run --llm`: the native transport for LLM agents. It asks the model for the replies
//! an experiment's transcript lacks, with the same bookkeeping as the page
//! ([`agora_engine::llm::LlmRun`]): calls in parallel up to the concurrency limit, timeouts,
//! retries with backoff (429 Retry-After honoured), a budget, and the transcript kept on any
//! failure so the run can resume.
//!
//! The API key comes from the environment (`AGORA_LLM_KEY`, or the provider's usual variable)
//! and only ever goes into request headers: never into the output, the saved experiment or an
//! error message.

use agora_engine::experiment::Experiment;
use agora_engine::llm::{
    parse_reply, ApiKey, CallError, CallLimits, Exchange, LlmRun, PendingCall, Poll, Provider,
};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// The key for `provider` from the environment.
pub fn key_from_env(provider: &Provider) -> ApiKey {
    let specific = match provider {
        Provider::OpenAiCompatible { .. } => "OPENAI_API_KEY",
        Provider::Anthropic => "ANTHROPIC_API_KEY",
        Provider::Gemini => "GEMINI_API_KEY",
    };
    for var in ["AGORA_LLM_KEY", specific] {
        if let Ok(k) = std::env::var(var) {
            if !k.trim().is_empty() {
                return ApiKey::new(k);
            }
        }
    }
    ApiKey::none()
}

/// One call with retries: the exchange, or the message to stop with.
fn call_with_retries(
    agent: &ureq::Agent,
    provider: &Provider,
    key: &ApiKey,
    call: &PendingCall,
    limits: &CallLimits,
) -> Result<Exchange, String> {
    let http = call.request.http_request(provider, key);
    let mut attempt = 1;
    loop {
        let start = Instant::now();
        // A service may quote the key it was sent: it is removed before anything is read, so
        // it reaches neither a message nor the transcript.
        let result = send(agent, &http).and_then(|(status, headers, body)| {
            parse_reply(provider, status, &headers, &key.redact(&body))
        });
        match result {
            Ok(reply) => {
                return Ok(Exchange {
                    key: call.key.clone(),
                    reply: agora_engine::llm::oracle::cap_reply(reply.text),
                    tokens_in: reply.input_tokens,
                    tokens_out: reply.output_tokens,
                    latency_ms: start.elapsed().as_millis() as u64,
                    cached: false,
                })
            }
            // A well-formed reply without text is the model's answer, not a failed call:
            // asking again gets the same at temperature 0, so stopping would leave a run that
            // can never complete. It is recorded as it came (empty) and the agent treats it as
            // an unreadable reply: a corrective retry, then its counted fallback.
            Err(CallError::Empty { reason }) => {
                eprintln!(
                    "agora: {} (call {} of unit {}): the model answered without any text ({}); the agent reads it as an unreadable reply.",
                    call.agent,
                    call.index + 1,
                    call.unit + 1,
                    key.redact(&reason)
                );
                return Ok(Exchange {
                    key: call.key.clone(),
                    reply: String::new(),
                    tokens_in: 0,
                    tokens_out: 0,
                    latency_ms: start.elapsed().as_millis() as u64,
                    cached: false,
                });
            }
            Err(e) => match limits.retry_after(attempt, &e) {
                Some(ms) => {
                    eprintln!(
                        "agora: {} (call {} of unit {}), attempt {attempt}: {} Retrying in {:.1} s.",
                        call.agent,
                        call.index + 1,
                        call.unit + 1,
                        key.redact(&e.to_string()),
                        ms / 1000.0
                    );
                    std::thread::sleep(Duration::from_millis(ms as u64));
                    attempt += 1;
                }
                None => {
                    return Err(format!(
                    "{} could not get a reply (call {} of unit {}, after {attempt} attempt{}): {}",
                    call.agent,
                    call.index + 1,
                    call.unit + 1,
                    if attempt == 1 { "" } else { "s" },
                    key.redact(&e.to_string())
                ))
                }
            },
        }
    }
}

type Response = (u16, Vec<(String, String)>, String);

fn send(agent: &ureq::Agent, http: &agora_engine::llm::HttpRequest) -> Result<Response, CallError> {
    let mut req = agent.request(&http.method, &http.url);
    for (k, v) in &http.headers {
        req = req.set(k, v);
    }
    let resp = match req.send_string(&http.body) {
        Ok(r) => r,
        Err(ureq::Error::Status(_, r)) => r,
        Err(ureq::Error::Transport(t)) => {
            return Err(CallError::Network {
                message: t.to_string(),
            })
        }
    };
    let status = resp.status();
    let headers: Vec<(String, String)> = resp
        .headers_names()
        .into_iter()
        .filter_map(|n| resp.header(&n).map(|v| (n.clone(), v.to_string())))
        .collect();
    let body = resp.into_string().map_err(|e| CallError::Network {
        message: format!("the reply could not be read ({e})"),
    })?;
    Ok((status, headers, body))
}

/// A directory of replies to identical requests (`--cache DIR`): one file per request key.
struct Cache(PathBuf);

impl Cache {
    fn path(&self, key: &str) -> Option<PathBuf> {
        key.chars()
            .all(|c| c.is_ascii_hexdigit())
            .then(|| self.0.join(format!("{key}.json")))
    }
    fn get(&self, key: &str) -> Option<Exchange> {
        let text = std::fs::read_to_string(self.path(key)?).ok()?;
        let mut e: Exchange = serde_json::from_str(&text).ok()?;
        (e.key == key).then(|| {
            e.cached = true;
            e.latency_ms = 0;
            e
        })
    }
    fn put(&self, e: &Exchange) {
        if let Some(p) = self.path(&e.key) {
            if let Ok(text) = serde_json::to_string(e) {
                let _ = std::fs::create_dir_all(&self.0);
                let _ = std::fs::write(p, text);
            }
        }
    }
}

/// Ask the model for every missing reply. Returns the experiment with the transcript so far
/// and, if the run stopped before the end, why.
pub fn complete(
    exp: &Experiment,
    limits: CallLimits,
    cache: Option<&Path>,
    save: Option<&Path>,
) -> (Experiment, Option<String>) {
    let mut run = match LlmRun::new(exp, limits.clone()) {
        Ok(r) => r,
        Err(e) => return (exp.clone(), Some(e.to_string())),
    };
    let cache = cache.map(|p| Cache(p.to_path_buf()));
    let agent = ureq::AgentBuilder::new()
        .timeout(Duration::from_millis(limits.timeout_ms))
        .build();
    let mut reported = 0;
    loop {
        match run.poll() {
            Poll::Complete => return (run.experiment(), None),
            Poll::Stopped(m) => {
                save_to(save, &run.experiment());
                return (run.experiment(), Some(m));
            }
            Poll::Waiting => unreachable_wait(),
            Poll::Calls(calls) => {
                let mut to_send = Vec::new();
                for call in calls {
                    match cache.as_ref().and_then(|c| c.get(&call.key)) {
                        Some(e) => run.on_reply(&call, e),
                        None => to_send.push(call),
                    }
                }
                let results: Vec<(PendingCall, Result<Exchange, String>)> =
                    std::thread::scope(|s| {
                        let handles: Vec<_> = to_send
                            .into_iter()
                            .map(|call| {
                                let agent = &agent;
                                let limits = &limits;
                                let kept = call.clone();
                                let handle = s.spawn(move || {
                                    let key = key_from_env(&call.provider);
                                    call_with_retries(agent, &call.provider, &key, &call, limits)
                                });
                                (kept, handle)
                            })
                            .collect();
                        // A call whose thread failed is a failed call, not a lost one (the run
                        // would otherwise wait for it forever).
                        handles
                            .into_iter()
                            .map(|(call, h)| {
                                let r = h.join().unwrap_or_else(|_| {
                                    Err("the call failed unexpectedly".to_string())
                                });
                                (call, r)
                            })
                            .collect()
                    });
                for (call, r) in results {
                    match r {
                        Ok(e) => {
                            if let Some(c) = &cache {
                                c.put(&e);
                            }
                            run.on_reply(&call, e);
                        }
                        Err(m) => run.fail(&call, m),
                    }
                }
                let calls = run.usage().calls;
                if calls >= reported + 10 {
                    reported = calls;
                    let (done, total) = run.progress();
                    let _ = writeln!(
                        std::io::stderr(),
                        "agora: {calls} LLM calls so far, {done} of {total} units done"
                    );
                }
            }
        }
    }
}

/// The CLI waits for every call of a batch before polling, so nothing is ever in flight
/// when it polls: `Poll::Waiting` cannot come.
fn unreachable_wait() {
    std::thread::sleep(Duration::from_millis(10));
}

fn save_to(save: Option<&Path>, exp: &Experiment) {
    if let Some(p) = save {
        if let Err(e) = std::fs::write(p, exp.to_json_pretty() + "\n") {
            eprintln!(
                "agora: could not save the experiment to {}: {e}",
                p.display()
            );
        }
    }
}

/// Save the experiment with its transcript (`--save FILE`).
pub fn save(save: Option<&Path>, exp: &Experiment) {
    save_to(save, exp);
}

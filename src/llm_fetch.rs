//! The browser transport for LLM calls: `fetch` with a timeout, the user's key from
//! [`crate::llm_keys`], retries as the engine's [`CallLimits`] says, and an optional cache of
//! replies to identical requests in localStorage.
//!
//! A `fetch` that fails without any HTTP response is, in a browser, almost always one of: the
//! server is not running, it does not allow calls from this page (CORS), or this page's
//! Content-Security-Policy does not list the address. Such a failure is a short message
//! ("no answer from URL") flagged [`Problem::unreachable`]; the panel shows the explanation
//! ([`unreachable_help`]: all three causes, with what to do for the common local servers) once,
//! not in every message.

use agora_engine::llm::oracle::cap_reply;
use agora_engine::llm::{
    parse_reply, ApiKey, CallError, CallLimits, Exchange, HttpRequest, PendingCall, Provider,
};
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// What came back over HTTP.
pub struct RawResponse {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Lets a caller abort the calls it started (the run's Stop button): the requests open now,
/// and any later attempt of those calls (one waiting to retry does not send again).
#[derive(Clone, Default)]
pub struct Abort(
    Rc<RefCell<Vec<web_sys::AbortController>>>,
    Rc<std::cell::Cell<bool>>,
);

impl Abort {
    /// Abort every call in flight.
    pub fn abort_all(&self) {
        self.1.set(true);
        for c in self.0.borrow_mut().drain(..) {
            c.abort();
        }
    }

    /// True once [`Abort::abort_all`] was called.
    pub fn aborted(&self) -> bool {
        self.1.get()
    }
}

/// The message of a call stopped by [`Abort`].
const STOPPED: &str = "the call was stopped";

/// The start of the message of a `fetch` that got no HTTP response.
const NO_ANSWER: &str = "no answer from ";

/// The message of a failed `fetch` to `url` (the explanation is [`unreachable_help`]).
pub fn unreachable_message(url: &str) -> String {
    format!("{NO_ANSWER}{url}")
}

/// Why a page may get no answer from a server, and what to do: shown once, next to the
/// message of the call or connection test that got none.
pub fn unreachable_help() -> String {
    let origin = web_sys::window()
        .and_then(|w| w.location().origin().ok())
        .unwrap_or_else(|| "this page's address".into());
    format!(
        "Either the server is not running, or it does not allow calls from this page (CORS), or this page does not allow that address. \
         For Ollama, start it with OLLAMA_ORIGINS={origin} (or *); llama.cpp's server and llama-cpp-python allow any page by default; \
         vLLM needs --allowed-origins '[\"*\"]'; LM Studio has a CORS switch in its server settings. \
         This page may call the providers it lists and servers on this computer (127.0.0.1, localhost); the browser console names a blocked address."
    )
}

/// A call's failure (or a retry's reason) as the panel shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Problem {
    /// One sentence, naming the agent and the unit as people know them.
    pub text: String,
    /// The address that gave no answer at all (the server is down, CORS, or this page's
    /// Content-Security-Policy): the panel then explains those causes once.
    pub unreachable: Option<String>,
}

/// The address `e` got no answer from, if it is that kind of failure.
fn unreachable_of(e: &CallError, url: &str) -> Option<String> {
    matches!(e, CallError::Network { message } if message.starts_with(NO_ANSWER))
        .then(|| url.to_string())
}

/// Send one request; `timeout_ms` aborts it.
pub async fn send(
    http: &HttpRequest,
    timeout_ms: u64,
    abort: &Abort,
) -> Result<RawResponse, CallError> {
    let network = |message: String| CallError::Network { message };
    if abort.aborted() {
        return Err(network(STOPPED.into()));
    }
    let window = web_sys::window().ok_or_else(|| network("no browser window".into()))?;
    let init = web_sys::RequestInit::new();
    init.set_method(&http.method);
    let headers =
        web_sys::Headers::new().map_err(|_| network("headers could not be built".into()))?;
    for (k, v) in &http.headers {
        headers
            .set(k, v)
            .map_err(|_| network(format!("the header {k} could not be set")))?;
    }
    init.set_headers(&headers);
    if !http.body.is_empty() {
        init.set_body(&JsValue::from_str(&http.body));
    }
    let controller = web_sys::AbortController::new()
        .map_err(|_| network("the call could not be set up".into()))?;
    init.set_signal(Some(&controller.signal()));
    abort.0.borrow_mut().push(controller.clone());
    let timed_out = Rc::new(RefCell::new(false));
    let timer = {
        let controller = controller.clone();
        let timed_out = timed_out.clone();
        gloo::timers::callback::Timeout::new(timeout_ms.min(u32::MAX as u64) as u32, move || {
            *timed_out.borrow_mut() = true;
            controller.abort();
        })
    };
    let result = async {
        let resp = JsFuture::from(window.fetch_with_str_and_init(&http.url, &init))
            .await
            .map_err(|_| ())?;
        let resp: web_sys::Response = resp.dyn_into().map_err(|_| ())?;
        let status = resp.status();
        let mut headers = Vec::new();
        if let Ok(Some(v)) = resp.headers().get("retry-after") {
            headers.push(("retry-after".to_string(), v));
        }
        let text = resp.text().map_err(|_| ())?;
        let body = JsFuture::from(text).await.map_err(|_| ())?;
        Ok::<_, ()>(RawResponse {
            status,
            headers,
            body: body.as_string().unwrap_or_default(),
        })
    }
    .await;
    drop(timer);
    abort.0.borrow_mut().retain(|c| c != &controller);
    result.map_err(|()| {
        if *timed_out.borrow() {
            network(format!(
                "no complete reply within {} seconds",
                timeout_ms as f64 / 1000.0
            ))
        } else if controller.signal().aborted() {
            network(STOPPED.into())
        } else {
            network(unreachable_message(&http.url))
        }
    })
}

/// Sleep without blocking the page.
pub async fn sleep_ms(ms: f64) {
    gloo::timers::future::TimeoutFuture::new(ms.clamp(0.0, 600_000.0) as u32).await;
}

/// Now, in milliseconds (for latencies).
fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}

/// A progress note while a call is retried ("attempt 2 of 4 failed ... trying again in 1.0 s").
pub type OnRetry = Rc<dyn Fn(Problem)>;

/// Make one call of a run, with retries: the recorded exchange, or why the run must stop.
/// `who` names the agent and its unit as people know them ("LLM smollm2, repetition 2").
pub async fn call(
    call: &PendingCall,
    who: &str,
    key: &ApiKey,
    limits: &CallLimits,
    abort: &Abort,
    on_retry: OnRetry,
) -> Result<Exchange, Problem> {
    let http = call.request.http_request(&call.provider, key);
    let mut attempt = 1;
    loop {
        let t0 = now_ms();
        // A service may quote the key it was sent: it is removed before anything is read,
        // so it reaches neither an error message nor the transcript.
        let result = send(&http, limits.timeout_ms, abort)
            .await
            .and_then(|r| parse_reply(&call.provider, r.status, &r.headers, &key.redact(&r.body)));
        match result {
            Ok(reply) => {
                return Ok(Exchange {
                    key: call.key.clone(),
                    reply: cap_reply(reply.text),
                    tokens_in: reply.input_tokens,
                    tokens_out: reply.output_tokens,
                    latency_ms: (now_ms() - t0).max(0.0) as u64,
                    cached: false,
                })
            }
            // A well-formed reply without text is the model's answer, not a failed call (at
            // temperature 0 asking again gets the same): it is recorded empty, and the agent
            // treats it as any unreadable reply (a corrective retry, then its fallback).
            Err(CallError::Empty { .. }) => {
                return Ok(Exchange {
                    key: call.key.clone(),
                    reply: String::new(),
                    tokens_in: 0,
                    tokens_out: 0,
                    latency_ms: (now_ms() - t0).max(0.0) as u64,
                    cached: false,
                })
            }
            Err(e) => {
                // A service may quote the key it was sent: never show it.
                let text = key.redact(&e.to_string());
                let stopped = abort.aborted()
                    || matches!(&e, CallError::Network { message } if message == STOPPED);
                let unreachable = unreachable_of(&e, &http.url);
                match limits.retry_after(attempt, &e).filter(|_| !stopped) {
                    Some(ms) => {
                        on_retry(Problem {
                            text: format!(
                                "{who}: attempt {attempt} of {} failed. {text} Trying again in {:.1} s.",
                                limits.attempts,
                                ms / 1000.0
                            ),
                            unreachable,
                        });
                        sleep_ms(ms).await;
                        if abort.aborted() {
                            return Err(Problem {
                                text: format!("{who}: stopped while waiting to retry."),
                                unreachable: None,
                            });
                        }
                        attempt += 1;
                    }
                    None => {
                        return Err(Problem {
                            text: format!(
                                "{who} got no usable reply ({attempt} attempt{}). {text}",
                                if attempt == 1 { "" } else { "s" }
                            ),
                            unreachable,
                        })
                    }
                }
            }
        }
    }
}

/// "Test connection": the models the key may use, or why not.
pub async fn list_models(provider: &Provider, key: &ApiKey) -> Result<Vec<String>, Problem> {
    let http = provider.models_request(key);
    let r = send(&http, 20_000, &Abort::default())
        .await
        .map_err(|e| Problem {
            text: key.redact(&e.to_string()),
            unreachable: unreachable_of(&e, &http.url),
        })?;
    provider
        .parse_models(r.status, &r.headers, &key.redact(&r.body))
        .map_err(|e| Problem {
            text: key.redact(&e.to_string()),
            unreachable: None,
        })
}

/// The localStorage cache of replies to identical requests (`agora.llm.cache.<request key>`).
pub mod cache {
    use agora_engine::llm::Exchange;

    const PREFIX: &str = "agora.llm.cache.";

    fn storage() -> Option<web_sys::Storage> {
        web_sys::window()?.local_storage().ok()?
    }

    /// A cached reply to the request with this key.
    pub fn get(key: &str) -> Option<Exchange> {
        let text = storage()?.get_item(&format!("{PREFIX}{key}")).ok()??;
        let mut e: Exchange = serde_json::from_str(&text).ok()?;
        (e.key == key).then(|| {
            e.cached = true;
            e.latency_ms = 0;
            e
        })
    }

    /// Keep a reply (quietly does nothing when storage is full or refused).
    pub fn put(e: &Exchange) {
        if let (Some(s), Ok(text)) = (storage(), serde_json::to_string(e)) {
            let _ = s.set_item(&format!("{PREFIX}{}", e.key), &text);
        }
    }

    /// Forget every cached reply; returns how many there were.
    pub fn clear() -> usize {
        let Some(s) = storage() else {
            return 0;
        };
        let n = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..n)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in &keys {
            let _ = s.remove_item(k);
        }
        keys.len()
    }
}

//! Chat requests and replies for three kinds of model service, as plain data.
//!
//! The engine never talks to the network: [`ChatRequest::http_request`] builds the method, URL,
//! headers and body a transport must send, and [`parse_reply`] reads what came back. The
//! transport (browser `fetch`, native HTTP, or a recorded replay) lives outside the engine.
//!
//! Wire formats, from the providers' API references:
//! - OpenAI-compatible (OpenAI, llama.cpp's server, llama-cpp-python, vLLM, ...): `POST
//!   {base_url}/chat/completions` with `Authorization: Bearer KEY`; body `{model, messages:
//!   [{role: system|user|assistant, content}], temperature, max_tokens, seed, response_format}`;
//!   reply `choices[0].message.content`, `usage.prompt_tokens`, `usage.completion_tokens`
//!   (OpenAI API reference, "Create chat completion"). Structured output is either OpenAI's
//!   `{"type": "json_schema", "json_schema": {"name", "schema", "strict"}}` or the
//!   `{"type": "json_object", "schema": ...}` form that llama-cpp-python's server accepts
//!   ([`JsonFormat`]).
//! - Anthropic Messages API: `POST https://api.anthropic.com/v1/messages` with `x-api-key`,
//!   `anthropic-version: 2023-06-01` and, because the call comes from a browser page,
//!   `anthropic-dangerous-direct-browser-access: true`; body `{model, max_tokens (required),
//!   system (a separate field, not a message), messages: [{role: user|assistant, content}],
//!   temperature}`; reply `content[]` blocks of `type: "text"`, `usage.input_tokens`,
//!   `usage.output_tokens` (Anthropic API reference, "Messages"). The API has no seed; a JSON
//!   schema is not sent and has to be asked for in the prompt.
//! - Gemini API: `POST https://generativelanguage.googleapis.com/v1beta/models/{model}:generateContent`
//!   with `x-goog-api-key`; body `{systemInstruction: {parts: [{text}]}, contents: [{role:
//!   user|model, parts: [{text}]}], generationConfig: {temperature, maxOutputTokens, seed,
//!   responseMimeType: "application/json", responseSchema}}`; reply
//!   `candidates[0].content.parts[].text`, `usageMetadata.promptTokenCount`,
//!   `usageMetadata.candidatesTokenCount` (Google AI for Developers, "Generating content" and
//!   "GenerationConfig").
//!
//! All three report errors as `{"error": {"message": ...}}` with an HTTP status: 429 when too
//! many requests were sent (with an optional `Retry-After` header, RFC 9110 section 10.2.3),
//! 401/403 for a missing or wrong key, other 4xx for a request the service refuses, 5xx (and
//! Anthropic's 529 "overloaded") when the service itself failed.
//!
//! API keys live in [`ApiKey`], which cannot be serialized and never prints its content, so a
//! key cannot end up in a link, an export or a log.

use crate::digest::digest_bytes;
use serde::{Deserialize, Serialize};
use serde_json::{json, Map, Value};
use std::fmt;

/// Where to send chat requests.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(tag = "kind", rename_all = "snake_case", deny_unknown_fields)]
pub enum Provider {
    /// Any server speaking OpenAI's chat-completions format, e.g. `https://api.openai.com/v1`
    /// or a local `http://127.0.0.1:8099/v1`.
    #[serde(rename = "openai_compatible")]
    OpenAiCompatible {
        /// Base URL up to and including the version segment (`.../v1`), without
        /// `/chat/completions`.
        base_url: String,
        /// How a JSON schema for the reply is sent.
        #[serde(default)]
        json_format: JsonFormat,
    },
    /// Anthropic's Messages API.
    Anthropic,
    /// Google's Gemini API.
    Gemini,
}

/// How an OpenAI-compatible server is asked for a reply that follows a JSON schema.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "snake_case")]
pub enum JsonFormat {
    /// OpenAI structured outputs: `{"type": "json_schema", "json_schema": {"name": "reply",
    /// "schema": ..., "strict": true}}`.
    #[default]
    JsonSchema,
    /// `{"type": "json_object", "schema": ...}`, the form llama-cpp-python's server turns into a
    /// grammar (it rejects `json_schema`).
    JsonObject,
}

/// Anthropic's API version header value.
pub const ANTHROPIC_VERSION: &str = "2023-06-01";
/// Anthropic's Messages endpoint.
pub const ANTHROPIC_URL: &str = "https://api.anthropic.com/v1/messages";
/// Gemini's API root (models live under it).
pub const GEMINI_BASE: &str = "https://generativelanguage.googleapis.com/v1beta/models";

impl Provider {
    /// The request listing the models `key` may use; also how "test connection" checks the
    /// address and the key. OpenAI-compatible: `GET {base_url}/models`; Anthropic:
    /// `GET https://api.anthropic.com/v1/models`; Gemini: `GET .../v1beta/models`.
    pub fn models_request(&self, key: &ApiKey) -> HttpRequest {
        let mut headers = Vec::new();
        let url = match self {
            Provider::OpenAiCompatible { base_url, .. } => {
                if !key.is_empty() {
                    headers.push(("authorization".into(), format!("Bearer {}", key.expose())));
                }
                format!("{}/models", base_url.trim().trim_end_matches('/'))
            }
            Provider::Anthropic => {
                if !key.is_empty() {
                    headers.push(("x-api-key".into(), key.expose().to_string()));
                }
                headers.push(("anthropic-version".into(), ANTHROPIC_VERSION.into()));
                headers.push((
                    "anthropic-dangerous-direct-browser-access".into(),
                    "true".into(),
                ));
                "https://api.anthropic.com/v1/models?limit=100".into()
            }
            Provider::Gemini => {
                if !key.is_empty() {
                    headers.push(("x-goog-api-key".into(), key.expose().to_string()));
                }
                format!("{GEMINI_BASE}?pageSize=100")
            }
        };
        HttpRequest {
            method: "GET".into(),
            url,
            headers,
            body: String::new(),
        }
    }

    /// The model names in a reply to [`Provider::models_request`] (`data[].id`, or Gemini's
    /// `models[].name` without its `models/` prefix), sorted.
    pub fn parse_models(
        &self,
        status: u16,
        headers: &[(String, String)],
        body: &str,
    ) -> Result<Vec<String>, CallError> {
        check_status(status, headers, body)?;
        let garbage = || CallError::Garbage {
            received: truncate(body.trim(), EXCERPT_CHARS),
        };
        let v: Value = serde_json::from_str(body).map_err(|_| garbage())?;
        let (list, field) = match self {
            Provider::Gemini => (v.get("models"), "name"),
            _ => (v.get("data"), "id"),
        };
        let list = list.and_then(Value::as_array).ok_or_else(garbage)?;
        let mut names: Vec<String> = list
            .iter()
            .filter_map(|m| m.get(field).and_then(Value::as_str))
            .map(|n| n.strip_prefix("models/").unwrap_or(n))
            .map(|n| truncate(n, 200))
            .collect();
        names.sort();
        names.dedup();
        Ok(names)
    }

    /// A short name for messages ("OpenAI-compatible server at ...", "Anthropic", "Gemini").
    pub fn describe(&self) -> String {
        match self {
            Provider::OpenAiCompatible { base_url, .. } => {
                format!("the OpenAI-compatible server at {base_url}")
            }
            Provider::Anthropic => "Anthropic".into(),
            Provider::Gemini => "Gemini".into(),
        }
    }
}

/// An API key. It implements neither `Serialize` nor `Display`, and `Debug` prints
/// `ApiKey(***)`, so the key cannot leak into a link, an export or a log. An empty key is
/// allowed (a local server needs none) and then no authentication header is sent.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct ApiKey(String);

impl ApiKey {
    /// Wraps a key; surrounding whitespace (a common copy-paste accident) is removed.
    pub fn new(key: impl Into<String>) -> Self {
        ApiKey(key.into().trim().to_string())
    }

    /// No key (for local servers).
    pub fn none() -> Self {
        ApiKey(String::new())
    }

    /// True when there is no key.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The key itself, for the one place that needs it: the request headers.
    pub fn expose(&self) -> &str {
        &self.0
    }

    /// `text` with every occurrence of the key replaced by `***`: for messages that quote what
    /// a service answered (a service may echo the key it was sent).
    pub fn redact(&self, text: &str) -> String {
        if self.0.len() < 4 {
            return text.to_string();
        }
        text.replace(&self.0, "***")
    }
}

impl fmt::Debug for ApiKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("ApiKey(***)")
    }
}

/// Who said a message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    User,
    Assistant,
}

/// One turn of the conversation.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn user(content: impl Into<String>) -> Self {
        Message {
            role: Role::User,
            content: content.into(),
        }
    }

    pub fn assistant(content: impl Into<String>) -> Self {
        Message {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// A provider-neutral chat request.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChatRequest {
    /// Model name as the provider spells it (e.g. `gpt-4o-mini`, `claude-3-5-haiku-latest`,
    /// `gemini-2.0-flash`, or a local alias such as `smollm2`).
    pub model: String,
    /// Instructions sent apart from the conversation.
    #[serde(default)]
    pub system: Option<String>,
    /// The conversation, starting with the user.
    pub messages: Vec<Message>,
    /// Sampling temperature (0 = most deterministic).
    pub temperature: f64,
    /// Sampling seed, where the provider supports one (OpenAI-compatible, Gemini).
    #[serde(default)]
    pub seed: Option<u64>,
    /// Most tokens the reply may have.
    pub max_tokens: u32,
    /// JSON schema the reply must follow, where the provider supports it.
    #[serde(default)]
    pub json_schema: Option<Value>,
}

/// What a transport must send.
#[derive(Clone, PartialEq, Eq)]
pub struct HttpRequest {
    pub method: String,
    pub url: String,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

/// Header names whose values are secrets.
const SECRET_HEADERS: [&str; 3] = ["authorization", "x-api-key", "x-goog-api-key"];

impl fmt::Debug for HttpRequest {
    /// Prints the request with secret header values replaced by `***`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let headers: Vec<(&str, &str)> = self
            .headers
            .iter()
            .map(|(k, v)| {
                if SECRET_HEADERS.contains(&k.to_ascii_lowercase().as_str()) {
                    (k.as_str(), "***")
                } else {
                    (k.as_str(), v.as_str())
                }
            })
            .collect();
        f.debug_struct("HttpRequest")
            .field("method", &self.method)
            .field("url", &self.url)
            .field("headers", &headers)
            .field("body", &self.body)
            .finish()
    }
}

/// A request that cannot be sent, with what to change.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestError(pub String);

impl fmt::Display for RequestError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl ChatRequest {
    /// Checks what every provider needs: a model name, at least one message, the first from
    /// the user, a positive token budget and a temperature in the provider's range (Anthropic
    /// 0..1, the others 0..2).
    pub fn validate(&self, provider: &Provider) -> Result<(), RequestError> {
        if self.model.trim().is_empty() {
            return Err(RequestError("Choose a model name.".into()));
        }
        if self.messages.is_empty() {
            return Err(RequestError("The request has no message to send.".into()));
        }
        if self.messages[0].role != Role::User {
            return Err(RequestError(
                "The conversation has to start with a user message.".into(),
            ));
        }
        if self.max_tokens == 0 {
            return Err(RequestError(
                "The reply length (max tokens) has to be at least 1.".into(),
            ));
        }
        let top = if *provider == Provider::Anthropic {
            1.0
        } else {
            2.0
        };
        if !(self.temperature.is_finite() && (0.0..=top).contains(&self.temperature)) {
            return Err(RequestError(format!(
                "The temperature has to be between 0 and {top} for {}, not {}.",
                provider.describe(),
                self.temperature
            )));
        }
        if let Provider::OpenAiCompatible { base_url, .. } = provider {
            let b = base_url.trim();
            if !(b.starts_with("http://") || b.starts_with("https://")) {
                return Err(RequestError(format!(
                    "The server address has to start with http:// or https://, not \"{}\".",
                    truncate(b, 80)
                )));
            }
        }
        Ok(())
    }

    /// The HTTP request `provider` expects for this chat, authenticated with `key` (no
    /// authentication header when the key is empty).
    pub fn http_request(&self, provider: &Provider, key: &ApiKey) -> HttpRequest {
        let mut headers = vec![("content-type".to_string(), "application/json".to_string())];
        let (url, body) = match provider {
            Provider::OpenAiCompatible {
                base_url,
                json_format,
            } => {
                if !key.is_empty() {
                    headers.push(("authorization".into(), format!("Bearer {}", key.expose())));
                }
                let url = format!("{}/chat/completions", base_url.trim().trim_end_matches('/'));
                (url, self.openai_body(*json_format))
            }
            Provider::Anthropic => {
                if !key.is_empty() {
                    headers.push(("x-api-key".into(), key.expose().to_string()));
                }
                headers.push(("anthropic-version".into(), ANTHROPIC_VERSION.into()));
                headers.push((
                    "anthropic-dangerous-direct-browser-access".into(),
                    "true".into(),
                ));
                (ANTHROPIC_URL.to_string(), self.anthropic_body())
            }
            Provider::Gemini => {
                if !key.is_empty() {
                    headers.push(("x-goog-api-key".into(), key.expose().to_string()));
                }
                let model = self.model.trim();
                let model = model.strip_prefix("models/").unwrap_or(model);
                let url = format!("{GEMINI_BASE}/{}:generateContent", path_segment(model));
                (url, self.gemini_body())
            }
        };
        HttpRequest {
            method: "POST".into(),
            url,
            headers,
            body: body.to_string(),
        }
    }

    fn openai_body(&self, json_format: JsonFormat) -> Value {
        let mut messages = Vec::new();
        if let Some(system) = &self.system {
            messages.push(json!({"role": "system", "content": system}));
        }
        for m in &self.messages {
            messages.push(json!({"role": role_name(m.role), "content": m.content}));
        }
        let mut body = Map::new();
        body.insert("model".into(), json!(self.model.trim()));
        body.insert("messages".into(), Value::Array(messages));
        body.insert("temperature".into(), json!(self.temperature));
        body.insert("max_tokens".into(), json!(self.max_tokens));
        if let Some(seed) = self.seed {
            body.insert("seed".into(), json!(seed));
        }
        if let Some(schema) = &self.json_schema {
            let format = match json_format {
                JsonFormat::JsonSchema => json!({
                    "type": "json_schema",
                    "json_schema": {"name": "reply", "schema": schema, "strict": true}
                }),
                JsonFormat::JsonObject => json!({"type": "json_object", "schema": schema}),
            };
            body.insert("response_format".into(), format);
        }
        Value::Object(body)
    }

    fn anthropic_body(&self) -> Value {
        let messages: Vec<Value> = self
            .messages
            .iter()
            .map(|m| json!({"role": role_name(m.role), "content": m.content}))
            .collect();
        let mut body = Map::new();
        body.insert("model".into(), json!(self.model.trim()));
        body.insert("max_tokens".into(), json!(self.max_tokens));
        if let Some(system) = &self.system {
            body.insert("system".into(), json!(system));
        }
        body.insert("messages".into(), Value::Array(messages));
        body.insert("temperature".into(), json!(self.temperature));
        Value::Object(body)
    }

    fn gemini_body(&self) -> Value {
        let contents: Vec<Value> = self
            .messages
            .iter()
            .map(|m| {
                let role = match m.role {
                    Role::User => "user",
                    Role::Assistant => "model",
                };
                json!({"role": role, "parts": [{"text": m.content}]})
            })
            .collect();
        let mut config = Map::new();
        config.insert("temperature".into(), json!(self.temperature));
        config.insert("maxOutputTokens".into(), json!(self.max_tokens));
        if let Some(seed) = self.seed {
            // Gemini's seed is an int32.
            config.insert("seed".into(), json!((seed & 0x7fff_ffff) as i64));
        }
        if let Some(schema) = &self.json_schema {
            config.insert("responseMimeType".into(), json!("application/json"));
            config.insert("responseSchema".into(), schema.clone());
        }
        let mut body = Map::new();
        if let Some(system) = &self.system {
            body.insert(
                "systemInstruction".into(),
                json!({"parts": [{"text": system}]}),
            );
        }
        body.insert("contents".into(), Value::Array(contents));
        body.insert("generationConfig".into(), Value::Object(config));
        Value::Object(body)
    }

    /// The request's canonical JSON: fields in declaration order, the JSON schema's object keys
    /// sorted, floats in shortest round-trip form. The key is not part of it.
    pub fn canonical_json(&self) -> String {
        let mut copy = self.clone();
        copy.json_schema = copy.json_schema.as_ref().map(sorted_keys);
        serde_json::to_string(&copy).unwrap_or_default()
    }

    /// Key for a reply cache or a recorded replay: SHA-256 of [`Self::canonical_json`], as the
    /// 16 hex characters of [`crate::digest::digest_bytes`] (the same 64-bit digests results
    /// carry). Equal requests give equal keys on every platform; the API key never enters it.
    pub fn cache_key(&self) -> String {
        digest_bytes(self.canonical_json().as_bytes())
    }
}

fn role_name(role: Role) -> &'static str {
    match role {
        Role::User => "user",
        Role::Assistant => "assistant",
    }
}

/// `value` with every object's keys in sorted order.
fn sorted_keys(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut out = Map::new();
            for k in keys {
                out.insert(k.clone(), sorted_keys(&map[k]));
            }
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(sorted_keys).collect()),
        other => other.clone(),
    }
}

/// Percent-encodes everything but RFC 3986 unreserved characters, so a model name cannot
/// change the URL's path or query.
fn path_segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// A reply's text and token counts (0 when the service did not say).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Reply {
    pub text: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
}

/// Why a call gave no usable reply.
#[derive(Clone, Debug, PartialEq)]
pub enum CallError {
    /// HTTP 429: too many requests; `retry_after_s` from a `Retry-After` header given in
    /// seconds (an HTTP date or a missing header gives `None`).
    RateLimited { retry_after_s: Option<f64> },
    /// HTTP 5xx: the service failed.
    Server { status: u16, message: String },
    /// HTTP 401/403: the key is missing, wrong or not allowed to use this model.
    Auth { status: u16, message: String },
    /// Another HTTP 4xx, with the service's own explanation.
    BadRequest { status: u16, message: String },
    /// The body is not the JSON this provider sends; `received` is its start, as text.
    Garbage { received: String },
    /// A well-formed reply without any text (e.g. blocked by a safety filter).
    Empty { reason: String },
    /// The transport could not complete the exchange (no connection, timeout, CORS refusal).
    Network { message: String },
}

impl fmt::Display for CallError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CallError::RateLimited { retry_after_s } => match retry_after_s {
                Some(s) => write!(
                    f,
                    "The model's service says too many requests were sent; it asks to wait {s} seconds before trying again."
                ),
                None => write!(
                    f,
                    "The model's service says too many requests were sent; wait a little and try again."
                ),
            },
            CallError::Server { status, message } => write!(
                f,
                "The model's service had a problem of its own (HTTP {status}): {message}. Trying again later usually works."
            ),
            CallError::Auth { status, message } => write!(
                f,
                "The API key was refused (HTTP {status}): {message}. Check the key and that it may use this model."
            ),
            CallError::BadRequest { status, message } => write!(
                f,
                "The model's service refused the request (HTTP {status}): {message}"
            ),
            CallError::Garbage { received } => write!(
                f,
                "The model's service answered with something that is not a reply it would send. It started with: \"{received}\""
            ),
            CallError::Empty { reason } => {
                write!(f, "The model answered without any text ({reason}).")
            }
            CallError::Network { message } => write!(
                f,
                "The model's service could not be reached: {message}. Check the address and the connection."
            ),
        }
    }
}

/// Longest excerpt of a body quoted in an error message, in characters.
pub const EXCERPT_CHARS: usize = 200;

/// The first `max` characters of `s`, control characters replaced by spaces, with "..." when
/// cut. The text is only ever shown, never interpreted.
pub fn truncate(s: &str, max: usize) -> String {
    let mut out: String = s
        .chars()
        .take(max)
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    if s.chars().nth(max).is_some() {
        out.push_str("...");
    }
    out
}

/// Seconds from a `Retry-After` value: a non-negative number of seconds, or `None` for an
/// HTTP date (the engine has no clock to compare it with) or anything else.
fn retry_after_seconds(headers: &[(String, String)]) -> Option<f64> {
    let value = headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case("retry-after"))?
        .1
        .trim();
    let s: f64 = value.parse().ok()?;
    (s.is_finite() && s >= 0.0).then_some(s)
}

/// The service's own error message: `error.message` (all three providers), a string `error`,
/// or else the start of the body.
fn error_message(body: &str) -> String {
    if let Ok(v) = serde_json::from_str::<Value>(body) {
        let found = match v.get("error") {
            Some(Value::Object(e)) => e.get("message").and_then(Value::as_str),
            Some(Value::String(s)) => Some(s.as_str()),
            _ => v.get("message").and_then(Value::as_str),
        };
        if let Some(m) = found {
            return truncate(m.trim(), EXCERPT_CHARS);
        }
    }
    let body = body.trim();
    if body.is_empty() {
        "no explanation given".into()
    } else {
        truncate(body, EXCERPT_CHARS)
    }
}

/// A reply without text, with the provider's stop reason when it gave one.
fn empty_reply(stop_reason: Option<&Value>) -> CallError {
    let reason = stop_reason
        .and_then(Value::as_str)
        .map(|r| format!("it stopped because of \"{}\"", truncate(r, 40)))
        .unwrap_or_else(|| "the message is empty".into());
    CallError::Empty { reason }
}

fn tokens(v: Option<&Value>) -> u64 {
    super::oracle::cap_tokens(v.and_then(Value::as_u64).unwrap_or(0))
}

/// The error an HTTP status other than 2xx stands for (`Ok` for 2xx).
fn check_status(status: u16, headers: &[(String, String)], body: &str) -> Result<(), CallError> {
    match status {
        200..=299 => {}
        429 => {
            return Err(CallError::RateLimited {
                retry_after_s: retry_after_seconds(headers),
            })
        }
        401 | 403 => {
            return Err(CallError::Auth {
                status,
                message: error_message(body),
            })
        }
        400..=499 => {
            return Err(CallError::BadRequest {
                status,
                message: error_message(body),
            })
        }
        500..=599 => {
            return Err(CallError::Server {
                status,
                message: error_message(body),
            })
        }
        _ => {
            return Err(CallError::Garbage {
                received: format!(
                    "HTTP status {status} and \"{}\"",
                    truncate(body.trim(), EXCERPT_CHARS)
                ),
            })
        }
    }
    Ok(())
}

/// Reads a provider's HTTP response: the reply on success, otherwise a [`CallError`] saying
/// what went wrong in words a student understands.
pub fn parse_reply(
    provider: &Provider,
    status: u16,
    headers: &[(String, String)],
    body: &str,
) -> Result<Reply, CallError> {
    check_status(status, headers, body)?;
    let garbage = || CallError::Garbage {
        received: truncate(body.trim(), EXCERPT_CHARS),
    };
    let v: Value = serde_json::from_str(body).map_err(|_| garbage())?;
    if !v.is_object() {
        return Err(garbage());
    }
    match provider {
        Provider::OpenAiCompatible { .. } => {
            let choice = v
                .get("choices")
                .and_then(Value::as_array)
                .ok_or_else(garbage)?
                .first()
                .ok_or_else(|| CallError::Empty {
                    reason: "the reply has no choices".into(),
                })?;
            let text = choice
                .get("message")
                .and_then(|m| m.get("content"))
                .and_then(Value::as_str)
                .unwrap_or("");
            if text.trim().is_empty() {
                return Err(empty_reply(choice.get("finish_reason")));
            }
            let usage = v.get("usage");
            Ok(Reply {
                text: text.to_string(),
                input_tokens: tokens(usage.and_then(|u| u.get("prompt_tokens"))),
                output_tokens: tokens(usage.and_then(|u| u.get("completion_tokens"))),
            })
        }
        Provider::Anthropic => {
            let blocks = v
                .get("content")
                .and_then(Value::as_array)
                .ok_or_else(garbage)?;
            let text: String = blocks
                .iter()
                .filter(|b| b.get("type").and_then(Value::as_str) == Some("text"))
                .filter_map(|b| b.get("text").and_then(Value::as_str))
                .collect();
            if text.trim().is_empty() {
                return Err(empty_reply(v.get("stop_reason")));
            }
            let usage = v.get("usage");
            Ok(Reply {
                text,
                input_tokens: tokens(usage.and_then(|u| u.get("input_tokens"))),
                output_tokens: tokens(usage.and_then(|u| u.get("output_tokens"))),
            })
        }
        Provider::Gemini => {
            let candidates = v.get("candidates").and_then(Value::as_array);
            let usage = v.get("usageMetadata");
            let Some(first) = candidates.and_then(|c| c.first()) else {
                // No candidates: either the prompt was blocked or this is not a Gemini reply.
                return match v
                    .get("promptFeedback")
                    .and_then(|p| p.get("blockReason"))
                    .and_then(Value::as_str)
                {
                    Some(r) => Err(CallError::Empty {
                        reason: format!("the prompt was blocked: \"{}\"", truncate(r, 40)),
                    }),
                    None if usage.is_some() => Err(CallError::Empty {
                        reason: "the reply has no candidates".into(),
                    }),
                    None => Err(garbage()),
                };
            };
            let text: String = first
                .get("content")
                .and_then(|c| c.get("parts"))
                .and_then(Value::as_array)
                .map(|parts| {
                    parts
                        .iter()
                        .filter_map(|p| p.get("text").and_then(Value::as_str))
                        .collect()
                })
                .unwrap_or_default();
            if text.trim().is_empty() {
                return Err(empty_reply(first.get("finishReason")));
            }
            Ok(Reply {
                text,
                input_tokens: tokens(usage.and_then(|u| u.get("promptTokenCount"))),
                output_tokens: tokens(usage.and_then(|u| u.get("candidatesTokenCount"))),
            })
        }
    }
}

/// First wait, in milliseconds.
pub const BACKOFF_BASE_MS: f64 = 500.0;
/// Longest computed wait, in milliseconds.
pub const BACKOFF_CAP_MS: f64 = 30_000.0;
/// Longest wait a `Retry-After` header can impose, in milliseconds (ten minutes).
pub const RETRY_AFTER_CAP_MS: f64 = 600_000.0;

/// How long to wait before retry number `attempt` (0 = the first retry): exponential backoff
/// `min(cap, base * 2^attempt)` with base 500 ms and cap 30 s ("Exponential backoff",
/// e.g. AWS Architecture Blog, 2015). A `Retry-After` given by the service wins (capped at
/// ten minutes). No jitter: the engine is deterministic; a transport may add its own.
pub fn backoff_ms(attempt: u32, retry_after_s: Option<f64>) -> f64 {
    if let Some(s) = retry_after_s {
        if s.is_finite() && s >= 0.0 {
            return (s * 1000.0).min(RETRY_AFTER_CAP_MS);
        }
    }
    let mut ms = BACKOFF_BASE_MS;
    for _ in 0..attempt {
        ms *= 2.0;
        if ms >= BACKOFF_CAP_MS {
            return BACKOFF_CAP_MS;
        }
    }
    ms
}

/// Whether trying the same request again can help: yes for rate limits, service failures,
/// network trouble and a garbled body (something between the model and us broke: a proxy, a
/// cut connection); no for a refused key or request, or a well-formed reply without text (the
/// same request gives the same answer).
pub fn retryable(error: &CallError) -> bool {
    matches!(
        error,
        CallError::RateLimited { .. }
            | CallError::Server { .. }
            | CallError::Network { .. }
            | CallError::Garbage { .. }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request() -> ChatRequest {
        ChatRequest {
            model: "m".into(),
            system: Some("sys".into()),
            messages: vec![Message::user("hi")],
            temperature: 0.0,
            seed: Some(7),
            max_tokens: 16,
            json_schema: None,
        }
    }

    #[test]
    fn model_lists_of_each_provider() {
        let local = Provider::OpenAiCompatible {
            base_url: "http://127.0.0.1:8099/v1/".into(),
            json_format: JsonFormat::JsonObject,
        };
        let r = local.models_request(&ApiKey::none());
        assert_eq!(
            (r.method.as_str(), r.url.as_str()),
            ("GET", "http://127.0.0.1:8099/v1/models")
        );
        assert!(r.headers.is_empty());
        let body = r#"{"object":"list","data":[{"id":"smollm2","object":"model"},{"id":"a"}]}"#;
        assert_eq!(
            local.parse_models(200, &[], body).unwrap(),
            ["a", "smollm2"]
        );
        let g = Provider::Gemini.models_request(&ApiKey::new("k"));
        assert!(g.headers.contains(&("x-goog-api-key".into(), "k".into())));
        let body = r#"{"models":[{"name":"models/gemini-2.0-flash"}]}"#;
        assert_eq!(
            Provider::Gemini.parse_models(200, &[], body).unwrap(),
            ["gemini-2.0-flash"]
        );
        assert!(matches!(
            Provider::Anthropic.parse_models(
                401,
                &[],
                r#"{"error":{"message":"invalid x-api-key"}}"#
            ),
            Err(CallError::Auth { status: 401, .. })
        ));
        assert!(matches!(
            local.parse_models(200, &[], "<html>"),
            Err(CallError::Garbage { .. })
        ));
    }

    #[test]
    fn redact_removes_an_echoed_key() {
        let key = ApiKey::new("sk-secret-123");
        assert_eq!(
            key.redact("invalid key sk-secret-123 (sk-secret-123)"),
            "invalid key *** (***)"
        );
        assert_eq!(ApiKey::none().redact("no key"), "no key");
    }

    #[test]
    fn api_key_debug_hides_content() {
        let key = ApiKey::new("  sk-secret  ");
        assert_eq!(format!("{key:?}"), "ApiKey(***)");
        assert_eq!(key.expose(), "sk-secret");
        let http = request().http_request(&Provider::Anthropic, &key);
        assert!(!format!("{http:?}").contains("sk-secret"));
    }

    #[test]
    fn path_segment_escapes_separators() {
        assert_eq!(path_segment("gemini-2.0-flash"), "gemini-2.0-flash");
        assert_eq!(path_segment("a/b?c"), "a%2Fb%3Fc");
    }

    #[test]
    fn truncate_counts_characters_and_blanks_controls() {
        assert_eq!(truncate("äöü\nx", 3), "äöü...");
        assert_eq!(truncate("a\nb", 10), "a b");
    }
}

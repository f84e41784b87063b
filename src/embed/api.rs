//! The postMessage API a host page uses to drive an embedded lab (PhET-iO's model): commands
//! in, replies and events out, only with the origins the link allows (`origins=`, see
//! [`super::options`]). The protocol is documented in `docs/EMBEDDING.md`, with a runnable host
//! page in `examples/embed/`.
//!
//! Every message is a JSON object with `"agora": 1` (the protocol version):
//! - host to lab: `{"agora": 1, "id": 7, "command": "run"}`; commands are listed in
//!   [`COMMANDS`]; `setExperiment` carries `"experiment": {...}` (what `getExperiment`,
//!   the JSON editor and `agora run` read).
//! - lab to host, the reply to a command: `{"agora": 1, "id": 7, "ok": true, "value": ...}`
//!   or `{"agora": 1, "id": 7, "ok": false, "error": "..."}`.
//! - lab to host, events: `{"agora": 1, "event": "ready" | "changed" | "progress" |
//!   "finished" | "error", ...}`.
//!
//! Parsing and building messages is pure (tested natively); [`HostLink`] is the browser side.

use gloo::events::EventListener;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use yew::Callback;

/// The protocol version in every message.
pub const PROTOCOL: u64 = 1;

/// A command of the host page.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    GetState,
    GetExperiment,
    /// The experiment's JSON text.
    SetExperiment(String),
    Run,
    Pause,
    Resume,
    Step,
    Reset,
    GetResults,
}

/// The commands, by name, with what each does (for messages and the docs' test).
pub const COMMANDS: [(&str, &str); 9] = [
    (
        "getState",
        "the lab, the run's state, units done and in all, the digest",
    ),
    ("getExperiment", "the experiment being edited, as JSON"),
    (
        "setExperiment",
        "load \"experiment\" (refused, with the field named, if it cannot run)",
    ),
    ("run", "start a fresh run of the experiment"),
    ("pause", "pause the run"),
    ("resume", "resume a paused run"),
    (
        "step",
        "run one more unit of a paused run (or start a run paused)",
    ),
    ("reset", "stop any run and forget its results"),
    (
        "getResults",
        "the last results: the document `agora run` prints, with the digest",
    ),
];

/// A command as received: its `id` (echoed in the reply) and the command, or why it cannot be
/// read.
#[derive(Clone, Debug, PartialEq)]
pub struct Request {
    pub id: Value,
    pub command: Result<Command, String>,
}

/// Read a message. `None` for messages that are not Agora commands (other scripts on the host
/// page post messages too; events this lab posts come back when it is not in a frame).
pub fn parse_request(text: &str) -> Option<Request> {
    let v: Value = serde_json::from_str(text).ok()?;
    let obj = v.as_object()?;
    let version = obj.get("agora")?;
    let name = obj.get("command")?;
    let id = obj.get("id").cloned().unwrap_or(Value::Null);
    if version.as_u64() != Some(PROTOCOL) {
        return Some(Request {
            id,
            command: Err(format!(
                "\"agora\" is {version}: this lab speaks version {PROTOCOL} of the protocol."
            )),
        });
    }
    let command = match name.as_str() {
        Some("getState") => Ok(Command::GetState),
        Some("getExperiment") => Ok(Command::GetExperiment),
        Some("setExperiment") => match obj.get("experiment") {
            Some(e @ Value::Object(_)) => Ok(Command::SetExperiment(e.to_string())),
            Some(Value::String(s)) => Ok(Command::SetExperiment(s.clone())),
            _ => Err("setExperiment needs \"experiment\": the experiment as a JSON object (getExperiment gives one to start from).".into()),
        },
        Some("run") => Ok(Command::Run),
        Some("pause") => Ok(Command::Pause),
        Some("resume") => Ok(Command::Resume),
        Some("step") => Ok(Command::Step),
        Some("reset") => Ok(Command::Reset),
        Some("getResults") => Ok(Command::GetResults),
        _ => Err(format!(
            "\"command\" is {name}, which this lab does not know. Commands: {}.",
            COMMANDS.map(|(c, _)| c).join(", ")
        )),
    };
    Some(Request { id, command })
}

/// The reply to the request `id`.
pub fn reply(id: &Value, result: Result<Value, String>) -> String {
    match result {
        Ok(value) => json!({"agora": PROTOCOL, "id": id, "ok": true, "value": value}),
        Err(error) => json!({"agora": PROTOCOL, "id": id, "ok": false, "error": error}),
    }
    .to_string()
}

/// An event with its fields (`fields` is a JSON object).
pub fn event(name: &str, fields: Value) -> String {
    let mut v = json!({"agora": PROTOCOL, "event": name});
    if let (Some(o), Value::Object(f)) = (v.as_object_mut(), fields) {
        o.extend(f);
    }
    v.to_string()
}

/// The `finished` event: the digest and the results document as the lab exports it (inserted
/// verbatim, so its numbers are those the digest was computed from); `reproduced` when the
/// link carried a digest to check.
pub fn finished(digest: &str, reproduced: Option<bool>, document: &str) -> String {
    let head = event(
        "finished",
        json!({"digest": digest, "reproduced": reproduced}),
    );
    format!("{},\"results\":{document}}}", &head[..head.len() - 1])
}

/// The browser side: listens for the host's commands and posts replies and events to the page
/// that holds the frame. Dropping it stops listening.
pub struct HostLink {
    origins: Vec<String>,
    _listener: EventListener,
}

impl HostLink {
    /// Listen for commands from `origins` (see [`super::options::EmbedOptions::allows`]);
    /// `on_request` gets each with the origin that sent it. Messages from other origins are
    /// dropped unread.
    pub fn listen(origins: Vec<String>, on_request: Callback<(String, Request)>) -> Option<Self> {
        let window = web_sys::window()?;
        let allowed = super::options::EmbedOptions {
            origins: origins.clone(),
            ..Default::default()
        };
        let listener = EventListener::new(&window, "message", move |e| {
            let Some(e) = e.dyn_ref::<web_sys::MessageEvent>() else {
                return;
            };
            let origin = e.origin();
            if !allowed.allows(&origin) {
                return;
            }
            let data = e.data();
            let text = match data.as_string() {
                Some(s) => s,
                None => match js_sys::JSON::stringify(&data) {
                    Ok(s) => s.as_string().unwrap_or_default(),
                    Err(_) => return,
                },
            };
            if let Some(r) = parse_request(&text) {
                on_request.emit((origin, r));
            }
        });
        Some(HostLink {
            origins,
            _listener: listener,
        })
    }

    /// The origins it answers.
    pub fn origins(&self) -> &[String] {
        &self.origins
    }

    /// Post `message` (JSON text) to the frame's parent, for `origin` only.
    pub fn post_to(&self, origin: &str, message: &str) {
        let (Some(parent), Ok(value)) = (parent(), js_sys::JSON::parse(message)) else {
            return;
        };
        let _ = parent.post_message(&value, origin);
    }

    /// Post an event to every allowed origin (a browser delivers it only if the parent page is
    /// one of them).
    pub fn broadcast(&self, message: &str) {
        let (Some(parent), Ok(value)) = (parent(), js_sys::JSON::parse(message)) else {
            return;
        };
        for origin in &self.origins {
            let _ = parent.post_message(&value, origin);
        }
    }
}

fn parent() -> Option<web_sys::Window> {
    web_sys::window()?.parent().ok().flatten()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commands_are_read_and_mistakes_explained() {
        let r = parse_request(r#"{"agora":1,"id":"a","command":"run"}"#).unwrap();
        assert_eq!((r.id, r.command), (json!("a"), Ok(Command::Run)));
        let r = parse_request(
            r#"{"agora":1,"id":2,"command":"setExperiment","experiment":{"lab":"bandits"}}"#,
        )
        .unwrap();
        assert_eq!(
            r.command,
            Ok(Command::SetExperiment(r#"{"lab":"bandits"}"#.into()))
        );
        let r = parse_request(r#"{"agora":1,"id":3,"command":"setExperiment"}"#).unwrap();
        assert!(r.command.unwrap_err().contains("\"experiment\""));
        let r = parse_request(r#"{"agora":1,"id":4,"command":"fly"}"#).unwrap();
        let e = r.command.unwrap_err();
        assert!(e.contains("\"fly\"") && e.contains("getResults"), "{e}");
        let r = parse_request(r#"{"agora":2,"id":5,"command":"run"}"#).unwrap();
        assert!(r.command.unwrap_err().contains("version 1"));
        // Not ours: other scripts' messages and this lab's own events.
        assert_eq!(parse_request("hello"), None);
        assert_eq!(parse_request(r#"{"type":"resize"}"#), None);
        assert_eq!(
            parse_request(&event("ready", json!({"lab": "bandits"}))),
            None
        );
    }

    #[test]
    fn replies_and_events_are_json_with_the_protocol_version() {
        let ok: Value =
            serde_json::from_str(&reply(&json!(7), Ok(json!({"state": "idle"})))).unwrap();
        assert_eq!(
            ok,
            json!({"agora": 1, "id": 7, "ok": true, "value": {"state": "idle"}})
        );
        let err: Value = serde_json::from_str(&reply(&json!(8), Err("no".into()))).unwrap();
        assert_eq!(
            err,
            json!({"agora": 1, "id": 8, "ok": false, "error": "no"})
        );
        let ev: Value =
            serde_json::from_str(&event("progress", json!({"done": 3, "total": 9}))).unwrap();
        assert_eq!(
            ev,
            json!({"agora": 1, "event": "progress", "done": 3, "total": 9})
        );
        let doc = r#"{"digest":"0123456789abcdef","results":{"x":[0.1,1e-7]}}"#;
        let f: Value =
            serde_json::from_str(&finished("0123456789abcdef", Some(true), doc)).unwrap();
        assert_eq!(f["event"], "finished");
        assert_eq!(f["reproduced"], true);
        assert_eq!(f["results"]["results"]["x"][1], 1e-7);
    }
}

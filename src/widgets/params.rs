//! The serde-driven parameter editor: any config that serializes to a JSON object (a bandit
//! policy, a game strategy, a tax planner) is edited field by field without a form written
//! for it.
//!
//! The config is serialized to a `serde_json::Value`, every key but `kind` becomes a field
//! (numbers, booleans, choices, lists, optional values, nested objects), an edit writes the new
//! value back at its path and the result is deserialized again. A value the config does not
//! accept comes back as serde's message, shown next to the field. Choices are discovered the
//! same way: deserializing an impossible string makes serde list the accepted variants
//! ("expected one of `a`, `b`").

use super::fields::{parse_list, parse_number};
use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::{Map, Number, Value};

/// How a parameter is edited.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldKind {
    /// A number; `integer` if the default is a whole number (counts, periods).
    Number {
        integer: bool,
    },
    Bool,
    /// One of a fixed set of strings.
    Choice(Vec<String>),
    /// Free text.
    Text,
    /// A list of numbers.
    List,
    /// An optional value that is currently unset (`null`): empty text keeps it unset.
    Optional,
}

/// One editable parameter of a config.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Keys from the config object down to this value.
    pub path: Vec<String>,
    /// "prior alpha".
    pub label: String,
    pub kind: FieldKind,
    /// The current value as text.
    pub text: String,
    /// The current value (for booleans and choices).
    pub value: Value,
}

impl Field {
    /// A stable id such as "prior_alpha" or "schedule.c".
    pub fn id(&self) -> String {
        self.path.join(".")
    }
}

/// "prior_alpha" -> "prior alpha".
pub fn humanize(key: &str) -> String {
    key.replace('_', " ")
}

fn number_text(n: &Number) -> String {
    if let Some(u) = n.as_u64() {
        u.to_string()
    } else if let Some(i) = n.as_i64() {
        i.to_string()
    } else {
        n.as_f64().map(|x| format!("{x}")).unwrap_or_default()
    }
}

/// The editable parameters of `config` (every key but a top-level `kind`), in declaration
/// order.
pub fn fields_of<T: Serialize + DeserializeOwned>(config: &T) -> Vec<Field> {
    let Ok(Value::Object(map)) = serde_json::to_value(config) else {
        return Vec::new();
    };
    let root = Value::Object(map.clone());
    let mut out = Vec::new();
    collect_fields::<T>(&root, &map, &mut Vec::new(), &mut out);
    out
}

fn collect_fields<T: DeserializeOwned>(
    root: &Value,
    map: &Map<String, Value>,
    prefix: &mut Vec<String>,
    out: &mut Vec<Field>,
) {
    for (key, value) in map {
        if prefix.is_empty() && key == "kind" {
            continue;
        }
        prefix.push(key.clone());
        let label = prefix
            .iter()
            .map(|k| humanize(k))
            .collect::<Vec<_>>()
            .join(" › ");
        let field = |kind: FieldKind, text: String| Field {
            path: prefix.clone(),
            label: label.clone(),
            kind,
            text,
            value: value.clone(),
        };
        match value {
            Value::Number(n) => out.push(field(
                FieldKind::Number {
                    integer: n.is_u64() || n.is_i64(),
                },
                number_text(n),
            )),
            Value::Bool(b) => out.push(field(FieldKind::Bool, b.to_string())),
            Value::String(s) => {
                let kind = match choices_at::<T>(root, prefix) {
                    Some(opts) if opts.len() > 1 => FieldKind::Choice(opts),
                    _ => FieldKind::Text,
                };
                out.push(field(kind, s.clone()));
            }
            Value::Null => out.push(field(FieldKind::Optional, String::new())),
            Value::Array(items) if items.iter().all(Value::is_number) => out.push(field(
                FieldKind::List,
                items
                    .iter()
                    .filter_map(|v| v.as_number().map(number_text))
                    .collect::<Vec<_>>()
                    .join(", "),
            )),
            Value::Object(inner) => collect_fields::<T>(root, inner, prefix, out),
            // Anything else (lists of objects) is edited in the JSON box.
            Value::Array(_) => {}
        }
        prefix.pop();
    }
}

/// The accepted strings at `path`, found by asking serde what it expected instead of an
/// impossible value.
fn choices_at<T: DeserializeOwned>(root: &Value, path: &[String]) -> Option<Vec<String>> {
    let mut probe = root.clone();
    set_at(&mut probe, path, Value::String("\u{1}?".into())).ok()?;
    let err = serde_json::from_value::<T>(probe).err()?;
    let opts = expected_variants(&err.to_string());
    (!opts.is_empty()).then_some(opts)
}

/// The names in backticks after "expected" in a serde message:
/// "unknown variant `x`, expected one of `a`, `b`" -> ["a", "b"]; "expected `a` or `b`" ->
/// ["a", "b"].
pub fn expected_variants(message: &str) -> Vec<String> {
    let Some(i) = message.find("expected") else {
        return Vec::new();
    };
    let rest = &message[i..];
    let mut out = Vec::new();
    let mut parts = rest.split('`');
    parts.next();
    while let Some(name) = parts.next() {
        out.push(name.to_string());
        // Skip the separator (", ", " or ") up to the next opening backtick.
        if parts.next().is_none() {
            break;
        }
    }
    out
}

/// Put `v` at `path` inside `root` (objects only).
fn set_at(root: &mut Value, path: &[String], v: Value) -> Result<(), String> {
    let mut cur = root;
    for (i, key) in path.iter().enumerate() {
        let obj = cur
            .as_object_mut()
            .ok_or_else(|| "this setting is not an object".to_string())?;
        if i + 1 == path.len() {
            obj.insert(key.clone(), v);
            return Ok(());
        }
        cur = obj
            .get_mut(key)
            .ok_or_else(|| format!("no setting called {key}"))?;
    }
    Err("empty path".into())
}

/// Turn what the student typed into the JSON value for `field`.
pub fn value_from_text(field: &Field, text: &str) -> Result<Value, String> {
    match &field.kind {
        FieldKind::Number { integer } => {
            let t = text.trim();
            if *integer {
                if let Ok(u) = t.parse::<u64>() {
                    return Ok(Value::Number(u.into()));
                }
                if let Ok(i) = t.parse::<i64>() {
                    return Ok(Value::Number(i.into()));
                }
            }
            let x = parse_number(t)?;
            Number::from_f64(x)
                .map(Value::Number)
                .ok_or_else(|| format!("\"{t}\" is not a number"))
        }
        FieldKind::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("choose yes or no".into()),
        },
        FieldKind::Choice(_) | FieldKind::Text => Ok(Value::String(text.to_string())),
        FieldKind::List => {
            let xs = parse_list(text)?;
            Ok(Value::Array(
                xs.into_iter()
                    .filter_map(Number::from_f64)
                    .map(Value::Number)
                    .collect(),
            ))
        }
        FieldKind::Optional => {
            let t = text.trim();
            if t.is_empty() {
                return Ok(Value::Null);
            }
            if let Ok(v) = serde_json::from_str::<Value>(t) {
                return Ok(v);
            }
            Ok(Value::String(t.to_string()))
        }
    }
}

/// `config` with the parameter at `path` set to `v`, or why the config refuses it.
pub fn with_field<T: Serialize + DeserializeOwned>(
    config: &T,
    path: &[String],
    v: Value,
) -> Result<T, String> {
    let mut value = serde_json::to_value(config).map_err(|e| e.to_string())?;
    set_at(&mut value, path, v)?;
    serde_json::from_value::<T>(value).map_err(|e| plain_serde_message(&e.to_string()))
}

/// `config` with the parameter whose id ([`Field::id`]) is `id` set from the typed `text`, or
/// why it cannot be.
pub fn apply_text<T: Serialize + DeserializeOwned>(
    config: &T,
    id: &str,
    text: &str,
) -> Result<T, String> {
    let field = fields_of(config)
        .into_iter()
        .find(|f| f.id() == id)
        .ok_or("unknown setting")?;
    let value = value_from_text(&field, text)?;
    with_field(config, &field.path, value)
}

/// serde's messages, a little plainer: "invalid type: floating point `1.5`, expected usize"
/// -> "must be a whole number (got 1.5)".
pub fn plain_serde_message(m: &str) -> String {
    let wants_whole = [
        "expected usize",
        "expected u64",
        "expected u32",
        "expected i64",
        "expected u8",
        "expected u16",
        "expected i32",
    ];
    if wants_whole.iter().any(|w| m.contains(w)) {
        if let Some(got) = m.split('`').nth(1) {
            return format!("must be a whole number (got {got})");
        }
        return "must be a whole number".into();
    }
    if m.contains("expected f64") || m.contains("expected f32") {
        return "must be a number".into();
    }
    m.to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_engine::bandits::PolicyConfig;

    #[test]
    fn serde_variant_lists_are_read() {
        assert_eq!(
            expected_variants("unknown variant `zz`, expected one of `linear`, `log`, `sqrt`"),
            vec!["linear", "log", "sqrt"]
        );
        assert_eq!(
            expected_variants("unknown variant `zz`, expected `a` or `b` at line 1"),
            vec!["a", "b"]
        );
        assert_eq!(
            expected_variants("unknown variant `zz`, expected `only`"),
            vec!["only"]
        );
        assert!(expected_variants("missing field `x`").is_empty());
    }

    #[test]
    fn every_default_policy_round_trips_through_its_fields() {
        for p in PolicyConfig::all_defaults() {
            for f in fields_of(&p) {
                let v = value_from_text(&f, &f.text).unwrap_or_else(|e| panic!("{}: {e}", f.id()));
                let back = with_field(&p, &f.path, v).unwrap_or_else(|e| panic!("{}: {e}", f.id()));
                assert_eq!(back, p, "{} field {}", p.kind(), f.id());
            }
        }
    }

    #[test]
    fn editing_a_number_field_changes_only_that_parameter() {
        let p = PolicyConfig::all_defaults()
            .into_iter()
            .find(|p| p.kind() == "thompson")
            .expect("Thompson sampling is registered");
        let fields = fields_of(&p);
        let f = fields.iter().find(|f| f.id() == "prior_alpha").unwrap();
        assert_eq!(f.kind, FieldKind::Number { integer: false });
        let edited = with_field(&p, &f.path, value_from_text(f, "2.5").unwrap()).unwrap();
        let v = serde_json::to_value(&edited).unwrap();
        assert_eq!(v["prior_alpha"], serde_json::json!(2.5));
        assert_eq!(v["prior_beta"], serde_json::json!(1.0));
        assert!(value_from_text(f, "abc").is_err());
    }

    #[test]
    fn whole_number_messages_are_plain() {
        assert_eq!(
            plain_serde_message("invalid type: floating point `1.5`, expected usize"),
            "must be a whole number (got 1.5)"
        );
        assert_eq!(plain_serde_message("something else"), "something else");
    }
}

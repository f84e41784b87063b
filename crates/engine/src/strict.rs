//! Strict, friendly reading of the JSON people write: every error names the JSON path of the
//! field it is about (`policies[2].prior_alpha`), and what serde would quietly accept but a
//! person did not mean is refused.
//!
//! Refused, beyond what the types refuse:
//! - a key written twice in one object (serde_json keeps the last one);
//! - anything after the document;
//! - a variant written as a number (`"kind": 5` is variant 5 to serde's derive);
//! - a struct written as a list of its fields in order (`["Thompson", 1, 1]`).
//!
//! The last two are found by comparing what was read with its canonical serialization: a
//! list where the canonical form has an object, or a number where it has a name.
//!
//! Paths come from `serde_path_to_error`, which tracks them through plain structs, lists and
//! maps but not into internally tagged enums (serde buffers those before choosing the
//! variant). An error inside such an enum is narrowed down by reading the
//! document again without one field at a time: the field whose absence changes the error is
//! the one it was about.

use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::{Map, Value};
use std::fmt;

/// `parent.key` or `parent[i]` as the messages write paths.
fn join(parent: &str, key: &str) -> String {
    if parent.is_empty() {
        key.to_string()
    } else {
        format!("{parent}.{key}")
    }
}

fn index(parent: &str, i: usize) -> String {
    format!("{parent}[{i}]")
}

/// A JSON value read with the path of each node, refusing duplicate keys.
struct Strict<'p> {
    path: &'p str,
}

/// The marker put before a message that already names its path, so that the enclosing
/// objects do not name it again.
const AT: &str = "at ";

fn located<E: de::Error>(path: &str, e: impl fmt::Display) -> E {
    let m = e.to_string();
    if m.starts_with(AT) || path.is_empty() {
        E::custom(m)
    } else {
        E::custom(format!("{AT}{path}: {m}"))
    }
}

impl<'de> DeserializeSeed<'de> for Strict<'_> {
    type Value = Value;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Value, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Strict<'_> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(v.into())
    }
    fn visit_f64<E: de::Error>(self, v: f64) -> Result<Value, E> {
        serde_json::Number::from_f64(v)
            .map(Value::Number)
            .ok_or_else(|| located(self.path, "JSON has no NaN or Infinity; write a number"))
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut out = Vec::new();
        loop {
            let path = index(self.path, out.len());
            match seq.next_element_seed(Strict { path: &path }) {
                Ok(Some(v)) => out.push(v),
                Ok(None) => return Ok(Value::Array(out)),
                Err(e) => return Err(located(&path, e)),
            }
        }
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut out = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            let path = join(self.path, &key);
            if out.contains_key(&key) {
                return Err(located(
                    &path,
                    "this key is written twice in the same object; keep one",
                ));
            }
            let v = map
                .next_value_seed(Strict { path: &path })
                .map_err(|e| located::<A::Error>(&path, e))?;
            out.insert(key, v);
        }
        Ok(Value::Object(out))
    }
}

/// Parse JSON text, refusing duplicate keys and anything after the document. The error says
/// where (path, line and column) and quotes the text there.
pub fn parse(text: &str) -> Result<Value, String> {
    let mut de = serde_json::Deserializer::from_str(text);
    let value = Strict { path: "" }
        .deserialize(&mut de)
        .and_then(|v| de.end().map(|()| v))
        .map_err(|e| syntax_message(text, &e))?;
    Ok(value)
}

fn syntax_message(text: &str, e: &serde_json::Error) -> String {
    let (line, column) = (e.line(), e.column());
    let full = e.to_string();
    let m = full
        .strip_suffix(&format!(" at line {line} column {column}"))
        .unwrap_or(&full)
        .replace(
            "trailing characters",
            "there is more text after the end of the JSON document",
        );
    // "at PATH: message" from the reader above, or serde_json's own message.
    let (located, m) = match m.strip_prefix(AT) {
        Some(rest) => (true, rest.to_string()),
        None => (false, m),
    };
    if line == 0 {
        return m;
    }
    let near: String = text
        .lines()
        .nth(line - 1)
        .unwrap_or("")
        .chars()
        .skip(column.saturating_sub(1))
        .take(24)
        .collect();
    let near = near.trim();
    if near.starts_with("NaN") || near.starts_with("Infinity") || near.starts_with("-Infinity") {
        format!("{m} (line {line}, column {column}): JSON has no NaN or Infinity, write a number")
    } else if located || near.is_empty() {
        format!("{m} (line {line}, column {column})")
    } else {
        format!("{m} (line {line}, column {column}, near \"{near}\")")
    }
}

/// Read `T` from a value [`parse`] returned, with the path of the field in every error, then
/// refuse numeric variant tags and positional structs (see the module doc).
pub fn from_value<T: DeserializeOwned + Serialize>(value: &Value) -> Result<T, String> {
    let read = read::<T>(value).map_err(|(path, m)| narrow::<T>(value, &path, &m))?;
    let canonical = serde_json::to_value(&read).map_err(|e| e.to_string())?;
    check_shape(value, &canonical, "")?;
    Ok(read)
}

/// One attempt: the value or (the path serde_path_to_error reached, serde's message).
fn read<T: DeserializeOwned>(value: &Value) -> Result<T, (String, String)> {
    serde_path_to_error::deserialize::<_, T>(value.clone()).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." { String::new() } else { path };
        (path, friendly(&e.into_inner().to_string()))
    })
}

/// Where the error `message` is, starting from `path` (where serde_path_to_error got to).
/// Its paths stop at internally tagged enums (and Agora's experiment is one, tagged by its
/// lab), so the node is found by editing the document and reading it again:
/// - "unknown field `x`": the object holding `x` whose removal changes the error;
/// - "missing field `x`": the object without `x` that, given `"x": null`, no longer says so
///   (and does not call `x` unknown);
/// - "unknown variant `x`": the name `x` whose replacement changes the error;
/// - any other error (a wrong type or value): from `path` down, the field without which the
///   error goes or asks for that field back, or the list element that, replaced by another,
///   changes the error.
fn narrow<T: DeserializeOwned>(root: &Value, path: &str, message: &str) -> String {
    let named = |prefix: &str| {
        let rest = &message[message.find(prefix)? + prefix.len()..];
        Some(rest[..rest.find('`')?].to_string())
    };
    let differs = |v: &Value, ok: &dyn Fn(&str) -> bool| match read::<T>(v) {
        Ok(_) => true,
        Err((_, m)) => m != message && ok(&m),
    };
    let mut budget = MAX_TRIES;
    let found = if let Some(x) = named("unknown field `") {
        find(root, "", "", &mut budget, &mut |ptr, node| {
            node.as_object().is_some_and(|m| m.contains_key(&x))
                && differs(
                    &edited(root, ptr, |n| {
                        n.as_object_mut().map(|m| m.remove(&x));
                    }),
                    &|_| true,
                )
        })
    } else if let Some(x) = named("missing field `") {
        find(root, "", "", &mut budget, &mut |ptr, node| {
            node.as_object().is_some_and(|m| !m.contains_key(&x))
                && differs(
                    &edited(root, ptr, |n| {
                        n.as_object_mut().map(|m| m.insert(x.clone(), Value::Null));
                    }),
                    &|m| !m.contains(&format!("unknown field `{x}`")),
                )
        })
    } else if let Some(x) = named("unknown variant `") {
        find(root, "", "", &mut budget, &mut |ptr, node| {
            node.as_str() == Some(x.as_str())
                && differs(
                    &edited(root, ptr, |n| *n = Value::String(UNNAMED.into())),
                    &|_| true,
                )
        })
    } else {
        Some(descend::<T>(root, path, message))
    };
    let path = found.unwrap_or_else(|| path.to_string());
    if path.is_empty() {
        message.to_string()
    } else {
        format!("{path}: {message}")
    }
}

/// Documents read again while narrowing an error down, at most.
const MAX_TRIES: usize = 400;

/// A name no variant has.
const UNNAMED: &str = "\u{1}";

/// `root` with the node at `pointer` changed by `f`.
fn edited(root: &Value, pointer: &str, f: impl FnOnce(&mut Value)) -> Value {
    let mut v = root.clone();
    if let Some(n) = v.pointer_mut(pointer) {
        f(n);
    }
    v
}

/// The path of the first node, in document order, that `hit` accepts (each call counts
/// against `budget`).
fn find(
    node: &Value,
    pointer: &str,
    path: &str,
    budget: &mut usize,
    hit: &mut dyn FnMut(&str, &Value) -> bool,
) -> Option<String> {
    if *budget == 0 {
        return None;
    }
    *budget -= 1;
    if hit(pointer, node) {
        return Some(path.to_string());
    }
    match node {
        Value::Object(m) => m.iter().find_map(|(k, v)| {
            find(
                v,
                &format!("{pointer}/{}", escape(k)),
                &join(path, k),
                budget,
                hit,
            )
        }),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .find_map(|(i, v)| find(v, &format!("{pointer}/{i}"), &index(path, i), budget, hit)),
        _ => None,
    }
}

fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A wrong type or value: from `path` down to the field it is about.
fn descend<T: DeserializeOwned>(root: &Value, path: &str, message: &str) -> String {
    let mut path = path.to_string();
    let mut pointer = pointer_of(&path);
    for _ in 0..MAX_TRIES / 8 {
        let Some(node) = root.pointer(&pointer) else {
            break;
        };
        let step: Option<String> = match node {
            Value::Object(m) => m
                .keys()
                .find(|k| {
                    // Without the field it is about, the error goes or asks for it back; a
                    // variant's tag does that too, but a name no variant has is then refused
                    // as an unknown variant.
                    let gone = match read::<T>(&edited(root, &pointer, |n| {
                        n.as_object_mut().map(|m| m.remove(k.as_str()));
                    })) {
                        Ok(_) => true,
                        Err((_, m)) => m.contains(&format!("missing field `{k}`")),
                    };
                    gone && !matches!(
                        read::<T>(&edited(root, &pointer, |n| {
                            n.as_object_mut()
                                .map(|m| m.insert(k.to_string(), Value::String(UNNAMED.into())));
                        })),
                        Err((_, m)) if m.contains("unknown variant")
                    )
                })
                .cloned(),
            Value::Array(a) if a.len() > 1 => (0..a.len())
                .find(|&i| {
                    let other = a[if i == 0 { 1 } else { 0 }].clone();
                    match read::<T>(&edited(root, &pointer, |n| {
                        if let Some(slot) = n.as_array_mut().and_then(|a| a.get_mut(i)) {
                            *slot = other;
                        }
                    })) {
                        Ok(_) => true,
                        Err((_, m)) => m != message,
                    }
                })
                .map(|i| i.to_string()),
            _ => None,
        };
        let Some(step) = step else { break };
        path = match node {
            Value::Array(_) => index(&path, step.parse().unwrap_or(0)),
            _ => join(&path, &step),
        };
        pointer = format!("{pointer}/{}", escape(&step));
    }
    path
}

/// The JSON pointer (`/policies/2/prior_alpha`) of a path in the messages' form.
fn pointer_of(path: &str) -> String {
    let mut out = String::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').unwrap_or((part, ""));
        if !key.is_empty() {
            out.push('/');
            out.push_str(&escape(key));
        }
        for i in rest.split('[') {
            let i = i.trim_end_matches(']');
            if !i.is_empty() {
                out.push('/');
                out.push_str(i);
            }
        }
    }
    out
}

/// Numeric tags and positional structs: what was written has a number where the canonical
/// form has a name, or a list where it has an object.
fn check_shape(written: &Value, canonical: &Value, path: &str) -> Result<(), String> {
    let at = |m: String| {
        if path.is_empty() {
            m
        } else {
            format!("{path}: {m}")
        }
    };
    match (written, canonical) {
        (Value::Number(n), Value::String(s)) => Err(at(format!(
            "write the name \"{s}\" in quotes, not the number {n}"
        ))),
        (Value::Array(_), Value::Object(m)) => {
            let names: Vec<&str> = m.keys().map(String::as_str).take(6).collect();
            Err(at(format!(
                "write this as an object with named fields ({{\"{}\": ...}}), not as a list",
                names.join("\": ..., \"")
            )))
        }
        (Value::Object(w), Value::Object(c)) => {
            for (k, v) in w {
                if let Some(cv) = c.get(k) {
                    check_shape(v, cv, &join(path, k))?;
                }
            }
            Ok(())
        }
        (Value::Array(w), Value::Array(c)) if w.len() == c.len() => {
            for (i, (v, cv)) in w.iter().zip(c).enumerate() {
                check_shape(v, cv, &index(path, i))?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// serde's messages in words a student reads: "expected a number" for "expected f64".
fn friendly(m: &str) -> String {
    const WORDS: [(&str, &str); 18] = [
        ("expected variant identifier", "expected a name in quotes"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
        ("expected usize", "expected a whole number, 0 or more"),
        ("expected u64", "expected a whole number, 0 or more"),
        ("expected u32", "expected a whole number, 0 or more"),
        ("expected u16", "expected a whole number, 0 or more"),
        ("expected u8", "expected a whole number, 0 or more"),
        ("expected i64", "expected a whole number"),
        ("expected i32", "expected a whole number"),
        ("expected a sequence", "expected a list [...]"),
        ("expected a boolean", "expected true or false"),
        ("expected a string", "expected text in quotes"),
        ("invalid type: floating point", "invalid type: the number"),
        ("invalid type: integer", "invalid type: the number"),
        ("invalid type: string", "invalid type: the text"),
        ("invalid type: map", "invalid type: an object {...}"),
        ("invalid type: sequence", "invalid type: a list"),
    ];
    let mut out = m.to_string();
    for (from, to) in WORDS {
        out = out.replace(from, to);
    }
    if let Some(i) = out.find("expected struct ") {
        let end = out[i..].find([',', ')']).map_or(out.len(), |e| i + e);
        out.replace_range(i..end, "expected an object {...}");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(tag = "kind", deny_unknown_fields)]
    enum Policy {
        Greedy,
        Thompson { prior_alpha: f64, prior_beta: f64 },
    }

    #[derive(Debug, PartialEq, Serialize, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Exp {
        horizon: usize,
        policies: Vec<Policy>,
    }

    fn load(text: &str) -> Result<Exp, String> {
        from_value(&parse(text)?)
    }

    #[test]
    fn reads_what_is_well_formed() {
        let e = load(r#"{"horizon": 3, "policies": [{"kind": "Greedy"}, {"kind": "Thompson", "prior_alpha": 1, "prior_beta": 2}]}"#).unwrap();
        assert_eq!(e.horizon, 3);
        assert_eq!(e.policies.len(), 2);
    }

    #[test]
    fn duplicate_keys_are_refused_with_their_path() {
        let e = load(r#"{"horizon": 3, "policies": [{"kind": "Greedy", "kind": "Greedy"}]}"#)
            .unwrap_err();
        assert!(
            e.starts_with(
                "policies[0].kind: this key is written twice in the same object; keep one (line 1"
            ),
            "{e}"
        );
        let e = load(r#"{"horizon": 3, "horizon": 4, "policies": []}"#).unwrap_err();
        assert!(e.starts_with("horizon: this key is written twice"), "{e}");
    }

    #[test]
    fn trailing_text_and_nan_are_refused_clearly() {
        let e = load(r#"{"horizon": 3, "policies": []} x"#).unwrap_err();
        assert!(e.contains("more text after the end"), "{e}");
        let e = load(r#"{"horizon": 3, "policies": [{"kind": "Thompson", "prior_alpha": NaN}]}"#)
            .unwrap_err();
        assert!(e.contains("policies[0].prior_alpha"), "{e}");
        assert!(e.contains("no NaN"), "{e}");
    }

    #[test]
    fn errors_inside_tagged_enums_name_the_field() {
        let e = load(r#"{"horizon": 3, "policies": [{"kind": "Greedy"}, {"kind": "Thompson", "prior_alpha": "a", "prior_beta": 2}]}"#).unwrap_err();
        assert!(
            e.starts_with(
                "policies[1].prior_alpha: invalid type: the text \"a\", expected a number"
            ),
            "{e}"
        );
        let e = load(r#"{"horizon": -1, "policies": []}"#).unwrap_err();
        assert!(e.starts_with("horizon: invalid value"), "{e}");
        let e = load(r#"{"horizon": 3, "policies": 0}"#).unwrap_err();
        assert_eq!(
            e,
            "policies: invalid type: the number `0`, expected a list [...]"
        );
        let e = load(r#"{"horizon": 3, "policies": [{"kind": "Greedy"}, {"kind": "Thompson", "prior_alpha": 1, "prior_beta": 2, "prior_gamma": 3}]}"#).unwrap_err();
        assert!(
            e.starts_with("policies[1]: unknown field `prior_gamma`"),
            "{e}"
        );
        let e = load(r#"{"horizon": 3, "policies": [{"kind": "Greedy"}, {"kind": "Thompson", "prior_alpha": 1}]}"#).unwrap_err();
        assert_eq!(e, "policies[1]: missing field `prior_beta`");
        let e = load(r#"{"horizon": 3, "policies": [{"kind": "Nope"}]}"#).unwrap_err();
        assert!(
            e.starts_with("policies[0].kind: unknown variant `Nope`"),
            "{e}"
        );
    }

    #[test]
    fn numeric_tags_and_positional_structs_are_refused() {
        let e = load(r#"{"horizon": 3, "policies": [{"kind": 0}]}"#).unwrap_err();
        assert_eq!(
            e,
            "policies[0].kind: invalid type: the number `0`, expected a name in quotes"
        );
        let e = load(r#"{"horizon": 3, "policies": [["Thompson", 1, 2]]}"#).unwrap_err();
        assert!(
            e.starts_with("policies[0]: write this as an object with named fields"),
            "{e}"
        );
        let e = load(r#"[3, []]"#).unwrap_err();
        assert!(e.starts_with("write this as an object"), "{e}");
    }

    #[test]
    fn pointers_follow_paths() {
        assert_eq!(pointer_of(""), "");
        assert_eq!(
            pointer_of("policies[2].prior_alpha"),
            "/policies/2/prior_alpha"
        );
        assert_eq!(pointer_of("a[1][0].b"), "/a/1/0/b");
    }
}

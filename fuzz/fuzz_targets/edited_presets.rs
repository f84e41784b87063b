//! A preset with some of its numbers, names and lists changed, as a student editing a form or
//! a hostile user editing a link would: it validates or is refused with a message (never a
//! panic or an overflow), and when it is small (every whole number at most 16) a validated
//! experiment also runs a few units without panicking.
//!
//! The input's first byte picks the preset; each following group of 9 bytes is one edit: a
//! byte that picks a leaf of the experiment's JSON (numbers, strings, lists) and 8 bytes for
//! the new value (one of the values that break code, or the bytes as a number).
#![no_main]

use agora_engine::{presets, Experiment};
use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use std::sync::OnceLock;

/// Every preset's JSON, made once.
static PRESETS: OnceLock<Vec<Value>> = OnceLock::new();

/// Whole numbers above this make an experiment too big to run in a fuzz iteration.
const SMALL: u64 = 16;

/// Values that break code: zero, one, the edges of the integer types, huge and tiny floats.
const EDGES: [f64; 12] = [
    0.0,
    1.0,
    -1.0,
    2.0,
    0.5,
    1e-300,
    -1e-300,
    1e308,
    -1e308,
    4294967296.0,
    1e19,
    1.8446744073709552e19,
];

fuzz_target!(|data: &[u8]| {
    let Some((&pick, edits)) = data.split_first() else {
        return;
    };
    let all = PRESETS.get_or_init(|| {
        presets::all()
            .iter()
            .map(|p| serde_json::from_str(&p.experiment.to_json()).unwrap())
            .collect()
    });
    let mut value = all[pick as usize % all.len()].clone();
    let small = pick >= 128;
    if small {
        shrink(&mut value);
    }
    for edit in edits.chunks_exact(9) {
        let mut leaves = Vec::new();
        collect(&value, String::new(), &mut leaves);
        if leaves.is_empty() {
            break;
        }
        let at = &leaves[edit[0] as usize % leaves.len()];
        let raw = u64::from_le_bytes(edit[1..9].try_into().unwrap());
        if let Some(leaf) = value.pointer_mut(at) {
            *leaf = replacement(leaf, raw, small);
        }
    }
    if std::env::var_os("AGORA_FUZZ_PRINT").is_some() {
        eprintln!("{value}");
    }
    let Ok(exp) = Experiment::from_json(&value.to_string()) else {
        return;
    };
    let _ = exp.units();
    if small && !exp.has_llm() {
        if let Ok(mut runner) = agora_engine::experiment::Runner::new(&exp) {
            runner.step(2);
            let _ = runner.outcome();
        }
    }
});

/// JSON pointers of the leaves an edit may change: numbers, strings, and lists (which an edit
/// may empty or double).
fn collect(v: &Value, at: String, out: &mut Vec<String>) {
    match v {
        Value::Object(m) => {
            for (k, child) in m {
                if k != "format" && k != "lab" && k != "transcript" {
                    collect(
                        child,
                        format!("{at}/{}", k.replace('~', "~0").replace('/', "~1")),
                        out,
                    );
                }
            }
        }
        Value::Array(a) => {
            out.push(at.clone());
            for (i, child) in a.iter().enumerate() {
                collect(child, format!("{at}/{i}"), out);
            }
        }
        Value::Number(_) | Value::String(_) | Value::Bool(_) => out.push(at),
        Value::Null => {}
    }
}

/// The new value of `leaf` from 8 fuzzer bytes.
fn replacement(leaf: &Value, raw: u64, small: bool) -> Value {
    let choice = (raw & 0xff) as usize;
    match leaf {
        Value::Number(_) if small => Value::from(raw % (SMALL + 1)),
        Value::Number(_) => match choice % 4 {
            0 => Value::from(raw >> 8),
            1 => Value::from(u64::MAX - (raw >> 56)),
            2 => serde_json::Number::from_f64(EDGES[(raw >> 8) as usize % EDGES.len()])
                .map_or(Value::Null, Value::Number),
            _ => serde_json::Number::from_f64(f64::from_bits(raw))
                .map_or(Value::from(0), Value::Number),
        },
        Value::String(s) => match choice % 3 {
            0 => Value::String(String::new()),
            1 => Value::String(s.repeat(1 + (raw >> 8) as usize % 3)),
            _ => Value::String(format!(
                "{s}{}",
                char::from_u32((raw >> 8) as u32 % 0x3000).unwrap_or('x')
            )),
        },
        Value::Bool(b) => Value::Bool(!b),
        Value::Array(a) => match choice % 3 {
            0 => Value::Array(Vec::new()),
            // Doubled up to a few hundred elements: past that the edits, not the engine,
            // take the time.
            1 if a.len() < 256 => Value::Array(a.iter().chain(a.iter()).cloned().collect()),
            1 => a
                .first()
                .map_or(Value::Null, |first| Value::Array(vec![first.clone(); 300])),
            _ => Value::Array(a.iter().take(a.len() / 2).cloned().collect()),
        },
        other => other.clone(),
    }
}

/// Every whole number down to at most [`SMALL`] (seeds included: they only pick streams).
fn shrink(v: &mut Value) {
    match v {
        Value::Object(m) => m.values_mut().for_each(shrink),
        Value::Array(a) => a.iter_mut().for_each(shrink),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                if u > SMALL {
                    *v = Value::from(SMALL);
                }
            }
        }
        _ => {}
    }
}

//! Reading an action out of a model's reply, tolerantly.
//!
//! Models asked "A: Option" answer "J", " F.", "Option J", "I choose Option F.", `{"option":
//! "J"}`, `**Option J**`, or a paragraph of reasoning. The parsers here read such replies as
//! plain text (HTML or script tags are just characters; nothing is ever executed or rendered):
//!
//! 1. A JSON object anywhere in the reply with a known key (`option`, `choice`, `arm`, ...) is
//!    read first.
//! 2. Otherwise the reply is split into words, numbers and punctuation (markdown marks, quotes
//!    and brackets are ignored), and every mention of an action is collected. A *strong*
//!    mention names its kind ("Option J", "arm 3", "button 2"); a *weak* one is the bare label
//!    ("J", "3"). When any strong mention exists, weak ones are ignored.
//! 3. The first unambiguous mention wins. A mention is ambiguous when it is listed with a
//!    different one ("Option J or Option F", "J/F", "J, F") and it is discarded when a negation
//!    ("not", "never", "won't", ...) stands up to three words before it in the same clause.
//!    If nothing is left the reply is an error that says why: a refusal, both options named
//!    equally, only negated options, or no option at all.
//!
//! This follows how Akata et al. (2025) read answers to "A: Option" (the first option letter
//! produced) and how Krishnamurthy et al. (2024) read bandit answers (the arm named inside the
//! answer), with explicit errors instead of silent defaults.

use super::provider::truncate;
use serde_json::Value;
use std::fmt;

/// Why no action could be read from a reply.
#[derive(Clone, Debug, PartialEq)]
pub enum ParseError {
    /// The reply is empty or only whitespace.
    Empty,
    /// The model declined to choose.
    Refused { excerpt: String },
    /// The reply names several options without preferring one.
    Ambiguous { excerpt: String },
    /// The reply only says what it does not choose.
    OnlyNegated { excerpt: String },
    /// No option, arm or distribution was found; `expected` says what was looked for.
    NotFound { expected: String, excerpt: String },
    /// An arm number outside 1..=k.
    OutOfRange { value: u64, k: usize },
    /// Numbers were found but are not a probability distribution.
    BadNumbers { message: String },
    /// The caller's list of options is unusable (empty, blank or repeated labels).
    BadOptions { message: String },
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ParseError::Empty => write!(f, "The model's reply was empty."),
            ParseError::Refused { excerpt } => {
                write!(f, "The model declined to choose: \"{excerpt}\"")
            }
            ParseError::Ambiguous { excerpt } => write!(
                f,
                "The model's reply names more than one option without choosing: \"{excerpt}\""
            ),
            ParseError::OnlyNegated { excerpt } => write!(
                f,
                "The model's reply only says what it would not choose: \"{excerpt}\""
            ),
            ParseError::NotFound { expected, excerpt } => write!(
                f,
                "No {expected} was found in the model's reply: \"{excerpt}\""
            ),
            ParseError::OutOfRange { value, k } => write!(
                f,
                "The model chose arm {value}, but there are only arms 1 to {k}."
            ),
            ParseError::BadNumbers { message } => write!(f, "{message}"),
            ParseError::BadOptions { message } => write!(f, "{message}"),
        }
    }
}

/// Longest quote of a reply in an error message, in characters.
const QUOTE_CHARS: usize = 120;

fn excerpt(reply: &str) -> String {
    truncate(reply.trim(), QUOTE_CHARS)
}

#[derive(Clone, Debug, PartialEq)]
enum Kind {
    Word,
    /// A number; `int` when it is a non-negative integer written without a decimal point.
    Number {
        value: f64,
        int: Option<u64>,
    },
    /// `/`, `|` or `&` between alternatives.
    Connector,
    /// Punctuation that ends a clause: `. , ; : ! ?` or a line break.
    Stop(char),
}

#[derive(Clone, Debug)]
struct Tok {
    text: String,
    lower: String,
    kind: Kind,
}

/// Splits text into words (letters, with inner apostrophes), numbers (optional minus sign,
/// digits, optional decimal part), connectors and clause stops; everything else is skipped.
fn tokenize(s: &str) -> Vec<Tok> {
    let chars: Vec<char> = s.chars().collect();
    let n = chars.len();
    let mut out = Vec::new();
    let mut i = 0;
    let is_digit = |j: usize| j < n && chars[j].is_ascii_digit();
    while i < n {
        let c = chars[i];
        if c.is_alphabetic() {
            let start = i;
            while i < n
                && (chars[i].is_alphabetic()
                    || ((chars[i] == '\'' || chars[i] == '\u{2019}')
                        && i + 1 < n
                        && chars[i + 1].is_alphabetic()))
            {
                i += 1;
            }
            let text: String = chars[start..i]
                .iter()
                .map(|&c| if c == '\u{2019}' { '\'' } else { c })
                .collect();
            out.push(Tok {
                lower: text.to_lowercase(),
                text,
                kind: Kind::Word,
            });
        } else if c.is_ascii_digit()
            || (c == '-' && is_digit(i + 1) && (i == 0 || !chars[i - 1].is_alphanumeric()))
            || (c == '.' && is_digit(i + 1) && (i == 0 || !chars[i - 1].is_alphanumeric()))
        {
            let start = i;
            if chars[i] == '-' {
                i += 1;
            }
            while is_digit(i) {
                i += 1;
            }
            let mut decimal = false;
            if i < n && chars[i] == '.' && is_digit(i + 1) {
                decimal = true;
                i += 1;
                while is_digit(i) {
                    i += 1;
                }
            }
            let text: String = chars[start..i].iter().collect();
            let normal = match text.strip_prefix('-') {
                Some(rest) if rest.starts_with('.') => format!("-0{rest}"),
                _ if text.starts_with('.') => format!("0{text}"),
                _ => text.clone(),
            };
            let value = normal.parse::<f64>().unwrap_or(f64::NAN);
            let int = if decimal || text.starts_with('-') {
                None
            } else {
                text.parse::<u64>().ok()
            };
            out.push(Tok {
                lower: text.clone(),
                text,
                kind: Kind::Number { value, int },
            });
        } else {
            let kind = match c {
                '/' | '|' | '&' => Some(Kind::Connector),
                '.' | ',' | ';' | ':' | '!' | '?' | '\n' => Some(Kind::Stop(c)),
                _ => None,
            };
            if let Some(kind) = kind {
                out.push(Tok {
                    text: c.to_string(),
                    lower: c.to_string(),
                    kind,
                });
            }
            i += 1;
        }
    }
    out
}

/// A place in the reply that names action `value`, over tokens `start..end`.
#[derive(Clone, Debug)]
struct Mention {
    value: usize,
    start: usize,
    end: usize,
    strong: bool,
}

const CONNECTOR_WORDS: [&str; 8] = [
    "or", "and", "nor", "vs", "versus", "either", "between", "then",
];
const NEGATIONS: [&str; 14] = [
    "not",
    "never",
    "no",
    "don't",
    "dont",
    "won't",
    "wont",
    "cannot",
    "can't",
    "cant",
    "wouldn't",
    "shouldn't",
    "avoid",
    "against",
];
const REFUSALS: [&str; 13] = [
    "i cannot",
    "i can't",
    "i can not",
    "i won't",
    "i will not",
    "i refuse",
    "as an ai",
    "i'm not able",
    "i am not able",
    "unable to",
    "i'm sorry",
    "i apologize",
    "not comfortable",
];

fn is_connector(t: &Tok) -> bool {
    match &t.kind {
        Kind::Connector => true,
        Kind::Stop(',') => true,
        Kind::Word => CONNECTOR_WORDS.contains(&t.lower.as_str()),
        _ => false,
    }
}

fn negated(tokens: &[Tok], start: usize) -> bool {
    let mut seen = 0;
    let mut j = start;
    while j > 0 && seen < 3 {
        j -= 1;
        match &tokens[j].kind {
            Kind::Stop(_) => return false,
            Kind::Word => {
                if NEGATIONS.contains(&tokens[j].lower.as_str()) {
                    return true;
                }
                seen += 1;
            }
            _ => seen += 1,
        }
    }
    false
}

fn refused(reply: &str) -> bool {
    let lower = reply.to_lowercase().replace('\u{2019}', "'");
    REFUSALS.iter().any(|r| lower.contains(r))
}

/// The first unambiguous, non-negated mention (strong mentions only, when there are any).
fn resolve(reply: &str, tokens: &[Tok], mentions: &[Mention]) -> Result<usize, ParseError> {
    let any_strong = mentions.iter().any(|m| m.strong);
    let ms: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.strong || !any_strong)
        .collect();
    if ms.is_empty() {
        return Err(if refused(reply) {
            ParseError::Refused {
                excerpt: excerpt(reply),
            }
        } else {
            ParseError::NotFound {
                expected: String::new(),
                excerpt: excerpt(reply),
            }
        });
    }
    // Negated mentions ("not J") drop out first, so "not button 1, button 3" is not a list.
    let kept: Vec<&Mention> = ms
        .iter()
        .copied()
        .filter(|m| !negated(tokens, m.start))
        .collect();
    let any_negated = kept.len() < ms.len();
    let mut ambiguous = vec![false; kept.len()];
    for a in 0..kept.len().saturating_sub(1) {
        let (x, y) = (kept[a], kept[a + 1]);
        if x.value != y.value && tokens[x.end..y.start].iter().all(is_connector) {
            ambiguous[a] = true;
            ambiguous[a + 1] = true;
        }
    }
    if let Some((m, _)) = kept.iter().zip(&ambiguous).find(|(_, amb)| !**amb) {
        return Ok(m.value);
    }
    let any_negated = any_negated && kept.is_empty();
    Err(if refused(reply) {
        ParseError::Refused {
            excerpt: excerpt(reply),
        }
    } else if any_negated {
        ParseError::OnlyNegated {
            excerpt: excerpt(reply),
        }
    } else {
        ParseError::Ambiguous {
            excerpt: excerpt(reply),
        }
    })
}

/// Most places where a JSON value is tried (keeps hostile replies full of brackets linear).
const MAX_JSON_STARTS: usize = 32;

/// Every JSON object or array that starts somewhere in `reply` (e.g. inside a markdown code
/// fence), in order of appearance, trying at most [`MAX_JSON_STARTS`] opening brackets.
fn json_values(reply: &str) -> Vec<Value> {
    let mut out = Vec::new();
    let mut skip_to = 0;
    let mut tries = 0;
    for (i, c) in reply.char_indices() {
        if i < skip_to || (c != '{' && c != '[') {
            continue;
        }
        tries += 1;
        if tries > MAX_JSON_STARTS {
            break;
        }
        let mut stream = serde_json::Deserializer::from_str(&reply[i..]).into_iter::<Value>();
        if let Some(Ok(v)) = stream.next() {
            skip_to = i + stream.byte_offset();
            out.push(v);
        }
    }
    out
}

/// Value of the first key of `keys` (case-insensitive) in a JSON object.
fn json_field<'a>(v: &'a Value, keys: &[&str]) -> Option<&'a Value> {
    let map = v.as_object()?;
    keys.iter().find_map(|k| {
        map.iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(k))
            .map(|(_, v)| v)
    })
}

const OPTION_KEYS: [&str; 6] = ["option", "choice", "action", "answer", "decision", "move"];

/// Index in `options` of the option the reply chooses (labels such as `["J", "F"]`).
///
/// Accepts "J", "Option J", "I choose Option F.", `{"option": "J"}`, markdown such as
/// `**Option J**`, and reasoning that ends in a choice. Single-letter labels match bare
/// letters only in the same case (so the word "I" is not option "i"); after the word "Option"
/// any case is accepted. See the module documentation for the rules.
pub fn parse_option(reply: &str, options: &[&str]) -> Result<usize, ParseError> {
    let labels: Vec<Vec<Tok>> = options.iter().map(|o| tokenize(o)).collect();
    let usable = |l: &Vec<Tok>| {
        !l.is_empty()
            && l.iter()
                .all(|t| matches!(t.kind, Kind::Word | Kind::Number { .. }))
    };
    if options.is_empty() || !labels.iter().all(usable) {
        return Err(ParseError::BadOptions {
            message: "Every option needs a label made of letters or digits.".into(),
        });
    }
    for a in 0..labels.len() {
        for b in 0..a {
            if options[a].trim().eq_ignore_ascii_case(options[b].trim()) {
                return Err(ParseError::BadOptions {
                    message: format!("Two options have the same label \"{}\".", options[a]),
                });
            }
        }
    }
    if reply.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    for v in json_values(reply) {
        if let Some(Value::String(s)) = json_field(&v, &OPTION_KEYS) {
            if let Ok(i) = parse_option_text(s, &labels) {
                return Ok(i);
            }
        }
    }
    parse_option_text(reply, &labels).map_err(|e| with_expected(e, "option"))
}

fn with_expected(e: ParseError, what: &str) -> ParseError {
    match e {
        ParseError::NotFound { excerpt, .. } => ParseError::NotFound {
            expected: what.into(),
            excerpt,
        },
        other => other,
    }
}

fn parse_option_text(reply: &str, labels: &[Vec<Tok>]) -> Result<usize, ParseError> {
    let tokens = tokenize(reply);
    let matches_at = |i: usize, label: &[Tok], strict_case: bool| -> bool {
        i + label.len() <= tokens.len()
            && label.iter().enumerate().all(|(j, l)| {
                let t = &tokens[i + j];
                if strict_case && label.len() == 1 && l.text.chars().count() == 1 {
                    t.text == l.text
                } else {
                    t.lower == l.lower
                }
            })
    };
    let mut mentions = Vec::new();
    let mut i = 0;
    while i < tokens.len() {
        if tokens[i].lower == "option" {
            if let Some((v, l)) = labels
                .iter()
                .enumerate()
                .find(|(_, l)| matches_at(i + 1, l, false))
            {
                mentions.push(Mention {
                    value: v,
                    start: i,
                    end: i + 1 + l.len(),
                    strong: true,
                });
                i += 1 + l.len();
                continue;
            }
        }
        if let Some((v, l)) = labels
            .iter()
            .enumerate()
            .find(|(_, l)| matches_at(i, l, true))
        {
            mentions.push(Mention {
                value: v,
                start: i,
                end: i + l.len(),
                strong: false,
            });
            i += l.len();
            continue;
        }
        i += 1;
    }
    resolve(reply, &tokens, &mentions)
}

/// Words that name an arm before its number ("arm 3", "button 2", "ad 4", "number 5").
const ARM_WORDS: [&str; 10] = [
    "arm",
    "button",
    "ad",
    "advertisement",
    "option",
    "choice",
    "slot",
    "machine",
    "lever",
    "number",
];

/// How many tokens before position `i` name the arm: 1 for "arm 3", 2 for "arm no. 3" or
/// "arm number 3", 0 for a bare number.
fn arm_label_len(tokens: &[Tok], i: usize) -> usize {
    let word = |j: usize| tokens[j].lower.as_str();
    let mut j = i;
    // Skip a "." of "no." between the label and the number.
    if j >= 1 && tokens[j - 1].kind == Kind::Stop('.') && j >= 2 && word(j - 2) == "no" {
        j -= 1;
    }
    if j >= 2 && matches!(word(j - 1), "no" | "number") && ARM_WORDS.contains(&word(j - 2)) {
        return i - (j - 2);
    }
    if i >= 1 && ARM_WORDS.contains(&word(i - 1)) {
        return 1;
    }
    0
}

const ARM_KEYS: [&str; 8] = [
    "arm", "button", "ad", "choice", "option", "action", "answer", "index",
];

/// Index (0-based) of the arm the reply chooses among arms numbered 1..=k.
///
/// Accepts a bare number ("3"), "arm 3", "Button #2", "ad 4", `{"arm": 3}` and
/// `<Answer>2</Answer>`. Decimals are never arm numbers. A named arm outside 1..=k is an
/// error; a bare number outside the range is ignored (it is likely a count or a round).
pub fn parse_arm(reply: &str, k: usize) -> Result<usize, ParseError> {
    parse_numbered(reply, k, &ARM_KEYS, parse_arm_text, ("arms", "arm number"))
}

/// Index (0-based) of the item numbered 1..=k a reply chooses: the first JSON object with one
/// of `keys` holding a number or a text `text` reads, else the whole reply as `text` reads
/// it. `(items, expected)` name the items and what was looked for, for the errors.
fn parse_numbered(
    reply: &str,
    k: usize,
    keys: &[&str],
    text: fn(&str, usize) -> Result<usize, ParseError>,
    (items, expected): (&str, &str),
) -> Result<usize, ParseError> {
    if k == 0 {
        return Err(ParseError::BadOptions {
            message: format!("There are no {items} to choose from."),
        });
    }
    if reply.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    for v in json_values(reply) {
        match json_field(&v, keys) {
            Some(Value::Number(n)) => {
                if let Some(a) = n.as_u64() {
                    return arm_index(a, k);
                }
            }
            Some(Value::String(s)) => {
                if let Ok(i) = text(s, k) {
                    return Ok(i);
                }
            }
            _ => {}
        }
    }
    text(reply, k).map_err(|e| with_expected(e, expected))
}

fn arm_index(a: u64, k: usize) -> Result<usize, ParseError> {
    if a >= 1 && a <= k as u64 {
        Ok((a - 1) as usize)
    } else {
        Err(ParseError::OutOfRange { value: a, k })
    }
}

fn parse_arm_text(reply: &str, k: usize) -> Result<usize, ParseError> {
    let tokens = tokenize(reply);
    let mut mentions = Vec::new();
    // Named arms outside 1..=k get values k, k+1, ... so the error can quote them.
    let mut out_of_range = Vec::new();
    for (i, t) in tokens.iter().enumerate() {
        let Kind::Number { int: Some(a), .. } = t.kind else {
            continue;
        };
        let label = arm_label_len(&tokens, i);
        let in_range = a >= 1 && a <= k as u64;
        if !in_range && label == 0 {
            continue;
        }
        let value = if in_range {
            (a - 1) as usize
        } else {
            out_of_range.push(a);
            k + out_of_range.len() - 1
        };
        mentions.push(Mention {
            value,
            start: i - label,
            end: i + 1,
            strong: label > 0,
        });
    }
    let v = resolve(reply, &tokens, &mentions)?;
    if v >= k {
        return Err(ParseError::OutOfRange {
            value: out_of_range[v - k],
            k,
        });
    }
    Ok(v)
}

/// Tolerance on the sum of a distribution: within 5 % of 1 (or of 100 for percentages).
pub const SUM_TOLERANCE: f64 = 0.05;

/// A probability distribution over `k` arms read from the reply, normalised to sum to 1.
///
/// Looks, in order, for a JSON array of `k` numbers (or an object holding one, or an object
/// with `k` numeric values), for a bracketed list `[...]` of `k` numbers, and for exactly `k`
/// numbers in the whole reply once arm labels ("arm 2:") are set aside. The numbers must be
/// non-negative and sum to about 1 or about 100 (percentages), within 5 %; they are then
/// divided by their sum.
pub fn parse_distribution(reply: &str, k: usize) -> Result<Vec<f64>, ParseError> {
    if k == 0 {
        return Err(ParseError::BadOptions {
            message: "There are no arms to give probabilities to.".into(),
        });
    }
    if reply.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let mut candidates: Vec<Vec<f64>> = Vec::new();
    for v in json_values(reply) {
        if let Some(xs) = json_numbers(&v, k) {
            candidates.push(xs);
        }
    }
    for segment in bracketed(reply) {
        let xs = text_numbers(segment);
        if xs.len() == k {
            candidates.push(xs);
        }
    }
    let all = text_numbers(reply);
    let found = all.len();
    if found == k {
        candidates.push(all);
    }
    let Some(xs) = candidates.into_iter().next() else {
        return Err(if refused(reply) {
            ParseError::Refused {
                excerpt: excerpt(reply),
            }
        } else {
            ParseError::BadNumbers {
                message: format!(
                    "Expected {k} probabilities (one per arm) in the model's reply but found {found} numbers: \"{}\"",
                    excerpt(reply)
                ),
            }
        });
    };
    normalise(&xs)
}

fn normalise(xs: &[f64]) -> Result<Vec<f64>, ParseError> {
    if let Some(x) = xs.iter().find(|x| !x.is_finite() || **x < 0.0) {
        return Err(ParseError::BadNumbers {
            message: format!("A probability cannot be {x}."),
        });
    }
    let sum: f64 = xs.iter().sum();
    let near = |target: f64| (sum - target).abs() <= SUM_TOLERANCE * target;
    if !(near(1.0) || near(100.0)) {
        return Err(ParseError::BadNumbers {
            message: format!(
                "The probabilities add up to {sum}, not to 1 (or 100 %), so they are not a distribution."
            ),
        });
    }
    Ok(xs.iter().map(|x| x / sum).collect())
}

fn json_numbers(v: &Value, k: usize) -> Option<Vec<f64>> {
    let as_numbers = |items: &[Value]| -> Option<Vec<f64>> {
        let xs: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
        (xs.len() == k && items.len() == k).then_some(xs)
    };
    match v {
        Value::Array(items) => as_numbers(items),
        Value::Object(map) => {
            for value in map.values() {
                if let Value::Array(items) = value {
                    if let Some(xs) = as_numbers(items) {
                        return Some(xs);
                    }
                }
            }
            let values: Vec<Value> = map.values().cloned().collect();
            as_numbers(&values)
        }
        _ => None,
    }
}

/// Text inside `[...]` pairs.
fn bracketed(reply: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = reply;
    while let Some(open) = rest.find('[') {
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else { break };
        out.push(&after[..close]);
        rest = &after[close + 1..];
    }
    out
}

/// Numbers in the text, leaving out arm labels (a number right after "arm", "button", ...).
fn text_numbers(text: &str) -> Vec<f64> {
    let tokens = tokenize(text);
    tokens
        .iter()
        .enumerate()
        .filter_map(|(i, t)| match t.kind {
            Kind::Number { value, int } => {
                let label = int.is_some() && arm_label_len(&tokens, i) > 0;
                (!label).then_some(value)
            }
            _ => None,
        })
        .collect()
}

/// The changes a planner may make to a rate, in percentage points (the LLM Economist's DELTA).
pub const DELTA_STEPS: [f64; 5] = [-20.0, -10.0, 0.0, 10.0, 20.0];

/// A change of each of `n` tax rates, in percentage points, read from the reply (the LLM
/// Economist's `{"DELTA": [...]}`).
///
/// Looks, in order, for a JSON object with a `DELTA` key (any case) holding a list of numbers,
/// a JSON list of numbers, and a bracketed list `[...]`; text around it is ignored. As the LLM
/// Economist reads them, a number strictly between -1 and 1 is a fraction (0.1 is 10 points).
/// Each change is then moved to the nearest allowed step of [`DELTA_STEPS`] (15 becomes 20,
/// 4 becomes 0, -35 becomes -20). A list of another length than `n` is an error that says how many are
/// expected, so the model is asked again.
pub fn parse_deltas(reply: &str, n: usize) -> Result<Vec<f64>, ParseError> {
    if n == 0 {
        return Err(ParseError::BadOptions {
            message: "There are no tax rates to change.".into(),
        });
    }
    if reply.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let numbers = |items: &[Value]| -> Option<Vec<f64>> {
        let xs: Vec<f64> = items.iter().filter_map(Value::as_f64).collect();
        (!xs.is_empty() && xs.len() == items.len()).then_some(xs)
    };
    let mut keyed = None;
    let mut listed = None;
    for v in json_values(reply) {
        match &v {
            Value::Object(_) => {
                if let Some(Value::Array(items)) = json_field(&v, &["delta", "deltas"]) {
                    if keyed.is_none() {
                        keyed = numbers(items);
                    }
                }
            }
            Value::Array(items) if listed.is_none() => listed = numbers(items),
            _ => {}
        }
    }
    let found = keyed.or(listed).or_else(|| {
        bracketed(reply)
            .into_iter()
            .map(text_numbers)
            .find(|xs| !xs.is_empty())
    });
    let Some(xs) = found else {
        return Err(if refused(reply) {
            ParseError::Refused {
                excerpt: excerpt(reply),
            }
        } else {
            ParseError::NotFound {
                expected: format!("a JSON like {{\"DELTA\": [...]}} with {n} changes"),
                excerpt: excerpt(reply),
            }
        });
    };
    if xs.len() != n {
        return Err(ParseError::BadNumbers {
            message: format!(
                "Expected {n} changes (one per tax bracket) but the reply gives {}: \"{}\"",
                xs.len(),
                excerpt(reply)
            ),
        });
    }
    if let Some(x) = xs.iter().find(|x| !x.is_finite()) {
        return Err(ParseError::BadNumbers {
            message: format!("A change of a tax rate cannot be {x}."),
        });
    }
    Ok(xs.into_iter().map(snap_delta).collect())
}

/// A change as a step of [`DELTA_STEPS`]: fractions to points, then the nearest step.
fn snap_delta(x: f64) -> f64 {
    let points = if x.abs() < 1.0 { x * 100.0 } else { x };
    // Ties go away from zero (15 is 20), as `round` does.
    ((points / 10.0).round() * 10.0).clamp(DELTA_STEPS[0], DELTA_STEPS[4])
}

/// Hours of work read from the reply (the LLM Economist's `{"LABOR": X}`), kept within
/// `[0, max_hours]` (a reply above the most hours works the most, as the LLM Economist clips
/// it; below zero, none).
///
/// Looks, in order, for a JSON object with a `LABOR`, `LABOUR` or `HOURS` key (any case)
/// holding a number or a numeric string ("40", "40 hours"); a number followed by the word
/// "hours" or "h" ("I will work 45 hours"); a reply with a single number. Anything else is
/// an error, so the model is asked again.
pub fn parse_hours(reply: &str, max_hours: f64) -> Result<f64, ParseError> {
    if reply.trim().is_empty() {
        return Err(ParseError::Empty);
    }
    let finish = |h: f64| {
        if h.is_finite() {
            Ok(h.clamp(0.0, max_hours))
        } else {
            Err(ParseError::BadNumbers {
                message: format!("A number of hours cannot be {h}."),
            })
        }
    };
    for v in json_values(reply) {
        let h = match json_field(&v, &["labor", "labour", "hours"]) {
            Some(Value::Number(n)) => n.as_f64(),
            Some(Value::String(s)) => text_numbers(s).first().copied(),
            _ => None,
        };
        if let Some(h) = h {
            return finish(h);
        }
    }
    let tokens = tokenize(reply);
    let before_hours = tokens.windows(2).find_map(|w| match (&w[0].kind, &w[1]) {
        (Kind::Number { value, .. }, t) if matches!(t.lower.as_str(), "hours" | "hour" | "h") => {
            Some(*value)
        }
        _ => None,
    });
    if let Some(h) = before_hours {
        return finish(h);
    }
    let numbers: Vec<f64> = tokens
        .iter()
        .filter_map(|t| match t.kind {
            Kind::Number { value, .. } => Some(value),
            _ => None,
        })
        .collect();
    if let [h] = numbers[..] {
        return finish(h);
    }
    Err(if refused(reply) {
        ParseError::Refused {
            excerpt: excerpt(reply),
        }
    } else {
        ParseError::NotFound {
            expected: "number of hours (a JSON like {\"LABOR\": 40})".into(),
            excerpt: excerpt(reply),
        }
    })
}

const VOTE_KEYS: [&str; 6] = [
    "leader",
    "vote",
    "candidate",
    "platform",
    "choice",
    "answer",
];
const VOTE_WORDS: [&str; 3] = ["leader", "candidate", "platform"];

/// Index (0-based) of the candidate a vote names among candidates numbered 1..=k (the LLM
/// Economist's `{"LEADER": X}`).
///
/// Looks, in order, for a JSON object with a `LEADER`, `VOTE`, `CANDIDATE` or `PLATFORM` key
/// (any case) holding a number or a numeric string; for "candidate 2", "leader 2" or
/// "platform 2" in the text (all such mentions naming the same number); and then for a
/// number as [`parse_arm`] reads one. A candidate outside 1..=k is an error, so the model is
/// asked again.
pub fn parse_vote(reply: &str, k: usize) -> Result<usize, ParseError> {
    parse_numbered(
        reply,
        k,
        &VOTE_KEYS,
        parse_vote_text,
        (
            "candidates",
            "candidate number (a JSON like {\"LEADER\": 2})",
        ),
    )
}

fn parse_vote_text(text: &str, k: usize) -> Result<usize, ParseError> {
    let tokens = tokenize(text);
    let named: Vec<u64> = tokens
        .windows(2)
        .filter_map(|w| match w[1].kind {
            Kind::Number { int: Some(a), .. } if VOTE_WORDS.contains(&w[0].lower.as_str()) => {
                Some(a)
            }
            _ => None,
        })
        .collect();
    if let Some(&a) = named.first() {
        if named.iter().all(|&b| b == a) {
            return arm_index(a, k);
        }
    }
    parse_arm_text(text, k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn votes_in_the_usual_forms() {
        let ok = |r: &str| parse_vote(r, 3).unwrap();
        assert_eq!(ok(r#"{"LEADER": 2}"#), 1);
        assert_eq!(ok(r#"{"leader": "3"}"#), 2);
        assert_eq!(ok(r#"Here is my vote: {"LEADER": "Candidate 1"}"#), 0);
        assert_eq!(ok(r#"{"vote": 2}"#), 1);
        assert_eq!(
            ok("I vote for candidate 3, whose platform helps workers like me."),
            2
        );
        assert_eq!(ok("2"), 1);
        assert!(matches!(
            parse_vote(r#"{"LEADER": 4}"#, 3),
            Err(ParseError::OutOfRange { value: 4, k: 3 })
        ));
        assert!(matches!(parse_vote("", 3), Err(ParseError::Empty)));
        let e = parse_vote("Whoever lowers taxes.", 3).unwrap_err();
        assert!(e.to_string().contains("LEADER"), "{e}");
        assert!(matches!(
            parse_vote("2", 0),
            Err(ParseError::BadOptions { .. })
        ));
    }

    #[test]
    fn hours_in_the_usual_forms() {
        let ok = |r: &str| parse_hours(r, 100.0).unwrap();
        assert_eq!(ok(r#"{"LABOR": 40}"#), 40.0);
        assert_eq!(
            ok(r#"Sure. {"thought": "more pay", "labor": "45 hours"}"#),
            45.0
        );
        assert_eq!(ok(r#"{"HOURS": 37.5}"#), 37.5);
        assert_eq!(
            ok("I will work 50 hours this year, up from 40 last year."),
            50.0
        );
        assert_eq!(ok("60"), 60.0);
        assert_eq!(ok(r#"{"LABOR": 130}"#), 100.0, "clipped to the most hours");
        assert_eq!(ok(r#"{"LABOR": -5}"#), 0.0);
        assert!(matches!(parse_hours("", 100.0), Err(ParseError::Empty)));
        let e = parse_hours("Between 30 or 50, it depends.", 100.0).unwrap_err();
        assert!(e.to_string().contains("LABOR"), "{e}");
        assert!(matches!(
            parse_hours("I cannot choose for you.", 100.0),
            Err(ParseError::Refused { .. })
        ));
    }

    #[test]
    fn deltas_in_the_usual_forms() {
        let ok = |r: &str| parse_deltas(r, 3).unwrap();
        assert_eq!(ok(r#"{"DELTA": [10, -10, 0]}"#), vec![10.0, -10.0, 0.0]);
        assert_eq!(
            ok(r#"Sure! {"thought": "raise the top", "delta": [0, 0, 20]} done"#),
            vec![0.0, 0.0, 20.0]
        );
        // Fractions are points / 100, as the LLM Economist reads them.
        assert_eq!(ok("[0.1, -0.2, 0]"), vec![10.0, -20.0, 0.0]);
        // Off-step changes go to the nearest step, within [-20, 20].
        assert_eq!(ok("DELTA = [15, -35, 4]"), vec![20.0, -20.0, 0.0]);
        assert_eq!(ok("```json\n{\"DELTA\": [20,20,20]}\n```"), vec![20.0; 3]);
    }

    #[test]
    fn deltas_of_the_wrong_length_or_none_are_errors_that_say_so() {
        let e = parse_deltas(r#"{"DELTA": [10, 10]}"#, 3).unwrap_err();
        assert!(e.to_string().contains("Expected 3 changes"), "{e}");
        assert!(e.to_string().contains("gives 2"), "{e}");
        let e = parse_deltas("I would raise taxes on the rich.", 3).unwrap_err();
        assert!(matches!(e, ParseError::NotFound { .. }), "{e}");
        assert!(matches!(parse_deltas("  ", 3), Err(ParseError::Empty)));
        assert!(parse_deltas("[1, 2]", 0).is_err());
    }

    #[test]
    fn tokenizer_keeps_words_numbers_and_clause_marks() {
        let t = tokenize("I won't pick arm3, -0.5 or .25!");
        let texts: Vec<&str> = t.iter().map(|t| t.text.as_str()).collect();
        assert_eq!(
            texts,
            ["I", "won't", "pick", "arm", "3", ",", "-0.5", "or", ".25", "!"]
        );
        assert_eq!(
            t[4].kind,
            Kind::Number {
                value: 3.0,
                int: Some(3)
            }
        );
        assert_eq!(
            t[8].kind,
            Kind::Number {
                value: 0.25,
                int: None
            }
        );
    }
}

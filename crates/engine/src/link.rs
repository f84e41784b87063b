//! Experiment <-> share link.
//!
//! A link's fragment is `#/<lab>?v=<format>&x=<payload>[&d=<digest>]` where payload is the
//! experiment's canonical JSON, raw-DEFLATE compressed and base64url encoded (no padding), and
//! `d` is the expected result digest. Decoding checks the version, bounds the decompressed
//! size, parses and validates, and says in plain words what is wrong.

use crate::digest::{is_digest, DIGEST_HEX_LEN};
use crate::experiment::{unreadable_format, Experiment, LoadError, FORMAT, MAX_JSON_BYTES};
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use miniz_oxide::inflate::TINFLStatus;
use std::fmt;

/// Why a link could not be opened.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LinkError {
    /// The link has no experiment in it.
    Missing(String),
    /// The payload is damaged (bad base64, bad compression, repeated or stray parts).
    Corrupted(String),
    /// The payload ends too early: most likely the link was cut short when copied.
    CutShort(String),
    /// Unknown format version.
    Format(String),
    /// The experiment inside is not valid.
    Experiment(LoadError),
}

impl fmt::Display for LinkError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LinkError::Missing(m) => write!(f, "This link does not contain an experiment: {m}"),
            LinkError::Corrupted(m) => write!(f, "This link is damaged ({m})."),
            LinkError::CutShort(m) => write!(
                f,
                "This link is damaged ({m}). Was it cut short when copied?"
            ),
            LinkError::Format(m) => write!(f, "{m}"),
            LinkError::Experiment(e) => write!(f, "{e}"),
        }
    }
}

impl std::error::Error for LinkError {}

/// What a link carries.
#[derive(Clone, Debug, PartialEq)]
pub struct Decoded {
    pub experiment: Experiment,
    /// The digest the sender saw, if the link carries one.
    pub expected_digest: Option<String>,
}

/// The fragment (starting with `#`) for `exp`, optionally carrying the expected digest.
pub fn encode(exp: &Experiment, digest: Option<&str>) -> String {
    let json = exp.to_json();
    let compressed = miniz_oxide::deflate::compress_to_vec(json.as_bytes(), 9);
    let payload = URL_SAFE_NO_PAD.encode(compressed);
    let mut s = format!("#/{}?v={}&x={}", exp.lab(), FORMAT, payload);
    if let Some(d) = digest {
        s.push_str("&d=");
        s.push_str(d);
    }
    s
}

/// A full URL: `base` (e.g. `https://host/path/`) followed by the fragment.
pub fn encode_url(base: &str, exp: &Experiment, digest: Option<&str>) -> String {
    let base = base.split('#').next().unwrap_or(base);
    format!("{base}{}", encode(exp, digest))
}

/// The HTML of an iframe showing `url` (a lab's link with `embed=1`), as a course page pastes
/// it and an oEmbed document carries it; `width` and `height` as the iframe's attributes take
/// them (`960`, `100%`).
pub fn iframe(url: &str, title: &str, width: &str, height: &str) -> String {
    let esc = |s: &str| {
        s.replace('&', "&amp;")
            .replace('"', "&quot;")
            .replace('<', "&lt;")
    };
    format!(
        "<iframe src=\"{}\"\n        title=\"{}\" width=\"{}\" height=\"{}\"\n        style=\"border: 0\" loading=\"lazy\"></iframe>",
        esc(url),
        esc(title),
        esc(width),
        esc(height)
    )
}

/// The query parameters of a link's fragment (or of a full URL), in order.
pub fn fragment_params(link: &str) -> (String, Vec<(String, String)>) {
    let frag = match link.find('#') {
        Some(i) => &link[i + 1..],
        None => link,
    };
    let (route, query) = match frag.find('?') {
        Some(i) => (&frag[..i], &frag[i + 1..]),
        None => (frag, ""),
    };
    let params = query
        .split('&')
        .filter(|s| !s.is_empty())
        .map(|kv| match kv.find('=') {
            Some(i) => (kv[..i].to_string(), kv[i + 1..].to_string()),
            None => (kv.to_string(), String::new()),
        })
        .collect();
    (route.trim_start_matches('/').to_string(), params)
}

/// At most this many characters of a link's own text are quoted back in a message.
const QUOTE: usize = 40;

/// `text` as a message quotes it: cut to 40 characters.
pub fn quoted(text: &str) -> String {
    let mut chars = text.chars();
    let head: String = chars.by_ref().take(QUOTE).collect();
    if chars.next().is_some() {
        format!("\"{head}…\"")
    } else {
        format!("\"{head}\"")
    }
}

/// Decode a full URL or a fragment.
pub fn decode(link: &str) -> Result<Decoded, LinkError> {
    let (route, params) = fragment_params(link.trim());
    for key in ["x", "v", "d"] {
        if params.iter().filter(|(p, _)| p == key).count() > 1 {
            return Err(LinkError::Corrupted(format!(
                "it has more than one {key}= part, so it is not clear which one is meant"
            )));
        }
    }
    let get = |k: &str| params.iter().find(|(p, _)| p == k).map(|(_, v)| v.as_str());
    let payload = get("x").ok_or_else(|| LinkError::Missing("it has no x= part".into()))?;
    let version = get("v").ok_or_else(|| {
        LinkError::Format("This link has no format version (v=); it was not made by Agora.".into())
    })?;
    let digits =
        !version.is_empty() && version.len() <= 9 && version.bytes().all(|b| b.is_ascii_digit());
    match version.parse::<u32>() {
        Ok(v) if digits && v == FORMAT => {}
        Ok(v) if digits => {
            return Err(LinkError::Format(unreadable_format(
                "This link",
                u64::from(v),
            )))
        }
        _ => {
            return Err(LinkError::Format(format!(
                "The link's format version (v=) must be a whole number such as {FORMAT}; it is {}.",
                quoted(version)
            )))
        }
    }
    let bytes = URL_SAFE_NO_PAD
        .decode(payload.trim_end_matches('='))
        .map_err(|e| match e {
            base64::DecodeError::InvalidLength(_) | base64::DecodeError::InvalidLastSymbol(..) => {
                LinkError::CutShort("the experiment part ends too early".into())
            }
            _ => LinkError::Corrupted(
                "the experiment part holds characters a link payload cannot contain".into(),
            ),
        })?;
    let json = inflate(&bytes)?;
    let text = String::from_utf8(json)
        .map_err(|_| LinkError::Corrupted("the experiment is not UTF-8 text".into()))?;
    let experiment = Experiment::from_json(&text).map_err(LinkError::Experiment)?;
    if !route.is_empty() && route != experiment.lab() {
        return Err(LinkError::Corrupted(format!(
            "the link opens the page {} but carries a {} experiment",
            quoted(&route),
            experiment.lab()
        )));
    }
    let expected_digest = match get("d") {
        None => None,
        Some(d) if is_digest(d) => Some(d.to_string()),
        Some(d) => return Err(LinkError::Corrupted(digest_problem(d))),
    };
    Ok(Decoded {
        experiment,
        expected_digest,
    })
}

/// What is wrong with `d` as a digest, in words.
pub fn digest_problem(d: &str) -> String {
    let n = d.chars().count();
    let what = if n != DIGEST_HEX_LEN {
        format!("it has {n} characters, a digest has {DIGEST_HEX_LEN}")
    } else if is_digest(&d.to_ascii_lowercase()) {
        "a digest is written in lowercase letters".to_string()
    } else {
        "a digest has only the characters 0-9 and a-f".to_string()
    };
    format!("the expected digest {} is not a digest: {what}", quoted(d))
}

/// Raw DEFLATE, at most [`MAX_JSON_BYTES`] out, and nothing after the compressed data.
fn inflate(mut input: &[u8]) -> Result<Vec<u8>, LinkError> {
    use miniz_oxide::inflate::core::{decompress, inflate_flags, DecompressorOxide};
    let flags = inflate_flags::TINFL_FLAG_USING_NON_WRAPPING_OUTPUT_BUF;
    let mut out = vec![0; input.len().saturating_mul(4).clamp(1024, MAX_JSON_BYTES)];
    let mut state = Box::<DecompressorOxide>::default();
    let mut at = 0;
    loop {
        let (status, read, written) = decompress(&mut state, input, &mut out, at, flags);
        at += written;
        input = input.get(read..).unwrap_or_default();
        match status {
            TINFLStatus::Done if input.is_empty() => {
                out.truncate(at);
                return Ok(out);
            }
            TINFLStatus::Done => {
                return Err(LinkError::Corrupted(format!(
                    "{} bytes follow the end of the compressed experiment",
                    input.len()
                )))
            }
            TINFLStatus::HasMoreOutput if out.len() < MAX_JSON_BYTES => {
                let grown = out.len().saturating_mul(2).min(MAX_JSON_BYTES);
                out.resize(grown, 0);
            }
            TINFLStatus::HasMoreOutput => {
                return Err(LinkError::Corrupted(
                    "the experiment inside is larger than 1 MiB".into(),
                ))
            }
            TINFLStatus::FailedCannotMakeProgress | TINFLStatus::NeedsMoreInput => {
                return Err(LinkError::CutShort(
                    "the compressed data ends too early".into(),
                ))
            }
            _ => {
                return Err(LinkError::Corrupted(
                    "the compressed data is not valid".into(),
                ))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandits::presets;

    fn exp() -> Experiment {
        Experiment::Bandits(presets::classic())
    }

    #[test]
    fn round_trip_with_and_without_digest() {
        let e = exp();
        let l = encode(&e, None);
        assert!(l.starts_with("#/bandits?v=1&x="));
        assert_eq!(
            decode(&l).unwrap(),
            Decoded {
                experiment: e.clone(),
                expected_digest: None
            }
        );
        let url = encode_url("http://127.0.0.1:8080/#/old", &e, Some("0123456789abcdef"));
        assert!(url.starts_with("http://127.0.0.1:8080/#/bandits?v=1&x="));
        let d = decode(&url).unwrap();
        assert_eq!(d.experiment, e);
        assert_eq!(d.expected_digest.as_deref(), Some("0123456789abcdef"));
    }

    #[test]
    fn links_are_compact() {
        let l = encode(&exp(), None);
        assert!(
            l.len() < exp().to_json().len(),
            "{} vs {}",
            l.len(),
            exp().to_json().len()
        );
        assert!(
            l.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"#/?=&-_.".contains(&b)),
            "{l}"
        );
    }

    #[test]
    fn corrupted_links_give_clear_errors() {
        let l = encode(&exp(), None);
        let cut = &l[..l.len() - 10];
        let err = decode(cut).unwrap_err();
        assert!(matches!(err, LinkError::CutShort(_)), "{err}");
        assert!(err.to_string().contains("damaged"));
        assert!(err.to_string().contains("cut short"));
        for k in 1..=12 {
            let err = decode(&l[..l.len() - k]).unwrap_err().to_string();
            assert!(err.contains("ends too early"), "cut by {k}: {err}");
        }
        let garbage = l.replace("x=", "x=%%%");
        assert!(matches!(
            decode(&garbage).unwrap_err(),
            LinkError::Corrupted(_)
        ));
        assert!(matches!(
            decode("#/bandits").unwrap_err(),
            LinkError::Missing(_)
        ));
        let newer = l.replace("v=1", "v=7");
        assert!(decode(&newer)
            .unwrap_err()
            .to_string()
            .contains("newer version"));
        let older = l.replace("v=1", "v=0");
        assert!(decode(&older)
            .unwrap_err()
            .to_string()
            .contains("no longer reads"));
        let no_v = l.replace("v=1&", "");
        assert!(matches!(decode(&no_v).unwrap_err(), LinkError::Format(_)));
        let bad_digest = format!("{l}&d=xyz");
        assert!(decode(&bad_digest)
            .unwrap_err()
            .to_string()
            .contains("digest"));
    }

    /// Each of these was accepted before (issue 17): the first of repeated parts won, `+1`
    /// read as 1, and bytes after the compressed data were ignored.
    #[test]
    fn lax_links_are_refused() {
        let l = encode(&exp(), None);
        let x = l.split("x=").nth(1).unwrap();
        for (twice, key) in [
            (format!("{l}&x={x}"), "x="),
            (format!("{l}&v=1"), "v="),
            (format!("{l}&d=0123456789abcdef&d=0123456789abcdef"), "d="),
        ] {
            let err = decode(&twice).unwrap_err().to_string();
            assert!(err.contains(&format!("more than one {key} part")), "{err}");
        }
        for v in ["+1", "01x", "", " 1", "1.0"] {
            let err = decode(&l.replace("v=1", &format!("v={v}"))).unwrap_err();
            assert!(matches!(err, LinkError::Format(_)), "{v}: {err}");
            assert!(
                err.to_string().contains("must be a whole number"),
                "{v}: {err}"
            );
        }
        let mut bytes = URL_SAFE_NO_PAD.decode(x).unwrap();
        bytes.extend_from_slice(b"extra");
        let padded = l.replace(x, &URL_SAFE_NO_PAD.encode(&bytes));
        let err = decode(&padded).unwrap_err();
        assert!(matches!(err, LinkError::Corrupted(_)), "{err}");
        assert!(err.to_string().contains("5 bytes follow"), "{err}");
        assert!(!err.to_string().contains("cut short"), "{err}");
    }

    #[test]
    fn messages_quote_little_and_say_what_is_wrong() {
        let l = encode(&exp(), None);
        let long_route = l.replace("#/bandits", &format!("#/{}", "b".repeat(5000)));
        let err = decode(&long_route).unwrap_err().to_string();
        assert!(err.len() < 200, "{err}");
        assert!(err.contains("bbbb…"), "{err}");
        let upper = decode(&format!("{l}&d=0123456789ABCDEF"))
            .unwrap_err()
            .to_string();
        assert!(upper.contains("lowercase"), "{upper}");
        let short = decode(&format!("{l}&d=0123")).unwrap_err().to_string();
        assert!(short.contains("4 characters, a digest has 16"), "{short}");
        let newer = decode(&l.replace("v=1", "v=2")).unwrap_err().to_string();
        assert!(newer.contains("command-line tool"), "{newer}");
    }

    #[test]
    fn a_link_with_an_invalid_experiment_says_what_is_wrong() {
        let mut b = presets::classic();
        b.repetitions = 0;
        // encode does not validate: a hand-crafted link may carry anything.
        let l = encode(&Experiment::Bandits(b), None);
        let err = decode(&l).unwrap_err();
        assert!(err.to_string().contains("repetitions"), "{err}");
    }

    #[test]
    fn decompression_bomb_is_refused() {
        let big = vec![b' '; MAX_JSON_BYTES + 10];
        let payload = URL_SAFE_NO_PAD.encode(miniz_oxide::deflate::compress_to_vec(&big, 9));
        let err = decode(&format!("#/bandits?v=1&x={payload}")).unwrap_err();
        assert!(matches!(err, LinkError::Corrupted(_)), "{err}");
    }
}

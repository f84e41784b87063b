//! What the address holds, in one place. Routes live in the URL fragment so the site works as
//! static files from any path: `#/<page>?<key>=<value>&...`. [`PARAMS`] is the one table of the
//! keys a fragment may carry; [`UrlState::parse`] reads them and [`fragment`] writes them back,
//! and [`read`] turns a lab's route into what the page should open. Pure, so it is tested
//! natively.

use crate::embed::EmbedOptions;
use agora_engine::digest::is_digest;
use agora_engine::experiment::Experiment;
use agora_engine::link;
use agora_engine::presets::Preset;

/// One key the fragment's query may carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Param {
    pub key: &'static str,
    /// What it means, for the docs and the tests.
    pub meaning: &'static str,
}

/// Everything the address holds besides the page's path.
pub const PARAMS: [Param; 10] = [
    Param {
        key: "v",
        meaning: "the link format the experiment is written in",
    },
    Param {
        key: "x",
        meaning: "the experiment: its canonical JSON, raw-DEFLATE compressed, base64url",
    },
    Param {
        key: "d",
        meaning: "the digest the sender's run had, checked when the page reruns it",
    },
    Param {
        key: "preset",
        meaning: "open one of the lab's presets by name",
    },
    Param {
        key: "embed",
        meaning: "1 or true: show only the lab, for an iframe on a course page",
    },
    Param {
        key: "hide",
        meaning: "controls left out, by name, comma-separated (see crate::embed::options)",
    },
    Param {
        key: "lock",
        meaning: "controls shown read-only, by name, comma-separated",
    },
    Param {
        key: "origins",
        meaning: "host pages allowed to drive the lab with postMessage (crate::embed::api)",
    },
    Param {
        key: "story",
        meaning: "a guided story of the lab, by name (crate::labs::story)",
    },
    Param {
        key: "step",
        meaning: "the story's step, from 1 (with x=: that step with the link's experiment)",
    },
];

/// A parsed fragment: the page's path and the values of [`PARAMS`].
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UrlState {
    /// `bandits` in `#/bandits?...` (no slashes; empty for the home page).
    pub path: String,
    pub version: Option<String>,
    pub experiment: Option<String>,
    pub digest: Option<String>,
    pub preset: Option<String>,
    pub embed: bool,
    pub story: Option<String>,
    pub step: Option<String>,
}

impl UrlState {
    /// Read a fragment (with or without `#`) or a whole URL.
    pub fn parse(fragment: &str) -> UrlState {
        let (path, params) = link::fragment_params(fragment);
        let get = |k: &str| params.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone());
        UrlState {
            path: path.trim_end_matches('/').to_string(),
            version: get("v"),
            experiment: get("x"),
            digest: get("d"),
            preset: get("preset"),
            embed: matches!(get("embed").as_deref(), Some("1" | "true")),
            story: get("story"),
            step: get("step"),
        }
    }
}

/// A step of a guided story, as the address names it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StoryPlace<'a> {
    /// `story=` and `step=` (see [`crate::labs::story::query`]).
    pub query: &'a str,
    /// The experiment is no longer the step's own: the address carries it too.
    pub edited: bool,
}

/// The fragment that holds `exp` (and `embed=1` when embedded, and what the link hides,
/// locks and allows): what the address bar shows while a lab is edited. At a story's step the
/// story and step name the experiment, unless the student changed it.
pub fn fragment(
    exp: &Experiment,
    embed: bool,
    options: &EmbedOptions,
    story: Option<StoryPlace<'_>>,
) -> String {
    let mut frag = match story {
        Some(s) if !s.edited => format!("#/{}?{}", exp.lab(), s.query),
        Some(s) => format!("{}&{}", link::encode(exp, None), s.query),
        None => link::encode(exp, None),
    };
    if embed {
        frag.push_str("&embed=1");
    }
    frag.push_str(&options.query());
    frag
}

/// What to do with a lab's route.
#[derive(Clone, Debug, PartialEq)]
pub enum Opening<E> {
    /// A share link: load its experiment and run it (checking `expected` when given).
    /// `warning` says what was wrong with a link whose experiment is intact (a damaged
    /// digest): the page shows it and leaves the address as it is.
    Link {
        experiment: E,
        expected: Option<String>,
        warning: Option<String>,
    },
    /// A damaged link or one of another lab: show `message`, and load the default
    /// experiment when `load_default`. The page leaves the address as it is, so the link
    /// can still be read or fixed.
    BadLink { message: String, load_default: bool },
    /// A preset of this lab.
    Preset(E),
    /// No link or preset (or an unknown preset, with a message): the page keeps or restores
    /// its experiment.
    Nothing { message: Option<String> },
}

/// The fragment without its `d=` parameter.
fn without_digest(fragment: &str) -> String {
    let (before, query) = match fragment.find('?') {
        Some(i) => (&fragment[..i], &fragment[i + 1..]),
        None => return fragment.to_string(),
    };
    let kept: Vec<&str> = query
        .split('&')
        .filter(|kv| !kv.starts_with("d=") && *kv != "d")
        .collect();
    format!("{before}?{}", kept.join("&"))
}

/// Read `fragment` for a lab whose experiments `extract` recognises and whose presets are
/// `presets`.
pub fn read<E>(
    fragment: &str,
    presets: &[Preset],
    extract: impl Fn(Experiment) -> Option<E>,
) -> Opening<E> {
    let url = UrlState::parse(fragment);
    if url.experiment.is_some() {
        let (decoded, warning) = match link::decode(fragment) {
            Ok(d) => (Ok(d), None),
            Err(e) => match url.digest.as_deref() {
                // The experiment may be intact and only the digest damaged: open it without.
                Some(d) if !is_digest(d) => match link::decode(&without_digest(fragment)) {
                    Ok(decoded) => (
                        Ok(decoded),
                        Some(format!(
                            "The digest at the end of this link is damaged ({}), so this run cannot be checked against the one that was shared. The experiment itself is intact: it is loaded and run.",
                            link::digest_problem(d)
                        )),
                    ),
                    Err(_) => (Err(e), None),
                },
                _ => (Err(e), None),
            },
        };
        return match decoded {
            Ok(decoded) => match extract(decoded.experiment) {
                Some(experiment) => Opening::Link {
                    experiment,
                    expected: decoded.expected_digest,
                    warning,
                },
                None => Opening::BadLink {
                    message: "This link opens another lab's experiment.".into(),
                    load_default: false,
                },
            },
            Err(e) => Opening::BadLink {
                message: format!("{e} The default experiment is loaded instead."),
                load_default: true,
            },
        };
    }
    if let Some(name) = url.preset {
        return match presets.iter().find(|p| p.name == name) {
            Some(p) => match extract(p.experiment.clone()) {
                Some(e) => Opening::Preset(e),
                None => Opening::Nothing { message: None },
            },
            None => {
                let names: Vec<&str> = presets.iter().map(|p| p.name).collect();
                Opening::Nothing {
                    message: Some(format!(
                        "There is no preset called {}. Presets: {}.",
                        link::quoted(&name),
                        names.join(", ")
                    )),
                }
            }
        };
    }
    Opening::Nothing { message: None }
}

#[cfg(test)]
mod tests {
    use super::*;
    use agora_engine::presets;

    fn games(e: Experiment) -> Option<Experiment> {
        matches!(e, Experiment::Games(_)).then_some(e)
    }

    #[test]
    fn the_table_names_every_key_the_state_reads() {
        let s = UrlState::parse("#/games/?v=1&x=abc&d=0123&preset=p&embed=true&story=s&step=2");
        assert_eq!(
            s,
            UrlState {
                path: "games".into(),
                version: Some("1".into()),
                experiment: Some("abc".into()),
                digest: Some("0123".into()),
                preset: Some("p".into()),
                embed: true,
                story: Some("s".into()),
                step: Some("2".into()),
            }
        );
        let keys: Vec<&str> = PARAMS.iter().map(|p| p.key).collect();
        assert_eq!(
            keys,
            ["v", "x", "d", "preset", "embed", "hide", "lock", "origins", "story", "step"]
        );
        assert!(!UrlState::parse("#/bandits?embed=0").embed);
        assert_eq!(UrlState::parse("").path, "");
        let exp = presets::all()[0].experiment.clone();
        let f = fragment(&exp, true, &EmbedOptions::default(), None);
        assert!(f.ends_with("&embed=1") && UrlState::parse(&f).embed);
        let mut o = EmbedOptions::default();
        o.hide.insert("json".into());
        let f = fragment(&exp, true, &o, None);
        assert!(f.ends_with("&embed=1&hide=json"), "{f}");
        // A story's step names its experiment; a changed one is carried beside it.
        let at = StoryPlace {
            query: "story=s&step=2",
            edited: false,
        };
        let f = fragment(&exp, true, &o, Some(at));
        assert_eq!(f, "#/bandits?story=s&step=2&embed=1&hide=json");
        let f = fragment(&exp, false, &o, Some(StoryPlace { edited: true, ..at }));
        assert!(f.starts_with(&link::encode(&exp, None)), "{f}");
        assert!(f.ends_with("&story=s&step=2&hide=json"), "{f}");
        let u = UrlState::parse(&f);
        assert_eq!(
            (u.story.as_deref(), u.step.as_deref()),
            (Some("s"), Some("2"))
        );
        assert!(u.experiment.is_some());
    }

    #[test]
    fn links_presets_and_mistakes() {
        let all = presets::all();
        let game = presets::find("games-match").unwrap().experiment;
        let frag = link::encode(&game, Some("0123456789abcdef"));
        assert_eq!(
            read(&frag, &all, games),
            Opening::Link {
                experiment: game.clone(),
                expected: Some("0123456789abcdef".into()),
                warning: None,
            }
        );
        let bandit = link::encode(&presets::all()[0].experiment, None);
        assert!(matches!(
            read(&bandit, &all, games),
            Opening::BadLink {
                load_default: false,
                ..
            }
        ));
        let cut = &frag[..frag.len() / 2];
        assert!(matches!(
            read(cut, &all, games),
            Opening::BadLink {
                load_default: true,
                ..
            }
        ));
        assert_eq!(
            read("#/games?preset=games-match", &all, games),
            Opening::Preset(game)
        );
        let Opening::Nothing { message: Some(m) } = read("#/games?preset=nope", &all, games) else {
            panic!("an unknown preset is explained")
        };
        assert!(m.contains("nope") && m.contains("games-axelrod"), "{m}");
        assert_eq!(
            read("#/games", &all, games),
            Opening::Nothing { message: None }
        );
    }

    #[test]
    fn a_damaged_digest_keeps_the_experiment() {
        let all = presets::all();
        let game = presets::find("games-match").unwrap().experiment;
        let frag = link::encode(&game, Some("0123456789abcdef"));
        let cut = &frag[..frag.len() - 3];
        let Opening::Link {
            experiment,
            expected,
            warning: Some(w),
        } = read(cut, &all, games)
        else {
            panic!("the experiment of a link with a damaged digest opens")
        };
        assert_eq!((experiment, expected), (game.clone(), None));
        assert!(w.contains("digest") && w.contains("0123456789abc"), "{w}");
        // An embedded link keeps its other keys.
        assert_eq!(
            without_digest("#/games?v=1&x=ab&d=12&embed=1"),
            "#/games?v=1&x=ab&embed=1"
        );
    }
}

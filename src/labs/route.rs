//! What a lab page's route asks it to open: a share link (`x=`), a preset (`preset=`), or
//! nothing in particular. Pure, so every lab reads its route the same way and it is tested
//! natively; the page then applies the [`Opening`].

use agora_engine::experiment::Experiment;
use agora_engine::link;
use agora_engine::presets::Preset;

/// What to do with a lab's route.
#[derive(Clone, Debug, PartialEq)]
pub enum Opening<E> {
    /// A share link: load its experiment and run it (checking `expected` when given).
    Link {
        experiment: E,
        expected: Option<String>,
    },
    /// A damaged link or one of another lab: show `message`, and load the default
    /// experiment when `load_default`.
    BadLink { message: String, load_default: bool },
    /// A preset of this lab.
    Preset(E),
    /// No link or preset (or an unknown preset, with a message): the page keeps or restores
    /// its experiment.
    Nothing { message: Option<String> },
}

/// Read `fragment` for a lab whose experiments `extract` recognises and whose presets are
/// `presets`.
pub fn read<E>(
    fragment: &str,
    presets: &[Preset],
    extract: impl Fn(Experiment) -> Option<E>,
) -> Opening<E> {
    let (_, params) = link::fragment_params(fragment);
    let get = |k: &str| params.iter().find(|(p, _)| p == k).map(|(_, v)| v.clone());
    if get("x").is_some() {
        return match link::decode(fragment) {
            Ok(decoded) => match extract(decoded.experiment) {
                Some(experiment) => Opening::Link {
                    experiment,
                    expected: decoded.expected_digest,
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
    if let Some(name) = get("preset") {
        return match presets.iter().find(|p| p.name == name) {
            Some(p) => match extract(p.experiment.clone()) {
                Some(e) => Opening::Preset(e),
                None => Opening::Nothing { message: None },
            },
            None => {
                let names: Vec<&str> = presets.iter().map(|p| p.name).collect();
                Opening::Nothing {
                    message: Some(format!(
                        "There is no preset called \"{name}\". Presets: {}.",
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
    fn links_presets_and_mistakes() {
        let all = presets::all();
        let game = presets::find("games-match").unwrap().experiment;
        let frag = link::encode(&game, Some("0123456789abcdef"));
        assert_eq!(
            read(&frag, &all, games),
            Opening::Link {
                experiment: game.clone(),
                expected: Some("0123456789abcdef".into())
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
}

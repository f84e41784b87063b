//! End-to-end tests of the `agora` binary: they run the built executable as a user would and
//! check its output, exit codes and messages.
//!
//! Digests are checked against their definition (the first 16 hex characters of SHA-256 of the
//! canonical results JSON, recomputed here from the printed results), and links against the
//! file route: the same experiment must give the same digest whichever way it arrives.

use sha2::{Digest, Sha256};
use std::io::Write;
use std::process::{Command, Output, Stdio};

const AGORA: &str = env!("CARGO_BIN_EXE_agora");

/// Runs `agora args...` with `stdin` as standard input.
fn agora(args: &[&str], stdin: &str) -> Output {
    let mut child = Command::new(AGORA)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the agora binary starts");
    {
        let mut input = child.stdin.take().expect("stdin is piped");
        // A command that does not read stdin may exit before we finish writing.
        let _ = input.write_all(stdin.as_bytes());
    }
    child.wait_with_output().expect("agora finishes")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn code(o: &Output) -> i32 {
    o.status
        .code()
        .expect("agora exits normally, not by a signal")
}

fn is_hex16(s: &str) -> bool {
    s.len() == 16
        && s.bytes()
            .all(|b| b.is_ascii_hexdigit() && !b.is_ascii_uppercase())
}

/// A preset's JSON with fewer repetitions, so the debug-build tests stay quick.
fn small_preset(name: &str, repetitions: u64) -> String {
    let out = agora(&["preset", name], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let mut v: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("preset is JSON");
    v["repetitions"] = repetitions.into();
    serde_json::to_string_pretty(&v).unwrap()
}

/// A temporary file that is removed when dropped.
struct TempFile(std::path::PathBuf);

impl TempFile {
    fn new(name: &str, text: &str) -> TempFile {
        let path =
            std::env::temp_dir().join(format!("agora-cli-test-{}-{name}", std::process::id()));
        std::fs::write(&path, text).unwrap();
        TempFile(path)
    }
    fn path(&self) -> &str {
        self.0.to_str().unwrap()
    }
}

impl Drop for TempFile {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.0);
    }
}

#[test]
fn presets_lists_names_and_titles() {
    let out = agora(&["presets"], "");
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines.len() >= 2, "{text}");
    for line in &lines {
        let (name, title) = line.split_once('\t').expect("name<TAB>title");
        assert!(!name.is_empty() && !title.is_empty(), "{line}");
        assert!(!name.contains(' '), "names are single words: {name}");
    }
    assert!(lines.iter().any(|l| l.starts_with("bandits-classic\t")));
    // Every listed preset can be printed and is an experiment of the format this version writes.
    for line in &lines {
        let name = line.split('\t').next().unwrap();
        let out = agora(&["preset", name], "");
        assert_eq!(code(&out), 0, "{name}: {}", stderr(&out));
        let v: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
        assert_eq!(v["format"], 1, "{name}");
        assert!(v["lab"].is_string(), "{name}");
    }
}

#[test]
fn preset_then_run_from_stdin_prints_a_digest_that_matches_its_definition() {
    let json = small_preset("bandits-classic", 5);
    let out = agora(&["run", "-"], &json);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let outcome: serde_json::Value = serde_json::from_str(&stdout(&out)).expect("outcome JSON");
    let digest = outcome["digest"].as_str().expect("digest is a string");
    assert!(is_hex16(digest), "{digest}");

    // Independent derivation: SHA-256 of the canonical results JSON, which the results
    // document prints verbatim after `"results": ` (its last key); the bytes are hashed
    // exactly as printed.
    let printed = stdout(&out);
    assert!(
        printed.starts_with("{\n  \"experiment\": {\"format\":1,"),
        "{}",
        &printed[..80.min(printed.len())]
    );
    assert!(printed.contains(&format!("\n  \"digest\": \"{digest}\",\n")));
    let canonical = printed
        .split_once("\n  \"results\": ")
        .expect("results come last")
        .1
        .trim_end()
        .strip_suffix('}')
        .expect("the document closes")
        .trim_end();
    // The document's experiment is the one that ran.
    assert_eq!(
        outcome["experiment"],
        serde_json::from_str::<serde_json::Value>(&json).unwrap()
    );
    let hash = Sha256::digest(canonical.as_bytes());
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    assert_eq!(digest, hex);

    // The results describe the experiment that was asked for.
    let exp: serde_json::Value = serde_json::from_str(&json).unwrap();
    let results = &outcome["results"];
    assert_eq!(results["lab"], "bandits");
    assert_eq!(results["horizon"], exp["horizon"]);
    assert_eq!(results["repetitions"], 5);
    assert_eq!(results["complete"], true);
    assert_eq!(
        results["policies"].as_array().unwrap().len(),
        exp["policies"].as_array().unwrap().len()
    );

    // --digest-only and --pretty print the same run.
    let only = agora(&["run", "-", "--digest-only"], &json);
    assert_eq!(code(&only), 0);
    assert_eq!(stdout(&only).trim(), digest);
    let pretty = agora(&["run", "--pretty", "-"], &json);
    assert_eq!(code(&pretty), 0);
    assert!(stdout(&pretty).contains("\n  \"digest\""));
    let reparsed: serde_json::Value = serde_json::from_str(&stdout(&pretty)).unwrap();
    assert_eq!(reparsed, outcome);
}

#[test]
fn run_reads_files_and_gives_the_same_digest_as_stdin() {
    let json = small_preset("bandits-gaussian", 3);
    let file = TempFile::new("gaussian.json", &json);
    let a = agora(&["run", "--digest-only", file.path()], "");
    let b = agora(&["run", "--digest-only", "-"], &json);
    assert_eq!(code(&a), 0, "{}", stderr(&a));
    assert_eq!(code(&b), 0);
    assert_eq!(stdout(&a), stdout(&b));
    assert!(is_hex16(stdout(&a).trim()));
}

#[test]
fn link_then_run_link_reproduces_the_digest() {
    let json = small_preset("bandits-classic", 4);
    let file = TempFile::new("classic.json", &json);
    let direct = agora(&["run", "--digest-only", file.path()], "");
    assert_eq!(code(&direct), 0);
    let digest = stdout(&direct).trim().to_string();

    // A plain link: default base, no digest.
    let plain = agora(&["link", file.path()], "");
    assert_eq!(code(&plain), 0, "{}", stderr(&plain));
    let plain = stdout(&plain).trim().to_string();
    assert!(
        plain.starts_with("http://127.0.0.1:8080/#/bandits?v=1&x="),
        "{plain}"
    );
    assert!(!plain.contains("&d="));
    let out = agora(&["run", "--link", &plain, "--digest-only"], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), digest);

    // A link carrying its digest, with another base: reproduced, and said so on stderr.
    let with_d = agora(
        &[
            "link",
            "--digest",
            "--base",
            "https://example.org/agora/",
            "-",
        ],
        &json,
    );
    assert_eq!(code(&with_d), 0, "{}", stderr(&with_d));
    let with_d = stdout(&with_d).trim().to_string();
    assert!(with_d.starts_with("https://example.org/agora/#/bandits?v=1&x="));
    assert!(with_d.ends_with(&format!("&d={digest}")), "{with_d}");
    let out = agora(&["run", "--digest-only", "--link", &with_d], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), digest);
    assert!(stderr(&out).contains("reproduced"), "{}", stderr(&out));

    // The fragment alone works too (what the app's address bar holds after '#').
    let fragment = &with_d[with_d.find('#').unwrap()..];
    let out = agora(&["run", "--digest-only", &format!("--link={fragment}")], "");
    assert_eq!(stdout(&out).trim(), digest);
}

#[test]
fn a_link_whose_digest_does_not_match_exits_with_3() {
    let json = small_preset("bandits-classic", 2);
    let link = agora(&["link", "--digest", "-"], &json);
    let link = stdout(&link).trim().to_string();
    let d_at = link.find("&d=").unwrap() + 3;
    let real = &link[d_at..];
    // A different well-formed digest: flip the first hex digit.
    let first = if real.starts_with('0') { '1' } else { '0' };
    let wrong = format!("{}{first}{}", &link[..d_at], &real[1..]);
    let out = agora(&["run", "--digest-only", "--link", &wrong], "");
    assert_eq!(code(&out), 3, "{}", stderr(&out));
    let err = stderr(&out);
    assert!(err.contains("not reproduced"), "{err}");
    assert!(err.contains(real), "both digests are shown: {err}");
    // The results are still printed.
    assert_eq!(stdout(&out).trim(), real);
}

#[test]
fn bad_input_exits_with_1_and_a_clear_message() {
    // Not JSON.
    let out = agora(&["run", "-"], "{\"format\": 1, \"lab\": ");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not valid JSON"), "{}", stderr(&out));
    assert!(stdout(&out).is_empty());

    // JSON, but not an experiment this version reads.
    let json = small_preset("bandits-classic", 2).replacen("\"format\": 1", "\"format\": 9", 1);
    let out = agora(&["run", "-"], &json);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("newer version"), "{}", stderr(&out));

    // A valid shape with an invalid value names the field.
    let json =
        small_preset("bandits-classic", 2).replacen("\"horizon\": 2000", "\"horizon\": 0", 1);
    assert!(json.contains("\"horizon\": 0"), "the edit applied");
    let out = agora(&["run", "-"], &json);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("horizon"), "{}", stderr(&out));

    // Unknown preset: the message lists the names.
    let out = agora(&["preset", "bandits-nope"], "");
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(err.contains("no preset called \"bandits-nope\""), "{err}");
    assert!(err.contains("bandits-classic"), "{err}");

    // A file that does not exist.
    let out = agora(&["run", "/nonexistent/dir/experiment.json"], "");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("cannot open"), "{}", stderr(&out));

    // Binary garbage.
    let file = TempFile::new("binary.json", "");
    std::fs::write(&file.0, [0xff, 0xfe, 0x00, 0x41]).unwrap();
    let out = agora(&["run", file.path()], "");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("not UTF-8"), "{}", stderr(&out));
}

#[test]
fn corrupted_links_exit_with_1_and_say_what_is_wrong() {
    let json = small_preset("bandits-classic", 2);
    let link = stdout(&agora(&["link", "-"], &json)).trim().to_string();

    // Cut short, as when a chat client truncates a long URL.
    let cut = &link[..link.len() - 25];
    let out = agora(&["run", "--link", cut], "");
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("damaged"), "{}", stderr(&out));

    // A format version from the future.
    let v99 = link.replace("v=1&", "v=99&");
    let out = agora(&["run", "--link", &v99], "");
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("newer version"), "{}", stderr(&out));

    // Garbage with no experiment at all.
    let out = agora(
        &["run", "--link", "http://127.0.0.1:8080/#/bandits?hello"],
        "",
    );
    assert_eq!(code(&out), 1);
    assert!(
        stderr(&out).contains("does not contain an experiment"),
        "{}",
        stderr(&out)
    );

    for garbage in ["not a link", "#/bandits?v=1&x=!!!!", "#/bandits?v=1&x=AAAA"] {
        let out = agora(&["run", "--link", garbage], "");
        assert_eq!(code(&out), 1, "{garbage}: {}", stderr(&out));
        assert!(!stderr(&out).trim().is_empty(), "{garbage}");
        assert!(!stderr(&out).contains("panicked"), "{garbage}");
    }
}

#[test]
fn usage_errors_exit_with_2_and_point_to_the_help() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["run"],
        &["run", "--bogus", "-"],
        &["run", "a.json", "b.json"],
        &["run", "--link"],
        &["run", "--link", "#/x", "file.json"],
        &["run", "--pretty", "--digest-only", "-"],
        &["preset"],
        &["presets", "extra"],
        &["link", "--base"],
        &["help", "nonsense"],
    ];
    for args in cases {
        let out = agora(args, "");
        assert_eq!(code(&out), 2, "{args:?}: {}", stderr(&out));
        if !args.is_empty() {
            assert!(
                stderr(&out).contains("agora help"),
                "{args:?}: {}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn help_is_available_for_every_command() {
    for args in [
        &["help"][..],
        &["--help"],
        &["-h"],
        &["help", "run"],
        &["run", "--help"],
        &["link", "-h"],
        &["preset", "--help"],
        &["presets", "--help"],
        &["schema", "--help"],
        &["strategies", "--help"],
        &["help", "strategies"],
        &["stories", "--help"],
        &["help", "story"],
    ] {
        let out = agora(args, "");
        assert_eq!(code(&out), 0, "{args:?}");
        assert!(stdout(&out).contains("Usage"), "{args:?}");
    }
    let run_help = stdout(&agora(&["help", "run"], ""));
    for opt in ["--pretty", "--digest-only", "--link"] {
        assert!(run_help.contains(opt), "{opt}");
    }
    let out = agora(&["--version"], "");
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).starts_with("agora "));
}

#[test]
fn schema_is_json_that_describes_the_experiment_files() {
    let out = agora(&["schema"], "");
    assert_eq!(code(&out), 0);
    let text = stdout(&out);
    assert!(text.contains("horizon"));
    let schema: serde_json::Value = serde_json::from_str(&text).expect("schema is JSON");
    assert_eq!(schema["properties"]["format"]["const"], 1);
    let required: Vec<&str> = schema["required"]
        .as_array()
        .expect("top-level required list")
        .iter()
        .map(|r| r.as_str().unwrap())
        .collect();
    assert!(required.contains(&"format"));

    // Structural check of every preset against the schema: each file's top-level keys are
    // declared (at the top level or by one lab variant), and that variant's required keys are
    // all present with the right `lab` tag.
    let variants = schema["oneOf"].as_array().expect("one variant per lab");
    let presets = stdout(&agora(&["presets"], ""));
    for name in presets.lines().map(|l| l.split('\t').next().unwrap()) {
        let exp: serde_json::Value =
            serde_json::from_str(&stdout(&agora(&["preset", name], ""))).unwrap();
        let obj = exp.as_object().unwrap();
        let lab = exp["lab"].as_str().unwrap();
        let variant = variants
            .iter()
            .find(|v| {
                v["properties"]["lab"]["enum"]
                    .as_array()
                    .is_some_and(|e| e.iter().any(|x| x == lab))
            })
            .unwrap_or_else(|| panic!("{name}: no schema variant for lab {lab}"));
        // A lab tagged again by `mode` (games) has one sub-variant per mode.
        let sub = variant["oneOf"].as_array().map(|subs| {
            let mode = exp["mode"].as_str().expect("a mode");
            subs.iter()
                .find(|v| {
                    v["properties"]["mode"]["enum"]
                        .as_array()
                        .is_some_and(|e| e.iter().any(|x| x == mode))
                })
                .unwrap_or_else(|| panic!("{name}: no schema variant for mode {mode}"))
        });
        for key in obj.keys() {
            let declared = schema["properties"].get(key).is_some()
                || variant["properties"].get(key).is_some()
                || sub.is_some_and(|s| s["properties"].get(key).is_some());
            assert!(declared, "{name}: key {key} is not in the schema");
        }
        for v in [Some(variant), sub].into_iter().flatten() {
            for req in v["required"].as_array().into_iter().flatten() {
                assert!(
                    obj.contains_key(req.as_str().unwrap()),
                    "{name}: {req} missing"
                );
            }
        }
    }
}

#[test]
fn a_games_tournament_from_a_file_gives_the_evolution_of_trust_totals() {
    // Case's five characters, 10 rounds, R, S, T, P = 2, -1, 3, 0: the totals of The Evolution
    // of Trust's one-off tournament (Copycat 57, Cheat 45, Cooperate 29, Grudger 46,
    // Detective 45), as a file written by hand.
    let json = r#"{"format": 1, "lab": "games", "mode": "tournament", "seed": 0,
        "game": {"name": "Trust", "actions": ["Cooperate", "Cheat"],
                 "row": [[2, -1], [3, 0]], "column": [[2, 3], [-1, 0]]},
        "players": [{"kind": "TitForTat"}, {"kind": "Defector"}, {"kind": "Cooperator"},
                    {"kind": "Grudger"}, {"kind": "Detective"}],
        "turns": 10, "repetitions": 1}"#;
    let out = agora(&["run", "-"], json);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let outcome: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let r = &outcome["results"];
    assert_eq!(r["lab"], "games");
    assert_eq!(r["mode"], "tournament");
    let totals: Vec<f64> = r["scores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s[0].as_f64().unwrap())
        .collect();
    assert_eq!(totals, vec![57.0, 45.0, 29.0, 46.0, 45.0]);
    // The same experiment through a link gives the same digest.
    let file = TempFile::new("trust.json", json);
    let link = agora(&["link", "--digest", file.path()], "");
    assert_eq!(code(&link), 0, "{}", stderr(&link));
    let url = stdout(&link).trim().to_string();
    assert!(url.contains("#/games?v=1&x="), "{url}");
    let again = agora(&["run", "--link", &url, "--digest-only"], "");
    assert_eq!(code(&again), 0, "{}", stderr(&again));
    assert_eq!(again_digest(&again), outcome["digest"].as_str().unwrap());
}

fn again_digest(o: &Output) -> String {
    stdout(o).trim().to_string()
}

#[test]
fn every_games_mode_runs_from_its_preset() {
    for name in [
        "games-match",
        "games-bos-alternation",
        "games-ecology",
        "games-moran",
        "games-trust",
        "games-pennies-fictitious",
    ] {
        let out = agora(&["preset", name], "");
        assert_eq!(code(&out), 0, "{name}");
        let run = agora(&["run", "--digest-only", "-"], &stdout(&out));
        assert_eq!(code(&run), 0, "{name}: {}", stderr(&run));
        assert!(is_hex16(stdout(&run).trim()), "{name}");
    }
}

#[test]
fn a_games_config_with_a_bad_strategy_is_refused_with_its_name() {
    let json = r#"{"format": 1, "lab": "games", "mode": "match", "seed": 1,
        "game": {"name": "PD", "actions": ["C", "D"], "row": [[3, 0], [5, 1]], "column": [[3, 5], [0, 1]]},
        "players": [{"kind": "TitForTat"}, {"kind": "TitForTwoTats"}]}"#;
    let out = agora(&["run", "-"], json);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("TitForTwoTats"), "{}", stderr(&out));
}

#[test]
fn strategies_lists_every_kind_that_a_config_accepts() {
    let out = agora(&["strategies"], "");
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    let kinds: Vec<&str> = text
        .lines()
        .map(|l| l.split('\t').next().unwrap())
        .collect();
    assert!(kinds.len() >= 40, "{}", kinds.len());
    for k in ["TitForTat", "Grudger", "ZDExtort2", "Detective", "GTFT"] {
        assert!(kinds.contains(&k), "{k}");
    }
    // Every listed kind plays in a match config.
    for k in &kinds {
        let json = format!(
            r#"{{"format": 1, "lab": "games", "mode": "match", "seed": 1, "turns": 5,
            "game": {{"name": "PD", "actions": ["C", "D"], "row": [[3, 0], [5, 1]], "column": [[3, 5], [0, 1]]}},
            "players": [{{"kind": "{k}"}}, {{"kind": "TitForTat"}}]}}"#
        );
        let run = agora(&["run", "--digest-only", "-"], &json);
        if *k == "LLM" {
            // A language model's moves come from the recorded transcript, empty here.
            assert_eq!(code(&run), 1, "{k}: {}", stderr(&run));
            assert!(
                stderr(&run).contains("not all recorded"),
                "{}",
                stderr(&run)
            );
        } else {
            assert_eq!(code(&run), 0, "{k}: {}", stderr(&run));
        }
    }
}

/// oEmbed 1.0 (https://oembed.com, section 2.3.4): a "rich" document has version, type, html,
/// width and height; the html here is an iframe of the lab with embed=1 on the given site.
#[test]
fn oembed_documents_follow_the_spec_and_point_at_the_site() {
    let check = |v: &serde_json::Value, src_start: &str, title: &str| {
        assert_eq!(v["version"], "1.0");
        assert_eq!(v["type"], "rich");
        assert_eq!(v["title"], title);
        assert!(
            v["width"].as_u64().is_some() && v["height"].as_u64().is_some(),
            "{v}"
        );
        let html = v["html"].as_str().unwrap();
        assert!(
            html.starts_with(&format!("<iframe src=\"{src_start}")),
            "{html}"
        );
        assert!(
            html.ends_with("</iframe>") && html.contains("embed=1"),
            "{html}"
        );
    };
    let o = agora(
        &["oembed", "games", "--base", "https://school.example/agora"],
        "",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    check(
        &v,
        "https://school.example/agora/#/games?embed=1",
        "Agora: Repeated games",
    );
    assert_eq!(v["provider_url"], "https://school.example/agora/");

    // A share link unfurls to its own experiment, embedded.
    let link = stdout(&agora(&["link", "-"], &small_preset("bandits-classic", 2)));
    let o = agora(&["oembed", link.trim(), "--width", "720"], "");
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    check(
        &v,
        "http://127.0.0.1:8080/#/bandits?v=1&amp;x=",
        "Agora: Multi-armed bandits",
    );
    assert_eq!(v["width"], 720);

    // --out writes the site's documents.
    let dir = std::env::temp_dir().join(format!("agora-oembed-{}", std::process::id()));
    let o = agora(
        &[
            "oembed",
            "--out",
            dir.to_str().unwrap(),
            "--base",
            "https://s.example/",
        ],
        "",
    );
    assert_eq!(code(&o), 0, "{}", stderr(&o));
    let read = |p: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(dir.join(p)).unwrap()).unwrap()
    };
    check(
        &read("oembed.json"),
        "https://s.example/#/?embed=1",
        "Agora: learning-agent labs",
    );
    check(
        &read("oembed/tax.json"),
        "https://s.example/#/tax?embed=1",
        "Agora: Tax planner",
    );
    check(
        &read("oembed/metarl.json"),
        "https://s.example/#/metarl?embed=1",
        "Agora: Meta-RL exploration",
    );
    let _ = std::fs::remove_dir_all(&dir);

    for (args, needle) in [
        (vec!["oembed", "nope"], "neither a lab"),
        (vec!["oembed", "--height", "99999"], "--height"),
        (vec!["oembed", "--base", "https://x/#/bandits"], "--base"),
    ] {
        let o = agora(&args, "");
        assert_ne!(code(&o), 0);
        assert!(stderr(&o).contains(needle), "{}", stderr(&o));
    }
}

#[test]
fn a_story_step_prints_the_experiment_its_link_opens() {
    let list = stdout(&agora(&["stories"], ""));
    let lines: Vec<&str> = list.lines().collect();
    assert!(lines.len() >= 8, "{list}");
    assert!(
        lines.contains(&"games\tevolution-of-trust\t5\tThe evolution of trust"),
        "{list}"
    );
    // Step 3 of the trust story is the trust preset itself, unchanged.
    let step = agora(&["story", "games", "evolution-of-trust", "3"], "");
    assert_eq!(code(&step), 0, "{}", stderr(&step));
    let preset = agora(&["preset", "games-trust"], "");
    assert_eq!(stdout(&step), stdout(&preset));
    // Step 4 changes only the match length.
    let four: serde_json::Value = serde_json::from_str(&stdout(&agora(
        &["story", "games", "evolution-of-trust", "4"],
        "",
    )))
    .unwrap();
    let mut want: serde_json::Value = serde_json::from_str(&stdout(&preset)).unwrap();
    want["turns"] = 3.into();
    assert_eq!(four, want);
    for (args, says) in [
        (&["story", "games", "evolution-of-trust", "6"][..], "1 to 5"),
        (&["story", "games", "evolution-of-trust", "x"], "\"x\""),
        (&["story", "games", "nope", "1"], "evolution-of-trust"),
    ] {
        let out = agora(args, "");
        assert_eq!(code(&out), 1, "{args:?}");
        assert!(stderr(&out).contains(says), "{args:?}: {}", stderr(&out));
    }
    assert_eq!(code(&agora(&["story", "games"], "")), 2);
}

/// Accepted before: LinTS with d = 50 and 100 arms at ten million rounds, hours of work with
/// nothing said. Refused with its size and time; `--no-budget` is how to run it anyway.
#[test]
fn a_run_longer_than_the_budget_is_refused_with_its_size() {
    let big = r#"{"format": 1, "lab": "bandits", "seed": 1, "horizon": 10000000, "repetitions": 1,
        "environment": {"kind": "linear", "arms": 100, "dim": 50, "noise_sigma": 0.1},
        "policies": [{"kind": "lin_ts"}]}"#;
    let o = agora(&["run", "-", "--digest-only"], big);
    assert_eq!(code(&o), 1, "{}", stderr(&o));
    let err = stderr(&o);
    assert!(
        err.contains("too long to run: horizon: this run is 10,000,000 pulls"),
        "{err}"
    );
    assert!(err.contains("--no-budget"), "{err}");
    let help = stdout(&agora(&["help", "run"], ""));
    assert!(help.contains("--no-budget"), "{help}");
}

/// Strict reading, from the command line: a key written twice, a number for a name and a
/// wrong type deep inside a policy are refused with the path of the field.
#[test]
fn lax_json_is_refused_with_the_path_of_the_field() {
    let exp = stdout(&agora(&["preset", "bandits-classic"], ""));
    let twice = exp.replacen("\"seed\"", "\"seed\": 1,\n  \"seed\"", 1);
    let err = stderr(&agora(&["run", "-"], &twice));
    assert!(err.contains("seed: this key is written twice"), "{err}");
    let numeric = exp.replacen("\"kind\": \"uniform\"", "\"kind\": 5", 1);
    let err = stderr(&agora(&["run", "-"], &numeric));
    assert!(err.contains("policies[0].kind: write the name"), "{err}");
    let wrong = exp.replacen("\"prior_alpha\": 1.0", "\"prior_alpha\": \"abc\"", 1);
    let err = stderr(&agora(&["run", "-"], &wrong));
    assert!(
        err.contains("policies[4].prior_alpha: invalid type: the text \"abc\", expected a number"),
        "{err}"
    );
}

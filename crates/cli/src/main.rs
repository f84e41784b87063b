//! `agora`: the native command line over the same experiment configs as the browser app.
//!
//! Every command reads or writes the versioned experiment JSON (`{"format": 1, "lab": ...}`) or
//! a share link, so a result computed here has the same digest as the one the app shows for
//! the same experiment. Exit codes: 0 success, 1 bad input (unreadable file, invalid
//! experiment, damaged link), 2 wrong usage, 3 a link's expected digest was not reproduced.
//! The argument parser is hand-written to keep the build small.

mod llm;
mod progress;

use agora_engine::experiment::{results_document, Experiment, FORMAT, MAX_JSON_BYTES};
use agora_engine::llm::CallLimits;
use agora_engine::{link, presets, stories};
use std::io::{self, Read, Write};
use std::path::Path;
use std::process::ExitCode;

/// Most threads `agora run --jobs` starts.
const MAX_JOBS: usize = 256;

/// The base URL of share links when `--base` is not given (the address `scripts/serve.sh` uses).
const DEFAULT_BASE: &str = "http://127.0.0.1:8080/";

const HELP: &str = "\
agora: run Agora experiments from the command line (same configs, links and digests as the app)

Usage:
  agora presets                       list the preset experiments (name<TAB>title)
  agora preset NAME                   print a preset's experiment JSON
  agora stories                       list the guided stories (lab<TAB>name<TAB>steps<TAB>title)
  agora story LAB NAME STEP           print the experiment of a story's step (from 1)
  agora run FILE|-                    run an experiment (JSON file, or - for standard input)
  agora run --link URL                run the experiment in a share link
  agora link FILE|-                   print the share link of an experiment
  agora oembed [LAB|LINK]             print the oEmbed document that unfurls a lab or link
  agora oembed --out DIR              write a site's oEmbed documents (when publishing it)
  agora strategies                    list the strategies of the repeated-games lab
  agora schema                        print the JSON Schema of experiment files
  agora help [COMMAND]                show this help, or a command's help
  agora --version                     print the version

Exit codes: 0 ok, 1 bad input, 2 wrong usage, 3 a link's result was not reproduced.
Try: agora preset bandits-classic > classic.json && agora run classic.json --digest-only
     agora preset games-axelrod | agora run - --pretty
";

const HELP_PRESETS: &str = "\
Usage: agora presets

Prints one line per preset experiment: its name, a tab, and its title.
Get one with `agora preset NAME`.
";

const HELP_PRESET: &str = "\
Usage: agora preset NAME

Prints the preset's experiment JSON (pretty). Edit it and run it with `agora run FILE`.
`agora presets` lists the names.
";

const HELP_STORIES: &str = "\
Usage: agora stories

Prints one line per guided story: its lab, its name, its number of steps and its title.
Each step's experiment is `agora story LAB NAME STEP`; the app opens the same step at
#/LAB?story=NAME&step=STEP.
";

const HELP_STORY: &str = "\
Usage: agora story LAB NAME STEP

Prints the experiment of step STEP (counted from 1) of a guided story, as pretty JSON: the
experiment the app runs at that step. Run it with `agora story ... | agora run -`.
";

const HELP_RUN: &str = "\
Usage: agora run [OPTIONS] FILE|-
       agora run [OPTIONS] --link URL

Runs the experiment and prints the results document, the same as the app's JSON export:
{\"experiment\": ..., \"digest\": ..., \"results\": ...}, one key per line; the text after
\"results\": is the canonical results JSON, whose SHA-256 begins with the digest.
FILE is an experiment JSON file; - reads it from standard input.

Options:
  --pretty        indent the JSON output
  --digest-only   print only the 16-character result digest
  --link URL      run the experiment carried by a share link (a full URL or its #/... part);
                  if the link carries an expected digest (d=...), says on standard error
                  whether it was reproduced and exits with 3 if it was not
  --jobs N        threads to run on (default: one per core); results and digest are the
                  same for any N
  --no-budget     run an experiment that would take a page more than 10 minutes (its
                  estimated size and time are refused otherwise, as in the app)

LLM agents (an experiment whose policies or players include kind \"llm\" or \"LLM\"):
  Their replies are recorded in the experiment's \"transcript\"; a complete transcript replays
  with no key and no network. To ask the model for the missing replies:
  --llm               call the model (the key comes from AGORA_LLM_KEY, or OPENAI_API_KEY,
                      ANTHROPIC_API_KEY, GEMINI_API_KEY for that provider; local servers
                      need none)
  --save FILE         write the experiment with its transcript to FILE (also when the run
                      stops early: run it again with --llm to resume)
  --concurrency N     calls at once (default 2)
  --max-calls N       stop after N calls (default 2000; the transcript is kept)
  --timeout SECONDS   abandon and retry a call after this long (default 60)
  --cache DIR         answer identical requests from replies saved in DIR
";

const HELP_LINK: &str = "\
Usage: agora link [OPTIONS] FILE|-

Prints the share link that opens the experiment in the app.

Options:
  --base URL      the app's address (default http://127.0.0.1:8080/)
  --digest        run the experiment first and put its digest in the link (d=...),
                  so whoever opens it sees whether they reproduced the result
";

const HELP_OEMBED: &str = "\
Usage: agora oembed [OPTIONS] [LAB|LINK]

Prints the oEmbed document (https://oembed.com, type \"rich\") with which a course platform
unfurls Agora: an iframe of a lab (bandits, games, metarl, tax), of a share link, or with
neither of the home page. The site is static files, so its documents are files too: when you
publish Agora, write them next to index.html with --out (index.html points to oembed.json).

Options:
  --base URL      the site's public address (default http://127.0.0.1:8080/)
  --width N       the frame's width in pixels (default 960)
  --height N      the frame's height in pixels (default 1100)
  --out DIR       write DIR/oembed.json (the home page) and DIR/oembed/LAB.json for every
                  lab instead of printing
";

const HELP_STRATEGIES: &str = "\
Usage: agora strategies

Prints one line per strategy of the repeated-games lab: the `kind` to use in an experiment's
`players` (the Axelrod library's identifier where it has the strategy), a tab, its name, a
tab, and its rules.
";

const HELP_SCHEMA: &str = "\
Usage: agora schema

Prints the JSON Schema (draft-07) of experiment files.
";

/// A failed command: what to tell the user and which exit code to return.
#[derive(Debug)]
struct Failure {
    code: u8,
    message: String,
}

impl Failure {
    /// Bad input: exit code 1.
    fn input(message: impl Into<String>) -> Self {
        Failure {
            code: 1,
            message: message.into(),
        }
    }

    /// Wrong usage: exit code 2; the message ends with a pointer to the help.
    fn usage(message: impl Into<String>, command: &str) -> Self {
        let hint = if command.is_empty() {
            "Run `agora help` for usage.".to_string()
        } else {
            format!("Run `agora help {command}` for usage.")
        };
        Failure {
            code: 2,
            message: format!("{}\n{hint}", message.into()),
        }
    }
}

type CmdResult = Result<(), Failure>;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match dispatch(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if !f.message.is_empty() {
                // Nothing sensible can be done if standard error is closed.
                let _ = writeln!(io::stderr(), "agora: {}", f.message);
            }
            ExitCode::from(f.code)
        }
    }
}

fn dispatch(args: &[String]) -> CmdResult {
    let Some(cmd) = args.first() else {
        write_out(HELP)?;
        return Err(Failure {
            code: 2,
            message: String::new(),
        });
    };
    let rest = &args[1..];
    let wants_help = rest.iter().any(|a| a == "--help" || a == "-h");
    match cmd.as_str() {
        "help" | "--help" | "-h" => help(rest),
        "--version" | "-V" | "version" => write_out(&format!(
            "agora {} (experiment format {FORMAT})\n",
            env!("CARGO_PKG_VERSION")
        )),
        "presets" if wants_help => write_out(HELP_PRESETS),
        "preset" if wants_help => write_out(HELP_PRESET),
        "stories" if wants_help => write_out(HELP_STORIES),
        "story" if wants_help => write_out(HELP_STORY),
        "run" if wants_help => write_out(HELP_RUN),
        "link" if wants_help => write_out(HELP_LINK),
        "schema" if wants_help => write_out(HELP_SCHEMA),
        "strategies" if wants_help => write_out(HELP_STRATEGIES),
        "oembed" if wants_help => write_out(HELP_OEMBED),
        "presets" => cmd_presets(rest),
        "strategies" => cmd_strategies(rest),
        "preset" => cmd_preset(rest),
        "stories" => cmd_stories(rest),
        "story" => cmd_story(rest),
        "run" => cmd_run(rest),
        "link" => cmd_link(rest),
        "schema" => cmd_schema(rest),
        "oembed" => cmd_oembed(rest),
        other => Err(Failure::usage(
            format!(
                "unknown command \"{other}\" (commands: presets, preset, stories, story, run, link, oembed, strategies, schema, help)"
            ),
            "",
        )),
    }
}

fn help(rest: &[String]) -> CmdResult {
    let text = match rest.first().map(String::as_str) {
        None => HELP,
        Some("presets") => HELP_PRESETS,
        Some("preset") => HELP_PRESET,
        Some("stories") => HELP_STORIES,
        Some("story") => HELP_STORY,
        Some("run") => HELP_RUN,
        Some("link") => HELP_LINK,
        Some("schema") => HELP_SCHEMA,
        Some("strategies") => HELP_STRATEGIES,
        Some("oembed") => HELP_OEMBED,
        Some(other) => {
            return Err(Failure::usage(
                format!("no help for \"{other}\": it is not a command"),
                "",
            ))
        }
    };
    write_out(text)
}

/// Writes to standard output; a closed pipe (`agora presets | head -1`) is not an error.
fn write_out(text: &str) -> CmdResult {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(Failure::input(format!("could not write the output: {e}"))),
    }
}

/// Command-line words after the command: flags, options with a value, and positionals.
struct Args {
    command: &'static str,
    flags: Vec<&'static str>,
    options: Vec<(&'static str, String)>,
    positionals: Vec<String>,
}

impl Args {
    /// Splits `rest` given the flags and value-taking options the command accepts.
    /// `--opt VALUE` and `--opt=VALUE` are both accepted; `-` is a positional (standard input);
    /// `--` ends the options.
    fn parse(
        command: &'static str,
        rest: &[String],
        flags: &[&'static str],
        valued: &[&'static str],
    ) -> Result<Args, Failure> {
        let mut out = Args {
            command,
            flags: Vec::new(),
            options: Vec::new(),
            positionals: Vec::new(),
        };
        let mut i = 0;
        let mut only_positionals = false;
        while i < rest.len() {
            let a = &rest[i];
            i += 1;
            if only_positionals || a == "-" || !a.starts_with('-') {
                out.positionals.push(a.clone());
                continue;
            }
            if a == "--" {
                only_positionals = true;
                continue;
            }
            let (name, inline) = match a.split_once('=') {
                Some((n, v)) => (n, Some(v.to_string())),
                None => (a.as_str(), None),
            };
            if let Some(f) = flags.iter().find(|f| **f == name) {
                if inline.is_some() {
                    return Err(Failure::usage(format!("{name} takes no value"), command));
                }
                if !out.flags.contains(f) {
                    out.flags.push(f);
                }
            } else if let Some(o) = valued.iter().find(|o| **o == name) {
                let value = match inline {
                    Some(v) => v,
                    None if i < rest.len() => {
                        i += 1;
                        rest[i - 1].clone()
                    }
                    None => return Err(Failure::usage(format!("{name} needs a value"), command)),
                };
                if out.options.iter().any(|(k, _)| k == o) {
                    return Err(Failure::usage(format!("{name} is given twice"), command));
                }
                out.options.push((o, value));
            } else {
                return Err(Failure::usage(
                    format!("unknown option \"{a}\" for `agora {command}`"),
                    command,
                ));
            }
        }
        Ok(out)
    }

    fn flag(&self, name: &str) -> bool {
        self.flags.contains(&name)
    }

    fn option(&self, name: &str) -> Option<&str> {
        self.options
            .iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Exactly `n` positionals, named in `what` for the error message.
    fn expect_positionals(&self, n: usize, what: &str) -> CmdResult {
        match self.positionals.len() {
            k if k == n => Ok(()),
            0 => Err(Failure::usage(format!("missing {what}"), self.command)),
            _ if n == 0 => Err(Failure::usage(
                format!(
                    "`agora {}` takes no arguments (got \"{}\")",
                    self.command, self.positionals[0]
                ),
                self.command,
            )),
            _ => Err(Failure::usage(
                format!(
                    "too many arguments: expected {what}, got {}",
                    self.positionals
                        .iter()
                        .map(|p| format!("\"{p}\""))
                        .collect::<Vec<_>>()
                        .join(" ")
                ),
                self.command,
            )),
        }
    }
}

fn cmd_presets(rest: &[String]) -> CmdResult {
    let args = Args::parse("presets", rest, &[], &[])?;
    args.expect_positionals(0, "")?;
    let mut text = String::new();
    for p in presets::all() {
        text.push_str(p.name);
        text.push('\t');
        text.push_str(p.title);
        text.push('\n');
    }
    write_out(&text)
}

fn cmd_strategies(rest: &[String]) -> CmdResult {
    let args = Args::parse("strategies", rest, &[], &[])?;
    args.expect_positionals(0, "")?;
    let mut text = String::new();
    for s in agora_engine::games::StrategyConfig::all_defaults() {
        let about = s.about();
        text.push_str(&format!("{}\t{}\t{}\n", s.kind(), about.name, about.rules));
    }
    write_out(&text)
}

fn preset_names() -> String {
    presets::all()
        .iter()
        .map(|p| p.name)
        .collect::<Vec<_>>()
        .join(", ")
}

fn cmd_preset(rest: &[String]) -> CmdResult {
    let args = Args::parse("preset", rest, &[], &[])?;
    args.expect_positionals(1, "the preset's NAME (see `agora presets`)")?;
    let name = &args.positionals[0];
    match presets::find(name) {
        Some(p) => write_out(&format!("{}\n", p.experiment.to_json_pretty())),
        None => Err(Failure::input(format!(
            "there is no preset called \"{name}\". Presets: {}",
            preset_names()
        ))),
    }
}

fn cmd_stories(rest: &[String]) -> CmdResult {
    let args = Args::parse("stories", rest, &[], &[])?;
    args.expect_positionals(0, "")?;
    let mut text = String::new();
    for s in stories::all() {
        text.push_str(&format!(
            "{}\t{}\t{}\t{}\n",
            s.lab,
            s.name,
            s.steps.len(),
            s.title
        ));
    }
    write_out(&text)
}

fn cmd_story(rest: &[String]) -> CmdResult {
    let args = Args::parse("story", rest, &[], &[])?;
    args.expect_positionals(3, "the story's LAB, NAME and STEP (see `agora stories`)")?;
    let (lab, name, step) = (
        &args.positionals[0],
        &args.positionals[1],
        &args.positionals[2],
    );
    let story = stories::find(lab, name).ok_or_else(|| {
        let names: Vec<String> = stories::all()
            .iter()
            .map(|s| format!("{} {}", s.lab, s.name))
            .collect();
        Failure::input(format!(
            "there is no story called \"{name}\" in the {lab} lab. Stories: {}",
            names.join(", ")
        ))
    })?;
    let n = story.steps.len();
    let index = match step.parse::<usize>() {
        Ok(k) if (1..=n).contains(&k) => k - 1,
        _ => {
            return Err(Failure::input(format!(
                "STEP must be a whole number from 1 to {n} (the story's steps), got \"{step}\""
            )))
        }
    };
    let exp = story.experiment_at(index).map_err(Failure::input)?;
    write_out(&format!("{}\n", exp.to_json_pretty()))
}

/// Reads an experiment file (`-` for standard input) as text, refusing anything larger than
/// the engine accepts before reading it all.
fn read_source(path: &str) -> Result<String, Failure> {
    let (mut reader, what): (Box<dyn Read>, String) = if path == "-" {
        (Box::new(io::stdin().lock()), "standard input".to_string())
    } else {
        let file = std::fs::File::open(path)
            .map_err(|e| Failure::input(format!("cannot open \"{path}\": {}", io_reason(&e))))?;
        (Box::new(file), format!("\"{path}\""))
    };
    let mut bytes = Vec::new();
    reader
        .by_ref()
        .take(MAX_JSON_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| Failure::input(format!("cannot read {what}: {}", io_reason(&e))))?;
    if bytes.len() > MAX_JSON_BYTES {
        return Err(Failure::input(format!(
            "{what} is larger than {} KiB; an experiment file is much smaller than that",
            MAX_JSON_BYTES / 1024
        )));
    }
    String::from_utf8(bytes).map_err(|_| {
        Failure::input(format!(
            "{what} is not UTF-8 text, so it is not an experiment JSON file"
        ))
    })
}

/// The OS error without Rust's "(os error 2)" suffix.
fn io_reason(e: &io::Error) -> String {
    let s = e.to_string();
    match s.find(" (os error") {
        Some(i) => s[..i].to_string(),
        None => s,
    }
}

/// Reads and validates an experiment from a file or standard input.
fn load(path: &str) -> Result<Experiment, Failure> {
    let text = read_source(path)?;
    Experiment::from_json(&text).map_err(|e| {
        let source = if path == "-" {
            "standard input".to_string()
        } else {
            format!("\"{path}\"")
        };
        Failure::input(format!("{source}: {e}"))
    })
}

fn cmd_run(rest: &[String]) -> CmdResult {
    let args = Args::parse(
        "run",
        rest,
        &["--pretty", "--digest-only", "--llm", "--no-budget"],
        &[
            "--link",
            "--save",
            "--concurrency",
            "--max-calls",
            "--timeout",
            "--cache",
            "--jobs",
        ],
    )?;
    let jobs = match args.option("--jobs") {
        None => std::thread::available_parallelism().map_or(1, |n| n.get()),
        Some(v) => match v.parse::<usize>() {
            Ok(n) if (1..=MAX_JOBS).contains(&n) => n,
            _ => {
                return Err(Failure::usage(
                    format!("--jobs takes a whole number from 1 to {MAX_JOBS} (got \"{v}\")"),
                    "run",
                ))
            }
        },
    };
    if args.flag("--pretty") && args.flag("--digest-only") {
        return Err(Failure::usage(
            "choose one of --pretty and --digest-only",
            "run",
        ));
    }
    let (experiment, expected) = match args.option("--link") {
        Some(url) => {
            args.expect_positionals(0, "")
                .map_err(|_| Failure::usage("give either --link URL or a FILE, not both", "run"))?;
            let decoded = link::decode(url).map_err(|e| Failure::input(e.to_string()))?;
            (decoded.experiment, decoded.expected_digest)
        }
        None => {
            args.expect_positionals(1, "the experiment FILE (or - for standard input)")?;
            (load(&args.positionals[0])?, None)
        }
    };
    if !args.flag("--no-budget") {
        experiment
            .check_budget()
            .map_err(|e| Failure::input(format!("The experiment is too long to run: {e}")))?;
    }
    let experiment = if args.flag("--llm") {
        ask_the_model(&args, &experiment)?
    } else {
        llm::save(args.option("--save").map(Path::new), &experiment);
        experiment
    };
    let mut shown = progress::Progress::new(experiment.unit_name());
    let outcome = experiment
        .run_with_progress(jobs, &mut |done, total| shown.update(done, total))
        .map_err(|e| Failure::input(format!("The experiment is not valid: {e}")))?;
    shown.finish();
    let document = || {
        let results = to_json(&outcome.results, false)?;
        Ok::<String, Failure>(results_document(
            &experiment,
            Some(&outcome.digest),
            &results,
        ))
    };
    let text = if args.flag("--digest-only") {
        format!("{}\n", outcome.digest)
    } else if args.flag("--pretty") {
        let v: serde_json::Value = serde_json::from_str(&document()?)
            .map_err(|e| Failure::input(format!("could not write the results as JSON: {e}")))?;
        format!("{}\n", to_json(&v, true)?)
    } else {
        document()?
    };
    write_out(&text)?;
    match expected {
        None => Ok(()),
        Some(d) if d == outcome.digest => {
            let _ = writeln!(
                io::stderr(),
                "agora: reproduced: the digest {d} matches the link"
            );
            Ok(())
        }
        Some(d) => Err(Failure {
            code: 3,
            message: format!(
                "not reproduced: the link expects digest {d} but this run gives {}",
                outcome.digest
            ),
        }),
    }
}

/// `--llm`: fill the transcript by asking the model; on a stop, save and fail with why.
fn ask_the_model(args: &Args, experiment: &Experiment) -> Result<Experiment, Failure> {
    let number = |name: &str, default: u64| -> Result<u64, Failure> {
        match args.option(name) {
            None => Ok(default),
            Some(v) => v.parse().map_err(|_| {
                Failure::usage(format!("{name} takes a whole number (got \"{v}\")"), "run")
            }),
        }
    };
    let limits = CallLimits {
        concurrency: number("--concurrency", 2)? as usize,
        max_calls: Some(number("--max-calls", 2000)?),
        timeout_ms: number("--timeout", 60)?.saturating_mul(1000),
        ..CallLimits::default()
    };
    limits.validate().map_err(|m| Failure::usage(m, "run"))?;
    let save = args.option("--save").map(Path::new);
    let (filled, stopped) = llm::complete(
        experiment,
        limits,
        args.option("--cache").map(Path::new),
        save,
    );
    llm::save(save, &filled);
    match stopped {
        None => Ok(filled),
        Some(why) => Err(Failure::input(format!(
            "{why}\n{}",
            match save {
                Some(p) => format!(
                    "The replies so far are saved in {}; run it again with --llm to resume.",
                    p.display()
                ),
                None => "Use --save FILE to keep the replies so far and resume later.".into(),
            }
        ))),
    }
}

fn to_json<T: serde::Serialize>(value: &T, pretty: bool) -> Result<String, Failure> {
    let r = if pretty {
        serde_json::to_string_pretty(value)
    } else {
        serde_json::to_string(value)
    };
    r.map_err(|e| Failure::input(format!("could not write the results as JSON: {e}")))
}

fn cmd_link(rest: &[String]) -> CmdResult {
    let args = Args::parse("link", rest, &["--digest"], &["--base"])?;
    args.expect_positionals(1, "the experiment FILE (or - for standard input)")?;
    let base = args.option("--base").unwrap_or(DEFAULT_BASE);
    if base.is_empty() || base.chars().any(char::is_whitespace) {
        return Err(Failure::usage(
            format!("--base must be a URL without spaces (got \"{base}\")"),
            "link",
        ));
    }
    let experiment = load(&args.positionals[0])?;
    let digest = if args.flag("--digest") {
        let outcome = experiment
            .run()
            .map_err(|e| Failure::input(format!("The experiment is not valid: {e}")))?;
        Some(outcome.digest)
    } else {
        None
    };
    write_out(&format!(
        "{}\n",
        link::encode_url(base, &experiment, digest.as_deref())
    ))
}

fn cmd_oembed(rest: &[String]) -> CmdResult {
    let args = Args::parse(
        "oembed",
        rest,
        &[],
        &["--base", "--width", "--height", "--out"],
    )?;
    let base = args.option("--base").unwrap_or(DEFAULT_BASE);
    if base.is_empty() || base.chars().any(char::is_whitespace) || base.contains('#') {
        return Err(Failure::usage(
            format!("--base must be a URL without spaces or # (got \"{base}\")"),
            "oembed",
        ));
    }
    let base = if base.ends_with('/') {
        base.to_string()
    } else {
        format!("{base}/")
    };
    let size = |name: &str, default: u32| -> Result<u32, Failure> {
        match args.option(name) {
            None => Ok(default),
            Some(v) => match v.parse::<u32>() {
                Ok(n) if (100..=10_000).contains(&n) => Ok(n),
                _ => Err(Failure::usage(
                    format!("{name} must be a number of pixels from 100 to 10000 (got \"{v}\")"),
                    "oembed",
                )),
            },
        }
    };
    let (width, height) = (size("--width", 960)?, size("--height", 1100)?);
    let doc = |fragment: &str, title: &str| oembed(&base, fragment, title, width, height);
    if let Some(dir) = args.option("--out") {
        args.expect_positionals(0, "")?;
        let dir = Path::new(dir);
        let write = |path: &Path, value: &serde_json::Value| -> CmdResult {
            let text = format!("{}\n", to_json(value, true)?);
            std::fs::write(path, text)
                .map_err(|e| Failure::input(format!("could not write {}: {e}", path.display())))
        };
        std::fs::create_dir_all(dir.join("oembed")).map_err(|e| {
            Failure::input(format!(
                "could not create {}: {e}",
                dir.join("oembed").display()
            ))
        })?;
        write(
            &dir.join("oembed.json"),
            &doc("#/?embed=1", "Agora: learning-agent labs"),
        )?;
        for (id, title) in agora_engine::labs::IDS
            .iter()
            .zip(agora_engine::labs::TITLES)
        {
            write(
                &dir.join("oembed").join(format!("{id}.json")),
                &doc(&format!("#/{id}?embed=1"), &format!("Agora: {title}")),
            )?;
        }
        return Ok(());
    }
    let value = match args.positionals.as_slice() {
        [] => doc("#/?embed=1", "Agora: learning-agent labs"),
        [what] => match agora_engine::labs::IDS.iter().position(|id| id == what) {
            Some(i) => doc(
                &format!("#/{what}?embed=1"),
                &format!("Agora: {}", agora_engine::labs::TITLES[i]),
            ),
            None => {
                let decoded = link::decode(what).map_err(|e| {
                    Failure::input(format!(
                        "\"{what}\" is neither a lab ({}) nor a share link: {e}",
                        agora_engine::labs::IDS.join(", ")
                    ))
                })?;
                let lab = decoded.experiment.lab();
                let i = agora_engine::labs::IDS
                    .iter()
                    .position(|id| *id == lab)
                    .unwrap_or(0);
                let fragment = link::encode(&decoded.experiment, None);
                doc(
                    &format!("{fragment}&embed=1"),
                    &format!("Agora: {}", agora_engine::labs::TITLES[i]),
                )
            }
        },
        _ => {
            return Err(Failure::usage(
                "give one lab or share link, or none for the home page",
                "oembed",
            ))
        }
    };
    write_out(&format!("{}\n", to_json(&value, true)?))
}

/// The oEmbed 1.0 document of type "rich" that shows the page `fragment` of the site at
/// `base` in an iframe of `width` x `height` pixels.
fn oembed(base: &str, fragment: &str, title: &str, width: u32, height: u32) -> serde_json::Value {
    serde_json::json!({
        "version": "1.0",
        "type": "rich",
        "provider_name": "Agora",
        "provider_url": base,
        "title": title,
        "width": width,
        "height": height,
        "html": link::iframe(
            &format!("{base}{fragment}"),
            title,
            &width.to_string(),
            &height.to_string()
        ),
    })
}

fn cmd_schema(rest: &[String]) -> CmdResult {
    let args = Args::parse("schema", rest, &[], &[])?;
    args.expect_positionals(0, "")?;
    let schema = experiment_schema()?;
    write_out(&format!("{}\n", to_json(&schema, true)?))
}

/// The JSON Schema of experiment files: schemars' schema of [`Experiment`] plus the
/// top-level `"format"` field, which [`Experiment::to_json`] adds outside the serde type.
///
/// `format` is declared (const [`FORMAT`], required) at the top level and also in every lab
/// variant that forbids unknown fields, so a validator accepts the files Agora writes.
fn experiment_schema() -> Result<serde_json::Value, Failure> {
    let root = schemars::schema_for!(Experiment);
    let mut value = serde_json::to_value(&root)
        .map_err(|e| Failure::input(format!("could not build the schema: {e}")))?;
    let format_schema = serde_json::json!({
        "description": "Version of the experiment format; this version of Agora reads and writes only this one.",
        "type": "integer",
        "const": FORMAT,
    });
    add_format(&mut value, &format_schema);
    for key in ["oneOf", "anyOf"] {
        if let Some(variants) = value.get_mut(key).and_then(|v| v.as_array_mut()) {
            for v in variants {
                if v.get("additionalProperties") == Some(&serde_json::Value::Bool(false)) {
                    add_format(v, &format_schema);
                }
            }
        }
    }
    Ok(value)
}

/// Adds `format` to `schema`'s properties and required list.
fn add_format(schema: &mut serde_json::Value, format_schema: &serde_json::Value) {
    let Some(obj) = schema.as_object_mut() else {
        return;
    };
    let props = obj
        .entry("properties")
        .or_insert_with(|| serde_json::json!({}));
    if let Some(props) = props.as_object_mut() {
        props.insert("format".into(), format_schema.clone());
    }
    let required = obj
        .entry("required")
        .or_insert_with(|| serde_json::json!([]));
    if let Some(list) = required.as_array_mut() {
        if !list.iter().any(|r| r == "format") {
            list.insert(0, "format".into());
        }
    }
}

//! End-to-end tests of `agora run --llm` against a real language model and a misbehaving
//! server in front of it.
//!
//! They need two servers, which `scripts/test.sh` starts and announces in the environment:
//! - `AGORA_LLM_URL`: the real model's OpenAI-compatible base URL (e.g.
//!   `http://127.0.0.1:8099/v1`, served by `scripts/llm-server.sh start`);
//! - `AGORA_FAULTY_URL`: the root of `tests/llm/faulty_server.py` in front of it, whose
//!   `/<plan>/v1` routes answer successive chat requests with the listed faults (429, 500,
//!   HTML garbage, a timeout, a hostile or empty reply, a 401 that echoes the key) and then
//!   forward to the model.
//!
//! Without them each test says on standard error that it was skipped and passes. The tests
//! take turns (one lock): the model answers one request at a time. They check what a user of
//! the command relies on: a recorded run replays with no network to the same digest, faults
//! are retried until the run completes with the results of a run without faults, a stopped run
//! keeps its replies and resumes with only the missing calls, and a key never reaches the
//! output or the saved file, even when the service echoes it.

use std::path::PathBuf;
use std::process::{Command, Output, Stdio};
use std::sync::Mutex;

use serde_json::Value;

const AGORA: &str = env!("CARGO_BIN_EXE_agora");

/// The model answers one request at a time: the tests take turns.
static MODEL: Mutex<()> = Mutex::new(());

/// The servers the tests use.
struct Servers {
    /// The real model's base URL (ends in /v1).
    llm: String,
    /// The fault server's root.
    faulty: String,
}

/// The servers, or `None` (and a note on stderr) when the environment does not name them.
fn servers(test: &str, need_faulty: bool) -> Option<Servers> {
    let var = |name: &str| {
        std::env::var(name)
            .ok()
            .map(|v| v.trim().trim_end_matches('/').to_string())
            .filter(|v| !v.is_empty())
    };
    let Some(llm) = var("AGORA_LLM_URL") else {
        eprintln!("{test}: skipped: AGORA_LLM_URL not set (scripts/test.sh starts the model)");
        return None;
    };
    let faulty = var("AGORA_FAULTY_URL").unwrap_or_default();
    if need_faulty && faulty.is_empty() {
        eprintln!(
            "{test}: skipped: AGORA_FAULTY_URL not set (scripts/test.sh starts tests/llm/faulty_server.py)"
        );
        return None;
    }
    Some(Servers { llm, faulty })
}

impl Servers {
    /// The base URL that serves `plan` (comma-separated faults) before forwarding.
    fn plan(&self, plan: &str) -> String {
        format!("{}/{plan}/v1", self.faulty)
    }

    /// Forget the fault server's counters, so every plan starts from its first fault.
    fn reset(&self) {
        ureq::post(&format!("{}/reset", self.faulty))
            .send_string("")
            .expect("the fault server resets");
    }

    /// Chat requests the fault server has seen for `plan`.
    fn seen(&self, plan: &str) -> u64 {
        let text = ureq::get(&format!("{}/stats", self.faulty))
            .call()
            .expect("the fault server answers /stats")
            .into_string()
            .expect("/stats is text");
        let stats: Value = serde_json::from_str(&text).expect("/stats is JSON");
        stats[plan].as_u64().unwrap_or(0)
    }
}

/// Runs `agora args...` with `env` added and no API key from the caller's environment.
fn agora(args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(AGORA);
    cmd.args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    for var in [
        "AGORA_LLM_KEY",
        "OPENAI_API_KEY",
        "ANTHROPIC_API_KEY",
        "GEMINI_API_KEY",
    ] {
        cmd.env_remove(var);
    }
    for (k, v) in env {
        cmd.env(k, v);
    }
    cmd.output().expect("the agora binary runs")
}

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(o: &Output) -> String {
    String::from_utf8(o.stderr.clone()).expect("stderr is UTF-8")
}

fn code(o: &Output) -> i32 {
    o.status.code().expect("agora exits normally")
}

/// A directory for one test's files, removed when dropped.
struct Dir(PathBuf);

impl Dir {
    fn new(test: &str) -> Dir {
        let path =
            std::env::temp_dir().join(format!("agora-llm-test-{}-{test}", std::process::id()));
        let _ = std::fs::remove_dir_all(&path);
        std::fs::create_dir_all(&path).unwrap();
        Dir(path)
    }
    fn file(&self, name: &str) -> String {
        self.0.join(name).to_str().unwrap().to_string()
    }
    fn write(&self, name: &str, v: &Value) -> String {
        let p = self.file(name);
        std::fs::write(&p, serde_json::to_string_pretty(v).unwrap()).unwrap();
        p
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn preset(name: &str) -> Value {
    let out = agora(&["preset", name], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    serde_json::from_str(&stdout(&out)).expect("a preset is JSON")
}

/// `v` with every LLM agent's base URL set to `url`.
fn with_base_url(mut v: Value, url: &str) -> Value {
    fn walk(v: &mut Value, url: &str) {
        match v {
            Value::Object(map) => {
                for (k, x) in map.iter_mut() {
                    if k == "base_url" {
                        *x = Value::String(url.to_string());
                    } else {
                        walk(x, url);
                    }
                }
            }
            Value::Array(items) => items.iter_mut().for_each(|x| walk(x, url)),
            _ => {}
        }
    }
    walk(&mut v, url);
    v
}

/// The LLM against Tit For Tat (preset games-llm-tft), asking `url`.
fn llm_match(url: &str) -> Value {
    with_base_url(preset("games-llm-tft"), url)
}

/// A small bandit: the preset's LLM policy and UCB1, horizon 5, 2 repetitions, asking `url`.
fn llm_bandit(url: &str) -> Value {
    let mut v = preset("bandits-llm");
    let llm = v["policies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["kind"] == "llm")
        .expect("the preset has an LLM policy")
        .clone();
    v["horizon"] = 5.into();
    v["repetitions"] = 2.into();
    v["policies"] = serde_json::json!([llm, {"kind": "ucb1"}]);
    with_base_url(v, url)
}

fn read_json(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("the file was saved"))
        .expect("the saved file is JSON")
}

/// The saved transcript: the exchanges of each unit, in unit order.
fn units(saved: &Value) -> Vec<Vec<Value>> {
    saved["transcript"]
        .as_array()
        .map(|units| {
            units
                .iter()
                .map(|u| u["exchanges"].as_array().unwrap().clone())
                .collect()
        })
        .unwrap_or_default()
}

fn replies(saved: &Value) -> Vec<Vec<String>> {
    units(saved)
        .iter()
        .map(|u| {
            u.iter()
                .map(|e| e["reply"].as_str().unwrap().to_string())
                .collect()
        })
        .collect()
}

/// The `llm` statistics of the results' LLM agent (a games player or a bandit policy).
fn llm_stats(results: &Value) -> Value {
    let direct = &results["llm"];
    if let Some(list) = direct.as_array() {
        assert_eq!(list.len(), 1, "one LLM agent: {direct}");
        return list[0].clone();
    }
    results["policies"]
        .as_array()
        .expect("bandit results list policies")
        .iter()
        .find(|p| p["kind"] == "llm")
        .expect("the LLM policy has results")["llm"]
        .clone()
}

fn n(v: &Value) -> u64 {
    v.as_u64().unwrap_or_else(|| panic!("a count: {v}"))
}

/// Every decision asks once, plus once more per corrective retry: the transcript holds exactly
/// that many exchanges, and the results count them as calls.
fn check_calls_add_up(saved: &Value, stats: &Value, decisions: u64) {
    let recorded: usize = units(saved).iter().map(Vec::len).sum();
    assert_eq!(n(&stats["decisions"]), decisions, "{stats}");
    assert_eq!(
        n(&stats["calls"]),
        decisions + n(&stats["repairs"]),
        "{stats}"
    );
    assert_eq!(recorded as u64, n(&stats["calls"]), "{stats}");
    assert!(n(&stats["fallbacks"]) <= n(&stats["decisions"]), "{stats}");
}

/// A port nothing listens on (bound, then released).
fn dead_port() -> u16 {
    let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    l.local_addr().unwrap().port()
}

fn lock() -> std::sync::MutexGuard<'static, ()> {
    MODEL.lock().unwrap_or_else(|e| e.into_inner())
}

#[test]
fn a_match_against_tit_for_tat_is_recorded_and_replays_without_a_network() {
    let _turn = lock();
    let Some(s) = servers("a_match_against_tit_for_tat", false) else {
        return;
    };
    let dir = Dir::new("match");
    let exp = llm_match(&s.llm);
    let turns = n(&exp["turns"]);
    let file = dir.write("match.json", &exp);
    let saved = dir.file("saved.json");

    let out = agora(&["run", &file, "--llm", "--save", &saved], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let outcome: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let digest = outcome["digest"].as_str().unwrap().to_string();
    let results = &outcome["results"];
    assert_eq!(results["moves"].as_array().unwrap().len() as u64, turns);
    let saved_v = read_json(&saved);
    assert_eq!(units(&saved_v).len(), 1, "a match is one unit");
    check_calls_add_up(&saved_v, &llm_stats(results), turns);

    // The saved file replays with no key and no call.
    let out = agora(&["run", &saved, "--digest-only"], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), digest);

    // Even pointed at a port nothing listens on, with --llm: nothing is asked.
    let offline = with_base_url(
        saved_v.clone(),
        &format!("http://127.0.0.1:{}/v1", dead_port()),
    );
    let offline_file = dir.write("offline.json", &offline);
    for extra in [&[][..], &["--llm"][..]] {
        let mut args = vec!["run", offline_file.as_str(), "--digest-only"];
        args.extend_from_slice(extra);
        let out = agora(&args, &[]);
        assert_eq!(code(&out), 0, "{args:?}: {}", stderr(&out));
        assert_eq!(stdout(&out).trim(), digest, "{args:?}");
    }

    // Its share link reproduces the digest.
    let out = agora(&["link", "--digest", &saved], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let url = stdout(&out).trim().to_string();
    assert!(url.contains(&format!("d={digest}")), "{url}");
    let out = agora(&["run", "--link", &url, "--digest-only"], &[]);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(stdout(&out).trim(), digest);
    assert!(stderr(&out).contains("reproduced"), "{}", stderr(&out));
}

#[test]
fn a_small_llm_bandit_runs_two_calls_at_once() {
    let _turn = lock();
    let Some(s) = servers("a_small_llm_bandit", false) else {
        return;
    };
    let dir = Dir::new("bandit");
    let exp = llm_bandit(&s.llm);
    let (horizon, reps) = (n(&exp["horizon"]), n(&exp["repetitions"]));
    let file = dir.write("bandit.json", &exp);
    let saved = dir.file("saved.json");
    let out = agora(
        &[
            "run",
            &file,
            "--llm",
            "--concurrency",
            "2",
            "--save",
            &saved,
        ],
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let outcome: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let results = &outcome["results"];
    assert_eq!(results["complete"], true);

    // One unit per repetition, each with a decision per round (plus corrective retries).
    let saved_v = read_json(&saved);
    let per_unit: Vec<usize> = units(&saved_v).iter().map(Vec::len).collect();
    assert_eq!(per_unit.len() as u64, reps, "{per_unit:?}");
    assert!(
        per_unit.iter().all(|&k| k as u64 >= horizon),
        "{per_unit:?}"
    );
    check_calls_add_up(&saved_v, &llm_stats(results), horizon * reps);

    let policies = results["policies"].as_array().unwrap();
    assert_eq!(policies.len(), 2);
    for p in policies {
        for metric in ["suff_fail_freq", "k_min_frac", "greedy_frac"] {
            let x = p[metric]
                .as_f64()
                .unwrap_or_else(|| panic!("{}: {metric} missing", p["label"]));
            assert!((0.0..=1.0).contains(&x), "{}: {metric} = {x}", p["label"]);
        }
        // Every round pulls one arm.
        let pulls: f64 = p["pulls_mean"]
            .as_array()
            .unwrap()
            .iter()
            .map(|x| x.as_f64().unwrap())
            .sum();
        assert!((pulls - horizon as f64).abs() < 1e-9, "{}", p["label"]);
    }
    // UCB1 (Auer et al. 2002) first plays every arm once: with as many rounds as arms, each
    // arm is pulled exactly once in every repetition.
    let arms = exp["environment"]["means"].as_array().unwrap().len() as u64;
    assert_eq!(arms, horizon, "the test relies on T = K");
    let ucb = policies.iter().find(|p| p["kind"] == "ucb1").unwrap();
    assert!(ucb["pulls_mean"]
        .as_array()
        .unwrap()
        .iter()
        .all(|x| x.as_f64() == Some(1.0)));
    assert!(ucb.get("llm").is_none_or(Value::is_null));
}

#[test]
fn rate_limits_errors_garbage_and_timeouts_are_retried_to_the_same_results() {
    let _turn = lock();
    let Some(s) = servers("rate_limits_errors_garbage_and_timeouts", true) else {
        return;
    };
    s.reset();
    let dir = Dir::new("recovery");
    let plan = "429,500,garbage,timeout";
    // Two units at once, so the four faults fall on two calls and each call keeps attempts
    // to spare (4 per call by default). The timeout is under the fault's 5 s sleep but leaves
    // the model time for real replies, which wait their turn behind each other.
    let faulty = dir.write("faulty.json", &llm_bandit(&s.plan(plan)));
    let faulty_saved = dir.file("faulty-saved.json");
    let out = agora(
        &[
            "run",
            &faulty,
            "--llm",
            "--concurrency",
            "2",
            "--timeout",
            "4",
            "--save",
            &faulty_saved,
            "--digest-only",
        ],
        &[],
    );
    let err = stderr(&out);
    assert_eq!(code(&out), 0, "{err}");
    let faulty_digest = stdout(&out).trim().to_string();
    // A retry for each fault (a slow real reply may add one), each saying what went wrong.
    let retries = err.matches("Retrying in").count();
    assert!(retries >= 4, "{err}");
    assert!(err.contains("too many requests"), "{err}");
    assert!(err.contains("HTTP 500"), "{err}");
    assert!(err.contains("Bad gateway"), "{err}");
    assert!(err.contains("timed out"), "{err}");
    let recorded: usize = units(&read_json(&faulty_saved)).iter().map(Vec::len).sum();
    assert_eq!(
        s.seen(plan),
        (recorded + retries) as u64,
        "each retry is one more request"
    );

    // The same experiment asked directly: at temperature 0 the model gives the same replies,
    // so the results are the same.
    let direct = dir.write("direct.json", &llm_bandit(&s.llm));
    let direct_saved = dir.file("direct-saved.json");
    let out = agora(
        &[
            "run",
            &direct,
            "--llm",
            "--concurrency",
            "2",
            "--save",
            &direct_saved,
            "--digest-only",
        ],
        &[],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(
        replies(&read_json(&faulty_saved)),
        replies(&read_json(&direct_saved)),
        "temperature 0 replies differ between two runs of the same requests"
    );
    assert_eq!(faulty_digest, stdout(&out).trim());
}

#[test]
fn a_refused_key_stops_without_leaking_it_and_the_run_resumes() {
    let _turn = lock();
    let Some(s) = servers("a_refused_key_stops", true) else {
        return;
    };
    s.reset();
    const KEY: &str = "sk-agora-test-SECRET";
    let dir = Dir::new("auth");
    let plan = "ok,ok,auth";
    let file = dir.write("match.json", &llm_match(&s.plan(plan)));
    let saved = dir.file("saved.json");
    let out = agora(
        &["run", &file, "--llm", "--save", &saved],
        &[("AGORA_LLM_KEY", KEY)],
    );
    let (out_text, err) = (stdout(&out), stderr(&out));
    assert_eq!(code(&out), 1, "{err}");
    assert!(err.contains("The API key was refused"), "{err}");
    assert!(err.contains(&saved), "says where the replies are: {err}");
    let saved_text = std::fs::read_to_string(&saved).unwrap();
    for (what, text) in [
        ("stdout", &out_text),
        ("stderr", &err),
        ("saved file", &saved_text),
    ] {
        assert!(!text.contains(KEY), "the key appears in the {what}");
        assert!(
            !text.contains("SECRET"),
            "part of the key appears in the {what}"
        );
    }
    let first = units(&read_json(&saved));
    assert_eq!(first.len(), 1);
    assert_eq!(
        first[0].len(),
        2,
        "the two replies before the refusal are kept"
    );
    assert_eq!(s.seen(plan), 3);

    // Resume against the model itself: only the missing calls are made.
    let resumed = with_base_url(read_json(&saved), &s.llm);
    let resumed_file = dir.write("resumed.json", &resumed);
    let done = dir.file("done.json");
    let out = agora(
        &["run", &resumed_file, "--llm", "--save", &done],
        &[("AGORA_LLM_KEY", KEY)],
    );
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(!stdout(&out).contains(KEY) && !stderr(&out).contains(KEY));
    let outcome: Value = serde_json::from_str(&stdout(&out)).unwrap();
    let done_v = read_json(&done);
    let after = units(&done_v);
    assert_eq!(
        after[0][..2],
        first[0][..],
        "the first two exchanges, latencies included, are the ones recorded before"
    );
    let turns = n(&resumed["turns"]);
    check_calls_add_up(&done_v, &llm_stats(&outcome["results"]), turns);
    assert_eq!(
        s.seen(plan),
        3,
        "nothing more was sent to the refusing server"
    );
}

#[test]
fn hostile_and_empty_replies_are_kept_verbatim_and_handled() {
    let _turn = lock();
    let Some(s) = servers("hostile_and_empty_replies", true) else {
        return;
    };
    s.reset();
    let dir = Dir::new("replies");
    const HOSTILE: &str = "<script>window.__agoraPwned=1</script><img src=x onerror=\"window.__agoraPwned=2\"> Option J";
    for (plan, verbatim) in [("hostile", HOSTILE), ("empty", "")] {
        let exp = llm_match(&s.plan(plan));
        let turns = n(&exp["turns"]);
        let file = dir.write(&format!("{plan}.json"), &exp);
        let saved = dir.file(&format!("{plan}-saved.json"));
        let out = agora(&["run", &file, "--llm", "--save", &saved], &[]);
        assert_eq!(code(&out), 0, "{plan}: {}", stderr(&out));
        let outcome: Value = serde_json::from_str(&stdout(&out)).unwrap();
        let stats = llm_stats(&outcome["results"]);
        let saved_v = read_json(&saved);
        check_calls_add_up(&saved_v, &stats, turns);
        assert_eq!(
            replies(&saved_v)[0][0],
            verbatim,
            "{plan}: the reply is kept as it came"
        );
        assert_eq!(s.seen(plan), n(&stats["calls"]), "{plan}");
        if plan == "empty" {
            // Unreadable: the corrective message was sent (and its reply read or, failing
            // that, the decision fell back), and the results count it.
            assert!(n(&stats["repairs"]) >= 1, "{stats}");
            assert!(
                stderr(&out).contains("without any text"),
                "{}",
                stderr(&out)
            );
        }
    }
}

#[test]
fn the_call_budget_stops_the_run_and_keeps_the_replies() {
    let _turn = lock();
    let Some(s) = servers("the_call_budget", false) else {
        return;
    };
    let dir = Dir::new("budget");
    let file = dir.write("match.json", &llm_match(&s.llm));
    let saved = dir.file("saved.json");
    let out = agora(
        &["run", &file, "--llm", "--max-calls", "3", "--save", &saved],
        &[],
    );
    let err = stderr(&out);
    assert_eq!(code(&out), 1, "{err}");
    assert!(err.contains("The budget of 3 calls is spent"), "{err}");
    assert!(stdout(&out).is_empty());
    let kept = units(&read_json(&saved));
    assert_eq!(kept.iter().map(Vec::len).sum::<usize>(), 3, "{kept:?}");
}

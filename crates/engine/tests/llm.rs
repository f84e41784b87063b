//! LLM agents' pure core: request bodies against the providers' documented wire formats,
//! reply and error classification, retry policy, reply parsing (including hostile replies),
//! and the Akata et al. / Krishnamurthy et al. prompts against hand-written text.

use agora_engine::digest::is_digest;
use agora_engine::games::game::GameConfig;
use agora_engine::games::strategy::Action;
use agora_engine::llm::parse::{parse_arm, parse_distribution, parse_option, ParseError};
use agora_engine::llm::prompts::{
    akata_prompt, bandit_prompt, scot_choice_prompt, scot_prediction_prompt, summarize, AkataGame,
    BanditPromptConfig, Framing, HistoryStyle, OutputStyle, Reasoning, Scenario, Seat,
    AKATA_LABELS,
};
use agora_engine::llm::provider::{
    backoff_ms, parse_reply, retryable, ApiKey, CallError, ChatRequest, JsonFormat, Message,
    Provider, Reply,
};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};

// ---------------------------------------------------------------- requests

fn request() -> ChatRequest {
    ChatRequest {
        model: "gpt-4o-mini".into(),
        system: Some("Be brief.".into()),
        messages: vec![
            Message::user("Pick J or F."),
            Message::assistant("J"),
            Message::user("Again."),
        ],
        temperature: 0.5,
        seed: Some(42),
        max_tokens: 8,
        json_schema: None,
    }
}

fn local() -> Provider {
    Provider::OpenAiCompatible {
        base_url: "http://127.0.0.1:8099/v1/".into(),
        json_format: JsonFormat::JsonSchema,
    }
}

fn header<'a>(h: &'a [(String, String)], name: &str) -> Option<&'a str> {
    h.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

fn body(r: &agora_engine::llm::HttpRequest) -> Value {
    serde_json::from_str(&r.body).expect("request bodies are JSON")
}

#[test]
fn openai_request_matches_the_chat_completions_format() {
    let r = request().http_request(&local(), &ApiKey::new("sk-test"));
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "http://127.0.0.1:8099/v1/chat/completions");
    assert_eq!(header(&r.headers, "authorization"), Some("Bearer sk-test"));
    assert_eq!(header(&r.headers, "content-type"), Some("application/json"));
    assert_eq!(
        body(&r),
        json!({
            "model": "gpt-4o-mini",
            "messages": [
                {"role": "system", "content": "Be brief."},
                {"role": "user", "content": "Pick J or F."},
                {"role": "assistant", "content": "J"},
                {"role": "user", "content": "Again."}
            ],
            "temperature": 0.5,
            "max_tokens": 8,
            "seed": 42
        })
    );
}

#[test]
fn openai_json_schema_is_sent_in_either_form() {
    let schema = json!({"type": "object", "properties": {"option": {"type": "string"}}});
    let mut req = request();
    req.json_schema = Some(schema.clone());
    let r = req.http_request(&local(), &ApiKey::none());
    assert_eq!(
        body(&r)["response_format"],
        json!({"type": "json_schema", "json_schema": {"name": "reply", "schema": schema, "strict": true}})
    );
    let llama = Provider::OpenAiCompatible {
        base_url: "http://127.0.0.1:8099/v1".into(),
        json_format: JsonFormat::JsonObject,
    };
    let r = req.http_request(&llama, &ApiKey::none());
    assert_eq!(
        body(&r)["response_format"],
        json!({"type": "json_object", "schema": schema})
    );
}

#[test]
fn an_empty_key_sends_no_authentication_header() {
    for provider in [local(), Provider::Anthropic, Provider::Gemini] {
        let r = request().http_request(&provider, &ApiKey::new("   "));
        for name in ["authorization", "x-api-key", "x-goog-api-key"] {
            assert_eq!(header(&r.headers, name), None, "{provider:?} sent {name}");
        }
    }
}

#[test]
fn anthropic_request_matches_the_messages_api() {
    let r = request().http_request(&Provider::Anthropic, &ApiKey::new("sk-ant"));
    assert_eq!(r.method, "POST");
    assert_eq!(r.url, "https://api.anthropic.com/v1/messages");
    assert_eq!(header(&r.headers, "x-api-key"), Some("sk-ant"));
    assert_eq!(header(&r.headers, "anthropic-version"), Some("2023-06-01"));
    assert_eq!(
        header(&r.headers, "anthropic-dangerous-direct-browser-access"),
        Some("true")
    );
    assert_eq!(header(&r.headers, "authorization"), None);
    // System apart from the messages, max_tokens required, no seed in this API.
    assert_eq!(
        body(&r),
        json!({
            "model": "gpt-4o-mini",
            "max_tokens": 8,
            "system": "Be brief.",
            "messages": [
                {"role": "user", "content": "Pick J or F."},
                {"role": "assistant", "content": "J"},
                {"role": "user", "content": "Again."}
            ],
            "temperature": 0.5
        })
    );
}

#[test]
fn gemini_request_matches_generate_content() {
    let mut req = request();
    req.model = "gemini-2.0-flash".into();
    req.json_schema = Some(json!({"type": "OBJECT"}));
    let r = req.http_request(&Provider::Gemini, &ApiKey::new("AIza"));
    assert_eq!(
        r.url,
        "https://generativelanguage.googleapis.com/v1beta/models/gemini-2.0-flash:generateContent"
    );
    assert_eq!(header(&r.headers, "x-goog-api-key"), Some("AIza"));
    assert!(
        !r.url.contains("AIza"),
        "the key goes in a header, not the URL"
    );
    assert_eq!(
        body(&r),
        json!({
            "systemInstruction": {"parts": [{"text": "Be brief."}]},
            "contents": [
                {"role": "user", "parts": [{"text": "Pick J or F."}]},
                {"role": "model", "parts": [{"text": "J"}]},
                {"role": "user", "parts": [{"text": "Again."}]}
            ],
            "generationConfig": {
                "temperature": 0.5,
                "maxOutputTokens": 8,
                "seed": 42,
                "responseMimeType": "application/json",
                "responseSchema": {"type": "OBJECT"}
            }
        })
    );
}

#[test]
fn gemini_model_names_cannot_escape_the_path() {
    let mut req = request();
    req.model = "models/evil/../x?key=1".into();
    let r = req.http_request(&Provider::Gemini, &ApiKey::none());
    assert_eq!(
        r.url,
        "https://generativelanguage.googleapis.com/v1beta/models/evil%2F..%2Fx%3Fkey%3D1:generateContent"
    );
}

#[test]
fn keys_never_show_in_debug_output_or_bodies() {
    let key = ApiKey::new("sk-very-secret");
    assert_eq!(format!("{key:?}"), "ApiKey(***)");
    for provider in [local(), Provider::Anthropic, Provider::Gemini] {
        let r = request().http_request(&provider, &key);
        assert!(!r.body.contains("sk-very-secret"));
        assert!(!format!("{r:?}").contains("sk-very-secret"));
    }
    assert!(!request().canonical_json().contains("sk-very-secret"));
}

#[test]
fn provider_config_round_trips_through_json() {
    let p: Provider =
        serde_json::from_str(r#"{"kind": "openai_compatible", "base_url": "http://h/v1"}"#)
            .unwrap();
    assert_eq!(
        p,
        Provider::OpenAiCompatible {
            base_url: "http://h/v1".into(),
            json_format: JsonFormat::JsonSchema
        }
    );
    for p in [local(), Provider::Anthropic, Provider::Gemini] {
        let s = serde_json::to_string(&p).unwrap();
        assert_eq!(serde_json::from_str::<Provider>(&s).unwrap(), p);
    }
    assert_eq!(
        serde_json::to_string(&Provider::Gemini).unwrap(),
        r#"{"kind":"gemini"}"#
    );
}

#[test]
fn validation_explains_what_to_change() {
    let ok = request();
    assert!(ok.validate(&local()).is_ok());
    let mut r = ok.clone();
    r.temperature = 1.5;
    assert!(r.validate(&local()).is_ok());
    let e = r.validate(&Provider::Anthropic).unwrap_err();
    assert!(e.to_string().contains("between 0 and 1"), "{e}");
    let mut r = ok.clone();
    r.messages.clear();
    assert!(r.validate(&Provider::Gemini).is_err());
    let mut r = ok.clone();
    r.messages.insert(0, Message::assistant("hi"));
    assert!(r.validate(&Provider::Gemini).is_err());
    let mut r = ok.clone();
    r.max_tokens = 0;
    assert!(r.validate(&Provider::Gemini).is_err());
    let mut r = ok.clone();
    r.model = " ".into();
    assert!(r.validate(&Provider::Gemini).is_err());
    let bad = Provider::OpenAiCompatible {
        base_url: "javascript:alert(1)".into(),
        json_format: JsonFormat::JsonSchema,
    };
    assert!(ok.validate(&bad).is_err());
}

// ---------------------------------------------------------------- cache key

#[test]
fn cache_key_is_sha256_of_the_canonical_request() {
    let req = ChatRequest {
        model: "m".into(),
        system: None,
        messages: vec![Message::user("hi")],
        temperature: 0.0,
        seed: None,
        max_tokens: 5,
        json_schema: Some(json!({"b": 1, "a": {"d": 2, "c": 3}})),
    };
    // Written by hand: fields in declaration order, schema keys sorted, serde's float form.
    let canonical = r#"{"model":"m","system":null,"messages":[{"role":"user","content":"hi"}],"temperature":0.0,"seed":null,"max_tokens":5,"json_schema":{"a":{"c":3,"d":2},"b":1}}"#;
    assert_eq!(req.canonical_json(), canonical);
    let hash = Sha256::digest(canonical.as_bytes());
    let hex: String = hash.iter().take(8).map(|b| format!("{b:02x}")).collect();
    assert_eq!(req.cache_key(), hex);
    assert!(is_digest(&req.cache_key()));
}

#[test]
fn cache_key_ignores_schema_key_order_but_not_content() {
    let mut a = request();
    a.json_schema = Some(json!({"x": 1, "y": [1, 2]}));
    let mut b = request();
    b.json_schema = Some(json!({"y": [1, 2], "x": 1}));
    assert_eq!(a.cache_key(), b.cache_key());
    let mut c = a.clone();
    c.temperature = 0.0;
    assert_ne!(a.cache_key(), c.cache_key());
    let mut d = a.clone();
    d.seed = Some(43);
    assert_ne!(a.cache_key(), d.cache_key());
    let mut e = a.clone();
    e.messages[0].content.push(' ');
    assert_ne!(a.cache_key(), e.cache_key());
}

// ---------------------------------------------------------------- replies

fn no_headers() -> Vec<(String, String)> {
    Vec::new()
}

#[test]
fn openai_reply_gives_text_and_usage() {
    let body = r#"{"id":"x","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":" J"},"finish_reason":"stop"}],"usage":{"prompt_tokens":120,"completion_tokens":1,"total_tokens":121}}"#;
    assert_eq!(
        parse_reply(&local(), 200, &no_headers(), body),
        Ok(Reply {
            text: " J".into(),
            input_tokens: 120,
            output_tokens: 1
        })
    );
}

#[test]
fn anthropic_reply_joins_text_blocks() {
    let body = r#"{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"text","text":"Option "},{"type":"tool_use","id":"t","name":"n","input":{}},{"type":"text","text":"F"}],"stop_reason":"end_turn","usage":{"input_tokens":30,"output_tokens":3}}"#;
    assert_eq!(
        parse_reply(&Provider::Anthropic, 200, &no_headers(), body),
        Ok(Reply {
            text: "Option F".into(),
            input_tokens: 30,
            output_tokens: 3
        })
    );
}

#[test]
fn gemini_reply_joins_parts() {
    let body = r#"{"candidates":[{"content":{"role":"model","parts":[{"text":"arm "},{"text":"3"}]},"finishReason":"STOP"}],"usageMetadata":{"promptTokenCount":50,"candidatesTokenCount":2,"totalTokenCount":52}}"#;
    assert_eq!(
        parse_reply(&Provider::Gemini, 200, &no_headers(), body),
        Ok(Reply {
            text: "arm 3".into(),
            input_tokens: 50,
            output_tokens: 2
        })
    );
}

#[test]
fn missing_usage_counts_as_zero_tokens() {
    let body = r#"{"choices":[{"message":{"content":"F"}}]}"#;
    let r = parse_reply(&local(), 200, &no_headers(), body).unwrap();
    assert_eq!((r.input_tokens, r.output_tokens), (0, 0));
}

#[test]
fn rate_limits_read_retry_after_in_seconds_only() {
    let h = |v: &str| vec![("Retry-After".to_string(), v.to_string())];
    assert_eq!(
        parse_reply(&local(), 429, &h("7"), "{}"),
        Err(CallError::RateLimited {
            retry_after_s: Some(7.0)
        })
    );
    assert_eq!(
        parse_reply(&local(), 429, &[("retry-after".into(), "1.5".into())], ""),
        Err(CallError::RateLimited {
            retry_after_s: Some(1.5)
        })
    );
    // An HTTP date (RFC 9110) cannot be compared with a clock the engine does not have.
    assert_eq!(
        parse_reply(&local(), 429, &h("Wed, 21 Oct 2015 07:28:00 GMT"), ""),
        Err(CallError::RateLimited {
            retry_after_s: None
        })
    );
    assert_eq!(
        parse_reply(&local(), 429, &h("-3"), ""),
        Err(CallError::RateLimited {
            retry_after_s: None
        })
    );
    assert_eq!(
        parse_reply(&local(), 429, &no_headers(), ""),
        Err(CallError::RateLimited {
            retry_after_s: None
        })
    );
}

#[test]
fn http_errors_are_classified_with_the_providers_message() {
    let openai_err = r#"{"error":{"message":"Incorrect API key provided","type":"invalid_request_error","code":"invalid_api_key"}}"#;
    assert_eq!(
        parse_reply(&local(), 401, &no_headers(), openai_err),
        Err(CallError::Auth {
            status: 401,
            message: "Incorrect API key provided".into()
        })
    );
    let anthropic_err =
        r#"{"type":"error","error":{"type":"permission_error","message":"Not allowed"}}"#;
    assert!(matches!(
        parse_reply(&Provider::Anthropic, 403, &no_headers(), anthropic_err),
        Err(CallError::Auth { status: 403, .. })
    ));
    let gemini_err = r#"{"error":{"code":400,"message":"models/nope is not found","status":"INVALID_ARGUMENT"}}"#;
    assert_eq!(
        parse_reply(&Provider::Gemini, 400, &no_headers(), gemini_err),
        Err(CallError::BadRequest {
            status: 400,
            message: "models/nope is not found".into()
        })
    );
    for status in [500, 502, 503, 529] {
        assert!(matches!(
            parse_reply(&Provider::Anthropic, status, &no_headers(), "overloaded"),
            Err(CallError::Server { status: s, ref message }) if s == status && message == "overloaded"
        ));
    }
    assert!(matches!(
        parse_reply(&local(), 404, &no_headers(), ""),
        Err(CallError::BadRequest { status: 404, ref message }) if message == "no explanation given"
    ));
}

#[test]
fn garbage_bodies_are_quoted_truncated_and_not_interpreted() {
    let html = format!(
        "<html><script>alert('x')</script>{}</html>",
        "a".repeat(5000)
    );
    let e = parse_reply(&local(), 200, &no_headers(), &html).unwrap_err();
    let CallError::Garbage { received } = &e else {
        panic!("expected Garbage, got {e:?}")
    };
    assert!(received.starts_with("<html><script>alert('x')</script>"));
    assert!(received.chars().count() <= 203, "{}", received.len());
    assert!(e.to_string().contains("not a reply"));
    // Valid JSON of the wrong shape.
    for body in ["[1,2]", "\"J\"", r#"{"choices":"J"}"#, r#"{"hello":1}"#] {
        assert!(
            matches!(
                parse_reply(&local(), 200, &no_headers(), body),
                Err(CallError::Garbage { .. })
            ),
            "{body}"
        );
    }
    assert!(matches!(
        parse_reply(
            &Provider::Anthropic,
            200,
            &no_headers(),
            r#"{"choices":[]}"#
        ),
        Err(CallError::Garbage { .. })
    ));
    assert!(matches!(
        parse_reply(&Provider::Gemini, 200, &no_headers(), "not json"),
        Err(CallError::Garbage { .. })
    ));
    // A status that is neither success nor error.
    assert!(matches!(
        parse_reply(&local(), 302, &no_headers(), ""),
        Err(CallError::Garbage { .. })
    ));
}

#[test]
fn replies_without_text_are_empty_with_a_reason() {
    let e = parse_reply(
        &local(),
        200,
        &no_headers(),
        r#"{"choices":[{"message":{"content":null},"finish_reason":"length"}]}"#,
    )
    .unwrap_err();
    assert!(matches!(e, CallError::Empty { ref reason } if reason.contains("length")));
    assert!(matches!(
        parse_reply(&local(), 200, &no_headers(), r#"{"choices":[]}"#),
        Err(CallError::Empty { .. })
    ));
    assert!(matches!(
        parse_reply(
            &Provider::Anthropic,
            200,
            &no_headers(),
            r#"{"content":[],"stop_reason":"max_tokens"}"#
        ),
        Err(CallError::Empty { ref reason }) if reason.contains("max_tokens")
    ));
    assert!(matches!(
        parse_reply(
            &Provider::Gemini,
            200,
            &no_headers(),
            r#"{"promptFeedback":{"blockReason":"SAFETY"},"usageMetadata":{"promptTokenCount":9}}"#
        ),
        Err(CallError::Empty { ref reason }) if reason.contains("SAFETY")
    ));
    assert!(matches!(
        parse_reply(
            &Provider::Gemini,
            200,
            &no_headers(),
            r#"{"candidates":[{"content":{"parts":[]},"finishReason":"RECITATION"}]}"#
        ),
        Err(CallError::Empty { ref reason }) if reason.contains("RECITATION")
    ));
}

#[test]
fn error_messages_are_plain_sentences() {
    let errors = [
        CallError::RateLimited {
            retry_after_s: Some(2.0),
        },
        CallError::RateLimited {
            retry_after_s: None,
        },
        CallError::Server {
            status: 503,
            message: "busy".into(),
        },
        CallError::Auth {
            status: 401,
            message: "bad key".into(),
        },
        CallError::BadRequest {
            status: 400,
            message: "no such model".into(),
        },
        CallError::Garbage {
            received: "<html>".into(),
        },
        CallError::Empty {
            reason: "blocked".into(),
        },
        CallError::Network {
            message: "timed out".into(),
        },
    ];
    for e in &errors {
        let s = e.to_string();
        assert!(s.starts_with("The "), "{s}");
        assert!(!s.contains("CallError"), "{s}");
    }
    assert!(errors[0].to_string().contains("wait 2 seconds"));
    assert!(errors[3].to_string().contains("key"));
}

// ---------------------------------------------------------------- retry policy

#[test]
fn backoff_doubles_from_half_a_second_up_to_thirty() {
    let expected = [
        500.0, 1000.0, 2000.0, 4000.0, 8000.0, 16000.0, 30000.0, 30000.0,
    ];
    for (attempt, want) in expected.iter().enumerate() {
        assert_eq!(backoff_ms(attempt as u32, None), *want, "attempt {attempt}");
    }
    assert_eq!(backoff_ms(u32::MAX, None), 30000.0);
}

#[test]
fn retry_after_wins_over_backoff() {
    assert_eq!(backoff_ms(0, Some(7.0)), 7000.0);
    assert_eq!(backoff_ms(5, Some(0.25)), 250.0);
    assert_eq!(backoff_ms(0, Some(0.0)), 0.0);
    assert_eq!(backoff_ms(0, Some(1e9)), 600_000.0);
    assert_eq!(backoff_ms(1, Some(f64::NAN)), 1000.0);
    assert_eq!(backoff_ms(1, Some(-1.0)), 1000.0);
}

#[test]
fn only_transient_failures_are_retried() {
    assert!(retryable(&CallError::RateLimited {
        retry_after_s: None
    }));
    assert!(retryable(&CallError::Server {
        status: 500,
        message: String::new()
    }));
    assert!(retryable(&CallError::Network {
        message: String::new()
    }));
    assert!(!retryable(&CallError::Auth {
        status: 401,
        message: String::new()
    }));
    assert!(!retryable(&CallError::BadRequest {
        status: 400,
        message: String::new()
    }));
    assert!(retryable(&CallError::Garbage {
        received: String::new()
    }));
    assert!(!retryable(&CallError::Empty {
        reason: String::new()
    }));
}

// ---------------------------------------------------------------- parse_option

const JF: [&str; 2] = ["J", "F"];

#[test]
fn option_answers_in_the_usual_forms() {
    let cases: [(&str, usize); 16] = [
        ("J", 0),
        (" F", 1),
        ("F.", 1),
        ("Option J", 0),
        ("option f", 1),
        ("I choose Option F.", 1),
        ("A: Option J", 0),
        (r#"{"option": "J"}"#, 0),
        (r#"{"Option": "Option F"}"#, 1),
        ("```json\n{\"choice\": \"F\"}\n```", 1),
        ("**Option J**", 0),
        ("## Answer\n> Option F", 1),
        ("<b>J</b>", 0),
        ("Option J. Actually, Option F.", 0),
        (
            "Let me think. The other player defected last round, so cooperating would give me 0 points. I choose Option F.",
            1,
        ),
        ("I would not choose Option J. I choose Option F.", 1),
    ];
    for (reply, want) in cases {
        assert_eq!(parse_option(reply, &JF), Ok(want), "{reply:?}");
    }
}

#[test]
fn option_tags_and_scripts_are_just_text() {
    assert_eq!(
        parse_option("<script>alert('Option F')</script>", &JF),
        Ok(1)
    );
    assert_eq!(
        parse_option("<img src=x onerror=alert(1)> Option J", &JF),
        Ok(0)
    );
}

#[test]
fn option_json_with_an_unknown_value_falls_back_to_the_text() {
    assert_eq!(
        parse_option(r#"{"option": "K"} ... on reflection Option F"#, &JF),
        Ok(1)
    );
}

#[test]
fn bare_single_letters_must_match_case() {
    // "f" alone is not Option F; after the word "Option" any case is fine.
    assert!(matches!(
        parse_option("f", &JF),
        Err(ParseError::NotFound { .. })
    ));
    // With options A and B, the echoed "A:" is not taken when "Option B" is said.
    assert_eq!(parse_option("A: Option B", &["A", "B"]), Ok(1));
    // The pronoun "I" is not option "i" of a lower-case label list.
    assert_eq!(parse_option("I pick x", &["i", "x"]), Ok(1));
}

#[test]
fn both_options_named_equally_is_an_error() {
    for reply in [
        "Option J or Option F",
        "J/F",
        "J, F",
        "Either J or F, hard to say",
        "Option J and Option F are both fine",
    ] {
        let e = parse_option(reply, &JF).unwrap_err();
        assert!(
            matches!(e, ParseError::Ambiguous { .. }),
            "{reply:?} gave {e:?}"
        );
        assert!(e.to_string().contains("more than one option"));
    }
}

#[test]
fn refusals_and_negations_are_errors() {
    for reply in [
        "I'm sorry, but I can't help with that.",
        "As an AI, I cannot play games for points.",
        "I refuse to choose between Option J or Option F.",
    ] {
        assert!(
            matches!(parse_option(reply, &JF), Err(ParseError::Refused { .. })),
            "{reply:?}"
        );
    }
    assert!(matches!(
        parse_option("Not J.", &JF),
        Err(ParseError::OnlyNegated { .. })
    ));
    assert!(matches!(parse_option("", &JF), Err(ParseError::Empty)));
    assert!(matches!(parse_option(" \n\t", &JF), Err(ParseError::Empty)));
}

#[test]
fn no_option_found_says_what_was_expected_and_quotes_briefly() {
    let long = format!("Option K {}", "blah ".repeat(2000));
    let e = parse_option(&long, &JF).unwrap_err();
    let s = e.to_string();
    assert!(s.contains("No option was found"), "{s}");
    assert!(s.chars().count() < 220, "{}", s.len());
}

#[test]
fn multi_word_and_word_labels() {
    assert_eq!(parse_option("I hunt the stag.", &["Stag", "Hare"]), Ok(0));
    assert_eq!(
        parse_option("Go straight ahead", &["Swerve", "Go straight"]),
        Ok(1)
    );
}

#[test]
fn unusable_option_lists_are_errors_not_panics() {
    assert!(matches!(
        parse_option("J", &[]),
        Err(ParseError::BadOptions { .. })
    ));
    assert!(matches!(
        parse_option("J", &["J", "j"]),
        Err(ParseError::BadOptions { .. })
    ));
    assert!(matches!(
        parse_option("J", &["J", "!!"]),
        Err(ParseError::BadOptions { .. })
    ));
}

// ---------------------------------------------------------------- parse_arm

#[test]
fn arm_answers_in_the_usual_forms() {
    let cases: [(&str, usize); 14] = [
        ("3", 2),
        ("arm 3", 2),
        ("Button #2", 1),
        ("<Answer>4</Answer>", 3),
        ("<Answer>button 5</Answer>", 4),
        (r#"{"arm": 5}"#, 4),
        (r#"{"arm": "button 2"}"#, 1),
        ("ad 2", 1),
        ("arm number 3", 2),
        ("arm no. 4", 3),
        (
            "I'll press button 2 since its mean is 0.75 after 10 pulls",
            1,
        ),
        ("After 10 pulls I pick button 3", 2),
        ("Not button 1, button 3", 2),
        ("**Arm 1**", 0),
    ];
    for (reply, want) in cases {
        assert_eq!(parse_arm(reply, 5), Ok(want), "{reply:?}");
    }
}

#[test]
fn arms_out_of_range_or_missing_are_errors() {
    assert_eq!(
        parse_arm("arm 7", 5),
        Err(ParseError::OutOfRange { value: 7, k: 5 })
    );
    assert_eq!(
        parse_arm(r#"{"arm": 0}"#, 5),
        Err(ParseError::OutOfRange { value: 0, k: 5 })
    );
    assert!(parse_arm("arm 7", 5)
        .unwrap_err()
        .to_string()
        .contains("only arms 1 to 5"));
    for reply in ["0.5", "-2", "99999999999999999999999", "no idea"] {
        assert!(
            matches!(parse_arm(reply, 5), Err(ParseError::NotFound { .. })),
            "{reply:?}"
        );
    }
    assert!(matches!(
        parse_arm("button 2 or button 4", 5),
        Err(ParseError::Ambiguous { .. })
    ));
    assert!(matches!(
        parse_arm("I refuse.", 5),
        Err(ParseError::Refused { .. })
    ));
    assert!(matches!(parse_arm("", 5), Err(ParseError::Empty)));
    assert!(matches!(
        parse_arm("1", 0),
        Err(ParseError::BadOptions { .. })
    ));
}

// ---------------------------------------------------------------- parse_distribution

fn close(a: &[f64], b: &[f64]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() < 1e-12)
}

#[test]
fn distributions_in_the_usual_forms() {
    let cases: [(&str, [f64; 3]); 7] = [
        ("[0.2, 0.3, 0.5]", [0.2, 0.3, 0.5]),
        ("<Answer>[20%, 30%, 50%]</Answer>", [0.2, 0.3, 0.5]),
        ("arm 1: 0.25, arm 2: 0.25, arm 3: 0.5", [0.25, 0.25, 0.5]),
        (
            r#"{"arm1": 0.1, "arm2": 0.2, "arm3": 0.7}"#,
            [0.1, 0.2, 0.7],
        ),
        (
            r#"{"probabilities": [0.6, 0.2, 0.2], "note": 3}"#,
            [0.6, 0.2, 0.2],
        ),
        (
            "After 10 rounds button 1 has mean 0.4. My answer: [0.1, 0.1, 0.8]",
            [0.1, 0.1, 0.8],
        ),
        // Sums within 5 % of 1 are normalised: 0.99 -> divide by 0.99.
        ("0.33 0.33 0.33", [1.0 / 3.0, 1.0 / 3.0, 1.0 / 3.0]),
    ];
    for (reply, want) in cases {
        let got = parse_distribution(reply, 3).unwrap_or_else(|e| panic!("{reply:?}: {e}"));
        assert!(close(&got, &want), "{reply:?}: {got:?}");
    }
}

#[test]
fn distributions_that_are_not_are_errors() {
    let e = parse_distribution(r#"{"probabilities": [1, 1, 2]}"#, 3).unwrap_err();
    assert!(e.to_string().contains("add up to 4"), "{e}");
    let e = parse_distribution("[0.5, 0.5]", 3).unwrap_err();
    assert!(e.to_string().contains("found 2 numbers"), "{e}");
    let e = parse_distribution("[-0.5, 0.5, 1]", 3).unwrap_err();
    assert!(e.to_string().contains("cannot be -0.5"), "{e}");
    assert!(matches!(parse_distribution("", 3), Err(ParseError::Empty)));
    assert!(matches!(
        parse_distribution("I'm sorry, I can't.", 3),
        Err(ParseError::Refused { .. })
    ));
    assert!(matches!(
        parse_distribution("[0, 0, 0]", 3),
        Err(ParseError::BadNumbers { .. })
    ));
    assert!(matches!(
        parse_distribution("1", 0),
        Err(ParseError::BadOptions { .. })
    ));
}

// ---------------------------------------------------------------- Akata prompt

fn akata_pd() -> AkataGame {
    // Akata et al.'s prisoner's dilemma: JJ 8/8, JF 0/10, FJ 10/0, FF 5/5.
    let game = GameConfig::symmetric("PD", ["J", "F"], 8.0, 0.0, 10.0, 5.0);
    AkataGame::from_game(&game, Seat::Row, AKATA_LABELS)
}

#[test]
fn akata_prompt_matches_the_published_format() {
    let history = [(Action::C, Action::D), (Action::D, Action::D)];
    let expected = "You are playing a game repeatedly with another player. In this game, you can choose between Option J and Option F. You will play 10 rounds in total with the same player. The rules of the game are as follows:
If you choose Option J and the other player chooses Option J, then you win 8 points and the other player wins 8 points.
If you choose Option J and the other player chooses Option F, then you win 0 points and the other player wins 10 points.
If you choose Option F and the other player chooses Option J, then you win 10 points and the other player wins 0 points.
If you choose Option F and the other player chooses Option F, then you win 5 points and the other player wins 5 points.
In round 1, you chose Option J and the other player chose Option F. Thus, you won 0 points and the other player won 10 points.
In round 2, you chose Option F and the other player chose Option F. Thus, you won 5 points and the other player won 5 points.
You are currently playing round 3.
Q: Which Option do you choose, Option J or Option F?
A: Option";
    assert_eq!(akata_prompt(&akata_pd(), 10, &history, false), expected);
    let swapped = expected.replace(
        "Q: Which Option do you choose, Option J or Option F?",
        "Q: Which Option do you choose, Option F or Option J?",
    );
    assert_eq!(akata_prompt(&akata_pd(), 10, &history, true), swapped);
}

#[test]
fn akata_first_round_has_no_history_lines() {
    let p = akata_prompt(&akata_pd(), 10, &[], false);
    assert!(!p.contains("In round"));
    assert!(p.contains("You are currently playing round 1.\nQ: "));
}

#[test]
fn akata_column_player_sees_the_game_from_its_side() {
    // Battle of the Sexes (Akata et al.): JJ 10/7, FF 7/10, mismatch 0/0 for the row player.
    let bos = GameConfig {
        name: "BoS".into(),
        actions: ["J".into(), "F".into()],
        row: [[10.0, 0.0], [0.0, 7.0]],
        column: [[7.0, 0.0], [0.0, 10.0]],
    };
    let col = AkataGame::from_game(&bos, Seat::Column, AKATA_LABELS);
    assert_eq!(col.payoffs[0][0], (7.0, 10.0));
    assert_eq!(col.payoffs[1][1], (10.0, 7.0));
    let p = akata_prompt(&col, 10, &[(Action::D, Action::C)], false);
    assert!(p.contains("If you choose Option J and the other player chooses Option J, then you win 7 points and the other player wins 10 points."));
    assert!(p.contains("In round 1, you chose Option F and the other player chose Option J. Thus, you won 0 points and the other player won 0 points."));
}

#[test]
fn akata_singular_and_negative_points() {
    // Evolution of Trust payoffs R=2, S=-1, T=3, P=0; Axelrod's P=1.
    let g = GameConfig::symmetric("trust", ["C", "D"], 2.0, -1.0, 3.0, 1.0);
    let p = akata_prompt(
        &AkataGame::from_game(&g, Seat::Row, AKATA_LABELS),
        5,
        &[(Action::C, Action::D)],
        false,
    );
    assert!(p.contains("then you lose 1 point and the other player wins 3 points."));
    assert!(p.contains("then you win 1 point and the other player wins 1 point."));
    assert!(p.contains("Thus, you lost 1 point and the other player won 3 points."));
}

#[test]
fn social_chain_of_thought_asks_prediction_then_best_response() {
    let history = [(Action::C, Action::D)];
    let base = akata_prompt(&akata_pd(), 10, &history, false);
    let preamble = base
        .strip_suffix("Q: Which Option do you choose, Option J or Option F?\nA: Option")
        .unwrap();
    assert_eq!(
        scot_prediction_prompt(&akata_pd(), 10, &history, false),
        format!("{preamble}Q: Which Option do you predict the other player will choose in round 2, Option J or Option F?\nA: Option")
    );
    assert_eq!(
        scot_choice_prompt(&akata_pd(), 10, &history, Action::D, true),
        format!("{preamble}Q: Given that you predict the other player will choose Option F in round 2, which Option do you think is the best to choose for you in this round, Option F or Option J?\nA: Option")
    );
}

#[test]
fn akata_answers_parse_back() {
    // The completion of "A: Option" is the label; a model's usual continuations parse.
    for (reply, want) in [(" J", 0), (" F.", 1), ("F\n\nQ: Which", 1)] {
        assert_eq!(parse_option(reply, &AKATA_LABELS), Ok(want), "{reply:?}");
    }
}

// ---------------------------------------------------------------- bandit prompt

const HISTORY: [(usize, f64); 5] = [(0, 1.0), (1, 0.0), (0, 0.0), (2, 1.0), (0, 1.0)];

fn prompt(cfg: BanditPromptConfig) -> (String, String) {
    let p = bandit_prompt(&cfg, 4, 100, &HISTORY).unwrap();
    (p.system, p.user)
}

#[test]
fn summarized_history_gives_counts_and_mean_rewards() {
    // By hand: arm 1 pulled 3 times (1, 0, 1) -> 2/3; arm 2 once (0); arm 3 once (1); arm 4 never.
    assert_eq!(
        summarize(4, &HISTORY),
        vec![
            (3, Some(2.0 / 3.0)),
            (1, Some(0.0)),
            (1, Some(1.0)),
            (0, None)
        ]
    );
    let (_, user) = prompt(BanditPromptConfig {
        history: HistoryStyle::Summarized,
        ..Default::default()
    });
    assert!(user.starts_with(
        "So far you have played 5 times with your past choices and rewards summarized as follows:\n\
         button 1: pressed 3 times, average reward 0.67\n\
         button 2: pressed 1 time, average reward 0.00\n\
         button 3: pressed 1 time, average reward 1.00\n\
         button 4: pressed 0 times\n\
         This is round 6 of 100.\n"
    ), "{user}");
    assert!(!user.contains("Round 1:"));
}

#[test]
fn raw_history_lists_every_round() {
    let (_, user) = prompt(BanditPromptConfig::default());
    assert!(
        user.starts_with(
            "So far you have played 5 times. Your past choices and rewards, one round per line:\n\
         Round 1: button 1, reward 1\n\
         Round 2: button 2, reward 0\n\
         Round 3: button 1, reward 0\n\
         Round 4: button 3, reward 1\n\
         Round 5: button 1, reward 1\n\
         This is round 6 of 100.\n"
        ),
        "{user}"
    );
    let p = bandit_prompt(&BanditPromptConfig::default(), 2, 10, &[(1, 0.4567)]).unwrap();
    assert!(p.user.contains("Round 1: button 2, reward 0.46\n"));
}

#[test]
fn scenario_changes_the_story_and_the_arm_name() {
    let (buttons_sys, buttons_user) = prompt(BanditPromptConfig::default());
    let (ads_sys, ads_user) = prompt(BanditPromptConfig {
        scenario: Scenario::Ads,
        ..Default::default()
    });
    assert!(buttons_sys.starts_with("You are in a room with 4 buttons numbered 1 to 4."));
    assert!(buttons_sys.contains("You have 100 time steps"));
    assert!(ads_sys.starts_with("You are a recommendation engine that chooses advertisements"));
    assert!(ads_sys.contains("There are 4 ads you can choose from, numbered 1 to 4."));
    assert!(ads_user.contains("Round 1: ad 1, reward 1"));
    assert!(ads_user.contains("Which ad will you show next?"));
    assert!(buttons_user.contains("Which button will you press next?"));
}

#[test]
fn suggestive_framing_only_changes_the_system_message() {
    let (neutral_sys, neutral_user) = prompt(BanditPromptConfig::default());
    let (sugg_sys, sugg_user) = prompt(BanditPromptConfig {
        framing: Framing::Suggestive,
        ..Default::default()
    });
    assert!(!neutral_sys.contains("bandit algorithm"));
    assert!(sugg_sys.starts_with("You are a bandit algorithm in a room with 4 buttons"));
    assert!(sugg_sys.contains("exploration") && sugg_sys.contains("exploitation"));
    assert_eq!(neutral_user, sugg_user);
    let (ads_sugg, _) = prompt(BanditPromptConfig {
        scenario: Scenario::Ads,
        framing: Framing::Suggestive,
        ..Default::default()
    });
    assert!(ads_sugg.starts_with("You are a bandit algorithm that chooses advertisements"));
}

#[test]
fn output_and_reasoning_change_the_request() {
    let (_, one) = prompt(BanditPromptConfig::default());
    assert!(one.contains("<Answer>NUMBER</Answer>, where NUMBER is one of 1 to 4."));
    assert!(one.ends_with("Answer with the tags only; do not explain your reasoning."));
    let (_, dist) = prompt(BanditPromptConfig {
        output: OutputStyle::Distribution,
        reasoning: Reasoning::ChainOfThought,
        ..Default::default()
    });
    assert!(dist.contains("4 probabilities, one per button in order from button 1 to button 4, that add up to 1, inside the tags <Answer>[p1, ..., p4]</Answer>."));
    assert!(dist.contains("Think step by step"));
    assert!(!dist.contains("do not explain"));
}

#[test]
fn first_round_has_no_history() {
    let p = bandit_prompt(&BanditPromptConfig::default(), 3, 10, &[]).unwrap();
    assert!(p
        .user
        .starts_with("You have not played yet.\nThis is round 1 of 10.\n"));
}

#[test]
fn bandit_prompt_config_is_serde_with_defaults() {
    let cfg: BanditPromptConfig =
        serde_json::from_str(r#"{"scenario": "ads", "reasoning": "chain_of_thought"}"#).unwrap();
    assert_eq!(
        cfg,
        BanditPromptConfig {
            scenario: Scenario::Ads,
            framing: Framing::Neutral,
            history: HistoryStyle::Raw,
            output: OutputStyle::OneArm,
            reasoning: Reasoning::ChainOfThought,
        }
    );
    let s = serde_json::to_string(&cfg).unwrap();
    assert_eq!(
        s,
        r#"{"scenario":"ads","framing":"neutral","history":"raw","output":"one_arm","reasoning":"chain_of_thought"}"#
    );
    assert!(serde_json::from_str::<BanditPromptConfig>(r#"{"scenaro": "ads"}"#).is_err());
}

#[test]
fn bad_bandit_prompt_inputs_are_errors() {
    let cfg = BanditPromptConfig::default();
    assert!(bandit_prompt(&cfg, 1, 10, &[]).is_err());
    assert!(bandit_prompt(&cfg, 3, 0, &[]).is_err());
    let e = bandit_prompt(&cfg, 3, 10, &[(3, 1.0)]).unwrap_err();
    assert_eq!(e.field, "history[0]");
    assert!(bandit_prompt(&cfg, 3, 10, &[(0, f64::NAN)]).is_err());
    assert!(bandit_prompt(&cfg, 3, 2, &[(0, 1.0), (1, 0.0)]).is_err());
}

#[test]
fn bandit_answers_in_the_requested_format_parse_back() {
    assert_eq!(parse_arm("<Answer>2</Answer>", 4), Ok(1));
    let d = parse_distribution("<Answer>[0.1, 0.2, 0.3, 0.4]</Answer>", 4).unwrap();
    assert!(close(&d, &[0.1, 0.2, 0.3, 0.4]));
}

#[test]
fn hostile_replies_full_of_brackets_are_read_quickly_as_text() {
    let reply = format!("{}Option F", "{\"".repeat(20_000));
    assert_eq!(parse_option(&reply, &JF), Ok(1));
    let reply = format!("{} arm 2", "[".repeat(50_000));
    assert_eq!(parse_arm(&reply, 3), Ok(1));
}

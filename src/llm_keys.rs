//! API keys in the browser: sessionStorage (gone when the tab closes) unless the user asks to
//! remember them on this device (localStorage). Keys are stored per provider under
//! `agora.llm.key.<provider>` and are never part of an experiment, a link, an export, a
//! transcript or a log: they reach only the request headers, as an
//! [`ApiKey`](agora_engine::llm::ApiKey).

use agora_engine::llm::{ApiKey, Provider};

const PREFIX: &str = "agora.llm.key.";

/// The storage slot of a provider's key: one per OpenAI-compatible server address.
pub fn slot(p: &Provider) -> String {
    match p {
        Provider::OpenAiCompatible { base_url, .. } => {
            format!(
                "{PREFIX}openai_compatible:{}",
                base_url.trim().trim_end_matches('/')
            )
        }
        Provider::Anthropic => format!("{PREFIX}anthropic"),
        Provider::Gemini => format!("{PREFIX}gemini"),
    }
}

fn session() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok()?
}

fn local() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}

/// The key for `p` (the tab's first, then a remembered one), or none.
pub fn load(p: &Provider) -> ApiKey {
    let slot = slot(p);
    for s in [session(), local()].into_iter().flatten() {
        if let Ok(Some(k)) = s.get_item(&slot) {
            if !k.is_empty() {
                return ApiKey::new(k);
            }
        }
    }
    ApiKey::none()
}

/// True when the key for `p` is remembered on this device.
pub fn remembered(p: &Provider) -> bool {
    local()
        .and_then(|s| s.get_item(&slot(p)).ok().flatten())
        .is_some_and(|k| !k.is_empty())
}

/// Store the key for `p` for this tab, and on this device when `remember` is set (otherwise a
/// remembered copy is removed). An empty key removes it.
pub fn save(p: &Provider, key: &str, remember: bool) {
    let slot = slot(p);
    let key = key.trim();
    if let Some(s) = session() {
        let _ = if key.is_empty() {
            s.remove_item(&slot)
        } else {
            s.set_item(&slot, key)
        };
    }
    if let Some(s) = local() {
        let _ = if remember && !key.is_empty() {
            s.set_item(&slot, key)
        } else {
            s.remove_item(&slot)
        };
    }
}

/// Forget every key of every provider, in this tab and on this device; returns how many
/// stored keys were removed.
pub fn forget_all() -> usize {
    let mut n = 0;
    for s in [session(), local()].into_iter().flatten() {
        let len = s.length().unwrap_or(0);
        let keys: Vec<String> = (0..len)
            .filter_map(|i| s.key(i).ok().flatten())
            .filter(|k| k.starts_with(PREFIX))
            .collect();
        for k in &keys {
            let _ = s.remove_item(k);
        }
        n += keys.len();
    }
    n
}

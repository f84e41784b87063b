//! Agora's browser app (Yew). UI only: every simulation lives in `agora-engine`.
//!
//! - [`app`]: routes, navigation, embed mode, home page, panic banner
//! - [`labs`]: one page per lab
//! - [`worker`] / [`worker_client`]: the simulation worker and the page's handle on it
//! - [`widgets`], [`charts`]: run bar, banners, charts
//! - [`llm_fetch`], [`llm_keys`]: LLM calls with `fetch`, and where API keys are kept
//! - [`storage`]: what is remembered between visits
//! - [`download`]: file exports
//! - [`embed`]: hidden and locked controls, the postMessage API, the Embed dialog

pub mod app;
pub mod charts;
pub mod download;
pub mod embed;
pub mod labs;
pub mod llm_fetch;
pub mod llm_keys;
pub mod storage;
pub mod widgets;
pub mod worker;
pub mod worker_client;

//! Agora's browser app (Yew). UI only: every simulation lives in `agora-engine`.

pub mod app;
pub mod charts;
pub mod download;
pub mod labs;
pub mod storage;
pub mod widgets;
pub mod worker;

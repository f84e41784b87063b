//! The engine kernels as a WebAssembly module with no imports, for `tests/bench/kernels.mjs`
//! (which runs it in Node and times each case beside the native `kernels_native`):
//! `cargo build --release -p agora-engine --example kernels_wasm --target wasm32-unknown-unknown`.

#[path = "kernels/cases.rs"]
mod cases;

/// The number of cases.
#[no_mangle]
pub extern "C" fn kernels_count() -> u32 {
    cases::NAMES.len() as u32
}

/// Run case `case`; its checksum.
#[no_mangle]
pub extern "C" fn kernels_run(case: u32) -> f64 {
    cases::run(case as usize)
}

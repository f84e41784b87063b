//! The engine kernels natively, for `tests/bench/kernels.mjs` (which times the same cases in
//! WebAssembly): `cargo run --release -p agora-engine --example kernels_native [RUNS]` prints one
//! JSON line per case: its name, the median and fastest of RUNS runs (seconds), and its checksum.

#[path = "kernels/cases.rs"]
mod cases;

use std::time::Instant;

fn main() {
    let runs: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(5);
    for (case, name) in cases::NAMES.iter().enumerate() {
        let mut times = Vec::with_capacity(runs);
        let mut check = 0.0;
        for _ in 0..runs.max(1) {
            let start = Instant::now();
            check = cases::run(case);
            times.push(start.elapsed().as_secs_f64());
        }
        times.sort_by(f64::total_cmp);
        println!(
            "{{\"case\":{case},\"name\":{name:?},\"median\":{},\"fastest\":{},\"check\":{check}}}",
            times[times.len() / 2],
            times[0]
        );
    }
}

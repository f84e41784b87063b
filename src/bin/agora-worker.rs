//! The simulation worker's entry point: trunk builds it as a Web Worker (see index.html);
//! everything happens in `agora_web::worker`.

fn main() {
    agora_web::worker::run_worker();
}

// Starts the simulation worker (a classic worker, so it works in every current browser):
// loads the wasm-bindgen glue that trunk built for src/bin/agora-worker.rs, then its wasm.
// The worker announces itself with a "Ready" message once its handler is installed.
importScripts("./agora-worker.js");
wasm_bindgen({ module_or_path: "./agora-worker_bg.wasm" }).catch((err) => {
  const message = String((err && err.message) || err);
  postMessage(JSON.stringify({
    type: "Failed",
    message: "The simulation worker could not start (" + message + "). Reload the page to try again.",
  }));
});

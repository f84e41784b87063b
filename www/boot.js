// Starts the Agora app: loads the wasm-bindgen module and its wasm, whose hashed names trunk
// writes into this script tag's data attributes (see Trunk.toml, pattern_script).
// An external file rather than an inline script, so the Content-Security-Policy can forbid
// inline scripts.
const tag = document.querySelector("script[data-agora-js]");

function showLoadError(message) {
  const box = document.createElement("div");
  box.className = "fatal-banner";
  box.setAttribute("role", "alert");
  box.setAttribute("data-testid", "error-banner");
  box.textContent =
    "Agora could not start: " + message +
    ". It needs a recent browser with WebAssembly enabled. Reload the page to try again.";
  document.body.prepend(box);
  document.getElementById("boot")?.remove();
}

try {
  const bindings = await import(tag.dataset.agoraJs);
  await bindings.default({ module_or_path: tag.dataset.agoraWasm });
} catch (err) {
  console.error(err);
  showLoadError(String((err && err.message) || err));
}

// Keep a copy of the site for offline use (www/sw.js). Only where the browser allows service
// workers (https, or this computer); a failure leaves the app as it is.
if ("serviceWorker" in navigator && window.isSecureContext) {
  navigator.serviceWorker.register("./sw.js").catch((err) => {
    console.warn("Agora works online only: the offline copy could not be set up.", err);
  });
}

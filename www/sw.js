// Agora's service worker: keeps a copy of the site so a classroom keeps working offline after
// one visit, and so the app can be installed.
//
// - On install it caches the start page and every file the app needs to run a lab: the ones
//   index.html names (trunk writes the hashed names of the main module, its wasm and the
//   stylesheet into it) and the worker's, which are not hashed.
// - Files whose names carry trunk's content hash (the main module, its wasm, the stylesheet)
//   never change: the copy answers them, so a start does not download and store the 3 MB
//   wasm again.
// - Every other same-origin GET goes to the network first, and the answer refreshes the copy;
//   when the network fails (offline, a flaky connection, a server that went away) the copy
//   answers. Network first, so a new version of the site is picked up at once when online.
// - Requests to other origins (LLM providers, a local model server) are not touched.
// Registered by boot.js; the cache is named after this file's VERSION, so a new site with a
// new VERSION starts a new cache and the old one is deleted on activation.

const VERSION = "agora-v1";
const CORE = [
  "./",
  "index.html",
  "boot.js",
  "agora-worker-loader.js",
  "agora-worker.js",
  "agora-worker_bg.wasm",
  "favicon.svg",
  "manifest.webmanifest",
];

/** The hashed files index.html refers to: module, wasm, stylesheet. */
function referenced(html) {
  const names = new Set();
  for (const m of html.matchAll(/(?:src|href|data-agora-js|data-agora-wasm)="\.?\/?([^"#?]+\.(?:js|wasm|css))"/g)) {
    names.add(m[1]);
  }
  return [...names];
}

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(VERSION);
    const index = await fetch("index.html", { cache: "reload" });
    const html = await index.clone().text();
    await cache.put("index.html", index);
    const files = [...new Set([...CORE, ...referenced(html)])].filter((f) => f !== "index.html");
    await cache.addAll(files.map((f) => new Request(f, { cache: "reload" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) {
      if (key !== VERSION) await caches.delete(key);
    }
  })());
});

/** trunk's hashed names: `agora-web-0123456789abcdef_bg.wasm`, `style-0123456789abcdef.css`. */
const HASHED = /-[0-9a-f]{16}(?:_bg)?\.(?:js|wasm|css)$/;

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) return;
  event.respondWith((async () => {
    const cache = await caches.open(VERSION);
    if (HASHED.test(url.pathname)) {
      const copy = await cache.match(request);
      if (copy) return copy;
    }
    try {
      const response = await fetch(request);
      if (response.ok) await cache.put(request, response.clone());
      return response;
    } catch (err) {
      // The start page answers for any page of the site (its routes are in the fragment).
      const copy = (await cache.match(request, { ignoreSearch: true }))
        ?? (request.mode === "navigate" ? await cache.match("index.html") : undefined);
      if (copy) return copy;
      throw err;
    }
  })());
});

#!/usr/bin/env python3
"""A misbehaving OpenAI-compatible server in front of a real one, for fault-injection tests.

    python3 tests/llm/faulty_server.py --port P --upstream http://127.0.0.1:8099

Binds 127.0.0.1 only and prints nothing but errors of its own. Point an LLM agent's base URL at
``http://127.0.0.1:P/<plan>/v1``: ``<plan>`` is a comma-separated list of faults, served in order
to the successive chat requests of that plan (``POST /<plan>/v1/chat/completions``); once the
plan is used up, every request is forwarded unchanged to the upstream server ("ok").

Faults:
    429      HTTP 429 with ``Retry-After: 1`` and an OpenAI-style error JSON
    500      HTTP 500 with an error JSON
    garbage  HTTP 200 with an HTML body (``<html><body>Bad gateway</body></html>``, text/html)
    timeout  sleep 5 s, then forward (a client with a shorter timeout has given up by then:
             then nothing is forwarded, so the model is not kept busy for nobody);
             ``timeoutN`` sleeps N seconds instead (for prompts a small model needs more than
             5 s to answer)
    hostile  a well-formed completion whose content is markup meant to run in a page
             (``<script>``, ``onerror``) followed by "Option J"
    empty    a well-formed completion with empty content
    auth     HTTP 401 whose error message echoes the request's Authorization header value,
             as a careless server would (the client must not print it)
    ok       forward to the upstream server

Other routes:
    GET  /<plan>/v1/models   forwarded to the upstream server (not counted)
    GET  /stats              JSON ``{plan: chat requests seen}``
    POST /reset              forget every counter

Every response carries permissive CORS headers (``Access-Control-Allow-Origin: *``, any
header, GET/POST/OPTIONS, ``Retry-After`` exposed) and OPTIONS preflights are answered, so the
browser tests can use it too. Requests are served on threads; forwards to the upstream model
go one at a time (a small local model answers one request at a time anyway).
"""

import argparse
import json
import select
import socket
import sys
import threading
import time
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAULTS = ("429", "500", "garbage", "timeout", "hostile", "empty", "auth", "ok")
HOSTILE = (
    "<script>window.__agoraPwned=1</script>"
    '<img src=x onerror="window.__agoraPwned=2"> Option J'
)
TIMEOUT_S = 5.0
UPSTREAM_TIMEOUT_S = 300.0

def timeout_of(fault):
    """Seconds of silence of a ``timeout`` or ``timeoutN`` fault, else None."""
    if fault == "timeout":
        return TIMEOUT_S
    if fault.startswith("timeout") and fault[len("timeout"):].isdigit():
        return float(fault[len("timeout"):])
    return None


COUNTS = {}
COUNTS_LOCK = threading.Lock()
UPSTREAM_LOCK = threading.Lock()

CORS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Allow-Headers", "*"),
    ("Access-Control-Allow-Methods", "GET, POST, OPTIONS"),
    ("Access-Control-Expose-Headers", "Retry-After"),
)


def completion(content, model="faulty"):
    """A chat completion in the OpenAI format with `content` as the message."""
    return {
        "id": "chatcmpl-faulty",
        "object": "chat.completion",
        "created": int(time.time()),
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content},
                "finish_reason": "stop",
            }
        ],
        "usage": {"prompt_tokens": 0, "completion_tokens": 0, "total_tokens": 0},
    }


def error_body(message, kind, code):
    return {"error": {"message": message, "type": kind, "param": None, "code": code}}


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "faulty/1"

    def log_message(self, format, *args):  # noqa: A002 (the base class's name)
        pass

    # --- responses -------------------------------------------------------------------------

    def send(self, status, body, content_type="application/json", headers=()):
        if not isinstance(body, (bytes, bytearray)):
            body = json.dumps(body).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(body)))
            for k, v in tuple(headers) + CORS:
                self.send_header(k, v)
            self.end_headers()
            self.wfile.write(body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up (a timeout): nothing to tell it.
            self.close_connection = True

    def forward(self, method, path, body=None):
        """Send the request to the upstream server and relay its answer unchanged."""
        headers = {}
        for name in ("Content-Type", "Authorization", "Accept"):
            if self.headers.get(name):
                headers[name] = self.headers[name]
        req = urllib.request.Request(
            self.server.upstream + path, data=body, headers=headers, method=method
        )
        with UPSTREAM_LOCK:
            try:
                with urllib.request.urlopen(req, timeout=UPSTREAM_TIMEOUT_S) as r:
                    status, ctype, data = r.status, r.headers.get("Content-Type"), r.read()
            except urllib.error.HTTPError as e:
                status, ctype, data = e.code, e.headers.get("Content-Type"), e.read()
            except (urllib.error.URLError, OSError) as e:
                status, ctype = 502, "application/json"
                data = json.dumps(
                    error_body(f"the upstream model did not answer: {e}", "server_error", None)
                ).encode()
        self.send(status, data, ctype or "application/json")

    def client_gone(self):
        """True when the client has closed the connection."""
        try:
            readable, _, _ = select.select([self.connection], [], [], 0)
            return bool(readable) and self.connection.recv(1, socket.MSG_PEEK) == b""
        except OSError:
            return True

    # --- routing ---------------------------------------------------------------------------

    def read_body(self):
        n = int(self.headers.get("Content-Length") or 0)
        return self.rfile.read(n) if n > 0 else b""

    def split(self):
        """(plan, rest) for /<plan>/v1/...; (None, path) otherwise."""
        path = self.path.split("?", 1)[0]
        parts = path.split("/", 2)
        if len(parts) == 3 and parts[2].startswith("v1/"):
            return urllib.request.unquote(parts[1]), "/" + parts[2]
        return None, path

    def do_OPTIONS(self):
        self.send(204, b"", "text/plain")

    def do_GET(self):
        plan, rest = self.split()
        if plan is None and rest == "/stats":
            with COUNTS_LOCK:
                self.send(200, dict(COUNTS))
        elif plan is not None and rest == "/v1/models":
            self.forward("GET", rest)
        else:
            self.send(404, error_body(f"no route {self.path}", "not_found", None))

    def do_POST(self):
        body = self.read_body()
        plan, rest = self.split()
        if plan is None and rest == "/reset":
            with COUNTS_LOCK:
                COUNTS.clear()
            self.send(200, {})
            return
        if plan is None or rest != "/v1/chat/completions":
            self.send(404, error_body(f"no route {self.path}", "not_found", None))
            return
        faults = [f.strip() for f in plan.split(",") if f.strip()]
        unknown = [f for f in faults if f not in FAULTS and timeout_of(f) is None]
        if unknown:
            self.send(
                400,
                error_body(
                    f"unknown fault(s) {', '.join(unknown)}; known: {', '.join(FAULTS)}",
                    "invalid_request_error",
                    None,
                ),
            )
            return
        with COUNTS_LOCK:
            n = COUNTS.get(plan, 0)
            COUNTS[plan] = n + 1
        fault = faults[n] if n < len(faults) else "ok"
        self.serve_fault(fault, rest, body)

    def serve_fault(self, fault, rest, body):
        if fault == "429":
            self.send(
                429,
                error_body(
                    "Rate limit reached for requests. Please try again in 1s.",
                    "requests",
                    "rate_limit_exceeded",
                ),
                headers=(("Retry-After", "1"),),
            )
        elif fault == "500":
            self.send(
                500,
                error_body(
                    "The server had an error while processing your request.",
                    "server_error",
                    None,
                ),
            )
        elif fault == "garbage":
            self.send(200, b"<html><body>Bad gateway</body></html>", "text/html")
        elif timeout_of(fault) is not None:
            time.sleep(timeout_of(fault))
            if self.client_gone():
                # It gave up: do not keep the model busy with an answer nobody reads.
                self.close_connection = True
                return
            self.forward("POST", rest, body)
        elif fault == "hostile":
            self.send(200, completion(HOSTILE))
        elif fault == "empty":
            self.send(200, completion(""))
        elif fault == "auth":
            echoed = self.headers.get("Authorization", "")
            self.send(
                401,
                error_body(
                    f"Incorrect API key provided: {echoed}. You can find your API key in your account settings.",
                    "invalid_request_error",
                    "invalid_api_key",
                ),
            )
        else:
            self.forward("POST", rest, body)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n", 1)[0])
    ap.add_argument("--port", type=int, required=True)
    ap.add_argument("--upstream", required=True, help="the real server's root, e.g. http://127.0.0.1:8099")
    args = ap.parse_args()
    server = ThreadingHTTPServer(("127.0.0.1", args.port), Handler)
    server.daemon_threads = True
    server.upstream = args.upstream.rstrip("/")
    if server.upstream.endswith("/v1"):
        server.upstream = server.upstream[: -len("/v1")]
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    return 0


if __name__ == "__main__":
    sys.exit(main())

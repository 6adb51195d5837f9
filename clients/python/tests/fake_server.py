"""An in-process stand-in for the runlens REST API, for the client's unit tests.

Records every request (method, path, headers, raw body, parsed JSON) and keeps the logged points per key, so tests
can check exactly what arrived. ``responder`` decides the status of each request (default: 200/201).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Callable, Dict, List, Optional, Tuple

HERE = os.path.dirname(os.path.abspath(__file__))
CLIENT_DIR = os.path.dirname(HERE)
if CLIENT_DIR not in sys.path:
    sys.path.insert(0, CLIENT_DIR)


def _reject_constant(name: str) -> Any:
    raise ValueError("bare %s in JSON (invalid JSON)" % name)


class Request(object):
    def __init__(self, method: str, path: str, headers: Dict[str, str], raw: bytes) -> None:
        self.method = method
        self.path = path
        self.headers = headers
        self.raw = raw
        # Strict: the client must never send bare NaN / Infinity.
        self.body = json.loads(raw.decode("utf-8"), parse_constant=_reject_constant) if raw else None

    @property
    def kind(self) -> str:
        parts = self.path.split("?")[0].strip("/").split("/")
        if self.method == "POST" and parts == ["api", "v1", "runs"]:
            return "create"
        if self.method == "POST" and parts[-1] == "metrics":
            return "metrics"
        if self.method == "POST" and parts[-1] == "logs":
            return "logs"
        if self.method == "PATCH":
            return "update"
        return "other"

    def __repr__(self) -> str:
        return "<%s %s %s>" % (self.kind, self.method, self.path)


Responder = Callable[[Request, int], Tuple[int, Any]]


class FakeServer(object):
    def __init__(self, responder: Optional[Responder] = None) -> None:
        self.lock = threading.Lock()
        self.requests: List[Request] = []
        self.accepted: List[Request] = []
        self.points: Dict[str, Dict[int, Any]] = {}
        self.responder = responder
        self.connections = 0
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:
                pass

            def setup(self) -> None:
                BaseHTTPRequestHandler.setup(self)
                with fake.lock:
                    fake.connections += 1

            def _handle(self) -> None:
                n = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(n) if n else b""
                try:
                    req = Request(self.command, self.path, dict(self.headers.items()), raw)
                except ValueError as e:
                    self._reply(400, {"error": {"code": "BAD_JSON", "message": str(e)}})
                    return
                with fake.lock:
                    fake.requests.append(req)
                    index = len(fake.requests) - 1
                status, body = (fake.responder(req, index) if fake.responder else (None, None))
                if status is None:
                    status = 201 if req.kind == "create" else 200
                    body = {"ok": True}
                if 200 <= status < 300:
                    with fake.lock:
                        fake.accepted.append(req)
                        if req.kind == "metrics":
                            for s in req.body.get("series", []):
                                col = fake.points.setdefault(s["key"], {})
                                for st, v in zip(s["steps"], s["values"]):
                                    col[st] = v
                self._reply(status, body)

            def _reply(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode("utf-8")
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_POST = _handle
            do_PATCH = _handle
            do_GET = _handle

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.url = "http://127.0.0.1:%d" % self.httpd.server_address[1]
        self.thread = threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()

    def of_kind(self, kind: str, accepted_only: bool = False) -> List[Request]:
        with self.lock:
            src = self.accepted if accepted_only else self.requests
            return [r for r in src if r.kind == kind]

    def kinds(self, accepted_only: bool = True) -> List[str]:
        with self.lock:
            src = self.accepted if accepted_only else self.requests
            return [r.kind for r in src]


def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def read_jsonl(path: str) -> List[Dict[str, Any]]:
    with open(path, encoding="utf-8") as f:
        return [json.loads(line, parse_constant=_reject_constant) for line in f if line.strip()]

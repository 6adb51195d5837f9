"""runlens: the Python logging client for the runlens experiment tracker.

Standard library only, Python >= 3.8.

    import runlens

    run = runlens.init(project="demo", config={"lr": 0.1, "seed": 1})
    for step in range(1000):
        run.log({"train/loss": loss, "acc": acc})   # never blocks, never raises
    run.summary({"best_val": 1.2})
    run.finish()                                     # also done for you at exit

Logging appends to per-key columnar buffers; a background daemon thread sends them to the server
(POST /api/v1/runs/{id}/metrics, columnar form) every ~0.2 s or every 10,000 points, one request at a time,
retrying 5xx / 429 / 408 / network errors with exponential backoff and jitter. When the server stays unreachable
(~10 s of failed retries) or ``RUNLENS_MODE=offline``, everything goes to a JSONL file instead, which
``runlens sync <file>`` uploads later. ``RUNLENS_MODE=disabled`` turns every call into a no-op.

Environment: RUNLENS_URL (default http://127.0.0.1:7878), RUNLENS_TOKEN, RUNLENS_PROJECT,
RUNLENS_MODE=online|offline|disabled, RUNLENS_OFFLINE_DIR. Explicit arguments win over the environment.

Warnings go through the ``logging`` module, logger name ``"runlens"``.
"""

from __future__ import annotations

import array
import atexit
import collections
import collections.abc
import http.client
import json
import logging
import math
import os
import queue
import random
import re
import socket
import ssl
import struct
import subprocess
import sys
import threading
import time
import traceback
import zlib
from typing import Any, Dict, Iterable, List, Mapping, Optional, Tuple
from urllib.parse import quote, urlsplit

__version__ = "0.1.0"
__all__ = ["init", "Run", "new_ulid", "encode_value", "__version__"]

logger = logging.getLogger("runlens")

DEFAULT_URL = "http://127.0.0.1:7878"
DEFAULT_OFFLINE_DIR = os.path.join(".runlens", "offline")

# Server-side limits (packages/core/src/limits.ts). Checked here so that one bad key never gets a whole
# all-or-nothing batch rejected.
MAX_KEY_LENGTH = 256
MAX_NAME_LENGTH = 256
MAX_PARAMS = 5000
MAX_PARAM_STRING_LENGTH = 4096
MAX_TAGS = 256
MAX_NOTES_LENGTH = 100000
MAX_LOG_LINE_LENGTH = 65536
MAX_STEP = 2 ** 53 - 1

# Points per metrics request. The server takes up to 250,000 points or 8 MiB per batch; a point costs up to
# ~50 bytes of JSON, so 50,000 keeps each request well under both.
MAX_BATCH_POINTS = 50000
MAX_BATCH_LINES = 10000

_CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
_ULID_RE = re.compile(r"[0-9A-HJKMNP-TV-Z]{26}")
_CONTROL_RE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_SKIP = object()
_NOOP_MODES = ("disabled",)


# --------------------------------------------------------------------------------------------------------------
# Small pure helpers


def new_ulid(ms: Optional[int] = None) -> str:
    """A ULID: 48-bit millisecond timestamp + 80 random bits, 26 characters of Crockford base32 (upper case).

    Sortable by creation time; generated here so that retries and offline sync never create a run twice.
    """
    if ms is None:
        ms = int(time.time() * 1000)
    n = ((ms & 0xFFFFFFFFFFFF) << 80) | int.from_bytes(os.urandom(10), "big")
    out = []
    for _ in range(26):
        out.append(_CROCKFORD[n & 31])
        n >>= 5
    return "".join(reversed(out))


def _encode_float(f: float) -> Any:
    if f - f == 0.0:  # finite (inf - inf and nan - nan are nan)
        return f
    if f != f:
        return "NaN"
    return "Infinity" if f > 0 else "-Infinity"


def encode_value(v: Any) -> Any:
    """Encode one metric value for the wire, or return the module's skip sentinel if it is not a number.

    float -> itself, NaN -> "NaN", +inf -> "Infinity", -inf -> "-Infinity"; bool -> 1.0 / 0.0; int -> float;
    numpy scalars, 0-d arrays and torch 0-d tensors through ``.item()``; anything else ``float()`` accepts.
    Strings, bytes, None and containers are not numbers (returns ``_SKIP``).
    """
    t = type(v)
    if t is float:
        return _encode_float(v)
    if t is int:
        try:
            return _encode_float(float(v))
        except OverflowError:
            return _SKIP
    if t is bool:
        return 1.0 if v else 0.0
    if v is None or isinstance(v, (str, bytes, bytearray, collections.abc.Mapping, list, tuple, set, frozenset)):
        return _SKIP
    if isinstance(v, bool):
        return 1.0 if v else 0.0
    item = getattr(v, "item", None)
    if callable(item):
        try:
            r = item()
        except Exception:
            r = _SKIP
        if type(r) in (float, int, bool):
            return encode_value(r)
    try:
        return _encode_float(float(v))
    except Exception:
        return _SKIP


def _js_length(s: str) -> int:
    """Length in UTF-16 code units, as the server (JavaScript) counts it."""
    if len(s) <= 128 or s.isascii():
        return len(s)
    return len(s.encode("utf-16-le")) // 2


def check_name(s: Any, what: str = "name", max_length: int = MAX_KEY_LENGTH) -> Optional[str]:
    """Why ``s`` is not acceptable as a key / name on the server, or None if it is fine (mirrors core checkName)."""
    if not isinstance(s, str):
        return "%s must be a string, not %s" % (what, type(s).__name__)
    if not s:
        return "%s is empty" % what
    n = _js_length(s)
    if n > max_length:
        return "%s is %d characters long; the limit is %d" % (what, n, max_length)
    if _CONTROL_RE.search(s):
        return "%s contains a control character" % what
    if s.strip() != s or s[0] == "\ufeff" or s[-1] == "\ufeff":
        return "%s has leading or trailing whitespace" % what
    return None


def _ms_now() -> float:
    return round(time.time() * 1000.0, 3)


def _short(s: Any, n: int = 60) -> str:
    r = repr(s)
    return r if len(r) <= n else r[: n - 3] + "..."


class _Sanitizer:
    """Turns a user config (dicts, lists, argparse.Namespace, dataclasses, numpy scalars, paths...) into JSON the
    server accepts: finite numbers, strings, bools, None, nested dicts and lists. The server flattens it."""

    def __init__(self, warn) -> None:
        self.warn = warn
        self.leaves = 0

    def top(self, config: Any) -> Dict[str, Any]:
        mapping = self._as_mapping(config, True)
        if mapping is None:
            if config is not None:
                self.warn("config-type", "runlens: config must be a dict (or argparse.Namespace / dataclass), not %s; "
                          "ignored", type(config).__name__)
            return {}
        config = mapping
        out = self.value(config, "", 0)
        return out if isinstance(out, dict) else {}

    @staticmethod
    def _as_mapping(v: Any, loose: bool) -> Optional[Mapping]:
        """A dict view of ``v`` if it is a config container. ``loose`` (top level) also takes any object's
        public attributes, e.g. a hand-written config class instance."""
        if v is None:
            return None
        if isinstance(v, collections.abc.Mapping):
            return v
        try:
            import dataclasses

            if dataclasses.is_dataclass(v) and not isinstance(v, type):
                return dataclasses.asdict(v)
        except Exception:
            pass
        d = getattr(v, "__dict__", None)
        if isinstance(d, dict) and (loose or type(v).__name__ in ("Namespace", "SimpleNamespace")):
            return {k: x for k, x in d.items() if not k.startswith("_")}
        return None

    def value(self, v: Any, key: str, depth: int) -> Any:
        if depth > 32:
            return str(v)[:MAX_PARAM_STRING_LENGTH]
        if isinstance(v, collections.abc.Mapping):
            out = {}
            for k, x in v.items():
                if not isinstance(k, str):
                    k = str(k)
                full = k if not key else key + "." + k
                why = check_name(full, "param key")
                if why is not None:
                    self.warn("param:" + full[:80], "runlens: dropping param %s: %s", _short(full), why)
                    continue
                sx = self.value(x, full, depth + 1)
                if sx is not _SKIP:
                    out[k] = sx
            return out
        if isinstance(v, (list, tuple, set, frozenset)):
            items = list(v) if not isinstance(v, (set, frozenset)) else sorted(v, key=repr)
            out_list = []
            for i, x in enumerate(items):
                sx = self.value(x, key + "." + str(i), depth + 1)
                out_list.append(None if sx is _SKIP else sx)
            return out_list
        if depth > 0:
            self.leaves += 1
            if self.leaves > MAX_PARAMS:
                self.warn("param-count", "runlens: config has more than %d params; the rest are dropped", MAX_PARAMS)
                return _SKIP
        if v is None or isinstance(v, bool):
            return v
        if isinstance(v, str):
            if len(v) > MAX_PARAM_STRING_LENGTH:
                self.warn("param-long:" + key[:80], "runlens: param %s is longer than %d characters; cut",
                          _short(key), MAX_PARAM_STRING_LENGTH)
                return v[:MAX_PARAM_STRING_LENGTH]
            return v
        if isinstance(v, int):
            return int(v) if abs(v) <= MAX_STEP else str(v)
        if isinstance(v, float):
            return _encode_float(float(v))
        nested = self._as_mapping(v, False)
        if nested is not None:
            return self.value(nested, key, depth)
        item = getattr(v, "item", None)
        if callable(item):
            try:
                r = item()
                if type(r) in (float, int, bool, str):
                    return self.value(r, key, depth)
            except Exception:
                pass
        s = str(v)
        return s[:MAX_PARAM_STRING_LENGTH]


# --------------------------------------------------------------------------------------------------------------
# Process-wide hooks: finish runs at exit, mark them failed on an uncaught exception, go quiet in forked children.

_active_runs: List["Run"] = []
_registry_lock = threading.Lock()
_hooks_installed = False
_previous_excepthook = None


def _excepthook(etype, value, tb):  # type: ignore[no-untyped-def]
    try:
        text = "".join(traceback.format_exception(etype, value, tb))
        status = "killed" if issubclass(etype, KeyboardInterrupt) else "failed"
        with _registry_lock:
            runs = list(_active_runs)
        for run in runs:
            run._exit_failure = (status, text, 1)
    except Exception:
        pass
    prev = _previous_excepthook or sys.__excepthook__
    prev(etype, value, tb)


def _finish_all_at_exit() -> None:
    with _registry_lock:
        runs = list(reversed(_active_runs))
    for run in runs:
        try:
            run._finish_at_exit()
        except Exception:
            pass


def _after_fork_in_child() -> None:
    # The child has the Run objects but not their thread, and their locks may be held by a thread that no longer
    # exists: make every run a no-op there (DataLoader workers, multiprocessing with fork).
    global _registry_lock
    _registry_lock = threading.Lock()
    for run in _active_runs:
        run._noop = True
    del _active_runs[:]


def _install_hooks() -> None:
    global _hooks_installed, _previous_excepthook
    if _hooks_installed:
        return
    _hooks_installed = True
    _previous_excepthook = sys.excepthook
    sys.excepthook = _excepthook
    atexit.register(_finish_all_at_exit)
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(after_in_child=_after_fork_in_child)


# --------------------------------------------------------------------------------------------------------------
# The run


class _Item(object):
    """One unit of outgoing work: a request online, a line in the offline file."""

    __slots__ = ("kind", "body", "points", "seq")

    def __init__(self, kind: str, body: Dict[str, Any], points: int, seq: int) -> None:
        self.kind = kind  # "run" | "metrics" | "update" | "logs"
        self.body = body
        self.points = points
        self.seq = seq


class _HttpResult(object):
    __slots__ = ("status", "data", "retry_after")

    def __init__(self, status: int, data: bytes, retry_after: Optional[str]) -> None:
        self.status = status
        self.data = data
        self.retry_after = retry_after


class Run(object):
    """A run being logged. Create it with :func:`runlens.init`.

    Every public method is safe to call from any thread, never raises into the caller, and (apart from
    ``flush``/``finish``, which wait with a timeout) never blocks on the network.
    """

    def __init__(
        self,
        project: str,
        name: Optional[str] = None,
        config: Any = None,
        group: Optional[str] = None,
        tags: Optional[Iterable[str]] = None,
        notes: Optional[str] = None,
        url: Optional[str] = None,
        token: Optional[str] = None,
        mode: str = "online",
        offline_dir: Optional[str] = None,
        run_id: Optional[str] = None,
        flush_interval: float = 0.2,
        flush_points: int = 10000,
        max_buffered_points: int = 1000000,
        offline_after: float = 10.0,
        heartbeat_interval: float = 15.0,
        connect_timeout: float = 2.0,
        request_timeout: float = 30.0,
        finish_timeout: float = 10.0,
        git: bool = True,
        install_hooks: bool = True,
    ) -> None:
        self._warned: set = set()
        self._noop = mode in _NOOP_MODES
        self.mode = mode
        self.id = run_id or new_ulid()
        self.project = project
        self.name = name
        self.base_url = (url or DEFAULT_URL).rstrip("/")
        self.url: Optional[str] = None if self._noop else "%s/runs/%s" % (self.base_url, self.id)
        self._token = token or None
        self._flush_interval = max(0.01, float(flush_interval))
        self._flush_points = max(1, int(flush_points))
        self._max_buffered = max(1, int(max_buffered_points))
        self._hard_cap = 2 * self._max_buffered
        self._offline_after = float(offline_after)
        self._heartbeat_interval = float(heartbeat_interval)
        self._connect_timeout = float(connect_timeout)
        self._request_timeout = float(request_timeout)
        self._finish_timeout = float(finish_timeout)
        self._git = git

        self._lock = threading.Lock()
        self._cond = threading.Condition(self._lock)
        self._file_lock = threading.Lock()
        self._wake = threading.Event()
        self._step = -1
        self._buf: Dict[str, Tuple[List[int], List[Any], List[float]]] = {}
        self._buf_points = 0
        self._lines: List[Dict[str, Any]] = []
        self._outbox: "collections.deque[_Item]" = collections.deque()
        self._outbox_points = 0
        self._seq = 0
        self._done_seq = 0
        self._key_ok: Dict[str, bool] = {}
        self._finished = False
        self._stopping = False
        self._created = False
        self._discard = False  # the server refused the run: nothing else can be stored
        self._exit_failure: Optional[Tuple[str, str, int]] = None
        self._last_contact = time.monotonic()
        self._fail_since: Optional[float] = None
        self._attempt = 0
        self._pid = os.getpid()
        self._conn: Optional[http.client.HTTPConnection] = None
        self._thread: Optional[threading.Thread] = None
        self._file = None
        self._file_has_run = False
        self.offline_file: Optional[str] = None
        self._offline_reason: Optional[str] = None
        self._stats = {"sent": 0, "dropped": 0, "retries": 0, "offline_points": 0, "requests": 0}
        self._param_queue: "queue.Queue[Optional[_Snapshot]]" = queue.Queue(maxsize=4)
        self._param_thread: Optional[threading.Thread] = None
        self._param_state = _ParamState()

        if self._noop:
            return

        sanitizer = _Sanitizer(self._warn_once)
        body: Dict[str, Any] = {"id": self.id, "project": project}
        if name is not None:
            body["name"] = name
        if group is not None:
            body["group"] = group
        body["params"] = sanitizer.top(config)
        if tags:
            body["tags"] = tags
        if notes is not None:
            body["notes"] = notes
        body["startTime"] = _ms_now()
        body["command"] = " ".join(str(a) for a in getattr(sys, "argv", None) or [])[:MAX_NOTES_LENGTH]
        try:
            body["cwd"] = os.getcwd()[:4096]
        except OSError:
            pass
        try:
            body["host"] = socket.gethostname()[:MAX_NAME_LENGTH]
        except Exception:
            pass
        self._create_body = body

        parts = urlsplit(self.base_url)
        self._scheme = parts.scheme or "http"
        self._host = parts.hostname or "127.0.0.1"
        self._port = parts.port
        self._path_prefix = parts.path.rstrip("/")

        directory = offline_dir or os.environ.get("RUNLENS_OFFLINE_DIR") or DEFAULT_OFFLINE_DIR
        self._offline_path = os.path.abspath(os.path.join(directory, self.id + ".jsonl"))

        self._enqueue_locked("run", body, 0)
        if mode == "offline":
            self._offline_reason = "offline mode"
        self._thread = threading.Thread(target=self._loop, name="runlens-" + self.id, daemon=True)
        self._thread.start()
        with _registry_lock:
            _active_runs.append(self)
        if install_hooks:
            _install_hooks()

    # ---------------------------------------------------------------------------------------------------------
    # Public API

    def log(self, data: Mapping[str, Any], step: Optional[int] = None) -> None:
        """Log metric values at one step. ``step`` defaults to the last step + 1 (0 for the first call).

        Values that are not numbers are skipped with one warning per key. Never blocks on I/O, never raises.
        """
        if self._noop or self._discard:
            return
        try:
            self._log(data, step)
        except Exception as e:  # pragma: no cover - defensive: logging must never break training
            self._warn_once("log-internal", "runlens: log() failed internally: %r", e)

    def log_params(self, params: Any) -> None:
        """Add or update params (nested config; merged into the run's params on the server)."""
        if self._noop or self._discard:
            return
        try:
            clean = _Sanitizer(self._warn_once).top(params)
            if clean:
                self._enqueue("update", {"params": clean})
        except Exception as e:  # pragma: no cover
            self._warn_once("params-internal", "runlens: log_params() failed internally: %r", e)

    def summary(self, values: Mapping[str, Any]) -> None:
        """Set final metrics (merged into the run's summary), e.g. ``run.summary({"best_val": 1.2})``."""
        if self._noop or self._discard:
            return
        try:
            out = {}
            if not isinstance(values, collections.abc.Mapping):
                self._warn_once("summary-type", "runlens: summary() takes a dict, not %s", type(values).__name__)
                return
            for k, v in values.items():
                why = check_name(k, "summary key")
                if why is not None:
                    self._warn_once("summary-key:" + str(k)[:80], "runlens: dropping summary key %s: %s", _short(k), why)
                    continue
                ev = encode_value(v)
                if ev is _SKIP:
                    self._warn_once("summary-value:" + k[:80], "runlens: summary %r: %s is not a number; skipped",
                                    k, _short(v))
                    continue
                out[k] = ev
            if out:
                self._enqueue("update", {"summary": out})
        except Exception as e:  # pragma: no cover
            self._warn_once("summary-internal", "runlens: summary() failed internally: %r", e)

    def log_lines(self, lines: Any, stream: str = "stdout") -> None:
        """Record log lines (a string or an iterable of strings) for the run's terminal view."""
        if self._noop or self._discard:
            return
        try:
            if isinstance(lines, str):
                lines = lines.splitlines()
            if stream not in ("stdout", "stderr"):
                stream = "stdout"
            now = _ms_now()
            batch = []
            for line in lines:
                if not isinstance(line, str):
                    line = str(line)
                if len(line) > MAX_LOG_LINE_LENGTH:
                    line = line[:MAX_LOG_LINE_LENGTH]
                batch.append({"line": line, "stream": stream, "time": now})
            if batch:
                with self._lock:
                    if self._finished:
                        return
                    self._lines.extend(batch)
        except Exception as e:  # pragma: no cover
            self._warn_once("lines-internal", "runlens: log_lines() failed internally: %r", e)

    def log_histogram(self, key: str, values: Any = None, step: Optional[int] = None, edges: Any = None,
                      counts: Any = None, bins: int = 64) -> None:
        """Log a histogram at a step: from raw ``values`` (a list, nested lists, or a tensor/array with
        ``tolist()``), binned into ``bins`` equal buckets, or given as ``edges`` (one more than ``counts``).

        ``step`` defaults to the last metric step (0 before any). Never raises.
        """
        if self._noop or self._discard:
            return
        try:
            why = check_name(key, "histogram key")
            if why is not None:
                self._warn_once("hist-key:" + str(key)[:80], "runlens: histogram key %s: %s", _short(key), why)
                return
            if edges is not None and counts is not None:
                e = [float(x) for x in _flat_floats(edges)]
                c = [float(x) for x in _flat_floats(counts)]
                if len(e) != len(c) + 1 or not c:
                    self._warn_once("hist-shape:" + key[:80], "runlens: histogram %r: %d edges for %d counts "
                                    "(need one more edge than counts); skipped", key, len(e), len(c))
                    return
            else:
                e, c = _histogram(_flat_floats(values), max(1, int(bins)))
                if not c:
                    self._warn_once("hist-empty:" + key[:80], "runlens: histogram %r has no finite values; skipped", key)
                    return
            s = self._step if step is None else int(step)
            body = {"key": key, "step": max(0, s), "time": _ms_now(),
                    "edges": [encode_value(x) for x in e], "counts": c}
            self._enqueue("histograms", {"histograms": [body]})
        except Exception as e:
            self._warn_once("hist-internal", "runlens: log_histogram() failed: %r", e)

    def log_tensor(self, name: str, values: Any, step: Optional[int] = None, labels: Optional[List[str]] = None,
                   dtype: str = "float16") -> None:
        """Log one 2-D tensor snapshot (a tensor/array, or nested lists of rows) for the Parameters view."""
        if self._noop or self._discard:
            return
        try:
            s = self._step if step is None else int(step)
            self._submit_snapshot(_Snapshot(name, max(0, s), values, labels, dtype))
        except Exception as e:
            self._warn_once("tensor-internal", "runlens: log_tensor() failed: %r", e)

    def log_parameters(self, model: Any, every: int = 100, names: Optional[Iterable[str]] = None,
                       sample: int = 2048, step: Optional[int] = None,
                       labels: Optional[Mapping[str, List[str]]] = None, dtype: str = "float16",
                       max_overhead: float = 0.05) -> None:
        """Snapshot parameters for the Parameters view; call it every training step.

        ``model`` is anything with ``named_parameters()`` (a PyTorch module) or a mapping of name -> tensor /
        nested lists. Every ``every`` calls (adapted upwards so the time spent stays under ``max_overhead`` of the
        step time), each parameter whose name is in ``names`` (exactly, or as a prefix before ``.``; all 2-D ones
        without ``names``) has up to ``sample`` rows picked — the same rows every time, chosen by a seed from the
        name — copied on this thread, and converted to float16 and sent by a background thread through a small
        bounded queue (a snapshot is skipped, not waited for, when the queue is full). ``labels`` maps a
        parameter name to one label per row (e.g. the vocabulary); sampled rows keep theirs. Never raises.
        """
        if self._noop or self._discard:
            return
        try:
            now = time.perf_counter()
            st = self._param_state
            if st.last_call is not None:
                dt = now - st.last_call
                st.step_time = dt if st.step_time is None else 0.9 * st.step_time + 0.1 * dt
            st.last_call = now
            if st.every is None:
                st.every = max(1, int(every))
            st.calls += 1
            s = (self._step if self._step >= 0 else st.calls - 1) if step is None else int(step)
            if (st.calls - 1) % st.every != 0:
                return
            wanted = None if names is None else list(names)
            items = _named_tensors(model)
            for pname, tensor in items:
                if wanted is not None and not any(pname == n or pname.startswith(n + ".") for n in wanted):
                    continue
                rows = _row_count(tensor)
                if rows is None or (wanted is None and _ndim(tensor) != 2):
                    continue
                idx = _sample_rows(pname, rows, int(sample))
                row_labels = None
                if labels is not None:
                    lab = labels.get(pname)
                    if lab is None:
                        for n, v in labels.items():
                            if pname.startswith(n + "."):
                                lab = v
                    if lab is not None and len(lab) == rows:
                        row_labels = [str(lab[i]) for i in idx] if idx is not None else [str(x) for x in lab]
                if row_labels is None and idx is not None:
                    row_labels = ["#%d" % i for i in idx]
                self._submit_snapshot(_Snapshot(pname, max(0, s), _take_rows(tensor, idx), row_labels, dtype))
            cost = time.perf_counter() - now + st.bg_time
            st.bg_time = 0.0
            st.cost = cost if st.cost is None else 0.7 * st.cost + 0.3 * cost
            if st.step_time:
                # a snapshot every k steps costs cost/k per step: keep that under max_overhead of a step
                need = int(math.ceil(st.cost / (max(1e-6, max_overhead) * st.step_time)))
                if need > st.every:
                    st.every = need
        except Exception as e:
            self._warn_once("params-snapshot", "runlens: log_parameters() failed; training goes on: %r", e)

    def parameter_stats(self) -> Dict[str, float]:
        """How parameter snapshots cost: the current interval, the snapshot cost and the overhead share."""
        st = self._param_state
        cost, step_time, every = st.cost, st.step_time, st.every or 0
        overhead = (cost / every / step_time) if cost and step_time and every else 0.0
        return {"every": every, "snapshot_ms": (cost or 0.0) * 1000, "step_ms": (step_time or 0.0) * 1000,
                "overhead": overhead, "sent": st.sent, "skipped": st.skipped, "background_ms": st.bg_total * 1000}

    def _drain_params(self, timeout: Optional[float]) -> None:
        """Wait (bounded) until queued parameter snapshots are encoded and in the outbox."""
        if self._param_thread is None:
            return
        deadline = time.monotonic() + (10.0 if timeout is None else max(0.0, timeout))
        while self._param_queue.unfinished_tasks > 0 and time.monotonic() < deadline:
            time.sleep(0.005)

    def _submit_snapshot(self, snap: "_Snapshot") -> None:
        with self._lock:
            if self._finished:
                return
            if self._param_thread is None:
                self._param_thread = threading.Thread(target=self._param_loop, name="runlens-params-" + self.id,
                                                      daemon=True)
                self._param_thread.start()
        try:
            self._param_queue.put_nowait(snap)
        except queue.Full:
            self._param_state.skipped += 1
            self._warn_once("params-queue", "runlens: parameter snapshots arrive faster than they are sent; "
                            "skipping some (raise `every`)")

    def _param_loop(self) -> None:
        while True:
            snap = self._param_queue.get()
            if snap is None:
                return
            t0 = time.perf_counter()
            try:
                body = _encode_snapshot(snap)
                if body is not None:
                    self._enqueue("tensor", {"name": snap.name, "step": snap.step, "_bytes": body})
                    self._param_state.sent += 1
            except Exception as e:
                self._warn_once("params-encode", "runlens: cannot encode parameter snapshot %s: %r", snap.name, e)
            finally:
                spent = time.perf_counter() - t0
                self._param_state.bg_time += spent
                self._param_state.bg_total += spent
                self._param_queue.task_done()

    def flush(self, timeout: Optional[float] = None) -> bool:
        """Wait until everything logged so far is acknowledged by the server (or written to the offline file).

        Returns True when it was, False on timeout. ``timeout=None`` waits as long as it takes (which is bounded:
        after ``offline_after`` seconds of failures the data goes to the offline file).
        """
        if self._noop or self._thread is None:
            return True
        self._drain_params(timeout)
        with self._lock:
            self._cut_locked()
            target = self._seq
        self._wake.set()
        return self._wait_done(target, timeout)

    def finish(
        self,
        status: str = "completed",
        exit_code: Optional[int] = None,
        error: Optional[str] = None,
        timeout: Optional[float] = None,
    ) -> bool:
        """End the run: flush everything, then set its status (completed | failed | killed | crashed).

        Waits at most ``timeout`` seconds (default ``finish_timeout``, 10 s); whatever is still unsent then goes
        to the offline file. Calling it again does nothing. Returns True when everything was delivered.
        """
        if self._noop or self._thread is None:
            return True
        self._drain_params(self._finish_timeout if timeout is None else float(timeout))
        with self._lock:
            if self._finished:
                return True
            self._finished = True
        try:
            if os.getpid() != self._pid:
                return True
            if status not in ("running", "completed", "failed", "killed", "crashed"):
                self._warn_once("status", "runlens: unknown status %r; using 'failed'", status)
                status = "failed"
            body: Dict[str, Any] = {"status": status, "endTime": _ms_now(), "heartbeat": True}
            if exit_code is not None:
                try:
                    body["exitCode"] = int(exit_code)
                except Exception:
                    pass
            if error is not None:
                text = str(error)
                body["error"] = text if len(text) <= MAX_NOTES_LENGTH else text[-MAX_NOTES_LENGTH:]
            with self._lock:
                self._cut_locked()
                self._enqueue_locked("update", body, 0)
                target = self._seq
                self._stopping = True
            self._wake.set()
            wait = self._finish_timeout if timeout is None else float(timeout)
            ok = self._wait_done(target, wait)
            if not ok:
                self._spill("finish() waited %.1f s for the server" % wait)
                ok = False
            self._thread.join(timeout=1.0)
            self._close_file()
            return ok
        finally:
            with _registry_lock:
                if self in _active_runs:
                    _active_runs.remove(self)

    def stats(self) -> Dict[str, Any]:
        """Counters: points ``sent`` (acknowledged), ``buffered`` (not yet sent), ``dropped``, ``retries``
        (failed requests retried), ``offline_file`` (path once anything was written there, else None),
        ``offline_points`` (points written to it) and ``mode``."""
        with self._lock:
            return {
                "sent": self._stats["sent"],
                "buffered": self._buf_points + self._outbox_points,
                "dropped": self._stats["dropped"],
                "retries": self._stats["retries"],
                "offline_file": self.offline_file,
                "offline_points": self._stats["offline_points"],
                "mode": self.mode,
            }

    def __enter__(self) -> "Run":
        return self

    def __exit__(self, etype, value, tb) -> bool:  # type: ignore[no-untyped-def]
        if etype is None:
            self.finish()
        else:
            status = "killed" if issubclass(etype, KeyboardInterrupt) else "failed"
            text = "".join(traceback.format_exception(etype, value, tb))
            self.finish(status=status, error=text)
        return False

    def __repr__(self) -> str:
        return "<runlens.Run %s project=%r mode=%s>" % (self.id, self.project, self.mode)

    # ---------------------------------------------------------------------------------------------------------
    # Logging side (caller's thread)

    def _warn_once(self, key: str, msg: str, *args: Any) -> None:
        if key in self._warned:
            return
        if len(self._warned) < 10000:
            self._warned.add(key)
        logger.warning(msg, *args)

    def _key_valid(self, k: Any) -> bool:
        ok = self._key_ok.get(k) if isinstance(k, str) else None
        if ok is not None:
            return ok
        why = check_name(k, "metric key")
        ok = why is None
        if isinstance(k, str) and len(self._key_ok) < 100000:
            self._key_ok[k] = ok
        if not ok:
            self._warn_once("key:" + _short(k, 80), "runlens: skipping metric key %s: %s", _short(k), why)
        return ok

    def _log(self, data: Any, step: Any) -> None:
        if type(data) is not dict and not isinstance(data, collections.abc.Mapping):
            self._warn_once("log-type", "runlens: log() takes a dict of {key: number}, not %s", type(data).__name__)
            return
        if step is not None:
            try:
                if isinstance(step, bool):
                    raise TypeError("bool")
                step = step.__index__() if not isinstance(step, int) else int(step)
            except Exception:
                self._warn_once("step-type", "runlens: step must be an integer, not %s; log() call skipped",
                                _short(step))
                return
            if step < 0 or step > MAX_STEP:
                self._warn_once("step-range", "runlens: step %d is out of range [0, 2**53-1]; log() call skipped", step)
                return
        now = time.time() * 1000.0
        pairs = []
        key_ok = self._key_ok
        for k, v in data.items():
            if key_ok.get(k) is not True and not self._key_valid(k):  # .get: unhashable keys cannot occur in a dict
                continue
            if type(v) is float and v - v == 0.0:  # the common case: a finite Python float
                pairs.append((k, v))
                continue
            ev = encode_value(v)
            if ev is _SKIP:
                self._warn_once("value:" + k, "runlens: %r: %s is not a number; skipped (warned once per key)",
                                k, _short(v))
                continue
            pairs.append((k, ev))
        with self._lock:
            finished = self._finished
            if not finished:
                s = self._step + 1 if step is None else step
                self._step = s
                n = len(pairs)
                buf = self._buf
                for k, ev in pairs:
                    cols = buf.get(k)
                    if cols is None:
                        cols = buf[k] = ([], [], [])
                    cols[0].append(s)
                    cols[1].append(ev)
                    cols[2].append(now)
                self._buf_points += n
                pending = self._buf_points + self._outbox_points
                if n and (self._buf_points >= self._flush_points or pending > self._max_buffered):
                    self._wake.set()
                spill_here = n and pending > self._hard_cap and self.mode == "online"
        # warnings and file I/O outside the lock: a logging handler may itself call into this run
        if finished:
            self._warn_once("after-finish", "runlens: log() after finish() is ignored")
        elif spill_here:
            # The background thread cannot keep up (stuck in a request to a hanging server, or logging outruns it):
            # rather than grow without bound or drop points, write them to the offline file from here, once.
            self._spill("more than %d points were waiting for the server" % self._hard_cap)

    def _enqueue(self, kind: str, body: Dict[str, Any]) -> None:
        with self._lock:
            finished = self._finished
            if not finished:
                self._cut_locked()
                self._enqueue_locked(kind, body, 0)
        if finished:
            self._warn_once("after-finish-" + kind, "runlens: %s after finish() is ignored", kind)
            return
        self._wake.set()

    def _enqueue_locked(self, kind: str, body: Dict[str, Any], points: int) -> None:
        self._seq += 1
        self._outbox.append(_Item(kind, body, points, self._seq))
        self._outbox_points += points

    def _cut_locked(self) -> None:
        """Move the buffered points (and log lines) into the outbox as batches, keeping their order."""
        if self._buf_points:
            buf, n = self._buf, self._buf_points
            self._buf, self._buf_points = {}, 0
            if n <= MAX_BATCH_POINTS:
                series = [{"key": k, "steps": c[0], "values": c[1], "times": c[2]} for k, c in buf.items()]
                self._enqueue_locked("metrics", {"series": series}, n)
            else:
                series, count = [], 0
                for k, c in buf.items():
                    i, total = 0, len(c[0])
                    while i < total:
                        take = min(total - i, MAX_BATCH_POINTS - count)
                        series.append({"key": k, "steps": c[0][i:i + take], "values": c[1][i:i + take],
                                       "times": c[2][i:i + take]})
                        count += take
                        i += take
                        if count >= MAX_BATCH_POINTS:
                            self._enqueue_locked("metrics", {"series": series}, count)
                            series, count = [], 0
                if series:
                    self._enqueue_locked("metrics", {"series": series}, count)
        if self._lines:
            lines, self._lines = self._lines, []
            for i in range(0, len(lines), MAX_BATCH_LINES):
                self._enqueue_locked("logs", {"lines": lines[i:i + MAX_BATCH_LINES]}, 0)

    def _wait_done(self, target: int, timeout: Optional[float]) -> bool:
        deadline = None if timeout is None else time.monotonic() + max(0.0, timeout)
        with self._cond:
            while self._done_seq < target:
                if self._thread is None or not self._thread.is_alive():
                    return self._done_seq >= target
                if deadline is None:
                    self._cond.wait(0.5)
                else:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        return False
                    self._cond.wait(min(left, 0.5))
            return True

    def _finish_at_exit(self) -> None:
        failure = self._exit_failure
        if failure is not None:
            self.finish(status=failure[0], error=failure[1], exit_code=failure[2])
        else:
            self.finish(status="completed")

    # ---------------------------------------------------------------------------------------------------------
    # Background thread

    def _loop(self) -> None:
        try:
            if self._git:
                self._detect_git()
            if self.mode == "offline":
                self._spill(None)
            while True:
                self._wake.wait(self._flush_interval)
                self._wake.clear()
                with self._lock:
                    self._cut_locked()
                    stopping = self._stopping
                    if (
                        self.mode == "online"
                        and self._created
                        and not self._outbox
                        and not stopping
                        and time.monotonic() - self._last_contact >= self._heartbeat_interval
                    ):
                        self._enqueue_locked("update", {"heartbeat": True}, 0)
                if self.mode == "online":
                    self._drain_online()
                elif self.mode == "offline":
                    self._spill(None)
                else:  # refused by the server
                    self._discard_all()
                with self._lock:
                    if stopping and not self._outbox and not self._buf_points and not self._lines:
                        break
        except Exception as e:  # pragma: no cover - last resort: never die silently with data in memory
            logger.warning("runlens: background thread failed: %r; writing what is left to the offline file", e)
            try:
                self._spill("internal error")
            except Exception:
                pass
        finally:
            self._close_conn()
            with self._cond:
                self._cond.notify_all()

    def _detect_git(self) -> None:
        try:
            env = dict(os.environ, GIT_TERMINAL_PROMPT="0", GIT_OPTIONAL_LOCKS="0")
            out = subprocess.run(["git", "rev-parse", "HEAD"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                 timeout=2, env=env, check=False)
            commit = out.stdout.decode("ascii", "replace").strip()
            if out.returncode != 0 or not re.match(r"^[0-9a-f]{7,64}$", commit):
                return
            dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], stdout=subprocess.PIPE,
                                   stderr=subprocess.DEVNULL, timeout=2, env=env, check=False)
            with self._lock:
                self._create_body["gitCommit"] = commit
                if dirty.returncode == 0:
                    self._create_body["gitDirty"] = bool(dirty.stdout.strip())
        except Exception:
            return

    def _drain_online(self) -> None:
        while True:
            with self._lock:
                if self.mode != "online" or not self._outbox:
                    return
                item = self._outbox[0]
            outcome, info = self._send(item)
            with self._cond:
                if self.mode != "online" or not self._outbox or self._outbox[0] is not item:
                    return  # spilled to the offline file while the request was in flight
                if outcome == "ok":
                    self._pop_done_locked(item)
                    self._stats["sent"] += item.points
                    self._fail_since = None
                    self._attempt = 0
                    self._last_contact = time.monotonic()
                    if item.kind == "run":
                        self._created = True
                    continue
                if outcome == "drop":
                    self._pop_done_locked(item)
                    self._stats["dropped"] += item.points
                    self._fail_since = None
                    self._attempt = 0
                    if item.kind == "run":
                        self._discard = True
                        self.mode = "refused"
                    refused_run = item.kind == "run"
                else:
                    refused_run = False
            if outcome == "drop":
                self._warn_once(
                    "http-%s-%s" % (item.kind, info.get("status")),
                    "runlens: the server rejected %s (HTTP %s%s)%s; not retried",
                    "the run" if item.kind == "run" else "a %s batch (%d points)" % (item.kind, item.points),
                    info.get("status"),
                    (": " + info["message"]) if info.get("message") else "",
                    "; nothing more will be sent for run " + self.id if refused_run else "",
                )
                if refused_run:
                    self._discard_all()
                    return
                continue
            if outcome == "auth":
                self._spill("the server refused the token (HTTP %s%s)" % (
                    info.get("status"), (": " + info["message"]) if info.get("message") else ""))
                return
            # retry
            with self._lock:
                self._stats["retries"] += 1
                now = time.monotonic()
                if self._fail_since is None:
                    self._fail_since = now
                failing_for = now - self._fail_since
                self._attempt += 1
                attempt = self._attempt
                overflow = self._buf_points + self._outbox_points > self._max_buffered
            if attempt == 1:
                logger.debug("runlens: request failed (%s); retrying", info.get("reason"))
            if failing_for >= self._offline_after:
                self._spill("the server at %s has been unreachable for %.0f s (%s)" % (
                    self.base_url, failing_for, info.get("reason")))
                return
            if overflow:
                self._spill("more than %d points are waiting while the server fails (%s)" % (
                    self._max_buffered, info.get("reason")))
                return
            delay = min(5.0, 0.1 * (2 ** min(attempt, 10))) * random.uniform(0.5, 1.5)
            ra = info.get("retry_after")
            if ra is not None:
                delay = max(delay, min(ra, 10.0))
            delay = min(delay, max(0.05, self._offline_after - failing_for))
            deadline = time.monotonic() + delay
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                if self._wake.wait(left):
                    self._wake.clear()
                    with self._lock:
                        if self.mode != "online":
                            return
                        if self._buf_points + self._outbox_points > self._max_buffered:
                            break

    def _pop_done_locked(self, item: _Item) -> None:
        self._outbox.popleft()
        self._outbox_points -= item.points
        self._done_seq = item.seq
        self._cond.notify_all()

    def _path_for(self, item: _Item) -> Tuple[str, str]:
        rid = quote(self.id, safe="")
        if item.kind == "run":
            return "POST", "/api/v1/runs"
        if item.kind == "metrics":
            return "POST", "/api/v1/runs/%s/metrics" % rid
        if item.kind == "logs":
            return "POST", "/api/v1/runs/%s/logs" % rid
        if item.kind == "histograms":
            return "POST", "/api/v1/runs/%s/histograms" % rid
        if item.kind == "tensor":
            return "POST", "/api/v1/runs/%s/tensors" % rid
        return "PATCH", "/api/v1/runs/%s" % rid

    def _send(self, item: _Item) -> Tuple[str, Dict[str, Any]]:
        """One attempt: ("ok" | "drop" | "auth" | "retry", info)."""
        if item.kind == "run":
            with self._lock:
                body = dict(self._create_body)
        else:
            body = item.body
        content_type = "application/json"
        try:
            if item.kind == "tensor":
                payload, content_type = body["_bytes"], "application/octet-stream"
            else:
                payload = json.dumps(body, allow_nan=False, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
        except (TypeError, ValueError) as e:
            return "drop", {"status": "(not sent)", "message": "could not encode the batch as JSON: %s" % e}
        method, path = self._path_for(item)
        try:
            res = self._http(method, path, payload, content_type)
        except (OSError, http.client.HTTPException, ssl.SSLError) as e:
            return "retry", {"reason": "%s: %s" % (type(e).__name__, e)}
        info: Dict[str, Any] = {"status": res.status}
        if 200 <= res.status < 300 or (item.kind == "run" and res.status == 409):
            return "ok", info
        try:
            err = json.loads(res.data.decode("utf-8", "replace"))["error"]
            info["message"] = "%s: %s" % (err.get("code"), err.get("message"))
            if err.get("details"):
                info["message"] += " " + json.dumps(err["details"], ensure_ascii=True)[:500]
        except Exception:
            info["message"] = res.data[:200].decode("utf-8", "replace").strip()
        info["reason"] = "HTTP %d %s" % (res.status, info.get("message", ""))
        if res.retry_after is not None:
            try:
                info["retry_after"] = float(res.retry_after)
            except ValueError:
                pass
        if res.status in (401, 403):
            return "auth", info
        if res.status >= 500 or res.status in (408, 429):
            return "retry", info
        return "drop", info

    def _http(self, method: str, path: str, payload: bytes, content_type: str = "application/json") -> _HttpResult:
        headers = {
            "Content-Type": content_type,
            "Accept": "application/json",
            "User-Agent": "runlens-python/" + __version__,
        }
        if self._token:
            headers["Authorization"] = "Bearer " + self._token
        for attempt in (0, 1):
            reused = self._conn is not None
            if self._conn is None:
                if self._scheme == "https":
                    conn: http.client.HTTPConnection = http.client.HTTPSConnection(
                        self._host, self._port, timeout=self._connect_timeout, context=ssl.create_default_context())
                else:
                    conn = http.client.HTTPConnection(self._host, self._port, timeout=self._connect_timeout)
                conn.connect()
                if conn.sock is not None:
                    conn.sock.settimeout(self._request_timeout)
                self._conn = conn
            conn = self._conn
            try:
                conn.request(method, self._path_prefix + path, body=payload, headers=headers)
                resp = conn.getresponse()
                data = resp.read()
            except (OSError, http.client.HTTPException):
                self._close_conn()
                # A kept-alive connection the server closed while idle fails on first use: retry once, at once.
                if reused and attempt == 0:
                    continue
                raise
            with self._lock:
                self._stats["requests"] += 1
            if resp.will_close:
                self._close_conn()
            return _HttpResult(resp.status, data, resp.getheader("Retry-After"))
        raise OSError("unreachable")  # pragma: no cover

    def _close_conn(self) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except Exception:
                pass

    # ---------------------------------------------------------------------------------------------------------
    # Offline file

    def _spill(self, reason: Optional[str]) -> None:
        """Switch to offline mode (if not already) and write everything waiting to the JSONL file, in order."""
        with self._file_lock:
            with self._cond:
                if self.mode == "refused":
                    items: List[_Item] = []
                else:
                    if self.mode == "online":
                        self.mode = "offline"
                        self._offline_reason = reason
                    self._cut_locked()
                    items = list(self._outbox)
                    points = self._outbox_points
                    self._outbox.clear()
                    self._outbox_points = 0
            if not items:
                return
            ok = self._write_offline(items)
            with self._cond:
                if ok:
                    self._stats["offline_points"] += points
                else:
                    self._stats["dropped"] += points
                self._done_seq = max(self._done_seq, items[-1].seq)
                self._cond.notify_all()

    def _write_offline(self, items: List[_Item]) -> bool:
        dumps = json.dumps
        try:
            if self._file is None:
                directory = os.path.dirname(self._offline_path)
                os.makedirs(directory, exist_ok=True)
                self._file = open(self._offline_path, "a", encoding="utf-8")
                with self._lock:
                    self.offline_file = self._offline_path
                logger.warning(
                    "runlens: %s; run %s is being written to %s; upload it later with `runlens sync %s`",
                    self._offline_reason or "offline", self.id, self._offline_path, self._offline_path)
            f = self._file
            if not self._file_has_run:
                with self._lock:
                    body = dict(self._create_body)
                f.write(dumps({"type": "run", "run": body}, allow_nan=False, separators=(",", ":"),
                              ensure_ascii=True) + "\n")
                self._file_has_run = True
            for it in items:
                if it.kind == "run":
                    continue
                if it.kind == "update" and it.body == {"heartbeat": True}:
                    continue
                if it.kind in ("tensor", "histograms"):
                    # the offline format (runlens sync) carries runs, metrics, updates and logs only
                    self._warn_once("offline-" + it.kind, "runlens: %s are not kept in the offline file", it.kind)
                    continue
                f.write(dumps({"type": it.kind, "run": self.id, "body": it.body}, allow_nan=False,
                              separators=(",", ":"), ensure_ascii=True) + "\n")
            f.flush()
            return True
        except Exception as e:
            self._warn_once("offline-write", "runlens: cannot write the offline file %s: %r; data is lost",
                            self._offline_path, e)
            return False

    def _close_file(self) -> None:
        with self._file_lock:
            f, self._file = self._file, None
            if f is not None:
                try:
                    f.flush()
                    os.fsync(f.fileno())
                except Exception:
                    pass
                try:
                    f.close()
                except Exception:
                    pass
                if self.mode == "offline" and self._stopping:
                    logger.info("runlens: run %s saved offline to %s; upload it with `runlens sync %s`",
                                   self.id, self._offline_path, self._offline_path)

    def _discard_all(self) -> None:
        with self._cond:
            self._cut_locked()
            if self._outbox:
                self._stats["dropped"] += self._outbox_points
                self._done_seq = max(self._done_seq, self._outbox[-1].seq)
                self._outbox.clear()
                self._outbox_points = 0
            self._cond.notify_all()


# --------------------------------------------------------------------------------------------------------------
# Tensor snapshots and histograms (duck-typed: PyTorch tensors, NumPy arrays, nested lists)


class _Snapshot(object):
    """One tensor snapshot waiting for the background thread; `values` is a copy (tensor, array or row lists)."""

    __slots__ = ("name", "step", "values", "labels", "dtype")

    def __init__(self, name: str, step: int, values: object, labels: Optional[List[str]], dtype: str) -> None:
        self.name, self.step, self.values, self.labels, self.dtype = name, step, values, labels, dtype


class _ParamState(object):
    """How `log_parameters` paces itself: the call count, the adapted interval and the measured costs (seconds)."""

    __slots__ = ("every", "calls", "last_call", "step_time", "cost", "bg_time", "bg_total", "sent", "skipped")

    def __init__(self) -> None:
        self.every: Optional[int] = None
        self.calls = 0
        self.last_call: Optional[float] = None
        # moving averages of the time between calls and of one snapshot's cost (both threads)
        self.step_time: Optional[float] = None
        self.cost: Optional[float] = None
        # background encoding time not yet charged to a snapshot, and in all
        self.bg_time = 0.0
        self.bg_total = 0.0
        self.sent = 0
        self.skipped = 0


def _named_tensors(model: Any) -> List[Tuple[str, Any]]:
    if hasattr(model, "named_parameters"):
        return [(str(n), p) for n, p in model.named_parameters()]
    if isinstance(model, collections.abc.Mapping):
        return [(str(n), p) for n, p in model.items()]
    raise TypeError("log_parameters() takes a module with named_parameters() or a dict of name -> tensor, not %s"
                    % type(model).__name__)


def _ndim(t: Any) -> int:
    if hasattr(t, "ndim"):
        return int(t.ndim)
    if hasattr(t, "dim"):
        return int(t.dim())
    n = 0
    while isinstance(t, (list, tuple)):
        n += 1
        if not t:
            break
        t = t[0]
    return n


def _row_count(t: Any) -> Optional[int]:
    shape = getattr(t, "shape", None)
    if shape is not None:
        return int(shape[0]) if len(shape) >= 1 else None
    if isinstance(t, (list, tuple)):
        return len(t)
    return None


def _sample_rows(name: str, rows: int, sample: int) -> Optional[List[int]]:
    """The same `sample` row indices every time for one name (seeded by the name), ascending; None for all."""
    if sample <= 0 or rows <= sample:
        return None
    rng = random.Random(zlib.crc32(name.encode("utf-8")))
    return sorted(rng.sample(range(rows), sample))


def _take_rows(t: Any, idx: Optional[List[int]]) -> Any:
    """A copy of the chosen rows, taken now on the caller's thread (the optimizer may change them next)."""
    if hasattr(t, "detach"):
        d = t.detach()
        # indexing with a list copies (PyTorch and NumPy alike); without sampling, clone
        d = d[idx] if idx is not None else (d.clone() if hasattr(d, "clone") else d)
        return d.cpu() if hasattr(d, "cpu") else d
    if hasattr(t, "copy") and hasattr(t, "shape") and not isinstance(t, (list, tuple)):
        return t[idx].copy() if idx is not None else t.copy()
    rows = list(t)
    return [list(rows[i]) if isinstance(rows[i], (list, tuple)) else rows[i]
            for i in (idx if idx is not None else range(len(rows)))]


def _flat_floats(v: Any) -> List[float]:
    if hasattr(v, "detach"):
        v = v.detach()
    if hasattr(v, "cpu"):
        v = v.cpu()
    if hasattr(v, "reshape") and hasattr(v, "tolist"):
        return list(v.reshape(-1).tolist())
    if hasattr(v, "tolist"):
        v = v.tolist()
    out: List[float] = []
    stack = [v]
    while stack:
        x = stack.pop()
        if isinstance(x, (list, tuple)):
            stack.extend(reversed(x))
        else:
            out.append(float(x))
    return out


def _histogram(values: List[float], bins: int) -> Tuple[List[float], List[float]]:
    finite = [x for x in values if math.isfinite(x)]
    if not finite:
        return [], []
    lo, hi = min(finite), max(finite)
    if hi == lo:
        lo, hi = lo - 0.5, hi + 0.5
    width = (hi - lo) / bins
    counts = [0.0] * bins
    for x in finite:
        i = int((x - lo) / width)
        counts[min(bins - 1, max(0, i))] += 1
    return [lo + i * width for i in range(bins)] + [hi], counts


def _encode_snapshot(snap: _Snapshot) -> Optional[bytes]:
    """The RLT1 body (docs/api.md): magic, header length, JSON header, little-endian float16/float32 values."""
    v = snap.values
    dtype = "float16" if snap.dtype == "float16" else "float32"
    if hasattr(v, "numpy"):
        v = v.numpy()
    if hasattr(v, "astype") and hasattr(v, "shape") and hasattr(v, "tobytes"):
        shape = [int(x) for x in v.shape]
        if len(shape) == 1:
            shape = [shape[0], 1]
        if len(shape) != 2:
            shape = [shape[0], int(v.size // max(1, shape[0]))]
        data = v.astype("<f2" if dtype == "float16" else "<f4").tobytes()
    else:
        rows = v if isinstance(v, (list, tuple)) else list(v)
        cols = len(rows[0]) if rows and isinstance(rows[0], (list, tuple)) else 1
        flat = _flat_floats(rows)
        if len(flat) != len(rows) * cols:
            raise ValueError("rows of %s have different lengths" % snap.name)
        shape = [len(rows), cols]
        if dtype == "float16":
            # struct's 'e' is IEEE half precision; values beyond its range saturate like the server's
            flat = [max(-65504.0, min(65504.0, x)) if math.isfinite(x) else x for x in flat]
            data = struct.pack("<%de" % len(flat), *flat)
        else:
            arr = array.array("f", flat)
            if sys.byteorder != "little":
                arr.byteswap()
            data = arr.tobytes()
    header: Dict[str, object] = {"name": snap.name, "step": snap.step, "dtype": dtype, "shape": shape}
    if snap.labels is not None and len(snap.labels) == shape[0]:
        header["labels"] = [str(x)[:256] for x in snap.labels]
    h = json.dumps(header, separators=(",", ":"), ensure_ascii=True).encode("utf-8")
    return struct.pack("<4sI", b"RLT1", len(h)) + h + data


# --------------------------------------------------------------------------------------------------------------
# Entry point


def init(
    project: Optional[str] = None,
    name: Optional[str] = None,
    config: Any = None,
    group: Optional[str] = None,
    tags: Optional[Iterable[str]] = None,
    url: Optional[str] = None,
    token: Optional[str] = None,
    *,
    notes: Optional[str] = None,
    mode: Optional[str] = None,
    offline_dir: Optional[str] = None,
    **options: Any,
) -> Run:
    """Start a run and return it. Returns at once: the run is created on the server in the background.

    ``project`` defaults to RUNLENS_PROJECT, then "default"; ``url`` to RUNLENS_URL, then
    http://127.0.0.1:7878; ``token`` to RUNLENS_TOKEN; ``mode`` ("online" | "offline" | "disabled") to
    RUNLENS_MODE, then "online"; ``offline_dir`` to RUNLENS_OFFLINE_DIR, then ./.runlens/offline.
    ``config`` is a nested dict (or argparse.Namespace / dataclass) of hyperparameters.

    Tuning keywords (``options``): flush_interval=0.2, flush_points=10000, max_buffered_points=1000000,
    offline_after=10.0 (seconds of failures before going offline), heartbeat_interval=15.0,
    connect_timeout=2.0, request_timeout=30.0, finish_timeout=10.0, git=True, install_hooks=True (finish at
    exit, mark failed on an uncaught exception), run_id=None.

    Raises ValueError for a project, name, group or tag the server would refuse, or an unknown mode.
    """
    env = os.environ
    mode = (mode or env.get("RUNLENS_MODE") or "online").strip().lower()
    if mode not in ("online", "offline", "disabled"):
        raise ValueError("runlens.init: mode must be online, offline or disabled, not %r" % mode)
    if project is None:
        project = env.get("RUNLENS_PROJECT") or "default"
    url = url or env.get("RUNLENS_URL") or DEFAULT_URL
    token = token or env.get("RUNLENS_TOKEN") or None
    if mode == "disabled":
        return Run(project=str(project), mode="disabled", **_only_known(options))

    for value, what, limit in ((project, "project name", MAX_NAME_LENGTH), (name, "run name", MAX_NAME_LENGTH),
                               (group, "group", MAX_KEY_LENGTH)):
        if value is None and what != "project name":
            continue
        why = check_name(value, what, limit)
        if why is not None:
            raise ValueError("runlens.init: " + why)
    tag_list: Optional[List[str]] = None
    if tags is not None:
        if isinstance(tags, str):
            tags = [tags]
        tag_list = []
        for t in tags:
            why = check_name(t, "tag")
            if why is not None:
                raise ValueError("runlens.init: " + why)
            if t not in tag_list:
                tag_list.append(t)
        if len(tag_list) > MAX_TAGS:
            raise ValueError("runlens.init: %d tags; the limit is %d" % (len(tag_list), MAX_TAGS))
    if notes is not None and len(notes) > MAX_NOTES_LENGTH:
        notes = notes[:MAX_NOTES_LENGTH]
    run_id = options.get("run_id")
    if run_id is not None and not (isinstance(run_id, str) and _ULID_RE.fullmatch(run_id)):
        raise ValueError("runlens.init: run_id must be a 26-character ULID (Crockford base32, upper case), not %r"
                         % (run_id,))
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError("runlens.init: url must look like http://host:port, not %r" % url)
    return Run(project=project, name=name, config=config, group=group, tags=tag_list, notes=notes, url=url,
               token=token, mode=mode, offline_dir=offline_dir, **_only_known(options))


_OPTIONS = ("run_id", "flush_interval", "flush_points", "max_buffered_points", "offline_after", "heartbeat_interval",
            "connect_timeout", "request_timeout", "finish_timeout", "git", "install_hooks")


def _only_known(options: Dict[str, Any]) -> Dict[str, Any]:
    unknown = sorted(set(options) - set(_OPTIONS))
    if unknown:
        raise TypeError("runlens.init: unknown keyword argument(s): %s" % ", ".join(unknown))
    return options

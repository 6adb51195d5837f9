"""Unit tests of the runlens Python client against an in-process fake server (fake_server.py)."""

from __future__ import annotations

import ast
import decimal
import fractions
import json
import logging
import math
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import types
import unittest
from unittest import mock

from fake_server import CLIENT_DIR, FakeServer, free_port, read_jsonl

import runlens

ULID_ALPHABET = set("0123456789ABCDEFGHJKMNPQRSTVWXYZ")


def decode(v):
    """Wire value -> float."""
    if v == "NaN":
        return float("nan")
    if v == "Infinity":
        return float("inf")
    if v == "-Infinity":
        return float("-inf")
    assert isinstance(v, (int, float)) and not isinstance(v, bool), v
    return float(v)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or a == b


class ClientTestCase(unittest.TestCase):
    """Each test gets a clean environment, a temp offline dir and a fake server."""

    responder = None

    def setUp(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLENS_")}
        patcher = mock.patch.dict(os.environ, env, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.tmp = tempfile.mkdtemp(prefix="runlens-py-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.server = FakeServer(self.responder)
        self.addCleanup(self.server.close)
        self.runs = []
        self.addCleanup(self._finish_runs)

    def _finish_runs(self):
        for r in self.runs:
            r.finish(timeout=2)

    def init(self, **kw):
        kw.setdefault("project", "demo")
        kw.setdefault("url", self.server.url)
        kw.setdefault("offline_dir", self.tmp)
        kw.setdefault("git", False)
        kw.setdefault("install_hooks", False)
        kw.setdefault("offline_after", 5.0)
        run = runlens.init(**kw)
        self.runs.append(run)
        return run

    def wait_for(self, pred, timeout=5.0, msg="condition"):
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if pred():
                return
            time.sleep(0.02)
        self.fail("timed out waiting for " + msg)


class PureHelpersTest(unittest.TestCase):
    def test_ulid_shape_uniqueness_and_order(self):
        ids = [runlens.new_ulid() for _ in range(2000)]
        self.assertEqual(len(set(ids)), 2000)
        for i in ids:
            self.assertEqual(len(i), 26)
            self.assertTrue(set(i) <= ULID_ALPHABET, i)
            self.assertLessEqual(i[0], "7")  # 130 bits: the top character holds 3 bits
        self.assertLess(runlens.new_ulid(1000), runlens.new_ulid(1001))
        self.assertTrue(runlens.new_ulid(0).startswith("0000000000"))
        # 48-bit time prefix decodes back to the timestamp
        ms = 1712345678901
        prefix = runlens.new_ulid(ms)[:10]
        n = 0
        for c in prefix:
            n = n * 32 + "0123456789ABCDEFGHJKMNPQRSTVWXYZ".index(c)
        self.assertEqual(n, ms)

    def test_encode_value(self):
        enc = runlens.encode_value
        skip = runlens._SKIP
        self.assertEqual(enc(0.5), 0.5)
        self.assertEqual(enc(float("nan")), "NaN")
        self.assertEqual(enc(float("inf")), "Infinity")
        self.assertEqual(enc(float("-inf")), "-Infinity")
        self.assertEqual(enc(True), 1.0)
        self.assertEqual(enc(False), 0.0)
        self.assertEqual(enc(3), 3.0)
        self.assertIs(enc(10 ** 400), skip)
        self.assertEqual(enc(decimal.Decimal("1.25")), 1.25)
        self.assertEqual(enc(decimal.Decimal("NaN")), "NaN")
        self.assertEqual(enc(fractions.Fraction(1, 4)), 0.25)

        class Scalar(object):  # numpy scalar / torch 0-d tensor stand-in
            def __init__(self, v):
                self.v = v

            def item(self):
                return self.v

        class Tensor(object):  # a multi-element tensor: .item() and float() both fail
            def item(self):
                raise ValueError("only one element tensors can be converted")

        class Floaty(object):
            def __float__(self):
                return 2.5

        self.assertEqual(enc(Scalar(0.75)), 0.75)
        self.assertEqual(enc(Scalar(float("nan"))), "NaN")
        self.assertEqual(enc(Scalar(True)), 1.0)
        self.assertIs(enc(Tensor()), skip)
        self.assertEqual(enc(Floaty()), 2.5)
        for bad in (None, "1.0", b"1", [1.0], (1.0,), {"a": 1}, {1}, object(), 1j):
            self.assertIs(enc(bad), skip, bad)

    def test_check_name(self):
        self.assertIsNone(runlens.check_name("train/loss"))
        self.assertIsNone(runlens.check_name("损失 🔥"))
        self.assertIsNotNone(runlens.check_name(""))
        self.assertIsNotNone(runlens.check_name(" loss"))
        self.assertIsNotNone(runlens.check_name("a\nb"))
        self.assertIsNotNone(runlens.check_name("a\u2028b"))
        self.assertIsNotNone(runlens.check_name("x" * 257))
        self.assertIsNone(runlens.check_name("x" * 256))
        # the server counts UTF-16 code units: 129 emoji are 258 units
        self.assertIsNotNone(runlens.check_name("🔥" * 129))
        self.assertIsNotNone(runlens.check_name(5))

    def test_source_is_python38_syntax(self):
        path = os.path.join(CLIENT_DIR, "runlens.py")
        with open(path, encoding="utf-8") as f:
            src = f.read()
        ast.parse(src, filename=path, feature_version=(3, 8))
        for name in os.listdir(os.path.dirname(os.path.abspath(__file__))):
            if name.endswith(".py"):
                with open(os.path.join(os.path.dirname(os.path.abspath(__file__)), name), encoding="utf-8") as f:
                    ast.parse(f.read(), filename=name, feature_version=(3, 8))


class OnlineTest(ClientTestCase):
    def test_create_run_body_and_auth(self):
        run = self.init(name="r1", config={"lr": 0.1, "seed": 1, "model": {"d": 16}}, group="g1", tags=["a", "b"],
                        token="s3cret")
        self.assertEqual(len(run.id), 26)
        self.assertTrue(run.url.startswith(self.server.url))
        self.assertTrue(run.finish())
        creates = self.server.of_kind("create")
        self.assertEqual(len(creates), 1)
        body = creates[0].body
        self.assertEqual(body["id"], run.id)
        self.assertEqual(body["project"], "demo")
        self.assertEqual(body["name"], "r1")
        self.assertEqual(body["group"], "g1")
        self.assertEqual(body["tags"], ["a", "b"])
        self.assertEqual(body["params"], {"lr": 0.1, "seed": 1, "model": {"d": 16}})
        self.assertIsInstance(body["startTime"], float)
        self.assertAlmostEqual(body["startTime"], time.time() * 1000, delta=60000)
        self.assertEqual(body["command"], " ".join(sys.argv))
        self.assertEqual(body["cwd"], os.getcwd())
        self.assertTrue(body["host"])
        self.assertEqual(creates[0].path, "/api/v1/runs")
        for r in self.server.requests:
            self.assertEqual(r.headers.get("Authorization"), "Bearer s3cret")
            self.assertEqual(r.headers.get("Content-Type"), "application/json")
        last = self.server.requests[-1]
        self.assertEqual(last.method, "PATCH")
        self.assertEqual(last.path, "/api/v1/runs/%s" % run.id)
        self.assertEqual(last.body["status"], "completed")
        self.assertTrue(last.body["heartbeat"])
        self.assertIsInstance(last.body["endTime"], float)

    def test_env_configuration_and_explicit_args_win(self):
        os.environ["RUNLENS_URL"] = self.server.url
        os.environ["RUNLENS_TOKEN"] = "from-env"
        os.environ["RUNLENS_PROJECT"] = "env-project"
        run = runlens.init(git=False, install_hooks=False, offline_dir=self.tmp)
        self.runs.append(run)
        run.finish()
        create = self.server.of_kind("create")[0]
        self.assertEqual(create.body["project"], "env-project")
        self.assertEqual(create.headers.get("Authorization"), "Bearer from-env")
        run2 = self.init(project="explicit", token="tok2")
        run2.finish()
        create2 = [r for r in self.server.of_kind("create") if r.body["id"] == run2.id][0]
        self.assertEqual(create2.body["project"], "explicit")
        self.assertEqual(create2.headers.get("Authorization"), "Bearer tok2")

    def test_no_auth_header_without_token(self):
        run = self.init()
        run.finish()
        for r in self.server.requests:
            self.assertNotIn("Authorization", r.headers)

    def test_batching_is_columnar_and_complete(self):
        run = self.init(flush_interval=0.2, flush_points=10000)
        n = 25000
        for i in range(n):
            run.log({"train/loss": 1.0 / (i + 1), "acc": i % 7})
        self.assertTrue(run.finish())
        metrics = self.server.of_kind("metrics")
        total = 0
        for req in metrics:
            self.assertEqual(list(req.body.keys()), ["series"])
            self.assertEqual(req.path, "/api/v1/runs/%s/metrics" % run.id)
            for s in req.body["series"]:
                self.assertEqual(set(s), {"key", "steps", "values", "times"})
                self.assertEqual(len(s["steps"]), len(s["values"]))
                self.assertEqual(len(s["steps"]), len(s["times"]))
                self.assertTrue(all(type(x) is int for x in s["steps"]))
                self.assertTrue(all(type(x) is float for x in s["values"]))
                self.assertTrue(all(isinstance(x, float) for x in s["times"]))
                total += len(s["steps"])
        self.assertEqual(total, 2 * n)
        # batched: far fewer requests than log calls
        self.assertLess(len(metrics), 60)
        self.assertEqual(sorted(self.server.points["train/loss"]), list(range(n)))
        for i in range(n):
            self.assertEqual(self.server.points["train/loss"][i], 1.0 / (i + 1))
            self.assertEqual(self.server.points["acc"][i], float(i % 7))
        stats = run.stats()
        self.assertEqual(stats["sent"], 2 * n)
        self.assertEqual(stats["buffered"], 0)
        self.assertEqual(stats["dropped"], 0)
        self.assertIsNone(stats["offline_file"])

    def test_flush_points_triggers_early_flush(self):
        run = self.init(flush_interval=30.0, flush_points=100)
        for i in range(100):
            run.log({"x": i})
        self.wait_for(lambda: len(self.server.of_kind("metrics")) >= 1, 3.0, "a flush at 100 points")
        run.finish()

    def test_flush_interval_sends_without_flush_call(self):
        run = self.init(flush_interval=0.1)
        run.log({"x": 1.0})
        self.wait_for(lambda: self.server.points.get("x") == {0: 1.0}, 3.0, "the point to arrive")
        run.finish()

    def test_nan_and_inf_travel_as_strings(self):
        run = self.init()
        values = [0.5, float("nan"), float("inf"), float("-inf"), -0.0, 1e308, 5e-324, True, 7]
        for i, v in enumerate(values):
            run.log({"v": v}, step=i)
        run.finish()
        raw = b"".join(r.raw for r in self.server.of_kind("metrics"))
        self.assertIn(b'"NaN"', raw)
        self.assertIn(b'"Infinity"', raw)
        self.assertIn(b'"-Infinity"', raw)
        got = self.server.points["v"]
        expect = [0.5, "NaN", "Infinity", "-Infinity", -0.0, 1e308, 5e-324, 1.0, 7.0]
        self.assertEqual([got[i] for i in range(len(values))], expect)
        self.assertEqual(math.copysign(1, got[4]), -1.0)

    def test_step_defaults_to_last_step_plus_one(self):
        run = self.init()
        run.log({"a": 1})  # 0
        run.log({"a": 2})  # 1
        run.log({"a": 3}, step=10)
        run.log({"a": 4})  # 11
        run.log({"b": 5}, step=3)
        run.log({"b": 6})  # 4
        run.finish()
        self.assertEqual(self.server.points["a"], {0: 1.0, 1: 2.0, 10: 3.0, 11: 4.0})
        self.assertEqual(self.server.points["b"], {3: 5.0, 4: 6.0})

    def test_retry_after_503(self):
        fails = {"n": 0}

        def responder(req, index):
            if req.kind == "metrics" and fails["n"] < 3:
                fails["n"] += 1
                return 503, {"error": {"code": "UNAVAILABLE", "message": "try later"}}
            return None, None

        self.server.responder = responder
        run = self.init()
        for i in range(1000):
            run.log({"loss": float(i)})
        self.assertTrue(run.flush(timeout=10))
        self.assertEqual(fails["n"], 3)
        self.assertEqual(self.server.points["loss"], {i: float(i) for i in range(1000)})
        st = run.stats()
        self.assertGreaterEqual(st["retries"], 3)
        self.assertEqual(st["dropped"], 0)
        self.assertEqual(st["sent"], 1000)
        self.assertIsNone(st["offline_file"])
        run.finish()

    def test_retry_on_429_and_network_errors_on_create(self):
        calls = {"create": 0}

        def responder(req, index):
            if req.kind == "create":
                calls["create"] += 1
                if calls["create"] == 1:
                    return 429, {"error": {"code": "RATE_LIMITED", "message": "slow down"}}
                if calls["create"] == 2:
                    return 500, {"error": {"code": "INTERNAL", "message": "oops"}}
            return None, None

        self.server.responder = responder
        run = self.init()
        run.log({"x": 1.0})
        self.assertTrue(run.finish())
        self.assertEqual(calls["create"], 3)
        creates = self.server.of_kind("create")
        self.assertEqual({c.body["id"] for c in creates}, {run.id})  # same id on every retry
        self.assertEqual(self.server.points["x"], {0: 1.0})

    def test_no_retry_after_400(self):
        bad = {"done": False}

        def responder(req, index):
            if req.kind == "metrics" and not bad["done"]:
                bad["done"] = True
                return 400, {"error": {"code": "VALIDATION", "message": "series[0].key is bad", "details": {}}}
            return None, None

        self.server.responder = responder
        run = self.init()
        with self.assertLogs("runlens", level="WARNING") as cm:
            for i in range(10):
                run.log({"x": float(i)})
            self.assertTrue(run.flush(timeout=5))
            for i in range(10, 20):
                run.log({"x": float(i)})
            run.finish()
        self.assertTrue(any("HTTP 400" in m and "VALIDATION" in m for m in cm.output), cm.output)
        metrics = self.server.of_kind("metrics")
        first_steps = metrics[0].body["series"][0]["steps"]
        self.assertEqual(first_steps, list(range(10)))
        # the rejected batch was not sent again
        self.assertEqual(sum(1 for m in metrics if m.body["series"][0]["steps"][0] == 0), 1)
        self.assertEqual(self.server.points["x"], {i: float(i) for i in range(10, 20)})
        st = run.stats()
        self.assertEqual(st["dropped"], 10)
        self.assertEqual(st["retries"], 0)

    def test_refused_run_stops_sending(self):
        def responder(req, index):
            if req.kind == "create":
                return 400, {"error": {"code": "VALIDATION", "message": "project name is bad"}}
            return None, None

        self.server.responder = responder
        run = self.init()
        with self.assertLogs("runlens", level="WARNING"):
            run.log({"x": 1.0})
            run.flush(timeout=5)
        run.log({"x": 2.0})
        run.summary({"y": 1})
        run.finish()
        self.assertEqual(self.server.kinds(accepted_only=False), ["create"])

    def test_order_is_preserved(self):
        fails = {"n": 0}

        def responder(req, index):
            # fail every third metrics request once, to check that retries do not reorder
            if req.kind == "metrics" and index % 3 == 0 and fails["n"] < 5:
                fails["n"] += 1
                return 503, {"error": {"code": "UNAVAILABLE", "message": "busy"}}
            return None, None

        self.server.responder = responder
        run = self.init(flush_points=50, flush_interval=0.05)
        for i in range(300):
            run.log({"m": float(i)})
        run.log_params({"phase": 2})
        for i in range(300, 600):
            run.log({"m": float(i)})
        run.summary({"best": 0.5})
        self.assertTrue(run.finish(timeout=20))
        kinds = self.server.kinds()
        self.assertEqual(kinds[0], "create")
        self.assertEqual(kinds[-1], "update")
        steps = []
        seen_params = seen_summary = False
        for r in self.server.accepted:
            if r.kind == "metrics":
                s = r.body["series"][0]["steps"]
                if not seen_params:
                    self.assertLess(s[-1], 300)
                else:
                    self.assertGreaterEqual(s[0], 300)
                self.assertFalse(seen_summary)
                steps.extend(s)
            elif r.kind == "update" and "params" in r.body:
                seen_params = True
            elif r.kind == "update" and "summary" in r.body:
                seen_summary = True
        self.assertEqual(steps, list(range(600)))
        self.assertEqual(self.server.accepted[-1].body["status"], "completed")

    def test_params_summary_and_lines(self):
        run = self.init(config=types.SimpleNamespace(lr=0.01, layers=(64, 32), act="relu"))

        class NpFloat(object):
            def item(self):
                return 0.25

        run.log_params({"opt": {"beta": NpFloat(), "eps": float("nan")}, "path": mock.sentinel.thing, 3: "int key"})
        with self.assertLogs("runlens", level="WARNING") as cm:
            run.summary({"best_val": 1.2, "nan": float("nan"), "bad": "text", "": 1})
        self.assertEqual(len(cm.output), 2)
        run.log_lines(["hello", "world"], stream="stderr")
        run.log_lines("one\ntwo")
        run.finish()
        create = self.server.of_kind("create")[0]
        self.assertEqual(create.body["params"], {"lr": 0.01, "layers": [64, 32], "act": "relu"})
        updates = self.server.of_kind("update")
        params = [u.body["params"] for u in updates if "params" in u.body][0]
        self.assertEqual(params["opt"], {"beta": 0.25, "eps": "NaN"})
        self.assertEqual(params["path"], "sentinel.thing")
        self.assertEqual(params["3"], "int key")
        summary = [u.body["summary"] for u in updates if "summary" in u.body][0]
        self.assertEqual(summary, {"best_val": 1.2, "nan": "NaN"})
        lines = [ln for r in self.server.of_kind("logs") for ln in r.body["lines"]]
        self.assertEqual([(ln["line"], ln["stream"]) for ln in lines],
                         [("hello", "stderr"), ("world", "stderr"), ("one", "stdout"), ("two", "stdout")])
        self.assertTrue(all(isinstance(ln["time"], float) for ln in lines))

    def test_log_never_raises_on_garbage(self):
        run = self.init()

        class Boom(object):
            def item(self):
                raise RuntimeError("no")

            def __float__(self):
                raise RuntimeError("no")

        garbage_calls = [
            (None, None), ("loss", None), ([1, 2], None), (42, None), ({"a": 1.0}, "x"), ({"a": 1.0}, -1),
            ({"a": 1.0}, 2 ** 60), ({"a": 1.0}, True), ({"a": 1.0}, 1.5),
        ]
        with self.assertLogs("runlens", level="WARNING") as cm:
            for data, step in garbage_calls:
                self.assertIsNone(run.log(data, step=step))
            for _ in range(3):  # warned once per key, not per call
                run.log({
                    "ok": 1.0,
                    "none": None,
                    "dict": {"x": 1},
                    "str": "abc",
                    "list": [1, 2, 3],
                    "boom": Boom(),
                    "x" * 10000: 1.0,
                    "": 2.0,
                    " pad": 3.0,
                    "new\nline": 4.0,
                    7: 5.0,
                    (1, 2): 6.0,
                    None: 7.0,
                    "big": 10 ** 500,
                    "cplx": 1j,
                })
            run.log_params(None)
            run.log_params(object())
            run.summary(None)
            run.summary({"k": object()})
            run.log_lines(None)
            run.log_lines([None, 1, b"x"])
        self.assertTrue(run.finish())
        self.assertEqual(self.server.points["ok"], {0: 1.0, 1: 1.0, 2: 1.0})
        self.assertEqual(set(self.server.points), {"ok"})
        texts = "\n".join(cm.output)
        self.assertEqual(texts.count("'str'"), 1, texts)
        self.assertEqual(texts.count("'none'"), 1, texts)
        self.assertLess(len(texts), 20000)  # the 10,000-character key is not dumped into the log

    def test_log_is_cheap(self):
        run = self.init(flush_interval=0.2)
        n = 50000
        t0 = time.perf_counter()
        for i in range(n):
            run.log({"a": 0.1, "b": 0.2, "c": 0.3})
        per_call = (time.perf_counter() - t0) / n
        run.finish(timeout=30)
        # generous: a few microseconds on a normal machine; this only catches accidental O(n) work or blocking I/O
        self.assertLess(per_call, 500e-6)
        self.assertEqual(len(self.server.points["c"]), n)

    def test_finish_twice_and_log_after_finish(self):
        run = self.init()
        run.log({"x": 1})
        self.assertTrue(run.finish())
        n = len(self.server.requests)
        self.assertTrue(run.finish(status="failed"))
        with self.assertLogs("runlens", level="WARNING"):
            run.log({"x": 2})
        run.flush(timeout=1)
        time.sleep(0.3)
        self.assertEqual(len(self.server.requests), n)
        self.assertEqual(self.server.requests[-1].body["status"], "completed")

    def test_context_manager(self):
        with self.init() as run:
            run.log({"x": 1})
        self.assertEqual(self.server.requests[-1].body["status"], "completed")
        with self.assertRaises(ValueError):
            with self.init() as run2:
                run2.log({"x": 1})
                raise ValueError("boom 42")
        last = [r for r in self.server.of_kind("update") if r.path.endswith(run2.id)][-1]
        self.assertEqual(last.body["status"], "failed")
        self.assertIn("ValueError: boom 42", last.body["error"])

    def test_finish_with_exit_code_and_error(self):
        run = self.init()
        run.finish(status="killed", exit_code=137, error="SIGKILL")
        body = self.server.requests[-1].body
        self.assertEqual((body["status"], body["exitCode"], body["error"]), ("killed", 137, "SIGKILL"))

    def test_heartbeat_when_idle(self):
        run = self.init(heartbeat_interval=0.3)
        self.wait_for(lambda: any(r.body == {"heartbeat": True} for r in self.server.of_kind("update")), 5.0,
                      "a heartbeat")
        run.finish()

    def test_keeps_connection_alive(self):
        run = self.init(flush_interval=0.05)
        for i in range(20):
            run.log({"x": i})
            run.flush(timeout=5)
        run.finish()
        self.assertGreaterEqual(len(self.server.requests), 20)
        self.assertLessEqual(self.server.connections, 3)

    def test_concurrent_loggers(self):
        run = self.init(flush_points=1000)

        def worker(key):
            for i in range(5000):
                run.log({key: float(i)}, step=i)

        threads = [threading.Thread(target=worker, args=("k%d" % t,)) for t in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertTrue(run.finish(timeout=20))
        for t in range(4):
            self.assertEqual(self.server.points["k%d" % t], {i: float(i) for i in range(5000)})

    @unittest.skipUnless(hasattr(os, "fork"), "needs os.fork")
    def test_forked_child_stays_quiet(self):
        run = self.init(install_hooks=True)
        run.log({"x": 1.0})
        run.flush(timeout=5)
        pid = os.fork()
        if pid == 0:  # child: a DataLoader worker that touches the run must not send or finish anything
            try:
                run.log({"x": 2.0})
                run.summary({"child": 1})
                run.finish(status="failed")
            finally:
                os._exit(0)
        os.waitpid(pid, 0)
        time.sleep(0.3)
        run.log({"x": 3.0})
        run.finish()
        self.assertEqual(self.server.points["x"], {0: 1.0, 1: 3.0})
        statuses = [r.body["status"] for r in self.server.of_kind("update") if "status" in r.body]
        self.assertEqual(statuses, ["completed"])
        self.assertFalse(any("summary" in r.body for r in self.server.of_kind("update")))

    def test_finish_is_bounded_when_server_hangs(self):
        def responder(req, index):
            if req.kind == "metrics":
                time.sleep(3)
            return None, None

        self.server.responder = responder
        run = self.init(request_timeout=30)
        run.log({"x": 1.0})
        run.flush(timeout=0.3)
        t0 = time.monotonic()
        with self.assertLogs("runlens", level="WARNING"):
            run.finish(timeout=0.5)
        self.assertLess(time.monotonic() - t0, 2.5)
        records = read_jsonl(run.stats()["offline_file"])
        self.assertEqual([r["type"] for r in records], ["run", "metrics", "update"])

    def test_stats_keys(self):
        run = self.init()
        self.assertEqual(set(run.stats()) >= {"sent", "buffered", "dropped", "retries", "offline_file"}, True)
        run.finish()

    def test_init_validates_arguments(self):
        with self.assertRaises(ValueError):
            self.init(project="bad\nname")
        with self.assertRaises(ValueError):
            self.init(name="x" * 300)
        with self.assertRaises(ValueError):
            self.init(tags=[" spaced "])
        with self.assertRaises(ValueError):
            self.init(mode="sometimes")
        with self.assertRaises(TypeError):
            self.init(flush_intervall=1)
        with self.assertRaises(ValueError):
            self.init(run_id="not-a-ulid")
        rid = runlens.new_ulid()
        run = self.init(run_id=rid)
        run.finish()
        self.assertEqual(self.server.of_kind("create")[0].body["id"], rid)


class OfflineTest(ClientTestCase):
    def _check_file(self, run, n_steps, keys):
        path = run.stats()["offline_file"]
        self.assertIsNotNone(path)
        self.assertEqual(os.path.dirname(path), os.path.abspath(self.tmp))
        self.assertEqual(os.path.basename(path), run.id + ".jsonl")
        records = read_jsonl(path)
        self.assertEqual(records[0]["type"], "run")
        self.assertEqual(records[0]["run"]["id"], run.id)
        self.assertEqual(records[0]["run"]["project"], "demo")
        got = {}
        for rec in records[1:]:
            self.assertIn(rec["type"], ("metrics", "update", "logs"))
            self.assertEqual(rec["run"], run.id)
            self.assertEqual(set(rec), {"type", "run", "body"})
            if rec["type"] == "metrics":
                for s in rec["body"]["series"]:
                    col = got.setdefault(s["key"], {})
                    for st, v, t in zip(s["steps"], s["values"], s["times"]):
                        col[st] = v
        self.assertEqual(set(got), set(keys))
        for k in keys:
            self.assertEqual(sorted(got[k]), list(range(n_steps)), k)
        return records, got

    def test_spills_to_file_when_server_is_down(self):
        url = "http://127.0.0.1:%d" % free_port()
        t0 = time.monotonic()
        run = self.init(url=url, offline_after=0.5, config={"lr": 0.1})
        self.assertLess(time.monotonic() - t0, 0.5)  # init never waits for the server
        with self.assertLogs("runlens", level="WARNING") as cm:
            for i in range(5000):
                run.log({"loss": float(i), "nan": float("nan") if i % 2 else float("-inf")})
            run.summary({"best": 1.0})
            ok = run.finish(timeout=10)
        self.assertTrue(ok)
        self.assertTrue(any("runlens sync" in m and run.id in m for m in cm.output), cm.output)
        records, got = self._check_file(run, 5000, ["loss", "nan"])
        self.assertEqual(got["loss"][4999], 4999.0)
        self.assertEqual(got["nan"][1], "NaN")
        self.assertEqual(got["nan"][2], "-Infinity")
        self.assertEqual(records[0]["run"]["params"], {"lr": 0.1})
        updates = [r["body"] for r in records if r["type"] == "update"]
        self.assertEqual(updates[0], {"summary": {"best": 1.0}})
        self.assertEqual(updates[-1]["status"], "completed")
        st = run.stats()
        self.assertEqual(st["offline_points"], 10000)
        self.assertEqual(st["dropped"], 0)
        self.assertEqual(st["buffered"], 0)

    def test_spills_when_server_keeps_failing(self):
        self.server.responder = lambda req, i: (503, {"error": {"code": "DOWN", "message": "down"}})
        run = self.init(offline_after=0.6)
        with self.assertLogs("runlens", level="WARNING"):
            for i in range(3000):
                run.log({"a": i, "b": -i})
            self.assertTrue(run.flush(timeout=10))
            for i in range(3000, 4000):  # after going offline, new points go to the file too
                run.log({"a": i, "b": -i})
            run.finish()
        self._check_file(run, 4000, ["a", "b"])
        self.assertGreater(run.stats()["retries"], 0)

    def test_spills_when_buffer_limit_exceeded_while_failing(self):
        self.server.responder = lambda req, i: (500, {"error": {"code": "DOWN", "message": "down"}})
        run = self.init(offline_after=60, max_buffered_points=1000)
        with self.assertLogs("runlens", level="WARNING"):
            for i in range(5000):
                run.log({"a": i})
            self.wait_for(lambda: run.stats()["offline_file"] is not None, 10, "the spill")
            run.finish(timeout=5)
        self._check_file(run, 5000, ["a"])
        self.assertEqual(run.stats()["dropped"], 0)

    def test_finish_timeout_spills_what_is_left(self):
        self.server.responder = lambda req, i: (503, {"error": {"code": "DOWN", "message": "down"}})
        run = self.init(offline_after=60)
        for i in range(100):
            run.log({"a": i})
        t0 = time.monotonic()
        with self.assertLogs("runlens", level="WARNING"):
            ok = run.finish(timeout=0.5)
        self.assertFalse(ok)
        self.assertLess(time.monotonic() - t0, 3.0)
        records, _ = self._check_file(run, 100, ["a"])
        self.assertEqual(records[-1]["body"]["status"], "completed")

    def test_unauthorized_goes_offline_instead_of_dropping(self):
        self.server.responder = lambda req, i: (401, {"error": {"code": "UNAUTHORIZED", "message": "bad token"}})
        run = self.init(token="wrong")
        with self.assertLogs("runlens", level="WARNING"):
            for i in range(10):
                run.log({"a": i})
            run.finish()
        self._check_file(run, 10, ["a"])
        self.assertEqual(len(self.server.requests), 1)

    def test_offline_mode_from_env(self):
        os.environ["RUNLENS_MODE"] = "offline"
        os.environ["RUNLENS_OFFLINE_DIR"] = self.tmp
        with self.assertLogs("runlens", level="WARNING"):
            run = runlens.init(project="demo", url=self.server.url, git=False, install_hooks=False)
            self.runs.append(run)
            for i in range(20):
                run.log({"a": i})
            run.log_lines(["hi"])
            run.finish(status="failed", exit_code=3, error="x")
        records, _ = self._check_file(run, 20, ["a"])
        self.assertEqual(self.server.requests, [])
        self.assertIn({"type": "logs", "run": run.id, "body": {"lines": [records[-2]["body"]["lines"][0]]}},
                      records)
        self.assertEqual(records[-1], {"type": "update", "run": run.id,
                                       "body": {"status": "failed", "endTime": records[-1]["body"]["endTime"],
                                                "heartbeat": True, "exitCode": 3, "error": "x"}})


class DisabledTest(ClientTestCase):
    def test_disabled_mode_is_a_noop(self):
        os.environ["RUNLENS_MODE"] = "disabled"
        run = runlens.init(project="demo", url=self.server.url, offline_dir=self.tmp, config={"a": 1})
        for i in range(100):
            run.log({"a": i})
        run.log({"a": None}, step="garbage")
        run.log_params({"x": 1})
        run.summary({"y": 2})
        run.log_lines(["z"])
        self.assertTrue(run.flush())
        self.assertTrue(run.finish())
        self.assertTrue(run.finish())
        with run:
            pass
        time.sleep(0.3)
        self.assertEqual(self.server.requests, [])
        self.assertEqual(os.listdir(self.tmp), [])
        self.assertEqual(len(run.id), 26)
        st = run.stats()
        self.assertEqual((st["sent"], st["buffered"], st["dropped"]), (0, 0, 0))

    def test_explicit_mode_argument_wins(self):
        os.environ["RUNLENS_MODE"] = "offline"
        run = self.init(mode="disabled")
        run.log({"a": 1})
        run.finish()
        self.assertEqual(self.server.requests, [])
        self.assertEqual(os.listdir(self.tmp), [])


SCRIPT = r"""
import sys, time
sys.path.insert(0, {client_dir!r})
import runlens
run = runlens.init(project="demo", url={url!r}, offline_dir={tmp!r}, git=False)
print(run.id, flush=True)
for i in range(50):
    run.log({{"loss": 1.0 / (i + 1)}})
{tail}
"""


class ProcessExitTest(ClientTestCase):
    def _run_script(self, tail):
        code = SCRIPT.format(client_dir=CLIENT_DIR, url=self.server.url, tmp=self.tmp, tail=tail)
        env = dict(os.environ)
        proc = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=60, env=env)
        run_id = proc.stdout.decode().split()[0]
        updates = [r for r in self.server.of_kind("update") if r.path.endswith(run_id) and "status" in r.body]
        self.assertEqual(len(updates), 1, proc.stderr.decode())
        return proc, run_id, updates[0].body

    def test_normal_exit_finishes_completed(self):
        proc, run_id, body = self._run_script("")
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        self.assertEqual(body["status"], "completed")
        self.assertEqual(len(self.server.points["loss"]), 50)

    def test_uncaught_exception_marks_failed_and_keeps_traceback(self):
        proc, run_id, body = self._run_script("raise RuntimeError('diverged at step 50')")
        self.assertEqual(proc.returncode, 1)
        self.assertEqual(body["status"], "failed")
        self.assertEqual(body["exitCode"], 1)
        self.assertIn("RuntimeError: diverged at step 50", body["error"])
        # the previous excepthook still ran: the traceback is on stderr
        self.assertIn("RuntimeError: diverged at step 50", proc.stderr.decode())
        self.assertEqual(len(self.server.points["loss"]), 50)

    def test_exit_does_not_hang_when_server_is_down(self):
        self.server.close()
        t0 = time.monotonic()
        code = SCRIPT.format(client_dir=CLIENT_DIR, url=self.server.url, tmp=self.tmp, tail="")
        proc = subprocess.run([sys.executable, "-c", code], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              timeout=60)
        self.assertLess(time.monotonic() - t0, 20)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        run_id = proc.stdout.decode().split()[0]
        self.assertIn("runlens sync", proc.stderr.decode())
        records = read_jsonl(os.path.join(self.tmp, run_id + ".jsonl"))
        self.assertEqual(records[0]["run"]["id"], run_id)
        self.assertEqual(records[-1]["body"]["status"], "completed")
        steps = [st for r in records if r["type"] == "metrics" for s in r["body"]["series"] for st in s["steps"]]
        self.assertEqual(sorted(steps), list(range(50)))


if __name__ == "__main__":
    logging.basicConfig()
    unittest.main()

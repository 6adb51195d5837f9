"""Integration tests: the Python client against the real runlens server (packages/server), started as a subprocess.

They need `node` and the built server (`npm run build` at the repository root, which writes
packages/server/dist/cli/main.js). Without those they are skipped, with a reason that says so; with them, a server
that fails to start is a test error, not a skip.
"""

from __future__ import annotations

import json
import math
import os
import queue
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import unittest
import urllib.error
import urllib.request
from unittest import mock

from fake_server import CLIENT_DIR, read_jsonl

import runlens

REPO_ROOT = os.path.abspath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
SERVER_BIN = os.path.join(REPO_ROOT, "packages", "server", "bin", "runlens.js")
SERVER_BUILT = os.path.join(REPO_ROOT, "packages", "server", "dist", "cli", "main.js")
NODE = shutil.which("node")

SKIP_REASON = None
if NODE is None:
    SKIP_REASON = "`node` is not on PATH: the real runlens server cannot run here"
elif not os.path.exists(SERVER_BUILT):
    SKIP_REASON = "the server is not built (%s is missing): run `npm run build` at %s" % (SERVER_BUILT, REPO_ROOT)

URL_RE = re.compile(r"http://127\.0\.0\.1:(\d+)")


def decode(v):
    if v == "NaN":
        return float("nan")
    if v == "Infinity":
        return float("inf")
    if v == "-Infinity":
        return float("-inf")
    return float(v)


def same(a, b):
    return (math.isnan(a) and math.isnan(b)) or (a == b and math.copysign(1, a) == math.copysign(1, b))


@unittest.skipUnless(SKIP_REASON is None, SKIP_REASON or "")
class RealServerTest(unittest.TestCase):
    def setUp(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("RUNLENS_")}
        patcher = mock.patch.dict(os.environ, env, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        self.tmp = tempfile.mkdtemp(prefix="runlens-py-it-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.data_dir = os.path.join(self.tmp, "data")
        self.offline_dir = os.path.join(self.tmp, "offline")
        self.url = self._start_server()

    def _start_server(self):
        self.proc = subprocess.Popen(
            [NODE, SERVER_BIN, "serve", "--data", self.data_dir, "--port", "0"],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.tmp,
        )
        self.output = []
        lines = queue.Queue()

        def pump():
            for raw in iter(self.proc.stdout.readline, b""):
                text = raw.decode("utf-8", "replace")
                self.output.append(text)
                lines.put(text)
            lines.put(None)

        threading.Thread(target=pump, daemon=True).start()
        deadline = time.monotonic() + 30
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.fail("the runlens server printed no http://127.0.0.1:<port> URL within 30 s; output:\n"
                          + "".join(self.output))
            try:
                line = lines.get(timeout=left)
            except queue.Empty:
                continue
            if line is None:
                self.fail("the runlens server exited (code %s) before it was ready; output:\n%s"
                          % (self.proc.wait(), "".join(self.output)))
            m = URL_RE.search(line)
            if m:
                return "http://127.0.0.1:%s" % m.group(1)

    def tearDown(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.proc.stdout.close()

    def get(self, path):
        try:
            with urllib.request.urlopen(self.url + path, timeout=30) as resp:
                return json.loads(resp.read().decode("utf-8"))
        except urllib.error.HTTPError as e:
            self.fail("GET %s -> HTTP %s: %s" % (path, e.code, e.read()[:500]))

    def init(self, **kw):
        kw.setdefault("project", "py-it")
        kw.setdefault("url", self.url)
        kw.setdefault("offline_dir", self.offline_dir)
        kw.setdefault("install_hooks", False)
        return runlens.init(**kw)

    def read_series(self, run_id, keys):
        body = self.get("/api/v1/series?runs=%s&keys=%s&method=none" % (run_id, ",".join(keys)))
        return {s["key"]: s for s in body["series"] if s["run"] == run_id}

    # ------------------------------------------------------------------------------------------------------------

    def test_10k_steps_of_3_metrics_round_trip_exactly(self):
        run = self.init(name="round-trip", config={"lr": 0.1, "seed": 1, "model": {"d": 16}}, tags=["py"])
        n = 10000
        expect = {"a": [], "b": [], "c": []}
        for i in range(n):
            a = math.sin(i / 37.0) * 1e-3 + i * 0.1  # full float64 mantissas
            b = float("nan") if i % 997 == 0 else 1.0 / (i + 1)
            c = float(i) / 3.0
            if i == 5000:
                c = float("inf")
            elif i == 5001:
                c = float("-inf")
            run.log({"a": a, "b": b, "c": c})
            expect["a"].append(a)
            expect["b"].append(b)
            expect["c"].append(c)
        self.assertTrue(run.flush(timeout=60), run.stats())
        self.assertTrue(run.finish(), run.stats())
        st = run.stats()
        self.assertEqual((st["sent"], st["dropped"], st["buffered"], st["offline_file"]), (3 * n, 0, 0, None))

        series = self.read_series(run.id, ["a", "b", "c"])
        self.assertEqual(sorted(series), ["a", "b", "c"])
        for key in ("a", "b", "c"):
            s = series[key]
            self.assertEqual(s["method"], "none")
            self.assertFalse(s["downsampled"])
            self.assertEqual(s["total"], n)
            self.assertEqual(s["steps"], list(range(n)), key)
            self.assertEqual(len(s["values"]), n)
            self.assertEqual(len(s["times"]), n)
            for i, (got, want) in enumerate(zip(s["values"], expect[key])):
                if not same(decode(got), want):
                    self.fail("%s[%d]: got %r, logged %r" % (key, i, got, want))
        self.assertEqual(series["b"]["values"][997], "NaN")
        self.assertEqual(series["c"]["values"][5000], "Infinity")
        self.assertEqual(series["c"]["values"][5001], "-Infinity")

        got = self.get("/api/v1/runs/%s" % run.id)
        self.assertEqual(got["id"], run.id)
        self.assertEqual(got["status"], "completed")
        self.assertEqual(got["project"], "py-it")
        self.assertEqual(got["name"], "round-trip")
        self.assertEqual(got["tags"], ["py"])
        self.assertEqual(got["params"], {"lr": 0.1, "seed": 1, "model.d": 16})
        self.assertIsNotNone(got["endTime"])
        self.assertEqual(got["metrics"]["b"]["nanCount"], len([i for i in range(n) if i % 997 == 0]))

    def test_params_summary_and_status_updates(self):
        run = self.init(config={"opt": {"name": "adam", "betas": [0.9, 0.99]}})
        run.log({"loss": 1.0})
        run.log_params({"opt": {"lr": 3e-4}, "extra": True})
        run.summary({"best_val": 1.25, "diverged": float("nan")})
        self.assertTrue(run.finish(status="killed", exit_code=137, error="stopped by user"))
        got = self.get("/api/v1/runs/%s" % run.id)
        self.assertEqual(got["status"], "killed")
        self.assertEqual(got["exitCode"], 137)
        self.assertEqual(got["error"], "stopped by user")
        self.assertEqual(got["params"]["opt.name"], "adam")
        self.assertEqual(got["params"]["opt.lr"], 3e-4)
        self.assertEqual(got["params"]["extra"], True)
        self.assertEqual(got["summary"]["best_val"], 1.25)
        self.assertEqual(got["summary"]["diverged"], "NaN")

    def test_context_manager_failure_sets_failed(self):
        with self.assertRaises(ZeroDivisionError):
            with self.init() as run:
                run.log({"x": 1.0})
                1 / 0
        got = self.get("/api/v1/runs/%s" % run.id)
        self.assertEqual(got["status"], "failed")
        self.assertIn("ZeroDivisionError", got["error"])

    def test_script_dying_with_an_exception_ends_failed(self):
        script = "\n".join([
            "import sys",
            "sys.path.insert(0, %r)" % CLIENT_DIR,
            "import runlens",
            "run = runlens.init(project='py-it', offline_dir=%r)" % self.offline_dir,
            "print(run.id, flush=True)",
            "for i in range(100):",
            "    run.log({'loss': 1.0 / (i + 1)})",
            "raise RuntimeError('loss diverged at step 100')",
        ])
        env = dict(os.environ, RUNLENS_URL=self.url)
        proc = subprocess.run([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env, timeout=60)
        self.assertEqual(proc.returncode, 1, proc.stderr.decode())
        self.assertIn("RuntimeError: loss diverged", proc.stderr.decode())
        run_id = proc.stdout.decode().split()[0]
        got = self.get("/api/v1/runs/%s" % run_id)
        self.assertEqual(got["status"], "failed")
        self.assertEqual(got["exitCode"], 1)
        self.assertIn("RuntimeError: loss diverged at step 100", got["error"])
        self.assertEqual(self.read_series(run_id, ["loss"])["loss"]["total"], 100)

    def test_script_exiting_normally_ends_completed(self):
        script = "\n".join([
            "import sys",
            "sys.path.insert(0, %r)" % CLIENT_DIR,
            "import runlens",
            "run = runlens.init(project='py-it', offline_dir=%r)" % self.offline_dir,
            "print(run.id, flush=True)",
            "for i in range(100):",
            "    run.log({'loss': 1.0 / (i + 1)})",
        ])
        env = dict(os.environ, RUNLENS_URL=self.url)
        proc = subprocess.run([sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              env=env, timeout=60)
        self.assertEqual(proc.returncode, 0, proc.stderr.decode())
        run_id = proc.stdout.decode().split()[0]
        got = self.get("/api/v1/runs/%s" % run_id)
        self.assertEqual(got["status"], "completed")
        self.assertEqual(self.read_series(run_id, ["loss"])["loss"]["total"], 100)

    def test_offline_file_syncs_with_the_cli(self):
        os.environ["RUNLENS_MODE"] = "offline"
        run = self.init(name="offline-run", config={"lr": 0.5})
        for i in range(3000):
            run.log({"loss": 1.0 / (i + 1), "weird": float("nan") if i == 7 else float(i)})
        run.log_lines(["epoch 1 done"])
        run.summary({"best": 0.125})
        with self.assertLogs("runlens", level="WARNING"):
            run.finish()
        path = run.stats()["offline_file"]
        self.assertTrue(path and os.path.exists(path))
        self.assertEqual(read_jsonl(path)[0]["run"]["id"], run.id)
        for _ in range(2):  # syncing twice duplicates nothing
            proc = subprocess.run([NODE, SERVER_BIN, "sync", "--url", self.url, "--json", path],
                                  stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
            self.assertEqual(proc.returncode, 0, proc.stdout.decode() + proc.stderr.decode())
        got = self.get("/api/v1/runs/%s" % run.id)
        self.assertEqual(got["name"], "offline-run")
        self.assertEqual(got["status"], "completed")
        self.assertEqual(got["params"], {"lr": 0.5})
        self.assertEqual(got["summary"]["best"], 0.125)
        series = self.read_series(run.id, ["loss", "weird"])
        self.assertEqual(series["loss"]["steps"], list(range(3000)))
        self.assertEqual(series["loss"]["values"], [1.0 / (i + 1) for i in range(3000)])
        self.assertEqual(series["weird"]["values"][7], "NaN")

    def test_server_restart_is_survived_without_duplicates(self):
        run = self.init(offline_after=30)
        for i in range(500):
            run.log({"x": float(i)})
        self.assertTrue(run.flush(timeout=30))
        # the same id again (a retried create) returns the existing run, not a second one
        body = json.dumps({"id": run.id, "project": "py-it"}).encode()
        req = urllib.request.Request(self.url + "/api/v1/runs", data=body, method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=10) as resp:
            self.assertEqual(resp.status, 200)
        port = self.url.rsplit(":", 1)[1]
        self.proc.terminate()
        self.proc.wait(timeout=10)
        self.proc.stdout.close()
        for i in range(500, 1000):
            run.log({"x": float(i)})
        time.sleep(1.0)  # the client retries against a dead server meanwhile
        self.proc = subprocess.Popen(
            [NODE, SERVER_BIN, "serve", "--data", self.data_dir, "--port", port],
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, cwd=self.tmp,
        )
        threading.Thread(target=lambda: [None for _ in iter(self.proc.stdout.readline, b"")], daemon=True).start()
        self.assertTrue(run.finish(timeout=30), run.stats())
        self.assertIsNone(run.stats()["offline_file"])
        self.assertGreater(run.stats()["retries"], 0)
        s = self.read_series(run.id, ["x"])["x"]
        self.assertEqual(s["steps"], list(range(1000)))
        self.assertEqual(s["values"], [float(i) for i in range(1000)])
        runs = self.get("/api/v1/runs?project=py-it")
        self.assertEqual([r["id"] for r in runs["runs"]].count(run.id), 1)
        self.assertEqual(self.get("/api/v1/runs/%s" % run.id)["status"], "completed")


if __name__ == "__main__":
    unittest.main()

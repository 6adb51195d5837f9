"""Parameter snapshots and histograms (issue 7): the RLT1 encoding, deterministic row sampling, duck-typed
tensors, the adaptive interval, never raising into training, and a round trip through the real server."""

from __future__ import annotations

import json
import os
import shutil
import struct
import tempfile
import time
import unittest
import urllib.request
from unittest import mock

from fake_server import CLIENT_DIR  # noqa: F401  (puts the client on sys.path)

import runlens
import test_integration
from test_integration import SKIP_REASON


class FakeTensor(object):
    """Just enough of a tensor: detach/cpu/tolist/shape/indexing by a list of rows."""

    def __init__(self, rows):
        self.rows = [list(r) for r in rows]
        self.shape = (len(self.rows), len(self.rows[0]) if self.rows else 0)
        self.ndim = 2

    def detach(self):
        return self

    def cpu(self):
        return self

    def __getitem__(self, idx):
        return FakeTensor([self.rows[i] for i in idx])

    def tolist(self):
        return [list(r) for r in self.rows]

    def __iter__(self):
        return iter(self.rows)

    def __len__(self):
        return len(self.rows)


class FakeModel(object):
    def __init__(self, params):
        self.params = params

    def named_parameters(self):
        return list(self.params.items())


def decode_body(body):
    magic, hlen = struct.unpack("<4sI", body[:8])
    header = json.loads(body[8:8 + hlen].decode("utf-8"))
    data = body[8 + hlen:]
    fmt = "e" if header["dtype"] == "float16" else "f"
    values = struct.unpack("<%d%s" % (len(data) // struct.calcsize(fmt), fmt), data)
    return magic, header, values


class EncodingTest(unittest.TestCase):
    def test_encodes_nested_lists_as_float16_with_labels(self):
        body = runlens._encode_snapshot(runlens._Snapshot("tok_emb", 3, [[1, 2], [3, 70000]], ["a", "b"], "float16"))
        magic, header, values = decode_body(body)
        self.assertEqual(magic, b"RLT1")
        self.assertEqual(header, {"name": "tok_emb", "step": 3, "dtype": "float16", "shape": [2, 2], "labels": ["a", "b"]})
        self.assertEqual(values, (1.0, 2.0, 3.0, 65504.0))

    def test_encodes_float32_and_1d(self):
        _, header, values = decode_body(runlens._encode_snapshot(runlens._Snapshot("b", 0, [0.5, 1.5, 2.5], None, "float32")))
        self.assertEqual(header["shape"], [3, 1])
        self.assertEqual(values, (0.5, 1.5, 2.5))

    def test_samples_the_same_rows_every_time(self):
        a = runlens._sample_rows("tok_emb.weight", 50257, 2048)
        self.assertEqual(a, runlens._sample_rows("tok_emb.weight", 50257, 2048))
        self.assertEqual(len(a), 2048)
        self.assertEqual(a, sorted(set(a)))
        self.assertNotEqual(a, runlens._sample_rows("pos_emb.weight", 50257, 2048))
        self.assertIsNone(runlens._sample_rows("x", 100, 2048))

    def test_histogram_of_values(self):
        edges, counts = runlens._histogram([0.0, 1.0, 1.0, 2.0, float("nan")], 2)
        self.assertEqual(edges, [0.0, 1.0, 2.0])
        self.assertEqual(counts, [1.0, 3.0])
        self.assertEqual(runlens._histogram([float("inf")], 4), ([], []))


class LogParametersTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.mkdtemp(prefix="runlens-py-params-")
        self.addCleanup(shutil.rmtree, self.tmp, True)
        self.sent = []
        # capture what would go to the server
        patcher = mock.patch.object(runlens.Run, "_http", autospec=True, side_effect=self._fake_http)
        patcher.start()
        self.addCleanup(patcher.stop)

    def _fake_http(self, run, method, path, payload, content_type="application/json"):
        self.sent.append((method, path, payload, content_type))
        body = b'{"id":"%s"}' % run.id.encode() if path == "/api/v1/runs" else b"{}"
        return runlens._HttpResult(200, body, None)

    def init(self):
        return runlens.init(project="p", url="http://127.0.0.1:9", offline_dir=self.tmp, install_hooks=False, git=False)

    def tensors(self):
        return [decode_body(p)[1] for (_, path, p, ct) in self.sent if path.endswith("/tensors")]

    def test_snapshots_every_n_steps_the_named_parameters_only(self):
        run = self.init()
        model = FakeModel({
            "tok_emb.weight": FakeTensor([[i, i + 1] for i in range(10)]),
            "pos_emb.weight": FakeTensor([[0.5, 0.25]] * 4),
            "head.weight": FakeTensor([[1.0, 2.0]]),
        })
        for step in range(10):
            run.log({"loss": 1.0 / (step + 1)}, step=step)
            run.log_parameters(model, every=5, names=["tok_emb", "pos_emb"], sample=6,
                               labels={"tok_emb": [chr(97 + i) for i in range(10)]})
        run.finish()
        headers = self.tensors()
        self.assertEqual(sorted((h["name"], h["step"]) for h in headers),
                         [("pos_emb.weight", 0), ("pos_emb.weight", 5), ("tok_emb.weight", 0), ("tok_emb.weight", 5)])
        tok = [h for h in headers if h["name"] == "tok_emb.weight"]
        self.assertEqual(tok[0]["shape"], [6, 2])
        self.assertEqual(tok[0]["labels"], tok[1]["labels"])
        self.assertTrue(all(len(x) == 1 for x in tok[0]["labels"]))
        for method, path, payload, ct in self.sent:
            if path.endswith("/tensors"):
                self.assertEqual(ct, "application/octet-stream")

    def test_plain_dict_of_lists_and_histograms(self):
        run = self.init()
        run.log_parameters({"w": [[1.0, 2.0], [3.0, 4.0]]}, every=1)
        run.log_histogram("weights/w", [1, 2, 3, 4], step=0, bins=2)
        run.log_histogram("given", edges=[0, 1, 2], counts=[3, 4], step=1)
        run.log_histogram("bad", edges=[0, 1], counts=[3, 4], step=1)
        run.finish()
        self.assertEqual(self.tensors()[0]["shape"], [2, 2])
        hists = [json.loads(p)["histograms"][0] for (_, path, p, _) in self.sent if path.endswith("/histograms")]
        self.assertEqual([(h["key"], h["counts"]) for h in hists], [("weights/w", [2.0, 2.0]), ("given", [3.0, 4.0])])

    def test_never_raises_and_adapts_the_interval_to_the_overhead_budget(self):
        run = self.init()

        class Exploding(object):
            def named_parameters(self):
                raise RuntimeError("boom")

        with self.assertLogs("runlens", level="WARNING") as logs:
            run.log_parameters(Exploding(), every=1)
            run.log_parameters(Exploding(), every=1)
            run.log_parameters(object(), every=1)
        self.assertEqual(sum("log_parameters() failed" in m for m in logs.output), 1)

        class Slow(object):
            def named_parameters(self):
                time.sleep(0.01)  # a 10 ms snapshot against ~1 ms steps
                return [("w", [[1.0]])]

        run2 = self.init()
        for _ in range(60):
            time.sleep(0.001)
            run2.log_parameters(Slow(), every=1)
        stats = run2.parameter_stats()
        self.assertGreater(stats["every"], 20)
        run.finish()
        run2.finish()


@unittest.skipUnless(SKIP_REASON is None, SKIP_REASON or "")
class ParametersRealServerTest(unittest.TestCase):
    # the real-server fixture of test_integration, without inheriting (and re-running) its tests
    setUp = test_integration.RealServerTest.setUp
    _start_server = test_integration.RealServerTest._start_server
    tearDown = test_integration.RealServerTest.tearDown

    def test_snapshots_reach_the_server_and_project(self):
        run = runlens.init(project="py-params", url=self.url, offline_dir=self.offline_dir, install_hooks=False)
        model = FakeModel({"tok_emb.weight": FakeTensor([[((i * 7 + j * 3) % 11) / 10.0 for j in range(4)] for i in range(30)])})
        for step in range(3):
            run.log({"loss": 1.0}, step=step)
            # max_overhead high: this loop has no training to compare with, so adaptation would skip steps
            run.log_parameters(model, every=1, names=["tok_emb"], labels={"tok_emb": [str(i) for i in range(30)]},
                               max_overhead=1e6)
        run.log_histogram("w", [0.1, 0.2, 0.3], step=2)
        self.assertTrue(run.finish())
        with urllib.request.urlopen("%s/api/v1/runs/%s/tensors" % (self.url, run.id), timeout=30) as resp:
            listing = json.loads(resp.read())
        self.assertEqual(listing["tensors"], [{"name": "tok_emb.weight", "steps": [0, 1, 2], "dtype": "float16", "shape": [30, 4]}])
        with urllib.request.urlopen("%s/api/v1/runs/%s/tensors/tok_emb.weight/projection" % (self.url, run.id), timeout=30) as resp:
            proj = json.loads(resp.read())
        self.assertEqual(len(proj["snapshots"]), 3)
        self.assertEqual(proj["labels"][:3], ["0", "1", "2"])
        with urllib.request.urlopen("%s/api/v1/runs/%s/histograms?key=w" % (self.url, run.id), timeout=30) as resp:
            self.assertEqual(len(json.loads(resp.read())["histograms"]), 1)


if __name__ == "__main__":
    unittest.main()

"""A tiny character-level GPT in PyTorch (CPU, a few seconds) that logs to runlens: metrics, its token and
position embeddings for the Parameters view, and weight histograms.

    npx runlens serve &                                  # or any runlens server
    /usr/bin/python3 examples/pytorch/train_char_gpt.py  # RUNLENS_URL picks the server

It prints the logging overhead (share of the training step spent in runlens calls, including the background
snapshot encoding). ``--bench-extraction`` instead times one parameter snapshot of a GPT-2-sized token embedding
(50,257 × 768, sampled to 2,048 rows): the copy on the training thread plus the float16 encoding.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import statistics
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "clients", "python"))
import runlens  # noqa: E402

TEXT = """It is a truth universally acknowledged, that a single man in possession of a good fortune, must be in want
of a wife. However little known the feelings or views of such a man may be on his first entering a neighbourhood,
this truth is so well fixed in the minds of the surrounding families, that he is considered the rightful property
of some one or other of their daughters. Alice was beginning to get very tired of sitting by her sister on the
bank, and of having nothing to do: once or twice she had peeped into the book her sister was reading, but it had no
pictures or conversations in it, 'and what is the use of a book,' thought Alice 'without pictures or
conversations?' Four score and seven years ago our fathers brought forth on this continent, a new nation,
conceived in Liberty, and dedicated to the proposition that all men are created equal. In 1859, 1776 and 1863:
numbers, dates; and punctuation!"""


class Block(nn.Module):
    def __init__(self, n_embd: int, n_head: int, block_size: int) -> None:
        super().__init__()
        self.ln1 = nn.LayerNorm(n_embd)
        self.attn = nn.MultiheadAttention(n_embd, n_head, batch_first=True)
        self.ln2 = nn.LayerNorm(n_embd)
        self.mlp = nn.Sequential(nn.Linear(n_embd, 4 * n_embd), nn.GELU(), nn.Linear(4 * n_embd, n_embd))
        mask = torch.triu(torch.ones(block_size, block_size, dtype=torch.bool), diagonal=1)
        self.register_buffer("mask", mask)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        t = x.size(1)
        h = self.ln1(x)
        a, _ = self.attn(h, h, h, attn_mask=self.mask[:t, :t], need_weights=False)
        x = x + a
        return x + self.mlp(self.ln2(x))


class TinyGPT(nn.Module):
    def __init__(self, vocab: int, block_size: int = 32, n_embd: int = 48, n_head: int = 4, n_layer: int = 2) -> None:
        super().__init__()
        self.tok_emb = nn.Embedding(vocab, n_embd)
        self.pos_emb = nn.Embedding(block_size, n_embd)
        self.blocks = nn.Sequential(*[Block(n_embd, n_head, block_size) for _ in range(n_layer)])
        self.ln_f = nn.LayerNorm(n_embd)
        self.head = nn.Linear(n_embd, vocab)

    def forward(self, idx: torch.Tensor) -> torch.Tensor:
        pos = torch.arange(idx.size(1), device=idx.device)
        x = self.tok_emb(idx) + self.pos_emb(pos)
        return self.head(self.ln_f(self.blocks(x)))


def train(args: argparse.Namespace) -> dict:
    torch.manual_seed(args.seed)
    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    chars = sorted(set(TEXT))
    stoi = {c: i for i, c in enumerate(chars)}
    data = torch.tensor([stoi[c] for c in TEXT], dtype=torch.long)
    block = 32
    model = TinyGPT(len(chars), block_size=block)
    opt = torch.optim.AdamW(model.parameters(), lr=args.lr)
    run = runlens.init(project=args.project, name=args.name,
                       config={"lr": args.lr, "steps": args.steps, "batch": args.batch, "seed": args.seed,
                               "model": {"n_embd": 48, "n_layer": 2, "n_head": 4, "block": block, "vocab": len(chars)}},
                       tags=["pytorch", "example"])
    labels = {"tok_emb": [repr(c)[1:-1] if c.isspace() else c for c in chars], "pos_emb": [str(i) for i in range(block)]}
    step_times, log_times = [], []
    for step in range(args.steps):
        t0 = time.perf_counter()
        ix = torch.randint(len(data) - block - 1, (args.batch,))
        x = torch.stack([data[i:i + block] for i in ix])
        y = torch.stack([data[i + 1:i + block + 1] for i in ix])
        logits = model(x)
        loss = F.cross_entropy(logits.reshape(-1, logits.size(-1)), y.reshape(-1))
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        t1 = time.perf_counter()
        run.log({"train/loss": loss.item(), "lr": args.lr}, step=step)
        run.log_parameters(model, every=args.every, names=["tok_emb", "pos_emb"], sample=2048, labels=labels)
        if step % args.hist_every == 0 or step == args.steps - 1:
            for name, p in model.named_parameters():
                if name.endswith("weight") and p.dim() == 2:
                    run.log_histogram("weights/" + name, p, step=step, bins=48)
        t2 = time.perf_counter()
        step_times.append(t1 - t0)
        log_times.append(t2 - t1)
    pstats = run.parameter_stats()
    ok = run.finish()
    train_time = sum(step_times)
    # the training thread's own runlens calls, plus the snapshot encoding done on the background thread
    overhead = (sum(log_times) + pstats["background_ms"] / 1000) / train_time
    result = {
        "run": run.id,
        "steps": args.steps,
        "final_loss": round(loss.item(), 4),
        "step_ms": round(1000 * statistics.median(step_times), 3),
        "log_ms_per_step": round(1000 * sum(log_times) / len(log_times), 3),
        "overhead_pct": round(100 * overhead, 2),
        "snapshot_every": pstats["every"],
        "snapshots_sent": pstats["sent"],
        "delivered": ok,
    }
    print("logging overhead: %.2f%% of step time (%.3f ms of %.3f ms per step; parameters every %d steps)"
          % (result["overhead_pct"], result["log_ms_per_step"], 1000 * train_time / args.steps, pstats["every"]))
    return result


def bench_extraction(repeats: int) -> dict:
    """One snapshot of a GPT-2-sized embedding: copy 2,048 sampled rows (training thread), encode float16."""
    torch.manual_seed(0)
    emb = nn.Embedding(50257, 768)
    idx = runlens._sample_rows("tok_emb.weight", 50257, 2048)
    copy_ms, encode_ms = [], []
    for _ in range(repeats):
        t0 = time.perf_counter()
        rows = runlens._take_rows(emb.weight, idx)
        t1 = time.perf_counter()
        body = runlens._encode_snapshot(runlens._Snapshot("tok_emb.weight", 0, rows, None, None, "float16"))
        t2 = time.perf_counter()
        copy_ms.append(1000 * (t1 - t0))
        encode_ms.append(1000 * (t2 - t1))
    result = {
        "rows": 50257, "cols": 768, "sample": 2048,
        "copy_ms": round(statistics.median(copy_ms), 2),
        "encode_ms": round(statistics.median(encode_ms), 2),
        "total_ms": round(statistics.median([a + b for a, b in zip(copy_ms, encode_ms)]), 2),
        "body_bytes": len(body),
    }
    print("extraction of a 50,257 x 768 embedding sampled to 2,048 rows: %.2f ms per snapshot "
          "(%.2f ms copy on the training thread, %.2f ms float16 encoding in the background), %d bytes"
          % (result["total_ms"], result["copy_ms"], result["encode_ms"], result["body_bytes"]))
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--steps", type=int, default=300)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=3e-3)
    ap.add_argument("--every", type=int, default=10, help="parameter snapshot interval (adapted upwards)")
    ap.add_argument("--hist-every", type=int, default=50)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--project", default=os.environ.get("RUNLENS_PROJECT", "pytorch-example"))
    ap.add_argument("--name", default="tiny-char-gpt")
    ap.add_argument("--bench-extraction", action="store_true")
    ap.add_argument("--json", action="store_true", help="print the result as one JSON line at the end")
    args = ap.parse_args()
    result = bench_extraction(10) if args.bench_extraction else train(args)
    if args.json:
        print("RESULT " + json.dumps(result))
    if not args.bench_extraction and not math.isfinite(result["final_loss"]):
        sys.exit(1)


if __name__ == "__main__":
    main()

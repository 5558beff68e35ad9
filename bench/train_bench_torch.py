"""PyTorch CPU reference for bench/train_bench.ts: the same GPT-2-style model (pre-LN, learned positions,
tied embeddings, tanh-GELU MLP of width 4*hidden) trained with AdamW in float32 on one thread.

Usage: python3 train_bench_torch.py VOCAB T HIDDEN LAYERS HEADS BATCH STEPS
Prints one JSON line: {"train_tokens_per_s": ..., "score_tokens_per_s": ..., "params": ..., "torch": ...}.

       python3 train_bench_torch.py gemm N
Prints {"gflops": ...}: the one-thread float32 rate of an N x N by N x N product, the ceiling of any
step made of dense products.
"""
import json
import math
import os
import sys
import time

# torch.set_num_threads(1) does not reach the BLAS, and OpenBLAS starts one thread per core unless this
# variable is set before it loads, so without it the one-thread reference would use every core.
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("OMP_NUM_THREADS", "1")

import torch
import torch.nn as nn
import torch.nn.functional as F


class Block(nn.Module):
    def __init__(self, d, h):
        super().__init__()
        self.h = h
        self.ln1 = nn.LayerNorm(d)
        self.q = nn.Linear(d, d)
        self.k = nn.Linear(d, d)
        self.v = nn.Linear(d, d)
        self.o = nn.Linear(d, d)
        self.ln2 = nn.LayerNorm(d)
        self.fc = nn.Linear(d, 4 * d)
        self.proj = nn.Linear(4 * d, d)

    def forward(self, x, mask):
        b, t, d = x.shape
        a = self.ln1(x)
        split = lambda y: y.view(b, t, self.h, d // self.h).transpose(1, 2)
        q, k, v = split(self.q(a)), split(self.k(a)), split(self.v(a))
        att = (q @ k.transpose(-1, -2)) / math.sqrt(d // self.h) + mask
        ctx = (att.softmax(-1) @ v).transpose(1, 2).reshape(b, t, d)
        x = x + self.o(ctx)
        return x + self.proj(F.gelu(self.fc(self.ln2(x)), approximate="tanh"))


class Gpt(nn.Module):
    def __init__(self, vocab, t, d, layers, heads):
        super().__init__()
        self.wte = nn.Embedding(vocab, d)
        self.wpe = nn.Parameter(torch.zeros(t, d))
        self.blocks = nn.ModuleList(Block(d, heads) for _ in range(layers))
        self.lnf = nn.LayerNorm(d)
        self.register_buffer("mask", torch.triu(torch.full((t, t), -1e9), 1))

    def forward(self, ids):
        x = self.wte(ids) + self.wpe[: ids.shape[1]]
        for blk in self.blocks:
            x = blk(x, self.mask)
        return self.lnf(x) @ self.wte.weight.t()


def gemm(n):
    torch.set_num_threads(1)
    a, b = torch.randn(n, n), torch.randn(n, n)
    for _ in range(3):
        a @ b
    reps = 20
    t0 = time.perf_counter()
    for _ in range(reps):
        a @ b
    print(json.dumps({"gflops": 2 * n ** 3 * reps / (time.perf_counter() - t0) / 1e9}))


def main():
    if sys.argv[1] == "gemm":
        return gemm(int(sys.argv[2]))
    vocab, t, d, layers, heads, batch, steps = map(int, sys.argv[1:8])
    torch.manual_seed(0)
    torch.set_num_threads(1)
    model = Gpt(vocab, t, d, layers, heads)
    opt = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=0.01)
    ids = torch.randint(0, vocab, (batch, t))
    tgt = torch.randint(0, vocab, (batch, t))

    def train_step():
        loss = F.cross_entropy(model(ids).reshape(-1, vocab), tgt.reshape(-1))
        opt.zero_grad()
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()

    for _ in range(2):
        train_step()
    t0 = time.perf_counter()
    for _ in range(steps):
        train_step()
    train = batch * t * steps / (time.perf_counter() - t0)
    with torch.no_grad():
        model(ids)
        t0 = time.perf_counter()
        for _ in range(steps):
            model(ids).log_softmax(-1)
        score = batch * t * steps / (time.perf_counter() - t0)
    params = sum(p.numel() for p in model.parameters())
    print(json.dumps({"train_tokens_per_s": train, "score_tokens_per_s": score, "params": params,
                      "torch": torch.__version__}))


if __name__ == "__main__":
    main()

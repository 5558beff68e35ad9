import assert from "node:assert/strict";
import { NgramLanguageModel } from "./ngram_lm.ts";
import { GramTable } from "./gram_table.ts";
import { Rng } from "../util/prng.ts";

function randomTokens(rng: Rng, n: number, vocab: number): Int32Array {
  const out = new Int32Array(n);
  // A skewed, order-1 dependent source so every table gets non-trivial counts.
  let prev = 0;
  for (let i = 0; i < n; i++) {
    prev = rng.uniform() < 0.5 ? (prev * 7 + 3) % vocab : rng.int(Math.min(vocab, 1 + rng.int(vocab)));
    out[i] = prev;
  }
  return out;
}

Deno.test("GramTable grows and keeps every key", () => {
  const table = new GramTable(3, 1, 4);
  const rng = new Rng(1);
  const keys = Array.from({ length: 5000 }, () => Int32Array.of(rng.int(50), rng.int(50), rng.int(50)));
  for (const k of keys) {
    const entry = table.upsert(k, 0); // may grow the table and replace `stats`
    table.stats[entry]! += 1;
  }
  let total = 0;
  for (const k of keys) assert.ok(table.find(k, 0) >= 0);
  for (let e = 0; e < table.size; e++) total += table.stats[e]!;
  assert.equal(total, 5000);
  assert.equal(table.find(Int32Array.of(99, 99, 99), 0), -1);
});

Deno.test("ngram distributions sum to one", () => {
  const vocab = 17;
  const rng = new Rng(2);
  for (const [order, modified] of [[1, true], [2, true], [3, true], [5, true], [3, false]] as const) {
    const lm = new NgramLanguageModel(vocab, { order, modified });
    lm.train([randomTokens(rng, 3000, vocab), randomTokens(rng, 500, vocab)]);
    const contexts = [
      new Int32Array(0),
      Int32Array.of(3),
      Int32Array.of(3, 4, 0, 1),
      Int32Array.of(16, 16, 16, 16),
    ];
    for (const ctx of contexts) {
      const probs = lm.distribution(ctx);
      const sum = probs.reduce((a, b) => a + b, 0);
      assert.ok(Math.abs(sum - 1) < 1e-12, `order ${order} context [${ctx}] sums to ${sum}`);
      assert.ok(probs.every((p) => p > 0), `order ${order} context [${ctx}] has a zero probability`);
    }
  }
});

Deno.test("ngram scores match the distribution", async () => {
  const vocab = 11;
  const lm = new NgramLanguageModel(vocab, { order: 3, adapt: false });
  lm.train([randomTokens(new Rng(3), 2000, vocab)]);
  const seq = Int32Array.of(1, 2, 3, 4, 5);
  const [scores] = await lm.score([seq]);
  for (let t = 0; t < seq.length; t++) {
    const p = lm.distribution(seq.subarray(0, t))[seq[t]!]!;
    assert.ok(Math.abs(Math.log(p) - scores![t]!) < 1e-12, `position ${t}`);
  }
});

Deno.test("adaptive distributions still sum to one", async () => {
  // Score a sequence with a probe: the probe's log-probs at each position, summed over the vocabulary.
  const vocab = 9;
  const lm = new NgramLanguageModel(vocab, { order: 3, adaptWeight: 3 });
  lm.train([randomTokens(new Rng(4), 400, vocab)]);
  const prefix = Int32Array.of(1, 2, 3, 1, 2, 3, 1, 2);
  let sum = 0;
  for (let w = 0; w < vocab; w++) {
    const seq = new Int32Array(prefix.length + 1);
    seq.set(prefix);
    seq[prefix.length] = w;
    const [scores] = await lm.score([seq]);
    sum += Math.exp(scores![prefix.length]!);
  }
  assert.ok(Math.abs(sum - 1) < 1e-12, `sum ${sum}`);
});

Deno.test("adaptation lowers loss on repeated text", async () => {
  const vocab = 50;
  const rng = new Rng(5);
  const lm = new NgramLanguageModel(vocab, { order: 4 });
  const staticLm = new NgramLanguageModel(vocab, { order: 4, adapt: false });
  const train = [randomTokens(rng, 5000, vocab)];
  lm.train(train);
  staticLm.train(train);
  const passage = new Int32Array(200);
  for (let i = 0; i < passage.length; i++) passage[i] = rng.int(vocab);
  const doc = new Int32Array(400);
  doc.set(passage, 0);
  doc.set(passage, 200);
  const [adaptive] = await lm.score([doc]);
  const [fixed] = await staticLm.score([doc]);
  const loss = (s: Float64Array, a: number, b: number) =>
    -s.subarray(a, b).reduce((x, y) => x + y, 0) / (b - a);
  const repeat = loss(adaptive!, 250, 400);
  assert.ok(repeat < 1, `adaptive loss on the repeat ${repeat}`);
  assert.ok(loss(fixed!, 250, 400) > 3, `static loss on the repeat ${loss(fixed!, 250, 400)}`);
  assert.ok(repeat < loss(adaptive!, 50, 200) - 2, `first pass ${loss(adaptive!, 50, 200)}`);
  const heavy = new NgramLanguageModel(vocab, { order: 4, adaptWeight: 8 }).train(train);
  const [heavyScores] = await heavy.score([doc]);
  assert.ok(loss(heavyScores!, 250, 400) < repeat, `weight 8 loss ${loss(heavyScores!, 250, 400)}`);
});

Deno.test("modified discounts stay below their counts", () => {
  const lm = new NgramLanguageModel(40, { order: 4 }).train([randomTokens(new Rng(7), 20_000, 40)]);
  for (let k = 1; k <= 4; k++) {
    const [d1, d2, d3] = lm.discounts(k);
    for (const [name, value, max] of [["D1", d1, 1], ["D2", d2, 2], ["D3", d3, 3]] as const) {
      assert.ok(value > 0, `order ${k}: ${name} ${value} must be positive`);
      assert.ok(value < max, `order ${k}: ${name} ${value} must be below ${max}`);
    }
  }
  const single = new NgramLanguageModel(40, { order: 4, modified: false }).train([
    randomTokens(new Rng(7), 2000, 40),
  ]);
  const [a, b, c] = single.discounts(4);
  assert.equal(a, b);
  assert.equal(b, c);
});

Deno.test("adaptation is undone between sequences", async () => {
  const vocab = 20;
  const lm = new NgramLanguageModel(vocab, { order: 3 });
  lm.train([randomTokens(new Rng(6), 1000, vocab)]);
  const seq = Int32Array.of(4, 5, 6, 4, 5, 6, 4, 5, 6);
  const [first] = await lm.score([seq]);
  await lm.score([Int32Array.of(7, 7, 7, 7, 7, 7, 7, 7)]);
  const [again] = await lm.score([seq]);
  assert.deepEqual(again, first);
  const before = lm.distribution(Int32Array.of(7, 7));
  await lm.score([seq, Int32Array.of(7, 7, 7, 7)]);
  assert.deepEqual(lm.distribution(Int32Array.of(7, 7)), before);
});

Deno.test("ngram rejects bad input", async () => {
  assert.throws(() => new NgramLanguageModel(0), /invalid vocabulary size 0/);
  assert.throws(() => new NgramLanguageModel(5, { order: 0 }), /invalid n-gram order 0/);
  assert.throws(() => new NgramLanguageModel(5, { adaptWeight: 0.5 }), /invalid adaptation weight 0.5/);
  const lm = new NgramLanguageModel(5, { order: 2 });
  assert.throws(() => lm.train([Int32Array.of(1, 5)]), /token id 5 at sequence 0, position 1/);
  await assert.rejects(() => lm.score([Int32Array.of(-1)]), /token id -1/);
});

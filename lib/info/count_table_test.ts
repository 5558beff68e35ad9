import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/prng.ts";
import { countNgrams, countPairs, CountTable, countUnigrams } from "./count_table.ts";

function mapPairs(streams: Int32Array[], d: number): Map<string, number> {
  const m = new Map<string, number>();
  for (const s of streams) {
    for (let i = 0; i + d < s.length; i++) {
      const k = `${s[i]},${s[i + d]}`;
      m.set(k, (m.get(k) ?? 0) + 1);
    }
  }
  return m;
}

Deno.test("pair counts match a Map", () => {
  const rng = new Rng(1);
  const streams = [0, 1, 2].map(() => Int32Array.from({ length: 5000 }, () => rng.int(300)));
  for (const d of [1, 3, 64]) {
    // A tiny initial capacity forces many rehashes.
    const table = countPairs(streams, d, 4);
    const ref = mapPairs(streams, d);
    assert.equal(table.size, ref.size, `d=${d} size`);
    assert.equal(table.total, 3 * (5000 - d), `d=${d} total`);
    for (const [k, v] of ref) assert.equal(table.get(k.split(",").map(Number)), v, `d=${d} key ${k}`);
    let sum = 0;
    table.forEach((_key, count) => (sum += count));
    assert.equal(sum, table.total);
  }
});

Deno.test("pairs never cross streams", () => {
  const t = countPairs([Int32Array.of(1, 2), Int32Array.of(3, 4)], 1);
  assert.equal(t.get([2, 3]), 0);
  assert.equal(t.total, 2);
  assert.equal(countPairs([Int32Array.of(1)], 5).total, 0);
});

Deno.test("ngram and unigram counts", () => {
  const s = Int32Array.of(1, 2, 3, 1, 2, 3, 1);
  const tri = countNgrams([s], 3);
  assert.equal(tri.get([1, 2, 3]), 2);
  assert.equal(tri.get([3, 1, 2]), 1);
  assert.equal(tri.total, 5);
  assert.deepEqual([...countUnigrams([s])], [0, 3, 2, 2]);
  assert.throws(() => countUnigrams([s], 3), /token id 3 at position 2/);
});

Deno.test("count table rejects bad ids", () => {
  const t = new CountTable(2);
  assert.throws(() => t.add([1, -1]), InputError);
  assert.throws(() => t.addPairsAtDistance(Int32Array.of(1, -2), 1), /position 1 is negative/);
  assert.throws(() => t.addPairsAtDistance(Int32Array.of(1, 2), 0), /positive integer/);
  assert.throws(() => new CountTable(1).addPairsAtDistance(Int32Array.of(1, 2), 1), /order-2/);
});

Deno.test("count table grows beyond 2^24 entries", () => {
  // 2^24 + 1000 distinct pairs (i, i+1): more keys than a JavaScript Map can hold.
  const n = (1 << 24) + 1001;
  const tokens = new Int32Array(n);
  for (let i = 0; i < n; i++) tokens[i] = i;
  const t = countPairs([tokens], 1, 1 << 20);
  assert.equal(t.size, n - 1);
  assert.equal(t.get([0, 1]), 1);
  assert.equal(t.get([n - 2, n - 1]), 1);
  assert.equal(t.get([1, 0]), 0);
  assert.ok(t.capacity >= 2 * (n - 1));
});

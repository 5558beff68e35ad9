import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import {
  lengthHistogram,
  letterWords,
  logSpacedIntegers,
  rankFrequency,
  vocabularyGrowth,
  zipfFitPoints,
} from "./text_stats.ts";

Deno.test("rank frequency sorts by count", () => {
  const r = rankFrequency(["b", "a", "b", "c", "a", "b"]);
  assert.deepEqual(r.keys, ["b", "a", "c"]);
  assert.deepEqual(r.counts, [3, 2, 1]);
  assert.equal(r.total, 6);
  const ids = rankFrequency(new Int32Array([5, 7, 7]));
  assert.deepEqual(ids.keys, [7, 5]);
});

Deno.test("rank frequency ties keep first occurrence", () => {
  assert.deepEqual(rankFrequency(["x", "y", "z", "y", "x", "z"]).keys, ["x", "y", "z"]);
});

Deno.test("log-spaced integers", () => {
  assert.deepEqual(logSpacedIntegers(1, 1000, 4), [1, 10, 100, 1000]);
  const dense = logSpacedIntegers(1, 10, 50);
  assert.deepEqual(dense, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.deepEqual(logSpacedIntegers(5, 5, 3), [5]);
  assert.throws(() => logSpacedIntegers(0, 10, 3), InputError);
  assert.throws(() => logSpacedIntegers(10, 5, 3), InputError);
  assert.throws(() => logSpacedIntegers(1, 5, 0), InputError);
});

Deno.test("vocabulary growth counts distinct tokens", () => {
  const tokens = ["a", "b", "a", "c", "b", "d"];
  assert.deepEqual(vocabularyGrowth(tokens, [0, 1, 2, 3, 4, 6]), [0, 1, 2, 2, 3, 4]);
  assert.throws(() => vocabularyGrowth(tokens, [3, 2]), InputError);
  assert.throws(() => vocabularyGrowth(tokens, [7]), InputError);
});

Deno.test("Zipf points recover an exact power law", () => {
  // counts = round(1e6 / r): exponent −1 up to rounding.
  const counts = Array.from({ length: 5000 }, (_, i) => Math.round(1e6 / (i + 1)));
  const { rank, count } = zipfFitPoints(counts, { fromRank: 10, minCount: 5, points: 30 });
  assert.equal(rank[0], 10);
  assert.equal(rank.at(-1), 5000);
  const slope = Math.log(count.at(-1)! / count[0]!) / Math.log(rank.at(-1)! / rank[0]!);
  assert.ok(Math.abs(slope + 1) < 1e-3, `slope ${slope}`);
  assert.throws(() => zipfFitPoints([9, 8, 7], { fromRank: 10 }), InputError);
});

Deno.test("letter words and length histogram", () => {
  assert.deepEqual(letterWords("Call me Ishmael. The whale's sea-fight—1851!"), [
    "call",
    "me",
    "ishmael",
    "the",
    "whale's",
    "sea-fight",
  ]);
  assert.deepEqual(lengthHistogram(["a", "bb", "cc", "déjà"]), { length: [1, 2, 4], count: [1, 2, 1] });
});

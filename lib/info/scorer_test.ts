import assert from "node:assert/strict";
import { createScorer, registerScorerFactory, scoreChecked, type Scorer, validateScores } from "./scorer.ts";
import { InputError } from "../util/errors.ts";

const constant = (value: number): Scorer => ({
  name: `constant(${value})`,
  vocabSize: 3,
  score: (seqs) => Promise.resolve(seqs.map((s) => new Float64Array(s.length).fill(value))),
});

Deno.test("validateScores accepts finite non-positive values", () => {
  const seqs = [Int32Array.of(0, 1), Int32Array.of(2)];
  const scores = [Float64Array.of(-1, -2), Float64Array.of(-0.5)];
  assert.equal(validateScores(seqs, scores, "s"), scores);
});

Deno.test("validateScores names sequence and position of NaN", () => {
  const seqs = [Int32Array.of(0, 1), Int32Array.of(2, 1, 0)];
  const scores = [Float64Array.of(-1, -2), Float64Array.of(-0.5, NaN, -1)];
  assert.throws(() => validateScores(seqs, scores, "s"), (e: Error) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /NaN at sequence 1, position 1/);
    return true;
  });
});

Deno.test("validateScores rejects infinities and positive values", () => {
  const seqs = [Int32Array.of(0)];
  assert.throws(() => validateScores(seqs, [Float64Array.of(-Infinity)], "s"), /-Infinity at sequence 0/);
  assert.throws(() => validateScores(seqs, [Float64Array.of(Infinity)], "s"), /Infinity at sequence 0/);
  assert.throws(() => validateScores(seqs, [Float64Array.of(0.5)], "s"), /0.5 at sequence 0, position 0/);
});

Deno.test("validateScores rejects length mismatch", () => {
  assert.throws(() => validateScores([Int32Array.of(0, 1)], [Float64Array.of(-1)], "s"), /sequence 0 has 2/);
  assert.throws(() => validateScores([Int32Array.of(0)], [], "s"), /0 score arrays for 1/);
});

Deno.test("scoreChecked rejects out-of-vocabulary ids", async () => {
  await assert.rejects(
    () => scoreChecked(constant(-1), [Int32Array.of(0, 3)]),
    /token id 3 at sequence 0, position 1/,
  );
  await assert.rejects(() => scoreChecked(constant(-1), [new Int32Array(0)]), /sequence 0 is empty/);
  await assert.rejects(
    () => scoreChecked(constant(NaN), [Int32Array.of(0)]),
    /NaN at sequence 0, position 0/,
  );
});

Deno.test("createScorer resolves registered prefixes", async () => {
  registerScorerFactory("const-test", (arg) => Promise.resolve(constant(-Number(arg))));
  const scorer = await createScorer("const-test:2");
  assert.equal(scorer.name, "constant(-2)");
  await assert.rejects(
    () => createScorer("nope:x"),
    /unknown scorer "nope:x": registered prefixes are .*const-test/,
  );
  await assert.rejects(
    () => createScorer("model:x"),
    /call registerModelScorer\(\) from lib\/train\/scorer_factory.ts first/,
  );
  assert.throws(() => registerScorerFactory("Bad Prefix", () => Promise.resolve(constant(0))), InputError);
});

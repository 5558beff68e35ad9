import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/prng.ts";
import { fitOffsetPowerLaw } from "./fit.ts";
import { normalQuantile, offsetFitNote, twoPointMI } from "./two_point.ts";

type Matrix = number[][];

function matMul(a: Matrix, b: Matrix): Matrix {
  return a.map((row) => b[0]!.map((_, j) => row.reduce((s, v, k) => s + v * b[k]![j]!, 0)));
}

function stationary(p: Matrix): number[] {
  let pi = p.map(() => 1 / p.length);
  for (let it = 0; it < 10000; it++) pi = pi.map((_, j) => pi.reduce((s, v, i) => s + v * p[i]![j]!, 0));
  return pi;
}

/** Exact I(X_t; X_{t+d}) of a stationary chain: Σ π_x P^d_xy ln(P^d_xy / π_y). */
function exactMI(p: Matrix, d: number): number {
  const pi = stationary(p);
  let pd = p;
  for (let k = 1; k < d; k++) pd = matMul(pd, p);
  let mi = 0;
  pi.forEach((px, x) =>
    pd[x]!.forEach((q, y) => {
      if (q > 0) mi += px * q * Math.log(q / pi[y]!);
    })
  );
  return mi;
}

function sampleChain(p: Matrix, n: number, rng: Rng): Int32Array {
  const pi = stationary(p);
  const draw = (probs: number[]) => {
    let u = rng.uniform(), i = 0;
    while (i < probs.length - 1 && u >= probs[i]!) u -= probs[i++]!;
    return i;
  };
  const out = new Int32Array(n);
  out[0] = draw(pi);
  for (let i = 1; i < n; i++) out[i] = draw(p[out[i - 1]!]!);
  return out;
}

const CHAIN: Matrix = [
  [0.9, 0.08, 0.02],
  [0.05, 0.9, 0.05],
  [0.1, 0.1, 0.8],
];

Deno.test("two-point MI recovers a Markov chain", () => {
  const rng = new Rng(42);
  const docs = Array.from({ length: 20 }, () => sampleChain(CHAIN, 20000, rng));
  const distances = [1, 2, 4, 8, 16, 32];
  for (const marginals of ["unigram", "pair"] as const) {
    const r = twoPointMI(docs, distances, { marginals });
    for (const row of r.rows) {
      const truth = exactMI(CHAIN, row.d);
      // The absolute 3e−4 covers two effects the SE omits. Overlapping pairs of this slowly mixing chain
      // are correlated, so the effective sample is smaller than N. With unigram marginals, H(X) also
      // counts the d tokens at each document end that no pair uses (at d = 32 Î is ~1.5e−4 too high).
      assert.ok(
        Math.abs(row.mi - truth) < 4 * row.se + 3e-4,
        `${marginals} d=${row.d}: ${row.mi} vs exact ${truth} (se ${row.se})`,
      );
      assert.ok(row.lower < row.mi, `d=${row.d}: lower ${row.lower} < mi ${row.mi}`);
      assert.ok(row.mi < row.upper, `d=${row.d}: mi ${row.mi} < upper ${row.upper}`);
    }
  }
});

Deno.test("two-point MI exact on a periodic stream", () => {
  const stream = Int32Array.from({ length: 4000 }, (_, i) => (i >> 1) % 2);
  const r = twoPointMI([stream], [1, 2, 4], { estimator: "plugin", marginals: "pair", correct: false });
  assert.ok(Math.abs(r.rows[1]!.mi - Math.log(2)) < 1e-3, `d=2: ${r.rows[1]!.mi}`);
  assert.ok(Math.abs(r.rows[0]!.mi) < 1e-3, `d=1: ${r.rows[0]!.mi}`);
  assert.equal(r.offset, null);
  assert.ok(Number.isNaN(r.rows[0]!.miCorrected));
});

Deno.test("offset fit flags a rising bias plateau", () => {
  // i.i.d. tokens over a large alphabet have I(d) = 0 at d ≥ 2, but estimates plateau at a positive bias;
  // a chain's first-order dependence adds a decaying part. The plateau rises slightly with d (fewer
  // pairs), which the log-space fit cannot follow, so it sets C ≈ 0 and must say so.
  const rng = new Rng(7);
  const docs = Array.from({ length: 4 }, () => {
    const s = new Int32Array(20000);
    for (let i = 0; i < s.length; i++) s[i] = i > 0 && rng.uniform() < 0.5 ? s[i - 1]! : rng.int(500);
    return s;
  });
  const r = twoPointMI(docs, [1, 2, 4, 8, 16, 32, 64, 128], { estimator: "plugin" });
  assert.ok(r.offset !== null);
  const minMi = Math.min(...r.rows.map((row) => row.mi));
  assert.ok(r.offset.C > 0, `C = ${r.offset.C} must be positive`);
  assert.ok(r.offset.C < minMi, `C = ${r.offset.C} must be below min I = ${minMi}`);
  for (const row of r.rows) assert.equal(row.miCorrected, row.mi - r.offset.C);
  assert.equal(r.offset.atBound, "lower", `C = ${r.offset.C}`);
  assert.match(r.offsetNote ?? "", /corrected series equals the raw one/);
  for (const row of r.rows) assert.ok(Math.abs(row.miCorrected - row.mi) < 1e-6 * row.mi, `d=${row.d}`);
});

Deno.test("offset fit at lower bound is flagged", () => {
  const d = [1, 2, 4, 8, 16, 32];
  const pure = fitOffsetPowerLaw(d, d.map((x) => 2 * x ** -0.5));
  assert.equal(pure.atBound, "lower", `C = ${pure.C}`);
  assert.match(offsetFitNote(pure)!, /lower bound.*corrected series equals the raw one/);
  const plateau = fitOffsetPowerLaw(d, d.map((x) => 2 * x ** -0.5 + 0.1));
  assert.equal(plateau.atBound, null, `C = ${plateau.C}`);
  assert.equal(offsetFitNote(plateau), null);
  assert.equal(offsetFitNote(null), null);
});

Deno.test("two-point MI rejects too few pairs", () => {
  const stream = Int32Array.from({ length: 40 }, (_, i) => i % 7);
  assert.throws(
    () => twoPointMI([stream], [1, 20]),
    (e: Error) =>
      e instanceof InputError &&
      /distance 20 has 20 token pair\(s\), fewer than the minimum 30/.test(e.message),
  );
  const one = Int32Array.of(3, 5);
  assert.throws(() => twoPointMI([one], [1]), /distance 1 has 1 token pair\(s\)/);
  assert.equal(twoPointMI([stream], [20], { minPairs: 20, correct: false }).rows[0]!.pairs, 20);
  assert.throws(() => twoPointMI([stream], [1], { minPairs: 0 }), /minPairs 0/);
});

Deno.test("two-point bootstrap over documents", () => {
  const rng = new Rng(3);
  const docs = Array.from({ length: 12 }, () => sampleChain(CHAIN, 3000, rng));
  const opts = { bootstrap: { rng: new Rng(9), resamples: 40 } };
  const a = twoPointMI(docs, [1, 2, 4, 8], opts);
  assert.equal(a.ciMethod, "bootstrap");
  for (const row of a.rows) {
    assert.ok(row.se > 0, `d=${row.d}: se ${row.se}`);
    assert.ok(row.lower <= row.mi, `d=${row.d}: lower ${row.lower} <= mi ${row.mi}`);
    assert.ok(row.mi <= row.upper, `d=${row.d}: mi ${row.mi} <= upper ${row.upper}`);
    assert.ok(Math.abs(row.mi - exactMI(CHAIN, row.d)) < 5 * row.se + 1e-3, `d=${row.d}`);
  }
  const b = twoPointMI(docs, [1, 2, 4, 8], { bootstrap: { rng: new Rng(9), resamples: 40 } });
  assert.deepEqual(a.rows, b.rows);
});

Deno.test("two-point MI rejects bad input", () => {
  const s = Int32Array.of(1, 2, 3);
  assert.throws(() => twoPointMI([s], []), /empty/);
  assert.throws(() => twoPointMI([s], [0]), /distance 0 is not a positive integer/);
  assert.throws(
    () => twoPointMI([s], [3]),
    (e: Error) => e instanceof InputError && /distance 3/.test(e.message),
  );
  assert.throws(() => twoPointMI([new Int32Array(0)], [1]), /no tokens/);
});

Deno.test("normal quantile", () => {
  assert.ok(Math.abs(normalQuantile(0.975) - 1.959963984540054) < 1e-8);
  assert.ok(Math.abs(normalQuantile(0.005) + 2.5758293035489) < 1e-8);
});

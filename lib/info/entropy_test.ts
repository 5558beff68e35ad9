import assert from "node:assert/strict";
import { InputError } from "../util/errors.ts";
import { Rng } from "../util/prng.ts";
import { digamma, EULER_GAMMA } from "./digamma.ts";
import { countOfCounts, entropy, type EstimatorName, ESTIMATORS, parseEstimator } from "./entropy.ts";

const close = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b} (tolerance ${tol})`);

/** Draws `n` samples from `probs` (inverse CDF) and returns the counts per symbol. */
function sampleCounts(probs: Float64Array, n: number, rng: Rng): Float64Array {
  const cdf = new Float64Array(probs.length);
  let acc = 0;
  for (let i = 0; i < probs.length; i++) cdf[i] = acc += probs[i]!;
  const counts = new Float64Array(probs.length);
  for (let k = 0; k < n; k++) {
    const u = rng.uniform() * acc;
    let lo = 0, hi = probs.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cdf[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    counts[lo]! += 1;
  }
  return counts;
}

function zipf(k: number, s: number): Float64Array {
  const p = Float64Array.from({ length: k }, (_, i) => 1 / (i + 1) ** s);
  const z = p.reduce((a, b) => a + b, 0);
  return p.map((v) => v / z);
}

const trueEntropy = (p: Float64Array) => -p.reduce((h, v) => h + (v > 0 ? v * Math.log(v) : 0), 0);

/** Mean and standard deviation of each estimator over `reps` samples of size `n`. */
function simulate(p: Float64Array, n: number, reps: number, seed: number) {
  const rng = new Rng(seed);
  const values = new Map<EstimatorName, number[]>(ESTIMATORS.map((e) => [e, []]));
  const ses = new Map<EstimatorName, number[]>(ESTIMATORS.map((e) => [e, []]));
  for (let r = 0; r < reps; r++) {
    const cc = countOfCounts(sampleCounts(p, n, rng));
    for (const e of ESTIMATORS) {
      const h = entropy(cc, e);
      values.get(e)!.push(h.value);
      ses.get(e)!.push(h.se);
    }
  }
  const stats = (xs: number[]) => {
    const m = xs.reduce((a, b) => a + b, 0) / xs.length;
    const sd = Math.sqrt(xs.reduce((a, b) => a + (b - m) ** 2, 0) / (xs.length - 1));
    return { mean: m, sd };
  };
  return Object.fromEntries(ESTIMATORS.map((e) => [e, {
    ...stats(values.get(e)!),
    meanSe: stats(ses.get(e)!).mean,
  }])) as Record<EstimatorName, { mean: number; sd: number; meanSe: number }>;
}

Deno.test("entropy of equal counts", () => {
  const h = entropy([7, 7, 7, 7, 7, 7, 7, 7], "plugin");
  close(h.value, Math.log(8), 1e-14, "plugin");
  close(h.se, 0, 1e-7, "plugin se");
  close(entropy([7, 7, 7, 7, 7, 7, 7, 7], "plugin", { bits: true }).value, 3, 1e-14, "bits");
  close(
    entropy([7, 7, 7, 7, 7, 7, 7, 7], "miller-madow").value,
    Math.log(8) + 7 / 112,
    1e-14,
    "miller-madow",
  );
});

Deno.test("grassberger closed form on small counts", () => {
  // counts {1, 2}: N = 3, H_G = ln 3 − (G(1) + 2·G(2))/3.
  const g1 = -EULER_GAMMA - Math.LN2, g2 = 2 - EULER_GAMMA - Math.LN2;
  const h = entropy([1, 0, 2], "grassberger");
  close(h.value, Math.log(3) - (g1 + 2 * g2) / 3, 1e-14, "H_G");
  const m2 = (1 / 3) * (g1 - Math.log(3)) ** 2 + (2 / 3) * (g2 - Math.log(3)) ** 2;
  close(h.se, Math.sqrt((m2 - h.value ** 2) / 3), 1e-14, "SE");
  assert.equal(h.total, 3);
  assert.equal(h.support, 2);
  close(digamma(3), 1.5 - EULER_GAMMA, 1e-14, "psi(3)");
});

Deno.test("chao-shen closed form", () => {
  // counts {1, 3}: N = 4, f1 = 1, coverage 3/4, p̃ = (3/16, 9/16).
  const pa = [3 / 16, 9 / 16];
  const expected = -pa.reduce((s, p) => s + (p * Math.log(p)) / (1 - (1 - p) ** 4), 0);
  close(entropy([1, 3], "chao-shen").value, expected, 1e-14, "H_CS");
  // All singletons: f1 is replaced by N − 1, so coverage stays positive and the estimate finite.
  assert.ok(Number.isFinite(entropy([1, 1, 1], "chao-shen").value));
});

Deno.test("uniform source: plugin low, grassberger close", () => {
  const k = 1000, n = 2000;
  const p = new Float64Array(k).fill(1 / k);
  const truth = Math.log(k);
  const s = simulate(p, n, 30, 7);
  const bias = (e: EstimatorName) => s[e].mean - truth;
  // Plug-in bias is about −(K − 1)/(2N) ≈ −0.25 nats here, to first order.
  assert.ok(bias("plugin") < -0.2, `plugin bias ${bias("plugin")}`);
  assert.ok(Math.abs(bias("grassberger")) < 0.06, `grassberger bias ${bias("grassberger")}`);
  // Chao–Shen over-corrects on a uniform source at N = 2K (≈ +0.12 nats here) but beats plug-in.
  assert.ok(Math.abs(bias("chao-shen")) < Math.abs(bias("plugin")), `chao-shen bias ${bias("chao-shen")}`);
  assert.ok(Math.abs(bias("miller-madow")) < Math.abs(bias("plugin")), "miller-madow improves on plugin");
  assert.ok(bias("grassberger") < 0.01, "grassberger still underestimates");
});

Deno.test("zipf source: bias ordering and SE", () => {
  const p = zipf(2000, 1.1);
  const truth = trueEntropy(p);
  const small = simulate(p, 3000, 30, 11);
  const b = (e: EstimatorName) => small[e].mean - truth;
  assert.ok(b("plugin") < 0, `plugin bias ${b("plugin")}`);
  assert.ok(
    Math.abs(b("grassberger")) < Math.abs(b("plugin")) / 2,
    `grassberger ${b("grassberger")} vs plugin ${b("plugin")}`,
  );
  // Well sampled: the delta-method SE matches the spread across repetitions.
  const big = simulate(zipf(50, 1.1), 20000, 60, 13);
  for (const e of ESTIMATORS) {
    const ratio = big[e].meanSe / big[e].sd;
    assert.ok(ratio > 0.7 && ratio < 1.4, `${e}: SE ${big[e].meanSe} vs empirical sd ${big[e].sd}`);
  }
});

Deno.test("entropy rejects bad input", () => {
  assert.throws(() => entropy([0, 0]), (e: Error) => e instanceof InputError && /empty/.test(e.message));
  assert.throws(() => entropy([1, 2.5]), /count #2 is 2.5/);
  assert.throws(() => entropy([1, -1]), /count #2 is -1/);
  assert.throws(() => parseEstimator("naive"), /plugin, miller-madow, grassberger, chao-shen/);
});

import assert from "node:assert/strict";
import {
  copyProcess,
  iidSource,
  markovChain,
  monteCarloBmi,
  randomMarkovChain,
  stationaryDistribution,
} from "./ground_truth.ts";
import { HiddenMarkovModel } from "./hmm.ts";
import { countNgrams } from "./count_table.ts";
import { entropy } from "./entropy.ts";
import { Rng } from "../util/prng.ts";

Deno.test("stationary distribution is a fixed point", () => {
  const t = [Float64Array.of(0.9, 0.1), Float64Array.of(0.3, 0.7)];
  const pi = stationaryDistribution(t);
  assert.ok(Math.abs(pi[0]! - 0.75) < 1e-12 && Math.abs(pi[1]! - 0.25) < 1e-12);
  // A periodic chain still has a unique stationary distribution.
  const flip = stationaryDistribution([Float64Array.of(0, 1), Float64Array.of(1, 0)]);
  assert.ok(Math.abs(flip[0]! - 0.5) < 1e-12);
});

Deno.test("Markov BMI equals the closed form", () => {
  const chain = markovChain([Float64Array.of(0.9, 0.1), Float64Array.of(0.3, 0.7)]);
  // I(X;X') = H(X') − H(X'|X) with π = (3/4, 1/4).
  const h = (p: number[]) => -p.reduce((s, v) => s + (v > 0 ? v * Math.log(v) : 0), 0);
  const expected = h([0.75, 0.25]) - (0.75 * h([0.9, 0.1]) + 0.25 * h([0.3, 0.7]));
  assert.ok(Math.abs(chain.exactBmi(10, 3) - expected) < 1e-12);
  assert.throws(() => chain.exactBmi(4, 4), /invalid split L = 4, ℓ = 4/);
});

Deno.test("Markov chain as an HMM enumerates to the same BMI", () => {
  const rng = new Rng(1);
  const chain = randomMarkovChain(3, rng, 0.5);
  const identity = [0, 1, 2].map((i) => Float64Array.from({ length: 3 }, (_, j) => (i === j ? 1 : 0)));
  const hmm = new HiddenMarkovModel(chain.transition, identity);
  assert.ok(Math.abs(hmm.exactBmi(6, 3) - chain.exactBmi(6, 3)) < 1e-10);
  assert.ok(Math.abs(hmm.twoPointMi(1) - chain.exactBmi(6, 3)) < 1e-10);
});

Deno.test("HMM sequence probabilities sum to one", () => {
  const hmm = HiddenMarkovModel.sticky(3, 2, 0.8, 0.9);
  let total = 0;
  for (let code = 0; code < 1 << 5; code++) {
    const seq = Int32Array.from({ length: 5 }, (_, i) => (code >> i) & 1);
    total += Math.exp(hmm.logProb(seq));
  }
  assert.ok(Math.abs(total - 1) < 1e-12, `${total}`);
});

Deno.test("HMM Monte Carlo BMI matches enumeration", async () => {
  const hmm = HiddenMarkovModel.sticky(2, 2, 0.95, 0.85);
  for (const [L, ell] of [[4, 2], [8, 4], [9, 3]] as const) {
    const exact = hmm.exactBmi(L, ell);
    const mc = await monteCarloBmi(hmm, L, ell, 4000, new Rng(L));
    assert.ok(Math.abs(mc.mean - exact) < 4 * mc.se, `L=${L} ℓ=${ell}: ${mc.mean} ± ${mc.se} vs ${exact}`);
  }
  // A hidden state carries more than one token: BMI grows with L but stays below ln K.
  assert.ok(hmm.exactBmi(8, 4) > hmm.exactBmi(2, 1));
  assert.ok(hmm.exactBmi(12, 6) < Math.log(2));
});

Deno.test("chain-rule terms sum to the BMI", () => {
  const hmm = HiddenMarkovModel.sticky(2, 3, 0.9, 0.7);
  const { terms, twoPoint } = hmm.chainRuleTerms(6, 3);
  const sum = terms.flat().reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(sum - hmm.exactBmi(6, 3)) < 1e-10, `${sum} vs ${hmm.exactBmi(6, 3)}`);
  const twoPointSum = twoPoint.flat().reduce((a, b) => a + b, 0);
  assert.ok(Math.abs(twoPointSum - sum) > 1e-3, "two-point sum should differ from the BMI for an HMM");
  assert.ok(Math.abs(twoPoint[2]![0]! - hmm.twoPointMi(1)) < 1e-12);
});

Deno.test("copy process has constant two-point MI and BMI", () => {
  const m = 4;
  const copy = copyProcess(m);
  const identity = Array.from(
    { length: m },
    (_, i) => Float64Array.from({ length: m }, (_, j) => (i === j ? 1 : 0)),
  );
  const hmm = new HiddenMarkovModel(copy.transition, identity);
  for (const d of [1, 3, 6]) assert.ok(Math.abs(hmm.twoPointMi(d) - Math.log(m)) < 1e-12);
  for (const L of [2, 4, 8]) assert.ok(Math.abs(hmm.exactBmi(L, L / 2) - Math.log(m)) < 1e-12);
  assert.throws(() => copyProcess(1), /invalid copy-process alphabet M = 1/);
});

Deno.test("iid source samples its distribution", () => {
  const iid = iidSource(Float64Array.of(0.25, 0.75));
  const s = iid.sample(new Rng(2), 20_000);
  const ones = s.reduce((a, b) => a + b, 0) / s.length;
  assert.ok(Math.abs(ones - 0.75) < 0.02);
  assert.throws(() => iidSource(Float64Array.of(0.5, 0.6)), /row 0 sums to 1.1/);
});

Deno.test("plug-in 2-gram entropy is biased, Grassberger is not", () => {
  // 2000-token samples of a 20-symbol chain: 400 possible pairs, about 5 observations per pair.
  const rng = new Rng(3);
  const chain = randomMarkovChain(20, rng, 1);
  let exact = 0;
  chain.stationary.forEach((p, x) => chain.transition[x]!.forEach((t) => (exact -= p * t * Math.log(p * t))));
  const reps = 40;
  let plugin = 0, grassberger = 0, se = 0;
  for (let r = 0; r < reps; r++) {
    const counts = countNgrams([chain.sample(rng, 2000)], 2).counts();
    plugin += entropy(counts, "plugin").value / reps;
    const g = entropy(counts, "grassberger");
    grassberger += g.value / reps;
    se += g.se / reps;
  }
  const seOfMean = se / Math.sqrt(reps);
  // Measured (seed 3): plug-in bias ≈ 0.10 nats, Grassberger bias ≈ 0.002 ± 0.003.
  assert.ok(exact - plugin > 10 * seOfMean, `plug-in bias ${exact - plugin} vs SE ${seOfMean}`);
  assert.ok(
    Math.abs(exact - grassberger) < 3 * seOfMean,
    `Grassberger bias ${exact - grassberger} ± ${seOfMean}`,
  );
});

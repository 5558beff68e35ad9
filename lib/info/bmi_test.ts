import assert from "node:assert/strict";
import {
  derangement,
  directFromLogProbs,
  estimateBmi,
  fitBmiPowerLaw,
  splitFor,
  startCorrectionFromTokens,
  vclubFromLogProbs,
} from "./bmi.ts";
import { copyProcess, iidSource, markovChain, type MarkovSource } from "./ground_truth.ts";
import { HiddenMarkovModel } from "./hmm.ts";
import { NgramLanguageModel } from "./ngram_lm.ts";
import type { Scorer } from "./scorer.ts";
import { Rng } from "../util/prng.ts";

const chain = markovChain([
  Float64Array.of(0.7, 0.2, 0.1),
  Float64Array.of(0.1, 0.6, 0.3),
  Float64Array.of(0.25, 0.25, 0.5),
]);

/** vCLUB with the true conditionals of a Markov chain: I + Σ_x π_x KL(π ‖ T_x), in closed form. */
function exactVclub(source: MarkovSource): number {
  const pi = source.stationary, t = source.transition;
  let joint = 0, product = 0;
  for (let x = 0; x < pi.length; x++) {
    for (let y = 0; y < pi.length; y++) {
      joint += pi[x]! * t[x]![y]! * Math.log(t[x]![y]!);
      product += pi[x]! * pi[y]! * Math.log(t[x]![y]!);
    }
  }
  return joint - product;
}

/** Exact entropy of (Y_1, Y_2) for a stationary chain. */
function exactBigramEntropy(source: MarkovSource): number {
  let h = 0;
  source.stationary.forEach((p, x) => source.transition[x]!.forEach((t) => (h -= p * t * Math.log(p * t))));
  return h;
}

function samples(source: { sample(rng: Rng, L: number): Int32Array }, n: number, L: number, seed: number) {
  const rng = new Rng(seed);
  return Array.from({ length: n }, () => source.sample(rng, L));
}

Deno.test("splitFor rounds ell and rejects bad ratios", () => {
  assert.deepEqual(splitFor(16, 2), { L: 16, ell: 8 });
  assert.deepEqual(splitFor(16, 3), { L: 16, ell: 5 });
  assert.throws(() => splitFor(16, 1), /invalid ratio L\/ℓ = 1/);
  assert.throws(() => splitFor(1, 2), /invalid length L = 1/);
});

Deno.test("direct with exact scorer recovers Markov BMI", async () => {
  const truth = chain.exactBmi(16, 8);
  const data = samples(chain, 4000, 32, 1);
  const [e16, e32] = await estimateBmi(chain.scorer(), data, { lengths: [16, 32], estimator: "direct" });
  for (const e of [e16!, e32!]) {
    assert.ok(Math.abs(e.mean - truth) < 4 * e.se, `L=${e.L}: ${e.mean} ± ${e.se} vs ${truth}`);
    assert.ok(Math.abs(e.mean - truth) < 0.03, `L=${e.L}: ${e.mean} vs ${truth}`);
  }
});

Deno.test("direct with exact 2-gram correction stays unbiased", async () => {
  const truth = chain.exactBmi(8, 4);
  const correction = { bigramEntropy: exactBigramEntropy(chain), bigramEntropySE: 0 };
  const [e] = await estimateBmi(chain.scorer(), samples(chain, 4000, 8, 2), {
    lengths: [8],
    estimator: "direct",
    correction,
  });
  assert.ok(e!.corrected);
  assert.ok(Math.abs(e!.mean - truth) < 4 * e!.se, `${e!.mean} ± ${e!.se} vs ${truth}`);
});

Deno.test("corpus 2-gram entropy matches the chain", () => {
  const c = startCorrectionFromTokens(samples(chain, 50, 2000, 3));
  assert.ok(Math.abs(c.bigramEntropy - exactBigramEntropy(chain)) < 4 * c.bigramEntropySE + 1e-3);
  assert.equal(c.modelWeight, 0.2);
});

Deno.test("vCLUB with exact scorer matches its closed form", async () => {
  const expected = exactVclub(chain);
  assert.ok(expected > chain.exactBmi(8, 4), "vCLUB is an upper bound when q = p");
  const [e] = await estimateBmi(chain.scorer(), samples(chain, 4000, 16, 4), {
    lengths: [16],
    estimator: "vclub",
    seed: 1,
  });
  assert.ok(Math.abs(e!.mean - expected) < 4 * e!.se, `${e!.mean} ± ${e!.se} vs ${expected}`);
});

Deno.test("vCLUB swap modes agree, x has smaller SE", async () => {
  const expected = exactVclub(chain);
  const data = samples(chain, 4000, 16, 14);
  const [x] = await estimateBmi(chain.scorer(), data, {
    lengths: [16],
    estimator: "vclub",
    swap: "x",
    seed: 2,
  });
  const [y] = await estimateBmi(chain.scorer(), data, {
    lengths: [16],
    estimator: "vclub",
    swap: "y",
    seed: 2,
  });
  assert.ok(Math.abs(x!.mean - expected) < 4 * x!.se, `swap x: ${x!.mean} ± ${x!.se} vs ${expected}`);
  assert.ok(Math.abs(y!.mean - expected) < 4 * y!.se, `swap y: ${y!.mean} ± ${y!.se} vs ${expected}`);
  assert.ok(x!.se < y!.se, `SE swap x ${x!.se} vs swap y ${y!.se}`);
});

Deno.test("iid source gives zero BMI", async () => {
  const iid = iidSource(Float64Array.of(0.5, 0.3, 0.2));
  for (const estimator of ["direct", "vclub"] as const) {
    const [e] = await estimateBmi(iid.scorer(), samples(iid, 200, 16, 5), { lengths: [16], estimator });
    assert.ok(Math.abs(e!.mean) < 1e-12, `${estimator}: ${e!.mean}`);
  }
});

Deno.test("copy process gives log M with exact scorer", async () => {
  const copy = copyProcess(10);
  const [e] = await estimateBmi(copy.scorer(), samples(copy, 50, 32, 6), {
    lengths: [32],
    estimator: "direct",
  });
  assert.ok(Math.abs(e!.mean - Math.log(10)) < 1e-12);
  assert.ok(Math.abs(copy.exactBmi(32, 16) - Math.log(10)) < 1e-12);
});

Deno.test("ngram scorer recovers Markov BMI", async () => {
  const lm = new NgramLanguageModel(3, { order: 2, adapt: false }).train(samples(chain, 20, 10_000, 7));
  const truth = chain.exactBmi(16, 8);
  const [e] = await estimateBmi(lm, samples(chain, 3000, 16, 8), { lengths: [16], estimator: "direct" });
  // Tolerance: 4 SE of sampling error plus 0.01 nats of model error from 200k training tokens.
  assert.ok(Math.abs(e!.mean - truth) < 4 * e!.se + 0.01, `${e!.mean} ± ${e!.se} vs ${truth}`);
});

Deno.test("ngram scorer recovers copy-process BMI", async () => {
  const copy = copyProcess(8);
  const lm = new NgramLanguageModel(8, { order: 3 }).train(samples(copy, 200, 64, 9));
  const [e] = await estimateBmi(lm, samples(copy, 100, 32, 10), { lengths: [32], estimator: "direct" });
  assert.ok(Math.abs(e!.mean - Math.log(8)) < 0.05, `${e!.mean} vs ${Math.log(8)}`);
});

Deno.test("direct with exact scorer recovers HMM BMI", async () => {
  const hmm = HiddenMarkovModel.sticky(3, 3, 0.9, 0.8);
  const truth = hmm.exactBmi(8, 4);
  const [e] = await estimateBmi(hmm.scorer(), samples(hmm, 4000, 8, 11), {
    lengths: [8],
    estimator: "direct",
  });
  assert.ok(Math.abs(e!.mean - truth) < 4 * e!.se, `${e!.mean} ± ${e!.se} vs ${truth}`);
});

Deno.test("estimators reject bad input", async () => {
  const data = samples(chain, 4, 8, 12);
  await assert.rejects(
    () => estimateBmi(chain.scorer(), data, { lengths: [16], estimator: "direct" }),
    /sample 0 has 8 tokens, shorter than the largest L = 16/,
  );
  const broken: Scorer = {
    name: "broken",
    score: (seqs) => Promise.resolve(seqs.map((s) => new Float64Array(s.length).fill(NaN))),
  };
  await assert.rejects(
    () => estimateBmi(broken, data, { lengths: [8], estimator: "direct" }),
    /NaN at sequence 0, position 0/,
  );
  await assert.rejects(
    () => estimateBmi(chain.scorer(), [data[0]!], { lengths: [8], estimator: "vclub" }),
    /≥ 2/,
  );
  assert.throws(
    () => directFromLogProbs([Float64Array.of(-1, NaN)], [Float64Array.of(-1)], { L: 2, ell: 1 }),
    /joint log-probability of sample 0 at position 1 is NaN/,
  );
  assert.throws(
    () => vclubFromLogProbs([Float64Array.of(-1, -1)], [Float64Array.of(-1)], { L: 2, ell: 1 }),
    /crossed log-probabilities of sample 0 have 1 entries, need ≥ 2/,
  );
  assert.throws(
    () =>
      directFromLogProbs([Float64Array.of(-1, -1)], [Float64Array.of(-1)], { L: 2, ell: 1 }, {
        bigramEntropy: 1,
      }),
    /needs ≥ 2 Y tokens/,
  );
});

Deno.test("derangement never pairs a sample with itself", () => {
  for (const n of [2, 3, 17]) {
    const p = derangement(n, new Rng(n));
    assert.ok(p.every((j, i) => j !== i));
    assert.deepEqual([...p].sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
  }
});

Deno.test("power-law fit recovers beta with a bootstrap CI", () => {
  const rng = new Rng(13);
  const n = 200;
  const documentOf = Int32Array.from({ length: n }, (_, i) => Math.floor(i / 4));
  const estimates = [8, 16, 32, 64, 128].map((L) => {
    const perSample = Float64Array.from({ length: n }, () => 2 * L ** 0.7 * (1 + 0.2 * rng.normal()));
    const mean = perSample.reduce((x, y) => x + y, 0) / n;
    return { L, ell: L / 2, estimator: "vclub" as const, mean, se: 0, n, perSample, corrected: false };
  });
  const fit = fitBmiPowerLaw(estimates, { documentOf, resamples: 300, seed: 1 });
  assert.ok(Math.abs(fit.beta - 0.7) < 0.03, `beta ${fit.beta}`);
  assert.ok(fit.betaLower < fit.beta && fit.beta < fit.betaUpper);
  assert.ok(fit.betaLower < 0.7 && 0.7 < fit.betaUpper, `CI [${fit.betaLower}, ${fit.betaUpper}]`);
  assert.equal(fit.units, 50);
});

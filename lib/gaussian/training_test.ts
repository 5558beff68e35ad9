import assert from "node:assert/strict";
import { subvolumeGaussian } from "./subvolume.ts";
import { trainingBatch } from "./training.ts";
import { gaussianKL, klPerPosition, klPerPositionStacked } from "./kl.ts";
import { Rng } from "../util/prng.ts";
import { InputError } from "../util/errors.ts";

Deno.test("KL of the true conditionals is zero", () => {
  const g = subvolumeGaussian({ family: 1, layers: 3 });
  const z = g.sample(new Rng(1), 5);
  const { mean, std } = g.conditionals(z);
  for (const value of g.klPerPosition(z, mean, std)) assert.ok(Math.abs(value) < 1e-15, `KL ${value}`);
});

Deno.test("KL of a perturbed model is closed form", () => {
  // q_i = N(μ_i + δ, (s σ_i)²) gives KL_i = log s + (1 + δ²/σ_i²)/(2 s²) − 1/2 for every row.
  const g = subvolumeGaussian({ family: 2, layers: 3 });
  const z = g.sample(new Rng(2), 4);
  const { mean, std } = g.conditionals(z);
  const delta = 0.3, scale = 1.7;
  const kl = g.klPerPosition(z, mean.map((m) => m + delta), std.map((s) => s * scale));
  const sigma = g.conditionalStd();
  for (let i = 0; i < g.length; i++) {
    const expected = Math.log(scale) + (1 + (delta * delta) / (sigma[i]! * sigma[i]!)) / (2 * scale * scale) -
      0.5;
    assert.ok(Math.abs(kl[i]! - expected) < 1e-13, `position ${i}: ${kl[i]} vs ${expected}`);
  }
});

Deno.test("gaussianKL matches hand values", () => {
  assert.equal(gaussianKL(0, 1, 0, 1), 0);
  assert.ok(Math.abs(gaussianKL(0, 1, 1, 1) - 0.5) < 1e-15);
  assert.ok(Math.abs(gaussianKL(0, 1, 0, 2) - (Math.log(2) + 1 / 8 - 0.5)) < 1e-15);
});

Deno.test("klPerPosition rejects bad shapes and stds", () => {
  const sigma = Float64Array.of(1, 1);
  assert.throws(() => klPerPosition([0, 0, 0], sigma, [0, 0, 0], [1, 1, 1]), InputError);
  assert.throws(() => klPerPosition([0, 0], sigma, [0], [1, 1]), InputError);
  assert.throws(() => klPerPosition([0, 0], sigma, [0, 0], [1, 0]), /must be positive/);
});

Deno.test("trainingBatch layout and true means", () => {
  const g = subvolumeGaussian({ family: 1, layers: 2 });
  const n = g.length, batch = 2, copies = 3;
  const { tokens, mean, std } = trainingBatch(g, new Rng(7), batch, copies);
  assert.equal(tokens.length, batch * (n + 1) * copies);
  assert.equal(mean.length, batch * n * copies);
  assert.deepEqual(std, Float32Array.from(g.conditionalStd()));
  for (let b = 0; b < batch; b++) {
    for (let c = 0; c < copies; c++) assert.equal(tokens[b * (n + 1) * copies + c], 0, "start token");
    // Each copy's sequence is a sample; its conditionals recomputed from the Float32 tokens agree.
    for (let c = 0; c < copies; c++) {
      const z = new Float64Array(n);
      for (let i = 0; i < n; i++) z[i] = tokens[(b * (n + 1) + i + 1) * copies + c]!;
      const expected = g.conditionals(z).mean;
      for (let i = 0; i < n; i++) {
        assert.ok(Math.abs(mean[(b * n + i) * copies + c]! - expected[i]!) < 1e-5, `b ${b} c ${c} i ${i}`);
      }
    }
  }
  assert.throws(() => trainingBatch(g, new Rng(7), 0, 3), /invalid batch 0/);
  assert.throws(() => trainingBatch(g, new Rng(7), 1, 1.5), /invalid copies 1.5/);
});

Deno.test("stacked KL matches per-sequence KL", () => {
  const g = subvolumeGaussian({ family: 2, layers: 2 });
  const n = g.length, batch = 2, copies = 3;
  const { tokens, mean, std } = trainingBatch(g, new Rng(9), batch, copies);
  const muQ = mean.map((m, k) => m + 0.1 * ((k % 5) - 2));
  const sigmaQ = mean.map((_, k) => std[Math.floor(k / copies) % n]! * (1 + 0.05 * (k % 3)));
  const stacked = klPerPositionStacked(mean, std, muQ, sigmaQ, copies);
  const trueStd = mean.map((_, k) => std[Math.floor(k / copies) % n]!);
  for (const value of klPerPositionStacked(mean, std, mean, trueStd, copies)) {
    assert.ok(Math.abs(value) < 1e-12, `KL of the truth is ${value}`);
  }
  // The same numbers rearranged to [batch · copies, L] through the per-sequence function.
  const rows = batch * copies;
  const [muP2, muQ2, sigmaQ2] = [
    new Float64Array(rows * n),
    new Float64Array(rows * n),
    new Float64Array(rows * n),
  ];
  for (let b = 0; b < batch; b++) {
    for (let i = 0; i < n; i++) {
      for (let c = 0; c < copies; c++) {
        const from = (b * n + i) * copies + c, to = (b * copies + c) * n + i;
        muP2[to] = mean[from]!;
        muQ2[to] = muQ[from]!;
        sigmaQ2[to] = sigmaQ[from]!;
      }
    }
  }
  const flat = klPerPosition(muP2, std, muQ2, sigmaQ2);
  for (let i = 0; i < n; i++) assert.ok(Math.abs(stacked[i]! - flat[i]!) < 1e-12, `position ${i}`);
  assert.equal(tokens.length, batch * (n + 1) * copies);
  assert.throws(() => klPerPositionStacked(mean, std, muQ, sigmaQ, 5), InputError);
});

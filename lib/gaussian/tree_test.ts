import assert from "node:assert/strict";
import { subvolumeGaussian } from "./subvolume.ts";
import { denseConditionals, denseSample } from "./dense.ts";
import { cholesky, solveLowerInPlace, solveUpperTransposedInPlace, subMatrix } from "./linalg.ts";
import { Rng } from "../util/prng.ts";
import { InputError } from "../util/errors.ts";

/** Returns the largest |empirical covariance − Σ| over all entries, for samples `[count, n]`. */
function maxCovarianceError(samples: Float64Array, sigma: Float64Array, n: number): number {
  const count = samples.length / n;
  let worst = 0;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = 0;
      for (let row = 0; row < count; row++) s += samples[row * n + i]! * samples[row * n + j]!;
      worst = Math.max(worst, Math.abs(s / count - sigma[i * n + j]!));
    }
  }
  return worst;
}

Deno.test("sampler covariance matches Σ within 5 standard errors", () => {
  // With unit variances the standard error of an empirical covariance is at most √2/√count, and the
  // known zero mean is used, so 5·√2/√count bounds the error of every entry with overwhelming odds.
  const count = 10_000;
  const tolerance = 5 * Math.SQRT2 / Math.sqrt(count);
  for (const family of [1, 2] as const) {
    const g = subvolumeGaussian({ family, layers: 3 });
    const sigma = g.covariance();
    const hierarchical = maxCovarianceError(g.sample(new Rng(11), count), sigma, g.length);
    const reference = maxCovarianceError(denseSample(sigma, g.length, new Rng(12), count), sigma, g.length);
    assert.ok(
      hierarchical < tolerance,
      `family ${family}: hierarchical error ${hierarchical} ≥ ${tolerance}`,
    );
    assert.ok(reference < tolerance, `family ${family}: Cholesky error ${reference} ≥ ${tolerance}`);
    // The two samplers' errors are of the same size (neither is systematically off).
    assert.ok(
      hierarchical < 2.5 * reference && reference < 2.5 * hierarchical,
      `${hierarchical} vs ${reference}`,
    );
  }
});

Deno.test("sampler is seeded", () => {
  const g = subvolumeGaussian({ family: 1, layers: 2 });
  assert.deepEqual(g.sample(new Rng(5), 3), g.sample(new Rng(5), 3));
  assert.notDeepEqual(g.sample(new Rng(5), 3), g.sample(new Rng(6), 3));
  assert.throws(() => g.sample(new Rng(5), 0), InputError);
});

Deno.test("conditionals match the regression formula", () => {
  // μ_i = Σ_{i,<i} Σ_{<i,<i}⁻¹ z_<i and σ_i² = Σ_ii − Σ_{i,<i} Σ_{<i,<i}⁻¹ Σ_{<i,i}, solved per i.
  for (const family of [1, 2] as const) {
    const g = subvolumeGaussian({ family, layers: 2 });
    const n = g.length;
    const sigma = g.covariance();
    const z = g.sample(new Rng(21), 4);
    const { mean, std } = g.conditionals(z);
    for (let i = 1; i < n; i++) {
      const factor = cholesky(subMatrix(sigma, n, 0, 0, i, i), i);
      const weights = subMatrix(sigma, n, i, 0, 1, i);
      solveLowerInPlace(factor, i, weights);
      solveUpperTransposedInPlace(factor, i, weights);
      let explained = 0;
      for (let j = 0; j < i; j++) explained += weights[j]! * sigma[j * n + i]!;
      const expectedStd = Math.sqrt(1 - explained);
      for (let row = 0; row < 4; row++) {
        let mu = 0;
        for (let j = 0; j < i; j++) mu += weights[j]! * z[row * n + j]!;
        assert.ok(Math.abs(mean[row * n + i]! - mu) < 1e-13, `family ${family} row ${row} μ_${i}`);
        assert.ok(Math.abs(std[row * n + i]! - expectedStd) < 1e-13, `family ${family} σ_${i}`);
      }
    }
    for (let row = 0; row < 4; row++) assert.equal(mean[row * n], 0, "μ_0 is the prior mean");
  }
});

Deno.test("conditionals match the dense Cholesky factor", () => {
  for (const family of [1, 2] as const) {
    const g = subvolumeGaussian({ family, layers: 4 });
    const z = g.sample(new Rng(31), 3);
    const fast = g.conditionals(z);
    const dense = denseConditionals(g.covariance(), g.length, z);
    for (let k = 0; k < z.length; k++) {
      assert.ok(Math.abs(fast.mean[k]! - dense.mean[k]!) < 1e-12, `family ${family} mean ${k}`);
      assert.ok(Math.abs(fast.std[k]! - dense.std[k]!) < 1e-12, `family ${family} std ${k}`);
    }
  }
});

Deno.test("sampleWithMeans matches conditionals of its samples", () => {
  for (const family of [1, 2] as const) {
    const g = subvolumeGaussian({ family, layers: 3 });
    const { z, mean } = g.sampleWithMeans(new Rng(41), 3);
    const again = g.conditionals(z).mean;
    for (let k = 0; k < z.length; k++) assert.ok(Math.abs(mean[k]! - again[k]!) < 1e-12, `entry ${k}`);
    assert.deepEqual(z, g.sample(new Rng(41), 3), "same draws as sample()");
  }
});

Deno.test("conditionals reject a ragged batch", () => {
  const g = subvolumeGaussian({ family: 2, layers: 2 });
  assert.throws(() => g.conditionals(new Float64Array(17)), /pass \[count, L\] row-major with L = 16/);
  assert.throws(() => g.conditionals(new Float64Array(0)), InputError);
});

Deno.test("conditionals accept Float32 sequences", () => {
  const g = subvolumeGaussian({ family: 1, layers: 3 });
  const z = Float32Array.from(g.sample(new Rng(51), 2));
  const fromFloat32 = g.conditionals(z).mean;
  const fromFloat64 = g.conditionals(Float64Array.from(z)).mean;
  assert.deepEqual(fromFloat32, fromFloat64);
});

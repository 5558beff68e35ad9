import assert from "node:assert/strict";
import { subvolumeGaussian } from "./subvolume.ts";
import { denseBipartiteMI, denseLogDet } from "./dense.ts";
import { cholesky } from "./linalg.ts";
import { InputError } from "../util/errors.ts";

function assertRelative(actual: number, expected: number, tolerance: number, what: string): void {
  const error = Math.abs(actual - expected) / Math.abs(expected);
  assert.ok(error <= tolerance, `${what}: ${actual} vs ${expected} (relative error ${error})`);
}

Deno.test("layer 1 BMI is exact", () => {
  const exact = 0.5 * (2 * Math.log(15 / 16) - 3 * Math.log(5 / 4) - Math.log(1 / 4));
  assert.ok(Math.abs(exact - 0.29389) < 5e-6);
  for (const family of [1, 2] as const) {
    assertRelative(subvolumeGaussian({ family, layers: 1 }).bmi(), exact, 1e-14, `family ${family}`);
  }
});

Deno.test("family 1 BMI matches the reference values", () => {
  const reference = [0.2939, 0.9782, 3.050, 9.252, 27.85, 83.66];
  reference.forEach((expected, index) => {
    const g = subvolumeGaussian({ family: 1, layers: index + 1, boundary: 0.4 });
    assertRelative(g.bmi(), expected, 1e-3, `L = ${g.length}`);
  });
});

Deno.test("family 2 BMI grows by about 0.09 nats per 4x", () => {
  let previous = subvolumeGaussian({ family: 2, layers: 2 }).bmi();
  for (let layers = 3; layers <= 6; layers++) {
    const current = subvolumeGaussian({ family: 2, layers }).bmi();
    const step = current - previous;
    assert.ok(step > 0.08, `step to layer ${layers} is ${step}`);
    assert.ok(step < 0.1, `step to layer ${layers} is ${step}`);
    previous = current;
  }
});

Deno.test("fast BMI agrees with dense log-determinants", () => {
  for (const family of [1, 2] as const) {
    for (const layers of [2, 3, 4, 5]) {
      const g = subvolumeGaussian({ family, layers });
      const n = g.length;
      const sigma = g.covariance();
      const splits = layers === 5 ? [1, 300, n / 2] : [1, 3, n / 4 + 1, n / 2, n - 2, n - 1];
      const all = g.bmiAllSplits();
      for (const split of splits) {
        assertRelative(
          all[split - 1]!,
          denseBipartiteMI(sigma, n, split),
          1e-9,
          `family ${family} L ${n} ℓ ${split}`,
        );
      }
      if (layers <= 4) assertRelative(g.logDet(), denseLogDet(sigma, n), 1e-9, `log det, L ${n}`);
    }
  }
});

Deno.test("covariances are positive definite with unit variances", () => {
  for (const family of [1, 2] as const) {
    for (const boundary of [0.4, 0, -0.4]) {
      const g = subvolumeGaussian({ family, layers: 4, boundary });
      const n = g.length;
      const sigma = g.covariance();
      for (let i = 0; i < n; i++) assert.ok(Math.abs(sigma[i * n + i]! - 1) < 1e-12, `Σ_${i}${i}`);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < i; j++) {
          assert.ok(Math.abs(sigma[i * n + j]! - sigma[j * n + i]!) < 1e-15, `symmetry ${i}, ${j}`);
        }
      }
      assert.doesNotThrow(() => cholesky(sigma, n), `family ${family}, t = ${boundary}`);
    }
  }
});

Deno.test("covariances stay positive definite at large L", () => {
  // Σ is positive definite exactly when every one-step conditional variance (a Schur complement) is positive.
  for (const family of [1, 2] as const) {
    const g = subvolumeGaussian({ family, layers: 7 });
    const minimum = Math.min(...g.conditionalStd());
    assert.ok(minimum > 0.3, `family ${family}: smallest conditional std ${minimum}`);
    for (const i of [0, 1, 4095, 8191, 16383]) {
      assert.ok(Math.abs(g.covarianceEntry(i, i) - 1) < 1e-12, `family ${family}: Σ_${i}${i}`);
    }
  }
});

Deno.test("antipodal two-point MI is closed form and family-independent", () => {
  for (let layers = 1; layers <= 8; layers++) {
    const c = 0.25 * (5 / 16) ** (layers - 1);
    const expected = -0.5 * Math.log1p(-c * c);
    const one = subvolumeGaussian({ family: 1, layers }).antipodalTwoPointMI();
    const two = subvolumeGaussian({ family: 2, layers }).antipodalTwoPointMI();
    assertRelative(one, expected, 1e-12, `family 1, layers ${layers}`);
    assertRelative(two, expected, 1e-12, `family 2, layers ${layers}`);
  }
});

Deno.test("covariance entries match the dense covariance", () => {
  for (const family of [1, 2] as const) {
    const g = subvolumeGaussian({ family, layers: 4 });
    const n = g.length;
    const sigma = g.covariance();
    for (let i = 0; i < n; i += 5) {
      for (let j = 0; j < n; j += 3) {
        assert.ok(Math.abs(g.covarianceEntry(i, j) - sigma[i * n + j]!) < 1e-14, `Σ_${i},${j}`);
      }
    }
  }
});

Deno.test("backward stds match the reversed dense factor", () => {
  const g = subvolumeGaussian({ family: 2, layers: 3 });
  const n = g.length;
  const sigma = g.covariance();
  const reversed = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) reversed[i * n + j] = sigma[(n - 1 - i) * n + (n - 1 - j)]!;
  }
  const factor = cholesky(reversed, n);
  const backward = g.backwardConditionalStd();
  for (let i = 0; i < n; i++) {
    assert.ok(Math.abs(backward[i]! - factor[(n - 1 - i) * (n + 1)]!) < 1e-13, `position ${i}`);
  }
});

Deno.test("invalid splits and positions raise InputError", () => {
  const g = subvolumeGaussian({ family: 1, layers: 2 });
  for (const split of [0, 16, -1, 2.5]) assert.throws(() => g.bmi(split), InputError, `split ${split}`);
  assert.throws(() => g.bmi(16), /from 1 to L − 1 = 15/);
  assert.throws(() => g.covarianceEntry(0, 16), InputError);
  assert.throws(() => g.twoPointMI(3, 3), InputError);
  assert.throws(() => subvolumeGaussian({ family: 1, layers: 7 }).covariance(), /limit is L = 4096/);
});

import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { buildModel, initBackend, preset, type SsmConfig, type TransformerConfig } from "../mod.ts";
import { historyStateSize } from "../config.ts";
import {
  allowedMask,
  attendedCount,
  buildSparseAttentionModel,
  type GrowthPattern,
  growthPrefillFlops,
  poolLayout,
  retainedCount,
  runGrowthJob,
  scaledSsmConfig,
  sparseAttentionConfig,
  sparseStateFloats,
  strideAt,
} from "./mod.ts";

await initBackend({ prefer: "cpu" });

const gaussIo = { type: "gaussian", channels: 3 } as const;

function transformer(maxLength: number): TransformerConfig {
  const c = preset("gpt-micro", gaussIo, { maxLength });
  if (c.kind !== "transformer") throw new Error("gpt-micro is not a transformer");
  return c;
}

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.max(tf.abs(tf.sub(a, b)));
  const v = (await d.data())[0]!;
  d.dispose();
  return v;
}

const patterns: GrowthPattern[] = [];
for (const memory of ["dilated", "pooled"] as const) {
  for (const gamma of [0, 0.3, 0.5, 0.79, 1]) {
    for (const window of [1, 4]) patterns.push({ memory, gamma, coefficient: 1, window });
  }
}

Deno.test("stride is a non-decreasing power of two", () => {
  for (const p of patterns) {
    let previous = 1;
    for (let n = 1; n <= 2048; n++) {
      const s = strideAt(p, n);
      assert.equal(Math.log2(s) % 1, 0, `stride ${s} at n=${n}`);
      assert.ok(s >= previous, `stride decreased at n=${n} for ${JSON.stringify(p)}`);
      previous = s;
    }
  }
});

Deno.test("mask rows match the retained-count formula", () => {
  for (const p of patterns) {
    const t = 97;
    const { mask, columns } = allowedMask(p, t);
    for (let q = 0; q < t; q++) {
      let row = 0;
      for (let c = 0; c < columns; c++) row += mask[q * columns + c]!;
      assert.equal(row, attendedCount(p, q), `row ${q} of ${JSON.stringify(p)}`);
    }
  }
});

Deno.test("dilated retained count equals the closed form", () => {
  const p: GrowthPattern = { memory: "dilated", gamma: 0.5, coefficient: 1, window: 4 };
  for (const n of [1, 4, 5, 17, 64, 1000, 4096]) {
    const s = strideAt(p, n);
    const expected = n <= 4 ? n : 4 + Math.floor((n - 5) / s) + 1;
    assert.equal(retainedCount(p, n), expected, `n=${n}`);
  }
  assert.equal(strideAt(p, 4096), 64);
  assert.equal(retainedCount(p, 4096), 4 + Math.floor(4091 / 64) + 1);
});

Deno.test("memory part grows as c·n^γ within a factor of two", () => {
  for (const p of patterns) {
    for (const n of [256, 1024, 8192, 65536]) {
      const memory = retainedCount(p, n) - p.window;
      const target = p.coefficient * n ** p.gamma;
      assert.ok(memory <= target + 1, `${JSON.stringify(p)} n=${n}: ${memory} > ${target} + 1`);
      assert.ok(memory >= target / 2 - 1, `${JSON.stringify(p)} n=${n}: ${memory} < ${target}/2 − 1`);
    }
  }
});

Deno.test("retained sets are nested (a valid streaming cache)", () => {
  for (const p of patterns.filter((q) => q.memory === "dilated")) {
    const t = 130;
    const { mask } = allowedMask(p, t);
    for (let q = 1; q < t; q++) {
      for (let j = 0; j < q; j++) {
        // An entry dropped at step q−1 may never be read again.
        if (!mask[(q - 1) * t + j]) assert.equal(mask[q * t + j], 0, `entry ${j} reappears at ${q}`);
      }
    }
  }
});

Deno.test("masks never read ahead", () => {
  for (const p of patterns) {
    const t = 64;
    const { mask, columns } = allowedMask(p, t);
    const layout = poolLayout(t);
    for (let q = 0; q < t; q++) {
      for (let j = q + 1; j < t; j++) assert.equal(mask[q * columns + j], 0);
      if (p.memory === "dilated") continue;
      layout.sizes.forEach((s, level) => {
        for (let k = 0; k < Math.floor(t / s); k++) {
          if (mask[q * columns + t + layout.offsets[level]! + k]) assert.ok((k + 1) * s - 1 <= q);
        }
      });
    }
  }
});

Deno.test("gamma 1 equals full causal attention on the same weights", async () => {
  const base = transformer(24);
  const dense = buildModel(base, 5);
  const x = tf.randomNormal([2, 24, 3], 0, 1, "float32", 9) as tf.Tensor3D;
  const ref = dense.predictGaussian(x);
  for (const memory of ["dilated", "pooled"] as const) {
    const m = buildSparseAttentionModel(
      sparseAttentionConfig(base, { memory, gamma: 1, coefficient: 1, window: 3 }),
      5,
    );
    const out = m.predictGaussian(x);
    assert.ok(await maxAbsDiff(out.mu, ref.mu) < 1e-6, memory);
    assert.ok(await maxAbsDiff(out.sigma, ref.sigma) < 1e-6, memory);
    m.dispose();
  }
  const sparse = buildSparseAttentionModel(
    sparseAttentionConfig(base, { memory: "dilated", gamma: 0.3, coefficient: 1, window: 2 }),
    5,
  );
  assert.ok(await maxAbsDiff(sparse.predictGaussian(x).mu, ref.mu) > 1e-4, "γ < 1 must change outputs");
  sparse.dispose();
  dense.dispose();
});

Deno.test("sparse models are causal", async () => {
  const base = transformer(32);
  for (const memory of ["dilated", "pooled"] as const) {
    const m = buildSparseAttentionModel(
      sparseAttentionConfig(base, { memory, gamma: 0.5, coefficient: 1, window: 2 }),
      1,
    );
    const xa = tf.randomNormal([1, 32, 3], 0, 1, "float32", 2);
    const xb = tf.concat([xa.slice([0, 0, 0], [1, 20, 3]), tf.ones([1, 12, 3])], 1);
    const a = m.predictGaussian(xa as tf.Tensor3D), b = m.predictGaussian(xb as tf.Tensor3D);
    assert.ok(await maxAbsDiff(a.mu.slice([0, 0, 0], [1, 20, 3]), b.mu.slice([0, 0, 0], [1, 20, 3])) < 1e-6);
    assert.ok(
      await maxAbsDiff(a.mu.slice([0, 20, 0], [1, 12, 3]), b.mu.slice([0, 20, 0], [1, 12, 3])) > 1e-6,
    );
    m.dispose();
  }
});

Deno.test("pooled memory reads block means", async () => {
  // With γ = 0 and c = 1 no block is ever complete (stride ≥ n): the model is a pure sliding window, so
  // changing an entry that left the window must not change the output.
  const base = transformer(16);
  const m = buildSparseAttentionModel(
    sparseAttentionConfig(base, { memory: "pooled", gamma: 0, coefficient: 1, window: 3 }),
    2,
  );
  const xa = tf.randomNormal([1, 16, 3], 0, 1, "float32", 4);
  const xb = tf.concat([
    xa.slice([0, 0, 0], [1, 5, 3]),
    tf.fill([1, 1, 3], 7),
    xa.slice([0, 6, 0], [1, 10, 3]),
  ], 1);
  const a = m.predictGaussian(xa as tf.Tensor3D), b = m.predictGaussian(xb as tf.Tensor3D);
  assert.ok(await maxAbsDiff(a.mu.slice([0, 9, 0], [1, 7, 3]), b.mu.slice([0, 9, 0], [1, 7, 3])) < 1e-6);
  m.dispose();
});

Deno.test("state floats and SSM scaling follow their formulas", () => {
  const base = transformer(512);
  const c = sparseAttentionConfig(base, { memory: "pooled", gamma: 0.5, coefficient: 2, window: 8 });
  for (const n of [1, 8, 9, 100, 512]) {
    assert.equal(sparseStateFloats(c, n), 2 * base.layers * base.hidden * retainedCount(c.pattern, n));
  }
  const ssm = preset("ssm-micro", gaussIo) as SsmConfig;
  for (const [gamma, length, n] of [[0, 256, 1], [0.5, 256, 16], [1, 64, 64], [0.79, 1024, 239]] as const) {
    const s = scaledSsmConfig(ssm, { gamma, coefficient: 1, length });
    assert.equal(s.stateSize, n);
    assert.equal(historyStateSize(s, length), s.layers * s.expand * s.hidden * (n + s.convKernel - 1));
  }
  const full = sparseAttentionConfig(base, { memory: "dilated", gamma: 1, coefficient: 1, window: 4 });
  const half = sparseAttentionConfig(base, { memory: "dilated", gamma: 0.5, coefficient: 1, window: 4 });
  assert.ok(growthPrefillFlops(half, 512) < growthPrefillFlops(full, 512));
  assert.equal(growthPrefillFlops(full, 64), growthPrefillFlops(base, 64));
});

Deno.test("growth job trains a sparse model on the Gaussian", async () => {
  const base = preset("gpt-micro", { type: "gaussian", channels: 2 }, { maxLength: 16 }) as TransformerConfig;
  const result = await runGrowthJob({
    id: "t",
    model: sparseAttentionConfig(base, { memory: "pooled", gamma: 0.5, coefficient: 1, window: 2 }),
    data: { kind: "gaussian", family: 1, layers: 2, copies: 2 },
    steps: 3,
    batch: 2,
    lr: 3e-3,
    seed: 0,
    evalSamples: 4,
  });
  assert.equal(result.length, 16);
  assert.equal(result.klPerPosition?.length, 16);
  assert.ok(Number.isFinite(result.klAvg));
  assert.equal(
    result.stateSize,
    sparseStateFloats(
      sparseAttentionConfig(base, { memory: "pooled", gamma: 0.5, coefficient: 1, window: 2 }),
      16,
    ),
  );
});

Deno.test("oracle KL matches hand formulas", async () => {
  const { subvolumeGaussian } = await import("../../gaussian/mod.ts");
  const { retainedSetKl } = await import("./oracle.ts");
  const g = subvolumeGaussian({ family: 1, layers: 3 });
  const c = g.covariance(), sigma = g.conditionalStd(), n = g.length;
  const positions = [1, 5, 33, 63];
  const full = retainedSetKl(g, { memory: "pooled", gamma: 0.5, coefficient: 1, window: 64 }, positions);
  for (const kl of full) assert.ok(Math.abs(kl) < 1e-9);
  // Window 1 and γ = 0: the query at t reads only z_{t−1} (and the uninformative BOS).
  const one = retainedSetKl(g, { memory: "dilated", gamma: 0, coefficient: 1, window: 1 }, positions);
  positions.forEach((t, k) => {
    const variance = c[t * n + t]! - c[t * n + t - 1]! ** 2 / c[(t - 1) * n + t - 1]!;
    assert.ok(Math.abs(one[k]! - 0.5 * Math.log(variance / sigma[t]! ** 2)) < 1e-9, `t=${t}`);
    if (t > 1) assert.ok(one[k]! > 0, `t=${t}: dropping the past must cost information`);
  });
  const t0 = retainedSetKl(g, { memory: "dilated", gamma: 0, coefficient: 1, window: 1 }, [0]);
  assert.ok(Math.abs(t0[0]!) < 1e-12, "the first variable has no past");
});

Deno.test("expressed BMI of the exact predictor equals the data BMI", async () => {
  // A "model" that returns the true conditionals when X is in context and the Y-only conditionals of the
  // Gaussian otherwise would give Î = I exactly; here a model that ignores its input gives Î = 0.
  const { gaussianSource } = await import("../../train/gaussian_data.ts");
  const { expressedBmi } = await import("./capacity.ts");
  const source = gaussianSource({ family: 1, layers: 2, copies: 2 });
  const constant = {
    predictGaussian: (x: tf.Tensor3D) => ({
      mu: tf.zerosLike(x) as tf.Tensor3D,
      sigma: tf.onesLike(x) as tf.Tensor3D,
    }),
  } as unknown as Parameters<typeof expressedBmi>[0];
  const r = await expressedBmi(constant, source, { samples: 64, batch: 16, seed: 0 });
  assert.ok(Math.abs(r.bmi) < 1e-4, `a model that ignores X expresses no MI, got ${r.bmi}`);
  assert.ok(r.klWithX > 0);
  assert.ok(Math.abs(r.klWithX - r.klYOnly) < 1e-4);
});

/** Regression rows of the conditional law of z_i given z_<i for covariance `c` (n×n): means and variances. */
function conditionalLaw(c: Float64Array, n: number): { coef: Float64Array[]; variance: Float64Array } {
  const coef: Float64Array[] = [], variance = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    // Solve Σ_{<i,<i} β = Σ_{<i,i} by Gaussian elimination (i ≤ 16 here).
    const a = Array.from(
      { length: i },
      (_, r) => [...Array.from({ length: i }, (_, k) => c[r * n + k]!), c[r * n + i]!],
    );
    for (let p = 0; p < i; p++) {
      for (let r = p + 1; r < i; r++) {
        const f = a[r]![p]! / a[p]![p]!;
        for (let k = p; k <= i; k++) a[r]![k]! -= f * a[p]![k]!;
      }
    }
    const beta = new Float64Array(i);
    for (let r = i - 1; r >= 0; r--) {
      let s = a[r]![i]!;
      for (let k = r + 1; k < i; k++) s -= a[r]![k]! * beta[k]!;
      beta[r] = s / a[r]![r]!;
    }
    coef.push(beta);
    variance[i] = c[i * n + i]! - beta.reduce((s, b, k) => s + b * c[k * n + i]!, 0);
  }
  return { coef, variance };
}

Deno.test("expressed BMI of the true conditionals equals the exact BMI", async () => {
  const { gaussianSource } = await import("../../train/gaussian_data.ts");
  const { subvolumeGaussian } = await import("../../gaussian/mod.ts");
  const { expressedBmi } = await import("./capacity.ts");
  const g = subvolumeGaussian({ family: 1, layers: 2 });
  const l = g.length, half = l / 2, cov = g.covariance();
  const full = conditionalLaw(cov, l);
  const yCov = new Float64Array(half * half);
  for (let i = 0; i < half; i++) {
    for (let j = 0; j < half; j++) yCov[i * half + j] = cov[(half + i) * l + half + j]!;
  }
  const alone = conditionalLaw(yCov, half);
  const exact = {
    predictGaussian: (x: tf.Tensor3D) => {
      const [b, t, c] = x.shape;
      const law = t === l ? full : alone;
      const values = x.arraySync();
      const mu = values.map((seq) =>
        seq.map((_, i) =>
          Array.from({ length: c }, (_, ch) => law.coef[i]!.reduce((s, w, j) => s + w * seq[j + 1]![ch]!, 0))
        )
      );
      const sigma = Array.from(
        { length: b },
        () => Array.from({ length: t }, (_, i) => Array(c).fill(Math.sqrt(law.variance[i]!))),
      );
      return { mu: tf.tensor3d(mu), sigma: tf.tensor3d(sigma) };
    },
  } as unknown as Parameters<typeof expressedBmi>[0];
  const source = gaussianSource({ family: 1, layers: 2, copies: 4 });
  const r = await expressedBmi(exact, source, { samples: 256, batch: 64, seed: 1 });
  assert.ok(Math.abs(r.klWithX) < 1e-3, `the true conditionals have KL 0, got ${r.klWithX}`);
  assert.ok(Math.abs(r.bmi - source.bmi) < 0.05 * source.bmi, `Î = ${r.bmi} vs I = ${source.bmi}`);
});

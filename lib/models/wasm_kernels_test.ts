import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "./backend.ts";
import { setFastWasmKernels } from "./wasm_kernels.ts";
import { bmm } from "./ops.ts";
import { Rng } from "../util/prng.ts";

await initBackend({ prefer: "wasm" });

/** Random tensor and its values, from a seeded generator. */
function random(shape: number[], rng: Rng): { t: tf.Tensor; v: Float32Array } {
  const v = new Float32Array(shape.reduce((a, b) => a * b, 1));
  for (let i = 0; i < v.length; i++) v[i] = rng.normal();
  return { t: tf.tensor(v, shape), v };
}

/** Reference batched product in float64: `[G,M,K]·[G,K,N]`, with optional transposes of each slice. */
function reference(
  a: Float32Array,
  b: Float32Array,
  g: number,
  m: number,
  k: number,
  n: number,
  ta = false,
  tb = false,
): Float64Array {
  const out = new Float64Array(g * m * n);
  for (let s = 0; s < g; s++) {
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) {
          const av = ta ? a[s * m * k + p * m + i]! : a[s * m * k + i * k + p]!;
          const bv = tb ? b[s * k * n + j * k + p]! : b[s * k * n + p * n + j]!;
          acc += av * bv;
        }
        out[s * m * n + i * n + j] = acc;
      }
    }
  }
  return out;
}

/**
 * Asserts `|actual − expected| < tol` entrywise. Float32 sums of n unit-size terms err by roughly 1e-7·n
 * (an estimate), so sum tests scale `tol` with n.
 */
function assertClose(actual: Float32Array, expected: Float64Array, label: string, tol = 1e-4): void {
  assert.equal(actual.length, expected.length, `${label}: length`);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) worst = Math.max(worst, Math.abs(actual[i]! - expected[i]!));
  assert.ok(worst < tol, `${label}: max |error| ${worst}`);
}

Deno.test("wasm BatchMatMul: batched plain products match a float64 reference", async () => {
  const rng = new Rng(3);
  // [G, M, K, N]: attention-like shapes, a 4-D batch, odd sizes, and one below the slicing threshold.
  for (const [g, m, k, n] of [[16, 128, 32, 128], [6, 33, 17, 65], [3, 64, 64, 8], [2, 4, 3, 5]]) {
    const a = random([g!, m!, k!], rng), b = random([g!, k!, n!], rng);
    const c = tf.matMul(a.t, b.t);
    assert.deepEqual(c.shape, [g, m, n]);
    assertClose(await c.data() as Float32Array, reference(a.v, b.v, g!, m!, k!, n!), `${g}×${m}×${k}×${n}`);
    tf.dispose([a.t, b.t, c]);
  }
  const a = random([2, 3, 40, 24], rng), b = random([2, 3, 24, 48], rng);
  const c = tf.matMul(a.t, b.t);
  assert.deepEqual(c.shape, [2, 3, 40, 48]);
  assertClose(await c.data() as Float32Array, reference(a.v, b.v, 6, 40, 24, 48), "4-D batch");
  tf.dispose([a.t, b.t, c]);
});

Deno.test("wasm BatchMatMul: transposed and broadcast products keep the stock kernel's results", async () => {
  const rng = new Rng(4);
  const a = random([5, 24, 40], rng), b = random([5, 48, 24], rng);
  const c = tf.matMul(a.t, b.t, true, true);
  assertClose(await c.data() as Float32Array, reference(a.v, b.v, 5, 40, 24, 48, true, true), "aᵀ·bᵀ");
  const w = random([1, 24, 16], rng);
  const d = tf.matMul(tf.transpose(a.t, [0, 2, 1]), w.t);
  assert.deepEqual(d.shape, [5, 40, 16]);
  const aT = await tf.transpose(a.t, [0, 2, 1]).data() as Float32Array;
  const wRep = new Float32Array(5 * 24 * 16);
  for (let s = 0; s < 5; s++) wRep.set(w.v, s * 24 * 16);
  assertClose(await d.data() as Float32Array, reference(aT, wRep, 5, 40, 24, 16), "broadcast b");
  tf.dispose([a.t, b.t, c, w.t, d]);
});

Deno.test("wasm BatchMatMul: gradients through bmm match the reference and nothing leaks", async () => {
  const rng = new Rng(5);
  const a = random([8, 32, 16], rng), b = random([8, 16, 32], rng);
  const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(bmm(x as tf.Tensor3D, y as tf.Tensor3D));
  const run = () => {
    const [ga, gb] = tf.grads(f)([a.t, b.t]);
    return [ga!, gb!];
  };
  tf.dispose(run());
  const before = tf.memory().numTensors;
  const [ga, gb] = run();
  // d/dA Σ A·B = 1·Bᵀ: entry (s, i, p) is Σ_j B[s, p, j].
  const expA = new Float64Array(8 * 32 * 16);
  for (let s = 0; s < 8; s++) {
    for (let p = 0; p < 16; p++) {
      let row = 0;
      for (let j = 0; j < 32; j++) row += b.v[s * 512 + p * 32 + j]!;
      for (let i = 0; i < 32; i++) expA[s * 512 + i * 16 + p] = row;
    }
  }
  assertClose(await ga!.data() as Float32Array, expA, "grad a");
  assert.deepEqual(gb!.shape, [8, 16, 32]);
  tf.dispose([ga!, gb!]);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([a.t, b.t]);
});

Deno.test("wasm Sum: leading-axis sums match a float64 reference", async () => {
  const rng = new Rng(6);
  // [shape, axes, keepDims]: bias-gradient shapes, a 3-D leading pair, negative axes, and fallbacks.
  const cases: [number[], number | number[], boolean][] = [
    [[2048, 128], 0, false],
    [[16, 128, 64], [0, 1], false],
    [[16, 128, 64], [1, 0], true],
    [[40, 30], -2, false],
    [[40, 30], 1, false],
    [[8, 5], 0, false],
  ];
  for (const [shape, axis, keepDims] of cases) {
    const x = random(shape, rng);
    const s = tf.sum(x.t, axis, keepDims);
    const axes = (Array.isArray(axis) ? axis : [axis]).map((a) => (a < 0 ? a + shape.length : a));
    const expectedShape = keepDims
      ? shape.map((d, i) => (axes.includes(i) ? 1 : d))
      : shape.filter((_, i) => !axes.includes(i));
    assert.deepEqual(s.shape, expectedShape, `shape of sum over ${axis} of [${shape}]`);
    // Reference: sum over the listed axes in float64.
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const outStrides = expectedShape.map((_, i) => expectedShape.slice(i + 1).reduce((a, b) => a * b, 1));
    const expected = new Float64Array(expectedShape.reduce((a, b) => a * b, 1));
    for (let flat = 0; flat < x.v.length; flat++) {
      let dst = 0, j = 0;
      for (let i = 0; i < shape.length; i++) {
        const coord = Math.floor(flat / strides[i]!) % shape[i]!;
        if (keepDims) dst += (axes.includes(i) ? 0 : coord) * outStrides[i]!;
        else if (!axes.includes(i)) dst += coord * outStrides[j++]!;
      }
      expected[dst]! += x.v[flat]!;
    }
    const terms = x.v.length / expected.length;
    assertClose(
      await s.data() as Float32Array,
      expected,
      `sum over ${axis} of [${shape}]`,
      Math.max(1e-4, 1e-6 * terms),
    );
    tf.dispose([x.t, s]);
  }
});

Deno.test("wasm Sum: one tensor summed over different leading axes", async () => {
  // Each sum views x with its own [outer, inner] split, so a cached XNNPACK operator from the first split
  // must not serve the second.
  const rng = new Rng(7);
  const x = random([16, 16, 32], rng);
  for (let rep = 0; rep < 3; rep++) {
    const byFirst = tf.sum(x.t, 0), byFirstTwo = tf.sum(x.t, [0, 1]);
    const expectedFirst = new Float64Array(16 * 32), expectedFirstTwo = new Float64Array(32);
    for (let i = 0; i < x.v.length; i++) {
      expectedFirst[i % 512]! += x.v[i]!;
      expectedFirstTwo[i % 32]! += x.v[i]!;
    }
    assertClose(await byFirst.data() as Float32Array, expectedFirst, "sum over axis 0");
    assertClose(await byFirstTwo.data() as Float32Array, expectedFirstTwo, "sum over axes 0 and 1");
    tf.dispose([byFirst, byFirstTwo]);
  }
  x.t.dispose();
});

Deno.test("wasm Reverse: one axis matches a reference", async () => {
  const rng = new Rng(8);
  // [shape, axis]: the scan's time axis, the first and last axes, and a short-row fallback.
  const cases: [number[], number][] = [[[3, 20, 16], 1], [[3, 20, 16], 0], [[5, 4, 2, 8], -3], [[6, 4], 1]];
  for (const [shape, axis] of cases) {
    const x = random(shape, rng);
    const r = tf.reverse(x.t, axis);
    const ax = axis < 0 ? axis + shape.length : axis;
    const strides = shape.map((_, i) => shape.slice(i + 1).reduce((a, b) => a * b, 1));
    const expected = new Float64Array(x.v.length);
    for (let flat = 0; flat < x.v.length; flat++) {
      const coord = Math.floor(flat / strides[ax]!) % shape[ax]!;
      expected[flat + (shape[ax]! - 1 - 2 * coord) * strides[ax]!] = x.v[flat]!;
    }
    assert.deepEqual(r.shape, shape);
    assertClose(await r.data() as Float32Array, expected, `reverse axis ${axis} of [${shape}]`, 1e-12);
    tf.dispose([x.t, r]);
  }
});

Deno.test("wasm Identity clone shares memory", async () => {
  const x = tf.tensor([1, 2, 3, 4], [2, 2]);
  const before = tf.memory().numDataBuffers;
  const y = tf.clone(x);
  assert.equal(tf.memory().numDataBuffers, before, "no new buffer for the clone");
  x.dispose();
  assert.deepEqual(Array.from(await y.data()), [1, 2, 3, 4]);
  const z = tf.add(y, 1);
  assert.deepEqual(Array.from(await z.data()), [2, 3, 4, 5]);
  tf.dispose([y, z]);
});

Deno.test("wasm Identity gradients match stock", () => {
  const rng = new Rng(11);
  const x = random([4, 8, 8], rng).t, w = random([4, 8, 8], rng).t;
  const loss = (a: tf.Tensor, b: tf.Tensor) =>
    tf.sum(tf.mul(tf.softmax(bmm(a as tf.Tensor3D, b as tf.Tensor3D)), a));
  const gradient = () => {
    const [ga, gb] = tf.grads(loss)([x, w]);
    const out = [ga!.dataSync().slice(), gb!.dataSync().slice()];
    tf.dispose([ga!, gb!]);
    return out;
  };
  const fast = gradient();
  setFastWasmKernels(false);
  const stock = gradient();
  setFastWasmKernels(true);
  assert.deepEqual(fast[0], stock[0]);
  assert.deepEqual(fast[1], stock[1]);
  tf.dispose([x, w]);
});

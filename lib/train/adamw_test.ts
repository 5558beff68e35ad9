import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import { initBackend } from "../models/backend.ts";
import { ParamStore } from "../models/params.ts";
import { Rng } from "../util/prng.ts";
import { AdamW } from "./adamw.ts";

await initBackend({ prefer: "wasm" });

const SHAPES: Record<string, number[]> = { w: [3, 4], b: [4] };
const LR = 0.05, STEPS = 6, DECAY = 0.1, CLIP = 0.5;

/** Parameters `w` (decayed) and `b` (not decayed), seeded. */
function makeParams(): ParamStore {
  const params = new ParamStore(new Rng(5));
  params.normal("w", SHAPES.w!, 1);
  params.uniform("b", SHAPES.b!, 1);
  params.noDecay.add("b");
  return params;
}

/** Loss with gradients of varied sizes: sum((w·x + b)^3) / 10 on a fixed input. */
function loss(params: ParamStore): tf.Scalar {
  const x = tf.tensor2d([[0.5, -1, 2], [1.5, 0.3, -0.7]]);
  const y = tf.add(tf.matMul(x, params.get("w")), params.get("b"));
  return tf.div(tf.sum(tf.pow(y, 3)), 10) as tf.Scalar;
}

/** Float64 AdamW with global-norm clipping, from the formulas, fed the same gradients. */
class ReferenceAdamW {
  t = 0;
  m = new Map<string, Float64Array>();
  v = new Map<string, Float64Array>();
  step(p: Map<string, Float64Array>, g: Map<string, Float64Array>): number {
    this.t += 1;
    let sq = 0;
    for (const a of g.values()) for (const x of a) sq += x * x;
    const norm = Math.sqrt(sq), scale = Math.min(1, CLIP / (norm + 1e-6));
    for (const [name, w] of p) {
      const m = this.m.get(name) ?? new Float64Array(w.length),
        v = this.v.get(name) ?? new Float64Array(w.length);
      const decay = name === "b" ? 0 : DECAY;
      for (let j = 0; j < w.length; j++) {
        const gj = g.get(name)![j]! * scale;
        m[j] = 0.9 * m[j]! + 0.1 * gj;
        v[j] = 0.999 * v[j]! + 0.001 * gj * gj;
        const mHat = m[j]! / (1 - 0.9 ** this.t), vHat = v[j]! / (1 - 0.999 ** this.t);
        w[j] = w[j]! - LR * (mHat / (Math.sqrt(vHat) + 1e-8) + decay * w[j]!);
      }
      this.m.set(name, m);
      this.v.set(name, v);
    }
    return norm;
  }
}

Deno.test("AdamW matches float64 reference", () => {
  const params = makeParams();
  const opt = new AdamW(params, { weightDecay: DECAY, clipNorm: CLIP });
  const ref = new ReferenceAdamW();
  const refParams = new Map(params.names().map((n) => [n, Float64Array.from(params.get(n).dataSync())]));
  for (let s = 0; s < STEPS; s++) {
    const { value, grads } = tf.variableGrads(() => loss(params));
    const g = new Map(
      params.names().map((n) => [n, Float64Array.from(grads[params.get(n).name]!.dataSync())]),
    );
    const norm = opt.apply(grads, LR);
    const refNorm = ref.step(refParams, g);
    if (s === 0) {
      assert.ok(refNorm > CLIP, `the first gradient norm ${refNorm} should exceed the clip ${CLIP}`);
    }
    assert.ok(Math.abs(norm.dataSync()[0]! - refNorm) < 1e-4 * refNorm, `step ${s + 1}: norm`);
    for (const n of params.names()) {
      const got = params.get(n).dataSync(), want = refParams.get(n)!;
      for (let j = 0; j < want.length; j++) {
        assert.ok(Math.abs(got[j]! - want[j]!) < 1e-5, `step ${s + 1}, ${n}[${j}]: ${got[j]} vs ${want[j]}`);
      }
    }
    tf.dispose([value, norm, ...Object.values(grads)]);
    // Refresh the reference weights from float32 storage so rounding does not accumulate apart.
    for (const n of params.names()) refParams.set(n, Float64Array.from(params.get(n).dataSync()));
  }
  opt.dispose();
  params.dispose();
});

Deno.test("AdamW moments survive checkpoint round trip", async () => {
  const run = async (restartAfter: number | null) => {
    const params = makeParams();
    let opt = new AdamW(params, { weightDecay: DECAY, clipNorm: CLIP });
    for (let s = 0; s < STEPS; s++) {
      if (s === restartAfter) {
        const flat = await opt.toFlat(), t = opt.t;
        opt.dispose();
        opt = new AdamW(params, { weightDecay: DECAY, clipNorm: CLIP });
        opt.fromFlat(flat, t);
      }
      const { value, grads } = tf.variableGrads(() => loss(params));
      tf.dispose([value, opt.apply(grads, LR), ...Object.values(grads)]);
    }
    const out = Array.from(await params.get("w").data());
    params.dispose();
    return out;
  };
  assert.deepEqual(await run(3), await run(null));
});

Deno.test("AdamW leaves no tensors behind", () => {
  const params = makeParams();
  const opt = new AdamW(params);
  const before = tf.memory().numTensors;
  for (let s = 0; s < 3; s++) {
    const { value, grads } = tf.variableGrads(() => loss(params));
    tf.dispose([value, opt.apply(grads, LR), ...Object.values(grads)]);
  }
  assert.equal(tf.memory().numTensors, before);
  params.dispose();
});

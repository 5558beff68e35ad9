import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  buildModel,
  historyStateSize,
  initBackend,
  type ModelConfig,
  parameterCount,
  preset,
  PRESETS,
  scanChunked,
  scanRecurrent,
  toArch,
} from "./mod.ts";
import { parameterCount as archParameterCount, stateFloats } from "./arch/mod.ts";

await initBackend({ prefer: "cpu" });

const tokenIo = { type: "tokens", vocab: 13 } as const;
const gaussIo = { type: "gaussian", channels: 3 } as const;
const tiny = (name: string, io: ModelConfig["io"]) => preset(name, io, { maxLength: 12 });

async function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): Promise<number> {
  const d = tf.max(tf.abs(tf.sub(a, b)));
  const v = (await d.data())[0]!;
  d.dispose();
  return v;
}

for (const name of ["gpt-micro", "ssm-micro"]) {
  Deno.test(`${name}: changing a future token leaves earlier outputs unchanged`, async () => {
    const m = buildModel(tiny(name, tokenIo), 3);
    const a = [1, 5, 2, 7, 3, 3, 9, 4], b = [...a];
    b[5] = 11;
    const la = m.logits(tf.tensor2d([a], [1, 8], "int32"));
    const lb = m.logits(tf.tensor2d([b], [1, 8], "int32"));
    assert.ok(await maxAbsDiff(la.slice([0, 0, 0], [1, 5, 13]), lb.slice([0, 0, 0], [1, 5, 13])) < 1e-6);
    assert.ok(await maxAbsDiff(la.slice([0, 5, 0], [1, 3, 13]), lb.slice([0, 5, 0], [1, 3, 13])) > 1e-6);
    const ga = buildModel(tiny(name, gaussIo), 3);
    const xa = tf.randomNormal([2, 8, 3], 0, 1, "float32", 1);
    const xb = tf.concat([xa.slice([0, 0, 0], [2, 6, 3]), tf.ones([2, 2, 3])], 1);
    const pa = ga.predictGaussian(xa as tf.Tensor3D), pb = ga.predictGaussian(xb as tf.Tensor3D);
    assert.ok(await maxAbsDiff(pa.mu.slice([0, 0, 0], [2, 6, 3]), pb.mu.slice([0, 0, 0], [2, 6, 3])) < 1e-6);
    assert.ok(
      await maxAbsDiff(pa.sigma.slice([0, 0, 0], [2, 6, 3]), pb.sigma.slice([0, 0, 0], [2, 6, 3])) < 1e-6,
    );
    assert.ok((await tf.min(pa.sigma).data())[0]! > 0);
    m.dispose();
    ga.dispose();
  });
}

Deno.test("chunked scan equals the plain recurrence (uneven length, several chunks)", async () => {
  const a = tf.randomUniform([2, 37, 5, 3], 0.5, 1, "float32", 2);
  const b = tf.randomNormal([2, 37, 5, 3], 0, 1, "float32", 3);
  const r = scanRecurrent(a, b);
  for (const chunk of [1, 4, 16, 64]) {
    assert.ok(await maxAbsDiff(scanChunked(a, b, chunk), r) < 1e-5, `chunk ${chunk}`);
  }
});

Deno.test("chunked scan gradient (reverse adjoint scan) equals the gradient through the recurrence", async () => {
  const a = tf.randomUniform([2, 21, 6], 0.3, 1, "float32", 8);
  const b = tf.randomNormal([2, 21, 6], 0, 1, "float32", 9);
  const w = tf.randomNormal([2, 21, 6], 0, 1, "float32", 10);
  const loss = (scan: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) => (x: tf.Tensor, y: tf.Tensor) =>
    tf.sum(tf.mul(scan(x, y), w));
  const [ga, gb] = tf.grads(loss((x, y) => scanChunked(x, y, 4)))([a, b]);
  const [ra, rb] = tf.grads(loss(scanRecurrent))([a, b]);
  assert.ok(await maxAbsDiff(ga!, ra!) < 1e-4);
  assert.ok(await maxAbsDiff(gb!, rb!) < 1e-4);
});

Deno.test("SSM forward with the chunked scan equals the recurrent scan", async () => {
  const c = tiny("ssm-micro", gaussIo);
  const m1 = buildModel(c, 5), m2 = buildModel(c, 5, { scan: "recurrent" });
  const x = tf.randomNormal([2, 11, 3], 0, 1, "float32", 4) as tf.Tensor3D;
  assert.ok(await maxAbsDiff(m1.predictGaussian(x).mu, m2.predictGaussian(x).mu) < 1e-5);
  m1.dispose();
  m2.dispose();
});

for (const name of ["gpt-micro", "ssm-micro"]) {
  Deno.test(`${name}: gradients match central finite differences`, async () => {
    const m = buildModel(tiny(name, gaussIo), 7);
    const x = tf.randomNormal([1, 5, 3], 0, 1, "float32", 5) as tf.Tensor3D;
    const loss = () =>
      tf.tidy(() => {
        const { mu, sigma } = m.predictGaussian(x);
        return tf.add(
          tf.sum(tf.mul(mu, tf.sin(tf.range(0, 15).reshape([1, 5, 3])))),
          tf.sum(tf.log(sigma)),
        ) as tf.Scalar;
      });
    const vars = m.variables();
    const { grads } = tf.variableGrads(loss, vars);
    // Probe a few entries of several parameters (float32: loose tolerance, large-ish step).
    for (const v of vars.filter((_, i) => i % 3 === 0).slice(0, 8)) {
      const g = await grads[v.name]!.data();
      const values = (await v.data()).slice();
      for (const idx of [0, Math.floor(values.length / 2)]) {
        const h = 1e-2, orig = values[idx]!;
        const at = (val: number) => {
          values[idx] = val;
          v.assign(tf.tensor(values, v.shape));
          return loss().dataSync()[0]!;
        };
        const fd = (at(orig + h) - at(orig - h)) / (2 * h);
        at(orig);
        assert.ok(
          Math.abs(fd - g[idx]!) <= 2e-2 * Math.max(1, Math.abs(fd)),
          `${v.name}[${idx}]: fd ${fd} vs ${g[idx]}`,
        );
      }
    }
    tf.dispose(Object.values(grads));
    m.dispose();
  });
}

Deno.test("counted variables equal the analytic count, and the architecture module agrees", () => {
  for (const name of ["gpt-micro", "gpt-tiny", "ssm-micro", "ssm-small"]) {
    for (const io of [tokenIo, gaussIo]) {
      const c = tiny(name, io);
      const m = buildModel(c, 0);
      assert.equal(m.params.count(), parameterCount(c));
      const { arch, head } = toArch(c);
      assert.equal(archParameterCount(arch, head), parameterCount(c), `${name} ${io.type}`);
      assert.equal(stateFloats(arch, 100), historyStateSize(c, 100), `${name} state`);
      m.dispose();
    }
  }
});

Deno.test("paper presets: history-state sizes and parameter counts", () => {
  const io = { type: "tokens", vocab: 50280 } as const;
  const mamba = preset("mamba-130m", io);
  assert.equal(historyStateSize(mamba, 1), historyStateSize(mamba, 4096)); // fixed in L
  assert.equal(historyStateSize(mamba, 4096), 24 * 1536 * 19);
  const gpt = preset("gpt2", { type: "tokens", vocab: 50257 });
  assert.equal(historyStateSize(gpt, 4096), 2 * 12 * 768 * 4096);
  assert.equal(parameterCount(gpt), 124_439_808); // GPT-2 small with 1024 positions, tied head
  const m130 = parameterCount(mamba);
  assert.ok(m130 > 125e6 && m130 < 135e6, `mamba-130m ${m130}`);
  assert.ok(Object.keys(PRESETS).length >= 16);
});

Deno.test("no tensors leak across forward passes", () => {
  const m = buildModel(tiny("ssm-micro", gaussIo), 0);
  const x = tf.randomNormal([1, 6, 3]) as tf.Tensor3D;
  tf.tidy(() => {
    m.predictGaussian(x);
  });
  const before = tf.memory().numTensors;
  for (let i = 0; i < 3; i++) {
    tf.tidy(() => {
      m.predictGaussian(x);
    });
  }
  assert.equal(tf.memory().numTensors, before);
  m.dispose();
});

Deno.test("position tables: dyadic and sinusoidal starts", async () => {
  const io = { type: "gaussian", channels: 2 } as const;
  const table = async (init: "dyadic" | "sinusoidal") => {
    const m = buildModel(preset("gpt-micro", io, { maxLength: 9, positionInit: init }), 0);
    const values = await m.params.get("wpe").data();
    m.dispose();
    return values;
  };
  const hidden = 16;

  // Dyadic pair 0 has period 2, so cos(π t) alternates +1, −1. Pair 1 has period 4: sin(π t / 2) = 0, 1, 0, −1.
  const dyadic = await table("dyadic");
  for (let t = 0; t < 9; t++) {
    assert.ok(Math.abs(dyadic[t * hidden + 1]! - (t % 2 === 0 ? 1 : -1)) < 1e-6, `dyadic cos, t = ${t}`);
    assert.ok(Math.abs(dyadic[t * hidden + 2]! - Math.sin(Math.PI * t / 2)) < 1e-6, `dyadic sin, t = ${t}`);
  }

  // Sinusoidal pair 0 has wavelength 2π: entry (t, 0) = sin t.
  const sinusoidal = await table("sinusoidal");
  for (let t = 0; t < 9; t++) {
    assert.ok(Math.abs(sinusoidal[t * hidden]! - Math.sin(t)) < 1e-6, `sinusoidal, t = ${t}`);
  }
});

Deno.test("position tables: unknown start is rejected", () => {
  const config = { ...preset("gpt-micro", gaussIo), positionInit: "binary" } as unknown as ModelConfig;
  assert.throws(() => buildModel(config, 0), /unknown positionInit "binary"; use normal, sinusoidal, dyadic/);
});

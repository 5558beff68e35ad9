import assert from "node:assert/strict";
import * as tf from "@tensorflow/tfjs";
import {
  buildModel,
  type GaussianPrediction,
  initBackend,
  preset,
  probeGpu,
  type SequenceModel,
} from "../models/mod.ts";
import { subvolumeGaussian } from "../gaussian/subvolume.ts";
import {
  blockMeans,
  cosineLr,
  evaluateGaussian,
  gaussianSource,
  GaussianTask,
  meanBetween,
  TextTask,
  Trainer,
} from "./mod.ts";
import { runJob, TrainingInterrupted, type TrainJob } from "./job.ts";
import { loadCheckpoint } from "./checkpoint.ts";
import { runSweep } from "./sweep.ts";

await initBackend({ prefer: "wasm" });

/** A "model" that outputs the exact conditionals of the Gaussian (shifted by `shift` positions if asked). */
function oracle(layers: number, copies: number, shift = 0): SequenceModel {
  const g = subvolumeGaussian({ family: 1, layers });
  const l = g.length;
  const model = buildModel(preset("gpt-micro", { type: "gaussian", channels: copies }, { maxLength: l }), 0);
  return {
    ...model,
    predictGaussian(x: tf.Tensor3D): GaussianPrediction {
      const [b, , c] = x.shape;
      const input = x.dataSync();
      const z = new Float64Array(b * c * l);
      for (let s = 0; s < b; s++) {
        for (let j = 0; j < c; j++) {
          // input position t contains z_{t-1} (t = 0 is BOS); z_{L-1} is unseen and irrelevant to μ.
          for (let t = 1; t < l; t++) z[(s * c + j) * l + t - 1] = input[(s * l + t) * c + j]!;
        }
      }
      const cond = g.conditionals(z);
      const mu = new Float32Array(b * l * c), sigma = new Float32Array(b * l * c);
      for (let s = 0; s < b; s++) {
        for (let j = 0; j < c; j++) {
          for (let t = 0; t < l; t++) {
            const src = (s * c + j) * l + Math.min(l - 1, t + shift);
            mu[(s * l + t) * c + j] = cond.mean[src]!;
            sigma[(s * l + t) * c + j] = cond.std[src]!;
          }
        }
      }
      return { mu: tf.tensor3d(mu, [b, l, c]), sigma: tf.tensor3d(sigma, [b, l, c]) };
    },
  };
}

Deno.test("the exact conditionals get KL ≈ 0; shifted ones do not", async () => {
  const src = gaussianSource({ family: 1, layers: 2, copies: 3 });
  const exact = await evaluateGaussian(oracle(2, 3), src, { samples: 8, batch: 4, seed: 1 });
  assert.ok(Math.abs(exact.klAvg!) < 1e-5, `KL ${exact.klAvg}`);
  assert.ok(exact.klPerPosition!.every((v) => Math.abs(v) < 1e-4));
  const shifted = await evaluateGaussian(oracle(2, 3, 1), src, { samples: 8, batch: 4, seed: 1 });
  assert.ok(shifted.klAvg! > 1e-2, `shifted KL ${shifted.klAvg}`);
  // NLL = KL + exact conditional entropy: with KL = 0 it equals the entropy rate, ½ln(2πe) at position 0.
  assert.ok(Math.abs(exact.nllPerPosition[0]! - 0.5 * Math.log(2 * Math.PI * Math.E)) < 1e-4);
});

Deno.test("cosine schedule: warmup, peak, floor", () => {
  const s = { peak: 1, warmup: 4, total: 20, minRatio: 0.1 };
  assert.equal(cosineLr(2, s), 0.5);
  assert.equal(cosineLr(4, s), 1);
  assert.ok(Math.abs(cosineLr(20, s) - 0.1) < 1e-12);
  assert.ok(cosineLr(12, s) < 1);
  assert.ok(cosineLr(12, s) > 0.1);
});

Deno.test("training lowers the Gaussian KL and leaks no tensors", async () => {
  const src = gaussianSource({ family: 1, layers: 2, copies: 2 });
  const model = buildModel(preset("gpt-micro", { type: "gaussian", channels: 2 }, { maxLength: 16 }), 1);
  const trainer = new Trainer(model, new GaussianTask(src, 8, 0), { steps: 30, lr: 1e-2, seed: 0 });
  await trainer.next();
  const tensors = tf.memory().numTensors;
  for (let i = 0; i < 29; i++) await trainer.next();
  assert.equal(tf.memory().numTensors, tensors);
  const first = trainer.losses.slice(0, 5).reduce((a, b) => a + b) / 5;
  const last = trainer.losses.slice(-5).reduce((a, b) => a + b) / 5;
  assert.ok(last < first, `loss ${first} → ${last}`);
  trainer.dispose();
  model.dispose();
});

Deno.test("resume: default and explicit normal position starts match", async () => {
  const dir = await Deno.makeTempDir();
  const src = gaussianSource({ family: 1, layers: 2, copies: 2 });
  const io = { type: "gaussian", channels: 2 } as const;
  const train = async (positionInit?: "normal" | "dyadic", restore = false) => {
    const model = buildModel(preset("gpt-micro", io, { maxLength: 16, positionInit }), 1);
    const trainer = new Trainer(model, new GaussianTask(src, 2, 0), { steps: 2, lr: 1e-2, seed: 0 });
    try {
      if (restore) await trainer.restore(dir);
      else {
        await trainer.next();
        await trainer.save(dir, { id: "resume-test" });
      }
    } finally {
      trainer.dispose();
      model.dispose();
    }
  };
  await train();
  await train("normal", true);
  await assert.rejects(
    () => train("dyadic", true),
    /does not match this run: positionInit: checkpoint "normal" ≠ requested "dyadic"\. Resume with/,
  );
  await Deno.remove(dir, { recursive: true });
});

Deno.test("resume rejects changed run settings", async () => {
  const dir = await Deno.makeTempDir();
  const io = { type: "gaussian", channels: 2 } as const;
  const attempt = async (family: 1 | 2, lr: number, save: boolean) => {
    const src = gaussianSource({ family, layers: 2, copies: 2 });
    const model = buildModel(preset("gpt-micro", io, { maxLength: 16 }), 1);
    const trainer = new Trainer(model, new GaussianTask(src, 2, 0), { steps: 4, lr, seed: 0 });
    try {
      if (save) {
        await trainer.next();
        await trainer.save(dir, { id: "settings-test" });
      } else await trainer.restore(dir);
    } finally {
      trainer.dispose();
      model.dispose();
    }
  };
  await attempt(1, 1e-2, true);
  await attempt(1, 1e-2, false);
  await assert.rejects(() => attempt(1, 3e-3, false), /lr: checkpoint 0\.01 ≠ requested 0\.003/);
  await assert.rejects(() => attempt(2, 1e-2, false), /task\.data: checkpoint \{[^}]*"family":1/);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("checkpoint rejects manifest without stateFile", async () => {
  const dir = await Deno.makeTempDir();
  const manifest = {
    format: "l2m-checkpoint-1",
    step: 1,
    optimizerT: 1,
    paramCount: 3,
    model: {},
    run: {},
    losses: [],
  };
  await Deno.writeTextFile(`${dir}/checkpoint.json`, JSON.stringify(manifest));
  await assert.rejects(() => loadCheckpoint(dir), (error: Error) => {
    assert.equal(error.name, "InputError");
    assert.match(error.message, /missing or invalid "stateFile"/);
    return true;
  });
  await Deno.remove(dir, { recursive: true });
});

Deno.test("diverging loss names learning rate", async () => {
  const src = gaussianSource({ family: 1, layers: 2, copies: 2 });
  const model = buildModel(preset("gpt-micro", { type: "gaussian", channels: 2 }, { maxLength: 16 }), 1);
  const trainer = new Trainer(model, new GaussianTask(src, 2, 0), { steps: 5, lr: 1e9, warmup: 1, seed: 0 });
  try {
    await assert.rejects(async () => {
      for (let i = 0; i < 5; i++) await trainer.next();
    }, (error: Error) => {
      assert.equal(error.name, "InputError");
      assert.match(error.message, /training diverged.*lower the peak learning rate/);
      return true;
    });
  } finally {
    trainer.dispose();
    model.dispose();
  }
});

Deno.test("aborted job saves and resumes exactly", async () => {
  const dir = await Deno.makeTempDir();
  const job = (checkpoint?: string, resume = false): TrainJob => ({
    id: "abort-test",
    model: preset("ssm-micro", { type: "gaussian", channels: 2 }, { maxLength: 16 }),
    data: { kind: "gaussian", family: 1, layers: 2, copies: 2 },
    steps: 6,
    batch: 2,
    lr: 1e-2,
    seed: 0,
    evalSamples: 2,
    checkpoint,
    resume,
  });
  const full = await runJob(job());
  const controller = new AbortController();
  await assert.rejects(
    () => runJob(job(`${dir}/ck`), (r) => r.step === 3 && controller.abort(), controller.signal),
    (error: Error) => {
      assert.ok(error instanceof TrainingInterrupted);
      assert.equal(error.step, 3);
      assert.equal(error.checkpoint, `${dir}/ck`);
      return true;
    },
  );
  assert.equal(JSON.parse(await Deno.readTextFile(`${dir}/ck/checkpoint.json`)).step, 3);
  const resumed = await runJob(job(`${dir}/ck`, true));
  assert.deepEqual(resumed.losses, full.losses);
  await Deno.remove(dir, { recursive: true });
});

Deno.test("text epochs visit every window once per epoch", () => {
  const windows = Array.from({ length: 5 }, (_, i) => Int32Array.of(i, i, i));
  const task = new TextTask(windows, 5, 2, 3);
  const seen = [1, 2, 3, 4, 5].flatMap((s) => task.indices(s)); // 10 = two epochs
  assert.deepEqual([...seen.slice(0, 5)].sort(), [0, 1, 2, 3, 4]);
  assert.deepEqual([...seen.slice(5)].sort(), [0, 1, 2, 3, 4]);
});

Deno.test("a run killed mid-way and resumed from its checkpoint gives the same next losses", async () => {
  const dir = await Deno.makeTempDir();
  const args = [
    "run",
    "-A",
    new URL("../../cli/l2m.ts", import.meta.url).pathname,
    "train",
    "--data",
    "gaussian",
    "--model",
    "ssm-micro",
    "--length",
    "16",
    "--copies",
    "2",
    "--steps",
    "40",
    "--batch",
    "4",
    "--lr",
    "5e-3",
    "--backend",
    "wasm",
    "--log-every",
    "1000",
  ];
  const full = await new Deno.Command(Deno.execPath(), {
    args: [...args, "--out", `${dir}/full.json`],
    stdout: "null",
    stderr: "null",
  })
    .output();
  assert.equal(full.code, 0);
  const ck = `${dir}/ck`;
  const child = new Deno.Command(Deno.execPath(), {
    args: [...args, "--checkpoint", ck, "--checkpoint-every", "2"],
    stdout: "null",
    stderr: "null",
  }).spawn();
  for (let i = 0; i < 600; i++) {
    try {
      Deno.statSync(`${ck}/checkpoint.json`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 20));
    }
  }
  child.kill("SIGKILL");
  await child.status;
  const killedAt = JSON.parse(Deno.readTextFileSync(`${ck}/checkpoint.json`)).step as number;
  assert.ok(killedAt >= 2, `checkpoint at step ${killedAt}`);
  assert.ok(killedAt < 40, `the run finished before the kill (step ${killedAt})`);
  const resumed = await new Deno.Command(Deno.execPath(), {
    args: [...args, "--checkpoint", ck, "--resume", "--out", `${dir}/resumed.json`],
    stdout: "null",
    stderr: "null",
  }).output();
  assert.equal(resumed.code, 0);
  const a = JSON.parse(Deno.readTextFileSync(`${dir}/full.json`)).losses as number[];
  const b = JSON.parse(Deno.readTextFileSync(`${dir}/resumed.json`)).losses as number[];
  assert.equal(b.length, 40);
  assert.deepEqual(b.slice(killedAt), a.slice(killedAt)); // bit-identical continuation
  await Deno.remove(dir, { recursive: true });
});

const gpu = await probeGpu();
if (!gpu.available) console.warn(`webgpu backend check skipped: ${gpu.description}`);

Deno.test({
  name: `one training step agrees on cpu, wasm${gpu.available ? ` and webgpu (${gpu.description})` : ""}`,
  fn: async () => {
    const backends = ["cpu", "wasm", ...(gpu.available ? ["webgpu" as const] : [])] as const;
    const losses: Record<string, number[]> = {};
    for (const name of backends) {
      const info = await initBackend({ prefer: name });
      assert.equal(info.name, name);
      const r = await runJob({
        id: name,
        model: preset("gpt-micro", { type: "gaussian", channels: 2 }, { maxLength: 16 }),
        data: { kind: "gaussian", family: 1, layers: 2, copies: 2 },
        steps: 2,
        batch: 2,
        lr: 1e-3,
        seed: 0,
        evalSamples: 2,
      });
      losses[name] = r.losses;
      assert.equal(r.backend, name);
    }
    await initBackend({ prefer: "wasm" });
    // Step 1 is a forward pass on identical weights; step 2 also checks the gradients and the update (Adam's
    // first step moves every weight by ≈ lr·sign(g), so float differences in tiny gradients show up there).
    for (const name of backends) {
      const [a1, a2] = losses[name]!, [c1, c2] = losses.cpu!;
      assert.ok(Math.abs(a1! - c1!) < 1e-5, `${name} step 1: ${a1} vs cpu ${c1}`);
      assert.ok(Math.abs(a2! - c2!) < 1e-3 * Math.abs(c2!), `${name} step 2: ${a2} vs cpu ${c2}`);
      assert.ok(a2! !== a1!, "the update changed the loss");
    }
  },
});

Deno.test({
  name: "webgpu backend initialises (explicitly reported when this machine has no WebGPU adapter)",
  ignore: !gpu.available,
  fn: async () => {
    const info = await initBackend({ prefer: "webgpu" });
    assert.equal(info.name, "webgpu");
    assert.equal(info.softwareGpu, gpu.software);
    await initBackend({ prefer: "wasm" });
  },
});

Deno.test("the context-free predictor N(0,1) scores the data's context-free KL", async () => {
  const src = gaussianSource({ family: 1, layers: 2, copies: 8 });
  const base = buildModel(preset("gpt-micro", { type: "gaussian", channels: 8 }, { maxLength: 16 }), 0);
  const zero: SequenceModel = {
    ...base,
    predictGaussian: (x) => ({ mu: tf.zerosLike(x), sigma: tf.onesLike(x) }),
  };
  const r = await evaluateGaussian(zero, src, { samples: 64, batch: 16, seed: 3 });
  assert.ok(
    Math.abs(r.klAvg! - src.klUnconditional) < 0.05 * src.klUnconditional,
    `${r.klAvg} vs ${src.klUnconditional}`,
  );
  base.dispose();
});

Deno.test("sweep runs jobs in Workers and returns results in job order", async () => {
  const job = (id: string, layers: number) => ({
    id,
    model: preset("ssm-micro", { type: "gaussian", channels: 2 }),
    data: { kind: "gaussian" as const, family: 1 as const, layers, copies: 2 },
    steps: 3,
    batch: 2,
    lr: 1e-3,
    seed: 0,
    evalSamples: 2,
  });
  const steps: string[] = [];
  const results = await runSweep([job("a", 2), job("b", 1)], {
    workers: 2,
    reportEvery: 1,
    onStep: (id, r) => steps.push(`${id}:${r.step}`),
  });
  assert.deepEqual(results.map((r) => r.id), ["a", "b"]);
  assert.deepEqual(results.map((r) => r.length), [16, 4]);
  assert.ok(results.every((r) => r.backend === "wasm" && r.losses.length === 3));
  assert.ok(steps.includes("a:3"));
  assert.ok(steps.includes("b:3"));
});

Deno.test("blockMeans: equal and short last blocks", () => {
  const { x, y } = blockMeans([1, 2, 3, 4, 5, 6, 7], 3);
  assert.deepEqual(x, [1.5, 4.5, 6.5]);
  assert.deepEqual(y, [2, 5, 7]);
});

Deno.test("meanBetween: fractions of the length", () => {
  const values = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
  assert.equal(meanBetween(values, 0.9, 1), 9);
  assert.equal(meanBetween(values, 0.4, 0.5), 4);
  assert.equal(meanBetween(values, 0, 1), 4.5);
});

/**
 * Benchmark of the Θ(L^γ) models: milliseconds per training step of a one-layer sparse-attention model on
 * the sub-volume Gaussian (wasm backend, one thread), and the time of the exact retained-set KL floor.
 * Prints a Markdown table. Timings depend on the machine and on anything else running on it.
 *
 *   deno run -A bench/sparse_bench.ts [--steps N]
 */
import { parseArgs } from "node:util";
import { initBackend, preset, type TransformerConfig } from "../lib/models/mod.ts";
import { retainedSetKl, runGrowthJob, sparseAttentionConfig } from "../lib/models/sparse/mod.ts";
import { subvolumeGaussian } from "../lib/gaussian/mod.ts";

const { values } = parseArgs({ args: Deno.args, options: { steps: { type: "string", default: "10" } } });
const steps = Number(values.steps);
const backend = await initBackend({ prefer: "wasm" });
const rows: string[] = [];
for (const layers of [3, 4]) {
  const length = 4 ** layers;
  const base = preset("gpt-tiny", { type: "gaussian", channels: 4 }, {
    maxLength: length,
    layers: 1,
    heads: 2,
  });
  for (const memory of ["dilated", "pooled"] as const) {
    for (const gamma of [0, 0.8, 1]) {
      const model = sparseAttentionConfig(base as TransformerConfig, {
        memory,
        gamma,
        coefficient: 1,
        window: 4,
      });
      const batch = Math.max(4, Math.round(16 * Math.min(1, 64 / length)));
      const r = await runGrowthJob({
        id: model.name,
        model,
        data: { kind: "gaussian", family: 1, layers, copies: 4 },
        steps,
        batch,
        lr: 1e-2,
        seed: 0,
        evalSamples: batch,
      });
      rows.push(
        `| train step | ${memory} | ${gamma} | ${length} | ${batch} | ${r.msPerStep.toFixed(1)} ms |`,
      );
    }
  }
}
for (const layers of [4, 5]) {
  const g = subvolumeGaussian({ family: 1, layers });
  const positions = Array.from({ length: 64 }, (_, k) => Math.floor(((k + 0.5) * g.length) / 64));
  for (const gamma of [0.8, 0.95]) {
    const t0 = performance.now();
    retainedSetKl(g, { memory: "pooled", gamma, coefficient: 1, window: 4 }, positions);
    rows.push(
      `| KL floor, 64 positions | pooled | ${gamma} | ${g.length} | — | ${
        (performance.now() - t0).toFixed(0)
      } ms |`,
    );
  }
}
console.log(`Θ(L^γ) models, backend ${backend.name}, ${steps} steps (first step excluded)\n`);
console.log("| what | memory | γ | L | batch | time |\n|---|---|---|---|---|---|");
console.log(rows.join("\n"));

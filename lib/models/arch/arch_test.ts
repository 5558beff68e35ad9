import assert from "node:assert/strict";
import { InputError } from "../../util/errors.ts";
import {
  ARCH_PRESETS,
  attendedSum,
  costTable,
  decodeFlops,
  getPreset,
  gpt2Arch,
  growthTable,
  llamaArch,
  mamba2Arch,
  mambaArch,
  paperTable,
  parameterBreakdown,
  parameterCount,
  prefillFlops,
  presetTable,
  retainedEntries,
  stateBytes,
  stateFloats,
  withAttention,
} from "./mod.ts";
import type { AttentionPattern } from "./types.ts";

const GPT2 = gpt2Arch({ layers: 12, dModel: 768, heads: 12 });

Deno.test("GPT-2 parameter counts match Hugging Face", () => {
  // Values reported by `model.num_parameters()` of the openai-community checkpoints (tied head).
  assert.equal(parameterCount(getPreset("gpt2").config), 124_439_808);
  assert.equal(parameterCount(getPreset("gpt2-medium").config), 354_823_168);
  assert.equal(parameterCount(getPreset("gpt2-large").config), 774_030_080);
  assert.equal(parameterCount(getPreset("gpt2-xl").config), 1_557_611_200);
});

Deno.test("GPT-2 small breakdown by hand", () => {
  const b = parameterBreakdown(getPreset("gpt2").config);
  assert.equal(b.embedding, 50257 * 768);
  assert.equal(b.positions, 1024 * 768);
  // LN 2·768, c_attn 768·2304 + 2304, c_proj 768·768 + 768, LN, c_fc 768·3072 + 3072, c_proj 3072·768 + 768.
  assert.equal(
    b.perLayer,
    1536 + 768 * 2304 + 2304 + 768 * 768 + 768 + 1536 + 768 * 3072 + 3072 + 3072 * 768 + 768,
  );
  assert.equal(b.head, 0);
  assert.equal(b.finalNorm, 1536);
});

Deno.test("grouped-query and sliding models", () => {
  // Meta-Llama-3-8B and Mistral-7B-v0.1 as reported by their model cards and num_parameters().
  assert.equal(parameterCount(getPreset("llama-3-8b").config), 8_030_261_248);
  assert.equal(parameterCount(getPreset("mistral-7b").config), 7_241_732_096);
  const llama = getPreset("llama-3-8b").config;
  assert.equal(stateFloats(llama, 1000), 2 * 32 * 8 * 128 * 1000);
  const mistral = getPreset("mistral-7b").config;
  assert.equal(stateFloats(mistral, 1000), 2 * 32 * 8 * 128 * 1000);
  assert.equal(stateFloats(mistral, 100_000), 2 * 32 * 8 * 128 * 4096);
});

Deno.test("Mamba parameter counts", () => {
  // mamba-130m-hf: "129M"; per layer by hand: norm 768, in_proj 768·3072, conv 1536·4 + 1536,
  // x_proj 1536·(48 + 32), dt_proj 48·1536 + 1536, A_log 1536·16, D 1536, out_proj 1536·768.
  const perLayer = 768 + 768 * 3072 + 1536 * 5 + 1536 * 80 + 48 * 1536 + 1536 + 1536 * 16 + 1536 + 1536 * 768;
  assert.equal(parameterCount(getPreset("mamba-130m").config), 50280 * 768 + 24 * perLayer + 768);
  assert.equal(parameterCount(getPreset("mamba-130m").config), 129_135_360);
  assert.equal(parameterCount(getPreset("mamba-370m").config), 371_516_416);
  const m790 = parameterCount(getPreset("mamba-790m").config);
  assert.ok(Math.abs(m790 - 793e6) < 1e6, `mamba-790m: ${m790}`);
  const m14 = parameterCount(getPreset("mamba-1.4b").config);
  assert.ok(Math.abs(m14 - 1.372e9) < 2e6, `mamba-1.4b: ${m14}`);
});

Deno.test("Mamba-2 parameter count by hand", () => {
  // mamba2-130m: d_inner 1536, 24 heads, in_proj out 2·1536 + 2·128 + 24 = 3352, conv channels 1792.
  const perLayer = 768 + 768 * 3352 + 1792 * 4 + 1792 + 3 * 24 + 1536 + 1536 * 768;
  assert.equal(parameterCount(getPreset("mamba2-130m").config), 50288 * 768 + 24 * perLayer + 768);
  const total = parameterCount(getPreset("mamba2-130m").config);
  assert.ok(total > 125e6, `mamba2-130m: ${total}`);
  assert.ok(total < 132e6, `mamba2-130m: ${total}`);
});

Deno.test("state formulas per family", () => {
  const gpt2 = getPreset("gpt2").config;
  assert.equal(stateFloats(gpt2, 1024), 2 * 12 * 12 * 64 * 1024);
  assert.equal(stateFloats(gpt2, 0), 0);
  const mamba = getPreset("mamba-130m").config;
  assert.equal(stateFloats(mamba, 1), 24 * (1536 * 16 + 1536 * 3));
  assert.equal(stateFloats(mamba, 1_000_000), stateFloats(mamba, 1));
  const mamba2 = getPreset("mamba2-130m").config;
  assert.equal(stateFloats(mamba2, 5), 24 * (1536 * 128 + 1792 * 3));
  const linear = getPreset("linear-attention-125m").config;
  assert.equal(stateFloats(linear, 7), 12 * 12 * (64 * 64 + 64));
  assert.equal(stateBytes(gpt2, 10, "float32"), 4 * stateFloats(gpt2, 10));
  assert.equal(stateBytes(gpt2, 10), 2 * stateFloats(gpt2, 10));
});

Deno.test("retained entries per pattern", () => {
  assert.equal(retainedEntries({ kind: "sliding", window: 4 }, 3), 3);
  assert.equal(retainedEntries({ kind: "sliding", window: 4 }, 9), 4);
  // Window 4 plus multiples of 3 at or before ℓ − 4 = 6: {3, 6}.
  assert.equal(retainedEntries({ kind: "strided", window: 4, stride: 3 }, 10), 6);
  assert.equal(retainedEntries({ kind: "power", gamma: 0.5, coefficient: 1, window: 2 }, 16), 6);
  assert.equal(retainedEntries({ kind: "power", gamma: 1 / 3, coefficient: 1, window: 0 }, 8), 2);
  assert.equal(retainedEntries({ kind: "power", gamma: 0.5, coefficient: 1, window: 10 }, 5), 5);
});

Deno.test("power pattern with gamma 1 is full attention", () => {
  const full = GPT2;
  const power = withAttention(full, { kind: "power", gamma: 1, coefficient: 1, window: 0 });
  for (const l of [1, 2, 17, 1000, 4096]) {
    assert.equal(stateFloats(power, l), stateFloats(full, l));
    assert.equal(decodeFlops(power, l), decodeFlops(full, l));
    assert.equal(prefillFlops(power, l), prefillFlops(full, l));
  }
});

Deno.test("attended sums equal term-by-term sums", () => {
  const patterns: AttentionPattern[] = [
    { kind: "full" },
    { kind: "sliding", window: 7 },
    { kind: "strided", window: 5, stride: 3 },
    { kind: "strided", window: 1, stride: 1 },
    { kind: "power", gamma: 0.6, coefficient: 2, window: 3 },
  ];
  for (const pattern of patterns) {
    for (const n of [0, 1, 2, 5, 6, 7, 8, 50, 101]) {
      let expected = 0;
      for (let l = 1; l <= n; l++) expected += retainedEntries(pattern, l);
      assert.equal(attendedSum(pattern, n), expected, `${JSON.stringify(pattern)} at ${n}`);
    }
  }
});

Deno.test("prefill is the sum of decode steps", () => {
  for (const preset of ARCH_PRESETS) {
    const n = 300;
    let sum = 0;
    for (let l = 1; l <= n; l++) sum += decodeFlops(preset.config, l);
    const prefill = prefillFlops(preset.config, n);
    assert.ok(Math.abs(prefill - sum) <= 1e-9 * sum, `${preset.name}: ${prefill} vs ${sum}`);
  }
});

Deno.test("GPT-2 prefill FLOPs by hand", () => {
  const c = getPreset("gpt2").config;
  // 2·(non-embedding matmul weights) + 2·d·V for logits, plus 4·layers·d per attended key.
  const matmul = 12 * (768 * 768 * 4 + 2 * 768 * 3072);
  const perToken = 2 * matmul + 2 * 768 * 50257;
  assert.equal(prefillFlops(c, 1024), 1024 * perToken + 4 * 12 * 768 * (1024 * 1025) / 2);
});

Deno.test("costs are monotone in length", () => {
  const lengths = [1, 2, 10, 100, 1000, 5000, 20000];
  for (const preset of ARCH_PRESETS) {
    for (let i = 1; i < lengths.length; i++) {
      const a = lengths[i - 1]!;
      const b = lengths[i]!;
      assert.ok(stateFloats(preset.config, b) >= stateFloats(preset.config, a), preset.name);
      assert.ok(prefillFlops(preset.config, b) > prefillFlops(preset.config, a), preset.name);
      assert.ok(decodeFlops(preset.config, b) >= decodeFlops(preset.config, a), preset.name);
    }
  }
});

Deno.test("larger presets have more parameters", () => {
  const lines = [
    ["gpt2", "gpt2-medium", "gpt2-large", "gpt2-xl"],
    ["mamba-50m", "mamba-70m", "mamba-130m", "mamba-370m", "mamba-790m", "mamba-1.4b", "mamba-2.8b"],
    ["mamba2-130m", "mamba2-370m", "mamba2-780m", "mamba2-1.3b"],
  ];
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      assert.ok(parameterCount(getPreset(line[i]!).config) > parameterCount(getPreset(line[i - 1]!).config));
    }
  }
});

Deno.test("growth exponents approach the asymptotes", () => {
  const t = growthTable(
    [getPreset("gpt2"), getPreset("mamba-130m"), getPreset("power-sparse-125m")],
    1 << 20,
    1 << 24,
  );
  const state = t.array("state_exponent") as number[];
  const time = t.array("time_exponent") as number[];
  assert.equal(state[0], 1);
  assert.ok(time[0]! > 1.99, `gpt2 time exponent ${time[0]}`);
  assert.ok(time[0]! <= 2, `gpt2 time exponent ${time[0]}`);
  assert.equal(state[1], 0);
  assert.ok(Math.abs(time[1]! - 1) < 1e-12);
  assert.ok(Math.abs(state[2]! - 0.75) < 0.01, `power state exponent ${state[2]}`);
});

Deno.test("invalid configs name the field", () => {
  const cases: [() => unknown, RegExp][] = [
    [() => gpt2Arch({ layers: 0, dModel: 768, heads: 12 }), /layers/],
    [() => gpt2Arch({ layers: 12, dModel: 768, heads: 7 }), /headDim/],
    [() => llamaArch({ layers: 2, dModel: 64, heads: 8, kvHeads: 3, ffnDim: 128, vocabSize: 10 }), /kvHeads/],
    [() => mambaArch({ layers: 2, dModel: 64, stateSize: -1 }), /stateSize/],
    [() => mamba2Arch({ layers: 2, dModel: 64, headDim: 48 }), /headDim/],
    [() => mamba2Arch({ layers: 2, dModel: 64, headDim: 16, groups: 3 }), /groups/],
    [() => withAttention(GPT2, { kind: "sliding", window: 0 }), /attention\.window/],
    [
      () => withAttention(GPT2, { kind: "power", gamma: 1.5, coefficient: 1, window: 0 }),
      /gamma/,
    ],
    [() => withAttention(GPT2, { kind: "strided", window: 4, stride: 0 }), /stride/],
    [() => stateFloats(getPreset("gpt2").config, -1), /position/],
    [() => stateFloats(getPreset("gpt2").config, 1.5), /position/],
    [() => prefillFlops(getPreset("mamba-130m").config, -3), /length/],
    [() => getPreset("gpt5"), /gpt5.*gpt2/],
    [() => stateBytes(getPreset("gpt2").config, 1, "float8" as "float16"), /dtype/],
  ];
  for (const [run, pattern] of cases) {
    assert.throws(run, (error: unknown) => error instanceof InputError && pattern.test(error.message));
  }
});

Deno.test("tables have one row per item", () => {
  const summary = presetTable(ARCH_PRESETS, [1024, 4096]);
  assert.equal(summary.numRows(), ARCH_PRESETS.length);
  assert.deepEqual(summary.columnNames().slice(-2), ["dim_z_1024", "dim_z_4096"]);
  const cost = costTable([getPreset("gpt2"), getPreset("mamba-130m")], [10, 100, 1000], "float32");
  assert.equal(cost.numRows(), 6);
  assert.equal(cost.get("state_bytes", 0), 4 * stateFloats(getPreset("gpt2").config, 10));
  assert.throws(() => costTable([getPreset("gpt2")], []), InputError);
});

Deno.test("paper tables F.1 and F.2", () => {
  const f1 = paperTable("F.1");
  // 3 GPT-2 × 3 lengths + 3 Mamba × 5 + 3 Mamba × 4 + 3 Mamba-2 × 3.
  assert.equal(f1.numRows(), 9 + 15 + 12 + 9);
  const f2 = paperTable("F.2");
  assert.equal(f2.numRows(), 12);
  // F.2 GPT-2: vocabulary 50432 and a position table as long as the trained length.
  const gpt = gpt2Arch({ layers: 12, dModel: 768, heads: 12, vocabSize: 50432, maxPositions: 8192 });
  assert.equal(f2.get("params", 1), parameterCount(gpt));
  assert.equal(f2.get("dim_z_half", 1), stateFloats(gpt, 4096));
  // F.1 swaps the token embedding for 64-channel MLPs: the Mamba-130m count drops by the embedding.
  const mamba130 = f1.objects().find((r) => (r as { model: string }).model === "Mamba-130m") as {
    params: number;
  };
  const d = 768;
  const mlps = (64 * d + d + d * d + d) + (d * d + d + d * 128 + 128);
  assert.equal(mamba130.params, 129_135_360 - 50280 * d + mlps);
});

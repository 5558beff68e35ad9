/**
 * Named configurations of published models, each with the document its numbers come from.
 *
 * Hugging Face model ids below refer to the `config.json` of that repository; the L²M paper is
 * Chen et al., "L²M: Mutual Information Scaling Law for Long-Context Language Modeling", arXiv 2503.04725
 * (Table F.1 lists layers and hidden width of the models it trains).
 *
 * @example
 * ```ts
 * import { getPreset, parameterCount } from "@l2m/models/arch/mod.ts";
 * console.assert(parameterCount(getPreset("llama-3-8b").config) === 8_030_261_248);
 * ```
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { gpt2Arch, llamaArch, mamba2Arch, mambaArch, withAttention } from "./builders.ts";
import type { ArchPreset } from "./types.ts";

const GPT2_SMALL = gpt2Arch({ layers: 12, dModel: 768, heads: 12 });

/** Every preset, in display order: Transformers, attention variants, Mamba, Mamba-2. */
export const ARCH_PRESETS: readonly ArchPreset[] = [
  {
    name: "gpt2",
    source: "openai-community/gpt2 (n_layer 12, n_embd 768, n_head 12, vocab 50257, n_positions 1024)",
    config: GPT2_SMALL,
  },
  {
    name: "gpt2-medium",
    source: "openai-community/gpt2-medium (n_layer 24, n_embd 1024, n_head 16)",
    config: gpt2Arch({ layers: 24, dModel: 1024, heads: 16 }),
  },
  {
    name: "gpt2-large",
    source: "openai-community/gpt2-large (n_layer 36, n_embd 1280, n_head 20)",
    config: gpt2Arch({ layers: 36, dModel: 1280, heads: 20 }),
  },
  {
    name: "gpt2-xl",
    source: "openai-community/gpt2-xl (n_layer 48, n_embd 1600, n_head 25)",
    config: gpt2Arch({ layers: 48, dModel: 1600, heads: 25 }),
  },
  {
    name: "llama-3-8b",
    source: "meta-llama/Meta-Llama-3-8B (32 layers, hidden 4096, 32 heads, 8 KV heads, FFN 14336, " +
      "vocab 128256, untied)",
    config: llamaArch({ layers: 32, dModel: 4096, heads: 32, kvHeads: 8, ffnDim: 14336, vocabSize: 128256 }),
  },
  {
    name: "mistral-7b",
    source: "mistralai/Mistral-7B-v0.1 (32 layers, hidden 4096, 32 heads, 8 KV heads, FFN 14336, " +
      "vocab 32000, sliding_window 4096)",
    config: llamaArch({
      layers: 32,
      dModel: 4096,
      heads: 32,
      kvHeads: 8,
      ffnDim: 14336,
      vocabSize: 32000,
      attention: { kind: "sliding", window: 4096 },
    }),
  },
  {
    name: "linear-attention-125m",
    source: "GPT-2 small with kernelised linear attention, φ(x) = elu(x) + 1 and feature dimension equal " +
      "to the head dimension (Katharopoulos et al., Transformers are RNNs, ICML 2020)",
    config: withAttention(GPT2_SMALL, { kind: "linear", featureDim: 64 }),
  },
  {
    name: "sparse-strided-125m",
    source: "GPT-2 small with the strided pattern of Child et al., Generating Long Sequences with Sparse " +
      "Transformers (2019): local window 128 plus every 128th earlier token",
    config: withAttention(GPT2_SMALL, { kind: "strided", window: 128, stride: 128 }),
  },
  {
    name: "power-sparse-125m",
    source: "GPT-2 small whose retained key/value set grows as ℓ^0.75 beyond a local window of 64 " +
      "(the Θ(L^γ) history-state family between SSMs, γ = 0, and full attention, γ = 1)",
    config: withAttention(GPT2_SMALL, { kind: "power", gamma: 0.75, coefficient: 1, window: 64 }),
  },
  {
    name: "mamba-50m",
    source: "L²M paper Table F.1 (12 layers, hidden 512; a config only, with Mamba-130m's constants)",
    config: mambaArch({ layers: 12, dModel: 512 }),
  },
  {
    name: "mamba-70m",
    source: "L²M paper Table F.1 (24 layers, hidden 512; a config only, with Mamba-130m's constants)",
    config: mambaArch({ layers: 24, dModel: 512 }),
  },
  {
    name: "mamba-130m",
    source: "state-spaces/mamba-130m-hf (24 layers, hidden 768, state 16, expand 2, conv 4, vocab 50280)",
    config: mambaArch({ layers: 24, dModel: 768 }),
  },
  {
    name: "mamba-370m",
    source: "state-spaces/mamba-370m-hf (48 layers, hidden 1024)",
    config: mambaArch({ layers: 48, dModel: 1024 }),
  },
  {
    name: "mamba-790m",
    source: "state-spaces/mamba-790m-hf (48 layers, hidden 1536)",
    config: mambaArch({ layers: 48, dModel: 1536 }),
  },
  {
    name: "mamba-1.4b",
    source: "state-spaces/mamba-1.4b-hf (48 layers, hidden 2048)",
    config: mambaArch({ layers: 48, dModel: 2048 }),
  },
  {
    name: "mamba-2.8b",
    source: "state-spaces/mamba-2.8b-hf (64 layers, hidden 2560)",
    config: mambaArch({ layers: 64, dModel: 2560 }),
  },
  // NOTE: the Mamba-2 counts follow the `mamba_ssm` Mamba2 block layer by layer, but no released
  // parameter count was available to compare them with (the Mamba-1 counts match Hugging Face's).
  {
    name: "mamba2-130m",
    source:
      "state-spaces/mamba2-130m (24 layers, d_model 768, d_state 128, headdim 64, expand 2, ngroups 1, " +
      "vocab 50277 padded to 50288)",
    config: mamba2Arch({ layers: 24, dModel: 768 }),
  },
  {
    name: "mamba2-370m",
    source: "state-spaces/mamba2-370m (48 layers, d_model 1024)",
    config: mamba2Arch({ layers: 48, dModel: 1024 }),
  },
  {
    name: "mamba2-780m",
    source: "state-spaces/mamba2-780m (48 layers, d_model 1536)",
    config: mamba2Arch({ layers: 48, dModel: 1536 }),
  },
  {
    name: "mamba2-1.3b",
    source: "state-spaces/mamba2-1.3b (48 layers, d_model 2048)",
    config: mamba2Arch({ layers: 48, dModel: 2048 }),
  },
];

/** Names of all presets, in display order. */
export const ARCH_PRESET_NAMES: readonly string[] = ARCH_PRESETS.map((p) => p.name);

/** Looks up a preset by name; the error lists the valid names. */
export function getPreset(name: string): ArchPreset {
  const found = ARCH_PRESETS.find((p) => p.name === name);
  if (!found) {
    throw new InputError(`unknown architecture preset "${name}": use one of ${ARCH_PRESET_NAMES.join(", ")}`);
  }
  return found;
}

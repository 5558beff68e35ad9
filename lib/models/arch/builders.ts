/**
 * Constructors that fill in the defaults of each model line, so a preset or a notebook states only the
 * numbers that differ (layers, width, heads).
 *
 * @example
 * ```ts
 * import { gpt2Arch, parameterCount, withAttention } from "@l2m/models/arch/mod.ts";
 * const base = gpt2Arch({ layers: 12, dModel: 768, heads: 12 });
 * const sparse = withAttention(base, { kind: "strided", window: 128, stride: 128 });
 * console.assert(parameterCount(sparse) === parameterCount(base));
 * ```
 * @module
 */
import { validateArch } from "./cost.ts";
import type { AttentionPattern, Mamba2Arch, MambaArch, TransformerArch } from "./types.ts";

/** GPT-2 vocabulary size (byte-level BPE with 50,000 merges, 256 bytes and `<|endoftext|>`). */
export const GPT2_VOCAB = 50257;

/**
 * Builds a GPT-2-style config: learned positions, LayerNorm, biases, a 4× GELU MLP, tied embeddings,
 * multi-head (not grouped) full attention.
 */
export function gpt2Arch(options: {
  layers: number;
  dModel: number;
  heads: number;
  vocabSize?: number;
  maxPositions?: number;
}): TransformerArch {
  const config: TransformerArch = {
    family: "transformer",
    layers: options.layers,
    dModel: options.dModel,
    heads: options.heads,
    kvHeads: options.heads,
    headDim: options.dModel / options.heads,
    ffnDim: 4 * options.dModel,
    ffnKind: "mlp",
    vocabSize: options.vocabSize ?? GPT2_VOCAB,
    maxPositions: options.maxPositions ?? 1024,
    norm: "layernorm",
    bias: true,
    tiedEmbeddings: true,
    attention: { kind: "full" },
  };
  validateArch(config);
  return config;
}

/**
 * Builds a Llama-style config: rotary positions (no position parameters), RMSNorm, no biases, SwiGLU FFN,
 * grouped-query attention, untied output head.
 */
export function llamaArch(options: {
  layers: number;
  dModel: number;
  heads: number;
  kvHeads: number;
  ffnDim: number;
  vocabSize: number;
  headDim?: number;
  tiedEmbeddings?: boolean;
  attention?: AttentionPattern;
}): TransformerArch {
  const config: TransformerArch = {
    family: "transformer",
    layers: options.layers,
    dModel: options.dModel,
    heads: options.heads,
    kvHeads: options.kvHeads,
    headDim: options.headDim ?? options.dModel / options.heads,
    ffnDim: options.ffnDim,
    ffnKind: "gated",
    vocabSize: options.vocabSize,
    maxPositions: 0,
    norm: "rmsnorm",
    bias: false,
    tiedEmbeddings: options.tiedEmbeddings ?? false,
    attention: options.attention ?? { kind: "full" },
  };
  validateArch(config);
  return config;
}

/** Copies a Transformer config with another attention pattern (the parameters are unchanged). */
export function withAttention(config: TransformerArch, attention: AttentionPattern): TransformerArch {
  const copy: TransformerArch = { ...config, attention: { ...attention } };
  validateArch(copy);
  return copy;
}

/**
 * Builds a Mamba-1 config with the released models' constants: state size 16, expand 2, conv kernel 4,
 * Δ rank ⌈dModel/16⌉, vocabulary 50280 (GPT-NeoX's 50277 padded to a multiple of 8), tied embeddings.
 */
export function mambaArch(options: {
  layers: number;
  dModel: number;
  stateSize?: number;
  expand?: number;
  convKernel?: number;
  dtRank?: number;
  vocabSize?: number;
}): MambaArch {
  const config: MambaArch = {
    family: "mamba",
    layers: options.layers,
    dModel: options.dModel,
    expand: options.expand ?? 2,
    stateSize: options.stateSize ?? 16,
    convKernel: options.convKernel ?? 4,
    dtRank: options.dtRank ?? Math.ceil(options.dModel / 16),
    vocabSize: options.vocabSize ?? 50280,
    tiedEmbeddings: true,
  };
  validateArch(config);
  return config;
}

/**
 * Builds a Mamba-2 config with the released models' constants: d_state 128, head dim 64, expand 2, one group,
 * conv kernel 4, vocabulary 50288 (GPT-NeoX's 50277 padded to a multiple of 16), tied embeddings.
 */
export function mamba2Arch(options: {
  layers: number;
  dModel: number;
  stateSize?: number;
  headDim?: number;
  expand?: number;
  groups?: number;
  convKernel?: number;
  vocabSize?: number;
}): Mamba2Arch {
  const config: Mamba2Arch = {
    family: "mamba2",
    layers: options.layers,
    dModel: options.dModel,
    expand: options.expand ?? 2,
    stateSize: options.stateSize ?? 128,
    headDim: options.headDim ?? 64,
    groups: options.groups ?? 1,
    convKernel: options.convKernel ?? 4,
    vocabSize: options.vocabSize ?? 50288,
    tiedEmbeddings: true,
  };
  validateArch(config);
  return config;
}

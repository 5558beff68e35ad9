/**
 * Parameter counts, recurrent-state sizes and FLOPs of Mamba-1 and Mamba-2 stacks.
 *
 * Mamba-1 (Hugging Face `MambaForCausalLM`), with d = dModel, D = expand·d, N = stateSize, k = convKernel,
 * r = dtRank, per layer:
 * RMSNorm d; in_proj d·2D; depthwise conv D·k + D; x_proj D·(r + 2N); dt_proj r·D + D; A_log D·N; skip D;
 * out_proj D·d. Mamba-130m (24 layers, d 768, V 50280, tied) gives 129,135,360.
 * State after any number of tokens: layers·(D·N + D·(k − 1)) floats (SSM state plus convolution buffer).
 *
 * Mamba-2 (`mamba_ssm` `Mamba2`), with H = D/headDim heads, G groups and conv channels C = D + 2·G·N, per
 * layer: RMSNorm d; in_proj d·(2D + 2·G·N + H); conv C·k + C; dt_bias, A_log and skip H each; gated RMSNorm D;
 * out_proj D·d. State: layers·(D·N + C·(k − 1)) floats.
 *
 * FLOPs per token and layer, besides 2× the projection weights and 2·channels·k for the convolution:
 * Mamba-1's selective scan 7·D·N + 3·D (ΔA: D·N; ΔB·x: 2·D·N; h ← Āh + B̄x: 2·D·N; y = Ch: 2·D·N; skip
 * and gate 3·D); Mamba-2's recurrence 5·D·N + 3·D (scalar decay, outer product and add: 3·D·N; y = hC:
 * 2·D·N). Prefill is counted in recurrent form (L times the per-token cost); the chunked scans used for
 * training do somewhat more work with better parallelism.
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { requireNonNegativeInteger, requirePositiveInteger } from "./attention.ts";
import { gaussianHeadParameters, headFlopsPerToken, type ParameterBreakdown } from "./transformer.ts";
import type { HeadKind, Mamba2Arch, MambaArch } from "./types.ts";

function validateCommon(config: MambaArch | Mamba2Arch): void {
  requirePositiveInteger("layers", config.layers);
  requirePositiveInteger("dModel", config.dModel);
  requirePositiveInteger("expand", config.expand);
  requirePositiveInteger("stateSize", config.stateSize);
  requirePositiveInteger("convKernel", config.convKernel);
  requirePositiveInteger("vocabSize", config.vocabSize);
}

/** Checks every field of a Mamba-1 config, throwing an `InputError` that names the invalid one. */
export function validateMamba(config: MambaArch): void {
  validateCommon(config);
  requirePositiveInteger("dtRank", config.dtRank);
}

/** Checks every field of a Mamba-2 config, throwing an `InputError` that names the invalid one. */
export function validateMamba2(config: Mamba2Arch): void {
  validateCommon(config);
  requirePositiveInteger("headDim", config.headDim);
  requirePositiveInteger("groups", config.groups);
  const inner = config.expand * config.dModel;
  if (inner % config.headDim !== 0) {
    throw new InputError(
      `invalid headDim = ${config.headDim}: it must divide expand·dModel = ${inner} (the number of heads)`,
    );
  }
  const heads = inner / config.headDim;
  if (heads % config.groups !== 0) {
    throw new InputError(`invalid groups = ${config.groups}: it must divide the number of heads ${heads}`);
  }
}

function wrap(
  config: MambaArch | Mamba2Arch,
  perLayer: number,
  head: HeadKind,
): ParameterBreakdown {
  const d = config.dModel;
  let embedding: number;
  let headParams: number;
  if (head.kind === "tokens") {
    embedding = config.vocabSize * d;
    headParams = config.tiedEmbeddings ? 0 : config.vocabSize * d;
  } else {
    const mlp = gaussianHeadParameters(d, head.channels);
    embedding = mlp.input;
    headParams = mlp.output;
  }
  const blocks = config.layers * perLayer;
  return {
    embedding,
    positions: 0,
    blocks,
    perLayer,
    finalNorm: d,
    head: headParams,
    total: embedding + blocks + d + headParams,
  };
}

/** Weights of the matrix products in one Mamba-1 block. */
function mambaMatmulWeights(c: MambaArch): number {
  const d = c.dModel;
  const inner = c.expand * d;
  return d * 2 * inner + inner * (c.dtRank + 2 * c.stateSize) + c.dtRank * inner + inner * d;
}

/** Parameter count of a Mamba-1 stack, by part. */
export function mambaParameters(config: MambaArch, head: HeadKind = { kind: "tokens" }): ParameterBreakdown {
  validateMamba(config);
  const c = config;
  const inner = c.expand * c.dModel;
  const conv = inner * c.convKernel + inner;
  const dtBias = inner;
  const aLogAndSkip = inner * c.stateSize + inner;
  const perLayer = c.dModel + mambaMatmulWeights(c) + conv + dtBias + aLogAndSkip;
  return wrap(c, perLayer, head);
}

/** Recurrent-state floats of a Mamba-1 stack; the same at every position. */
export function mambaStateFloats(config: MambaArch, position: number): number {
  validateMamba(config);
  requireNonNegativeInteger("position", position);
  const inner = config.expand * config.dModel;
  return config.layers * (inner * config.stateSize + inner * (config.convKernel - 1));
}

/** FLOPs per generated token of a Mamba-1 stack; the same at every position. */
export function mambaDecodeFlops(config: MambaArch, head: HeadKind = { kind: "tokens" }): number {
  validateMamba(config);
  const c = config;
  const inner = c.expand * c.dModel;
  const perLayer = 2 * mambaMatmulWeights(c) + 2 * inner * c.convKernel + 7 * inner * c.stateSize + 3 * inner;
  return c.layers * perLayer + headFlopsPerToken(c.dModel, c.vocabSize, head);
}

function mamba2Shapes(c: Mamba2Arch): { inner: number; heads: number; convChannels: number; inProj: number } {
  const inner = c.expand * c.dModel;
  const heads = inner / c.headDim;
  const convChannels = inner + 2 * c.groups * c.stateSize;
  return { inner, heads, convChannels, inProj: 2 * inner + 2 * c.groups * c.stateSize + heads };
}

/** Parameter count of a Mamba-2 stack, by part. */
export function mamba2Parameters(
  config: Mamba2Arch,
  head: HeadKind = { kind: "tokens" },
): ParameterBreakdown {
  validateMamba2(config);
  const c = config;
  const s = mamba2Shapes(c);
  const perLayer = c.dModel + c.dModel * s.inProj + (s.convChannels * c.convKernel + s.convChannels) +
    3 * s.heads + s.inner + s.inner * c.dModel;
  return wrap(c, perLayer, head);
}

/** Recurrent-state floats of a Mamba-2 stack; the same at every position. */
export function mamba2StateFloats(config: Mamba2Arch, position: number): number {
  validateMamba2(config);
  requireNonNegativeInteger("position", position);
  const s = mamba2Shapes(config);
  return config.layers * (s.inner * config.stateSize + s.convChannels * (config.convKernel - 1));
}

/** FLOPs per generated token of a Mamba-2 stack; the same at every position. */
export function mamba2DecodeFlops(config: Mamba2Arch, head: HeadKind = { kind: "tokens" }): number {
  validateMamba2(config);
  const c = config;
  const s = mamba2Shapes(c);
  const projections = 2 * (c.dModel * s.inProj + s.inner * c.dModel);
  const perLayer = projections + 2 * s.convChannels * c.convKernel + 5 * s.inner * c.stateSize + 3 * s.inner;
  return c.layers * perLayer + headFlopsPerToken(c.dModel, c.vocabSize, head);
}

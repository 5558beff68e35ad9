/**
 * Parameter counts, KV-cache sizes and FLOPs of decoder-only Transformers (GPT-2, Llama, Mistral and the
 * sparse and linear attention variants), from {@link TransformerArch}.
 *
 * Per layer, with d = dModel, h = heads, g = kvHeads, e = headDim, f = ffnDim:
 * - attention weights d·h·e (Q) + 2·d·g·e (K, V) + h·e·d (output), plus h·e + 2·g·e + d biases when `bias`;
 * - FFN weights 2·d·f (`mlp`) or 3·d·f (`gated`), plus f + d biases (`mlp`) or 2·f + d (`gated`);
 * - two norms of 2·d (`layernorm`) or d (`rmsnorm`) parameters.
 * Around the blocks: token embedding V·d, learned positions P·d, a final norm, and an output head V·d
 * unless tied. GPT-2 small (12 layers, d 768, V 50257, P 1024) gives 124,439,808.
 *
 * KV cache after ℓ tokens: 2·layers·g·e·r(ℓ) floats, with r(ℓ) the retained entries of the pattern.
 * Linear attention keeps layers·g·(F·e + F) floats (state matrix and normaliser, F = featureDim).
 * @module
 */
import { InputError } from "../../util/errors.ts";
import {
  attendedSum,
  requireNonNegativeInteger,
  requirePositiveInteger,
  retainedEntries,
  validatePattern,
} from "./attention.ts";
import type { HeadKind, TransformerArch } from "./types.ts";

/** Parameters by part of the network; `total` is their sum. */
export interface ParameterBreakdown {
  /** Token embedding, or the input MLP for real-valued inputs. */
  embedding: number;
  /** Learned absolute position table. */
  positions: number;
  /** All repeated blocks together. */
  blocks: number;
  /** One block. */
  perLayer: number;
  finalNorm: number;
  /** Untied output projection, or the output MLP for real-valued outputs (0 when tied). */
  head: number;
  total: number;
}

/** Counts the parameters of the real-valued input and output MLPs of the L²M paper's Gaussian runs. */
export function gaussianHeadParameters(dModel: number, channels: number): { input: number; output: number } {
  requirePositiveInteger("head.channels", channels);
  const d = dModel;
  return {
    input: channels * d + d + d * d + d,
    output: d * d + d + d * 2 * channels + 2 * channels,
  };
}

/** Multiply-add FLOPs per token of the input and output layers (an embedding look-up costs none). */
export function headFlopsPerToken(dModel: number, vocabSize: number, head: HeadKind): number {
  if (head.kind === "tokens") return 2 * dModel * vocabSize;
  const d = dModel;
  const c = head.channels;
  return 2 * (c * d + d * d) + 2 * (d * d + d * 2 * c);
}

/** Checks every field, throwing an `InputError` that names the invalid one. */
export function validateTransformer(config: TransformerArch): void {
  requirePositiveInteger("layers", config.layers);
  requirePositiveInteger("dModel", config.dModel);
  requirePositiveInteger("heads", config.heads);
  requirePositiveInteger("kvHeads", config.kvHeads);
  requirePositiveInteger("headDim", config.headDim);
  requirePositiveInteger("ffnDim", config.ffnDim);
  requirePositiveInteger("vocabSize", config.vocabSize);
  requireNonNegativeInteger("maxPositions", config.maxPositions);
  if (config.heads % config.kvHeads !== 0) {
    throw new InputError(
      `invalid kvHeads = ${config.kvHeads}: it must divide heads = ${config.heads} (grouped-query attention)`,
    );
  }
  if (config.ffnKind !== "mlp" && config.ffnKind !== "gated") {
    throw new InputError(`invalid ffnKind "${config.ffnKind}": use "mlp" or "gated"`);
  }
  if (config.norm !== "layernorm" && config.norm !== "rmsnorm") {
    throw new InputError(`invalid norm "${config.norm}": use "layernorm" or "rmsnorm"`);
  }
  validatePattern(config.attention);
}

/** Weights of the matrix products in one block (no biases, no norms): the per-token FLOPs are twice this. */
function blockMatmulWeights(c: TransformerArch): number {
  const d = c.dModel;
  const attention = d * c.heads * c.headDim + 2 * d * c.kvHeads * c.headDim + c.heads * c.headDim * d;
  const ffn = (c.ffnKind === "gated" ? 3 : 2) * d * c.ffnDim;
  return attention + ffn;
}

/** Parameter count of a Transformer, by part. */
export function transformerParameters(
  config: TransformerArch,
  head: HeadKind = { kind: "tokens" },
): ParameterBreakdown {
  validateTransformer(config);
  const c = config;
  const d = c.dModel;
  const normSize = c.norm === "layernorm" ? 2 * d : d;
  let biases = 0;
  if (c.bias) {
    biases = c.heads * c.headDim + 2 * c.kvHeads * c.headDim + d;
    biases += c.ffnKind === "gated" ? 2 * c.ffnDim + d : c.ffnDim + d;
  }
  const perLayer = blockMatmulWeights(c) + biases + 2 * normSize;

  let embedding: number;
  let headParams: number;
  if (head.kind === "tokens") {
    embedding = c.vocabSize * d;
    headParams = c.tiedEmbeddings ? 0 : c.vocabSize * d;
  } else {
    const mlp = gaussianHeadParameters(d, head.channels);
    embedding = mlp.input;
    headParams = mlp.output;
  }
  const positions = c.maxPositions * d;
  const blocks = c.layers * perLayer;
  const total = embedding + positions + blocks + normSize + headParams;
  return { embedding, positions, blocks, perLayer, finalNorm: normSize, head: headParams, total };
}

/** Floats of history state after `position` tokens: the KV cache, or the linear-attention state. */
export function transformerStateFloats(config: TransformerArch, position: number): number {
  validateTransformer(config);
  const c = config;
  const pattern = c.attention;
  if (pattern.kind === "linear") {
    requireNonNegativeInteger("position", position);
    return c.layers * c.kvHeads * (pattern.featureDim * c.headDim + pattern.featureDim);
  }
  return 2 * c.layers * c.kvHeads * c.headDim * retainedEntries(pattern, position);
}

/** FLOPs per token that do not depend on the position: dense layers, the head, and linear-attention state. */
function positionFreeFlops(c: TransformerArch, head: HeadKind): number {
  let flops = c.layers * 2 * blockMatmulWeights(c) + headFlopsPerToken(c.dModel, c.vocabSize, head);
  const pattern = c.attention;
  if (pattern.kind === "linear") {
    const f = pattern.featureDim;
    const e = c.headDim;
    // Per KV head: S += φ(k)vᵀ and z += φ(k). Per query head: φ(q)ᵀS and the normaliser φ(q)·z.
    flops += c.layers * (c.kvHeads * (2 * f * e + f) + c.heads * (2 * f * e + 2 * f));
  }
  return flops;
}

/** FLOPs per attended key in all layers: q·k and the weighted sum of v, for every query head. */
function flopsPerAttendedEntry(c: TransformerArch): number {
  return c.layers * 4 * c.heads * c.headDim;
}

/** FLOPs to generate one token at `position` (attending to the entries retained after it is appended). */
export function transformerDecodeFlops(
  config: TransformerArch,
  position: number,
  head: HeadKind = { kind: "tokens" },
): number {
  validateTransformer(config);
  requirePositiveInteger("position", position);
  const attended = retainedEntries(config.attention, position);
  return positionFreeFlops(config, head) + flopsPerAttendedEntry(config) * attended;
}

/**
 * FLOPs to process a context of `length` tokens in one causal forward pass with logits at every
 * position: the sum of the per-token costs, counting only the query–key pairs the pattern scores.
 */
export function transformerPrefillFlops(
  config: TransformerArch,
  length: number,
  head: HeadKind = { kind: "tokens" },
): number {
  validateTransformer(config);
  requireNonNegativeInteger("length", length);
  return length * positionFreeFlops(config, head) +
    flopsPerAttendedEntry(config) * attendedSum(config.attention, length);
}

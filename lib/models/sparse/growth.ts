/**
 * History-state size and cost of the Θ(L^γ) models: the sparse-attention Transformers of
 * `attention_model.ts` (exact counts from `patterns.ts`) and SSM series whose state size N grows as L^γ.
 *
 * dim z counts floats after n entries: 2 · layers · hidden · retained(n) for attention (a key and a value
 * per retained entry and layer); layers · E · (N + convKernel − 1) for the SSM (see `historyStateSize`).
 *
 * @example
 * ```ts
 * import { preset } from "@l2m/models/config.ts";
 * import { scaledSsmConfig, sparseAttentionConfig, sparseStateFloats } from "@l2m/models/sparse/mod.ts";
 * const base = preset("gpt-micro", { type: "gaussian", channels: 4 }, { maxLength: 256 });
 * if (base.kind !== "transformer") throw new Error("unreachable");
 * const full = sparseAttentionConfig(base, { memory: "dilated", gamma: 1, coefficient: 1, window: 4 });
 * console.assert(sparseStateFloats(full, 100) === 2 * 1 * 16 * 100);
 * const ssm = preset("ssm-micro", { type: "gaussian", channels: 4 });
 * if (ssm.kind !== "ssm") throw new Error("unreachable");
 * console.assert(scaledSsmConfig(ssm, { gamma: 0.5, coefficient: 1, length: 256 }).stateSize === 16);
 * ```
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { decodeFlops, type HeadKind } from "../arch/mod.ts";
import { historyStateSize, type ModelConfig, type SsmConfig, toArch } from "../config.ts";
import type { SparseAttentionConfig } from "./attention_model.ts";
import { attendedCount, retainedCount } from "./patterns.ts";

/** Any model the Θ(L^γ) experiments train: a dense config from `config.ts` or a sparse-attention one. */
export type GrowthModelConfig = ModelConfig | SparseAttentionConfig;

/** History-state floats of a sparse-attention model after `n` entries (BOS included). */
export function sparseStateFloats(config: SparseAttentionConfig, n: number): number {
  return 2 * config.base.layers * config.base.hidden * retainedCount(config.pattern, n);
}

/** History-state floats of any growth-experiment model after `n` entries. */
export function growthStateFloats(config: GrowthModelConfig, n: number): number {
  return config.kind === "sparse-attention" ? sparseStateFloats(config, n) : historyStateSize(config, n);
}

function headOf(config: ModelConfig): HeadKind {
  return toArch(config).head;
}

/**
 * FLOPs to produce the prediction at 0-based index `t`, as a sparse kernel would run it: the dense
 * layers and heads, 4·hidden·layers per attended entry, and for pooled memory 4·hidden·layers to add
 * the new key and value to the running block sums.
 */
export function sparseDecodeFlops(config: SparseAttentionConfig, t: number): number {
  if (!Number.isSafeInteger(t) || t < 0) throw new InputError(`invalid index ${t}: expected an integer ≥ 0`);
  const { arch, head } = toArch(config.base);
  const perEntry = 4 * config.base.layers * config.base.hidden;
  const positionFree = decodeFlops(arch, 1, head) - perEntry; // full attention at position 1 reads 1 entry
  const pooling = config.pattern.memory === "pooled" ? perEntry : 0;
  return positionFree + pooling + perEntry * attendedCount(config.pattern, t);
}

/** FLOPs of a causal forward pass over `length` entries with a prediction at each (sum of decode costs). */
export function growthPrefillFlops(config: GrowthModelConfig, length: number): number {
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new InputError(`invalid length ${length}: expected a positive integer`);
  }
  if (config.kind === "sparse-attention") {
    let total = 0;
    for (let t = 0; t < length; t++) total += sparseDecodeFlops(config, t);
    return total;
  }
  const { arch } = toArch(config);
  let total = 0;
  for (let t = 1; t <= length; t++) total += decodeFlops(arch, t, headOf(config));
  return total;
}

/** How an SSM's state size N scales with the trained length L. */
export interface SsmScaling {
  /** Exponent γ of N ∝ L^γ. */
  gamma: number;
  /** N = max(1, round(coefficient · L^γ)). */
  coefficient: number;
  /** Sequence length the model is built for. */
  length: number;
}

/**
 * Returns the member of an SSM series built for length L: `base` with state size
 * N = max(1, round(c·L^γ)), so dim z = layers·E·(N + convKernel − 1) grows as L^γ across the series.
 */
export function scaledSsmConfig(base: SsmConfig, scaling: SsmScaling): SsmConfig {
  const { gamma, coefficient, length } = scaling;
  if (!Number.isFinite(gamma) || gamma < 0 || gamma > 1) {
    throw new InputError(`invalid gamma = ${gamma}: expected a number in [0, 1]`);
  }
  if (!(coefficient > 0) || !Number.isFinite(coefficient)) {
    throw new InputError(`invalid coefficient = ${coefficient}: expected a number > 0`);
  }
  if (!Number.isSafeInteger(length) || length < 1) {
    throw new InputError(`invalid length = ${length}: expected a positive integer`);
  }
  const stateSize = Math.max(1, Math.round(coefficient * length ** gamma));
  return { ...base, name: `${base.name}-N${stateSize}`, stateSize };
}

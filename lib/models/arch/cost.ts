/**
 * One entry point per quantity for any {@link ArchConfig}: parameter count, history-state size, state
 * bytes, prefill FLOPs and per-token decode FLOPs. Conventions (position counting, what a FLOP is) are
 * stated in `types.ts`.
 *
 * @example
 * ```ts
 * import { getPreset, parameterCount, stateFloats } from "@l2m/models/arch/mod.ts";
 * const gpt2 = getPreset("gpt2").config;
 * console.assert(parameterCount(gpt2) === 124_439_808);
 * console.assert(stateFloats(gpt2, 1024) === 2 * 12 * 768 * 1024);
 * ```
 * @module
 */
import { InputError } from "../../util/errors.ts";
import { requireNonNegativeInteger, requirePositiveInteger } from "./attention.ts";
import {
  mamba2DecodeFlops,
  mamba2Parameters,
  mamba2StateFloats,
  mambaDecodeFlops,
  mambaParameters,
  mambaStateFloats,
  validateMamba,
  validateMamba2,
} from "./mamba.ts";
import {
  type ParameterBreakdown,
  transformerDecodeFlops,
  transformerParameters,
  transformerPrefillFlops,
  transformerStateFloats,
  validateTransformer,
} from "./transformer.ts";
import { type ArchConfig, type ArchFamily, type Dtype, DTYPE_BYTES, type HeadKind } from "./types.ts";

/** Checks a config of any family, throwing an `InputError` that names the invalid field. */
export function validateArch(config: ArchConfig): void {
  switch (config.family) {
    case "transformer":
      return validateTransformer(config);
    case "mamba":
      return validateMamba(config);
    case "mamba2":
      return validateMamba2(config);
    default:
      throw new InputError(
        `invalid family "${(config as { family: string }).family}": use transformer, mamba or mamba2`,
      );
  }
}

/** Returns the coarse family of a config, with one label per attention pattern. */
export function archFamily(config: ArchConfig): ArchFamily {
  validateArch(config);
  if (config.family !== "transformer") return config.family;
  switch (config.attention.kind) {
    case "full":
      return "attention";
    case "sliding":
      return "sliding-window";
    case "strided":
      return "strided-sparse";
    case "power":
      return "power-sparse";
    case "linear":
      return "linear-attention";
  }
}

/** Parameters by part of the network. */
export function parameterBreakdown(
  config: ArchConfig,
  head: HeadKind = { kind: "tokens" },
): ParameterBreakdown {
  switch (config.family) {
    case "transformer":
      return transformerParameters(config, head);
    case "mamba":
      return mambaParameters(config, head);
    case "mamba2":
      return mamba2Parameters(config, head);
    default:
      validateArch(config);
      throw new Error("unreachable");
  }
}

/** Total trainable parameters. */
export function parameterCount(config: ArchConfig, head: HeadKind = { kind: "tokens" }): number {
  return parameterBreakdown(config, head).total;
}

/**
 * History-state size dim z in floats after `position` tokens: the KV cache for attention, the recurrent
 * state (plus convolution buffer) for SSMs, the state matrices for linear attention.
 */
export function stateFloats(config: ArchConfig, position: number): number {
  switch (config.family) {
    case "transformer":
      return transformerStateFloats(config, position);
    case "mamba":
      return mambaStateFloats(config, position);
    case "mamba2":
      return mamba2StateFloats(config, position);
    default:
      validateArch(config);
      throw new Error("unreachable");
  }
}

/** History-state bytes after `position` tokens with elements stored as `dtype` (default float16). */
export function stateBytes(config: ArchConfig, position: number, dtype: Dtype = "float16"): number {
  const bytes = DTYPE_BYTES[dtype];
  if (bytes === undefined) {
    throw new InputError(`invalid dtype "${dtype}": use one of ${Object.keys(DTYPE_BYTES).join(", ")}`);
  }
  return stateFloats(config, position) * bytes;
}

/** FLOPs to generate the token at `position` (1-based), given the state of the tokens before it. */
export function decodeFlops(
  config: ArchConfig,
  position: number,
  head: HeadKind = { kind: "tokens" },
): number {
  switch (config.family) {
    case "transformer":
      return transformerDecodeFlops(config, position, head);
    case "mamba":
      requirePositiveInteger("position", position);
      return mambaDecodeFlops(config, head);
    case "mamba2":
      requirePositiveInteger("position", position);
      return mamba2DecodeFlops(config, head);
    default:
      validateArch(config);
      throw new Error("unreachable");
  }
}

/** FLOPs of one causal forward pass over `length` tokens with logits at every position. */
export function prefillFlops(
  config: ArchConfig,
  length: number,
  head: HeadKind = { kind: "tokens" },
): number {
  switch (config.family) {
    case "transformer":
      return transformerPrefillFlops(config, length, head);
    case "mamba":
      requireNonNegativeInteger("length", length);
      return length * mambaDecodeFlops(config, head);
    case "mamba2":
      requireNonNegativeInteger("length", length);
      return length * mamba2DecodeFlops(config, head);
    default:
      validateArch(config);
      throw new Error("unreachable");
  }
}

/** Returns hidden width × layers, the L²M paper's proxy for an SSM's state size in its KL collapse plot. */
export function hiddenTimesLayers(config: ArchConfig): number {
  validateArch(config);
  return config.dModel * config.layers;
}
